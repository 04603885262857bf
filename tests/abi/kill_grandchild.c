/*
 * kill_grandchild.c — a process can signal any process it has permission
 * for, not only its children (issue #13, divergence 9): kill(grandchild, 0)
 * and kill(grandchild, SIGTERM) from the grandparent; the grandchild's
 * parent sees it die of SIGTERM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	int p[2], r[2];
	if (pipe(p) || pipe(r))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0) {
			pause();
			_exit(0);
		}
		write(p[1], &grandchild, sizeof(grandchild));
		int status;
		waitpid(grandchild, &status, 0);
		char verdict = (char)(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? 'y' : 'n');
		write(r[1], &verdict, 1);
		_exit(0);
	}
	pid_t grandchild;
	read(p[0], &grandchild, sizeof(grandchild));
	show_ret("kill(grandchild, 0)", kill(grandchild, 0), errno);
	show_ret("kill(grandchild, SIGTERM)", kill(grandchild, SIGTERM), errno);
	char verdict = '?';
	read(r[0], &verdict, 1);
	say("its parent saw it die of SIGTERM: %c\n", verdict);
	waitpid(child, NULL, 0);
	expect_err("kill(reaped grandchild, 0)", kill(grandchild, 0), errno, ESRCH);
	done();
	return 0;
}
