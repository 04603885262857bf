/* uapi/mount.h — mount(2)'s and umount2(2)'s flags (Linux include/uapi/linux/mount.h;
 * umount2's MNT_* and UMOUNT_* are include/linux/fs.h's, which glibc's <sys/mount.h>
 * repeats). Not to be confused with vfs.h's MNT_NOSUID..., a mount's own flags. */
#pragma once

#define MS_RDONLY 0x1
#define MS_NOSUID 0x2
#define MS_NODEV 0x4
#define MS_NOEXEC 0x8
#define MS_REMOUNT 0x20
#define MS_BIND 0x1000
#define MS_REC 0x4000
#define MS_SILENT 0x8000
#define MS_UNBINDABLE 0x20000 /* the propagation types (Documentation/filesystems/sharedsubtree.rst) */
#define MS_PRIVATE 0x40000
#define MS_SLAVE 0x80000
#define MS_SHARED 0x100000
#define MS_MGC_MSK 0xffff0000u /* the old magic in the high half of the flags */
#define MS_MGC_VAL 0xc0ed0000u

#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8
