/*
 * sysfuzz.c — a system-call fuzzer for LevitateOS (ideas from trinity and
 * syzkaller, our own code). Static AArch64 program, run by
 * tests/harness/fuzz.py (make fuzz, make test) as the only program of a boot.
 *
 *   sysfuzz [-s SEED] [-n CALLS] [-f FIRST] [-b BATCH] [-w WATCHDOG_MS] [-t THREADS] [-v]
 *
 * Call number i of a run is made entirely from (SEED, i): its number and
 * arguments come from a generator seeded with both, so `-s SEED -f I -n 1
 * -v` replays call I and `-f I` replays from I on (each batch starts from
 * a fresh state, so replaying from a batch's first call replays the batch).
 *
 * Design:
 * - The parent forks one child per batch of BATCH calls. The child starts a
 *   new session (so no kill(0, ...) or setpgid can reach the parent), builds
 *   a pool of open files of every kind the kernel has in a scratch directory
 *   /tmp/fz.PID, and makes the calls. Before call i it stores i in a shared
 *   page; a parent watchdog kills it with SIGKILL when i does not move for
 *   WATCHDOG_MS, and a child that does not die then means a hung kernel
 *   (reported, exit status 2). A child that dies (a fuzzed exit, SIGSEGV
 *   from a fuzzed sigreturn, SIGKILL...) ends its batch; the next batch
 *   starts at the call after the one it died in.
 * - An interval timer (SIGALRM every 50 ms, no SA_RESTART) breaks most
 *   blocking calls with EINTR, so hangs are rare and the watchdog is the
 *   fallback.
 * - Every number 0..MAX_NR is tried (unknown ones with random arguments),
 *   plus out-of-range numbers. Argument kinds come from sysfuzz_table.h.
 * - Skipped, each counted by name in the summary: calls that would end the
 *   run or change the system the next programs see: reboot, the mount
 *   family (mount, umount2, pivot_root, move_mount, fspick, mount_setattr;
 *   fsopen, fsconfig, fsmount and open_tree make only detached trees, and
 *   are fuzzed), swapon/swapoff,
 *   kexec, module loading, syslog's console-off/console-level actions
 *   (they would hide a panic from the harness), and fanotify_mark of
 *   permission events (unanswered, they would hold every open). Sanitized instead of
 *   skipped: pids never name the parent or init; memory-management calls
 *   only act on the child's own arena; brk never goes below its start;
 *   mknodat device numbers are never a real device (no writes to the console).
 * - After each batch the parent kills every process left (kill(-1): the
 *   fuzzer is meant to run alone under the harness's init), removes SysV
 *   IPC objects and the scratch directory. After the run it makes a health
 *   probe (fork, pipe, file) and prints "done".
 * - Each batch's first call and the seed are written to /dev/kmsg, so a
 *   kernel log that ends in a panic names the seed and where to replay.
 * - Threaded mode (-t THREADS): the batch's child makes its calls from
 *   THREADS threads at once, thread k the calls first + k, first + k +
 *   THREADS, ... — each call still made from (SEED, i) alone, each thread
 *   with its own argument pages, all sharing the fd pool, the arena and
 *   the process (a fuzzed exit_group, execve or fatal signal ends them
 *   all, which ends the batch). What interleaves with what is left to the
 *   scheduler, so a replay (-t THREADS -f FIRST -n COUNT -v) makes the same
 *   calls on each thread but may not reproduce their order; the watchdog
 *   counts any thread's progress, and the next batch starts after the
 *   whole of this one.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sysfuzz_table.h"

#define PAGE 4096UL
#define ARENA_PAGES 64 /* the target of memory-management calls */
#define ARENA_GUARD 16 /* PROT_NONE pages after it: stop stray writes */
#define ARG_PAGES 16   /* our own argument structs, strings, buffers */
#define POOL_MAX 64
#define STRING_SLOT 512 /* bytes for one generated argument */

enum skip_reason {
	RUN,
	SKIP_REBOOT,
	SKIP_MOUNT,
	SKIP_SWAP,
	SKIP_KEXEC,
	SKIP_MODULE,
	SKIP_CONSOLE,
	SKIP_FANOTIFY_PERM,
	SKIP_COUNT
};
static const char *const skip_names[SKIP_COUNT] = {"",
						   "reboot",
						   "mount family",
						   "swapon/swapoff",
						   "kexec",
						   "modules",
						   "syslog console off/level",
						   "fanotify permission marks"};

/* Shared between parent and child (MAP_SHARED): the child's progress. */
struct progress {
	volatile int64_t current;	   /* the call being made */
	volatile int64_t done;		   /* calls completed so far (index + 1) */
	volatile int set_up;		   /* the child built its batch's world */
	unsigned long skipped[SKIP_COUNT]; /* by reason, over the whole run */
};

static struct progress *progress;
static uint64_t seed = 1;
static int verbose;
static int threads = 1; /* -t: threads per batch */
static char scratch[64];

/* ---- the generator: splitmix64, seeded per call -------------------------- */

static __thread uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

#define PICK_FROM(array) (array)[pick(sizeof(array) / sizeof((array)[0]))]

/* ---- the child's world: memory areas and the fd pool ---------------------- */

