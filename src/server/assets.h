/* Files compiled into the binary by embed.cmake: the templates of html/ and the static
 * assets of static/, each NUL-terminated (data[len] == 0) with its SHA-256 in hex. */
#ifndef CVD_SERVER_ASSETS_H
#define CVD_SERVER_ASSETS_H

#include <stddef.h>

struct srv_asset {
    const char *name; /* file name, "home.html", "style.css" */
    const unsigned char *data;
    size_t len;
    const char *sha256; /* 64 hex digits */
};

extern const struct srv_asset srv_html_assets[];
extern const size_t srv_html_assets_len;
extern const struct srv_asset srv_static_assets[];
extern const size_t srv_static_assets_len;

#endif
