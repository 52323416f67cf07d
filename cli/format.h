/* Output formats: one renderer per file behind this small table. A renderer
 * sees only a PxReport, so tests can render hand-built diagnostics. */
#ifndef PX_FORMAT_H
#define PX_FORMAT_H

#include "diagnostic.h"
#include "discover.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What a run produced. Borrowed pointers: the caller keeps them alive while
 * rendering. */
typedef struct {
    const PxDiagList *diags;   /* sorted by file and position */
    size_t files_checked;      /* files read and parsed */
    const PxProblem *problems; /* paths and files with a problem, in order */
    size_t nproblems;
    /* Callback verdicts; printed only when has_callback_counts is set (the
     * analysis that counts them fills it). */
    bool has_callback_counts;
    size_t callbacks_safe;   /* proven parallel-safe */
    size_t callbacks_unsafe; /* not proven safe */
} PxReport;

typedef struct {
    bool quiet;      /* diagnostics only, no summary */
    bool statistics; /* counts per code instead of each diagnostic */
    bool color;      /* ANSI colors (text and concise only) */
    /* Absolute working directory: SARIF, GitHub and GitLab paths under it are
     * made relative to it. NULL: paths are written as given. */
    const char *base_dir;
} PxFormatOptions;

typedef struct {
    const char *name;
    void (*render)(FILE *out, const PxReport *report, const PxFormatOptions *o);
    bool is_alias;     /* not listed in help ("full" is "text") */
    bool has_summary;  /* human-readable: --statistics and colors apply */
} PxFormatter;

/* NULL if no format has that name. */
const PxFormatter *px_formatter_find(const char *name);
/* "text, concise, ..." for help and error messages. */
const char *px_formatter_names(void);

/* Paths that could not be checked (problems that are errors). */
size_t px_report_unchecked_count(const PxReport *report);

void px_format_text(FILE *out, const PxReport *r, const PxFormatOptions *o);
void px_format_concise(FILE *out, const PxReport *r, const PxFormatOptions *o);
void px_format_json(FILE *out, const PxReport *r, const PxFormatOptions *o);
void px_format_github(FILE *out, const PxReport *r, const PxFormatOptions *o);
void px_format_sarif(FILE *out, const PxReport *r, const PxFormatOptions *o);
void px_format_gitlab(FILE *out, const PxReport *r, const PxFormatOptions *o);

#endif
