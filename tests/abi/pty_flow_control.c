/*
 * pty_flow_control.c — output flow control and the other termios ioctls on
 * a pty slave (n_tty.c, tty_ioctl.c): ^S stops output (a non-blocking
 * write gets EAGAIN, poll shows no POLLOUT) and ^Q restarts it, as do
 * TCXONC's TCOOFF and TCOON; TIOCSTI puts bytes in the input as if typed
 * (root); TCFLSH throws away the input; TIOCOUTQ, TIOCGETD, tcdrain and
 * tcsendbreak. Echo is off, so the master reads only what the slave writes;
 * each typed sequence ends with a line the slave reads, so it has been
 * processed.
 */
#include "pty_test.h" /* first: _GNU_SOURCE */

#include <poll.h>

static int master, slave;

static void try_write(const char *label)
{
	int fl = fcntl(slave, F_GETFL);
	fcntl(slave, F_SETFL, fl | O_NONBLOCK);
	struct pollfd p = {.fd = slave, .events = POLLOUT};
	poll(&p, 1, 0);
	ssize_t n = write(slave, "out\n", 4);
	say("%s: POLLOUT %d, write ", label, !!(p.revents & POLLOUT));
	if (n < 0)
		say("-1 %s\n", errname(errno));
	else
		say("%zd\n", n);
	fcntl(slave, F_SETFL, fl);
}

int main(void)
{
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY))
		return 1;
	struct termios t;
	tcgetattr(slave, &t);
	t.c_lflag &= ~ECHO;
	tcsetattr(slave, TCSANOW, &t);

	type_in(master, "\x13"
			"a\n");
	show_read("read", slave);
	try_write("after ^S");
	type_in(master, "\x11"
			"b\n");
	show_read("read", slave);
	try_write("after ^Q");
	show_echo("master got", master, slave);

	show_ret("TCOOFF", tcflow(slave, TCOOFF), errno);
	try_write("after TCOOFF");
	show_ret("TCOON", tcflow(slave, TCOON), errno);
	try_write("after TCOON");
	show_echo("master got", master, slave);
	expect_err("tcflow 9", tcflow(slave, 9), errno, EINVAL);

	say("-- TIOCSTI\n");
	const char *sti = "sti\n";
	for (const char *c = sti; *c; c++)
		if (ioctl(slave, TIOCSTI, c))
			say("TIOCSTI: %s\n", errname(errno));
	show_read("read", slave);

	say("-- TCFLSH\n");
	type_in(master, "gone");
	type_in(master, "\n");
	int avail = -1;
	struct pollfd p = {.fd = slave, .events = POLLIN};
	show_ret("poll for the line", poll(&p, 1, -1), errno);
	show_ret("tcflush TCIFLUSH", tcflush(slave, TCIFLUSH), errno);
	ioctl(slave, FIONREAD, &avail);
	say("FIONREAD after: %d\n", avail);
	expect_err("tcflush 7", tcflush(slave, 7), errno, EINVAL);
	type_in(master, "kept\n");
	show_read("read", slave);

	int q = -1;
	show_ret("TIOCOUTQ", ioctl(slave, TIOCOUTQ, &q), errno);
	say("queued: %d\n", q);
	int ldisc = -1;
	show_ret("TIOCGETD", ioctl(slave, TIOCGETD, &ldisc), errno);
	say("line discipline: %d\n", ldisc);
	show_ret("tcdrain", tcdrain(slave), errno);
	show_ret("tcsendbreak", tcsendbreak(slave, 0), errno);
	done();
	return 0;
}
