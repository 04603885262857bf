/*
 * udp_icmp_errors.c — ICMP port unreachable for UDP (udp(7), ip(7) "Error
 * handling", icmp(7); Linux's __udp4_lib_rcv, icmp_send, __udp4_lib_err and
 * their IPv6 twins): a datagram to a port nobody has is answered with an
 * ICMP destination unreachable (IPv4: type 3 code 3, quoting the IP header
 * and data, at most 576 bytes in all; ICMPv6: type 1 code 4, at most 1280),
 * seen here on a raw ICMP socket, which is also the handshake that the error
 * has arrived. A connected socket then has ECONNREFUSED pending: poll shows
 * POLLERR, SO_ERROR reads and clears it, or the next send or receive fails
 * with it (a receive before any queued datagram). An unconnected socket
 * keeps nothing. /proc/net/snmp's Icmp and Udp counters move accordingly.
 */
#define _GNU_SOURCE
#include <netinet/ip.h>
#include <poll.h>

#include "inet_test.h"

static unsigned long snmp_value(const char *line_name, const char *field)
{
	FILE *f = fopen("/proc/net/snmp", "r");
	char names[1024], values[1024];
	unsigned long v = ~0ul;
	while (f && fgets(names, sizeof names, f) && fgets(values, sizeof values, f)) {
		if (strncmp(names, line_name, strlen(line_name)) != 0)
			continue;
		char *sn, *sv;
		char *n = strtok_r(names, " \n", &sn), *val = strtok_r(values, " \n", &sv);
		while (n && val) {
			if (strcmp(n, field) == 0)
				v = strtoul(val, NULL, 10);
			n = strtok_r(NULL, " \n", &sn);
			val = strtok_r(NULL, " \n", &sv);
		}
		break;
	}
	if (f)
		fclose(f);
	return v;
}

static unsigned short csum(const unsigned char *p, size_t len)
{
	unsigned long sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (unsigned long)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (unsigned long)(p[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned short)~sum;
}

/* "the sender's" or "the closed" port when it is the expected one, else the number. */
static const char *port_name(int got, int sender, int closed)
{
	static char buf[2][16];
	static int i;
	if (got == sender)
		return "sender's port";
	if (got == closed)
		return "closed port";
	i ^= 1;
	snprintf(buf[i], sizeof buf[i], "port %d", got);
	return buf[i];
}

/* The local port of any socket. */
static int local_port(int fd)
{
	struct sockaddr_in6 a = {0};
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin6_port); /* at the same offset in sockaddr_in */
}

/* The next message on a raw socket (at most 5 s away), or -1 after saying so. */
static ssize_t wait_message(int raw, unsigned char *buf, size_t size)
{
	struct pollfd pfd = {raw, POLLIN, 0};
	if (poll(&pfd, 1, 5000) != 1) {
		say("  no ICMP message\n");
		return -1;
	}
	return recv(raw, buf, size, 0);
}

/* Waits for the next ICMP message on the raw IPv4 socket and describes it:
 * the quoted datagram should go from sender's port to the closed one. */
static void show_icmp4(int raw, int sender, int closed)
{
	unsigned char buf[2048];
	ssize_t n = wait_message(raw, buf, sizeof buf);
	if (n < 28)
		return;
	size_t ihl = (size_t)(buf[0] & 0xf) * 4;
	const unsigned char *icmp = buf + ihl, *q = icmp + 8;
	size_t qihl = (size_t)(q[0] & 0xf) * 4;
	const unsigned char *uh = q + qihl;
	char s[16], d[16];
	inet_ntop(AF_INET, q + 12, s, sizeof s);
	inet_ntop(AF_INET, q + 16, d, sizeof d);
	say("  ICMP %zd bytes (IP total %d, protocol %d, ttl %d, tos %#x): type %d code %d, checksum %s, unused "
	    "%02x%02x%02x%02x\n",
	    n, buf[2] << 8 | buf[3], buf[9], buf[8], buf[1], icmp[0], icmp[1],
	    csum(icmp, (size_t)n - ihl) == 0 ? "ok" : "BAD", icmp[4], icmp[5], icmp[6], icmp[7]);
	say("  quoting: IP total %d protocol %d %s -> %s, UDP %s -> %s length %d, %zd bytes quoted\n", q[2] << 8 | q[3],
	    q[9], s, d, port_name(uh[0] << 8 | uh[1], sender, closed), port_name(uh[2] << 8 | uh[3], sender, closed),
	    uh[4] << 8 | uh[5], n - (ssize_t)ihl - 8);
}

