/*
 * process.h — the process operations (proc/task.c, proc/exit.c): creating
 * and ending tasks and thread groups, process groups and sessions,
 * signalling a process, and waiting for children.
 *
 * task.h is the scheduler's view of a task (struct task, current(), the
 * run states, task_signal_pending, the scheduler's calls) and the two
 * structures; this header is what proc/ does with them, for the layers at
 * and above proc/. Locking as task.h says ([group], [tasks]: pid.h's lock
 * order).
 */
#pragma once

#include <signal.h>
#include <task.h>
#include <types.h>

/* task.c */
/* A new task with a new pid; NULL if memory or pids ran out. */
struct task *task_alloc(const char *comm);
/* The same, saying why not: -ENOMEM, or -EAGAIN (no pid left). */
struct task *task_alloc_err(const char *comm, int *err);
void __noreturn task_exit(int wait_status);
/* Ends the whole process with this wait status: every other thread gets
 * SIGKILL and the status is the group's (exit_group, fatal signals). */
void __noreturn group_exit(int wait_status);
/* Adds t to group g (its thread list and counts). */
void thread_group_add(struct thread_group *g, struct task *t);
/* The task dump (sysrq t, w: tty/sysrq.c): every task, or only those in
 * an uninterruptible sleep, with sched_show_task (task.h). */
void task_show_all(bool uninterruptible_only);
/* sysrq.c: a magic SysRq key (t, w, l; others: help), from the serial
 * console or /proc/sysrq-trigger. */
void sysrq_handle(char key);
/* How many tasks exist, idle tasks not counted (sysinfo procs, Linux nr_threads). */
int task_count(void);
/* kernel.threads-max (Linux kernel/fork.c max_threads): a new task is
 * EAGAIN while task_count() is at it, whoever asks. Its default is Linux's
 * for this memory (set_max_threads: thread structures of THREAD_SIZE, 16
 * KiB on arm64, in at most an eighth of it); a write takes 1 to
 * FUTEX_TID_MASK (sysctl_max_threads), else -EINVAL. */
int threads_max(void);
int __attribute__((warn_unused_result)) threads_max_set(int value);
/* How many tasks have real uid uid (RLIMIT_NPROC, counted as Linux counts). */
int task_count_uid(u32 uid);
/*
 * A new process for the leader with tid pid: in parent's process group and session (a process without a
 * parent: in the group and session of the calling task's pid). Linked into
 * the process table; parent's children list is thread_group_adopt's.
 */
struct thread_group *thread_group_alloc(int pid, struct thread_group *parent);
/* Sets g->parent and g->ppid (NULL: none). [tasklist_lock] */
void thread_group_set_parent(struct thread_group *g, struct thread_group *parent);
/* fork: child becomes a child of parent (its children list). */
void thread_group_adopt(struct thread_group *parent, struct thread_group *child);
/* CLONE_PARENT: child becomes a child of self's parent (self's sibling). */
void thread_group_adopt_sibling(struct thread_group *self, struct thread_group *child);
void thread_group_get(struct thread_group *g);
/* Drops a reference; the last one unlinks g from the process table. */
void thread_group_put(struct thread_group *g);
void thread_group_put_locked(struct thread_group *g); /* [tasklist_lock] held */
/* A reaped process leaves the pid table (Linux release_task's
 * __unhash_process): kill, waitid, pidfds and /proc find it no more, and its
 * number is free (once no process group or session uses it) at once, not
 * when the last reference to the group goes (its exiting task's, a /proc
 * file's). [tasklist_lock] held */
void thread_group_unhash(struct thread_group *g);
/* A reaped process leaves its process group and session (Linux
 * detach_pid): kill(-pgrp), setpgid and the job-control walks find it no
 * more; g->pgrp and g->session are NULL after. [tasklist_lock] held */
void thread_group_leave_pgrp(struct thread_group *g);
/* A process that never ran (a failed spawn): out of the table and freed,
 * whatever references its setup took. */
