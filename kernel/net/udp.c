/*
 * udp.c — AF_INET and UDP sockets (RFC 768; Linux net/ipv4/af_inet.c,
 * udp.c, datagram.c) over the IPv4 code in ipv4.c.
 *
 * A UDP socket has a local address and port (bound, or given an ephemeral
 * port from 32768-60999 — /proc/sys/net/ipv4/ip_local_port_range — on its
 * first send or connect), and when connected a remote one. A send builds
 * the UDP header and checksum and goes down through ip_output and the
 * device; udp_rcv gets the packet back from the device, checks it and
 * queues it on the socket that matches best (a connected socket for that
 * remote end, then one bound to the address, then one bound to any). No
 * match drops the datagram and answers with an ICMP port unreachable
 * (icmp.c), which a connected sender sees as ECONNREFUSED (udp_err).
 * A datagram to a broadcast address (127.255.255.255, 255.255.255.255)
 * goes instead to every socket that matches, and needed SO_BROADCAST to be
 * sent (udp_broadcast_rcv, docs/net.md "Broadcast").
 * Sockets with SO_REUSEPORT may share a port; the datagram then goes to
 * the member of the best match's group its four-tuple picks (reuseport_select).
 * A datagram that would take the receive queue past SO_RCVBUF is dropped,
 * as on Linux.
 *
 * inet_create (here) hands SOCK_STREAM to tcp.c, SOCK_RAW and ping
 * sockets to icmp.c; other types are ESOCKTNOSUPPORT, what Linux says for
 * a type no protocol registered.
 *
 * Locks: udp_table_lock (every UDP socket with a port, their addresses and
 * ports), then a socket's sk.lock (its queue), then wait-queue locks; the
 * queue's readlock mutex (one reader at a time, dgram.c) outside all of them.
 */
#include "inet.h"

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <mutex.h>
#include <poll.h>
#include <random.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

#define UDP_MAX_PAYLOAD (65535 - IP_HDR_LEN - UDP_HDR_LEN) /* over IPv4 */
#define UDP6_MAX_PAYLOAD (65535 - UDP_HDR_LEN)		   /* IPv6's payload length excludes its header */

struct udp_sock {
	struct sock sk;
	struct inet_addr laddr, faddr; /* [udp_table_lock] */
	u16 lport, fport;	       /* host order; lport 0: no port yet [udp_table_lock] */
	bool connected;		       /* [udp_table_lock] */
	bool addr_locked;	       /* bind chose laddr: disconnect keeps it (SOCK_BINDADDR_LOCK) [udp_table_lock] */
	bool port_locked;	       /* bind chose lport: disconnect keeps it (SOCK_BINDPORT_LOCK) [udp_table_lock] */
	struct list_head node;	       /* in udp_sockets while it has a port [udp_table_lock] */
	struct dgram_queue rq;	       /* received datagrams (dgram.c) */
	struct inet_opts inet;	       /* level IPPROTO_IP [sk.lock] */
	/* A datagram being corked (MSG_MORE, UDP_CORK; Linux's up->pending and
	 * inet->cork): its first send decided where it goes; later ones add
	 * their bytes until one without MSG_MORE, or UDP_CORK's clearing,
	 * sends it whole. [send_lock] */
	struct mutex send_lock; /* Linux's lock_sock around udp_sendmsg's corking */
	bool cork_opt;		/* UDP_CORK [send_lock] */
	bool pending;
	struct inet_addr cork_src, cork_dst;
	u16 cork_dport;
	size_t cork_len;
	u8 *cork_data; /* UDP6_MAX_PAYLOAD bytes, from the first corked send to the release */
};

static struct spinlock udp_table_lock = SPINLOCK_INIT("udp_table");
static struct list_head udp_sockets = LIST_HEAD_INIT(udp_sockets); /* [udp_table_lock] */
static u32 next_port;						   /* [udp_table_lock] */

/* Counts a UDP event in /proc/net/snmp (IPv4) or snmp6 (IPv6). */
static void udp_mib(struct inet_addr dst, enum net_mib m)
{
	net_mib_inc(inet_addr_is_v4(dst) ? m : (enum net_mib)(m + (MIB_UDP6_INDATAGRAMS - MIB_UDP_INDATAGRAMS)));
}

static struct udp_sock *udp_sk(struct sock *sk)
{
	return (struct udp_sock *)sk;
}

/* Is (addr, port) taken by another socket? Both with SO_REUSEADDR may share. [udp_table_lock] */
static bool port_taken(struct udp_sock *me, struct inet_addr addr, u16 port)
{
	struct udp_sock *u;
	bool me_v6only = __atomic_load_n(&me->inet.v6only, __ATOMIC_RELAXED);
	list_for_each_entry(u, &udp_sockets, node) {
		if (u == me || u->lport != port || u->sk.net != me->sk.net)
			continue;
		if (!inet_locals_overlap(u->laddr, __atomic_load_n(&u->inet.v6only, __ATOMIC_RELAXED), addr, me_v6only))
			continue;
		if (u->sk.reuseaddr && me->sk.reuseaddr)
			continue;
		if (u->sk.reuseport && me->sk.reuseport && u->sk.uid == me->sk.uid)
			continue; /* udp_lib_lport_inuse: SO_REUSEPORT on both, one owner */
		return true;
	}
	return false;
}

