/*
 * rtnetlink.c — NETLINK_ROUTE's kernel side (rtnetlink(7); Linux
 * net/netlink/af_netlink.c netlink_rcv_skb, netlink_ack, netlink_dump;
 * net/core/rtnetlink.c rtnetlink_rcv_msg, rtnl_fill_ifinfo, rtnl_getlink,
 * rtnl_dump_all; net/ipv4/devinet.c inet_fill_ifaddr; net/ipv6/addrconf.c
 * inet6_fill_ifaddr).
 *
 * A datagram sent to port 0 holds messages, each a struct nlmsghdr and a
 * body; they are taken in order (one shorter than a header, or longer than
 * what is left, ends the datagram silently). A message without
 * NLM_F_REQUEST, or of one of netlink's own types (below 0x10), is not a
 * request; a request of a type past RTM_MAX or one nobody answers here is
 * EOPNOTSUPP, a body without its one-byte family ignored, a NEW/DEL/SET
 * without CAP_NET_ADMIN EPERM. A request answered with an error, or with
 * NLM_F_ACK, gets an NLMSG_ERROR (struct nlmsgerr: the error, 0 for an
 * ack, and the request's header — the whole request for an error unless
 * NETLINK_CAP_ACK, else NLM_F_CAPPED); a dump gets none.
 *
 * What is answered (what glibc's and musl's getifaddrs and if_nameindex,
 * and glibc's getaddrinfo AI_ADDRCONFIG, ask):
 *  - RTM_GETLINK with NLM_F_DUMP: an RTM_NEWLINK per device (NLM_F_MULTI),
 *    whatever the family byte says but AF_INET6, whose dump is addrconf's
 *    shorter one (inet6_dump_ifinfo); without: the device with ifi_index,
 *    else the one IFLA_IFNAME names (EINVAL with neither, ENODEV for none).
 *  - RTM_GETADDR with NLM_F_DUMP: an RTM_NEWADDR per address, IPv4's for
 *    AF_INET, IPv6's for AF_INET6, both for any other family
 *    (rtnl_dump_all). Without NLM_F_DUMP: EOPNOTSUPP (Linux 6.1 has no
 *    such request for IPv4; its IPv6 one is not done here).
 *  - RTM_GETROUTE with NLM_F_DUMP: an RTM_NEWROUTE per route, the same way
 *    by family: the local table's routes the kernel made for lo's addresses
 *    (ip route show table all). Without NLM_F_DUMP, a route lookup (`ip
 *    route get`): get_route4 for AF_INET, get_route6 for AF_INET6.
 *  - RTM_NEWLINK and RTM_SETLINK on lo: its flags (up, down); set_link.
 * A dump is cut into datagrams as Linux's is: each family's messages in
 * one, then NLMSG_DONE (an int 0, NLM_F_MULTI) in a datagram of its own;
 * netlink.c queues each as the one before is read, and refuses another
 * dump meanwhile (EBUSY).
 * Every answer carries the request's sequence number and the sender's
 * port id. The attributes are those rtnl_fill_ifinfo and the two fill_ifaddr
 * functions write for a loopback device, in their order, less the ones
 * that describe what is not here (XDP, AF_SPEC, GSO and GRO limits, the
 * carrier counters, the device map, IFA_RT_PRIORITY).
 */
#include "inet.h"
#include "netlink.h"

#include <cred.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>

#define IPTOS_RT_MASK 0x1c /* the TOS bits a route lookup keeps */
#define RTNL_KIND_GET 2	   /* (type - RTM_BASE) & 3: NEW 0, DEL 1, GET 2, SET 3 */
#define DUMP_STARTED 1	   /* rtnl_request: no ack (Linux's -EINTR from netlink_dump_start) */
#define DGRAM_SIZE 4096	   /* a dump's datagram (a page, as NLMSG_GOODSIZE) */

#define LINK_STATS32_WORDS 24 /* struct rtnl_link_stats */
#define LINK_STATS64_WORDS 25 /* struct rtnl_link_stats64 (rx_otherhost_dropped last) */

/* Room for n more bytes (4-aligned, zeroed) at the end of d, or NULL. */
static void *reserve(struct nl_dgram *d, size_t n)
{
	size_t room = NLMSG_ALIGN(n);
	if (d->cap - d->len < room)
		return NULL;
	void *p = d->data + d->len;
	memset(p, 0, room);
	d->len += room;
	return p;
}

/* nlmsg_put: a header and body_len zeroed bytes of body; the body or NULL. */
static void *msg_put(struct nl_dgram *d, u16 type, u16 flags, u32 seq, u32 portid, size_t body_len)
{
	struct nl_msghdr *h = reserve(d, NLMSG_HDRLEN + body_len);
	if (!h)
		return NULL;
	*h = (struct nl_msghdr){
		.len = NLMSG_HDRLEN + (u32)body_len, .type = type, .flags = flags, .seq = seq, .pid = portid};
	return h + 1;
}

