/*
 * netlink_route.c — AF_NETLINK, NETLINK_ROUTE as a program speaking the
 * protocol itself sees it (netlink(7), rtnetlink(7); Linux
 * net/netlink/af_netlink.c, net/core/rtnetlink.c): socket's type and
 * protocol checks, bind/getsockname and the port id (the process's id for
 * the first socket), RTM_GETLINK and RTM_GETADDR dumps (the messages each
 * recv returns, their flags, sequence numbers and port ids, the fields and
 * attributes glibc and musl read, NLMSG_DONE), a RTM_GETLINK for one index,
 * NLMSG_ERROR for unknown requests and acks (NLM_F_ACK, NLM_F_CAPPED), a
 * truncated read, a message from one netlink socket to another, poll.
 * The structures are netlink_test.h's (musl has no <linux/netlink.h>).
 */
#define _GNU_SOURCE
#include <poll.h>

#include "inet_test.h"
#include "netlink_test.h"

enum {
	NLM_F_REQUEST = 1,
	NLM_F_MULTI = 2,
	NLM_F_ACK = 4,
	NLM_F_DUMP = 0x300,
	NLMSG_NOOP = 1,
	NLMSG_ERROR = 2,
	NLMSG_DONE = 3,
	RTM_NEWLINK = 16,
	RTM_GETLINK = 18,
	RTM_NEWADDR = 20,
	RTM_GETADDR = 22,
	IFLA_ADDRESS = 1,
	IFLA_BROADCAST = 2,
	IFLA_IFNAME = 3,
	IFLA_MTU = 4,
	IFLA_STATS = 7,
	IFLA_TXQLEN = 13,
	IFLA_OPERSTATE = 16,
	IFLA_QDISC = 6,
	IFA_ADDRESS = 1,
	IFA_LOCAL = 2,
	IFA_LABEL = 3,
	IFA_CACHEINFO = 6,
	IFA_FLAGS = 8,
};

#define ALIGN4(n) (((n) + 3u) & ~3u)

static unsigned my_pid;
static unsigned char buf[65536];

/* Sends one request: header, then len bytes of body. */
static long request(int fd, unsigned short type, unsigned short flags, unsigned seq, const void *body, unsigned len)
{
	unsigned char msg[256] = {0};
	struct nl_hdr *h = (struct nl_hdr *)msg;
	h->len = sizeof(*h) + len;
	h->type = type;
	h->flags = flags;
	h->seq = seq;
	memcpy(msg + sizeof(*h), body, len);
	struct nl_addr kernel = {.family = AF_NETLINK};
	return sendto(fd, msg, ALIGN4(h->len), 0, (struct sockaddr *)&kernel, sizeof kernel);
}

static void show_attr_link(const struct rt_attr *a)
{
	const unsigned char *d = (const unsigned char *)(a + 1);
	unsigned n = a->len - sizeof(*a);
	unsigned v;
	switch (a->type) {
	case IFLA_IFNAME: say("    IFLA_IFNAME %.*s\n", (int)n, d); break;
	case IFLA_QDISC: say("    IFLA_QDISC %.*s\n", (int)n, d); break;
	case IFLA_MTU:
		memcpy(&v, d, 4);
		say("    IFLA_MTU %u\n", v);
		break;
	case IFLA_TXQLEN:
		memcpy(&v, d, 4);
		say("    IFLA_TXQLEN %u\n", v);
		break;
	case IFLA_OPERSTATE: say("    IFLA_OPERSTATE %u\n", d[0]); break;
	case IFLA_ADDRESS: say("    IFLA_ADDRESS len %u\n", n); break;
	case IFLA_BROADCAST: say("    IFLA_BROADCAST len %u\n", n); break;
	case IFLA_STATS: say("    IFLA_STATS len %u\n", n); break;
	default: break;
	}
}

static void show_attr_addr(const struct rt_attr *a, int family)
{
	const unsigned char *d = (const unsigned char *)(a + 1);
	unsigned n = a->len - sizeof(*a);
	char text[INET6_ADDRSTRLEN] = "?";
	unsigned v[2];
	switch (a->type) {
	case IFA_ADDRESS:
	case IFA_LOCAL:
		inet_ntop(family, d, text, sizeof text);
		say("    %s %s (len %u)\n", a->type == IFA_LOCAL ? "IFA_LOCAL" : "IFA_ADDRESS", text, n);
		break;
	case IFA_LABEL: say("    IFA_LABEL %.*s\n", (int)n, d); break;
	case IFA_FLAGS:
		memcpy(v, d, 4);
		say("    IFA_FLAGS %#x\n", v[0]);
		break;
	case IFA_CACHEINFO:
		memcpy(v, d, 8);
		say("    IFA_CACHEINFO len %u prefered %#x valid %#x\n", n, v[0], v[1]);
		break;
	default: break;
	}
}

