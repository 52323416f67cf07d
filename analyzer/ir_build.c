/* Reduces each function's syntax to effect-IR operations (see ir.h). One
 * builder per function, lambda, class body and the module body; comprehension
 * scopes are folded into the function that contains them (the analysis is
 * flow-insensitive, so their variables are just more slots). Nested
 * functions are queued, not recursed into, and expression recursion is
 * bounded by MAX_DEPTH. */
#include "ir.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 400 };

typedef struct {
    PxScopeId scope;
    const char *name;
    PxSlot slot;
} NameSlot;

typedef struct {
    TSNode node;
    PxScopeId scope;
} Pending;

typedef struct {
    PxArena *arena;
    const PxSource *source;
    const char *text;
    const PxScopes *scopes;
    PxModuleIR *ir;
    Pending *pending;
    size_t npending, cappending;
    /* the function being built */
    PxScopeId home;
    PxFunctionIR *fn;
    PxOp *ops;
    size_t nops, capops;
    const char **slot_names;
    uint32_t *slot_sites;
    size_t nslots, capslots, capsites;
    NameSlot *names;
    size_t nnames, capnames;
    uint32_t *name_index; /* open addressing over names: index+1, 0 empty */
    size_t name_index_cap;
    int depth;
    bool too_deep;
    int block_depth;  /* compound statements around the current one */
    bool strong;      /* the current assignment replaces the name's value */
    bool generator;   /* a yield was seen: calls return a generator */
    bool is_async;    /* the function is an `async def` */
} Builder;

/* ---- small helpers ------------------------------------------------------ */

static bool is(TSNode n, const char *type) { return strcmp(ts_node_type(n), type) == 0; }

