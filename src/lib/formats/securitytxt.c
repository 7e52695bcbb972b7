/* security.txt (RFC 9116): split lines, find the signed part of an OpenPGP cleartext
 * signature, parse fields into the model, then lint (standards.md §1.8). The parser never
 * stops at the first problem: every finding is recorded with its line. */
#include "cvd/securitytxt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/checked.h"
#include "cvd/utf8.h"

/* ---- rule table ---- */

#define CVD__SEV_E CVD_SECURITYTXT_ERROR
#define CVD__SEV_W CVD_SECURITYTXT_WARNING
#define CVD__SEV_I CVD_SECURITYTXT_INFO

static const struct {
    const char *code;
    enum cvd_securitytxt_severity sev;
} rules[] = {
#define CVD__RULE_ROW(id, code, sev) {code, CVD__SEV_##sev},
    CVD_SECURITYTXT_RULES(CVD__RULE_ROW)
#undef CVD__RULE_ROW
};

const char *cvd_securitytxt_rule_code(enum cvd_securitytxt_rule r)
{
    if ((unsigned)r >= CVD_ARRAY_LEN(rules))
        return NULL;
    return rules[r].code;
}

enum cvd_securitytxt_severity cvd_securitytxt_rule_severity(enum cvd_securitytxt_rule r)
{
    if ((unsigned)r >= CVD_ARRAY_LEN(rules))
        return CVD_SECURITYTXT_ERROR;
    return rules[r].sev;
}

static const char *const kind_names[] = {
    [CVD_SECURITYTXT_UNKNOWN] = "",
    [CVD_SECURITYTXT_ACKNOWLEDGMENTS] = "Acknowledgments",
    [CVD_SECURITYTXT_CANONICAL] = "Canonical",
    [CVD_SECURITYTXT_CONTACT] = "Contact",
    [CVD_SECURITYTXT_CSAF] = "CSAF",
    [CVD_SECURITYTXT_ENCRYPTION] = "Encryption",
    [CVD_SECURITYTXT_EXPIRES] = "Expires",
    [CVD_SECURITYTXT_HIRING] = "Hiring",
    [CVD_SECURITYTXT_POLICY] = "Policy",
    [CVD_SECURITYTXT_PREFERRED_LANGUAGES] = "Preferred-Languages",
};

const char *cvd_securitytxt_kind_name(enum cvd_securitytxt_kind k)
{
    if ((unsigned)k >= CVD_ARRAY_LEN(kind_names))
        return "";
    return kind_names[k];
}

const char *cvd_securitytxt_sig_status_name(enum cvd_securitytxt_sig_status s)
{
    switch (s) {
    case CVD_SECURITYTXT_SIG_UNCHECKED:
        return "unchecked";
    case CVD_SECURITYTXT_SIG_GOOD:
        return "good";
    case CVD_SECURITYTXT_SIG_BAD:
        return "bad";
    case CVD_SECURITYTXT_SIG_NO_KEY:
        return "no-key";
    case CVD_SECURITYTXT_SIG_ERROR:
        return "error";
    case CVD_SECURITYTXT_SIG_NONE:
        return "none";
    }
    return "unknown";
}

/* ---- findings ---- */

/* Quote untrusted bytes for a message: printable ASCII and valid UTF-8 as they are, anything
 * else as \xNN, cut after about 60 bytes so one huge line cannot bloat the report. */
#define QUOTE_MAX 80

