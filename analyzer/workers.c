/* A minimal fork-join pool: threads pull item indices from an atomic counter. */
#include "workers.h"

#include "alloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    atomic_size_t next;
    size_t n;
    PxWorkerInit init;
    PxWorkerFini fini;
    PxWorkerFn fn;
    void *shared;
} Job;

static void *run(void *arg)
{
    Job *job = arg;
    void *state = job->init ? job->init(job->shared) : NULL;
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->n)
            break;
        job->fn(i, state, job->shared);
    }
    if (job->fini)
        job->fini(state);
    return NULL;
}

void px_parallel_for(size_t n, unsigned jobs, PxWorkerInit init,
                     PxWorkerFini fini, PxWorkerFn fn, void *shared)
{
    Job job = {.n = n, .init = init, .fini = fini, .fn = fn, .shared = shared};
    atomic_init(&job.next, 0);
    if (jobs > n)
        jobs = (unsigned)(n ? n : 1);
    if (jobs <= 1) {
        run(&job);
        return;
    }
    pthread_t *threads = px_calloc(jobs - 1, sizeof(pthread_t));
    unsigned started = 0;
    for (unsigned t = 0; t + 1 < jobs; t++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        /* Analyses are iterative, but tree-sitter and libc like some room. */
        pthread_attr_setstacksize(&attr, 8u << 20);
        if (pthread_create(&threads[t], &attr, run, &job) != 0) {
            pthread_attr_destroy(&attr);
            break; /* fewer threads is still correct */
        }
        pthread_attr_destroy(&attr);
        started++;
    }
    run(&job);
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
}

unsigned px_jobs(unsigned jobs)
{
    long n = jobs ? (long)jobs : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : (unsigned)n;
}
