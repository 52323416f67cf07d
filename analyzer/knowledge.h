/* What pxlint knows about code it does not analyze: builtins and the standard
 * library (effects of functions and methods), spawners, thread-safe types,
 * C-extension modules. Loaded from YAML (the files in rules/knowledge/, compiled
 * into the binary, plus additions from .pxlint.yaml); read-only once loaded, so
 * worker threads share one instance without locks. */
#ifndef PX_KNOWLEDGE_H
#define PX_KNOWLEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PxKnowledge PxKnowledge;

/* What calling a function or method does, as far as the caller can tell. */
typedef enum {
    PX_EFFECT_UNKNOWN = 0, /* not in the knowledge base */
    PX_EFFECT_PURE,        /* no effect on anything that existed before */
    PX_EFFECT_MUTATES,     /* mutates the receiver / the arguments listed */
    PX_EFFECT_HIDDEN_STATE,/* mutates interpreter-wide state (PX202) */
    PX_EFFECT_DYNAMIC,     /* exec, eval, globals(), setattr(...) (PX302) */
} PxEffectKind;

/* What the call returns. */
typedef enum {
    PX_RESULT_FRESH = 0, /* a new object (or an immutable value) */
    PX_RESULT_DERIVED,   /* may be (part of) the receiver or an argument:
                            max(xs), d.get(k), iter(xs), getattr(o, n) */
    PX_RESULT_UNKNOWN,
} PxResultKind;

typedef struct {
    PxEffectKind effect;
    PxResultKind result;
    /* PX_EFFECT_MUTATES: bit i set = positional argument i is mutated;
     * PX_MUTATES_RECEIVER = the receiver (for methods). */
    uint32_t mutated_args;
    const char *note; /* hidden state / dynamic: what it touches, for messages */
} PxEffect;

#define PX_MUTATES_RECEIVER (1u << 31)

/* Where a spawner takes the arguments it passes its callback. */
typedef enum {
    PX_SPAWN_ARGS_UNKNOWN, /* not said: the callback may get any */
    PX_SPAWN_ARGS_REST,    /* every argument after the callback's */
    PX_SPAWN_ARGS_LISTED,  /* those at `arg_positions` and `arg_keywords` */
} PxSpawnArgsKind;

enum { PX_SPAWN_MAX_CARRIERS = 4 };

/* Where a spawner takes its callback, and its callback's arguments. */
typedef struct {
    int position;        /* positional index, or -1 */
    const char *keyword; /* keyword name, or NULL */
    PxSpawnArgsKind args;
    uint8_t narg_positions, narg_keywords;
    uint8_t arg_positions[PX_SPAWN_MAX_CARRIERS];
    const char *arg_keywords[PX_SPAWN_MAX_CARRIERS];
} PxSpawnerArg;

/* Loads the built-in knowledge base. Never fails (it is tested at build
 * time); aborts with a message if the embedded YAML is broken. */
PxKnowledge *px_knowledge_create(void);
void px_knowledge_destroy(PxKnowledge *kb);

/* Adds entries from a YAML document in the same format (used for config
 * additions). Returns false and fills err ("file:line:col: message") on a
 * malformed document; the knowledge base is unchanged then. */
bool px_knowledge_add_yaml(PxKnowledge *kb, const char *name, const char *text,
                           size_t len, char *err, size_t errlen);

/* The public name of a name in a C module that backs a public one
 * (module-aliases: `posix.fork` is `os.fork`), written into buf; NULL when
 * the module is no such alias (or buf is too small). */
const char *px_knowledge_public_name(const PxKnowledge *kb, const char *dotted,
                                     char *buf, size_t len);

/* A function by dotted name ("len" for builtins, "os.path.join",
 * "random.shuffle"). False if unknown. */
bool px_knowledge_function(const PxKnowledge *kb, const char *dotted,
                           PxEffect *out);

/* A method by its receiver type's dotted name ("list", "dict",
 * "collections.deque", "queue.Queue") and method name. False if unknown. */
bool px_knowledge_method(const PxKnowledge *kb, const char *type,
                         const char *method, PxEffect *out);

