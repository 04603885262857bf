/*
 * strace_table.c — what each system call's arguments are, and the driver
 * that prints a call from that description.
 *
 * One line per call: S(name, result kind, argument kinds...). The kinds
 * say how to show a register: a file descriptor, a path, a buffer whose
 * length is the next argument, open flags, a struct stat written by the
 * call... A kind marked "out" is written by the kernel, so it is shown at
 * the exit (and as a bare pointer when the call failed), and so is every
 * argument after it: "read(3, " is known at entry, "\"root:x\"..., 4096)
 * = 52" at exit — strace's split too, which is what an interleaved
 * "<unfinished ...>" / "<... read resumed>" pair shows.
 *
 * To decode a new system call, add its line below (any order; the array is
 * indexed by number). tests/unit/test_strace.c fails while a call listed in
 * syscall_list.h has no line here. A call without a line is shown with its
 * name from names.c and six raw hex arguments. A kind that needs a new
 * decoder: add it to enum arg_kind, say in is_out() whether the kernel
 * writes it, and print it in print_arg() (structures go in strace_struct.c,
 * named values in strace_flags.c).
 */
#include <strace_decode.h>

#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/futex.h>
#include <uapi/ioctls.h>
#include <uapi/prctl.h>
#include <uapi/sched.h>
#include <uapi/unistd.h>

enum arg_kind {
	A_END,
	A_INT,	  /* int, decimal */
	A_LONG,	  /* long, decimal */
	A_ULONG,  /* size_t, unsigned decimal */
	A_UINT,	  /* unsigned int, decimal */
	A_HEX,	  /* %#lx */
	A_PTR,	  /* an address: NULL or 0x... */
	A_FD,	  /* int file descriptor */
	A_DIRFD,  /* AT_FDCWD or a descriptor */
	A_PATH,	  /* NUL-terminated path, whole */
	A_STR,	  /* NUL-terminated string, cut at 32 bytes */
	A_BUF_IN, /* bytes, as many as the next argument */
	A_OCTAL,  /* a mode: 0644 */
	A_OPEN_FLAGS,
	A_OPEN_MODE, /* shown only when the previous argument has O_CREAT or O_TMPFILE */
	A_O_FLAGS,   /* O_CLOEXEC|O_NONBLOCK (dup3, pipe2), 0 */
	A_AT_FLAGS,
	A_STATX_FLAGS,
	A_STATX_MASK,
	A_ACCESS_MODE,
	A_WHENCE,
	A_IOCTL_REQ,
	A_FCNTL_CMD,
	A_FCNTL_ARG, /* depends on the command before it; absent for the F_GET* ones */
	A_PROT,
	A_MAP_FLAGS,
	A_MADVISE,
	A_MSYNC_FLAGS,
	A_MREMAP_FLAGS,
	A_CLOCK,
	A_TIMER_FLAGS,
	A_RLIMIT_RES,
	A_PRCTL_OP,
	A_SIGHOW,
	A_WAIT_OPTIONS,
	A_RANDOM_FLAGS,
	A_RUSAGE_WHO,
	A_SIGNAL,
	A_SIGSET,
	A_SIGACTION,
	A_STACK,
	A_TIMESPEC,
	A_RLIMIT,
	A_IOV_IN,    /* iovec array, as many as the next argument */
	A_POLLFDS,   /* pollfd array, as many as the next argument */
	A_CPUSET_IN, /* CPU mask, as many bytes as the previous argument */
	A_ARGV,
	A_ENVP,
	A_CLONE_ARGS, /* clone3: struct clone_args, size in the next argument */
	A_CLONE,      /* clone: child_stack= and flags= (its first two arguments) */
	A_FUTEX_OP,
	A_FUTEX_ARG4, /* the futex arguments after val: which ones exist depends on op */
	A_FUTEX_UADDR2,
	A_FUTEX_VAL3,
	A_RESUMING,    /* restart_syscall: args[0] holds the number of the call it resumes */
	A_MREMAP_ADDR, /* mremap's new address: only with MREMAP_FIXED */
	/* written by the kernel: shown at exit */
	A_OUT_FIRST,
	A_BUF_OUT = A_OUT_FIRST, /* bytes, as many as the result */
	A_BUF_OUT_HEX,		 /* the same, every byte in hex (getrandom) */
	A_PATH_OUT,		 /* readlinkat: a path of the result's length */
	A_STR_OUT,		 /* getcwd: a NUL-terminated string */
	A_STAT_OUT,
	A_STATX_OUT,
	A_SIGSET_OUT,
	A_SIGACTION_OUT,
	A_STACK_OUT,
	A_TIMESPEC_OUT,
	A_TIMEVAL_OUT,
	A_RLIMIT_OUT,
	A_UNAME_OUT,
	A_PIPE_OUT,
	A_INT_OUT,
	A_IOV_OUT,    /* iovec array filled up to the result */
	A_CPUSET_OUT, /* as many bytes as the result */
	A_DIRENTS_OUT,
	A_WSTATUS_OUT,
	A_SIGRETURN,  /* rt_sigreturn: args[0] holds the mask it restored */
	A_IOCTL_ARG,  /* by request: an int ([5]), a winsize, or the address */
	A_REMAIN_OUT, /* a sleep's remaining time: written only when a signal cut it short */
	A_PRCTL_ARG,  /* prctl's arguments 2..5: which exist and what they are depends on the option */
	A_SYSINFO_OUT,
	A_SIGINFO_OUT,
	A_MINCORE_OUT, /* one byte per page of the length before it */
	A_TMS_OUT,
	A_RUSAGE_OUT,
	A_CLONE_REST, /* clone: parent_tid=[N], tls=, child_tidptr= as the flags ask */
};

enum ret_kind {
	R_DEC,	       /* a number, fd or count */
	R_HEX,	       /* an address (brk, mmap, mremap) */
	R_OCTAL,       /* umask */
	R_NONE,	       /* never returns: "= ?" */
	R_FCNTL,       /* by command: F_GETFL "0x8002 (flags O_RDWR|O_LARGEFILE)", else a number */
	R_POLL,	       /* a count, then " (Timeout)" or the ready descriptors */
	R_PRCTL,       /* PR_GET_DUMPABLE: "1 (SUID_DUMP_USER)", else a number */
	R_PERSONALITY, /* "0 (PER_LINUX)", else hex */
	R_SIGNAL,      /* a signal number: "12 (SIGUSR2)" */
};

struct strace_syscall {
	const char *name;
	u8 ret;
	u8 args[6];
};

#define S(sysname, retkind, ...) [__NR_##sysname] = {.name = #sysname, .ret = (retkind), .args = {__VA_ARGS__}},

