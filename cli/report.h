/* Helpers the machine-readable renderers share: paths relative to the
 * working directory, and fingerprints that survive unrelated edits. */
#ifndef PX_REPORT_H
#define PX_REPORT_H

#include "format.h"

#include <jansson.h>
#include <stdbool.h>

enum { PX_FINGERPRINT_HEX = 64 };

typedef struct {
    char hex[PX_FINGERPRINT_HEX + 1];
} PxFingerprint;

/* `path` made relative to `base_dir` (both normalized lexically: "." and ".."
 * segments resolved) when it lies under it; otherwise the normalized
 * absolute path. With base_dir NULL, `path` minus any leading "./".
 * *is_relative tells which (may be NULL). The caller frees the result. */
char *px_report_relpath(const char *path, const char *base_dir,
                        bool *is_relative);

/* One SHA-256 fingerprint per diagnostic of the report, in list order; the
 * caller frees the array. It hashes the rule code, the relative path, the
 * flagged line(s) with whitespace runs collapsed, the callback's qualified
 * name and the diagnostic's index among those sharing all of these: no line
 * numbers, so moving unrelated code keeps it. */
PxFingerprint *px_report_fingerprints(const PxReport *report,
                                      const char *base_dir);

/* First and last line of a diagnostic's span; a span ending at the very
 * start of a line does not include that line. */
void px_report_span_lines(const PxSource *source, uint32_t start, uint32_t end,
                          uint32_t *first, uint32_t *last);

/* A JSON string of `s`; bytes that are not valid UTF-8 (file names, source
 * text may carry them) become U+FFFD, which json_string would refuse. */
json_t *px_json_string(const char *s);

/* What a machine format's element maker (below) reads of the report: the
 * diagnostics, their fingerprints and the directory paths are relative to. */
typedef struct {
    const PxReport *report;
    const PxFingerprint *fingerprints;
    const char *base_dir;
} PxReportElements;

/* Writes an array of n elements as json_dumpf(array, out, JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) would, byte for byte, making each element (a new
 * reference, from element(i, ctx)) only as it is written: a whole report as
 * one document held every diagnostic's objects at once. `indent`: the
 * spaces the array's own line is indented by, where it is a value inside
 * an enclosing document. */
void px_json_dump_array(FILE *out, size_t n, json_t *(*element)(size_t i, void *ctx),
                        void *ctx, size_t indent);

#endif
