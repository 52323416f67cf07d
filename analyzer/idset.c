/* Sorted id sets (binary search insert) and an open-addressing interner. */
#include "idset.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static uint32_t lower_bound(const PxIdSet *s, uint32_t id)
{
    uint32_t lo = 0, hi = s->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->v[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool px_idset_has(const PxIdSet *s, uint32_t id)
{
    uint32_t i = lower_bound(s, id);
    return i < s->n && s->v[i] == id;
}

bool px_idset_add(PxIdSet *s, uint32_t id)
{
    uint32_t i = lower_bound(s, id);
    if (i < s->n && s->v[i] == id)
        return false;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->v = px_realloc(s->v, s->cap * sizeof(uint32_t));
    }
    memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(uint32_t));
    s->v[i] = id;
    s->n++;
    return true;
}

bool px_idset_union(PxIdSet *dst, const PxIdSet *src)
{
    bool grew = false;
    for (uint32_t i = 0; i < src->n; i++)
        grew |= px_idset_add(dst, src->v[i]);
    return grew;
}

void px_idset_free(PxIdSet *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

/* Arrays hold 4 << k ids for size class k; a free one links to the next
 * free one of its class through its first bytes. */
enum { POOL_CLASSES = 28, POOL_FIRST_BLOCK = 1024, POOL_MAX_BLOCK = 64 * 1024 };

typedef struct PoolBlock {
    struct PoolBlock *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} PoolBlock;

struct PxIdPool {
    uint32_t *free[POOL_CLASSES];
    PoolBlock *blocks;
};

PxIdPool *px_idpool_create(void) { return px_calloc(1, sizeof(PxIdPool)); }

void px_idpool_destroy(PxIdPool *pool)
{
    if (!pool)
        return;
    for (PoolBlock *b = pool->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(pool);
}

/* cap is 4 << k */
static unsigned size_class(uint32_t cap) { return (unsigned)__builtin_ctz(cap) - 2; }

static uint32_t *pool_take(PxIdPool *pool, uint32_t cap)
{
    unsigned k = size_class(cap);
    uint32_t *a = pool->free[k];
    if (a) {
        memcpy(&pool->free[k], a, sizeof(uint32_t *));
        return a;
    }
    size_t bytes = (size_t)cap * sizeof(uint32_t);
    PoolBlock *b = pool->blocks;
    if (!b || b->size - b->used < bytes) {
        size_t size = !b                       ? POOL_FIRST_BLOCK
                      : b->size < POOL_MAX_BLOCK ? b->size * 2
                                                 : POOL_MAX_BLOCK;
        if (size < bytes)
            size = bytes;
        PoolBlock *nb = px_malloc(sizeof(PoolBlock) + size);
        nb->next = b;
        nb->used = 0;
        nb->size = size;
        pool->blocks = b = nb;
    }
    a = (uint32_t *)(void *)(b->data + b->used);
    b->used += bytes; /* a multiple of 16: every cap is */
    return a;
}

static void pool_give(PxIdPool *pool, uint32_t *a, uint32_t cap)
{
    unsigned k = size_class(cap);
    memcpy(a, &pool->free[k], sizeof(uint32_t *));
    pool->free[k] = a;
}

bool px_idpool_add(PxIdPool *pool, PxIdSet *s, uint32_t id)
{
    /* ids are mostly added in increasing order */
    uint32_t i = s->n == 0 || s->v[s->n - 1] < id ? s->n : lower_bound(s, id);
    if (i < s->n && s->v[i] == id)
        return false;
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 4;
        uint32_t *v = pool_take(pool, cap);
        if (i)
            memcpy(v, s->v, i * sizeof(uint32_t));
        if (s->n > i)
            memcpy(v + i + 1, s->v + i, (s->n - i) * sizeof(uint32_t));
        if (s->v)
            pool_give(pool, s->v, s->cap);
        s->v = v;
        s->cap = cap;
    } else {
        memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(uint32_t));
    }
    s->v[i] = id;
    s->n++;
    return true;
}

bool px_idpool_union(PxIdPool *pool, PxIdSet *dst, const PxIdSet *src)
{
    bool grew = false;
    for (uint32_t i = 0; i < src->n; i++)
        grew |= px_idpool_add(pool, dst, src->v[i]);
    return grew;
}

void px_idpool_release(PxIdPool *pool, PxIdSet *s)
{
    if (s->v)
        pool_give(pool, s->v, s->cap);
    s->v = NULL;
    s->n = s->cap = 0;
}

