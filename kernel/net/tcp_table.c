/*
 * tcp_table.c — the table of TCP sockets that hold a port (Linux's
 * inet_hashinfo: bound, listening, connecting, connected and embryonic
 * sockets on one list), the TIME_WAIT records and their expiry, the bind
 * rules (inet_csk_bind_conflict), ephemeral ports, the lookup of the socket
 * a segment belongs to (__inet_lookup) and /proc/net/tcp, which walks the
 * table. Everything here is under tcp_table_lock.
 */
#include "tcp.h"

#include <format.h>
#include <kmalloc.h>
#include <random.h>
#include <time.h>

struct spinlock tcp_table_lock = SPINLOCK_INIT("tcp_table");
struct list_head tcp_socks = LIST_HEAD_INIT(tcp_socks); /* [tcp_table_lock] */
struct list_head tcp_tws = LIST_HEAD_INIT(tcp_tws);	/* [tcp_table_lock] */
static u32 next_port;					/* [tcp_table_lock] */

/* Drops TIME_WAIT records whose time is up. [tcp_table_lock] */
void tcp_reap_tws(void)
{
	u64 now = time_since_boot_ns();
	struct tcp_tw *tw, *tmp;
	list_for_each_entry_safe(tw, tmp, &tcp_tws, node) {
		if (tw->expires <= now) {
			list_del(&tw->node);
			net_ns_put(tw->net);
			kfree(tw);
		}
	}
}

/* inet_csk_bind_conflict: does (addr, port) clash with another socket? Two
 * sockets with SO_REUSEADDR share unless the other listens. [tcp_table_lock] */
bool tcp_bind_conflict(struct tcp_sock *me, struct inet_addr addr, u16 port)
{
	bool reuse = me->sk.reuseaddr;
	bool v6only = __atomic_load_n(&me->inet.v6only, __ATOMIC_RELAXED);
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		if (t == me || t->lport != port || t->sk.net != me->sk.net || !tcp_local_overlaps(t, addr, v6only))
			continue;
		if (reuse && t->sk.reuseaddr && __atomic_load_n(&t->state, __ATOMIC_RELAXED) != TCP_LISTEN)
			continue;
		if (tcp_reuseport_ok(me, t))
			continue;
		return true;
	}
	struct tcp_tw *tw;
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->lport == port && tw->net == me->sk.net && inet_locals_overlap(tw->laddr, false, addr, v6only) &&
		    !(reuse && tw->reuse) && !(me->sk.reuseport && tw->reuseport)) /* a TIME_WAIT one: any owner */
			return true;
	}
	return false;
}

/* Is the port used at all (an ephemeral port must be free)? [tcp_table_lock] */
static bool port_used(struct net_ns *net, u16 port)
{
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		if (t->lport == port && t->sk.net == net)
			return true;
	}
	struct tcp_tw *tw;
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->lport == port && tw->net == net)
			return true;
	}
	return false;
}

/* What a port must satisfy to be picked: a bind's free port, or a
 * connect's (connect_port_ok). */
struct port_want {
	struct tcp_sock *me;
	struct inet_addr addr; /* the local address */
	bool connect;	       /* for connect, to: */
	struct inet_addr dst;  /* the peer */
	u16 dport;
	struct tcp_tw *tw; /* connect: a TIME_WAIT record to take over */
};

static bool connect_port_ok(struct port_want *w, u16 port);

/* An ephemeral port from ip_local_port_range starting at a random place
 * that w accepts, or 0. [tcp_table_lock] */
static u16 pick(struct port_want *w)
{
	if (!next_port)
		random_get_bytes(&next_port, sizeof(next_port));
	u16 low, high;
	inet_port_range(&low, &high);
	u32 span = (u32)high - low + 1;
	for (u32 i = 0; i < span; i++) {
		u16 candidate = (u16)(low + next_port++ % span);
		if (w->connect ? connect_port_ok(w, candidate)
			       : !port_used(w->me->sk.net, candidate) && !tcp_bind_conflict(w->me, w->addr, candidate))
			return candidate;
	}
	return 0;
}

u16 tcp_pick_port(struct tcp_sock *me, struct inet_addr addr)
{
	struct port_want w = {.me = me, .addr = addr};
	return pick(&w);
}

/* tcp_twsk_unique with net.ipv4.tcp_tw_reuse 2 (loopback only, and every
 * connection here is on lo): a TIME_WAIT record whose connection had
 * timestamps may be taken over once a second has ticked since its last one
 * (PAWS keeps the two apart). */
static bool tw_reusable(const struct tcp_tw *tw)
{
	return tw->ts_ok && time_since_boot_ns() / NSEC_PER_SEC > tw->ts_recent_stamp;
}

