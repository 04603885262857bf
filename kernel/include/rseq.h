/*
 * rseq.h — restartable sequences (Linux kernel/rseq.c, as of 6.1): a thread
 * registers a struct rseq in its memory; the kernel keeps its cpu_id fields
 * true on every return to user mode after the thread was switched out or
 * got a signal, and when that happened inside a critical section the thread
 * had described (rseq->rseq_cs), resumes it at the section's abort address
 * instead. glibc registers one for every thread it starts.
 */
#pragma once

#include <types.h>
#include <uaccess.h>

struct task;
struct trap_frame;

struct rseq_state {
	uaddr_t area;	/* the registered struct rseq, NULL: none [self] */
	u32 sig;	/* the signature that must precede every abort address [self] */
	bool resume;	/* update the area on the next return to user mode [self, set by sched] */
	bool preempted; /* an event that restarts a critical section happened [self, sched] */
};

/* The thread was switched out: its area needs an update, its section a restart. */
static inline void rseq_preempt(struct rseq_state *rs)
{
	if (!uaddr_is_null(rs->area)) {
		rs->resume = true;
		rs->preempted = true;
	}
}

/* On return to user mode when rs->resume is set. A bad area or section: SIGSEGV. */
void rseq_notify_resume(struct trap_frame *f);
/* Before a handler's frame is built: a section the signal interrupts aborts. 0 or -EFAULT. */
int rseq_signal_deliver(struct trap_frame *f);
/* clone: a new process keeps the registration (same memory), a new thread has none. */
void rseq_fork(struct task *child, const struct task *parent, bool same_mm);
