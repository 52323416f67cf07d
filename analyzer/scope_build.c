/* The scope builder's walk over the flattened syntax tree: creates the
 * scopes and records symbol flags the way CPython's symtable pass does, plus
 * bindings and references. One pass with an explicit work stack, in document
 * order; scope.c then classifies the symbols. */
#include "scope_internal.h"

#include "alloc.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* What the walk needs to know about a node type. */
enum {
    K_SKIP,  /* anonymous tokens, comments, ERROR: never looked at */
    K_LEAF,  /* named nodes that hold no names (literals, ...) */
    K_OTHER, /* any other expression or statement: visit the children */
    K_IDENTIFIER,
    K_ATTRIBUTE,
    K_KEYWORD_ARGUMENT,
    K_DECORATED,
    K_FUNCTION_DEF,
    K_CLASS_DEF,
    K_LAMBDA,
    K_LISTCOMP,
    K_SETCOMP,
    K_DICTCOMP,
    K_GENEXP,
    K_FOR_IN_CLAUSE,
    K_ASSIGNMENT,
    K_AUGASSIGN,
    K_NAMED_EXPR,
    K_FOR,
    K_WITH_ITEM,
    K_EXCEPT,
    K_EXCEPT_GROUP,
    K_DELETE,
    K_IMPORT,
    K_IMPORT_FROM,
    K_FUTURE_IMPORT,
    K_GLOBAL,
    K_NONLOCAL,
    K_CASE_CLAUSE,
    K_TYPE_ALIAS,
    K_PRINT,
    K_EXEC,
    K_DOTTED_NAME,
    K_ALIASED_IMPORT,
    K_RELATIVE_IMPORT,
    K_WILDCARD_IMPORT,
    K_SUBSCRIPT,
    K_TARGET_LIST, /* tuple, list, pattern_list, ...: targets hold targets */
    K_AS_PATTERN,
    K_CASE_PATTERN, /* case, list, tuple and union patterns */
    K_SPLAT_PATTERN,
    K_CLASS_PATTERN,
    K_KEYWORD_PATTERN,
    K_DICT_PATTERN,
    K_LIST_SPLAT_PATTERN,
    K_DICT_SPLAT_PATTERN,
    K_TYPED_PARAM,
    K_DEFAULT_PARAM,
    K_TYPED_DEFAULT_PARAM,
    K_POS_SEP,
    K_KW_SEP,
    K_TUPLE_PATTERN,
    K_TYPE_PARAMETER,
    K_CONSTRAINED_TYPE,
    K_SPLAT_TYPE,
    K_GENERIC_TYPE,
};

typedef struct {
    const char *type;
    unsigned char kind;
} KindName;

/* Sorted by type name (strcmp order) for bsearch. */
static const KindName KINDS[] = {
    {"aliased_import", K_ALIASED_IMPORT},
    {"as_pattern", K_AS_PATTERN},
    {"as_pattern_target", K_TARGET_LIST},
    {"assignment", K_ASSIGNMENT},
    {"attribute", K_ATTRIBUTE},
    {"augmented_assignment", K_AUGASSIGN},
    {"break_statement", K_LEAF},
    {"case_clause", K_CASE_CLAUSE},
    {"case_pattern", K_CASE_PATTERN},
    {"class_definition", K_CLASS_DEF},
    {"class_pattern", K_CLASS_PATTERN},
    {"comment", K_SKIP},
    {"complex_pattern", K_LEAF},
    {"constrained_type", K_CONSTRAINED_TYPE},
    {"continue_statement", K_LEAF},
    {"decorated_definition", K_DECORATED},
    {"default_parameter", K_DEFAULT_PARAM},
    {"delete_statement", K_DELETE},
    {"dict_pattern", K_DICT_PATTERN},
    {"dictionary_comprehension", K_DICTCOMP},
    {"dictionary_splat_pattern", K_DICT_SPLAT_PATTERN},
    {"dotted_name", K_DOTTED_NAME},
    {"ellipsis", K_LEAF},
    {"escape_interpolation", K_LEAF},
    {"escape_sequence", K_LEAF},
    {"except_clause", K_EXCEPT},
    {"except_group_clause", K_EXCEPT_GROUP},
    {"exec_statement", K_EXEC},
    {"expression_list", K_TARGET_LIST},
    {"false", K_LEAF},
    {"float", K_LEAF},
    {"for_in_clause", K_FOR_IN_CLAUSE},
    {"for_statement", K_FOR},
    {"function_definition", K_FUNCTION_DEF},
    {"future_import_statement", K_FUTURE_IMPORT},
    {"generator_expression", K_GENEXP},
    {"generic_type", K_GENERIC_TYPE},
    {"global_statement", K_GLOBAL},
    {"identifier", K_IDENTIFIER},
    {"import_from_statement", K_IMPORT_FROM},
    {"import_prefix", K_LEAF},
    {"import_statement", K_IMPORT},
    {"integer", K_LEAF},
    {"keyword_argument", K_KEYWORD_ARGUMENT},
    {"keyword_pattern", K_KEYWORD_PATTERN},
    {"keyword_separator", K_KW_SEP},
    {"lambda", K_LAMBDA},
    {"line_continuation", K_SKIP},
    {"list", K_TARGET_LIST},
    {"list_comprehension", K_LISTCOMP},
    {"list_pattern", K_TARGET_LIST},
    {"list_splat", K_TARGET_LIST},
    {"list_splat_pattern", K_LIST_SPLAT_PATTERN},
    {"named_expression", K_NAMED_EXPR},
    {"none", K_LEAF},
    {"nonlocal_statement", K_NONLOCAL},
    {"parenthesized_expression", K_TARGET_LIST},
    {"pass_statement", K_LEAF},
    {"pattern_list", K_TARGET_LIST},
    {"positional_separator", K_POS_SEP},
    {"print_statement", K_PRINT},
    {"relative_import", K_RELATIVE_IMPORT},
    {"set_comprehension", K_SETCOMP},
    {"splat_pattern", K_SPLAT_PATTERN},
    {"splat_type", K_SPLAT_TYPE},
    {"string_content", K_LEAF},
    {"string_end", K_LEAF},
    {"string_start", K_LEAF},
    {"subscript", K_SUBSCRIPT},
    {"true", K_LEAF},
    {"tuple", K_TARGET_LIST},
    {"tuple_pattern", K_TUPLE_PATTERN},
    {"type_alias_statement", K_TYPE_ALIAS},
    {"type_conversion", K_LEAF},
    {"type_parameter", K_TYPE_PARAMETER},
    {"typed_default_parameter", K_TYPED_DEFAULT_PARAM},
    {"typed_parameter", K_TYPED_PARAM},
    {"union_pattern", K_CASE_PATTERN},
    {"wildcard_import", K_WILDCARD_IMPORT},
    {"with_item", K_WITH_ITEM},
};

