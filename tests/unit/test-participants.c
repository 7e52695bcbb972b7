/* Participants and case teams through the use cases, on a temporary SQLite file: the
 * coordinator organisation founds each case, INV06 (invitations only from an accepted case),
 * invitations mailed through the outbox in the same write, who may see a case (a handler, or a
 * user on an engaged participant's team; nobody else learns it exists), team changes by the
 * organisation's administrators only, vendors inviting vendors, and leaving (TLP-R08). */
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

static int64_t now_value;

static int64_t test_now(const struct cvd_clock *c)
{
    (void)c;
    return now_value;
}

static const struct cvd_clock test_clock = {.now_fn = test_now};
static const struct cvd_principal anon = {.kind = CVD_PRINCIPAL_ANONYMOUS};

struct fixture {
    char dir[64];
    char path[96];
    struct cvd_hub *hub;
    struct cvd_principal sys, admin, coord, va, va2, vb;
    int64_t acme, beta;
    struct cvd_arena arena;
    struct cvd_str case_id;
};

static int login_as(struct fixture *f, const char *email, struct cvd_principal *ret)
{
    char sess[CVD_SECRET_TEXT_MAX], csrf[CVD_SECRET_TEXT_MAX];
    int64_t retry = 0;
    int rc = cvd_hub_login(f->hub, cvd_str_from_cstr(email), CVD_STR("a long password"),
                           CVD_STR("192.0.2.1"), sess, csrf, &retry, NULL);
    if (rc == 0)
        rc = cvd_hub_session(f->hub, cvd_str_from_cstr(sess), &f->arena, ret, NULL);
    return rc;
}

