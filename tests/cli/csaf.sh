#!/usr/bin/env bash
# `cvd csaf validate`: findings in text and --json, directories, what is not checked, exit codes.
source "$(dirname "$0")/lib.bash"
data=${CVD_TEST_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data}/csaf
inv=$data/mandatory/invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json

check invalid 1 "$cvd" csaf validate "$inv"
expect_out invalid-finding ': 6\.1\.1 error /product_tree/product_groups/0/product_ids/0: product id .CSAFPID-9080700. is not defined$'
expect_out invalid-summary ': 2 errors$'

check valid 0 "$cvd" csaf validate "$data/examples/bsi-2022-0001.json"
expect_out valid-summary 'bsi-2022-0001.json: no findings in the checked tests$'

check json 1 "$cvd" csaf validate --json "$inv"
expect_out json-line '^\{"file":"[^"]*6-1-01-01.json","valid":false,"errors":\[\{"test":"6.1.1","pointer":"/product_tree/product_groups/0/product_ids/0","message":"product id '"'"'CSAFPID-9080700'"'"' is not defined"\},'
expect_out json-not-checked '"not_checked":\["schema","6.1.8","6.1.11","6.1.12"\]'
check json-valid 0 "$cvd" csaf validate --json "$data/examples/bsi-2022-0001.json"
expect_out json-valid-line '"valid":true,"errors":\[\],"warnings":\[\]'

check dir 1 "$cvd" csaf validate --json "$data/mandatory/invalid"
if [ "$(wc -l <"$tmp/out")" -eq "$(ls "$data"/mandatory/invalid/*.json | wc -l)" ]; then ok; else
    bad "dir: one line per file"; fi
check dir-valid 0 "$cvd" csaf validate "$data/examples"

printf '{"a":' >"$tmp/bad.json"
check not-json 1 "$cvd" csaf validate "$tmp/bad.json"
check stdin 0 "$cvd" csaf validate - <"$data/examples/bsi-2022-0001.json"
check missing 2 "$cvd" csaf validate "$tmp/nope.json"
check no-file 2 "$cvd" csaf validate
check no-subcommand 2 "$cvd" csaf
check help 0 "$cvd" csaf validate --help
expect_out help-not-checked 'NOT checked: the JSON Schema'
finish cli/csaf
