/* The notification transport against real servers: Debian's aiosmtpd as the SMTP relay
 * (tests/notify/smtp-server.py), a python http.server webhook receiver that checks signatures
 * on its own (tests/notify/webhook-server.py), and GnuPG for a throwaway recipient key. Needs
 * python3 with aiosmtpd and gpg; exits 77 (skipped) without them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <gpgme.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cvd/alloc.h"
#include "cvd/notify.h"

#define T_NOW   1795836145 /* 2026-11-28T03:22:25Z, a Saturday */
#define FROM    "cvd@hub.example.org"
#define TO      "bob@vendor.example"
#define URL     "https://hub.example.org/items/42"
#define SECRET  "0123456789abcdef0123456789abcdef"
#define SECRETS "SECRET-BODY-7f3a"

static char python[512]; /* a python3 that imports aiosmtpd */
static char dash_b[] = "-B";
static char scripts[1024]; /* tests/notify */
static char top[64];       /* this run's temporary directory */
static char maildir[128];  /* where the SMTP server drops messages */
static char keyhome[128];  /* GNUPGHOME with the recipient's secret keys */
static char fakehome[128]; /* HOME and GNUPGHOME while cvd composes: must stay empty */
static char gpgtmp[128];   /* tmpdir for cvd's private GNUPGHOMEs: must stay empty */
static char *bob_key;      /* armoured public key of bob (encryption subkey) */
static char *sig_key;      /* armoured public key of a sign-only key */
static char *two_keys;     /* armoured block holding two public keys */
static char *bob_secret;   /* armoured secret key of bob: never accepted as a recipient key */

struct server {
    pid_t pid;
    int port;
};
static struct server smtp;

/* ---- helpers ---- */

static int run(const char *fmt, ...) CVD_PRINTF(1, 2);
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd))
        return -1;
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The whole output of a shell command, NUL-terminated (malloc'd). */
static char *capture(const char *fmt, ...) CVD_PRINTF(1, 2);
static char *capture(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd))
        return NULL;
    FILE *f = popen(cmd, "r");
    if (f == NULL)
        return NULL;
    size_t cap = 65536;
    size_t len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    if (pclose(f) != 0 || buf == NULL || len == 0) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

static char *read_file(const char *path, size_t *ret_len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf == NULL)
        return NULL;
    buf[len] = '\0';
    if (ret_len)
        *ret_len = len;
    return buf;
}

/* Start a python script; its first line of output is the port it listens on. */
static int start_server(struct server *s, char *const argv[])
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char line[32];
    size_t len = 0;
    while (len < sizeof(line) - 1) {
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        if (poll(&p, 1, 15000) <= 0)
            break;
        ssize_t n = read(fds[0], line + len, 1);
        if (n <= 0 || line[len] == '\n')
            break;
        len++;
    }
    close(fds[0]);
    line[len] = '\0';
    int port = 0;
    for (size_t i = 0; i < len && line[i] >= '0' && line[i] <= '9'; i++)
        port = port * 10 + (line[i] - '0');
    if (port <= 0 || port > 65535) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    s->pid = pid;
    s->port = port;
    return 0;
}

static void stop_server(struct server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    s->pid = 0;
}

static int start_smtp(int port)
{
    char script[1100];
    char portarg[16];
    snprintf(script, sizeof(script), "%s/smtp-server.py", scripts);
    snprintf(portarg, sizeof(portarg), "%d", port);
    char *argv[] = {python, dash_b, script, maildir, portarg, NULL};
    return start_server(&smtp, argv);
}

static int count_mail(void)
{
    DIR *d = opendir(maildir);
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0)
            n++;
    }
    closedir(d);
    return n;
}

static bool dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return false;
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = false;
    }
    closedir(d);
    return empty;
}

/* Take the one delivered message out of the maildir (asserts there is exactly one). */
static char *take_mail(char *env, size_t env_cap)
{
    DIR *d = opendir(maildir);
    assert_non_null(d);
    char name[512] = "";
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0) {
            snprintf(name, sizeof(name), "%s/%s", maildir, e->d_name);
            n++;
        }
    }
    closedir(d);
    assert_int_equal(n, 1);
    char *mail = read_file(name, NULL);
    assert_non_null(mail);
    unlink(name);
    memcpy(name + strlen(name) - 4, ".env", 4);
    char *envelope = read_file(name, NULL);
    assert_non_null(envelope);
    snprintf(env, env_cap, "%s", envelope);
    free(envelope);
    unlink(name);
    return mail;
}

/* The value of the first header called name (unfolded, without the name), or NULL. */
static char *header(const char *msg, const char *name)
{
    const char *end = strstr(msg, "\r\n\r\n");
    assert_non_null(end);
    size_t nl = strlen(name);
    for (const char *p = msg; p < end;) {
        const char *eol = strstr(p, "\r\n");
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            char *out = calloc(1, (size_t)(end - v) + 1);
            size_t o = 0;
            for (const char *q = v; q < end; q++) {
                if (q[0] == '\r' && q[1] == '\n') {
                    if (q[2] != ' ' && q[2] != '\t')
                        break;
                    q += 2; /* unfold: keep the white space */
                }
                out[o++] = *q;
            }
            return out;
        }
        p = eol + 2;
    }
    return NULL;
}

static const char *body_of(const char *msg)
{
    const char *p = strstr(msg, "\r\n\r\n");
    assert_non_null(p);
    return p + 4;
}

