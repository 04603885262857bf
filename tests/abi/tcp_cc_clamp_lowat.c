/*
 * tcp_cc_clamp_lowat.c — three TCP options programs set (Linux
 * net/ipv4/tcp.c do_tcp_setsockopt/do_tcp_getsockopt, tcp_cong.c):
 * - TCP_CONGESTION: the algorithm's name, 16 bytes back from getsockopt
 *   (TCP_CA_NAME_MAX; a shorter buffer gets a prefix), "cubic" by default;
 *   "reno" and "cubic" can be set, an unknown name is ENOENT; the sysctls
 *   tcp_congestion_control, tcp_available_congestion_control and
 *   tcp_allowed_congestion_control say the same;
 * - TCP_WINDOW_CLAMP: 0 on a new socket, small values raised to half of
 *   SOCK_MIN_RCVBUF, 0 allowed only on a closed socket (EINVAL connected);
 * - TCP_NOTSENT_LOWAT: kept and read back; with it set, a connected
 *   socket whose peer does not read stops being POLLOUT once twice its
 *   unsent data reaches it (tcp_stream_memory_free), with a 2 MiB send
 *   buffer mostly empty, and is POLLOUT again once the peer has read
 *   everything.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>

#include "inet_test.h"

#ifndef SIOCOUTQNSD
#define SIOCOUTQNSD 0x894B /* linux/sockios.h: bytes not sent yet */
#endif

static void show_cc(const char *label, int fd, socklen_t len)
{
	char name[32];
	memset(name, 'x', sizeof name);
	socklen_t got = len;
	int r = getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &got);
	if (r < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: length %u, \"%.*s\", byte 15 %d\n", label, (unsigned)got, (int)strnlen(name, got), name,
	    got >= 16 ? name[15] : -1);
}

static void set_cc(int fd, const char *name)
{
	int r = setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, (socklen_t)strlen(name));
	say("set TCP_CONGESTION \"%s\": %s\n", name, r == 0 ? "ok" : errname(errno));
}

static int int_opt(int fd, int name)
{
	int v = -99;
	socklen_t len = sizeof v;
	if (getsockopt(fd, IPPROTO_TCP, name, &v, &len) < 0)
		return -errno;
	return v;
}

static void set_int(int fd, int name, const char *label, int v)
{
	int r = setsockopt(fd, IPPROTO_TCP, name, &v, sizeof v);
	say("set %s %d: %s, reads back %d\n", label, v, r == 0 ? "ok" : errname(errno), int_opt(fd, name));
}

static short pollout(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLOUT};
	poll(&p, 1, 0);
	return p.revents & POLLOUT;
}

int main(void)
{
	lo_up();
	say_file("tcp_congestion_control", "/proc/sys/net/ipv4/tcp_congestion_control");
	say_file("available", "/proc/sys/net/ipv4/tcp_available_congestion_control");
	say_file("allowed", "/proc/sys/net/ipv4/tcp_allowed_congestion_control");

	int s = socket(AF_INET, SOCK_STREAM, 0);
	show_cc("new socket", s, 16);
	show_cc("a 32-byte buffer", s, 32);
	show_cc("a 3-byte buffer", s, 3);
	set_cc(s, "reno");
	show_cc("after reno", s, 16);
	set_cc(s, "cubic");
	show_cc("after cubic", s, 16);
	set_cc(s, "no-such-cc");
	show_cc("after an unknown one", s, 16);
	int r = setsockopt(s, IPPROTO_TCP, TCP_CONGESTION, "reno", 0);
	say("set TCP_CONGESTION with length 0: %s\n", r == 0 ? "ok" : errname(errno));

	say("TCP_WINDOW_CLAMP on a new socket: %d\n", int_opt(s, TCP_WINDOW_CLAMP));
	set_int(s, TCP_WINDOW_CLAMP, "TCP_WINDOW_CLAMP", 1);
	set_int(s, TCP_WINDOW_CLAMP, "TCP_WINDOW_CLAMP", 100000);
	set_int(s, TCP_WINDOW_CLAMP, "TCP_WINDOW_CLAMP", 0);
	set_int(s, TCP_WINDOW_CLAMP, "TCP_WINDOW_CLAMP", -5);
	say("TCP_NOTSENT_LOWAT on a new socket: %d\n", int_opt(s, TCP_NOTSENT_LOWAT));
	set_int(s, TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT", 12345);
	set_int(s, TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT", -1);
	close(s);

	int l = inet_listener(0, 4, 1);
	int c = inet_dial(port_of(l));
	int a = accept(l, NULL, NULL);
	show_cc("a connected socket", c, 16);
	show_cc("an accepted one", a, 16);
	int zero = 0; /* (what it reads back is each kernel's own window arithmetic) */
	int r0 = setsockopt(c, IPPROTO_TCP, TCP_WINDOW_CLAMP, &zero, sizeof zero);
	say("set TCP_WINDOW_CLAMP 0 on a connected socket: %s\n", r0 == 0 ? "ok" : errname(errno));

	/* TCP_NOTSENT_LOWAT: the reader a never reads until the writer c is
	 * no longer POLLOUT */
	int big = 1 << 20; /* without the low-water mark, about this much would queue */
	setsockopt(c, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
	set_int(c, TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT", 16384);
	fcntl(c, F_SETFL, O_NONBLOCK);
	say("POLLOUT at first: %d\n", pollout(c) != 0);
	static char chunk[4096];
	long sent = 0;
	while (pollout(c) && sent < (64L << 20)) {
		ssize_t n = write(c, chunk, sizeof chunk);
		if (n < 0)
			break;
		sent += n;
	}
	say("POLLOUT ended before 64 MiB: %d\n", sent < (64L << 20));
	int unsent = 0;
	ioctl(c, SIOCOUTQNSD, &unsent);
	say("unsent data at most the mark (not the 2 MiB buffer): %d\n", unsent <= 16384);
	long got = 0;
	while (got < sent) {
		ssize_t n = read(a, chunk, sizeof chunk);
		if (n <= 0)
			break;
		got += n;
	}
	say("reader got everything: %d\n", got == sent);
	struct pollfd p = {.fd = c, .events = POLLOUT};
	say("POLLOUT again: %d\n", poll(&p, 1, 10000) == 1 && (p.revents & POLLOUT));
	close(a);
	close(c);
	close(l);
	say("done\n");
	return 0;
}
