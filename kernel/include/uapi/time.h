/* uapi/time.h — clock ids, TIMER_ABSTIME and the interval timers of
 * getitimer(2)/setitimer(2) (Linux include/uapi/linux/time.h). The kernel
 * and the vDSO (kernel/vdso/src/vclock.c) include this header for them. */
#pragma once

/* clock_gettime(2) and friends: the clock ids */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_SGI_CYCLE 10 /* no longer a clock; only strace's name for the id */
#define CLOCK_TAI 11

/* clock_nanosleep, timer_settime, timerfd_settime: an absolute expiry */
#define TIMER_ABSTIME 1

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
