/*
 * syscall_restart.c — the restart decision for an interrupted system call
 * (syscall_restart.h). Pure: no task state, so the host unit test
 * (tests/unit/test_syscall_restart.c) checks every case. Linux's rules:
 * arch/arm64/kernel/signal.c do_signal and handle_signal (the same in every
 * architecture's signal.c).
 */
#include <syscall_restart.h>

#include <uapi/errno.h>

bool syscall_is_restart_code(long retval)
{
	return retval == -ERESTARTSYS || retval == -ERESTARTNOINTR || retval == -ERESTARTNOHAND ||
	       retval == -ERESTART_RESTARTBLOCK;
}

enum syscall_restart syscall_restart_decision(long retval, bool handler_runs, bool sa_restart)
{
	if (!syscall_is_restart_code(retval))
		return SYSCALL_RESTART_NONE;
	if (!handler_runs)
		return retval == -ERESTART_RESTARTBLOCK ? SYSCALL_RESTART_BLOCK : SYSCALL_RESTART_AGAIN;
	switch (retval) {
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK: return SYSCALL_RESTART_EINTR;
	case -ERESTARTSYS: return sa_restart ? SYSCALL_RESTART_AGAIN : SYSCALL_RESTART_EINTR;
	default: /* -ERESTARTNOINTR */ return SYSCALL_RESTART_AGAIN;
	}
}
