/*
 * icmp.c — ICMP (RFC 792) and ICMPv6 (RFC 4443) echo over the IP layer,
 * with Linux's two kinds of ICMP socket (net/ipv4/icmp.c, ping.c, raw.c,
 * net/ipv6/icmp.c, ping.c, raw.c).
 *
 * Input (icmp_rcv, from ip_deliver): every raw socket of the packet's
 * family takes a copy first, as raw_local_deliver runs before the protocol
 * (IPv4: the whole packet with its IP header; IPv6: the ICMPv6 message,
 * minus the types its ICMP6_FILTER blocks); then the checksum is checked,
 * an echo request is answered with an echo reply carrying the same
 * identifier, sequence and data (icmp_echo, icmpv6_echo_reply) and an echo
 * reply goes to the ping socket whose identifier it carries (ping_rcv).
 *
 * Errors: a UDP datagram no socket takes is answered with a destination
 * (port) unreachable quoting it (icmp_send_port_unreach, from udp_rcv).
 * A received error (IPv4 destination unreachable and parameter problem;
 * ICMPv6 destination unreachable, packet too big and parameter problem)
 * goes to the UDP socket that sent the quoted datagram (error_deliver ->
 * udp_err), as icmp_unreach / icmpv6_notify hand it to udp_err; TCP has
 * no error handler here (a closed TCP port answers with a reset anyway),
 * nor do ping and raw sockets. Other types are only counted.
 *
 * Sockets (icmp_create):
 * - ping sockets, socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) or
 *   socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6): only for a caller whose
 *   effective or supplementary group is in net.ipv4.ping_group_range
 *   (default "1 0": nobody, root included; EACCES). A send must be an echo
 *   request (EINVAL); the kernel puts the socket's identifier (its "port",
 *   bound or picked at the first send) in it and fills the checksum. A
 *   read gives the reply's ICMP message without the IP header.
 * - raw sockets, SOCK_RAW with IPPROTO_ICMP (AF_INET) or IPPROTO_ICMPV6
 *   (AF_INET6), for CAP_NET_RAW (EPERM): what is sent is the ICMP message
 *   as given (IPv4: its checksum too; ICMPv6: the kernel fills the
 *   checksum at offset 2, as rawv6 does for ICMPv6), what is read is every
 *   ICMP packet that arrives. Raw sockets of other protocols are not here
 *   (ESOCKTNOSUPPORT, logged once).
 *
 * Locks: icmp_table_lock (every ICMP socket, their addresses and
 * identifiers), then a socket's sk.lock (its queue and options), then
 * wait-queue locks; the queue's readlock mutex (dgram.c) outside them.
 */
#include "inet.h"

#include <cred.h>
#include <kmalloc.h>
#include <mutex.h>
#include <poll.h>
#include <printk.h>
#include <random.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

#define ICMP_HDR_LEN 8 /* type, code, checksum, identifier, sequence */
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define ICMP_DEST_UNREACH 3
#define ICMP_PORT_UNREACH 3
#define ICMP_FRAG_NEEDED 4
#define ICMP_TIME_EXCEEDED 11
#define ICMP_PARAMETERPROB 12
#define ICMP_ADDRESS 17
#define ICMP_ADDRESSREPLY 18
#define ICMPV6_DEST_UNREACH 1
#define ICMPV6_PKT_TOOBIG 2
#define ICMPV6_TIME_EXCEED 3
#define ICMPV6_PARAMPROB 4
#define ICMPV6_PORT_UNREACH 4
/* How much of the offending packet an error quotes: icmp_send keeps the
 * reply within 576 bytes, icmp6_send within IPV6_MIN_MTU (1280). */
#define IPTOS_TOS_MASK 0x1e
#define IPTOS_PREC_INTERNETCONTROL 0xc0
#define ICMP_QUOTE_MAX (576 - IP_HDR_LEN - ICMP_HDR_LEN)
#define ICMPV6_QUOTE_MAX (1280 - IPV6_HDR_LEN - ICMP_HDR_LEN)
#define PING_MAX_LEN 0xffff /* ping_common_sendmsg and raw_sendmsg: EMSGSIZE past it */

struct icmp_sock {
	struct sock sk;
	bool raw;		       /* SOCK_RAW; else a ping socket */
	u8 proto;		       /* IPPROTO_ICMP or IPPROTO_ICMPV6 */
	struct inet_addr laddr, faddr; /* bound address; connect's [icmp_table_lock] */
	u16 ident;		       /* ping: the echo identifier, 0 until bound [icmp_table_lock] */
	u16 fport;		       /* connect's port: only getpeername shows it [icmp_table_lock] */
	bool connected;		       /* [icmp_table_lock] */
	struct list_head node;	       /* in icmp_socks until released [icmp_table_lock] */
	struct dgram_queue rq;	       /* received messages (dgram.c) */
	struct inet_opts inet;	       /* level IPPROTO_IP [sk.lock] */
	u32 filter[8];		       /* ICMP_FILTER (word 0) or ICMPV6_FILTER [sk.lock] */
	bool recv_hoplimit, recv_2292; /* IPV6_RECVHOPLIMIT, IPV6_2292HOPLIMIT [atomic] */
	int checksum_offset;	       /* IPV6_CHECKSUM at SOL_RAW: kept and reported (-1: off) [sk.lock] */
};

static struct spinlock icmp_table_lock = SPINLOCK_INIT("icmp_table");
static struct list_head icmp_socks = LIST_HEAD_INIT(icmp_socks); /* [icmp_table_lock] */
static u16 next_ident;						 /* [icmp_table_lock] */

/* net.ipv4.ping_group_range: low in the low 32 bits, high in the high ones. */
static u64 ping_group_range = 1; /* "1 0": nobody [atomic] */

/* IcmpMsg and Icmp6 InType/OutType: [v6][type + 256 if sent] (Linux's icmpmsg_statistics) [atomic] */
static u64 icmp_msg[2][512];

