/* security.txt: every MANIFEST.tsv row at its fixed clock (verdict and codes mapped from the
 * DigitalTrustCenter column), the rules without corpus files, armour checks, limits,
 * allocation failures, GPGME verify/sign with throw-away keyrings, and the generator. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cvd/alloc.h"
#include "cvd/arena.h"
#include "cvd/securitytxt.h"

/* ---- helpers ---- */

static const char *data_dir(void)
{
    return getenv("CVD_TEST_DATA");
}

static char *read_all(const char *path, size_t *ret_len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, len = 0;
    char *p = malloc(cap);
    size_t n;
    while (p && (n = fread(p + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            p = realloc(p, cap);
        }
    }
    fclose(f);
    *ret_len = len;
    return p;
}

static char *data_file(const char *rel, size_t *ret_len)
{
    char path[4096];
    if (data_dir() == NULL)
        return NULL;
    snprintf(path, sizeof(path), "%s/securitytxt/%s", data_dir(), rel);
    return read_all(path, ret_len);
}

static int64_t at(const char *rfc3339)
{
    int64_t t = 0;
    assert_int_equal(cvd_time_parse(cvd_str_from_cstr(rfc3339), &t), 0);
    return t;
}

/* Parse and lint `text` at `now`; the caller releases the arena. */
static struct cvd_securitytxt *lint_at(struct cvd_arena *a, const char *text, size_t len,
                                       const char *now, enum cvd_securitytxt_sig_status sig)
{
    struct cvd_securitytxt *doc = NULL;
    struct cvd_diag diag = {0};
    cvd_arena_init(a, 0);
    int rc = cvd_securitytxt_parse(a, (struct cvd_str){text, len}, &doc, &diag);
    if (rc != 0)
        fail_msg("parse: %s", diag.msg);
    struct cvd_clock c = cvd_clock_fixed(at(now));
    struct cvd_securitytxt_lint_opts o = {.clock = &c, .sig_status = sig};
    assert_int_equal(cvd_securitytxt_lint(doc, &o), 0);
    return doc;
}

static struct cvd_securitytxt *lint_str(struct cvd_arena *a, const char *text, const char *now)
{
    return lint_at(a, text, strlen(text), now, CVD_SECURITYTXT_SIG_UNCHECKED);
}

static bool has_code(const struct cvd_securitytxt *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_findings; i++) {
        if (strcmp(doc->findings[i].code, code) == 0)
            return true;
    }
    return false;
}

static uint32_t line_of(const struct cvd_securitytxt *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_findings; i++) {
        if (strcmp(doc->findings[i].code, code) == 0)
            return doc->findings[i].line;
    }
    return UINT32_MAX;
}

static void dump(const char *what, const struct cvd_securitytxt *doc)
{
    fprintf(stderr, "-- %s: %zu findings\n", what, doc->n_findings);
    for (size_t i = 0; i < doc->n_findings; i++)
        fprintf(stderr, "   %u: %s: %s\n", doc->findings[i].line, doc->findings[i].code,
                doc->findings[i].msg);
}

/* ---- throw-away keyrings ---- */

static bool have_gpg(void)
{
    return system("gpg --version >/dev/null 2>&1") == 0;
}

static char *new_gnupghome(void)
{
    char *dir = strdup("/tmp/cvd-sectxt-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void drop_gnupghome(char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "gpgconf --homedir '%s' --kill all >/dev/null 2>&1; rm -rf '%s'",
             dir, dir);
    (void)!system(cmd);
    free(dir);
}

/* A GNUPGHOME holding the public test key of the corpus. */
static char *test_key_home(void)
{
    char *dir = new_gnupghome();
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "gpg --homedir '%s' --batch --quiet --import '%s/securitytxt/synthetic/"
             "test-signing-key.pub.asc' >/dev/null 2>&1",
             dir, data_dir());
    assert_int_equal(system(cmd), 0);
    return dir;
}

/* ---- the manifest ---- */

struct map {
    const char *dtc;
    const char *cvd;
};

/* DigitalTrustCenter codes -> cvd rules (standards.md §1.8, column "equiv."). */
static const struct map dtc_map[] = {
    {"utf8", "ST-E-NOT-UTF8"},
    {"bom_in_file", "ST-E-BOM"},
    {"no_line_separators", "ST-E-NO-FINAL-EOL"},
    {"invalid_line", "ST-E-INVALID-LINE"},
    {"prec_ws", "ST-E-WS-BEFORE-COLON"},
    {"no_space", "ST-E-NO-SPACE-AFTER-COLON"},
    {"empty_key", "ST-E-EMPTY-NAME"},
    {"empty_value", "ST-E-EMPTY-VALUE"},
    {"no_contact", "ST-E-NO-CONTACT"},
    {"no_expire", "ST-E-NO-EXPIRES"},
    {"multi_expire", "ST-E-MULTI-EXPIRES"},
    {"invalid_expiry", "ST-E-EXPIRES-FORMAT"},
    {"expired", "ST-E-EXPIRED"},
    {"no_uri", "ST-E-NOT-URI"},
    {"no_https", "ST-E-HTTP-URI"},
    {"multi_lang", "ST-E-MULTI-LANG"},
    {"invalid_lang", "ST-E-LANG-TAG"},
    {"no_csaf_file", "ST-E-CSAF-TARGET"},
    {"signed_format_issue", "ST-E-SIG-NOT-FIRST"},
    {"data_after_sig", "ST-E-DATA-AFTER-SIG"},
    {"too_many_line_separators", "ST-E-SIG-TRAILING-EOL"},
    {"pgp_data_error", "ST-E-SIG-ARMOR"},
    {"long_expiry", "ST-W-LONG-EXPIRY"},
    {"no_encryption", "ST-W-NO-ENCRYPTION"},
    {"not_signed", "ST-W-NOT-SIGNED"},
    {"no_canonical", "ST-W-SIGNED-NO-CANONICAL"},
    {"multiple_csaf_fields", "ST-W-MULTI-CSAF"},
    {"unknown_field", "ST-I-UNKNOWN-FIELD"},
    {"unknown_field", "ST-W-UNKNOWN-FIELD"},
};

