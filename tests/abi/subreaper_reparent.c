/*
 * subreaper_reparent.c — PR_SET_CHILD_SUBREAPER (prctl(2)): when a child
 * exits, its own child is reparented to the nearest subreaper ancestor,
 * which then reaps it. PR_GET_CHILD_SUBREAPER reports the flag.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	int flag = -1;
	prctl(PR_GET_CHILD_SUBREAPER, &flag);
	say("subreaper before: %d\n", flag);
	show_ret("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1), errno);
	prctl(PR_GET_CHILD_SUBREAPER, &flag);
	say("subreaper after: %d\n", flag);
	pid_t me = getpid();
	int p[2], gate[2], hold[2];
	if (pipe(p) || pipe(gate) || pipe(hold))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0) {
			pid_t parent = getppid();
			write(p[1], &parent, sizeof(parent)); /* "my parent is..." */
			char c;
			read(gate[0], &c, 1); /* the middle process has exited */
			int spins = 0;
			while (getppid() == parent && spins < 1000000) {
				sched_yield();
				spins++;
			}
			pid_t now = getppid();
			write(p[1], &now, sizeof(now));
			_exit(5);
		}
		char c;
		read(hold[0], &c, 1); /* until the grandchild has seen us as its parent */
		_exit(0);
	}
	pid_t first;
	read(p[0], &first, sizeof(first));
	say("grandchild's parent was the child: %s\n", first == child ? "yes" : "no");
	write(hold[1], "x", 1);
	int status;
	say("child reaped: %s\n", waitpid(child, &status, 0) == child ? "yes" : "no");
	write(gate[1], "x", 1);
	pid_t now;
	read(p[0], &now, sizeof(now));
	say("ppid==subreaper: %s\n", now == me ? "yes" : "no");
	pid_t got = wait(&status);
	say("subreaper reaped the grandchild: %s, exit code %d\n", got > 0 && got != child ? "yes" : "no",
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	done();
	return 0;
}