static int cmp_kind(const void *key, const void *entry)
{
    return strcmp(key, ((const KindName *)entry)->type);
}

/* What to do with a node taken off the work stack. */
enum {
    OP_LOAD,    /* an expression or statement evaluated in `scope` */
    OP_STORE,   /* an assignment or del target */
    OP_PATTERN, /* a match pattern */
    OP_DEFINE,  /* a decorated def/class: a = its start, b = first line */
    OP_TYPEPARAM,
};

typedef struct {
    PxNode node;
    uint32_t scope;
    uint32_t a, b; /* the binding statement's bytes, or OP_DEFINE's data */
    unsigned char op, kind, bind;
    /* Inside a comprehension's `for` target: symtable marks every name
     * there DEF_COMP_ITER, even the `t` of `for t[0] in ...`. */
    bool iter_target;
} Item;

typedef struct {
    PxNode node;
    TSFieldId field;
    unsigned char kind;
} Kid;

enum { F_NAME, F_BODY, F_PARAMETERS, F_RETURN_TYPE, F_TYPE_PARAMETERS,
       F_SUPERCLASSES, F_DEFINITION, F_LEFT, F_RIGHT, F_TYPE, F_VALUE,
       F_ALIAS, F_OBJECT, F_KEY, F_MODULE_NAME, F_COUNT };
static const char *const FIELD_NAMES[F_COUNT] = {
    "name", "body", "parameters", "return_type", "type_parameters",
    "superclasses", "definition", "left", "right", "type", "value",
    "alias", "object", "key", "module_name",
};

typedef struct {
    ScopeFacts f;
    const PxSource *source;
    const char *text;
    unsigned char *kinds;
    uint32_t nkinds;
    TSFieldId fld[F_COUNT];
    const PxFlatNode *t;
    const TSLanguage *lang;
    Item *stack;
    size_t nstack, capstack;
    Kid *kids;
    size_t nkids, capkids;
    bool future_annotations;
    uint32_t id_dot0, id_star;
} Builder;

static unsigned char kind_of(const Builder *b, PxNode n)
{
    TSSymbol s = b->t[n].symbol;
    return s < b->nkinds ? b->kinds[s] : K_SKIP;
}

/* Appends the children of `n` worth looking at to b->kids and returns the
 * index of the first; the caller truncates b->nkids back to it when done. */
static size_t kids(Builder *b, PxNode n)
{
    size_t first = b->nkids;
    for (PxNode c = px_flat_first(b->t, n); c; c = b->t[c].next) {
        unsigned char k = kind_of(b, c);
        if (k == K_SKIP)
            continue;
        Kid kid = {c, b->t[c].field, k};
        PX_PUSH(b->kids, b->nkids, b->capkids, kid);
    }
    return first;
}

/* The first child of `n` with field `field` (or of kind `kind` when field
 * is 0); a null node if none. */
static PxNode kid_find(Builder *b, PxNode n, TSFieldId field, unsigned char kind)
{
    size_t k0 = kids(b, n);
    PxNode found = PX_NULL_NODE;
    for (size_t i = k0; i < b->nkids; i++)
        if (field ? b->kids[i].field == field : b->kids[i].kind == kind) {
            found = b->kids[i].node;
            break;
        }
    b->nkids = k0;
    return found;
}

static void emit(Builder *b, PxNode n, unsigned char kind, uint32_t scope,
                 unsigned char op, unsigned char bind, uint32_t a, uint32_t c)
{
    if (kind == K_SKIP || (kind == K_LEAF && op != OP_DEFINE))
        return;
    Item it = {n, scope, a, c, op, kind, bind, false};
    PX_PUSH(b->stack, b->nstack, b->capstack, it);
}

static void emit_load(Builder *b, PxNode n, uint32_t scope)
{
    if (n != PX_NULL_NODE)
        emit(b, n, kind_of(b, n), scope, OP_LOAD, 0, 0, 0);
}

static void emit_store(Builder *b, PxNode n, uint32_t scope, PxBindingKind bind,
                       PxNode stmt)
{
    if (n != PX_NULL_NODE)
        emit(b, n, kind_of(b, n), scope, OP_STORE, (unsigned char)bind,
             b->t[stmt].start, b->t[stmt].end);
}

/* Emits every child of `n` with the same operation as `it`. */
static void emit_children(Builder *b, PxNode n, const Item *it, unsigned char op)
{
    size_t k0 = kids(b, n);
    for (size_t i = k0; i < b->nkids; i++) {
        size_t before = b->nstack;
        emit(b, b->kids[i].node, b->kids[i].kind, it->scope, op, it->bind, it->a,
             it->b);
        if (b->nstack > before)
            b->stack[before].iter_target = it->iter_target;
    }
    b->nkids = k0;
}

static uint32_t line_of(const Builder *b, PxNode n)
{
    return px_source_line(b->source, b->t[n].start);
}

static bool is_function_block(PxScopeKind k)
{
    return k == PX_SCOPE_FUNCTION || k == PX_SCOPE_LAMBDA ||
           k == PX_SCOPE_COMPREHENSION;
}

/* The name of identifier bytes [start, end) as seen in `scope`: mangled
 * when the scope is inside a class (`__x` in class C is `_C__x`). */
static uint32_t name_at(Builder *b, uint32_t scope, uint32_t start, uint32_t end)
{
    const ScopeRec *r = &b->f.scopes[scope];
    return px_scope_mangle(&b->f, r->private_name, r->private_len,
                           b->text + start, end - start);
}

static void add_flags(Builder *b, uint32_t scope, uint32_t name, uint32_t flags)
{
    px_scope_sym(&b->f, scope, name, true)->flags |= flags;
    /* symtable also records every global declaration in the module's
     * table (st_global), which makes the name GLOBAL_EXPLICIT there. */
    if ((flags & DEF_GLOBAL) && scope != 0)
        px_scope_sym(&b->f, 0, name, true)->flags |= DEF_GLOBAL;
}

static void reference_as(Builder *b, uint32_t scope, uint32_t start, uint32_t end,
                         uint32_t flags)
{
    if (start >= end)
        return; /* a MISSING identifier */
    uint32_t name = name_at(b, scope, start, end);
    add_flags(b, scope, name, DEF_USE | flags);
    /* symtable counts super() in a function as a use of __class__. */
    if (end - start == 5 && memcmp(b->text + start, "super", 5) == 0 &&
        is_function_block(b->f.scopes[scope].pub.kind))
        add_flags(b, scope, b->f.id_class, DEF_USE);
    RefRec r = {scope, name, start, end};
    PX_PUSH(b->f.refs, b->f.nrefs, b->f.caprefs, r);
}

