/*
 * ip_recv_flags.c — the remaining IP receive flags and limits (Linux 6.1
 * do_ip_setsockopt, ip_cmsg_recv_offset, do_ipv6_setsockopt,
 * ip6_datagram_recv_specific_ctl, tcp_v4_rcv, tcp_v6_rcv):
 * IP_RECVORIGDSTADDR and IPV6_RECVORIGDSTADDR (the destination as a
 * sockaddr in a control message on UDP), IP_RECVOPTS, IP_RETOPTS,
 * IP_PASSSEC, IP_CHECKSUM and IP_RECVFRAGSIZE (kept; nothing to say on lo:
 * no options, no security module, no CHECKSUM_COMPLETE, no fragments),
 * IP_MINTTL and IPV6_MINHOPCOUNT (ranges; TCP drops segments below), and
 * IPV6_MTU read on connected and unconnected sockets.
 */
#include "inet_test.h"

#include <fcntl.h>

#ifndef IP_RECVFRAGSIZE
#define IP_RECVFRAGSIZE 25
#endif
#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT 73
#endif
#ifndef IPV6_RECVORIGDSTADDR
#define IPV6_RECVORIGDSTADDR 74
#define IPV6_ORIGDSTADDR 74
#endif

/* recvmsg into 64 bytes of data and 512 of control (static: one call at a time). */
static ssize_t recv_ctl(int fd, struct msghdr *mh, char **data)
{
	static char buf[64];
	static union {
		char buf[512];
		struct cmsghdr align;
	} control;
	static struct iovec iov = {buf, sizeof buf};
	*mh = (struct msghdr){.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = 512};
	*data = buf;
	return recvmsg(fd, mh, 0);
}

static void receive(const char *label, int rx)
{
	struct msghdr mh;
	char *data;
	ssize_t n = recv_ctl(rx, &mh, &data);
	say("%s: %zd bytes, flags %#x:", label, n, mh.msg_flags);
	say_cmsgs(&mh);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_ORIGDSTADDR) {
			struct sockaddr_in a;
			memcpy(&a, CMSG_DATA(c), sizeof a);
			say("  origdst family %d %s port %s\n", a.sin_family, inet_ntoa(a.sin_addr),
			    a.sin_port == htons(port_of(rx)) ? "the socket's" : "other");
		}
		if (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_ORIGDSTADDR) {
			struct sockaddr_in6 a;
			char text[64];
			memcpy(&a, CMSG_DATA(c), sizeof a);
			inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
			say("  origdst6 family %d %s port %s flow %u scope %u\n", a.sin6_family, text,
			    a.sin6_port == htons(port_of(rx)) ? "the socket's" : "other", a.sin6_flowinfo,
			    a.sin6_scope_id);
		}
	}
}

/* A raw ICMP socket: ip_cmsg_recv_dstaddr reads the ICMP header's bytes 2-3 (the checksum) as the port. */
static void raw_origdst(void)
{
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	say_setget("raw IP_RECVORIGDSTADDR", r, SOL_IP, IP_RECVORIGDSTADDR, 1, sizeof(int));
	unsigned char msg[8] = {8, 0, 0, 0, 0x12, 0x34, 0, 1};
	unsigned sum = 0;
	for (int i = 0; i < 8; i += 2)
		sum += (unsigned)(msg[i] << 8 | msg[i + 1]);
	sum = (sum & 0xffff) + (sum >> 16);
	msg[2] = (unsigned char)(~sum >> 8);
	msg[3] = (unsigned char)~sum;
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	sendto(r, msg, sizeof msg, 0, (struct sockaddr *)&a, sizeof a);
	struct msghdr mh;
	char *data;
	ssize_t n = recv_ctl(r, &mh, &data);
	say("raw: %zd bytes, type %d:", n, n > 20 ? data[20] : -1);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		struct sockaddr_in o;
		memcpy(&o, CMSG_DATA(c), sizeof o);
		say(" [%d %d family %d %s port %#x]", c->cmsg_level, c->cmsg_type, o.sin_family, inet_ntoa(o.sin_addr),
		    ntohs(o.sin_port));
	}
	say("\n");
	close(r);
}