/* Decode base64 (lines of it, CRLF ignored) into a NUL-terminated malloc'd string. */
static char *unbase64(const char *b64, size_t len)
{
    unsigned char *out = malloc(len + 1);
    size_t n = 0;
    assert_int_equal(
        sodium_base642bin(out, len, b64, len, "\r\n", &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    out[n] = '\0';
    return (char *)out;
}

/* Every line ends in CRLF and holds at most 998 bytes; no NUL, no bare CR or LF. */
static void assert_wire_format(const char *msg, size_t len)
{
    size_t line = 0;
    for (size_t i = 0; i < len; i++) {
        assert_true(msg[i] != '\0');
        if (msg[i] == '\r') {
            assert_true(i + 1 < len && msg[i + 1] == '\n');
            i++;
            line = 0;
            continue;
        }
        assert_true(msg[i] != '\n');
        assert_true(++line <= 998);
    }
    assert_true(len >= 2 && msg[len - 2] == '\r' && msg[len - 1] == '\n');
}

/* Decrypt the PGP/MIME message msg with bob's secret key; returns the inner MIME entity. */
static char *decrypt_mail(const char *msg)
{
    const char *begin = strstr(msg, "-----BEGIN PGP MESSAGE-----");
    const char *end = strstr(msg, "-----END PGP MESSAGE-----");
    assert_non_null(begin);
    assert_non_null(end);
    end += strlen("-----END PGP MESSAGE-----");
    gpgme_ctx_t ctx;
    assert_int_equal(gpgme_new(&ctx), 0);
    assert_int_equal(gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, keyhome), 0);
    gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
    gpgme_data_t in, out;
    assert_int_equal(gpgme_data_new_from_mem(&in, begin, (size_t)(end - begin), 0), 0);
    assert_int_equal(gpgme_data_new(&out), 0);
    gpgme_error_t err = gpgme_op_decrypt(ctx, in, out);
    assert_int_equal(err, 0);
    size_t n = 0;
    char *mem = gpgme_data_release_and_get_mem(out, &n);
    char *plain = malloc(n + 1);
    memcpy(plain, mem, n);
    plain[n] = '\0';
    gpgme_free(mem);
    gpgme_data_release(in);
    gpgme_release(ctx);
    return plain;
}

/* The text of a text/plain base64 entity (headers, blank line, base64). */
static char *entity_text(const char *entity)
{
    char *ct = header(entity, "Content-Type");
    assert_non_null(ct);
    assert_string_equal(ct, "text/plain; charset=utf-8");
    free(ct);
    char *cte = header(entity, "Content-Transfer-Encoding");
    assert_string_equal(cte, "base64");
    free(cte);
    const char *b = body_of(entity);
    return unbase64(b, strlen(b));
}

static struct cvd_notify_mail amber_mail(void)
{
    return (struct cvd_notify_mail){
        .from = CVD_STR(FROM),
        .to = CVD_STR(TO),
        .tlp = CVD_TLP_AMBER,
        .subject = CVD_STR("New message in case CASE-2026-0007"),
        .body = CVD_STR("The vendor replied:\n" SECRETS "\nwith a patch.\n"),
        .url = CVD_STR(URL),
        .tmpdir = gpgtmp,
    };
}

static struct cvd_notify_smtp relay(void)
{
    static char url[64];
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", smtp.port);
    return (struct cvd_notify_smtp){.url = url, .connect_timeout_ms = 3000, .timeout_ms = 10000};
}

/* ---- addresses and composition, no server ---- */

static void test_addresses(void **state)
{
    (void)state;
    static const char *const good[] = {
        "a@b",
        "bob@vendor.example",
        "first.last+tag@sub.example-host.org",
        "!#$%&'*+-/=?^_`{|}~@x.y",
        "x@a123456789012345678901234567890123456789012345678901234567890bc.d",
    };
    static const char *const bad[] = {
        "",
        "bob",
        "@example.org",
        "bob@",
        "bob@@example.org",
        ".bob@example.org",
        "bob.@example.org",
        "bo..b@example.org",
        "\"bob\"@example.org",
        "Bob <bob@example.org>",
        "bob@example.org>",
        "bob @example.org",
        "bob@example.org\r\nBcc: eve@evil.example",
        "bob@example.org\n",
        "bob@exa mple.org",
        "bob@-example.org",
        "bob@example-.org",
        "bob@example..org",
        "bob@example.org.",
        "bob@[127.0.0.1]",
        "bob@ex_ample.org",
        "b\xc3\xb6"
        "b@example.org",
        "bob@b\xc3\xbc"
        "cher.example",
        "x@a1234567890123456789012345678901234567890123456789012345678901234.d",
        "a12345678901234567890123456789012345678901234567890123456789012345@example.org",
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(good); i++) {
        if (!cvd_notify_addr_is_valid(cvd_str_from_cstr(good[i])))
            fail_msg("should be valid: '%s'", good[i]);
    }
    for (size_t i = 0; i < CVD_ARRAY_LEN(bad); i++) {
        if (cvd_notify_addr_is_valid(cvd_str_from_cstr(bad[i])))
            fail_msg("should be invalid: '%s'", bad[i]);
    }
    assert_false(cvd_notify_addr_is_valid((struct cvd_str){"a@b\0c", 5}));
    char longest[300];
    memset(longest, 'a', sizeof(longest));
    memcpy(longest, "x@", 2);
    for (size_t i = 2 + 63; i < sizeof(longest); i += 64)
        longest[i] = '.';
    assert_true(cvd_notify_addr_is_valid((struct cvd_str){longest, 254}));
    assert_false(cvd_notify_addr_is_valid((struct cvd_str){longest, 255}));
}

static void test_compose_plain(void **state)
{
    (void)state;
    struct cvd_clock clock = cvd_clock_fixed(T_NOW);
    struct cvd_notify_mail m = amber_mail();
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_notify_compose(&m, &clock, &out, &diag), 0);
    assert_wire_format(out.ptr, out.len);

    char *v = header(out.ptr, "Date");
    assert_string_equal(v, "Sat, 28 Nov 2026 03:22:25 +0000");
    free(v);
    v = header(out.ptr, "From");
    assert_string_equal(v, FROM);
    free(v);
    v = header(out.ptr, "To");
    assert_string_equal(v, TO);
    free(v);
    v = header(out.ptr, "Subject");
    assert_string_equal(v, "[TLP:AMBER] New message in case CASE-2026-0007");
    free(v);
    v = header(out.ptr, "Message-ID");
    assert_int_equal(strlen(v), 1 + 32 + 1 + strlen("hub.example.org") + 1);
    assert_true(v[0] == '<' && strcmp(v + 33, "@hub.example.org>") == 0);
    free(v);
    v = header(out.ptr, "MIME-Version");
    assert_string_equal(v, "1.0");
    free(v);
    v = header(out.ptr, "X-CVD-TLP");
    assert_string_equal(v, "AMBER");
    free(v);

    char *text = entity_text(out.ptr);
    assert_string_equal(text, "TLP:AMBER\r\n\r\nThe vendor replied:\r\n" SECRETS
                              "\r\nwith a patch.\r\n\r\nOpen the item: " URL "\r\n");
    free(text);

    /* Message-IDs differ from one message to the next */
    struct cvd_buf again;
    cvd_buf_init(&again, 0);
    assert_int_equal(cvd_notify_compose(&m, &clock, &again, NULL), 0);
    char *id1 = header(out.ptr, "Message-ID");
    char *id2 = header(again.ptr, "Message-ID");
    assert_string_not_equal(id1, id2);
    free(id1);
    free(id2);
    cvd_buf_release(&again);
    cvd_buf_release(&out);
}

