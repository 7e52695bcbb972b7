/* `cvd demo`: fill a new database with a demo data set (organisations, users with printed
 * passwords, reports in several states, a case with a scored vulnerability), through the same
 * use cases the server calls, so `make run` has something to click through at once. */
#include <string.h>

#include "cli.h"
#include "cvd/core.h"

static const char usage[] =
    "usage: cvd demo [--db PATH] [--base-url URL]\n"
    "\n"
    "Create a demo instance in a new database: a coordinator organisation with an\n"
    "administrator and a coordinator, vendors, a researcher and an operator, reports in\n"
    "several states (one of them overdue), a case with a scored vulnerability shared with\n"
    "a vendor under an agreed embargo, with labelled messages. Prints the\n"
    "demo logins and the reporters' follow-up links. Refused when the database has users.\n"
    "The passwords are printed: never use this on a real instance.\n"
    "\n"
    "  --db PATH        the database (default: $CVD_DB, else ./cvd.db)\n"
    "  --base-url URL   where the server will run, for the links (default\n"
    "                   http://127.0.0.1:8080)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 created, 1 failure, 2 usage error.\n";

static const char cmd_name[] = "demo";

struct demo {
    struct cli_ctx *ctx;
    struct cvd_hub *hub;
    struct cvd_arena arena;
    struct cvd_principal sys, coord;
    struct cvd_diag d;
    int failed;
};

static void check(struct demo *m, int rc, const char *what)
{
    if (rc != 0 && !m->failed) {
        cli_fail(m->ctx, cmd_name, "%s: %s", what, m->d.msg);
        m->failed = 1;
    }
}

static void user(struct demo *m, const char *email, const char *name, const char *pw,
                 const char *org, enum cvd_member_role role)
{
    check(m,
          cvd_hub_user_add(m->hub, &m->sys, cvd_str_from_cstr(email), cvd_str_from_cstr(name),
                           cvd_str_from_cstr(pw), false, cvd_str_from_cstr(org), role, NULL, NULL,
                           &m->d),
          email);
}

static struct cvd_receipt submit(struct demo *m, const char *title, const char *product,
                                 const char *versions, const char *description,
                                 const char *reporter, const char *email, enum cvd_tlp tlp)
{
    struct cvd_report r = {
        .channel = CVD_CHANNEL_WEB,
        .tlp = tlp,
        .title = cvd_str_from_cstr(title),
        .product = cvd_str_from_cstr(product),
        .versions = cvd_str_from_cstr(versions),
        .description = cvd_str_from_cstr(description),
        .impact = CVD_STR("An attacker on the network can take over the device."),
        .reproduction = CVD_STR("1. Open the login page.\n2. Send the request in poc.txt."),
        .how_found = CVD_STR("Manual testing."),
        .vendor_contacted = CVD_ANSWER_NO,
        .publicly_known = CVD_ANSWER_NO,
        .exploited = CVD_ANSWER_UNKNOWN,
        .credit_wanted = reporter != NULL,
        .credit_name = cvd_str_from_cstr(reporter ? reporter : ""),
        .share_contact = reporter != NULL,
        .reporter_name = cvd_str_from_cstr(reporter ? reporter : ""),
        .reporter_email = cvd_str_from_cstr(email ? email : ""),
    };
    struct cvd_receipt rc = {0};
    struct cvd_principal anon = {.kind = CVD_PRINCIPAL_ANONYMOUS};
    check(m, cvd_hub_report_submit(m->hub, &anon, &r, NULL, 0, &m->arena, &rc, NULL, &m->d), title);
    return rc;
}

static void act(struct demo *m, struct cvd_str tid, enum cvd_report_action a,
                const struct cvd_report_act_args *args)
{
    if (m->failed)
        return;
    check(m, cvd_hub_report_act(m->hub, &m->coord, tid, a, args, &m->arena, NULL, NULL, &m->d),
          cvd_report_action_name(a));
}

/* The reporter's answer through the follow-up secret. */
static void answer(struct demo *m, const struct cvd_receipt *r, const char *text)
{
    struct cvd_principal rep;
    if (m->failed)
        return;
    check(m,
          cvd_hub_follow_up_auth(m->hub, cvd_str_from_cstr(r->follow_up_secret), &m->arena, &rep),
          "follow-up");
    if (m->failed)
        return;
    struct cvd_report_act_args a = {.message = cvd_str_from_cstr(text)};
    check(m,
          cvd_hub_report_act(m->hub, &rep, r->tracking_id, CVD_REPORT_ADD_INFO, &a, &m->arena, NULL,
                             NULL, &m->d),
          "add_info");
}