static char *arena; /* ARENA_PAGES + ARENA_GUARD pages */
/* ARG_PAGES rw, 1 PROT_NONE, 1 read-only, 1 unmapped: each thread's own */
static __thread char *argspace;
static __thread size_t arg_used; /* bump allocator in argspace, reset per call */
static uintptr_t brk_start;
static int pool[POOL_MAX];
static int pool_len;
static pid_t self_pid;

static char *guard_page(void)
{
	return argspace + ARG_PAGES * PAGE;
}

static char *readonly_page(void)
{
	return argspace + (ARG_PAGES + 1) * PAGE;
}

static char *hole_page(void)
{
	return argspace + (ARG_PAGES + 2) * PAGE;
}

/* A slot in the first half of argspace for one argument's contents. */
static char *arg_slot(void)
{
	if (arg_used + STRING_SLOT > ARG_PAGES * PAGE / 2)
		arg_used = 0;
	char *slot = argspace + arg_used;
	arg_used += STRING_SLOT;
	return slot;
}

static void pool_add(int fd)
{
	if (fd < 3)
		return;
	int at = __atomic_fetch_add(&pool_len, 1, __ATOMIC_RELAXED); /* threads add at once */
	if (at < POOL_MAX) {
		__atomic_store_n(&pool[at], fd, __ATOMIC_RELAXED);
	} else {
		__atomic_store_n(&pool_len, POOL_MAX, __ATOMIC_RELAXED);
		__atomic_store_n(&pool[pick(POOL_MAX)], fd, __ATOMIC_RELAXED);
	}
}

/* ---- argument generators -------------------------------------------------- */

static uintptr_t bad_pointer(void)
{
	static const uintptr_t bad[] = {0,    1,     0xffff000000000000UL, 0xffff800008000000UL, 0x0000fffffffff000UL,
					~0UL, 0x1000};
	switch (pick(5)) {
	case 0: return (uintptr_t)hole_page() + pick(PAGE);
	case 1: return (uintptr_t)guard_page() - 1 - pick(16); /* straddles the page end */
	case 2: return (uintptr_t)readonly_page() + pick(PAGE);
	default: return PICK_FROM(bad);
	}
}

static uintptr_t gen_buffer(void)
{
	switch (pick(10)) {
	case 0:
	case 1:
	case 2: return (uintptr_t)argspace + ARG_PAGES * PAGE / 2 + pick(ARG_PAGES * PAGE / 2);
	case 3: return (uintptr_t)arena + pick(ARENA_PAGES * PAGE);
	case 4: return (uintptr_t)argspace + ARG_PAGES * PAGE / 2 + 1 + pick(7); /* misaligned */
	case 5: return (uintptr_t)arena + pick(ARENA_PAGES) * PAGE;
	default: return bad_pointer();
	}
}

static uint64_t gen_len(void)
{
	static const uint64_t odd[] = {0,	   1,	       4095, 4096,	4097,		65536,
				       0x7fffffff, 0x80000000, ~0UL, 1UL << 40, (uint64_t)-4096};
	switch (pick(4)) {
	case 0: return pick(64);
	case 1: return pick(2 * PAGE);
	case 2: return pick(1 << 20);
	default: return PICK_FROM(odd);
	}
}

static uint64_t gen_flags(void)
{
	switch (pick(6)) {
	case 0: return 0;
	case 1: return 1UL << pick(32);
	case 2: return rnd() & 0xfff;
	case 3: return rnd() & 0xffffffff;
	case 4: return (1UL << pick(32)) | (1UL << pick(32));
	default: return rnd();
	}
}

static int64_t gen_fd(void)
{
	static const int64_t bad[] = {-1, 1023, 65535, 0x7fffffff, -100, 0x80000000L, -2};
	if (pool_len && pick(8))
		return pool[pick(pool_len)];
	return PICK_FROM(bad);
}

static int64_t gen_dirfd(void)
{
	if (pick(5) < 2)
		return AT_FDCWD;
	return gen_fd();
}

static int64_t gen_pid(bool for_signal)
{
	switch (pick(6)) {
	case 0: return 0;
	case 1:
	case 2: return self_pid;
	case 3: return 0x3fffffff; /* above any pid_max: no such process */
	case 4: return for_signal ? -self_pid : -1;
	default: return pick(2) ? (int64_t)0x80000000 : -(int64_t)self_pid;
	}
}

static uintptr_t gen_path(void)
{
	static const char *const names[] = {"f0",
					    "d0",
					    "d0/f1",
					    "l0",
					    "fifo",
					    "script",
					    "ro",
					    "new",
					    "d0/new",
					    "nonexistent/x",
					    ".",
					    "..",
					    "",
					    "/",
					    "/proc",
					    "/proc/self/status",
					    "/proc/self/fd",
					    "/proc/self/maps",
					    "l0/x",
					    "d0/../f0"};
	char *slot;
	switch (pick(12)) {
	case 0: return bad_pointer();
	case 1: /* a name longer than NAME_MAX or a path longer than PATH_MAX */
		slot = argspace + ARG_PAGES * PAGE / 2;
		memset(slot, pick(2) ? 'a' : '/', pick(2) ? 300 : 5000);
		slot[pick(2) ? 300 : 5000] = 0;
		return (uintptr_t)slot;
	case 2: /* a string running into the guard page with no NUL */
		slot = guard_page() - 8;
		memset(slot, 'z', 8);
		return (uintptr_t)slot;
	case 3:
		slot = arg_slot();
		snprintf(slot, STRING_SLOT, "%s/%s", scratch, PICK_FROM(names));
		return (uintptr_t)slot;
	default:
		slot = arg_slot();
		strcpy(slot, PICK_FROM(names));
		return (uintptr_t)slot;
	}
}

