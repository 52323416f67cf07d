/* Where a report goes (stdout, or a file replaced atomically: written to a
 * temporary beside it, then renamed), and whether it gets colors. */
#ifndef PX_OUTPUT_H
#define PX_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *fp;
    char *path;     /* NULL for stdout */
    char *tmp_path; /* the temporary written until px_output_close */
} PxOutput;

/* Opens the destination: `path` NULL or "-" is stdout. On failure returns
 * false with a message naming the file in `err`. */
bool px_output_open(PxOutput *out, const char *path, char *err, size_t errlen);

/* Finishes the report: for a file, flushes it and, when `commit`, renames
 * the temporary over the path (else removes it). For stdout only flushes.
 * False with a message in `err` if writing failed; the file is then left as
 * it was. */
bool px_output_close(PxOutput *out, bool commit, char *err, size_t errlen);

/* Colors: never with --no-color (`no_color`) or a non-empty NO_COLOR;
 * always with a non-empty FORCE_COLOR; else only on a terminal whose TERM
 * is not "dumb". */
bool px_output_color(const PxOutput *out, bool no_color);

#endif