/* The accepted case goes to ACME (org acme): invited, Vic on its team, delivered, an embargo of
 * 45 days proposed and accepted, and a discussion with an AMBER, a GREEN and a RED message. */
static void coordinate(struct demo *m, struct cvd_str case_id, int64_t acme,
                       const struct cvd_clock *clock)
{
    if (m->failed)
        return;
    char sess[CVD_SECRET_TEXT_MAX], csrf[CVD_SECRET_TEXT_MAX];
    struct cvd_principal vic = {0};
    check(m,
          cvd_hub_login(m->hub, CVD_STR("vic@acme.example"), CVD_STR("demo-vendor-pass"),
                        CVD_STR("demo"), sess, csrf, NULL, &m->d),
          "vendor login");
    if (!m->failed)
        check(m, cvd_hub_session(m->hub, cvd_str_from_cstr(sess), &m->arena, &vic, NULL),
              "vendor session");
    if (!m->failed)
        check(m,
              cvd_hub_participant_invite(m->hub, &m->coord, case_id, acme, CVD_CASE_ROLE_VENDOR,
                                         NULL, &m->d),
              "invite");
    if (!m->failed)
        check(m, cvd_hub_team_set(m->hub, &m->coord, case_id, acme, vic.user_id, false, &m->d),
              "team");
    if (!m->failed)
        check(m, cvd_hub_participant_rm(m->hub, &m->coord, case_id, acme, CVD_RM_DELIVER, &m->d),
              "deliver");
    int64_t end = cvd_clock_now(clock) + 45 * CVD_DAY_SECONDS;
    if (!m->failed)
        check(m,
              cvd_hub_embargo_act(m->hub, &m->coord, case_id, CVD_EM_PROPOSE, end,
                                  CVD_EM_REASON_NONE, &m->d),
              "propose embargo");
    if (!m->failed)
        check(
            m,
            cvd_hub_embargo_act(m->hub, &vic, case_id, CVD_EM_ACCEPT, 0, CVD_EM_REASON_NONE, &m->d),
            "accept embargo");
    const int64_t to_acme[] = {acme};
    const int64_t to_vic[] = {vic.user_id};
    const struct {
        const struct cvd_principal *who;
        struct cvd_case_message_input in;
    } msgs[] = {
        {&m->coord,
         {.case_id = case_id,
          .tlp = CVD_TLP_AMBER,
          .audience_orgs = to_acme,
          .n_audience_orgs = 1,
          .body = CVD_STR("Please confirm which firmware versions enable telnet on the WAN.")}},
        {&vic,
         {.case_id = case_id,
          .tlp = CVD_TLP_GREEN,
          .body = CVD_STR("Confirmed: 2.0 to 2.4.0. Firmware 2.4.1 closes the port.")}},
        {&m->coord,
         {.case_id = case_id,
          .tlp = CVD_TLP_RED,
          .audience_users = to_vic,
          .n_audience_users = 1,
          .body = CVD_STR("The reporter's proof of concept is attached to the report.")}},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(msgs) && !m->failed; i++)
        check(m, cvd_hub_case_message_post(m->hub, msgs[i].who, &msgs[i].in, NULL, NULL, &m->d),
              "message");
}

static int open_hub(struct demo *m, const char *db, const char *base_url,
                    const struct cvd_clock *clock)
{
    struct cvd_hub_config cfg = {.db_path = cli_db_path(db),
                                 .clock = clock,
                                 .base_url = base_url,
                                 .password_cost = CVD_PASSWORD_COST_MIN};
    if (cvd_hub_open(&cfg, &m->hub, &m->d) != 0)
        return cli_fail(m->ctx, cmd_name, "cannot open '%s': %s", cfg.db_path, m->d.msg);
    return CLI_OK;
}