static void test_compose_labels(void **state)
{
    (void)state;
    static const struct {
        enum cvd_tlp tlp;
        const char *prefix;
    } rows[] = {
        {CVD_TLP_CLEAR, "[TLP:CLEAR] "}, {CVD_TLP_GREEN, "[TLP:GREEN] "},
        {CVD_TLP_AMBER, "[TLP:AMBER] "}, {CVD_TLP_AMBER_STRICT, "[TLP:AMBER+STRICT] "},
        {CVD_TLP_RED, "[TLP:RED] "},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_notify_mail m = amber_mail();
        m.tlp = rows[i].tlp;
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), 0);
        char *subject = header(out.ptr, "Subject");
        if (strncmp(subject, rows[i].prefix, strlen(rows[i].prefix)) != 0)
            fail_msg("row %zu: subject '%s' does not start with '%s'", i, subject, rows[i].prefix);
        char *text = entity_text(out.ptr);
        /* the label comes first in the body too (TLP-R06) */
        char first[32];
        snprintf(first, sizeof(first), "TLP:%s\r\n", cvd_tlp_name(rows[i].tlp));
        if (strncmp(text, first, strlen(first)) != 0)
            fail_msg("row %zu: body starts '%.20s'", i, text);
        free(subject);
        free(text);
        cvd_buf_release(&out);
    }
    struct cvd_notify_mail m = amber_mail();
    m.tlp = (enum cvd_tlp)99;
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), CVD_EINVAL);
    assert_int_equal(out.len, 0);
}

/* TLP:RED: neither the subject nor the body leaves the hub, only a pointer to the item. */
static void test_compose_red(void **state)
{
    (void)state;
    struct cvd_notify_mail m = amber_mail();
    m.tlp = CVD_TLP_RED;
    m.subject = CVD_STR("RED-SUBJECT-SECRET exploit for CASE-2026-0007");
    /* not even looked at: invalid UTF-8 and control characters are no reason to fail */
    m.body = CVD_STR(SECRETS "\x01\xff");
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), 0);
    assert_null(strstr(out.ptr, "RED-SUBJECT-SECRET"));
    assert_null(strstr(out.ptr, SECRETS));
    char *subject = header(out.ptr, "Subject");
    assert_string_equal(subject, "[TLP:RED] A TLP:RED item awaits you");
    char *text = entity_text(out.ptr);
    assert_string_equal(text, "TLP:RED\r\n\r\nA TLP:RED item awaits you: " URL "\r\n");
    free(subject);
    free(text);
    cvd_buf_release(&out);
}

/* Decode "=?UTF-8?B?...?=" words, each at most 75 characters. */
static char *decode_words(const char *v)
{
    char *out = calloc(1, strlen(v) + 1);
    size_t o = 0;
    const char *p = v;
    while (*p) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
        const char *end = strstr(p + 10, "?=");
        assert_non_null(end);
        assert_true(end + 2 - p <= 75);
        char *dec = unbase64(p + 10, (size_t)(end - p - 10));
        memcpy(out + o, dec, strlen(dec));
        o += strlen(dec);
        free(dec);
        p = end + 2;
    }
    return out;
}

static void test_compose_utf8_subject(void **state)
{
    (void)state;
    static const char *const subjects[] = {
        "Schwachstelle in der Anmeldung: Gro\xc3\x9f und \xc3\xbc"
        "berall",
        "\xe8\x84\x86\xe5\xbc\xb1\xe6\x80\xa7\xe3\x81\xae\xe5\xa0\xb1\xe5\x91\x8a "
        "\xe8\x84\x86\xe5\xbc\xb1\xe6\x80\xa7\xe3\x81\xae\xe5\xa0\xb1\xe5\x91\x8a "
        "\xe8\x84\x86\xe5\xbc\xb1\xe6\x80\xa7\xe3\x81\xae\xe5\xa0\xb1\xe5\x91\x8a "
        "\xf0\x9f\x94\x92\xf0\x9f\x94\x92\xf0\x9f\x94\x92\xf0\x9f\x94\x92",
        "looks like an encoded word =?UTF-8?B?QmNjOg==?=",
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(subjects); i++) {
        struct cvd_notify_mail m = amber_mail();
        m.subject = cvd_str_from_cstr(subjects[i]);
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), 0);
        assert_wire_format(out.ptr, out.len);
        char *v = header(out.ptr, "Subject");
        assert_int_equal(strncmp(v, "[TLP:AMBER] ", 12), 0);
        char *dec = decode_words(v + 12);
        assert_string_equal(dec, subjects[i]);
        free(dec);
        free(v);
        cvd_buf_release(&out);
    }
}

/* Header injection and hostile text: refused, and the output buffer is left as it was. */
static void test_compose_rejects(void **state)
{
    (void)state;
    static const struct {
        const char *field;
        const char *value;
        size_t len;
        int rc;
    } rows[] = {
#define ROW(f, v, rc) {f, v, sizeof(v) - 1, rc}
        ROW("subject", "hello\r\nBcc: eve@evil.example", CVD_EINVAL),
        ROW("subject", "hello\nBcc: eve@evil.example", CVD_EINVAL),
        ROW("subject", "hello\rworld", CVD_EINVAL),
        ROW("subject", "tab\there", CVD_EINVAL),
        ROW("subject", "nul\0here", CVD_EINVAL),
        ROW("subject", "bad \xff utf-8", CVD_EINVAL),
        ROW("subject", "overlong \xc0\xaf", CVD_EINVAL),
        ROW("subject", "C1 \xc2\x85 next line", CVD_EINVAL),
        ROW("subject", "line \xe2\x80\xa8 separator", CVD_EINVAL),
        ROW("body", "nul\0byte", CVD_EINVAL),
        ROW("body", "escape \x1b[31m", CVD_EINVAL),
        ROW("body", "bad \xed\xa0\x80 surrogate", CVD_EINVAL),
        ROW("from", "cvd@hub.example.org\r\nBcc: eve@evil.example", CVD_EINVAL),
        ROW("from", "Hub <cvd@hub.example.org>", CVD_EINVAL),
        ROW("to", "bob@vendor.example\nBcc: eve@evil.example", CVD_EINVAL),
        ROW("to", "bob@vendor.example, eve@evil.example", CVD_EINVAL),
        ROW("url", "", CVD_EINVAL),
        ROW("url", "javascript:alert(1)", CVD_EINVAL),
        ROW("url", "https://hub.example.org/x\r\nBcc: eve@evil.example", CVD_EINVAL),
        ROW("url", "https://hub.example.org/a b", CVD_EINVAL),
        ROW("url", "https://hub.example.org/<x>", CVD_EINVAL),
        ROW("url", "https:///path", CVD_EINVAL),
        ROW("key", "not a key", CVD_EINVAL),
        ROW("key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n", CVD_EINVAL),
#undef ROW
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct cvd_notify_mail m = amber_mail();
        struct cvd_str v = {rows[i].value, rows[i].len};
        if (strcmp(rows[i].field, "subject") == 0)
            m.subject = v;
        else if (strcmp(rows[i].field, "body") == 0)
            m.body = v;
        else if (strcmp(rows[i].field, "from") == 0)
            m.from = v;
        else if (strcmp(rows[i].field, "to") == 0)
            m.to = v;
        else if (strcmp(rows[i].field, "url") == 0)
            m.url = v;
        else
            m.recipient_key = v;
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        assert_int_equal(cvd_buf_add_cstr(&out, "before"), 0);
        struct cvd_diag diag = {0};
        int rc = cvd_notify_compose(&m, NULL, &out, &diag);
        if (rc != rows[i].rc)
            fail_msg("row %zu (%s): got %s, want %s", i, rows[i].field, cvd_err_name(rc),
                     cvd_err_name(rows[i].rc));
        assert_int_equal(strncmp(diag.msg, rows[i].field, strlen(rows[i].field)) == 0 ||
                             strcmp(rows[i].field, "key") == 0,
                         1);
        assert_string_equal(out.ptr, "before");
        cvd_buf_release(&out);
    }

    /* sizes */
    struct cvd_notify_mail m = amber_mail();
    char *big = malloc(CVD_NOTIFY_BODY_MAX + 1);
    memset(big, 'a', CVD_NOTIFY_BODY_MAX + 1);
    m.subject = (struct cvd_str){big, CVD_NOTIFY_SUBJECT_MAX + 1};
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), CVD_ELIMIT);
    m = amber_mail();
    m.body = (struct cvd_str){big, CVD_NOTIFY_BODY_MAX + 1};
    assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), CVD_ELIMIT);
    m.body = (struct cvd_str){big, CVD_NOTIFY_BODY_MAX}; /* one line of 1 MiB: base64 copes */
    assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), 0);
    assert_wire_format(out.ptr, out.len);
    cvd_buf_release(&out);
    /* an output buffer too small is ELIMIT, and left as it was */
    cvd_buf_init(&out, 100);
    m = amber_mail();
    assert_int_equal(cvd_notify_compose(&m, NULL, &out, NULL), CVD_ELIMIT);
    assert_int_equal(out.len, 0);
    cvd_buf_release(&out);
    free(big);
}