/* A slot of random bytes, mostly small values, for a struct argument. */
static uintptr_t gen_struct(void)
{
	if (pick(4) == 0)
		return bad_pointer();
	uint64_t *slot = (uint64_t *)arg_slot();
	for (int i = 0; i < STRING_SLOT / 8; i++) {
		switch (pick(4)) {
		case 0: slot[i] = rnd(); break;
		case 1: slot[i] = gen_buffer(); break;
		default: slot[i] = pick(4) ? pick(16) : gen_len(); break;
		}
	}
	return (uintptr_t)slot;
}

static uintptr_t gen_timespec(void)
{
	static const int64_t nsec[] = {0, 1, 1000000, 999999999, 1000000000, -1};
	switch (pick(6)) {
	case 0: return 0; /* no timeout: may block (the interval timer breaks it) */
	case 1: return bad_pointer();
	default: {
		int64_t *ts = (int64_t *)arg_slot();
		ts[0] = pick(8) ? 0 : (pick(2) ? -1 : 1);
		ts[1] = PICK_FROM(nsec);
		ts[2] = 0;
		ts[3] = PICK_FROM(nsec) / 1000; /* an itimerspec's or itimerval's second half */
		return (uintptr_t)ts;
	}
	}
}

static uintptr_t gen_iovec(void)
{
	if (pick(5) == 0)
		return bad_pointer();
	struct iovec *iov = (struct iovec *)arg_slot();
	for (int i = 0; i < 8; i++) {
		iov[i].iov_base = (void *)gen_buffer();
		iov[i].iov_len = pick(3) ? pick(PAGE) : gen_len();
	}
	return (uintptr_t)iov;
}

/* Native AIO: the batch's contexts (io_setup'd with the world), or a bad id. */
static uint64_t aio_ctxs[2];

static uint64_t gen_aio_ctx(void)
{
	static const uint64_t bad[] = {0, 1, 0x1000, ~0UL};
	if (pick(8))
		return aio_ctxs[pick(2)];
	return pick(2) ? PICK_FROM(bad) : aio_ctxs[pick(2)] + PAGE;
}

/* io_uring: the batch's rings (io_uring_setup'd with the world, SQ ring
 * and SQEs mapped), or any pool fd. Before a call on one, up to 4 SQEs of
 * any opcode (mostly the first 28) on pool fds and buffers are queued,
 * some with a bad SQ index. */
struct fuzz_ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array;
	uint64_t *sqes;
};
static struct fuzz_ring rings[2];

