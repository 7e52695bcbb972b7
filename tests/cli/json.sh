#!/usr/bin/env bash
# `cvd json`: valid and invalid files, FILE:LINE:COL messages, --canonical / --pretty output,
# --json reports, standard input, unreadable files, exit codes and --help.
source "$(dirname "$0")/lib.bash"
data=${CVD_TEST_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data}
same() { # same NAME FILE EXPECTED-TEXT
    if [ "$(cat "$2")" == "$3" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: got"; cat "$2"; echo "want"; echo "$3"; fi
}
empty() {
    if [ ! -s "$2" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: expected no output, got"; cat "$2"; fi
}

printf '{"b":[1,2.50,{"z":null,"a":"\\u00e9\\n"}],"a":true}\n' >"$tmp/ok.json"
printf '{"a":1,\n  "b":2 x}' >"$tmp/bad.json"
printf '{"id":1,"id":2}' >"$tmp/dup.json"
printf '"\xff"' >"$tmp/utf8.json"

check valid 0 "$cvd" json "$tmp/ok.json"
empty valid-stdout "$tmp/out"
empty valid-stderr "$tmp/err"

check invalid 1 "$cvd" json "$tmp/bad.json"
same invalid-message "$tmp/err" "$tmp/bad.json:2:9: expected ',' or '}' after object member, found 'x'"
check duplicate 1 "$cvd" json "$tmp/dup.json"
same duplicate-message "$tmp/err" "$tmp/dup.json:1:9: duplicate key 'id' in object"
check bad-utf8 1 "$cvd" json "$tmp/utf8.json"
same bad-utf8-message "$tmp/err" "$tmp/utf8.json:1:2: invalid UTF-8 in string at byte 0xFF"

# every file is checked; one bad file makes the exit status 1
check mixed 1 "$cvd" json "$tmp/ok.json" "$tmp/bad.json" "$tmp/ok.json"
same mixed-stderr "$tmp/err" "$tmp/bad.json:2:9: expected ',' or '}' after object member, found 'x'"

check canonical 0 "$cvd" json --canonical "$tmp/ok.json"
same canonical-output "$tmp/out" '{"a":true,"b":[1,2.50,{"a":"é\n","z":null}]}'
check pretty 0 "$cvd" json --pretty "$tmp/ok.json"
same pretty-output "$tmp/out" '{
  "b": [
    1,
    2.50,
    {
      "z": null,
      "a": "é\n"
    }
  ],
  "a": true
}'
check pretty-canonical 0 "$cvd" json --pretty --canonical "$tmp/ok.json"
if [ "$(sed -n 2p "$tmp/out")" == '  "a": true,' ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL pretty-canonical: keys not sorted"; cat "$tmp/out"; fi

# canonical output is a fixed point
"$cvd" json --canonical "$tmp/ok.json" >"$tmp/c1.json"
check canonical-again 0 "$cvd" json --canonical "$tmp/c1.json"
same canonical-fixed-point "$tmp/out" "$(cat "$tmp/c1.json")"

check stdin 0 "$cvd" json --canonical - <"$tmp/ok.json"
same stdin-output "$tmp/out" '{"a":true,"b":[1,2.50,{"a":"é\n","z":null}]}'
check stdin-bad 1 "$cvd" json - <"$tmp/bad.json"
same stdin-bad-message "$tmp/err" "-:2:9: expected ',' or '}' after object member, found 'x'"

check json-report 1 "$cvd" json --json "$tmp/ok.json" "$tmp/dup.json"
same json-report-output "$tmp/out" "{\"file\":\"$tmp/ok.json\",\"valid\":true}
{\"file\":\"$tmp/dup.json\",\"valid\":false,\"error\":{\"code\":\"EDUP\",\"line\":1,\"column\":9,\"offset\":8,\"message\":\"duplicate key 'id' in object\"}}"
empty json-report-stderr "$tmp/err"

check missing-file 1 "$cvd" json "$tmp/nope.json"
if grep -q "cannot open '$tmp/nope.json'" "$tmp/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL missing-file message"; cat "$tmp/err"; fi

# deep nesting is a limit, not a crash
head -c 100000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
check deep 1 "$cvd" json "$tmp/deep.json"
same deep-message "$tmp/err" "$tmp/deep.json:1:65: nesting deeper than 64 levels"

# the JSONTestSuite files through the command: y_ accepted (duplicates aside), n_ rejected
if [ -d "$data/json/test_parsing" ]; then
    for f in "$data"/json/test_parsing/y_*.json; do
        case "$f" in *duplicated_key*) continue ;; esac
        "$cvd" json --canonical "$f" >/dev/null 2>&1 || { fail=$((fail + 1)); echo "FAIL y: $f"; }
    done
    for f in "$data"/json/test_parsing/n_*.json; do
        "$cvd" json "$f" >/dev/null 2>"$tmp/err"
        rc=$?
        if [ $rc -ne 1 ] || ! grep -qE '^.+:[0-9]+:[0-9]+: ' "$tmp/err"; then
            fail=$((fail + 1)); echo "FAIL n: $f (exit $rc)"; cat "$tmp/err"
        fi
    done
    pass=$((pass + 1))
fi

check help 0 "$cvd" json --help
if head -n 1 "$tmp/out" | grep -q '^usage: cvd json '; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL help: usage line"; fi
check no-file 2 "$cvd" json
check bad-option 2 "$cvd" json --frob "$tmp/ok.json"
if grep -q "try 'cvd json --help'" "$tmp/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL bad-option: message"; cat "$tmp/err"; fi
check json-with-canonical 2 "$cvd" json --json --canonical "$tmp/ok.json"

finish cli/json
