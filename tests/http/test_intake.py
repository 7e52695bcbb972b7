"""Public intake over the JSON API of a real `cvd serve` (POST /api/v1/reports), against
hostile and broken input: missing fields 422 naming the field, unknown fields and bad values
400 naming the field, malformed JSON 400, wrong Content-Type 415, oversize bodies 413, the
per-address rate limit 429 with Retry-After; SQL metacharacters stored and returned literally;
attachments with their SHA-256, downloaded as application/octet-stream attachments."""

import base64
import hashlib
import json
import os
import socket
import http.client

from cvdhttp import (Client, Hub, HubTestCase, TRACKING_RE, bearer_client, fresh_ip, need_binary,
                     report_fields, run_suite, submit)

hub = None
coord = None


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


def post_raw(body, ctype="application/json", ip=None, headers=None):
    h = {"Content-Type": ctype}
    h.update(headers or {})
    return Client(hub.url, ip or fresh_ip()).raw("POST", "/api/v1/reports", body=body, headers=h)


def post(obj, **kw):
    return post_raw(json.dumps(obj).encode(), **kw)


def raw_exchange(head, body_chunks=(), timeout=20):
    """Send a hand-written request (head: bytes up to and with the blank line), then the body
    chunks as long as the server reads them; return the parsed response."""
    s = socket.create_connection((hub.host, hub.port), timeout=timeout,
                                 source_address=(fresh_ip(), 0))
    try:
        s.sendall(head)
        try:
            for c in body_chunks:
                s.sendall(c)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early and closed; read what it said
        r = http.client.HTTPResponse(s)
        r.begin()
        return r.status, r.getheaders(), r.read()
    finally:
        s.close()


class Required(HubTestCase):
    def test_missing_required_422(self):
        for f in ("title", "product", "description"):
            obj = report_fields()
            del obj[f]
            r = post(obj)
            self.assertError(r, 422, "missing", f, msg=f)
            obj[f] = " \t "
            r = post(obj)
            self.assertError(r, 422, "missing", f, msg=f + " blank")

    def test_empty_object_names_a_field(self):
        r = post({})
        err = self.assertError(r, 422, "missing")
        self.assertIn(err.get("field"), ("title", "product", "description"))


class BadValues(HubTestCase):
    def test_unknown_field_400(self):
        r = post(report_fields(severity="critical"))
        self.assertError(r, 400, field="severity")
        r = post(report_fields(state="closed"))  # handling fields are not the reporter's
        self.assertError(r, 400, field="state")
        r = post(report_fields(tracking_id="R-2026-000001"))
        self.assertError(r, 400, field="tracking_id")

    def test_bad_values_400(self):
        cases = [
            ("title", 5), ("title", ["a"]), ("description", {"x": 1}),
            ("credit_wanted", "yes"), ("share_contact", 1),
            ("tlp", "PURPLE"), ("tlp", "WHITE"),
            ("vendor_contacted", "maybe"), ("publicly_known", True), ("exploited", "YES!"),
            ("reporter_email", "not an address"), ("reporter_email", "a@b@c"),
            ("reporter_pgp_key", "hello, this is my key"),
            ("reporter_pgp_key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n"
                                 "-----END PGP PRIVATE KEY BLOCK-----"),
            ("title", "bell\u0007"), ("title", "two\nlines"), ("description", "nul\u0000"),
            ("reporter_name", "x\u2028y"), ("attachments", "file.txt"),
        ]
        for field, value in cases:
            r = post(report_fields(**{field: value}))
            err = self.assertError(r, 400, msg="%s=%r" % (field, value))
            self.assertTrue((err.get("field") or "").startswith(field),
                            "%s=%r named %r" % (field, value, err.get("field")))

    def test_credit_name_needs_credit_wanted(self):
        r = post(report_fields(credit_name="Rita", credit_wanted=False))
        self.assertError(r, 400, field="credit_name")

    def test_over_field_limit_names_field(self):
        r = post(report_fields(title="T" * 201))
        self.assertError(r, 413, "too_large", "title")
        r = post(report_fields(title="T" * 200))
        self.assertStatus(r, 201)
        r = post(report_fields(product="p" * 1001))
        self.assertError(r, 413, "too_large", "product")

    def test_tlp_labels(self):
        for label in ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"):
            r, tid, secret = submit(hub.url, tlp=label)
            self.assertStatus(r, 201, label)
            v = Client(hub.url).get("/api/v1/follow-up/" + secret).json()
            self.assertEqual(v["tlp"], label)
        r, tid, secret = submit(hub.url)
        v = Client(hub.url).get("/api/v1/follow-up/" + secret).json()
        self.assertEqual(v["tlp"], "AMBER", "the default TLP")


