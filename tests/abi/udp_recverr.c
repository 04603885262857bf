/*
 * udp_recverr.c — IP_RECVERR and IPV6_RECVERR on UDP sockets and the error
 * queue (Linux 6.1 __udp4_lib_err, ip_icmp_error, ip_recv_error,
 * __udp6_lib_err, ipv6_icmp_error, ipv6_recv_error, sock_dequeue_err_skb):
 * a datagram to a closed port on lo comes back as an ICMP port unreachable,
 * which a socket with the option keeps — connected or not — as a pending
 * error (SO_ERROR, the next call) and as a struct sock_extended_err on its
 * error queue, read with recvmsg(MSG_ERRQUEUE): the quoted payload, the
 * original destination as the name, the cmsg (origin, type, code, the
 * offender's address), MSG_ERRQUEUE in msg_flags; POLLERR while queued;
 * EAGAIN on an empty queue; turning the option off empties the queue;
 * SO_SELECT_ERR_QUEUE's POLLPRI.
 * Every wait for an ICMP error polls for POLLERR (Linux may hand loopback
 * packets to ksoftirqd).
 */
#include "inet_test.h"

#include <poll.h>

/* linux/errqueue.h, which musl's headers do not carry */
struct sock_extended_err {
	uint32_t ee_errno;
	uint8_t ee_origin, ee_type, ee_code, ee_pad;
	uint32_t ee_info, ee_data;
};

#ifndef IPV6_RECVERR
#define IPV6_RECVERR 25
#endif

/* A UDP port on addr nobody holds: one bound, then closed. */
static int closed_port(int family)
{
	int s = socket(family, SOCK_DGRAM, 0);
	struct sockaddr_in6 a = {.sin6_family = (sa_family_t)family};
	bind(s, (struct sockaddr *)&a, family == AF_INET ? sizeof(struct sockaddr_in) : sizeof a);
	socklen_t len = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &len);
	close(s);
	return ntohs(a.sin6_port); /* sin_port and sin6_port share their offset */
}

static void wait_err(const char *label, int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int n = poll(&p, 1, 10000);
	say("%s: poll %d revents %#x\n", label, n, p.revents);
}

static void say_addr(const char *label, const struct sockaddr *sa, socklen_t len, int port)
{
	char text[64] = "?";
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)sa;
		inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
		say("%s: len %u AF_INET %s port %s\n", label, len, text,
		    ntohs(a->sin_port) == port ? "the destination's" : "other");
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)sa;
		inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
		say("%s: len %u AF_INET6 %s port %s flow %u scope %u\n", label, len, text,
		    ntohs(a->sin6_port) == port ? "the destination's" : "other", a->sin6_flowinfo, a->sin6_scope_id);
	} else {
		say("%s: len %u family %d\n", label, len, sa->sa_family);
	}
}

/* recvmsg(MSG_ERRQUEUE) with dlen bytes of data and clen of control. */
static void read_err(const char *label, int fd, size_t dlen, size_t clen, int port)
{
	char data[64] = {0};
	union {
		char buf[256];
		struct cmsghdr align;
	} control;
	struct sockaddr_in6 name;
	memset(&name, 0x55, sizeof name);
	struct iovec iov = {data, dlen};
	struct msghdr mh = {.msg_name = &name,
			    .msg_namelen = sizeof name,
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = control.buf,
			    .msg_controllen = clen};
	ssize_t n = recvmsg(fd, &mh, MSG_ERRQUEUE);
	if (n < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: %zd bytes \"%.*s\", flags %#x, controllen %zu\n", label, n, (int)n, data, mh.msg_flags,
	    (size_t)mh.msg_controllen);
	if (mh.msg_namelen)
		say_addr("  name", (struct sockaddr *)&name, mh.msg_namelen, port);
	else
		say("  name: len 0\n");
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		say("  cmsg level %d type %d len %zu\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
		if (!((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) ||
		      (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)))
			continue;
		struct sock_extended_err ee = {0};
		size_t got = c->cmsg_len - CMSG_LEN(0);
		memcpy(&ee, CMSG_DATA(c), got < sizeof ee ? got : sizeof ee);
		if (got < sizeof ee) {
			say("  ee cut to %zu bytes: errno %s\n", got, errname((int)ee.ee_errno));
			continue;
		}
		say("  ee errno %s origin %u type %u code %u pad %u info %u data %u\n", errname((int)ee.ee_errno),
		    ee.ee_origin, ee.ee_type, ee.ee_code, ee.ee_pad, ee.ee_info, ee.ee_data);
		struct sockaddr_in6 off;
		size_t offlen = c->cmsg_len - CMSG_LEN(sizeof ee);
		memset(&off, 0, sizeof off);
		memcpy(&off, CMSG_DATA(c) + sizeof ee, offlen < sizeof off ? offlen : sizeof off);
		say_addr("  offender", (struct sockaddr *)&off, (socklen_t)offlen, -1);
	}
}

