/*
 * ip_freebind.c — IP_FREEBIND, IP_TRANSPARENT, IPV6_FREEBIND and
 * IPV6_TRANSPARENT (Linux 6.1 do_ip_setsockopt, do_ipv6_setsockopt,
 * inet_addr_valid_or_nonlocal, __inet6_bind): values and lengths, the
 * shared flag behind the IPv4 and IPv6 names, and binding an address that
 * is not local — EADDRNOTAVAIL without them, allowed with either — for UDP
 * and TCP over IPv4, IPv6 and v4-mapped addresses; what a socket so bound
 * then does when it sends or connects (only IP_TRANSPARENT lets an IPv4
 * packet leave from a non-local source; IPv6 routes by destination alone).
 */
#include "inet_test.h"

#include <fcntl.h>
#include <sys/wait.h>

static int get(int fd, int level, int name)
{
	int v = -7;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -errno * 1000;
	return v;
}

static void opt(const char *label, int fd, int level, int name, int v, socklen_t len)
{
	int r = setsockopt(fd, level, name, &v, len);
	say("%s: set %s, reads %d\n", label, r ? errname(errno) : "ok", get(fd, level, name));
}

static void values(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	say("IP_FREEBIND default %d, IP_TRANSPARENT default %d\n", get(s, SOL_IP, IP_FREEBIND),
	    get(s, SOL_IP, IP_TRANSPARENT));
	opt("IP_FREEBIND 5", s, SOL_IP, IP_FREEBIND, 5, sizeof(int));
	opt("IP_FREEBIND 0 as a byte", s, SOL_IP, IP_FREEBIND, 0, 1);
	opt("IP_FREEBIND 1 as a byte", s, SOL_IP, IP_FREEBIND, 1, 1);
	opt("IP_FREEBIND length 0", s, SOL_IP, IP_FREEBIND, 1, 0);
	opt("IP_TRANSPARENT 1", s, SOL_IP, IP_TRANSPARENT, 1, sizeof(int));
	opt("IP_TRANSPARENT length 0", s, SOL_IP, IP_TRANSPARENT, 1, 0);
	opt("IP_TRANSPARENT 0", s, SOL_IP, IP_TRANSPARENT, 0, sizeof(int));
	opt("IPV6_FREEBIND on AF_INET", s, SOL_IPV6, IPV6_FREEBIND, 1, sizeof(int));
	close(s);

	int s6 = socket(AF_INET6, SOCK_STREAM, 0);
	opt("IPV6_FREEBIND 1", s6, SOL_IPV6, IPV6_FREEBIND, 1, sizeof(int));
	say("IP_FREEBIND reads %d\n", get(s6, SOL_IP, IP_FREEBIND));
	opt("IP_FREEBIND 0", s6, SOL_IP, IP_FREEBIND, 0, sizeof(int));
	say("IPV6_FREEBIND reads %d\n", get(s6, SOL_IPV6, IPV6_FREEBIND));
	opt("IPV6_FREEBIND short", s6, SOL_IPV6, IPV6_FREEBIND, 1, 1);
	opt("IPV6_TRANSPARENT 1", s6, SOL_IPV6, IPV6_TRANSPARENT, 1, sizeof(int));
	say("IP_TRANSPARENT reads %d\n", get(s6, SOL_IP, IP_TRANSPARENT));
	opt("IPV6_TRANSPARENT short", s6, SOL_IPV6, IPV6_TRANSPARENT, 0, 2);
	close(s6);

	/* without CAP_NET_RAW and CAP_NET_ADMIN: only turning them off */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) < 0)
			say("setuid: %s\n", errname(errno));
		int u = socket(AF_INET6, SOCK_DGRAM, 0);
		opt("nobody: IP_TRANSPARENT 1", u, SOL_IP, IP_TRANSPARENT, 1, sizeof(int));
		opt("nobody: IP_TRANSPARENT 0", u, SOL_IP, IP_TRANSPARENT, 0, sizeof(int));
		opt("nobody: IPV6_TRANSPARENT 1", u, SOL_IPV6, IPV6_TRANSPARENT, 1, sizeof(int));
		opt("nobody: IPV6_TRANSPARENT 1, short", u, SOL_IPV6, IPV6_TRANSPARENT, 1, 2);
		opt("nobody: IP_FREEBIND 1", u, SOL_IP, IP_FREEBIND, 1, sizeof(int));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

