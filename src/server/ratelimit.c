#include "server/ratelimit.h"

#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

#include "cvd/alloc.h"
#include "cvd/err.h"

#define NIL UINT32_MAX

/* Tokens are counted in sixtieths, so a rate per minute refills a whole number per second. */
#define UNIT 60

struct entry {
    unsigned char key[SRV_RATELIMIT_KEY_BYTES];
    int64_t tokens; /* in UNITs */
    int64_t last;   /* when tokens was computed */
    uint32_t chain; /* next entry in the same hash bucket */
    uint32_t older; /* LRU list: toward the least recently seen */
    uint32_t newer;
};

struct srv_ratelimit {
    pthread_mutex_t lock;
    struct srv_ratelimit_config cfg;
    struct entry *entries;
    uint32_t *buckets;
    size_t n_buckets; /* a power of two */
    size_t used;
    uint32_t newest;
    uint32_t oldest;
};

int srv_ratelimit_new(const struct srv_ratelimit_config *cfg, struct srv_ratelimit **ret)
{
    if (cfg->per_minute == 0 || cfg->burst == 0 || cfg->max_clients == 0 ||
        cfg->max_clients >= NIL / 2 || cfg->burst > 1000000)
        return CVD_EINVAL;
    struct srv_ratelimit *rl = cvd_calloc(1, sizeof(*rl));
    if (rl == NULL)
        return CVD_ENOMEM;
    rl->cfg = *cfg;
    rl->n_buckets = 16;
    while (rl->n_buckets < cfg->max_clients)
        rl->n_buckets *= 2;
    rl->entries = cvd_calloc(cfg->max_clients, sizeof(*rl->entries));
    rl->buckets = cvd_calloc(rl->n_buckets, sizeof(*rl->buckets));
    if (rl->entries == NULL || rl->buckets == NULL || pthread_mutex_init(&rl->lock, NULL) != 0) {
        cvd_free(rl->entries);
        cvd_free(rl->buckets);
        cvd_free(rl);
        return CVD_ENOMEM;
    }
    for (size_t i = 0; i < rl->n_buckets; i++)
        rl->buckets[i] = NIL;
    rl->newest = rl->oldest = NIL;
    *ret = rl;
    return 0;
}

void srv_ratelimit_free(struct srv_ratelimit *rl)
{
    if (rl == NULL)
        return;
    pthread_mutex_destroy(&rl->lock);
    cvd_free(rl->entries);
    cvd_free(rl->buckets);
    cvd_free(rl);
}

/* A keyed mix (splitmix64 rounds); the seed keeps bucket choice unpredictable. */
static size_t bucket_of(const struct srv_ratelimit *rl, const unsigned char *key)
{
    uint64_t h = rl->cfg.seed;
    for (int half = 0; half < 2; half++) {
        uint64_t w = 0;
        memcpy(&w, key + 8 * half, 8);
        h ^= w;
        h += 0x9e3779b97f4a7c15u;
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
        h ^= h >> 31;
    }
    return (size_t)(h & (rl->n_buckets - 1));
}

static void lru_unlink(struct srv_ratelimit *rl, uint32_t i)
{
    struct entry *e = &rl->entries[i];
    if (e->older != NIL)
        rl->entries[e->older].newer = e->newer;
    else
        rl->oldest = e->newer;
    if (e->newer != NIL)
        rl->entries[e->newer].older = e->older;
    else
        rl->newest = e->older;
}

static void lru_push_newest(struct srv_ratelimit *rl, uint32_t i)
{
    struct entry *e = &rl->entries[i];
    e->newer = NIL;
    e->older = rl->newest;
    if (rl->newest != NIL)
        rl->entries[rl->newest].newer = i;
    rl->newest = i;
    if (rl->oldest == NIL)
        rl->oldest = i;
}

static void chain_remove(struct srv_ratelimit *rl, uint32_t i)
{
    uint32_t *link = &rl->buckets[bucket_of(rl, rl->entries[i].key)];
    while (*link != NIL && *link != i)
        link = &rl->entries[*link].chain;
    if (*link == i)
        *link = rl->entries[i].chain;
}

bool srv_ratelimit_take(struct srv_ratelimit *rl, const unsigned char key[SRV_RATELIMIT_KEY_BYTES],
                        int64_t *ret_retry_after)
{
    int64_t now = cvd_clock_now(rl->cfg.clock);
    int64_t cap = (int64_t)rl->cfg.burst * UNIT;
    bool ok;
    pthread_mutex_lock(&rl->lock);
    size_t b = bucket_of(rl, key);
    uint32_t i = rl->buckets[b];
    while (i != NIL && memcmp(rl->entries[i].key, key, SRV_RATELIMIT_KEY_BYTES) != 0)
        i = rl->entries[i].chain;
    struct entry *e;
    if (i == NIL) {
        if (rl->used < rl->cfg.max_clients) {
            i = (uint32_t)rl->used++;
        } else {
            i = rl->oldest;
            lru_unlink(rl, i);
            chain_remove(rl, i);
        }
        e = &rl->entries[i];
        memcpy(e->key, key, SRV_RATELIMIT_KEY_BYTES);
        e->tokens = cap;
        e->last = now;
        e->chain = rl->buckets[b];
        rl->buckets[b] = i;
    } else {
        e = &rl->entries[i];
        lru_unlink(rl, i);
        int64_t elapsed = now - e->last;
        if (elapsed > 0) {
            /* A bucket refills within burst * 60 s at most; clamp before multiplying. */
            if (elapsed > (int64_t)rl->cfg.burst * UNIT)
                elapsed = (int64_t)rl->cfg.burst * UNIT;
            e->tokens += elapsed * (int64_t)rl->cfg.per_minute;
            if (e->tokens > cap)
                e->tokens = cap;
            e->last = now;
        } else if (elapsed < 0) {
            e->last = now; /* the clock went back: refill from now on */
        }
    }
    lru_push_newest(rl, i);
    if (e->tokens >= UNIT) {
        e->tokens -= UNIT;
        ok = true;
    } else {
        int64_t missing = UNIT - e->tokens;
        int64_t rate = (int64_t)rl->cfg.per_minute;
        *ret_retry_after = (missing + rate - 1) / rate;
        ok = false;
    }
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

size_t srv_ratelimit_clients(struct srv_ratelimit *rl)
{
    pthread_mutex_lock(&rl->lock);
    size_t n = rl->used;
    pthread_mutex_unlock(&rl->lock);
    return n;
}

void srv_ratelimit_key(const struct sockaddr *sa, unsigned char key[SRV_RATELIMIT_KEY_BYTES])
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    memset(key, 0, SRV_RATELIMIT_KEY_BYTES);
    if (sa == NULL)
        return;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        memcpy(key, mapped, 12);
        memcpy(key + 12, &in->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        const unsigned char *a = in6->sin6_addr.s6_addr;
        if (memcmp(a, mapped, 12) == 0)
            memcpy(key, a, 16);
        else
            memcpy(key, a, 8); /* the /64 */
    }
}