static const char *quote(char out[QUOTE_MAX], const char *p, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    size_t i = 0;
    while (i < len) {
        if (o >= QUOTE_MAX - 8) {
            out[o++] = '.';
            out[o++] = '.';
            out[o++] = '.';
            break;
        }
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
            out[o++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = c >= 0x80 ? cvd_utf8_decode(p + i, len - i, &cp) : 0;
        if (n > 0 && o + n < QUOTE_MAX - 8) {
            memcpy(out + o, p + i, n);
            o += n;
            i += n;
            continue;
        }
        out[o++] = '\\';
        out[o++] = 'x';
        out[o++] = hex[c >> 4];
        out[o++] = hex[c & 15];
        i++;
    }
    out[o] = '\0';
    return out;
}

static const char *quote_str(char out[QUOTE_MAX], struct cvd_str s)
{
    return quote(out, s.ptr, s.len);
}

static int add_finding(struct cvd_securitytxt *doc, enum cvd_securitytxt_rule r, uint32_t line,
                       const char *fmt, ...) CVD_PRINTF(4, 5);

static int add_finding(struct cvd_securitytxt *doc, enum cvd_securitytxt_rule r, uint32_t line,
                       const char *fmt, ...)
{
    if (doc->n_findings >= CVD_SECURITYTXT_MAX_FINDINGS) {
        doc->dropped_findings++;
        return 0;
    }
    if (doc->n_findings == doc->cap_findings) {
        size_t cap = doc->cap_findings ? doc->cap_findings * 2 : 16;
        if (cap > CVD_SECURITYTXT_MAX_FINDINGS)
            cap = CVD_SECURITYTXT_MAX_FINDINGS;
        struct cvd_securitytxt_finding *f = cvd_arena_alloc_array(doc->arena, cap, sizeof(*f));
        if (f == NULL)
            return cvd_arena_error(doc->arena);
        if (doc->n_findings)
            memcpy(f, doc->findings, doc->n_findings * sizeof(*f));
        doc->findings = f;
        doc->cap_findings = cap;
    }
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    size_t len = (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1;
    char *m = cvd_arena_strndup(doc->arena, msg, len);
    if (m == NULL)
        return cvd_arena_error(doc->arena);
    doc->findings[doc->n_findings++] = (struct cvd_securitytxt_finding){
        .rule = r,
        .code = rules[r].code,
        .severity = rules[r].sev,
        .line = line,
        .msg = m,
    };
    return 0;
}

size_t cvd_securitytxt_error_count(const struct cvd_securitytxt *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n_findings; i++)
        n += doc->findings[i].severity == CVD_SECURITYTXT_ERROR;
    return n;
}

bool cvd_securitytxt_has(const struct cvd_securitytxt *doc, enum cvd_securitytxt_rule r)
{
    for (size_t i = 0; i < doc->n_findings; i++) {
        if (doc->findings[i].rule == r)
            return true;
    }
    return false;
}

/* ---- small helpers ---- */

static bool is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

static struct cvd_str trim_wsp(struct cvd_str s)
{
    while (s.len && is_wsp(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_wsp(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

static struct cvd_str trim_right(struct cvd_str s)
{
    while (s.len && is_wsp(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

static bool is_alnum(int c)
{
    return cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c);
}

/* ---- lines ---- */

struct line {
    const char *p; /* content, without the line break */
    size_t len;
    bool eol; /* ended by LF (or CRLF) */
};

static const char signed_header[] = "-----BEGIN PGP SIGNED MESSAGE-----";
static const char sig_begin[] = "-----BEGIN PGP SIGNATURE-----";
static const char sig_end[] = "-----END PGP SIGNATURE-----";

static bool line_is(const struct line *l, const char *lit)
{
    return cvd_str_eq_cstr(trim_right((struct cvd_str){l->p, l->len}), lit);
}

static bool line_blank(const struct line *l)
{
    return trim_wsp((struct cvd_str){l->p, l->len}).len == 0;
}

/* 1-based line number of line index i, never past the last line (findings about a missing
 * line after the end point at the last one). */
#define LINE_NO(ps, i) ((uint32_t)((i) < (ps)->n_lines ? (i) + 1 : (ps)->n_lines))

struct parser {
    struct cvd_securitytxt *doc;
    struct cvd_arena *a;
    struct line *lines;
    size_t n_lines;
    /* the body lines to parse as fields (after removing the signature envelope) */
    size_t body_first, body_end;
    bool dash_escaped; /* body lines may carry "- " */
};

static int split_lines(struct parser *ps, struct cvd_str in, struct cvd_diag *diag)
{
    size_t n = 0;
    for (size_t i = 0; i < in.len; i++)
        n += in.ptr[i] == '\n';
    if (in.len && in.ptr[in.len - 1] != '\n')
        n++;
    if (n > CVD_SECURITYTXT_MAX_LINES)
        return cvd_diag_set(diag, CVD_ELIMIT, "file has more than %u lines",
                            CVD_SECURITYTXT_MAX_LINES);
    ps->lines = cvd_arena_alloc_array(ps->a, n ? n : 1, sizeof(*ps->lines));
    if (ps->lines == NULL)
        return cvd_diag_set(diag, cvd_arena_error(ps->a), "cannot allocate lines");
    size_t k = 0;
    const char *p = in.ptr;
    const char *end = in.ptr + in.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t len = (size_t)(stop - p);
        if (nl && len && p[len - 1] == '\r')
            len--;
        ps->lines[k++] = (struct line){p, len, nl != NULL};
        p = nl ? nl + 1 : end;
    }
    ps->n_lines = k;
    return 0;
}

/* Encoding and characters, on every line of the file (the armour included). */
static int check_bytes(struct parser *ps)
{
    struct cvd_securitytxt *doc = ps->doc;
    bool utf8_reported = false;
    int rc = 0;
    for (size_t i = 0; i < ps->n_lines && rc == 0; i++) {
        const struct line *l = &ps->lines[i];
        uint32_t no = (uint32_t)(i + 1);
        size_t ok = cvd_utf8_valid_prefix(l->p, l->len);
        if (ok != l->len && !utf8_reported) {
            utf8_reported = true;
            rc = add_finding(doc, CVD_SECURITYTXT_RULE_NOT_UTF8, no,
                             "invalid UTF-8 at byte 0x%02x in column %zu", (unsigned char)l->p[ok],
                             ok + 1);
        }
        bool cr = false, ctl = false;
        for (size_t j = 0; j < l->len; j++) {
            unsigned char c = (unsigned char)l->p[j];
            if (c == '\r')
                cr = true;
            else if ((c < 0x20 && c != '\t') || c == 0x7f)
                ctl = true;
        }
        if (cr && rc == 0)
            rc = add_finding(doc, CVD_SECURITYTXT_RULE_BARE_CR, no,
                             "carriage return not followed by a line feed");
        if (ctl && rc == 0) {
            for (size_t j = 0; j < l->len; j++) {
                unsigned char c = (unsigned char)l->p[j];
                if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                    rc = add_finding(doc, CVD_SECURITYTXT_RULE_CONTROL_CHAR, no,
                                     "control character 0x%02x in column %zu", c, j + 1);
                    break;
                }
            }
        }
        if (rc == 0 && l->len > CVD_SECURITYTXT_SOFT_FIELD) {
            size_t chars = 0;
            for (size_t j = 0; j < l->len; j++)
                chars += ((unsigned char)l->p[j] & 0xc0) != 0x80;
            if (chars > CVD_SECURITYTXT_SOFT_FIELD)
                rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIZE, no,
                                 "line of %zu characters is longer than %u", chars,
                                 CVD_SECURITYTXT_SOFT_FIELD);
        }
    }
    if (rc == 0 && ps->n_lines && !ps->lines[ps->n_lines - 1].eol)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_NO_FINAL_EOL, (uint32_t)ps->n_lines,
                         "last line does not end with a line break");
    if (rc == 0 && doc->n_bytes > CVD_SECURITYTXT_SOFT_BYTES)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIZE, 0, "file of %zu bytes is larger than %zu",
                         doc->n_bytes, CVD_SECURITYTXT_SOFT_BYTES);
    if (rc == 0 && ps->n_lines > CVD_SECURITYTXT_SOFT_LINES)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIZE, 0, "file of %zu lines has more than %u",
                         ps->n_lines, CVD_SECURITYTXT_SOFT_LINES);
    return rc;
}

/* ---- OpenPGP armour ---- */

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static uint32_t crc24(const unsigned char *p, size_t len)
{
    uint32_t crc = 0xB704CEu;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint32_t)p[i] << 16;
        for (int b = 0; b < 8; b++) {
            crc <<= 1;
            if (crc & 0x1000000u)
                crc ^= 0x1864CFBu;
        }
    }
    return crc & 0xFFFFFFu;
}

/* Decode base64 text (no whitespace) into out; returns bytes or -1 when malformed. */
static long b64_decode(const char *p, size_t len, unsigned char *out)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    size_t pad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '=') {
            pad++;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad)
            return -1;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    if (pad > 2 || (len % 4) != 0)
        return -1;
    return (long)o;
}

/* The signature block lines [first, end) between BEGIN and END PGP SIGNATURE: armour headers,
 * a blank line, base64, an optional "=XXXX" checksum. Returns 0 and sets *ret_ok. */
