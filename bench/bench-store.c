/* Store benchmark: durable writes per second (a report insert plus its audit event, as an
 * intake does) with 1 to 64 concurrent writers through group commit, against the disk's own
 * fsync rate and against one transaction per write; then reads of a report by id.
 *
 * usage: bench-store [-s SECONDS] DIR      (DIR: a folder on the disk to measure) */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cvd/arena.h"
#include "cvd/store.h"

static double seconds = 2.0;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The floor: 4 KiB written and fdatasync'ed, as often as the disk allows. */
static double fsync_rate(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/fsync.tmp", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return 0;
    char block[4096];
    memset(block, 'x', sizeof(block));
    long n = 0;
    double start = now_s();
    double end = start + seconds;
    while (now_s() < end) {
        if (pwrite(fd, block, sizeof(block), (off_t)(n % 256) * 4096) < 0 || fdatasync(fd) != 0)
            break;
        n++;
    }
    double rate = (double)n / (now_s() - start);
    close(fd);
    unlink(path);
    return rate;
}

static int submit_fn(struct cvd_store_tx *tx, void *arg)
{
    int64_t *ret = arg;
    struct cvd_report r = {
        .channel = CVD_CHANNEL_API,
        .state = CVD_REPORT_RECEIVED,
        .tlp = CVD_TLP_AMBER,
        .title = CVD_STR("Heap overflow in the example parser"),
        .product = CVD_STR("libexample"),
        .versions = CVD_STR("< 2.4.1"),
        .description = CVD_STR("A crafted header overflows a fixed buffer in parse_header(); "
                               "reachable from the network without authentication."),
        .impact = CVD_STR("remote code execution"),
        .reproduction = CVD_STR("curl --data-binary @poc.bin http://target/upload"),
        .reporter_email = CVD_STR("finder@example.net"),
    };
    char tracking[CVD_STORE_ID_MAX];
    int rc = cvd_store_report_insert(tx, &r, NULL, ret, tracking);
    if (rc)
        return rc;
    struct cvd_event ev = {.actor = CVD_STR("reporter"),
                           .type = CVD_STR("report.submitted"),
                           .object_kind = CVD_STR("report"),
                           .object_id = *ret,
                           .after = CVD_STR("received")};
    return cvd_store_event_append(tx, &ev);
}

struct job {
    struct cvd_store *s;
    double end;
    long done;
    long failed;
    int64_t max_id;
};

static void *writer(void *arg)
{
    struct job *j = arg;
    while (now_s() < j->end) {
        int64_t id = 0;
        if (cvd_store_write(j->s, submit_fn, &id, NULL) == 0) {
            j->done++;
            if (id > j->max_id)
                j->max_id = id;
        } else {
            j->failed++;
        }
    }
    return NULL;
}

static void *reader(void *arg)
{
    struct job *j = arg;
    struct cvd_arena a;
    cvd_arena_init(&a, 0);
    unsigned seed = (unsigned)(uintptr_t)arg;
    while (now_s() < j->end) {
        struct cvd_store_tx *tx;
        if (cvd_store_read_begin(j->s, &tx, NULL) != 0) {
            j->failed++;
            continue;
        }
        struct cvd_report r;
        seed = seed * 1103515245u + 12345u;
        int64_t id = 1 + (int64_t)(seed % (unsigned)j->max_id);
        if (cvd_store_report_get(tx, id, &a, &r) == 0)
            j->done++;
        else
            j->failed++;
        cvd_store_read_end(tx);
        cvd_arena_release(&a);
    }
    return NULL;
}

static int run(const char *dir, const char *label, unsigned flags, int threads, bool reads,
               int64_t *io_max_id)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/bench.db", dir);
    if (!reads) {
        char side[4200];
        unlink(path);
        snprintf(side, sizeof(side), "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof(side), "%s-shm", path);
        unlink(side);
    }
    struct cvd_store *s = NULL;
    struct cvd_diag d = {0};
    if (cvd_store_open(path, NULL, flags | CVD_STORE_CREATE | CVD_STORE_MIGRATE, &s, &d) != 0) {
        fprintf(stderr, "bench-store: %s\n", d.msg);
        return 1;
    }
    struct cvd_store_stats before;
    cvd_store_stats(s, &before);
    pthread_t th[64];
    struct job jobs[64];
    double start = now_s();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (struct job){.s = s, .end = start + seconds, .max_id = *io_max_id};
        pthread_create(&th[i], NULL, reads ? reader : writer, &jobs[i]);
    }
    long done = 0;
    long failed = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        done += jobs[i].done;
        failed += jobs[i].failed;
        if (jobs[i].max_id > *io_max_id)
            *io_max_id = jobs[i].max_id;
    }
    double elapsed = now_s() - start;
    struct cvd_store_stats after;
    cvd_store_stats(s, &after);
    unsigned long long commits = after.commits - before.commits;
    if (reads)
        printf("%-34s %3d threads %10.0f reads/s%s\n", label, threads, (double)done / elapsed,
               failed ? "  (FAILURES)" : "");
    else
        printf("%-34s %3d writers %9.0f writes/s %8.0f commits/s  %5.1f writes/commit%s\n", label,
               threads, (double)done / elapsed, (double)commits / elapsed,
               commits ? (double)done / (double)commits : 0.0, failed ? "  (FAILURES)" : "");
    fflush(stdout);
    cvd_store_close(s);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
        seconds = strtod(argv[i + 1], NULL);
        i += 2;
    }
    if (i + 1 != argc || seconds <= 0) {
        fprintf(stderr, "usage: bench-store [-s SECONDS] DIR\n");
        return 2;
    }
    const char *dir = argv[i];
    int status = 0;
    printf("%-34s %3s          %9.0f fsyncs/s\n", "disk floor (4 KiB + fdatasync)", "",
           fsync_rate(dir));
    int64_t max_id = 0;
    status |= run(dir, "one transaction per write", 0, 1, false, &max_id);
    static const int writers[] = {1, 4, 16, 32, 64};
    for (size_t k = 0; k < sizeof(writers) / sizeof(writers[0]); k++) {
        max_id = 0;
        status |= run(dir, "group commit", CVD_STORE_GROUP_COMMIT, writers[k], false, &max_id);
    }
    static const int readers[] = {1, 8};
    for (size_t k = 0; k < sizeof(readers) / sizeof(readers[0]); k++)
        status |= run(dir, "report by id (read tx each)", CVD_STORE_GROUP_COMMIT, readers[k], true,
                      &max_id);
    return status;
}
