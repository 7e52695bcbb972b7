/* Signed webhooks: HMAC-SHA256 over "<unix time>.<body>" in an X-CVD-Signature header
 * ("t=<time>,v1=<hex>"), the receiving side's check (constant-time compare, a time window
 * against replays), and the POST itself with libcurl. */
#include "cvd/notify.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cvd/arena.h"
#include "cvd/json.h"
#include "notify-int.h"

#define HOOK_URL_MAX       2048
#define SIG_HEADER_MAX     1024
#define SIG_V1_MAX         8
#define RESPONSE_MAX       ((size_t)1 << 20)
#define DEFAULT_CONNECT_MS 10000L
#define DEFAULT_TIMEOUT_MS 30000L

static bool secret_ok(const unsigned char *secret, size_t len)
{
    return secret != NULL && len >= CVD_NOTIFY_SECRET_MIN && len <= CVD_NOTIFY_SECRET_MAX;
}

static void mac(const unsigned char *secret, size_t secret_len, int64_t t, struct cvd_str body,
                unsigned char out[crypto_auth_hmacsha256_BYTES])
{
    char ts[24];
    int n = snprintf(ts, sizeof(ts), "%" PRId64 ".", t);
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, secret, secret_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)n);
    if (body.len)
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)body.ptr, body.len);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof(st));
}

int cvd_notify_webhook_sign(const unsigned char *secret, size_t secret_len, int64_t t,
                            struct cvd_str body, char out[CVD_NOTIFY_SIG_LEN])
{
    if (!secret_ok(secret, secret_len) || t < 0 || out == NULL || (body.len && !body.ptr))
        return CVD_EINVAL;
    if (cvd__notify_ensure_init())
        return CVD_EIO;
    unsigned char m[crypto_auth_hmacsha256_BYTES];
    mac(secret, secret_len, t, body, m);
    char hex[2 * sizeof(m) + 1];
    sodium_bin2hex(hex, sizeof(hex), m, sizeof(m));
    int n = snprintf(out, CVD_NOTIFY_SIG_LEN, "t=%" PRId64 ",v1=%s", t, hex);
    return n > 0 && n < CVD_NOTIFY_SIG_LEN ? 0 : CVD_EINVAL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; /* upper case is not what the signer writes: refused */
}

