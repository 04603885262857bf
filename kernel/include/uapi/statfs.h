/* uapi/statfs.h — struct statfs as statfs(2) and fstatfs(2) return it on
 * arm64 (Linux include/uapi/asm-generic/statfs.h) and its f_flags (ST_*,
 * include/linux/statfs.h). */
#pragma once

#include <types.h>

/* struct statfs as arm64 (asm-generic, 64-bit) returns it: 120 bytes. */
struct statfs_user {
	s64 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	s64 f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs_user) == 120, "struct statfs is 120 bytes");

#define ST_RDONLY 0x1
#define ST_NOSUID 0x2
#define ST_NODEV 0x4
#define ST_NOEXEC 0x8
#define ST_VALID 0x20
#define ST_NOATIME 0x400
#define ST_NODIRATIME 0x800
#define ST_RELATIME 0x1000