static void so_error(const char *label, int fd)
{
	int e = -1;
	socklen_t len = sizeof e;
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len);
	say("%s: SO_ERROR %s\n", label, e ? errname(e) : "0");
}

/* The option's values, set and read back, in order on one socket of family. */
static const struct {
	int family;
	const char *label;
	int level, name, v;
	socklen_t len;
} values[] = {
	{AF_INET, "IP_RECVERR default", SOL_IP, IP_RECVERR, 0, 0},
	{AF_INET, "IP_RECVERR 1", SOL_IP, IP_RECVERR, 1, sizeof(int)},
	{AF_INET, "IP_RECVERR 7 as a byte", SOL_IP, IP_RECVERR, 7, 1},
	{AF_INET, "IP_RECVERR 256", SOL_IP, IP_RECVERR, 256, sizeof(int)},
	{AF_INET, "IPV6_RECVERR on AF_INET", SOL_IPV6, IPV6_RECVERR, 1, sizeof(int)},
	{AF_INET6, "IPV6_RECVERR default", SOL_IPV6, IPV6_RECVERR, 0, sizeof(int)},
	{AF_INET6, "IPV6_RECVERR short", SOL_IPV6, IPV6_RECVERR, 1, 1},
	{AF_INET6, "IPV6_RECVERR 1", SOL_IPV6, IPV6_RECVERR, 1, sizeof(int)},
	{AF_INET6, "IP_RECVERR on AF_INET6", SOL_IP, IP_RECVERR, 0, sizeof(int)},
};

/* A UDP socket of family with the values above set; its queue read while empty. */
static int recverr_socket(int family)
{
	int s = socket(family, SOCK_DGRAM, 0);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		if (values[i].family == family)
			say_setget(values[i].label, s, values[i].level, values[i].name, values[i].v, values[i].len);
	read_err(family == AF_INET ? "empty queue, blocking call" : "ipv6 empty queue", s, 64, 256, 0);
	return s;
}

