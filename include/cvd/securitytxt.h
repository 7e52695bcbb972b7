/* security.txt (RFC 9116): parse into a typed model, lint against the cvd rule set
 * (standards.md §1.8: ST-E-*, ST-W-*, ST-I-*), verify and make OpenPGP cleartext signatures,
 * and generate a file from a small `key = value` configuration. */
#ifndef CVD_SECURITYTXT_H
#define CVD_SECURITYTXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/arena.h"
#include "cvd/clock.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/str.h"

/** Hard caps: above them the parser refuses the input (CVD_ELIMIT) instead of linting it. */
#define CVD_SECURITYTXT_MAX_BYTES ((size_t)1 << 20)
#define CVD_SECURITYTXT_MAX_LINES 65536u
/** Findings kept per file; later ones are counted in `dropped_findings`. */
#define CVD_SECURITYTXT_MAX_FINDINGS 1000u
/** RFC 9116 §5.4 sizes above which ST-W-SIZE is reported. */
#define CVD_SECURITYTXT_SOFT_BYTES      ((size_t)32 << 10)
#define CVD_SECURITYTXT_SOFT_LINES      1000u
#define CVD_SECURITYTXT_SOFT_FIELD      2048u
#define CVD_SECURITYTXT_SOON_DAYS       30u
#define CVD_SECURITYTXT_MAX_EXPIRY_DAYS 365u

enum cvd_securitytxt_severity {
    CVD_SECURITYTXT_ERROR = 0,   /* a MUST is violated: the file is invalid */
    CVD_SECURITYTXT_WARNING = 1, /* SHOULD / RECOMMENDED / interoperability risk */
    CVD_SECURITYTXT_INFO = 2,
};

/* XX(ID, "code", severity letter E/W/I): every rule of standards.md §1.8. The fetch rules
 * (NOT_FOUND ... BOTH_LOCATIONS) need what a fetcher saw: cvd_securitytxt_lint_opts.fetch. */
