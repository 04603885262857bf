/*
 * sock_zerocopy.c — SO_ZEROCOPY and MSG_ZEROCOPY (Linux 6.1 sk_setsockopt,
 * msg_zerocopy_realloc, __msg_zerocopy_callback): the option on TCP and UDP
 * only (EOPNOTSUPP elsewhere, EINVAL outside 0..1), and a MSG_ZEROCOPY send
 * on a socket with it completing through the error queue (origin
 * SO_EE_ORIGIN_ZEROCOPY, the range of send numbers in ee_info..ee_data);
 * and SO_INCOMING_NAPI_ID, which reads 0 with no NAPI device.
 */
#include "inet_test.h"

#include <poll.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef SO_INCOMING_NAPI_ID
#define SO_INCOMING_NAPI_ID 56
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif

/* linux/errqueue.h, which musl's headers do not carry */
struct sock_extended_err {
	uint32_t ee_errno;
	uint8_t ee_origin, ee_type, ee_code, ee_pad;
	uint32_t ee_info, ee_data;
};

static void read_errs(const char *label, int fd)
{
	struct pollfd p = {.fd = fd, .events = 0};
	int n = poll(&p, 1, 10000);
	say("%s: poll %d revents %#x\n", label, n, p.revents);
	for (;;) {
		char data[16];
		union {
			char buf[256];
			struct cmsghdr align;
		} control;
		struct sockaddr_in6 name;
		struct iovec iov = {data, sizeof data};
		struct msghdr mh = {.msg_name = &name,
				    .msg_namelen = sizeof name,
				    .msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = control.buf,
				    .msg_controllen = sizeof control.buf};
		ssize_t r = recvmsg(fd, &mh, MSG_ERRQUEUE);
		if (r < 0) {
			say("  %s\n", errname(errno));
			return;
		}
		say("  %zd bytes, flags %#x, namelen %u, controllen %zu\n", r, mh.msg_flags, mh.msg_namelen,
		    (size_t)mh.msg_controllen);
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			struct sock_extended_err ee;
			memcpy(&ee, CMSG_DATA(c), sizeof ee);
			say("  cmsg %d %d len %zu: errno %u origin %u type %u code %u info %u data %u\n", c->cmsg_level,
			    c->cmsg_type, (size_t)c->cmsg_len, ee.ee_errno, ee.ee_origin, ee.ee_type, ee.ee_code,
			    ee.ee_info, ee.ee_data);
		}
	}
}

static void values(const char *label, int fd)
{
	const int vals[] = {1, 2, -1, 0, 1};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		char l[64];
		snprintf(l, sizeof l, "%s %d", label, vals[i]);
		say_setget(l, fd, SOL_SOCKET, SO_ZEROCOPY, vals[i], sizeof(int));
	}
}

int main(void)
{
	lo_up();
	int u = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET6, SOCK_STREAM, 0);
	int x = socket(AF_UNIX, SOCK_STREAM, 0), r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	/* SO_INCOMING_NAPI_ID: 0 without a NAPI device (lo has none), read-only */
	int socks[3] = {u, t, x};
	for (int i = 0; i < 3; i++) {
		int v = -7;
		socklen_t len = sizeof v;
		int g = getsockopt(socks[i], SOL_SOCKET, SO_INCOMING_NAPI_ID, &v, &len);
		int one = 1;
		int st = setsockopt(socks[i], SOL_SOCKET, SO_INCOMING_NAPI_ID, &one, sizeof one);
		say("SO_INCOMING_NAPI_ID: get %s %d len %u, set %s\n", g ? errname(errno) : "ok", v, len,
		    st ? errname(errno) : "ok");
	}
	values("udp", u);
	values("tcp", t);
	values("unix", x);
	values("raw", r);
	close(x);
	close(r);
	close(t);

	/* UDP: three MSG_ZEROCOPY sends, read, then their completions */
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(rx, (struct sockaddr *)&a, sizeof a);
	a.sin_port = htons(port_of(rx));
	connect(u, (struct sockaddr *)&a, sizeof a);
	for (int i = 0; i < 3; i++)
		say("udp send %d: %zd\n", i, send(u, "zc", 2, MSG_ZEROCOPY));
	char b[8];
	for (int i = 0; i < 3; i++)
		say("udp recv: %zd\n", recv(rx, b, sizeof b, 0));
	read_errs("udp completions", u);
	say("udp send, empty: %zd\n", send(u, "", 0, MSG_ZEROCOPY));
	say("udp recv: %zd\n", recv(rx, b, sizeof b, 0));
	say("udp send after: %zd\n", send(u, "zz", 2, MSG_ZEROCOPY));
	say("udp recv: %zd\n", recv(rx, b, sizeof b, 0));
	read_errs("udp completions", u);
	int zero = 0;
	setsockopt(u, SOL_SOCKET, SO_ZEROCOPY, &zero, sizeof zero);
	say("udp send without SO_ZEROCOPY: %zd\n", send(u, "no", 2, MSG_ZEROCOPY));
	say("udp recv: %zd\n", recv(rx, b, sizeof b, 0));
	struct msghdr none = {0};
	say("its error queue: %zd %s\n", recvmsg(u, &none, MSG_ERRQUEUE | MSG_DONTWAIT), errname(errno));
	close(u);
	close(rx);

	/* UDP over IPv6: the completion at level SOL_IPV6 */
	int u6 = socket(AF_INET6, SOCK_DGRAM, 0), r6 = socket(AF_INET6, SOCK_DGRAM, 0), on = 1;
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
	bind(r6, (struct sockaddr *)&a6, sizeof a6);
	a6.sin6_port = htons(port_of(r6));
	setsockopt(u6, SOL_SOCKET, SO_ZEROCOPY, &on, sizeof on);
	say("udp6 send: %zd\n", sendto(u6, "six", 3, MSG_ZEROCOPY, (struct sockaddr *)&a6, sizeof a6));
	say("udp6 recv: %zd\n", recv(r6, b, sizeof b, 0));
	read_errs("udp6 completions", u6);
	close(u6);
	close(r6);

	/* TCP */
	int l = inet_listener(0, 1, 0);
	int c = inet_dial(port_of(l));
	int s = accept(l, NULL, NULL);
	int one = 1;
	setsockopt(c, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof one);
	for (int i = 0; i < 2; i++)
		say("tcp send %d: %zd\n", i, send(c, "abcd", 4, MSG_ZEROCOPY));
	size_t got = 0;
	while (got < 8) {
		ssize_t n = recv(s, b, sizeof b, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	say("tcp received %zu\n", got);
	read_errs("tcp completions", c);
	close(c);
	close(s);
	close(l);
	done();
}