static void reference(Builder *b, uint32_t scope, uint32_t start, uint32_t end)
{
    reference_as(b, scope, start, end, 0);
}

static BindRec *record_binding(Builder *b, PxBindingKind kind, uint32_t scope,
                               uint32_t name, uint32_t start, uint32_t end,
                               uint32_t stmt_start, uint32_t stmt_end)
{
    BindRec r = {{kind, scope, NULL, start, end, stmt_start, stmt_end, NULL, NULL, 0},
                 name};
    PX_PUSH(b->f.binds, b->f.nbinds, b->f.capbinds, r);
    return &b->f.binds[b->f.nbinds - 1];
}

/* A walrus in a comprehension binds in the nearest enclosing function (as
 * nonlocal) or in the module (as global); symtable marks both ends. */
static void walrus_in_comprehension(Builder *b, uint32_t scope, uint32_t name)
{
    uint32_t t = b->f.scopes[scope].pub.parent;
    while (t != PX_NO_SCOPE && b->f.scopes[t].pub.kind == PX_SCOPE_COMPREHENSION)
        t = b->f.scopes[t].pub.parent;
    if (t == PX_NO_SCOPE)
        return;
    PxScopeKind k = b->f.scopes[t].pub.kind;
    if (k == PX_SCOPE_FUNCTION || k == PX_SCOPE_LAMBDA) {
        SymRec *ts = px_scope_sym(&b->f, t, name, false);
        bool global = ts && (ts->flags & DEF_GLOBAL);
        add_flags(b, scope, name, global ? DEF_GLOBAL : DEF_NONLOCAL);
        add_flags(b, t, name, DEF_LOCAL);
    } else if (k == PX_SCOPE_MODULE) {
        add_flags(b, scope, name, DEF_GLOBAL);
        add_flags(b, t, name, DEF_GLOBAL);
    } /* in a class body it is a SyntaxError */
}

/* Binds the identifier `id` in the scope of item `it`. */
static void bind(Builder *b, const Item *it, PxNode id)
{
    uint32_t start = b->t[id].start, end = b->t[id].end;
    if (start >= end)
        return;
    uint32_t scope = it->scope;
    PxBindingKind kind = it->bind;
    uint32_t name = name_at(b, scope, start, end);
    uint32_t flags = kind == PX_BIND_PARAM ? DEF_PARAM : DEF_LOCAL;
    PxScopeKind sk = b->f.scopes[scope].pub.kind;
    if (sk == PX_SCOPE_COMPREHENSION && kind == PX_BIND_FOR)
        flags |= DEF_COMP_ITER;
    if (sk == PX_SCOPE_COMPREHENSION && kind == PX_BIND_WALRUS)
        walrus_in_comprehension(b, scope, name);
    add_flags(b, scope, name, flags);
    record_binding(b, kind, scope, name, start, end, it->a, it->b);
    if (kind == PX_BIND_PARAM) {
        ParamRec p = {scope, name, start, end};
        PX_PUSH(b->f.params, b->f.nparams, b->f.capparams, p);
    }
}

static uint32_t new_scope(Builder *b, PxScopeKind kind, uint32_t parent,
                          uint32_t name, PxNode node, uint32_t start,
                          uint32_t first_line)
{
    ScopeRec r;
    memset(&r, 0, sizeof r);
    r.pub.kind = kind;
    r.pub.parent = parent;
    r.pub.name = b->f.names[name].str;
    r.name_id = name;
    r.pub.start = start;
    bool null = node == PX_NULL_NODE;
    r.pub.end = null ? start : b->t[node].end;
    r.pub.def_start = null ? start : b->t[node].start;
    r.pub.first_line = first_line;
    r.pub.body_start = r.pub.def_start;
    r.pub.body_end = r.pub.end;
    r.pub.star_index = r.pub.starstar_index = -1;
    if (parent != PX_NO_SCOPE) {
        r.private_name = b->f.scopes[parent].private_name;
        r.private_len = b->f.scopes[parent].private_len;
    }
    PX_PUSH(b->f.scopes, b->f.nscopes, b->f.capscopes, r);
    return b->f.nscopes - 1;
}

static void set_body(Builder *b, uint32_t scope, PxNode body)
{
    if (body == PX_NULL_NODE)
        return;
    b->f.scopes[scope].pub.body_start = b->t[body].start;
    b->f.scopes[scope].pub.body_end = b->t[body].end;
}

static uint32_t intern_node(Builder *b, PxNode n)
{
    uint32_t s = b->t[n].start, e = b->t[n].end;
    return px_scope_intern(&b->f, b->text + s, e - s);
}

/* A PEP 695 scope for `def f[T]` / `class C[T]` / `type X[T]`, holding T. */
static uint32_t type_params_scope(Builder *b, PxNode tparams, uint32_t parent,
                                  uint32_t name, PxNode node, uint32_t start,
                                  uint32_t first_line)
{
    const char *label = px_arena_printf(b->f.arena, "<generic parameters of %s>",
                                        b->f.names[name].str);
    uint32_t id = new_scope(b, PX_SCOPE_TYPE_PARAMS, parent,
                            px_scope_intern(&b->f, label, (uint32_t)strlen(label)),
                            node, start, first_line);
    set_body(b, id, tparams);
    size_t k0 = kids(b, tparams);
    for (size_t i = k0; i < b->nkids; i++)
        emit(b, b->kids[i].node, b->kids[i].kind, id, OP_TYPEPARAM, 0, 0, 0);
    b->nkids = k0;
    return id;
}

/* One `type` of a type parameter list: T, T: bound, *Ts, **P. */
static void visit_typeparam(Builder *b, const Item *it)
{
    PxNode n = it->node;
    uint32_t a = b->t[n].start, e = b->t[n].end;
    size_t k0 = kids(b, n);
    if (b->nkids > k0) {
        Kid k = b->kids[k0];
        PxNode id = PX_NULL_NODE;
        if (k.kind == K_IDENTIFIER) {
            id = k.node;
        } else if (k.kind == K_SPLAT_TYPE) {
            id = kid_find(b, k.node, 0, K_IDENTIFIER);
        } else if (k.kind == K_CONSTRAINED_TYPE) {
            size_t c0 = kids(b, k.node);
            for (size_t i = c0; i < b->nkids; i++) {
                if (i == c0)
                    id = kid_find(b, b->kids[i].node, 0, K_IDENTIFIER);
                else
                    emit_load(b, b->kids[i].node, it->scope);
            }
            b->nkids = c0;
        } else {
            emit_load(b, k.node, it->scope);
        }
        if (id != PX_NULL_NODE) {
            Item st = {id, it->scope, a, e, OP_STORE, K_IDENTIFIER,
                       PX_BIND_TYPE_PARAM, false};
            PX_PUSH(b->stack, b->nstack, b->capstack, st);
        }
    }
    b->nkids = k0;
}

