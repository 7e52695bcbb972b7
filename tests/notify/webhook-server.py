#!/usr/bin/env python3
"""A webhook receiver for tests/unit/test-notify.c, standard library only.

    webhook-server.py SECRET_HEX OUTFILE

Listens on a free port of 127.0.0.1, prints it on one line, and answers each POST:
  /status/<n>  with status n (after reading the request);
  anything else: checks X-CVD-Signature (t=<unix>,v1=<hex of HMAC-SHA256(secret, t "." body)>,
               within 300 s of now) independently of cvd's code: 204 when valid, 401 if not.
Each request appends one line to OUTFILE: "<path> <verdict> <content-type> <signature>".
Stops on SIGTERM.
"""
import hashlib
import hmac
import http.server
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
            f.write("%s %s %s %s\n" % (self.path, verdict,
                                       self.headers.get("Content-Type", "-"), sig or "-"))
        if self.path.startswith("/status/"):
            code = int(self.path[len("/status/"):])
        else:
            code = 204 if verdict == "valid" else 401
        self.send_response(code)
        if code >= 300 and code < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(server.server_address[1], flush=True)
server.serve_forever()
