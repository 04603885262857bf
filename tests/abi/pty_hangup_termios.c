/* pty_hangup_termios: a hang-up gives a pty back its initial settings.
 * Linux's pty drivers carry TTY_DRIVER_RESET_TERMIOS, so __tty_hangup ->
 * tty_ldisc_hangup -> tty_reset_termios puts the driver's init_termios
 * (drivers/tty/pty.c unix98_pty_init: tty_std_termios with B38400 | CS8 |
 * CREAD) back on the slave; the window size is not part of it and stays.
 * Here the session leader changes its pty slave (raw, no echo, another
 * ^C, a window size), calls vhangup(2) and opens the slave again: the new
 * descriptor sees the defaults, the master reports the same. A slave whose
 * last descriptor is closed without a hang-up keeps its settings for the
 * next open (tty_reopen resets nothing). */
#include "pty_test.h"
#include <sys/wait.h>

static void show_termios(const char *label, int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) != 0) {
		say("%s: tcgetattr %s\n", label, errname(errno));
		return;
	}
	say("%s: iflag %#o oflag %#o cflag %#o lflag %#o VINTR %d VMIN %d VTIME %d ospeed %d\n", label,
	    (unsigned)t.c_iflag, (unsigned)t.c_oflag, (unsigned)t.c_cflag, (unsigned)t.c_lflag, t.c_cc[VINTR],
	    t.c_cc[VMIN], t.c_cc[VTIME], (int)cfgetospeed(&t));
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0)
		say("%s: window %dx%d\n", label, ws.ws_row, ws.ws_col);
}

/* Raw mode, ^A as VINTR, VMIN 3, 38400 -> 9600 baud, a 33x101 window. */
static void change_settings(int fd)
{
	struct termios t;
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	t.c_cc[VINTR] = 1;
	t.c_cc[VMIN] = 3;
	cfsetspeed(&t, B9600);
	show_ret("tcsetattr", tcsetattr(fd, TCSANOW, &t), errno);
	struct winsize ws = {.ws_row = 33, .ws_col = 101};
	show_ret("TIOCSWINSZ", ioctl(fd, TIOCSWINSZ, &ws), errno);
}

static void hang_up(void)
{
	setsid();
	signal(SIGHUP, SIG_IGN);
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR) != 0) /* acquires it: the controlling terminal */
		return;
	char name[64];
	snprintf(name, sizeof name, "%s", ptsname(master));
	show_termios("new slave", slave);
	change_settings(slave);
	show_termios("changed", slave);
	show_ret("vhangup", vhangup(), errno);
	show_termios("master after the hang-up", master);
	int again = open(name, O_RDWR);
	if (again < 0) {
		say("open again: %s\n", errname(errno));
		return;
	}
	show_termios("slave opened again", again);
	/* the line discipline works with the defaults: a line is echoed */
	show_ret("write to the master", write(master, "ab\n", 3), errno);
	char buf[16] = {0};
	ssize_t n = read(again, buf, sizeof buf - 1);
	show_bytes("slave read", buf, n);
}

static void last_close(void)
{
	setsid();
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY) != 0)
		return;
	char name[64];
	snprintf(name, sizeof name, "%s", ptsname(master));
	change_settings(slave);
	close(slave);
	show_termios("master after the last slave close", master);
	int again = open(name, O_RDWR | O_NOCTTY);
	if (again < 0) {
		say("open again: %s\n", errname(errno));
		return;
	}
	show_termios("slave opened again", again);
}

int main(void)
{
	in_child(hang_up);
	in_child(last_close);
	done();
	return 0;
}