static const struct strace_syscall
	syscalls
		[NR_SYSCALLS] =
			{
				/* one line per call, as written */
				/* clang-format off */
	/* files and I/O */
	S(getitimer, R_DEC, A_INT, A_PTR)
	S(setitimer, R_DEC, A_INT, A_PTR, A_PTR)
	S(timer_create, R_DEC, A_CLOCK, A_PTR, A_PTR)
	S(timer_settime, R_DEC, A_INT, A_TIMER_FLAGS, A_PTR, A_PTR)
	S(timer_gettime, R_DEC, A_INT, A_PTR)
	S(timer_getoverrun, R_DEC, A_INT)
	S(timer_delete, R_DEC, A_INT)
	S(get_robust_list, R_DEC, A_INT, A_PTR, A_PTR)
	S(fadvise64, R_DEC, A_FD, A_LONG, A_LONG, A_INT)
	S(sync_file_range, R_DEC, A_FD, A_LONG, A_LONG, A_UINT)
	S(shmget, R_DEC, A_INT, A_ULONG, A_OCTAL)
	S(shmat, R_HEX, A_INT, A_PTR, A_HEX)
	S(shmdt, R_DEC, A_PTR)
	S(shmctl, R_DEC, A_INT, A_INT, A_PTR)
	S(msgget, R_DEC, A_INT, A_OCTAL)
	S(msgsnd, R_DEC, A_INT, A_PTR, A_ULONG, A_HEX)
	S(msgrcv, R_DEC, A_INT, A_PTR, A_ULONG, A_LONG, A_HEX)
	S(msgctl, R_DEC, A_INT, A_INT, A_PTR)
	S(semget, R_DEC, A_INT, A_INT, A_OCTAL)
	S(semop, R_DEC, A_INT, A_PTR, A_ULONG)
	S(semtimedop, R_DEC, A_INT, A_PTR, A_ULONG, A_TIMESPEC)
	S(semctl, R_DEC, A_INT, A_INT, A_INT, A_HEX)
	S(mq_open, R_DEC, A_PATH, A_OPEN_FLAGS, A_OCTAL, A_PTR)
	S(mq_unlink, R_DEC, A_PATH)
	S(mq_timedsend, R_DEC, A_FD, A_PTR, A_ULONG, A_UINT, A_TIMESPEC)
	S(mq_timedreceive, R_DEC, A_FD, A_PTR, A_ULONG, A_PTR, A_TIMESPEC)
	S(mq_notify, R_DEC, A_FD, A_PTR)
	S(mq_getsetattr, R_DEC, A_FD, A_PTR, A_PTR)
	S(mlock, R_DEC, A_PTR, A_ULONG)
	S(mlock2, R_DEC, A_PTR, A_ULONG, A_HEX)
	S(munlock, R_DEC, A_PTR, A_ULONG)
	S(mlockall, R_DEC, A_HEX)
	S(munlockall, R_DEC)
	S(kcmp, R_DEC, A_INT, A_INT, A_INT, A_ULONG, A_ULONG)
	S(add_key, R_DEC, A_STR, A_STR, A_PTR, A_ULONG, A_INT)
	S(request_key, R_DEC, A_STR, A_STR, A_STR, A_INT)
	S(keyctl, R_DEC, A_INT, A_HEX, A_HEX, A_HEX, A_HEX)
	S(unshare, R_DEC, A_HEX)
	S(setns, R_DEC, A_FD, A_HEX)
	S(ioprio_get, R_DEC, A_INT, A_INT)
	S(ioprio_set, R_DEC, A_INT, A_INT, A_HEX)
	S(readahead, R_DEC, A_FD, A_LONG, A_ULONG)
	S(process_vm_readv, R_DEC, A_INT, A_PTR, A_ULONG, A_PTR, A_ULONG, A_ULONG)
	S(process_vm_writev, R_DEC, A_INT, A_PTR, A_ULONG, A_PTR, A_ULONG, A_ULONG)
	S(process_madvise, R_DEC, A_FD, A_PTR, A_ULONG, A_MADVISE, A_UINT)
	S(process_mrelease, R_DEC, A_FD, A_UINT)
	S(ptrace, R_DEC, A_LONG, A_INT, A_PTR, A_PTR)
	S(sched_setscheduler, R_DEC, A_INT, A_INT, A_PTR)
	S(sched_getscheduler, R_DEC, A_INT)
	S(sched_setparam, R_DEC, A_INT, A_PTR)
	S(sched_getparam, R_DEC, A_INT, A_PTR)
	S(sched_get_priority_max, R_DEC, A_INT)
	S(sched_get_priority_min, R_DEC, A_INT)
	S(sched_rr_get_interval, R_DEC, A_INT, A_PTR)
	S(sched_setattr, R_DEC, A_INT, A_PTR, A_UINT)
	S(sched_getattr, R_DEC, A_INT, A_PTR, A_UINT, A_UINT)
	S(timerfd_create, R_DEC, A_CLOCK, A_O_FLAGS)
	S(timerfd_settime, R_DEC, A_FD, A_INT, A_PTR, A_PTR)
	S(timerfd_gettime, R_DEC, A_FD, A_PTR)
	S(read, R_DEC, A_FD, A_BUF_OUT, A_ULONG)
	S(write, R_DEC, A_FD, A_BUF_IN, A_ULONG)
	S(readv, R_DEC, A_FD, A_IOV_OUT, A_UINT)
	S(writev, R_DEC, A_FD, A_IOV_IN, A_UINT)
	S(pread64, R_DEC, A_FD, A_BUF_OUT, A_ULONG, A_LONG)
	S(pwrite64, R_DEC, A_FD, A_BUF_IN, A_ULONG, A_LONG)
	S(openat, R_DEC, A_DIRFD, A_PATH, A_OPEN_FLAGS, A_OPEN_MODE)
	S(close, R_DEC, A_FD)
	S(fstat, R_DEC, A_FD, A_STAT_OUT)
	S(newfstatat, R_DEC, A_DIRFD, A_PATH, A_STAT_OUT, A_AT_FLAGS)
	S(lseek, R_DEC, A_FD, A_LONG, A_WHENCE)
	S(ioctl, R_DEC, A_FD, A_IOCTL_REQ, A_IOCTL_ARG)
	S(ppoll, R_POLL, A_POLLFDS, A_ULONG, A_TIMESPEC, A_SIGSET, A_ULONG)
	S(readlinkat, R_DEC, A_DIRFD, A_PATH, A_PATH_OUT, A_ULONG)
	S(dup, R_DEC, A_FD)
	S(dup3, R_DEC, A_FD, A_FD, A_O_FLAGS)
	S(fcntl, R_FCNTL, A_FD, A_FCNTL_CMD, A_FCNTL_ARG)
	S(pipe2, R_DEC, A_PIPE_OUT, A_O_FLAGS)
	/* sockets: addresses and messages shown as pointers (no decoder yet) */
	S(socket, R_DEC, A_INT, A_HEX, A_INT)
	S(socketpair, R_DEC, A_INT, A_HEX, A_INT, A_PTR)
	S(bind, R_DEC, A_FD, A_PTR, A_INT)
	S(listen, R_DEC, A_FD, A_INT)
	S(accept, R_DEC, A_FD, A_PTR, A_PTR)
	S(accept4, R_DEC, A_FD, A_PTR, A_PTR, A_HEX)
	S(connect, R_DEC, A_FD, A_PTR, A_INT)
	S(getsockname, R_DEC, A_FD, A_PTR, A_PTR)
	S(getpeername, R_DEC, A_FD, A_PTR, A_PTR)
	S(sendto, R_DEC, A_FD, A_BUF_IN, A_ULONG, A_HEX, A_PTR, A_INT)
	S(recvfrom, R_DEC, A_FD, A_BUF_OUT, A_ULONG, A_HEX, A_PTR, A_PTR)
	S(sendmsg, R_DEC, A_FD, A_PTR, A_HEX)
	S(recvmsg, R_DEC, A_FD, A_PTR, A_HEX)
	S(sendmmsg, R_DEC, A_FD, A_PTR, A_UINT, A_HEX)
	S(recvmmsg, R_DEC, A_FD, A_PTR, A_UINT, A_HEX, A_PTR)
	S(shutdown, R_DEC, A_FD, A_INT)
	S(setsockopt, R_DEC, A_FD, A_INT, A_INT, A_PTR, A_INT)
	S(getsockopt, R_DEC, A_FD, A_INT, A_INT, A_PTR, A_PTR)
	S(getdents64, R_DEC, A_FD, A_DIRENTS_OUT, A_ULONG)
	S(statx, R_DEC, A_DIRFD, A_PATH, A_STATX_FLAGS, A_STATX_MASK, A_STATX_OUT)
	S(faccessat, R_DEC, A_DIRFD, A_PATH, A_ACCESS_MODE)
	S(faccessat2, R_DEC, A_DIRFD, A_PATH, A_ACCESS_MODE, A_AT_FLAGS)
	S(getcwd, R_DEC, A_STR_OUT, A_ULONG)
	S(chdir, R_DEC, A_PATH)
	S(fchdir, R_DEC, A_FD)
	S(umask, R_OCTAL, A_OCTAL)
	S(mkdirat, R_DEC, A_DIRFD, A_PATH, A_OCTAL)
	S(unlinkat, R_DEC, A_DIRFD, A_PATH, A_AT_FLAGS)
	S(fchmodat, R_DEC, A_DIRFD, A_PATH, A_OCTAL)
	S(ftruncate, R_DEC, A_FD, A_LONG)
	S(fsync, R_DEC, A_FD)
	/* processes and threads */
	S(exit, R_NONE, A_INT)
	S(exit_group, R_NONE, A_INT)
	S(getpid, R_DEC)
	S(getppid, R_DEC)
	S(gettid, R_DEC)
	S(getuid, R_DEC)
	S(geteuid, R_DEC)
	S(getgid, R_DEC)
	S(getegid, R_DEC)
	S(uname, R_DEC, A_UNAME_OUT)
	S(sethostname, R_DEC, A_BUF_IN, A_INT)
	S(setdomainname, R_DEC, A_BUF_IN, A_INT)
	S(set_tid_address, R_DEC, A_PTR)
	S(set_robust_list, R_DEC, A_PTR, A_ULONG)
	S(rseq, R_DEC, A_PTR, A_HEX, A_HEX, A_HEX)
	S(prlimit64, R_DEC, A_INT, A_RLIMIT_RES, A_RLIMIT, A_RLIMIT_OUT)
	S(getrlimit, R_DEC, A_RLIMIT_RES, A_RLIMIT_OUT)
	S(setrlimit, R_DEC, A_RLIMIT_RES, A_RLIMIT)
	S(sched_getaffinity, R_DEC, A_INT, A_ULONG, A_CPUSET_OUT)
	S(sched_setaffinity, R_DEC, A_INT, A_ULONG, A_CPUSET_IN)
	S(sched_yield, R_DEC)
	S(prctl, R_PRCTL, A_PRCTL_OP, A_PRCTL_ARG, A_PRCTL_ARG, A_PRCTL_ARG, A_PRCTL_ARG)
	S(sysinfo, R_DEC, A_SYSINFO_OUT)
	S(times, R_DEC, A_TMS_OUT)
	S(getrusage, R_DEC, A_RUSAGE_WHO, A_RUSAGE_OUT)
	S(getcpu, R_DEC, A_INT_OUT, A_INT_OUT, A_PTR)
	S(seccomp, R_DEC, A_UINT, A_HEX, A_PTR)
	S(personality, R_PERSONALITY, A_HEX)
	S(clone, R_DEC, A_CLONE, A_CLONE_REST)
	S(clone3, R_DEC, A_CLONE_ARGS, A_ULONG)
	S(futex, R_DEC, A_PTR, A_FUTEX_OP, A_INT, A_FUTEX_ARG4, A_FUTEX_UADDR2, A_FUTEX_VAL3)
	S(futex_waitv, R_DEC, A_PTR, A_UINT, A_HEX, A_PTR, A_INT)
	S(wait4, R_DEC, A_INT, A_WSTATUS_OUT, A_WAIT_OPTIONS, A_PTR)
	S(execve, R_DEC, A_PATH, A_ARGV, A_ENVP)
	S(execveat, R_DEC, A_DIRFD, A_PATH, A_ARGV, A_ENVP, A_AT_FLAGS)
	S(setsid, R_DEC)
	S(vhangup, R_DEC)
	S(getsid, R_DEC, A_INT)
	S(setpgid, R_DEC, A_INT, A_INT)
	S(getpgid, R_DEC, A_INT)
	/* memory */
	S(brk, R_HEX, A_PTR)
	S(mmap, R_HEX, A_PTR, A_ULONG, A_PROT, A_MAP_FLAGS, A_FD, A_HEX)
	S(munmap, R_DEC, A_PTR, A_ULONG)
	S(mprotect, R_DEC, A_PTR, A_ULONG, A_PROT)
	S(madvise, R_DEC, A_PTR, A_ULONG, A_MADVISE)
	S(mincore, R_DEC, A_PTR, A_ULONG, A_MINCORE_OUT)
	S(msync, R_DEC, A_PTR, A_ULONG, A_MSYNC_FLAGS)
	S(mremap, R_HEX, A_PTR, A_ULONG, A_ULONG, A_MREMAP_FLAGS, A_MREMAP_ADDR)
	S(remap_file_pages, R_DEC, A_PTR, A_ULONG, A_PROT, A_ULONG, A_MAP_FLAGS)
	/* time */
	S(clock_gettime, R_DEC, A_CLOCK, A_TIMESPEC_OUT)
	S(clock_settime, R_DEC, A_CLOCK, A_TIMESPEC)
	S(clock_getres, R_DEC, A_CLOCK, A_TIMESPEC_OUT)
	S(adjtimex, R_DEC, A_PTR)
	S(clock_adjtime, R_DEC, A_CLOCK, A_PTR)
	S(gettimeofday, R_DEC, A_TIMEVAL_OUT, A_PTR)
	S(settimeofday, R_DEC, A_PTR, A_PTR)
	S(nanosleep, R_DEC, A_TIMESPEC, A_REMAIN_OUT)
	S(clock_nanosleep, R_DEC, A_CLOCK, A_TIMER_FLAGS, A_TIMESPEC, A_REMAIN_OUT)
	S(restart_syscall, R_DEC, A_RESUMING)
	/* signals */
	S(rt_sigaction, R_DEC, A_SIGNAL, A_SIGACTION, A_SIGACTION_OUT, A_ULONG)
	S(rt_sigprocmask, R_DEC, A_SIGHOW, A_SIGSET, A_SIGSET_OUT, A_ULONG)
	S(sigaltstack, R_DEC, A_STACK, A_STACK_OUT)
	S(kill, R_DEC, A_INT, A_SIGNAL)
	S(tkill, R_DEC, A_INT, A_SIGNAL)
	S(tgkill, R_DEC, A_INT, A_INT, A_SIGNAL)
	S(rt_sigpending, R_DEC, A_SIGSET_OUT, A_ULONG)
	S(rt_sigreturn, R_DEC, A_SIGRETURN)
	S(rt_sigsuspend, R_DEC, A_SIGSET, A_ULONG)
	S(rt_sigtimedwait, R_SIGNAL, A_SIGSET, A_SIGINFO_OUT, A_TIMESPEC, A_ULONG)
	/* misc */
	S(getrandom, R_DEC, A_BUF_OUT_HEX, A_ULONG, A_RANDOM_FLAGS)
	/*
	 * Calls other helpers are implementing (processes, credentials, files,
	 * init): described ahead, so they decode from the day they land and
	 * while they still return ENOSYS.
	 */
	S(setuid, R_DEC, A_INT)
	S(setgid, R_DEC, A_INT)
	S(setreuid, R_DEC, A_INT, A_INT)
	S(setregid, R_DEC, A_INT, A_INT)
	S(setresuid, R_DEC, A_INT, A_INT, A_INT)
	S(setresgid, R_DEC, A_INT, A_INT, A_INT)
	S(getresuid, R_DEC, A_INT_OUT, A_INT_OUT, A_INT_OUT)
	S(getresgid, R_DEC, A_INT_OUT, A_INT_OUT, A_INT_OUT)
	S(setfsuid, R_DEC, A_INT)
	S(setfsgid, R_DEC, A_INT)
	S(getgroups, R_DEC, A_INT, A_PTR)
	S(setgroups, R_DEC, A_INT, A_PTR)
	S(capget, R_DEC, A_PTR, A_PTR)
	S(capset, R_DEC, A_PTR, A_PTR)
	S(waitid, R_DEC, A_INT, A_INT, A_SIGINFO_OUT, A_WAIT_OPTIONS, A_PTR)
	S(pidfd_open, R_DEC, A_INT, A_HEX)
	S(pidfd_send_signal, R_DEC, A_FD, A_SIGNAL, A_PTR, A_HEX)
	S(pidfd_getfd, R_DEC, A_FD, A_FD, A_HEX)
	S(rt_sigqueueinfo, R_DEC, A_INT, A_SIGNAL, A_PTR)
	S(rt_tgsigqueueinfo, R_DEC, A_INT, A_INT, A_SIGNAL, A_PTR)
	S(getpriority, R_DEC, A_INT, A_INT)
	S(setpriority, R_DEC, A_INT, A_INT, A_INT)
	S(reboot, R_DEC, A_HEX, A_HEX, A_HEX, A_PTR)
	S(syslog, R_DEC, A_INT, A_PTR, A_INT)
	S(linkat, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_AT_FLAGS)
	S(symlinkat, R_DEC, A_PATH, A_DIRFD, A_PATH)
	S(renameat, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH)
	S(renameat2, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_HEX)
	S(mknodat, R_DEC, A_DIRFD, A_PATH, A_OCTAL, A_HEX)
	S(fchmod, R_DEC, A_FD, A_OCTAL)
	S(fchown, R_DEC, A_FD, A_INT, A_INT)
	S(fchownat, R_DEC, A_DIRFD, A_PATH, A_INT, A_INT, A_AT_FLAGS)
	S(truncate, R_DEC, A_PATH, A_LONG)
	S(fdatasync, R_DEC, A_FD)
	S(sync, R_DEC)
	S(fallocate, R_DEC, A_FD, A_HEX, A_LONG, A_LONG)
	S(statfs, R_DEC, A_PATH, A_PTR)
	S(fstatfs, R_DEC, A_FD, A_PTR)
	S(mount, R_DEC, A_STR, A_PATH, A_STR, A_HEX, A_PTR)
	S(umount2, R_DEC, A_PATH, A_HEX)
	S(pivot_root, R_DEC, A_PATH, A_PATH)
	S(mount_setattr, R_DEC, A_DIRFD, A_PATH, A_AT_FLAGS, A_PTR, A_ULONG)
	S(open_tree, R_DEC, A_DIRFD, A_PATH, A_HEX)
	S(move_mount, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_HEX)
	S(fsopen, R_DEC, A_STR, A_HEX)
	S(fsconfig, R_DEC, A_FD, A_UINT, A_STR, A_PTR, A_INT)
	S(fsmount, R_DEC, A_FD, A_HEX, A_HEX)
	S(fspick, R_DEC, A_DIRFD, A_PATH, A_HEX)
	S(chroot, R_DEC, A_PATH)
	S(utimensat, R_DEC, A_DIRFD, A_PATH, A_PTR, A_AT_FLAGS)
	S(flock, R_DEC, A_FD, A_HEX)
	S(sendfile, R_DEC, A_FD, A_FD, A_PTR, A_ULONG)
	S(splice, R_DEC, A_FD, A_PTR, A_FD, A_PTR, A_ULONG, A_HEX)
	S(tee, R_DEC, A_FD, A_FD, A_ULONG, A_HEX)
	S(vmsplice, R_DEC, A_FD, A_PTR, A_ULONG, A_HEX)
	S(setxattr, R_DEC, A_PATH, A_STR, A_PTR, A_ULONG, A_HEX)
	S(lsetxattr, R_DEC, A_PATH, A_STR, A_PTR, A_ULONG, A_HEX)
	S(fsetxattr, R_DEC, A_FD, A_STR, A_PTR, A_ULONG, A_HEX)
	S(getxattr, R_DEC, A_PATH, A_STR, A_PTR, A_ULONG)
	S(lgetxattr, R_DEC, A_PATH, A_STR, A_PTR, A_ULONG)
	S(fgetxattr, R_DEC, A_FD, A_STR, A_PTR, A_ULONG)
	S(listxattr, R_DEC, A_PATH, A_PTR, A_ULONG)
	S(llistxattr, R_DEC, A_PATH, A_PTR, A_ULONG)
	S(flistxattr, R_DEC, A_FD, A_PTR, A_ULONG)
	S(removexattr, R_DEC, A_PATH, A_STR)
	S(lremovexattr, R_DEC, A_PATH, A_STR)
	S(fremovexattr, R_DEC, A_FD, A_STR)
	S(eventfd2, R_DEC, A_UINT, A_HEX)
	S(userfaultfd, R_DEC, A_HEX)
	S(perf_event_open, R_DEC, A_PTR, A_INT, A_INT, A_INT, A_HEX)
	S(inotify_init1, R_DEC, A_HEX)
	S(inotify_add_watch, R_DEC, A_FD, A_PATH, A_HEX)
	S(inotify_rm_watch, R_DEC, A_FD, A_INT)
	S(fanotify_init, R_DEC, A_HEX, A_OPEN_FLAGS)
	S(fanotify_mark, R_DEC, A_FD, A_HEX, A_HEX, A_DIRFD, A_PATH)
	S(epoll_create1, R_DEC, A_HEX)
	S(close_range, R_DEC, A_UINT, A_UINT, A_HEX)
	S(pselect6, R_DEC, A_INT, A_PTR, A_PTR, A_PTR, A_TIMESPEC, A_PTR)
	S(epoll_ctl, R_DEC, A_FD, A_INT, A_FD, A_PTR)
	S(epoll_pwait, R_DEC, A_FD, A_PTR, A_INT, A_INT, A_SIGSET, A_ULONG)
	S(epoll_pwait2, R_DEC, A_FD, A_PTR, A_INT, A_TIMESPEC, A_SIGSET, A_ULONG)
	S(signalfd4, R_DEC, A_FD, A_SIGSET, A_ULONG, A_HEX)
	S(io_setup, R_DEC, A_UINT, A_PTR)
	S(io_destroy, R_DEC, A_HEX)
	S(io_submit, R_DEC, A_HEX, A_LONG, A_PTR)
	S(io_cancel, R_DEC, A_HEX, A_PTR, A_PTR)
	S(io_getevents, R_DEC, A_HEX, A_LONG, A_LONG, A_PTR, A_TIMESPEC)
	S(io_pgetevents, R_DEC, A_HEX, A_LONG, A_LONG, A_PTR, A_TIMESPEC, A_PTR)
	S(io_uring_setup, R_DEC, A_UINT, A_PTR)
	S(io_uring_enter, R_DEC, A_FD, A_UINT, A_UINT, A_HEX, A_PTR, A_ULONG)
	S(io_uring_register, R_DEC, A_FD, A_UINT, A_PTR, A_UINT)
	S(membarrier, R_DEC, A_HEX, A_HEX, A_INT)
	S(preadv, R_DEC, A_FD, A_IOV_OUT, A_UINT, A_LONG)
	S(pwritev, R_DEC, A_FD, A_IOV_IN, A_UINT, A_LONG)
	S(preadv2, R_DEC, A_FD, A_IOV_OUT, A_UINT, A_LONG, A_HEX)
	S(pwritev2, R_DEC, A_FD, A_IOV_IN, A_UINT, A_LONG, A_HEX)
	S(syncfs, R_DEC, A_FD)
	S(copy_file_range, R_DEC, A_FD, A_PTR, A_FD, A_PTR, A_ULONG, A_HEX)
	S(memfd_create, R_DEC, A_STR, A_HEX)
	S(openat2, R_DEC, A_DIRFD, A_PATH, A_PTR, A_ULONG)
	S(name_to_handle_at, R_DEC, A_DIRFD, A_PATH, A_PTR, A_PTR, A_AT_FLAGS)
	S(open_by_handle_at, R_DEC, A_FD, A_PTR, A_OPEN_FLAGS)
				/* clang-format on */
};

