/*
 * timers.c — a process's timers (Linux kernel/time/itimer.c,
 * posix-timers.c, posix-cpu-timers.c):
 *
 *  - the three interval timers of setitimer/getitimer. ITIMER_REAL is a
 *    ktimer on the monotonic clock that sends SIGALRM (glibc's and musl's
 *    alarm() is setitimer(ITIMER_REAL)); ITIMER_VIRTUAL and ITIMER_PROF are
 *    deadlines in the process's CPU time, checked by the timer interrupt
 *    (timers_cpu_tick), that send SIGVTALRM and SIGPROF: ITIMER_VIRTUAL
 *    on user time, ITIMER_PROF on user + system time (proc/cputime.c). A
 *    periodic ITIMER_REAL is re-armed when its SIGALRM is taken, as Linux's
 *    dequeue_signal does, never from its own expiry.
 *  - POSIX timers (timer_create ... timer_delete): ids from 0 per process,
 *    on the realtime, monotonic, boottime (and _ALARM) clocks as ktimers,
 *    on the process's or the calling thread's CPU clock as CPU deadlines.
 *    Expiry sends the sigevent's signal with si_code SI_TIMER, si_timerid,
 *    si_overrun and si_value (SIGEV_SIGNAL to the process, SIGEV_THREAD_ID
 *    to one of its threads). A periodic timer is then left unarmed until
 *    its signal is taken (signal_take → timers_signal_taken), which re-arms
 *    it one period on and counts the periods missed meanwhile into
 *    si_overrun and timer_getoverrun, as Linux 6.1's posix_timer_fn
 *    (HRTIMER_NORESTART) and dequeue_signal → posixtimer_rearm do: a tiny
 *    period cannot flood the CPU with expiries. A SIGEV_NONE timer is never
 *    armed at all (Linux common_timer_set, sigev_none): timer_gettime
 *    computes where it is.
 *  - A POSIX timer on the wall clock keeps its wall-clock expiry when
 *    CLOCK_REALTIME is set or stepped (Linux clock_was_set moves the
 *    hrtimers of the realtime, TAI and alarm bases): every timer on
 *    CLOCK_REALTIME, CLOCK_REALTIME_ALARM or CLOCK_TAI is on wall_timers
 *    from timer_create to its deletion, and time.c's clock-set hook
 *    (posix_timers_clock_was_set) moves the monotonic expiry of those set
 *    on the wall clock by the change of the offset. Which are: an absolute
 *    CLOCK_REALTIME setting (a relative one runs on CLOCK_MONOTONIC, Linux
 *    common_hrtimer_arm's "POSIX magic"), and every setting of the TAI and
 *    alarm clocks (alarm_timer_arm makes a relative one absolute; the TAI
 *    base is moved whatever the mode).
 *
 * fork gives the child no timers; execve deletes the POSIX timers and keeps
 * the interval timers; the last thread's exit deletes them all
 * (timers_exit), waiting for an expiry that runs on another CPU
 * (ktimer_cancel_sync) before anything is freed.
 *
 * Locking: process_timers.lock protects every field of the process's
 * timers and of its posix_timers. It is taken in process context and in
 * the timer interrupt (ktimer fns and timers_cpu_tick), with interrupts
 * off as every spinlock. Signals are sent after dropping it. Lock order:
 * process_timers.lock → tasklist_lock → thread_group.lock (reading CPU
 * time) and process_timers.lock → timer_lock (time.c). wall_timers_lock
 * protects the wall_timers list and each posix_timer.wall_node; it comes
 * before process_timers.lock (wall_timers_lock → process_timers.lock).
 */
#include <timers.h>

#include <kmalloc.h>
#include <pid.h>
#include <process.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/misc.h>
#include <uapi/signal.h>
#include <uapi/time.h>

#define DELAYTIMER_MAX 0x7fffffff	 /* Linux: overrun counts saturate at INT_MAX */
#define CPU_TICK_NS (NSEC_PER_SEC / 250) /* Linux's cputime_one_jiffy at Debian's HZ=250 */

