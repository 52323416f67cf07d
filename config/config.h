/* .pxlint.yaml: finding, reading and validating the configuration file, the
 * settings a run uses (defaults merged, command-line overrides applied), and
 * the discovery filter built from them (include, exclude, .gitignore). */
#ifndef PX_CONFIG_H
#define PX_CONFIG_H

#include "discover.h"
#include "rule.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PX_CONFIG_FILE ".pxlint.yaml"

/* Where a setting was written in the file; line 0 for defaults and the
 * command line. */
typedef struct {
    uint32_t line, column;
} PxConfigLoc;

typedef struct {
    const char *value; /* as written */
    const char *path;  /* path settings: absolute and normalised; else NULL */
    PxConfigLoc loc;
} PxConfigString;

typedef struct {
    const PxConfigString *items;
    size_t count;
} PxConfigList;

/* Where a spawner's call takes the arguments it passes its callback. */
typedef enum {
    PX_SPAWNER_ARGS_ANY,    /* not said: the callback may get any */
    PX_SPAWNER_ARGS_REST,   /* `rest`: every argument after the callback's */
    PX_SPAWNER_ARGS_LISTED, /* {positions: [...], keywords: [...]}: these carry them */
} PxSpawnerArgs;

enum { PX_SPAWNER_MAX_CARRIERS = 4 };

/* One `spawners` entry: a call that runs one of its arguments on a thread.
 *     spawners:
 *       - {call: concurrent.futures.ThreadPoolExecutor.submit, callback: 0}
 *       - {call: threading.Thread, callback: target,
 *          arguments: {positions: [3, 4], keywords: [args, kwargs]}} */
typedef struct {
    const char *call;    /* dotted name of the callee */
    int position;        /* 0-based positional index of the callback, or -1 */
    const char *keyword; /* keyword argument of the callback, or NULL */
    PxSpawnerArgs arguments;
    uint8_t npositions, nkeywords; /* PX_SPAWNER_ARGS_LISTED's carriers */
    uint8_t positions[PX_SPAWNER_MAX_CARRIERS];
    const char *keywords[PX_SPAWNER_MAX_CARRIERS];
    PxConfigLoc loc;
} PxSpawnerSpec;

/* One `per-file-ignores` entry: files matching glob do not report rules. */
typedef struct {
    const char *glob; /* as written; .gitignore syntax, relative to the root */
    PxRuleSet rules;
    PxConfigLoc loc;
} PxPerFileIgnore;

typedef enum {
    PX_MODE_STRICT, /* the only mode so far */
} PxMode;

/* The effective settings: defaults merged with the file. Strings live as
 * long as the PxConfig. */
typedef struct {
    const char *file; /* the config file read (absolute), or NULL */
    const char *root; /* project root: the file's directory, else the cwd */

    /* Discovery (used now). Patterns are in .gitignore syntax (glob.h). */
    PxConfigList include;        /* files taken from directories; "*.py" */
    PxConfigList exclude;        /* left out, directories included */
    PxConfigList extend_exclude; /* added to exclude */
    bool respect_gitignore;      /* default true */
    bool force_exclude;          /* exclude paths named on the command line too */
    size_t max_file_size;        /* bytes; 0 for the engine's default */

    /* Rules and reporting (used now). */
    bool has_select;
    PxConfigList select, extend_select, ignore; /* selectors as written */
    PxRuleSet rules; /* every rule, then select, extend-select, ignore */
    const PxPerFileIgnore *per_file_ignores;
    size_t nper_file_ignores;
    PxSeverity severity[PX_RULE_COUNT]; /* per rule, overrides applied */
    bool severity_set[PX_RULE_COUNT];   /* overridden by `severity` */
    bool report_unused_ignores;         /* report PX003 */

    /* Analysis: parsed and validated, not yet used by the analysis. */
    PxConfigList python_path;   /* .path is absolute */
    PxConfigList site_packages; /* .path is absolute */
    PxConfigList callback_decorators; /* "parallel", "app.parallel" */
    PxConfigList callback_functions;  /* "module:qualname" globs */
    const PxSpawnerSpec *spawners;
    size_t nspawners;
    PxConfigList c_extension_modules;     /* "numpy", "lxml.*" */
    bool c_extension_detect;              /* default true */
    PxConfigList c_extension_thread_safe; /* modules or dotted functions */
    PxConfigList thread_safe_types;       /* dotted type names */
    PxConfigList pure;                    /* dotted functions, effect-free */
    PxConfigList hidden_state;            /* dotted functions */
    PxMode mode;
    PxConfigString whitelist_output; /* .value NULL when not given */
    bool whitelist_all_functions;
} PxSettings;

