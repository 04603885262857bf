/* uapi/time.h — the interval timers of getitimer(2)/setitimer(2) (Linux
 * include/uapi/linux/time.h). */
#pragma once

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
