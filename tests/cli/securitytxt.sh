#!/usr/bin/env bash
# cvd securitytxt: lint (text, --json, stdin, --now, --keyring-dir), generate (plain and
# signed with a throw-away key), exit codes and usage errors.
source "$(dirname "$0")/lib.bash"
data=${CVD_TEST_DATA:?}/securitytxt
now=2026-01-01T00:00:00Z
json_check() { # json_check NAME PYTHON-EXPR-ON-d
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
        "$tmp/out" 2>/dev/null; then ok; else bad "$1: JSON check '$2' failed"; cat "$tmp/out"; fi
}

# help and usage
check help 0 "$cvd" securitytxt --help
expect_out help '^usage: cvd securitytxt lint '
check help-sub 0 "$cvd" securitytxt help
check no-sub 2 "$cvd" securitytxt
expect_err no-sub 'missing subcommand'
check bad-sub 2 "$cvd" securitytxt frob
check lint-no-file 2 "$cvd" securitytxt lint
check lint-two-files 2 "$cvd" securitytxt lint a b
check bad-now 2 "$cvd" securitytxt lint --now yesterday "$data/synthetic/ok-minimal-lf.txt"
expect_err_text bad-now "--now 'yesterday' is not an RFC 3339 date-time"
check bad-soon 2 "$cvd" securitytxt lint --soon-days 0 "$data/synthetic/ok-minimal-lf.txt"
check bad-opt 2 "$cvd" securitytxt lint --frob "$data/synthetic/ok-minimal-lf.txt"
check lint-config 2 "$cvd" securitytxt lint --config x "$data/synthetic/ok-minimal-lf.txt"
check gen-no-config 2 "$cvd" securitytxt generate
check gen-key-alone 2 "$cvd" securitytxt generate --config x --sign-key k
check missing-file 1 "$cvd" securitytxt lint "$tmp/nonesuch.txt"

# lint: valid with warnings exits 0; findings as LINE: CODE: message; summary last
check lint-ok 0 "$cvd" securitytxt lint --now $now "$data/synthetic/ok-minimal-lf.txt"
expect_out lint-ok '^-: ST-W-NOT-SIGNED: no OpenPGP cleartext signature$'
expect_out lint-ok '^-: ST-W-NO-ENCRYPTION: '
expect_out lint-ok 'ok-minimal-lf.txt: valid: 0 errors, 2 warnings, 1 info; signature none$'
check lint-ok-stdin 0 "$cvd" securitytxt lint --now=$now - <"$data/synthetic/ok-minimal-lf.txt"
expect_out lint-ok-stdin '^<stdin>: valid: '

# lint: errors exit 1, sorted by line
check lint-bad 1 "$cvd" securitytxt lint --now $now "$data/vaneeckhout-securitytxt-parser/invalid-uris.txt"
expect_out lint-bad '^[0-9]+: ST-E-HTTP-URI: the (Acknowledgments|Canonical|Encryption|Hiring|Policy) URI '
expect_out lint-bad 'invalid: 5 errors'
lines=$(grep -oE '^[0-9]+' "$tmp/out" | tr '\n' ' ')
sorted=$(grep -oE '^[0-9]+' "$tmp/out" | sort -n | tr '\n' ' ')
[ "$lines" = "$sorted" ] && ok || bad "lint-bad: findings not sorted by line: $lines"
check lint-ws 1 "$cvd" securitytxt lint --now $now "$data/synthetic/inv-ws-before-colon.txt"
expect_out lint-ws "^1: ST-E-WS-BEFORE-COLON: whitespace between field name 'Contact' and ':'$"
check lint-expired 1 "$cvd" securitytxt lint --now 2026-07-01T00:00:00Z "$data/synthetic/ok-minimal-lf.txt"
expect_out lint-expired '^2: ST-E-EXPIRED: file expired at 2026-06-30T23:59:59Z$'
check lint-soon 0 "$cvd" securitytxt lint --now 2026-06-15T00:00:00Z "$data/synthetic/ok-minimal-lf.txt"
expect_out lint-soon 'ST-W-EXPIRES-SOON'
check lint-soon-days 0 "$cvd" securitytxt lint --now 2026-06-15T00:00:00Z --soon-days 7 "$data/synthetic/ok-minimal-lf.txt"
if grep -q EXPIRES-SOON "$tmp/out"; then bad "lint-soon-days: 7-day window still warns"; else ok; fi
check lint-latin1 1 "$cvd" securitytxt lint --json --now $now "$data/synthetic/inv-not-utf8-latin1.txt"
json_check lint-latin1 'd["valid"] is False and any(f["rule"] == "ST-E-NOT-UTF8" for f in d["findings"])'

# --json
check json 0 "$cvd" securitytxt lint --json --now $now "$data/synthetic/ok-all-fields-csaf.txt"
json_check json 'd["valid"] and d["errors"] == 0 and d["signed"] is False and d["expires"] == "2026-06-30T23:59:59Z"'
json_check json '[f["value"] for f in d["fields"] if f["kind"] == "Contact"] == ["mailto:security@example.org", "tel:+44-20-7946-0000", "https://example.org/security/report"]'
json_check json 'all(set(f) == {"rule", "severity", "line", "message"} for f in d["findings"])'
check json-bad 1 "$cvd" securitytxt lint --json --now $now "$data/synthetic/inv-empty-file.txt"
json_check json-bad 'd["errors"] == 2 and d["findings"][0]["line"] is None'