/* May a connect from (w->addr, port) to (w->dst, w->dport) have that port
 * (__inet_hash_connect's bucket test, then __inet_check_established)? A
 * TIME_WAIT record to take over goes to w->tw. [tcp_table_lock] */
static bool connect_port_ok(struct port_want *w, u16 port)
{
	struct tcp_sock *t;
	w->tw = NULL;
	list_for_each_entry(t, &tcp_socks, node) {
		if (t == w->me || t->lport != port || t->sk.net != w->me->sk.net)
			continue;
		if (!t->connect_bound)
			return false; /* a port bind chose (tb->fastreuse >= 0) */
		if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) != TCP_CLOSE && inet_addr_eq(t->laddr, w->addr) &&
		    inet_addr_eq(t->faddr, w->dst) && t->fport == w->dport)
			return false; /* the same four-tuple */
	}
	struct tcp_tw *tw;
	u64 now = time_since_boot_ns();
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->lport != port || tw->net != w->me->sk.net || tw->expires <= now)
			continue;
		if (!tw->connect_bound)
			return false;
		if (inet_addr_eq(tw->laddr, w->addr) && inet_addr_eq(tw->faddr, w->dst) && tw->fport == w->dport) {
			if (!tw_reusable(tw))
				return false;
			w->tw = tw;
		}
	}
	return true;
}

u16 tcp_pick_connect_port(struct tcp_sock *me, struct inet_addr addr, struct inet_addr dst, u16 dport)
{
	struct port_want w = {.me = me, .addr = addr, .connect = true, .dst = dst, .dport = dport};
	u16 port = pick(&w);
	if (port && w.tw) { /* inet_twsk_deschedule_put: the new connection replaces it */
		list_del(&w.tw->node);
		net_ns_put(w.tw->net);
		kfree(w.tw);
	}
	return port;
}

/* Puts t in the table with (addr, port), taking a reference. [tcp_table_lock] */
void tcp_table_add(struct tcp_sock *t, struct inet_addr addr, u16 port)
{
	t->laddr = addr;
	t->lport = port;
	t->in_table = true;
	sock_hold(&t->sk);
	list_add_tail(&t->node, &tcp_socks);
}

/* Takes t out of the table; the caller puts the table's reference (true)
 * after unlocking. Its port is free for others; lport stays for its name,
 * as Linux's inet_sport outlives inet_num (getsockname shows the port until
 * the socket takes another). */
bool tcp_table_del_locked(struct tcp_sock *t)
{
	ASSERT_HELD(&tcp_table_lock);
	if (!t->in_table)
		return false;
	list_del(&t->node);
	t->in_table = false;
	return true;
}

void tcp_table_del(struct tcp_sock *t)
{
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	bool had = tcp_table_del_locked(t);
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	if (had)
		sock_put(&t->sk);
}

/* How well a listener fits a segment for dst (compute_score): a bound
 * address over a wildcard, the segment's own family over the other. */
static int listener_score(struct tcp_sock *t, struct inet_addr dst)
{
	bool same_family = (t->sk.family == AF_INET) == inet_addr_is_v4(dst);
	return (inet_addr_is_any(t->laddr) ? 0 : 2) + (same_family ? 1 : 0);
}

/* The socket a segment for dst:dport from src:sport belongs to, with a
 * reference: a connection with that four-tuple, else the listener that
 * takes the address and fits best (__inet_lookup, inet6_lookup). */
/* Is the socket at node a listener of first's SO_REUSEPORT group (one
 * family, IPV6_V6ONLY, owner, address, port)? [tcp_table_lock] */
static bool tcp_group_member(struct list_head *node, struct list_head *first_node)
{
	struct tcp_sock *t = container_of(node, struct tcp_sock, node),
			*first = container_of(first_node, struct tcp_sock, node);
	return t->sk.reuseport && __atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN &&
	       t->sk.family == first->sk.family && t->lport == first->lport && t->sk.uid == first->sk.uid &&
	       inet_addr_eq(t->laddr, first->laddr) &&
	       __atomic_load_n(&t->inet.v6only, __ATOMIC_RELAXED) ==
		       __atomic_load_n(&first->inet.v6only, __ATOMIC_RELAXED);
}