static struct icmp_sock *icmp_sk(struct sock *sk)
{
	return (struct icmp_sock *)sk;
}

u64 icmp_msg_count(bool v6, int index)
{
	return __atomic_load_n(&icmp_msg[v6][index], __ATOMIC_RELAXED);
}

/* icmp_out_count / ICMP6MSGOUT_INC_STATS: every ICMP message sent, by type. */
static void count_out(bool v6, u8 type)
{
	net_mib_inc(v6 ? MIB_ICMP6_OUTMSGS : MIB_ICMP_OUTMSGS);
	__atomic_fetch_add(&icmp_msg[v6][256 + type], 1, __ATOMIC_RELAXED);
}

/* ---- net.ipv4.ping_group_range ----------------------------------------------------- */

void ping_group_range_get(u32 *low, u32 *high)
{
	u64 r = __atomic_load_n(&ping_group_range, __ATOMIC_RELAXED);
	*low = (u32)r;
	*high = (u32)(r >> 32);
}

/* ipv4_ping_group_range: two gids in 0..4294967294 (GID_T_MAX);
 * a high end below the low one stores "1 0" (nobody), as Linux does. */
int ping_group_range_store(const char *text, size_t len)
{
	u32 low, high;
	ping_group_range_get(&low, &high);
	long vals[2] = {low, high};
	int ret = sysctl_parse_pair(text, len, 0, 0xfffffffe, vals);
	if (ret < 0)
		return ret;
	if (vals[1] < vals[0]) {
		vals[0] = 1;
		vals[1] = 0;
	}
	__atomic_store_n(&ping_group_range, (u64)vals[0] | (u64)vals[1] << 32, __ATOMIC_RELAXED);
	return ret;
}

/* ping_init_sock: the effective group or a supplementary one in the range. */
static bool ping_group_allowed(void)
{
	u32 low, high;
	ping_group_range_get(&low, &high);
	const struct cred *c = cred_current();
	if (c->egid >= low && c->egid <= high)
		return true;
	for (int i = 0; i < c->groups->count; i++) {
		if (c->groups->gids[i] >= low && c->groups->gids[i] <= high)
			return true;
	}
	return false;
}

/* ---- input ------------------------------------------------------------------------- */

/* Queues a copy of len bytes at data on s (dropped when its buffer is full). */
static void queue_copy(struct icmp_sock *s, const void *data, size_t len, struct inet_addr src, struct inet_addr dst,
		       const struct pkt *p)
{
	struct inet_dgram *d = inet_dgram_alloc(p, data, len, src, dst);
	if (!d)
		return;
	if (p->len >= 4) { /* ip_cmsg_recv_dstaddr reads the ICMP header's bytes 2-3 as the port */
		u16 port;
		memcpy(&port, p->data + 2, sizeof(port));
		d->dport = net16(port);
	}
	dgram_enqueue(&s->sk, &s->rq, d);
}

/* Does s (bound, maybe connected) take a packet from src to dst? [icmp_table_lock] */
static bool addr_match(struct icmp_sock *s, struct inet_addr src, struct inet_addr dst)
{
	if (!inet_addr_is_any(s->laddr) && !inet_addr_eq(s->laddr, dst))
		return false;
	return !s->raw || !s->connected || inet_addr_eq(s->faddr, src);
}

/* Is type blocked by s's ICMP_FILTER / ICMPV6_FILTER? [sk.lock not needed: a word read] */
static bool filtered(struct icmp_sock *s, u8 type)
{
	if (s->proto == IPPROTO_ICMP)
		return type < 32 && (__atomic_load_n(&s->filter[0], __ATOMIC_RELAXED) >> type) & 1;
	return (__atomic_load_n(&s->filter[type >> 5], __ATOMIC_RELAXED) >> (type & 31)) & 1;
}

/* raw_v4_input / ipv6_raw_deliver: a copy for each raw socket that matches.
 * The sockets are held while the table lock is dropped for the copies. */
static void raw_deliver(struct pkt *p, bool v6, struct inet_addr src, struct inet_addr dst)
{
	struct icmp_sock *hits[16];
	int n = 0;
	u8 type = p->len ? p->data[0] : 0;
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	struct icmp_sock *s;
	list_for_each_entry(s, &icmp_socks, node) {
		if (n == (int)(sizeof(hits) / sizeof(hits[0])))
			break; /* more raw sockets than this miss the packet, as a full queue would */
		if (!s->raw || s->sk.net != p->dev->net || (s->sk.family == AF_INET6) != v6 || !addr_match(s, src, dst))
			continue;
		if (p->len && filtered(s, type))
			continue;
		sock_hold(&s->sk);
		hits[n++] = s;
	}
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	for (int i = 0; i < n; i++) {
		if (v6)
			queue_copy(hits[i], p->data, p->len, src, dst, p);
		else /* the IPv4 header goes with it */
			queue_copy(hits[i], p->net_hdr, (size_t)(p->data - p->net_hdr) + p->len, src, dst, p);
		sock_put(&hits[i]->sk);
	}
}

/* ping_lookup: the ping socket of the packet's family with that identifier. */
static void ping_deliver(struct pkt *p, bool v6, struct inet_addr src, struct inet_addr dst)
{
	u16 ident;
	memcpy(&ident, p->data + 4, sizeof(ident));
	ident = net16(ident);
	struct icmp_sock *s, *found = NULL;
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	list_for_each_entry(s, &icmp_socks, node) {
		if (!s->raw && s->ident == ident && s->sk.net == p->dev->net && (s->sk.family == AF_INET6) == v6 &&
		    addr_match(s, src, dst)) {
			found = s;
			sock_hold(&s->sk);
			break;
		}
	}
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	if (found) {
		queue_copy(found, p->data, p->len, src, dst, p);
		sock_put(&found->sk);
	}
}

