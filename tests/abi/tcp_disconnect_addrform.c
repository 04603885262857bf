/*
 * tcp_disconnect_addrform.c — connect(AF_UNSPEC) on TCP sockets
 * (tcp_disconnect) and setsockopt(IPV6_ADDRFORM), which turns an IPv6
 * socket connected to a v4-mapped peer into an IPv4 one (LTP's connect02
 * does both, CVE-2018-9568):
 *
 * - IPV6_ADDRFORM's errors: a short option, a value other than AF_INET, a
 *   listener, an IPv6 connection to ::1, an IPv4 socket, an unconnected
 *   and a connected UDP socket; getsockopt(IPV6_ADDRFORM) before and after.
 * - An accepted IPv6 connection from 127.0.0.1 turned IPv4: SO_DOMAIN, its
 *   names as sockaddr_in, IPv6 options refused and IPv4 ones taken, data
 *   both ways; then connect(AF_UNSPEC): the peer reads a reset, SO_ERROR,
 *   the names, and the same socket bound, listening and accepting again.
 * - connect(AF_UNSPEC) on a client: the server reads a reset, the client
 *   connects again on the same socket and data flows.
 * - connect(AF_UNSPEC) on a listener with a connection not yet accepted:
 *   that connection is reset; bound to port 0 the listener gives its port
 *   back (its name still shows it) and listens again on another, bound to
 *   a port it asked for it keeps that port.
 * - connect(AF_UNSPEC) on a connection the peer closed (CLOSE_WAIT) and on
 *   a socket never connected.
 * Every step is a handshake: reads block until the bytes or the reset come.
 */
#define _GNU_SOURCE
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inet_test.h"

static const struct sockaddr unspec = {.sa_family = AF_UNSPEC};

static void say_names(const char *label, int fd)
{
	struct sockaddr_in6 a;
	char text[64];
	const char *what[2] = {"local", "peer"};
	for (int peer = 0; peer < 2; peer++) {
		socklen_t len = sizeof a;
		memset(&a, 0, sizeof a);
		int r = peer ? getpeername(fd, (struct sockaddr *)&a, &len)
			     : getsockname(fd, (struct sockaddr *)&a, &len);
		if (r < 0) {
			say("%s %s: %s\n", label, what[peer], errname(errno));
			continue;
		}
		if (a.sin6_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&a)->sin_addr, text, sizeof text);
		else
			inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
		say("%s %s: family %s len %u %s port %s\n", label, what[peer],
		    a.sin6_family == AF_INET ? "inet" : "inet6", (unsigned)len, text, ntohs(a.sin6_port) ? "set" : "0");
	}
}

static void say_addrform(const char *label, int fd, int value, socklen_t len)
{
	int r = setsockopt(fd, IPPROTO_IPV6, IPV6_ADDRFORM, &value, len);
	say("%s: %s\n", label, r ? errname(errno) : "ok");
}

/* Reads one chunk: its bytes, end of file or the error. */
static void say_read(const char *label, int fd)
{
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	if (n < 0)
		say("%s: %s\n", label, errname(errno));
	else {
		buf[n] = 0;
		say("%s: %zd \"%s\"\n", label, n, buf);
	}
}

/* An IPv6 listener on [::]:0 and its port. */
static int listener6(int *port)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
	socklen_t len = sizeof a;
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 5) < 0 ||
	    getsockname(l, (struct sockaddr *)&a, &len) < 0) {
		say("listener6: %s\n", errname(errno));
		return -1;
	}
	*port = ntohs(a.sin6_port);
	return l;
}