#undef S

const struct strace_syscall *strace_syscall_info(unsigned long nr)
{
	return nr < NR_SYSCALLS && syscalls[nr].name ? &syscalls[nr] : NULL;
}

bool strace_syscall_noreturn(unsigned long nr)
{
	const struct strace_syscall *s = strace_syscall_info(nr);
	return s && s->ret == R_NONE;
}

static bool is_out(u8 kind)
{
	return kind >= A_OUT_FIRST;
}

/* An output that may show nothing: its ", " is written with it, not by the entry. */
static bool is_optional_out(u8 kind)
{
	return kind == A_CLONE_REST || kind == A_PRCTL_ARG;
}

static bool is_error(long ret)
{
	return ret < 0 && ret >= -4095;
}

#define FUTEX_CMD(op) ((op) & (u64)FUTEX_CMD_MASK)

/* Which futex arguments after val an op has (strace's futex decoder). */
static bool futex_has(u64 op, u8 kind)
{
	switch (FUTEX_CMD(op)) {
	case FUTEX_WAIT: return kind == A_FUTEX_ARG4;
	case FUTEX_REQUEUE: return kind == A_FUTEX_ARG4 || kind == A_FUTEX_UADDR2;
	case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP: return true;
	case FUTEX_WAIT_BITSET: return kind == A_FUTEX_ARG4 || kind == A_FUTEX_VAL3;
	case FUTEX_WAKE_BITSET: return kind == A_FUTEX_VAL3;
	case FUTEX_WAKE:
	case FUTEX_FD:
	case FUTEX_LOCK_PI:
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI: return false;
	default: return true; /* an op strace does not know: every argument */
	}
}

