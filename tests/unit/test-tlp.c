/* tlp: the access test matrix of standards.md §3.5 row by row, written from the table (not
 * from the code), then the rules around it: break-glass (TLP-R07), participants that left
 * and restrictions (TLP-R08), derived content (TLP-R02), relabelling (TLP-R01, R03) and
 * widening the audience (§3.4 column 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/tlp.h"

/* The cast of §3.5: reporter R (an individual, the source), coordinator organisation C with
 * analysts a1 (named for RED, on the case team), a2 (on the team), a3 (not on it); vendor V1, a
 * constituent C shares AMBER with as its client; vendor V2, a participant that is neither
 * audience nor client; m, a community member with no part in the case; a hub operator. */
enum { USER_R = 1, USER_A1, USER_A2, USER_A3, USER_V1, USER_V2, USER_M, USER_OP, USER_OP_COMM };
enum { ORG_C = 10, ORG_V1 = 20, ORG_V2 = 30, ORG_M = 40 };

static const int64_t team_c[] = {ORG_C};
static const int64_t team_v1[] = {ORG_V1};
static const int64_t team_v2[] = {ORG_V2};
static const int64_t audience[] = {ORG_C};
static const int64_t named[] = {USER_A1};
static const int64_t clients[] = {ORG_V1};

#define TEAM(t) .team_orgs = t, .n_team_orgs = sizeof(t) / sizeof(t[0])

struct row {
    const char *who;
    struct cvd_tlp_reader reader;
    const char *expect; /* RED, AMBER+STRICT, AMBER, GREEN, CLEAR: Y or N */
};

static const struct row matrix[] = {
    {"source R", {.user_id = USER_R, .community = false}, "YYYYY"},
    {"a1 (C, named, on case team)", {.user_id = USER_A1, TEAM(team_c), .community = true}, "YYYYY"},
    {"a2 (C, on case team, not named)",
     {.user_id = USER_A2, TEAM(team_c), .community = true},
     "NYYYY"},
    {"a3 (C, not on case team)", {.user_id = USER_A3, .community = true}, "NNNYY"},
    {"v1 (V1 on its case team, client of C)",
     {.user_id = USER_V1, TEAM(team_v1), .community = true},
     "NNYYY"},
    {"v2 (V2 participant, not a client)",
     {.user_id = USER_V2, TEAM(team_v2), .community = true},
     "NNNYY"},
    {"m (community member, no case)", {.user_id = USER_M, .community = true}, "NNNYY"},
    {"anonymous", {.user_id = 0}, "NNNNY"},
    {"operator, not a community member", {.user_id = USER_OP}, "NNNNY"},
    {"operator, community member", {.user_id = USER_OP_COMM, .community = true}, "NNNYY"},
};

static const enum cvd_tlp columns[] = {CVD_TLP_RED, CVD_TLP_AMBER_STRICT, CVD_TLP_AMBER,
                                       CVD_TLP_GREEN, CVD_TLP_CLEAR};

static struct cvd_tlp_item item(enum cvd_tlp label)
{
    struct cvd_tlp_item it = {.label = label, .source_user = USER_R};
    if (label == CVD_TLP_RED) {
        it.audience_users = named;
        it.n_audience_users = 1;
    } else {
        it.audience_orgs = audience;
        it.n_audience_orgs = 1;
    }
    if (label == CVD_TLP_AMBER) {
        it.client_orgs = clients;
        it.n_client_orgs = 1;
    }
    return it;
}

static void access_matrix(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++) {
        for (size_t c = 0; c < 5; c++) {
            struct cvd_tlp_item it = item(columns[c]);
            enum cvd_tlp_decision d = cvd_tlp_may_read(&matrix[i].reader, &it);
            enum cvd_tlp_decision want = matrix[i].expect[c] == 'Y' ? CVD_TLP_ALLOW : CVD_TLP_DENY;
            if (d != want)
                fail_msg("%s reading TLP:%s: got %d, want %d", matrix[i].who,
                         cvd_tlp_name(columns[c]), (int)d, (int)want);
        }
    }
}

/* A participant that is not a vetted community member still reads the case's GREEN items. */
static void green_participants(void **state)
{
    (void)state;
    struct cvd_tlp_reader v = {.user_id = USER_V2, TEAM(team_c), .community = false};
    struct cvd_tlp_item it = item(CVD_TLP_GREEN);
    assert_int_equal(cvd_tlp_may_read(&v, &it), CVD_TLP_ALLOW);
    struct cvd_tlp_reader outsider = {.user_id = USER_V2, TEAM(team_v2), .community = false};
    assert_int_equal(cvd_tlp_may_read(&outsider, &it), CVD_TLP_DENY);
}

