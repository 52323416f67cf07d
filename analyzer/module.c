/* Module lifetime: create, parse, drop the tree, destroy. */
#include "module.h"

#include "alloc.h"
#include "flat_tree.h"
#include "prescan.h"

#include <stdio.h>
#include <stdlib.h>

PxModule *px_module_create(PxSource *source)
{
    PxModule *m = px_calloc(1, sizeof(*m));
    m->source = source;
    m->arena = px_arena_create();
    return m;
}

void px_module_destroy(PxModule *m)
{
    if (!m)
        return;
    px_module_drop_tree(m);
    px_arena_destroy(m->arena);
    px_source_destroy(m->source);
    free(m);
}

/* Records the tree (NULL: the parser gave up) and its first syntax error. */
static void take_tree(PxModule *m, TSTree *tree)
{
    m->tree = tree;
    if (!m->tree) {
        m->has_syntax_error = true;
        m->syntax_error = (PxSyntaxError){.start = 0, .end = 0};
        snprintf(m->syntax_error.message, sizeof m->syntax_error.message,
                 "syntax error: the parser gave up on this file after %.0f s "
                 "(pathological input)",
                 (double)px_parse_budget_micros(px_source_length(m->source)) / 1e6);
        return;
    }
    m->has_syntax_error = px_syntax_first_error(ts_tree_root_node(m->tree),
                                                m->source, &m->syntax_error);
}

void px_module_parse(PxModule *m, PxParser *parser)
{
    px_module_drop_tree(m);
    m->has_syntax_error = px_prescan(m->source, &m->syntax_error);
    if (m->has_syntax_error)
        return; /* no tree: nothing in the file is analyzed */
    take_tree(m, px_parser_parse(parser, m->source));
}

void px_module_adopt_tree(PxModule *m, TSTree *tree)
{
    px_module_drop_tree(m);
    m->has_syntax_error = px_prescan(m->source, &m->syntax_error);
    if (m->has_syntax_error) {
        if (tree)
            ts_tree_delete(tree);
        return;
    }
    take_tree(m, tree);
}

void px_module_build_facts(PxModule *m)
{
    PxFlatTree *flat = px_flat_create(m->tree, m->source);
    bool parsed = m->tree != NULL;
    /* freed while the walk has left it in the cache: later, it costs
     * tree-sitter a cache miss per node */
    px_module_drop_tree(m);
    m->scopes = px_scopes_build(m->arena, flat, m->source);
    if (parsed)
        m->ir = px_ir_build(m->arena, flat, m->source, m->scopes);
    px_flat_destroy(flat);
}

void px_module_drop_tree(PxModule *m)
{
    if (m->tree) {
        ts_tree_delete(m->tree);
        m->tree = NULL;
    }
}
