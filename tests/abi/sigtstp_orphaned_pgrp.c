/*
 * sigtstp_orphaned_pgrp.c — job-control stop signals in an orphaned
 * process group (POSIX; Linux get_signal: is_current_pgrp_orphaned): the
 * test runs in the init's process group, which is orphaned (init never
 * counts as a parent that could continue it), so SIGTSTP, SIGTTIN and
 * SIGTTOU with the default action are dropped, while SIGSTOP still stops.
 * A child in a process group of its own (its parent, in another group of
 * the session, could continue it) is stopped by SIGTSTP.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static void child_stops(const char *label, int sig, int own_group)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		raise(sig);
		_exit(7); /* the stop was dropped */
	}
	if (own_group)
		setpgid(pid, pid);
	int status;
	waitpid(pid, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		say("%s: stopped by %d\n", label, WSTOPSIG(status));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	} else {
		say("%s: exited %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
}

int main(void)
{
	raise(SIGTSTP);
	raise(SIGTTIN);
	raise(SIGTTOU);
	say("still running after SIGTSTP, SIGTTIN, SIGTTOU\n");
	child_stops("child in our group, SIGTSTP", SIGTSTP, 0);
	child_stops("child in our group, SIGSTOP", SIGSTOP, 0);
	child_stops("child in its own group, SIGTSTP", SIGTSTP, 1);
	child_stops("child in its own group, SIGTTOU", SIGTTOU, 1);
	done();
	return 0;
}
