"""What an attacker tries against a real `cvd serve`: guessing passwords (login throttling by
name and by address, which then refuses even the right password, with Retry-After), spoofing
X-Forwarded-For to dodge the intake limit (not trusted without --trust-proxy), header
injection through attachment names and types, too many attachments, deep JSON, and secrets
(passwords, API tokens, session cookies, follow-up links) leaking into the access log."""

import json
import re
import urllib.parse

from cvdhttp import (COORD_EMAIL, PASSWORD, Client, Hub, HubTestCase, bearer_client, cli,
                     fresh_ip, need_binary, report_fields, run_suite, submit)

hub = None
coord = None


def setUpModule():
    global hub, coord
    need_binary()
    hub = Hub()
    for who in ("victim", "other"):
        cli("user", "add", who + "@csirt.example", "--name", who, "--org", "Test CSIRT",
            "--password-stdin", "--db", hub.db, stdin=PASSWORD + "\n")
    hub.start()
    coord = bearer_client(hub.url)


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


def login(ip, email, password):
    return Client(hub.url, ip).json("POST", "/api/v1/login",
                                    {"email": email, "password": password})


class Throttle(HubTestCase):
    def test_by_login_name(self):
        # each guess from a new address: only the name ties them together
        statuses = [login(fresh_ip(), "victim@csirt.example", "guess %d" % i).status
                    for i in range(5)]
        self.assertEqual(statuses, [401] * 5)
        r = login(fresh_ip(), "victim@csirt.example", "guess 6")
        self.assertError(r, 429, "rate_limited")
        ra = r.header("Retry-After") or ""
        self.assertRegex(ra, r"^[0-9]+$")
        self.assertTrue(60 <= int(ra) <= 900, ra)
        # the right password does not get through a throttled name either
        r = login(fresh_ip(), "victim@csirt.example", PASSWORD)
        self.assertError(r, 429, "rate_limited")
        self.assertEqual(r.header_all("Set-Cookie"), [])
        # the HTML form says the same
        c = Client(hub.url, fresh_ip())
        page = c.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        r = c.form("/login", {"email": "victim@csirt.example", "password": PASSWORD,
                              "csrf": token})
        self.assertStatus(r, 429)
        self.assertNotIn("cvd_session", c.cookies)
        # other names are not affected
        self.assertStatus(login(fresh_ip(), "other@csirt.example", PASSWORD), 200)

    def test_by_address(self):
        ip = fresh_ip()
        statuses = [login(ip, "nobody%d@x.example" % i, "guess").status for i in range(5)]
        self.assertEqual(statuses, [401] * 5)
        r = login(ip, COORD_EMAIL, PASSWORD)
        self.assertError(r, 429, "rate_limited")
        self.assertRegex(r.header("Retry-After") or "", r"^[0-9]+$")
        # the same account from another address is fine
        self.assertStatus(login(fresh_ip(), COORD_EMAIL, PASSWORD), 200)


class Spoofing(HubTestCase):
    def test_forwarded_for_is_not_trusted(self):
        ip = fresh_ip()
        statuses = []
        for i in range(12):
            r = Client(hub.url, ip).json("POST", "/api/v1/reports", report_fields(),
                                         headers={"X-Forwarded-For": "10.9.%d.%d" % (i, i)})
            statuses.append(r.status)
            if r.status == 429:
                break
        self.assertEqual(statuses[-1], 429, "X-Forwarded-For dodged the limit: %s" % statuses)

    def test_cross_site_form_refused(self):
        c = Client(hub.url, fresh_ip())
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/report").text).group(1)
        r = c.form("/report", {"title": "t", "product": "p", "description": "d", "csrf": token},
                   headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
        self.assertStatus(r, 403)


class Injection(HubTestCase):
    def test_attachment_name_cannot_break_headers(self):
        name = 'a"; filename="evil.html'
        r, tid, _ = submit(hub.url, report_fields(attachments=[
            {"name": name, "content_type": "text/html", "data_base64": "aGk="}]))
        self.assertStatus(r, 201)
        a = coord.get("/api/v1/reports/" + tid).json()["attachments"][0]
        self.assertEqual(a["name"], name, "stored as sent")
        r = coord.get("/api/v1/reports/%s/attachments/%d" % (tid, a["id"]))
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "application/octet-stream")
        cd = r.header("Content-Disposition")
        # one quoted filename with no quote inside, then the exact name percent-encoded
        m = re.match(r'^attachment; filename="([^"\\]*)"(?:; filename\*=UTF-8\'\'([^;\s"]+))?$',
                     cd or "")
        self.assertIsNotNone(m, cd)
        if m.group(2):
            self.assertEqual(urllib.parse.unquote(m.group(2)), name)

    def test_path_in_attachment_name(self):
        r, tid, _ = submit(hub.url, report_fields(attachments=[
            {"name": "../../etc/passwd", "content_type": "text/plain", "data_base64": "aGk="}]))
        self.assertStatus(r, 201)
        a = coord.get("/api/v1/reports/" + tid).json()["attachments"][0]
        r = coord.get("/api/v1/reports/%s/attachments/%d" % (tid, a["id"]))
        m = re.match(r'^attachment; filename="([^"]*)"', r.header("Content-Disposition") or "")
        self.assertIsNotNone(m)
        self.assertNotIn("/", m.group(1))
        self.assertNotIn("\\", m.group(1))

    def test_line_break_in_content_type(self):
        r = Client(hub.url, fresh_ip()).json("POST", "/api/v1/reports", report_fields(
            attachments=[{"name": "a", "content_type": "text/html\r\nX-Evil: 1",
                          "data_base64": "aGk="}]))
        self.assertError(r, 400, field="attachments")

    def test_limits(self):
        atts = [{"name": "f%d" % i, "content_type": "text/plain", "data_base64": "aGk="}
                for i in range(11)]
        r = Client(hub.url, fresh_ip()).json("POST", "/api/v1/reports",
                                             report_fields(attachments=atts))
        self.assertError(r, 413, "too_large", "attachments")
        deep = '{"title":"t","product":"p","description":"d","x":' + "[" * 40 + "]" * 40 + "}"
        r = Client(hub.url, fresh_ip()).raw("POST", "/api/v1/reports", body=deep.encode(),
                                            headers={"Content-Type": "application/json"})
        self.assertError(r, 413, "too_large")


class Secrets(HubTestCase):
    def test_not_in_the_log(self):
        c = Client(hub.url, fresh_ip())
        c.login()
        token = c.make_token("log check")
        r, tid, secret = submit(hub.url)
        self.assertStatus(Client(hub.url).get("/follow-up/" + secret), 200)
        self.assertStatus(Client(hub.url).get("/api/v1/follow-up/%s?x=1" % secret), 200)
        b = Client(hub.url)
        b.bearer = token
        self.assertStatus(b.get("/api/v1/reports/" + tid), 200)
        self.assertStatus(b.get("/api/v1/reports?state=received&q=" + PASSWORD.replace(" ", "+")),
                          200)
        log = hub.log_tail(1 << 22)
        for what, s in (("password", PASSWORD), ("api token", token), ("follow-up", secret),
                        ("csrf token", c.csrf), ("session", c.cookies["cvd_session"])):
            self.assertNotIn(s, log, what + " in the access log")
        # each line is one JSON object
        for line in log.strip().splitlines()[-20:]:
            json.loads(line)


if __name__ == "__main__":
    run_suite()