#define CVD_SECURITYTXT_RULES(XX)                                                                  \
    XX(NOT_FOUND, "ST-E-NOT-FOUND", E)                                                             \
    XX(LEGACY_LOCATION, "ST-E-LEGACY-LOCATION", E)                                                 \
    XX(NOT_HTTPS, "ST-E-NOT-HTTPS", E)                                                             \
    XX(TLS, "ST-E-TLS", E)                                                                         \
    XX(CT_MISSING, "ST-E-CT-MISSING", E)                                                           \
    XX(CT_MEDIA, "ST-E-CT-MEDIA", E)                                                               \
    XX(CT_CHARSET, "ST-E-CT-CHARSET", E)                                                           \
    XX(REDIRECT, "ST-I-REDIRECT", I)                                                               \
    XX(CANONICAL_MISMATCH, "ST-E-CANONICAL-MISMATCH", E)                                           \
    XX(BOTH_LOCATIONS, "ST-I-BOTH-LOCATIONS", I)                                                   \
    XX(NOT_UTF8, "ST-E-NOT-UTF8", E)                                                               \
    XX(BOM, "ST-E-BOM", E)                                                                         \
    XX(NO_FINAL_EOL, "ST-E-NO-FINAL-EOL", E)                                                       \
    XX(BARE_CR, "ST-E-BARE-CR", E)                                                                 \
    XX(INVALID_LINE, "ST-E-INVALID-LINE", E)                                                       \
    XX(WS_BEFORE_COLON, "ST-E-WS-BEFORE-COLON", E)                                                 \
    XX(NO_SPACE_AFTER_COLON, "ST-E-NO-SPACE-AFTER-COLON", E)                                       \
    XX(COLON_SPACING, "ST-W-COLON-SPACING", W)                                                     \
    XX(EMPTY_NAME, "ST-E-EMPTY-NAME", E)                                                           \
    XX(EMPTY_VALUE, "ST-E-EMPTY-VALUE", E)                                                         \
    XX(BAD_FIELD_NAME, "ST-E-BAD-FIELD-NAME", E)                                                   \
    XX(CONTROL_CHAR, "ST-E-CONTROL-CHAR", E)                                                       \
    XX(SIZE, "ST-W-SIZE", W)                                                                       \
    XX(NO_CONTACT, "ST-E-NO-CONTACT", E)                                                           \
    XX(NO_EXPIRES, "ST-E-NO-EXPIRES", E)                                                           \
    XX(MULTI_EXPIRES, "ST-E-MULTI-EXPIRES", E)                                                     \
    XX(EXPIRES_FORMAT, "ST-E-EXPIRES-FORMAT", E)                                                   \
    XX(EXPIRES_SPACE, "ST-W-EXPIRES-SPACE", W)                                                     \
    XX(EXPIRED, "ST-E-EXPIRED", E)                                                                 \
    XX(LONG_EXPIRY, "ST-W-LONG-EXPIRY", W)                                                         \
    XX(EXPIRES_SOON, "ST-W-EXPIRES-SOON", W)                                                       \
    XX(NOT_URI, "ST-E-NOT-URI", E)                                                                 \
    XX(HTTP_URI, "ST-E-HTTP-URI", E)                                                               \
    XX(CONTACT_SCHEME, "ST-W-CONTACT-SCHEME", W)                                                   \
    XX(ENC_DATA_URI, "ST-W-ENC-DATA-URI", W)                                                       \
    XX(NO_ENCRYPTION, "ST-W-NO-ENCRYPTION", W)                                                     \
    XX(MULTI_LANG, "ST-E-MULTI-LANG", E)                                                           \
    XX(LANG_TAG, "ST-E-LANG-TAG", E)                                                               \
    XX(CSAF_TARGET, "ST-E-CSAF-TARGET", E)                                                         \
    XX(MULTI_CSAF, "ST-W-MULTI-CSAF", W)                                                           \
    XX(CSAF_ORDER, "ST-E-CSAF-ORDER", E)                                                           \
    XX(WELLKNOWN_REF, "ST-W-WELLKNOWN-REF", W)                                                     \
    XX(NO_POLICY, "ST-I-NO-POLICY", I)                                                             \
    XX(UNKNOWN_FIELD, "ST-I-UNKNOWN-FIELD", I)                                                     \
    XX(UNKNOWN_FIELD_TYPO, "ST-W-UNKNOWN-FIELD", W)                                                \
    XX(NOT_SIGNED, "ST-W-NOT-SIGNED", W)                                                           \
    XX(SIGNED_NO_CANONICAL, "ST-W-SIGNED-NO-CANONICAL", W)                                         \
    XX(SIG_NOT_FIRST, "ST-E-SIG-NOT-FIRST", E)                                                     \
    XX(DATA_AFTER_SIG, "ST-E-DATA-AFTER-SIG", E)                                                   \
    XX(SIG_TRAILING_EOL, "ST-E-SIG-TRAILING-EOL", E)                                               \
    XX(SIG_ARMOR, "ST-E-SIG-ARMOR", E)                                                             \
    XX(SIG_BAD, "ST-E-SIG-BAD", E)                                                                 \
    XX(SIG_UNVERIFIED, "ST-I-SIG-UNVERIFIED", I)

#define CVD__SECURITYTXT_RULE_ENUM(id, code, sev) CVD_SECURITYTXT_RULE_##id,
enum cvd_securitytxt_rule {
    CVD_SECURITYTXT_RULES(CVD__SECURITYTXT_RULE_ENUM) CVD_SECURITYTXT_RULE_COUNT
};
#undef CVD__SECURITYTXT_RULE_ENUM

/** The rule's code ("ST-E-BOM") and severity; NULL / ERROR for an id out of range. */
const char *cvd_securitytxt_rule_code(enum cvd_securitytxt_rule r);
enum cvd_securitytxt_severity cvd_securitytxt_rule_severity(enum cvd_securitytxt_rule r);

/** The registered field names, plus UNKNOWN for every other (kept) field. */
enum cvd_securitytxt_kind {
    CVD_SECURITYTXT_UNKNOWN = 0,
    CVD_SECURITYTXT_ACKNOWLEDGMENTS,
    CVD_SECURITYTXT_CANONICAL,
    CVD_SECURITYTXT_CONTACT,
    CVD_SECURITYTXT_CSAF,
    CVD_SECURITYTXT_ENCRYPTION,
    CVD_SECURITYTXT_EXPIRES,
    CVD_SECURITYTXT_HIRING,
    CVD_SECURITYTXT_POLICY,
    CVD_SECURITYTXT_PREFERRED_LANGUAGES,
};

/** The registered spelling ("Preferred-Languages"), "" for UNKNOWN. */
const char *cvd_securitytxt_kind_name(enum cvd_securitytxt_kind k);

struct cvd_securitytxt_field {
    enum cvd_securitytxt_kind kind;
    struct cvd_str name;  /* as written (case kept); points into the arena, NUL-terminated */
    struct cvd_str value; /* leading and trailing WSP removed; arena, NUL-terminated */
    uint32_t line;        /* 1-based line in the input file */
};

