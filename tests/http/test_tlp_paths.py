"""TLP on every read path that exists for case messages, over the API of a real `cvd serve`
with three organisations (the coordinator, vendor A, vendor B): a RED message to a named user
of vendor A and an AMBER+STRICT message to vendor A never appear for vendor B — not in the
case's message list, not in search results, not in the mails or webhook calls queued for it —
nor for an administrator on no case team (no implicit access), while a GREEN message reaches
every participant."""

from cvdhttp import (ADMIN_EMAIL, PASSWORD, VENDOR_EMAIL, Hub, HubTestCase, bearer_client, cli,
                     need_binary, run_suite, submit)

hub = None
admin = coord = va = vb = None
COORD_ORG, ORG_A, ORG_B = 1, 2, 3
COORD_ID, VA_ID, VB_ID = 2, 3, 4
VB_EMAIL = "dev@beta.example"
HOOK_B = "https://hooks.beta.example/cvd"
RED = "red-secret-xyzzy"
STRICT = "strict-secret-plugh"
GREEN = "green-news-frobozz"
cid = None
ids = {}


def setUpModule():
    global hub, admin, coord, va, vb, cid
    need_binary()
    hub = Hub()
    cli("org", "add", "Beta Vendor", "--kind", "vendor", "--db", hub.db)
    cli("user", "add", VB_EMAIL, "--name", "Bo Beta", "--org", "Beta Vendor",
        "--password-stdin", "--db", hub.db, stdin=PASSWORD + "\n")
    hub.start()
    admin = bearer_client(hub.url, ADMIN_EMAIL)
    coord = bearer_client(hub.url)
    va = bearer_client(hub.url, VENDOR_EMAIL)
    vb = bearer_client(hub.url, VB_EMAIL)
    r = admin.json("POST", "/api/v1/orgs/%d/webhooks" % ORG_B, {"url": HOOK_B})
    assert r.status == 201, r

    r, tid, _ = submit(hub.url, title="three parties")
    assert r.status == 201, r
    r = coord.json("POST", "/api/v1/reports/%s/actions" % tid, {"action": "validate"})
    cid = r.json()["case_id"]
    r = coord.json("POST", "/api/v1/cases/%s/actions" % cid, {"action": "accept"})
    assert r.status == 200, r
    parts = "/api/v1/cases/%s/participants" % cid
    for org, user in ((ORG_A, VA_ID), (ORG_B, VB_ID)):
        r = coord.json("POST", parts, {"org_id": org, "roles": ["vendor"]})
        assert r.status == 201, r
        r = coord.raw("PUT", "%s/%d/team/%d" % (parts, org, user))
        assert r.status == 204, r

    msgs = "/api/v1/cases/%s/messages" % cid
    for name, body in (("red", {"tlp": "RED", "audience_users": [VA_ID], "body": RED}),
                       ("strict", {"tlp": "AMBER+STRICT", "audience_orgs": [ORG_A],
                                   "body": STRICT}),
                       ("green", {"tlp": "GREEN", "body": GREEN})):
        r = coord.json("POST", msgs, body)
        assert r.status == 201, (r, hub.log_tail())
        ids[name] = r.json()["id"]


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


def listing(client):
    r = client.get("/api/v1/cases/%s/messages" % cid)
    assert r.status == 200, r
    return r


def outbox():
    r = admin.get("/api/v1/admin/outbox?limit=1000")
    assert r.status == 200, r
    return r.json()["notifications"]