/* Where cvd knowingly differs from the manifest, and why. */
static const struct {
    const char *file;
    const char *extra_code; /* a mapped code cvd adds, or NULL */
    const char *verdict;    /* cvd's verdict, or NULL = the manifest's */
} overrides[] = {
    /* The run-together value has spaces, so it is not an RFC 3986 URI either. */
    {"synthetic/inv-single-line-run-together.txt", "ST-E-NOT-URI", NULL},
};

/* Files signed with synthetic/test-signing-key.pub.asc (README): verified with that key. */
static bool signed_with_test_key(const char *file)
{
    static const char *const files[] = {
        "synthetic/ok-signed-valid-signature.txt",
        "synthetic/ok-signed-dash-escaped.txt",
        "synthetic/rec-signed-no-canonical.txt",
        "synthetic/inv-signed-header-not-first-line.txt",
        "synthetic/inv-signed-data-after-signature.txt",
        "synthetic/inv-signed-extra-trailing-newline.txt",
        "synthetic/inv-signed-tampered-content.txt",
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (strcmp(file, files[i]) == 0)
            return true;
    }
    return false;
}

static bool in_words(const char *words, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = words; (p = strstr(p, w)) != NULL; p += n) {
        if ((p == words || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    }
    return false;
}

static bool mapped_from_row(const char *code, const char *dtc_all)
{
    for (size_t i = 0; i < sizeof(dtc_map) / sizeof(dtc_map[0]); i++) {
        if (strcmp(dtc_map[i].cvd, code) == 0 && in_words(dtc_all, dtc_map[i].dtc))
            return true;
    }
    return false;
}

static bool is_mapped_code(const char *code)
{
    for (size_t i = 0; i < sizeof(dtc_map) / sizeof(dtc_map[0]); i++) {
        if (strcmp(dtc_map[i].cvd, code) == 0)
            return true;
    }
    return false;
}

static void split_tsv(char *line, char **col, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        col[i] = line;
        char *tab = line ? strchr(line, '\t') : NULL;
        if (tab) {
            *tab = '\0';
            line = tab + 1;
        } else {
            line = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        static char empty[1];
        if (col[i] == NULL)
            col[i] = empty;
        size_t l = strlen(col[i]);
        while (l && (col[i][l - 1] == '\n' || col[i][l - 1] == '\r'))
            col[i][--l] = '\0';
    }
}

static void test_manifest(void **state)
{
    (void)state;
    if (data_dir() == NULL)
        skip();
    char path[4096];
    snprintf(path, sizeof(path), "%s/securitytxt/MANIFEST.tsv", data_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *home = have_gpg() ? test_key_home() : NULL;
    char line[8192];
    int rows = 0, failures = 0, verified = 0;
    assert_non_null(fgets(line, sizeof(line), f)); /* header */
    while (fgets(line, sizeof(line), f)) {
        char *col[11];
        split_tsv(line, col, 11);
        const char *file = col[0], *now = col[5], *verdict = col[6];
        char dtc_all[512];
        snprintf(dtc_all, sizeof(dtc_all), "%s %s %s", col[7], col[8], col[9]);
        const char *extra = NULL;
        for (size_t i = 0; i < sizeof(overrides) / sizeof(overrides[0]); i++) {
            if (strcmp(overrides[i].file, file) == 0) {
                extra = overrides[i].extra_code;
                if (overrides[i].verdict)
                    verdict = overrides[i].verdict;
            }
        }
        size_t len;
        char *rel = data_file(file, &len);
        assert_non_null(rel);
        enum cvd_securitytxt_sig_status sig = CVD_SECURITYTXT_SIG_UNCHECKED;
        if (home != NULL && signed_with_test_key(file)) {
            struct cvd_securitytxt_sig s;
            struct cvd_diag d = {0};
            assert_int_equal(cvd_securitytxt_verify((struct cvd_str){rel, len}, home, &s, &d), 0);
            sig = s.status;
            verified++;
        }
        struct cvd_arena a;
        struct cvd_securitytxt *doc = lint_at(&a, rel, len, now, sig);
        rows++;
        bool bad = false;
        /* verdict */
        size_t errors = cvd_securitytxt_error_count(doc);
        bool sig_bad = cvd_securitytxt_has(doc, CVD_SECURITYTXT_RULE_SIG_BAD);
        if (strcmp(verdict, "valid") == 0 || strcmp(verdict, "valid-lenient") == 0)
            bad |= errors != 0;
        else if (strcmp(verdict, "invalid") == 0)
            bad |= errors == 0 || sig_bad;
        else if (strcmp(verdict, "invalid-signature") == 0)
            bad |= home != NULL && (!sig_bad || errors != 1);
        else
            bad = true;
        /* every DTC code shows up as its cvd rule */
        for (const char *p = dtc_all; *p;) {
            size_t wl = strcspn(p, " ");
            char w[64];
            if (wl == 0 || wl >= sizeof(w)) {
                p += wl + (p[wl] == ' ');
                continue;
            }
            memcpy(w, p, wl);
            w[wl] = '\0';
            p += wl + (p[wl] == ' ');
            if (strcmp(w, "-") == 0)
                continue;
            bool found = false, known = false;
            for (size_t i = 0; i < sizeof(dtc_map) / sizeof(dtc_map[0]); i++) {
                if (strcmp(dtc_map[i].dtc, w) == 0) {
                    known = true;
                    found |= has_code(doc, dtc_map[i].cvd);
                }
            }
            if (!known || !found) {
                fprintf(stderr, "%s: DTC code '%s' has no cvd finding\n", file, w);
                bad = true;
            }
        }
        /* every cvd rule with a DTC equivalent is backed by the row */
        for (size_t i = 0; i < doc->n_findings; i++) {
            const char *c = doc->findings[i].code;
            if (is_mapped_code(c) && !mapped_from_row(c, dtc_all) &&
                !(extra && strcmp(extra, c) == 0)) {
                fprintf(stderr, "%s: cvd finding %s not in the DTC columns\n", file, c);
                bad = true;
            }
        }
        /* rules the notes name ("warn ST-W-SIZE") */
        for (const char *p = col[10]; (p = strstr(p, "ST-")) != NULL; p += 3) {
            char code[48];
            size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
            if (n >= sizeof(code))
                continue;
            memcpy(code, p, n);
            code[n] = '\0';
            if (!has_code(doc, code)) {
                fprintf(stderr, "%s: notes name %s, not found\n", file, code);
                bad = true;
            }
        }
        if (bad) {
            failures++;
            fprintf(stderr, "FAIL %s (now %s, want %s, DTC '%s')\n", file, now, verdict, dtc_all);
            dump(file, doc);
        }
        cvd_arena_release(&a);
        free(rel);
    }
    fclose(f);
    if (home)
        drop_gnupghome(home);
    fprintf(stderr, "manifest: %d rows, %d verified with the test key, %d failed\n", rows, verified,
            failures);
    assert_int_equal(rows, 78);
    assert_int_equal(failures, 0);
}

/* ---- rules without a corpus file, and exact lines ---- */

#define OKBODY "Contact: mailto:security@example.org\nExpires: 2026-06-30T23:59:59Z\n"
#define NOW    "2026-01-01T00:00:00Z"

static void test_rules_table(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *code; /* expected (NULL: none of `absent`) */
        uint32_t line;
        const char *absent;
    } rows[] = {
        {"Contact: mailto:a@example.org\r\r\nExpires: 2026-06-30T23:59:59Z\n", "ST-E-BARE-CR", 1,
         NULL},
        {"Contact: mailto:a@example.org\rExpires: 2026-06-30T23:59:59Z\n", "ST-E-BARE-CR", 1, NULL},
        {OKBODY "# bell \a here\n", "ST-E-CONTROL-CHAR", 3, NULL},
        {"Contact: mailto:a@example.org\x01\nExpires: 2026-06-30T23:59:59Z\n", "ST-E-CONTROL-CHAR",
         1, NULL},
        {OKBODY "Contact: xmpp:security@example.org\n", "ST-W-CONTACT-SCHEME", 3, NULL},
        {OKBODY "Contact: tel:+1-201-555-0123\n", NULL, 0, "ST-W-CONTACT-SCHEME"},
        {OKBODY "CSAF: https://a.example/csaf/provider-metadata.json\n"
                "CSAF: https://example.org/.well-known/csaf/provider-metadata.json\n",
         "ST-E-CSAF-ORDER", 4, NULL},
        {OKBODY "CSAF: https://example.org/.well-known/csaf/provider-metadata.json\n"
                "CSAF: https://a.example/csaf/provider-metadata.json\n",
         "ST-W-MULTI-CSAF", 4, "ST-E-CSAF-ORDER"},
        {OKBODY "Policy: https://example.org/.well-known/policy.html\n", "ST-W-WELLKNOWN-REF", 3,
         NULL},
        {OKBODY "Canonical: https://example.org/.well-known/security.txt\n", NULL, 0,
         "ST-W-WELLKNOWN-REF"},
        {OKBODY "Policy:  https://example.org/p\n", "ST-W-COLON-SPACING", 3, NULL},
        {OKBODY "Policy:\thttps://example.org/p\n", "ST-W-COLON-SPACING", 3, NULL},
        {OKBODY "Policy: https://example.org/p \t\n", NULL, 0, "ST-W-COLON-SPACING"},
        {OKBODY "Encryption: data:text/plain,key\n", "ST-W-ENC-DATA-URI", 3, NULL},
        {OKBODY "Policy: https://example.org/a b\n", "ST-E-NOT-URI", 3, NULL},
        {OKBODY "Policy: https://example.org/%zz\n", "ST-E-NOT-URI", 3, NULL},
        {OKBODY "Policy: https:///nohost\n", "ST-E-NOT-URI", 3, NULL},
        {OKBODY "Hiring: HTTP://example.org/jobs\n", "ST-E-HTTP-URI", 3, NULL},
        {OKBODY "Preferred-Languages: en,, de\n", "ST-E-LANG-TAG", 3, NULL},
        {OKBODY "Preferred-Languages: en ,\tde-CH, zh-Hant-TW, x-klingon, sr-Latn-RS\n", NULL, 0,
         "ST-E-LANG-TAG"},
        {OKBODY "Generated at: https://example.org\n", "ST-E-BAD-FIELD-NAME", 3, NULL},
        {OKBODY "Acknowledgements: https://example.org/thanks\n", "ST-W-UNKNOWN-FIELD", 3, NULL},
        {OKBODY "CNA: https://example.org/cna\n", "ST-I-UNKNOWN-FIELD", 3, "ST-W-UNKNOWN-FIELD"},
        {"Contact: mailto:a@example.org\nExpires: 2026-01-10T00:00:00Z\n", "ST-W-EXPIRES-SOON", 2,
         NULL},
        {"Contact: mailto:a@example.org\nExpires: 2026-06-30 23:59:59Z\n", "ST-W-EXPIRES-SPACE", 2,
         "ST-E-EXPIRES-FORMAT"},
        {"Contact: mailto:a@example.org\nExpires: 2027-01-01T00:00:00Z\n", NULL, 0,
         "ST-W-LONG-EXPIRY"},
        {"Contact: mailto:a@example.org\nExpires: 2027-01-01T00:00:01Z\n", "ST-W-LONG-EXPIRY", 2,
         NULL},
        {"Contact: mailto:a@example.org\nExpires: 2025-12-31T23:59:59Z\n", "ST-E-EXPIRED", 2, NULL},
        {"Contact: mailto:a@example.org\nExpires: 2026-02-30T00:00:00Z\n", "ST-E-EXPIRES-FORMAT", 2,
         NULL},
        {"  : x\n" OKBODY, "ST-E-EMPTY-NAME", 1, NULL},
        {"\xef\xbb\xbf" OKBODY, "ST-E-BOM", 1, "ST-E-NO-CONTACT"},
        {OKBODY "caf\xc3\xa9: x\n\xff\n", "ST-E-NOT-UTF8", 4, NULL},
        {"contact: mailto:a@example.org\nEXPIRES: 2026-06-30T23:59:59Z\n", NULL, 0,
         "ST-E-NO-CONTACT"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct cvd_arena a;
        struct cvd_securitytxt *doc = lint_str(&a, rows[i].text, NOW);
        bool ok = true;
        if (rows[i].code && line_of(doc, rows[i].code) != rows[i].line)
            ok = false;
        if (rows[i].absent && has_code(doc, rows[i].absent))
            ok = false;
        if (!ok) {
            failures++;
            fprintf(stderr, "FAIL row %zu: want %s at line %u, not %s; input:\n%s\n", i,
                    rows[i].code ? rows[i].code : "-", rows[i].line,
                    rows[i].absent ? rows[i].absent : "-", rows[i].text);
            dump("got", doc);
        }
        cvd_arena_release(&a);
    }
    assert_int_equal(failures, 0);
}

/* ST-W-EXPIRES-SOON by the clock alone (standards.md: ok-minimal-lf at 2026-06-15). */
static void test_expires_soon_clock(void **state)
{
    (void)state;
    size_t len;
    char *text = data_file("synthetic/ok-minimal-lf.txt", &len);
    if (text == NULL)
        skip();
    struct cvd_arena a;
    struct cvd_securitytxt *doc =
        lint_at(&a, text, len, "2026-06-15T00:00:00Z", CVD_SECURITYTXT_SIG_UNCHECKED);
    assert_true(has_code(doc, "ST-W-EXPIRES-SOON"));
    assert_false(has_code(doc, "ST-E-EXPIRED"));
    cvd_arena_release(&a);
    doc = lint_at(&a, text, len, NOW, CVD_SECURITYTXT_SIG_UNCHECKED);
    assert_false(has_code(doc, "ST-W-EXPIRES-SOON"));
    cvd_arena_release(&a);
    doc = lint_at(&a, text, len, "2026-07-01T00:00:00Z", CVD_SECURITYTXT_SIG_UNCHECKED);
    assert_true(has_code(doc, "ST-E-EXPIRED"));
    cvd_arena_release(&a);
    free(text);
}

/* Findings come sorted by line, file-level (line 0) first; each has code and message. */
static void test_sorted_and_model(void **state)
{
    (void)state;
    struct cvd_arena a;
    const char *text = "Policy: http://example.org/p\n"
                       "Contact: mailto:first@example.org\n"
                       "Contact : https://example.org/second\n"
                       "Preferred-Languages: en\n"
                       "Preferred-Languages: de\n"
                       "X-Team: red\n";
    struct cvd_securitytxt *doc = lint_str(&a, text, NOW);
    for (size_t i = 1; i < doc->n_findings; i++)
        assert_true(doc->findings[i - 1].line <= doc->findings[i].line);
    assert_int_equal(line_of(doc, "ST-E-NO-EXPIRES"), 0);
    assert_int_equal(line_of(doc, "ST-E-HTTP-URI"), 1);
    assert_int_equal(line_of(doc, "ST-E-WS-BEFORE-COLON"), 3);
    assert_int_equal(line_of(doc, "ST-E-MULTI-LANG"), 5);
    assert_int_equal(line_of(doc, "ST-I-UNKNOWN-FIELD"), 6);
    assert_int_equal(doc->n_fields, 6);
    assert_int_equal(doc->fields[1].kind, CVD_SECURITYTXT_CONTACT);
    assert_string_equal(doc->fields[1].value.ptr, "mailto:first@example.org");
    assert_string_equal(doc->fields[2].value.ptr, "https://example.org/second");
    assert_int_equal(doc->fields[5].kind, CVD_SECURITYTXT_UNKNOWN);
    assert_string_equal(doc->fields[5].name.ptr, "X-Team");
    for (size_t i = 0; i < doc->n_findings; i++) {
        assert_non_null(doc->findings[i].msg);
        assert_true(doc->findings[i].msg[0] >= 'a' || doc->findings[i].msg[0] == '\'');
    }
    cvd_arena_release(&a);
    /* every rule has a code whose letter matches its severity */
    for (int r = 0; r < CVD_SECURITYTXT_RULE_COUNT; r++) {
        const char *c = cvd_securitytxt_rule_code((enum cvd_securitytxt_rule)r);
        enum cvd_securitytxt_severity s =
            cvd_securitytxt_rule_severity((enum cvd_securitytxt_rule)r);
        assert_non_null(c);
        assert_int_equal(c[3], s == CVD_SECURITYTXT_ERROR     ? 'E'
                               : s == CVD_SECURITYTXT_WARNING ? 'W'
                                                              : 'I');
    }
    assert_null(cvd_securitytxt_rule_code(CVD_SECURITYTXT_RULE_COUNT));
}

/* ---- transport rules, from what a fetcher saw ---- */

static void test_fetch(void **state)
{
    (void)state;
    static const char *const wk[] = {"https://example.org/.well-known/security.txt"};
    static const char *const legacy[] = {"https://example.org/security.txt"};
    static const char *const plain[] = {"http://example.org/.well-known/security.txt"};
    static const char *const redir[] = {"https://example.org/.well-known/security.txt",
                                        "http://cdn.example.net/security.txt",
                                        "https://cdn.example.net/.well-known/security.txt"};
    static const char *const redir_ok[] = {"https://example.org/.well-known/security.txt",
                                           "https://www.example.org/.well-known/security.txt"};
    static const struct {
        const char *const *chain;
        size_t n;
        int status;
        const char *ct;
        bool tls_ok, both;
        const char *canonical; /* a Canonical value to add, or NULL */
        const char *want;      /* the transport codes expected (space-separated), or NULL */
    } rows[] = {
        {wk, 1, 200, "text/plain; charset=utf-8", true, false, NULL, NULL},
        {wk, 1, 200, "Text/Plain;Charset=\"UTF-8\"", true, false, NULL, NULL},
        {wk, 1, 200, "text/plain", true, false, "https://example.org/.well-known/security.txt",
         NULL},
        {wk, 1, 404, "text/html", true, false, NULL, "ST-E-NOT-FOUND"},
        {wk, 1, 0, NULL, false, false, NULL, "ST-E-NOT-FOUND"},
        {legacy, 1, 200, "text/plain", true, false, NULL, "ST-E-LEGACY-LOCATION"},
        {plain, 1, 200, "text/plain", true, false, NULL, "ST-E-NOT-HTTPS"},
        {wk, 1, 200, "text/plain", false, false, NULL, "ST-E-TLS"},
        {wk, 1, 200, NULL, true, false, NULL, "ST-E-CT-MISSING"},
        {wk, 1, 200, "text/html; charset=utf-8", true, false, NULL, "ST-E-CT-MEDIA"},
        {wk, 1, 200, "text/plain; charset=iso-8859-1", true, false, NULL, "ST-E-CT-CHARSET"},
        {redir, 3, 200, "text/plain", true, false, NULL, "ST-E-NOT-HTTPS ST-I-REDIRECT"},
        {redir_ok, 2, 200, "text/plain", true, false, NULL, "ST-I-REDIRECT"},
        {redir_ok, 2, 200, "text/plain", true, false,
         "https://www.example.org/.well-known/security.txt", "ST-I-REDIRECT"},
        {wk, 1, 200, "text/plain", true, true, NULL, "ST-I-BOTH-LOCATIONS"},
        {wk, 1, 200, "text/plain", true, false, "https://other.example/.well-known/security.txt",
         "ST-E-CANONICAL-MISMATCH"},
    };
    static const char *const transport[] = {
        "ST-E-NOT-FOUND",          "ST-E-LEGACY-LOCATION", "ST-E-NOT-HTTPS",  "ST-E-TLS",
        "ST-E-CT-MISSING",         "ST-E-CT-MEDIA",        "ST-E-CT-CHARSET", "ST-I-REDIRECT",
        "ST-E-CANONICAL-MISMATCH", "ST-I-BOTH-LOCATIONS",
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char text[512];
        snprintf(text, sizeof(text), "%s%s%s%s", OKBODY, rows[i].canonical ? "Canonical: " : "",
                 rows[i].canonical ? rows[i].canonical : "", rows[i].canonical ? "\n" : "");
        struct cvd_arena a;
        struct cvd_securitytxt *doc = NULL;
        cvd_arena_init(&a, 0);
        assert_int_equal(cvd_securitytxt_parse(&a, cvd_str_from_cstr(text), &doc, NULL), 0);
        struct cvd_clock c = cvd_clock_fixed(at(NOW));
        struct cvd_securitytxt_fetch fx = {
            .chain = rows[i].chain,
            .n_chain = rows[i].n,
            .status = rows[i].status,
            .content_type = rows[i].ct,
            .tls_ok = rows[i].tls_ok,
            .both_differ = rows[i].both,
        };
        struct cvd_securitytxt_lint_opts o = {.clock = &c, .fetch = &fx};
        assert_int_equal(cvd_securitytxt_lint(doc, &o), 0);
        size_t n = 0;
        bool ok = true;
        for (size_t t = 0; t < sizeof(transport) / sizeof(transport[0]); t++) {
            if (has_code(doc, transport[t])) {
                n++;
                ok &= rows[i].want != NULL && in_words(rows[i].want, transport[t]);
            }
        }
        size_t want_n = 0;
        for (const char *w = rows[i].want; w && *w; w++)
            want_n += w == rows[i].want || w[-1] == ' ';
        ok &= n == want_n;
        if (!ok) {
            failures++;
            fprintf(stderr, "FAIL fetch row %zu: want %s\n", i, rows[i].want ? rows[i].want : "-");
            dump("got", doc);
        }
        cvd_arena_release(&a);
    }
    assert_int_equal(failures, 0);
}

/* ---- the signed form ---- */

#define SIGBLOCK                                                                                   \
    "-----BEGIN PGP SIGNATURE-----\n\n"                                                            \
    "iIsEARYKADMWIQQMJzZenXWJKgyKIss4w+lMZVqOLAUCawosphUcc2VjdXJpdHlA\n"                           \
    "ZXhhbXBsZS5vcmcACgkQOMPpTGVajizq0gEA6LzR7F5iUzE79XHBt3or3nupdtlx\n"                           \
    "OOJ8JNKGJJ0n5VcBAPV393Q+xMjBuXtqlf2JOEdY2Tlzypg3+JI6BTTuclcM\n"

static void test_armor(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *code;
        const char *absent;
    } rows[] = {
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY SIGBLOCK
         "=q7um\n-----END PGP SIGNATURE-----\n",
         NULL, "ST-E-SIG-ARMOR"},
        /* no CRC line: optional */
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY SIGBLOCK
         "-----END PGP SIGNATURE-----\n",
         NULL, "ST-E-SIG-ARMOR"},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY SIGBLOCK
         "=q7uM\n-----END PGP SIGNATURE-----\n",
         "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\n\n" OKBODY SIGBLOCK
         "=q7um\n-----END PGP SIGNATURE-----\n",
         "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY SIGBLOCK "=q7um\n",
         "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY, "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY SIGBLOCK
         "-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n",
         "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY "-not escaped\n" SIGBLOCK
         "=q7um\n-----END PGP SIGNATURE-----\n",
         "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY
         "-----BEGIN PGP SIGNATURE-----\n"
         "iIsEARYKADMWIQQMJzZenXWJKgyKIss4w+lMZVqOLAUCawosphUcc2VjdXJpdHlA\n"
         "-----END PGP SIGNATURE-----\n",
         "ST-E-SIG-ARMOR", NULL},
        /* base64 of a literal-data packet (tag 11), not a signature */
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY
         "-----BEGIN PGP SIGNATURE-----\n\nrAVi\n-----END PGP SIGNATURE-----\n",
         "ST-E-SIG-ARMOR", NULL},
        {"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" OKBODY SIGBLOCK
         "=q7um\n-----END PGP SIGNATURE-----\r\n\r\n",
         "ST-E-SIG-TRAILING-EOL", "ST-E-DATA-AFTER-SIG"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct cvd_arena a;
        struct cvd_securitytxt *doc = lint_str(&a, rows[i].text, NOW);
        bool ok = doc->is_signed && (rows[i].code == NULL || has_code(doc, rows[i].code)) &&
                  (rows[i].absent == NULL || !has_code(doc, rows[i].absent)) &&
                  !has_code(doc, "ST-E-NO-CONTACT") && !has_code(doc, "ST-W-NOT-SIGNED");
        if (!ok) {
            failures++;
            fprintf(stderr, "FAIL armour row %zu: want %s, not %s; input:\n%s\n", i,
                    rows[i].code ? rows[i].code : "-", rows[i].absent ? rows[i].absent : "-",
                    rows[i].text);
            dump("got", doc);
        }
        cvd_arena_release(&a);
    }
    assert_int_equal(failures, 0);
}