void thread_group_discard(struct thread_group *g);
/* Process group and session numbers (take tasklist_lock). */
int thread_group_pgid(struct thread_group *g);
int thread_group_sid(struct thread_group *g);
/* Moves g to process group / session pid. [tasklist_lock] */
void thread_group_set_pgrp(struct thread_group *g, struct pid *pgrp);
void thread_group_set_session(struct thread_group *g, struct pid *session);
/* The live thread that gets process-directed signals, NULL once all are gone. [g->lock] */
struct task *thread_group_first_thread(struct thread_group *g);
/* Sends sig (0: only checks) to process p, to a thread that does not block
 * it, else pending for the process (Linux complete_signal): 0, -ESRCH if it
 * has no live thread, or -EAGAIN (signal_send_info). */
int thread_group_signal_process(struct thread_group *p, int sig, const struct signal_cause *cause);

/* oom_kill.c: the out-of-memory killer (Linux mm/oom_kill.c) */
#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_SCORE_ADJ_MAX 1000
#define OOM_BADNESS_UNKILLABLE (-0x7fffffffffffffffL - 1) /* LONG_MIN */
/* Pages the badness is scaled by (totalram_pages + total_swap_pages). */
u64 oom_total_pages(void);
/* Linux oom_badness: resident pages + oom_score_adj * totalpages / 1000, or
 * OOM_BADNESS_UNKILLABLE (PID 1, oom_score_adj -1000, no memory). Takes tasklist_lock. */
long oom_badness(struct thread_group *g, u64 totalpages);
/* oom_kill_for_fault is in signal.h (the fault path's). */

/* init.c: PID 1's end and reaps */
/* PID 1's last thread is exiting with this wait status: Linux's panic, then power off. */
void __noreturn init_died(int wait_status);
/* PID 1 reaped child pid: logs the free page count if on (init_log_reaps, at boot). */
void init_reaped(int pid);
void init_log_reaps(bool on);

/* exit.c */
/* The process g has no threads left: its children find a new parent, its
 * parent is told (exit_signal, wait queues) or it is released at once. */
void process_exited(struct thread_group *g);
struct pid;
/* Is pgrp orphaned (no member has a parent in another group of its session)? [tasklist_lock] */
bool process_pgrp_orphaned(struct pid *pgrp);
/* The exited g's parent is told (its exit signal) and releases it if it
 * autoreaps (process_exited; or later, once g's tracer has seen the exit). [tasklist_lock] */
void process_exit_report(struct thread_group *g);
/* SIGCHLD (code, pid, uid, status) to `to` unless it ignores it or set
 * SA_NOCLDSTOP; its waiters wake. [tasklist_lock] */
void process_notify_cldstop(struct thread_group *to, int pid, u32 uid, int code, int status);
/* Tells g's parent that g stopped or continued (CLD_STOPPED, CLD_CONTINUED). */
void process_notify_job_change(struct thread_group *g, int code, int sig);
/* SIGCHLD's and waitid's view of how the exited process c ended. */
void process_exit_cause(struct thread_group *c, struct signal_cause *cause);

/* What a wait4/waitid looks for, and what it found. */
struct wait_query {
	struct thread_group *parent; /* whose children */
	int which;		     /* P_ALL, P_PID, P_PGID (uapi/wait.h) */
	struct pid *pid;	     /* P_PID, P_PGID: the child or group (a reference held) */
	int options;		     /* W* (uapi/wait.h) */
	int status;		     /* found: wait status (wait4) */
	struct signal_cause cause;   /* found: si_code, si_pid, si_uid, si_status (waitid) */
	u64 utime_ns, stime_ns;	     /* found: its CPU time and its reaped children's */
	struct rusage_counts counts; /* found: its counts and its reaped children's */
};
/* Waits (unless WNOHANG) for a matching child: its pid, 0 (WNOHANG, none
 * ready), -ECHILD (no match) or -ERESTARTSYS. Reaps it unless WNOWAIT. */
int process_wait(struct wait_query *q);
bool wait_scan_ready(struct wait_query *q);
