/* One depth-first cursor walk that copies each visible node's facts. */
#include "flat_tree.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

struct PxFlatTree {
    PxFlatNode *nodes; /* nodes[0] is the null node */
    size_t count, cap;
    const TSLanguage *language;
};

/* `in_error`: the node is a child of an ERROR node, which has no fields;
 * asking the cursor would climb error recovery's chains of hidden nodes,
 * quadratic on inputs like 200,000 `@`s. *kids: its visible children. */
static PxNode add(PxFlatTree *f, const TSTreeCursor *c, bool in_error, uint32_t *kids)
{
    TSNode n = ts_tree_cursor_current_node(c);
    PxFlatNode rec = {
        .start = ts_node_start_byte(n),
        .end = ts_node_end_byte(n),
        .symbol = ts_node_symbol(n),
        .field = in_error ? 0 : ts_tree_cursor_current_field_id(c),
        .flags = ts_node_is_named(n) ? PX_FLAT_NAMED : 0,
    };
    *kids = ts_node_child_count(n);
    PX_PUSH(f->nodes, f->count, f->cap, rec);
    return (PxNode)(f->count - 1);
}

static bool in_error(const PxFlatTree *f, PxNode parent)
{
    return f->nodes[parent].symbol == PX_FLAT_ERROR_SYMBOL;
}

/* Only an f-string has parts that are code. A tenth of a module's nodes
 * are the quotes and contents of the others: walking them costs more
 * than reading the prefix letters. */
static bool plain_string(const char *text, const PxFlatNode *n)
{
    for (uint32_t i = n->start; i < n->end; i++) {
        char c = text[i];
        if (c == '"' || c == '\'')
            return true;
        if (!memchr("rRbBuU", c, 6))
            return false; /* an f, or not a literal the grammar knows */
    }
    return false;
}

PxFlatTree *px_flat_create(const TSTree *tree, const PxSource *source)
{
    PxFlatTree *f = px_calloc(1, sizeof *f);
    PxFlatNode null_node = {0};
    PX_PUSH(f->nodes, f->count, f->cap, null_node);
    if (!tree)
        return f;
    f->language = ts_tree_language(tree);
    const char *text = px_source_text(source);
    TSSymbol string = ts_language_symbol_for_name(f->language, "string", 6, true);
    TSNode root = ts_tree_root_node(tree);
    /* Python source has a node per 4 bytes or so: room for them at once
     * rather than a dozen copies as the array doubles */
    px_grow((void **)&f->nodes, &f->cap, ts_node_end_byte(root) / 4 + 64, sizeof(*f->nodes));
    TSTreeCursor c = ts_tree_cursor_new(root);
    /* Per depth: the latest node, whose `next` the following sibling fills
     * in, and how many siblings are still to come. Knowing the counts, the
     * walk never asks the cursor for a child or sibling that is not there:
     * a failed goto_next_sibling climbs through the hidden nodes around the
     * last child and costs as much as a successful one, and leaves, most
     * of the nodes, are not asked for children. */
    struct Level {
        PxNode last;
        uint32_t left;
    } *level = NULL;
    size_t depth = 0, caplevel = 0, nlevel = 0;
    uint32_t kids;
    struct Level top = {add(f, &c, false, &kids), 0};
    PX_PUSH(level, nlevel, caplevel, top);
    for (;;) {
        PxNode at = level[depth].last;
        if (kids && !(f->nodes[at].symbol == string && plain_string(text, &f->nodes[at])) &&
            ts_tree_cursor_goto_first_child(&c)) {
            f->nodes[at].flags |= PX_FLAT_HAS_CHILDREN;
            uint32_t siblings = kids - 1;
            struct Level l = {add(f, &c, in_error(f, at), &kids), siblings};
            if (++depth == nlevel)
                PX_PUSH(level, nlevel, caplevel, l);
            else
                level[depth] = l;
            continue;
        }
        while (!level[depth].left || !ts_tree_cursor_goto_next_sibling(&c)) {
            if (depth == 0 || !ts_tree_cursor_goto_parent(&c))
                goto done;
            depth--;
        }
        level[depth].left--;
        PxNode k = add(f, &c, depth > 0 && in_error(f, level[depth - 1].last), &kids);
        f->nodes[level[depth].last].next = k;
        level[depth].last = k;
    }
done:
    free(level);
    ts_tree_cursor_delete(&c);
    return f;
}

void px_flat_destroy(PxFlatTree *f)
{
    if (!f)
        return;
    free(f->nodes);
    free(f);
}

const PxFlatNode *px_flat_nodes(const PxFlatTree *f) { return f->nodes; }

PxNode px_flat_root(const PxFlatTree *f) { return f->count > 1 ? 1 : PX_NULL_NODE; }

const TSLanguage *px_flat_language(const PxFlatTree *f) { return f->language; }

PxNode px_flat_child_by_field(const PxFlatNode *t, PxNode n, TSFieldId field)
{
    if (!field)
        return PX_NULL_NODE;
    for (PxNode k = px_flat_first(t, n); k; k = t[k].next)
        if (t[k].field == field)
            return k;
    return PX_NULL_NODE;
}

PxNode px_flat_child(const PxFlatNode *t, PxNode n, uint32_t i)
{
    for (PxNode k = px_flat_first(t, n); k; k = t[k].next)
        if (i-- == 0)
            return k;
    return PX_NULL_NODE;
}

PxNode px_flat_named_child(const PxFlatNode *t, PxNode n, uint32_t i)
{
    for (PxNode k = px_flat_first(t, n); k; k = t[k].next)
        if (px_flat_named(t, k) && i-- == 0)
            return k;
    return PX_NULL_NODE;
}

uint32_t px_flat_child_count(const PxFlatNode *t, PxNode n)
{
    uint32_t count = 0;
    for (PxNode k = px_flat_first(t, n); k; k = t[k].next)
        count++;
    return count;
}

uint32_t px_flat_named_child_count(const PxFlatNode *t, PxNode n)
{
    uint32_t count = 0;
    for (PxNode k = px_flat_first(t, n); k; k = t[k].next)
        count += px_flat_named(t, k);
    return count;
}