static void make_ring(struct fuzz_ring *r)
{
	uint32_t p[30] = {0}; /* struct io_uring_params: sq_off from word 10, sq_entries word 0 */
	r->fd = (int)syscall(425 /* io_uring_setup */, 8, p);
	r->sqes = NULL;
	if (r->fd < 0)
		return;
	char *sq = mmap(NULL, p[16] + p[0] * 4, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	void *sqes = mmap(NULL, p[0] * 64, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0x10000000);
	if (sq == MAP_FAILED || sqes == MAP_FAILED)
		return;
	r->sq_tail = (unsigned *)(sq + p[11]);
	r->sq_mask = (unsigned *)(sq + p[12]);
	r->sq_array = (unsigned *)(sq + p[16]);
	r->sqes = sqes;
}

static int64_t gen_ring_fd(void)
{
	struct fuzz_ring *r = &rings[pick(2)];
	if (pick(8) == 0 || r->fd < 0)
		return gen_fd();
	for (unsigned n = pick(5); r->sqes && n; n--) {
		unsigned tail = *r->sq_tail, idx = tail & *r->sq_mask;
		uint64_t *sqe = r->sqes + 8 * idx;
		memset(sqe, 0, 64);
		unsigned op = pick(10) ? pick(28) : (unsigned)rnd() & 0xff;
		unsigned flags = pick(4) ? 0 : (unsigned)rnd() & 0x7f;
		sqe[0] = op | flags << 8 | (uint64_t)(uint32_t)gen_fd() << 32;
		sqe[1] = pick(3) ? pick(4 * PAGE) : rnd();					    /* off */
		sqe[2] = pick(3) ? gen_buffer() : gen_iovec();					    /* addr */
		sqe[3] = (pick(3) ? pick(PAGE) : rnd() & 0xffffffff) | (pick(4) ? 0 : rnd() << 32); /* len, op flags */
		sqe[4] = rnd();									    /* user_data */
		sqe[5] = pick(8) ? 0 : rnd(); /* buf_index, personality, file_index */
		r->sq_array[idx] = pick(16) ? idx : (unsigned)rnd();
		*r->sq_tail = tail + 1;
	}
	return r->fd;
}

/* io_submit's array: up to 4 iocbs of any command on pool fds, sometimes
 * with an eventfd to signal, behind a pointer array (or a bad pointer). */
static uintptr_t gen_iocbs(void)
{
	if (pick(6) == 0)
		return bad_pointer();
	uint64_t *ptrs = (uint64_t *)arg_slot();
	uint64_t *cbs = ptrs + 4; /* 4 iocbs of 8 words each fill the rest of the slot */
	for (int i = 0; i < 4; i++) {
		uint64_t *cb = cbs + 8 * i;
		memset(cb, 0, 64);
		unsigned op = pick(10) ? pick(9) : (unsigned)rnd(); /* PREAD..PWRITEV, or junk */
		cb[0] = rnd();					    /* aio_data */
		cb[1] = pick(4) ? 0 : (rnd() & 0x1f) << 32;	    /* aio_key, aio_rw_flags */
		cb[2] = (uint64_t)(op & 0xffff) | (uint64_t)(uint32_t)gen_fd() << 32;
		bool poll = op == 5;
		cb[3] = poll ? (pick(4) ? 0x1 | 0x4 : rnd() & 0x1ffff)
			     : (op == 7 || op == 8 ? gen_iovec() : gen_buffer());
		cb[4] = poll || op == 2 || op == 3 ? (pick(8) ? 0 : gen_len())
						   : (op >= 7	? pick(9)
						      : pick(3) ? pick(PAGE)
								: gen_len());
		cb[5] = pick(4) ? pick(4 * PAGE) : gen_len(); /* aio_offset */
		if (poll && pick(4))
			cb[5] = 0;
		cb[6] = pick(16) ? 0 : rnd(); /* aio_reserved2 */
		if (pick(4) == 0)
			cb[7] = 1 | (uint64_t)(uint32_t)gen_fd() << 32; /* IOCB_FLAG_RESFD, aio_resfd */
		ptrs[i] = pick(12) ? (uint64_t)(uintptr_t)cb : bad_pointer();
	}
	return (uintptr_t)ptrs;
}

/* An address for a memory-management call: inside the arena, or hostile. */
static uintptr_t gen_arena_addr(void)
{
	static const uintptr_t bad[] = {0, PAGE, 0xffff000000000000UL, 0x0000fffffffff000UL, 0x123, ~0UL & ~(PAGE - 1)};
	switch (pick(8)) {
	case 0: return PICK_FROM(bad);
	case 1: return (uintptr_t)arena + pick(ARENA_PAGES * PAGE); /* misaligned */
	default: return (uintptr_t)arena + pick(ARENA_PAGES) * PAGE;
	}
}

/* A length for the range starting at addr: never past one page beyond the
 * arena (ARENA_GUARD pages of guard stay), hostile when addr is not ours. */
static uint64_t gen_arena_len(uintptr_t addr)
{
	uintptr_t start = (uintptr_t)arena, end = start + ARENA_PAGES * PAGE;
	if (addr < start || addr >= end) {
		static const uint64_t odd[] = {0, PAGE, ~0UL, 1UL << 40, (uint64_t)-PAGE};
		return PICK_FROM(odd);
	}
	uint64_t room = end + PAGE - addr;
	switch (pick(6)) {
	case 0: return 0;
	case 1: return room;
	case 2: return pick(PAGE);
	default: return (pick(room / PAGE) + 1) * PAGE;
	}
}

static uint64_t gen_signal(void)
{
	static const int64_t odd[] = {0, -1, 65, 1000, SIGALRM, SIGUSR1, SIGCHLD};
	return pick(4) ? 1 + pick(64) : (uint64_t)PICK_FROM(odd);
}

static uint64_t gen_small(void)
{
	static const int64_t odd[] = {-1, 0, 1, 2, 3, 0x7fffffff, (int64_t)0x80000000};
	return pick(2) ? pick(16) : (uint64_t)PICK_FROM(odd);
}

static uint64_t gen_id(void)
{
	static const uint64_t ids[] = {0, 1, 65534, (uint32_t)-1, (uint64_t)-1};
	return pick(3) ? PICK_FROM(ids) : rnd() & 0xffff;
}

static uint64_t gen_clock(void)
{
	static const int64_t odd[] = {-1, -2, -6, 16, 0x7fffffff, ~(0x3fffffffL << 3) | 2};
	return pick(3) ? pick(12) : (uint64_t)PICK_FROM(odd);
}

static uint64_t gen_mode(void)
{
	static const uint64_t types[] = {0, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_IFLNK};
	return (rnd() & 07777) | (pick(3) ? 0 : PICK_FROM(types));
}

/* Command-like arguments, by call: real commands most of the time. */
static uint64_t gen_op(int nr, int argno)
{
	static const uint64_t ioctls[] = {
		0x5401,	    0x5402,	0x5403, 0x5404, 0x540b, 0x540e,	    0x540f,	0x5410, 0x5412, 0x5413,
		0x5414,	    0x541b,	0x5421, 0x5422, 0x5429, 0x80045430, 0x40045431, 0x5450, 0x5451, 0x5441,
		0x80086601, 0x40086602, 0x541c, 0x5437, 0x540a, 0x5408,	    0x5409,	0x5425, 0x5424};
	if (pick(8) == 0)
		return rnd();
	switch (nr) {
	case 25: return pick(4) ? pick(17) : 1024 + pick(16);	 /* fcntl */
	case 29: return PICK_FROM(ioctls);			 /* ioctl */
	case 117: return pick(3) ? pick(25) : 0x4200 + pick(16); /* ptrace */
	case 167: return pick(80);				 /* prctl */
	case 187:
	case 191:
	case 195: return pick(24); /* IPC ctl */
	case 208:
	case 209: return argno == 1 ? PICK_FROM(((uint64_t[]){0, 1, 6, 17, 41, 263})) : pick(70);
	default: return pick(32);
	}
}

static uint64_t gen_arg(char kind, int nr, int argno, uint64_t prev)
{
	switch (kind) {
	case 'f': return gen_fd();
	case 'd': return gen_dirfd();
	case 'p': return gen_path();
	case 'b': return gen_buffer();
	case 'l': return gen_len();
	case 'n': return pick(4) ? pick(9) : gen_len();
	case 'F': return gen_flags();
	case 'm': return gen_mode();
	case 'a': return gen_arena_addr();
	case 'L': return gen_arena_len(prev);
	case 'P': return gen_pid(false);
	case 'K': return gen_pid(true);
	case 's': return gen_signal();
	case 'u': return gen_id();
	case 'i': return gen_small();
	case 'c': return gen_clock();
	case 't': return gen_timespec();
	case 'v': return gen_iovec();
	case 'S': return gen_struct();
	case 'o': return gen_op(nr, argno);
	case 'A': return gen_aio_ctx();
	case 'I': return gen_iocbs();
	case 'U': return (uint64_t)gen_ring_fd();
	default: break;
	}
	static const char any[] = "fdpblnFmisuctvS";
	return gen_arg(any[pick(sizeof(any) - 1)], nr, argno, prev);
}

/* ---- the call ------------------------------------------------------------- */

/*
 * svc with x0..x5 and x8. A new process or thread made by clone/clone3
 * (is_clone) exits at once with exit(0), in registers only: its stack may
 * be shared or random. (Linux preserves every register but x0 across svc.)
 */
static long raw_syscall(long nr, const uint64_t a[6], long is_clone)
{
	register long x0 __asm__("x0") = (long)a[0];
	register long x1 __asm__("x1") = (long)a[1];
	register long x2 __asm__("x2") = (long)a[2];
	register long x3 __asm__("x3") = (long)a[3];
	register long x4 __asm__("x4") = (long)a[4];
	register long x5 __asm__("x5") = (long)a[5];
	register long x8 __asm__("x8") = nr;
	register long x9 __asm__("x9") = is_clone;
	__asm__ volatile("svc #0\n\t"
			 "cbz x9, 1f\n\t"
			 "cbnz x0, 1f\n\t"
			 "mov x8, #93\n\t"
			 "svc #0\n"
			 "1:"
			 : "+r"(x0), "+r"(x8)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x9)
			 : "memory", "cc");
	return x0;
}

