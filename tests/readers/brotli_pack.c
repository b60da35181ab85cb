/* brotli_pack.c: compresses standard input to standard output with brotli,
 * so that tests/readers/test_readers.py can build WARC records with
 * Content-Encoding: br (Python has no brotli module here). Built only when
 * libbrotlienc is found. */
#include <brotli/encode.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  size_t cap = 1 << 16, n = 0, k;
  unsigned char *in = malloc(cap);
  while (in && (k = fread(in + n, 1, cap - n, stdin)) > 0)
    if ((n += k) == cap && !(in = realloc(in, cap *= 2)))
      return 1;
  if (!in)
    return 1;
  size_t out_len = BrotliEncoderMaxCompressedSize(n);
  unsigned char *out = malloc(out_len ? out_len : 16);
  if (!out || !BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW,
                                     BROTLI_MODE_TEXT, n, in, &out_len, out))
    return 1;
  fwrite(out, 1, out_len, stdout);
  free(in);
  free(out);
  return 0;
}
