/*
 * strace_struct.c — structures read from the traced program's memory,
 * shown as strace shows them by default (abbreviated: the fields a reader
 * looks for, then "..."). Each one copies the structure whole with
 * strace_read_user() and prints the pointer instead when that fails, as
 * strace does for an unreadable address.
 *
 * Layouts are arm64's (asm-generic): struct stat is 128 bytes with st_mode
 * at 16 and st_size at 48 (include/uapi/asm-generic/stat.h); struct statx
 * in include/uapi/linux/stat.h; timespec and timeval are two 64-bit words.
 */
#include <strace_decode.h>

#include <string.h>
#include <uapi/fcntl.h>
#include <uapi/sched.h>
#include <uapi/termbits.h>

/* An array whose first element cannot be read is shown as its address (strace's print_array). */
static bool array_readable(u64 addr, size_t elem)
{
	u8 first[16];
	return addr && elem <= sizeof(first) && strace_read_user(first, addr, elem) == 0;
}

#define READ_OR_PTR(o, addr, obj)                                             \
	do {                                                                  \
		if (!(addr) || strace_read_user(&(obj), addr, sizeof(obj))) { \
			strace_ptr(o, addr);                                  \
			return;                                               \
		}                                                             \
	} while (0)

void strace_user_stat(struct strace_out *o, u64 addr)
{
	struct {
		u64 dev, ino;
		u32 mode, nlink, uid, gid;
		u64 rdev, pad1;
		s64 size;
		s32 blksize, pad2;
		s64 blocks;
		u64 times[6];
		u32 unused[2];
	} st;
	_Static_assert(sizeof(st) == 128, "arm64 struct stat");
	READ_OR_PTR(o, addr, st);
	strace_puts(o, "{st_mode=");
	strace_mode_print(o, st.mode);
	u32 type = st.mode & S_IFMT;
	if (type == S_IFCHR || type == S_IFBLK)
		strace_printf(o, ", st_rdev=makedev(%#lx, %#lx)", (unsigned long)((st.rdev >> 8) & 0xfff),
			      (unsigned long)((st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00)));
	else
		strace_printf(o, ", st_size=%ld", (long)st.size);
	strace_puts(o, ", ...}");
}

void strace_user_statx(struct strace_out *o, u64 addr)
{
	struct {
		u32 mask, blksize;
		u64 attributes;
		u32 nlink, uid, gid;
		u16 mode, pad;
		u64 ino, size;
	} stx; /* the first 48 of 256 bytes */
	READ_OR_PTR(o, addr, stx);
	strace_puts(o, "{stx_mask=");
	strace_flags(o, strace_statx_mask, stx.mask, NULL);
	strace_printf(o, ", stx_attributes=%#lx, stx_mode=", (unsigned long)stx.attributes);
	strace_mode_print(o, stx.mode);
	strace_printf(o, ", stx_size=%lu, ...}", (unsigned long)stx.size);
}

static void two_words(struct strace_out *o, u64 addr, const char *second)
{
	s64 t[2];
	READ_OR_PTR(o, addr, t);
	strace_printf(o, "{tv_sec=%ld, %s=%ld}", (long)t[0], second, (long)t[1]);
}

void strace_user_timespec(struct strace_out *o, u64 addr)
{
	two_words(o, addr, "tv_nsec");
}

void strace_user_timeval(struct strace_out *o, u64 addr)
{
	two_words(o, addr, "tv_usec");
}

