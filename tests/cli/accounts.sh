#!/usr/bin/env bash
# cvd init, org add, user add: the first administrator once, organisations and users with
# their refusals (duplicates, unknown kinds and organisations, weak passwords), each write
# leaving an audit event.
. "$(dirname "$0")/lib.bash"
export CVD_DB="$tmp/hub.db" CVD_PASSWORD_COST=min

check init-help 0 "$cvd" init --help
expect_out init-help '^usage: cvd init '
check init-usage 2 "$cvd" init --org X
expect_err init-usage 'are required'

echo 'admin password 1' >"$tmp/pw"
check init 0 "$cvd" init --org 'Test CSIRT' --email Admin@Example.org --name Ada --password-stdin <"$tmp/pw"
expect_out init "created organisation 'Test CSIRT'"
check init-again 1 "$cvd" init --org Y --email y@example.org --name Y --password-stdin <"$tmp/pw"
expect_err init-again 'already has users'

check org 0 "$cvd" org add ACME --kind vendor
check org-dup 1 "$cvd" org add ACME --kind vendor
expect_err org-dup "an organisation named 'ACME' exists"
check org-kind 2 "$cvd" org add Foo --kind bogus
expect_err org-kind "unknown kind 'bogus'"
check org-verb 2 "$cvd" org remove ACME

echo 'vendor password!' >"$tmp/pw2"
check user 0 "$cvd" user add vic@acme.example --name Vic --org ACME --role admin --password-stdin <"$tmp/pw2"
expect_out user "added user 'vic@acme.example' to ACME"
check user-dup 1 "$cvd" user add VIC@acme.example --name Vic --password-stdin <"$tmp/pw2"
expect_err user-dup 'a user with this address exists'
check user-org 1 "$cvd" user add n@example.org --name N --org Nowhere --password-stdin <"$tmp/pw2"
expect_err user-org "no organisation named 'Nowhere'"
echo 'short' >"$tmp/pw3"
check user-weak 1 "$cvd" user add w@example.org --name W --password-stdin <"$tmp/pw3"
expect_err user-weak 'shorter than 12 bytes'
check user-email 1 "$cvd" user add not-an-address --name W --password-stdin <"$tmp/pw2"
expect_err user-email 'email'
check user-nopw 2 "$cvd" user add z@example.org --name Z </dev/null
expect_err user-nopw 'password-stdin'
check user-role 2 "$cvd" user add z@example.org --name Z --role admin --password-stdin <"$tmp/pw2"

# Four events: the organisation and administrator of init, one org, one user; chain intact.
check audit 0 "$cvd" audit verify
expect_out audit 'intact: 4 events'

finish accounts
