"""Shared by the HTTP suites (tests/http/test_*.py): a real `cvd serve` on 127.0.0.1:0 over a
temporary database set up with the CLI, and a small HTTP client (cookies, CSRF, bearer tokens,
a chosen source address) on the standard library only.

Every suite is a unittest module: setUpModule starts a Hub, tearDownModule stops it with SIGTERM
and fails when the server does not exit 0 (under ASan, a leak makes it exit non-zero).

Public intake is rate-limited per client address (burst 5). Linux routes all of 127.0.0.0/8 to
the loopback interface, so each Client may bind its own source address (127.0.x.y):
`Client(hub.url, fresh_ip())` is a new client as far as the rate limiter and the login throttle
can tell, with no need for --trust-proxy.
"""

import base64
import hashlib
import http.client
import itertools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

CVD = os.environ.get("CVD")
PASSWORD = "correct horse battery staple"
ORG = "Test CSIRT"
VENDOR_ORG = "Acme Vendor"
ADMIN_EMAIL = "admin@csirt.example"
COORD_EMAIL = "coord@csirt.example"
VENDOR_EMAIL = "dev@acme.example"

TRACKING_RE = re.compile(r"^R-\d{4}-\d{6,12}$")
CASE_RE = re.compile(r"^CVD-\d{4}-\d{4,12}$")
FOLLOW_UP_RE = re.compile(r"/follow-up/(cvd_fu_[A-Za-z0-9_-]{43})$")

ENV = dict(os.environ, CVD_PASSWORD_COST="min")

_ip_counter = itertools.count(2)
_ip_lock = threading.Lock()


def fresh_ip():
    """A source address on the loopback no other client of this process has used."""
    with _ip_lock:
        n = next(_ip_counter)
        while n & 255 in (0, 255):
            n = next(_ip_counter)
    # 127.1.0.2 upwards; 127.0.0.1 is left to the clients that do not ask for one.
    return "127.%d.%d.%d" % (1 + (n >> 16) % 254, (n >> 8) & 255, n & 255)


def need_binary():
    if not CVD or not os.access(CVD, os.X_OK):
        print("CVD does not name the cvd binary: skipped")
        sys.exit(77)


def cli(*args, stdin=None, check=True):
    """Run `cvd ARGS`; returns the CompletedProcess (text)."""
    p = subprocess.run([CVD, *args], input=stdin, capture_output=True, text=True, env=ENV,
                       timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("cvd %s: exit %d\n%s%s" % (" ".join(args), p.returncode, p.stdout,
                                                        p.stderr))
    return p


class Hub:
    """A database with a coordinator organisation (admin + one coordinator) and a vendor
    organisation (one user), and a `cvd serve` on it."""

    def __init__(self, serve_args=(), setup=True):
        self.tmp = tempfile.mkdtemp(prefix="cvd-http-")
        self.db = os.path.join(self.tmp, "cvd.db")
        self.serve_args = list(serve_args)
        self.proc = None
        self.url = None
        self.log_path = os.path.join(self.tmp, "serve.log")
        self.starts = 0
        if setup:
            cli("init", "--org", ORG, "--email", ADMIN_EMAIL, "--name", "Ada Admin",
                "--password-stdin", "--db", self.db, stdin=PASSWORD + "\n")
            cli("user", "add", COORD_EMAIL, "--name", "Carl Coordinator", "--org", ORG,
                "--password-stdin", "--db", self.db, stdin=PASSWORD + "\n")
            cli("org", "add", VENDOR_ORG, "--kind", "vendor", "--db", self.db)
            cli("user", "add", VENDOR_EMAIL, "--name", "Vera Vendor", "--org", VENDOR_ORG,
                "--password-stdin", "--db", self.db, stdin=PASSWORD + "\n")

    def start(self, timeout=20):
        assert self.proc is None
        self.starts += 1
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [CVD, "serve", "--listen", "127.0.0.1:0", "--db", self.db,
             "--instance-name", "Test CSIRT", *self.serve_args],
            stdout=subprocess.PIPE, stderr=log, env=ENV)
        log.close()
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                break
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                ch = os.read(self.proc.stdout.fileno(), 1)
                if not ch:
                    break
                line += ch
        url = line.decode().strip()
        if not re.match(r"^http://127\.0\.0\.1:\d+$", url):
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            raise AssertionError("cvd serve did not print its URL (got %r); log:\n%s"
                                 % (url, self.log_tail()))
        self.url = url
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        return url

    def log_tail(self, n=4000):
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()
            return data[-n:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout=20):
        """SIGTERM; returns the exit status."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "timeout"
        self.proc.stdout.close()
        self.proc = None
        return rc

    def kill(self):
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.proc = None

    def cleanup(self):
        self.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Resp:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        """The first header of that name (case-insensitive), or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise AssertionError("not JSON (%s): %r" % (e, self.body[:500]))

    def __repr__(self):
        return "<%d %s: %r>" % (self.status, self.header("Content-Type"), self.body[:600])