class Syntax(HubTestCase):
    def test_malformed_json_400(self):
        for body in (b'{"title": "x",}', b'{"title": "x"', b"nul\x00", b'{"a":1,"a":2}',
                     b"{'title': 'x'}"):
            r = post_raw(body)
            self.assertError(r, 400, "malformed", msg=repr(body))
        for body in (b"", b"[1,2]", b'"just a string"', b"null"):
            r = post_raw(body)
            self.assertError(r, 400, msg=repr(body))
        r = post_raw(b'{"title": "x",}')
        self.assertError(r, 400, "malformed")
        r = post_raw(b'{"title":"\xff\xfe"}')
        self.assertError(r, 400)

    def test_wrong_content_type_415(self):
        body = json.dumps(report_fields()).encode()
        for ct in ("text/plain", "application/x-www-form-urlencoded", "application/xml",
                   "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x"):
            r = post_raw(body, ctype=ct)
            self.assertError(r, 415, "unsupported_media_type", msg=ct)
        r = Client(hub.url, fresh_ip()).raw("POST", "/api/v1/reports", body=body)
        self.assertError(r, 415, "unsupported_media_type", msg="no Content-Type")
        r = post_raw(body, ctype="application/json; charset=utf-8")
        self.assertStatus(r, 201)

    def test_oversize_413(self):
        # Content-Length alone is refused before any body is read
        status, headers, body = raw_exchange(
            b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1073741824\r\n\r\n")
        self.assertEqual(status, 413, body)
        e = json.loads(body)
        self.assertEqual(e["error"]["code"], "too_large")
        # a real body over the route's 10 MiB limit, sent chunked (no Content-Length to check
        # first): read and thrown away, then 413 (under 1 MiB past the limit, so answered)
        big = (b'{"title":"x","product":"p","description":"' + b"a" * ((10 << 20) + (256 << 10))
               + b'"}')
        chunks = [b"%x\r\n%s\r\n" % (len(big[i:i + 65536]), big[i:i + 65536])
                  for i in range(0, len(big), 65536)] + [b"0\r\n\r\n"]
        status, headers, body = raw_exchange(
            b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n", chunks)
        self.assertEqual(status, 413, body[:300])
        self.assertEqual(json.loads(body)["error"]["code"], "too_large")
        # a description over its own 64 KiB limit names the field
        r = post(report_fields(description="d" * (64 * 1024 + 1)))
        self.assertError(r, 413, "too_large", "description")
        r = post(report_fields(description="d" * (64 * 1024)))
        self.assertStatus(r, 201)
        # the server is fine afterwards
        self.assertStatus(Client(hub.url).get("/healthz"), 200)


class RateLimit(HubTestCase):
    def test_429_per_address(self):
        ip = fresh_ip()
        statuses = []
        limited = None
        for _ in range(30):
            r = post(report_fields(), ip=ip)
            statuses.append(r.status)
            if r.status == 429:
                limited = r
                break
            self.assertStatus(r, 201)
        self.assertIsNotNone(limited, "no 429 after %d submissions: %s" % (len(statuses),
                                                                             statuses))
        self.assertGreaterEqual(statuses.count(201), 1)
        self.assertLessEqual(statuses.count(201), 15, "the limit is meant to be small")
        self.assertError(limited, 429, "rate_limited")
        ra = limited.header("Retry-After")
        self.assertRegex(ra or "", r"^[0-9]+$")
        self.assertTrue(1 <= int(ra) <= 3600, ra)
        self.assertSecurityHeaders(limited, "429")
        # still limited, even for a request that would be refused anyway
        r = post({}, ip=ip)
        self.assertError(r, 429, "rate_limited")
        # the form is the same public intake: limited too, but reading the form page is not
        c = Client(hub.url, ip)
        r = c.get("/report")
        self.assertStatus(r, 200)
        r = c.form("/report", {"title": "t", "product": "p", "description": "d",
                               "csrf": c.cookies.get("cvd_csrf", "")})
        self.assertStatus(r, 429)
        self.assertRegex(r.header("Retry-After") or "", r"^[0-9]+$")
        # another address is not
        r = post(report_fields(), ip=fresh_ip())
        self.assertStatus(r, 201)
        # the coordinator's API is not public intake
        for _ in range(8):
            self.assertStatus(coord.get("/api/v1/reports?limit=1"), 200)


SQL = [
    "x'); DROP TABLE reports; --",
    "' OR '1'='1",
    "\" OR \"\"=\"",
    "1; DELETE FROM audit_log WHERE 1=1; --",
    "Robert'); DROP TABLE students;--",
    "%_\\ LIKE '%' ESCAPE '\\'",
    "' UNION SELECT password_hash, 1 FROM users --",
    "x' || (SELECT sqlite_version()) || '",
    "$1 ?1 :name @p ;",
]


class SqlLiteral(HubTestCase):
    def test_metacharacters_stored_literally(self):
        before = coord.get("/api/v1/reports?limit=1").json()["total"]
        ids = []
        for i, s in enumerate(SQL):
            f = report_fields(title=s, product=s + "\n" + s, description="desc " + s,
                              versions=s, impact=s, reproduction=s, how_found=s,
                              disclosure_plans=s, reporter_name=s[:200], credit_wanted=True,
                              credit_name=s)
            r, tid, secret = submit(hub.url, f)
            self.assertStatus(r, 201, s)
            ids.append((tid, secret, f))
        after = coord.get("/api/v1/reports?limit=1").json()["total"]
        self.assertEqual(after - before, len(SQL), "each submission is exactly one report")
        for tid, secret, f in ids:
            for v in (coord.get("/api/v1/reports/" + tid).json(),
                      Client(hub.url).get("/api/v1/follow-up/" + secret).json()):
                self.assertEqual(v["tracking_id"], tid)
                for k in ("title", "product", "description", "versions", "impact",
                          "reproduction", "how_found", "disclosure_plans", "credit_name"):
                    self.assertEqual(v[k], f[k], "%s %s" % (tid, k))
        # in messages too, both ways
        tid, secret, _ = ids[0]
        r = coord.json("POST", "/api/v1/reports/%s/actions" % tid,
                       {"action": "request_info", "message": SQL[1]})
        self.assertStatus(r, 200)
        r = Client(hub.url).json("POST", "/api/v1/follow-up/%s/messages" % secret,
                                 {"message": SQL[0]})
        self.assertStatus(r, 201)
        bodies = [m["body"] for m in coord.get("/api/v1/reports/" + tid).json()["messages"]]
        self.assertIn(SQL[1], bodies)
        self.assertIn(SQL[0], bodies)
        # in ids and query strings: not found or refused, never a match-everything
        for q in ("/api/v1/reports/R-2026-000001'%20OR%20'1'='1",
                  "/api/v1/reports/%27%20OR%201=1--",
                  "/api/v1/cases/CVD-2026-0001%22%20OR%20%221%22=%221"):
            self.assertError(coord.get(q), (400, 404), msg=q)
        self.assertError(coord.get("/api/v1/reports?state=received'%20OR%20'1'='1"), 400,
                         field="state")
        self.assertError(coord.get("/api/v1/reports?limit=1;DROP"), 400, field="limit")
        self.assertStatus(coord.get("/api/v1/reports"), 200)


class Attachments(HubTestCase):
    def test_sha256_and_download(self):
        blob = os.urandom(5000) + b"\x00\xff<script>alert(1)</script>"
        html = b"<html><script>alert(document.cookie)</script></html>"
        files = [{"name": "crash.bin", "content_type": "application/octet-stream",
                  "data_base64": base64.b64encode(blob).decode()},
                 {"name": "poc.html", "content_type": "text/html",
                  "data_base64": base64.b64encode(html).decode()}]
        r, tid, secret = submit(hub.url, report_fields(attachments=files))
        self.assertStatus(r, 201)
        v = coord.get("/api/v1/reports/" + tid).json()
        atts = {a["name"]: a for a in v["attachments"]}
        self.assertEqual(set(atts), {"crash.bin", "poc.html"})
        for name, data in (("crash.bin", blob), ("poc.html", html)):
            a = atts[name]
            self.assertEqual(a["size"], len(data))
            self.assertEqual(a["sha256"], hashlib.sha256(data).hexdigest())
            self.assertIsInstance(a["id"], int)
            r = coord.get("/api/v1/reports/%s/attachments/%d" % (tid, a["id"]))
            self.assertStatus(r, 200)
            self.assertEqual(r.body, data)
            self.assertEqual(r.header("Content-Type"), "application/octet-stream", name)
            cd = r.header("Content-Disposition") or ""
            self.assertTrue(cd.startswith("attachment"), cd)
            self.assertEqual((r.header("X-Content-SHA256") or "").lower(),
                             hashlib.sha256(data).hexdigest())
            self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
            self.assertSecurityHeaders(r, "attachment")
        self.assertEqual(atts["poc.html"]["content_type"], "text/html")
        # the reporter sees the list too
        v = Client(hub.url).get("/api/v1/follow-up/" + secret).json()
        self.assertEqual(sorted(a["sha256"] for a in v["attachments"]),
                         sorted(hashlib.sha256(d).hexdigest() for d in (blob, html)))
        # nobody else downloads it
        aid = atts["crash.bin"]["id"]
        r = Client(hub.url).get("/api/v1/reports/%s/attachments/%d" % (tid, aid))
        self.assertError(r, 401, "unauthenticated")
        r = coord.get("/api/v1/reports/%s/attachments/%d" % (tid, 999999))
        self.assertError(r, 404, "not_found")
        r2, tid2, _ = submit(hub.url)
        r = coord.get("/api/v1/reports/%s/attachments/%d" % (tid2, aid))
        self.assertError(r, 404, "not_found", msg="an attachment read through another report")

    def test_bad_attachments_400(self):
        for att in ({"name": "a", "content_type": "text/plain", "data_base64": "!!!notbase64"},
                    {"name": "a", "content_type": "text/plain"},
                    {"name": "a", "content_type": "text/plain", "data_base64": "QQ==",
                     "extra": 1},
                    "QQ=="):
            r = post(report_fields(attachments=[att]))
            err = self.assertError(r, (400, 422), msg=repr(att))
            self.assertTrue((err.get("field") or "").startswith("attachments"), err)

    def test_empty_attachment_list_ok(self):
        r, tid, _ = submit(hub.url, report_fields(attachments=[]))
        self.assertStatus(r, 201)
        self.assertEqual(coord.get("/api/v1/reports/" + tid).json()["attachments"], [])


class Receipt(HubTestCase):
    def test_ids_are_unique_and_links_private(self):
        seen = set()
        secrets = set()
        for _ in range(6):
            r, tid, secret = submit(hub.url)
            self.assertStatus(r, 201)
            self.assertRegex(tid, TRACKING_RE)
            seen.add(tid)
            secrets.add(secret)
        self.assertEqual(len(seen), 6)
        self.assertEqual(len(secrets), 6)
        # the follow-up secret does not show up in the server's log
        log = hub.log_tail(1 << 20)
        for s in secrets:
            self.assertNotIn(s, log)

    def test_logged_in_reporter_recorded(self):
        # a logged-in principal may submit too (recorded as reporter_user); still 201
        c = Client(hub.url, fresh_ip())
        c.login()
        r = c.json("POST", "/api/v1/reports", report_fields())
        self.assertStatus(r, 201)


if __name__ == "__main__":
    run_suite()
