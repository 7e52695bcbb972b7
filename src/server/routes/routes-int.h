/* What the hub's handlers share: the hub and the principal of a request, the public base URL,
 * core errors mapped through the framework, reading JSON and form input, and writing the
 * JSON shapes of docs/api.md (the same JSON feeds the pages' templates). Everything a helper
 * allocates comes from the request's arena. */
#ifndef CVD_SERVER_ROUTES_INT_H
#define CVD_SERVER_ROUTES_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "cvd/core.h"
#include "cvd/json.h"
#include "cvd/model.h"
#include "server/srv.h"

/* ---- who and where ---- */

/** The hub (the app's ctx); NULL when the server runs without one (framework tests). */
struct cvd_hub *srv__hub(const struct srv_req *req);

/** The core principal of the request: the authenticated user, or the anonymous one. */
const struct cvd_principal *srv__who(const struct srv_req *req);

/** Is the principal a coordinator or an administrator (who handles reports and cases)? */
bool srv__is_handler(const struct srv_req *req);

/** The public URL without a final '/': --base-url, else the address the server listens on. */
const char *srv__base_url(struct srv_req *req);

/** printf into the request's arena; NULL when out of memory. */
char *srv__printf(struct srv_req *req, const char *fmt, ...) CVD_PRINTF(2, 3);

/**
 * Answer a core error: the field core named (or NULL) and diag's message, through
 * srv_resp_error, so the framework maps the code once. Returns rc. A 404 or 403 from a
 * reader who is no coordinator becomes 403: the coordinator routes are theirs, and a 403
 * for every report says nothing about which exist.
 */
int srv__core_error(struct srv_resp *resp, int rc, const char *field, const struct cvd_diag *d);

/** As srv__core_error, for the coordinator routes (see there). */
int srv__handler_error(struct srv_req *req, struct srv_resp *resp, int rc, const char *field,
                       const struct cvd_diag *d);

/** Refuse a hub-less server (500). */
int srv__no_hub(struct srv_resp *resp);

/** The CSRF token for a page's forms (and its cookie). 0 or the framework's error. */
int srv__page_csrf(struct srv_req *req, struct srv_resp *resp);

/* ---- input ---- */

/**
 * The request's JSON body as an object, and every member named in known[] (NULL-terminated;
 * "csrf" is always allowed): CVD_ETYPE when the body is not an object, CVD_EINVAL naming the
 * first unknown member. The error is described on resp.
 */
int srv__json_object(struct srv_req *req, struct srv_resp *resp, const char *const *known,
                     const struct cvd_json **ret);

/** A string member: absent or null is "" (*ret_present false); another type CVD_ETYPE. */
int srv__json_text(struct srv_resp *resp, const struct cvd_json *obj, const char *name,
                   struct cvd_str *ret, bool *ret_present);

/** A boolean member: absent or null is false; another type CVD_ETYPE. */
int srv__json_flag(struct srv_resp *resp, const struct cvd_json *obj, const char *name, bool *ret);

/** A body field as a view: "" when absent. */
struct cvd_str srv__field(const struct srv_req *req, const char *name);

/** A checkbox: present with "on", "yes", "true" or "1". */
bool srv__field_checked(const struct srv_req *req, const char *name);

/** A path parameter as a view ("" when absent). */
struct cvd_str srv__param(const struct srv_req *req, const char *name);

/** A path parameter as a positive id, or 0 (which no row has) when it is not one. */
int64_t srv__path_id(const struct srv_req *req, const char *name);

/* ---- output: the JSON shapes of docs/api.md ---- */

/** key: RFC 3339 time, or null for 0. */
void srv__write_time(struct cvd_json_writer *w, const char *key, int64_t t);

/** key: the string, or null when empty. */
void srv__write_opt(struct cvd_json_writer *w, const char *key, struct cvd_str s);

/** key: the string (possibly ""). */
void srv__write_str(struct cvd_json_writer *w, const char *key, struct cvd_str s);

/** A deadline in words for pages ("acknowledgement"); NULL for none. */
const char *srv__timer_label(enum cvd_timer t);

/** The members of a report view (the caller opens and closes the object). */
void srv__write_report(struct cvd_json_writer *w, const struct cvd_report_view *v);

/** The members of a report summary (inbox rows): no long texts, messages or attachments. */
void srv__write_report_summary(struct cvd_json_writer *w, const struct cvd_report_view *v);

/** The members of a case list row. */
void srv__write_case_row(struct cvd_json_writer *w, const struct cvd_case *c);

/** The members of a case view. */
void srv__write_case(struct cvd_json_writer *w, const struct cvd_case_view *v);

/** The members of a vulnerability. */
void srv__write_vuln(struct cvd_json_writer *w, const struct cvd_vuln *v);

#endif
