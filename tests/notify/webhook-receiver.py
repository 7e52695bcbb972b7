#!/usr/bin/env python3
"""A webhook receiver for tests/unit/test-outbox.c, standard library only.

    webhook-receiver.py SECRET_HEX OUTFILE [PORT]

Listens on 127.0.0.1:PORT (0 or absent: a free port), prints the port on one line, and answers each POST after
checking X-CVD-Signature (t=<unix>,v1=<hex of HMAC-SHA256(secret, t "." body)>, within 300 s
of now) independently of cvd's code: 204 when valid, 401 if not. Each request appends one JSON
line to OUTFILE: {"verdict": "valid"|"bad", "path": ..., "body": <the body as text>}.
Stops on SIGTERM.
"""
import hashlib
import hmac
import http.server
import json
import signal
import sys
import time

SECRET = bytes.fromhex(sys.argv[1])
OUT = sys.argv[2]


class Receiver(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n < 0 or n > 1 << 20:
            self.send_response(413)
            self.end_headers()
            return
        body = self.rfile.read(n)
        sig = self.headers.get("X-CVD-Signature", "")
        verdict = "bad"
        try:
            parts = dict(p.split("=", 1) for p in sig.split(","))
            t = int(parts["t"])
            want = hmac.new(SECRET, str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
            if abs(time.time() - t) <= 300 and hmac.compare_digest(want, parts["v1"]):
                verdict = "valid"
        except (ValueError, KeyError):
            pass
        with open(OUT, "a") as f:
            f.write(json.dumps({"verdict": verdict, "path": self.path,
                                "body": body.decode("utf-8", "replace")}) + "\n")
        self.send_response(204 if verdict == "valid" else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()


class Server(http.server.HTTPServer):
    allow_reuse_address = True


server = Server(("127.0.0.1", int(sys.argv[3]) if len(sys.argv) > 3 else 0), Receiver)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(server.server_address[1], flush=True)
server.serve_forever()
