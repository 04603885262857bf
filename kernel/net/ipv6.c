/*
 * ipv6.c — IPv6 output and input (RFC 8200; Linux net/ipv6/ip6_output.c,
 * ip6_input.c) and what AF_INET and AF_INET6 sockets share about addresses
 * (net/ipv6/af_inet6.c inet6_bind and inet6_getname, ipv6_sockglue.c,
 * inet_hashtables.c inet_rcv_saddr_equal).
 *
 * A 40-byte header (no extension header but fragments'), flow label 0, the
 * socket's hop limit (64 by default) and traffic class (inet_pkt_opts);
 * input checks the version and the payload length, drops what is not for
 * ::1 (the only IPv6 address: lo's, once it is up) and hands TCP and UDP
 * to the same receive functions as IPv4 (other next headers are dropped).
 * A packet larger than the device's MTU (a UDP datagram of more than 65488
 * bytes on lo) is sent in fragments, and fragments are put back together
 * before delivery (ipv6_frag.c).
 *
 * Sockets of both families keep IPv6-sized addresses (inet.h): an AF_INET6
 * socket on :: without IPV6_V6ONLY takes IPv4 packets too, and an IPv4
 * peer appears to it as ::ffff:a.b.c.d, as on Linux (ipv6(7)).
 */
#include "inet.h"

#include <random.h>

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>

#define IPV6_DEFAULT_HOPLIMIT 64 /* net.ipv6.conf.all.hop_limit */

void ipv6_build_header(struct pkt *p, struct inet_addr src, struct inet_addr dst, u8 proto)
{
	struct ipv6hdr h = {
		.ver_tc_flow = net32(6u << 28 | (u32)p->ip_tos << 20),
		.payload_len = net16((u16)(p->len - IPV6_HDR_LEN)),
		.nexthdr = proto,
		.hop_limit = p->ip_ttl_set ? p->ip_ttl : IPV6_DEFAULT_HOPLIMIT,
	};
	memcpy(h.saddr, src.b, sizeof(h.saddr));
	memcpy(h.daddr, dst.b, sizeof(h.daddr));
	memcpy(p->data, &h, sizeof(h));
}

void ipv6_rcv(struct pkt *p)
{
	struct ipv6hdr h;
	net_mib_inc(MIB_IP6_INRECEIVES); /* ip6_rcv_core: every packet, by its length */
	net_mib_add(MIB_IP6_INOCTETS, p->len);
	if (p->len < IPV6_HDR_LEN)
		goto hdr_error;
	memcpy(&h, p->data, sizeof(h));
	u32 word = net32(h.ver_tc_flow);
	net_mib_inc(MIB_IP6_INNOECTPKTS + ((word >> 20) & 3)); /* the traffic class's ECN bits */
	size_t payload = net16(h.payload_len);
	if ((word >> 28) != 6)
		goto hdr_error;
	if (IPV6_HDR_LEN + payload > p->len) {
		net_mib_inc(MIB_IP6_INTRUNCATEDPKTS);
		goto drop;
	}
	struct inet_addr src, dst;
	memcpy(src.b, h.saddr, sizeof(src.b));
	memcpy(dst.b, h.daddr, sizeof(dst.b));
	if (inet_addr_is_v4(dst) || !netdev_is_local(p->dev->net, dst)) {
		net_mib_inc(MIB_IP6_INADDRERRORS);
		goto drop; /* not ours, and we do not forward */
	}
	p->data += IPV6_HDR_LEN;
	p->len = payload;
	p->hop_limit = h.hop_limit;
	p->rx_tos = (u8)(word >> 20);
	if (h.nexthdr == NEXTHDR_FRAGMENT)
		ipv6_frag_rcv(p, src, dst);
	else
		ip_deliver(p, h.nexthdr, src, dst); /* no other extension header is read */
	return;
hdr_error:
	net_mib_inc(MIB_IP6_INHDRERRORS);
drop:
	kfree(p);
}