static void errors(int l6, int port6)
{
	say_addrform("listener", l6, AF_INET, sizeof(int));
	say_int_opt("listener get ADDRFORM", l6, IPPROTO_IPV6, IPV6_ADDRFORM);
	/* an IPv6 connection to ::1: not v4-mapped */
	int c = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 a = {
		.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT, .sin6_port = htons(port6)};
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0)
		say("connect ::1: %s\n", errname(errno));
	int s = accept(l6, NULL, NULL);
	say_addrform("short", s, AF_INET, 2);
	say_addrform("inet6 value", s, AF_INET6, sizeof(int));
	say_addrform("::1 peer", s, AF_INET, sizeof(int));
	say_int_opt("::1 peer get ADDRFORM", s, IPPROTO_IPV6, IPV6_ADDRFORM);
	close(s);
	close(c);
	int c4 = socket(AF_INET, SOCK_STREAM, 0);
	say_addrform("inet socket", c4, AF_INET, sizeof(int));
	close(c4);
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	say_addrform("udp unconnected", u, AF_INET, sizeof(int));
	struct sockaddr_in6 m = {.sin6_family = AF_INET6, .sin6_port = htons(9)};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
	if (connect(u, (struct sockaddr *)&m, sizeof m) < 0)
		say("udp connect: %s\n", errname(errno));
	say_int_opt("udp get ADDRFORM", u, IPPROTO_IPV6, IPV6_ADDRFORM);
	say_addrform("udp connected", u, AF_INET, sizeof(int));
	say_int_opt("udp SO_DOMAIN", u, SOL_SOCKET, SO_DOMAIN);
	say_names("udp", u);
	close(u);
	int v6only = socket(AF_INET6, SOCK_DGRAM, 0);
	int one = 1;
	setsockopt(v6only, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	struct sockaddr_in6 lo6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT, .sin6_port = htons(9)};
	connect(v6only, (struct sockaddr *)&lo6, sizeof lo6);
	say_addrform("udp v6only ::1", v6only, AF_INET, sizeof(int));
	close(v6only);
}

/* An accepted IPv6 connection from 127.0.0.1, turned IPv4, then disconnected and reused. */
static void addrform_then_reuse(int l6, int port6)
{
	int c = inet_dial(port6);
	if (c < 0) {
		say("dial: %s\n", errname(-c));
		return;
	}
	int s = accept(l6, NULL, NULL);
	say_int_opt("accepted get ADDRFORM", s, IPPROTO_IPV6, IPV6_ADDRFORM);
	say_names("accepted", s);
	say_addrform("accepted", s, AF_INET, sizeof(int));
	say_int_opt("converted SO_DOMAIN", s, SOL_SOCKET, SO_DOMAIN);
	say_int_opt("converted get ADDRFORM", s, IPPROTO_IPV6, IPV6_ADDRFORM);
	say_names("converted", s);
	say_addrform("again", s, AF_INET, sizeof(int));
	int one = 1, tos = 0x10;
	say("converted set IPV6_V6ONLY: %s\n",
	    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) ? errname(errno) : "ok");
	say_int_opt("converted get IPV6_V6ONLY", s, IPPROTO_IPV6, IPV6_V6ONLY);
	say("converted set IP_TOS: %s\n", setsockopt(s, IPPROTO_IP, IP_TOS, &tos, sizeof tos) ? errname(errno) : "ok");
	say_int_opt("converted get IP_TOS", s, IPPROTO_IP, IP_TOS);
	write(s, "to-client", 9);
	say_read("client reads", c);
	write(c, "to-server", 9);
	say_read("server reads", s);

	say("disconnect: %s\n", connect(s, &unspec, sizeof unspec) ? errname(errno) : "ok");
	say_read("client reads after disconnect", c);
	say_int_opt("SO_ERROR after disconnect", s, SOL_SOCKET, SO_ERROR);
	say_int_opt("SO_ERROR again", s, SOL_SOCKET, SO_ERROR);
	say_names("disconnected", s);
	say_read("disconnected reads", s);
	struct sockaddr_in any = sin_of("0.0.0.0", 0);
	say("bind: %s\n", bind(s, (struct sockaddr *)&any, sizeof any) ? errname(errno) : "ok");
	say("listen: %s\n", listen(s, 5) ? errname(errno) : "ok");
	say_names("relistening", s);
	int c2 = inet_dial(port_of(s));
	if (c2 < 0) {
		say("dial again: %s\n", errname(-c2));
		close(c);
		close(s);
		return;
	}
	int s2 = accept(s, NULL, NULL);
	say_names("second accepted", s2);
	write(c2, "second", 6);
	say_read("second reads", s2);
	close(s2);
	close(c2);
	close(c);
	close(s);
}

/* A client disconnects, then connects again on the same socket. */
static void client_reconnects(void)
{
	int l = inet_listener(0, 5, 0);
	int c = inet_dial(port_of(l));
	int s = accept(l, NULL, NULL);
	write(c, "one", 3);
	say_read("server reads one", s);
	say("client disconnect: %s\n", connect(c, &unspec, sizeof unspec) ? errname(errno) : "ok");
	say_read("server reads after client disconnect", s);
	say_names("client disconnected", c);
	say("client write after disconnect: %s\n", write(c, "x", 1) < 0 ? errname(errno) : "ok");
	struct sockaddr_in to = sin_of("127.0.0.1", port_of(l));
	say("client reconnect: %s\n", connect(c, (struct sockaddr *)&to, sizeof to) ? errname(errno) : "ok");
	int s2 = accept(l, NULL, NULL);
	write(c, "two", 3);
	say_read("server reads two", s2);
	write(s2, "back", 4);
	say_read("client reads back", c);
	close(s2);
	close(s);
	close(c);
	close(l);
}

