#!/usr/bin/env bash
# Browser test of cvd serve: Debian chromium (headless) driven by npm playwright-core through
# flow.mjs. Sets up a temporary hub with the CLI, starts `cvd serve` on 127.0.0.1:0, runs the
# scenario, stops the server with SIGTERM and requires exit 0. Screenshots of each page go to
# $CVD_SCREENSHOT_DIR (default: a temporary folder). Exits 77 (skipped) when node, npm or
# chromium are missing, or when playwright-core cannot be installed, saying why.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cvd=${CVD:?CVD must name the cvd binary}
chromium=${CVD_CHROMIUM:-/usr/bin/chromium}

skip() { echo "browser test skipped: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed (tools/install-deps test)"
[ -x "$chromium" ] || skip "$chromium is missing (tools/install-deps test installs Debian's chromium)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
    command -v npm >/dev/null 2>&1 || skip "npm is not installed (tools/install-deps test)"
    echo "installing playwright-core into $here/node_modules"
    if ! npm install --prefix "$here" --no-audit --no-fund --loglevel=error >"${TMPDIR:-/tmp}/cvd-npm.$$.log" 2>&1; then
        cat "${TMPDIR:-/tmp}/cvd-npm.$$.log"
        rm -f "${TMPDIR:-/tmp}/cvd-npm.$$.log"
        rm -rf "$here/node_modules" # no half-installed package for the next run to trust
        skip "npm install --prefix $here failed (no network?)"
    fi
    rm -f "${TMPDIR:-/tmp}/cvd-npm.$$.log"
fi

tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

shots=${CVD_SCREENSHOT_DIR:-$tmp/screenshots}
rm -rf "$shots"
mkdir -p "$shots"

export CVD_PASSWORD_COST=min
password='correct horse battery staple'
db=$tmp/cvd.db
fail() { echo "FAIL $*"; exit 1; }
printf '%s\n' "$password" | "$cvd" init --org 'Test CSIRT' --email admin@csirt.example \
    --name 'Ada Admin' --password-stdin --db "$db" >/dev/null || fail "cvd init"
printf '%s\n' "$password" | "$cvd" user add coord@csirt.example --name 'Carl Coordinator' \
    --org 'Test CSIRT' --password-stdin --db "$db" >/dev/null || fail "cvd user add"

"$cvd" serve --listen 127.0.0.1:0 --db "$db" --instance-name 'Test CSIRT' \
    >"$tmp/serve.out" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 200); do
    [ -s "$tmp/serve.out" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
url=$(head -n 1 "$tmp/serve.out")
case "$url" in
http://127.0.0.1:[0-9]*) ;;
*) tail -20 "$tmp/serve.log"; fail "cvd serve did not print its URL: '$url'" ;;
esac

CVD_URL=$url CVD_SCREENSHOT_DIR=$shots CVD_CHROMIUM=$chromium CVD_PASSWORD=$password \
    node "$here/flow.mjs"
rc=$?

kill -TERM "$pid"
wait "$pid"
serve_rc=$?
pid=
if [ "$serve_rc" -ne 0 ]; then
    tail -20 "$tmp/serve.log"
    fail "cvd serve exited $serve_rc after SIGTERM, want 0"
fi
if [ "$rc" -ne 0 ]; then
    echo "server log (last lines):"
    tail -20 "$tmp/serve.log"
    exit 1
fi
echo "screenshots: $shots"