/* RLIM64_INFINITY, and multiples of 1024 as "8192*1024" (strace's sprint_rlim64) */
static void rlim(struct strace_out *o, u64 v)
{
	if (v == ~0UL)
		strace_puts(o, "RLIM64_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		strace_printf(o, "%lu*1024", (unsigned long)(v / 1024));
	else
		strace_printf(o, "%lu", (unsigned long)v);
}

void strace_user_rlimit(struct strace_out *o, u64 addr)
{
	u64 r[2];
	READ_OR_PTR(o, addr, r);
	strace_puts(o, "{rlim_cur=");
	rlim(o, r[0]);
	strace_puts(o, ", rlim_max=");
	rlim(o, r[1]);
	strace_putc(o, '}');
}

void strace_user_uname(struct strace_out *o, u64 addr)
{
	char u[2][65]; /* sysname, nodename of struct new_utsname */
	READ_OR_PTR(o, addr, u);
	u[0][64] = u[1][64] = '\0';
	strace_puts(o, "{sysname=");
	strace_quote(o, (const u8 *)u[0], strlen(u[0]), false);
	strace_puts(o, ", nodename=");
	strace_quote(o, (const u8 *)u[1], strlen(u[1]), false);
	strace_puts(o, ", ...}");
}

void strace_user_stack(struct strace_out *o, u64 addr)
{
	struct {
		u64 sp;
		s32 flags, pad;
		u64 size;
	} ss;
	READ_OR_PTR(o, addr, ss);
	strace_puts(o, "{ss_sp=");
	strace_ptr(o, ss.sp);
	strace_puts(o, ", ss_flags=");
	strace_flags(o, strace_sigaltstack_flags, (u32)ss.flags, NULL);
	strace_printf(o, ", ss_size=%lu}", (unsigned long)ss.size);
}

void strace_user_pollfds(struct strace_out *o, u64 addr, u64 nfds)
{
	if (nfds && !array_readable(addr, 8)) {
		strace_ptr(o, addr);
		return;
	}
	strace_putc(o, '[');
	for (u64 i = 0; i < nfds; i++) {
		struct {
			s32 fd;
			s16 events, revents;
		} p;
		if (i == STRACE_ARRAY_MAX) {
			strace_puts(o, ", ...");
			break;
		}
		if (strace_read_user(&p, addr + i * sizeof(p), sizeof(p))) {
			strace_printf(o, "%s... /* %#lx */", i ? ", " : "", (unsigned long)(addr + i * sizeof(p)));
			break;
		}
		strace_printf(o, "%s{fd=%d", i ? ", " : "", p.fd);
		if (p.fd >= 0) { /* strace leaves out what a negative fd asks for */
			strace_puts(o, ", events=");
			strace_flags(o, strace_poll_events, (u16)p.events, NULL);
		}
		strace_putc(o, '}');
	}
	strace_putc(o, ']');
}

void strace_user_revents(struct strace_out *o, u64 addr, u64 nfds, u64 timeout)
{
	bool first = true;
	strace_puts(o, " ([");
	for (u64 i = 0; i < nfds && i < 1024; i++) {
		struct {
			s32 fd;
			s16 events, revents;
		} p;
		if (strace_read_user(&p, addr + i * sizeof(p), sizeof(p)))
			break;
		if (!p.revents)
			continue;
		strace_printf(o, "%s{fd=%d, revents=", first ? "" : ", ", p.fd);
		strace_flags(o, strace_poll_events, (u16)p.revents, NULL);
		strace_putc(o, '}');
		first = false;
	}
	strace_putc(o, ']');
	if (timeout) { /* what is left of it: ppoll writes it back */
		strace_puts(o, ", left ");
		strace_user_timespec(o, timeout);
	}
	strace_putc(o, ')');
}

/*
 * struct termios (include/uapi/asm-generic/termbits.h), as strace shows it:
 * the four flag words, then "...". Flag names in strace's order (its
 * xlat/term_*flags); the output delays and the baud rate and character
 * size are fields, shown by value (NL0, B9600, CS8).
 */
static const struct strace_name iflags[] = {
	STRACE_NAME(IGNBRK), STRACE_NAME(BRKINT),  STRACE_NAME(IGNPAR), STRACE_NAME(PARMRK),
	STRACE_NAME(INPCK),  STRACE_NAME(ISTRIP),  STRACE_NAME(INLCR),	STRACE_NAME(IGNCR),
	STRACE_NAME(ICRNL),  STRACE_NAME(IUCLC),   STRACE_NAME(IXON),	STRACE_NAME(IXANY),
	STRACE_NAME(IXOFF),  STRACE_NAME(IMAXBEL), STRACE_NAME(IUTF8),	STRACE_NAMES_END,
};
static const struct strace_name oflags[] = {
	STRACE_NAME(OPOST),  STRACE_NAME(OLCUC), STRACE_NAME(ONLCR), STRACE_NAME(OCRNL), STRACE_NAME(ONOCR),
	STRACE_NAME(ONLRET), STRACE_NAME(OFILL), STRACE_NAME(OFDEL), STRACE_NAMES_END,
};
static const struct strace_name lflags[] = {
	STRACE_NAME(ISIG),    STRACE_NAME(ICANON), STRACE_NAME(XCASE),	STRACE_NAME(ECHO),   STRACE_NAME(ECHOE),
	STRACE_NAME(ECHOK),   STRACE_NAME(ECHONL), STRACE_NAME(NOFLSH), STRACE_NAME(IEXTEN), STRACE_NAME(ECHOCTL),
	STRACE_NAME(ECHOPRT), STRACE_NAME(ECHOKE), STRACE_NAME(FLUSHO), STRACE_NAME(PENDIN), STRACE_NAME(TOSTOP),
	STRACE_NAME(EXTPROC), STRACE_NAMES_END,
};
static const struct strace_name cflags[] = {
	STRACE_NAME(CSTOPB), STRACE_NAME(CREAD),  STRACE_NAME(PARENB),	STRACE_NAME(PARODD), STRACE_NAME(HUPCL),
	STRACE_NAME(CLOCAL), STRACE_NAME(CMSPAR), STRACE_NAME(CRTSCTS), STRACE_NAMES_END,
};
static const struct strace_name bauds[] = {
	STRACE_NAME(B0),     STRACE_NAME(B50),	  STRACE_NAME(B75),	STRACE_NAME(B110),    STRACE_NAME(B134),
	STRACE_NAME(B150),   STRACE_NAME(B200),	  STRACE_NAME(B300),	STRACE_NAME(B600),    STRACE_NAME(B1200),
	STRACE_NAME(B1800),  STRACE_NAME(B2400),  STRACE_NAME(B4800),	STRACE_NAME(B9600),   STRACE_NAME(B19200),
	STRACE_NAME(B38400), STRACE_NAME(B57600), STRACE_NAME(B115200), STRACE_NAME(B230400), STRACE_NAME(B460800),
	STRACE_NAMES_END,
};

static void oflags_print(struct strace_out *o, u32 v)
{
	/* the delay fields: NLDLY 0400, CRDLY 03000, TABDLY 014000, BSDLY 020000, VTDLY 040000, FFDLY 0100000 */
	strace_printf(o, "NL%u|CR%u|TAB%u|BS%u|VT%u|FF%u", (v >> 8) & 1, (v >> 9) & 3, (v >> 11) & 3, (v >> 13) & 1,
		      (v >> 14) & 1, (v >> 15) & 1);
	if (v & 0377) {
		strace_putc(o, '|');
		strace_flags(o, oflags, v & 0377, NULL);
	}
}

void strace_user_termios(struct strace_out *o, u64 addr)
{
	u32 t[4]; /* c_iflag, c_oflag, c_cflag, c_lflag; c_line and c_cc follow */
	READ_OR_PTR(o, addr, t);
	strace_puts(o, "{c_iflag=");
	strace_flags(o, iflags, t[0], NULL);
	strace_puts(o, ", c_oflag=");
	oflags_print(o, t[1]);
	strace_puts(o, ", c_cflag=");
	strace_value_hex(o, bauds, t[2] & CBAUD);
	strace_printf(o, "|CS%u", 5 + ((t[2] & CSIZE) >> 4));
	if (t[2] & ~(u32)(CBAUD | CSIZE)) {
		strace_putc(o, '|');
		strace_flags(o, cflags, t[2] & ~(u32)(CBAUD | CSIZE), NULL);
	}
	strace_puts(o, ", c_lflag=");
	strace_flags(o, lflags, t[3], NULL);
	strace_puts(o, ", ...}");
}

/* struct sysinfo (include/uapi/linux/sysinfo.h, 64-bit) */
void strace_user_sysinfo(struct strace_out *o, u64 addr)
{
	struct {
		s64 uptime;
		u64 loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		u16 procs, pad;
		u64 totalhigh, freehigh;
		u32 mem_unit;
	} si;
	READ_OR_PTR(o, addr, si);
	strace_printf(o, "{uptime=%ld, loads=[%lu, %lu, %lu]", (long)si.uptime, (unsigned long)si.loads[0],
		      (unsigned long)si.loads[1], (unsigned long)si.loads[2]);
	strace_printf(o, ", totalram=%lu, freeram=%lu, sharedram=%lu", (unsigned long)si.totalram,
		      (unsigned long)si.freeram, (unsigned long)si.sharedram);
	strace_printf(o, ", bufferram=%lu, totalswap=%lu, freeswap=%lu", (unsigned long)si.bufferram,
		      (unsigned long)si.totalswap, (unsigned long)si.freeswap);
	strace_printf(o, ", procs=%u, totalhigh=%lu, freehigh=%lu, mem_unit=%u}", si.procs, (unsigned long)si.totalhigh,
		      (unsigned long)si.freehigh, si.mem_unit);
}

/* struct tms: clock ticks of 1/100 s (USER_HZ), with strace's seconds note */
void strace_user_tms(struct strace_out *o, u64 addr)
{
	static const char *const names[] = {"tms_utime", "tms_stime", "tms_cutime", "tms_cstime"};
	s64 tms[4];
	READ_OR_PTR(o, addr, tms);
	for (int i = 0; i < 4; i++) {
		strace_printf(o, "%s%s=%ld", i ? ", " : "{", names[i], (long)tms[i]);
		if (tms[i] > 0)
			strace_printf(o, " /* %ld.%02ld s */", (long)(tms[i] / 100), (long)(tms[i] % 100));
	}
	strace_putc(o, '}');
}

/* struct rusage: the two times, then "..." */
void strace_user_rusage(struct strace_out *o, u64 addr)
{
	s64 tv[4]; /* ru_utime, ru_stime */
	READ_OR_PTR(o, addr, tv);
	strace_printf(o, "{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ...}", (long)tv[0],
		      (long)tv[1], (long)tv[2], (long)tv[3]);
}

/* struct winsize (include/uapi/asm-generic/termios.h) */
void strace_user_winsize(struct strace_out *o, u64 addr)
{
	u16 ws[4];
	READ_OR_PTR(o, addr, ws);
	strace_printf(o, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", ws[0], ws[1], ws[2], ws[3]);
}

void strace_user_int_pair(struct strace_out *o, u64 addr)
{
	s32 fds[2];
	READ_OR_PTR(o, addr, fds);
	strace_printf(o, "[%d, %d]", fds[0], fds[1]);
}

void strace_user_int(struct strace_out *o, u64 addr)
{
	s32 v;
	READ_OR_PTR(o, addr, v);
	strace_printf(o, "[%d]", v);
}

/* data: bytes to show in total; -1: each iov_len; -2: none, the bases as addresses (a failed readv) */
void strace_user_iovec(struct strace_out *o, u64 addr, u64 count, s64 data)
{
	if (count && !array_readable(addr, 16)) {
		strace_ptr(o, addr);
		return;
	}
	strace_putc(o, '[');
	for (u64 i = 0; i < count; i++) {
		u64 iov[2];
		if (i == STRACE_ARRAY_MAX) {
			strace_puts(o, ", ...");
			break;
		}
		if (strace_read_user(iov, addr + i * sizeof(iov), sizeof(iov))) {
			strace_printf(o, "%s... /* %#lx */", i ? ", " : "", (unsigned long)(addr + i * sizeof(iov)));
			break;
		}
		u64 shown = data < 0 ? iov[1] : MIN(iov[1], (u64)data);
		if (data >= 0)
			data -= (s64)shown;
		strace_puts(o, i ? ", {iov_base=" : "{iov_base=");
		if (data == -2)
			strace_ptr(o, iov[0]);
		else
			strace_user_buf(o, iov[0], shown);
		strace_printf(o, ", iov_len=%lu}", (unsigned long)iov[1]);
	}
	strace_putc(o, ']');
}

void strace_user_cpuset(struct strace_out *o, u64 addr, u64 size)
{
	u64 words[2] = {0, 0}; /* the first 128 CPUs */
	size = MIN(size, sizeof(words));
	if (!addr || strace_read_user(words, addr, size)) {
		strace_ptr(o, addr);
		return;
	}
	strace_putc(o, '[');
	bool first = true;
	for (unsigned cpu = 0; cpu < size * 8; cpu++) {
		if (words[cpu / 64] & (1UL << (cpu % 64))) {
			strace_printf(o, "%s%u", first ? "" : " ", cpu);
			first = false;
		}
	}
	strace_putc(o, ']');
}

/* mincore's vector: one byte per page, bit 0 = resident: [1, 0, 0] */
void strace_user_mincore(struct strace_out *o, u64 addr, u64 len)
{
	u64 pages = len / 4096 + (len % 4096 != 0);
	if (pages && !array_readable(addr, 1)) {
		strace_ptr(o, addr);
		return;
	}
	strace_putc(o, '[');
	for (u64 i = 0; i < pages; i++) {
		u8 b;
		if (i == STRACE_ARRAY_MAX) {
			strace_puts(o, ", ...");
			break;
		}
		if (strace_read_user(&b, addr + i, 1))
			break;
		strace_printf(o, "%s%u", i ? ", " : "", b & 1);
	}
	strace_putc(o, ']');
}

/* getdents64: strace shows the count by default: 0x... / * 5 entries * / */
void strace_user_dirents(struct strace_out *o, u64 addr, u64 size)
{
	unsigned entries = 0;
	for (u64 off = 0; off + 19 <= size && entries < 100000; entries++) {
		u16 reclen;
		if (strace_read_user(&reclen, addr + off + 16, sizeof(reclen)) || reclen == 0)
			break;
		off += reclen;
	}
	strace_ptr(o, addr);
	strace_printf(o, " /* %u entries */", entries);
}

void strace_user_argv(struct strace_out *o, u64 addr)
{
	if (!array_readable(addr, 8)) {
		strace_ptr(o, addr);
		return;
	}
	strace_putc(o, '[');
	for (unsigned i = 0;; i++) {
		u64 p;
		if (strace_read_user(&p, addr + i * 8UL, sizeof(p))) {
			strace_printf(o, "%s... /* %#lx */", i ? ", " : "", (unsigned long)(addr + i * 8UL));
			break;
		}
		if (!p)
			break;
		if (i == STRACE_ARRAY_MAX) {
			strace_puts(o, ", ...");
			break;
		}
		if (i)
			strace_puts(o, ", ");
		strace_user_str(o, p, STRACE_STR_MAX);
	}
	strace_putc(o, ']');
}

void strace_user_envp(struct strace_out *o, u64 addr)
{
	unsigned n = 0;
	strace_ptr(o, addr);
	if (!addr)
		return;
	for (u64 p = 1; n < 100000; n++) {
		if (strace_read_user(&p, addr + n * 8UL, sizeof(p)))
			return;
		if (!p)
			break;
	}
	strace_printf(o, " /* %u var%s */", n, n == 1 ? "" : "s");
}

/* struct clone_args (include/uapi/linux/sched.h), as strace prints clone3's */
void strace_user_clone_args(struct strace_out *o, u64 addr, u64 size)
{
	struct {
		u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	} a;
	if (size < sizeof(a)) {
		strace_ptr(o, addr);
		return;
	}
	READ_OR_PTR(o, addr, a);
	strace_puts(o, "{flags=");
	strace_flags(o, strace_clone_flags, a.flags, NULL);
	if (a.flags & CLONE_PIDFD)
		strace_printf(o, ", pidfd=%#lx", (unsigned long)a.pidfd);
	if (a.flags & (CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID))
		strace_printf(o, ", child_tid=%#lx", (unsigned long)a.child_tid);
	if (a.flags & CLONE_PARENT_SETTID)
		strace_printf(o, ", parent_tid=%#lx", (unsigned long)a.parent_tid);
	strace_puts(o, ", exit_signal=");
	strace_signal(o, (s64)a.exit_signal);
	strace_puts(o, ", stack=");
	strace_ptr(o, a.stack);
	strace_printf(o, ", stack_size=%#lx", (unsigned long)a.stack_size);
	if (a.flags & CLONE_SETTLS)
		strace_printf(o, ", tls=%#lx", (unsigned long)a.tls);
	strace_putc(o, '}');
}