static int check_sig_block(struct parser *ps, size_t first, size_t end, bool *ret_ok)
{
    struct cvd_securitytxt *doc = ps->doc;
    size_t i = first;
    *ret_ok = false;
    /* Armour headers ("Version: ...") until a blank line. */
    while (i < end && !line_blank(&ps->lines[i])) {
        struct cvd_str s = trim_right((struct cvd_str){ps->lines[i].p, ps->lines[i].len});
        const char *colon = memchr(s.ptr, ':', s.len);
        if (colon == NULL || colon == s.ptr || (size_t)(colon - s.ptr) + 1 >= s.len ||
            colon[1] != ' ')
            break;
        i++;
    }
    if (i < end && line_blank(&ps->lines[i]))
        i++;
    else
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(i + 1),
                           "no blank line between '%s' and the signature data", sig_begin);
    /* Base64 lines, then maybe the checksum line. */
    size_t total = 0;
    size_t crc_line = 0;
    for (size_t j = i; j < end; j++) {
        struct cvd_str s = trim_right((struct cvd_str){ps->lines[j].p, ps->lines[j].len});
        char q[QUOTE_MAX];
        if (s.len && s.ptr[0] == '=' && j + 1 == end) {
            crc_line = j + 1;
            if (s.len != 5)
                return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(j + 1),
                                   "armour checksum '%s' is not 4 base64 characters",
                                   quote_str(q, s));
            continue;
        }
        for (size_t k = 0; k < s.len; k++) {
            if (b64_value((unsigned char)s.ptr[k]) < 0 && s.ptr[k] != '=')
                return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(j + 1),
                                   "signature line '%s' is not base64", quote_str(q, s));
        }
        total += s.len;
    }
    if (total == 0)
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(first + 1),
                           "signature block holds no data");
    char *text = cvd_arena_alloc(ps->a, total);
    unsigned char *bin = cvd_arena_alloc(ps->a, total);
    if (text == NULL || bin == NULL)
        return cvd_arena_error(ps->a);
    size_t t = 0;
    for (size_t j = i; j < end && j + 1 != crc_line; j++) {
        struct cvd_str s = trim_right((struct cvd_str){ps->lines[j].p, ps->lines[j].len});
        memcpy(text + t, s.ptr, s.len);
        t += s.len;
    }
    long n = b64_decode(text, t, bin);
    if (n <= 0)
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(i + 1),
                           "signature data is not valid base64");
    if (crc_line) {
        unsigned char c[3];
        const struct line *l = &ps->lines[crc_line - 1];
        if (b64_decode(l->p + 1, 4, c) != 3)
            return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)crc_line,
                               "armour checksum is not valid base64");
        uint32_t want = ((uint32_t)c[0] << 16) | ((uint32_t)c[1] << 8) | c[2];
        uint32_t got = crc24(bin, (size_t)n);
        if (want != got)
            return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)crc_line,
                               "armour checksum %06x does not match the data (%06x)",
                               (unsigned)want, (unsigned)got);
    }
    /* RFC 4880 §4.2: bit 7 set; old format keeps the tag in bits 5-2, new in bits 5-0. */
    unsigned tag = (bin[0] & 0x40) ? (bin[0] & 0x3fu) : ((bin[0] >> 2) & 0x0fu);
    if (!(bin[0] & 0x80) || tag != 2)
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(i + 1),
                           "signature data is not an OpenPGP signature packet");
    *ret_ok = true;
    return 0;
}

/* Find the cleartext signature envelope (RFC 4880 §7) and set the body range to its text. */
static int find_envelope(struct parser *ps)
{
    struct cvd_securitytxt *doc = ps->doc;
    size_t h = ps->n_lines;
    int rc = 0;
    for (size_t i = 0; i < ps->n_lines; i++) {
        if (line_is(&ps->lines[i], signed_header)) {
            h = i;
            break;
        }
    }
    ps->body_first = 0;
    ps->body_end = ps->n_lines;
    if (h == ps->n_lines)
        return 0;
    doc->is_signed = true;
    ps->dash_escaped = true;
    if (h != 0) {
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIG_NOT_FIRST, (uint32_t)(h + 1),
                         "'%s' is not on the first line", signed_header);
        if (rc)
            return rc;
    }
    /* Hash headers up to a blank line. */
    size_t i = h + 1;
    bool hash = false;
    while (i < ps->n_lines && !line_blank(&ps->lines[i])) {
        struct cvd_str s = trim_right((struct cvd_str){ps->lines[i].p, ps->lines[i].len});
        if (!cvd_str_starts_with(s, CVD_STR("Hash: ")) || s.len == 6)
            break;
        hash = true;
        i++;
    }
    if (!hash) {
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, LINE_NO(ps, h + 1),
                         "no 'Hash:' header after '%s'", signed_header);
        if (rc)
            return rc;
    }
    if (i < ps->n_lines && line_blank(&ps->lines[i])) {
        i++;
    } else if (hash) {
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, LINE_NO(ps, i),
                         "no blank line after the 'Hash:' headers");
        if (rc)
            return rc;
    }
    ps->body_first = i;
    size_t b = ps->n_lines;
    for (size_t j = i; j < ps->n_lines; j++) {
        if (line_is(&ps->lines[j], sig_begin)) {
            b = j;
            break;
        }
    }
    ps->body_end = b;
    if (b == ps->n_lines)
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, 0, "no '%s' line", sig_begin);
    size_t e = ps->n_lines;
    for (size_t j = b + 1; j < ps->n_lines; j++) {
        if (line_is(&ps->lines[j], sig_begin))
            return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, (uint32_t)(j + 1),
                               "second '%s' line", sig_begin);
        if (line_is(&ps->lines[j], sig_end)) {
            e = j;
            break;
        }
    }
    if (e == ps->n_lines)
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, 0, "no '%s' line", sig_end);
    bool ok;
    rc = check_sig_block(ps, b + 1, e, &ok);
    if (rc)
        return rc;
    doc->sig_armor_ok = ok;
    bool blank_after = false;
    for (size_t j = e + 1; j < ps->n_lines; j++) {
        if (!line_blank(&ps->lines[j])) {
            return add_finding(doc, CVD_SECURITYTXT_RULE_DATA_AFTER_SIG, (uint32_t)(j + 1),
                               "content after '%s' is not signed", sig_end);
        }
        blank_after = true;
    }
    if (blank_after)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIG_TRAILING_EOL, (uint32_t)(e + 2),
                         "more than one line break after '%s'", sig_end);
    return rc;
}

/* ---- fields ---- */

static enum cvd_securitytxt_kind kind_of(struct cvd_str name)
{
    for (size_t k = 1; k < CVD_ARRAY_LEN(kind_names); k++) {
        if (cvd_str_eq_nocase(name, cvd_str_from_cstr(kind_names[k])))
            return (enum cvd_securitytxt_kind)k;
    }
    return CVD_SECURITYTXT_UNKNOWN;
}

