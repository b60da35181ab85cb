/* source.c: the byte source under every reader. It reads a file, standard
 * input or memory, detects gzip, zstd and LZ4 from the first bytes and
 * decompresses them on the fly (gzip with any number of members, zstd and
 * LZ4 with any number of frames), and keeps a window of decoded bytes that readers
 * look at before consuming. It remembers where each gzip member or zstd
 * frame starts, in the stored and in the decoded bytes, so that a record
 * starting a member can be located in the file as stored. Corrupt
 * compressed data is reported and decoding resumes at the next member;
 * memory is bounded by the window's limit.
 *
 * A gzip member that is whole in the stored bytes at hand and small enough
 * is decoded in one call of libdeflate when the build has it (about three
 * times as fast as zlib's inflate); anything else (a member larger than
 * FAST_ROOM_MAX decoded or FAST_IN_MAX stored, a cut or corrupt member, a
 * header CRC) is decoded by zlib from the member's start, so that what
 * comes out and every problem reported are zlib's. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <lz4frame.h>
#include <zlib.h>
#include <zstd.h>
#ifdef WS_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "reader.h"

enum {
  RAW_CHUNK = 256 * 1024,  /* Stored bytes read at a time. */
  WINDOW_MIN = 512 * 1024, /* First size of the window. */
  PRODUCE_MIN = 64 * 1024, /* Least free room a decode step gets. */
  MAX_PENDING = 1024,      /* Problems kept until the reader reaches them. */
  FAST_ROOM_MAX = 4 << 20, /* Largest decoded member libdeflate is tried on. */
  FAST_IN_MAX = 4 << 20,   /* Largest stored member libdeflate is tried on. */
  FAST_GIVE_UP = 16        /* Members zlib had to decode before libdeflate
                              is no longer tried on a source. */
};

static bool make_room(ws__src *s, size_t want);

/* Records a decoding problem at the current stored and decoded offsets. */
static void src_error(ws__src *s, ws_status code, const char *message, uint64_t raw) {
  /* A flood of problems (a long run of damaged members) is not all kept:
   * the reader reports the first ones and resynchronises past the rest. */
  if (s->errors.len - s->errors_head >= MAX_PENDING && code == WS_ERR_FORMAT)
    return;
  ws__src_error *e = ws__vec_push(&s->errors);
  if (!e)
    return;
  e->code = code;
  e->message = message;
  e->raw = raw;
  e->dec = ws__src_decoded(s);
}

/* Reads more stored bytes from the file, keeping the unread ones. Returns
 * false at the end of the file (or on a read error, which is recorded). */
