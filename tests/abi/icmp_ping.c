/*
 * icmp_ping.c — ICMP echo over lo through both kinds of ICMP socket
 * (icmp(7), ip(7) "ping sockets", raw(7), ipv6(7)):
 * - net.ipv4.ping_group_range: "1 0" (the boot default: nobody, root
 *   included, EACCES; written first and last, as tests share a boot), the writes Linux refuses or turns into "1 0", a range with
 *   the effective or a supplementary group opening ping sockets;
 * - an IPv4 ping socket: the send checks, the kernel's reply with the
 *   socket's identifier in place of ours, its checksum, bind and connect,
 *   MSG_TRUNC, FIONREAD, poll, MSG_ERRQUEUE;
 * - a raw IPv4 ICMP socket: every ICMP packet with its IP header (our
 *   request, then the reply), ICMP_FILTER, a request with a bad checksum
 *   left unanswered, EPERM without CAP_NET_RAW;
 * - IPv6: a ping socket with IPV6_RECVHOPLIMIT, a raw ICMPv6 socket whose
 *   checksum the kernel fills, ICMP6_FILTER, IPV6_CHECKSUM, IPV6_2292HOPLIMIT;
 * - the changes of /proc/net/snmp's Icmp counters.
 * Identifiers the kernel picks are not printed, only compared.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <grp.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/wait.h>

#define RANGE "/proc/sys/net/ipv4/ping_group_range"
#ifndef ICMP_FILTER
#define ICMP_FILTER 1 /* linux/icmp.h: level SOL_RAW */
#endif

static void show_range(const char *label)
{
	char buf[64];
	slurp_file(RANGE, buf, sizeof buf);
	say("%s: %s", label, buf);
}

/* RFC 1071 over len bytes, starting from sum (host-order partial words). */
static unsigned short csum(const void *data, size_t len, unsigned long sum)
{
	const unsigned char *b = data;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (unsigned long)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (unsigned long)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned short)~sum;
}

/* The ICMPv6 pseudo-header's partial sum for ::1 to ::1. */
static unsigned long pseudo6(size_t len)
{
	return 1 + 1 + (unsigned long)len + IPPROTO_ICMPV6;
}

/* An echo request (type) of id, seq and text; its length. */
static size_t make_echo(unsigned char *buf, int type, int code, int id, int seq, const char *text, int v6)
{
	size_t len = 8 + strlen(text);
	buf[0] = (unsigned char)type;
	buf[1] = (unsigned char)code;
	buf[2] = buf[3] = 0;
	buf[4] = (unsigned char)(id >> 8);
	buf[5] = (unsigned char)id;
	buf[6] = (unsigned char)(seq >> 8);
	buf[7] = (unsigned char)seq;
	memcpy(buf + 8, text, strlen(text));
	if (!v6) {
		unsigned short s = csum(buf, len, 0);
		buf[2] = (unsigned char)(s >> 8);
		buf[3] = (unsigned char)s;
	}
	return len;
}

static int id_of(const unsigned char *m)
{
	return m[4] << 8 | m[5];
}

static int local_port(int fd)
{
	struct sockaddr_in6 a = {0};
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin6_port); /* sin_port and sin6_port share their offset */
}

/* One ICMP message read from fd: its type, code, sequence, the checksum's
 * validity, the source and whether the identifier is want_id. */
static void show_reply(const char *label, int fd, int want_id, int v6)
{
	unsigned char buf[256];
	struct sockaddr_in6 from = {0};
	socklen_t flen = sizeof from;
	long n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	char addr[64];
	inet_ntop(from.sin6_family,
		  from.sin6_family == AF_INET6 ? (void *)&from.sin6_addr
					       : (void *)&((struct sockaddr_in *)&from)->sin_addr,
		  addr, sizeof addr);
	say("%s: %ld bytes, type %d code %d seq %d, id %s, checksum %s, from %s port %d (namelen %u), data \"%.*s\"\n",
	    label, n, buf[0], buf[1], buf[6] << 8 | buf[7], id_of(buf) == want_id ? "ours" : "other",
	    csum(buf, (size_t)n, v6 ? pseudo6((size_t)n) : 0) == 0 ? "good" : "bad", addr, ntohs(from.sin6_port),
	    (unsigned)flen, (int)(n > 8 ? n - 8 : 0), (char *)buf + 8);
}