/* nlmsg_end: the message at offset start takes everything after it. */
static void msg_end(struct nl_dgram *d, size_t start)
{
	struct nl_msghdr *h = (struct nl_msghdr *)(d->data + start);
	h->len = (u32)(d->len - start);
}

/* nla_put: false when d is full. */
static bool attr(struct nl_dgram *d, u16 type, const void *data, size_t n)
{
	struct rtattr_k *a = reserve(d, sizeof(*a) + n);
	if (!a)
		return false;
	a->len = (u16)(sizeof(*a) + n);
	a->type = type;
	memcpy(a + 1, data, n);
	return true;
}

static bool attr_u32(struct nl_dgram *d, u16 type, u32 v)
{
	return attr(d, type, &v, sizeof(v));
}

static bool attr_u8(struct nl_dgram *d, u16 type, u8 v)
{
	return attr(d, type, &v, sizeof(v));
}

static bool attr_str(struct nl_dgram *d, u16 type, const char *s)
{
	return attr(d, type, s, strlen(s) + 1);
}

/* The link's counters: lo receives every packet it sends. */
static bool link_stats(struct nl_dgram *d, const struct netdev_info *dev)
{
	u64 st64[LINK_STATS64_WORDS] = {[0] = dev->packets, [1] = dev->packets, [2] = dev->bytes, [3] = dev->bytes};
	u32 st32[LINK_STATS32_WORDS] = {
		[0] = (u32)dev->packets, [1] = (u32)dev->packets, [2] = (u32)dev->bytes, [3] = (u32)dev->bytes};
	return attr(d, IFLA_STATS64, st64, sizeof(st64)) && attr(d, IFLA_STATS, st32, sizeof(st32));
}

/* rtnl_fill_ifinfo for a loopback device; false when d is full. */
static bool fill_link(struct nl_dgram *d, const struct netdev_info *dev, u16 flags, u32 seq, u32 portid)
{
	size_t start = d->len;
	struct ifinfomsg_k *ifi = msg_put(d, RTM_NEWLINK, flags, seq, portid, sizeof(*ifi));
	if (!ifi)
		return false;
	bool up = dev->flags & IFF_UP;
	*ifi = (struct ifinfomsg_k){.type = ARPHRD_LOOPBACK, .index = dev->ifindex, .flags = dev->flags};
	static const u8 no_hwaddr[6];
	bool ok = attr_str(d, IFLA_IFNAME, dev->name) && attr_u32(d, IFLA_TXQLEN, NETDEV_TXQLEN) &&
		  attr_u8(d, IFLA_OPERSTATE, up ? IF_OPER_UNKNOWN : IF_OPER_DOWN) && attr_u8(d, IFLA_LINKMODE, 0) &&
		  attr_u32(d, IFLA_MTU, dev->mtu) && attr_u32(d, IFLA_MIN_MTU, 0) && attr_u32(d, IFLA_MAX_MTU, 0) &&
		  attr_u32(d, IFLA_GROUP, 0) && attr_u32(d, IFLA_PROMISCUITY, 0) &&
		  attr_u32(d, IFLA_NUM_TX_QUEUES, 1) && attr_u32(d, IFLA_NUM_RX_QUEUES, 1) &&
		  attr_u8(d, IFLA_CARRIER, 1) && attr_str(d, IFLA_QDISC, dev->activated ? "noqueue" : "noop") &&
		  attr(d, IFLA_ADDRESS, no_hwaddr, sizeof(no_hwaddr)) &&
		  attr(d, IFLA_BROADCAST, no_hwaddr, sizeof(no_hwaddr)) && link_stats(d, dev);
	if (ok)
		msg_end(d, start);
	return ok;
}

/* inet6_fill_ifinfo, what an AF_INET6 RTM_GETLINK dump gives (addrconf
 * registers its own dumpit for it): the name, the hardware address, the
 * MTU and the operational state, family AF_INET6. Not sent: IFLA_PROTINFO,
 * IPv6's per-device configuration and counters. */
static bool fill_link6(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid)
{
	size_t start = d->len;
	struct ifinfomsg_k *ifi = msg_put(d, RTM_NEWLINK, NLM_F_MULTI, seq, portid, sizeof(*ifi));
	if (!ifi)
		return false;
	*ifi = (struct ifinfomsg_k){
		.family = AF_INET6, .type = ARPHRD_LOOPBACK, .index = dev->ifindex, .flags = dev->flags};
	static const u8 no_hwaddr[6];
	bool ok = attr_str(d, IFLA_IFNAME, dev->name) && attr(d, IFLA_ADDRESS, no_hwaddr, sizeof(no_hwaddr)) &&
		  attr_u32(d, IFLA_MTU, dev->mtu) &&
		  attr_u8(d, IFLA_OPERSTATE, (dev->flags & IFF_UP) ? IF_OPER_UNKNOWN : IF_OPER_DOWN);
	if (ok)
		msg_end(d, start);
	return ok;
}

