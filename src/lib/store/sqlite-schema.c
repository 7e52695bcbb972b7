/* The SQLite schema, as migrations embedded in the binary and applied in version order (each
 * recorded in schema_version). A released migration is never edited: change the schema with a
 * new one. docs/internals/store.md describes the tables. */
#include "store-int.h"

/* Version 1: accounts, reports, cases, messages and the audit log. Enums are stored as the
 * store's fixed text (store-api.c); ids of 0 ("none") are NULL so foreign keys hold; times
 * are Unix seconds, 0 meaning "not yet". */
static const char *const schema_1[] = {
    /* CVD__STORE_APPLICATION_ID, "cvd1" */
    "PRAGMA application_id = 1668703281;\n",
    "CREATE TABLE orgs (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name TEXT NOT NULL UNIQUE,\n"
    "    kind TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL\n"
    ") STRICT;\n",
    "CREATE TABLE users (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    email TEXT NOT NULL UNIQUE,\n"
    "    name TEXT NOT NULL,\n"
    "    password_hash TEXT NOT NULL,\n"
    "    is_admin INTEGER NOT NULL CHECK (is_admin IN (0, 1)),\n"
    "    created_at INTEGER NOT NULL\n"
    ") STRICT;\n",
    "CREATE TABLE memberships (\n"
    "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "    org_id INTEGER NOT NULL REFERENCES orgs(id),\n"
    "    role TEXT NOT NULL,\n"
    "    PRIMARY KEY (user_id, org_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX memberships_org ON memberships(org_id);\n",
    "CREATE TABLE sessions (\n"
    "    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),\n"
    "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "    csrf_hash BLOB NOT NULL CHECK (length(csrf_hash) = 32),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    expires_at INTEGER NOT NULL\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"
    "CREATE INDEX sessions_expires ON sessions(expires_at);\n",
    "CREATE TABLE api_tokens (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "    name TEXT NOT NULL,\n"
    "    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    last_used_at INTEGER NOT NULL DEFAULT 0,\n"
    "    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))\n"
    ") STRICT;\n"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);\n",
    "CREATE TABLE login_failures (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    key TEXT NOT NULL,\n"
    "    at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX login_failures_key ON login_failures(key, at);\n"
    "CREATE INDEX login_failures_at ON login_failures(at);\n",
    /* Per-year counters of the identifiers people see (R-2026-000123, CVD-2026-0042). */
    "CREATE TABLE id_counters (\n"
    "    kind TEXT NOT NULL,\n"
    "    year INTEGER NOT NULL,\n"
    "    last INTEGER NOT NULL,\n"
    "    PRIMARY KEY (kind, year)\n"
    ") STRICT, WITHOUT ROWID;\n",
    "CREATE TABLE cases (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    case_id TEXT NOT NULL UNIQUE,\n"
    "    title TEXT NOT NULL,\n"
    "    state TEXT NOT NULL,\n"
    "    tlp TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    closed_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX cases_created ON cases(created_at);\n"
    "CREATE INDEX cases_state ON cases(state, created_at);\n",
    "CREATE TABLE reports (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    tracking_id TEXT NOT NULL UNIQUE,\n"
    "    followup_hash BLOB UNIQUE CHECK (followup_hash IS NULL OR length(followup_hash) = 32),\n"
    "    received_at INTEGER NOT NULL,\n"
    "    channel TEXT NOT NULL,\n"
    "    state TEXT NOT NULL,\n"
    "    invalid_reason TEXT NOT NULL,\n"
    "    tlp TEXT NOT NULL,\n"
    "    title TEXT NOT NULL,\n"
    "    product TEXT NOT NULL,\n"
    "    versions TEXT NOT NULL,\n"
    "    description TEXT NOT NULL,\n"
    "    impact TEXT NOT NULL,\n"
    "    reproduction TEXT NOT NULL,\n"
    "    how_found TEXT NOT NULL,\n"
    "    disclosure_plans TEXT NOT NULL,\n"
    "    vendor_contacted TEXT NOT NULL,\n"
    "    publicly_known TEXT NOT NULL,\n"
    "    exploited TEXT NOT NULL,\n"
    "    credit_wanted INTEGER NOT NULL CHECK (credit_wanted IN (0, 1)),\n"
    "    credit_name TEXT NOT NULL,\n"
    "    share_contact INTEGER NOT NULL CHECK (share_contact IN (0, 1)),\n"
    "    reporter_name TEXT NOT NULL,\n"
    "    reporter_email TEXT NOT NULL,\n"
    "    reporter_pgp_key TEXT NOT NULL,\n"
    "    reporter_user INTEGER REFERENCES users(id),\n"
    "    acked_at INTEGER NOT NULL,\n"
    "    last_status_at INTEGER NOT NULL,\n"
    "    case_id INTEGER REFERENCES cases(id),\n"
    "    duplicate_of INTEGER REFERENCES reports(id),\n"
    "    updated_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX reports_received ON reports(received_at);\n"
    "CREATE INDEX reports_state ON reports(state, received_at);\n"
    "CREATE INDEX reports_updated ON reports(updated_at);\n"
    "CREATE INDEX reports_case ON reports(case_id);\n"
    "CREATE INDEX reports_duplicate ON reports(duplicate_of);\n"
    "CREATE INDEX reports_reporter_user ON reports(reporter_user);\n",
    "CREATE TABLE attachments (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    report_id INTEGER NOT NULL REFERENCES reports(id),\n"
    "    name TEXT NOT NULL,\n"
    "    content_type TEXT NOT NULL,\n"
    "    size INTEGER NOT NULL CHECK (size >= 0),\n"
    "    sha256 BLOB NOT NULL CHECK (length(sha256) = 32),\n"
    "    data BLOB NOT NULL,\n"
    "    created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX attachments_report ON attachments(report_id);\n",
    "CREATE TABLE vulns (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "    title TEXT NOT NULL,\n"
    "    cve_id TEXT NOT NULL,\n"
    "    cvss_vector TEXT NOT NULL,\n"
    "    cvss_score INTEGER NOT NULL,\n"
    "    ssvc TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX vulns_case ON vulns(case_id);\n"
    "CREATE UNIQUE INDEX vulns_case_cve ON vulns(case_id, cve_id) WHERE cve_id <> '';\n",
    "CREATE TABLE messages (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    report_id INTEGER REFERENCES reports(id),\n"
    "    case_id INTEGER REFERENCES cases(id),\n"
    "    author TEXT NOT NULL,\n"
    "    author_user INTEGER REFERENCES users(id),\n"
    "    body TEXT NOT NULL,\n"
    "    tlp TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    CHECK (report_id IS NOT NULL OR case_id IS NOT NULL)\n"
    ") STRICT;\n"
    "CREATE INDEX messages_report ON messages(report_id);\n"
    "CREATE INDEX messages_case ON messages(case_id);\n",
    /* The audit log. seq is assigned by cvd_store_event_append (head + 1), not by SQLite. */
    "CREATE TABLE events (\n"
    "    seq INTEGER PRIMARY KEY,\n"
    "    at INTEGER NOT NULL,\n"
    "    actor TEXT NOT NULL,\n"
    "    type TEXT NOT NULL,\n"
    "    object_kind TEXT NOT NULL,\n"
    "    object_id INTEGER NOT NULL,\n"
    "    before TEXT NOT NULL,\n"
    "    after TEXT NOT NULL,\n"
    "    data TEXT NOT NULL,\n"
    "    prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),\n"
    "    hash BLOB NOT NULL CHECK (length(hash) = 32)\n"
    ") STRICT;\n"
    "CREATE INDEX events_object ON events(object_kind, object_id, seq);\n",
    /* The head: the latest seq and hash, moved by a trigger in the appending transaction, so
     * deleting the last rows leaves a head that no row matches. */
    "CREATE TABLE audit_head (\n"
    "    id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "    seq INTEGER NOT NULL,\n"
    "    hash BLOB NOT NULL CHECK (length(hash) = 32)\n"
    ") STRICT;\n",
    "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));\n",
    /* Defence in depth: the database itself refuses to change or drop events, to append one
     * that does not extend the chain, or to move the head other than by an append. Anyone
     * with the file can drop these triggers; cvd_store_audit_verify does not rely on them. */
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n",
    "CREATE TRIGGER events_chain BEFORE INSERT ON events\n"
    "WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1)\n"
    "  OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)\n"
    "BEGIN SELECT RAISE(ABORT, 'an audit event must extend the chain'); END;\n",
    "CREATE TRIGGER events_head AFTER INSERT ON events\n"
    "BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;\n",
    "CREATE TRIGGER audit_head_follows BEFORE UPDATE ON audit_head\n"
    "WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1\n"
    "  OR NOT EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq AND hash = NEW.hash)\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit head only moves with an append'); END;\n",
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END;\n",
    NULL,
};

