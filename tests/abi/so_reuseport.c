/*
 * so_reuseport.c — SO_REUSEPORT (socket(7); Linux's udp_lib_lport_inuse,
 * inet_bind_conflict, reuseport_select_sock): UDP sockets and TCP listeners
 * of one owner that all set it may share an address and port; one without
 * it, or another user's, gets EADDRINUSE. Each datagram or connection goes
 * to one member, chosen by its four-tuple: one sender's datagrams all reach
 * the same socket, and many flows are spread (totals and "both got some").
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <poll.h>
#include <sys/wait.h>

static int bound(int type, int reuseport, int port)
{
	int s = socket(AF_INET, type | SOCK_NONBLOCK, 0);
	if (reuseport)
		setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &reuseport, sizeof reuseport);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
		int e = errno;
		close(s);
		return -e;
	}
	return s;
}

/* A second socket of type with SO_REUSEPORT on the first's port, and a third
 * without it; the first and second are returned, the third is only reported. */
static void share_port(const char *name, int type, int *first, int *second)
{
	*first = bound(type, 1, 0);
	int port = port_of(*first);
	*second = bound(type, 1, port);
	say("%s second with SO_REUSEPORT: %s\n", name, *second >= 0 ? "bound" : errname(-*second));
	int third = bound(type, 0, port);
	say("%s third without it: %s\n", name, third >= 0 ? "bound" : errname(-third));
}

static int drain(int s)
{
	int n = 0;
	char b[16];
	while (recv(s, b, sizeof b, 0) > 0)
		n++;
	return n;
}

static int accept_all(int l)
{
	int n = 0, a;
	while ((a = accept(l, NULL, NULL)) >= 0) {
		close(a);
		n++;
	}
	return n;
}

/* Counts what take (drain, accept_all) gets from a and b until want came,
 * or 5 s pass with nothing: Linux may deliver a loopback datagram, or the
 * ACK that queues a connection for accept, after the sender's call
 * returned (its softirq work on another CPU), so one look right after the
 * sends can miss some. b may be -1. */
static void collect(int (*take)(int), int a, int b, int want, int *na, int *nb)
{
	*na = *nb = 0;
	while (*na + *nb < want) {
		struct pollfd p[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
		if (poll(p, b >= 0 ? 2 : 1, 5000) <= 0)
			break;
		*na += take(a);
		if (b >= 0)
			*nb += take(b);
	}
}

int main(void)
{
	lo_up();
	int v = -1;
	socklen_t len = sizeof v;
	int probe = socket(AF_INET, SOCK_DGRAM, 0);
	getsockopt(probe, SOL_SOCKET, SO_REUSEPORT, &v, &len);
	say("SO_REUSEPORT default: %d\n", v);
	close(probe);

	/* UDP */
	int a, b;
	share_port("udp", SOCK_DGRAM, &a, &b);
	int port = port_of(a);
	pid_t pid = fork();
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534) < 0)
			say("setresuid: %s\n", errname(errno));
		int d = bound(SOCK_DGRAM, 1, port);
		say("udp another user's with SO_REUSEPORT: %s\n", d >= 0 ? "bound" : errname(-d));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	struct sockaddr_in to = sin_of("127.0.0.1", port);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	for (int i = 0; i < 8; i++)
		sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
	int na, nb;
	collect(drain, a, b, 8, &na, &nb);
	say("one sender, 8 datagrams: total %d, all to one socket: %s\n", na + nb, (na == 8 || nb == 8) ? "yes" : "no");
	for (int i = 0; i < 32; i++) {
		int t = socket(AF_INET, SOCK_DGRAM, 0);
		sendto(t, "y", 1, 0, (struct sockaddr *)&to, sizeof to);
		close(t);
	}
	collect(drain, a, b, 32, &na, &nb);
	say("32 senders: total %d, both got some: %s\n", na + nb, na && nb ? "yes" : "no");

	/* TCP listeners */
	int l1, l2;
	share_port("tcp", SOCK_STREAM, &l1, &l2);
	int tport = port_of(l1);
	show_ret("listen first", listen(l1, 64), errno);
	show_ret("listen second", listen(l2, 64), errno);
	int conns[32], ok = 0;
	for (int i = 0; i < 32; i++) {
		conns[i] = inet_dial(tport);
		ok += conns[i] >= 0;
	}
	int n1, n2;
	collect(accept_all, l1, l2, ok, &n1, &n2);
	say("32 connections: %d made, accepted %d, both listeners got some: %s\n", ok, n1 + n2,
	    n1 && n2 ? "yes" : "no");
	for (int i = 0; i < 32; i++)
		if (conns[i] >= 0)
			close(conns[i]);
	close(l1);
	int n3 = 0;
	for (int i = 0; i < 8; i++) {
		int k = inet_dial(tport);
		n3 += k >= 0;
		if (k >= 0)
			close(k);
	}
	int n4, none;
	collect(accept_all, l2, -1, n3, &n4, &none);
	say("after the first listener closed: %d of 8 connected, accepted %d\n", n3, n4);

	/* a listener without SO_REUSEPORT, then one with it on the same port */
	int m1 = bound(SOCK_STREAM, 0, 0);
	int mport = port_of(m1);
	listen(m1, 4);
	int m2 = bound(SOCK_STREAM, 1, mport);
	say("tcp with SO_REUSEPORT beside a listener without: %s\n", m2 >= 0 ? "bound" : errname(-m2));
	say("done\n");
	return 0;
}
