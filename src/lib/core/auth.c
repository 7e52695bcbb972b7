/* Credentials on libsodium: argon2id (crypto_pwhash_str_alg), randombytes, SHA-256 and
 * sodium_memcmp. Secrets are only ever stored as hashes; a plain SHA-256 is enough for them
 * because they carry 256 bits of randomness (unlike passwords, which get argon2id). */
#include "cvd/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "cvd/utf8.h"

/* argon2id computations at once: each takes 64 MiB and a core for tens of milliseconds, so
 * a burst of logins on many server threads waits here instead of exhausting memory. */
#define PWHASH_CONCURRENCY 4

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_free = PTHREAD_COND_INITIALIZER;
static int gate_busy;

static void gate_enter(void)
{
    pthread_mutex_lock(&gate_lock);
    while (gate_busy >= PWHASH_CONCURRENCY)
        pthread_cond_wait(&gate_free, &gate_lock);
    gate_busy++;
    pthread_mutex_unlock(&gate_lock);
}

static void gate_leave(void)
{
    pthread_mutex_lock(&gate_lock);
    gate_busy--;
    pthread_cond_signal(&gate_free);
    pthread_mutex_unlock(&gate_lock);
}

static int init_rc = CVD_ENOTSUP;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* A hash of a random password, verified against when the login name is unknown. */
static char dummy_hash[CVD_PASSWORD_HASH_MAX];

static void limits(enum cvd_password_cost cost, unsigned long long *ops, size_t *mem)
{
    if (cost == CVD_PASSWORD_COST_MIN) {
        *ops = crypto_pwhash_OPSLIMIT_MIN;
        *mem = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        *ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        *mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    }
}

static void init(void)
{
    if (sodium_init() < 0)
        return;
    /* The dummy costs what a real interactive hash costs, so timing says nothing. */
    unsigned char pw[16];
    unsigned long long ops;
    size_t mem;
    randombytes_buf(pw, sizeof(pw));
    limits(CVD_PASSWORD_COST_INTERACTIVE, &ops, &mem);
    if (crypto_pwhash_str_alg(dummy_hash, (const char *)pw, sizeof(pw), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return;
    init_rc = 0;
}

int cvd_auth_init(void)
{
    /* Both constants are fixed by libsodium; check the header promises once, here. */
    _Static_assert(crypto_pwhash_STRBYTES <= CVD_PASSWORD_HASH_MAX, "hash buffer too small");
    _Static_assert(crypto_hash_sha256_BYTES == CVD_SECRET_HASH_BYTES, "SHA-256 size");
    pthread_once(&init_once, init);
    return init_rc;
}

int cvd_auth_password_check(struct cvd_str password, struct cvd_diag *diag)
{
    if (password.len < CVD_PASSWORD_MIN)
        return cvd_diag_set(diag, CVD_EINVAL, "password is shorter than %d bytes",
                            CVD_PASSWORD_MIN);
    if (password.len > CVD_PASSWORD_MAX)
        return cvd_diag_set(diag, CVD_ELIMIT, "password is longer than %d bytes", CVD_PASSWORD_MAX);
    if (!cvd_utf8_is_valid(password.ptr, password.len))
        return cvd_diag_set(diag, CVD_EINVAL, "password is not valid UTF-8");
    return 0;
}

int cvd_auth_password_hash(struct cvd_str password, enum cvd_password_cost cost,
                           char out[CVD_PASSWORD_HASH_MAX])
{
    unsigned long long ops;
    size_t mem;
    if (password.len > CVD_PASSWORD_MAX)
        return CVD_ELIMIT;
    limits(cost, &ops, &mem);
    gate_enter();
    int rc = crypto_pwhash_str_alg(out, password.len ? password.ptr : "", password.len, ops, mem,
                                   crypto_pwhash_ALG_ARGON2ID13);
    gate_leave();
    return rc == 0 ? 0 : CVD_ENOMEM; /* the only documented failure: memory for argon2id */
}

int cvd_auth_password_verify(const char *hash, struct cvd_str password)
{
    const char *pw = password.len ? password.ptr : "";
    if (password.len > CVD_PASSWORD_MAX)
        return CVD_EAUTH;
    /* An unknown hash is verified against the dummy: only the time spent matters then, the
     * answer is no either way. */
    bool known = hash != NULL && strncmp(hash, "$argon2id$", 10) == 0;
    gate_enter();
    int rc = crypto_pwhash_str_verify(known ? hash : dummy_hash, pw, password.len);
    gate_leave();
    return known && rc == 0 ? 0 : CVD_EAUTH;
}

bool cvd_auth_password_needs_rehash(const char *hash, enum cvd_password_cost cost)
{
    unsigned long long ops;
    size_t mem;
    limits(cost, &ops, &mem);
    return hash == NULL || crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0;
}

static bool prefix_ok(const char *prefix, size_t *ret_len)
{
    size_t n = strlen(prefix);
    if (n > CVD_SECRET_PREFIX_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!((prefix[i] >= 'a' && prefix[i] <= 'z') || prefix[i] == '_'))
            return false;
    }
    *ret_len = n;
    return true;
}

int cvd_auth_secret_new(const char *prefix, char text[CVD_SECRET_TEXT_MAX],
                        unsigned char ret_hash[CVD_SECRET_HASH_BYTES])
{
    size_t plen;
    if (prefix == NULL || !prefix_ok(prefix, &plen))
        return CVD_EINVAL;
    unsigned char raw[CVD_SECRET_BYTES];
    randombytes_buf(raw, sizeof(raw));
    memcpy(text, prefix, plen);
    sodium_bin2base64(text + plen, CVD_SECRET_TEXT + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
    cvd_auth_secret_hash((struct cvd_str){text, plen + CVD_SECRET_TEXT}, ret_hash);
    return 0;
}

void cvd_auth_secret_hash(struct cvd_str text, unsigned char ret_hash[CVD_SECRET_HASH_BYTES])
{
    crypto_hash_sha256(ret_hash, (const unsigned char *)(text.len ? text.ptr : ""), text.len);
}

bool cvd_auth_secret_is_well_formed(struct cvd_str text, const char *prefix)
{
    size_t plen;
    if (prefix == NULL || !prefix_ok(prefix, &plen) || text.len != plen + CVD_SECRET_TEXT ||
        memcmp(text.ptr, prefix, plen) != 0)
        return false;
    for (size_t i = plen; i < text.len; i++) {
        char c = text.ptr[i];
        if (!cvd_ascii_is_digit(c) && !cvd_ascii_is_alpha(c) && c != '-' && c != '_')
            return false;
    }
    return true;
}

void cvd_auth_csrf_token(struct cvd_str session_text, char out[CVD_SECRET_TEXT_MAX])
{
    static const char label[] = "cvd csrf v1";
    unsigned char key[CVD_SECRET_HASH_BYTES];
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    cvd_auth_secret_hash(session_text, key);
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, sizeof(key));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, sizeof(label) - 1);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2base64(out, CVD_SECRET_TEXT + 1, mac, sizeof(mac),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(key, sizeof(key));
}

bool cvd_auth_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}
