/*
 * tcp_input.c — segments arriving (Linux tcp_ipv4.c's tcp_v4_rcv and
 * tcp_conn_request): tcp_rcv checks the checksum, parses the header and
 * the MSS option, finds the socket by its four-tuple or a listener by
 * address and port (or answers with a RST), and hands the segment to the
 * listener code below or to the connection's state machine (tcp_state.c).
 * A listener makes an embryonic child in SYN_RECV for each SYN, and moves
 * it to its accept queue when the handshake completes.
 */
#include "tcp.h"

#include <kmalloc.h>
#include <random.h>
#include <string.h>

/* A listener got a SYN: an embryonic child in SYN_RECV answers with SYN-ACK
 * (tcp_conn_request). A full queue drops it: the client sends it again
 * (tcp_timer.c) and gets in once accept made room, or times out. */
static void listener_syn(struct tcp_sock *l, const struct segment *s)
{
	struct tcp_sock *c = kzalloc(sizeof(*c));
	if (!c)
		return; /* dropped, as a SYN without memory is */
	unsigned long irq = spin_lock_irqsave(&l->sk.lock);
	if (l->state != TCP_LISTEN || l->accept_len + l->nr_embryos > l->backlog) {
		spin_unlock_irqrestore(&l->sk.lock, irq);
		kfree(c);
		return; /* full (sk_acceptq_is_full): dropped */
	}
	tcp_sock_init(c, l->sk.net); /* the listener's namespace (sk_clone_lock) */
	/* sk_clone_lock copies the listener's family and options */
	c->sk.family = l->sk.family;
	c->sk.sndbuf = l->sk.sndbuf;
	c->sk.sndbuf_locked = l->sk.sndbuf_locked;
	c->sk.rcvbuf = l->sk.rcvbuf;
	c->sk.rcvbuf_locked = l->sk.rcvbuf_locked;
	c->sk.rcvlowat = l->sk.rcvlowat;
	c->sk.debug = l->sk.debug;
	c->sk.rcvtstamp = l->sk.rcvtstamp;
	c->sk.rcvtstampns = l->sk.rcvtstampns;
	c->sk.tstamp_new = l->sk.tstamp_new;
	c->sk.bound_dev_if = l->sk.bound_dev_if;
	c->sk.rxq_ovfl = l->sk.rxq_ovfl;
	c->sk.rcvtimeo_ns = l->sk.rcvtimeo_ns;
	c->sk.sndtimeo_ns = l->sk.sndtimeo_ns;
	c->sk.reuseaddr = l->sk.reuseaddr;
	c->sk.keepalive = l->sk.keepalive;
	c->sk.oobinline = l->sk.oobinline;
	c->sk.dontroute = l->sk.dontroute;
	/* not SO_PRIORITY: an accepted socket's is 0, whatever the listener's
	 * (measured on Linux 6.1: tests/abi/sockopt_priority_mark_pmtu.c) */
	c->sk.mark = l->sk.mark;
	c->sk.busy_poll_usec = l->sk.busy_poll_usec;
	c->sk.linger = l->sk.linger;
	c->sk.linger_secs = l->sk.linger_secs;
	c->sk.uid = l->sk.uid;
	c->nodelay = l->nodelay;
	c->keepidle = l->keepidle;
	c->keepintvl = l->keepintvl;
	c->keepcnt = l->keepcnt;
	c->user_mss = l->user_mss;
	c->linger2 = l->linger2; /* sk_clone_lock copies these */
	c->cong = l->cong;
	c->notsent_lowat = l->notsent_lowat;
	c->defer_accept = l->defer_accept;
	if (l->window_clamp_set) { /* tcp_openreq_init_rwin: the listener's clamp */
		c->window_clamp = l->window_clamp;
		c->window_clamp_set = true;
	}
	c->inet = l->inet;
	c->state = TCP_SYN_RECV;
	c->sock_state = SS_CONNECTED;
	c->faddr = s->src;
	c->fport = s->sport;
	c->rcv_nxt = s->seq + 1;
	random_get_bytes(&c->iss, sizeof(c->iss));
	c->snd_una = c->snd_sml = c->iss;
	c->snd_nxt = c->iss + 1;
	c->snd_wscale = s->wscale >= 0 ? (u8)s->wscale : 0; /* RFC 7323: both SYNs carry it, or neither scales */
	c->rcv_wscale = s->wscale >= 0 ? TCP_WSCALE : 0;
	tcp_syn_options_rcvd(c, s);
	tcp_set_snd_wnd(c, s->window, true);
	c->parent = l;
	sock_hold(&l->sk);
	l->nr_embryos++;
	unsigned long irq2 = spin_lock_irqsave(&tcp_table_lock);
	tcp_table_add(c, s->dst, s->dport);
	spin_unlock_irqrestore(&tcp_table_lock, irq2);
	tcp_send_ctl(c, c->iss, TH_SYN | TH_ACK);
	spin_unlock_irqrestore(&l->sk.lock, irq);
	sock_put(&c->sk); /* the table holds it; the accept queue takes a reference when it is established */
}

