/*
 * tcp_output.c — building and sending segments (Linux tcp_output.c,
 * tcp_ipv4.c's tcp_v4_send_reset): the header and its checksum over the
 * pseudo-header, the MSS, timestamps and window-scale options on a SYN and
 * timestamps on every other segment once both SYNs had them (RFC 7323),
 * the advertised window (tcp_select_initial_window, __tcp_select_window),
 * the MSS segments are cut to (tcp_sync_mss), and
 * tcp_push, which cuts the send queue into segments the peer's window
 * allows and sends a queued FIN after them. Segments are queued on the
 * device under the socket's lock so they keep their order; the caller runs
 * net_rx_run once it holds no lock.
 */
#include "tcp.h"

#include <kmalloc.h>
#include <string.h>
#include <random.h>
#include <time.h>

#define TCPOPT_NOP 1
#define TCPOPT_MSS 2
#define TCPOPT_WINDOW 3
#define TCPOPT_TIMESTAMP 8
#define TCP_SYN_OPT_LEN 20 /* MSS 4, timestamps 12, window scale 4 */
#define TCP_MIN_HDR 68	   /* tcp_bound_to_half_wnd's floor: 68 bytes less the header */

static struct pkt *segment_alloc(size_t optlen, size_t datalen)
{
	return pkt_alloc(NET_HDR_ROOM + TCP_HDR_LEN + optlen + datalen);
}

/* Sends p, a segment from src:sport to dst:dport whose payload (if any) is
 * in place: writes the header and leaves the checksum to the device or to
 * ip_queue_xmit (CHECKSUM_PARTIAL: tcp_v4_send_check). Queued on the
 * device; the caller runs net_rx_run once it holds no lock. */
static void segment_send(struct net_ns *net, struct pkt *p, struct inet_addr src, u16 sport, struct inet_addr dst,
			 u16 dport, u32 seq, u32 ack, u8 flags, u16 window, size_t optlen, u16 urg)
{
	u8 *th = p->data + NET_HDR_ROOM;
	size_t tcplen = p->len - NET_HDR_ROOM;
	struct tcphdr h = {
		.source = net16(sport),
		.dest = net16(dport),
		.seq = net32(seq),
		.ack_seq = net32(flags & TH_ACK ? ack : 0),
		.doff = (u8)(((TCP_HDR_LEN + optlen) / 4) << 4),
		.flags = flags,
		.window = net16(window),
		.urg_ptr = net16(urg),
	};
	memcpy(th, &h, sizeof(h));
	p->csum_partial = true;
	p->csum_offset = 16; /* offsetof(struct tcphdr, check) */
	p->csum_pseudo = inet_pseudo_sum(src, dst, IPPROTO_TCP, tcplen);
	net_mib_inc(MIB_TCP_OUTSEGS);
	if (flags & TH_RST)
		net_mib_inc(MIB_TCP_OUTRSTS);
	if (ip_queue_xmit(net, p, src, dst, IPPROTO_TCP) != 0)
		return; /* no route any more (lo went down): the segment is lost, as on a wire */
}

/* The receive window (__tcp_select_window): free receive buffer, at most
 * rcv_ssthresh, rounded up to the window scale's unit so that it is not
 * scaled away; at most what the header can say. [sk.lock] */
u16 tcp_rcv_window(struct tcp_sock *t)
{
	size_t cap = (size_t)t->sk.rcvbuf;
	size_t mem = t->rcvq_truesize < cap ? cap - t->rcvq_truesize : 0;
	size_t bytes = t->rcvq_bytes < cap ? cap - t->rcvq_bytes : 0;
	size_t free = MIN(mem, bytes);
	/* receiver silly-window avoidance (RFC 1122 4.2.3.3; Linux's
	 * __tcp_select_window): with less than half the buffer and less than
	 * an MSS free nothing new is offered (the promise below stands), so a
	 * sender is never offered a sliver to cut its next segment for. An
	 * empty buffer always offers a window: no deadlock. */
	size_t mss = MIN((size_t)t->mss, cap);
	size_t wnd = free < cap / 2 && free < mss ? 0 : MIN(free, (size_t)t->rcv_ssthresh);
	wnd = (wnd + (1u << t->rcv_wscale) - 1) & ~(size_t)((1u << t->rcv_wscale) - 1);
	/* never take back a promise (RFC 9293 3.8.6.2.2, tcp_select_window);
	 * the scale may round it down by less than a unit, which
	 * tcp_rcv_space still accepts (rcv_wnd_edge only moves right) */
	wnd = MAX(wnd, (size_t)tcp_rcv_wnd_left(t));
	return (u16)MIN(wnd >> t->rcv_wscale, (size_t)TCP_MAX_WINDOW);
}

