/* netlink_test.h — shared by the NETLINK_ROUTE tests (netlink_route.c,
 * netlink_getroute.c, netlink_notify.c): the netlink and rtnetlink
 * structures, spelled out because musl's tree has no <linux/netlink.h>
 * or <linux/rtnetlink.h>. Not a test header for everyone: lvtest.h is. */
#pragma once

#ifndef AF_NETLINK
#define AF_NETLINK 16
#endif
#define NETLINK_ROUTE 0

struct nl_addr { /* struct sockaddr_nl */
	unsigned short family, pad;
	unsigned pid, groups;
};
struct nl_hdr { /* struct nlmsghdr */
	unsigned len;
	unsigned short type, flags;
	unsigned seq, pid;
};
struct if_info { /* struct ifinfomsg */
	unsigned char family, pad;
	unsigned short type;
	int index;
	unsigned flags, change;
};
struct ifa_msg { /* struct ifaddrmsg */
	unsigned char family, prefixlen, flags, scope;
	unsigned index;
};
struct rt_msg { /* struct rtmsg */
	unsigned char family, dst_len, src_len, tos, table, protocol, scope, type;
	unsigned flags;
};
struct rt_attr { /* struct rtattr */
	unsigned short len, type;
};
