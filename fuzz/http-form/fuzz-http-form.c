/* libFuzzer target for the request-body parsers of the HTTP front end (src/server/form.c).
 * The first byte picks the parser: urlencoded, multipart (the boundary is the first line of
 * the rest), a Content-Type value, or a Cookie header. On success every field must be UTF-8
 * without NUL and NUL-terminated, every file must lie inside the input, and the counts must
 * respect the limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvd/utf8.h"
#include "server/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct srv_form_limits lim = {
    .fields = 32,
    .files = 4,
    .name_bytes = 64,
    .header_bytes = 512,
};

static void check_text(struct cvd_str s, size_t max)
{
    if (s.len > max || s.ptr[s.len] != '\0' || memchr(s.ptr, '\0', s.len) != NULL ||
        !cvd_utf8_is_valid(s.ptr, s.len))
        abort();
}

static void check_fields(const struct srv_field *f, size_t n)
{
    if (n > lim.fields)
        abort();
    for (size_t i = 0; i < n; i++) {
        check_text(f[i].name, lim.name_bytes);
        check_text(f[i].value, SIZE_MAX);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *in = (const char *)data + 1;
    size_t len = size - 1;
    struct cvd_arena a;
    cvd_arena_init(&a, (size_t)64 << 20);
    struct srv_field *fields = NULL;
    size_t nfields = 0;
    const char *field = NULL;
    struct cvd_diag d;
    switch (data[0] % 4) {
    case 0:
        if (srv_form_parse_urlencoded(&a, in, len, &lim, &fields, &nfields, &field, &d) == 0)
            check_fields(fields, nfields);
        break;
    case 1: {
        const char *nl = memchr(in, '\n', len);
        if (nl == NULL)
            break;
        struct cvd_str boundary = {in, (size_t)(nl - in)};
        const char *body = nl + 1;
        size_t blen = len - boundary.len - 1;
        struct srv_file *files = NULL;
        size_t nfiles = 0;
        if (srv_form_parse_multipart(&a, body, blen, boundary, &lim, &fields, &nfields, &files,
                                     &nfiles, &field, &d) == 0) {
            check_fields(fields, nfields);
            if (nfiles > lim.files)
                abort();
            for (size_t i = 0; i < nfiles; i++) {
                check_text(files[i].field, lim.name_bytes);
                check_text(files[i].filename, lim.name_bytes);
                const char *p = files[i].data.ptr;
                if (files[i].data.len > blen || p < body || p + files[i].data.len > body + blen)
                    abort();
            }
        }
        break;
    }
    case 2: {
        struct cvd_str type, charset, boundary;
        if (srv_media_type_parse(&a, (struct cvd_str){in, len}, &type, &charset, &boundary) == 0) {
            if (type.len == 0 || memchr(type.ptr, '/', type.len) == NULL)
                abort();
        }
        break;
    }
    default:
        if (srv_cookie_parse(&a, (struct cvd_str){in, len}, 16, &fields, &nfields) == 0) {
            if (nfields > 16)
                abort();
            for (size_t i = 0; i < nfields; i++) {
                if (fields[i].name.len == 0 || fields[i].name.ptr[fields[i].name.len] != '\0')
                    abort();
            }
        }
        break;
    }
    cvd_arena_release(&a);
    return 0;
}
