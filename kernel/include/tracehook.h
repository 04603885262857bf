/*
 * tracehook.h — the process events a tracer hears of (Linux's tracehook.h
 * and tracepoints): a clone, a signal taken for delivery, a task's exit.
 *
 * The system-call tracer (syscall/strace.c, a layer above proc/) registers
 * its operations at boot; proc/ calls them through here and so does not
 * depend on the tracer. Without a tracer each hook costs one predictable
 * branch on the NULL pointer.
 */
#pragma once

#include <types.h>

struct task;
struct signal_cause;

struct tracehook_ops {
	/* proc/clone.c: child was made by current(). */
	void (*clone)(struct task *child);
	/* proc/signal.c: current() took sig for delivery (handler or default action). */
	void (*signal_delivered)(int sig, const struct signal_cause *cause);
	/* proc/task.c: t (current) is exiting with this wait status. */
	void (*task_exit)(struct task *t, int wait_status);
};

/* Set once at boot, before the first process; read-only afterwards. NULL: no tracer. */
extern const struct tracehook_ops *tracehook;

static inline bool tracehook_on(void)
{
	return unlikely(tracehook != NULL);
}