/* The same on a raw ICMPv6 socket (the message without its IPv6 header). */
static void show_icmp6(int raw, int sender, int closed)
{
	unsigned char buf[2048];
	ssize_t n = wait_message(raw, buf, sizeof buf);
	if (n < 8)
		return;
	const unsigned char *q = buf + 8, *uh = q + 40;
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, q + 8, s, sizeof s);
	inet_ntop(AF_INET6, q + 24, d, sizeof d);
	say("  ICMPv6 %zd bytes: type %d code %d, unused %02x%02x%02x%02x\n", n, buf[0], buf[1], buf[4], buf[5], buf[6],
	    buf[7]);
	say("  quoting: version %d payload %d next header %d hop limit %d %s -> %s, UDP %s -> %s length %d\n",
	    q[0] >> 4, q[4] << 8 | q[5], q[6], q[7], s, d, port_name(uh[0] << 8 | uh[1], sender, closed),
	    port_name(uh[2] << 8 | uh[3], sender, closed), uh[4] << 8 | uh[5]);
}

static void show_pending(const char *label, int fd)
{
	struct pollfd pfd = {fd, POLLIN, 0};
	int r = poll(&pfd, 1, 0);
	int err = -1;
	socklen_t len = sizeof err;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	int again = -1;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &again, &len);
	say("%s: poll %d revents %#x, SO_ERROR %s then %s\n", label, r, pfd.revents, errname(err), errname(again));
}

static void result(const char *label, ssize_t r)
{
	if (r < 0)
		say("%s: -1 %s\n", label, errname(errno));
	else
		say("%s: %zd\n", label, r);
}

/* A port that no socket has: bound once, then closed. */
static int closed_port(int family)
{
	int s = socket(family, SOCK_DGRAM, 0);
	struct sockaddr_storage ss = {0};
	ss.ss_family = (sa_family_t)family;
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	bind(s, (struct sockaddr *)&ss, len);
	getsockname(s, (struct sockaddr *)&ss, &len);
	close(s);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void ipv4(int raw)
{
	int port = closed_port(AF_INET);
	struct sockaddr_in to = sin_of("127.0.0.1", port);
	char big[1000];
	memset(big, 'b', sizeof big);

	int u = socket(AF_INET, SOCK_DGRAM, 0);
	result("unconnected sendto a closed port", sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof to));
	show_icmp4(raw, local_port(u), port);
	show_pending("unconnected after the error", u);
	result("unconnected sendto 1000 bytes", sendto(u, big, sizeof big, 0, (struct sockaddr *)&to, sizeof to));
	show_icmp4(raw, local_port(u), port);
	close(u);

	int c = socket(AF_INET, SOCK_DGRAM, 0);
	result("connect", connect(c, (struct sockaddr *)&to, sizeof to));
	result("send 1", send(c, "1", 1, 0));
	show_icmp4(raw, local_port(c), port);
	show_pending("connected after the error", c);
	result("send 2", send(c, "2", 1, 0));
	show_icmp4(raw, local_port(c), port);
	result("send 3 (the error pending)", send(c, "3", 1, 0));
	result("send 4 (cleared)", send(c, "4", 1, 0));
	show_icmp4(raw, local_port(c), port);
	char buf[8];
	result("recv (the error pending)", recv(c, buf, sizeof buf, MSG_DONTWAIT));
	result("recv again", recv(c, buf, sizeof buf, MSG_DONTWAIT));
	close(c);

	/* the error comes before a datagram already queued */
	int peer = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in pa = sin_of("127.0.0.1", 0);
	bind(peer, (struct sockaddr *)&pa, sizeof pa);
	struct sockaddr_in peer_addr = sin_of("127.0.0.1", port_of(peer));
	c = socket(AF_INET, SOCK_DGRAM, 0);
	bind(c, (struct sockaddr *)&pa, sizeof pa);
	connect(c, (struct sockaddr *)&peer_addr, sizeof peer_addr);
	struct sockaddr_in c_addr = sin_of("127.0.0.1", port_of(c));
	result("peer sends to the connected socket",
	       sendto(peer, "q", 1, 0, (struct sockaddr *)&c_addr, sizeof c_addr));
	close(peer);
	result("send to the closed peer", send(c, "5", 1, 0));
	show_icmp4(raw, local_port(c), ntohs(peer_addr.sin_port));
	memset(buf, 0, sizeof buf);
	result("recv (the error first)", recv(c, buf, sizeof buf, MSG_DONTWAIT));
	result("recv (then the datagram)", recv(c, buf, sizeof buf, MSG_DONTWAIT));
	say("  got \"%s\"\n", buf);
	close(c);
}

