/* Reduces each function's syntax to effect-IR operations (see ir.h). One
 * builder per function, lambda, class body and the module body; comprehension
 * scopes are folded into the function that contains them (the analysis is
 * flow-insensitive, so their variables are just more slots). Nested
 * functions are queued, not recursed into, and expression recursion is
 * bounded by MAX_DEPTH. */
#include "ir.h"

#include "alloc.h"
#include "idset.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 400 };

/* The node types and fields the builder tells apart, looked up by symbol
 * and field id: string compares per node cost more than the rest of the
 * walk. Anonymous tokens ("in", "async") map by name like named nodes. */
#define NODE_TYPES(TYPE) \
    TYPE(T_aliased_import, "aliased_import") TYPE(T_as_pattern, "as_pattern") \
    TYPE(T_assert_statement, "assert_statement") \
    TYPE(T_assignment, "assignment") TYPE(T_async, "async") \
    TYPE(T_attribute, "attribute") \
    TYPE(T_augmented_assignment, "augmented_assignment") \
    TYPE(T_await, "await") TYPE(T_block, "block") \
    TYPE(T_binary_operator, "binary_operator") \
    TYPE(T_boolean_operator, "boolean_operator") \
    TYPE(T_break_statement, "break_statement") TYPE(T_call, "call") \
    TYPE(T_case_clause, "case_clause") TYPE(T_case_pattern, "case_pattern") \
    TYPE(T_class_definition, "class_definition") TYPE(T_comment, "comment") \
    TYPE(T_comparison_operator, "comparison_operator") \
    TYPE(T_concatenated_string, "concatenated_string") \
    TYPE(T_conditional_expression, "conditional_expression") \
    TYPE(T_continue_statement, "continue_statement") \
    TYPE(T_decorated_definition, "decorated_definition") \
    TYPE(T_decorator, "decorator") \
    TYPE(T_default_parameter, "default_parameter") \
    TYPE(T_delete_statement, "delete_statement") \
    TYPE(T_dictionary, "dictionary") \
    TYPE(T_dictionary_comprehension, "dictionary_comprehension") \
    TYPE(T_dictionary_splat, "dictionary_splat") \
    TYPE(T_dotted_name, "dotted_name") TYPE(T_elif_clause, "elif_clause") \
    TYPE(T_else_clause, "else_clause") TYPE(T_except_clause, "except_clause") \
    TYPE(T_except_group_clause, "except_group_clause") \
    TYPE(T_exec_statement, "exec_statement") \
    TYPE(T_expression_list, "expression_list") \
    TYPE(T_expression_statement, "expression_statement") \
    TYPE(T_false, "false") TYPE(T_finally_clause, "finally_clause") \
    TYPE(T_float, "float") TYPE(T_for_in_clause, "for_in_clause") \
    TYPE(T_for_statement, "for_statement") TYPE(T_from, "from") \
    TYPE(T_function_definition, "function_definition") \
    TYPE(T_future_import_statement, "future_import_statement") \
    TYPE(T_generator_expression, "generator_expression") \
    TYPE(T_generic_type, "generic_type") \
    TYPE(T_global_statement, "global_statement") \
    TYPE(T_identifier, "identifier") TYPE(T_if_clause, "if_clause") \
    TYPE(T_if_statement, "if_statement") \
    TYPE(T_import_from_statement, "import_from_statement") \
    TYPE(T_import_prefix, "import_prefix") \
    TYPE(T_import_statement, "import_statement") TYPE(T_in, "in") \
    TYPE(T_integer, "integer") TYPE(T_interpolation, "interpolation") \
    TYPE(T_keyword_argument, "keyword_argument") TYPE(T_lambda, "lambda") \
    TYPE(T_list, "list") TYPE(T_list_comprehension, "list_comprehension") \
    TYPE(T_list_pattern, "list_pattern") TYPE(T_list_splat, "list_splat") \
    TYPE(T_list_splat_pattern, "list_splat_pattern") \
    TYPE(T_match_statement, "match_statement") TYPE(T_module, "module") \
    TYPE(T_named_expression, "named_expression") TYPE(T_none, "none") \
    TYPE(T_nonlocal_statement, "nonlocal_statement") TYPE(T_not_in, "not in") \
    TYPE(T_not_operator, "not_operator") \
    TYPE(T_pair, "pair") \
    TYPE(T_parenthesized_expression, "parenthesized_expression") \
    TYPE(T_parenthesized_list_splat, "parenthesized_list_splat") \
    TYPE(T_pass_statement, "pass_statement") \
    TYPE(T_pattern_list, "pattern_list") \
    TYPE(T_print_statement, "print_statement") \
    TYPE(T_raise_statement, "raise_statement") \
    TYPE(T_relative_import, "relative_import") \
    TYPE(T_return_statement, "return_statement") TYPE(T_set, "set") \
    TYPE(T_set_comprehension, "set_comprehension") TYPE(T_slice, "slice") \
    TYPE(T_string, "string") \
    TYPE(T_subscript, "subscript") TYPE(T_true, "true") \
    TYPE(T_try_statement, "try_statement") TYPE(T_tuple, "tuple") \
    TYPE(T_tuple_pattern, "tuple_pattern") \
    TYPE(T_type_alias_statement, "type_alias_statement") \
    TYPE(T_typed_default_parameter, "typed_default_parameter") \
    TYPE(T_unary_operator, "unary_operator") \
    TYPE(T_while_statement, "while_statement") \
    TYPE(T_with_clause, "with_clause") TYPE(T_with_item, "with_item") \
    TYPE(T_with_statement, "with_statement") TYPE(T_yield, "yield")
#define FIELDS(FIELD) \
    FIELD(F_alias, "alias") FIELD(F_alternative, "alternative") \
    FIELD(F_argument, "argument") FIELD(F_arguments, "arguments") \
    FIELD(F_attribute, "attribute") FIELD(F_body, "body") \
    FIELD(F_definition, "definition") FIELD(F_expression, "expression") \
    FIELD(F_format_specifier, "format_specifier") FIELD(F_function, "function") \
    FIELD(F_key, "key") FIELD(F_left, "left") \
    FIELD(F_module_name, "module_name") FIELD(F_name, "name") \
    FIELD(F_object, "object") FIELD(F_operator, "operator") \
    FIELD(F_parameters, "parameters") \
    FIELD(F_right, "right") FIELD(F_subject, "subject") \
    FIELD(F_superclasses, "superclasses") FIELD(F_type_conversion, "type_conversion") \
    FIELD(F_value, "value")

#define AS_ENUM(id, name) id,
#define AS_NAME(id, name) name,
typedef enum { T_OTHER, T_ERROR, NODE_TYPES(AS_ENUM) T_COUNT } NodeType;
enum { FIELDS(AS_ENUM) F_COUNT };
static const char *const TYPE_NAMES[] = {NODE_TYPES(AS_NAME)};
static const char *const FIELD_NAMES[] = {FIELDS(AS_NAME)};

typedef struct {
    PxScopeId scope;
    const char *name;
    PxSlot slot;
} NameSlot;

typedef struct {
    PxNode node;
    PxScopeId scope;
} Pending;

typedef struct {
    PxArena *arena;
    const PxSource *source;
    const char *text;
    const PxScopes *scopes;
    /* the module's names, each text once: the analysis remembers the
     * interned copy of each by address */
    PxInterner *names_once;
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
    uint8_t *slot_bindings;
    size_t nslots, capslots, capsites, capbindings;
    NameSlot *names;
    size_t nnames, capnames;
    uint32_t *name_index; /* open addressing over names: index+1, 0 empty */
    size_t name_index_cap;
    int depth;
    bool too_deep;
    bool too_many_args;
    int block_depth;  /* compound statements around the current one */
    bool strong;      /* the current assignment replaces the name's value */
    bool generator;   /* a yield was seen: calls return a generator */
    bool is_async;    /* the function is an `async def` */
    const PxFlatNode *t;
    unsigned char *types; /* symbol -> NodeType */
    uint32_t ntypes;
    TSFieldId fld[F_COUNT];
} Builder;

