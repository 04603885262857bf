/*
 * tcp.c — TCP's socket calls (RFC 793, RFC 9293; Linux net/ipv4/tcp.c, tcp_input.c,
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
 * sequence, a send queue and a receive queue of segments per socket (a
 * byte is copied once into a segment and once out of it) with the peer's
 * advertised window as flow control (window scaling, RFC 7323), FIN in
 * both directions with half close, RST for a segment no socket wants (ECONNREFUSED at a connecting peer), on close with unread
 * data and for data reaching a socket that was closed, TIME_WAIT, the
 * bind rules of inet_csk_bind_conflict with SO_REUSEADDR, non-blocking
 * connect, and the options of tcp_setsockopt that programs set.
 *
 * Choices a lossless loopback allows, to be revisited for a real card:
 * - No retransmission of data: the loopback never loses, reorders or
 *   duplicates a segment, so nothing is kept after it is sent. A segment
 *   out of sequence is dropped with an ACK. The one timer (tcp_timer.c)
 *   sends a SYN again — a full accept queue drops it, as Linux's does —
 *   and enforces TCP_CORK's ceiling and the delayed ACK.
 * - ACKs are delayed as Linux delays them and Nagle's algorithm holds a
 *   small segment while a small one is unacknowledged (tcp_output.c), and
 *   a reader that frees enough of its buffer sends a window update, so a
 *   zero window needs no probe.
 * - A closed socket in FIN_WAIT2 goes after tcp_fin_time (tcp_timer.c).
 * - TIME_WAIT lasts TCP_TIMEWAIT_NS (60 s, Linux's TCP_TIMEWAIT_LEN) and
 *   is a small record (struct tcp_tw) that holds the four-tuple and the
 *   port against bind, reaped when the table is next walked after it
 *   expires. A port it holds is not taken for an ephemeral one either
 *   (Linux's __inet_hash_connect may share it with a connection to another
 *   peer, or take over the record with tcp_tw_reuse).
 * - Keepalive probes are sent (tcp_timer.c). SACK and congestion control
 *   are not done; timestamps are sent and echoed (they set the
 *   MSS, as Linux's do) but not used for RTT or PAWS.
 *
 * The files: see tcp.h, which also states the locks and their order.
 */
#include "tcp.h"

#include <cred.h>
#include <kmalloc.h>
#include <poll.h>
#include <random.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/tcp.h>

