/*
 * strace.h — the built-in system-call tracer (kernel/syscall/strace.c).
 *
 * "levitate.strace=1" on the kernel command line turns it on: the program
 * the host runs (and everything it forks or clones) has each system call,
 * signal and exit written on the console in strace -f's format, one STX
 * "LVTRACE " line ETX record each, which the host routes to the trace
 * (tools/lvrun --strace; docs/strace.md). Off, every hook costs one
 * predictable branch on strace_on (the system-call hooks of table.c) or on
 * tracehook (the process events: clone, signal delivery, exit; tracehook.h),
 * which strace_init points at the tracer's operations when it is on.
 */
#pragma once

#include <types.h>

struct task;
struct trap_frame;

/* Set once at boot from the command line, read-only afterwards. */
extern bool strace_on;

void strace_init(const char *cmdline);
/* syscall/table.c, around the handler. */
void strace_syscall_enter(const struct trap_frame *f);
void strace_syscall_exit(const struct trap_frame *f, long ret);
