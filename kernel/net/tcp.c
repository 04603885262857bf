/*
 * tcp.c — TCP (RFC 793, RFC 9293; Linux net/ipv4/tcp.c, tcp_input.c,
 * tcp_output.c, tcp_ipv4.c, inet_connection_sock.c, af_inet.c) over the
 * IPv4 code in ipv4.c.
 *
 * A real protocol: every segment is a packet built here, checksummed over
 * the pseudo-header, sent through ip_queue_xmit and the device, and read
 * back by tcp_rcv, which finds the socket by its four-tuple (or a listener
 * by address and port) and runs the state machine. No socket ever touches
 * another's buffers.
 *
 * What is done: the three-way handshake (the SYN carries an MSS option),
 * a listen backlog with embryonic (SYN_RECV) connections and an accept
 * queue, sequence and acknowledgement numbers from a random initial
 * sequence, a send queue and a receive queue per socket with the peer's
 * advertised window as flow control (at most 65535 bytes: no window
 * scaling), FIN in both directions with half close, RST for a segment no
 * socket wants (ECONNREFUSED at a connecting peer), on close with unread
 * data and for data reaching a socket that was closed, TIME_WAIT, the
 * bind rules of inet_csk_bind_conflict with SO_REUSEADDR, non-blocking
 * connect, and the options of tcp_setsockopt that programs set.
 *
 * Choices a lossless loopback allows, to be revisited for a real card:
 * - No retransmission and no timers: the loopback never loses, reorders or
 *   duplicates a segment, so nothing is kept after it is sent. A segment
 *   out of sequence is dropped with an ACK.
 * - A SYN that finds the listener's queue full waits on the listener and
 *   is processed when accept makes room; it stands for the client's SYN
 *   retransmission, which on Linux gets through once the queue drains.
 * - Every data segment is acknowledged at once (no delayed ACK), every
 *   write goes out at once (TCP_NODELAY and TCP_CORK are stored and
 *   reported, Nagle is not applied), and a reader that frees enough of its
 *   buffer sends a window update, so a zero window needs no probe.
 * - TIME_WAIT lasts TCP_TIMEWAIT_NS (2 s, not Linux's 60 s) and is a small
 *   record (struct tcp_tw) that holds the four-tuple and the port against
 *   bind, reaped when the table is next walked after it expires.
 * - Keepalive, urgent data (MSG_OOB), SACK, timestamps and congestion
 *   control are not done (options accepted and stored as Linux does).
 *
 * Locks: tcp_table_lock protects tcp_socks (every socket with a port:
 * bound, listening, connecting, connected, embryonic), the TIME_WAIT list,
 * the next ephemeral port and every socket's addresses and ports. A
 * socket's sk.lock protects its state, sequence numbers, queues and
 * listener lists. Order: a listener's sk.lock, then a child's sk.lock, then
 * tcp_table_lock, then the device and backlog locks (segments are queued
 * under sk.lock so they keep their order; net_rx_run runs after it is
 * dropped). The readlock and writelock mutexes (one reader, one writer at
 * a time, so a queue's head stays put while it is copied to or from user
 * memory) come before all spinlocks and are never held while waiting.
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
#include <time.h>
#include <uapi/errno.h>

/* Linux's TCP states (include/net/tcp_states.h): /proc/net/tcp shows them. */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
};

/* The socket's connection state (Linux's socket_state), which connect answers by. */
enum { SS_UNCONNECTED = 1, SS_CONNECTING, SS_CONNECTED };

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

#define TCP_MSS_DEFAULT 536 /* TCP_MAXSEG before a connection (RFC 1122) */
#define TCP_MAX_WINDOW 65535
#define TCP_TIMEWAIT_NS (2ull * 1000000000)
#define TCP_SNDBUF_DEFAULT 16384  /* net.ipv4.tcp_wmem[1] */
#define TCP_RCVBUF_DEFAULT 131072 /* net.ipv4.tcp_rmem[1] */
#define TCP_CHUNK_MAX 65536	  /* bytes one send-queue record holds */

/* tcp_setsockopt's option numbers (include/uapi/linux/tcp.h). */
#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define TCP_INFO 11
#define TCP_QUICKACK 12
#define TCP_USER_TIMEOUT 18
#define TCP_INFO_LEN 232 /* sizeof(struct tcp_info) in Linux 6.1 */
#define MAX_TCP_KEEPIDLE 32767
#define MAX_TCP_KEEPINTVL 32767
#define MAX_TCP_KEEPCNT 127

struct tcphdr {
	u16 source, dest;
	u32 seq, ack_seq;
	u8 doff; /* data offset in words, in the high nibble */
	u8 flags;
	u16 window;
	u16 check;
	u16 urg_ptr;
};
_Static_assert(sizeof(struct tcphdr) == TCP_HDR_LEN, "TCP header");

/* Bytes queued to send, or received and not yet read. */
struct tcp_chunk {
	struct list_head node;
	size_t len, off; /* data[off, len) is left */
	u8 data[];
};

struct tcp_sock {
	struct sock sk;
	/* [tcp_table_lock] */
	u32 laddr, faddr; /* host order */
	u16 lport, fport; /* lport 0: no port */
	bool in_table;	  /* on tcp_socks, holding a reference */
	bool port_locked; /* bind chose the port: a closed socket keeps it (SOCK_BINDPORT_LOCK) */
	struct list_head node;
	/* [sk.lock] */
	int state;	/* TCP_* */
	int sock_state; /* SS_* */
	bool orphan;	/* the file is closed: the protocol finishes alone */
	u32 iss, snd_una, snd_nxt, snd_wnd;
	u32 rcv_nxt, rcv_wnd_sent; /* the window last advertised */
	u16 mss;		   /* the peer's, from its SYN */
	struct list_head sendq;	   /* struct tcp_chunk, not yet sent */
	size_t sendq_bytes;
	bool fin_queued, fin_sent;
	struct list_head rcvq; /* struct tcp_chunk, in order */
	size_t rcvq_bytes;
	bool fin_received; /* Linux's SOCK_DONE */
	/* a listener's */
	int backlog;
	int nr_embryos;		   /* children in SYN_RECV */
	struct list_head accept_q; /* established children, each with one reference */
	int accept_len;
	struct list_head deferred_syns; /* struct pkt: SYNs that found the queue full */
	/* a child's: its listener (a reference) until accepted or dead */
	struct tcp_sock *parent;
	struct list_head child_node; /* on parent->accept_q [parent's sk.lock] */
	/* options */
	bool nodelay, cork;
	int user_mss, keepidle, keepintvl, keepcnt, user_timeout;
	struct mutex readlock, writelock;
};

/* A connection in TIME_WAIT after its socket closed (Linux's inet_timewait_sock). */
struct tcp_tw {
	struct list_head node;
	u32 laddr, faddr;
	u16 lport, fport;
	bool reuse;
	u64 expires; /* monotonic ns */
};

static struct spinlock tcp_table_lock = SPINLOCK_INIT("tcp_table");
static struct list_head tcp_socks = LIST_HEAD_INIT(tcp_socks); /* [tcp_table_lock] */
static struct list_head tcp_tws = LIST_HEAD_INIT(tcp_tws);     /* [tcp_table_lock] */
static u32 next_port;					       /* [tcp_table_lock] */

static const struct proto_ops tcp_ops;

