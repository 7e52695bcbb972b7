/* libFuzzer target for the CSAF validator: any bytes through the strict JSON reader and every
 * implemented test. Requires the report to be consistent: counts match the findings, each
 * finding names a test and a JSON pointer ("" or starting with '/'), and a document that
 * parsed gives the same findings when checked twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/csaf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct cvd_csaf_report *rep)
{
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < rep->len; i++) {
        const struct cvd_csaf_finding *f = &rep->items[i];
        if (f->test == NULL || f->test[0] == '\0' || f->pointer == NULL ||
            (f->pointer[0] != '\0' && f->pointer[0] != '/') || f->message == NULL)
            abort();
        if (f->severity == CVD_CSAF_ERROR)
            errors++;
        else
            warnings++;
    }
    if (errors != rep->errors || warnings != rep->warnings)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cvd_arena a;
    cvd_arena_init(&a, 64u << 20);
    struct cvd_csaf_report r1 = {0}, r2 = {0};
    int rc1 = cvd_csaf_check_buf(&a, (const char *)data, size, NULL, &r1, NULL);
    int rc2 = cvd_csaf_check_buf(&a, (const char *)data, size, NULL, &r2, NULL);
    if (rc1 != rc2)
        abort();
    if (rc1 == 0) {
        check(&r1);
        if (r1.len != r2.len)
            abort();
        for (size_t i = 0; i < r1.len; i++) {
            if (strcmp(r1.items[i].test, r2.items[i].test) != 0 ||
                strcmp(r1.items[i].pointer, r2.items[i].pointer) != 0)
                abort();
        }
    }
    cvd_arena_release(&a);
    return 0;
}