static int add_user(struct fixture *f, const char *email, const char *org, enum cvd_member_role r,
                    struct cvd_diag *d)
{
    return cvd_hub_user_add(f->hub, &f->sys, cvd_str_from_cstr(email), CVD_STR("Someone"),
                            CVD_STR("a long password"), false, cvd_str_from_cstr(org), r, NULL,
                            NULL, d);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    now_value = 1795000000; /* 2026-11-18 */
    snprintf(f->dir, sizeof(f->dir), "/tmp/cvd-part-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/hub.db", f->dir);
    struct cvd_hub_config cfg = {.db_path = f->path,
                                 .clock = &test_clock,
                                 .instance_name = "Test CSIRT",
                                 .base_url = "https://cvd.example",
                                 .password_cost = CVD_PASSWORD_COST_MIN};
    struct cvd_diag d = {0};
    if (cvd_hub_open(&cfg, &f->hub, &d) != 0)
        return -1;
    cvd_arena_init(&f->arena, 0);
    f->sys.kind = CVD_PRINCIPAL_SYSTEM;
    if (cvd_hub_init_instance(f->hub, CVD_STR("Test CSIRT"), CVD_STR("admin@csirt.example"),
                              CVD_STR("Ada"), CVD_STR("a long password"), NULL, &d) ||
        cvd_hub_org_add(f->hub, &f->sys, CVD_STR("ACME"), CVD_ORG_VENDOR, &f->acme, NULL, &d) ||
        cvd_hub_org_add(f->hub, &f->sys, CVD_STR("Beta"), CVD_ORG_VENDOR, &f->beta, NULL, &d) ||
        add_user(f, "coord@csirt.example", "Test CSIRT", CVD_ROLE_MEMBER, &d) ||
        add_user(f, "admin@acme.example", "ACME", CVD_ROLE_ADMIN, &d) ||
        add_user(f, "dev@acme.example", "ACME", CVD_ROLE_MEMBER, &d) ||
        add_user(f, "admin@beta.example", "Beta", CVD_ROLE_ADMIN, &d) ||
        login_as(f, "admin@csirt.example", &f->admin) ||
        login_as(f, "coord@csirt.example", &f->coord) ||
        login_as(f, "admin@acme.example", &f->va) || login_as(f, "dev@acme.example", &f->va2) ||
        login_as(f, "admin@beta.example", &f->vb)) {
        fprintf(stderr, "setup: %s\n", d.msg);
        return -1;
    }
    /* A report validated by the coordinator founds a case. */
    struct cvd_report in = {.channel = CVD_CHANNEL_WEB,
                            .tlp = CVD_TLP_AMBER,
                            .title = CVD_STR("Overflow in the login form"),
                            .product = CVD_STR("ACME Router"),
                            .description = CVD_STR("Stack overflow.")};
    struct cvd_receipt rec;
    struct cvd_report_view v;
    if (cvd_hub_report_submit(f->hub, &anon, &in, NULL, 0, &f->arena, &rec, NULL, &d) ||
        cvd_hub_report_act(f->hub, &f->coord, rec.tracking_id, CVD_REPORT_VALIDATE, NULL, &f->arena,
                           &v, NULL, &d)) {
        fprintf(stderr, "setup: %s\n", d.msg);
        return -1;
    }
    f->case_id = v.case_id;
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

/* How many queued mails go to address (the admin's outbox view). */
static size_t mails_to(struct fixture *f, const char *address)
{
    struct cvd_outbox_item *items;
    size_t n, k = 0;
    int64_t counts[3];
    struct cvd_outbox_filter flt = {.limit = 1000};
    assert_int_equal(
        cvd_hub_outbox_list(f->hub, &f->admin, &flt, &f->arena, &items, &n, counts, NULL), 0);
    for (size_t i = 0; i < n; i++)
        k += cvd_str_eq_cstr(items[i].recipient, address);
    return k;
}

static size_t participants(struct fixture *f, const struct cvd_principal *p, int expect_rc,
                           struct cvd_participant_view **ret)
{
    struct cvd_participant_view *v = NULL;
    size_t n = 0;
    struct cvd_diag d = {0};
    int rc = cvd_hub_participant_list(f->hub, p, f->case_id, &f->arena, &v, &n, &d);
    if (rc != expect_rc)
        fail_msg("list: want %s, got %s (%s)", cvd_err_name(expect_rc), cvd_err_name(rc), d.msg);
    if (ret)
        *ret = v;
    return n;
}

static size_t team_orgs(struct fixture *f, const struct cvd_principal *p)
{
    struct cvd_tlp_reader r;
    assert_int_equal(cvd_hub_case_reader(f->hub, p, f->case_id, &f->arena, &r, NULL), 0);
    return r.n_team_orgs;
}

static void accept_case(struct fixture *f)
{
    struct cvd_case_view cv;
    struct cvd_diag d = {0};
    assert_int_equal(
        cvd_hub_case_act(f->hub, &f->coord, f->case_id, CVD_CASE_ACCEPT, &f->arena, &cv, &d), 0);
}

static void founded_by_coordinator(void **state)
{
    struct fixture *f = *state;
    struct cvd_participant_view *v;
    assert_int_equal(participants(f, &f->coord, 0, &v), 1);
    assert_true(cvd_str_eq_cstr(v[0].org_name, "Test CSIRT"));
    assert_int_equal(v[0].p.roles, CVD_CASE_ROLE_COORDINATOR);
    assert_true(v[0].p.engaged);
    assert_int_equal(v[0].n_team, 1);
    assert_int_equal(v[0].team[0], f->coord.user_id);
    assert_int_equal(team_orgs(f, &f->coord), 1);
    /* an administrator handles the case but is on no team: no TLP facts (no implicit access) */
    assert_int_equal(participants(f, &f->admin, 0, NULL), 1);
    assert_int_equal(team_orgs(f, &f->admin), 0);
    /* nobody else learns the case exists */
    participants(f, &f->va, CVD_ENOTFOUND, NULL);
    participants(f, &anon, CVD_EAUTH, NULL);
}

static void invitations(void **state)
{
    struct fixture *f = *state;
    struct cvd_diag d = {0};
    int64_t id = 0;
    /* INV06: nobody is notified before the case is accepted; nothing written, nothing mailed */
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, f->acme,
                                                CVD_CASE_ROLE_VENDOR, &id, &d),
                     CVD_ESTATE);
    assert_int_equal(participants(f, &f->coord, 0, NULL), 1);
    assert_int_equal(mails_to(f, "admin@acme.example"), 0);

    accept_case(f);
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, f->acme,
                                                CVD_CASE_ROLE_VENDOR, &id, &d),
                     0);
    assert_true(id > 0);
    /* every member is mailed once, in the same write */
    assert_int_equal(mails_to(f, "admin@acme.example"), 1);
    assert_int_equal(mails_to(f, "dev@acme.example"), 1);
    assert_int_equal(mails_to(f, "admin@beta.example"), 0);

    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, f->acme,
                                                CVD_CASE_ROLE_VENDOR, NULL, &d),
                     CVD_EDUP);
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, 999,
                                                CVD_CASE_ROLE_VENDOR, NULL, &d),
                     CVD_ENOTFOUND);
    assert_int_equal(
        cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, f->beta, 0, NULL, &d),
        CVD_EINVAL);
    /* invited, not yet on the team: the vendor still cannot see the case, nor invite */
    participants(f, &f->va, CVD_ENOTFOUND, NULL);
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->va, f->case_id, f->beta,
                                                CVD_CASE_ROLE_VENDOR, NULL, &d),
                     CVD_ENOTFOUND);
    assert_int_equal(participants(f, &f->coord, 0, NULL), 2);
    int64_t rows = 0, bad = 0;
    assert_int_equal(cvd_hub_audit_verify(f->hub, &rows, &bad, &d), 0);
}

