/* Handing one composed message to an SMTP relay with libcurl: the message is read from memory,
 * and every failure is sorted into "try again later" and "refused for good". */
#include "cvd/notify.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "cvd/alloc.h"
#include "notify-int.h"

#define RELAY_URL_MAX      2048
#define LINE_MAX_BYTES     998 /* RFC 5322 §2.1.1, without the CRLF */
#define DEFAULT_CONNECT_MS 10000L
#define DEFAULT_TIMEOUT_MS 60000L

struct upload {
    const char *p;
    size_t len;
    size_t off;
};

static size_t read_message(char *dst, size_t size, size_t nmemb, void *userdata)
{
    struct upload *u = userdata;
    size_t room = size * nmemb; /* curl guarantees this does not overflow */
    size_t n = u->len - u->off;
    if (n > room)
        n = room;
    if (n)
        memcpy(dst, u->p + u->off, n);
    u->off += n;
    return n;
}

/* The message must be what cvd_notify_compose writes: CRLF lines of at most 998 bytes, no NUL,
 * no bare CR or LF (which relays treat differently: a smuggling vector). */
static int check_message(struct cvd_str msg, struct cvd_diag *diag)
{
    if (msg.ptr == NULL || msg.len == 0)
        return cvd_diag_set(diag, CVD_EINVAL, "message: empty");
    if (msg.len > CVD_NOTIFY_MAIL_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "message: %zu bytes, more than %d", msg.len,
                            CVD_NOTIFY_MAIL_MAX);
    size_t line = 0;
    for (size_t i = 0; i < msg.len; i++) {
        char c = msg.ptr[i];
        if (c == '\0')
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "message: NUL byte at %zu", i);
        if (c == '\r') {
            if (i + 1 >= msg.len || msg.ptr[i + 1] != '\n')
                return cvd_diag_set_at(diag, CVD_EINVAL, i, "message: bare CR at %zu", i);
            i++;
            line = 0;
            continue;
        }
        if (c == '\n')
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "message: bare LF at %zu", i);
        if (++line > LINE_MAX_BYTES)
            return cvd_diag_set_at(diag, CVD_EINVAL, i, "message: line longer than %d bytes",
                                   LINE_MAX_BYTES);
    }
    return 0;
}

static int check_relay(const struct cvd_notify_smtp *relay, struct cvd_diag *diag)
{
    if (relay == NULL || relay->url == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "relay: no URL");
    struct cvd_str url = cvd_str_from_cstr(relay->url);
    if (url.len > RELAY_URL_MAX)
        return cvd_diag_set(diag, CVD_EINVAL, "relay: URL longer than %d bytes", RELAY_URL_MAX);
    if (!cvd__notify_has_prefix_nocase(url, "smtp://") &&
        !cvd__notify_has_prefix_nocase(url, "smtps://"))
        return cvd_diag_set(diag, CVD_EINVAL, "relay: not an smtp:// or smtps:// URL");
    if (!cvd__notify_url_chars_ok(url))
        return cvd_diag_set(diag, CVD_EINVAL, "relay: a character outside RFC 3986 in the URL");
    if (relay->connect_timeout_ms < 0 || relay->timeout_ms < 0)
        return cvd_diag_set(diag, CVD_EINVAL, "relay: negative timeout");
    return 0;
}

/* Sort a failed transaction: the reply code decides when there is one (4xx temporary, 5xx
 * permanent); otherwise a failure of the caller's setup is permanent and everything else
 * (refused or lost connection, timeout, an odd reply) is worth another try. */
static int classify(CURLcode res, long code)
{
    switch (res) {
    case CURLE_OK:
        return 0;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_NOT_BUILT_IN:
        return CVD_EINVAL;
    case CURLE_OUT_OF_MEMORY:
        return CVD_ENOMEM;
    default:
        break;
    }
    if (code >= 500 && code <= 599)
        return CVD_NOTIFY_EPERM;
    return CVD_NOTIFY_ETEMP;
}

