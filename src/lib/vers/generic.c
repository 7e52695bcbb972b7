/* The "generic" version scheme: the fallback of vers-spec ("a generic version comparison
 * algorithm ... based on a split on any wholly alpha or wholly numeric segments and dealing with
 * digit and string comparisons, like is done in libversion") for versions of no known ecosystem.
 * The vers spec leaves the details open; this is what cvd does (docs/internals/purl.md):
 *
 * 1. A version is a sequence of tokens: maximal runs of ASCII digits (numbers) and maximal
 *    runs of ASCII letters (words). Every other byte separates tokens and is otherwise ignored,
 *    so "1.2.3", "1-2-3" and "1_2_3" are equal, and so are "1.0a" and "1.0.a".
 * 2. Tokens are compared pairwise from the left. Two numbers compare by value (leading zeros
 *    ignored, any length). Two words compare case-insensitively, byte by byte. A number is
 *    greater than a word ("1.0.1" > "1.0.rc1").
 * 3. When one version runs out of tokens, each remaining token of the other is compared with
 *    nothing: a number against 0 (so "1.0" == "1.0.0" and "1.0.1" > "1.0"), a word is less
 *    than nothing (a pre-release: "1.0rc1" < "1.0", "1.0.alpha" < "1.0").
 *
 * Valid versions: non-empty, at most 1024 bytes. No allocation; one pass over both strings. */
#include <string.h>

#include "cvd/version.h"

#include "vers-int.h"

#define GENERIC_MAX_LEN 1024

struct token {
    const char *p;
    size_t len;
    bool number;
};

/* The next token of s[*pos..len), or false at the end. */
static bool next_token(const char *s, size_t len, size_t *pos, struct token *t)
{
    size_t i = *pos;
    while (i < len && !cvd_ascii_is_digit((unsigned char)s[i]) &&
           !cvd_ascii_is_alpha((unsigned char)s[i]))
        i++;
    if (i == len) {
        *pos = i;
        return false;
    }
    size_t start = i;
    bool number = cvd_ascii_is_digit((unsigned char)s[i]);
    while (i < len && (number ? cvd_ascii_is_digit((unsigned char)s[i])
                              : cvd_ascii_is_alpha((unsigned char)s[i])))
        i++;
    if (number) {
        while (start < i && s[start] == '0')
            start++; /* zero is the empty digit string */
    }
    *t = (struct token){s + start, i - start, number};
    *pos = i;
    return true;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static int token_cmp(const struct token *a, const struct token *b)
{
    if (a->number != b->number)
        return a->number ? 1 : -1;
    if (a->number) {
        if (a->len != b->len)
            return a->len < b->len ? -1 : 1;
        return a->len ? sign(memcmp(a->p, b->p, a->len)) : 0;
    }
    size_t n = a->len < b->len ? a->len : b->len;
    for (size_t i = 0; i < n; i++) {
        int x = cvd_ascii_lower((unsigned char)a->p[i]);
        int y = cvd_ascii_lower((unsigned char)b->p[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

/* A token against nothing: numbers against 0, words are pre-releases (less). */
static int token_vs_end(const struct token *t)
{
    if (t->number)
        return t->len > 0 ? 1 : 0;
    return -1;
}

static int check(struct cvd_str v, struct cvd_diag *diag)
{
    if (v.ptr == NULL || v.len == 0)
        return cvd_diag_set(diag, CVD_EPARSE, "generic version '': must not be empty");
    if (v.len > GENERIC_MAX_LEN)
        return cvd_diag_set(diag, CVD_ELIMIT, "generic version '%.32s...': longer than %d bytes",
                            v.ptr, GENERIC_MAX_LEN);
    return 0;
}

static int generic_compare(struct cvd_str a, struct cvd_str b, int *ret_cmp, struct cvd_diag *diag)
{
    int rc = check(a, diag);
    if (rc == 0)
        rc = check(b, diag);
    if (rc)
        return rc;
    size_t pa = 0;
    size_t pb = 0;
    for (;;) {
        struct token ta;
        struct token tb;
        bool ha = next_token(a.ptr, a.len, &pa, &ta);
        bool hb = next_token(b.ptr, b.len, &pb, &tb);
        int c;
        if (!ha && !hb) {
            *ret_cmp = 0;
            return 0;
        }
        if (ha && hb)
            c = token_cmp(&ta, &tb);
        else if (ha)
            c = token_vs_end(&ta);
        else
            c = -token_vs_end(&tb);
        if (c != 0) {
            *ret_cmp = c;
            return 0;
        }
    }
}

const struct cvd_version_scheme cvd__scheme_generic = {
    .name = "generic",
    .compare = generic_compare,
    .satisfies = NULL,
};