struct PxInterner {
    PxArena *arena;
    const char **slots;
    uint64_t *hashes; /* of each slot's text: most probes compare no text */
    size_t cap, count;
    /* px_intern_stable: address -> interned string */
    const char **by_addr_keys, **by_addr_vals;
    size_t by_addr_cap, by_addr_count;
};

static uint64_t hash_more(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static const uint64_t hash_basis = 1469598103934665603ull;

PxInterner *px_interner_create(void)
{
    PxInterner *in = px_calloc(1, sizeof(*in));
    in->arena = px_arena_create();
    in->cap = 1024;
    in->slots = px_calloc(in->cap, sizeof(char *));
    in->hashes = px_calloc(in->cap, sizeof(uint64_t));
    return in;
}

void px_interner_destroy(PxInterner *in)
{
    if (!in)
        return;
    px_arena_destroy(in->arena);
    free(in->slots);
    free(in->hashes);
    free(in->by_addr_keys);
    free(in->by_addr_vals);
    free(in);
}

static void rehash(PxInterner *in)
{
    size_t cap = in->cap * 2;
    const char **slots = px_calloc(cap, sizeof(char *));
    uint64_t *hashes = px_calloc(cap, sizeof(uint64_t));
    for (size_t i = 0; i < in->cap; i++) {
        if (!in->slots[i])
            continue;
        size_t j = in->hashes[i] & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = in->slots[i];
        hashes[j] = in->hashes[i];
    }
    free(in->slots);
    free(in->hashes);
    in->slots = slots;
    in->hashes = hashes;
    in->cap = cap;
}

/* Interns the text a, b and c (lengths given) put together. */
static const char *intern3(PxInterner *in, const char *a, size_t na, const char *b,
                           size_t nb, const char *c, size_t nc)
{
    if ((in->count + 1) * 2 > in->cap)
        rehash(in);
    uint64_t h = hash_more(hash_more(hash_more(hash_basis, a, na), b, nb), c, nc);
    size_t j = h & (in->cap - 1);
    while (in->slots[j]) {
        const char *t = in->slots[j];
        if (in->hashes[j] == h && strncmp(t, a, na) == 0 && strncmp(t + na, b, nb) == 0 &&
            strncmp(t + na + nb, c, nc) == 0 && t[na + nb + nc] == '\0')
            return t;
        j = (j + 1) & (in->cap - 1);
    }
    char *t = px_arena_alloc(in->arena, na + nb + nc + 1);
    memcpy(t, a, na);
    memcpy(t + na, b, nb);
    memcpy(t + na + nb, c, nc);
    t[na + nb + nc] = '\0';
    in->slots[j] = t;
    in->hashes[j] = h;
    in->count++;
    return t;
}

const char *px_intern_n(PxInterner *in, const char *s, size_t n)
{
    return intern3(in, s, n, "", 0, "", 0);
}

const char *px_intern(PxInterner *in, const char *s) { return px_intern_n(in, s, strlen(s)); }

const char *px_intern_join(PxInterner *in, const char *a, const char *sep, const char *b)
{
    return intern3(in, a, strlen(a), sep, strlen(sep), b, strlen(b));
}

static size_t addr_slot(const char *key, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

static void rehash_by_addr(PxInterner *in)
{
    size_t cap = in->by_addr_cap ? in->by_addr_cap * 2 : 1024;
    const char **keys = px_calloc(cap, sizeof(char *));
    const char **vals = px_calloc(cap, sizeof(char *));
    for (size_t i = 0; i < in->by_addr_cap; i++) {
        if (!in->by_addr_keys[i])
            continue;
        size_t j = addr_slot(in->by_addr_keys[i], cap);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = in->by_addr_keys[i];
        vals[j] = in->by_addr_vals[i];
    }
    free(in->by_addr_keys);
    free(in->by_addr_vals);
    in->by_addr_keys = keys;
    in->by_addr_vals = vals;
    in->by_addr_cap = cap;
}

const char *px_intern_stable(PxInterner *in, const char *s)
{
    if ((in->by_addr_count + 1) * 2 > in->by_addr_cap)
        rehash_by_addr(in);
    size_t j = addr_slot(s, in->by_addr_cap);
    while (in->by_addr_keys[j]) {
        if (in->by_addr_keys[j] == s)
            return in->by_addr_vals[j];
        j = (j + 1) & (in->by_addr_cap - 1);
    }
    const char *v = px_intern(in, s);
    in->by_addr_keys[j] = s;
    in->by_addr_vals[j] = v;
    in->by_addr_count++;
    return v;
}
