#!/usr/bin/env bash
# cvd db and cvd audit: create and migrate a database, append audit events from the documented
# hash encoding (an independent implementation in Python), back up, verify, then tamper with
# sqlite3 as an attacker with the file would (triggers dropped first) and see verify fail.
. "$(dirname "$0")/lib.bash"
if ! command -v sqlite3 >/dev/null || ! command -v python3 >/dev/null; then
    echo "cli/db: needs sqlite3 and python3 (tools/install-deps test)"
    exit 77
fi

db=$tmp/hub.db

check help 0 "$cvd" db --help
expect_out help '^usage: cvd db migrate \[--db PATH\]$'
check audit-help 0 "$cvd" audit --help
expect_out audit-help '^usage: cvd audit verify'

check missing 1 "$cvd" audit verify --db "$db"
expect_err missing "database '.*hub.db' does not exist"
check backup-missing 1 "$cvd" db backup --db "$db" "$tmp/nothing.db"
expect_err backup-missing "does not exist"

check migrate 0 "$cvd" db migrate --db "$db"
expect_out migrate 'hub.db: schema version [0-9]+, [0-9]+ migrations? applied \(from version 0\)$'
check migrate-again 0 "$cvd" db migrate --db "$db"
expect_out migrate-again 'hub.db: schema version [0-9]+, up to date$'
if [ "$(stat -c %a "$db")" = 600 ]; then ok; else bad "mode: $(stat -c %a "$db"), want 600"; fi

check default-env 0 env CVD_DB="$db" "$cvd" audit verify
expect_out default-env '^audit log intact: 0 events, head 0 sha256:0{64}$'
(cd "$tmp" && "$cvd" db migrate >/dev/null) && [ -f "$tmp/cvd.db" ] && ok || bad "default ./cvd.db"

# Append six events exactly as cvd_store_event_append does, from docs/internals/store.md. The
# database's triggers accept them only when they extend the chain; verify then checks the
# hashes, so this also proves the documented encoding is the implemented one.
python3 - "$db" <<'EOF' || bad "python: appending events failed"
import hashlib, sqlite3, struct, sys

def u64(n):
    return struct.pack(">Q", n & 0xFFFFFFFFFFFFFFFF)

def lp(b):
    return u64(len(b)) + b

def event_hash(seq, at, actor, type_, kind, object_id, before, after, data, prev):
    h = hashlib.sha256()
    h.update(lp(b"cvd.audit.v1"))
    h.update(u64(seq) + u64(at))
    for s in (actor, type_, kind):
        h.update(lp(s.encode()))
    h.update(u64(object_id))
    for s in (before, after, data):
        h.update(lp(s.encode()))
    h.update(prev)
    return h.digest()

db = sqlite3.connect(sys.argv[1])
seq, prev = db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
for i in range(6):
    seq += 1
    ev = (seq, 1767225600 + i, "cli", "report.submitted", "report", i + 1, "",
          "received", '{"note":"\'; DROP TABLE events; --","n":%d}' % i)
    digest = event_hash(*ev, prev)
    db.execute("INSERT INTO events (seq, at, actor, type, object_kind, object_id, before, "
               "after, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               ev + (prev, digest))
    prev = digest
db.commit()
EOF

check verify 0 "$cvd" audit verify --db "$db"
expect_out verify '^audit log intact: 6 events, head 6 sha256:[0-9a-f]{64}$'
check verify-json 0 "$cvd" audit verify --db "$db" --json
expect_out verify-json '^\{"intact":true,"events":6,"head_seq":6,"head_hash":"[0-9a-f]{64}"\}$'

check backup 0 "$cvd" db backup --db "$db" "$tmp/backup.db"
expect_out backup 'hub.db: backed up to .*backup.db$'
if [ "$(stat -c %a "$tmp/backup.db")" = 600 ]; then ok; else bad "backup mode, want 600"; fi
check backup-exists 1 "$cvd" db backup --db "$db" "$tmp/backup.db"
expect_err backup-exists "already exists"
check backup-verify 0 "$cvd" audit verify --db "$tmp/backup.db"
expect_out backup-verify '^audit log intact: 6 events, head 6 '

# The database refuses edits on its own...
if sqlite3 "$db" "UPDATE events SET after = 'closed' WHERE seq = 2" 2>"$tmp/sqlerr"; then
    bad "trigger: an UPDATE of events was accepted"
elif grep -q "append-only" "$tmp/sqlerr"; then ok; else bad "trigger: $(cat "$tmp/sqlerr")"; fi
if sqlite3 "$db" "DELETE FROM events WHERE seq = 6" 2>"$tmp/sqlerr"; then
    bad "trigger: a DELETE of events was accepted"
else ok; fi

# ... but whoever has the file can drop the triggers. verify does not rely on them.
drop="DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"
tamper() {
    rm -f "$tmp/t.db" "$tmp/t.db-wal" "$tmp/t.db-shm"
    cp "$tmp/backup.db" "$tmp/t.db"
    sqlite3 "$tmp/t.db" "$drop $1" || bad "tamper: sqlite3 refused '$1'"
}

tamper "UPDATE events SET data = '{}' WHERE seq = 3"
check edited 1 "$cvd" audit verify --db "$tmp/t.db"
expect_out edited '^audit log broken at event 3: event 3 was edited \(its hash does not match it\) \(2 events intact\)$'

tamper "DELETE FROM events WHERE seq = 4"
check deleted 1 "$cvd" audit verify --db "$tmp/t.db"
expect_out deleted '^audit log broken at event 4: event 4 is missing \(the next event is 5\)'

tamper "DELETE FROM events WHERE seq = 6"
check truncated 1 "$cvd" audit verify --db "$tmp/t.db"
expect_out truncated '^audit log broken at event 6: events 6 to 6 are missing at the end'
check truncated-json 1 "$cvd" audit verify --db "$tmp/t.db" --json
expect_out truncated-json '^\{"intact":false,"events":5,"first_bad_seq":6,"reason":"events 6 to 6 are missing at the end \(the head records 6\)"\}$'

check not-cvd 1 "$cvd" audit verify --db "$tmp/sqlerr"
expect_err not-cvd "cannot"

check usage-option 2 "$cvd" db --bogus
expect_err usage-option "unknown option '--bogus'"
check usage-verb 2 "$cvd" db frob
expect_err usage-verb "unknown subcommand 'frob'"
check usage-none 2 "$cvd" db
check usage-backup 2 "$cvd" db backup
expect_err usage-backup "backup needs one FILE"
check usage-db 2 "$cvd" db migrate --db
check usage-audit 2 "$cvd" audit check
check usage-audit-none 2 "$cvd" audit --json

finish db
