/* The use cases end to end on a temporary SQLite file: accounts and throttled logins,
 * sessions and tokens, intake with receipts and follow-up secrets, every report action and
 * its refusals, cases, scored vulnerabilities, and the audit chain behind all of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cvd/core.h"

static int64_t now_value = 1795000000; /* 2026-11-18 */

static int64_t test_now(const struct cvd_clock *c)
{
    (void)c;
    return now_value;
}

static const struct cvd_clock test_clock = {.now_fn = test_now};

struct fixture {
    char dir[64];
    char path[96];
    struct cvd_hub *hub;
    struct cvd_principal sys, admin, coord, vendor;
    struct cvd_arena arena;
};

static const struct cvd_principal anon = {.kind = CVD_PRINCIPAL_ANONYMOUS};

static int login_as(struct fixture *f, const char *email, const char *password,
                    struct cvd_principal *ret)
{
    char sess[CVD_SECRET_TEXT_MAX], csrf[CVD_SECRET_TEXT_MAX];
    int64_t retry = 0;
    int rc = cvd_hub_login(f->hub, cvd_str_from_cstr(email), cvd_str_from_cstr(password),
                           CVD_STR("192.0.2.1"), sess, csrf, &retry, NULL);
    if (rc)
        return rc;
    unsigned char csrf_hash[CVD_SECRET_HASH_BYTES], want[CVD_SECRET_HASH_BYTES];
    rc = cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, ret, csrf_hash);
    cvd_auth_secret_hash(cvd_str_from_cstr(csrf), want);
    assert_true(rc != 0 || cvd_auth_equal(csrf_hash, want, sizeof(want)));
    return rc;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/cvd-core-XXXXXX");
    if (f == NULL || mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/hub.db", f->dir);
    struct cvd_hub_config cfg = {.db_path = f->path,
                                 .clock = &test_clock,
                                 .instance_name = "Test CSIRT",
                                 .base_url = "https://cvd.example/",
                                 .password_cost = CVD_PASSWORD_COST_MIN};
    struct cvd_diag d = {0};
    if (cvd_hub_open(&cfg, &f->hub, &d) != 0) {
        fprintf(stderr, "open: %s\n", d.msg);
        return -1;
    }
    cvd_arena_init(&f->arena, 0);
    f->sys.kind = CVD_PRINCIPAL_SYSTEM;
    if (cvd_hub_init_instance(f->hub, CVD_STR("Test CSIRT"), CVD_STR("Admin@Example.org"),
                              CVD_STR("Ada Admin"), CVD_STR("admin password 1"), NULL, &d) ||
        cvd_hub_org_add(f->hub, &f->sys, CVD_STR("ACME"), CVD_ORG_VENDOR, NULL, NULL, &d) ||
        cvd_hub_user_add(f->hub, &f->sys, CVD_STR("coord@example.org"), CVD_STR("Cora"),
                         CVD_STR("coordinator pass"), false, CVD_STR("Test CSIRT"), CVD_ROLE_MEMBER,
                         NULL, NULL, &d) ||
        cvd_hub_user_add(f->hub, &f->sys, CVD_STR("vendor@acme.example"), CVD_STR("Vic"),
                         CVD_STR("vendor password"), false, CVD_STR("ACME"), CVD_ROLE_ADMIN, NULL,
                         NULL, &d) ||
        login_as(f, "admin@example.org", "admin password 1", &f->admin) ||
        login_as(f, "coord@example.org", "coordinator pass", &f->coord) ||
        login_as(f, "vendor@acme.example", "vendor password", &f->vendor)) {
        fprintf(stderr, "setup: %s\n", d.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    cvd_hub_close(f->hub);
    cvd_arena_release(&f->arena);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void accounts(void **state)
{
    struct fixture *f = *state;
    struct cvd_diag d = {0};
    const char *field = NULL;
    assert_true(f->admin.is_admin);
    assert_true(f->admin.is_coordinator);
    assert_true(f->coord.is_coordinator);
    assert_false(f->coord.is_admin);
    assert_false(f->vendor.is_coordinator);
    /* Once only. */
    assert_int_equal(cvd_hub_init_instance(f->hub, CVD_STR("X"), CVD_STR("x@example.org"),
                                           CVD_STR("X"), CVD_STR("another password"), NULL, &d),
                     CVD_ESTATE);
    /* Refusals name the field. */
    assert_int_equal(cvd_hub_user_add(f->hub, &f->sys, CVD_STR("COORD@example.org"), CVD_STR("Dup"),
                                      CVD_STR("long enough pass"), false, CVD_STR(""),
                                      CVD_ROLE_MEMBER, NULL, &field, &d),
                     CVD_EDUP);
    assert_string_equal(field, "email");
    assert_int_equal(cvd_hub_user_add(f->hub, &f->sys, CVD_STR("n@example.org"), CVD_STR("N"),
                                      CVD_STR("long enough pass"), false, CVD_STR("Nobody Inc"),
                                      CVD_ROLE_MEMBER, NULL, &field, &d),
                     CVD_ENOTFOUND);
    assert_string_equal(field, "org");
    assert_int_equal(cvd_hub_user_add(f->hub, &f->sys, CVD_STR("n@example.org"), CVD_STR("N"),
                                      CVD_STR("short"), false, CVD_STR(""), CVD_ROLE_MEMBER, NULL,
                                      &field, &d),
                     CVD_EINVAL);
    assert_string_equal(field, "password");
    assert_int_equal(cvd_hub_user_add(f->hub, &f->sys, CVD_STR("not-an-address"), CVD_STR("N"),
                                      CVD_STR("long enough pass"), false, CVD_STR(""),
                                      CVD_ROLE_MEMBER, NULL, &field, &d),
                     CVD_EINVAL);
    assert_string_equal(field, "email");
    /* Only administrators manage accounts. */
    assert_int_equal(
        cvd_hub_org_add(f->hub, &f->coord, CVD_STR("Y"), CVD_ORG_VENDOR, NULL, NULL, &d),
        CVD_EDENIED);
    assert_int_equal(cvd_hub_org_add(f->hub, &anon, CVD_STR("Y"), CVD_ORG_VENDOR, NULL, NULL, &d),
                     CVD_EAUTH);
    assert_int_equal(
        cvd_hub_org_add(f->hub, &f->admin, CVD_STR("ACME"), CVD_ORG_VENDOR, NULL, &field, &d),
        CVD_EDUP);
}

static void logins(void **state)
{
    struct fixture *f = *state;
    char sess[CVD_SECRET_TEXT_MAX], csrf[CVD_SECRET_TEXT_MAX];
    int64_t retry = 0;
    struct cvd_principal p;
    struct cvd_diag d = {0};
    /* An unknown name and a wrong password answer alike. */
    assert_int_equal(cvd_hub_login(f->hub, CVD_STR("nobody@example.org"), CVD_STR("whatever"),
                                   CVD_STR("198.51.100.7"), sess, csrf, &retry, &d),
                     CVD_EAUTH);
    for (int i = 0; i < 4; i++)
        assert_int_equal(cvd_hub_login(f->hub, CVD_STR("coord@example.org"), CVD_STR("wrong"),
                                       CVD_STR("198.51.100.8"), sess, csrf, &retry, &d),
                         CVD_EAUTH);
    /* The fifth failure locks the name, even with the right password, from any address. */
    assert_int_equal(cvd_hub_login(f->hub, CVD_STR("Coord@Example.org"), CVD_STR("wrong"),
                                   CVD_STR("198.51.100.9"), sess, csrf, &retry, &d),
                     CVD_EAUTH);
    assert_int_equal(cvd_hub_login(f->hub, CVD_STR("coord@example.org"),
                                   CVD_STR("coordinator pass"), CVD_STR("203.0.113.1"), sess, csrf,
                                   &retry, &d),
                     CVD_ERATE);
    assert_true(retry > 0 && retry <= 900);
    /* After the window it opens again, and the session works until logout. */
    now_value += 901;
    assert_int_equal(cvd_hub_login(f->hub, CVD_STR("coord@example.org"),
                                   CVD_STR("coordinator pass"), CVD_STR("203.0.113.1"), sess, csrf,
                                   &retry, &d),
                     0);
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL), 0);
    assert_true(p.is_coordinator);
    assert_int_equal(cvd_hub_logout(f->hub, cvd_str_from_cstr(sess)), 0);
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL),
                     CVD_EAUTH);
    assert_int_equal(cvd_hub_session(f->hub, CVD_STR("garbage"), &f->arena, &p, NULL), CVD_EAUTH);
    /* API tokens. */
    char tok[CVD_SECRET_TEXT_MAX];
    assert_int_equal(cvd_hub_token_create(f->hub, &f->coord, CVD_STR("ci"), tok, NULL, &d), 0);
    assert_int_equal(cvd_hub_token_auth(f->hub, cvd_str_from_cstr(tok), &f->arena, &p), 0);
    assert_int_equal(p.user_id, f->coord.user_id);
    tok[10] ^= 1;
    assert_int_equal(cvd_hub_token_auth(f->hub, cvd_str_from_cstr(tok), &f->arena, &p), CVD_EAUTH);
    assert_int_equal(cvd_hub_token_create(f->hub, &anon, CVD_STR("x"), tok, NULL, &d), CVD_EAUTH);
}

