/*
 * wait_clone_children.c — wait4/waitid and "clone children" (wait(2)
 * NOTES): a child made by clone with no exit signal is invisible to a
 * plain wait (ECHILD), found with __WCLONE or __WALL; an ordinary child is
 * not found with __WCLONE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	int gate[2];
	if (pipe(gate))
		return 1;
	pid_t quiet = (pid_t)syscall(SYS_clone, 0 /* no exit signal */, 0, 0, 0, 0);
	if (quiet == 0) {
		char c;
		close(gate[1]);
		read(gate[0], &c, 1);
		_exit(6);
	}
	close(gate[0]);
	int status;
	expect_err("waitpid(clone child, WNOHANG)", waitpid(quiet, &status, WNOHANG), errno, ECHILD);
	show_ret("waitpid(clone child, __WCLONE|WNOHANG) while it runs", waitpid(quiet, &status, __WCLONE | WNOHANG),
		 errno);
	close(gate[1]);
	pid_t got = waitpid(quiet, &status, __WCLONE);
	say("__WCLONE reaped it: %s, exit code %d\n", got == quiet ? "yes" : "no", WEXITSTATUS(status));

	pid_t normal = fork();
	if (normal == 0)
		_exit(2);
	expect_err("wait(__WCLONE) with only an ordinary child", waitpid(-1, &status, __WCLONE), errno, ECHILD);
	got = waitpid(-1, &status, __WALL);
	say("__WALL reaped the ordinary child: %s, exit code %d\n", got == normal ? "yes" : "no", WEXITSTATUS(status));
	done();
	return 0;
}
