/* A hash map from pairs of addresses to pointers: memo tables keyed by
 * interned strings and other objects that never move. */
#ifndef PX_PTRMAP_H
#define PX_PTRMAP_H

#include <stddef.h>

typedef struct PxPtrMap PxPtrMap;

PxPtrMap *px_ptrmap_create(void);
void px_ptrmap_destroy(PxPtrMap *map);
/* The value put for (a, b), or NULL. */
void *px_ptrmap_get(const PxPtrMap *map, const void *a, const void *b);
/* Puts value (not NULL) for (a, b), replacing any. */
void px_ptrmap_put(PxPtrMap *map, const void *a, const void *b, void *value);

#endif