static int tcp_bind(struct sock *sk, const void *addr, int len)
{
	struct tcp_sock *t = tcp_sk(sk);
	struct inet_addr ip;
	u16 port;
	int err = inet_get_name(sk->family, addr, len, &ip, &port, true);
	bool port_given = port != 0;
	if (!err)
		err = inet_bind_check(sk->net, ip, port, __atomic_load_n(&t->inet.v6only, __ATOMIC_RELAXED),
				      inet_nonlocal_bind(&t->inet));
	if (err)
		return err;
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	tcp_reap_tws();
	if (t->in_table || __atomic_load_n(&t->state, __ATOMIC_RELAXED) != TCP_CLOSE) {
		err = -EINVAL; /* __inet_bind: already bound */
	} else if (!port && __atomic_load_n(&t->inet.bind_no_port, __ATOMIC_RELAXED)) {
		t->laddr = ip; /* IP_BIND_ADDRESS_NO_PORT: connect or listen takes the port */
		spin_unlock_irqrestore(&tcp_table_lock, irq);
		return 0;
	} else if (!port) {
		port = tcp_pick_port(t, ip);
		if (!port)
			err = -EADDRINUSE;
	} else if (tcp_bind_conflict(t, ip, port)) {
		err = -EADDRINUSE;
	}
	if (!err) {
		tcp_table_add(t, ip, port);
		t->port_locked = port_given; /* __inet_bind: SOCK_BINDPORT_LOCK only for a port asked for */
		t->addr_locked = !inet_addr_is_any(ip);
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
	tcp_reap_tws();
	if (!t->in_table) {			  /* listen on an unbound socket: an ephemeral port (inet_autobind) */
		struct inet_addr addr = t->laddr; /* any, or bound with IP_BIND_ADDRESS_NO_PORT */
		u16 port = tcp_pick_port(t, addr);
		if (port)
			tcp_table_add(t, addr, port);
		else
			err = -EADDRINUSE;
	} else {
		struct tcp_sock *o;
		list_for_each_entry(o, &tcp_socks, node) { /* inet_csk_listen_start's second look */
			if (o != t && o->lport == t->lport && o->sk.net == t->sk.net &&
			    tcp_local_overlaps(o, t->laddr, t->inet.v6only) &&
			    __atomic_load_n(&o->state, __ATOMIC_RELAXED) == TCP_LISTEN && !tcp_reuseport_ok(t, o))
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

/* A connection that never came up: its error (ECONNREFUSED, ETIMEDOUT;
 * ECONNABORTED once SO_ERROR took it), and its port given back unless bind
 * chose it (tcp_set_state(TCP_CLOSE) unhashes; the SYN timer cannot). */
static int connect_failed(struct tcp_sock *t)
{
	if (!t->port_locked)
		tcp_table_del(t);
	int e = sock_take_error(&t->sk);
	return e ? e : -ECONNABORTED;
}

static void listener_stop(struct tcp_sock *l);

/* The states an abort resets (tcp_need_reset). */
static bool tcp_need_reset(int state)
{
	return state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT || state == TCP_FIN_WAIT1 ||
	       state == TCP_FIN_WAIT2 || state == TCP_SYN_RECV;
}

/*
 * connect(AF_UNSPEC): tcp_disconnect, RFC 793's ABORT. A listener stops
 * (its unaccepted connections are reset); a connection the peer may
 * still think open is reset (an RST, and ECONNRESET for SO_ERROR), one in
 * SYN_SENT just ends (ECONNRESET too). Then the socket is a fresh one
 * again (tcp_forget_connection): SS_UNCONNECTED, no peer, its local
 * address back to the wildcard unless bind gave one, and its port given
 * back unless bind asked for it — so it binds, listens or connects anew
 * (LTP connect02). inet_stream_connect calls it whatever the state.
 */
static int tcp_disconnect(struct tcp_sock *t)
{
	struct sock *sk = &t->sk;
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN)
		listener_stop(t);
	/* the receive queue goes: only a reader holding readlock takes from it
	 * (tcp_recvmsg copies out of a segment with sk.lock dropped), so wait
	 * for one in the middle of a copy; readers waiting for data do not hold
	 * it. Writers copy into segments of their own (tcp_can_queue_data). */
	mutex_lock(&t->readlock);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int old = t->state;
	if (tcp_need_reset(old) || (t->sendq_bytes && (old == TCP_CLOSING || old == TCP_LAST_ACK))) {
		tcp_send_ctl(t, t->snd_nxt, TH_RST | TH_ACK);
		sk->err = ECONNRESET;
	} else if (old == TCP_SYN_SENT) {
		sk->err = ECONNRESET;
	}
	if (old != TCP_CLOSE)
		tcp_done(t);
	tcp_forget_connection(t);
	spin_unlock_irqrestore(&sk->lock, irq);
	mutex_unlock(&t->readlock);
	net_rx_run();
	irq = spin_lock_irqsave(&tcp_table_lock);
	t->faddr = inet_addr_any(sk->family);
	t->fport = 0;
	if (!t->addr_locked)
		t->laddr = inet_addr_any(sk->family);
	bool put = !t->port_locked && tcp_table_del_locked(t);
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	if (put)
		sock_put(sk);
	wake_up_all(&sk->wq);
	return 0;
}

/* __inet_stream_connect and tcp_v4_connect. */
static int tcp_connect(struct sock *sk, const void *addr, int len, int flags)
{
	struct tcp_sock *t = tcp_sk(sk);
	const struct sockaddr_in_user *sin = addr;
	if (len < (int)sizeof(sin->sin_family))
		return -EINVAL;
	if (sin->sin_family == AF_UNSPEC)
		return tcp_disconnect(t);
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
			return connect_failed(t);
		}
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!start && err != -EALREADY)
		return err;
	if (start) {
		struct inet_addr ip;
		u16 port;
		if ((err = inet_get_name(sk->family, addr, len, &ip, &port, false)))
			return err;
		if ((err = inet_dst_check(&ip, t->laddr, __atomic_load_n(&t->inet.v6only, __ATOMIC_RELAXED))))
			return err;
		struct inet_route rt;
		if ((err = inet_route(sk->net, &t->inet, ip, t->laddr, &rt)))
			return err;
		if (rt.broadcast)
			return -ENETUNREACH; /* tcp_v4_connect: RTCF_BROADCAST, whatever SO_BROADCAST says */
		struct inet_addr src = rt.src;
		/* the local end: the bound one, or the route's source and an ephemeral port */
		unsigned long irq2 = spin_lock_irqsave(&tcp_table_lock);
		if (!inet_addr_is_any(t->laddr) && inet_addr_is_v4(t->laddr) != inet_addr_is_v4(ip)) {
			/* bound to the other IP version: no packet could go (Linux
			 * sends from 127.0.0.6 for a socket on ::1, not copied) */
			spin_unlock_irqrestore(&tcp_table_lock, irq2);
			return -ENETUNREACH;
		}
		tcp_reap_tws();
		if (!t->in_table) {
			if (!inet_addr_is_any(t->laddr) && !netdev_is_broadcast(sk->net, t->laddr))
				src = t->laddr; /* bound with IP_BIND_ADDRESS_NO_PORT */
			u16 lport = tcp_pick_connect_port(t, src, ip, port);
			if (!lport) {
				spin_unlock_irqrestore(&tcp_table_lock, irq2);
				return -EADDRNOTAVAIL; /* __inet_hash_connect: no port left */
			}
			t->connect_bound = true;
			tcp_table_add(t, src, lport);
		} else if (inet_addr_is_any(t->laddr) || netdev_is_broadcast(sk->net, t->laddr)) {
			t->laddr =
				src; /* bound to a broadcast address: inet_saddr was 0, the route's source replaces it */
		}
		t->faddr = ip;
		t->fport = port;
		spin_unlock_irqrestore(&tcp_table_lock, irq2);
		irq = spin_lock_irqsave(&sk->lock);
		random_get_bytes(&t->iss, sizeof(t->iss));
		t->snd_una = t->snd_sml = t->iss;
		t->snd_nxt = t->iss + 1;
		t->state = TCP_SYN_SENT;
		net_mib_inc(MIB_TCP_ACTIVEOPENS);
		t->sock_state = SS_CONNECTING;
		t->sk.shutdown = 0;
		t->fin_received = t->fin_queued = t->fin_sent = false;
		t->mss = t->mss_cache = TCP_MSS_DEFAULT;
		t->max_window = 0;
		t->ts_ok = false;
		random_get_bytes(&t->ts_offset, sizeof(t->ts_offset));
		tcp_send_ctl(t, t->iss, TH_SYN);
		tcp_timer_syn(t);
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
	if (closed)
		return connect_failed(t);
	return 0;
}

static int tcp_getname(struct sock *sk, void *addr, bool peer)
{
	struct tcp_sock *t = tcp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int state = t->state;
	spin_unlock_irqrestore(&sk->lock, irq);
	irq = spin_lock_irqsave(&tcp_table_lock);
	struct inet_addr ip = peer ? t->faddr : t->laddr;
	u16 port = peer ? t->fport : t->lport;
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	if (peer && (!port || state == TCP_CLOSE || state == TCP_SYN_SENT || state == TCP_LISTEN))
		return -ENOTCONN; /* inet_getname */
	return inet_put_name(sk->family, addr, ip, port);
}

/* Bytes the send queue may still take (sk_stream_wspace). [sk.lock] */
/* tcp_stream_memory_free: fewer unsent bytes (twice as many for a
 * wake-up or poll, shift 1) than TCP_NOTSENT_LOWAT, if set. */
static bool notsent_below_lowat(const struct tcp_sock *t, unsigned shift)
{
	return !t->notsent_lowat || ((u64)t->sendq_bytes << shift) < t->notsent_lowat;
}

static size_t send_space(struct tcp_sock *t)
{
	size_t used = t->sendq_bytes + (u32)(t->snd_nxt - t->snd_una);
	if (!notsent_below_lowat(t, 0))
		return 0;
	return used < (size_t)t->sk.sndbuf ? (size_t)t->sk.sndbuf - used : 0;
}

bool tcp_stream_writeable(struct tcp_sock *t)
{
	size_t used = t->sendq_bytes + (u32)(t->snd_nxt - t->snd_una);
	return send_space(t) >= used / 2 && send_space(t) && notsent_below_lowat(t, 1);
}

/* sk_stream_error: a pending error first, else EPIPE. */
static int send_broken_error(struct sock *sk)
{
	int e = sock_take_error(sk);
	return e ? e : -EPIPE;
}

/* May a writer's bytes, copied in with sk.lock dropped, join the send queue?
 * Not once the connection was reset or disconnected meanwhile: they were
 * written for it, and the socket may already be connecting anew. [sk.lock] */
static bool tcp_can_queue_data(const struct tcp_sock *t)
{
	return (t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT) && !t->sk.err &&
	       !(t->sk.shutdown & SEND_SHUTDOWN);
}

/*
 * A small write (Linux's tcp_sendmsg fills the tail skb's room): alone it
 * is a segment of its own size; behind queued segments (the window is
 * full, or TCP_CORK holds them) its bytes join the last one's room or a
 * block later small writes fill, so tiny writes waiting for the window take
 * about their bytes in memory, not a packet each. [writelock]
 */
static int send_small(struct tcp_sock *t, struct sock_msg *m, size_t n, bool more)
{
	u8 bytes[TCP_COALESCE_MAX];
	if (msg_iter_copy_in(bytes, &m->iter, n))
		return -EFAULT;
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	if (!tcp_can_queue_data(t)) { /* reset or disconnected during the copy */
		spin_unlock_irqrestore(&t->sk.lock, irq);
		return -EPIPE;
	}
	struct pkt *tail;
	if (list_empty(&t->sendq)) {
		tail = pkt_alloc(TCP_SEG_HDR_ROOM + n);
		if (tail) {
			tail->len = TCP_SEG_HDR_ROOM;
			list_add_tail(&tail->node, &t->sendq);
		}
	} else {
		bool fresh;
		tail = tcp_tail_with_room(&t->sendq, n, TCP_SEG_HDR_ROOM, &fresh);
	}
	if (tail) {
		memcpy(tail->data + tail->len, bytes, n);
		tail->len += n;
		t->sendq_bytes += n;
		tcp_push_more(t, more);
	}
	spin_unlock_irqrestore(&t->sk.lock, irq);
	net_rx_run();
	return tail ? 0 : -ENOBUFS;
}

static ssize_t tcp_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct tcp_sock *t = tcp_sk(sk);
	u64 deadline = sock_deadline(sk, true);
	size_t sent = 0;
	ssize_t err = 0;
	/* MSG_MORE: what is less than a segment waits for the next send, as
	 * under TCP_CORK (tcp_push's TCP_NAGLE_CORK for this call) */
	bool more = m->flags & MSG_MORE;
	mutex_lock(&t->writelock);
	while (sent < len || (!len && !sent && !err)) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		int state = t->state;
		bool broken = sk->err || (sk->shutdown & SEND_SHUTDOWN);
		size_t space = send_space(t);
		if (!space)
			t->nospace = true; /* the ACK that makes room wakes us */
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
				/* before every sleep, as Linux's sk_stream_wait_memory sets
				 * SOCK_NOSPACE: an ACK that woke us without making room (a
				 * window update) cleared it, and the next one must wake us */
				if (!ready)
					t->nospace = true;
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
			err = send_broken_error(sk);
			break;
		}
		if (!len)
			break;
		size_t n = MIN(MIN(space, len - sent), (size_t)TCP_SEG_MAX);
		if (n <= TCP_COALESCE_MAX && !(m->flags & MSG_OOB)) {
			err = send_small(t, m, n, more);
			if (err == -EPIPE) /* the state changed under the copy */
				err = send_broken_error(sk);
			if (err)
				break;
			sent += n;
			continue;
		}
		struct pkt *p = pkt_alloc(TCP_SEG_HDR_ROOM + n);
		if (!p) {
			err = -ENOBUFS;
			break;
		}
		/* the one copy of these bytes: into the segment they will travel in */
		if (msg_iter_copy_in(tcp_seg_payload(p), &m->iter, n)) {
			kfree(p);
			err = -EFAULT;
			break;
		}
		irq = spin_lock_irqsave(&sk->lock);
		if (!tcp_can_queue_data(t)) { /* reset or disconnected during the copy: not for a later connection */
			spin_unlock_irqrestore(&sk->lock, irq);
			kfree(p);
			err = send_broken_error(sk);
			break;
		}
		list_add_tail(&p->node, &t->sendq);
		t->sendq_bytes += n;
		if ((m->flags & MSG_OOB) && sent + n == len) {
			/* the last byte is urgent (tcp_mark_urg), and goes at once */
			t->urg_mode = true;
			t->snd_up = t->snd_nxt + (u32)t->sendq_bytes;
			tcp_push_all(t);
		} else {
			tcp_push_more(t, more);
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		net_rx_run();
		sent += n;
	}
	mutex_unlock(&t->writelock);
	if (sent) {
		sock_zerocopy_sent(sk, m->flags); /* tcp_sendmsg_locked: a send of some bytes */
		return (ssize_t)sent;
	}
	if (err == -EPIPE)
		return sock_epipe(m->flags);
	return err;
}

