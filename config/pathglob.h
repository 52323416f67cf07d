/* Path patterns in .gitignore syntax, used for include, exclude,
 * per-file-ignores and .gitignore files alike. Examples:
 *   "build/"          a directory named build, at any depth
 *   "*_pb2.py"        a file name, at any depth
 *   "/setup.py"       anchored: only at the base directory
 *   "docs/x*.py"      a slash inside anchors too; '*' stays within one name
 * and a component that is exactly two stars spans any number of
 * directories, as in git.
 * A pattern is matched against a path relative to its base directory (the
 * project root for the config file, the directory of a .gitignore). */
#ifndef PX_PATHGLOB_H
#define PX_PATHGLOB_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct PxGlob PxGlob;

typedef struct {
    const char *s;
    size_t len;
} PxSlice;

typedef enum {
    PX_GLOB_CONFIG,    /* strict: no '!', '**' only as a whole component */
    PX_GLOB_GITIGNORE, /* git's reading: '!' negates, 'a**' is 'a*' */
} PxGlobSyntax;

/* Compiles `pattern` into `arena`. On a bad pattern returns NULL and writes
 * what is wrong and what is expected into err. */
PxGlob *px_glob_compile(PxArena *arena, const char *pattern, PxGlobSyntax syntax,
                        char *err, size_t errlen);

const char *px_glob_text(const PxGlob *g); /* as written */
bool px_glob_negated(const PxGlob *g);
bool px_glob_anchored(const PxGlob *g);

/* Whether the path whose components are parts[0..n) (n >= 1, relative to
 * the pattern's base) matches; is_dir says whether it names a directory.
 * Only the path itself is tested, not its parents. */
bool px_glob_match(const PxGlob *g, const PxSlice *parts, size_t n, bool is_dir);

/* Whether the glob matches the path or one of its parent directories (for
 * "a pattern naming a directory covers everything in it"). */
bool px_glob_match_or_parent(const PxGlob *g, const PxSlice *parts, size_t n,
                             bool is_dir);

/* Splits a relative path on '/' into *parts (grown with px_grow); returns
 * the number of components. The slices point into rel. */
size_t px_path_split(const char *rel, PxSlice **parts, size_t *cap);

#endif
