/*
 * udp_broadcast.c — SO_BROADCAST and broadcast destinations over lo, as
 * Linux applies them (socket(7), ip(7); udp_sendmsg, __ip4_datagram_connect,
 * raw_sendmsg, tcp_v4_connect, __udp4_lib_mcast_deliver, icmp_rcv):
 * 127.255.255.255 is lo's broadcast address and 255.255.255.255 the limited
 * broadcast, routed only from a socket bound to a local address. Sending or
 * connecting to one without SO_BROADCAST is EACCES (UDP and raw ICMP), TCP
 * never reaches one (ENETUNREACH); a broadcast datagram reaches every
 * socket on its port bound to the wildcard or to that address (IPv6 ones
 * on :: too), with IP_PKTINFO's spec_dst the route's source; none on the
 * port counts in IgnoredMulti and draws no ICMP error; an echo request to a
 * broadcast address is ignored (InErrors); binding a broadcast address is
 * allowed.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <netinet/ip.h>
#include <netinet/ip_icmp.h>

/* A named counter of /proc/net/snmp's line pair that starts with proto ("Udp:"). */
static long snmp_value(const char *proto, const char *name)
{
	static char buf[8192];
	ssize_t n = slurp_file("/proc/net/snmp", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	char *names = NULL, *values = NULL;
	for (char *line = buf; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (strncmp(line, proto, strlen(proto)) == 0) {
			if (!names)
				names = line + strlen(proto);
			else if (!values)
				values = line + strlen(proto);
		}
		line = next;
	}
	if (!names || !values)
		return -999999;
	char *sn, *sv;
	for (char *w = strtok_r(names, " ", &sn), *v = strtok_r(values, " ", &sv); w && v;
	     w = strtok_r(NULL, " ", &sn), v = strtok_r(NULL, " ", &sv))
		if (strcmp(w, name) == 0)
			return strtol(v, NULL, 10);
	return -999999;
}

static int udp_on(const char *ip, int port, int reuse)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (reuse)
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
	struct sockaddr_in a = sin_of(ip, port);
	int r = bind(s, (struct sockaddr *)&a, sizeof a);
	if (r < 0)
		say("bind %s:%d: %s\n", ip, port ? 1 : 0, errname(errno));
	return s;
}

static void set_broadcast(int s, int on)
{
	if (setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) < 0)
		say("SO_BROADCAST %d: %s\n", on, errname(errno));
}

static void send_to(const char *label, int s, const char *ip, int port, size_t len)
{
	static char data[65536];
	memset(data, 'b', sizeof data);
	memcpy(data, label, strlen(label) < len ? strlen(label) : len);
	struct sockaddr_in a = sin_of(ip, port);
	long r = sendto(s, data, len, 0, (struct sockaddr *)&a, sizeof a);
	if (r < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: sent %ld\n", label, r);
}

/* Everything queued on s: each datagram's text and source, then EAGAIN (or
 * with IP_PKTINFO on, spec_dst and addr). */
static void drain(const char *label, int s)
{
	for (;;) {
		char data[64] = {0}, control[64];
		struct sockaddr_in6 from = {0};
		struct iovec iov = {.iov_base = data, .iov_len = sizeof data - 1};
		struct msghdr mh = {.msg_name = &from,
				    .msg_namelen = sizeof from,
				    .msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = control,
				    .msg_controllen = sizeof control};
		long n = recvmsg(s, &mh, MSG_DONTWAIT);
		if (n < 0) {
			say("%s: %s\n", label, errname(errno));
			return;
		}
		char src[64] = "?";
		int port = 0;
		if (from.sin6_family == AF_INET6) {
			inet_ntop(AF_INET6, &from.sin6_addr, src, sizeof src);
			port = ntohs(from.sin6_port);
		} else {
			struct sockaddr_in *f4 = (struct sockaddr_in *)&from;
			inet_ntop(AF_INET, &f4->sin_addr, src, sizeof src);
			port = ntohs(f4->sin_port);
		}
		say("%s: %ld bytes \"%.12s\" from %s%s\n", label, n, data, src, port ? "" : " port 0");
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;
				memcpy(&pi, CMSG_DATA(c), sizeof pi);
				char spec[32], addr[32];
				inet_ntop(AF_INET, &pi.ipi_spec_dst, spec, sizeof spec);
				inet_ntop(AF_INET, &pi.ipi_addr, addr, sizeof addr);
				say("  pktinfo ifindex %d spec_dst %s addr %s\n", pi.ipi_ifindex, spec, addr);
			}
		}
	}
}

