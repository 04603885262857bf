/*
 * sockopt_timestamp.c — SO_TIMESTAMP and SO_TIMESTAMPNS (Linux 6.1
 * net/core/sock.c sock_set_timestamp, net/socket.c __sock_recv_timestamp):
 * the options as getsockopt reads them back (each clears the other; the
 * _NEW numbers are other options), and the control message a received
 * datagram carries: SCM_TIMESTAMP (a struct timeval) or SCM_TIMESTAMPNS (a
 * struct timespec), of CLOCK_REALTIME between the send and the receive,
 * before IP_PKTINFO; on UDP, TCP (the last segment read's) and AF_UNIX
 * datagram sockets, not AF_UNIX stream ones; none once off.
 */
#include "inet_test.h"

#include <stdbool.h>
#include <poll.h>
#include <sys/un.h>
#include <time.h>

#ifndef SO_TIMESTAMP_NEW
#define SO_TIMESTAMP_NEW 63
#define SO_TIMESTAMPNS_NEW 64
#endif
#define TIMESTAMP_OLD 29
#define TIMESTAMPNS_OLD 35

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void show_opts(const char *label, int fd)
{
	int names[] = {TIMESTAMP_OLD, TIMESTAMPNS_OLD, SO_TIMESTAMP_NEW, SO_TIMESTAMPNS_NEW};
	say("%s:", label);
	for (int i = 0; i < 4; i++) {
		int v = -1;
		socklen_t len = sizeof v;
		if (getsockopt(fd, SOL_SOCKET, names[i], &v, &len) < 0)
			say(" %s", errname(errno));
		else
			say(" %d", v);
	}
	say("\n");
}

static void set(int fd, int name, int on)
{
	if (setsockopt(fd, SOL_SOCKET, name, &on, sizeof on) < 0)
		say("setsockopt %d: %s\n", name, errname(errno));
}

/* Sends one message from tx (to: its address, NULL for a connected
 * socket), waits until rx can read it, receives it and reports its control
 * messages. */
static void one(const char *label, int tx, int rx, const struct sockaddr *to, socklen_t to_len)
{
	long long before = now_ns();
	sendto(tx, "x", 1, 0, to, to_len);
	struct pollfd p = {rx, POLLIN, 0};
	poll(&p, 1, 10000);
	char data[8];
	union {
		char buf[256];
		struct cmsghdr align;
	} control;
	struct iovec iov = {data, sizeof data};
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
	ssize_t n = recvmsg(rx, &mh, 0);
	long long after = now_ns();
	say("%s: %zd bytes, flags %#x:", label, n, mh.msg_flags);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		long long t = -1;
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_len == CMSG_LEN(16)) {
			long long sec, frac;
			memcpy(&sec, CMSG_DATA(c), 8);
			memcpy(&frac, CMSG_DATA(c) + 8, 8);
			bool micro = c->cmsg_type == TIMESTAMP_OLD || c->cmsg_type == SO_TIMESTAMP_NEW;
			t = sec * 1000000000LL + frac * (micro ? 1000 : 1);
			bool in = t >= before - (micro ? 1000 : 0) && t <= after;
			say(" [%d %d len %zu, %s]", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len,
			    in ? "between send and receive" : "outside");
		} else {
			say(" [%d %d len %zu]", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
		}
	}
	say("\n");
}

int main(void)
{
	lo_up();
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(rx, (struct sockaddr *)&a, sizeof a);
	a.sin_port = htons(port_of(rx));
	show_opts("fresh", rx);
	set(rx, TIMESTAMP_OLD, 1);
	show_opts("SO_TIMESTAMP", rx);
	one("udp, SO_TIMESTAMP", tx, rx, (struct sockaddr *)&a, sizeof a);
	set(rx, TIMESTAMPNS_OLD, 1);
	show_opts("SO_TIMESTAMPNS", rx);
	one("udp, SO_TIMESTAMPNS", tx, rx, (struct sockaddr *)&a, sizeof a);
	set(rx, SO_TIMESTAMP_NEW, 1);
	show_opts("SO_TIMESTAMP_NEW", rx);
	one("udp, SO_TIMESTAMP_NEW", tx, rx, (struct sockaddr *)&a, sizeof a);
	set(rx, SO_TIMESTAMPNS_NEW, 1);
	show_opts("SO_TIMESTAMPNS_NEW", rx);
	one("udp, SO_TIMESTAMPNS_NEW", tx, rx, (struct sockaddr *)&a, sizeof a);
	int on = 1;
	setsockopt(rx, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
	set(rx, TIMESTAMP_OLD, 1);
	one("udp, SO_TIMESTAMP and IP_PKTINFO", tx, rx, (struct sockaddr *)&a, sizeof a);
	set(rx, TIMESTAMPNS_OLD, 0);
	show_opts("SO_TIMESTAMPNS off", rx);
	one("udp, off", tx, rx, (struct sockaddr *)&a, sizeof a);
	socklen_t short_len = 2;
	int v;
	errno = 0;
	say("getsockopt with 2 bytes: %d %s\n", getsockopt(rx, SOL_SOCKET, TIMESTAMP_OLD, &v, &short_len),
	    errname(errno));
	close(rx);
	close(tx);

	int l = inet_listener(0, 1, 0);
	int c = inet_dial(port_of(l));
	int r = accept(l, NULL, NULL);
	set(r, TIMESTAMPNS_OLD, 1);
	one("tcp, SO_TIMESTAMPNS", c, r, NULL, 0);
	set(r, TIMESTAMPNS_OLD, 0);
	one("tcp, off", c, r, NULL, 0);
	close(c);
	close(r);
	close(l);

	int pair[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
	set(pair[1], TIMESTAMP_OLD, 1);
	one("unix stream, SO_TIMESTAMP", pair[0], pair[1], NULL, 0);
	close(pair[0]);
	close(pair[1]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, pair);
	set(pair[1], TIMESTAMPNS_OLD, 1);
	one("unix dgram, SO_TIMESTAMPNS", pair[0], pair[1], NULL, 0);
	set(pair[1], TIMESTAMP_OLD, 1);
	one("unix dgram, SO_TIMESTAMP", pair[0], pair[1], NULL, 0);
	close(pair[0]);
	close(pair[1]);
	done();
	return 0;
}
