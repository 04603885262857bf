/* uapi/mqueue.h — POSIX message queues' struct mq_attr and the cookie size
 * of SIGEV_THREAD notification (Linux include/uapi/linux/mqueue.h). */
#pragma once

#include <types.h>

#define NOTIFY_COOKIE_LEN 32 /* include/uapi/linux/mqueue.h */
#define NOTIFY_WOKENUP 1     /* the cookie's last byte: a message came */
#define NOTIFY_REMOVED 2     /* ... the registration went */

/* struct mq_attr (include/uapi/linux/mqueue.h): 64 bytes. */
struct mq_attr_user {
	s64 mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
	s64 reserved[4];
};
_Static_assert(sizeof(struct mq_attr_user) == 64, "struct mq_attr");