# signatures with the corpus key (throw-away keyring; never the user's)
if command -v gpg >/dev/null; then
    home=$(mktemp -d /tmp/cvd-sectxt-cli.XXXXXX)
    gpg --homedir "$home" --batch --quiet --import "$data/synthetic/test-signing-key.pub.asc" 2>/dev/null
    check sig-good 0 "$cvd" securitytxt lint --keyring-dir "$home" --now $now "$data/synthetic/ok-signed-valid-signature.txt"
    expect_out sig-good 'valid: 0 errors, 0 warnings, 0 info; signature good$'
    check sig-bad 1 "$cvd" securitytxt lint --keyring-dir "$home" --now $now "$data/synthetic/inv-signed-tampered-content.txt"
    expect_out sig-bad '^-: ST-E-SIG-BAD: bad signature'
    check sig-nokey 1 "$cvd" securitytxt lint --keyring-dir "$home" --now $now "$data/real-world/grapheneos.org.txt"
    expect_out sig-nokey 'signature no-key$'
    check sig-unchecked 0 "$cvd" securitytxt lint --now $now "$data/synthetic/ok-signed-valid-signature.txt"
    expect_out sig-unchecked '^-: ST-I-SIG-UNVERIFIED: '
    check sig-json 0 "$cvd" securitytxt lint --json --keyring-dir "$home" --now $now "$data/synthetic/ok-signed-dash-escaped.txt"
    json_check sig-json 'd["signature"]["status"] == "good" and d["signature"]["fingerprint"] == "0C27365E9D75892A0C8A22CB38C3E94C655A8E2C"'
    check sig-no-home 1 "$cvd" securitytxt lint --keyring-dir "$home/nonesuch" "$data/synthetic/ok-signed-valid-signature.txt"
    expect_err sig-no-home "GNUPGHOME '.*nonesuch' is not a directory"
    gpgconf --homedir "$home" --kill all 2>/dev/null
    rm -rf "$home"
else
    echo "gpg not installed: signature checks skipped"
fi

# generate
cat >"$tmp/org.conf" <<'EOF'
# example organisation
contact = mailto:security@example.org
contact = https://example.org/report
encryption = https://example.org/pgp-key.txt
canonical = https://example.org/.well-known/security.txt
policy = https://example.org/policy
preferred-languages = en, nl
csaf = https://example.org/.well-known/csaf/provider-metadata.json
expires-days = 90
EOF
check gen 0 "$cvd" securitytxt generate --config "$tmp/org.conf" --now $now
expect_out gen '^Expires: 2026-04-01T00:00:00Z$'
expect_out gen '^Contact: mailto:security@example.org$'
cp "$tmp/out" "$tmp/gen.txt"
check gen-lint 0 "$cvd" securitytxt lint --now $now "$tmp/gen.txt"
expect_out gen-lint 'valid: 0 errors, 1 warning, 0 info'
printf 'contact = mailto:a@example.org\nexpires-days = 400\n' >"$tmp/bad.conf"
check gen-bad-days 1 "$cvd" securitytxt generate --config "$tmp/bad.conf"
expect_err gen-bad-days "expires-days '400' is not a number from 1 to 365"
printf 'contact = mailto:a@example.org\nhomepage = https://example.org\n' >"$tmp/bad.conf"
check gen-bad-key 1 "$cvd" securitytxt generate --config "$tmp/bad.conf"
expect_err gen-bad-key "line 2: unknown key 'homepage'"
printf 'contact = security@example.org\n' >"$tmp/bad.conf"
check gen-lint-fails 1 "$cvd" securitytxt generate --config "$tmp/bad.conf"
expect_err gen-lint-fails 'ST-E-NOT-URI'

# generate, signed with a throw-away key, then verified
if command -v gpg >/dev/null; then
    home=$(mktemp -d /tmp/cvd-sectxt-cli.XXXXXX)
    gpg --homedir "$home" --batch --quiet --passphrase '' --quick-gen-key \
        'cvd cli test (TEST ONLY) <test@example.org>' ed25519 sign 1d 2>/dev/null
    check gen-signed 0 "$cvd" securitytxt generate --config "$tmp/org.conf" --sign-key test@example.org --gnupghome "$home"
    expect_out gen-signed '^-----BEGIN PGP SIGNED MESSAGE-----$'
    cp "$tmp/out" "$tmp/signed.txt"
    check gen-signed-lint 0 "$cvd" securitytxt lint --keyring-dir "$home" "$tmp/signed.txt"
    expect_out gen-signed-lint 'valid: 0 errors, 0 warnings, 0 info; signature good$'
    sed 's/report$/evil/' "$tmp/signed.txt" >"$tmp/tampered.txt"
    check gen-signed-tampered 1 "$cvd" securitytxt lint --keyring-dir "$home" "$tmp/tampered.txt"
    expect_out gen-signed-tampered 'ST-E-SIG-BAD'
    check gen-no-key 1 "$cvd" securitytxt generate --config "$tmp/org.conf" --sign-key nobody@example.org --gnupghome "$home"
    expect_err gen-no-key "no secret key 'nobody@example.org'"
    gpgconf --homedir "$home" --kill all 2>/dev/null
    rm -rf "$home"
fi

# hostile input: over the 1 MiB cap is refused
head -c 1100000 /dev/zero | tr '\0' '#' >"$tmp/big.txt"
check too-big 1 "$cvd" securitytxt lint "$tmp/big.txt"
finish cli/securitytxt
