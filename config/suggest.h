/* "Did you mean" suggestions by edit distance. */
#ifndef PX_SUGGEST_H
#define PX_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance (insert, delete, substitute, swap of two neighbours
 * each cost 1), case-insensitive; strings of up to 64 bytes, longer ones are
 * compared on their first 64. */
size_t px_edit_distance(const char *a, const char *b);

/* The candidate closest to `word` when it is close enough to be a likely
 * typo (distance at most 2, or a third of the word's length, or the word
 * is the start of the candidate), else NULL. */
const char *px_suggest(const char *word, const char *const *candidates,
                       size_t n);

#endif