/* Gives u (addr, port), or an ephemeral port when port is 0 (inet_csk_get_port / udp_lib_get_port). */
static int take_port(struct udp_sock *u, struct inet_addr addr, u16 port)
{
	int err = 0;
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	if (u->lport) {
		err = -EINVAL;
		goto out;
	}
	if (!port) {
		if (!next_port) {
			u32 r;
			random_get_bytes(&r, sizeof(r));
			next_port = r;
		}
		u16 low, high;
		inet_port_range(&low, &high);
		u32 span = (u32)high - low + 1;
		for (u32 i = 0; i < span && !port; i++) {
			u16 candidate = (u16)(low + next_port++ % span);
			if (!port_taken(u, addr, candidate))
				port = candidate;
		}
		if (!port) {
			err = -EAGAIN; /* Linux: no ephemeral port left */
			goto out;
		}
	} else if (port_taken(u, addr, port)) {
		err = -EADDRINUSE;
		goto out;
	}
	u->laddr = addr;
	u->lport = port;
	list_add_tail(&u->node, &udp_sockets);
out:
	spin_unlock_irqrestore(&udp_table_lock, irq);
	return err;
}

static int udp_bind(struct sock *sk, const void *addr, int len)
{
	struct inet_addr ip;
	u16 port;
	struct udp_sock *u = udp_sk(sk);
	/* inet_bind: AF_UNSPEC with INADDR_ANY is allowed */
	int err = inet_get_name(sk->family, addr, len, &ip, &port, true);
	if (!err)
		err = inet_bind_check(sk->net, ip, port, __atomic_load_n(&u->inet.v6only, __ATOMIC_RELAXED),
				      inet_nonlocal_bind(&u->inet));
	if (err)
		return err;
	if (!port && __atomic_load_n(&u->inet.bind_no_port, __ATOMIC_RELAXED)) {
		/* __inet_bind: the address only; inet_autobind takes a port later */
		unsigned long irq = spin_lock_irqsave(&udp_table_lock);
		err = u->lport ? -EINVAL : 0;
		if (!err) {
			u->laddr = ip;
			u->addr_locked = !inet_addr_is_any(ip);
		}
		spin_unlock_irqrestore(&udp_table_lock, irq);
		return err;
	}
	err = take_port(u, ip, port);
	if (!err) {
		unsigned long irq = spin_lock_irqsave(&udp_table_lock);
		u->addr_locked = !inet_addr_is_any(ip);
		u->port_locked = port != 0;
		spin_unlock_irqrestore(&udp_table_lock, irq);
	}
	return err;
}

/* inet_autobind: an ephemeral port before the first send or connect (EAGAIN
 * if none is left), on the address bind gave without a port, if any. */
static int autobind(struct udp_sock *u)
{
	if (__atomic_load_n(&u->lport, __ATOMIC_RELAXED))
		return 0;
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	struct inet_addr addr = u->laddr; /* any, or bound with IP_BIND_ADDRESS_NO_PORT */
	spin_unlock_irqrestore(&udp_table_lock, irq);
	int err = take_port(u, addr, 0);
	return err == -EINVAL ? 0 : err ? -EAGAIN : 0; /* EINVAL: another thread bound it meanwhile */
}

static int udp_connect(struct sock *sk, const void *addr, int len, int flags)
{
	struct udp_sock *u = udp_sk(sk);
	const struct sockaddr_in_user *sin = addr;
	if (len >= (int)sizeof(sin->sin_family) && sin->sin_family == AF_UNSPEC) {
		/* udp_disconnect: an address or port bind did not choose goes too */
		unsigned long irq = spin_lock_irqsave(&udp_table_lock);
		u->connected = false;
		u->faddr = inet_addr_any(sk->family);
		u->fport = 0;
		if (!u->addr_locked)
			u->laddr = inet_addr_any(sk->family);
		if (!u->port_locked && u->lport) {
			list_del(&u->node);
			u->lport = 0;
		}
		spin_unlock_irqrestore(&udp_table_lock, irq);
		return 0;
	}
	int err = autobind(u); /* inet_dgram_connect binds first */
	if (err)
		return err;
	struct inet_addr ip;
	u16 port;
	if ((err = inet_get_name(sk->family, addr, len, &ip, &port, false)))
		return err;
	if ((err = inet_dst_check(&ip, u->laddr, __atomic_load_n(&u->inet.v6only, __ATOMIC_RELAXED))))
		return err;
	struct inet_route rt;
	if ((err = inet_route(sk->net, &u->inet, ip, u->laddr, &rt)))
		return err;
	if (rt.broadcast && !sk->broadcast)
		return -EACCES; /* __ip4_datagram_connect */
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	if (inet_addr_is_any(u->laddr))
		u->laddr = rt.src; /* __ip4_datagram_connect: the route's source */
	u->faddr = ip;
	u->fport = port;
	u->connected = true;
	spin_unlock_irqrestore(&udp_table_lock, irq);
	return 0;
}