/* Out of memory anywhere while composing: CVD_ENOMEM and nothing written, nothing leaked. */
static void test_compose_oom(void **state)
{
    (void)state;
    struct cvd_notify_mail m = amber_mail();
    for (long n = 1; n < 200; n++) {
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        cvd_alloc_fail_at(n);
        int rc = cvd_notify_compose(&m, NULL, &out, NULL);
        cvd_alloc_fail_at(0);
        if (rc == 0) {
            cvd_buf_release(&out);
            return;
        }
        assert_int_equal(rc, CVD_ENOMEM);
        assert_int_equal(out.len, 0);
        cvd_buf_release(&out);
    }
    fail_msg("compose never succeeded");
}

/* ---- OpenPGP ---- */

static void test_encrypted_roundtrip(void **state)
{
    (void)state;
    struct cvd_notify_mail m = amber_mail();
    m.recipient_key = cvd_str_from_cstr(bob_key);
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    struct cvd_diag diag = {0};
    int rc = cvd_notify_compose(&m, NULL, &out, &diag);
    if (rc)
        fail_msg("compose: %s", diag.msg);
    assert_wire_format(out.ptr, out.len);
    /* cvd's own GNUPGHOME is gone, the user's (HOME, GNUPGHOME) was never touched */
    assert_true(dir_is_empty(gpgtmp));
    assert_true(dir_is_empty(fakehome));

    char *ct = header(out.ptr, "Content-Type");
    assert_non_null(strstr(ct, "multipart/encrypted; protocol=\"application/pgp-encrypted\";"));
    const char *b = strstr(ct, "boundary=\"");
    assert_non_null(b);
    char boundary[80];
    snprintf(boundary, sizeof(boundary), "\r\n--%.*s", (int)strcspn(b + 10, "\""), b + 10);
    free(ct);
    /* the RFC 3156 layout: version part, then the encrypted part */
    const char *p1 = strstr(out.ptr, boundary);
    assert_non_null(p1);
    assert_non_null(strstr(p1, "Content-Type: application/pgp-encrypted\r\n"));
    assert_non_null(strstr(p1, "\r\n\r\nVersion: 1\r\n"));
    assert_non_null(strstr(p1, "Content-Type: application/octet-stream"));
    /* the text is nowhere in clear, and no text/plain part is outside the encryption */
    assert_null(strstr(out.ptr, SECRETS));
    assert_null(strstr(out.ptr, "text/plain"));
    assert_null(strstr(out.ptr, "The vendor"));
    char *subject = header(out.ptr, "Subject");
    assert_string_equal(subject, "[TLP:AMBER] New message in case CASE-2026-0007");
    free(subject);

    char *inner = decrypt_mail(out.ptr);
    char *text = entity_text(inner);
    assert_string_equal(text, "TLP:AMBER\r\n\r\nThe vendor replied:\r\n" SECRETS
                              "\r\nwith a patch.\r\n\r\nOpen the item: " URL "\r\n");
    free(text);
    free(inner);
    cvd_buf_release(&out);
}

/* Fail closed: with a key that cannot be used, nothing is composed and nothing is sent. */
static void test_encryption_fails_closed(void **state)
{
    (void)state;
    char garbled[8192];
    snprintf(garbled, sizeof(garbled), "%s", bob_key);
    char *mid = strchr(garbled + 200, '\n');
    assert_non_null(mid);
    memcpy(mid + 1, "AAAAAAAAAAAAAAAAAAAA", 20);
    const char *const keys[] = {sig_key, two_keys, bob_secret, garbled,
                                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64\n"
                                "-----END PGP PUBLIC KEY BLOCK-----\n"};
    struct cvd_notify_smtp r = relay();
    for (size_t i = 0; i < CVD_ARRAY_LEN(keys); i++) {
        int before = count_mail();
        struct cvd_notify_mail m = amber_mail();
        m.recipient_key = cvd_str_from_cstr(keys[i]);
        struct cvd_buf out;
        cvd_buf_init(&out, 0);
        struct cvd_diag diag = {0};
        int rc = cvd_notify_compose(&m, NULL, &out, &diag);
        if (rc == 0)
            fail_msg("key %zu was accepted", i);
        if (rc != CVD_EINVAL)
            fail_msg("key %zu: %s: %s", i, cvd_err_name(rc), diag.msg);
        assert_int_equal(out.len, 0);
        assert_null(out.ptr);
        rc = cvd_notify_send_mail(&r, &m, NULL, NULL, &diag);
        assert_int_equal(rc, CVD_EINVAL);
        assert_int_equal(count_mail(), before);
        assert_true(dir_is_empty(gpgtmp));
    }
}

