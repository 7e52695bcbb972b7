#!/usr/bin/env bash
# The dispatcher: --version, help, unknown commands, and for every command in commands.def:
# `cvd CMD --help` exits 0 and its usage line is the SYNOPSIS of docs/cli/cvd-CMD.md.
source "$(dirname "$0")/lib.bash"
top=$(cd "$(dirname "$0")/../.." && pwd)

check version 0 "$cvd" --version
expect_out version '^cvd [0-9]+\.[0-9]+\.[0-9]+$'
check help 0 "$cvd" help
expect_out help '^usage: cvd '
check help-flag 0 "$cvd" --help
check no-args 2 "$cvd"
check unknown 2 "$cvd" frobnicate
expect_err unknown "'frobnicate' is not a cvd command"
check help-unknown 2 "$cvd" help frobnicate

cmds=$(sed -nE 's/^CVD_CMD\(([a-z0-9_]+),.*/\1/p' "$top/src/cli/commands.def")
[ -n "$cmds" ] || { echo "FAIL: no commands found in commands.def"; exit 1; }
for c in $cmds; do
    check "$c --help" 0 "$cvd" "$c" --help
    usage=$(head -n 1 "$tmp/out")
    case "$usage" in
    "usage: cvd $c"*) pass=$((pass + 1)) ;;
    *) fail=$((fail + 1)); echo "FAIL $c --help: first line '$usage' is not 'usage: cvd $c ...'" ;;
    esac
    check "help $c" 0 "$cvd" help "$c"
    check "$c bad option" 2 "$cvd" "$c" --no-such-option
    page="$top/docs/cli/cvd-$c.md"
    if [ ! -f "$page" ]; then
        fail=$((fail + 1)); echo "FAIL $c: no $page"
    elif ! grep -qF -- "${usage#usage: }" "$page"; then
        fail=$((fail + 1)); echo "FAIL $c: SYNOPSIS of $page lacks '${usage#usage: }'"
    else
        pass=$((pass + 1))
    fi
done
finish cli/cvd