static void teams_and_leaving(void **state)
{
    struct fixture *f = *state;
    struct cvd_diag d = {0};
    accept_case(f);
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, f->acme,
                                                CVD_CASE_ROLE_VENDOR, NULL, &d),
                     0);
    /* the organisation's admin staffs its team, before it sees the case */
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->va, f->case_id, f->acme, f->va.user_id, false, &d),
        CVD_ENOTFOUND);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->coord, f->case_id, f->acme, f->va.user_id, false, &d), 0);
    assert_int_equal(team_orgs(f, &f->va), 1);
    assert_int_equal(participants(f, &f->va, 0, NULL), 2);
    /* a plain member may not change the team; an outsider cannot join it */
    participants(f, &f->va2, CVD_ENOTFOUND, NULL);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->va, f->case_id, f->acme, f->vb.user_id, false, &d),
        CVD_EINVAL);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->va, f->case_id, f->acme, f->va2.user_id, false, &d), 0);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->va2, f->case_id, f->acme, f->va.user_id, true, &d),
        CVD_EDENIED);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->va, f->case_id, f->acme, f->va2.user_id, false, &d), CVD_EDUP);
    /* the coordinator's team is not the vendor's to change */
    assert_int_equal(cvd_hub_team_set(f->hub, &f->va, f->case_id, 1, f->coord.user_id, true, &d),
                     CVD_EDENIED);

    /* a vendor brings in another vendor */
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->va, f->case_id, f->beta,
                                                CVD_CASE_ROLE_VENDOR, NULL, &d),
                     0);
    assert_int_equal(mails_to(f, "admin@beta.example"), 1);
    participants(f, &f->vb, CVD_ENOTFOUND, NULL);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->coord, f->case_id, f->beta, f->vb.user_id, false, &d), 0);
    assert_int_equal(participants(f, &f->vb, 0, NULL), 3);

    /* removed from the team: access gone at once (TLP-R08) */
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->va, f->case_id, f->acme, f->va2.user_id, true, &d), 0);
    assert_int_equal(team_orgs(f, &f->va2), 0);
    participants(f, &f->va2, CVD_ENOTFOUND, NULL);

    /* the organisation leaves: its team loses the case, and nobody can put it back */
    assert_int_equal(cvd_hub_participant_leave(f->hub, &f->va, f->case_id, f->acme, &d), 0);
    assert_int_equal(team_orgs(f, &f->va), 0);
    participants(f, &f->va, CVD_ENOTFOUND, NULL);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->coord, f->case_id, f->acme, f->va2.user_id, false, &d),
        CVD_ESTATE);
    assert_int_equal(cvd_hub_participant_leave(f->hub, &f->coord, f->case_id, f->acme, &d),
                     CVD_ESTATE);
    struct cvd_participant_view *v;
    assert_int_equal(participants(f, &f->coord, 0, &v), 3);
    assert_false(v[1].p.engaged);
    assert_true(v[1].p.left_at > 0);
    assert_true(v[2].p.engaged);
    int64_t rows = 0, bad = 0;
    assert_int_equal(cvd_hub_audit_verify(f->hub, &rows, &bad, &d), 0);
}

