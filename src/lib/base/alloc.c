#include "cvd/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>

/* The fault-injection counter. Relaxed atomics: the server is threaded, and a counter that
 * only tests arm must not be a data race when it is not armed. */
static atomic_long fail_at;
static atomic_long count;

static int should_fail(void)
{
    long armed = atomic_load_explicit(&fail_at, memory_order_relaxed);
    long n = atomic_fetch_add_explicit(&count, 1, memory_order_relaxed) + 1;
    return armed > 0 && n >= armed;
}

void cvd_alloc_fail_at(long nth)
{
    atomic_store_explicit(&count, 0, memory_order_relaxed);
    atomic_store_explicit(&fail_at, nth > 0 ? nth : 0, memory_order_relaxed);
}

long cvd_alloc_count(void)
{
    return atomic_load_explicit(&count, memory_order_relaxed);
}

void *cvd_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n);
}

void *cvd_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n, size);
}

void *cvd_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n);
}

void cvd_free(void *p)
{
    free(p);
}
