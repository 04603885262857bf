/*
 * pty_master_before_slave.c — a pty master whose slave was never opened
 * (drivers/tty/pty.c: TTY_OTHER_CLOSED is set only by the slave's
 * pty_close, so a new pair's master is an idle tty, not a hung-up one):
 * poll reports it writable and neither readable nor hung up, a
 * non-blocking read gives EAGAIN, and bytes written to it wait for the
 * slave. Once a slave file was opened and closed, the master polls
 * POLLHUP and reads EIO. script(1) and terminal emulators poll the master
 * while their child is still opening the slave: a master that read EIO at
 * once made them end before the child ran.
 */
#include "pty_test.h" /* first: _GNU_SOURCE */

#include <poll.h>

static void show_poll(const char *label, int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	int n = poll(&p, 1, 0);
	say("%s: poll %d in %d out %d hup %d err %d\n", label, n, !!(p.revents & POLLIN), !!(p.revents & POLLOUT),
	    !!(p.revents & POLLHUP), !!(p.revents & POLLERR));
}

int main(void)
{
	mount_devpts();
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		say("openpt: %s\n", errname(errno));
		return 1;
	}
	char name[64];
	snprintf(name, sizeof(name), "%s", ptsname(master));

	struct termios t; /* no echo: what the master reads later is only what the slave wrote */
	tcgetattr(master, &t);
	t.c_lflag &= ~(tcflag_t)ECHO;
	show_ret("tcsetattr master (the slave's termios)", tcsetattr(master, TCSANOW, &t), errno);

	show_poll("new master", master);
	char buf[16];
	expect_err("read new master", read(master, buf, sizeof(buf)), errno, EAGAIN);
	show_ret("write new master", write(master, "hi\n", 3), errno);
	show_poll("after write", master);

	int slave = open(name, O_RDWR | O_NOCTTY);
	show_ret("open slave", slave < 0 ? -1 : 0, errno);
	ssize_t n = read(slave, buf, sizeof(buf));
	say("slave read %zd: %.*s", n, n > 0 ? (int)n : 0, buf);
	close(slave);

	show_poll("slave closed", master);
	expect_err("read after slave closed", read(master, buf, sizeof(buf)), errno, EIO);
	close(master);
	done();
	return 0;
}
