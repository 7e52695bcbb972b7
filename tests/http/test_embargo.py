"""The embargo of a three-organisation case over the API of a real `cvd serve`: the
coordinator delivers the case to vendors A and B, proposes an embargo, both accept (the tally
needs every engaged, delivered vendor), a revision rejected by one vendor leaves the running
embargo unchanged, INV02 (no second embargo), INV05 (the fix path in order), INV04 (public
evidence ends the embargo in the same write, with the reason), INV03 (nothing can be embargoed
once public), and every refusal with its status."""

import datetime

from cvdhttp import (PASSWORD, VENDOR_EMAIL, Client, Hub, HubTestCase, bearer_client, cli,
                     fresh_ip, need_binary, run_suite, submit)

hub = None
coord = va = vb = None
ORG_A, ORG_B = 2, 3
VA_ID, VB_ID = 3, 4
VB_EMAIL = "dev@beta.example"


def setUpModule():
    global hub, coord, va, vb
    need_binary()
    hub = Hub()
    cli("org", "add", "Beta Vendor", "--kind", "vendor", "--db", hub.db)
    cli("user", "add", VB_EMAIL, "--name", "Bo Beta", "--org", "Beta Vendor",
        "--password-stdin", "--db", hub.db, stdin=PASSWORD + "\n")
    hub.start()
    coord = bearer_client(hub.url)
    va = bearer_client(hub.url, VENDOR_EMAIL)
    vb = bearer_client(hub.url, VB_EMAIL)


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


def when(days):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def three_party_case(title):
    r, tid, _ = submit(hub.url, title=title)
    assert r.status == 201, r
    cid = coord.json("POST", "/api/v1/reports/%s/actions" % tid,
                     {"action": "validate"}).json()["case_id"]
    assert coord.json("POST", "/api/v1/cases/%s/actions" % cid,
                      {"action": "accept"}).status == 200
    parts = "/api/v1/cases/%s/participants" % cid
    for org, user in ((ORG_A, VA_ID), (ORG_B, VB_ID)):
        assert coord.json("POST", parts, {"org_id": org, "roles": ["vendor"]}).status == 201
        assert coord.raw("PUT", "%s/%d/team/%d" % (parts, org, user)).status == 204
        r = coord.json("POST", "%s/%d/actions" % (parts, org), {"action": "deliver"})
        assert r.status == 204, r
    return cid


def embargo(client, cid, **body):
    return client.json("POST", "/api/v1/cases/%s/embargo" % cid, body)


def participant(cid, org):
    r = coord.get("/api/v1/cases/%s/participants" % cid)
    return [p for p in r.json()["participants"] if p["org_id"] == org][0]


class Embargo(HubTestCase):
    def test_agreed_by_both_vendors(self):
        cid = three_party_case("embargo agreed")
        self.assertEqual(va.get("/api/v1/cases/%s/embargo" % cid).json()["state"], "none")
        self.assertEqual(participant(cid, ORG_A)["vfd"], "aware")  # delivered: CV

        end = when(30)
        r = embargo(coord, cid, action="propose", end=end)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "proposed")
        self.assertEqual(r.json()["pending_end"], end)
        r = embargo(va, cid, action="accept")
        self.assertEqual(r.json()["state"], "proposed")  # vendor B has not answered
        r = embargo(vb, cid, action="accept")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "active")
        self.assertEqual(r.json()["end"], end)
        self.assertTrue(participant(cid, ORG_B)["embargo_adherence"])

        # INV02: one embargo; its end changes by revision only
        self.assertError(embargo(coord, cid, action="propose", end=when(40)), 409)
        r = embargo(va, cid, action="revise", end=when(60))
        self.assertEqual(r.json()["state"], "revising")
        r = embargo(vb, cid, action="reject_revision")
        self.assertEqual(r.json()["state"], "active")
        self.assertEqual(r.json()["end"], end)

        # the fix path in order (INV05)
        parts = "/api/v1/cases/%s/participants" % cid
        self.assertError(va.json("POST", "%s/%d/actions" % (parts, ORG_A),
                                 {"action": "deploy"}), 409)
        self.assertStatus(va.json("POST", "%s/%d/actions" % (parts, ORG_A),
                                  {"action": "fix"}), 204)
        self.assertEqual(participant(cid, ORG_A)["vfd"], "fix_ready")
        # a vendor acts for its own organisation only
        self.assertError(va.json("POST", "%s/%d/actions" % (parts, ORG_B),
                                 {"action": "fix"}), 403)

        # ending a running embargo needs a reason, and is a coordinator's
        self.assertError(embargo(coord, cid, action="terminate"), 422)
        self.assertError(embargo(vb, cid, action="terminate", reason="attacks"), 403)

        # INV04: public evidence ends the embargo, with the reason
        r = coord.json("POST", "/api/v1/cases/%s/evidence" % cid, {"event": "public_awareness"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["state"], "exited")
        self.assertEqual(r.json()["reason"], "public")
        self.assertError(embargo(coord, cid, action="propose", end=when(10)), 409)
        self.assertError(coord.json("POST", "/api/v1/cases/%s/evidence" % cid,
                                    {"event": "public_awareness"}), 409)

    def test_rejected(self):
        cid = three_party_case("embargo rejected")
        embargo(coord, cid, action="propose", end=when(20))
        embargo(va, cid, action="accept")
        r = embargo(vb, cid, action="reject")
        self.assertEqual(r.json()["state"], "none")
        # a new proposal asks everyone again
        r = embargo(vb, cid, action="propose", end=when(25))
        self.assertEqual(r.json()["state"], "proposed")
        self.assertEqual(participant(cid, ORG_A)["em_answer"], "none")
        self.assertEqual(participant(cid, ORG_B)["em_answer"], "accepted")

    def test_refusals(self):
        cid = three_party_case("embargo refusals")
        self.assertError(embargo(coord, cid, action="propose", end=when(-1)), 400, field="end")
        self.assertError(embargo(coord, cid, action="propose", end=when(400)), 400, field="end")
        self.assertError(embargo(coord, cid, action="propose", end="tomorrow"), 400, field="end")
        self.assertError(embargo(coord, cid, action="sign"), 400, field="action")
        self.assertError(embargo(va, cid, action="accept"), 409)  # nothing proposed
        embargo(coord, cid, action="propose", end=when(20))
        self.assertError(embargo(va, cid, action="terminate", reason="coordinator_decision"), 403)
        r = embargo(coord, cid, action="terminate", reason="coordinator_decision")
        self.assertError(r, 409)  # a proposal is rejected, not terminated
        self.assertError(Client(hub.url, fresh_ip()).get("/api/v1/cases/%s/embargo" % cid), 401)
        # INV03: once an exploit is public, nothing is embargoed
        cid2 = three_party_case("already public")
        r = coord.json("POST", "/api/v1/cases/%s/evidence" % cid2, {"event": "exploit_public"})
        self.assertStatus(r, 200)
        self.assertError(embargo(coord, cid2, action="propose", end=when(10)), 409)


if __name__ == "__main__":
    run_suite()
