/* Arena: many allocations of one lifetime (a parsed document, a request, a command), freed in
 * one call. Byte-capped: going over the cap fails with CVD_ELIMIT, not with a crash. */
#ifndef CVD_ARENA_H
#define CVD_ARENA_H

#include <stdbool.h>
#include <stddef.h>

#include "cvd/compiler.h"

struct cvd_arena_chunk;

struct cvd_arena {
    /* private */
    char *cur;                    /* next free byte of the current chunk */
    char *end;                    /* end of the current chunk */
    struct cvd_arena_chunk *head; /* newest chunk first */
    size_t reserved;              /* bytes taken from the heap so far */
    size_t cap;                   /* maximum of `reserved` */
    int err;                      /* first failure: CVD_ENOMEM or CVD_ELIMIT, else 0 */
};

#define CVD_ARENA_ALIGN       16u
#define CVD_ARENA_DEFAULT_CAP ((size_t)1 << 30)
#define CVD_ARENA_FIRST_CHUNK ((size_t)4096)
#define CVD_ARENA_MAX_CHUNK   ((size_t)1 << 24)

/** Start an empty arena that may take at most `cap` bytes from the heap (0 = default). */
void cvd_arena_init(struct cvd_arena *a, size_t cap);

/** Free every allocation; the arena is empty and usable again. Accepts a zeroed arena. */
void cvd_arena_release(struct cvd_arena *a);

void *cvd__arena_alloc_slow(struct cvd_arena *a, size_t n);

/**
 * n bytes aligned to CVD_ARENA_ALIGN, valid until release; NULL on failure, and then
 * cvd_arena_error() says why (CVD_ENOMEM or CVD_ELIMIT). n == 0 returns a valid pointer.
 */
static inline void *cvd_arena_alloc(struct cvd_arena *a, size_t n)
{
    /* Chunks hold a multiple of CVD_ARENA_ALIGN bytes, so the rounded size fits too. */
    if (CVD_LIKELY(n <= (size_t)(a->end - a->cur))) {
        void *p = a->cur;
        a->cur += (n + (CVD_ARENA_ALIGN - 1)) & ~(size_t)(CVD_ARENA_ALIGN - 1);
        return p;
    }
    return cvd__arena_alloc_slow(a, n);
}

/** Array of n elements of `size` bytes, overflow-checked. NULL on failure. */
void *cvd_arena_alloc_array(struct cvd_arena *a, size_t n, size_t size);

/** Copy of p[0..len) plus a NUL. NULL on failure. */
char *cvd_arena_strndup(struct cvd_arena *a, const char *p, size_t len);

/** The first failure seen by this arena (CVD_ENOMEM or CVD_ELIMIT), or 0. */
int cvd_arena_error(const struct cvd_arena *a);

/** Bytes the arena has taken from the heap. */
size_t cvd_arena_reserved(const struct cvd_arena *a);

#endif
