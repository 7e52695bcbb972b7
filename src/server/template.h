/* HTML templates: a small mustache-like renderer over a libcvd JSON tree, escaping by default.
 *
 * Syntax (docs/internals/server.md has the full table):
 *   {{name}} {{a.b}} {{.}}     the value, HTML-escaped ALWAYS (& < > " ' and NUL)
 *   {{#name}}...{{/name}}      truthy: once; non-empty array: once per item; object: entered
 *   {{^name}}...{{/name}}      when falsy (missing, null, false, "", [])
 *   {{>partial}}               another template of the set, with the same context
 *   {{! comment }}
 * There is deliberately no unescaped output: {{{x}}} and {{&x}} are parse errors, as are
 * delimiter changes. Names are [A-Za-z0-9_-] segments joined by dots; the first segment is
 * looked up from the innermost context outwards, the rest descend into objects.
 *
 * A set is parsed once (at server start), then read-only: renders may run in parallel. */
#ifndef CVD_SERVER_TEMPLATE_H
#define CVD_SERVER_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/json.h"
#include "cvd/str.h"

struct srv_tmpl_set;

#define SRV_TMPL_MAX_NESTING  32u      /* sections open at once, in one template */
#define SRV_TMPL_MAX_PARTIALS 16u      /* partials inside partials */
#define SRV_TMPL_MAX_DEPTH    64u      /* sections and partials while rendering */
#define SRV_TMPL_MAX_NAME     128u     /* bytes of a tag's name */
#define SRV_TMPL_MAX_STEPS    1000000u /* nodes visited in one render */
#define SRV_TMPL_MAX_FRAMES   8u       /* contexts a caller passes */

/** An empty set. CVD_ENOMEM. */
CVD_MUST_CHECK int srv_tmpl_set_new(struct srv_tmpl_set **ret);

/** Free a set. Accepts NULL. */
void srv_tmpl_set_free(struct srv_tmpl_set *s);

/**
 * Parse template `name` from text[0..len) (copied) into the set. CVD_EPARSE with diag
 * "template 'NAME' line N: why" (diag->line = N); CVD_EDUP for a name already in the set;
 * CVD_ELIMIT (nesting, name length); CVD_ENOMEM.
 */
CVD_MUST_CHECK int srv_tmpl_add(struct srv_tmpl_set *s, const char *name, const char *text,
                                size_t len, struct cvd_diag *diag);

/**
 * Resolve partials once every template was added: each {{>x}} must name a template of the
 * set, and partials may not include themselves or nest deeper than SRV_TMPL_MAX_PARTIALS.
 * CVD_ENOTFOUND / CVD_ELIMIT with the template and line in diag. Required before rendering.
 */
CVD_MUST_CHECK int srv_tmpl_link(struct srv_tmpl_set *s, struct cvd_diag *diag);

/** Is there a template of that name? */
bool srv_tmpl_has(const struct srv_tmpl_set *s, const char *name);

/**
 * Append template `name` rendered with the context frames[0..n) (frames[n - 1] innermost,
 * n <= SRV_TMPL_MAX_FRAMES) to out. CVD_ENOTFOUND (no such template), CVD_EINVAL (set not
 * linked, too many frames), CVD_ELIMIT (depth, steps, out's max), CVD_ENOMEM.
 */
CVD_MUST_CHECK int srv_tmpl_render(const struct srv_tmpl_set *s, const char *name,
                                   const struct cvd_json *const *frames, size_t n,
                                   struct cvd_buf *out, struct cvd_diag *diag);

/** Append p[0..len) to out with & < > " ' escaped as entities and NUL as U+FFFD. */
CVD_MUST_CHECK int srv_html_escape(struct cvd_buf *out, const char *p, size_t len);

#endif