/* ---- SMTP, against aiosmtpd ---- */

static void test_smtp_delivery(void **state)
{
    (void)state;
    struct cvd_notify_smtp r = relay();
    struct cvd_notify_mail m = amber_mail();
    struct cvd_notify_status st;
    struct cvd_diag diag = {0};
    int rc = cvd_notify_send_mail(&r, &m, NULL, &st, &diag);
    if (rc)
        fail_msg("send: %s", diag.msg);
    assert_int_equal(st.code, 250);
    char env[512];
    char *mail = take_mail(env, sizeof(env));
    assert_string_equal(env, FROM "\n" TO "\n");
    char *subject = header(mail, "Subject");
    assert_string_equal(subject, "[TLP:AMBER] New message in case CASE-2026-0007");
    char *text = entity_text(mail);
    assert_int_equal(strncmp(text, "TLP:AMBER\r\n", 11), 0);
    assert_non_null(strstr(text, SECRETS));
    free(subject);
    free(text);
    free(mail);

    /* RED through the real relay: the delivered bytes hold none of the item */
    m.tlp = CVD_TLP_RED;
    m.subject = CVD_STR("RED-SUBJECT-SECRET");
    assert_int_equal(cvd_notify_send_mail(&r, &m, NULL, NULL, NULL), 0);
    mail = take_mail(env, sizeof(env));
    assert_null(strstr(mail, SECRETS));
    assert_null(strstr(mail, "RED-SUBJECT-SECRET"));
    text = entity_text(mail);
    assert_string_equal(text, "TLP:RED\r\n\r\nA TLP:RED item awaits you: " URL "\r\n");
    subject = header(mail, "Subject");
    assert_string_equal(subject, "[TLP:RED] A TLP:RED item awaits you");
    free(subject);
    free(text);
    free(mail);

    /* RED and encrypted: still only the pointer inside */
    m.recipient_key = cvd_str_from_cstr(bob_key);
    assert_int_equal(cvd_notify_send_mail(&r, &m, NULL, NULL, NULL), 0);
    mail = take_mail(env, sizeof(env));
    char *inner = decrypt_mail(mail);
    text = entity_text(inner);
    assert_string_equal(text, "TLP:RED\r\n\r\nA TLP:RED item awaits you: " URL "\r\n");
    free(text);
    free(inner);
    free(mail);
}

static void test_smtp_encrypted_delivery(void **state)
{
    (void)state;
    struct cvd_notify_smtp r = relay();
    struct cvd_notify_mail m = amber_mail();
    m.tlp = CVD_TLP_AMBER_STRICT;
    m.recipient_key = cvd_str_from_cstr(bob_key);
    struct cvd_diag diag = {0};
    int rc = cvd_notify_send_mail(&r, &m, NULL, NULL, &diag);
    if (rc)
        fail_msg("send: %s", diag.msg);
    char env[512];
    char *mail = take_mail(env, sizeof(env));
    assert_null(strstr(mail, SECRETS));
    char *subject = header(mail, "Subject");
    assert_int_equal(strncmp(subject, "[TLP:AMBER+STRICT] ", 19), 0);
    char *inner = decrypt_mail(mail);
    char *text = entity_text(inner);
    assert_int_equal(strncmp(text, "TLP:AMBER+STRICT\r\n\r\n", 20), 0);
    assert_non_null(strstr(text, SECRETS));
    free(text);
    free(inner);
    free(subject);
    free(mail);
}

static void test_smtp_reply_codes(void **state)
{
    (void)state;
    struct cvd_notify_smtp r = relay();
    struct cvd_notify_mail m = amber_mail();
    struct cvd_notify_status st;
    struct cvd_diag diag = {0};
    m.to = CVD_STR("tempfail@vendor.example");
    int rc = cvd_notify_send_mail(&r, &m, NULL, &st, &diag);
    assert_int_equal(rc, CVD_NOTIFY_ETEMP);
    assert_true(cvd_notify_is_temporary(rc));
    assert_int_equal(st.code, 451);
    m.to = CVD_STR("reject@vendor.example");
    rc = cvd_notify_send_mail(&r, &m, NULL, &st, &diag);
    assert_int_equal(rc, CVD_NOTIFY_EPERM);
    assert_false(cvd_notify_is_temporary(rc));
    assert_int_equal(st.code, 550);
    assert_int_equal(count_mail(), 0);
}

/* The relay goes away mid-run: a temporary failure; back on the same port: delivered. */
static void test_smtp_restart(void **state)
{
    (void)state;
    int port = smtp.port;
    stop_server(&smtp);
    struct cvd_notify_smtp r = relay();
    struct cvd_notify_mail m = amber_mail();
    struct cvd_notify_status st;
    struct cvd_diag diag = {0};
    int rc = cvd_notify_send_mail(&r, &m, NULL, &st, &diag);
    assert_int_equal(rc, CVD_NOTIFY_ETEMP);
    assert_int_equal(st.code, 0);
    assert_int_not_equal(st.curl_result, 0);
    assert_non_null(strstr(diag.msg, "failed for now"));
    assert_int_equal(start_smtp(port), 0);
    assert_int_equal(smtp.port, port);
    rc = cvd_notify_send_mail(&r, &m, NULL, &st, &diag);
    if (rc)
        fail_msg("send after restart: %s", diag.msg);
    char env[512];
    free(take_mail(env, sizeof(env)));
}

/* A relay that accepts the connection and never says a word: a timeout, temporary. */
static void test_smtp_timeout(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(fd, 4), 0);
    socklen_t alen = sizeof(a);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    char url[64];
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    struct cvd_notify_smtp r = {.url = url, .connect_timeout_ms = 1000, .timeout_ms = 700};
    struct cvd_notify_mail m = amber_mail();
    struct cvd_notify_status st;
    int rc = cvd_notify_send_mail(&r, &m, NULL, &st, NULL);
    assert_int_equal(rc, CVD_NOTIFY_ETEMP);
    assert_int_equal(st.curl_result, 28); /* CURLE_OPERATION_TIMEDOUT */
    close(fd);
}