static void group_checks(void)
{
	/* tests share a boot: the boot default ("1 0", net_ping.sh shows it) is
	 * written back here first, and again at the end */
	show_ret("write \"1 0\"", write_sysctl(RANGE, "1 0"), errno);
	show_range("ping_group_range");
	expect_err("ping socket, default range", socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), errno, EACCES);
	expect_err("ping6 socket, default range", socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6), errno, EACCES);
	expect_err("AF_INET SOCK_DGRAM IPPROTO_ICMPV6", socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMPV6), errno,
		   EPROTONOSUPPORT);
	expect_err("SOCK_RAW protocol 0", socket(AF_INET, SOCK_RAW, 0), errno, EPROTONOSUPPORT);
	show_ret("write \"5 3\"", write_sysctl(RANGE, "5 3"), errno);
	show_range("after \"5 3\"");
	expect_err("write \"-1 3\"", write_sysctl(RANGE, "-1 3"), errno, EINVAL);
	show_ret("write \"0 4294967294\"", write_sysctl(RANGE, "0 4294967294"), errno);
	show_range("after");
	expect_err("write \"0 4294967295\"", write_sysctl(RANGE, "0 4294967295"), errno, EINVAL);
	show_ret("write \"7\"", write_sysctl(RANGE, "7"), errno);
	show_range("after \"7\"");
	show_ret("write \"2000 2000\"", write_sysctl(RANGE, "2000 2000\n"), errno);
	/* children that drop root: a supplementary group, the effective group, neither */
	static const struct {
		const char *label;
		gid_t gid, group;
	} kids[] = {{"supplementary 2000", 1000, 2000}, {"egid 2000", 2000, 3000}, {"neither", 1000, 3000}};
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (setgroups(1, &kids[i].group) || setgid(kids[i].gid) || setuid(1000))
				say("dropping root: %s\n", errname(errno));
			int s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
			say("%s: ping socket %s\n", kids[i].label, s >= 0 ? "made" : errname(errno));
			expect_err("  raw socket without CAP_NET_RAW", socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), errno,
				   EPERM);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	show_ret("write \"0 0\"", write_sysctl(RANGE, "0 0"), errno);
}