int cvd_notify_webhook_verify(const unsigned char *secret, size_t secret_len, struct cvd_str header,
                              struct cvd_str body, int64_t now, int64_t max_skew,
                              struct cvd_diag *diag)
{
    if (!secret_ok(secret, secret_len) || now < 0 || max_skew < 0 || (body.len && !body.ptr) ||
        (header.len && !header.ptr))
        return cvd_diag_set(diag, CVD_EINVAL, "verify needs a secret, a time and a window");
    if (cvd__notify_ensure_init())
        return cvd_diag_set(diag, CVD_EIO, "cannot initialise libsodium");
    if (header.len > SIG_HEADER_MAX)
        return cvd_diag_set(diag, CVD_EPARSE, "signature header of %zu bytes", header.len);
    /* t=<digits> */
    const char *p = header.ptr;
    const char *end = header.ptr + header.len;
    if (header.len < 2 || p[0] != 't' || p[1] != '=')
        return cvd_diag_set(diag, CVD_EPARSE, "signature header does not start with t=");
    p += 2;
    const char *digits = p;
    while (p < end && *p != ',')
        p++;
    uint64_t t;
    if (cvd_str_to_u64((struct cvd_str){digits, (size_t)(p - digits)}, INT64_MAX, &t))
        return cvd_diag_set(diag, CVD_EPARSE, "signature header: bad timestamp");
    /* ,v1=<64 hex>, one to SIG_V1_MAX times */
    unsigned char cand[SIG_V1_MAX][crypto_auth_hmacsha256_BYTES];
    size_t n_cand = 0;
    while (p < end) {
        if (n_cand == SIG_V1_MAX)
            return cvd_diag_set(diag, CVD_EPARSE, "more than %d signatures", SIG_V1_MAX);
        if (end - p < 4 + 64 || memcmp(p, ",v1=", 4) != 0)
            return cvd_diag_set(diag, CVD_EPARSE, "signature header: expected ,v1=<64 hex>");
        p += 4;
        for (size_t i = 0; i < crypto_auth_hmacsha256_BYTES; i++) {
            int hi = hexval(p[2 * i]);
            int lo = hexval(p[2 * i + 1]);
            if (hi < 0 || lo < 0)
                return cvd_diag_set(diag, CVD_EPARSE, "signature header: bad hex digit");
            cand[n_cand][i] = (unsigned char)(hi << 4 | lo);
        }
        p += 64;
        n_cand++;
    }
    if (n_cand == 0)
        return cvd_diag_set(diag, CVD_EPARSE, "signature header: no v1 signature");
    /* both are in [0, INT64_MAX]: the difference cannot overflow */
    int64_t ts = (int64_t)t;
    int64_t skew = ts > now ? ts - now : now - ts;
    if (skew > max_skew)
        return cvd_diag_set(diag, CVD_ERANGE, "signature is %" PRId64 " s off, more than %" PRId64,
                            skew, max_skew);
    unsigned char m[crypto_auth_hmacsha256_BYTES];
    mac(secret, secret_len, ts, body, m);
    bool ok = false;
    for (size_t i = 0; i < n_cand; i++)
        ok |= sodium_memcmp(m, cand[i], sizeof(m)) == 0;
    sodium_memzero(m, sizeof(m));
    if (!ok)
        return cvd_diag_set(diag, CVD_EAUTH, "no signature matches");
    return 0;
}

static int check_hook(const struct cvd_notify_webhook *hook, struct cvd_diag *diag)
{
    if (hook == NULL || hook->url == NULL)
        return cvd_diag_set(diag, CVD_EINVAL, "webhook: no URL");
    struct cvd_str url = cvd_str_from_cstr(hook->url);
    if (url.len > HOOK_URL_MAX)
        return cvd_diag_set(diag, CVD_EINVAL, "webhook: URL longer than %d bytes", HOOK_URL_MAX);
    if (!cvd__notify_has_prefix_nocase(url, "http://") &&
        !cvd__notify_has_prefix_nocase(url, "https://"))
        return cvd_diag_set(diag, CVD_EINVAL, "webhook: not an http:// or https:// URL");
    if (!cvd__notify_url_chars_ok(url))
        return cvd_diag_set(diag, CVD_EINVAL, "webhook: a character outside RFC 3986 in the URL");
    if (!secret_ok(hook->secret, hook->secret_len))
        return cvd_diag_set(diag, CVD_EINVAL, "webhook: secret of %zu bytes (%d to %d)",
                            hook->secret_len, CVD_NOTIFY_SECRET_MIN, CVD_NOTIFY_SECRET_MAX);
    if (hook->connect_timeout_ms < 0 || hook->timeout_ms < 0)
        return cvd_diag_set(diag, CVD_EINVAL, "webhook: negative timeout");
    return 0;
}

static int check_json(struct cvd_str json, struct cvd_diag *diag)
{
    if (json.ptr == NULL || json.len == 0)
        return cvd_diag_set(diag, CVD_EINVAL, "payload: empty");
    if (json.len > CVD_NOTIFY_JSON_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "payload: %zu bytes, more than %d", json.len,
                            CVD_NOTIFY_JSON_MAX);
    struct cvd_arena a;
    cvd_arena_init(&a, 64 * (size_t)CVD_NOTIFY_JSON_MAX);
    const struct cvd_json *root;
    int rc = cvd_json_parse(&a, json.ptr, json.len, NULL, 0, &root, diag);
    cvd_arena_release(&a);
    if (rc == CVD_ENOMEM)
        return rc;
    return rc ? CVD_EINVAL : 0;
}

