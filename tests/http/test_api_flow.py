"""A report's whole life over the JSON API of a real `cvd serve`: submit, track through the
follow-up link, coordinator login (cookie + CSRF token) and API token (Bearer), request_info
and the reporter's answer, validate (a case is created), a second report validated into the
same case and marked duplicate, accept (the case is accepted), close; and every refusal on the
way with its documented status and error body: wrong state 409, not a coordinator 403, no
credentials 401, unknown report 404, bad action input 400/422 naming the field."""


from cvdhttp import (COORD_EMAIL, CASE_RE, FOLLOW_UP_RE, PASSWORD, TRACKING_RE, VENDOR_EMAIL,
                     Client, Hub, HubTestCase, bearer_client, fresh_ip, need_binary,
                     report_fields, run_suite, submit)

hub = None
coord = None  # Bearer client (coordinator)


def setUpModule():
    global hub, coord
    need_binary()
    hub = Hub()
    hub.start()
    coord = bearer_client(hub.url)


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


def act(client, tid, action, **args):
    return client.json("POST", "/api/v1/reports/%s/actions" % tid, dict(action=action, **args))


class Lifecycle(HubTestCase):
    def test_full_life(self):
        # ---- submit (anonymous, JSON) ----
        fields = report_fields(
            title="Auth bypass in the admin console",
            product="Acme Router\nAcme Router Pro",
            versions="< 2.4.1",
            description="Sending an empty session cookie logs in as admin.",
            impact="Full control of the device.",
            reproduction="curl -b 'session=' http://router/admin",
            how_found="code review",
            disclosure_plans="blog post after the fix",
            vendor_contacted="no", publicly_known="no", exploited="unknown",
            credit_wanted=True, credit_name="Rita Reporter",
            reporter_name="Rita Reporter", reporter_email="rita@example.org",
            share_contact=False, tlp="AMBER")
        r, tid, secret = submit(hub.url, fields)
        self.assertStatus(r, 201)
        self.assertTrue((r.header("Content-Type") or "").startswith("application/json"), r)
        j = r.json()
        self.assertRegex(j["tracking_id"], TRACKING_RE)
        self.assertEqual(j["state"], "received")
        self.assertRegex(j["follow_up_url"], FOLLOW_UP_RE)
        self.assertIsNotNone(secret)
        self.assertSecurityHeaders(r, "201")

        # ---- the reporter tracks it through the secret link ----
        rep = Client(hub.url, fresh_ip())
        fu = "/api/v1/follow-up/" + secret
        r = rep.get(fu)
        self.assertStatus(r, 200)
        v = r.json()
        self.assertEqual(v["tracking_id"], tid)
        self.assertEqual(v["state"], "received")
        for k in ("title", "product", "versions", "description", "impact", "reproduction",
                  "how_found", "disclosure_plans", "credit_name"):
            self.assertEqual(v[k], fields[k], k)
        for k in ("vendor_contacted", "publicly_known", "exploited", "credit_wanted",
                  "share_contact", "tlp"):
            self.assertEqual(v[k], fields[k], k)
        self.assertEqual(v["channel"], "api")
        self.assertIsNone(v["case_id"])
        self.assertIsNone(v["duplicate_of"])
        self.assertIsNone(v["acked_at"])
        self.assertRegex(v["received_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # T-ACK runs from intake
        self.assertEqual(v["due"]["timer"], "ack")
        self.assertFalse(v["due"]["overdue"])
        self.assertIsInstance(v["messages"], list)
        self.assertEqual(v["attachments"], [])
        # a secret that opens nothing reveals nothing
        r = rep.get("/api/v1/follow-up/cvd_fu_" + "A" * 43)
        self.assertError(r, 404, "not_found")
        r = rep.json("POST", "/api/v1/follow-up/cvd_fu_" + "A" * 43 + "/messages",
                     {"message": "hello"})
        self.assertError(r, 404, "not_found")

        # ---- the coordinator sees it in the inbox ----
        r = coord.get("/api/v1/reports")
        self.assertStatus(r, 200)
        lst = r.json()
        self.assertIsInstance(lst["total"], int)
        self.assertIn(tid, [x["tracking_id"] for x in lst["reports"]])
        r = coord.get("/api/v1/reports?state=received")
        self.assertStatus(r, 200)
        self.assertIn(tid, [x["tracking_id"] for x in r.json()["reports"]])
        r = coord.get("/api/v1/reports?state=closed")
        self.assertStatus(r, 200)
        self.assertNotIn(tid, [x["tracking_id"] for x in r.json()["reports"]])
        r = coord.get("/api/v1/reports/" + tid)
        self.assertStatus(r, 200)
        v = r.json()
        self.assertEqual(v["title"], fields["title"])
        self.assertEqual(v["reporter"]["email"], "rita@example.org")
        self.assertEqual(v["reporter"]["name"], "Rita Reporter")

        # ---- wrong state: nothing but R -> V | I from received ----
        for a in ("accept", "defer", "close", "mark_duplicate"):
            extra = {"duplicate_of": tid} if a == "mark_duplicate" else {}
            r = act(coord, tid, a, **extra)
            err = self.assertError(r, 409, "wrong_state", msg=a)
            self.assertIn("received", err["message"], a)

        # ---- request_info, and the reporter's answer ----
        r = act(coord, tid, "acknowledge")
        self.assertStatus(r, 200)
        self.assertIsNotNone(r.json()["acked_at"])
        self.assertEqual(r.json()["state"], "received")
        question = "Which firmware build did you test?"
        r = act(coord, tid, "request_info", message=question)
        self.assertStatus(r, 200)
        v = r.json()
        self.assertEqual(v["state"], "received")
        self.assertIn(question, [m["body"] for m in v["messages"]
                                 if m["author"] == "coordinator"])
        r = rep.get(fu)
        self.assertStatus(r, 200)
        self.assertIn(question, [m["body"] for m in r.json()["messages"]
                                 if m["author"] == "coordinator"])
        answer = "Build 2.4.0-rc3, on the Pro model."
        r = rep.json("POST", fu + "/messages", {"message": answer})
        self.assertStatus(r, 201)
        self.assertIn(answer, [m["body"] for m in r.json()["messages"]
                               if m["author"] == "reporter"])
        r = rep.json("POST", fu + "/messages", {})
        self.assertError(r, 422, "missing", "message")
        r = rep.json("POST", fu + "/messages", {"message": "x", "extra": 1})
        self.assertError(r, 400, field="extra")
        r = coord.get("/api/v1/reports/" + tid)
        msgs = r.json()["messages"]
        self.assertIn(answer, [m["body"] for m in msgs if m["author"] == "reporter"])
        for m in msgs:
            self.assertIn(m["author"], ("reporter", "coordinator", "system"))
            self.assertIsInstance(m["id"], int)

        # ---- the reporter cannot act as a coordinator ----
        r = rep.json("POST", "/api/v1/reports/%s/actions" % tid, {"action": "validate"})
        self.assertError(r, 401, "unauthenticated")

        # ---- validate: a case is created ----
        r = act(coord, tid, "validate", case_title="Admin console auth bypass")
        self.assertStatus(r, 200)
        v = r.json()
        self.assertEqual(v["state"], "valid")
        case_id = v["case_id"]
        self.assertRegex(case_id or "", CASE_RE)
        r = coord.get("/api/v1/cases/" + case_id)
        self.assertStatus(r, 200)
        c = r.json()
        self.assertEqual(c["case_id"], case_id)
        self.assertEqual(c["title"], "Admin console auth bypass")
        self.assertEqual(c["state"], "valid")
        self.assertEqual(c["reports"], [tid])
        self.assertIsNone(c["closed_at"])
        r = coord.get("/api/v1/cases")
        self.assertStatus(r, 200)
        self.assertIn(case_id, [x["case_id"] for x in r.json()["cases"]])
        r = act(coord, tid, "validate")
        self.assertError(r, 409, "wrong_state")
        # the reporter is told (INV09) and sees the state
        r = rep.get(fu)
        self.assertEqual(r.json()["state"], "valid")
        self.assertEqual(r.json()["case_id"], case_id)

        # ---- a second report: validated into the same case, then marked duplicate ----
        r, tid2, secret2 = submit(hub.url, title="Admin login without password",
                                  product="Acme Router")
        self.assertStatus(r, 201)
        self.assertNotEqual(tid2, tid)
        r = act(coord, tid2, "mark_duplicate", duplicate_of=tid)
        self.assertError(r, 409, "wrong_state")
        r = act(coord, tid2, "validate", case_id="CVD-2026-999999")
        self.assertError(r, 404, "not_found")
        r = act(coord, tid2, "validate", case_id=case_id)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "valid")
        self.assertEqual(r.json()["case_id"], case_id)
        r = act(coord, tid2, "mark_duplicate", duplicate_of=tid2)
        self.assertError(r, 400, "invalid", "duplicate_of")
        r = act(coord, tid2, "mark_duplicate")
        self.assertError(r, 422, "missing", "duplicate_of")
        r = act(coord, tid2, "mark_duplicate", duplicate_of="R-2026-999999")
        self.assertError(r, 404, "not_found")
        r = act(coord, tid2, "mark_duplicate", duplicate_of=tid)
        self.assertStatus(r, 200)
        v2 = r.json()
        self.assertEqual(v2["duplicate_of"], tid)
        self.assertEqual(v2["case_id"], case_id)
        r = coord.get("/api/v1/cases/" + case_id)
        self.assertEqual(sorted(r.json()["reports"]), sorted([tid, tid2]))
        r = Client(hub.url).get("/api/v1/follow-up/" + secret2)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["duplicate_of"], tid)

        # ---- a vulnerability of the case, scored by the server ----
        path = "/api/v1/cases/%s/vulnerabilities" % case_id
        critical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        r = coord.json("POST", path, {"title": "Auth bypass", "cve_id": "CVE-2026-12345",
                                      "cvss_vector": critical})
        self.assertStatus(r, 201)
        vid = r.json()["id"]
        self.assertEqual(r.json()["cvss_score"], 9.8)
        self.assertEqual(r.json()["severity"], "Critical")
        r = coord.json("POST", path, {"title": "x", "cvss_vector": "CVSS:3.1/AV:X"})
        self.assertError(r, 400, field="cvss_vector")
        r = coord.json("POST", path, {"cvss_vector": critical})
        self.assertError(r, 422, "missing", "title")
        r = coord.json("POST", path, {"title": "x", "cvss_score": 10.0})
        self.assertError(r, 400, field="cvss_score")  # the score is computed, never taken
        r = coord.json("PUT", "%s/%d" % (path, vid),
                       {"title": "Auth bypass", "cve_id": "CVE-2026-12345",
                        "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"})
        self.assertStatus(r, 200)
        r = coord.get("/api/v1/cases/" + case_id)
        vulns = r.json()["vulnerabilities"]
        self.assertEqual(len(vulns), 1, vulns)
        self.assertEqual(vulns[0]["cvss_score"], 8.8)
        self.assertEqual(vulns[0]["severity"], "High")
        self.assertEqual(vulns[0]["cve_id"], "CVE-2026-12345")
        r = coord.json("PUT", "%s/%d" % (path, 999999), {"title": "x"})
        self.assertError(r, 404, "not_found")

        # ---- accept: the case is accepted ----
        r = act(coord, tid, "accept", message="We will coordinate with Acme.")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "accepted")
        r = coord.get("/api/v1/cases/" + case_id)
        self.assertEqual(r.json()["state"], "accepted")
        r = act(coord, tid, "request_info", message="too late")
        self.assertError(r, 409, "wrong_state")
        r = act(coord, tid, "accept")
        self.assertError(r, 409, "wrong_state")
        r = coord.json("POST", "/api/v1/cases/%s/actions" % case_id, {"action": "accept"})
        self.assertError(r, 409, "wrong_state")
        r = act(coord, tid, "status_update", message="Acme is testing a fix.")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "accepted")

        # ---- close ----
        r = act(coord, tid, "close", message="Fixed in 2.4.1.")
        self.assertStatus(r, 200)
        v = r.json()
        self.assertEqual(v["state"], "closed")
        self.assertEqual(v["due"]["timer"], None)
        self.assertFalse(v["due"]["overdue"])
        for a in ("acknowledge", "close", "accept", "validate", "status_update"):
            extra = {"message": "x"} if a == "status_update" else {}
            r = act(coord, tid, a, **extra)
            err = self.assertError(r, 409, "wrong_state", msg=a)
            self.assertIn("closed", err["message"], a)
        # the reporter can read it but no longer add to it
        r = rep.get(fu)
        self.assertEqual(r.json()["state"], "closed")
        r = rep.json("POST", fu + "/messages", {"message": "one more thing"})
        self.assertError(r, 409, "wrong_state")
        r = coord.get("/api/v1/reports?state=closed")
        self.assertIn(tid, [x["tracking_id"] for x in r.json()["reports"]])

        # ---- the case closes and reopens on its own actions ----
        r = coord.json("POST", "/api/v1/cases/%s/actions" % case_id, {"action": "close"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "closed")
        self.assertIsNotNone(r.json()["closed_at"])
        r = coord.json("POST", "/api/v1/cases/%s/actions" % case_id, {"action": "reopen"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "accepted")
        r = coord.json("POST", "/api/v1/cases/%s/actions" % case_id, {"action": "frobnicate"})
        self.assertError(r, 400, field="action")

    def test_invalidate_then_close(self):
        r, tid, _ = submit(hub.url)
        self.assertStatus(r, 201)
        r = act(coord, tid, "invalidate")
        self.assertError(r, 422, "missing", "reason")
        r = act(coord, tid, "invalidate", reason="because")
        self.assertError(r, 400, field="reason")
        r = act(coord, tid, "invalidate", reason="out_of_scope")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "invalid")
        self.assertEqual(r.json()["invalid_reason"], "out_of_scope")
        r = act(coord, tid, "accept")
        self.assertError(r, 409, "wrong_state")
        r = act(coord, tid, "close")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "closed")


