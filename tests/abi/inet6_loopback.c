/*
 * inet6_loopback.c — AF_INET6 TCP and UDP over the loopback (ipv6(7),
 * net/ipv6/af_inet6.c, tcp_ipv6.c, udp.c): ::1 exists only while "lo" is up;
 * bind, listen, connect, accept, getsockname and getpeername with a
 * sockaddr_in6 (length 28, flowinfo and scope_id 0 on ::1); data both ways;
 * IPV6_V6ONLY (off by default: a socket on :: takes IPv4 connections and
 * datagrams from ::ffff:127.0.0.1 and shares no port with an IPv4 socket on
 * 0.0.0.0; on, it refuses them and leaves the port to IPv4); the errors of
 * a short or foreign address; /proc/net/tcp6 and udp6 listing the sockets
 * (and /proc/net/tcp not).
 */
#define _GNU_SOURCE
#include "inet_test.h"

static struct sockaddr_in6 sin6_of(const char *ip, int port)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

/* Prints an address a call wrote: its length, family and, for AF_INET6,
 * the address, flowinfo and scope_id; the port only when show_port. */
static void show_name(const char *label, const struct sockaddr_storage *ss, socklen_t len, int show_port)
{
	char text[64] = "?";
	int port = 0;
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
		port = ntohs(a->sin6_port);
		say("%s: len %u AF_INET6 %s flowinfo %u scope_id %u", label, (unsigned)len, text,
		    (unsigned)a->sin6_flowinfo, (unsigned)a->sin6_scope_id);
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
		port = ntohs(a->sin_port);
		say("%s: len %u AF_INET %s", label, (unsigned)len, text);
	} else {
		say("%s: len %u family %d", label, (unsigned)len, ss->ss_family);
	}
	if (show_port)
		say(" port %d", port);
	say("\n");
}

static void show_sockname(const char *label, int fd, int peer)
{
	struct sockaddr_storage ss;
	memset(&ss, 0x5a, sizeof ss);
	socklen_t len = sizeof ss;
	int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len) : getsockname(fd, (struct sockaddr *)&ss, &len);
	if (r < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	show_name(label, &ss, len, 0);
}

/* accept on l, printing the peer's address. */
static int accept_show(int l, const char *label, struct sockaddr_storage *ss)
{
	socklen_t len = sizeof *ss;
	int s = accept(l, (struct sockaddr *)ss, &len);
	show_name(label, ss, len, 0);
	return s;
}

static int port6_of(int fd)
{
	struct sockaddr_in6 a = {0};
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin6_port);
}

/* A TCP listener on [ip]:0 with IPV6_V6ONLY v6only (-1: left alone); -1 after saying why. */
static int listener6(const char *ip, int v6only)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	if (v6only >= 0)
		setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
	struct sockaddr_in6 a = sin6_of(ip, 0);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 4) < 0) {
		say("listener6 %s: %s\n", ip, errname(errno));
		return -1;
	}
	return l;
}

/* The state column of the /proc/net/tcp6 (or udp6, tcp) line whose local port is port, "-" if none;
 * *local gets the local address column. */