static struct tcp_sock *tcp_sk(struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

/* Sequence-space comparison (RFC 793 arithmetic modulo 2^32). */
static bool seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/* ---- the table ------------------------------------------------------------------ */

/* Drops TIME_WAIT records whose time is up. [tcp_table_lock] */
static void reap_tws(void)
{
	u64 now = time_since_boot_ns();
	struct tcp_tw *tw, *tmp;
	list_for_each_entry_safe(tw, tmp, &tcp_tws, node) {
		if (tw->expires <= now) {
			list_del(&tw->node);
			kfree(tw);
		}
	}
}

static bool addrs_overlap(u32 a, u32 b)
{
	return !a || !b || a == b;
}

/* inet_csk_bind_conflict: does (addr, port) clash with another socket? Two
 * sockets with SO_REUSEADDR share unless the other listens. [tcp_table_lock] */
static bool bind_conflict(struct tcp_sock *me, u32 addr, u16 port)
{
	bool reuse = me->sk.reuseaddr;
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		if (t == me || t->lport != port || !addrs_overlap(t->laddr, addr))
			continue;
		if (reuse && t->sk.reuseaddr && __atomic_load_n(&t->state, __ATOMIC_RELAXED) != TCP_LISTEN)
			continue;
		return true;
	}
	struct tcp_tw *tw;
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->lport == port && addrs_overlap(tw->laddr, addr) && !(reuse && tw->reuse))
			return true;
	}
	return false;
}

/* Is the port used at all (an ephemeral port must be free)? [tcp_table_lock] */
static bool port_used(u16 port)
{
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		if (t->lport == port)
			return true;
	}
	struct tcp_tw *tw;
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->lport == port)
			return true;
	}
	return false;
}

/* An ephemeral port from PORT_LOW..PORT_HIGH starting at a random place, or 0. [tcp_table_lock] */
static u16 pick_port(struct tcp_sock *me, u32 addr)
{
	if (!next_port)
		random_get_bytes(&next_port, sizeof(next_port));
	u32 span = PORT_HIGH - PORT_LOW + 1;
	for (u32 i = 0; i < span; i++) {
		u16 candidate = (u16)(PORT_LOW + next_port++ % span);
		if (!port_used(candidate) && !bind_conflict(me, addr, candidate))
			return candidate;
	}
	return 0;
}

/* Puts t in the table with (addr, port), taking a reference. [tcp_table_lock] */
static void table_add(struct tcp_sock *t, u32 addr, u16 port)
{
	t->laddr = addr;
	t->lport = port;
	t->in_table = true;
	sock_hold(&t->sk);
	list_add_tail(&t->node, &tcp_socks);
}

/* Takes t out of the table; the caller puts the table's reference (true) after unlocking. */
static bool table_del_locked(struct tcp_sock *t)
{
	if (!t->in_table)
		return false;
	list_del(&t->node);
	t->in_table = false;
	t->lport = 0;
	return true;
}

static void table_del(struct tcp_sock *t)
{
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	bool had = table_del_locked(t);
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	if (had)
		sock_put(&t->sk);
}

/* The socket a segment for dst:dport from src:sport belongs to, with a
 * reference: a connection with that four-tuple, else a listener on the
 * address or on any (__inet_lookup). */
static struct tcp_sock *tcp_lookup(u32 src, u16 sport, u32 dst, u16 dport)
{
	struct tcp_sock *t, *found = NULL, *listener = NULL;
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	list_for_each_entry(t, &tcp_socks, node) {
		if (t->lport != dport)
			continue;
		int state = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
		if (state == TCP_LISTEN) {
			if (!t->laddr || t->laddr == dst)
				if (!listener || (!listener->laddr && t->laddr))
					listener = t;
			continue;
		}
		if (state != TCP_CLOSE && t->faddr == src && t->fport == sport && t->laddr == dst) {
			found = t;
			break;
		}
	}
	if (!found)
		found = listener;
	if (found)
		sock_hold(&found->sk);
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	return found;
}

/* ---- sending segments -------------------------------------------------------------------- */

static u32 pseudo_sum(u32 src, u32 dst, size_t len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + IPPROTO_TCP + (u32)len;
}

/* Sends one segment from src:sport to dst:dport (queued on the device;
 * the caller runs net_rx_run once it holds no lock). data may be NULL
 * when the payload comes from a send queue (take_sendq). */
static struct pkt *segment_alloc(size_t optlen, size_t datalen)
{
	return pkt_alloc(IP_HDR_LEN + TCP_HDR_LEN + optlen + datalen);
}

static void segment_send(struct pkt *p, u32 src, u16 sport, u32 dst, u16 dport, u32 seq, u32 ack, u8 flags, u16 window,
			 size_t optlen)
{
	u8 *th = p->data + IP_HDR_LEN;
	size_t tcplen = p->len - IP_HDR_LEN;
	struct tcphdr h = {
		.source = net16(sport),
		.dest = net16(dport),
		.seq = net32(seq),
		.ack_seq = net32(flags & TH_ACK ? ack : 0),
		.doff = (u8)(((TCP_HDR_LEN + optlen) / 4) << 4),
		.flags = flags,
		.window = net16(window),
	};
	memcpy(th, &h, sizeof(h));
	u16 sum = inet_checksum(th, tcplen, pseudo_sum(src, dst, tcplen));
	memcpy(th + 16, &sum, sizeof(sum));
	if (ip_queue_xmit(p, src, dst, IPPROTO_TCP) != 0)
		return; /* no route any more (lo went down): the segment is lost, as on a wire */
}

/* The window to advertise: free receive buffer, at most 65535. [sk.lock] */
static u16 rcv_window(struct tcp_sock *t)
{
	size_t cap = (size_t)t->sk.rcvbuf;
	size_t free = t->rcvq_bytes < cap ? cap - t->rcvq_bytes : 0;
	return (u16)MIN(free, (size_t)TCP_MAX_WINDOW);
}

/* A segment without data from t (ACK, FIN, RST, SYN). [sk.lock] */
static void send_ctl(struct tcp_sock *t, u32 seq, u8 flags)
{
	bool syn = flags & TH_SYN;
	size_t optlen = syn ? 4 : 0;
	struct pkt *p = segment_alloc(optlen, 0);
	if (!p)
		return;
	if (syn) { /* MSS option: the device's MTU less the headers (tcp_advertise_mss) */
		u16 mss = (u16)MIN(65535u, 65536u - IP_HDR_LEN - TCP_HDR_LEN);
		u8 *o = p->data + IP_HDR_LEN + TCP_HDR_LEN;
		o[0] = 2;
		o[1] = 4;
		o[2] = (u8)(mss >> 8);
		o[3] = (u8)mss;
	}
	u16 wnd = (flags & TH_RST) ? 0 : rcv_window(t);
	t->rcv_wnd_sent = wnd;
	segment_send(p, t->laddr, t->lport, t->faddr, t->fport, seq, t->rcv_nxt, flags, wnd, optlen);
}

static void send_ack(struct tcp_sock *t)
{
	send_ctl(t, t->snd_nxt, TH_ACK);
}

/* Sends what the peer's window allows from the send queue, then a FIN
 * queued behind it (tcp_write_xmit, tcp_send_fin). [sk.lock] */
static void tcp_push(struct tcp_sock *t)
{
	if (t->state != TCP_ESTABLISHED && t->state != TCP_CLOSE_WAIT && t->state != TCP_FIN_WAIT1 &&
	    t->state != TCP_LAST_ACK && t->state != TCP_CLOSING)
		return;
	while (t->sendq_bytes) {
		u32 usable = (u32)(t->snd_una + t->snd_wnd - t->snd_nxt);
		if ((s32)usable <= 0)
			return; /* the receiver's window is full: its update resumes us */
		size_t n = MIN(MIN(t->sendq_bytes, (size_t)usable), (size_t)t->mss);
		struct pkt *p = segment_alloc(0, n);
		if (!p)
			return;
		u8 *payload = p->data + IP_HDR_LEN + TCP_HDR_LEN;
		for (size_t done = 0; done < n;) {
			struct tcp_chunk *c = list_first_entry(&t->sendq, struct tcp_chunk, node);
			size_t k = MIN(c->len - c->off, n - done);
			memcpy(payload + done, c->data + c->off, k);
			c->off += k;
			done += k;
			if (c->off == c->len) {
				list_del(&c->node);
				kfree(c);
			}
		}
		t->sendq_bytes -= n;
		u16 wnd = rcv_window(t);
		t->rcv_wnd_sent = wnd;
		segment_send(p, t->laddr, t->lport, t->faddr, t->fport, t->snd_nxt, t->rcv_nxt, TH_ACK | TH_PSH, wnd,
			     0);
		t->snd_nxt += (u32)n;
	}
	if (t->fin_queued && !t->fin_sent) {
		send_ctl(t, t->snd_nxt, TH_FIN | TH_ACK);
		t->snd_nxt++;
		t->fin_sent = true;
	}
}

