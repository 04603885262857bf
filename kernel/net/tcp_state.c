/*
 * tcp_state.c — a connection's state machine (Linux tcp_input.c's
 * tcp_rcv_state_process and tcp_fin, tcp_done, tcp_reset, tcp_time_wait):
 * what a segment does to a socket that is not listening — the end of the
 * handshake, acknowledgements and the peer's window, data into the receive
 * queue, FIN and RST — and the moves to TIME_WAIT and CLOSE. Every function
 * here runs under the socket's sk.lock; those returning bool say whether
 * the caller must take the socket out of the table after dropping it.
 */
#include "tcp.h"

#include <kmalloc.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>

void tcp_purge(struct list_head *q)
{
	while (!list_empty(q)) {
		struct pkt *p = list_first_entry(q, struct pkt, node);
		list_del(&p->node);
		kfree(p);
	}
}

/*
 * tcp_sndbuf_expand (tcp_input.c), run when a connection is established
 * unless the user set SO_SNDBUF: room for twice the initial congestion
 * window (10 segments) of the worst case, each segment a power-of-two
 * buffer for the MSS and Linux's header room (MAX_TCP_HEADER and
 * skb_shared_info, 640 bytes here) plus an sk_buff (256), at most
 * tcp_wmem[2]. On the loopback (MSS 65495) that is 2626560, what
 * getsockopt(SO_SNDBUF) says there on Linux.
 */
void tcp_sndbuf_expand(struct tcp_sock *t)
{
	if (t->sk.sndbuf_locked)
		return;
	u64 per_mss = 1;
	while (per_mss < (u64)t->mss + 640)
		per_mss <<= 1;
	per_mss += 256;
	u64 sndmem = 2 * 10 * per_mss;
	if ((u64)t->sk.sndbuf < sndmem)
		t->sk.sndbuf = (int)MIN(sndmem, (u64)TCP_WMEM_MAX);
}

/* tcp_done: the connection is over; both directions are shut. Returns
 * whether the caller must take t out of the table (after dropping sk.lock). [sk.lock] */
bool tcp_done(struct tcp_sock *t)
{
	if (t->state == TCP_SYN_SENT || t->state == TCP_SYN_RECV)
		net_mib_inc(MIB_TCP_ATTEMPTFAILS);
	else if (t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT)
		net_mib_inc(MIB_TCP_ESTABRESETS); /* tcp_set_state's count of an abort */
	t->state = TCP_CLOSE;
	t->sk.shutdown = SHUTDOWN_MASK;
	tcp_timer_stop(t);
	tcp_purge(&t->sendq);
	t->sendq_bytes = 0;
	return t->orphan || !t->port_locked;
}

/* tcp_reset: the peer reset the connection; the error depends on the state. [sk.lock] */
bool tcp_reset(struct tcp_sock *t)
{
	switch (t->state) {
	case TCP_SYN_SENT: t->sk.err = ECONNREFUSED; break;
	case TCP_CLOSE_WAIT: t->sk.err = EPIPE; break;
	case TCP_CLOSE: return false;
	default: t->sk.err = ECONNRESET; break;
	}
	return tcp_done(t);
}

/* tcp_disconnect's reset of what one connection left behind, so that the
 * socket connects or listens again as a new one would: sequence numbers,
 * windows, the peer's options, round-trip and ACK state, urgent data,
 * queues and timers; the user's options (TCP_NODELAY, TCP_MAXSEG, the
 * keepalive settings, a TCP_WINDOW_CLAMP...) stay. The four-tuple is the
 * caller's (tcp_table_lock). [sk.lock], after tcp_done */