int cmd_demo(int argc, char **argv, struct cli_ctx *ctx)
{
    const char *db = NULL, *base_url = "http://127.0.0.1:8080";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, ctx->out);
            return CLI_OK;
        } else if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--base-url") == 0) {
            if (i + 1 == argc)
                return cli_usage_error(ctx, cmd_name, "%s needs a value", argv[i]);
            *(argv[i][2] == 'd' ? &db : &base_url) = argv[i + 1];
            i++;
        } else {
            return cli_usage_error(ctx, cmd_name, "unknown argument '%s'", argv[i]);
        }
    }
    struct demo m = {.ctx = ctx, .sys = {.kind = CVD_PRINCIPAL_SYSTEM}};
    cvd_arena_init(&m.arena, 0);

    /* One report arrived ten days ago and was never acknowledged: the inbox shows it overdue. */
    struct cvd_clock past = cvd_clock_fixed(cvd_clock_now(ctx->clock) - 10 * 86400);
    int rc = open_hub(&m, db, base_url, &past);
    if (rc != CLI_OK)
        goto out;
    check(&m,
          cvd_hub_init_instance(m.hub, CVD_STR("Demo CSIRT"), CVD_STR("admin@demo.example"),
                                CVD_STR("Ada Admin"), CVD_STR("demo-admin-password"), NULL, &m.d),
          "init");
    struct cvd_receipt old =
        submit(&m, "Path traversal in Globex file export", "Globex Cloud", "all",
               "The export endpoint accepts ../ in the file name.", NULL, NULL, CVD_TLP_AMBER);
    cvd_hub_close(m.hub);
    m.hub = NULL;
    if (m.failed || (rc = open_hub(&m, db, base_url, ctx->clock)) != CLI_OK)
        goto out;

    static const struct {
        const char *name;
        enum cvd_org_kind kind;
    } orgs[] = {{"ACME Routers", CVD_ORG_VENDOR},
                {"Globex Cloud", CVD_ORG_VENDOR},
                {"Initech Research", CVD_ORG_RESEARCHER},
                {"Umbrella Hosting", CVD_ORG_OPERATOR}};
    int64_t org_ids[CVD_ARRAY_LEN(orgs)] = {0};
    for (size_t i = 0; i < CVD_ARRAY_LEN(orgs) && !m.failed; i++)
        check(&m,
              cvd_hub_org_add(m.hub, &m.sys, cvd_str_from_cstr(orgs[i].name), orgs[i].kind,
                              &org_ids[i], NULL, &m.d),
              orgs[i].name);
    user(&m, "cora@demo.example", "Cora Coordinator", "demo-coordinator", "Demo CSIRT",
         CVD_ROLE_MEMBER);
    user(&m, "vic@acme.example", "Vic Vendor", "demo-vendor-pass", "ACME Routers", CVD_ROLE_ADMIN);
    user(&m, "rita@initech.example", "Rita Researcher", "demo-researcher", "Initech Research",
         CVD_ROLE_MEMBER);
    if (m.failed)
        goto out;
    char sess[CVD_SECRET_TEXT_MAX], csrf[CVD_SECRET_TEXT_MAX];
    check(&m,
          cvd_hub_login(m.hub, CVD_STR("cora@demo.example"), CVD_STR("demo-coordinator"),
                        CVD_STR("demo"), sess, csrf, NULL, &m.d),
          "login");
    if (!m.failed)
        check(&m, cvd_hub_session(m.hub, cvd_str_from_cstr(sess), &m.arena, &m.coord, NULL),
              "session");

    /* New, not yet acknowledged. */
    struct cvd_receipt fresh =
        submit(&m, "Stack overflow in ACME Router login form", "ACME Router 3000",
               "firmware < 2.4.1", "A long password field overflows a stack buffer in httpd.",
               "Rita Researcher", "rita@initech.example", CVD_TLP_AMBER);
    /* Acknowledged, a question asked and answered. */
    struct cvd_receipt xss =
        submit(&m, "Stored XSS in Globex dashboard", "Globex Cloud dashboard", "2026.10",
               "The project name is rendered without escaping: <script>alert(1)</script>", NULL,
               NULL, CVD_TLP_GREEN);
    act(&m, xss.tracking_id, CVD_REPORT_ACKNOWLEDGE, NULL);
    act(&m, xss.tracking_id, CVD_REPORT_REQUEST_INFO,
        &(struct cvd_report_act_args){
            .message = CVD_STR("Thank you. Which browser did you use, and is a login needed?")});
    answer(&m, &xss, "Firefox 128; any logged-in user can create a project.");
    /* Validated into a new case, accepted, scored. */
    struct cvd_receipt telnet =
        submit(&m, "Default credentials on ACME Router telnet", "ACME Router 3000", "all",
               "Telnet is open on the WAN side with the password 'admin'.", "Rita Researcher",
               "rita@initech.example", CVD_TLP_AMBER);
    act(&m, telnet.tracking_id, CVD_REPORT_ACKNOWLEDGE, NULL);
    act(&m, telnet.tracking_id, CVD_REPORT_VALIDATE,
        &(struct cvd_report_act_args){.case_title = CVD_STR("ACME Router 3000 remote access")});
    act(&m, telnet.tracking_id, CVD_REPORT_ACCEPT, NULL);
    /* A duplicate of it, deferred and closed. */
    struct cvd_receipt dup =
        submit(&m, "ACME router telnet password is admin", "ACME Router", "2.3",
               "Same telnet issue, found with a scanner.", NULL, NULL, CVD_TLP_CLEAR);
    struct cvd_report_view v = {0};
    if (!m.failed)
        check(&m, cvd_hub_report_get(m.hub, &m.coord, telnet.tracking_id, &m.arena, &v, &m.d),
              "get");
    act(&m, dup.tracking_id, CVD_REPORT_VALIDATE,
        &(struct cvd_report_act_args){.case_id = v.case_id});
    act(&m, dup.tracking_id, CVD_REPORT_MARK_DUPLICATE,
        &(struct cvd_report_act_args){.duplicate_of = telnet.tracking_id});
    act(&m, dup.tracking_id, CVD_REPORT_DEFER, NULL);
    act(&m, dup.tracking_id, CVD_REPORT_CLOSE, NULL);
    if (!m.failed) {
        struct cvd_vuln vu = {
            .title = CVD_STR("Hard-coded telnet credentials"),
            .cvss_vector = CVD_STR("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            .ssvc = CVD_STR("SSVCv2/E:P/A:Y/T:T/"),
        };
        check(&m, cvd_hub_vuln_put(m.hub, &m.coord, v.case_id, &vu, NULL, NULL, &m.d), "vuln");
    }
    coordinate(&m, v.case_id, org_ids[0], ctx->clock);
    /* Not a vulnerability. */
    struct cvd_receipt spam = submit(&m, "Your site has no DMARC record", "demo.example", "-",
                                     "Please pay a bounty.", NULL, NULL, CVD_TLP_CLEAR);
    act(&m, spam.tracking_id, CVD_REPORT_INVALIDATE,
        &(struct cvd_report_act_args){.reason = CVD_INVALID_NOT_A_VULNERABILITY});
    if (m.failed)
        goto out;

    fprintf(ctx->out,
            "demo data set created in %s\n\n"
            "logins (demo passwords; never on a real instance):\n"
            "  admin@demo.example     demo-admin-password   administrator, Demo CSIRT\n"
            "  cora@demo.example      demo-coordinator      coordinator, Demo CSIRT\n"
            "  vic@acme.example       demo-vendor-pass      vendor, ACME Routers\n"
            "  rita@initech.example   demo-researcher       researcher, Initech Research\n\n"
            "reports (a reporter's private follow-up link opens their report):\n",
            cli_db_path(db));
    const struct cvd_receipt *all[] = {&old, &fresh, &xss, &telnet, &dup, &spam};
    static const char *const what[] = {"overdue",           "new",
                                       "question answered", "accepted, in a case",
                                       "duplicate, closed", "invalid"};
    for (size_t i = 0; i < CVD_ARRAY_LEN(all); i++)
        fprintf(ctx->out, "  %.*s  %-20s %.*s\n", (int)all[i]->tracking_id.len,
                all[i]->tracking_id.ptr, what[i], (int)all[i]->follow_up_url.len,
                all[i]->follow_up_url.ptr);
    fprintf(ctx->out,
            "\ncase %.*s: shared with ACME Routers under a 45-day embargo, with an AMBER, a GREEN\n"
            "and a RED message (sign in as cora or vic: GET /api/v1/cases/%.*s/messages)\n",
            (int)v.case_id.len, v.case_id.ptr, (int)v.case_id.len, v.case_id.ptr);
out:
    cvd_hub_close(m.hub);
    cvd_arena_release(&m.arena);
    return m.failed || rc != CLI_OK ? CLI_FAIL : CLI_OK;
}
