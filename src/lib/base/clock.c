#include "cvd/clock.h"

#include <string.h>
#include <time.h>

#include "cvd/err.h"

static int64_t system_now(const struct cvd_clock *c)
{
    (void)c;
    return (int64_t)time(NULL);
}

static int64_t fixed_now(const struct cvd_clock *c)
{
    return c->fixed;
}

const struct cvd_clock cvd_clock_system = {.now_fn = system_now};

struct cvd_clock cvd_clock_fixed(int64_t t)
{
    return (struct cvd_clock){.now_fn = fixed_now, .fixed = t};
}

int64_t cvd_clock_now(const struct cvd_clock *c)
{
    if (c == NULL)
        c = &cvd_clock_system;
    return c->now_fn(c);
}

/* Proleptic Gregorian calendar by era arithmetic (400-year eras of 146097 days); the C library
 * has no thread-safe, locale- and TZ-free inverse of gmtime, and gmtime is banned here. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define T_MIN (-62167219200LL)
#define T_MAX (253402300799LL)

int cvd_time_format(int64_t t, char out[CVD_RFC3339_LEN + 1])
{
    if (t < T_MIN || t > T_MAX)
        return CVD_ERANGE;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t y;
    unsigned m;
    unsigned d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return CVD_ERANGE;
    /* By hand, not snprintf: API answers format several times each (a tenth of a GET). */
    const unsigned field[6] = {
        (unsigned)y,          m, d, (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
        (unsigned)(secs % 60)};
    static const char layout[] = "0000-00-00T00:00:00Z";
    memcpy(out, layout, sizeof(layout));
    for (size_t i = 0, at = 0; i < 6; i++) {
        size_t width = i == 0 ? 4 : 2;
        unsigned v = field[i];
        for (size_t k = width; k > 0; k--) {
            out[at + k - 1] = (char)('0' + v % 10);
            v /= 10;
        }
        at += width + 1;
    }
    return 0;
}

static bool take_digits(struct cvd_str s, size_t *i, size_t n, unsigned *ret)
{
    unsigned v = 0;
    if (s.len - *i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s.ptr[*i + k];
        if (!cvd_ascii_is_digit(c))
            return false;
        v = v * 10 + (unsigned)(c - '0');
    }
    *i += n;
    *ret = v;
    return true;
}

static bool take_char(struct cvd_str s, size_t *i, char c)
{
    if (*i >= s.len || s.ptr[*i] != c)
        return false;
    (*i)++;
    return true;
}

int cvd_time_parse(struct cvd_str s, int64_t *ret_t)
{
    size_t i = 0;
    unsigned y, mo, d, h, mi, sec;
    if (!take_digits(s, &i, 4, &y) || !take_char(s, &i, '-') || !take_digits(s, &i, 2, &mo) ||
        !take_char(s, &i, '-') || !take_digits(s, &i, 2, &d))
        return CVD_EPARSE;
    if (i >= s.len || (s.ptr[i] != 'T' && s.ptr[i] != 't'))
        return CVD_EPARSE;
    i++;
    if (!take_digits(s, &i, 2, &h) || !take_char(s, &i, ':') || !take_digits(s, &i, 2, &mi) ||
        !take_char(s, &i, ':') || !take_digits(s, &i, 2, &sec))
        return CVD_EPARSE;
    if (take_char(s, &i, '.')) {
        size_t start = i;
        while (i < s.len && cvd_ascii_is_digit((unsigned char)s.ptr[i]))
            i++;
        if (i == start)
            return CVD_EPARSE;
    }
    int64_t offset = 0;
    if (i < s.len && (s.ptr[i] == 'Z' || s.ptr[i] == 'z')) {
        i++;
    } else if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
        int sign = s.ptr[i] == '-' ? -1 : 1;
        unsigned oh, om;
        i++;
        if (!take_digits(s, &i, 2, &oh) || !take_char(s, &i, ':') || !take_digits(s, &i, 2, &om))
            return CVD_EPARSE;
        if (oh > 23 || om > 59)
            return CVD_ERANGE;
        offset = sign * (int64_t)(oh * 3600 + om * 60);
    } else {
        return CVD_EPARSE;
    }
    if (i != s.len)
        return CVD_EPARSE;
    /* A leap second (:60) is allowed by RFC 3339; it is counted as the next second. */
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
        return CVD_ERANGE;
    *ret_t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    return 0;
}