static int udp_getname(struct sock *sk, void *addr, bool peer)
{
	struct udp_sock *u = udp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	bool connected = u->connected;
	struct inet_addr ip = peer ? u->faddr : u->laddr;
	u16 port = peer ? u->fport : u->lport;
	spin_unlock_irqrestore(&udp_table_lock, irq);
	if (peer && !connected)
		return -ENOTCONN;
	return inet_put_name(sk->family, addr, ip, port);
}

/* One datagram of len bytes from src to (dst, dport), its payload copied
 * from the message (m) or from the cork (kbuf). */
static int udp_send_datagram(struct udp_sock *u, struct inet_addr src, struct inet_addr dst, u16 dport,
			     struct sock_msg *m, const u8 *kbuf, size_t len)
{
	size_t ulen = UDP_HDR_LEN + len;
	struct pkt *p = pkt_alloc(NET_HDR_ROOM + ulen);
	if (!p)
		return -ENOBUFS;
	u8 *uh = p->data + NET_HDR_ROOM;
	if (kbuf) {
		memcpy(uh + UDP_HDR_LEN, kbuf, len);
	} else if (msg_iter_copy_in(uh + UDP_HDR_LEN, &m->iter, len)) {
		kfree(p);
		return -EFAULT;
	}
	u16 hdr[4] = {net16(u->lport), net16(dport), net16((u16)ulen), 0};
	memcpy(uh, hdr, sizeof(hdr));
	u16 sum = inet_checksum(uh, ulen, inet_pseudo_sum(src, dst, IPPROTO_UDP, ulen));
	if (sum == 0)
		sum = 0xffff; /* RFC 768: zero means "no checksum" */
	memcpy(uh + 6, &sum, sizeof(sum));
	p->ip_no_df = !inet_sets_df(&u->inet, true);
	inet_pkt_opts(p, &u->inet, dst);
	int err = ip_output(u->sk.net, p, src, dst, IPPROTO_UDP);
	if (!err)
		udp_mib(dst, MIB_UDP_OUTDATAGRAMS);
	return err;
}

/* udp_push_pending_frames: the corked datagram goes. [send_lock] */
static int cork_push(struct udp_sock *u)
{
	if (!u->pending)
		return 0;
	u->pending = false;
	return udp_send_datagram(u, u->cork_src, u->cork_dst, u->cork_dport, NULL, u->cork_data, u->cork_len);
}

/* ip_append_data: len more bytes of the message into the corked datagram;
 * EMSGSIZE past what one datagram holds (nothing is added then). [send_lock] */
static int cork_append(struct udp_sock *u, struct sock_msg *m, size_t len)
{
	size_t max = inet_addr_is_v4(u->cork_dst) ? UDP_MAX_PAYLOAD : UDP6_MAX_PAYLOAD;
	if (len > max - u->cork_len)
		return -EMSGSIZE;
	if (!u->cork_data && !(u->cork_data = kmalloc(UDP6_MAX_PAYLOAD)))
		return -ENOBUFS;
	if (msg_iter_copy_in(u->cork_data + u->cork_len, &m->iter, len))
		return -EFAULT;
	u->cork_len += len;
	return 0;
}

/* A send while a datagram is corked adds to it (its own address, if any,
 * is not looked at: Linux's udp_sendmsg goes straight to do_append_data),
 * and one without MSG_MORE or UDP_CORK sends it. [send_lock] */
static ssize_t cork_continue(struct udp_sock *u, struct sock_msg *m, size_t len, bool corkreq)
{
	int err = cork_append(u, m, len);
	if (err) {
		u->pending = false; /* udp_flush_pending_frames: the datagram is dropped */
		return err;
	}
	if (!corkreq && (err = cork_push(u)))
		return err;
	return (ssize_t)len;
}

static ssize_t udp_sendmsg_locked(struct udp_sock *u, struct sock_msg *m, size_t len);

static ssize_t udp_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct udp_sock *u = udp_sk(sk);
	mutex_lock(&u->send_lock);
	ssize_t ret = udp_sendmsg_locked(u, m, len);
	mutex_unlock(&u->send_lock);
	return ret;
}

