/* Output formats: one renderer per file behind this small table. */
#ifndef PX_FORMAT_H
#define PX_FORMAT_H

#include "check.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    bool quiet;      /* diagnostics only, no summary */
    bool statistics; /* counts per code instead of each diagnostic */
} PxFormatOptions;

typedef struct {
    const char *name;
    void (*render)(FILE *out, const PxCheck *check, const PxFormatOptions *o);
} PxFormatter;

/* NULL if no format has that name. */
const PxFormatter *px_formatter_find(const char *name);
/* "text, json" for help and error messages. */
const char *px_formatter_names(void);

void px_format_text(FILE *out, const PxCheck *check, const PxFormatOptions *o);
void px_format_json(FILE *out, const PxCheck *check, const PxFormatOptions *o);

#endif