/* RFC 5322 ftext: printable US-ASCII except ":" (%d33-57 / %d59-126). */
static bool is_ftext(unsigned char c)
{
    return c >= 33 && c <= 126 && c != ':';
}

static int add_field(struct parser *ps, struct cvd_str name, struct cvd_str value, uint32_t line)
{
    struct cvd_securitytxt *doc = ps->doc;
    char *n = cvd_arena_strndup(ps->a, name.ptr, name.len);
    char *v = cvd_arena_strndup(ps->a, value.ptr, value.len);
    if (n == NULL || v == NULL)
        return cvd_arena_error(ps->a);
    doc->fields[doc->n_fields++] = (struct cvd_securitytxt_field){
        .kind = kind_of(name),
        .name = {n, name.len},
        .value = {v, value.len},
        .line = line,
    };
    return 0;
}

static int parse_line(struct parser *ps, struct cvd_str s, uint32_t no)
{
    struct cvd_securitytxt *doc = ps->doc;
    char q[QUOTE_MAX];
    s = trim_right(s);
    if (s.len == 0 || trim_wsp(s).len == 0 || s.ptr[0] == '#')
        return 0;
    const char *colon = memchr(s.ptr, ':', s.len);
    if (colon == NULL)
        return add_finding(doc, CVD_SECURITYTXT_RULE_INVALID_LINE, no,
                           "line '%s' is neither a field nor a comment", quote_str(q, s));
    struct cvd_str name = {s.ptr, (size_t)(colon - s.ptr)};
    struct cvd_str rest = {colon + 1, s.len - name.len - 1};
    struct cvd_str tname = trim_right(name);
    int rc = 0;
    if (tname.len == 0)
        return add_finding(doc, CVD_SECURITYTXT_RULE_EMPTY_NAME, no,
                           "field '%s' has no name before ':'", quote_str(q, s));
    if (tname.len != name.len) {
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_WS_BEFORE_COLON, no,
                         "whitespace between field name '%s' and ':'", quote_str(q, tname));
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < tname.len; i++) {
        if (!is_ftext((unsigned char)tname.ptr[i]))
            return add_finding(doc, CVD_SECURITYTXT_RULE_BAD_FIELD_NAME, no,
                               "field name '%s' has a character outside printable US-ASCII",
                               quote_str(q, tname));
    }
    struct cvd_str value = trim_wsp(rest);
    if (value.len == 0)
        return add_finding(doc, CVD_SECURITYTXT_RULE_EMPTY_VALUE, no, "field '%s' has no value",
                           quote_str(q, tname));
    if (!is_wsp(rest.ptr[0]))
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_NO_SPACE_AFTER_COLON, no,
                         "no space after ':' of field '%s'", quote_str(q, tname));
    else if (rest.ptr[0] != ' ' || is_wsp(rest.ptr[1]))
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_COLON_SPACING, no,
                         "field '%s' has other whitespace than one space after ':'",
                         quote_str(q, tname));
    if (rc)
        return rc;
    return add_field(ps, tname, value, no);
}

static int parse_body(struct parser *ps)
{
    struct cvd_securitytxt *doc = ps->doc;
    size_t n = ps->body_end - ps->body_first;
    doc->fields = cvd_arena_alloc_array(ps->a, n ? n : 1, sizeof(*doc->fields));
    if (doc->fields == NULL)
        return cvd_arena_error(ps->a);
    for (size_t i = ps->body_first; i < ps->body_end; i++) {
        const struct line *l = &ps->lines[i];
        struct cvd_str s = {l->p, l->len};
        uint32_t no = (uint32_t)(i + 1);
        if (i == 0 && s.len >= 3 && memcmp(s.ptr, "\xef\xbb\xbf", 3) == 0) {
            s.ptr += 3;
            s.len -= 3;
        }
        if (ps->dash_escaped && s.len && s.ptr[0] == '-') {
            if (s.len >= 2 && s.ptr[1] == ' ') {
                s.ptr += 2;
                s.len -= 2;
            } else {
                char q[QUOTE_MAX];
                int rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIG_ARMOR, no,
                                     "signed line '%s' starts with '-' but is not dash-escaped",
                                     quote_str(q, s));
                if (rc)
                    return rc;
            }
        }
        int rc = parse_line(ps, s, no);
        if (rc)
            return rc;
    }
    return 0;
}

int cvd_securitytxt_parse(struct cvd_arena *a, struct cvd_str in, struct cvd_securitytxt **ret,
                          struct cvd_diag *diag)
{
    if (a == NULL || ret == NULL || (in.ptr == NULL && in.len))
        return cvd_diag_set(diag, CVD_EINVAL, "invalid argument");
    if (in.len > CVD_SECURITYTXT_MAX_BYTES)
        return cvd_diag_set(diag, CVD_ELIMIT, "file of %zu bytes is larger than %zu", in.len,
                            CVD_SECURITYTXT_MAX_BYTES);
    if (in.ptr == NULL)
        in.ptr = ""; /* NULL + 0 is undefined in C */
    struct cvd_securitytxt *doc = cvd_arena_alloc(a, sizeof(*doc));
    if (doc == NULL)
        return cvd_diag_set(diag, cvd_arena_error(a), "cannot allocate the document");
    *doc = (struct cvd_securitytxt){.arena = a, .n_bytes = in.len};
    struct parser ps = {.doc = doc, .a = a};
    int rc = split_lines(&ps, in, diag);
    if (rc)
        return rc;
    doc->n_lines = ps.n_lines;
    if (in.len >= 3 && memcmp(in.ptr, "\xef\xbb\xbf", 3) == 0)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_BOM, 1, "file starts with a byte order mark");
    if (rc == 0)
        rc = check_bytes(&ps);
    if (rc == 0)
        rc = find_envelope(&ps);
    if (rc == 0)
        rc = parse_body(&ps);
    if (rc)
        return cvd_diag_set(diag, rc, "cannot parse security.txt: %s", cvd_strerror(rc));
    *ret = doc;
    return 0;
}

/* ---- lint: URIs ---- */

struct uri {
    struct cvd_str scheme;
    struct cvd_str rest; /* after "scheme:" */
    struct cvd_str path; /* http(s): the path; others: rest up to '?' or '#' */
    bool web;            /* http or https */
};

static bool uri_char_ok(unsigned char c)
{
    return is_alnum(c) || (c != 0 && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL);
}