/* The ICMP checksum: IPv4's covers the message, ICMPv6's the pseudo-header too. */
static u16 icmp_csum(const u8 *msg, size_t len, bool v6, struct inet_addr src, struct inet_addr dst)
{
	return inet_checksum(msg, len, v6 ? inet_pseudo_sum(src, dst, IPPROTO_ICMPV6, len) : 0);
}

/* icmp_echo / icmpv6_echo_reply: the same message back, type changed,
 * from the address it was sent to; queued behind the packet being received. */
static void echo_reply(struct pkt *p, bool v6, struct inet_addr src, struct inet_addr dst)
{
	struct pkt *r = pkt_alloc(NET_HDR_ROOM + p->len);
	if (!r)
		return;
	u8 *msg = r->data + NET_HDR_ROOM;
	memcpy(msg, p->data, p->len);
	msg[0] = v6 ? ICMPV6_ECHO_REPLY : ICMP_ECHOREPLY;
	msg[2] = msg[3] = 0;
	u16 sum = icmp_csum(msg, p->len, v6, dst, src);
	memcpy(msg + 2, &sum, sizeof(sum));
	r->ip_no_df = true;
	r->ip_tos = p->rx_tos; /* icmp_reply's inet->tos, icmpv6_echo_reply's tclass: the request's */
	u8 type = msg[0];
	if (ip_queue_xmit(p->dev->net, r, dst, src, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP) == 0)
		count_out(v6, type); /* else no route back (lo went down): dropped */
}

/* ---- errors ------------------------------------------------------------------------ */

void icmp_send_port_unreach(const struct pkt *p, struct inet_addr src, struct inet_addr dst)
{
	bool v6 = !inet_addr_is_v4(dst);
	/* IPv4 quotes the packet as it came, header and options included
	 * (p->net_hdr); IPv6 quotes its header rebuilt as it reached UDP (a
	 * reassembled packet's, without the fragment header, as ip6_frag_reasm
	 * leaves it) and the payload */
	size_t hdr_len = v6 ? IPV6_HDR_LEN : (size_t)(p->data - p->net_hdr);
	size_t quote = MIN(hdr_len + p->len, v6 ? (size_t)ICMPV6_QUOTE_MAX : (size_t)ICMP_QUOTE_MAX);
	size_t len = ICMP_HDR_LEN + quote;
	struct pkt *r = pkt_alloc(NET_HDR_ROOM + len);
	if (!r)
		return; /* an error that is not sent: as if rate-limited */
	u8 *msg = r->data + NET_HDR_ROOM;
	memset(msg, 0, ICMP_HDR_LEN); /* checksum and the unused word: 0 */
	msg[0] = v6 ? ICMPV6_DEST_UNREACH : ICMP_DEST_UNREACH;
	msg[1] = v6 ? ICMPV6_PORT_UNREACH : ICMP_PORT_UNREACH;
	if (v6) {
		struct ipv6hdr h = {
			.ver_tc_flow = net32(6u << 28),
			.payload_len = net16((u16)p->len),
			.nexthdr = IPPROTO_UDP,
			.hop_limit = p->hop_limit,
		};
		memcpy(h.saddr, src.b, sizeof(h.saddr));
		memcpy(h.daddr, dst.b, sizeof(h.daddr));
		memcpy(msg + ICMP_HDR_LEN, &h, sizeof(h));
		memcpy(msg + ICMP_HDR_LEN + sizeof(h), p->data, quote - sizeof(h));
	} else {
		memcpy(msg + ICMP_HDR_LEN, p->net_hdr, quote);
	}
	/* from the address the datagram was sent to (a local one), back to its sender */
	u16 sum = icmp_csum(msg, len, v6, dst, src);
	memcpy(msg + 2, &sum, sizeof(sum));
	r->ip_no_df = true; /* the ICMP socket's IP_PMTUDISC_DONT */
	if (!v6)	    /* icmp_send: RT_TOS of the datagram's, as internetwork control */
		r->ip_tos = (u8)((p->net_hdr[1] & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL);
	u8 type = msg[0];
	if (ip_queue_xmit(p->dev->net, r, dst, src, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP) == 0)
		count_out(v6, type);
}

/* The errno of an error message and whether it is fatal (a hard error):
 * __udp4_lib_err's switch over icmp_err_convert, and icmpv6_err_convert
 * (packet too big is hard while path MTU discovery is on, its default:
 * __udp6_lib_err). err 0: a message the socket ignores. */
static void error_convert(struct icmp_err *e)
{
	/* icmp_err_convert: {errno, fatal} by destination-unreachable code */
	static const struct {
		u8 err;
		bool fatal;
	} unreach4[16] = {
		{ENETUNREACH, false},  {EHOSTUNREACH, false}, {ENOPROTOOPT, true},  {ECONNREFUSED, true},
		{EMSGSIZE, false},     {EOPNOTSUPP, false},   {ENETUNREACH, true},  {EHOSTDOWN, true},
		{ENONET, true},	       {ENETUNREACH, true},   {EHOSTUNREACH, true}, {ENETUNREACH, false},
		{EHOSTUNREACH, false}, {EHOSTUNREACH, true},  {EHOSTUNREACH, true}, {EHOSTUNREACH, true},
	};
	static const struct {
		u8 err;
		bool fatal;
	} unreach6[7] = {
		{ENETUNREACH, false}, {EACCES, true}, {EHOSTUNREACH, false}, {EHOSTUNREACH, false},
		{ECONNREFUSED, true}, {EACCES, true}, {EACCES, true},
	};
	u8 type = e->type, code = e->code;
	if (!e->v6) {
		e->err = EHOSTUNREACH; /* time exceeded and the rest: soft */
		e->hard = false;
		if (type == ICMP_PARAMETERPROB) {
			e->err = EPROTO;
			e->hard = true;
		} else if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) {
			e->err = EMSGSIZE; /* hard unless IP_PMTUDISC_DONT ignores it (udp_err) */
			e->hard = true;
			e->frag_needed = true;
		} else if (type == ICMP_DEST_UNREACH && code < sizeof(unreach4) / sizeof(unreach4[0])) {
			e->err = unreach4[code].err;
			e->hard = unreach4[code].fatal;
		}
		return;
	}
	e->err = EPROTO;
	e->hard = false;
	if (type == ICMPV6_DEST_UNREACH) {
		e->hard = true;
		if (code < sizeof(unreach6) / sizeof(unreach6[0])) {
			e->err = unreach6[code].err;
			e->hard = unreach6[code].fatal;
		}
	} else if (type == ICMPV6_PKT_TOOBIG) {
		e->err = EMSGSIZE;
		e->hard = true;
	} else if (type == ICMPV6_PARAMPROB) {
		e->hard = true;
	} else if (type == ICMPV6_TIME_EXCEED) {
		e->err = EHOSTUNREACH;
	}
}

