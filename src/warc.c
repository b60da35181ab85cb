/* warc.c: the WARC and ARC reader (in progress: WARC records come in the
 * next commit). */
#include "reader.h"

ws_status ws__warc_next(ws_reader *r, ws_record *rec, ws_error *err) {
  (void)rec;
  return ws__reader_fail(r, err, WS_ERR_IO, "WARC input is not supported yet", 0);
}