/* IFA_CACHEINFO: forever, created and updated at t (hundredths of a second
 * since boot, cstamp_delta). */
static bool cacheinfo(struct nl_dgram *d, u64 t_ns)
{
	u32 t = (u32)(t_ns / 10000000);
	struct ifa_cacheinfo_k ci = {.prefered = 0xffffffffu, .valid = 0xffffffffu, .cstamp = t, .tstamp = t};
	return attr(d, IFA_CACHEINFO, &ci, sizeof(ci));
}

/* inet_fill_ifaddr: the device's IPv4 address as an RTM_NEWADDR or RTM_DELADDR. */
static bool addr4_msg(struct nl_dgram *d, const struct netdev_info *dev, u16 type, u16 flags, u32 seq, u32 portid)
{
	size_t start = d->len;
	struct ifaddrmsg_k *ifa = msg_put(d, type, flags, seq, portid, sizeof(*ifa));
	if (!ifa)
		return false;
	*ifa = (struct ifaddrmsg_k){.family = AF_INET,
				    .prefixlen = (u8)dev->prefix_len,
				    .flags = IFA_F_PERMANENT,
				    .scope = RT_SCOPE_HOST,
				    .index = (u32)dev->ifindex};
	u32 a = net32(dev->addr);
	bool ok = attr(d, IFA_ADDRESS, &a, sizeof(a)) && attr(d, IFA_LOCAL, &a, sizeof(a)) &&
		  attr_str(d, IFA_LABEL, dev->name) && attr_u32(d, IFA_FLAGS, IFA_F_PERMANENT) &&
		  cacheinfo(d, dev->addr_ns);
	if (ok)
		msg_end(d, start);
	return ok;
}

/* A dump's IPv4 address message, if the device has one. */
static bool fill_addr4(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid)
{
	return !dev->addr || addr4_msg(d, dev, RTM_NEWADDR, NLM_F_MULTI, seq, portid);
}

/* inet6_fill_ifaddr: ::1/128 as an RTM_NEWADDR or RTM_DELADDR. */
static bool addr6_msg(struct nl_dgram *d, const struct netdev_info *dev, u16 type, u16 flags, u32 seq, u32 portid)
{
	size_t start = d->len;
	struct ifaddrmsg_k *ifa = msg_put(d, type, flags, seq, portid, sizeof(*ifa));
	if (!ifa)
		return false;
	*ifa = (struct ifaddrmsg_k){.family = AF_INET6,
				    .prefixlen = 128,
				    .flags = IFA_F_PERMANENT,
				    .scope = RT_SCOPE_HOST,
				    .index = (u32)dev->ifindex};
	struct inet_addr a = inet_addr_loopback6();
	bool ok = attr(d, IFA_ADDRESS, a.b, sizeof(a.b)) && cacheinfo(d, dev->addr6_ns) &&
		  attr_u32(d, IFA_FLAGS, IFA_F_PERMANENT) && attr_u8(d, IFA_PROTO, IFAPROT_KERNEL_LO);
	if (ok)
		msg_end(d, start);
	return ok;
}

/* A dump's IPv6 address message: ::1 while lo is up. */
static bool fill_addr6(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid)
{
	return !dev->has_addr6 || addr6_msg(d, dev, RTM_NEWADDR, NLM_F_MULTI, seq, portid);
}

/* A notification is one message with sequence number and port id 0 and
 * no flags, in a datagram of its own (NLMSG_GOODSIZE; rtnl_notify). */
void rtnl_addr_notify(struct net_ns *net, bool v6, bool added)
{
	struct netdev_info dev;
	if (!netdev_info_at(net, 0, &dev))
		return;
	struct nl_dgram *d = nl_dgram_alloc(DGRAM_SIZE);
	if (!d)
		return; /* Linux: rtnl_set_sk_err(ENOBUFS) on the group's listeners; not copied */
	u16 type = added ? RTM_NEWADDR : RTM_DELADDR;
	bool ok = v6 ? addr6_msg(d, &dev, type, 0, 0, 0) : addr4_msg(d, &dev, type, 0, 0, 0);
	if (!ok) {
		kfree(d);
		return;
	}
	netlink_broadcast_kernel(net, d, v6 ? RTNLGRP_IPV6_IFADDR : RTNLGRP_IPV4_IFADDR);
}

