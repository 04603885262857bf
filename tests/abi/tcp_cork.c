/*
 * tcp_cork.c — TCP_CORK as Linux applies it on a loopback connection:
 * less than a full segment written while corked is held (the peer's
 * MSG_DONTWAIT read is EAGAIN), uncorking sends it, TCP_NODELAY pushes
 * it while still corked, a FIN (shutdown) takes it along, and what stays
 * corked is sent anyway after the 200 ms ceiling (a poll with a 5 s
 * timeout sees it). The option reads back as set; TCP_QUICKACK is
 * accepted. Without TCP_CORK every write is readable (waited for with poll:
 * Linux may deliver it just after write returns).
 */
#include "inet_test.h"

#include <netinet/tcp.h>
#include <poll.h>

static int geti(int s, int name)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(s, IPPROTO_TCP, name, &v, &len) < 0)
		return -errno;
	return v;
}

static void seti(int s, int name, int v)
{
	if (setsockopt(s, IPPROTO_TCP, name, &v, sizeof v) < 0)
		say("setsockopt %d: %s\n", name, errname(errno));
}

/* What the peer can read right now. */
static void peek_now(const char *what, int s)
{
	char buf[100];
	ssize_t n = recv(s, buf, sizeof buf, MSG_DONTWAIT);
	if (n < 0)
		say("%s: %s\n", what, errname(errno));
	else
		say("%s: %zd bytes \"%.*s\"\n", what, n, (int)n, buf);
}

/* What the peer reads once something is readable (at most 5 s): Linux may
 * deliver a loopback segment from ksoftirqd after the write returned, so a
 * read that should find data waits for it first. */
static void peek_soon(const char *what, int s)
{
	struct pollfd p = {.fd = s, .events = POLLIN};
	poll(&p, 1, 5000);
	peek_now(what, s);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int l = inet_listener(0, 4, 0);
	int c = inet_dial(port_of(l));
	int a = accept(l, NULL, NULL);
	say("TCP_CORK fresh: %d\n", geti(c, TCP_CORK));

	write(c, "plain", 5);
	peek_soon("uncorked write", a);

	seti(c, TCP_CORK, 1);
	say("TCP_CORK set: %d\n", geti(c, TCP_CORK));
	write(c, "abc", 3);
	write(c, "def", 3);
	peek_now("corked writes", a);
	seti(c, TCP_CORK, 0);
	peek_soon("after uncork", a);

	seti(c, TCP_CORK, 1);
	write(c, "gh", 2);
	peek_now("corked again", a);
	seti(c, TCP_NODELAY, 1);
	peek_soon("after TCP_NODELAY", a);
	say("TCP_CORK still: %d\n", geti(c, TCP_CORK));
	seti(c, TCP_NODELAY, 0);

	write(c, "ceiling", 7);
	peek_now("held by the cork", a);
	struct pollfd p = {.fd = a, .events = POLLIN};
	int r = poll(&p, 1, 5000);
	say("poll: %d revents %#x\n", r, p.revents);
	peek_now("after the ceiling", a);

	write(c, "fin", 3);
	peek_now("corked before shutdown", a);
	shutdown(c, SHUT_WR);
	peek_soon("after shutdown", a);
	peek_soon("then", a);

	seti(a, TCP_QUICKACK, 1);
	say("TCP_QUICKACK: %d\n", geti(a, TCP_QUICKACK));
	say("done\n");
	return 0;
}
