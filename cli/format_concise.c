/* Concise output: one "path:line:col: CODE message" line per diagnostic, for
 * pre-commit, editors' problem matchers and grep; then the summary line. */
#include "format.h"

#include "term.h"

void px_format_concise(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    if (o->statistics) {
        px_term_statistics(out, r);
    } else {
        for (size_t i = 0; i < px_diag_count(r->diags); i++) {
            const PxDiagnostic *d = px_diag_at(r->diags, i);
            px_term_style(out, o->color, PX_STYLE_BOLD);
            px_term_location(out, d->source, d->start);
            px_term_style(out, o->color, PX_STYLE_RESET);
            fputs(": ", out);
            px_term_style(out, o->color, px_term_severity_style(d->severity));
            fputs(px_rule_info(d->rule)->code, out);
            px_term_style(out, o->color, PX_STYLE_RESET);
            fputc(' ', out);
            px_term_puts(out, d->message);
            fputc('\n', out);
        }
    }
    if (!o->quiet)
        px_term_summary(out, r, o->color);
}
