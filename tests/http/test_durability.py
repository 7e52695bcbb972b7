"""Durability: client threads submit reports to a real `cvd serve` as fast as it answers; the
server is killed with SIGKILL mid-flight, `cvd audit verify` runs on the crashed database,
the server restarts on it, and every report that was answered 201 must be there (read with a
coordinator's API token) with the title it was sent with. Repeated a few times; the tracking
ids never repeat across restarts."""

import json
import os
import random
import sys
import threading
import time

from cvdhttp import (Client, Hub, HubTestCase, bearer_client, cli, fresh_ip, need_binary,
                     report_fields, run_suite)

ROUNDS = int(os.environ.get("CVD_DURABILITY_ROUNDS", "5"))
THREADS = 8
MIN_ACKED = 10  # per round, so a kill before anything was acknowledged proves nothing

hub = None


def setUpModule():
    global hub
    need_binary()
    hub = Hub()


def tearDownModule():
    hub.cleanup()


def submitter(url, stop, acked, errors, tag):
    """Submit until told to stop; record (tracking_id, title) of every 201. Each request comes
    from a new source address, so the per-address intake limit never applies."""
    n = 0
    while not stop.is_set():
        n += 1
        title = "durability %s-%d" % (tag, n)
        c = Client(url, fresh_ip())
        try:
            r = c.raw("POST", "/api/v1/reports",
                      body=json.dumps(report_fields(title=title)).encode(),
                      headers={"Content-Type": "application/json"}, timeout=10)
        except OSError:
            # refused, reset or cut off by the kill: no answer, no promise
            time.sleep(0.005)
            continue
        if r.status == 201:
            acked.append((r.json()["tracking_id"], title))
        else:
            errors.append((r.status, r.body[:200]))


class Durability(HubTestCase):
    def test_kill_restart(self):
        all_acked = {}
        url = hub.start()
        token = bearer_client(url).bearer
        for rnd in range(ROUNDS):
            stop = threading.Event()
            acked, errors = [], []
            ts = [threading.Thread(target=submitter, args=(url, stop, acked, errors,
                                                           "%d.%d" % (rnd, i)))
                  for i in range(THREADS)]
            for t in ts:
                t.start()
            # wait for a few acknowledgements, then a little more: the kill lands mid-flight
            deadline = time.monotonic() + 15
            while len(acked) < MIN_ACKED and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(random.uniform(0.05, 0.3))
            hub.kill()
            stop.set()
            for t in ts:
                t.join(20)
            self.assertGreaterEqual(len(acked), MIN_ACKED,
                                    "round %d: only %d reports acknowledged; errors %s; log:\n%s"
                                    % (rnd, len(acked), errors[:5], hub.log_tail()))
            self.assertEqual(errors, [], "round %d: refused submissions" % rnd)
            for tid, title in acked:
                self.assertNotIn(tid, all_acked, "tracking id %s given twice" % tid)
                all_acked[tid] = title
            # the crashed database's audit chain is intact
            p = cli("audit", "verify", "--db", hub.db, check=False)
            self.assertEqual(p.returncode, 0, "round %d: audit verify after SIGKILL:\n%s%s"
                             % (rnd, p.stdout, p.stderr))
            # restart: everything acknowledged, in this round and before, is there
            url = hub.start()
            c = Client(url)
            c.bearer = token
            missing = []
            for tid, title in all_acked.items():
                r = c.get("/api/v1/reports/" + tid)
                if r.status != 200:
                    missing.append((tid, r.status))
                else:
                    self.assertEqual(r.json()["title"], title, tid)
            self.assertEqual(missing, [], "round %d: acknowledged reports lost after SIGKILL"
                             % rnd)
            self.assertStatus(c.get("/api/v1/reports?limit=1"), 200)
            print("round %d: %d acknowledged before the kill, all present (%d in all)"
                  % (rnd, len(acked), len(all_acked)), file=sys.stderr)
        rc = hub.stop()
        self.assertEqual(rc, 0, "SIGTERM at the end: exit %r\n%s" % (rc, hub.log_tail()))
        p = cli("audit", "verify", "--db", hub.db, check=False)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


if __name__ == "__main__":
    run_suite()