/* ---- small helpers ------------------------------------------------------ */

static NodeType type_of(const Builder *b, PxNode n)
{
    TSSymbol sym = b->t[n].symbol;
    if (sym < b->ntypes)
        return (NodeType)b->types[sym];
    return sym == PX_FLAT_ERROR_SYMBOL ? T_ERROR : T_OTHER;
}

static bool is(const Builder *b, PxNode n, NodeType type) { return type_of(b, n) == type; }

static PxNode field(const Builder *b, PxNode n, int f)
{
    return px_flat_child_by_field(b->t, n, b->fld[f]);
}

typedef struct {
    const char *name;
    NodeType type;
} TypeName;

static int cmp_type_name(const void *a, const void *b)
{
    return strcmp(((const TypeName *)a)->name, ((const TypeName *)b)->name);
}

/* Per file, as the scope builder does: the grammar's few hundred symbols,
 * each looked up once. */
static void tables_init(Builder *b, const TSLanguage *lang)
{
    enum { N = sizeof TYPE_NAMES / sizeof *TYPE_NAMES };
    TypeName sorted[N];
    for (size_t k = 0; k < N; k++)
        sorted[k] = (TypeName){TYPE_NAMES[k], (NodeType)(T_ERROR + 1 + k)};
    qsort(sorted, N, sizeof *sorted, cmp_type_name);
    b->ntypes = lang ? ts_language_symbol_count(lang) : 0;
    b->types = px_malloc(b->ntypes ? b->ntypes : 1);
    for (uint32_t i = 0; i < b->ntypes; i++) {
        TypeName key = {ts_language_symbol_name(lang, (TSSymbol)i), T_OTHER};
        const TypeName *hit =
            key.name ? bsearch(&key, sorted, N, sizeof *sorted, cmp_type_name) : NULL;
        b->types[i] = (unsigned char)(hit ? hit->type : T_OTHER);
    }
    for (int f = 0; f < F_COUNT && lang; f++)
        b->fld[f] = ts_language_field_id_for_name(lang, FIELD_NAMES[f],
                                                  (uint32_t)strlen(FIELD_NAMES[f]));
}

static void tables_free(Builder *b)
{
    free(b->types);
}

static const char *text_of(Builder *b, PxNode n)
{
    uint32_t a = b->t[n].start, e = b->t[n].end;
    return px_intern_n(b->names_once, b->text + a, e - a);
}

static PxSlot new_slot(Builder *b, const char *name, uint32_t site)
{
    PX_PUSH(b->slot_names, b->nslots, b->capslots, name);
    px_grow((void **)&b->slot_sites, &b->capsites, b->nslots, sizeof(uint32_t));
    b->slot_sites[b->nslots - 1] = site;
    px_grow((void **)&b->slot_bindings, &b->capbindings, b->nslots, sizeof(uint8_t));
    b->slot_bindings[b->nslots - 1] = 0;
    return (PxSlot)(b->nslots - 1);
}

static PxSlot temp(Builder *b) { return new_slot(b, NULL, 0); }

/* A binding of named slot s at `site`: the first one is where the slot is
 * said to be bound (a read may have made the slot before it). */
static void note_binding(Builder *b, PxSlot s, uint32_t site)
{
    if (b->slot_bindings[s] == 0)
        b->slot_sites[s] = site;
    if (b->slot_bindings[s] < 2)
        b->slot_bindings[s]++;
}

static PxOp *emit(Builder *b, PxOpKind kind, PxNode site)
{
    PxOp op = {.kind = kind, .dst = PX_NO_SLOT, .a = PX_NO_SLOT, .b = PX_NO_SLOT};
    if (site != PX_NULL_NODE) {
        op.start = b->t[site].start;
        op.end = b->t[site].end;
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
    const char *copy = px_intern(b->names_once, name);
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
static PxScopeId scope_at(Builder *b, PxNode n)
{
    PxScopeId s = px_scopes_at(b->scopes, b->t[n].start);
    return folded(b, s) ? s : b->home;
}

/* ---- expressions -------------------------------------------------------- */

static PxSlot expr(Builder *b, PxNode n);
static void stmt_block(Builder *b, PxNode n);
static void assign_to(Builder *b, PxNode target, PxSlot value, PxNode site);

static PxSlot read_name(Builder *b, PxNode id)
{
    const char *name = text_of(b, id);
    PxScopeId scope = scope_at(b, id), where = PX_NO_SCOPE;
    PxSymScope r = px_scopes_resolve(b->scopes, scope, name, &where);
    if ((r == PX_SYM_LOCAL || r == PX_SYM_CELL || r == PX_SYM_FREE) &&
        where != PX_NO_SCOPE && folded(b, where) &&
        !(where == 0 && b->home != 0))
        return local_slot(b, where, name, b->t[id].start);
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

static PxSlot fresh(Builder *b, PxNode site, const char *type)
{
    PxSlot t = temp(b);
    PxOp *op = emit(b, PX_OP_FRESH, site);
    op->dst = t;
    op->name = type;
    return t;
}

/* dst ⊇ src; `site`: the name a binding binds, so that a trace can show
 * which binding brought an object (PX_NULL_NODE for temporaries) */
static void copy_into(Builder *b, PxSlot dst, PxSlot src, PxNode site)
{
    if (src == PX_NO_SLOT || dst == src)
        return;
    PxOp *op = emit(b, PX_OP_COPY, site);
    op->dst = dst;
    op->a = src;
}

/* A special method the syntax calls on `recv` (PX_OP_IMPLICIT), with up to
 * two arguments. */
static PxOp *implicit(Builder *b, PxNode site, PxSlot recv, const char *dunder,
                      PxSlot dst, PxSlot arg0, PxSlot arg1)
{
    if (recv == PX_NO_SLOT)
        return NULL;
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
    return op;
}

/* True if the node has an `async` keyword child (async for / with / def). */
static bool has_async(Builder *b, PxNode n)
{
    bool found = false;
    for (PxNode k = px_flat_first(b->t, n); k && !found; k = b->t[k].next)
        found = is(b, k, T_async);
    return found;
}

static void children_exprs(Builder *b, PxNode n)
{
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (px_flat_named(b->t, k) && !is(b, k, T_comment))
            expr(b, k);
    }
}

/* A container literal: a fresh object whose elements are its items. */
static PxSlot container(Builder *b, PxNode n, const char *type)
{
    PxSlot obj = fresh(b, n, type);
    size_t at = b->nops - 1; /* its FRESH op, which learns the length */
    uint32_t items = 0;
    bool unpacked = false;
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (!px_flat_named(b->t, k) || is(b, k, T_comment))
            continue;
        items++;
        PxSlot v;
        if (is(b, k, T_pair)) {
            expr(b, field(b, k, F_key));
            v = expr(b, field(b, k, F_value));
        } else if (is(b, k, T_list_splat) || is(b, k, T_dictionary_splat) ||
                   is(b, k, T_parenthesized_list_splat)) {
            unpacked = true;
            PxSlot inner = expr(b, px_flat_named_child(b->t, k, 0));
            v = temp(b);
            PxOp *op = emit(b, PX_OP_ELEM, k);
            op->dst = v;
            op->a = inner;
            if (!is(b, k, T_dictionary_splat))
                implicit(b, k, inner, "__iter__", v, PX_NO_SLOT, PX_NO_SLOT);
        } else {
            v = expr(b, k);
        }
        /* Storing into our own fresh object: record contents only. */
        PxOp *op = emit(b, PX_OP_STORE_ELEM, PX_NULL_NODE);
        op->a = obj;
        op->b = v;
    }
    if (!unpacked)
        b->ops[at].index = items + 1;
    return obj;
}

/* for_in_clause / if_clause of comprehensions, then the body. */
static PxSlot comprehension(Builder *b, PxNode n, const char *type)
{
    PxSlot obj = fresh(b, n, type);
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (is(b, k, T_for_in_clause)) {
            PxSlot it = expr(b, field(b, k, F_right));
            PxSlot e = temp(b);
            PxOp *op = emit(b, PX_OP_ELEM, k);
            op->dst = e;
            op->a = it;
            implicit(b, field(b, k, F_right), it, has_async(b, k) ? "__aiter__" : "__iter__",
                     e, PX_NO_SLOT, PX_NO_SLOT);
            assign_to(b, field(b, k, F_left), e, k);
        } else if (is(b, k, T_if_clause)) {
            children_exprs(b, k);
        }
    }
    PxNode body = field(b, n, F_body);
    PxSlot v;
    if (is(b, body, T_pair)) {
        expr(b, field(b, body, F_key));
        v = expr(b, field(b, body, F_value));
    } else {
        v = expr(b, body);
    }
    PxOp *op = emit(b, PX_OP_STORE_ELEM, PX_NULL_NODE);
    op->a = obj;
    op->b = v;
    return obj;
}

