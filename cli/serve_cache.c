/* serve_cache.c: a cache of API replies for `whosaid serve`. A search on a
 * database of a million statements takes milliseconds; the same search
 * asked again (a shared link, the page's start view, a client polling)
 * is answered from memory. Entries are keyed by the request's path and
 * arguments and carry the database generation they were made at
 * (ws_db_generation(): it changes whenever another connection, such as an
 * `index` run, commits), so an answer is never older than the last change
 * the server has seen. The cache is split in shards, each a hash table
 * with a least-recently-used list under its own lock, and is bounded in
 * bytes: memory stays flat however many different requests come. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

#define SHARDS 16
#define BUCKETS 1024 /* A shard's hash table slots (a power of two). */

/* One cached reply. */
typedef struct entry {
  struct entry *next_hash;       /* Chain of the bucket. */
  struct entry *prev, *next;     /* LRU list: head is the most recent. */
  uint64_t hash, gen;
  unsigned status;
  char *key;
  size_t key_len;
  char *body;
  size_t body_len;
} entry;

/* A shard: its lock, table, LRU list and size. */
typedef struct shard {
  pthread_mutex_t lock;
  entry *buckets[BUCKETS];
  entry *head, *tail;
  size_t bytes;
} shard;

static shard *g_shards;
static size_t g_shard_max; /* Bytes a shard may hold. */

/* FNV-1a over the key. */
static uint64_t hash_key(const char *k, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
  return h;
}

/* Bytes an entry counts for. */
static size_t entry_size(const entry *e) {
  return sizeof *e + e->key_len + e->body_len;
}

/* Sets up a cache of at most max_bytes (0: no cache). Returns 0 or -1. */
int ws_cache_init(size_t max_bytes) {
  if (max_bytes == 0)
    return 0;
  g_shards = calloc(SHARDS, sizeof *g_shards);
  if (!g_shards)
    return -1;
  for (int i = 0; i < SHARDS; i++)
    pthread_mutex_init(&g_shards[i].lock, NULL);
  g_shard_max = max_bytes / SHARDS;
  return 0;
}

/* Frees an entry. */
static void entry_free(entry *e) {
  free(e->key);
  free(e->body);
  free(e);
}

/* Frees the cache. */
void ws_cache_fini(void) {
  if (!g_shards)
    return;
  for (int i = 0; i < SHARDS; i++) {
    for (entry *e = g_shards[i].head, *n; e; e = n) {
      n = e->next;
      entry_free(e);
    }
    pthread_mutex_destroy(&g_shards[i].lock);
  }
  free(g_shards);
  g_shards = NULL;
}

/* Whether the cache is on. */
int ws_cache_enabled(void) {
  return g_shards != NULL;
}

/* Takes e out of the LRU list. */
static void lru_unlink(shard *s, entry *e) {
  if (e->prev)
    e->prev->next = e->next;
  else
    s->head = e->next;
  if (e->next)
    e->next->prev = e->prev;
  else
    s->tail = e->prev;
  e->prev = e->next = NULL;
}

/* Puts e at the head of the LRU list. */
static void lru_push(shard *s, entry *e) {
  e->prev = NULL;
  e->next = s->head;
  if (s->head)
    s->head->prev = e;
  s->head = e;
  if (!s->tail)
    s->tail = e;
}

/* Takes e out of its bucket's chain. */
static void hash_unlink(shard *s, entry *e) {
  entry **p = &s->buckets[e->hash % BUCKETS];
  while (*p && *p != e)
    p = &(*p)->next_hash;
  if (*p)
    *p = e->next_hash;
}

/* Removes and frees e. */
static void drop(shard *s, entry *e) {
  hash_unlink(s, e);
  lru_unlink(s, e);
  s->bytes -= entry_size(e);
  entry_free(e);
}

/* Finds the entry of key in s, or NULL. */
static entry *find(shard *s, uint64_t h, const char *key, size_t n) {
  for (entry *e = s->buckets[h % BUCKETS]; e; e = e->next_hash)
    if (e->hash == h && e->key_len == n && memcmp(e->key, key, n) == 0)
      return e;
  return NULL;
}

/* Looks key up. On a hit made at generation gen, appends the body to out
 * and returns the status; returns 0 on a miss (an entry of an older
 * generation is dropped). */
unsigned ws_cache_get(const char *key, size_t n, uint64_t gen, ws_sbuf *out) {
  if (!g_shards)
    return 0;
  uint64_t h = hash_key(key, n);
  shard *s = &g_shards[(h >> 32) % SHARDS];
  unsigned status = 0;
  pthread_mutex_lock(&s->lock);
  entry *e = find(s, h, key, n);
  if (e && e->gen != gen) {
    drop(s, e);
  } else if (e) {
    lru_unlink(s, e);
    lru_push(s, e);
    ws_sb_put(out, e->body, e->body_len);
    status = out->oom ? 0 : e->status;
  }
  pthread_mutex_unlock(&s->lock);
  return status;
}

/* Keeps a reply (status, body of len bytes) for key at generation gen,
 * replacing an older one, and evicts the least recently used entries past
 * the shard's size. Replies larger than an eighth of a shard are not
 * kept. */
void ws_cache_put(const char *key, size_t n, uint64_t gen, unsigned status,
                  const char *body, size_t len) {
  if (!g_shards || sizeof(entry) + n + len > g_shard_max / 8)
    return;
  entry *e = calloc(1, sizeof *e);
  if (!e || !(e->key = malloc(n)) || !(e->body = malloc(len ? len : 1))) {
    if (e)
      entry_free(e);
    return;
  }
  memcpy(e->key, key, n);
  memcpy(e->body, body, len);
  e->key_len = n;
  e->body_len = len;
  e->hash = hash_key(key, n);
  e->gen = gen;
  e->status = status;
  shard *s = &g_shards[(e->hash >> 32) % SHARDS];
  pthread_mutex_lock(&s->lock);
  entry *old = find(s, e->hash, key, n);
  if (old)
    drop(s, old);
  e->next_hash = s->buckets[e->hash % BUCKETS];
  s->buckets[e->hash % BUCKETS] = e;
  lru_push(s, e);
  s->bytes += entry_size(e);
  while (s->bytes > g_shard_max && s->tail && s->tail != e)
    drop(s, s->tail);
  pthread_mutex_unlock(&s->lock);
}