static void emit_param(Builder *b, PxNode id, uint32_t scope, PxNode stmt)
{
    emit_store(b, id, scope, PX_BIND_PARAM, stmt);
}

static void emit_annotation(Builder *b, PxNode type, uint32_t scope)
{
    /* Under `from __future__ import annotations` they are strings. */
    if (!b->future_annotations)
        emit_load(b, type, scope);
}

/* The parameters of a def or lambda: names bound in `fn`, defaults
 * evaluated in `dscope`, annotations in `ascope`. */
static void parameters(Builder *b, PxNode params, uint32_t fn, uint32_t dscope,
                       uint32_t ascope)
{
    if (params == PX_NULL_NODE)
        return;
    uint32_t count = 0, nposonly = 0, nkwonly = 0;
    int32_t star = -1, starstar = -1;
    bool kwonly = false;
    size_t k0 = kids(b, params), k1 = b->nkids;
    for (size_t i = k0; i < k1; i++) {
        Kid k = b->kids[i];
        PxNode name = k.node, type = PX_NULL_NODE, value = type;
        unsigned char nk = k.kind;
        if (nk == K_POS_SEP) {
            nposonly = count;
            continue;
        }
        if (nk == K_KW_SEP) {
            kwonly = true;
            continue;
        }
        if (nk == K_TYPED_PARAM || nk == K_DEFAULT_PARAM ||
            nk == K_TYPED_DEFAULT_PARAM) {
            size_t c0 = kids(b, k.node);
            name = PX_NULL_NODE;
            for (size_t j = c0; j < b->nkids; j++) {
                Kid c = b->kids[j];
                if (c.field == b->fld[F_TYPE])
                    type = c.node;
                else if (c.field == b->fld[F_VALUE])
                    value = c.node;
                else if (name == PX_NULL_NODE)
                    name = c.node;
            }
            b->nkids = c0;
            if (name == PX_NULL_NODE)
                continue;
            nk = kind_of(b, name);
        }
        if (nk == K_LIST_SPLAT_PATTERN) {
            star = (int32_t)count;
            kwonly = true;
            emit_param(b, kid_find(b, name, 0, K_IDENTIFIER), fn, k.node);
        } else if (nk == K_DICT_SPLAT_PATTERN) {
            starstar = (int32_t)count;
            emit_param(b, kid_find(b, name, 0, K_IDENTIFIER), fn, k.node);
        } else {
            if (kwonly)
                nkwonly++;
            emit_param(b, name, fn, k.node);
        }
        count++;
        if (type != PX_NULL_NODE && ascope != PX_NO_SCOPE)
            emit_annotation(b, type, ascope);
        if (value != PX_NULL_NODE)
            emit_load(b, value, dscope);
    }
    b->nkids = k0;
    PxScope *s = &b->f.scopes[fn].pub;
    s->nposonly = nposonly;
    s->nkwonly = nkwonly;
    s->star_index = star;
    s->starstar_index = starstar;
}

static void define_function(Builder *b, PxNode n, uint32_t start,
                            uint32_t first_line, uint32_t parent)
{
    PxNode name = PX_NULL_NODE, tparams = name, params = name, ret = name,
           body = name;
    size_t k0 = kids(b, n);
    for (size_t i = k0; i < b->nkids; i++) {
        TSFieldId f = b->kids[i].field;
        PxNode c = b->kids[i].node;
        if (f == b->fld[F_NAME]) name = c;
        else if (f == b->fld[F_TYPE_PARAMETERS]) tparams = c;
        else if (f == b->fld[F_PARAMETERS]) params = c;
        else if (f == b->fld[F_RETURN_TYPE]) ret = c;
        else if (f == b->fld[F_BODY]) body = c;
    }
    b->nkids = k0;
    uint32_t name_id = name == PX_NULL_NODE ? px_scope_intern(&b->f, "", 0)
                                             : intern_node(b, name);
    uint32_t stmt_end = b->t[n].end;
    if (name != PX_NULL_NODE)
        emit(b, name, K_IDENTIFIER, parent, OP_STORE, PX_BIND_DEF, start, stmt_end);
    uint32_t outer = parent; /* where annotations are evaluated */
    if (tparams != PX_NULL_NODE)
        outer = type_params_scope(b, tparams, parent, name_id, n, start, first_line);
    uint32_t fn = new_scope(b, PX_SCOPE_FUNCTION, outer, name_id, n, start,
                            first_line);
    set_body(b, fn, body);
    parameters(b, params, fn, parent, outer);
    if (ret != PX_NULL_NODE)
        emit_annotation(b, ret, outer);
    emit_load(b, body, fn);
}

static void define_class(Builder *b, PxNode n, uint32_t start,
                         uint32_t first_line, uint32_t parent)
{
    PxNode name = PX_NULL_NODE, tparams = name, bases = name, body = name;
    size_t k0 = kids(b, n);
    for (size_t i = k0; i < b->nkids; i++) {
        TSFieldId f = b->kids[i].field;
        PxNode c = b->kids[i].node;
        if (f == b->fld[F_NAME]) name = c;
        else if (f == b->fld[F_TYPE_PARAMETERS]) tparams = c;
        else if (f == b->fld[F_SUPERCLASSES]) bases = c;
        else if (f == b->fld[F_BODY]) body = c;
    }
    b->nkids = k0;
    uint32_t name_id = name == PX_NULL_NODE ? px_scope_intern(&b->f, "", 0)
                                             : intern_node(b, name);
    if (name != PX_NULL_NODE)
        emit(b, name, K_IDENTIFIER, parent, OP_STORE, PX_BIND_CLASS, start,
             b->t[n].end);
    uint32_t outer = parent; /* where the bases are evaluated */
    if (tparams != PX_NULL_NODE)
        outer = type_params_scope(b, tparams, parent, name_id, n, start, first_line);
    uint32_t cls = new_scope(b, PX_SCOPE_CLASS, outer, name_id, n, start, first_line);
    set_body(b, cls, body);
    /* Inside the body, __names are mangled with the class name. */
    b->f.scopes[cls].private_name = b->f.names[name_id].str;
    b->f.scopes[cls].private_len = b->f.names[name_id].len;
    emit_load(b, bases, outer);
    emit_load(b, body, cls);
}

