/* Small sorted sets of uint32 ids and a string interner: the building blocks
 * of the ownership analysis's value sets. */
#ifndef PX_IDSET_H
#define PX_IDSET_H

#include "arena.h"
#include "ptrmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t *v;
    uint32_t n, cap;
} PxIdSet;

/* Adds id; true if it was not there. */
bool px_idset_add(PxIdSet *s, uint32_t id);
bool px_idset_has(const PxIdSet *s, uint32_t id);
/* Adds every id of src; true if anything was added. */
bool px_idset_union(PxIdSet *dst, const PxIdSet *src);
void px_idset_free(PxIdSet *s);

/* A pool for sets that die together (a solve's): their arrays come from
 * free lists by size, over blocks the pool frees all at once, rather than
 * from malloc one by one. A set grown in a pool stays in it: released to
 * it, never px_idset_free'd, and never grown by px_idset_add. */
typedef struct PxIdPool PxIdPool;
PxIdPool *px_idpool_create(void);
void px_idpool_destroy(PxIdPool *pool);
/* Empties the pool for reuse: every set from it is gone; its largest block
 * is kept. */
void px_idpool_reset(PxIdPool *pool);
/* px_idpool_add's general case, and its case of a set without an array */
bool px_idpool_insert(PxIdPool *pool, PxIdSet *s, uint32_t id);
bool px_idpool_first(PxIdPool *pool, PxIdSet *s, uint32_t id);
/* Adds id; true if it was not there. The common cases are inline or
 * short: a solve adds millions of ids, most of them larger than any in
 * their set, or again the largest, or the first of a new set. */
static inline bool px_idpool_add(PxIdPool *pool, PxIdSet *s, uint32_t id)
{
    if (s->n) {
        uint32_t last = s->v[s->n - 1];
        if (last < id && s->n < s->cap) {
            s->v[s->n++] = id;
            return true;
        }
        if (last == id)
            return false;
    } else if (!s->cap) {
        return px_idpool_first(pool, s, id);
    }
    return px_idpool_insert(pool, s, id);
}
bool px_idpool_union(PxIdPool *pool, PxIdSet *dst, const PxIdSet *src);
/* Gives s's array back to the pool; s is empty after. */
void px_idpool_release(PxIdPool *pool, PxIdSet *s);

/* Interned strings compare by pointer. They live in the interner's own
 * arena, or in the one it was given (px_interner_create_in). */
typedef struct PxInterner PxInterner;
PxInterner *px_interner_create(void);
/* An interner whose strings go into `arena`, and stay there after it is
 * destroyed. */
PxInterner *px_interner_create_in(PxArena *arena);
void px_interner_destroy(PxInterner *in);
const char *px_intern(PxInterner *in, const char *s);
const char *px_intern_n(PxInterner *in, const char *s, size_t n);
/* Interns a, sep and b put together ("os" "." "path"), without the
 * caller's buffer and snprintf. */
const char *px_intern_join(PxInterner *in, const char *a, const char *sep, const char *b);
/* px_intern for a string whose address never holds other text while the
 * interner lives (string literals, the IR's names): remembered by address
 * in `memo` (the caller's: a small one per source of such strings is
 * kept in cache), so asking again costs no hashing of the text. */
const char *px_intern_stable(PxInterner *in, PxPtrMap *memo, const char *s);

#endif