/* Is type an error message that quotes a packet (icmp_pointers' icmp_unreach, icmpv6_notify)? */
static bool is_error(bool v6, u8 type)
{
	if (v6)
		return type == ICMPV6_DEST_UNREACH || type == ICMPV6_PKT_TOOBIG || type == ICMPV6_TIME_EXCEED ||
		       type == ICMPV6_PARAMPROB;
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED || type == ICMP_PARAMETERPROB;
}

/* icmp_unreach / icmpv6_notify: the quoted header names the protocol and
 * the addresses; a UDP datagram's sender gets the error. A message too
 * short to quote a header and 8 bytes, or quoting UDP that no socket
 * sent, counts as an input error (Linux's out_err, and __udp4_lib_err's
 * ICMP_MIB_INERRORS). */
static void error_deliver(struct pkt *p, bool v6, struct inet_addr src)
{
	const u8 *q = p->data + ICMP_HDR_LEN;
	size_t qlen = p->len - ICMP_HDR_LEN, hlen;
	struct inet_addr qsrc, qdst;
	u8 proto;
	if (!v6) {
		hlen = qlen ? (size_t)(q[0] & 0xf) * 4 : 0;
		if (qlen < IP_HDR_LEN || (q[0] >> 4) != 4 || hlen < IP_HDR_LEN)
			goto bad;
		u32 a;
		memcpy(&a, q + 12, sizeof(a));
		qsrc = inet_addr_v4(net32(a));
		memcpy(&a, q + 16, sizeof(a));
		qdst = inet_addr_v4(net32(a));
		proto = q[9];
	} else {
		hlen = IPV6_HDR_LEN;
		if (qlen < hlen)
			goto bad;
		memcpy(qsrc.b, q + 8, sizeof(qsrc.b));
		memcpy(qdst.b, q + 24, sizeof(qdst.b));
		proto = q[6];
		if (proto == NEXTHDR_FRAGMENT && qlen >= hlen + 8) { /* ipv6_skip_exthdr */
			proto = q[hlen];
			hlen += 8;
		}
	}
	if (qlen < hlen + 8)
		goto bad;
	if (proto != IPPROTO_UDP)
		return;
	u16 ports[2];
	memcpy(ports, q + hlen, sizeof(ports));
	struct icmp_err e = {
		.v6 = v6,
		.type = p->data[0],
		.code = p->data[1],
		.offender = src,
		.payload = q + hlen + UDP_HDR_LEN,
		.payload_len = qlen - hlen - UDP_HDR_LEN,
	};
	u32 word; /* the ICMP header's second word */
	memcpy(&word, p->data + 4, sizeof(word));
	word = net32(word);
	if (v6) /* icmpv6_notify: the MTU (or pointer) field as it is */
		e.info = word;
	else if (e.type == ICMP_DEST_UNREACH && e.code == ICMP_FRAG_NEEDED) /* icmp_unreach */
		e.info = word & 0xffff;
	else if (e.type == ICMP_PARAMETERPROB)
		e.info = word >> 24;
	error_convert(&e);
	if (udp_err(p->dev->net, qsrc, net16(ports[0]), qdst, net16(ports[1]), &e))
		return;
bad:
	net_mib_inc(v6 ? MIB_ICMP6_INERRORS : MIB_ICMP_INERRORS);
}

void icmp_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst)
{
	bool v6 = !inet_addr_is_v4(dst);
	raw_deliver(p, v6, src, dst);
	net_mib_inc(v6 ? MIB_ICMP6_INMSGS : MIB_ICMP_INMSGS);
	if (p->len < ICMP_HDR_LEN) {
		net_mib_inc(v6 ? MIB_ICMP6_INERRORS : MIB_ICMP_INERRORS);
		goto out;
	}
	/* always checked: an ICMP message is checksummed in software by whoever
	 * made it (CHECKSUM_NONE on Linux too), and a raw socket's may be wrong */
	if (icmp_csum(p->data, p->len, v6, src, dst) != 0) {
		net_mib_inc(v6 ? MIB_ICMP6_INCSUMERRORS : MIB_ICMP_INCSUMERRORS);
		net_mib_inc(v6 ? MIB_ICMP6_INERRORS : MIB_ICMP_INERRORS);
		goto out;
	}
	u8 type = p->data[0];
	__atomic_fetch_add(&icmp_msg[v6][type], 1, __ATOMIC_RELAXED);
	/* icmp_rcv: to a broadcast address, echo and timestamp requests are
	 * ignored (RFC 1122 3.2.2.6; net.ipv4.icmp_echo_ignore_broadcasts is 1)
	 * and so is everything else but the address-mask messages, which are
	 * only counted here anyway */
	if (!v6 && netdev_is_broadcast(p->dev->net, dst) && type != ICMP_ADDRESS && type != ICMP_ADDRESSREPLY) {
		net_mib_inc(MIB_ICMP_INERRORS);
		goto out;
	}
	if (type == (v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO))
		echo_reply(p, v6, src, dst);
	else if (type == (v6 ? ICMPV6_ECHO_REPLY : ICMP_ECHOREPLY))
		ping_deliver(p, v6, src, dst);
	else if (is_error(v6, type))
		error_deliver(p, v6, src);
out:
	kfree(p);
}

