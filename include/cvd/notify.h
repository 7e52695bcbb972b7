/* The notification transport: compose a TLP-labelled e-mail (RFC 5322, MIME, optionally
 * OpenPGP/MIME encrypted to the recipient, RFC 3156), hand it to an SMTP relay, and POST signed
 * JSON webhooks. No queue, no retry: the send functions say whether a failure is worth trying
 * again (CVD_NOTIFY_ETEMP) or not (CVD_NOTIFY_EPERM), and a durable outbox above decides when.
 *
 * TLP 2.0 (standards.md §3, TLP-R06 and the RED row of §3.4): the label comes first in the
 * subject ("[TLP:AMBER] ...") and first in the body; a TLP:RED notification never carries the
 * item's subject or body, only "A TLP:RED item awaits you: <url>". Encryption fails closed: when
 * a recipient key is given and the message cannot be encrypted to it, composing fails and
 * nothing is written, never a plaintext fallback.
 *
 *     struct cvd_notify_mail m = {.from = CVD_STR("cvd@example.org"), .to = ...,
 *                                 .tlp = CVD_TLP_AMBER, .subject = ..., .body = ...,
 *                                 .url = ...};
 *     struct cvd_notify_smtp relay = {.url = "smtp://127.0.0.1:25"};
 *     int rc = cvd_notify_send_mail(&relay, &m, NULL, &st, &diag);
 *     if (rc == CVD_NOTIFY_ETEMP) ... retry later ...
 *
 * Thread safety: every function may be called from several threads at once once
 * cvd_notify_init() has returned (call it before the threads start). */
#ifndef CVD_NOTIFY_H
#define CVD_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvd/clock.h"
#include "cvd/compiler.h"
#include "cvd/err.h"
#include "cvd/model.h"
#include "cvd/str.h"

struct sockaddr;

/* Delivery outcomes of the send functions, beside CVD_EINVAL (bad arguments or configuration:
 * do not retry), CVD_ELIMIT and CVD_ENOMEM. */
#define CVD_NOTIFY_ETEMP CVD_EIO /* temporary: refused connection, timeout, SMTP 4xx, HTTP 5xx */
#define CVD_NOTIFY_EPERM CVD_EDENIED /* permanent: SMTP 5xx, HTTP 4xx (but 408, 429), redirects */

/* Limits on what the caller passes in (bytes). */
#define CVD_NOTIFY_ADDR_MAX    254     /* an addr-spec (RFC 5321 path limit) */
#define CVD_NOTIFY_SUBJECT_MAX 256     /* the caller's subject text, without the label */
#define CVD_NOTIFY_BODY_MAX    1048576 /* the caller's body text */
#define CVD_NOTIFY_URL_MAX     2048
#define CVD_NOTIFY_KEY_MAX     262144  /* an ASCII-armoured public key */
#define CVD_NOTIFY_MAIL_MAX    4194304 /* a composed message */
#define CVD_NOTIFY_JSON_MAX    1048576 /* a webhook payload */
#define CVD_NOTIFY_SECRET_MIN  16      /* webhook secret */
#define CVD_NOTIFY_SECRET_MAX  1024

/**
 * Initialise libcurl, libsodium and GPGME once. Call before starting threads; later calls do
 * nothing. Returns 0 or CVD_EIO when a library cannot be initialised.
 */
CVD_MUST_CHECK int cvd_notify_init(void);

/** Is rc a failure worth retrying later (CVD_NOTIFY_ETEMP)? */
bool cvd_notify_is_temporary(int rc);

/**
 * A strict addr-spec: dot-atom local part (RFC 5322 atext, at most 64 bytes) "@" a host name of
 * LDH labels (1-63 bytes each, no leading or trailing hyphen), at most CVD_NOTIFY_ADDR_MAX bytes
 * in all. No quoted strings, comments, display names, address literals or non-ASCII (no
 * SMTPUTF8).
 */
bool cvd_notify_addr_is_valid(struct cvd_str addr);

/** One notification e-mail. Views are borrowed for the duration of the call. */
struct cvd_notify_mail {
    struct cvd_str from;    /* addr-spec; its domain also names the Message-ID */
    struct cvd_str to;      /* addr-spec, one recipient */
    enum cvd_tlp tlp;       /* the item's label */
    struct cvd_str subject; /* UTF-8, no control characters; not used for TLP:RED */
    struct cvd_str body;    /* UTF-8 text, LF or CRLF lines, TAB allowed; not used for TLP:RED */
    struct cvd_str url;     /* http(s) URL of the item on the hub; required */
    /* The recipient's ASCII-armoured OpenPGP public key (one key with a usable encryption
     * subkey), or len 0 to send the text part in clear. */
    struct cvd_str recipient_key;
    /* Where the private, temporary GNUPGHOME is made: an absolute path, or NULL for $TMPDIR
     * (when absolute), else /tmp. It is removed before the call returns. */
    const char *tmpdir;
};

/**
 * Compose m as one RFC 5322 message (CRLF lines, MIME 1.0, UTF-8 text in base64, Date from
 * clock, random Message-ID) and append it to out, which holds at most CVD_NOTIFY_MAIL_MAX bytes
 * of it. With a recipient key the text part is encrypted (PGP/MIME, multipart/encrypted) in a
 * temporary GNUPGHOME that never touches the user's keyring. clock NULL is the system clock.
 * On any failure out is left as it was. Returns 0, CVD_EINVAL (bad address, control character
 * or CR/LF in a header value, invalid UTF-8, bad URL, unusable key), CVD_ELIMIT, CVD_ENOMEM or
 * CVD_EIO (gpg failed); diag says which field.
 */
