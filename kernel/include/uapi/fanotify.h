/*
 * uapi/fanotify.h — the fanotify ABI (Linux include/uapi/linux/fanotify.h):
 * fanotify_init and fanotify_mark flags, event bits, the record read(2)
 * returns and the response a listener writes to a permission event.
 */
#pragma once

#include <types.h>

/* events (the same bits as inotify's where both have them) */
#define FAN_ACCESS 0x00000001u
#define FAN_MODIFY 0x00000002u
#define FAN_ATTRIB 0x00000004u
#define FAN_CLOSE_WRITE 0x00000008u
#define FAN_CLOSE_NOWRITE 0x00000010u
#define FAN_OPEN 0x00000020u
#define FAN_MOVED_FROM 0x00000040u
#define FAN_MOVED_TO 0x00000080u
#define FAN_CREATE 0x00000100u
#define FAN_DELETE 0x00000200u
#define FAN_DELETE_SELF 0x00000400u
#define FAN_MOVE_SELF 0x00000800u
#define FAN_OPEN_EXEC 0x00001000u
#define FAN_Q_OVERFLOW 0x00004000u
#define FAN_FS_ERROR 0x00008000u
#define FAN_OPEN_PERM 0x00010000u
#define FAN_ACCESS_PERM 0x00020000u
#define FAN_OPEN_EXEC_PERM 0x00040000u
#define FAN_EVENT_ON_CHILD 0x08000000u
#define FAN_RENAME 0x10000000u
#define FAN_ONDIR 0x40000000u

/* Linux's groupings (include/linux/fanotify.h) */
#define FAN_PATH_EVENTS (FAN_ACCESS | FAN_MODIFY | FAN_CLOSE_WRITE | FAN_CLOSE_NOWRITE | FAN_OPEN | FAN_OPEN_EXEC)
#define FAN_INODE_EVENTS                                                                                     \
	(FAN_MOVED_FROM | FAN_MOVED_TO | FAN_CREATE | FAN_DELETE | FAN_RENAME | FAN_ATTRIB | FAN_MOVE_SELF | \
	 FAN_DELETE_SELF)
#define FAN_PERM_EVENTS (FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC_PERM)
#define FAN_EVENT_FLAGS (FAN_EVENT_ON_CHILD | FAN_ONDIR)
#define FAN_OUTGOING_EVENTS \
	(FAN_PATH_EVENTS | FAN_INODE_EVENTS | FAN_FS_ERROR | FAN_PERM_EVENTS | FAN_Q_OVERFLOW | FAN_ONDIR)

/* fanotify_init flags */
#define FAN_CLOEXEC 0x00000001u
#define FAN_NONBLOCK 0x00000002u
#define FAN_CLASS_NOTIF 0x00000000u
#define FAN_CLASS_CONTENT 0x00000004u
#define FAN_CLASS_PRE_CONTENT 0x00000008u
#define FAN_CLASS_BITS 0x0000000cu
#define FAN_UNLIMITED_QUEUE 0x00000010u
#define FAN_UNLIMITED_MARKS 0x00000020u
#define FAN_ENABLE_AUDIT 0x00000040u
#define FAN_REPORT_PIDFD 0x00000080u
#define FAN_REPORT_TID 0x00000100u
#define FAN_REPORT_FID 0x00000200u
#define FAN_REPORT_DIR_FID 0x00000400u
#define FAN_REPORT_NAME 0x00000800u
#define FAN_REPORT_TARGET_FID 0x00001000u
#define FAN_FID_BITS (FAN_REPORT_FID | FAN_REPORT_DIR_FID | FAN_REPORT_NAME | FAN_REPORT_TARGET_FID)
/* what only CAP_SYS_ADMIN may ask (FANOTIFY_ADMIN_INIT_FLAGS) */
#define FAN_ADMIN_INIT_FLAGS (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT | FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS)
#define FAN_INIT_FLAGS                                                                                          \
	(FAN_ADMIN_INIT_FLAGS | FAN_CLOEXEC | FAN_NONBLOCK | FAN_FID_BITS | FAN_REPORT_TID | FAN_REPORT_PIDFD | \
	 FAN_ENABLE_AUDIT)

/* fanotify_mark flags */
#define FAN_MARK_ADD 0x00000001u
#define FAN_MARK_REMOVE 0x00000002u
#define FAN_MARK_DONT_FOLLOW 0x00000004u
#define FAN_MARK_ONLYDIR 0x00000008u
#define FAN_MARK_IGNORED_MASK 0x00000020u
#define FAN_MARK_IGNORED_SURV_MODIFY 0x00000040u
#define FAN_MARK_FLUSH 0x00000080u
#define FAN_MARK_EVICTABLE 0x00000200u
#define FAN_MARK_IGNORE 0x00000400u
#define FAN_MARK_INODE 0x00000000u
#define FAN_MARK_MOUNT 0x00000010u
#define FAN_MARK_FILESYSTEM 0x00000100u
#define FAN_MARK_TYPE_BITS (FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM)
#define FAN_MARK_CMD_BITS (FAN_MARK_ADD | FAN_MARK_REMOVE | FAN_MARK_FLUSH)
#define FAN_MARK_IGNORE_BITS (FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORE)
#define FAN_MARK_FLAGS                                                                                             \
	(FAN_MARK_TYPE_BITS | FAN_MARK_CMD_BITS | FAN_MARK_DONT_FOLLOW | FAN_MARK_ONLYDIR | FAN_MARK_IGNORE_BITS | \
	 FAN_MARK_IGNORED_SURV_MODIFY | FAN_MARK_EVICTABLE)

#define FANOTIFY_METADATA_VERSION 3
#define FAN_NOFD (-1)

struct fanotify_event_metadata_user {
	u32 event_len;
	u8 vers;
	u8 reserved;
	u16 metadata_len;
	u64 mask; /* aligned_u64 */
	s32 fd;
	s32 pid;
};

/* a listener's answer to a permission event, written to the fanotify fd */
struct fanotify_response_user {
	s32 fd;
	u32 response;
};

#define FAN_ALLOW 0x01u
#define FAN_DENY 0x02u
#define FAN_AUDIT 0x10u
#define FAN_INFO 0x20u
