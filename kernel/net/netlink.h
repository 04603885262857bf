/*
 * netlink.h — AF_NETLINK's two halves: netlink.c (the sockets, their port
 * ids, the receive queues, messages between sockets) and rtnetlink.c
 * (NETLINK_ROUTE's kernel side, which answers each request with messages
 * queued back on the socket that sent it). netlink(7), rtnetlink(7);
 * Linux include/uapi/linux/netlink.h and rtnetlink.h for the layouts.
 */
#pragma once

#include <list.h>
#include <net.h>
#include <uapi/netlink.h>
#include <uapi/rtnetlink.h>

/* A datagram on a netlink socket's receive queue (Linux's skb): len bytes
 * of messages (cap allocated) from port id portid (0: the kernel), sent to
 * the multicast groups in groups (0: unicast). */
struct nl_dgram {
	struct list_head node;
	u32 portid;
	u32 groups;
	bool next_part; /* a dump's datagram whose reading brings its next one */
	size_t len, cap;
	u8 data[];
};
/* An empty datagram with room for cap bytes, or NULL. */
struct nl_dgram *nl_dgram_alloc(size_t cap);

/* Queues d, a reply from the kernel, on sk (a netlink socket) and wakes its
 * readers; consumes d. A full receive buffer drops it and leaves ENOBUFS
 * for the next read (netlink_overrun). */
void netlink_reply(struct sock *sk, struct nl_dgram *d);

/* netlink_dump_start's check: -EBUSY while a dump of sk's is running (its
 * messages not all read), else 0 and one is. netlink_dump_send hands over
 * its n datagrams (the last one NLMSG_DONE): the first is queued, each next
 * one when a reader takes the one before (netlink_recvmsg's netlink_dump),
 * and the dump ends when the last is queued. */
int __must_check netlink_dump_begin(struct sock *sk);
void netlink_dump_send(struct sock *sk, struct nl_dgram **d, int n);

/* netlink_broadcast from the kernel (port 0) to the sockets of net in group
 * (1..32); consumes d. Receivers without room miss it. No spinlock held. */
void netlink_broadcast_kernel(struct net_ns *net, struct nl_dgram *d, u32 group);

/* rtnetlink.c: the RTM_NEWADDR or RTM_DELADDR notification (inet_ifa's
 * rtmsg_ifa, ipv6_ifa_notify) for lo's IPv4 address or its ::1, multicast
 * to RTNLGRP_IPV4_IFADDR or RTNLGRP_IPV6_IFADDR. No spinlock held. */
void rtnl_addr_notify(struct net_ns *net, bool v6, bool added);

/* NETLINK_ROUTE's input (Linux's rtnetlink_rcv and netlink_rcv_skb): every
 * message in data (len bytes) that sk, with port id portid, sent to the
 * kernel. Answers go to netlink_reply(sk); cap_ack is NETLINK_CAP_ACK. */
void rtnetlink_rcv(struct sock *sk, u32 portid, bool cap_ack, const u8 *data, size_t len);
