#!/usr/bin/env bash
# Throughput of `cvd cvss` batch mode against the npm calculator ae-cvss-calculator@1.0.13, on
# the same vectors, one core, in one run. Prints vectors/s for each and the ratio per version.
#
#   CVD_RELEASE_BIN=build/release/src/cli/cvd bench/cvss.sh
#
# Env: CVD_RELEASE_BIN (cvd of a release build; default build/release/src/cli/cvd),
# CVD_BENCH_N (vectors per version for cvd, default 1000000), CVD_BENCH_NPM_N (vectors per
# version for npm, default 20000 for v4.0 and 100000 for v3.1: npm is too slow for a million).
# Needs node and `npm install --prefix bench ae-cvss-calculator@1.0.13` (bench/node_modules is
# git-ignored); without them it says so and exits 0.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cvd=${CVD_RELEASE_BIN:-$top/build/release/src/cli/cvd}
data=$top/tests/data/cvss
n_cvd=${CVD_BENCH_N:-1000000}
if [ ! -x "$cvd" ]; then
    echo "bench/cvss.sh: no cvd binary at '$cvd' (build the release preset or set CVD_RELEASE_BIN)" >&2
    exit 2
fi
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi

have_npm=1
if ! command -v node >/dev/null 2>&1; then
    echo "bench/cvss.sh: node not found; measuring cvd only"
    have_npm=0
else
    # The peer goes into bench/node_modules (git-ignored), pinned by bench/package.json.
    if [ ! -f "$top/bench/node_modules/ae-cvss-calculator/package.json" ] && command -v npm >/dev/null 2>&1; then
        echo "bench/cvss.sh: installing ae-cvss-calculator@1.0.13 into bench/node_modules"
        npm install --prefix "$top/bench" --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || true
    fi
    if [ ! -f "$top/bench/node_modules/ae-cvss-calculator/package.json" ]; then
        echo "bench/cvss.sh: ae-cvss-calculator could not be installed (npm unavailable?); measuring cvd only"
        have_npm=0
    fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# repeat FILE... until N lines: the official and random vectors of one version
repeat() {
    local n=$1 out=$2
    shift 2
    grep -hv '^# ' "$@" | cut -f1 >"$tmp/base"
    local have
    have=$(wc -l <"$tmp/base")
    : >"$out"
    local reps=$(((n + have - 1) / have))
    for _ in $(seq 1 "$reps"); do cat "$tmp/base"; done | head -n "$n" >"$out"
}

now() { date +%s.%N; }

echo "single core: ${pin[*]:-(taskset not available)}; cvd: $cvd"
printf '%-6s %14s %14s %10s\n' version "cvd vec/s" "npm vec/s" ratio
status=0
for v in 3.1 4.0; do
    tag=${v/./}
    repeat "$n_cvd" "$tmp/cvd-$tag" "$data/cvss$tag-official.tsv" "$data/cvss$tag-random.tsv"
    t0=$(now)
    "${pin[@]}" "$cvd" cvss <"$tmp/cvd-$tag" >"$tmp/out-$tag" || { echo "cvd failed on v$v" >&2; status=1; }
    t1=$(now)
    lines=$(wc -l <"$tmp/out-$tag")
    [ "$lines" -eq "$n_cvd" ] || { echo "cvd wrote $lines lines for $n_cvd vectors" >&2; status=1; }
    cvd_rate=$(awk -v n="$n_cvd" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
    npm_rate=-
    ratio=-
    if [ "$have_npm" -eq 1 ]; then
        if [ "$v" = 4.0 ]; then n_npm=${CVD_BENCH_NPM_N:-20000}; else n_npm=${CVD_BENCH_NPM_N:-100000}; fi
        repeat "$n_npm" "$tmp/npm-$tag" "$data/cvss$tag-official.tsv" "$data/cvss$tag-random.tsv"
        res=$("${pin[@]}" node "$top/bench/cvss-npm.js" "$tmp/npm-$tag" "$v")
        npm_rate=$(printf '%s' "$res" | sed -nE 's/.*"per_second":([0-9.e+]+).*/\1/p')
        npm_rate=$(awk -v r="$npm_rate" 'BEGIN { printf "%.0f", r }')
        ratio=$(awk -v a="$cvd_rate" -v b="$npm_rate" 'BEGIN { printf "%.0fx", a / b }')
    fi
    printf 'v%-5s %14s %14s %10s\n' "$v" "$cvd_rate" "$npm_rate" "$ratio"
done
echo "(cvd: $n_cvd vectors per version through 'cvd cvss' batch mode, stdin to stdout, process"
echo " start included; npm: ae-cvss-calculator@1.0.13 in one node process, vectors in memory,"
echo " parse + score only, no output)"

lib=$(dirname "$(dirname "$cvd")")/../bench/bench-cvss
lib=$(cd "$(dirname "$lib")" 2>/dev/null && pwd)/bench-cvss || true
if [ -x "$lib" ]; then
    for v in 31 40; do
        echo "library only (bench-cvss, v${v:0:1}.${v:1}):"
        grep -hv '^# ' "$data/cvss$v-official.tsv" "$data/cvss$v-random.tsv" | cut -f1 >"$tmp/lib-$v"
        "${pin[@]}" "$lib" "$tmp/lib-$v" 200 | sed 's/^/  /'
    done
fi
exit "$status"
