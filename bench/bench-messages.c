/* Case-message benchmark (issue 5): the two read paths over the labelled discussion — one
 * user's visible messages of one case, and a search across every case the user is on a team
 * of — at 10,000 and at 100,000 messages. Both sizes have 100 messages a case and 20
 * participant organisations a case (of 100), so a case's list is the same work at both sizes:
 * anything that scanned other cases' rows would show in the ratio. Labels are mixed (GREEN,
 * AMBER, AMBER+STRICT, RED) and every read goes through the TLP filter, as the server does.
 * Searches: a rare word (in exactly 10 messages at both sizes) and a common one (in every
 * message; hits come newest first, so the index walk stops at the limit).
 *
 * usage: bench-messages DIR      (DIR: a folder for the two temporary databases) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cvd/core.h"
#include "cvd/store.h"

#define ORGS     100
#define PARTS    20
#define PER_CASE 100
#define RUNS     201

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int64_t org_ids[ORGS], user_ids[ORGS];

static int people_fn(struct cvd_store_tx *tx, void *arg)
{
    (void)arg;
    for (int i = 0; i < ORGS; i++) {
        char name[32], email[48];
        snprintf(name, sizeof(name), "Org %03d", i);
        snprintf(email, sizeof(email), "u%03d@org.example", i);
        struct cvd_org o = {.name = cvd_str_from_cstr(name),
                            .kind = i == 0 ? CVD_ORG_COORDINATOR : CVD_ORG_VENDOR};
        struct cvd_user u = {.email = cvd_str_from_cstr(email), .name = CVD_STR("U")};
        int rc = cvd_store_org_add(tx, &o, &org_ids[i]);
        if (rc == 0)
            rc = cvd_store_user_add(tx, &u, &user_ids[i]);
        struct cvd_membership m = {.user_id = user_ids[i], .org_id = org_ids[i]};
        if (rc == 0)
            rc = cvd_store_membership_add(tx, &m);
        if (rc)
            return rc;
    }
    return 0;
}

struct case_arg {
    int index;
};

/* One case: 20 participants (organisations i, i+5, ... mod 100) each with its user on the
 * team, and 100 messages with mixed labels and audiences. */
static int case_fn(struct cvd_store_tx *tx, void *arg)
{
    const struct case_arg *x = arg;
    char title[32];
    snprintf(title, sizeof(title), "Case %d", x->index);
    struct cvd_case c = {.title = cvd_str_from_cstr(title), .state = CVD_CASE_ACCEPTED};
    int64_t cid;
    char case_id[CVD_STORE_ID_MAX];
    int rc = cvd_store_case_insert(tx, &c, &cid, case_id);
    int64_t parts[PARTS];
    for (int k = 0; rc == 0 && k < PARTS; k++) {
        int o = (x->index + 5 * k) % ORGS;
        parts[k] = org_ids[o];
        struct cvd_participant p = {.case_id = cid,
                                    .org_id = org_ids[o],
                                    .roles = CVD_CASE_ROLE_VENDOR,
                                    .rm = CVD_RM_RECEIVED,
                                    .vfd = CVD_VFD_AWARE,
                                    .engaged = true};
        int64_t pid;
        rc = cvd_store_participant_add(tx, &p, &pid);
        if (rc == 0)
            rc = cvd_store_team_add(tx, pid, user_ids[o], 0);
    }
    for (int m = 0; rc == 0 && m < PER_CASE; m++) {
        char body[160];
        bool rare = m == 0 && x->index % 5 == 0 && x->index < 50; /* 10 cases of org 0's */
        snprintf(body, sizeof(body), "message %d of case %d: component parser overflow %s", m,
                 x->index, rare ? "zorkmid" : "");
        int64_t author = parts[m % PARTS];
        int64_t audience[3] = {parts[m % PARTS], parts[(m + 1) % PARTS], parts[(m + 2) % PARTS]};
        int64_t named = user_ids[(x->index + 5 * ((m + 3) % PARTS)) % ORGS];
        struct cvd_store_case_message msg = {.case_id = cid,
                                             .author_user =
                                                 user_ids[(x->index + 5 * (m % PARTS)) % ORGS],
                                             .author_org = author,
                                             .body = cvd_str_from_cstr(body)};
        switch (rare ? 0 : m % 10) {
        case 0:
        case 1:
        case 2:
        case 3:
            msg.tlp = CVD_TLP_GREEN;
            break;
        case 4:
        case 5:
        case 6:
            msg.tlp = CVD_TLP_AMBER;
            msg.audience_orgs = audience;
            msg.n_audience_orgs = 3;
            break;
        case 7:
        case 8:
            msg.tlp = CVD_TLP_AMBER_STRICT;
            msg.audience_orgs = audience;
            msg.n_audience_orgs = 1;
            break;
        default:
            msg.tlp = CVD_TLP_RED;
            msg.audience_users = &named;
            msg.n_audience_users = 1;
        }
        rc = cvd_store_case_message_add(tx, &msg, NULL);
    }
    return rc;
}