/* TLP-R07: an operator reads non-CLEAR content only by declared break-glass, which the caller
 * must log; anonymous break-glass is no such thing. */
static void break_glass(void **state)
{
    (void)state;
    struct cvd_tlp_reader op = {.user_id = USER_OP, .break_glass = true};
    struct cvd_tlp_reader anon = {.user_id = 0, .break_glass = true};
    for (size_t c = 0; c < 4; c++) {
        struct cvd_tlp_item it = item(columns[c]);
        assert_int_equal(cvd_tlp_may_read(&op, &it), CVD_TLP_ALLOW_BREAK_GLASS);
        assert_int_equal(cvd_tlp_may_read(&anon, &it), CVD_TLP_DENY);
    }
    struct cvd_tlp_item clear = item(CVD_TLP_CLEAR);
    assert_int_equal(cvd_tlp_may_read(&op, &clear), CVD_TLP_ALLOW);
}

/* TLP-R08 and restrictions: the named analyst whose organisation left the case (its team is
 * no longer passed) loses RED; an organisation excluded by the source loses AMBER even as a
 * client; an out-of-range label and NULL arguments fail closed. */
static void fail_closed(void **state)
{
    (void)state;
    struct cvd_tlp_reader a1_left = {.user_id = USER_A1, .community = true};
    struct cvd_tlp_item red = item(CVD_TLP_RED);
    assert_int_equal(cvd_tlp_may_read(&a1_left, &red), CVD_TLP_DENY);

    static const int64_t excl[] = {ORG_V1};
    struct cvd_tlp_item amber = item(CVD_TLP_AMBER);
    amber.excluded_orgs = excl;
    amber.n_excluded_orgs = 1;
    struct cvd_tlp_reader v1 = {.user_id = USER_V1, TEAM(team_v1), .community = true};
    assert_int_equal(cvd_tlp_may_read(&v1, &amber), CVD_TLP_DENY);
    amber.n_excluded_orgs = 0;
    assert_int_equal(cvd_tlp_may_read(&v1, &amber), CVD_TLP_ALLOW);

    /* A client extension does not reach AMBER+STRICT, whatever the item lists. */
    struct cvd_tlp_item strict = item(CVD_TLP_AMBER_STRICT);
    strict.client_orgs = clients;
    strict.n_client_orgs = 1;
    assert_int_equal(cvd_tlp_may_read(&v1, &strict), CVD_TLP_DENY);

    struct cvd_tlp_item bad = item(CVD_TLP_AMBER);
    bad.label = (enum cvd_tlp)99;
    struct cvd_tlp_reader a1 = {.user_id = USER_A1, TEAM(team_c), .community = true};
    assert_int_equal(cvd_tlp_may_read(&a1, &bad), CVD_TLP_DENY);
    assert_int_equal(cvd_tlp_may_read(NULL, &red), CVD_TLP_DENY);
    assert_int_equal(cvd_tlp_may_read(&a1, NULL), CVD_TLP_DENY);

    /* The source organisation's team reads AMBER+STRICT without being listed. */
    struct cvd_tlp_item vendor_item = {.label = CVD_TLP_AMBER_STRICT,
                                       .source_user = USER_V1,
                                       .source_org = ORG_V1,
                                       .audience_orgs = audience,
                                       .n_audience_orgs = 1};
    struct cvd_tlp_reader v1_colleague = {.user_id = 77, TEAM(team_v1)};
    assert_int_equal(cvd_tlp_may_read(&v1_colleague, &vendor_item), CVD_TLP_ALLOW);
    struct cvd_tlp_reader v2 = {.user_id = USER_V2, TEAM(team_v2)};
    assert_int_equal(cvd_tlp_may_read(&v2, &vendor_item), CVD_TLP_DENY);
}

