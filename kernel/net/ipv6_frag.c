/*
 * ipv6_frag.c — IPv6 fragmentation and reassembly (RFC 8200 4.5; Linux
 * net/ipv6/ip6_output.c ip6_fragment, net/ipv6/reassembly.c).
 *
 * Sending: a packet larger than the device's MTU (only a UDP datagram can
 * be: TCP's segments fit its MSS) is cut after its 40-byte header into
 * pieces of the MTU less 48 bytes, rounded down to 8; each travels with a
 * copy of the header (next header 44) and an 8-byte fragment header (the
 * original next header, the piece's offset, the more-fragments bit and an
 * identification shared by the pieces). The transport checksum is filled
 * before cutting, since no piece holds the whole.
 *
 * Receiving: pieces wait in a queue per (source, destination,
 * identification) holding a 64 KiB buffer and a bitmap of the 8-byte units
 * received; the packet goes to ip_deliver when the last piece said how
 * long it is and every byte before that came. A piece that overlaps one
 * already received discards the whole packet (RFC 5722), as does one past
 * the end the last piece gave; a piece other than the last must be a
 * multiple of 8 bytes long. A fragment header with offset 0 and no more
 * fragments (an atomic fragment, RFC 6946) is delivered at once. A queue
 * older than 60 seconds (net.ipv6.ip6frag_time) is dropped when the next
 * fragment arrives; at most FRAG_QUEUES_MAX wait at once (past that a new
 * packet's pieces are dropped, as Linux's ip6frag_high_thresh bounds them
 * in memory). /proc/net/snmp6 counts as Linux does: FragOKs and
 * FragCreates, ReasmReqds per piece, ReasmOKs, ReasmFails, ReasmTimeout.
 * Not done: the ICMPv6 errors Linux sends for a bad piece or a timed-out
 * queue (no ICMPv6 here).
 *
 * frag_lock protects the queue list and every queue; nothing else is
 * taken inside it but the allocator.
 */
#include "inet.h"

#include <kmalloc.h>
#include <spinlock.h>
#include <string.h>
#include <time.h>
#include <uapi/errno.h>

#define FRAG_HDR_LEN 8
#define REASM_MAX 65535			    /* the largest payload an IPv6 header describes */
#define FRAG_TIME_NS (60ULL * NSEC_PER_SEC) /* net.ipv6.ip6frag_time */
#define FRAG_QUEUES_MAX 16
#define IP6_MF 1 /* more fragments */

struct frag_hdr {
	u8 nexthdr, reserved;
	u16 frag_off; /* offset (a multiple of 8) | IP6_MF, network order */
	u32 id;	      /* network order */
};
_Static_assert(sizeof(struct frag_hdr) == FRAG_HDR_LEN, "IPv6 fragment header");

struct frag_queue {
	struct list_head node;	  /* in frag_queues */
	const struct net_ns *net; /* the pieces' namespace (compared only: ip6frag_init's per-net queues) */
	struct inet_addr src, dst;
	u32 id;
	u8 proto;		     /* the first piece's next header */
	size_t total;		     /* the payload's length, once the last piece came; 0 before */
	size_t have;		     /* bytes received */
	size_t max_end;		     /* the furthest byte a piece reached */
	u64 expires;		     /* monotonic ns */
	struct pkt *p;		     /* the payload being rebuilt, REASM_MAX bytes */
	u8 seen[REASM_MAX / 64 + 1]; /* a bit per 8-byte unit received */
};

static struct spinlock frag_lock = SPINLOCK_INIT("ipv6_frag");
static struct list_head frag_queues = LIST_HEAD_INIT(frag_queues); /* [frag_lock] */
static int nr_queues;						   /* [frag_lock] */
static u32 next_frag_id;					   /* atomic */

int ipv6_fragment(struct pkt *p, struct netdev *dev)
{
	struct ipv6hdr h;
	memcpy(&h, p->data, sizeof(h));
	size_t payload = p->len - IPV6_HDR_LEN;
	size_t chunk = (dev->mtu - IPV6_HDR_LEN - FRAG_HDR_LEN) & ~(size_t)7;
	u32 id = __atomic_add_fetch(&next_frag_id, 1, __ATOMIC_RELAXED);
	int err = 0;
	for (size_t off = 0; off < payload; off += chunk) {
		size_t n = MIN(chunk, payload - off);
		struct pkt *f = pkt_alloc(IPV6_HDR_LEN + FRAG_HDR_LEN + n);
		if (!f) {
			err = -ENOBUFS;
			break;
		}
		struct ipv6hdr fh = h;
		fh.payload_len = net16((u16)(FRAG_HDR_LEN + n));
		fh.nexthdr = NEXTHDR_FRAGMENT;
		struct frag_hdr fr = {.nexthdr = h.nexthdr,
				      .frag_off = net16((u16)(off | (off + n < payload ? IP6_MF : 0))),
				      .id = net32(id)};
		memcpy(f->data, &fh, sizeof(fh));
		memcpy(f->data + IPV6_HDR_LEN, &fr, sizeof(fr));
		memcpy(f->data + IPV6_HDR_LEN + FRAG_HDR_LEN, p->data + IPV6_HDR_LEN + off, n);
		dev->xmit(dev, f);
		net_mib_inc(MIB_IP6_FRAGCREATES);
	}
	if (!err)
		net_mib_inc(MIB_IP6_FRAGOKS);
	kfree(p);
	return err;
}

