/* Sorted id sets (binary search insert) and an open-addressing interner. */
#include "idset.h"

#include "alloc.h"
#include "ptrmap.h"

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

void px_idpool_reset(PxIdPool *pool)
{
    PoolBlock *keep = pool->blocks; /* the latest block is the largest */
    if (!keep)
        return;
    for (PoolBlock *b = keep->next, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    keep->next = NULL;
    keep->used = 0;
    memset(pool->free, 0, sizeof(pool->free));
}

void px_idpool_destroy(PxIdPool *pool)
{
    if (!pool)
        return;
    px_idpool_reset(pool);
    free(pool->blocks);
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

bool px_idpool_first(PxIdPool *pool, PxIdSet *s, uint32_t id)
{
    s->v = pool_take(pool, 4);
    s->cap = 4;
    s->v[0] = id;
    s->n = 1;
    return true;
}

bool px_idpool_insert(PxIdPool *pool, PxIdSet *s, uint32_t id)
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
    if (dst->n == 0 && src->n > 0) {
        /* a copy (most unions are): the array that adding one id at a
         * time would end with, filled at once */
        uint32_t cap = dst->cap ? dst->cap : 4;
        while (cap < src->n)
            cap *= 2;
        if (cap != dst->cap) {
            if (dst->v)
                pool_give(pool, dst->v, dst->cap);
            dst->v = pool_take(pool, cap);
            dst->cap = cap;
        }
        memcpy(dst->v, src->v, src->n * sizeof(uint32_t));
        dst->n = src->n;
        return true;
    }
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
    bool owns_arena;
    const char **slots;
    uint64_t *hashes; /* of each slot's text: most probes compare no text */
    size_t cap, count;
};

/* A word at a time: 8-byte pieces (the last one zero-padded), each mixed
 * in with a multiply and a shift. */
static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
    return h ^ (h >> 29);
}

PxInterner *px_interner_create(void)
{
    PxInterner *in = px_interner_create_in(px_arena_create());
    in->owns_arena = true;
    return in;
}

PxInterner *px_interner_create_in(PxArena *arena)
{
    PxInterner *in = px_calloc(1, sizeof(*in));
    in->arena = arena;
    in->cap = 1024;
    in->slots = px_calloc(in->cap, sizeof(char *));
    in->hashes = px_calloc(in->cap, sizeof(uint64_t));
    return in;
}

void px_interner_destroy(PxInterner *in)
{
    if (!in)
        return;
    if (in->owns_arena)
        px_arena_destroy(in->arena);
    free(in->slots);
    free(in->hashes);
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

const char *px_intern_n(PxInterner *in, const char *t, size_t n)
{
    if ((in->count + 1) * 2 > in->cap)
        rehash(in);
    uint64_t h = hash_text(t, n);
    size_t j = h & (in->cap - 1);
    while (in->slots[j]) {
        const char *x = in->slots[j];
        if (in->hashes[j] == h && strncmp(x, t, n) == 0 && x[n] == '\0')
            return x;
        j = (j + 1) & (in->cap - 1);
    }
    char *x = px_arena_alloc(in->arena, n + 1);
    memcpy(x, t, n);
    x[n] = '\0';
    in->slots[j] = x;
    in->hashes[j] = h;
    in->count++;
    return x;
}

const char *px_intern(PxInterner *in, const char *s) { return px_intern_n(in, s, strlen(s)); }

const char *px_intern_join(PxInterner *in, const char *a, const char *sep, const char *b)
{
    size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
    char small[256];
    char *t = na + ns + nb <= sizeof small ? small : px_malloc(na + ns + nb);
    memcpy(t, a, na);
    memcpy(t + na, sep, ns);
    memcpy(t + na + ns, b, nb);
    const char *v = px_intern_n(in, t, na + ns + nb);
    if (t != small)
        free(t);
    return v;
}

const char *px_intern_stable(PxInterner *in, PxPtrMap *memo, const char *s)
{
    const char *v = px_ptrmap_get(memo, s, NULL);
    if (!v) {
        v = px_intern(in, s);
        px_ptrmap_put(memo, s, NULL, (void *)v);
    }
    return v;
}