static ssize_t udp_sendmsg_locked(struct udp_sock *u, struct sock_msg *m, size_t len)
{
	struct sock *sk = &u->sk;
	struct inet_addr dst;
	u16 dport;
	int err = autobind(u); /* inet_send_prepare: before anything is checked */
	if (err)
		return err;
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	bool corkreq = u->cork_opt || (m->flags & MSG_MORE);
	if (u->pending)
		return cork_continue(u, m, len, corkreq);
	if (m->namelen) {
		if ((err = inet_get_name(sk->family, m->name, m->namelen, &dst, &dport, false)))
			return err;
		if ((err = inet_dst_check(&dst, u->laddr, __atomic_load_n(&u->inet.v6only, __ATOMIC_RELAXED))))
			return err;
		if (!dport)
			return -EINVAL; /* udp_sendmsg: port 0 */
	} else {
		unsigned long irq = spin_lock_irqsave(&udp_table_lock);
		bool connected = u->connected;
		dst = u->faddr;
		dport = u->fport;
		spin_unlock_irqrestore(&udp_table_lock, irq);
		if (!connected)
			return -EDESTADDRREQ;
	}
	struct inet_addr bound = u->laddr;
	bool v4 = inet_addr_is_v4(dst);
	if (!inet_addr_is_any(bound) && inet_addr_is_v4(bound) != v4)
		return -ENETUNREACH; /* bound to ::1, sent to IPv4 (or the reverse): no route, whatever the size */
	if (len > (v4 ? 0xffff : UDP6_MAX_PAYLOAD))
		return -EMSGSIZE; /* udp_sendmsg's first check; IPv6's ip6_append_data */
	struct inet_route rt;
	if ((err = inet_route(sk->net, &u->inet, dst, bound, &rt)))
		return err;
	/* udp_sendmsg: a broadcast route needs SO_BROADCAST; a connected
	 * socket's route was checked by connect and is kept (sk_dst_check),
	 * so clearing SO_BROADCAST later does not stop it */
	if (rt.broadcast && m->namelen && !sk->broadcast)
		return -EACCES;
	if (v4 && len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE; /* ip_append_data, after the route */
	/* the bound address is the source, unless it is a broadcast one
	 * (inet_bind leaves inet_saddr 0 for those: the route's source) */
	struct inet_addr src = !inet_addr_is_any(bound) && !netdev_is_broadcast(sk->net, bound) ? bound : rt.src;
	/* a pending error (an ICMP port unreachable on a connected socket) fails
	 * this send and is cleared: sock_alloc_send_pskb's sock_error */
	if ((err = sock_take_error(sk)))
		return err;
	if (corkreq) { /* the first piece of a corked datagram: where it goes is fixed now */
		u->cork_src = src;
		u->cork_dst = dst;
		u->cork_dport = dport;
		u->cork_len = 0;
		u->pending = true;
		return cork_continue(u, m, len, true);
	}
	if ((err = udp_send_datagram(u, src, dst, dport, m, NULL, len)))
		return err;
	sock_zerocopy_sent(sk, m->flags); /* ip_append_data: the header makes the length nonzero */
	return (ssize_t)len;
}

/* Does u take a datagram for (dst, dport) from (src, sport)? Its port,
 * its bound address (or a wildcard) and, when connected, its peer must
 * match (__udp_is_mcast_sock, udp_lookup's filter). [udp_table_lock] */
static bool udp_match(struct udp_sock *u, struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst,
		      u16 dport)
{
	if (u->lport != dport || u->sk.net != net ||
	    !inet_local_match(u->laddr, __atomic_load_n(&u->inet.v6only, __ATOMIC_RELAXED), dst))
		return false;
	return !u->connected || (inet_addr_eq(u->faddr, src) && u->fport == sport);
}

/* Is the socket at node in first's SO_REUSEPORT group (udp_reuseport_add_sock's test)?
 * Connected members are left out (Linux then falls back to scoring:
 * reuseport_has_conns). [udp_table_lock] */
static bool udp_group_member(struct list_head *node, struct list_head *first_node)
{
	struct udp_sock *u = container_of(node, struct udp_sock, node),
			*first = container_of(first_node, struct udp_sock, node);
	return u->sk.reuseport && !u->connected && u->sk.family == first->sk.family && u->lport == first->lport &&
	       u->sk.uid == first->sk.uid && inet_addr_eq(u->laddr, first->laddr) &&
	       __atomic_load_n(&u->inet.v6only, __ATOMIC_RELAXED) ==
		       __atomic_load_n(&first->inet.v6only, __ATOMIC_RELAXED);
}

/* The socket a datagram for (dst, dport) from (src, sport) goes to, with a reference. */
static struct udp_sock *udp_lookup(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport)
{
	struct udp_sock *u, *best = NULL;
	int best_score = -1;
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	list_for_each_entry(u, &udp_sockets, node) {
		if (!udp_match(u, net, src, sport, dst, dport))
			continue;
		/* compute_score: a bound address, a connection, and the packet's own family count */
		bool same_family = (u->sk.family == AF_INET) == inet_addr_is_v4(dst);
		int score = (inet_addr_is_any(u->laddr) ? 0 : 2) + (u->connected ? 4 : 0) + (same_family ? 1 : 0);
		if (score > best_score) {
			best = u;
			best_score = score;
		}
	}
	if (best && best->sk.reuseport && !best->connected) /* lookup_reuseport */
		best = container_of(
			inet_reuseport_select(&udp_sockets, &best->node, udp_group_member, src, sport, dst, dport),
			struct udp_sock, node);
	if (best)
		sock_hold(&best->sk);
	spin_unlock_irqrestore(&udp_table_lock, irq);
	return best;
}

/* The sockets a broadcast datagram goes to (__udp4_lib_mcast_deliver):
 * every match, each with a reference, at most max of them; their count. */
static size_t udp_broadcast_targets(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst,
				    u16 dport, struct udp_sock **out, size_t max)
{
	size_t n = 0;
	struct udp_sock *u;
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	list_for_each_entry(u, &udp_sockets, node) {
		if (!udp_match(u, net, src, sport, dst, dport))
			continue;
		if (out && n < max) {
			sock_hold(&u->sk);
			out[n] = u;
		}
		n++;
	}
	spin_unlock_irqrestore(&udp_table_lock, irq);
	return out && n > max ? max : n;
}

/* A datagram to a broadcast address: a copy for every socket that matches,
 * none for nobody (IgnoredMulti, and no ICMP error: RFC 1122 3.2.2). The
 * sockets are counted, then taken with references into an array, so no
 * allocation happens under udp_table_lock; one bound between the two
 * passes may miss this datagram, as it may on Linux. */
static void udp_broadcast_rcv(struct net_ns *net, const struct pkt *p, const u8 *data, size_t len, struct inet_addr src,
			      u16 sport, struct inet_addr dst, u16 dport)
{
	size_t count = udp_broadcast_targets(net, src, sport, dst, dport, NULL, 0);
	struct udp_sock **targets = count ? kmalloc(count * sizeof(*targets)) : NULL;
	if (count && !targets) {
		udp_mib(dst, MIB_UDP_INERRORS);
		return;
	}
	count = targets ? udp_broadcast_targets(net, src, sport, dst, dport, targets, count) : 0;
	if (!count)
		net_mib_inc(MIB_UDP_IGNOREDMULTI);
	for (size_t i = 0; i < count; i++) {
		struct inet_dgram *d = inet_dgram_alloc(p, data, len, src, dst);
		if (!d) {
			udp_mib(dst, MIB_UDP_RCVBUFERRORS); /* skb_clone failed */
			udp_mib(dst, MIB_UDP_INERRORS);
		} else {
			d->sport = sport;
			if (!dgram_enqueue(&targets[i]->sk, &targets[i]->rq, d)) {
				udp_mib(dst, MIB_UDP_RCVBUFERRORS);
				udp_mib(dst, MIB_UDP_INERRORS);
			}
		}
		sock_put(&targets[i]->sk);
	}
	kfree(targets);
}

/* ip_icmp_error / ipv6_icmp_error: the error as an entry of u's error
 * queue, in u's family's form — an AF_INET6 socket sees an IPv4 error's
 * addresses v4-mapped at level SOL_IPV6 (ipv6_recv_error): the quoted
 * payload, the original destination (dst, dport) as the name, and the
 * message's source as the offender. */
static void queue_icmp_err(struct udp_sock *u, struct inet_addr dst, u16 dport, const struct icmp_err *e)
{
	struct sock_err *r = kmalloc(sizeof(*r) + e->payload_len);
	if (!r)
		return;
	memset(r, 0, sizeof(*r));
	bool v6sock = u->sk.family == AF_INET6;
	r->cmsg_level = v6sock ? IPPROTO_IPV6 : IPPROTO_IP;
	r->cmsg_type = v6sock ? IPV6_RECVERR : IP_RECVERR;
	r->ee = (struct sock_extended_err_user){
		.ee_errno = (u32)e->err,
		.ee_origin = e->v6 ? SO_EE_ORIGIN_ICMP6 : SO_EE_ORIGIN_ICMP,
		.ee_type = e->type,
		.ee_code = e->code,
		.ee_info = e->info,
	};
	r->namelen = inet_put_name(u->sk.family, r->name, dst, dport);
	r->offender_len = inet_put_name(u->sk.family, r->offender, e->offender, 0);
	r->len = e->payload_len;
	memcpy(r->data, e->payload, e->payload_len);
	sock_queue_err(&u->sk, r, __atomic_load_n(&u->rq.bytes, __ATOMIC_RELAXED));
}

bool udp_err(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport,
	     const struct icmp_err *e)
{
	struct udp_sock *u = udp_lookup(net, dst, dport, src, sport); /* the socket a reply would reach */
	if (!u)
		return false;
	bool recverr = __atomic_load_n(e->v6 ? &u->inet.recverr6 : &u->inet.recverr, __ATOMIC_RELAXED);
	bool ignored = e->frag_needed && __atomic_load_n(&u->inet.pmtudisc, __ATOMIC_RELAXED) == IP_PMTUDISC_DONT;
	if (ignored || (!recverr && (!e->hard || !__atomic_load_n(&u->connected, __ATOMIC_RELAXED))))
		goto out;
	if (recverr)
		queue_icmp_err(u, dst, dport, e);
	unsigned long irq = spin_lock_irqsave(&u->sk.lock);
	u->sk.err = e->err;
	spin_unlock_irqrestore(&u->sk.lock, irq);
	wake_up_all(&u->sk.wq);
	sock_wake_async(&u->sk, POLL_ERR); /* sk_error_report */
out:
	sock_put(&u->sk);
	return true;
}

void udp_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst)
{
	if (p->len < UDP_HDR_LEN)
		goto error;
	u16 hdr[4];
	memcpy(hdr, p->data, sizeof(hdr));
	size_t ulen = net16(hdr[2]);
	if (ulen < UDP_HDR_LEN || ulen > p->len)
		goto error;
	if (hdr[3] && inet_checksum(p->data, ulen, inet_pseudo_sum(src, dst, IPPROTO_UDP, ulen)) != 0) {
		udp_mib(dst, MIB_UDP_INCSUMERRORS);
		goto error;
	}
	if (netdev_is_broadcast(p->dev->net, dst)) {
		udp_broadcast_rcv(p->dev->net, p, p->data + UDP_HDR_LEN, ulen - UDP_HDR_LEN, src, net16(hdr[0]), dst,
				  net16(hdr[1]));
		goto drop;
	}
	struct udp_sock *u = udp_lookup(p->dev->net, src, net16(hdr[0]), dst, net16(hdr[1]));
	if (!u) {
		udp_mib(dst, MIB_UDP_NOPORTS);
		icmp_send_port_unreach(p, src, dst); /* __udp4_lib_rcv, __udp6_lib_rcv */
		goto drop;
	}
	struct inet_dgram *d = inet_dgram_alloc(p, p->data + UDP_HDR_LEN, ulen - UDP_HDR_LEN, src, dst);
	if (d) {
		d->sport = net16(hdr[0]);
		d->dport = net16(hdr[1]);
		if (__atomic_load_n(&u->connected, __ATOMIC_RELAXED)) /* __udp_queue_rcv_skb: a connected socket's */
			__atomic_store_n(&u->sk.incoming_cpu, sched_this_cpu(), __ATOMIC_RELAXED);
		if (!dgram_enqueue(&u->sk, &u->rq, d)) { /* the receive buffer is full: dropped, as Linux does */
			udp_mib(dst, MIB_UDP_RCVBUFERRORS);
			udp_mib(dst, MIB_UDP_INERRORS);
		}
	} else {
		udp_mib(dst, MIB_UDP_INERRORS);
	}
	sock_put(&u->sk);
	kfree(p);
	return;
error:
	udp_mib(dst, MIB_UDP_INERRORS);
drop:
	kfree(p);
}

