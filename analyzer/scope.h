/* Scope graph of one module: scopes, the symbols of each scope classified as
 * CPython's symtable classifies them, bindings and name references. Built
 * from the syntax tree into the module's arena; usable after the tree is
 * freed (everything is copied or kept as byte offsets).
 *
 *     x = 1                # module scope 0: x is LOCAL (module-level)
 *     def f(a):            # scope 1 "f": a is PARAM|LOCAL
 *         def g():         # scope 2 "f.<locals>.g"
 *             return a     #   a is FREE in g, CELL in f
 *         global x; x = 2  # x is GLOBAL_EXPLICIT in f
 */
#ifndef PX_SCOPE_H
#define PX_SCOPE_H

#include "arena.h"
#include "flat_tree.h"
#include "source.h"

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef uint32_t PxScopeId; /* 0 is the module */
#define PX_NO_SCOPE UINT32_MAX

typedef enum {
    PX_SCOPE_MODULE,
    PX_SCOPE_CLASS,
    PX_SCOPE_FUNCTION, /* def and async def */
    PX_SCOPE_LAMBDA,
    PX_SCOPE_COMPREHENSION, /* list/set/dict comprehension, generator expression */
    PX_SCOPE_TYPE_PARAMS,   /* PEP 695 annotation scope of `def f[T]` / `class C[T]` */
} PxScopeKind;

/* How a name is resolved in a scope: symtable's classification. */
typedef enum {
    PX_SYM_LOCAL,           /* bound in this scope (module level: a global) */
    PX_SYM_GLOBAL_EXPLICIT, /* `global x` (and, as symtable has it, the module's
                               own symbol of a name some scope declares global,
                               or binds with a walrus in a comprehension) */
    PX_SYM_GLOBAL_IMPLICIT, /* not bound here nor in an enclosing function */
    PX_SYM_FREE,            /* bound in an enclosing function scope */
    PX_SYM_CELL,            /* local, and captured by an inner scope */
} PxSymScope;

/* Symbol flags (symtable's is_parameter, is_assigned, ...). */
enum {
    PX_SYMF_PARAM = 1u << 0,
    /* Any binding: =, +=, for, with, def, del, ... As symtable's
     * is_assigned, a bare annotation `x: int` sets it; imports and
     * parameters do not (they have their own flags). */
    PX_SYMF_ASSIGNED = 1u << 1,
    PX_SYMF_REFERENCED = 1u << 2, /* read somewhere in the scope */
    PX_SYMF_IMPORTED = 1u << 3,
    PX_SYMF_GLOBAL_DECL = 1u << 4,
    PX_SYMF_NONLOCAL_DECL = 1u << 5,
    PX_SYMF_ANNOTATED = 1u << 6,
    /* Bound (or declared global) in this class and also free in a method:
     * the method reads the enclosing function's variable, not this one. */
    PX_SYMF_FREE_CLASS = 1u << 7,
    PX_SYMF_COMP_ITER = 1u << 8, /* a comprehension's iteration variable */
};

/* Names are those the compiler uses: inside a class, `__x` is mangled to
 * `_C__x` (symtable shows the same). Lookups by name mangle for you. */
typedef struct {
    const char *name;
    PxSymScope scope;
    uint32_t flags;
    /* For FREE (and nonlocal) symbols: the function scope holding the cell
     * (the class, for the implicit __class__ of methods that use super()).
     * For LOCAL and CELL symbols the scope itself, for globals 0;
     * PX_NO_SCOPE for a nonlocal with no binding (a SyntaxError). */
    PxScopeId defining_scope;
} PxSymbol;

typedef enum {
    PX_BIND_ASSIGN,      /* x = ..., x: int = ..., tuple/star targets */
    PX_BIND_AUGASSIGN,   /* x += ... (its read is no PxReference: symtable
                            marks the target assigned only) */
    PX_BIND_WALRUS,      /* (x := ...) */
    PX_BIND_FOR,         /* for x in ..., comprehension targets */
    PX_BIND_WITH,        /* with ... as x */
    PX_BIND_EXCEPT,      /* except E as x; a PX_BIND_DEL of x (same bytes,
                            stmt = the clause) follows: the handler's end
                            deletes it */
    PX_BIND_IMPORT,      /* import a.b (binds a), import a as x, from m import x */
    PX_BIND_IMPORT_STAR, /* from m import * (name is "*") */
    PX_BIND_DEF,         /* def x / async def x */
    PX_BIND_CLASS,       /* class x */
    PX_BIND_PARAM,       /* parameter, including *args, **kwargs */
    PX_BIND_DEL,         /* del x */
    PX_BIND_MATCH,       /* case [x, *rest] / case {"k": x} / case P(a=x) / as x */
    PX_BIND_TYPE_PARAM,  /* def f[T](): T */
} PxBindingKind;