static void proc_line(const char *path, int port, char *state, char *local)
{
	static char buf[16384];
	strcpy(state, "-");
	strcpy(local, "-");
	ssize_t n = slurp_file(path, buf, sizeof buf - 1);
	if (n < 0)
		return;
	buf[n] = 0;
	char want[8];
	snprintf(want, sizeof want, ":%04X ", port);
	for (char *line = strchr(buf, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		char addr[64], st[8];
		if (sscanf(line + 1, "%*d: %63s %*s %7s", addr, st) != 2)
			continue;
		char *colon = strchr(addr, ':');
		if (!colon || strncmp(colon, want, 5) != 0)
			continue;
		*colon = 0;
		strcpy(state, st);
		strcpy(local, addr);
		return;
	}
}

static void show_proc(const char *label, const char *path, int port)
{
	char state[8], local[64];
	proc_line(path, port, state, local);
	say("%s: st %s local %s\n", label, state, local);
}

static void tcp_basics(void)
{
	int l = listener6("::1", -1);
	if (l < 0)
		return;
	int port = port6_of(l);
	show_sockname("listener name", l, 0);
	show_sockname("listener peer", l, 1);
	show_proc("tcp6 listener", "/proc/net/tcp6", port);
	show_proc("tcp listener", "/proc/net/tcp", port);
	int c = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 to = sin6_of("::1", port);
	show_ret("connect [::1]", connect(c, (struct sockaddr *)&to, sizeof to), errno);
	struct sockaddr_storage ss;
	int s = accept_show(l, "accept peer", &ss);
	yesno("accept peer port is the client's", ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) == port6_of(c));
	show_sockname("client name", c, 0);
	show_sockname("client peer", c, 1);
	show_sockname("server name", s, 0);
	struct sockaddr_in6 peer;
	socklen_t len = sizeof peer;
	getpeername(c, (struct sockaddr *)&peer, &len);
	yesno("client peer port is the listener's", ntohs(peer.sin6_port) == port);
	/* a short buffer gets the first bytes and the real length */
	len = 8;
	memset(&ss, 0, sizeof ss);
	getsockname(c, (struct sockaddr *)&ss, &len);
	say("getsockname with 8 bytes: len %u family %d\n", (unsigned)len, ss.ss_family);
	char buf[32] = {0};
	show_ret("send", send(c, "over six", 8, 0), errno);
	show_ret("recv", recv(s, buf, sizeof buf, 0), errno);
	say("got '%s'\n", buf);
	show_ret("send back", send(s, "and back", 8, 0), errno);
	memset(buf, 0, sizeof buf);
	show_ret("recv back", recv(c, buf, sizeof buf, 0), errno);
	say("got '%s'\n", buf);
	show_proc("tcp6 server end", "/proc/net/tcp6", port);
	int v = -1;
	socklen_t vlen = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &vlen);
	say("SO_DOMAIN %s\n", v == AF_INET6 ? "AF_INET6" : "other");
	close(c);
	memset(buf, 0, sizeof buf);
	show_ret("recv after close", recv(s, buf, sizeof buf, 0), errno);
	close(s);
	close(l);
	/* a closed port refuses */
	c = socket(AF_INET6, SOCK_STREAM, 0);
	expect_err("connect to a closed port", connect(c, (struct sockaddr *)&to, sizeof to), errno, ECONNREFUSED);
	close(c);
}

