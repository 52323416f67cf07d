/* The heap is grown in steps of 16 MiB (M_TOP_PAD), and a helper thread asks
 * the kernel to map each new stretch of it (MADV_POPULATE_WRITE: page
 * tables filled as if written, the contents left alone), a megabyte at a
 * time so the thread growing the heap never waits long on the kernel's
 * lock. The heap here is glibc's main arena, which grows with brk(2) and
 * serves the main thread: the command line's fixpoint runs there. Setting
 * M_TOP_PAD also stops glibc from moving its mmap threshold for the rest of
 * the process, which costs nothing here (blocks that large are few). */
#include "prefault.h"

#include "alloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#endif

#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)

enum {
    STEP = 16 << 20,         /* the heap grows this much beyond each request */
    DEFAULT_PAD = 128 << 10, /* glibc's M_TOP_PAD, restored at the end */
    CHUNK = 1 << 20,         /* populated per call */
    POLL_NS = 1000000,       /* how often the break is looked at */
};

struct PxPrefault {
    pthread_t thread;
    atomic_bool stop;
    uintptr_t from; /* the break when it started: the heap grows from there */
};

/* The program break from the kernel, not from libc's copy of it, which the
 * allocating thread updates without a lock. */
static uintptr_t current_break(void) { return (uintptr_t)syscall(SYS_brk, 0); }

static void *populate(void *arg)
{
    PxPrefault *pf = arg;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t done = (pf->from + page - 1) & ~(page - 1);
    while (!atomic_load(&pf->stop)) {
        uintptr_t end = current_break() & ~(page - 1);
        if (end < done)
            done = end; /* the heap was trimmed */
        while (done < end && !atomic_load(&pf->stop)) {
            size_t n = end - done < CHUNK ? end - done : CHUNK;
            /* EINVAL: a kernel before 5.14; anything else: the heap moved
             * under us (trimmed), which the next round sees */
            if (madvise((void *)done, n, MADV_POPULATE_WRITE) != 0 && errno == EINVAL)
                return NULL;
            done += n;
        }
        nanosleep(&(struct timespec){0, POLL_NS}, NULL);
    }
    return NULL;
}

PxPrefault *px_prefault_start(void)
{
    PxPrefault *pf = px_calloc(1, sizeof(*pf));
    atomic_init(&pf->stop, false);
    pf->from = current_break();
    if (!mallopt(M_TOP_PAD, STEP) ||
        pthread_create(&pf->thread, NULL, populate, pf) != 0) {
        mallopt(M_TOP_PAD, DEFAULT_PAD);
        free(pf);
        return NULL;
    }
    return pf;
}

void px_prefault_stop(PxPrefault *pf)
{
    if (!pf)
        return;
    atomic_store(&pf->stop, true);
    pthread_join(pf->thread, NULL);
    mallopt(M_TOP_PAD, DEFAULT_PAD);
    free(pf);
}

#else

PxPrefault *px_prefault_start(void) { return NULL; }
void px_prefault_stop(PxPrefault *pf) { (void)pf; }

#endif
