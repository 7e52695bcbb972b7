/* The principals of recently seen session and API-token secrets, so that a request does not
 * read a token, a user and its memberships from the store each time. An entry is used only
 * while the store's generation is the one it was read at (any write in this process drops
 * every entry: revoking, logging out or changing a membership takes effect at once) and for
 * at most CVD__AUTH_CACHE_SECONDS (writes by another process, e.g. the CLI, are seen after
 * that). Direct-mapped on the secret's hash, which is uniform: a collision only evicts. */
#include "hub-int.h"

#include <string.h>

#include "cvd/alloc.h"

#define SLOTS 1024u /* a power of two */

struct entry {
    bool used;
    enum cvd__auth_kind kind;
    unsigned char hash[CVD_SECRET_HASH_BYTES];
    uint64_t generation;
    int64_t read_at;
    int64_t expires_at; /* sessions; INT64_MAX for tokens */
    unsigned char csrf_hash[CVD_SECRET_HASH_BYTES];
    int64_t user_id;
    bool is_admin, is_coordinator;
    size_t display_len;
    char display[CVD__AUTH_CACHE_DISPLAY_MAX];
};

struct cvd__auth_cache {
    pthread_mutex_t lock;
    struct entry slots[SLOTS];
};

int cvd__auth_cache_new(struct cvd__auth_cache **ret)
{
    struct cvd__auth_cache *c = cvd_calloc(1, sizeof(*c));
    if (c == NULL)
        return CVD_ENOMEM;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        cvd_free(c);
        return CVD_ENOMEM;
    }
    *ret = c;
    return 0;
}

void cvd__auth_cache_free(struct cvd__auth_cache *c)
{
    if (c == NULL)
        return;
    pthread_mutex_destroy(&c->lock);
    cvd_free(c);
}

static struct entry *slot_of(struct cvd__auth_cache *c, const unsigned char *hash)
{
    unsigned i = ((unsigned)hash[0] | (unsigned)hash[1] << 8) & (SLOTS - 1);
    return &c->slots[i];
}

bool cvd__auth_cache_get(struct cvd__auth_cache *c, enum cvd__auth_kind kind,
                         const unsigned char *hash, uint64_t generation, int64_t now,
                         struct cvd_arena *a, struct cvd_principal *ret,
                         unsigned char ret_csrf_hash[CVD_SECRET_HASH_BYTES])
{
    bool hit = false;
    pthread_mutex_lock(&c->lock);
    struct entry *e = slot_of(c, hash);
    if (e->used && e->kind == kind && e->generation == generation && now >= e->read_at &&
        now - e->read_at <= CVD__AUTH_CACHE_SECONDS && now < e->expires_at &&
        memcmp(e->hash, hash, CVD_SECRET_HASH_BYTES) == 0) {
        char *display = cvd_arena_strndup(a, e->display, e->display_len);
        if (display != NULL) {
            *ret = (struct cvd_principal){.kind = CVD_PRINCIPAL_USER,
                                          .user_id = e->user_id,
                                          .is_admin = e->is_admin,
                                          .is_coordinator = e->is_coordinator,
                                          .display = {display, e->display_len}};
            if (ret_csrf_hash != NULL)
                memcpy(ret_csrf_hash, e->csrf_hash, CVD_SECRET_HASH_BYTES);
            hit = true;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void cvd__auth_cache_put(struct cvd__auth_cache *c, enum cvd__auth_kind kind,
                         const unsigned char *hash, uint64_t generation, int64_t now,
                         int64_t expires_at, const struct cvd_principal *p,
                         const unsigned char *csrf_hash)
{
    if (p->kind != CVD_PRINCIPAL_USER || p->display.len > CVD__AUTH_CACHE_DISPLAY_MAX)
        return;
    pthread_mutex_lock(&c->lock);
    struct entry *e = slot_of(c, hash);
    /* An older generation's reader must not replace a newer entry. */
    if (!e->used || e->generation <= generation) {
        *e = (struct entry){.used = true,
                            .kind = kind,
                            .generation = generation,
                            .read_at = now,
                            .expires_at = expires_at,
                            .user_id = p->user_id,
                            .is_admin = p->is_admin,
                            .is_coordinator = p->is_coordinator,
                            .display_len = p->display.len};
        memcpy(e->hash, hash, CVD_SECRET_HASH_BYTES);
        if (csrf_hash != NULL)
            memcpy(e->csrf_hash, csrf_hash, CVD_SECRET_HASH_BYTES);
        if (p->display.len)
            memcpy(e->display, p->display.ptr, p->display.len);
    }
    pthread_mutex_unlock(&c->lock);
}