static void test_smtp_send_checks(void **state)
{
    (void)state;
    struct cvd_notify_smtp r = relay();
    struct cvd_str from = CVD_STR(FROM);
    struct cvd_str to = CVD_STR(TO);
    static const char *const bad_msgs[] = {
        "Subject: x\r\n\r\nbare LF\nhere\r\n",
        "Subject: x\r\n\r\nbare CR\rhere\r\n",
        "",
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(bad_msgs); i++) {
        struct cvd_str msg = cvd_str_from_cstr(bad_msgs[i]);
        assert_int_equal(cvd_notify_smtp_send(&r, from, to, msg, NULL, NULL), CVD_EINVAL);
    }
    assert_int_equal(
        cvd_notify_smtp_send(&r, from, to, (struct cvd_str){"a\0b\r\n", 5}, NULL, NULL),
        CVD_EINVAL);
    char line[1200];
    memset(line, 'x', sizeof(line));
    memcpy(line + sizeof(line) - 2, "\r\n", 2);
    assert_int_equal(
        cvd_notify_smtp_send(&r, from, to, (struct cvd_str){line, sizeof(line)}, NULL, NULL),
        CVD_EINVAL);
    struct cvd_str ok = CVD_STR("Subject: x\r\n\r\nhello\r\n");
    assert_int_equal(
        cvd_notify_smtp_send(&r, CVD_STR("a@b\r\nRCPT TO:<eve@evil.example>"), to, ok, NULL, NULL),
        CVD_EINVAL);
    assert_int_equal(cvd_notify_smtp_send(&r, from, CVD_STR("<eve@evil.example>"), ok, NULL, NULL),
                     CVD_EINVAL);
    static const char *const bad_urls[] = {"http://127.0.0.1:25", "file:///etc/passwd",
                                           "smtp://127.0.0.1:25/\r\nQUIT", "smtp://a b"};
    for (size_t i = 0; i < CVD_ARRAY_LEN(bad_urls); i++) {
        struct cvd_notify_smtp bad = {.url = bad_urls[i]};
        assert_int_equal(cvd_notify_smtp_send(&bad, from, to, ok, NULL, NULL), CVD_EINVAL);
    }
    assert_int_equal(cvd_notify_smtp_send(NULL, from, to, ok, NULL, NULL), CVD_EINVAL);
    assert_int_equal(count_mail(), 0);
    /* a message given by the caller goes through as is */
    assert_int_equal(cvd_notify_smtp_send(&r, from, to, ok, NULL, NULL), 0);
    char env[512];
    char *mail = take_mail(env, sizeof(env));
    assert_string_equal(mail, "Subject: x\r\n\r\nhello\r\n");
    free(mail);
    /* lines starting with a dot arrive intact (curl stuffs them, the server unstuffs) */
    struct cvd_str dots = CVD_STR("Subject: x\r\n\r\n.\r\n..two\r\n.three\r\n");
    assert_int_equal(cvd_notify_smtp_send(&r, from, to, dots, NULL, NULL), 0);
    mail = take_mail(env, sizeof(env));
    assert_string_equal(mail, dots.ptr);
    free(mail);
}

/* ---- webhooks ---- */

static void test_webhook_sign_verify(void **state)
{
    (void)state;
    const unsigned char *key = (const unsigned char *)SECRET;
    size_t klen = strlen(SECRET);
    struct cvd_str body = CVD_STR("{\"event\":\"test\"}");
    char sig[CVD_NOTIFY_SIG_LEN];
    assert_int_equal(cvd_notify_webhook_sign(key, klen, 1795000000, body, sig), 0);
    /* the value Python's hmac module computes for the same input */
    assert_string_equal(sig, "t=1795000000,v1="
                             "b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5");
    struct cvd_str h = cvd_str_from_cstr(sig);
    struct cvd_diag diag = {0};
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, body, 1795000000, 300, &diag), 0);
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, body, 1795000300, 300, NULL), 0);
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, body, 1794999700, 300, NULL), 0);
    /* stale, and from the future */
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, body, 1795000301, 300, &diag),
                     CVD_ERANGE);
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, body, 1794999699, 300, NULL),
                     CVD_ERANGE);
    /* tampered body, wrong secret */
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, CVD_STR("{\"event\":\"tesT\"}"),
                                               1795000000, 300, &diag),
                     CVD_EAUTH);
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, CVD_STR("{\"event\":\"test\"} "),
                                               1795000000, 300, NULL),
                     CVD_EAUTH);
    assert_int_equal(
        cvd_notify_webhook_verify((const unsigned char *)"0123456789abcdef0123456789abcdeF", klen,
                                  h, body, 1795000000, 300, NULL),
        CVD_EAUTH);
    /* the timestamp is signed: moving it breaks the signature */
    char moved[CVD_NOTIFY_SIG_LEN];
    snprintf(moved, sizeof(moved), "t=1795000001%s", sig + strlen("t=1795000000"));
    assert_int_equal(
        cvd_notify_webhook_verify(key, klen, cvd_str_from_cstr(moved), body, 1795000000, 300, NULL),
        CVD_EAUTH);
    /* rotation: an old and a new signature, one matching is enough */
    char two[256];
    snprintf(two, sizeof(two), "t=1795000000,v1=%064d,%s", 0, sig + strlen("t=1795000000,"));
    assert_int_equal(
        cvd_notify_webhook_verify(key, klen, cvd_str_from_cstr(two), body, 1795000000, 300, NULL),
        0);
    /* malformed */
    static const char *const bad[] = {
        "",
        "v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
        "t=,v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
        "t=-1,v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
        "t=01795000000,v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
        "t=1795000000",
        "t=1795000000,",
        "t=1795000000,v1=b87b2a1f",
        "t=1795000000,v1=B87B2A1F2532AE6CF5892B2F4DFD38CDC8C55B2745362BA143C5487A1E2FDCC5",
        "t=1795000000,v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5,",
        "t=1795000000,v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5x",
        "t=1795000000,v0=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
        "t=1795000000, v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
        "t=99999999999999999999,v1=b87b2a1f2532ae6cf5892b2f4dfd38cdc8c55b2745362ba143c5487a1e2fdcc5",
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(bad); i++) {
        int rc = cvd_notify_webhook_verify(key, klen, cvd_str_from_cstr(bad[i]), body, 1795000000,
                                           300, NULL);
        if (rc != CVD_EPARSE)
            fail_msg("row %zu '%s': %s", i, bad[i], cvd_err_name(rc));
    }
    char many[1024] = "t=1795000000";
    for (int i = 0; i < 9; i++)
        snprintf(many + strlen(many), sizeof(many) - strlen(many), ",%s",
                 sig + strlen("t=1795000000,"));
    assert_int_equal(
        cvd_notify_webhook_verify(key, klen, cvd_str_from_cstr(many), body, 1795000000, 300, NULL),
        CVD_EPARSE);
    /* bad secrets and arguments */
    assert_int_equal(cvd_notify_webhook_sign(key, CVD_NOTIFY_SECRET_MIN - 1, 1, body, sig),
                     CVD_EINVAL);
    assert_int_equal(cvd_notify_webhook_sign(key, klen, -1, body, sig), CVD_EINVAL);
    assert_int_equal(cvd_notify_webhook_verify(key, 3, h, body, 1795000000, 300, NULL), CVD_EINVAL);
    assert_int_equal(cvd_notify_webhook_verify(key, klen, h, body, 1795000000, -1, NULL),
                     CVD_EINVAL);
    /* an empty body signs fine */
    assert_int_equal(cvd_notify_webhook_sign(key, klen, 0, CVD_STR(""), sig), 0);
    assert_int_equal(
        cvd_notify_webhook_verify(key, klen, cvd_str_from_cstr(sig), CVD_STR(""), 5, 10, NULL), 0);
}

