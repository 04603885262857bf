/*
 * tty_controlling_session.c — the serial console is the controlling tty of
 * the session a test runs in (the protocol's init made it so with setsid +
 * TIOCSCTTY): TIOCGSID and TIOCGPGRP on stdout name our session and our
 * process group; TIOCSCTTY from a process that leads no session is EPERM
 * (drivers/tty/tty_jobctrl.c tiocsctty). A child that starts its own session
 * has no controlling tty (TIOCGSID, TIOCGPGRP: ENOTTY) and cannot take the
 * console from our session without stealing it (EPERM).
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static void in_new_session(void)
{
	pid_t sid = setsid();
	int value;

	show_ret("child setsid is its pid", sid == getpid() ? 0 : -1, errno);
	expect_err("child TIOCGSID", ioctl(1, TIOCGSID, &value), errno, ENOTTY);
	expect_err("child TIOCGPGRP", ioctl(1, TIOCGPGRP, &value), errno, ENOTTY);
	expect_err("child TIOCSCTTY", ioctl(1, TIOCSCTTY, 0), errno, EPERM);
}

int main(void)
{
	int sid = -1, pgrp = -1, status;
	pid_t pid;

	show_ret("TIOCGSID", ioctl(1, TIOCGSID, &sid), errno);
	yesno("TIOCGSID is getsid(0)", sid == getsid(0));
	show_ret("TIOCGPGRP", ioctl(1, TIOCGPGRP, &pgrp), errno);
	yesno("TIOCGPGRP is getpgrp()", pgrp == getpgrp());
	expect_err("TIOCSCTTY, not a session leader", ioctl(1, TIOCSCTTY, 0), errno, EPERM);
	pid = fork();
	if (pid == 0) {
		in_new_session();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("child exit status %d\n", WEXITSTATUS(status));
	done();
	return 0;
}
