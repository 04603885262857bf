/*
 * af_packet.c — AF_PACKET sockets: frames at the device level (packet(7);
 * Linux net/packet/af_packet.c).
 *
 * A packet socket is a tap on the devices: socket(AF_PACKET, SOCK_RAW or
 * SOCK_DGRAM, htons(proto)) (CAP_NET_RAW, else EPERM) receives every frame
 * of that Ethernet protocol (ETH_P_ALL: every one) that a device receives
 * and, for ETH_P_ALL, every frame a device sends too (PACKET_OUTGOING,
 * Linux's dev_queue_xmit_nit), but not the frames it sent itself
 * (skb_loop_sk). bind(sockaddr_ll) chooses the protocol and one device
 * (ifindex; 0: all). SOCK_RAW sees and sends whole frames with their
 * 14-byte Ethernet header; SOCK_DGRAM sees the payload and sends one to
 * sll_addr with the protocol sll_protocol, the header made by the kernel.
 * lo is an Ethernet device with zero addresses (ARPHRD_LOOPBACK, Linux's
 * loopback_setup): what it sends it receives, so every frame on lo reaches
 * an ETH_P_ALL socket twice, as PACKET_OUTGOING then as PACKET_HOST, which
 * is why libpcap ignores lo's outgoing copies.
 *
 * netdev.c calls packet_deliver from its receive loop for each frame: the
 * outgoing copy first, then the received one, before IP sees it. Frames
 * are queued on the socket (struct inet_dgram, dgram.c) or, with a
 * PACKET_RX_RING, written into the ring the process mapped: TPACKET_V1
 * and V2 frame by frame (a frame is the kernel's while its tp_status is
 * TP_STATUS_KERNEL), TPACKET_V3 packed into blocks that are handed over
 * whole when full or when tp_retire_blk_tov ms pass with packets in them
 * (prb_retire_rx_blk_timer_expired). The ring's memory is blocks of
 * tp_block_size bytes (physically contiguous pages, so a frame may cross
 * pages); mmap(2) on the socket maps the RX ring and then the TX ring from
 * offset 0 (packet_mmap), and while mapped neither can change (EBUSY).
 * With a PACKET_TX_RING, send(2) sends the ring's frames the user marked
 * TP_STATUS_SEND_REQUEST (tpacket_snd) instead of its buffer.
 *
 * Not done: SOCK_PACKET, PACKET_ADD_MEMBERSHIP and the other options but
 * those named below (ENOPROTOOPT), fanout, auxdata, timestamps options,
 * socket filters, PACKET_TX_HAS_OFF, a send waiting for frames (lo sends at once).
 *
 * Locks: packet_lock (the list of sockets and each socket's binding:
 * num, ifindex, running), then a socket's ring_lock (the RX ring's state
 * and memory, the statistics; taken from the V3 retire timer, so with
 * interrupts off), then sk.lock (dgram.c's queue). ring_mutex (Linux's
 * pg_vec_lock) is outside them all: it serialises making, freeing and
 * mapping the rings. Delivery holds a reference to each socket it hands
 * a frame to, and no lock of the sender's.
 */
#include "inet.h"

#include <cred.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/if_packet.h>
#include <uapi/rtnetlink.h>

#define V3_ALIGNMENT 8
#define BLK_HDR_LEN ALIGN_UP(sizeof(struct tpacket_block_desc), V3_ALIGNMENT) /* 48 */
#define BLK_PLUS_PRIV(priv) (BLK_HDR_LEN + ALIGN_UP((u64)(priv), V3_ALIGNMENT))
#define RETIRE_TOV_DEFAULT_MS 8 /* prb_calc_retire_blk_tmo for a 1000 Mbit/s link and small blocks */

/* One ring: blocks of block_size bytes, each order pages. [ring_mutex to
 * make or free; the RX ring's positions under ring_lock] */
struct packet_ring {
	u8 **blocks; /* NULL: no ring */
	u32 nr_blocks, block_size, order;
	u32 frame_size, frame_nr, frames_per_block;
	u32 head; /* V1/V2: the next frame; V3: the active block */
	/* TPACKET_V3 (struct tpacket_kbdq_core) */
	u32 sizeof_priv;
	u64 retire_ns;	/* tp_retire_blk_tov */
	u32 nxt_offset; /* where the next packet goes in the active block */
	u32 prev_offset;
	u64 seq;
	bool frozen; /* no free block: packets are dropped until the user frees one */
	bool v3;
};

struct packet_sock {
	struct sock sk;
	struct list_head node; /* packet_socks [packet_lock] */
	struct list_head tap;  /* packet_deliver's batch (one receive loop runs at a time: netdev.c) */
	u16 num;	       /* the bound protocol, network order; 0: receives nothing [packet_lock] */
	int ifindex;	       /* the bound device; 0: every device [packet_lock] */
	bool running;	       /* hooked: receives frames [packet_lock] */
	int version;	       /* PACKET_VERSION [ring_mutex] */
	u32 reserve;	       /* PACKET_RESERVE [ring_mutex] */
	bool ignore_outgoing;  /* PACKET_IGNORE_OUTGOING [atomic] */
	bool loss;	       /* PACKET_LOSS: the TX ring skips bad frames [ring_mutex] */
	struct dgram_queue rq;
	struct mutex ring_mutex;
	struct spinlock ring_lock;
	struct packet_ring rx, tx;
	struct ktimer retire; /* the RX ring's TPACKET_V3 block timer (armed and cancelled under ring_lock) */
	int mapped;	      /* mappings of the rings [atomic] */
	u32 stat_packets;     /* PACKET_STATISTICS, read and cleared [ring_lock] */
	u32 stat_drops;	      /* [ring_lock] */
	bool ring_dead;	      /* released: the retire timer stays off [ring_lock] */
};

static struct spinlock packet_lock = SPINLOCK_INIT("packet");
static struct list_head packet_socks = LIST_HEAD_INIT(packet_socks); /* [packet_lock] */
static int packet_running;					     /* hooked sockets [atomic] */

static inline struct packet_sock *pkt_sk(struct sock *sk)
{
	return (struct packet_sock *)sk;
}

/* ---- hooks (register_prot_hook) ----------------------------------------------------- */

static void hook_locked(struct packet_sock *po, bool on)
{
	if (po->running == on)
		return;
	po->running = on;
	__atomic_add_fetch(&packet_running, on ? 1 : -1, __ATOMIC_RELAXED);
}