struct cvd_securitytxt_finding {
    enum cvd_securitytxt_rule rule;
    const char *code; /* static: "ST-E-BOM" */
    enum cvd_securitytxt_severity severity;
    uint32_t line;   /* 1-based; 0 for file-level findings */
    const char *msg; /* lower-case, quotes its subject; arena */
};

/** Outcome of an OpenPGP check, decided by the caller (cvd_securitytxt_verify) or not at all. */
enum cvd_securitytxt_sig_status {
    CVD_SECURITYTXT_SIG_UNCHECKED = 0, /* no key configured: ST-I-SIG-UNVERIFIED when signed */
    CVD_SECURITYTXT_SIG_GOOD,          /* good signature from a key in the keyring */
    CVD_SECURITYTXT_SIG_BAD,           /* signature does not verify (tampered) */
    CVD_SECURITYTXT_SIG_NO_KEY,        /* signing key not in the keyring */
    CVD_SECURITYTXT_SIG_ERROR,         /* gpg could not check it (expired key, broken packet) */
    CVD_SECURITYTXT_SIG_NONE,          /* gpg found no signature */
};

/** Name for output: "unchecked", "good", "bad", "no-key", "error", "none". */
const char *cvd_securitytxt_sig_status_name(enum cvd_securitytxt_sig_status s);

/**
 * A parsed file. Everything points into the arena passed to cvd_securitytxt_parse() and lives
 * as long as it. Fields keep input order (so Contact order = preference).
 */
struct cvd_securitytxt {
    struct cvd_securitytxt_field *fields;
    size_t n_fields;
    bool is_signed;    /* a "-----BEGIN PGP SIGNED MESSAGE-----" line was found */
    bool sig_armor_ok; /* signed and the armour decoded to a signature packet */
    bool has_expires;  /* exactly the first Expires parsed (possibly in space form) */
    int64_t expires;   /* seconds since the epoch, when has_expires */
    size_t n_lines;    /* lines in the input file */
    size_t n_bytes;    /* bytes of input */
    struct cvd_securitytxt_finding *findings; /* sorted by line once linted */
    size_t n_findings;
    size_t dropped_findings; /* beyond CVD_SECURITYTXT_MAX_FINDINGS */
    /* private */
    size_t cap_findings;
    struct cvd_arena *arena;
};

/**
 * Parse `in` (hostile bytes, any line endings) into *ret (allocated in `a`), recording the
 * syntax findings (encoding, lines, field syntax, signature armour). Returns 0 even when the
 * file has findings; CVD_ELIMIT (input over CVD_SECURITYTXT_MAX_BYTES or MAX_LINES),
 * CVD_ENOMEM / arena failures, CVD_EINVAL. diag gets the reason of a failure.
 */
CVD_MUST_CHECK int cvd_securitytxt_parse(struct cvd_arena *a, struct cvd_str in,
                                         struct cvd_securitytxt **ret, struct cvd_diag *diag);

/**
 * What an HTTP fetch of the file saw, for the transport rules (RFC 9116 §3, §5.7). cvd has no
 * fetcher in this module: the caller fills this in. All strings are borrowed.
 */
struct cvd_securitytxt_fetch {
    const char *const *chain; /* URLs in order: the one asked for first, the one served last */
    size_t n_chain;           /* at least 1 */
    int status;               /* final HTTP status; 0 = no response at all */
    const char *content_type; /* the Content-Type header value; NULL = absent */
    bool tls_ok;              /* the certificate chain and name were valid (RFC 6125) */
    bool both_differ;         /* /.well-known/security.txt and /security.txt both exist, differ */
};

struct cvd_securitytxt_lint_opts {
    const struct cvd_clock *clock;              /* "now" for Expires; NULL = system */
    uint32_t soon_days;                         /* ST-W-EXPIRES-SOON window; 0 = 30 */
    enum cvd_securitytxt_sig_status sig_status; /* from cvd_securitytxt_verify, or UNCHECKED */
    const struct cvd_securitytxt_fetch *fetch;  /* NULL: a local file, no transport rules */
};

/**
 * Add the field, expiry and signature findings to a parsed file and sort all findings by line
 * (stable). Call once per parse. Returns 0, CVD_ENOMEM or CVD_EINVAL.
 */
