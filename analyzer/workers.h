/* Running independent per-item work on a fixed set of threads. */
#ifndef PX_WORKERS_H
#define PX_WORKERS_H

#include <stddef.h>

/* Called once per worker thread to make its private state (e.g. a parser),
 * and once more at the end to free it. */
typedef void *(*PxWorkerInit)(void *shared);
typedef void (*PxWorkerFini)(void *state);
/* Processes item i; must only write data owned by item i. */
typedef void (*PxWorkerFn)(size_t i, void *state, void *shared);

/* Runs fn for items 0..n-1 on `jobs` threads (1: the calling thread only)
 * and returns when all are done. Items are taken in order from a shared
 * atomic counter; results stay deterministic because each item writes only
 * its own slot. */
void px_parallel_for(size_t n, unsigned jobs, PxWorkerInit init,
                     PxWorkerFini fini, PxWorkerFn fn, void *shared);

/* The threads to use for a `jobs` option: itself, or one per online CPU
 * for 0. */
unsigned px_jobs(unsigned jobs);

#endif