static void print_futex_arg(struct strace_out *o, u8 kind, u64 op, u64 v)
{
	u64 cmd = FUTEX_CMD(op);
	if (kind == A_FUTEX_ARG4 && (cmd == 0 || cmd == 9))
		strace_user_timespec(o, v);
	else if (kind == A_FUTEX_ARG4 && !strace_name_of(strace_futex_cmds, cmd))
		strace_ptr(o, v);
	else if (kind == A_FUTEX_UADDR2)
		strace_ptr(o, v);
	else if (kind == A_FUTEX_VAL3 && (u32)v == FUTEX_BITSET_MATCH_ANY)
		strace_puts(o, "FUTEX_BITSET_MATCH_ANY");
	else if (kind == A_FUTEX_VAL3 && cmd == FUTEX_WAKE_OP)
		strace_hex(o, (u32)v);
	else
		strace_printf(o, "%d", (int)v);
}

/*
 * clone(flags, stack, parent_tid, tls, child_tid) on arm64, shown by name
 * in strace's order: child_stack= and flags= at entry, the rest at exit
 * (parent_tid= then holds the child's tid), each only when a flag uses it.
 */
static void print_clone(struct strace_out *o, const u64 a[6])
{
	u64 flags = a[0];
	strace_puts(o, "child_stack=");
	strace_ptr(o, a[1]);
	strace_puts(o, ", flags=");
	if (flags & ~(u64)CSIGNAL) {
		strace_flags(o, strace_clone_flags, flags & ~(u64)CSIGNAL, NULL);
		if (flags & CSIGNAL)
			strace_putc(o, '|');
	}
	if (flags & CSIGNAL || !(flags & ~(u64)CSIGNAL))
		strace_signal(o, flags & CSIGNAL);
}

