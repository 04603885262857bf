/* uapi/stat.h — struct stat as the arm64 (asm-generic) fstat/newfstatat return it. */
#pragma once

#include <types.h>

struct kstat {
	u64 st_dev;
	u64 st_ino;
	u32 st_mode;
	u32 st_nlink;
	u32 st_uid;
	u32 st_gid;
	u64 st_rdev;
	u64 __pad1;
	s64 st_size;
	s32 st_blksize;
	s32 __pad2;
	s64 st_blocks;
	s64 st_atime_sec;
	u64 st_atime_nsec;
	s64 st_mtime_sec;
	u64 st_mtime_nsec;
	s64 st_ctime_sec;
	u64 st_ctime_nsec;
	u32 __unused4;
	u32 __unused5;
};
_Static_assert(sizeof(struct kstat) == 128, "asm-generic struct stat is 128 bytes");
