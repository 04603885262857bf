/* inet_test.h — shared by the TCP/IP tests (net_proc_ifconf.c,
 * tcp_fork_transfer.c): IPv4 addresses and ports, bringing "lo" up, and the
 * connect/accept set-up on 127.0.0.1 — a listener (inet_listener), a client
 * connected to it (inet_dial). Not a test header for everyone: lvtest.h is. */
#pragma once
#include "lvtest.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static inline struct sockaddr_in sin_of(const char *ip, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

/* The local port of a socket. */
static inline int port_of(int fd)
{
	struct sockaddr_in a = {0};
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin_port);
}

/* "LABEL: ADDRESS port set|0": fd's local address (IPv4 or IPv6) and whether it has a port. */
static inline void say_local_name(const char *label, int fd)
{
	struct sockaddr_in6 a;
	socklen_t len = sizeof a;
	char text[64] = "?";
	getsockname(fd, (struct sockaddr *)&a, &len);
	if (a.sin6_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&a)->sin_addr, text, sizeof text);
	else
		inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
	say("%s: %s port %s\n", label, text, ntohs(a.sin6_port) ? "set" : "0");
}

/* "LABEL: set ok|ERRNO, get ok|ERRNO VALUE": an int option set to v (len bytes of it) and read back. */
static inline void say_setget(const char *label, int fd, int level, int name, int v, socklen_t len)
{
	int r = setsockopt(fd, level, name, &v, len);
	int set_errno = errno; /* before getsockopt sets its own */
	int got = -7;
	socklen_t gl = sizeof got;
	int g = getsockopt(fd, level, name, &got, &gl);
	say("%s: set %s, get %s %d\n", label, r ? errname(set_errno) : "ok", g ? errname(errno) : "ok", got);
}

/* "LABEL: VALUE" of an int option, or "LABEL: ERRNO". */
static inline void say_int_opt(const char *label, int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, name, &v, &len) < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %d\n", label, v);
}

/* SIOCSIFFLAGS with IFF_UP set (up) or cleared on "lo"; the ioctl's result. */
static inline int lo_set(int up)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags = (short)(up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP);
	int r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r;
}

/* "lo" up (down at boot on both kernels); the ioctl's result. */
static inline int lo_up(void)
{
	return lo_set(1);
}

/* A TCP listener on 127.0.0.1:port (0: an ephemeral one), with SO_REUSEADDR
 * if reuse; -1 after saying why. */
static inline int inet_listener(int port, int backlog, int reuse)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (reuse)
		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, backlog) < 0) {
		say("listener: %s\n", errname(errno));
		return -1;
	}
	return l;
}

/* A TCP socket connected to 127.0.0.1:port, or -errno. */
static inline int inet_dial(int port)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0)
		return -errno;
	return c;
}

/* Each control message of mh as " [level type len N: value]": a byte, an
 * int, a struct in_pktinfo (12 bytes) or a struct in6_pktinfo (20). */
static inline void say_cmsgs(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		unsigned char *p = CMSG_DATA(c);
		size_t len = c->cmsg_len - CMSG_LEN(0);
		int ifindex;
		say(" [%d %d len %zu:", c->cmsg_level, c->cmsg_type, len);
		if (len == 1) {
			say(" %#x", p[0]);
		} else if (len == 4) {
			memcpy(&ifindex, p, 4);
			say(" %d", ifindex);
		} else if (len == 12) {
			memcpy(&ifindex, p, 4);
			say(" if %d spec %d.%d.%d.%d addr %d.%d.%d.%d", ifindex, p[4], p[5], p[6], p[7], p[8], p[9],
			    p[10], p[11]);
		} else if (len == 20) {
			char text[64];
			memcpy(&ifindex, p + 16, 4);
			inet_ntop(AF_INET6, p, text, sizeof text);
			say(" %s if %d", text, ifindex);
		}
		say("]");
	}
	say("\n");
}