static bool raw_refill(ws__src *s) {
  if (s->raw_eof || s->fd < 0) {
    s->raw_eof = true;
    return false;
  }
  if (s->in_pos > 0) {
    memmove(s->inbuf, s->inbuf + s->in_pos, s->in_len - s->in_pos);
    s->raw_base += s->in_pos;
    s->in_len -= s->in_pos;
    s->in_pos = 0;
  }
  for (;;) {
    size_t asked = s->in_cap - s->in_len;
    ssize_t n = read(s->fd, s->inbuf + s->in_len, asked);
    if (n > 0) {
      s->in_len += (size_t)n;
      s->bytes_read += (uint64_t)n;
      /* A small regular file that gave fewer bytes than asked for, all it
       * held when opened, is at its end: no read() to hear it say so. (Had
       * it grown meanwhile, that is as if it grew after this read.) */
      if (s->first_cap && (size_t)n < asked && s->bytes_read == s->file_size)
        s->raw_eof = true;
      return true;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      src_error(s, WS_ERR_IO, "read error", s->raw_base + s->in_len);
    s->raw_eof = true;
    return false;
  }
}

/* Makes at least n stored bytes available when the input has them. */
static size_t raw_ensure(ws__src *s, size_t n) {
  while (s->in_len - s->in_pos < n && raw_refill(s)) {
  }
  return s->in_len - s->in_pos;
}

/* Stored offset of in[in_pos]. */
static uint64_t raw_off(const ws__src *s) {
  return s->raw_base + s->in_pos;
}

/* Returns true when p starts a member of the source's codec. */
static bool member_magic(const ws__src *s, const unsigned char *p, size_t n) {
  if (s->codec == WS__CODEC_GZIP)
    return n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
  if (n < 4)
    return false;
  uint32_t m =
      (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  /* Both formats share the skippable frames. */
  if ((m & 0xFFFFFFF0u) == 0x184D2A50u)
    return true;
  return s->codec == WS__CODEC_LZ4 ? m == 0x184D2204u : m == 0xFD2FB528u;
}

/* Skips stored bytes up to the next member start. Returns false when the
 * input ends first. */
static bool raw_resync(ws__src *s) {
  for (;;) {
    size_t avail = raw_ensure(s, 4);
    const unsigned char *p = s->in + s->in_pos;
    for (size_t i = 0; i + 4 <= avail; i++) {
      if (s->codec == WS__CODEC_GZIP) {
        const unsigned char *q = memchr(p + i, 0x1f, avail - i);
        if (!q)
          break;
        i = (size_t)(q - p);
      }
      if (i + 4 <= avail && member_magic(s, p + i, avail - i)) {
        s->in_pos += i;
        return true;
      }
    }
    /* Keep the last 3 bytes: a magic number may straddle the boundary. */
    if (avail > 3)
      s->in_pos += avail - 3;
    if (!raw_refill(s))
      break;
  }
  s->in_pos = s->in_len;
  return false;
}

/* Returns true when every stored byte left is zero (padding after the
 * last member). */
static bool raw_rest_zero(ws__src *s) {
  for (;;) {
    for (size_t i = s->in_pos; i < s->in_len; i++)
      if (s->in[i])
        return false;
    s->in_pos = s->in_len;
    if (!raw_refill(s))
      return true;
  }
}

/* Remembers that a member starts here. */
static void member_push(ws__src *s) {
  /* Only members near the reader's position are looked up: when the
   * reader is far behind (skipping a huge record), forget the oldest. */
  if (s->members.len - s->members_head >= MAX_PENDING * 64) {
    ws__member *old = s->members.items;
    size_t keep = MAX_PENDING * 32;
    memmove(old, old + s->members.len - keep, keep * sizeof *old);
    s->members.len = keep;
    s->members_head = 0;
  }
  ws__member *m = ws__vec_push(&s->members);
  if (m) {
    m->dec = ws__src_decoded(s);
    m->raw = raw_off(s);
  }
}

/* Starts a member at the current stored position, or finds the next one.
 * Returns false when there is none: the decoded stream is complete. */
static bool member_begin(ws__src *s) {
  size_t avail = raw_ensure(s, 4);
  if (avail == 0)
    return false;
  if (!member_magic(s, s->in + s->in_pos, avail)) {
    if (raw_rest_zero(s))
      return false;
    static const char *const what[] = {"", "data that is not gzip between gzip members",
                                       "data that is not zstd between zstd frames",
                                       "data that is not LZ4 between LZ4 frames"};
    src_error(s, WS_ERR_FORMAT, what[s->codec], raw_off(s));
    if (!raw_resync(s))
      return false;
  }
  member_push(s);
  s->member_raw = raw_off(s);
  if (s->codec == WS__CODEC_GZIP)
    inflateReset((z_stream *)s->zlib);
  else if (s->codec == WS__CODEC_ZSTD)
    ZSTD_DCtx_reset((ZSTD_DStream *)s->zstd, ZSTD_reset_session_only);
  else
    LZ4F_resetDecompressionContext((LZ4F_dctx *)s->lz4);
  s->in_member = true;
  return true;
}

/* After corrupt data: reports it and moves to the next member. */
static void member_corrupt(ws__src *s, const char *message) {
  src_error(s, WS_ERR_FORMAT, message, raw_off(s));
  s->in_member = false;
  /* Look for the next member from just after the start of this one when
   * those bytes are still at hand: a corrupt member may have been decoded
   * past its end. */
  if (s->member_raw + 1 >= s->raw_base && s->member_raw + 1 <= s->raw_base + s->in_len)
    s->in_pos = (size_t)(s->member_raw + 1 - s->raw_base);
  else if (s->in_pos < s->in_len)
    s->in_pos++;
  raw_resync(s);
}

#ifdef WS_HAVE_LIBDEFLATE
/* Returns true when the gzip member header at p (avail bytes) is one that
 * libdeflate reads as zlib does: method deflate, no header CRC (which zlib
 * checks and libdeflate skips), no reserved flags. */
static bool fast_header(const unsigned char *p, size_t avail) {
  enum { FHCRC = 2, FRESERVED = 0xe0 };
  return avail >= 18 && p[2] == 8 && (p[3] & (FHCRC | FRESERVED)) == 0;
}

/* After libdeflate found no whole member in the stored bytes at hand:
 * brings more (growing the buffer up to FAST_IN_MAX when it is full).
 * Returns false when no more can be had: the input ends, or the member
 * is too large for the fast path. */
static bool fast_more_input(ws__src *s) {
  if (s->raw_eof || s->fd < 0)
    return false;
  if (s->in_pos == 0 && s->in_len == s->in_cap) {
    if (s->in_cap >= FAST_IN_MAX)
      return false;
    unsigned char *p = realloc(s->inbuf, s->in_cap * 2);
    if (!p)
      return false;
    s->inbuf = p;
    s->in = p;
    s->in_cap *= 2;
  }
  size_t before = s->in_len - s->in_pos;
  raw_refill(s);
  return s->in_len - s->in_pos > before;
}

/* After libdeflate found the window's free room too small: doubles it, up
 * to FAST_ROOM_MAX and within the window's limit. Returns false when it
 * cannot grow. */
static bool fast_more_room(ws__src *s) {
  size_t room = s->cap - s->end, held = s->end - s->start;
  size_t want = room * 2 < FAST_ROOM_MAX ? room * 2 : FAST_ROOM_MAX;
  if (want <= room || held + want > s->limit)
    return false;
  return make_room(s, held + want);
}

/* Decodes the gzip member that starts at the stored position whole, with
 * libdeflate, into the window's free room. Returns true when it did: the
 * member is consumed, its bytes are in the window. Returns false, having
 * consumed nothing, when zlib must decode it (see the top of the file);
 * after FAST_GIVE_UP such members the source stops trying. */
static bool gzip_whole(ws__src *s) {
  if (!s->fast)
    return false;
  /* A regular file never makes read() wait: keep the stored bytes at hand
   * above half the buffer, so that most members are whole in it. */
  if (s->regular && !s->raw_eof && s->in_len - s->in_pos < s->in_cap / 2)
    raw_refill(s);
  for (;;) {
    size_t avail = s->in_len - s->in_pos, room = s->cap - s->end, used = 0, made = 0;
    const unsigned char *p = s->in + s->in_pos;
    if (!fast_header(p, avail))
      break;
    enum libdeflate_result r = libdeflate_gzip_decompress_ex(
        s->fast, p, avail, s->buf + s->end, room, &used, &made);
    if (r == LIBDEFLATE_SUCCESS && used <= avail && made <= room) {
      s->in_pos += used;
      s->end += made;
      return true;
    }
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE ? !fast_more_room(s) : !fast_more_input(s))
      break;
  }
  if (++s->fast_fails >= FAST_GIVE_UP) {
    libdeflate_free_decompressor(s->fast);
    s->fast = NULL;
  }
  return false;
}
#else
/* Without libdeflate every member is zlib's. */
static bool gzip_whole(ws__src *s) {
  (void)s;
  return false;
}
#endif

/* One gzip decoding step into the window's free room. */
static void produce_gzip(ws__src *s) {
  z_stream *z = s->zlib;
  z->next_in = (Bytef *)(s->in + s->in_pos);
  z->avail_in =
      (uInt)(s->in_len - s->in_pos > UINT32_MAX ? UINT32_MAX : s->in_len - s->in_pos);
  z->next_out = (Bytef *)(s->buf + s->end);
  z->avail_out = (uInt)(s->cap - s->end > UINT32_MAX ? UINT32_MAX : s->cap - s->end);
  uInt in0 = z->avail_in, out0 = z->avail_out;
  int ret = inflate(z, Z_NO_FLUSH);
  s->in_pos += in0 - z->avail_in;
  s->end += out0 - z->avail_out;
  if (ret == Z_STREAM_END)
    s->in_member = false;
  else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT)
    member_corrupt(s, "corrupt gzip data");
  else if (ret == Z_MEM_ERROR) {
    src_error(s, WS_ERR_NOMEM, "out of memory", raw_off(s));
    s->eof = true;
  }
}

