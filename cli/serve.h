/* serve.h: the internal interface between the files of `whosaid serve`
 * (cli/serve*.c) and the web assets compiled in by tools/gen_web.py. */
#ifndef WS_SERVE_H
#define WS_SERVE_H

#include <stddef.h>

/* One file of the web page, compiled into the tool from web/. */
typedef struct ws_web_asset {
  const char *path;          /* URL path, such as "/app.js". */
  const char *type;          /* Content-Type. */
  const unsigned char *data; /* The bytes (followed by a NUL not counted). */
  size_t len;
  const char *etag;          /* A quoted ETag made from a hash of the bytes. */
} ws_web_asset;

/* The assets, ws_web_asset_count of them, then an entry of NULLs. */
extern const ws_web_asset ws_web_assets[];
extern const size_t ws_web_asset_count;

#endif