static int count_lines(const char *path)
{
    char *s = read_file(path, NULL);
    if (s == NULL)
        return 0;
    int n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '\n';
    free(s);
    return n;
}

/* Every range a webhook must not reach, at both edges, against public neighbours. */
static void test_internal_addresses(void **state)
{
    (void)state;
    static const struct {
        const char *ip;
        bool internal;
    } rows[] = {
        {"0.0.0.0", true},
        {"10.0.0.1", true},
        {"10.255.255.255", true},
        {"11.0.0.0", false},
        {"100.63.255.255", false},
        {"100.64.0.0", true},
        {"100.127.255.255", true},
        {"100.128.0.0", false},
        {"127.0.0.1", true},
        {"127.255.255.254", true},
        {"169.254.169.254", true},
        {"172.15.255.255", false},
        {"172.16.0.1", true},
        {"172.31.255.255", true},
        {"172.32.0.0", false},
        {"192.0.0.8", true},
        {"192.168.1.1", true},
        {"198.18.0.1", true},
        {"198.20.0.0", false},
        {"224.0.0.1", true},
        {"255.255.255.255", true},
        {"8.8.8.8", false},
        {"93.184.216.34", false},
        {"::", true},
        {"::1", true},
        {"::ffff:127.0.0.1", true},
        {"::ffff:10.1.2.3", true},
        {"::ffff:8.8.8.8", false},
        {"64:ff9b::a00:1", true},
        {"64:ff9b::808:808", false},
        {"fc00::1", true},
        {"fd12:3456::1", true},
        {"fe80::1", true},
        {"fec0::1", true},
        {"ff02::1", true},
        {"2001:db8::1", true},
        {"2001:4860:4860::8888", false},
        {"2a00:1450::1", false},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        struct sockaddr_storage ss;
        memset(&ss, 0, sizeof(ss));
        if (strchr(rows[i].ip, ':')) {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)&ss;
            in6->sin6_family = AF_INET6;
            assert_int_equal(inet_pton(AF_INET6, rows[i].ip, &in6->sin6_addr), 1);
        } else {
            struct sockaddr_in *in = (struct sockaddr_in *)(void *)&ss;
            in->sin_family = AF_INET;
            assert_int_equal(inet_pton(AF_INET, rows[i].ip, &in->sin_addr), 1);
        }
        if (cvd_notify_address_is_internal((struct sockaddr *)(void *)&ss) != rows[i].internal)
            fail_msg("%s: expected %s", rows[i].ip, rows[i].internal ? "internal" : "public");
    }
    struct sockaddr unix_like = {.sa_family = AF_UNIX};
    assert_true(cvd_notify_address_is_internal(&unix_like));
    assert_true(cvd_notify_address_is_internal(NULL));
}

