/*
 * timers.h — a process's interval timers and POSIX timers (proc/timers.c);
 * timerfd is fs/timerfd.c.
 */
#pragma once

#include <types.h>

struct thread_group;
struct signal_cause;

/* A signal with si_code SI_TIMER was taken (signal_take): its timer's
 * overrun count goes into cause->overrun and timer_getoverrun. */
void posix_timer_signal_taken(struct thread_group *g, struct signal_cause *cause);
void itimer_real_signal_taken(struct thread_group *g);
/* execve: the POSIX timers are deleted, the interval timers stay. */
void timers_exec(struct thread_group *g);
/* The process's last thread exits: every timer is deleted. */
void timers_exit(struct thread_group *g);
