/*
 * test_strace.c — the tracer's decoders (kernel/syscall/strace_*.c) on the
 * host: strings and escapes, flag sets, errno names and texts, signals,
 * structures, whole lines from the system-call table, and that every
 * implemented system call (syscall_list.h) has a line in the table.
 *
 * Expected strings are strace's output for the same values (strace 6.x
 * without options), written out by hand.
 *
 * User memory is a fake address space: a few regions at made-up addresses
 * backed by host buffers; anything else reads as -EFAULT, as
 * copy_from_user gives for a bad pointer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "strace_decode.h"
#include "string.h"
#include "uapi/errno.h"
#include "uapi/unistd.h"

/* ---- the fake address space */

struct region {
	u64 addr;
	const void *data;
	size_t len;
};
static struct region regions[16];
static int nr_regions;

static u64 map(u64 addr, const void *data, size_t len)
{
	regions[nr_regions++] = (struct region){addr, data, len};
	return addr;
}

/* Like pages: the rest of a region's last 4 KiB page reads as zeros. */
static int read_byte(u8 *out, u64 x)
{
	for (int i = 0; i < nr_regions; i++) {
		const struct region *r = &regions[i];
		u64 end = (r->addr + r->len + 4095) & ~4095UL;
		if (x >= r->addr && x < end) {
			*out = x - r->addr < r->len ? ((const u8 *)r->data)[x - r->addr] : 0;
			return 0;
		}
	}
	return -EFAULT;
}

int strace_read_user(void *dst, u64 addr, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (read_byte((u8 *)dst + i, addr + i))
			return -EFAULT;
	return 0;
}

static int reset(void **state)
{
	(void)state;
	nr_regions = 0;
	return 0;
}

/* ---- helpers */

static char line[STRACE_LINE_MAX];

static struct strace_out *fresh(void)
{
	static struct strace_out o;
	strace_out_init(&o, line, sizeof(line));
	return &o;
}

/* A whole call as the tracer writes it when nothing interleaves. */
static const char *call(unsigned long nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5, long ret)
{
	u64 args[6] = {a0, a1, a2, a3, a4, a5};
	struct strace_out *o = fresh();
	strace_format_entry(o, nr, NULL, args);
	if (strace_syscall_noreturn(nr))
		strace_puts(o, ")\t= ?");
	else
		strace_format_exit(o, nr, args, ret);
	strace_align(o, 0);
	return line;
}

/* The line strace writes: the result at column 40, or after one space. */
static const char *want(const char *head, const char *result)
{
	static char expected[STRACE_LINE_MAX];
	int n = (int)__builtin_strlen(head);
	__builtin_snprintf(expected, sizeof(expected), n < 40 ? "%-40s= %s" : "%s = %s", head, result);
	return expected;
}

static const char *quoted(const char *s, size_t n, bool more)
{
	strace_quote(fresh(), (const u8 *)s, n, more);
	return line;
}

/* ---- strings */

static void test_quote_escapes(void **state)
{
	(void)state;
	assert_string_equal(quoted("hello\n", 6, false), "\"hello\\n\"");
	/* octal, three digits only before an octal digit; \" and \\; letters */
	assert_string_equal(quoted("a\0\1\0012\"\\\t\v\f\r\x7f\xff", 13, false),
			    "\"a\\0\\1\\0012\\\"\\\\\\t\\v\\f\\r\\177\\377\"");
	assert_string_equal(quoted("\0"
				   "8",
				   2, false),
			    "\"\\08\"");
	assert_string_equal(quoted("", 0, false), "\"\"");
	assert_string_equal(quoted("abc", 3, true), "\"abc\"...");
}

static void test_user_strings(void **state)
{
	(void)state;
	static const char path[] = "/etc/passwd";
	static const char exact[] = "0123456789abcdef0123456789abcdef"; /* 32 */
	static const char longer[] = "0123456789abcdef0123456789abcdefX";
	u64 p = map(0x1000, path, sizeof(path));
	u64 e = map(0x2000, exact, sizeof(exact));
	u64 l = map(0x3000, longer, sizeof(longer));
	strace_user_str(fresh(), p, STRACE_PATH_MAX);
	assert_string_equal(line, "\"/etc/passwd\"");
	strace_user_str(fresh(), e, STRACE_STR_MAX);
	assert_string_equal(line, "\"0123456789abcdef0123456789abcdef\"");
	strace_user_str(fresh(), l, STRACE_STR_MAX);
	assert_string_equal(line, "\"0123456789abcdef0123456789abcdef\"...");
	static char very_long[STRACE_PATH_MAX + 100];
	memset(very_long, 'a', sizeof(very_long) - 1);
	strace_user_str(fresh(), map(0x5000, very_long, sizeof(very_long)), STRACE_PATH_MAX);
	assert_int_equal(strlen(line), STRACE_PATH_MAX + 5); /* quotes and "..." */
	assert_string_equal(line + STRACE_PATH_MAX + 1, "\"...");
	strace_user_str(fresh(), 0, STRACE_PATH_MAX);
	assert_string_equal(line, "NULL");
	strace_user_str(fresh(), 0xdead0000, STRACE_PATH_MAX); /* unreadable: the pointer */
	assert_string_equal(line, "0xdead0000");
}

