/* Input rules for what people type: text classes (single-line, multi-line), blank and trim,
 * e-mail shape, an armoured OpenPGP public key, and the whole report form. Messages name the
 * field first and then the rule, so the API can answer {"field": ..., "message": ...}. */
#include "cvd/model.h"

#include <stddef.h>
#include <string.h>

#include "cvd/utf8.h"

/* ---- white space ---- */

/* Unicode White_Space, plus ZERO WIDTH SPACE and the BOM, which look blank too. */
static bool is_space_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cvd_ascii_is_space((int)cp);
    switch (cp) {
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
    case 0x200b:
    case 0xfeff:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200a;
    }
}

/* The code point that ends at p[end) (end > 0) and its length, or 0 when the bytes there are
 * not one valid UTF-8 sequence. */
static size_t decode_back(const char *p, size_t end, uint32_t *ret_cp)
{
    size_t start = end - 1;
    while (start > 0 && end - start < 4 && ((unsigned char)p[start] & 0xc0) == 0x80)
        start--;
    size_t n = cvd_utf8_decode(p + start, end - start, ret_cp);
    return n == end - start ? n : 0;
}

struct cvd_str cvd_text_trim(struct cvd_str s)
{
    if (s.ptr == NULL)
        return (struct cvd_str){s.ptr, 0};
    uint32_t cp;
    while (s.len > 0) {
        size_t n = cvd_utf8_decode(s.ptr, s.len, &cp);
        if (n == 0 || !is_space_cp(cp))
            break;
        s.ptr += n;
        s.len -= n;
    }
    while (s.len > 0) {
        size_t n = decode_back(s.ptr, s.len, &cp);
        if (n == 0 || !is_space_cp(cp))
            break;
        s.len -= n;
    }
    return s;
}

bool cvd_text_is_blank(struct cvd_str s)
{
    return cvd_text_trim(s).len == 0;
}

/* ---- text classes ---- */

static bool is_control_cp(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

int cvd_text_check(struct cvd_str s, size_t max, unsigned flags, const char *field,
                   struct cvd_diag *diag)
{
    bool multiline = (flags & CVD_TEXT_MULTILINE) != 0;
    if (s.ptr == NULL)
        s.len = 0;
    if (s.len > max)
        return cvd_diag_set_at(diag, CVD_ELIMIT, max, "%s is longer than %zu bytes (%zu)", field,
                               max, s.len);
    /* Blank first: " \t " in a one-line field is missing, not a misplaced tab. */
    if ((flags & CVD_TEXT_REQUIRED) && cvd_text_is_blank(s))
        return cvd_diag_set(diag, CVD_EMISSING, "%s is required", field);
    size_t i = 0;
    while (i < s.len) {
        uint32_t cp = (unsigned char)s.ptr[i];
        size_t n = 1;
        if (cp >= 0x80) {
            n = cvd_utf8_decode(s.ptr + i, s.len - i, &cp);
            if (n == 0)
                return cvd_diag_set_at(diag, CVD_EUTF8, i, "%s is not valid UTF-8 at byte %zu",
                                       field, i);
        }
        if (cp == 0)
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "%s contains a NUL byte at byte %zu", field,
                                   i);
        bool line_break = cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
        if (!multiline && line_break)
            return cvd_diag_set_at(diag, CVD_EINVAL, i,
                                   "%s contains a line break at byte %zu: it must be one line",
                                   field, i);
        if (is_control_cp(cp) && !(multiline && (cp == '\t' || cp == '\n' || cp == '\r')))
            return cvd_diag_set_at(diag, CVD_EINVAL, i,
                                   "%s contains a control character (U+%04X) at byte %zu: %s",
                                   field, (unsigned)cp, i,
                                   multiline ? "only tab, CR and LF are allowed"
                                             : "none is allowed in a one-line field");
        i += n;
    }
    return 0;
}

/* ---- e-mail ---- */

