/*
 * tcp_fin_timeout.c — a closed socket's FIN_WAIT2 does not last for ever
 * (Linux net/ipv4/tcp.c tcp_close and tcp_input.c tcp_rcv_state_process:
 * an orphan whose FIN was acknowledged waits tcp_fin_time for the peer's
 * FIN — TCP_LINGER2 or net.ipv4.tcp_fin_timeout, 60 s by default, at
 * least 3.5 RTOs — then goes without a word; with TCP_LINGER2 -1 it is
 * reset at once). Checked: the sysctl and TCP_LINGER2's values (-1, the
 * 120 s ceiling, 0 for the sysctl); with tcp_fin_timeout 1, a client
 * closed while the server keeps its end is in FIN_WAIT2 in /proc/net/tcp,
 * then gone, not sooner than the timeout; the server's next write draws a
 * reset (EPIPE after it, as in CLOSE_WAIT); the peer's FIN before the
 * timeout still leads to TIME_WAIT; TCP_LINGER2 -1 resets the connection
 * when the FIN is acknowledged. Waits poll /proc/net/tcp or the socket.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <netinet/tcp.h>

#include "inet_test.h"

#define SYSCTL "/proc/sys/net/ipv4/tcp_fin_timeout"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The state (st column) of the /proc/net/tcp line whose local port is
 * port, -1 if none. */
static int tcp_state_of(int port)
{
	static char buf[65536];
	if (slurp_file("/proc/net/tcp", buf, sizeof buf) < 0)
		return -2;
	char *line = strchr(buf, '\n');
	while (line && *++line) {
		unsigned lport, st;
		if (sscanf(line, " %*d: %*x:%x %*x:%*x %x", &lport, &st) == 2 && (int)lport == port)
			return (int)st;
		line = strchr(line, '\n');
	}
	return -1;
}

/* Polls until port's state is want (-1: gone), up to 20 s; whether it came. */
static int wait_state(int port, int want)
{
	for (int i = 0; i < 2000; i++) {
		if (tcp_state_of(port) == want)
			return 1;
		usleep(10000);
	}
	return 0;
}

static void set_fin_timeout(const char *value)
{
	int fd = open(SYSCTL, O_WRONLY);
	ssize_t n = fd >= 0 ? write(fd, value, strlen(value)) : -1;
	say("write %s to tcp_fin_timeout: %s\n", value, n > 0 ? "ok" : errname(errno));
	if (fd >= 0)
		close(fd);
}

static int linger2(int fd)
{
	int v = -99;
	socklen_t len = sizeof v;
	getsockopt(fd, IPPROTO_TCP, TCP_LINGER2, &v, &len);
	return v;
}

static void set_linger2(int fd, int v)
{
	int r = setsockopt(fd, IPPROTO_TCP, TCP_LINGER2, &v, sizeof v);
	say("TCP_LINGER2 %d: %s, reads back %d\n", v, r == 0 ? "ok" : errname(errno), linger2(fd));
}

/* A connected pair through listener l: *client, *server. */
static void pair(int l, int *client, int *server)
{
	*client = inet_dial(port_of(l));
	*server = accept(l, NULL, NULL);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	lo_up();
	say_file("tcp_fin_timeout", SYSCTL);
	int l = inet_listener(0, 8, 1);
	if (l < 0)
		return 1;

	int c, s;
	pair(l, &c, &s);
	say("TCP_LINGER2 by default: %d\n", linger2(c));
	set_linger2(c, 30);
	set_linger2(c, 500);
	set_linger2(c, -5);
	set_linger2(c, 0);

	/* 1. the peer never closes: FIN_WAIT2 ends after the timeout */
	set_fin_timeout("1");
	say_file("tcp_fin_timeout now", SYSCTL);
	int cport = port_of(c);
	double closed = now_s();
	close(c);
	say("closed client in FIN_WAIT2: %d\n", wait_state(cport, 5));
	say("then gone: %d\n", wait_state(cport, -1));
	say("not sooner than the timeout: %d\n", now_s() - closed >= 0.9);
	char byte;
	say("server reads the FIN: %zd\n", read(s, &byte, 1));
	say("server writes: %zd\n", write(s, "x", 1));
	struct pollfd p = {.fd = s, .events = POLLIN};
	int n = poll(&p, 1, 10000);
	say("server polled after the reset: %d, revents %#x\n", n, p.revents);
	ssize_t w = write(s, "y", 1);
	say("server writes again: %zd %s\n", w, w < 0 ? errname(errno) : "");
	close(s);

	/* 2. the peer's FIN comes before the timeout: TIME_WAIT */
	set_fin_timeout("60");
	pair(l, &c, &s);
	cport = port_of(c);
	close(c);
	say("second client in FIN_WAIT2: %d\n", wait_state(cport, 5));
	close(s);
	say("then TIME_WAIT after the server's FIN: %d\n", wait_state(cport, 6));

	/* 3. TCP_LINGER2 -1: reset when the FIN is acknowledged */
	pair(l, &c, &s);
	int v = -1;
	setsockopt(c, IPPROTO_TCP, TCP_LINGER2, &v, sizeof v);
	cport = port_of(c);
	close(c);
	p = (struct pollfd){.fd = s, .events = POLLIN};
	/* until POLLHUP: Linux's tcp_reset sets sk_err a moment before tcp_done
	 * closes the socket, and a poll on the other CPU can fall between */
	for (int i = 0; i < 1000 && !(p.revents & POLLHUP); i++) {
		p.revents = 0;
		poll(&p, 1, 10);
	}
	say("server sees the reset: revents %#x\n", p.revents);
	ssize_t r = read(s, &byte, 1);
	say("server reads: %zd %s\n", r, r < 0 ? errname(errno) : "");
	r = read(s, &byte, 1);
	say("and again: %zd %s\n", r, r < 0 ? errname(errno) : "");
	say("client socket gone without FIN_WAIT2: %d\n", wait_state(cport, -1));
	close(s);
	close(l);
	say("done\n");
	return 0;
}