static bool is_string_literal(Builder *b, PxNode n)
{
    if (!is(b, n, T_string))
        return false;
    /* An f-string has interpolations: not a constant. */
    bool constant = true;
    for (PxNode k = px_flat_first(b->t, n); k && constant; k = b->t[k].next)
        constant = !is(b, k, T_interpolation);
    return constant;
}

/* The value of a constant string argument ("append" in getattr(x, "append")):
 * the text between its quotes. None for an empty one, or one with escapes
 * (a backslash, an f-string's doubled braces), which would need decoding
 * to name anything. */
static const char *string_value(Builder *b, PxNode n)
{
    if (!is_string_literal(b, n))
        return NULL;
    const char *s = b->text + b->t[n].start, *end = b->text + b->t[n].end;
    bool fstring = false;
    while (s < end && *s != '"' && *s != '\'') {
        fstring |= *s == 'f' || *s == 'F';
        s++;
    }
    size_t quote = end - s >= 6 && s[1] == s[0] && s[2] == s[0] ? 3 : 1;
    if ((size_t)(end - s) < 2 * quote)
        return NULL;
    const char *from = s + quote, *to = end - quote;
    size_t len = (size_t)(to - from);
    bool unterminated = memcmp(to, s, quote) != 0;
    if (len == 0 || unterminated || memchr(from, '\\', len) ||
        (fstring && (memchr(from, '{', len) || memchr(from, '}', len))))
        return NULL;
    return px_intern_n(b->names_once, from, len);
}

typedef struct {
    PxSlot *args;
    const char **kwnames;
    size_t nargs, capargs, nkw, capkw;
    PxSlot *kwslots;
    size_t nkwslots, capkwslots;
    bool star;
    PxNode positional[4]; /* the first positional argument nodes */
} Args;

static void collect_args(Builder *b, PxNode list, Args *a)
{
    memset(a, 0, sizeof(*a));
    if (list == PX_NULL_NODE)
        return;
    if (is(b, list, T_generator_expression)) {
        PxSlot v = comprehension(b, list, "types.GeneratorType");
        PX_PUSH(a->args, a->nargs, a->capargs, v);
        a->positional[0] = list;
        return;
    }
    for (PxNode k = px_flat_first(b->t, list); k; k = b->t[k].next) {
        if (!px_flat_named(b->t, k) || is(b, k, T_comment))
            continue;
        if (is(b, k, T_keyword_argument)) {
            PxSlot v = expr(b, field(b, k, F_value));
            PX_PUSH(a->kwnames, a->nkw, a->capkw, text_of(b, field(b, k, F_name)));
            PX_PUSH(a->kwslots, a->nkwslots, a->capkwslots, v);
        } else if (is(b, k, T_list_splat) || is(b, k, T_dictionary_splat)) {
            /* f(*xs): the elements are passed; map them to every
             * parameter (the analysis treats `star` conservatively). */
            PxSlot inner = expr(b, px_flat_named_child(b->t, k, 0));
            PxSlot e = temp(b);
            PxOp *op = emit(b, PX_OP_ELEM, k);
            op->dst = e;
            op->a = inner;
            if (is(b, k, T_list_splat))
                implicit(b, k, inner, "__iter__", e, PX_NO_SLOT, PX_NO_SLOT);
            PX_PUSH(a->args, a->nargs, a->capargs, e);
            a->star = true;
        } else {
            if (a->nargs < 4)
                a->positional[a->nargs] = k;
            PX_PUSH(a->args, a->nargs, a->capargs, expr(b, k));
        }
    }
}

static void attach_args(Builder *b, PxOp *op, Args *a)
{
    if (a->nargs + a->nkw > UINT16_MAX) {
        /* Ops count arguments in 16 bits: no honest call passes more. */
        b->too_many_args = true;
        a->nargs = a->nkw = 0;
    }
    uint32_t n = (uint32_t)(a->nargs + a->nkw);
    op->args = px_arena_alloc(b->arena, (n ? n : 1) * sizeof(PxSlot));
    if (a->nargs)
        memcpy(op->args, a->args, a->nargs * sizeof(PxSlot));
    if (a->nkw)
        memcpy(op->args + a->nargs, a->kwslots, a->nkw * sizeof(PxSlot));
    op->kwnames = px_arena_alloc(b->arena, (a->nkw ? a->nkw : 1) * sizeof(char *));
    if (a->nkw)
        memcpy(op->kwnames, a->kwnames, a->nkw * sizeof(char *));
    op->nargs = (uint16_t)a->nargs;
    op->nkw = (uint16_t)a->nkw;
    op->star = a->star;
    free(a->args);
    free(a->kwnames);
    free(a->kwslots);
}

static PxSlot dynamic(Builder *b, PxNode site, const char *what)
{
    PxOp *op = emit(b, PX_OP_DYNAMIC, site);
    op->name = what;
    return temp(b);
}

/* Calls of builtins whose meaning is syntax-level: exec, eval, globals(),
 * setattr with a computed name, getattr with a constant one. Returns
 * PX_NO_SLOT when the call is not one of those. */
static PxSlot special_call(Builder *b, PxNode call, const char *fname, Args *a)
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
    const char *attr = (a->positional[1]) == PX_NULL_NODE || a->nargs < 2
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

static PxSlot call_expr(Builder *b, PxNode n)
{
    PxNode fn = field(b, n, F_function);
    Args a;
    /* super().m(...) */
    if (is(b, fn, T_attribute)) {
        PxNode obj = field(b, fn, F_object);
        if (is(b, obj, T_call) && is(b, field(b, obj, F_function), T_identifier) &&
            !strcmp(text_of(b, field(b, obj, F_function)), "super")) {
            collect_args(b, field(b, n, F_arguments), &a);
            PxSlot t = temp(b);
            PxOp *op = emit(b, PX_OP_SUPER_METHOD, n);
            op->dst = t;
            op->name = text_of(b, field(b, fn, F_attribute));
            attach_args(b, op, &a);
            return t;
        }
        PxSlot recv = expr(b, obj);
        collect_args(b, field(b, n, F_arguments), &a);
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_METHOD, n);
        op->dst = t;
        op->a = recv;
        op->name = text_of(b, field(b, fn, F_attribute));
        attach_args(b, op, &a);
        return t;
    }
    PxSlot callee = PX_NO_SLOT;
    const char *fname = is(b, fn, T_identifier) ? text_of(b, fn) : NULL;
    if (!fname)
        callee = expr(b, fn);
    collect_args(b, field(b, n, F_arguments), &a);
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