void tcp_forget_connection(struct tcp_sock *t)
{
	tcp_rcvq_purge(t);
	t->sk.shutdown = 0;
	t->sock_state = SS_UNCONNECTED;
	t->iss = t->snd_una = t->snd_nxt = t->snd_wnd = 0;
	t->rcv_nxt = t->rcv_wnd_sent = 0;
	t->mss = t->mss_cache = TCP_MSS_DEFAULT;
	t->max_window = 0;
	t->ts_ok = false;
	t->rtt_timing = false;
	t->rtt_seq = 0;
	t->rtt_start_ns = 0;
	t->srtt_us = t->rttvar_us = 0;
	t->ts_recent = 0;
	t->ts_recent_stamp = 0;
	t->rcv_ssthresh = 0;
	if (!t->window_clamp_set)
		t->window_clamp = 0;
	t->snd_wscale = t->rcv_wscale = 0;
	t->nospace = false;
	t->fin_queued = t->fin_sent = t->fin_received = false;
	t->rcv_wnd_edge = 0;
	t->rcv_wnd_edge_set = false;
	t->urg_mode = false;
	t->snd_up = t->urg_seq = 0;
	t->urg_data = 0;
	t->snd_sml = 0;
	t->ack_sched = false;
	t->ack_pushed = t->ack_quick = t->pingpong = 0;
	t->ato_ns = t->lrcvtime_ns = 0;
	t->rcv_mss = t->last_seg_size = t->rcv_wup = 0;
	t->dack_ns = 0;
	t->defer_acked = false;
	t->syn_start_ns = t->keep_ns = t->fin2_ns = t->rcv_tstamp_ns = 0;
	t->probes_out = t->syn_retries = 0;
}

/* Moves a closing connection to TIME_WAIT: a tcp_tw record keeps the
 * four-tuple; the socket itself is closed (tcp_time_wait). [sk.lock] */
bool tcp_enter_time_wait(struct tcp_sock *t)
{
	struct tcp_tw *tw = kzalloc(sizeof(*tw));
	if (tw) {
		tw->net = net_ns_get(t->sk.net);
		tw->family = t->sk.family;
		tw->laddr = t->laddr;
		tw->faddr = t->faddr;
		tw->lport = t->lport;
		tw->fport = t->fport;
		tw->reuse = t->sk.reuseaddr;
		tw->reuseport = t->sk.reuseport;
		tw->connect_bound = t->connect_bound;
		tw->ts_ok = t->ts_ok; /* tcp_time_wait */
		tw->ts_recent_stamp = t->ts_recent_stamp;
		tw->expires = time_since_boot_ns() + TCP_TIMEWAIT_NS;
		unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
		tcp_reap_tws();
		list_add_tail(&tw->node, &tcp_tws);
		spin_unlock_irqrestore(&tcp_table_lock, irq);
	}
	bool unhash = tcp_done(t);
	if (t->port_locked && !t->orphan)
		unhash = false;
	return unhash;
}

void tcp_rcvq_purge(struct tcp_sock *t)
{
	tcp_purge(&t->rcvq);
	t->rcvq_bytes = 0;
	t->rcvq_truesize = 0;
}

void tcp_rcvq_consume(struct tcp_sock *t, struct pkt *c, size_t n)
{
	c->data += n;
	c->len -= n;
	t->rcvq_bytes -= n;
	if (!c->len) {
		list_del(&c->node);
		t->rcvq_truesize -= c->truesize;
		kfree(c);
	}
	if (t->urg_data && seq_before(t->urg_seq, tcp_copied_seq(t)))
		t->urg_data = 0; /* the reader passed the urgent byte */
}

struct pkt *tcp_tail_with_room(struct list_head *q, size_t n, size_t hdr, bool *fresh)
{
	struct pkt *tail = list_entry(q->prev, struct pkt, node);
	*fresh = pkt_tailroom(tail) < n;
	if (!*fresh)
		return tail;
	tail = pkt_alloc(TCP_BLOCK - 128); /* the struct and kmalloc's header within TCP_BLOCK, as TCP_SEG_MAX */
	if (tail) {
		tail->len = hdr;
		list_add_tail(&tail->node, q);
	}
	return tail;
}

/*
 * Queues n in-sequence bytes at data, the payload of segment p (Linux's
 * tcp_queue_rcv with tcp_try_coalesce, and tcp_collapse's aim): a segment
 * normally joins the queue itself, with no copy; but small ones behind
 * others are copied into a block at the queue's tail, so that a flood of
 * tiny segments takes about its bytes in memory (rcvq_truesize, which the
 * advertised window keeps within SO_RCVBUF) rather than a packet each.
 * Returns p if it is still the caller's to free, else NULL. [sk.lock]
 */