static enum skip_reason skip_reason(long nr, const uint64_t a[6])
{
	switch (nr) {
	case 142: return SKIP_REBOOT;
	case 39:
	case 40:
	case 41:
	case 429: /* move_mount: a detached tree (open_tree, fsmount) may be fuzzed, attaching it not */
	case 433: /* fspick: its reconfiguration could make a real file system read-only */
	case 442: return SKIP_MOUNT;
	case 224:
	case 225: return SKIP_SWAP;
	case 104:
	case 294: return SKIP_KEXEC;
	case 105:
	case 106:
	case 273: return SKIP_MODULE;
	case 116: return (a[0] == 6 || a[0] == 8) ? SKIP_CONSOLE : RUN;
	/* fanotify_mark of FAN_OPEN_PERM, FAN_ACCESS_PERM or FAN_OPEN_EXEC_PERM:
	 * nobody answers, so every open or read of the marked object would
	 * wait (killably) until the group goes, the parent's own included */
	case 263: return (a[2] & 0x70000) ? SKIP_FANOTIFY_PERM : RUN;
	default: return RUN;
	}
}

/* Make the arguments safe where a call could reach beyond the child. */
static void sanitize(long nr, uint64_t a[6])
{
	switch (nr) {
	case 214: /* brk: never below where it started (the C library's TLS is there) */
		if (a[0] >= (uintptr_t)arena && a[0] < (uintptr_t)arena + ARENA_PAGES * PAGE)
			a[0] = brk_start + pick(64) * PAGE;
		break;
	case 222: /* mmap: MAP_FIXED only inside the arena */
		if ((a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
		    (a[0] < (uintptr_t)arena || a[0] >= (uintptr_t)arena + ARENA_PAGES * PAGE))
			a[3] &= ~(uint64_t)(MAP_FIXED | MAP_FIXED_NOREPLACE);
		break;
	case 216: /* mremap: a MREMAP_FIXED target inside the arena */
		a[4] = gen_arena_addr();
		if (a[4] < (uintptr_t)arena || a[4] >= (uintptr_t)arena + ARENA_PAGES * PAGE)
			a[3] &= ~(uint64_t)MREMAP_FIXED;
		if (a[4] + a[2] > (uintptr_t)arena + (ARENA_PAGES + 1) * PAGE)
			a[3] &= ~(uint64_t)MREMAP_FIXED;
		break;
	case 196: /* shmat: SHM_REMAP only inside the arena */
		if (a[0] < (uintptr_t)arena || a[0] >= (uintptr_t)arena + ARENA_PAGES * PAGE)
			a[2] &= ~(uint64_t)SHM_REMAP;
		break;
	case 33: /* mknodat: never a real device (a console node would garble the run) */
		a[3] = pick(2) ? 0 : makedev(4000 + pick(8), pick(8));
		break;
	case 198: /* socket: real families and types most of the time */
		if (pick(4)) {
			a[0] = PICK_FROM(((uint64_t[]){1, 2, 10, 16, 17}));
			a[1] = PICK_FROM(((uint64_t[]){1, 2, 3, 5})) | (pick(2) ? SOCK_NONBLOCK : 0);
			a[2] = pick(2) ? 0 : pick(20);
		}
		break;
	default: break;
	}
}

static bool makes_fd(long nr)
{
	switch (nr) {
	case 19:
	case 20:
	case 23:
	case 24:
	case 25:
	case 26:
	case 56:
	case 74:
	case 85:
	case 198:
	case 202:
	case 242:
	case 279:
	case 282:
	case 434:
	case 437:
	case 438: return true;
	default: return false;
	}
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (write(1, line, n) < 0)
		return;
}

/* Generates call i and makes it (in the child). */
static void fuzz_one(int64_t i)
{
	rng_state = seed * 0x100000001b3ULL ^ (uint64_t)i * 0x9e3779b97f4a7c15ULL;
	rnd();
	arg_used = 0;
	long nr;
	if (pick(16) == 0)
		nr = PICK_FROM(((long[]){-1, MAX_NR + 1 + (long)pick(600), 0x7fffffff, 1024, 4096}));
	else
		nr = (long)pick(MAX_NR + 1);
	const char *name = nr >= 0 && nr <= MAX_NR && fuzz_calls[nr].name ? fuzz_calls[nr].name : "unknown";
	const char *kinds = nr >= 0 && nr <= MAX_NR && fuzz_calls[nr].name ? fuzz_calls[nr].args : "xxxxxx";
	uint64_t a[6] = {0};
	for (int k = 0; k < 6; k++)
		a[k] = kinds[k] && k < (int)strlen(kinds) ? gen_arg(kinds[k], (int)nr, k, k ? a[k - 1] : 0)
							  : (pick(4) ? 0 : rnd());
	sanitize(nr, a);
	enum skip_reason why = skip_reason(nr, a);
	if (verbose)
		say("#%lld %ld %s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)%s", (long long)i, nr, name,
		    (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
		    (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5],
		    why ? " skipped\n" : "");
	if (why) {
		progress->done = i + 1;
		progress->skipped[why]++;
		return;
	}
	long ret = raw_syscall(nr, a, nr == 220 || nr == 435);
	if (verbose)
		say(" = %ld\n", ret);
	if (ret >= 3 && ret < 1024 && makes_fd(nr))
		pool_add((int)ret);
}

/* ---- the child: one batch ------------------------------------------------- */

static void on_alarm(int sig)
{
	(void)sig;
}

static void make_scratch_files(void)
{
	static const char script[] = "#!/nonexistent/interpreter\n";
	int fd = open("f0", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && write(fd, "0123456789abcdef", 16) != 16)
		_exit(3);
	pool_add(fd);
	mkdir("d0", 0755);
	close(open("d0/f1", O_WRONLY | O_CREAT, 0600));
	if (symlink("f0", "l0") < 0)
		_exit(3);
	mkfifo("fifo", 0644);
	fd = open("script", O_WRONLY | O_CREAT, 0755);
	if (fd >= 0 && write(fd, script, sizeof(script) - 1) < 0)
		_exit(3);
	close(fd);
	close(open("ro", O_WRONLY | O_CREAT, 0444));
}

/* One open file of every kind the kernel has (those it lacks are left out). */
static void make_pool(void)
{
	int p[2];
	pool_len = 0;
	make_scratch_files();
	pool_add(open(".", O_RDONLY | O_DIRECTORY));
	pool_add(open("/", O_RDONLY | O_DIRECTORY));
	pool_add(open("/proc/self/status", O_RDONLY));
	pool_add(open("/proc/self", O_RDONLY | O_DIRECTORY));
	pool_add(open("/dev/null", O_RDWR));
	pool_add(open("/dev/zero", O_RDWR));
	pool_add(open("/dev/urandom", O_RDONLY));
	pool_add(open("fifo", O_RDWR | O_NONBLOCK));
	pool_add(open("f0", O_PATH));
	if (pipe2(p, O_NONBLOCK) == 0) {
		pool_add(p[0]);
		pool_add(p[1]);
	}
	if (pipe2(p, 0) == 0) { /* a blocking one too */
		pool_add(p[0]);
		pool_add(p[1]);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, p) == 0) {
		pool_add(p[0]);
		pool_add(p[1]);
	}
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, p) == 0) {
		pool_add(p[0]);
		pool_add(p[1]);
	}
	pool_add(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0));
	pool_add(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	pool_add(socket(AF_UNIX, SOCK_STREAM, 0));
	pool_add(socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0));
	pool_add(socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_ICMP));
	pool_add(socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, 0 /* NETLINK_ROUTE */));
	/* packet sockets on every protocol (ETH_P_ALL, network order), frame and datagram kinds */
	pool_add(socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, (int)htons(0x0003)));
	pool_add(socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, (int)htons(0x0003)));
	pool_add((int)syscall(SYS_eventfd2, 1, O_NONBLOCK));
	int ep = (int)syscall(SYS_epoll_create1, 0);
	if (ep >= 0 && pool_len > 0) {
		uint64_t ev[2] = {1 /* EPOLLIN */, 0};
		syscall(SYS_epoll_ctl, ep, 1 /* EPOLL_CTL_ADD */, pool[pool_len - 1], ev);
	}
	pool_add(ep);
	uint64_t mask = 1UL << (SIGUSR1 - 1);
	pool_add((int)syscall(SYS_signalfd4, -1, &mask, 8, O_NONBLOCK));
	pool_add((int)syscall(SYS_timerfd_create, CLOCK_MONOTONIC, O_NONBLOCK));
	pool_add((int)syscall(SYS_inotify_init1, O_NONBLOCK));
	pool_add((int)syscall(SYS_fanotify_init, 0x6 /* FAN_CLASS_CONTENT | FAN_NONBLOCK */, O_RDONLY));
	pool_add((int)syscall(SYS_memfd_create, "fz", 0));
	for (int i = 0; i < 2; i++) { /* io_uring rings ('U') */
		make_ring(&rings[i]);
		pool_add(rings[i].fd);
	}
	for (int i = 0; i < 2; i++) { /* native AIO contexts ('A') */
		aio_ctxs[i] = 0;
		syscall(SYS_io_setup, 8, &aio_ctxs[i]);
	}
	int master = open("/dev/ptmx", O_RDWR | O_NONBLOCK | O_NOCTTY);
	if (master >= 0) {
		pool_add(master);
		if (grantpt(master) == 0 && unlockpt(master) == 0) {
			char *slave = ptsname(master);
			if (slave)
				pool_add(open(slave, O_RDWR | O_NONBLOCK | O_NOCTTY));
		}
	}
	pool_add((int)syscall(SYS_pidfd_open, self_pid, 0));
}

