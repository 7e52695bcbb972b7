"""Notifications over the API of a real `cvd serve`: an organisation's webhooks (registered and
removed by administrators only, https:// only, the secret shown once and never listed) and the
instance administrators' view of the outbox (counts per state, a filter refused when unknown,
nobody else may look)."""

import re

from cvdhttp import (ADMIN_EMAIL, VENDOR_EMAIL, Client, Hub, HubTestCase, bearer_client,
                     fresh_ip, need_binary, run_suite)

hub = None
admin = coord = vendor = None
VENDOR_ORG_ID = 2  # cvdhttp.Hub: the coordinator organisation is 1, the vendor 2


def setUpModule():
    global hub, admin, coord, vendor
    need_binary()
    hub = Hub()
    hub.start()
    admin = bearer_client(hub.url, ADMIN_EMAIL)
    coord = bearer_client(hub.url)
    vendor = bearer_client(hub.url, VENDOR_EMAIL)


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


HOOKS = "/api/v1/orgs/%d/webhooks" % VENDOR_ORG_ID


class Webhooks(HubTestCase):
    def test_lifecycle(self):
        r = admin.json("POST", HOOKS, {"url": "https://hooks.acme.example/cvd"})
        self.assertStatus(r, 201)
        j = r.json()
        self.assertRegex(j["secret"], re.compile(r"^[0-9a-f]{64}$"))
        self.assertEqual(j["url"], "https://hooks.acme.example/cvd")
        hook_id = j["id"]

        r = admin.get(HOOKS)
        self.assertStatus(r, 200)
        rows = [h for h in r.json()["webhooks"] if h["id"] == hook_id]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["org_id"], VENDOR_ORG_ID)
        self.assertTrue(rows[0]["enabled"])
        self.assertNotIn(j["secret"], r.text)  # shown once, never again

        # a plain member of the organisation, and a coordinator, may neither look nor remove
        for who in (vendor, coord):
            r = who.get(HOOKS)
            self.assertIn(r.status, (403, 404), r)
            self.assertNotIn("hooks.acme.example", r.text)
            r = who.raw("DELETE", "/api/v1/webhooks/%d" % hook_id)
            self.assertIn(r.status, (403, 404), r)

        r = admin.raw("DELETE", "/api/v1/webhooks/%d" % hook_id)
        self.assertStatus(r, 204)
        self.assertEqual(admin.get(HOOKS).json()["webhooks"], [])
        self.assertError(admin.raw("DELETE", "/api/v1/webhooks/%d" % hook_id), 404)

    def test_refusals(self):
        r = admin.json("POST", HOOKS, {"url": "http://hooks.acme.example/cvd"})
        self.assertError(r, 400, field="url")
        r = admin.json("POST", HOOKS, {"url": "https://x.example/", "secret": "mine"})
        self.assertError(r, 400)
        self.assertError(admin.json("POST", "/api/v1/orgs/999/webhooks",
                                    {"url": "https://x.example/"}), 404)
        r = vendor.json("POST", HOOKS, {"url": "https://evil.example/"})
        self.assertIn(r.status, (403, 404), r)
        anon = Client(hub.url, fresh_ip())
        self.assertError(anon.get(HOOKS), 401)
        self.assertNotIn("evil.example", admin.get(HOOKS).text)


class Outbox(HubTestCase):
    def test_admin_view(self):
        r = admin.get("/api/v1/admin/outbox")
        self.assertStatus(r, 200)
        j = r.json()
        self.assertEqual(sorted(j["counts"]), ["dead", "pending", "sent"])
        self.assertIsInstance(j["notifications"], list)
        self.assertStatus(admin.get("/api/v1/admin/outbox?state=pending&limit=5"), 200)
        self.assertError(admin.get("/api/v1/admin/outbox?state=lost"), 400, field="state")
        self.assertError(admin.get("/api/v1/admin/outbox?limit=-1"), 400, field="limit")

    def test_others_refused(self):
        for who in (coord, vendor):
            r = who.get("/api/v1/admin/outbox")
            self.assertIn(r.status, (403, 404), r)
        self.assertError(Client(hub.url, fresh_ip()).get("/api/v1/admin/outbox"), 401)


if __name__ == "__main__":
    run_suite()
