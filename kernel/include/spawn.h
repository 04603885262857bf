/*
 * spawn.h — the kernel starting user processes: PID 1 (proc/init.c).
 */
#pragma once

#include <types.h>

struct task;
struct thread_group;

/*
 * A new process, child of parent (NULL: none), with /dev/console as fds 0,
 * 1 and 2, not yet running: spawn_exec() loads a program into it and starts
 * it, and may be tried with several paths; spawn_discard() frees it if none
 * loads. Its pid is its tid, allocated here once, however many tries.
 */
struct task *spawn_alloc(const char *comm, struct thread_group *parent);
int __must_check spawn_exec(struct task *t, const char *path, const char *const *argv, int argc,
			    const char *const *envp, int envc);
void spawn_discard(struct task *t);

/* proc/init.c */
/* Execs PID 1 as the command line chooses (rdinit=, init=, Linux's fallbacks). */
void init_start(const char *cmdline);
/* PID 1's last thread is exiting with this wait status: Linux's panic, then power off. */
void __noreturn init_died(int wait_status);
/* PID 1 reaped child pid: logs the free page count under "levitate.log_reaps". */
void init_reaped(int pid);
