/*
 * tcp_keepalive.c — TCP keepalive probes (tcp(7) TCP_KEEPIDLE,
 * TCP_KEEPINTVL, TCP_KEEPCNT; socket(7) SO_KEEPALIVE; Linux's
 * tcp_keepalive_timer and tcp_write_wakeup): on an idle connection with
 * SO_KEEPALIVE, a probe goes TCP_KEEPIDLE seconds after the last segment
 * received, then every TCP_KEEPINTVL while it is unanswered. A probe is a
 * bare ACK one byte before snd_una, which the peer answers with an ACK: on
 * the loopback each probe moves /proc/net/snmp's Tcp OutSegs and InSegs by
 * 2 (the probe and its answer), and the connection stays up. Counted in
 * ranges: timers differ by host. No probe before TCP_KEEPIDLE, none after
 * SO_KEEPALIVE is turned off. Then "lo" is taken down so the probes go
 * nowhere: after TCP_KEEPCNT of them the connection is reset with
 * ETIMEDOUT (tcp_write_err), about (1 + KEEPCNT) * 1 s after the last
 * segment.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <netinet/tcp.h>
#include <poll.h>
#include <time.h>

/* Tcp's OutSegs and InSegs from /proc/net/snmp. */
static void tcp_segs(long *out, long *in)
{
	static char buf[8192];
	ssize_t n = slurp_file("/proc/net/snmp", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	char *names = strstr(buf, "\nTcp:"), *values = names ? strstr(names + 1, "\nTcp:") : NULL;
	*out = *in = -1;
	if (!values)
		return;
	names += 5;
	values += 5;
	for (;;) {
		char name[32];
		long v;
		int a = 0, b = 0;
		if (sscanf(names, " %31[A-Za-z]%n", name, &a) != 1 || sscanf(values, " %ld%n", &v, &b) != 1)
			return;
		names += a;
		values += b;
		if (!strcmp(name, "OutSegs"))
			*out = v;
		if (!strcmp(name, "InSegs"))
			*in = v;
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) < 0)
		;
}

/* Sleeps ms and says how many segments went out and came in meanwhile. */
static void idle(const char *label, long ms, long lo, long hi)
{
	long o0, i0, o1, i1;
	tcp_segs(&o0, &i0);
	sleep_ms(ms);
	tcp_segs(&o1, &i1);
	long out = o1 - o0, in = i1 - i0;
	say("%s: out == in %d, even %d, probes in %ld..%ld %d\n", label, out == in, out % 2 == 0, lo, hi,
	    out / 2 >= lo && out / 2 <= hi);
	if (out / 2 < lo || out / 2 > hi)
		say("  (out %ld in %ld)\n", out, in);
}

static void setopt(const char *label, int fd, int level, int name, int v)
{
	show_ret(label, setsockopt(fd, level, name, &v, sizeof v), errno);
}

static void still_up(int c, int s)
{
	int err = -1;
	socklen_t len = sizeof err;
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	char b = 0;
	long w = write(c, "k", 1), r = read(s, &b, 1);
	say("connection up: SO_ERROR %d, write %ld, peer read %ld '%c'\n", err, w, r, b);
}

int main(void)
{
	lo_up();
	int l = inet_listener(0, 4, 0);
	int c = inet_dial(port_of(l));
	int s = accept(l, NULL, NULL);
	close(l);
	setopt("TCP_KEEPIDLE 1", c, IPPROTO_TCP, TCP_KEEPIDLE, 1);
	setopt("TCP_KEEPINTVL 1", c, IPPROTO_TCP, TCP_KEEPINTVL, 1);
	setopt("TCP_KEEPCNT 2", c, IPPROTO_TCP, TCP_KEEPCNT, 2);
	idle("without SO_KEEPALIVE, 1.5 s", 1500, 0, 0);

	setopt("SO_KEEPALIVE 1", c, SOL_SOCKET, SO_KEEPALIVE, 1);
	idle("SO_KEEPALIVE, the first 0.5 s", 500, 0, 0);
	idle("the next 3.5 s", 3500, 2, 4);
	still_up(c, s);
	idle("after data, 0.5 s", 500, 0, 0);
	idle("the next 2 s", 2000, 1, 2);
	setopt("SO_KEEPALIVE 0", c, SOL_SOCKET, SO_KEEPALIVE, 0);
	idle("SO_KEEPALIVE off, 2 s", 2000, 0, 0);
	still_up(c, s);

	/* unanswered: lo down, the probes go nowhere */
	setopt("SO_KEEPALIVE 1 again", c, SOL_SOCKET, SO_KEEPALIVE, 1);
	show_ret("lo down", lo_set(0), errno);
	double t0 = now_s();
	struct pollfd p = {.fd = c, .events = POLLIN};
	int n = poll(&p, 1, 10000);
	double dt = now_s() - t0;
	say("poll %d revents %#x, after 2..6 s %d\n", n, p.revents, dt >= 2 && dt <= 6);
	if (dt < 2 || dt > 6)
		say("  (%.2f s)\n", dt);
	show_ret("lo up", lo_up(), errno);
	char b;
	long r = read(c, &b, 1);
	say("read: %ld %s\n", r, r < 0 ? errname(errno) : "");
	r = read(c, &b, 1);
	say("read again: %ld %s\n", r, r < 0 ? errname(errno) : "");
	r = send(c, "x", 1, MSG_NOSIGNAL);
	say("send: %ld %s\n", r, r < 0 ? errname(errno) : "");
	close(c);
	close(s);
	say("done\n");
	return 0;
}