bool packet_taps_active(void)
{
	return __atomic_load_n(&packet_running, __ATOMIC_RELAXED) > 0;
}

/* packet_notifier's NETDEV_UP and NETDEV_DOWN: sockets bound to the device
 * are hooked again, or unhooked with ENETDOWN as their pending error. */
void packet_dev_notify(struct netdev *dev, bool up)
{
	unsigned long irq = spin_lock_irqsave(&packet_lock);
	struct packet_sock *po;
	list_for_each_entry(po, &packet_socks, node) {
		if (po->ifindex != dev->ifindex || po->sk.net != dev->net || !po->num)
			continue;
		if (up) {
			hook_locked(po, true);
		} else if (po->running) {
			hook_locked(po, false);
			unsigned long sirq = spin_lock_irqsave(&po->sk.lock);
			po->sk.err = ENETDOWN;
			spin_unlock_irqrestore(&po->sk.lock, sirq);
			wake_up_all(&po->sk.wq); /* sk_error_report */
		}
	}
	spin_unlock_irqrestore(&packet_lock, irq);
}

/* ---- receiving ---------------------------------------------------------------------- */

/* The link-level address of a frame's sender (dev_parse_header:
 * eth_header_parse gives the source address). */
static void frame_addr(const struct packet_frame *f, struct sockaddr_ll *sll)
{
	*sll = (struct sockaddr_ll){
		.sll_family = AF_PACKET,
		.sll_protocol = f->protocol,
		.sll_ifindex = f->dev->ifindex,
		.sll_hatype = ARPHRD_LOOPBACK,
		.sll_pkttype = f->pkttype,
		.sll_halen = ETH_ALEN,
	};
	memcpy(sll->sll_addr, f->mac + ETH_ALEN, ETH_ALEN);
}

/* packet_rcv: a copy of the frame (SOCK_DGRAM: from its network header)
 * on the queue, unless that would pass SO_RCVBUF (counted as a drop). */
static void queue_frame(struct packet_sock *po, const struct packet_frame *f)
{
	bool raw = po->sk.type == SOCK_RAW;
	size_t len = f->len + (raw ? ETH_HLEN : 0);
	struct inet_dgram *d = kmalloc(sizeof(*d) + len);
	bool queued = false;
	if (d) {
		memset(d, 0, sizeof(*d));
		d->len = len;
		if (raw)
			memcpy(d->data, f->mac, ETH_HLEN);
		memcpy(d->data + (raw ? ETH_HLEN : 0), f->data, f->len);
		d->ll_protocol = f->protocol;
		d->ll_pkttype = f->pkttype;
		d->ll_ifindex = f->dev->ifindex;
		memcpy(d->ll_addr, f->mac + ETH_ALEN, ETH_ALEN);
		queued = dgram_enqueue(&po->sk, &po->rq, d);
	}
	unsigned long irq = spin_lock_irqsave(&po->ring_lock);
	po->stat_packets++;
	if (!queued)
		po->stat_drops++;
	spin_unlock_irqrestore(&po->ring_lock, irq);
}

/* The status bits tpacket_rcv adds for the checksum (CHECKSUM_PARTIAL is
 * not ready; skb_csum_unnecessary on a received frame is valid). */
static u32 csum_status(const struct packet_frame *f)
{
	if (f->csum_partial)
		return TP_STATUS_CSUMNOTREADY;
	if (f->pkttype != PACKET_OUTGOING && f->csum_valid)
		return TP_STATUS_CSUM_VALID;
	return 0;
}

static void tpacket_fill(struct packet_sock *po, const struct packet_frame *f, u8 *h, u32 macoff, u32 snaplen)
{
	bool raw = po->sk.type == SOCK_RAW;
	size_t hdr_len = raw ? ETH_HLEN : 0;
	size_t n = MIN((size_t)snaplen, hdr_len);
	memcpy(h + macoff, f->mac, n);
	if (snaplen > hdr_len)
		memcpy(h + macoff + hdr_len, f->data, snaplen - hdr_len);
}

/* The header and address of one frame (tpacket_rcv): V1 and V2 write the
 * status last, which hands the frame over; V3's block is handed over whole. */
static void tpacket_header(struct packet_sock *po, const struct packet_frame *f, u8 *h, u32 macoff, u32 netoff,
			   u32 snaplen, u32 len, u32 status)
{
	u64 now = time_realtime_ns();
	struct sockaddr_ll sll;
	frame_addr(f, &sll);
	if (po->version == TPACKET_V1) {
		struct tpacket_hdr *h1 = (void *)h;
		h1->tp_len = len;
		h1->tp_snaplen = snaplen;
		h1->tp_mac = (u16)macoff;
		h1->tp_net = (u16)netoff;
		h1->tp_sec = (u32)(now / NSEC_PER_SEC);
		h1->tp_usec = (u32)(now % NSEC_PER_SEC / 1000);
		memcpy(h + TPACKET_ALIGN(sizeof(*h1)), &sll, sizeof(sll));
		__atomic_store_n(&h1->tp_status, (u64)status, __ATOMIC_RELEASE);
	} else if (po->version == TPACKET_V2) {
		struct tpacket2_hdr *h2 = (void *)h;
		h2->tp_len = len;
		h2->tp_snaplen = snaplen;
		h2->tp_mac = (u16)macoff;
		h2->tp_net = (u16)netoff;
		h2->tp_sec = (u32)(now / NSEC_PER_SEC);
		h2->tp_nsec = (u32)(now % NSEC_PER_SEC);
		h2->tp_vlan_tci = h2->tp_vlan_tpid = 0;
		memset(h2->tp_padding, 0, sizeof(h2->tp_padding));
		memcpy(h + TPACKET_ALIGN(sizeof(*h2)), &sll, sizeof(sll));
		__atomic_store_n(&h2->tp_status, status, __ATOMIC_RELEASE);
	} else { /* tp_next_offset was set when the room was taken (prb_fill_curr_block) */
		struct tpacket3_hdr *h3 = (void *)h;
		h3->tp_status = status;
		h3->tp_len = len;
		h3->tp_snaplen = snaplen;
		h3->tp_mac = (u16)macoff;
		h3->tp_net = (u16)netoff;
		h3->tp_sec = (u32)(now / NSEC_PER_SEC);
		h3->tp_nsec = (u32)(now % NSEC_PER_SEC);
		h3->tp_rxhash = h3->tp_vlan_tci = 0;
		h3->tp_vlan_tpid = h3->hv1_padding = 0;
		memset(h3->tp_padding, 0, sizeof(h3->tp_padding));
		memcpy(h + TPACKET_ALIGN(sizeof(*h3)), &sll, sizeof(sll));
	}
}

