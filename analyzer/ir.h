/* The effect IR: each function (and the module body) reduced to a flat list
 * of operations on slots, extracted while the syntax tree is alive and kept
 * in the module's arena after the tree is freed. The ownership analysis reads
 * only this. Flow-insensitive: order does not matter, every op holds.
 *
 *     def handle(q):          slot 0 = q (PARAM 0)
 *         log = LOG           slot 1 = log; GLOBAL "LOG" -> t2; COPY t2 -> 1
 *         log.append(q)       METHOD 1.append(0) at the call's bytes
 */
#ifndef PX_IR_H
#define PX_IR_H

#include "arena.h"
#include "flat_tree.h"
#include "scope.h"
#include "source.h"

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef uint32_t PxSlot;
#define PX_NO_SLOT UINT32_MAX

typedef enum {
    PX_OP_PARAM,        /* dst = parameter `index`; name2 = "default" if the
                           parameter has a default value */
    PX_OP_FRESH,        /* dst = new object made at the site; name = its type
                           ("list", "dict", ...) or NULL; index = a display's
                           number of items + 1 (none unpacked), else 0 */
    PX_OP_COPY,         /* dst ⊇ a */
    PX_OP_GLOBAL,       /* dst = module global or builtin `name` */
    PX_OP_CELL,         /* dst = free variable `name` held in scope `index` */
    PX_OP_ELEM,         /* dst = element/item/slice/iteration of a */
    PX_OP_ATTR,         /* dst = a.name */
    PX_OP_STORE_ELEM,   /* a[...] = b: mutates a */
    PX_OP_DEL_ELEM,     /* del a[...] */
    PX_OP_STORE_ATTR,   /* a.name = b */
    PX_OP_DEL_ATTR,     /* del a.name */
    PX_OP_INPLACE,      /* a op= ...: mutates a in place if it is mutable */
    PX_OP_CALL,         /* dst = a(args...); index PX_CALL_DECORATOR when it
                           applies a decorator to args[0] */
    PX_OP_METHOD,       /* dst = a.name(args...) */
    PX_OP_SUPER_METHOD, /* dst = super().name(args...), self = a */
    PX_OP_RETURN,       /* the function returns a */
    PX_OP_REBIND_GLOBAL,/* `global name` rebound or deleted */
    PX_OP_REBIND_CELL,  /* `nonlocal name` (held in scope `index`) rebound */
    PX_OP_DYNAMIC,      /* exec/eval/globals()/setattr(o, computed, v)/...;
                           name = what */
    PX_OP_FUNC,         /* dst = the function or lambda of scope `index`;
                           name2 = its decorators' source, one per line */
    PX_OP_CLASS,        /* dst = the class of scope `index`; args = bases */
    PX_OP_IMPORT,       /* dst = module `name` (level `index`) imported here */
    PX_OP_IMPORT_FROM,  /* dst = `name2` from module `name` (level `index`) */
    PX_OP_TOO_COMPLEX,  /* the function could not be reduced; name = why
                           ("is nested too deeply for pxlint to analyze") */
    PX_OP_IMPLICIT,     /* a special method the syntax calls on a: name is
                           "__getitem__" (x[k]; args = the key), "__iter__"
                           (for, comprehensions, unpacking, *x, yield from:
                           iteration, then __next__ on the iterator; dst =
                           the elements), "__aiter__" (async for),
                           "__contains__" (v in x; args = v), "__setitem__"
                           (x[k] = v; args = k, v), "__delitem__" (del x[k]),
                           "__exit__"/"__aexit__" (the end of a with block);
                           an operator's ("__add__", "__radd__", "__iadd__",
                           "__lt__", "__neg__", "__bool__" for `not`; args =
                           the other operand) or an f-string's ("__format__",
                           "__str__", "__repr__"), with index
                           PX_IMPLICIT_KNOWN_TYPES */
} PxOpKind;

#define PX_CALL_DECORATOR 1
/* An implicit call followed only on operands of known type: the methods of
 * the project's classes of that name are not guessed for others (`a + b`
 * on two parameters would reach every class defining __add__). */
#define PX_IMPLICIT_KNOWN_TYPES 1

typedef struct {
    uint8_t kind;        /* a PxOpKind; one byte keeps ops at 64 bytes */
    bool star;           /* a *args or **kwargs argument was passed */
    uint16_t nargs, nkw; /* the builder gives up on calls with more */
    PxSlot dst, a, b;
    uint32_t index;
    uint32_t start, end; /* the site: the call, the store, the statement */
    const char *name;
    const char *name2;
    PxSlot *args;        /* positional arguments, then keyword arguments */
    const char **kwnames;/* nkw names, for args[nargs..nargs+nkw) */
} PxOp;

typedef struct {
    PxScopeId scope;      /* its scope in the module's scope graph */
    uint32_t nslots;
    const char **slot_names; /* named locals; NULL for temporaries */
    uint32_t *slot_sites;    /* byte offset where each slot was first bound */
    uint8_t *slot_bindings;  /* bindings (assignments, parameters) of each
                                named slot: 0, 1, or 2 for two or more; an
                                assigned value comes in by a COPY op sited
                                at the bound name */
    PxOp *ops;
    uint32_t nops;
    uint32_t end_line;       /* last line of the definition */
    uint64_t mutable_defaults; /* bit i: parameter i has a mutable default
                                  (its PARAM op's name2 is "default") */
} PxFunctionIR;

/* Everything the analysis needs from one module's syntax. */
typedef struct {
    PxFunctionIR *functions; /* indexed by scope id; kind != function: empty */
    uint32_t nfunctions;
} PxModuleIR;

/* Builds the IR of every function, lambda, class body and the module body.
 * Recursion is bounded: a function nested too deeply to reduce gets a
 * PX_OP_TOO_COMPLEX op instead of a partial IR. */
PxModuleIR *px_ir_build(PxArena *arena, const PxFlatTree *tree, const PxSource *source,
                        const PxScopes *scopes);

#endif