static void decorated(Builder *b, const Item *it)
{
    size_t k0 = kids(b, it->node);
    uint32_t first_line = 0;
    for (size_t i = k0; i < b->nkids; i++) {
        Kid k = b->kids[i];
        if (k.field == b->fld[F_DEFINITION]) {
            if (!first_line)
                first_line = line_of(b, k.node);
            emit(b, k.node, k.kind, it->scope, OP_DEFINE, 0,
                 b->t[it->node].start, first_line);
        } else {
            /* co_firstlineno is the line of the first decorator's
             * expression. */
            if (!first_line) {
                PxNode e = px_flat_named_child(b->t, k.node, 0);
                first_line = line_of(b, e == PX_NULL_NODE ? k.node : e);
            }
            emit(b, k.node, k.kind, it->scope, OP_LOAD, 0, 0, 0);
        }
    }
    b->nkids = k0;
}

static void lambda(Builder *b, const Item *it)
{
    uint32_t name = px_scope_intern(&b->f, "<lambda>", 8);
    uint32_t fn = new_scope(b, PX_SCOPE_LAMBDA, it->scope, name, it->node,
                            b->t[it->node].start, line_of(b, it->node));
    PxNode params = PX_NULL_NODE, body = params;
    size_t k0 = kids(b, it->node);
    for (size_t i = k0; i < b->nkids; i++) {
        if (b->kids[i].field == b->fld[F_BODY])
            body = b->kids[i].node;
        else if (b->kids[i].field == b->fld[F_PARAMETERS])
            params = b->kids[i].node;
    }
    b->nkids = k0;
    set_body(b, fn, body);
    parameters(b, params, fn, it->scope, PX_NO_SCOPE);
    emit_load(b, body, fn);
}

static void comprehension(Builder *b, const Item *it, const char *label)
{
    uint32_t name = px_scope_intern(&b->f, label, (uint32_t)strlen(label));
    uint32_t cs = new_scope(b, PX_SCOPE_COMPREHENSION, it->scope, name, it->node,
                            b->t[it->node].start, line_of(b, it->node));
    /* The outermost iterable arrives as the implicit parameter ".0". */
    add_flags(b, cs, b->id_dot0, DEF_PARAM);
    ParamRec p = {cs, b->id_dot0, 0, 0};
    PX_PUSH(b->f.params, b->f.nparams, b->f.capparams, p);
    bool first = true;
    size_t k0 = kids(b, it->node), k1 = b->nkids;
    for (size_t i = k0; i < k1; i++) {
        Kid k = b->kids[i];
        if (k.kind != K_FOR_IN_CLAUSE) {
            emit(b, k.node, k.kind, cs, OP_LOAD, 0, 0, 0);
            continue;
        }
        size_t c0 = kids(b, k.node);
        for (size_t j = c0; j < b->nkids; j++) {
            Kid c = b->kids[j];
            if (c.field == b->fld[F_LEFT]) {
                size_t before = b->nstack;
                emit_store(b, c.node, cs, PX_BIND_FOR, k.node);
                if (b->nstack > before)
                    b->stack[before].iter_target = true;
            } else if (first) {
                /* Evaluated in the enclosing scope. */
                ScopeRec *r = &b->f.scopes[cs];
                if (!r->iter_end)
                    r->iter_start = b->t[c.node].start;
                r->iter_end = b->t[c.node].end;
                emit(b, c.node, c.kind, it->scope, OP_LOAD, 0, 0, 0);
            } else {
                emit(b, c.node, c.kind, cs, OP_LOAD, 0, 0, 0);
            }
        }
        b->nkids = c0;
        first = false;
    }
    b->nkids = k0;
}

/* The expression inside redundant parentheses: `(x)` (which the grammar
 * may call a one-element tuple pattern when it has no comma). Clears
 * *simple when it removed any. */
static PxNode unparenthesize(Builder *b, PxNode n, bool *simple)
{
    while (n != PX_NULL_NODE) {
        unsigned char k = kind_of(b, n);
        if (k != K_TARGET_LIST && k != K_TUPLE_PATTERN)
            break;
        const char *t = ts_language_symbol_name(b->lang, b->t[n].symbol);
        if (strcmp(t, "parenthesized_expression") != 0 && strcmp(t, "tuple_pattern") != 0)
            break;
        if (px_flat_named_child_count(b->t, n) != 1 || px_flat_child_count(b->t, n) != 3)
            break; /* a comma: a real tuple */
        n = px_flat_named_child(b->t, n, 0);
        if (simple)
            *simple = false;
    }
    return n;
}

static void assignment(Builder *b, const Item *it)
{
    PxNode n = it->node, left = PX_NULL_NODE, type = left, right = left;
    size_t k0 = kids(b, n);
    for (size_t i = k0; i < b->nkids; i++) {
        TSFieldId f = b->kids[i].field;
        if (f == b->fld[F_LEFT]) left = b->kids[i].node;
        else if (f == b->fld[F_TYPE]) type = b->kids[i].node;
        else if (f == b->fld[F_RIGHT]) right = b->kids[i].node;
    }
    b->nkids = k0;
    bool simple = true;
    if (type != PX_NULL_NODE)
        left = unparenthesize(b, left, &simple);
    if (type != PX_NULL_NODE && left != PX_NULL_NODE &&
        kind_of(b, left) == K_IDENTIFIER) {
        /* `x: int` makes x local (symtable: DEF_ANNOT | DEF_LOCAL) but only
         * binds it when there is a value; `(x): int` does nothing. */
        uint32_t s = b->t[left].start, e = b->t[left].end;
        if (s < e && simple)
            add_flags(b, it->scope, name_at(b, it->scope, s, e),
                      DEF_ANNOT | DEF_LOCAL);
        if (right != PX_NULL_NODE)
            emit_store(b, left, it->scope, PX_BIND_ASSIGN, n);
    } else {
        emit_store(b, left, it->scope, PX_BIND_ASSIGN, n);
    }
    if (type != PX_NULL_NODE)
        emit_annotation(b, type, it->scope);
    emit_load(b, right, it->scope);
}

/* `target` of an as_pattern, or a null node. */
static PxNode as_target(Builder *b, PxNode as, PxNode *expr)
{
    PxNode target = PX_NULL_NODE;
    size_t k0 = kids(b, as);
    for (size_t i = k0; i < b->nkids; i++) {
        if (b->kids[i].field == b->fld[F_ALIAS])
            target = b->kids[i].node;
        else if (*expr == PX_NULL_NODE)
            *expr = b->kids[i].node;
    }
    b->nkids = k0;
    return target;
}

static void with_item(Builder *b, const Item *it)
{
    PxNode v = kid_find(b, it->node, b->fld[F_VALUE], 0);
    /* `with (open(f) as g):` */
    PxNode inner = unparenthesize(b, v, NULL);
    if (inner != PX_NULL_NODE && kind_of(b, inner) == K_AS_PATTERN)
        v = inner;
    if (v != PX_NULL_NODE && kind_of(b, v) == K_AS_PATTERN) {
        PxNode expr = PX_NULL_NODE;
        PxNode target = as_target(b, v, &expr);
        emit_load(b, expr, it->scope);
        emit_store(b, target, it->scope, PX_BIND_WITH, it->node);
        return;
    }
    emit_load(b, v, it->scope);
}

