/* The table of output formats. */
#include "format.h"

#include <string.h>

static const PxFormatter FORMATTERS[] = {
    {"text", px_format_text, false, true},
    {"full", px_format_text, true, true}, /* ruff's name for it */
    {"concise", px_format_concise, false, true},
    {"json", px_format_json, false, false},
    {"sarif", px_format_sarif, false, false},
    {"github", px_format_github, false, false},
    {"gitlab", px_format_gitlab, false, false},
};

const PxFormatter *px_formatter_find(const char *name)
{
    for (size_t i = 0; i < sizeof FORMATTERS / sizeof *FORMATTERS; i++)
        if (strcmp(FORMATTERS[i].name, name) == 0)
            return &FORMATTERS[i];
    return NULL;
}

const char *px_formatter_names(void)
{
    return "text, concise, json, sarif, github, gitlab";
}

size_t px_report_unchecked_count(const PxReport *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nproblems; i++)
        n += r->problems[i].is_error;
    return n;
}