/* TLP-R02: derived content takes the strictest label and the common audience. */
static void derived(void **state)
{
    (void)state;
    enum cvd_tlp in1[] = {CVD_TLP_GREEN, CVD_TLP_AMBER, CVD_TLP_CLEAR};
    assert_int_equal(cvd_tlp_derive(in1, 3), CVD_TLP_AMBER);
    enum cvd_tlp in2[] = {CVD_TLP_AMBER, CVD_TLP_RED, CVD_TLP_AMBER_STRICT};
    assert_int_equal(cvd_tlp_derive(in2, 3), CVD_TLP_RED);
    enum cvd_tlp in3[] = {CVD_TLP_GREEN, (enum cvd_tlp)42};
    assert_int_equal(cvd_tlp_derive(in3, 2), CVD_TLP_RED);
    assert_int_equal(cvd_tlp_derive(NULL, 0), CVD_TLP_CLEAR);
    for (int a = 0; a < 5; a++) {
        for (int b = 0; b < 5; b++)
            assert_int_equal(cvd_tlp_stricter((enum cvd_tlp)a, (enum cvd_tlp)b), a > b);
    }
    const int64_t x[] = {10, 20, 30, 20}, y[] = {30, 20, 40};
    int64_t out[4];
    assert_int_equal(cvd_tlp_audience_intersect(x, 4, y, 3, out), 2);
    assert_true(out[0] == 20 && out[1] == 30);
    assert_int_equal(cvd_tlp_audience_intersect(x, 4, NULL, 0, out), 0);
}

/* TLP-R01, R03: only the source (author or an admin of its organisation) changes a label;
 * CLEAR waits for the end of the embargo. */
static void relabel(void **state)
{
    (void)state;
    struct cvd_diag d = {0};
    struct cvd_tlp_item it = {.label = CVD_TLP_AMBER, .source_user = USER_V1, .source_org = ORG_V1};
    struct cvd_tlp_reader author = {.user_id = USER_V1};
    static const int64_t admin_of[] = {ORG_V1};
    struct cvd_tlp_reader admin = {.user_id = 99, .admin_orgs = admin_of, .n_admin_orgs = 1};
    struct cvd_tlp_reader coord = {.user_id = USER_A1, TEAM(team_c)};
    assert_int_equal(cvd_tlp_relabel_check(&author, &it, CVD_TLP_RED, false, &d), 0);
    assert_int_equal(cvd_tlp_relabel_check(&author, &it, CVD_TLP_GREEN, true, &d), 0);
    assert_int_equal(cvd_tlp_relabel_check(&admin, &it, CVD_TLP_GREEN, false, &d), 0);
    assert_int_equal(cvd_tlp_relabel_check(&coord, &it, CVD_TLP_GREEN, false, &d), CVD_EDENIED);
    assert_non_null(strstr(d.msg, "source"));
    assert_int_equal(cvd_tlp_relabel_check(&coord, &it, CVD_TLP_RED, false, &d), CVD_EDENIED);
    assert_int_equal(cvd_tlp_relabel_check(&coord, &it, CVD_TLP_AMBER, false, &d), 0);
    assert_int_equal(cvd_tlp_relabel_check(&author, &it, CVD_TLP_CLEAR, true, &d), CVD_ESTATE);
    assert_non_null(strstr(d.msg, "embargo"));
    assert_int_equal(cvd_tlp_relabel_check(&author, &it, CVD_TLP_CLEAR, false, &d), 0);
    assert_int_equal(cvd_tlp_relabel_check(&author, &it, (enum cvd_tlp)7, false, &d), CVD_EINVAL);
    struct cvd_tlp_reader anon = {0};
    struct cvd_tlp_item anon_item = {.label = CVD_TLP_AMBER};
    assert_int_equal(cvd_tlp_relabel_check(&anon, &anon_item, CVD_TLP_GREEN, false, &d),
                     CVD_EDENIED);
}

