/*
 * tty_termio_ioctls.c — the System V terminal ioctls on a pty slave:
 * TCGETA gives struct termio (the low 16 bits of termios's flag words, the
 * line discipline, the first NCC = 8 control characters); TCSETA,
 * TCSETAW and TCSETAF set those and keep the rest of the termios (the
 * flags' high bits, c_cc[8..]); TCSETAF also drops unread input (Linux
 * drivers/tty/tty_ioctl.c get_termio, set_termios with TERMIOS_TERMIO;
 * asm-generic/termios.h). LTP ptem01 asks TCGETA of a slave.
 */
#include "pty_test.h"

#include <poll.h>

/* struct termio as the kernel takes it (asm-generic/termios.h; musl has no
 * <termio.h>) */
struct termio_abi {
	unsigned short c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[8];
};

int main(void)
{
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY))
		return 1;

	struct termios t;
	check("tcgetattr", tcgetattr(slave, &t) == 0);
	t.c_cflag |= CRTSCTS; /* 020000000000: above 16 bits */
	t.c_cc[VEOL2] = 'z';  /* index 16: past NCC */
	t.c_cc[VMIN] = 3;
	check("tcsetattr", tcsetattr(slave, TCSANOW, &t) == 0);

	struct termio_abi old;
	check("TCGETA", ioctl(slave, TCGETA, &old) == 0);
	say("termio cflag %#o (termios %#o), lflag %#o, vmin %d, veof %d\n", old.c_cflag, t.c_cflag, old.c_lflag,
	    old.c_cc[VMIN], old.c_cc[VEOF]);

	old.c_lflag &= (unsigned short)~ECHO;
	old.c_cc[VMIN] = 5;
	check("TCSETA", ioctl(slave, TCSETA, &old) == 0);
	struct termios now;
	check("tcgetattr", tcgetattr(slave, &now) == 0);
	yesno("ECHO off", !(now.c_lflag & ECHO));
	yesno("CRTSCTS kept", (now.c_cflag & CRTSCTS) != 0);
	yesno("VEOL2 kept", now.c_cc[VEOL2] == 'z');
	say("VMIN %d\n", now.c_cc[VMIN]);
	check("TCSETAW", ioctl(slave, TCSETAW, &old) == 0);

	check("master writes", write(master, "abc\n", 4) == 4);
	struct pollfd pfd = {.fd = slave, .events = POLLIN}; /* Linux hands it over from a work queue */
	check("the line reaches the slave", poll(&pfd, 1, 10000) == 1);
	int queued = -1;
	check("FIONREAD", ioctl(slave, FIONREAD, &queued) == 0);
	say("queued before TCSETAF %d\n", queued);
	check("TCSETAF", ioctl(slave, TCSETAF, &old) == 0);
	check("FIONREAD", ioctl(slave, FIONREAD, &queued) == 0);
	say("queued after %d\n", queued);
	long ret = ioctl(slave, TCGETA, (void *)8);
	expect_err("TCGETA to a bad address", ret, errno, EFAULT);
	done();
	return 0;
}