/* ---- sockets ----------------------------------------------------------------------- */

/* ping_get_port: ident, or when 0 the next identifier no ping socket
 * holds. A chosen one is taken even when another socket has it: ping
 * sockets are made with SO_REUSEADDR on (INET_PROTOSW_REUSE), and the
 * conflict check only refuses sockets that both turned it off. A bound
 * socket goes to the head of the table, so an echo reply for a shared
 * identifier reaches the latest, as Linux's hlist_add_head makes it.
 * [icmp_table_lock] */
static int take_ident(struct icmp_sock *s, u16 ident)
{
	struct icmp_sock *o;
	for (u32 i = 0; !ident && i < 65536; i++) {
		if (!++next_ident)
			next_ident = 1; /* 0 is "none" */
		bool taken = false;
		list_for_each_entry(o, &icmp_socks, node) {
			if (!o->raw && o->ident == next_ident && o->sk.net == s->sk.net)
				taken = true;
		}
		if (!taken)
			ident = next_ident;
	}
	if (!ident)
		return -EADDRINUSE;
	list_for_each_entry(o, &icmp_socks, node) {
		if (o != s && !o->raw && o->ident == ident && o->sk.net == s->sk.net &&
		    !(o->sk.reuseaddr || s->sk.reuseaddr))
			return -EADDRINUSE;
	}
	s->ident = ident;
	list_del(&s->node);
	list_add(&s->node, &icmp_socks);
	return 0;
}

/* inet_autobind before a ping socket's first send or connect (EAGAIN if no identifier is free). */
static int autobind(struct icmp_sock *s)
{
	if (s->raw)
		return 0; /* a raw socket's "port" is its protocol */
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	int err = s->ident ? 0 : take_ident(s, 0);
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	return err ? -EAGAIN : 0;
}

/* A destination address (ping_v4_sendmsg, ping_v6_sendmsg, raw_sendmsg,
 * rawv6_sendmsg): the family's sockaddr (a raw socket also takes family
 * 0); EINVAL if short (an IPv6 ping socket's a whole sockaddr_in6, a raw
 * one's SIN6_LEN_RFC2133) or, for IPv6 ping, a v4-mapped address. */
static int get_dst(struct icmp_sock *s, const u8 *name, int len, struct inet_addr *dst, u16 *port)
{
	bool v6 = s->sk.family == AF_INET6;
	int need = !v6 ? (int)sizeof(struct sockaddr_in_user) : s->raw ? 24 : 28;
	if (len < need)
		return -EINVAL;
	u16 family;
	memcpy(&family, name, sizeof(family));
	if (family != s->sk.family && !(s->raw && family == AF_UNSPEC))
		return -EAFNOSUPPORT;
	memcpy(port, name + 2, sizeof(*port));
	*port = net16(*port);
	if (v6) {
		memcpy(dst->b, name + 8, sizeof(dst->b));
		if (!s->raw && inet_addr_is_v4(*dst))
			return -EINVAL;
	} else {
		u32 a;
		memcpy(&a, name + 4, sizeof(a));
		*dst = inet_addr_v4(net32(a));
	}
	return inet_dst_check(dst, s->laddr, false);
}

static int icmp_bind(struct sock *sk, const void *addr, int len)
{
	struct icmp_sock *s = icmp_sk(sk);
	struct inet_addr ip;
	u16 port;
	/* ping_check_bind_addr and raw_bind/rawv6_bind: the address must be ours */
	int err = inet_get_name(sk->family, addr, len, &ip, &port, true);
	if (!err)
		err = inet_bind_check(sk->net, ip, 0, false,
				      inet_nonlocal_bind(&s->inet)); /* no privileged identifiers */
	if (err)
		return err;
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	if (!s->raw && s->ident)
		err = -EINVAL; /* ping_bind: bound already */
	else if (!s->raw)
		err = take_ident(s, port);
	if (!err)
		s->laddr = ip;
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	return err;
}

/* ip4_datagram_connect / ip6_datagram_connect: a default destination;
 * AF_UNSPEC forgets it. */
static int icmp_connect(struct sock *sk, const void *addr, int len, int flags)
{
	struct icmp_sock *s = icmp_sk(sk);
	u16 family;
	if (len >= (int)sizeof(family)) {
		memcpy(&family, addr, sizeof(family));
		if (family == AF_UNSPEC) {
			unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
			s->connected = false;
			s->faddr = inet_addr_any(sk->family);
			s->fport = 0;
			spin_unlock_irqrestore(&icmp_table_lock, irq);
			return 0;
		}
	}
	int err = autobind(s);
	struct inet_addr dst;
	struct inet_route rt;
	u16 port = 0;
	if (!err)
		err = get_dst(s, addr, len, &dst, &port);
	if (!err)
		err = inet_route(sk->net, &s->inet, dst, s->laddr, &rt);
	if (!err && rt.broadcast && !sk->broadcast)
		err = -EACCES; /* ip4_datagram_connect */
	if (err)
		return err;
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	s->faddr = dst;
	s->fport = port;
	s->connected = true;
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	return 0;
}

/* inet_getname / inet6_getname: a ping socket's port is its identifier, a
 * raw socket's its protocol (inet_create sets inet_sport from inet_num);
 * the peer's is the one connect was given. */