struct sink {
    size_t got;
    bool over;
};

/* The answer's body is not used: count it and stop reading past RESPONSE_MAX. */
static size_t drop_response(char *p, size_t size, size_t nmemb, void *userdata)
{
    (void)p;
    struct sink *s = userdata;
    size_t n = size * nmemb;
    if (n > RESPONSE_MAX - s->got) {
        s->over = true;
        return 0;
    }
    s->got += n;
    return n;
}

/* ---- where a webhook may go ---- */

/* An IPv4 address in host order: internal when in any range a server's own network, the
 * machine itself or nobody at all answers on. */
static bool ipv4_internal(uint32_t a)
{
    static const struct {
        uint32_t net;
        unsigned bits;
    } ranges[] = {
        {0x00000000u, 8},  /* 0/8 "this network" */
        {0x0a000000u, 8},  /* 10/8 */
        {0x64400000u, 10}, /* 100.64/10 shared (CGNAT) */
        {0x7f000000u, 8},  /* 127/8 loopback */
        {0xa9fe0000u, 16}, /* 169.254/16 link-local (cloud metadata) */
        {0xac100000u, 12}, /* 172.16/12 */
        {0xc0000000u, 24}, /* 192.0.0/24 protocol assignments */
        {0xc0a80000u, 16}, /* 192.168/16 */
        {0xc6120000u, 15}, /* 198.18/15 benchmarking */
        {0xe0000000u, 3},  /* 224/4 multicast, 240/4 reserved, broadcast */
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(ranges); i++) {
        uint32_t mask = ~0u << (32 - ranges[i].bits);
        if ((a & mask) == ranges[i].net)
            return true;
    }
    return false;
}

bool cvd_notify_address_is_internal(const struct sockaddr *sa)
{
    if (sa == NULL)
        return true;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        return ipv4_internal(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family != AF_INET6)
        return true;
    const unsigned char *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char zero[12] = {0};
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0 || memcmp(b, zero, 12) == 0) {
        /* ::a.b.c.d (deprecated compatible, also :: and ::1) and the two embeddings */
        uint32_t a = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
        return memcmp(b, zero, 12) == 0 || ipv4_internal(a);
    }
    if ((b[0] & 0xfe) == 0xfc) /* fc00::/7 unique local */
        return true;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* fe80::/10 link-local */
        return true;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) /* fec0::/10 site-local (deprecated) */
        return true;
    if (b[0] == 0xff) /* multicast */
        return true;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) /* documentation */
        return true;
    return false;
}

/* curl asks before each connection (the address after DNS, also for a redirect or a
 * re-resolved name): refusing here is what closes DNS rebinding. */
struct dest_guard {
    bool allow_internal;
    bool refused;
};