static void ping4_checks(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	show_ret("ping socket as root with \"0 0\"", s >= 0 ? 0 : -1, errno);
	int so = -1;
	socklen_t sl = sizeof so;
	getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &so, &sl);
	say("SO_PROTOCOL %d, port before a send %d\n", so, local_port(s));
	unsigned char m[128];
	struct sockaddr_in lo1 = sin_of("127.0.0.1", 0);
	size_t len = make_echo(m, ICMP_ECHO, 0, 0x1234, 7, "hello ping", 0);
	lo_up(); /* (lo's state when down depends on the tests run before in the same boot: not checked) */
	expect_err("4 bytes", sendto(s, m, 4, 0, (struct sockaddr *)&lo1, sizeof lo1), errno, EINVAL);
	unsigned char bad[16];
	make_echo(bad, ICMP_TIMESTAMP, 0, 1, 1, "", 0);
	expect_err("a timestamp request", sendto(s, bad, 8, 0, (struct sockaddr *)&lo1, sizeof lo1), errno, EINVAL);
	make_echo(bad, ICMP_ECHO, 1, 1, 1, "", 0);
	expect_err("code 1", sendto(s, bad, 8, 0, (struct sockaddr *)&lo1, sizeof lo1), errno, EINVAL);
	expect_err("no address", send(s, m, len, 0), errno, EDESTADDRREQ);
	expect_err("address of 8 bytes", sendto(s, m, len, 0, (struct sockaddr *)&lo1, 8), errno, EINVAL);
	struct sockaddr_in other = lo1;
	other.sin_family = AF_UNIX;
	expect_err("AF_UNIX address", sendto(s, m, len, 0, (struct sockaddr *)&other, sizeof other), errno,
		   EAFNOSUPPORT);
	static unsigned char big[70000];
	memcpy(big, m, 8);
	expect_err("65536 bytes", sendto(s, big, 65536, 0, (struct sockaddr *)&lo1, sizeof lo1), errno, EMSGSIZE);
	expect_err("MSG_OOB", sendto(s, m, len, MSG_OOB, (struct sockaddr *)&lo1, sizeof lo1), errno, EOPNOTSUPP);
	int port = local_port(s);
	say("a port picked: %s\n", port ? "yes" : "no");
	struct pollfd pfd = {.fd = s, .events = POLLIN | POLLOUT};
	poll(&pfd, 1, 0);
	say("poll before a reply: %#x\n", pfd.revents);
	show_ret("echo request", sendto(s, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1), errno);
	poll(&pfd, 1, -1);
	say("poll with a reply: %#x\n", pfd.revents);
	int avail = -1;
	expect_err("FIONREAD on a ping socket", ioctl(s, FIONREAD, &avail), errno, ENOTTY);
	show_reply("reply", s, port, 0);
	expect_err("MSG_ERRQUEUE", recv(s, m, sizeof m, MSG_ERRQUEUE | MSG_DONTWAIT), errno, EAGAIN);
	expect_err("nothing left", recv(s, m, sizeof m, MSG_DONTWAIT), errno, EAGAIN);
	expect_err("recv MSG_OOB", recv(s, m, sizeof m, MSG_OOB), errno, EOPNOTSUPP);
	/* a short read: MSG_TRUNC */
	sendto(s, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1);
	char small[4];
	struct iovec iov = {small, sizeof small};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	long n = recvmsg(s, &mh, 0);
	say("4-byte read: %ld, MSG_TRUNC %d\n", n, !!(mh.msg_flags & MSG_TRUNC));
	/* bind: the identifier is the port */
	int b = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	struct sockaddr_in at = sin_of("127.0.0.1", 4321);
	show_ret("bind 127.0.0.1 id 4321", bind(b, (struct sockaddr *)&at, sizeof at), errno);
	expect_err("bind again", bind(b, (struct sockaddr *)&at, sizeof at), errno, EINVAL);
	int reuse = 0;
	socklen_t rl = sizeof reuse;
	getsockopt(b, SOL_SOCKET, SO_REUSEADDR, &reuse, &rl);
	say("SO_REUSEADDR of a ping socket: %d\n", reuse);
	int b2 = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	show_ret("bind the same id (SO_REUSEADDR)", bind(b2, (struct sockaddr *)&at, sizeof at), errno);
	close(b2);
	b2 = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	struct sockaddr_in far = sin_of("10.0.0.1", 1);
	expect_err("bind 10.0.0.1", bind(b2, (struct sockaddr *)&far, sizeof far), errno, EADDRNOTAVAIL);
	say("port of the bound socket: %d\n", local_port(b));
	sendto(b, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1);
	show_reply("reply to the bound socket", b, 4321, 0);
	/* connect: send without an address */
	struct sockaddr_in lo2 = sin_of("127.0.0.2", 99);
	show_ret("connect 127.0.0.2", connect(b2, (struct sockaddr *)&lo2, sizeof lo2), errno);
	struct sockaddr_in peer = {0};
	socklen_t pl = sizeof peer;
	getpeername(b2, (struct sockaddr *)&peer, &pl);
	say("peer %s port %d\n", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
	len = make_echo(m, ICMP_ECHO, 0, 0, 9, "connected", 0);
	show_ret("send", send(b2, m, len, 0), errno);
	show_reply("reply to the connected socket", b2, local_port(b2), 0);
	close(s);
	close(b);
	close(b2);
}

/* One packet from a raw IPv4 socket: its IP header's fields and the ICMP message's. */
static void show_raw(const char *label, int fd, int want_id)
{
	unsigned char buf[256];
	struct sockaddr_in from = {0};
	socklen_t flen = sizeof from;
	long n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	struct iphdr ip;
	memcpy(&ip, buf, sizeof ip);
	int hl = ip.ihl * 4;
	char s[16], d[16];
	inet_ntop(AF_INET, &ip.saddr, s, sizeof s);
	inet_ntop(AF_INET, &ip.daddr, d, sizeof d);
	say("%s: %ld bytes; IP version %d ihl %d tos %d tot_len %d frag_off %#x ttl %d proto %d %s -> %s, header "
	    "checksum %s; ICMP type %d code %d id %s seq %d checksum %s; from %s port %d\n",
	    label, n, ip.version, ip.ihl, ip.tos, ntohs(ip.tot_len), ntohs(ip.frag_off), ip.ttl, ip.protocol, s, d,
	    csum(buf, (size_t)hl, 0) == 0 ? "good" : "bad", buf[hl], buf[hl + 1],
	    id_of(buf + hl) == want_id ? "ours" : "other", buf[hl + 6] << 8 | buf[hl + 7],
	    csum(buf + hl, (size_t)(n - hl), 0) == 0 ? "good" : "bad", inet_ntoa(from.sin_addr), ntohs(from.sin_port));
}