/* A listener disconnects with a connection waiting in its queue. */
static void listener_disconnects(void)
{
	int l = inet_listener(0, 5, 0);
	int port = port_of(l);
	int c = inet_dial(port);
	say("listener disconnect: %s\n", connect(l, &unspec, sizeof unspec) ? errname(errno) : "ok");
	say_read("queued client reads", c);
	/* bound to port 0: the port is given back (no SOCK_BINDPORT_LOCK),
	 * though getsockname still shows it (inet_sport) until the next one */
	say("listener's name keeps its port: %s\n", port_of(l) == port ? "yes" : "no");
	say_int_opt("listener SO_ACCEPTCONN", l, SOL_SOCKET, SO_ACCEPTCONN);
	say_int_opt("listener SO_ERROR", l, SOL_SOCKET, SO_ERROR);
	struct sockaddr_in to = sin_of("127.0.0.1", port);
	int probe = socket(AF_INET, SOCK_STREAM, 0);
	say("connect to the old port: %s\n", connect(probe, (struct sockaddr *)&to, sizeof to) ? errname(errno) : "ok");
	close(probe);
	say("listen again: %s\n", listen(l, 5) ? errname(errno) : "ok");
	int c2 = inet_dial(port_of(l));
	if (c2 < 0) {
		say("dial the new port: %s\n", errname(-c2));
		close(c);
		close(l);
		return;
	}
	int s2 = accept(l, NULL, NULL);
	write(c2, "fresh", 5);
	say_read("listener's fresh connection reads", s2);
	close(s2);
	close(c2);
	close(c);
	close(l);
}

/* A listener bound to a port it asked for keeps it across a disconnect. */
static void locked_listener_disconnects(void)
{
	int l = inet_listener(0, 5, 0);
	int port = port_of(l);
	close(l);
	l = inet_listener(port, 5, 1); /* asked for: SOCK_BINDPORT_LOCK */
	if (l < 0)
		return;
	say("locked listener disconnect: %s\n", connect(l, &unspec, sizeof unspec) ? errname(errno) : "ok");
	struct sockaddr_in to = sin_of("127.0.0.1", port);
	int probe = socket(AF_INET, SOCK_STREAM, 0);
	say("connect to the locked port while closed: %s\n",
	    connect(probe, (struct sockaddr *)&to, sizeof to) ? errname(errno) : "ok");
	close(probe);
	struct sockaddr_in any = sin_of("0.0.0.0", 0);
	say("bind the locked listener again: %s\n",
	    bind(l, (struct sockaddr *)&any, sizeof any) ? errname(errno) : "ok");
	say("locked listen again: %s\n", listen(l, 5) ? errname(errno) : "ok");
	say("locked listener's port: %s\n", port_of(l) == port ? "the same" : "another");
	int c = inet_dial(port);
	if (c < 0) {
		say("dial the locked port: %s\n", errname(-c));
		close(l);
		return;
	}
	int s = accept(l, NULL, NULL);
	write(c, "locked", 6);
	say_read("locked listener's connection reads", s);
	close(s);
	close(c);
	close(l);
}

/* The peer closed first (CLOSE_WAIT); and a socket never connected. */
static void other_states(void)
{
	int l = inet_listener(0, 5, 0);
	int c = inet_dial(port_of(l));
	int s = accept(l, NULL, NULL);
	close(c);
	say_read("close-wait reads", s); /* end of file: the FIN came */
	say("close-wait disconnect: %s\n", connect(s, &unspec, sizeof unspec) ? errname(errno) : "ok");
	say_int_opt("close-wait SO_ERROR", s, SOL_SOCKET, SO_ERROR);
	close(s);
	int fresh = socket(AF_INET, SOCK_STREAM, 0);
	say("fresh disconnect: %s\n", connect(fresh, &unspec, sizeof unspec) ? errname(errno) : "ok");
	say_int_opt("fresh SO_ERROR", fresh, SOL_SOCKET, SO_ERROR);
	close(fresh);
	close(l);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	lo_up();
	int port6;
	int l6 = listener6(&port6);
	if (l6 < 0)
		return 1;
	errors(l6, port6);
	addrform_then_reuse(l6, port6);
	client_reconnects();
	listener_disconnects();
	locked_listener_disconnects();
	other_states();
	close(l6);
	say("done\n");
	return 0;
}
