/* Tracking ids "R-YYYY-NNNNNN" and case ids "CVD-YYYY-NNNN": one canonical spelling each, so
 * an id read back from a reporter, a URL or a mail subject is either exactly one we made or
 * refused. */
#include "cvd/model.h"

#include <stdio.h>
#include <string.h>

#include "cvd/clock.h"

#define QUOTE_MAX 40

struct id_kind {
    const char *prefix; /* "R-" */
    const char *what;   /* "tracking id" */
    unsigned width;     /* zero-padded digits */
    const char *example;
    const char *too_short;
};

static const struct id_kind tracking_kind = {"R-", "tracking id", 6, "R-2026-000123",
                                             "the number has fewer than 6 digits"};
static const struct id_kind case_kind = {"CVD-", "case id", 4, "CVD-2026-0042",
                                         "the number has fewer than 4 digits"};

/* Digits of the largest number: CVD_ID_SEQ_MAX has 12. */
#define SEQ_DIGITS_MAX 12

static int id_format(const struct id_kind *k, int year, uint64_t seq, char *out, size_t size)
{
    if (out == NULL)
        return CVD_EINVAL;
    if (year < CVD_ID_YEAR_MIN || year > CVD_ID_YEAR_MAX || seq == 0 || seq > CVD_ID_SEQ_MAX)
        return CVD_ERANGE;
    char tmp[32];
    int n = snprintf(tmp, sizeof(tmp), "%s%04d-%0*llu", k->prefix, year, (int)k->width,
                     (unsigned long long)seq);
    if (n < 0 || (size_t)n >= sizeof(tmp) || (size_t)n >= size)
        return CVD_EINVAL;
    memcpy(out, tmp, (size_t)n + 1);
    return n;
}

static int id_error(const struct id_kind *k, struct cvd_str s, int code, const char *why,
                    struct cvd_diag *diag)
{
    char q[QUOTE_MAX + 4];
    return cvd_diag_set(diag, code, "invalid %s '%s': %s (like %s)", k->what,
                        cvd_diag_quote(s.ptr, s.len, QUOTE_MAX, q), why, k->example);
}

static int id_parse(const struct id_kind *k, struct cvd_str s, int *ret_year, uint64_t *ret_seq,
                    struct cvd_diag *diag)
{
    if (s.ptr == NULL)
        s.len = 0;
    size_t plen = strlen(k->prefix);
    /* prefix, 4-digit year, '-', width..SEQ_DIGITS_MAX digits */
    if (s.len > plen + 5 + SEQ_DIGITS_MAX)
        return id_error(k, s, CVD_EPARSE, "too long", diag);
    if (s.len < plen || memcmp(s.ptr, k->prefix, plen) != 0)
        return id_error(k, s, CVD_EPARSE, "wrong prefix", diag);
    const char *p = s.ptr + plen;
    size_t left = s.len - plen;
    if (left < 5 || p[4] != '-')
        return id_error(k, s, CVD_EPARSE, "the year is not 4 digits", diag);
    int year = 0;
    for (size_t i = 0; i < 4; i++) {
        if (!cvd_ascii_is_digit((unsigned char)p[i]))
            return id_error(k, s, CVD_EPARSE, "the year is not 4 digits", diag);
        year = year * 10 + (p[i] - '0');
    }
    if (year < CVD_ID_YEAR_MIN)
        return id_error(k, s, CVD_ERANGE, "the year is before 1970", diag);
    struct cvd_str num = {p + 5, left - 5};
    if (num.len < k->width)
        return id_error(k, s, CVD_EPARSE, k->too_short, diag);
    uint64_t seq = 0;
    for (size_t i = 0; i < num.len; i++) {
        if (!cvd_ascii_is_digit((unsigned char)num.ptr[i]))
            return id_error(k, s, CVD_EPARSE, "the number is not all digits", diag);
        seq = seq * 10 + (uint64_t)(num.ptr[i] - '0'); /* at most 12 digits: no overflow */
    }
    if (num.len > k->width && num.ptr[0] == '0')
        return id_error(k, s, CVD_EPARSE, "the number has an extra leading zero", diag);
    if (seq == 0)
        return id_error(k, s, CVD_ERANGE, "the number is 0", diag);
    *ret_year = year;
    *ret_seq = seq;
    return 0;
}

int cvd_tracking_id_format(int year, uint64_t seq, char *out, size_t size)
{
    return id_format(&tracking_kind, year, seq, out, size);
}

int cvd_tracking_id_parse(struct cvd_str s, int *ret_year, uint64_t *ret_seq, struct cvd_diag *diag)
{
    return id_parse(&tracking_kind, s, ret_year, ret_seq, diag);
}

int cvd_case_id_format(int year, uint64_t seq, char *out, size_t size)
{
    return id_format(&case_kind, year, seq, out, size);
}

int cvd_case_id_parse(struct cvd_str s, int *ret_year, uint64_t *ret_seq, struct cvd_diag *diag)
{
    return id_parse(&case_kind, s, ret_year, ret_seq, diag);
}

int cvd_id_year(int64_t t, int *ret_year)
{
    char text[CVD_RFC3339_LEN + 1];
    if (cvd_time_format(t, text) != 0)
        return CVD_ERANGE;
    int year =
        (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    if (year < CVD_ID_YEAR_MIN || year > CVD_ID_YEAR_MAX)
        return CVD_ERANGE;
    *ret_year = year;
    return 0;
}