static void queue_scope(Builder *b, PxNode node)
{
    PxScopeId id = px_scopes_find_by_node(b->scopes, b->t[node].start);
    if (id == PX_NO_SCOPE)
        return;
    Pending p = {node, id};
    PX_PUSH(b->pending, b->npending, b->cappending, p);
}

/* Parameter defaults are evaluated where the def is, not inside it. */
static void parameter_defaults(Builder *b, PxNode params)
{
    if (params == PX_NULL_NODE)
        return;
    for (PxNode k = px_flat_first(b->t, params); k; k = b->t[k].next) {
        if (is(b, k, T_default_parameter) || is(b, k, T_typed_default_parameter))
            expr(b, field(b, k, F_value));
    }
}

static PxSlot lambda_expr(Builder *b, PxNode n)
{
    parameter_defaults(b, field(b, n, F_parameters));
    PxScopeId id = px_scopes_find_by_node(b->scopes, b->t[n].start);
    PxSlot t = temp(b);
    if (id != PX_NO_SCOPE) {
        PxOp *op = emit(b, PX_OP_FUNC, n);
        op->dst = t;
        op->index = id;
        queue_scope(b, n);
    }
    return t;
}

static bool has_slice(Builder *b, PxNode subscript)
{
    bool found = false;
    for (PxNode k = px_flat_first(b->t, subscript); k && !found; k = b->t[k].next)
        found = is(b, k, T_slice);
    return found;
}

/* Evaluates a subscript's index expressions (every child after the value)
 * and returns the key its special methods get: the index, or a fresh tuple
 * of several. */
static PxSlot subscript_key(Builder *b, PxNode n)
{
    PxSlot key = PX_NO_SLOT, tuple = PX_NO_SLOT;
    bool first = true;
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (px_flat_named(b->t, k) && !first && !is(b, k, T_comment)) {
            PxSlot v = expr(b, k);
            if (key == PX_NO_SLOT) {
                key = v;
            } else {
                if (tuple == PX_NO_SLOT) {
                    tuple = fresh(b, n, "tuple");
                    PxOp *op = emit(b, PX_OP_STORE_ELEM, PX_NULL_NODE);
                    op->a = tuple;
                    op->b = key;
                }
                PxOp *op = emit(b, PX_OP_STORE_ELEM, PX_NULL_NODE);
                op->a = tuple;
                op->b = v;
            }
        }
        if (px_flat_named(b->t, k))
            first = false;
    }
    return tuple != PX_NO_SLOT ? tuple : key;
}

static bool immutable_literal(Builder *b, PxNode v);

/* The special methods an operator runs on its operands: `a + b` is
 * a.__add__(b), or b.__radd__(a) when that gives up (both are taken);
 * `a += b` is a.__iadd__(b) first. An operand written as a literal has a
 * built-in type, whose methods change nothing. */
static const struct {
    const char *op, *method, *reflected, *inplace;
} OPERATORS[] = {
    {"+", "__add__", "__radd__", "__iadd__"},
    {"-", "__sub__", "__rsub__", "__isub__"},
    {"*", "__mul__", "__rmul__", "__imul__"},
    {"/", "__truediv__", "__rtruediv__", "__itruediv__"},
    {"//", "__floordiv__", "__rfloordiv__", "__ifloordiv__"},
    {"%", "__mod__", "__rmod__", "__imod__"},
    {"**", "__pow__", "__rpow__", "__ipow__"},
    {"@", "__matmul__", "__rmatmul__", "__imatmul__"},
    {"<<", "__lshift__", "__rlshift__", "__ilshift__"},
    {">>", "__rshift__", "__rrshift__", "__irshift__"},
    {"&", "__and__", "__rand__", "__iand__"},
    {"|", "__or__", "__ror__", "__ior__"},
    {"^", "__xor__", "__rxor__", "__ixor__"},
    {"<", "__lt__", "__gt__", NULL},
    {"<=", "__le__", "__ge__", NULL},
    {">", "__gt__", "__lt__", NULL},
    {">=", "__ge__", "__le__", NULL},
    {"==", "__eq__", "__eq__", NULL},
    {"!=", "__ne__", "__ne__", NULL},
};

/* An operator's or f-string's implicit call, on operands of known type. */
static void implicit_typed(Builder *b, PxNode site, PxSlot recv, const char *dunder,
                           PxSlot dst, PxSlot arg)
{
    PxOp *op = implicit(b, site, recv, dunder, dst, arg, PX_NO_SLOT);
    if (op)
        op->index = PX_IMPLICIT_KNOWN_TYPES;
}

/* `inplace`: for `a op= b` (op is written without its `=`) */
static void operator_calls(Builder *b, PxNode site, const char *op, bool inplace,
                           PxNode left, PxSlot l, PxNode right, PxSlot r, PxSlot dst)
{
    for (size_t i = 0; i < sizeof OPERATORS / sizeof *OPERATORS; i++) {
        if (strcmp(op, OPERATORS[i].op) != 0)
            continue;
        const char *method = inplace ? OPERATORS[i].inplace : OPERATORS[i].method;
        if (method && !immutable_literal(b, left))
            implicit_typed(b, site, l, method, dst, r);
        if (!immutable_literal(b, right))
            implicit_typed(b, site, r, OPERATORS[i].reflected, dst, l);
        return;
    }
}

/* a < b in c: every operand once; `in` and `not in` test membership in the
 * right operand, which calls its __contains__ (or iterates over it); the
 * others run the operands' comparison methods. */
static PxSlot comparison(Builder *b, PxNode n)
{
    PxSlot prev = PX_NO_SLOT;
    PxNode prev_node = PX_NULL_NODE, op = PX_NULL_NODE;
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (!px_flat_named(b->t, k)) {
            op = k;
            continue;
        }
        if (is(b, k, T_comment))
            continue;
        PxSlot v = expr(b, k);
        if (op != PX_NULL_NODE && prev != PX_NO_SLOT) {
            if (is(b, op, T_in) || is(b, op, T_not_in))
                implicit(b, n, v, "__contains__", PX_NO_SLOT, prev, PX_NO_SLOT);
            else
                operator_calls(b, n, text_of(b, op), false, prev_node, prev, k, v, PX_NO_SLOT);
        }
        op = PX_NULL_NODE;
        prev = v;
        prev_node = k;
    }
    return fresh(b, n, NULL);
}

