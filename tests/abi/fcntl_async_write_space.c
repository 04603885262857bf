/*
 * fcntl_async_write_space.c — O_ASYNC's POLL_OUT when room opens again
 * (Linux net/unix/af_unix.c unix_write_space, net/socket.c sock_wake_async
 * SOCK_WAKE_SPACE with SOCKWQ_ASYNC_NOSPACE; drivers/tty/n_tty.c n_tty_write
 * TTY_DO_WRITE_WAKEUP, n_tty_write_wakeup, tty_io.c tty_wakeup and
 * __tty_hangup): an AF_UNIX stream or datagram writer filled until EAGAIN
 * gets one F_SETSIG signal with si_code POLL_OUT and Linux's si_band once
 * its reader drains the socket, and none when room comes without a send
 * having found none; a pty slave written until EAGAIN gets one when the
 * master reads it all. vhangup takes the hung-up slave's descriptor off the
 * fasync list: its O_ASYNC flag is gone and input signals it no more.
 * Signals are blocked and taken by sigtimedwait.
 */
#include "async_test.h"
#include "pty_test.h"

#include "fs_test.h"

#include <sys/socket.h>

#define RTSIG (SIGRTMIN + 4)

static char chunk[4096];

static void async_on(int fd)
{
	errno = 0;
	int r = fcntl(fd, F_SETOWN, getpid()) | fcntl(fd, F_SETSIG, RTSIG) |
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC | O_NONBLOCK);
	if (r)
		say("O_ASYNC on: %s\n", errname(errno));
}

/* Writes chunks of size until EAGAIN; the bytes written. */
static long fill(int fd, size_t size)
{
	long total = 0;
	for (;;) {
		ssize_t n = write(fd, chunk, size);
		if (n < 0) {
			if (errno != EAGAIN)
				say("write: %s\n", errname(errno));
			return total;
		}
		total += n;
	}
}

/* Reads until `total` bytes came (datagrams: until EAGAIN). */
static void drain_reader(int fd, long total)
{
	static char buf[65536];
	long got = 0;
	while (total < 0 || got < total) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		got += n;
	}
}

static void unix_socket(const char *label, int type, size_t size)
{
	int sv[2];
	if (socketpair(AF_UNIX, type, 0, sv))
		return;
	char what[96];
	async_on(sv[0]);
	(void)!write(sv[0], "x", 1);
	drain_reader(sv[1], 1);
	snprintf(what, sizeof what, "%s: room without a full buffer", label);
	collect_signals(what, RTSIG, 0, sv[0]);
	long total = fill(sv[0], size);
	snprintf(what, sizeof what, "%s: filled", label);
	collect_signals(what, RTSIG, 0, sv[0]);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	drain_reader(sv[1], type == SOCK_STREAM ? total : -1);
	snprintf(what, sizeof what, "%s: drained", label);
	collect_signals(what, RTSIG, 1, sv[0]);
	(void)!write(sv[0], "y", 1);
	drain_reader(sv[1], type == SOCK_STREAM ? 1 : -1);
	snprintf(what, sizeof what, "%s: room again, no send refused since", label);
	collect_signals(what, RTSIG, 0, sv[0]);
	close(sv[0]);
	close(sv[1]);
}

static void raw(int fd)
{
	struct termios t;
	tcgetattr(fd, &t);
	cfmakeraw(&t);
	tcsetattr(fd, TCSANOW, &t);
}

static void pty_writer(void)
{
	int m, s;
	if (open_pty(&m, &s, O_RDWR | O_NOCTTY))
		return;
	raw(s);
	async_on(s);
	long total = fill(s, 512);
	collect_signals("pty slave: filled", RTSIG, 0, s);
	drain_reader(m, total);
	collect_signals("pty slave: the master read it all", RTSIG, 1, s);
	close(s);
	close(m);
}

/* In a new session whose controlling terminal is the slave. */
static void hangup_drops_fasync(void)
{
	setsid();
	signal(SIGHUP, SIG_IGN);
	int m, s;
	if (open_pty(&m, &s, O_RDWR))
		return;
	raw(s);
	async_on(s);
	say("O_ASYNC before vhangup: %d\n", !!(fcntl(s, F_GETFL) & O_ASYNC));
	(void)!write(m, "a", 1);
	collect_signals("input before vhangup", RTSIG, 1, s);
	show_ret("vhangup", vhangup(), errno);
	say("O_ASYNC after vhangup: %d\n", !!(fcntl(s, F_GETFL) & O_ASYNC));
	int again = open(ptsname(m), O_RDWR | O_NOCTTY);
	raw(again);
	(void)!write(m, "b", 1);
	char c;
	show_ret("read through a new descriptor", read(again, &c, 1), errno);
	collect_signals("input after vhangup", RTSIG, 0, s);
}

int main(void)
{
	block_signals(RTSIG, SIGIO, 0);
	unix_socket("stream", SOCK_STREAM, sizeof chunk);
	unix_socket("dgram", SOCK_DGRAM, sizeof chunk);
	pty_writer();
	in_child(hangup_drops_fasync);
	done();
	return 0;
}
