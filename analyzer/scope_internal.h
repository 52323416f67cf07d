/* Shared by scope_build.c (the tree walk) and scope.c (the analysis and the
 * queries): the records the walk fills in and the finished PxScopes. Not for
 * use outside analyzer/scope*.c. */
#ifndef PX_SCOPE_INTERNAL_H
#define PX_SCOPE_INTERNAL_H

#include "scope.h"

#include <stdbool.h>
#include <stdint.h>

/* symtable's DEF_* bits, numbered as in CPython's Include/internal/
 * pycore_symtable.h, so differences against the symtable module are easy to
 * read. */
enum {
    DEF_GLOBAL = 1,
    DEF_LOCAL = 2,
    DEF_PARAM = 4,
    DEF_NONLOCAL = 8,
    DEF_USE = 16,
    DEF_FREE_CLASS = 64,
    DEF_IMPORT = 128,
    DEF_ANNOT = 256,
    DEF_COMP_ITER = 512,
    DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT,
};

/* An interned name: every distinct (mangled) name of a module once. */
typedef struct {
    const char *str; /* in the arena */
    uint32_t len, hash;
} Name;

/* A scope while it is built, and in the finished PxScopes. `pub` comes
 * first so &rec->pub is what px_scopes_get hands out. */
typedef struct {
    PxScope pub;
    uint32_t name_id;
    const char *private_name; /* enclosing class name for mangling, or NULL */
    uint32_t private_len;
    uint32_t iter_start, iter_end; /* comprehension: its first iterable, which
                                      is evaluated in the parent */
    const uint32_t *param_spans;   /* start/end of each parameter name */
} ScopeRec;

typedef struct {
    uint32_t scope, name, flags; /* flags: DEF_* bits */
    PxSymScope cls;
    PxScopeId holder;
    bool chain_done; /* free: every scope up to the holder knows it */
} SymRec;

typedef struct {
    uint32_t scope, name, start, end;
} RefRec;

typedef struct {
    PxBinding pub; /* pub.scope is the scope the binding occurs in until
                      the analysis moves it to where the name lives */
    uint32_t name;
} BindRec;

typedef struct {
    uint32_t scope, name, start, end;
} ParamRec;

/* What the walk hands to the analysis. Arrays are malloc'd; scope_finish
 * frees them. */
typedef struct {
    PxArena *arena;
    uint32_t source_len;
    Name *names;
    uint32_t nnames;
    size_t capnames;
    uint32_t *name_slots; /* open addressing: name id + 1, 0 empty */
    uint32_t name_mask;
    ScopeRec *scopes;
    uint32_t nscopes;
    size_t capscopes;
    SymRec *syms;
    uint32_t nsyms;
    size_t capsyms;
    uint32_t *sym_slots; /* (scope, name) -> sym index + 1 */
    uint32_t sym_mask;
    RefRec *refs;
    uint32_t nrefs;
    size_t caprefs;
    BindRec *binds;
    uint32_t nbinds;
    size_t capbinds;
    ParamRec *params;
    uint32_t nparams;
    size_t capparams;
    uint32_t id_class; /* "__class__" */
} ScopeFacts;

uint32_t px_scope_intern(ScopeFacts *f, const char *s, uint32_t len);
/* Interns `s` as the compiler names it inside class `private_name`
 * (_Py_Mangle); private_name NULL outside classes. */
uint32_t px_scope_mangle(ScopeFacts *f, const char *private_name,
                         uint32_t private_len, const char *s, uint32_t len);
/* The symbol record of (scope, name), created with no flags if `create`. */
SymRec *px_scope_sym(ScopeFacts *f, uint32_t scope, uint32_t name, bool create);
/* Classifies the symbols, computes qualified names and moves everything
 * into the arena; frees the walk's arrays. */
PxScopes *px_scope_finish(ScopeFacts *f);

#endif