static void queue_free(struct frag_queue *q) /* [frag_lock], q off the list */
{
	kfree(q->p);
	kfree(q);
}

/* Discards q's packet (ReasmFails). [frag_lock] */
static void queue_drop(struct frag_queue *q)
{
	net_mib_inc(MIB_IP6_REASMFAILS);
	list_del(&q->node);
	nr_queues--;
	queue_free(q);
}

/* The queue of (net, src, dst, id), made if missing; NULL when too many
 * wait or memory is short. Expired queues go first. [frag_lock] */
static struct frag_queue *queue_find(const struct net_ns *net, struct inet_addr src, struct inet_addr dst, u32 id)
{
	u64 now = time_since_boot_ns();
	struct frag_queue *q, *tmp, *found = NULL;
	list_for_each_entry_safe(q, tmp, &frag_queues, node) {
		if (q->expires <= now) {
			net_mib_inc(MIB_IP6_REASMTIMEOUT);
			queue_drop(q);
		} else if (q->id == id && q->net == net && inet_addr_eq(q->src, src) && inet_addr_eq(q->dst, dst))
			found = q;
	}
	if (found || nr_queues >= FRAG_QUEUES_MAX)
		return found;
	q = kzalloc(sizeof(*q));
	if (!q)
		return NULL;
	q->p = pkt_alloc(REASM_MAX);
	if (!q->p) {
		kfree(q);
		return NULL;
	}
	q->net = net;
	q->src = src;
	q->dst = dst;
	q->id = id;
	q->expires = now + FRAG_TIME_NS;
	list_add_tail(&q->node, &frag_queues);
	nr_queues++;
	return q;
}

/* Marks the units of [off, off + n) received: false if one already was. */
static bool mark_units(struct frag_queue *q, size_t off, size_t n)
{
	size_t first = off / 8, end = (off + n + 7) / 8;
	for (size_t u = first; u < end; u++) {
		if (q->seen[u / 8] & (1u << (u % 8)))
			return false;
	}
	for (size_t u = first; u < end; u++)
		q->seen[u / 8] |= (u8)(1u << (u % 8));
	return true;
}

/* Adds a piece to q: its packet when that is now whole (q is then freed),
 * else NULL; a piece that breaks the rules discards q. [frag_lock] */
static struct pkt *queue_add(struct frag_queue *q, const struct frag_hdr *fr, const u8 *data, size_t n)
{
	size_t off = net16(fr->frag_off) & ~(size_t)7;
	bool more = net16(fr->frag_off) & IP6_MF;
	size_t end = off + n;
	bool bad = (q->total && end > q->total) || (!more && q->total && end != q->total) ||
		   (!more && end < q->max_end) || !mark_units(q, off, n);
	if (bad) {
		queue_drop(q);
		return NULL;
	}
	if (!more)
		q->total = end;
	if (off == 0)
		q->proto = fr->nexthdr;
	memcpy(q->p->data + off, data, n);
	q->have += n;
	q->max_end = MAX(q->max_end, end);
	if (!q->total || q->have != q->total)
		return NULL;
	struct pkt *whole = q->p;
	whole->len = q->total;
	q->p = NULL;
	list_del(&q->node);
	nr_queues--;
	return whole;
}

void ipv6_frag_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst)
{
	struct frag_hdr fr;
	net_mib_inc(MIB_IP6_REASMREQDS); /* every piece, atomic ones too */
	if (p->len < FRAG_HDR_LEN)
		goto hdr_error;
	memcpy(&fr, p->data, sizeof(fr));
	size_t off = net16(fr.frag_off) & ~(size_t)7;
	bool more = net16(fr.frag_off) & IP6_MF;
	size_t n = p->len - FRAG_HDR_LEN;
	if (off == 0 && !more) { /* an atomic fragment: nothing to wait for */
		net_mib_inc(MIB_IP6_REASMOKS);
		p->data += FRAG_HDR_LEN;
		p->len = n;
		ip_deliver(p, fr.nexthdr, src, dst);
		return;
	}
	if ((more && (n == 0 || n % 8)) || off + n > REASM_MAX)
		goto hdr_error; /* Linux also answers with ICMPv6 parameter problem */
	unsigned long irq = spin_lock_irqsave(&frag_lock);
	struct frag_queue *q = queue_find(p->dev->net, src, dst, net32(fr.id));
	struct pkt *whole = q ? queue_add(q, &fr, p->data + FRAG_HDR_LEN, n) : NULL;
	u8 proto = q && whole ? q->proto : 0;
	if (whole)
		queue_free(q);
	spin_unlock_irqrestore(&frag_lock, irq);
	if (whole) {
		net_mib_inc(MIB_IP6_REASMOKS);
		whole->dev = p->dev; /* the checksum is checked again: csum_valid stays false */
		whole->hop_limit = p->hop_limit;
		whole->rx_tos = p->rx_tos;
		ip_deliver(whole, proto, src, dst);
	}
	kfree(p);
	return;
hdr_error:
	net_mib_inc(MIB_IP6_INHDRERRORS);
	kfree(p);
}
