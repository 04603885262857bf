/*
 * inet_ip_options.c — IP-level socket options on TCP and UDP sockets (ip(7),
 * ip_sockglue.c): IP_TTL's default (64), its range (1..255, -1 for the
 * default, EINVAL otherwise and for a zero length), a one-byte value;
 * IP_TOS's default 0, a value kept, a stream socket keeping its ECN bits
 * where a datagram socket takes them, a zero length meaning 0, only the
 * low byte kept; a one-byte getsockopt; an accepted connection inheriting
 * the listener's values; an unknown IP option and a UDP-level option
 * ENOPROTOOPT, a multicast-routing one EOPNOTSUPP.
 */
#define _GNU_SOURCE
#include <netinet/ip.h>

#include "inet_test.h"

static void show_opt(const char *label, int fd, int name)
{
	int v = -12345;
	socklen_t len = sizeof v;
	int r = getsockopt(fd, IPPROTO_IP, name, &v, &len);
	if (r < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %d (len %u)\n", label, v, (unsigned)len);
}

static void set_int(const char *label, int fd, int name, int v)
{
	show_ret(label, setsockopt(fd, IPPROTO_IP, name, &v, sizeof v), errno);
}

static void one_kind(const char *kind, int fd)
{
	say("-- %s\n", kind);
	show_opt("IP_TTL default", fd, IP_TTL);
	show_opt("IP_TOS default", fd, IP_TOS);
	set_int("IP_TTL 0", fd, IP_TTL, 0);
	set_int("IP_TTL 256", fd, IP_TTL, 256);
	set_int("IP_TTL -2", fd, IP_TTL, -2);
	set_int("IP_TTL 7", fd, IP_TTL, 7);
	show_opt("IP_TTL", fd, IP_TTL);
	set_int("IP_TTL -1", fd, IP_TTL, -1);
	show_opt("IP_TTL after -1", fd, IP_TTL);
	unsigned char byte = 9;
	show_ret("IP_TTL one byte 9", setsockopt(fd, IPPROTO_IP, IP_TTL, &byte, 1), errno);
	show_opt("IP_TTL", fd, IP_TTL);
	show_ret("IP_TTL length 0", setsockopt(fd, IPPROTO_IP, IP_TTL, &byte, 0), errno);
	set_int("IP_TOS 0x10", fd, IP_TOS, 0x10);
	show_opt("IP_TOS", fd, IP_TOS);
	set_int("IP_TOS 0x13", fd, IP_TOS, 0x13);
	show_opt("IP_TOS (ECN bits)", fd, IP_TOS);
	set_int("IP_TOS 0x1b4", fd, IP_TOS, 0x1b4);
	show_opt("IP_TOS (low byte)", fd, IP_TOS);
	unsigned char got = 0;
	socklen_t len = 1;
	int r = getsockopt(fd, IPPROTO_IP, IP_TOS, &got, &len);
	say("IP_TOS into one byte: ret %d len %u value 0x%x\n", r, (unsigned)len, got);
	show_ret("IP_TOS length 0", setsockopt(fd, IPPROTO_IP, IP_TOS, &byte, 0), errno);
	show_opt("IP_TOS after length 0", fd, IP_TOS);
	/* 150 and 213 are no option; 200..212 are the multicast routing ones
	 * (MRT_INIT..MRT_FLUSH), only for a raw IGMP socket */
	static const int names[] = {150, 200, 212, 213};
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		int v = 1;
		socklen_t vl = sizeof v;
		char label[64];
		snprintf(label, sizeof label, "setsockopt IP option %d", names[i]);
		show_ret(label, setsockopt(fd, IPPROTO_IP, names[i], &v, sizeof v), errno);
		snprintf(label, sizeof label, "getsockopt IP option %d", names[i]);
		show_ret(label, getsockopt(fd, IPPROTO_IP, names[i], &v, &vl), errno);
	}
}

int main(void)
{
	lo_up();
	int t = socket(AF_INET, SOCK_STREAM, 0);
	one_kind("TCP", t);
	close(t);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	one_kind("UDP", u);
	int v = 1;
	expect_err("UDP level option 200", setsockopt(u, IPPROTO_UDP, 200, &v, sizeof v), errno, ENOPROTOOPT);
	close(u);

	int l = inet_listener(0, 4, 0);
	set_int("listener IP_TTL 33", l, IP_TTL, 33);
	set_int("listener IP_TOS 0x20", l, IP_TOS, 0x20);
	int c = inet_dial(port_of(l));
	int s = accept(l, NULL, NULL);
	show_opt("accepted IP_TTL", s, IP_TTL);
	show_opt("accepted IP_TOS", s, IP_TOS);
	show_opt("client IP_TTL", c, IP_TTL);
	close(s);
	close(c);
	close(l);
	done();
	return 0;
}
