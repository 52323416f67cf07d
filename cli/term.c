/* Terminal helpers; see term.h. */
#include "term.h"

#include "ptrmap.h"

#include <string.h>

void px_term_style(FILE *out, bool color, const char *style)
{
    if (color)
        fputs(style, out);
}

const char *px_term_severity_style(PxSeverity severity)
{
    switch (severity) {
    case PX_SEVERITY_ERROR: return PX_STYLE_ERROR;
    case PX_SEVERITY_WARNING: return PX_STYLE_WARNING;
    case PX_SEVERITY_INFO: return PX_STYLE_INFO;
    }
    return PX_STYLE_ERROR;
}

void px_term_write(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        size_t skip = 0;
        if (c < 0x20 || c == 0x7F)
            skip = 1;
        else if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            skip = 2; /* U+0080..U+009F, the C1 controls */
        else if (c == 0xE2 && i + 2 < n &&
                 ((p[i + 1] == 0x80 && p[i + 2] >= 0xAA && p[i + 2] <= 0xAE) ||
                  (p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9)))
            skip = 3; /* bidirectional overrides and isolates */
        if (!skip)
            continue;
        fwrite(s + run, 1, i - run, out);
        fputs(c == '\t' ? " " : "\xEF\xBF\xBD", out);
        i += skip - 1;
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, out);
}

void px_term_puts(FILE *out, const char *s) { px_term_write(out, s, strlen(s)); }

void px_term_location(FILE *out, const PxSource *source, uint32_t offset)
{
    PxPosition p = px_source_position(source, offset);
    px_term_puts(out, px_source_path(source));
    fprintf(out, ":%u:%u", p.line, p.column);
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void px_term_summary(FILE *out, const PxReport *r, bool color)
{
    size_t n = px_diag_count(r->diags);
    size_t failed = px_report_unchecked_count(r);
    char details[256];
    int k = snprintf(details, sizeof details, "%zu %s checked", r->files_checked,
                     plural(r->files_checked, "file", "files"));
    if (r->has_callback_counts)
        k += snprintf(details + k, sizeof details - (size_t)k,
                      "; %zu %s proven safe, %zu not", r->callbacks_safe,
                      plural(r->callbacks_safe, "callback", "callbacks"),
                      r->callbacks_unsafe);
    if (failed)
        snprintf(details + k, sizeof details - (size_t)k,
                 "; %zu %s could not be checked", failed,
                 plural(failed, "path", "paths"));
    if (n == 0) {
        px_term_style(out, color, failed ? PX_STYLE_BOLD : PX_STYLE_OK);
        fputs(failed ? "No problems found" : "All checks passed!", out);
        px_term_style(out, color, PX_STYLE_RESET);
        fprintf(out, " (%s)\n", details);
        return;
    }
    /* Sorted, a file's problems come together; --statistics leaves them
     * unsorted (PxCheckOptions.unordered), so each file is counted once
     * by a map, asked only where the file changes from the last. */
    size_t with = 0;
    const PxSource *last = NULL;
    PxPtrMap *seen = px_ptrmap_create();
    for (size_t i = 0; i < n; i++) {
        const PxSource *s = px_diag_at(r->diags, i)->source;
        if (s == last)
            continue;
        last = s;
        if (!px_ptrmap_get(seen, s, NULL)) {
            px_ptrmap_put(seen, s, NULL, (void *)s);
            with++;
        }
    }
    px_ptrmap_destroy(seen);
    px_term_style(out, color, PX_STYLE_BOLD);
    fprintf(out, "Found %zu %s in %zu %s", n, plural(n, "problem", "problems"),
            with, plural(with, "file", "files"));
    px_term_style(out, color, PX_STYLE_RESET);
    fprintf(out, " (%s).\n", details);
}

void px_term_statistics(FILE *out, const PxReport *r)
{
    size_t counts[PX_RULE_COUNT] = {0};
    size_t n = px_diag_count(r->diags);
    for (size_t i = 0; i < n; i++) {
        /* the records lie scattered through arenas: asked for
         * a few ahead, 700,000 of them take half the time (32 -> 15 ms) */
        if (i + 16 < n)
            __builtin_prefetch(px_diag_at(r->diags, i + 16));
        counts[px_diag_at(r->diags, i)->rule]++;
    }
    for (int id = 0; id < PX_RULE_COUNT; id++) {
        if (!counts[id])
            continue;
        const PxRuleInfo *info = px_rule_info((PxRuleId)id);
        fprintf(out, "%6zu  %s  %s\n", counts[id], info->code, info->name);
    }
}
