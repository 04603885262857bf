/*
 * fcntl_async_hung_up_tty.c — F_SETFL O_ASYNC on a terminal descriptor that
 * is hung up (Linux fs/fcntl.c setfl calls f_op->fasync, which after
 * __tty_hangup is hung_up_tty_fasync: -ENOTTY, and the flag does not
 * change): a pty slave after vhangup(2) of the session's terminal, and a
 * pty slave whose master was closed (pty_close hangs the slave up). An open
 * pty is the control: O_ASYNC goes on. Each case runs in a child in a new
 * session, so the console stays untouched.
 */
#include "pty_test.h"

#include <signal.h>
#include <sys/wait.h>

static void set_async(int fd, const char *what)
{
	errno = 0;
	int r = fcntl(fd, F_SETFL, O_ASYNC);
	say("%s: F_SETFL O_ASYNC %d %s, O_ASYNC now %d\n", what, r, r < 0 ? errname(errno) : "",
	    !!(fcntl(fd, F_GETFL) & O_ASYNC));
}

static void open_pty_control(void)
{
	setsid();
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY) != 0)
		return;
	set_async(slave, "open pty slave");
}

static void after_vhangup(void)
{
	setsid();
	signal(SIGHUP, SIG_IGN);
	signal(SIGCONT, SIG_IGN);
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR) != 0) /* becomes the controlling terminal */
		return;
	say("vhangup: %d\n", vhangup());
	set_async(slave, "slave after vhangup");
}

static void after_master_close(void)
{
	setsid();
	signal(SIGHUP, SIG_IGN);
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY) != 0)
		return;
	close(master);
	set_async(slave, "slave after the master's close");
}

int main(void)
{
	in_child(open_pty_control);
	in_child(after_vhangup);
	in_child(after_master_close);
	say("done\n");
	return 0;
}
