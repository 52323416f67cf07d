/* A module under analysis: its source, its parse tree while facts are being
 * extracted, and the facts, all freed together. */
#ifndef PX_MODULE_H
#define PX_MODULE_H

#include "arena.h"
#include "parse.h"
#include "scope.h"
#include "source.h"

#include <stdbool.h>

typedef struct PxModule {
    PxSource *source; /* owned */
    PxArena *arena;   /* every per-module fact lives here */
    TSTree *tree;     /* owned; NULL once facts are extracted */
    bool has_syntax_error;
    PxSyntaxError syntax_error;
    PxScopes *scopes; /* in the arena; NULL until built */
} PxModule;

/* Takes ownership of `source`. */
PxModule *px_module_create(PxSource *source);
void px_module_destroy(PxModule *module);

/* Parses the module and records its first syntax error. */
void px_module_parse(PxModule *module, PxParser *parser);
/* Frees the syntax tree once nothing needs it any more. */
void px_module_drop_tree(PxModule *module);

#endif
