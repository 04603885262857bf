/*
 * uapi/rtnetlink.h — the NETLINK_ROUTE ABI (include/uapi/linux/rtnetlink.h,
 * if_link.h, if_addr.h, if_arp.h): message types, struct rtmsg, ifinfomsg,
 * ifaddrmsg, rtattr and ifa_cacheinfo, and the attribute and value numbers
 * rtnetlink.c uses.
 */
#pragma once

#include <types.h>

#define RTM_BASE 16
#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define RTM_SETLINK 19
#define RTM_NEWADDR 20
#define RTM_DELADDR 21
#define RTM_GETADDR 22
#define RTM_NEWROUTE 24
#define RTM_GETROUTE 26
#define RTM_MAX 123 /* ((__RTM_MAX + 3) & ~3) - 1 in Linux 6.1 */

#define ARPHRD_LOOPBACK 772
#define IF_OPER_UNKNOWN 0
#define IF_OPER_DOWN 2

enum {
	IFLA_ADDRESS = 1,
	IFLA_BROADCAST = 2,
	IFLA_IFNAME = 3,
	IFLA_MTU = 4,
	IFLA_QDISC = 6,
	IFLA_STATS = 7,
	IFLA_TXQLEN = 13,
	IFLA_OPERSTATE = 16,
	IFLA_LINKMODE = 17,
	IFLA_STATS64 = 23,
	IFLA_GROUP = 27,
	IFLA_PROMISCUITY = 30,
	IFLA_NUM_TX_QUEUES = 31,
	IFLA_NUM_RX_QUEUES = 32,
	IFLA_CARRIER = 33,
	IFLA_MIN_MTU = 50,
	IFLA_MAX_MTU = 51,
};
enum {
	IFA_ADDRESS = 1,
	IFA_LOCAL = 2,
	IFA_LABEL = 3,
	IFA_CACHEINFO = 6,
	IFA_FLAGS = 8,
	IFA_PROTO = 11,
};
#define IFA_F_PERMANENT 0x80
#define IFAPROT_KERNEL_LO 1 /* ifa_proto of the address lo is given (Linux 6.1 addrconf's add_addr) */
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_LINK 253
#define RT_SCOPE_HOST 254
enum {
	RTA_DST = 1,
	RTA_SRC = 2,
	RTA_IIF = 3,
	RTA_OIF = 4,
	RTA_PRIORITY = 6,
	RTA_PREFSRC = 7,
	RTA_CACHEINFO = 12,
	RTA_TABLE = 15,
	RTA_PREF = 20,
	RTA_UID = 25,
};
#define RTM_F_CLONED 0x200	  /* a route-lookup answer (rt_fill_info) */
#define RTCF_BROADCAST 0x10000000 /* rt_flags, which rt_fill_info shows above bit 16 */
#define RTCF_LOCAL 0x80000000
#define RT_TABLE_MAIN 254 /* where a lookup finds local routes too (the tables are merged) */
#define RT_TABLE_LOCAL 255
#define RTPROT_KERNEL 2 /* a route the kernel made for an address */
#define RTN_LOCAL 2
#define RTN_BROADCAST 3
#define RTA_CACHEINFO_SIZE 32 /* struct rta_cacheinfo: 8 u32, all 0 in a dump of fib entries */

struct rtmsg_k {
	u8 family, dst_len, src_len, tos, table, protocol, scope, type;
	u32 flags;
};

struct ifinfomsg_k {
	u8 family, pad;
	u16 type;
	s32 index;
	u32 flags, change;
};
struct ifaddrmsg_k {
	u8 family, prefixlen, flags, scope;
	u32 index;
};
struct rtattr_k {
	u16 len, type;
};
struct ifa_cacheinfo_k {
	u32 prefered, valid, cstamp, tstamp;
};
_Static_assert(sizeof(struct rtmsg_k) == 12 && sizeof(struct ifinfomsg_k) == 16 && sizeof(struct ifaddrmsg_k) == 8 &&
		       sizeof(struct rtattr_k) == 4 && sizeof(struct ifa_cacheinfo_k) == 16,
	       "rtnetlink's structures");
