/* arena.c: the per-document bump allocator, growable arrays and byte
 * buffers used by every stage, so hot paths never call malloc per token. */
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
    ws__arena_block *b = malloc(sizeof *b + bsize);
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
