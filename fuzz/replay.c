/* replay.c: runs a libFuzzer target over files, without libFuzzer.
 *
 * Linked with a target such as fuzz_extract.c by any C compiler, it calls
 * LLVMFuzzerTestOneInput() once for each file named on the command line and
 * for each regular file in each directory named there (in name order, not
 * recursing). This is how the committed seed corpus, and every crash found
 * by fuzzing and added to it, runs as an ordinary test in `make check`.
 *
 * Exit status: 0 when every input ran, 1 when a file could not be read or no
 * input was found at all (an empty or missing corpus is an error, so the test
 * cannot pass by accident). A failed invariant aborts inside the target. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a whole file into a new buffer; returns NULL on failure. */
static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  while (buf) {
    len += fread(buf + len, 1, cap - len, f);
    if (len < cap)
      break;
    uint8_t *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *size = len;
  return buf;
}

/* Runs the target on one file. Returns 0 on success, 1 when it is unreadable. */
static int replay_file(const char *path) {
  size_t size = 0;
  uint8_t *data = read_file(path, &size);
  if (!data) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    return 1;
  }
  LLVMFuzzerTestOneInput(data, size);
  free(data);
  return 0;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the target on each regular file of a directory, in name order. Adds
 * the number of files run to *count; returns the number of failures. */
static int replay_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: cannot open directory %s\n", dir);
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int failures = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **bigger = realloc(names, cap * sizeof *names);
      if (!bigger) {
        failures++;
        break;
      }
      names = bigger;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) {
      failures++;
      break;
    }
    snprintf(names[n], len, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  if (n > 1)
    qsort(names, n, sizeof *names, compare_names);
  for (size_t i = 0; i < n; i++) {
    struct stat sb;
    if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
      failures += replay_file(names[i]);
      (*count)++;
    }
    free(names[i]);
  }
  free(names);
  return failures;
}

int main(int argc, char **argv) {
  size_t count = 0;
  int failures = 0;
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
      failures += replay_dir(argv[i], &count);
    } else {
      failures += replay_file(argv[i]);
      count++;
    }
  }
  if (count == 0) {
    fprintf(stderr, "replay: no input files\n");
    return 1;
  }
  printf("replay: %zu inputs, %d unreadable\n", count, failures);
  return failures ? 1 : 0;
}
