/* Internals shared by project.c (index, driver, results), fixpoint.c (the
 * order of solving), resolve.c (names, imports, classes) and ownership.c
 * (per-function solving and summaries). */
#ifndef PX_PROJECT_INTERNAL_H
#define PX_PROJECT_INTERNAL_H

#include "arena.h"
#include "findings.h"
#include "idset.h"
#include "ptrmap.h"
#include "project.h"

#include <pthread.h>
#include <stdlib.h>

#define NONE UINT32_MAX
enum {
    MAX_STEPS = 8,
    MAX_SITES_PER_TARGET = 3, /* per parameter or cell an effect lands on */
    MAX_ABSOLUTE_PER_KIND = 4, /* effects on globals, classes, ... per kind */
    MAX_SET = 96,
    MAX_FRESH_SOLVES = 24, /* solves of a unit before results may only grow */
    MAX_DISPATCH = 2,      /* project methods one call on an unknown type may reach */
    MAX_DEMAND_DEPTH = 48, /* nesting of solves started by a read (C stack) */
};

/* An abstract object. Function-independent kinds can appear in summaries;
 * FRESH objects are identified by (unit, op) inside a solve. */
typedef enum {
    V_FRESH,    /* made by this call; name = type ("list") or NULL; cls = unit of
                   a project class it instantiates */
    V_PARAM,    /* a = parameter index */
    V_DEFAULT,  /* a = unit, b = parameter index */
    V_GLOBAL,   /* a = module, name */
    V_CELL,     /* a = unit of the scope holding the cell, name */
    V_CLASS,    /* a = unit */
    V_FUNCTION, /* a = unit */
    V_MODULE,   /* a = module */
    V_EXTERNAL, /* name = dotted name of something outside the run; with
                   b == 1, a shared instance of the type `name` that a
                   library call returned (logging.getLogger()) */
    V_BOUND,    /* a = function unit, b = receiver object id (solve-local) */
    V_UNKNOWN,  /* from a call that cannot be resolved (already reported) */
    V_TOP,      /* any object at all: a set grew past PX_MAX_SET and was
                   collapsed; mutating or calling it cannot be proven safe */
} ValKind;

typedef struct {
    ValKind kind;
    bool part; /* an element or attribute reachable from the object */
    uint32_t a, b;
    const char *name; /* interned */
    uint32_t cls;
    uint32_t site; /* FRESH: op index in its unit (identity) */
} Val;

/* A value a unit publishes under a name; `order`, its place in the slots */
typedef struct {
    const char *name;
    uint32_t order;
    Val v;
} PxPublished;

static inline bool val_eq(const Val *a, const Val *b)
{
    return a->kind == b->kind && a->part == b->part && a->a == b->a &&
           a->b == b->b && a->name == b->name && a->cls == b->cls &&
           a->site == b->site;
}

static inline uint64_t val_hash(const Val *v)
{
    uint64_t h = (uint64_t)v->kind * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)v->a << 20) ^ v->b ^ ((uint64_t)v->part << 63);
    h ^= (uint64_t)(uintptr_t)v->name * 0xBF58476D1CE4E5B9ull;
    h ^= ((uint64_t)v->cls << 32) ^ ((uint64_t)v->site * 0x94D049BB133111EBull);
    return h ^ (h >> 29);
}

typedef struct {
    bool is_call;
    uint32_t module;
    uint32_t start, end;
    const char *message;
} Step;

/* A trace is a chain of steps from the outermost call in: an effect taken
 * through a call links one step to the callee effect's trace, which it
 * shares, so an effect costs one link however deep its chain. A finding
 * shows MAX_STEPS of it (results.c), the last chosen by `deepest_call`. */
typedef struct TraceLink {
    Step step;
    const struct TraceLink *next;
    const struct TraceLink *deepest_call; /* the last call in the chain from
                                             here that has words, or NULL */
} TraceLink;

/* One effect in a summary: on a target object, or a call problem. */
typedef struct {
    PxFindingKind kind;
    Val target; /* kind V_UNKNOWN for call problems (no object) */
    uint32_t module, start, end;
    const char *action;
    const TraceLink *trace; /* NULL: none; in the project's arena */
} Effect;

/* A value the function stores into (something reachable from) a parameter's
 * object: `self.items = items` in __init__. A caller whose argument there is
 * an object it made itself then knows the object holds `value`. */
typedef struct {
    uint32_t param;
    const char *attr; /* `self.<attr> = ...`; NULL: somewhere inside */
    Val value;        /* PARAM (mapped at each call) or an absolute object */
} Flow;

enum { PX_FIND_KINDS = PX_FIND_DYNAMIC + 1 };

