/*
 * uapi/socket.h — the Linux socket ABI on arm64 (include/linux/socket.h,
 * include/uapi/asm-generic/socket.h, include/uapi/linux/un.h,
 * include/linux/net.h): address families, socket types, options, message
 * flags and the user structures sendmsg/recvmsg exchange.
 */
#pragma once

#include <types.h>

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17
#define AF_MAX 46

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_RDM 4
#define SOCK_SEQPACKET 5
#define SOCK_DCCP 6
#define SOCK_PACKET 10
#define SOCK_MAX (SOCK_PACKET + 1)
#define SOCK_TYPE_MASK 0xf
#define SOCK_CLOEXEC 02000000 /* O_CLOEXEC */
#define SOCK_NONBLOCK 04000   /* O_NONBLOCK */

#define SOL_IP 0  /* = IPPROTO_IP: the level of an IP control message */
#define SOL_TCP 6 /* = IPPROTO_TCP: TCP_CM_INQ's level */
#define SOL_SOCKET 1
#define SOL_RAW 255
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_NO_CHECK 11
#define SO_PRIORITY 12
#define SO_LINGER 13
#define SO_BSDCOMPAT 14
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_PEERNAME 28
#define SO_ACCEPTCONN 30
#define SO_MARK 36
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PASSSEC 34
#define SO_BINDTODEVICE 25
#define SO_RXQ_OVFL 40
#define SO_PEEK_OFF 42
#define SO_INCOMING_CPU 49
#define SO_BINDTOIFINDEX 62
#define SO_TIMESTAMP_OLD 29   /* SO_TIMESTAMP for glibc and musl on 64 bits: struct timeval */
#define SO_TIMESTAMPNS_OLD 35 /* struct timespec */
#define SO_TIMESTAMP_NEW 63   /* struct __kernel_sock_timeval: the same layout on 64 bits */
#define SO_TIMESTAMPNS_NEW 64
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_SELECT_ERR_QUEUE 45
#define SO_BUSY_POLL 46
#define SO_INCOMING_NAPI_ID 56
#define SO_COOKIE 57
#define SO_ZEROCOPY 60
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define SO_BUF_LOCK 72

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_ERRQUEUE 0x2000
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_WAITFORONE 0x10000
#define MSG_ZEROCOPY 0x4000000
#define MSG_CMSG_CLOEXEC 0x40000000

/* listen's largest backlog: net.core.somaxconn's default (include/linux/socket.h;
 * glibc's <sys/socket.h> gives programs the same number) */
#define SOMAXCONN 4096

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

/* sockaddr_storage: the largest address any family takes. */
#define SOCKADDR_MAX 128

struct sockaddr_un_user {
	u16 sun_family;
	char sun_path[108];
};
_Static_assert(sizeof(struct sockaddr_un_user) == 110, "struct sockaddr_un");
#define UNIX_PATH_MAX 108

/* struct user_msghdr (include/linux/socket.h), 64-bit layout. */
struct msghdr_user {
	u64 msg_name;
	u32 msg_namelen;
	u32 pad0;
	u64 msg_iov;
	u64 msg_iovlen;
	u64 msg_control;
	u64 msg_controllen;
	u32 msg_flags;
	u32 pad1;
};
_Static_assert(sizeof(struct msghdr_user) == 56, "struct msghdr on arm64");

struct mmsghdr_user {
	struct msghdr_user msg_hdr;
	u32 msg_len;
	u32 pad;
};
_Static_assert(sizeof(struct mmsghdr_user) == 64, "struct mmsghdr on arm64");

struct cmsghdr_user {
	u64 cmsg_len; /* header and data */
	s32 cmsg_level;
	s32 cmsg_type;
};
_Static_assert(sizeof(struct cmsghdr_user) == 16 && offsetof(struct cmsghdr_user, cmsg_level) == 8,
	       "struct cmsghdr on arm64");
#define CMSG_ALIGN_USER(len) (((len) + 7) & ~(u64)7)
#define CMSG_HDR_LEN sizeof(struct cmsghdr_user)

struct ucred_user {
	u32 pid;
	u32 uid;
	u32 gid;
};
_Static_assert(sizeof(struct ucred_user) == 12, "struct ucred");

struct linger_user {
	s32 l_onoff;
	s32 l_linger;
};
_Static_assert(sizeof(struct linger_user) == 8, "struct linger");

/* SCM_MAX_FD (include/net/scm.h): descriptors one SCM_RIGHTS message carries. */
#define SCM_MAX_FD 253