/* RFC 3986 URI with a scheme. Returns NULL when fine, else the reason. */
static const char *uri_parse(struct cvd_str v, struct uri *u)
{
    size_t i = 0;
    if (v.len == 0 || !cvd_ascii_is_alpha((unsigned char)v.ptr[0]))
        return "does not start with a URI scheme";
    while (i < v.len && (is_alnum((unsigned char)v.ptr[i]) || v.ptr[i] == '+' || v.ptr[i] == '-' ||
                         v.ptr[i] == '.'))
        i++;
    if (i == v.len || v.ptr[i] != ':')
        return "has no URI scheme";
    u->scheme = (struct cvd_str){v.ptr, i};
    u->rest = (struct cvd_str){v.ptr + i + 1, v.len - i - 1};
    if (u->rest.len == 0)
        return "has nothing after the scheme";
    for (size_t j = 0; j < u->rest.len; j++) {
        unsigned char c = (unsigned char)u->rest.ptr[j];
        if (!uri_char_ok(c))
            return c == ' ' || c == '\t' ? "contains whitespace"
                                         : "contains a character not allowed in a URI";
        if (c == '%') {
            if (j + 2 >= u->rest.len || !strchr("0123456789abcdefABCDEF", u->rest.ptr[j + 1]) ||
                !strchr("0123456789abcdefABCDEF", u->rest.ptr[j + 2]) || u->rest.ptr[j + 1] == 0 ||
                u->rest.ptr[j + 2] == 0)
                return "has a broken percent-encoding";
        }
    }
    u->web = cvd_str_eq_nocase(u->scheme, CVD_STR("http")) ||
             cvd_str_eq_nocase(u->scheme, CVD_STR("https"));
    struct cvd_str r = u->rest;
    if (u->web) {
        if (r.len < 3 || r.ptr[0] != '/' || r.ptr[1] != '/' || strchr("/?#", r.ptr[2]))
            return "has no host";
        size_t k = 2;
        while (k < r.len && !strchr("/?#", r.ptr[k]))
            k++;
        r.ptr += k;
        r.len -= k;
    }
    size_t k = 0;
    while (k < r.len && r.ptr[k] != '?' && r.ptr[k] != '#')
        k++;
    u->path = (struct cvd_str){r.ptr, k};
    return NULL;
}

static bool ends_with(struct cvd_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && memcmp(s.ptr + s.len - n, lit, n) == 0;
}

/* RFC 8615 well-known names a security.txt may point to (IANA registered). */
static bool wellknown_ok(struct cvd_str path)
{
    static const char *const ok[] = {"security.txt", "csaf", "csaf-aggregator", "openpgpkey"};
    struct cvd_str p = {path.ptr + 13, path.len - 13}; /* after "/.well-known/" */
    size_t seg = 0;
    while (seg < p.len && p.ptr[seg] != '/')
        seg++;
    for (size_t i = 0; i < CVD_ARRAY_LEN(ok); i++) {
        if (cvd_str_eq_nocase((struct cvd_str){p.ptr, seg}, cvd_str_from_cstr(ok[i])))
            return true;
    }
    return false;
}

static int lint_uri(struct cvd_securitytxt *doc, const struct cvd_securitytxt_field *f,
                    struct uri *u, bool *ret_ok)
{
    char q[QUOTE_MAX];
    const char *why = uri_parse(f->value, u);
    *ret_ok = false;
    if (why)
        return add_finding(doc, CVD_SECURITYTXT_RULE_NOT_URI, f->line, "value '%s' of %s %s",
                           quote_str(q, f->value), cvd_securitytxt_kind_name(f->kind), why);
    *ret_ok = true;
    int rc = 0;
    if (cvd_str_eq_nocase(u->scheme, CVD_STR("http")))
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_HTTP_URI, f->line,
                         "the %s URI '%s' uses http, not https", cvd_securitytxt_kind_name(f->kind),
                         quote_str(q, f->value));
    if (rc == 0 && u->web && u->path.len > 13 &&
        cvd_str_starts_with(u->path, CVD_STR("/.well-known/")) && !wellknown_ok(u->path))
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_WELLKNOWN_REF, f->line,
                         "the %s URI '%s' points into /.well-known/ at an unregistered name",
                         cvd_securitytxt_kind_name(f->kind), quote_str(q, f->value));
    return rc;
}

/* ---- lint: language tags (RFC 5646, primary language 2-3 letters) ---- */

static bool all_of(struct cvd_str s, bool (*pred)(int))
{
    for (size_t i = 0; i < s.len; i++) {
        if (!pred((unsigned char)s.ptr[i]))
            return false;
    }
    return true;
}

static bool is_alpha_fn(int c)
{
    return cvd_ascii_is_alpha(c);
}
static bool is_digit_fn(int c)
{
    return cvd_ascii_is_digit(c);
}
static bool is_alnum_fn(int c)
{
    return is_alnum(c);
}

static bool lang_tag_ok(struct cvd_str tag)
{
    struct cvd_str sub[32];
    size_t n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= tag.len; i++) {
        if (i == tag.len || tag.ptr[i] == '-') {
            if (n == CVD_ARRAY_LEN(sub))
                return false;
            sub[n++] = (struct cvd_str){tag.ptr + start, i - start};
            start = i + 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (sub[i].len < 1 || sub[i].len > 8 || !all_of(sub[i], is_alnum_fn))
            return false;
    }
    size_t i = 0;
    bool x = sub[0].len == 1 && (sub[0].ptr[0] == 'x' || sub[0].ptr[0] == 'X');
    bool gi = sub[0].len == 1 && (sub[0].ptr[0] == 'i' || sub[0].ptr[0] == 'I');
    if (x || gi)
        return n >= 2 && (x || (sub[1].len >= 2 && all_of(sub[1], is_alpha_fn)));
    if (sub[0].len < 2 || sub[0].len > 3 || !all_of(sub[0], is_alpha_fn))
        return false;
    i = 1;
    for (int e = 0; e < 3 && i < n && sub[i].len == 3 && all_of(sub[i], is_alpha_fn); e++)
        i++; /* extlang */
    if (i < n && sub[i].len == 4 && all_of(sub[i], is_alpha_fn))
        i++; /* script */
    if (i < n && ((sub[i].len == 2 && all_of(sub[i], is_alpha_fn)) ||
                  (sub[i].len == 3 && all_of(sub[i], is_digit_fn))))
        i++; /* region */
    while (i < n && ((sub[i].len >= 5) ||
                     (sub[i].len == 4 && cvd_ascii_is_digit((unsigned char)sub[i].ptr[0]))))
        i++; /* variants */
    while (i < n && sub[i].len == 1 && sub[i].ptr[0] != 'x' && sub[i].ptr[0] != 'X') {
        size_t j = i + 1;
        while (j < n && sub[j].len >= 2)
            j++;
        if (j == i + 1)
            return false; /* extension without subtags */
        i = j;
    }
    if (i < n && sub[i].len == 1 && (sub[i].ptr[0] == 'x' || sub[i].ptr[0] == 'X'))
        return i + 1 < n;
    return i == n;
}