static void flags4(void)
{
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(rx, (struct sockaddr *)&a, sizeof a);
	a.sin_port = htons(port_of(rx));
	const int names[] = {IP_RECVORIGDSTADDR, IP_RECVOPTS, IP_RETOPTS, IP_PASSSEC, IP_CHECKSUM, IP_RECVFRAGSIZE};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char label[32];
		snprintf(label, sizeof label, "SOL_IP %d", names[i]);
		say_setget(label, rx, SOL_IP, names[i], 9, sizeof(int));
	}
	say_setget("IP_RECVORIGDSTADDR 0 as a byte", rx, SOL_IP, IP_RECVORIGDSTADDR, 0, 1);
	say_setget("IP_RECVORIGDSTADDR 1 as a byte", rx, SOL_IP, IP_RECVORIGDSTADDR, 1, 1);
	say_setget("IP_PKTINFO", rx, SOL_IP, IP_PKTINFO, 1, sizeof(int));
	say_setget("IP_RECVTTL", rx, SOL_IP, IP_RECVTTL, 1, sizeof(int));
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(tx, "a", 1, 0, (struct sockaddr *)&a, sizeof a);
	receive("ipv4", rx);
	int tcp = socket(AF_INET, SOCK_STREAM, 0);
	say_setget("IP_RECVFRAGSIZE on TCP", tcp, SOL_IP, IP_RECVFRAGSIZE, 1, sizeof(int));
	say_setget("IP_RECVORIGDSTADDR on TCP", tcp, SOL_IP, IP_RECVORIGDSTADDR, 1, sizeof(int));
	close(tcp);

	/* an AF_INET6 socket: IPV6_RECVORIGDSTADDR for IPv6 datagrams, IP_ for IPv4 ones */
	int rx6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
	bind(rx6, (struct sockaddr *)&a6, sizeof a6);
	a6.sin6_port = htons(port_of(rx6));
	a6.sin6_addr = in6addr_loopback;
	say_setget("IPV6_RECVORIGDSTADDR", rx6, SOL_IPV6, IPV6_RECVORIGDSTADDR, 1, sizeof(int));
	say_setget("IPV6_RECVORIGDSTADDR short", rx6, SOL_IPV6, IPV6_RECVORIGDSTADDR, 1, 2);
	say_setget("IPV6_RECVTCLASS", rx6, SOL_IPV6, IPV6_RECVTCLASS, 1, sizeof(int));
	int tx6 = socket(AF_INET6, SOCK_DGRAM, 0);
	sendto(tx6, "b", 1, 0, (struct sockaddr *)&a6, sizeof a6);
	receive("ipv6", rx6);
	a.sin_port = a6.sin6_port;
	sendto(tx, "c", 1, 0, (struct sockaddr *)&a, sizeof a);
	receive("ipv4 to AF_INET6, IPV6_RECVORIGDSTADDR only", rx6);
	say_setget("IP_RECVORIGDSTADDR on AF_INET6", rx6, SOL_IP, IP_RECVORIGDSTADDR, 1, sizeof(int));
	sendto(tx, "d", 1, 0, (struct sockaddr *)&a, sizeof a);
	receive("ipv4 to AF_INET6 with IP_RECVORIGDSTADDR", rx6);
	say_setget("IPV6_RECVPKTINFO", rx6, SOL_IPV6, IPV6_RECVPKTINFO, 1, sizeof(int));
	say_setget("IP_PKTINFO", rx6, SOL_IP, IP_PKTINFO, 1, sizeof(int));
	say_setget("IP_RECVTTL", rx6, SOL_IP, IP_RECVTTL, 1, sizeof(int));
	say_setget("IP_RECVTOS", rx6, SOL_IP, IP_RECVTOS, 1, sizeof(int));
	sendto(tx, "e", 1, 0, (struct sockaddr *)&a, sizeof a);
	receive("ipv4 to AF_INET6 with every flag", rx6);
	close(rx6);
	close(tx6);
	close(rx);
	close(tx);
}

/* A TCP listener of family with IP_MINTTL / IPV6_MINHOPCOUNT 65: a client
 * sending with TTL 64 is dropped, one with 100 gets in. */
static void minttl(int family)
{
	int level = family == AF_INET ? SOL_IP : SOL_IPV6;
	int name = family == AF_INET ? IP_MINTTL : IPV6_MINHOPCOUNT;
	int ttlname = family == AF_INET ? IP_TTL : IPV6_UNICAST_HOPS;
	const char *fam = family == AF_INET ? "IP_MINTTL" : "IPV6_MINHOPCOUNT";
	int l = socket(family, SOCK_STREAM, 0);
	char label[64];
	const int vals[] = {-1, 256, 0, 255, 65};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		snprintf(label, sizeof label, "%s %d", fam, vals[i]);
		say_setget(label, l, level, name, vals[i], sizeof(int));
	}
	snprintf(label, sizeof label, "%s 7 as a byte", fam);
	say_setget(label, l, level, name, 7, 1);
	say_setget(label, l, level, name, 65, sizeof(int));
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
	struct sockaddr_in a4 = sin_of("127.0.0.1", 0);
	struct sockaddr *sa = family == AF_INET ? (struct sockaddr *)&a4 : (struct sockaddr *)&a;
	socklen_t len = family == AF_INET ? sizeof a4 : sizeof a;
	bind(l, sa, len);
	getsockname(l, sa, &len);
	listen(l, 4);
	int low = socket(family, SOCK_STREAM, 0), high = socket(family, SOCK_STREAM, 0), hops = 100;
	fcntl(low, F_SETFL, O_NONBLOCK);
	int r = connect(low, sa, len);
	say("%s: TTL 64 connect: %s\n", fam, r < 0 ? errname(errno) : "ok");
	setsockopt(high, level, ttlname, &hops, sizeof hops);
	r = connect(high, sa, len);
	say("%s: TTL 100 connect: %s\n", fam, r < 0 ? errname(errno) : "ok");
	fcntl(l, F_SETFL, O_NONBLOCK);
	int c1 = accept(l, NULL, NULL);
	int c2 = accept(l, NULL, NULL);
	say("%s: accepted %s, then %s\n", fam, c1 >= 0 ? "one" : errname(errno), c2 >= 0 ? "another" : errname(errno));
	close(c1);
	close(low);
	close(high);
	close(l);
}

static void mtu6(void)
{
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	int v = -7;
	socklen_t len = sizeof v;
	int r = getsockopt(u, SOL_IPV6, IPV6_MTU, &v, &len);
	say("IPV6_MTU unconnected: %s %d\n", r ? errname(errno) : "ok", v);
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(9), .sin6_addr = in6addr_loopback};
	connect(u, (struct sockaddr *)&a, sizeof a);
	len = sizeof v;
	r = getsockopt(u, SOL_IPV6, IPV6_MTU, &v, &len);
	say("IPV6_MTU connected: %s %d\n", r ? errname(errno) : "ok", v);
	close(u);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	len = sizeof v;
	r = getsockopt(s, SOL_IPV6, IPV6_MTU, &v, &len);
	say("IPV6_MTU on AF_INET: %s\n", r ? errname(errno) : "ok");
	close(s);
}

int main(void)
{
	lo_up();
	flags4();
	raw_origdst();
	minttl(AF_INET);
	minttl(AF_INET6);
	mtu6();
	done();
}