/*
 * udp_recvmsg's and udpv6_recvmsg's IP control messages, in Linux's order:
 * an AF_INET6 socket's IPV6_PKTINFO (ip6_datagram_recv_common_ctl: the
 * destination, v4-mapped for an IPv4 datagram, and lo's index); then for
 * an IPv4 datagram IP_PKTINFO, IP_TTL (an int) and IP_TOS (a byte)
 * (ip_cmsg_recv_offset), for an IPv6 one IPV6_HOPLIMIT and IPV6_TCLASS
 * (ints, ip6_datagram_recv_specific_ctl).
 */
static void put_ip_cmsgs(struct sock *sk, const struct inet_opts *o, struct sock_msg *m, const struct inet_dgram *d)
{
	if (sk->family == AF_INET6 && __atomic_load_n(&o->recvpktinfo6, __ATOMIC_RELAXED)) {
		struct in6_pktinfo_user info = {.ipi6_ifindex = 1};
		memcpy(info.ipi6_addr, d->daddr.b, sizeof(info.ipi6_addr));
		sock_msg_put_cmsg(m, IPPROTO_IPV6, IPV6_PKTINFO, &info, sizeof(info));
	}
	if (inet_addr_is_v4(d->daddr)) {
		dgram_put_ip4_cmsgs(sk, o, m, d);
		return;
	}
	int hop = d->hop_limit, tos = d->tos;
	if (__atomic_load_n(&o->recvhoplimit, __ATOMIC_RELAXED))
		sock_msg_put_cmsg(m, IPPROTO_IPV6, IPV6_HOPLIMIT, &hop, sizeof(hop));
	if (__atomic_load_n(&o->recvtclass, __ATOMIC_RELAXED))
		sock_msg_put_cmsg(m, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
	if (__atomic_load_n(&o->recvorigdst6, __ATOMIC_RELAXED)) {
		u8 name[SOCKADDR_MAX];
		int n = inet_put_name(AF_INET6, name, d->daddr, d->dport);
		sock_msg_put_cmsg(m, IPPROTO_IPV6, IPV6_RECVORIGDSTADDR, name, (size_t)n);
	}
}

static ssize_t udp_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct udp_sock *u = udp_sk(sk);
	if (m->flags & MSG_ERRQUEUE) /* udp_recvmsg: ip_recv_error, ipv6_recv_error */
		return sock_recv_err(sk, m, len);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	struct inet_dgram *d = NULL;
	bool peek = m->flags & MSG_PEEK;
	mutex_lock(&u->rq.readlock);
	int off = sock_peek_offset(sk, m->flags); /* SO_PEEK_OFF */
	ssize_t ret = dgram_next_at(sk, &u->rq, m->flags, &off, &d);
	if (!ret) {
		m->namelen = inet_put_name(sk->family, m->name, d->saddr, d->sport);
		put_ip_cmsgs(sk, &u->inet, m, d);
		ret = dgram_copy_out_at(sk, m, d, (size_t)off, len);
		if (ret >= 0) /* skb_consume_udp: the peek offset moves by what the call returns */
			sock_peek_offset_move(sk, peek, ret);
	}
	mutex_unlock(&u->rq.readlock);
	if (d && !(m->flags & MSG_PEEK)) {
		udp_mib(d->daddr, MIB_UDP_INDATAGRAMS); /* udp_recvmsg counts what a reader takes */
		kfree(d);
	}
	return ret;
}

