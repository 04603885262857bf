/*
 * inet_connect_any.c — a wildcard destination means this host (ip(7),
 * ipv6(7); Linux's ip_route_output_key_hash_rcu, tcp_v6_connect,
 * ip6_datagram_connect, udpv6_sendmsg): connect or sendto to 0.0.0.0
 * reaches the socket's bound address, or 127.0.0.1 when it has none; to
 * :: reaches ::1, or ::ffff:127.0.0.1 from a socket bound to a v4-mapped
 * address. getpeername and the receiver's recvfrom show the substituted
 * address. TCP and UDP, IPv4 and IPv6; LTP's sendto01 and sendmsg01 rely on it.
 */
#define _GNU_SOURCE
#include "inet_test.h"

static const char *name_of(const struct sockaddr_storage *ss)
{
	static char buf[INET6_ADDRSTRLEN + 16];
	char ip[INET6_ADDRSTRLEN];
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ss;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
	} else {
		const struct sockaddr_in6 *a = (const void *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
	}
	snprintf(buf, sizeof buf, "%s", ip);
	return buf;
}

static void show_peer(const char *label, int fd)
{
	struct sockaddr_storage ss = {0};
	socklen_t len = sizeof ss;
	if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
		say("%s: getpeername %s\n", label, errname(errno));
	else
		say("%s: peer %s\n", label, name_of(&ss));
}

/* Receive one datagram on r and say who sent it. */
static void show_datagram(const char *label, int r)
{
	char buf[16] = {0};
	struct sockaddr_storage ss = {0};
	socklen_t len = sizeof ss;
	ssize_t n = recvfrom(r, buf, sizeof buf - 1, MSG_DONTWAIT, (struct sockaddr *)&ss, &len);
	if (n < 0)
		say("%s: recvfrom %s\n", label, errname(errno));
	else
		say("%s: got \"%s\" from %s\n", label, buf, name_of(&ss));
}

static struct sockaddr_in6 sin6_of(const char *ip, int port)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

static void udp4(void)
{
	int r = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ra = sin_of("0.0.0.0", 0);
	bind(r, (struct sockaddr *)&ra, sizeof ra);
	int port = port_of(r);
	struct sockaddr_in any = sin_of("0.0.0.0", port);

	int s = socket(AF_INET, SOCK_DGRAM, 0);
	say("udp sendto 0.0.0.0: %zd\n", sendto(s, "a", 1, 0, (struct sockaddr *)&any, sizeof any));
	show_datagram("udp sendto 0.0.0.0", r);
	say("udp connect 0.0.0.0: %d\n", connect(s, (struct sockaddr *)&any, sizeof any));
	show_peer("udp connect 0.0.0.0", s);
	say("udp send: %zd\n", send(s, "b", 1, 0));
	show_datagram("udp send after connect 0.0.0.0", r);
	close(s);

	/* bound to 127.0.0.2: 0.0.0.0 is that address */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in two = sin_of("127.0.0.2", 0);
	bind(s, (struct sockaddr *)&two, sizeof two);
	say("udp (bound to 127.0.0.2) connect 0.0.0.0: %d\n", connect(s, (struct sockaddr *)&any, sizeof any));
	show_peer("udp (bound to 127.0.0.2) connect 0.0.0.0", s);
	send(s, "c", 1, 0);
	show_datagram("udp (bound to 127.0.0.2) send", r);
	close(s);
	close(r);
}

static void tcp4(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in la = sin_of("0.0.0.0", 0);
	bind(l, (struct sockaddr *)&la, sizeof la);
	listen(l, 4);
	struct sockaddr_in any = sin_of("0.0.0.0", port_of(l));
	int c = socket(AF_INET, SOCK_STREAM, 0);
	say("tcp connect 0.0.0.0: %d\n", connect(c, (struct sockaddr *)&any, sizeof any));
	show_peer("tcp connect 0.0.0.0", c);
	int a = accept(l, NULL, NULL);
	show_peer("tcp accepted", a);
	say("tcp send: %zd\n", send(c, "d", 1, 0));
	char ch = 0;
	say("tcp recv: %zd '%c'\n", recv(a, &ch, 1, 0), ch);
	close(a);
	close(c);
	close(l);
}

static void inet6(void)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 la = sin6_of("::", 0);
	bind(l, (struct sockaddr *)&la, sizeof la);
	listen(l, 4);
	struct sockaddr_in6 got = {0};
	socklen_t len = sizeof got;
	getsockname(l, (struct sockaddr *)&got, &len);
	int port = ntohs(got.sin6_port);
	struct sockaddr_in6 any = sin6_of("::", port);
	int c = socket(AF_INET6, SOCK_STREAM, 0);
	say("tcp6 connect ::: %d\n", connect(c, (struct sockaddr *)&any, sizeof any));
	show_peer("tcp6 connect ::", c);
	int a = accept(l, NULL, NULL);
	show_peer("tcp6 accepted", a);
	close(a);
	close(c);
	/* bound to ::ffff:127.0.0.1, :: is ::ffff:127.0.0.1 */
	c = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 mapped = sin6_of("::ffff:127.0.0.1", 0);
	say("tcp6 bind ::ffff:127.0.0.1: %d\n", bind(c, (struct sockaddr *)&mapped, sizeof mapped));
	say("tcp6 (v4-mapped) connect ::: %d\n", connect(c, (struct sockaddr *)&any, sizeof any));
	show_peer("tcp6 (v4-mapped) connect ::", c);
	a = accept(l, NULL, NULL);
	show_peer("tcp6 (v4-mapped) accepted", a);
	close(a);
	close(c);
	close(l);

	int r = socket(AF_INET6, SOCK_DGRAM, 0);
	bind(r, (struct sockaddr *)&la, sizeof la);
	len = sizeof got;
	getsockname(r, (struct sockaddr *)&got, &len);
	port = ntohs(got.sin6_port);
	any = sin6_of("::", port);
	struct sockaddr_in6 any4 = sin6_of("::ffff:0.0.0.0", port);
	int s = socket(AF_INET6, SOCK_DGRAM, 0);
	say("udp6 sendto ::: %zd\n", sendto(s, "e", 1, 0, (struct sockaddr *)&any, sizeof any));
	show_datagram("udp6 sendto ::", r);
	say("udp6 sendto ::ffff:0.0.0.0: %zd\n", sendto(s, "f", 1, 0, (struct sockaddr *)&any4, sizeof any4));
	show_datagram("udp6 sendto ::ffff:0.0.0.0", r);
	say("udp6 connect ::: %d\n", connect(s, (struct sockaddr *)&any, sizeof any));
	show_peer("udp6 connect ::", s);
	close(s);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	int on = 1;
	setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
	expect_err("udp6 (v6only) sendto ::ffff:0.0.0.0", sendto(s, "g", 1, 0, (struct sockaddr *)&any4, sizeof any4),
		   errno, ENETUNREACH);
	close(s);
	close(r);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	udp4();
	tcp4();
	inet6();
	say("done\n");
	return 0;
}