/* An RTM_NEWROUTE of table local made by the kernel (fib_dump_info, rt6_fill_node). */
static struct rtmsg_k *route_put(struct nl_dgram *d, u8 family, u8 dst_len, u8 scope, u8 type, u32 seq, u32 portid)
{
	struct rtmsg_k *rt = msg_put(d, RTM_NEWROUTE, NLM_F_MULTI, seq, portid, sizeof(*rt));
	if (rt)
		*rt = (struct rtmsg_k){.family = family,
				       .dst_len = dst_len,
				       .table = RT_TABLE_LOCAL,
				       .protocol = RTPROT_KERNEL,
				       .scope = scope,
				       .type = type};
	return rt;
}

/* inet_dump_fib: the local table's routes fib_add_ifaddr makes for an
 * address — the network (local, scope host), the address itself (local,
 * scope host), the network's broadcast address (broadcast, scope link) —
 * each with the table, destination, preferred source and device. The
 * main table has nothing for a loopback address. Taking the device down
 * flushes the broadcast route only: fib_sync_down_dev spares nexthops of
 * scope nowhere, which fib_create_info gives scope-host routes. */
static bool fill_route4(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid)
{
	if (!dev->addr)
		return true;
	u32 mask = dev->prefix_len ? ~0u << (32 - dev->prefix_len) : 0;
	const struct {
		u32 dst;
		u8 len, scope, type;
	} routes[] = {
		{dev->addr & mask, (u8)dev->prefix_len, RT_SCOPE_HOST, RTN_LOCAL},
		{dev->addr, 32, RT_SCOPE_HOST, RTN_LOCAL},
		{dev->addr | ~mask, 32, RT_SCOPE_LINK, RTN_BROADCAST},
	};
	u32 src = net32(dev->addr);
	size_t count = dev->flags & IFF_UP ? 3 : 2;
	for (size_t i = 0; i < count; i++) {
		size_t start = d->len;
		u32 dst = net32(routes[i].dst);
		if (!route_put(d, AF_INET, routes[i].len, routes[i].scope, routes[i].type, seq, portid) ||
		    !attr_u32(d, RTA_TABLE, RT_TABLE_LOCAL) || !attr(d, RTA_DST, &dst, sizeof(dst)) ||
		    !attr(d, RTA_PREFSRC, &src, sizeof(src)) || !attr_u32(d, RTA_OIF, (u32)dev->ifindex))
			return false;
		msg_end(d, start);
	}
	return true;
}

/* inet6_dump_fib: ::1's local route (metric 0) while lo is up; as on
 * Linux, a loopback address gets no route in the main table. */
static bool fill_route6(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid)
{
	if (!dev->has_addr6)
		return true;
	size_t start = d->len;
	struct inet_addr a = inet_addr_loopback6();
	static const u8 cacheinfo_zero[RTA_CACHEINFO_SIZE];
	bool ok = route_put(d, AF_INET6, 128, RT_SCOPE_UNIVERSE, RTN_LOCAL, seq, portid) &&
		  attr_u32(d, RTA_TABLE, RT_TABLE_LOCAL) && attr(d, RTA_DST, a.b, sizeof(a.b)) &&
		  attr_u32(d, RTA_PRIORITY, 0) && attr_u32(d, RTA_OIF, (u32)dev->ifindex) &&
		  attr(d, RTA_CACHEINFO, cacheinfo_zero, sizeof(cacheinfo_zero)) && attr_u8(d, RTA_PREF, 0);
	if (ok)
		msg_end(d, start);
	return ok;
}

typedef bool (*fill_fn)(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid);

/*
 * The one walk over a request's attributes (nla_for_each_attr): n bytes
 * from p. attr_next gives the next attribute's header (*a) and payload
 * (*payload, a.len - sizeof(*a) bytes) and steps past it, aligned; false
 * at the end or at a malformed one (shorter than its header or longer than
 * what is left), where every walk stops.
 */
struct attr_iter {
	const u8 *p;
	size_t n;
};

static bool attr_next(struct attr_iter *it, struct rtattr_k *a, const u8 **payload)
{
	if (it->n < sizeof(*a))
		return false;
	memcpy(a, it->p, sizeof(*a));
	if (a->len < sizeof(*a) || a->len > it->n)
		return false;
	*payload = it->p + sizeof(*a);
	size_t step = MIN((size_t)NLMSG_ALIGN(a->len), it->n);
	it->p += step;
	it->n -= step;
	return true;
}

/* An attribute of a request of size bytes (nla_get_u32, nla_get_in_addr,
 * nla_get_in6_addr) copied to out: the last one of that type wins, as
 * nla_parse keeps it; false if absent. */