static void raw4_checks(void)
{
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	show_ret("raw ICMP socket", r >= 0 ? 0 : -1, errno);
	say("raw socket's port: %d\n", local_port(r));
	unsigned char m[128];
	struct sockaddr_in lo1 = sin_of("127.0.0.1", 0);
	size_t len = make_echo(m, ICMP_ECHO, 0, 0xbeef, 1, "raw", 0);
	show_ret("raw echo request", sendto(r, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1), errno);
	show_raw("first", r, 0xbeef);
	show_raw("second", r, 0xbeef);
	expect_err("raw send without an address", send(r, m, len, 0), errno, EDESTADDRREQ);
	sendto(r, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1);
	int avail = -1;
	show_ret("raw FIONREAD", ioctl(r, FIONREAD, &avail), errno);
	say("  %d\n", avail);
	show_raw("third", r, 0xbeef);
	show_raw("fourth", r, 0xbeef);
	unsigned filter = 1u << ICMP_ECHO, got = 0;
	show_ret("ICMP_FILTER", setsockopt(r, SOL_RAW, ICMP_FILTER, &filter, sizeof filter), errno);
	socklen_t gl = sizeof got;
	getsockopt(r, SOL_RAW, ICMP_FILTER, &got, &gl);
	say("ICMP_FILTER read back %#x (%u bytes)\n", got, (unsigned)gl);
	/* a request whose checksum is wrong is not answered: the next reply is the good one's */
	len = make_echo(m, ICMP_ECHO, 0, 0xbad, 2, "raw", 0);
	m[3] ^= 1;
	sendto(r, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1);
	len = make_echo(m, ICMP_ECHO, 0, 0xbeef, 3, "raw", 0);
	sendto(r, m, len, 0, (struct sockaddr *)&lo1, sizeof lo1);
	show_raw("filtered", r, 0xbeef);
	expect_err("nothing more", recv(r, m, sizeof m, MSG_DONTWAIT), errno, EAGAIN);
	close(r);
}