static u8 *ring_frame(const struct packet_ring *r, u32 i)
{
	return r->blocks[i / r->frames_per_block] + (i % r->frames_per_block) * r->frame_size;
}

static u32 frame_status(const struct packet_sock *po, const u8 *h)
{
	if (po->version == TPACKET_V1)
		return (u32)__atomic_load_n(&((const struct tpacket_hdr *)h)->tp_status, __ATOMIC_ACQUIRE);
	return __atomic_load_n(&((const struct tpacket2_hdr *)h)->tp_status, __ATOMIC_ACQUIRE);
}

/* ---- TPACKET_V3 blocks (Linux's prb_* functions) -------------------------------------- */

static struct tpacket_block_desc *blk(const struct packet_ring *r, u32 i)
{
	return (struct tpacket_block_desc *)r->blocks[i];
}

/* prb_open_block: the block becomes the kernel's active one. [ring_lock] */
static void prb_open_block(struct packet_ring *r, u32 i)
{
	struct tpacket_block_desc *b = blk(r, i);
	u64 now = time_realtime_ns();
	b->version = TPACKET_V3;
	b->offset_to_priv = BLK_HDR_LEN;
	b->num_pkts = 0;
	b->offset_to_first_pkt = (u32)BLK_PLUS_PRIV(r->sizeof_priv);
	b->blk_len = (u32)BLK_PLUS_PRIV(r->sizeof_priv);
	b->seq_num = ++r->seq;
	b->ts_first_sec = (u32)(now / NSEC_PER_SEC);
	b->ts_first_nsec = (u32)(now % NSEC_PER_SEC);
	r->head = i;
	r->nxt_offset = (u32)BLK_PLUS_PRIV(r->sizeof_priv);
	r->prev_offset = 0;
	r->frozen = false;
}

/* prb_close_block: handed to the user with status (TP_STATUS_USER, plus
 * TP_STATUS_BLK_TMO when the timer closed it). [ring_lock] */
static void prb_close_block(struct packet_ring *r, u32 status)
{
	struct tpacket_block_desc *b = blk(r, r->head);
	if (b->num_pkts) {
		const struct tpacket3_hdr *last = (const void *)((u8 *)b + r->prev_offset);
		b->ts_last_sec = last->tp_sec;
		b->ts_last_nsec = last->tp_nsec;
	} else {
		u64 now = time_realtime_ns();
		b->ts_last_sec = (u32)(now / NSEC_PER_SEC);
		b->ts_last_nsec = (u32)(now % NSEC_PER_SEC);
	}
	if (b->num_pkts) /* the last packet's next_offset is 0 */
		((struct tpacket3_hdr *)((u8 *)b + r->prev_offset))->tp_next_offset = 0;
	__atomic_store_n(&b->block_status, status, __ATOMIC_RELEASE);
	r->head = (r->head + 1) % r->nr_blocks;
}

/* prb_dispatch_next_block: the next block if the user gave it back,
 * else the queue freezes. [ring_lock] */
static bool prb_next_block(struct packet_ring *r)
{
	if (__atomic_load_n(&blk(r, r->head)->block_status, __ATOMIC_ACQUIRE) != TP_STATUS_KERNEL) {
		r->frozen = true;
		return false;
	}
	prb_open_block(r, r->head);
	return true;
}

/* __packet_lookup_frame_in_block: room for len bytes in the active block
 * (closing it and opening the next when it is full); NULL: drop. [ring_lock] */
static u8 *prb_lookup(struct packet_ring *r, u32 len)
{
	if (r->frozen) {
		if (__atomic_load_n(&blk(r, r->head)->block_status, __ATOMIC_ACQUIRE) != TP_STATUS_KERNEL)
			return NULL;
		prb_open_block(r, r->head);
	}
	u32 need = ALIGN_UP(len, V3_ALIGNMENT);
	if (r->nxt_offset + need >= r->block_size) {
		prb_close_block(r, TP_STATUS_USER);
		if (!prb_next_block(r))
			return NULL;
	}
	struct tpacket_block_desc *b = blk(r, r->head);
	u8 *h = (u8 *)b + r->nxt_offset;
	((struct tpacket3_hdr *)h)->tp_next_offset = need; /* prb_fill_curr_block */
	r->prev_offset = r->nxt_offset;
	r->nxt_offset += need;
	b->blk_len += need;
	b->num_pkts++;
	return h;
}

/* prb_retire_rx_blk_timer_expired: a block with packets is handed over
 * after tp_retire_blk_tov; a frozen queue the user caught up with opens. */
static void prb_retire_timer(struct ktimer *t)
{
	struct packet_sock *po = (struct packet_sock *)((u8 *)t - __builtin_offsetof(struct packet_sock, retire));
	struct packet_ring *r = &po->rx;
	bool wake = false;
	unsigned long irq = spin_lock_irqsave(&po->ring_lock);
	if (po->ring_dead || !r->blocks || !r->v3)
		goto out_unlock;
	if (!r->frozen) {
		if (blk(r, r->head)->num_pkts) {
			prb_close_block(r, TP_STATUS_USER | TP_STATUS_BLK_TMO);
			(void)prb_next_block(r);
			wake = true;
		}
	} else if (__atomic_load_n(&blk(r, r->head)->block_status, __ATOMIC_ACQUIRE) == TP_STATUS_KERNEL) {
		prb_open_block(r, r->head);
	}
	ktimer_arm(&po->retire, time_since_boot_ns() + r->retire_ns, prb_retire_timer);
out_unlock:
	spin_unlock_irqrestore(&po->ring_lock, irq);
	if (wake)
		wake_up_all(&po->sk.wq);
}

/* tpacket_rcv: the frame into the RX ring, truncated to what a frame (V1,
 * V2) or a block (V3) holds after its headers; dropped when the ring has
 * no room. */