static int lint_langs(struct cvd_securitytxt *doc, const struct cvd_securitytxt_field *f)
{
    char q[QUOTE_MAX];
    struct cvd_str v = f->value;
    size_t start = 0;
    for (size_t i = 0; i <= v.len; i++) {
        if (i < v.len && v.ptr[i] != ',')
            continue;
        struct cvd_str tag = trim_wsp((struct cvd_str){v.ptr + start, i - start});
        start = i + 1;
        if (tag.len == 0)
            return add_finding(doc, CVD_SECURITYTXT_RULE_LANG_TAG, f->line,
                               "language list '%s' has an empty element", quote_str(q, v));
        if (!lang_tag_ok(tag))
            return add_finding(doc, CVD_SECURITYTXT_RULE_LANG_TAG, f->line,
                               "'%s' is not an RFC 5646 language tag", quote_str(q, tag));
    }
    return 0;
}

/* ---- lint: unknown fields ---- */

static size_t edit_distance(struct cvd_str a, struct cvd_str b)
{
    size_t row[40];
    if (b.len >= CVD_ARRAY_LEN(row) || a.len >= CVD_ARRAY_LEN(row))
        return SIZE_MAX;
    for (size_t j = 0; j <= b.len; j++)
        row[j] = j;
    for (size_t i = 1; i <= a.len; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.len; j++) {
            size_t up = row[j];
            size_t cost = cvd_ascii_lower((unsigned char)a.ptr[i - 1]) !=
                          cvd_ascii_lower((unsigned char)b.ptr[j - 1]);
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[b.len];
}

static int lint_unknown(struct cvd_securitytxt *doc, const struct cvd_securitytxt_field *f)
{
    char q[QUOTE_MAX];
    for (size_t k = 1; k < CVD_ARRAY_LEN(kind_names); k++) {
        struct cvd_str reg = cvd_str_from_cstr(kind_names[k]);
        /* The distance is at least the length difference: skip the table when that is 3+. */
        if (f->name.len + 2 < reg.len || reg.len + 2 < f->name.len)
            continue;
        size_t d = edit_distance(f->name, reg);
        /* Short names are close to everything: CNA is two edits from CSAF. */
        size_t max = f->name.len >= 6 && reg.len >= 6 ? 2 : 1;
        if (d <= max)
            return add_finding(doc, CVD_SECURITYTXT_RULE_UNKNOWN_FIELD_TYPO, f->line,
                               "unknown field '%s'; did you mean '%s'?", quote_str(q, f->name),
                               kind_names[k]);
    }
    return add_finding(doc, CVD_SECURITYTXT_RULE_UNKNOWN_FIELD, f->line, "unknown field '%s'",
                       quote_str(q, f->name));
}

/* ---- lint: Expires ---- */

static int parse_expires(struct cvd_str v, int64_t *ret_t, bool *ret_space)
{
    *ret_space = false;
    int rc = cvd_time_parse(v, ret_t);
    if (rc == 0 || v.len < 11 || v.len > 64 || v.ptr[10] != ' ')
        return rc;
    char buf[64];
    memcpy(buf, v.ptr, v.len);
    buf[10] = 'T';
    rc = cvd_time_parse((struct cvd_str){buf, v.len}, ret_t);
    if (rc == 0)
        *ret_space = true;
    return rc;
}

/* now + 1 calendar year (29 February becomes 28 February), as DTC's relativedelta does. */
static bool one_year_after(int64_t now, int64_t *ret)
{
    char s[CVD_RFC3339_LEN + 1];
    if (cvd_time_format(now, s) != 0)
        return false;
    unsigned y = (unsigned)(s[0] - '0') * 1000 + (unsigned)(s[1] - '0') * 100 +
                 (unsigned)(s[2] - '0') * 10 + (unsigned)(s[3] - '0');
    if (y >= 9999)
        return false;
    y++;
    s[0] = (char)('0' + y / 1000);
    s[1] = (char)('0' + y / 100 % 10);
    s[2] = (char)('0' + y / 10 % 10);
    s[3] = (char)('0' + y % 10);
    if (memcmp(s + 5, "02-29", 5) == 0)
        s[9] = '8';
    return cvd_time_parse((struct cvd_str){s, CVD_RFC3339_LEN}, ret) == 0;
}

static int lint_expires(struct cvd_securitytxt *doc, const struct cvd_securitytxt_lint_opts *o)
{
    char q[QUOTE_MAX];
    const struct cvd_securitytxt_field *first = NULL;
    int rc = 0;
    for (size_t i = 0; i < doc->n_fields && rc == 0; i++) {
        const struct cvd_securitytxt_field *f = &doc->fields[i];
        if (f->kind != CVD_SECURITYTXT_EXPIRES)
            continue;
        if (first != NULL)
            rc = add_finding(doc, CVD_SECURITYTXT_RULE_MULTI_EXPIRES, f->line,
                             "second Expires field (the first is on line %u)", first->line);
        else
            first = f;
        int64_t t;
        bool space;
        if (rc == 0 && parse_expires(f->value, &t, &space) != 0) {
            rc = add_finding(doc, CVD_SECURITYTXT_RULE_EXPIRES_FORMAT, f->line,
                             "expiry '%s' is not an RFC 3339 date-time with a time zone",
                             quote_str(q, f->value));
            continue;
        }
        if (rc == 0 && space)
            rc = add_finding(doc, CVD_SECURITYTXT_RULE_EXPIRES_SPACE, f->line,
                             "expiry '%s' separates date and time with a space, not 'T'",
                             quote_str(q, f->value));
        if (rc == 0 && f == first) {
            doc->has_expires = true;
            doc->expires = t;
        }
    }
    if (rc)
        return rc;
    if (first == NULL)
        return add_finding(doc, CVD_SECURITYTXT_RULE_NO_EXPIRES, 0, "no Expires field");
    if (!doc->has_expires)
        return 0;
    int64_t now = cvd_clock_now(o->clock);
    int64_t year;
    int64_t soon;
    uint32_t days = o->soon_days ? o->soon_days : CVD_SECURITYTXT_SOON_DAYS;
    char when[CVD_RFC3339_LEN + 1] = "";
    if (cvd_time_format(doc->expires, when) != 0)
        when[0] = '\0';
    if (doc->expires < now)
        return add_finding(doc, CVD_SECURITYTXT_RULE_EXPIRED, first->line, "file expired at %s",
                           when);
    if (one_year_after(now, &year) && doc->expires > year)
        return add_finding(doc, CVD_SECURITYTXT_RULE_LONG_EXPIRY, first->line,
                           "expiry %s is more than a year ahead", when);
    if (cvd_i64_add(now, (int64_t)days * 86400, &soon) == 0 && doc->expires < soon)
        return add_finding(doc, CVD_SECURITYTXT_RULE_EXPIRES_SOON, first->line,
                           "file expires at %s, within %u days", when, days);
    return 0;
}

/* ---- lint: everything ---- */

static int lint_fields(struct cvd_securitytxt *doc)
{
    char q[QUOTE_MAX];
    const struct cvd_securitytxt_field *lang = NULL;
    const struct cvd_securitytxt_field *csaf_first = NULL;
    size_t n_contact = 0, n_csaf = 0, n_enc = 0, n_policy = 0, n_canonical = 0;
    bool mailto = false;
    int rc = 0;
    for (size_t i = 0; i < doc->n_fields && rc == 0; i++) {
        const struct cvd_securitytxt_field *f = &doc->fields[i];
        struct uri u;
        bool ok = false;
        switch (f->kind) {
        case CVD_SECURITYTXT_UNKNOWN:
            rc = lint_unknown(doc, f);
            break;
        case CVD_SECURITYTXT_EXPIRES:
            break;
        case CVD_SECURITYTXT_PREFERRED_LANGUAGES:
            if (lang != NULL)
                rc = add_finding(doc, CVD_SECURITYTXT_RULE_MULTI_LANG, f->line,
                                 "second Preferred-Languages field (the first is on line %u)",
                                 lang->line);
            else
                lang = f;
            if (rc == 0)
                rc = lint_langs(doc, f);
            break;
        default:
            rc = lint_uri(doc, f, &u, &ok);
            break;
        }
        if (rc)
            break;
        switch (f->kind) {
        case CVD_SECURITYTXT_CONTACT:
            n_contact++;
            /* By prefix: even a malformed mailto: value is an e-mail contact. */
            if (f->value.len > 7 &&
                cvd_str_eq_nocase((struct cvd_str){f->value.ptr, 7}, CVD_STR("mailto:")))
                mailto = true;
            if (ok && !cvd_str_eq_nocase(u.scheme, CVD_STR("mailto")) &&
                !cvd_str_eq_nocase(u.scheme, CVD_STR("tel")) &&
                !cvd_str_eq_nocase(u.scheme, CVD_STR("https")) &&
                !cvd_str_eq_nocase(u.scheme, CVD_STR("http")))
                rc = add_finding(doc, CVD_SECURITYTXT_RULE_CONTACT_SCHEME, f->line,
                                 "contact '%s' uses an unusual scheme (not mailto, tel, https)",
                                 quote_str(q, f->value));
            break;
        case CVD_SECURITYTXT_ENCRYPTION:
            n_enc++;
            if (ok && cvd_str_eq_nocase(u.scheme, CVD_STR("data")))
                rc = add_finding(doc, CVD_SECURITYTXT_RULE_ENC_DATA_URI, f->line,
                                 "encryption '%s' is a data: URI carrying the key itself",
                                 quote_str(q, f->value));
            break;
        case CVD_SECURITYTXT_POLICY:
            n_policy++;
            break;
        case CVD_SECURITYTXT_CANONICAL:
            n_canonical++;
            break;
        case CVD_SECURITYTXT_CSAF:
            n_csaf++;
            if (ok && !ends_with(u.path, "provider-metadata.json"))
                rc = add_finding(doc, CVD_SECURITYTXT_RULE_CSAF_TARGET, f->line,
                                 "the CSAF URI '%s' does not point to a provider-metadata.json",
                                 quote_str(q, f->value));
            if (rc == 0 && csaf_first != NULL) {
                rc = add_finding(doc, CVD_SECURITYTXT_RULE_MULTI_CSAF, f->line,
                                 "second CSAF field (the first is on line %u)", csaf_first->line);
                if (rc == 0 && ok && u.web &&
                    cvd_str_eq(u.path, CVD_STR("/.well-known/csaf/provider-metadata.json")))
                    rc = add_finding(doc, CVD_SECURITYTXT_RULE_CSAF_ORDER, f->line,
                                     "the /.well-known/csaf/ CSAF entry must be the first one");
            }
            if (csaf_first == NULL)
                csaf_first = f;
            break;
        default:
            break;
        }
    }
    if (rc == 0 && n_contact == 0)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_NO_CONTACT, 0, "no Contact field");
    if (rc == 0 && mailto && n_enc == 0)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_NO_ENCRYPTION, 0,
                         "an e-mail Contact but no Encryption field");
    if (rc == 0 && n_policy == 0)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_NO_POLICY, 0, "no Policy field");
    if (rc == 0 && doc->is_signed && n_canonical == 0)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_SIGNED_NO_CANONICAL, 0,
                         "signed, but no Canonical field says where the file belongs");
    return rc;
}

