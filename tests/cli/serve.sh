#!/usr/bin/env bash
# `cvd serve` over real HTTP: starts it on 127.0.0.1:0 with a temporary folder and checks
# /healthz, the error shape (404, 405, 400, 413, 415, 422, 429), CSRF refusal, security headers,
# HTML escaping, forms and files, static assets, keep-alive, the access log, and a graceful stop
# on SIGTERM (in-flight request answered, exit 0). Uses the example routes under /_test/, which
# exist in builds with the tests only.
source "$(dirname "$0")/lib.bash"
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }

"$cvd" serve --listen 127.0.0.1:0 --db "$tmp/cvd.db" --instance-name 'Test <CSIRT> & "Co"' \
    >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
stop_server() { kill -KILL "$pid" 2>/dev/null; }
trap 'stop_server; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
    [ -s "$tmp/serve.out" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
url=$(head -n 1 "$tmp/serve.out")
case "$url" in
http://127.0.0.1:[0-9]*) ok ;;
*) bad "serve did not print its URL: '$url'"; cat "$tmp/serve.err"; exit 1 ;;
esac
if ! curl -s -o /dev/null "$url/_test/form"; then
    bad "server not answering"; exit 1
fi
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/_test/form")" = 404 ]; then
    echo "no /_test/ routes in this build (release?): skipped"; exit 77
fi

# req NAME STATUS CURL-ARGS...: one request; headers in $tmp/h, body in $tmp/b.
req() {
    local name=$1 want=$2
    shift 2
    local got
    got=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$@")
    if [ "$got" = "$want" ]; then ok; else bad "$name: status $got, want $want"; cat "$tmp/b"; echo; fi
}
# body_is NAME TEXT / body_has NAME TEXT / body_lacks NAME TEXT / header_has NAME REGEX
body_is() {
    if [ "$(cat "$tmp/b")" == "$2" ]; then ok; else bad "$1: body '$(cat "$tmp/b")', want '$2'"; fi
}
body_has() {
    if grep -qF -- "$2" "$tmp/b"; then ok; else bad "$1: body lacks '$2'"; head -c 600 "$tmp/b"; echo; fi
}
body_lacks() {
    if grep -qF -- "$2" "$tmp/b"; then bad "$1: body has '$2'"; else ok; fi
}
header_has() {
    if tr -d '\r' <"$tmp/h" | grep -qiE -- "$2"; then ok; else bad "$1: headers lack /$2/"; cat "$tmp/h"; fi
}
security_headers() {
    header_has "$1 csp" "^Content-Security-Policy: default-src 'self'; script-src 'none'"
    header_has "$1 nosniff" '^X-Content-Type-Options: nosniff$'
    header_has "$1 referrer" '^Referrer-Policy: no-referrer$'
    header_has "$1 frame" '^X-Frame-Options: DENY$'
    header_has "$1 request id" '^X-Request-Id: [0-9a-f]{16}$'
}
# error_shape NAME CODE: the body is exactly {"error":{"code":CODE,"message":...[,"field":...]}}
error_shape() {
    if python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert list(e) == ["error"], e
err = e["error"]
assert err["code"] == sys.argv[2], err
assert isinstance(err["message"], str) and err["message"], err
assert set(err) <= {"code", "message", "field"}, err
' "$tmp/b" "$2" 2>"$tmp/pyerr"; then ok; else bad "$1: error shape: $(tail -1 "$tmp/pyerr")"; fi
}

# health, HEAD, keep-alive
req healthz 200 "$url/healthz"
body_is healthz '{"status":"ok"}'
header_has healthz-type '^Content-Type: application/json; charset=utf-8$'
header_has healthz-cache '^Cache-Control: no-store$'
security_headers healthz
req head 200 -I "$url/healthz"
if curl -sv -o /dev/null -o /dev/null "$url/healthz" "$url/healthz" 2>&1 | grep -q 'Re-using existing connection'; then
    ok
else
    bad "keep-alive: the second request did not reuse the connection"
fi