static void ring_frame_rcv(struct packet_sock *po, const struct packet_frame *f)
{
	bool raw = po->sk.type == SOCK_RAW;
	u32 len = (u32)f->len + (raw ? ETH_HLEN : 0);
	u32 hdrlen = po->version == TPACKET_V1	 ? TPACKET_HDRLEN
		     : po->version == TPACKET_V2 ? TPACKET2_HDRLEN
						 : TPACKET3_HDRLEN;
	u32 maclen = raw ? ETH_HLEN : 0;
	u32 netoff = TPACKET_ALIGN(hdrlen + (maclen < 16 ? 16 : maclen)) + po->reserve;
	u32 macoff = netoff - maclen;
	u32 snaplen = len;
	u32 status = TP_STATUS_USER | csum_status(f);
	unsigned long irq = spin_lock_irqsave(&po->ring_lock);
	struct packet_ring *r = &po->rx;
	if (!r->blocks)
		goto out_unlock; /* the ring went away meanwhile */
	u32 room = r->v3 ? r->block_size - (u32)BLK_PLUS_PRIV(r->sizeof_priv) : r->frame_size;
	if (macoff + snaplen > room)
		snaplen = macoff > room ? 0 : room - macoff;
	u8 *h;
	if (!r->v3) {
		h = ring_frame(r, r->head);
		if (frame_status(po, h) != TP_STATUS_KERNEL) {
			po->stat_packets++;
			po->stat_drops++;
			goto out_unlock;
		}
		if (po->stat_drops)
			status |= TP_STATUS_LOSING;
		r->head = (r->head + 1) % r->frame_nr;
	} else {
		h = prb_lookup(r, macoff + snaplen);
		if (!h) {
			po->stat_packets++;
			po->stat_drops++;
			goto out_unlock;
		}
	}
	po->stat_packets++;
	tpacket_fill(po, f, h, macoff, snaplen);
	tpacket_header(po, f, h, macoff, netoff, snaplen, len, status);
	spin_unlock_irqrestore(&po->ring_lock, irq);
	if (!r->v3) { /* V3 wakes readers when a block is handed over */
		wake_up_all(&po->sk.wq);
		sock_wake_async(&po->sk, POLL_IN);
	}
	return;
out_unlock:
	spin_unlock_irqrestore(&po->ring_lock, irq);
}

static bool wants(const struct packet_sock *po, const struct packet_frame *f)
{
	if (!po->running || po->sk.net != f->dev->net)
		return false;
	if (po->ifindex && po->ifindex != f->dev->ifindex)
		return false;
	if (f->pkttype == PACKET_OUTGOING) /* dev_queue_xmit_nit: the taps only */
		return po->num == net16(ETH_P_ALL) && &po->sk != f->origin &&
		       !__atomic_load_n(&po->ignore_outgoing, __ATOMIC_RELAXED);
	return po->num == net16(ETH_P_ALL) || po->num == f->protocol;
}

void packet_deliver(const struct packet_frame *f)
{
	struct list_head batch = LIST_HEAD_INIT(batch);
	unsigned long irq = spin_lock_irqsave(&packet_lock);
	struct packet_sock *po;
	list_for_each_entry(po, &packet_socks, node) {
		if (wants(po, f)) {
			sock_hold(&po->sk);
			list_add_tail(&po->tap, &batch);
		}
	}
	spin_unlock_irqrestore(&packet_lock, irq);
	while (!list_empty(&batch)) {
		po = list_first_entry(&batch, struct packet_sock, tap);
		list_del(&po->tap);
		if (__atomic_load_n(&po->rx.blocks, __ATOMIC_ACQUIRE))
			ring_frame_rcv(po, f);
		else
			queue_frame(po, f);
		sock_put(&po->sk);
	}
}

/* eth_type_trans: what a received Ethernet frame is, for lo (whose own and
 * broadcast addresses are zero). */
void packet_classify(const u8 *mac, const u8 *payload, size_t len, u16 *protocol, u8 *pkttype)
{
	static const u8 zero[ETH_ALEN];
	if (mac[0] & 1) /* a group address: lo's broadcast address is zero, so never that */
		*pkttype = PACKET_MULTICAST;
	else
		*pkttype = memcmp(mac, zero, ETH_ALEN) == 0 ? PACKET_HOST : PACKET_OTHERHOST;
	u16 type = (u16)(mac[12] << 8 | mac[13]);
	if (type >= ETH_P_802_3_MIN)
		*protocol = net16(type);
	else if (len >= 2 && payload[0] == 0xff && payload[1] == 0xff)
		*protocol = net16(ETH_P_802_3); /* a raw 802.3 frame (IPX's) */
	else
		*protocol = net16(ETH_P_802_2);
}

/* ---- rings (packet_set_ring, packet_mmap) ---------------------------------------------- */

/* A block is freed whole (the buddy allocator frees blocks of the order
 * they were taken at) once the ring's reference to each of its pages was
 * the last: nothing maps a ring that is freed (EBUSY, or a mapping holds
 * the file). A page something else still holds (spliced into a pipe from
 * the mapping) keeps its whole block allocated: a leak, where Linux frees
 * page by page. */
static void ring_free(struct packet_ring *r)
{
	for (u32 b = 0; r->blocks && b < r->nr_blocks; b++) {
		if (!r->blocks[b])
			continue;
		bool all_last = true;
		for (u32 p = 0; p < (1u << r->order); p++)
			all_last &= page_put_last(virt_to_phys(r->blocks[b] + (size_t)p * PAGE_SIZE));
		if (all_last)
			page_free_order(r->blocks[b], r->order);
	}
	kfree(r->blocks);
	r->blocks = NULL;
}

static int ring_alloc(struct packet_ring *r, u32 nr_blocks, u32 block_size)
{
	u32 order = 0;
	while (((u64)PAGE_SIZE << order) < block_size)
		order++;
	r->blocks = kzalloc(nr_blocks * sizeof(*r->blocks));
	if (!r->blocks)
		return -ENOMEM;
	r->nr_blocks = nr_blocks;
	r->order = order;
	for (u32 b = 0; b < nr_blocks; b++) {
		r->blocks[b] = page_alloc_order(order, PAGE_ZERO);
		if (!r->blocks[b]) {
			ring_free(r);
			return -ENOMEM;
		}
	}
	return 0;
}

/* The version's header length (tp_hdrlen). */
static u32 version_hdrlen(int version)
{
	return version == TPACKET_V1 ? TPACKET_HDRLEN : version == TPACKET_V2 ? TPACKET2_HDRLEN : TPACKET3_HDRLEN;
}