static void v6only(void)
{
	int c = socket(AF_INET6, SOCK_STREAM, 0), v = -1;
	socklen_t vlen = sizeof v;
	show_ret("IPV6_V6ONLY get", getsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vlen), errno);
	say("IPV6_V6ONLY default %d len %u\n", v, (unsigned)vlen);
	close(c);
	/* a dual-stack listener on :: takes an IPv4 connection */
	int l = listener6("::", -1);
	if (l < 0)
		return;
	int port = port6_of(l);
	show_sockname("dual listener name", l, 0);
	show_proc("tcp6 dual listener", "/proc/net/tcp6", port);
	int v4 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in to4 = sin_of("127.0.0.1", port);
	show_ret("IPv4 connect to the dual listener", connect(v4, (struct sockaddr *)&to4, sizeof to4), errno);
	struct sockaddr_storage ss;
	int s = accept_show(l, "accepted IPv4 peer", &ss);
	show_sockname("accepted name", s, 0);
	show_sockname("IPv4 client peer", v4, 1);
	char buf[16] = {0};
	send(v4, "mapped", 6, 0);
	recv(s, buf, sizeof buf, 0);
	say("got '%s'\n", buf);
	/* an AF_INET6 client to ::ffff:127.0.0.1 goes over IPv4 */
	int m = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 mapped = sin6_of("::ffff:127.0.0.1", port);
	show_ret("AF_INET6 connect to ::ffff:127.0.0.1", connect(m, (struct sockaddr *)&mapped, sizeof mapped), errno);
	show_sockname("mapped client name", m, 0);
	int s2 = accept(l, NULL, NULL);
	show_sockname("mapped server peer", s2, 1);
	close(m);
	close(s2);
	/* the port is taken for IPv4 as well */
	int b4 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in any4 = sin_of("0.0.0.0", port);
	expect_err("IPv4 bind of the dual listener's port", bind(b4, (struct sockaddr *)&any4, sizeof any4), errno,
		   EADDRINUSE);
	close(b4);
	close(v4);
	close(s);
	close(l);

	/* IPV6_V6ONLY on: IPv4 is refused and the port stays free for IPv4 */
	l = listener6("::", 1);
	if (l < 0)
		return;
	port = port6_of(l);
	v = -1;
	getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vlen);
	say("IPV6_V6ONLY now %d\n", v);
	int one = 1;
	expect_err("IPV6_V6ONLY once bound", setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one), errno, EINVAL);
	v4 = socket(AF_INET, SOCK_STREAM, 0);
	to4 = sin_of("127.0.0.1", port);
	expect_err("IPv4 connect to a v6-only listener", connect(v4, (struct sockaddr *)&to4, sizeof to4), errno,
		   ECONNREFUSED);
	close(v4);
	b4 = socket(AF_INET, SOCK_STREAM, 0);
	any4 = sin_of("0.0.0.0", port);
	show_ret("IPv4 bind of the v6-only listener's port", bind(b4, (struct sockaddr *)&any4, sizeof any4), errno);
	close(b4);
	close(l);
	/* a v6-only socket cannot have a v4-mapped address */
	int x = socket(AF_INET6, SOCK_STREAM, 0);
	setsockopt(x, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	struct sockaddr_in6 m1 = sin6_of("::ffff:127.0.0.1", 0);
	expect_err("v6-only bind to ::ffff:127.0.0.1", bind(x, (struct sockaddr *)&m1, sizeof m1), errno, EINVAL);
	close(x);
	/* IPV6_V6ONLY is not an IPv4 socket's */
	x = socket(AF_INET, SOCK_STREAM, 0);
	expect_err("IPV6_V6ONLY on AF_INET", setsockopt(x, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one), errno,
		   ENOPROTOOPT);
	close(x);
}

static void errors(void)
{
	int x = socket(AF_INET6, SOCK_STREAM, 0);
	show_sockname("fresh name", x, 0);
	show_sockname("fresh peer", x, 1);
	struct sockaddr_in6 a = sin6_of("::1", 0);
	expect_err("bind with 20 bytes", bind(x, (struct sockaddr *)&a, 20), errno, EINVAL);
	struct sockaddr_in a4 = sin_of("127.0.0.1", 0);
	struct sockaddr_in6 big = {0};
	memcpy(&big, &a4, sizeof a4);
	expect_err("bind with AF_INET", bind(x, (struct sockaddr *)&big, sizeof big), errno, EAFNOSUPPORT);
	struct sockaddr_in6 other = sin6_of("::2", 0);
	expect_err("bind to ::2", bind(x, (struct sockaddr *)&other, sizeof other), errno, EADDRNOTAVAIL);
	show_ret("bind with 24 bytes (RFC 2133)", bind(x, (struct sockaddr *)&a, 24), errno);
	show_sockname("bound name", x, 0);
	expect_err("bind again", bind(x, (struct sockaddr *)&a, sizeof a), errno, EINVAL);
	close(x);
	x = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 to = sin6_of("::1", 9);
	expect_err("connect with 20 bytes", connect(x, (struct sockaddr *)&to, 20), errno, EINVAL);
	close(x);
	x = socket(AF_INET6, SOCK_DGRAM, 0);
	expect_err("sendto with 20 bytes", sendto(x, "x", 1, 0, (struct sockaddr *)&to, 20), errno, EINVAL);
	close(x);
	x = socket(AF_INET6, SOCK_RAW, 0);
	say("AF_INET6 SOCK_RAW unprivileged or not: %s\n", x < 0 ? "error" : "ok");
	if (x >= 0)
		close(x);
	expect_err("AF_INET6 SOCK_STREAM IPPROTO_UDP", socket(AF_INET6, SOCK_STREAM, IPPROTO_UDP), errno,
		   EPROTONOSUPPORT);
}