/* A RST answering a segment no socket takes (tcp_v4_send_reset). No lock needed. */
static void send_reset_for(u32 src, u16 sport, u32 dst, u16 dport, u32 seq, u32 ack, u8 flags, size_t seglen)
{
	if (flags & TH_RST)
		return; /* never answer a reset */
	struct pkt *p = segment_alloc(0, 0);
	if (!p)
		return;
	if (flags & TH_ACK)
		segment_send(p, dst, dport, src, sport, ack, 0, TH_RST, 0, 0);
	else
		segment_send(p, dst, dport, src, sport, 0, seq + (u32)seglen, TH_RST | TH_ACK, 0, 0);
}

/* ---- state changes ------------------------------------------------------------------ */

static void purge(struct list_head *q)
{
	while (!list_empty(q)) {
		struct tcp_chunk *c = list_first_entry(q, struct tcp_chunk, node);
		list_del(&c->node);
		kfree(c);
	}
}

/* tcp_done: the connection is over; both directions are shut. Returns
 * whether the caller must take t out of the table (after dropping sk.lock). [sk.lock] */
static bool tcp_done(struct tcp_sock *t)
{
	t->state = TCP_CLOSE;
	t->sk.shutdown = SHUTDOWN_MASK;
	purge(&t->sendq);
	t->sendq_bytes = 0;
	return t->orphan || !t->port_locked;
}

/* tcp_reset: the peer reset the connection; the error depends on the state. [sk.lock] */
static bool tcp_reset(struct tcp_sock *t)
{
	switch (t->state) {
	case TCP_SYN_SENT: t->sk.err = ECONNREFUSED; break;
	case TCP_CLOSE_WAIT: t->sk.err = EPIPE; break;
	case TCP_CLOSE: return false;
	default: t->sk.err = ECONNRESET; break;
	}
	return tcp_done(t);
}

/* Moves a closing connection to TIME_WAIT: a tcp_tw record keeps the
 * four-tuple; the socket itself is closed (tcp_time_wait). [sk.lock] */
static bool enter_time_wait(struct tcp_sock *t)
{
	struct tcp_tw *tw = kzalloc(sizeof(*tw));
	if (tw) {
		tw->laddr = t->laddr;
		tw->faddr = t->faddr;
		tw->lport = t->lport;
		tw->fport = t->fport;
		tw->reuse = t->sk.reuseaddr;
		tw->expires = time_since_boot_ns() + TCP_TIMEWAIT_NS;
		unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
		reap_tws();
		list_add_tail(&tw->node, &tcp_tws);
		spin_unlock_irqrestore(&tcp_table_lock, irq);
	}
	bool unhash = tcp_done(t);
	if (t->port_locked && !t->orphan)
		unhash = false;
	return unhash;
}

/* ---- receiving segments --------------------------------------------------------------- */

struct segment {
	u32 src, dst;
	u16 sport, dport;
	u32 seq, ack;
	u8 flags;
	u16 window, mss;
	const u8 *data;
	size_t len; /* payload bytes */
};

/* A listener got a SYN: an embryonic child in SYN_RECV answers with SYN-ACK
 * (tcp_conn_request). Returns false when the queue is full (defer the SYN). */
static bool listener_syn(struct tcp_sock *l, const struct segment *s)
{
	struct tcp_sock *c = kzalloc(sizeof(*c));
	if (!c)
		return true; /* dropped, as a SYN without memory is */
	unsigned long irq = spin_lock_irqsave(&l->sk.lock);
	if (l->state != TCP_LISTEN || l->accept_len + l->nr_embryos > l->backlog) {
		bool listening = l->state == TCP_LISTEN;
		spin_unlock_irqrestore(&l->sk.lock, irq);
		kfree(c);
		return !listening; /* full: the SYN waits for accept */
	}
	sock_init(&c->sk, &tcp_ops, SOCK_STREAM, IPPROTO_TCP);
	list_init(&c->sendq);
	list_init(&c->rcvq);
	list_init(&c->accept_q);
	list_init(&c->deferred_syns);
	list_init(&c->child_node);
	list_init(&c->node);
	mutex_init(&c->readlock, "tcp_read");
	mutex_init(&c->writelock, "tcp_write");
	/* sk_clone_lock copies the listener's options */
	c->sk.sndbuf = l->sk.sndbuf;
	c->sk.rcvbuf = l->sk.rcvbuf;
	c->sk.rcvtimeo_ns = l->sk.rcvtimeo_ns;
	c->sk.sndtimeo_ns = l->sk.sndtimeo_ns;
	c->sk.reuseaddr = l->sk.reuseaddr;
	c->sk.keepalive = l->sk.keepalive;
	c->sk.linger = l->sk.linger;
	c->sk.linger_secs = l->sk.linger_secs;
	c->sk.uid = l->sk.uid;
	c->nodelay = l->nodelay;
	c->keepidle = l->keepidle;
	c->keepintvl = l->keepintvl;
	c->keepcnt = l->keepcnt;
	c->state = TCP_SYN_RECV;
	c->sock_state = SS_CONNECTED;
	c->faddr = s->src;
	c->fport = s->sport;
	c->rcv_nxt = s->seq + 1;
	random_get_bytes(&c->iss, sizeof(c->iss));
	c->snd_una = c->iss;
	c->snd_nxt = c->iss + 1;
	c->snd_wnd = s->window;
	c->mss = s->mss;
	c->parent = l;
	sock_hold(&l->sk);
	l->nr_embryos++;
	unsigned long irq2 = spin_lock_irqsave(&tcp_table_lock);
	table_add(c, s->dst, s->dport);
	spin_unlock_irqrestore(&tcp_table_lock, irq2);
	send_ctl(c, c->iss, TH_SYN | TH_ACK);
	spin_unlock_irqrestore(&l->sk.lock, irq);
	sock_put(&c->sk); /* the table holds it; the accept queue takes a reference when it is established */
	return true;
}

/* An embryonic child is established (or died): hand it to its listener's
 * accept queue, or reset it if the listener went away. */
static void child_to_listener(struct tcp_sock *c, bool established)
{
	struct tcp_sock *l = c->parent;
	c->parent = NULL;
	unsigned long irq = spin_lock_irqsave(&l->sk.lock);
	l->nr_embryos--;
	bool queued = false;
	if (established && l->state == TCP_LISTEN) {
		sock_hold(&c->sk);
		list_add_tail(&c->child_node, &l->accept_q);
		l->accept_len++;
		queued = true;
	}
	spin_unlock_irqrestore(&l->sk.lock, irq);
	wake_up_all(&l->sk.wq);
	if (established && !queued) { /* the listener closed meanwhile: reset the connection */
		irq = spin_lock_irqsave(&c->sk.lock);
		send_ctl(c, c->snd_nxt, TH_RST | TH_ACK);
		c->orphan = true;
		bool unhash = tcp_done(c);
		spin_unlock_irqrestore(&c->sk.lock, irq);
		if (unhash)
			table_del(c);
	}
	sock_put(&l->sk);
}

