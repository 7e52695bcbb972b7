#!/usr/bin/env bash
# Version schemes against their reference implementations, side by side in one run:
#   Debian: cvd's dpkg ordering against libdpkg's dpkg_version_compare (bench-dpkg, built
#           when libdpkg-dev is installed), in process, CPU time;
#   npm:    `cvd version satisfies --scheme npm` batch mode against the npm package semver
#           (satisfies, default options) on the same VERSION<TAB>RANGE pairs.
# Called by `make bench` (CVD_RELEASE_BIN, CVD_BENCH_BIN); skips a side with a message when
# its peer is missing.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cvd=${CVD_RELEASE_BIN:-$top/build/release/src/cli/cvd}
bin=${CVD_BENCH_BIN:-$top/build/release/bench}
data=$top/tests/data/versions
pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# Debian: the oracle pairs and the generated real-version pairs.
if [ ! -x "$bin/bench-dpkg" ]; then
    echo "bench/vers.sh: bench-dpkg not built (libdpkg-dev missing?): Debian comparison skipped"
elif [ ! -f "$data/oracle/debian.tsv" ]; then
    echo "bench/vers.sh: $data/oracle/debian.tsv missing: Debian comparison skipped"
else
    cat "$data/oracle/debian.tsv" "$data"/osv-scalibr/debian-versions*.txt >"$tmp/deb" 2>/dev/null
    "${pin[@]}" "$bin/bench-dpkg" "$tmp/deb" 50 || status=1
fi
echo

# npm: satisfies on the oracle's (range, version) pairs, as VERSION<TAB>RANGE.
if [ ! -f "$data/oracle/npm-range.tsv" ]; then
    echo "bench/vers.sh: $data/oracle/npm-range.tsv missing: npm comparison skipped"
    exit $status
fi
awk -F'\t' '!/^#/ && NF >= 2 { print $2 "\t" $1 }' "$data/oracle/npm-range.tsv" >"$tmp/pairs"
n_pairs=$(wc -l <"$tmp/pairs")
rounds=${CVD_BENCH_NPM_ROUNDS:-40}
for _ in $(seq 1 "$rounds"); do cat "$tmp/pairs"; done >"$tmp/npm-in"
checks=$((n_pairs * rounds))
have_semver=0
if command -v node >/dev/null 2>&1; then
    if [ ! -f "$top/bench/node_modules/semver/package.json" ] && command -v npm >/dev/null 2>&1; then
        npm install --prefix "$top/bench" --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || true
    fi
    [ -f "$top/bench/node_modules/semver/package.json" ] && have_semver=1
fi
[ "$have_semver" = 1 ] || echo "bench/vers.sh: npm package semver unavailable: measuring cvd only"

# The two sides take turns, TRIALS times each, and each reports its median trial: load from
# elsewhere on a shared machine then hits both sides alike instead of one of them.
trials=${CVD_BENCH_TRIALS:-5}
: >"$tmp/cvd-rates"
: >"$tmp/npm-rates"
for _ in $(seq 1 "$trials"); do
    t0=$(date +%s.%N)
    "${pin[@]}" "$cvd" version satisfies --scheme npm <"$tmp/npm-in" >"$tmp/npm-out" || true
    t1=$(date +%s.%N)
    if [ "$(wc -l <"$tmp/npm-out")" -ne "$checks" ]; then
        echo "bench/vers.sh: cvd answered $(wc -l <"$tmp/npm-out") of $checks lines" >&2
        exit 1
    fi
    awk -v n="$checks" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", n / (b - a) }' >>"$tmp/cvd-rates"
    if [ "$have_semver" = 1 ]; then
        res=$("${pin[@]}" node "$top/bench/vers-npm.js" "$tmp/pairs" "$rounds")
        printf '%s' "$res" | sed -nE 's/.*"per_second":([0-9.e+]+).*/\1/p' |
            awk '{ printf "%.0f\n", $1 }' >>"$tmp/npm-rates"
    fi
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
cvd_rate=$(median "$tmp/cvd-rates")
npm_rate=$(median "$tmp/npm-rates")
ratio=-
[ "$npm_rate" != - ] && ratio=$(awk -v a="$cvd_rate" -v b="$npm_rate" 'BEGIN { printf "%.1fx", a / b }')
echo "npm satisfies: $n_pairs pairs x $rounds rounds, median of $trials alternating trials, one core"
printf '  %-42s %12s checks/s\n' "cvd version satisfies --scheme npm" "$cvd_rate"
printf '  %-42s %12s checks/s\n' "semver (npm) satisfies" "$npm_rate"
echo "  ratio cvd / semver: $ratio  (cvd: process start, reading and writing included;"
echo "  semver: in memory, satisfies() only)"
exit $status
