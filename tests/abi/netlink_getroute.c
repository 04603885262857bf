/*
 * netlink_getroute.c — NETLINK_ROUTE's RTM_GETROUTE dump (rtnetlink(7);
 * Linux net/ipv4/fib_frontend.c inet_dump_fib and fib_dump_info,
 * net/ipv6/route.c inet6_dump_fib and rt6_fill_node) with lo up:
 * each datagram's messages, the struct rtmsg fields (family, prefix
 * lengths, table, protocol, scope, type, flags) and every attribute's type
 * and value, for AF_INET, AF_INET6 and AF_UNSPEC, then NLMSG_DONE;
 * RTM_GETLINK's AF_INET6 dump (addrconf's inet6_dump_ifinfo: the header
 * and the attributes ip reads); the txqueuelen ioctl (SIOCGIFTXQLEN)
 * BusyBox's ip asks; route lookups (`ip route get`: inet_rtm_getroute,
 * rt_fill_info) of local, broadcast, wildcard and foreign addresses, with
 * and without a source or a device; the same dump and lookups with lo
 * down, which keeps its local IPv4 routes. musl has no
 * <linux/rtnetlink.h>: the structures are netlink_test.h's.
 */
#define _GNU_SOURCE
#include "inet_test.h"
#include "netlink_test.h"

#define RTM_GETROUTE 26
#define RTM_GETLINK 18
#define NLMSG_DONE 3
#define NLMSG_ERROR 2
#define ALIGN4(n) (((n) + 3u) & ~3u)

static unsigned char buf[65536];

static int only_link_basics; /* show IFLA_ADDRESS, IFNAME, MTU and OPERSTATE only */
static int mask_cacheinfo;   /* a lookup's RTA_CACHEINFO holds use counts and times */

static void show_attrs(const unsigned char *p, unsigned n)
{
	while (n >= sizeof(struct rt_attr)) {
		struct rt_attr a;
		memcpy(&a, p, sizeof a);
		if (a.len < sizeof a || a.len > n)
			break;
		if (mask_cacheinfo && a.type == 12) {
			say("    attr %u len %u (not shown)\n", a.type, a.len);
		} else if (!only_link_basics || a.type == 1 || a.type == 3 || a.type == 4 || a.type == 16) {
			say("    attr %u len %u:", a.type, a.len);
			for (unsigned i = sizeof a; i < a.len; i++)
				say(" %02x", p[i]);
			say("\n");
		}
		unsigned step = ALIGN4(a.len);
		if (step >= n)
			break;
		p += step;
		n -= step;
	}
}

static void dump_type(int fd, int type, int family, unsigned seq)
{
	struct {
		struct nl_hdr h;
		struct rt_msg r;
	} req = {{sizeof req, (unsigned short)type, 1 | 0x300, seq, 0}, {.family = (unsigned char)family}};
	if (send(fd, &req, sizeof req, 0) < 0) {
		say("send: %s\n", errname(errno));
		return;
	}
	say("type %d dump, family %d:\n", type, family);
	for (int done = 0; !done;) {
		long n = recv(fd, buf, sizeof buf, 0);
		if (n < 0) {
			say("recv: %s\n", errname(errno));
			return;
		}
		if (only_link_basics) /* its length counts what is left out */
			say("  datagram\n");
		else
			say("  datagram of %ld bytes\n", n);
		for (unsigned off = 0; off + sizeof(struct nl_hdr) <= (unsigned)n;) {
			struct nl_hdr h;
			memcpy(&h, buf + off, sizeof h);
			if (h.len < sizeof h || off + h.len > (unsigned)n)
				break;
			say("  msg type %u flags %#x len %u seq ok %d\n", h.type, h.flags, only_link_basics ? 0 : h.len,
			    h.seq == seq);
			if (h.type == NLMSG_DONE || h.type == NLMSG_ERROR) {
				int v;
				memcpy(&v, buf + off + sizeof h, sizeof v);
				say("    value %d\n", v);
				done = 1;
			} else if (type == RTM_GETLINK && h.len >= sizeof h + 16) {
				unsigned char *b = buf + off + sizeof h;
				say("    ifinfomsg family %u type %u index %d flags %#x\n", b[0], b[2] | b[3] << 8,
				    b[4] | b[5] << 8, b[8] | b[9] << 8 | b[10] << 16);
				show_attrs(b + 16, h.len - (unsigned)sizeof h - 16);
			} else if (h.len >= sizeof h + sizeof(struct rt_msg)) {
				struct rt_msg r;
				memcpy(&r, buf + off + sizeof h, sizeof r);
				say("    family %u dst_len %u src_len %u tos %u table %u protocol %u scope %u type %u "
				    "flags %#x\n",
				    r.family, r.dst_len, r.src_len, r.tos, r.table, r.protocol, r.scope, r.type,
				    r.flags);
				show_attrs(buf + off + sizeof h + sizeof r, h.len - (unsigned)(sizeof h + sizeof r));
			}
			off += ALIGN4(h.len);
		}
	}
}

static void dump(int fd, int family, unsigned seq)
{
	dump_type(fd, RTM_GETROUTE, family, seq);
}

