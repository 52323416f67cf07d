/* A syntax tree flattened into one array in document order, made with a
 * single cursor walk. The scope and IR builders both walk every node; on
 * plain memory that costs a fraction of what tree-sitter's node API does,
 * so the tree is read once here and freed right after the facts are built.
 * Children are the cursor's children: visible nodes, hidden ones flattened
 * away, comments included, each with the field it has in its parent. A
 * string literal other than an f-string is a leaf: its quotes, contents and
 * escapes are in its bytes. Lines are not kept: px_source_line finds the
 * few that are needed. */
#ifndef PX_FLAT_TREE_H
#define PX_FLAT_TREE_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "source.h"

/* A node's index; 0 is the null node, whose fields are all zero. */
typedef uint32_t PxNode;
#define PX_NULL_NODE 0u

enum { PX_FLAT_HAS_CHILDREN = 1, PX_FLAT_NAMED = 2 };

/* The symbol of ERROR nodes (tree-sitter's ts_builtin_sym_error, which its
 * public header does not export). */
#define PX_FLAT_ERROR_SYMBOL ((TSSymbol)-1)

typedef struct {
    uint32_t start, end;    /* bytes */
    PxNode next;            /* next sibling, or PX_NULL_NODE */
    TSSymbol symbol;        /* ts_node_symbol: aliases resolved */
    TSFieldId field;        /* field in the parent, 0 if none */
    uint8_t flags;
} PxFlatNode;

typedef struct PxFlatTree PxFlatTree;

/* `tree` is the tree of `source`'s text. NULL tree: an empty flat tree
 * whose root is the null node. */
PxFlatTree *px_flat_create(const TSTree *tree, const PxSource *source);
void px_flat_destroy(PxFlatTree *flat);

const PxFlatNode *px_flat_nodes(const PxFlatTree *flat);
PxNode px_flat_root(const PxFlatTree *flat);
/* NULL for the empty tree. */
const TSLanguage *px_flat_language(const PxFlatTree *flat);

static inline PxNode px_flat_first(const PxFlatNode *t, PxNode n)
{
    return (t[n].flags & PX_FLAT_HAS_CHILDREN) ? n + 1 : PX_NULL_NODE;
}

static inline bool px_flat_named(const PxFlatNode *t, PxNode n)
{
    return (t[n].flags & PX_FLAT_NAMED) != 0;
}

/* The first child of `n` with field `field`. Unlike tree-sitter 0.20's
 * ts_node_child_by_field_id, never a grandchild reached through an aliased
 * node (match_statement's `alternative`, which sits in its `body`). */
PxNode px_flat_child_by_field(const PxFlatNode *t, PxNode n, TSFieldId field);
/* The i-th child, and the i-th named child, as ts_node_child and
 * ts_node_named_child; PX_NULL_NODE past the end. */
PxNode px_flat_child(const PxFlatNode *t, PxNode n, uint32_t i);
PxNode px_flat_named_child(const PxFlatNode *t, PxNode n, uint32_t i);
uint32_t px_flat_child_count(const PxFlatNode *t, PxNode n);
uint32_t px_flat_named_child_count(const PxFlatNode *t, PxNode n);

#endif