/* `except E as e:` binds e and deletes it when the handler ends. */
static void except_clause(Builder *b, const Item *it)
{
    PxNode target = PX_NULL_NODE;
    size_t k0 = kids(b, it->node), k1 = b->nkids;
    for (size_t i = k0; i < k1; i++) {
        Kid k = b->kids[i];
        if (k.field == b->fld[F_ALIAS]) {
            target = k.node;
            emit_store(b, target, it->scope, PX_BIND_EXCEPT, it->node);
        } else if (k.kind == K_AS_PATTERN && target == PX_NULL_NODE) {
            PxNode expr = PX_NULL_NODE;
            target = as_target(b, k.node, &expr);
            emit_load(b, expr, it->scope);
            emit_store(b, target, it->scope, PX_BIND_EXCEPT, it->node);
        } else {
            emit(b, k.node, k.kind, it->scope, OP_LOAD, 0, 0, 0);
        }
    }
    b->nkids = k0;
    emit_store(b, target, it->scope, PX_BIND_DEL, it->node);
}

/* "a.b.c" from a dotted_name, in the arena. */
static const char *dotted_text(Builder *b, PxNode n, PxNode *first)
{
    size_t k0 = kids(b, n);
    size_t len = 0;
    for (size_t i = k0; i < b->nkids; i++)
        len += b->t[b->kids[i].node].end - b->t[b->kids[i].node].start + 1;
    char *out = px_arena_alloc(b->f.arena, len + 1);
    size_t o = 0;
    for (size_t i = k0; i < b->nkids; i++) {
        PxNode c = b->kids[i].node;
        uint32_t s = b->t[c].start, e = b->t[c].end;
        if (i == k0 && first)
            *first = c;
        if (o)
            out[o++] = '.';
        memcpy(out + o, b->text + s, e - s);
        o += e - s;
    }
    out[o] = '\0';
    b->nkids = k0;
    return out;
}

static void import_binding(Builder *b, const Item *it, PxNode id,
                           const char *module, const char *name, uint32_t level)
{
    if (id == PX_NULL_NODE)
        return;
    uint32_t s = b->t[id].start, e = b->t[id].end;
    if (s >= e)
        return;
    uint32_t nm = name_at(b, it->scope, s, e);
    add_flags(b, it->scope, nm, DEF_IMPORT);
    BindRec *r = record_binding(b, PX_BIND_IMPORT, it->scope, nm, s, e,
                                b->t[it->node].start,
                                b->t[it->node].end);
    r->pub.import_module = module;
    r->pub.import_name = name;
    r->pub.import_level = level;
}

/* `import a.b.c` binds a; `import a.b as c` binds c. */
static void import_statement(Builder *b, const Item *it)
{
    size_t k0 = kids(b, it->node), k1 = b->nkids;
    for (size_t i = k0; i < k1; i++) {
        Kid k = b->kids[i];
        PxNode first = PX_NULL_NODE;
        if (k.kind == K_DOTTED_NAME) {
            const char *mod = dotted_text(b, k.node, &first);
            import_binding(b, it, first, mod, NULL, 0);
        } else if (k.kind == K_ALIASED_IMPORT) {
            PxNode name = kid_find(b, k.node, b->fld[F_NAME], 0);
            PxNode alias = kid_find(b, k.node, b->fld[F_ALIAS], 0);
            if (name != PX_NULL_NODE)
                import_binding(b, it, alias, dotted_text(b, name, NULL), NULL, 0);
        }
    }
    b->nkids = k0;
}

/* `from m import x as y`, `from . import x`, `from m import *`, and
 * `from __future__ import ...` (module == NULL). */
static void import_from(Builder *b, const Item *it, bool future)
{
    const char *module = future ? "__future__" : "";
    uint32_t level = 0;
    size_t k0 = kids(b, it->node), k1 = b->nkids;
    for (size_t i = k0; i < k1; i++) {
        Kid k = b->kids[i];
        if (k.field == b->fld[F_MODULE_NAME] && !future) {
            if (k.kind == K_DOTTED_NAME) {
                module = dotted_text(b, k.node, NULL);
            } else if (k.kind == K_RELATIVE_IMPORT) {
                size_t c0 = kids(b, k.node);
                for (size_t j = c0; j < b->nkids; j++) {
                    PxNode c = b->kids[j].node;
                    if (b->kids[j].kind == K_DOTTED_NAME) {
                        module = dotted_text(b, c, NULL);
                        break;
                    }
                    for (uint32_t p = b->t[c].start; p < b->t[c].end; p++)
                        level += b->text[p] == '.';
                }
                b->nkids = c0;
            }
        } else if (k.kind == K_WILDCARD_IMPORT) {
            /* Binds names nobody can list; symtable records no symbol. */
            BindRec *r = record_binding(b, PX_BIND_IMPORT_STAR, it->scope, b->id_star,
                                        b->t[k.node].start,
                                        b->t[k.node].end,
                                        b->t[it->node].start,
                                        b->t[it->node].end);
            r->pub.import_module = module;
            r->pub.import_name = "*";
            r->pub.import_level = level;
        } else if (k.kind == K_DOTTED_NAME) {
            PxNode first = PX_NULL_NODE;
            const char *name = dotted_text(b, k.node, &first);
            import_binding(b, it, first, module, name, level);
            if (future && strcmp(name, "annotations") == 0)
                b->future_annotations = true;
        } else if (k.kind == K_ALIASED_IMPORT) {
            PxNode name = kid_find(b, k.node, b->fld[F_NAME], 0);
            PxNode alias = kid_find(b, k.node, b->fld[F_ALIAS], 0);
            if (name != PX_NULL_NODE) {
                const char *nm = dotted_text(b, name, NULL);
                import_binding(b, it, alias, module, nm, level);
                if (future && strcmp(nm, "annotations") == 0)
                    b->future_annotations = true;
            }
        }
    }
    b->nkids = k0;
}

static void declare(Builder *b, const Item *it, uint32_t flag)
{
    size_t k0 = kids(b, it->node);
    for (size_t i = k0; i < b->nkids; i++) {
        PxNode c = b->kids[i].node;
        uint32_t s = b->t[c].start, e = b->t[c].end;
        if (b->kids[i].kind == K_IDENTIFIER && s < e)
            add_flags(b, it->scope, name_at(b, it->scope, s, e), flag);
    }
    b->nkids = k0;
}

