/* Allocation wrappers that abort on out-of-memory, so callers never check. */
#ifndef PX_ALLOC_H
#define PX_ALLOC_H

#include <stddef.h>

void *px_malloc(size_t size);
void *px_calloc(size_t count, size_t size);
void *px_realloc(void *ptr, size_t size);
char *px_strdup(const char *s);
char *px_strndup(const char *s, size_t n);

/* Grows *items (of *cap elements of elem_size) so index `need` fits. */
void px_grow(void **items, size_t *cap, size_t need, size_t elem_size);

/* The capacity check is inline: most pushes do not grow. */
#define PX_PUSH(arr, count, cap, value)                                       \
    do {                                                                      \
        if ((count) + 1 > (cap))                                              \
            px_grow((void **)&(arr), &(cap), (count) + 1, sizeof(*(arr)));    \
        (arr)[(count)++] = (value);                                           \
    } while (0)

#endif