int cvd_email_check(struct cvd_str s, const char *field, struct cvd_diag *diag)
{
    if (s.ptr == NULL || s.len == 0)
        return cvd_diag_set(diag, CVD_EMISSING, "%s is empty", field);
    int rc = cvd_text_check(s, CVD_EMAIL_MAX, 0, field, diag);
    if (rc)
        return rc;
    size_t at = 0;
    size_t n_at = 0;
    for (size_t i = 0; i < s.len;) {
        uint32_t cp;
        size_t n = cvd_utf8_decode(s.ptr + i, s.len - i, &cp); /* valid: checked above */
        if (is_space_cp(cp))
            return cvd_diag_set_at(diag, CVD_EINVAL, i,
                                   "%s contains white space at byte %zu: not an e-mail address",
                                   field, i);
        if (cp == '@') {
            at = i;
            n_at++;
        }
        i += n;
    }
    if (n_at != 1)
        return cvd_diag_set(diag, CVD_EINVAL,
                            "%s is not an e-mail address: it must contain exactly one '@'", field);
    if (at == 0 || at + 1 == s.len)
        return cvd_diag_set(diag, CVD_EINVAL,
                            "%s is not an e-mail address: it needs a name before the '@' and a "
                            "domain after it",
                            field);
    return 0;
}

/* ---- OpenPGP public key in ASCII armour ---- */

#define ARMOR_BEGIN         "-----BEGIN PGP PUBLIC KEY BLOCK-----"
#define ARMOR_END           "-----END PGP PUBLIC KEY BLOCK-----"
#define ARMOR_PRIVATE_BEGIN "-----BEGIN PGP PRIVATE KEY BLOCK-----"

static bool is_base64_char(unsigned char c)
{
    return cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) || c == '+' || c == '/';
}

/* A line of radix-64 data: base64 characters, then at most two '='. */
static bool is_base64_line(struct cvd_str l)
{
    size_t i = 0;
    while (i < l.len && is_base64_char((unsigned char)l.ptr[i]))
        i++;
    if (i == 0)
        return false;
    size_t pad = 0;
    while (i < l.len && l.ptr[i] == '=') {
        i++;
        pad++;
    }
    return i == l.len && pad <= 2;
}

/* The armour checksum line: '=' and four base64 characters. */
static bool is_checksum_line(struct cvd_str l)
{
    if (l.len != 5 || l.ptr[0] != '=')
        return false;
    for (size_t i = 1; i < 5; i++) {
        if (!is_base64_char((unsigned char)l.ptr[i]))
            return false;
    }
    return true;
}

/* "Key: value" (RFC 4880 §6.2 armour header). */
static bool is_header_line(struct cvd_str l)
{
    const char *colon = memchr(l.ptr, ':', l.len);
    return colon != NULL && colon != l.ptr && (size_t)(colon - l.ptr) + 1 < l.len &&
           colon[1] == ' ';
}

static bool contains(struct cvd_str s, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= s.len; i++) {
        if (memcmp(s.ptr + i, needle, n) == 0)
            return true;
    }
    return false;
}

/* The next line of *rest without its line end and trailing spaces or tabs. */
static struct cvd_str next_line(struct cvd_str *rest)
{
    const char *nl = memchr(rest->ptr, '\n', rest->len);
    size_t len = nl ? (size_t)(nl - rest->ptr) : rest->len;
    struct cvd_str l = {rest->ptr, len};
    size_t used = nl ? len + 1 : len;
    rest->ptr += used;
    rest->len -= used;
    while (l.len > 0 &&
           (l.ptr[l.len - 1] == '\r' || l.ptr[l.len - 1] == ' ' || l.ptr[l.len - 1] == '\t'))
        l.len--;
    return l;
}

static int key_error(const char *field, unsigned line, const char *why, struct cvd_diag *diag)
{
    if (line > 0 && diag != NULL)
        diag->line = line;
    return cvd_diag_set(diag, CVD_EINVAL, "%s is not an ASCII-armoured OpenPGP public key: %s",
                        field, why);
}

