/*
 * pgrp_session.c — process groups and sessions (kernel/sys.c): a program
 * started by init is neither a group nor a session leader; a forked child
 * starts in its parent's group and session; setpgid(0, 0) makes it a group
 * leader, setsid a session leader (its own group and session, and then the
 * parent may not move it: EPERM); waitpid and kill take process groups;
 * unknown pids are ESRCH.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	pid_t me = getpid();
	say("group leader: %d, session leader: %d\n", getpgrp() == me, getsid(0) == me);
	say("getpgid(0) == getpgrp(): %d\n", getpgid(0) == getpgrp());
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		char r[4];
		r[0] = (char)('0' + (getpgrp() == getpgid(getppid())));
		r[1] = (char)('0' + (getsid(0) == getsid(getppid())));
		r[2] = (char)('0' + (setpgid(0, 0) == 0 && getpgrp() == getpid()));
		write(p[1], r, 3);
		pause();
		_exit(0);
	}
	char r[4] = {0};
	read(p[0], r, 3);
	say("child started in the parent's group: %c, session: %c; became a group leader: %c\n", r[0], r[1], r[2]);
	say("parent sees the child's group: %d\n", getpgid(child) == child);
	show_ret("kill(-child's group, SIGTERM)", kill(-child, SIGTERM), errno);
	int status;
	pid_t got = waitpid(-child, &status, 0);
	say("waitpid(-group) reaped it: %d, by SIGTERM: %d\n", got == child,
	    WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

	child = fork();
	if (child == 0) {
		pid_t sid = setsid();
		char ok = (char)('0' + (sid == getpid() && getsid(0) == getpid() && getpgrp() == getpid()));
		write(p[1], &ok, 1);
		pause();
		_exit(0);
	}
	char ok = 0;
	read(p[0], &ok, 1);
	say("setsid made the child a session and group leader: %c\n", ok);
	expect_err("setpgid on a child in another session", setpgid(child, me), errno, EPERM);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	say("killed: %d\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	expect_err("getpgid(999999)", getpgid(999999), errno, ESRCH);
	expect_err("kill(999999, 0)", kill(999999, 0), errno, ESRCH);
	done();
	return 0;
}
