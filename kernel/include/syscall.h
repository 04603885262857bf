/*
 * syscall.h — system-call entry points and how they are declared.
 *
 * Each handler is written as SYSCALL_DEFINEn(name, type1, arg1, ...): that
 * makes a typed function do_sys_name(...) and the table entry sys_name(frame)
 * that takes the arguments from x0..x5. Handlers return a value or a negative
 * errno, which lands in x0. The table (syscall/table.c) is indexed by the
 * number in x8; a number without a handler returns -ENOSYS and is logged
 * once per process.
 */
#pragma once

#include <arch.h>
#include <types.h>
#include <uaccess.h>
#include <uapi/unistd.h>

typedef long (*syscall_fn)(const struct trap_frame *frame);

extern const syscall_fn syscall_table[NR_SYSCALLS];
extern const char *const syscall_names[NR_SYSCALLS];

void syscall_dispatch(struct trap_frame *f);

/*
 * Decoding of user-ABI arguments that entry points in several layers share
 * (syscall/sys_time.c).
 */
/* A struct timespec from user memory as nanoseconds (saturating): 0,
 * -EFAULT, or -EINVAL unless 0 <= tv_nsec < 1e9 and tv_sec >= 0. */
int timespec_from_user(uaddr_t uts, u64 *ns);
/* A relative timeout (struct timespec) from user memory as a wait
 * deadline: NULL is ~0 (none), a zero timespec 0 (look once). 0 or the
 * error of timespec_from_user. */
int time_deadline_from_user(uaddr_t uts, u64 *deadline);
/* A struct itimerspec from user memory (interval, value), each checked as
 * timespec_from_user does: 0, -EFAULT or -EINVAL; and back. */
int itimerspec_from_user(uaddr_t uits, u64 *interval_ns, u64 *value_ns);
/* struct rusage to user memory (getrusage, wait4, waitid): the times, and
 * the counts (ru_maxrss from pages to KiB); the fields LevitateOS does not
 * count (ru_majflt: nothing is read from a device; the I/O and IPC counts)
 * are 0. 0 or -EFAULT. */
struct rusage_counts;
int rusage_to_user(uaddr_t uru, u64 utime_ns, u64 stime_ns, const struct rusage_counts *counts);
int itimerspec_to_user(uaddr_t uits, u64 interval_ns, u64 value_ns);
/* clock_gettime's reading of any clock id, CPU-time clocks included:
 * 0 or -EINVAL. */
int clock_read_ns(int clock, u64 *ns);
/* syscall/sys_misc.c, for mmap's MAP_LOCKED (mm/mlock.c can_do_mlock,
 * mm/mmap.c mlock_future_check): may the caller lock memory at all
 * (RLIMIT_MEMLOCK not 0, or CAP_IPC_LOCK); 0, or -EAGAIN when a mapping of
 * len bytes with vflags (or the mm's def_flags) locked would pass the limit. */
struct mm;
bool mlock_can_do(void);
int mlock_future_check(struct mm *mm, unsigned vflags, size_t len);
/* madvise(2)'s checks and work on mm (the caller's, or process_madvise's
 * target): 0 or -errno (syscall/sys_mm.c). */
long madvise_mm(struct mm *mm, uaddr_t uaddr, size_t len, int advice);

/* iovec_from_user (lib/iov_iter.c, syscall/sys_io.c): the iovec array of
 * nr entries at uvec (the caller checks nr against UIO_MAXIOV) into a
 * kmalloc'd *out (NULL for none), a negative length anywhere EINVAL; 0 or
 * -errno (nothing to free). import_iovec, for the caller's own buffers:
 * then a segment outside user space is EFAULT and the total is capped at
 * MAX_RW_COUNT by shortening the segments; the total, or -errno. */
struct iovec_user;
long iovecs_from_user(uaddr_t uvec, u64 nr, struct iovec_user **out);
long import_iovec(uaddr_t uvec, u64 nr, struct iovec_user **out);
/* syscall/sys_io.c, for readv/writev and native AIO (fs/aio.c): whether f
 * may be read or written (positioned: pread-like, ESPIPE without
 * positions), in Linux's order: 0, -ESPIPE, -EBADF or -EINVAL; and the
 * transfer of an imported iovec array, one segment after another through
 * the file's ops, at the file position or (at != NULL) from *at, moving
 * *at; what it moved, or the error of the first segment. */
struct file;
long rw_allowed(const struct file *f, bool write, bool positioned);
long rw_iovec(struct file *f, const struct iovec_user *iov, u64 nr, bool write, u64 *at);
/* net/sys_socket.c, for io_uring's socket requests (fs/io_uring.c): accept4,
 * connect, send/recv (sendto/recvfrom without an address) and
 * sendmsg/recvmsg on an open file, ENOTSOCK for another; nonblock or
 * MSG_DONTWAIT never waits (-EAGAIN; connect -EINPROGRESS); and a
 * socket's pending error (SO_ERROR). */
