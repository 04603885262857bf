/*
 * uapi/netlink.h — the netlink ABI (include/uapi/linux/netlink.h and the
 * RTNLGRP_* groups of include/uapi/linux/rtnetlink.h): the address, the
 * message header and its flags, the SOL_NETLINK options.
 */
#pragma once

#include <types.h>

/* struct sockaddr_nl */
struct sockaddr_nl_k {
	u16 family, pad;
	u32 pid, groups;
};
_Static_assert(sizeof(struct sockaddr_nl_k) == 12, "struct sockaddr_nl");

#define SOL_NETLINK 270
#define NETLINK_ROUTE 0
#define NETLINK_ADD_MEMBERSHIP 1
#define NETLINK_DROP_MEMBERSHIP 2
#define NETLINK_CAP_ACK 10
#define NETLINK_EXT_ACK 11
#define NETLINK_ROUTE_GROUPS 36 /* RTNLGRP_MAX of Linux 6.1: groups 1..36 */
#define RTNLGRP_IPV4_IFADDR 5
#define RTNLGRP_IPV6_IFADDR 9

/* struct nlmsghdr: every message starts with one, and starts 4-aligned. */
struct nl_msghdr {
	u32 len; /* header included */
	u16 type, flags;
	u32 seq, pid;
};
_Static_assert(sizeof(struct nl_msghdr) == 16, "struct nlmsghdr");
#define NLMSG_ALIGN(n) (((n) + 3u) & ~3u)
#define NLMSG_HDRLEN ((u32)sizeof(struct nl_msghdr))

#define NLM_F_REQUEST 0x1
#define NLM_F_MULTI 0x2
#define NLM_F_ACK 0x4
#define NLM_F_DUMP 0x300    /* NLM_F_ROOT | NLM_F_MATCH: either asks for a dump */
#define NLM_F_REPLACE 0x100 /* the same bits, for a NEW request */
#define NLM_F_EXCL 0x200
#define NLM_F_CREATE 0x400
#define NLM_F_CAPPED 0x100 /* an ack without the request's payload */

#define NLMSG_NOOP 1
#define NLMSG_ERROR 2
#define NLMSG_DONE 3
#define NLMSG_MIN_TYPE 0x10 /* types below are netlink's own, never a request */
