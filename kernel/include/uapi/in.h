/*
 * uapi/in.h — the IPv4 and IPv6 socket ABI (include/uapi/linux/in.h,
 * in6.h): protocol numbers, the special addresses, struct sockaddr_in and
 * struct sockaddr_in6, IPV6_V6ONLY.
 */
#pragma once

#include <types.h>

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define INADDR_ANY 0u
#define INADDR_LOOPBACK 0x7f000001u /* host order */
#define INADDR_BROADCAST 0xffffffffu

struct sockaddr_in_user {
	u16 sin_family;
	u16 sin_port; /* network order */
	u32 sin_addr; /* network order */
	u8 sin_zero[8];
};
_Static_assert(sizeof(struct sockaddr_in_user) == 16, "struct sockaddr_in");

struct sockaddr_in6_user {
	u16 sin6_family;
	u16 sin6_port; /* network order */
	u32 sin6_flowinfo;
	u8 sin6_addr[16];
	u32 sin6_scope_id;
};
_Static_assert(sizeof(struct sockaddr_in6_user) == 28, "struct sockaddr_in6");
#define SIN6_LEN_RFC2133 24 /* a sockaddr_in6 without sin6_scope_id */
#define IPV6_V6ONLY 26