static void v6_checks(void)
{
	int s = socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6);
	show_ret("ping6 socket", s >= 0 ? 0 : -1, errno);
	unsigned char m[128];
	struct sockaddr_in6 one = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	size_t len = make_echo(m, ICMP6_ECHO_REQUEST, 0, 0x4242, 5, "hello ping6", 1);
	expect_err("ping6: an address of 24 bytes", sendto(s, m, len, 0, (struct sockaddr *)&one, 24), errno, EINVAL);
	struct sockaddr_in6 mapped = one;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
	expect_err("ping6: a v4-mapped address", sendto(s, m, len, 0, (struct sockaddr *)&mapped, sizeof mapped), errno,
		   EINVAL);
	unsigned char v4echo[16];
	make_echo(v4echo, ICMP_ECHO, 0, 1, 1, "", 1);
	expect_err("ping6: an IPv4 echo type", sendto(s, v4echo, 8, 0, (struct sockaddr *)&one, sizeof one), errno,
		   EINVAL);
	int on = 1;
	show_ret("IPV6_RECVHOPLIMIT", setsockopt(s, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on), errno);
	show_ret("ping6 echo request", sendto(s, m, len, 0, (struct sockaddr *)&one, sizeof one), errno);
	unsigned char buf[128], control[64];
	struct sockaddr_in6 from = {0};
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_name = &from,
			    .msg_namelen = sizeof from,
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = control,
			    .msg_controllen = sizeof control};
	long n = recvmsg(s, &mh, 0);
	say("ping6 reply: %ld bytes, type %d, id %s, checksum %s, namelen %u port %d scope %u, controllen %zu\n", n,
	    buf[0], id_of(buf) == local_port(s) ? "ours" : "other",
	    csum(buf, (size_t)n, pseudo6((size_t)n)) == 0 ? "good" : "bad", (unsigned)mh.msg_namelen,
	    ntohs(from.sin6_port), from.sin6_scope_id, (size_t)mh.msg_controllen);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		int v;
		memcpy(&v, CMSG_DATA(c), sizeof v);
		say("  cmsg level %d type %d len %zu value %d\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len, v);
	}
	close(s);

	int r = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	show_ret("raw ICMPv6 socket", r >= 0 ? 0 : -1, errno);
	say("raw ICMPv6 socket's port: %d\n", local_port(r));
	int v = -5;
	socklen_t vl = sizeof v;
	show_ret("IPV6_CHECKSUM at SOL_RAW", getsockopt(r, SOL_RAW, IPV6_CHECKSUM, &v, &vl), errno);
	say("  offset %d\n", v);
	v = 2;
	expect_err("IPV6_CHECKSUM at IPPROTO_IPV6", setsockopt(r, IPPROTO_IPV6, IPV6_CHECKSUM, &v, sizeof v), errno,
		   EINVAL);
	v = 3;
	expect_err("IPV6_CHECKSUM odd", setsockopt(r, SOL_RAW, IPV6_CHECKSUM, &v, sizeof v), errno, EINVAL);
	len = make_echo(m, ICMP6_ECHO_REQUEST, 0, 0x6666, 1, "raw6", 1);
	show_ret("raw6 echo request", sendto(r, m, len, 0, (struct sockaddr *)&one, sizeof one), errno);
	show_reply("raw6 first", r, 0x6666, 1);
	show_reply("raw6 second", r, 0x6666, 1);
	struct icmp6_filter f;
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
	show_ret("ICMP6_FILTER", setsockopt(r, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof f), errno);
	show_ret("IPV6_2292HOPLIMIT", setsockopt(r, IPPROTO_IPV6, IPV6_2292HOPLIMIT, &on, sizeof on), errno);
	len = make_echo(m, ICMP6_ECHO_REQUEST, 0, 0x6666, 2, "raw6", 1);
	sendto(r, m, len, 0, (struct sockaddr *)&one, sizeof one);
	mh.msg_namelen = sizeof from;
	mh.msg_controllen = sizeof control;
	n = recvmsg(r, &mh, 0);
	say("raw6 filtered: %ld bytes, type %d seq %d, controllen %zu\n", n, buf[0], buf[7], (size_t)mh.msg_controllen);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		int hv;
		memcpy(&hv, CMSG_DATA(c), sizeof hv);
		say("  cmsg level %d type %d len %zu value %d\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len, hv);
	}
	expect_err("nothing more", recv(r, m, sizeof m, MSG_DONTWAIT), errno, EAGAIN);
	close(r);
}

/* /proc/net/snmp's Icmp values (the second Icmp line). */
static int icmp_counters(long out[29])
{
	char buf[8192];
	slurp_file("/proc/net/snmp", buf, sizeof buf);
	char *line = strstr(buf, "\nIcmp: ");
	line = line ? strstr(line + 1, "\nIcmp: ") : NULL;
	if (!line)
		return -1;
	char *p = line + 7;
	for (int i = 0; i < 29; i++)
		out[i] = strtol(p, &p, 10);
	return 0;
}

int main(void)
{
	long before[29], after[29];
	static const char *names[29] = {
		"InMsgs",	 "InErrors",	       "InCsumErrors",	   "InDestUnreachs",  "InTimeExcds",
		"InParmProbs",	 "InSrcQuenchs",       "InRedirects",	   "InEchos",	      "InEchoReps",
		"InTimestamps",	 "InTimestampReps",    "InAddrMasks",	   "InAddrMaskReps",  "OutMsgs",
		"OutErrors",	 "OutRateLimitGlobal", "OutRateLimitHost", "OutDestUnreachs", "OutTimeExcds",
		"OutParmProbs",	 "OutSrcQuenchs",      "OutRedirects",	   "OutEchos",	      "OutEchoReps",
		"OutTimestamps", "OutTimestampReps",   "OutAddrMasks",	   "OutAddrMaskReps"};
	int have = icmp_counters(before) == 0;
	group_checks();
	ping4_checks();
	raw4_checks();
	v6_checks();
	show_ret("write \"1 0\" back", write_sysctl(RANGE, "1 0"), errno);
	if (have && icmp_counters(after) == 0) {
		say("Icmp counters that moved:");
		for (int i = 0; i < 29; i++) {
			if (after[i] != before[i])
				say(" %s+%ld", names[i], after[i] - before[i]);
		}
		say("\n");
	}
	/* back to the boot value: the next program in the same boot (the musl
	 * build of this one) starts from "1 0" too */
	if (write_sysctl(RANGE, "1 0") != 0)
		say("restoring ping_group_range failed: errno %d\n", errno);
	done();
	return 0;
}
