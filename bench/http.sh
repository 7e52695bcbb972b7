#!/usr/bin/env bash
# HTTP benchmark of `cvd serve` with wrk on loopback, side by side in one run:
#   GET /api/v1/reports/{id} (authenticated with an API token, read from the store) against
#       nginx serving a static file of the same size and against bench/peers/mhd-static, a
#       bare libmicrohttpd program answering the same bytes from memory (cvd's own overhead);
#   POST /api/v1/reports: durable report submissions per second (each 201 only after the
#       write is on disk; concurrent ones share a commit: group commit).
# The three GET targets take turns, TRIALS rounds, and each reports its median.
# Needs wrk, nginx, curl, python3 and the release build (CVD_RELEASE_BIN, CVD_BENCH_BIN);
# skips with a message when one is missing.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cvd=${CVD_RELEASE_BIN:-$top/build/release/src/cli/cvd}
bin=${CVD_BENCH_BIN:-$top/build/release/bench}
secs=${CVD_BENCH_HTTP_SECONDS:-5}
trials=${CVD_BENCH_TRIALS:-3}
threads=${CVD_BENCH_HTTP_THREADS:-2}
conns=${CVD_BENCH_HTTP_CONNECTIONS:-32}
for tool in wrk nginx curl python3; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
        echo "bench/http.sh: $tool not installed (tools/install-deps bench): skipped"
        exit 0
    fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$bin/mhd-static" ] || [ ! -x "$cvd" ]; then
    echo "bench/http.sh: release build incomplete ($cvd, $bin/mhd-static): skipped"
    exit 0
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
# Two distinct free ports, both held while chosen (so the peers cannot be given the same one).
free_ports() {
    python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))'
}
rate() { sed -nE 's/^Requests\/sec:[[:space:]]+([0-9.]+).*/\1/p'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }

# A hub with a coordinator and one report.
export CVD_DB=$tmp/hub.db CVD_PASSWORD_COST=min
echo 'bench password 1' | "$cvd" init --org 'Bench CSIRT' --email bench@example.org \
    --name Bench --password-stdin >/dev/null || exit 1
"$cvd" serve --listen 127.0.0.1:0 --db "$CVD_DB" --threads "$threads" --no-access-log \
    --intake-per-minute 1000000 --intake-burst 1000000 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^http://' "$tmp/serve.out" 2>/dev/null && break; sleep 0.05; done
url=$(grep -m1 '^http://' "$tmp/serve.out")
if [ -z "$url" ]; then
    echo "bench/http.sh: cvd serve did not start:"; cat "$tmp/serve.err"; exit 1
fi
csrf=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.org","password":"bench password 1"}' "$url/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
token=$(curl -s -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$url/api/v1/tokens" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
report='{"title":"Bench report","product":"ACME Router 3000","versions":"< 2.4.1","description":"A stack overflow in the login form lets an unauthenticated attacker run code.","tlp":"AMBER"}'
tid=$(curl -s -H 'Content-Type: application/json' -d "$report" "$url/api/v1/reports" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["tracking_id"])')
if [ -z "$token" ] || [ -z "$tid" ]; then
    echo "bench/http.sh: could not set up a token and a report"; cat "$tmp/serve.err"; exit 1
fi
get_path=/api/v1/reports/$tid
curl -s -H "Authorization: Bearer $token" "$url$get_path" >"$tmp/body.json"
size=$(wc -c <"$tmp/body.json")

# The peers answer the same number of bytes.
head -c "$size" /dev/zero | tr '\0' 'x' >"$tmp/report.json"
read -r nport mport < <(free_ports)
cat >"$tmp/nginx.conf" <<CONF
worker_processes $threads;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $tmp;
    proxy_temp_path $tmp;
    fastcgi_temp_path $tmp;
    uwsgi_temp_path $tmp;
    scgi_temp_path $tmp;
    server {
        listen 127.0.0.1:$nport;
        location / { root $tmp; default_type application/json; try_files /report.json =404; }
    }
}
CONF
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx.err" &
pids+=($!)
"$bin/mhd-static" "$mport" "$size" "$threads" >"$tmp/mhd.out" &
pids+=($!)
for _ in $(seq 1 100); do grep -q ready "$tmp/mhd.out" 2>/dev/null && break; sleep 0.05; done
if ! grep -q ready "$tmp/mhd.out"; then echo "bench/http.sh: mhd-static did not start"; exit 1; fi
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.05; done

: >"$tmp/cvd.r"; : >"$tmp/nginx.r"; : >"$tmp/mhd.r"
for _ in $(seq 1 "$trials"); do
    wrk -t2 -c"$conns" -d"${secs}s" -H "Authorization: Bearer $token" "$url$get_path" | rate >>"$tmp/cvd.r"
    wrk -t2 -c"$conns" -d"${secs}s" "http://127.0.0.1:$nport$get_path" | rate >>"$tmp/nginx.r"
    wrk -t2 -c"$conns" -d"${secs}s" "http://127.0.0.1:$mport$get_path" | rate >>"$tmp/mhd.r"
done
g_cvd=$(median <"$tmp/cvd.r"); g_nginx=$(median <"$tmp/nginx.r"); g_mhd=$(median <"$tmp/mhd.r")

# Submissions: wrk posting the report; each answer is a durable 201.
cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$report'
done = function(summary, latency, requests)
    io.write(string.format("non2xx %d\n", summary.errors.status))
end
LUA
wrk -t2 -c"$conns" -d"${secs}s" -s "$tmp/post.lua" "$url/api/v1/reports" >"$tmp/post.out"
p_cvd=$(rate <"$tmp/post.out")
p_bad=$(sed -nE 's/^non2xx ([0-9]+)/\1/p' "$tmp/post.out")
# The disk's own rate: 4 KiB written and fdatasync'd, one after the other, for a second.
fsyncs=$(python3 -c 'import os, time
fd = os.open("'"$tmp"'/fsync", os.O_WRONLY | os.O_CREAT, 0o600)
n, end = 0, time.monotonic() + 1
while time.monotonic() < end:
    os.pwrite(fd, b"x" * 4096, 0); os.fdatasync(fd); n += 1
print(n)')

echo "HTTP on loopback: wrk -t2 -c$conns, ${secs} s per run, median of $trials alternating trials;"
echo "cvd serve with $threads threads, nginx with $threads workers, mhd-static with $threads threads"
printf '  GET %s (%s bytes, Bearer token, from the store)\n' "$get_path" "$size"
printf '    %-34s %10.0f req/s\n' "cvd serve" "$g_cvd" "nginx (static file)" "$g_nginx" \
    "bare libmicrohttpd (from memory)" "$g_mhd"
awk -v c="$g_cvd" -v n="$g_nginx" -v m="$g_mhd" \
    'BEGIN { printf "    ratio cvd / nginx: %.2fx (aim >= 1.0)   cvd / bare libmicrohttpd: %.2fx (aim >= 0.6)\n", c / n, c / m }'
printf '  POST /api/v1/reports (durable, group commit): %.0f submissions/s, %s non-2xx\n' \
    "$p_cvd" "${p_bad:-?}"
printf '    the disk alone: %s fdatasyncs/s (4 KiB each, one at a time)\n' "$fsyncs"
"$cvd" audit verify --db "$CVD_DB" >/dev/null 2>&1 && echo "  audit log intact after the run" ||
    echo "  audit log verification FAILED after the run"