/* Bindings and references come in document order. A bare annotation
 * `x: int` is no binding. Names are mangled like symbol names. */
typedef struct {
    PxBindingKind kind;
    PxScopeId scope; /* the scope the name is bound in (after global/nonlocal) */
    const char *name;
    uint32_t start, end;           /* the target name's bytes */
    uint32_t stmt_start, stmt_end; /* the binding statement / clause */
    /* Imports: the dotted module and imported name ("os.path", "join"), the
     * number of leading dots of a relative import. NULL otherwise. */
    const char *import_module;
    const char *import_name;
    uint32_t import_level;
} PxBinding;

typedef struct {
    PxScopeId scope; /* the scope the reference occurs in */
    const char *name;
    uint32_t start, end;
    PxSymScope resolution;      /* classification of the name in `scope` */
    PxScopeId target_scope;     /* where it is bound: scope of the binding, 0 for
                                   globals, PX_NO_SCOPE for builtins/unbound */
} PxReference;

typedef struct {
    PxScopeKind kind;
    PxScopeId parent;
    const char *name;     /* "f", "C", "<lambda>", "<listcomp>", "<genexpr>";
                             "<module>" for scope 0 (its qualname too) */
    const char *qualname; /* exactly CPython's __qualname__ / co_qualname */
    uint32_t start, end;  /* byte range of the def/class/lambda/comprehension node,
                             decorators included */
    uint32_t first_line;  /* first decorator line, else the def/class line
                             (co_firstlineno) */
    uint32_t def_start;   /* byte offset of `def`/`class`/`lambda` keyword
                             (`async` of async def; a comprehension's bracket) */
    /* def/class: the block; lambda: its expression; comprehension, type
     * parameters: the whole node. */
    uint32_t body_start, body_end;
    const PxSymbol *symbols;
    uint32_t nsymbols;
    /* Parameters in order (posonly, regular, *args, kwonly, **kwargs); a
     * comprehension has the implicit ".0" (its first iterable). */
    const char *const *params;
    uint32_t nparams;
    uint32_t nposonly, nkwonly;
    int32_t star_index, starstar_index; /* -1 if absent */
    /* Class: a method uses super() or __class__, so the class creates the
     * implicit __class__ cell (a CELL symbol "__class__" is listed unless
     * the body has a symbol of that name itself). */
    bool class_cell;
} PxScope;

typedef struct PxScopes PxScopes;

/* Builds the scope graph into `arena` (which owns the result; nothing to
 * free separately). Never fails; code under ERROR nodes is skipped (the
 * module has a syntax error then). A NULL tree (a source refused before
 * parsing) gives the module scope alone. Iterative: bounded stack use. */
PxScopes *px_scopes_build(PxArena *arena, const PxFlatTree *tree, const PxSource *source);

uint32_t px_scopes_count(const PxScopes *s);
const PxScope *px_scopes_get(const PxScopes *s, PxScopeId id);
/* The scope whose node starts at `start` (a def/class/lambda/comprehension
 * node's start byte, decorators excluded), or PX_NO_SCOPE. */
PxScopeId px_scopes_find_by_node(const PxScopes *s, uint32_t start);
/* The innermost scope containing byte offset `offset`: the scope whose code
 * runs there, so decorators, defaults, annotations, bases and a
 * comprehension's first iterable belong to the enclosing scope, and
 * parameter names to the function. */
PxScopeId px_scopes_at(const PxScopes *s, uint32_t offset);
/* The symbol of `name` in scope `id`, or NULL. */
const PxSymbol *px_scopes_symbol(const PxScopes *s, PxScopeId id, const char *name);
/* How `name` resolves when read in scope `id`, with the scope it lives in
 * (0 for globals, PX_NO_SCOPE for builtins or names bound nowhere). Applies
 * Python's rules: class scopes are skipped from nested functions. */
PxSymScope px_scopes_resolve(const PxScopes *s, PxScopeId id, const char *name,
                             PxScopeId *where);

uint32_t px_scopes_binding_count(const PxScopes *s);
const PxBinding *px_scopes_binding(const PxScopes *s, uint32_t i);
uint32_t px_scopes_reference_count(const PxScopes *s);
const PxReference *px_scopes_reference(const PxScopes *s, uint32_t i);

#endif