static struct pkt *rcvq_add(struct tcp_sock *t, struct pkt *p, const u8 *data, size_t n)
{
	__atomic_store_n(&t->sk.incoming_cpu, sched_this_cpu(), __ATOMIC_RELAXED); /* tcp_v4_do_rcv's */
	t->rcvq_bytes += n;
	if (!list_empty(&t->rcvq) && n <= TCP_COALESCE_MAX) {
		bool fresh;
		struct pkt *tail = tcp_tail_with_room(&t->rcvq, n, 0, &fresh);
		if (tail) {
			if (fresh)
				t->rcvq_truesize += tail->truesize;
			/* a reader copies from the queue without sk.lock, but only bytes
			 * before tail->data + tail->len: these are after them */
			memcpy(tail->data + tail->len, data, n);
			tail->len += n;
			tail->tstamp_ns = sock_rx_stamp(&t->sk); /* tcp_try_coalesce: the newest arrival */
			return p;
		}
	}
	p->data = (u8 *)data;
	p->len = n;
	p->tstamp_ns = sock_rx_stamp(&t->sk);
	list_add_tail(&p->node, &t->rcvq);
	t->rcvq_truesize += p->truesize;
	return NULL;
}

/* A segment with an urgent pointer (tcp_check_urg and tcp_urg): the
 * pointer is one past the urgent byte (BSD's reading, net.ipv4.tcp_stdurg
 * 0); a new one replaces one not yet read, and the byte is kept once its
 * segment is here. [sk.lock] Returns whether urgent data became readable;
 * *sigurg: a new pointer, which Linux announces with SIGURG (sk_send_sigurg). */
static bool check_urg(struct tcp_sock *t, const struct segment *s, bool *sigurg)
{
	u32 ptr = s->seq + s->urg - 1;
	bool fresh = !seq_before(ptr, tcp_copied_seq(t)) && !seq_before(ptr, t->rcv_nxt) &&
		     !(t->urg_data && !seq_before(t->urg_seq, ptr));
	if (fresh) {
		/* an unread urgent byte the reader is at leaves the stream with its mark */
		if (t->urg_data && t->urg_seq == tcp_copied_seq(t) && !t->sk.oobinline && t->rcvq_bytes)
			tcp_rcvq_consume(t, list_first_entry(&t->rcvq, struct pkt, node), 1);
		t->urg_data = TCP_URG_NOTYET;
		t->urg_seq = ptr;
		*sigurg = true;
	}
	if (t->urg_data == TCP_URG_NOTYET && t->urg_seq - s->seq < s->len) {
		t->urg_data = TCP_URG_VALID | s->data[t->urg_seq - s->seq];
		return true;
	}
	return false;
}

/* The O_ASYNC signals a segment raises (sk_wake_async), sent in order once
 * sk.lock is dropped: POLL_* reasons. */
struct tcp_async {
	int n;
	u8 reason[4];
};

static void async_add(struct tcp_async *a, int reason)
{
	if (a->n < (int)sizeof(a->reason))
		a->reason[a->n++] = (u8)reason;
}

bool tcp_syn_recv_established(struct tcp_sock *t)
{
	t->state = TCP_ESTABLISHED;
	t->defer_acked = false;
	tcp_sndbuf_expand(t);
	tcp_keepalive_arm(t, t->rcv_tstamp_ns); /* the child's (tcp_create_openreq_child) */
	net_mib_inc(MIB_TCP_PASSIVEOPENS);	/* tcp_create_openreq_child: Linux makes the child now */
	return t->parent != NULL;
}