static void ipv4(void)
{
	int s = recverr_socket(AF_INET);

	int port = closed_port(AF_INET);
	struct sockaddr_in dst = sin_of("127.0.0.1", port);
	sendto(s, "hello", 5, 0, (struct sockaddr *)&dst, sizeof dst);
	wait_err("after a datagram to a closed port", s);
	so_error("unconnected with IP_RECVERR", s);
	wait_err("SO_ERROR read, queue kept", s);
	read_err("the error", s, 64, 256, port);
	read_err("again", s, 64, 256, port);
	struct pollfd p = {.fd = s, .events = POLLIN | POLLOUT};
	say("queue empty: poll %d revents %#x\n", poll(&p, 1, 0), p.revents);

	/* the pending error comes first on the next receive, then the queue's entry */
	sendto(s, "second", 6, 0, (struct sockaddr *)&dst, sizeof dst);
	wait_err("second datagram", s);
	char b[8];
	ssize_t n = recv(s, b, sizeof b, MSG_DONTWAIT);
	say("recv: %zd %s\n", n, n < 0 ? errname(errno) : "");
	n = recv(s, b, sizeof b, MSG_DONTWAIT);
	say("recv again: %zd %s\n", n, n < 0 ? errname(errno) : "");
	read_err("short buffers", s, 2, CMSG_SPACE(4), port);

	/* the pending error on the next send; the control message with a timestamp */
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one);
	sendto(s, "third", 5, 0, (struct sockaddr *)&dst, sizeof dst);
	wait_err("third datagram", s);
	n = sendto(s, "x", 1, 0, (struct sockaddr *)&dst, sizeof dst);
	say("sendto: %zd %s\n", n, n < 0 ? errname(errno) : "");
	wait_err("after the failed send", s);
	read_err("with SO_TIMESTAMP", s, 64, 256, port);

	/* turning the option off empties the queue; the pending error stays */
	int zero = 0;
	setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &zero, sizeof zero);
	sendto(s, "fourth", 6, 0, (struct sockaddr *)&dst, sizeof dst);
	wait_err("fourth datagram", s);
	setsockopt(s, SOL_IP, IP_RECVERR, &zero, sizeof zero);
	p.revents = 0;
	say("IP_RECVERR off: poll %d revents %#x\n", poll(&p, 1, 0), p.revents);
	read_err("queue after IP_RECVERR off", s, 64, 256, port);
	so_error("after IP_RECVERR off", s);
	close(s);

	/* connected: the next send fails, the queue holds the error */
	int c = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(c, SOL_IP, IP_RECVERR, &one, sizeof one);
	connect(c, (struct sockaddr *)&dst, sizeof dst);
	send(c, "conn", 4, 0);
	wait_err("connected", c);
	n = send(c, "x", 1, 0);
	say("send: %zd %s\n", n, n < 0 ? errname(errno) : "");
	read_err("connected's error", c, 64, 256, port);
	/* SO_SELECT_ERR_QUEUE: POLLPRI with POLLERR (datagram_poll) */
	say_setget("SO_SELECT_ERR_QUEUE", c, SOL_SOCKET, SO_SELECT_ERR_QUEUE, 1, sizeof(int));
	send(c, "pri", 3, 0);
	wait_err("with SO_SELECT_ERR_QUEUE", c);
	struct pollfd pp = {.fd = c, .events = POLLIN | POLLPRI};
	say("  POLLPRI asked: poll %d revents %#x\n", poll(&pp, 1, 0), pp.revents);
	read_err("its error", c, 64, 256, port);
	pp.revents = 0;
	say("  then: poll %d revents %#x\n", poll(&pp, 1, 0), pp.revents);
	n = send(c, "y", 1, 0);
	say("send after: %zd %s\n", n, n < 0 ? errname(errno) : "");
	close(c);
}

static void ipv6(void)
{
	int s = recverr_socket(AF_INET6);
	int port = closed_port(AF_INET6);
	struct sockaddr_in6 dst = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_loopback};
	sendto(s, "hello6", 6, 0, (struct sockaddr *)&dst, sizeof dst);
	wait_err("ipv6 datagram", s);
	so_error("ipv6", s);
	read_err("ipv6 error", s, 64, 256, port);
	/* an empty datagram: ipv6_recv_error gives neither name nor offender */
	sendto(s, "", 0, 0, (struct sockaddr *)&dst, sizeof dst);
	wait_err("ipv6 empty datagram", s);
	read_err("ipv6 empty datagram's error", s, 64, 256, port);

	/* ICMPv4 for an IPv4 datagram: IP_RECVERR decides, IPV6_RECVERR's cmsg */
	int port4 = closed_port(AF_INET);
	struct sockaddr_in6 m = {.sin6_family = AF_INET6, .sin6_port = htons(port4)};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
	int one = 1;
	setsockopt(s, SOL_IP, IP_RECVERR, &one, sizeof one);
	sendto(s, "mapped", 6, 0, (struct sockaddr *)&m, sizeof m);
	wait_err("v4-mapped with IP_RECVERR", s);
	read_err("v4-mapped error", s, 64, 256, port4);
	read_err("v4-mapped again", s, 64, 256, port4);
	close(s);
}

int main(void)
{
	lo_up();
	ipv4();
	ipv6();
	done();
}