/* Principals are cached per secret: a write in this process drops them at once; one by
 * another process (here a second hub on the same file) is seen within two seconds. */
static void auth_cache(void **state)
{
    struct fixture *f = *state;
    struct cvd_principal p;
    struct cvd_diag d = {0};
    char sess[CVD_SECRET_TEXT_MAX], csrf[CVD_SECRET_TEXT_MAX], tok[CVD_SECRET_TEXT_MAX];
    int64_t retry = 0;
    assert_int_equal(cvd_hub_login(f->hub, CVD_STR("coord@example.org"),
                                   CVD_STR("coordinator pass"), CVD_STR("192.0.2.1"), sess, csrf,
                                   &retry, &d),
                     0);
    assert_int_equal(cvd_hub_token_create(f->hub, &f->coord, CVD_STR("ci"), tok, NULL, &d), 0);
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL), 0);
    assert_int_equal(cvd_hub_token_auth(f->hub, cvd_str_from_cstr(tok), &f->arena, &p), 0);
    assert_string_equal(p.display.ptr, "Cora");

    struct cvd_hub *other = NULL;
    struct cvd_hub_config cfg = {
        .db_path = f->path, .clock = &test_clock, .password_cost = CVD_PASSWORD_COST_MIN};
    assert_int_equal(cvd_hub_open(&cfg, &other, &d), 0);
    assert_int_equal(cvd_hub_logout(other, cvd_str_from_cstr(sess)), 0);
    cvd_hub_close(other);
    /* Not seen yet: the cache answers for at most CVD__AUTH_CACHE_SECONDS. */
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL), 0);
    now_value += 2;
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL),
                     CVD_EAUTH);

    /* A login session cached, then logged out here: refused on the very next request. */
    assert_int_equal(cvd_hub_login(f->hub, CVD_STR("coord@example.org"),
                                   CVD_STR("coordinator pass"), CVD_STR("192.0.2.1"), sess, csrf,
                                   &retry, &d),
                     0);
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL), 0);
    assert_int_equal(cvd_hub_logout(f->hub, cvd_str_from_cstr(sess)), 0);
    assert_int_equal(cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, &p, NULL),
                     CVD_EAUTH);
    /* The token still works (from the store again: every entry was dropped by the write). */
    assert_int_equal(cvd_hub_token_auth(f->hub, cvd_str_from_cstr(tok), &f->arena, &p), 0);
    assert_int_equal(p.user_id, f->coord.user_id);
    assert_true(p.is_coordinator);
}