static bool req_attr(const u8 *p, size_t n, u16 type, void *out, size_t size)
{
	struct attr_iter it = {p, n};
	struct rtattr_k a;
	const u8 *payload;
	bool found = false;
	while (attr_next(&it, &a, &payload)) {
		if (a.type == type && a.len >= sizeof(a) + size) {
			memcpy(out, payload, size);
			found = true;
		}
	}
	return found;
}

/*
 * inet_rtm_getroute without NLM_F_DUMP (`ip route get`): an output route
 * lookup for RTA_DST from RTA_SRC, answered by rt_fill_info's RTM_NEWROUTE —
 * the table (main, where Linux merges the local one), the destination asked for, the source if given, the
 * device, the preferred source the lookup chose, the caller's uid and an
 * RTA_CACHEINFO (zeros: the route cache's use counts are not kept). Every
 * 127/8 address is local while lo has its address, down or not (its local
 * routes stay), 127.255.255.255 is its broadcast while up; 0.0.0.0 means
 * this host (the source, else 127.0.0.1: ip_route_output_key_hash_rcu). A
 * destination or source elsewhere is ENETUNREACH, an RTA_OIF other than lo
 * ENODEV, lo's while it is down ENETUNREACH; an input route
 * (RTA_IIF) is not done: EOPNOTSUPP. A body shorter than struct rtmsg is
 * EINVAL (nlmsg_parse_deprecated).
 */
static int get_route4(struct sock *sk, const struct nl_msghdr *h, const u8 *body, size_t n, u32 portid)
{
	struct rtmsg_k req;
	if (n < sizeof(req))
		return -EINVAL;
	memcpy(&req, body, sizeof(req));
	const u8 *attrs = body + sizeof(req);
	size_t alen = n - sizeof(req);
	u32 dst_n = 0, src_n = 0, oif = 0, iif = 0;
	req_attr(attrs, alen, RTA_DST, &dst_n, sizeof(u32));
	bool has_src = req_attr(attrs, alen, RTA_SRC, &src_n, sizeof(u32));
	req_attr(attrs, alen, RTA_OIF, &oif, sizeof(u32));
	if (req_attr(attrs, alen, RTA_IIF, &iif, sizeof(u32)) && iif) {
		static bool logged;
		if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
			pr_info("rtnetlink: input route lookups (RTA_IIF) are not implemented (EOPNOTSUPP)\n");
		return -EOPNOTSUPP;
	}
	struct netdev_info dev;
	if (!netdev_info_at(sk->net, 0, &dev) || !dev.addr)
		return -ENETUNREACH; /* lo never up: no local routes yet */
	if (oif && oif != (u32)dev.ifindex)
		return -ENODEV;
	u32 dst = net32(dst_n), src = net32(src_n);
	u32 mask = dev.prefix_len ? ~0u << (32 - dev.prefix_len) : 0;
	bool local_net = (dst & mask) == (dev.addr & mask);
	bool up = dev.flags & IFF_UP;
	if (src && (src & mask) != (dev.addr & mask))
		return -ENETUNREACH; /* no route from there */
	if (dst && !local_net)
		return -ENETUNREACH;
	if (oif && !up)
		return -ENETUNREACH; /* an output device that is down */
	u32 to = dst ? dst : src ? src : INADDR_LOOPBACK;
	bool broadcast = up && to == (dev.addr | ~mask); /* down, the local /8 route takes it */
	u32 prefsrc = src ? src : dev.addr;		 /* the local routes' preferred source */
	u32 flags = RTM_F_CLONED | RTCF_LOCAL | (broadcast ? RTCF_BROADCAST : 0);
	struct nl_dgram *d = nl_dgram_alloc(DGRAM_SIZE);
	if (!d)
		return -ENOBUFS;
	size_t start = d->len;
	struct rtmsg_k *rt = msg_put(d, RTM_NEWROUTE, 0, h->seq, portid, sizeof(*rt));
	*rt = (struct rtmsg_k){.family = AF_INET,
			       .dst_len = 32,
			       .src_len = has_src ? 32 : 0,
			       .tos = req.tos & IPTOS_RT_MASK,
			       .table = RT_TABLE_MAIN,
			       .scope = RT_SCOPE_UNIVERSE,
			       .type = broadcast ? RTN_BROADCAST : RTN_LOCAL,
			       .flags = flags};
	static const u8 cacheinfo_zero[RTA_CACHEINFO_SIZE];
	u32 prefsrc_n = net32(prefsrc);
	bool ok = attr_u32(d, RTA_TABLE, RT_TABLE_MAIN) && attr(d, RTA_DST, &dst_n, sizeof(dst_n)) &&
		  (!has_src || attr(d, RTA_SRC, &src_n, sizeof(src_n))) && attr_u32(d, RTA_OIF, (u32)dev.ifindex) &&
		  (prefsrc == src || attr(d, RTA_PREFSRC, &prefsrc_n, sizeof(prefsrc_n))) &&
		  attr_u32(d, RTA_UID, cred_current()->uid) &&
		  attr(d, RTA_CACHEINFO, cacheinfo_zero, sizeof(cacheinfo_zero));
	if (!ok) {
		kfree(d);
		return -EMSGSIZE;
	}
	msg_end(d, start);
	netlink_reply(sk, d);
	return 0;
}

