/*
 * uapi/if.h — the network device ABI (include/uapi/linux/if.h): the name
 * length, the IFF_* flags, and struct ifreq and struct ifconf as the
 * SIOC* ioctls take them on arm64.
 */
#pragma once

#include <types.h>
#include <uapi/in.h>

#define IFF_UP 0x1
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40
#define IFF_LOWER_UP 0x10000 /* rtnetlink's ifi_flags only: the carrier is on */

#define IFNAMSIZ 16

/* struct ifreq: a name and a 24-byte union. */
struct ifreq_user {
	char name[IFNAMSIZ];
	union {
		s16 flags;
		s32 ivalue;
		struct sockaddr_in_user addr;
		struct {
			u16 family; /* ARPHRD_* (SIOCGIFHWADDR's struct sockaddr) */
			u8 data[14];
		} hwaddr;
		u8 pad[24]; /* struct ifmap, all zero for lo (SIOCGIFMAP) */
	};
};
_Static_assert(sizeof(struct ifreq_user) == 40, "struct ifreq on arm64");

/* struct ifconf on arm64: the length, padding, then the buffer's address. */
struct ifconf_user {
	s32 len;
	u32 pad;
	u64 buf;
};
_Static_assert(sizeof(struct ifconf_user) == 16 && offsetof(struct ifconf_user, buf) == 8, "struct ifconf on arm64");
