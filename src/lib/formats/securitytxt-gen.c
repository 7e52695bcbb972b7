/* security.txt generation: a `key = value` configuration to a file that lints clean. The
 * generator checks only what would break the line structure; lint checks the rest. */
#include "cvd/securitytxt.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "cvd/checked.h"
#include "cvd/utf8.h"

struct gen_key {
    const char *name;
    size_t list_off; /* offsetof the array, or 0 for single keys */
    size_t count_off;
};

#define LIST_KEY(n, field)                                                                         \
    {                                                                                              \
        n, offsetof(struct cvd_securitytxt_gen, field),                                            \
            offsetof(struct cvd_securitytxt_gen, n_##field)                                        \
    }

static const struct gen_key list_keys[] = {
    LIST_KEY("acknowledgments", acknowledgments),
    LIST_KEY("canonical", canonical),
    LIST_KEY("contact", contact),
    LIST_KEY("encryption", encryption),
    LIST_KEY("hiring", hiring),
    LIST_KEY("policy", policy),
};

static int line_err(struct cvd_diag *d, uint32_t no, int code, const char *fmt, ...)
    CVD_PRINTF(4, 5);

static int line_err(struct cvd_diag *d, uint32_t no, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cvd_diag_vset(d, code, fmt, ap);
    va_end(ap);
    if (d != NULL)
        d->line = no;
    return code;
}

static bool is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

static struct cvd_str trim(struct cvd_str s)
{
    while (s.len && is_wsp(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (is_wsp(s.ptr[s.len - 1]) || s.ptr[s.len - 1] == '\r'))
        s.len--;
    return s;
}

/* A value must stay on its line: no control characters but HTAB, valid UTF-8, not empty. */
static bool value_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > CVD_SECURITYTXT_SOFT_FIELD || !cvd_utf8_is_valid(v, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

int cvd_securitytxt_config_parse(struct cvd_arena *a, struct cvd_str in,
                                 struct cvd_securitytxt_gen *ret, struct cvd_diag *diag)
{
    if (a == NULL || ret == NULL || (in.ptr == NULL && in.len))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    if (in.len > CVD_SECURITYTXT_MAX_BYTES)
        return cvd_diag_set(diag, CVD_ELIMIT, "configuration larger than %zu bytes",
                            CVD_SECURITYTXT_MAX_BYTES);
    if (in.ptr == NULL)
        in.ptr = ""; /* NULL + 0 is undefined in C */
    if (!cvd_utf8_is_valid(in.ptr, in.len))
        return cvd_diag_set(diag, CVD_EUTF8, "configuration is not valid UTF-8");
    struct cvd_securitytxt_gen g = {.expires_days = CVD_SECURITYTXT_MAX_EXPIRY_DAYS};
    bool seen_days = false;
    uint32_t no = 0;
    size_t pos = 0;
    while (pos < in.len) {
        const char *nl = memchr(in.ptr + pos, '\n', in.len - pos);
        size_t end = nl ? (size_t)(nl - in.ptr) : in.len;
        struct cvd_str line = trim((struct cvd_str){in.ptr + pos, end - pos});
        pos = nl ? end + 1 : in.len;
        no++;
        if (line.len == 0 || line.ptr[0] == '#')
            continue;
        const char *eq = memchr(line.ptr, '=', line.len);
        if (eq == NULL) {
            return line_err(diag, no, CVD_EPARSE, "line %u: expected 'key = value'", no);
        }
        struct cvd_str key = trim((struct cvd_str){line.ptr, (size_t)(eq - line.ptr)});
        struct cvd_str val = trim((struct cvd_str){eq + 1, (size_t)(line.ptr + line.len - eq - 1)});
        if (val.len == 0) {
            return line_err(diag, no, CVD_EPARSE, "line %u: key '%.*s' has no value", no,
                            (int)(key.len > 64 ? 64 : key.len), key.ptr);
        }
        char *v = cvd_arena_strndup(a, val.ptr, val.len);
        if (v == NULL)
            return cvd_diag_set(diag, cvd_arena_error(a), "cannot copy the configuration");
        if (!value_ok(v)) {
            return line_err(diag, no, CVD_EPARSE, "line %u: value of '%.*s' is not usable", no,
                            (int)(key.len > 64 ? 64 : key.len), key.ptr);
        }
        bool done = false;
        for (size_t k = 0; k < CVD_ARRAY_LEN(list_keys) && !done; k++) {
            if (!cvd_str_eq_nocase(key, cvd_str_from_cstr(list_keys[k].name)))
                continue;
            const char **arr = (const char **)(void *)((char *)&g + list_keys[k].list_off);
            size_t *n = (size_t *)(void *)((char *)&g + list_keys[k].count_off);
            if (*n == CVD_SECURITYTXT_GEN_MAX) {
                return line_err(diag, no, CVD_ELIMIT, "line %u: more than %u '%s' values", no,
                                CVD_SECURITYTXT_GEN_MAX, list_keys[k].name);
            }
            arr[(*n)++] = v;
            done = true;
        }
        if (done)
            continue;
        const char **single = NULL;
        if (cvd_str_eq_nocase(key, CVD_STR("csaf")))
            single = &g.csaf;
        else if (cvd_str_eq_nocase(key, CVD_STR("preferred-languages")))
            single = &g.languages;
        if (single != NULL) {
            if (*single != NULL) {
                return line_err(diag, no, CVD_EPARSE, "line %u: '%.*s' given twice", no,
                                (int)key.len, key.ptr);
            }
            *single = v;
            continue;
        }
        if (cvd_str_eq_nocase(key, CVD_STR("expires-days"))) {
            uint64_t d;
            if (seen_days) {
                return line_err(diag, no, CVD_EPARSE, "line %u: 'expires-days' given twice", no);
            }
            seen_days = true;
            if (cvd_str_to_u64(val, CVD_SECURITYTXT_MAX_EXPIRY_DAYS, &d) != 0 || d == 0) {
                return line_err(diag, no, CVD_ERANGE,
                                "line %u: expires-days '%s' is not a number from 1 to %u", no, v,
                                CVD_SECURITYTXT_MAX_EXPIRY_DAYS);
            }
            g.expires_days = (uint32_t)d;
            continue;
        }
        return line_err(diag, no, CVD_EPARSE, "line %u: unknown key '%.*s'", no,
                        (int)(key.len > 64 ? 64 : key.len), key.ptr);
    }
    *ret = g;
    return 0;
}

static int emit(struct cvd_buf *out, const char *name, const char *const *v, size_t n,
                struct cvd_diag *diag)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i] == NULL || !value_ok(v[i]))
            return cvd_diag_set(diag, CVD_EINVAL,
                                "%s value %zu is empty or has a control "
                                "character",
                                name, i + 1);
        int rc = cvd_buf_printf(out, "%s: %s\n", name, v[i]);
        if (rc)
            return cvd_diag_set(diag, rc, "cannot write %s", name);
    }
    return 0;
}