/*
 * tcp_select_initial_window and tcp_init_buffer_space: a SYN's window is
 * half the receive buffer (tcp_win_from_space with tcp_adv_win_scale 1),
 * rounded down to a multiple of the MSS our segments will carry (the MSS we
 * announce, less the timestamps on a SYN-ACK that has them), within 65535;
 * rcv_ssthresh starts there and may grow to window_clamp, the larger of two
 * MSS and that half buffer less one. [sk.lock]
 */
static u16 initial_window(struct tcp_sock *t)
{
	size_t space = (size_t)t->sk.rcvbuf / 2;
	size_t mss = tcp_advmss(t) - (t->ts_ok ? TCP_TS_LEN : 0);
	if (space > mss)
		space -= space % mss;
	u16 wnd = (u16)MIN(space, (size_t)TCP_MAX_WINDOW);
	if (t->window_clamp_set) /* TCP_WINDOW_CLAMP: the window never passes it */
		wnd = (u16)MIN((u32)wnd, t->window_clamp);
	else
		t->window_clamp = (u32)MAX(2 * mss, (size_t)t->sk.rcvbuf / 2 - mss);
	t->rcv_ssthresh = MIN((u32)wnd, t->window_clamp);
	return wnd;
}

void tcp_grow_window(struct tcp_sock *t, size_t truesize, size_t n)
{
	/* tcp_win_from_space(truesize) <= len: a segment at least half of whose
	 * memory is data opens the window by two MSS; smaller ones do not
	 * (__tcp_grow_window's search for them is not copied) */
	if (t->rcv_ssthresh < t->window_clamp && truesize / 2 <= n) {
		u32 advmss = tcp_advmss(t) - (t->ts_ok ? TCP_TS_LEN : 0);
		t->rcv_ssthresh = MIN(t->rcv_ssthresh + 2 * advmss, t->window_clamp);
	}
}

/* tcp_sync_mss: the peer's MSS less the timestamps option, at most half the
 * largest window the peer advertised (tcp_bound_to_half_wnd). [sk.lock] */
static void sync_mss(struct tcp_sock *t)
{
	u32 opts = t->ts_ok ? TCP_TS_LEN : 0;
	u32 mss = t->mss - opts;
	u32 cutoff = t->max_window > TCP_MSS_DEFAULT ? t->max_window >> 1 : t->max_window;
	if (cutoff && mss > cutoff)
		mss = MAX(cutoff, TCP_MIN_HDR - (TCP_HDR_LEN + opts));
	t->mss_cache = (u16)mss;
}

u16 tcp_advmss(struct tcp_sock *t)
{
	u16 mss = inet_addr_is_v4(t->faddr) ? 65535 - IP_HDR_LEN - TCP_HDR_LEN : 65536 - IPV6_HDR_LEN - TCP_HDR_LEN;
	return t->user_mss && t->user_mss < mss ? (u16)t->user_mss : mss;
}

void tcp_syn_options_rcvd(struct tcp_sock *t, const struct segment *s)
{
	t->mss = t->user_mss && t->user_mss < s->mss ? (u16)t->user_mss : s->mss; /* tcp_parse_options' clamp */
	t->ts_ok = s->ts;
	t->ts_recent = s->tsval;
	t->ts_recent_stamp = time_since_boot_ns() / NSEC_PER_SEC;
	if (!t->ts_offset)
		random_get_bytes(&t->ts_offset, sizeof(t->ts_offset));
	sync_mss(t);
}

/* The timestamps option (RFC 7323 3.2) after two NOPs: our clock in
 * milliseconds (tcp_time_stamp, plus a random offset per connection as
 * Linux's tsoffset) and the peer's last value. Returns its length. [sk.lock] */