static short udp_poll(struct sock *sk, struct file *f, struct poll_table *pt)
{
	(void)f;
	return dgram_poll(sk, &udp_sk(sk)->rq, pt);
}

static long udp_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	return dgram_ioctl(sk, &udp_sk(sk)->rq, cmd, arg);
}

/* inet_shutdown: an unconnected UDP socket is ENOTCONN (the bits are still set). */
static int udp_shutdown(struct sock *sk, int mode)
{
	return dgram_shutdown(sk, mode, __atomic_load_n(&udp_sk(sk)->connected, __ATOMIC_RELAXED));
}

static void udp_release(struct sock *sk)
{
	struct udp_sock *u = udp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	if (u->lport)
		list_del(&u->node);
	u->lport = 0;
	spin_unlock_irqrestore(&udp_table_lock, irq);
	dgram_release(sk, &u->rq);
	sock_put(sk);
}

static void udp_destroy(struct sock *sk)
{
	kfree(udp_sk(sk)->cork_data); /* a corked datagram never sent is dropped */
	kfree(udp_sk(sk));
}

/* One line of /proc/net/udp padded to 127 columns (udp4_seq_show's seq_setwidth); udp6's are not padded. */
#define PROC_UDP_WIDTH 127

/*
 * /proc/net/udp in udp4_seq_show's format, /proc/net/udp6 in udp6_seq_show's
 * (__ip6_dgram_sock_seq_show: four address words): every socket of the
 * family with a port, state 07 (TCP_CLOSE) or 01 when connected. The first
 * column is Linux's hash slot; here the port's slot in a 128-slot table.
 * rx_queue is the bytes queued (Linux counts the buffers' true size, a
 * little more), the kernel pointer reads as zeros, drops as 0.
 */