int cvd_pgp_key_check(struct cvd_str s, size_t max, const char *field, struct cvd_diag *diag)
{
    int rc = cvd_text_check(s, max, CVD_TEXT_MULTILINE, field, diag);
    if (rc)
        return rc;
    struct cvd_str t = cvd_text_trim(s);
    if (t.len == 0)
        return cvd_diag_set(diag, CVD_EMISSING, "%s is empty", field);
    if (contains(t, ARMOR_PRIVATE_BEGIN))
        return cvd_diag_set(diag, CVD_EINVAL,
                            "%s is a private key block: give only the public key and keep the "
                            "private one secret",
                            field);
    struct cvd_str rest = t;
    unsigned line = 1;
    if (!cvd_str_eq_cstr(next_line(&rest), ARMOR_BEGIN))
        return key_error(field, line, "it must begin with '" ARMOR_BEGIN "'", diag);
    enum { HEADERS, DATA, CHECKSUM } part = HEADERS;
    size_t data_lines = 0;
    for (;;) {
        if (rest.len == 0)
            return key_error(field, line, "it must end with '" ARMOR_END "'", diag);
        struct cvd_str l = next_line(&rest);
        line++;
        if (cvd_str_eq_cstr(l, ARMOR_END)) {
            if (rest.len != 0)
                return key_error(field, line, "text after the end line", diag);
            break;
        }
        if (part == HEADERS) {
            if (l.len == 0) {
                part = DATA;
                continue;
            }
            if (is_header_line(l))
                continue;
            part = DATA; /* no blank line after the begin line: tolerated */
        }
        if (part == CHECKSUM)
            return key_error(field, line, "text after the checksum line", diag);
        if (l.len == 0)
            return key_error(field, line, "a blank line inside the key data", diag);
        if (is_checksum_line(l) && data_lines > 0) {
            part = CHECKSUM;
            continue;
        }
        if (!is_base64_line(l))
            return key_error(field, line, "a line of the key data is not base64", diag);
        data_lines++;
    }
    if (data_lines == 0)
        return key_error(field, line, "no key data", diag);
    return 0;
}

/* ---- the report form ---- */

const struct cvd_report_limits cvd_report_limits_default = {
    .title = CVD_REPORT_TITLE_MAX,
    .product = CVD_REPORT_PRODUCT_MAX,
    .versions = CVD_REPORT_VERSIONS_MAX,
    .description = CVD_REPORT_DESCRIPTION_MAX,
    .text = CVD_REPORT_TEXT_MAX,
    .name = CVD_REPORT_NAME_MAX,
    .email = CVD_EMAIL_MAX,
    .pgp_key = CVD_REPORT_PGP_KEY_MAX,
};

/* One text field of the form: where it is, which limit applies, its class. */
struct text_field {
    const char *name;
    size_t offset;       /* of the struct cvd_str in struct cvd_report */
    size_t limit_offset; /* of the size_t in struct cvd_report_limits */
    unsigned flags;
};

/* The name and the two offsets of a text field. */
#define TEXT(m, lim) #m, offsetof(struct cvd_report, m), offsetof(struct cvd_report_limits, lim)

/* In struct order; reporter_email and reporter_pgp_key get their shape checks afterwards. */
static const struct text_field text_fields[] = {
    {TEXT(title, title), CVD_TEXT_REQUIRED},
    {TEXT(product, product), CVD_TEXT_MULTILINE | CVD_TEXT_REQUIRED},
    {TEXT(versions, versions), CVD_TEXT_MULTILINE},
    {TEXT(description, description), CVD_TEXT_MULTILINE | CVD_TEXT_REQUIRED},
    {TEXT(impact, text), CVD_TEXT_MULTILINE},
    {TEXT(reproduction, text), CVD_TEXT_MULTILINE},
    {TEXT(how_found, text), CVD_TEXT_MULTILINE},
    {TEXT(disclosure_plans, text), CVD_TEXT_MULTILINE},
    {TEXT(credit_name, name), 0},
    {TEXT(reporter_name, name), 0},
    {TEXT(reporter_email, email), 0},
    {TEXT(reporter_pgp_key, pgp_key), CVD_TEXT_MULTILINE},
};