static PxSlot expr_inner(Builder *b, PxNode n)
{
    NodeType type = type_of(b, n);
    if (type == T_identifier)
        return read_name(b, n);
    if (type == T_attribute) {
        PxSlot obj = expr(b, field(b, n, F_object));
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_ATTR, n);
        op->dst = t;
        op->a = obj;
        op->name = text_of(b, field(b, n, F_attribute));
        return t;
    }
    if (type == T_subscript) {
        PxSlot obj = expr(b, field(b, n, F_value));
        PxSlot key = subscript_key(b, n);
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = t;
        op->a = obj;
        implicit(b, n, obj, "__getitem__", t, key, PX_NO_SLOT);
        if (has_slice(b, n)) {
            /* xs[a:b] is a new sequence of the same elements */
            PxSlot copy = fresh(b, n, "list");
            op = emit(b, PX_OP_STORE_ELEM, PX_NULL_NODE);
            op->a = copy;
            op->b = t;
            return copy;
        }
        return t;
    }
    if (type == T_call)
        return call_expr(b, n);
    if (type == T_list)
        return container(b, n, "list");
    if (type == T_tuple || type == T_expression_list ||
        type == T_pattern_list)
        return container(b, n, "tuple");
    if (type == T_set)
        return container(b, n, "set");
    if (type == T_dictionary)
        return container(b, n, "dict");
    if (type == T_list_comprehension)
        return comprehension(b, n, "list");
    if (type == T_set_comprehension)
        return comprehension(b, n, "set");
    if (type == T_dictionary_comprehension)
        return comprehension(b, n, "dict");
    if (type == T_generator_expression)
        return comprehension(b, n, "types.GeneratorType");
    if (type == T_parenthesized_expression) {
        PxSlot last = PX_NO_SLOT;
        for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
            if (px_flat_named(b->t, k) && !is(b, k, T_comment))
                last = expr(b, k);
        }
        return last != PX_NO_SLOT ? last : fresh(b, n, "tuple");
    }
    if (type == T_boolean_operator || type == T_conditional_expression) {
        /* The value is one of the operands (`x or DEFAULT`). */
        PxSlot t = temp(b);
        int idx = 0;
        for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
            if (!px_flat_named(b->t, k) || is(b, k, T_comment))
                continue;
            PxSlot v = expr(b, k);
            /* conditional_expression: body if condition else other */
            if (!(type == T_conditional_expression && idx == 1))
                copy_into(b, t, v, PX_NULL_NODE);
            idx++;
        }
        return t;
    }
    if (type == T_named_expression) {
        PxSlot v = expr(b, field(b, n, F_value));
        bool strong = b->strong;
        b->strong = false; /* a walrus may not run: never a replacement */
        assign_to(b, field(b, n, F_name), v, n);
        b->strong = strong;
        return v;
    }
    if (type == T_lambda)
        return lambda_expr(b, n);
    if (type == T_await) {
        PxNode k = px_flat_named_child(b->t, n, 0);
        expr(b, k);
        return temp(b); /* what an awaitable yields is not tracked */
    }
    if (type == T_list_splat || type == T_dictionary_splat ||
        type == T_parenthesized_list_splat) {
        PxSlot inner = expr(b, px_flat_named_child(b->t, n, 0));
        PxSlot t = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = t;
        op->a = inner;
        if (type != T_dictionary_splat)
            implicit(b, n, inner, "__iter__", t, PX_NO_SLOT, PX_NO_SLOT);
        return t;
    }
    if (type == T_yield) {
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
        for (uint32_t i = 0; i < px_flat_child_count(b->t, n) && !from; i++)
            from = is(b, px_flat_child(b->t, n, i), T_from);
        if (from) {
            PxSlot it = expr(b, px_flat_named_child(b->t, n, 0));
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
    if (type == T_comparison_operator)
        return comparison(b, n);
    if (type == T_binary_operator) {
        PxNode left = field(b, n, F_left), right = field(b, n, F_right);
        PxSlot l = expr(b, left), r = expr(b, right);
        PxSlot out = fresh(b, n, NULL);
        PxNode op = field(b, n, F_operator);
        if (op != PX_NULL_NODE)
            operator_calls(b, n, text_of(b, op), false, left, l, right, r, out);
        return out;
    }
    if (type == T_unary_operator || type == T_not_operator) {
        PxNode arg = field(b, n, F_argument);
        PxSlot v = expr(b, arg);
        PxNode op = field(b, n, F_operator);
        const char *text = op != PX_NULL_NODE ? text_of(b, op) : "";
        const char *method = type == T_not_operator ? "__bool__"
                             : !strcmp(text, "-")   ? "__neg__"
                             : !strcmp(text, "+")   ? "__pos__"
                             : !strcmp(text, "~")   ? "__invert__"
                                                    : NULL;
        PxSlot out = fresh(b, n, NULL);
        if (method && !immutable_literal(b, arg))
            implicit_typed(b, n, v, method, type == T_not_operator ? PX_NO_SLOT : out,
                           PX_NO_SLOT);
        return out;
    }
    if (type == T_interpolation) {
        /* f"{x}" formats x: __format__, or __repr__/__str__ for !r/!a/!s */
        PxNode e = field(b, n, F_expression);
        PxSlot v = expr(b, e);
        PxNode conv = field(b, n, F_type_conversion);
        const char *text = conv != PX_NULL_NODE ? text_of(b, conv) : "";
        const char *method = !strcmp(text, "!s") ? "__str__"
                             : (!strcmp(text, "!r") || !strcmp(text, "!a")) ? "__repr__"
                                                                            : "__format__";
        if (!immutable_literal(b, e))
            implicit_typed(b, n, v, method, PX_NO_SLOT, PX_NO_SLOT);
        PxNode spec = field(b, n, F_format_specifier);
        if (spec != PX_NULL_NODE)
            children_exprs(b, spec);
        return PX_NO_SLOT;
    }
    if (type == T_keyword_argument) {
        return expr(b, field(b, n, F_value));
    }
    if (type == T_comment)
        return PX_NO_SLOT;
    /* Strings, numbers, operators, comparisons, f-strings: a fresh value;
     * what is inside (interpolations, operands) is still evaluated. */
    children_exprs(b, n);
    return fresh(b, n, NULL);
}

static PxSlot expr(Builder *b, PxNode n)
{
    if (n == PX_NULL_NODE)
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
static bool writes_dunder_dict(Builder *b, PxNode subscript)
{
    PxNode v = field(b, subscript, F_value);
    return is(b, v, T_attribute) &&
           strcmp(text_of(b, field(b, v, F_attribute)), "__dict__") == 0;
}

static void assign_name(Builder *b, PxNode id, PxSlot value, PxNode site, bool del)
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
        new_version(b, scope, name, b->t[id].start);
    PxSlot s = local_slot(b, scope, name, b->t[id].start);
    if (del)
        return;
    note_binding(b, s, b->t[id].start);
    copy_into(b, s, value, id);
}

static void assign_to(Builder *b, PxNode t, PxSlot value, PxNode site)
{
    if (t == PX_NULL_NODE)
        return;
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return;
    }
    NodeType type = type_of(b, t);
    if (type == T_identifier) {
        assign_name(b, t, value, site, false);
    } else if (type == T_attribute) {
        PxSlot obj = expr(b, field(b, t, F_object));
        PxOp *op = emit(b, PX_OP_STORE_ATTR, t);
        op->a = obj;
        op->b = value;
        op->name = text_of(b, field(b, t, F_attribute));
    } else if (type == T_subscript && writes_dunder_dict(b, t)) {
        expr(b, field(b, t, F_value));
        dynamic(b, t, "a write into `__dict__`");
    } else if (type == T_subscript) {
        PxSlot obj = expr(b, field(b, t, F_value));
        PxSlot key = subscript_key(b, t);
        PxOp *op = emit(b, PX_OP_STORE_ELEM, t);
        op->a = obj;
        op->b = value;
        implicit(b, t, obj, "__setitem__", PX_NO_SLOT,
                 key != PX_NO_SLOT ? key : fresh(b, t, NULL), value);
    } else if (type == T_pattern_list || type == T_tuple_pattern ||
               type == T_list_pattern || type == T_tuple ||
               type == T_list || type == T_expression_list ||
               type == T_parenthesized_expression) {
        PxSlot e = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, t);
        op->dst = e;
        op->a = value;
        /* a, b = x iterates over x */
        implicit(b, t, value, "__iter__", e, PX_NO_SLOT, PX_NO_SLOT);
        for (PxNode k = px_flat_first(b->t, t); k; k = b->t[k].next) {
            if (px_flat_named(b->t, k) && !is(b, k, T_comment))
                assign_to(b, k, e, site);
        }
    } else if (type == T_list_splat_pattern || type == T_list_splat) {
        /* a, *rest = xs: rest is a fresh list of xs's elements */
        PxSlot l = fresh(b, t, "list");
        PxOp *op = emit(b, PX_OP_STORE_ELEM, PX_NULL_NODE);
        op->a = l;
        op->b = value;
        assign_to(b, px_flat_named_child(b->t, t, 0), l, site);
    } else {
        /* Anything else in target position is evaluated for its effects. */
        expr(b, t);
    }
    b->depth--;
}

