/* bench-json: parse the same documents with cvd's reader and with jansson, in one process, and
 * print MB/s for each and their ratio.
 *
 *   bench-json [-n ITERATIONS] [-l LABEL] PATH...
 *
 * A PATH that is a directory stands for every *.json file below it. All files are read into
 * memory first; one iteration parses each of them once (cvd: into a fresh arena, released
 * after; jansson: json_loadb with JSON_REJECT_DUPLICATES, then json_decref). Time is process
 * CPU time (CLOCK_PROCESS_CPUTIME_ID); the median iteration is reported. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "cvd/json.h"

struct doc {
    char *data;
    size_t len;
};

struct docs {
    struct doc *v;
    size_t len;
    size_t cap;
    size_t bytes;
};

static int add_file(struct docs *d, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "bench-json: cannot open '%s'\n", path);
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        fclose(f);
        return -1;
    }
    size_t len = (size_t)st.st_size;
    char *data = malloc(len ? len : 1);
    if (data == NULL || fread(data, 1, len, f) != len) {
        fprintf(stderr, "bench-json: cannot read '%s'\n", path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    if (d->len == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        struct doc *v = realloc(d->v, d->cap * sizeof(*v));
        if (v == NULL) {
            free(data);
            return -1;
        }
        d->v = v;
    }
    d->v[d->len++] = (struct doc){data, len};
    d->bytes += len;
    return 0;
}

static int add_path(struct docs *d, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "bench-json: cannot stat '%s'\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return add_file(d, path);
    DIR *dir = opendir(path);
    if (dir == NULL)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (p == NULL) {
            rc = -1;
            break;
        }
        snprintf(p, n, "%s/%s", path, e->d_name);
        struct stat sub;
        size_t nl = strlen(e->d_name);
        if (stat(p, &sub) == 0 && S_ISDIR(sub.st_mode))
            rc = add_path(d, p);
        else if (nl > 5 && strcmp(e->d_name + nl - 5, ".json") == 0)
            rc = add_file(d, p);
        free(p);
    }
    closedir(dir);
    return rc;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t run_cvd(const struct docs *d)
{
    size_t ok = 0;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    for (size_t i = 0; i < d->len; i++) {
        const struct cvd_json *root;
        struct cvd_diag diag;
        if (cvd_json_parse(&a, d->v[i].data, d->v[i].len, NULL, 0, &root, &diag) == 0)
            ok++;
        cvd_arena_release(&a);
    }
    return ok;
}

static size_t run_jansson(const struct docs *d)
{
    size_t ok = 0;
    for (size_t i = 0; i < d->len; i++) {
        json_error_t err;
        json_t *j = json_loadb(d->v[i].data, d->v[i].len, JSON_REJECT_DUPLICATES, &err);
        if (j != NULL)
            ok++;
        json_decref(j);
    }
    return ok;
}

static int parse_count(const char *s, int *ret)
{
    int n = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > 100000)
            return -1;
        n = n * 10 + (*s - '0');
    }
    *ret = n;
    return n > 0 ? 0 : -1;
}

static double median_mbps(double *secs, int n, size_t bytes)
{
    qsort(secs, (size_t)n, sizeof(*secs), compare_double);
    double med = secs[n / 2];
    return med > 0 ? (double)bytes / 1e6 / med : 0;
}

int main(int argc, char **argv)
{
    int iterations = 7;
    const char *label = "input";
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            if (parse_count(argv[++i], &iterations) < 0) {
                fprintf(stderr, "bench-json: bad -n '%s'\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "-l") == 0 && i + 1 < argc) {
            label = argv[++i];
        } else {
            fprintf(stderr, "usage: bench-json [-n ITERATIONS] [-l LABEL] PATH...\n");
            return 2;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: bench-json [-n ITERATIONS] [-l LABEL] PATH...\n");
        return 2;
    }
    struct docs d = {0};
    for (; i < argc; i++) {
        if (add_path(&d, argv[i]) < 0)
            return 1;
    }
    double *cvd_secs = calloc((size_t)iterations, sizeof(double));
    double *jan_secs = calloc((size_t)iterations, sizeof(double));
    if (cvd_secs == NULL || jan_secs == NULL)
        return 1;
    size_t cvd_ok = 0;
    size_t jan_ok = 0;
    /* one warm-up pass each, then alternate so both see the same machine state */
    run_cvd(&d);
    run_jansson(&d);
    for (int k = 0; k < iterations; k++) {
        double t0 = cpu_seconds();
        cvd_ok = run_cvd(&d);
        double t1 = cpu_seconds();
        jan_ok = run_jansson(&d);
        double t2 = cpu_seconds();
        cvd_secs[k] = t1 - t0;
        jan_secs[k] = t2 - t1;
    }
    double cvd_mbps = median_mbps(cvd_secs, iterations, d.bytes);
    double jan_mbps = median_mbps(jan_secs, iterations, d.bytes);
    printf("%s: %zu files, %.1f MB, %d iterations (median of CPU time)\n", label, d.len,
           (double)d.bytes / 1e6, iterations);
    printf("  cvd     %8.1f MB/s  (%zu/%zu parsed)\n", cvd_mbps, cvd_ok, d.len);
    printf("  jansson %8.1f MB/s  (%zu/%zu parsed)\n", jan_mbps, jan_ok, d.len);
    printf("  ratio   %8.2fx\n", jan_mbps > 0 ? cvd_mbps / jan_mbps : 0);
    for (size_t k = 0; k < d.len; k++)
        free(d.v[k].data);
    free(d.v);
    free(cvd_secs);
    free(jan_secs);
    return 0;
}