static struct cvd_report sample(const char *title)
{
    return (struct cvd_report){.channel = CVD_CHANNEL_WEB,
                               .tlp = CVD_TLP_AMBER,
                               .title = cvd_str_from_cstr(title),
                               .product = CVD_STR("ACME Router 3000"),
                               .versions = CVD_STR("< 2.4.1"),
                               .description = CVD_STR("Stack overflow in the login form.")};
}

static void submit(struct fixture *f, const char *title, struct cvd_receipt *r)
{
    struct cvd_report in = sample(title);
    struct cvd_diag d = {0};
    int rc = cvd_hub_report_submit(f->hub, &anon, &in, NULL, 0, &f->arena, r, NULL, &d);
    if (rc)
        fprintf(stderr, "submit: %s\n", d.msg);
    assert_int_equal(rc, 0);
}

static void intake(void **state)
{
    struct fixture *f = *state;
    struct cvd_diag d = {0};
    const char *field = NULL;
    struct cvd_receipt r;
    struct cvd_report in = sample("x'); DROP TABLE reports; --");
    struct cvd_upload up = {CVD_STR("poc.py"), CVD_STR("text/x-python"), CVD_STR("print(1)\n")};
    assert_int_equal(cvd_hub_report_submit(f->hub, &anon, &in, &up, 1, &f->arena, &r, &field, &d),
                     0);
    assert_int_equal(r.tracking_id.len, 13);
    assert_memory_equal(r.tracking_id.ptr, "R-2026-", 7);
    assert_memory_equal(r.follow_up_url.ptr, "https://cvd.example/follow-up/cvd_fu_", 37);
    /* The follow-up secret opens this report and nothing else. */
    struct cvd_principal rep;
    assert_int_equal(
        cvd_hub_follow_up_auth(f->hub, cvd_str_from_cstr(r.follow_up_secret), &f->arena, &rep), 0);
    assert_true(cvd_str_eq(rep.tracking_id, r.tracking_id));
    struct cvd_report_view v;
    assert_int_equal(cvd_hub_report_get(f->hub, &rep, r.tracking_id, &f->arena, &v, &d), 0);
    assert_true(cvd_str_eq_cstr(v.report.title, "x'); DROP TABLE reports; --"));
    assert_int_equal(v.report.state, CVD_REPORT_RECEIVED);
    assert_int_equal(v.n_messages, 1); /* the receipt, with the tracking id (INV10) */
    assert_non_null(strstr(v.messages[0].body.ptr, v.report.tracking_id.ptr));
    assert_int_equal(v.n_attachments, 1);
    assert_int_equal(v.attachments[0].size, 9);
    assert_int_equal(v.due_timer, CVD_TIMER_ACK);
    struct cvd_receipt other;
    submit(f, "Another", &other);
    assert_int_equal(cvd_hub_report_get(f->hub, &rep, other.tracking_id, &f->arena, &v, &d),
                     CVD_ENOTFOUND);
    assert_int_equal(cvd_hub_report_get(f->hub, &f->vendor, r.tracking_id, &f->arena, &v, &d),
                     CVD_ENOTFOUND);
    assert_int_equal(cvd_hub_report_get(f->hub, &anon, r.tracking_id, &f->arena, &v, &d),
                     CVD_EAUTH);
    char bad[CVD_SECRET_TEXT_MAX];
    memcpy(bad, r.follow_up_secret, sizeof(bad));
    bad[12] = bad[12] == 'A' ? 'B' : 'A';
    assert_int_equal(cvd_hub_follow_up_auth(f->hub, cvd_str_from_cstr(bad), &f->arena, &rep),
                     CVD_EAUTH);
    /* Bad input is refused with the field named, and nothing is stored. */
    in = sample("   ");
    assert_int_equal(cvd_hub_report_submit(f->hub, &anon, &in, NULL, 0, &f->arena, &r, &field, &d),
                     CVD_EMISSING);
    assert_string_equal(field, "title");
    in = sample("ok");
    in.reporter_email = CVD_STR("not an address");
    assert_int_equal(cvd_hub_report_submit(f->hub, &anon, &in, NULL, 0, &f->arena, &r, &field, &d),
                     CVD_EINVAL);
    assert_string_equal(field, "reporter_email");
    /* No file over 10 MiB reaches the store, whichever front end sends it. */
    static char big[(10 << 20) + 1];
    struct cvd_upload huge = {
        CVD_STR("dump.bin"), CVD_STR("application/octet-stream"), {big, sizeof(big)}};
    in = sample("ok");
    assert_int_equal(cvd_hub_report_submit(f->hub, &anon, &in, &huge, 1, &f->arena, &r, &field, &d),
                     CVD_ELIMIT);
    assert_string_equal(field, "attachments");
    assert_non_null(strstr(d.msg, "dump.bin"));
}