static void delete_target(Builder *b, PxNode t)
{
    NodeType type = type_of(b, t);
    if (type == T_identifier) {
        assign_name(b, t, PX_NO_SLOT, t, true);
    } else if (type == T_attribute) {
        PxOp *op;
        PxSlot obj = expr(b, field(b, t, F_object));
        op = emit(b, PX_OP_DEL_ATTR, t);
        op->a = obj;
        op->name = text_of(b, field(b, t, F_attribute));
    } else if (type == T_subscript && writes_dunder_dict(b, t)) {
        expr(b, field(b, t, F_value));
        dynamic(b, t, "a deletion from `__dict__`");
    } else if (type == T_subscript) {
        PxSlot obj = expr(b, field(b, t, F_value));
        PxSlot key = subscript_key(b, t);
        PxOp *op = emit(b, PX_OP_DEL_ELEM, t);
        op->a = obj;
        implicit(b, t, obj, "__delitem__", PX_NO_SLOT, key, PX_NO_SLOT);
    } else if (type == T_expression_list || type == T_tuple ||
               type == T_list || type == T_parenthesized_expression) {
        for (PxNode k = px_flat_first(b->t, t); k; k = b->t[k].next) {
            if (px_flat_named(b->t, k) && !is(b, k, T_comment))
                delete_target(b, k);
        }
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

static void definition(Builder *b, PxNode def, PxNode decorated)
{
    bool is_class = is(b, def, T_class_definition);
    /* Decorators are evaluated in the enclosing scope, top to bottom, and
     * applied bottom-up to what the def makes; their source text (one per
     * line) also tells staticmethod, property and configured callbacks. */
    PxSlot *dec_slots = NULL;
    const char **dec_texts = NULL;
    size_t ndec = 0, ntexts = 0, capslots = 0, captexts = 0, declen = 0;
    if (decorated != PX_NULL_NODE) {
        for (PxNode k = px_flat_first(b->t, decorated); k; k = b->t[k].next) {
            if (!is(b, k, T_decorator))
                continue;
            PxNode e = px_flat_named_child(b->t, k, 0);
            const char *t = e == PX_NULL_NODE ? "" : text_of(b, e);
            PX_PUSH(dec_slots, ndec, capslots, expr(b, e));
            PX_PUSH(dec_texts, ntexts, captexts, t);
            declen += strlen(t) + 1;
        }
    }
    /* Joined once: appending one by one is quadratic in their number. */
    char *decorators = NULL;
    if (ndec) {
        decorators = px_arena_alloc(b->arena, declen);
        char *p = decorators;
        for (size_t i = 0; i < ndec; i++) {
            size_t n = strlen(dec_texts[i]);
            memcpy(p, dec_texts[i], n);
            p += n;
            *p++ = i + 1 < ndec ? '\n' : '\0';
        }
    }
    Args bases = {0};
    if (is_class)
        collect_args(b, field(b, def, F_superclasses), &bases);
    else
        parameter_defaults(b, field(b, def, F_parameters));
    PxScopeId id = px_scopes_find_by_node(b->scopes, b->t[def].start);
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
    for (size_t i = ndec; i-- > 0;) {
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
    free(dec_slots);
    free(dec_texts);
    bool strong = b->strong;
    b->strong = true;
    assign_to(b, field(b, def, F_name), t, def);
    b->strong = strong;
}

static void import_stmt(Builder *b, PxNode n)
{
    bool from = is(b, n, T_import_from_statement);
    const char *module = NULL;
    uint32_t level = 0;
    if (from) {
        PxNode m = field(b, n, F_module_name);
        if (is(b, m, T_relative_import)) {
            for (PxNode k = px_flat_first(b->t, m); k; k = b->t[k].next) {
                if (is(b, k, T_import_prefix))
                    level = b->t[k].end - b->t[k].start;
                else if (is(b, k, T_dotted_name))
                    module = text_of(b, k);
            }
        } else {
            module = text_of(b, m);
        }
    }
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (b->t[k].field != b->fld[F_name])
            continue;
        PxNode name = k, alias = PX_NULL_NODE;
        if (is(b, k, T_aliased_import)) {
            name = field(b, k, F_name);
            alias = field(b, k, F_alias);
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
            PxNode bound = alias == PX_NULL_NODE ? px_flat_named_child(b->t, name, 0) : alias;
            assign_to(b, bound, t, k);
        } else if (alias != PX_NULL_NODE) {
            op->name = text_of(b, name);
            assign_to(b, alias, t, k);
        } else {
            /* import a.b.c binds a */
            op->name = text_of(b, px_flat_named_child(b->t, name, 0));
            assign_to(b, px_flat_named_child(b->t, name, 0), t, k);
        }
        b->strong = false;
    }
}

static void stmt(Builder *b, PxNode n);

static void each_named_child_stmt(Builder *b, PxNode n)
{
    for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
        if (px_flat_named(b->t, k))
            stmt(b, k);
    }
}

static void with_items(Builder *b, PxNode clause, bool is_async)
{
    for (PxNode item = px_flat_first(b->t, clause); item; item = b->t[item].next) {
        if (!is(b, item, T_with_item))
            continue;
        PxNode v = field(b, item, F_value);
        if (is(b, v, T_as_pattern)) {
            PxSlot ctx = expr(b, px_flat_named_child(b->t, v, 0));
            /* `with x as y` binds what __enter__ returns: for files and
             * locks, the object itself. */
            PxSlot entered = temp(b);
            PxOp *op = emit(b, PX_OP_METHOD, v);
            op->dst = entered;
            op->a = ctx;
            op->name = "__enter__";
            op->args = px_arena_alloc(b->arena, sizeof(PxSlot));
            op->kwnames = px_arena_alloc(b->arena, sizeof(char *));
            PxNode target = field(b, v, F_alias);
            if (target != PX_NULL_NODE && px_flat_named_child_count(b->t, target) == 1)
                target = px_flat_named_child(b->t, target, 0);
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
    }
}

/* match captures: every identifier in a pattern binds an element of the
 * subject (dotted names are value patterns, not captures). */
static void match_pattern(Builder *b, PxNode p, PxSlot subject)
{
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return;
    }
    if (is(b, p, T_dotted_name) && px_flat_named_child_count(b->t, p) == 1)
        p = px_flat_named_child(b->t, p, 0); /* a bare name captures */
    if (is(b, p, T_identifier)) {
        if (strcmp(text_of(b, p), "_") != 0)
            assign_name(b, p, subject, p, false);
    } else if (!is(b, p, T_dotted_name) && !is(b, p, T_attribute)) {
        for (PxNode k = px_flat_first(b->t, p); k; k = b->t[k].next) {
            if (px_flat_named(b->t, k) && !is(b, k, T_comment))
                match_pattern(b, k, subject);
        }
    }
    b->depth--;
}

static void match_stmt(Builder *b, PxNode n)
{
    PxSlot subj = expr(b, field(b, n, F_subject));
    PxSlot e = temp(b);
    PxOp *op = emit(b, PX_OP_ELEM, n);
    op->dst = e;
    op->a = subj;
    copy_into(b, e, subj, PX_NULL_NODE);
    PxNode body = field(b, n, F_body);
    for (PxNode cc = px_flat_first(b->t, body); cc; cc = b->t[cc].next) {
        if (!is(b, cc, T_case_clause))
            continue;
        for (PxNode k = px_flat_first(b->t, cc); k; k = b->t[k].next) {
            if (is(b, k, T_case_pattern))
                match_pattern(b, k, e);
            else if (is(b, k, T_if_clause))
                children_exprs(b, k);
            else if (is(b, k, T_block))
                stmt_block(b, k);
        }
    }
}

/* The grammar reads `type(x).attr = v` as a PEP 695 alias statement whose
 * "name" is `(x).attr`. This evaluates such a left side as the expression it
 * is, with the leftmost parenthesized part standing for `type(...)`. */
static PxSlot type_call_expr(Builder *b, PxNode n)
{
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return temp(b);
    }
    PxSlot out;
    if (is(b, n, T_parenthesized_expression)) {
        PxSlot arg = expr(b, px_flat_named_child(b->t, n, 0));
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
    } else if (is(b, n, T_attribute)) {
        PxSlot obj = type_call_expr(b, field(b, n, F_object));
        out = temp(b);
        PxOp *op = emit(b, PX_OP_ATTR, n);
        op->dst = out;
        op->a = obj;
        op->name = text_of(b, field(b, n, F_attribute));
    } else if (is(b, n, T_subscript)) {
        PxSlot obj = type_call_expr(b, field(b, n, F_value));
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

static void misparsed_type_assignment(Builder *b, PxNode n)
{
    PxNode left = px_flat_named_child(b->t, field(b, n, F_left), 0);
    PxNode right = px_flat_named_child(b->t, field(b, n, F_right), 0);
    PxSlot v = right == PX_NULL_NODE ? temp(b) : expr(b, right);
    if (is(b, left, T_attribute)) {
        PxSlot obj = type_call_expr(b, field(b, left, F_object));
        PxOp *op = emit(b, PX_OP_STORE_ATTR, left);
        op->a = obj;
        op->b = v;
        op->name = text_of(b, field(b, left, F_attribute));
    } else if (is(b, left, T_subscript)) {
        PxSlot obj = type_call_expr(b, field(b, left, F_value));
        PxOp *op = emit(b, PX_OP_STORE_ELEM, left);
        op->a = obj;
        op->b = v;
    } else {
        dynamic(b, n, "an assignment pxlint cannot read");
    }
}

static void stmt_inner(Builder *b, PxNode n)
{
    NodeType type = type_of(b, n);
    if (type == T_expression_statement) {
        for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
            if (!px_flat_named(b->t, k))
                continue;
            if (is(b, k, T_assignment) || is(b, k, T_augmented_assignment))
                stmt(b, k);
            else
                expr(b, k);
        }
    } else if (type == T_assignment) {
        PxNode right = field(b, n, F_right);
        PxSlot v;
        if (right != PX_NULL_NODE &&
            (is(b, right, T_assignment) || is(b, right, T_augmented_assignment))) {
            /* a = b = value: the inner assignment's value flows on */
            stmt(b, right);
            PxNode inner = right;
            while (is(b, field(b, inner, F_right), T_assignment))
                inner = field(b, inner, F_right);
            v = expr(b, field(b, inner, F_left));
        } else {
            v = right == PX_NULL_NODE ? PX_NO_SLOT : expr(b, right);
        }
        if (right != PX_NULL_NODE) {
            b->strong = true;
            assign_to(b, field(b, n, F_left), v, n);
            b->strong = false;
        }
    } else if (type == T_augmented_assignment) {
        PxNode left = field(b, n, F_left);
        PxSlot v = expr(b, field(b, n, F_right));
        PxSlot old = expr(b, left);
        /* x += y mutates x's object in place when it is mutable. */
        PxOp *op = emit(b, PX_OP_INPLACE, n);
        op->a = old;
        op->b = v;
        PxNode sign = field(b, n, F_operator);
        if (sign != PX_NULL_NODE) {
            const char *text = text_of(b, sign);
            size_t len = strlen(text);
            if (len > 1 && text[len - 1] == '=')
                operator_calls(b, n, px_intern_n(b->names_once, text, len - 1), true, left,
                               old, field(b, n, F_right), v, PX_NO_SLOT);
        }
        PxSlot result = temp(b);
        copy_into(b, result, old, PX_NULL_NODE);
        copy_into(b, result, fresh(b, n, NULL), PX_NULL_NODE);
        assign_to(b, left, result, n);
    } else if (type == T_return_statement) {
        PxNode k = px_flat_named_child(b->t, n, 0);
        if (k != PX_NULL_NODE) {
            PxOp *op;
            PxSlot v = expr(b, k);
            op = emit(b, PX_OP_RETURN, n);
            op->a = v;
        }
    } else if (type == T_delete_statement) {
        for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
            if (px_flat_named(b->t, k))
                delete_target(b, k);
        }
    } else if (type == T_function_definition || type == T_class_definition) {
        definition(b, n, PX_NULL_NODE);
    } else if (type == T_decorated_definition) {
        definition(b, field(b, n, F_definition), n);
    } else if (type == T_for_statement) {
        PxSlot it = expr(b, field(b, n, F_right));
        PxSlot e = temp(b);
        PxOp *op = emit(b, PX_OP_ELEM, n);
        op->dst = e;
        op->a = it;
        implicit(b, field(b, n, F_right), it, has_async(b, n) ? "__aiter__" : "__iter__", e,
                 PX_NO_SLOT, PX_NO_SLOT);
        assign_to(b, field(b, n, F_left), e, n);
        stmt_block(b, field(b, n, F_body));
        PxNode alt = field(b, n, F_alternative);
        if (alt != PX_NULL_NODE)
            each_named_child_stmt(b, alt);
    } else if (type == T_with_statement) {
        for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
            if (is(b, k, T_with_clause))
                with_items(b, k, has_async(b, n));
        }
        stmt_block(b, field(b, n, F_body));
    } else if (type == T_except_clause || type == T_except_group_clause) {
        PxNode alias = field(b, n, F_alias);
        for (PxNode k = px_flat_first(b->t, n); k; k = b->t[k].next) {
            if (is(b, k, T_block))
                stmt_block(b, k);
            else if (px_flat_named(b->t, k) && !is(b, k, T_comment) &&
                     !(alias != PX_NULL_NODE && k == alias))
                expr(b, k);
        }
        if (alias != PX_NULL_NODE)
            assign_to(b, alias, fresh(b, alias, NULL), n); /* the exception */
    } else if (type == T_import_statement || type == T_import_from_statement) {
        import_stmt(b, n);
    } else if (type == T_match_statement) {
        match_stmt(b, n);
    } else if (type == T_exec_statement) {
        dynamic(b, n, "exec");
    } else if (type == T_global_statement || type == T_nonlocal_statement ||
               type == T_pass_statement || type == T_break_statement ||
               type == T_continue_statement || type == T_comment ||
               type == T_future_import_statement) {
        /* no effect of their own */
    } else if (type == T_type_alias_statement) {
        PxNode left = px_flat_named_child(b->t, field(b, n, F_left), 0);
        if (left != PX_NULL_NODE && !is(b, left, T_identifier) && !is(b, left, T_generic_type))
            misparsed_type_assignment(b, n);
    } else if (type == T_block || type == T_if_statement ||
               type == T_elif_clause || type == T_else_clause ||
               type == T_while_statement || type == T_try_statement ||
               type == T_finally_clause || type == T_module) {
        each_named_child_stmt(b, n);
    } else if (type == T_print_statement || type == T_raise_statement ||
               type == T_assert_statement) {
        children_exprs(b, n);
    } else if (type == T_ERROR) {
        /* The module has a syntax error; its functions are never safe. */
    } else {
        /* An expression in statement position (conditions of if/while). */
        expr(b, n);
    }
}