static int icmp_getname(struct sock *sk, void *addr, bool peer)
{
	struct icmp_sock *s = icmp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	bool connected = s->connected;
	struct inet_addr ip = peer ? s->faddr : s->laddr;
	u16 port = peer ? s->fport : s->raw ? s->proto : s->ident;
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	if (peer && !connected)
		return -ENOTCONN;
	return inet_put_name(sk->family, addr, ip, port);
}

/* ping_common_sendmsg's checks, then the destination; -errno or 0. */
static int send_checks(struct icmp_sock *s, const u8 *msg, size_t len, int flags)
{
	if (len > PING_MAX_LEN)
		return -EMSGSIZE;
	if (!s->raw && len < ICMP_HDR_LEN)
		return -EINVAL; /* a ping needs a whole ICMP header */
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (!s->raw && (msg[0] != (s->proto == IPPROTO_ICMP ? ICMP_ECHO : ICMPV6_ECHO_REQUEST) || msg[1] != 0))
		return -EINVAL; /* ping_supported: echo requests only */
	return 0;
}

/* The checksum a send fills: a ping's always, a raw socket's at IPV6_CHECKSUM's offset. */
static int fill_checksum(struct icmp_sock *s, u8 *msg, size_t len, struct inet_addr src, struct inet_addr dst)
{
	int off = s->raw ? __atomic_load_n(&s->checksum_offset, __ATOMIC_RELAXED) : 2;
	if (off < 0)
		return 0;
	if ((size_t)off + 1 >= len)
		return -EINVAL; /* rawv6_push_pending_frames: the field must fit */
	msg[off] = msg[off + 1] = 0;
	u16 sum = icmp_csum(msg, len, s->sk.family == AF_INET6, src, dst);
	if (sum == 0 && s->sk.family == AF_INET6)
		sum = 0xffff; /* csum_ipv6_magic's zero is sent as all ones */
	memcpy(msg + off, &sum, sizeof(sum));
	return 0;
}

static ssize_t icmp_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct icmp_sock *s = icmp_sk(sk);
	struct inet_addr dst, src;
	int err = autobind(s); /* inet_send_prepare: before anything is checked */
	if (err)
		return err;
	if (len > PING_MAX_LEN)
		return -EMSGSIZE;
	struct pkt *p = pkt_alloc(NET_HDR_ROOM + len);
	if (!p)
		return -ENOBUFS;
	u8 *msg = p->data + NET_HDR_ROOM;
	if (msg_iter_copy_in(msg, &m->iter, len)) {
		err = -EFAULT;
		goto out_free;
	}
	if ((err = send_checks(s, msg, len, m->flags)))
		goto out_free;
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	bool connected = s->connected;
	struct inet_addr bound = s->laddr;
	dst = s->faddr;
	u16 ident = s->ident;
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	u16 unused_port;
	if (m->namelen)
		err = get_dst(s, m->name, m->namelen, &dst, &unused_port);
	else if (!connected)
		err = -EDESTADDRREQ;
	struct inet_route rt;
	if (!err)
		err = inet_route(sk->net, &s->inet, dst, bound, &rt);
	if (!err && rt.broadcast && !sk->broadcast)
		err = -EACCES; /* ping_v4_sendmsg, raw_sendmsg: after the route, connected or not */
	if (err)
		goto out_free;
	src = !inet_addr_is_any(bound) && !netdev_is_broadcast(sk->net, bound) ? bound : rt.src;
	if (!s->raw) {
		u16 id = net16(ident);
		memcpy(msg + 4, &id, sizeof(id)); /* the socket's identifier replaces the caller's */
	}
	if ((err = fill_checksum(s, msg, len, src, dst))) /* raw IPv4: sent as the caller made it */
		goto out_free;
	u8 type = len ? msg[0] : 0;
	inet_pkt_opts(p, &s->inet, dst);
	err = ip_output(sk->net, p, src, dst, s->proto);
	if (err)
		return err;
	if (len)
		count_out(s->proto == IPPROTO_ICMPV6, type);
	return (ssize_t)len;
out_free:
	kfree(p);
	return err;
}

/* The hop limit as IPV6_HOPLIMIT or RFC 2292's IPV6_2292HOPLIMIT
 * (ip6_datagram_recv_specific_ctl); one control message here, the newer
 * name when both are asked for. */
static void put_hoplimit(struct icmp_sock *s, struct sock_msg *m, const struct inet_dgram *d)
{
	int type = __atomic_load_n(&s->recv_hoplimit, __ATOMIC_RELAXED) ? IPV6_HOPLIMIT
		   : __atomic_load_n(&s->recv_2292, __ATOMIC_RELAXED)	? IPV6_2292HOPLIMIT
									: 0;
	if (!type)
		return;
	int hop = d->hop_limit;
	sock_msg_put_cmsg(m, IPPROTO_IPV6, type, &hop, sizeof(hop));
}

/* ping_recvmsg, raw_recvmsg, rawv6_recvmsg: one message, the source with port 0. */
static ssize_t icmp_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct icmp_sock *s = icmp_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->flags & MSG_ERRQUEUE)
		return sock_recv_err(sk, m, len); /* ip_recv_error: nothing queues one on these sockets (EAGAIN) */
	struct inet_dgram *d = NULL;
	mutex_lock(&s->rq.readlock);
	ssize_t ret = dgram_next(sk, &s->rq, m->flags, &d);
	if (!ret) {
		m->namelen = inet_put_name(sk->family, m->name, d->saddr, 0);
		if (sk->family == AF_INET6)
			put_hoplimit(s, m, d);
		else /* ping_recvmsg, raw_recvmsg: ip_cmsg_recv */
			dgram_put_ip4_cmsgs(sk, &s->inet, m, d);
		ret = dgram_copy_out(sk, m, d, len);
	}
	mutex_unlock(&s->rq.readlock);
	if (d && !(m->flags & MSG_PEEK))
		kfree(d);
	return ret;
}

