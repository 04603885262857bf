/*
 * pty_vmin_vtime.c — non-canonical reads (n_tty_read): VMIN=0 VTIME=0
 * returns what is there, even nothing; VMIN=0 VTIME>0 gives up after
 * VTIME tenths without input; VMIN>0 VTIME=0 waits for VMIN bytes (or the
 * buffer size); VMIN>0 VTIME>0 ends after VTIME tenths without a new byte;
 * O_NONBLOCK with nothing there is EAGAIN; a cbreak mode (ICANON off,
 * ISIG on) still turns ^C into nothing readable. Bytes reach the slave
 * before each read: the test reads them with a blocking VMIN first where
 * it needs them all there.
 */
#include "pty_test.h" /* first: _GNU_SOURCE */

#include <signal.h>

static int master, slave;

static void set_min_time(int vmin, int vtime, tcflag_t lflag_off)
{
	struct termios t;
	tcgetattr(slave, &t);
	t.c_lflag &= ~(ICANON | ECHO | lflag_off);
	t.c_cc[VMIN] = (cc_t)vmin;
	t.c_cc[VTIME] = (cc_t)vtime;
	tcsetattr(slave, TCSANOW, &t);
}

static void read_n(const char *label, size_t len)
{
	char buf[64];
	ssize_t n = read(slave, buf, len);
	if (n < 0)
		say("%s: ret=-1 errno=%s\n", label, errname(errno));
	else
		show_bytes(label, buf, n);
}

int main(void)
{
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY))
		return 1;
	set_min_time(0, 0, 0);
	read_n("MIN 0 TIME 0, empty", 10);

	set_min_time(3, 0, 0);
	type_in(master, "abcdef");
	read_n("MIN 3 TIME 0", 3); /* waits for 3 */
	set_min_time(0, 0, 0);
	read_n("MIN 0 TIME 0, three there", 10);

	set_min_time(0, 2, 0);
	read_n("MIN 0 TIME 2, empty", 10);

	set_min_time(4, 0, 0);
	type_in(master, "wxyz");
	read_n("MIN 4, buffer of 2", 2);
	set_min_time(2, 0, 0);
	read_n("MIN 2 rest", 10);

	set_min_time(5, 2, 0);
	type_in(master, "12");
	read_n("MIN 5 TIME 2, two bytes", 10); /* the inter-byte timer ends it */

	int fl = fcntl(slave, F_GETFL);
	fcntl(slave, F_SETFL, fl | O_NONBLOCK);
	set_min_time(1, 0, 0);
	read_n("O_NONBLOCK, empty", 10);
	fcntl(slave, F_SETFL, fl);

	say("-- cbreak with ISIG: ^C is not data\n");
	signal(SIGINT, SIG_IGN); /* no controlling tty here: nobody gets it anyway */
	set_min_time(1, 0, 0);
	type_in(master, "a\x03"
			"b");
	set_min_time(1, 0, 0);
	read_n("after ^C", 10);
	type_in(master, "c");
	read_n("next", 10);
	say("-- raw: ^C is data\n");
	set_min_time(1, 0, ISIG);
	type_in(master, "\x03");
	read_n("raw ^C", 10);
	done();
	return 0;
}
