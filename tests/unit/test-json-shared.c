/* The differential test of the JSON reader against jansson on the project's shared test data
 * (every *.json under $CVD_SHARED_TESTDATA outside json/). That folder is not part of the
 * repository; without it this suite exits 77, which ctest reports as skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cvd/json.h"

#include "test-json-util.h"

static void test_differential_shared(void **state)
{
    (void)state;
    const char *shared = getenv("CVD_SHARED_TESTDATA");
    char *skip_dir = path_join(shared, "json");
    size_t counts[3] = {0, 0, 0};
    run_differential_dir(shared, skip_dir, counts);
    print_message("jansson vs cvd on %s (*.json outside json/): %zu accepted, %zu rejected, %zu "
                  "documented differences\n",
                  shared, counts[0], counts[1], counts[2]);
    assert_true(counts[0] > 500);
    free(skip_dir);
}

int main(void)
{
    const char *shared = getenv("CVD_SHARED_TESTDATA");
    struct stat st;
    if (shared == NULL || stat(shared, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipped: shared test data not found (CVD_SHARED_TESTDATA=%s)\n",
               shared != NULL ? shared : "unset");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_differential_shared),
    };
    return cmocka_run_group_tests_name("json-shared", tests, NULL, NULL);
}