static void test_line_cut(void **state)
{
	(void)state;
	char small[8];
	struct strace_out o;
	strace_out_init(&o, small, sizeof(small));
	strace_puts(&o, "0123456789");
	assert_true(o.cut);
	assert_int_equal(o.len, 7);
	assert_string_equal(small, "0123456");
}

/* ---- named values and flags */

static void test_flags(void **state)
{
	(void)state;
	strace_open_flags_print(fresh(), 02000000);
	assert_string_equal(line, "O_RDONLY|O_CLOEXEC");
	strace_open_flags_print(fresh(), 01 | 0100 | 01000);
	assert_string_equal(line, "O_WRONLY|O_CREAT|O_TRUNC");
	strace_open_flags_print(fresh(), 02 | 04010000 | 0x80000000UL);
	assert_string_equal(line, "O_RDWR|O_SYNC|0x80000000");
	strace_flags(fresh(), strace_prot_flags, 0, "PROT_NONE");
	assert_string_equal(line, "PROT_NONE");
	strace_flags(fresh(), strace_prot_flags, 3, "PROT_NONE");
	assert_string_equal(line, "PROT_READ|PROT_WRITE");
	strace_map_flags_print(fresh(), 0x22);
	assert_string_equal(line, "MAP_PRIVATE|MAP_ANONYMOUS");
	strace_flags(fresh(), strace_access_modes, 0, "F_OK");
	assert_string_equal(line, "F_OK");
	strace_flags(fresh(), strace_statx_mask, 0xfff, NULL);
	assert_string_equal(line, "STATX_ALL");
	strace_flags(fresh(), strace_statx_mask, 0x7ff | 0x1000, NULL);
	assert_string_equal(line, "STATX_BASIC_STATS|STATX_MNT_ID");
	strace_value(fresh(), strace_fcntl_cmds, 1030);
	assert_string_equal(line, "F_DUPFD_CLOEXEC");
	strace_value(fresh(), strace_fcntl_cmds, 4242);
	assert_string_equal(line, "4242");
	strace_value_hex(fresh(), strace_ioctl_reqs, 0x5401);
	assert_string_equal(line, "TCGETS");
	strace_value_hex(fresh(), strace_ioctl_reqs, 0xc0de);
	assert_string_equal(line, "0xc0de");
	strace_futex_op_print(fresh(), 128 | 9 | 256);
	assert_string_equal(line, "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
	strace_mode_print(fresh(), 0100644);
	assert_string_equal(line, "S_IFREG|0644");
	strace_octal(fresh(), 022);
	assert_string_equal(line, "022");
}

static void test_errno(void **state)
{
	(void)state;
	assert_string_equal(strace_errno_name(ENOENT), "ENOENT");
	assert_string_equal(strace_errno_text(ENOENT), "No such file or directory");
	assert_string_equal(strace_errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(strace_errno_text(ENOSYS), "Function not implemented");
	assert_null(strace_errno_name(41)); /* no such errno on Linux */
	strace_error(fresh(), EBADF);
	assert_string_equal(line, "-1 EBADF (Bad file descriptor)");
	strace_error(fresh(), ERESTARTSYS);
	assert_string_equal(line, "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	strace_error(fresh(), ERESTART_RESTARTBLOCK);
	assert_string_equal(line, "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	strace_error(fresh(), 41);
	assert_string_equal(line, "-1 ERRNO_41 (Unknown error 41)");
	/* every errno Linux defines up to EHWPOISON has a name and a text */
	for (long e = 1; e <= 133; e++)
		if (e != 41 && e != 58)
			assert_non_null(strace_errno_text(e));
}

/* ---- signals */

static void test_signals(void **state)
{
	(void)state;
	assert_string_equal(strace_signal_name(17), "SIGCHLD");
	assert_string_equal(strace_signal_name(32), "SIGRTMIN");
	assert_string_equal(strace_signal_name(64), "SIGRT_32");
	assert_null(strace_signal_name(65));
	strace_sigset(fresh(), (1UL << 1) | (1UL << 14));
	assert_string_equal(line, "[INT TERM]");
	strace_sigset(fresh(), 0);
	assert_string_equal(line, "[]");
	strace_sigset(fresh(), ~0UL);
	assert_string_equal(line, "~[]");
	strace_sigset(fresh(), ~((1UL << 31) | (1UL << 32)));
	assert_string_equal(line, "~[RTMIN RT_1]");
	strace_siginfo(fresh(), 17, 1, 43, 0);
	assert_string_equal(line, "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, si_uid=0}");
	strace_siginfo(fresh(), 11, 1, 0, 0);
	assert_string_equal(line, "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}");
	strace_siginfo(fresh(), 10, -6, 7, 0);
	assert_string_equal(line, "{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=7, si_uid=0}");
	strace_wait_status(fresh(), 3 << 8);
	assert_string_equal(line, "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]");
	strace_wait_status(fresh(), 9);
	assert_string_equal(line, "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]");
}

/* ---- whole calls from the table */

static void test_calls(void **state)
{
	(void)state;
	static const char passwd[] = "/etc/passwd";
	static const char data[] = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n";
	u64 p = map(0x10000, passwd, sizeof(passwd));
	u64 d = map(0x20000, data, sizeof(data) - 1);
	assert_string_equal(call(__NR_openat, (u64)-100, p, 02000000, 0, 0, 0, 3),
			    want("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC)", "3"));
	assert_string_equal(call(__NR_openat, (u64)-100, p, 0101, 0644, 0, 0, -ENOENT),
			    want("openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY|O_CREAT, 0644)",
				 "-1 ENOENT (No such file or directory)"));
	assert_string_equal(call(__NR_read, 3, d, 4096, 0, 0, 0, 10), want("read(3, \"root:x:0:0\", 4096)", "10"));
	assert_string_equal(call(__NR_read, 3, d, 4096, 0, 0, 0, 52),
			    want("read(3, \"root:x:0:0:root:/root:/bin/bash\\n\"..., 4096)", "52"));
	/* a failed call shows its output buffer as the pointer */
	assert_string_equal(call(__NR_read, 3, d, 4096, 0, 0, 0, -EAGAIN),
			    want("read(3, 0x20000, 4096)", "-1 EAGAIN (Resource temporarily unavailable)"));
	assert_string_equal(call(__NR_read, 0, d, 4096, 0, 0, 0, -ERESTARTSYS),
			    want("read(0, 0x20000, 4096)", "? ERESTARTSYS (To be restarted if SA_RESTART is set)"));
	assert_string_equal(call(__NR_write, 1, map(0x30000, "hello\n", 6), 6, 0, 0, 0, 6),
			    want("write(1, \"hello\\n\", 6)", "6"));
	assert_string_equal(
		call(__NR_mmap, 0, 8192, 3, 0x22, (u64)-1, 0, (long)0xffff80000000UL),
		want("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)", "0xffff80000000"));
	assert_string_equal(
		call(__NR_mmap, 0, 8192, 1, 2, 3, 0x5000, -ENOMEM),
		want("mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0x5000)", "-1 ENOMEM (Cannot allocate memory)"));
	assert_string_equal(call(__NR_exit_group, 0, 0, 0, 0, 0, 0, 0), want("exit_group(0)", "?"));
	assert_string_equal(call(__NR_brk, 0, 0, 0, 0, 0, 0, 0x4000000), want("brk(NULL)", "0x4000000"));
	assert_string_equal(call(__NR_umask, 077, 0, 0, 0, 0, 0, 022), want("umask(077)", "022"));
	assert_string_equal(call(__NR_close, 7, 0, 0, 0, 0, 0, -EBADF),
			    want("close(7)", "-1 EBADF (Bad file descriptor)"));
	assert_string_equal(call(__NR_fcntl, 3, 1, 99, 0, 0, 0, 1),
			    want("fcntl(3, F_GETFD)", "0x1 (flags FD_CLOEXEC)"));
	assert_string_equal(call(__NR_fcntl, 3, 3, 0, 0, 0, 0, 0400002),
			    want("fcntl(3, F_GETFL)", "0x20002 (flags O_RDWR|O_LARGEFILE)"));
	assert_string_equal(call(__NR_fcntl, 3, 2, 1, 0, 0, 0, 0), want("fcntl(3, F_SETFD, FD_CLOEXEC)", "0"));
	assert_string_equal(call(__NR_ioctl, 1, 0x5401, 0x7000, 0, 0, 0, 0), want("ioctl(1, TCGETS, 0x7000)", "0"));
	assert_string_equal(call(__NR_kill, 42, 15, 0, 0, 0, 0, 0), want("kill(42, SIGTERM)", "0"));
	assert_string_equal(call(__NR_futex, 0x9000, 129, 1, 0, 0, 0, 0),
			    want("futex(0x9000, FUTEX_WAKE_PRIVATE, 1)", "0"));
	assert_string_equal(
		call(__NR_futex, 0x9000, 128 | 9 | 256, 0, 0, 0, 0xffffffff, 0),
		want("futex(0x9000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY)",
		     "0"));
	assert_string_equal(call(__NR_clone, 0x1200011, 0, 0, 0, 0xabc0, 0, 43),
			    want("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
				 "child_tidptr=0xabc0)",
				 "43"));
	assert_string_equal(call(__NR_getrandom, map(0x40000, "\x00\xc8", 2), 8, 1, 0, 0, 0, 2),
			    want("getrandom(\"\\x00\\xc8\", 8, GRND_NONBLOCK)", "2"));
	assert_string_equal(call(__NR_restart_syscall, __NR_nanosleep, 0, 0, 0, 0, 0, 0),
			    want("restart_syscall(<... resuming interrupted nanosleep ...>)", "0"));
	assert_string_equal(call(__NR_clone, 17, 0, 0, 0, 0, 0, 5),
			    want("clone(child_stack=NULL, flags=SIGCHLD)", "5"));
	static const s32 child_tid = 44;
	assert_string_equal(call(__NR_clone, 0x100000 | 17, 0, map(0x50000, &child_tid, 4), 0, 0, 0, 44),
			    want("clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[44])", "44"));
	assert_string_equal(call(__NR_writev, 1, 0x8, 2, 0, 0, 0, -EFAULT),
			    want("writev(1, 0x8, 2)", "-1 EFAULT (Bad address)"));
	static const u64 set = 1;
	assert_string_equal(call(__NR_rt_sigprocmask, 7, map(0x60000, &set, 8), 0, 8, 0, 0, -EINVAL),
			    want("rt_sigprocmask(0x7 /* SIG_??? */, [HUP], NULL, 8)", "-1 EINVAL (Invalid argument)"));
	assert_string_equal(call(__NR_rt_sigprocmask, 0, 0x60000, 0, 4, 0, 0, -EINVAL),
			    want("rt_sigprocmask(SIG_BLOCK, 0x60000, NULL, 4)", "-1 EINVAL (Invalid argument)"));
	assert_string_equal(call(__NR_mremap, 0x70000, 8192, 65536, 1, 0x90000, 0, 0x80000),
			    want("mremap(0x70000, 8192, 65536, MREMAP_MAYMOVE)", "0x80000"));
	assert_string_equal(call(__NR_getrusage, (u64)-1, 0x1000, 0, 0, 0, 0, 0),
			    want("getrusage(RUSAGE_CHILDREN, 0x1000)", "0"));
	assert_string_equal(
		call(__NR_ioctl, 1, 0x5499, 0, 0, 0, 0, -ENOTTY),
		want("ioctl(1, _IOC(_IOC_NONE, 0x54, 0x99, 0), 0)", "-1 ENOTTY (Inappropriate ioctl for device)"));
	assert_string_equal(
		call(__NR_nanosleep, map(0x2000, "\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16), 0x2000, 0, 0, 0, 0, 0),
		want("nanosleep({tv_sec=1, tv_nsec=0}, 0x2000)", "0"));
	static const char name[] = "a-rather-long-thread-name";
	assert_string_equal(call(__NR_prctl, 15, map(0x1000, name, sizeof(name)), 0, 0, 0, 0, 0),
			    want("prctl(PR_SET_NAME, \"a-rather-long-t\"...)", "0"));
	assert_string_equal(call(__NR_prctl, 3, 7, 7, 7, 7, 0, 1),
			    want("prctl(PR_GET_DUMPABLE)", "1 (SUID_DUMP_USER)"));
	assert_string_equal(call(__NR_prctl, 0x999, 1, 0, 0, 0, 0, -EINVAL),
			    want("prctl(0x999 /* PR_??? */, 0x1, 0, 0, 0)", "-1 EINVAL (Invalid argument)"));
	/* a number the table does not describe: its registers in hex */
	assert_string_equal(call(450, 1, 2, 0, 0, 0, 0, -ENOSYS),
			    want("syscall_0x1c2(0x1, 0x2, 0, 0, 0, 0)", "-1 ENOSYS (Function not implemented)"));
}

static void test_structs(void **state)
{
	(void)state;
	static const s32 fds[2] = {3, 4};
	static const u64 ts[2] = {1, 500000000};
	static const u64 rl[2] = {8 << 20, ~0UL};
	static const u64 sa[4] = {0x400123, 0x04000000 | 0x10000000, 0x400800, 1UL << 9};
	assert_string_equal(call(__NR_pipe2, map(0x1000, fds, sizeof(fds)), 02000000, 0, 0, 0, 0, 0),
			    want("pipe2([3, 4], O_CLOEXEC)", "0"));
	assert_string_equal(call(__NR_nanosleep, map(0x2000, ts, sizeof(ts)), 0, 0, 0, 0, 0, 0),
			    want("nanosleep({tv_sec=1, tv_nsec=500000000}, NULL)", "0"));
	assert_string_equal(
		call(__NR_prlimit64, 0, 3, 0, map(0x3000, rl, sizeof(rl)), 0, 0, 0),
		want("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY})", "0"));
	assert_string_equal(call(__NR_rt_sigaction, 17, map(0x4000, sa, sizeof(sa)), 0, 8, 0, 0, 0),
			    want("rt_sigaction(SIGCHLD, {sa_handler=0x400123, sa_mask=[USR1], "
				 "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x400800}, NULL, 8)",
				 "0"));
	u64 stat[16] = {0};
	stat[2] = 0100644; /* st_mode (and st_nlink 0) */
	stat[6] = 1234;	   /* st_size */
	assert_string_equal(call(__NR_fstat, 3, map(0x5000, stat, sizeof(stat)), 0, 0, 0, 0, 0),
			    want("fstat(3, {st_mode=S_IFREG|0644, st_size=1234, ...})", "0"));
	static const char *const argv_strings[] = {"/bin/hello", "an argument longer than thirty-two bytes"};
	u64 argv[3] = {map(0x6000, argv_strings[0], 11), map(0x7000, argv_strings[1], 41), 0};
	u64 envp[2] = {0x6000, 0};
	assert_string_equal(
		call(__NR_execve, 0x6000, map(0x8000, argv, sizeof(argv)), 0x9000, 0, 0, 0, 0),
		want("execve(\"/bin/hello\", [\"/bin/hello\", \"an argument longer than thirty-t\"...], 0x9000)", "0"));
	map(0x9000, envp, sizeof(envp));
	assert_string_equal(call(__NR_execve, 0x6000, 0x8000, 0x9000, 0, 0, 0, 0),
			    want("execve(\"/bin/hello\", [\"/bin/hello\", \"an argument longer than thirty-t\"...], "
				 "0x9000 /* 1 var */)",
				 "0"));
}

/* The entry half stops before the first output argument, so an
 * interrupted call reads "read(0, " + " <unfinished ...>". */
static void test_entry_exit_split(void **state)
{
	(void)state;
	u64 args[6] = {0, 0x20000, 64, 0, 0, 0};
	map(0x20000, "hi\n", 3);
	strace_format_entry(fresh(), __NR_read, NULL, args);
	assert_string_equal(line, "read(0, ");
	strace_format_exit(fresh(), __NR_read, args, 3);
	assert_string_equal(line, "\"hi\\n\", 64)\t= 3");
	u64 w[6] = {(u64)-1, 0, 0, 0, 0, 0};
	strace_format_entry(fresh(), __NR_wait4, NULL, w);
	assert_string_equal(line, "wait4(-1, ");
	strace_format_entry(fresh(), __NR_getcwd, NULL, w);
	assert_string_equal(line, "getcwd(");
}

/* Every implemented call has a line in strace_table.c. */
static void test_every_syscall_described(void **state)
{
	(void)state;
#define SYSCALL(name) assert_non_null(strace_syscall_info(__NR_##name));
#include "syscall_list.h"
#undef SYSCALL
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_quote_escapes, reset),
		cmocka_unit_test_setup(test_user_strings, reset),
		cmocka_unit_test_setup(test_line_cut, reset),
		cmocka_unit_test_setup(test_flags, reset),
		cmocka_unit_test_setup(test_errno, reset),
		cmocka_unit_test_setup(test_signals, reset),
		cmocka_unit_test_setup(test_calls, reset),
		cmocka_unit_test_setup(test_structs, reset),
		cmocka_unit_test_setup(test_entry_exit_split, reset),
		cmocka_unit_test_setup(test_every_syscall_described, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