/* After a read: tell the sender if the window grew enough (tcp_cleanup_rbuf). [sk.lock] */
static void maybe_window_update(struct tcp_sock *t)
{
	if (t->state != TCP_ESTABLISHED && t->state != TCP_FIN_WAIT1 && t->state != TCP_FIN_WAIT2)
		return;
	u32 now = (u32)tcp_rcv_window(t) << t->rcv_wscale;
	if (now > t->rcv_wnd_sent && (t->rcv_wnd_sent < now / 2 || now - t->rcv_wnd_sent >= 16384))
		tcp_send_ack(t);
}

/* recv(MSG_OOB): the urgent byte (tcp_recv_urg). */
static ssize_t recv_urg(struct tcp_sock *t, struct sock_msg *m, size_t len)
{
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	u16 urg = t->urg_data;
	ssize_t ret;
	if (t->sk.oobinline || !urg || urg == TCP_URG_READ) {
		ret = -EINVAL;
	} else if (t->state == TCP_CLOSE && !t->fin_received) {
		ret = -ENOTCONN;
	} else if (urg & TCP_URG_VALID) {
		if (!(m->flags & MSG_PEEK))
			t->urg_data = TCP_URG_READ;
		ret = len ? 1 : 0;
		m->out_flags |= MSG_OOB | (len ? 0 : MSG_TRUNC);
	} else {
		ret = (t->state == TCP_CLOSE || (t->sk.shutdown & RCV_SHUTDOWN)) ? 0 : -EAGAIN;
	}
	spin_unlock_irqrestore(&t->sk.lock, irq);
	u8 byte = (u8)urg;
	if (ret == 1 && !(m->flags & MSG_TRUNC) && msg_iter_copy_out(&m->iter, &byte, 1))
		return -EFAULT;
	return ret;
}

