/*
 * loadavg.c — the load averages of /proc/loadavg and sysinfo(2), computed
 * as Linux does (kernel/sched/loadavg.c): every LOAD_FREQ (5 s) the number
 * of active tasks — running, runnable or in uninterruptible sleep — is
 * folded into three exponentially decaying averages with the 1, 5 and 15
 * minute factors, in fixed point with FSHIFT (11) fraction bits.
 *
 * The sample is taken by a kernel timer that re-arms itself, so it runs from
 * the timer interrupt but not under the timer list's lock (a ktimer's
 * function is called with timer_lock released), and can take tasklist_lock
 * to count. If a sample comes late (a long interrupt-off stretch), the
 * missed periods are folded in at once with the same count (Linux's
 * calc_load_n for the no-tick case).
 *
 * Locking: loadavg_lock protects avenrun and last_pid's copy; taken with
 * interrupts off (the sample runs in the timer interrupt).
 */
#include <loadavg.h>

#include <pid.h>
#include <spinlock.h>
#include <task.h>
#include <time.h>

#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
#define LOAD_FREQ_NS (5 * NSEC_PER_SEC)
static const unsigned long exp_factor[3] = {1884, 2014, 2037}; /* 1/exp(5s/1min), 5min, 15min */

static struct spinlock loadavg_lock = SPINLOCK_INIT("loadavg");
static unsigned long avenrun[3]; /* fixed point [loadavg_lock] */
static struct ktimer sample_timer;
static u64 next_sample_ns;

/* Linux's calc_load: load * e + active * (1 - e), rounded up when rising. */
static unsigned long calc_load(unsigned long load, unsigned long e, unsigned long active)
{
	unsigned long next = load * e + active * (FIXED_1 - e);
	if (active >= load)
		next += FIXED_1 - 1;
	return next / FIXED_1;
}

void task_count_states(int *running, int *blocked)
{
	*running = 0;
	*blocked = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t;
	list_for_each_entry(t, &all_tasks, all_node) {
		enum task_state state = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
		*running += state == TASK_RUNNING && t->tid != 0; /* tid 0: the idle task */
		*blocked += state == TASK_UNINTERRUPTIBLE;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

static void sample(struct ktimer *t)
{
	int running, blocked;
	task_count_states(&running, &blocked);
	unsigned long active = (unsigned long)(running + blocked) * FIXED_1;
	u64 now = time_since_boot_ns();
	unsigned long irq = spin_lock_irqsave(&loadavg_lock);
	do {
		for (int i = 0; i < 3; i++)
			avenrun[i] = calc_load(avenrun[i], exp_factor[i], active);
		next_sample_ns += LOAD_FREQ_NS;
	} while (next_sample_ns <= now);
	spin_unlock_irqrestore(&loadavg_lock, irq);
	ktimer_arm(&sample_timer, next_sample_ns, sample);
}

void loadavg_init(void)
{
	next_sample_ns = time_since_boot_ns() + LOAD_FREQ_NS;
	ktimer_arm(&sample_timer, next_sample_ns, sample);
}

void loadavg_get(u64 loads[3], unsigned shift)
{
	unsigned long irq = spin_lock_irqsave(&loadavg_lock);
	for (int i = 0; i < 3; i++)
		loads[i] = shift >= FSHIFT ? avenrun[i] << (shift - FSHIFT) : avenrun[i] >> (FSHIFT - shift);
	spin_unlock_irqrestore(&loadavg_lock, irq);
}
