"""The coordinator's inbox over the API of a real `cvd serve` (GET /api/v1/reports): filters by
state, overdue first then oldest first, paging with limit and offset that neither loses nor
repeats a report, `total` counting every match, summaries without the long texts, and the
HTML inbox's tabs. Also an inbox with more than 1,000 reports (see LargeInbox)."""

import threading
import unittest

from cvdhttp import (Client, Hub, HubTestCase, bearer_client, fresh_ip, need_binary,
                     report_fields, run_suite, submit)

hub = None
coord = None
ids = []  # the tracking ids of this suite's reports, oldest first


def setUpModule():
    global hub, coord
    need_binary()
    hub = Hub()
    hub.start()
    coord = bearer_client(hub.url)
    for i in range(12):
        r, tid, _ = submit(hub.url, title="inbox %02d" % i)
        assert r.status == 201, r
        ids.append(tid)

    def act(tid, **a):
        r = coord.json("POST", "/api/v1/reports/%s/actions" % tid, a)
        assert r.status == 200, r
    for tid in ids[2:5]:
        act(tid, action="validate")
    act(ids[6], action="invalidate", reason="out_of_scope")
    act(ids[7], action="invalidate", reason="obsolete_product")
    act(ids[7], action="close")


def tearDownModule():
    rc = hub.stop()
    log = hub.log_tail()
    hub.cleanup()
    if rc != 0:
        raise AssertionError("cvd serve exited %r after SIGTERM, want 0; log:\n%s" % (rc, log))


def listing(query=""):
    r = coord.get("/api/v1/reports" + query)
    if r.status != 200:
        raise AssertionError("%s: %r" % (query, r))
    j = r.json()
    return [x["tracking_id"] for x in j["reports"]], j["total"], j["reports"]


class Filters(HubTestCase):
    def test_by_state(self):
        want = {
            "received": [t for i, t in enumerate(ids) if i not in (2, 3, 4, 6, 7)],
            "valid": ids[2:5],
            "invalid": [ids[6]],
            "closed": [ids[7]],
            "accepted": [],
            "deferred": [],
        }
        for state, expect in want.items():
            got, total, _ = listing("?state=" + state)
            self.assertEqual(got, expect, state)  # nothing overdue: oldest first
            self.assertEqual(total, len(expect), state)
        for q in ("", "?state=all"):
            got, total, _ = listing(q)
            self.assertEqual(got, ids, q or "no filter")
            self.assertEqual(total, len(ids))

    def test_overdue(self):
        got, total, _ = listing("?overdue=1")
        self.assertEqual((got, total), ([], 0), "a fresh report is not overdue")
        for s in listing()[2]:
            self.assertIs(s["due"]["overdue"], False)
        _, _, rs = listing("?state=received")
        self.assertTrue(all(s["due"]["timer"] == "ack" for s in rs))
        _, _, rs = listing("?state=closed")
        self.assertEqual(rs[0]["due"], {"timer": None, "at": None, "overdue": False})

    def test_summaries(self):
        _, _, rs = listing("?limit=1")
        s = rs[0]
        for k in ("tracking_id", "state", "invalid_reason", "tlp", "channel", "received_at",
                  "acked_at", "updated_at", "title", "product", "case_id", "duplicate_of",
                  "due"):
            self.assertIn(k, s)
        for k in ("description", "reporter", "messages", "attachments"):
            self.assertNotIn(k, s)

    def test_bad_queries(self):
        for q, field in (("?state=open", "state"), ("?state=Received", "state"),
                         ("?limit=1001", "limit"), ("?limit=-1", "limit"),
                         ("?limit=ten", "limit"), ("?offset=-1", "offset"),
                         ("?offset=1e3", "offset")):
            r = coord.get("/api/v1/reports" + q)
            self.assertError(r, 400, field=field, msg=q)


class Paging(HubTestCase):
    def test_pages_cover_everything_once(self):
        seen = []
        for off in range(0, 15, 5):
            got, total, _ = listing("?limit=5&offset=%d" % off)
            self.assertEqual(total, len(ids))
            self.assertLessEqual(len(got), 5)
            seen += got
        self.assertEqual(seen, ids)
        got, total, _ = listing("?offset=100")
        self.assertEqual((got, total), ([], len(ids)))
        got, _, _ = listing("?limit=1000")
        self.assertEqual(got, ids)

    def test_inbox_page_tabs(self):
        c = Client(hub.url, fresh_ip())
        c.login()
        r = c.get("/inbox", headers={"Accept": "text/html"})
        self.assertStatus(r, 200)
        for state in ("received", "valid", "invalid", "closed"):
            self.assertIn("state=" + state, r.text)
        r = c.get("/inbox?state=valid", headers={"Accept": "text/html"})
        self.assertStatus(r, 200)
        for i, tid in enumerate(ids):
            if 2 <= i < 5:
                self.assertIn(tid, r.text)
            else:
                self.assertNotIn(tid, r.text)


class LargeInbox(HubTestCase):
    """On a hub of its own, so the other tests' counts stay as they are."""

    @classmethod
    def setUpClass(cls):
        cls.hub = Hub()
        cls.hub.start()
        cls.coord = bearer_client(cls.hub.url)

    @classmethod
    def tearDownClass(cls):
        rc = cls.hub.stop()
        cls.hub.cleanup()
        if rc != 0:
            raise AssertionError("cvd serve exited %r after SIGTERM" % rc)

    def test_more_than_1000_reports(self):
        """Past 1,000 matching reports every one is in exactly one page and `total` counts
        them all (the core once read only the oldest 1,000 candidates)."""
        lock = threading.Lock()
        new = []

        def worker(k):
            for _ in range(k):
                r, tid, _ = submit(self.hub.url, report_fields(title="bulk"))
                assert r.status == 201, r
                with lock:
                    new.append(tid)
        ts = [threading.Thread(target=worker, args=(127,)) for _ in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        expect = len(new)
        self.assertGreater(expect, 1000)
        listed = []
        total = None
        for off in range(0, expect + 1000, 1000):
            r = self.coord.get("/api/v1/reports?state=received&limit=1000&offset=%d" % off)
            self.assertStatus(r, 200)
            total = r.json()["total"]
            listed += [x["tracking_id"] for x in r.json()["reports"]]
        self.assertEqual(total, expect, "total counts every match")
        self.assertEqual(len(set(listed)), expect, "every report is in some page")
        self.assertIn(max(new), listed, "the newest report is listed")


if __name__ == "__main__":
    run_suite()