class Client:
    """One user agent: its own source address (optional), cookie jar, CSRF token, bearer."""

    def __init__(self, url, source_ip=None):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.url = url
        self.source_ip = source_ip
        self.cookies = {}
        self.csrf = None
        self.bearer = None

    def raw(self, method, path, body=None, headers=None, timeout=30):
        """One request on a new connection; cookies sent and kept. Returns a Resp."""
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        src = (self.source_ip, 0) if self.source_ip else None
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout,
                                          source_address=src)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            resp = Resp(r.status, r.reason, r.getheaders(), data)
        finally:
            conn.close()
        for v in resp.header_all("Set-Cookie"):
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            attrs = rest.lower()
            if "max-age=0" in attrs or value == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return resp

    def get(self, path, headers=None):
        return self.raw("GET", path, headers=headers)

    def json(self, method, path, obj=None, headers=None, csrf=True):
        """A JSON request; with a session, the CSRF token goes in X-CSRF-Token unless
        csrf=False (or a str: that token)."""
        h = {"Content-Type": "application/json", "Accept": "application/json"}
        if isinstance(csrf, str):
            h["X-CSRF-Token"] = csrf
        elif csrf and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        body = None if obj is None else json.dumps(obj).encode()
        if body is None and method in ("POST", "PUT", "PATCH"):
            body = b"{}"
        return self.raw(method, path, body=body, headers=h)

    def form(self, path, fields, headers=None):
        """An urlencoded form post (fields: dict or list of pairs)."""
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.raw("POST", path, body=urllib.parse.urlencode(fields).encode(), headers=h)

    def multipart(self, path, fields, files=(), headers=None):
        """A multipart/form-data post: fields (pairs), files (name, filename, type, bytes)."""
        boundary = "----cvdtest" + hashlib.sha256(os.urandom(8)).hexdigest()[:24]
        parts = []
        items = fields.items() if isinstance(fields, dict) else fields
        for k, v in items:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                          % (boundary, k)).encode() + str(v).encode() + b"\r\n")
        for name, filename, ctype, data in files:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                          "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                          % (boundary, name, filename, ctype)).encode() + data + b"\r\n")
        body = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        h = {"Content-Type": "multipart/form-data; boundary=" + boundary}
        h.update(headers or {})
        return self.raw("POST", path, body=body, headers=h)

    # ---- the API's sign-in paths ----

    def login(self, email=COORD_EMAIL, password=PASSWORD):
        r = self.json("POST", "/api/v1/login", {"email": email, "password": password},
                      csrf=False)
        if r.status != 200:
            raise AssertionError("login as %s: %r" % (email, r))
        self.csrf = r.json()["csrf_token"]
        return r

    def make_token(self, name="tests"):
        r = self.json("POST", "/api/v1/tokens", {"name": name})
        if r.status != 201:
            raise AssertionError("token: %r" % r)
        return r.json()["token"]


def bearer_client(url, email=COORD_EMAIL):
    """A client with an API token and no cookies."""
    c = Client(url, fresh_ip())
    c.login(email)
    tok = c.make_token()
    b = Client(url)
    b.bearer = tok
    return b


def report_fields(**over):
    r = {
        "title": "Heap overflow in the frobnicator",
        "product": "Frobnicator",
        "description": "A long packet overflows the parse buffer.",
    }
    r.update(over)
    return r


def submit(url, fields=None, ip=None, **over):
    """POST /api/v1/reports from a fresh address; returns (Resp, tracking_id, secret)."""
    c = Client(url, ip or fresh_ip())
    r = c.json("POST", "/api/v1/reports", fields if fields is not None else report_fields(**over))
    if r.status != 201:
        return r, None, None
    j = r.json()
    m = FOLLOW_UP_RE.search(j.get("follow_up_url", ""))
    return r, j.get("tracking_id"), m.group(1) if m else None


class HubTestCase(unittest.TestCase):
    """Assertions shared by the suites."""

    maxDiff = 4000

    def assertStatus(self, resp, status, msg=None):
        if isinstance(status, int):
            status = (status,)
        if resp.status not in status:
            self.fail("status %d, want %s%s\n%r" % (resp.status, "/".join(map(str, status)),
                                                    " (" + msg + ")" if msg else "", resp))

    def assertError(self, resp, status, code=None, field=None, msg=None):
        """The documented error: that status, a JSON body exactly
        {"error":{"code","message"[,"field"]}}, the code and field when given."""
        self.assertStatus(resp, status, msg)
        ct = resp.header("Content-Type") or ""
        self.assertTrue(ct.startswith("application/json"), "error Content-Type %r" % ct)
        e = resp.json()
        self.assertEqual(list(e), ["error"], e)
        err = e["error"]
        self.assertIsInstance(err.get("code"), str, e)
        self.assertIsInstance(err.get("message"), str, e)
        self.assertTrue(err["message"], e)
        self.assertLessEqual(set(err), {"code", "message", "field"}, e)
        if code is not None:
            codes = (code,) if isinstance(code, str) else code
            self.assertIn(err["code"], codes, e)
        if field is not None:
            self.assertEqual(err.get("field"), field, e)
        return err

    def assertSecurityHeaders(self, resp, what=""):
        csp = resp.header("Content-Security-Policy") or ""
        self.assertIn("default-src 'self'", csp, what)
        self.assertIn("script-src 'none'", csp, what)
        self.assertIn("frame-ancestors 'none'", csp, what)
        self.assertEqual(resp.header("X-Content-Type-Options"), "nosniff", what)
        self.assertEqual(resp.header("X-Frame-Options"), "DENY", what)
        self.assertEqual(resp.header("Referrer-Policy"), "no-referrer", what)
        self.assertRegex(resp.header("X-Request-Id") or "", r"^[0-9a-f]{16}$", what)


def run_suite():
    """unittest.main with a clean exit status (77 when there is no cvd binary)."""
    need_binary()
    prog = unittest.main(exit=False, verbosity=2)
    ok = prog.result.wasSuccessful()
    sys.exit(0 if ok else 1)


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


def b64(b):
    return base64.b64encode(b).decode()
