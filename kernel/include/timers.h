/*
 * timers.h — a process's interval timers and POSIX timers (proc/timers.c);
 * timerfd is fs/timerfd.c.
 */
#pragma once

#include <types.h>

struct thread_group;
struct signal_cause;

/* Signal sig was taken (signal_take; Linux dequeue_signal): a periodic
 * ITIMER_REAL whose SIGALRM it may be, or the POSIX timer whose SI_TIMER
 * signal it is, is re-armed one period on, and the timer's overrun count
 * goes into cause->overrun and timer_getoverrun. */
void timers_signal_taken(struct thread_group *g, int sig, struct signal_cause *cause);
/* execve: the POSIX timers are deleted, the interval timers stay. */
void timers_exec(struct thread_group *g);
/* The process's last thread exits: every timer is deleted. */
void timers_exit(struct thread_group *g);
