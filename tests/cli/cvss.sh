#!/usr/bin/env bash
# `cvd cvss`: argument mode, stdin batch mode (valid and invalid lines, CRLF, no final newline),
# --json shape, --v2, exit codes and --help.
source "$(dirname "$0")/lib.bash"
run() { # run NAME EXPECTED-EXIT CMD... (stdin from $tmp/in if it exists)
    local name=$1 want=$2
    shift 2
    if [ -f "$tmp/in" ]; then "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"; else "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; fi
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; cat "$tmp/err"; fi
}
same() { # same NAME EXPECTED-FILE
    if cmp -s "$2" "$tmp/out"; then ok; else bad "$1: output differs"; diff "$2" "$tmp/out" | head -20; fi
}
T=$'\t'
v31='CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
v40='CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P'
v30='CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H'
v2='AV:N/AC:L/Au:N/C:P/I:P/A:P'

# --help and usage errors
run help 0 "$cvd" cvss --help
grep -q '^usage: cvd cvss' "$tmp/out" && ok || bad "help: no usage line"
run help-short 0 "$cvd" cvss -h
run bad-option 2 "$cvd" cvss --frobnicate
grep -q "unknown option '--frobnicate'" "$tmp/err" && ok || bad "bad-option: message"
[ -s "$tmp/out" ] && bad "bad-option: wrote to stdout" || ok

# argument mode: v4.0 gets the nomenclature column
run args 0 "$cvd" cvss "$v31" "$v40" "$v30"
printf '%s\n' "$v31${T}9.8${T}Critical" "$v40${T}8.9${T}High${T}CVSS-BT" "$v30${T}9.6${T}Critical" >"$tmp/want"
same args "$tmp/want"

run args-invalid 1 "$cvd" cvss "$v31" "CVSS:3.1/AV:N/AV:N"
printf '%s\n' "$v31${T}9.8${T}Critical" "CVSS:3.1/AV:N/AV:N${T}error${T}DUPLICATE_METRIC: metric 'AV' given twice" >"$tmp/want"
same args-invalid "$tmp/want"

# "--" ends the options; v2 needs --v2
run v2-without-flag 1 "$cvd" cvss -- "$v2"
grep -q "error${T}MISSING_PREFIX" "$tmp/out" && ok || bad "v2-without-flag: reason"
run v2 0 "$cvd" cvss --v2 "$v2"
printf '%s\n' "$v2${T}7.5${T}High" >"$tmp/want"
same v2 "$tmp/want"

# batch mode: exactly three columns per input line, in order; CRLF and a last line without
# newline; an empty line and a TAB inside a line are reported, not skipped
printf '%s\r\n%s\n\n%s\nCVSS:4.0/AV:N\tX\n%s' "$v31" "$v40" "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X" "$v30" >"$tmp/in"
run batch 1 "$cvd" cvss
{
    printf '%s\n' "$v31${T}9.8${T}Critical" "$v40${T}8.9${T}High"
    printf '%s\n' "${T}error${T}MISSING_PREFIX: vector does not start with 'CVSS:' (got '')"
    printf '%s\n' "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X${T}error${T}INVALID_VALUE: 'X' is not a value of metric 'A'"
    printf '%s\n' "CVSS:4.0/AV:N?X${T}error${T}INVALID_VALUE: 'N?X' is not a value of metric 'AV'"
    printf '%s\n' "$v30${T}9.6${T}Critical"
} >"$tmp/want"
same batch "$tmp/want"
awk -F'\t' 'NF != 3 { exit 1 }' "$tmp/out" && ok || bad "batch: a line without 3 columns"

# batch of valid lines only: exit 0; the data files score as their column 2 says
grep -v '^# ' "${CVD_TEST_DATA:-tests/data}/cvss/cvss40-random.tsv" | cut -f1-3 >"$tmp/want"
cut -f1 "$tmp/want" >"$tmp/in"
run batch-v40 0 "$cvd" cvss
same batch-v40 "$tmp/want"
grep -v '^# ' "${CVD_TEST_DATA:-tests/data}/cvss/cvss31-random.tsv" | cut -f1-3 >"$tmp/want"
cut -f1 "$tmp/want" >"$tmp/in"
run batch-v31 0 "$cvd" cvss
same batch-v31 "$tmp/want"
rm -f "$tmp/in"

# empty input: nothing to do, exit 0
: >"$tmp/in"
run batch-empty 0 "$cvd" cvss
[ -s "$tmp/out" ] && bad "batch-empty: output" || ok
rm -f "$tmp/in"

# a line over the 64 KiB limit is reported once and the next line still scored
{ head -c 70000 /dev/zero | tr '\0' 'A'; printf '\n%s\n' "$v31"; } >"$tmp/in"
run long-line 1 "$cvd" cvss
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "long-line: $(wc -l <"$tmp/out") lines"
grep -q "error${T}MALFORMED: line longer" "$tmp/out" && ok || bad "long-line: reason"
tail -n 1 "$tmp/out" | grep -qF "$v31${T}9.8${T}Critical" && ok || bad "long-line: next line"
rm -f "$tmp/in"

# --json: one object per line with all sub-scores
run json 1 "$cvd" cvss --json "$v31" "$v40" "CVSS:4.0/AC:L/AV:N"
[ "$(wc -l <"$tmp/out")" -eq 3 ] && ok || bad "json: line count"
if command -v python3 >/dev/null; then
    python3 - "$tmp/out" <<'PY' && ok || bad "json: shape"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
a, b, c = rows
assert a["valid"] is True and a["version"] == "3.1" and a["score"] == 9.8, a
assert a["severity"] == "Critical" and a["normalized"] == a["vector"], a
for k in ("base", "temporal", "environmental"):
    assert a[k] == {"score": 9.8, "severity": "Critical"}, a
assert a["has_temporal"] is False and a["has_environmental"] is False, a
assert b["version"] == "4.0" and b["score"] == 8.9 and b["severity"] == "High", b
assert b["nomenclature"] == "CVSS-BT" and b["macrovector"] == "000210", b
assert "base" not in b and b["has_temporal"] is True, b
assert c["valid"] is False and c["error"]["reason"] == "ORDER", c
assert c["error"]["message"].startswith("ORDER: ") and c["error"]["offset"] == 14, c
PY
else
    grep -q '"nomenclature":"CVSS-BT"' "$tmp/out" && ok || bad "json: nomenclature"
fi

# --json in batch mode, with invalid UTF-8 in an invalid line: still valid JSON lines
printf '%s\nCVSS:3.1/AV:\377\n' "$v31" >"$tmp/in"
run json-batch 1 "$cvd" cvss --json
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "json-batch: line count"
grep -q '"valid":false' "$tmp/out" && ok || bad "json-batch: invalid line"
rm -f "$tmp/in"

finish cli/cvss
