#!/usr/bin/env bash
# `cvd osv affected`: the three verdicts and their exit codes, --json with the deciding entry,
# range and event, invalid records (JSON pointer in the message), standard input, usage errors.
# Checks that need a version scheme run only when `cvd version schemes` lists it.
source "$(dirname "$0")/lib.bash"
data=${CVD_TEST_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data}/osv
same() { # same NAME FILE EXPECTED-TEXT
    if [ "$(cat "$2")" == "$3" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: got"; cat "$2"; echo "want"; echo "$3"; fi
}
has_scheme() { "$cvd" version schemes 2>/dev/null | cut -f1 | grep -qx "$1"; }

pypa=$data/samples/pypa-git-and-ecosystem--PYSEC-2021-335.json
withdrawn=$data/samples/rustsec-withdrawn--RUSTSEC-2019-0031.json

# versions[] byte-equal: affected without any scheme; PEP 503 name
check listed 0 "$cvd" osv affected "$pypa" PyPI Access_Control 4.1
same listed-out "$tmp/out" "not affected"
check listed-pep503 0 "$cvd" osv affected "$pypa" PyPI AccessControl 4.1
same listed-pep503-out "$tmp/out" "affected"
check listed-json 0 "$cvd" osv affected --json "$pypa" PyPI accesscontrol 4.1
same listed-json-out "$tmp/out" '{"id":"PYSEC-2021-335","verdict":"affected","basis":"versions","affected_index":0,"version_index":1,"version":"4.1","pointer":"/affected/0/versions/1","entries_matched":1,"git_ranges_skipped":0}'

# other package / ecosystem: not affected
check no-package 0 "$cvd" osv affected --json "$pypa" npm accesscontrol 4.1
same no-package-out "$tmp/out" '{"id":"PYSEC-2021-335","verdict":"not affected","basis":"no-package","entries_matched":0,"git_ranges_skipped":0}'

# withdrawn
check withdrawn 0 "$cvd" osv affected "$withdrawn" crates.io spin 0.0.0-0
same withdrawn-out "$tmp/out" "not affected"

# no version scheme for the ecosystem: unknown, exit 1, never "not affected"
printf '%s' '{"id":"H-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Frobnix","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2"}]}]}]}' >"$tmp/frob.json"
check no-scheme 1 "$cvd" osv affected "$tmp/frob.json" Frobnix a 1
same no-scheme-out "$tmp/out" "unknown: cannot evaluate: no version scheme for ecosystem 'Frobnix'"
check no-scheme-json 1 "$cvd" osv affected --json "$tmp/frob.json" Frobnix a 1
same no-scheme-json-out "$tmp/out" '{"id":"H-1","verdict":"unknown","basis":"no-scheme","affected_index":0,"range_index":0,"range_type":"ECOSYSTEM","pointer":"/affected/0/ranges/0","entries_matched":1,"git_ranges_skipped":0,"reason":"cannot evaluate: no version scheme for ecosystem '"'"'Frobnix'"'"'"}'

# Debian: ranges, release suffix policy, --any-release
printf '%s' '{"id":"D-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Debian:12","name":"curl"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"7.88.1-10+deb12u5"}]}]}]}' >"$tmp/deb.json"
if has_scheme debian; then
    check deb-in 0 "$cvd" osv affected "$tmp/deb.json" Debian:12 curl 7.88.1-10+deb12u4
    same deb-in-out "$tmp/out" "affected"
    check deb-fixed 0 "$cvd" osv affected --json "$tmp/deb.json" Debian:12 curl 7.88.1-10+deb12u5
    same deb-fixed-out "$tmp/out" '{"id":"D-1","verdict":"not affected","basis":"event","affected_index":0,"range_index":0,"range_type":"ECOSYSTEM","event_index":1,"event":{"fixed":"7.88.1-10+deb12u5"},"pointer":"/affected/0/ranges/0/events/1","entries_matched":1,"git_ranges_skipped":0}'
    check deb-other-release 0 "$cvd" osv affected "$tmp/deb.json" Debian:11 curl 7.74.0-1.3+deb11u7
    same deb-other-release-out "$tmp/out" "not affected"
    check deb-bare 0 "$cvd" osv affected "$tmp/deb.json" Debian curl 7.88.1-10
    same deb-bare-out "$tmp/out" "not affected"
    check deb-any-release 0 "$cvd" osv affected --any-release "$tmp/deb.json" Debian curl 7.88.1-10
    same deb-any-release-out "$tmp/out" "affected"
    check deb-bad-version 1 "$cvd" osv affected "$tmp/deb.json" Debian:12 curl "a:b"
    expect_out deb-bad-version-out "^unknown: cannot compare 'a:b' with "
else
    echo "skipped: debian scheme not registered"
fi

# PyPI: the GIT range first must not hide the ECOSYSTEM range
if has_scheme pypi; then
    check pypi-range 0 "$cvd" osv affected --json "$pypa" PyPI accesscontrol 5.1.post1
    same pypi-range-out "$tmp/out" '{"id":"PYSEC-2021-335","verdict":"affected","basis":"event","affected_index":0,"range_index":1,"range_type":"ECOSYSTEM","event_index":2,"event":{"introduced":"5.0"},"pointer":"/affected/0/ranges/1/events/2","entries_matched":1,"git_ranges_skipped":1}'
else
    echo "skipped: pypi scheme not registered"
fi

# standard input
check stdin 0 "$cvd" osv affected - PyPI accesscontrol 4.1 <"$pypa"
same stdin-out "$tmp/out" "affected"

# invalid and unreadable records
printf '{"id":"X",\n "modified":"2026-01-01T00:00:00Z","affected":[{"ranges":[{"type":"FOO","events":[]}]}]}' >"$tmp/bad.json"
check invalid 1 "$cvd" osv affected "$tmp/bad.json" PyPI a 1
same invalid-err "$tmp/err" "$tmp/bad.json:2:67: /affected/0/ranges/0/type: unknown range type 'FOO'"
printf '{"id":' >"$tmp/trunc.json"
check truncated 1 "$cvd" osv affected "$tmp/trunc.json" PyPI a 1
expect_err truncated-err "^$tmp/trunc.json:1:7: "
check missing 1 "$cvd" osv affected "$tmp/nope.json" PyPI a 1
expect_err_text missing-err "cannot open '$tmp/nope.json'"

# usage
check help 0 "$cvd" osv --help
expect_out help-usage '^usage: cvd osv affected '
check help-sub 0 "$cvd" osv affected --help
expect_out help-sub-usage '^usage: cvd osv affected '
check no-sub 2 "$cvd" osv
check bad-sub 2 "$cvd" osv frob
expect_err_text bad-sub-err "unknown subcommand 'frob'"
check few-args 2 "$cvd" osv affected "$pypa" PyPI a
expect_err_text few-args-err "expected RECORD.json ECOSYSTEM NAME VERSION, got 3 arguments"
check bad-option 2 "$cvd" osv affected --frob "$pypa" PyPI a 1
expect_err_text bad-option-err "try 'cvd osv --help'"

finish cli/osv
