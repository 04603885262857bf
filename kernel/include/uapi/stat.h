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

/* statx: the mask of fields asked for and given (include/uapi/linux/stat.h) */
#define STATX_TYPE 0x1
#define STATX_MODE 0x2
#define STATX_NLINK 0x4
#define STATX_UID 0x8
#define STATX_GID 0x10
#define STATX_ATIME 0x20
#define STATX_MTIME 0x40
#define STATX_CTIME 0x80
#define STATX_INO 0x100
#define STATX_SIZE 0x200
#define STATX_BLOCKS 0x400
#define STATX_BASIC_STATS 0x7ff
#define STATX_BTIME 0x800
#define STATX_ALL 0xfff /* deprecated, as strace still names it */
#define STATX_MNT_ID 0x1000
#define STATX_DIOALIGN 0x2000
#define STATX__RESERVED 0x80000000u

/* struct statx (include/uapi/linux/stat.h), 256 bytes. */
struct statx_user {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, spare0;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct {
		s64 tv_sec;
		u32 tv_nsec;
		s32 reserved;
	} stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 spare3[12];
};
_Static_assert(sizeof(struct statx_user) == 256, "struct statx is 256 bytes");