/* Statements whose assignments run unconditionally when they run. */
static bool simple_statement(const Builder *b, PxNode n)
{
    return is(b, n, T_expression_statement) || is(b, n, T_assignment) ||
           is(b, n, T_augmented_assignment) || is(b, n, T_import_statement) ||
           is(b, n, T_import_from_statement) || is(b, n, T_function_definition) ||
           is(b, n, T_class_definition) || is(b, n, T_decorated_definition) ||
           is(b, n, T_block) || is(b, n, T_module) || is(b, n, T_return_statement) ||
           is(b, n, T_delete_statement) || is(b, n, T_global_statement) ||
           is(b, n, T_nonlocal_statement) || is(b, n, T_pass_statement) || is(b, n, T_comment);
}

static void stmt(Builder *b, PxNode n)
{
    if (++b->depth > MAX_DEPTH) {
        b->too_deep = true;
        b->depth--;
        return;
    }
    bool compound = !simple_statement(b, n);
    b->block_depth += compound;
    stmt_inner(b, n);
    b->block_depth -= compound;
    b->depth--;
}

static void stmt_block(Builder *b, PxNode n)
{
    if (n != PX_NULL_NODE)
        stmt(b, n);
}

/* ---- functions ---------------------------------------------------------- */

/* None, booleans, numbers, plain strings and tuples of those: a default
 * that cannot be mutated. */