static void ipv6(int raw6, int raw4)
{
	int port = closed_port(AF_INET6);
	struct sockaddr_in6 to = {
		.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	char big[2000];
	memset(big, 'b', sizeof big);
	int c = socket(AF_INET6, SOCK_DGRAM, 0);
	result("udp6 sendto 2000 bytes to a closed port",
	       sendto(c, big, sizeof big, 0, (struct sockaddr *)&to, sizeof to));
	show_icmp6(raw6, local_port(c), port);
	show_pending("udp6 unconnected after the error", c);
	result("udp6 connect", connect(c, (struct sockaddr *)&to, sizeof to));
	result("udp6 send 1", send(c, "1", 1, 0));
	show_icmp6(raw6, local_port(c), port);
	show_pending("udp6 connected after the error", c);
	result("udp6 send 2", send(c, "2", 1, 0));
	show_icmp6(raw6, local_port(c), port);
	result("udp6 send 3 (the error pending)", send(c, "3", 1, 0));
	close(c);

	/* an AF_INET6 socket connected to an IPv4 port gets the ICMPv4 error */
	port = closed_port(AF_INET);
	struct sockaddr_in6 mapped = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
	c = socket(AF_INET6, SOCK_DGRAM, 0);
	result("udp6 connect ::ffff:127.0.0.1", connect(c, (struct sockaddr *)&mapped, sizeof mapped));
	result("udp6 send to v4-mapped", send(c, "1", 1, 0));
	show_icmp4(raw4, local_port(c), port);
	char buf[4];
	result("udp6 recv (the error pending)", recv(c, buf, sizeof buf, MSG_DONTWAIT));
	close(c);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int raw4 = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	int raw6 = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	if (raw4 < 0 || raw6 < 0) {
		say("raw sockets: %s\n", errname(errno));
		return 1;
	}
	unsigned long in0 = snmp_value("Icmp:", "InDestUnreachs"), out0 = snmp_value("Icmp:", "OutDestUnreachs");
	unsigned long inm0 = snmp_value("Icmp:", "InMsgs"), outm0 = snmp_value("Icmp:", "OutMsgs");
	unsigned long noports0 = snmp_value("Udp:", "NoPorts");
	ipv4(raw4);
	ipv6(raw6, raw4);
	say("Icmp InMsgs +%lu InDestUnreachs +%lu OutMsgs +%lu OutDestUnreachs +%lu; Udp NoPorts +%lu\n",
	    snmp_value("Icmp:", "InMsgs") - inm0, snmp_value("Icmp:", "InDestUnreachs") - in0,
	    snmp_value("Icmp:", "OutMsgs") - outm0, snmp_value("Icmp:", "OutDestUnreachs") - out0,
	    snmp_value("Udp:", "NoPorts") - noports0);
	say("done\n");
	return 0;
}