struct posix_timer {
	struct list_head node; /* in process_timers.posix */
	int id;
	int clock;	  /* the clock id it was created on */
	bool cpu_clock;	  /* runs on CPU time (of the process, or of thread cpu_tid) */
	int cpu_tid;	  /* CLOCK_THREAD_CPUTIME_ID: the thread whose time counts */
	struct ktimer kt; /* for the other clocks */
	u64 expires;	  /* when it fires next, or (rearm_on_take) fired last:
			   * monotonic ns, or CPU ns (0: disarmed) */
	u64 interval;	  /* period, ns (0: one-shot) */
	int notify;	  /* SIGEV_* */
	int signo;
	int target_tid;	     /* SIGEV_THREAD_ID: the thread to signal */
	u64 value;	     /* sigev_value, given back as si_value */
	bool signal_pending; /* its signal is sent and not yet taken */
	bool rearm_on_take;  /* periodic, fired, not armed: taking its signal re-arms it */
	bool deleted;	     /* timer_delete or exit has unlinked it: fire no more */
	s64 overrun;	     /* Linux it_overrun: periods forwarded since the last
			      * re-arm, minus one (-1: none) */
	s32 queued_overrun;  /* expiries while signal_pending (Linux's si_overrun) */
	s64 overrun_last;    /* the count of the last signal taken (timer_getoverrun) */
	struct process_timers *owner;
	int charge_slot;	    /* its signal's RLIMIT_SIGPENDING charge (signal_prealloc_charge); -1: none */
	bool on_wall_clock;	    /* expires keeps a wall-clock time: moves when the clock is set */
	u64 wall_offset;	    /* the real-time offset expires was computed with */
	bool on_wall_list;	    /* in wall_timers [wall_timers_lock] */
	struct list_head wall_node; /* in wall_timers [wall_timers_lock] */
};

/* The timers on the wall-clock based clocks, for posix_timers_clock_was_set. */
static struct spinlock wall_timers_lock = SPINLOCK_INIT("posix_wall_timers");
static struct list_head wall_timers = LIST_HEAD_INIT(wall_timers);

struct process_timers {
	struct spinlock lock; /* see the top comment */
	struct thread_group *group;
	struct ktimer real;		     /* ITIMER_REAL */
	u64 real_expires, real_interval;     /* monotonic ns (0: not armed), period ns */
	u64 real_fired;			     /* a periodic expiry whose SIGALRM is not taken yet */
	u64 cpu_expires[3], cpu_interval[3]; /* ITIMER_VIRTUAL, ITIMER_PROF: CPU ns */
	int nr_cpu_posix;		     /* armed POSIX timers on CPU clocks */
	struct list_head posix;		     /* struct posix_timer.node */
	int next_id;
};