class Refusals(HubTestCase):
    @classmethod
    def setUpClass(cls):
        r, cls.tid, cls.secret = submit(hub.url)
        assert r.status == 201, r

    def test_unauthenticated_401(self):
        anon = Client(hub.url, fresh_ip())
        for method, path, body in (
                ("GET", "/api/v1/reports", None),
                ("GET", "/api/v1/reports/" + self.tid, None),
                ("POST", "/api/v1/reports/%s/actions" % self.tid, {"action": "acknowledge"}),
                ("GET", "/api/v1/cases", None),
                ("POST", "/api/v1/tokens", {"name": "x"})):
            r = anon.json(method, path, body) if body else anon.get(path)
            self.assertError(r, 401, "unauthenticated", msg=path)
            self.assertSecurityHeaders(r, path)
        bad = Client(hub.url)
        bad.bearer = "cvd_api_" + "A" * 43
        r = bad.get("/api/v1/reports")
        self.assertError(r, 401, "unauthenticated")
        r = Client(hub.url).get("/api/v1/reports",
                                headers={"Cookie": "cvd_session=" + "B" * 43})
        self.assertError(r, 401, "unauthenticated")

    def test_wrong_password_401(self):
        c = Client(hub.url, fresh_ip())
        r = c.json("POST", "/api/v1/login", {"email": COORD_EMAIL, "password": "wrong wrong!"})
        e1 = self.assertError(r, 401, "unauthenticated")
        self.assertIsNone(r.header("Set-Cookie"))
        r = c.json("POST", "/api/v1/login", {"email": "nobody@x.example", "password": PASSWORD})
        e2 = self.assertError(r, 401, "unauthenticated")
        # an unknown name answers exactly like a wrong password
        self.assertEqual(e1, e2)
        r = c.json("POST", "/api/v1/login", {"email": COORD_EMAIL})
        self.assertError(r, 422, "missing", "password")

    def test_login_gives_cookie_and_csrf(self):
        c = Client(hub.url, fresh_ip())
        r = c.login()
        j = r.json()
        self.assertRegex(j["csrf_token"], r"^[A-Za-z0-9_-]{20,}$")
        self.assertEqual(j["user"]["name"], "Carl Coordinator")
        self.assertIs(j["user"]["is_coordinator"], True)
        self.assertIs(j["user"]["is_admin"], False)
        self.assertIsInstance(j["user"]["id"], int)
        sc = [v for v in r.header_all("Set-Cookie") if v.startswith("cvd_session=")]
        self.assertEqual(len(sc), 1, r.headers)
        attrs = [a.strip().lower() for a in sc[0].split(";")[1:]]
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=strict", attrs)
        self.assertIn("path=/", attrs)
        # the session reads the API (GET needs no CSRF token)
        r = c.get("/api/v1/reports/" + self.tid)
        self.assertStatus(r, 200)
        # logout ends the session (CSRF needed)
        r = c.json("POST", "/api/v1/logout", csrf=False)
        self.assertError(r, 403, "csrf")
        cookie = dict(c.cookies)
        r = c.json("POST", "/api/v1/logout")
        self.assertStatus(r, 204)
        r = Client(hub.url).get("/api/v1/reports", headers={
            "Cookie": "; ".join("%s=%s" % kv for kv in cookie.items())})
        self.assertError(r, 401, "unauthenticated")

    def test_token_is_shown_once_and_works(self):
        c = Client(hub.url, fresh_ip())
        c.login()
        r = c.json("POST", "/api/v1/tokens", {"name": "ci"})
        self.assertStatus(r, 201)
        j = r.json()
        self.assertRegex(j["token"], r"^cvd_api_[A-Za-z0-9_-]{43}$")
        self.assertIsInstance(j["id"], int)
        b = Client(hub.url)
        b.bearer = j["token"]
        r = b.get("/api/v1/reports/" + self.tid)
        self.assertStatus(r, 200)
        r = c.json("POST", "/api/v1/tokens", {})
        self.assertError(r, 422, "missing", "name")

    def test_vendor_is_forbidden_403(self):
        v = bearer_client(hub.url, VENDOR_EMAIL)
        r = v.get("/api/v1/reports")
        self.assertError(r, 403, "forbidden")
        r = v.get("/api/v1/cases")
        self.assertError(r, 403, "forbidden")
        r = v.json("POST", "/api/v1/reports/%s/actions" % self.tid, {"action": "acknowledge"})
        self.assertError(r, 403, "forbidden")
        r = v.get("/api/v1/reports/" + self.tid)
        self.assertError(r, 403, "forbidden")
        self.assertNotIn(b"frobnicator", r.body)
        r = v.get("/api/v1/reports/%s/attachments/1" % self.tid)
        self.assertError(r, 403, "forbidden")
        r = v.json("POST", "/api/v1/cases/CVD-2026-0001/actions", {"action": "close"})
        self.assertError(r, 403, "forbidden")
        r = coord.get("/api/v1/reports/" + self.tid)
        self.assertIsNone(r.json()["acked_at"], "the vendor's acknowledge went through")

    def test_unknown_report_404(self):
        for tid in ("R-2026-999999", "R-1999-000001"):
            r = coord.get("/api/v1/reports/" + tid)
            self.assertError(r, 404, "not_found", msg=tid)
            r = act(coord, tid, "acknowledge")
            self.assertError(r, 404, "not_found", msg=tid)
        r = coord.get("/api/v1/cases/CVD-2026-9999")
        self.assertError(r, 404, "not_found")
        r = coord.get("/api/v1/reports/R-2026-000001%27%20OR%20%271%27=%271")
        self.assertError(r, 404, "not_found")
        r = coord.get("/api/v1/reports/R-xyz")
        self.assertError(r, 404, "not_found")

    def test_bad_action_input(self):
        r = act(coord, self.tid, "frobnicate")
        self.assertError(r, 400, field="action")
        r = coord.json("POST", "/api/v1/reports/%s/actions" % self.tid, {})
        self.assertError(r, 422, "missing", "action")
        r = act(coord, self.tid, "request_info")
        self.assertError(r, 422, "missing", "message")
        r = act(coord, self.tid, "status_update", message="   ")
        self.assertError(r, 422, "missing", "message")
        r = act(coord, self.tid, "acknowledge", colour="blue")
        self.assertError(r, 400, field="colour")
        r = act(coord, self.tid, "acknowledge", reason="out_of_scope")
        self.assertError(r, 400, field="reason")
        r = coord.json("POST", "/api/v1/reports/%s/actions" % self.tid, {"action": 7})
        self.assertError(r, 400, field="action")
        r = coord.raw("POST", "/api/v1/reports/%s/actions" % self.tid, body=b'{"action":',
                      headers={"Content-Type": "application/json"})
        self.assertError(r, 400, "malformed")
        r = coord.raw("POST", "/api/v1/reports/%s/actions" % self.tid, body=b"action=close",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertError(r, 415, "unsupported_media_type")
        r = coord.get("/api/v1/reports?state=bogus")
        self.assertError(r, 400, field="state")
        # none of that moved the report
        r = coord.get("/api/v1/reports/" + self.tid)
        self.assertEqual(r.json()["state"], "received")


class Csrf(HubTestCase):
    """A session needs its CSRF token on every state-changing request; bearer tokens do not."""

    @classmethod
    def setUpClass(cls):
        cls.sess = Client(hub.url, fresh_ip())
        cls.sess.login()

    def setUp(self):
        r, self.tid, _ = submit(hub.url)
        self.assertStatus(r, 201)

    def test_session_without_token_403(self):
        r = self.sess.json("POST", "/api/v1/reports/%s/actions" % self.tid,
                           {"action": "acknowledge"}, csrf=False)
        self.assertError(r, 403, "csrf")
        r = self.sess.json("POST", "/api/v1/reports/%s/actions" % self.tid,
                           {"action": "acknowledge"}, csrf="A" * 43)
        self.assertError(r, 403, "csrf")
        r = self.sess.json("POST", "/api/v1/tokens", {"name": "x"}, csrf=False)
        self.assertError(r, 403, "csrf")
        # another session's token does not fit this one
        other = Client(hub.url, fresh_ip())
        other.login()
        r = self.sess.json("POST", "/api/v1/reports/%s/actions" % self.tid,
                           {"action": "acknowledge"}, csrf=other.csrf)
        self.assertError(r, 403, "csrf")
        r = coord.get("/api/v1/reports/" + self.tid)
        self.assertIsNone(r.json()["acked_at"], "a refused request changed the report")

    def test_session_with_token_ok(self):
        r = self.sess.json("POST", "/api/v1/reports/%s/actions" % self.tid,
                           {"action": "status_update", "message": "looking at it"})
        self.assertStatus(r, 200)

    def test_cross_site_refused(self):
        r = self.sess.json("POST", "/api/v1/reports/%s/actions" % self.tid,
                           {"action": "status_update", "message": "x"},
                           headers={"Sec-Fetch-Site": "cross-site"})
        self.assertError(r, 403, "csrf")

    def test_form_post_without_token_403(self):
        r = self.sess.form("/reports/%s/actions" % self.tid, {"action": "acknowledge"})
        self.assertStatus(r, 403)
        r = self.sess.form("/reports/%s/actions" % self.tid,
                           {"action": "acknowledge", "csrf": "A" * 43})
        self.assertStatus(r, 403)
        r = coord.get("/api/v1/reports/" + self.tid)
        self.assertIsNone(r.json()["acked_at"], "a refused form post changed the report")
        r = self.sess.form("/reports/%s/actions" % self.tid,
                           {"action": "acknowledge", "csrf": self.sess.csrf})
        self.assertStatus(r, 303)
        r = coord.get("/api/v1/reports/" + self.tid)
        self.assertIsNotNone(r.json()["acked_at"])

    def test_bearer_is_exempt(self):
        # no X-CSRF-Token, no cookie: a bearer principal
        r = coord.json("POST", "/api/v1/reports/%s/actions" % self.tid, {"action": "acknowledge"})
        self.assertStatus(r, 200)
        self.assertIsNotNone(r.json()["acked_at"])


if __name__ == "__main__":
    run_suite()
