/*
 * orphan_reparent_init.c — an orphan is adopted by PID 1 (no subreaper
 * here): a grandchild whose parent exits sees getppid() become 1, and init
 * reaps it later. Needs a user-space PID 1 (issue #13, the init work).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	int p[2], hold[2];
	if (pipe(p) || pipe(hold))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		pid_t parent = getpid(); /* the grandchild's parent, before it can be gone */
		pid_t g = fork();
		if (g == 0) {
			char c;
			close(hold[1]);
			read(hold[0], &c, 1); /* end of file: the parent has exited */
			int spins = 0;
			while (getppid() == parent && spins < 1000000) {
				sched_yield();
				spins++;
			}
			pid_t now = getppid();
			write(p[1], &now, sizeof(now));
			_exit(0);
		}
		_exit(0);
	}
	close(hold[0]);
	close(hold[1]);
	waitpid(child, NULL, 0);
	pid_t now = 0;
	read(p[0], &now, sizeof(now));
	say("orphan's ppid==1: %s\n", now == 1 ? "yes" : "no");
	done();
	return 0;
}
