/*
 * tcp_defer_accept.c — TCP_DEFER_ACCEPT (tcp(7); Linux net/ipv4/tcp.c
 * secs_to_retrans/retrans_to_secs, tcp_minisocks.c tcp_check_req,
 * inet_connection_sock.c reqsk_timer_handler): the seconds become SYN-ACK
 * retransmissions and read back as the end of the last one (1 -> 1,
 * 5 -> 7, 0 and negatives -> 0). On a listener that has it, a connection
 * whose client sends nothing is not offered to accept at once (the
 * handshake's bare ACK is dropped); data from the client makes it ready
 * with the data; a silent client's connection is accepted anyway once the
 * time is up, without data. Waits are poll timeouts, not sleeps.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <time.h>

#include "inet_test.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_defer(int fd, int secs)
{
	int r = setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &secs, sizeof secs);
	int v = -99;
	socklen_t len = sizeof v;
	getsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &v, &len);
	say("TCP_DEFER_ACCEPT %d: %s, reads back %d\n", secs, r == 0 ? "ok" : errname(errno), v);
}

static int readable(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

int main(void)
{
	lo_up();
	int l = inet_listener(0, 8, 1);
	if (l < 0)
		return 1;
	set_defer(l, 5);
	set_defer(l, 0);
	set_defer(l, -3);
	set_defer(l, 1);

	/* a client that sends at once */
	int c = inet_dial(port_of(l));
	say("client connected: %d\n", c >= 0);
	say("listener readable within 300 ms before any data: %d\n", readable(l, 300));
	say("client writes: %zd\n", write(c, "hi", 2));
	say("listener readable after the data: %d\n", readable(l, 10000));
	int a = accept(l, NULL, NULL);
	char buf[8] = {0};
	say("accepted, reads: %zd \"%s\"\n", read(a, buf, sizeof buf - 1), buf);
	close(a);
	close(c);

	/* a client that never sends: accepted once the second is up */
	double t0 = now_s();
	c = inet_dial(port_of(l));
	say("silent client connected: %d\n", c >= 0);
	say("listener readable in the end: %d\n", readable(l, 10000));
	say("not before half a second: %d\n", now_s() - t0 >= 0.5);
	a = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	ssize_t n = read(a, buf, sizeof buf);
	say("accepted without data: %zd %s\n", n, n < 0 ? errname(errno) : "");
	close(a);
	close(c);
	close(l);
	say("done\n");
	return 0;
}
