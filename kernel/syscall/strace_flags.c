/*
 * strace_flags.c — named values and flag sets, printed as strace prints
 * them: a name, or A|B|0x.. for flags (bits without a name last, in hex).
 *
 * The values are Linux's ABI for arm64, from the uapi header named above
 * each table. When a table lists a composite value (O_SYNC = __O_SYNC |
 * O_DSYNC, STATX_BASIC_STATS) it comes before its parts, so the printer,
 * which takes the first entry whose bits are all set, shows the composite.
 */
#include <strace_decode.h>

#include <string.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <uapi/misc.h>
#include <uapi/mman.h>

const char *strace_name_of(const struct strace_name *table, u64 value)
{
	for (const struct strace_name *n = table; n->name; n++)
		if (n->value == value)
			return n->name;
	return NULL;
}

void strace_value(struct strace_out *o, const struct strace_name *table, s64 value)
{
	const char *name = strace_name_of(table, (u64)value);
	if (name)
		strace_puts(o, name);
	else
		strace_printf(o, "%ld", (long)value);
}

void strace_value_or(struct strace_out *o, const struct strace_name *table, u32 value, const char *unknown)
{
	const char *name = strace_name_of(table, value);
	if (name)
		strace_puts(o, name);
	else
		strace_printf(o, "%#x /* %s */", value, unknown);
}

void strace_value_hex(struct strace_out *o, const struct strace_name *table, u64 value)
{
	const char *name = strace_name_of(table, value);
	if (name)
		strace_puts(o, name);
	else
		strace_hex(o, value);
}

void strace_flags_or(struct strace_out *o, const struct strace_name *table, u64 value, const char *zero_name,
		     const char *unknown)
{
	bool first = true;
	for (const struct strace_name *n = table; n->name && value; n++) {
		if (n->value && (value & n->value) == n->value) {
			strace_printf(o, "%s%s", first ? "" : "|", n->name);
			value &= ~n->value;
			first = false;
		}
	}
	if (value && first && unknown)
		strace_printf(o, "%#lx /* %s */", (unsigned long)value, unknown);
	else if (value)
		strace_printf(o, "%s%#lx", first ? "" : "|", (unsigned long)value);
	else if (first)
		strace_puts(o, zero_name ? zero_name : "0");
}

void strace_flags(struct strace_out *o, const struct strace_name *table, u64 value, const char *zero_name)
{
	strace_flags_or(o, table, value, zero_name, NULL);
}

void strace_octal(struct strace_out *o, u64 v)
{
	strace_printf(o, "%#03lo", (unsigned long)v);
}

/* include/uapi/asm-generic/fcntl.h with arm64's O_DIRECTORY..O_DIRECT, in
 * strace's order (xlat/open_mode_flags: O_SYNC before O_DSYNC, O_TMPFILE
 * before O_DIRECTORY), which the differential test checks */
