/* Composing a notification e-mail: strict addresses, header values without CR/LF, the TLP
 * label first in subject and body, the RED rule, base64 UTF-8 text, PGP/MIME when a key is
 * given (RFC 5322, RFC 2045-2047, RFC 3156). */
#include "cvd/notify.h"

#include <sodium.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/utf8.h"
#include "notify-int.h"

#define LOCAL_MAX 64
#define LABEL_MAX 63

/* RFC 5322 atext. */
static bool is_atext(unsigned char c)
{
    return cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) ||
           (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool is_ldh(unsigned char c)
{
    return cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c) || c == '-';
}

bool cvd_notify_addr_is_valid(struct cvd_str a)
{
    if (a.ptr == NULL || a.len == 0 || a.len > CVD_NOTIFY_ADDR_MAX)
        return false;
    const char *at = memchr(a.ptr, '@', a.len);
    if (at == NULL)
        return false;
    size_t local_len = (size_t)(at - a.ptr);
    if (local_len == 0 || local_len > LOCAL_MAX)
        return false;
    /* dot-atom: atext runs separated by single dots */
    bool dot_ok = false;
    for (size_t i = 0; i < local_len; i++) {
        unsigned char c = (unsigned char)a.ptr[i];
        if (c == '.') {
            if (!dot_ok)
                return false;
            dot_ok = false;
        } else if (is_atext(c)) {
            dot_ok = true;
        } else {
            return false;
        }
    }
    if (!dot_ok)
        return false;
    /* host name: LDH labels separated by dots */
    const char *p = at + 1;
    const char *end = a.ptr + a.len;
    if (p == end)
        return false;
    while (p < end) {
        const char *label = p;
        while (p < end && *p != '.') {
            if (!is_ldh((unsigned char)*p))
                return false;
            p++;
        }
        size_t n = (size_t)(p - label);
        if (n == 0 || n > LABEL_MAX || label[0] == '-' || label[n - 1] == '-')
            return false;
        if (p < end) {
            p++; /* the dot */
            if (p == end)
                return false; /* trailing dot */
        }
    }
    return true;
}

/* A header value or body text code point that is never allowed: C0 controls (the caller says
 * which of TAB, LF, CR are), DEL, C1 controls, and the Unicode line and paragraph separators. */
static bool is_forbidden_cp(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029;
}

/* Check text as UTF-8 without forbidden code points, except those in allow (ASCII). */
static int check_text(struct cvd_str s, const char *what, const char *allow, struct cvd_diag *diag)
{
    size_t i = 0;
    while (i < s.len) {
        uint32_t cp;
        size_t n = cvd_utf8_decode(s.ptr + i, s.len - i, &cp);
        if (n == 0)
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "%s: invalid UTF-8 at byte %zu", what, i);
        if (is_forbidden_cp(cp) && !(cp < 0x80 && cp != 0 && strchr(allow, (int)cp) != NULL))
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "%s: control character U+%04X at byte %zu",
                                   what, (unsigned)cp, i);
        i += n;
    }
    return 0;
}

static int check_url(struct cvd_str url, struct cvd_diag *diag)
{
    if (url.ptr == NULL || url.len == 0)
        return cvd_diag_set(diag, CVD_EINVAL, "url: required");
    if (url.len > CVD_NOTIFY_URL_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "url: %zu bytes, more than %d", url.len,
                            CVD_NOTIFY_URL_MAX);
    size_t skip;
    if (cvd__notify_has_prefix_nocase(url, "https://"))
        skip = 8;
    else if (cvd__notify_has_prefix_nocase(url, "http://"))
        skip = 7;
    else
        return cvd_diag_set(diag, CVD_EINVAL, "url: not an http or https URL");
    if (url.len == skip || url.ptr[skip] == '/')
        return cvd_diag_set(diag, CVD_EINVAL, "url: no host");
    if (!cvd__notify_url_chars_ok(url))
        return cvd_diag_set(diag, CVD_EINVAL, "url: a character outside RFC 3986");
    return 0;
}

