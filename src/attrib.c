/* attrib.c: placeholder until the attribution stage lands. */
#include "internal.h"

ws_status ws__attribute(const ws_engine *engine, ws__doc *doc, ws__arena *arena,
                        ws__vec *out) {
  (void)engine, (void)doc, (void)arena, (void)out;
  return WS_OK;
}