/* The one reply to a route lookup, an RTM_NEWROUTE or an NLMSG_ERROR. */
static void show_reply(int fd, unsigned seq)
{
	long n = recv(fd, buf, sizeof buf, 0);
	struct nl_hdr h;
	memcpy(&h, buf, sizeof h);
	say("  %ld bytes, msg type %u flags %#x seq ok %d\n", n, h.type, h.flags, h.seq == seq);
	if (h.type == NLMSG_ERROR) {
		int v;
		memcpy(&v, buf + sizeof h, sizeof v);
		say("    error %s\n", errname(-v));
		return;
	}
	struct rt_msg r;
	memcpy(&r, buf + sizeof h, sizeof r);
	say("    family %u dst_len %u src_len %u tos %u table %u protocol %u scope %u type %u flags %#x\n", r.family,
	    r.dst_len, r.src_len, r.tos, r.table, r.protocol, r.scope, r.type, r.flags);
	mask_cacheinfo = 1;
	show_attrs(buf + sizeof h + sizeof r, h.len - (unsigned)(sizeof h + sizeof r));
	mask_cacheinfo = 0;
}

/* `ip -6 route get DST`. */
static void route_get6(int fd, const char *dst, unsigned seq)
{
	struct {
		struct nl_hdr h;
		struct rt_msg r;
		struct rt_attr a;
		unsigned char addr[16];
	} req;
	memset(&req, 0, sizeof req);
	req.h = (struct nl_hdr){sizeof req, RTM_GETROUTE, 1 /* NLM_F_REQUEST */, seq, 0};
	req.r.family = AF_INET6;
	req.a = (struct rt_attr){sizeof req.a + sizeof req.addr, 1 /* RTA_DST */};
	inet_pton(AF_INET6, dst, req.addr);
	send(fd, &req, sizeof req, 0);
	say("route get %s:\n", dst);
	show_reply(fd, seq);
}

/* RTM_GETROUTE without NLM_F_DUMP (`ip route get DST [from SRC] [oif N]`). */
static void route_get(int fd, const char *dst, const char *src, int oif, unsigned seq)
{
	struct {
		struct nl_hdr h;
		struct rt_msg r;
		struct rt_attr a[3];
		unsigned v[3];
	} req;
	memset(&req, 0, sizeof req);
	unsigned char *p = (unsigned char *)&req.a[0];
	unsigned len = sizeof req.h + sizeof req.r;
	const char *ips[2] = {dst, src};
	for (int i = 0; i < 3; i++) {
		struct rt_attr a = {8, (unsigned short)(i == 0 ? 1 : i == 1 ? 2 : 4)}; /* RTA_DST, RTA_SRC, RTA_OIF */
		unsigned v = (unsigned)oif;
		if (i < 2 && !ips[i])
			continue;
		if (i < 2)
			inet_pton(AF_INET, ips[i], &v);
		else if (!oif)
			continue;
		memcpy(p, &a, sizeof a);
		memcpy(p + sizeof a, &v, sizeof v);
		p += 8;
		len += 8;
	}
	req.h = (struct nl_hdr){len, RTM_GETROUTE, 1 /* NLM_F_REQUEST */, seq, 0};
	req.r.family = AF_INET;
	send(fd, &req, len, 0);
	say("route get %s%s%s%s:\n", dst ? dst : "(no RTA_DST)", src ? " from " : "", src ? src : "",
	    oif ? " oif given" : "");
	show_reply(fd, seq);
}

static void lookups(int fd)
{
	route_get(fd, "127.0.0.1", NULL, 0, 20);
	route_get(fd, "127.1.2.3", NULL, 0, 21);
	route_get(fd, "127.255.255.255", NULL, 0, 22);
	route_get(fd, "127.0.0.7", "127.0.0.5", 0, 23);
	route_get(fd, NULL, NULL, 0, 24);
	route_get(fd, "0.0.0.0", "127.0.0.9", 0, 25);
	route_get(fd, "10.1.2.3", NULL, 0, 26);
	route_get(fd, "127.0.0.1", "10.1.2.3", 0, 27);
	route_get(fd, "127.0.0.1", NULL, 1, 28);
	route_get(fd, "127.0.0.1", NULL, 99, 29);
	route_get6(fd, "::1", 40);
	route_get6(fd, "::", 41);
	route_get6(fd, "::2", 42);
	route_get6(fd, "2001:db8::1", 43);
}

int main(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW, 0);
	lo_up(); /* (down, it has no routes; but tests before may have left it up: not shown) */
	dump(fd, AF_INET, 3);
	dump(fd, AF_INET6, 4);
	dump(fd, AF_UNSPEC, 5);
	/* addrconf's link dump: the attributes BusyBox's ip reads (name, address,
	 * MTU, operational state); IFLA_PROTINFO's IPv6 settings are not shown */
	only_link_basics = 1;
	dump_type(fd, RTM_GETLINK, AF_INET6, 6);
	only_link_basics = 0;
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	show_ret("SIOCGIFTXQLEN", ioctl(fd, SIOCGIFTXQLEN, &ifr), errno);
	say("  qlen %d\n", ifr.ifr_qlen);
	strcpy(ifr.ifr_name, "eth9");
	expect_err("SIOCGIFTXQLEN eth9", ioctl(fd, SIOCGIFTXQLEN, &ifr), errno, ENODEV);

	/* route lookups; then lo down: its local routes stay (not the broadcast
	 * one, nor ::1's), and so do their lookups */
	lookups(fd);
	lo_set(0);
	say("lo down:\n");
	dump(fd, AF_UNSPEC, 30);
	lookups(fd);
	lo_set(1);
	say("lo up again:\n");
	dump(fd, AF_INET, 31);
	done();
	return 0;
}
