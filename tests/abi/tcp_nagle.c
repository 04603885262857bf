/*
 * tcp_nagle.c — Nagle's algorithm and delayed ACKs on a loopback TCP
 * connection (RFC 896, RFC 1122 4.2.3.2 and 4.2.3.4; Linux's
 * tcp_nagle_check with Minshall's variant, tcp_event_data_recv,
 * __tcp_ack_snd_check, tcp_delack_timer_handler, tcp_cleanup_rbuf).
 *
 * On a fresh connection the receiver acknowledges at once (quick-ACK mode),
 * so two small writes both go. After request/reply exchanges the server is
 * in "ping-pong" (interactive) mode and delays its ACK of a lone small
 * segment (40 ms or so): with Nagle on, the client's second small write is
 * held meanwhile (SIOCOUTQNSD counts it), the server reads the first byte
 * alone and gets the second only when its delayed ACK has gone. With
 * TCP_NODELAY both go at once. TCP_QUICKACK reads 0 while the connection
 * is interactive; setting it makes the next read that empties the queue
 * send the ACK due, which lets the held byte go.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <netinet/tcp.h>
#include <poll.h>
#include <time.h>

#ifndef SIOCOUTQNSD
#define SIOCOUTQNSD 0x894B /* linux/sockios.h, which musl's tree lacks */
#endif

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int unsent(int fd)
{
	int v = -1;
	if (ioctl(fd, SIOCOUTQNSD, &v) < 0)
		return -errno;
	return v;
}

/*
 * What is readable on s once something has arrived, as text. Linux may
 * hand loopback packets to ksoftirqd under load, so a segment already sent
 * can arrive a little after write() returns: wait for the first byte (up to
 * 2 s) rather than read at once.
 */
static void read_now(const char *label, int s)
{
	char buf[64] = {0};
	struct pollfd p = {.fd = s, .events = POLLIN};
	poll(&p, 1, 2000);
	long n = recv(s, buf, sizeof buf - 1, MSG_DONTWAIT);
	if (n < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: \"%s\"\n", label, buf);
}

/*
 * The unsent count once the ACK a read sent has had time to arrive: up to
 * 30 ms, less than the 40 ms delayed-ACK minimum (TCP_DELACK_MIN), so a
 * byte freed by the delayed ACK instead still counts.
 */
static int unsent_settled(int fd)
{
	double start = now_ms();
	int v = unsent(fd);
	while (v > 0 && now_ms() - start < 30) {
		usleep(1000);
		v = unsent(fd);
	}
	return v;
}

/* Waits up to 2 s for s to be readable, then reads; says whether it took at least 10 ms. */
static void read_later(const char *label, int s)
{
	double start = now_ms();
	struct pollfd p = {.fd = s, .events = POLLIN};
	int r = poll(&p, 1, 2000);
	double took = now_ms() - start;
	char buf[64] = {0};
	long n = r == 1 ? recv(s, buf, sizeof buf - 1, MSG_DONTWAIT) : -1;
	say("%s: \"%s\" after %s\n", label, n > 0 ? buf : "(nothing)", took >= 10 ? "a delay" : "no delay");
}

static void show_quickack(const char *label, int fd)
{
	int v = -1;
	socklen_t len = sizeof v;
	getsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &v, &len);
	say("%s: TCP_QUICKACK %d\n", label, v);
}

/* n request/reply exchanges of one byte each way (the server replies at once). */
static void exchanges(int c, int a, int n)
{
	char x;
	for (int i = 0; i < n; i++) {
		if (write(c, "q", 1) != 1 || read(a, &x, 1) != 1 || write(a, "r", 1) != 1 || read(c, &x, 1) != 1)
			say("exchange %d: %s\n", i, errname(errno));
	}
}

static void pair(int *c, int *a, int l, int port, int nodelay)
{
	*c = inet_dial(port);
	*a = accept(l, NULL, NULL);
	setsockopt(*c, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
}

int main(void)
{
	lo_up();
	int l = inet_listener(0, 8, 0);
	int port = port_of(l);
	int c, a;

	say("-- fresh connection, Nagle on\n");
	pair(&c, &a, l, port, 0);
	show_quickack("server", a);
	write(c, "a", 1);
	write(c, "b", 1);
	say("unsent after two writes: %d\n", unsent(c));
	read_now("server reads", a);
	close(c);
	close(a);

	say("-- after exchanges, Nagle on\n");
	pair(&c, &a, l, port, 0);
	exchanges(c, a, 5);
	write(c, "a", 1);
	write(c, "b", 1);
	say("unsent after two writes: %d\n", unsent(c));
	read_now("server reads", a);
	read_later("then", a);
	say("unsent afterwards: %d\n", unsent(c));
	/* the delayed ACK went: the next small write goes at once */
	exchanges(c, a, 5);
	write(c, "c", 1);
	say("unsent after one write: %d\n", unsent(c));
	read_now("server reads", a);
	close(c);
	close(a);

	say("-- after exchanges, TCP_QUICKACK set on the server\n");
	pair(&c, &a, l, port, 0);
	exchanges(c, a, 5);
	show_quickack("server", a);
	write(c, "a", 1);
	write(c, "b", 1);
	say("unsent after two writes: %d\n", unsent(c));
	int one = 1;
	setsockopt(a, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
	show_quickack("server", a);
	say("unsent after TCP_QUICKACK with the byte unread: %d\n", unsent(c));
	read_now("server reads", a);
	say("unsent after the read: %d\n", unsent_settled(c));
	read_now("server reads", a);
	close(c);
	close(a);

	say("-- after exchanges, TCP_NODELAY\n");
	pair(&c, &a, l, port, 1);
	exchanges(c, a, 5);
	write(c, "a", 1);
	write(c, "b", 1);
	say("unsent after two writes: %d\n", unsent(c));
	read_now("server reads", a);
	close(c);
	close(a);

	say("done\n");
	return 0;
}
