#!/usr/bin/env bash
# cvd version: compare and satisfies with arguments and in batches, vers: ranges, --json,
# per-line errors that do not stop a batch, usage errors and exit codes.
. "$(dirname "$0")/lib.bash"

check help 0 "$cvd" version --help
expect_out help '^usage: cvd version '

check schemes 0 "$cvd" version schemes
expect_out schemes '^npm	compare, ranges$'
expect_out schemes '^debian	compare$'

check compare-debian 0 "$cvd" version compare --scheme debian 1.0~rc1 1.0
expect_out compare-debian '^-1$'
check compare-pypi 0 "$cvd" version compare --scheme=pypi 1.0 1.0.0
expect_out compare-pypi '^0$'
check compare-invalid 1 "$cvd" version compare --scheme debian a1 1
expect_out compare-invalid "^error	invalid debian version 'a1': version number does not start with digit$"

check satisfies-npm 0 "$cvd" version satisfies --scheme npm 1.2.4-beta '^1.2.3'
expect_out satisfies-npm '^false$'
check satisfies-gem 0 "$cvd" version satisfies --scheme rubygems 2.7.1 '~> 2.7'
expect_out satisfies-gem '^true$'

# vers: ranges name their scheme; --scheme is optional and must agree when given.
check vers 0 "$cvd" version satisfies 1.3-1 'vers:deb/>=1.2|<1.4'
expect_out vers '^true$'
check vers-scheme 0 "$cvd" version satisfies --scheme debian 1.4 'vers:deb/>=1.2|<1.4'
expect_out vers-scheme '^false$'
check vers-disagree 1 "$cvd" version satisfies --scheme npm 1.3.0 'vers:deb/>=1.2|<1.4'
expect_out vers-disagree "^error	range is for scheme 'debian', not 'npm'$"

# Batches: one answer per line, in order; a bad line answers error and the run goes on.
printf '1.0\t1.0.0\n2!1.0\t3.0\nnot a pair\n1.0.post1\t1.0\n' >"$tmp/in"
check batch-compare 1 "$cvd" version compare --scheme pypi <"$tmp/in"
if [ "$(cat "$tmp/out")" = "$(printf '0\n1\nerror\texpected two fields separated by a TAB\n1')" ]; then
    ok
else
    bad "batch-compare: answers"; cat "$tmp/out"
fi
printf '1.5.0\t>=1.0.0 <2.0.0\n2.0.0\t>=1.0.0 <2.0.0\n1.0\tvers:npm/>=1.0.0\n1.0.0\t>=x.1\n' >"$tmp/in"
check batch-satisfies 1 "$cvd" version satisfies --scheme npm <"$tmp/in"
if [ "$(sed -n 1,3p "$tmp/out" | tr '\n' ' ')" = "true false error	invalid npm version '1.0': expected MAJOR.MINOR.PATCH " ] &&
    [ "$(sed -n 4p "$tmp/out" | cut -f1)" = error ]; then
    ok
else
    bad "batch-satisfies: answers"; cat "$tmp/out"
fi
printf '1.0\t2.0\n' >"$tmp/in"
check batch-not-semver 1 "$cvd" version compare --scheme semver <"$tmp/in"
expect_out batch-not-semver '^error	invalid semver version' # 1.0 is not SemVer 2.0.0
printf '1.0.0\t2.0.0\n' >"$tmp/in"
check batch-clean 0 "$cvd" version compare --scheme semver <"$tmp/in"
expect_out batch-clean '^-1$'

check json 0 "$cvd" version compare --json --scheme npm 1.0.0 1.0.1
expect_out json '^\{"scheme":"npm","a":"1\.0\.0","b":"1\.0\.1","cmp":-1\}$'
check json-sat 0 "$cvd" version satisfies --json --scheme npm 1.0.0 '<2'
expect_out json-sat '"satisfies":true'

check no-scheme 2 "$cvd" version compare 1 2
expect_err no-scheme 'compare needs --scheme'
check unknown-scheme 2 "$cvd" version compare --scheme cobol 1 2
expect_err unknown-scheme "unknown scheme 'cobol'"
check no-ranges 2 "$cvd" version satisfies --scheme debian 1.0 '>=1'
expect_err no-ranges 'the debian scheme has no range syntax of its own'
check one-arg 2 "$cvd" version compare --scheme npm 1.0.0
expect_err one-arg 'needs two arguments, or none'
check no-verb 2 "$cvd" version
expect_err no-verb 'say compare, satisfies or schemes'

finish version