static void test_webhook_post(void **state)
{
    (void)state;
    char script[1100];
    char log[160];
    char hex[2 * sizeof(SECRET)];
    snprintf(script, sizeof(script), "%s/webhook-server.py", scripts);
    snprintf(log, sizeof(log), "%s/webhook.log", top);
    sodium_bin2hex(hex, sizeof(hex), (const unsigned char *)SECRET, strlen(SECRET));
    char *argv[] = {python, dash_b, script, hex, log, NULL};
    struct server hook;
    assert_int_equal(start_server(&hook, argv), 0);

    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", hook.port);
    struct cvd_notify_webhook w = {.url = url,
                                   .secret = (const unsigned char *)SECRET,
                                   .secret_len = strlen(SECRET),
                                   .timeout_ms = 10000,
                                   .allow_internal = true};
    struct cvd_str json = CVD_STR("{\"event\":\"case.message\",\"tlp\":\"AMBER\"}");
    struct cvd_notify_status st;
    struct cvd_diag diag = {0};
    int rc = cvd_notify_webhook_post(&w, NULL, json, &st, &diag);
    if (rc)
        fail_msg("post: %s", diag.msg);
    assert_int_equal(st.code, 204);
    char *lines = read_file(log, NULL);
    assert_non_null(lines);
    assert_int_equal(strncmp(lines, "/hook valid application/json t=", 31), 0);
    /* and cvd's own check agrees with the receiver's */
    char *sig = lines + strlen("/hook valid application/json ");
    sig[strcspn(sig, "\n")] = '\0';
    assert_int_equal(cvd_notify_webhook_verify(w.secret, w.secret_len, cvd_str_from_cstr(sig), json,
                                               cvd_clock_now(NULL), 300, NULL),
                     0);
    free(lines);

    /* a stale clock: the receiver refuses (401), permanent */
    struct cvd_clock old = cvd_clock_fixed(1000000000);
    rc = cvd_notify_webhook_post(&w, &old, json, &st, NULL);
    assert_int_equal(rc, CVD_NOTIFY_EPERM);
    assert_int_equal(st.code, 401);

    static const struct {
        int status;
        int rc;
    } rows[] = {
        {200, 0},
        {202, 0},
        {302, CVD_NOTIFY_EPERM},
        {400, CVD_NOTIFY_EPERM},
        {404, CVD_NOTIFY_EPERM},
        {408, CVD_NOTIFY_ETEMP},
        {429, CVD_NOTIFY_ETEMP},
        {500, CVD_NOTIFY_ETEMP},
        {503, CVD_NOTIFY_ETEMP},
    };
    for (size_t i = 0; i < CVD_ARRAY_LEN(rows); i++) {
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/status/%d", hook.port, rows[i].status);
        rc = cvd_notify_webhook_post(&w, NULL, json, &st, NULL);
        if (rc != rows[i].rc || st.code != rows[i].status)
            fail_msg("status %d: got %s (%ld)", rows[i].status, cvd_err_name(rc), st.code);
    }

    /* refused before anything is sent: bad JSON, bad URL, weak secret */
    int before = count_lines(log);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", hook.port);
    assert_int_equal(cvd_notify_webhook_post(&w, NULL, CVD_STR("{\"a\":1,}"), NULL, NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_notify_webhook_post(&w, NULL, CVD_STR("{\"a\":1,\"a\":2}"), NULL, NULL),
                     CVD_EINVAL);
    assert_int_equal(cvd_notify_webhook_post(&w, NULL, CVD_STR(""), NULL, NULL), CVD_EINVAL);
    struct cvd_notify_webhook weak = w;
    weak.secret_len = 8;
    assert_int_equal(cvd_notify_webhook_post(&weak, NULL, json, NULL, NULL), CVD_EINVAL);
    struct cvd_notify_webhook bad = w;
    bad.url = "ftp://127.0.0.1/x";
    assert_int_equal(cvd_notify_webhook_post(&bad, NULL, json, NULL, NULL), CVD_EINVAL);
    bad.url = "http://127.0.0.1/x\r\nX-Evil: 1";
    assert_int_equal(cvd_notify_webhook_post(&bad, NULL, json, NULL, NULL), CVD_EINVAL);
    assert_int_equal(count_lines(log), before);

    /* without allow_internal the receiver on loopback is never reached (SSRF): permanent */
    struct cvd_notify_webhook outside = w;
    outside.allow_internal = false;
    struct cvd_diag refused = {0};
    assert_int_equal(cvd_notify_webhook_post(&outside, NULL, json, NULL, &refused),
                     CVD_NOTIFY_EPERM);
    assert_non_null(strstr(refused.msg, "internal address"));
    snprintf(url, sizeof(url), "http://localhost:%d/hook", hook.port);
    assert_int_equal(cvd_notify_webhook_post(&outside, NULL, json, NULL, NULL), CVD_NOTIFY_EPERM);
    assert_int_equal(count_lines(log), before);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", hook.port);

    /* the receiver is gone: temporary */
    stop_server(&hook);
    rc = cvd_notify_webhook_post(&w, NULL, json, &st, NULL);
    assert_int_equal(rc, CVD_NOTIFY_ETEMP);
    assert_int_equal(st.code, 0);
}

/* ---- setup ---- */

static bool have_tools(void)
{
    static const char *const pythons[] = {"/usr/bin/python3", "python3"};
    for (size_t i = 0; i < CVD_ARRAY_LEN(pythons) && python[0] == '\0'; i++) {
        if (run("'%s' -c 'import aiosmtpd' >/dev/null 2>&1", pythons[i]) != 0)
            continue;
        char *path = capture("command -v '%s'", pythons[i]);
        if (path == NULL)
            continue;
        path[strcspn(path, "\n")] = '\0';
        snprintf(python, sizeof(python), "%s", path);
        free(path);
    }
    if (python[0] != '/') {
        printf("test-notify: skipped: no python3 with aiosmtpd (apt-get install "
               "python3-aiosmtpd)\n");
        return false;
    }
    if (run("gpg --version >/dev/null 2>&1") != 0) {
        printf("test-notify: skipped: gpg missing (apt-get install gnupg)\n");
        return false;
    }
    return true;
}

static int setup(void **state)
{
    (void)state;
    const char *data = getenv("CVD_TEST_DATA");
    snprintf(scripts, sizeof(scripts), "%s/../notify", data ? data : "tests/data");
    snprintf(top, sizeof(top), "/tmp/cvd-notify-XXXXXX");
    if (mkdtemp(top) == NULL)
        return -1;
    snprintf(maildir, sizeof(maildir), "%s/mail", top);
    snprintf(keyhome, sizeof(keyhome), "%s/g", top);
    snprintf(fakehome, sizeof(fakehome), "%s/home", top);
    snprintf(gpgtmp, sizeof(gpgtmp), "%s/tmp", top);
    if (mkdir(maildir, 0700) || mkdir(keyhome, 0700) || mkdir(fakehome, 0700) ||
        mkdir(gpgtmp, 0700))
        return -1;
    /* throwaway keys: bob can decrypt; "sig" can only sign */
    if (run("gpg --homedir '%s' --batch --quiet --passphrase '' --quick-gen-key "
            "'Bob <bob@vendor.example>' future-default default never 2>/dev/null",
            keyhome) ||
        run("gpg --homedir '%s' --batch --quiet --passphrase '' --quick-gen-key "
            "'Sig <sig@vendor.example>' ed25519 sign never 2>/dev/null",
            keyhome))
        return -1;
    bob_key = capture("gpg --homedir '%s' --armor --export bob@vendor.example", keyhome);
    sig_key = capture("gpg --homedir '%s' --armor --export sig@vendor.example", keyhome);
    two_keys = capture("gpg --homedir '%s' --armor --export", keyhome);
    bob_secret = capture("gpg --homedir '%s' --batch --pinentry-mode loopback --passphrase '' "
                         "--armor --export-secret-keys bob@vendor.example",
                         keyhome);
    if (!bob_key || !sig_key || !two_keys || !bob_secret)
        return -1;
    /* while cvd composes, the user's keyring would be here: it must stay untouched */
    setenv("GNUPGHOME", fakehome, 1);
    setenv("HOME", fakehome, 1);
    if (cvd_notify_init() != 0)
        return -1;
    return start_smtp(0);
}

static int teardown(void **state)
{
    (void)state;
    stop_server(&smtp);
    (void)run("gpgconf --homedir '%s' --kill all >/dev/null 2>&1; rm -rf '%s'", keyhome, top);
    free(bob_key);
    free(sig_key);
    free(two_keys);
    free(bob_secret);
    return 0;
}

/* Each SMTP test starts with an empty maildir and a running server. */
static int before_each(void **state)
{
    (void)state;
    DIR *d = opendir(maildir);
    if (d == NULL)
        return -1;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", maildir, e->d_name);
        unlink(path);
    }
    closedir(d);
    return smtp.pid > 0 ? 0 : -1;
}

int main(void)
{
    if (!have_tools())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_compose_plain),
        cmocka_unit_test(test_compose_labels),
        cmocka_unit_test(test_compose_red),
        cmocka_unit_test(test_compose_utf8_subject),
        cmocka_unit_test(test_compose_rejects),
        cmocka_unit_test(test_compose_oom),
        cmocka_unit_test(test_encrypted_roundtrip),
        cmocka_unit_test_setup(test_encryption_fails_closed, before_each),
        cmocka_unit_test_setup(test_smtp_delivery, before_each),
        cmocka_unit_test_setup(test_smtp_encrypted_delivery, before_each),
        cmocka_unit_test_setup(test_smtp_reply_codes, before_each),
        cmocka_unit_test_setup(test_smtp_restart, before_each),
        cmocka_unit_test_setup(test_smtp_timeout, before_each),
        cmocka_unit_test_setup(test_smtp_send_checks, before_each),
        cmocka_unit_test(test_webhook_sign_verify),
        cmocka_unit_test(test_internal_addresses),
        cmocka_unit_test(test_webhook_post),
    };
    return cmocka_run_group_tests_name("notify", tests, setup, teardown);
}
