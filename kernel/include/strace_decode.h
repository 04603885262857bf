/*
 * strace_decode.h — turning system-call arguments into strace's text.
 *
 * The portable half of the built-in tracer (kernel/syscall/strace*.c):
 * no task, lock or device here, so the host unit tests (tests/unit/
 * test_strace.c) link it as is. The kernel half (strace.c, <strace.h>)
 * decides when a line is written and where it goes.
 *
 *   strace_out.c     an output line (append, printf, cut at its end) and
 *                    strings quoted and escaped as strace does
 *   strace_flags.c   named values and flag sets (open flags, PROT_*, ...)
 *   strace_errno.c   errno names and their strerror texts
 *   strace_signal.c  signal names, sigsets, sigaction, siginfo, wait status
 *   strace_struct.c  stat, statx, timespec, iovec, rlimit, uname, ...
 *   strace_table.c   one line per system call: its argument kinds; the
 *                    driver that prints a call's entry and exit halves
 *
 * User memory is read only through strace_read_user(), which the kernel
 * implements with copy_from_user (a bad pointer gives -EFAULT, never a
 * fault) and the unit tests with a fake address space.
 */
#pragma once

#include <types.h>

#define STRACE_LINE_MAX 2048 /* one record; longer lines end in "..." */
#define STRACE_STR_MAX 32    /* strace -s default: bytes shown of a buffer */
#define STRACE_PATH_MAX 512  /* bytes shown of a path (strace: all); a line keeps its result */
#define STRACE_ARRAY_MAX 32  /* elements shown of argv, iovec, ... */

/* One line being built. Appends past cap are dropped and remembered. */
struct strace_out {
	char *buf;
	size_t cap; /* bytes of buf, including room for the NUL */
	size_t len;
	bool cut; /* something did not fit */
};

