/* The table of output formats. */
#include "format.h"

#include <string.h>

static const PxFormatter FORMATTERS[] = {
    {"text", px_format_text},
    {"json", px_format_json},
};

const PxFormatter *px_formatter_find(const char *name)
{
    for (size_t i = 0; i < sizeof FORMATTERS / sizeof *FORMATTERS; i++)
        if (strcmp(FORMATTERS[i].name, name) == 0)
            return &FORMATTERS[i];
    return NULL;
}

const char *px_formatter_names(void) { return "text, json"; }
