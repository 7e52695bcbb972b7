/* Internals shared by the JSON reader and writer. */
#ifndef CVD_JSON_JSON_INT_H
#define CVD_JSON_JSON_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/str.h"

/** Write "byte 0xNN" into buf (at least 16 bytes). */
void cvd__json_hex_byte(char *buf, unsigned char c);

/**
 * Write s into buf[0..size) as a quoted, printable form for messages: 'name', with bytes
 * outside printable ASCII as \xNN and long text cut with "...". Always NUL-terminated.
 */
void cvd__json_quote_for_message(char *buf, size_t size, struct cvd_str s);

/* Why a number does not match the RFC 8259 grammar. */
enum cvd__json_number_error {
    CVD__JSON_NUMBER_OK,
    CVD__JSON_NUMBER_NO_DIGIT,          /* nothing or '-' alone */
    CVD__JSON_NUMBER_LEADING_ZERO,      /* "01" */
    CVD__JSON_NUMBER_NO_FRACTION_DIGIT, /* "1." */
    CVD__JSON_NUMBER_NO_EXPONENT_DIGIT, /* "1e", "1e+" */
};

/**
 * Scan the longest JSON number at p[0..end) (the reader and the writer's number check share
 * this grammar). Returns the byte after it, or on failure the offending byte with *ret_err set;
 * *ret_err is CVD__JSON_NUMBER_OK on success.
 */
static inline const char *cvd__json_scan_number(const char *p, const char *end,
                                                enum cvd__json_number_error *ret_err)
{
    *ret_err = CVD__JSON_NUMBER_OK;
    if (p < end && *p == '-')
        p++;
    if (p >= end || !cvd_ascii_is_digit(*p)) {
        *ret_err = CVD__JSON_NUMBER_NO_DIGIT;
        return p;
    }
    if (*p == '0') {
        p++;
        if (p < end && cvd_ascii_is_digit(*p)) {
            *ret_err = CVD__JSON_NUMBER_LEADING_ZERO;
            return p;
        }
    } else {
        while (p < end && cvd_ascii_is_digit(*p))
            p++;
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !cvd_ascii_is_digit(*p)) {
            *ret_err = CVD__JSON_NUMBER_NO_FRACTION_DIGIT;
            return p;
        }
        while (p < end && cvd_ascii_is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || !cvd_ascii_is_digit(*p)) {
            *ret_err = CVD__JSON_NUMBER_NO_EXPONENT_DIGIT;
            return p;
        }
        while (p < end && cvd_ascii_is_digit(*p))
            p++;
    }
    return p;
}

#endif
