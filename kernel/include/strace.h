/*
 * strace.h — the built-in system-call tracer (kernel/syscall/strace.c).
 *
 * "levitate.strace=1" on the kernel command line turns it on: the program
 * the host runs (and everything it forks or clones) has each system call,
 * signal and exit written on the console in strace -f's format, one STX
 * "LVTRACE " line ETX record each, which the host routes to the trace
 * (tools/lvrun --strace; docs/strace.md). Off, every hook costs one
 * predictable branch on strace_on.
 */
#pragma once

#include <types.h>

struct task;
struct trap_frame;
struct signal_cause;

/* Set once at boot from the command line, read-only afterwards. */
extern bool strace_on;

void strace_init(const char *cmdline);
/* syscall/table.c, around the handler. */
void strace_syscall_enter(const struct trap_frame *f);
void strace_syscall_exit(const struct trap_frame *f, long ret);
/* proc/signal.c: sig was taken for delivery (handler or default action). */
void strace_signal_delivered(int sig, const struct signal_cause *cause);
/* proc/clone.c: child (made by current()) is traced if its creator is. */
void strace_clone(struct task *child);
/* proc/task.c: t (current) is exiting with this wait status. */
void strace_task_exit(struct task *t, int wait_status);