/* The state machine for a socket that is not listening (tcp_rcv_state_process). */
static void conn_rcv(struct tcp_sock *t, const struct segment *s)
{
	bool unhash = false, wake = false, established_child = false, dead_child = false;
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	u8 f = s->flags;
	if (t->state == TCP_SYN_SENT) {
		if ((f & TH_ACK) && s->ack != t->snd_nxt) {
			if (!(f & TH_RST))
				send_reset_for(s->src, s->sport, s->dst, s->dport, s->seq, s->ack, f, s->len);
			goto out;
		}
		if (f & TH_RST) {
			if (f & TH_ACK) {
				unhash = tcp_reset(t); /* ECONNREFUSED */
				wake = true;
			}
			goto out;
		}
		if ((f & TH_SYN) && (f & TH_ACK)) {
			t->rcv_nxt = s->seq + 1;
			t->snd_una = s->ack;
			t->snd_wnd = s->window;
			t->mss = s->mss;
			t->state = TCP_ESTABLISHED;
			send_ack(t);
			tcp_push(t);
			wake = true;
		}
		goto out; /* a bare SYN (simultaneous open) is not done */
	}
	if (t->state == TCP_CLOSE)
		goto out;
	/* sequence check: on a lossless path only the next segment is acceptable */
	if (s->seq != t->rcv_nxt) {
		if (!(f & TH_RST) && (s->len || (f & (TH_SYN | TH_FIN))))
			send_ack(t);
		goto out;
	}
	if (f & TH_RST) {
		if (t->state == TCP_SYN_RECV) {
			dead_child = t->parent != NULL;
			t->orphan = true;
			unhash = tcp_done(t);
		} else {
			unhash = tcp_reset(t);
		}
		wake = true;
		goto out;
	}
	if (f & TH_SYN) { /* a SYN inside the connection: RFC 5961 challenge ACK */
		send_ack(t);
		goto out;
	}
	if (!(f & TH_ACK))
		goto out;
	/* the acknowledgement */
	if (t->state == TCP_SYN_RECV) {
		if (s->ack != t->snd_nxt) {
			send_reset_for(s->src, s->sport, s->dst, s->dport, s->seq, s->ack, f, s->len);
			goto out;
		}
		t->state = TCP_ESTABLISHED;
		established_child = t->parent != NULL;
	}
	if (!seq_before(t->snd_nxt, s->ack) && seq_before(t->snd_una, s->ack + 1)) {
		if (s->ack != t->snd_una || s->window != t->snd_wnd)
			wake = true;
		t->snd_una = s->ack;
		t->snd_wnd = s->window;
	}
	bool fin_acked = t->fin_sent && t->snd_una == t->snd_nxt;
	if (fin_acked) {
		switch (t->state) {
		case TCP_FIN_WAIT1:
			t->state = TCP_FIN_WAIT2;
			wake = true;
			break;
		case TCP_CLOSING:
			unhash = enter_time_wait(t);
			wake = true;
			goto out;
		case TCP_LAST_ACK:
			unhash = tcp_done(t);
			wake = true;
			goto out;
		}
	}
	/* data */
	if (s->len) {
		bool can_take = t->state == TCP_ESTABLISHED || t->state == TCP_FIN_WAIT1 || t->state == TCP_FIN_WAIT2;
		if (t->state != TCP_ESTABLISHED && can_take && (t->sk.shutdown & RCV_SHUTDOWN)) {
			/* data for a socket that was closed: reset (tcp_rcv_state_process) */
			send_ctl(t, t->snd_nxt, TH_RST | TH_ACK);
			unhash = tcp_reset(t);
			wake = true;
			goto out;
		}
		if (can_take) {
			size_t room = rcv_window(t);
			size_t n = MIN(s->len, room); /* past the window is dropped */
			struct tcp_chunk *c = n ? kmalloc(sizeof(*c) + n) : NULL;
			if (c) {
				c->len = n;
				c->off = 0;
				memcpy(c->data, s->data, n);
				list_add_tail(&c->node, &t->rcvq);
				t->rcvq_bytes += n;
				t->rcv_nxt += (u32)n;
				wake = true;
			}
			if (n < s->len) {
				send_ack(t);
				goto out; /* the FIN, if any, comes again after the data */
			}
		}
	}
	if (f & TH_FIN) {
		t->rcv_nxt++;
		t->fin_received = true;
		t->sk.shutdown |= RCV_SHUTDOWN;
		wake = true;
		switch (t->state) {
		case TCP_SYN_RECV:
		case TCP_ESTABLISHED: t->state = TCP_CLOSE_WAIT; break;
		case TCP_FIN_WAIT1:
			t->state = TCP_CLOSING; /* our FIN is not acknowledged yet */
			break;
		case TCP_FIN_WAIT2:
			send_ack(t);
			unhash = enter_time_wait(t);
			goto out;
		}
	}
	if (s->len || (f & TH_FIN))
		send_ack(t);
	tcp_push(t); /* the window may have opened */
out:
	spin_unlock_irqrestore(&t->sk.lock, irq);
	if (established_child)
		child_to_listener(t, true);
	else if (dead_child)
		child_to_listener(t, false);
	if (unhash)
		table_del(t);
	if (wake || established_child)
		wake_up_all(&t->sk.wq);
}

/* A listener got s (tcp_v4_rcv for a listening socket). Returns false when
 * the SYN must wait for room in the queue. */
static bool listen_rcv(struct tcp_sock *l, const struct segment *s)
{
	if (s->flags & TH_RST)
		return true;
	if (s->flags & TH_ACK) { /* no embryo for it: reset */
		send_reset_for(s->src, s->sport, s->dst, s->dport, s->seq, s->ack, s->flags, s->len);
		return true;
	}
	if (s->flags & TH_SYN)
		return listener_syn(l, s);
	return true;
}

void tcp_rcv(struct pkt *p, u32 src, u32 dst)
{
	if (p->len < TCP_HDR_LEN)
		goto drop;
	if (inet_checksum(p->data, p->len, pseudo_sum(src, dst, p->len)) != 0)
		goto drop;
	struct tcphdr h;
	memcpy(&h, p->data, sizeof(h));
	size_t hlen = (size_t)(h.doff >> 4) * 4;
	if (hlen < TCP_HDR_LEN || hlen > p->len)
		goto drop;
	struct segment s = {
		.src = src,
		.dst = dst,
		.sport = net16(h.source),
		.dport = net16(h.dest),
		.seq = net32(h.seq),
		.ack = net32(h.ack_seq),
		.flags = h.flags,
		.window = net16(h.window),
		.mss = TCP_MSS_DEFAULT,
		.data = p->data + hlen,
		.len = p->len - hlen,
	};
	for (size_t i = TCP_HDR_LEN; i < hlen;) { /* options: only MSS is read */
		u8 kind = p->data[i];
		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= hlen || p->data[i + 1] < 2)
			break;
		if (kind == 2 && p->data[i + 1] == 4 && i + 4 <= hlen)
			s.mss = (u16)(p->data[i + 2] << 8 | p->data[i + 3]);
		i += p->data[i + 1];
	}
	struct tcp_sock *t = tcp_lookup(src, s.sport, dst, s.dport);
	if (!t) {
		send_reset_for(src, s.sport, dst, s.dport, s.seq, s.ack, s.flags,
			       s.len + !!(s.flags & TH_SYN) + !!(s.flags & TH_FIN));
		goto drop;
	}
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN) {
		if (!listen_rcv(t, &s)) {
			unsigned long irq = spin_lock_irqsave(&t->sk.lock);
			bool still = t->state == TCP_LISTEN;
			if (still)
				list_add_tail(&p->node, &t->deferred_syns);
			spin_unlock_irqrestore(&t->sk.lock, irq);
			sock_put(&t->sk);
			if (still)
				return;
			goto drop;
		}
	} else {
		conn_rcv(t, &s);
	}
	sock_put(&t->sk);
