"""Participants and case teams over the API of a real `cvd serve`: INV06 (no invitation before
the case is accepted), an invitation mailed through the outbox to every member of the invited
organisation, a vendor that sees the case only once it is on its organisation's case team,
team changes by the organisation's administrators or a coordinator only, and leaving (the case
disappears for the vendor at once). Every refusal with its status and field."""

from cvdhttp import (ADMIN_EMAIL, VENDOR_EMAIL, Client, Hub, HubTestCase, bearer_client,
                     fresh_ip, need_binary, run_suite, submit)

hub = None
admin = coord = vendor = None
# cvdhttp.Hub creates, in this order: the coordinator organisation (1) with the admin (user 1)
# and the coordinator (user 2), then the vendor organisation (2) with one member (user 3).
COORD_ORG, VENDOR_ORG = 1, 2
ADMIN_ID, COORD_ID, VENDOR_ID = 1, 2, 3


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


def new_case(title, accept=True):
    r, tid, _ = submit(hub.url, title=title)
    assert r.status == 201, r
    r = coord.json("POST", "/api/v1/reports/%s/actions" % tid, {"action": "validate"})
    assert r.status == 200, r
    cid = r.json()["case_id"]
    if accept:
        r = coord.json("POST", "/api/v1/cases/%s/actions" % cid, {"action": "accept"})
        assert r.status == 200, r
    return cid


def invitations_to(address):
    r = admin.get("/api/v1/admin/outbox?limit=1000")
    assert r.status == 200, r
    return [n for n in r.json()["notifications"] if n["recipient"] == address]


class Participants(HubTestCase):
    def test_founding_coordinator(self):
        cid = new_case("founded", accept=False)
        r = coord.get("/api/v1/cases/%s/participants" % cid)
        self.assertStatus(r, 200)
        ps = r.json()["participants"]
        self.assertEqual(len(ps), 1)
        self.assertEqual(ps[0]["org_id"], COORD_ORG)
        self.assertEqual(ps[0]["roles"], ["coordinator"])
        self.assertEqual(ps[0]["team"], [COORD_ID])
        self.assertTrue(ps[0]["engaged"])
        # INV06: nobody is invited before the case is accepted
        before = len(invitations_to(VENDOR_EMAIL))
        r = coord.json("POST", "/api/v1/cases/%s/participants" % cid,
                       {"org_id": VENDOR_ORG, "roles": ["vendor"]})
        self.assertError(r, 409)
        self.assertEqual(len(invitations_to(VENDOR_EMAIL)), before)

    def test_vendor_life(self):
        cid = new_case("vendor life")
        path = "/api/v1/cases/%s/participants" % cid
        self.assertError(vendor.get(path), 404)
        before = len(invitations_to(VENDOR_EMAIL))
        r = coord.json("POST", path, {"org_id": VENDOR_ORG, "roles": ["vendor"]})
        self.assertStatus(r, 201)
        mails = invitations_to(VENDOR_EMAIL)
        self.assertEqual(len(mails), before + 1)
        self.assertEqual(mails[0]["tlp"], "AMBER")
        self.assertIsNone(mails[0]["subject"])  # the admin view hides AMBER subjects
        self.assertEqual(mails[0]["path"], "/cases/" + cid)
        self.assertError(coord.json("POST", path, {"org_id": VENDOR_ORG, "roles": ["vendor"]}),
                         409)
        # invited but on no team: still no case
        self.assertError(vendor.get(path), 404)
        team = "%s/%d/team/%d" % (path, VENDOR_ORG, VENDOR_ID)
        self.assertError(vendor.raw("PUT", team), 404)
        self.assertStatus(coord.raw("PUT", team), 204)
        self.assertError(coord.raw("PUT", team), 409)
        r = vendor.get(path)
        self.assertStatus(r, 200)
        ps = {p["org_id"]: p for p in r.json()["participants"]}
        self.assertEqual(sorted(ps), [COORD_ORG, VENDOR_ORG])
        self.assertEqual(ps[VENDOR_ORG]["team"], [VENDOR_ID])
        self.assertEqual(ps[VENDOR_ORG]["rm"], "start")
        # a plain member may neither staff its team nor take the organisation out
        self.assertError(vendor.raw("PUT", "%s/%d/team/%d" % (path, VENDOR_ORG, ADMIN_ID)), 403)
        self.assertError(vendor.raw("POST", "%s/%d/leave" % (path, VENDOR_ORG)), 403)
        # nobody outside the organisation joins its team
        self.assertError(coord.raw("PUT", "%s/%d/team/%d" % (path, VENDOR_ORG, ADMIN_ID)), 400,
                         field="user_id")
        # the organisation leaves: the case is gone for its team at once
        self.assertStatus(coord.raw("POST", "%s/%d/leave" % (path, VENDOR_ORG)), 204)
        self.assertError(vendor.get(path), 404)
        r = coord.get(path)
        left = [p for p in r.json()["participants"] if p["org_id"] == VENDOR_ORG][0]
        self.assertFalse(left["engaged"])
        self.assertIsNotNone(left["left_at"])

    def test_refusals(self):
        cid = new_case("refusals")
        path = "/api/v1/cases/%s/participants" % cid
        self.assertError(coord.json("POST", path, {"org_id": VENDOR_ORG}), 400, field="roles")
        self.assertError(coord.json("POST", path, {"org_id": VENDOR_ORG, "roles": ["king"]}),
                         400, field="roles")
        self.assertError(coord.json("POST", path, {"roles": ["vendor"]}), 400, field="org_id")
        self.assertError(coord.json("POST", path, {"org_id": 999, "roles": ["vendor"]}), 404)
        self.assertError(coord.json("POST", path, {"org_id": 2, "roles": ["vendor"], "x": 1}),
                         400)
        self.assertError(coord.get("/api/v1/cases/CVD-2000-9999/participants"), 404)
        self.assertError(Client(hub.url, fresh_ip()).get(path), 401)


if __name__ == "__main__":
    run_suite()
