/* arena.c: the per-document bump allocator, growable arrays and byte
 * buffers used by every stage, so hot paths never call malloc per token. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct ws__arena_block {
  ws__arena_block *next;
  size_t size;
  max_align_t data[];
};

enum { WS__ARENA_MIN_BLOCK = 64 * 1024 };

/* Spare blocks: a few freed blocks of the minimum size, kept for the next
 * arena (of any thread). Each document makes and frees one or two arenas,
 * and a 64 KiB malloc and free cost thousands of instructions in the
 * allocator (jemalloc's large size classes), several times what the
 * tokenizer spends on a short article. The slots are global so that a
 * block kept at exit is still reachable (no leak), and atomic so that
 * worker threads share them. Not under AddressSanitizer, so that it still
 * sees uses of a freed document's memory. */
#if defined(__SANITIZE_ADDRESS__)
#define WS__ARENA_SPARES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WS__ARENA_SPARES 0
#endif
#endif
#ifndef WS__ARENA_SPARES
#define WS__ARENA_SPARES 4
#endif

#if WS__ARENA_SPARES
static _Atomic(ws__arena_block *) spares[WS__ARENA_SPARES];
#endif

/* A spare block of the minimum size, or NULL. */
static ws__arena_block *take_spare(void) {
#if WS__ARENA_SPARES
  for (int k = 0; k < WS__ARENA_SPARES; k++)
    if (atomic_load_explicit(&spares[k], memory_order_relaxed)) {
      ws__arena_block *b = atomic_exchange_explicit(&spares[k], NULL, memory_order_acquire);
      if (b)
        return b;
    }
#endif
  return NULL;
}

/* Keeps block b as a spare when it has the minimum size and a slot is
 * free; returns false when the caller must free it. */
static bool keep_spare(ws__arena_block *b) {
#if WS__ARENA_SPARES
  if (b->size != WS__ARENA_MIN_BLOCK)
    return false;
  for (int k = 0; k < WS__ARENA_SPARES; k++) {
    ws__arena_block *none = NULL;
    if (atomic_compare_exchange_strong_explicit(&spares[k], &none, b, memory_order_release,
                                                memory_order_relaxed))
      return true;
  }
#else
  (void)b;
#endif
  return false;
}

void ws__arena_init(ws__arena *a) {
  a->head = NULL;
  a->used = 0;
  a->total = 0;
}

/* Rounds n up to the alignment of max_align_t. */
static size_t align_up(size_t n) {
  size_t al = _Alignof(max_align_t);
  return (n + al - 1) & ~(al - 1);
}

void *ws__arena_alloc(ws__arena *a, size_t size) {
  void *p = ws__arena_alloc_uninit(a, size);
  if (p)
    memset(p, 0, size ? size : 1);
  return p;
}

void *ws__arena_alloc_uninit(ws__arena *a, size_t size) {
  if (size > SIZE_MAX / 2)
    return NULL;
  size = align_up(size ? size : 1);
  if (!a->head || a->head->size - a->used < size) {
    size_t bsize = size > WS__ARENA_MIN_BLOCK ? size : WS__ARENA_MIN_BLOCK;
    if (a->total / 2 > bsize && a->total / 2 < ((size_t)1 << 30))
      bsize = align_up(a->total / 2);
    ws__arena_block *b = bsize == WS__ARENA_MIN_BLOCK ? take_spare() : NULL;
    if (!b)
      b = malloc(sizeof *b + bsize);
    if (!b)
      return NULL;
    b->next = a->head;
    b->size = bsize;
    a->head = b;
    a->used = 0;
    a->total += bsize;
  }
  void *p = (char *)a->head->data + a->used;
  a->used += size;
  return p;
}

char *ws__arena_strdup(ws__arena *a, const char *s, size_t len) {
  char *p = ws__arena_alloc_uninit(a, len + 1); /* Every byte is written. */
  if (!p)
    return NULL;
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void ws__arena_free(ws__arena *a) {
  ws__arena_block *b = a->head;
  while (b) {
    ws__arena_block *next = b->next;
    if (!keep_spare(b))
      free(b);
    b = next;
  }
  ws__arena_init(a);
}

void ws__vec_init(ws__vec *v, size_t item_size) {
  v->items = NULL;
  v->len = 0;
  v->cap = 0;
  v->item_size = item_size;
}

void *ws__vec_grow_push(ws__vec *v) {
  if (v->len == v->cap) {
    /* The first block holds 4 KiB (16 items at least): fewer reallocs. */
    size_t first = 4096 / v->item_size > 16 ? 4096 / v->item_size : 16;
    size_t cap = v->cap ? v->cap * 2 : first;
    void *p = realloc(v->items, cap * v->item_size);
    if (!p)
      return NULL;
    v->items = p;
    v->cap = cap;
  }
  void *item = (char *)v->items + v->len * v->item_size;
  memset(item, 0, v->item_size);
  v->len++;
  return item;
}

void ws__vec_free(ws__vec *v) {
  free(v->items);
  ws__vec_init(v, v->item_size);
}

void ws__buf_init(ws__buf *b, size_t max) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max;
}

ws_status ws__buf_add(ws__buf *b, const char *data, size_t len) {
  if (len > b->max - b->len)
    return WS_ERR_TOO_BIG;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + len + 1)
      cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
      return WS_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = 0;
  return WS_OK;
}

void ws__buf_free(ws__buf *b) {
  free(b->data);
  ws__buf_init(b, b->max);
}