/* A read that took bytes ends or is about to wait: the ACK due may go now
 * (tcp_cleanup_rbuf's first half; Linux runs it then, not per segment, so
 * what that ACK lets the peer send arrives after this read). No lock held. */
static void ack_after_read(struct tcp_sock *t)
{
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	bool sent = tcp_ack_on_read(t);
	spin_unlock_irqrestore(&t->sk.lock, irq);
	if (sent)
		net_rx_run();
}

/*
 * tcp_epollin_ready: target bytes queued, or any at all when waiting for
 * more could stall: the buffer nearly full (tcp_rmem_pressure: more than
 * 7/8 of it) or the window offered nearly used (at most a segment left).
 * What wakes a reader and makes poll report POLLIN, with target SO_RCVLOWAT:
 * a reader that already holds some bytes waits for SO_RCVLOWAT more, as on
 * Linux. [sk.lock]
 */
static bool tcp_epollin_ready(const struct tcp_sock *t, size_t target)
{
	size_t avail = t->rcvq_bytes;
	if (avail >= target)
		return true;
	if (!avail)
		return false;
	size_t rcvbuf = (size_t)t->sk.rcvbuf;
	if (t->rcvq_truesize > rcvbuf - rcvbuf / 8)
		return true;
	return t->rcv_wnd_edge_set && tcp_rcv_wnd_left(t) <= MAX(t->rcv_mss, 1u);
}

