/*
 * ipv4.c — IPv4 output and input (RFC 791; Linux net/ipv4/ip_output.c,
 * ip_input.c): a 20-byte header without options, the Internet checksum
 * (RFC 1071), TTL 64, an identification counter, no fragmentation (a
 * datagram must fit the device's MTU: the loopback's is 64 KiB, more than
 * any UDP datagram). Input checks version, header length, total length and
 * checksum, drops what is not addressed to us, and hands the payload to
 * its protocol (UDP or TCP; others are dropped, as an ICMP protocol
 * unreachable would need ICMP).
 */
#include "inet.h"

#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>

#define IP_DEFAULT_TTL 64 /* net.ipv4.ip_default_ttl */
#define IP_DF 0x4000

struct iphdr {
	u8 version_ihl;
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;
	u8 ttl;
	u8 protocol;
	u16 check;
	u32 saddr;
	u32 daddr;
};
_Static_assert(sizeof(struct iphdr) == IP_HDR_LEN, "IPv4 header");

static u16 next_ip_id; /* atomic */

/* Folds a one's-complement accumulator to 16 bits (end-around carries). */
static u32 fold16(u64 acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u32)acc;
}

/* RFC 1071: the one's-complement sum of 16-bit words, folded and inverted;
 * sum starts the addition (a pseudo-header's partial sum, in big-endian
 * words). The data is summed 8 bytes at a time in the CPU's own (little-
 * endian) order: RFC 1071's byte-order independence says that sum is the
 * big-endian one with its two bytes swapped, so the pseudo-header's sum is
 * swapped in and the inverted result is already in network order. */
u16 inet_checksum(const void *data, size_t len, u32 sum)
{
	const u8 *b = data;
	u64 acc = 0;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		u64 w;
		memcpy(&w, b + i, sizeof(w));
		acc += (w & 0xffffffff) + (w >> 32);
	}
	for (; i + 1 < len; i += 2) {
		u16 w;
		memcpy(&w, b + i, sizeof(w));
		acc += w;
	}
	if (len & 1)
		acc += b[len - 1]; /* the odd byte is a word's high byte: the low one swapped */
	acc = fold16(acc) + net16((u16)fold16(sum));
	return (u16)~fold16(acc);
}

int ip_output(struct pkt *p, u32 src, u32 dst, u8 proto)
{
	int err = ip_queue_xmit(p, src, dst, proto);
	net_rx_run();
	return err;
}

int ip_queue_xmit(struct pkt *p, u32 src, u32 dst, u8 proto)
{
	u32 route_src;
	struct netdev *dev;
	int err = netdev_route(dst, &route_src, &dev);
	if (err) {
		kfree(p);
		return err;
	}
	if (p->len > dev->mtu) {
		kfree(p);
		return -EMSGSIZE;
	}
	struct iphdr h = {
		.version_ihl = 0x45,
		.tot_len = net16((u16)p->len),
		.id = net16(__atomic_fetch_add(&next_ip_id, 1, __ATOMIC_RELAXED)),
		.frag_off = net16(IP_DF), /* Linux sets DF on UDP when path MTU discovery is on */
		.ttl = IP_DEFAULT_TTL,
		.protocol = proto,
		.saddr = net32(src),
		.daddr = net32(dst),
	};
	h.check = inet_checksum(&h, sizeof(h), 0);
	memcpy(p->data, &h, sizeof(h));
	dev->xmit(dev, p);
	return 0;
}

void ip_rcv(struct pkt *p)
{
	struct iphdr h;
	if (p->len < IP_HDR_LEN)
		goto drop;
	memcpy(&h, p->data, sizeof(h));
	size_t hlen = (size_t)(h.version_ihl & 0xf) * 4, total = net16(h.tot_len);
	if ((h.version_ihl >> 4) != 4 || hlen < IP_HDR_LEN || total < hlen || total > p->len)
		goto drop;
	if (inet_checksum(p->data, hlen, 0) != 0)
		goto drop; /* a correct header sums to zero */
	u32 src = net32(h.saddr), dst = net32(h.daddr);
	if (!netdev_is_local(dst))
		goto drop; /* not ours, and we do not forward */
	p->data += hlen;
	p->len = total - hlen;
	if (h.protocol == IPPROTO_UDP) {
		udp_rcv(p, src, dst);
		return;
	}
	if (h.protocol == IPPROTO_TCP) {
		tcp_rcv(p, src, dst);
		return;
	}
drop:
	kfree(p);
}
