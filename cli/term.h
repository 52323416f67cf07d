/* Terminal helpers for the human-readable renderers: ANSI styles, text made
 * safe to print, the closing summary and per-rule statistics. */
#ifndef PX_TERM_H
#define PX_TERM_H

#include "format.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* SGR sequences; written only when colors are on. */
#define PX_STYLE_RESET "\033[0m"
#define PX_STYLE_BOLD "\033[1m"
#define PX_STYLE_ERROR "\033[1;31m"  /* codes and carets of errors */
#define PX_STYLE_WARNING "\033[1;33m"
#define PX_STYLE_INFO "\033[1;36m"
#define PX_STYLE_GUTTER "\033[1;34m" /* line numbers and bars */
#define PX_STYLE_NOTE "\033[36m"     /* callback and trace lines */
#define PX_STYLE_OK "\033[1;32m"

void px_term_style(FILE *out, bool color, const char *style);
/* The style for a severity (codes, carets). */
const char *px_term_severity_style(PxSeverity severity);

/* Writes `s` with control characters (C0 other than tab, DEL, C1) and
 * bidirectional overrides shown as U+FFFD and tabs as spaces, so file names
 * and messages cannot move the cursor, change the terminal's state or
 * reorder the line. Other bytes pass unchanged. */
void px_term_write(FILE *out, const char *s, size_t n);
void px_term_puts(FILE *out, const char *s);

/* "path:line:col" of a byte offset. */
void px_term_location(FILE *out, const PxSource *source, uint32_t offset);

/* "Found 3 problems in 2 files (5 files checked; ...)." or "All checks
 * passed! (...)", with callback counts when the report has them. */
void px_term_summary(FILE *out, const PxReport *report, bool color);
/* One line per rule that fired: count, code, name. */
void px_term_statistics(FILE *out, const PxReport *report);

#endif
