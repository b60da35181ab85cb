/* io.h: reading whole input files for the command-line tool. */
#ifndef WS_CLI_IO_H
#define WS_CLI_IO_H

#include <stddef.h>

/* The bytes of one input, owned by the caller: free data with free(). */
typedef struct ws_cli_input {
  char *data; /* Never NULL after a successful read, even when len is 0. */
  size_t len;
} ws_cli_input;

/* Outcome of ws_cli_read(). */
typedef enum ws_cli_read_status {
  WS_CLI_READ_OK = 0,
  WS_CLI_READ_ERRNO,   /* Opening or reading failed; *err_no says why. */
  WS_CLI_READ_TOO_BIG, /* The input holds more than max bytes. */
  WS_CLI_READ_NOMEM    /* The buffer could not grow. */
} ws_cli_read_status;

/* Reads all of the file at path, or standard input when path is "-", into
 * *in. Binary-safe: NUL bytes and invalid UTF-8 are kept as they are. Stops
 * with WS_CLI_READ_TOO_BIG as soon as more than max bytes have been seen, so
 * a huge input is never held in memory; max must be below SIZE_MAX. On any failure *in is
 * left empty (data NULL) and nothing needs freeing; on WS_CLI_READ_ERRNO, *err_no holds
 * the errno value. */
ws_cli_read_status ws_cli_read(const char *path, size_t max, ws_cli_input *in,
                               int *err_no);

/* Joins dir, "/" (unless dir ends with one) and name into a new string the
 * caller frees, or returns NULL when memory runs out. */
char *ws_cli_path_join(const char *dir, const char *name);

#endif