static size_t udp_proc_family(char *buf, size_t cap, int family)
{
	struct proc_net_text text = {buf, cap, 0};
	struct net_ns *net = net_ns_current(); /* the reader's (/proc/net is per namespace) */
	unsigned width = family == AF_INET ? PROC_UDP_WIDTH : 0;
	proc_net_line(&text, width,
		      family == AF_INET
			      ? "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
				"timeout inode ref pointer drops"
			      : "  sl  local_address                         remote_address                        st "
				"tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops");
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	struct udp_sock *u;
	list_for_each_entry(u, &udp_sockets, node) {
		if (u->sk.family != family || u->sk.net != net)
			continue;
		char local[33], remote[33];
		inet_proc_addr(local, family, u->laddr);
		inet_proc_addr(remote, family, u->faddr);
		proc_net_line(&text, width,
			      "%5d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d 0000000000000000 %u",
			      u->lport & 127, local, u->lport, remote, u->fport, u->connected ? 1u : 7u, 0u,
			      (unsigned)__atomic_load_n(&u->rq.bytes, __ATOMIC_RELAXED), 0u, 0ul, 0u, u->sk.uid, 0,
			      (unsigned long)u->sk.ino, __atomic_load_n(&u->sk.refcount, __ATOMIC_RELAXED), 0u);
	}
	spin_unlock_irqrestore(&udp_table_lock, irq);
	return text.len;
}

size_t udp_proc_format(char *buf, size_t cap)
{
	return udp_proc_family(buf, cap, AF_INET);
}

size_t udp6_proc_format(char *buf, size_t cap)
{
	return udp_proc_family(buf, cap, AF_INET6);
}

/* Linux include/uapi/linux/udp.h: the options of level IPPROTO_UDP */
#define UDP_CORK 1

/* IPV6_ADDRFORM on an IPv6 UDP socket (ipv6.c inet6_addrform_check): a
 * corked IPv6 datagram being built is EBUSY (up->pending); "connected" is
 * connect's. The family changes under send_lock and udp_table_lock. */
static int udp_addrform(struct udp_sock *u, const void *val, int len)
{
	mutex_lock(&u->send_lock);
	unsigned long irq = spin_lock_irqsave(&udp_table_lock);
	int err = inet6_addrform_check(&u->inet, u->pending, u->connected, u->faddr, val, len);
	if (!err)
		__atomic_store_n(&u->sk.family, AF_INET, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&udp_table_lock, irq);
	mutex_unlock(&u->send_lock);
	return err;
}

