/*
 * uapi/if_packet.h — AF_PACKET's ABI (Linux include/uapi/linux/if_packet.h,
 * if_ether.h, if_arp.h in part): the link-level address, the SOL_PACKET
 * options and the memory-mapped ring's structures (packet(7),
 * Documentation/networking/packet_mmap.rst).
 */
#pragma once

#include <types.h>

#define SOL_PACKET 263

/* Ethernet (if_ether.h): header length and the protocol numbers used here. */
#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_P_802_3 0x0001 /* an 802.3 frame without 802.2 LLC (eth_type_trans) */
#define ETH_P_ALL 0x0003   /* every protocol: a tap */
#define ETH_P_802_2 0x0004 /* an 802.2 frame */
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_802_3_MIN 0x0600 /* a type field below this is a length */

/* struct sockaddr_ll: a device-level address (20 bytes). */
struct sockaddr_ll {
	u16 sll_family;
	u16 sll_protocol; /* network byte order */
	s32 sll_ifindex;
	u16 sll_hatype; /* ARPHRD_* */
	u8 sll_pkttype; /* PACKET_* below */
	u8 sll_halen;
	u8 sll_addr[8];
};
_Static_assert(sizeof(struct sockaddr_ll) == 20, "sockaddr_ll");
#define SLL_ADDR_OFFSET 12 /* offsetof(struct sockaddr_ll, sll_addr) */

/* Packet types (sll_pkttype). */
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING 4

/* SOL_PACKET options. */
#define PACKET_ADD_MEMBERSHIP 1
#define PACKET_DROP_MEMBERSHIP 2
#define PACKET_RX_RING 5
#define PACKET_STATISTICS 6
#define PACKET_AUXDATA 8
#define PACKET_VERSION 10
#define PACKET_HDRLEN 11
#define PACKET_RESERVE 12
#define PACKET_TX_RING 13
#define PACKET_LOSS 14
#define PACKET_IGNORE_OUTGOING 23

struct tpacket_stats {
	u32 tp_packets, tp_drops;
};
struct tpacket_stats_v3 {
	u32 tp_packets, tp_drops, tp_freeze_q_cnt;
};

/* Ring frame and block status words. */
#define TP_STATUS_KERNEL 0
#define TP_STATUS_USER (1u << 0)
#define TP_STATUS_LOSING (1u << 2)
#define TP_STATUS_CSUMNOTREADY (1u << 3)
#define TP_STATUS_BLK_TMO (1u << 5)
#define TP_STATUS_CSUM_VALID (1u << 7)
#define TP_STATUS_AVAILABLE 0
#define TP_STATUS_SEND_REQUEST (1u << 0)
#define TP_STATUS_SENDING (1u << 1)
#define TP_STATUS_WRONG_FORMAT (1u << 2)
#define TP_STATUS_TS_SOFTWARE (1u << 29)

enum tpacket_versions { TPACKET_V1, TPACKET_V2, TPACKET_V3 };

/* The frame headers of each version. */
struct tpacket_hdr {
	u64 tp_status; /* unsigned long */
	u32 tp_len, tp_snaplen;
	u16 tp_mac, tp_net;
	u32 tp_sec, tp_usec;
};
struct tpacket2_hdr {
	u32 tp_status, tp_len, tp_snaplen;
	u16 tp_mac, tp_net;
	u32 tp_sec, tp_nsec;
	u16 tp_vlan_tci, tp_vlan_tpid;
	u8 tp_padding[4];
};
struct tpacket3_hdr {
	u32 tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status;
	u16 tp_mac, tp_net;
	u32 tp_rxhash, tp_vlan_tci; /* struct tpacket_hdr_variant1 */
	u16 tp_vlan_tpid, hv1_padding;
	u8 tp_padding[8];
};
_Static_assert(sizeof(struct tpacket_hdr) == 32 && sizeof(struct tpacket2_hdr) == 32 &&
		       sizeof(struct tpacket3_hdr) == 48,
	       "tpacket headers");

#define TPACKET_ALIGNMENT 16
#define TPACKET_ALIGN(x) (((x) + TPACKET_ALIGNMENT - 1) & ~(TPACKET_ALIGNMENT - 1))
#define TPACKET_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket_hdr)) + sizeof(struct sockaddr_ll))
#define TPACKET2_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket2_hdr)) + sizeof(struct sockaddr_ll))
#define TPACKET3_HDRLEN (TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) + sizeof(struct sockaddr_ll))

/* A TPACKET_V3 block's descriptor (struct tpacket_block_desc with its
 * struct tpacket_hdr_v1): 48 bytes. */
struct tpacket_block_desc {
	u32 version;
	u32 offset_to_priv;
	u32 block_status;
	u32 num_pkts;
	u32 offset_to_first_pkt;
	u32 blk_len;
	u64 seq_num;
	u32 ts_first_sec, ts_first_nsec;
	u32 ts_last_sec, ts_last_nsec;
};
_Static_assert(sizeof(struct tpacket_block_desc) == 48, "tpacket_block_desc");

/* PACKET_RX_RING / PACKET_TX_RING's argument: struct tpacket_req (V1, V2)
 * is the first four words of struct tpacket_req3 (V3). */
struct tpacket_req3 {
	u32 tp_block_size; /* a multiple of the page size */
	u32 tp_block_nr;
	u32 tp_frame_size;
	u32 tp_frame_nr;
	u32 tp_retire_blk_tov; /* ms */
	u32 tp_sizeof_priv;
	u32 tp_feature_req_word;
};
#define TPACKET_REQ_LEN 16 /* sizeof(struct tpacket_req) */
