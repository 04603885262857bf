/* uapi/mount.h — mount(2)'s and umount2(2)'s flags (Linux include/uapi/linux/mount.h;
 * umount2's MNT_* and UMOUNT_* are include/linux/fs.h's, which glibc's <sys/mount.h>
 * repeats). Not to be confused with vfs.h's MNT_NOSUID..., a mount's own flags. */
#pragma once

#include <types.h>

#define MS_RDONLY 0x1
#define MS_NOSUID 0x2
#define MS_NODEV 0x4
#define MS_NOEXEC 0x8
#define MS_REMOUNT 0x20
#define MS_NOATIME 0x400
#define MS_NODIRATIME 0x800
#define MS_BIND 0x1000
#define MS_MOVE 0x2000
#define MS_REC 0x4000
#define MS_SILENT 0x8000
#define MS_RELATIME 0x200000
#define MS_STRICTATIME 0x1000000
#define MS_ATIME_FLAGS (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)
#define MS_UNBINDABLE 0x20000 /* the propagation types (Documentation/filesystems/sharedsubtree.rst) */
#define MS_PRIVATE 0x40000
#define MS_SLAVE 0x80000
#define MS_SHARED 0x100000
#define MS_MGC_MSK 0xffff0000u /* the old magic in the high half of the flags */
#define MS_MGC_VAL 0xc0ed0000u

/* mount_setattr(2)'s struct mount_attr and its attributes (linux/mount.h) */
struct mount_attr_user {
	u64 attr_set, attr_clr, propagation, userns_fd;
};
_Static_assert(sizeof(struct mount_attr_user) == 32, "struct mount_attr: MOUNT_ATTR_SIZE_VER0");
#define MOUNT_ATTR_SIZE_VER0 32
#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#define MOUNT_ATTR_NODEV 0x4
#define MOUNT_ATTR_NOEXEC 0x8
#define MOUNT_ATTR__ATIME 0x70 /* the atime setting, one of: */
#define MOUNT_ATTR_RELATIME 0x0
#define MOUNT_ATTR_NOATIME 0x10
#define MOUNT_ATTR_STRICTATIME 0x20
#define MOUNT_ATTR_NODIRATIME 0x80
#define MOUNT_ATTR_IDMAP 0x100000
#define MOUNT_ATTR_NOSYMFOLLOW 0x200000

#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8