/* Problems found in a config file: errors, and warnings that do not stop
 * the run. */
typedef struct {
    const char *file;      /* the file as shown to the user */
    uint32_t line, column; /* 1-based; 0 when there is no position */
    bool is_error;
    const char *text;      /* "unknown key 'x' — did you mean 'y'?" */
} PxConfigMessage;

typedef struct PxConfigMessages PxConfigMessages;

PxConfigMessages *px_config_messages_create(void);
void px_config_messages_destroy(PxConfigMessages *m);
size_t px_config_message_count(const PxConfigMessages *m);
const PxConfigMessage *px_config_message(const PxConfigMessages *m, size_t i);
size_t px_config_error_count(const PxConfigMessages *m);
/* Prints each message as "file:line:col: error: text". */
void px_config_messages_print(const PxConfigMessages *m, FILE *out);

typedef struct PxConfig PxConfig;

/* Looks for .pxlint.yaml in `start` (a directory) or the directory of
 * `start` (a file or a path that does not exist), then in each parent up
 * to /. Returns the absolute path (malloc'd) or NULL. */
char *px_config_find(const char *cwd, const char *start);

/* Defaults, for a project rooted at the absolute directory `root`. */
PxConfig *px_config_default(const char *cwd, const char *root);

/* Reads and validates `path` (relative to cwd, or absolute). Returns NULL
 * when the file cannot be read or is invalid; every problem is added to
 * msgs with the file, line and column. Warnings may be added on success. */
PxConfig *px_config_load(const char *cwd, const char *path,
                         PxConfigMessages *msgs);

/* The same from text already read (tests, editors). `path` names the file
 * in messages and its directory is the project root. */
PxConfig *px_config_parse(const char *cwd, const char *path, const char *text,
                          size_t len, PxConfigMessages *msgs);

void px_config_destroy(PxConfig *c);

const PxSettings *px_config_settings(const PxConfig *c);
/* For command-line overrides of the scalar settings (booleans, sizes, the
 * rule set). Strings and lists go through the setters below so that they
 * live in the config. */
PxSettings *px_config_edit(PxConfig *c);

/* Replaces (extend false) or extends exclude with patterns relative to
 * `base` (the cwd for the command line). False with a message naming the
 * bad pattern in err; the config is unchanged then. */
bool px_config_set_exclude(PxConfig *c, const char *const *globs, size_t n,
                           const char *base, bool extend, char *err,
                           size_t errlen);
/* Replaces python-path with dirs relative to `base`. */
void px_config_set_python_path(PxConfig *c, const char *const *dirs, size_t n,
                               const char *base);

/* The rules per-file-ignores turns off for a file (path relative to the
 * cwd the config was loaded with, or absolute). Thread-safe. */
PxRuleSet px_config_ignored_for(const PxConfig *c, const char *path);

/* Writes the effective settings as YAML, with a leading comment naming the
 * file they come from. The output loads back to the same settings. */
void px_config_show(const PxConfig *c, FILE *out);

/* Discovery filtering (include, exclude, .gitignore files) for one run.
 * Used by one thread; caches .gitignore files. `config` must outlive it. */
typedef struct PxFileFilter PxFileFilter;

PxFileFilter *px_file_filter_create(const PxConfig *config);
void px_file_filter_destroy(PxFileFilter *f);
/* Discovery options whose hooks call the filter. */
PxDiscoverOptions px_file_filter_options(PxFileFilter *f);
/* The hooks, callable directly: whether a path found in a directory is
 * left out (the path itself is tested: the walk prunes directories); the
 * same for a path given on the command line (its directories below the
 * root are tested too); whether a file found in a directory is taken. */
bool px_file_filter_excludes(PxFileFilter *f, const char *path, bool is_dir);
bool px_file_filter_excludes_given(PxFileFilter *f, const char *path, bool is_dir);
bool px_file_filter_includes(PxFileFilter *f, const char *path);

#endif
