/* uapi/eventpoll.h — epoll_create1's flag, epoll_ctl's operations, the event
 * bits and struct epoll_event (Linux include/uapi/linux/eventpoll.h). */
#pragma once

#include <types.h>
#include <uapi/fcntl.h>

#define EPOLL_CLOEXEC O_CLOEXEC
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

#define EPOLLIN 0x00000001u
#define EPOLLPRI 0x00000002u
#define EPOLLOUT 0x00000004u
#define EPOLLERR 0x00000008u
#define EPOLLHUP 0x00000010u
#define EPOLLRDNORM 0x00000040u
#define EPOLLRDBAND 0x00000080u
#define EPOLLWRNORM 0x00000100u
#define EPOLLWRBAND 0x00000200u
#define EPOLLRDHUP 0x00002000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)

/* struct epoll_event on arm64: not packed, so 16 bytes. */
struct epoll_event_user {
	u32 events;
	u32 pad;
	u64 data;
};
_Static_assert(sizeof(struct epoll_event_user) == 16, "epoll_event layout");
