/* Credentials of the hub: argon2id password hashes, random bearer secrets (session, CSRF and
 * API tokens, reporters' follow-up links) stored only as SHA-256 hashes, and constant-time
 * comparison. Built on libsodium; call cvd_auth_init() once before anything else here. */
#ifndef CVD_AUTH_H
#define CVD_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

/** Room for an argon2id hash string ("$argon2id$v=19$m=...") and its NUL. */
#define CVD_PASSWORD_HASH_MAX 128

/** Passwords shorter or longer than these (bytes) are refused by cvd_auth_password_check. */
#define CVD_PASSWORD_MIN 12
#define CVD_PASSWORD_MAX 1024

/** A secret: 32 random bytes, written as 43 base64url characters after an optional prefix. */
#define CVD_SECRET_BYTES 32
#define CVD_SECRET_TEXT  43
/** A secret as stored: SHA-256 of its whole text (prefix included). */
#define CVD_SECRET_HASH_BYTES 32

/** Prefixes that tell a leaked secret's kind (and let secret scanners find them). */
#define CVD_SECRET_PREFIX_API     "cvd_api_"
#define CVD_SECRET_PREFIX_SESSION ""
#define CVD_SECRET_PREFIX_FOLLOW  "cvd_fu_"

/** Longest prefix accepted by cvd_auth_secret_new. */
#define CVD_SECRET_PREFIX_MAX 16

/** Buffer size for a secret's text with any accepted prefix and the NUL. */
#define CVD_SECRET_TEXT_MAX (CVD_SECRET_PREFIX_MAX + CVD_SECRET_TEXT + 1)

/** How expensive a password hash is. */
enum cvd_password_cost {
    CVD_PASSWORD_COST_INTERACTIVE, /* libsodium's INTERACTIVE limits: the default */
    CVD_PASSWORD_COST_MIN,         /* the smallest argon2id allows: tests and the demo only */
};

/** Initialise libsodium. Thread-safe, idempotent. CVD_ENOTSUP when it cannot start. */
CVD_MUST_CHECK int cvd_auth_init(void);

/**
 * Refuse a password that is too short or too long, or not valid UTF-8; CVD_EINVAL or
 * CVD_ELIMIT with the rule in diag.
 */
CVD_MUST_CHECK int cvd_auth_password_check(struct cvd_str password, struct cvd_diag *diag);

/**
 * Hash a password with argon2id and a fresh random salt into out (NUL-terminated). The
 * password may hold any bytes. CVD_ENOMEM when argon2id cannot get its memory. Hashing and
 * verifying run at most 4 at once in the process (64 MiB each); more callers wait their turn.
 */
CVD_MUST_CHECK int cvd_auth_password_hash(struct cvd_str password, enum cvd_password_cost cost,
                                          char out[CVD_PASSWORD_HASH_MAX]);

/**
 * Does password match the stored hash? 0 when it does, CVD_EAUTH when it does not or when
 * hash is not an argon2id string (never an error that tells the two apart). With hash NULL,
 * spends the same time on a dummy hash and answers CVD_EAUTH, so an unknown login name costs
 * what a wrong password does.
 */
CVD_MUST_CHECK int cvd_auth_password_verify(const char *hash, struct cvd_str password);

/** Should the hash be recomputed at this cost (older parameters)? */
bool cvd_auth_password_needs_rehash(const char *hash, enum cvd_password_cost cost);

/**
 * A new secret: prefix (at most CVD_SECRET_PREFIX_MAX bytes of [a-z_]) followed by 43
 * base64url characters of 32 random bytes, NUL-terminated in text; its hash for storage in
 * ret_hash. CVD_EINVAL for a bad prefix.
 */
CVD_MUST_CHECK int cvd_auth_secret_new(const char *prefix, char text[CVD_SECRET_TEXT_MAX],
                                       unsigned char ret_hash[CVD_SECRET_HASH_BYTES]);

/** The storage hash (SHA-256) of a secret as presented. Any bytes; never fails. */
void cvd_auth_secret_hash(struct cvd_str text, unsigned char ret_hash[CVD_SECRET_HASH_BYTES]);

/** Does a secret as presented have the shape of one with this prefix? Cheap pre-check. */
bool cvd_auth_secret_is_well_formed(struct cvd_str text, const char *prefix);

/**
 * The CSRF token of a session, derived from the session secret (HMAC-SHA256 keyed with the
 * secret's hash), so pages can embed it on every request without storing it. Someone without
 * the session cookie cannot compute it.
 */
void cvd_auth_csrf_token(struct cvd_str session_text, char out[CVD_SECRET_TEXT_MAX]);

/** Constant-time equality of two n-byte buffers. */
bool cvd_auth_equal(const void *a, const void *b, size_t n);

#endif