struct result {
    double list_ms, rare_ms, common_ms;
    size_t list_n, rare_n, common_n;
};

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return v[n / 2];
}

static int measure(const char *dir, int cases, struct result *res)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/messages-%d.db", dir, cases * PER_CASE);
    unlink(path);
    struct cvd_diag d = {0};
    struct cvd_store *s = NULL;
    int rc = cvd_store_open(path, NULL, CVD_STORE_CREATE | CVD_STORE_MIGRATE, &s, &d);
    if (rc == 0)
        rc = cvd_store_write(s, people_fn, NULL, &d);
    double t0 = now_s();
    for (int i = 0; rc == 0 && i < cases; i++) {
        struct case_arg x = {i};
        rc = cvd_store_write(s, case_fn, &x, &d);
    }
    cvd_store_close(s);
    if (rc) {
        fprintf(stderr, "bench-messages: build: %s\n", d.msg);
        return rc;
    }
    fprintf(stderr, "  built %d messages in %.1f s\n", cases * PER_CASE, now_s() - t0);

    struct cvd_hub_config cfg = {
        .db_path = path, .instance_name = "bench", .base_url = "https://cvd.example"};
    struct cvd_hub *h = NULL;
    if ((rc = cvd_hub_open(&cfg, &h, &d))) {
        fprintf(stderr, "bench-messages: open: %s\n", d.msg);
        return rc;
    }
    /* the user of organisation 0, a participant of every fifth case */
    struct cvd_principal p = {.kind = CVD_PRINCIPAL_USER, .user_id = user_ids[0]};
    double list[RUNS], rare[RUNS], common[RUNS];
    for (int i = 0; rc == 0 && i < RUNS; i++) {
        struct cvd_arena a;
        cvd_arena_init(&a, 0);
        struct cvd_case_message *ms;
        struct cvd_search_hit *hits;
        double t = now_s();
        rc = cvd_hub_case_messages(h, &p, CVD_STR("CVD-2026-0001"), &a, &ms, &res->list_n, &d);
        list[i] = (now_s() - t) * 1e3;
        t = now_s();
        if (rc == 0)
            rc = cvd_hub_search(h, &p, CVD_STR("zorkmid"), &a, &hits, &res->rare_n, &d);
        rare[i] = (now_s() - t) * 1e3;
        t = now_s();
        if (rc == 0)
            rc = cvd_hub_search(h, &p, CVD_STR("overflow"), &a, &hits, &res->common_n, &d);
        common[i] = (now_s() - t) * 1e3;
        cvd_arena_release(&a);
    }
    cvd_hub_close(h);
    unlink(path);
    if (rc) {
        fprintf(stderr, "bench-messages: read: %s\n", d.msg);
        return rc;
    }
    res->list_ms = median(list, RUNS);
    res->rare_ms = median(rare, RUNS);
    res->common_ms = median(common, RUNS);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench-messages DIR\n");
        return 2;
    }
    struct result small, large;
    fprintf(stderr, "bench-messages: building 10,000 messages (100 cases)\n");
    if (measure(argv[1], 100, &small))
        return 1;
    fprintf(stderr, "bench-messages: building 100,000 messages (1,000 cases)\n");
    if (measure(argv[1], 1000, &large))
        return 1;
    printf("%-44s %12s %12s %7s\n", "median of 201 (ms), user of 1 org of 100", "10k msgs",
           "100k msgs", "ratio");
    printf("%-44s %12.3f %12.3f %6.2fx  (%zu visible of %d)\n", "list one case's visible messages",
           small.list_ms, large.list_ms, large.list_ms / small.list_ms, large.list_n, PER_CASE);
    printf("%-44s %12.3f %12.3f %6.2fx  (%zu hits)\n", "search a rare word across own cases",
           small.rare_ms, large.rare_ms, large.rare_ms / small.rare_ms, large.rare_n);
    printf("%-44s %12.3f %12.3f %6.2fx  (%zu / %zu hits)\n", "search a word in every message",
           small.common_ms, large.common_ms, large.common_ms / small.common_ms, small.common_n,
           large.common_n);
    return 0;
}
