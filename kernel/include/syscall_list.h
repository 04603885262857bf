/*
 * syscall_list.h — every implemented system call, one line each. Included
 * by syscall.h (declarations) and syscall/table.c (the table) with
 * different definitions of SYSCALL(name). No include guard: by design.
 */
/* files and I/O (syscall/sys_io.c) */
SYSCALL(read)
SYSCALL(write)
SYSCALL(readv)
SYSCALL(writev)
SYSCALL(pread64)
SYSCALL(openat)
SYSCALL(close)
SYSCALL(fstat)
SYSCALL(newfstatat)
SYSCALL(lseek)
SYSCALL(ioctl)
SYSCALL(ppoll)
SYSCALL(readlinkat)
SYSCALL(dup)
SYSCALL(dup3)
SYSCALL(fcntl)
/* processes (syscall/sys_proc.c) */
SYSCALL(exit)
SYSCALL(exit_group)
SYSCALL(getpid)
SYSCALL(getppid)
SYSCALL(gettid)
SYSCALL(getuid)
SYSCALL(geteuid)
SYSCALL(getgid)
SYSCALL(getegid)
SYSCALL(uname)
SYSCALL(set_tid_address)
SYSCALL(set_robust_list)
SYSCALL(prlimit64)
SYSCALL(getrlimit)
SYSCALL(setrlimit)
SYSCALL(sched_getaffinity)
SYSCALL(sched_yield)
/* memory (syscall/sys_mm.c) */
SYSCALL(brk)
SYSCALL(mmap)
SYSCALL(munmap)
SYSCALL(mprotect)
SYSCALL(madvise)
/* time (syscall/sys_time.c) */
SYSCALL(clock_gettime)
SYSCALL(clock_getres)
SYSCALL(gettimeofday)
SYSCALL(nanosleep)
SYSCALL(clock_nanosleep)
/* signals (syscall/sys_signal.c) */
SYSCALL(rt_sigaction)
SYSCALL(rt_sigprocmask)
SYSCALL(sigaltstack)
/* misc */
SYSCALL(getrandom)
