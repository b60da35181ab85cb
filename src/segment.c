/* segment.c: placeholder until the segmenter lands. */
#include <string.h>

#include "internal.h"

ws_status ws__segment(ws__doc *doc, ws__arena *arena, const char *text, size_t len) {
  memset(doc, 0, sizeof *doc);
  doc->text = text;
  doc->len = len;
  doc->arena = arena;
  ws__vec_init(&doc->warnings, sizeof(ws_warning));
  return WS_OK;
}

void ws__doc_free(ws__doc *doc) {
  ws__vec_free(&doc->warnings);
}