# errors
req not-found 404 "$url/no/such/thing"
error_shape not-found not_found
security_headers not-found
req not-found-html 404 -H 'Accept: text/html' "$url/no/such/thing"
body_has not-found-html '<!DOCTYPE html>'
req method 405 -X POST "$url/healthz"
header_has method-allow '^Allow: GET, HEAD$'
error_shape method method_not_allowed
req bad-path 400 "$url/_test/items/%zz"
error_shape bad-path malformed
req long-uri 414 "$url/healthz?x=$(head -c 9000 /dev/zero | tr '\0' a)"
error_shape long-uri too_large
req big-headers 431 -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$url/healthz"
error_shape big-headers too_large
security_headers big-headers

# JSON bodies: ok, malformed (400), missing field (422), wrong type (415), too big (413)
json=(-H 'Content-Type: application/json')
req json 200 "${json[@]}" --data-binary '{"title":"<b>x</b>","n":1}' "$url/_test/json"
body_is json '{"title":"<b>x</b>","fields":2}'
req json-malformed 400 "${json[@]}" --data-binary '{"title": "x",}' "$url/_test/json"
error_shape json-malformed malformed
body_has json-malformed 'line 1 column'
req json-missing 422 "${json[@]}" --data-binary '{"other":"x"}' "$url/_test/json"
error_shape json-missing missing
body_has json-missing '"field":"title"'
req json-type 415 -H 'Content-Type: text/plain' --data-binary '{"title":"x"}' "$url/_test/json"
error_shape json-type unsupported_media_type
req json-charset 415 -H 'Content-Type: application/json; charset=iso-8859-1' \
    --data-binary '{"title":"x"}' "$url/_test/json"
head -c 5000 /dev/zero | tr '\0' 'a' >"$tmp/big"
req json-big 413 "${json[@]}" --data-binary @"$tmp/big" "$url/_test/json"
error_shape json-big too_large
req json-big-chunked 413 "${json[@]}" -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big" \
    "$url/_test/json"
security_headers json-big-chunked

# handler errors: 404 with message, 409, and a 500 that leaks nothing
req item 200 "$url/_test/items/a%2Fb"
body_is item '{"id":"a/b","method":"GET"}'
req item-missing 404 "$url/_test/items/missing"
error_shape item-missing not_found
req item-conflict 409 "$url/_test/items/conflict"
error_shape item-conflict wrong_state
req item-broken 500 "$url/_test/items/broken"
error_shape item-broken internal
body_lacks item-broken 'disk on fire'
req item-delete 200 -X DELETE "$url/_test/items/7"
req item-put 405 -X PUT "$url/_test/items/7"
header_has item-put-allow '^Allow: GET, DELETE, HEAD$'

# CSRF: the form page sets a token cookie and embeds the token; posts need both
req form-page 200 -c "$tmp/jar" "$url/_test/form"
header_has form-page-cookie '^Set-Cookie: cvd_csrf=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$'
token=$(sed -nE 's/.*name="csrf" value="([A-Za-z0-9_-]{43})".*/\1/p' "$tmp/b")
[ -n "$token" ] && ok || bad "form page has no CSRF token"
req csrf-none 403 -F title=x "$url/_test/form"
error_shape csrf-none csrf
req csrf-no-cookie 403 -F title=x -F "csrf=$token" "$url/_test/form"
req csrf-wrong 403 -b "$tmp/jar" -F title=x -F csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
    "$url/_test/form"
error_shape csrf-wrong csrf
req csrf-cross-site 403 -b "$tmp/jar" -H 'Sec-Fetch-Site: cross-site' -F title=x -F "csrf=$token" \
    "$url/_test/form"
printf 'PoC \0 bytes\r\n--not-a-boundary\r\n' >"$tmp/poc.bin"
sum=$(sha256sum "$tmp/poc.bin" | cut -d' ' -f1)
size=$(wc -c <"$tmp/poc.bin")
req multipart 200 -b "$tmp/jar" -F "csrf=$token" -F 'title=héllo <x>' \
    -F "file=@$tmp/poc.bin;type=application/octet-stream" "$url/_test/form"
