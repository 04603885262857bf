/*
 * cputime.h — user and system CPU time of tasks and processes (proc/cputime.c).
 *
 * Three figures per task, as in Linux with CONFIG_TICK_CPU_ACCOUNTING:
 * sum_exec (the precise run time, counter-based, kept by the scheduler) and
 * the tick samples utime and stime (each tick charges TICK_NS to one of them
 * by the mode the timer interrupt found the task in). What users see as user
 * and system time is the precise run time split in the ratio of the samples,
 * made monotonic (Linux kernel/sched/cputime.c cputime_adjust).
 */
#pragma once

#include <types.h>

struct task;
struct thread_group;

/* What getrusage counts beside the times (Linux keeps these in task_struct
 * and signal_struct beside utime and stime). Of a task or a process the
 * counts are sums; maxrss is a maximum. */
struct rusage_counts {
	u64 min_flt;	   /* page faults handled: ru_minflt */
	u64 nvcsw, nivcsw; /* switches away because it blocked / because it was
			    * preempted or yielded: ru_nvcsw, ru_nivcsw */
	u64 maxrss;	   /* most pages resident: ru_maxrss (KiB to users) */
};

/* Raw figures: the times in ns, and the counts taken beside them. */
struct cputime {
	u64 utime, stime; /* tick samples */
	u64 sum_exec;	  /* precise run time */
	struct rusage_counts counts;
};

/* What a CPU clock samples (include/linux/posix-timers_types.h CPUCLOCK_*). */
#define CPUCLOCK_PROF 0	 /* utime + stime samples: ITIMER_PROF */
#define CPUCLOCK_VIRT 1	 /* utime samples: ITIMER_VIRTUAL */
#define CPUCLOCK_SCHED 2 /* precise run time: CLOCK_*_CPUTIME_ID */

static inline u64 cputime_sample(const struct cputime *c, int which)
{
	switch (which) {
	case CPUCLOCK_PROF: return c->utime + c->stime;
	case CPUCLOCK_VIRT: return c->utime;
	default: return c->sum_exec;
	}
}

/* The last split reported, so that neither part ever goes back (Linux struct prev_cputime). */
struct prev_cputime {
	u64 utime, stime;
};

/* Timer interrupt entry (the architecture's one call): was user mode interrupted? */
void cputime_irq_enter(bool from_user);
/* The scheduler tick: charges one tick to the running task's utime or stime. */
void cputime_tick(void);

/* Raw figures of a task (the running slice included), of a process (live
 * and exited threads). */
void task_cputime(struct task *t, struct cputime *out);
void thread_group_cputime(struct thread_group *g, struct cputime *out);
/* The user/system split users see (times, getrusage, wait4, /proc). */
void task_cputime_adjusted(struct task *t, u64 *utime, u64 *stime);
void thread_group_cputime_adjusted(struct thread_group *g, u64 *utime, u64 *stime);
/* Either of them with g->lock held: t's split, or g's if t is NULL. [g->lock] */
void cputime_adjusted_locked(struct thread_group *g, struct task *t, u64 *utime, u64 *stime);
/* A task exits: its figures move into its process's dead-thread totals. [g->lock] */
void cputime_thread_exit(struct thread_group *g, struct task *t);
/* What wait reports of a child: its adjusted figures and counts plus its
 * reaped children's (Linux getrusage RUSAGE_BOTH; maxrss the larger of its
 * own, as cputime_note_maxrss kept it, and its children's); reaping it adds
 * them to the parent's children totals (cputime_add_children: sums, and
 * the maximum of maxrss, as Linux wait_task_zombie keeps cmaxrss). */
void cputime_with_children(struct thread_group *g, u64 *utime, u64 *stime, struct rusage_counts *counts);
void cputime_add_children(struct thread_group *parent, u64 utime, u64 stime, const struct rusage_counts *counts);
/* The counts of a process (live and exited threads: RUSAGE_SELF); maxrss
 * is what cputime_note_maxrss kept, the live address space not included. */
void thread_group_counts(struct thread_group *g, struct rusage_counts *out);
/* Its reaped children's counts (RUSAGE_CHILDREN). */
void children_counts(struct thread_group *g, struct rusage_counts *out);
/* A thread leaves an address space (exit, exec) that had at most pages
 * resident: the process's maxrss is at least that (Linux setmax_mm_hiwater_rss
 * into signal->maxrss). */
void cputime_note_maxrss(struct thread_group *g, u64 pages);
/* A task's own page faults, or its process's if t is NULL (Linux
 * do_task_stat's min_flt for /proc/PID/task/TID/stat and /proc/PID/stat). [g->lock] */
u64 cputime_min_flt_locked(struct thread_group *g, struct task *t);

/* Precise CPU time of a task, and of a process (its live and exited threads). */
u64 task_cpu_ns(struct task *t);
u64 process_cpu_ns(struct thread_group *g);