static short icmp_poll(struct sock *sk, struct file *f, struct poll_table *pt)
{
	return dgram_poll(sk, &icmp_sk(sk)->rq, pt);
}

/* raw_ioctl / rawv6_ioctl: SIOCINQ is the next packet's size, SIOCOUTQ 0;
 * ping_prot has no ioctl (the device ioctls, then ENOTTY). */
static long icmp_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	struct icmp_sock *s = icmp_sk(sk);
	return s->raw ? dgram_ioctl(sk, &s->rq, cmd, arg) : -ENOIOCTLCMD;
}

static int icmp_shutdown(struct sock *sk, int mode)
{
	return dgram_shutdown(sk, mode, __atomic_load_n(&icmp_sk(sk)->connected, __ATOMIC_RELAXED));
}

static void icmp_release(struct sock *sk)
{
	struct icmp_sock *s = icmp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	list_del(&s->node);
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	dgram_release(sk, &s->rq);
	sock_put(sk);
}

static void icmp_destroy(struct sock *sk)
{
	kfree(icmp_sk(sk));
}

/* An int option's value: EINVAL when shorter (do_ipv6_setsockopt, do_rawv6_setsockopt). */
static int int_opt(const void *val, int len, int *v)
{
	if (len < (int)sizeof(int))
		return -EINVAL;
	memcpy(v, val, sizeof(*v));
	return 0;
}

/*
 * Options: SOL_RAW's ICMP_FILTER (raw IPv4 ICMP: the blocked types
 * 0..31) and IPV6_CHECKSUM (raw IPv6: the checksum's offset, -1 off; odd:
 * EINVAL); IPPROTO_ICMPV6's ICMPV6_FILTER (raw IPv6); IPPROTO_IPV6's
 * IPV6_RECVHOPLIMIT and IPV6_2292HOPLIMIT (IPV6_CHECKSUM there is EINVAL
 * on ICMPv6); the rest of IPPROTO_IP and IPPROTO_IPV6 as other inet
 * sockets (inet_setsockopt). A filter shorter than its struct sets its
 * first bytes, a longer one is cut (raw_seticmpfilter, rawv6_seticmpfilter).
 */
static int icmp_setsockopt(struct sock *sk, int level, int name, const void *val, int len)
{
	struct icmp_sock *s = icmp_sk(sk);
	bool v6 = sk->family == AF_INET6;
	int v = 0, err;
	unsigned long irq;
	if (s->raw && ((level == SOL_RAW && name == ICMP_FILTER && !v6) ||
		       (level == IPPROTO_ICMPV6 && name == ICMPV6_FILTER && v6))) {
		size_t n = len < 0 ? 0 : MIN((size_t)len, v6 ? sizeof(s->filter) : sizeof(s->filter[0]));
		irq = spin_lock_irqsave(&sk->lock);
		memcpy(s->filter, val, n);
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	}
	if (s->raw && v6 && name == IPV6_CHECKSUM && (level == SOL_RAW || level == IPPROTO_IPV6)) {
		if ((err = int_opt(val, len, &v)))
			return err;
		if (level == IPPROTO_IPV6 || (v > 0 && (v & 1)))
			return -EINVAL;
		__atomic_store_n(&s->checksum_offset, v < 0 ? -1 : v, __ATOMIC_RELAXED);
		return 0;
	}
	if (v6 && level == IPPROTO_IPV6 && (name == IPV6_RECVHOPLIMIT || name == IPV6_2292HOPLIMIT)) {
		if ((err = int_opt(val, len, &v)))
			return err;
		__atomic_store_n(name == IPV6_RECVHOPLIMIT ? &s->recv_hoplimit : &s->recv_2292, v != 0,
				 __ATOMIC_RELAXED);
		return 0;
	}
	if (level == SOL_RAW || level == IPPROTO_ICMPV6)
		return -ENOPROTOOPT;
	return inet_setsockopt(sk, &s->inet, false, level, name, val, len);
}

