/* walk.c: expands the operands of `whosaid extract` and `whosaid text` into
 * the ordered list of files to read. A folder is walked recursively, its
 * entries in byte order of their names, so that a run over a folder gives
 * the same output on every machine; hidden names and binary files are
 * passed over and counted. Whether a named file can be read is checked
 * here, so that "No such file or directory" is reported as the system says
 * it, in the file's place in the output order. */
#define _POSIX_C_SOURCE 200809L

#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

/* Bytes looked at to tell a binary file from a readable one. */
#define SNIFF_BYTES 4096
/* Deepest folder nesting walked; deeper folders are counted as skipped. */
#define MAX_DEPTH 128

/* A folder being walked, to catch symbolic links that lead back to it. */
typedef struct ancestor {
  dev_t dev;
  ino_t ino;
} ancestor;

/* Appends an entry (taking ownership of path). Returns 0, or -1 when memory
 * runs out (path is then freed). */
static int push(ws_cli_file_list *list, char *path, uint64_t size, int err_no) {
  if (list->n == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 16;
    ws_cli_input_file *p = realloc(list->items, cap * sizeof *p);
    if (!p) {
      free(path);
      return -1;
    }
    list->items = p;
    list->cap = cap;
  }
  ws_cli_input_file *f = &list->items[list->n++];
  f->path = path;
  f->size = size;
  f->err_no = err_no;
  list->total_size += size;
  return 0;
}

/* Appends a copy of path. Returns 0 or -1. */
static int push_copy(ws_cli_file_list *list, const char *path, uint64_t size,
                     int err_no) {
  char *copy = strdup(path);
  return copy ? push(list, copy, size, err_no) : -1;
}

/* True when head starts with the len-byte signature sig. */
static int starts(const unsigned char *head, size_t n, const char *sig, size_t len) {
  return n >= len && memcmp(head, sig, len) == 0;
}

int ws_cli_sniff_binary(const unsigned char *head, size_t len) {
  static const struct {
    const char *sig;
    size_t len;
  } SIGS[] = {
      {"\x89PNG", 4},         {"\xFF\xD8\xFF", 3},       {"GIF8", 4},
      {"%PDF", 4},            {"PK\x03\x04", 4},         {"\x7F" "ELF", 4},
      {"\x04\x22\x4D\x18", 4}, {"BZh", 3},               {"\xFD" "7zXZ", 5},
      {"7z\xBC\xAF", 4},      {"RIFF", 4},               {"OggS", 4},
      {"wOFF", 4},            {"wOF2", 4},               {"SQLite format 3", 15},
      {"ID3", 3},             {"\x1A\x45\xDF\xA3", 4},   {"\xCA\xFE\xBA\xBE", 4},
  };
  for (size_t i = 0; i < sizeof SIGS / sizeof SIGS[0]; i++)
    if (starts(head, len, SIGS[i].sig, SIGS[i].len))
      return 1;
  if (starts(head, len, "\x1F\x8B", 2) || starts(head, len, "\x28\xB5\x2F\xFD", 4))
    return 0; /* gzip, zstd: the reader looks inside. */
  if (starts(head, len, "\xFF\xFE", 2) || starts(head, len, "\xFE\xFF", 2))
    return 0; /* UTF-16 text holds NUL bytes. */
  if (len >= 12 && memcmp(head + 4, "ftyp", 4) == 0)
    return 1; /* MP4, QuickTime, HEIF. */
  return memchr(head, '\0', len) != NULL;
}

/* Reads the first bytes of the file at path and says whether it is binary.
 * Returns 1 binary, 0 readable, or -1 with errno set when it cannot be
 * opened or read. */
static int file_is_binary(const char *path) {
  unsigned char head[SNIFF_BYTES];
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  ssize_t n;
  do
    n = read(fd, head, sizeof head);
  while (n < 0 && errno == EINTR);
  int saved = errno;
  close(fd);
  if (n < 0) {
    errno = saved;
    return -1;
  }
  return ws_cli_sniff_binary(head, (size_t)n);
}

/* qsort comparison of two names (char * elements), in byte order. */
static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the names in the folder at path, without "." , ".." and hidden
 * names (counted in list), sorted. On success returns 0 and *names (n of
 * them, each and the array to free); else -1 with errno set. */
