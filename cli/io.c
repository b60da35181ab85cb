/* io.c: reads an input file (or standard input) whole into memory, in a
 * loop of read() calls (fread() for standard input) over a growing buffer,
 * so that pipes, NUL bytes and files of any size up to a limit are handled
 * alike. */
#define _POSIX_C_SOURCE 200809L

#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* First buffer size when the file's size is not known in advance. */
#define IO_INITIAL_CAP ((size_t)64 << 10)

/* Returns a good first capacity for the open file fd: its size plus one
 * when it is a non-empty regular file (so that end-of-file is seen without
 * growing), else a default. Never more than max + 1. */
static size_t first_capacity(int fd, size_t max) {
  struct stat sb;
  size_t cap = IO_INITIAL_CAP;
  if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
      (unsigned long long)sb.st_size < (unsigned long long)max)
    cap = (size_t)sb.st_size + 1;
  if (cap > max + 1)
    cap = max + 1;
  return cap < 1 ? 1 : cap;
}

/* Grows *buf to hold at least one more byte, doubling but never beyond
 * max + 1 bytes. Returns 0, or -1 when memory runs out (*buf is kept). */
static int grow(char **buf, size_t *cap, size_t max) {
  size_t want = *cap > (max + 1) / 2 ? max + 1 : *cap * 2;
  char *p = realloc(*buf, want);
  if (!p)
    return -1;
  *buf = p;
  *cap = want;
  return 0;
}

/* Reads fp to its end into a new buffer. Same contract as ws_cli_read(). */
static ws_cli_read_status read_stream(FILE *fp, size_t max, ws_cli_input *in,
                                      int *err_no) {
  size_t cap = first_capacity(fileno(fp), max), len = 0;
  char *buf = malloc(cap);
  if (!buf)
    return WS_CLI_READ_NOMEM;
  errno = 0;
  for (;;) {
    if (len == cap && grow(&buf, &cap, max) != 0) {
      free(buf);
      return WS_CLI_READ_NOMEM;
    }
    len += fread(buf + len, 1, cap - len, fp);
    if (len > max) {
      free(buf);
      return WS_CLI_READ_TOO_BIG;
    }
    if (ferror(fp)) {
      *err_no = errno ? errno : EIO;
      free(buf);
      return WS_CLI_READ_ERRNO;
    }
    if (feof(fp))
      break;
  }
  in->data = buf;
  in->len = len;
  return WS_CLI_READ_OK;
}

/* Reads the open file fd to its end into a new buffer with read(2): no
 * stdio buffer between the page cache and ours, fewer system calls per file.
 * Same contract as ws_cli_read(). */
static ws_cli_read_status read_fd(int fd, size_t max, ws_cli_input *in, int *err_no) {
  size_t cap = first_capacity(fd, max), len = 0;
  char *buf = malloc(cap);
  if (!buf)
    return WS_CLI_READ_NOMEM;
  for (;;) {
    if (len == cap && grow(&buf, &cap, max) != 0) {
      free(buf);
      return WS_CLI_READ_NOMEM;
    }
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      *err_no = errno ? errno : EIO;
      free(buf);
      return WS_CLI_READ_ERRNO;
    }
    if (n == 0)
      break;
    len += (size_t)n;
    if (len > max) {
      free(buf);
      return WS_CLI_READ_TOO_BIG;
    }
  }
  in->data = buf;
  in->len = len;
  return WS_CLI_READ_OK;
}

ws_cli_read_status ws_cli_read(const char *path, size_t max, ws_cli_input *in,
                               int *err_no) {
  in->data = NULL;
  in->len = 0;
  *err_no = 0;
  if (strcmp(path, "-") == 0) {
    clearerr(stdin);
    return read_stream(stdin, max, in, err_no);
  }
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    *err_no = errno;
    return WS_CLI_READ_ERRNO;
  }
  ws_cli_read_status st = read_fd(fd, max, in, err_no);
  close(fd);
  return st;
}

char *ws_cli_path_join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  int slash = a == 0 || dir[a - 1] != '/'; /* "dir/" + "x" is "dir/x". */
  char *p = malloc(a + b + 2);
  if (p) {
    memcpy(p, dir, a);
    if (slash)
      p[a] = '/';
    memcpy(p + a + (size_t)slash, name, b + 1);
  }
  return p;
}
