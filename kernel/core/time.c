/*
 * time.c — time since boot, the wall clock, one-shot kernel timers and the
 * scheduler tick.
 *
 * Each CPU's timer interrupt (the clock-event device its driver registers,
 * time.h: the Arm generic timer's, drivers/arm_timer.c) fires at the
 * earliest of (its next tick, next coarse-clock step, earliest ktimer). Timers are kept in one queue by
 * deadline (timerqueue.h: a heap, O(log n) to arm, cancel or expire), protected by timer_lock; every CPU's deadline includes the
 * earliest ktimer, so whichever CPU's timer fires first runs the expired
 * ones (a ktimer armed on one CPU reprograms only that CPU's timer, which is
 * enough: that CPU then runs it). Each CPU has its own tick (scheduler and
 * CPU-time sampling of the task it runs). The tick takes timer_lock only
 * when a ktimer or the coarse clocks are due (earliest_ns, next_coarse_ns
 * are read without it): a lock every CPU took 100 times a second stalled
 * them all whenever the host descheduled the virtual CPU next in line for
 * it (waiter preemption of the ticket locks of then, under QEMU). CPU 0
 * alone advances the coarse clocks (Linux's tick_do_timer_cpu).
 *
 * The coarse clocks (CLOCK_*_COARSE) advance in the timer interrupt, every
 * VDSO_COARSE_RES_NS (Linux's jiffy at HZ=250), to the last multiple of it
 * that monotonic time has passed; the value lives in the vvar page, where
 * the vDSO reads it without reading the counter (docs/vdso.md).
 *
 * Monotonic time is the steered clock (vvar.h): core/ntp.c sets its rate
 * (time_set_rate), and core/vvar.c keeps its one copy of the parameters in
 * the vvar page, which time_since_boot_ns reads as the vDSO does. Every
 * deadline here is in that time; a timer interrupt is programmed for the
 * counter value the current rate reaches it at (vvar_ns_to_counter), so a
 * change of rate moves it by at most the change over one tick (10 ms), and
 * each CPU reprograms at its next tick. CLOCK_MONOTONIC_RAW (time_raw_ns)
 * is the counter's own time.
 */
#include <time.h>

#include <arch.h>
#include <printk.h>
#include <smp.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <vvar.h>
#include <workqueue.h>

static u64 boot_counter;	   /* counter value at time_init */
static u64 counter_freq;	   /* Hz */
static bool steered_ready;	   /* time_init published the steered clock's parameters [boot CPU, before SMP] */
static u64 realtime_offset_ns;	   /* realtime = monotonic + offset [atomic; vdso_update_clock orders the vvar copy] */
static u64 next_tick_ns[MAX_CPUS]; /* each CPU's next tick [that CPU, interrupts off] */
static u64 next_coarse_ns;	   /* when the coarse clocks next advance [timer_lock; read atomic] */
static u64 earliest_ns = ~0UL;	   /* the first ktimer's deadline, ~0: none [timer_lock; read atomic] */
static u64 clock_set_mono_ns;	   /* monotonic time of the last setting of the realtime clock [timer_lock] */
static u64 clock_set_real_ns;	   /* the realtime it set [timer_lock] */
static const struct clock_event *clockevent; /* [boot CPU, before IRQs are on] */
static struct spinlock timer_lock = SPINLOCK_INIT("timer");
static struct timerqueue timer_queue; /* armed ktimers, earliest first [timer_lock] */
static struct ktimer
	*running_timer[MAX_CPUS]; /* the ktimer whose fn each CPU runs now, for ktimer_cancel_sync [timer_lock] */

#define TICK_NS (NSEC_PER_SEC / HZ)

/* CLOCK_REALTIME_COARSE at now: the last setting's time plus the whole
 * resolutions since (vdso.h; Linux's xtime). [timer_lock] */
static u64 coarse_real_at(u64 now)
{
	if (now < clock_set_mono_ns)
		return clock_set_real_ns; /* a tick's time read before a setting on another CPU */
	u64 since = now - clock_set_mono_ns;
	return clock_set_real_ns + since - since % VDSO_COARSE_RES_NS;
}

/* Publishes the coarse clocks' new value once now has passed next_coarse_ns
 * (caller holds timer_lock, or is time_init before interrupts). Lock order:
 * timer_lock, then core/vvar.c's vvar_lock. */
