/*
 * ipv4.c — IPv4 output and input (RFC 791; Linux net/ipv4/ip_output.c,
 * ip_input.c): a 20-byte header without options, the Internet checksum
 * (RFC 1071), TTL 64, an identification counter, no fragmentation (a
 * datagram must fit the device's MTU: the loopback's is 64 KiB, more than
 * any UDP datagram). Input checks version, header length, total length and
 * checksum, drops what is not addressed to us, and hands the payload to
 * its protocol (UDP, TCP or ICMP; others are dropped: Linux would answer
 * with an ICMP protocol unreachable, which is not sent here).
 */
#include "inet.h"

#include <cred.h>
#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>

#define IP_DEFAULT_TTL 64 /* net.ipv4.ip_default_ttl */
#define IP_DF 0x4000

struct iphdr {
	u8 version_ihl;
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;
	u8 ttl;
	u8 protocol;
	u16 check;
	u32 saddr;
	u32 daddr;
};
_Static_assert(sizeof(struct iphdr) == IP_HDR_LEN, "IPv4 header");

static u16 next_ip_id; /* atomic */

/* Folds a one's-complement accumulator to 16 bits (end-around carries). */
static u32 fold16(u64 acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u32)acc;
}

/* RFC 1071: the one's-complement sum of 16-bit words, folded and inverted;
 * sum starts the addition (a pseudo-header's partial sum, in big-endian
 * words). The data is summed 8 bytes at a time in the CPU's own (little-
 * endian) order: RFC 1071's byte-order independence says that sum is the
 * big-endian one with its two bytes swapped, so the pseudo-header's sum is
 * swapped in and the inverted result is already in network order. */
u16 inet_checksum(const void *data, size_t len, u32 sum)
{
	const u8 *b = data;
	u64 acc = 0;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		u64 w;
		memcpy(&w, b + i, sizeof(w));
		acc += (w & 0xffffffff) + (w >> 32);
	}
	for (; i + 1 < len; i += 2) {
		u16 w;
		memcpy(&w, b + i, sizeof(w));
		acc += w;
	}
	if (len & 1)
		acc += b[len - 1]; /* the odd byte is a word's high byte: the low one swapped */
	acc = fold16(acc) + net16((u16)fold16(sum));
	return (u16)~fold16(acc);
}

u32 inet_pseudo_sum(struct inet_addr src, struct inet_addr dst, u8 proto, size_t len)
{
	int first = inet_addr_is_v4(src) && inet_addr_is_v4(dst) ? 12 : 0; /* IPv4: the last 4 bytes */
	u32 sum = proto + (u32)(len >> 16) + (u32)(len & 0xffff);
	for (int i = first; i < 16; i += 2)
		sum += (u32)src.b[i] << 8 | src.b[i + 1];
	for (int i = first; i < 16; i += 2)
		sum += (u32)dst.b[i] << 8 | dst.b[i + 1];
	return sum;
}

int ip_output(struct net_ns *net, struct pkt *p, struct inet_addr src, struct inet_addr dst, u8 proto)
{
	int err = ip_queue_xmit(net, p, src, dst, proto);
	net_rx_run();
	return err;
}

/* The IPv4 header for p, whose first IP_HDR_LEN bytes are its room. */
static void ip_build_header(struct pkt *p, u32 src, u32 dst, u8 proto)
{
	struct iphdr h = {
		.version_ihl = 0x45,
		.tos = p->ip_tos,
		.tot_len = net16((u16)p->len),
		.id = net16(__atomic_fetch_add(&next_ip_id, 1, __ATOMIC_RELAXED)),
		/* Linux sets DF when path MTU discovery is on; icmp_reply's socket has it off */
		.frag_off = p->ip_no_df ? 0 : net16(IP_DF),
		.ttl = p->ip_ttl_set ? p->ip_ttl : IP_DEFAULT_TTL,
		.protocol = proto,
		.saddr = net32(src),
		.daddr = net32(dst),
	};
	h.check = inet_checksum(&h, sizeof(h), 0);
	memcpy(p->data, &h, sizeof(h));
}

