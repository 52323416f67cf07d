/* Finding the Python files of a run from the paths the user gave. */
#ifndef PX_DISCOVER_H
#define PX_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct PxDiscovery PxDiscovery;

/* A test on a path (a file or a directory) found during discovery. */
typedef bool (*PxPathFilter)(const char *path, bool is_dir, void *ctx);

typedef struct {
    /* True when a path found inside a directory is to be left out (with a
     * directory, everything in it). May be NULL. */
    PxPathFilter exclude;
    /* The same test for the paths given to px_discover (ruff's
     * force-exclude). NULL: every path given is taken. */
    PxPathFilter exclude_given;
    /* True when a file found inside a directory is to be checked; NULL
     * takes the *.py files. Files given to px_discover are always taken. */
    PxPathFilter include;
    void *ctx;
} PxDiscoverOptions;

typedef struct {
    const char *path;
    const char *message;
    bool is_error; /* false: a warning that does not change the exit status */
} PxProblem;

/* Walks the paths: a file is taken as given, a directory is searched for
 * *.py, skipping hidden directories, __pycache__, node_modules and
 * virtualenvs (a directory holding pyvenv.cfg). Symlinked directories are
 * followed once. Never fails: problems are collected. Result sorted. */
PxDiscovery *px_discover(const char *const *paths, size_t npaths,
                         const PxDiscoverOptions *options);
void px_discovery_destroy(PxDiscovery *d);

size_t px_discovery_count(const PxDiscovery *d);
const char *px_discovery_path(const PxDiscovery *d, size_t i);
size_t px_discovery_problem_count(const PxDiscovery *d);
const PxProblem *px_discovery_problem(const PxDiscovery *d, size_t i);

#endif