static int send_message(const struct cvd_notify_smtp *relay, const char *from, const char *to,
                        struct cvd_str msg, struct cvd_notify_status *status, struct cvd_diag *diag)
{
    CURL *curl = curl_easy_init();
    if (curl == NULL)
        return cvd_diag_set(diag, CVD_ENOMEM, "cannot create a curl handle");
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    if (rcpt == NULL) {
        curl_easy_cleanup(curl);
        return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
    }
    struct upload up = {.p = msg.ptr, .len = msg.len};
    char errbuf[CURL_ERROR_SIZE] = "";
    CURLcode res = CURLE_OK;
    /* the first failing option stops the rest; curl_easy_perform is then not called */
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (res == CURLE_OK)                                                                       \
            res = curl_easy_setopt(curl, opt, val);                                                \
    } while (0)
    SET(CURLOPT_URL, relay->url);
    SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, errbuf);
    SET(CURLOPT_CONNECTTIMEOUT_MS,
        relay->connect_timeout_ms ? relay->connect_timeout_ms : DEFAULT_CONNECT_MS);
    SET(CURLOPT_TIMEOUT_MS, relay->timeout_ms ? relay->timeout_ms : DEFAULT_TIMEOUT_MS);
    SET(CURLOPT_MAIL_FROM, from);
    SET(CURLOPT_MAIL_RCPT, rcpt);
    SET(CURLOPT_UPLOAD, 1L);
    SET(CURLOPT_READFUNCTION, read_message);
    SET(CURLOPT_READDATA, &up);
    SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
    if (relay->require_tls)
        SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
#undef SET
    long code = 0;
    if (res == CURLE_OK) {
        res = curl_easy_perform(curl);
        (void)curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    }
    int rc = classify(res, code);
    if (rc)
        cvd_diag_set(diag, rc, "smtp relay %s: %s (reply %ld): %s",
                     rc == CVD_NOTIFY_ETEMP ? "failed for now" : "refused", curl_easy_strerror(res),
                     code, errbuf[0] ? errbuf : "no detail");
    if (status)
        *status = (struct cvd_notify_status){.code = code, .curl_result = (int)res};
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    return rc;
}

int cvd_notify_smtp_send(const struct cvd_notify_smtp *relay, struct cvd_str from,
                         struct cvd_str to, struct cvd_str message,
                         struct cvd_notify_status *status, struct cvd_diag *diag)
{
    if (status)
        *status = (struct cvd_notify_status){0};
    int rc = check_relay(relay, diag);
    if (rc)
        return rc;
    if (!cvd_notify_addr_is_valid(from))
        return cvd_diag_set(diag, CVD_EINVAL, "from: not a plain e-mail address");
    if (!cvd_notify_addr_is_valid(to))
        return cvd_diag_set(diag, CVD_EINVAL, "to: not a plain e-mail address");
    rc = check_message(message, diag);
    if (rc)
        return rc;
    rc = cvd__notify_ensure_init();
    if (rc)
        return cvd_diag_set(diag, rc, "cannot initialise curl");
    /* "<addr>" for MAIL FROM and RCPT TO; the address holds no '<', '>' or space. */
    char from_path[CVD_NOTIFY_ADDR_MAX + 3];
    char to_path[CVD_NOTIFY_ADDR_MAX + 3];
    (void)snprintf(from_path, sizeof(from_path), "<%.*s>", (int)from.len, from.ptr);
    (void)snprintf(to_path, sizeof(to_path), "<%.*s>", (int)to.len, to.ptr);
    return send_message(relay, from_path, to_path, message, status, diag);
}

int cvd_notify_send_mail(const struct cvd_notify_smtp *relay, const struct cvd_notify_mail *m,
                         const struct cvd_clock *clock, struct cvd_notify_status *status,
                         struct cvd_diag *diag)
{
    if (status)
        *status = (struct cvd_notify_status){0};
    if (m == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "send needs a mail");
    int rc = check_relay(relay, diag);
    if (rc)
        return rc;
    struct cvd_buf msg;
    cvd_buf_init(&msg, CVD_NOTIFY_MAIL_MAX);
    rc = cvd_notify_compose(m, clock, &msg, diag);
    if (!rc)
        rc = cvd_notify_smtp_send(relay, m->from, m->to, cvd_buf_str(&msg), status, diag);
    cvd_buf_release(&msg);
    return rc;
}