/* The state machine for a socket that is not listening (tcp_rcv_state_process). */
void tcp_conn_rcv(struct tcp_sock *t, const struct segment *s, struct pkt *p)
{
	bool unhash = false, wake = false, established_child = false, dead_child = false, sigurg = false;
	bool data_ready = false; /* tcp_data_ready: POLL_IN after the rest */
	struct tcp_async async = {0};
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	u8 f = s->flags;
	if (t->state == TCP_SYN_SENT) {
		if ((f & TH_ACK) && s->ack != t->snd_nxt) {
			if (!(f & TH_RST))
				tcp_send_reset_for(s->net, s->src, s->sport, s->dst, s->dport, s->seq, s->ack, f,
						   s->len);
			goto out;
		}
		if (f & TH_RST) {
			if (f & TH_ACK) {
				unhash = tcp_reset(t);	     /* ECONNREFUSED */
				async_add(&async, POLL_ERR); /* sk_error_report */
				wake = true;
			}
			goto out;
		}
		if ((f & TH_SYN) && (f & TH_ACK)) {
			t->rcv_nxt = s->seq + 1;
			t->snd_una = s->ack;
			tcp_rtt_ack(t, s->ack);
			t->snd_wscale = s->wscale >= 0 ? (u8)s->wscale : 0;
			t->rcv_wscale = s->wscale >= 0 ? TCP_WSCALE : 0;
			tcp_syn_options_rcvd(t, s);
			tcp_set_snd_wnd(t, s->window, true);
			t->state = TCP_ESTABLISHED;
			tcp_timer_stop(t);
			t->rcv_tstamp_ns = time_since_boot_ns();
			tcp_keepalive_arm(t, t->rcv_tstamp_ns); /* tcp_finish_connect */
			tcp_sndbuf_expand(t);
			tcp_send_ack(t);
			tcp_push(t);
			async_add(&async, POLL_OUT); /* tcp_rcv_synsent_state_process: SOCK_WAKE_IO */
			wake = true;
		}
		goto out; /* a bare SYN (simultaneous open) is not done */
	}
	if (t->state == TCP_CLOSE)
		goto out;
	/* sequence check: on a lossless path only the next segment is acceptable */
	if (s->seq != t->rcv_nxt) {
		/* an old one — a keepalive probe, snd_una - 1 without data, too —
		 * is answered with an ACK (tcp_validate_incoming's tcp_send_dupack) */
		if (!(f & TH_RST) && (s->len || (f & (TH_SYN | TH_FIN)) || seq_before(s->seq, t->rcv_nxt)))
			tcp_send_ack(t);
		goto out;
	}
	if (f & TH_RST) {
		if (t->state == TCP_SYN_RECV) {
			dead_child = t->parent != NULL;
			t->orphan = true;
			unhash = tcp_done(t);
		} else {
			if (t->state != TCP_CLOSE)
				async_add(&async, POLL_ERR); /* tcp_reset's sk_error_report */
			unhash = tcp_reset(t);
		}
		wake = true;
		goto out;
	}
	if (f & TH_SYN) { /* a SYN inside the connection: RFC 5961 challenge ACK */
		tcp_send_ack(t);
		goto out;
	}
	if (t->ts_ok && s->ts) {
		t->ts_recent = s->tsval; /* tcp_store_ts_recent: an in-sequence segment's */
		t->ts_recent_stamp = time_since_boot_ns() / NSEC_PER_SEC;
	}
	t->rcv_tstamp_ns = time_since_boot_ns(); /* tcp_ack's rcv_tstamp; lrcvtime */
	t->probes_out = 0;			 /* tcp_ack: something answered */
	if (!(f & TH_ACK))
		goto out;
	/* the acknowledgement */
	if (t->state == TCP_SYN_RECV) {
		if (s->ack != t->snd_nxt) {
			tcp_send_reset_for(s->net, s->src, s->sport, s->dst, s->dport, s->seq, s->ack, f, s->len);
			goto out;
		}
		if (t->parent && t->defer_accept && !s->len && !(f & TH_FIN)) {
			/* TCP_DEFER_ACCEPT: a bare ACK is dropped (tcp_check_req sets
			 * inet_rsk(req)->acked); data, or the timer, completes it */
			if (!t->defer_acked) {
				t->defer_acked = true;
				tcp_timer_defer(t);
			}
			goto out;
		}
		established_child = tcp_syn_recv_established(t);
	}
	if (!seq_before(t->snd_nxt, s->ack) && seq_before(t->snd_una, s->ack + 1)) {
		t->snd_una = s->ack;
		tcp_rtt_ack(t, s->ack);
		tcp_set_snd_wnd(t, s->window, false);
		/* tcp_check_space: only a writer or poller that found no room, once
		 * half the queue is free (sk_stream_write_space) */
		if (t->nospace && tcp_stream_writeable(t)) {
			t->nospace = false;
			wake = true;
			if (!(t->sk.shutdown & SEND_SHUTDOWN))
				async_add(&async, POLL_OUT); /* SOCK_WAKE_SPACE */
		}
	}
	bool fin_acked = t->fin_sent && t->snd_una == t->snd_nxt;
	if (fin_acked) {
		switch (t->state) {
		case TCP_FIN_WAIT1:
			t->state = TCP_FIN_WAIT2;
			wake = true;
			if (t->orphan && t->linger2 < 0) { /* tcp_rcv_state_process: done, and a reset */
				tcp_send_ctl(t, t->snd_nxt, TH_RST);
				unhash = tcp_done(t);
				goto out;
			}
			if (t->orphan)
				tcp_orphan_fin_wait2(t);
			break;
		case TCP_CLOSING:
			unhash = tcp_enter_time_wait(t);
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
			tcp_send_ctl(t, t->snd_nxt, TH_RST | TH_ACK);
			unhash = tcp_reset(t);
			wake = true;
			goto out;
		}
		if (can_take && (f & TH_URG) && s->urg && check_urg(t, s, &sigurg)) {
			async_add(&async, POLL_IN); /* tcp_urg's sk_data_ready */
			wake = true;
		}
		if (can_take) {
			size_t n = MIN(s->len, tcp_rcv_space(t)); /* past the window is dropped */
			if (n) {
				tcp_grow_window(t, p->truesize, n);
				p = rcvq_add(t, p, s->data, n);
				t->rcv_nxt += (u32)n;
				tcp_event_data_recv(t, s, n);
				data_ready = true;
				wake = true;
			}
			if (n < s->len) {
				tcp_send_ack(t);
				goto out; /* the FIN, if any, comes again after the data */
			}
		}
	}
	if (f & TH_FIN) {
		t->rcv_nxt++;
		t->fin_received = true;
		t->sk.shutdown |= RCV_SHUTDOWN;
		/* tcp_fin: no POLL_HUP for a half-duplex close */
		async_add(&async, t->sk.shutdown == SHUTDOWN_MASK ? POLL_HUP : POLL_IN);
		data_ready = true; /* tcp_data_queue calls tcp_data_ready after tcp_fin */
		wake = true;
		switch (t->state) {
		case TCP_SYN_RECV:
		case TCP_ESTABLISHED:
			t->state = TCP_CLOSE_WAIT;
			tcp_fin_ack_due(t); /* tcp_fin: inet_csk_schedule_ack, enter ping-pong mode */
			break;
		case TCP_FIN_WAIT1:
			t->state = TCP_CLOSING; /* our FIN is not acknowledged yet */
			break;
		case TCP_FIN_WAIT2:
			tcp_send_ack(t);
			unhash = tcp_enter_time_wait(t);
			goto out;
		}
	}
	if ((f & TH_FIN) && t->state == TCP_CLOSING)
		tcp_send_ack(t); /* tcp_fin in FIN_WAIT1: at once */
	tcp_push(t);		 /* the window may have opened, or an ACK let a held segment go (tcp_data_snd_check) */
	tcp_ack_snd_check(t);	 /* what came is acknowledged now or later, unless the push carried the ACK */
out:
	if (data_ready)
		async_add(&async, POLL_IN);
	spin_unlock_irqrestore(&t->sk.lock, irq);
	kfree(p); /* NULL when queued */
	if (established_child)
		tcp_child_to_listener(t, true);
	else if (dead_child)
		tcp_child_to_listener(t, false);
	if (unhash)
		tcp_table_del(t);
	if (wake || established_child)
		wake_up_all(&t->sk.wq);
	if (sigurg)
		sock_send_sigurg(&t->sk);
	for (int i = 0; i < async.n; i++)
		sock_wake_async(&t->sk, async.reason[i]);
}