static size_t put_timestamps(struct tcp_sock *t, u8 *o)
{
	o[0] = TCPOPT_NOP;
	o[1] = TCPOPT_NOP;
	o[2] = TCPOPT_TIMESTAMP;
	o[3] = 10;
	u32 val = net32((u32)(time_since_boot_ns() / 1000000) + t->ts_offset), ecr = net32(t->ts_recent);
	memcpy(o + 4, &val, sizeof(val));
	memcpy(o + 8, &ecr, sizeof(ecr));
	return TCP_TS_LEN;
}

static void ack_sent(struct tcp_sock *t);

/* The window field of a segment (a SYN's is never scaled, RFC 7323 2.2),
 * remembered in bytes for tcp_cleanup_rbuf's comparison. A segment with an
 * ACK acknowledges what came (tcp_event_ack_sent). [sk.lock] */
static u16 window_to_send(struct tcp_sock *t, u8 flags)
{
	if (flags & TH_RST)
		return 0;
	if (flags & TH_ACK)
		ack_sent(t);
	u16 wnd;
	if (flags & TH_SYN) {
		wnd = initial_window(t);
		t->rcv_wnd_sent = wnd;
	} else {
		wnd = tcp_rcv_window(t);
		t->rcv_wnd_sent = (u32)wnd << t->rcv_wscale;
		u32 edge = t->rcv_nxt + t->rcv_wnd_sent;
		if (!t->rcv_wnd_edge_set || seq_before(t->rcv_wnd_edge, edge))
			t->rcv_wnd_edge = edge;
		t->rcv_wnd_edge_set = true;
	}
	return wnd;
}

void tcp_set_snd_wnd(struct tcp_sock *t, u16 window, bool syn)
{
	t->snd_wnd = syn ? window : (u32)window << t->snd_wscale;
	if (t->snd_wnd > t->max_window) { /* tcp_ack_update_window */
		t->max_window = t->snd_wnd;
		sync_mss(t);
	}
}

/* A SYN's options (tcp_syn_options): MSS, the device's MTU less the
 * headers within IPv4's 65535-byte packets (65495 on the loopback, as
 * Linux's), or the MTU less IPv6's and TCP's headers (65476), within
 * TCP_MAXSEG; timestamps on a SYN, and on a SYN-ACK when the SYN had them;
 * a window scale likewise, after a NOP. Returns the option bytes written
 * (a multiple of 4, at most TCP_SYN_OPT_LEN). */
static size_t syn_options(struct tcp_sock *t, u8 flags, u8 *o)
{
	u16 mss = tcp_advmss(t);
	size_t len = 4;
	o[0] = TCPOPT_MSS;
	o[1] = 4;
	o[2] = (u8)(mss >> 8);
	o[3] = (u8)mss;
	bool syn_ack = flags & TH_ACK;
	if (!syn_ack || t->ts_ok)
		len += put_timestamps(t, o + len);
	if (syn_ack && !t->rcv_wscale)
		return len;
	o[len] = TCPOPT_NOP;
	o[len + 1] = TCPOPT_WINDOW;
	o[len + 2] = 3;
	o[len + 3] = TCP_WSCALE;
	return len + 4;
}

/* A segment without data from t (ACK, FIN, RST, SYN). [sk.lock] */
void tcp_send_ctl(struct tcp_sock *t, u32 seq, u8 flags)
{
	bool syn = flags & TH_SYN;
	struct pkt *p = segment_alloc(syn ? TCP_SYN_OPT_LEN : TCP_TS_LEN, 0);
	if (!p)
		return;
	u8 *o = p->data + NET_HDR_ROOM + TCP_HDR_LEN;
	size_t optlen = syn ? syn_options(t, flags, o) : t->ts_ok ? put_timestamps(t, o) : 0;
	p->len = NET_HDR_ROOM + TCP_HDR_LEN + optlen;
	u16 wnd = window_to_send(t, flags);
	if (flags & (TH_SYN | TH_FIN))
		tcp_rtt_start(t, seq + 1);
	p->ip_no_df = !inet_sets_df(&t->inet, false);
	inet_pkt_opts(p, &t->inet, t->faddr);
	segment_send(t->sk.net, p, t->laddr, t->lport, t->faddr, t->fport, seq, t->rcv_nxt, flags, wnd, optlen, 0);
}

