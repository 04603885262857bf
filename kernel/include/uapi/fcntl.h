/* uapi/fcntl.h — open flags and file-type bits (asm-generic/fcntl.h, arm64 values). */
#pragma once

#include <types.h>

#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define O_ASYNC 00020000     /* FASYNC */
#define O_DIRECTORY 00040000 /* arm64 differs from asm-generic here */
#define O_NOFOLLOW 00100000
#define O_DIRECT 00200000
#define O_LARGEFILE 00400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_PATH 010000000
#define __FMODE_NONOTIFY \
	0x4000000 /* not an open flag: what F_GETFL shows of a fanotify reader's file (FMODE_NONOTIFY) */
#define __O_SYNC 04000000
#define O_SYNC (__O_SYNC | O_DSYNC)
#define __O_TMPFILE 020000000
#define O_TMPFILE (__O_TMPFILE | O_DIRECTORY)

/* the *at() calls' dirfd and flags (include/uapi/linux/fcntl.h) */
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS 0x200   /* faccessat: check with the effective ids */
#define AT_REMOVEDIR 0x200 /* unlinkat: the same bit */
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000
#define AT_STATX_SYNC_TYPE 0x6000 /* statx: how to sync with a remote file system */
#define AT_STATX_SYNC_AS_STAT 0x0000
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC 0x4000
#define AT_RECURSIVE 0x8000

/* access, faccessat: the mode (glibc's <unistd.h>; Linux's MAY_* bits, include/linux/fs.h) */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000
#define S_IRUSR 00400 /* the owner's permission bits (include/uapi/linux/stat.h) */
#define S_IWUSR 00200
#define S_IXUSR 00100

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8 /* the owner that gets SIGIO (fs/fown.c) */
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_SETOWN_EX 15
#define F_GETOWN_EX 16
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
/* struct flock's l_type, F_SETLEASE's argument (asm-generic/fcntl.h) */
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define F_SETLEASE 1024 /* F_LINUX_SPECIFIC_BASE + n: include/uapi/linux/fcntl.h */
#define F_GETLEASE 1025
#define F_NOTIFY 1026
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define FD_CLOEXEC 1

/* struct f_owner_ex's type (include/uapi/asm-generic/fcntl.h) */
#define F_OWNER_TID 0
#define F_OWNER_PID 1
#define F_OWNER_PGRP 2

/* F_ADD_SEALS's seals (include/uapi/linux/fcntl.h) */
#define F_SEAL_SEAL 0x1u
#define F_SEAL_SHRINK 0x2u
#define F_SEAL_GROW 0x4u
#define F_SEAL_WRITE 0x8u
#define F_SEAL_FUTURE_WRITE 0x10u

/* lseek: whence (include/uapi/linux/fs.h) */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* splice, tee and vmsplice flags (Linux include/linux/splice.h; glibc's <fcntl.h>) */
#define SPLICE_F_MOVE 0x01
#define SPLICE_F_NONBLOCK 0x02
#define SPLICE_F_MORE 0x04
#define SPLICE_F_GIFT 0x08
#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

/* struct flock of the arm64 ABI (include/uapi/asm-generic/fcntl.h; off_t is 64-bit). */
struct user_flock {
	s16 l_type;
	s16 l_whence;
	s64 l_start;
	s64 l_len;
	s32 l_pid;
	s32 pad;
};
_Static_assert(sizeof(struct user_flock) == 32 && offsetof(struct user_flock, l_start) == 8 &&
		       offsetof(struct user_flock, l_pid) == 24,
	       "struct flock on arm64");

/* F_GETOWN_EX/F_SETOWN_EX's argument (include/uapi/asm-generic/fcntl.h) */
struct f_owner_ex_user {
	int type;
	int pid;
};
_Static_assert(sizeof(struct f_owner_ex_user) == 8, "struct f_owner_ex");

/* posix_fadvise advice (include/uapi/linux/fadvise.h) */
#define POSIX_FADV_NORMAL 0
#define POSIX_FADV_RANDOM 1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED 3
#define POSIX_FADV_DONTNEED 4
#define POSIX_FADV_NOREUSE 5

/* pidfd_open's flag (include/uapi/linux/pidfd.h) */
#define PIDFD_NONBLOCK O_NONBLOCK