/* One zstd decoding step into the window's free room. */
static void produce_zstd(ws__src *s) {
  ZSTD_inBuffer in = {s->in + s->in_pos, s->in_len - s->in_pos, 0};
  ZSTD_outBuffer out = {s->buf + s->end, s->cap - s->end, 0};
  size_t ret = ZSTD_decompressStream(s->zstd, &out, &in);
  s->in_pos += in.pos;
  s->end += out.pos;
  if (ZSTD_isError(ret))
    member_corrupt(s, "corrupt zstd data");
  else if (ret == 0)
    s->in_member = false;
}

/* One LZ4 decoding step into the window's free room. */
static void produce_lz4(ws__src *s) {
  size_t in = s->in_len - s->in_pos, out = s->cap - s->end;
  size_t ret = LZ4F_decompress(s->lz4, s->buf + s->end, &out, s->in + s->in_pos, &in, NULL);
  s->in_pos += in;
  s->end += out;
  if (LZ4F_isError(ret))
    member_corrupt(s, "corrupt LZ4 data");
  else if (ret == 0)
    s->in_member = false;
}

/* Decodes some compressed bytes into the window's free room. */
static void produce_compressed(ws__src *s) {
  if (!s->in_member) {
    if (!member_begin(s)) {
      s->eof = true;
      return;
    }
    if (s->codec == WS__CODEC_GZIP && gzip_whole(s)) {
      s->in_member = false;
      return;
    }
  }
  if (s->in_pos == s->in_len && !raw_refill(s)) {
    static const char *const cut[] = {"", "truncated gzip stream", "truncated zstd stream",
                                      "truncated LZ4 stream"};
    if (s->in_member)
      src_error(s, WS_ERR_IO, cut[s->codec], raw_off(s));
    s->eof = true;
    return;
  }
  if (s->codec == WS__CODEC_GZIP)
    produce_gzip(s);
  else if (s->codec == WS__CODEC_ZSTD)
    produce_zstd(s);
  else
    produce_lz4(s);
}