drop:
	kfree(p);
}

/* ---- system calls -------------------------------------------------------------------------- */

static int tcp_bind(struct sock *sk, const void *addr, int len)
{
	struct tcp_sock *t = tcp_sk(sk);
	u32 ip;
	u16 port;
	int err = get_sin(addr, len, &ip, &port, true);
	if (err)
		return err;
	if (ip != INADDR_ANY && !netdev_is_local(ip))
		return -EADDRNOTAVAIL;
	if (port && port < 1024 && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	reap_tws();
	if (t->lport || __atomic_load_n(&t->state, __ATOMIC_RELAXED) != TCP_CLOSE) {
		err = -EINVAL; /* __inet_bind: already bound */
	} else if (!port) {
		port = pick_port(t, ip);
		if (!port)
			err = -EADDRINUSE;
	} else if (bind_conflict(t, ip, port)) {
		err = -EADDRINUSE;
	}
	if (!err) {
		table_add(t, ip, port);
		t->port_locked = true;
	}
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	return err;
}

static int tcp_listen(struct sock *sk, int backlog)
{
	struct tcp_sock *t = tcp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int state = t->state;
	if (state == TCP_LISTEN) {
		t->backlog = backlog; /* listen again: only the backlog changes */
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	}
	if (state != TCP_CLOSE || t->sock_state != SS_UNCONNECTED) {
		spin_unlock_irqrestore(&sk->lock, irq);
		return -EINVAL; /* inet_listen */
	}
	int err = 0;
	unsigned long irq2 = spin_lock_irqsave(&tcp_table_lock);
	reap_tws();
	if (!t->lport) { /* listen on an unbound socket: an ephemeral port (inet_autobind) */
		u16 port = pick_port(t, INADDR_ANY);
		if (port)
			table_add(t, INADDR_ANY, port);
		else
			err = -EADDRINUSE;
	} else {
		struct tcp_sock *o;
		list_for_each_entry(o, &tcp_socks, node) { /* inet_csk_listen_start's second look */
			if (o != t && o->lport == t->lport && addrs_overlap(o->laddr, t->laddr) &&
			    __atomic_load_n(&o->state, __ATOMIC_RELAXED) == TCP_LISTEN)
				err = -EADDRINUSE;
		}
	}
	if (!err) {
		t->state = TCP_LISTEN;
		t->backlog = backlog;
		sk->listening = true;
	}
	spin_unlock_irqrestore(&tcp_table_lock, irq2);
	spin_unlock_irqrestore(&sk->lock, irq);
	return err;
}

/* A deferred SYN gets another go once accept made room (a client's retransmission). */
static void replay_deferred_syn(struct tcp_sock *l)
{
	unsigned long irq = spin_lock_irqsave(&l->sk.lock);
	struct pkt *p = list_first_entry_or_null(&l->deferred_syns, struct pkt, node);
	if (p)
		list_del(&p->node);
	spin_unlock_irqrestore(&l->sk.lock, irq);
	if (p) {
		/* the packet is past its IP header: give it back to tcp_rcv through the backlog */
		p->data -= IP_HDR_LEN;
		p->len += IP_HDR_LEN;
		netif_rx(p);
	}
}

static int tcp_accept(struct sock *sk, struct sock **newsk, int flags)
{
	struct tcp_sock *l = tcp_sk(sk);
	u64 deadline = sock_deadline(sk, false);
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		if (l->state != TCP_LISTEN) {
			spin_unlock_irqrestore(&sk->lock, irq);
			return -EINVAL;
		}
		struct tcp_sock *c = list_first_entry_or_null(&l->accept_q, struct tcp_sock, child_node);
		if (c) {
			list_del(&c->child_node);
			l->accept_len--;
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		if (c) {
			replay_deferred_syn(l);
			*newsk = &c->sk; /* the queue's reference */
			return 0;
		}
		if (flags & MSG_DONTWAIT)
			return -EAGAIN;
		int ret = wait_event_interruptible_timeout(
			&sk->wq,
			!list_empty(&l->accept_q) || __atomic_load_n(&l->state, __ATOMIC_RELAXED) != TCP_LISTEN,
			deadline);
		if (ret == -ETIMEDOUT)
			return -EAGAIN;
		if (ret == -ERESTARTSYS && deadline != ~0UL)
			return -EINTR;
		if (ret)
			return ret;
	}
}

/* __inet_stream_connect and tcp_v4_connect. */
static int tcp_connect(struct sock *sk, const void *addr, int len, int flags)
{
	struct tcp_sock *t = tcp_sk(sk);
	const struct sockaddr_in_user *sin = addr;
	if (len < (int)sizeof(sin->sin_family))
		return -EINVAL;
	if (sin->sin_family == AF_UNSPEC) { /* tcp_disconnect: not done beyond the common cases */
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		int state = t->state;
		spin_unlock_irqrestore(&sk->lock, irq);
		if (state == TCP_CLOSE) {
			t->sock_state = SS_UNCONNECTED;
			return 0;
		}
		return -EOPNOTSUPP;
	}
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int err = 0;
	switch (t->sock_state) {
	case SS_CONNECTED: err = -EISCONN; break;
	case SS_CONNECTING: err = -EALREADY; break;
	default:
		if (t->state != TCP_CLOSE)
			err = -EISCONN;
		break;
	}
	bool start = t->sock_state == SS_UNCONNECTED && !err;
	if (t->sock_state == SS_CONNECTING) {
		/* a second connect: established now, or failed (the wait below) */
		if (t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT) {
			t->sock_state = SS_CONNECTED;
			spin_unlock_irqrestore(&sk->lock, irq);
			return 0;
		}
		if (t->state == TCP_CLOSE) {
			t->sock_state = SS_UNCONNECTED;
			spin_unlock_irqrestore(&sk->lock, irq);
			int e = sock_take_error(sk);
			return e ? e : -ECONNABORTED;
		}
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!start && err != -EALREADY)
		return err;
	if (start) {
		u32 ip, src;
		u16 port;
		if (len < (int)sizeof(struct sockaddr_in_user))
			return -EINVAL;
		if (sin->sin_family != AF_INET)
			return -EAFNOSUPPORT;
		ip = net32(sin->sin_addr);
		port = net16(sin->sin_port);
		struct netdev *dev;
		if ((err = netdev_route(ip, &src, &dev)))
			return err;
		/* the local end: the bound one, or the route's source and an ephemeral port */
		unsigned long irq2 = spin_lock_irqsave(&tcp_table_lock);
		reap_tws();
		if (!t->lport) {
			u16 lport = pick_port(t, src);
			if (!lport) {
				spin_unlock_irqrestore(&tcp_table_lock, irq2);
				return -EADDRNOTAVAIL; /* __inet_hash_connect: no port left */
			}
			table_add(t, src, lport);
		} else if (!t->laddr) {
			t->laddr = src;
		}
		t->faddr = ip;
		t->fport = port;
		spin_unlock_irqrestore(&tcp_table_lock, irq2);
		irq = spin_lock_irqsave(&sk->lock);
		random_get_bytes(&t->iss, sizeof(t->iss));
		t->snd_una = t->iss;
		t->snd_nxt = t->iss + 1;
		t->state = TCP_SYN_SENT;
		t->sock_state = SS_CONNECTING;
		t->sk.shutdown = 0;
		t->fin_received = t->fin_queued = t->fin_sent = false;
		t->mss = TCP_MSS_DEFAULT;
		send_ctl(t, t->iss, TH_SYN);
		spin_unlock_irqrestore(&sk->lock, irq);
		net_rx_run();
		if (flags & MSG_DONTWAIT)
			return -EINPROGRESS; /* even when the handshake is already done, as Linux */
	} else if (flags & MSG_DONTWAIT) {
		return -EALREADY;
	}
	u64 deadline = sock_deadline(sk, true);
	int ret = wait_event_interruptible_timeout(
		&sk->wq, __atomic_load_n(&t->state, __ATOMIC_RELAXED) != TCP_SYN_SENT, deadline);
	if (ret == -ETIMEDOUT)
		return -EINPROGRESS; /* SO_SNDTIMEO expired: still connecting */
	if (ret == -ERESTARTSYS && deadline != ~0UL)
		return -EINTR;
	if (ret)
		return ret;
	irq = spin_lock_irqsave(&sk->lock);
	bool closed = t->state == TCP_CLOSE;
	t->sock_state = closed ? SS_UNCONNECTED : SS_CONNECTED;
	spin_unlock_irqrestore(&sk->lock, irq);
	if (closed) {
		int e = sock_take_error(sk);
		return e ? e : -ECONNABORTED;
	}
	return 0;
}

static int tcp_getname(struct sock *sk, void *addr, bool peer)
{
	struct tcp_sock *t = tcp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int state = t->state;
	spin_unlock_irqrestore(&sk->lock, irq);
	irq = spin_lock_irqsave(&tcp_table_lock);
	u32 ip = peer ? t->faddr : t->laddr;
	u16 port = peer ? t->fport : t->lport;
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	if (peer && (!port || state == TCP_CLOSE || state == TCP_SYN_SENT || state == TCP_LISTEN))
		return -ENOTCONN; /* inet_getname */
	return put_sin(addr, ip, port);
}

/* Bytes the send queue may still take (sk_stream_wspace). [sk.lock] */
static size_t send_space(struct tcp_sock *t)
{
	size_t used = t->sendq_bytes + (u32)(t->snd_nxt - t->snd_una);
	return used < (size_t)t->sk.sndbuf ? (size_t)t->sk.sndbuf - used : 0;
}

static ssize_t tcp_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP; /* urgent data is not done */
	u64 deadline = sock_deadline(sk, true);
	size_t sent = 0;
	ssize_t err = 0;
	mutex_lock(&t->writelock);
	while (sent < len || (!len && !sent && !err)) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		int state = t->state;
		bool broken = sk->err || (sk->shutdown & SEND_SHUTDOWN);
		size_t space = send_space(t);
		spin_unlock_irqrestore(&sk->lock, irq);
		if (state == TCP_SYN_SENT || state == TCP_SYN_RECV ||
		    ((state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) && !space && !broken)) {
			/* sk_stream_wait_connect / sk_stream_wait_memory */
			if (m->flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			int ret = wait_event_interruptible_timeout(&sk->wq, ({
				unsigned long i2 = spin_lock_irqsave(&sk->lock);
				bool ready = (t->state != TCP_SYN_SENT && t->state != TCP_SYN_RECV && send_space(t)) ||
					     sk->err || (sk->shutdown & SEND_SHUTDOWN) ||
					     (t->state != TCP_ESTABLISHED && t->state != TCP_CLOSE_WAIT &&
					      t->state != TCP_SYN_SENT && t->state != TCP_SYN_RECV);
				spin_unlock_irqrestore(&sk->lock, i2);
				ready;
			}),
								   deadline);
			if (ret == -ETIMEDOUT)
				err = -EAGAIN;
			else if (ret == -ERESTARTSYS && deadline != ~0UL)
				err = -EINTR;
			else
				err = ret;
			if (err)
				break;
			continue;
		}
		if (broken || (state != TCP_ESTABLISHED && state != TCP_CLOSE_WAIT)) {
			err = -EPIPE; /* sk_stream_error: a pending error first */
			int e = sock_take_error(sk);
			if (e)
				err = e;
			break;
		}
		if (!len)
			break;
		size_t n = MIN(MIN(space, len - sent), (size_t)TCP_CHUNK_MAX);
		struct tcp_chunk *c = kmalloc(sizeof(*c) + n);
		if (!c) {
			err = -ENOBUFS;
			break;
		}
		c->len = n;
		c->off = 0;
		if (msg_iter_copy_in(c->data, &m->iter, n)) {
			kfree(c);
			err = -EFAULT;
			break;
		}
		irq = spin_lock_irqsave(&sk->lock);
		list_add_tail(&c->node, &t->sendq);
		t->sendq_bytes += n;
		tcp_push(t);
		spin_unlock_irqrestore(&sk->lock, irq);
		net_rx_run();
		sent += n;
	}
	mutex_unlock(&t->writelock);
	if (sent)
		return (ssize_t)sent;
	if (err == -EPIPE)
		return sock_epipe(m->flags);
	return err;
}

