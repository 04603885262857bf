/*
 * tcp_output.c — building and sending segments (Linux tcp_output.c,
 * tcp_ipv4.c's tcp_v4_send_reset): the header and its checksum over the
 * pseudo-header, the MSS option on a SYN, the advertised window, and
 * tcp_push, which cuts the send queue into segments the peer's window
 * allows and sends a queued FIN after them. Segments are queued on the
 * device under the socket's lock so they keep their order; the caller runs
 * net_rx_run once it holds no lock.
 */
#include "tcp.h"

#include <kmalloc.h>
#include <string.h>

u32 tcp_pseudo_sum(u32 src, u32 dst, size_t len)
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
	u16 sum = inet_checksum(th, tcplen, tcp_pseudo_sum(src, dst, tcplen));
	memcpy(th + 16, &sum, sizeof(sum));
	if (ip_queue_xmit(p, src, dst, IPPROTO_TCP) != 0)
		return; /* no route any more (lo went down): the segment is lost, as on a wire */
}

/* The window to advertise: free receive buffer, at most 65535. [sk.lock] */
u16 tcp_rcv_window(struct tcp_sock *t)
{
	size_t cap = (size_t)t->sk.rcvbuf;
	size_t free = t->rcvq_bytes < cap ? cap - t->rcvq_bytes : 0;
	return (u16)MIN(free, (size_t)TCP_MAX_WINDOW);
}

/* A segment without data from t (ACK, FIN, RST, SYN). [sk.lock] */
void tcp_send_ctl(struct tcp_sock *t, u32 seq, u8 flags)
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
	u16 wnd = (flags & TH_RST) ? 0 : tcp_rcv_window(t);
	t->rcv_wnd_sent = wnd;
	segment_send(p, t->laddr, t->lport, t->faddr, t->fport, seq, t->rcv_nxt, flags, wnd, optlen);
}

void tcp_send_ack(struct tcp_sock *t)
{
	tcp_send_ctl(t, t->snd_nxt, TH_ACK);
}

/* Sends what the peer's window allows from the send queue, then a FIN
 * queued behind it (tcp_write_xmit, tcp_send_fin). [sk.lock] */
void tcp_push(struct tcp_sock *t)
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
		u16 wnd = tcp_rcv_window(t);
		t->rcv_wnd_sent = wnd;
		segment_send(p, t->laddr, t->lport, t->faddr, t->fport, t->snd_nxt, t->rcv_nxt, TH_ACK | TH_PSH, wnd,
			     0);
		t->snd_nxt += (u32)n;
	}
	if (t->fin_queued && !t->fin_sent) {
		tcp_send_ctl(t, t->snd_nxt, TH_FIN | TH_ACK);
		t->snd_nxt++;
		t->fin_sent = true;
	}
}

/* A RST answering a segment no socket takes (tcp_v4_send_reset). No lock needed. */
void tcp_send_reset_for(u32 src, u16 sport, u32 dst, u16 dport, u32 seq, u32 ack, u8 flags, size_t seglen)
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
