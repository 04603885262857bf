/* uapi/errqueue.h — the socket error queue's control message (Linux
 * include/uapi/linux/errqueue.h): what recvmsg(MSG_ERRQUEUE) gives at
 * level SOL_IP (IP_RECVERR) or SOL_IPV6 (IPV6_RECVERR), followed by the
 * offender's address. */
#pragma once

#include <types.h>

struct sock_extended_err_user {
	u32 ee_errno; /* a positive errno */
	u8 ee_origin; /* SO_EE_ORIGIN_* */
	u8 ee_type;   /* the ICMP message's type */
	u8 ee_code;   /* and code */
	u8 ee_pad;
	u32 ee_info; /* the MTU of "fragmentation needed", the pointer of "parameter problem" */
	u32 ee_data;
};
_Static_assert(sizeof(struct sock_extended_err_user) == 16, "struct sock_extended_err");

#define SO_EE_ORIGIN_NONE 0
#define SO_EE_ORIGIN_LOCAL 1
#define SO_EE_ORIGIN_ICMP 2
#define SO_EE_ORIGIN_ICMP6 3
#define SO_EE_ORIGIN_ZEROCOPY 5

#define SO_EE_CODE_ZEROCOPY_COPIED 1 /* ee_code of a MSG_ZEROCOPY completion whose data was copied */
