/* Bump allocator for per-module data: everything a module's analysis builds
 * lives in one arena and is freed with one call. */
#ifndef PX_ARENA_H
#define PX_ARENA_H

#include <stddef.h>

typedef struct PxArena PxArena;

PxArena *px_arena_create(void);
/* Frees every allocation made from the arena; NULL is accepted. */
void px_arena_destroy(PxArena *arena);

/* Returns zeroed memory aligned for any type; lives until the arena dies. */
void *px_arena_alloc(PxArena *arena, size_t size);
/* `size` bytes copied from `src` (not zeroed first: faster for big arrays). */
void *px_arena_copy(PxArena *arena, const void *src, size_t size);
char *px_arena_strndup(PxArena *arena, const char *s, size_t n);
char *px_arena_strdup(PxArena *arena, const char *s);
/* printf into the arena. */
char *px_arena_printf(PxArena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Total bytes handed out, for statistics and tests. */
size_t px_arena_used(const PxArena *arena);

#endif