/* packet_set_ring's checks, in its order: each bad field's errno. */
static int ring_req_check(const struct packet_sock *po, const struct tpacket_req3 *req, bool tx)
{
	u32 min_frame = version_hdrlen(po->version) + po->reserve;
	if ((s32)req->tp_block_size <= 0 || req->tp_block_size % PAGE_SIZE)
		return -EINVAL;
	if (po->version >= TPACKET_V3 && req->tp_block_size < BLK_PLUS_PRIV(req->tp_sizeof_priv) + min_frame)
		return -EINVAL; /* CVE-2017-7308: tp_sizeof_priv is taken as 64 bits */
	if (req->tp_frame_size < min_frame || req->tp_frame_size % TPACKET_ALIGNMENT)
		return -EINVAL;
	u32 per_block = req->tp_block_size / req->tp_frame_size;
	if (per_block == 0 || per_block > 0xffffffffu / req->tp_block_nr)
		return -EINVAL;
	if (per_block * req->tp_block_nr != req->tp_frame_nr)
		return -EINVAL;
	if (po->version == TPACKET_V3 && tx &&
	    (req->tp_retire_blk_tov || req->tp_sizeof_priv || req->tp_feature_req_word))
		return -EINVAL; /* "Block transmit is not supported yet" */
	return 0;
}

/* packet_set_ring: makes the ring (tp_block_nr 0: frees it; then
 * tp_frame_nr must be 0 too). EBUSY while mapped or when a ring is there. */
static int packet_set_ring(struct packet_sock *po, const struct tpacket_req3 *req, bool tx)
{
	struct packet_ring *r = tx ? &po->tx : &po->rx;
	struct packet_ring fresh = {0};
	int err = 0;
	mutex_lock(&po->ring_mutex);
	if (__atomic_load_n(&po->mapped, __ATOMIC_ACQUIRE)) {
		err = -EBUSY;
		goto out_unlock;
	}
	if (req->tp_block_nr) {
		if (r->blocks) {
			err = -EBUSY;
			goto out_unlock;
		}
		if ((err = ring_req_check(po, req, tx)))
			goto out_unlock;
		if ((err = ring_alloc(&fresh, req->tp_block_nr, req->tp_block_size)))
			goto out_unlock;
		fresh.block_size = req->tp_block_size;
		fresh.frame_size = req->tp_frame_size;
		fresh.frame_nr = req->tp_frame_nr;
		fresh.frames_per_block = req->tp_block_size / req->tp_frame_size;
		fresh.v3 = po->version == TPACKET_V3 && !tx;
		fresh.sizeof_priv = req->tp_sizeof_priv;
		fresh.retire_ns =
			(u64)(req->tp_retire_blk_tov ? req->tp_retire_blk_tov : RETIRE_TOV_DEFAULT_MS) * 1000000;
	} else if (req->tp_frame_nr) {
		err = -EINVAL;
		goto out_unlock;
	}
	/* the old ring goes first (delivery then queues, and the timer stops
	 * re-arming), then the new one comes, both under ring_lock */
	unsigned long irq = spin_lock_irqsave(&po->ring_lock);
	struct packet_ring old = *r;
	r->blocks = NULL;
	spin_unlock_irqrestore(&po->ring_lock, irq);
	if (!tx)
		ktimer_cancel_sync(&po->retire);
	irq = spin_lock_irqsave(&po->ring_lock);
	*r = fresh;
	if (r->v3) {
		prb_open_block(r, 0);
		if (!po->ring_dead)
			ktimer_arm(&po->retire, time_since_boot_ns() + r->retire_ns, prb_retire_timer);
	}
	spin_unlock_irqrestore(&po->ring_lock, irq);
	ring_free(&old);
	if (!tx) { /* skb_queue_purge: what was queued before the ring goes */
		struct inet_dgram *d;
		while (dgram_next(&po->sk, &po->rq, MSG_DONTWAIT, &d) == 0)
			kfree(d);
	}
out_unlock:
	mutex_unlock(&po->ring_mutex);
	return err;
}

static int ring_vm_fault(struct vma *v, u64 pgoff, bool alloc, paddr_t *pa)
{
	struct packet_sock *po = pkt_sk(sock_of_file(v->file));
	*pa = PA_NONE;
	/* the rings cannot change while mapped: no lock needed to read them */
	for (struct packet_ring *r = &po->rx; r <= &po->tx; r++) {
		if (!r->blocks)
			continue;
		u64 per_block = 1ull << r->order;
		u64 pages = r->nr_blocks * per_block;
		if (pgoff < pages) {
			*pa = virt_to_phys(r->blocks[pgoff / per_block] + (pgoff % per_block) * PAGE_SIZE);
			page_get(*pa);
			return 0;
		}
		pgoff -= pages;
	}
	return -EIO;
}

static void ring_vm_open(struct vma *v)
{
	__atomic_add_fetch(&pkt_sk(sock_of_file(v->file))->mapped, 1, __ATOMIC_ACQ_REL);
	file_vma_open(v);
}

static void ring_vm_close(struct vma *v)
{
	__atomic_sub_fetch(&pkt_sk(sock_of_file(v->file))->mapped, 1, __ATOMIC_ACQ_REL);
	file_vma_close(v);
}

static const struct vm_ops ring_vm_ops = {.fault = ring_vm_fault, .open = ring_vm_open, .close = ring_vm_close};

/* packet_mmap: both rings from offset 0, exactly their size (EINVAL otherwise). */
static int packet_mmap(struct sock *sk, struct file *f, struct vma *v)
{
	struct packet_sock *po = pkt_sk(sk);
	if (v->file_offset)
		return -EINVAL;
	mutex_lock(&po->ring_mutex);
	u64 expected = 0;
	for (struct packet_ring *r = &po->rx; r <= &po->tx; r++)
		if (r->blocks)
			expected += (u64)r->nr_blocks * (PAGE_SIZE << r->order);
	int err = -EINVAL;
	if (expected == 0 || v->end - v->start != expected)
		goto out_unlock;
	if ((err = file_vma_attach(f, v)))
		goto out_unlock;
	v->ops = &ring_vm_ops;
	__atomic_add_fetch(&po->mapped, 1, __ATOMIC_ACQ_REL);
out_unlock:
	mutex_unlock(&po->ring_mutex);
	return err;
}

/* ---- the socket calls ------------------------------------------------------------------ */

static const struct proto_ops packet_ops;

/* packet_do_bind: protocol and device; a device that is down leaves the
 * socket unhooked with ENETDOWN pending (it is hooked when it comes up). */