/* Binds a socket of family and type with level/name set (or none) to the
 * address text, then sends or connects to 127.0.0.1 or ::1. */
static void try_bind(const char *label, int family, int type, int level, int name, const char *text)
{
	int s = socket(family, type, 0);
	int one = 1;
	if (name)
		setsockopt(s, level, name, &one, sizeof one);
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
	struct sockaddr_in a4 = {.sin_family = AF_INET};
	struct sockaddr *a = family == AF_INET ? (struct sockaddr *)&a4 : (struct sockaddr *)&a6;
	socklen_t len = family == AF_INET ? sizeof a4 : sizeof a6;
	if (family == AF_INET)
		inet_pton(AF_INET, text, &a4.sin_addr);
	else
		inet_pton(AF_INET6, text, &a6.sin6_addr);
	if (bind(s, a, len) < 0) {
		say("%s: bind %s\n", label, errname(errno));
		close(s);
		return;
	}
	say_local_name(label, s);
	/* a receiver on the loopback address of the family the bound address is */
	int v4 = family == AF_INET || strchr(text, '.');
	int r = socket(v4 ? AF_INET : AF_INET6, type, 0);
	struct sockaddr_in6 d6 = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
	struct sockaddr_in d4 = sin_of("127.0.0.1", 0);
	struct sockaddr *d = v4 ? (struct sockaddr *)&d4 : (struct sockaddr *)&d6;
	socklen_t dlen = v4 ? sizeof d4 : sizeof d6;
	bind(r, d, dlen);
	getsockname(r, d, &dlen);
	if (type == SOCK_STREAM)
		listen(r, 1);
	struct sockaddr_in6 m = {.sin6_family = AF_INET6, .sin6_port = d4.sin_port};
	if (family == AF_INET6 && v4) { /* to ::ffff:127.0.0.1 */
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
		d = (struct sockaddr *)&m;
		dlen = sizeof m;
	}
	/* non-blocking: the listener's SYN-ACK to a non-local address finds no route */
	fcntl(s, F_SETFL, O_NONBLOCK);
	int ret = type == SOCK_STREAM ? connect(s, d, dlen) : (int)sendto(s, "x", 1, 0, d, dlen);
	say("  %s: %s\n", type == SOCK_STREAM ? "connect" : "sendto", ret < 0 ? errname(errno) : "ok");
	close(r);
	close(s);
}

int main(void)
{
	lo_up();
	values();
	const int types[2] = {SOCK_DGRAM, SOCK_STREAM};
	for (int t = 0; t < 2; t++) {
		int type = types[t];
		say("%s\n", type == SOCK_DGRAM ? "udp" : "tcp");
		try_bind("  10.1.2.3 plain", AF_INET, type, 0, 0, "10.1.2.3");
		try_bind("  10.1.2.3 IP_FREEBIND", AF_INET, type, SOL_IP, IP_FREEBIND, "10.1.2.3");
		try_bind("  10.1.2.3 IP_TRANSPARENT", AF_INET, type, SOL_IP, IP_TRANSPARENT, "10.1.2.3");
		try_bind("  2001:db8::1 plain", AF_INET6, type, 0, 0, "2001:db8::1");
		try_bind("  2001:db8::1 IPV6_FREEBIND", AF_INET6, type, SOL_IPV6, IPV6_FREEBIND, "2001:db8::1");
		try_bind("  2001:db8::1 IP_FREEBIND", AF_INET6, type, SOL_IP, IP_FREEBIND, "2001:db8::1");
		try_bind("  2001:db8::1 IPV6_TRANSPARENT", AF_INET6, type, SOL_IPV6, IPV6_TRANSPARENT, "2001:db8::1");
		try_bind("  ::ffff:10.1.2.3 plain", AF_INET6, type, 0, 0, "::ffff:10.1.2.3");
		try_bind("  ::ffff:10.1.2.3 IPV6_FREEBIND", AF_INET6, type, SOL_IPV6, IPV6_FREEBIND, "::ffff:10.1.2.3");
	}
	done();
}
