/*
 * pipe_packet_mode.c — pipe2(O_DIRECT) (pipe(2) "packet mode", Linux
 * fs/pipe.c PIPE_BUF_FLAG_PACKET): each write is a packet; a read returns
 * at most one packet and drops what does not fit; writes longer than a page
 * become page-sized packets; a zero-length write makes no packet; only the
 * write end reports O_DIRECT in F_GETFL; poll and FIONREAD see the bytes.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>

#include "lvtest.h"

int main(void)
{
	int p[2];
	show_ret("pipe2 O_DIRECT", pipe2(p, O_DIRECT | O_NONBLOCK), errno);
	say("O_DIRECT on the read end: %d, on the write end: %d\n", (fcntl(p[0], F_GETFL) & O_DIRECT) != 0,
	    (fcntl(p[1], F_GETFL) & O_DIRECT) != 0);
	write(p[1], "abc", 3);
	write(p[1], "defgh", 5);
	show_ret("write of 0 bytes", write(p[1], "", 0), errno);
	write(p[1], "ij", 2);
	int avail = -1;
	ioctl(p[0], FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	struct pollfd pf = {.fd = p[0], .events = POLLIN};
	say("poll: %d revents %#x\n", poll(&pf, 1, 0), pf.revents);
	char buf[8192];
	long n = read(p[0], buf, sizeof(buf));
	say("read(8192): %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	n = read(p[0], buf, 2);
	say("read(2) of a 5-byte packet: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	n = read(p[0], buf, sizeof(buf));
	say("next read: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	n = read(p[0], buf, sizeof(buf));
	show_ret("read of the empty pipe", n, errno);

	static char big[10000];
	memset(big, 'z', sizeof(big));
	show_ret("write 10000", write(p[1], big, sizeof(big)), errno);
	for (int i = 0; i < 4; i++) {
		n = read(p[0], buf, sizeof(buf));
		show_ret("  read(8192)", n, errno);
	}
	long total = 0;
	while ((n = write(p[1], "x", 1)) > 0)
		total += n;
	say("one-byte packets that fit: %ld\n", total);
	done();
	return 0;
}