static void udp(void)
{
	int a = socket(AF_INET6, SOCK_DGRAM, 0), b = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 one = sin6_of("::1", 0);
	show_ret("udp bind [::1]", bind(a, (struct sockaddr *)&one, sizeof one), errno);
	int port = port6_of(a);
	show_sockname("udp name", a, 0);
	show_proc("udp6 bound", "/proc/net/udp6", port);
	show_proc("udp bound", "/proc/net/udp", port);
	struct sockaddr_in6 to = sin6_of("::1", port);
	show_ret("sendto [::1]", sendto(b, "dgram6", 6, 0, (struct sockaddr *)&to, sizeof to), errno);
	char buf[16] = {0};
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	show_ret("recvfrom", recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&ss, &len), errno);
	show_name("from", &ss, len, 0);
	yesno("from b's port", ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) == port6_of(b));
	say("got '%s'\n", buf);
	show_sockname("autobound sender", b, 0);
	show_ret("connect", connect(b, (struct sockaddr *)&to, sizeof to), errno);
	show_sockname("connected peer", b, 1);
	show_ret("send", send(b, "again", 5, 0), errno);
	memset(buf, 0, sizeof buf);
	show_ret("recv", recv(a, buf, sizeof buf, 0), errno);
	say("got '%s'\n", buf);
	close(a);
	close(b);
	/* a dual-stack socket on :: gets IPv4 datagrams from a v4-mapped address */
	int d = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 any = sin6_of("::", 0);
	bind(d, (struct sockaddr *)&any, sizeof any);
	int dport = port6_of(d);
	int v4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to4 = sin_of("127.0.0.1", dport);
	show_ret("IPv4 sendto the dual socket", sendto(v4, "four", 4, 0, (struct sockaddr *)&to4, sizeof to4), errno);
	len = sizeof ss;
	memset(buf, 0, sizeof buf);
	show_ret("recvfrom", recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&ss, &len), errno);
	show_name("from", &ss, len, 0);
	say("got '%s'\n", buf);
	/* and it answers to the v4-mapped address over IPv4 */
	show_ret("reply", sendto(d, "back", 4, 0, (struct sockaddr *)&ss, len), errno);
	struct sockaddr_in from4;
	len = sizeof from4;
	memset(buf, 0, sizeof buf);
	show_ret("IPv4 recvfrom", recvfrom(v4, buf, sizeof buf, 0, (struct sockaddr *)&from4, &len), errno);
	show_name("from", (struct sockaddr_storage *)&from4, len, 0);
	yesno("from the dual socket's port", ntohs(from4.sin_port) == dport);
	say("got '%s'\n", buf);
	close(v4);
	close(d);
}

/* SIOCSIFFLAGS without IFF_UP on "lo": an earlier test in the same boot may
 * have brought it up, and taking it down removes ::1 (addrconf_ifdown). */
static int lo_down(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags &= ~IFF_UP;
	int r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r;
}

int main(void)
{
	show_ret("lo down", lo_down(), errno);
	int early = socket(AF_INET6, SOCK_STREAM, 0);
	show_ret("AF_INET6 socket", early < 0 ? -1 : 0, errno);
	struct sockaddr_in6 one = sin6_of("::1", 0);
	expect_err("bind [::1] while lo is down", bind(early, (struct sockaddr *)&one, sizeof one), errno,
		   EADDRNOTAVAIL);
	close(early);
	show_ret("lo up", lo_up(), errno);
	tcp_basics();
	v6only();
	errors();
	udp();
	done();
}
