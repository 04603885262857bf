/*
 * tty_console.c — stdout is the serial console, a tty (stdin and stderr are
 * a file and a pipe under the test protocol, docs/testing.md): isatty() says
 * which, TCGETS returns the line discipline's settings,
 * TIOCGWINSZ the window size, and ioctls a tty does not know fail with
 * ENOTTY/EINVAL as on Linux (drivers/tty/tty_io.c, n_tty.c). stdio's
 * buffering follows: stdout is line buffered, so a line printed just
 * before a crash still appears.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	for (int fd = 0; fd < 3; fd++)
		say("isatty(%d): %d\n", fd, isatty(fd));
	struct termios t;
	int r = tcgetattr(1, &t);
	say("tcgetattr: %d\n", r);
	if (r == 0) {
		say("c_iflag %#o c_oflag %#o c_lflag %#o\n", (unsigned)t.c_iflag, (unsigned)t.c_oflag,
		    (unsigned)t.c_lflag);
		say("CSIZE %#o CREAD %d\n", (unsigned)(t.c_cflag & CSIZE), !!(t.c_cflag & CREAD));
		say("VINTR %d VEOF %d VERASE %d VKILL %d VMIN %d VTIME %d\n", t.c_cc[VINTR], t.c_cc[VEOF],
		    t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VMIN], t.c_cc[VTIME]);
		show_ret("tcsetattr same", tcsetattr(1, TCSANOW, &t), errno);
	}
	struct winsize ws;
	r = ioctl(1, TIOCGWINSZ, &ws);
	show_ret("TIOCGWINSZ", r, errno);
	expect_err("TIOCGWINSZ bad pointer", ioctl(1, TIOCGWINSZ, (void *)8), errno, EFAULT);
	expect_err("unknown ioctl 0x5499", ioctl(1, 0x5499, 0), errno, ENOTTY);
	int fd = dup(1);
	say("dup of stdout is a tty: %d\n", isatty(fd));
	close(fd);
	printf("stdio line one\n");
	printf("stdio line two\n");
	fflush(stdout);
	done();
	return 0;
}