/* ---- limits and hostile input ---- */

static void test_limits(void **state)
{
    (void)state;
    struct cvd_arena a;
    struct cvd_securitytxt *doc;
    struct cvd_diag diag = {0};
    size_t big = CVD_SECURITYTXT_MAX_BYTES + 1;
    char *p = malloc(big);
    assert_non_null(p);
    memset(p, '#', big);
    cvd_arena_init(&a, 0);
    assert_int_equal(cvd_securitytxt_parse(&a, (struct cvd_str){p, big}, &doc, &diag), CVD_ELIMIT);
    assert_non_null(strstr(diag.msg, "larger than"));
    /* too many lines */
    size_t nl = CVD_SECURITYTXT_MAX_LINES + 1;
    memset(p, '\n', nl);
    assert_int_equal(cvd_securitytxt_parse(&a, (struct cvd_str){p, nl}, &doc, &diag), CVD_ELIMIT);
    /* many invalid lines: findings are capped and counted */
    size_t n = 0;
    for (int i = 0; i < 3000; i++) {
        memcpy(p + n, "junk\n", 5);
        n += 5;
    }
    assert_int_equal(cvd_securitytxt_parse(&a, (struct cvd_str){p, n}, &doc, &diag), 0);
    assert_int_equal(cvd_securitytxt_lint(doc, NULL), 0);
    assert_int_equal(doc->n_findings, CVD_SECURITYTXT_MAX_FINDINGS);
    assert_true(doc->dropped_findings > 0);
    cvd_arena_release(&a);
    /* NUL bytes and an empty input */
    static const char nul[] = "Contact: mailto:a@example.org\0x\nExpires: 2026-06-30T23:59:59Z\n";
    doc = lint_at(&a, nul, sizeof(nul) - 1, NOW, CVD_SECURITYTXT_SIG_UNCHECKED);
    assert_true(has_code(doc, "ST-E-CONTROL-CHAR"));
    cvd_arena_release(&a);
    doc = lint_at(&a, NULL, 0, NOW, CVD_SECURITYTXT_SIG_UNCHECKED);
    assert_true(has_code(doc, "ST-E-NO-CONTACT"));
    assert_false(has_code(doc, "ST-E-NO-FINAL-EOL"));
    cvd_arena_release(&a);
    /* fuzz regression: the signed-message header as the last line pointed a finding past it */
    static const char *const tails[] = {
        "Expires: 2026-06-30T23:59:59Z\n-----BEGIN PGP SIGNED MESSAGE-----",
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n",
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512",
    };
    for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
        doc = lint_str(&a, tails[t], NOW);
        assert_true(doc->is_signed);
        for (size_t i = 0; i < doc->n_findings; i++)
            assert_true(doc->findings[i].line <= doc->n_lines);
        cvd_arena_release(&a);
    }
    cvd_arena_init(&a, 0);
    assert_int_equal(cvd_securitytxt_parse(NULL, (struct cvd_str){"", 0}, &doc, &diag), CVD_EINVAL);
    assert_int_equal(cvd_securitytxt_lint(NULL, NULL), CVD_EINVAL);
    cvd_arena_release(&a);
    free(p);
}

