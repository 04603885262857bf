/*
 * setpgid_sibling.c — what a shell does for a pipeline (kernel/sys.c
 * setpgid): the first child becomes a group leader, the parent puts the
 * second child into that group; kill(-group) reaches both. A process that
 * is not our child is ESRCH, a group that does not exist in our session is
 * EPERM, a negative pgid EINVAL, and a child that has exec'd EACCES.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static pid_t spawn_waiting(int gate)
{
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(gate, &c, 1);
		pause();
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
		pause();
		return 0;
	}
	int gate[2];
	if (pipe(gate))
		return 1;
	pid_t a = spawn_waiting(gate[0]);
	pid_t b = spawn_waiting(gate[0]);
	show_ret("setpgid(a, a)", setpgid(a, a), errno);
	show_ret("setpgid(b, a)", setpgid(b, a), errno);
	say("b is in a's group: %s\n", getpgid(b) == a ? "yes" : "no");
	say("a leads its group: %s\n", getpgid(a) == a ? "yes" : "no");
	expect_err("setpgid(b, no such group)", setpgid(b, 999999), errno, EPERM);
	expect_err("setpgid(b, -1)", setpgid(b, -1), errno, EINVAL);
	expect_err("setpgid(999999, 0)", setpgid(999999, 0), errno, ESRCH);

	pid_t c = fork();
	if (c == 0) {
		char *args[] = {argv[0], "sleeper", NULL};
		execv(argv[0], args);
		_exit(127);
	}
	/* wait until the child has exec'd: its command line changes */
	int tries = 0;
	for (; tries < 100000; tries++) {
		if (setpgid(c, c) == -1 && errno == EACCES)
			break;
		setpgid(c, getpgrp()); /* undo, try again */
		usleep(1000);
	}
	say("setpgid on an exec'd child: %s\n", tries < 100000 ? "EACCES" : "never refused");

	show_ret("kill(-a, SIGTERM)", kill(-a, SIGTERM), errno);
	int status, killed = 0;
	for (int i = 0; i < 2; i++) {
		pid_t got = waitpid(-a, &status, 0);
		killed += (got == a || got == b) && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
	}
	say("both died of SIGTERM: %s\n", killed == 2 ? "yes" : "no");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	expect_err("kill(-a, 0) after both are gone", kill(-a, 0), errno, ESRCH);
	done();
	return 0;
}