/* "Thu, 28 Nov 2026 03:22:25 +0000" from the RFC 3339 form base already writes. */
static int format_date(int64_t t, struct cvd_buf *b)
{
    static const char *const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char iso[CVD_RFC3339_LEN + 1];
    int rc = cvd_time_format(t, iso);
    if (rc)
        return rc;
    int month = (iso[5] - '0') * 10 + (iso[6] - '0');
    if (month < 1 || month > 12)
        return CVD_ERANGE;
    /* 1970-01-01 was a Thursday; floor division for times before it. */
    int64_t day = t / 86400;
    if (t % 86400 < 0)
        day--;
    int64_t wd = day % 7;
    if (wd < 0)
        wd += 7;
    return cvd_buf_printf(b, "Date: %s, %.2s %s %.4s %.8s +0000\r\n", days[wd], iso + 8,
                          months[month - 1], iso, iso + 11);
}

static int add_hex(struct cvd_buf *b, const unsigned char *p, size_t n)
{
    char hex[2 * 32 + 1];
    if (n > 32)
        return CVD_EINVAL;
    sodium_bin2hex(hex, sizeof(hex), p, n);
    return cvd_buf_add(b, hex, 2 * n);
}

/* Base64 in lines of 76 characters, each ending in CRLF (RFC 2045 §6.8). */
static int add_base64(struct cvd_buf *b, const char *p, size_t len)
{
    for (size_t i = 0; i < len; i += 57) {
        size_t n = len - i < 57 ? len - i : 57;
        char line[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(line, sizeof(line), (const unsigned char *)p + i, n,
                          sodium_base64_VARIANT_ORIGINAL);
        int rc = cvd_buf_add_cstr(b, line);
        if (!rc)
            rc = cvd_buf_add(b, "\r\n", 2);
        if (rc)
            return rc;
    }
    return 0;
}

/* Length of the longest prefix of s[0..max) that ends on a code point boundary. s is valid
 * UTF-8. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    return n;
}

/* The subject text after the label: as is when plain printable ASCII, else RFC 2047
 * encoded-words of at most 75 characters, folded onto continuation lines. */
static int add_subject_text(struct cvd_buf *b, struct cvd_str s)
{
    bool plain = true;
    for (size_t i = 0; i < s.len && plain; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        plain = c >= 0x20 && c < 0x7f && !(c == '=' && i + 1 < s.len && s.ptr[i + 1] == '?');
    }
    if (plain)
        return cvd_buf_add(b, s.ptr, s.len);
    /* "=?UTF-8?B?" + 60 base64 characters + "?=" is 72: 45 bytes of text per word. */
    size_t i = 0;
    while (i < s.len) {
        size_t n = utf8_cut(s.ptr + i, s.len - i, 45);
        if (n == 0)
            return CVD_EINVAL; /* not UTF-8 after all: never loop */
        char word[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(word, sizeof(word), (const unsigned char *)s.ptr + i, n,
                          sodium_base64_VARIANT_ORIGINAL);
        int rc = cvd_buf_printf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", word);
        if (rc)
            return rc;
        i += n;
    }
    return 0;
}

/* Body text with every line break (CRLF, LF, or a lone CR) as CRLF, ending in CRLF. */
static int add_text_crlf(struct cvd_buf *b, struct cvd_str s)
{
    size_t start = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] != '\r' && s.ptr[i] != '\n')
            continue;
        int rc = cvd_buf_add(b, s.ptr + start, i - start);
        if (!rc)
            rc = cvd_buf_add(b, "\r\n", 2);
        if (rc)
            return rc;
        if (s.ptr[i] == '\r' && i + 1 < s.len && s.ptr[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    if (start < s.len) {
        int rc = cvd_buf_add(b, s.ptr + start, s.len - start);
        if (!rc)
            rc = cvd_buf_add(b, "\r\n", 2);
        if (rc)
            return rc;
    }
    return 0;
}

/* The text of the message: the label first (TLP-R06); for RED only the pointer to the item. */
static int build_text(const struct cvd_notify_mail *m, const char *label, struct cvd_buf *t)
{
    int rc = cvd_buf_printf(t, "TLP:%s\r\n\r\n", label);
    if (rc)
        return rc;
    if (m->tlp == CVD_TLP_RED)
        return cvd_buf_printf(t, "A TLP:RED item awaits you: %.*s\r\n", (int)m->url.len,
                              m->url.ptr);
    if (m->body.len) {
        rc = add_text_crlf(t, m->body);
        if (!rc)
            rc = cvd_buf_add(t, "\r\n", 2);
        if (rc)
            return rc;
    }
    return cvd_buf_printf(t, "Open the item: %.*s\r\n", (int)m->url.len, m->url.ptr);
}

static int check_mail(const struct cvd_notify_mail *m, struct cvd_diag *diag)
{
    if (!cvd_notify_addr_is_valid(m->from))
        return cvd_diag_set(diag, CVD_EINVAL, "from: not a plain e-mail address");
    if (!cvd_notify_addr_is_valid(m->to))
        return cvd_diag_set(diag, CVD_EINVAL, "to: not a plain e-mail address");
    if (cvd_tlp_name(m->tlp) == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "tlp: not a TLP label");
    int rc = check_url(m->url, diag);
    if (rc)
        return rc;
    if (m->recipient_key.len && m->recipient_key.ptr == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "recipient key: no bytes");
    if (m->tlp == CVD_TLP_RED)
        return 0; /* subject and body are not used: not even looked at */
    if ((m->subject.len && m->subject.ptr == NULL) || (m->body.len && m->body.ptr == NULL))
        return cvd_diag_set(diag, CVD_EINVAL, "subject or body: no bytes");
    if (m->subject.len > CVD_NOTIFY_SUBJECT_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "subject: %zu bytes, more than %d", m->subject.len,
                            CVD_NOTIFY_SUBJECT_MAX);
    if (m->body.len > CVD_NOTIFY_BODY_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "body: %zu bytes, more than %d", m->body.len,
                            CVD_NOTIFY_BODY_MAX);
    rc = check_text(m->subject, "subject", "", diag);
    if (!rc)
        rc = check_text(m->body, "body", "\t\r\n", diag);
    return rc;
}

static int add_headers(const struct cvd_notify_mail *m, const char *label, int64_t now,
                       struct cvd_buf *b)
{
    unsigned char rnd[16];
    randombytes_buf(rnd, sizeof(rnd));
    const char *at = memchr(m->from.ptr, '@', m->from.len);
    size_t domain_len = m->from.len - (size_t)(at + 1 - m->from.ptr);
    int rc = format_date(now, b);
    if (!rc)
        rc = cvd_buf_printf(b, "From: %.*s\r\nTo: %.*s\r\nSubject: [TLP:%s] ", (int)m->from.len,
                            m->from.ptr, (int)m->to.len, m->to.ptr, label);
    if (!rc) {
        if (m->tlp == CVD_TLP_RED)
            rc = cvd_buf_add_cstr(b, "A TLP:RED item awaits you");
        else
            rc = add_subject_text(b, m->subject);
    }
    if (!rc)
        rc = cvd_buf_add_cstr(b, "\r\nMessage-ID: <");
    if (!rc)
        rc = add_hex(b, rnd, sizeof(rnd));
    if (!rc)
        rc = cvd_buf_printf(b,
                            "@%.*s>\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
                            "X-CVD-TLP: %s\r\n",
                            (int)domain_len, at + 1, label);
    return rc;
}

/* The MIME entity of the text: the whole message body in clear, or what gets encrypted. */
static int add_text_entity(struct cvd_buf *b, struct cvd_str text)
{
    int rc = cvd_buf_add_cstr(b, "Content-Type: text/plain; charset=utf-8\r\n"
                                 "Content-Transfer-Encoding: base64\r\n\r\n");
    if (!rc)
        rc = add_base64(b, text.ptr, text.len);
    return rc;
}

static int add_encrypted(const struct cvd_notify_mail *m, struct cvd_str text, struct cvd_buf *b,
                         struct cvd_diag *diag)
{
    struct cvd_buf inner;
    struct cvd_buf armor;
    cvd_buf_init(&inner, CVD_NOTIFY_MAIL_MAX);
    cvd_buf_init(&armor, CVD_NOTIFY_MAIL_MAX);
    int rc = add_text_entity(&inner, text);
    if (rc) {
        cvd_diag_set(diag, rc, "text: %s", cvd_strerror(rc));
        goto out;
    }
    rc = cvd__notify_pgp_encrypt(m->recipient_key, m->tmpdir, cvd_buf_str(&inner), &armor, diag);
    if (rc)
        goto out;
    unsigned char rnd[16];
    randombytes_buf(rnd, sizeof(rnd));
    char boundary[2 * sizeof(rnd) + 1];
    sodium_bin2hex(boundary, sizeof(boundary), rnd, sizeof(rnd));
    rc = cvd_buf_printf(b,
                        "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";"
                        "\r\n boundary=\"cvd-%s\"\r\n\r\n"
                        "This is an OpenPGP/MIME encrypted message (RFC 3156).\r\n"
                        "--cvd-%s\r\n"
                        "Content-Type: application/pgp-encrypted\r\n"
                        "Content-Description: PGP/MIME version identification\r\n\r\n"
                        "Version: 1\r\n\r\n"
                        "--cvd-%s\r\n"
                        "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                        "Content-Description: OpenPGP encrypted message\r\n"
                        "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n",
                        boundary, boundary, boundary);
    if (!rc)
        rc = cvd_buf_add(b, armor.ptr, armor.len);
    if (!rc)
        rc = cvd_buf_printf(b, "\r\n--cvd-%s--\r\n", boundary);
    if (rc)
        cvd_diag_set(diag, rc, "message: %s", cvd_strerror(rc));
out:
    /* the clear text went through these: do not leave it in freed memory */
    if (inner.ptr)
        sodium_memzero(inner.ptr, inner.len);
    cvd_buf_release(&inner);
    cvd_buf_release(&armor);
    return rc;
}

int cvd_notify_compose(const struct cvd_notify_mail *m, const struct cvd_clock *clock,
                       struct cvd_buf *out, struct cvd_diag *diag)
{
    if (m == NULL || out == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "compose needs a mail and an output buffer");
    int rc = cvd__notify_ensure_init();
    if (rc)
        return cvd_diag_set(diag, rc, "cannot initialise curl, libsodium or gpgme");
    rc = check_mail(m, diag);
    if (rc)
        return rc;
    const char *label = cvd_tlp_name(m->tlp);
    struct cvd_buf text;
    struct cvd_buf msg;
    cvd_buf_init(&text, CVD_NOTIFY_MAIL_MAX);
    cvd_buf_init(&msg, CVD_NOTIFY_MAIL_MAX);
    rc = build_text(m, label, &text);
    if (rc) {
        cvd_diag_set(diag, rc, "text: %s", cvd_strerror(rc));
        goto out;
    }
    rc = add_headers(m, label, cvd_clock_now(clock), &msg);
    if (rc) {
        cvd_diag_set(diag, rc, "headers: %s", cvd_strerror(rc));
        goto out;
    }
    if (m->recipient_key.len) {
        rc = add_encrypted(m, cvd_buf_str(&text), &msg, diag);
    } else {
        rc = add_text_entity(&msg, cvd_buf_str(&text));
        if (rc)
            cvd_diag_set(diag, rc, "message: %s", cvd_strerror(rc));
    }
    if (rc)
        goto out;
    rc = cvd_buf_add(out, msg.ptr, msg.len);
    if (rc)
        cvd_diag_set(diag, rc, "message of %zu bytes: %s", msg.len, cvd_strerror(rc));
out:
    if (text.ptr)
        sodium_memzero(text.ptr, text.len);
    if (rc && msg.ptr)
        sodium_memzero(msg.ptr, msg.len);
    cvd_buf_release(&text);
    cvd_buf_release(&msg);
    return rc;
}