/* Every allocation of parse + lint may fail: the result is CVD_ENOMEM, never a crash. */
static void test_alloc_failures(void **state)
{
    (void)state;
    size_t len;
    char *text = data_file("synthetic/edge-over-1000-lines-32k.txt", &len);
    if (text == NULL)
        skip();
    int failed = 0;
    for (long n = 1; n < 200; n++) {
        struct cvd_arena a;
        struct cvd_securitytxt *doc = NULL;
        cvd_arena_init(&a, 0);
        cvd_alloc_fail_at(n);
        int rc = cvd_securitytxt_parse(&a, (struct cvd_str){text, len}, &doc, NULL);
        if (rc == 0)
            rc = cvd_securitytxt_lint(doc, NULL);
        cvd_alloc_fail_at(0);
        cvd_arena_release(&a);
        if (rc == 0)
            break;
        assert_int_equal(rc, CVD_ENOMEM);
        failed++;
    }
    /* the arena takes chunks from the heap: the 59 KiB file needs several */
    fprintf(stderr, "allocation failures walked: %d\n", failed);
    assert_true(failed >= 4);
    free(text);
}

/* ---- OpenPGP ---- */

static void test_verify(void **state)
{
    (void)state;
    if (data_dir() == NULL || !have_gpg())
        skip();
    char *home = test_key_home();
    static const struct {
        const char *file;
        enum cvd_securitytxt_sig_status want;
    } rows[] = {
        {"synthetic/ok-signed-valid-signature.txt", CVD_SECURITYTXT_SIG_GOOD},
        {"synthetic/ok-signed-dash-escaped.txt", CVD_SECURITYTXT_SIG_GOOD},
        {"synthetic/inv-signed-tampered-content.txt", CVD_SECURITYTXT_SIG_BAD},
        {"real-world/grapheneos.org.txt", CVD_SECURITYTXT_SIG_NO_KEY},
        {"synthetic/ok-minimal-lf.txt", CVD_SECURITYTXT_SIG_NONE},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        size_t len;
        char *text = data_file(rows[i].file, &len);
        assert_non_null(text);
        struct cvd_securitytxt_sig s;
        struct cvd_diag d = {0};
        assert_int_equal(cvd_securitytxt_verify((struct cvd_str){text, len}, home, &s, &d), 0);
        if (s.status != rows[i].want)
            fail_msg("%s: status %s, want %s (%s)", rows[i].file,
                     cvd_securitytxt_sig_status_name(s.status),
                     cvd_securitytxt_sig_status_name(rows[i].want), s.detail);
        if (s.status == CVD_SECURITYTXT_SIG_GOOD)
            assert_string_equal(s.fpr, "0C27365E9D75892A0C8A22CB38C3E94C655A8E2C");
        free(text);
    }
    struct cvd_securitytxt_sig s;
    assert_int_equal(cvd_securitytxt_verify((struct cvd_str){"", 0}, NULL, &s, NULL), CVD_EINVAL);
    assert_int_equal(
        cvd_securitytxt_verify((struct cvd_str){"", 0}, "/nonexistent/cvd-gnupg", &s, NULL),
        CVD_ENOTFOUND);
    drop_gnupghome(home);
}