static void show_opt(const char *label, int s)
{
	int v = -1;
	socklen_t len = sizeof v;
	long r = getsockopt(s, SOL_SOCKET, SO_BROADCAST, &v, &len);
	if (r < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %d (len %d)\n", label, v, (int)len);
}

static void show_name(const char *label, int s, int peer)
{
	struct sockaddr_in a = {0};
	socklen_t len = sizeof a;
	long r = peer ? getpeername(s, (struct sockaddr *)&a, &len) : getsockname(s, (struct sockaddr *)&a, &len);
	if (r < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	char ip[32];
	inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip);
	say("%s: %s\n", label, ip);
}

int main(void)
{
	lo_up();
	int one = 1;

	/* the option: off by default, any nonzero value is 1 */
	int u = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET, SOCK_STREAM, 0);
	show_opt("udp SO_BROADCAST default", u);
	show_opt("tcp SO_BROADCAST default", t);
	int seven = 7;
	setsockopt(u, SOL_SOCKET, SO_BROADCAST, &seven, sizeof seven);
	show_opt("udp SO_BROADCAST after 7", u);
	set_broadcast(u, 0);
	show_opt("udp SO_BROADCAST after 0", u);
	close(u);

	/* receivers on one port: two on the wildcard, one on 127.0.0.1, one on
	 * the broadcast address, one IPv6 socket on :: */
	int any1 = udp_on("0.0.0.0", 0, 1);
	int port = port_of(any1);
	int any2 = udp_on("0.0.0.0", port, 1);
	int lo1 = udp_on("127.0.0.1", port, 1);
	int bc = udp_on("127.255.255.255", port, 1);
	show_name("bound to the broadcast address", bc, 0);
	int six = socket(AF_INET6, SOCK_DGRAM, 0);
	setsockopt(six, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
	show_ret("bind [::]", bind(six, (struct sockaddr *)&a6, sizeof a6), errno);
	setsockopt(any1, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);

	/* an unbound sender */
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	send_to("to 127.255.255.255 without SO_BROADCAST", s, "127.255.255.255", port, 8);
	send_to("to 255.255.255.255 without SO_BROADCAST, unbound", s, "255.255.255.255", port, 8);
	send_to("65508 bytes to 127.255.255.255 without SO_BROADCAST", s, "127.255.255.255", port, 65508);
	send_to("to 127.0.0.1 without SO_BROADCAST", s, "127.0.0.1", port, 8);
	drain("lo1 unicast", lo1);
	set_broadcast(s, 1);
	send_to("to 255.255.255.255 with SO_BROADCAST, unbound", s, "255.255.255.255", port, 8);
	send_to("65508 bytes to 127.255.255.255 with SO_BROADCAST", s, "127.255.255.255", port, 65508);
	send_to("bcast-1", s, "127.255.255.255", port, 7);
	drain("any1", any1);
	drain("any2", any2);
	drain("lo1", lo1);
	drain("bc", bc);
	drain("six", six);

	/* a sender bound to 127.0.0.1: the limited broadcast goes out lo */
	int sb = udp_on("127.0.0.1", 0, 0);
	send_to("bound, to 255.255.255.255 without SO_BROADCAST", sb, "255.255.255.255", port, 8);
	set_broadcast(sb, 1);
	send_to("bcast-2", sb, "255.255.255.255", port, 7);
	drain("any1", any1);
	drain("any2", any2);
	drain("lo1", lo1);
	drain("bc", bc);
	drain("six", six);

	/* a socket bound to the broadcast address sends from the route's source */
	send_to("from-bc", bc, "127.0.0.1", port, 7);
	drain("lo1", lo1);

	/* connect: EACCES without SO_BROADCAST, then the broadcast peer */
	int c = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = sin_of("127.255.255.255", port);
	long r = connect(c, (struct sockaddr *)&to, sizeof to);
	show_ret("connect to 127.255.255.255 without SO_BROADCAST", r, errno);
	show_name("  getpeername", c, 1);
	set_broadcast(c, 1);
	r = connect(c, (struct sockaddr *)&to, sizeof to);
	show_ret("connect to 127.255.255.255 with SO_BROADCAST", r, errno);
	show_name("  getsockname", c, 0);
	show_name("  getpeername", c, 1);
	show_ret("send on it", send(c, "bcast-3", 7, 0), errno);
	drain("any2", any2);
	drain("bc", bc);
	set_broadcast(c, 0);
	show_ret("send on it after SO_BROADCAST 0", send(c, "bcast-4", 7, 0), errno);
	drain("any2", any2);
	int c2 = socket(AF_INET, SOCK_DGRAM, 0);
	set_broadcast(c2, 1);
	to = sin_of("255.255.255.255", port);
	show_ret("unbound connect to 255.255.255.255", connect(c2, (struct sockaddr *)&to, sizeof to), errno);

	/* nobody on the port: IgnoredMulti, no NoPorts, no ICMP error */
	int nobody = udp_on("0.0.0.0", 0, 0);
	int free_port = port_of(nobody);
	close(nobody);
	int e = socket(AF_INET, SOCK_DGRAM, 0);
	set_broadcast(e, 1);
	to = sin_of("127.255.255.255", free_port);
	connect(e, (struct sockaddr *)&to, sizeof to);
	long ignored = snmp_value("Udp:", "IgnoredMulti"), noports = snmp_value("Udp:", "NoPorts");
	long icmp_out = snmp_value("Icmp:", "OutMsgs");
	show_ret("send to a port nobody has", send(e, "x", 1, 0), errno);
	show_ret("send again", send(e, "x", 1, 0), errno);
	say("IgnoredMulti %+ld NoPorts %+ld Icmp OutMsgs %+ld\n", snmp_value("Udp:", "IgnoredMulti") - ignored,
	    snmp_value("Udp:", "NoPorts") - noports, snmp_value("Icmp:", "OutMsgs") - icmp_out);
	int so_err = -1;
	socklen_t elen = sizeof so_err;
	getsockopt(e, SOL_SOCKET, SO_ERROR, &so_err, &elen);
	say("SO_ERROR: %s\n", errname(so_err));

	/* AF_INET6 to a v4-mapped broadcast address */
	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 m6 = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	inet_pton(AF_INET6, "::ffff:127.255.255.255", &m6.sin6_addr);
	show_ret("AF_INET6 to ::ffff:127.255.255.255 without SO_BROADCAST",
		 sendto(s6, "v6", 2, 0, (struct sockaddr *)&m6, sizeof m6), errno);
	set_broadcast(s6, 1);
	show_ret("AF_INET6 to ::ffff:127.255.255.255 with SO_BROADCAST",
		 sendto(s6, "bcast-6", 7, 0, (struct sockaddr *)&m6, sizeof m6), errno);
	drain("any2", any2);
	drain("six", six);

	/* binding broadcast addresses; TCP never reaches one */
	int b1 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ba = sin_of("255.255.255.255", 0);
	show_ret("bind 255.255.255.255", bind(b1, (struct sockaddr *)&ba, sizeof ba), errno);
	int b2 = socket(AF_INET, SOCK_DGRAM, 0);
	ba = sin_of("127.255.255.254", 0);
	show_ret("bind 127.255.255.254", bind(b2, (struct sockaddr *)&ba, sizeof ba), errno);
	int l = inet_listener(0, 4, 0);
	int lport = port_of(l);
	int any_l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in la = sin_of("0.0.0.0", 0);
	bind(any_l, (struct sockaddr *)&la, sizeof la);
	listen(any_l, 4);
	int tc = socket(AF_INET, SOCK_STREAM, 0);
	set_broadcast(tc, 1);
	to = sin_of("127.255.255.255", port_of(any_l));
	show_ret("tcp connect to 127.255.255.255", connect(tc, (struct sockaddr *)&to, sizeof to), errno);
	int tc2 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in lb = sin_of("127.0.0.1", 0);
	bind(tc2, (struct sockaddr *)&lb, sizeof lb);
	to = sin_of("255.255.255.255", lport);
	show_ret("bound tcp connect to 255.255.255.255", connect(tc2, (struct sockaddr *)&to, sizeof to), errno);

	/* raw ICMP: an echo request to the broadcast address is EACCES without
	 * SO_BROADCAST; with it, it is sent, seen by the raw socket and not answered */
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	struct icmphdr echo = {.type = ICMP_ECHO};
	echo.un.echo.id = htons(0x1234);
	echo.un.echo.sequence = htons(1);
	echo.checksum = 0;
	{
		unsigned sum = 0;
		const unsigned short *w = (const unsigned short *)&echo;
		for (size_t i = 0; i < sizeof echo / 2; i++)
			sum += w[i];
		sum = (sum & 0xffff) + (sum >> 16);
		sum += sum >> 16;
		echo.checksum = (unsigned short)~sum;
	}
	to = sin_of("127.255.255.255", 0);
	show_ret("raw echo to 127.255.255.255 without SO_BROADCAST",
		 sendto(raw, &echo, sizeof echo, 0, (struct sockaddr *)&to, sizeof to), errno);
	show_ret("raw connect to 127.255.255.255 without SO_BROADCAST", connect(raw, (struct sockaddr *)&to, sizeof to),
		 errno);
	set_broadcast(raw, 1);
	long in_errors = snmp_value("Icmp:", "InErrors"), in_echos = snmp_value("Icmp:", "InEchos"),
	     out_reps = snmp_value("Icmp:", "OutEchoReps");
	show_ret("raw echo to 127.255.255.255 with SO_BROADCAST",
		 sendto(raw, &echo, sizeof echo, 0, (struct sockaddr *)&to, sizeof to), errno);
	for (;;) {
		unsigned char pkt[256];
		long n = recv(raw, pkt, sizeof pkt, MSG_DONTWAIT);
		if (n < 0) {
			say("raw: %s\n", errname(errno));
			break;
		}
		struct iphdr ih;
		memcpy(&ih, pkt, sizeof ih);
		struct in_addr d = {ih.daddr};
		say("raw: %ld bytes, type %d to %s\n", n, pkt[ih.ihl * 4], inet_ntoa(d));
	}
	say("Icmp InErrors %+ld InEchos %+ld OutEchoReps %+ld\n", snmp_value("Icmp:", "InErrors") - in_errors,
	    snmp_value("Icmp:", "InEchos") - in_echos, snmp_value("Icmp:", "OutEchoReps") - out_reps);
	say("done\n");
	return 0;
}
