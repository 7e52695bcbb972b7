#include "cvd/arena.h"

#include <string.h>

#include "cvd/alloc.h"
#include "cvd/checked.h"
#include "cvd/err.h"

struct cvd_arena_chunk {
    struct cvd_arena_chunk *next;
    size_t size; /* bytes in data[] */
    _Alignas(CVD_ARENA_ALIGN) char data[];
};

void cvd_arena_init(struct cvd_arena *a, size_t cap)
{
    *a = (struct cvd_arena){.cap = cap ? cap : CVD_ARENA_DEFAULT_CAP};
}

void cvd_arena_release(struct cvd_arena *a)
{
    struct cvd_arena_chunk *c = a->head;
    while (c) {
        struct cvd_arena_chunk *next = c->next;
        cvd_free(c);
        c = next;
    }
    size_t cap = a->cap;
    cvd_arena_init(a, cap);
}

static void *fail(struct cvd_arena *a, int err)
{
    if (a->err == 0)
        a->err = err;
    return NULL;
}

void *cvd__arena_alloc_slow(struct cvd_arena *a, size_t n)
{
    size_t need;
    if (cvd_size_add(n, CVD_ARENA_ALIGN - 1, &need))
        return fail(a, CVD_ELIMIT);
    need &= ~(size_t)(CVD_ARENA_ALIGN - 1);
    if (need == 0)
        need = CVD_ARENA_ALIGN;

    /* Chunks double in size up to a maximum, so a big document costs few mallocs; a request
     * bigger than that gets a chunk of its own. */
    size_t size = a->head ? a->head->size * 2 : CVD_ARENA_FIRST_CHUNK;
    if (size > CVD_ARENA_MAX_CHUNK)
        size = CVD_ARENA_MAX_CHUNK;
    if (size < need)
        size = need;

    size_t total;
    size_t reserved;
    if (cvd_size_add(size, sizeof(struct cvd_arena_chunk), &total) ||
        cvd_size_add(a->reserved, total, &reserved))
        return fail(a, CVD_ELIMIT);
    if (reserved > a->cap) {
        /* Try the smallest chunk that fits before giving up on the cap. */
        if (cvd_size_add(need, sizeof(struct cvd_arena_chunk), &total) ||
            cvd_size_add(a->reserved, total, &reserved) || reserved > a->cap)
            return fail(a, CVD_ELIMIT);
        size = need;
    }

    struct cvd_arena_chunk *c = cvd_malloc(total);
    if (c == NULL)
        return fail(a, CVD_ENOMEM);
    c->size = size;
    c->next = a->head;
    a->head = c;
    a->reserved = reserved;
    a->cur = c->data + need;
    a->end = c->data + size;
    return c->data;
}

void *cvd_arena_alloc_array(struct cvd_arena *a, size_t n, size_t size)
{
    size_t bytes;
    if (cvd_size_mul(n, size, &bytes))
        return fail(a, CVD_ELIMIT);
    return cvd_arena_alloc(a, bytes);
}

char *cvd_arena_strndup(struct cvd_arena *a, const char *p, size_t len)
{
    size_t bytes;
    if (cvd_size_add(len, 1, &bytes))
        return fail(a, CVD_ELIMIT);
    char *s = cvd_arena_alloc(a, bytes);
    if (s == NULL)
        return NULL;
    if (len)
        memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

int cvd_arena_error(const struct cvd_arena *a)
{
    return a->err;
}

size_t cvd_arena_reserved(const struct cvd_arena *a)
{
    return a->reserved;
}
