/* server/ratelimit: token buckets per client with an injected clock, Retry-After, the bounded
 * table evicting the least recently seen client, and client keys (IPv4, IPv6 /64). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "cvd/clock.h"
#include "cvd/err.h"
#include "server/ratelimit.h"

static void key_of(unsigned char key[SRV_RATELIMIT_KEY_BYTES], unsigned char last)
{
    memset(key, 0, SRV_RATELIMIT_KEY_BYTES);
    key[15] = last;
}

static void test_bucket(void **state)
{
    (void)state;
    struct cvd_clock clock = cvd_clock_fixed(1000000);
    struct srv_ratelimit_config cfg = {
        .per_minute = 6, .burst = 3, .max_clients = 16, .seed = 42, .clock = &clock};
    struct srv_ratelimit *rl;
    assert_int_equal(srv_ratelimit_new(&cfg, &rl), 0);
    unsigned char a[SRV_RATELIMIT_KEY_BYTES];
    unsigned char b[SRV_RATELIMIT_KEY_BYTES];
    key_of(a, 1);
    key_of(b, 2);
    int64_t retry = 0;
    /* a full bucket of 3, then refused; 6 per minute = one token every 10 s */
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_int_equal(retry, 10);
    /* another client has its own bucket */
    assert_true(srv_ratelimit_take(rl, b, &retry));
    clock.fixed += 4;
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_int_equal(retry, 6);
    clock.fixed += 6;
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_int_equal(retry, 10);
    /* a long pause refills to the burst, never beyond */
    clock.fixed += 3600;
    for (int i = 0; i < 3; i++)
        assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_false(srv_ratelimit_take(rl, a, &retry));
    /* a clock going backwards refills nothing and breaks nothing */
    clock.fixed -= 1000;
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_true(retry >= 1);
    clock.fixed += 10;
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_int_equal(srv_ratelimit_clients(rl), 2);
    srv_ratelimit_free(rl);
    srv_ratelimit_free(NULL);
}

static void test_slow_rate(void **state)
{
    (void)state;
    struct cvd_clock clock = cvd_clock_fixed(50);
    struct srv_ratelimit_config cfg = {
        .per_minute = 1, .burst = 1, .max_clients = 1, .clock = &clock};
    struct srv_ratelimit *rl;
    assert_int_equal(srv_ratelimit_new(&cfg, &rl), 0);
    unsigned char a[SRV_RATELIMIT_KEY_BYTES];
    key_of(a, 9);
    int64_t retry = 0;
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_int_equal(retry, 60);
    clock.fixed += 59;
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_int_equal(retry, 1);
    clock.fixed += 1;
    assert_true(srv_ratelimit_take(rl, a, &retry));
    srv_ratelimit_free(rl);
}

static void test_eviction(void **state)
{
    (void)state;
    struct cvd_clock clock = cvd_clock_fixed(0);
    struct srv_ratelimit_config cfg = {
        .per_minute = 1, .burst = 1, .max_clients = 2, .clock = &clock};
    struct srv_ratelimit *rl;
    assert_int_equal(srv_ratelimit_new(&cfg, &rl), 0);
    unsigned char a[SRV_RATELIMIT_KEY_BYTES];
    unsigned char b[SRV_RATELIMIT_KEY_BYTES];
    unsigned char c[SRV_RATELIMIT_KEY_BYTES];
    key_of(a, 1);
    key_of(b, 2);
    key_of(c, 3);
    int64_t retry;
    assert_true(srv_ratelimit_take(rl, a, &retry));
    assert_true(srv_ratelimit_take(rl, b, &retry));
    /* a is touched again, so b is now the least recently seen and c evicts it */
    assert_false(srv_ratelimit_take(rl, a, &retry));
    assert_true(srv_ratelimit_take(rl, c, &retry));
    assert_int_equal(srv_ratelimit_clients(rl), 2);
    assert_false(srv_ratelimit_take(rl, a, &retry)); /* still tracked: still empty */
    assert_true(srv_ratelimit_take(rl, b, &retry));  /* evicted: starts afresh (evicts c) */
    assert_true(srv_ratelimit_take(rl, c, &retry));  /* evicted in turn (evicts a) */
    assert_true(srv_ratelimit_take(rl, a, &retry));
    /* many clients never grow the table */
    for (int i = 0; i < 10000; i++) {
        unsigned char k[SRV_RATELIMIT_KEY_BYTES] = {0};
        memcpy(k, &i, sizeof(i));
        assert_true(srv_ratelimit_take(rl, k, &retry));
    }
    assert_int_equal(srv_ratelimit_clients(rl), 2);
    srv_ratelimit_free(rl);

    struct srv_ratelimit_config bad = {.per_minute = 0, .burst = 1, .max_clients = 1};
    assert_int_equal(srv_ratelimit_new(&bad, &rl), CVD_EINVAL);
    bad = (struct srv_ratelimit_config){.per_minute = 1, .burst = 1, .max_clients = 0};
    assert_int_equal(srv_ratelimit_new(&bad, &rl), CVD_EINVAL);
}

static void test_keys(void **state)
{
    (void)state;
    struct sockaddr_in in = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, "192.0.2.7", &in.sin_addr), 1);
    struct sockaddr_in6 mapped = {.sin6_family = AF_INET6};
    assert_int_equal(inet_pton(AF_INET6, "::ffff:192.0.2.7", &mapped.sin6_addr), 1);
    struct sockaddr_in6 v6a = {.sin6_family = AF_INET6};
    struct sockaddr_in6 v6b = {.sin6_family = AF_INET6};
    struct sockaddr_in6 v6c = {.sin6_family = AF_INET6};
    assert_int_equal(inet_pton(AF_INET6, "2001:db8:1:2::1", &v6a.sin6_addr), 1);
    assert_int_equal(inet_pton(AF_INET6, "2001:db8:1:2:ffff::99", &v6b.sin6_addr), 1);
    assert_int_equal(inet_pton(AF_INET6, "2001:db8:1:3::1", &v6c.sin6_addr), 1);
    unsigned char k1[16], k2[16], k3[16], k4[16], k5[16];
    srv_ratelimit_key((const struct sockaddr *)&in, k1);
    srv_ratelimit_key((const struct sockaddr *)&mapped, k2);
    assert_memory_equal(k1, k2, 16);
    static const unsigned char want[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7};
    assert_memory_equal(k1, want, 16);
    srv_ratelimit_key((const struct sockaddr *)&v6a, k3);
    srv_ratelimit_key((const struct sockaddr *)&v6b, k4);
    srv_ratelimit_key((const struct sockaddr *)&v6c, k5);
    assert_memory_equal(k3, k4, 16); /* same /64 */
    assert_memory_not_equal(k3, k5, 16);
    assert_memory_not_equal(k1, k3, 16);
    srv_ratelimit_key(NULL, k1);
    static const unsigned char zero[16] = {0};
    assert_memory_equal(k1, zero, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket),
        cmocka_unit_test(test_slow_rate),
        cmocka_unit_test(test_eviction),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests_name("server-ratelimit", tests, NULL, NULL);
}
