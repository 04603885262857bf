/*
 * mqueue.h — POSIX message queues (kernel/ipc/mqueue.c, Linux ipc/mqueue.c):
 * the mqueue file system instance mount(2) attaches, and the limits
 * /proc/sys/fs/mqueue shows.
 */
#pragma once

#include <types.h>

struct super_block;

/* At boot, after files_init: the initial IPC namespace's instance and its kernel mount. */
void mqueue_init(void);
/* The instance "mount -t mqueue" attaches: the caller's IPC namespace's
 * (Linux's mq_mnt of the ns), or NULL if mqueue_init failed. */
struct super_block *mqueue_sb(void);

/* /proc/sys/fs/mqueue/NAME (Linux ipc/mq_sysctl.c), one a file. */
enum mqueue_limit { MQ_QUEUES_MAX, MQ_MSG_MAX, MQ_MSGSIZE_MAX, MQ_MSG_DEFAULT, MQ_MSGSIZE_DEFAULT, MQ_NR_LIMITS };
int mqueue_sysctl_get(enum mqueue_limit which);
/* A write: 0, or -EINVAL for text that is no number or out of the file's range. */
int __attribute__((warn_unused_result)) mqueue_sysctl_set(enum mqueue_limit which, const char *text, size_t len);