/* false: nothing to show (the entry's ", " is then taken back by the caller). */
static bool print_clone_rest(struct strace_out *o, const u64 a[6], long ret)
{
	u64 flags = a[0];
	bool any = false;
	if (flags & CLONE_PARENT_SETTID) {
		s32 tid;
		strace_puts(o, "parent_tid=");
		if (ret > 0 && strace_read_user(&tid, a[2], sizeof(tid)) == 0)
			strace_printf(o, "[%d]", tid);
		else
			strace_ptr(o, a[2]);
		any = true;
	}
	if (flags & CLONE_SETTLS) {
		strace_printf(o, "%stls=%#lx", any ? ", " : "", (unsigned long)a[3]);
		any = true;
	}
	if (flags & (CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)) {
		strace_printf(o, "%schild_tidptr=%#lx", any ? ", " : "", (unsigned long)a[4]);
		any = true;
	}
	return any;
}

/* ioctl's third argument, by request (strace decodes these at exit). */
static void print_ioctl_arg(struct strace_out *o, u32 req, u64 v, long ret)
{
	if (!strace_name_of(strace_ioctl_reqs, req)) {
		strace_hex(o, v); /* strace: a request it does not know takes a number */
		return;
	}
	if (is_error(ret)) {
		strace_ptr(o, v);
		return;
	}
	switch (req) {
	case FIONREAD:
	case FIONBIO:
	case FIOASYNC:
	case TIOCOUTQ:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID: strace_user_int(o, v); break;
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF: strace_user_termios(o, v); break;
	case TIOCGWINSZ:
	case TIOCSWINSZ: strace_user_winsize(o, v); break;
	default: strace_ptr(o, v); break;
	}
}