/* `type X = ...` and `type X[T] = ...` (Python 3.12). The value is
 * evaluated in the type-parameter scope when there is one; CPython's lazy
 * alias scope is not modelled. */
static void type_alias(Builder *b, const Item *it)
{
    PxNode left = kid_find(b, it->node, b->fld[F_LEFT], 0);
    PxNode right = kid_find(b, it->node, b->fld[F_RIGHT], 0);
    uint32_t vscope = it->scope;
    if (left != PX_NULL_NODE) {
        PxNode inner = px_flat_named_child(b->t, left, 0);
        if (inner != PX_NULL_NODE && kind_of(b, inner) == K_GENERIC_TYPE) {
            PxNode name = kid_find(b, inner, 0, K_IDENTIFIER);
            PxNode tps = kid_find(b, inner, 0, K_TYPE_PARAMETER);
            if (name != PX_NULL_NODE) {
                emit_store(b, name, it->scope, PX_BIND_ASSIGN, it->node);
                if (tps != PX_NULL_NODE)
                    vscope = type_params_scope(b, tps, it->scope, intern_node(b, name),
                                               it->node, b->t[it->node].start,
                                               line_of(b, it->node));
            }
        } else if (inner != PX_NULL_NODE && kind_of(b, inner) == K_IDENTIFIER) {
            emit_store(b, inner, it->scope, PX_BIND_ASSIGN, it->node);
        } else if (inner != PX_NULL_NODE) {
            /* The grammar reads `type(x).attr = v` as an alias statement:
             * it is an assignment whose target starts with a call of the
             * builtin `type`. */
            PxNode kw = px_flat_child(b->t, it->node, 0);
            if (kw != PX_NULL_NODE && !px_flat_named(b->t, kw))
                reference(b, it->scope, b->t[kw].start, b->t[kw].end);
            emit_store(b, inner, it->scope, PX_BIND_ASSIGN, it->node);
        }
    }
    emit_load(b, right, vscope);
}

static void visit_load(Builder *b, const Item *it);

static void visit_store(Builder *b, const Item *it)
{
    switch (it->kind) {
    case K_IDENTIFIER:
        bind(b, it, it->node);
        return;
    case K_ATTRIBUTE: {
        size_t before = b->nstack;
        emit_load(b, kid_find(b, it->node, b->fld[F_OBJECT], 0), it->scope);
        if (b->nstack > before)
            b->stack[before].iter_target = it->iter_target;
        return;
    }
    case K_TARGET_LIST:
    case K_TUPLE_PATTERN:
    case K_LIST_SPLAT_PATTERN:
    case K_DICT_SPLAT_PATTERN:
        emit_children(b, it->node, it, OP_STORE);
        return;
    default: /* subscripts, and what is not a valid target */
        visit_load(b, it);
        return;
    }
}

static bool is_underscore(Builder *b, PxNode n)
{
    return b->t[n].end - b->t[n].start == 1 &&
           b->text[b->t[n].start] == '_';
}

static void capture(Builder *b, const Item *it, PxNode id)
{
    if (!is_underscore(b, id)) {
        Item st = *it;
        st.bind = PX_BIND_MATCH;
        bind(b, &st, id);
    }
}

static void visit_pattern(Builder *b, const Item *it)
{
    PxNode n = it->node;
    size_t k0, i;
    switch (it->kind) {
    case K_IDENTIFIER:
        capture(b, it, n);
        return;
    case K_DOTTED_NAME: /* a capture, or a value pattern: Color.RED */
        k0 = kids(b, n);
        if (b->nkids - k0 == 1)
            capture(b, it, b->kids[k0].node);
        else if (b->nkids > k0)
            reference(b, it->scope, b->t[b->kids[k0].node].start,
                      b->t[b->kids[k0].node].end);
        b->nkids = k0;
        return;
    case K_SPLAT_PATTERN:
    case K_AS_PATTERN:
    case K_CASE_PATTERN:
    case K_TARGET_LIST:
    case K_TUPLE_PATTERN:
        emit_children(b, n, it, OP_PATTERN);
        return;
    case K_CLASS_PATTERN: /* the class is looked up, its arguments match */
    case K_KEYWORD_PATTERN: /* the keyword is an attribute name */
        k0 = kids(b, n);
        for (i = k0; i < b->nkids; i++) {
            Kid k = b->kids[i];
            if (i == k0 && it->kind == K_KEYWORD_PATTERN && k.kind == K_IDENTIFIER)
                continue;
            emit(b, k.node, k.kind, it->scope,
                 i == k0 && it->kind == K_CLASS_PATTERN ? OP_LOAD : OP_PATTERN, 0,
                 it->a, it->b);
        }
        b->nkids = k0;
        return;
    case K_DICT_PATTERN:
        k0 = kids(b, n);
        for (i = k0; i < b->nkids; i++) {
            Kid k = b->kids[i];
            emit(b, k.node, k.kind, it->scope,
                 k.field == b->fld[F_KEY] ? OP_LOAD : OP_PATTERN, 0, it->a, it->b);
        }
        b->nkids = k0;
        return;
    default: /* literals */
        visit_load(b, it);
        return;
    }
}