struct tcp_sock *tcp_lookup(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport)
{
	struct tcp_sock *t, *found = NULL, *listener = NULL;
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	list_for_each_entry(t, &tcp_socks, node) {
		if (t->lport != dport || t->sk.net != net)
			continue;
		int state = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
		if (state == TCP_LISTEN) {
			if (inet_local_match(t->laddr, __atomic_load_n(&t->inet.v6only, __ATOMIC_RELAXED), dst))
				if (!listener || listener_score(t, dst) > listener_score(listener, dst))
					listener = t;
			continue;
		}
		if (state != TCP_CLOSE && inet_addr_eq(t->faddr, src) && t->fport == sport &&
		    inet_addr_eq(t->laddr, dst)) {
			found = t;
			break;
		}
	}
	if (!found && listener && listener->sk.reuseport) /* inet_lhash2_lookup's lookup_reuseport */
		listener = container_of(
			inet_reuseport_select(&tcp_socks, &listener->node, tcp_group_member, src, sport, dst, dport),
			struct tcp_sock, node);
	if (!found)
		found = listener;
	if (found)
		sock_hold(&found->sk);
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	return found;
}

/* One line of /proc/net/tcp padded to 149 columns (Linux's seq_pad to
 * TMPSZ - 1); tcp6's lines are not padded. */
#define PROC_TCP_WIDTH 149

/*
 * /proc/net/tcp in tcp4_seq_show's format, /proc/net/tcp6 in
 * tcp6_seq_show's (four address words; an AF_INET6 socket's IPv4
 * connection shows there with its v4-mapped addresses): listeners,
 * connections (an embryo shows as 03 with inode 0, as a request sock does)
 * and TIME_WAIT records of the family. The kernel pointer reads as zeros
 * (what a reader without CAP_SYSLOG sees); the timer, retransmission, RTO,
 * ATO, congestion window and ssthresh columns hold the values of an idle
 * loopback connection on Linux (20, 4, 10, -1): no timers or congestion
 * control here. Queues are read without the sockets' locks: a snapshot.
 */
static size_t tcp_proc_family(char *buf, size_t cap, int family)
{
	struct proc_net_text text = {buf, cap, 0};
	struct net_ns *net = net_ns_current(); /* the reader's (/proc/net is per namespace) */
	unsigned width = family == AF_INET ? PROC_TCP_WIDTH : 0;
	proc_net_line(
		&text, width,
		family == AF_INET
			? "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
			  "inode"
			: "  sl  local_address                         remote_address                        st "
			  "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
	int i = 0;
	char local[33], remote[33];
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		int state = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
		if (state == TCP_CLOSE || t->sk.family != family || t->sk.net != net)
			continue; /* bound only: Linux lists the listening and established tables */
		bool listening = state == TCP_LISTEN;
		u32 txq = listening ? 0
				    : (u32)(__atomic_load_n(&t->sendq_bytes, __ATOMIC_RELAXED) +
					    (__atomic_load_n(&t->snd_nxt, __ATOMIC_RELAXED) -
					     __atomic_load_n(&t->snd_una, __ATOMIC_RELAXED)));
		u32 rxq = listening ? (u32)__atomic_load_n(&t->accept_len, __ATOMIC_RELAXED)
				    : (u32)__atomic_load_n(&t->rcvq_bytes, __ATOMIC_RELAXED);
		/* sock_i_ino, sock_i_uid: 0 without a socket file (closed, or not accepted yet) */
		bool has_file = !__atomic_load_n(&t->orphan, __ATOMIC_RELAXED) && t->sk.ino;
		inet_proc_addr(local, family, t->laddr);
		inet_proc_addr(remote, family, t->faddr);
		proc_net_line(&text, width,
			      "%4d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d 0000000000000000 "
			      "%lu %lu %u %u %d",
			      i++, local, t->lport, remote, t->fport, (unsigned)state, txq, rxq, 0u, 0ul, 0u,
			      has_file ? t->sk.uid : 0u, 0, has_file ? (unsigned long)t->sk.ino : 0ul,
			      __atomic_load_n(&t->sk.refcount, __ATOMIC_RELAXED), 20ul, 4ul, 0u, 10u,
			      listening ? 0 : -1);
	}
	u64 now = time_since_boot_ns();
	struct tcp_tw *tw;
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->expires <= now || tw->family != family || tw->net != net)
			continue;
		inet_proc_addr(local, family, tw->laddr);
		inet_proc_addr(remote, family, tw->faddr);
		proc_net_line(&text, width,
			      "%4d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d 0000000000000000", i++,
			      local, tw->lport, remote, tw->fport, TCP_TIME_WAIT, 0u, 0u, 3u,
			      (unsigned long)((tw->expires - now) / 10000000), 0u, 0, 0, 0, 3);
	}
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	return text.len;
}

size_t tcp_proc_format(char *buf, size_t cap)
{
	return tcp_proc_family(buf, cap, AF_INET);
}

size_t tcp6_proc_format(char *buf, size_t cap)
{
	return tcp_proc_family(buf, cap, AF_INET6);
}