/* Reads uncompressed bytes from the file straight into the window. */
static void produce_plain(ws__src *s) {
  for (;;) {
    ssize_t n = read(s->fd, s->buf + s->end, s->cap - s->end);
    if (n > 0) {
      s->end += (size_t)n;
      s->bytes_read += (uint64_t)n;
      return;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      src_error(s, WS_ERR_IO, "read error", s->bytes_read);
    s->eof = true;
    return;
  }
}

/* Makes room for want bytes from start, and some free room after end.
 * Returns false when memory runs out. */
static bool make_room(ws__src *s, size_t want) {
  /* A file of known size needs no more room than it has bytes (and one to
   * see its end); other inputs get PRODUCE_MIN at least, for fewer reads. */
  size_t least = s->sized ? 1 : PRODUCE_MIN;
  size_t need = want > least ? want : least, slack = s->sized ? 1 : PRODUCE_MIN / 4;
  if (s->cap - s->start >= need && s->cap - s->end >= slack)
    return true;
  if (s->start > 0) {
    memmove(s->buf, s->buf + s->start, s->end - s->start);
    s->end -= s->start;
    s->start = 0;
  }
  if (s->cap >= need && s->cap - s->end >= slack)
    return true;
  size_t cap = s->cap ? s->cap : s->first_cap ? s->first_cap : WINDOW_MIN;
  while (cap < need || cap - s->end < PRODUCE_MIN / 4)
    cap *= 2;
  /* Doubling stops at the limit: a 64 MiB record needs no 128 MiB window. */
  size_t most = (need > s->limit ? need : s->limit) + PRODUCE_MIN;
  if (cap > most)
    cap = most;
  char *p = realloc(s->buf, cap);
  if (!p)
    return false;
  s->buf = p;
  s->cap = cap;
  return true;
}

/* The bytes worth asking ws__src_fill for: want, but for an uncompressed
 * regular file no more than the window and the rest of the file hold, plus
 * one byte to see its end (without that, a large want, such as a whole
 * document's limit, would grow the window far beyond a small file). A file
 * that grew since it was opened is read as any other input. */
static size_t sized_want(ws__src *s, size_t want) {
  if (!s->sized)
    return want;
  if (s->bytes_read > s->file_size) {
    s->sized = false;
    return want;
  }
  uint64_t most = (uint64_t)(s->end - s->start) + (s->file_size - s->bytes_read) + 1;
  return most < want ? (size_t)most : want;
}

size_t ws__src_fill(ws__src *s, size_t want) {
  if (want > s->limit)
    want = s->limit;
  size_t w;
  while (s->end - s->start < (w = sized_want(s, want)) && !s->eof) {
    if (!make_room(s, w)) {
      src_error(s, WS_ERR_NOMEM, "out of memory", raw_off(s));
      s->eof = true;
      break;
    }
    if (s->codec == WS__CODEC_NONE)
      produce_plain(s);
    else
      produce_compressed(s);
  }
  return s->end - s->start;
}

void ws__src_consume(ws__src *s, size_t n) {
  s->start += n;
  s->pos += n;
  if (s->start == s->end && !s->borrowed) {
    s->start = s->end = 0;
  }
}

uint64_t ws__src_skip(ws__src *s, uint64_t n) {
  uint64_t done = 0;
  while (done < n) {
    size_t avail = ws__src_avail(s);
    if (avail == 0 && (avail = ws__src_fill(s, RAW_CHUNK)) == 0)
      break;
    size_t k = avail < n - done ? avail : (size_t)(n - done);
    ws__src_consume(s, k);
    done += k;
  }
  return done;
}

bool ws__src_member_at(ws__src *s, uint64_t dec, uint64_t *raw) {
  ws__member *m = s->members.items;
  while (s->members_head < s->members.len && m[s->members_head].dec < dec)
    s->members_head++;
  if (s->members_head == s->members.len) {
    s->members.len = s->members_head = 0;
    return false;
  }
  if (s->members_head > 1024) {
    memmove(m, m + s->members_head, (s->members.len - s->members_head) * sizeof *m);
    s->members.len -= s->members_head;
    s->members_head = 0;
  }
  if (m[s->members_head].dec != dec)
    return false;
  *raw = m[s->members_head].raw;
  return true;
}

const ws__src_error *ws__src_error_before(const ws__src *s, uint64_t dec) {
  if (s->errors_head == s->errors.len)
    return NULL;
  const ws__src_error *e = (const ws__src_error *)s->errors.items + s->errors_head;
  return e->dec <= dec ? e : NULL;
}

void ws__src_error_pop(ws__src *s) {
  if (s->errors_head < s->errors.len && ++s->errors_head == s->errors.len)
    s->errors.len = s->errors_head = 0;
}

/* Sets up the decoder for the detected codec. */
static ws_status codec_init(ws__src *s) {
  if (s->codec == WS__CODEC_GZIP) {
    z_stream *z = calloc(1, sizeof *z);
    if (!z)
      return WS_ERR_NOMEM;
    s->zlib = z;
    if (inflateInit2(z, 16 + MAX_WBITS) != Z_OK)
      return WS_ERR_NOMEM;
#ifdef WS_HAVE_LIBDEFLATE
    s->fast = libdeflate_alloc_decompressor(); /* None: zlib alone. */
#endif
  } else if (s->codec == WS__CODEC_ZSTD) {
    s->zstd = ZSTD_createDStream();
    if (!s->zstd)
      return WS_ERR_NOMEM;
  } else if (s->codec == WS__CODEC_LZ4) {
    LZ4F_dctx *d = NULL;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION)))
      return WS_ERR_NOMEM;
    s->lz4 = d;
  }
  return WS_OK;
}