long sock_file_accept(struct file *f, uaddr_t uaddr, uaddr_t ulen, int flags, bool nonblock);
long sock_file_connect(struct file *f, uaddr_t uaddr, int len, bool nonblock);
long sock_file_error(struct file *f);
long sock_file_send(struct file *f, uaddr_t buf, size_t len, int flags, bool recv);
long sock_file_sendmsg(struct file *f, uaddr_t umsg, int flags, bool recv);
/* syscall/sys_io.c, for io_uring's OPENAT and STATX: openat(2) and
 * statx(2) themselves. */
long openat_call(int dirfd, uaddr_t upath, int flags, u32 mode);
long statx_call(int dirfd, uaddr_t upath, int flags, u32 mask, uaddr_t ubuf);
/* syscall/sys_proc.c, for ioprio_set and native AIO's IOCB_FLAG_IOPRIO:
 * may the caller use this I/O priority (Linux ioprio_check_cap)? 0,
 * -EINVAL (no such class or level) or -EPERM (the RT class unprivileged). */
int ioprio_check(int ioprio);

/* syscall/sys_mount.c, for the file-system context calls (sys_fsmount.c):
 * a new file system of type (ENODEV: none such) with its options (tmpfs,
 * cgroup2; NULL: none) applied and, when made anew, read-only if ro;
 * check_mnt (is m in the caller's mount namespace?); attr_flags_to_mnt_flags
 * (MOUNT_ATTR_* but the atime setting to MNT_* flags: -EINVAL for an
 * unknown bit, IDMAP to clear, or one not built to set, logged once). */
struct super_block;
struct vfsmount;
long mount_create_sb(const char *type, const char *options, bool ro, struct super_block **out);
bool mount_fs_type_known(const char *name); /* get_fs_type: one mount_create_sb makes */
bool mount_in_caller_ns(struct vfsmount *m);
long mount_attr_flags(u64 attr, bool clear, unsigned *out);

/*
 * Argument i of the frame as type t: a uaddr_t is built with uaddr_from, any
 * other type is a cast. Both branches of __builtin_choose_expr must compile,
 * so the cast's type is u64 (unused) when t is uaddr_t, since a cast to a
 * struct is an error.
 */
#define SC_IS_UADDR(t) __builtin_types_compatible_p(t, uaddr_t)
#define SC_SCALAR(t) __typeof__(__builtin_choose_expr(SC_IS_UADDR(t), (u64)0, (t){0}))
#define SC_ARG(t, i)                                                                    \
	__builtin_choose_expr(SC_IS_UADDR(t), uaddr_from(arch_syscall_arg(__frame, i)), \
			      (SC_SCALAR(t))arch_syscall_arg(__frame, i))

#define SYSCALL_DEFINE0(name) long sys_##name(const struct trap_frame *__frame)

#define SYSCALL_DEFINE1(name, t1, a1)                     \
	static long do_sys_##name(t1 a1);                 \
	long sys_##name(const struct trap_frame *__frame) \
	{                                                 \
		return do_sys_##name(SC_ARG(t1, 0));      \
	}                                                 \
	static long do_sys_##name(t1 a1)

#define SYSCALL_DEFINE2(name, t1, a1, t2, a2)                       \
	static long do_sys_##name(t1 a1, t2 a2);                    \
	long sys_##name(const struct trap_frame *__frame)           \
	{                                                           \
		return do_sys_##name(SC_ARG(t1, 0), SC_ARG(t2, 1)); \
	}                                                           \
	static long do_sys_##name(t1 a1, t2 a2)

#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3)                              \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3);                            \
	long sys_##name(const struct trap_frame *__frame)                          \
	{                                                                          \
		return do_sys_##name(SC_ARG(t1, 0), SC_ARG(t2, 1), SC_ARG(t3, 2)); \
	}                                                                          \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3)

#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)                                     \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4);                                    \
	long sys_##name(const struct trap_frame *__frame)                                         \
	{                                                                                         \
		return do_sys_##name(SC_ARG(t1, 0), SC_ARG(t2, 1), SC_ARG(t3, 2), SC_ARG(t4, 3)); \
	}                                                                                         \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)

#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                                            \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);                                            \
	long sys_##name(const struct trap_frame *__frame)                                                        \
	{                                                                                                        \
		return do_sys_##name(SC_ARG(t1, 0), SC_ARG(t2, 1), SC_ARG(t3, 2), SC_ARG(t4, 3), SC_ARG(t5, 4)); \
	}                                                                                                        \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)                                   \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6);                                    \
	long sys_##name(const struct trap_frame *__frame)                                                       \
	{                                                                                                       \
		return do_sys_##name(SC_ARG(t1, 0), SC_ARG(t2, 1), SC_ARG(t3, 2), SC_ARG(t4, 3), SC_ARG(t5, 4), \
				     SC_ARG(t6, 5));                                                            \
	}                                                                                                       \
	static long do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* Declarations of every handler: one line each in syscall_list.h. */
#define SYSCALL(name) long sys_##name(const struct trap_frame *frame);
#include <syscall_list.h>
#undef SYSCALL
