/*
 * cputime.c — user and system CPU time, accounted as Linux does with
 * CONFIG_TICK_CPU_ACCOUNTING (kernel/sched/cputime.c).
 *
 * The scheduler keeps each task's precise run time (sum_exec_ns, from the
 * counter at every switch). The timer tick samples the mode: each tick the
 * running task is charged one tick of utime or stime, by whether the timer
 * interrupt came from user mode (cputime_irq_enter, the architecture's one
 * call) or from the kernel. Those samples only give the ratio: the figures
 * users see split the precise run time in that ratio, and never let either
 * part go back (cputime_adjust, after Linux's), so utime + stime equals the
 * run time of the moment and both are monotonic.
 *
 * A process's figures are its live threads' plus those of its exited ones
 * (dead_cputime, added at each thread's exit as Linux's __exit_signal does);
 * its children's are what wait reaped: each child's adjusted figures plus its
 * own children's (Linux wait_task_zombie, psig->cutime).
 *
 * The counts getrusage reports beside the times go the same way: each task
 * counts its page faults (mm_handle_fault, Linux mm_account_fault) and its
 * context switches (schedule(): voluntary when it leaves the CPU not
 * runnable, involuntary when preempted or yielding, as Linux __schedule
 * picks nvcsw or nivcsw), an exited thread's move into dead_cputime, a
 * reaped child's into children_counts. ru_maxrss is a maximum, not a sum:
 * a process's is the largest resident set of the address spaces its threads
 * left (exit, exec: g->maxrss) or use now (mm_hiwater_rss), its children's
 * the largest of their own (Linux signal->maxrss and cmaxrss). ru_majflt
 * stays 0: every page comes from memory (tmpfs, the initramfs), none from a
 * device.
 *
 * The clocks: CLOCK_*_CPUTIME_ID and CPU-clock POSIX timers use the precise
 * run time (CPUCLOCK_SCHED); ITIMER_VIRTUAL uses the utime samples
 * (CPUCLOCK_VIRT) and ITIMER_PROF utime + stime samples (CPUCLOCK_PROF), as
 * in Linux's posix-cpu-timers.c.
 *
 * Locking: a task's tick samples are added by its own CPU's tick and read
 * with atomic loads; sum_exec_ns is the scheduler's [sched]; the prev_cputime
 * of a task and of its process, and the dead-thread totals, are [g->lock];
 * children_cputime is [atomic].
 */
#include <cputime.h>

#include <printk.h>
#include <process.h>
#include <task.h>
#include <time.h>

#define TICK_NS (NSEC_PER_SEC / HZ)

void cputime_irq_enter(bool from_user)
{
	struct task *t = current();
	if (t)
		t->tick_from_user = from_user;
}

void cputime_tick(void)
{
	struct task *t = current();
	if (!t || !t->group)
		return; /* the idle task: idle time is the rest of time */
	u64 *sample = t->tick_from_user ? &t->utime_ns : &t->stime_ns;
	__atomic_fetch_add(sample, TICK_NS, __ATOMIC_RELAXED);
}

u64 task_cpu_ns(struct task *t)
{
	return sched_runtime_ns(t);
}

void task_cputime(struct task *t, struct cputime *out)
{
	out->utime = __atomic_load_n(&t->utime_ns, __ATOMIC_RELAXED);
	out->stime = __atomic_load_n(&t->stime_ns, __ATOMIC_RELAXED);
	out->sum_exec = task_cpu_ns(t);
	out->counts.min_flt = __atomic_load_n(&t->min_flt, __ATOMIC_RELAXED);
	out->counts.nvcsw = __atomic_load_n(&t->nvcsw, __ATOMIC_RELAXED);
	out->counts.nivcsw = __atomic_load_n(&t->nivcsw, __ATOMIC_RELAXED);
	out->counts.maxrss = 0;
}

static void atomic_max(u64 *p, u64 v)
{
	u64 old = __atomic_load_n(p, __ATOMIC_RELAXED);
	while (old < v && !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* a += b: the sums, and the larger maxrss. */
static void counts_add(struct rusage_counts *a, const struct rusage_counts *b)
{
	a->min_flt += b->min_flt;
	a->nvcsw += b->nvcsw;
	a->nivcsw += b->nivcsw;
	if (b->maxrss > a->maxrss)
		a->maxrss = b->maxrss;
}

/* [g->lock] */
static void group_cputime_locked(struct thread_group *g, struct cputime *out)
{
	ASSERT_HELD(&g->lock);
	*out = g->dead_cputime;
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node) {
		struct cputime one;
		task_cputime(t, &one);
		out->utime += one.utime;
		out->stime += one.stime;
		out->sum_exec += one.sum_exec;
		counts_add(&out->counts, &one.counts);
	}
}

void thread_group_cputime(struct thread_group *g, struct cputime *out)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	group_cputime_locked(g, out);
	spin_unlock_irqrestore(&g->lock, irq);
}

u64 process_cpu_ns(struct thread_group *g)
{
	struct cputime c;
	thread_group_cputime(g, &c);
	return c.sum_exec;
}