class ReadPaths(HubTestCase):
    def test_list(self):
        r = listing(va)
        self.assertEqual(sorted(m["id"] for m in r.json()["messages"]), sorted(ids.values()))
        r = listing(vb)
        self.assertEqual([m["id"] for m in r.json()["messages"]], [ids["green"]])
        self.assertNotIn(RED, r.text)
        self.assertNotIn(STRICT, r.text)
        # an instance administrator on no case team has no implicit access
        r = listing(admin)
        self.assertEqual([m["id"] for m in r.json()["messages"]], [ids["green"]])
        self.assertNotIn(RED, r.text)
        self.assertNotIn(STRICT, r.text)
        # the author reads what it wrote
        self.assertEqual(len(listing(coord).json()["messages"]), 3)

    def test_search(self):
        for word, want_a in (("xyzzy", [ids["red"]]), ("plugh", [ids["strict"]]),
                             ("frobozz", [ids["green"]])):
            r = va.get("/api/v1/search?q=" + word)
            self.assertStatus(r, 200)
            self.assertEqual([h["id"] for h in r.json()["hits"]], want_a, word)
            r = vb.get("/api/v1/search?q=" + word)
            self.assertStatus(r, 200)
            want_b = want_a if word == "frobozz" else []
            self.assertEqual([h["id"] for h in r.json()["hits"]], want_b, word)
            self.assertNotIn(RED, r.text)
            self.assertNotIn(STRICT, r.text)
            r = admin.get("/api/v1/search?q=" + word)
            self.assertEqual(r.json()["hits"], [], word)  # on no team: searches nothing
        # FTS5 syntax is plain text; empty and oversized queries are refused
        for q in ("%22xyzzy%22", "body:xyzzy", "xyz*", "NEAR(xyzzy%20plugh)", "%5Exyzzy"):
            r = vb.get("/api/v1/search?q=" + q)
            self.assertStatus(r, 200, q)
            self.assertEqual(r.json()["hits"], [], q)
        self.assertError(vb.get("/api/v1/search?q="), 400, field="q")
        self.assertError(vb.get("/api/v1/search?q=" + "a%20" * 9), 400, field="q")

    def test_mail_and_webhooks(self):
        path = "/cases/" + cid
        rows = [n for n in outbox() if n["path"] == path and n["tlp"] != "AMBER"]
        # mails: vendor A's user gets each message once; vendor B's only the GREEN one
        to_a = sorted(n["tlp"] for n in rows if n["recipient"] == VENDOR_EMAIL)
        self.assertEqual(to_a, ["AMBER+STRICT", "GREEN", "RED"])
        to_b = [n["tlp"] for n in rows if n["recipient"] == VB_EMAIL]
        self.assertEqual(to_b, ["GREEN"])
        # vendor B's webhook is called for the GREEN message alone
        hook_b = [n["tlp"] for n in rows if n["recipient"] == HOOK_B]
        self.assertEqual(hook_b, ["GREEN"])
        # the admin view never shows a RED or AMBER+STRICT subject
        for n in rows:
            if n["tlp"] in ("RED", "AMBER+STRICT"):
                self.assertIsNone(n["subject"])

    def test_unread(self):
        # each reader's own read mark, over what that reader may read
        self.assertEqual(listing(vb).json()["unread"], 1)  # the GREEN message only
        j = listing(va).json()
        self.assertEqual(j["unread"], 3)
        self.assertTrue(all(m["unread"] for m in j["messages"]))
        self.assertEqual(listing(coord).json()["unread"], 0)  # its own messages
        path = "/api/v1/cases/%s/messages/read" % cid
        self.assertStatus(va.json("POST", path, {"up_to": ids["strict"]}), 204)
        j = listing(va).json()
        self.assertEqual(j["unread"], 1)
        self.assertEqual([m["id"] for m in j["messages"] if m["unread"]], [ids["green"]])
        self.assertStatus(va.json("POST", path, {"up_to": ids["red"]}), 204)  # never back
        self.assertEqual(listing(va).json()["unread"], 1)
        self.assertEqual(listing(vb).json()["unread"], 1)  # marks are per user
        self.assertError(va.json("POST", path, {"up_to": -1}), 400, field="up_to")
        self.assertError(va.json("POST", "/api/v1/cases/CVD-2000-0001/messages/read",
                                 {"up_to": 1}), 404)

    def test_posting_rules(self):
        msgs = "/api/v1/cases/%s/messages" % cid
        self.assertError(coord.json("POST", msgs, {"tlp": "RED", "body": "x"}), 400,
                         field="audience_users")
        self.assertError(coord.json("POST", msgs, {"tlp": "GREEN", "body": "x",
                                                   "audience_orgs": [ORG_A]}), 400,
                         field="audience_orgs")
        self.assertError(coord.json("POST", msgs, {"tlp": "AMBER", "body": "x",
                                                   "audience_orgs": [99]}), 400,
                         field="audience_orgs")
        self.assertError(coord.json("POST", msgs, {"tlp": "PINK", "body": "x"}), 400,
                         field="tlp")
        self.assertError(coord.json("POST", msgs, {"tlp": "GREEN", "body": ""}), 422,
                         field="body")
        # vendor B cannot reply into a thread it may not read
        self.assertError(vb.json("POST", msgs, {"tlp": "GREEN", "body": "me too",
                                                "thread_id": ids["red"]}), 400,
                         field="thread_id")
        # an administrator on no team does not speak in the case
        self.assertError(admin.json("POST", msgs, {"tlp": "GREEN", "body": "hello"}), 403)


if __name__ == "__main__":
    run_suite()