/* After a read: tell the sender if the window grew enough (tcp_cleanup_rbuf). [sk.lock] */
static void maybe_window_update(struct tcp_sock *t)
{
	if (t->state != TCP_ESTABLISHED && t->state != TCP_FIN_WAIT1 && t->state != TCP_FIN_WAIT2)
		return;
	u16 now = rcv_window(t);
	if (now > t->rcv_wnd_sent && (t->rcv_wnd_sent < now / 2 || now - t->rcv_wnd_sent >= 16384))
		send_ack(t);
}

static ssize_t tcp_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (m->flags & MSG_OOB)
		return -EINVAL; /* no urgent data (tcp_recv_urg) */
	bool peek = m->flags & MSG_PEEK;
	bool waitall = (m->flags & MSG_WAITALL) && !peek;
	u64 deadline = sock_deadline(sk, false);
	size_t copied = 0, peek_skip = 0;
	ssize_t err = 0;
	mutex_lock(&t->readlock);
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN) {
		mutex_unlock(&t->readlock);
		return -ENOTCONN;
	}
	while (copied < len) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		/* the chunk holding the next byte (peek walks past what it already copied) */
		struct tcp_chunk *c = NULL, *it;
		size_t skip = peek_skip;
		list_for_each_entry(it, &t->rcvq, node) {
			size_t avail = it->len - it->off;
			if (skip < avail) {
				c = it;
				break;
			}
			skip -= avail;
		}
		if (c) {
			size_t n = MIN(c->len - c->off - skip, len - copied);
			const u8 *src = c->data + c->off + skip;
			spin_unlock_irqrestore(&sk->lock, irq);
			/* the reader mutex keeps c in place: only readers take from rcvq */
			if (msg_iter_copy_out(&m->iter, src, n)) {
				err = -EFAULT;
				break;
			}
			copied += n;
			if (peek) {
				peek_skip += n;
				continue;
			}
			irq = spin_lock_irqsave(&sk->lock);
			c->off += n;
			t->rcvq_bytes -= n;
			if (c->off == c->len) {
				list_del(&c->node);
				kfree(c);
			}
			maybe_window_update(t);
			spin_unlock_irqrestore(&sk->lock, irq);
			net_rx_run();
			continue;
		}
		/* nothing queued (tcp_recvmsg_locked's checks, in its order) */
		bool done = t->fin_received, closed = t->state == TCP_CLOSE;
		bool rcv_shut = sk->shutdown & RCV_SHUTDOWN, has_err = sk->err;
		spin_unlock_irqrestore(&sk->lock, irq);
		if (copied) {
			if (!waitall || has_err || closed || rcv_shut || done || (m->flags & MSG_DONTWAIT))
				break;
		} else {
			if (done)
				break;
			if (has_err) {
				err = sock_take_error(sk);
				break;
			}
			if (rcv_shut)
				break;
			if (closed) {
				err = -ENOTCONN;
				break;
			}
			if (m->flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
		}
		mutex_unlock(&t->readlock);
		int ret = wait_event_interruptible_timeout(&sk->wq, ({
			unsigned long i2 = spin_lock_irqsave(&sk->lock);
			bool ready = t->rcvq_bytes > peek_skip || sk->err || (sk->shutdown & RCV_SHUTDOWN) ||
				     t->state == TCP_CLOSE;
			spin_unlock_irqrestore(&sk->lock, i2);
			ready;
		}),
							   deadline);
		mutex_lock(&t->readlock);
		if (ret == -ETIMEDOUT)
			err = -EAGAIN;
		else if (ret == -ERESTARTSYS && deadline != ~0UL)
			err = -EINTR;
		else
			err = ret;
		if (err)
			break;
	}
	mutex_unlock(&t->readlock);
	if (copied)
		return (ssize_t)copied;
	return err;
}

