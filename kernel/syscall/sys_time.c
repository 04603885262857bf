/*
 * sys_time.c — clocks and sleeping (kernel/time/posix-timers.c semantics).
 */
#include <syscall.h>

#include <cred.h>
#include <pid.h>
#include <process.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <vdso.h>
#include <wait.h>

#define COARSE_RES_NS VDSO_COARSE_RES_NS /* Debian's CONFIG_HZ=250 jiffy */

/*
 * CPU-time clocks of tasks are encoded in negative ids
 * (include/linux/posix-timers.h): pid = ~(id >> 3), bit 2 = per thread,
 * bits 0-1 = PROF (0), VIRT (1), SCHED (2); 3 is a clock fd. A process
 * clock may name any process, through any of its thread ids; a thread
 * clock only a thread of the caller's process (posix-cpu-timers.c
 * lookup_task). PROF and VIRT read the tick samples, SCHED the precise
 * run time (cputime_sample in cputime.h).
 */
#define CPUCLOCK_WHICH(id) ((id)&3)
#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_FD 3

static int cpu_clock_read_ns(int clock, u64 *ns)
{
	int pid = ~(clock >> 3);
	bool thread = clock & CPUCLOCK_PERTHREAD;
	if (CPUCLOCK_WHICH(clock) == CPUCLOCK_FD)
		return -EINVAL; /* dynamic clocks (clock fds) do not exist yet */
	int err = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = task_by_pid(pid);
	if (!t || !t->group || (thread && t->group != current()->group))
		err = -EINVAL;
	else {
		struct cputime c;
		if (thread)
			task_cputime(t, &c);
		else
			thread_group_cputime(t->group, &c);
		*ns = cputime_sample(&c, CPUCLOCK_WHICH(clock));
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return err;
}

int clock_read_ns(int clock, u64 *ns)
{
	if (clock < 0)
		return cpu_clock_read_ns(clock, ns);
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI: *ns = time_realtime_ns(); return 0;
	case CLOCK_REALTIME_COARSE: *ns = time_realtime_coarse_ns(); return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM: *ns = time_since_boot_ns(); return 0;
	case CLOCK_MONOTONIC_RAW: *ns = time_raw_ns(); return 0;
	case CLOCK_MONOTONIC_COARSE: *ns = time_coarse_ns(); return 0;
	case CLOCK_PROCESS_CPUTIME_ID: *ns = process_cpu_ns(current()->group); return 0;
	case CLOCK_THREAD_CPUTIME_ID: *ns = task_cpu_ns(current()); return 0;
	default: return -EINVAL;
	}
}

