/* The diagnostics every version scheme shares. */
#include "cvd/err.h"
#include "cvd/str.h"

#include "vers-int.h"

int cvd__vers_invalid(struct cvd_diag *diag, int code, const char *what, struct cvd_str text,
                      size_t quote_max, size_t offset, const char *why)
{
    int len = (int)(text.len > quote_max ? quote_max : text.len);
    return cvd_diag_set_at(diag, code, offset, "invalid %s '%.*s%s': %s", what, len, text.ptr,
                           text.len > quote_max ? "..." : "", why);
}
