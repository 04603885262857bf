/*
 * orphaned_pgrp_sighup.c — POSIX orphaned process groups (Linux
 * kill_orphaned_pgrp): a child leads its own process group in our session
 * and has a stopped child in it; when the leader exits, nobody in another
 * group of the session can continue the stopped one, so the group is sent
 * SIGHUP and SIGCONT. The stopped grandchild reports SIGHUP and runs on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int report[2];

static void on_hup(int sig)
{
	write(report[1], "H", 1);
}

int main(void)
{
	if (pipe(report))
		return 1;
	pid_t leader = fork();
	if (leader == 0) {
		setpgid(0, 0);
		pid_t g = fork();
		if (g == 0) {
			signal(SIGHUP, on_hup);
			raise(SIGSTOP);
			write(report[1], "C", 1); /* continued */
			_exit(0);
		}
		int status;
		waitpid(g, &status, WUNTRACED); /* it is stopped */
		write(report[1], WIFSTOPPED(status) ? "S" : "?", 1);
		_exit(0); /* orphans the group */
	}
	close(report[1]);
	char seen[8] = {0};
	int n = 0;
	while (n < 3 && read(report[0], &seen[n], 1) == 1)
		n++;
	say("events: %s\n", seen);
	waitpid(leader, NULL, 0);
	done();
	return 0;
}
