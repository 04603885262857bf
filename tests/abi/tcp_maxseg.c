/*
 * tcp_maxseg.c — TCP_MAXSEG as Linux reports it on the loopback (tcp(7),
 * do_tcp_getsockopt: tp->mss_cache, or the user's value on a closed or
 * listening socket): 536 before a connection; once connected the MSS the
 * peer announced less the timestamp option, bounded by half the largest
 * window the peer advertised (tcp_bound_to_half_wnd), so it grows once data
 * has flowed; over IPv4 and IPv6; a TCP_MAXSEG set before connect or
 * listen clamps both ends.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <netinet/tcp.h>

static void show_mss(const char *label, int fd)
{
	say_int_opt(label, fd, IPPROTO_TCP, TCP_MAXSEG);
}

/* n bytes from a to b, all read. */
static void flow(int a, int b, size_t n)
{
	static char buf[65536];
	memset(buf, 'x', sizeof buf);
	while (n) {
		size_t chunk = n < sizeof buf ? n : sizeof buf;
		ssize_t w = write(a, buf, chunk);
		if (w <= 0) {
			say("write: %s\n", errname(errno));
			return;
		}
		for (ssize_t got = 0; got < w;) {
			ssize_t r = read(b, buf, (size_t)(w - got));
			if (r <= 0) {
				say("read: %s\n", errname(errno));
				return;
			}
			got += r;
		}
		n -= (size_t)w;
	}
}

/* n bytes from one end to the other, then both ends' TCP_MAXSEG. */
static void flow_and_show(int from, const char *from_name, int to, const char *to_name, size_t n)
{
	char label[64];
	flow(from, to, n);
	snprintf(label, sizeof label, "%s after %zu byte%s sent", from_name, n, n == 1 ? "" : "s");
	show_mss(label, from);
	snprintf(label, sizeof label, "%s after %zu byte%s received", to_name, n, n == 1 ? "" : "s");
	show_mss(label, to);
}

/* A connection over family (AF_INET or AF_INET6) with TCP_MAXSEG user_mss
 * (0: none) set on the client before connect and listen_mss on the
 * listener; prints TCP_MAXSEG at each step. */
static void run(const char *name, int family, int user_mss, int listen_mss)
{
	say("-- %s\n", name);
	struct sockaddr_storage ss = {0};
	socklen_t slen;
	if (family == AF_INET) {
		struct sockaddr_in a = sin_of("127.0.0.1", 0);
		memcpy(&ss, &a, sizeof a);
		slen = sizeof a;
	} else {
		struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
		memcpy(&ss, &a, sizeof a);
		slen = sizeof a;
	}
	int l = socket(family, SOCK_STREAM, 0);
	show_mss("fresh socket", l);
	if (listen_mss)
		setsockopt(l, IPPROTO_TCP, TCP_MAXSEG, &listen_mss, sizeof listen_mss);
	if (bind(l, (struct sockaddr *)&ss, slen) < 0 || listen(l, 4) < 0) {
		say("listener: %s\n", errname(errno));
		return;
	}
	show_mss("listener", l);
	slen = sizeof ss;
	getsockname(l, (struct sockaddr *)&ss, &slen);
	int c = socket(family, SOCK_STREAM, 0);
	if (user_mss) {
		setsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &user_mss, sizeof user_mss);
		show_mss("client before connect", c);
	}
	if (connect(c, (struct sockaddr *)&ss, slen) < 0) {
		say("connect: %s\n", errname(errno));
		return;
	}
	show_mss("client connected", c);
	int s = accept(l, NULL, NULL);
	show_mss("accepted", s);
	flow_and_show(c, "client", s, "server", 1);
	flow_and_show(s, "server", c, "client", 1);
	flow_and_show(c, "client", s, "server", 300000);
	flow_and_show(s, "server", c, "client", 300000);
	show_mss("listener still", l);
	close(c);
	close(s);
	close(l);
}

int main(void)
{
	lo_up();
	run("IPv4", AF_INET, 0, 0);
	run("IPv6", AF_INET6, 0, 0);
	run("IPv4, client TCP_MAXSEG 1000", AF_INET, 1000, 0);
	run("IPv4, listener TCP_MAXSEG 1200", AF_INET, 0, 1200);
	run("IPv6, client TCP_MAXSEG 2000", AF_INET6, 2000, 0);
	done();
}