int ip_queue_xmit(struct net_ns *net, struct pkt *p, struct inet_addr src, struct inet_addr dst, u8 proto)
{
	struct inet_route rt;
	bool v4 = inet_addr_is_v4(dst);
	int err = v4 != inet_addr_is_v4(src) ? -ENETUNREACH : netdev_route(net, dst, src, &rt);
	struct netdev *dev = rt.dev;
	if (err) {
		if (!v4)
			net_mib_inc(MIB_IP6_OUTNOROUTES); /* ip6_dst_lookup_tail */
		kfree(p);
		return err;
	}
	size_t hlen = v4 ? IP_HDR_LEN : IPV6_HDR_LEN;
	p->data += NET_HDR_ROOM - hlen; /* the room IPv4's shorter header leaves unused */
	p->len -= NET_HDR_ROOM - hlen;
	/* IPv4 sets DF (no fragments); IPv6 fragments what its 16-bit
	 * payload length can describe (ip6_fragment) */
	bool fragment = !v4 && p->len > dev->mtu;
	if ((v4 && p->len > dev->mtu) || p->len - hlen > 65535) {
		kfree(p);
		return -EMSGSIZE;
	}
	if (v4) {
		net_mib_inc(MIB_IP_OUTREQUESTS);
		ip_build_header(p, inet_addr_to_v4(src), inet_addr_to_v4(dst), proto);
	} else {
		net_mib_inc(MIB_IP6_OUTREQUESTS); /* the whole packet, before any fragmenting */
		net_mib_add(MIB_IP6_OUTOCTETS, p->len);
		ipv6_build_header(p, src, dst, proto);
	}
	if (p->csum_partial && (!dev->hw_csum || fragment)) { /* skb_checksum_help */
		u16 sum = inet_checksum(p->data + hlen, p->len - hlen, p->csum_pseudo);
		memcpy(p->data + hlen + p->csum_offset, &sum, sizeof(sum));
		p->csum_partial = false;
	}
	if (fragment)
		return ipv6_fragment(p, dev);
	dev->xmit(dev, p);
	return 0;
}

