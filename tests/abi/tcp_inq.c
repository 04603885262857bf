/*
 * tcp_inq.c — TCP_INQ (Linux 6.1 net/ipv4/tcp.c, tcp_inq_hint): with it on,
 * every successful recvmsg on a TCP socket carries a SOL_TCP TCP_CM_INQ
 * message, the bytes still to read (one more once the peer's FIN is in,
 * and 1 after the end of the stream was read); the option reads back 0 or
 * 1, other values are EINVAL.
 */
#include "inet_test.h"

#include <netinet/tcp.h>
#include <poll.h>

#ifndef TCP_INQ
#define TCP_INQ 36
#define TCP_CM_INQ TCP_INQ
#endif

static void wait_readable(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};
	poll(&p, 1, 10000);
}

static void read_some(const char *label, int fd, size_t want)
{
	char data[64];
	union {
		char buf[128];
		struct cmsghdr align;
	} control;
	struct iovec iov = {data, want};
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		say("%s: %s, control length %zu\n", label, errname(errno), (size_t)mh.msg_controllen);
		return;
	}
	say("%s: %zd bytes:", label, n);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		int v;
		memcpy(&v, CMSG_DATA(c), sizeof v);
		say(" [%d %d len %zu: %d]", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len, v);
	}
	say("\n");
}

int main(void)
{
	lo_up();
	int l = inet_listener(0, 1, 0);
	int c = inet_dial(port_of(l));
	int r = accept(l, NULL, NULL);
	int v = -1, two = 2, on = 1;
	socklen_t len = sizeof v;
	getsockopt(r, IPPROTO_TCP, TCP_INQ, &v, &len);
	say("TCP_INQ fresh: %d\n", v);
	errno = 0;
	say("TCP_INQ 2: %d %s\n", setsockopt(r, IPPROTO_TCP, TCP_INQ, &two, sizeof two), errname(errno));
	say("TCP_INQ 1: %d\n", setsockopt(r, IPPROTO_TCP, TCP_INQ, &on, sizeof on));
	len = sizeof v;
	getsockopt(r, IPPROTO_TCP, TCP_INQ, &v, &len);
	say("TCP_INQ reads %d\n", v);
	read_some("nothing there", r, 4);
	write(c, "0123456789", 10);
	wait_readable(r);
	read_some("4 of 10", r, 4);
	read_some("the other 6", r, 6);
	write(c, "abc", 3);
	shutdown(c, SHUT_WR);
	wait_readable(r);
	read_some("2 of 3, FIN in", r, 2);
	read_some("the last byte", r, 1);
	read_some("the end", r, 8);
	read_some("after the end", r, 8);
	close(c);
	close(r);
	close(l);
	done();
	return 0;
}