static short tcp_poll(struct sock *sk, struct file *f, struct poll_table *pt)
{
	struct tcp_sock *t = tcp_sk(sk);
	(void)f;
	poll_wait(pt, &sk->wq);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	short mask = 0;
	if (t->state == TCP_LISTEN) { /* inet_csk_listen_poll */
		if (!list_empty(&t->accept_q))
			mask = POLLIN | POLLRDNORM;
		spin_unlock_irqrestore(&sk->lock, irq);
		return mask;
	}
	/* tcp_poll */
	if (sk->shutdown == SHUTDOWN_MASK || t->state == TCP_CLOSE)
		mask |= POLLHUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (t->state != TCP_SYN_SENT && t->state != TCP_SYN_RECV) {
		if (t->rcvq_bytes)
			mask |= POLLIN | POLLRDNORM;
		if (!(sk->shutdown & SEND_SHUTDOWN)) {
			size_t used = t->sendq_bytes + (u32)(t->snd_nxt - t->snd_una);
			if (send_space(t) >= used / 2 && send_space(t)) /* sk_stream_is_writeable */
				mask |= POLLOUT | POLLWRNORM;
		} else {
			mask |= POLLOUT | POLLWRNORM;
		}
	}
	if (sk->err)
		mask |= POLLERR;
	spin_unlock_irqrestore(&sk->lock, irq);
	return mask;
}

static long tcp_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (cmd == SIOCINQ || cmd == SIOCOUTQ) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		bool listening = t->state == TCP_LISTEN;
		u32 amount = cmd == SIOCINQ ? (u32)t->rcvq_bytes : (u32)(t->sendq_bytes + (t->snd_nxt - t->snd_una));
		if (cmd == SIOCOUTQ && (t->state == TCP_SYN_SENT || t->state == TCP_CLOSE))
			amount = 0;
		spin_unlock_irqrestore(&sk->lock, irq);
		if (listening)
			return -EINVAL; /* tcp_ioctl */
		return put_user_u32(arg, amount) ? -EFAULT : 0;
	}
	return -ENOIOCTLCMD; /* the device ioctls: the generic layer */
}

/* inet_shutdown and tcp_shutdown: SHUT_WR sends a FIN after the queued data. */
static int tcp_shutdown(struct sock *sk, int how)
{
	struct tcp_sock *t = tcp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int err = 0;
	if (t->state == TCP_CLOSE || t->state == TCP_SYN_SENT || t->state == TCP_LISTEN) {
		if (t->state == TCP_CLOSE)
			err = -ENOTCONN;
		sk->shutdown |= (unsigned)how;
		spin_unlock_irqrestore(&sk->lock, irq);
		wake_up_all(&sk->wq);
		return err;
	}
	sk->shutdown |= (unsigned)how;
	if ((how & SEND_SHUTDOWN) && !t->fin_queued &&
	    (t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT || t->state == TCP_SYN_RECV)) {
		t->fin_queued = true;
		t->state = t->state == TCP_CLOSE_WAIT ? TCP_LAST_ACK : TCP_FIN_WAIT1;
		tcp_push(t);
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	net_rx_run();
	wake_up_all(&sk->wq);
	return 0;
}

/* A listener closes: its pending connections are reset (inet_csk_listen_stop). */
static void listener_close(struct tcp_sock *l)
{
	struct list_head children = LIST_HEAD_INIT(children), syns = LIST_HEAD_INIT(syns);
	unsigned long irq = spin_lock_irqsave(&l->sk.lock);
	l->state = TCP_CLOSE;
	l->sk.listening = false;
	while (!list_empty(&l->accept_q))
		list_move_tail(l->accept_q.next, &children);
	l->accept_len = 0;
	while (!list_empty(&l->deferred_syns))
		list_move_tail(l->deferred_syns.next, &syns);
	spin_unlock_irqrestore(&l->sk.lock, irq);
	while (!list_empty(&children)) { /* inet_child_forget -> tcp_disconnect: a reset */
		struct tcp_sock *c = list_first_entry(&children, struct tcp_sock, child_node);
		list_del(&c->child_node);
		irq = spin_lock_irqsave(&c->sk.lock);
		c->orphan = true;
		c->sk.dead = true;
		if (c->state != TCP_CLOSE)
			send_ctl(c, c->snd_nxt, TH_RST | TH_ACK);
		bool unhash = tcp_done(c);
		spin_unlock_irqrestore(&c->sk.lock, irq);
		net_rx_run();
		if (unhash)
			table_del(c);
		sock_put(&c->sk); /* the queue's reference */
	}
	while (!list_empty(&syns)) {
		struct pkt *p = list_first_entry(&syns, struct pkt, node);
		list_del(&p->node);
		kfree(p); /* the client never hears back (it would time out) */
	}
	table_del(l);
}

/* The file's last close (tcp_close). */
static void tcp_release(struct sock *sk)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN) {
		listener_close(t);
		goto out;
	}
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	t->orphan = true;
	sk->dead = true;
	bool unread = t->rcvq_bytes != 0;
	purge(&t->rcvq);
	t->rcvq_bytes = 0;
	sk->shutdown = SHUTDOWN_MASK;
	bool unhash = false;
	switch (t->state) {
	case TCP_CLOSE: unhash = true; break;
	case TCP_SYN_SENT: unhash = tcp_done(t); break;
	default:
		if (unread || (sk->linger && sk->linger_secs == 0)) {
			/* unread data (or a zero linger) resets the connection */
			send_ctl(t, t->snd_nxt, TH_RST | TH_ACK);
			unhash = tcp_done(t);
		} else if (t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT || t->state == TCP_SYN_RECV) {
			t->fin_queued = true;
			t->state = t->state == TCP_CLOSE_WAIT ? TCP_LAST_ACK : TCP_FIN_WAIT1;
			tcp_push(t);
		}
		/* FIN_WAIT*, CLOSING, LAST_ACK: the protocol finishes alone */
		break;
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	net_rx_run();
	if (unhash)
		table_del(t);
out:
	sock_put(sk); /* the file's reference; the table's keeps an open connection */
}

static void tcp_destroy(struct sock *sk)
{
	struct tcp_sock *t = tcp_sk(sk);
	purge(&t->sendq);
	purge(&t->rcvq);
	while (!list_empty(&t->deferred_syns)) {
		struct pkt *p = list_first_entry(&t->deferred_syns, struct pkt, node);
		list_del(&p->node);
		kfree(p);
	}
	if (t->parent)
		sock_put(&t->parent->sk);
	kfree(t);
}

