/* Findings: what the ownership analysis proved or could not prove about one
 * callback, with the site and the trace. Rules turn them into diagnostics. */
#ifndef PX_FINDINGS_H
#define PX_FINDINGS_H

#include "source.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    PX_FIND_CONTAINER_MUTATION, /* a method, item store or in-place op on it */
    PX_FIND_ATTRIBUTE_WRITE,    /* setting or deleting one of its attributes */
    PX_FIND_REBIND,             /* global/nonlocal name rebound or deleted */
    PX_FIND_C_EXTENSION,        /* calls into a C extension module */
    PX_FIND_HIDDEN_STATE,       /* changes interpreter-wide state */
    PX_FIND_UNVERIFIABLE,       /* a call that cannot be resolved */
    PX_FIND_DYNAMIC,            /* exec, eval, setattr with a computed name, ... */
} PxFindingKind;

/* What kind of main-thread object is affected. */
typedef enum {
    PX_ROOT_NONE,     /* calls: no object */
    PX_ROOT_GLOBAL,   /* a module global, or reached from one */
    PX_ROOT_CLASS,    /* a class or its attributes */
    PX_ROOT_MODULE,   /* a module object (its attributes are its globals) */
    PX_ROOT_FUNCTION, /* a function object */
    PX_ROOT_ARGUMENT, /* an argument passed by the main thread, or self */
    PX_ROOT_CELL,     /* a closure variable */
    PX_ROOT_DEFAULT,  /* a default argument value */
} PxRootKind;

/* A step of a trace, which diagnostics share with the finding. */
typedef enum {
    PX_TRACE_CALL,  /* the callback reaches the site through this call */
    PX_TRACE_ALIAS, /* the mutated value is this main-thread object */
} PxTraceKind;

typedef struct {
    PxTraceKind kind;
    const PxSource *source;
    uint32_t start, end;
    const char *message;
} PxTraceStep;

typedef struct {
    PxFindingKind kind;
    PxRootKind root;
    const PxSource *source; /* the site */
    uint32_t start, end;
    const char *object; /* "the module global `app.LOG`", "the argument `items`" */
    bool reached;       /* the object is reached from that root, not the root */
    const char *action; /* "calls `append` on it", "sets its attribute `x`" */
    const PxTraceStep *steps;
    uint32_t nsteps;
} PxFinding;

#endif