void tcp_send_ack(struct tcp_sock *t)
{
	tcp_send_ctl(t, t->snd_nxt, TH_ACK);
}

/*
 * Delayed ACKs (RFC 1122 4.2.3.2; Linux's tcp_input.c tcp_event_data_recv,
 * tcp_measure_rcv_mss, __tcp_ack_snd_check, tcp_cleanup_rbuf, tcp_output.c
 * tcp_send_delayed_ack, tcp_event_data_sent, tcp_timer.c
 * tcp_delack_timer_handler), with Linux's constants for HZ=250. Data that
 * arrives schedules an ACK (ack_sched); it goes at once in quick-ACK mode
 * (the first 16 ACKs of a connection, fewer with a small window, unless
 * the connection is interactive) or when more than one full segment is
 * unacknowledged and the window's edge moves on; otherwise the delayed-ACK
 * timer sends it after `ato` (40 ms on a loopback: at most the smoothed
 * RTT or 40 ms, whichever is larger). Any segment with an ACK cancels it,
 * so a reply carries it. A connection turns interactive ("ping-pong") when
 * it sends data within ato of receiving some, or receives a FIN; then only
 * the timer or a reply acknowledges a lone small segment, and a timer that
 * had to fire ends ping-pong mode. A reader that empties the queue sends
 * the ACK due when the data was pushed and the connection is not
 * interactive, or when two small segments came (tcp_cleanup_rbuf).
 */
#define TCP_ATO_MIN_NS 40000000ull	/* TCP_ATO_MIN = HZ / 25 */
#define TCP_DELACK_MIN_NS 40000000ull	/* TCP_DELACK_MIN */
#define TCP_DELACK_MAX_NS 200000000ull	/* TCP_DELACK_MAX = HZ / 5 */
#define TCP_DELACK_SLOW_NS 500000000ull /* HZ / 2: tcp_send_delayed_ack's bound when not pushed */
#define TCP_MAX_QUICKACKS 16
#define TCP_PINGPONG_THRESH 1 /* Linux 6.1's (after reverting the 3 of 5.1) */
#define TCP_MIN_MSS 88
#define TCP_ACK_PUSHED 1
#define TCP_ACK_PUSHED2 2

static bool pingpong_mode(const struct tcp_sock *t)
{
	return t->pingpong >= TCP_PINGPONG_THRESH;
}

/* A state in which the socket acknowledges what it receives. */
static bool may_ack(const struct tcp_sock *t)
{
	return t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT || t->state == TCP_FIN_WAIT1 ||
	       t->state == TCP_FIN_WAIT2 || t->state == TCP_CLOSING || t->state == TCP_LAST_ACK;
}

/* tcp_incr_quickack: as many quick ACKs as half the window holds segments, at most max. */
static void incr_quickack(struct tcp_sock *t, u32 max)
{
	u32 quick = t->rcv_wnd_sent / (2 * t->rcv_mss);
	if (!quick)
		quick = 2;
	quick = MIN(quick, max);
	if (quick > t->ack_quick)
		t->ack_quick = (u8)quick;
}

/* tcp_event_ack_sent and tcp_dec_quickack_mode: the due ACK went. */
static void ack_sent(struct tcp_sock *t)
{
	if (t->ack_quick && t->ack_sched && !--t->ack_quick)
		t->ato_ns = TCP_ATO_MIN_NS; /* leaving quick-ACK mode deflates ato */
	t->ack_sched = false;
	t->ack_pushed = 0;
	t->rcv_wup = t->rcv_nxt;
	if (t->dack_ns) {
		t->dack_ns = 0;
		tcp_timer_dack(t);
	}
}

