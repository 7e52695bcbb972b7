/* bench-cvss FILE [ROUNDS]: library throughput of cvd_cvss_parse, cvd_cvss_score and
 * cvd_cvss_format on the vectors of FILE (one per line; TSV files: first column, "# " comments
 * skipped), in memory, without I/O. Prints vectors per second for each stage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cvd/cvss.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench-cvss FILE [ROUNDS]\n");
        return 2;
    }
    long rounds = 200;
    if (argc == 3) {
        rounds = 0;
        const char *d = argv[2];
        while (*d >= '0' && *d <= '9' && rounds < 1000000)
            rounds = rounds * 10 + (*d++ - '0');
        if (*d != '\0' || rounds <= 0) {
            fprintf(stderr, "bench-cvss: bad ROUNDS '%s'\n", argv[2]);
            return 2;
        }
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    static char text[1 << 24];
    size_t size = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[size] = '\0';

    static struct cvd_str vec[1 << 18];
    size_t n = 0;
    for (char *p = text; *p != '\0' && n < sizeof(vec) / sizeof(vec[0]);) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > 0 && strncmp(p, "# ", 2) != 0) {
            char *tab = memchr(p, '\t', len);
            vec[n++] = (struct cvd_str){p, tab ? (size_t)(tab - p) : len};
        }
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    if (n == 0) {
        fprintf(stderr, "bench-cvss: no vectors in %s\n", argv[1]);
        return 1;
    }

    unsigned long sink = 0;
    struct cvd_cvss c;
    char out[CVD_CVSS_FORMAT_MAX];
    const char *names[] = {"parse", "parse+score", "parse+score+format"};
    for (int stage = 0; stage < 3; stage++) {
        double t0 = now();
        for (long r = 0; r < rounds; r++) {
            for (size_t i = 0; i < n; i++) {
                if (cvd_cvss_parse(vec[i], CVD_CVSS_PARSE_V2, &c, NULL) != 0)
                    continue;
                if (stage >= 1) {
                    cvd_cvss_score(&c);
                    sink += (unsigned long)c.score;
                }
                if (stage >= 2)
                    sink += (unsigned long)cvd_cvss_format(&c, out, sizeof(out));
                sink += c.metric[0];
            }
        }
        double dt = now() - t0;
        printf("%-20s %10.0f vectors/s (%zu vectors x %ld rounds, %.3f s)\n", names[stage],
               (double)n * (double)rounds / dt, n, rounds, dt);
    }
    return sink == 42 ? 3 : 0;
}