/* A method by name alone, for a receiver of unknown type: mutating if any
 * known container type's method of that name mutates its receiver
 * (append, update, add, ...), pure if every known type's method of that
 * name is pure (get, keys, startswith, ...). False if the name is unknown. */
bool px_knowledge_method_any(const PxKnowledge *kb, const char *method,
                             PxEffect *out);

/* The type a known constructor makes ("list" for list(), "collections.deque"
 * for collections.deque()), or NULL. */
const char *px_knowledge_constructs(const PxKnowledge *kb, const char *dotted);

/* True if objects of this type may be used from any thread through their
 * public API (queue.Queue, threading.Lock, logging.Logger, ...). */
bool px_knowledge_thread_safe_type(const PxKnowledge *kb, const char *type);

/* Spawners: calls whose argument is a callback run on another thread.
 * `dotted` is a function ("threading.Thread") or "*.method" for a method of
 * any receiver ("*.submit"). */
bool px_knowledge_spawner(const PxKnowledge *kb, const char *dotted,
                          PxSpawnerArg *out);

/* True if the module (or a parent package) is a known C extension, and not
 * configured thread-safe. */
bool px_knowledge_c_extension(const PxKnowledge *kb, const char *module);

/* --- Added to the interface above ------------------------------------------
 * Strings returned by lookups (notes, type names) live as long as the
 * knowledge base. The px_knowledge_add_* functions change it: call them
 * before it is shared with worker threads. Names given to them are copied. */

/* An empty knowledge base (tests, tools); fill it with px_knowledge_add_*. */
PxKnowledge *px_knowledge_create_empty(void);

/* Reads the knowledge sections of a .pxlint.yaml document -- spawners,
 * c-extensions, thread-safe-types, pure, hidden-state, or any other section
 * of the knowledge format (docs/knowledge.md) -- and ignores its other keys,
 * which belong to the config loader. Errors and atomicity as in
 * px_knowledge_add_yaml. */
bool px_knowledge_add_config(PxKnowledge *kb, const char *name,
                             const char *text, size_t len, char *err,
                             size_t errlen);

/* Single additions, for a caller that already holds validated settings.
 * A later entry for the same name replaces the earlier one. */
void px_knowledge_add_function(PxKnowledge *kb, const char *dotted,
                               const PxEffect *effect);
void px_knowledge_add_spawner(PxKnowledge *kb, const char *dotted,
                              PxSpawnerArg arg);
void px_knowledge_add_thread_safe_type(PxKnowledge *kb, const char *type);
/* A module, package or glob ("lxml.*") of C extension code. */
void px_knowledge_add_c_extension(PxKnowledge *kb, const char *module);
/* Exempts a module, package, function or glob from
 * px_knowledge_c_extension ("numpy.linalg", "zlib.crc32"). */
void px_knowledge_add_thread_safe_c_extension(PxKnowledge *kb,
                                              const char *name);

/* Checks that entries agree with each other across documents: every base,
 * result type and constructed type is a declared type (or a thread-safe
 * type), no chain of bases loops, and types with synchronized methods are
 * thread-safe types. False with err ("file:line:col: message") otherwise.
 * The unit tests run it on the built-in knowledge base. */
bool px_knowledge_check(const PxKnowledge *kb, char *err, size_t errlen);

/* True if `dotted` ("os.environ", "sys.path") or a parent of it is an object
 * of interpreter-wide state: mutating it is PX202, not PX101. *note (may be
 * NULL) receives what it is, for messages. */
bool px_knowledge_hidden_object(const PxKnowledge *kb, const char *dotted,
                                const char **note);

/* The type of the object a function returns, when known: a constructor's
 * type, or a declared result type ("logging.getLogger" -> "logging.Logger",
 * "re.compile" -> "re.Pattern"), for method lookups on the result. Whether
 * the result is fresh is PxEffect.result, not this. NULL if unknown. */
const char *px_knowledge_result_type(const PxKnowledge *kb, const char *dotted);
/* The same for a method ("re.Pattern", "match" -> "re.Match"). */
const char *px_knowledge_method_result_type(const PxKnowledge *kb,
                                            const char *type,
                                            const char *method);

#endif
