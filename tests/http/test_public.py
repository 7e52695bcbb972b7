"""The public point of contact of a real `cvd serve` with an https base URL (as behind a TLS
proxy): /healthz, /.well-known/security.txt (linted by `cvd securitytxt lint -`), the home and
policy pages, the security headers on every kind of response, and the cookies of an https
instance (Secure, __Host- prefix, HSTS)."""

import datetime
import re

from cvdhttp import Client, Hub, HubTestCase, cli, fresh_ip, need_binary, run_suite, submit

BASE = "https://cvd.example.org"
hub = None


def setUpModule():
    global hub
    need_binary()
    hub = Hub(serve_args=["--base-url", BASE])
    hub.start()


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


class Public(HubTestCase):
    def test_healthz(self):
        r = Client(hub.url).get("/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertSecurityHeaders(r, "healthz")
        r = Client(hub.url).raw("HEAD", "/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.body, b"")

    def test_security_txt(self):
        r = Client(hub.url).get("/.well-known/security.txt")
        self.assertStatus(r, 200)
        self.assertTrue((r.header("Content-Type") or "").startswith("text/plain"), r)
        self.assertSecurityHeaders(r, "security.txt")
        text = r.text
        lines = dict((l.split(":", 1)[0], l.split(":", 1)[1].strip())
                     for l in text.splitlines() if ":" in l and not l.startswith("#"))
        self.assertEqual(lines.get("Contact"), BASE + "/report")
        self.assertEqual(lines.get("Policy"), BASE + "/policy")
        self.assertEqual(lines.get("Canonical"), BASE + "/.well-known/security.txt")
        self.assertEqual(lines.get("Preferred-Languages"), "en")
        exp = datetime.datetime.strptime(lines["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertGreater(exp, now + datetime.timedelta(days=30))
        self.assertLessEqual(exp, now + datetime.timedelta(days=366))
        p = cli("securitytxt", "lint", "-", stdin=text, check=False)
        self.assertEqual(p.returncode, 0, "lint:\n" + p.stdout + p.stderr)
        self.assertNotIn("ST-E-", p.stdout)

    def test_home_and_policy(self):
        r = Client(hub.url).get("/", headers={"Accept": "text/html"})
        self.assertStatus(r, 200)
        self.assertIn('href="/report"', r.text)
        self.assertIn('href="/policy"', r.text)
        self.assertSecurityHeaders(r, "home")
        r = Client(hub.url).get("/policy", headers={"Accept": "text/html"})
        self.assertStatus(r, 200)
        self.assertSecurityHeaders(r, "policy")
        t = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text)).lower()
        for want in ("scope", "safe harbo", "7 days", "30 days", "90 days"):
            self.assertIn(want, t, "the policy page names %r" % want)

    def test_headers_everywhere(self):
        c = Client(hub.url)
        r, tid, secret = submit(hub.url)
        self.assertStatus(r, 201)
        self.assertSecurityHeaders(r, "201")
        for what, resp in (
                ("404 api", c.get("/api/v1/nothing")),
                ("404 page", c.get("/nothing", headers={"Accept": "text/html"})),
                ("401", c.get("/api/v1/reports")),
                ("415", c.raw("POST", "/api/v1/reports", body=b"x",
                              headers={"Content-Type": "text/plain"})),
                ("report form", c.get("/report")),
                ("follow-up", c.get("/follow-up/" + secret)),
                ("follow-up api", c.get("/api/v1/follow-up/" + secret))):
            self.assertSecurityHeaders(resp, what)
            self.assertIn("max-age=", resp.header("Strict-Transport-Security") or "", what)
            if what != "report form":
                self.assertEqual(resp.header("Cache-Control"), "no-store", what)
            self.assertIsNone(resp.header("Access-Control-Allow-Origin"), what)

    def test_follow_up_url_uses_base(self):
        r, tid, secret = submit(hub.url)
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["follow_up_url"], BASE + "/follow-up/" + secret)

    def test_https_cookies(self):
        c = Client(hub.url, fresh_ip())
        r = c.json("POST", "/api/v1/login", {"email": "coord@csirt.example",
                                            "password": "correct horse battery staple"})
        self.assertStatus(r, 200)
        sc = [v for v in r.header_all("Set-Cookie") if "session" in v.split("=")[0]]
        self.assertEqual(len(sc), 1, r.headers)
        self.assertTrue(sc[0].startswith("__Host-cvd_session="), sc[0])
        attrs = [a.strip().lower() for a in sc[0].split(";")[1:]]
        for a in ("secure", "httponly", "samesite=strict", "path=/"):
            self.assertIn(a, attrs)
        self.assertFalse(any(a.startswith("domain") for a in attrs))
        c.csrf = r.json()["csrf_token"]
        self.assertStatus(c.get("/api/v1/reports"), 200)
        # without the prefix the cookie is not taken
        value = c.cookies["__Host-cvd_session"]
        r = Client(hub.url).get("/api/v1/reports", headers={"Cookie": "cvd_session=" + value})
        self.assertError(r, 401, "unauthenticated")
        # the public form's double-submit cookie is prefixed too
        r = Client(hub.url).get("/report")
        self.assertTrue(any(v.startswith("__Host-cvd_csrf=") and "Secure" in v
                            for v in r.header_all("Set-Cookie")), r.headers)


if __name__ == "__main__":
    run_suite()
