/* utf8.c: strict UTF-8 decoding for the segmenter and the JSON writer. */
#include "internal.h"

int ws__utf8_decode(const unsigned char *s, size_t len, size_t i, int32_t *cp) {
  unsigned c = s[i];
  if (c < 0x80) {
    *cp = (int32_t)c;
    return 1;
  }
  int n;
  int32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    *cp = -1;
    return 1;
  }
  if (len - i < (size_t)n) {
    *cp = -1;
    return 1;
  }
  for (int k = 1; k < n; k++) {
    unsigned cc = s[i + k];
    if ((cc & 0xC0) != 0x80) {
      *cp = -1;
      return 1;
    }
    v = (v << 6) | (int32_t)(cc & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = -1;
    return 1;
  }
  *cp = v;
  return n;
}