/* The timer tick: reminders 7 days and 1 day before the end, each once; at the end the system
 * ends the embargo (EV25 expired) and tells the teams, once. */
static void embargo_timers(void **state)
{
    struct fixture *f = *state;
    struct cvd_diag d = {0};
    accept_case(f);
    assert_int_equal(cvd_hub_participant_invite(f->hub, &f->coord, f->case_id, f->acme,
                                                CVD_CASE_ROLE_VENDOR, NULL, &d),
                     0);
    assert_int_equal(
        cvd_hub_team_set(f->hub, &f->coord, f->case_id, f->acme, f->va.user_id, false, &d), 0);
    /* not yet delivered: the vendor cannot agree to what it has not had */
    int64_t end = now_value + 10 * CVD_DAY_SECONDS;
    assert_int_equal(
        cvd_hub_participant_rm(f->hub, &f->coord, f->case_id, f->acme, CVD_RM_DELIVER, &d), 0);
    assert_int_equal(cvd_hub_embargo_act(f->hub, &f->coord, f->case_id, CVD_EM_PROPOSE, end,
                                         CVD_EM_REASON_NONE, &d),
                     0);
    struct cvd_embargo em;
    unsigned pxa;
    assert_int_equal(cvd_hub_embargo_get(f->hub, &f->va, f->case_id, &em, &pxa, &d), 0);
    assert_int_equal(em.state, CVD_EM_PROPOSED); /* the delivered vendor must answer */
    assert_int_equal(
        cvd_hub_embargo_act(f->hub, &f->va, f->case_id, CVD_EM_ACCEPT, 0, CVD_EM_REASON_NONE, &d),
        0);
    assert_int_equal(cvd_hub_embargo_get(f->hub, &f->va, f->case_id, &em, &pxa, &d), 0);
    assert_int_equal(em.state, CVD_EM_ACTIVE);
    assert_int_equal(em.end, end);

    static const struct {
        int64_t before_end; /* seconds before the end (negative: after) */
        size_t ended, mails;
    } steps[] = {
        {9 * CVD_DAY_SECONDS, 0, 0}, /* too early */
        {6 * CVD_DAY_SECONDS, 0, 2}, /* 7-day reminder: the two team members */
        {5 * CVD_DAY_SECONDS, 0, 0}, /* once */
        {12 * 3600, 0, 2},           /* 1-day reminder */
        {3600, 0, 0},                /* once */
        {-1, 1, 2},                  /* ended, teams told */
        {-CVD_DAY_SECONDS, 0, 0},    /* once */
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        now_value = end - steps[i].before_end;
        struct cvd_tick_stats st;
        assert_int_equal(cvd_hub_tick(f->hub, &st, &d), 0);
        if (st.ended != steps[i].ended || st.mails != steps[i].mails)
            fail_msg("step %zu: ended %zu mails %zu", i, st.ended, st.mails);
    }
    assert_int_equal(cvd_hub_embargo_get(f->hub, &f->va, f->case_id, &em, &pxa, &d), 0);
    assert_int_equal(em.state, CVD_EM_EXITED);
    assert_int_equal(em.reason, CVD_EM_REASON_EXPIRED);
    assert_int_equal(mails_to(f, "admin@acme.example"), 1 /* invitation */ + 3);
    assert_int_equal(mails_to(f, "dev@acme.example"), 1); /* invited, not on the team */
    int64_t rows = 0, bad = 0;
    assert_int_equal(cvd_hub_audit_verify(f->hub, &rows, &bad, &d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(founded_by_coordinator, setup, teardown),
        cmocka_unit_test_setup_teardown(invitations, setup, teardown),
        cmocka_unit_test_setup_teardown(teams_and_leaving, setup, teardown),
        cmocka_unit_test_setup_teardown(embargo_timers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