int cvd_securitytxt_generate(const struct cvd_securitytxt_gen *g, const struct cvd_clock *clock,
                             struct cvd_buf *out, struct cvd_diag *diag)
{
    if (g == NULL || out == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    if (g->n_contact == 0)
        return cvd_diag_set(diag, CVD_EMISSING, "at least one contact is required");
    if (g->expires_days < 1 || g->expires_days > CVD_SECURITYTXT_MAX_EXPIRY_DAYS)
        return cvd_diag_set(diag, CVD_ERANGE, "expires-days %u is not from 1 to %u",
                            g->expires_days, CVD_SECURITYTXT_MAX_EXPIRY_DAYS);
    if (g->n_contact > CVD_SECURITYTXT_GEN_MAX || g->n_encryption > CVD_SECURITYTXT_GEN_MAX ||
        g->n_canonical > CVD_SECURITYTXT_GEN_MAX ||
        g->n_acknowledgments > CVD_SECURITYTXT_GEN_MAX || g->n_policy > CVD_SECURITYTXT_GEN_MAX ||
        g->n_hiring > CVD_SECURITYTXT_GEN_MAX)
        return cvd_diag_set(diag, CVD_EINVAL, "too many values");
    int64_t now = cvd_clock_now(clock);
    int64_t exp;
    char when[CVD_RFC3339_LEN + 1];
    if (now < 0 || cvd_i64_add(now, (int64_t)g->expires_days * 86400, &exp) != 0 ||
        cvd_time_format(exp, when) != 0)
        return cvd_diag_set(diag, CVD_ERANGE, "the clock is out of range");
    size_t mark = out->len;
    int rc = cvd_buf_add_cstr(out, "# security.txt (RFC 9116) generated by cvd\n");
    if (rc)
        return cvd_diag_set(diag, rc, "cannot write the file");
    if (rc == 0)
        rc = emit(out, "Canonical", g->canonical, g->n_canonical, diag);
    if (rc == 0)
        rc = emit(out, "Contact", g->contact, g->n_contact, diag);
    if (rc == 0)
        rc = emit(out, "Encryption", g->encryption, g->n_encryption, diag);
    if (rc == 0)
        rc = emit(out, "Acknowledgments", g->acknowledgments, g->n_acknowledgments, diag);
    if (rc == 0)
        rc = emit(out, "Policy", g->policy, g->n_policy, diag);
    if (rc == 0)
        rc = emit(out, "Hiring", g->hiring, g->n_hiring, diag);
    if (rc == 0 && g->languages)
        rc = emit(out, "Preferred-Languages", &g->languages, 1, diag);
    if (rc == 0 && g->csaf)
        rc = emit(out, "CSAF", &g->csaf, 1, diag);
    if (rc == 0) {
        const char *e = when;
        rc = emit(out, "Expires", &e, 1, diag);
    }
    if (rc) {
        /* Leave the buffer as it was: truncate to the mark. */
        out->len = mark;
        if (out->ptr)
            out->ptr[mark] = '\0';
    }
    return rc;
}