/* Detects the codec from the first stored bytes. Returns WS_ERR_FORMAT
 * for compressions not supported, with a message in *why. */
static ws_status detect_codec(ws__src *s, const char **why) {
  size_t n = raw_ensure(s, 6);
  const unsigned char *p = s->in + s->in_pos;
  s->codec = WS__CODEC_NONE;
  if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
    s->codec = WS__CODEC_GZIP;
  else if (n >= 4 && member_magic(&(ws__src){.codec = WS__CODEC_ZSTD}, p, n))
    s->codec = WS__CODEC_ZSTD;
  else if (n >= 4 && p[0] == 0x04 && p[1] == 0x22 && p[2] == 0x4d && p[3] == 0x18)
    s->codec = WS__CODEC_LZ4;
  else if (n >= 6 && memcmp(p,
                            "\xfd"
                            "7zXZ\0",
                            6) == 0)
    *why = "xz-compressed input is not supported";
  else if (n >= 3 && memcmp(p, "BZh", 3) == 0 && n >= 4 && p[3] >= '1' && p[3] <= '9')
    *why = "bzip2-compressed input is not supported";
  return *why ? WS_ERR_FORMAT : WS_OK;
}

ws_status ws__src_open(ws__src *s, int fd, bool close_fd, const void *mem, size_t len,
                       size_t limit, ws_error *err) {
  struct stat sb;
  bool known = fd >= 0 && fstat(fd, &sb) == 0;
  return ws__src_open_stat(s, fd, close_fd, known ? &sb : NULL, mem, len, limit, err);
}

