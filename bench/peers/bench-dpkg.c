/* bench-dpkg FILE [ROUNDS]: Debian version comparisons per second, cvd against libdpkg, on the
 * pairs of FILE (lines "A<TAB>B..." or "A <op> B"), in memory, one core, in one run.
 *
 * Three columns, all over the same pairs:
 *   cvd           cvd_version_compare(debian) on the two strings (parses as it compares)
 *   dpkg full     libdpkg parseversion() of both strings, then dpkg_version_compare()
 *   dpkg compare  dpkg_version_compare() on versions parsed beforehand (its best case)
 * The ratio printed is cvd against "dpkg compare", the harder peer.
 *
 * libdpkg is GPL-2+: it is linked into this benchmark only (built when libdpkg-dev is
 * installed), never into cvd. It checks the answers agree, so a fast wrong answer can't win. */
#define LIBDPKG_VOLATILE_API 1

#include <dpkg/dpkg-db.h>
#include <dpkg/dpkg.h>
#include <dpkg/error.h>
#include <dpkg/version.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cvd/version.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct pair {
    char *a;
    char *b;
    struct dpkg_version da;
    struct dpkg_version db;
};

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* Split "A<TAB>B[<TAB>...]" or "A <op> B" in place; 0 when the line has no pair. */
static int split(char *line, char **ra, char **rb)
{
    char *tab = strchr(line, '\t');
    if (tab) {
        *tab = '\0';
        char *b = tab + 1;
        char *end = strchr(b, '\t');
        if (end)
            *end = '\0';
        *ra = line;
        *rb = b;
        return 1;
    }
    char *s1 = strchr(line, ' ');
    if (s1 == NULL)
        return 0;
    char *s2 = strchr(s1 + 1, ' ');
    if (s2 == NULL)
        return 0;
    *s1 = '\0';
    *ra = line;
    *rb = s2 + 1;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench-dpkg FILE [ROUNDS]\n");
        return 2;
    }
    int rounds = argc == 3 ? (int)strtod(argv[2], NULL) : 50;
    if (rounds <= 0)
        rounds = 1;
    const struct cvd_version_scheme *deb = cvd_version_scheme_find(CVD_STR("debian"));
    if (deb == NULL) {
        fprintf(stderr, "bench-dpkg: cvd has no debian scheme\n");
        return 1;
    }
    FILE *f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    size_t n = 0, cap = 1024;
    struct pair *p = malloc(cap * sizeof(*p));
    char line[4096];
    while (p && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *a, *b;
        if (line[0] == '\0' || line[0] == '#' || (line[0] == '/' && line[1] == '/') ||
            !split(line, &a, &b))
            continue;
        struct dpkg_error err;
        struct pair q = {.a = strdup(a), .b = strdup(b)};
        if (parseversion(&q.da, q.a, &err) != 0 || parseversion(&q.db, q.b, &err) != 0) {
            dpkg_error_destroy(&err);
            free(q.a);
            free(q.b);
            continue; /* only pairs both sides accept */
        }
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap * sizeof(*p));
            if (p == NULL)
                break;
        }
        p[n++] = q;
    }
    fclose(f);
    if (p == NULL || n == 0) {
        fprintf(stderr, "bench-dpkg: no pairs in %s\n", argv[1]);
        return 1;
    }

    long disagree = 0;
    for (size_t i = 0; i < n; i++) {
        int c = 0;
        if (cvd_version_compare(deb, cvd_str_from_cstr(p[i].a), cvd_str_from_cstr(p[i].b), &c,
                                NULL) != 0 ||
            sign(c) != sign(dpkg_version_compare(&p[i].da, &p[i].db)))
            disagree++;
    }

    /* The three passes take turns, one pass each per round, and each column reports its median
     * round: a burst of load from elsewhere then hits one round of each, not one column. */
    double *t = calloc((size_t)rounds * 3, sizeof(*t));
    if (t == NULL) {
        fprintf(stderr, "bench-dpkg: out of memory\n");
        return 1;
    }
    volatile long sink = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_now();
        for (size_t i = 0; i < n; i++) {
            int c = 0;
            int rc = cvd_version_compare(deb, cvd_str_from_cstr(p[i].a), cvd_str_from_cstr(p[i].b),
                                         &c, NULL);
            sink += c + rc;
        }
        double t1 = cpu_now();
        for (size_t i = 0; i < n; i++) {
            struct dpkg_version va, vb;
            struct dpkg_error err;
            (void)parseversion(&va, p[i].a, &err);
            (void)parseversion(&vb, p[i].b, &err);
            sink += dpkg_version_compare(&va, &vb);
        }
        double t2 = cpu_now();
        for (size_t i = 0; i < n; i++)
            sink += dpkg_version_compare(&p[i].da, &p[i].db);
        double t3 = cpu_now();
        t[r] = t1 - t0;
        t[rounds + r] = t2 - t1;
        t[2 * rounds + r] = t3 - t2;
    }
    (void)sink;

    double cvd = (double)n / median(t, rounds), full = (double)n / median(t + rounds, rounds),
           cmp = (double)n / median(t + 2 * rounds, rounds);
    free(t);
    printf(
        "debian: %zu pairs, median of %d rounds (CPU time), answers disagreeing with libdpkg: %ld\n",
        n, rounds, disagree);
    printf("  cvd                 %12.0f cmp/s\n", cvd);
    printf("  dpkg parse+compare  %12.0f cmp/s\n", full);
    printf("  dpkg compare only   %12.0f cmp/s\n", cmp);
    printf("  ratio cvd / dpkg compare only: %.2fx   (cvd / dpkg parse+compare: %.2fx)\n",
           cvd / cmp, cvd / full);
    return disagree ? 1 : 0;
}
