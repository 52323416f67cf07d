/* Phase timings from the monotonic and the process CPU clocks. */
#include "timings.h"

#include <time.h>

static double seconds(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void px_timings_start(PxTimings *t)
{
    if (!t)
        return;
    *t = (PxTimings){.last_wall = seconds(CLOCK_MONOTONIC),
                     .last_cpu = seconds(CLOCK_PROCESS_CPUTIME_ID)};
}

void px_timings_mark(PxTimings *t, PxPhase phase)
{
    if (!t)
        return;
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    t->wall[phase] += wall - t->last_wall;
    t->cpu[phase] += cpu - t->last_cpu;
    t->last_wall = wall;
    t->last_cpu = cpu;
}

const char *px_phase_name(PxPhase phase)
{
    static const char *const NAMES[PX_PHASE_COUNT] = {
        [PX_PHASE_FILES] = "files",       [PX_PHASE_INDEX] = "index",
        [PX_PHASE_FIXPOINT] = "fixpoint", [PX_PHASE_RESULTS] = "results",
        [PX_PHASE_REPORT] = "report",     [PX_PHASE_SILENCE] = "silence",
        [PX_PHASE_SORT] = "sort",
    };
    return phase < PX_PHASE_COUNT ? NAMES[phase] : "?";
}