const struct strace_name strace_open_flags[] = {
	{0100, "O_CREAT"},	 {0200, "O_EXCL"},	  {0400, "O_NOCTTY"},	    {01000, "O_TRUNC"},
	{02000, "O_APPEND"},	 {04000, "O_NONBLOCK"},	  {04010000, "O_SYNC"},	    {010000, "O_DSYNC"},
	{020000, "FASYNC"},	 {0200000, "O_DIRECT"},	  {0400000, "O_LARGEFILE"}, {0100000, "O_NOFOLLOW"},
	{01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"}, {010000000, "O_PATH"},    {020040000, "O_TMPFILE"},
	{040000, "O_DIRECTORY"}, STRACE_NAMES_END,
};

void strace_open_flags_print(struct strace_out *o, u64 flags)
{
	static const char *const modes[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
	strace_puts(o, modes[flags & 3]);
	if (flags & ~3UL) {
		strace_putc(o, '|');
		strace_flags(o, strace_open_flags, flags & ~3UL, NULL);
	}
}

/* include/uapi/linux/fcntl.h */
const struct strace_name strace_at_flags[] = {
	{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},   {0x400, "AT_SYMLINK_FOLLOW"},
	{0x800, "AT_NO_AUTOMOUNT"},	{0x1000, "AT_EMPTY_PATH"}, {0x2000, "AT_STATX_FORCE_SYNC"},
	{0x4000, "AT_STATX_DONT_SYNC"}, {0x8000, "AT_RECURSIVE"},  STRACE_NAMES_END,
};

/* include/linux/fs.h MAY_* as access(2) names them */
const struct strace_name strace_access_modes[] = {
	{4, "R_OK"},
	{2, "W_OK"},
	{1, "X_OK"},
	STRACE_NAMES_END,
};

const struct strace_name strace_seek_whence[] = {
	{0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}, STRACE_NAMES_END,
};

/* include/uapi/asm-generic/fcntl.h, include/uapi/linux/fcntl.h */
const struct strace_name strace_fcntl_cmds[] = {
	{F_DUPFD, "F_DUPFD"},
	{F_GETFD, "F_GETFD"},
	{F_SETFD, "F_SETFD"},
	{F_GETFL, "F_GETFL"},
	{F_SETFL, "F_SETFL"},
	{F_GETLK, "F_GETLK"},
	{F_SETLK, "F_SETLK"},
	{F_SETLKW, "F_SETLKW"},
	{F_SETOWN, "F_SETOWN"},
	{F_GETOWN, "F_GETOWN"},
	{F_SETSIG, "F_SETSIG"},
	{F_GETSIG, "F_GETSIG"},
	{F_SETOWN_EX, "F_SETOWN_EX"},
	{F_GETOWN_EX, "F_GETOWN_EX"},
	{F_OFD_GETLK, "F_OFD_GETLK"},
	{F_OFD_SETLK, "F_OFD_SETLK"},
	{F_OFD_SETLKW, "F_OFD_SETLKW"},
	{F_SETLEASE, "F_SETLEASE"},
	{F_GETLEASE, "F_GETLEASE"},
	{F_NOTIFY, "F_NOTIFY"},
	{F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC"},
	{F_SETPIPE_SZ, "F_SETPIPE_SZ"},
	{F_GETPIPE_SZ, "F_GETPIPE_SZ"},
	{F_ADD_SEALS, "F_ADD_SEALS"},
	{F_GET_SEALS, "F_GET_SEALS"},
	STRACE_NAMES_END,
};

const struct strace_name strace_fd_flags[] = {
	{1, "FD_CLOEXEC"},
	STRACE_NAMES_END,
};

/* include/uapi/asm-generic/ioctls.h; TCSETS* share their numbers with OSS's
 * SNDCTL_TMR_* and strace names both, as here */
const struct strace_name strace_ioctl_reqs[] = {
	{TCGETS, "TCGETS"},
	{TCSETS, "SNDCTL_TMR_START or TCSETS"},
	{TCSETSW, "SNDCTL_TMR_STOP or TCSETSW"},
	{TCSETSF, "SNDCTL_TMR_CONTINUE or TCSETSF"},
	{TCSBRK, "TCSBRK"},
	{TCXONC, "TCXONC"},
	{TCFLSH, "TCFLSH"},
	{TIOCEXCL, "TIOCEXCL"},
	{TIOCNXCL, "TIOCNXCL"},
	{TIOCSCTTY, "TIOCSCTTY"},
	{TIOCGPGRP, "TIOCGPGRP"},
	{TIOCSPGRP, "TIOCSPGRP"},
	{TIOCOUTQ, "TIOCOUTQ"},
	{TIOCSTI, "TIOCSTI"},
	{TIOCGWINSZ, "TIOCGWINSZ"},
	{TIOCSWINSZ, "TIOCSWINSZ"},
	{FIONREAD, "FIONREAD"},
	{FIONBIO, "FIONBIO"},
	{TIOCNOTTY, "TIOCNOTTY"},
	{TIOCGSID, "TIOCGSID"},
	{TIOCGPTN, "TIOCGPTN"},
	{TIOCSPTLCK, "TIOCSPTLCK"},
	{FIONCLEX, "FIONCLEX"},
	{FIOCLEX, "FIOCLEX"},
	{FIOASYNC, "FIOASYNC"},
	STRACE_NAMES_END,
};

/* A request without a name as its _IOC() parts (include/uapi/asm-generic/ioctl.h). */
void strace_ioctl_request(struct strace_out *o, u32 req)
{
	static const char *const dirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"};
	const char *name = strace_name_of(strace_ioctl_reqs, req);
	if (name)
		strace_puts(o, name);
	else
		strace_printf(o, "_IOC(%s, %#x, %#x, %#x)", dirs[req >> 30], (req >> 8) & 0xff, req & 0xff,
			      (req >> 16) & 0x3fff);
}

/* include/uapi/asm-generic/mman-common.h, arch/arm64/include/uapi/asm/mman.h */
const struct strace_name strace_prot_flags[] = {
	{0x1, "PROT_READ"},
	{0x2, "PROT_WRITE"},
	{0x4, "PROT_EXEC"},
	{0x8, "PROT_SEM"},
	{0x10, "PROT_BTI"},
	{0x20, "PROT_MTE"},
	{0x01000000, "PROT_GROWSDOWN"},
	{0x02000000, "PROT_GROWSUP"},
	STRACE_NAMES_END,
};

const struct strace_name strace_map_types[] = {
	{0, "MAP_FILE"}, /* no type: strace's name for it */
	{1, "MAP_SHARED"}, {2, "MAP_PRIVATE"}, {3, "MAP_SHARED_VALIDATE"}, STRACE_NAMES_END,
};

/* in strace's order (xlat/mmap_flags), which the differential test checks */
const struct strace_name strace_map_flags[] = {
	{0x10, "MAP_FIXED"},
	{0x20, "MAP_ANONYMOUS"},
	{0x4000, "MAP_NORESERVE"},
	{0x8000, "MAP_POPULATE"},
	{0x10000, "MAP_NONBLOCK"},
	{0x100, "MAP_GROWSDOWN"},
	{0x800, "MAP_DENYWRITE"},
	{0x1000, "MAP_EXECUTABLE"},
	{0x2000, "MAP_LOCKED"},
	{0x20000, "MAP_STACK"},
	{0x40000, "MAP_HUGETLB"},
	{0x80000, "MAP_SYNC"},
	{0x4000000, "MAP_UNINITIALIZED"},
	{0x100000, "MAP_FIXED_NOREPLACE"},
	STRACE_NAMES_END,
};

void strace_map_flags_print(struct strace_out *o, u64 flags)
{
	strace_value_hex(o, strace_map_types, flags & 0xf);
	if (flags & ~0xfUL) {
		strace_putc(o, '|');
		strace_flags(o, strace_map_flags, flags & ~0xfUL, NULL);
	}
}

const struct strace_name strace_madvise_advice[] = {
	{0, "MADV_NORMAL"},	     {1, "MADV_RANDOM"},     {2, "MADV_SEQUENTIAL"},   {3, "MADV_WILLNEED"},
	{4, "MADV_DONTNEED"},	     {8, "MADV_FREE"},	     {9, "MADV_REMOVE"},       {10, "MADV_DONTFORK"},
	{11, "MADV_DOFORK"},	     {12, "MADV_MERGEABLE"}, {13, "MADV_UNMERGEABLE"}, {14, "MADV_HUGEPAGE"},
	{15, "MADV_NOHUGEPAGE"},     {16, "MADV_DONTDUMP"},  {17, "MADV_DODUMP"},      {18, "MADV_WIPEONFORK"},
	{19, "MADV_KEEPONFORK"},     {20, "MADV_COLD"},	     {21, "MADV_PAGEOUT"},     {22, "MADV_POPULATE_READ"},
	{23, "MADV_POPULATE_WRITE"}, STRACE_NAMES_END,
};

const struct strace_name strace_msync_flags[] = {
	/* strace's order */
	{MS_SYNC, "MS_SYNC"},
	{MS_ASYNC, "MS_ASYNC"},
	{MS_INVALIDATE, "MS_INVALIDATE"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/mman.h */
const struct strace_name strace_mremap_flags[] = {
	{1, "MREMAP_MAYMOVE"},
	{2, "MREMAP_FIXED"},
	{4, "MREMAP_DONTUNMAP"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/sched.h; the low byte is the exit signal */
const struct strace_name strace_clone_flags[] = {
	{0x100, "CLONE_VM"},
	{0x200, "CLONE_FS"},
	{0x400, "CLONE_FILES"},
	{0x800, "CLONE_SIGHAND"},
	{0x1000, "CLONE_PIDFD"},
	{0x2000, "CLONE_PTRACE"},
	{0x4000, "CLONE_VFORK"},
	{0x8000, "CLONE_PARENT"},
	{0x10000, "CLONE_THREAD"},
	{0x20000, "CLONE_NEWNS"},
	{0x40000, "CLONE_SYSVSEM"},
	{0x80000, "CLONE_SETTLS"},
	{0x100000, "CLONE_PARENT_SETTID"},
	{0x200000, "CLONE_CHILD_CLEARTID"},
	{0x400000, "CLONE_DETACHED"},
	{0x800000, "CLONE_UNTRACED"},
	{0x1000000, "CLONE_CHILD_SETTID"},
	{0x2000000, "CLONE_NEWCGROUP"},
	{0x4000000, "CLONE_NEWUTS"},
	{0x8000000, "CLONE_NEWIPC"},
	{0x10000000, "CLONE_NEWUSER"},
	{0x20000000, "CLONE_NEWPID"},
	{0x40000000, "CLONE_NEWNET"},
	{0x80000000UL, "CLONE_IO"},
	{0x100000000UL, "CLONE_CLEAR_SIGHAND"},
	{0x200000000UL, "CLONE_INTO_CGROUP"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/futex.h */
const struct strace_name strace_futex_cmds[] = {
	{0, "FUTEX_WAIT"},
	{1, "FUTEX_WAKE"},
	{2, "FUTEX_FD"},
	{3, "FUTEX_REQUEUE"},
	{4, "FUTEX_CMP_REQUEUE"},
	{5, "FUTEX_WAKE_OP"},
	{6, "FUTEX_LOCK_PI"},
	{7, "FUTEX_UNLOCK_PI"},
	{8, "FUTEX_TRYLOCK_PI"},
	{9, "FUTEX_WAIT_BITSET"},
	{10, "FUTEX_WAKE_BITSET"},
	{11, "FUTEX_WAIT_REQUEUE_PI"},
	{12, "FUTEX_CMP_REQUEUE_PI"},
	{13, "FUTEX_LOCK_PI2"},
	STRACE_NAMES_END,
};

#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256

void strace_futex_op_print(struct strace_out *o, u64 op)
{
	u64 cmd = op & ~(u64)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	const char *name = strace_name_of(strace_futex_cmds, cmd);
	if (!name) {
		strace_printf(o, "%#lx /* FUTEX_??? */", (unsigned long)op);
		return;
	}
	strace_printf(o, "%s%s%s", name, (op & FUTEX_PRIVATE_FLAG) ? "_PRIVATE" : "",
		      (op & FUTEX_CLOCK_REALTIME) ? "|FUTEX_CLOCK_REALTIME" : "");
}

/* include/uapi/linux/time.h */
const struct strace_name strace_clock_ids[] = {
	{0, "CLOCK_REALTIME"},
	{1, "CLOCK_MONOTONIC"},
	{2, "CLOCK_PROCESS_CPUTIME_ID"},
	{3, "CLOCK_THREAD_CPUTIME_ID"},
	{4, "CLOCK_MONOTONIC_RAW"},
	{5, "CLOCK_REALTIME_COARSE"},
	{6, "CLOCK_MONOTONIC_COARSE"},
	{7, "CLOCK_BOOTTIME"},
	{8, "CLOCK_REALTIME_ALARM"},
	{9, "CLOCK_BOOTTIME_ALARM"},
	{10, "CLOCK_SGI_CYCLE"},
	{11, "CLOCK_TAI"},
	STRACE_NAMES_END,
};

const struct strace_name strace_timer_flags[] = {
	{1, "TIMER_ABSTIME"},
	STRACE_NAMES_END,
};

/* include/uapi/asm-generic/resource.h */
const struct strace_name strace_rlimit_resources[] = {
	{0, "RLIMIT_CPU"},	 {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},    {3, "RLIMIT_STACK"},
	{4, "RLIMIT_CORE"},	 {5, "RLIMIT_RSS"},   {6, "RLIMIT_NPROC"},   {7, "RLIMIT_NOFILE"},
	{8, "RLIMIT_MEMLOCK"},	 {9, "RLIMIT_AS"},    {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
	{12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/prctl.h */
const struct strace_name strace_prctl_options[] = {
	{1, "PR_SET_PDEATHSIG"},
	{2, "PR_GET_PDEATHSIG"},
	{3, "PR_GET_DUMPABLE"},
	{4, "PR_SET_DUMPABLE"},
	{15, "PR_SET_NAME"},
	{16, "PR_GET_NAME"},
	{21, "PR_GET_SECCOMP"},
	{22, "PR_SET_SECCOMP"},
	{23, "PR_CAPBSET_READ"},
	{24, "PR_CAPBSET_DROP"},
	{29, "PR_SET_TIMERSLACK"},
	{30, "PR_GET_TIMERSLACK"},
	{35, "PR_SET_MM"},
	{36, "PR_SET_CHILD_SUBREAPER"},
	{37, "PR_GET_CHILD_SUBREAPER"},
	{38, "PR_SET_NO_NEW_PRIVS"},
	{39, "PR_GET_NO_NEW_PRIVS"},
	{41, "PR_SET_THP_DISABLE"},
	{42, "PR_GET_THP_DISABLE"},
	{50, "PR_SVE_SET_VL"},
	{51, "PR_SVE_GET_VL"},
	{54, "PR_PAC_RESET_KEYS"},
	{55, "PR_SET_TAGGED_ADDR_CTRL"},
	{56, "PR_GET_TAGGED_ADDR_CTRL"},
	{0x53564d41, "PR_SET_VMA"},
	{0x41555856, "PR_GET_AUXV"},
	STRACE_NAMES_END,
};

/* include/uapi/asm-generic/signal-defs.h */
const struct strace_name strace_sigprocmask_how[] = {
	{0, "SIG_BLOCK"},
	{1, "SIG_UNBLOCK"},
	{2, "SIG_SETMASK"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/wait.h */
const struct strace_name strace_wait_options[] = {
	{1, "WNOHANG"},		{2, "WUNTRACED"},	    {4, "WEXITED"},
	{8, "WCONTINUED"},	{0x01000000, "WNOWAIT"},    {0x20000000, "__WNOTHREAD"},
	{0x40000000, "__WALL"}, {0x80000000UL, "__WCLONE"}, STRACE_NAMES_END,
};

/* include/uapi/linux/random.h */
const struct strace_name strace_random_flags[] = {
	{1, "GRND_NONBLOCK"},
	{2, "GRND_RANDOM"},
	{4, "GRND_INSECURE"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/stat.h */
const struct strace_name strace_statx_mask[] = {
	{0xfff, "STATX_ALL"},	 {0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},	 {0x2, "STATX_MODE"},
	{0x4, "STATX_NLINK"},	 {0x8, "STATX_UID"},	       {0x10, "STATX_GID"},	 {0x20, "STATX_ATIME"},
	{0x40, "STATX_MTIME"},	 {0x80, "STATX_CTIME"},	       {0x100, "STATX_INO"},	 {0x200, "STATX_SIZE"},
	{0x400, "STATX_BLOCKS"}, {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"}, {0x2000, "STATX_DIOALIGN"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/resource.h */
const struct strace_name strace_rusage_who[] = {
	{0, "RUSAGE_SELF"},
	{0xffffffffu, "RUSAGE_CHILDREN"}, /* -1 as the u32 the printer compares */
	{1, "RUSAGE_THREAD"},
	STRACE_NAMES_END,
};

/* include/uapi/linux/signal.h */
const struct strace_name strace_sigaltstack_flags[] = {
	{1, "SS_ONSTACK"},
	{2, "SS_DISABLE"},
	{0x80000000UL, "SS_AUTODISARM"},
	STRACE_NAMES_END,
};

/* include/uapi/asm-generic/poll.h */
const struct strace_name strace_poll_events[] = {
	{POLLIN, "POLLIN"},	    {POLLPRI, "POLLPRI"},	{POLLOUT, "POLLOUT"},	    {POLLERR, "POLLERR"},
	{POLLHUP, "POLLHUP"},	    {POLLNVAL, "POLLNVAL"},	{POLLRDNORM, "POLLRDNORM"}, {POLLRDBAND, "POLLRDBAND"},
	{POLLWRNORM, "POLLWRNORM"}, {POLLWRBAND, "POLLWRBAND"}, {POLLMSG, "POLLMSG"},	    {POLLRDHUP, "POLLRDHUP"},
	STRACE_NAMES_END,
};

void strace_mode_print(struct strace_out *o, u32 mode)
{
	static const struct strace_name types[] = {
		{0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"}, {0100000, "S_IFREG"}, {0060000, "S_IFBLK"},
		{0040000, "S_IFDIR"},  {0020000, "S_IFCHR"}, {0010000, "S_IFIFO"}, STRACE_NAMES_END,
	};
	const char *type = strace_name_of(types, mode & 0170000);
	if (type)
		strace_printf(o, "%s|", type);
	else if (mode & 0170000)
		strace_printf(o, "%#o|", mode & 0170000);
	strace_printf(o, "0%03o", mode & 07777);
}