static bool fill_link_multi(struct nl_dgram *d, const struct netdev_info *dev, u32 seq, u32 portid)
{
	return fill_link(d, dev, NLM_F_MULTI, seq, portid);
}

/* One datagram of a dump: fill's messages for every device, or NULL if
 * there are none. A dump that would not fit a datagram stops there (one
 * device: it never does). */
static struct nl_dgram *dump_part(struct net_ns *net, fill_fn fill, u32 seq, u32 portid)
{
	struct nl_dgram *d = nl_dgram_alloc(DGRAM_SIZE);
	if (!d)
		return NULL;
	struct netdev_info dev;
	for (int i = 0; netdev_info_at(net, i, &dev); i++) {
		if (!fill(d, &dev, seq, portid))
			break;
	}
	if (d->len)
		return d;
	kfree(d);
	return NULL;
}

/* netlink_dump_done: NLMSG_DONE with the dump's status, 0 (NULL: no memory). */
static struct nl_dgram *dump_done(u32 seq, u32 portid)
{
	struct nl_dgram *d = nl_dgram_alloc(NLMSG_HDRLEN + sizeof(s32));
	if (!d)
		return NULL;
	s32 *status = msg_put(d, NLMSG_DONE, NLM_F_MULTI, seq, portid, sizeof(*status));
	*status = 0;
	return d;
}

/* netlink_dump_start and the datagrams of a dump: EBUSY while sk's last
 * dump is unread; else each fill's datagram and NLMSG_DONE, queued one by
 * one as they are read (netlink_dump_send). */
static int dump_all(struct sock *sk, const fill_fn fills[2], u32 seq, u32 portid)
{
	int err = netlink_dump_begin(sk);
	if (err)
		return err;
	struct nl_dgram *parts[3];
	int n = 0;
	for (int i = 0; i < 2; i++) {
		struct nl_dgram *d = fills[i] ? dump_part(sk->net, fills[i], seq, portid) : NULL;
		if (d)
			parts[n++] = d;
	}
	struct nl_dgram *done = dump_done(seq, portid);
	if (done)
		parts[n++] = done;
	netlink_dump_send(sk, parts, n);
	return DUMP_STARTED;
}

/* The device named by the NUL-terminated (or IFNAMSIZ-limited) attribute. */
static bool ifname_attr(const u8 *p, size_t n, char name[IFNAMSIZ])
{
	struct attr_iter it = {p, n};
	struct rtattr_k a;
	const u8 *payload;
	while (attr_next(&it, &a, &payload)) {
		if (a.type == IFLA_IFNAME) { /* the first one */
			size_t len = MIN((size_t)a.len - sizeof(a), (size_t)IFNAMSIZ - 1);
			memcpy(name, payload, len);
			name[len] = 0;
			return true;
		}
	}
	return false;
}

/* rtnl_getlink: RTM_NEWLINK (flags 0) for one device. */
static int get_link(struct sock *sk, const struct nl_msghdr *h, const u8 *body, size_t n, u32 portid)
{
	struct ifinfomsg_k ifi;
	if (n < sizeof(ifi))
		return -EINVAL;
	memcpy(&ifi, body, sizeof(ifi));
	char name[IFNAMSIZ];
	bool by_name = ifi.index <= 0;
	if (by_name && !ifname_attr(body + sizeof(ifi), n - sizeof(ifi), name))
		return -EINVAL;
	struct netdev_info dev;
	int i = 0;
	for (; netdev_info_at(sk->net, i, &dev); i++) {
		if (by_name ? strcmp(dev.name, name) == 0 : dev.ifindex == ifi.index)
			break;
	}
	if (!netdev_info_at(sk->net, i, &dev))
		return -ENODEV;
	struct nl_dgram *d = nl_dgram_alloc(DGRAM_SIZE);
	if (!d)
		return -ENOBUFS;
	if (!fill_link(d, &dev, 0, h->seq, portid)) {
		kfree(d);
		return -EMSGSIZE;
	}
	netlink_reply(sk, d);
	return 0;
}

/*
 * inet6_rtm_getroute without NLM_F_DUMP (`ip -6 route get`): ::1 is lo's
 * local route while lo is up, answered by rt6_fill_node: table local,
 * protocol kernel, type local, both prefix lengths 128, then RTA_TABLE,
 * RTA_DST, RTA_SRC (the flow's source, ::, which inet6_rtm_getroute always
 * passes), RTA_PREFSRC ::1, RTA_PRIORITY 0, RTA_OIF, RTA_CACHEINFO
 * (zeros) and RTA_PREF. Anything else, :: included, has no route
 * (ip6_null_entry): ENETUNREACH.
 */