typedef struct {
    Effect *effects;
    uint32_t neffects, capeffects;
    /* per finding kind: effects on absolute objects and call problems, which
     * are capped (MAX_ABSOLUTE_PER_KIND) */
    uint8_t nabsolute[PX_FIND_KINDS];
    Val *returns; /* FRESH (identity dropped), PARAM, GLOBAL, FUNCTION, ... */
    size_t nreturns, capreturns;
    Flow *flows;
    size_t nflows, capflows;
} Summary;

typedef enum { UNIT_MODULE, UNIT_CLASS, UNIT_FUNCTION } UnitKind;

typedef struct {
    UnitKind kind;
    uint32_t module;
    PxScopeId scope;
    const PxScope *sc;
    const PxFunctionIR *ir;
    uint32_t class_unit;  /* the class a method is defined in, or NONE */
    bool is_static, is_classmethod, is_property;
    bool is_setter, is_deleter; /* @name.setter, @name.deleter of a property */
    bool is_dataclass; /* class attributes are per-instance field defaults */
    /* class units */
    uint32_t *bases; /* class units of project bases */
    uint32_t nbases;
    const char **external_bases; /* dotted names of bases outside the run */
    uint32_t nexternal_bases;
    bool unresolved_base;
    PxIdSet subclasses; /* class units naming this one as a direct base */
    /* module and class units: the values of their names after solving */
    const char **names;
    Val **name_vals;
    uint32_t *name_nvals;
    uint32_t nnames;
    Summary sum;
    PxIdSet dependents;   /* units to re-solve when this one's summary changes */
    PxIdSet name_readers; /* ... when its names (or class bases) change */
    uint32_t last_dependent, last_name_reader; /* the last added to each */
    /* class units: units that looked for overrides below this class, to
     * solve again when a subclass appears below it or changes its names */
    PxIdSet override_readers;
    bool queued;
    /* Tarjan's SCC search over the first solves (px_demand is the DFS):
     * discovery index (NONE: not reached yet), lowlink, and whether the
     * unit waits on the SCC stack for its component to complete */
    uint32_t dfs_index, dfs_low;
    bool on_scc_stack;
    uint32_t solves;
    const char **slot_names; /* the IR's slot names interned, made when
                                first needed (unit_slot_names) */
    /* The solve (its serial) that last took in every effect of this unit's
     * summary on absolute targets, and the summary's solve count then: a
     * later call in that solve would only offer them again */
    uint32_t absolute_taken_by, absolute_taken_at;
    const char *call_message; /* "calls `qualname`", made on first use */
    const char *guess_message; /* the same for a call by method name only */
    /* function units handed to a spawner: how many leading parameters
     * the spawns pass (the bound self, or PX_ANY_PARAMS) */
    uint32_t spawn_params;
} Unit;

/* A spawn that may pass its callback any of its parameters. */
#define PX_ANY_PARAMS UINT32_MAX

typedef struct {
    const char *name; /* dotted, interned */
    bool is_package;
    /* the bindings of its module-level `from m import *`, in order */
    uint32_t *star_bindings;
    size_t nstar_bindings, capstar_bindings;
    PxModule *m;
    uint32_t first_unit; /* units of this module: first_unit + scope id */
    PxIdSet submodules; /* modules of the run one level below this one */
    const char *last_name; /* interned last part of the name ("path" of os.path) */
    PxPtrMap *symbols; /* module-level symbols by interned name, as read */
    PxPtrMap *ir_names; /* its IR's names, interned (px_intern_stable), as read */
    /* where each name is first bound in each scope, sorted by (scope,
     * interned name); built when a finding first needs it */
    struct FirstBinding *first_bindings;
    uint32_t nfirst_bindings;
    bool first_bindings_built;
} ModuleInfo;

/* A function a decorator returned in place of the decorated one. */
typedef struct {
    uint32_t wrapper, original, decorator;
} Wrap;

