#!/usr/bin/env bash
# cvd ssvc: list, eval (text and --json), --vector, partial knowledge, errors and exit codes.
source "$(dirname "$0")/lib.bash"
expect_out_exact() { # expect_out_exact NAME TEXT (whole stdout)
    if [ "$(cat "$tmp/out")" = "$2" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: stdout is '$(cat "$tmp/out")', want '$2'"; fi
}
expect_empty_out() {
    if [ ! -s "$tmp/out" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: stdout not empty"; cat "$tmp/out"; fi
}
json_check() { # json_check NAME PYTHON-EXPR-ON-d
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
        "$tmp/out" 2>/dev/null; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL $1: JSON check '$2' failed"; cat "$tmp/out"; fi
}

# help
check help 0 "$cvd" ssvc --help
expect_out help '^usage: cvd ssvc list'
check help-eval 0 "$cvd" ssvc eval --help
check help-sub 0 "$cvd" ssvc help

# list
check list 0 "$cvd" ssvc list
expect_out list '^ssvc:DT_SP:1\.0\.0 \(supplier\): Supplier Patch Development Priority$'
expect_out list '^cisa:DT_BOD2604:1\.0\.0 \(bod2604\): CISA BOD 26-04$'
expect_out list '^  in  ssvc:U:1\.0\.1 Utility: L=Laborious, E=Efficient, S=Super Effective \(or derived by ssvc:DT_U:1\.0\.0\)$'
expect_out list '^  out ssvc:DSOI:1\.0\.0 '
check list-one 0 "$cvd" ssvc list deployer
expect_out list-one '^ssvc:DT_DP:1\.0\.0 \(deployer\)'
[ "$(grep -c '^[a-z]' "$tmp/out")" -eq 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL list-one: more than one table"; }
check list-json 0 "$cvd" ssvc list --json
json_check list-json 'len(d) == 10 and d[0]["id"] == "ssvc:DT_SP:1.0.0" and d[0]["alias"] == "supplier" and d[0]["inputs"][1]["derived_by"] == "ssvc:DT_U:1.0.0" and [v["key"] for v in d[0]["outcome"]["values"]] == ["D","S","O","I"]'
check list-unknown 1 "$cvd" ssvc list nonesuch
expect_err_text list-unknown "unknown table 'nonesuch'"
check list-two 2 "$cvd" ssvc list supplier deployer

# eval, text
check eval 0 "$cvd" ssvc eval supplier E=A U=S TI=T PSI=S
expect_out_exact eval 'Immediate (I)'
check eval-id 0 "$cvd" ssvc eval ssvc:DT_SP:1.0.0 ssvc:E:1.1.0=N ssvc:U:1.0.1=L ssvc:TI:1.0.0=P ssvc:PSI:2.0.1=M
expect_out_exact eval-id 'Defer (D)'
check eval-names 0 "$cvd" ssvc eval deployer Exploitation=active "System Exposure=open" Automatable=yes "Human Impact=very high"
expect_out_exact eval-names 'Immediate (I)'
check eval-derived 0 "$cvd" ssvc eval supplier E=A A=Y VD=C TI=T SI=R
expect_out_exact eval-derived 'Immediate (I)'
check eval-cisa-mwi 0 "$cvd" ssvc eval cisa E=A A=Y TI=T MP=M PWI=MA
expect_out_exact eval-cisa-mwi 'Act (AC)'
check eval-bod 0 "$cvd" ssvc eval bod2604 KEV=N PE=N A=N TI=P
expect_out_exact eval-bod 'Fix on system upgrade (FSU)'
check eval-partial 0 "$cvd" ssvc eval supplier E=A U=L,S TI=T SI=N,C
expect_out_exact eval-partial 'Out-of-Cycle (O) .. Immediate (I)'
check eval-options-anywhere 0 "$cvd" ssvc eval --json supplier E=A U=S --json TI=T PSI=S

# eval --json
check eval-json 0 "$cvd" ssvc eval supplier E=A A=Y VD=C TI=T SI=R --json
json_check eval-json 'd["table"] == "ssvc:DT_SP:1.0.0" and d["outcome"] == {"key": "I", "name": "Immediate"} and d["outcome_point"] == "ssvc:DSOI:1.0.0" and d["inputs"][1]["id"] == "ssvc:U:1.0.1" and d["inputs"][1]["derived"] and d["inputs"][1]["derived_by"] == "ssvc:DT_U:1.0.0" and [x["id"] for x in d["inputs"][1]["from"]] == ["ssvc:A:2.0.0", "ssvc:VD:1.0.0"] and d["inputs"][1]["values"] == [{"key": "S", "name": "Super Effective"}] and d["vector"] == "SSVCv2/A:Y/E:A/SI:R/TI:T/VD:C/"'
check eval-json-partial 0 "$cvd" ssvc eval supplier E=A U=L,S TI=T SI=N,C --json
json_check eval-json-partial 'd["outcome"] is None and [o["key"] for o in d["outcomes"]] == ["O", "I"] and d["lowest"]["key"] == "O" and d["highest"]["key"] == "I"'

# --vector
check vector 0 "$cvd" ssvc eval supplier --vector 'SSVCv2/E:A/PSI:S/TI:T/U:S/2024-01-01T00:00:00Z/'
expect_out_exact vector 'Immediate (I)'
check vector-eq 0 "$cvd" ssvc eval supplier --vector='SSVCv2/E:A/PSI:MS/TI:T/U:LS/'
expect_out_exact vector-eq 'Out-of-Cycle (O) .. Immediate (I)'
check vector-json 0 "$cvd" ssvc eval deployer --json --vector 'SSVCv2/A:Y/E:A/EXP:O/HI:VH/2024-01-01/'
json_check vector-json 'd["outcome"]["key"] == "I" and d["timestamp"] == "2024-01-01"'
check vector-plus-pairs 0 "$cvd" ssvc eval supplier --vector 'SSVCv2/E:A/TI:T/' U=S PSI=S
expect_out_exact vector-plus-pairs 'Immediate (I)'
check vector-calculator 1 "$cvd" ssvc eval deployer --vector 'SSVCv2/E:A/X:O/A:Y/HI:VH/'
expect_err_text vector-calculator "unknown decision point key 'X'"
check vector-no-slash 1 "$cvd" ssvc eval supplier --vector 'SSVCv2/E:A'
expect_err_text vector-no-slash "does not end with '/'"
check vector-missing 1 "$cvd" ssvc eval supplier --vector 'SSVCv2/E:A/'
expect_err_text vector-missing "missing input 'ssvc:U:1.0.1' (Utility)"

# --vulnrichment (CISA ADP SSVC metric); MWI must be added
vrf="${CVD_TEST_DATA:-$(cd "$(dirname "$0")/../data" && pwd)}/ssvc/vulnrichment-CVE-2024-3400.json"
check vr 0 "$cvd" ssvc eval cisa --vulnrichment "$vrf" MWI=H
expect_out_exact vr 'Act (AC)'
check vr-derived 0 "$cvd" ssvc eval cisa --vulnrichment="$vrf" MP=M PWI=M
expect_out_exact vr-derived 'Attend (AT)'
check vr-bod 0 "$cvd" ssvc eval bod2604 --vulnrichment "$vrf" KEV=Y PE=N
check vr-no-mwi 1 "$cvd" ssvc eval cisa --vulnrichment "$vrf"
expect_err_text vr-no-mwi "missing input 'ssvc:MWI:1.0.0'"
echo '[{"Exploitation":"poc"},{"Automatable":"no"},{"Technical Impact":"partial"}]' >"$tmp/opts.json"
check vr-options 0 "$cvd" ssvc eval cisa --json --vulnrichment "$tmp/opts.json" MWI=L
json_check vr-options 'd["outcome"]["key"] == "T" and d["inputs"][0]["values"][0]["key"] == "P"'
check vr-stdin 0 "$cvd" ssvc eval cisa --vulnrichment - MWI=L <"$tmp/opts.json"
check vr-bad-json 1 "$cvd" ssvc eval cisa --vulnrichment - MWI=L <<<'[1'
check vr-no-metric 1 "$cvd" ssvc eval cisa --vulnrichment - MWI=L <<<'{"a":1}'
expect_err_text vr-no-metric "no CISA SSVC metric"
check vr-no-file 1 "$cvd" ssvc eval cisa --vulnrichment "$tmp/nonesuch.json" MWI=L
check vr-no-arg 2 "$cvd" ssvc eval cisa --vulnrichment

# evaluation errors: exit 1, nothing on stdout
check unknown-table 1 "$cvd" ssvc eval nonesuch E=A
expect_err_text unknown-table "cvd ssvc: unknown table 'nonesuch'"
expect_empty_out unknown-table
check unknown-point 1 "$cvd" ssvc eval supplier FOO=A
expect_err_text unknown-point "unknown decision point 'FOO' for table 'ssvc:DT_SP:1.0.0'"
check unknown-value 1 "$cvd" ssvc eval supplier E=Z U=S TI=T PSI=S
expect_err_text unknown-value "unknown value 'Z' for 'ssvc:E:1.1.0' (Exploitation)"
check other-version-value 1 "$cvd" ssvc eval deployer E=A EXP=U A=Y HI=H
expect_err_text other-version-value "value 'U' (Unavoidable) belongs to 'ssvc:EXP:1.0.0', another version of 'ssvc:EXP:1.0.1'"
check other-version-point 1 "$cvd" ssvc eval deployer ssvc:EXP:1.0.0=S
expect_err_text other-version-point "is another version of 'ssvc:EXP:1.0.1'"
check missing 1 "$cvd" ssvc eval supplier E=A U=S TI=T
expect_err_text missing "missing input 'ssvc:PSI:2.0.1' (Public Safety Impact)"
expect_empty_out missing

# usage errors: exit 2
check no-sub 2 "$cvd" ssvc
check bad-sub 2 "$cvd" ssvc frob
expect_err_text bad-sub "unknown subcommand 'frob'"
check bad-option 2 "$cvd" ssvc eval supplier --frob
check no-table 2 "$cvd" ssvc eval
check no-pairs 2 "$cvd" ssvc eval supplier
check not-pair 2 "$cvd" ssvc eval supplier E
expect_err_text not-pair "'E' is not POINT=VALUE"
check empty-value 2 "$cvd" ssvc eval supplier E=
check vector-no-arg 2 "$cvd" ssvc eval supplier --vector
check list-vector 2 "$cvd" ssvc list --vector 'SSVCv2/E:A/'

finish cli/ssvc