ws_status ws__src_open_stat(ws__src *s, int fd, bool close_fd, const struct stat *sb,
                            const void *mem, size_t len, size_t limit, ws_error *err) {
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->close_fd = close_fd;
  s->limit = limit;
  ws__vec_init(&s->members, sizeof(ws__member));
  ws__vec_init(&s->errors, sizeof(ws__src_error));
  if (fd < 0) {
    s->in = mem;
    s->in_len = len;
    s->raw_eof = true;
    s->bytes_read = len;
  } else {
    /* A small regular file gets small buffers: one document a file is the
     * common case, and large buffers cost an mmap and page faults each. */
    size_t chunk = RAW_CHUNK;
    s->regular = sb && S_ISREG(sb->st_mode);
    if (s->regular && sb->st_size >= 0 && (uint64_t)sb->st_size < RAW_CHUNK) {
      chunk = (size_t)sb->st_size + 4096;
      s->first_cap = (size_t)sb->st_size + PRODUCE_MIN + PRODUCE_MIN / 4;
      s->file_size = (uint64_t)sb->st_size;
    } else {
#ifdef POSIX_FADV_SEQUENTIAL
      posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL); /* Worth a call for large inputs. */
#endif
    }
    s->inbuf = malloc(chunk);
    if (!s->inbuf)
      goto nomem;
    s->in = s->inbuf;
    s->in_cap = chunk;
  }
  const char *why = NULL;
  ws_status st = detect_codec(s, &why);
  if (st == WS_OK && s->errors.len > 0) {
    st = WS_ERR_IO;
    why = "read error";
  }
  if (st != WS_OK) {
    if (err)
      *err = (ws_error){st, why, 0};
    return st;
  }
  if (codec_init(s) != WS_OK)
    goto nomem;
  if (s->codec == WS__CODEC_NONE && fd < 0) {
    /* Uncompressed memory: the window is the caller's bytes. */
    s->buf = (char *)mem;
    s->cap = s->end = len;
    s->borrowed = true;
    s->eof = true;
  } else if (s->codec == WS__CODEC_NONE && s->first_cap) {
    /* A small uncompressed file: the buffer that holds the bytes read for
     * detection (all of them, usually) becomes the window. */
    s->buf = (char *)s->inbuf;
    s->cap = s->in_cap;
    s->end = s->in_len;
    s->inbuf = NULL;
    s->in = NULL;
    s->in_cap = s->in_pos = s->in_len = 0;
    s->sized = true;
    s->eof = s->raw_eof; /* The whole file is in, and its end was seen. */
  } else if (s->codec == WS__CODEC_NONE) {
    /* Bytes already read for detection move into the window. */
    if (!make_room(s, s->in_len))
      goto nomem;
    memcpy(s->buf, s->in, s->in_len);
    s->end = s->in_len;
    s->in_pos = s->in_len;
  }
  return WS_OK;
nomem:
  if (err)
    *err = (ws_error){WS_ERR_NOMEM, "out of memory", 0};
  return WS_ERR_NOMEM;
}

void ws__src_close(ws__src *s) {
  if (s->zlib) {
    inflateEnd(s->zlib);
    free(s->zlib);
  }
#ifdef WS_HAVE_LIBDEFLATE
  if (s->fast)
    libdeflate_free_decompressor(s->fast);
#endif
  if (s->zstd)
    ZSTD_freeDStream(s->zstd);
  if (s->lz4)
    LZ4F_freeDecompressionContext(s->lz4);
  if (!s->borrowed)
    free(s->buf);
  free(s->inbuf);
  ws__vec_free(&s->members);
  ws__vec_free(&s->errors);
  if (s->close_fd && s->fd >= 0)
    close(s->fd);
  memset(s, 0, sizeof *s);
  s->fd = -1;
}
