/*
 * udp_recv_ip_cmsgs.c — the IP control messages UDP's recvmsg adds (Linux
 * 6.1 ip_cmsg_recv_offset, ip6_datagram_recv_common_ctl and
 * _specific_ctl): IP_PKTINFO, IP_RECVTTL (an int) and IP_RECVTOS (a byte)
 * for an IPv4 datagram; IPV6_RECVPKTINFO (struct in6_pktinfo, v4-mapped
 * for an IPv4 datagram), IPV6_RECVHOPLIMIT and IPV6_RECVTCLASS (ints) on an
 * AF_INET6 socket; each in its order, with the sender's TTL, TOS, hop limit
 * and class; the flags read back; a control buffer too small (MSG_CTRUNC).
 */
#include "inet_test.h"

#include <netinet/ip.h>

#ifndef IPV6_RECVPKTINFO
#define IPV6_RECVPKTINFO 49
#define IPV6_PKTINFO 50
#endif
#ifndef IPV6_RECVTCLASS
#define IPV6_RECVTCLASS 66
#define IPV6_TCLASS 67
#endif

static void on(int fd, int level, int name)
{
	int one = 1;
	if (setsockopt(fd, level, name, &one, sizeof one) < 0)
		say("setsockopt %d %d: %s\n", level, name, errname(errno));
}

static void receive(const char *label, int rx, size_t controllen)
{
	char data[16];
	union {
		char buf[256];
		struct cmsghdr align;
	} control;
	struct iovec iov = {data, sizeof data};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = controllen};
	ssize_t n = recvmsg(rx, &mh, 0);
	say("%s: %zd bytes, flags %#x:", label, n, mh.msg_flags);
	say_cmsgs(&mh);
}

int main(void)
{
	lo_up();
	int rx4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a4 = sin_of("127.0.0.1", 0);
	bind(rx4, (struct sockaddr *)&a4, sizeof a4);
	a4.sin_port = htons(port_of(rx4));
	on(rx4, IPPROTO_IP, IP_RECVTTL);
	on(rx4, IPPROTO_IP, IP_RECVTOS);
	on(rx4, IPPROTO_IP, IP_PKTINFO);
	int v = -1;
	socklen_t len = sizeof v;
	getsockopt(rx4, IPPROTO_IP, IP_RECVTTL, &v, &len);
	say("IP_RECVTTL reads %d\n", v);
	int tx4 = socket(AF_INET, SOCK_DGRAM, 0);
	int ttl = 33, tos = 0x10;
	setsockopt(tx4, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
	setsockopt(tx4, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
	sendto(tx4, "a", 1, 0, (struct sockaddr *)&a4, sizeof a4);
	receive("ipv4", rx4, 256);
	sendto(tx4, "b", 1, 0, (struct sockaddr *)&a4, sizeof a4);
	receive("ipv4, room for one message", rx4, CMSG_SPACE(12));

	int rx6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
	bind(rx6, (struct sockaddr *)&a6, sizeof a6);
	socklen_t al = sizeof a6;
	getsockname(rx6, (struct sockaddr *)&a6, &al);
	a6.sin6_addr = in6addr_loopback;
	on(rx6, IPPROTO_IPV6, IPV6_RECVPKTINFO);
	on(rx6, IPPROTO_IPV6, IPV6_RECVHOPLIMIT);
	on(rx6, IPPROTO_IPV6, IPV6_RECVTCLASS);
	len = sizeof v;
	getsockopt(rx6, IPPROTO_IPV6, IPV6_RECVTCLASS, &v, &len);
	say("IPV6_RECVTCLASS reads %d\n", v);
	int tx6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int hops = 17, tclass = 0x20;
	setsockopt(tx6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops);
	setsockopt(tx6, IPPROTO_IPV6, IPV6_TCLASS, &tclass, sizeof tclass);
	sendto(tx6, "c", 1, 0, (struct sockaddr *)&a6, sizeof a6);
	receive("ipv6", rx6, 256);
	struct sockaddr_in to_mapped = sin_of("127.0.0.1", ntohs(a6.sin6_port));
	sendto(tx4, "d", 1, 0, (struct sockaddr *)&to_mapped, sizeof to_mapped);
	receive("ipv4 on the ipv6 socket", rx6, 256);
	on(rx6, IPPROTO_IP, IP_RECVTTL);
	sendto(tx4, "e", 1, 0, (struct sockaddr *)&to_mapped, sizeof to_mapped);
	receive("ipv4 on the ipv6 socket, IP_RECVTTL too", rx6, 256);
	close(rx4);
	close(tx4);
	close(rx6);
	close(tx6);
	done();
	return 0;
}