static curl_socket_t open_guarded(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
    struct dest_guard *g = arg;
    if (purpose != CURLSOCKTYPE_IPCXN ||
        (!g->allow_internal && cvd_notify_address_is_internal(&addr->addr))) {
        g->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

/* 2xx delivered; 408, 429, 5xx and no answer at all: later; anything else: refused. */
static int classify(CURLcode res, long code, bool over)
{
    switch (res) {
    case CURLE_OK:
        break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_NOT_BUILT_IN:
        return CVD_EINVAL;
    case CURLE_OUT_OF_MEMORY:
        return CVD_ENOMEM;
    case CURLE_WRITE_ERROR:
        if (over && code != 0)
            break; /* the status line came; only the long body was cut */
        return CVD_NOTIFY_ETEMP;
    default:
        return CVD_NOTIFY_ETEMP;
    }
    if (code >= 200 && code <= 299)
        return 0;
    if (code == 408 || code == 429 || (code >= 500 && code <= 599))
        return CVD_NOTIFY_ETEMP;
    return CVD_NOTIFY_EPERM;
}

int cvd_notify_webhook_post(const struct cvd_notify_webhook *hook, const struct cvd_clock *clock,
                            struct cvd_str json, struct cvd_notify_status *status,
                            struct cvd_diag *diag)
{
    if (status)
        *status = (struct cvd_notify_status){0};
    int rc = check_hook(hook, diag);
    if (!rc)
        rc = check_json(json, diag);
    if (rc)
        return rc;
    rc = cvd__notify_ensure_init();
    if (rc)
        return cvd_diag_set(diag, rc, "cannot initialise curl or libsodium");
    int64_t now = cvd_clock_now(clock);
    char sig[CVD_NOTIFY_SIG_LEN];
    if (cvd_notify_webhook_sign(hook->secret, hook->secret_len, now, json, sig))
        return cvd_diag_set(diag, CVD_EINVAL, "cannot sign at time %" PRId64, now);
    char sig_header[sizeof(CVD_NOTIFY_SIG_HEADER) + 2 + CVD_NOTIFY_SIG_LEN];
    (void)snprintf(sig_header, sizeof(sig_header), "%s: %s", CVD_NOTIFY_SIG_HEADER, sig);

    CURL *curl = curl_easy_init();
    struct curl_slist *headers = NULL;
    static const char *const fixed[] = {"Content-Type: application/json",
                                        ("User-Agent: cvd/" CVD_VERSION), "Expect:"};
    for (size_t i = 0; curl && i < CVD_ARRAY_LEN(fixed); i++) {
        struct curl_slist *h = curl_slist_append(headers, fixed[i]);
        if (h == NULL)
            goto oom;
        headers = h;
    }
    struct curl_slist *h = curl ? curl_slist_append(headers, sig_header) : NULL;
    if (h == NULL)
        goto oom;
    headers = h;

    struct sink sink = {0};
    struct dest_guard guard = {.allow_internal = hook->allow_internal};
    char errbuf[CURL_ERROR_SIZE] = "";
    CURLcode res = CURLE_OK;
    /* the first failing option stops the rest; curl_easy_perform is then not called */
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (res == CURLE_OK)                                                                       \
            res = curl_easy_setopt(curl, opt, val);                                                \
    } while (0)
    SET(CURLOPT_URL, hook->url);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_PROXY, ""); /* never the environment's proxy: the guard checks the real peer */
    SET(CURLOPT_OPENSOCKETFUNCTION, open_guarded);
    SET(CURLOPT_OPENSOCKETDATA, &guard);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, errbuf);
    SET(CURLOPT_CONNECTTIMEOUT_MS,
        hook->connect_timeout_ms ? hook->connect_timeout_ms : DEFAULT_CONNECT_MS);
    SET(CURLOPT_TIMEOUT_MS, hook->timeout_ms ? hook->timeout_ms : DEFAULT_TIMEOUT_MS);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_POST, 1L);
    SET(CURLOPT_POSTFIELDS, json.ptr);
    SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)json.len);
    SET(CURLOPT_WRITEFUNCTION, drop_response);
    SET(CURLOPT_WRITEDATA, &sink);
#undef SET
    long code = 0;
    if (res == CURLE_OK) {
        res = curl_easy_perform(curl);
        (void)curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    }
    rc = classify(res, code, sink.over);
    if (rc && guard.refused) {
        rc = cvd_diag_set(diag, CVD_NOTIFY_EPERM,
                          "webhook refused: %s resolves to an internal address", hook->url);
    } else if (rc)
        cvd_diag_set(diag, rc, "webhook %s: %s (status %ld): %s",
                     rc == CVD_NOTIFY_ETEMP ? "failed for now" : "refused", curl_easy_strerror(res),
                     code, errbuf[0] ? errbuf : "no detail");
    if (status)
        *status = (struct cvd_notify_status){.code = code, .curl_result = (int)res};
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return rc;
oom:
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return cvd_diag_set(diag, CVD_ENOMEM, "out of memory");
}
