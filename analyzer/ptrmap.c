/* Open addressing with linear probing, at most half full. */
#include "ptrmap.h"

#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
    const void *a, *b;
    void *value; /* NULL: an empty slot */
} Entry;

struct PxPtrMap {
    Entry *slots;
    size_t cap, count;
};

PxPtrMap *px_ptrmap_create(void)
{
    PxPtrMap *m = px_calloc(1, sizeof(*m));
    m->cap = 64;
    m->slots = px_calloc(m->cap, sizeof(Entry));
    return m;
}

void px_ptrmap_destroy(PxPtrMap *m)
{
    if (!m)
        return;
    free(m->slots);
    free(m);
}

static size_t slot_of(const Entry *slots, size_t cap, const void *a, const void *b)
{
    uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ull ^
                 (uint64_t)(uintptr_t)b * 0xC2B2AE3D27D4EB4Full;
    size_t j = (size_t)(h >> 24) & (cap - 1);
    while (slots[j].value && (slots[j].a != a || slots[j].b != b))
        j = (j + 1) & (cap - 1);
    return j;
}

void *px_ptrmap_get(const PxPtrMap *m, const void *a, const void *b)
{
    return m->slots[slot_of(m->slots, m->cap, a, b)].value;
}

void px_ptrmap_put(PxPtrMap *m, const void *a, const void *b, void *value)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t cap = m->cap * 2;
        Entry *slots = px_calloc(cap, sizeof(Entry));
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].value)
                slots[slot_of(slots, cap, m->slots[i].a, m->slots[i].b)] = m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    Entry *e = &m->slots[slot_of(m->slots, m->cap, a, b)];
    if (!e->value)
        m->count++;
    *e = (Entry){a, b, value};
}
