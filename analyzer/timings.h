/* Where a run's time goes, phase by phase: wall-clock and CPU seconds (the
 * CPU of every thread of the process, so a phase that keeps two cores busy
 * shows about twice its wall time). For `pxlint debug timings`; a run
 * without a PxTimings measures nothing. */
#ifndef PX_TIMINGS_H
#define PX_TIMINGS_H

typedef enum {
    PX_PHASE_FILES,    /* discovery, then reading, parsing, per-file facts */
    PX_PHASE_INDEX,    /* module names, units, the method index */
    PX_PHASE_FIXPOINT, /* the summaries (and findings made meanwhile) */
    PX_PHASE_RESULTS,  /* each callback's findings */
    PX_PHASE_REPORT,   /* findings become diagnostics */
    PX_PHASE_SILENCE,  /* severities, suppressions */
    PX_PHASE_SORT,     /* diagnostics in output order */
    PX_PHASE_COUNT
} PxPhase;

typedef struct {
    double wall[PX_PHASE_COUNT], cpu[PX_PHASE_COUNT];
    double last_wall, last_cpu; /* when the latest mark was taken */
} PxTimings;

/* The clock starts now; NULL: nothing happens (here and in px_timings_mark). */
void px_timings_start(PxTimings *t);
/* The time since the previous mark (or the start) goes to `phase`. */
void px_timings_mark(PxTimings *t, PxPhase phase);
const char *px_phase_name(PxPhase phase);

#endif