/* tcp_measure_rcv_mss: the peer's segment size, and whether small or pushed segments came. */
static void measure_rcv_mss(struct tcp_sock *t, const struct segment *s)
{
	u32 lss = t->last_seg_size, len = (u32)s->len;
	t->last_seg_size = 0;
	if (len >= t->rcv_mss) {
		t->rcv_mss = MIN(len, (u32)tcp_advmss(t));
		if (s->flags & TH_PSH)
			t->ack_pushed |= TCP_ACK_PUSHED;
		return;
	}
	/* the whole segment with its header: a full-sized one without PSH (TCP_REMNANT) or a large one sets the MSS */
	u32 hdr = TCP_HDR_LEN + (s->ts ? TCP_TS_LEN : 0), whole = len + hdr;
	if (whole >= TCP_MSS_DEFAULT + TCP_HDR_LEN ||
	    (whole >= TCP_MIN_MSS + TCP_HDR_LEN && !(s->flags & (TH_FIN | TH_URG | TH_RST | TH_PSH)))) {
		u32 seg = whole - (TCP_HDR_LEN + (t->ts_ok ? TCP_TS_LEN : 0));
		t->last_seg_size = seg;
		if (seg == lss) {
			t->rcv_mss = seg;
			return;
		}
	}
	if (t->ack_pushed & TCP_ACK_PUSHED)
		t->ack_pushed |= TCP_ACK_PUSHED2;
	t->ack_pushed |= TCP_ACK_PUSHED;
}

void tcp_event_data_recv(struct tcp_sock *t, const struct segment *s, size_t n)
{
	(void)n;
	if (!t->rcv_mss) /* tcp_initialize_rcv_mss: at most 536, at least 88 */
		t->rcv_mss = MAX(MIN(MIN((u32)tcp_advmss(t), (u32)t->mss_cache), TCP_MSS_DEFAULT), TCP_MIN_MSS);
	t->ack_sched = true;
	measure_rcv_mss(t, s);
	u64 now = time_since_boot_ns(), rto = (u64)tcp_rto_us(t) * 1000;
	if (!t->ato_ns) { /* the first data: quick-ACK mode */
		incr_quickack(t, TCP_MAX_QUICKACKS);
		t->ato_ns = TCP_ATO_MIN_NS;
	} else {
		u64 m = now - t->lrcvtime_ns;
		if (m <= TCP_ATO_MIN_NS / 2) {
			t->ato_ns = t->ato_ns / 2 + TCP_ATO_MIN_NS / 2;
		} else if (m < t->ato_ns) {
			t->ato_ns = MIN(t->ato_ns / 2 + m, rto);
		} else if (m > rto) {
			incr_quickack(t, TCP_MAX_QUICKACKS); /* a long gap: ACK quickly again */
		}
	}
	t->lrcvtime_ns = now;
}

void tcp_fin_ack_due(struct tcp_sock *t)
{
	t->ack_sched = true;
	t->pingpong = TCP_PINGPONG_THRESH; /* inet_csk_enter_pingpong_mode */
}

/* tcp_send_delayed_ack: the timer at now + ato, bounded; an earlier deadline stays. */
static void send_delayed_ack(struct tcp_sock *t)
{
	u64 ato = t->ato_ns, now = time_since_boot_ns();
	if (ato > TCP_DELACK_MIN_NS) {
		u64 max_ato =
			pingpong_mode(t) || (t->ack_pushed & TCP_ACK_PUSHED) ? TCP_DELACK_MAX_NS : TCP_DELACK_SLOW_NS;
		if (t->srtt_us)
			max_ato = MIN(max_ato, MAX((u64)t->srtt_us * 1000, TCP_DELACK_MIN_NS));
		ato = MIN(ato, max_ato);
	}
	ato = MIN(ato, TCP_DELACK_MAX_NS);
	u64 deadline = now + ato;
	if (t->dack_ns) {
		if (t->dack_ns <= now + ato / 4) {
			tcp_send_ack(t); /* the timer was about to fire */
			return;
		}
		deadline = MIN(deadline, t->dack_ns);
	}
	t->dack_ns = deadline;
	tcp_timer_dack(t);
}

void tcp_ack_snd_check(struct tcp_sock *t)
{
	if (!t->ack_sched || !may_ack(t))
		return;
	bool quick = t->ack_quick && !pingpong_mode(t);
	u32 wnd = (u32)tcp_rcv_window(t) << t->rcv_wscale;
	if ((t->rcv_nxt - t->rcv_wup > t->rcv_mss && wnd >= t->rcv_wnd_sent) || quick)
		tcp_send_ack(t);
	else
		send_delayed_ack(t);
}