void ip_deliver(struct pkt *p, u8 proto, struct inet_addr src, struct inet_addr dst)
{
	bool v4 = inet_addr_is_v4(dst); /* IPv6's counters are /proc/net/snmp6's */
	bool icmp = proto == (v4 ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (proto != IPPROTO_UDP && proto != IPPROTO_TCP && !icmp) {
		net_mib_inc(v4 ? MIB_IP_INUNKNOWNPROTOS : MIB_IP6_INUNKNOWNPROTOS);
		kfree(p); /* Linux answers with ICMP protocol unreachable: no ICMP yet */
		return;
	}
	net_mib_inc(v4 ? MIB_IP_INDELIVERS : MIB_IP6_INDELIVERS);
	if (proto == IPPROTO_TCP && netdev_is_broadcast(p->dev->net, dst)) {
		kfree(p); /* no TCP to a broadcast address: tcp_v4_conn_request drops the SYN, tcp_v4_send_reset sends no RST */
		return;
	}
	if (proto == IPPROTO_UDP)
		udp_rcv(p, src, dst);
	else if (icmp)
		icmp_rcv(p, src, dst);
	else
		tcp_rcv(p, src, dst);
}

/* IPv4 input, or IPv6's (ipv6.c) by the version in the first byte. */
void ip_rcv(struct pkt *p)
{
	struct iphdr h;
	if (p->len >= 1 && (p->data[0] >> 4) == 6) {
		ipv6_rcv(p);
		return;
	}
	net_mib_inc(MIB_IP_INRECEIVES);
	if (p->len < IP_HDR_LEN)
		goto hdr_error;
	memcpy(&h, p->data, sizeof(h));
	size_t hlen = (size_t)(h.version_ihl & 0xf) * 4, total = net16(h.tot_len);
	if ((h.version_ihl >> 4) != 4 || hlen < IP_HDR_LEN || total < hlen || total > p->len)
		goto hdr_error;
	if (inet_checksum(p->data, hlen, 0) != 0)
		goto hdr_error; /* a correct header sums to zero */
	struct inet_addr src = inet_addr_v4(net32(h.saddr)), dst = inet_addr_v4(net32(h.daddr));
	if (!netdev_is_local(p->dev->net, dst) &&
	    !netdev_is_broadcast(p->dev->net, dst)) { /* a broadcast is delivered here too (RTN_BROADCAST) */
		net_mib_inc(MIB_IP_INADDRERRORS);
		goto drop; /* not ours, and we do not forward */
	}
	p->net_hdr = p->data;
	p->hop_limit = h.ttl;
	p->rx_tos = h.tos;
	p->data += hlen;
	p->len = total - hlen;
	ip_deliver(p, h.protocol, src, dst);
	return;
hdr_error:
	net_mib_inc(MIB_IP_INHDRERRORS);
drop:
	kfree(p);
}

/*
 * net.ipv4.ip_local_port_range (sysctl_net_ipv4.c ipv4_local_port_range):
 * the ephemeral ports TCP and UDP pick from, low in the low 16 bits and high
 * in the high ones of one word, so a reader sees both ends of one write
 * (Linux uses a seqlock for the pair).
 */
static u32 local_port_range = PORT_LOW | (u32)PORT_HIGH << 16; /* atomic */

void inet_port_range(u16 *low, u16 *high)
{
	u32 range = __atomic_load_n(&local_port_range, __ATOMIC_RELAXED);
	*low = (u16)range;
	*high = (u16)(range >> 16);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int sysctl_parse_pair(const char *text, size_t len, long min, long max, long vals[2])
{
	int count = 0;
	size_t i = 0;
	for (;;) {
		while (i < len && is_space(text[i]))
			i++;
		if (i == len || text[i] == '\0' || count == 2)
			break;
		bool neg = text[i] == '-';
		if (neg)
			i++;
		if (i == len || text[i] < '0' || text[i] > '9')
			return -EINVAL;
		long v = 0;
		while (i < len && text[i] >= '0' && text[i] <= '9' && v <= max)
			v = v * 10 + (text[i++] - '0');
		if (i < len && text[i] != '\0' && !is_space(text[i]))
			return -EINVAL;
		v = neg ? -v : v;
		if (v < min || v > max)
			return -EINVAL;
		vals[count++] = v;
	}
	if (!count)
		return -EINVAL;
	return i < len ? (int)i : 0;
}

/* ipv4_local_port_range: numbers in 1..65535, then the range must be
 * ordered and start at or above ip_unprivileged_port_start (1024). */
int inet_port_range_store(const char *text, size_t len)
{
	u16 old_low, old_high;
	inet_port_range(&old_low, &old_high);
	long vals[2] = {old_low, old_high};
	int ret = sysctl_parse_pair(text, len, 1, 65535, vals);
	if (ret < 0)
		return ret;
	if (vals[1] < vals[0] || vals[0] < 1024)
		return -EINVAL;
	__atomic_store_n(&local_port_range, (u32)vals[0] | (u32)vals[1] << 16, __ATOMIC_RELAXED);
	return ret;
}

/* SO_PRIORITY for a type of service (rt_tos2priority): Linux's 16-entry
 * ip_tos2prio (net/ipv4/route.c), indexed by IPTOS_TOS(tos) >> 1, holds each
 * class twice in a row (ECN_OR_COST of a class is that class), so this table
 * of best effort 0, bulk 2, interactive 6 and interactive bulk 4 is indexed
 * by one bit less. */
static u32 tos_to_priority(u8 tos)
{
	static const u8 class_of[8] = {0, 0, 2, 2, 6, 6, 4, 4};
	return class_of[(tos & 0x1e) >> 2];
}

/*
 * IP_TOS, IP_TTL and IP_PKTINFO (net/ipv4/ip_sockglue.c do_ip_setsockopt): the value is
 * an int, or one byte when the caller passed less (a length of 0 reads as
 * 0). IP_TTL takes 1..255 or -1 (the default; EINVAL otherwise, and for a
 * length under 1). IP_TOS keeps its low 8 bits; a stream socket keeps its
 * own ECN bits, which TCP owns. Both are kept and reported; the packets
 * themselves still carry TOS 0 and TTL 64 (nothing on a loopback reads them).
 * IP_PKTINFO is a flag UDP's recvmsg acts on (TCP keeps and reports it, as
 * Linux's TCP does).
 * IP_MTU_DISCOVER takes IP_PMTUDISC_DONT..OMIT (EINVAL otherwise) and decides
 * the DF bit of what the socket sends (inet_sets_df); a datagram over lo's
 * 65,536-byte MTU cannot be built anyway, so no mode fragments or refuses
 * more here. Setting a new IP_TOS sets SO_PRIORITY from it (Linux's
 * __ip_sock_set_tos, rt_tos2priority). IP_HDRINCL and IP_NODEFRAG are for raw
 * sockets, which this kernel has none of: ENOPROTOOPT to set, 0 to read.
 * IP_FREEBIND (a length under 1 EINVAL) and IP_TRANSPARENT (the same, after
 * EPERM for turning it on without CAP_NET_RAW or CAP_NET_ADMIN) let bind
 * take an address that is not local; IP_TRANSPARENT also lets packets
 * leave from it (inet_route).
 * IP_BIND_ADDRESS_NO_PORT is a flag UDP's and TCP's bind act on.
 * IP_RECVORIGDSTADDR is a flag datagram reads act on; IP_RECVOPTS,
 * IP_RETOPTS, IP_PASSSEC, IP_CHECKSUM and IP_RECVFRAGSIZE (datagram and
 * raw sockets only, else EINVAL) are flags whose control messages no packet
 * here calls for. IP_MINTTL takes 0..255 (EINVAL otherwise or for a zero
 * length); TCP acts on it.
 * IP_RECVERR is a flag UDP acts on (udp_err: ICMP errors to the error
 * queue); turning it off empties the queue (skb_queue_purge).
 * IP_OPTIONS: more than 40 bytes EINVAL, none clears them (there are none);
 * options themselves are not built (ENOPROTOOPT, logged once).
 * Every other name is ENOPROTOOPT, except the multicast-routing range,
 * EOPNOTSUPP on any socket that is not raw IGMP (ipmr.c).
 */
int ip_setsockopt(struct sock *sk, struct inet_opts *o, int name, const void *val, int len)
{
	int v = 0;
	if (len >= (int)sizeof(int))
		memcpy(&v, val, sizeof(v));
	else if (len >= 1)
		v = *(const u8 *)val;
	unsigned long irq;
	switch (name) {
	case IP_TOS:
		irq = spin_lock_irqsave(&sk->lock);
		if (sk->type == SOCK_STREAM)
			v = (v & ~INET_ECN_MASK) | (o->tos & INET_ECN_MASK);
		if (o->tos != (u8)v) {
			o->tos = (u8)v;
			sk->priority = tos_to_priority(o->tos);
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	case IP_MTU_DISCOVER:
		if (v < IP_PMTUDISC_DONT || v > IP_PMTUDISC_OMIT)
			return -EINVAL;
		__atomic_store_n(&o->pmtudisc, (u8)v, __ATOMIC_RELAXED);
		return 0;
	case IP_HDRINCL:
	case IP_NODEFRAG: return -ENOPROTOOPT; /* not a raw socket */
	case IP_OPTIONS:
		if (len > 40)
			return -EINVAL;
		if (len > 0) {
			static bool logged;
			if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
				printk(KERN_INFO "setsockopt IP_OPTIONS with options: not built (ENOPROTOOPT)");
			return -ENOPROTOOPT;
		}
		return 0;
	case IP_PKTINFO:
		irq = spin_lock_irqsave(&sk->lock);
		o->pktinfo = v != 0;
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	case IP_RECVTTL: __atomic_store_n(&o->recvttl, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_RECVTOS: __atomic_store_n(&o->recvtos, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_FREEBIND:
		if (len < 1)
			return -EINVAL;
		__atomic_store_n(&o->freebind, v != 0, __ATOMIC_RELAXED);
		return 0;
	case IP_TRANSPARENT:
		if (v && !capable(CAP_NET_RAW) && !capable(CAP_NET_ADMIN))
			return -EPERM;
		if (len < 1)
			return -EINVAL;
		__atomic_store_n(&o->transparent, v != 0, __ATOMIC_RELAXED);
		return 0;
	case IP_BIND_ADDRESS_NO_PORT: __atomic_store_n(&o->bind_no_port, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_RECVORIGDSTADDR: __atomic_store_n(&o->recvorigdst, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_RECVOPTS: __atomic_store_n(&o->recvopts, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_RETOPTS: __atomic_store_n(&o->retopts, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_PASSSEC: __atomic_store_n(&o->passsec, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_CHECKSUM: __atomic_store_n(&o->checksum, v != 0, __ATOMIC_RELAXED); return 0;
	case IP_RECVFRAGSIZE:
		if (sk->type != SOCK_RAW && sk->type != SOCK_DGRAM)
			return -EINVAL;
		__atomic_store_n(&o->recvfragsize, v != 0, __ATOMIC_RELAXED);
		return 0;
	case IP_MINTTL:
		if (len < 1 || v < 0 || v > 255)
			return -EINVAL;
		__atomic_store_n(&o->minttl, (u8)v, __ATOMIC_RELAXED);
		return 0;
	case IP_RECVERR:
		__atomic_store_n(&o->recverr, v != 0, __ATOMIC_RELAXED);
		if (!v)
			sock_purge_err(sk);
		return 0;
	case IP_TTL:
		if (len < 1 || (v != -1 && (v < 1 || v > 255)))
			return -EINVAL;
		irq = spin_lock_irqsave(&sk->lock);
		o->ttl = v;
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	default:
		/* ip_mroute_setsockopt / getsockopt: only for a raw IGMP socket */
		return (name >= MRT_BASE && name <= MRT_MAX) ? -EOPNOTSUPP : -ENOPROTOOPT;
	}
}

bool inet_is_mtu_opt(struct sock *sk, int level, int name)
{
	return (level == IPPROTO_IP && name == IP_MTU && sk->family == AF_INET) ||
	       (level == IPPROTO_IPV6 && name == IPV6_MTU && sk->family == AF_INET6);
}

int ip_mtu_getsockopt(struct sock *sk, bool has_route, void *val, int *len)
{
	if (!has_route)
		return -ENOTCONN;
	int v = (int)sk->net->lo.mtu; /* IPV6_MTU: the route's dst_mtu */
	if (sk->family == AF_INET)
		v = (int)MIN((u32)v, 0xffffu); /* ipv4_mtu: at most IP_MAX_MTU, 65535 */
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

/* do_ip_getsockopt: an int (the generic layer truncates it to the caller's
 * length, which for a value in 0..255 is Linux's one-byte answer). */
int ip_getsockopt(struct sock *sk, struct inet_opts *o, int name, void *val, int *len)
{
	int v;
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	struct inet_opts now = *o;
	spin_unlock_irqrestore(&sk->lock, irq);
	switch (name) {
	case IP_TOS: v = now.tos; break;
	case IP_TTL: v = now.ttl == -1 ? IP_DEFAULT_TTL : now.ttl; break;
	case IP_PKTINFO: v = now.pktinfo; break;
	case IP_RECVTTL: v = now.recvttl; break;
	case IP_RECVTOS: v = now.recvtos; break;
	case IP_RECVERR: v = now.recverr; break;
	case IP_FREEBIND: v = now.freebind; break;
	case IP_BIND_ADDRESS_NO_PORT: v = now.bind_no_port; break;
	case IP_RECVORIGDSTADDR: v = now.recvorigdst; break;
	case IP_RECVOPTS: v = now.recvopts; break;
	case IP_RETOPTS: v = now.retopts; break;
	case IP_PASSSEC: v = now.passsec; break;
	case IP_CHECKSUM: v = now.checksum; break;
	case IP_RECVFRAGSIZE: v = now.recvfragsize; break;
	case IP_MINTTL: v = now.minttl; break;
	case IP_TRANSPARENT: v = now.transparent; break;
	case IP_MTU_DISCOVER: v = now.pmtudisc; break;
	case IP_HDRINCL:
	case IP_NODEFRAG: v = 0; break;
	case IP_OPTIONS: *len = 0; return 0; /* none: an empty answer */
	default:
		/* ip_mroute_setsockopt / getsockopt: only for a raw IGMP socket */
		return (name >= MRT_BASE && name <= MRT_MAX) ? -EOPNOTSUPP : -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

void sock_zerocopy_sent(struct sock *sk, int flags)
{
	if (!(flags & MSG_ZEROCOPY))
		return;
	/* allocated before the lock; freed if the newest entry is extended */
	struct sock_err *e = kzalloc(sizeof(*e));
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	if (!sk->zerocopy) {
		spin_unlock_irqrestore(&sk->lock, irq);
		kfree(e);
		return;
	}
	u32 id = sk->zckey++;
	struct sock_err *tail =
		list_empty(&sk->error_queue) ? NULL : list_entry(sk->error_queue.prev, struct sock_err, node);
	if (tail && tail->ee.ee_origin == SO_EE_ORIGIN_ZEROCOPY && tail->ee.ee_data + 1 == id &&
	    id - tail->ee.ee_info != 0xffffffffu) {
		tail->ee.ee_data = id;
	} else if (e) {
		bool v6 = sk->family == AF_INET6;
		e->cmsg_level = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
		e->cmsg_type = v6 ? IPV6_RECVERR : IP_RECVERR;
		e->ee = (struct sock_extended_err_user){.ee_origin = SO_EE_ORIGIN_ZEROCOPY,
							.ee_code = SO_EE_CODE_ZEROCOPY_COPIED,
							.ee_info = id,
							.ee_data = id};
		/* an empty sockaddr_in6 or sockaddr_in (ip_recv_error, ipv6_recv_error) */
		e->offender_len = v6 ? (int)sizeof(struct sockaddr_in6_user) : (int)sizeof(struct sockaddr_in_user);
		list_add_tail(&e->node, &sk->error_queue);
		e = NULL;
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	kfree(e);
	wake_up_all(&sk->wq);
	sock_wake_async(sk, POLL_ERR);
}