void strace_out_init(struct strace_out *o, char *buf, size_t cap);
void strace_puts(struct strace_out *o, const char *s);
void strace_putc(struct strace_out *o, char c);
void strace_printf(struct strace_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* n bytes as a C string literal with strace's escapes; more: "..." after it. */
void strace_quote(struct strace_out *o, const u8 *s, size_t n, bool more);
/*
 * The result column: strace writes "= 3" at column 40 of the line
 * (spaces before it), or after one space when the call is longer. The
 * formatters put STRACE_RESULT_MARK where that gap goes; strace_align()
 * turns the mark into the gap once the line, counted from start, is whole.
 * The mark is a tab, which the decoders never emit (strings escape it).
 */
#define STRACE_RESULT_MARK '\t'
#define STRACE_RESULT_COLUMN 40
void strace_align(struct strace_out *o, size_t start);
/* n bytes as "\x00\xc8..." (strace's QUOTE_FORCE_HEX, getrandom). */
void strace_quote_hex(struct strace_out *o, const u8 *s, size_t n, bool more);
/* A pointer: NULL or 0x... */
void strace_ptr(struct strace_out *o, u64 p);
/* %#lx: 0 or 0x... */
void strace_hex(struct strace_out *o, u64 v);

/* Provided by the kernel (strace.c) or the test: 0 or -EFAULT. */
int strace_read_user(void *dst, u64 addr, size_t len);
/* A NUL-terminated user string of at most max bytes into dst (max+1 bytes):
 * its length, or -EFAULT. *more is set when no NUL came within max. */
long strace_read_str(char *dst, u64 addr, size_t max, bool *more);
/* Prints a user string: quoted, cut at max bytes ("..." after), or the
 * pointer when it cannot be read. */
void strace_user_str(struct strace_out *o, u64 addr, size_t max);
/* Prints n bytes of a user buffer, cut at STRACE_STR_MAX. */
void strace_user_buf(struct strace_out *o, u64 addr, size_t n);

/* A named value or flag. Flag tables list composite values (O_SYNC,
 * STATX_BASIC_STATS) before their parts; the printer takes the first match. */
struct strace_name {
	u64 value;
	const char *name;
};
/* The entry of a uapi/ constant under its own name. */
#define STRACE_NAME(constant)              \
	{                                  \
		(u64)(constant), #constant \
	}
#define STRACE_NAMES_END \
	{                \
		0, NULL  \
	}

/* value's name from the table, or NULL. */
const char *strace_name_of(const struct strace_name *table, u64 value);
/* The name, or the number in decimal (signed) when it has none. */
void strace_value(struct strace_out *o, const struct strace_name *table, s64 value);
/* The name, or as strace shows a value its table lacks: 0x7 / * SIG_??? * / */
void strace_value_or(struct strace_out *o, const struct strace_name *table, u32 value, const char *unknown);
/* The name, or hex. */
void strace_value_hex(struct strace_out *o, const struct strace_name *table, u64 value);
/* A|B|0x.. ; none set: zero_name, or "0" when zero_name is NULL. */
void strace_flags(struct strace_out *o, const struct strace_name *table, u64 value, const char *zero_name);
/* The same, but bits none of which has a name show as 0x40 / * MS_??? * /. */
void strace_flags_or(struct strace_out *o, const struct strace_name *table, u64 value, const char *zero_name,
		     const char *unknown);

extern const struct strace_name strace_open_flags[]; /* without the access mode */
extern const struct strace_name strace_at_flags[];
extern const struct strace_name strace_access_modes[];
extern const struct strace_name strace_seek_whence[];
extern const struct strace_name strace_fcntl_cmds[];
extern const struct strace_name strace_fd_flags[];
extern const struct strace_name strace_ioctl_reqs[];
extern const struct strace_name strace_prot_flags[];
extern const struct strace_name strace_map_flags[]; /* without the type */
extern const struct strace_name strace_map_types[];
extern const struct strace_name strace_madvise_advice[];
extern const struct strace_name strace_msync_flags[];
extern const struct strace_name strace_mremap_flags[];
extern const struct strace_name strace_clone_flags[];
extern const struct strace_name strace_futex_cmds[];
extern const struct strace_name strace_clock_ids[];
extern const struct strace_name strace_timer_flags[];
extern const struct strace_name strace_rlimit_resources[];
extern const struct strace_name strace_prctl_options[];
extern const struct strace_name strace_sigprocmask_how[];
extern const struct strace_name strace_wait_options[];
extern const struct strace_name strace_random_flags[];
extern const struct strace_name strace_statx_mask[];
extern const struct strace_name strace_rusage_who[];
extern const struct strace_name strace_sigaltstack_flags[];
extern const struct strace_name strace_poll_events[];

/* TCGETS, or _IOC(_IOC_NONE, 0x54, 0x99, 0) for a request without a name. */
void strace_ioctl_request(struct strace_out *o, u32 req);
/* open flags with the access mode first: O_RDONLY|O_CLOEXEC. */
void strace_open_flags_print(struct strace_out *o, u64 flags);
/* mmap flags: the type, then the flags: MAP_PRIVATE|MAP_ANONYMOUS. */
void strace_map_flags_print(struct strace_out *o, u64 flags);
/* A futex op: FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME. */
void strace_futex_op_print(struct strace_out *o, u64 op);
/* A mode: S_IFREG|0644 (mode with a type) or 0644. */
void strace_mode_print(struct strace_out *o, u32 mode);
/* A number in octal with a leading 0 (umask, open mode). */
void strace_octal(struct strace_out *o, u64 v);

/* errno: "ENOENT" and "No such file or directory"; NULL when unknown. */
const char *strace_errno_name(long err);
const char *strace_errno_text(long err);
/* The result of a failed call, after "= ": "-1 ENOENT (No such file or
 * directory)", or "? ERESTARTSYS (To be restarted if SA_RESTART is set)". */
void strace_error(struct strace_out *o, long err);

/* Signals (strace_signal.c). */
const char *strace_signal_name(int sig);	   /* "SIGINT", "SIGRTMIN", "SIGRT_3"; NULL */
void strace_signal(struct strace_out *o, s64 sig); /* name or the number */
void strace_sigset(struct strace_out *o, u64 set); /* [INT TERM] or ~[...] */
void strace_user_sigset(struct strace_out *o, u64 addr, u64 size);
void strace_user_sigaction(struct strace_out *o, u64 addr);
/* A signal as delivered: {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, ...}. */
void strace_siginfo(struct strace_out *o, int sig, int code, int pid, u64 addr);
/* A siginfo_t in user memory, as above. */
void strace_user_siginfo(struct strace_out *o, u64 addr);
/* A wait status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
void strace_wait_status(struct strace_out *o, int status);

/* Structures read from user memory (strace_struct.c); each prints the
 * pointer instead when it cannot be read. */
void strace_user_stat(struct strace_out *o, u64 addr);
void strace_user_statx(struct strace_out *o, u64 addr);
void strace_user_timespec(struct strace_out *o, u64 addr);
void strace_user_timeval(struct strace_out *o, u64 addr);
void strace_user_rlimit(struct strace_out *o, u64 addr);
void strace_user_uname(struct strace_out *o, u64 addr);
void strace_user_stack(struct strace_out *o, u64 addr);
void strace_user_pollfds(struct strace_out *o, u64 addr, u64 nfds);
/* ppoll's result note: " ([{fd=3, revents=POLLIN}], left {...})", the ready ones. */
void strace_user_revents(struct strace_out *o, u64 addr, u64 nfds, u64 timeout);
void strace_user_winsize(struct strace_out *o, u64 addr);
void strace_user_termios(struct strace_out *o, u64 addr);
void strace_user_sysinfo(struct strace_out *o, u64 addr);
void strace_user_tms(struct strace_out *o, u64 addr);
void strace_user_rusage(struct strace_out *o, u64 addr);
void strace_user_int_pair(struct strace_out *o, u64 addr); /* pipe2: [3, 4] */
void strace_user_int(struct strace_out *o, u64 addr);	   /* [5] */
/* iovec array; data: bytes to show in total (-1: each iov_len; -2: no
 * data, the bases as addresses, as strace shows a failed readv's). */
void strace_user_iovec(struct strace_out *o, u64 addr, u64 count, s64 data);
void strace_user_mincore(struct strace_out *o, u64 addr, u64 len);
void strace_user_cpuset(struct strace_out *o, u64 addr, u64 size);
void strace_user_dirents(struct strace_out *o, u64 addr, u64 size);
/* execve's argv ["a", "b"] and envp 0x... / * N vars * / */
void strace_user_argv(struct strace_out *o, u64 addr);
void strace_user_envp(struct strace_out *o, u64 addr);
void strace_user_clone_args(struct strace_out *o, u64 addr, u64 size);

/* The table (strace_table.c). */
struct strace_syscall;
/* The call's description, or NULL for a number the table does not know. */
const struct strace_syscall *strace_syscall_info(unsigned long nr);
/* The call's name ("openat"; "syscall_0x1b4" when the table lacks it) into o. */
void strace_syscall_name(struct strace_out *o, unsigned long nr);
/* Does the call never return on success (exit, exit_group)? */
bool strace_syscall_noreturn(unsigned long nr);
/*
 * Entry half: "openat(AT_FDCWD, \"/x\", O_RDONLY" — the name and the
 * arguments known before the call (up to its first output argument).
 * Exit half: the rest, then ") = 3" (or the error). args are x0..x5 as at
 * entry. For a call that never returns, strace_syscall_noreturn() tells the
 * caller to finish with ") = ?" itself. A call the table lacks is shown as
 * name (NULL: "syscall_0x..") with six hex arguments.
 */
void strace_format_entry(struct strace_out *o, unsigned long nr, const char *name, const u64 args[6]);
void strace_format_exit(struct strace_out *o, unsigned long nr, const u64 args[6], long ret);
