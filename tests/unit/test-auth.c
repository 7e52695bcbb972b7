/* Credentials: argon2id hashes verify and refuse, secrets have their shape, hashes are
 * SHA-256 of the text, and nothing here leaks whether a login name exists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cvd/auth.h"

static int setup(void **state)
{
    (void)state;
    return cvd_auth_init() == 0 ? 0 : -1;
}

static void password_check(void **state)
{
    (void)state;
    struct cvd_diag d = {0};
    assert_int_equal(cvd_auth_password_check(CVD_STR("short"), &d), CVD_EINVAL);
    assert_non_null(strstr(d.msg, "shorter than 12"));
    assert_int_equal(cvd_auth_password_check(CVD_STR("correct horse battery"), &d), 0);
    assert_int_equal(cvd_auth_password_check(CVD_STR("\xff\xfe long enough bytes"), &d),
                     CVD_EINVAL);
    static char big[CVD_PASSWORD_MAX + 1];
    memset(big, 'a', sizeof(big));
    assert_int_equal(cvd_auth_password_check((struct cvd_str){big, sizeof(big)}, &d), CVD_ELIMIT);
}

static void password_hash_verify(void **state)
{
    (void)state;
    char h1[CVD_PASSWORD_HASH_MAX], h2[CVD_PASSWORD_HASH_MAX];
    assert_int_equal(cvd_auth_password_hash(CVD_STR("correct horse"), CVD_PASSWORD_COST_MIN, h1),
                     0);
    assert_int_equal(cvd_auth_password_hash(CVD_STR("correct horse"), CVD_PASSWORD_COST_MIN, h2),
                     0);
    assert_memory_equal(h1, "$argon2id$v=19$", 15);
    assert_string_not_equal(h1, h2); /* a fresh salt each time */
    assert_int_equal(cvd_auth_password_verify(h1, CVD_STR("correct horse")), 0);
    assert_int_equal(cvd_auth_password_verify(h2, CVD_STR("correct horse")), 0);
    assert_int_equal(cvd_auth_password_verify(h1, CVD_STR("correct hors")), CVD_EAUTH);
    assert_int_equal(cvd_auth_password_verify(h1, CVD_STR("correct horse ")), CVD_EAUTH);
    assert_int_equal(cvd_auth_password_verify(h1, CVD_STR("")), CVD_EAUTH);
    /* Bytes after a NUL count: the length is explicit. */
    const char nul[] = "correct horse\0x";
    assert_int_equal(cvd_auth_password_verify(h1, (struct cvd_str){nul, sizeof(nul) - 1}),
                     CVD_EAUTH);
    /* Unknown user (NULL) and foreign or damaged hashes answer like a wrong password. */
    assert_int_equal(cvd_auth_password_verify(NULL, CVD_STR("correct horse")), CVD_EAUTH);
    assert_int_equal(
        cvd_auth_password_verify("$2y$10$abcdefghijklmnopqrstuv", CVD_STR("correct horse")),
        CVD_EAUTH);
    h1[20] = h1[20] == 'A' ? 'B' : 'A';
    assert_int_equal(cvd_auth_password_verify(h1, CVD_STR("correct horse")), CVD_EAUTH);
    /* A minimum-cost hash needs rehashing at the interactive cost, not at its own. */
    assert_true(cvd_auth_password_needs_rehash(h2, CVD_PASSWORD_COST_INTERACTIVE));
    assert_false(cvd_auth_password_needs_rehash(h2, CVD_PASSWORD_COST_MIN));
    assert_true(cvd_auth_password_needs_rehash(NULL, CVD_PASSWORD_COST_MIN));
}

static void secrets(void **state)
{
    (void)state;
    char a[CVD_SECRET_TEXT_MAX], b[CVD_SECRET_TEXT_MAX];
    unsigned char ha[CVD_SECRET_HASH_BYTES], hb[CVD_SECRET_HASH_BYTES],
        again[CVD_SECRET_HASH_BYTES];
    assert_int_equal(cvd_auth_secret_new(CVD_SECRET_PREFIX_API, a, ha), 0);
    assert_int_equal(cvd_auth_secret_new(CVD_SECRET_PREFIX_API, b, hb), 0);
    assert_int_equal(strlen(a), strlen(CVD_SECRET_PREFIX_API) + CVD_SECRET_TEXT);
    assert_memory_equal(a, "cvd_api_", 8);
    assert_string_not_equal(a, b);
    assert_false(cvd_auth_equal(ha, hb, sizeof(ha)));
    cvd_auth_secret_hash(cvd_str_from_cstr(a), again);
    assert_true(cvd_auth_equal(ha, again, sizeof(ha)));
    assert_true(cvd_auth_secret_is_well_formed(cvd_str_from_cstr(a), CVD_SECRET_PREFIX_API));
    assert_false(cvd_auth_secret_is_well_formed(cvd_str_from_cstr(a), CVD_SECRET_PREFIX_FOLLOW));
    a[20] = '+'; /* not base64url */
    assert_false(cvd_auth_secret_is_well_formed(cvd_str_from_cstr(a), CVD_SECRET_PREFIX_API));
    assert_false(cvd_auth_secret_is_well_formed(CVD_STR("cvd_api_short"), CVD_SECRET_PREFIX_API));
    /* Session secrets have no prefix. */
    assert_int_equal(cvd_auth_secret_new(CVD_SECRET_PREFIX_SESSION, a, ha), 0);
    assert_int_equal(strlen(a), CVD_SECRET_TEXT);
    /* Prefixes are short and plain. */
    assert_int_equal(cvd_auth_secret_new("Bad-Prefix", a, ha), CVD_EINVAL);
    assert_int_equal(cvd_auth_secret_new("a_very_long_prefix_", a, ha), CVD_EINVAL);
    assert_int_equal(cvd_auth_secret_new(NULL, a, ha), CVD_EINVAL);
    /* The storage hash is SHA-256 of the text: the FIPS 180-2 "abc" vector. */
    static const unsigned char abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                          0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                          0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                          0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    cvd_auth_secret_hash(CVD_STR("abc"), again);
    assert_memory_equal(again, abc, 32);
}

static void csrf(void **state)
{
    (void)state;
    char t1[CVD_SECRET_TEXT_MAX], t2[CVD_SECRET_TEXT_MAX], c1[CVD_SECRET_TEXT_MAX],
        c1again[CVD_SECRET_TEXT_MAX], c2[CVD_SECRET_TEXT_MAX];
    unsigned char h[CVD_SECRET_HASH_BYTES];
    assert_int_equal(cvd_auth_secret_new(CVD_SECRET_PREFIX_SESSION, t1, h), 0);
    assert_int_equal(cvd_auth_secret_new(CVD_SECRET_PREFIX_SESSION, t2, h), 0);
    cvd_auth_csrf_token(cvd_str_from_cstr(t1), c1);
    cvd_auth_csrf_token(cvd_str_from_cstr(t1), c1again);
    cvd_auth_csrf_token(cvd_str_from_cstr(t2), c2);
    assert_string_equal(c1, c1again); /* derived: the same for the whole session */
    assert_string_not_equal(c1, c2);  /* and another for another session */
    assert_string_not_equal(c1, t1);  /* never the session secret itself */
    assert_int_equal(strlen(c1), CVD_SECRET_TEXT);
    assert_true(cvd_auth_secret_is_well_formed(cvd_str_from_cstr(c1), ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(password_check),
        cmocka_unit_test(password_hash_verify),
        cmocka_unit_test(secrets),
        cmocka_unit_test(csrf),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