static void show_attrs(const unsigned char *p, unsigned len, int addr_family)
{
	while (len >= sizeof(struct rt_attr)) {
		const struct rt_attr *a = (const struct rt_attr *)p;
		if (a->len < sizeof(*a) || a->len > len)
			break;
		if (addr_family)
			show_attr_addr(a, addr_family);
		else
			show_attr_link(a);
		unsigned step = ALIGN4(a->len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
}

static void show_message(const struct nl_hdr *h)
{
	const unsigned char *body = (const unsigned char *)(h + 1);
	say("  type %u flags %#x seq %u pid %s", h->type, h->flags, h->seq, h->pid == my_pid ? "mine" : "other");
	if (h->type == NLMSG_DONE || h->type == NLMSG_ERROR) {
		int e;
		memcpy(&e, body, sizeof e);
		say(" len %u value %d", h->len, e);
		if (h->type == NLMSG_ERROR && h->len >= 36) {
			const struct nl_hdr *orig = (const struct nl_hdr *)(body + 4);
			say(" (request len %u type %u seq %u)", orig->len, orig->type, orig->seq);
		}
		say("\n");
	} else if (h->type == RTM_NEWLINK) {
		const struct if_info *i = (const struct if_info *)body;
		say(" NEWLINK family %u type %u index %d flags %#x change %#x\n", i->family, i->type, i->index,
		    i->flags, i->change);
		show_attrs(body + sizeof(*i), h->len - sizeof(*h) - sizeof(*i), 0);
	} else if (h->type == RTM_NEWADDR) {
		const struct ifa_msg *i = (const struct ifa_msg *)body;
		say(" NEWADDR family %u prefixlen %u flags %#x scope %u index %u\n", i->family, i->prefixlen, i->flags,
		    i->scope, i->index);
		show_attrs(body + sizeof(*i), h->len - sizeof(*h) - sizeof(*i), i->family);
	} else {
		say(" len %u\n", h->len);
	}
}

/* Reads and shows what is queued (MSG_DONTWAIT) until NLMSG_DONE, an
 * error or nothing more; each recv's messages together. */
static void drain(int fd, const char *what)
{
	for (int round = 0; round < 8; round++) {
		struct nl_addr from = {0};
		struct iovec iov = {buf, sizeof buf};
		struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			say("%s recv %d: %s\n", what, round, errname(errno));
			return;
		}
		say("%s recv %d: from family %u pid %u groups %u namelen %u msg_flags %#x\n", what, round, from.family,
		    from.pid, from.groups, mh.msg_namelen, mh.msg_flags);
		int last = 0;
		for (unsigned off = 0; off + sizeof(struct nl_hdr) <= (size_t)n;) {
			const struct nl_hdr *h = (const struct nl_hdr *)(buf + off);
			if (h->len < sizeof(*h) || off + h->len > (size_t)n)
				break;
			show_message(h);
			if (h->type == NLMSG_DONE || h->type == NLMSG_ERROR)
				last = 1;
			off += ALIGN4(h->len);
		}
		if (last)
			return;
	}
}

static void socket_checks(void)
{
	expect_err("SOCK_STREAM", socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE), errno, ESOCKTNOSUPPORT);
	expect_err("SOCK_SEQPACKET", socket(AF_NETLINK, SOCK_SEQPACKET, NETLINK_ROUTE), errno, ESOCKTNOSUPPORT);
	expect_err("protocol 32", socket(AF_NETLINK, SOCK_RAW, 32), errno, EPROTONOSUPPORT);
	expect_err("protocol -1", socket(AF_NETLINK, SOCK_RAW, -1), errno, EPROTONOSUPPORT);
	expect_err("protocol 3 (gone)", socket(AF_NETLINK, SOCK_RAW, 3), errno, EPROTONOSUPPORT);
	int d = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
	say("SOCK_DGRAM: %s\n", d >= 0 ? "ok" : errname(errno));
	int v = -1;
	socklen_t vl = sizeof v;
	getsockopt(d, SOL_SOCKET, SO_TYPE, &v, &vl);
	say("SO_TYPE %d", v);
	getsockopt(d, SOL_SOCKET, SO_DOMAIN, &v, &vl);
	say(" SO_DOMAIN %d", v);
	getsockopt(d, SOL_SOCKET, SO_PROTOCOL, &v, &vl);
	say(" SO_PROTOCOL %d\n", v);
	close(d);
}

/* getsockname's family, port id (as "getpid", "0" or "other") and groups. */
static void show_name(const char *what, int fd)
{
	struct nl_addr a;
	memset(&a, 0x55, sizeof a);
	socklen_t len = sizeof a + 4;
	int r = getsockname(fd, (struct sockaddr *)&a, &len);
	say("%s: ret %d len %u family %u pad %u pid %s groups %u\n", what, r, len, a.family, a.pad,
	    a.pid == (unsigned)getpid() ? "getpid"
	    : a.pid == 0		? "0"
	    : (int)a.pid <= -4097	? "negative"
					: "other",
	    a.groups);
}