static int lint_signature(struct cvd_securitytxt *doc, const struct cvd_securitytxt_lint_opts *o)
{
    if (!doc->is_signed)
        return add_finding(doc, CVD_SECURITYTXT_RULE_NOT_SIGNED, 0,
                           "no OpenPGP cleartext signature");
    switch (o->sig_status) {
    case CVD_SECURITYTXT_SIG_UNCHECKED:
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_UNVERIFIED, 0,
                           "signature not verified: no keyring given");
    case CVD_SECURITYTXT_SIG_GOOD:
        return 0;
    case CVD_SECURITYTXT_SIG_BAD:
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_BAD, 0,
                           "bad signature: the signed text was changed after signing");
    case CVD_SECURITYTXT_SIG_NO_KEY:
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_BAD, 0,
                           "signature made by a key that is not in the keyring");
    case CVD_SECURITYTXT_SIG_ERROR:
    case CVD_SECURITYTXT_SIG_NONE:
        /* A broken armour was reported already; gpg's refusal adds nothing. */
        if (!doc->sig_armor_ok)
            return 0;
        return add_finding(doc, CVD_SECURITYTXT_RULE_SIG_BAD, 0, "signature could not be verified");
    }
    return 0;
}

/* ---- lint: transport (what the fetcher saw) ---- */

/* The path of an http(s) URL ("" when it has none) and whether it is https; false when the
 * string is not an http(s) URL at all. */