#undef TEXT

static size_t limit_of(const struct cvd_report_limits *lim, size_t offset)
{
    size_t v;
    memcpy(&v, (const char *)lim + offset, sizeof(v));
    if (v == 0)
        memcpy(&v, (const char *)&cvd_report_limits_default + offset, sizeof(v));
    return v;
}

static struct cvd_str field_of(const struct cvd_report *r, size_t offset)
{
    struct cvd_str s;
    memcpy(&s, (const char *)r + offset, sizeof(s));
    return s;
}

static int field_error(const char *name, const char **ret_field, int rc)
{
    if (ret_field != NULL)
        *ret_field = name;
    return rc;
}

/* An enum value out of range: "<field> is not one of a, b, c". */
static int enum_check(int v, int count, const char *(*name)(int), const char *field,
                      const char **ret_field, struct cvd_diag *diag)
{
    if (v >= 0 && v < count)
        return 0;
    char list[128] = "";
    size_t len = 0;
    for (int i = 0; i < count && len < sizeof(list); i++) {
        size_t n = strlen(name(i));
        if (len + n + 3 > sizeof(list))
            break;
        if (i > 0) {
            memcpy(list + len, ", ", 2);
            len += 2;
        }
        memcpy(list + len, name(i), n + 1);
        len += n;
    }
    cvd_diag_set(diag, CVD_EINVAL, "%s is not one of %s", field, list);
    return field_error(field, ret_field, CVD_EINVAL);
}

static const char *tlp_word(int v)
{
    return cvd_tlp_name((enum cvd_tlp)v);
}

static const char *channel_word(int v)
{
    return cvd_channel_name((enum cvd_channel)v);
}

static const char *answer_word(int v)
{
    return cvd_answer_name((enum cvd_answer)v);
}

int cvd_report_check(const struct cvd_report *r, const struct cvd_report_limits *lim,
                     const char **ret_field, struct cvd_diag *diag)
{
    if (r == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "no report to check");
    if (lim == NULL)
        lim = &cvd_report_limits_default;
    int rc =
        enum_check((int)r->channel, CVD_CHANNEL_COUNT, channel_word, "channel", ret_field, diag);
    if (rc == 0)
        rc = enum_check((int)r->tlp, CVD_TLP_COUNT, tlp_word, "tlp", ret_field, diag);
    if (rc)
        return rc;
    for (size_t i = 0; i < CVD_ARRAY_LEN(text_fields); i++) {
        const struct text_field *f = &text_fields[i];
        struct cvd_str s = field_of(r, f->offset);
        rc = cvd_text_check(s, limit_of(lim, f->limit_offset), f->flags, f->name, diag);
        if (rc)
            return field_error(f->name, ret_field, rc);
    }
    const struct {
        const char *name;
        enum cvd_answer v;
    } answers[] = {
        {"vendor_contacted", r->vendor_contacted},
        {"publicly_known", r->publicly_known},
        {"exploited", r->exploited},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(answers); i++) {
        rc = enum_check((int)answers[i].v, CVD_ANSWER_COUNT, answer_word, answers[i].name,
                        ret_field, diag);
        if (rc)
            return rc;
    }
    if (!r->credit_wanted && !cvd_text_is_blank(r->credit_name)) {
        cvd_diag_set(diag, CVD_EINVAL, "credit_name is given only with credit_wanted");
        return field_error("credit_name", ret_field, CVD_EINVAL);
    }
    if (r->reporter_email.len > 0) {
        rc = cvd_email_check(r->reporter_email, "reporter_email", diag);
        if (rc)
            return field_error("reporter_email", ret_field, rc);
    }
    if (!cvd_text_is_blank(r->reporter_pgp_key)) {
        rc = cvd_pgp_key_check(r->reporter_pgp_key,
                               limit_of(lim, offsetof(struct cvd_report_limits, pgp_key)),
                               "reporter_pgp_key", diag);
        if (rc)
            return field_error("reporter_pgp_key", ret_field, rc);
    }
    return 0;
}
