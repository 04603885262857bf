/* uapi/misc.h — small Linux ABI structures used by several system calls. */
#pragma once

#include <types.h>
#include <uapi/termbits.h>

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

/* getitimer/setitimer's struct itimerval (include/uapi/linux/time.h) */
struct itimerval_user {
	struct timeval_user it_interval, it_value;
};
_Static_assert(sizeof(struct itimerval_user) == 32, "struct itimerval on arm64");

/* struct __kernel_timex (adjtimex, clock_adjtime; include/uapi/linux/timex.h) */
struct timex_user {
	u32 modes; /* ADJ_* */
	u32 pad0;
	s64 offset, freq, maxerror, esterror;
	s32 status; /* STA_* */
	u32 pad1;
	s64 constant, precision, tolerance;
	struct timeval_user time; /* tv_usec holds nanoseconds under STA_NANO or ADJ_NANO */
	s64 tick, ppsfreq, jitter;
	s32 shift;
	u32 pad2;
	s64 stabil, jitcnt, calcnt, errcnt, stbcnt;
	s32 tai;
	u32 pad3[11];
};
_Static_assert(sizeof(struct timex_user) == 208 && offsetof(struct timex_user, tai) == 160, "struct timex");

/* timex.modes and timex.status bits, and adjtimex's results */
#define ADJ_OFFSET 0x0001
#define ADJ_FREQUENCY 0x0002
#define ADJ_MAXERROR 0x0004
#define ADJ_ESTERROR 0x0008
#define ADJ_STATUS 0x0010
#define ADJ_TIMECONST 0x0020
#define ADJ_TAI 0x0080
#define ADJ_SETOFFSET 0x0100
#define ADJ_MICRO 0x1000
#define ADJ_NANO 0x2000
#define ADJ_TICK 0x4000
#define ADJ_ADJTIME 0x8000	     /* kernel's name; adjtime(3) sends ADJ_OFFSET_SINGLESHOT */
#define ADJ_OFFSET_SINGLESHOT 0x0001 /* with ADJ_ADJTIME */
#define ADJ_OFFSET_READONLY 0x2000   /* with ADJ_ADJTIME */
#define STA_PLL 0x0001
#define STA_PPSFREQ 0x0002
#define STA_PPSTIME 0x0004
#define STA_FLL 0x0008
#define STA_INS 0x0010
#define STA_DEL 0x0020
#define STA_UNSYNC 0x0040
#define STA_FREQHOLD 0x0080
#define STA_PPSSIGNAL 0x0100
#define STA_PPSJITTER 0x0200
#define STA_PPSWANDER 0x0400
#define STA_PPSERROR 0x0800
#define STA_CLOCKERR 0x1000
#define STA_NANO 0x2000
#define STA_MODE 0x4000
#define STA_CLK 0x8000
#define TIME_OK 0
#define TIME_INS 1  /* a leap second will be inserted at the end of the UTC day */
#define TIME_DEL 2  /* one will be deleted */
#define TIME_OOP 3  /* the leap second is in progress */
#define TIME_WAIT 4 /* it has occurred */
#define TIME_ERROR 5

/* struct rusage (getrusage, wait4, waitid) */
struct rusage_user {
	struct timeval_user ru_utime, ru_stime;
	s64 fields[14]; /* maxrss ... nivcsw, in the order below */
};
#define RU_MAXRSS 0
#define RU_MINFLT 4
#define RU_NVCSW 12
#define RU_NIVCSW 13
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

/* struct termios as TCGETS returns it (asm-generic termbits.h); its bits are in uapi/termbits.h. */
struct termios_user {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

/* struct termio (asm-generic/termios.h), TCGETA's and TCSETA's: termios's
 * flags cut to 16 bits and the first NCC control characters. */
#define NCC 8
struct termio_user {
	u16 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCC];
};
#define TERMIO_BYTES 17 /* what Linux copies: the fields, not the tail padding */

struct pollfd_user {
	s32 fd;
	s16 events;
	s16 revents;
};
/* poll(2) events (include/uapi/asm-generic/poll.h) */
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
#define POLLMSG 0x400
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