static int list_folder(ws_cli_file_list *list, const char *path, char ***names,
                       size_t *n) {
  DIR *d = opendir(path);
  if (!d)
    return -1;
  char **v = NULL;
  size_t len = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
        list->skipped_hidden++;
      continue;
    }
    if (len == cap) {
      size_t c = cap ? cap * 2 : 32;
      char **p = realloc(v, c * sizeof *p);
      if (!p) {
        rc = -1;
        break;
      }
      v = p;
      cap = c;
    }
    if ((v[len] = strdup(e->d_name)) == NULL) {
      rc = -1;
      break;
    }
    len++;
  }
  closedir(d);
  if (rc != 0) {
    for (size_t i = 0; i < len; i++)
      free(v[i]);
    free(v);
    errno = ENOMEM;
    return -1;
  }
  if (len)
    qsort(v, len, sizeof *v, by_name);
  *names = v;
  *n = len;
  return 0;
}

static int walk_folder(ws_cli_file_list *list, const char *path, ancestor *up,
                       size_t depth);

/* Handles one entry of a folder (taking ownership of path): a subfolder is
 * walked, a readable regular file appended, anything else counted. Returns
 * 0, or -1 when memory ran out. */
static int walk_entry(ws_cli_file_list *list, char *path, ancestor *up, size_t depth) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    if (errno == ENOENT || errno == ELOOP) { /* A dangling or looping link. */
      list->skipped_other++;
      free(path);
      return 0;
    }
    return push(list, path, 0, errno);
  }
  if (S_ISDIR(sb.st_mode)) {
    int rc = 0;
    for (size_t i = 0; i < depth; i++)
      if (up[i].dev == sb.st_dev && up[i].ino == sb.st_ino)
        rc = 1;
    if (rc || depth >= MAX_DEPTH) {
      list->skipped_other++;
      rc = 0;
    } else {
      up[depth].dev = sb.st_dev;
      up[depth].ino = sb.st_ino;
      rc = walk_folder(list, path, up, depth + 1);
    }
    free(path);
    return rc;
  }
  if (!S_ISREG(sb.st_mode)) {
    list->skipped_other++;
    free(path);
    return 0;
  }
  int binary = file_is_binary(path);
  if (binary < 0)
    return push(list, path, 0, errno);
  if (binary) {
    list->skipped_binary++;
    free(path);
    return 0;
  }
  return push(list, path, (uint64_t)sb.st_size, 0);
}

/* Walks the folder at path, whose (dev, inode) is up[depth - 1]. Returns 0,
 * or -1 when memory ran out. */
static int walk_folder(ws_cli_file_list *list, const char *path, ancestor *up,
                       size_t depth) {
  char **names;
  size_t n;
  if (list_folder(list, path, &names, &n) != 0)
    return errno == ENOMEM ? -1 : push_copy(list, path, 0, errno);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (rc == 0) {
      char *child = ws_cli_path_join(path, names[i]);
      rc = child ? walk_entry(list, child, up, depth) : -1;
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

int ws_cli_walk(ws_cli_file_list *list, const char *operand) {
  struct stat sb;
  if (strcmp(operand, "-") == 0) {
    list->unsized = 1;
    return push_copy(list, operand, 0, 0);
  }
  if (stat(operand, &sb) != 0)
    return push_copy(list, operand, 0, errno);
  if (S_ISDIR(sb.st_mode)) {
    ancestor *up = malloc(MAX_DEPTH * sizeof *up);
    if (!up)
      return -1;
    up[0].dev = sb.st_dev;
    up[0].ino = sb.st_ino;
    int rc = walk_folder(list, operand, up, 1);
    free(up);
    return rc;
  }
  if (!list->open_checks && access(operand, R_OK) != 0)
    return push_copy(list, operand, 0, errno);
  if (!S_ISREG(sb.st_mode))
    list->unsized = 1;
  return push_copy(list, operand, S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0, 0);
}

void ws_cli_file_list_free(ws_cli_file_list *list) {
  for (size_t i = 0; i < list->n; i++)
    free(list->items[i].path);
  free(list->items);
  list->items = NULL;
  list->n = list->cap = 0;
  list->total_size = 0;
}