/* udp_setsockopt: levels IPPROTO_IP and IPPROTO_IPV6 (inet_setsockopt);
 * of IPPROTO_UDP's options UDP_CORK (clearing it sends what it held, as
 * udp_lib_setsockopt does); the others (UDP_SEGMENT, UDP_ENCAP...) are not
 * done: ENOPROTOOPT, as any other level. */
static int udp_setsockopt(struct sock *sk, int level, int name, const void *val, int len)
{
	struct udp_sock *u = udp_sk(sk);
	if (inet6_is_addrform(sk, level, name))
		return udp_addrform(u, val, len);
	if (level == IPPROTO_UDP && name == UDP_CORK) {
		if (len < (int)sizeof(int))
			return -EINVAL;
		int v;
		memcpy(&v, val, sizeof(v));
		mutex_lock(&u->send_lock);
		u->cork_opt = v != 0;
		int err = v ? 0 : cork_push(u);
		mutex_unlock(&u->send_lock);
		return err;
	}
	bool bound = __atomic_load_n(&u->lport, __ATOMIC_RELAXED) != 0;
	return inet_setsockopt(sk, &u->inet, bound, level, name, val, len);
}

#define UDPLITE_SEND_CSCOV 10 /* UDP-Lite's, which udp_lib_getsockopt answers for UDP too */
#define UDPLITE_RECV_CSCOV 11
#define UDP_ENCAP 100
#define UDP_GRO 104

/* udp_getsockopt: IPPROTO_UDP's options read as udp_lib_getsockopt reads
 * them: UDP_CORK as set, the others at the value they have here because
 * none can be set (no encapsulation, checksum coverage, segmentation
 * offload or GRO); the other levels as inet_getsockopt says. */
static int udp_getsockopt(struct sock *sk, int level, int name, void *val, int *len)
{
	if (inet_is_mtu_opt(sk, level, name)) {
		unsigned long irq = spin_lock_irqsave(&udp_table_lock);
		bool connected = udp_sk(sk)->connected;
		spin_unlock_irqrestore(&udp_table_lock, irq);
		return ip_mtu_getsockopt(sk, connected, val, len);
	}
	if (inet6_is_addrform(sk, level, name)) {
		unsigned long irq = spin_lock_irqsave(&udp_table_lock);
		bool connected = udp_sk(sk)->connected;
		spin_unlock_irqrestore(&udp_table_lock, irq);
		return inet6_addrform_get(connected, val, len);
	}
	if (level != IPPROTO_UDP)
		return inet_getsockopt(sk, &udp_sk(sk)->inet, level, name, val, len);
	if (name != UDP_CORK && name != UDPLITE_SEND_CSCOV && name != UDPLITE_RECV_CSCOV &&
	    (name < UDP_ENCAP || name > UDP_GRO))
		return -ENOPROTOOPT;
	int v = name == UDP_CORK ? __atomic_load_n(&udp_sk(sk)->cork_opt, __ATOMIC_RELAXED) : 0;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static const struct proto_ops udp_ops = {
	.family = AF_INET,
	.release = udp_release,
	.destroy = udp_destroy,
	.bind = udp_bind,
	.connect = udp_connect,
	.getname = udp_getname,
	.poll = udp_poll,
	.ioctl = udp_ioctl,
	.shutdown = udp_shutdown,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.setsockopt = udp_setsockopt,
	.getsockopt = udp_getsockopt,
	.peek_off = true,
};

/* inet_create and inet6_create: TCP for SOCK_STREAM, UDP for SOCK_DGRAM
 * (protocol 0 or the type's own), ICMP (icmp.c) for SOCK_RAW and for
 * SOCK_DGRAM with IPPROTO_ICMP / IPPROTO_ICMPV6 (ping sockets). */
static int inet_create_family(int family, int type, int protocol, struct sock **out)
{
	if (type == SOCK_STREAM) {
		if (protocol != IPPROTO_IP && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		return tcp_create(family, out);
	}
	if (type == SOCK_RAW || (type == SOCK_DGRAM && protocol == (family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6)))
		return icmp_create(family, type, protocol, out); /* raw and ping sockets */
	if (type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT; /* no protocol of that type */
	if (protocol != IPPROTO_IP && protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	struct udp_sock *u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	sock_init(&u->sk, &udp_ops, type, IPPROTO_UDP, net_ns_current());
	u->sk.family = family;
	u->laddr = u->faddr = inet_addr_any(family);
	dgram_queue_init(&u->rq, "udp_read");
	mutex_init(&u->send_lock, "udp_send");
	list_init(&u->node);
	u->inet = INET_OPTS_INIT;
	*out = &u->sk;
	return 0;
}

static int inet_create(int type, int protocol, struct sock **out)
{
	return inet_create_family(AF_INET, type, protocol, out);
}

static int inet6_create(int type, int protocol, struct sock **out)
{
	return inet_create_family(AF_INET6, type, protocol, out);
}

const struct net_family inet_family = {.family = AF_INET, .create = inet_create};
const struct net_family inet6_family = {.family = AF_INET6, .create = inet6_create};