static int get_route6(struct sock *sk, const struct nl_msghdr *h, const u8 *body, size_t n, u32 portid)
{
	struct rtmsg_k req;
	if (n < sizeof(req))
		return -EINVAL;
	memcpy(&req, body, sizeof(req));
	struct inet_addr dst = {{0}};
	req_attr(body + sizeof(req), n - sizeof(req), RTA_DST, dst.b, sizeof(dst.b));
	struct netdev_info dev;
	struct inet_addr lo6 = inet_addr_loopback6();
	if (!netdev_info_at(sk->net, 0, &dev) || !dev.has_addr6 || !inet_addr_eq(dst, lo6))
		return -ENETUNREACH;
	struct nl_dgram *d = nl_dgram_alloc(DGRAM_SIZE);
	if (!d)
		return -ENOBUFS;
	size_t start = d->len;
	struct rtmsg_k *rt = msg_put(d, RTM_NEWROUTE, 0, h->seq, portid, sizeof(*rt));
	*rt = (struct rtmsg_k){.family = AF_INET6,
			       .dst_len = 128,
			       .src_len = 128,
			       .table = RT_TABLE_LOCAL,
			       .protocol = RTPROT_KERNEL,
			       .scope = RT_SCOPE_UNIVERSE,
			       .type = RTN_LOCAL};
	static const u8 cacheinfo_zero[RTA_CACHEINFO_SIZE];
	struct inet_addr any = {{0}};
	bool ok = attr_u32(d, RTA_TABLE, RT_TABLE_LOCAL) && attr(d, RTA_DST, dst.b, sizeof(dst.b)) &&
		  attr(d, RTA_SRC, any.b, sizeof(any.b)) && attr(d, RTA_PREFSRC, lo6.b, sizeof(lo6.b)) &&
		  attr_u32(d, RTA_PRIORITY, 0) && attr_u32(d, RTA_OIF, (u32)dev.ifindex) &&
		  attr(d, RTA_CACHEINFO, cacheinfo_zero, sizeof(cacheinfo_zero)) && attr_u8(d, RTA_PREF, 0);
	if (!ok) {
		kfree(d);
		return -EMSGSIZE;
	}
	msg_end(d, start);
	netlink_reply(sk, d);
	return 0;
}

/* Does the attribute list hold one of a type other than keep? */
static bool other_attr(const u8 *p, size_t n, u16 keep)
{
	struct attr_iter it = {p, n};
	struct rtattr_k a;
	const u8 *payload;
	while (attr_next(&it, &a, &payload)) {
		if (a.type != keep)
			return true;
	}
	return false;
}

/*
 * rtnl_newlink (RTM_NEWLINK) and rtnl_setlink (RTM_SETLINK) on an existing
 * device, found by ifi_index, else by IFLA_IFNAME: do_setlink's flags,
 * ifi_flags under the ifi_change mask (all of them when the mask is 0),
 * as dev_change_flags takes them — which is how iproute2's `ip link set
 * lo up` and `down` ask. Without a device: ENODEV, or EINVAL for
 * RTM_SETLINK naming none; RTM_NEWLINK with NLM_F_CREATE would make one of
 * a link kind, and no kind is registered here: EOPNOTSUPP; NLM_F_EXCL on
 * an existing device EEXIST, NLM_F_REPLACE EOPNOTSUPP. Any attribute but
 * IFLA_IFNAME naming the device itself (IFLA_MTU, a new name, IFLA_TXQLEN
 * ...) is not implemented: EOPNOTSUPP, logged once. No RTM_NEWLINK
 * notification is multicast.
 */
