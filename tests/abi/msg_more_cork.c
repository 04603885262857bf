/*
 * msg_more_cork.c — MSG_MORE and UDP_CORK (udp(7), send(2)). UDP: sends with
 * MSG_MORE build one datagram, sent by the first send without it, to the
 * address the first piece named (a later piece's address is not looked at);
 * UDP_CORK does the same until it is cleared, which sends what it held
 * (getsockopt reads it back); a piece that would make the datagram too big
 * fails with EMSGSIZE and drops what was held. TCP: bytes sent with
 * MSG_MORE wait for the next send (nothing is readable meanwhile), then go
 * together.
 */
#define _GNU_SOURCE
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>

#include "inet_test.h"

static char big[65536];

/* The next datagram on r within a second: its length and first bytes, or why not. */
static void show_datagram(const char *label, int r)
{
	struct pollfd p = {.fd = r, .events = POLLIN};
	if (poll(&p, 1, 1000) != 1) {
		say("%s: nothing\n", label);
		return;
	}
	char buf[70000];
	ssize_t n = recv(r, buf, sizeof buf, 0);
	say("%s: %zd bytes '%.*s'\n", label, n, n > 8 ? 8 : (int)(n < 0 ? 0 : n), buf);
}

static void show_nothing_yet(const char *label, int r)
{
	char buf[16];
	ssize_t n = recv(r, buf, sizeof buf, MSG_DONTWAIT);
	say("%s: %s\n", label, n < 0 ? errname(errno) : "data");
}

static int udp_bound(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(s, (struct sockaddr *)&a, sizeof a);
	return s;
}

static void udp_cases(void)
{
	int r = udp_bound(), r2 = udp_bound(), s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = sin_of("127.0.0.1", port_of(r)), to2 = sin_of("127.0.0.1", port_of(r2));
	say("-- udp MSG_MORE\n");
	say("send ab: %zd\n", sendto(s, "ab", 2, MSG_MORE, (struct sockaddr *)&to, sizeof to));
	show_nothing_yet("after ab", r);
	say("send cd to the other: %zd\n", sendto(s, "cd", 2, MSG_MORE, (struct sockaddr *)&to2, sizeof to2));
	say("send ef: %zd\n", sendto(s, "ef", 2, 0, (struct sockaddr *)&to2, sizeof to2));
	show_datagram("first receiver", r);
	show_nothing_yet("other receiver", r2);

	say("-- UDP_CORK\n");
	int one = 1, zero = 0, v = -1;
	socklen_t len = sizeof v;
	say("set: %d\n", setsockopt(s, IPPROTO_UDP, UDP_CORK, &one, sizeof one));
	say("get: %d value %d\n", getsockopt(s, IPPROTO_UDP, UDP_CORK, &v, &len), v);
	say("send 12: %zd\n", sendto(s, "12", 2, 0, (struct sockaddr *)&to, sizeof to));
	say("send 34: %zd\n", sendto(s, "34", 2, 0, (struct sockaddr *)&to, sizeof to));
	show_nothing_yet("corked", r);
	say("clear: %d\n", setsockopt(s, IPPROTO_UDP, UDP_CORK, &zero, sizeof zero));
	show_datagram("uncorked", r);

	say("-- too big\n");
	say("send 65000: %zd\n", sendto(s, big, 65000, MSG_MORE, (struct sockaddr *)&to, sizeof to));
	ssize_t n = sendto(s, big, 1000, MSG_MORE, (struct sockaddr *)&to, sizeof to);
	say("send 1000 more: %zd %s\n", n, n < 0 ? errname(errno) : "");
	say("send x: %zd\n", sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof to));
	show_datagram("after EMSGSIZE", r);
	show_nothing_yet("then", r);
	close(s);
	close(r);
	close(r2);
}

static void tcp_case(void)
{
	say("-- tcp MSG_MORE\n");
	int l = inet_listener(0, 1, 0);
	int c = inet_dial(port_of(l));
	int a = accept(l, NULL, NULL);
	say("send abc: %zd\n", send(c, "abc", 3, MSG_MORE));
	show_nothing_yet("after abc", a);
	say("send d: %zd\n", send(c, "d", 1, 0));
	char buf[16];
	size_t got = 0;
	struct pollfd p = {.fd = a, .events = POLLIN};
	while (got < 4 && poll(&p, 1, 1000) == 1) {
		ssize_t n = recv(a, buf + got, sizeof buf - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	say("received %zu '%.*s'\n", got, (int)got, buf);
	close(c);
	close(a);
	close(l);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	memset(big, 'B', sizeof big);
	udp_cases();
	tcp_case();
	say("done\n");
	return 0;
}
