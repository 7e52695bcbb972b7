/* One-time initialisation of the libraries under the notify layer, and small shared helpers. */
#include "cvd/notify.h"

#include <curl/curl.h>
#include <gpgme.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "cvd/alloc.h"
#include "cvd/checked.h"
#include "notify-int.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc;

static void init_libraries(void)
{
    /* curl_global_init is not thread-safe on every build: once, here, before any handle. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        init_rc = CVD_EIO;
        return;
    }
    if (sodium_init() < 0) {
        init_rc = CVD_EIO;
        return;
    }
    /* GPGME wants its version check to run once before the first context. */
    if (gpgme_check_version(NULL) == NULL) {
        init_rc = CVD_EIO;
        return;
    }
    init_rc = 0;
}

int cvd_notify_init(void)
{
    if (pthread_once(&init_once, init_libraries) != 0)
        return CVD_EIO;
    return init_rc;
}

int cvd__notify_ensure_init(void)
{
    return cvd_notify_init();
}

bool cvd_notify_is_temporary(int rc)
{
    return rc == CVD_NOTIFY_ETEMP;
}

bool cvd__notify_url_chars_ok(struct cvd_str s)
{
    static const char extra[] = "-._~:/?#[]@!$&'()*+,;=%";
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (cvd_ascii_is_alpha(c) || cvd_ascii_is_digit(c))
            continue;
        if (c == '\0' || memchr(extra, c, sizeof(extra) - 1) == NULL)
            return false;
    }
    return true;
}

bool cvd__notify_has_prefix_nocase(struct cvd_str s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.len >= n && cvd_str_eq_nocase((struct cvd_str){s.ptr, n}, cvd_str_from_cstr(prefix));
}

char *cvd__notify_strndup(struct cvd_str s)
{
    size_t n;
    if (cvd_size_add(s.len, 1, &n))
        return NULL;
    char *p = cvd_malloc(n);
    if (p == NULL)
        return NULL;
    if (s.len)
        memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    return p;
}
