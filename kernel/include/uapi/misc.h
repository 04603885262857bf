/* uapi/misc.h — small Linux ABI structures used by several system calls. */
#pragma once

#include <types.h>

struct iovec_user {
	u64 iov_base;
	u64 iov_len;
};
#define UIO_MAXIOV 1024
#define MAX_RW_COUNT (0x7fffffffL & ~4095L) /* INT_MAX & PAGE_MASK: Linux caps each transfer */

struct timespec_user {
	s64 tv_sec;
	s64 tv_nsec;
};

struct timeval_user {
	s64 tv_sec;
	s64 tv_usec;
};

/* struct rusage (getrusage, wait4, waitid) */
struct rusage_user {
	struct timeval_user ru_utime, ru_stime;
	s64 fields[14]; /* maxrss ... nivcsw */
};
_Static_assert(sizeof(struct rusage_user) == 144, "struct rusage on arm64");

struct utsname_user {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

struct rlimit_user {
	u64 rlim_cur;
	u64 rlim_max;
};

struct winsize_user {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* struct termios as TCGETS returns it (asm-generic termbits.h: NCCS 19). */
struct termios_user {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

struct pollfd_user {
	s32 fd;
	s16 events;
	s16 revents;
};
#define POLLIN 0x1
#define POLLPRI 0x2
#define POLLOUT 0x4
#define POLLERR 0x8
#define POLLHUP 0x10
#define POLLNVAL 0x20
#define POLLRDNORM 0x40
#define POLLRDBAND 0x80
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define POLLRDHUP 0x2000

struct stack_t_user {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
};

/* The layouts above as arm64 user space sees them (LP64; Linux's include/uapi). */
_Static_assert(sizeof(struct iovec_user) == 16, "struct iovec");
_Static_assert(sizeof(struct timespec_user) == 16, "struct timespec (64-bit time_t)");
_Static_assert(sizeof(struct timeval_user) == 16, "struct timeval");
_Static_assert(sizeof(struct utsname_user) == 6 * 65, "struct new_utsname");
_Static_assert(sizeof(struct rlimit_user) == 16, "struct rlimit");
_Static_assert(sizeof(struct winsize_user) == 8, "struct winsize");
_Static_assert(sizeof(struct termios_user) == 36 && offsetof(struct termios_user, c_cc) == 17, "struct termios");
_Static_assert(sizeof(struct pollfd_user) == 8 && offsetof(struct pollfd_user, revents) == 6, "struct pollfd");
_Static_assert(sizeof(struct stack_t_user) == 24 && offsetof(struct stack_t_user, ss_size) == 16, "stack_t");