static void advance_coarse(u64 now)
{
	if (now < next_coarse_ns)
		return;
	u64 coarse = now - now % VDSO_COARSE_RES_NS; /* not ALIGN_DOWN: 4 ms is no power of two */
	__atomic_store_n(&next_coarse_ns, coarse + VDSO_COARSE_RES_NS, __ATOMIC_RELAXED);
	vdso_update_coarse(coarse, coarse_real_at(now));
}

static void reprogram(void);
static void wall_wake_timers_clock_was_set(void);

void clockevent_register(const struct clock_event *ce)
{
	CHECK(!clockevent);
	clockevent = ce;
}

void time_init(void)
{
	counter_freq = arch_counter_freq();
	boot_counter = 0; /* the counter starts at 0 when QEMU starts: boot time is honest */
	vdso_update_clock(counter_freq, boot_counter, realtime_offset_ns);
	steered_ready = true;
	u64 now = time_since_boot_ns();
	next_tick_ns[0] = now + TICK_NS;
	advance_coarse(now);
	CHECK(clockevent); /* its driver registers it first (init/main.c) */
	clockevent->set_next_event(vvar_ns_to_counter(MIN(next_tick_ns[0], next_coarse_ns)));
}

void time_init_this_cpu(void)
{
	unsigned long flags = arch_irq_save();
	next_tick_ns[this_cpu()->id] = time_since_boot_ns() + TICK_NS;
	reprogram();
	arch_irq_restore(flags);
}

/* The word the vDSO reads too, so the two paths never disagree. */
u64 time_coarse_ns(void)
{
	return vdso_coarse_ns(false);
}

u64 time_realtime_coarse_ns(void)
{
	return vdso_coarse_ns(true);
}

u64 counter_to_ns(u64 ticks)
{
	if (!counter_freq)
		return 0;
	/* split to avoid overflow: ticks can be large */
	return (ticks / counter_freq) * NSEC_PER_SEC + (ticks % counter_freq) * NSEC_PER_SEC / counter_freq;
}

u64 time_raw_ns(void)
{
	if (!counter_freq)
		counter_freq = arch_counter_freq();
	return counter_to_ns(arch_counter() - boot_counter);
}

/* The steered clock (vvar.h), read from the vvar page as the vDSO reads it;
 * before time_init (early printk) the raw one, which it starts equal to. */
u64 time_since_boot_ns(void)
{
	return steered_ready ? vvar_monotonic_ns() : time_raw_ns();
}

void time_set_rate(u64 ns_per_sec_scaled)
{
	CHECK(steered_ready);
	vdso_set_mult(ns_per_sec_scaled / counter_freq);
	unsigned long flags = arch_irq_save();
	reprogram(); /* this CPU's deadline in counter ticks moved; the others' follow at their next tick */
	arch_irq_restore(flags);
}

u64 time_deadline_after(u64 ns)
{
	u64 now = time_since_boot_ns();
	return ns > ~0UL - now ? ~0UL : now + ns;
}

u64 time_realtime_ns(void)
{
	return time_since_boot_ns() + __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED);
}

u64 time_realtime_offset(void)
{
	return __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED);
}

static struct clock_set_hook *clock_set_hooks; /* a push-only list [atomic] */

void time_add_clock_set_hook(struct clock_set_hook *hook)
{
	struct clock_set_hook *head = __atomic_load_n(&clock_set_hooks, __ATOMIC_RELAXED);
	do
		hook->next = head;
	while (!__atomic_compare_exchange_n(&clock_set_hooks, &head, hook, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* The new offset, in time.c and the vvar page; returns the old one. [timer_lock] */
static u64 set_offset_locked(u64 ns, u64 now)
{
	ASSERT_HELD(&timer_lock);
	u64 old = __atomic_exchange_n(&realtime_offset_ns, ns, __ATOMIC_RELAXED);
	vdso_update_clock(counter_freq, boot_counter, ns); /* the vvar page too */
	/* the coarse realtime clock is the new time at once (Linux tk_set_xtime
	 * after timekeeping_forward_now), and the ticks count from here */
	clock_set_mono_ns = now;
	clock_set_real_ns = now + ns;
	vdso_update_coarse(vdso_coarse_ns(false), clock_set_real_ns);
	return old;
}

/* Linux clock_was_set: wall timers and the hooks (process context). */
static void clock_was_set(void)
{
	wall_wake_timers_clock_was_set();
	u64 ns = time_realtime_offset();
	for (struct clock_set_hook *h = __atomic_load_n(&clock_set_hooks, __ATOMIC_ACQUIRE); h; h = h->next)
		h->fn(ns);
}

void time_set_realtime_offset(u64 ns, u64 now)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	u64 old = set_offset_locked(ns, now);
	spin_unlock_irqrestore(&timer_lock, flags);
	if (old != ns)
		clock_was_set();
}

static void clock_was_set_work_fn(struct work *w)
{
	(void)w;
	clock_was_set();
}

/* Linux clock_was_set_delayed: the worker runs it for a step made where
 * the hooks cannot run. */
static struct work clock_was_set_work = {.node = LIST_HEAD_INIT(clock_was_set_work.node), .fn = clock_was_set_work_fn};

void time_step_realtime_atomic(s64 delta_ns)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	u64 old = __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED);
	if (delta_ns < 0 && (u64)-delta_ns > old)
		delta_ns = -(s64)old; /* never before boot */
	set_offset_locked(old + (u64)delta_ns, time_since_boot_ns());
	spin_unlock_irqrestore(&timer_lock, flags);
	work_queue(&clock_was_set_work);
}

