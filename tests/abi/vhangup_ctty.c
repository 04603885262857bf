/* vhangup_ctty: vhangup(2) (Linux fs/open.c ksys_vhangup, tty_vhangup_self,
 * drivers/tty/tty_io.c __tty_hangup) hangs up the caller's controlling
 * terminal, here a pty slave: the session leader gets SIGHUP then SIGCONT,
 * the session loses its terminal (/dev/tty: ENXIO), and the descriptors
 * open on it are hung up (hung_up_tty_fops: read 0, write EIO, ioctl EIO
 * but TIOCSPGRP ENOTTY, poll every event). The terminal opened again works
 * and becomes the controlling terminal again. Without a controlling
 * terminal vhangup does nothing and returns 0; without CAP_SYS_TTY_CONFIG
 * (uid 1000) it is EPERM. Each case runs in a child in a new session, so
 * the console stays untouched. */
#include "pty_test.h"
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t order[4];
static volatile sig_atomic_t nr_signals;

static void on_signal(int sig)
{
	if (nr_signals < 4)
		order[nr_signals] = sig;
	nr_signals++;
}

static void hang_up_a_pty(void)
{
	setsid();
	signal(SIGHUP, on_signal);
	signal(SIGCONT, on_signal);
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR) != 0)
		return;
	char name[64];
	snprintf(name, sizeof name, "%s", ptsname(master));
	int ctty = open("/dev/tty", O_RDWR);
	yesno("the pty is the controlling terminal", ctty >= 0);
	if (ctty >= 0)
		close(ctty);
	show_ret("vhangup", vhangup(), errno);
	say("signals: %d", (int)nr_signals);
	for (int i = 0; i < nr_signals && i < 4; i++)
		say(" %s", order[i] == SIGHUP ? "SIGHUP" : order[i] == SIGCONT ? "SIGCONT" : "other");
	say("\n");
	errno = 0;
	ctty = open("/dev/tty", O_RDWR);
	say("open /dev/tty after: %s\n", ctty >= 0 ? "opened" : errname(errno));
	char c;
	show_ret("read the hung-up slave", read(slave, &c, 1), errno);
	show_ret("write the hung-up slave", write(slave, "x", 1), errno);
	struct termios t;
	show_ret("TCGETS on it", ioctl(slave, TCGETS, &t), errno);
	pid_t pg = getpgrp();
	show_ret("TIOCSPGRP on it", ioctl(slave, TIOCSPGRP, &pg), errno);
	struct pollfd p = {.fd = slave, .events = POLLIN | POLLOUT};
	int n = poll(&p, 1, 0);
	say("poll: %d revents 0x%x\n", n, p.revents);

	int again = open(name, O_RDWR); /* a session leader without a terminal: acquires it */
	show_ret("write through a new descriptor", write(again, "y\n", 2), errno);
	/* Linux pushes the output processing's pieces ("y", then "\r\n")
	 * to the master separately: read until the newline is there */
	char buf[8] = {0};
	size_t have = 0;
	while (have < sizeof buf - 1 && !memchr(buf, '\n', have)) {
		ssize_t got = read(master, buf + have, sizeof buf - 1 - have);
		if (got <= 0)
			break;
		have += (size_t)got;
	}
	say("master read %zu bytes: \"y\\r\\n\": %s\n", have, strcmp(buf, "y\r\n") == 0 ? "yes" : "no");
	ctty = open("/dev/tty", O_RDWR);
	yesno("the pty is the controlling terminal again", ctty >= 0);
}

static void no_ctty(void)
{
	setsid();
	errno = 0;
	int ctty = open("/dev/tty", O_RDWR);
	say("no terminal: /dev/tty %s\n", ctty >= 0 ? "opened" : errname(errno));
	show_ret("vhangup without a terminal", vhangup(), errno);
}

static void unprivileged(void)
{
	setsid();
	if (setuid(1000) != 0)
		say("setuid: %s\n", errname(errno));
	show_ret("vhangup as uid 1000", vhangup(), errno);
}

int main(void)
{
	in_child(no_ctty);
	in_child(unprivileged);
	in_child(hang_up_a_pty);
	done();
	return 0;
}