static bool url_path(const char *url, struct cvd_str *ret_path, bool *ret_https)
{
    struct uri u;
    if (url == NULL || uri_parse(cvd_str_from_cstr(url), &u) != NULL || !u.web)
        return false;
    *ret_path = u.path;
    *ret_https = cvd_str_eq_nocase(u.scheme, CVD_STR("https"));
    return true;
}

/* RFC 9110 media type: type/subtype *( OWS ";" OWS name=value ), value maybe quoted. */
static int lint_content_type(struct cvd_securitytxt *doc, const char *ct)
{
    char q[QUOTE_MAX];
    if (ct == NULL)
        return add_finding(doc, CVD_SECURITYTXT_RULE_CT_MISSING, 0, "no Content-Type header");
    struct cvd_str all = cvd_str_from_cstr(ct);
    size_t semi = 0;
    while (semi < all.len && all.ptr[semi] != ';')
        semi++;
    struct cvd_str media = trim_wsp((struct cvd_str){all.ptr, semi});
    if (!cvd_str_eq_nocase(media, CVD_STR("text/plain")))
        return add_finding(doc, CVD_SECURITYTXT_RULE_CT_MEDIA, 0,
                           "Content-Type '%s' is not text/plain", quote_str(q, all));
    size_t p = semi;
    while (p < all.len) {
        size_t start = ++p; /* after ';' */
        while (p < all.len && all.ptr[p] != ';')
            p++;
        struct cvd_str param = trim_wsp((struct cvd_str){all.ptr + start, p - start});
        const char *eq = memchr(param.ptr, '=', param.len);
        if (eq == NULL)
            continue;
        struct cvd_str name = trim_wsp((struct cvd_str){param.ptr, (size_t)(eq - param.ptr)});
        struct cvd_str value =
            trim_wsp((struct cvd_str){eq + 1, (size_t)(param.ptr + param.len - eq - 1)});
        if (value.len >= 2 && value.ptr[0] == '"' && value.ptr[value.len - 1] == '"')
            value = (struct cvd_str){value.ptr + 1, value.len - 2};
        if (cvd_str_eq_nocase(name, CVD_STR("charset")) &&
            !cvd_str_eq_nocase(value, CVD_STR("utf-8")))
            return add_finding(doc, CVD_SECURITYTXT_RULE_CT_CHARSET, 0,
                               "Content-Type charset '%s' is not utf-8", quote_str(q, value));
    }
    return 0;
}

static int lint_fetch(struct cvd_securitytxt *doc, const struct cvd_securitytxt_fetch *fx)
{
    char q[QUOTE_MAX], q2[QUOTE_MAX];
    int rc = 0;
    if (fx->chain == NULL || fx->n_chain == 0)
        return CVD_EINVAL;
    const char *first = fx->chain[0];
    const char *last = fx->chain[fx->n_chain - 1];
    if (fx->status == 0)
        return add_finding(doc, CVD_SECURITYTXT_RULE_NOT_FOUND, 0,
                           "no security.txt at '%s': no response", quote(q, first, strlen(first)));
    if (fx->status != 200)
        return add_finding(doc, CVD_SECURITYTXT_RULE_NOT_FOUND, 0,
                           "no security.txt at '%s': HTTP status %d",
                           quote(q, first, strlen(first)), fx->status);
    bool all_https = true;
    for (size_t i = 0; i < fx->n_chain; i++) {
        struct cvd_str path;
        bool https = false;
        if (!url_path(fx->chain[i], &path, &https) || !https)
            all_https = false;
    }
    if (!all_https)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_NOT_HTTPS, 0,
                         "the file was not fetched over https all the way to '%s'",
                         quote(q, last, strlen(last)));
    if (rc == 0 && !fx->tls_ok)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_TLS, 0,
                         "the TLS certificate of '%s' is not valid", quote(q, last, strlen(last)));
    struct cvd_str path;
    bool https;
    if (rc == 0 && url_path(last, &path, &https) && cvd_str_eq(path, CVD_STR("/security.txt")))
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_LEGACY_LOCATION, 0,
                         "served at the legacy path '%s', not /.well-known/security.txt",
                         quote(q, last, strlen(last)));
    if (rc == 0)
        rc = lint_content_type(doc, fx->content_type);
    if (rc == 0 && fx->n_chain > 1)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_REDIRECT, 0,
                         "redirected %zu time%s from '%s' to '%s'", fx->n_chain - 1,
                         fx->n_chain == 2 ? "" : "s", quote(q, first, strlen(first)),
                         quote(q2, last, strlen(last)));
    if (rc == 0 && fx->both_differ)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_BOTH_LOCATIONS, 0,
                         "/security.txt and /.well-known/security.txt differ; the well-known "
                         "one is used");
    /* Canonical must list the URI asked for or the one served (RFC 9116 §2.5.2). */
    bool any = false, match = false;
    for (size_t i = 0; i < doc->n_fields && rc == 0; i++) {
        const struct cvd_securitytxt_field *f = &doc->fields[i];
        if (f->kind != CVD_SECURITYTXT_CANONICAL)
            continue;
        any = true;
        if (cvd_str_eq_cstr(f->value, first) || cvd_str_eq_cstr(f->value, last))
            match = true;
    }
    if (rc == 0 && any && !match)
        rc = add_finding(doc, CVD_SECURITYTXT_RULE_CANONICAL_MISMATCH, 0,
                         "no Canonical field lists '%s'", quote(q, first, strlen(first)));
    return rc;
}

int cvd_securitytxt_lint(struct cvd_securitytxt *doc, const struct cvd_securitytxt_lint_opts *opts)
{
    static const struct cvd_securitytxt_lint_opts defaults = {0};
    if (doc == NULL)
        return CVD_EINVAL;
    const struct cvd_securitytxt_lint_opts *o = opts ? opts : &defaults;
    int rc = lint_fields(doc);
    if (rc == 0)
        rc = lint_expires(doc, o);
    if (rc == 0)
        rc = lint_signature(doc, o);
    if (rc == 0 && o->fetch != NULL)
        rc = lint_fetch(doc, o->fetch);
    if (rc)
        return rc;
    /* Stable insertion sort by line: at most CVD_SECURITYTXT_MAX_FINDINGS entries. */
    for (size_t i = 1; i < doc->n_findings; i++) {
        struct cvd_securitytxt_finding f = doc->findings[i];
        size_t j = i;
        while (j > 0 && doc->findings[j - 1].line > f.line) {
            doc->findings[j] = doc->findings[j - 1];
            j--;
        }
        doc->findings[j] = f;
    }
    return 0;
}
