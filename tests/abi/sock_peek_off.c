/*
 * sock_peek_off.c — SO_PEEK_OFF (Linux 6.1 sk_set_peek_off,
 * unix_set_peek_off, sk_peek_offset, sk_peek_offset_fwd / _bwd): -1 by
 * default, any value stored; on UDP (IPv4 and IPv6) and AF_UNIX datagram,
 * seqpacket and stream sockets a MSG_PEEK starts that many bytes into the
 * queue and moves the offset past what it returned, a read moves it back;
 * -1 turns it off again. Sockets without it (TCP in 6.1, raw ICMP,
 * netlink, packet) answer EOPNOTSUPP.
 */
#include "inet_test.h"

#include <poll.h>
#include <sched.h>
#include <sys/un.h>

#ifndef NETLINK_ROUTE
#define NETLINK_ROUTE 0
#endif

static void opt(const char *label, int fd, int v)
{
	int r = setsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &v, sizeof v);
	int got = -7;
	socklen_t len = sizeof got;
	int g = getsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &got, &len);
	say("%s: set %s, get %s %d\n", label, r ? errname(errno) : "ok", g ? errname(errno) : "ok", got);
}

static int peek_off(int fd)
{
	int got = -7;
	socklen_t len = sizeof got;
	getsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &got, &len);
	return got;
}

static void rd(const char *label, int fd, size_t len, int flags)
{
	char buf[64] = {0};
	struct iovec iov = {buf, len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n = recvmsg(fd, &mh, flags | MSG_DONTWAIT);
	if (n < 0)
		say("  %s: %s, offset %d\n", label, errname(errno), peek_off(fd));
	else
		say("  %s: %zd \"%.*s\" flags %#x, offset %d\n", label, n, (int)(n < (ssize_t)len ? n : (ssize_t)len),
		    buf, mh.msg_flags, peek_off(fd));
}

/* Waits until fd is readable (Linux may deliver loopback datagrams later). */
static void readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	poll(&p, 1, 10000);
}

/* Waits until the third datagram is queued: a peek 14 bytes in finds it. */
static void all_there(int rx)
{
	int off = 14;
	char b[8];
	for (int tries = 0; tries < 100000; tries++) {
		setsockopt(rx, SOL_SOCKET, SO_PEEK_OFF, &off, sizeof off);
		if (recv(rx, b, sizeof b, MSG_PEEK | MSG_DONTWAIT) == 3)
			break;
		sched_yield();
	}
	off = 0;
	setsockopt(rx, SOL_SOCKET, SO_PEEK_OFF, &off, sizeof off);
}

/* Three datagrams or records "abcdefghij", "0123", "XYZ" queued on rx by tx. */
static void run(const char *label, int tx, int rx, int stream)
{
	say("%s\n", label);
	opt("  default", rx, -1);
	opt("  set 0", rx, 0);
	const char *msgs[] = {"abcdefghij", "0123", "XYZ"};
	for (int i = 0; i < 3; i++)
		send(tx, msgs[i], strlen(msgs[i]), 0);
	readable(rx);
	if (!stream) /* all three there before the peeks (a stream's writes are there at once) */
		all_there(rx);
	rd("peek 4", rx, 4, MSG_PEEK);
	rd("peek 4", rx, 4, MSG_PEEK);
	rd("peek 4", rx, 4, MSG_PEEK);
	rd("peek 4", rx, 4, MSG_PEEK);
	rd("peek 16 with MSG_TRUNC", rx, 16, MSG_PEEK | MSG_TRUNC);
	rd("read 3", rx, 3, 0);
	rd("peek 8", rx, 8, MSG_PEEK);
	opt("  set 2", rx, 2);
	rd("peek 8", rx, 8, MSG_PEEK);
	rd("read 16", rx, 16, 0);
	opt("  set 100", rx, 100);
	rd("peek past the end", rx, 8, MSG_PEEK);
	opt("  set -1", rx, -1);
	rd("peek", rx, 8, MSG_PEEK);
	opt("  set -5", rx, -5);
	rd("read 16", rx, 16, 0);
	rd("read 16", rx, 16, 0);
}

static void udp(int family)
{
	int rx = socket(family, SOCK_DGRAM, 0), tx = socket(family, SOCK_DGRAM, 0);
	struct sockaddr_in6 a = {.sin6_family = (sa_family_t)family};
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof a;
	if (family == AF_INET) {
		struct sockaddr_in a4 = sin_of("127.0.0.1", 0);
		memcpy(&a, &a4, sizeof a4);
	} else {
		a.sin6_addr = in6addr_loopback;
	}
	bind(rx, (struct sockaddr *)&a, len);
	getsockname(rx, (struct sockaddr *)&a, &len);
	connect(tx, (struct sockaddr *)&a, len);
	run(family == AF_INET ? "udp" : "udp6", tx, rx, 0);
	close(rx);
	close(tx);
}

static void unix_pair(int type, const char *label)
{
	int sv[2];
	socketpair(AF_UNIX, type, 0, sv);
	run(label, sv[0], sv[1], type == SOCK_STREAM);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	lo_up();
	udp(AF_INET);
	udp(AF_INET6);
	unix_pair(SOCK_DGRAM, "unix dgram");
	unix_pair(SOCK_SEQPACKET, "unix seqpacket");
	unix_pair(SOCK_STREAM, "unix stream");

	int tcp = socket(AF_INET, SOCK_STREAM, 0);
	opt("tcp", tcp, 0);
	close(tcp);
	int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	opt("netlink", nl, 0);
	close(nl);
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	opt("raw icmp", raw, 0);
	close(raw);
	int pk = socket(AF_PACKET, SOCK_DGRAM, 0);
	opt("packet", pk, 0);
	close(pk);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int v = 0;
	say("short optlen: %s\n", setsockopt(u, SOL_SOCKET, SO_PEEK_OFF, &v, 2) ? errname(errno) : "ok");
	close(u);
	done();
}
