/* packet_test.h — shared by the AF_PACKET tests (packet_*.c): the ring
 * structures of <linux/if_packet.h>, which musl's tree lacks (the layouts
 * of packet_mmap.rst), and a few helpers. */
#pragma once
#include "inet_test.h"

#include <netpacket/packet.h>
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif
#define T_ETH_P_ALL 0x0003
#define T_ETH_P_IP 0x0800
#define T_ETH_P_TEST 0x88b5 /* IEEE 802 local experimental ethertype 1 */
#define T_ARPHRD_LOOPBACK 772

enum { T_V1, T_V2, T_V3 };

struct t_req3 {
	uint32_t block_size, block_nr, frame_size, frame_nr;
	uint32_t retire_blk_tov, sizeof_priv, feature_req_word;
};
struct t_hdr1 {
	unsigned long status;
	uint32_t len, snaplen;
	uint16_t mac, net;
	uint32_t sec, usec;
};
struct t_hdr2 {
	uint32_t status, len, snaplen;
	uint16_t mac, net;
	uint32_t sec, nsec;
	uint16_t vlan_tci, vlan_tpid;
	uint8_t padding[4];
};
struct t_hdr3 {
	uint32_t next_offset, sec, nsec, snaplen, len, status;
	uint16_t mac, net;
	uint32_t rxhash, vlan_tci;
	uint16_t vlan_tpid, hv1_padding;
	uint8_t padding[8];
};
struct t_block_desc {
	uint32_t version, offset_to_priv;
	uint32_t block_status, num_pkts, offset_to_first_pkt, blk_len;
	uint64_t seq_num;
	uint32_t first_sec, first_nsec, last_sec, last_nsec;
};
#define T_TP_STATUS_USER 1u
#define T_TP_STATUS_BLK_TMO (1u << 5)

/* The index of "lo". */
static inline int lo_index(void)
{
	return (int)if_nametoindex("lo");
}

static inline struct sockaddr_ll ll_of(int proto, int ifindex)
{
	struct sockaddr_ll a = {.sll_family = AF_PACKET, .sll_protocol = htons(proto), .sll_ifindex = ifindex};
	return a;
}

/* A packet socket of type bound to proto on lo (-1 after saying why). */
static inline int packet_on_lo(int type, int proto)
{
	int s = socket(AF_PACKET, type, htons(proto));
	struct sockaddr_ll a = ll_of(proto, lo_index());
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
		say("packet socket: %s\n", errname(errno));
		return -1;
	}
	return s;
}

/* An Ethernet frame of T_ETH_P_TEST to lo's zero address from src's last
 * byte tag, with n payload bytes counting up from first. */
static inline size_t test_frame(unsigned char *buf, unsigned char tag, size_t n, unsigned char first)
{
	memset(buf, 0, 12);
	buf[11] = tag; /* the source address */
	buf[12] = T_ETH_P_TEST >> 8;
	buf[13] = T_ETH_P_TEST & 0xff;
	for (size_t i = 0; i < n; i++)
		buf[14 + i] = (unsigned char)(first + i);
	return 14 + n;
}

/* The sockaddr_ll a frame came with, in one line. */
static inline void show_ll(const char *label, const struct sockaddr_ll *a, socklen_t len)
{
	say("%s: len=%u family=%u proto=%04x ifindex=%s hatype=%u pkttype=%u halen=%u "
	    "addr=%02x:%02x:%02x:%02x:%02x:%02x\n",
	    label, (unsigned)len, a->sll_family, ntohs(a->sll_protocol), a->sll_ifindex == lo_index() ? "lo" : "other",
	    a->sll_hatype, a->sll_pkttype, a->sll_halen, a->sll_addr[0], a->sll_addr[1], a->sll_addr[2], a->sll_addr[3],
	    a->sll_addr[4], a->sll_addr[5]);
}
