"""The HTML pages of a real `cvd serve`, fetched as a browser would: HTML and script typed into
any field of a report (and into messages and attachment names) is shown escaped on the pages
that display it (the reporter's follow-up page, the coordinator's inbox and report page) and
never as markup; the report form works without JavaScript (urlencoded and multipart with a
file, CSRF double-submit, errors shown with the fields kept); the login form; the follow-up
reply form; CSRF refusals on forms."""

import hashlib
import re
import urllib.parse

from cvdhttp import (ADMIN_EMAIL, COORD_EMAIL, PASSWORD, Client, Hub, HubTestCase, bearer_client,
                     fresh_ip, need_binary, report_fields, run_suite, submit)

hub = None
coord = None  # bearer
sess = None   # coordinator's browser session (cookie)

HTML_ACCEPT = {"Accept": "text/html,application/xhtml+xml"}

TEXT_FIELDS = ("title", "product", "versions", "description", "impact", "reproduction",
               "how_found", "disclosure_plans", "credit_name", "reporter_name")


def setUpModule():
    global hub, coord, sess
    need_binary()
    hub = Hub()
    hub.start()
    coord = bearer_client(hub.url)
    sess = Client(hub.url, fresh_ip())
    sess.login()


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


def payload(tag):
    return '<script>alert("%s")</script>' % tag