/* The process's timers, made on first use (NULL: no memory). */
static struct process_timers *timers_of(struct thread_group *g)
{
	struct process_timers *pt = __atomic_load_n(&g->timers, __ATOMIC_ACQUIRE);
	if (pt)
		return pt;
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return NULL;
	spin_lock_init(&pt->lock, "process_timers");
	pt->group = g;
	list_init(&pt->posix);
	struct process_timers *expected = NULL;
	if (!__atomic_compare_exchange_n(&g->timers, &expected, pt, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(pt); /* another thread made them first */
		return expected;
	}
	return pt;
}

/* A signal from the kernel (Linux SEND_SIG_PRIV: si_code SI_KERNEL). */
static void send_kernel_signal(struct thread_group *g, int sig)
{
	struct signal_cause cause = {.code = SI_KERNEL};
	thread_group_signal_process(g, sig, &cause);
}

/* Advances *expires past now by whole periods; returns how many periods it
 * moved (0 if not due yet), as Linux hrtimer_forward does. */
static s64 forward_periods(u64 *expires, u64 interval, u64 now)
{
	if (!interval || now < *expires)
		return 0;
	u64 missed = (now - *expires) / interval;
	*expires += (missed + 1) * interval;
	return (s64)missed + 1;
}

/* The same, returning how many expiries were skipped (periods moved - 1). */
static s64 forward(u64 *expires, u64 interval, u64 now)
{
	s64 periods = forward_periods(expires, interval, now);
	return periods ? periods - 1 : 0;
}

/* ---- interval timers --------------------------------------------------------- */

static void real_timer_fired(struct ktimer *kt)
{
	struct process_timers *pt = container_of(kt, struct process_timers, real);
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	bool fire = pt->real_expires != 0;
	if (fire) {
		/* Linux it_real_fn: a periodic timer is re-armed when its SIGALRM
		 * is taken (itimer_real_rearm), not here, so a period
		 * shorter than the expiry's own cost cannot starve the CPU. */
		pt->real_fired = pt->real_interval ? pt->real_expires : 0;
		pt->real_expires = 0;
	}
	spin_unlock_irqrestore(&pt->lock, irq);
	if (fire)
		send_kernel_signal(pt->group, SIGALRM);
}

/* Linux dequeue_signal: taking a SIGALRM (from the timer or not) re-arms a
 * periodic ITIMER_REAL that has fired, one period on from that expiry (or
 * the first period boot time has not passed yet). [pt->lock] */
static void itimer_real_rearm(struct process_timers *pt)
{
	if (!pt->real_expires && pt->real_fired && pt->real_interval) {
		u64 expires = pt->real_fired;
		forward(&expires, pt->real_interval, time_since_boot_ns());
		pt->real_expires = expires;
		pt->real_fired = 0;
		ktimer_arm(&pt->real, pt->real_expires, real_timer_fired);
	}
}

/* The CPU time an interval timer runs on: ITIMER_VIRTUAL user time,
 * ITIMER_PROF user + system time, both as sampled by the tick (Linux's
 * CPUCLOCK_VIRT and CPUCLOCK_PROF, posix-cpu-timers.c). */
static u64 itimer_sample(struct thread_group *g, int which)
{
	struct cputime c;
	thread_group_cputime(g, &c);
	return cputime_sample(&c, which == ITIMER_VIRTUAL ? CPUCLOCK_VIRT : CPUCLOCK_PROF);
}

/* What getitimer reports (Linux itimer_get_remtime, get_cpu_itimer): an
 * armed timer that is due reads as 1 µs (real) or one tick (CPU). [pt->lock] */
static void itimer_read(struct process_timers *pt, int which, struct itimerval_user *out)
{
	u64 value = 0, interval;
	if (which == ITIMER_REAL) {
		interval = pt->real_interval;
		if (pt->real_expires) {
			u64 now = time_since_boot_ns();
			value = pt->real_expires > now ? pt->real_expires - now : 1000;
			value = value < 1000 ? 1000 : value; /* never 0 while armed */
		}
	} else {
		interval = pt->cpu_interval[which];
		if (pt->cpu_expires[which]) {
			u64 now = itimer_sample(pt->group, which);
			value = pt->cpu_expires[which] > now ? pt->cpu_expires[which] - now : CPU_TICK_NS;
		}
	}
	ns_to_timeval(value, &out->it_value);
	ns_to_timeval(interval, &out->it_interval);
}

SYSCALL_DEFINE2(getitimer, int, which, uaddr_t, uvalue)
{
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	struct itimerval_user v;
	memset(&v, 0, sizeof(v));
	struct process_timers *pt = timers_of(current()->group);
	if (!pt)
		return -ENOMEM;
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	itimer_read(pt, which, &v);
	spin_unlock_irqrestore(&pt->lock, irq);
	return copy_to_user(uvalue, &v, sizeof(v)) ? -EFAULT : 0;
}

static bool timeval_valid(const struct timeval_user *tv)
{
	return tv->tv_sec >= 0 && (u64)tv->tv_usec < 1000000;
}

static u64 timeval_ns(const struct timeval_user *tv)
{
	if ((u64)tv->tv_sec > ~0UL / NSEC_PER_SEC / 2)
		return ~0UL / 2; /* far enough to be never */
	return (u64)tv->tv_sec * NSEC_PER_SEC + (u64)tv->tv_usec * 1000;
}

/* Linux do_setitimer; a NULL new value disarms (Linux's old misfeature). */
SYSCALL_DEFINE3(setitimer, int, which, uaddr_t, unew, uaddr_t, uold)
{
	struct itimerval_user nv, ov;
	memset(&nv, 0, sizeof(nv));
	if (!uaddr_is_null(unew) && copy_from_user(&nv, unew, sizeof(nv)))
		return -EFAULT;
	if (!timeval_valid(&nv.it_value) || !timeval_valid(&nv.it_interval))
		return -EINVAL;
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	struct process_timers *pt = timers_of(current()->group);
	if (!pt)
		return -ENOMEM;
	u64 value = timeval_ns(&nv.it_value), interval = timeval_ns(&nv.it_interval);
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	itimer_read(pt, which, &ov);
	if (which == ITIMER_REAL) {
		ktimer_cancel(&pt->real); /* its fn checks real_expires under our lock */
		pt->real_interval = value ? interval : 0;
		pt->real_expires = value ? time_deadline_after(value) : 0;
		pt->real_fired = 0;
		if (value)
			ktimer_arm(&pt->real, pt->real_expires, real_timer_fired);
	} else {
		/* Linux set_cpu_itimer: a new value runs one tick longer */
		pt->cpu_expires[which] = value ? itimer_sample(pt->group, which) + value + CPU_TICK_NS : 0;
		pt->cpu_interval[which] = interval;
	}
	spin_unlock_irqrestore(&pt->lock, irq);
	if (!uaddr_is_null(uold) && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

/* ---- POSIX timers ------------------------------------------------------------- */

/* The current time on the timer's clock: monotonic ns, or CPU ns. */
static u64 posix_timer_now(struct posix_timer *t)
{
	if (!t->cpu_clock)
		return time_since_boot_ns();
	if (t->cpu_tid) {
		u64 ns = 0;
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		struct task *task = pid_find_task(t->cpu_tid);
		if (task && task->group == t->owner->group)
			ns = task_cpu_ns(task);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return ns;
	}
	return process_cpu_ns(t->owner->group);
}

/* Sends t's signal (the caller has dropped pt->lock). */
static void posix_timer_send(struct thread_group *g, int id, int notify, int signo, int target_tid, u64 value)
{
	struct signal_cause cause = {.code = SI_TIMER, .timer_id = id, .value = value, .preallocated = true};
	if (notify == SIGEV_THREAD_ID) {
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		struct task *target = pid_find_task(target_tid);
		if (target && target->group == g)
			signal_send_info(target, signo, &cause);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		/* a thread that is gone gets nothing (Linux: the pid no longer has a task) */
		return;
	}
	thread_group_signal_process(g, signo, &cause);
}

/* An expiry of t (never a SIGEV_NONE timer: those are not armed): a
 * periodic timer waits unarmed for its signal to be taken, a one-shot one
 * is done. Returns true if the caller must send the signal; one still
 * pending only counts the expiry (Linux send_sigqueue). [pt->lock] */
static bool posix_timer_expired(struct posix_timer *t)
{
	if (t->interval) {
		t->rearm_on_take = true; /* expires stays: the expiry it re-arms from */
	} else {
		if (t->cpu_clock)
			t->owner->nr_cpu_posix--;
		t->expires = 0;
	}
	if (t->signal_pending) {
		if (t->queued_overrun < DELAYTIMER_MAX)
			t->queued_overrun++;
		return false;
	}
	t->signal_pending = true;
	t->queued_overrun = 0;
	return true;
}

/* Whether t is armed: due to expire at t->expires. [pt->lock] */
static bool posix_timer_armed(struct posix_timer *t)
{
	return t->expires && !t->rearm_on_take && t->notify != SIGEV_NONE;
}

static void posix_timer_fired(struct ktimer *kt)
{
	struct posix_timer *t = container_of(kt, struct posix_timer, kt);
	struct process_timers *pt = t->owner;
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	bool send = false;
	if (!t->deleted && posix_timer_armed(t))
		send = posix_timer_expired(t);
	int id = t->id, notify = t->notify, signo = t->signo, tid = t->target_tid;
	u64 value = t->value;
	spin_unlock_irqrestore(&pt->lock, irq);
	if (send)
		posix_timer_send(pt->group, id, notify, signo, tid, value);
}

static s32 overrun_to_int(s64 overrun)
{
	return overrun > DELAYTIMER_MAX ? DELAYTIMER_MAX : (s32)overrun;
}

/* t's signal is taken (Linux posixtimer_rearm): a periodic timer that
 * fired is armed again one period past now, and the periods it missed are
 * its overrun. [pt->lock] */
static void posix_timer_rearm(struct posix_timer *t, struct signal_cause *cause)
{
	t->signal_pending = false;
	s32 queued = t->queued_overrun;
	t->queued_overrun = 0;
	if (!t->rearm_on_take || !t->interval) {
		cause->overrun = queued;
		return;
	}
	t->rearm_on_take = false;
	t->overrun += forward_periods(&t->expires, t->interval, posix_timer_now(t));
	t->overrun_last = t->overrun;
	t->overrun = -1;
	cause->overrun = overrun_to_int(t->overrun_last + queued);
	if (!t->cpu_clock)
		ktimer_arm(&t->kt, t->expires, posix_timer_fired);
}

void timers_signal_taken(struct thread_group *g, int sig, struct signal_cause *cause)
{
	struct process_timers *pt = __atomic_load_n(&g->timers, __ATOMIC_ACQUIRE);
	if (!pt)
		return;
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	if (sig == SIGALRM)
		itimer_real_rearm(pt);
	if (cause->code == SI_TIMER) {
		struct posix_timer *t;
		list_for_each_entry(t, &pt->posix, node) {
			if (t->id == cause->timer_id && t->signal_pending) {
				posix_timer_rearm(t, cause);
				break;
			}
		}
	}
	spin_unlock_irqrestore(&pt->lock, irq);
}

/* The timer with this id, or NULL. [pt->lock] */
static struct posix_timer *posix_timer_find(struct process_timers *pt, int id)
{
	struct posix_timer *t;
	list_for_each_entry(t, &pt->posix, node)
		if (t->id == id)
			return t;
	return NULL;
}

/* Which clocks a timer can run on (Linux clockid_to_kclock and each
 * k_clock's timer_create): 0, -EINVAL, or -EOPNOTSUPP (a clock that exists
 * but has no timers: the coarse and raw ones). */
static int timer_clock_check(struct posix_timer *t, int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
	case CLOCK_REALTIME_ALARM: /* root has CAP_WAKE_ALARM; no suspend, so no difference */
	case CLOCK_BOOTTIME_ALARM: return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE: return -EOPNOTSUPP;
	case CLOCK_PROCESS_CPUTIME_ID: t->cpu_clock = true; return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		t->cpu_clock = true;
		t->cpu_tid = current()->tid;
		return 0;
	default: break;
	}
	if (clock >= 0)
		return -EINVAL;
	/* an encoded CPU clock (pid, per-thread bit, which): only the caller's
	 * own process or thread, and only the SCHED/PROF flavours, for now */
	u64 ns;
	if (clock_read_ns(clock, &ns))
		return -EINVAL;
	int pid = ~(clock >> 3);
	bool per_thread = clock & 4;
	if (per_thread && (pid == 0 || pid == current()->tid)) {
		t->cpu_clock = true;
		t->cpu_tid = current()->tid;
		return 0;
	}
	if (!per_thread && (pid == 0 || pid == current()->group->pid)) {
		t->cpu_clock = true;
		return 0;
	}
	return -EINVAL;
}

/* ---- timers on the wall clock ------------------------------------------------ */

/* The clocks whose timers can keep a wall-clock expiry. */
static bool clock_follows_wall(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM || clock == CLOCK_TAI;
}

/*
 * CLOCK_REALTIME was set or stepped (time.c's clock-set hook, process
 * context): a timer set on the wall clock keeps its wall-clock expiry, so
 * its monotonic one moves by the change of the offset, and an armed one is
 * re-armed there (one now in the past fires at once, as Linux's
 * clock_was_set retriggers the hrtimer bases). A periodic timer waiting for
 * its signal to be taken moves its last expiry, from which it re-arms.
 * The offset is read here, under wall_timers_lock, rather than taken from
 * the hook's argument: should two settings' hooks interleave, the last
 * timer visit uses the last offset.
 */
static void posix_timers_clock_was_set(u64 new_offset)
{
	(void)new_offset;
	unsigned long list_irq = spin_lock_irqsave(&wall_timers_lock);
	u64 offset = time_realtime_offset();
	struct posix_timer *t;
	list_for_each_entry(t, &wall_timers, wall_node) {
		struct process_timers *pt = t->owner;
		unsigned long irq = spin_lock_irqsave(&pt->lock);
		if (!t->deleted && t->on_wall_clock && t->expires && t->wall_offset != offset) {
			u64 real = t->expires + t->wall_offset;
			if (real < t->expires)
				real = ~0UL; /* saturate: "never" stays never */
			t->expires = real > offset ? real - offset : 1;
			if (posix_timer_armed(t))
				ktimer_arm(&t->kt, t->expires, posix_timer_fired);
		}
		t->wall_offset = offset;
		spin_unlock_irqrestore(&pt->lock, irq);
	}
	spin_unlock_irqrestore(&wall_timers_lock, list_irq);
}

static struct clock_set_hook posix_timers_clock_hook = {.fn = posix_timers_clock_was_set};

/* Puts a new timer (not yet visible to its process) on wall_timers, the
 * clock-set hook registered with the first one. */
static void posix_timer_list_wall(struct posix_timer *t)
{
	static bool hooked; /* [atomic] */
	if (!__atomic_exchange_n(&hooked, true, __ATOMIC_ACQ_REL))
		time_add_clock_set_hook(&posix_timers_clock_hook);
	unsigned long irq = spin_lock_irqsave(&wall_timers_lock);
	list_add_tail(&t->wall_node, &wall_timers);
	t->on_wall_list = true;
	spin_unlock_irqrestore(&wall_timers_lock, irq);
}

/* Takes t off wall_timers before it is freed: once this returns, the hook
 * cannot be looking at it. */
static void posix_timer_unlist_wall(struct posix_timer *t)
{
	unsigned long irq = spin_lock_irqsave(&wall_timers_lock);
	if (t->on_wall_list)
		list_del(&t->wall_node);
	t->on_wall_list = false;
	spin_unlock_irqrestore(&wall_timers_lock, irq);
}

SYSCALL_DEFINE3(timer_create, int, clock, uaddr_t, uevent, uaddr_t, uid)
{
	struct posix_timer *t = kzalloc(sizeof(*t));
	if (!t)
		return -EAGAIN; /* Linux: alloc_posix_timer failing is EAGAIN */
	t->charge_slot = -1;	/* no charge yet (fail: uncharges only one taken) */
	int err = timer_clock_check(t, clock);
	if (err)
		goto fail;
	t->clock = clock;
	t->overrun = -1; /* Linux do_timer_create: it_overrun = -1 */
	t->notify = SIGEV_SIGNAL;
	t->signo = SIGALRM;
	struct thread_group *g = current()->group;
	if (!uaddr_is_null(uevent)) {
		struct sigevent_user ev;
		err = -EFAULT;
		if (copy_from_user(&ev, uevent, sizeof(ev)))
			goto fail;
		err = -EINVAL; /* Linux good_sigevent */
		switch (ev.notify) {
		case SIGEV_SIGNAL | SIGEV_THREAD_ID: {
			unsigned long irq = spin_lock_irqsave(&tasklist_lock);
			struct task *target = pid_find_task(ev.tid);
			bool ours = target && target->group == g;
			spin_unlock_irqrestore(&tasklist_lock, irq);
			if (!ours)
				goto fail;
			t->target_tid = ev.tid;
		}
		/* fall through */
		case SIGEV_SIGNAL:
		case SIGEV_THREAD:
			if (ev.signo <= 0 || ev.signo > NSIG)
				goto fail;
			/* fall through */
		case SIGEV_NONE: break;
		default: goto fail;
		}
		t->notify = ev.notify == SIGEV_THREAD ? SIGEV_SIGNAL : ev.notify;
		t->signo = ev.signo;
		t->value = ev.value;
	}
	struct process_timers *pt = timers_of(g);
	err = -EAGAIN;
	t->charge_slot = pt ? signal_prealloc_charge() : -EAGAIN; /* Linux alloc_posix_timer's sigqueue_alloc */
	if (t->charge_slot < 0)
		goto fail;
	t->owner = pt;
	if (clock_follows_wall(clock))
		posix_timer_list_wall(t);
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	while (posix_timer_find(pt, pt->next_id)) /* ids wrap at INT_MAX (Linux posix_timer_add) */
		pt->next_id = pt->next_id == 0x7fffffff ? 0 : pt->next_id + 1;
	t->id = pt->next_id;
	pt->next_id = pt->next_id == 0x7fffffff ? 0 : pt->next_id + 1;
	if (uaddr_is_null(uevent))
		t->value = (u64)t->id; /* the default sigevent's si_value is the id */
	list_add_tail(&t->node, &pt->posix);
	spin_unlock_irqrestore(&pt->lock, irq);
	if (put_user_u32(uid, (u32)t->id)) {
		irq = spin_lock_irqsave(&pt->lock);
		list_del(&t->node);
		spin_unlock_irqrestore(&pt->lock, irq);
		err = -EFAULT;
		goto fail;
	}
	return 0;
fail:
	posix_timer_unlist_wall(t);
	if (t->charge_slot >= 0)
		signal_prealloc_uncharge(t->charge_slot);
	kfree(t);
	return err;
}

/* What timer_gettime reports: time left and the interval (Linux
 * common_timer_get). A periodic timer waiting for its signal to be taken,
 * or a SIGEV_NONE one, is moved past now first, its periods counted as
 * overruns. [pt->lock] */
static void posix_timer_read(struct posix_timer *t, u64 *interval, u64 *value)
{
	*interval = t->interval;
	*value = 0;
	if (!t->expires)
		return;
	u64 now = posix_timer_now(t);
	if (t->interval && (t->rearm_on_take || t->notify == SIGEV_NONE))
		t->overrun += forward_periods(&t->expires, t->interval, now);
	if (t->expires > now)
		*value = t->expires - now;
	else if (t->notify != SIGEV_NONE)
		*value = 1; /* armed and due: Linux reports 1 ns (an expired SIGEV_NONE one 0) */
}

/* The timer id names in the caller's process, with pt->lock held on success. */
static struct posix_timer *posix_timer_lock(int id, struct process_timers **ppt, unsigned long *irq)
{
	struct process_timers *pt = __atomic_load_n(&current()->group->timers, __ATOMIC_ACQUIRE);
	if (!pt || id < 0)
		return NULL;
	*irq = spin_lock_irqsave(&pt->lock);
	struct posix_timer *t = posix_timer_find(pt, id);
	if (!t) {
		spin_unlock_irqrestore(&pt->lock, *irq);
		return NULL;
	}
	*ppt = pt;
	return t;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, uaddr_t, unew, uaddr_t, uold)
{
	if (uaddr_is_null(unew))
		return -EINVAL;
	u64 interval, value;
	int err = itimerspec_from_user(unew, &interval, &value);
	if (err)
		return err;
	struct process_timers *pt;
	unsigned long irq;
	struct posix_timer *t = posix_timer_lock(id, &pt, &irq);
	if (!t)
		return -EINVAL;
	u64 old_interval, old_value;
	posix_timer_read(t, &old_interval, &old_value);
	ktimer_cancel(&t->kt); /* its fn checks t->expires under our lock */
	if (t->cpu_clock && t->expires)
		pt->nr_cpu_posix--;
	t->interval = value ? interval : 0;
	t->expires = 0;
	t->rearm_on_take = false; /* a signal still pending re-arms nothing (Linux it_requeue_pending) */
	t->overrun_last = 0;
	/* the offset is read under pt->lock: a clock-set hook that visits t
	 * before this reads the new one, a hook after this moves expires */
	t->wall_offset = time_realtime_offset();
	bool absolute = flags & TIMER_ABSTIME;
	t->on_wall_clock = t->clock != CLOCK_REALTIME ? clock_follows_wall(t->clock) : absolute;
	if (value) {
		u64 now = posix_timer_now(t);
		if (!absolute)
			t->expires = now + value;
		else if (!clock_follows_wall(t->clock))
			t->expires = value;
		else
			t->expires = value > t->wall_offset ? value - t->wall_offset : 0;
		if (!t->expires)
			t->expires = 1; /* an absolute time before boot: due at once */
		if (t->cpu_clock)
			pt->nr_cpu_posix++;
		else if (t->notify != SIGEV_NONE)
			ktimer_arm(&t->kt, t->expires, posix_timer_fired);
	}
	spin_unlock_irqrestore(&pt->lock, irq);
	if (!uaddr_is_null(uold) && itimerspec_to_user(uold, old_interval, old_value))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(timer_gettime, int, id, uaddr_t, ucur)
{
	struct process_timers *pt;
	unsigned long irq;
	struct posix_timer *t = posix_timer_lock(id, &pt, &irq);
	if (!t)
		return -EINVAL;
	u64 interval, value;
	posix_timer_read(t, &interval, &value);
	spin_unlock_irqrestore(&pt->lock, irq);
	return itimerspec_to_user(ucur, interval, value);
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct process_timers *pt;
	unsigned long irq;
	struct posix_timer *t = posix_timer_lock(id, &pt, &irq);
	if (!t)
		return -EINVAL;
	long overrun = overrun_to_int(t->overrun_last);
	spin_unlock_irqrestore(&pt->lock, irq);
	return overrun;
}

/* Unlinks t and frees it once no expiry can be running. Called with
 * pt->lock held; returns with it dropped. */
static void posix_timer_destroy(struct process_timers *pt, struct posix_timer *t, unsigned long irq)
{
	ASSERT_HELD(&pt->lock);
	t->deleted = true;
	if (t->cpu_clock && t->expires)
		pt->nr_cpu_posix--;
	t->expires = 0;
	list_del(&t->node);
	spin_unlock_irqrestore(&pt->lock, irq);
	posix_timer_unlist_wall(t);
	ktimer_cancel_sync(&t->kt);
	signal_prealloc_uncharge(t->charge_slot);
	kfree(t);
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	struct process_timers *pt;
	unsigned long irq;
	struct posix_timer *t = posix_timer_lock(id, &pt, &irq);
	if (!t)
		return -EINVAL;
	posix_timer_destroy(pt, t, irq);
	return 0;
}

/* ---- CPU-time expiries, from the timer interrupt -------------------------------- */

/*
 * RLIMIT_CPU (Linux check_process_timers, check_rlimit): once the
 * process's user + system time reaches the hard limit (seconds) it gets
 * SIGKILL; at the soft limit SIGXCPU (SI_KERNEL), and the soft limit moves
 * a second on, so SIGXCPU comes every second until the hard limit. Looked
 * at on each tick of the process (the tick's samples are what is counted).
 */
static void check_rlimit_cpu(struct thread_group *g)
{
	u64 soft = __atomic_load_n(&g->rlimits[RLIMIT_CPU][0], __ATOMIC_RELAXED);
	if (soft == RLIM_INFINITY)
		return;
	u64 hard = __atomic_load_n(&g->rlimits[RLIMIT_CPU][1], __ATOMIC_RELAXED);
	u64 secs = itimer_sample(g, ITIMER_PROF) / NSEC_PER_SEC;
	if (hard != RLIM_INFINITY && secs >= hard) {
		send_kernel_signal(g, SIGKILL);
		return;
	}
	if (secs >= soft && __atomic_compare_exchange_n(&g->rlimits[RLIMIT_CPU][0], &soft, soft + 1, false,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		send_kernel_signal(g, SIGXCPU);
}

void timers_cpu_tick(struct task *task)
{
	struct thread_group *g = task->group;
	if (g)
		check_rlimit_cpu(g);
	/* Linux check_dl_overrun: a SCHED_FLAG_DL_OVERRUN deadline task that
	 * ran out of runtime (core/sched.c update_curr) gets SIGXCPU, sent to
	 * its process (SEND_SIG_PRIV) */
	if (g && __atomic_exchange_n(&task->dl.overrun, false, __ATOMIC_RELAXED))
		send_kernel_signal(g, SIGXCPU);
	struct process_timers *pt = g ? __atomic_load_n(&g->timers, __ATOMIC_ACQUIRE) : NULL;
	if (!pt)
		return;
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	if (!pt->cpu_expires[ITIMER_VIRTUAL] && !pt->cpu_expires[ITIMER_PROF] && !pt->nr_cpu_posix) {
		spin_unlock_irqrestore(&pt->lock, irq);
		return;
	}
	bool send[3] = {false, false, false};
	for (int which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++) {
		u64 now = pt->cpu_expires[which] ? itimer_sample(g, which) : 0;
		if (!pt->cpu_expires[which] || now < pt->cpu_expires[which])
			continue;
		send[which] = true;
		if (pt->cpu_interval[which])
			forward(&pt->cpu_expires[which], pt->cpu_interval[which], now);
		else
			pt->cpu_expires[which] = 0;
	}
	/* At most one POSIX timer's signal per tick: the rest fire on the next ones. */
	struct posix_timer *t, *due = NULL;
	list_for_each_entry(t, &pt->posix, node) {
		if (!t->cpu_clock || !posix_timer_armed(t) || posix_timer_now(t) < t->expires)
			continue;
		if (posix_timer_expired(t) && !due)
			due = t;
	}
	int id = due ? due->id : 0, notify = due ? due->notify : 0, signo = due ? due->signo : 0;
	int tid = due ? due->target_tid : 0;
	u64 value = due ? due->value : 0;
	spin_unlock_irqrestore(&pt->lock, irq);
	if (send[ITIMER_VIRTUAL])
		send_kernel_signal(g, SIGVTALRM);
	if (send[ITIMER_PROF])
		send_kernel_signal(g, SIGPROF);
	if (due)
		posix_timer_send(g, id, notify, signo, tid, value);
}

/* ---- exec and exit ------------------------------------------------------------- */

void timers_exec(struct thread_group *g)
{
	struct process_timers *pt = __atomic_load_n(&g->timers, __ATOMIC_ACQUIRE);
	if (!pt)
		return;
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&pt->lock);
		if (list_empty(&pt->posix)) {
			spin_unlock_irqrestore(&pt->lock, irq);
			return;
		}
		posix_timer_destroy(pt, list_first_entry(&pt->posix, struct posix_timer, node), irq);
	}
}

void timers_exit(struct thread_group *g)
{
	/* the last thread: nothing else of g can make or use timers now */
	struct process_timers *pt = __atomic_load_n(&g->timers, __ATOMIC_ACQUIRE);
	if (!pt)
		return;
	timers_exec(g);
	unsigned long irq = spin_lock_irqsave(&pt->lock);
	pt->real_expires = 0;
	spin_unlock_irqrestore(&pt->lock, irq);
	ktimer_cancel_sync(&pt->real);
	__atomic_store_n(&g->timers, NULL, __ATOMIC_RELEASE);
	kfree(pt);
}