/* tcp_setsockopt: the options programs set; values are kept and reported. */
static int tcp_setsockopt(struct sock *sk, int level, int name, const void *val, int len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (level != IPPROTO_TCP)
		return -ENOPROTOOPT; /* ip_setsockopt / ip_getsockopt: no IP-level options here */
	if (len < (int)sizeof(int))
		return -EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case TCP_NODELAY: t->nodelay = v != 0; return 0;
	case TCP_CORK: t->cork = v != 0; return 0;
	case TCP_QUICKACK: return 0; /* every segment is acknowledged at once anyway */
	case TCP_MAXSEG:
		if (v && (v < 88 || v > 32767)) /* TCP_MIN_MSS .. MAX_TCP_WINDOW */
			return -EINVAL;
		t->user_mss = v;
		return 0;
	case TCP_KEEPIDLE:
		if (v < 1 || v > MAX_TCP_KEEPIDLE)
			return -EINVAL;
		t->keepidle = v;
		return 0;
	case TCP_KEEPINTVL:
		if (v < 1 || v > MAX_TCP_KEEPINTVL)
			return -EINVAL;
		t->keepintvl = v;
		return 0;
	case TCP_KEEPCNT:
		if (v < 1 || v > MAX_TCP_KEEPCNT)
			return -EINVAL;
		t->keepcnt = v;
		return 0;
	case TCP_USER_TIMEOUT:
		if (v < 0)
			return -EINVAL;
		t->user_timeout = v;
		return 0;
	default: return -ENOPROTOOPT;
	}
}

static int tcp_getsockopt(struct sock *sk, int level, int name, void *val, int *len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (level != IPPROTO_TCP)
		return -ENOPROTOOPT; /* ip_setsockopt / ip_getsockopt: no IP-level options here */
	int v;
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int state = t->state;
	u16 mss = t->mss;
	u32 unacked = t->snd_nxt - t->snd_una;
	spin_unlock_irqrestore(&sk->lock, irq);
	*len = sizeof(int);
	switch (name) {
	case TCP_NODELAY: v = t->nodelay; break;
	case TCP_CORK: v = t->cork; break;
	case TCP_QUICKACK: v = 1; break;
	case TCP_MAXSEG: /* tcp_current_mss once connected, else the user's or 536 */
		v = (state == TCP_CLOSE || state == TCP_LISTEN) ? (t->user_mss ? t->user_mss : TCP_MSS_DEFAULT) : mss;
		break;
	case TCP_KEEPIDLE: v = t->keepidle ? t->keepidle : 7200; break; /* tcp_keepalive_time */
	case TCP_KEEPINTVL: v = t->keepintvl ? t->keepintvl : 75; break;
	case TCP_KEEPCNT: v = t->keepcnt ? t->keepcnt : 9; break;
	case TCP_USER_TIMEOUT: v = t->user_timeout; break;
	case TCP_INFO: { /* minimal struct tcp_info: state, MSS, unacknowledged */
		u8 info[TCP_INFO_LEN] = {0};
		info[0] = (u8)state;	   /* tcpi_state */
		u32 words[2] = {mss, mss}; /* tcpi_snd_mss, tcpi_rcv_mss at offsets 16, 20 */
		memcpy(info + 16, words, sizeof(words));
		memcpy(info + 24, &unacked, sizeof(unacked)); /* tcpi_unacked */
		memcpy(val, info, sizeof(info));
		*len = TCP_INFO_LEN;
		return 0;
	}
	default: return -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof(v));
	return 0;
}

/* One line of /proc/net/tcp padded to 149 columns (Linux's seq_pad to TMPSZ - 1). */
#define PROC_TCP_WIDTH 149

/*
 * /proc/net/tcp in tcp4_seq_show's format: listeners, connections (an
 * embryo shows as 03 with inode 0, as a request sock does) and TIME_WAIT
 * records. The kernel pointer reads as zeros (what a reader without
 * CAP_SYSLOG sees); the timer, retransmission, RTO, ATO, congestion
 * window and ssthresh columns hold the values of an idle loopback
 * connection on Linux (20, 4, 10, -1): no timers or congestion control
 * here. Queues are read without the sockets' locks: a snapshot.
 */
size_t tcp_proc_format(char *buf, size_t cap)
{
	size_t len = 0;
#define EMIT(...) (len += (size_t)snprintf(buf + MIN(len, cap), cap - MIN(len, cap), __VA_ARGS__))
#define PAD(start)                                     \
	do {                                           \
		while (len - (start) < PROC_TCP_WIDTH) \
			EMIT(" ");                     \
		EMIT("\n");                            \
	} while (0)
	size_t start = len;
	EMIT("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
	PAD(start);
	int i = 0;
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		int state = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
		if (state == TCP_CLOSE)
			continue; /* bound only: Linux lists the listening and established tables */
		start = len;
		bool listening = state == TCP_LISTEN;
		u32 txq = listening ? 0
				    : (u32)(__atomic_load_n(&t->sendq_bytes, __ATOMIC_RELAXED) +
					    (__atomic_load_n(&t->snd_nxt, __ATOMIC_RELAXED) -
					     __atomic_load_n(&t->snd_una, __ATOMIC_RELAXED)));
		u32 rxq = listening ? (u32)__atomic_load_n(&t->accept_len, __ATOMIC_RELAXED)
				    : (u32)__atomic_load_n(&t->rcvq_bytes, __ATOMIC_RELAXED);
		/* sock_i_ino, sock_i_uid: 0 without a socket file (closed, or not accepted yet) */
		bool has_file = !__atomic_load_n(&t->orphan, __ATOMIC_RELAXED) && t->sk.ino;
		EMIT("%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d 0000000000000000 "
		     "%lu %lu %u %u %d",
		     i++, net32(t->laddr), t->lport, net32(t->faddr), t->fport, (unsigned)state, txq, rxq, 0u, 0ul, 0u,
		     has_file ? t->sk.uid : 0u, 0, has_file ? (unsigned long)t->sk.ino : 0ul,
		     __atomic_load_n(&t->sk.refcount, __ATOMIC_RELAXED), 20ul, 4ul, 0u, 10u, listening ? 0 : -1);
		PAD(start);
	}
	u64 now = time_since_boot_ns();
	struct tcp_tw *tw;
	list_for_each_entry(tw, &tcp_tws, node) {
		if (tw->expires <= now)
			continue;
		start = len;
		EMIT("%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d 0000000000000000", i++,
		     net32(tw->laddr), tw->lport, net32(tw->faddr), tw->fport, TCP_TIME_WAIT, 0u, 0u, 3u,
		     (unsigned long)((tw->expires - now) / 10000000), 0u, 0, 0, 0, 3);
		PAD(start);
	}
	spin_unlock_irqrestore(&tcp_table_lock, irq);
#undef PAD
#undef EMIT
	return len;
}

static const struct proto_ops tcp_ops = {
	.family = AF_INET,
	.release = tcp_release,
	.destroy = tcp_destroy,
	.bind = tcp_bind,
	.connect = tcp_connect,
	.accept = tcp_accept,
	.listen = tcp_listen,
	.getname = tcp_getname,
	.poll = tcp_poll,
	.ioctl = tcp_ioctl,
	.shutdown = tcp_shutdown,
	.sendmsg = tcp_sendmsg,
	.recvmsg = tcp_recvmsg,
	.setsockopt = tcp_setsockopt,
	.getsockopt = tcp_getsockopt,
};

int tcp_create(struct sock **out)
{
	struct tcp_sock *t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	sock_init(&t->sk, &tcp_ops, SOCK_STREAM, IPPROTO_TCP);
	t->sk.sndbuf = TCP_SNDBUF_DEFAULT;
	t->sk.rcvbuf = TCP_RCVBUF_DEFAULT;
	t->state = TCP_CLOSE;
	t->sock_state = SS_UNCONNECTED;
	t->mss = TCP_MSS_DEFAULT;
	list_init(&t->sendq);
	list_init(&t->rcvq);
	list_init(&t->accept_q);
	list_init(&t->deferred_syns);
	list_init(&t->child_node);
	list_init(&t->node);
	mutex_init(&t->readlock, "tcp_read");
	mutex_init(&t->writelock, "tcp_write");
	*out = &t->sk;
	return 0;
}