int time_inject_realtime_offset(s64 sec, s64 nsec)
{
	if (sec > TIME_SETTOD_SEC_MAX || sec < -TIME_SETTOD_SEC_MAX)
		return -EINVAL; /* beyond either limit whatever the clock reads */
	s64 delta = sec * (s64)NSEC_PER_SEC + nsec;
	u64 old = __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED);
	if (delta < 0 && (u64)-delta > old)
		return -EINVAL; /* before boot: realtime below monotonic */
	u64 offset = old + (u64)delta;
	u64 now = time_since_boot_ns();
	if ((now + offset) / NSEC_PER_SEC >= (u64)TIME_SETTOD_SEC_MAX)
		return -EINVAL;
	time_set_realtime_offset(offset, now);
	return 0;
}

/* This CPU's timer (interrupts off): a change another CPU makes after the
 * loads reprograms that CPU's timer, which is enough. */
static void reprogram(void)
{
	int cpu = this_cpu()->id;
	u64 deadline = next_tick_ns[cpu];
	if (cpu == 0) /* the coarse clocks' CPU (Linux's tick_do_timer_cpu) */
		deadline = MIN(deadline, __atomic_load_n(&next_coarse_ns, __ATOMIC_RELAXED));
	deadline = MIN(deadline, __atomic_load_n(&earliest_ns, __ATOMIC_RELAXED));
	clockevent->set_next_event(vvar_ns_to_counter(deadline));
}

/* After the list changed. [timer_lock] */
static void update_earliest_locked(void)
{
	ASSERT_HELD(&timer_lock);
	struct tq_node *first_node = timerqueue_first(&timer_queue);
	u64 first = first_node ? first_node->key : ~0UL;
	__atomic_store_n(&earliest_ns, first, __ATOMIC_RELAXED);
}

bool ktimer_arm(struct ktimer *t, u64 deadline_ns, void (*fn)(struct ktimer *t))
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	bool was = t->armed;
	if (was)
		timerqueue_del(&timer_queue, &t->tq);
	t->deadline_ns = deadline_ns;
	t->fn = fn;
	t->armed = true;
	t->tq.key = deadline_ns;
	timerqueue_add(&timer_queue, &t->tq);
	update_earliest_locked();
	reprogram();
	spin_unlock_irqrestore(&timer_lock, flags);
	return was;
}

bool ktimer_cancel(struct ktimer *t)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	bool was = t->armed;
	if (was) {
		timerqueue_del(&timer_queue, &t->tq);
		t->armed = false;
		update_earliest_locked();
	}
	spin_unlock_irqrestore(&timer_lock, flags);
	return was;
}

bool ktimer_try_cancel(struct ktimer *t)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	if (t->armed) {
		timerqueue_del(&timer_queue, &t->tq);
		t->armed = false;
		update_earliest_locked();
	}
	bool running = false;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		running |= running_timer[cpu] == t;
	spin_unlock_irqrestore(&timer_lock, flags);
	return !running;
}

/* Linux hrtimer_cancel: off the list, and its fn (which may re-arm it) not
 * running on another CPU when this returns. */
void ktimer_cancel_sync(struct ktimer *t)
{
	while (!ktimer_try_cancel(t))
		arch_cpu_relax();
}

