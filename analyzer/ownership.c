/* The ownership analysis of one unit (function, lambda, class or module
 * body): a flow-insensitive fixpoint over its IR where each slot holds a set
 * of abstract objects, calls instantiate the callees' current summaries, and
 * every mutation of a main-thread object becomes an effect of the summary.
 * RacerD's owned/unowned idea: FRESH objects are owned, everything reachable
 * from parameters, globals, cells, classes and modules is not. */
#include "project_internal.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type given to objects a C-extension call returns: their methods are
 * C-extension calls too. */
#define C_EXTENSION_OBJECT "<c-extension object>"
/* What functools.lru_cache and functools.cache make of a function: calling
 * it updates the wrapper's shared cache (not in the knowledge base, so
 * calls are unverifiable). */
#define LRU_WRAPPER "functools._lru_cache_wrapper"
#define NOT_READ UINT32_MAX
enum { MAX_FLOWS_PER_PARAM = 8 };

typedef struct Solve {
    Project *p;
    uint32_t uid;
    uint32_t serial; /* distinct for each solve (wrapping, skipping 0) */
    Unit *u;
    const PxFunctionIR *ir;
    Val *objs;
    PxIdSet *content; /* per object: what was stored into it (FRESH) */
    /* per object: main-thread objects a callee (a constructor) stored
     * somewhere inside it (FRESH). Reached by effects on its insides and by
     * what calls return from it, not by reading an attribute, since which
     * attribute holds them is not known. */
    PxIdSet *held;
    size_t nobjs, capobjs; /* objs and the arrays per object below */
    /* the same, by attribute where the callee named it (NULL: unknown), for
     * reading an attribute of the object */
    struct HeldAttr { const char *attr; uint32_t value, next; } *held_attrs;
    size_t nheld_attrs, capheld_attrs;
    uint32_t *held_first; /* per object: its first HeldAttr, or NONE */
    uint32_t *hash; /* object intern table: index+1, 0 = empty */
    size_t hashcap, hashalloc; /* in use, allocated */
    PxIdSet *slots;
    size_t capslots; /* of slots and slot_read_at */
    /* The op that first read each slot and each object's content in this
     * pass, NOT_READ if none: a set that grows after an op at or before the
     * current one read it makes the pass repeat (`changed`). */
    uint32_t *slot_read_at, *content_read_at;
    PxIdPool *pool; /* the arrays of every set above, and of temporary ones */
    Summary sum;
    /* sum's effects by (kind, target), for effect_wanted: a table of each
     * group's latest effect (index + 1), which links to the group's
     * earlier ones through group_next */
    uint32_t *groups;
    size_t groupcap, groupalloc, ngroups; /* in use, allocated, groups */
    uint32_t *group_next;
    size_t capgroup_next;
    bool changed;
    uint32_t restart; /* where the next pass starts (see grew_after) */
    bool again; /* the current op grew a set it read: it runs again */
    uint32_t op_index;
    int hof_depth; /* nesting of calls made on behalf of map(f, ...) & co */
    bool guessing; /* calls on a receiver of unknown type, to methods by name */
    bool calls_itself; /* in this pass */
    uint32_t replaced; /* effects of the summary replaced by earlier ones */
    /* per kind, once MAX_ABSOLUTE_PER_KIND effects on absolute targets are
     * kept: the one ordered last (index + 1), 0 until looked for */
    uint32_t last_absolute[PX_FIND_KINDS];
    /* sum's flows by parameter, for add_flow: per parameter its latest
     * flow (index + 1; a head belongs to the solve of its serial, so a
     * solve taking the array over need not clear it), and per flow the
     * one before it of the same parameter */
    struct FlowHead { uint32_t serial, flow; } *flow_heads;
    size_t capflow_heads;
    uint32_t *flow_prev;
    size_t capflow_prev;
} Solve;

typedef struct Protocol Protocol;

/* What the name tables and the knowledge base say of the function or
 * method a known call names (`sorted`, `list.copy`), worked out on the
 * name's first call: the same few thousand names are called again and again. */
typedef struct {
    const char *name; /* interned */
    const char *constructs, *result_type; /* the knowledge base's types */
    bool is_function;          /* the knowledge base knows the function ... */
    PxEffect function;         /* ... and its effect */
    bool c_extension;          /* in a configured or known C extension module */
    bool spawner;              /* runs a function it is given on another thread */
    PxSpawnerArg spawner_arg;  /* ... this argument */
    const char *public_name;   /* posix.fork -> os.fork (interned), or NULL */
    const struct FunctionArg *function_arg; /* map(f, xs): where it takes a
                                               function it calls, or NULL */
    const struct FileArg *file_arg; /* print(file=f): where it takes a file
                                       it writes to, or NULL */
    bool makes_iterator;   /* iter(x), zip(...): returns an iterator */
    bool shares_elements;  /* list(x), d.copy(): a new container of the same elements */
    /* the special method called implicitly on arguments, as a function
     * (len(x), sorted(xs)) and as a method (", ".join(xs), s.update(t)) */
    const Protocol *function_protocol, *method_protocol;
    uint32_t function_first; /* from this positional argument */
    bool function_all, method_all; /* ... and every later one */
} NameFacts;

static const NameFacts *name_facts(Solve *s, const char *what);
static const NameFacts *any_receiver_facts(Solve *s, const char *method);

/* ---- objects ------------------------------------------------------------ */

/* An index table of cap empty entries: *table (of *alloc entries) when it
 * fits, a larger one otherwise. Solves reuse their tables. */
static uint32_t *cleared_table(uint32_t **table, size_t *alloc, size_t cap)
{
    if (cap > *alloc) {
        free(*table);
        *table = px_malloc(cap * sizeof(uint32_t));
        *alloc = cap;
    }
    memset(*table, 0, cap * sizeof(uint32_t));
    return *table;
}

/* The table is made again from the objects, in place when it fits. */
static void rehash(Solve *s)
{
    size_t cap = s->hashcap ? s->hashcap * 2 : 64;
    uint32_t *h = cleared_table(&s->hash, &s->hashalloc, cap);
    for (size_t i = 0; i < s->nobjs; i++) {
        size_t j = val_hash(&s->objs[i]) & (cap - 1);
        while (h[j])
            j = (j + 1) & (cap - 1);
        h[j] = (uint32_t)i + 1;
    }
    s->hashcap = cap;
}

static uint32_t obj(Solve *s, Val v)
{
    if ((s->nobjs + 1) * 2 > s->hashcap)
        rehash(s);
    size_t j = val_hash(&v) & (s->hashcap - 1);
    while (s->hash[j]) {
        if (val_eq(&s->objs[s->hash[j] - 1], &v))
            return s->hash[j] - 1;
        j = (j + 1) & (s->hashcap - 1);
    }
    if (s->nobjs == s->capobjs) { /* every per-object array grows at once */
        s->capobjs = s->capobjs ? s->capobjs * 2 : 32;
        s->objs = px_realloc(s->objs, s->capobjs * sizeof(*s->objs));
        s->content = px_realloc(s->content, s->capobjs * sizeof(*s->content));
        s->held = px_realloc(s->held, s->capobjs * sizeof(*s->held));
        s->held_first = px_realloc(s->held_first, s->capobjs * sizeof(*s->held_first));
        s->content_read_at =
            px_realloc(s->content_read_at, s->capobjs * sizeof(*s->content_read_at));
    }
    s->objs[s->nobjs++] = v;
    memset(&s->content[s->nobjs - 1], 0, sizeof(PxIdSet));
    memset(&s->held[s->nobjs - 1], 0, sizeof(PxIdSet));
    s->held_first[s->nobjs - 1] = NONE;
    s->content_read_at[s->nobjs - 1] = NOT_READ;
    s->hash[j] = (uint32_t)s->nobjs;
    return (uint32_t)s->nobjs - 1;
}

static Val mk(ValKind k, uint32_t a, uint32_t b, const char *name)
{
    return (Val){.kind = k, .a = a, .b = b, .name = name, .cls = NONE, .site = NONE};
}

/* Every read of a slot or of an object's content goes through these; an op
 * later in the pass sees a set's growth anyway, so only growth after an
 * earlier read needs another pass. Most functions then take one. */
static const PxIdSet *slot_in(Solve *s, PxSlot x)
{
    if (s->slot_read_at[x] > s->op_index)
        s->slot_read_at[x] = s->op_index;
    return &s->slots[x];
}

static const PxIdSet *content_in(Solve *s, uint32_t id)
{
    if (s->content_read_at[id] > s->op_index)
        s->content_read_at[id] = s->op_index;
    return &s->content[id];
}

/* An object's `held` set is read and grows like its content. */
static const PxIdSet *held_in(Solve *s, uint32_t id)
{
    (void)content_in(s, id);
    return &s->held[id];
}

/* A set read at op r grew after it: the next pass starts at r at the
 * latest, since the ops before r read nothing that has grown since. When
 * r is the current op, that op runs again instead (apply_op). */
static void grew_after(Solve *s, uint32_t read_at)
{
    if (read_at == s->op_index) {
        s->again = true;
    } else if (read_at < s->op_index) {
        s->changed = true;
        if (read_at < s->restart)
            s->restart = read_at;
    }
}

static void slot_grew(Solve *s, PxSlot x) { grew_after(s, s->slot_read_at[x]); }

static void content_grew(Solve *s, uint32_t id) { grew_after(s, s->content_read_at[id]); }