/* §3.4 column 3: who may extend an audience. */
static void widen(void **state)
{
    (void)state;
    struct cvd_diag d = {0};
    struct cvd_tlp_item amber = item(CVD_TLP_AMBER);
    struct cvd_tlp_item strict = item(CVD_TLP_AMBER_STRICT);
    struct cvd_tlp_item red = item(CVD_TLP_RED);
    struct cvd_tlp_reader a2 = {.user_id = USER_A2, TEAM(team_c)};
    struct cvd_tlp_reader a3 = {.user_id = USER_A3};
    struct cvd_tlp_reader source = {.user_id = USER_R};
    /* C's analyst shares AMBER with a constituent vendor: allowed. */
    assert_int_equal(
        cvd_tlp_widen_check(&a2, &amber, CVD_TLP_WIDEN_CLIENT, ORG_C, ORG_V1, true, &d), 0);
    /* ... not with an organisation that is not C's client, nor as a plain audience. */
    assert_int_equal(
        cvd_tlp_widen_check(&a2, &amber, CVD_TLP_WIDEN_CLIENT, ORG_C, ORG_V2, false, &d),
        CVD_EDENIED);
    assert_non_null(strstr(d.msg, "grant"));
    assert_int_equal(cvd_tlp_widen_check(&a2, &amber, CVD_TLP_WIDEN_ORG, ORG_C, ORG_V2, true, &d),
                     CVD_EDENIED);
    /* ... nor when not on C's case team, nor for AMBER+STRICT or RED. */
    assert_int_equal(
        cvd_tlp_widen_check(&a3, &amber, CVD_TLP_WIDEN_CLIENT, ORG_C, ORG_V1, true, &d),
        CVD_EDENIED);
    assert_int_equal(
        cvd_tlp_widen_check(&a2, &strict, CVD_TLP_WIDEN_CLIENT, ORG_C, ORG_V1, true, &d),
        CVD_EDENIED);
    assert_int_equal(cvd_tlp_widen_check(&a2, &red, CVD_TLP_WIDEN_ORG, ORG_C, ORG_V1, true, &d),
                     CVD_EDENIED);
    /* The source may widen anything, except to what it excluded. */
    assert_int_equal(cvd_tlp_widen_check(&source, &strict, CVD_TLP_WIDEN_ORG, 0, ORG_V2, false, &d),
                     0);
    static const int64_t excl[] = {ORG_V2};
    strict.excluded_orgs = excl;
    strict.n_excluded_orgs = 1;
    assert_int_equal(cvd_tlp_widen_check(&source, &strict, CVD_TLP_WIDEN_ORG, 0, ORG_V2, false, &d),
                     CVD_EDENIED);
    assert_int_equal(cvd_tlp_widen_check(&source, &strict, CVD_TLP_WIDEN_ORG, 0, 0, false, &d),
                     CVD_EINVAL);
}

/* An organisation as a machine recipient (its webhook): RED never, AMBER+STRICT only the
 * audience (and the source's organisation), AMBER also clients, nobody excluded. */
static void org_recipients(void **state)
{
    (void)state;
    static const int64_t org_audience[] = {2};
    static const int64_t org_clients[] = {7};
    static const int64_t org_excluded[] = {3};
    static const int64_t org_users[] = {30};
    struct cvd_tlp_item it = {.source_user = 10,
                              .source_org = 1,
                              .audience_orgs = org_audience,
                              .n_audience_orgs = 1,
                              .client_orgs = org_clients,
                              .n_client_orgs = 1,
                              .audience_users = org_users,
                              .n_audience_users = 1};
    static const struct {
        enum cvd_tlp label;
        int64_t org;
        bool allow;
    } rows[] = {
        {CVD_TLP_CLEAR, 9, true},         {CVD_TLP_GREEN, 9, true},
        {CVD_TLP_AMBER, 2, true},         {CVD_TLP_AMBER, 1, true},
        {CVD_TLP_AMBER, 7, true},         {CVD_TLP_AMBER, 9, false},
        {CVD_TLP_AMBER_STRICT, 2, true},  {CVD_TLP_AMBER_STRICT, 1, true},
        {CVD_TLP_AMBER_STRICT, 7, false}, {CVD_TLP_AMBER_STRICT, 9, false},
        {CVD_TLP_RED, 1, false},          {CVD_TLP_RED, 2, false},
        {CVD_TLP_AMBER, 0, false},        {CVD_TLP_CLEAR, 0, false},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        it.label = rows[i].label;
        bool got = cvd_tlp_org_may_read(rows[i].org, &it) == CVD_TLP_ALLOW;
        if (got != rows[i].allow)
            fail_msg("%s for org %lld: want %d", cvd_tlp_name(rows[i].label),
                     (long long)rows[i].org, rows[i].allow);
    }
    /* the source's restrictions hold even for GREEN */
    it.label = CVD_TLP_GREEN;
    it.excluded_orgs = org_excluded;
    it.n_excluded_orgs = 1;
    assert_int_equal(cvd_tlp_org_may_read(3, &it), CVD_TLP_DENY);
    assert_int_equal(cvd_tlp_org_may_read(2, &it), CVD_TLP_ALLOW);
    assert_int_equal(cvd_tlp_org_may_read(2, NULL), CVD_TLP_DENY);
    it.label = (enum cvd_tlp)99;
    assert_int_equal(cvd_tlp_org_may_read(2, &it), CVD_TLP_DENY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(access_matrix), cmocka_unit_test(green_participants),
        cmocka_unit_test(break_glass),   cmocka_unit_test(fail_closed),
        cmocka_unit_test(derived),       cmocka_unit_test(relabel),
        cmocka_unit_test(widen),         cmocka_unit_test(org_recipients),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