static void act(struct fixture *f, const struct cvd_principal *p, struct cvd_str tid,
                enum cvd_report_action a, const struct cvd_report_act_args *args, int want,
                struct cvd_report_view *v)
{
    struct cvd_diag d = {0};
    const char *field = NULL;
    int rc = cvd_hub_report_act(f->hub, p, tid, a, args, &f->arena, v, &field, &d);
    if (rc != want)
        fprintf(stderr, "%s: %s (%s)\n", cvd_report_action_name(a), d.msg, field ? field : "-");
    assert_int_equal(rc, want);
}

static void handling(void **state)
{
    struct fixture *f = *state;
    struct cvd_receipt r1, r2, r3;
    struct cvd_report_view v;
    struct cvd_diag d = {0};
    submit(f, "Overflow", &r1);
    submit(f, "Same overflow", &r2);
    submit(f, "Not a bug", &r3);
    /* Wrong state, not allowed, bad input. */
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_ACCEPT, NULL, CVD_ESTATE, NULL);
    act(f, &f->vendor, r1.tracking_id, CVD_REPORT_VALIDATE, NULL, CVD_EDENIED, NULL);
    act(f, &anon, r1.tracking_id, CVD_REPORT_VALIDATE, NULL, CVD_EAUTH, NULL);
    act(f, &f->coord, CVD_STR("R-2026-999999"), CVD_REPORT_VALIDATE, NULL, CVD_ENOTFOUND, NULL);
    act(f, &f->coord, r3.tracking_id, CVD_REPORT_INVALIDATE, NULL, CVD_EMISSING, NULL);
    struct cvd_report_act_args no_msg = {0};
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_REQUEST_INFO, &no_msg, CVD_EMISSING, NULL);
    /* Acknowledge once. */
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_ACKNOWLEDGE, NULL, 0, &v);
    assert_int_equal(v.report.acked_at, now_value);
    assert_int_equal(v.due_timer, CVD_TIMER_STATUS);
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_ACKNOWLEDGE, NULL, CVD_ESTATE, NULL);
    /* Validate creates a case; a duplicate joins it. */
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_VALIDATE, NULL, 0, &v);
    assert_int_equal(v.report.state, CVD_REPORT_VALID);
    assert_int_equal(v.case_id.len, 13);
    assert_memory_equal(v.case_id.ptr, "CVD-2026-", 9);
    struct cvd_str case_id = v.case_id;
    act(f, &f->coord, r2.tracking_id, CVD_REPORT_VALIDATE,
        &(struct cvd_report_act_args){.case_id = case_id}, 0, &v);
    act(f, &f->coord, r2.tracking_id, CVD_REPORT_MARK_DUPLICATE,
        &(struct cvd_report_act_args){.duplicate_of = r2.tracking_id}, CVD_EINVAL, NULL);
    act(f, &f->coord, r2.tracking_id, CVD_REPORT_MARK_DUPLICATE,
        &(struct cvd_report_act_args){.duplicate_of = r1.tracking_id}, 0, &v);
    assert_true(cvd_str_eq(v.duplicate_of, r1.tracking_id));
    act(f, &f->coord, r2.tracking_id, CVD_REPORT_DEFER, NULL, 0, &v);
    act(f, &f->coord, r2.tracking_id, CVD_REPORT_CLOSE, NULL, 0, &v);
    assert_int_equal(v.report.state, CVD_REPORT_CLOSED);
    /* The state machine's refusal comes before "already acknowledged". */
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_ACKNOWLEDGE, NULL, CVD_ESTATE, NULL);
    d = (struct cvd_diag){0};
    assert_int_equal(cvd_hub_report_act(f->hub, &f->coord, r2.tracking_id, CVD_REPORT_ACKNOWLEDGE,
                                        NULL, &f->arena, NULL, NULL, &d),
                     CVD_ESTATE);
    assert_non_null(strstr(d.msg, "closed"));
    /* Questions and answers through the follow-up link; every outcome told (INV09). */
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_REQUEST_INFO,
        &(struct cvd_report_act_args){.message = CVD_STR("Which firmware <b>build</b>?")}, 0, &v);
    struct cvd_principal rep;
    assert_int_equal(
        cvd_hub_follow_up_auth(f->hub, cvd_str_from_cstr(r1.follow_up_secret), &f->arena, &rep), 0);
    act(f, &rep, r1.tracking_id, CVD_REPORT_ADD_INFO,
        &(struct cvd_report_act_args){.message = CVD_STR("Build 2.4.0-17.")}, 0, &v);
    act(f, &rep, r1.tracking_id, CVD_REPORT_ACCEPT, NULL, CVD_EDENIED, NULL);
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_ADD_INFO,
        &(struct cvd_report_act_args){.message = CVD_STR("x")}, CVD_EDENIED, NULL);
    /* receipt, ack, validated, question, answer */
    assert_int_equal(v.n_messages, 5);
    assert_int_equal(v.messages[4].author, CVD_AUTHOR_REPORTER);
    /* Accepting the report accepts its case; questions are over then (EV03: R, I, V). */
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_ACCEPT, NULL, 0, &v);
    struct cvd_case_view cv;
    assert_int_equal(cvd_hub_case_get(f->hub, &f->coord, case_id, &f->arena, &cv, &d), 0);
    assert_int_equal(cv.c.state, CVD_CASE_ACCEPTED);
    assert_int_equal(cv.n_reports, 2);
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_REQUEST_INFO,
        &(struct cvd_report_act_args){.message = CVD_STR("More?")}, CVD_ESTATE, NULL);
    act(f, &f->coord, r1.tracking_id, CVD_REPORT_STATUS_UPDATE,
        &(struct cvd_report_act_args){.message = CVD_STR("Vendor notified.")}, 0, &v);
    assert_int_equal(v.n_messages, 7);
    act(f, &f->coord, r3.tracking_id, CVD_REPORT_INVALIDATE,
        &(struct cvd_report_act_args){.reason = CVD_INVALID_NOT_A_VULNERABILITY}, 0, &v);
    assert_non_null(strstr(v.messages[v.n_messages - 1].body.ptr, "not_a_vulnerability"));
    act(f, &f->coord, r3.tracking_id, CVD_REPORT_CLOSE, NULL, 0, &v);
    /* Closing the case, then reopening it. */
    assert_int_equal(
        cvd_hub_case_act(f->hub, &f->coord, case_id, CVD_CASE_CLOSE, &f->arena, &cv, &d), 0);
    assert_int_equal(
        cvd_hub_case_act(f->hub, &f->coord, case_id, CVD_CASE_CLOSE, &f->arena, &cv, &d),
        CVD_ESTATE);
    assert_int_equal(
        cvd_hub_case_act(f->hub, &f->coord, case_id, CVD_CASE_REOPEN, &f->arena, &cv, &d), 0);
    /* Scores are computed, not taken. */
    struct cvd_vuln vu = {.title = CVD_STR("Overflow"),
                          .cve_id = CVD_STR("CVE-2026-12345"),
                          .cvss_vector = CVD_STR("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
                          .cvss_score = 1};
    int64_t vid = 0;
    const char *field = NULL;
    assert_int_equal(cvd_hub_vuln_put(f->hub, &f->coord, case_id, &vu, &vid, &field, &d), 0);
    assert_int_equal(cvd_hub_case_get(f->hub, &f->coord, case_id, &f->arena, &cv, &d), 0);
    assert_int_equal(cv.n_vulns, 1);
    assert_int_equal(cv.vulns[0].cvss_score, 98);
    vu.cvss_vector = CVD_STR("CVSS:3.1/AV:N");
    assert_int_equal(cvd_hub_vuln_put(f->hub, &f->coord, case_id, &vu, &vid, &field, &d),
                     CVD_EINVAL);
    assert_string_equal(field, "cvss_vector");
    vu.cvss_vector = CVD_STR("");
    assert_int_equal(cvd_hub_vuln_put(f->hub, &f->coord, case_id, &vu, &vid, &field, &d), CVD_EDUP);
    assert_string_equal(field, "cve_id");
}