def escaped(s):
    """The template's escaping: & < > " ' as entities."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def hidden_csrf(page):
    m = re.search(r'name="csrf"\s+value="([A-Za-z0-9_-]+)"', page) or \
        re.search(r'value="([A-Za-z0-9_-]+)"\s+name="csrf"', page)
    return m.group(1) if m else None


class Escaping(HubTestCase):
    @classmethod
    def setUpClass(cls):
        f = report_fields()
        for k in TEXT_FIELDS:
            f[k] = payload("f-" + k)
        f["product"] = payload("f-product") + "\n" + payload("f-product2")
        f["credit_wanted"] = True
        f["reporter_email"] = payload("f-email") + "@example.org"
        f["reporter_pgp_key"] = ("-----BEGIN PGP PUBLIC KEY BLOCK-----\nComment: "
                                 + payload("f-pgp") + "\n\nmQINBGR0\n=AbCd\n"
                                 "-----END PGP PUBLIC KEY BLOCK-----\n")
        f["attachments"] = [{"name": payload("f-att") + ".txt", "content_type": "text/plain",
                             "data_base64": "aGVsbG8="}]
        cls.fields = f
        r, cls.tid, cls.secret = submit(hub.url, f)
        assert r.status == 201, r
        cls.question = payload("m-question")
        r = coord.json("POST", "/api/v1/reports/%s/actions" % cls.tid,
                       {"action": "request_info", "message": cls.question})
        assert r.status == 200, r
        cls.answer = payload("m-answer") + "\n\"quoted\" & 'single' <b>bold</b>"
        r = Client(hub.url).json("POST", "/api/v1/follow-up/%s/messages" % cls.secret,
                                 {"message": cls.answer})
        assert r.status == 201, r
        # an attribute breaker in a second report's title
        cls.attr = '"><img src=x onerror=alert(1)>\'><svg onload=alert(2)>'
        r, cls.tid2, cls.secret2 = submit(hub.url, report_fields(title=cls.attr))
        assert r.status == 201, r

    def page(self, client, path):
        r = client.get(path, headers=HTML_ACCEPT)
        self.assertStatus(r, 200, path)
        self.assertTrue((r.header("Content-Type") or "").startswith("text/html"), r)
        self.assertIn("script-src 'none'", r.header("Content-Security-Policy") or "")
        self.assertSecurityHeaders(r, path)
        return r.text

    def assertNoMarkup(self, page, where):
        """None of the payloads got through as markup."""
        low = page.lower()
        for raw in ("<script>alert(", "<img src=x", "<svg onload", "<b>bold", "<i>x"):
            self.assertNotIn(raw, low, where)

    def test_follow_up_page(self):
        page = self.page(Client(hub.url), "/follow-up/" + self.secret)
        self.assertNoMarkup(page, "follow-up page")
        self.assertIn(self.tid, page)
        for k in ("title", "description"):
            self.assertIn(escaped(self.fields[k]), page, k)
        self.assertIn(escaped(payload("m-question")), page, "coordinator's question")
        self.assertIn(escaped(payload("m-answer")), page, "reporter's answer")
        self.assertIn("&quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;", page)
        # whatever else of the report the page shows, it shows escaped
        for k in TEXT_FIELDS:
            self.assertNotIn(self.fields[k], page, k)

    def test_coordinator_report_page(self):
        page = self.page(sess, "/reports/" + self.tid)
        self.assertNoMarkup(page, "report page")
        self.assertIn(self.tid, page)
        for k in TEXT_FIELDS:
            self.assertIn(escaped(payload("f-" + k)), page, "field %s not shown escaped" % k)
        self.assertIn(escaped(payload("f-product2")), page)
        self.assertIn(escaped(payload("f-email")), page, "reporter_email")
        self.assertIn(escaped(payload("f-pgp")), page, "reporter_pgp_key")
        self.assertIn(escaped(payload("f-att")), page, "attachment name")
        self.assertIn(escaped(payload("m-question")), page)
        self.assertIn(escaped(payload("m-answer")), page)
        # the page carries the action forms with the session's CSRF token
        self.assertEqual(hidden_csrf(page), sess.csrf)

    def test_inbox(self):
        page = self.page(sess, "/inbox")
        self.assertNoMarkup(page, "inbox")
        self.assertIn(self.tid, page)
        self.assertIn(escaped(payload("f-title")), page)
        self.assertIn(self.tid2, page)
        self.assertIn(escaped(self.attr), page)

    def test_attribute_breaker(self):
        for client, path in ((Client(hub.url), "/follow-up/" + self.secret2),
                             (sess, "/reports/" + self.tid2)):
            page = self.page(client, path)
            self.assertNoMarkup(page, path)
            self.assertIn(escaped(self.attr), page, path)
            self.assertNotIn('"><img', page)

    def test_case_page(self):
        r = coord.json("POST", "/api/v1/reports/%s/actions" % self.tid,
                       {"action": "validate", "case_title": payload("c-title")})
        self.assertStatus(r, 200)
        case_id = r.json()["case_id"]
        for path in ("/cases/" + case_id, "/cases"):
            page = self.page(sess, path)
            self.assertNoMarkup(page, path)
            self.assertIn(escaped(payload("c-title")), page, path)

    def test_pages_need_login(self):
        for path in ("/inbox", "/reports/" + self.tid, "/cases"):
            r = Client(hub.url).get(path, headers=HTML_ACCEPT)
            self.assertStatus(r, 303, path)
            loc = r.header("Location") or ""
            self.assertTrue(loc.startswith("/login"), loc)
        # a vendor is no coordinator
        v = Client(hub.url, fresh_ip())
        v.login("dev@acme.example")
        r = v.get("/reports/" + self.tid, headers=HTML_ACCEPT)
        self.assertStatus(r, 403)
        self.assertTrue((r.header("Content-Type") or "").startswith("text/html"), r)
        self.assertNotIn(escaped(payload("f-title")), r.text)


class CaseForms(HubTestCase):
    def test_case_actions_and_vulnerability_forms(self):
        r, tid, _ = submit(hub.url)
        r = coord.json("POST", "/api/v1/reports/%s/actions" % tid, {"action": "validate"})
        self.assertStatus(r, 200)
        case_id = r.json()["case_id"]
        path = "/cases/" + case_id
        page = sess.get(path, headers=HTML_ACCEPT).text
        self.assertIn('name="action" value="accept"', page)
        self.assertNotIn('name="action" value="reopen"', page, "only what the machine allows")
        # the forms need the session's token
        r = sess.form(path + "/actions", {"action": "accept"})
        self.assertStatus(r, 403)
        r = sess.form(path + "/vulnerabilities", {"title": "x"})
        self.assertStatus(r, 403)
        self.assertEqual(coord.get("/api/v1/cases/" + case_id).json()["state"], "valid")
        r = sess.form(path + "/actions", {"action": "accept", "csrf": sess.csrf})
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), path)
        self.assertEqual(coord.get("/api/v1/cases/" + case_id).json()["state"], "accepted")
        # a vulnerability through the form: escaped on the page, scored by the server
        r = sess.form(path + "/vulnerabilities",
                      {"title": payload("v-title"),
                       "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                       "ssvc": payload("v-ssvc"), "csrf": sess.csrf})
        self.assertStatus(r, 303)
        page = self.page_text(path)
        self.assertNotIn("<script>alert(", page)
        self.assertIn(escaped(payload("v-title")), page)
        self.assertIn("9.8", page)
        vulns = coord.get("/api/v1/cases/" + case_id).json()["vulnerabilities"]
        self.assertEqual([v["title"] for v in vulns], [payload("v-title")])
        # a bad vector: the form again, the field named, the input kept (escaped)
        r = sess.form(path + "/vulnerabilities",
                      {"title": "second", "cvss_vector": 'CVSS:3.1/AV:"><b>', "csrf": sess.csrf})
        self.assertStatus(r, (400, 422))
        self.assertIn("cvss_vector", r.text)
        self.assertIn("CVSS:3.1/AV:&quot;&gt;&lt;b&gt;", r.text)
        self.assertEqual(len(coord.get("/api/v1/cases/" + case_id).json()["vulnerabilities"]), 1)

    def page_text(self, path):
        r = sess.get(path, headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        return r.text


class ReportForm(HubTestCase):
    def form_page(self, client):
        r = client.get("/report", headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        page = r.text
        token = hidden_csrf(page)
        self.assertIsNotNone(token, "no hidden csrf field on /report")
        self.assertIn("cvd_csrf", client.cookies)
        self.assertEqual(client.cookies["cvd_csrf"], token)
        return page, token

    def test_form_page(self):
        page, _ = self.form_page(Client(hub.url, fresh_ip()))
        self.assertNotIn("<script", page.lower(), "the form works without JavaScript")
        self.assertRegex(page, r'<form[^>]+method="post"', )
        self.assertRegex(page, r'enctype="multipart/form-data"')
        for name in ("title", "product", "versions", "description", "impact", "reproduction",
                     "how_found", "vendor_contacted", "publicly_known", "exploited",
                     "disclosure_plans", "credit_wanted", "credit_name", "share_contact",
                     "tlp", "reporter_pgp_key", "reporter_email"):
            self.assertRegex(page, r'name="%s"' % name, name)
        self.assertRegex(page, r'type="file"')
        for label in ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"):
            self.assertIn('value="%s"' % label, page, label)

    def test_urlencoded_submit(self):
        c = Client(hub.url, fresh_ip())
        _, token = self.form_page(c)
        r = c.form("/report", {"title": "Form report <i>x</i>", "product": "Widget",
                               "description": "It breaks.", "tlp": "GREEN", "csrf": token})
        self.assertStatus(r, 303)
        loc = r.header("Location") or ""
        m = re.match(r"^/follow-up/(cvd_fu_[A-Za-z0-9_-]{43})\?new=1$", loc)
        self.assertIsNotNone(m, loc)
        r = c.get(loc, headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        tid = re.search(r"R-\d{4}-\d{6,12}", r.text)
        self.assertIsNotNone(tid, "the tracking id is on the page")
        self.assertIn("Form report &lt;i&gt;x&lt;/i&gt;", r.text)
        v = Client(hub.url).get("/api/v1/follow-up/" + m.group(1)).json()
        self.assertEqual(v["tracking_id"], tid.group(0))
        self.assertEqual(v["title"], "Form report <i>x</i>")
        self.assertEqual(v["tlp"], "GREEN")
        self.assertEqual(v["channel"], "web")

    def test_multipart_with_file(self):
        c = Client(hub.url, fresh_ip())
        page, token = self.form_page(c)
        m = re.search(r'<input[^>]*type="file"[^>]*>', page)
        self.assertIsNotNone(m, "a file input")
        name = re.search(r'name="([^"]+)"', m.group(0)).group(1)
        data = bytes(range(256)) * 40
        r = c.multipart("/report", [("title", "Multipart report"), ("product", "Widget"),
                                    ("description", "See the file."), ("csrf", token)],
                        [(name, "dump.bin", "application/octet-stream", data)])
        self.assertStatus(r, 303)
        secret = re.search(r"(cvd_fu_[A-Za-z0-9_-]{43})", r.header("Location") or "").group(1)
        v = Client(hub.url).get("/api/v1/follow-up/" + secret).json()
        self.assertEqual(len(v["attachments"]), 1, v["attachments"])
        a = v["attachments"][0]
        self.assertEqual(a["name"], "dump.bin")
        self.assertEqual(a["size"], len(data))
        self.assertEqual(a["sha256"], hashlib.sha256(data).hexdigest())
        r = coord.get("/api/v1/reports/%s/attachments/%d" % (v["tracking_id"], a["id"]))
        self.assertEqual(r.body, data)

    def test_bad_input_shows_form_again(self):
        c = Client(hub.url, fresh_ip())
        _, token = self.form_page(c)
        r = c.form("/report", {"product": "Kept <product>", "description": "Kept description",
                               "csrf": token})
        self.assertStatus(r, (400, 422))
        self.assertTrue((r.header("Content-Type") or "").startswith("text/html"), r)
        self.assertIn("Kept &lt;product&gt;", r.text, "fields are kept")
        self.assertIn("Kept description", r.text)
        self.assertIn("title", r.text.lower())
        self.assertNotIn("<product>", r.text)
        self.assertIsNotNone(hidden_csrf(r.text), "the form again, with a token")

    def test_csrf_refused(self):
        fields = {"title": "t", "product": "p", "description": "d"}
        c = Client(hub.url, fresh_ip())
        r = c.form("/report", fields)
        self.assertStatus(r, 403, "no cookie, no field")
        _, token = self.form_page(c)
        r = c.form("/report", dict(fields, csrf="A" * 43))
        self.assertStatus(r, 403, "wrong field")
        r = Client(hub.url, fresh_ip()).form("/report", dict(fields, csrf=token))
        self.assertStatus(r, 403, "field without the cookie")
        r = c.form("/report", dict(fields, csrf=token), headers={"Sec-Fetch-Site": "cross-site"})
        self.assertStatus(r, 403, "cross-site")
        r = c.multipart("/report", list(fields.items()))
        self.assertStatus(r, 403, "multipart without field")
        r = c.form("/report", dict(fields, csrf=token))
        self.assertStatus(r, 303, "all right at last")


class FollowUpForm(HubTestCase):
    def test_reply(self):
        r, tid, secret = submit(hub.url)
        self.assertStatus(r, 201)
        c = Client(hub.url, fresh_ip())
        r = c.get("/follow-up/" + secret, headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        self.assertIn(tid, r.text)
        self.assertIn("received", r.text.lower())
        token = hidden_csrf(r.text)
        self.assertIsNotNone(token, "a reply form with a csrf field")
        r = c.form("/follow-up/" + secret, {"message": "no token"})
        self.assertStatus(r, 403)
        r = c.form("/follow-up/" + secret, {"message": "Here <is> more.", "csrf": token})
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/follow-up/" + secret)
        v = coord.get("/api/v1/reports/" + tid).json()
        self.assertIn("Here <is> more.", [m["body"] for m in v["messages"]
                                          if m["author"] == "reporter"])
        r = c.get("/follow-up/" + secret, headers=HTML_ACCEPT)
        self.assertIn("Here &lt;is&gt; more.", r.text)
        r = Client(hub.url).get("/follow-up/cvd_fu_" + "Z" * 43, headers=HTML_ACCEPT)
        self.assertStatus(r, 404)
        self.assertTrue((r.header("Content-Type") or "").startswith("text/html"), r)


class LoginForm(HubTestCase):
    def test_login_and_logout(self):
        c = Client(hub.url, fresh_ip())
        r = c.get("/login", headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        self.assertRegex(r.text, r'name="email"')
        self.assertRegex(r.text, r'type="password"')
        token = hidden_csrf(r.text)
        r = c.form("/login", {"email": COORD_EMAIL, "password": "wrong password!", "csrf": token})
        self.assertStatus(r, 401)
        self.assertNotIn("cvd_session", c.cookies)
        self.assertIn('name="email"', r.text, "the form again")
        r = c.form("/login", {"email": COORD_EMAIL, "password": PASSWORD, "csrf": token})
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/inbox")
        self.assertIn("cvd_session", c.cookies)
        r = c.get("/inbox", headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        self.assertIn('href="/logout"', r.text)
        r = c.get("/logout", headers=HTML_ACCEPT)
        self.assertStatus(r, 200)
        self.assertIn("Carl Coordinator", r.text)
        token = hidden_csrf(r.text)
        self.assertIsNotNone(token)
        r = c.form("/logout", {})
        self.assertStatus(r, 403)
        r = c.form("/logout", {"csrf": token})
        self.assertStatus(r, 303)
        r = c.get("/inbox", headers=HTML_ACCEPT)
        self.assertStatus(r, 303)

    def test_login_csrf(self):
        c = Client(hub.url, fresh_ip())
        r = c.form("/login", {"email": COORD_EMAIL, "password": PASSWORD})
        self.assertStatus(r, 403)
        self.assertNotIn("cvd_session", c.cookies)

    def test_next_param_is_local(self):
        r = Client(hub.url).get("/reports/R-2026-000001", headers=HTML_ACCEPT)
        self.assertStatus(r, 303)
        self.assertTrue(r.header("Location").startswith("/login?next="), r.header("Location"))
        c = Client(hub.url, fresh_ip())
        r = c.get("/login?next=" + urllib.parse.quote("https://evil.example/"),
                  headers=HTML_ACCEPT)
        token = hidden_csrf(r.text)
        r = c.form("/login?next=" + urllib.parse.quote("https://evil.example/"),
                   {"email": ADMIN_EMAIL, "password": PASSWORD, "csrf": token,
                    "next": "https://evil.example/"})
        self.assertStatus(r, 303)
        self.assertTrue((r.header("Location") or "").startswith("/"), r.header("Location"))
        self.assertFalse((r.header("Location") or "").startswith("//"))


if __name__ == "__main__":
    run_suite()