static const struct strace_name suid_dump[] = {
	STRACE_NAME(SUID_DUMP_DISABLE),
	STRACE_NAME(SUID_DUMP_USER),
	STRACE_NAME(SUID_DUMP_ROOT),
	STRACE_NAMES_END,
};

/*
 * prctl's argument i (1..4: arg2..arg5) for the option, as strace's
 * prctl decoder shows it; false: the option has no such argument. Options
 * it does not know show all four in hex.
 */
static bool print_prctl_arg(struct strace_out *o, u64 option, int i, u64 v, long ret)
{
	switch (option) {
	case PR_GET_DUMPABLE:
	case PR_GET_SECCOMP:
	case PR_GET_TIMERSLACK:
	case PR_GET_NO_NEW_PRIVS:
	case PR_GET_THP_DISABLE:
	case PR_GET_TAGGED_ADDR_CTRL: return false;
	case PR_SET_PDEATHSIG:
		if (i > 1)
			return false;
		strace_signal(o, (s64)v);
		return true;
	case PR_SET_DUMPABLE:
		if (i > 1)
			return false;
		strace_value_or(o, suid_dump, (u32)v, "SUID_DUMP_???");
		return true;
	case PR_SET_NAME: /* TASK_COMM_LEN - 1 bytes are used */
	case PR_GET_NAME:
		if (i > 1)
			return false;
		if (option == PR_GET_NAME && is_error(ret))
			strace_ptr(o, v);
		else
			strace_user_str(o, v, 15);
		return true;
	case PR_SET_CHILD_SUBREAPER:
		if (i > 1)
			return false;
		strace_printf(o, "%d", (int)v);
		return true;
	case PR_GET_PDEATHSIG:
	case PR_GET_CHILD_SUBREAPER:
		if (i > 1)
			return false;
		if (is_error(ret))
			strace_ptr(o, v);
		else
			strace_user_int(o, v);
		return true;
	case PR_SET_NO_NEW_PRIVS: strace_printf(o, "%lu", (unsigned long)v); return true;
	default: strace_hex(o, v); return true;
	}
}

/* fcntl's third argument, by command; false: the command takes none. */
static bool print_fcntl_arg(struct strace_out *o, u64 cmd, u64 v)
{
	switch (cmd) {
	case F_GETFD:
	case F_GETFL:
	case F_GETOWN:
	case F_GETSIG:
	case F_GETLEASE:
	case F_GETPIPE_SZ:
	case F_GET_SEALS: return false;
	case F_SETFD: strace_flags(o, strace_fd_flags, v, NULL); return true;
	case F_SETFL: strace_open_flags_print(o, v); return true;
	case F_GETLK: /* the lock commands take a struct flock */
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW: strace_ptr(o, v); return true;
	default: strace_printf(o, "%d", (int)v); return true;
	}
}

/* The index of the call's last argument: a sigset's size is always there. */
static int last_arg(const u8 *kinds)
{
	int i = 5;
	while (i > 0 && kinds[i] == A_END)
		i--;
	return i;
}