static int packet_bind(struct sock *sk, const void *addr, int len)
{
	struct packet_sock *po = pkt_sk(sk);
	const struct sockaddr_ll *sll = addr;
	if (len < (int)sizeof(*sll) || sll->sll_family != AF_PACKET)
		return -EINVAL;
	struct netdev *dev = NULL;
	if (sll->sll_ifindex && !(dev = netdev_by_index(sk->net, sll->sll_ifindex)))
		return -ENODEV;
	bool down = false;
	unsigned long irq = spin_lock_irqsave(&packet_lock);
	hook_locked(po, false);
	po->num = sll->sll_protocol ? sll->sll_protocol : po->num;
	po->ifindex = sll->sll_ifindex;
	if (po->num) {
		if (!dev || netdev_is_up(dev))
			hook_locked(po, true);
		else
			down = true;
	}
	spin_unlock_irqrestore(&packet_lock, irq);
	if (down) {
		irq = spin_lock_irqsave(&sk->lock);
		sk->err = ENETDOWN;
		spin_unlock_irqrestore(&sk->lock, irq);
		wake_up_all(&sk->wq);
	}
	return 0;
}

/* packet_getname: the bound protocol and device, with the device's type
 * and address when bound to one. */
static int packet_getname(struct sock *sk, void *addr, bool peer)
{
	struct packet_sock *po = pkt_sk(sk);
	if (peer)
		return -EOPNOTSUPP;
	struct sockaddr_ll *sll = addr;
	unsigned long irq = spin_lock_irqsave(&packet_lock);
	*sll = (struct sockaddr_ll){.sll_family = AF_PACKET, .sll_protocol = po->num, .sll_ifindex = po->ifindex};
	spin_unlock_irqrestore(&packet_lock, irq);
	if (sll->sll_ifindex && netdev_by_index(sk->net, sll->sll_ifindex)) {
		sll->sll_hatype = ARPHRD_LOOPBACK;
		sll->sll_halen = ETH_ALEN; /* lo's address: zeros */
	}
	return SLL_ADDR_OFFSET + sll->sll_halen;
}

/* Where a send goes: the device and protocol named by msg_name, or the
 * bound ones, and SOCK_DGRAM's destination address (packet_snd and
 * tpacket_snd's first checks). */
struct send_target {
	struct netdev *dev;
	u16 proto;
	u8 dst[ETH_ALEN]; /* lo's zero address without a name; eth_header copies sll_addr */
};

static int send_target(struct packet_sock *po, const struct sock_msg *m, struct send_target *t)
{
	int ifindex;
	memset(t, 0, sizeof(*t));
	if (m->namelen == 0) {
		unsigned long irq = spin_lock_irqsave(&packet_lock);
		t->proto = po->num;
		ifindex = po->ifindex;
		spin_unlock_irqrestore(&packet_lock, irq);
	} else {
		const struct sockaddr_ll *sll = (const void *)m->name;
		if (m->namelen < (int)sizeof(*sll) || m->namelen < SLL_ADDR_OFFSET + sll->sll_halen)
			return -EINVAL;
		t->proto = sll->sll_protocol;
		ifindex = sll->sll_ifindex;
		memcpy(t->dst, sll->sll_addr, ETH_ALEN);
	}
	t->dev = ifindex ? netdev_by_index(po->sk.net, ifindex) : NULL;
	if (!t->dev)
		return -ENXIO;
	return netdev_is_up(t->dev) ? 0 : -ENETDOWN;
}

/* A frame of len bytes from the user (SOCK_RAW: with its header; SOCK_DGRAM:
 * the payload, the header made here), its payload still to be filled at
 * *payload; NULL without memory. */
static struct pkt *frame_alloc(struct packet_sock *po, const struct send_target *t, size_t len, u8 **payload)
{
	bool raw = po->sk.type == SOCK_RAW;
	struct pkt *p = pkt_alloc(len + (raw ? 0 : ETH_HLEN));
	if (!p)
		return NULL;
	if (!raw) {
		memcpy(p->data, t->dst, ETH_ALEN);
		memset(p->data + ETH_ALEN, 0, ETH_ALEN); /* lo's own address */
		memcpy(p->data + 2 * ETH_ALEN, &t->proto, sizeof(t->proto));
	}
	p->mac_len = ETH_HLEN;
	p->origin = &po->sk;
	*payload = p->data + (raw ? 0 : ETH_HLEN);
	return p;
}

/* The status word of TX ring frame h. */
static u32 *tx_status(struct packet_sock *po, u8 *h)
{
	if (po->version == TPACKET_V1)
		return (u32 *)&((struct tpacket_hdr *)h)->tp_status; /* the low word (little-endian) */
	return po->version == TPACKET_V2 ? &((struct tpacket2_hdr *)h)->tp_status
					 : &((struct tpacket3_hdr *)h)->tp_status;
}

/* tpacket_parse_header: a frame's length (at most size_max; V3 frames of
 * a fixed size only) and where its data starts, after the header less the
 * sockaddr_ll; -EINVAL or -EMSGSIZE for a bad one. */
static ssize_t tx_frame_len(struct packet_sock *po, u8 *h, u32 size_max, u8 **data)
{
	u32 len, off = version_hdrlen(po->version) - (u32)sizeof(struct sockaddr_ll);
	if (po->version == TPACKET_V3) {
		if (((struct tpacket3_hdr *)h)->tp_next_offset)
			return -EINVAL; /* "variable sized slot not supported" */
		len = ((struct tpacket3_hdr *)h)->tp_len;
	} else {
		len = po->version == TPACKET_V2 ? ((struct tpacket2_hdr *)h)->tp_len
						: ((struct tpacket_hdr *)h)->tp_len;
	}
	if (len > size_max)
		return -EMSGSIZE;
	if (off + len > po->tx.frame_size)
		return -EINVAL;
	*data = h + off;
	return len;
}

/* tpacket_snd: every frame the user marked TP_STATUS_SEND_REQUEST, from the
 * ring's head on, goes out; lo delivers at once, so each is
 * TP_STATUS_AVAILABLE again before this returns (tpacket_destruct_skb). A
 * bad frame is skipped with PACKET_LOSS, else marked
 * TP_STATUS_WRONG_FORMAT and its error returned. The bytes sent. */
