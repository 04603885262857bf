/*
 * ip_ttl_tclass.c — IP_TTL and IP_TOS, IPV6_UNICAST_HOPS and IPV6_TCLASS
 * (Linux 6.1 ip_sockglue.c, ipv6_sockglue.c): their ranges and defaults as
 * getsockopt reads them, and the headers of the datagrams a socket then
 * sends, as a packet socket on lo sees them (TTL and TOS of IPv4, hop
 * limit and traffic class of IPv6); an AF_INET6 socket sending to an IPv4
 * peer (::ffff:127.0.0.1) uses the IPv4 options.
 */
#include "inet_test.h"

#include <netinet/ip.h>

#ifndef ETH_P_IP
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#endif
#ifndef ETH_P_ALL
#define ETH_P_ALL 0x0003
#endif

static int getint(int fd, int level, int name)
{
	int v = -99;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -1000 - errno;
	return v;
}

static void setint(const char *label, int fd, int level, int name, int v)
{
	errno = 0;
	int r = setsockopt(fd, level, name, &v, sizeof v);
	say("%s %d: %s\n", label, v, r == 0 ? "ok" : errname(errno));
}

/* The next frame on the packet socket pk: its IP version's TTL/hop limit and TOS/class. */
static void show_next(const char *label, int pk)
{
	unsigned char f[2048];
	ssize_t n = recv(pk, f, sizeof f, MSG_DONTWAIT);
	if (n < 20) {
		say("%s: nothing (%zd)\n", label, n);
		return;
	}
	if ((f[0] >> 4) == 4)
		say("%s: IPv4 ttl %d tos %#x\n", label, f[8], f[1]);
	else
		say("%s: IPv6 hop limit %d class %#x\n", label, f[7], ((f[0] & 0xf) << 4) | (f[1] >> 4));
}

/* Sends one datagram from s to dst and shows the frame, the first of the
 * two a packet socket on lo gets (outgoing, then incoming). */
static void send_one(const char *label, int s, int pk, const struct sockaddr *dst, socklen_t len)
{
	sendto(s, "x", 1, 0, dst, len);
	show_next(label, pk);
	unsigned char f[2048];
	while (recv(pk, f, sizeof f, MSG_DONTWAIT) > 0)
		;
}

int main(void)
{
	lo_up();
	int pk = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	int rx = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 any6 = {.sin6_family = AF_INET6};
	bind(rx, (struct sockaddr *)&any6, sizeof any6);
	socklen_t al = sizeof any6;
	getsockname(rx, (struct sockaddr *)&any6, &al);
	int port = ntohs(any6.sin6_port);
	struct sockaddr_in to4 = sin_of("127.0.0.1", port);
	struct sockaddr_in6 to6 = {
		.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	struct sockaddr_in6 mapped = to6;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);

	int s4 = socket(AF_INET, SOCK_DGRAM, 0);
	say("IP_TTL fresh %d, IP_TOS fresh %d\n", getint(s4, IPPROTO_IP, IP_TTL), getint(s4, IPPROTO_IP, IP_TOS));
	send_one("v4 defaults", s4, pk, (struct sockaddr *)&to4, sizeof to4);
	setint("IP_TTL", s4, IPPROTO_IP, IP_TTL, 0);
	setint("IP_TTL", s4, IPPROTO_IP, IP_TTL, 256);
	setint("IP_TTL", s4, IPPROTO_IP, IP_TTL, 7);
	setint("IP_TOS", s4, IPPROTO_IP, IP_TOS, 0x28);
	say("IP_TTL %d, IP_TOS %#x\n", getint(s4, IPPROTO_IP, IP_TTL), getint(s4, IPPROTO_IP, IP_TOS));
	send_one("v4 ttl 7 tos 0x28", s4, pk, (struct sockaddr *)&to4, sizeof to4);
	setint("IP_TTL", s4, IPPROTO_IP, IP_TTL, -1);
	say("IP_TTL back to %d\n", getint(s4, IPPROTO_IP, IP_TTL));

	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	say("IPV6_UNICAST_HOPS fresh %d, IPV6_TCLASS fresh %d\n", getint(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS),
	    getint(s6, IPPROTO_IPV6, IPV6_TCLASS));
	send_one("v6 defaults", s6, pk, (struct sockaddr *)&to6, sizeof to6);
	setint("IPV6_UNICAST_HOPS", s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, -2);
	setint("IPV6_UNICAST_HOPS", s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 256);
	setint("IPV6_UNICAST_HOPS", s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 0);
	send_one("v6 hops 0", s6, pk, (struct sockaddr *)&to6, sizeof to6);
	setint("IPV6_UNICAST_HOPS", s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9);
	setint("IPV6_TCLASS", s6, IPPROTO_IPV6, IPV6_TCLASS, -2);
	setint("IPV6_TCLASS", s6, IPPROTO_IPV6, IPV6_TCLASS, 0x1b8);
	setint("IPV6_TCLASS", s6, IPPROTO_IPV6, IPV6_TCLASS, 0xb8);
	say("IPV6_UNICAST_HOPS %d, IPV6_TCLASS %#x\n", getint(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS),
	    getint(s6, IPPROTO_IPV6, IPV6_TCLASS));
	send_one("v6 hops 9 class 0xb8", s6, pk, (struct sockaddr *)&to6, sizeof to6);
	setint("IP_TTL on the v6 socket", s6, IPPROTO_IP, IP_TTL, 5);
	send_one("v6 socket to ::ffff:127.0.0.1", s6, pk, (struct sockaddr *)&mapped, sizeof mapped);
	setint("IPV6_TCLASS", s6, IPPROTO_IPV6, IPV6_TCLASS, -1);
	setint("IPV6_UNICAST_HOPS", s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, -1);
	say("back: hops %d class %d\n", getint(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS),
	    getint(s6, IPPROTO_IPV6, IPV6_TCLASS));
	short small = 3;
	errno = 0;
	say("IPV6_UNICAST_HOPS from 2 bytes: %d %s\n",
	    setsockopt(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &small, sizeof small), errname(errno));
	say("IPV6_TCLASS on an IPv4 socket: %d\n", getint(s4, IPPROTO_IPV6, IPV6_TCLASS));

	int lt = inet_listener(0, 1, 0);
	int ct = socket(AF_INET, SOCK_STREAM, 0);
	setint("IP_TTL on a TCP socket", ct, IPPROTO_IP, IP_TTL, 9);
	struct sockaddr_in at = sin_of("127.0.0.1", port_of(lt));
	unsigned char f[2048];
	while (recv(pk, f, sizeof f, MSG_DONTWAIT) > 0)
		;
	connect(ct, (struct sockaddr *)&at, sizeof at);
	show_next("its SYN", pk);
	close(ct);
	close(lt);

	int l = socket(AF_INET6, SOCK_STREAM, 0);
	setint("IPV6_TCLASS on TCP", l, IPPROTO_IPV6, IPV6_TCLASS, 0xbb);
	say("TCP class reads %#x\n", getint(l, IPPROTO_IPV6, IPV6_TCLASS));
	close(l);
	close(s4);
	close(s6);
	close(rx);
	close(pk);
	done();
	return 0;
}
