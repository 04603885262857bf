/*
 * syscall_restart.h — what happens to a system call a signal interrupted.
 *
 * A blocking call that a signal wakes returns one of the kernel-internal
 * codes -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND or
 * -ERESTART_RESTARTBLOCK (uapi/errno.h); user space never sees them. On the
 * way back to user mode (signal.c, exit_to_user_mode) the code and whether a
 * handler is about to run decide between running the call again, running
 * restart_syscall, or failing with EINTR. The rule is Linux's, split from
 * the arch code as in kernel/entry/common.c + arch/arm64/kernel/signal.c
 * do_signal; only "rewind the PC and restore the first argument" is the
 * architecture's (arch_syscall_rewind).
 */
#pragma once

#include <types.h>

enum syscall_restart {
	SYSCALL_RESTART_NONE,  /* not a restart code: the result stands */
	SYSCALL_RESTART_AGAIN, /* rewind: the same call runs again with its arguments */
	SYSCALL_RESTART_BLOCK, /* rewind to restart_syscall (the call's saved restart block) */
	SYSCALL_RESTART_EINTR, /* the call fails with EINTR */
};

/* Whether retval is one of the -ERESTART* codes. */
bool syscall_is_restart_code(long retval);

/*
 * The decision for a call that returned retval, when a handler is about to
 * run (handler_runs) whose sigaction has SA_RESTART (sa_restart), or when
 * none runs (the signal was ignored, stopped the process, or there was none):
 *   no handler:  every restart code runs the call again; RESTARTBLOCK through
 *                restart_syscall;
 *   a handler:   ERESTARTNOINTR runs again; ERESTARTSYS runs again only with
 *                SA_RESTART; ERESTARTNOHAND and RESTARTBLOCK fail with EINTR.
 */
enum syscall_restart syscall_restart_decision(long retval, bool handler_runs, bool sa_restart);