static bool immutable_literal(Builder *b, PxNode v)
{
    if (v == PX_NULL_NODE)
        return true;
    if (is(b, v, T_none) || is(b, v, T_true) || is(b, v, T_false) || is(b, v, T_integer) ||
        is(b, v, T_float) || is(b, v, T_concatenated_string) || is_string_literal(b, v))
        return true;
    if (is(b, v, T_unary_operator))
        return immutable_literal(b, field(b, v, F_argument));
    if (is(b, v, T_tuple)) {
        for (uint32_t i = 0; i < px_flat_named_child_count(b->t, v); i++)
            if (!immutable_literal(b, px_flat_named_child(b->t, v, i)))
                return false;
        return true;
    }
    return false;
}

/* The entry of parameter `name` in the list, or PX_NULL_NODE; *id: its
 * name. Each entry's first named descendant is its name, past a default's
 * `=`, a type's `:` and the stars of *args and **kwargs. */
static PxNode param_entry(Builder *b, PxNode plist, const char *name, PxNode *id)
{
    if (plist == PX_NULL_NODE)
        return PX_NULL_NODE;
    for (PxNode k = px_flat_first(b->t, plist); k; k = b->t[k].next) {
        PxNode n = k;
        while (n != PX_NULL_NODE && !is(b, n, T_identifier)) {
            PxNode c = px_flat_first(b->t, n);
            while (c != PX_NULL_NODE && !px_flat_named(b->t, c))
                c = b->t[c].next;
            n = c;
        }
        if (n != PX_NULL_NODE && strcmp(text_of(b, n), name) == 0) {
            *id = n;
            return k;
        }
    }
    return PX_NULL_NODE;
}

/* True if the parameter list entry has a default value that may be
 * mutable. */
static bool has_default(Builder *b, PxNode entry)
{
    return (is(b, entry, T_default_parameter) || is(b, entry, T_typed_default_parameter)) &&
           !immutable_literal(b, field(b, entry, F_value));
}

static void params(Builder *b, PxNode plist)
{
    const PxScope *s = px_scopes_get(b->scopes, b->home);
    for (uint32_t i = 0; i < s->nparams; i++) {
        PxNode id = PX_NULL_NODE;
        PxNode entry = param_entry(b, plist, s->params[i], &id);
        uint32_t site = id != PX_NULL_NODE      ? b->t[id].start
                        : plist != PX_NULL_NODE ? b->t[plist].start
                                                : 0;
        PxSlot slot = local_slot(b, b->home, s->params[i], site);
        note_binding(b, slot, site);
        PxOp *op = emit(b, PX_OP_PARAM, PX_NULL_NODE);
        op->dst = slot;
        op->index = i;
        op->name = s->params[i];
        op->name2 = entry != PX_NULL_NODE && has_default(b, entry) ? "default" : NULL;
        if (op->name2 && i < 64)
            b->fn->mutable_defaults |= (uint64_t)1 << i;
        op->start = op->end = plist == PX_NULL_NODE ? s->def_start
                                                      : b->t[plist].start;
    }
}

static void build_function(Builder *b, PxNode node, PxScopeId id)
{
    b->home = id;
    b->fn = &b->ir->functions[id];
    b->nops = b->nslots = b->nnames = 0;
    b->ops = NULL;
    b->slot_names = NULL;
    b->slot_sites = NULL;
    b->slot_bindings = NULL;
    b->capops = b->capslots = b->capsites = b->capbindings = 0;
    b->depth = 0;
    b->too_deep = b->too_many_args = false;
    b->generator = false;
    b->is_async = has_async(b, node);
    const PxScope *s = px_scopes_get(b->scopes, id);
    if (s->kind == PX_SCOPE_FUNCTION || s->kind == PX_SCOPE_LAMBDA) {
        params(b, field(b, node, F_parameters));
        PxNode body = field(b, node, F_body);
        if (s->kind == PX_SCOPE_LAMBDA) {
            PxSlot v = expr(b, body);
            PxOp *op = emit(b, PX_OP_RETURN, body);
            op->a = v;
        } else {
            stmt_block(b, body);
        }
    } else if (s->kind == PX_SCOPE_CLASS) {
        stmt_block(b, field(b, node, F_body));
    } else if (s->kind == PX_SCOPE_MODULE) {
        stmt_block(b, node);
    }
    if (b->too_deep || b->too_many_args) {
        b->nops = 0;
        b->fn->mutable_defaults = 0; /* its PARAM ops are gone */
        emit(b, PX_OP_TOO_COMPLEX, node)->name =
            b->too_deep ? "is nested too deeply for pxlint to analyze"
                        : "makes a call with more arguments than pxlint can analyze (65,535)";
    }
    PxFunctionIR *f = b->fn;
    f->scope = id;
    f->nops = (uint32_t)b->nops;
    f->ops = px_arena_copy(b->arena, b->ops, b->nops * sizeof(PxOp));
    f->nslots = (uint32_t)b->nslots;
    f->slot_names = px_arena_copy(b->arena, b->slot_names, b->nslots * sizeof(char *));
    f->slot_sites = px_arena_copy(b->arena, b->slot_sites, b->nslots * sizeof(uint32_t));
    f->slot_bindings = px_arena_copy(b->arena, b->slot_bindings, b->nslots * sizeof(uint8_t));
    f->end_line = px_source_line(b->source, b->t[node].end);
    free(b->ops);
    free(b->slot_names);
    free(b->slot_sites);
    free(b->slot_bindings);
    free(b->names);
    b->names = NULL;
    b->capnames = 0;
    free(b->name_index);
    b->name_index = NULL;
    b->name_index_cap = 0;
}

PxModuleIR *px_ir_build(PxArena *arena, const PxFlatTree *tree, const PxSource *source,
                        const PxScopes *scopes)
{
    PxModuleIR *ir = px_arena_alloc(arena, sizeof(*ir));
    ir->nfunctions = px_scopes_count(scopes);
    ir->functions = px_arena_alloc(arena, (ir->nfunctions ? ir->nfunctions : 1) *
                                              sizeof(PxFunctionIR));
    for (uint32_t i = 0; i < ir->nfunctions; i++)
        ir->functions[i].scope = i;
    Builder b = {.arena = arena, .source = source, .text = px_source_text(source),
                 .scopes = scopes, .names_once = px_interner_create_in(arena), .ir = ir,
                 .t = px_flat_nodes(tree)};
    tables_init(&b, px_flat_language(tree));
    Pending root = {px_flat_root(tree), 0};
    PX_PUSH(b.pending, b.npending, b.cappending, root);
    while (b.npending > 0) {
        Pending p = b.pending[--b.npending];
        build_function(&b, p.node, p.scope);
    }
    free(b.pending);
    tables_free(&b);
    px_interner_destroy(b.names_once);
    return ir;
}
