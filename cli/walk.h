/* walk.h: turns the operands of a command (files, folders, "-") into the
 * ordered list of inputs the pipeline reads. */
#ifndef WS_CLI_WALK_H
#define WS_CLI_WALK_H

#include <stddef.h>
#include <stdint.h>

/* One input: a file to read, or an operand that cannot be read, reported
 * in its place in the input order. */
typedef struct ws_cli_input_file {
  char *path;    /* As named, or joined below a named folder; "-" is stdin. */
  uint64_t size; /* Size in bytes when it is a regular file, else 0. */
  int err_no;    /* Non-zero: the path cannot be read (errno value). */
} ws_cli_input_file;

/* The inputs of a run, in order, and what the walk passed over. */
typedef struct ws_cli_file_list {
  ws_cli_input_file *items;
  size_t n, cap;
  uint64_t total_size;   /* Sum of the sizes of regular files. */
  int unsized;           /* Some input's size is unknown (stdin, a pipe). */
  uint64_t skipped_hidden; /* Names starting with "." inside folders. */
  uint64_t skipped_binary; /* Files inside folders that are not text, HTML,
                              JSONL, WARC or gzip/zstd (images, PDF...). */
  uint64_t skipped_other;  /* Sockets, devices, symbolic link loops. */
  int open_checks;         /* Set by the caller before walking: a named file
                              is not checked for reading here (an access()
                              call a file), as the caller reports a failed
                              open with its errno in the file's place. */
} ws_cli_file_list;

/* Appends the inputs named by operand to list: the operand itself when it
 * is a file or "-" (read whatever it holds), or, for a folder, every file
 * below it, recursively, in byte order of names, skipping hidden names,
 * binary files (sniffed from their first bytes) and folders already being
 * walked (symbolic link loops). An operand or subfolder that cannot be
 * read becomes an entry with err_no set. Returns 0, or -1 when memory ran
 * out. */
int ws_cli_walk(ws_cli_file_list *list, const char *operand);

/* Frees the entries of list and empties it. */
void ws_cli_file_list_free(ws_cli_file_list *list);

/* True when the first len bytes of a file look like a format whosaid does
 * not read: a NUL byte in text without a UTF-16 byte-order mark, or the
 * signature of an image, PDF, archive, executable or LZ4 frame. gzip and
 * zstd are readable (the reader decompresses them). */
int ws_cli_sniff_binary(const unsigned char *head, size_t len);

#endif
