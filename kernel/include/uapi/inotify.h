/*
 * uapi/inotify.h — the inotify ABI (Linux include/uapi/linux/inotify.h):
 * event bits, add_watch flags and the record read(2) returns.
 */
#pragma once

#include <types.h>

#define IN_ACCESS 0x00000001u	     /* file was read */
#define IN_MODIFY 0x00000002u	     /* file was written */
#define IN_ATTRIB 0x00000004u	     /* metadata changed */
#define IN_CLOSE_WRITE 0x00000008u   /* a writable file was closed */
#define IN_CLOSE_NOWRITE 0x00000010u /* an unwritable file was closed */
#define IN_OPEN 0x00000020u	     /* file was opened */
#define IN_MOVED_FROM 0x00000040u    /* a name left the watched directory */
#define IN_MOVED_TO 0x00000080u	     /* a name came into the watched directory */
#define IN_CREATE 0x00000100u	     /* a name was made in the watched directory */
#define IN_DELETE 0x00000200u	     /* a name was removed from the watched directory */
#define IN_DELETE_SELF 0x00000400u   /* the watched inode was deleted */
#define IN_MOVE_SELF 0x00000800u     /* the watched inode was moved */
#define IN_ALL_EVENTS 0x00000fffu

#define IN_UNMOUNT 0x00002000u	  /* the file system was unmounted */
#define IN_Q_OVERFLOW 0x00004000u /* events were lost */
#define IN_IGNORED 0x00008000u	  /* the watch went away */

#define IN_ONLYDIR 0x01000000u	   /* add_watch: only if a directory */
#define IN_DONT_FOLLOW 0x02000000u /* add_watch: do not follow a final symbolic link */
#define IN_EXCL_UNLINK 0x04000000u /* no events through open files of unlinked names */
#define IN_MASK_CREATE 0x10000000u /* add_watch: EEXIST if a watch exists */
#define IN_MASK_ADD 0x20000000u	   /* add_watch: add to an existing watch's mask */
#define IN_ISDIR 0x40000000u	   /* the event's subject is a directory */
#define IN_ONESHOT 0x80000000u	   /* the watch goes after its first event */

/* fs/notify/inotify/inotify_user.c: what add_watch accepts. */
#define IN_ALL_BITS                                                                                               \
	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | \
	 IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)

#define IN_CLOEXEC 02000000 /* O_CLOEXEC */
#define IN_NONBLOCK 04000   /* O_NONBLOCK */

/* What read(2) gives, followed by len bytes of NUL-padded name. */
struct inotify_event_user {
	s32 wd;
	u32 mask;
	u32 cookie;
	u32 len;
};
_Static_assert(sizeof(struct inotify_event_user) == 16, "struct inotify_event without its name");