u64 cputime_min_flt_locked(struct thread_group *g, struct task *t)
{
	ASSERT_HELD(&g->lock);
	struct cputime c;
	if (t)
		task_cputime(t, &c);
	else
		group_cputime_locked(g, &c);
	return c.counts.min_flt;
}

void thread_group_counts(struct thread_group *g, struct rusage_counts *out)
{
	struct cputime c;
	thread_group_cputime(g, &c);
	*out = c.counts;
	out->maxrss = __atomic_load_n(&g->maxrss, __ATOMIC_RELAXED);
}

void cputime_note_maxrss(struct thread_group *g, u64 pages)
{
	atomic_max(&g->maxrss, pages);
}

/* a * b / c for a <= c (so the quotient fits in 64 bits): the 128-bit
 * product divided bit by bit, the kernel having no 128-bit division. */
static u64 mul_div(u64 a, u64 b, u64 c)
{
	unsigned __int128 product = (unsigned __int128)a * b;
	u64 rem = (u64)(product >> 64), low = (u64)product, quot = 0;
	for (int bit = 63; bit >= 0; bit--) {
		bool overflow = rem >> 63;
		rem = (rem << 1) | ((low >> bit) & 1);
		quot <<= 1;
		if (overflow || rem >= c) {
			rem -= c;
			quot |= 1;
		}
	}
	return quot;
}

/*
 * Linux cputime_adjust: the run time split in the ratio of the samples (all
 * of it to user time while no tick has been sampled, as Linux does), then
 * clamped so neither part falls below what was last reported. [g->lock]
 */
static void cputime_adjust(const struct cputime *cur, struct prev_cputime *prev, u64 *utime, u64 *stime)
{
	u64 rtime = cur->sum_exec;
	if (prev->utime + prev->stime < rtime) {
		u64 st;
		if (cur->stime == 0)
			st = 0;
		else if (cur->utime == 0)
			st = rtime;
		else
			st = mul_div(cur->stime, rtime, cur->stime + cur->utime);
		if (st < prev->stime)
			st = prev->stime;
		u64 ut = rtime - st;
		if (ut < prev->utime) {
			ut = prev->utime;
			st = rtime - ut;
		}
		prev->utime = ut;
		prev->stime = st;
	}
	*utime = prev->utime;
	*stime = prev->stime;
}

void cputime_adjusted_locked(struct thread_group *g, struct task *t, u64 *utime, u64 *stime)
{
	ASSERT_HELD(&g->lock);
	struct cputime c;
	if (t) {
		task_cputime(t, &c);
		cputime_adjust(&c, &t->prev_cputime, utime, stime);
	} else {
		group_cputime_locked(g, &c);
		cputime_adjust(&c, &g->prev_cputime, utime, stime);
	}
}

void task_cputime_adjusted(struct task *t, u64 *utime, u64 *stime)
{
	unsigned long irq = spin_lock_irqsave(&t->group->lock);
	cputime_adjusted_locked(t->group, t, utime, stime);
	spin_unlock_irqrestore(&t->group->lock, irq);
}

void thread_group_cputime_adjusted(struct thread_group *g, u64 *utime, u64 *stime)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	cputime_adjusted_locked(g, NULL, utime, stime);
	spin_unlock_irqrestore(&g->lock, irq);
}

void cputime_thread_exit(struct thread_group *g, struct task *t)
{
	ASSERT_HELD(&g->lock);
	struct cputime c;
	task_cputime(t, &c);
	g->dead_cputime.utime += c.utime;
	g->dead_cputime.stime += c.stime;
	g->dead_cputime.sum_exec += c.sum_exec;
	counts_add(&g->dead_cputime.counts, &c.counts);
}

void children_counts(struct thread_group *g, struct rusage_counts *out)
{
	const struct rusage_counts *c = &g->children_counts;
	out->min_flt = __atomic_load_n(&c->min_flt, __ATOMIC_RELAXED);
	out->nvcsw = __atomic_load_n(&c->nvcsw, __ATOMIC_RELAXED);
	out->nivcsw = __atomic_load_n(&c->nivcsw, __ATOMIC_RELAXED);
	out->maxrss = __atomic_load_n(&c->maxrss, __ATOMIC_RELAXED);
}

void cputime_with_children(struct thread_group *g, u64 *utime, u64 *stime, struct rusage_counts *counts)
{
	thread_group_cputime_adjusted(g, utime, stime);
	*utime += __atomic_load_n(&g->children_utime, __ATOMIC_RELAXED);
	*stime += __atomic_load_n(&g->children_stime, __ATOMIC_RELAXED);
	struct rusage_counts children;
	thread_group_counts(g, counts);
	children_counts(g, &children);
	counts_add(counts, &children);
}

void cputime_add_children(struct thread_group *parent, u64 utime, u64 stime, const struct rusage_counts *counts)
{
	struct rusage_counts *c = &parent->children_counts;
	__atomic_fetch_add(&parent->children_utime, utime, __ATOMIC_RELAXED);
	__atomic_fetch_add(&parent->children_stime, stime, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->min_flt, counts->min_flt, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->nvcsw, counts->nvcsw, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->nivcsw, counts->nivcsw, __ATOMIC_RELAXED);
	atomic_max(&c->maxrss, counts->maxrss);
}