/* ---- outbox ---- */

/* Version 2: the notification outbox and the organisations' webhooks (docs/internals/outbox.md).
 * A webhook's secret is kept as is: the hub needs it to sign. webhook_id is no foreign key: a
 * removed webhook's queued deliveries stay (they die when a deliverer finds it gone). */
static const char *const schema_outbox[] = {
    "CREATE TABLE webhooks (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    org_id INTEGER NOT NULL REFERENCES orgs(id),\n"
    "    url TEXT NOT NULL,\n"
    "    secret BLOB NOT NULL CHECK (length(secret) BETWEEN 16 AND 1024),\n"
    "    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    UNIQUE (org_id, url)\n"
    ") STRICT;\n",
    "CREATE TABLE outbox (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('mail', 'webhook')),\n"
    "    dedupe_key TEXT NOT NULL UNIQUE,\n"
    "    recipient TEXT NOT NULL,\n"
    "    recipient_key TEXT NOT NULL,\n"
    "    webhook_id INTEGER,\n"
    "    tlp TEXT NOT NULL,\n"
    "    subject TEXT NOT NULL,\n"
    "    body TEXT NOT NULL,\n"
    "    path TEXT NOT NULL,\n"
    "    case_id INTEGER REFERENCES cases(id),\n"
    "    object_kind TEXT NOT NULL,\n"
    "    object_id INTEGER NOT NULL,\n"
    "    attempts INTEGER NOT NULL CHECK (attempts >= 0),\n"
    "    next_attempt_at INTEGER NOT NULL,\n"
    "    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),\n"
    "    last_error TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    sent_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_at);\n"
    "CREATE INDEX outbox_kind_due ON outbox(state, kind, next_attempt_at);\n"
    "CREATE INDEX outbox_case ON outbox(case_id) WHERE case_id IS NOT NULL;\n",
    NULL,
};

