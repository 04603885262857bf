/* clone_parent_sibling: clone(CLONE_PARENT) makes the new process a child
 * of the caller's parent (kernel/fork.c copy_process: "CLONE_PARENT re-uses
 * the old parent"), with the caller's own exit signal whatever the flags
 * say: the middle process cannot wait for it (ECHILD), its getppid() is the
 * grandparent's pid, and the grandparent reaps it with a SIGCHLD-style
 * wait (not __WCLONE). The middle process and the new one report through two pipes. */
#include "lvtest.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

static int report[2], sib_report[2]; /* from the middle process, from its sibling */

int main(void)
{
	if (pipe(report) || pipe(sib_report))
		return 1;
	pid_t top = getpid();
	pid_t middle = fork();
	if (middle == 0) {
		/* raw clone: flags, stack 0 (a copy of ours), no tids */
		long sib = syscall(SYS_clone, CLONE_PARENT | SIGUSR1, 0, 0, 0, 0);
		if (sib == 0) {
			int ok = getppid() == top;
			(void)!write(sib_report[1], &ok, sizeof(ok));
			_exit(7);
		}
		int waited = waitpid((pid_t)sib, NULL, __WALL);
		int err = errno;
		(void)!write(report[1], &sib, sizeof(sib));
		(void)!write(report[1], &waited, sizeof(waited));
		(void)!write(report[1], &err, sizeof(err));
		_exit(0);
	}
	int ok = 0, waited = 0, err = 0;
	long sib = 0;
	(void)!read(sib_report[0], &ok, sizeof(ok));
	(void)!read(report[0], &sib, sizeof(sib));
	(void)!read(report[0], &waited, sizeof(waited));
	(void)!read(report[0], &err, sizeof(err));
	yesno("clone(CLONE_PARENT) made a process", sib > 0);
	yesno("its parent is the grandparent", ok);
	say("middle's waitpid: %d %s\n", waited, errname(err));
	int status = 0;
	pid_t got = waitpid((pid_t)sib, &status, 0); /* no __WCLONE: exit signal is SIGCHLD */
	yesno("grandparent reaps it", got == (pid_t)sib);
	yesno("exit status 7", WIFEXITED(status) && WEXITSTATUS(status) == 7);
	waitpid(middle, &status, 0);
	yesno("middle exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	done();
	return 0;
}
