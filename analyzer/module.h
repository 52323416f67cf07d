/* A module under analysis: its source, its parse tree while facts are being
 * extracted, and the facts, all freed together. */
#ifndef PX_MODULE_H
#define PX_MODULE_H

#include "arena.h"
#include "ir.h"
#include "parse.h"
#include "scope.h"
#include "source.h"

#include <stdbool.h>

typedef struct PxModule {
    PxSource *source; /* owned */
    PxArena *arena;   /* every per-module fact lives here */
    TSTree *tree;     /* owned; NULL once facts are extracted, or when the
                         source was refused before parsing */
    bool has_syntax_error;
    PxSyntaxError syntax_error;
    PxScopes *scopes; /* in arena; NULL if the file was not parsed */
    PxModuleIR *ir;   /* in arena; NULL if the file was not parsed */
} PxModule;

/* Takes ownership of `source`. */
PxModule *px_module_create(PxSource *source);
void px_module_destroy(PxModule *module);

/* Parses the module and records its first syntax error. A source refused by
 * px_prescan gets no tree at all. */
void px_module_parse(PxModule *module, PxParser *parser);
/* The same, with a tree made elsewhere (px_parser_parse or px_parser_reparse
 * of exactly this source's bytes, e.g. an editor's incremental parse). Takes
 * ownership of `tree`; a source px_prescan refuses drops it. */
void px_module_adopt_tree(PxModule *module, TSTree *tree);
/* Builds the scope graph, and with a tree the effect IR, into the arena
 * (module->scopes, module->ir) from one flattened copy of the tree, which
 * it then drops. */
void px_module_build_facts(PxModule *module);
/* Frees the syntax tree once nothing needs it any more. */
void px_module_drop_tree(PxModule *module);

#endif
