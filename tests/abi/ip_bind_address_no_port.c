/*
 * ip_bind_address_no_port.c — IP_BIND_ADDRESS_NO_PORT (Linux 6.1
 * do_ip_setsockopt, __inet_bind, __inet6_bind): a flag; with it, bind to
 * port 0 keeps the address and takes no port (getsockname shows port 0,
 * and the socket may be bound again), and the port comes with connect,
 * the first send or listen, from the bound address; a port given to bind
 * is taken as always. UDP and TCP, IPv4 and IPv6.
 */
#include "inet_test.h"

static int flagged(int family, int type)
{
	int s = socket(family, type, 0), one = 1, v = -1;
	if (setsockopt(s, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) < 0)
		say("setsockopt: %s\n", errname(errno));
	socklen_t len = sizeof v;
	getsockopt(s, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &v, &len);
	if (v != 1)
		say("reads %d\n", v);
	return s;
}

static int bind_to(int s, int family, const char *text, int port)
{
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	struct sockaddr_in a4 = sin_of(text, port);
	if (family == AF_INET6)
		inet_pton(AF_INET6, text, &a6.sin6_addr);
	int r = family == AF_INET ? bind(s, (struct sockaddr *)&a4, sizeof a4)
				  : bind(s, (struct sockaddr *)&a6, sizeof a6);
	return r < 0 ? -errno : 0;
}

/* Whether fd's name is what the other end (peer: getpeername, else the
 * source of a datagram read on r) sees. */
static void same_name(int fd, int other, int stream)
{
	struct sockaddr_in6 p, me;
	socklen_t plen = sizeof p, mlen = sizeof me;
	char b[4];
	if (stream)
		getpeername(other, (struct sockaddr *)&p, &plen);
	else
		recvfrom(other, b, sizeof b, 0, (struct sockaddr *)&p, &plen);
	getsockname(fd, (struct sockaddr *)&me, &mlen);
	say("  the other end sees the same address: %s\n", plen == mlen && !memcmp(&p, &me, plen) ? "yes" : "no");
}

static void run(int family, int type, const char *addr, const char *addr2)
{
	say("%s %s\n", family == AF_INET ? "ipv4" : "ipv6", type == SOCK_DGRAM ? "udp" : "tcp");
	int s = flagged(family, type);
	say("  bind %s:0: %d\n", addr, bind_to(s, family, addr, 0));
	say_local_name("  after bind", s);
	say("  bind again %s:0: %d\n", addr2, bind_to(s, family, addr2, 0));
	say_local_name("  after the second bind", s);
	int r = socket(family, type, 0);
	bind_to(r, family, family == AF_INET ? "127.0.0.1" : "::1", 0);
	struct sockaddr_in6 d;
	socklen_t dlen = sizeof d;
	getsockname(r, (struct sockaddr *)&d, &dlen);
	if (type == SOCK_STREAM)
		listen(r, 1);
	int ret = connect(s, (struct sockaddr *)&d, dlen);
	say("  connect: %s\n", ret < 0 ? errname(errno) : "ok");
	say_local_name("  after connect", s);
	if (type == SOCK_STREAM) {
		int c = accept(r, NULL, NULL);
		same_name(s, c, 1);
		close(c);
	} else {
		send(s, "x", 1, 0);
		same_name(s, r, 0);
	}
	close(s);

	s = flagged(family, type);
	int p = bind_to(s, family, addr, 4321);
	say("  a given port: %d\n", p);
	say_local_name("  after bind", s);
	close(s);
	s = flagged(family, type);
	bind_to(s, family, addr, 0);
	if (type == SOCK_STREAM) {
		say("  listen: %d\n", listen(s, 1));
		say_local_name("  after listen", s);
	} else {
		ret = (int)sendto(s, "y", 1, 0, (struct sockaddr *)&d, dlen);
		say("  sendto: %d\n", ret);
		say_local_name("  after sendto", s);
	}
	close(s);
	close(r);
}

int main(void)
{
	lo_up();
	int s = socket(AF_INET, SOCK_DGRAM, 0), v = -1, five = 5;
	socklen_t len = sizeof v;
	getsockopt(s, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &v, &len);
	say("default %d\n", v);
	setsockopt(s, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &five, sizeof five);
	len = sizeof v;
	getsockopt(s, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &v, &len);
	say("5 reads %d\n", v);
	close(s);
	run(AF_INET, SOCK_DGRAM, "127.0.0.2", "127.0.0.3");
	run(AF_INET, SOCK_STREAM, "127.0.0.2", "127.0.0.3");
	run(AF_INET6, SOCK_DGRAM, "::1", "::");
	run(AF_INET6, SOCK_STREAM, "::1", "::");
	done();
}