/* This thread's argument pages: ARG_PAGES read-write, then a PROT_NONE, a
 * read-only and an unmapped one. */
static int make_argspace(void)
{
	argspace = mmap(NULL, (ARG_PAGES + 3) * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (argspace == MAP_FAILED || mprotect(guard_page(), PAGE, PROT_NONE) < 0 ||
	    mprotect(readonly_page(), PAGE, PROT_READ) < 0 || munmap(hole_page(), PAGE) < 0)
		return -1;
	return 0;
}

/* The calls of a batch that one thread makes: first + k, first + k + threads, ... */
struct share {
	int64_t first, end;
};

static void run_share(int64_t from, int64_t end)
{
	for (int64_t i = from; i < end; i += threads) {
		progress->current = i;
		fuzz_one(i);
		progress->done = i + 1;
	}
}

static void *thread_main(void *arg)
{
	struct share *s = arg;
	if (make_argspace() < 0)
		return NULL;
	run_share(s->first, s->end);
	return NULL;
}

static void child_main(int64_t first, int64_t count)
{
	setsid();
	self_pid = getpid();
	if (mkdir(scratch, 0755) < 0 || chdir(scratch) < 0)
		_exit(3);
	brk_start = (uintptr_t)sbrk(0);
	arena = mmap(NULL, (ARENA_PAGES + ARENA_GUARD) * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		     0);
	if (arena == MAP_FAILED || mprotect(arena + ARENA_PAGES * PAGE, ARENA_GUARD * PAGE, PROT_NONE) < 0 ||
	    make_argspace() < 0)
		_exit(3);
	make_pool();
	struct sigaction sa = {.sa_handler = on_alarm};
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval every = {{0, 50000}, {0, 50000}};
	setitimer(ITIMER_REAL, &every, NULL);
	progress->set_up = 1;
	static pthread_t tids[64];
	static struct share shares[64];
	int made = 0;
	for (int k = 1; k < threads; k++) {
		shares[k] = (struct share){first + k, first + count};
		made += pthread_create(&tids[made], NULL, thread_main, &shares[k]) == 0;
	}
	run_share(first, first + count);
	for (int k = 0; k < made; k++)
		pthread_join(tids[k], NULL);
	_exit(0);
}

/* ---- the parent ----------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void kmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void kmsg(const char *fmt, ...)
{
	static int fd = -2;
	if (fd == -2)
		fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (write(fd, line, n > (int)sizeof(line) - 1 ? (int)sizeof(line) - 1 : n) < 0)
		return;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Everything a batch can leave behind: processes, IPC objects, files. */
static void clean_up(void)
{
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	char buf[256];
	for (int idx = 0; idx < 32; idx++) {
		int id = shmctl(idx, SHM_STAT, (struct shmid_ds *)buf);
		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
		id = msgctl(idx, MSG_STAT, (struct msqid_ds *)buf);
		if (id >= 0)
			msgctl(id, IPC_RMID, NULL);
		id = semctl(idx, 0, SEM_STAT, buf);
		if (id >= 0)
			semctl(id, 0, IPC_RMID);
	}
	nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct stats {
	long batches, normal, exited, signalled, watchdog;
	long by_signal[65];
};

/* Runs one batch from call first; returns where the next one starts, or -1
 * when the child could not be killed (the kernel is hung). */
static int64_t run_batch(int64_t first, int64_t end, int64_t batch, int watchdog_ms, struct stats *st)
{
	int64_t count = end - first < batch ? end - first : batch;
	progress->current = first;
	progress->done = first;
	progress->set_up = 0;
	kmsg("sysfuzz: seed %llu batch from call %lld (replay: sysfuzz -s %llu -t %d -f %lld -n %lld -v)\n",
	     (unsigned long long)seed, (long long)first, (unsigned long long)seed, threads, (long long)first,
	     (long long)count);
	fflush(stdout);
	pid_t child = fork();
	if (child < 0) {
		perror("sysfuzz: fork");
		return -1;
	}
	if (child == 0)
		child_main(first, count);
	st->batches++;
	int64_t last = progress->current, since = now_ms();
	int status;
	for (;;) {
		pid_t r = waitpid(child, &status, WNOHANG);
		if (r == child)
			break;
		struct timespec tick = {0, 10 * 1000000};
		nanosleep(&tick, NULL);
		if (progress->current != last) {
			last = progress->current;
			since = now_ms();
		} else if (now_ms() - since > watchdog_ms) {
			kill(child, SIGKILL);
			int64_t killed_at = now_ms();
			while (waitpid(child, &status, WNOHANG) != child) {
				nanosleep(&tick, NULL);
				if (now_ms() - killed_at > 10000) {
					printf("sysfuzz: FAIL seed %llu: child %d still alive 10 s after SIGKILL, in "
					       "call %lld\n",
					       (unsigned long long)seed, child, (long long)last);
					kmsg("sysfuzz: FAIL seed %llu call %lld: unkillable child\n",
					     (unsigned long long)seed, (long long)last);
					return -1;
				}
			}
			st->watchdog++;
			if (verbose)
				say(" (watchdog: killed in call %lld)\n", (long long)last);
			break;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3 && !progress->set_up) {
		printf("sysfuzz: FAIL the child could not set up its batch at call %lld\n", (long long)first);
		return -1;
	}
	if (WIFSIGNALED(status) && !(WTERMSIG(status) == SIGKILL && progress->current == last)) {
		st->signalled++;
		st->by_signal[WTERMSIG(status) & 63]++;
	} else if (WIFEXITED(status)) {
		if (progress->done == first + count)
			st->normal++;
		else
			st->exited++;
	}
	clean_up();
	if (threads > 1)
		return first + count; /* the threads' calls interleave: none is "where it stopped" */
	return progress->current + 1 > progress->done ? progress->current + 1 : progress->done;
}

/* The kernel still does ordinary work: fork, a pipe, a file. */
static int health_probe(void)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/tmp/sysfuzz-health", O_RDWR | O_CREAT | O_TRUNC, 0600);
		char buf[8] = {0};
		if (fd < 0 || write(fd, "healthy", 7) != 7 || pread(fd, buf, 7, 0) != 7 || write(p[1], buf, 7) != 7)
			_exit(1);
		unlink("/tmp/sysfuzz-health");
		_exit(0);
	}
	char got[8] = {0};
	int status = -1;
	close(p[1]);
	ssize_t n = read(p[0], got, 7);
	close(p[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return n == 7 && !strcmp(got, "healthy") && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: sysfuzz [-s SEED] [-n CALLS] [-f FIRST] [-b BATCH] [-w WATCHDOG_MS] [-t THREADS] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int64_t calls = 10000, first = 0, batch = 200;
	int watchdog_ms = 1500, opt;
	while ((opt = getopt(argc, argv, "s:n:f:b:w:t:v")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': calls = strtoll(optarg, NULL, 0); break;
		case 'f': first = strtoll(optarg, NULL, 0); break;
		case 'b': batch = strtoll(optarg, NULL, 0); break;
		case 'w': watchdog_ms = atoi(optarg); break;
		case 't': threads = atoi(optarg); break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (calls < 0 || first < 0 || batch < 1 || watchdog_ms < 1 || threads < 1 || threads > 64)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	snprintf(scratch, sizeof(scratch), "/tmp/fz.%d", getpid());
	progress = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (progress == MAP_FAILED) {
		perror("sysfuzz: mmap");
		return 2;
	}
	printf("sysfuzz: seed %llu, calls %lld..%lld, batch %lld, watchdog %d ms, %d thread%s\n",
	       (unsigned long long)seed, (long long)first, (long long)(first + calls - 1), (long long)batch,
	       watchdog_ms, threads, threads > 1 ? "s" : "");
	kmsg("sysfuzz: start seed %llu calls %lld..%lld\n", (unsigned long long)seed, (long long)first,
	     (long long)(first + calls - 1));
	struct stats st = {0};
	int64_t start = now_ms(), end = first + calls, next = first;
	while (next < end) {
		next = run_batch(next, end, batch, watchdog_ms, &st);
		if (next < 0)
			return 2;
	}
	int64_t ms = now_ms() - start;
	printf("sysfuzz: %lld calls in %lld.%03lld s (%lld per second), %ld batches: %ld complete, %ld ended by a "
	       "fuzzed exit, %ld by a signal, %ld by the watchdog\n",
	       (long long)calls, (long long)(ms / 1000), (long long)(ms % 1000),
	       (long long)(ms ? calls * 1000 / ms : 0), st.batches, st.normal, st.exited, st.signalled, st.watchdog);
	for (int s = 1; s < 65; s++)
		if (st.by_signal[s])
			printf("sysfuzz:   killed by signal %d (%s): %ld\n", s, strsignal(s), st.by_signal[s]);
	for (int why = 1; why < SKIP_COUNT; why++)
		if (progress->skipped[why])
			printf("sysfuzz:   skipped (%s): %lu\n", skip_names[why], progress->skipped[why]);
	if (health_probe() < 0) {
		printf("sysfuzz: FAIL health probe after the run\n");
		return 1;
	}
	printf("sysfuzz: health probe ok\n");
	kmsg("sysfuzz: end seed %llu\n", (unsigned long long)seed);
	printf("done\n");
	return 0;
}