/* TCP_INQ's control message (tcp_inq_hint): rcv_nxt - copied_seq, the
 * bytes left to read and one for a FIN not yet read past; 1 once the FIN
 * was, so that a reader goes on to see the end of the stream. */
static void put_inq(struct tcp_sock *t, struct sock_msg *m)
{
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	int inq = (int)t->rcvq_bytes + (t->fin_received ? 1 : 0);
	spin_unlock_irqrestore(&t->sk.lock, irq);
	sock_msg_put_cmsg(m, SOL_TCP, TCP_CM_INQ, &inq, sizeof(inq));
}

static ssize_t tcp_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (m->flags & MSG_ERRQUEUE) /* tcp_recvmsg: inet_recv_error; nothing queues one here (EAGAIN) */
		return sock_recv_err(sk, m, len);
	if (m->flags & MSG_OOB)
		return recv_urg(t, m, len);
	bool peek = m->flags & MSG_PEEK;
	bool waitall = (m->flags & MSG_WAITALL) && !peek;
	/* sock_rcvlowat: a read returns once it has this many bytes (or EOF,
	 * an error, a signal, MSG_DONTWAIT) */
	size_t target = sock_rcvlowat(sk, waitall, len);
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
		/* the segment holding the next byte (peek walks past what it already copied) */
		struct pkt *c = NULL, *it;
		size_t skip = peek_skip;
		list_for_each_entry(it, &t->rcvq, node) {
			if (skip < it->len) {
				c = it;
				break;
			}
			skip -= it->len;
		}
		if (c) {
			size_t n = MIN(c->len - skip, len - copied);
			if (t->urg_data) { /* a read stops at the urgent mark and steps over the urgent byte */
				u32 off = t->urg_seq - (tcp_copied_seq(t) + (u32)peek_skip);
				if (!off && copied) {
					spin_unlock_irqrestore(&sk->lock, irq);
					break;
				}
				if (!off && !sk->oobinline) {
					if (peek)
						peek_skip++;
					else
						tcp_rcvq_consume(t, c, 1);
					spin_unlock_irqrestore(&sk->lock, irq);
					continue;
				}
				if (off && off < n)
					n = off;
			}
			const u8 *src = c->data + skip;
			u64 stamp = c->tstamp_ns; /* tcp_update_recv_tstamps: the last segment read's */
			spin_unlock_irqrestore(&sk->lock, irq);
			/* the reader mutex keeps c in place: only readers take from rcvq */
			if (msg_iter_copy_out(&m->iter, src, n)) {
				err = -EFAULT;
				break;
			}
			copied += n;
			if (stamp)
				sock_recv_timestamp(sk, m, stamp);
			if (peek) {
				peek_skip += n;
				continue;
			}
			irq = spin_lock_irqsave(&sk->lock);
			tcp_rcvq_consume(t, c, n);
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
			if (copied >= target || has_err || closed || rcv_shut || done || (m->flags & MSG_DONTWAIT))
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
		if (copied && !peek)
			ack_after_read(t);
		int ret = wait_event_interruptible_timeout(&sk->wq, ({
			unsigned long i2 = spin_lock_irqsave(&sk->lock);
			size_t lowat = (size_t)__atomic_load_n(&sk->rcvlowat, __ATOMIC_RELAXED);
			bool ready = (t->rcvq_bytes > peek_skip && tcp_epollin_ready(t, lowat)) || sk->err ||
				     (sk->shutdown & RCV_SHUTDOWN) || t->state == TCP_CLOSE;
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
	if (t->recvmsg_inq && (copied || !err))
		put_inq(t, m);
	mutex_unlock(&t->readlock);
	if (copied && !peek)
		ack_after_read(t);
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
		/* tcp_poll's target: SO_RCVLOWAT bytes, and a lone urgent byte at
		 * the mark is not readable data */
		size_t target = (size_t)__atomic_load_n(&sk->rcvlowat, __ATOMIC_RELAXED);
		if (t->urg_data && t->urg_seq == tcp_copied_seq(t) && !sk->oobinline)
			target++;
		if (tcp_epollin_ready(t, target))
			mask |= POLLIN | POLLRDNORM;
		if (t->urg_data & TCP_URG_VALID)
			mask |= POLLPRI;
		if (!(sk->shutdown & SEND_SHUTDOWN)) {
			if (tcp_stream_writeable(t))
				mask |= POLLOUT | POLLWRNORM;
			else
				t->nospace = true; /* tcp_poll's SOCK_NOSPACE: an ACK wakes pollers */
		} else {
			mask |= POLLOUT | POLLWRNORM;
		}
	}
	if (sk->err || !list_empty(&sk->error_queue)) /* tcp_poll */
		mask |= POLLERR;
	spin_unlock_irqrestore(&sk->lock, irq);
	return mask;
}

static long tcp_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (cmd == SIOCINQ || cmd == SIOCOUTQ || cmd == SIOCOUTQNSD) {
		/* tcp_ioctl: SIOCOUTQNSD is the bytes not sent yet (write_seq - snd_nxt) */
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		bool listening = t->state == TCP_LISTEN;
		u32 amount = cmd == SIOCINQ    ? (u32)t->rcvq_bytes
			     : cmd == SIOCOUTQ ? (u32)(t->sendq_bytes + (t->snd_nxt - t->snd_una))
					       : (u32)t->sendq_bytes;
		if (cmd != SIOCINQ && (t->state == TCP_SYN_SENT || t->state == TCP_CLOSE))
			amount = 0;
		spin_unlock_irqrestore(&sk->lock, irq);
		if (listening)
			return -EINVAL; /* tcp_ioctl */
		return put_user_u32(uaddr_from(arg), amount) ? -EFAULT : 0;
	}
	if (cmd == SIOCATMARK) { /* at the urgent mark */
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		bool listening = t->state == TCP_LISTEN;
		u32 at = t->urg_data && t->urg_seq == tcp_copied_seq(t);
		spin_unlock_irqrestore(&sk->lock, irq);
		if (listening)
			return -EINVAL;
		return put_user_u32(uaddr_from(arg), at) ? -EFAULT : 0;
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

/* A listener stops: its pending connections are reset (inet_csk_listen_stop). */
static void listener_stop(struct tcp_sock *l)
{
	struct list_head children = LIST_HEAD_INIT(children);
	unsigned long irq = spin_lock_irqsave(&l->sk.lock);
	l->state = TCP_CLOSE;
	l->sk.listening = false;
	while (!list_empty(&l->accept_q))
		list_move_tail(l->accept_q.next, &children);
	l->accept_len = 0;
	spin_unlock_irqrestore(&l->sk.lock, irq);
	while (!list_empty(&children)) { /* inet_child_forget -> tcp_disconnect: a reset */
		struct tcp_sock *c = list_first_entry(&children, struct tcp_sock, child_node);
		list_del(&c->child_node);
		irq = spin_lock_irqsave(&c->sk.lock);
		c->orphan = true;
		c->sk.dead = true;
		if (c->state != TCP_CLOSE)
			tcp_send_ctl(c, c->snd_nxt, TH_RST | TH_ACK);
		bool unhash = tcp_done(c);
		spin_unlock_irqrestore(&c->sk.lock, irq);
		net_rx_run();
		if (unhash)
			tcp_table_del(c);
		sock_put(&c->sk); /* the queue's reference */
	}
}

/* The file's last close (tcp_close). */
static void tcp_release(struct sock *sk)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN) {
		listener_stop(t);
		tcp_table_del(t);
		goto out;
	}
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	t->orphan = true;
	sk->dead = true;
	tcp_timer_stop(t);
	bool unread = t->rcvq_bytes != 0;
	tcp_rcvq_purge(t);
	sk->shutdown = SHUTDOWN_MASK;
	bool unhash = false;
	switch (t->state) {
	case TCP_CLOSE: unhash = true; break;
	case TCP_SYN_SENT: unhash = tcp_done(t); break;
	default:
		if (unread || (sk->linger && sk->linger_secs == 0)) {
			/* unread data (or a zero linger) resets the connection */
			tcp_send_ctl(t, t->snd_nxt, TH_RST | TH_ACK);
			unhash = tcp_done(t);
		} else if (t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT || t->state == TCP_SYN_RECV) {
			t->fin_queued = true;
			t->state = t->state == TCP_CLOSE_WAIT ? TCP_LAST_ACK : TCP_FIN_WAIT1;
			tcp_push(t);
		} else if (t->state == TCP_FIN_WAIT2 && t->linger2 < 0) {
			tcp_send_ctl(t, t->snd_nxt, TH_RST | TH_ACK); /* tcp_close: TCP_LINGER2 -1 */
			unhash = tcp_done(t);
		} else if (t->state == TCP_FIN_WAIT2)
			tcp_orphan_fin_wait2(t);
		/* FIN_WAIT1, CLOSING, LAST_ACK: the protocol finishes alone */
		break;
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	net_rx_run();
	if (unhash)
		tcp_table_del(t);
out:
	sock_put(sk); /* the file's reference; the table's keeps an open connection */
}

/*
 * tcp_set_rcvlowat: at most half the receive buffer when the user set it,
 * else half of net.ipv4.tcp_rmem[2]; a buffer the user did not set grows to
 * twice the low-water mark, its window clamp with it, so the sender may send
 * enough to reach it. Pollers look again (tcp_data_ready).
 */
static int tcp_set_rcvlowat(struct sock *sk, int val)
{
	struct tcp_sock *t = tcp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int cap = sk->rcvbuf_locked ? sk->rcvbuf >> 1 : TCP_RMEM_MAX >> 1;
	val = MIN(val, cap);
	__atomic_store_n(&sk->rcvlowat, val ? val : 1, __ATOMIC_RELAXED);
	if (!sk->rcvbuf_locked && 2 * val > sk->rcvbuf) {
		sk->rcvbuf = 2 * val;
		t->window_clamp = (u32)val; /* tcp_win_from_space: half the buffer */
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	wake_up_all(&sk->wq);
	return 0;
}

static void tcp_destroy(struct sock *sk)
{
	struct tcp_sock *t = tcp_sk(sk);
	/* an armed timer or its pending work holds a reference: neither is left */
	tcp_purge(&t->sendq);
	tcp_purge(&t->rcvq);
	if (t->parent)
		sock_put(&t->parent->sk);
	kfree(t);
}

const struct proto_ops tcp_ops = {
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
	.keepalive = tcp_keepalive_set,
	.getsockopt = tcp_getsockopt,
	.set_rcvlowat = tcp_set_rcvlowat,
};

void tcp_sock_init(struct tcp_sock *t, struct net_ns *net)
{
	sock_init(&t->sk, &tcp_ops, SOCK_STREAM, IPPROTO_TCP, net);
	list_init(&t->sendq);
	list_init(&t->rcvq);
	list_init(&t->accept_q);
	list_init(&t->child_node);
	list_init(&t->node);
	mutex_init(&t->readlock, "tcp_read");
	mutex_init(&t->writelock, "tcp_write");
	tcp_timer_init(t);
	t->inet = INET_OPTS_INIT;
	t->cong = (u8)tcp_cong_default(); /* tcp_init_sock's tcp_assign_congestion_control */
}

int tcp_create(int family, struct sock **out)
{
	struct tcp_sock *t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	tcp_sock_init(t, net_ns_current());
	t->sk.family = family;
	t->laddr = t->faddr = inet_addr_any(family);
	t->sk.sndbuf = TCP_SNDBUF_DEFAULT;
	t->sk.rcvbuf = TCP_RCVBUF_DEFAULT;
	t->state = TCP_CLOSE;
	t->sock_state = SS_UNCONNECTED;
	t->mss = t->mss_cache = TCP_MSS_DEFAULT;
	*out = &t->sk;
	return 0;
}