int timespec_from_user(uaddr_t uts, u64 *ns)
{
	struct timespec_user ts;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (u64)ts.tv_sec > ~0UL / NSEC_PER_SEC ? ~0UL : (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	return 0;
}

int time_deadline_from_user(uaddr_t uts, u64 *deadline)
{
	*deadline = ~0UL;
	if (uaddr_is_null(uts))
		return 0;
	u64 ns;
	int err = timespec_from_user(uts, &ns);
	if (!err)
		*deadline = ns == 0 ? 0 : time_deadline_after(ns);
	return err;
}

static int put_timespec(uaddr_t uts, u64 ns)
{
	struct timespec_user ts = {.tv_sec = (s64)(ns / NSEC_PER_SEC), .tv_nsec = (s64)(ns % NSEC_PER_SEC)};
	return copy_to_user(uts, &ts, sizeof(ts));
}

/* struct itimerspec is {it_interval, it_value}, two struct timespec. */
int itimerspec_from_user(uaddr_t uits, u64 *interval_ns, u64 *value_ns)
{
	struct timespec_user its[2];
	if (copy_from_user(its, uits, sizeof(its)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) /* Linux timespec64_valid */
		if (its[i].tv_sec < 0 || its[i].tv_nsec < 0 || its[i].tv_nsec >= (s64)NSEC_PER_SEC)
			return -EINVAL;
	u64 ns[2];
	for (int i = 0; i < 2; i++)
		ns[i] = (u64)its[i].tv_sec > ~0UL / NSEC_PER_SEC / 2
				? ~0UL / 2
				: (u64)its[i].tv_sec * NSEC_PER_SEC + (u64)its[i].tv_nsec;
	*interval_ns = ns[0];
	*value_ns = ns[1];
	return 0;
}

int itimerspec_to_user(uaddr_t uits, u64 interval_ns, u64 value_ns)
{
	if (put_timespec(uits, interval_ns) || put_timespec(uaddr_add(uits, sizeof(struct timespec_user)), value_ns))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, int, clock, uaddr_t, uts)
{
	u64 ns;
	int err = clock_read_ns(clock, &ns);
	if (err)
		return err;
	return put_timespec(uts, ns) ? -EFAULT : 0;
}

/* Is sec.nsec a time CLOCK_REALTIME may be set to (timespec64_valid_settod)? */
static bool settod_valid(s64 sec, s64 nsec)
{
	return sec >= 0 && nsec >= 0 && nsec < (s64)NSEC_PER_SEC && sec < TIME_SETTOD_SEC_MAX;
}

/* Sets CLOCK_REALTIME to ns (checked valid, the caller capable): EINVAL if it
 * is earlier than the monotonic clock (Linux do_settimeofday64: realtime
 * never goes before boot). */
static int settod(u64 ns)
{
	u64 now = time_since_boot_ns();
	if (ns < now)
		return -EINVAL;
	time_set_realtime_offset(ns - now, now);
	ntp_clear(); /* do_settimeofday64's TK_CLEAR_NTP */
	return 0;
}

/*
 * clock_settime: only CLOCK_REALTIME can be set (posix_clock_realtime_set,
 * then do_sys_settimeofday64 and do_settimeofday64, in their order): the
 * time is copied (EFAULT), must be valid and below TIME_SETTOD_SEC_MAX
 * (EINVAL), needs CAP_SYS_TIME (EPERM), and may not be earlier than the
 * monotonic clock (EINVAL: realtime never goes before boot). Other clocks
 * have no clock_set: EINVAL; another process's CPU clock is EPERM
 * (posix_cpu_clock_set). Sleeps already waiting on an absolute
 * CLOCK_REALTIME deadline keep their monotonic deadline (Linux moves them).
 */
SYSCALL_DEFINE2(clock_settime, int, clock, uaddr_t, uts)
{
	if (clock < 0) {
		u64 ignored;
		int err = clock_read_ns(clock, &ignored);
		return err ? err : -EPERM;
	}
	if (clock != CLOCK_REALTIME)
		return -EINVAL;
	struct timespec_user ts;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (!settod_valid(ts.tv_sec, ts.tv_nsec))
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	return settod((u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec);
}

/* The kernel's timezone (Linux sys_tz, struct timezone: tz_minuteswest in
 * the low half, tz_dsttime in the high half): settimeofday sets it,
 * gettimeofday reports it, nothing else reads it. [atomic] */
static u64 sys_tz;

/*
 * settimeofday (kernel/time/time.c, then do_sys_settimeofday64, in their
 * order): tv and tz are copied (EFAULT); tv_usec outside [0, 1000000] is
 * EINVAL, then the time must be valid (so 1000000 is EINVAL too); the call
 * needs CAP_SYS_TIME whatever it is given (EPERM, even with both NULL);
 * tz_minuteswest beyond 15 hours either way is EINVAL. The timezone is set
 * before the time, which may still fail (EINVAL before boot), as in Linux.
 * The first timezone set warps the clock only when the hardware clock keeps
 * local time, which arm64 never does (persistent_clock_is_local).
 */
SYSCALL_DEFINE2(settimeofday, uaddr_t, utv, uaddr_t, utz)
{
	struct timeval_user tv;
	s32 tz[2];
	if (!uaddr_is_null(utv)) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_usec > 1000000 || tv.tv_usec < 0)
			return -EINVAL;
	}
	if (!uaddr_is_null(utz) && copy_from_user(tz, utz, sizeof(tz)))
		return -EFAULT;
	if (!uaddr_is_null(utv) && !settod_valid(tv.tv_sec, tv.tv_usec * 1000))
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (!uaddr_is_null(utz)) {
		if (tz[0] > 15 * 60 || tz[0] < -15 * 60)
			return -EINVAL;
		__atomic_store_n(&sys_tz, (u64)(u32)tz[0] | (u64)(u32)tz[1] << 32, __ATOMIC_RELAXED);
	}
	if (!uaddr_is_null(utv))
		return settod((u64)tv.tv_sec * NSEC_PER_SEC + (u64)tv.tv_usec * 1000);
	return 0;
}

SYSCALL_DEFINE2(clock_getres, int, clock, uaddr_t, uts)
{
	u64 ns;
	int err = clock_read_ns(clock, &ns);
	if (err)
		return err;
	bool tick_based = clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE ||
			  (clock < 0 && CPUCLOCK_WHICH(clock) != CPUCLOCK_SCHED);
	u64 res = tick_based ? COARSE_RES_NS : 1;
	if (!uaddr_is_null(uts) && put_timespec(uts, res))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, uaddr_t, utv, uaddr_t, utz)
{
	if (!uaddr_is_null(utv)) {
		u64 ns = time_realtime_ns();
		struct timeval_user tv = {.tv_sec = (s64)(ns / NSEC_PER_SEC),
					  .tv_usec = (s64)(ns % NSEC_PER_SEC / 1000)};
		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	if (!uaddr_is_null(utz)) {
		u64 both = __atomic_load_n(&sys_tz, __ATOMIC_RELAXED);
		u32 tz[2] = {(u32)both, (u32)(both >> 32)}; /* minuteswest, dsttime */
		if (copy_to_user(utz, tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

static long relative_sleep(u64 deadline, uaddr_t urem);

/* restart_syscall for an interrupted relative sleep: the same deadline. */
static long relative_sleep_restart(struct restart_block *rb)
{
	return relative_sleep(rb->args[0], uaddr_from(rb->args[1]));
}

/*
 * A relative sleep to a monotonic deadline (Linux hrtimer_nanosleep): when
 * a signal interrupts it, the time left goes to urem and the call asks to
 * be continued through restart_syscall (or fails with EINTR if a handler
 * runs).
 */
static long relative_sleep(u64 deadline, uaddr_t urem)
{
	if (time_sleep_until(deadline) == 0)
		return 0;
	if (!uaddr_is_null(urem)) {
		u64 t = time_since_boot_ns();
		if (put_timespec(urem, deadline > t ? deadline - t : 0))
			return -EFAULT;
	}
	struct restart_block *rb = &current()->restart;
	rb->fn = relative_sleep_restart;
	rb->args[0] = deadline;
	rb->args[1] = uaddr_raw(urem);
	return -ERESTART_RESTARTBLOCK;
}

/*
 * An absolute sleep on the wall clock (CLOCK_REALTIME, CLOCK_TAI, which is
 * the same clock here: no TAI offset) ends when that clock reaches target,
 * wherever settimeofday or clock_settime moves it meanwhile: a wall
 * deadline (wake_timer, time.h; Linux: the sleeper's hrtimer is on the
 * realtime base, which clock_was_set reprograms).
 */
static long sleep_until_wall(u64 target)
{
	int ret = wait_event_interruptible_until(NULL, false, target, true);
	return ret == -ETIMEDOUT ? 0 : -ERESTARTNOHAND; /* an absolute sleep simply starts again */
}

/* Sleep until the clock reaches `target` (absolute, in that clock). */
static long sleep_on_clock(int clock, u64 target, bool relative, uaddr_t urem)
{
	if (!relative && (clock == CLOCK_REALTIME || clock == CLOCK_TAI))
		return sleep_until_wall(target);
	u64 now;
	if (clock_read_ns(clock, &now))
		return -EINVAL;
	u64 left = target > now ? target - now : 0;
	u64 deadline = time_since_boot_ns() + left;
	if (relative)
		return relative_sleep(deadline, urem);
	/* an absolute sleep simply starts again (Linux: -ERESTARTNOHAND) */
	return time_sleep_until(deadline) ? -ERESTARTNOHAND : 0;
}

/* restart_syscall(2): continues the call that asked for it, or EINTR. */
SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current()->restart;
	long (*fn)(struct restart_block *) = rb->fn;
	rb->fn = NULL;
	return fn ? fn(rb) : -EINTR;
}

SYSCALL_DEFINE2(nanosleep, uaddr_t, ureq, uaddr_t, urem)
{
	u64 ns;
	int err = timespec_from_user(ureq, &ns);
	if (err)
		return err;
	u64 now = time_since_boot_ns();
	return sleep_on_clock(CLOCK_MONOTONIC, now + ns, true, urem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clock, int, flags, uaddr_t, ureq, uaddr_t, urem)
{
	/* posix-timers.c: an unknown clock is EINVAL, one without nsleep
	 * (the thread CPU clock, MONOTONIC_RAW, the COARSE ones) EOPNOTSUPP */
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME && clock != CLOCK_TAI &&
	    clock != CLOCK_PROCESS_CPUTIME_ID)
		return clock < 0 || clock > CLOCK_TAI ? -EINVAL : -EOPNOTSUPP;
	u64 ns;
	int err = timespec_from_user(ureq, &ns);
	if (err)
		return err;
	u64 now;
	if (clock_read_ns(clock, &now))
		return -EINVAL;
	bool absolute = flags & TIMER_ABSTIME;
	return sleep_on_clock(clock, absolute ? ns : now + ns, !absolute, urem);
}

/* Linux timekeeping_validate_timex, in its order: the caller's right to
 * change anything, the tick's range (within 10% of 1/USER_HZ), the
 * injected offset's form, the frequency's scaling overflow. */
#define TIMEX_FREQ_MAX ((s64)(~0ULL >> 1) / 65536000) /* LLONG_MAX / PPM_SCALE */

static int validate_timex(const struct timex_user *tx)
{
	if (tx->modes & ADJ_ADJTIME) {
		if (!(tx->modes & ADJ_OFFSET_SINGLESHOT))
			return -EINVAL; /* ADJ_ADJTIME goes only with the single-shot offset */
		if (!(tx->modes & ADJ_OFFSET_READONLY) && !capable(CAP_SYS_TIME))
			return -EPERM;
	} else {
		if (tx->modes && !capable(CAP_SYS_TIME))
			return -EPERM;
		if ((tx->modes & ADJ_TICK) && (tx->tick < 900000 / HZ || tx->tick > 1100000 / HZ))
			return -EINVAL;
	}
	if (tx->modes & ADJ_SETOFFSET) {
		if (!capable(CAP_SYS_TIME))
			return -EPERM;
		s64 limit = (tx->modes & ADJ_NANO) ? (s64)NSEC_PER_SEC : 1000000;
		if (tx->time.tv_usec < 0 || tx->time.tv_usec >= limit)
			return -EINVAL;
	}
	/* PPM_SCALE is 1000 << 16: a frequency whose scaling overflows */
	if ((tx->modes & ADJ_FREQUENCY) && (tx->freq < -TIMEX_FREQ_MAX || tx->freq > TIMEX_FREQ_MAX))
		return -EINVAL;
	return 0;
}

static long do_adjtimex(struct timex_user *tx)
{
	int err = validate_timex(tx);
	return err ? err : ntp_adjtimex(tx);
}

/*
 * adjtimex(2): reads the NTP state, and sets it
 * (steering the clock: core/ntp.c). The structure goes back to the caller
 * even on failure (kernel/time/time.c), its fields then unchanged.
 */
SYSCALL_DEFINE1(adjtimex, uaddr_t, utx)
{
	struct timex_user tx;
	if (copy_from_user(&tx, utx, sizeof(tx)))
		return -EFAULT;
	long ret = do_adjtimex(&tx);
	return copy_to_user(utx, &tx, sizeof(tx)) ? -EFAULT : ret;
}

/*
 * clock_adjtime(2) (posix-timers.c do_clock_adjtime): only CLOCK_REALTIME
 * has an adjtime (adjtimex's); every other clock Linux knows, CPU-time
 * clocks included, is EOPNOTSUPP; an unknown id (10, beyond CLOCK_TAI) or a
 * clock fd (none exist) EINVAL. The structure goes back only on success.
 */
SYSCALL_DEFINE2(clock_adjtime, int, clock, uaddr_t, utx)
{
	struct timex_user tx;
	if (copy_from_user(&tx, utx, sizeof(tx)))
		return -EFAULT;
	long ret;
	if (clock == CLOCK_REALTIME)
		ret = do_adjtimex(&tx);
	else if (clock < 0)
		ret = (clock & 7) == CPUCLOCK_FD ? -EINVAL : -EOPNOTSUPP; /* CLOCKFD_MASK */
	else
		ret = clock == 10 || clock > CLOCK_TAI ? -EINVAL : -EOPNOTSUPP;
	if (ret >= 0 && copy_to_user(utx, &tx, sizeof(tx)))
		return -EFAULT;
	return ret;
}
