/* Allocation wrappers: out-of-memory is fatal, reported once, never ignored. */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p, size_t size)
{
    if (!p && size) {
        fprintf(stderr, "pxlint: out of memory (%zu bytes)\n", size);
        abort();
    }
    return p;
}

void *px_malloc(size_t size) { return check(malloc(size ? size : 1), size); }

void *px_calloc(size_t count, size_t size)
{
    return check(calloc(count ? count : 1, size ? size : 1), count * size);
}

void *px_realloc(void *ptr, size_t size)
{
    return check(realloc(ptr, size ? size : 1), size);
}

char *px_strdup(const char *s) { return px_strndup(s, strlen(s)); }

char *px_strndup(const char *s, size_t n)
{
    char *d = px_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void px_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    *items = px_realloc(*items, n * elem_size);
    *cap = n;
}