bool tcp_ack_on_read(struct tcp_sock *t)
{
	if (!t->ack_sched || !may_ack(t))
		return false;
	bool pushed = (t->ack_pushed & TCP_ACK_PUSHED2) || ((t->ack_pushed & TCP_ACK_PUSHED) && !pingpong_mode(t));
	if (t->rcv_nxt - t->rcv_wup > t->rcv_mss || (pushed && !t->rcvq_bytes)) {
		tcp_send_ack(t);
		return true;
	}
	return false;
}

bool tcp_in_pingpong(const struct tcp_sock *t)
{
	return pingpong_mode(t);
}

void tcp_set_quickack(struct tcp_sock *t, int v)
{
	if (!v) {
		t->pingpong = TCP_PINGPONG_THRESH; /* inet_csk_enter_pingpong_mode */
		return;
	}
	t->pingpong = 0;
	if ((t->state == TCP_ESTABLISHED || t->state == TCP_CLOSE_WAIT) && t->ack_sched) {
		t->ack_pushed |= TCP_ACK_PUSHED;
		tcp_ack_on_read(t); /* tcp_cleanup_rbuf(sk, 1) */
		if (!(v & 1))
			t->pingpong = TCP_PINGPONG_THRESH;
	}
}

void tcp_delack_fire(struct tcp_sock *t)
{
	if (!t->ack_sched || !may_ack(t))
		return;
	if (!pingpong_mode(t)) {
		t->ato_ns = MIN(t->ato_ns * 2, (u64)tcp_rto_us(t) * 1000); /* missed: inflate ato */
	} else {
		t->pingpong = 0; /* missed: leave ping-pong mode and deflate ato */
		t->ato_ns = TCP_ATO_MIN_NS;
	}
	tcp_send_ack(t);
}

/* The first n bytes of the send queue's head as a segment of their own,
 * copying the smaller part (Linux's tso_fragment moves the tail, too):
 * the bytes after n into a new packet that becomes the queue's head, or
 * the first n into a new packet sent on its own while the head keeps the
 * rest (its payload start moves on, the header room before it is bytes
 * already taken). [sk.lock] */
static struct pkt *split_head(struct pkt *head, size_t n)
{
	size_t rest = tcp_seg_len(head) - n;
	if (rest < n) {
		struct pkt *tail = segment_alloc(TCP_TS_LEN, rest);
		if (!tail)
			return NULL;
		memcpy(tcp_seg_payload(tail), tcp_seg_payload(head) + n, rest);
		list_add(&tail->node, &head->node);
		list_del(&head->node);
		head->len -= rest;
		return head;
	}
	struct pkt *p = segment_alloc(TCP_TS_LEN, n);
	if (!p)
		return NULL;
	memcpy(tcp_seg_payload(p), tcp_seg_payload(head), n);
	head->data += n;
	head->len -= n;
	return p;
}

/* Sends what the peer's window allows from the send queue, then a FIN
 * queued behind it (tcp_write_xmit, tcp_send_fin). A queued segment goes
 * as it is unless the window or the MSS is smaller. With TCP_CORK (and
 * not corked, tcp_nagle_test's TCP_NAGLE_CORK) less than a full segment
 * waits, unless a FIN follows it, until uncorked or the cork ceiling
 * (tcp_timer.c); a full MSS of queued bytes goes out. [sk.lock] */
/* Nagle's algorithm (RFC 896, RFC 1122 4.2.3.4; tcp_nagle_check with
 * Minshall's variant): without TCP_NODELAY, the last queued segment, when
 * smaller than the MSS, waits while a small segment sent before is
 * unacknowledged — the ACK that comes (tcp_conn_rcv pushes after every
 * one) sends it. Urgent data and a segment a FIN follows are not held.
 * [sk.lock] */
static bool nagle_holds(struct tcp_sock *t, size_t n)
{
	if (t->nodelay || t->urg_mode || t->fin_queued || n >= t->mss_cache || n < t->sendq_bytes)
		return false; /* n < sendq_bytes: not the queue's last segment */
	bool in_flight = t->snd_nxt != t->snd_una;
	bool small_unacked = seq_before(t->snd_una, t->snd_sml) && !seq_before(t->snd_nxt, t->snd_sml);
	return in_flight && small_unacked;
}

