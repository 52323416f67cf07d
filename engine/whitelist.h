/* The whitelist: the callbacks proven parallel-safe, as the JSON document of
 * DESIGN §5, written atomically. */
#ifndef PX_WHITELIST_H
#define PX_WHITELIST_H

#include "check.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum {
    PX_LISTED,         /* proven safe, on the whitelist */
    PX_NOT_SAFE,       /* has findings (reported or suppressed) */
    PX_SYNTAX_ERROR,   /* its file does not parse */
    PX_SKIPPED_FILE,   /* its file has `# pxlint: skip-file` */
    PX_AMBIGUOUS,      /* another function has the same module, qualname, line */
    PX_UNHASHABLE,     /* its lines could not be read back for the hash */
} PxWhitelistVerdict;

/* The verdict of callback i of the check's project. */
PxWhitelistVerdict px_whitelist_verdict(const PxCheck *check, size_t i);

/* Writes the whitelist JSON for the check's callbacks to `path` through a
 * temporary file in the same directory, renamed over `path` only once fully
 * written: an interrupted or failed run leaves the previous file as it was.
 * File paths in entries are relative to `root`. Returns false with a message
 * in err on failure. */
bool px_whitelist_write(const PxCheck *check, const char *root, const char *path,
                        char *err, size_t errlen);

/* Prints, for each callback not on the whitelist, why. */
void px_whitelist_explain(const PxCheck *check, FILE *out);

#endif