/* An embryonic child is established (or died): hand it to its listener's
 * accept queue, or reset it if the listener went away. */
void tcp_child_to_listener(struct tcp_sock *c, bool established)
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
	if (queued)
		sock_wake_async(&l->sk, POLL_IN); /* the listener's sk_data_ready */
	if (established && !queued) {		  /* the listener closed meanwhile: reset the connection */
		irq = spin_lock_irqsave(&c->sk.lock);
		tcp_send_ctl(c, c->snd_nxt, TH_RST | TH_ACK);
		c->orphan = true;
		bool unhash = tcp_done(c);
		spin_unlock_irqrestore(&c->sk.lock, irq);
		if (unhash)
			tcp_table_del(c);
	}
	sock_put(&l->sk);
}

/* A listener got s (tcp_v4_rcv for a listening socket). */
static void listen_rcv(struct tcp_sock *l, const struct segment *s)
{
	if (s->flags & TH_RST)
		return;
	if (s->flags & TH_ACK) { /* no embryo for it: reset */
		tcp_send_reset_for(s->net, s->src, s->sport, s->dst, s->dport, s->seq, s->ack, s->flags, s->len);
		return;
	}
	if (s->flags & TH_SYN)
		listener_syn(l, s);
}

void tcp_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst)
{
	net_mib_inc(MIB_TCP_INSEGS);
	if (p->len < TCP_HDR_LEN)
		goto bad;
	if (!p->csum_valid && inet_checksum(p->data, p->len, inet_pseudo_sum(src, dst, IPPROTO_TCP, p->len)) != 0) {
		net_mib_inc(MIB_TCP_INCSUMERRORS);
		goto bad;
	}
	struct tcphdr h;
	memcpy(&h, p->data, sizeof(h));
	size_t hlen = (size_t)(h.doff >> 4) * 4;
	if (hlen < TCP_HDR_LEN || hlen > p->len)
		goto bad;
	struct segment s = {
		.net = p->dev->net,
		.src = src,
		.dst = dst,
		.sport = net16(h.source),
		.dport = net16(h.dest),
		.seq = net32(h.seq),
		.ack = net32(h.ack_seq),
		.flags = h.flags,
		.window = net16(h.window),
		.mss = TCP_MSS_DEFAULT,
		.wscale = -1,
		.urg = (h.flags & TH_URG) ? net16(h.urg_ptr) : 0,
		.data = p->data + hlen,
		.len = p->len - hlen,
	};
	for (size_t i = TCP_HDR_LEN; i < hlen;) { /* options: MSS, window scale and timestamps are read */
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
		if (kind == 3 && p->data[i + 1] == 3 && i + 3 <= hlen && (h.flags & TH_SYN))
			s.wscale = (s8)MIN(p->data[i + 2], 14); /* RFC 7323 2.3: at most 14 */
		if (kind == 8 && p->data[i + 1] == 10 && i + 10 <= hlen) {
			u32 ts[2];
			memcpy(ts, p->data + i + 2, sizeof(ts));
			s.ts = true;
			s.tsval = net32(ts[0]);
			s.tsecr = net32(ts[1]);
		}
		i += p->data[i + 1];
	}
	struct tcp_sock *t = tcp_lookup(s.net, src, s.sport, dst, s.dport);
	if (!t) {
		tcp_send_reset_for(s.net, src, s.sport, dst, s.dport, s.seq, s.ack, s.flags,
				   s.len + !!(s.flags & TH_SYN) + !!(s.flags & TH_FIN));
		goto drop;
	}
	/* tcp_v4_rcv, tcp_v6_rcv: IP_MINTTL, IPV6_MINHOPCOUNT (TCPMinTTLDrop) */
	if (p->hop_limit <
	    __atomic_load_n(inet_addr_is_v4(dst) ? &t->inet.minttl : &t->inet.minhops, __ATOMIC_RELAXED)) {
		sock_put(&t->sk);
		goto drop;
	}
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_LISTEN) {
		listen_rcv(t, &s);
	} else {
		tcp_conn_rcv(t, &s, p);
		sock_put(&t->sk);
		return;
	}
	sock_put(&t->sk);
	goto drop;
bad:
	net_mib_inc(MIB_TCP_INERRS);
drop:
	kfree(p);
}