body_has multipart '"fields":{"title":"héllo <x>"}'
body_has multipart "\"filename\":\"poc.bin\",\"type\":\"application/octet-stream\",\"size\":$size,\"sha256\":\"$sum\""
req urlencoded 200 -b "$tmp/jar" -H "X-CSRF-Token: $token" --data 'title=a+b%21&x=%C3%A9' \
    "$url/_test/form"
body_is urlencoded '{"fields":{"title":"a b!","x":"é"},"files":[]}'
req urlencoded-bad 400 -b "$tmp/jar" --data "csrf=$token&title=%ZZ" "$url/_test/form"
error_shape urlencoded-bad malformed
body_has urlencoded-bad '"field":"title"'
printf -- '--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\ntruncated' >"$tmp/trunc"
req multipart-truncated 400 -b "$tmp/jar" -H "X-CSRF-Token: $token" \
    -H 'Content-Type: multipart/form-data; boundary=XX' --data-binary @"$tmp/trunc" "$url/_test/form"
error_shape multipart-truncated malformed
req multipart-no-boundary 400 -b "$tmp/jar" -H "X-CSRF-Token: $token" \
    -H 'Content-Type: multipart/form-data' --data-binary @"$tmp/trunc" "$url/_test/form"
head -c 70000 /dev/zero >"$tmp/big-file"
req multipart-big 413 -b "$tmp/jar" -F "csrf=$token" -F "file=@$tmp/big-file" "$url/_test/form"

# HTML: every value escaped (query text, instance name), script blocked by CSP anyway
req page 200 "$url/_test/page?text=%3Cscript%3Ealert('x')%3C%2Fscript%3E%26%22"
body_has page '<p id="echo">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>'
body_lacks page '<script>'
body_has page '<title>Test &lt;CSIRT&gt; &amp; &quot;Co&quot;</title>'
header_has page-type '^Content-Type: text/html; charset=utf-8$'
security_headers page
req home 200 -H 'Accept: text/html' "$url/"
body_has home 'href="/report"'
body_has home 'href="/.well-known/security.txt"'
req home-json 200 -H 'Accept: application/json' "$url/"
body_has home-json '"instance":"Test <CSIRT> & \"Co\""'

# static assets: hashed URL in pages, long cache, ETag, 304
req home-again 200 -H 'Accept: text/html' "$url/"
css=$(grep -oE '/static/style\.css\?v=[0-9a-f]{12}' "$tmp/b" | head -n 1)
[ -n "$css" ] && ok || bad "home page links no stylesheet"
req css 200 "$url$css"
header_has css-type '^Content-Type: text/css; charset=utf-8$'
header_has css-cache '^Cache-Control: public, max-age=31536000, immutable$'
etag=$(tr -d '\r' <"$tmp/h" | sed -nE 's/^ETag: (.*)$/\1/Ip')
req css-304 304 -H "If-None-Match: $etag" "$url/static/style.css"
req css-missing 404 "$url/static/nope.css"

# rate limit on public intake: a burst of 5 (one more every 6 s), then 429 with Retry-After
for i in 1 2 3 4 5; do
    req "intake-$i" 200 "${json[@]}" --data-binary '{"title":"x"}' "$url/_test/intake"
done
for i in $(seq 10); do
    code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "${json[@]}" \
        --data-binary '{"title":"x"}' "$url/_test/intake")
    [ "$code" = 429 ] && break
done
if [ "$code" = 429 ]; then ok; else bad "intake never limited"; fi
error_shape intake-limited rate_limited
header_has intake-retry '^Retry-After: [0-9]+$'

# the access log: one JSON object per line, no query strings
req secret-query 200 "$url/healthz?token=topsecret123"
sleep 0.2
if python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if "level" in e:
        continue
    for k in ("time", "remote", "method", "path", "status", "bytes", "duration_us", "request_id"):
        assert k in e, (k, e)
    assert "?" not in e["path"], e
    n += 1