static int set_link(struct net_ns *net, const struct nl_msghdr *h, const u8 *body, size_t n)
{
	struct ifinfomsg_k ifi;
	if (n < sizeof(ifi))
		return -EINVAL;
	memcpy(&ifi, body, sizeof(ifi));
	const u8 *attrs = body + sizeof(ifi);
	size_t alen = n - sizeof(ifi);
	char name[IFNAMSIZ];
	bool has_name = ifname_attr(attrs, alen, name);
	bool newlink = h->type == RTM_NEWLINK;
	struct netdev_info dev;
	bool found = false;
	for (int i = 0; !found && netdev_info_at(net, i, &dev); i++)
		found = ifi.index > 0 ? dev.ifindex == ifi.index : has_name && strcmp(dev.name, name) == 0;
	if (!found) {
		if (!newlink && ifi.index <= 0 && !has_name)
			return -EINVAL;
		if (!newlink || !(h->flags & NLM_F_CREATE))
			return -ENODEV;
		return -EOPNOTSUPP; /* rtnl_newlink: no rtnl_link_ops for the kind */
	}
	if (newlink && (h->flags & NLM_F_EXCL))
		return -EEXIST;
	if (newlink && (h->flags & NLM_F_REPLACE))
		return -EOPNOTSUPP;
	if (other_attr(attrs, alen, IFLA_IFNAME) || (has_name && strcmp(dev.name, name) != 0)) {
		static bool logged;
		if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
			pr_info("rtnetlink: link attributes other than the flags are not implemented (EOPNOTSUPP)\n");
		return -EOPNOTSUPP;
	}
	if (!ifi.flags && !ifi.change)
		return 0;
	u32 flags = ifi.change ? (ifi.flags & ifi.change) | (dev.flags & ~ifi.change) : ifi.flags;
	return netdev_set_flags(net, dev.ifindex, flags); /* rtnl_dev_combine_flags, dev_change_flags */
}

/* rtnetlink_rcv_msg for one request: 0, -errno, or DUMP_STARTED. */
static int rtnl_request(struct sock *sk, const struct nl_msghdr *h, const u8 *body, size_t n, u32 portid)
{
	if (h->type > RTM_MAX)
		return -EOPNOTSUPP;
	if (n < 1)
		return 0; /* not even the family byte (struct rtgenmsg) */
	u8 family = body[0];
	if (((h->type - RTM_BASE) & 3) != RTNL_KIND_GET && !capable(CAP_NET_ADMIN))
		return -EPERM;
	bool dump = h->flags & NLM_F_DUMP;
	if (h->type == RTM_GETLINK && !dump)
		return get_link(sk, h, body, n, portid);
	if (h->type == RTM_GETROUTE && !dump && family == AF_INET)
		return get_route4(sk, h, body, n, portid);
	if (h->type == RTM_GETROUTE && !dump && family == AF_INET6)
		return get_route6(sk, h, body, n, portid);
	if (h->type == RTM_NEWLINK || h->type == RTM_SETLINK)
		return set_link(sk->net, h, body, n);
	fill_fn fills[2] = {NULL, NULL}; /* a datagram each */
	if (h->type == RTM_GETLINK) {
		fills[0] = family == AF_INET6 ? fill_link6 : fill_link_multi;
	} else if (h->type == RTM_GETADDR && dump) {
		fills[0] = family != AF_INET6 ? fill_addr4 : NULL;
		fills[1] = family != AF_INET ? fill_addr6 : NULL;
	} else if (h->type == RTM_GETROUTE && dump) { /* rtnl_dump_all for a family without its own */
		fills[0] = family != AF_INET6 ? fill_route4 : NULL;
		fills[1] = family != AF_INET ? fill_route6 : NULL;
	} else {
		return -EOPNOTSUPP; /* no handler registered for it here */
	}
	return dump_all(sk, fills, h->seq, portid);
}

/* netlink_ack: NLMSG_ERROR with err and the request (its header only for
 * an ack or with NETLINK_CAP_ACK, flagged NLM_F_CAPPED). */
static void ack(struct sock *sk, const u8 *req, const struct nl_msghdr *h, int err, u32 portid, bool cap_ack)
{
	bool whole = err && !cap_ack;
	size_t payload = sizeof(s32) + (whole ? h->len : NLMSG_HDRLEN);
	struct nl_dgram *d = nl_dgram_alloc(NLMSG_HDRLEN + payload + 4);
	if (!d)
		return;
	u8 *body = msg_put(d, NLMSG_ERROR, whole ? 0 : NLM_F_CAPPED, h->seq, portid, payload);
	s32 e = err;
	memcpy(body, &e, sizeof(e));
	memcpy(body + sizeof(e), req, payload - sizeof(e));
	netlink_reply(sk, d);
}

void rtnetlink_rcv(struct sock *sk, u32 portid, bool cap_ack, const u8 *data, size_t len)
{
	while (len >= NLMSG_HDRLEN) {
		struct nl_msghdr h;
		memcpy(&h, data, sizeof(h));
		if (h.len < NLMSG_HDRLEN || h.len > len)
			return;
		int err = 0;
		if ((h.flags & NLM_F_REQUEST) && h.type >= NLMSG_MIN_TYPE)
			err = rtnl_request(sk, &h, data + NLMSG_HDRLEN, h.len - NLMSG_HDRLEN, portid);
		if (err != DUMP_STARTED && (err || (h.flags & NLM_F_ACK)))
			ack(sk, data, &h, err, portid, cap_ack);
		size_t step = MIN((size_t)NLMSG_ALIGN(h.len), len);
		data += step;
		len -= step;
	}
}