CVD_MUST_CHECK int cvd_notify_compose(const struct cvd_notify_mail *m,
                                      const struct cvd_clock *clock, struct cvd_buf *out,
                                      struct cvd_diag *diag);

/** Where and how to reach the SMTP relay. */
struct cvd_notify_smtp {
    const char *url;         /* "smtp://host:port" or "smtps://host:port" */
    bool require_tls;        /* smtp://: insist on STARTTLS */
    long connect_timeout_ms; /* 0: 10 s */
    long timeout_ms;         /* the whole transaction; 0: 60 s */
};

/** What the far end answered, filled on success and on failure. */
struct cvd_notify_status {
    long code;       /* last SMTP reply code or HTTP status; 0 when none came */
    int curl_result; /* the CURLcode, 0 on success */
};

/**
 * Send one composed message (as from cvd_notify_compose) to one recipient through the relay:
 * MAIL FROM:<from>, RCPT TO:<to>, DATA. status may be NULL. Returns 0, CVD_NOTIFY_ETEMP (no
 * connection, timeout, 4xx reply, connection lost), CVD_NOTIFY_EPERM (5xx reply), CVD_EINVAL
 * (bad address, relay URL or message), CVD_ELIMIT or CVD_ENOMEM.
 */
CVD_MUST_CHECK int cvd_notify_smtp_send(const struct cvd_notify_smtp *relay, struct cvd_str from,
                                        struct cvd_str to, struct cvd_str message,
                                        struct cvd_notify_status *status, struct cvd_diag *diag);

/**
 * cvd_notify_compose then cvd_notify_smtp_send with m's addresses. When composing fails nothing
 * is sent and its error is returned: an unusable recipient key is CVD_EINVAL (permanent), a gpg
 * that cannot run is CVD_EIO, which is CVD_NOTIFY_ETEMP (the operator may fix it; still nothing
 * goes out in clear meanwhile).
 */
CVD_MUST_CHECK int cvd_notify_send_mail(const struct cvd_notify_smtp *relay,
                                        const struct cvd_notify_mail *m,
                                        const struct cvd_clock *clock,
                                        struct cvd_notify_status *status, struct cvd_diag *diag);

/* ---- webhooks ---- */

#define CVD_NOTIFY_SIG_HEADER "X-CVD-Signature"
/* "t=" up to 20 digits ",v1=" 64 hex digits, NUL */
#define CVD_NOTIFY_SIG_LEN 90

/**
 * The signature header value for body sent at unix time t: "t=<t>,v1=<hex>" where hex is
 * HMAC-SHA256(secret, "<t>.<body>"), written with its NUL into out. Returns 0 or CVD_EINVAL
 * (secret shorter than CVD_NOTIFY_SECRET_MIN or longer than CVD_NOTIFY_SECRET_MAX, t < 0).
 */
CVD_MUST_CHECK int cvd_notify_webhook_sign(const unsigned char *secret, size_t secret_len,
                                           int64_t t, struct cvd_str body,
                                           char out[CVD_NOTIFY_SIG_LEN]);

/**
 * Check a received signature header value against body: "t=<digits>" then one to eight
 * ",v1=<64 hex>" (several while a secret rotates; one matching is enough), compared in
 * constant time, and |now - t| <= max_skew seconds. Returns 0, CVD_EPARSE (malformed header),
 * CVD_ERANGE (timestamp outside the window: a replay or a wrong clock), CVD_EAUTH (no signature
 * matches) or CVD_EINVAL (bad secret).
 */
CVD_MUST_CHECK int cvd_notify_webhook_verify(const unsigned char *secret, size_t secret_len,
                                             struct cvd_str header, struct cvd_str body,
                                             int64_t now, int64_t max_skew, struct cvd_diag *diag);

/** Where a webhook goes and how it is signed. */
struct cvd_notify_webhook {
    const char *url; /* "http://..." or "https://..."; redirects are not followed */
    const unsigned char *secret;
    size_t secret_len;
    long connect_timeout_ms; /* 0: 10 s */
    long timeout_ms;         /* 0: 30 s */
    /* Also connect to internal addresses (cvd_notify_address_is_internal): tests and
     * development only. Otherwise a webhook URL cannot make the server reach its own
     * network (SSRF); the check is on the address actually connected to, after DNS, so a
     * name that resolves (or re-resolves) to an internal address is refused too. */
    bool allow_internal;
};

/**
 * Is sa an address a webhook must not reach: unspecified, loopback, private (RFC 1918, fc00::/7),
 * shared (100.64/10), link-local, multicast, broadcast or reserved, also as an IPv4-mapped or
 * NAT64 (64:ff9b::/96) IPv6 address? Unknown families count as internal.
 */
bool cvd_notify_address_is_internal(const struct sockaddr *sa);

/**
 * POST json (checked: strict JSON, at most CVD_NOTIFY_JSON_MAX bytes) to the webhook with
 * Content-Type: application/json and the X-CVD-Signature header for the time of clock (NULL:
 * system clock). The response body is read and dropped. status may be NULL. Returns 0 (2xx),
 * CVD_NOTIFY_ETEMP (no connection, timeout, 5xx, 408, 429), CVD_NOTIFY_EPERM (other 4xx, 3xx,
 * 1xx; an internal address without allow_internal), CVD_EINVAL (bad URL, secret or JSON),
 * CVD_ELIMIT or CVD_ENOMEM.
 */
CVD_MUST_CHECK int cvd_notify_webhook_post(const struct cvd_notify_webhook *hook,
                                           const struct cvd_clock *clock, struct cvd_str json,
                                           struct cvd_notify_status *status, struct cvd_diag *diag);

#endif