assert n >= 40, n
' "$tmp/serve.err" 2>"$tmp/pyerr"; then ok; else bad "access log: $(tail -1 "$tmp/pyerr")"; fi
if grep -q topsecret123 "$tmp/serve.err"; then bad "access log shows a query string"; else ok; fi

# graceful stop: a request in flight when SIGTERM comes is still answered (with Connection:
# close), then the process exits 0. The client proves its connection was accepted (one
# keep-alive request answered), sends the next request's headers and part of its body, and
# sends the rest only after the signal.
cat >"$tmp/slow.py" <<'PY'
import os, socket, sys, time
host, port, ready, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.create_connection((host, port), timeout=20)
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
buf = b""
while b"\r\n\r\n" not in buf:
    buf += s.recv(4096)
head, rest = buf.split(b"\r\n\r\n", 1)
length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
while len(rest) < int(length[0].split(b":")[1]):
    rest += s.recv(4096)
body = b'{"title":"' + b"a" * 600 + b'"}'
s.sendall(b"POST /_test/json HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body[:100])
time.sleep(0.3)
open(ready, "w").close()
deadline = time.time() + 10
while not os.path.exists(go) and time.time() < deadline:
    time.sleep(0.05)
time.sleep(0.3)
s.sendall(body[100:])
resp = b""
while True:
    data = s.recv(4096)
    if not data:
        break
    resp += data
print(resp.split(b" ")[1].decode(), "close" if b"\r\nconnection: close" in resp.lower() else "open")
PY
port=${url##*:}
python3 "$tmp/slow.py" 127.0.0.1 "$port" "$tmp/ready" "$tmp/go" >"$tmp/slow.out" 2>&1 &
slow=$!
for _ in $(seq 100); do
    [ -e "$tmp/ready" ] && break
    sleep 0.1
done
kill -TERM "$pid"
touch "$tmp/go"
wait "$slow"
if [ "$(cat "$tmp/slow.out")" = "200 close" ]; then ok; else bad "in-flight request: $(cat "$tmp/slow.out")"; fi
wait "$pid"
status=$?
if [ "$status" -eq 0 ]; then ok; else bad "serve exited $status after SIGTERM"; fi
if curl -s -o /dev/null "$url/healthz"; then bad "still answering after stop"; else ok; fi

# SIGINT stops it too, also as a background job (which a shell starts with SIGINT ignored);
# a busy port or a bad address is a clear failure (exit 1), bad options a usage error (2)
"$cvd" serve --listen 127.0.0.1:0 >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 100); do
    [ -s "$tmp/int.out" ] && break
    sleep 0.1
done
url=$(head -n 1 "$tmp/int.out")
check busy-port 1 "$cvd" serve --listen "127.0.0.1:${url##*:}"
expect_err busy-port 'cvd serve: cannot listen on 127\.0\.0\.1:[0-9]+: Address already in use'
kill -INT "$pid"
wait "$pid"
status=$?
if [ "$status" -eq 0 ]; then ok; else bad "serve exited $status after SIGINT"; fi
check bad-listen 1 "$cvd" serve --listen nowhere
expect_err bad-listen "bad listen address 'nowhere'"
check bad-threads 2 "$cvd" serve --threads 1000
check bad-base-url 2 "$cvd" serve --base-url ftp://x
# notifications: without --smtp, mail stays queued and the log says so; the relay options
check no-relay-logged 0 grep -q '"component":"outbox","message":"no SMTP relay' "$tmp/serve.err"
check smtp-alone 2 "$cvd" serve --smtp smtp://127.0.0.1:25
expect_err smtp-alone '--smtp and --mail-from go together'
check smtp-bad-url 1 "$cvd" serve --db "$tmp/cvd.db" --smtp http://x --mail-from cvd@example.org
expect_err smtp-bad-url 'smtp_url: must start with smtp://'
check smtp-bad-from 1 "$cvd" serve --db "$tmp/cvd.db" --smtp smtp://127.0.0.1:25 --mail-from nobody
expect_err smtp-bad-from 'mail_from: an address'

finish cli/serve