static bool same_attr(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Notes that fresh object `obj` holds `value` in attribute `attr` (NULL:
 * somewhere); a few per attribute are enough. */
static void hold_attr(Solve *s, uint32_t obj, const char *attr, uint32_t value)
{
    for (uint32_t i = s->held_first[obj]; i != NONE; i = s->held_attrs[i].next)
        if (s->held_attrs[i].value == value && same_attr(s->held_attrs[i].attr, attr))
            return;
    struct HeldAttr h = {attr, value, s->held_first[obj]};
    PX_PUSH(s->held_attrs, s->nheld_attrs, s->capheld_attrs, h);
    s->held_first[obj] = (uint32_t)(s->nheld_attrs - 1);
    content_grew(s, obj);
}

static bool main_thread(const Val *v)
{
    switch (v->kind) {
    case V_PARAM: case V_DEFAULT: case V_GLOBAL: case V_CELL: case V_CLASS:
    case V_FUNCTION: case V_MODULE: case V_EXTERNAL: case V_TOP:
        return true;
    default:
        return false;
    }
}

static uint32_t top(Solve *s) { return obj(s, mk(V_TOP, 0, 0, NULL)); }

/* Every set a solve makes lives in its pool (see PxIdPool). */
static bool set_add(Solve *s, PxIdSet *set, uint32_t id)
{
    return px_idpool_add(s->pool, set, id);
}

static bool set_union(Solve *s, PxIdSet *dst, const PxIdSet *src)
{
    return px_idpool_union(s->pool, dst, src);
}

static void set_release(Solve *s, PxIdSet *set) { px_idpool_release(s->pool, set); }

/* Adds id to a value set, collapsing the set to TOP when it grows too
 * large: precision is lost, soundness is not (TOP is any object). */
static bool add_bounded(Solve *s, PxIdSet *set, uint32_t id)
{
    if (set->n == 1 && s->objs[set->v[0]].kind == V_TOP)
        return false;
    if (set->n >= MAX_SET) {
        uint32_t t = top(s);
        set->n = 0;
        set_add(s, set, t);
        return true;
    }
    return set_add(s, set, id);
}

static bool union_bounded(Solve *s, PxIdSet *dst, const PxIdSet *src)
{
    bool grew = false;
    for (uint32_t i = 0; i < src->n; i++)
        grew |= add_bounded(s, dst, src->v[i]);
    return grew;
}

static void add(Solve *s, PxSlot slot, uint32_t id)
{
    if (slot != PX_NO_SLOT && add_bounded(s, &s->slots[slot], id))
        slot_grew(s, slot);
}

static void add_val(Solve *s, PxSlot slot, Val v) { add(s, slot, obj(s, v)); }

static uint32_t part_of(Solve *s, uint32_t id)
{
    Val v = s->objs[id];
    if (v.part || !main_thread(&v) || v.kind == V_TOP)
        return id;
    v.part = true;
    return obj(s, v);
}

/* ---- effects ------------------------------------------------------------ */

static const char *str(Solve *s, const char *text) { return px_intern(s->p->strings, text); }
/* The project's copy of a name of the IR (never a buffer), remembered per
 * module: one table for the whole run missed the cache on most reads. */
static const char *ir_name(Project *p, uint32_t module, const char *text)
{
    ModuleInfo *mi = &p->mods[module];
    if (!mi->ir_names)
        mi->ir_names = px_ptrmap_create();
    return px_intern_stable(p->strings, mi->ir_names, text);
}

/* str for the IR's names and string literals (never a buffer) */
static const char *name_of(Solve *s, const char *text)
{
    return ir_name(s->p, s->u->module, text);
}

/* The unit's slot names interned, made on first use. Only a unit that
 * publishes names needs them (a module, a class, a function with closure
 * variables): interning every local of every function up front took some
 * 7% of the fixpoint's time, most of it the interner's cache misses. */
static const char *const *unit_slot_names(Project *p, Unit *u)
{
    if (!u->slot_names) {
        u->slot_names = px_calloc(u->ir->nslots ? u->ir->nslots : 1, sizeof(char *));
        for (uint32_t i = 0; i < u->ir->nslots; i++)
            if (u->ir->slot_names[i])
                u->slot_names[i] = ir_name(p, u->module, u->ir->slot_names[i]);
    }
    return u->slot_names;
}

/* "left.attr" interned, remembered by the addresses of `left` (interned,
 * or a literal) and `attr` (an IR name): method calls ask at every solve,
 * and joining costs a copy and a hash each time. */
static const char *dotted(Solve *s, const char *left, const char *attr)
{
    Project *p = s->p;
    const char *v = px_ptrmap_get(p->dotted, left, attr);
    if (!v) {
        v = px_intern_join(p->strings, left, ".", attr);
        px_ptrmap_put(p->dotted, left, attr, (void *)v);
    }
    return v;
}

static const char *qualname(Project *p, uint32_t unit)
{
    return p->units[unit].sc->qualname;
}

/* Adds an effect unless it is known. Only the first few sites of each
 * (kind, target) are kept: one is enough to keep a function off the
 * whitelist and to map the effect at call sites; all of them would grow
 * summaries with every transitive caller. */
static bool relative(const Val *t) { return t->kind == V_PARAM || t->kind == V_CELL; }

#define GROUP_GONE UINT32_MAX /* a group emptied by a move (insert_effect) */

/* The slot of the group of (kind, target) in s->groups, or the empty slot
 * where it would go. */
static size_t group_slot(const Solve *s, PxFindingKind kind, const Val *target)
{
    size_t j = (val_hash(target) ^ (uint64_t)kind * 0x9E3779B97F4A7C15ull) & (s->groupcap - 1);
    while (s->groups[j]) {
        if (s->groups[j] != GROUP_GONE) {
            const Effect *o = &s->sum.effects[s->groups[j] - 1];
            if (o->kind == kind && val_eq(&o->target, target))
                return j;
        }
        j = (j + 1) & (s->groupcap - 1);
    }
    return j;
}

/* The group table of cap entries made again from the effects, with each
 * group's chain, in order: the latest of each group ends up in the table. */
static void group_effects(Solve *s, size_t cap)
{
    cleared_table(&s->groups, &s->groupalloc, cap);
    s->groupcap = cap;
    s->ngroups = 0;
    for (uint32_t i = 0; i < s->sum.neffects; i++) {
        size_t j = group_slot(s, s->sum.effects[i].kind, &s->sum.effects[i].target);
        s->ngroups += !s->groups[j];
        s->group_next[i] = s->groups[j];
        s->groups[j] = i + 1;
    }
}

/* Where an effect goes: a new entry in the group at `slot` of s->groups, or
 * in place of effect `replace` - 1. */
typedef struct {
    size_t slot;
    uint32_t replace;
} Place;

static int cmp_u32(uint32_t a, uint32_t b) { return a < b ? -1 : a > b; }

/* The order in which capped effects are kept: sites in the solved unit's
 * own module first, then by site, then by target. A summary then keeps
 * the first ones of all a solve offers, whatever order they come in, so a
 * solve with the same inputs makes the same summary and its readers are
 * not solved again for nothing, and the sites a finding shows do not
 * depend on the order of solving (tests/stdlib_order.py). */
static int cmp_effect(const Solve *s, uint32_t module, uint32_t start, uint32_t end,
                      const Val *target, const Effect *o)
{
    int c = cmp_u32(module != s->u->module, o->module != s->u->module);
    c = c ? c : cmp_u32(module, o->module);
    c = c ? c : cmp_u32(start, o->start);
    c = c ? c : cmp_u32(end, o->end);
    c = c ? c : cmp_u32(target->kind, o->target.kind);
    c = c ? c : cmp_u32(target->part, o->target.part);
    c = c ? c : cmp_u32(target->a, o->target.a);
    c = c ? c : cmp_u32(target->b, o->target.b);
    c = c ? c : cmp_u32(target->cls, o->target.cls);
    c = c ? c : cmp_u32(target->site, o->target.site);
    if (!c && target->name != o->target.name)
        c = !target->name ? -1 : !o->target.name ? 1 : strcmp(target->name, o->target.name);
    return c;
}

/* Of effects a and b of the summary (indexes + 1; a may be 0, none), the
 * one ordered last. */
static uint32_t ordered_last(const Solve *s, uint32_t a, uint32_t b)
{
    const Effect *o = &s->sum.effects[b - 1];
    return !a || cmp_effect(s, o->module, o->start, o->end, &o->target,
                            &s->sum.effects[a - 1]) > 0 ? b : a;
}

/* Whether add_effect would keep an effect of this kind, target and site:
 * asked before the effect's trace is built. *place: where it goes, for
 * insert_effect (the table is grown first, so it stays valid until then).
 * Effects on parameters and cells are mapped onto each caller's objects,
 * so each such target keeps a few sites. Effects on absolute objects
 * (globals, classes) and call problems already make every caller unsafe:
 * a few per kind are examples enough, and keep transitive summaries small.
 * Past those limits an effect replaces the one ordered last (cmp_effect)
 * if it comes before it. */
static bool effect_wanted(Solve *s, PxFindingKind kind, const Val *target, uint32_t module,
                          uint32_t start, uint32_t end, Place *place)
{
    bool full = !relative(target) && s->sum.nabsolute[kind] >= MAX_ABSOLUTE_PER_KIND;
    if (full) { /* most offers past the cap come after all it keeps */
        uint32_t *last = &s->last_absolute[kind];
        if (!*last)
            for (uint32_t i = 1; i <= s->sum.neffects; i++) {
                const Effect *o = &s->sum.effects[i - 1];
                if (o->kind == kind && !relative(&o->target))
                    *last = ordered_last(s, *last, i);
            }
        if (cmp_effect(s, module, start, end, target, &s->sum.effects[*last - 1]) > 0)
            return false;
    }
    if ((s->ngroups + 1) * 2 > s->groupcap)
        group_effects(s, s->groupcap ? s->groupcap * 2 : 16);
    place->slot = group_slot(s, kind, target);
    place->replace = 0;
    uint32_t same = 0;
    for (uint32_t i = s->groups[place->slot]; i; i = s->group_next[i - 1]) {
        const Effect *o = &s->sum.effects[i - 1];
        if (o->module == module && o->start == start && o->end == end)
            return false;
        same++;
    }
    if (same >= MAX_SITES_PER_TARGET)
        for (uint32_t i = s->groups[place->slot]; i; i = s->group_next[i - 1])
            place->replace = ordered_last(s, place->replace, i);
    else if (full)
        place->replace = s->last_absolute[kind];
    return !place->replace ||
           cmp_effect(s, module, start, end, target, &s->sum.effects[place->replace - 1]) < 0;
}

/* Adds e, which effect_wanted accepted and placed. */
static void insert_effect(Solve *s, const Effect *e, Place place)
{
    Summary *sum = &s->sum;
    if (place.replace) {
        uint32_t r = place.replace;
        Effect *o = &sum->effects[r - 1];
        if (o->kind != e->kind || !val_eq(&o->target, &e->target)) {
            /* into another group: out of its own group's chain, and in
             * front of the new one's */
            size_t from = group_slot(s, o->kind, &o->target);
            uint32_t *link = &s->groups[from];
            while (*link != r)
                link = &s->group_next[*link - 1];
            *link = s->group_next[r - 1];
            if (!s->groups[from])
                s->groups[from] = GROUP_GONE; /* still a step of others' probes */
            s->ngroups += !s->groups[place.slot];
            s->group_next[r - 1] = s->groups[place.slot];
            s->groups[place.slot] = r;
        }
        *o = *e;
        if (!relative(&e->target))
            s->last_absolute[e->kind] = 0;
        s->replaced++;
        return;
    }
    if (sum->neffects == sum->capeffects) {
        sum->capeffects = sum->capeffects ? sum->capeffects * 2 : 4;
        sum->effects = px_realloc(sum->effects, sum->capeffects * sizeof(Effect));
    }
    if (sum->neffects == s->capgroup_next) {
        s->capgroup_next = s->capgroup_next ? s->capgroup_next * 2 : 16;
        s->group_next = px_realloc(s->group_next, s->capgroup_next * sizeof(uint32_t));
    }
    s->ngroups += !s->groups[place.slot];
    s->group_next[sum->neffects] = s->groups[place.slot];
    sum->effects[sum->neffects++] = *e;
    s->groups[place.slot] = sum->neffects;
    if (!relative(&e->target))
        sum->nabsolute[e->kind]++;
}

/* A step in front of `next`: links live as long as the project, as their
 * results are made from them after the fixpoint. */
static const TraceLink *trace_link(Solve *s, Step step, const TraceLink *next)
{
    TraceLink *l = px_arena_alloc(s->p->arena, sizeof(*l));
    *l = (TraceLink){step, next, next ? next->deepest_call : NULL};
    if (!l->deepest_call && step.is_call && step.message)
        l->deepest_call = l;
    return l;
}

static void add_effect(Solve *s, const Effect *e)
{
    Place place;
    if (effect_wanted(s, e->kind, &e->target, e->module, e->start, e->end, &place))
        insert_effect(s, e, place);
}

/* Adds a flow unless known. Past a few per parameter, one flow of TOP (any
 * object, somewhere inside) stands for the rest: summaries stay small and
 * nothing stored is lost. */
static void add_flow(Solve *s, uint32_t param, const char *attr, const Val *value)
{
    Summary *sum = &s->sum;
    Flow f = {param, attr, *value};
    f.value.site = NONE;
    if (param >= s->capflow_heads) {
        size_t cap = s->capflow_heads ? s->capflow_heads : 8;
        while (cap <= param)
            cap *= 2;
        s->flow_heads = px_realloc(s->flow_heads, cap * sizeof(*s->flow_heads));
        memset(s->flow_heads + s->capflow_heads, 0,
               (cap - s->capflow_heads) * sizeof(*s->flow_heads));
        s->capflow_heads = cap;
    }
    struct FlowHead *head = &s->flow_heads[param];
    if (head->serial != s->serial)
        *head = (struct FlowHead){s->serial, 0};
    uint32_t same_param = 0;
    for (uint32_t i = head->flow; i; i = s->flow_prev[i - 1]) {
        const Flow *o = &sum->flows[i - 1];
        if (o->value.kind == V_TOP && !o->attr)
            return; /* already stands for everything */
        if (same_attr(o->attr, attr) && val_eq(&o->value, &f.value))
            return;
        same_param++;
    }
    if (same_param >= MAX_FLOWS_PER_PARAM)
        f = (Flow){param, NULL, mk(V_TOP, 0, 0, NULL)};
    PX_PUSH(sum->flows, sum->nflows, sum->capflows, f);
    if (sum->nflows > s->capflow_prev) {
        s->capflow_prev = sum->capflows;
        s->flow_prev = px_realloc(s->flow_prev, s->capflow_prev * sizeof(uint32_t));
    }
    s->flow_prev[sum->nflows - 1] = head->flow;
    head->flow = (uint32_t)sum->nflows;
}

/* `values` stored into parameter `param`'s object: main-thread ones, and
 * main-thread ones held by a fresh object stored there, become flows. */
static void flows_into_param(Solve *s, uint32_t param, const char *attr,
                             const PxIdSet *values)
{
    for (uint32_t i = 0; i < values->n; i++) {
        uint32_t id = values->v[i];
        if (s->objs[id].kind == V_FRESH) {
            for (uint32_t k = 0; k < content_in(s, id)->n; k++) {
                Val c = s->objs[content_in(s, id)->v[k]];
                if (main_thread(&c))
                    add_flow(s, param, attr, &c);
            }
            for (uint32_t k = 0; k < held_in(s, id)->n; k++) {
                Val c = s->objs[held_in(s, id)->v[k]];
                add_flow(s, param, attr, &c);
            }
        } else if (main_thread(&s->objs[id])) {
            Val v = s->objs[id];
            add_flow(s, param, attr, &v);
        }
    }
}

/* px_knowledge_hidden_object through the project's memo: it looks up
 * every prefix of a dotted name, for each external object a solve
 * mutates or calls a method on. */
static const char NOT_HIDDEN[] = "";

static bool hidden_object(Project *p, const char *name, const char **note)
{
    const char *known = px_ptrmap_get(p->hidden_objects, name, NULL);
    if (!known) {
        const char *text = NULL;
        known = px_knowledge_hidden_object(p->kb, name, &text) ? text : NOT_HIDDEN;
        px_ptrmap_put(p->hidden_objects, name, NULL, (void *)known);
    }
    if (known == NOT_HIDDEN)
        return false;
    if (note)
        *note = known;
    return true;
}

/* Where the local `via`, bound more than once (in a loop or a branch),
 * was bound to what holds `target`: the first such binding in the
 * function. Left alone when there is none or only one binding, or when
 * the object is the parameter's own (its default, say), which its first
 * binding brought. */
static void binding_of(const Solve *s, PxSlot via, uint32_t target, uint32_t *start,
                       uint32_t *end)
{
    if (s->ir->slot_bindings[via] < 2)
        return;
    const Val *t = &s->objs[target];
    for (uint32_t i = 0; i < s->ir->nops; i++) {
        const PxOp *op = &s->ir->ops[i];
        if (op->kind == PX_OP_PARAM && op->dst == via &&
            ((t->kind == V_PARAM && t->a == op->index) ||
             (t->kind == V_DEFAULT && t->a == s->uid && t->b == op->index)))
            return;
        if (op->kind == PX_OP_COPY && op->dst == via && op->end > op->start &&
            op->a < s->ir->nslots && px_idset_has(&s->slots[op->a], target)) {
            *start = op->start;
            *end = op->end;
            return;
        }
    }
}

/* Records an effect at the current op's site, on object `target` (NONE for
 * call problems), with an alias step when the receiver was a named local.
 * The action is worded (printf-style) only once the effect is kept: most
 * are dropped, as known or past the caps. */
static void effectv(Solve *s, PxFindingKind kind, uint32_t target, PxSlot via,
                    const char *fmt, va_list ap)
{
    const PxOp *op = &s->ir->ops[s->op_index];
    const char *note = NULL, *hidden = NULL;
    if (target != NONE && s->objs[target].kind == V_EXTERNAL &&
        (kind == PX_FIND_CONTAINER_MUTATION || kind == PX_FIND_ATTRIBUTE_WRITE) &&
        hidden_object(s->p, s->objs[target].name, &note)) {
        /* os.environ[k] = v, sys.path.append(p): interpreter-wide state */
        hidden = s->objs[target].name;
        kind = PX_FIND_HIDDEN_STATE;
        target = NONE;
    }
    bool lost = target != NONE && s->objs[target].kind == V_TOP &&
                (kind == PX_FIND_CONTAINER_MUTATION || kind == PX_FIND_ATTRIBUTE_WRITE ||
                 kind == PX_FIND_REBIND);
    if (lost) {
        kind = PX_FIND_UNVERIFIABLE;
        target = NONE;
    }
    Effect e = {.kind = kind, .module = s->u->module, .start = op->start, .end = op->end};
    e.target = target == NONE ? mk(V_UNKNOWN, 0, 0, NULL) : s->objs[target];
    e.target.site = NONE;
    Place place;
    if (!effect_wanted(s, e.kind, &e.target, e.module, e.start, e.end, &place))
        return;
    char action[512], worded[640];
    vsnprintf(action, sizeof action, fmt, ap);
    if (hidden)
        snprintf(worded, sizeof worded, "changes `%s`%s%s: %s", hidden,
                 note ? ", " : "", note ? note : "", action);
    else if (lost)
        snprintf(worded, sizeof worded, "%s, on a value pxlint cannot track precisely",
                 action);
    e.action = str(s, hidden || lost ? worded : action);
    if (via != PX_NO_SLOT && via < s->ir->nslots && s->ir->slot_names[via] &&
        target != NONE) {
        const Val *t = &s->objs[target];
        const char *local = s->ir->slot_names[via];
        bool same = (t->kind == V_GLOBAL || t->kind == V_CELL) && t->name &&
                    strcmp(t->name, local) == 0;
        if (!same && !(t->kind == V_PARAM && !t->part)) {
            char msg[256];
            snprintf(msg, sizeof msg, "`%s` refers to it (bound here)", local);
            uint32_t start = s->ir->slot_sites[via];
            uint32_t end = start + (uint32_t)strlen(local);
            binding_of(s, via, target, &start, &end);
            e.trace = trace_link(s, (Step){false, s->u->module, start, end, str(s, msg)},
                                 NULL);
        }
    }
    insert_effect(s, &e, place);
}

__attribute__((format(printf, 5, 6))) static void
effect(Solve *s, PxFindingKind kind, uint32_t target, PxSlot via, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    effectv(s, kind, target, via, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void
problem(Solve *s, PxFindingKind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    effectv(s, kind, NONE, PX_NO_SLOT, fmt, ap);
    va_end(ap);
}

/* px_knowledge_method, asked once per (type, method name): the names are
 * interned or the IR's, each pointer always the same text. */
typedef struct {
    bool known;
    PxEffect eff;
} KnownMethod;

static bool known_method(Solve *s, const char *type, const char *name, PxEffect *eff)
{
    Project *p = s->p;
    KnownMethod *m = px_ptrmap_get(p->known_methods, type, name);
    if (!m) {
        m = px_arena_alloc(p->arena, sizeof(*m));
        m->known = px_knowledge_method(p->kb, type, name, &m->eff);
        px_ptrmap_put(p->known_methods, type, name, m);
    }
    if (m->known)
        *eff = m->eff;
    return m->known;
}

/* ---- types of objects --------------------------------------------------- */

typedef struct {
    uint32_t cls;      /* project class, or NONE */
    const char *type;  /* builtin or external type name, or NULL */
    bool immutable;    /* a scalar: numbers, strings, results of operators */
    bool known;
} TypeInfo;

static void types_of_ex(Solve *s, uint32_t id, TypeInfo *out, uint32_t *n, uint32_t max,
                        bool *opaque);

static void types_of(Solve *s, uint32_t id, TypeInfo *out, uint32_t *n, uint32_t max)
{
    bool opaque;
    types_of_ex(s, id, out, n, max, &opaque);
}

/* The types object `id` may have. *opaque is set for a module global that
 * holds what an unresolved call returned: nothing is known of it. */
static void types_of_ex(Solve *s, uint32_t id, TypeInfo *out, uint32_t *n, uint32_t max,
                        bool *opaque)
{
    *opaque = false;
    const Val *v = &s->objs[id];
    *n = 0;
    if (v->kind == V_FRESH) {
        out[(*n)++] = (TypeInfo){v->cls, v->name, v->name == NULL && v->cls == NONE,
                                 v->name || v->cls != NONE};
        return;
    }
    if (v->part)
        return; /* an element: type unknown */
    if (v->kind == V_PARAM && v->cls != NONE) {
        out[(*n)++] = (TypeInfo){v->cls, NULL, false, true};
        return;
    }
    if (v->kind == V_EXTERNAL && v->b == 1) {
        out[(*n)++] = (TypeInfo){NONE, v->name, false, true};
        return;
    }
    if (v->kind == V_GLOBAL) {
        ValList vals;
        px_vals_init(&vals);
        *opaque = px_global_opaque(s->p, v->a, v->name);
        px_global_types(s->p, v->a, v->name, &vals);
        px_add_name_reader(s->p, s->p->mods[v->a].first_unit, s->uid);
        for (uint32_t i = 0; i < vals.n && *n < max; i++) {
            const Val *t = &vals.v[i];
            out[(*n)++] = (TypeInfo){t->cls, t->name, t->name == NULL && t->cls == NONE,
                                     t->name || t->cls != NONE};
        }
        px_vals_free(&vals);
    }
}

/* ---- classes ------------------------------------------------------------ */

/* Records that this unit read class `cls` (and its bases): when their
 * methods or attributes change, it is solved again. */
static void depend_on_class(Solve *s, uint32_t cls, int depth)
{
    if (cls == NONE || depth > 32)
        return;
    px_add_name_reader(s->p, cls, s->uid);
    const Unit *u = &s->p->units[cls];
    for (uint32_t b = 0; b < u->nbases; b++)
        depend_on_class(s, u->bases[b], depth + 1);
}

/* `name`: the IR's or a literal, never a buffer (see name_of) */
/* A class whose bases its enclosing scope has not set yet: that scope's
 * first solve is still under way (a cycle through it). A problem found
 * meanwhile would come back around the cycle after they are known: the
 * reader is solved again instead. */
static bool bases_pending(const Project *p, uint32_t cls)
{
    if (cls == NONE)
        return false;
    const Unit *c = &p->units[cls];
    if (!c->sc || c->sc->parent == PX_NO_SCOPE)
        return false;
    return p->units[p->mods[c->module].first_unit + c->sc->parent].solves == 0;
}

static void instantiate(Solve *s, const PxOp *op, uint32_t callee, uint32_t self,
                        uint32_t skip_args);

/* `x.name = v` and `del x.name` run a property's setter and deleter. */
static void set_property(Solve *s, const PxOp *op, uint32_t id)
{
    TypeInfo types[8];
    uint32_t nt = 0;
    bool opaque = false;
    types_of_ex(s, id, types, &nt, 8, &opaque);
    bool del = op->kind == PX_OP_DEL_ATTR;
    for (uint32_t i = 0; i < nt; i++) {
        if (types[i].cls == NONE)
            continue;
        depend_on_class(s, types[i].cls, 0);
        uint32_t f = px_class_property_accessor(s->p, types[i].cls, name_of(s, op->name), del);
        if (f == NONE)
            continue;
        PxSlot value = op->b;
        PxOp call = *op;
        call.kind = PX_OP_CALL;
        call.dst = PX_NO_SLOT;
        call.star = false;
        call.nkw = 0;
        call.nargs = del || value == PX_NO_SLOT ? 0 : 1;
        call.args = &value;
        instantiate(s, &call, f, id, 0);
    }
}

static uint32_t class_lookup(Solve *s, uint32_t cls, const char *name, bool *data)
{
    depend_on_class(s, cls, 0);
    return px_class_lookup(s->p, cls, name_of(s, name), data);
}

/* ---- calls -------------------------------------------------------------- */

/* Most callees have a few parameters: their sets then live in the map
 * itself, and a call costs no allocation (calls are instantiated millions
 * of times). */
enum { INLINE_PARAMS = 8 };

typedef struct {
    PxIdSet *vals; /* per callee parameter */
    uint32_t n;
    PxIdSet inline_vals[INLINE_PARAMS];
} ParamMap;

static void map_args(Solve *s, const PxOp *op, uint32_t callee, uint32_t self,
                     ParamMap *pm, uint32_t skip_args)
{
    const PxScope *sc = s->p->units[callee].sc;
    pm->n = sc->nparams;
    bool given_inline[INLINE_PARAMS] = {false};
    bool *given = given_inline;
    if (pm->n <= INLINE_PARAMS) {
        pm->vals = pm->inline_vals;
        memset(pm->vals, 0, pm->n * sizeof(PxIdSet));
    } else {
        pm->vals = px_calloc(pm->n, sizeof(PxIdSet));
        given = px_calloc(pm->n, sizeof(bool));
    }
    uint32_t next = 0;
    if (self != NONE && pm->n > 0) {
        set_add(s, &pm->vals[0], self);
        next = 1;
    }
    if (self != NONE && pm->n > 0)
        given[0] = true;
    if (op->star) {
        /* star arguments at the call: any argument may reach any parameter */
        for (uint32_t i = skip_args; i < op->nargs + op->nkw; i++)
            for (uint32_t k = next; k < pm->n; k++)
                set_union(s, &pm->vals[k], slot_in(s, op->args[i]));
        for (uint32_t k = 0; k < pm->n; k++)
            given[k] = true;
    } else {
        for (uint32_t i = skip_args; i < op->nargs; i++) {
            uint32_t k = next;
            /* positional parameters end at *args or keyword-only ones */
            uint32_t positional_end = sc->star_index >= 0 ? (uint32_t)sc->star_index
                                      : sc->nparams - sc->nkwonly -
                                            (sc->starstar_index >= 0 ? 1 : 0);
            if (k < positional_end) {
                set_union(s, &pm->vals[k], slot_in(s, op->args[i]));
                given[k] = true;
                next++;
            } else if (sc->star_index >= 0) {
                uint32_t t = obj(s, (Val){.kind = V_FRESH, .name = name_of(s, "tuple"),
                                          .cls = NONE, .site = s->op_index});
                if (union_bounded(s, &s->content[t], slot_in(s, op->args[i])))
                    content_grew(s, t);
                set_add(s, &pm->vals[sc->star_index], t);
                given[sc->star_index] = true;
            }
        }
        for (uint32_t i = 0; i < op->nkw; i++) {
            const char *kw = op->kwnames[i];
            bool matched = false;
            for (uint32_t k = 0; k < pm->n && !matched; k++) {
                if ((int32_t)k == sc->star_index || (int32_t)k == sc->starstar_index)
                    continue;
                if (strcmp(sc->params[k], kw) == 0) {
                    set_union(s, &pm->vals[k], slot_in(s, op->args[op->nargs + i]));
                    given[k] = matched = true;
                }
            }
            if (!matched && sc->starstar_index >= 0) {
                uint32_t d = obj(s, (Val){.kind = V_FRESH, .name = name_of(s, "dict"),
                                          .cls = NONE, .site = s->op_index});
                if (union_bounded(s, &s->content[d], slot_in(s, op->args[op->nargs + i])))
                    content_grew(s, d);
                set_add(s, &pm->vals[sc->starstar_index], d);
                given[sc->starstar_index] = true;
            }
        }
    }
    /* Parameters left to a mutable default get the default object. */
    const PxFunctionIR *cir = s->p->units[callee].ir;
    uint64_t mutable_defaults = cir ? cir->mutable_defaults : 0;
    for (uint32_t k = 0; k < pm->n && k < 64; k++)
        if (!given[k] && (mutable_defaults >> k & 1))
            set_add(s, &pm->vals[k], obj(s, mk(V_DEFAULT, callee, k, sc->params[k])));
    if (given != given_inline)
        free(given);
}

static void free_map(Solve *s, ParamMap *pm)
{
    for (uint32_t i = 0; i < pm->n; i++)
        set_release(s, &pm->vals[i]);
    if (pm->vals != pm->inline_vals)
        free(pm->vals);
}

/* retarget's work for the caller's objects in `from`: a parameter's are
 * read in place, as nothing added to `out` changes them */
static void retarget_from(Solve *s, const Val *t, const PxIdSet *from, PxIdSet *out)
{
    for (uint32_t i = 0; i < from->n; i++) {
        uint32_t id = from->v[i];
        const Val *v = &s->objs[id];
        if (main_thread(v)) {
            set_add(s, out, t->part ? part_of(s, id) : id);
        } else if (v->kind == V_FRESH && t->part) {
            /* mutating inside a fresh object reaches what was stored in it */
            for (uint32_t k = 0; k < content_in(s, id)->n; k++) {
                uint32_t c = content_in(s, id)->v[k];
                if (main_thread(&s->objs[c]))
                    set_add(s, out, part_of(s, c));
            }
            for (uint32_t k = 0; k < held_in(s, id)->n; k++)
                set_add(s, out, part_of(s, held_in(s, id)->v[k]));
        }
    }
}

/* The objects an effect on `t` (from a callee) lands on in this unit. */
static void retarget(Solve *s, const Val *t, const ParamMap *pm, PxIdSet *out)
{
    if (t->kind == V_PARAM && t->a < pm->n) {
        retarget_from(s, t, &pm->vals[t->a], out);
    } else if (t->kind == V_CELL && t->a == s->uid) {
        /* every version of the variable: the closure sees the last */
        PxIdSet from = {0};
        const char *const *names = unit_slot_names(s->p, s->u);
        for (uint32_t i = 0; i < s->ir->nslots; i++)
            if (names[i] && names[i] == t->name)
                set_union(s, &from, slot_in(s, i));
        retarget_from(s, t, &from, out);
        set_release(s, &from);
    } else if (t->kind != V_PARAM) {
        Val v = *t;
        set_add(s, out, obj(s, v));
    }
}

/* A callee's effect as the caller has it: on `target`, reached through
 * the call `call`. */
static void through_call(Solve *s, Effect *e, const Effect *src, Step call,
                         const Val *target)
{
    e->kind = src->kind;
    e->target = *target;
    e->module = src->module;
    e->start = src->start;
    e->end = src->end;
    e->action = src->action;
    e->trace = trace_link(s, call, src->trace);
}

static void instantiate(Solve *s, const PxOp *op, uint32_t callee, uint32_t self,
                        uint32_t skip_args)
{
    Project *p = s->p;
    Unit *cu = &p->units[callee];
    if (cu->kind != UNIT_FUNCTION)
        return;
    px_record_call(p, s->uid, op->start, op->end, PX_CALLEE_FUNCTION, callee, NULL);
    px_demand(p, callee);
    px_add_dependent(p, callee, s->uid);
    /* A recursive call sees what this solve has found so far (a pass
     * repeats while that grows), not the summary of an earlier solve,
     * which may rest on inputs that have changed since. */
    const Summary *cs = &cu->sum;
    if (callee == s->uid) {
        cs = &s->sum;
        s->calls_itself = true;
    }
    ParamMap pm;
    map_args(s, op, callee, self, &pm, skip_args);
    if (cs->neffects && !cu->call_message) {
        char msg[512];
        snprintf(msg, sizeof msg, "calls `%s`", qualname(p, callee));
        cu->call_message = str(s, msg);
        snprintf(msg, sizeof msg, "may call `%s`, a method of that name (the receiver's "
                 "type is unknown)", qualname(p, callee));
        cu->guess_message = str(s, msg);
    }
    Step call = {true, s->u->module, op->start, op->end,
                 s->guessing ? cu->guess_message : cu->call_message};
    /* cs may be this solve's own summary, which grows here: effects are
     * found by index, and copied (a few hundred bytes) only when kept.
     * Effects on one target often come in a row: its objects here are
     * worked out once for them (nothing in the loop changes them). */
    PxIdSet targets = {0};
    Val targets_of = {.kind = V_TOP};
    /* Effects on absolute targets come as they are, whatever the call's
     * arguments: once this solve has been offered a summary's, it kept or
     * refused each for good (its effects only grow), so a test method's
     * hundredth assertEqual skips them. Not for a summary still growing. */
    bool absolute_taken = callee != s->uid && cu->absolute_taken_by == s->serial &&
                          cu->absolute_taken_at == cu->solves;
    for (uint32_t i = 0, n = cs->neffects; i < n; i++) {
        const Effect *src = &cs->effects[i];
        if (!relative(&src->target)) {
            /* call problems, and effects on globals, classes ...: as they are */
            Place place;
            if (!absolute_taken &&
                effect_wanted(s, src->kind, &src->target, src->module, src->start,
                              src->end, &place)) {
                Effect e;
                through_call(s, &e, src, call, &src->target);
                insert_effect(s, &e, place);
            }
            continue;
        }
        if (!val_eq(&src->target, &targets_of)) {
            set_release(s, &targets);
            targets_of = src->target;
            retarget(s, &targets_of, &pm, &targets);
        }
        for (uint32_t k = 0; k < targets.n; k++) {
            src = &cs->effects[i];
            Val t = s->objs[targets.v[k]];
            t.site = NONE;
            Place place;
            if (!effect_wanted(s, src->kind, &t, src->module, src->start, src->end, &place))
                continue;
            Effect e;
            through_call(s, &e, src, call, &t);
            insert_effect(s, &e, place);
        }
    }
    set_release(s, &targets);
    if (callee != s->uid) {
        cu->absolute_taken_by = s->serial;
        cu->absolute_taken_at = cu->solves;
    }
    /* what the callee stored into our objects: fresh ones now hold it; for
     * our own parameters it becomes our flow */
    for (size_t i = 0, n = cs->nflows; i < n; i++) {
        const Flow f = cs->flows[i]; /* a copy: flows_into_param may grow them */
        if (f.param >= pm.n)
            continue;
        PxIdSet values = {0};
        retarget(s, &f.value, &pm, &values);
        for (uint32_t k = 0; k < pm.vals[f.param].n; k++) {
            uint32_t id = pm.vals[f.param].v[k];
            const Val d = s->objs[id];
            if (d.kind == V_FRESH) {
                if (union_bounded(s, &s->held[id], &values))
                    content_grew(s, id);
                for (uint32_t j = 0; j < values.n; j++)
                    hold_attr(s, id, f.attr, values.v[j]);
            } else if (d.kind == V_PARAM) {
                flows_into_param(s, d.a, d.part ? NULL : f.attr, &values);
            }
        }
        set_release(s, &values);
    }
    for (size_t i = 0, n = cs->nreturns; i < n; i++) {
        Val r = cs->returns[i];
        if (r.kind == V_PARAM) {
            if (r.a < pm.n)
                for (uint32_t k = 0; k < pm.vals[r.a].n; k++) {
                    uint32_t id = pm.vals[r.a].v[k];
                    add(s, op->dst, r.part ? part_of(s, id) : id);
                    if (r.part && s->objs[id].kind == V_FRESH) {
                        for (uint32_t c = 0; c < content_in(s, id)->n; c++)
                            add(s, op->dst, content_in(s, id)->v[c]);
                        for (uint32_t c = 0; c < held_in(s, id)->n; c++)
                            add(s, op->dst, part_of(s, held_in(s, id)->v[c]));
                    }
                }
        } else if (r.kind == V_FRESH) {
            r.site = s->op_index;
            add_val(s, op->dst, r);
        } else {
            add_val(s, op->dst, r);
        }
    }
    free_map(s, &pm);
}

static bool any_main_thread_arg(Solve *s, const PxOp *op)
{
    for (uint32_t i = 0; i < op->nargs + op->nkw; i++)
        for (uint32_t k = 0; k < slot_in(s, op->args[i])->n; k++)
            if (main_thread(&s->objs[slot_in(s, op->args[i])->v[k]]))
                return true;
    return false;
}

/* The elements of object `id`: parts of a main-thread object, what was
 * stored in a fresh one. */
static void elements_into(Solve *s, uint32_t id, PxIdSet *out)
{
    const Val *v = &s->objs[id];
    bool code = !v->part && (v->kind == V_FUNCTION || v->kind == V_CLASS ||
                             v->kind == V_MODULE || v->kind == V_EXTERNAL);
    if (code)
        return; /* list(map(f, xs)): a function's "elements" are not data */
    if (main_thread(v))
        set_add(s, out, part_of(s, id));
    else if (v->kind == V_FRESH)
        set_union(s, out, content_in(s, id));
}

/* Whether a fresh result holds the arguments' (or receiver's) elements: a
 * new container of the same objects, as list(x), sorted(x), d.copy(),
 * d.values() make. open(path) or str(x) do not. */
static bool shares_elements(const PxKnowledge *kb, const char *what)
{
    static const char *const containers[] = {
        "list", "tuple", "set", "frozenset", "dict", "collections.deque",
        "collections.defaultdict", "collections.OrderedDict", "collections.Counter",
        "collections.ChainMap", "array.array", "types.SimpleNamespace",
    };
    static const char *const copies[] = {
        "sorted", "reversed", "copy.copy", "iter", "enumerate", "zip", "map",
        "filter", "heapq.nlargest", "heapq.nsmallest", "random.sample",
    };
    static const char *const methods[] = {
        ".copy", ".items", ".values", ".keys", ".__copy__", ".most_common",
        ".elements", ".fromkeys",
    };
    const char *type = px_knowledge_constructs(kb, what);
    if (!type)
        type = px_knowledge_result_type(kb, what);
    for (size_t i = 0; i < sizeof containers / sizeof *containers; i++)
        if ((type && !strcmp(type, containers[i])) || !strcmp(what, containers[i]))
            return true;
    for (size_t i = 0; i < sizeof copies / sizeof *copies; i++)
        if (!strcmp(what, copies[i]) || (!strncmp(what, "itertools.", 10)))
            return true;
    size_t n = strlen(what);
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        size_t m = strlen(methods[i]);
        if (n > m && !strcmp(what + n - m, methods[i]))
            return true;
    }
    return false;
}

static void call_value(Solve *s, const PxOp *op, uint32_t callee_obj,
                       uint32_t skip_args);
static void method_on(Solve *s, const PxOp *op, uint32_t recv);

/* Library functions that call a function they are given, and the
 * positional argument (from the first after a method's receiver) or
 * keyword it comes as: map(f, xs), itertools.accumulate(xs, f),
 * re.sub(pattern, f, s); iter(f, sentinel) only with its two arguments. The
 * given function runs in the caller, on the arguments' elements; a key of
 * cmp_to_key or a defaultdict's factory runs later, on their data: taken
 * as run now. (Any call's `key=` and `func=` are functions too.) */
struct FunctionArg {
    const char *name;
    uint8_t position, min_args;
    const char *keyword;
    /* how the function gets the other arguments: one element of each in
     * turn, in order (map); the items of their elements (starmap); and the
     * positional argument `as_is`, when nonzero, as it is too (reduce's
     * initial value); else their elements in any position */
    bool in_order, items;
    uint8_t as_is;
};

static const struct FunctionArg *function_arg_of(const char *what)
{
    static const struct FunctionArg function_args[] = {
        {.name = "map", .position = 0, .in_order = true},
        {.name = "filter", .position = 0, .in_order = true},
        {.name = "iter", .position = 0, .min_args = 2},
        {.name = "functools.reduce", .position = 0, .as_is = 2},
        {.name = "functools.cmp_to_key", .position = 0, .keyword = "mycmp"},
        {.name = "itertools.starmap", .position = 0, .items = true},
        {.name = "itertools.takewhile", .position = 0, .in_order = true},
        {.name = "itertools.dropwhile", .position = 0, .in_order = true},
        {.name = "itertools.filterfalse", .position = 0, .in_order = true},
        {.name = "itertools.accumulate", .position = 1, .keyword = "func"},
        {.name = "itertools.groupby", .position = 1, .keyword = "key"},
        {.name = "collections.defaultdict", .position = 0},
        {.name = "re.sub", .position = 1, .keyword = "repl"},
        {.name = "re.subn", .position = 1, .keyword = "repl"},
        {.name = "re.Pattern.sub", .position = 0, .keyword = "repl"},
        {.name = "re.Pattern.subn", .position = 0, .keyword = "repl"},
        /* a receiver of unknown type: the method may be a pattern's */
        {.name = "object.sub", .position = 0, .keyword = "repl"},
        {.name = "object.subn", .position = 0, .keyword = "repl"},
    };
    for (size_t i = 0; i < sizeof function_args / sizeof *function_args; i++)
        if (!strcmp(what, function_args[i].name))
            return &function_args[i];
    return NULL;
}

/* What a function that map(f, xs) & co call gets from object `id` of an
 * argument: its elements (a library instance's parts too), an unknown
 * object as it is. */
static void given_elements(Solve *s, uint32_t id, PxIdSet *out)
{
    const Val *v = &s->objs[id];
    if (v->kind == V_UNKNOWN || v->kind == V_TOP)
        set_add(s, out, id);
    else if (v->kind == V_EXTERNAL && v->b == 1 && !v->part)
        set_add(s, out, part_of(s, id));
    else
        elements_into(s, id, out);
}

/* A slot's set replaced for the length of one call (put_back), so that the
 * call's arguments are other objects than the slot holds: a function map()
 * calls gets the elements, a partial's function its bound arguments. What
 * the call adds to the slot meanwhile is kept. */
typedef struct {
    PxSlot slot;
    PxIdSet kept, lent;
} Swapped;

static void swap_in(Solve *s, PxSlot x, PxIdSet *with, Swapped *out)
{
    out->slot = x;
    out->kept = s->slots[x];
    out->lent = (PxIdSet){0};
    set_union(s, &out->lent, with);
    s->slots[x] = *with;
    *with = (PxIdSet){0};
}

static void put_back(Solve *s, Swapped *w)
{
    PxIdSet *now = &s->slots[w->slot];
    bool grew = false;
    for (uint32_t i = 0; i < now->n; i++)
        if (!px_idset_has(&w->lent, now->v[i]))
            grew |= add_bounded(s, &w->kept, now->v[i]);
    set_release(s, now);
    set_release(s, &w->lent);
    *now = w->kept;
    if (grew)
        slot_grew(s, w->slot);
}

/* Calls f for map(f, xs) & co: with the elements of the other arguments,
 * in order for map() and the like, else in any position
 * (itertools.starmap: the elements of those, the argument tuples;
 * functools.reduce's initial value also as it is; a key function of
 * several positional arguments, max(a, b, key=f), those too). */
static void call_on_elements(Solve *s, const PxOp *op, const NameFacts *nf, uint32_t fn,
                             uint32_t fn_arg, uint32_t skip_args)
{
    /* a function given by keyword is a key function (key=, func=) */
    const struct FunctionArg *fa = fn_arg < op->nargs ? nf->function_arg : NULL;
    bool key = !fa;
    bool in_order = fa && fa->in_order;
    PxOp call = *op;
    call.star = !in_order;
    call.nkw = 0;
    call.args = px_calloc(op->nargs + op->nkw + 1, sizeof(PxSlot));
    call.nargs = 0;
    Swapped *swapped = px_calloc(op->nargs + op->nkw + 1, sizeof(Swapped));
    uint32_t nswapped = 0;
    bool as_they_are = key && op->nargs - skip_args > 1;
    /* in order: the iterables alone (keywords are no elements) */
    uint32_t end = in_order ? op->nargs : op->nargs + op->nkw;
    for (uint32_t j = skip_args; j < end; j++) {
        PxSlot x = op->args[j];
        if (x == op->args[fn_arg])
            continue;
        bool seen = false;
        for (uint32_t k = 0; k < nswapped && !seen; k++)
            seen = swapped[k].slot == x;
        call.args[call.nargs++] = x;
        if (seen)
            continue; /* map(f, xs, xs): one slot, swapped once */
        PxIdSet given = {0};
        const PxIdSet *set = slot_in(s, x);
        for (uint32_t k = 0; k < set->n; k++)
            given_elements(s, set->v[k], &given);
        if (fa && fa->items) {
            PxIdSet inner = {0};
            for (uint32_t k = 0; k < given.n; k++)
                given_elements(s, given.v[k], &inner);
            set_release(s, &given);
            given = inner;
        }
        if ((fa && fa->as_is && j == skip_args + fa->as_is) || (as_they_are && j < op->nargs))
            set_union(s, &given, slot_in(s, x));
        swap_in(s, x, &given, &swapped[nswapped++]);
    }
    call_value(s, &call, fn, 0);
    while (nswapped)
        put_back(s, &swapped[--nswapped]);
    free(swapped);
    free(call.args);
}

static void call_function_args(Solve *s, const PxOp *op, const NameFacts *nf,
                               uint32_t skip_args)
{
    if (s->hof_depth > 1)
        return;
    const struct FunctionArg *fa = nf->function_arg;
    bool positional = fa && op->nargs >= skip_args + fa->min_args;
    s->hof_depth++;
    for (uint32_t i = skip_args; i < op->nargs + op->nkw; i++) {
        const char *kw = i >= op->nargs ? op->kwnames[i - op->nargs] : NULL;
        bool is_key = kw && (!strcmp(kw, "key") || !strcmp(kw, "func") ||
                             (fa && fa->keyword && !strcmp(kw, fa->keyword)));
        bool must_be_function = is_key || (positional && i == skip_args + fa->position);
        PxIdSet vals = {0};
        set_union(s, &vals, slot_in(s, op->args[i]));
        for (uint32_t k = 0; k < vals.n; k++) {
            Val v = s->objs[vals.v[k]];
            /* a built-in method (LOG.append) is only taken for a function
             * where one is expected: `self.items` is data to len() */
            bool callable = must_be_function && !v.part &&
                            (v.kind == V_FUNCTION || v.kind == V_BOUND ||
                             v.kind == V_EXTERNAL || v.kind == V_CLASS);
            if (callable) {
                call_on_elements(s, op, nf, vals.v[k], i, skip_args);
            } else if (must_be_function && main_thread(&v)) {
                problem(s, PX_FIND_UNVERIFIABLE,
                        "passes `%s` a function pxlint cannot resolve", nf->name);
            }
        }
        set_release(s, &vals);
    }
    s->hof_depth--;
}

static void implicit_in_call(Solve *s, const PxOp *op, const NameFacts *nf,
                             uint32_t receiver, uint32_t skip_args);

/* Library functions that write to a file object they are given, by
 * calling its write(): print(file=f), json.dump(obj, f). Writing a file
 * object the main thread holds (a module's open file, an io.StringIO) is
 * mutating it, as f.write() is. */
struct FileArg {
    const char *name;
    int position; /* -1: keyword only */
    const char *keyword;
};

static const struct FileArg *file_arg_of(const char *what)
{
    static const struct FileArg writers[] = {
        {"print", -1, "file"},
        {"json.dump", 1, "fp"},
        {"marshal.dump", 1, NULL},
        {"pprint.pprint", 1, "stream"},
        {"shutil.copyfileobj", 1, "fdst"},
        {"traceback.print_exc", 1, "file"},
        {"traceback.print_exception", -1, "file"},
        {"traceback.print_stack", -1, "file"},
        {"traceback.print_tb", -1, "file"},
        {"traceback.print_list", 1, "file"},
    };
    for (size_t w = 0; w < sizeof writers / sizeof *writers; w++)
        if (!strcmp(what, writers[w].name))
            return &writers[w];
    return NULL;
}

static void writes_to_file_arg(Solve *s, const PxOp *op, const struct FileArg *fa,
                               uint32_t skip_args)
{
    for (uint32_t i = skip_args; i < op->nargs + op->nkw; i++) {
        bool at = i < op->nargs ? fa->position >= 0 && i == skip_args + (uint32_t)fa->position
                                : fa->keyword && !strcmp(op->kwnames[i - op->nargs], fa->keyword);
        if (!at)
            continue;
        PxOp call = {.kind = PX_OP_METHOD, .dst = PX_NO_SLOT, .a = op->args[i],
                     .b = PX_NO_SLOT, .name = "write", .start = op->start, .end = op->end};
        PxIdSet files = {0};
        set_union(s, &files, slot_in(s, op->args[i]));
        for (uint32_t k = 0; k < files.n; k++)
            method_on(s, &call, files.v[k]);
        set_release(s, &files);
    }
}

/* The effect of a known function or method on the arguments and result. */
static void apply_known(Solve *s, const PxOp *op, const PxEffect *eff,
                        uint32_t receiver, const char *what, uint32_t skip_args)
{
    const NameFacts *nf = name_facts(s, what);
    what = nf->name;
    call_function_args(s, op, nf, skip_args);
    implicit_in_call(s, op, nf, receiver, skip_args);
    if (receiver == NONE && nf->file_arg)
        writes_to_file_arg(s, op, nf->file_arg, skip_args);
    if (eff->effect == PX_EFFECT_HIDDEN_STATE) {
        problem(s, PX_FIND_HIDDEN_STATE, "calls `%s`, which changes %s", what,
                eff->note ? eff->note : "interpreter-wide state");
    } else if (eff->effect == PX_EFFECT_DYNAMIC) {
        problem(s, PX_FIND_DYNAMIC, "calls `%s`%s%s%s", what, eff->note ? " (" : "",
                eff->note ? eff->note : "", eff->note ? ")" : "");
    } else if (eff->effect == PX_EFFECT_MUTATES) {
        if ((eff->mutated_args & PX_MUTATES_RECEIVER) && receiver != NONE &&
            main_thread(&s->objs[receiver]))
            effect(s, PX_FIND_CONTAINER_MUTATION, receiver, op->a, "calls `%s` on it",
                   op->name ? op->name : what);
        for (uint32_t i = skip_args; i < op->nargs && i - skip_args < 31; i++) {
            if (!(eff->mutated_args & (1u << (i - skip_args))))
                continue;
            const PxIdSet *set = slot_in(s, op->args[i]);
            for (uint32_t k = 0; k < set->n; k++) {
                uint32_t id = set->v[k];
                if (main_thread(&s->objs[id]))
                    effect(s, PX_FIND_CONTAINER_MUTATION, id, op->args[i],
                           "passes it to `%s`, which mutates it", what);
            }
        }
    }
    if (eff->result == PX_RESULT_FRESH && !nf->shares_elements) {
        add_val(s, op->dst, (Val){.kind = V_FRESH, .cls = NONE, .site = s->op_index});
    } else if (eff->result == PX_RESULT_FRESH) {
        /* list(x), sorted(x), d.copy(): new containers of the same elements */
        uint32_t fresh_id = obj(s, (Val){.kind = V_FRESH, .cls = NONE, .site = s->op_index});
        add(s, op->dst, fresh_id);
        PxIdSet parts = {0};
        if (receiver != NONE)
            elements_into(s, receiver, &parts);
        for (uint32_t i = 0; i < op->nargs + op->nkw; i++)
            for (uint32_t k = 0; k < slot_in(s, op->args[i])->n; k++)
                elements_into(s, slot_in(s, op->args[i])->v[k], &parts);
        if (union_bounded(s, &s->content[fresh_id], &parts))
            content_grew(s, fresh_id);
        set_release(s, &parts);
    } else {
        /* derived or unknown: parts of the receiver and of the arguments;
         * with none, an object shared by the library (logging.getLogger()) */
        const char *type = receiver == NONE ? nf->result_type : NULL;
        bool from_args = false;
        for (uint32_t i = 0; i < op->nargs + op->nkw && !from_args; i++)
            from_args = slot_in(s, op->args[i])->n > 0;
        if (!type && receiver == NONE && !from_args &&
            !nf->constructs && !nf->makes_iterator) {
            /* sys.exc_info(): what comes back is the library's own object,
             * not a new one */
            type = px_intern_join(s->p->strings, what, "()", "");
        }
        if (type)
            add_val(s, op->dst, (Val){.kind = V_EXTERNAL, .name = name_of(s, type), .b = 1,
                                      .cls = NONE, .site = NONE});

        if (receiver != NONE) {
            add(s, op->dst, part_of(s, receiver));
            if (s->objs[receiver].kind == V_FRESH)
                for (uint32_t c = 0; c < content_in(s, receiver)->n; c++)
                    add(s, op->dst, content_in(s, receiver)->v[c]);
        }
        for (uint32_t i = 0; i < op->nargs + op->nkw; i++) {
            const PxIdSet *set = slot_in(s, op->args[i]);
            if (receiver != NONE && i == 0)
                continue; /* a method's key argument is never returned */
            for (uint32_t k = 0; k < set->n; k++) {
                uint32_t id = set->v[k];
                if (receiver != NONE) {
                    add(s, op->dst, id); /* the default itself */
                    continue;
                }
                add(s, op->dst, part_of(s, id));
                if (s->objs[id].kind == V_FRESH)
                    for (uint32_t c = 0; c < content_in(s, id)->n; c++)
                        add(s, op->dst, content_in(s, id)->v[c]);
            }
        }
    }
}

static void record_spawn_arg(Solve *s, const PxOp *op, const PxSpawnerArg *arg,
                             uint32_t shift);

/* The class of object `id` (type(x), x.__class__): a project class, or TOP
 * when pxlint cannot tell which class it is. */
static void class_of(Solve *s, PxSlot dst, uint32_t id)
{
    Val v = s->objs[id];
    if (v.cls != NONE && !v.part) {
        add_val(s, dst, mk(V_CLASS, v.cls, 0, NULL));
        if (v.kind == V_PARAM) /* self may be of a subclass */
            add_val(s, dst, mk(V_TOP, 0, 0, NULL));
    } else if (v.kind == V_FRESH && !v.cls) {
        /* a built-in type: immutable for our purposes */
        add_val(s, dst, (Val){.kind = V_FRESH, .cls = NONE, .site = s->op_index});
    } else if (v.kind != V_UNKNOWN) {
        add_val(s, dst, mk(V_TOP, 0, 0, NULL));
    }
}

static void call_external(Solve *s, const PxOp *op, const char *dotted,
                          uint32_t skip_args)
{
    const NameFacts *nf = name_facts(s, dotted);
    dotted = nf->name;
    px_record_call(s->p, s->uid, op->start, op->end, PX_CALLEE_EXTERNAL, NONE, dotted);
    if (nf->spawner)
        record_spawn_arg(s, op, &nf->spawner_arg, skip_args);
    /* A configured C extension wins over what the knowledge base says of
     * the same module's functions. */
    if (nf->c_extension) {
        problem(s, PX_FIND_C_EXTENSION, "calls `%s` in a C extension module",
                dotted);
        add_val(s, op->dst, (Val){.kind = V_FRESH, .name = name_of(s, C_EXTENSION_OBJECT),
                                  .cls = NONE, .site = s->op_index});
        return;
    }
    /* `os.fork()` that resolved through os.py's `from posix import *` is
     * told by the public name, as written */
    if (nf->public_name) {
        nf = name_facts(s, nf->public_name);
        dotted = nf->name;
    }
    if (!strcmp(dotted, "type") && op->nargs == 1 + skip_args && op->nkw == 0) {
        PxIdSet xs = {0};
        set_union(s, &xs, slot_in(s, op->args[skip_args]));
        for (uint32_t i = 0; i < xs.n; i++)
            class_of(s, op->dst, xs.v[i]);
        set_release(s, &xs);
        return;
    }
    if (!strcmp(dotted, "functools.lru_cache") && skip_args == 0) {
        /* lru_cache(f) is f wrapped; lru_cache(128), lru_cache(maxsize=...)
         * make the decorator */
        bool wraps = false;
        for (uint32_t i = 0; op->nargs == 1 && i < slot_in(s, op->args[0])->n; i++) {
            ValKind k = s->objs[slot_in(s, op->args[0])->v[i]].kind;
            wraps |= k == V_FUNCTION || k == V_BOUND;
        }
        add_val(s, op->dst, mk(V_EXTERNAL, 0, 0,
                               name_of(s, wraps ? LRU_WRAPPER : "functools.lru_cache")));
        return;
    }
    if (!strcmp(dotted, "functools.partial") || !strcmp(dotted, "_functools.partial")) {
        /* The partial object holds the function and the bound arguments,
         * and the function as its attribute `func`; b = 1 when it binds
         * one argument by position and nothing else, whose place in a call
         * is then known. */
        bool one_bound = !op->star && op->nkw == 0 && op->nargs == skip_args + 2;
        uint32_t obj_id = obj(s, (Val){.kind = V_FRESH, .name = name_of(s, "functools.partial"),
                                       .b = one_bound, .cls = NONE, .site = s->op_index});
        for (uint32_t i = skip_args; i < op->nargs + op->nkw; i++)
            if (union_bounded(s, &s->content[obj_id], slot_in(s, op->args[i])))
                content_grew(s, obj_id);
        if (op->nargs > skip_args) {
            const PxIdSet *fns = slot_in(s, op->args[skip_args]);
            for (uint32_t k = 0; k < fns->n; k++)
                hold_attr(s, obj_id, name_of(s, "func"), fns->v[k]);
        }
        add(s, op->dst, obj_id);
        return;
    }
    const char *type = nf->constructs;
    if (nf->is_function) {
        apply_known(s, op, &nf->function, NONE, dotted, skip_args);
        if (type)
            add_val(s, op->dst, (Val){.kind = V_FRESH, .name = name_of(s, type),
                                      .cls = NONE, .site = s->op_index});
        return;
    }
    if (type) {
        if (nf->function_arg) /* defaultdict(factory) */
            call_function_args(s, op, nf, skip_args);
        add_val(s, op->dst, (Val){.kind = V_FRESH, .name = name_of(s, type),
                                  .cls = NONE, .site = s->op_index});
        return;
    }
    problem(s, PX_FIND_UNVERIFIABLE,
            "calls `%s`, which is neither in the checked files nor in pxlint's "
            "knowledge base", dotted);
    add_val(s, op->dst, mk(V_UNKNOWN, 0, 0, NULL));
}

static void call_value(Solve *s, const PxOp *op, uint32_t callee_obj,
                       uint32_t skip_args);
static void method_on(Solve *s, const PxOp *op, uint32_t recv);

static void construct(Solve *s, const PxOp *op, uint32_t cls, uint32_t skip_args)
{
    uint32_t inst = obj(s, (Val){.kind = V_FRESH, .cls = cls, .site = s->op_index});
    add(s, op->dst, inst);
    bool data = false;
    uint32_t init = class_lookup(s, cls, "__init__", &data);
    if (init != NONE) {
        instantiate(s, op, init, inst, skip_args);
    } else {
        const char *base = px_class_external_base(s->p, cls);
        if (base) {
            PxEffect eff;
            if (px_knowledge_function(s->p->kb, base, &eff) ||
                px_knowledge_constructs(s->p->kb, base) ||
                !strcmp(base, "object") || !strcmp(base, "Exception"))
                return;
            if (px_knowledge_c_extension(s->p->kb, base))
                problem(s, PX_FIND_C_EXTENSION,
                        "constructs a subclass of `%s` from a C extension module",
                        base);
        } else if (s->p->units[cls].unresolved_base) {
            problem(s, PX_FIND_UNVERIFIABLE,
                    "constructs `%s`, whose base classes pxlint cannot resolve",
                    qualname(s->p, cls));
        }
    }
}

/* partial(f, *bound)(*more): f (the partial's `func`) gets the bound and
 * the new arguments, the bound ones first, in the callee's slot, swapped for
 * them meanwhile; in their places when the partial binds one argument by
 * position and the call passes its own by position, else in any. A partial
 * made elsewhere, whose function this solve cannot see, cannot be followed. */
static void call_partial(Solve *s, const PxOp *op, uint32_t partial, uint32_t skip_args)
{
    PxIdSet fns = {0}, bound = {0};
    const char *func = name_of(s, "func");
    for (uint32_t k = s->held_first[partial]; k != NONE; k = s->held_attrs[k].next)
        if (same_attr(s->held_attrs[k].attr, func))
            set_add(s, &fns, s->held_attrs[k].value);
    for (uint32_t k = 0; k < content_in(s, partial)->n; k++)
        if (!px_idset_has(&fns, content_in(s, partial)->v[k]))
            set_add(s, &bound, content_in(s, partial)->v[k]);
    /* the callee's slot carries the bound arguments unless an argument
     * reads it too (p(p)) */
    bool carrier = op->a != PX_NO_SLOT && op->a < s->ir->nslots;
    for (uint32_t i = 0; carrier && i < op->nargs + op->nkw; i++)
        carrier = op->args[i] != op->a;
    if (!fns.n || ((bound.n || s->objs[partial].b == 1) && !carrier)) {
        problem(s, PX_FIND_UNVERIFIABLE,
                "calls a `functools.partial` object whose function pxlint cannot see");
        set_release(s, &fns);
        set_release(s, &bound);
        return;
    }
    PxOp wide = *op;
    wide.star = !(s->objs[partial].b == 1 && !op->star && op->nkw == 0);
    wide.args = px_calloc(op->nargs + op->nkw + 1, sizeof(PxSlot));
    Swapped swapped = {.slot = PX_NO_SLOT};
    uint32_t n = 0;
    if (bound.n || !wide.star) {
        /* the bound arguments first, as partial passes them, through the
         * callee's slot (in place even when it holds nothing) */
        wide.args[n++] = op->a;
        swap_in(s, op->a, &bound, &swapped);
    }
    for (uint32_t i = skip_args; i < op->nargs + op->nkw; i++)
        wide.args[n++] = op->args[i];
    wide.nargs = (uint16_t)n;
    wide.nkw = 0;
    for (uint32_t k = 0; k < fns.n; k++)
        call_value(s, &wide, fns.v[k], 0);
    if (swapped.slot != PX_NO_SLOT)
        put_back(s, &swapped);
    free(wide.args);
    set_release(s, &fns);
    set_release(s, &bound);
}

static void call_value(Solve *s, const PxOp *op, uint32_t callee_obj,
                       uint32_t skip_args)
{
    Val v = s->objs[callee_obj];
    if (v.kind == V_UNKNOWN)
        return;
    if (v.kind == V_FUNCTION) {
        instantiate(s, op, v.a, NONE, skip_args);
        return;
    }
    if (v.kind == V_BOUND && v.a == NONE) {
        /* add = DATA.append; add(x): the method call, receiver and all */
        PxOp m = *op;
        m.name = v.name;
        m.a = PX_NO_SLOT;
        method_on(s, &m, v.b);
        return;
    }
    if (v.kind == V_BOUND) {
        instantiate(s, op, v.a, v.b, skip_args);
        return;
    }
    if (v.kind == V_CLASS && !v.part) {
        construct(s, op, v.a, skip_args);
        return;
    }
    if (v.kind == V_EXTERNAL && !v.part) {
        call_external(s, op, v.name, skip_args);
        return;
    }
    if (v.kind == V_FRESH && v.name && !strcmp(v.name, "functools.partial")) {
        call_partial(s, op, callee_obj, skip_args);
        return;
    }
    if (v.cls != NONE && !v.part) {
        bool data = false;
        uint32_t f = class_lookup(s, v.cls, "__call__", &data);
        if (f != NONE) {
            instantiate(s, op, f, callee_obj, skip_args);
            return;
        }
    }
    const char *what = v.kind == V_PARAM    ? "a function passed as an argument"
                       : v.kind == V_CELL   ? "a function held in a closure variable"
                       : v.kind == V_GLOBAL ? "a callable module global"
                                            : "a value it cannot resolve";
    px_record_call(s->p, s->uid, op->start, op->end, PX_CALLEE_UNRESOLVED, NONE,
                   name_of(s, what));
    /* the cell is kept as the target, so a decorator's wrapper calling the
     * function it wraps can be recognized */
    effect(s, PX_FIND_UNVERIFIABLE, v.kind == V_CELL ? callee_obj : NONE, PX_NO_SLOT,
           "calls %s", what);
    add_val(s, op->dst, mk(V_UNKNOWN, 0, 0, NULL));
}

/* `params`: how many positional arguments the spawn passes the callback
 * (PX_ANY_PARAMS: maybe any); a bound method gets its self first. */
static void record_spawn_value(Solve *s, const PxOp *op, uint32_t id, int depth,
                               uint32_t params)
{
    const Val *v = &s->objs[id];
    if (v->kind == V_FUNCTION || (v->kind == V_BOUND && v->a != NONE)) {
        bool self = v->kind == V_BOUND;
        px_record_spawn(s->p, v->a, params == PX_ANY_PARAMS ? params : params + self);
    } else if (v->kind == V_FRESH && v->name && !strcmp(v->name, "functools.partial") &&
               depth < 4) {
        for (uint32_t k = 0; k < content_in(s, id)->n; k++)
            record_spawn_value(s, op, content_in(s, id)->v[k], depth + 1, PX_ANY_PARAMS);
    }
}

/* How many positional arguments a carrier (`args=`, `kwargs=`) holds: the
 * length of the tuple or list written out at this call or before it in the
 * function, none for an empty dict; PX_ANY_PARAMS when that is not known
 * (or a dict of keyword arguments names any). */
static uint32_t carried(Solve *s, PxSlot slot)
{
    const PxIdSet *vals = slot_in(s, slot);
    if (!vals->n)
        return PX_ANY_PARAMS;
    uint32_t most = 0;
    for (uint32_t i = 0; i < vals->n; i++) {
        const Val *v = &s->objs[vals->v[i]];
        const PxOp *made = v->kind == V_FRESH && !v->part && v->site < s->ir->nops
                               ? &s->ir->ops[v->site]
                               : NULL;
        if (!made || made->kind != PX_OP_FRESH || !made->index || !v->name)
            return PX_ANY_PARAMS;
        uint32_t n = made->index - 1;
        bool dict = !strcmp(v->name, "dict");
        if ((dict && n) || (!dict && strcmp(v->name, "tuple") && strcmp(v->name, "list")))
            return PX_ANY_PARAMS;
        if (!dict && n > most)
            most = n;
    }
    return most;
}

/* How many positional arguments the spawn call passes its callback: those
 * after the callback for a spawner passing the rest, those its argument
 * carriers (arg->args) hold, none when it leaves them out, and
 * PX_ANY_PARAMS when it cannot tell (the spawner does not say, a keyword
 * or a `*` argument for the callback, arguments built elsewhere). */
static uint32_t passed_params(Solve *s, const PxOp *op, const PxSpawnerArg *arg,
                              uint32_t shift)
{
    if (arg->args == PX_SPAWN_ARGS_UNKNOWN || op->star)
        return PX_ANY_PARAMS;
    uint32_t most = 0;
    for (uint32_t i = 0; i < op->nkw; i++) {
        const char *kw = op->kwnames[i];
        if (arg->args == PX_SPAWN_ARGS_REST && !(arg->keyword && !strcmp(kw, arg->keyword)))
            return PX_ANY_PARAMS;
        for (uint8_t k = 0; k < arg->narg_keywords; k++)
            if (!strcmp(kw, arg->arg_keywords[k])) {
                uint32_t n = carried(s, op->args[op->nargs + i]);
                if (n > most)
                    most = n;
            }
    }
    if (arg->args == PX_SPAWN_ARGS_REST) {
        if (arg->position < 0)
            return PX_ANY_PARAMS;
        uint32_t first = (uint32_t)arg->position + shift + 1;
        return op->nargs > first ? op->nargs - first : 0;
    }
    for (uint8_t k = 0; k < arg->narg_positions; k++)
        if ((uint32_t)arg->arg_positions[k] + shift < op->nargs) {
            uint32_t n = carried(s, op->args[arg->arg_positions[k] + shift]);
            if (n > most)
                most = n;
        }
    return most;
}

static void record_spawn_arg(Solve *s, const PxOp *op, const PxSpawnerArg *arg,
                             uint32_t shift)
{
    PxSlot slot = PX_NO_SLOT;
    if (arg->keyword)
        for (uint32_t i = 0; i < op->nkw; i++)
            if (strcmp(op->kwnames[i], arg->keyword) == 0)
                slot = op->args[op->nargs + i];
    if (slot == PX_NO_SLOT && arg->position >= 0 &&
        (uint32_t)arg->position + shift < op->nargs)
        slot = op->args[arg->position + shift];
    if (slot == PX_NO_SLOT)
        return;
    uint32_t params = passed_params(s, op, arg, shift);
    for (uint32_t k = 0; k < slot_in(s, slot)->n; k++)
        record_spawn_value(s, op, slot_in(s, slot)->v[k], 0, params);
}

/* A method called on an object whose methods the knowledge base describes
 * (or of unknown type). */
static void typed_method(Solve *s, const PxOp *op, uint32_t recv, const char *type)
{
    const PxKnowledge *kb = s->p->kb;
    if (type && !strcmp(type, C_EXTENSION_OBJECT)) {
        problem(s, PX_FIND_C_EXTENSION,
                "calls `%s` on an object a C extension module returned", op->name);
        add_val(s, op->dst, (Val){.kind = V_FRESH, .name = name_of(s, C_EXTENSION_OBJECT),
                                  .cls = NONE, .site = s->op_index});
        return;
    }
    PxEffect eff;
    bool known = type && known_method(s, type, op->name, &eff);
    bool thread_safe = type && px_knowledge_thread_safe_type(kb, type);
    if (!known && !thread_safe)
        known = px_knowledge_method_any(kb, op->name, &eff);
    Val rv = s->objs[recv];
    if (known) {
        if (thread_safe && eff.effect == PX_EFFECT_MUTATES)
            eff.mutated_args &= ~PX_MUTATES_RECEIVER;
        apply_known(s, op, &eff, recv, dotted(s, type ? type : "object", op->name), 0);
        return;
    }
    if (main_thread(&rv)) {
        problem(s, PX_FIND_UNVERIFIABLE,
                "calls `%s` on a main-thread object, and pxlint does not know "
                "what that method does", op->name);
    } else if (any_main_thread_arg(s, op)) {
        problem(s, PX_FIND_UNVERIFIABLE,
                "passes main-thread objects to `%s`, whose effect pxlint does not "
                "know", op->name);
    }
    add_val(s, op->dst, (Val){.kind = V_FRESH, .cls = NONE, .site = s->op_index});
    if (rv.kind == V_FRESH)
        for (uint32_t c = 0; c < content_in(s, recv)->n; c++)
            add(s, op->dst, content_in(s, recv)->v[c]);
}

static void method_on(Solve *s, const PxOp *op, uint32_t recv)
{
    Project *p = s->p;
    Val v = s->objs[recv];
    /* "*.starmap" is a pool's: on a module or a name outside the run
     * (itertools.starmap) the callee's own name says what it is */
    bool named = !v.part && (v.kind == V_MODULE || (v.kind == V_EXTERNAL && v.b != 1));
    const NameFacts *any = any_receiver_facts(s, op->name);
    if (any->spawner && !named)
        record_spawn_arg(s, op, &any->spawner_arg, 0);
    if (v.kind == V_UNKNOWN || v.kind == V_BOUND)
        return;
    if (v.kind == V_MODULE && !v.part) {
        ValList vals;
        px_vals_init(&vals);
        px_module_attr_values(p, v.a, name_of(s, op->name), &vals);
        px_add_name_reader(p, p->mods[v.a].first_unit, s->uid);
        for (uint32_t i = 0; i < vals.n; i++)
            call_value(s, op, obj(s, vals.v[i]), 0);
        px_vals_free(&vals);
        return;
    }
    if (v.kind == V_EXTERNAL && !v.part) {
        if (v.b == 1) {
            /* an instance of a known type a library call returned */
            typed_method(s, op, recv, v.name);
            return;
        }
        const NameFacts *nf = name_facts(s, dotted(s, v.name, op->name));
        if (!nf->is_function && hidden_object(p, v.name, NULL)) {
            typed_method(s, op, recv, NULL); /* os.environ.get(...) */
            return;
        }
        call_external(s, op, nf->name, 0);
        return;
    }
    if (v.kind == V_CLASS && !v.part) {
        bool data = false;
        uint32_t f = class_lookup(s, v.a, op->name, &data);
        if (f != NONE) {
            instantiate(s, op, f, p->units[f].is_classmethod ? recv : NONE, 0);
            return;
        }
        const char *base = px_class_external_base(p, v.a);
        if (base) {
            call_external(s, op, dotted(s, base, op->name), 0);
            return;
        }
        typed_method(s, op, recv, NULL);
        return;
    }
    TypeInfo types[8];
    uint32_t nt = 0;
    bool opaque = false;
    types_of_ex(s, recv, types, &nt, 8, &opaque);
    if (opaque && main_thread(&v)) {
        problem(s, PX_FIND_UNVERIFIABLE,
                "calls `%s` on a main-thread object made by code pxlint cannot see",
                op->name);
        return;
    }
    bool handled = false;
    for (uint32_t i = 0; i < nt; i++) {
        if (types[i].cls != NONE) {
            bool data = false;
            uint32_t f = class_lookup(s, types[i].cls, op->name, &data);
            if (f != NONE) {
                instantiate(s, op, f, p->units[f].is_static ? NONE : recv, 0);
                /* self may be a subclass instance: its overrides too */
                if (v.kind == V_PARAM) {
                    PxIdSet over = {0};
                    px_add_override_reader(p, types[i].cls, s->uid);
                    px_class_overrides(p, types[i].cls, name_of(s, op->name), &over);
                    for (uint32_t k = 0; k < over.n; k++)
                        instantiate(s, op, over.v[k],
                                    p->units[over.v[k]].is_static ? NONE : recv, 0);
                    px_idset_free(&over);
                }
                handled = true;
                continue;
            }
            const char *base = px_class_external_base(p, types[i].cls);
            if (base) {
                typed_method(s, op, recv, base);
            } else if (main_thread(&v) || any_main_thread_arg(s, op)) {
                /* an attribute holding a callable, or no such method */
                problem(s, PX_FIND_UNVERIFIABLE,
                        "calls `%s`, which is no method of its class pxlint can find",
                        op->name);
            }
            handled = true;
        } else if (types[i].known) {
            typed_method(s, op, recv, types[i].type);
            handled = true;
        }
    }
    if (!handled) {
        /* Unknown type: it may be an instance of any project class with a
         * method of that name, or a built-in type. (Fresh objects of unknown
         * type come from library calls: not project instances.) */
        const PxIdSet *cands = v.kind == V_FRESH ? NULL : px_methods_named(p, name_of(s, op->name));
        if (cands && cands->n > MAX_DISPATCH) {
            /* too many project classes define it to follow them all */
            if (main_thread(&v))
                problem(s, PX_FIND_UNVERIFIABLE,
                        "calls `%s` on an object of unknown type, and many classes "
                        "define that method", op->name);
            return;
        }
        s->guessing = true;
        for (uint32_t k = 0; cands && k < cands->n; k++)
            instantiate(s, op, cands->v[k], p->units[cands->v[k]].is_static ? NONE : recv, 0);
        s->guessing = false;
        typed_method(s, op, recv, NULL);
    }
}

/* ---- implicit special-method calls -------------------------------------- */

/* What an implicit call runs, in groups of special methods: in each group
 * the first one the class (or known type) has is called, and every group
 * applies. `v in x` calls __contains__, else iterates over x with __iter__
 * (else __getitem__), and iterating calls __next__ on the iterator. */
struct Protocol {
    const char *key;          /* the PX_OP_IMPLICIT name */
    const char *how;          /* for messages */
    const char *groups[2][4]; /* each NULL-terminated */
    bool project_only;        /* x += y: a built-in type's in-place method is
                                 the INPLACE op's already */
    bool store;               /* x[k] = v, del x[k]: a mutation of x itself */
};

/* Sorted by key (protocol_of searches it). Operators: `a + b` runs
 * a.__add__(b), or b.__radd__(a) when that gives up; both are taken. */
static const Protocol protocols[] = {
    {"__abs__", "`abs()`", {{"__abs__"}}, false, false},
    {"__add__", "`+`", {{"__add__"}}, false, false},
    {"__aexit__", "the end of an `async with` block", {{"__aexit__"}}, false, false},
    {"__aiter__", "`async for`", {{"__aiter__"}, {"__anext__"}}, false, false},
    {"__and__", "`&`", {{"__and__"}}, false, false},
    {"__bool__", "`bool()`", {{"__bool__", "__len__"}}, false, false},
    {"__contains__", "`in`", {{"__contains__", "__iter__", "__getitem__"}, {"__next__"}}, false, false},
    {"__delitem__", "`del`", {{"__delitem__"}}, false, true},
    {"__eq__", "`==`", {{"__eq__"}}, false, false},
    {"__exit__", "the end of a `with` block", {{"__exit__"}}, false, false},
    {"__float__", "`float()`", {{"__float__", "__index__"}}, false, false},
    {"__floordiv__", "`//`", {{"__floordiv__"}}, false, false},
    {"__format__", "`format()`", {{"__format__", "__str__", "__repr__"}}, false, false},
    {"__ge__", "`>=`", {{"__ge__"}}, false, false},
    {"__getitem__", "a subscript", {{"__getitem__"}, {"__missing__"}}, false, false},
    {"__gt__", "`>`", {{"__gt__"}}, false, false},
    {"__hash__", "`hash()`", {{"__hash__"}}, false, false},
    {"__iadd__", "`+=`", {{"__iadd__", "__add__"}}, true, false},
    {"__iand__", "`&=`", {{"__iand__", "__and__"}}, true, false},
    {"__ifloordiv__", "`//=`", {{"__ifloordiv__", "__floordiv__"}}, true, false},
    {"__ilshift__", "`<<=`", {{"__ilshift__", "__lshift__"}}, true, false},
    {"__imatmul__", "`@=`", {{"__imatmul__", "__matmul__"}}, true, false},
    {"__imod__", "`%=`", {{"__imod__", "__mod__"}}, true, false},
    {"__imul__", "`*=`", {{"__imul__", "__mul__"}}, true, false},
    {"__int__", "`int()`", {{"__int__", "__index__", "__trunc__"}}, false, false},
    {"__invert__", "unary `~`", {{"__invert__"}}, false, false},
    {"__ior__", "`|=`", {{"__ior__", "__or__"}}, true, false},
    {"__ipow__", "`**=`", {{"__ipow__", "__pow__"}}, true, false},
    {"__irshift__", "`>>=`", {{"__irshift__", "__rshift__"}}, true, false},
    {"__isub__", "`-=`", {{"__isub__", "__sub__"}}, true, false},
    {"__iter__", "iteration", {{"__iter__", "__getitem__"}, {"__next__"}}, false, false},
    {"__itruediv__", "`/=`", {{"__itruediv__", "__truediv__"}}, true, false},
    {"__ixor__", "`^=`", {{"__ixor__", "__xor__"}}, true, false},
    {"__le__", "`<=`", {{"__le__"}}, false, false},
    {"__len__", "`len()`", {{"__len__"}}, false, false},
    {"__lshift__", "`<<`", {{"__lshift__"}}, false, false},
    {"__lt__", "`<`", {{"__lt__"}}, false, false},
    {"__matmul__", "`@`", {{"__matmul__"}}, false, false},
    {"__mod__", "`%`", {{"__mod__"}}, false, false},
    {"__mul__", "`*`", {{"__mul__"}}, false, false},
    {"__ne__", "`!=`", {{"__ne__"}}, false, false},
    {"__neg__", "unary `-`", {{"__neg__"}}, false, false},
    {"__next__", "`next()`", {{"__next__"}}, false, false},
    {"__or__", "`|`", {{"__or__"}}, false, false},
    {"__pos__", "unary `+`", {{"__pos__"}}, false, false},
    {"__pow__", "`**`", {{"__pow__"}}, false, false},
    {"__radd__", "`+`", {{"__radd__"}}, false, false},
    {"__rand__", "`&`", {{"__rand__"}}, false, false},
    {"__repr__", "`repr()`", {{"__repr__"}}, false, false},
    {"__reversed__", "`reversed()`", {{"__reversed__", "__getitem__"}, {"__len__"}}, false, false},
    {"__rfloordiv__", "`//`", {{"__rfloordiv__"}}, false, false},
    {"__rlshift__", "`<<`", {{"__rlshift__"}}, false, false},
    {"__rmatmul__", "`@`", {{"__rmatmul__"}}, false, false},
    {"__rmod__", "`%`", {{"__rmod__"}}, false, false},
    {"__rmul__", "`*`", {{"__rmul__"}}, false, false},
    {"__ror__", "`|`", {{"__ror__"}}, false, false},
    {"__rpow__", "`**`", {{"__rpow__"}}, false, false},
    {"__rrshift__", "`>>`", {{"__rrshift__"}}, false, false},
    {"__rshift__", "`>>`", {{"__rshift__"}}, false, false},
    {"__rsub__", "`-`", {{"__rsub__"}}, false, false},
    {"__rtruediv__", "`/`", {{"__rtruediv__"}}, false, false},
    {"__rxor__", "`^`", {{"__rxor__"}}, false, false},
    {"__setitem__", "an item assignment", {{"__setitem__"}}, false, true},
    {"__str__", "`str()`", {{"__str__", "__repr__"}}, false, false},
    {"__sub__", "`-`", {{"__sub__"}}, false, false},
    {"__truediv__", "`/`", {{"__truediv__"}}, false, false},
    {"__xor__", "`^`", {{"__xor__"}}, false, false},
};

static const Protocol *protocol_of(const char *name)
{
    size_t lo = 0, hi = name ? sizeof protocols / sizeof *protocols : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(protocols[mid].key, name);
        if (!c)
            return &protocols[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Calls project method `f`, found for special method `name`, on `recv`.
 * Only item and element getters give the op's result. An __iter__ that
 * makes an instance of a project iterator class: iterating advances it. */
static void implicit_method(Solve *s, const PxOp *call, const char *name, uint32_t f,
                            uint32_t recv)
{
    Project *p = s->p;
    PxOp c = *call;
    bool element = !strcmp(name, "__getitem__") || !strcmp(name, "__missing__") ||
                   !strcmp(name, "__next__") || !strcmp(name, "__anext__");
    if (!element)
        c.dst = PX_NO_SLOT;
    instantiate(s, &c, f, p->units[f].is_static ? NONE : recv, 0);
    bool aiter = !strcmp(name, "__aiter__");
    if (strcmp(name, "__iter__") != 0 && !aiter)
        return;
    c = *call;
    c.nargs = c.nkw = 0;
    c.star = false;
    const Unit *fu = &p->units[f];
    for (size_t i = 0; i < fu->sum.nreturns; i++) {
        Val r = fu->sum.returns[i];
        if (r.kind != V_FRESH || r.cls == NONE || r.part)
            continue;
        bool data = false;
        uint32_t nf = class_lookup(s, r.cls, aiter ? "__anext__" : "__next__", &data);
        if (nf == NONE)
            continue;
        r.site = s->op_index; /* the object instantiate made */
        instantiate(s, &c, nf, p->units[nf].is_static ? NONE : obj(s, r), 0);
    }
}

/* The first special method of `group` that known type `type` has: its
 * effect on the receiver and the arguments. */
static void implicit_known_group(Solve *s, const PxOp *call, const Protocol *pr,
                                 const char *const *group, uint32_t recv,
                                 const char *type)
{
    const PxKnowledge *kb = s->p->kb;
    for (int k = 0; k < 4 && group[k]; k++) {
        PxEffect eff;
        if (!known_method(s, type, group[k], &eff))
            continue;
        const char *method = group[k];
        if (eff.effect == PX_EFFECT_HIDDEN_STATE) {
            problem(s, PX_FIND_HIDDEN_STATE, "calls `%s.%s`, which changes %s", type, method,
                    eff.note ? eff.note : "interpreter-wide state");
        } else if (eff.effect == PX_EFFECT_DYNAMIC) {
            problem(s, PX_FIND_DYNAMIC, "calls `%s.%s`", type, method);
        } else if (eff.effect == PX_EFFECT_MUTATES) {
            if ((eff.mutated_args & PX_MUTATES_RECEIVER) && main_thread(&s->objs[recv]) &&
                !px_knowledge_thread_safe_type(kb, type)) {
                effect(s, PX_FIND_CONTAINER_MUTATION, recv, call->a,
                       "calls `%s.%s` on it (implicitly, through %s)", type, method, pr->how);
            }
            for (uint32_t i = 0; i < call->nargs && i < 31; i++) {
                if (!(eff.mutated_args & (1u << i)))
                    continue;
                const PxIdSet *set = slot_in(s, call->args[i]);
                for (uint32_t j = 0; j < set->n; j++)
                    if (main_thread(&s->objs[set->v[j]]))
                        effect(s, PX_FIND_CONTAINER_MUTATION, set->v[j], call->args[i],
                               "passes it to `%s.%s`, which mutates it", type, method);
            }
        }
        return;
    }
}

/* An implicit call on an instance of project class `cls`; `self` when the
 * receiver is the method's own `self`, which may be of a subclass. */
static void implicit_project(Solve *s, const PxOp *call, const Protocol *pr,
                             uint32_t recv, uint32_t cls, bool self)
{
    Project *p = s->p;
    for (int g = 0; g < 2 && pr->groups[g][0]; g++) {
        bool found = false;
        for (int k = 0; k < 4 && pr->groups[g][k] && !found; k++) {
            const char *name = pr->groups[g][k];
            bool data = false;
            uint32_t f = class_lookup(s, cls, name, &data);
            PxIdSet fs = {0}; /* px_class_overrides grows it: not pooled */
            if (f != NONE)
                px_idset_add(&fs, f);
            if (self) {
                px_add_override_reader(p, cls, s->uid);
                px_class_overrides(p, cls, name_of(s, name), &fs);
            }
            for (uint32_t i = 0; i < fs.n; i++)
                implicit_method(s, call, name, fs.v[i], recv);
            px_idset_free(&fs);
            found = f != NONE || data;
        }
        const char *base = found ? NULL : px_class_external_base(p, cls);
        if (base)
            implicit_known_group(s, call, pr, pr->groups[g], recv, base);
    }
}

/* An implicit call on a main-thread object of unknown type (a parameter, a
 * closure variable, a module global whose type is not known): like a method
 * call, it may reach the project's methods of that name when few classes
 * define one (MAX_DISPATCH); beyond that nothing is known, as before. Only
 * the first group: the __next__ of an iterator of unknown type is not
 * followed. */
static void implicit_unknown(Solve *s, const PxOp *call, const Protocol *pr, uint32_t recv)
{
    Project *p = s->p;
    const char *const *group = pr->groups[0];
    for (int k = 0; k < 4 && group[k]; k++) {
        const PxIdSet *cands = px_methods_named(p, name_of(s, group[k]));
        if (!cands || cands->n > MAX_DISPATCH)
            continue;
        for (uint32_t i = 0; i < cands->n; i++) {
            uint32_t f = cands->v[i], cls = p->units[f].class_unit;
            /* a fallback is only used by classes without the earlier ones */
            bool earlier = false;
            for (int j = 0; j < k && !earlier && cls != NONE; j++) {
                bool data = false;
                earlier = class_lookup(s, cls, group[j], &data) != NONE || data;
            }
            if (!earlier) {
                s->guessing = true;
                implicit_method(s, call, group[k], f, recv);
                s->guessing = false;
            }
        }
    }
}

/* The special methods an implicit call `call` (protocol `pr`) runs on object
 * `recv`: a project class's, or a known type's from the knowledge base. */
static void implicit_on(Solve *s, const PxOp *call, const Protocol *pr, uint32_t recv)
{
    Val v = s->objs[recv];
    bool store = pr->store;
    if (v.kind == V_UNKNOWN || v.kind == V_BOUND || v.kind == V_TOP)
        return;
    /* classes (__class_getitem__, a metaclass's __iter__), functions,
     * modules and library names: not instances the project made */
    if (!v.part && (v.kind == V_CLASS || v.kind == V_FUNCTION || v.kind == V_MODULE ||
                    (v.kind == V_EXTERNAL && v.b != 1)))
        return;
    /* x[k] = v on a main-thread object is a mutation of it already */
    if (store && main_thread(&v))
        return;
    if (v.kind == V_FRESH && v.cls == NONE && (store || !v.name))
        return;
    TypeInfo types[8];
    uint32_t nt = 0;
    bool opaque = false, handled = false;
    types_of_ex(s, recv, types, &nt, 8, &opaque);
    for (uint32_t i = 0; i < nt; i++) {
        if (types[i].cls != NONE) {
            implicit_project(s, call, pr, recv, types[i].cls, v.kind == V_PARAM);
        } else if (types[i].known && types[i].type) {
            if (strcmp(types[i].type, C_EXTENSION_OBJECT) != 0 && !pr->project_only)
                for (int g = 0; g < 2 && pr->groups[g][0]; g++)
                    implicit_known_group(s, call, pr, pr->groups[g], recv, types[i].type);
        }
        handled = true;
    }
    /* Elements and attributes of unknown type are not followed: x[i][j],
     * `for k, v in d.items()`, self.items[k] would otherwise reach every
     * project class defining the method, on ubiquitous code. */
    if (!handled && v.kind != V_FRESH && !v.part && call->index != PX_IMPLICIT_KNOWN_TYPES)
        implicit_unknown(s, call, pr, recv);
}

/* PX_OP_IMPLICIT: x[k], for, in, unpacking, with, ... */
static void implicit_op(Solve *s, const PxOp *op)
{
    struct ProtocolMemo *m = &s->p->protocol_memo[((uintptr_t)op->name >> 3) & 63];
    if (m->name != op->name)
        *m = (struct ProtocolMemo){op->name, protocol_of(op->name)};
    const Protocol *pr = m->protocol;
    if (!pr || op->a == PX_NO_SLOT)
        return;
    /* copy: calls may intern new objects and grow the set */
    PxIdSet r = {0};
    set_union(s, &r, slot_in(s, op->a));
    for (uint32_t i = 0; i < r.n; i++)
        implicit_on(s, op, pr, r.v[i]);
    set_release(s, &r);
}

/* True for the library functions that return a new iterator (typed
 * `iterator` in the knowledge base: advancing it mutates it). Their results
 * stay derived as well: iter() of an iterator is that iterator, and the
 * elements are the arguments'. itertools.tee returns a tuple of them. */
static bool makes_iterator(const char *what)
{
    static const char *const names[] = {
        "iter", "map", "filter", "zip", "enumerate", "reversed",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(what, names[i]))
            return true;
    return !strncmp(what, "itertools.", 10) && strcmp(what, "itertools.tee") != 0;
}

/* The special method a known function or method calls on its arguments
 * (see implicit_in_call). */
static void implicit_facts(NameFacts *nf, const char *what)
{
    static const struct {
        const char *name, *proto;
        uint32_t first; /* the first positional argument it applies to */
        bool all;       /* and every later one */
    } functions[] = {
        {"len", "__len__", 0, false}, {"next", "__next__", 0, false},
        {"reversed", "__reversed__", 0, false}, {"bool", "__bool__", 0, false},
        {"str", "__str__", 0, false}, {"repr", "__repr__", 0, false},
        {"format", "__format__", 0, false}, {"hash", "__hash__", 0, false},
        {"abs", "__abs__", 0, false}, {"int", "__int__", 0, false},
        {"float", "__float__", 0, false},
        {"iter", "__iter__", 0, false}, {"list", "__iter__", 0, false},
        {"tuple", "__iter__", 0, false}, {"set", "__iter__", 0, false},
        {"frozenset", "__iter__", 0, false}, {"dict", "__iter__", 0, false},
        {"bytearray", "__iter__", 0, false}, {"sorted", "__iter__", 0, false},
        {"sum", "__iter__", 0, false}, {"min", "__iter__", 0, false},
        {"max", "__iter__", 0, false}, {"any", "__iter__", 0, false},
        {"all", "__iter__", 0, false}, {"enumerate", "__iter__", 0, false},
        {"zip", "__iter__", 0, true}, {"map", "__iter__", 1, true},
        {"filter", "__iter__", 1, false}, {"functools.reduce", "__iter__", 1, false},
        {"heapq.merge", "__iter__", 0, true}, {"heapq.nlargest", "__iter__", 1, false},
        {"heapq.nsmallest", "__iter__", 1, false},
        {"collections.deque", "__iter__", 0, false},
        {"_collections.deque", "__iter__", 0, false},
        {"collections.Counter", "__iter__", 0, false},
        {"collections.OrderedDict", "__iter__", 0, false},
        {"_collections.OrderedDict", "__iter__", 0, false},
    };
    static const char *const first_methods[] = {
        "join", "extend", "extendleft", "writelines", "fromkeys",
    };
    static const char *const all_methods[] = {
        "update", "union", "intersection", "difference", "symmetric_difference",
        "issubset", "issuperset", "isdisjoint", "difference_update",
        "intersection_update", "symmetric_difference_update",
    };
    const char *proto = NULL;
    for (size_t i = 0; !proto && i < sizeof functions / sizeof *functions; i++)
        if (!strcmp(what, functions[i].name)) {
            proto = functions[i].proto;
            nf->function_first = functions[i].first;
            nf->function_all = functions[i].all;
        }
    /* itertools iterate over every argument (count and repeat over none) */
    if (!proto && !strncmp(what, "itertools.", 10) &&
        strcmp(what, "itertools.count") != 0 && strcmp(what, "itertools.repeat") != 0) {
        proto = "__iter__";
        nf->function_all = true;
    }
    nf->function_protocol = protocol_of(proto);
    const char *m = strrchr(what, '.');
    m = m ? m + 1 : what;
    proto = NULL;
    for (size_t i = 0; !proto && i < sizeof first_methods / sizeof *first_methods; i++)
        if (!strcmp(m, first_methods[i]))
            proto = "__iter__";
    for (size_t i = 0; !proto && i < sizeof all_methods / sizeof *all_methods; i++)
        if (!strcmp(m, all_methods[i])) {
            proto = "__iter__";
            nf->method_all = true;
        }
    nf->method_protocol = protocol_of(proto);
}

/* The facts of `what`, worked out on its first call; they stay where
 * they are (in the arena) as others are added. Found by address when
 * `what` is interned already, as most are: an interned string is the only
 * thing at its address while the project lives. */
static const NameFacts *name_facts(Solve *s, const char *what)
{
    Project *p = s->p;
    NameFacts *nf = px_ptrmap_get(p->name_facts, what, NULL);
    if (nf)
        return nf;
    const char *interned = str(s, what);
    if (interned != what && (nf = px_ptrmap_get(p->name_facts, interned, NULL)))
        return nf;
    nf = px_arena_alloc(p->arena, sizeof(*nf));
    what = interned;
    const PxKnowledge *kb = p->kb;
    char public[512];
    PxEffect function = {0};
    PxSpawnerArg spawner_arg = {0};
    *nf = (NameFacts){.name = what,
                      .constructs = px_knowledge_constructs(kb, what),
                      .result_type = px_knowledge_result_type(kb, what),
                      .is_function = px_knowledge_function(kb, what, &function),
                      .c_extension = px_knowledge_c_extension(kb, what),
                      .spawner = px_knowledge_spawner(kb, what, &spawner_arg),
                      .function_arg = function_arg_of(what),
                      .file_arg = file_arg_of(what),
                      .makes_iterator = makes_iterator(what),
                      .shares_elements = shares_elements(kb, what)};
    nf->function = function;
    nf->spawner_arg = spawner_arg;
    if (px_knowledge_public_name(kb, what, public, sizeof public))
        nf->public_name = str(s, public);
    implicit_facts(nf, what);
    px_ptrmap_put(p->name_facts, what, NULL, nf);
    return nf;
}

/* The facts of "*.method", a method on a receiver of unknown type, by the
 * op's name for it: every method call asks. */
static const char ANY_RECEIVER[] = "*";

static const NameFacts *any_receiver_facts(Solve *s, const char *method)
{
    Project *p = s->p;
    const NameFacts *nf = px_ptrmap_get(p->name_facts, method, ANY_RECEIVER);
    if (!nf) {
        nf = name_facts(s, px_intern_join(p->strings, ANY_RECEIVER, ".", method));
        px_ptrmap_put(p->name_facts, method, ANY_RECEIVER, (void *)nf);
    }
    return nf;
}

/* Library functions and methods that call special methods of their
 * arguments: len(x), str(x), next(x); list(x), sorted(x), zip(x, y),
 * ", ".join(x), s.update(x) iterate over them. Called for every known call
 * (apply_known); also types the iterators library functions make. */
static void implicit_in_call(Solve *s, const PxOp *op, const NameFacts *nf,
                             uint32_t receiver, uint32_t skip_args)
{
    if (receiver == NONE && nf->makes_iterator)
        add_val(s, op->dst, (Val){.kind = V_FRESH, .name = name_of(s, "iterator"),
                                  .cls = NONE, .site = s->op_index});
    const Protocol *pr = receiver == NONE ? nf->function_protocol : nf->method_protocol;
    uint32_t first = receiver == NONE ? nf->function_first : 0;
    bool all = receiver == NONE ? nf->function_all : nf->method_all;
    if (!pr)
        return;
    PxSlot none = PX_NO_SLOT;
    const char *nokw = NULL;
    for (uint32_t i = skip_args + first; i < op->nargs; i++) {
        if (!all && i > skip_args + first)
            break;
        PxOp call = {.kind = PX_OP_IMPLICIT, .dst = PX_NO_SLOT, .a = op->args[i],
                     .b = PX_NO_SLOT, .name = pr->key, .start = op->start, .end = op->end,
                     .args = &none, .kwnames = &nokw};
        if (!strcmp(pr->key, "__next__"))
            call.dst = op->dst; /* next(it) is an element */
        PxIdSet r = {0};
        set_union(s, &r, slot_in(s, op->args[i]));
        for (uint32_t k = 0; k < r.n; k++)
            implicit_on(s, &call, pr, r.v[k]);
        set_release(s, &r);
    }
}

/* ---- attributes --------------------------------------------------------- */

/* False when every value the class attribute may hold is an immutable
 * scalar (`count = 0`, `name = None`): instances rebind, never share. */
static bool class_attr_mutable(Project *p, uint32_t cls, const char *name)
{
    px_demand(p, cls);
    const Unit *u = &p->units[cls];
    int32_t i = px_unit_name(u, px_intern(p->strings, name));
    if (i < 0)
        return true; /* found on a base class: not looked into */
    for (uint32_t k = 0; k < u->name_nvals[i]; k++) {
        const Val *v = &u->name_vals[i][k];
        if (!(v->kind == V_FRESH && !v->name && v->cls == NONE))
            return true;
    }
    return false;
}

static void attr_of(Solve *s, const PxOp *op, uint32_t id)
{
    Project *p = s->p;
    Val v = s->objs[id];
    if (v.kind == V_UNKNOWN || v.kind == V_BOUND)
        return;
    if (!strcmp(op->name, "__class__")) {
        class_of(s, op->dst, id);
        return;
    }
    if (v.kind == V_MODULE && !v.part) {
        ValList vals;
        px_vals_init(&vals);
        px_module_attr_values(p, v.a, name_of(s, op->name), &vals);
        px_add_name_reader(p, p->mods[v.a].first_unit, s->uid);
        for (uint32_t i = 0; i < vals.n; i++)
            add_val(s, op->dst, vals.v[i]);
        px_vals_free(&vals);
        return;
    }
    if (v.kind == V_EXTERNAL && !v.part) {
        add_val(s, op->dst,
                mk(V_EXTERNAL, 0, 0, dotted(s, v.name, op->name)));
        return;
    }
    if (v.kind == V_CLASS && !v.part) {
        bool data = false;
        uint32_t f = class_lookup(s, v.a, op->name, &data);
        if (f != NONE)
            add_val(s, op->dst, p->units[f].is_classmethod
                                    ? (Val){.kind = V_BOUND, .a = f, .b = id,
                                            .cls = NONE, .site = NONE}
                                    : mk(V_FUNCTION, f, 0, NULL));
        add(s, op->dst, part_of(s, id));
        return;
    }
    TypeInfo types[8];
    uint32_t nt = 0;
    types_of(s, id, types, &nt, 8);
    PxEffect eff;
    bool method = px_knowledge_method_any(p->kb, op->name, &eff);
    for (uint32_t i = 0; i < nt && !method; i++)
        method = types[i].type && known_method(s, types[i].type, op->name, &eff);
    if (method)
        add_val(s, op->dst, (Val){.kind = V_BOUND, .a = NONE, .b = id,
                                  .name = name_of(s, op->name), .cls = NONE, .site = NONE});
    for (uint32_t i = 0; i < nt; i++) {
        if (types[i].cls == NONE)
            continue;
        bool data = false;
        uint32_t f = class_lookup(s, types[i].cls, op->name, &data);
        if (data && !p->units[types[i].cls].is_dataclass &&
            class_attr_mutable(p, types[i].cls, op->name)) {
            /* an attribute the instance does not set itself is the class's,
             * shared by every instance */
            add(s, op->dst, part_of(s, obj(s, mk(V_CLASS, types[i].cls, 0, NULL))));
        }
        if (f == NONE)
            continue;
        if (p->units[f].is_property) {
            /* reading a property runs its getter */
            PxOp call = *op;
            call.nargs = call.nkw = 0;
            call.star = false;
            instantiate(s, &call, f, id, 0);
        } else {
            add_val(s, op->dst, (Val){.kind = V_BOUND, .a = f, .b = id,
                                      .cls = NONE, .site = NONE});
        }
    }
    if (v.kind == V_FRESH) {
        /* an attribute of our own object: ours, or what we stored in it */
        if (!method)
            add_val(s, op->dst, (Val){.kind = V_FRESH, .cls = NONE, .site = s->op_index});
        for (uint32_t c = 0; c < content_in(s, id)->n; c++)
            add(s, op->dst, content_in(s, id)->v[c]);
        for (uint32_t k = s->held_first[id]; k != NONE; k = s->held_attrs[k].next)
            if (!s->held_attrs[k].attr || !strcmp(s->held_attrs[k].attr, op->name))
                add(s, op->dst, s->held_attrs[k].value);
    } else {
        add(s, op->dst, part_of(s, id));
    }
}

/* ---- one op ------------------------------------------------------------- */

/* Whether the object may be of a mutable type; *known is false when no
 * type is known at all. */
static bool may_be_mutable(Solve *s, uint32_t id, bool *known)
{
    TypeInfo types[8];
    uint32_t nt = 0;
    types_of(s, id, types, &nt, 8);
    *known = nt > 0;
    for (uint32_t i = 0; i < nt; i++)
        if (!types[i].immutable)
            return true;
    return false;
}

/* After `@decorator` made `dst` from args[0]: remember which functions
 * stand in for which, so the original is judged with its wrapper. */
static void record_wraps(Solve *s, const PxOp *op, uint32_t decorator)
{
    const PxIdSet *made = slot_in(s, op->dst), *given = slot_in(s, op->args[0]);
    for (uint32_t i = 0; i < made->n; i++) {
        const Val *w = &s->objs[made->v[i]];
        if (w->kind != V_FUNCTION)
            continue;
        for (uint32_t k = 0; k < given->n; k++) {
            const Val *o = &s->objs[given->v[k]];
            if (o->kind == V_FUNCTION && o->a != w->a)
                px_record_wrap(s->p, w->a, o->a, decorator);
        }
    }
}

/* True if the effect lands on something module `m` itself defines. */
static bool own_object(const Project *p, const Val *t, uint32_t m)
{
    switch (t->kind) {
    case V_GLOBAL: case V_MODULE: return t->a == m;
    case V_CLASS: case V_FUNCTION: return p->units[t->a].module == m;
    default: return false;
    }
}

/* `import side` inside a function: the first call runs side's top-level
 * code on the calling thread. What that code does to its own new module
 * is no one else's business (the import lock covers it); what it does to
 * other objects is this function's effect. */
static void import_at_run_time(Solve *s, const PxOp *op)
{
    Project *p = s->p;
    ValList vals;
    px_vals_init(&vals);
    px_import_values(p, s->u->module, op->name, op->index, NULL, false, &vals);
    for (uint32_t i = 0; i < vals.n; i++) {
        if (vals.v[i].kind != V_MODULE)
            continue;
        uint32_t m = vals.v[i].a, body = p->mods[m].first_unit;
        px_demand(p, body);
        const Unit *mu = &p->units[body];
        px_add_dependent(p, body, s->uid);
        char msg[512];
        snprintf(msg, sizeof msg, "imports `%s`, whose top-level code runs on the first import",
                 p->mods[m].name);
        Step step = {true, s->u->module, op->start, op->end, str(s, msg)};
        for (uint32_t k = 0; k < mu->sum.neffects; k++) {
            const Effect *src = &mu->sum.effects[k];
            if (own_object(p, &src->target, m) || relative(&src->target))
                continue;
            Effect e = *src;
            e.trace = trace_link(s, step, src->trace);
            add_effect(s, &e);
        }
    }
    px_vals_free(&vals);
}

static bool caching_decorator(Solve *s, const Val *d)
{
    return d->kind == V_EXTERNAL && !d->part && d->name &&
           (d->name == name_of(s, "functools.lru_cache") || d->name == name_of(s, "functools.cache"));
}

static void apply(Solve *s, const PxOp *op)
{
    Project *p = s->p;
    switch ((PxOpKind)op->kind) {
    case PX_OP_PARAM: {
        const Unit *u = s->u;
        Val pv = mk(V_PARAM, op->index, 0, op->name);
        if (op->index == 0 && u->class_unit != NONE && !u->is_static) {
            if (u->is_classmethod) {
                add_val(s, op->dst, mk(V_CLASS, u->class_unit, 0, NULL));
                break;
            }
            pv.cls = u->class_unit; /* self */
        }
        add_val(s, op->dst, pv);
        if (op->name2)
            add_val(s, op->dst, mk(V_DEFAULT, s->uid, op->index, op->name));
        break;
    }
    case PX_OP_FRESH:
        add_val(s, op->dst, (Val){.kind = V_FRESH, .name = op->name ? name_of(s, op->name) : NULL,
                                  .cls = NONE, .site = s->op_index});
        break;
    case PX_OP_COPY:
        if (union_bounded(s, &s->slots[op->dst], slot_in(s, op->a)))
            slot_grew(s, op->dst);
        break;
    case PX_OP_GLOBAL: {
        ValList vals;
        px_vals_init(&vals);
        px_module_name_values(p, s->u->module, name_of(s, op->name), &vals);
        px_add_name_reader(p, p->mods[s->u->module].first_unit, s->uid);
        for (uint32_t i = 0; i < vals.n; i++)
            add_val(s, op->dst, vals.v[i]);
        px_vals_free(&vals);
        break;
    }
    case PX_OP_CELL: {
        uint32_t owner = p->mods[s->u->module].first_unit + op->index;
        const char *name = name_of(s, op->name);
        add_val(s, op->dst, mk(V_CELL, owner, 0, name));
        /* functions and classes defined in the enclosing scope stay callable */
        const Unit *ou = &p->units[owner];
        px_demand(p, owner);
        px_add_name_reader(p, owner, s->uid);
        int32_t i = px_unit_name(ou, name);
        if (i >= 0) {
            for (uint32_t k = 0; k < ou->name_nvals[i]; k++) {
                Val cv = ou->name_vals[i][k];
                if (cv.kind == V_FUNCTION || cv.kind == V_CLASS ||
                    cv.kind == V_MODULE || cv.kind == V_EXTERNAL)
                    add_val(s, op->dst, cv);
            }
        }
        break;
    }
    case PX_OP_ELEM: {
        const PxIdSet *src = slot_in(s, op->a);
        for (uint32_t i = 0; i < src->n; i++) {
            uint32_t id = src->v[i];
            const Val *v = &s->objs[id];
            if (v->kind == V_FRESH) {
                add(s, op->dst, id);
                for (uint32_t c = 0; c < content_in(s, id)->n; c++)
                    add(s, op->dst, content_in(s, id)->v[c]);
            } else if (main_thread(v)) {
                add(s, op->dst, part_of(s, id));
            }
        }
        break;
    }
    case PX_OP_ATTR: {
        const PxIdSet *src = slot_in(s, op->a);
        for (uint32_t i = 0; i < src->n; i++)
            attr_of(s, op, src->v[i]);
        break;
    }
    case PX_OP_STORE_ELEM:
    case PX_OP_DEL_ELEM:
    case PX_OP_STORE_ATTR:
    case PX_OP_DEL_ATTR: {
        bool is_attr = op->kind == PX_OP_STORE_ATTR || op->kind == PX_OP_DEL_ATTR;
        bool del = op->kind == PX_OP_DEL_ELEM || op->kind == PX_OP_DEL_ATTR;
        PxIdSet dst = {0}; /* copy: a setter's solve may intern objects */
        set_union(s, &dst, slot_in(s, op->a));
        for (uint32_t i = 0; i < dst.n; i++) {
            uint32_t id = dst.v[i];
            if (is_attr)
                set_property(s, op, id);
            const Val *v = &s->objs[id];
            if (v->kind == V_PARAM && !del && op->b != PX_NO_SLOT)
                flows_into_param(s, v->a, is_attr && !v->part ? op->name : NULL,
                                 slot_in(s, op->b));
            if (v->kind == V_FRESH) {
                if (op->b != PX_NO_SLOT &&
                    union_bounded(s, &s->content[id], slot_in(s, op->b)))
                    content_grew(s, id);
            } else if (main_thread(v) && op->end > op->start) {
                if (is_attr)
                    effect(s, PX_FIND_ATTRIBUTE_WRITE, id, op->a, "%s its attribute `%s`",
                           del ? "deletes" : "sets", op->name);
                else
                    effect(s, PX_FIND_CONTAINER_MUTATION, id, op->a, "%s an item of it",
                           del ? "deletes" : "assigns");
            }
        }
        set_release(s, &dst);
        break;
    }
    case PX_OP_INPLACE: {
        /* `x += 1` on a number makes a new number; on a list it extends it. */
        bool rhs_scalar = slot_in(s, op->b)->n > 0;
        for (uint32_t i = 0; i < slot_in(s, op->b)->n; i++) {
            const Val *r = &s->objs[slot_in(s, op->b)->v[i]];
            rhs_scalar &= r->kind == V_FRESH && r->name == NULL && r->cls == NONE;
        }
        const PxIdSet *dst = slot_in(s, op->a);
        for (uint32_t i = 0; i < dst->n; i++) {
            uint32_t id = dst->v[i];
            if (!main_thread(&s->objs[id]))
                continue;
            bool known = false;
            bool mutable_type = may_be_mutable(s, id, &known);
            if (known ? mutable_type : !rhs_scalar)
                effect(s, PX_FIND_CONTAINER_MUTATION, id, op->a,
                       "updates it in place with an augmented assignment");
        }
        break;
    }
    case PX_OP_CALL: {
        const PxIdSet *callee = slot_in(s, op->a);
        if (op->index == PX_CALL_DECORATOR) {
            /* A project decorator is analyzed as the call it is; any other
             * is taken to return the function (a wrapper it makes is not
             * the function on the whitelist: the runtime checks the code). */
            PxIdSet c = {0};
            set_union(s, &c, callee);
            bool project = false;
            for (uint32_t i = 0; i < c.n; i++) {
                /* a copy: calls below may grow the object table */
                const Val d = s->objs[c.v[i]];
                if (d.kind == V_FUNCTION || (d.kind == V_BOUND && d.a != NONE)) {
                    call_value(s, op, c.v[i], 0);
                    record_wraps(s, op, d.a);
                    project = true;
                } else if (caching_decorator(s, &d)) {
                    /* each call goes through the wrapper's shared cache */
                    add_val(s, op->dst, mk(V_EXTERNAL, 0, 0, name_of(s, LRU_WRAPPER)));
                    project = true;
                }
            }
            if (!project && union_bounded(s, &s->slots[op->dst], slot_in(s, op->args[0])))
                slot_grew(s, op->dst);
            set_release(s, &c);
            break;
        }
        if (callee->n == 0)
            problem(s, PX_FIND_UNVERIFIABLE, "calls something pxlint cannot resolve");
        /* copy: calls may intern new objects and grow the set */
        PxIdSet c = {0};
        set_union(s, &c, callee);
        for (uint32_t i = 0; i < c.n; i++)
            call_value(s, op, c.v[i], 0);
        set_release(s, &c);
        break;
    }
    case PX_OP_METHOD: {
        PxIdSet r = {0};
        set_union(s, &r, slot_in(s, op->a));
        if (r.n == 0 && any_main_thread_arg(s, op))
            problem(s, PX_FIND_UNVERIFIABLE,
                    "passes main-thread objects to `%s` on a value pxlint cannot "
                    "resolve", op->name);
        for (uint32_t i = 0; i < r.n; i++)
            method_on(s, op, r.v[i]);
        set_release(s, &r);
        break;
    }
    case PX_OP_SUPER_METHOD: {
        const Unit *u = s->u;
        uint32_t self_slot = PX_NO_SLOT;
        for (uint32_t i = 0; i < s->ir->nops; i++)
            if (s->ir->ops[i].kind == PX_OP_PARAM && s->ir->ops[i].index == 0)
                self_slot = s->ir->ops[i].dst;
        bool done = false;
        /* the bases read here may appear after this solve (the class's
         * enclosing scope sets them) */
        depend_on_class(s, u->class_unit, 0);
        if (u->class_unit != NONE && self_slot != PX_NO_SLOT) {
            const Unit *cu = &p->units[u->class_unit];
            for (uint32_t b = 0; b < cu->nbases && !done; b++) {
                bool data = false;
                uint32_t f = class_lookup(s, cu->bases[b], op->name, &data);
                if (f == NONE)
                    continue;
                PxIdSet selfs = {0};
                set_union(s, &selfs, slot_in(s, self_slot));
                for (uint32_t k = 0; k < selfs.n; k++)
                    instantiate(s, op, f, p->units[f].is_static ? NONE : selfs.v[k], 0);
                set_release(s, &selfs);
                done = true;
            }
            if (!done && cu->nexternal_bases) {
                PxEffect eff;
                if (known_method(s, cu->external_bases[0], op->name, &eff) ||
                    !strcmp(op->name, "__init__")) {
                    done = true;
                } else {
                    call_external(s, op,
                                  px_intern_join(p->strings, cu->external_bases[0], ".",
                                                 op->name),
                                  0);
                    done = true;
                }
            }
        }
        if (!done && !(u->class_unit != NONE && !strcmp(op->name, "__init__") &&
                       p->units[u->class_unit].nbases == 0 &&
                       !p->units[u->class_unit].unresolved_base)) {
            if (bases_pending(p, u->class_unit))
                px_enqueue(p, s->uid); /* solved again once they are known */
            else
                problem(s, PX_FIND_UNVERIFIABLE,
                        "calls `super().%s`, which pxlint cannot resolve", op->name);
        }
        break;
    }
    case PX_OP_RETURN: {
        const PxIdSet *src = slot_in(s, op->a);
        if (s->sum.nreturns >= MAX_SET) {
            /* collapse: the function may return anything */
            Val t = mk(V_TOP, 0, 0, NULL);
            if (!(s->sum.nreturns == 1 && s->sum.returns[0].kind == V_TOP)) {
                s->sum.returns[0] = t;
                s->sum.nreturns = 1;
            }
            break;
        }
        if (s->sum.nreturns == 1 && s->sum.returns[0].kind == V_TOP)
            break;
        for (uint32_t i = 0; i < src->n; i++) {
            Val r = s->objs[src->v[i]];
            if (r.kind == V_BOUND || r.kind == V_UNKNOWN)
                continue;
            if (r.kind == V_FRESH) {
                r.site = NONE;
                /* a fresh container holding main-thread objects hands them out */
                for (uint32_t c = 0; c < content_in(s, src->v[i])->n; c++) {
                    Val cv = s->objs[content_in(s, src->v[i])->v[c]];
                    if (main_thread(&cv)) {
                        cv.part = true;
                        cv.site = NONE;
                        bool dup = false;
                        for (uint32_t k = 0; k < s->sum.nreturns; k++)
                            dup |= val_eq(&s->sum.returns[k], &cv);
                        if (!dup)
                            PX_PUSH(s->sum.returns, s->sum.nreturns, s->sum.capreturns, cv);
                    }
                }
            }
            bool dup = false;
            for (uint32_t k = 0; k < s->sum.nreturns; k++)
                dup |= val_eq(&s->sum.returns[k], &r);
            if (!dup)
                PX_PUSH(s->sum.returns, s->sum.nreturns, s->sum.capreturns, r);
        }
        break;
    }
    case PX_OP_REBIND_GLOBAL: {
        uint32_t g = obj(s, mk(V_GLOBAL, s->u->module, 0, name_of(s, op->name)));
        effect(s, PX_FIND_REBIND, g, PX_NO_SLOT, "%s it after `global %s`",
               op->index ? "deletes" : "assigns to", op->name);
        break;
    }
    case PX_OP_REBIND_CELL: {
        uint32_t owner = p->mods[s->u->module].first_unit + op->index;
        uint32_t c = obj(s, mk(V_CELL, owner, 0, name_of(s, op->name)));
        effect(s, PX_FIND_REBIND, c, PX_NO_SLOT, "assigns to it after `nonlocal %s`",
               op->name);
        break;
    }
    case PX_OP_DYNAMIC:
        problem(s, PX_FIND_DYNAMIC, "uses %s, which pxlint cannot analyze",
                op->name);
        break;
    case PX_OP_FUNC:
    case PX_OP_CLASS: {
        uint32_t unit = p->mods[s->u->module].first_unit + op->index;
        Unit *nu = &p->units[unit];
        add_val(s, op->dst, mk(op->kind == PX_OP_FUNC ? V_FUNCTION : V_CLASS, unit, 0, NULL));
        if (op->kind == PX_OP_FUNC && op->name2 && px_decorated_callback(p, op->name2))
            px_record_spawn(p, unit, PX_ANY_PARAMS);
        if (op->kind == PX_OP_FUNC && s->u->kind == UNIT_CLASS) {
            nu->class_unit = s->uid;
            const char *d = op->name2 ? op->name2 : "";
            nu->is_static = strstr(d, "staticmethod") != NULL;
            nu->is_classmethod = strstr(d, "classmethod") != NULL;
            nu->is_property = strstr(d, "property") != NULL ||
                              strstr(d, "cached_property") != NULL;
            nu->is_setter = strstr(d, ".setter") != NULL;
            nu->is_deleter = strstr(d, ".deleter") != NULL;
        }
        if (op->kind == PX_OP_CLASS) {
            uint32_t nbases = nu->nbases, nexternal = nu->nexternal_bases;
            bool unresolved = nu->unresolved_base;
            nu->is_dataclass = op->name2 && strstr(op->name2, "dataclass");
            for (uint32_t i = 0; i < op->nargs; i++) {
                const PxIdSet *b = slot_in(s, op->args[i]);
                if (b->n == 0)
                    nu->unresolved_base = true;
                for (uint32_t k = 0; k < b->n; k++) {
                    const Val *bv = &s->objs[b->v[k]];
                    bool seen = false;
                    if (bv->kind == V_CLASS && !bv->part) {
                        for (uint32_t j = 0; j < nu->nbases; j++)
                            seen |= nu->bases[j] == bv->a;
                        if (!seen) {
                            nu->bases = px_realloc(nu->bases, (nu->nbases + 1) * sizeof(uint32_t));
                            nu->bases[nu->nbases++] = bv->a;
                            s->changed = true;
                            s->restart = 0; /* any lookup may see the base */
                            /* calls on the base's instances may now reach
                             * this class's overrides */
                            Unit *base = &p->units[bv->a];
                            px_idset_add(&base->subclasses, unit);
                            px_subclasses_changed(p, bv->a);
                        }
                    } else if (bv->kind == V_EXTERNAL && !bv->part) {
                        for (uint32_t j = 0; j < nu->nexternal_bases; j++)
                            seen |= nu->external_bases[j] == bv->name;
                        if (!seen) {
                            nu->external_bases = px_realloc(nu->external_bases,
                                (nu->nexternal_bases + 1) * sizeof(char *));
                            nu->external_bases[nu->nexternal_bases++] = bv->name;
                        }
                    } else {
                        nu->unresolved_base = true;
                    }
                }
            }
            /* Bases change in this solve, not the class's own: what read
             * them (lookups, super()) is solved again, as for its names. */
            if (nu->nbases != nbases || nu->nexternal_bases != nexternal ||
                nu->unresolved_base != unresolved)
                px_names_changed(p, unit);
        }
        break;
    }
    case PX_OP_IMPORT:
    case PX_OP_IMPORT_FROM: {
        ValList vals;
        px_vals_init(&vals);
        px_import_values(p, s->u->module, op->name, op->index,
                         op->kind == PX_OP_IMPORT_FROM ? op->name2 : NULL,
                         op->kind == PX_OP_IMPORT_FROM, &vals);
        for (uint32_t i = 0; i < vals.n; i++)
            add_val(s, op->dst, vals.v[i]);
        px_vals_free(&vals);
        if (s->u->kind == UNIT_FUNCTION)
            import_at_run_time(s, op);
        break;
    }
    case PX_OP_IMPLICIT:
        implicit_op(s, op);
        break;
    case PX_OP_TOO_COMPLEX:
        problem(s, PX_FIND_UNVERIFIABLE, "%s", op->name);
        break;
    }
}

/* ---- the unit ----------------------------------------------------------- */

/* A function's names are read only by the functions nested in it, through
 * their free variables, and only for what they may call. */
static bool published(const Solve *s, const char *name, const Val *v)
{
    if (v->kind == V_BOUND || (v->kind == V_PARAM && s->u->kind != UNIT_FUNCTION))
        return false;
    if (s->u->kind != UNIT_FUNCTION)
        return true;
    if (v->kind != V_FUNCTION && v->kind != V_CLASS && v->kind != V_MODULE &&
        v->kind != V_EXTERNAL)
        return false;
    const PxSymbol *sym = px_scopes_symbol(s->p->mods[s->u->module].m->scopes,
                                           s->u->scope, name);
    return sym && sym->scope == PX_SYM_CELL;
}

/* Whether `published` can hold for any of the unit's names: a function
 * publishes only its closure variables. */
static bool publishes(const Unit *u)
{
    if (u->kind != UNIT_FUNCTION)
        return true;
    for (uint32_t i = 0; i < u->sc->nsymbols; i++)
        if (u->sc->symbols[i].scope == PX_SYM_CELL)
            return true;
    return false;
}

static int cmp_published(const void *pa, const void *pb)
{
    const PxPublished *a = pa, *b = pb;
    if (a->name != b->name)
        return (uintptr_t)a->name < (uintptr_t)b->name ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Publishes the values of the unit's own names (for module globals, class
 * attributes and closure variables); true if they changed. The names are
 * sorted by address (for px_unit_name), each one's values in the order of
 * their slots. They are gathered in the project's scratch array: most
 * solves publish what the unit had, and then allocate nothing. */
static bool publish_names(Solve *s)
{
    Unit *u = s->u;
    Project *p = s->p;
    if (!publishes(u))
        return false; /* it has none: nothing to compare either */
    const char *const *names = unit_slot_names(p, u);
    size_t npub = 0;
    for (uint32_t i = 0; i < s->ir->nslots; i++) {
        const char *name = names[i];
        if (!name || !s->slots[i].n)
            continue;
        for (uint32_t j = 0; j < s->slots[i].n; j++) {
            Val v = s->objs[s->slots[i].v[j]];
            if (!published(s, name, &v))
                continue;
            if (v.kind == V_FRESH)
                v.site = NONE;
            PxPublished e = {name, (uint32_t)npub, v};
            PX_PUSH(p->published, npub, p->cappublished, e);
        }
    }
    if (npub > 1)
        qsort(p->published, npub, sizeof(*p->published), cmp_published);
    /* in place: each name's first entry, then its distinct values */
    PxPublished *pub = p->published;
    size_t k = 0, nfirst = 0;
    for (size_t i = 0; i < npub; i++) {
        if (i == 0 || pub[i].name != pub[i - 1].name) {
            PX_PUSH(p->published_first, nfirst, p->cappublished_first, (uint32_t)k);
        } else {
            bool dup = false;
            for (size_t q = p->published_first[nfirst - 1]; q < k && !dup; q++)
                dup = val_eq(&pub[q].v, &pub[i].v);
            if (dup)
                continue;
        }
        pub[k++] = pub[i];
    }
    size_t n = nfirst; /* names; first[n] ends the last one's values */
    PX_PUSH(p->published_first, nfirst, p->cappublished_first, (uint32_t)k);
    const uint32_t *first = p->published_first;
    bool changed = n != u->nnames;
    for (size_t i = 0; i < n && !changed; i++) {
        uint32_t nv = first[i + 1] - first[i];
        changed = pub[first[i]].name != u->names[i] || nv != u->name_nvals[i];
        for (uint32_t q = 0; q < nv && !changed; q++)
            changed = !val_eq(&pub[first[i] + q].v, &u->name_vals[i][q]);
    }
    if (changed) {
        for (uint32_t i = 0; i < u->nnames; i++)
            free(u->name_vals[i]);
        free(u->name_vals);
        free(u->name_nvals);
        free(u->names);
        u->names = px_malloc((n ? n : 1) * sizeof(char *));
        u->name_vals = px_malloc((n ? n : 1) * sizeof(Val *));
        u->name_nvals = px_malloc((n ? n : 1) * sizeof(uint32_t));
        for (size_t i = 0; i < n; i++) {
            uint32_t nv = first[i + 1] - first[i];
            u->names[i] = pub[first[i]].name;
            u->name_nvals[i] = nv;
            u->name_vals[i] = px_malloc(nv * sizeof(Val));
            for (uint32_t q = 0; q < nv; q++)
                u->name_vals[i][q] = pub[first[i] + q].v;
        }
        u->nnames = (uint32_t)n;
    }
    return changed;
}

static bool same_effect(const Effect *a, const Effect *b)
{
    return a->kind == b->kind && a->module == b->module && a->start == b->start &&
           a->end == b->end && val_eq(&a->target, &b->target);
}

/* Whether two summaries hold the same effects and returns (any order). */
static bool same_summary(const Summary *a, const Summary *b)
{
    if (a->neffects != b->neffects || a->nreturns != b->nreturns ||
        a->nflows != b->nflows)
        return false;
    for (uint32_t i = 0; i < a->nflows; i++) {
        bool found = false;
        for (uint32_t k = 0; k < b->nflows && !found; k++)
            found = a->flows[i].param == b->flows[k].param &&
                    same_attr(a->flows[i].attr, b->flows[k].attr) &&
                    val_eq(&a->flows[i].value, &b->flows[k].value);
        if (!found)
            return false;
    }
    for (uint32_t i = 0; i < a->neffects; i++) {
        bool found = false;
        for (uint32_t k = 0; k < b->neffects && !found; k++)
            found = same_effect(&a->effects[i], &b->effects[k]);
        if (!found)
            return false;
    }
    for (size_t i = 0; i < a->nreturns; i++) {
        bool found = false;
        for (size_t k = 0; k < b->nreturns && !found; k++)
            found = val_eq(&a->returns[i], &b->returns[k]);
        if (!found)
            return false;
    }
    return true;
}

/* A solve's arrays: those of a solve that ended, or new ones. Solves nest
 * (px_demand), and there are tens of thousands of them, most of whose
 * arrays would be the same sizes again. */
static void take_buffers(Project *p, Solve *s)
{
    if (p->nspare_solves) {
        const Solve *b = &p->spare_solves[--p->nspare_solves];
        s->pool = b->pool;
        s->objs = b->objs;
        s->content = b->content;
        s->held = b->held;
        s->held_first = b->held_first;
        s->content_read_at = b->content_read_at;
        s->capobjs = b->capobjs;
        s->hash = b->hash;
        s->hashalloc = b->hashalloc;
        s->held_attrs = b->held_attrs;
        s->capheld_attrs = b->capheld_attrs;
        s->slots = b->slots;
        s->slot_read_at = b->slot_read_at;
        s->capslots = b->capslots;
        s->groups = b->groups;
        s->groupalloc = b->groupalloc;
        s->group_next = b->group_next;
        s->capgroup_next = b->capgroup_next;
        s->flow_heads = b->flow_heads;
        s->capflow_heads = b->capflow_heads;
        s->flow_prev = b->flow_prev;
        s->capflow_prev = b->capflow_prev;
    } else {
        s->pool = px_idpool_create();
    }
    size_t nslots = s->ir->nslots ? s->ir->nslots : 1;
    if (nslots > s->capslots) {
        s->capslots = nslots;
        s->slots = px_realloc(s->slots, nslots * sizeof(PxIdSet));
        s->slot_read_at = px_realloc(s->slot_read_at, nslots * sizeof(uint32_t));
    }
    memset(s->slots, 0, nslots * sizeof(PxIdSet));
}

/* Its sets all go back to the pool at once; the arrays wait for the next. */
static void give_back_buffers(Project *p, Solve *s)
{
    px_idpool_reset(s->pool);
    PX_PUSH(p->spare_solves, p->nspare_solves, p->capspare_solves, *s);
}

void px_solve_buffers_free(Project *p)
{
    for (size_t i = 0; i < p->nspare_solves; i++) {
        Solve *s = &p->spare_solves[i];
        px_idpool_destroy(s->pool);
        free(s->slots);
        free(s->slot_read_at);
        free(s->content);
        free(s->held);
        free(s->held_attrs);
        free(s->held_first);
        free(s->content_read_at);
        free(s->objs);
        free(s->hash);
        free(s->groups);
        free(s->group_next);
        free(s->flow_heads);
        free(s->flow_prev);
    }
    free(p->spare_solves);
    p->spare_solves = NULL;
    p->nspare_solves = p->capspare_solves = 0;
}

enum {
    MAX_OP_RUNS = 8,     /* of one op growing what it read itself */
    MAX_CUT_PASSES = 16, /* passes of a solve cut short (px_solve_once) */
};

/* Applies op until it grows nothing it read itself. A call reads its
 * arguments' objects and may store into them (a callee's flows), which
 * the same call's effects then reach: running the op again settles that
 * at once, where a new pass would run every op after it again too. */
static void apply_op(Solve *s, const PxOp *op)
{
    for (int runs = 0;; runs++) {
        s->again = false;
        apply(s, op);
        if (!s->again)
            return;
        if (runs == MAX_OP_RUNS) { /* then a pass from here, as for any read */
            s->changed = true;
            if (s->op_index < s->restart)
                s->restart = s->op_index;
            return;
        }
    }
}

void px_solve_once(Project *p, uint32_t uid)
{
    Unit *u = &p->units[uid];
    if (!u->ir)
        return;
    if (++p->next_solve_serial == 0)
        p->next_solve_serial = 1;
    Solve s = {.p = p, .uid = uid, .u = u, .ir = u->ir, .serial = p->next_solve_serial};
    take_buffers(p, &s);
    /* a solve may start inside another one (px_demand) */
    uint32_t outer = p->solving;
    int outer_star_depth = p->star_depth;
    p->solving = uid;
    p->star_depth = 0;
    p->solve_depth++;
    /* TOP exists from the start: add_bounded, collapsing a set that may be
     * an object's content, must not grow the tables that set lives in */
    (void)top(&s);
    /* Each solve starts afresh, so a problem seen only because a callee was
     * not analyzed yet ("calls something pxlint cannot resolve") goes away
     * once it is. After many solves the previous summary is kept as a floor:
     * results then only grow and the fixpoint terminates. */
    if (u->solves >= MAX_FRESH_SOLVES) {
        for (uint32_t i = 0; i < u->sum.neffects; i++)
            add_effect(&s, &u->sum.effects[i]);
        for (uint32_t i = 0; i < u->sum.nreturns; i++)
            PX_PUSH(s.sum.returns, s.sum.nreturns, s.sum.capreturns, u->sum.returns[i]);
        for (uint32_t i = 0; i < u->sum.nflows; i++)
            add_flow(&s, u->sum.flows[i].param, u->sum.flows[i].attr,
                     &u->sum.flows[i].value);
    }
    /* A pass after the first starts where a set grew after being read.
     * Ops before that read only what has not grown (nothing a solve
     * already done changes while this one runs), so running them again
     * would change nothing. A unit calling itself reads its own summary,
     * which any op may grow: its passes start at the top. */
    int rounds = 0, cuts = 0;
    bool recursive = false, cut;
    s.restart = 0;
    do {
        uint32_t from = recursive ? 0 : s.restart;
        cut = false;
        s.changed = s.calls_itself = false;
        s.restart = NOT_READ;
        size_t before = s.sum.neffects + s.sum.nflows + s.sum.nreturns + s.replaced;
        if (from == 0) {
            memset(s.slot_read_at, 0xff, u->ir->nslots * sizeof(uint32_t)); /* NOT_READ */
            memset(s.content_read_at, 0xff, s.nobjs * sizeof(uint32_t));
        } else {
            for (uint32_t i = 0; i < u->ir->nslots; i++)
                if (s.slot_read_at[i] >= from)
                    s.slot_read_at[i] = NOT_READ;
            for (size_t i = 0; i < s.nobjs; i++)
                if (s.content_read_at[i] >= from)
                    s.content_read_at[i] = NOT_READ;
        }
        for (s.op_index = from; s.op_index < u->ir->nops; s.op_index++) {
            apply_op(&s, &u->ir->ops[s.op_index]);
            /* A set read a little earlier grew (a loop's variable, most
             * often): the ops after this one would run again in the next
             * pass anyway, so that pass starts now, if going back costs
             * less than a quarter of the ops it skips. Going back far, or
             * again and again, costs more than one more full pass, which
             * settles every loop at once. Not for a unit calling itself,
             * whose passes start at the top. Over the standard library
             * this and apply_op leave 10% fewer ops to apply. */
            if (s.changed && !recursive && !s.calls_itself && cuts < MAX_CUT_PASSES &&
                (s.op_index - s.restart) * 4 < u->ir->nops - s.op_index) {
                cuts++;
                cut = true;
                break;
            }
        }
        recursive |= s.calls_itself;
        if (s.calls_itself &&
            s.sum.neffects + s.sum.nflows + s.sum.nreturns + s.replaced != before) {
            s.changed = true;
            s.restart = 0;
        }
    } while (s.changed && (cut || ++rounds < 50));
    bool sum_changed = !same_summary(&u->sum, &s.sum);
    if (p->summary_lock) /* findings are being made from summaries meanwhile */
        pthread_mutex_lock(p->summary_lock);
    free(u->sum.effects);
    free(u->sum.returns);
    free(u->sum.flows);
    u->sum = s.sum;
    u->solves++;
    if (p->summary_lock)
        pthread_mutex_unlock(p->summary_lock);
    bool names_changed = publish_names(&s);
    if (sum_changed)
        for (uint32_t i = 0; i < u->dependents.n; i++)
            px_enqueue(p, u->dependents.v[i]);
    if (names_changed)
        px_names_changed(p, uid);
    if (names_changed && u->kind == UNIT_CLASS)
        for (uint32_t b = 0; b < u->nbases; b++)
            px_subclasses_changed(p, u->bases[b]); /* its overrides may have changed */
    give_back_buffers(p, &s);
    p->solve_depth--;
    p->star_depth = outer_star_depth;
    p->solving = outer;
}
