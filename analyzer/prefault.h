/* Page faults taken off the thread that runs the fixpoint. Over a large run
 * it allocates a few hundred MiB, and the first touch of each 4 KiB page
 * costs it a page fault: a fifth of its time over the standard library.
 * Meanwhile another thread has the kernel map the heap ahead of it. */
#ifndef PX_PREFAULT_H
#define PX_PREFAULT_H

typedef struct PxPrefault PxPrefault;

/* Starts populating the main thread's heap as it grows; NULL where that
 * cannot be done (not Linux with glibc, no thread). */
PxPrefault *px_prefault_start(void);
/* Stops it; NULL is accepted. */
void px_prefault_stop(PxPrefault *prefault);

#endif