int inet_get_name(int family, const void *addr, int len, struct inet_addr *ip, u16 *port, bool allow_unspec)
{
	if (family == AF_INET) {
		const struct sockaddr_in_user *sin = addr;
		if (len < (int)sizeof(*sin))
			return -EINVAL;
		if (sin->sin_family != AF_INET && !(allow_unspec && sin->sin_family == AF_UNSPEC && sin->sin_addr == 0))
			return -EAFNOSUPPORT;
		*ip = inet_addr_v4(net32(sin->sin_addr));
		*port = net16(sin->sin_port);
		return 0;
	}
	const struct sockaddr_in6_user *sin6 = addr;
	if (len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (sin6->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	memcpy(ip->b, sin6->sin6_addr, sizeof(ip->b));
	*port = net16(sin6->sin6_port);
	return 0;
}

/* inet_getname / inet6_getname: flowinfo 0 (no IPV6_FLOWINFO_SEND) and
 * scope_id 0 (only a link-local address has one). */
int inet_put_name(int family, void *addr, struct inet_addr ip, u16 port)
{
	if (family == AF_INET) {
		struct sockaddr_in_user sin = {
			.sin_family = AF_INET, .sin_port = net16(port), .sin_addr = inet_addr_word(ip, 3)};
		memcpy(addr, &sin, sizeof(sin));
		return sizeof(sin);
	}
	struct sockaddr_in6_user sin6 = {.sin6_family = AF_INET6, .sin6_port = net16(port)};
	memcpy(sin6.sin6_addr, ip.b, sizeof(sin6.sin6_addr));
	memcpy(addr, &sin6, sizeof(sin6));
	return sizeof(sin6);
}

int inet_bind_check(struct net_ns *net, struct inet_addr ip, u16 port, bool v6only, bool nonlocal)
{
	if (inet_addr_is_v4(ip) && v6only)
		return -EINVAL; /* __inet6_bind: a v4-mapped address on a v6-only socket */
	/* inet_addr_valid_or_nonlocal: a local or a broadcast address; in a
	 * namespace whose lo was never up there is no local table yet, and
	 * __inet_dev_addr_type calls every IPv4 address RTN_BROADCAST */
	if (!nonlocal && !inet_addr_is_any(ip) && !netdev_is_local(net, ip) && !netdev_is_broadcast(net, ip) &&
	    !(inet_addr_is_v4(ip) && !netdev_has_local_table(net)))
		return -EADDRNOTAVAIL;
	if (port && port < 1024 && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	return 0;
}

int inet_route(struct net_ns *net, const struct inet_opts *o, struct inet_addr dst, struct inet_addr from,
	       struct inet_route *rt)
{
	if (inet_addr_is_v4(from) && !inet_addr_is_any(from) && !netdev_is_local(net, from) &&
	    !netdev_is_broadcast(net, from) && !__atomic_load_n(&o->transparent, __ATOMIC_RELAXED))
		return -ENETUNREACH;
	return netdev_route(net, dst, from, rt);
}

int inet_dst_check(struct inet_addr *dst, struct inet_addr bound, bool v6only)
{
	bool bound_v4 = inet_addr_is_v4(bound) && !inet_addr_is_any(bound);
	if (inet_addr_is_zero(*dst))
		*dst = bound_v4 ? inet_addr_v4(INADDR_LOOPBACK) : inet_addr_loopback6();
	else if (inet_addr_is_any(*dst)) /* 0.0.0.0: the flow's source, else loopback */
		*dst = bound_v4 ? bound : inet_addr_v4(INADDR_LOOPBACK);
	if (inet_addr_is_v4(*dst) && v6only)
		return -ENETUNREACH;
	return 0;
}

u32 inet_reuseport_pick(struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport, u32 n)
{
	static u32 secret; /* per boot, like Linux's inet_ehash_secret [atomic] */
	u32 h = __atomic_load_n(&secret, __ATOMIC_RELAXED);
	if (!h) {
		random_get_bytes(&h, sizeof(h));
		h |= 1;
		__atomic_store_n(&secret, h, __ATOMIC_RELAXED);
	}
	for (int i = 0; i < 4; i++) {
		h = (h ^ inet_addr_word(src, i)) * 0x9e3779b1u;
		h = (h ^ inet_addr_word(dst, i)) * 0x85ebca6bu;
		h ^= h >> 15;
	}
	h = (h ^ ((u32)sport << 16 | dport)) * 0xc2b2ae35u;
	h ^= h >> 16;
	return (u32)(((u64)h * n) >> 32); /* reciprocal_scale */
}

struct list_head *inet_reuseport_select(struct list_head *list, struct list_head *first,
					bool (*member)(struct list_head *node, struct list_head *first),
					struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport)
{
	u32 n = 0;
	struct list_head *node;
	for (node = list->next; node != list; node = node->next)
		n += member(node, first);
	u32 k = inet_reuseport_pick(src, sport, dst, dport, n);
	for (node = list->next; node != list; node = node->next)
		if (member(node, first) && k-- == 0)
			return node;
	return first;
}

bool inet_local_match(struct inet_addr laddr, bool v6only, struct inet_addr dst)
{
	if (inet_addr_eq(laddr, dst))
		return true;
	if (inet_addr_is_zero(laddr))
		return !(v6only && inet_addr_is_v4(dst));
	return inet_addr_is_any(laddr) && inet_addr_is_v4(dst); /* 0.0.0.0 */
}

bool inet_locals_overlap(struct inet_addr a, bool a_v6only, struct inet_addr b, bool b_v6only)
{
	bool any_a = inet_addr_is_any(a), any_b = inet_addr_is_any(b);
	if (!any_a && !any_b)
		return inet_addr_eq(a, b);
	if (!any_b)
		return inet_local_match(a, a_v6only, b);
	if (!any_a)
		return inet_local_match(b, b_v6only, a);
	bool v4_a = inet_addr_is_v4(a) || !a_v6only, v4_b = inet_addr_is_v4(b) || !b_v6only;
	return (v4_a && v4_b) || (inet_addr_is_zero(a) && inet_addr_is_zero(b));
}

void inet_proc_addr(char out[33], int family, struct inet_addr a)
{
	if (family == AF_INET)
		snprintf(out, 33, "%08X", inet_addr_word(a, 3));
	else
		snprintf(out, 33, "%08X%08X%08X%08X", inet_addr_word(a, 0), inet_addr_word(a, 1), inet_addr_word(a, 2),
			 inet_addr_word(a, 3));
}

void inet_pkt_opts(struct pkt *p, const struct inet_opts *o, struct inet_addr dst)
{
	bool v4 = inet_addr_is_v4(dst);
	int ttl = __atomic_load_n(v4 ? &o->ttl : &o->hops, __ATOMIC_RELAXED);
	p->ip_tos = __atomic_load_n(v4 ? &o->tos : &o->tclass, __ATOMIC_RELAXED);
	p->ip_ttl_set = ttl >= 0;
	p->ip_ttl = (u8)ttl;
}

/* Is (level, name) IPV6_ADDRFORM on an IPv6 socket? TCP and UDP take it
 * before inet_setsockopt and inet_getsockopt (like inet_is_mtu_opt). */
bool inet6_is_addrform(const struct sock *sk, int level, int name)
{
	return level == IPPROTO_IPV6 && name == IPV6_ADDRFORM && sk->family == AF_INET6;
}

/*
 * IPV6_ADDRFORM (do_ipv6_setsockopt): an IPv6 TCP or UDP socket connected
 * to a v4-mapped peer becomes an IPv4 one (sk->family AF_INET): its names
 * are sockaddr_in, IPv6 options are refused as on any IPv4 socket, and a
 * later bind or connect takes IPv4 addresses. Nothing else changes: its
 * addresses are v4-mapped inet_addrs either way. The checks in Linux's
 * order: an int (EINVAL when shorter), AF_INET (EINVAL for any other
 * value), for UDP no corked IPv6 datagram pending (EBUSY), connected
 * (ENOTCONN; the caller says both, under its lock), the peer
 * v4-mapped and IPV6_V6ONLY off (EADDRNOTAVAIL). 0: the caller turns the
 * socket IPv4 under the lock it checked the state with.
 */
int inet6_addrform_check(const struct inet_opts *o, bool busy, bool connected, struct inet_addr peer, const void *val,
			 int len)
{
	int v;
	if (len < (int)sizeof(v))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	if (v != AF_INET)
		return -EINVAL;
	if (busy)
		return -EBUSY;
	if (!connected)
		return -ENOTCONN;
	if (__atomic_load_n(&o->v6only, __ATOMIC_RELAXED) || !inet_addr_is_v4(peer))
		return -EADDRNOTAVAIL;
	return 0;
}

/* getsockopt(IPV6_ADDRFORM) of an IPv6 TCP or UDP socket
 * (do_ipv6_getsockopt): its family, AF_INET6, while connected; ENOTCONN
 * otherwise. Other sockets answer ENOPROTOOPT (inet_getsockopt), an IPv4
 * one EOPNOTSUPP as to any IPv6 option. */
int inet6_addrform_get(bool connected, void *val, int *len)
{
	if (!connected)
		return -ENOTCONN;
	int v = AF_INET6;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

/* do_ipv6_setsockopt: the flags IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT and
 * IPV6_RECVTCLASS (what UDP's recvmsg adds), IPV6_RECVERR (ICMPv6 errors
 * to UDP's error queue, which turning it off empties), IPV6_FREEBIND and
 * IPV6_RECVORIGDSTADDR (an IPv6 datagram's destination as a control
 * message), IPV6_MINHOPCOUNT (0..255; TCP drops segments below it),
 * IPV6_TRANSPARENT (IP_FREEBIND's and IP_TRANSPARENT's flags: bind takes
 * an address that is not local; EPERM to turn the second on without
 * CAP_NET_RAW or CAP_NET_ADMIN), IPV6_V6ONLY (EINVAL once the socket has a port),
 * IPV6_UNICAST_HOPS (-1..255, -1 the default) and IPV6_TCLASS (-1..255, -1
 * meaning 0; a stream socket keeps its ECN bits), each an int (EINVAL when
 * shorter); every other IPv6 option is ENOPROTOOPT. */
static int ipv6_setsockopt(struct sock *sk, struct inet_opts *o, bool bound, int name, const void *val, int len)
{
	if (name == IPV6_ADDRFORM) { /* TCP and UDP take it first (inet6_addrform_check); others: */
		int err = inet6_addrform_check(o, false, false, inet_addr_any(AF_INET6), val, len);
		return err == -ENOTCONN ? -ENOPROTOOPT : err; /* raw and ping sockets: do_ipv6_setsockopt's "break" */
	}
	bool *flag = name == IPV6_RECVPKTINFO	    ? &o->recvpktinfo6
		     : name == IPV6_RECVHOPLIMIT    ? &o->recvhoplimit
		     : name == IPV6_RECVTCLASS	    ? &o->recvtclass
		     : name == IPV6_RECVERR	    ? &o->recverr6
		     : name == IPV6_FREEBIND	    ? &o->freebind
		     : name == IPV6_TRANSPARENT	    ? &o->transparent
		     : name == IPV6_RECVORIGDSTADDR ? &o->recvorigdst6
						    : NULL;
	if (name != IPV6_V6ONLY && name != IPV6_UNICAST_HOPS && name != IPV6_TCLASS && name != IPV6_MINHOPCOUNT &&
	    !flag)
		return -ENOPROTOOPT;
	int v = 0;
	if (len >= (int)sizeof(v))
		memcpy(&v, val, sizeof(v));
	/* IPV6_TRANSPARENT: EPERM to turn on without CAP_NET_RAW or CAP_NET_ADMIN, before the length */
	if (name == IPV6_TRANSPARENT && v && !capable(CAP_NET_RAW) && !capable(CAP_NET_ADMIN))
		return -EPERM;
	if (len < (int)sizeof(v))
		return -EINVAL;
	if (flag) {
		__atomic_store_n(flag, v != 0, __ATOMIC_RELAXED);
		if (name == IPV6_RECVERR && !v) /* skb_queue_purge */
			sock_purge_err(sk);
		return 0;
	}
	switch (name) {
	case IPV6_V6ONLY:
		if (bound)
			return -EINVAL;
		__atomic_store_n(&o->v6only, v != 0, __ATOMIC_RELAXED);
		return 0;
	case IPV6_UNICAST_HOPS:
		if (v < -1 || v > 255)
			return -EINVAL;
		__atomic_store_n(&o->hops, v, __ATOMIC_RELAXED);
		return 0;
	case IPV6_MINHOPCOUNT:
		if (v < 0 || v > 255)
			return -EINVAL;
		__atomic_store_n(&o->minhops, (u8)v, __ATOMIC_RELAXED);
		return 0;
	default: /* IPV6_TCLASS */
		if (v < -1 || v > 0xff)
			return -EINVAL;
		if (v == -1)
			v = 0; /* RFC 3542 6.5: the default class is 0 */
		if (sk->type == SOCK_STREAM)
			v = (v & ~INET_ECN_MASK) | (__atomic_load_n(&o->tclass, __ATOMIC_RELAXED) & INET_ECN_MASK);
		__atomic_store_n(&o->tclass, (u8)v, __ATOMIC_RELAXED);
		return 0;
	}
}

int inet_setsockopt(struct sock *sk, struct inet_opts *o, bool bound, int level, int name, const void *val, int len)
{
	if (level == IPPROTO_IP) /* ipv6_setsockopt hands SOL_IP to ip_setsockopt */
		return ip_setsockopt(sk, o, name, val, len);
	if (level == IPPROTO_IPV6 && sk->family == AF_INET6)
		return ipv6_setsockopt(sk, o, bound, name, val, len);
	return -ENOPROTOOPT;
}

int inet_getsockopt(struct sock *sk, struct inet_opts *o, int level, int name, void *val, int *len)
{
	if (level == IPPROTO_IP)
		return ip_getsockopt(sk, o, name, val, len);
	if (sk->family == AF_INET) /* ip_getsockopt: any level but SOL_IP (ip_setsockopt: ENOPROTOOPT) */
		return -EOPNOTSUPP;
	if (level != IPPROTO_IPV6) /* ipv6_getsockopt */
		return -ENOPROTOOPT;
	int v;
	switch (name) {
	case IPV6_V6ONLY: v = __atomic_load_n(&o->v6only, __ATOMIC_RELAXED); break;
	case IPV6_UNICAST_HOPS: /* the default when unset: net.ipv6.conf.all.hop_limit */
		v = __atomic_load_n(&o->hops, __ATOMIC_RELAXED);
		if (v < 0)
			v = IPV6_DEFAULT_HOPLIMIT;
		break;
	case IPV6_TCLASS: v = __atomic_load_n(&o->tclass, __ATOMIC_RELAXED); break;
	case IPV6_RECVPKTINFO: v = __atomic_load_n(&o->recvpktinfo6, __ATOMIC_RELAXED); break;
	case IPV6_RECVHOPLIMIT: v = __atomic_load_n(&o->recvhoplimit, __ATOMIC_RELAXED); break;
	case IPV6_RECVTCLASS: v = __atomic_load_n(&o->recvtclass, __ATOMIC_RELAXED); break;
	case IPV6_RECVERR: v = __atomic_load_n(&o->recverr6, __ATOMIC_RELAXED); break;
	case IPV6_FREEBIND: v = __atomic_load_n(&o->freebind, __ATOMIC_RELAXED); break;
	case IPV6_TRANSPARENT: v = __atomic_load_n(&o->transparent, __ATOMIC_RELAXED); break;
	case IPV6_RECVORIGDSTADDR: v = __atomic_load_n(&o->recvorigdst6, __ATOMIC_RELAXED); break;
	case IPV6_MINHOPCOUNT: v = __atomic_load_n(&o->minhops, __ATOMIC_RELAXED); break;
	default: return -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}
