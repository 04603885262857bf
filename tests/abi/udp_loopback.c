/*
 * udp_loopback.c — AF_INET UDP over the loopback device (udp(7), ip(7),
 * netdevice(7)): "lo" is taken down first (the boot may be shared), then
 * SIOCSIFFLAGS brings it up with 127.0.0.1; then bind (an ephemeral port
 * from ip_local_port_range for port 0, EADDRINUSE, SO_REUSEADDR,
 * EADDRNOTAVAIL, EINVAL, EAFNOSUPPORT), sendto/recvfrom with the sender's
 * address and port (an unbound sender gets a port on its first send),
 * connect and getpeername, MSG_PEEK, MSG_TRUNC, FIONREAD, EDESTADDRREQ,
 * EMSGSIZE past 65507 bytes, another address in 127/8, a forked sender.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "lvtest.h"

static struct sockaddr_in sin_of(const char *ip, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin_port);
}

static void show_recv(const char *label, int fd, size_t len, int flags, int expect_port)
{
	char buf[128];
	struct sockaddr_in from;
	socklen_t flen = sizeof from;
	long n = recvfrom(fd, buf, len, flags, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		say("%s: -1 %s\n", label, errname(errno));
		return;
	}
	char ip[32];
	inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
	say("%s: %ld '%.*s' from %s, the expected port %d (len %u)\n", label, n, (int)(n < (long)len ? n : (long)len),
	    buf, ip, ntohs(from.sin_port) == expect_port, flen);
}

int main(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	show_ret("SIOCGIFFLAGS lo", ioctl(a, SIOCGIFFLAGS, &ifr), errno);
	ifr.ifr_flags &= ~IFF_UP; /* down first: an earlier test in the same boot may have brought it up */
	show_ret("SIOCSIFFLAGS down", ioctl(a, SIOCSIFFLAGS, &ifr), errno);
	ioctl(a, SIOCGIFFLAGS, &ifr);
	say("lo flags when down: %#x\n", ifr.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
	/* not checked: a send while lo is down (Linux's answer depends on whether lo was ever up) */
	ifr.ifr_flags |= IFF_UP;
	show_ret("SIOCSIFFLAGS IFF_UP", ioctl(a, SIOCSIFFLAGS, &ifr), errno);
	ioctl(a, SIOCGIFFLAGS, &ifr);
	say("lo flags: %#x\n", ifr.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
	struct ifreq bad = {0};
	strcpy(bad.ifr_name, "eth9");
	expect_err("SIOCGIFFLAGS of no such device", ioctl(a, SIOCGIFFLAGS, &bad), errno, ENODEV);

	struct sockaddr_in any0 = sin_of("127.0.0.1", 0);
	show_ret("bind 127.0.0.1:0", bind(a, (struct sockaddr *)&any0, sizeof any0), errno);
	int pa = port_of(a);
	say("an ephemeral port in 32768-60999: %d\n", pa >= 32768 && pa <= 60999);
	expect_err("bind again", bind(a, (struct sockaddr *)&any0, sizeof any0), errno, EINVAL);
	struct sockaddr_in to_a = sin_of("127.0.0.1", pa);
	say("an unbound socket has port 0: %d\n", port_of(b) == 0);
	show_ret("sendto a", sendto(b, "hello", 5, 0, (struct sockaddr *)&to_a, sizeof to_a), errno);
	int pb = port_of(b);
	say("the sender got a port: %d\n", pb >= 32768 && pb <= 60999);
	int avail = -1;
	ioctl(a, FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	show_recv("peek", a, 64, MSG_PEEK, pb);
	show_recv("recvfrom", a, 64, 0, pb);
	show_recv("empty", a, 64, MSG_DONTWAIT, pb);
	struct sockaddr_in to_b = sin_of("127.0.0.1", pb);
	sendto(a, "a longer reply", 14, 0, (struct sockaddr *)&to_b, sizeof to_b);
	show_recv("a short buffer", b, 4, 0, pa);
	sendto(a, "truncated", 9, 0, (struct sockaddr *)&to_b, sizeof to_b);
	show_recv("MSG_TRUNC", b, 2, MSG_TRUNC, pa);

	expect_err("send without a destination", send(b, "x", 1, 0), errno, EDESTADDRREQ);
	show_ret("connect b to a", connect(b, (struct sockaddr *)&to_a, sizeof to_a), errno);
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	getpeername(b, (struct sockaddr *)&peer, &plen);
	say("getpeername: port is a's %d, len %u\n", ntohs(peer.sin_port) == pa, plen);
	show_ret("send", send(b, "connected", 9, 0), errno);
	show_recv("a receives", a, 64, 0, pb);
	struct sockaddr unspec = {.sa_family = AF_UNSPEC};
	show_ret("connect AF_UNSPEC", connect(b, &unspec, sizeof unspec), errno);
	expect_err("getpeername after", getpeername(b, (struct sockaddr *)&peer, &plen), errno, ENOTCONN);

	int c = socket(AF_INET, SOCK_DGRAM, 0);
	expect_err("bind a's port", bind(c, (struct sockaddr *)&to_a, sizeof to_a), errno, EADDRINUSE);
	struct sockaddr_in other = sin_of("127.0.0.2", pa);
	show_ret("bind the same port on 127.0.0.2", bind(c, (struct sockaddr *)&other, sizeof other), errno);
	sendto(b, "to .2", 5, 0, (struct sockaddr *)&other, sizeof other);
	show_recv("127.0.0.2 receives", c, 64, 0, pb);
	int d = socket(AF_INET, SOCK_DGRAM, 0), e = socket(AF_INET, SOCK_DGRAM, 0), on = 1;
	setsockopt(d, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	setsockopt(e, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in shared = sin_of("0.0.0.0", 40000);
	show_ret("bind 0.0.0.0:40000 with SO_REUSEADDR", bind(d, (struct sockaddr *)&shared, sizeof shared), errno);
	show_ret("and again with SO_REUSEADDR", bind(e, (struct sockaddr *)&shared, sizeof shared), errno);
	struct sockaddr_in far = sin_of("10.1.2.3", 0);
	expect_err("bind 10.1.2.3", bind(socket(AF_INET, SOCK_DGRAM, 0), (struct sockaddr *)&far, sizeof far), errno,
		   EADDRNOTAVAIL);
	expect_err("bind with a short length", bind(socket(AF_INET, SOCK_DGRAM, 0), (struct sockaddr *)&any0, 8), errno,
		   EINVAL);
	struct sockaddr_in fam = any0;
	fam.sin_family = AF_INET6;
	expect_err("bind AF_INET6 address", bind(socket(AF_INET, SOCK_DGRAM, 0), (struct sockaddr *)&fam, sizeof fam),
		   errno, EAFNOSUPPORT);
	far.sin_port = htons(9);
	expect_err("sendto 10.1.2.3", sendto(b, "x", 1, 0, (struct sockaddr *)&far, sizeof far), errno, ENETUNREACH);
	struct sockaddr_in port0 = sin_of("127.0.0.1", 0);
	expect_err("sendto port 0", sendto(b, "x", 1, 0, (struct sockaddr *)&port0, sizeof port0), errno, EINVAL);
	int sz = 1 << 20;
	setsockopt(a, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	static char big[65600];
	show_ret("sendto 65507 bytes", sendto(b, big, 65507, 0, (struct sockaddr *)&to_a, sizeof to_a), errno);
	show_ret("recv it", recv(a, big, sizeof big, 0), errno);
	expect_err("sendto 65508 bytes", sendto(b, big, 65508, 0, (struct sockaddr *)&to_a, sizeof to_a), errno,
		   EMSGSIZE);

	pid_t child = fork();
	if (child == 0) {
		int s = socket(AF_INET, SOCK_DGRAM, 0);
		sendto(s, "from the child", 14, 0, (struct sockaddr *)&to_a, sizeof to_a);
		_exit(0);
	}
	char buf[64];
	long n = recv(a, buf, sizeof buf, 0);
	say("from a forked process: %ld '%.*s'\n", n, (int)n, buf);
	waitpid(child, NULL, 0);
	done();
	return 0;
}
