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

/** True when s[0..len) is one JSON number (RFC 8259 grammar, nothing else). */
bool cvd__json_is_number(const char *s, size_t len);

#endif