/* Expired ktimers and the coarse clocks, if due. [interrupt] */
static void run_due(u64 now, int cpu)
{
	if (now < __atomic_load_n(&earliest_ns, __ATOMIC_RELAXED) &&
	    (cpu != 0 || now < __atomic_load_n(&next_coarse_ns, __ATOMIC_RELAXED)))
		return;
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	struct tq_node *first;
	while ((first = timerqueue_first(&timer_queue))) {
		struct ktimer *t = container_of(first, struct ktimer, tq);
		if (t->deadline_ns > now)
			break;
		timerqueue_del(&timer_queue, &t->tq);
		t->armed = false;
		update_earliest_locked();
		running_timer[cpu] = t;
		spin_unlock_irqrestore(&timer_lock, flags);
		t->fn(t);
		flags = spin_lock_irqsave(&timer_lock);
		running_timer[cpu] = NULL;
	}
	if (cpu == 0)
		advance_coarse(now);
	spin_unlock_irqrestore(&timer_lock, flags);
}

/* Timer interrupt: run expired ktimers, advance this CPU's tick, reprogram. */
void time_tick_irq(void)
{
	u64 now = time_since_boot_ns();
	int cpu = this_cpu()->id;
	run_due(now, cpu);
	if (now >= next_tick_ns[cpu]) {
		next_tick_ns[cpu] = now + TICK_NS - (now - next_tick_ns[cpu]) % TICK_NS;
		cputime_tick();
		sched_tick();
	}
	reprogram();
	timers_cpu_tick(current()); /* RLIMIT_CPU, ITIMER_VIRTUAL/PROF, CPU-clock POSIX timers (proc/timers.c) */
}

static void wake_timer_fired(struct ktimer *t)
{
	struct wake_timer *w = container_of(t, struct wake_timer, timer);
	w->expired = true;
	sched_wake(w->task);
}

/* The armed wall-clock wake_timers, moved on every setting of the clock. */
static struct spinlock wall_wake_lock = SPINLOCK_INIT("wall_wake_timers");
static struct list_head wall_wake_timers = LIST_HEAD_INIT(wall_wake_timers); /* [wall_wake_lock] */

/* The monotonic time at which the wall clock reads real (0: already past). */
static u64 wall_to_monotonic(u64 real)
{
	u64 offset = time_realtime_offset();
	return real > offset ? real - offset : 0;
}

void wake_timer_arm(struct wake_timer *w, u64 deadline_ns, bool wall)
{
	w->task = current();
	w->expired = false;
	w->deadline = deadline_ns;
	w->wall = wall && deadline_ns != ~0UL;
	list_init(&w->wall_node);
	w->timer.armed = false;
	if (deadline_ns == ~0UL)
		return;
	if (!w->wall) {
		ktimer_arm(&w->timer, deadline_ns, wake_timer_fired);
		return;
	}
	/* listed and armed in one step: a setting of the clock either comes
	 * before (the offset read here is the new one) or moves it after */
	unsigned long irq = spin_lock_irqsave(&wall_wake_lock);
	list_add_tail(&w->wall_node, &wall_wake_timers);
	ktimer_arm(&w->timer, wall_to_monotonic(deadline_ns), wake_timer_fired);
	spin_unlock_irqrestore(&wall_wake_lock, irq);
}

bool wake_timer_due(const struct wake_timer *w)
{
	if (w->expired)
		return true;
	if (w->deadline == ~0UL)
		return false;
	return (w->wall ? time_realtime_ns() : time_since_boot_ns()) >= w->deadline;
}

/* The wake_timer lives on the sleeper's stack: its fn must not be running
 * on another CPU when the sleeper goes on (and returns from that frame),
 * and a setting of the clock must not find it on the wall list. */
void wake_timer_cancel(struct wake_timer *w)
{
	if (w->wall) {
		unsigned long irq = spin_lock_irqsave(&wall_wake_lock);
		list_del(&w->wall_node);
		spin_unlock_irqrestore(&wall_wake_lock, irq);
	}
	ktimer_cancel_sync(&w->timer);
}

/* The wall clock was set: every wall timer fires when the clock now reaches
 * its deadline (at once if it is already past). */
static void wall_wake_timers_clock_was_set(void)
{
	unsigned long irq = spin_lock_irqsave(&wall_wake_lock);
	struct wake_timer *w;
	list_for_each_entry(w, &wall_wake_timers, wall_node)
		ktimer_arm(&w->timer, wall_to_monotonic(w->deadline), wake_timer_fired);
	spin_unlock_irqrestore(&wall_wake_lock, irq);
}

int time_sleep_until(u64 deadline_ns)
{
	return wait_event_interruptible_timeout(NULL, false, deadline_ns) == -ETIMEDOUT ? 0 : -EINTR;
}
