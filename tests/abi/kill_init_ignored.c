/*
 * kill_init_ignored.c — PID 1 cannot be killed from user space: a signal it
 * has no handler for is dropped (kernel/signal.c sig_task_ignored,
 * SIGNAL_UNKILLABLE), SIGKILL and SIGSTOP included. kill() itself succeeds.
 * If init died, the machine would power off and this test never say done.
 * kill(1, 0) and getppid() show init is still there afterwards.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGSEGV, SIGKILL, SIGSTOP};

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		say("signal %d: ", sigs[i]);
		show_ret("kill(1)", kill(1, sigs[i]), errno);
	}
	show_ret("kill(1, 0)", kill(1, 0), errno);
	yesno("getppid() is 1", getppid() == 1);
	done();
	return 0;
}