static int icmp_getsockopt(struct sock *sk, int level, int name, void *val, int *len)
{
	struct icmp_sock *s = icmp_sk(sk);
	bool v6 = sk->family == AF_INET6;
	int v;
	if (s->raw && ((level == SOL_RAW && name == ICMP_FILTER && !v6) ||
		       (level == IPPROTO_ICMPV6 && name == ICMPV6_FILTER && v6))) {
		size_t n = v6 ? sizeof(s->filter) : sizeof(s->filter[0]);
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		memcpy(val, s->filter, n);
		spin_unlock_irqrestore(&sk->lock, irq);
		*len = (int)n; /* the generic layer cuts it to the caller's length */
		return 0;
	}
	if (s->raw && v6 && level == SOL_RAW && name == IPV6_CHECKSUM)
		v = __atomic_load_n(&s->checksum_offset, __ATOMIC_RELAXED);
	else if (v6 && level == IPPROTO_IPV6 && name == IPV6_RECVHOPLIMIT)
		v = __atomic_load_n(&s->recv_hoplimit, __ATOMIC_RELAXED);
	else if (v6 && level == IPPROTO_IPV6 && name == IPV6_2292HOPLIMIT)
		v = __atomic_load_n(&s->recv_2292, __ATOMIC_RELAXED);
	else if (level == SOL_RAW || level == IPPROTO_ICMPV6)
		return -ENOPROTOOPT;
	else
		return inet_getsockopt(sk, &s->inet, level, name, val, len);
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static const struct proto_ops icmp_ops = {
	.family = AF_INET,
	.release = icmp_release,
	.destroy = icmp_destroy,
	.bind = icmp_bind,
	.connect = icmp_connect,
	.getname = icmp_getname,
	.poll = icmp_poll,
	.ioctl = icmp_ioctl,
	.shutdown = icmp_shutdown,
	.sendmsg = icmp_sendmsg,
	.recvmsg = icmp_recvmsg,
	.setsockopt = icmp_setsockopt,
	.getsockopt = icmp_getsockopt,
};

/* inet_create / inet6_create for SOCK_RAW (any protocol but 0, which no
 * raw protosw takes: EPROTONOSUPPORT; then CAP_NET_RAW) and for the ping
 * protocols of SOCK_DGRAM (ping_init_sock's group check). */
int icmp_create(int family, int type, int protocol, struct sock **out)
{
	u8 proto = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	bool raw = type == SOCK_RAW;
	if (raw) {
		if (protocol == IPPROTO_IP)
			return -EPROTONOSUPPORT;
		if (!capable(CAP_NET_RAW))
			return -EPERM;
		if (protocol != proto) {
			static bool logged;
			if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
				pr_info("net: raw sockets of protocol %d are not implemented (ESOCKTNOSUPPORT)\n",
					protocol);
			return -ESOCKTNOSUPPORT;
		}
	} else if (!ping_group_allowed()) {
		return -EACCES;
	}
	struct icmp_sock *s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	sock_init(&s->sk, &icmp_ops, type, proto, net_ns_current());
	s->sk.family = family;
	s->raw = raw;
	s->proto = proto;
	s->laddr = s->faddr = inet_addr_any(family);
	s->checksum_offset = raw && proto == IPPROTO_ICMPV6 ? 2 : -1; /* rawv6_init_sk */
	s->sk.reuseaddr = true; /* INET_PROTOSW_REUSE: raw and ping sockets start with SO_REUSEADDR */
	dgram_queue_init(&s->rq, "icmp_read");
	s->inet = INET_OPTS_INIT;
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	list_add_tail(&s->node, &icmp_socks);
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	*out = &s->sk;
	return 0;
}

/* ---- /proc/net/raw, raw6, icmp, icmp6 ------------------------------------------------ */

/* One line of /proc/net/icmp padded to 127 columns (ping_v4_seq_show's seq_setwidth). */
#define PROC_ICMP_WIDTH 127

/* One socket's line (raw_sock_seq_show, ping_v4_format_sock, ip6_dgram_sock_seq_show). [icmp_table_lock] */
static void proc_line(struct proc_net_text *text, unsigned width, struct icmp_sock *s)
{
	bool v6 = s->sk.family == AF_INET6;
	char local[33], remote[33];
	inet_proc_addr(local, s->sk.family, s->laddr);
	inet_proc_addr(remote, s->sk.family, s->faddr);
	unsigned slot = s->raw ? s->proto : s->ident & 63u;
	unsigned lport = s->raw ? s->proto : s->ident, rport = s->raw ? 0u : s->fport;
	proc_net_line(text, width,
		      "%*u: %s:%04X %s:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d 0000000000000000 %u",
		      !v6 && s->raw ? 4 : 5, slot, local, lport, remote, rport, s->connected ? 1u : 7u, 0u,
		      (unsigned)__atomic_load_n(&s->rq.bytes, __ATOMIC_RELAXED), 0u, 0ul, 0u, s->sk.uid, 0,
		      (unsigned long)s->sk.ino, __atomic_load_n(&s->sk.refcount, __ATOMIC_RELAXED), 0u);
}

/*
 * raw_seq_show, raw6_seq_show, ping_v4_seq_show and ping_v6_seq_show: the
 * raw or the ping sockets of one family, newest first as Linux's hash
 * chains hold them (raw sockets are added at the table's tail when made,
 * ping sockets moved to its head when they take an identifier). The first
 * column is the hash slot: a raw socket's protocol in a 256-slot table
 * (raw_hashfunc), a ping socket's identifier in a 64-slot one (ping_hashfn);
 * Linux mixes a random per-namespace value into both, not copied. The local port is a raw socket's protocol and a ping
 * socket's identifier; a raw socket's remote port is 0. State 07
 * (TCP_CLOSE), 01 once connected. Only ping sockets with an identifier are
 * listed (ping_get_port hashes them). rx_queue is the bytes queued (Linux
 * counts the buffers' true size), the kernel pointer reads as zeros, drops
 * as 0. Only /proc/net/raw's slot is four columns wide; only icmp's lines
 * are padded.
 */
static size_t icmp_proc_family(char *buf, size_t cap, int family, bool raw)
{
	struct proc_net_text text = {buf, cap, 0};
	bool v6 = family == AF_INET6;
	unsigned width = !v6 && !raw ? PROC_ICMP_WIDTH : 0;
	proc_net_line(&text, width, "%s",
		      v6 ? "  sl  local_address                         remote_address                        st "
			   "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops"
			 : "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
			   "timeout inode ref pointer drops");
	struct net_ns *net = net_ns_current(); /* the reader's (/proc/net is per namespace) */
	unsigned long irq = spin_lock_irqsave(&icmp_table_lock);
	struct icmp_sock *s;
	if (raw) {
		list_for_each_entry_reverse(s, &icmp_socks, node)
		{
			if (s->sk.family == family && s->raw && s->sk.net == net)
				proc_line(&text, width, s);
		}
	} else {
		list_for_each_entry(s, &icmp_socks, node) {
			if (s->sk.family == family && !s->raw && s->ident && s->sk.net == net)
				proc_line(&text, width, s);
		}
	}
	spin_unlock_irqrestore(&icmp_table_lock, irq);
	return text.len;
}

size_t raw_proc_format(char *buf, size_t cap)
{
	return icmp_proc_family(buf, cap, AF_INET, true);
}

size_t raw6_proc_format(char *buf, size_t cap)
{
	return icmp_proc_family(buf, cap, AF_INET6, true);
}

size_t icmp_proc_format(char *buf, size_t cap)
{
	return icmp_proc_family(buf, cap, AF_INET, false);
}

size_t icmp6_proc_format(char *buf, size_t cap)
{
	return icmp_proc_family(buf, cap, AF_INET6, false);
}
