#!/usr/bin/env bash
# cvd purl: canonical output, per-type rules, --json, --strict, stdin batches, exit codes.
. "$(dirname "$0")/lib.bash"

check help 0 "$cvd" purl --help
expect_out help '^usage: cvd purl '

check canonical 0 "$cvd" purl 'pkg:PYPI/Django_package@1.11.1.dev1' 'pkg:npm/@babel/core#/lib/'
expect_out canonical '^pkg:pypi/django-package@1\.11\.1\.dev1$'
expect_out canonical '^pkg:npm/%40babel/core#lib$'

check qualifiers 0 "$cvd" purl 'pkg:maven/org.apache/io@1.0?type=jar&classifier=sources&repository_url=https://x.org/r&empty='
expect_out qualifiers '^pkg:maven/org\.apache/io@1\.0\?classifier=sources&repository_url=https:%2F%2Fx\.org%2Fr&type=jar$'

check invalid 1 "$cvd" purl 'pkg:maven/io'
expect_out invalid "^error	namespace: required for type 'maven'"

check mixed 1 "$cvd" purl 'pkg:npm/a' 'nope'
expect_out mixed '^pkg:npm/a$'
expect_out mixed "^error	scheme"

check json 0 "$cvd" purl --json 'pkg:deb/debian/curl@7.0?arch=amd64'
expect_out json '"valid":true,"canonical":"pkg:deb/debian/curl@7\.0\?arch=amd64","type":"deb","namespace":"debian","name":"curl","version":"7\.0","qualifiers":\{"arch":"amd64"\},"subpath":null'

check json-invalid 1 "$cvd" purl --json 'pkg:x'
expect_out json-invalid '"valid":false,"error":\{"code":"EMISSING","offset":5,"message":"name: missing'

check strict 1 "$cvd" purl --strict 'pkg:gem/jruby-launcher@1.1.2?Platform=java'
expect_out strict "qualifier key 'Platform': must be lower case"
check lenient 0 "$cvd" purl 'pkg:gem/jruby-launcher@1.1.2?Platform=java'
expect_out lenient '\?platform=java$'

printf 'pkg:npm/a\r\n\npkg:maven/io\npkg:golang/google.golang.org/genproto#/a/b/' >"$tmp/in"
check stdin 1 "$cvd" purl <"$tmp/in"
if [ "$(wc -l <"$tmp/out")" -eq 4 ]; then ok; else bad "stdin: want 4 lines"; cat "$tmp/out"; fi
expect_out stdin '^pkg:npm/a$'
expect_out stdin '^pkg:golang/google\.golang\.org/genproto#a/b$'

check stdin-ok 0 "$cvd" purl <<<'pkg:cargo/rand@0.7.2'
expect_out stdin-ok '^pkg:cargo/rand@0\.7\.2$'

check usage 2 "$cvd" purl --bogus
expect_err usage "unknown option '--bogus'"

finish purl