static TSNode field(TSNode n, const char *name)
{
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

static const char *text_of(Builder *b, TSNode n)
{
    uint32_t a = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return px_arena_strndup(b->arena, b->text + a, e - a);
}

static PxSlot new_slot(Builder *b, const char *name, uint32_t site)
{
    PX_PUSH(b->slot_names, b->nslots, b->capslots, name);
    px_grow((void **)&b->slot_sites, &b->capsites, b->nslots, sizeof(uint32_t));
    b->slot_sites[b->nslots - 1] = site;
    return (PxSlot)(b->nslots - 1);
}

static PxSlot temp(Builder *b) { return new_slot(b, NULL, 0); }

static PxOp *emit(Builder *b, PxOpKind kind, TSNode site)
{
    PxOp op = {.kind = kind, .dst = PX_NO_SLOT, .a = PX_NO_SLOT, .b = PX_NO_SLOT};
    if (!ts_node_is_null(site)) {
        op.start = ts_node_start_byte(site);
        op.end = ts_node_end_byte(site);
    }
    PX_PUSH(b->ops, b->nops, b->capops, op);
    return &b->ops[b->nops - 1];
}

/* True if `scope` is folded into the function being built: it is the home
 * scope or a comprehension nested in it. */
static bool folded(Builder *b, PxScopeId scope)
{
    while (scope != PX_NO_SCOPE) {
        if (scope == b->home)
            return true;
        const PxScope *s = px_scopes_get(b->scopes, scope);
        if (s->kind != PX_SCOPE_COMPREHENSION)
            return false;
        scope = s->parent;
    }
    return false;
}

static uint64_t name_hash(PxScopeId scope, const char *name)
{
    uint64_t h = 1469598103934665603ull ^ scope;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

/* The NameSlot for (scope, name), or NULL. Hashed: module bodies bind
 * thousands of names. */
static NameSlot *find_name(Builder *b, PxScopeId scope, const char *name)
{
    if (!b->name_index_cap)
        return NULL;
    size_t j = name_hash(scope, name) & (b->name_index_cap - 1);
    while (b->name_index[j]) {
        NameSlot *ns = &b->names[b->name_index[j] - 1];
        if (ns->scope == scope && strcmp(ns->name, name) == 0)
            return ns;
        j = (j + 1) & (b->name_index_cap - 1);
    }
    return NULL;
}

static void index_names(Builder *b)
{
    size_t cap = b->name_index_cap ? b->name_index_cap : 64;
    while (cap < b->nnames * 2 + 2)
        cap *= 2;
    free(b->name_index);
    b->name_index = px_calloc(cap, sizeof(uint32_t));
    b->name_index_cap = cap;
    for (size_t i = 0; i < b->nnames; i++) {
        size_t j = name_hash(b->names[i].scope, b->names[i].name) & (cap - 1);
        while (b->name_index[j])
            j = (j + 1) & (cap - 1);
        b->name_index[j] = (uint32_t)i + 1;
    }
}

static PxSlot local_slot(Builder *b, PxScopeId scope, const char *name, uint32_t site)
{
    NameSlot *found = find_name(b, scope, name);
    if (found)
        return found->slot;
    const char *copy = px_arena_strdup(b->arena, name);
    NameSlot ns = {scope, copy, new_slot(b, copy, site)};
    PX_PUSH(b->names, b->nnames, b->capnames, ns);
    if ((b->nnames + 1) * 2 > b->name_index_cap)
        index_names(b);
    else {
        size_t j = name_hash(scope, copy) & (b->name_index_cap - 1);
        while (b->name_index[j])
            j = (j + 1) & (b->name_index_cap - 1);
        b->name_index[j] = (uint32_t)b->nnames;
    }
    return ns.slot;
}

/* A statement at the top of the function body that assigns a name runs
 * exactly once, after everything before it: later reads see only the new
 * value (`items = list(items)` no longer aliases the argument). */
static void new_version(Builder *b, PxScopeId scope, const char *name, uint32_t site)
{
    NameSlot *ns = find_name(b, scope, name);
    if (ns)
        ns->slot = new_slot(b, ns->name, site);
}

/* The scope a node's names are looked up in: the innermost scope at its
 * offset, which for code inside comprehensions is the comprehension. */
static PxScopeId scope_at(Builder *b, TSNode n)
{
    PxScopeId s = px_scopes_at(b->scopes, ts_node_start_byte(n));
    return folded(b, s) ? s : b->home;
}

/* ---- expressions -------------------------------------------------------- */

static PxSlot expr(Builder *b, TSNode n);
static void stmt_block(Builder *b, TSNode n);
static void assign_to(Builder *b, TSNode target, PxSlot value, TSNode site);

static PxSlot read_name(Builder *b, TSNode id)
{
    const char *name = text_of(b, id);
    PxScopeId scope = scope_at(b, id), where = PX_NO_SCOPE;
    PxSymScope r = px_scopes_resolve(b->scopes, scope, name, &where);
    if ((r == PX_SYM_LOCAL || r == PX_SYM_CELL || r == PX_SYM_FREE) &&
        where != PX_NO_SCOPE && folded(b, where) &&
        !(where == 0 && b->home != 0))
        return local_slot(b, where, name, ts_node_start_byte(id));
    PxSlot t = temp(b);
    if (r == PX_SYM_FREE && where != PX_NO_SCOPE && where != 0) {
        PxOp *op = emit(b, PX_OP_CELL, id);
        op->dst = t;
        op->name = name;
        op->index = where;
    } else {
        PxOp *op = emit(b, PX_OP_GLOBAL, id);
        op->dst = t;
        op->name = name;
    }
    return t;
}

static PxSlot fresh(Builder *b, TSNode site, const char *type)
{
    PxSlot t = temp(b);
    PxOp *op = emit(b, PX_OP_FRESH, site);
    op->dst = t;
    op->name = type;
    return t;
}

static void copy_into(Builder *b, PxSlot dst, PxSlot src)
{
    if (src == PX_NO_SLOT || dst == src)
        return;
    PxOp *op = emit(b, PX_OP_COPY, (TSNode){0});
    op->dst = dst;
    op->a = src;
}

/* A special method the syntax calls on `recv` (PX_OP_IMPLICIT), with up to
 * two arguments. */
static void implicit(Builder *b, TSNode site, PxSlot recv, const char *dunder,
                     PxSlot dst, PxSlot arg0, PxSlot arg1)
{
    if (recv == PX_NO_SLOT)
        return;
    PxOp *op = emit(b, PX_OP_IMPLICIT, site);
    op->dst = dst;
    op->a = recv;
    op->name = dunder;
    op->args = px_arena_alloc(b->arena, 2 * sizeof(PxSlot));
    op->kwnames = px_arena_alloc(b->arena, sizeof(char *));
    if (arg0 != PX_NO_SLOT)
        op->args[op->nargs++] = arg0;
    if (arg1 != PX_NO_SLOT)
        op->args[op->nargs++] = arg1;
}

/* True if the node has an `async` keyword child (async for / with / def). */
static bool has_async(TSNode n)
{
    bool found = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do
            found = !strcmp(ts_node_type(ts_tree_cursor_current_node(&c)), "async");
        while (!found && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return found;
}

static void children_exprs(Builder *b, TSNode n)
{
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (ts_node_is_named(k) && !is(k, "comment"))
                expr(b, k);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* A container literal: a fresh object whose elements are its items. */
static PxSlot container(Builder *b, TSNode n, const char *type)
{
    PxSlot obj = fresh(b, n, type);
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_named(k) || is(k, "comment"))
                continue;
            PxSlot v;
            if (is(k, "pair")) {
                expr(b, field(k, "key"));
                v = expr(b, field(k, "value"));
            } else if (is(k, "list_splat") || is(k, "dictionary_splat") ||
                       is(k, "parenthesized_list_splat")) {
                PxSlot inner = expr(b, ts_node_named_child(k, 0));
                v = temp(b);
                PxOp *op = emit(b, PX_OP_ELEM, k);
                op->dst = v;
                op->a = inner;
                if (!is(k, "dictionary_splat"))
                    implicit(b, k, inner, "__iter__", v, PX_NO_SLOT, PX_NO_SLOT);
            } else {
                v = expr(b, k);
            }
            /* Storing into our own fresh object: record contents only. */
            PxOp *op = emit(b, PX_OP_STORE_ELEM, (TSNode){0});
            op->a = obj;
            op->b = v;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return obj;
}

/* for_in_clause / if_clause of comprehensions, then the body. */
static PxSlot comprehension(Builder *b, TSNode n, const char *type)
{
    PxSlot obj = fresh(b, n, type);
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (is(k, "for_in_clause")) {
                PxSlot it = expr(b, field(k, "right"));
                PxSlot e = temp(b);
                PxOp *op = emit(b, PX_OP_ELEM, k);
                op->dst = e;
                op->a = it;
                implicit(b, field(k, "right"), it, has_async(k) ? "__aiter__" : "__iter__",
                         e, PX_NO_SLOT, PX_NO_SLOT);
                assign_to(b, field(k, "left"), e, k);
            } else if (is(k, "if_clause")) {
                children_exprs(b, k);
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    TSNode body = field(n, "body");
    PxSlot v;
    if (is(body, "pair")) {
        expr(b, field(body, "key"));
        v = expr(b, field(body, "value"));
    } else {
        v = expr(b, body);
    }
    PxOp *op = emit(b, PX_OP_STORE_ELEM, (TSNode){0});
    op->a = obj;
    op->b = v;
    return obj;
}

static bool is_string_literal(TSNode n)
{
    if (!is(n, "string"))
        return false;
    /* An f-string has interpolations: not a constant. */
    TSTreeCursor c = ts_tree_cursor_new(n);
    bool constant = true;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do
            constant = !is(ts_tree_cursor_current_node(&c), "interpolation");
        while (constant && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return constant;
}

/* The value of a constant string argument ("append" in getattr(x, "append")). */
static const char *string_value(Builder *b, TSNode n)
{
    if (!is_string_literal(n))
        return NULL;
    TSTreeCursor c = ts_tree_cursor_new(n);
    const char *out = NULL;
    int contents = 0;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (is(k, "string_content")) {
                out = text_of(b, k);
                contents++;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return contents == 1 ? out : NULL;
}

typedef struct {
    PxSlot *args;
    const char **kwnames;
    size_t nargs, capargs, nkw, capkw;
    PxSlot *kwslots;
    size_t nkwslots, capkwslots;
    bool star;
    TSNode positional[4]; /* the first positional argument nodes */
} Args;

static void collect_args(Builder *b, TSNode list, Args *a)
{
    memset(a, 0, sizeof(*a));
    if (ts_node_is_null(list))
        return;
    if (is(list, "generator_expression")) {
        PxSlot v = comprehension(b, list, "types.GeneratorType");
        PX_PUSH(a->args, a->nargs, a->capargs, v);
        a->positional[0] = list;
        return;
    }
    TSTreeCursor c = ts_tree_cursor_new(list);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_named(k) || is(k, "comment"))
                continue;
            if (is(k, "keyword_argument")) {
                PxSlot v = expr(b, field(k, "value"));
                PX_PUSH(a->kwnames, a->nkw, a->capkw, text_of(b, field(k, "name")));
                PX_PUSH(a->kwslots, a->nkwslots, a->capkwslots, v);
            } else if (is(k, "list_splat") || is(k, "dictionary_splat")) {
                /* f(*xs): the elements are passed; map them to every
                 * parameter (the analysis treats `star` conservatively). */
                PxSlot inner = expr(b, ts_node_named_child(k, 0));
                PxSlot e = temp(b);
                PxOp *op = emit(b, PX_OP_ELEM, k);
                op->dst = e;
                op->a = inner;
                if (is(k, "list_splat"))
                    implicit(b, k, inner, "__iter__", e, PX_NO_SLOT, PX_NO_SLOT);
                PX_PUSH(a->args, a->nargs, a->capargs, e);
                a->star = true;
            } else {
                if (a->nargs < 4)
                    a->positional[a->nargs] = k;
                PX_PUSH(a->args, a->nargs, a->capargs, expr(b, k));
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static void attach_args(Builder *b, PxOp *op, Args *a)
{
    uint32_t n = (uint32_t)(a->nargs + a->nkw);
    op->args = px_arena_alloc(b->arena, (n ? n : 1) * sizeof(PxSlot));
    if (a->nargs)
        memcpy(op->args, a->args, a->nargs * sizeof(PxSlot));
    if (a->nkw)
        memcpy(op->args + a->nargs, a->kwslots, a->nkw * sizeof(PxSlot));
    op->kwnames = px_arena_alloc(b->arena, (a->nkw ? a->nkw : 1) * sizeof(char *));
    if (a->nkw)
        memcpy(op->kwnames, a->kwnames, a->nkw * sizeof(char *));
    op->nargs = (uint32_t)a->nargs;
    op->nkw = (uint32_t)a->nkw;
    op->star = a->star;
    free(a->args);
    free(a->kwnames);
    free(a->kwslots);
}

static PxSlot dynamic(Builder *b, TSNode site, const char *what)
{
    PxOp *op = emit(b, PX_OP_DYNAMIC, site);
    op->name = what;
    return temp(b);
}

/* Calls of builtins whose meaning is syntax-level: exec, eval, globals(),
 * setattr with a computed name, getattr with a constant one. Returns
 * PX_NO_SLOT when the call is not one of those. */
static PxSlot special_call(Builder *b, TSNode call, const char *fname, Args *a)
{
    PxScopeId where;
    PxSymScope r = px_scopes_resolve(b->scopes, scope_at(b, call), fname, &where);
    if (r != PX_SYM_GLOBAL_IMPLICIT || px_scopes_symbol(b->scopes, 0, fname))
        return PX_NO_SLOT; /* shadowed: not the builtin */
    if (!strcmp(fname, "exec") || !strcmp(fname, "eval") ||
        !strcmp(fname, "globals") || !strcmp(fname, "vars") ||
        !strcmp(fname, "locals") || !strcmp(fname, "__import__") ||
        !strcmp(fname, "compile"))
        return dynamic(b, call, px_arena_printf(b->arena, "%s()", fname));
    bool set = !strcmp(fname, "setattr"), del = !strcmp(fname, "delattr");
    bool get = !strcmp(fname, "getattr");
    if (!set && !del && !get)
        return PX_NO_SLOT;
    const char *attr = ts_node_is_null(a->positional[1]) || a->nargs < 2
                           ? NULL : string_value(b, a->positional[1]);
    if (!attr)
        return get ? PX_NO_SLOT
                   : dynamic(b, call, px_arena_printf(b->arena,
                                 "%s() with a computed attribute name", fname));
    PxSlot t = temp(b);
    PxOp *op = emit(b, get ? PX_OP_ATTR : set ? PX_OP_STORE_ATTR : PX_OP_DEL_ATTR, call);
    op->a = a->args[0];
    op->name = attr;
    if (get)
        op->dst = t;
    else if (set && a->nargs >= 3)
        op->b = a->args[2];
    return t;
}

static PxSlot call_expr(Builder *b, TSNode n)
{
    TSNode fn = field(n, "function");
    Args a;
    /* super().m(...) */
    if (is(fn, "attribute")) {
        TSNode obj = field(fn, "object");
        if (is(obj, "call") && is(field(obj, "function"), "identifier") &&
            !strcmp(text_of(b, field(obj, "function")), "super")) {
            collect_args(b, field(n, "arguments"), &a);
            PxSlot t = temp(b);
            PxOp *op = emit(b, PX_OP_SUPER_METHOD, n);
            op->dst = t;
            op->name = text_of(b, field(fn, "attribute"));
            attach_args(b, op, &a);
            return t;
        }
        PxSlot recv = expr(b, obj);
        collect_args(b, field(n, "arguments"), &a);
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_METHOD, n);
        op->dst = t;
        op->a = recv;
        op->name = text_of(b, field(fn, "attribute"));
        attach_args(b, op, &a);
        return t;
    }
    PxSlot callee = PX_NO_SLOT;
    const char *fname = is(fn, "identifier") ? text_of(b, fn) : NULL;
    if (!fname)
        callee = expr(b, fn);
    collect_args(b, field(n, "arguments"), &a);
    if (fname) {
        PxSlot s = special_call(b, n, fname, &a);
        if (s != PX_NO_SLOT) {
            free(a.args);
            free(a.kwnames);
            free(a.kwslots);
            return s;
        }
        callee = read_name(b, fn);
    }
    PxSlot t = temp(b);
    PxOp *op = emit(b, PX_OP_CALL, n);
    op->dst = t;
    op->a = callee;
    attach_args(b, op, &a);
    return t;
}

static void queue_scope(Builder *b, TSNode node)
{
    PxScopeId id = px_scopes_find_by_node(b->scopes, ts_node_start_byte(node));
    if (id == PX_NO_SCOPE)
        return;
    Pending p = {node, id};
    PX_PUSH(b->pending, b->npending, b->cappending, p);
}

/* Parameter defaults are evaluated where the def is, not inside it. */
static void parameter_defaults(Builder *b, TSNode params)
{
    if (ts_node_is_null(params))
        return;
    TSTreeCursor c = ts_tree_cursor_new(params);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (is(k, "default_parameter") || is(k, "typed_default_parameter"))
                expr(b, field(k, "value"));
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static PxSlot lambda_expr(Builder *b, TSNode n)
{
    parameter_defaults(b, field(n, "parameters"));
    PxScopeId id = px_scopes_find_by_node(b->scopes, ts_node_start_byte(n));
    PxSlot t = temp(b);
    if (id != PX_NO_SCOPE) {
        PxOp *op = emit(b, PX_OP_FUNC, n);
        op->dst = t;
        op->index = id;
        queue_scope(b, n);
    }
    return t;
}

static bool has_slice(TSNode subscript)
{
    bool found = false;
    TSTreeCursor c = ts_tree_cursor_new(subscript);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do
            found = is(ts_tree_cursor_current_node(&c), "slice");
        while (!found && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return found;
}

/* Evaluates a subscript's index expressions (every child after the value)
 * and returns the key its special methods get: the index, or a fresh tuple
 * of several. */
static PxSlot subscript_key(Builder *b, TSNode n)
{
    PxSlot key = PX_NO_SLOT, tuple = PX_NO_SLOT;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        bool first = true;
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (ts_node_is_named(k) && !first && !is(k, "comment")) {
                PxSlot v = expr(b, k);
                if (key == PX_NO_SLOT) {
                    key = v;
                } else {
                    if (tuple == PX_NO_SLOT) {
                        tuple = fresh(b, n, "tuple");
                        PxOp *op = emit(b, PX_OP_STORE_ELEM, (TSNode){0});
                        op->a = tuple;
                        op->b = key;
                    }
                    PxOp *op = emit(b, PX_OP_STORE_ELEM, (TSNode){0});
                    op->a = tuple;
                    op->b = v;
                }
            }
            if (ts_node_is_named(k))
                first = false;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return tuple != PX_NO_SLOT ? tuple : key;
}

/* a < b in c: every operand once; `in` and `not in` test membership in the
 * right operand, which calls its __contains__ (or iterates over it). */
static PxSlot comparison(Builder *b, TSNode n)
{
    PxSlot prev = PX_NO_SLOT;
    bool contains = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_named(k)) {
                contains = is(k, "in") || is(k, "not in");
                continue;
            }
            if (is(k, "comment"))
                continue;
            PxSlot v = expr(b, k);
            if (contains && prev != PX_NO_SLOT)
                implicit(b, n, v, "__contains__", PX_NO_SLOT, prev, PX_NO_SLOT);
            contains = false;
            prev = v;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return fresh(b, n, NULL);
}

static PxSlot expr_inner(Builder *b, TSNode n)
{
    const char *type = ts_node_type(n);
    if (!strcmp(type, "identifier"))
        return read_name(b, n);
    if (!strcmp(type, "attribute")) {
        PxSlot obj = expr(b, field(n, "object"));
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_ATTR, n);
        op->dst = t;
        op->a = obj;
        op->name = text_of(b, field(n, "attribute"));
        return t;
    }
    if (!strcmp(type, "subscript")) {
        PxSlot obj = expr(b, field(n, "value"));
        PxSlot key = subscript_key(b, n);
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = t;
        op->a = obj;
        implicit(b, n, obj, "__getitem__", t, key, PX_NO_SLOT);
        if (has_slice(n)) {
            /* xs[a:b] is a new sequence of the same elements */
            PxSlot copy = fresh(b, n, "list");
            op = emit(b, PX_OP_STORE_ELEM, (TSNode){0});
            op->a = copy;
            op->b = t;
            return copy;
        }
        return t;
    }
    if (!strcmp(type, "call"))
        return call_expr(b, n);
    if (!strcmp(type, "list"))
        return container(b, n, "list");
    if (!strcmp(type, "tuple") || !strcmp(type, "expression_list") ||
        !strcmp(type, "pattern_list"))
        return container(b, n, "tuple");
    if (!strcmp(type, "set"))
        return container(b, n, "set");
    if (!strcmp(type, "dictionary"))
        return container(b, n, "dict");
    if (!strcmp(type, "list_comprehension"))
        return comprehension(b, n, "list");
    if (!strcmp(type, "set_comprehension"))
        return comprehension(b, n, "set");
    if (!strcmp(type, "dictionary_comprehension"))
        return comprehension(b, n, "dict");
    if (!strcmp(type, "generator_expression"))
        return comprehension(b, n, "types.GeneratorType");
    if (!strcmp(type, "parenthesized_expression")) {
        PxSlot last = PX_NO_SLOT;
        TSTreeCursor c = ts_tree_cursor_new(n);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (ts_node_is_named(k) && !is(k, "comment"))
                    last = expr(b, k);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
        return last != PX_NO_SLOT ? last : fresh(b, n, "tuple");
    }
    if (!strcmp(type, "boolean_operator") || !strcmp(type, "conditional_expression")) {
        /* The value is one of the operands (`x or DEFAULT`). */
        PxSlot t = temp(b);
        TSTreeCursor c = ts_tree_cursor_new(n);
        int idx = 0;
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (!ts_node_is_named(k) || is(k, "comment"))
                    continue;
                PxSlot v = expr(b, k);
                /* conditional_expression: body if condition else other */
                if (!(!strcmp(type, "conditional_expression") && idx == 1))
                    copy_into(b, t, v);
                idx++;
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
        return t;
    }
    if (!strcmp(type, "named_expression")) {
        PxSlot v = expr(b, field(n, "value"));
        bool strong = b->strong;
        b->strong = false; /* a walrus may not run: never a replacement */
        assign_to(b, field(n, "name"), v, n);
        b->strong = strong;
        return v;
    }
    if (!strcmp(type, "lambda"))
        return lambda_expr(b, n);
    if (!strcmp(type, "await")) {
        TSNode k = ts_node_named_child(n, 0);
        expr(b, k);
        return temp(b); /* what an awaitable yields is not tracked */
    }
    if (!strcmp(type, "list_splat") || !strcmp(type, "dictionary_splat") ||
        !strcmp(type, "parenthesized_list_splat")) {
        PxSlot inner = expr(b, ts_node_named_child(n, 0));
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = t;
        op->a = inner;
        if (strcmp(type, "dictionary_splat") != 0)
            implicit(b, n, inner, "__iter__", t, PX_NO_SLOT, PX_NO_SLOT);
        return t;
    }
    if (!strcmp(type, "yield")) {
        /* A function with a yield returns a generator when called. */
        const PxScope *home = px_scopes_get(b->scopes, b->home);
        if (!b->generator &&
            (home->kind == PX_SCOPE_FUNCTION || home->kind == PX_SCOPE_LAMBDA)) {
            b->generator = true;
            PxSlot g = fresh(b, n, b->is_async ? "types.AsyncGeneratorType"
                                               : "types.GeneratorType");
            PxOp *op = emit(b, PX_OP_RETURN, n);
            op->a = g;
        }
        /* `yield from x` iterates over x */
        bool from = false;
        for (uint32_t i = 0; i < ts_node_child_count(n) && !from; i++)
            from = is(ts_node_child(n, i), "from");
        if (from) {
            PxSlot it = expr(b, ts_node_named_child(n, 0));
            PxSlot e = temp(b);
            PxOp *op = emit(b, PX_OP_ELEM, n);
            op->dst = e;
            op->a = it;
            implicit(b, n, it, "__iter__", e, PX_NO_SLOT, PX_NO_SLOT);
        } else {
            children_exprs(b, n);
        }
        return temp(b); /* what is sent in is unknown, not main-thread */
    }
    if (!strcmp(type, "comparison_operator"))
        return comparison(b, n);
    if (!strcmp(type, "keyword_argument")) {
        return expr(b, field(n, "value"));
    }
    if (!strcmp(type, "comment"))
        return PX_NO_SLOT;
    /* Strings, numbers, operators, comparisons, f-strings: a fresh value;
     * what is inside (interpolations, operands) is still evaluated. */
    children_exprs(b, n);
    return fresh(b, n, NULL);
}

static PxSlot expr(Builder *b, TSNode n)
{
    if (ts_node_is_null(n))
        return PX_NO_SLOT;
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return temp(b);
    }
    PxSlot s = expr_inner(b, n);
    b->depth--;
    return s == PX_NO_SLOT ? temp(b) : s;
}

/* ---- assignment targets ------------------------------------------------- */

/* x.__dict__[k] = v writes an attribute by a computed name. */
static bool writes_dunder_dict(Builder *b, TSNode subscript)
{
    TSNode v = field(subscript, "value");
    return is(v, "attribute") &&
           strcmp(text_of(b, field(v, "attribute")), "__dict__") == 0;
}

static void assign_name(Builder *b, TSNode id, PxSlot value, TSNode site, bool del)
{
    const char *name = text_of(b, id);
    PxScopeId scope = scope_at(b, id), where = PX_NO_SCOPE;
    PxSymScope r = px_scopes_resolve(b->scopes, scope, name, &where);
    const PxSymbol *sym = px_scopes_symbol(b->scopes, scope, name);
    if (r == PX_SYM_GLOBAL_EXPLICIT && b->home != 0) {
        PxOp *op = emit(b, PX_OP_REBIND_GLOBAL, site);
        op->name = name;
        op->a = value;
        op->index = del;
        return;
    }
    if (sym && (sym->flags & PX_SYMF_NONLOCAL_DECL) && !folded(b, where)) {
        PxOp *op = emit(b, PX_OP_REBIND_CELL, site);
        op->name = name;
        op->index = where;
        op->a = value;
        return;
    }
    if (r == PX_SYM_FREE && where != PX_NO_SCOPE && folded(b, where)) {
        scope = where; /* a walrus in a comprehension binds in the function */
    } else if ((r == PX_SYM_GLOBAL_IMPLICIT || r == PX_SYM_GLOBAL_EXPLICIT) &&
               b->home != 0) {
        /* A comprehension walrus at module level, or unresolvable: treat
         * it as a global rebinding, which is never silently safe. */
        PxOp *op = emit(b, PX_OP_REBIND_GLOBAL, site);
        op->name = name;
        op->a = value;
        op->index = del;
        return;
    }
    if (!folded(b, scope))
        scope = b->home;
    if (b->strong && b->block_depth == 0 && scope == b->home && !del)
        new_version(b, scope, name, ts_node_start_byte(id));
    PxSlot s = local_slot(b, scope, name, ts_node_start_byte(id));
    if (!del)
        copy_into(b, s, value);
}

static void assign_to(Builder *b, TSNode t, PxSlot value, TSNode site)
{
    if (ts_node_is_null(t))
        return;
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return;
    }
    const char *type = ts_node_type(t);
    if (!strcmp(type, "identifier")) {
        assign_name(b, t, value, site, false);
    } else if (!strcmp(type, "attribute")) {
        PxSlot obj = expr(b, field(t, "object"));
        PxOp *op = emit(b, PX_OP_STORE_ATTR, t);
        op->a = obj;
        op->b = value;
        op->name = text_of(b, field(t, "attribute"));
    } else if (!strcmp(type, "subscript") && writes_dunder_dict(b, t)) {
        expr(b, field(t, "value"));
        dynamic(b, t, "a write into `__dict__`");
    } else if (!strcmp(type, "subscript")) {
        PxSlot obj = expr(b, field(t, "value"));
        PxSlot key = subscript_key(b, t);
        PxOp *op = emit(b, PX_OP_STORE_ELEM, t);
        op->a = obj;
        op->b = value;
        implicit(b, t, obj, "__setitem__", PX_NO_SLOT,
                 key != PX_NO_SLOT ? key : fresh(b, t, NULL), value);
    } else if (!strcmp(type, "pattern_list") || !strcmp(type, "tuple_pattern") ||
               !strcmp(type, "list_pattern") || !strcmp(type, "tuple") ||
               !strcmp(type, "list") || !strcmp(type, "expression_list") ||
               !strcmp(type, "parenthesized_expression")) {
        PxSlot e = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, t);
        op->dst = e;
        op->a = value;
        /* a, b = x iterates over x */
        implicit(b, t, value, "__iter__", e, PX_NO_SLOT, PX_NO_SLOT);
        TSTreeCursor c = ts_tree_cursor_new(t);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (ts_node_is_named(k) && !is(k, "comment"))
                    assign_to(b, k, e, site);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
    } else if (!strcmp(type, "list_splat_pattern") || !strcmp(type, "list_splat")) {
        /* a, *rest = xs: rest is a fresh list of xs's elements */
        PxSlot l = fresh(b, t, "list");
        PxOp *op = emit(b, PX_OP_STORE_ELEM, (TSNode){0});
        op->a = l;
        op->b = value;
        assign_to(b, ts_node_named_child(t, 0), l, site);
    } else {
        /* Anything else in target position is evaluated for its effects. */
        expr(b, t);
    }
    b->depth--;
}

static void delete_target(Builder *b, TSNode t)
{
    const char *type = ts_node_type(t);
    if (!strcmp(type, "identifier")) {
        assign_name(b, t, PX_NO_SLOT, t, true);
    } else if (!strcmp(type, "attribute")) {
        PxOp *op;
        PxSlot obj = expr(b, field(t, "object"));
        op = emit(b, PX_OP_DEL_ATTR, t);
        op->a = obj;
        op->name = text_of(b, field(t, "attribute"));
    } else if (!strcmp(type, "subscript") && writes_dunder_dict(b, t)) {
        expr(b, field(t, "value"));
        dynamic(b, t, "a deletion from `__dict__`");
    } else if (!strcmp(type, "subscript")) {
        PxSlot obj = expr(b, field(t, "value"));
        PxSlot key = subscript_key(b, t);
        PxOp *op = emit(b, PX_OP_DEL_ELEM, t);
        op->a = obj;
        implicit(b, t, obj, "__delitem__", PX_NO_SLOT, key, PX_NO_SLOT);
    } else if (!strcmp(type, "expression_list") || !strcmp(type, "tuple") ||
               !strcmp(type, "list") || !strcmp(type, "parenthesized_expression")) {
        TSTreeCursor c = ts_tree_cursor_new(t);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (ts_node_is_named(k) && !is(k, "comment"))
                    delete_target(b, k);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
    } else {
        expr(b, t);
    }
}

/* ---- statements --------------------------------------------------------- */

/* Decorators that return the function or class itself (or a descriptor
 * calling it) and add no behaviour of their own. */
static bool benign_decorator(const char *text)
{
    static const char *const names[] = {
        "staticmethod", "classmethod", "property", "abstractmethod",
        "abc.abstractmethod", "overload", "typing.overload", "override",
        "typing.override", "final", "typing.final", "dataclass",
        "dataclasses.dataclass", "functools.total_ordering", "total_ordering",
        "enum.unique", "unique", "runtime_checkable", "typing.runtime_checkable",
    };
    size_t len = strcspn(text, "(");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == len && !strncmp(text, names[i], len))
            return true;
    const char *dot = memchr(text, '.', len) ? text + len : NULL;
    if (dot) {
        /* @x.setter, @x.getter, @x.deleter; @functools.wraps(f) */
        static const char *const suffixes[] = {".setter", ".getter", ".deleter"};
        for (size_t i = 0; i < 3; i++) {
            size_t sl = strlen(suffixes[i]);
            if (len > sl && !strncmp(text + len - sl, suffixes[i], sl))
                return true;
        }
    }
    return !strncmp(text, "functools.wraps(", 16) || !strncmp(text, "wraps(", 6);
}

static void definition(Builder *b, TSNode def, TSNode decorated)
{
    bool is_class = is(def, "class_definition");
    /* Decorators are evaluated in the enclosing scope, top to bottom, and
     * applied bottom-up to what the def makes; their source text (one per
     * line) also tells staticmethod, property and configured callbacks. */
    const char *decorators = NULL;
    PxSlot dec_slots[32];
    const char *dec_texts[32];
    uint32_t ndec = 0;
    if (!ts_node_is_null(decorated)) {
        TSTreeCursor c = ts_tree_cursor_new(decorated);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (!is(k, "decorator"))
                    continue;
                TSNode e = ts_node_named_child(k, 0);
                const char *t = ts_node_is_null(e) ? "" : text_of(b, e);
                PxSlot v = expr(b, e);
                if (ndec < 32) {
                    dec_slots[ndec] = v;
                    dec_texts[ndec++] = t;
                }
                decorators = decorators
                                 ? px_arena_printf(b->arena, "%s\n%s", decorators, t)
                                 : t;
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
    }
    Args bases = {0};
    if (is_class)
        collect_args(b, field(def, "superclasses"), &bases);
    else
        parameter_defaults(b, field(def, "parameters"));
    PxScopeId id = px_scopes_find_by_node(b->scopes, ts_node_start_byte(def));
    PxSlot t = temp(b);
    if (id != PX_NO_SCOPE) {
        PxOp *op = emit(b, is_class ? PX_OP_CLASS : PX_OP_FUNC, def);
        op->dst = t;
        op->index = id;
        op->name2 = decorators;
        attach_args(b, op, &bases);
        queue_scope(b, def);
    } else {
        free(bases.args);
        free(bases.kwnames);
        free(bases.kwslots);
    }
    for (uint32_t i = ndec; i-- > 0;) {
        if (benign_decorator(dec_texts[i]))
            continue;
        PxSlot r = temp(b);
        PxOp *op = emit(b, PX_OP_CALL, def);
        op->dst = r;
        op->a = dec_slots[i];
        op->index = PX_CALL_DECORATOR;
        op->args = px_arena_alloc(b->arena, sizeof(PxSlot));
        op->args[0] = t;
        op->kwnames = px_arena_alloc(b->arena, sizeof(char *));
        op->nargs = 1;
        t = r;
    }
    bool strong = b->strong;
    b->strong = true;
    assign_to(b, field(def, "name"), t, def);
    b->strong = strong;
}

static void import_stmt(Builder *b, TSNode n)
{
    bool from = is(n, "import_from_statement");
    const char *module = NULL;
    uint32_t level = 0;
    if (from) {
        TSNode m = field(n, "module_name");
        if (is(m, "relative_import")) {
            TSTreeCursor c = ts_tree_cursor_new(m);
            if (ts_tree_cursor_goto_first_child(&c)) {
                do {
                    TSNode k = ts_tree_cursor_current_node(&c);
                    if (is(k, "import_prefix"))
                        level = ts_node_end_byte(k) - ts_node_start_byte(k);
                    else if (is(k, "dotted_name"))
                        module = text_of(b, k);
                } while (ts_tree_cursor_goto_next_sibling(&c));
            }
            ts_tree_cursor_delete(&c);
        } else {
            module = text_of(b, m);
        }
    }
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            const char *fname = ts_tree_cursor_current_field_name(&c);
            if (!fname || strcmp(fname, "name") != 0)
                continue;
            TSNode name = k, alias = {0};
            if (is(k, "aliased_import")) {
                name = field(k, "name");
                alias = field(k, "alias");
            }
            b->strong = true;
            PxSlot t = temp(b);
            PxOp *op = emit(b, from ? PX_OP_IMPORT_FROM : PX_OP_IMPORT, k);
            op->dst = t;
            op->index = level;
            if (from) {
                op->name = module ? module : "";
                op->name2 = text_of(b, name);
                /* `from m import x`: x is a one-identifier dotted_name */
                TSNode bound = ts_node_is_null(alias) ? ts_node_named_child(name, 0) : alias;
                assign_to(b, bound, t, k);
            } else if (!ts_node_is_null(alias)) {
                op->name = text_of(b, name);
                assign_to(b, alias, t, k);
            } else {
                /* import a.b.c binds a */
                op->name = text_of(b, ts_node_named_child(name, 0));
                assign_to(b, ts_node_named_child(name, 0), t, k);
            }
            b->strong = false;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static void stmt(Builder *b, TSNode n);

static void each_named_child_stmt(Builder *b, TSNode n)
{
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (ts_node_is_named(k))
                stmt(b, k);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static void with_items(Builder *b, TSNode clause, bool is_async)
{
    TSTreeCursor c = ts_tree_cursor_new(clause);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode item = ts_tree_cursor_current_node(&c);
            if (!is(item, "with_item"))
                continue;
            TSNode v = field(item, "value");
            if (is(v, "as_pattern")) {
                PxSlot ctx = expr(b, ts_node_named_child(v, 0));
                /* `with x as y` binds what __enter__ returns: for files and
                 * locks, the object itself. */
                PxSlot entered = temp(b);
                PxOp *op = emit(b, PX_OP_METHOD, v);
                op->dst = entered;
                op->a = ctx;
                op->name = "__enter__";
                op->args = px_arena_alloc(b->arena, sizeof(PxSlot));
                op->kwnames = px_arena_alloc(b->arena, sizeof(char *));
                TSNode target = field(v, "alias");
                if (!ts_node_is_null(target) && ts_node_named_child_count(target) == 1)
                    target = ts_node_named_child(target, 0);
                assign_to(b, target, entered, v);
                /* leaving the block calls __exit__ */
                implicit(b, v, ctx, is_async ? "__aexit__" : "__exit__", PX_NO_SLOT,
                         PX_NO_SLOT, PX_NO_SLOT);
            } else {
                PxSlot ctx = expr(b, v);
                PxOp *op = emit(b, PX_OP_METHOD, v);
                op->dst = temp(b);
                op->a = ctx;
                op->name = "__enter__";
                op->args = px_arena_alloc(b->arena, sizeof(PxSlot));
                op->kwnames = px_arena_alloc(b->arena, sizeof(char *));
                implicit(b, v, ctx, is_async ? "__aexit__" : "__exit__", PX_NO_SLOT,
                         PX_NO_SLOT, PX_NO_SLOT);
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* match captures: every identifier in a pattern binds an element of the
 * subject (dotted names are value patterns, not captures). */
static void match_pattern(Builder *b, TSNode p, PxSlot subject)
{
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return;
    }
    if (is(p, "dotted_name") && ts_node_named_child_count(p) == 1)
        p = ts_node_named_child(p, 0); /* a bare name captures */
    if (is(p, "identifier")) {
        if (strcmp(text_of(b, p), "_") != 0)
            assign_name(b, p, subject, p, false);
    } else if (!is(p, "dotted_name") && !is(p, "attribute")) {
        TSTreeCursor c = ts_tree_cursor_new(p);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (ts_node_is_named(k) && !is(k, "comment"))
                    match_pattern(b, k, subject);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
    }
    b->depth--;
}

static void match_stmt(Builder *b, TSNode n)
{
    PxSlot subj = expr(b, field(n, "subject"));
    PxSlot e = temp(b);
    PxOp *op = emit(b, PX_OP_ELEM, n);
    op->dst = e;
    op->a = subj;
    copy_into(b, e, subj);
    TSNode body = field(n, "body");
    TSTreeCursor c = ts_tree_cursor_new(body);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode cc = ts_tree_cursor_current_node(&c);
            if (!is(cc, "case_clause"))
                continue;
            TSTreeCursor d = ts_tree_cursor_new(cc);
            if (ts_tree_cursor_goto_first_child(&d)) {
                do {
                    TSNode k = ts_tree_cursor_current_node(&d);
                    if (is(k, "case_pattern"))
                        match_pattern(b, k, e);
                    else if (is(k, "if_clause"))
                        children_exprs(b, k);
                    else if (is(k, "block"))
                        stmt_block(b, k);
                } while (ts_tree_cursor_goto_next_sibling(&d));
            }
            ts_tree_cursor_delete(&d);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* The grammar reads `type(x).attr = v` as a PEP 695 alias statement whose
 * "name" is `(x).attr`. This evaluates such a left side as the expression it
 * is, with the leftmost parenthesized part standing for `type(...)`. */
static PxSlot type_call_expr(Builder *b, TSNode n)
{
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return temp(b);
    }
    PxSlot out;
    if (is(n, "parenthesized_expression")) {
        PxSlot arg = expr(b, ts_node_named_child(n, 0));
        PxSlot callee = temp(b);
        PxOp *g = emit(b, PX_OP_GLOBAL, n);
        g->dst = callee;
        g->name = "type";
        out = temp(b);
        PxOp *op = emit(b, PX_OP_CALL, n);
        op->dst = out;
        op->a = callee;
        op->args = px_arena_alloc(b->arena, sizeof(PxSlot));
        op->args[0] = arg;
        op->kwnames = px_arena_alloc(b->arena, sizeof(char *));
        op->nargs = 1;
    } else if (is(n, "attribute")) {
        PxSlot obj = type_call_expr(b, field(n, "object"));
        out = temp(b);
        PxOp *op = emit(b, PX_OP_ATTR, n);
        op->dst = out;
        op->a = obj;
        op->name = text_of(b, field(n, "attribute"));
    } else if (is(n, "subscript")) {
        PxSlot obj = type_call_expr(b, field(n, "value"));
        out = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = out;
        op->a = obj;
    } else {
        out = dynamic(b, n, "an assignment pxlint cannot read");
    }
    b->depth--;
    return out;
}

static void misparsed_type_assignment(Builder *b, TSNode n)
{
    TSNode left = ts_node_named_child(field(n, "left"), 0);
    TSNode right = ts_node_named_child(field(n, "right"), 0);
    PxSlot v = ts_node_is_null(right) ? temp(b) : expr(b, right);
    if (is(left, "attribute")) {
        PxSlot obj = type_call_expr(b, field(left, "object"));
        PxOp *op = emit(b, PX_OP_STORE_ATTR, left);
        op->a = obj;
        op->b = v;
        op->name = text_of(b, field(left, "attribute"));
    } else if (is(left, "subscript")) {
        PxSlot obj = type_call_expr(b, field(left, "value"));
        PxOp *op = emit(b, PX_OP_STORE_ELEM, left);
        op->a = obj;
        op->b = v;
    } else {
        dynamic(b, n, "an assignment pxlint cannot read");
    }
}

static void stmt_inner(Builder *b, TSNode n)
{
    const char *type = ts_node_type(n);
    if (!strcmp(type, "expression_statement")) {
        TSTreeCursor c = ts_tree_cursor_new(n);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (!ts_node_is_named(k))
                    continue;
                if (is(k, "assignment") || is(k, "augmented_assignment"))
                    stmt(b, k);
                else
                    expr(b, k);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
    } else if (!strcmp(type, "assignment")) {
        TSNode right = field(n, "right");
        PxSlot v;
        if (!ts_node_is_null(right) &&
            (is(right, "assignment") || is(right, "augmented_assignment"))) {
            /* a = b = value: the inner assignment's value flows on */
            stmt(b, right);
            TSNode inner = right;
            while (is(field(inner, "right"), "assignment"))
                inner = field(inner, "right");
            v = expr(b, field(inner, "left"));
        } else {
            v = ts_node_is_null(right) ? PX_NO_SLOT : expr(b, right);
        }
        if (!ts_node_is_null(right)) {
            b->strong = true;
            assign_to(b, field(n, "left"), v, n);
            b->strong = false;
        }
    } else if (!strcmp(type, "augmented_assignment")) {
        TSNode left = field(n, "left");
        PxSlot v = expr(b, field(n, "right"));
        PxSlot old = expr(b, left);
        /* x += y mutates x's object in place when it is mutable. */
        PxOp *op = emit(b, PX_OP_INPLACE, n);
        op->a = old;
        op->b = v;
        PxSlot result = temp(b);
        copy_into(b, result, old);
        copy_into(b, result, fresh(b, n, NULL));
        assign_to(b, left, result, n);
    } else if (!strcmp(type, "return_statement")) {
        TSNode k = ts_node_named_child(n, 0);
        if (!ts_node_is_null(k)) {
            PxOp *op;
            PxSlot v = expr(b, k);
            op = emit(b, PX_OP_RETURN, n);
            op->a = v;
        }
    } else if (!strcmp(type, "delete_statement")) {
        TSTreeCursor c = ts_tree_cursor_new(n);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (ts_node_is_named(k))
                    delete_target(b, k);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
    } else if (!strcmp(type, "function_definition") || !strcmp(type, "class_definition")) {
        definition(b, n, (TSNode){0});
    } else if (!strcmp(type, "decorated_definition")) {
        definition(b, field(n, "definition"), n);
    } else if (!strcmp(type, "for_statement")) {
        PxSlot it = expr(b, field(n, "right"));
        PxSlot e = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = e;
        op->a = it;
        implicit(b, field(n, "right"), it, has_async(n) ? "__aiter__" : "__iter__", e,
                 PX_NO_SLOT, PX_NO_SLOT);
        assign_to(b, field(n, "left"), e, n);
        stmt_block(b, field(n, "body"));
        TSNode alt = field(n, "alternative");
        if (!ts_node_is_null(alt))
            each_named_child_stmt(b, alt);
    } else if (!strcmp(type, "with_statement")) {
        TSTreeCursor c = ts_tree_cursor_new(n);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (is(k, "with_clause"))
                    with_items(b, k, has_async(n));
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
        stmt_block(b, field(n, "body"));
    } else if (!strcmp(type, "except_clause") || !strcmp(type, "except_group_clause")) {
        TSTreeCursor c = ts_tree_cursor_new(n);
        TSNode alias = field(n, "alias");
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&c);
                if (is(k, "block"))
                    stmt_block(b, k);
                else if (ts_node_is_named(k) && !is(k, "comment") &&
                         !(!ts_node_is_null(alias) && ts_node_eq(k, alias)))
                    expr(b, k);
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
        if (!ts_node_is_null(alias))
            assign_to(b, alias, fresh(b, alias, NULL), n); /* the exception */
    } else if (!strcmp(type, "import_statement") || !strcmp(type, "import_from_statement")) {
        import_stmt(b, n);
    } else if (!strcmp(type, "match_statement")) {
        match_stmt(b, n);
    } else if (!strcmp(type, "exec_statement")) {
        dynamic(b, n, "exec");
    } else if (!strcmp(type, "global_statement") || !strcmp(type, "nonlocal_statement") ||
               !strcmp(type, "pass_statement") || !strcmp(type, "break_statement") ||
               !strcmp(type, "continue_statement") || !strcmp(type, "comment") ||
               !strcmp(type, "future_import_statement")) {
        /* no effect of their own */
    } else if (!strcmp(type, "type_alias_statement")) {
        TSNode left = ts_node_named_child(field(n, "left"), 0);
        if (!ts_node_is_null(left) && !is(left, "identifier") && !is(left, "generic_type"))
            misparsed_type_assignment(b, n);
    } else if (!strcmp(type, "block") || !strcmp(type, "if_statement") ||
               !strcmp(type, "elif_clause") || !strcmp(type, "else_clause") ||
               !strcmp(type, "while_statement") || !strcmp(type, "try_statement") ||
               !strcmp(type, "finally_clause") || !strcmp(type, "module")) {
        each_named_child_stmt(b, n);
    } else if (!strcmp(type, "print_statement") || !strcmp(type, "raise_statement") ||
               !strcmp(type, "assert_statement")) {
        children_exprs(b, n);
    } else if (!strcmp(type, "ERROR")) {
        /* The module has a syntax error; its functions are never safe. */
    } else {
        /* An expression in statement position (conditions of if/while). */
        expr(b, n);
    }
}

/* Statements whose assignments run unconditionally when they run. */
static bool simple_statement(TSNode n)
{
    return is(n, "expression_statement") || is(n, "assignment") ||
           is(n, "augmented_assignment") || is(n, "import_statement") ||
           is(n, "import_from_statement") || is(n, "function_definition") ||
           is(n, "class_definition") || is(n, "decorated_definition") ||
           is(n, "block") || is(n, "module") || is(n, "return_statement") ||
           is(n, "delete_statement") || is(n, "global_statement") ||
           is(n, "nonlocal_statement") || is(n, "pass_statement") || is(n, "comment");
}

static void stmt(Builder *b, TSNode n)
{
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return;
    }
    bool compound = !simple_statement(n);
    b->block_depth += compound;
    stmt_inner(b, n);
    b->block_depth -= compound;
    b->depth--;
}

static void stmt_block(Builder *b, TSNode n)
{
    if (!ts_node_is_null(n))
        stmt(b, n);
}

/* ---- functions ---------------------------------------------------------- */

/* None, booleans, numbers, plain strings and tuples of those: a default
 * that cannot be mutated. */
static bool immutable_literal(TSNode v)
{
    if (ts_node_is_null(v))
        return true;
    if (is(v, "none") || is(v, "true") || is(v, "false") || is(v, "integer") ||
        is(v, "float") || is(v, "concatenated_string") || is_string_literal(v))
        return true;
    if (is(v, "unary_operator"))
        return immutable_literal(field(v, "argument"));
    if (is(v, "tuple")) {
        for (uint32_t i = 0; i < ts_node_named_child_count(v); i++)
            if (!immutable_literal(ts_node_named_child(v, i)))
                return false;
        return true;
    }
    return false;
}

/* True if parameter `name` has a default value that may be mutable. */
static bool has_default(Builder *b, TSNode plist, const char *name)
{
    bool found = false;
    if (ts_node_is_null(plist))
        return false;
    TSTreeCursor c = ts_tree_cursor_new(plist);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if ((is(k, "default_parameter") || is(k, "typed_default_parameter")) &&
                !immutable_literal(field(k, "value")))
                found = strcmp(text_of(b, field(k, "name")), name) == 0;
        } while (!found && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return found;
}

static void params(Builder *b, TSNode plist)
{
    const PxScope *s = px_scopes_get(b->scopes, b->home);
    for (uint32_t i = 0; i < s->nparams; i++) {
        PxSlot slot = local_slot(b, b->home, s->params[i], ts_node_start_byte(plist));
        PxOp *op = emit(b, PX_OP_PARAM, (TSNode){0});
        op->dst = slot;
        op->index = i;
        op->name = s->params[i];
        op->name2 = has_default(b, plist, s->params[i]) ? "default" : NULL;
        op->start = op->end = ts_node_is_null(plist) ? s->def_start
                                                      : ts_node_start_byte(plist);
    }
}

static void build_function(Builder *b, TSNode node, PxScopeId id)
{
    b->home = id;
    b->fn = &b->ir->functions[id];
    b->nops = b->nslots = b->nnames = 0;
    b->ops = NULL;
    b->slot_names = NULL;
    b->slot_sites = NULL;
    b->capops = b->capslots = b->capsites = 0;
    b->depth = 0;
    b->too_deep = false;
    b->generator = false;
    b->is_async = has_async(node);
    const PxScope *s = px_scopes_get(b->scopes, id);
    if (s->kind == PX_SCOPE_FUNCTION || s->kind == PX_SCOPE_LAMBDA) {
        params(b, field(node, "parameters"));
        TSNode body = field(node, "body");
        if (s->kind == PX_SCOPE_LAMBDA) {
            PxSlot v = expr(b, body);
            PxOp *op = emit(b, PX_OP_RETURN, body);
            op->a = v;
        } else {
            stmt_block(b, body);
        }
    } else if (s->kind == PX_SCOPE_CLASS) {
        stmt_block(b, field(node, "body"));
    } else if (s->kind == PX_SCOPE_MODULE) {
        stmt_block(b, node);
    }
    if (b->too_deep) {
        b->nops = 0;
        emit(b, PX_OP_TOO_COMPLEX, node);
    }
    PxFunctionIR *f = b->fn;
    f->scope = id;
    f->nops = (uint32_t)b->nops;
    f->ops = px_arena_alloc(b->arena, (b->nops ? b->nops : 1) * sizeof(PxOp));
    if (b->nops)
        memcpy(f->ops, b->ops, b->nops * sizeof(PxOp));
    f->nslots = (uint32_t)b->nslots;
    f->slot_names = px_arena_alloc(b->arena, (b->nslots ? b->nslots : 1) * sizeof(char *));
    f->slot_sites = px_arena_alloc(b->arena, (b->nslots ? b->nslots : 1) * sizeof(uint32_t));
    if (b->nslots) {
        memcpy(f->slot_names, b->slot_names, b->nslots * sizeof(char *));
        memcpy(f->slot_sites, b->slot_sites, b->nslots * sizeof(uint32_t));
    }
    f->end_line = ts_node_end_point(node).row + 1;
    free(b->ops);
    free(b->slot_names);
    free(b->slot_sites);
    free(b->names);
    b->names = NULL;
    b->capnames = 0;
    free(b->name_index);
    b->name_index = NULL;
    b->name_index_cap = 0;
}

PxModuleIR *px_ir_build(PxArena *arena, TSTree *tree, const PxSource *source,
                        const PxScopes *scopes)
{
    PxModuleIR *ir = px_arena_alloc(arena, sizeof(*ir));
    ir->nfunctions = px_scopes_count(scopes);
    ir->functions = px_arena_alloc(arena, (ir->nfunctions ? ir->nfunctions : 1) *
                                              sizeof(PxFunctionIR));
    for (uint32_t i = 0; i < ir->nfunctions; i++)
        ir->functions[i].scope = i;
    Builder b = {.arena = arena, .source = source, .text = px_source_text(source),
                 .scopes = scopes, .ir = ir};
    Pending root = {ts_tree_root_node(tree), 0};
    PX_PUSH(b.pending, b.npending, b.cappending, root);
    while (b.npending > 0) {
        Pending p = b.pending[--b.npending];
        build_function(&b, p.node, p.scope);
    }
    free(b.pending);
    return ir;
}
