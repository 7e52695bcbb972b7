/* The one allocation hook of libcvd. Tests arm it to fail the Nth allocation, so every
 * out-of-memory path can be walked; library code never calls malloc/free directly. */
#ifndef CVD_ALLOC_H
#define CVD_ALLOC_H

#include <stddef.h>

/** malloc/calloc/realloc/free with the hook; they return NULL on failure like libc's. */
void *cvd_malloc(size_t n);
void *cvd_calloc(size_t n, size_t size);
void *cvd_realloc(void *p, size_t n);
void cvd_free(void *p);

/**
 * Test hook: make allocation number `nth` (1-based, counted from this call) and every later
 * one fail; 0 disarms. Thread-safe (atomics), but meant for single-threaded tests.
 */
void cvd_alloc_fail_at(long nth);

/** Allocations attempted since the hook was last armed or disarmed. */
long cvd_alloc_count(void);

#define CVD_FREE(p)                                                                                \
    do {                                                                                           \
        cvd_free(p);                                                                               \
        (p) = NULL;                                                                                \
    } while (0)

#endif