static void bind_checks(int fd, int other)
{
	show_name("before bind", fd);
	struct nl_addr a = {.family = AF_NETLINK};
	expect_err("bind short", bind(fd, (struct sockaddr *)&a, 8), errno, EINVAL);
	struct nl_addr wrong = {.family = AF_INET};
	expect_err("bind AF_INET", bind(fd, (struct sockaddr *)&wrong, sizeof wrong), errno, EINVAL);
	show_ret("bind pid 0", bind(fd, (struct sockaddr *)&a, sizeof a), errno);
	show_name("after bind", fd);
	struct nl_addr again = {.family = AF_NETLINK, .pid = 12345};
	expect_err("rebind other pid", bind(fd, (struct sockaddr *)&again, sizeof again), errno, EINVAL);
	again.pid = getpid();
	show_ret("rebind same pid", bind(fd, (struct sockaddr *)&again, sizeof again), errno);
	expect_err("bind taken pid", bind(other, (struct sockaddr *)&again, sizeof again), errno, EADDRINUSE);
	show_name("other before send", other);
	struct nl_addr mine = {.family = AF_NETLINK, .pid = getpid()};
	show_ret("other sends to first", sendto(other, "hello", 5, 0, (struct sockaddr *)&mine, sizeof mine), errno);
	show_name("other after send", other);
	struct nl_addr from = {0};
	socklen_t fl = sizeof from;
	char text[16] = {0};
	ssize_t n = recvfrom(fd, text, sizeof text, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
	struct nl_addr oa = {0};
	socklen_t ol = sizeof oa;
	getsockname(other, (struct sockaddr *)&oa, &ol);
	say("first got %zd '%s' from family %u pid %s\n", n, n > 0 ? text : "", from.family,
	    from.pid == oa.pid ? "other's" : "?");
	struct nl_addr nobody = {.family = AF_NETLINK, .pid = 0x7654321};
	expect_err("send to nobody", sendto(other, "x", 1, 0, (struct sockaddr *)&nobody, sizeof nobody), errno,
		   ECONNREFUSED);
	expect_err("empty queue", recv(fd, buf, sizeof buf, MSG_DONTWAIT), errno, EAGAIN);
}

int main(void)
{
	my_pid = getpid();
	socket_checks();
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int other = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	bind_checks(fd, other);
	close(other);
	show_ret("lo up", lo_up(), errno);

	unsigned char packet = AF_PACKET, unspec = AF_UNSPEC, inet = AF_INET, inet6 = AF_INET6;
	struct pollfd p = {fd, POLLIN, 0};
	say("poll before: %d\n", poll(&p, 1, 0));
	show_ret("GETLINK dump", request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 100, &packet, 1), errno);
	say("poll after: %d revents %#x\n", poll(&p, 1, 0), p.revents);
	drain(fd, "getlink");
	show_ret("GETADDR dump", request(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 101, &unspec, 1), errno);
	drain(fd, "getaddr");
	request(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 102, &inet, 1);
	drain(fd, "getaddr inet");
	request(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 103, &inet6, 1);
	drain(fd, "getaddr inet6");

	struct if_info want = {.index = 1};
	request(fd, RTM_GETLINK, NLM_F_REQUEST, 104, &want, sizeof want);
	drain(fd, "getlink 1");
	request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 105, &want, sizeof want);
	drain(fd, "getlink 1 ack");
	drain(fd, "getlink 1 ack (2)");
	want.index = 99;
	request(fd, RTM_GETLINK, NLM_F_REQUEST, 106, &want, sizeof want);
	drain(fd, "getlink 99");
	request(fd, 0x7ff, NLM_F_REQUEST, 107, &want, sizeof want);
	drain(fd, "type 0x7ff");
	request(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 108, NULL, 0);
	drain(fd, "noop ack");
	request(fd, RTM_GETLINK, NLM_F_DUMP, 109, &packet, 1);
	drain(fd, "no NLM_F_REQUEST");
	request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, 110, NULL, 0);
	drain(fd, "dump without body");

	/* Two requests in one datagram: an ack for each. */
	unsigned char two[32] = {0};
	struct nl_hdr *h1 = (struct nl_hdr *)two, *h2 = (struct nl_hdr *)(two + 16);
	*h1 = (struct nl_hdr){16, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 111, 0};
	*h2 = (struct nl_hdr){16, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 112, 0};
	show_ret("send two", send(fd, two, sizeof two, 0), errno);
	drain(fd, "two (1)");
	drain(fd, "two (2)");
	show_ret("send 8 bytes", send(fd, two, 8, 0), errno);
	drain(fd, "8 bytes");

	/* A read shorter than the datagram: MSG_TRUNC, the rest is gone. */
	request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 113, &packet, 1);
	struct iovec iov = {buf, 32};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	say("short recvmsg: %zd", recvmsg(fd, &mh, MSG_DONTWAIT));
	say(" msg_flags %#x\n", mh.msg_flags);
	drain(fd, "after short");
	request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 114, &packet, 1);
	ssize_t whole = recv(fd, buf, 16, MSG_PEEK | MSG_TRUNC);
	ssize_t real = recv(fd, buf, sizeof buf, 0);
	say("MSG_TRUNC length matches: %s\n", whole == real && real > 16 ? "yes" : "no");
	drain(fd, "after peek");
	close(fd);
	done();
	return 0;
}