struct PxProject {
    PxArena *arena;
    PxInterner *strings;
    /* memos of ownership.c: the facts of names known calls name, by
     * interned name (and of a method on an unknown receiver, by the
     * method's name and ANY_RECEIVER); the knowledge base's methods, by
     * (type, method name), both in the arena; whether an external name is
     * interpreter-wide state, by interned name (the knowledge base's note,
     * or NOT_HIDDEN) */
    PxPtrMap *name_facts, *known_methods, *hidden_objects;
    /* The special method of each implicit op's name, by the name's address
     * (ownership.c: implicit_op; the IR's names for them are a few dozen
     * literals, looked up at every application) */
    struct ProtocolMemo {
        const char *name;
        const struct Protocol *protocol;
    } protocol_memo[64];
    /* "left.attr" interned, by the addresses of left and attr (ownership.c) */
    PxPtrMap *dotted;
    const PxKnowledge *kb;
    bool all_functions;
    ModuleInfo *mods;
    size_t nmods;
    uint32_t *sorted_mods; /* module indices sorted by name, for lookup */
    Unit *units;
    size_t nunits;
    uint32_t *queue; /* units to solve: in the first sweep's order, then a
                        heap by rank */
    uint32_t *rank;  /* per unit, after the first sweep: topological order */
    size_t nqueue, capqueue;
    PxIdSet spawned; /* function units handed to a spawner or so decorated */
    PxCallbackResult *results;
    size_t nresults;
    const PxProjectOptions *options;
    Wrap *wraps;
    size_t nwraps, capwraps;
    PxPtrMap *wrap_index; /* the wraps recorded, by (&wrapper, &original) unit */
    /* method name (interned) -> function units of methods of that name, for
     * calls on receivers of unknown type */
    const char **method_names;
    PxIdSet *method_units;
    size_t nmethod_names;
    bool recording; /* the last pass over the units records call edges */
    int star_depth; /* nesting of `from M import *` lookups (cycles end it) */
    uint32_t solving; /* the unit being solved, or NONE */
    uint32_t solve_depth; /* solves in progress, nested by px_demand */
    uint32_t next_dfs_index;
    uint32_t next_solve_serial; /* from 1: 0 is no solve */
    uint32_t *scc_stack; /* units whose component is not complete yet */
    size_t nscc_stack, capscc_stack;
    bool demand; /* reads may solve a unit first (not while recording) */
    PxCallEdge *calls;
    size_t ncalls, capcalls;
    /* the arrays of solves that ended, for the next ones (ownership.c) */
    struct Solve *spare_solves;
    size_t nspare_solves, capspare_solves;
    /* publish_names' scratch arrays: the values, then where each name's
     * first one is */
    PxPublished *published;
    size_t cappublished;
    uint32_t *published_first;
    size_t cappublished_first;
    /* findings made while the fixpoint runs (results.c), or NULL; its lock
     * guards units' summaries and solve counts meanwhile */
    struct EarlyResults *early;
    pthread_mutex_t *summary_lock;
    /* findings are made on worker threads, one arena per chunk of them;
     * the lock guards the modules' first bindings, built on first use */
    PxArena **result_arenas;
    size_t nresult_arenas;
    pthread_mutex_t first_bindings_lock;
    /* frees the analysis state once the results are made (start_release) */
    pthread_t release;
    bool releasing;
    /* px_class_overrides' answers by (name, class unit), valid while
     * class_epoch stays: it grows when a class gains a base or changes
     * its names, the only inputs of the answers */
    PxPtrMap *override_memo;
    struct OverrideMemo **override_memos; /* each one, to free */
    size_t noverride_memos, capoverride_memos;
    uint64_t class_epoch;
    PxPtrMap *import_targets; /* resolve.c's memo of import_target */
};

typedef struct PxProject Project;

/* The index of interned `name` among a unit's published names (sorted by
 * address), or -1. */
