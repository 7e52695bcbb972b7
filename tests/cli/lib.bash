# Shared by the CLI tests (source it): a scratch folder, pass/fail counters and assertions on
# the exit code, stdout and stderr of the last command run with `check`.
set -u
cvd=${CVD:?CVD must name the cvd binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# check NAME EXPECTED-EXIT CMD...: run CMD (stdin as given), keep its stdout and stderr.
check() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; cat "$tmp/err"; fi
}
# expect_out NAME PATTERN / expect_err NAME PATTERN: grep -E on the last stdout / stderr.
expect_out() {
    if grep -qE -- "$2" "$tmp/out"; then ok; else bad "$1: stdout lacks /$2/"; cat "$tmp/out"; fi
}
expect_err() {
    if grep -qE -- "$2" "$tmp/err"; then ok; else bad "$1: stderr lacks /$2/"; cat "$tmp/err"; fi
}
# expect_err_text NAME TEXT: the last stderr contains TEXT (no pattern characters).
expect_err_text() {
    if grep -qF -- "$2" "$tmp/err"; then ok; else bad "$1: stderr lacks '$2'"; cat "$tmp/err"; fi
}
# finish NAME: the closing line ctest's log shows, and the exit status.
finish() {
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