/* Prints argument i; false when this call has no such argument (nothing printed). */
static bool print_arg(struct strace_out *o, const u8 *kinds, const u64 *a, int i, long ret)
{
	u8 kind = kinds[i];
	u64 v = a[i];
	if (kind == A_REMAIN_OUT) {
		if (ret == -EINTR || (ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK)) /* the -ERESTART* codes */
			strace_user_timespec(o, v);
		else
			strace_ptr(o, v);
		return true;
	}
	if (is_out(kind) && kind != A_SIGRETURN && kind != A_CLONE_REST && kind != A_IOV_OUT && kind != A_IOCTL_ARG &&
	    kind != A_PRCTL_ARG && is_error(ret)) {
		strace_ptr(o, v);
		return true;
	}
	switch (kind) {
	case A_INT: strace_printf(o, "%d", (int)v); break;
	case A_LONG: strace_printf(o, "%ld", (long)v); break;
	case A_ULONG: strace_printf(o, "%lu", (unsigned long)v); break;
	case A_UINT: strace_printf(o, "%u", (u32)v); break;
	case A_HEX: strace_hex(o, v); break;
	case A_PTR: strace_ptr(o, v); break;
	case A_FD: strace_printf(o, "%d", (int)v); break;
	case A_DIRFD:
		if ((int)v == AT_FDCWD)
			strace_puts(o, "AT_FDCWD");
		else
			strace_printf(o, "%d", (int)v);
		break;
	case A_PATH: strace_user_str(o, v, STRACE_PATH_MAX); break;
	case A_STR: strace_user_str(o, v, STRACE_STR_MAX); break;
	case A_BUF_IN: strace_user_buf(o, v, a[i + 1]); break;
	case A_OCTAL: strace_octal(o, v); break;
	case A_OPEN_FLAGS: strace_open_flags_print(o, v); break;
	case A_OPEN_MODE:
		if (!(a[i - 1] & (O_CREAT | __O_TMPFILE)))
			return false;
		strace_octal(o, v);
		break;
	case A_O_FLAGS: strace_flags(o, strace_open_flags, v, NULL); break;
	case A_AT_FLAGS: strace_flags_or(o, strace_at_flags, v, NULL, "AT_???"); break;
	case A_STATX_FLAGS:
		if (!(v & AT_STATX_SYNC_TYPE))
			strace_puts(o, v ? "AT_STATX_SYNC_AS_STAT|" : "AT_STATX_SYNC_AS_STAT");
		if (v)
			strace_flags(o, strace_at_flags, v, NULL);
		break;
	case A_STATX_MASK: strace_flags(o, strace_statx_mask, (u32)v, NULL); break;
	case A_ACCESS_MODE: strace_flags_or(o, strace_access_modes, v, "F_OK", "?_OK"); break;
	case A_WHENCE: strace_value_or(o, strace_seek_whence, (u32)v, "SEEK_???"); break;
	case A_IOCTL_REQ: strace_ioctl_request(o, (u32)v); break;
	case A_FCNTL_CMD: strace_value_or(o, strace_fcntl_cmds, (u32)v, "F_???"); break;
	case A_FCNTL_ARG: return print_fcntl_arg(o, (u32)a[i - 1], v);
	case A_PROT: strace_flags_or(o, strace_prot_flags, v, "PROT_NONE", "PROT_???"); break;
	case A_MAP_FLAGS: strace_map_flags_print(o, v); break;
	case A_MADVISE: strace_value_or(o, strace_madvise_advice, (u32)v, "MADV_???"); break;
	case A_MSYNC_FLAGS: strace_flags_or(o, strace_msync_flags, v, NULL, "MS_???"); break;
	case A_MREMAP_FLAGS: strace_flags_or(o, strace_mremap_flags, v, NULL, "MREMAP_???"); break;
	case A_CLOCK: strace_value_or(o, strace_clock_ids, (u32)v, "CLOCK_???"); break;
	case A_TIMER_FLAGS: strace_flags(o, strace_timer_flags, v, NULL); break;
	case A_RLIMIT_RES: strace_value_or(o, strace_rlimit_resources, (u32)v, "RLIMIT_???"); break;
	case A_PRCTL_OP: strace_value_or(o, strace_prctl_options, (u32)v, "PR_???"); break;
	case A_SIGHOW: strace_value_or(o, strace_sigprocmask_how, (u32)v, "SIG_???"); break;
	case A_WAIT_OPTIONS: strace_flags_or(o, strace_wait_options, v, NULL, "W???"); break;
	case A_RANDOM_FLAGS: strace_flags_or(o, strace_random_flags, v, NULL, "GRND_???"); break;
	case A_RUSAGE_WHO: strace_value_or(o, strace_rusage_who, (u32)v, "RUSAGE_???"); break;
	case A_SIGNAL: strace_signal(o, (int)v); break;
	case A_SIGSET:
	case A_SIGSET_OUT: strace_user_sigset(o, v, a[last_arg(kinds)]); break;
	case A_SIGACTION:
	case A_SIGACTION_OUT: strace_user_sigaction(o, v); break;
	case A_STACK:
	case A_STACK_OUT: strace_user_stack(o, v); break;
	case A_TIMESPEC:
	case A_TIMESPEC_OUT: strace_user_timespec(o, v); break;
	case A_TIMEVAL_OUT: strace_user_timeval(o, v); break;
	case A_RLIMIT:
	case A_RLIMIT_OUT: strace_user_rlimit(o, v); break;
	case A_IOV_IN: strace_user_iovec(o, v, (u32)a[i + 1], -1); break;
	case A_IOV_OUT: strace_user_iovec(o, v, (u32)a[i + 1], is_error(ret) ? -2 : ret); break;
	case A_POLLFDS: strace_user_pollfds(o, v, a[i + 1]); break;
	case A_CPUSET_IN: strace_user_cpuset(o, v, a[i - 1]); break;
	case A_CPUSET_OUT: strace_user_cpuset(o, v, (u64)ret); break;
	case A_ARGV: strace_user_argv(o, v); break;
	case A_ENVP: strace_user_envp(o, v); break;
	case A_CLONE_ARGS: strace_user_clone_args(o, v, a[i + 1]); break;
	case A_CLONE: print_clone(o, a); break;
	case A_CLONE_REST: return print_clone_rest(o, a, ret);
	case A_PRCTL_ARG: return print_prctl_arg(o, (u32)a[0], i, v, ret);
	case A_IOCTL_ARG: print_ioctl_arg(o, (u32)a[1], v, ret); break;
	case A_MREMAP_ADDR:
		if (!(a[3] & 2 /* MREMAP_FIXED */))
			return false;
		strace_ptr(o, v);
		break;
	case A_FUTEX_OP: strace_futex_op_print(o, v); break;
	case A_FUTEX_ARG4:
	case A_FUTEX_UADDR2:
	case A_FUTEX_VAL3:
		if (!futex_has(a[1], kind))
			return false;
		print_futex_arg(o, kind, a[1], v);
		break;
	case A_RESUMING:
		strace_puts(o, "<... resuming interrupted ");
		strace_syscall_name(o, v);
		strace_puts(o, " ...>");
		break;
	case A_BUF_OUT: strace_user_buf(o, v, (u64)ret); break;
	case A_BUF_OUT_HEX: {
		u8 buf[STRACE_STR_MAX];
		size_t n = MIN((u64)ret, sizeof(buf));
		if (!v || strace_read_user(buf, v, n))
			strace_ptr(o, v);
		else
			strace_quote_hex(o, buf, n, (u64)ret > n);
		break;
	}
	case A_PATH_OUT: {
		char path[STRACE_PATH_MAX];
		size_t n = MIN((u64)ret, sizeof(path));
		if (strace_read_user(path, v, n))
			strace_ptr(o, v);
		else
			strace_quote(o, (const u8 *)path, n, (u64)ret > n);
		break;
	}
	case A_STR_OUT: strace_user_str(o, v, STRACE_PATH_MAX); break;
	case A_STAT_OUT: strace_user_stat(o, v); break;
	case A_STATX_OUT: strace_user_statx(o, v); break;
	case A_UNAME_OUT: strace_user_uname(o, v); break;
	case A_SYSINFO_OUT: strace_user_sysinfo(o, v); break;
	case A_SIGINFO_OUT: strace_user_siginfo(o, v); break;
	case A_MINCORE_OUT: strace_user_mincore(o, v, a[i - 1]); break;
	case A_TMS_OUT: strace_user_tms(o, v); break;
	case A_RUSAGE_OUT: strace_user_rusage(o, v); break;
	case A_PIPE_OUT: strace_user_int_pair(o, v); break;
	case A_INT_OUT: strace_user_int(o, v); break;
	case A_DIRENTS_OUT: strace_user_dirents(o, v, (u64)ret); break;
	case A_WSTATUS_OUT: {
		s32 status;
		if (!v || ret == 0 || strace_read_user(&status, v, sizeof(status)))
			strace_ptr(o, v);
		else
			strace_wait_status(o, status);
		break;
	}
	case A_SIGRETURN:
		strace_puts(o, "{mask=");
		strace_sigset(o, v);
		strace_putc(o, '}');
		break;
	default: strace_hex(o, v); break;
	}
	return true;
}

