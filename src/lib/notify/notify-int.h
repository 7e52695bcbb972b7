/* Internals shared by the files of the notify layer. */
#ifndef CVD_LIB_NOTIFY_NOTIFY_INT_H
#define CVD_LIB_NOTIFY_NOTIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/err.h"
#include "cvd/str.h"

/**
 * Encrypt plain to the one public key in the ASCII-armoured key, in a fresh GNUPGHOME made
 * under tmpdir (NULL: $TMPDIR, else /tmp) and removed before returning. Appends the
 * ASCII-armoured OpenPGP message with CRLF line ends to out; on failure out is unchanged.
 * Returns 0, CVD_EINVAL (no usable key), CVD_ELIMIT, CVD_ENOMEM or CVD_EIO.
 */
int cvd__notify_pgp_encrypt(struct cvd_str key, const char *tmpdir, struct cvd_str plain,
                            struct cvd_buf *out, struct cvd_diag *diag);

/** Does s consist only of bytes allowed in a URL (RFC 3986 reserved, unreserved and '%')? */
bool cvd__notify_url_chars_ok(struct cvd_str s);

/** Does s start with prefix, ASCII case-insensitively? */
bool cvd__notify_has_prefix_nocase(struct cvd_str s, const char *prefix);

/** A NUL-terminated copy of s made with cvd_malloc, or NULL (out of memory). */
char *cvd__notify_strndup(struct cvd_str s);

/** Lazily run cvd_notify_init; returns its result. */
int cvd__notify_ensure_init(void);

#endif
