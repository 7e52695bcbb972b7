#!/usr/bin/env bash
# cvd demo: the data set make run serves is created through the use cases, once, and leaves
# an intact audit log.
. "$(dirname "$0")/lib.bash"

check demo 0 "$cvd" demo --db "$tmp/demo.db" --base-url http://127.0.0.1:9999
expect_out demo 'cora@demo\.example +demo-coordinator'
expect_out demo '^  R-[0-9]{4}-000001  overdue +http://127\.0\.0\.1:9999/follow-up/cvd_fu_'
expect_out demo '^  R-[0-9]{4}-000006  invalid '
check demo-again 1 "$cvd" demo --db "$tmp/demo.db"
expect_err demo-again 'already has users'
check audit 0 "$cvd" audit verify --db "$tmp/demo.db"
expect_out audit 'intact: [0-9]+ events'
check usage 2 "$cvd" demo --bogus

finish demo