static void push(struct tcp_sock *t, bool corked)
{
	if (t->state != TCP_ESTABLISHED && t->state != TCP_CLOSE_WAIT && t->state != TCP_FIN_WAIT1 &&
	    t->state != TCP_LAST_ACK && t->state != TCP_CLOSING)
		return;
	if (corked && !t->fin_queued && t->sendq_bytes && t->sendq_bytes < t->mss_cache) {
		tcp_timer_cork(t);
		return;
	}
	while (t->sendq_bytes) {
		u32 usable = (u32)(t->snd_una + t->snd_wnd - t->snd_nxt);
		if ((s32)usable <= 0)
			return; /* the receiver's window is full: its update resumes us */
		struct pkt *head = list_first_entry(&t->sendq, struct pkt, node);
		size_t len = tcp_seg_len(head);
		size_t n = MIN(len, (size_t)t->mss_cache);
		if (nagle_holds(t, n))
			return; /* the ACK of what is in flight sends it */
		if (n > usable) {
			/* sender silly-window avoidance (RFC 1122 4.2.3.4; Linux's
			 * tcp_snd_wnd_test): a segment that does not fit waits
			 * while data is in flight, whose ACK opens the window;
			 * with nothing in flight the window's part goes now
			 * (Linux's window probe, without its wait) */
			if (t->snd_nxt != t->snd_una)
				return;
			n = usable;
		}
		struct pkt *p = head;
		if (n < len) {
			p = split_head(head, n);
			if (!p)
				return;
		} else {
			list_del(&head->node);
		}
		t->sendq_bytes -= n;
		u16 wnd = window_to_send(t, TH_ACK);
		/* urgent mode (tcp_mark_urg): a segment before the urgent pointer says where it is */
		u8 flags = TH_ACK | TH_PSH;
		u16 urg = 0;
		if (t->urg_mode && seq_before(t->snd_nxt, t->snd_up)) {
			flags |= TH_URG;
			urg = (u16)MIN(t->snd_up - t->snd_nxt, 0xffffu);
		}
		/* the timestamps go in the room before the payload, or the header moves up into it */
		size_t optlen = t->ts_ok ? put_timestamps(t, tcp_seg_payload(p) - TCP_TS_LEN) : 0;
		if (!optlen) {
			p->data += TCP_TS_LEN;
			p->len -= TCP_TS_LEN;
		}
		tcp_rtt_start(t, t->snd_nxt + (u32)n);
		p->ip_no_df = !inet_sets_df(&t->inet, false);
		inet_pkt_opts(p, &t->inet, t->faddr);
		segment_send(t->sk.net, p, t->laddr, t->lport, t->faddr, t->fport, t->snd_nxt, t->rcv_nxt, flags, wnd,
			     optlen, urg);
		t->snd_nxt += (u32)n;
		if (n < t->mss_cache)
			t->snd_sml = t->snd_nxt; /* tcp_minshall_update */
		/* tcp_event_data_sent: a reply within ato of data arriving makes the connection interactive */
		if (t->ato_ns && time_since_boot_ns() - t->lrcvtime_ns < t->ato_ns && t->pingpong < 255)
			t->pingpong++;
	}
	if (t->fin_queued && !t->fin_sent) {
		tcp_send_ctl(t, t->snd_nxt, TH_FIN | TH_ACK);
		t->snd_nxt++;
		t->fin_sent = true;
	}
}

void tcp_push(struct tcp_sock *t)
{
	push(t, t->cork);
}

void tcp_push_more(struct tcp_sock *t, bool more)
{
	push(t, t->cork || more);
}

void tcp_push_all(struct tcp_sock *t)
{
	push(t, false);
}

/* A RST answering a segment no socket takes (tcp_v4_send_reset). No lock needed. */
void tcp_send_reset_for(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport, u32 seq,
			u32 ack, u8 flags, size_t seglen)
{
	if (flags & TH_RST)
		return; /* never answer a reset */
	struct pkt *p = segment_alloc(0, 0);
	if (!p)
		return;
	if (flags & TH_ACK)
		segment_send(net, p, dst, dport, src, sport, ack, 0, TH_RST, 0, 0, 0);
	else
		segment_send(net, p, dst, dport, src, sport, 0, seq + (u32)seglen, TH_RST | TH_ACK, 0, 0, 0);
}