/* Version 3: the participants of a case (one organisation each, with roles, RM, fix path and
 * embargo answer; cvd/coord.h) and their case teams, indexed for the TLP reader's one lookup:
 * "which engaged participants' teams hold this user in this case". */
static const char *const schema_3[] = {
    "CREATE TABLE participants (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "    org_id INTEGER NOT NULL REFERENCES orgs(id),\n"
    "    roles TEXT NOT NULL,\n"
    "    rm TEXT NOT NULL,\n"
    "    vfd TEXT NOT NULL,\n"
    "    engaged INTEGER NOT NULL CHECK (engaged IN (0, 1)),\n"
    "    embargo_adherence INTEGER NOT NULL CHECK (embargo_adherence IN (0, 1)),\n"
    "    em_answer TEXT NOT NULL,\n"
    "    override_reason TEXT NOT NULL,\n"
    "    invited_at INTEGER NOT NULL,\n"
    "    delivered_at INTEGER NOT NULL,\n"
    "    left_at INTEGER NOT NULL,\n"
    "    UNIQUE (case_id, org_id)\n"
    ") STRICT;\n",
    "CREATE TABLE case_team (\n"
    "    participant_id INTEGER NOT NULL REFERENCES participants(id),\n"
    "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "    added_at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (participant_id, user_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX case_team_user ON case_team(user_id, participant_id);\n",
    NULL,
};

/* Version 4: the labelled case discussion. Messages are immutable (triggers refuse UPDATE and
 * DELETE); each has its audience rows (kind 'o' organisation, 'u' named user) and its body in
 * an external-content FTS5 index the store writes beside each message (not a trigger: the
 * store runs with trusted_schema off, which forbids triggers that write virtual tables). */
static const char *const schema_4[] = {
    "CREATE TABLE case_messages (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "    thread_id INTEGER REFERENCES case_messages(id),\n"
    "    author_user INTEGER NOT NULL REFERENCES users(id),\n"
    "    author_org INTEGER REFERENCES orgs(id),\n"
    "    tlp TEXT NOT NULL,\n"
    "    body TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX case_messages_case ON case_messages(case_id, id);\n",
    "CREATE TABLE case_message_audience (\n"
    "    message_id INTEGER NOT NULL REFERENCES case_messages(id),\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('o', 'u')),\n"
    "    ref INTEGER NOT NULL CHECK (ref > 0),\n"
    "    PRIMARY KEY (message_id, kind, ref)\n"
    ") STRICT, WITHOUT ROWID;\n",
    "CREATE VIRTUAL TABLE case_messages_fts USING fts5(body, content='case_messages', "
    "content_rowid='id');\n",
    "CREATE TRIGGER case_messages_no_update BEFORE UPDATE ON case_messages\n"
    "BEGIN SELECT RAISE(ABORT, 'case messages are never edited'); END;\n",
    "CREATE TRIGGER case_messages_no_delete BEFORE DELETE ON case_messages\n"
    "BEGIN SELECT RAISE(ABORT, 'case messages are never deleted'); END;\n",
    NULL,
};

/* Version 5: a case's embargo (one per case, struct cvd_embargo) and pxa bits. A case without
 * a row has no embargo and nothing public. */
static const char *const schema_5[] = {
    "CREATE TABLE case_coord (\n"
    "    case_id INTEGER PRIMARY KEY REFERENCES cases(id),\n"
    "    pxa INTEGER NOT NULL CHECK (pxa BETWEEN 0 AND 7),\n"
    "    em_state TEXT NOT NULL,\n"
    "    em_start INTEGER NOT NULL,\n"
    "    em_end INTEGER NOT NULL,\n"
    "    em_proposer INTEGER NOT NULL,\n"
    "    pending_end INTEGER NOT NULL,\n"
    "    pending_proposer INTEGER NOT NULL,\n"
    "    pending_at INTEGER NOT NULL,\n"
    "    em_reason TEXT NOT NULL,\n"
    "    exited_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX case_coord_ending ON case_coord(em_state, em_end);\n",
    NULL,
};

/* Version 6: how far each user has read each case's discussion (one row per user and case). */
static const char *const schema_6[] = {
    "CREATE TABLE case_reads (\n"
    "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "    case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "    last_read INTEGER NOT NULL CHECK (last_read >= 0),\n"
    "    PRIMARY KEY (user_id, case_id)\n"
    ") STRICT, WITHOUT ROWID;\n",
    NULL,
};

const struct cvd__store_migration cvd__store_sqlite_migrations[] = {
    {1, "accounts, reports, cases, messages, audit log", schema_1},
    /* ---- outbox ---- */
    {2, "notification outbox, webhooks", schema_outbox},
    {3, "participants and case teams", schema_3},
    {4, "labelled case messages, full-text index", schema_4},
    {5, "case embargo and pxa", schema_5},
    {6, "read marks of case discussions", schema_6},
};

const int cvd__store_sqlite_migration_count = (int)CVD_ARRAY_LEN(cvd__store_sqlite_migrations);

_Static_assert(CVD__STORE_APPLICATION_ID == 1668703281, "application_id in schema_1");
