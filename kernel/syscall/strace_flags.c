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
#include <uapi/futex.h>
#include <uapi/ioctls.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include <uapi/prctl.h>
#include <uapi/random.h>
#include <uapi/resource.h>
#include <uapi/sched.h>
#include <uapi/signal.h>
#include <uapi/stat.h>
#include <uapi/time.h>
#include <uapi/wait.h>

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
	STRACE_NAME(O_CREAT),	  STRACE_NAME(O_EXCL),	   STRACE_NAME(O_NOCTTY),    STRACE_NAME(O_TRUNC),
	STRACE_NAME(O_APPEND),	  STRACE_NAME(O_NONBLOCK), STRACE_NAME(O_SYNC),	     STRACE_NAME(O_DSYNC),
	{O_ASYNC, "FASYNC"},	  STRACE_NAME(O_DIRECT),   STRACE_NAME(O_LARGEFILE), STRACE_NAME(O_NOFOLLOW),
	STRACE_NAME(O_NOATIME),	  STRACE_NAME(O_CLOEXEC),  STRACE_NAME(O_PATH),	     STRACE_NAME(O_TMPFILE),
	STRACE_NAME(O_DIRECTORY), STRACE_NAMES_END,
};

void strace_open_flags_print(struct strace_out *o, u64 flags)
{
	static const char *const modes[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
	strace_puts(o, modes[flags & O_ACCMODE]);
	if (flags & ~(u64)O_ACCMODE) {
		strace_putc(o, '|');
		strace_flags(o, strace_open_flags, flags & ~(u64)O_ACCMODE, NULL);
	}
}

/* include/uapi/linux/fcntl.h */
const struct strace_name strace_at_flags[] = {
	STRACE_NAME(AT_SYMLINK_NOFOLLOW), STRACE_NAME(AT_REMOVEDIR),  STRACE_NAME(AT_SYMLINK_FOLLOW),
	STRACE_NAME(AT_NO_AUTOMOUNT),	  STRACE_NAME(AT_EMPTY_PATH), STRACE_NAME(AT_STATX_FORCE_SYNC),
	STRACE_NAME(AT_STATX_DONT_SYNC),  STRACE_NAME(AT_RECURSIVE),  STRACE_NAMES_END,
};

/* include/linux/fs.h MAY_* as access(2) names them */
const struct strace_name strace_access_modes[] = {
	STRACE_NAME(R_OK),
	STRACE_NAME(W_OK),
	STRACE_NAME(X_OK),
	STRACE_NAMES_END,
};

const struct strace_name strace_seek_whence[] = {
	STRACE_NAME(SEEK_SET),	STRACE_NAME(SEEK_CUR),	STRACE_NAME(SEEK_END),
	STRACE_NAME(SEEK_DATA), STRACE_NAME(SEEK_HOLE), STRACE_NAMES_END,
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
	STRACE_NAME(FD_CLOEXEC),
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
	STRACE_NAME(PROT_READ),	     STRACE_NAME(PROT_WRITE),	STRACE_NAME(PROT_EXEC),
	STRACE_NAME(PROT_SEM),	     STRACE_NAME(PROT_BTI),	STRACE_NAME(PROT_MTE),
	STRACE_NAME(PROT_GROWSDOWN), STRACE_NAME(PROT_GROWSUP), STRACE_NAMES_END,
};

const struct strace_name strace_map_types[] = {
	{0, "MAP_FILE"}, /* no type: strace's name for it */
	STRACE_NAME(MAP_SHARED), STRACE_NAME(MAP_PRIVATE), STRACE_NAME(MAP_SHARED_VALIDATE), STRACE_NAMES_END,
};

/* in strace's order (xlat/mmap_flags), which the differential test checks */
const struct strace_name strace_map_flags[] = {
	STRACE_NAME(MAP_FIXED),		STRACE_NAME(MAP_ANONYMOUS),	  STRACE_NAME(MAP_NORESERVE),
	STRACE_NAME(MAP_POPULATE),	STRACE_NAME(MAP_NONBLOCK),	  STRACE_NAME(MAP_GROWSDOWN),
	STRACE_NAME(MAP_DENYWRITE),	STRACE_NAME(MAP_EXECUTABLE),	  STRACE_NAME(MAP_LOCKED),
	STRACE_NAME(MAP_STACK),		STRACE_NAME(MAP_HUGETLB),	  STRACE_NAME(MAP_SYNC),
	STRACE_NAME(MAP_UNINITIALIZED), STRACE_NAME(MAP_FIXED_NOREPLACE), STRACE_NAMES_END,
};

void strace_map_flags_print(struct strace_out *o, u64 flags)
{
	strace_value_hex(o, strace_map_types, flags & MAP_TYPE);
	if (flags & ~(u64)MAP_TYPE) {
		strace_putc(o, '|');
		strace_flags(o, strace_map_flags, flags & ~(u64)MAP_TYPE, NULL);
	}
}

const struct strace_name strace_madvise_advice[] = {
	STRACE_NAME(MADV_NORMAL),	  STRACE_NAME(MADV_RANDOM),
	STRACE_NAME(MADV_SEQUENTIAL),	  STRACE_NAME(MADV_WILLNEED),
	STRACE_NAME(MADV_DONTNEED),	  STRACE_NAME(MADV_FREE),
	STRACE_NAME(MADV_REMOVE),	  STRACE_NAME(MADV_DONTFORK),
	STRACE_NAME(MADV_DOFORK),	  STRACE_NAME(MADV_MERGEABLE),
	STRACE_NAME(MADV_UNMERGEABLE),	  STRACE_NAME(MADV_HUGEPAGE),
	STRACE_NAME(MADV_NOHUGEPAGE),	  STRACE_NAME(MADV_DONTDUMP),
	STRACE_NAME(MADV_DODUMP),	  STRACE_NAME(MADV_WIPEONFORK),
	STRACE_NAME(MADV_KEEPONFORK),	  STRACE_NAME(MADV_COLD),
	STRACE_NAME(MADV_PAGEOUT),	  STRACE_NAME(MADV_POPULATE_READ),
	STRACE_NAME(MADV_POPULATE_WRITE), STRACE_NAMES_END,
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
	STRACE_NAME(MREMAP_MAYMOVE),
	STRACE_NAME(MREMAP_FIXED),
	STRACE_NAME(MREMAP_DONTUNMAP),
	STRACE_NAMES_END,
};

/* include/uapi/linux/sched.h; the low byte is the exit signal */
const struct strace_name strace_clone_flags[] = {
	STRACE_NAME(CLONE_VM),
	STRACE_NAME(CLONE_FS),
	STRACE_NAME(CLONE_FILES),
	STRACE_NAME(CLONE_SIGHAND),
	STRACE_NAME(CLONE_PIDFD),
	STRACE_NAME(CLONE_PTRACE),
	STRACE_NAME(CLONE_VFORK),
	STRACE_NAME(CLONE_PARENT),
	STRACE_NAME(CLONE_THREAD),
	STRACE_NAME(CLONE_NEWNS),
	STRACE_NAME(CLONE_SYSVSEM),
	STRACE_NAME(CLONE_SETTLS),
	STRACE_NAME(CLONE_PARENT_SETTID),
	STRACE_NAME(CLONE_CHILD_CLEARTID),
	STRACE_NAME(CLONE_DETACHED),
	STRACE_NAME(CLONE_UNTRACED),
	STRACE_NAME(CLONE_CHILD_SETTID),
	STRACE_NAME(CLONE_NEWCGROUP),
	STRACE_NAME(CLONE_NEWUTS),
	STRACE_NAME(CLONE_NEWIPC),
	STRACE_NAME(CLONE_NEWUSER),
	STRACE_NAME(CLONE_NEWPID),
	STRACE_NAME(CLONE_NEWNET),
	STRACE_NAME(CLONE_IO),
	STRACE_NAME(CLONE_CLEAR_SIGHAND),
	STRACE_NAME(CLONE_INTO_CGROUP),
	STRACE_NAMES_END,
};

/* include/uapi/linux/futex.h */
const struct strace_name strace_futex_cmds[] = {
	STRACE_NAME(FUTEX_WAIT),	   STRACE_NAME(FUTEX_WAKE),	   STRACE_NAME(FUTEX_FD),
	STRACE_NAME(FUTEX_REQUEUE),	   STRACE_NAME(FUTEX_CMP_REQUEUE), STRACE_NAME(FUTEX_WAKE_OP),
	STRACE_NAME(FUTEX_LOCK_PI),	   STRACE_NAME(FUTEX_UNLOCK_PI),   STRACE_NAME(FUTEX_TRYLOCK_PI),
	STRACE_NAME(FUTEX_WAIT_BITSET),	   STRACE_NAME(FUTEX_WAKE_BITSET), STRACE_NAME(FUTEX_WAIT_REQUEUE_PI),
	STRACE_NAME(FUTEX_CMP_REQUEUE_PI), STRACE_NAME(FUTEX_LOCK_PI2),	   STRACE_NAMES_END,
};

void strace_futex_op_print(struct strace_out *o, u64 op)
{
	u64 cmd = op & (u64)FUTEX_CMD_MASK;
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
	STRACE_NAME(CLOCK_REALTIME),
	STRACE_NAME(CLOCK_MONOTONIC),
	STRACE_NAME(CLOCK_PROCESS_CPUTIME_ID),
	STRACE_NAME(CLOCK_THREAD_CPUTIME_ID),
	STRACE_NAME(CLOCK_MONOTONIC_RAW),
	STRACE_NAME(CLOCK_REALTIME_COARSE),
	STRACE_NAME(CLOCK_MONOTONIC_COARSE),
	STRACE_NAME(CLOCK_BOOTTIME),
	STRACE_NAME(CLOCK_REALTIME_ALARM),
	STRACE_NAME(CLOCK_BOOTTIME_ALARM),
	STRACE_NAME(CLOCK_SGI_CYCLE),
	STRACE_NAME(CLOCK_TAI),
	STRACE_NAMES_END,
};

const struct strace_name strace_timer_flags[] = {
	STRACE_NAME(TIMER_ABSTIME),
	STRACE_NAMES_END,
};

/* include/uapi/asm-generic/resource.h */
const struct strace_name strace_rlimit_resources[] = {
	STRACE_NAME(RLIMIT_CPU),      STRACE_NAME(RLIMIT_FSIZE),  STRACE_NAME(RLIMIT_DATA),
	STRACE_NAME(RLIMIT_STACK),    STRACE_NAME(RLIMIT_CORE),	  STRACE_NAME(RLIMIT_RSS),
	STRACE_NAME(RLIMIT_NPROC),    STRACE_NAME(RLIMIT_NOFILE), STRACE_NAME(RLIMIT_MEMLOCK),
	STRACE_NAME(RLIMIT_AS),	      STRACE_NAME(RLIMIT_LOCKS),  STRACE_NAME(RLIMIT_SIGPENDING),
	STRACE_NAME(RLIMIT_MSGQUEUE), STRACE_NAME(RLIMIT_NICE),	  STRACE_NAME(RLIMIT_RTPRIO),
	STRACE_NAME(RLIMIT_RTTIME),   STRACE_NAMES_END,
};

/* include/uapi/linux/prctl.h */
const struct strace_name strace_prctl_options[] = {
	STRACE_NAME(PR_SET_PDEATHSIG),
	STRACE_NAME(PR_GET_PDEATHSIG),
	STRACE_NAME(PR_GET_DUMPABLE),
	STRACE_NAME(PR_SET_DUMPABLE),
	STRACE_NAME(PR_SET_NAME),
	STRACE_NAME(PR_GET_NAME),
	STRACE_NAME(PR_GET_SECCOMP),
	STRACE_NAME(PR_SET_SECCOMP),
	STRACE_NAME(PR_CAPBSET_READ),
	STRACE_NAME(PR_CAPBSET_DROP),
	STRACE_NAME(PR_GET_SECUREBITS),
	STRACE_NAME(PR_SET_SECUREBITS),
	STRACE_NAME(PR_SET_TIMERSLACK),
	STRACE_NAME(PR_GET_TIMERSLACK),
	STRACE_NAME(PR_SET_MM),
	STRACE_NAME(PR_SET_CHILD_SUBREAPER),
	STRACE_NAME(PR_GET_CHILD_SUBREAPER),
	STRACE_NAME(PR_SET_NO_NEW_PRIVS),
	STRACE_NAME(PR_GET_NO_NEW_PRIVS),
	STRACE_NAME(PR_SET_THP_DISABLE),
	STRACE_NAME(PR_GET_THP_DISABLE),
	STRACE_NAME(PR_SVE_SET_VL),
	STRACE_NAME(PR_SVE_GET_VL),
	STRACE_NAME(PR_PAC_RESET_KEYS),
	STRACE_NAME(PR_SET_TAGGED_ADDR_CTRL),
	STRACE_NAME(PR_GET_TAGGED_ADDR_CTRL),
	STRACE_NAME(PR_SET_VMA),
	STRACE_NAME(PR_GET_AUXV),
	STRACE_NAMES_END,
};

/* include/uapi/asm-generic/signal-defs.h */
const struct strace_name strace_sigprocmask_how[] = {
	STRACE_NAME(SIG_BLOCK),
	STRACE_NAME(SIG_UNBLOCK),
	STRACE_NAME(SIG_SETMASK),
	STRACE_NAMES_END,
};

/* include/uapi/linux/wait.h */
const struct strace_name strace_wait_options[] = {
	STRACE_NAME(WNOHANG),	 STRACE_NAME(WUNTRACED), STRACE_NAME(WEXITED),
	STRACE_NAME(WCONTINUED), STRACE_NAME(WNOWAIT),	 STRACE_NAME(__WNOTHREAD),
	STRACE_NAME(__WALL),	 STRACE_NAME(__WCLONE),	 STRACE_NAMES_END,
};

/* include/uapi/linux/random.h */
const struct strace_name strace_random_flags[] = {
	STRACE_NAME(GRND_NONBLOCK),
	STRACE_NAME(GRND_RANDOM),
	STRACE_NAME(GRND_INSECURE),
	STRACE_NAMES_END,
};

/* include/uapi/linux/stat.h */
const struct strace_name strace_statx_mask[] = {
	STRACE_NAME(STATX_ALL),	   STRACE_NAME(STATX_BASIC_STATS),
	STRACE_NAME(STATX_TYPE),   STRACE_NAME(STATX_MODE),
	STRACE_NAME(STATX_NLINK),  STRACE_NAME(STATX_UID),
	STRACE_NAME(STATX_GID),	   STRACE_NAME(STATX_ATIME),
	STRACE_NAME(STATX_MTIME),  STRACE_NAME(STATX_CTIME),
	STRACE_NAME(STATX_INO),	   STRACE_NAME(STATX_SIZE),
	STRACE_NAME(STATX_BLOCKS), STRACE_NAME(STATX_BTIME),
	STRACE_NAME(STATX_MNT_ID), STRACE_NAME(STATX_DIOALIGN),
	STRACE_NAMES_END,
};

/* include/uapi/linux/resource.h */
const struct strace_name strace_rusage_who[] = {
	STRACE_NAME(RUSAGE_SELF),
	{(u32)RUSAGE_CHILDREN, "RUSAGE_CHILDREN"}, /* the u32 the printer compares */
	STRACE_NAME(RUSAGE_THREAD),
	STRACE_NAMES_END,
};

/* include/uapi/linux/signal.h */
const struct strace_name strace_sigaltstack_flags[] = {
	STRACE_NAME(SS_ONSTACK),
	STRACE_NAME(SS_DISABLE),
	STRACE_NAME(SS_AUTODISARM),
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
		STRACE_NAME(S_IFSOCK), STRACE_NAME(S_IFLNK), STRACE_NAME(S_IFREG), STRACE_NAME(S_IFBLK),
		STRACE_NAME(S_IFDIR),  STRACE_NAME(S_IFCHR), STRACE_NAME(S_IFIFO), STRACE_NAMES_END,
	};
	const char *type = strace_name_of(types, mode & S_IFMT);
	if (type)
		strace_printf(o, "%s|", type);
	else if (mode & S_IFMT)
		strace_printf(o, "%#o|", mode & S_IFMT);
	strace_printf(o, "0%03o", mode & 07777);
}