static void inbox(void **state)
{
    struct fixture *f = *state;
    struct cvd_receipt old, fresh;
    struct cvd_diag d = {0};
    submit(f, "Old one", &old);
    now_value += 8 * 86400; /* T-ACK is 7 days */
    submit(f, "Fresh one", &fresh);
    struct cvd_report_filter flt = {.any_state = false, .state = CVD_REPORT_RECEIVED};
    struct cvd_report_view *vs;
    size_t n, total;
    assert_int_equal(cvd_hub_report_list(f->hub, &f->coord, &flt, &f->arena, &vs, &n, &total, &d),
                     0);
    assert_true(n >= 2);
    assert_true(vs[0].overdue); /* overdue first */
    assert_false(vs[n - 1].overdue);
    assert_true(cvd_str_eq(vs[n - 1].report.tracking_id, fresh.tracking_id));
    flt.overdue_only = true;
    assert_int_equal(cvd_hub_report_list(f->hub, &f->coord, &flt, &f->arena, &vs, &n, &total, &d),
                     0);
    for (size_t i = 0; i < n; i++)
        assert_true(vs[i].overdue);
    assert_int_equal(cvd_hub_report_list(f->hub, &f->vendor, &flt, &f->arena, &vs, &n, &total, &d),
                     CVD_EDENIED);
}

static void audit(void **state)
{
    struct fixture *f = *state;
    int64_t rows = 0, bad = 0;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_hub_audit_verify(f->hub, &rows, &bad, &d), 0);
    assert_true(rows > 30); /* every write of the tests above left its event */
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accounts), cmocka_unit_test(logins),   cmocka_unit_test(auth_cache),
        cmocka_unit_test(intake),   cmocka_unit_test(handling), cmocka_unit_test(inbox),
        cmocka_unit_test(audit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