CVD_MUST_CHECK int cvd_securitytxt_lint(struct cvd_securitytxt *doc,
                                        const struct cvd_securitytxt_lint_opts *opts);

/** Findings with severity ERROR. */
size_t cvd_securitytxt_error_count(const struct cvd_securitytxt *doc);

/** True when some finding has this rule. */
bool cvd_securitytxt_has(const struct cvd_securitytxt *doc, enum cvd_securitytxt_rule r);

/* ---- OpenPGP (GPGME) ---- */

struct cvd_securitytxt_sig {
    enum cvd_securitytxt_sig_status status;
    char fpr[64];     /* fingerprint (or key id) of the signer as gpg reports it; "" if none */
    int64_t created;  /* signature time, seconds since the epoch; 0 if unknown */
    char detail[128]; /* gpg's reason for a failure, lower-case */
};

/**
 * Verify the cleartext signature of `in` with the keys in GNUPGHOME `gnupghome` (never the
 * user's default keyring: NULL is CVD_EINVAL, a path that is not a directory CVD_ENOTFOUND).
 * Fills *ret; the return value is 0 for any verdict (good, bad, no key, none) and a CVD_E*
 * code only when gpg cannot be run (CVD_EIO, CVD_ENOMEM, CVD_ELIMIT, CVD_ENOTFOUND).
 * Signature time is gpg's business (system clock).
 */
CVD_MUST_CHECK int cvd_securitytxt_verify(struct cvd_str in, const char *gnupghome,
                                          struct cvd_securitytxt_sig *ret, struct cvd_diag *diag);

/**
 * Clear-sign `text` with secret key `key_id` (fingerprint, key id or user id) from GNUPGHOME
 * `gnupghome`, appending the signed form to out. The key must have no passphrase (loopback
 * pinentry, no prompts). Returns 0, CVD_ENOTFOUND (no such secret key), CVD_EIO, CVD_ENOMEM.
 */
CVD_MUST_CHECK int cvd_securitytxt_sign(struct cvd_str text, const char *gnupghome,
                                        const char *key_id, struct cvd_buf *out,
                                        struct cvd_diag *diag);

/* ---- generation ---- */

#define CVD_SECURITYTXT_GEN_MAX 16u /* values per repeatable key */

/** What a generated file says. Strings are borrowed (NUL-terminated) and must outlive use. */
struct cvd_securitytxt_gen {
    const char *contact[CVD_SECURITYTXT_GEN_MAX]; /* order = preference; at least one */
    size_t n_contact;
    const char *encryption[CVD_SECURITYTXT_GEN_MAX];
    size_t n_encryption;
    const char *canonical[CVD_SECURITYTXT_GEN_MAX];
    size_t n_canonical;
    const char *acknowledgments[CVD_SECURITYTXT_GEN_MAX];
    size_t n_acknowledgments;
    const char *hiring[CVD_SECURITYTXT_GEN_MAX];
    size_t n_hiring;
    const char *policy[CVD_SECURITYTXT_GEN_MAX];
    size_t n_policy;
    const char *csaf;      /* NULL = none */
    const char *languages; /* "en, de"; NULL = none */
    uint32_t expires_days; /* 1..365 */
};

/**
 * Read a generator configuration: UTF-8 lines `key = value`, `#` comments and blank lines.
 * Keys: contact, encryption, canonical, acknowledgments, hiring, policy (repeatable, order
 * kept), csaf, preferred-languages, expires-days (once each). Strings are copied into `a`.
 * Returns 0, CVD_EPARSE (diag: line and reason), CVD_ELIMIT, CVD_ENOMEM.
 */
CVD_MUST_CHECK int cvd_securitytxt_config_parse(struct cvd_arena *a, struct cvd_str in,
                                                struct cvd_securitytxt_gen *ret,
                                                struct cvd_diag *diag);

/**
 * Append the file for `g` to out (LF line ends): a comment, Canonical, Contact, Encryption,
 * Acknowledgments, Policy, Hiring, Preferred-Languages, CSAF, then Expires = now +
 * expires_days (whole seconds, UTC). Values are checked only for what would break the line
 * structure (CR, LF, control characters, empty); lint the result for the rest. Returns 0,
 * CVD_EINVAL / CVD_EMISSING / CVD_ERANGE (diag says which), CVD_ENOMEM.
 */
CVD_MUST_CHECK int cvd_securitytxt_generate(const struct cvd_securitytxt_gen *g,
                                            const struct cvd_clock *clock, struct cvd_buf *out,
                                            struct cvd_diag *diag);

#endif
