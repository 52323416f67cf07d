/* A byte-level pass before parsing that refuses what CPython refuses outright
 * and what the grammar's error recovery cannot survive. */
#ifndef PX_PRESCAN_H
#define PX_PRESCAN_H

#include "parse.h"
#include "source.h"

#include <stdbool.h>

/* CPython's tokenizer limit on bracket nesting (MAXLEVEL). */
enum { PX_MAX_BRACKET_DEPTH = 200 };

/* Returns true and fills `out` when the source must not be parsed: it holds
 * a NUL byte, or nests brackets deeper than CPython allows. */
bool px_prescan(const PxSource *source, PxSyntaxError *out);

#endif
