/* Suppression comments of one module, collected from the syntax tree's
 * comment nodes (so never from inside strings) into the module's arena:
 *
 *     x = f()  # pxlint: ignore[PX101]        these rules, this statement
 *     x = f()  # pxlint: ignore[PX101, PX104]
 *     x = f()  # pxlint: ignore               every rule
 *     x = f()  # noqa: PX101                  the flake8/ruff spelling
 *     x = f()  # noqa                         every rule, as in ruff
 *     # pxlint: skip-file                     before any code: the whole file
 *
 * A directive covers the line it is on; for a statement spanning lines (or
 * a def/if/with header spanning lines), a directive on its first or last
 * line covers all of it:
 *
 *     result = handler(   # pxlint: ignore[PX104]
 *         items,          # <- a diagnostic here is covered
 *     )
 */
#ifndef PX_SUPPRESS_H
#define PX_SUPPRESS_H

#include "arena.h"
#include "rule.h"
#include "source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef enum {
    PX_SUPPRESS_IGNORE,    /* "# pxlint: ignore[...]" or bare "# pxlint: ignore" */
    PX_SUPPRESS_NOQA,      /* "# noqa: PX101" or bare "# noqa" */
    PX_SUPPRESS_SKIP_FILE, /* "# pxlint: skip-file" */
    PX_SUPPRESS_INVALID,   /* a "# pxlint:" comment that is no directive */
} PxSuppressKind;

typedef struct {
    PxSuppressKind kind;
    uint32_t start, end; /* the directive's bytes, from its '#' */
    uint32_t line;       /* 1-based */
    bool all;            /* names no rule: covers every rule */
    PxRuleSet rules;     /* the rules it names */
    const char *unknown; /* PX codes it names that are no rule ("PX999"), or NULL */
    const char *problem; /* INVALID, or a skip-file after code: what is wrong */
    /* What it silenced, recorded by whoever filters diagnostics. */
    PxRuleSet used;
    bool used_any;
} PxSuppression;

typedef struct PxSuppressions PxSuppressions;

/* Collects the directives while the tree is alive; everything is copied
 * into `arena`. Iterative: safe on deep trees. Files that mention neither
 * "pxlint" nor "noqa" are not walked at all, and get NULL: every function
 * below takes NULL as "no directive" (most files have none, and a record
 * would cost each module arena its first block). */
PxSuppressions *px_suppressions_collect(PxArena *arena, TSNode root,
                                        const PxSource *source);

size_t px_suppressions_count(const PxSuppressions *s);
PxSuppression *px_suppressions_at(PxSuppressions *s, size_t i);
const PxSuppression *px_suppressions_get(const PxSuppressions *s, size_t i);

/* True when a well-placed "# pxlint: skip-file" is present. */
bool px_suppressions_skip_file(const PxSuppressions *s);

/* First and last line of the statement (or compound statement header)
 * containing `line`; both are `line` outside statements. */
void px_suppressions_statement(const PxSuppressions *s, uint32_t line,
                               uint32_t *first, uint32_t *last);

/* The directive covering `rule` for a diagnostic starting on `line`, or
 * NULL. Skip-file is not considered here. */
PxSuppression *px_suppressions_find(PxSuppressions *s, uint32_t line,
                                    PxRuleId rule);

#endif