static ssize_t tpacket_snd(struct packet_sock *po, const struct sock_msg *m)
{
	bool raw = po->sk.type == SOCK_RAW;
	struct send_target t;
	ssize_t err = 0, sent = 0;
	mutex_lock(&po->ring_mutex);
	struct packet_ring *r = &po->tx;
	if (!r->blocks) {
		err = -EBUSY; /* freed meanwhile */
		goto out_unlock;
	}
	if ((err = send_target(po, m, &t)))
		goto out_unlock;
	u32 size_max = r->frame_size - (version_hdrlen(po->version) - (u32)sizeof(struct sockaddr_ll));
	size_max = MIN(size_max, t.dev->mtu + (raw ? ETH_HLEN : 0) + 4 /* VLAN_HLEN */);
	for (;;) {
		u8 *h = ring_frame(r, r->head), *data, *payload;
		u32 *status = tx_status(po, h);
		if (__atomic_load_n(status, __ATOMIC_ACQUIRE) != TP_STATUS_SEND_REQUEST)
			break;
		ssize_t len = tx_frame_len(po, h, size_max, &data);
		if (len >= 0 && raw && len < ETH_HLEN)
			len = -EINVAL; /* dev_validate_header */
		if (len < 0) {
			if (!po->loss) {
				__atomic_store_n(status, TP_STATUS_WRONG_FORMAT, __ATOMIC_RELEASE);
				err = len;
				goto out_unlock;
			}
			__atomic_store_n(status, TP_STATUS_AVAILABLE, __ATOMIC_RELEASE);
			r->head = (r->head + 1) % r->frame_nr;
			continue;
		}
		struct pkt *p = frame_alloc(po, &t, (size_t)len, &payload);
		if (!p) {
			err = sent ? 0 : -ENOBUFS;
			goto out_unlock;
		}
		__atomic_store_n(status, TP_STATUS_SENDING, __ATOMIC_RELEASE);
		memcpy(payload, data, (size_t)len);
		r->head = (r->head + 1) % r->frame_nr;
		netdev_xmit_frame(t.dev, p);
		__atomic_store_n(status, TP_STATUS_AVAILABLE, __ATOMIC_RELEASE);
		sent += len;
	}
out_unlock:
	mutex_unlock(&po->ring_mutex);
	return err ? err : sent;
}

/* packet_snd: one frame on the device named by msg_name (or the bound one);
 * with a TX ring, the ring's frames instead (packet_sendmsg). SOCK_RAW
 * sends the user's bytes, which must hold an Ethernet header; SOCK_DGRAM
 * gets a header for sll_protocol to sll_addr (zeros without a name). */
static ssize_t packet_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct packet_sock *po = pkt_sk(sk);
	bool raw = sk->type == SOCK_RAW;
	if (__atomic_load_n(&po->tx.blocks, __ATOMIC_ACQUIRE))
		return tpacket_snd(po, m);
	struct send_target t;
	int err = send_target(po, m, &t);
	if (err)
		return err;
	if (len > t.dev->mtu + (raw ? ETH_HLEN : 0) + 4 /* VLAN_HLEN */)
		return -EMSGSIZE;
	if (raw && len < ETH_HLEN)
		return -EINVAL; /* dev_validate_header */
	if (len > t.dev->mtu + (raw ? ETH_HLEN : 0))
		return -EMSGSIZE; /* lo is no ARPHRD_ETHER: no VLAN tag's room (packet_extra_vlan_len_allowed) */
	u8 *payload;
	struct pkt *p = frame_alloc(po, &t, len, &payload);
	if (!p)
		return -ENOBUFS;
	if (msg_iter_copy_in(payload, &m->iter, len)) {
		kfree(p);
		return -EFAULT;
	}
	netdev_xmit_frame(t.dev, p);
	return (ssize_t)len;
}

static ssize_t packet_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct packet_sock *po = pkt_sk(sk);
	if (m->flags & ~(MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC | MSG_ERRQUEUE))
		return -EINVAL;
	if (m->flags & MSG_ERRQUEUE)
		return -EAGAIN; /* sock_recv_errqueue: no error is ever queued here */
	struct inet_dgram *d = NULL;
	mutex_lock(&po->rq.readlock);
	ssize_t ret = dgram_next(sk, &po->rq, m->flags, &d);
	if (!ret) {
		/* packet_recvmsg: the name is a whole sockaddr_ll when its
		 * address is shorter than sll_addr */
		struct sockaddr_ll sll = {
			.sll_family = AF_PACKET,
			.sll_protocol = d->ll_protocol,
			.sll_ifindex = d->ll_ifindex,
			.sll_hatype = ARPHRD_LOOPBACK,
			.sll_pkttype = d->ll_pkttype,
			.sll_halen = ETH_ALEN,
		};
		memcpy(sll.sll_addr, d->ll_addr, ETH_ALEN);
		memcpy(m->name, &sll, sizeof(sll));
		m->namelen = sizeof(sll);
		ret = dgram_copy_out(sk, m, d, len);
	}
	mutex_unlock(&po->rq.readlock);
	if (d && !(m->flags & MSG_PEEK))
		kfree(d);
	return ret;
}

/* packet_poll: datagram_poll, and with an RX ring readable when the
 * frame (V3: the block) before the kernel's next one is the user's. */
static short packet_poll(struct sock *sk, struct file *f, struct poll_table *pt)
{
	struct packet_sock *po = pkt_sk(sk);
	short mask = dgram_poll(sk, &po->rq, pt);
	unsigned long irq = spin_lock_irqsave(&po->ring_lock);
	struct packet_ring *r = &po->rx;
	if (r->blocks) {
		u32 n = r->v3 ? r->nr_blocks : r->frame_nr;
		u32 prev = (r->head + n - 1) % n;
		u32 status = r->v3 ? __atomic_load_n(&blk(r, prev)->block_status, __ATOMIC_ACQUIRE)
				   : frame_status(po, ring_frame(r, prev));
		if (status != TP_STATUS_KERNEL)
			mask |= POLLIN | POLLRDNORM;
	}
	spin_unlock_irqrestore(&po->ring_lock, irq);
	return mask;
}

static long packet_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	return dgram_ioctl(sk, &pkt_sk(sk)->rq, cmd, arg);
}

static int int_val(const void *val, int len, int *v)
{
	if (len < (int)sizeof(int))
		return -EINVAL;
	memcpy(v, val, sizeof(*v));
	return 0;
}