static const char config[] = "# test organisation\n"
                             "contact = mailto:security@example.org\n"
                             "contact = https://example.org/report\n"
                             "encryption = https://example.org/pgp-key.txt\n"
                             "canonical = https://example.org/.well-known/security.txt\n"
                             "policy = https://example.org/policy\n"
                             "acknowledgments = https://example.org/thanks\n"
                             "hiring = https://example.org/jobs\n"
                             "preferred-languages = en, de\n"
                             "csaf = https://example.org/.well-known/csaf/provider-metadata.json\n"
                             "expires-days = 200\n";

static void test_generate(void **state)
{
    (void)state;
    struct cvd_arena a, cfg;
    struct cvd_securitytxt_gen g;
    struct cvd_diag d = {0};
    cvd_arena_init(&cfg, 0);
    assert_int_equal(cvd_securitytxt_config_parse(&cfg, CVD_STR(config), &g, &d), 0);
    assert_int_equal(g.n_contact, 2);
    assert_int_equal(g.expires_days, 200);
    struct cvd_clock c = cvd_clock_fixed(at(NOW));
    struct cvd_buf out;
    cvd_buf_init(&out, 0);
    assert_int_equal(cvd_securitytxt_generate(&g, &c, &out, &d), 0);
    assert_non_null(strstr(out.ptr, "Expires: 2026-07-20T00:00:00Z\n"));
    assert_true(strstr(out.ptr, "Contact: mailto:") < strstr(out.ptr, "Contact: https:"));
    struct cvd_securitytxt *doc = lint_at(&a, out.ptr, out.len, NOW, CVD_SECURITYTXT_SIG_UNCHECKED);
    if (cvd_securitytxt_error_count(doc) != 0 || doc->n_findings != 1)
        dump("generated", doc);
    assert_int_equal(cvd_securitytxt_error_count(doc), 0);
    assert_int_equal(doc->n_findings, 1); /* ST-W-NOT-SIGNED only */
    assert_true(has_code(doc, "ST-W-NOT-SIGNED"));
    cvd_arena_release(&a);
    /* 365 days is within a calendar year even across 29 February */
    g.expires_days = 365;
    cvd_buf_reset(&out);
    struct cvd_clock leap = cvd_clock_fixed(at("2027-03-01T00:00:00Z"));
    assert_int_equal(cvd_securitytxt_generate(&g, &leap, &out, &d), 0);
    doc = lint_at(&a, out.ptr, out.len, "2027-03-01T00:00:00Z", CVD_SECURITYTXT_SIG_UNCHECKED);
    assert_false(has_code(doc, "ST-W-LONG-EXPIRY"));
    cvd_arena_release(&a);
    g.expires_days = 366;
    assert_int_equal(cvd_securitytxt_generate(&g, &c, &out, &d), CVD_ERANGE);
    g.expires_days = 30;
    g.n_contact = 0;
    assert_int_equal(cvd_securitytxt_generate(&g, &c, &out, &d), CVD_EMISSING);
    g.n_contact = 1;
    g.contact[0] = "mailto:a@example.org\nExpires: never";
    assert_int_equal(cvd_securitytxt_generate(&g, &c, &out, &d), CVD_EINVAL);
    cvd_buf_release(&out);
    cvd_arena_release(&cfg);

    static const struct {
        const char *text;
        int rc;
        uint32_t line;
    } bad[] = {
        {"contact = mailto:a@example.org\nfrobnicate = 1\n", CVD_EPARSE, 2},
        {"contact\n", CVD_EPARSE, 1},
        {"contact =\n", CVD_EPARSE, 1},
        {"expires-days = 366\n", CVD_ERANGE, 1},
        {"expires-days = 0\n", CVD_ERANGE, 1},
        {"expires-days = 10\nexpires-days = 20\n", CVD_EPARSE, 2},
        {"csaf = https://a/provider-metadata.json\ncsaf = https://b/provider-metadata.json\n",
         CVD_EPARSE, 2},
        {"contact = mailto:a@example.org\x01\n", CVD_EPARSE, 1},
        {"contact = \xff\n", CVD_EUTF8, 0},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct cvd_diag e = {0};
        cvd_arena_init(&a, 0);
        int rc = cvd_securitytxt_config_parse(&a, cvd_str_from_cstr(bad[i].text), &g, &e);
        cvd_arena_release(&a);
        if (rc != bad[i].rc || e.line != bad[i].line)
            fail_msg("config row %zu '%s': rc %d line %u, want %d line %u (%s)", i, bad[i].text, rc,
                     e.line, bad[i].rc, bad[i].line, e.msg);
    }
}