static void visit_load(Builder *b, const Item *it)
{
    PxNode n = it->node;
    uint32_t sc = it->scope;
    size_t k0, i;
    switch (it->kind) {
    case K_IDENTIFIER:
        reference_as(b, sc, b->t[n].start, b->t[n].end,
                     it->iter_target ? DEF_COMP_ITER : 0);
        return;
    case K_ATTRIBUTE: {
        size_t before = b->nstack;
        emit_load(b, kid_find(b, n, b->fld[F_OBJECT], 0), sc);
        if (b->nstack > before)
            b->stack[before].iter_target = it->iter_target;
        return;
    }
    case K_KEYWORD_ARGUMENT:
        emit_load(b, kid_find(b, n, b->fld[F_VALUE], 0), sc);
        return;
    case K_DECORATED:
        decorated(b, it);
        return;
    case K_FUNCTION_DEF:
        define_function(b, n, b->t[n].start, line_of(b, n), sc);
        return;
    case K_CLASS_DEF:
        define_class(b, n, b->t[n].start, line_of(b, n), sc);
        return;
    case K_LAMBDA:
        lambda(b, it);
        return;
    case K_LISTCOMP:
        comprehension(b, it, "<listcomp>");
        return;
    case K_SETCOMP:
        comprehension(b, it, "<setcomp>");
        return;
    case K_DICTCOMP:
        comprehension(b, it, "<dictcomp>");
        return;
    case K_GENEXP:
        comprehension(b, it, "<genexpr>");
        return;
    case K_ASSIGNMENT:
        assignment(b, it);
        return;
    case K_AUGASSIGN:
    case K_NAMED_EXPR:
    case K_FOR:
        /* The target is `left` (`name` for a walrus); the rest is read. */
        k0 = kids(b, n);
        for (i = k0; i < b->nkids; i++) {
            Kid k = b->kids[i];
            bool target = it->kind == K_NAMED_EXPR ? k.field == b->fld[F_NAME]
                                                   : k.field == b->fld[F_LEFT];
            unsigned char bk = it->kind == K_AUGASSIGN ? PX_BIND_AUGASSIGN
                               : it->kind == K_FOR     ? PX_BIND_FOR
                                                       : PX_BIND_WALRUS;
            if (target)
                emit(b, k.node, k.kind, sc, OP_STORE, bk, b->t[n].start,
                     b->t[n].end);
            else
                emit(b, k.node, k.kind, sc, OP_LOAD, 0, 0, 0);
        }
        b->nkids = k0;
        return;
    case K_WITH_ITEM:
        with_item(b, it);
        return;
    case K_EXCEPT:
    case K_EXCEPT_GROUP:
        except_clause(b, it);
        return;
    case K_DELETE: {
        Item del = *it;
        del.bind = PX_BIND_DEL;
        del.a = b->t[n].start;
        del.b = b->t[n].end;
        emit_children(b, n, &del, OP_STORE);
        return;
    }
    case K_IMPORT:
        import_statement(b, it);
        return;
    case K_IMPORT_FROM:
    case K_FUTURE_IMPORT:
        import_from(b, it, it->kind == K_FUTURE_IMPORT);
        return;
    case K_GLOBAL:
        declare(b, it, DEF_GLOBAL);
        return;
    case K_NONLOCAL:
        declare(b, it, DEF_NONLOCAL);
        return;
    case K_CASE_CLAUSE:
        k0 = kids(b, n);
        for (i = k0; i < b->nkids; i++) {
            Kid k = b->kids[i];
            emit(b, k.node, k.kind, sc, k.kind == K_CASE_PATTERN ? OP_PATTERN : OP_LOAD,
                 0, b->t[n].start, b->t[n].end);
        }
        b->nkids = k0;
        return;
    case K_TYPE_ALIAS:
        type_alias(b, it);
        return;
    case K_PRINT:
    case K_EXEC: {
        /* Python 2 statements the grammar still knows; in Python 3 source
         * they are calls of the builtin (`print >>f, x` is an expression). */
        PxNode kw = px_flat_child(b->t, n, 0);
        if (kw != PX_NULL_NODE && !px_flat_named(b->t, kw))
            reference(b, sc, b->t[kw].start, b->t[kw].end);
        emit_children(b, n, it, OP_LOAD);
        return;
    }
    case K_DOTTED_NAME: {
        PxNode first = px_flat_named_child(b->t, n, 0);
        if (first != PX_NULL_NODE)
            reference(b, sc, b->t[first].start, b->t[first].end);
        return;
    }
    case K_LEAF:
    case K_WILDCARD_IMPORT:
        return;
    default:
        emit_children(b, n, it, OP_LOAD);
        return;
    }
}

static void builder_init(Builder *b, PxArena *arena, const PxFlatTree *tree,
                         const PxSource *source)
{
    memset(b, 0, sizeof *b);
    b->f.arena = arena;
    b->f.source_len = (uint32_t)px_source_length(source);
    b->text = px_source_text(source);
    b->source = source;
    b->f.id_class = px_scope_intern(&b->f, "__class__", 9);
    b->id_dot0 = px_scope_intern(&b->f, ".0", 2);
    b->id_star = px_scope_intern(&b->f, "*", 1);
    static const PxFlatNode no_nodes[1];
    b->t = tree ? px_flat_nodes(tree) : no_nodes;
    const TSLanguage *lang = tree ? px_flat_language(tree) : NULL;
    b->lang = lang;
    if (!lang)
        return;
    b->nkinds = ts_language_symbol_count(lang);
    b->kinds = px_malloc(b->nkinds);
    /* One pass over the grammar's symbols (cheaper per file than a lookup
     * per node type); aliases share their target's name. */
    for (uint32_t i = 0; i < b->nkinds; i++) {
        b->kinds[i] = K_SKIP;
        if (ts_language_symbol_type(lang, (TSSymbol)i) != TSSymbolTypeRegular)
            continue;
        const char *name = ts_language_symbol_name(lang, (TSSymbol)i);
        const void *hit = bsearch(name, KINDS, sizeof KINDS / sizeof *KINDS,
                                  sizeof *KINDS, cmp_kind);
        b->kinds[i] = hit ? ((const KindName *)hit)->kind : K_OTHER;
    }
    for (int i = 0; i < F_COUNT; i++)
        b->fld[i] = ts_language_field_id_for_name(lang, FIELD_NAMES[i],
                                                  (uint32_t)strlen(FIELD_NAMES[i]));
}

PxScopes *px_scopes_build(PxArena *arena, const PxFlatTree *tree, const PxSource *source)
{
    Builder b;
    builder_init(&b, arena, tree, source);
    PxNode root = tree ? px_flat_root(tree) : PX_NULL_NODE;
    uint32_t module = new_scope(&b, PX_SCOPE_MODULE, PX_NO_SCOPE,
                                px_scope_intern(&b.f, "<module>", 8), root, 0, 1);
    ScopeRec *m = &b.f.scopes[module];
    m->pub.start = m->pub.def_start = m->pub.body_start = 0;
    m->pub.end = m->pub.body_end = b.f.source_len;
    if (root != PX_NULL_NODE)
        emit(&b, root, kind_of(&b, root), module, OP_LOAD, 0, 0, 0);
    while (b.nstack) {
        Item it = b.stack[--b.nstack];
        size_t mark = b.nstack;
        switch (it.op) {
        case OP_LOAD: visit_load(&b, &it); break;
        case OP_STORE: visit_store(&b, &it); break;
        case OP_PATTERN: visit_pattern(&b, &it); break;
        case OP_TYPEPARAM: visit_typeparam(&b, &it); break;
        case OP_DEFINE:
            if (it.kind == K_FUNCTION_DEF)
                define_function(&b, it.node, it.a, it.b, it.scope);
            else if (it.kind == K_CLASS_DEF)
                define_class(&b, it.node, it.a, it.b, it.scope);
            break;
        }
        /* Items were pushed in document order; pop them in that order. */
        for (size_t i = mark, j = b.nstack; i + 1 < j; i++, j--) {
            Item t = b.stack[i];
            b.stack[i] = b.stack[j - 1];
            b.stack[j - 1] = t;
        }
    }
    free(b.kinds);
    free(b.stack);
    free(b.kids);
    return px_scope_finish(&b.f);
}