/* packet_setsockopt: the options named below; others ENOPROTOOPT. */
static int packet_setsockopt(struct sock *sk, int level, int name, const void *val, int len)
{
	struct packet_sock *po = pkt_sk(sk);
	int v, err;
	if (level != SOL_PACKET)
		return -ENOPROTOOPT;
	switch (name) {
	case PACKET_RX_RING:
	case PACKET_TX_RING: {
		struct tpacket_req3 req = {0};
		int need = po->version == TPACKET_V3 ? (int)sizeof(req) : TPACKET_REQ_LEN;
		if (len < need)
			return -EINVAL;
		memcpy(&req, val, (size_t)need);
		return packet_set_ring(po, &req, name == PACKET_TX_RING);
	}
	case PACKET_VERSION:
		if (len != (int)sizeof(int))
			return -EINVAL;
		memcpy(&v, val, sizeof(v));
		if (v != TPACKET_V1 && v != TPACKET_V2 && v != TPACKET_V3)
			return -EINVAL;
		mutex_lock(&po->ring_mutex);
		err = po->rx.blocks || po->tx.blocks ? -EBUSY : 0;
		if (!err)
			po->version = v;
		mutex_unlock(&po->ring_mutex);
		return err;
	case PACKET_RESERVE:
		if ((err = int_val(val, len, &v)))
			return err;
		if (v < 0)
			return -EINVAL; /* an unsigned int above INT_MAX */
		mutex_lock(&po->ring_mutex);
		err = po->rx.blocks || po->tx.blocks ? -EBUSY : 0;
		if (!err)
			po->reserve = (u32)v;
		mutex_unlock(&po->ring_mutex);
		return err;
	case PACKET_LOSS:
		if ((err = int_val(val, len, &v)))
			return err;
		mutex_lock(&po->ring_mutex);
		err = po->rx.blocks || po->tx.blocks ? -EBUSY : 0;
		if (!err)
			po->loss = v != 0;
		mutex_unlock(&po->ring_mutex);
		return err;
	case PACKET_IGNORE_OUTGOING:
		if ((err = int_val(val, len, &v)))
			return err;
		if (v < 0 || v > 1)
			return -EINVAL;
		__atomic_store_n(&po->ignore_outgoing, v == 1, __ATOMIC_RELAXED);
		return 0;
	default: return -ENOPROTOOPT;
	}
}

/* packet_getsockopt. val holds the caller's first bytes (PACKET_HDRLEN
 * reads a version from it). */
static int packet_getsockopt(struct sock *sk, int level, int name, void *val, int *len)
{
	struct packet_sock *po = pkt_sk(sk);
	int v;
	if (level != SOL_PACKET)
		return -ENOPROTOOPT;
	switch (name) {
	case PACKET_STATISTICS: {
		unsigned long irq = spin_lock_irqsave(&po->ring_lock);
		struct tpacket_stats_v3 st = {po->stat_packets, po->stat_drops, 0};
		po->stat_packets = po->stat_drops = 0;
		spin_unlock_irqrestore(&po->ring_lock, irq);
		*len = po->version == TPACKET_V3 ? (int)sizeof(st) : (int)sizeof(struct tpacket_stats);
		memcpy(val, &st, sizeof(st));
		return 0;
	}
	case PACKET_VERSION: v = po->version; break;
	case PACKET_HDRLEN:
		if (*len < (int)sizeof(int))
			return -EINVAL;
		memcpy(&v, val, sizeof(v));
		if (v != TPACKET_V1 && v != TPACKET_V2 && v != TPACKET_V3)
			return -EINVAL;
		v = v == TPACKET_V1   ? (int)sizeof(struct tpacket_hdr)
		    : v == TPACKET_V2 ? (int)sizeof(struct tpacket2_hdr)
				      : (int)sizeof(struct tpacket3_hdr);
		break;
	case PACKET_RESERVE: v = (int)po->reserve; break;
	case PACKET_LOSS: v = po->loss; break;
	case PACKET_IGNORE_OUTGOING: v = __atomic_load_n(&po->ignore_outgoing, __ATOMIC_RELAXED); break;
	default: return -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

/* packet_release: unhooked, the queue purged, the rings freed (nothing
 * maps them: a mapping holds the file). */
static void packet_release(struct sock *sk)
{
	struct packet_sock *po = pkt_sk(sk);
	unsigned long irq = spin_lock_irqsave(&packet_lock);
	hook_locked(po, false);
	list_del(&po->node);
	spin_unlock_irqrestore(&packet_lock, irq);
	irq = spin_lock_irqsave(&po->ring_lock);
	po->ring_dead = true;
	spin_unlock_irqrestore(&po->ring_lock, irq);
	ktimer_cancel_sync(&po->retire);
	dgram_release(sk, &po->rq);
	sock_put(sk);
}

static void packet_destroy(struct sock *sk)
{
	struct packet_sock *po = pkt_sk(sk);
	ring_free(&po->rx);
	ring_free(&po->tx);
	kfree(po);
}

static int no_connect(struct sock *sk, const void *addr, int len, int flags)
{
	return -EOPNOTSUPP;
}

static int no_listen(struct sock *sk, int backlog)
{
	return -EOPNOTSUPP;
}

static int no_shutdown(struct sock *sk, int how)
{
	return -EOPNOTSUPP;
}

static const struct proto_ops packet_ops = {
	.family = AF_PACKET,
	.release = packet_release,
	.destroy = packet_destroy,
	.bind = packet_bind,
	.connect = no_connect,
	.listen = no_listen,
	.getname = packet_getname,
	.poll = packet_poll,
	.ioctl = packet_ioctl,
	.shutdown = no_shutdown,
	.sendmsg = packet_sendmsg,
	.recvmsg = packet_recvmsg,
	.setsockopt = packet_setsockopt,
	.getsockopt = packet_getsockopt,
	.mmap = packet_mmap,
};

/* packet_create: CAP_NET_RAW first, then the type; a protocol hooks the
 * socket at once (on every device). */
static int packet_create(int type, int protocol, struct sock **out)
{
	if (!capable(CAP_NET_RAW))
		return -EPERM;
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT; /* SOCK_PACKET is not built */
	struct packet_sock *po = kzalloc(sizeof(*po));
	if (!po)
		return -ENOMEM;
	sock_init(&po->sk, &packet_ops, type, 0, net_ns_current()); /* sk_protocol stays 0 (SO_PROTOCOL) */
	dgram_queue_init(&po->rq, "packet_read");
	mutex_init(&po->ring_mutex, "packet_ring");
	spin_lock_init(&po->ring_lock, "packet_ring");
	po->num = (u16)protocol;
	unsigned long irq = spin_lock_irqsave(&packet_lock);
	list_add_tail(&po->node, &packet_socks);
	if (po->num)
		hook_locked(po, true);
	spin_unlock_irqrestore(&packet_lock, irq);
	*out = &po->sk;
	return 0;
}

const struct net_family packet_family = {.family = AF_PACKET, .create = packet_create};