/* Every `valid` manifest file re-emitted by the generator (same Contact order) lints clean. */
static void test_roundtrip(void **state)
{
    (void)state;
    if (data_dir() == NULL)
        skip();
    char path[4096];
    snprintf(path, sizeof(path), "%s/securitytxt/MANIFEST.tsv", data_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    int n = 0;
    assert_non_null(fgets(line, sizeof(line), f));
    while (fgets(line, sizeof(line), f)) {
        char *col[11];
        split_tsv(line, col, 11);
        if (strcmp(col[6], "valid") != 0)
            continue;
        size_t len;
        char *text = data_file(col[0], &len);
        assert_non_null(text);
        struct cvd_arena a;
        struct cvd_securitytxt *doc = lint_at(&a, text, len, col[5], CVD_SECURITYTXT_SIG_GOOD);
        struct cvd_securitytxt_gen g = {.expires_days = 100};
        for (size_t i = 0; i < doc->n_fields; i++) {
            const struct cvd_securitytxt_field *x = &doc->fields[i];
            const char **arr = NULL;
            size_t *cnt = NULL;
            switch (x->kind) {
            case CVD_SECURITYTXT_CONTACT:
                arr = g.contact, cnt = &g.n_contact;
                break;
            case CVD_SECURITYTXT_ENCRYPTION:
                arr = g.encryption, cnt = &g.n_encryption;
                break;
            case CVD_SECURITYTXT_CANONICAL:
                arr = g.canonical, cnt = &g.n_canonical;
                break;
            case CVD_SECURITYTXT_POLICY:
                arr = g.policy, cnt = &g.n_policy;
                break;
            case CVD_SECURITYTXT_HIRING:
                arr = g.hiring, cnt = &g.n_hiring;
                break;
            case CVD_SECURITYTXT_ACKNOWLEDGMENTS:
                arr = g.acknowledgments, cnt = &g.n_acknowledgments;
                break;
            case CVD_SECURITYTXT_CSAF:
                if (g.csaf == NULL)
                    g.csaf = x->value.ptr;
                break;
            case CVD_SECURITYTXT_PREFERRED_LANGUAGES:
                g.languages = x->value.ptr;
                break;
            default:
                break;
            }
            /* the generator refuses values over 2048 characters (edge-field-over-2048) */
            if (arr && *cnt < CVD_SECURITYTXT_GEN_MAX && x->value.len <= 2000)
                arr[(*cnt)++] = x->value.ptr;
        }
        struct cvd_buf out;
        struct cvd_diag d = {0};
        struct cvd_clock c = cvd_clock_fixed(at(col[5]));
        cvd_buf_init(&out, 0);
        if (cvd_securitytxt_generate(&g, &c, &out, &d) != 0)
            fail_msg("%s: generate: %s", col[0], d.msg);
        struct cvd_arena b;
        struct cvd_securitytxt *again =
            lint_at(&b, out.ptr, out.len, col[5], CVD_SECURITYTXT_SIG_UNCHECKED);
        if (cvd_securitytxt_error_count(again) != 0) {
            dump(col[0], again);
            fail_msg("%s: regenerated file has errors", col[0]);
        }
        size_t k = 0;
        for (size_t i = 0; i < again->n_fields; i++) {
            if (again->fields[i].kind == CVD_SECURITYTXT_CONTACT)
                assert_string_equal(again->fields[i].value.ptr, g.contact[k++]);
        }
        assert_int_equal(k, g.n_contact);
        cvd_arena_release(&b);
        cvd_buf_release(&out);
        cvd_arena_release(&a);
        free(text);
        n++;
    }
    fclose(f);
    assert_int_equal(n, 39);
}

/* A throw-away key signs a generated file; it verifies GOOD, lints clean; tampering is BAD. */
static void test_sign(void **state)
{
    (void)state;
    if (!have_gpg())
        skip();
    char *home = new_gnupghome();
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "gpg --homedir '%s' --batch --quiet --passphrase '' --quick-gen-key "
             "'cvd unit test (TEST ONLY) <test@example.org>' ed25519 sign 1d >/dev/null 2>&1",
             home);
    assert_int_equal(system(cmd), 0);
    struct cvd_arena a;
    struct cvd_securitytxt_gen g;
    struct cvd_diag d = {0};
    cvd_arena_init(&a, 0);
    assert_int_equal(cvd_securitytxt_config_parse(&a, CVD_STR(config), &g, &d), 0);
    struct cvd_buf txt, sig;
    cvd_buf_init(&txt, 0);
    cvd_buf_init(&sig, 0);
    assert_int_equal(cvd_securitytxt_generate(&g, NULL, &txt, &d), 0);
    cvd_arena_release(&a);
    int rc = cvd_securitytxt_sign(cvd_buf_str(&txt), home, "test@example.org", &sig, &d);
    if (rc)
        fail_msg("sign: %s", d.msg);
    assert_true(strncmp(sig.ptr, "-----BEGIN PGP SIGNED MESSAGE-----\n", 35) == 0);
    struct cvd_securitytxt_sig s;
    assert_int_equal(cvd_securitytxt_verify(cvd_buf_str(&sig), home, &s, &d), 0);
    assert_int_equal(s.status, CVD_SECURITYTXT_SIG_GOOD);
    struct cvd_securitytxt *doc = NULL;
    cvd_arena_init(&a, 0);
    assert_int_equal(cvd_securitytxt_parse(&a, cvd_buf_str(&sig), &doc, &d), 0);
    struct cvd_securitytxt_lint_opts o = {.sig_status = s.status};
    assert_int_equal(cvd_securitytxt_lint(doc, &o), 0);
    if (doc->n_findings)
        dump("signed", doc);
    assert_int_equal(doc->n_findings, 0);
    assert_true(doc->is_signed && doc->sig_armor_ok);
    cvd_arena_release(&a);
    /* tamper with the signed text */
    char *p = strstr(sig.ptr, "mailto:security@");
    assert_non_null(p);
    p[7] = 'S';
    assert_int_equal(cvd_securitytxt_verify(cvd_buf_str(&sig), home, &s, &d), 0);
    assert_int_equal(s.status, CVD_SECURITYTXT_SIG_BAD);
    /* unknown secret key */
    cvd_buf_reset(&sig);
    assert_int_equal(cvd_securitytxt_sign(cvd_buf_str(&txt), home, "nobody@example.org", &sig, &d),
                     CVD_ENOTFOUND);
    cvd_buf_release(&sig);
    cvd_buf_release(&txt);
    drop_gnupghome(home);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest),
        cmocka_unit_test(test_rules_table),
        cmocka_unit_test(test_expires_soon_clock),
        cmocka_unit_test(test_sorted_and_model),
        cmocka_unit_test(test_armor),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_sign),
        cmocka_unit_test(test_fetch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