/* Prints arguments [from, to) with their separators. */
static void print_args(struct strace_out *o, const struct strace_syscall *s, const u64 a[6], int from, int to, long ret)
{
	for (int i = from; i < to; i++) {
		size_t before = o->len;
		/* the entry half ends in ", " before the exit half, unless that may be empty */
		if (i > from || (i > 0 && is_optional_out(s->args[i])))
			strace_puts(o, ", ");
		if (!print_arg(o, s->args, a, i, ret)) {
			o->len = before; /* no such argument: take the separator back */
			o->buf[o->len] = '\0';
		}
	}
}

static int arg_count(const struct strace_syscall *s)
{
	int n = 0;
	while (n < 6 && s->args[n] != A_END)
		n++;
	return n;
}

/* Index of the first argument shown at exit (arg_count if none). */
static int first_out(const struct strace_syscall *s)
{
	int n = arg_count(s);
	for (int i = 0; i < n; i++)
		if (is_out(s->args[i]))
			return i;
	return n;
}

void strace_syscall_name(struct strace_out *o, unsigned long nr)
{
	const struct strace_syscall *s = strace_syscall_info(nr);
	if (s)
		strace_puts(o, s->name);
	else
		strace_printf(o, "syscall_%#lx", nr);
}

void strace_format_entry(struct strace_out *o, unsigned long nr, const char *name, const u64 args[6])
{
	const struct strace_syscall *s = strace_syscall_info(nr);
	if (!s) { /* not described: the name if known, and the raw registers */
		if (name)
			strace_puts(o, name);
		else
			strace_syscall_name(o, nr);
		strace_printf(o, "(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx", (unsigned long)args[0], (unsigned long)args[1],
			      (unsigned long)args[2], (unsigned long)args[3], (unsigned long)args[4],
			      (unsigned long)args[5]);
		return;
	}
	strace_printf(o, "%s(", s->name);
	int out = first_out(s);
	print_args(o, s, args, 0, out, 0);
	if (out > 0 && out < arg_count(s) && !is_optional_out(s->args[out]))
		strace_puts(o, ", "); /* the exit half goes on from here */
}

/* A successful result, by the call's result kind. */
static void print_result(struct strace_out *o, u8 kind, const u64 args[6], long ret)
{
	switch (kind) {
	case R_HEX: strace_hex(o, (u64)ret); return;
	case R_OCTAL: strace_octal(o, (u64)ret); return;
	case R_PRCTL:
		if (args[0] == PR_GET_DUMPABLE && strace_name_of(suid_dump, (u64)ret)) {
			strace_printf(o, "%ld (%s)", ret, strace_name_of(suid_dump, (u64)ret));
			return;
		}
		break;
	case R_SIGNAL:
		strace_printf(o, "%ld (", ret);
		strace_signal(o, ret);
		strace_putc(o, ')');
		return;
	case R_PERSONALITY:
		if (ret == 0)
			strace_puts(o, "0 (PER_LINUX)");
		else
			strace_hex(o, (u64)ret);
		return;
	case R_POLL:
		strace_printf(o, "%ld", ret);
		if (ret == 0)
			strace_puts(o, " (Timeout)");
		else
			strace_user_revents(o, args[0], args[1], args[2]);
		return;
	case R_FCNTL:
		if ((args[1] == 1 /* F_GETFD */ && ret) || args[1] == 3 /* F_GETFL */) {
			strace_hex(o, (u64)ret);
			strace_puts(o, " (flags ");
			if (args[1] == 1)
				strace_flags(o, strace_fd_flags, (u64)ret, NULL);
			else
				strace_open_flags_print(o, (u64)ret);
			strace_putc(o, ')');
			return;
		}
		break;
	default: break;
	}
	strace_printf(o, "%ld", ret);
}

void strace_format_exit(struct strace_out *o, unsigned long nr, const u64 args[6], long ret)
{
	const struct strace_syscall *s = strace_syscall_info(nr);
	if (s) {
		int from = first_out(s);
		print_args(o, s, args, from, arg_count(s), ret);
	}
	strace_putc(o, ')');
	strace_putc(o, STRACE_RESULT_MARK);
	strace_puts(o, "= ");
	if (is_error(ret)) {
		strace_error(o, -ret);
		return;
	}
	print_result(o, s ? s->ret : R_DEC, args, ret);
}