static inline int32_t px_unit_name(const Unit *u, const char *name)
{
    uint32_t lo = 0, hi = u->nnames;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (u->names[mid] == name)
            return (int32_t)mid;
        if ((uintptr_t)u->names[mid] < (uintptr_t)name)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* resolve.c */
/* The modules of the run named `dotted`, at sorted_mods[*first ... *first
 * + n), in the run's order; returns n. More than one when files in
 * different directories take one name (two top-level util.py). */
uint32_t px_modules_named(const Project *p, const char *dotted, uint32_t *first);
/* The values a name lookup gives, each once. The first few live in the
 * list itself: a solve looks names up at every op reading a global, and
 * allocating for each lookup was a fiftieth of the fixpoint's time. Never
 * copied (v may point into it); px_vals_free when done. */
enum { PX_VALS_INLINE = 4 };
typedef struct {
    Val *v;
    uint32_t n, cap;
    Val inline_v[PX_VALS_INLINE];
} ValList;

static inline void px_vals_init(ValList *l)
{
    l->v = l->inline_v;
    l->n = 0;
    l->cap = PX_VALS_INLINE;
}

static inline void px_vals_free(ValList *l)
{
    if (l->v != l->inline_v)
        free(l->v);
}

/* Values a module-level name (interned) of module `m` has, for reading from
 * elsewhere: callables and the GLOBAL object itself. Appends to *out. */
void px_module_name_values(Project *p, uint32_t m, const char *name, ValList *out);
/* Values of attribute `attr` (interned) of module m (a submodule, or a
 * module name). */
void px_module_attr_values(Project *p, uint32_t m, const char *attr, ValList *out);
/* Values bound by `import name` / `from module import name` in module m.
 * `module` is a string that never moves (the IR's or a binding's): what it
 * names is kept by its address. */
void px_import_values(Project *p, uint32_t m, const char *module, uint32_t level,
                      const char *name, bool from, ValList *out);
/* A method or class attribute `name` (interned) found along the class's
 * project MRO; returns the function unit or NONE. *found_data is set when a non-function
 * class attribute of that name exists. */
uint32_t px_class_lookup(Project *p, uint32_t cls, const char *name, bool *found_data);
/* The setter (or deleter) of property `name` (interned) along the class's
 * project MRO, or NONE: the first class binding the name decides. */
uint32_t px_class_property_accessor(Project *p, uint32_t cls, const char *name, bool deleter);
/* Subclasses' overrides of `name` (interned) below class `cls` (appended
 * to *out). */
void px_class_overrides(Project *p, uint32_t cls, const char *name, PxIdSet *out);
void px_class_overrides_free(Project *p);
/* Types (FRESH values) the module-level name (interned) may hold. */
void px_global_types(Project *p, uint32_t m, const char *name, ValList *out);
bool px_class_is_thread_subclass(Project *p, uint32_t cls);
/* True if the module-level name (interned) holds what an unresolved call
 * returned. */
bool px_global_opaque(Project *p, uint32_t m, const char *name);
/* The first external base type of a class's MRO ("dict"), or NULL. */
const char *px_class_external_base(Project *p, uint32_t cls);

/* ownership.c */
/* Solves a unit once, queueing its readers if its results changed. */
void px_solve_once(Project *p, uint32_t unit);
/* Frees the arrays solves keep for the next ones. */
void px_solve_buffers_free(Project *p);

/* fixpoint.c */
/* Solves every unit to a fixpoint (see fixpoint.c for the order). */
void px_run_fixpoint(Project *p);
/* `dependent` read the summary of function `on`. */
void px_add_dependent(Project *p, uint32_t on, uint32_t dependent);
/* `reader` read the names of module, class or function `on` (a class's
 * bases too). */
void px_add_name_reader(Project *p, uint32_t on, uint32_t reader);
/* The names of `unit` changed (a class's bases too): queues their readers. */
void px_names_changed(Project *p, uint32_t unit);
/* `reader` looked for overrides of a method below class `cls`. */
void px_add_override_reader(Project *p, uint32_t cls, uint32_t reader);
/* What changed below class `cls` (a new subclass, a subclass's names):
 * queues the override readers of cls and of every class above it. */
void px_subclasses_changed(Project *p, uint32_t cls);
/* Called before a unit's results are read: solves it now if it has never
 * been solved and is not being solved. */
void px_demand(Project *p, uint32_t unit);
/* Whether px_demand(p, unit) may still do something: the unit's first
 * solve, or tying its reader into a cycle not yet complete. Once false,
 * it stays false. */
bool px_demand_pending(const Project *p, uint32_t unit);
/* Solves a unit; its first solve while demand is on is a step of the SCC
 * search: a component is solved to a fixpoint when its root completes. */
void px_solve_unit(Project *p, uint32_t unit);
/* Queues a unit whose inputs changed. */
void px_enqueue(Project *p, uint32_t unit);

/* results.c */
/* The callbacks' results (p->results) from the summaries, sorted. */
void px_collect_callbacks(Project *p);
/* With every function a callback and more than one thread, a helper makes
 * each function's findings from the summary its component completed with
 * (px_early_results_completed, from the search, and after each solve of
 * the worklist) while the fixpoint goes on; px_collect_callbacks keeps
 * those whose unit was not solved again.
 * Started before the fixpoint, stopped after it, freed with the project. */
void px_early_results_start(Project *p);
void px_early_results_completed(Project *p, uint32_t unit);
void px_early_results_stop(Project *p);
void px_early_results_free(Project *p);

/* project.c */
/* The methods named `name` (interned) of every project class, or NULL. */
const PxIdSet *px_methods_named(const Project *p, const char *name);
/* True if a function with these decorators (source text, one per line) is a
 * callback by configuration. */
bool px_decorated_callback(const Project *p, const char *decorators);
/* `params`: how many leading parameters the spawn passes the callback. */
void px_record_spawn(Project *p, uint32_t unit, uint32_t params);
void px_record_wrap(Project *p, uint32_t wrapper, uint32_t original, uint32_t decorator);
/* Records a call edge from `unit` at [start, end) when recording. */
void px_record_call(Project *p, uint32_t unit, uint32_t start, uint32_t end,
                    PxCalleeKind kind, uint32_t callee_unit, const char *callee);

#endif
