/*
 * uapi/in.h — the IPv4 and IPv6 socket ABI (include/uapi/linux/in.h,
 * in6.h, icmp.h, icmpv6.h, mroute.h): protocol numbers, the special
 * addresses, struct sockaddr_in and struct sockaddr_in6, the IP-level
 * socket options and control messages the stack implements.
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

/* Level IPPROTO_IP (SOL_IP) options, linux/in.h */
#define IP_TOS 1
#define IP_TTL 2
#define IP_HDRINCL 3
#define IP_OPTIONS 4
#define IP_RECVOPTS 6
#define IP_RETOPTS 7
#define IP_PKTINFO 8
#define IP_RECVERR 11
#define IP_RECVTTL 12
#define IP_RECVTOS 13
#define IP_MTU_DISCOVER 10
#define IP_MTU 14
#define IP_FREEBIND 15
#define IP_PASSSEC 18
#define IP_TRANSPARENT 19
#define IP_RECVORIGDSTADDR 20 /* and its cmsg, IP_ORIGDSTADDR */
#define IP_MINTTL 21
#define IP_NODEFRAG 22
#define IP_CHECKSUM 23
#define IP_BIND_ADDRESS_NO_PORT 24
#define IP_RECVFRAGSIZE 25
/* IP_MTU_DISCOVER's values */
#define IP_PMTUDISC_DONT 0
#define IP_PMTUDISC_WANT 1
#define IP_PMTUDISC_DO 2
#define IP_PMTUDISC_PROBE 3
#define IP_PMTUDISC_INTERFACE 4
#define IP_PMTUDISC_OMIT 5
#define MRT_BASE 200 /* multicast routing (linux/mroute.h): MRT_INIT..MRT_FLUSH */
#define MRT_MAX 212

/* IP_PKTINFO's control message (linux/in.h struct in_pktinfo). */
struct in_pktinfo_user {
	s32 ipi_ifindex;
	u32 ipi_spec_dst; /* network order */
	u32 ipi_addr;	  /* network order */
};
_Static_assert(sizeof(struct in_pktinfo_user) == 12, "struct in_pktinfo");

/* Level IPPROTO_IPV6 options, linux/in6.h and ipv6.h */
#define IPV6_ADDRFORM 1	    /* an IPv6 socket connected to a v4-mapped peer becomes IPv4 */
#define IPV6_CHECKSUM 7	    /* also level SOL_RAW */
#define IPV6_2292HOPLIMIT 8 /* RFC 2292's name: the same cmsg type */
#define IPV6_UNICAST_HOPS 16
#define IPV6_RECVERR 25
#define IPV6_MTU 24
#define IPV6_MINHOPCOUNT 73
#define IPV6_RECVORIGDSTADDR 74 /* and its cmsg, IPV6_ORIGDSTADDR */
#define IPV6_V6ONLY 26
#define IPV6_TRANSPARENT 75
#define IPV6_FREEBIND 78
#define IPV6_TCLASS 67
#define IPV6_RECVPKTINFO 49
#define IPV6_PKTINFO 50
#define IPV6_RECVTCLASS 66

/* IPV6_PKTINFO's control message (linux/ipv6.h struct in6_pktinfo). */
struct in6_pktinfo_user {
	u8 ipi6_addr[16];
	s32 ipi6_ifindex;
};
_Static_assert(sizeof(struct in6_pktinfo_user) == 20, "struct in6_pktinfo");
#define IPV6_RECVHOPLIMIT 51
#define IPV6_HOPLIMIT 52

/* Raw ICMP sockets' filters: level SOL_RAW for IPv4 (linux/icmp.h, a u32
 * of blocked types 0..31), IPPROTO_ICMPV6 for IPv6 (linux/icmpv6.h, 256
 * bits, set: blocked). */
#define ICMP_FILTER 1
#define ICMPV6_FILTER 1
