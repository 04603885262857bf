/*
 * pty_open_hangup.c — Unix 98 ptys (drivers/tty/pty.c, fs/devpts): the
 * C library's posix_openpt/grantpt/unlockpt/ptsname, the slave locked until
 * unlockpt (EIO), TIOCGPTN only on the master (ENOTTY on the slave),
 * TIOCGPTLCK, TIOCGPTPEER, the /dev/pts node (a character device of major
 * 136, mode 0600, owned by the caller), ptsname of a file that is not a
 * master, a raw round trip, and the hang-ups: with every slave file closed
 * the master reads EIO; with the master closed the slave reads end of file,
 * writes EIO and its node is gone.
 */
#include "pty_test.h" /* first: _GNU_SOURCE */

#include <poll.h>
#include <sys/sysmacros.h>

int main(void)
{
	mount_devpts();
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	show_ret("posix_openpt", master < 0 ? -1 : 0, errno);
	show_ret("grantpt", grantpt(master), errno);
	unsigned n = 99;
	show_ret("TIOCGPTN", ioctl(master, TIOCGPTN, &n), errno);
	char *name = ptsname(master);
	char want[32];
	snprintf(want, sizeof(want), "/dev/pts/%u", n);
	yesno("ptsname is /dev/pts/TIOCGPTN", name && strcmp(name, want) == 0);
	int locked = -1;
	show_ret("TIOCGPTLCK", ioctl(master, TIOCGPTLCK, &locked), errno);
	say("locked: %d\n", locked);
	expect_err("open slave while locked", open(want, O_RDWR | O_NOCTTY), errno, EIO);
	show_ret("unlockpt", unlockpt(master), errno);
	int slave = open(want, O_RDWR | O_NOCTTY);
	show_ret("open slave", slave < 0 ? -1 : 0, errno);

	struct stat st;
	show_ret("stat slave", stat(want, &st), errno);
	say("slave node: chr %d major %u mode %o owner me %d\n", S_ISCHR(st.st_mode), major(st.st_rdev),
	    (unsigned)(st.st_mode & 07777), st.st_uid == getuid());
	yesno("isatty(slave)", isatty(slave));
	yesno("isatty(master)", isatty(master));
	expect_err("TIOCGPTN on the slave", ioctl(slave, TIOCGPTN, &n), errno, ENOTTY);
	char *sname = ttyname(slave);
	yesno("ttyname(slave) is ptsname", sname && strcmp(sname, want) == 0);
	int null = open("/dev/null", O_RDWR);
	errno = 0;
	yesno("ptsname(/dev/null) is NULL", ptsname(null) == NULL);
	say("errno: %s\n", errname(errno));
	close(null);

	say("-- raw round trip\n");
	struct termios t;
	tcgetattr(slave, &t);
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	type_in(master, "ping~");
	char buf[64];
	show_bytes("slave got", buf, read_until_mark(slave, buf, sizeof(buf)));
	type_in(slave, "pong\n~");
	show_bytes("master got", buf, read_until_mark(master, buf, sizeof(buf)));

	say("-- TIOCGPTPEER\n");
	int peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	show_ret("TIOCGPTPEER", peer < 0 ? -1 : 0, errno);
	yesno("peer is a tty", isatty(peer));
	type_in(peer, "via peer~");
	show_bytes("master got", buf, read_until_mark(master, buf, sizeof(buf)));

	say("-- slave closed\n");
	close(peer);
	close(slave);
	expect_err("master read", read(master, buf, sizeof(buf)), errno, EIO);
	struct pollfd p = {.fd = master, .events = POLLIN};
	show_ret("poll master", poll(&p, 1, 0), errno);
	say("revents: %#x\n", p.revents);

	say("-- master closed\n");
	slave = open(want, O_RDWR | O_NOCTTY);
	show_ret("reopen slave", slave < 0 ? -1 : 0, errno);
	close(master);
	show_ret("slave read", read(slave, buf, sizeof(buf)), errno);
	expect_err("slave write", write(slave, "x", 1), errno, EIO);
	p = (struct pollfd){.fd = slave, .events = POLLIN | POLLOUT};
	show_ret("poll slave", poll(&p, 1, 0), errno);
	say("revents: %#x\n", p.revents);
	close(slave);
	expect_err("node gone", stat(want, &st), errno, ENOENT);
	done();
	return 0;
}
