/* Bump allocator: a chain of blocks, large requests get a block of their own. */
#include "arena.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK_SIZE = 64 * 1024, ALIGN = 16 };

typedef struct Block {
    struct Block *next;
    size_t used, size;
    _Alignas(ALIGN) unsigned char data[];
} Block;

struct PxArena {
    Block *head;
    size_t total;
};

PxArena *px_arena_create(void) { return px_calloc(1, sizeof(PxArena)); }

void px_arena_destroy(PxArena *arena)
{
    if (!arena)
        return;
    for (Block *b = arena->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(arena);
}

/* Uninitialized memory; px_arena_alloc zeroes it, px_arena_copy fills it. */
static void *reserve(PxArena *arena, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    Block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > BLOCK_SIZE / 4 ? size : BLOCK_SIZE;
        Block *nb = px_malloc(sizeof(Block) + cap);
        nb->used = 0;
        nb->size = cap;
        if (b && cap != BLOCK_SIZE) {
            /* Keep filling the current block; park the big one behind it. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            arena->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    arena->total += size;
    return p;
}

void *px_arena_alloc(PxArena *arena, size_t size)
{
    void *p = reserve(arena, size);
    memset(p, 0, size);
    return p;
}

void *px_arena_copy(PxArena *arena, const void *src, size_t size)
{
    void *p = reserve(arena, size);
    if (size)
        memcpy(p, src, size);
    return p;
}

char *px_arena_strndup(PxArena *arena, const char *s, size_t n)
{
    char *d = reserve(arena, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *px_arena_strdup(PxArena *arena, const char *s)
{
    return px_arena_strndup(arena, s, strlen(s));
}

char *px_arena_printf(PxArena *arena, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *d = px_arena_alloc(arena, (size_t)(n < 0 ? 0 : n) + 1);
    if (n > 0)
        vsnprintf(d, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return d;
}

size_t px_arena_used(const PxArena *arena) { return arena->total; }
