/*
 * sched.c — the scheduler: a run queue per CPU, each under its own lock,
 * real-time policies (SCHED_FIFO, SCHED_RR) above a fair policy for every
 * other task (CFS-like virtual run time weighted by nice), wake-up
 * placement, pulling work to idle CPUs, and preemption on the timer tick at
 * the return to user mode.
 *
 * Run queues. struct rq (one per CPU, rqs[]) holds the tasks queued to run
 * on that CPU, the fair ones sorted by virtual run time and the real-time
 * ones in a second list, under rq->lock. The running task
 * is not queued (cpus[].curr says which it is); the idle tasks never are. A
 * task's [sched] fields (task.h) are protected by the lock of the run queue
 * of its `cpu`: t->cpu changes only with that lock held (and the new CPU's,
 * see double_lock), so task_lock() locks t->cpu's queue and checks t->cpu did
 * not change meanwhile. Every task queued on CPU c may run there
 * (cpus_allowed); sched_setaffinity moves the ones that may not.
 *
 * The fair policy (CFS-like, Linux kernel/sched/fair.c before EEVDF): a
 * task's vruntime grows by the time it runs times NICE_0_WEIGHT / its weight
 * (Linux's sched_prio_to_weight table: each nice step is about 1.25x), and
 * a CPU runs the queued task with the smallest vruntime. CFS rather than
 * EEVDF because with a 100 Hz tick and no high-resolution preemption the
 * slice lengths EEVDF adds cannot be honoured: what matters here is the
 * share of CPU time by weight and wake-up preemption, which vruntime alone
 * gives. The tick preempts the running task once a queued one has a
 * smaller vruntime (so equal tasks alternate each tick, and a nice-0 task
 * runs about 9 ticks for a nice-10 task's one). A woken task starts at most
 * SLEEPER_CREDIT behind the queue's min_vruntime (CFS's place_entity), and
 * preempts the running task at once if its vruntime is WAKEUP_GRAN below
 * the running one's: interactive tasks that mostly sleep get the CPU
 * quickly. While a task is not on a run queue (asleep, or moving between
 * CPUs) its vruntime is kept relative to the queue's min_vruntime (its lag),
 * so it means the same on any CPU. A sleeper's vruntime stands still, as
 * CFS's does: what its CPU's min_vruntime moved on while it slept is taken
 * off its lag at the wake-up (sleep_min_vruntime), so a task woken after
 * the others ran for a while preempts them (an acceptor woken by each
 * connect runs within WAKEUP_GRAN of the connecting task's run time, not
 * at the next tick, and the listen backlog does not fill).
 *
 * Real-time policies (Linux kernel/sched/rt.c, sched(7)): a SCHED_FIFO or
 * SCHED_RR task has a priority 1..99 and runs before every fair task
 * (SCHED_OTHER, BATCH, IDLE) of its CPU. rq->rt_queue is sorted by
 * priority, highest first, first come first served within one; a CPU runs
 * its head. A FIFO task runs until it blocks, yields or a higher one
 * preempts it; an RR task also goes to the back of its priority after
 * SCHED_RR_TIMESLICE_MS (counted in ticks, rr_ticks_left) when another of
 * its priority waits. A task preempted keeps its place at the head of its
 * priority; sched_yield and an expired RR slice put it at the back (the
 * `yielded` flag). A woken real-time task preempts a lower-ranked running
 * one at once (rank_of: idle task < fair < real-time by priority). Its run
 * time does not count as vruntime. Throttling (Linux sched_rt_runtime_us
 * 950000 of sched_rt_period_us 1000000, the sysctls sys_sched.c keeps):
 * once real-time tasks ran rt_runtime_ns of a CPU's current rt_period_ns,
 * that CPU runs only fair tasks (or idles) until the period ends, so a
 * real-time busy loop cannot starve the rest of the system for good.
 * Placement sends a real-time task to the CPU that runs the lowest-ranked
 * work and does not throttle (select_cpu_rt) and every schedule() first
 * pulls a real-time task queued elsewhere that outranks what this CPU would
 * run (pull_rt, Linux pull_rt_task).
 *
 * SCHED_DEADLINE (Linux kernel/sched/deadline.c): a deadline task has a
 * runtime, a relative deadline and a period (sys_sched.c checks and admits
 * them) and runs before every real-time task (rank DL_RANK). rq->dl_queue
 * is sorted by absolute deadline and a CPU runs the earliest one that is
 * not throttled (EDF); a woken one preempts any other but a deadline task
 * with an earlier deadline. The constant bandwidth server (CBS): the run
 * time a deadline task uses comes off dl.left (update_curr); once none is
 * left, or it yields, it is throttled, stays queued but is not picked, and
 * when its next period begins dl_replenish gives it the next period's
 * deadline and runtime. Linux replenishes from an hrtimer; here each
 * update_curr of the CPU (its tick, schedule(), a wake-up there) looks at
 * its throttled tasks (dl_replenish_due), so at most a tick late. A task
 * woken keeps or renews its instance by the CBS wake-up rule (dl_wakeup).
 * Deadline tasks are placed as real-time ones (select_cpu_rt) and are not
 * pushed or pulled between CPUs afterwards.
 *
 * Placement (select_cpu): a task woken by an exiting one's clear_child_tid
 * futex (pthread_join) goes to the waker's CPU when nothing else is
 * queued there: that CPU is free as soon as the exit ends, with no IPI to
 * wake an idle one (Linux's wake_affine with a sync wake-up; under QEMU the
 * IPI means waking a halted virtual CPU's host thread). Else a woken task
 * goes to its last CPU if that is
 * idle, else to the waker's if idle, else to any idle CPU it may run on,
 * else to the less loaded of the waker's CPU and its last one; an idle CPU
 * chosen gets a reschedule IPI (SGI IPI_RESCHED). A new task is placed the
 * same way from its creator's CPU.
 *
 * Balancing: a CPU about to run nothing else (newidle: its queue is empty
 * and the task leaving it sleeps, or it is idle) pulls a queued task from
 * the busiest CPU, before schedule() takes its own lock; the tick of a CPU
 * whose load (queued + running) is two below another's asks for a schedule,
 * which pulls (the periodic balance; an idle CPU's tick only looks, without
 * a lock). The task pulled is the one with the largest vruntime (the
 * coldest).
 *
 * Sleep and wake on several CPUs (the shape of Linux's try_to_wake_up):
 * a task's `state` says whether it wants to run, `on_runqueue` whether it
 * is queued, and `on_cpu` whether some CPU runs it or is still switching
 * away from it. A sleeper sets its state (then a full barrier), re-checks
 * its condition and calls schedule(); a waker sets the condition, takes the
 * task's run-queue lock (then a full barrier) and makes the state
 * TASK_RUNNING; it queues the task only if it is neither queued nor on a
 * CPU. A task still on its CPU is not queued: its own schedule() sees
 * TASK_RUNNING and keeps it runnable, so it is neither lost nor run on two
 * CPUs. A CPU's rq->lock is held from the pick across arch_context_switch
 * until the next task releases it, so nobody sees the task switched away
 * from as off its CPU before its registers are saved and its stack left;
 * on_cpu is cleared then (finish_switch), under that lock, by the task
 * switched to. A running task that may not stay on its CPU any more
 * (sched_setaffinity) is left unqueued, TASK_RUNNING and off the queues
 * ("parked": no waker, balancer or sched_setaffinity touches such a task),
 * and finish_switch's caller queues it on a CPU it may run on.
 *
 * The kernel itself is not preempted: a task in the kernel runs until it
 * blocks (schedule() from a wait queue) or returns to user mode, where
 * exit_to_user_mode() calls schedule() if the tick set need_resched. That
 * keeps kernel code free of preemption hazards; long kernel loops must call
 * cond_resched() (or sched_yield()).
 *
 * The whole lock order is written here (and in docs/architecture.md;
 * lockdep.c checks it at run time), outermost first:
 *   1. mutexes (may sleep): an mm's map_mutex (mmap, brk, shmat, fork's
 *      mm_fork, which takes mm->lock under it) -> a mapped file's mutexes;
 *      a file's pos_mutex -> inode mutexes; rename_mutex
 *      -> inode mutexes (parent first);
 *      epoll_mutex -> an epoll's mtx; pty_mutex; tty write_mutex; pipe and
 *      socket mutexes. Never under a spinlock.
 *   2. a fasync list's lock (fs/fown.c kill_fasync) -> tasklist_lock
 *   3. tty_ctrl_lock, thread_group.lock -> sighand.lock
 *   4. one subsystem's object locks: mm_list_lock -> mm->lock (-> tmpfs pages->lock),
 *      files->lock, fs_context->lock, mount_lock -> dcache_lock, fifo_lock ->
 *      pipe lock, flock_lock -> lock_waiters_lock, futex bucket (-> mm->lock
 *      on a fault), tty.lock, msg/sem/shm locks, process_timers and
 *      ntp_lock -> timer_lock -> vvar_lock, socket locks, strace_lock
 *   5. wait-queue locks (a watched file's queue -> epoll ready lock -> the
 *      epoll's own queues)
 *   6. run-queue locks ("rq"; two at once only in CPU number order,
 *      double_lock) -> asid_lock
 *   7. innermost: kmalloc -> page_zone, kernel_pt -> page_zone, log_lock ->
 *      console_lock, and the small leaf locks (random, uts, loadavg).
 * Run-queue locks are taken with interrupts off; a CPU's is handed to the
 * next task across the context switch (see schedule()). IPIs are sent under
 * them only once the sender holds no spinlock (smp_owe_resched).
 *
 * TLB maintenance with an mm live on several CPUs needs no IPI on arm64:
 * a flush is a broadcast inner-shareable TLBI while another CPU runs the
 * mm, else local, the other CPUs flushing before they run it again
 * (arch/arm64/asid.c).
 */
#include <task.h>

#include <printk.h>
#include <smp.h>
#include <time.h>
#include <uapi/sched.h>

#define NICE_0_WEIGHT 1024
#define SLEEPER_CREDIT_NS 3000000ULL /* CFS: half its 6 ms sched_latency */
#define WAKEUP_GRAN_NS 1000000ULL    /* CFS sysctl_sched_wakeup_granularity */
#define WEIGHT_IDLEPRIO 3	     /* SCHED_IDLE's weight (Linux) */
#define DL_RANK (1 + MAX_RT_PRIO)    /* rank_of a deadline task: above every real-time one */
#define RR_TICKS (SCHED_RR_TIMESLICE_MS * HZ / 1000)

/* Linux kernel/sched/core.c sched_prio_to_weight, nice -20 .. 19. */
static const u32 nice_weight[40] = {
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
	3906,  3121,  2501,  1991,  1586,  1277,  1024,	 820,	655,   526,   423,  335,  272,	215,
	172,   137,   110,   87,    70,	   56,	  45,	 36,	29,    23,    18,   15,
};

struct rq {
	struct spinlock lock;
	struct list_head queue;	   /* queued tasks, smallest vruntime first [lock] */
	unsigned nr_queued;	   /* [lock]; read unlocked by placement and balancing */
	u64 min_vruntime;	   /* never decreases [lock] */
	struct list_head rt_queue; /* queued FIFO/RR tasks, highest priority first [lock] */
	/* queued SCHED_DEADLINE tasks, earliest absolute deadline first,
	 * throttled ones (waiting for their next period) included [lock] */
	struct list_head dl_queue;
	unsigned nr_dl;		  /* tasks on dl_queue [lock]; read unlocked by placement */
	unsigned nr_dl_throttled; /* throttled tasks on dl_queue [lock] */
	/* rank_of the running task and of rt_queue's head (0: none) [lock];
	 * read unlocked by placement and pull_rt */
	int curr_rank, rt_top_rank;
	u64 rt_time_ns;	     /* real-time run time in this throttling period [lock] */
	u64 rt_period_start; /* counter value the period began at [lock] */
	/* rt_time_ns reached rt_runtime_ns: run no real-time task [lock]; read
	 * unlocked by placement */
	bool rt_throttled;
	u64 nr_switches; /* context switches on this CPU (/proc/stat ctxt) [lock] */
	/* may_run_on[j]: queued tasks whose affinity allows CPU j [lock]; read
	 * unlocked by busiest_cpu, so a CPU does not ask to balance, every tick,
	 * towards a queue whose tasks are all pinned elsewhere */
	unsigned may_run_on[MAX_CPUS];
};

static struct rq rqs[MAX_CPUS];
/* Real-time throttling (kernel.sched_rt_period_us, sched_rt_runtime_us;
 * runtime ~0: none), set by sys_sched.c's sysctl [atomic] */
static u64 rt_period_ns = 1000000000ULL, rt_runtime_ns = 950000000ULL;
static u64 nr_started; /* tasks created since boot (/proc/stat processes) [atomic] */

static bool vr_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

static bool is_rt(const struct task *t)
{
	return t->sched_policy == SCHED_FIFO || t->sched_policy == SCHED_RR;
}

static bool is_dl(const struct task *t)
{
	return t->sched_policy == SCHED_DEADLINE;
}

static bool is_fair(const struct task *t)
{
	return !is_rt(t) && !is_dl(t);
}

/* Who goes first: the idle task 0, a fair task 1, a real-time task 1 + its
 * priority (2 .. 100), a deadline task DL_RANK (101; between two of them,
 * the earlier absolute deadline). [t's rq lock, or tasklist_lock] */
static int rank_of(const struct task *t)
{
	if (t == cpus[t->cpu].idle)
		return 0;
	if (is_dl(t))
		return DL_RANK;
	return is_rt(t) ? 1 + t->sched_priority : 1;
}

/* EDF: whether deadline task a's instance ends before b's. */
static bool dl_before(const struct task *a, const struct task *b)
{
	return (s64)(a->dl.abs_deadline - b->dl.abs_deadline) < 0;
}

static u32 weight_of(const struct task *t)
{
	if (t->sched_policy == SCHED_IDLE)
		return WEIGHT_IDLEPRIO;
	int nice = __atomic_load_n(&t->nice, __ATOMIC_RELAXED);
	return nice_weight[MIN(MAX(nice, -20), 19) + 20];
}

static bool allowed_on(const struct task *t, int cpu)
{
	return (t->cpus_allowed >> cpu) & 1;
}

/* Run-queue locks are taken with interrupts already off (the caller saved
 * them), so each lock's own saved state is "off". */
static void rq_lock(int cpu)
{
	(void)spin_lock_irqsave(&rqs[cpu].lock);
}

static void rq_unlock(int cpu)
{
	spin_unlock_irqrestore(&rqs[cpu].lock, arch_irq_save());
}

/* Two CPUs' run queues (one lock when a == b), the lower number first. */
static void double_lock(int a, int b)
{
	rq_lock(MIN(a, b));
	if (a != b)
		rq_lock(MAX(a, b));
}

static void double_unlock(int a, int b)
{
	if (a != b)
		rq_unlock(MAX(a, b));
	rq_unlock(MIN(a, b));
}

/* Locks the run queue of t's CPU, which cannot change until it is unlocked. */
static int task_lock(struct task *t)
{
	for (;;) {
		int cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
		rq_lock(cpu);
		if (t->cpu == cpu)
			return cpu;
		rq_unlock(cpu);
	}
}

static unsigned nr_queued(int cpu)
{
	return __atomic_load_n(&rqs[cpu].nr_queued, __ATOMIC_RELAXED);
}

/* Tasks queued or running on cpu (an unlocked estimate). */
static unsigned load_of(int cpu)
{
	struct task *curr = __atomic_load_n(&cpus[cpu].curr, __ATOMIC_RELAXED);
	return nr_queued(cpu) + (curr != cpus[cpu].idle);
}

void sched_init_idle(struct task *idle, int cpu)
{
	idle->state = TASK_RUNNING;
	idle->cpu = cpu;
	idle->on_cpu = true;
	idle->cpus_allowed = 1UL << cpu;
	cpus[cpu].idle = idle;
	cpus[cpu].curr = idle;
}

void sched_init(void)
{
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		spin_lock_init(&rqs[cpu].lock, "rq");
		list_init(&rqs[cpu].queue);
		list_init(&rqs[cpu].rt_queue);
		list_init(&rqs[cpu].dl_queue);
	}
	/* The boot thread becomes CPU 0's idle task. */
	struct task *idle = task_alloc_idle();
	CHECK(idle);
	sched_init_idle(idle, 0);
	arch_set_current(idle);
}

/* Adds delta to rq->may_run_on[j] for each CPU j of mask. [rq->lock] */
static void count_allowed(struct rq *rq, u64 mask, int delta)
{
	for (mask &= CPU_MASK_ALL; mask; mask &= mask - 1) {
		unsigned *n = &rq->may_run_on[__builtin_ctzl(mask)];
		CHECK(delta > 0 || *n > 0); /* every change of a queued task's mask is counted */
		__atomic_store_n(n, *n + (unsigned)delta, __ATOMIC_RELAXED);
	}
}

static void set_rt_top(struct rq *rq) /* [rq->lock] */
{
	struct task *top = list_first_entry_or_null(&rq->rt_queue, struct task, run_node);
	__atomic_store_n(&rq->rt_top_rank, top ? rank_of(top) : 0, __ATOMIC_RELAXED);
}

/* A deadline task goes by absolute deadline; a real-time task after those
 * of its priority, or before them with `head` (a preempted one keeps its
 * turn); a fair one by vruntime. */
static void queue_insert(struct rq *rq, struct task *t, bool head) /* [rq->lock] */
{
	struct list_head *before = is_dl(t) ? &rq->dl_queue : is_rt(t) ? &rq->rt_queue : &rq->queue;
	struct task *q;
	if (is_dl(t)) {
		list_for_each_entry(q, &rq->dl_queue, run_node) {
			if (dl_before(t, q)) {
				before = &q->run_node;
				break;
			}
		}
		__atomic_store_n(&rq->nr_dl, rq->nr_dl + 1, __ATOMIC_RELAXED);
		rq->nr_dl_throttled += t->dl.throttled;
	} else if (is_rt(t)) {
		list_for_each_entry(q, &rq->rt_queue, run_node) {
			if (q->sched_priority < t->sched_priority || (head && q->sched_priority == t->sched_priority)) {
				before = &q->run_node;
				break;
			}
		}
	} else {
		list_for_each_entry(q, &rq->queue, run_node) {
			if (vr_before(t->vruntime, q->vruntime)) {
				before = &q->run_node;
				break;
			}
		}
	}
	list_add_tail(&t->run_node, before);
	if (is_rt(t))
		set_rt_top(rq);
	t->on_runqueue = true;
	__atomic_store_n(&rq->nr_queued, rq->nr_queued + 1, __ATOMIC_RELAXED);
	count_allowed(rq, t->cpus_allowed, 1);
}

static void queue_remove(struct rq *rq, struct task *t) /* [rq->lock] */
{
	list_del(&t->run_node);
	t->on_runqueue = false;
	if (is_rt(t))
		set_rt_top(rq);
	if (is_dl(t)) {
		__atomic_store_n(&rq->nr_dl, rq->nr_dl - 1, __ATOMIC_RELAXED);
		rq->nr_dl_throttled -= t->dl.throttled;
	}
	__atomic_store_n(&rq->nr_queued, rq->nr_queued - 1, __ATOMIC_RELAXED);
	count_allowed(rq, t->cpus_allowed, -1);
}

/* Counts a real-time task's run time against the CPU's throttling budget,
 * and starts a new period once the last one is over. [rq lock] */
static void rt_account(int cpu, u64 now, u64 ran_ns)
{
	struct rq *rq = &rqs[cpu];
	if (counter_to_ns(now - rq->rt_period_start) >= __atomic_load_n(&rt_period_ns, __ATOMIC_RELAXED)) {
		rq->rt_period_start = now;
		rq->rt_time_ns = 0;
		if (rq->rt_throttled) {
			__atomic_store_n(&rq->rt_throttled, false, __ATOMIC_RELAXED);
			if (rq->rt_top_rank > rq->curr_rank)
				cpus[cpu].curr->need_resched = true;
		}
	}
	rq->rt_time_ns += ran_ns;
	/* more than the budget (Linux sched_rt_runtime_exceeded); a budget of
	 * 0 ("replenishment is a joke") or of the whole period throttles nothing */
	u64 budget = __atomic_load_n(&rt_runtime_ns, __ATOMIC_RELAXED);
	bool limited = budget && budget < __atomic_load_n(&rt_period_ns, __ATOMIC_RELAXED);
	if (!rq->rt_throttled && limited && rq->rt_time_ns > budget) {
		__atomic_store_n(&rq->rt_throttled, true, __ATOMIC_RELAXED);
		if (is_rt(cpus[cpu].curr))
			cpus[cpu].curr->need_resched = true;
	}
}

static bool preempts(const struct task *t, int cpu);
static void resched_cpu(int cpu);

/* SCHED_DEADLINE: where this instance's period ends, the next one begins
 * (Linux dl_next_period). */
static u64 dl_next_period(const struct task *t)
{
	return t->dl.abs_deadline - t->dl.deadline + t->dl.period;
}

static bool ns_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/* A new instance from now: the whole runtime, due now + the relative
 * deadline (Linux setup_new_dl_entity). */
static void dl_new_instance(struct task *t, u64 now_ns)
{
	t->dl.abs_deadline = now_ns + t->dl.deadline;
	t->dl.left = (s64)t->dl.runtime;
}

/* The CBS replenishment (Linux replenish_dl_entity): one period later and
 * one runtime more until some is left; a task that fell behind by more
 * than that starts a new instance. */
static void dl_replenish(struct task *t, u64 now_ns)
{
	while (t->dl.left <= 0) {
		t->dl.abs_deadline += t->dl.period;
		t->dl.left += (s64)t->dl.runtime;
	}
	if (ns_before(t->dl.abs_deadline, now_ns))
		dl_new_instance(t, now_ns);
	t->dl.throttled = false;
}

/* The CBS wake-up rule (Linux update_dl_entity, dl_check_constrained_dl,
 * dl_entity_overflow, update_dl_revised_wakeup): a task woken keeps its
 * deadline and runtime if running them out by that deadline stays within
 * its bandwidth (left / (deadline - now) <= runtime / relative deadline),
 * else it starts a new instance; one with a constrained deadline (below its
 * period) keeps its deadline with the runtime its density allows, or waits
 * for its next period if its deadline passed. [t's rq lock] */
static void dl_wakeup(struct task *t, u64 now_ns)
{
	if (t->dl.throttled) {
		if (!ns_before(now_ns, dl_next_period(t)))
			dl_replenish(t, now_ns);
		return;
	}
	bool implicit = t->dl.deadline == t->dl.period;
	bool missed = ns_before(t->dl.abs_deadline, now_ns);
	if (!implicit && missed && ns_before(now_ns, dl_next_period(t))) {
		t->dl.throttled = true;
		t->dl.left = 0;
		return;
	}
	u64 left = t->dl.left > 0 ? (u64)t->dl.left : 0;
	u64 laxity = missed ? 0 : t->dl.abs_deadline - now_ns;
	/* in units of 1024 ns, as Linux (DL_SCALE), so the products fit */
	bool overflow = (laxity >> 10) * (t->dl.runtime >> 10) < (t->dl.deadline >> 10) * (left >> 10);
	if (!missed && !overflow)
		return;
	if (!implicit && !missed) {
		u64 density = (t->dl.runtime << DL_BW_SHIFT) / t->dl.deadline;
		t->dl.left = (s64)((density * laxity) >> DL_BW_SHIFT);
		return;
	}
	dl_new_instance(t, now_ns);
}

/* The running deadline task ran out of runtime, or yielded (which gives up
 * what is left, Linux yield_task_dl): it waits for its next period, or is
 * replenished at once if that began already. [rq lock] */
static void dl_throttle_curr(int cpu, struct task *curr, u64 now)
{
	u64 now_ns = counter_to_ns(now);
	if (curr->yielded && curr->dl.left > 0)
		curr->dl.left = 0;
	if (ns_before(now_ns, dl_next_period(curr)))
		curr->dl.throttled = true;
	else
		dl_replenish(curr, now_ns);
	resched_cpu(cpu);
}

/* Replenishes the throttled deadline tasks queued on cpu whose next period
 * began (Linux's dl_task_timer, here at the next tick or schedule() of
 * that CPU). [rq lock] */
static void dl_replenish_due(int cpu, u64 now)
{
	struct rq *rq = &rqs[cpu];
	u64 now_ns = counter_to_ns(now);
	struct task *t, *tmp;
	list_for_each_entry_safe(t, tmp, &rq->dl_queue, run_node) {
		if (!t->dl.throttled || ns_before(now_ns, dl_next_period(t)))
			continue;
		queue_remove(rq, t); /* to its place by its new deadline */
		dl_replenish(t, now_ns);
		queue_insert(rq, t, false);
		if (preempts(t, cpu))
			resched_cpu(cpu);
	}
}

/* Brings the running task's vruntime (or its real-time budget, or its
 * deadline runtime), and the queue's min_vruntime up to date; replenishes
 * the deadline tasks whose period began. [rq lock] */
static void update_curr(int cpu)
{
	struct rq *rq = &rqs[cpu];
	struct task *curr = cpus[cpu].curr;
	u64 now = arch_counter(), ran_ns = 0;
	if (curr != cpus[cpu].idle) {
		ran_ns = counter_to_ns(now - curr->vr_start);
		curr->vr_start = now;
		if (is_fair(curr))
			curr->vruntime += ran_ns * NICE_0_WEIGHT / weight_of(curr);
		if (is_dl(curr)) {
			curr->dl.left -= (s64)ran_ns;
			/* Linux update_curr_dl_se: SCHED_FLAG_DL_OVERRUN asks for
			 * SIGXCPU when the runtime (not a yield) ran out; it is
			 * sent from the tick (timers_cpu_tick, check_dl_overrun) */
			if (!curr->dl.throttled && curr->dl.left <= 0 && (curr->dl.flags & SCHED_FLAG_DL_OVERRUN))
				__atomic_store_n(&curr->dl.overrun, true, __ATOMIC_RELAXED);
			if (!curr->dl.throttled && (curr->dl.left <= 0 || curr->yielded))
				dl_throttle_curr(cpu, curr, now);
		}
	}
	rt_account(cpu, now, is_rt(curr) ? ran_ns : 0);
	if (rq->nr_dl_throttled)
		dl_replenish_due(cpu, now);
	bool running = curr != cpus[cpu].idle && is_fair(curr); /* a fair task runs */
	struct task *first = list_first_entry_or_null(&rq->queue, struct task, run_node);
	if (!running && !first)
		return;
	u64 least = running ? curr->vruntime : first->vruntime;
	if (first && vr_before(first->vruntime, least))
		least = first->vruntime;
	if (vr_before(rq->min_vruntime, least))
		rq->min_vruntime = least;
}

/* Asks CPU cpu to schedule: at once (an IPI, sent once this CPU holds no
 * spinlock: smp_owe_resched) if it is another one. [its rq lock] */
static void resched_cpu(int cpu)
{
	cpus[cpu].curr->need_resched = true;
	smp_owe_resched(cpu);
}

/* Whether t, just queued on cpu, should preempt the task running there:
 * a deadline task (not throttled) any other but one with an earlier
 * deadline (EDF); a real-time task one of lower rank (unless cpu is throttled); a fair task
 * an idle task, a SCHED_IDLE one, or one whose vruntime is WAKEUP_GRAN_NS
 * ahead (not for a SCHED_BATCH or SCHED_IDLE waker: Linux
 * check_preempt_wakeup_fair). [cpu's rq lock] */
static bool preempts(const struct task *t, int cpu)
{
	struct task *curr = cpus[cpu].curr;
	if (curr == cpus[cpu].idle)
		return true;
	if (is_dl(t))
		return !t->dl.throttled && (!is_dl(curr) || curr->dl.throttled || dl_before(t, curr));
	if (is_dl(curr))
		return false;
	if (is_rt(t))
		return !rqs[cpu].rt_throttled && rank_of(t) > rank_of(curr);
	if (is_rt(curr))
		return false;
	if (curr->sched_policy == SCHED_IDLE && t->sched_policy != SCHED_IDLE)
		return true;
	if (t->sched_policy == SCHED_BATCH || t->sched_policy == SCHED_IDLE)
		return false;
	return vr_before(t->vruntime + WAKEUP_GRAN_NS, curr->vruntime);
}

/* Queues t (runnable, on no queue and no CPU, its vruntime relative) on CPU
 * cpu, and makes it preempt that CPU's task if it outranks it (preempts). A
 * woken task gets at most SLEEPER_CREDIT_NS of credit. [t's and cpu's rq locks] */
static void activate(struct task *t, int cpu, bool wakeup)
{
	struct rq *rq = &rqs[cpu];
	s64 lag = (s64)t->vruntime;
	if (wakeup) {
		int slept_on = t->cpu; /* its lock is held too */
		update_curr(slept_on);
		lag -= (s64)(rqs[slept_on].min_vruntime - t->sleep_min_vruntime);
		if (lag < -(s64)SLEEPER_CREDIT_NS)
			lag = -(s64)SLEEPER_CREDIT_NS;
	}
	__atomic_store_n(&t->cpu, cpu, __ATOMIC_RELAXED);
	update_curr(cpu);
	t->vruntime = rq->min_vruntime + (u64)lag;
	if (wakeup && is_dl(t))
		dl_wakeup(t, counter_to_ns(arch_counter()));
	queue_insert(rq, t, false);
	if (preempts(t, cpu))
		resched_cpu(cpu);
}

/* What CPU cpu runs next, as far as deadline and real-time tasks go (unlocked). */
static int cpu_rank(int cpu)
{
	int queued = __atomic_load_n(&rqs[cpu].nr_dl, __ATOMIC_RELAXED)
			     ? DL_RANK
			     : __atomic_load_n(&rqs[cpu].rt_top_rank, __ATOMIC_RELAXED);
	return MAX(__atomic_load_n(&rqs[cpu].curr_rank, __ATOMIC_RELAXED), queued);
}

/* A real-time task goes where the lowest-ranked work runs (Linux
 * find_lowest_rq), its last CPU first, then the waker's, on a tie; not to a
 * CPU that throttles real-time tasks while another one does not: it would
 * wait there until the period ends or another CPU's pull_rt takes it
 * (Linux's cpupri does not see throttling either; this is ours). A
 * deadline task is not throttled that way. */
static int select_cpu_rt(int rank, u64 ok, int last, int me)
{
	if (rank < DL_RANK) {
		u64 open = 0;
		for (int cpu = 0; cpu < MAX_CPUS; cpu++)
			if (((ok >> cpu) & 1) && !__atomic_load_n(&rqs[cpu].rt_throttled, __ATOMIC_RELAXED))
				open |= 1UL << cpu;
		if (open)
			ok = open;
	}
	int best = (ok >> last) & 1 ? last : (ok >> me) & 1 ? me : __builtin_ctzl(ok);
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		if (((ok >> cpu) & 1) && cpu_rank(cpu) < cpu_rank(best))
			best = cpu;
	if (cpu_rank(best) >= rank && ((ok >> last) & 1))
		return last; /* nowhere better: wait its turn where it last ran */
	return best;
}

/* Where a task to be queued goes (see the top of the file); an unlocked
 * choice, checked by the caller under the locks. */
static int select_cpu(const struct task *t, int last)
{
	u64 ok = __atomic_load_n(&t->cpus_allowed, __ATOMIC_RELAXED) & smp_online_mask();
	int me = current()->cpu;
	if (!ok)
		return last;
	if (is_rt(t) || is_dl(t))
		return select_cpu_rt(rank_of(t), ok, last, me);
	bool last_ok = (ok >> last) & 1, me_ok = (ok >> me) & 1;
	if (me_ok && current()->exiting && nr_queued(me) == 0)
		return me;
	if (last_ok && load_of(last) == 0)
		return last;
	if (me_ok && load_of(me) == 0)
		return me;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		if (((ok >> cpu) & 1) && load_of(cpu) == 0)
			return cpu;
	if (me_ok && last_ok)
		return load_of(me) < load_of(last) ? me : last;
	return me_ok ? me : last_ok ? last : __builtin_ctzl(ok);
}

/* Locks t's run queue and that of the CPU chosen to queue it on (which it
 * may run on), returning both. */
static void lock_for_placement(struct task *t, int *src, int *dst)
{
	for (;;) {
		*src = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
		*dst = select_cpu(t, *src);
		double_lock(*src, *dst);
		if (t->cpu == *src && allowed_on(t, *dst))
			return;
		double_unlock(*src, *dst);
	}
}

/* Queues a parked task (see the top of the file) on a CPU it may run on. */
static void requeue_parked(struct task *t)
{
	int src, dst;
	lock_for_placement(t, &src, &dst);
	if (t->state == TASK_RUNNING && !t->on_runqueue && !t->on_cpu)
		activate(t, dst, false);
	double_unlock(src, dst);
}

/* The CPU with the most tasks queued or running, at least two more than
 * `mine` and one of those queued allowed on `cpu`; -1: none (an unlocked look). */
static int busiest_cpu(int cpu, unsigned mine)
{
	int busiest = -1;
	unsigned most = 0;
	/* the other online CPUs only: with one, a schedule() pays nothing here */
	for (u64 others = smp_online_mask() & ~(1UL << cpu); others; others &= others - 1) {
		int other = __builtin_ctzl(others);
		if (__atomic_load_n(&rqs[other].may_run_on[cpu], __ATOMIC_RELAXED) == 0)
			continue;
		unsigned load = load_of(other);
		if (load >= mine + 2 && load > most) {
			busiest = other;
			most = load;
		}
	}
	return busiest;
}

/* Newidle and periodic balance, before schedule() takes cpu's lock: pulls
 * the coldest queued task it may run from the busiest CPU. prev is the task
 * calling schedule() (it counts while it stays runnable). */
static void balance(int cpu, const struct task *prev)
{
	bool prev_stays = prev != cpus[cpu].idle && prev->state == TASK_RUNNING;
	int from = busiest_cpu(cpu, nr_queued(cpu) + prev_stays);
	if (from < 0)
		return;
	double_lock(cpu, from);
	struct rq *rq = &rqs[from];
	unsigned from_load = rq->nr_queued + (cpus[from].curr != cpus[from].idle);
	if (from_load >= rqs[cpu].nr_queued + prev_stays + 2) {
		for (struct list_head *pos = rq->queue.prev; pos != &rq->queue; pos = pos->prev) {
			struct task *t = list_entry(pos, struct task, run_node);
			if (allowed_on(t, cpu)) {
				update_curr(from);
				queue_remove(rq, t);
				t->vruntime -= rq->min_vruntime;
				activate(t, cpu, false);
				break;
			}
		}
	}
	double_unlock(cpu, from);
}

/* Before schedule() takes cpu's lock: pulls the highest real-time task
 * queued on another CPU that may run here and outranks what this CPU would
 * run next (Linux pull_rt_task), so the highest real-time tasks run on
 * as many CPUs as there are. prev is the task calling schedule(). */
static int rank_here(int cpu, const struct task *prev)
{
	int mine = __atomic_load_n(&rqs[cpu].rt_top_rank, __ATOMIC_RELAXED);
	if (prev != cpus[cpu].idle && prev->state == TASK_RUNNING)
		mine = MAX(mine, rank_of(prev));
	return mine;
}

static void pull_rt(int cpu, const struct task *prev)
{
	u64 online = smp_online_mask();
	int from = -1, best = rank_here(cpu, prev);
	for (int other = 0; other < MAX_CPUS; other++) {
		int top = __atomic_load_n(&rqs[other].rt_top_rank, __ATOMIC_RELAXED);
		if (other != cpu && ((online >> other) & 1) && top > best) {
			from = other;
			best = top;
		}
	}
	if (from < 0)
		return;
	double_lock(cpu, from);
	int mine = rank_here(cpu, prev);
	struct task *t;
	list_for_each_entry(t, &rqs[from].rt_queue, run_node) {
		if (rank_of(t) <= mine || rqs[cpu].rt_throttled)
			break;
		if (allowed_on(t, cpu)) {
			update_curr(from);
			queue_remove(&rqs[from], t);
			t->vruntime -= rqs[from].min_vruntime;
			activate(t, cpu, false);
			break;
		}
	}
	double_unlock(cpu, from);
}

static void account(struct task *prev)
{
	u64 now = arch_counter();
	prev->sum_exec_ns += counter_to_ns(now - prev->slice_start);
}

/* The deadline task with the earliest deadline that is not throttled,
 * else the first real-time task unless the CPU is throttled, else the queued
 * task with the smallest vruntime (the next one if that is a task that just
 * yielded), taken off its queue; the idle task if none. [rq lock] */
static struct task *pick_next(int cpu, struct task *prev)
{
	struct rq *rq = &rqs[cpu];
	struct task *next = NULL, *t;
	if (rq->nr_dl > rq->nr_dl_throttled) {
		list_for_each_entry(t, &rq->dl_queue, run_node) {
			if (!t->dl.throttled) {
				next = t;
				break;
			}
		}
	}
	if (!next && !rq->rt_throttled)
		next = list_first_entry_or_null(&rq->rt_queue, struct task, run_node);
	if (!next) {
		next = list_first_entry_or_null(&rq->queue, struct task, run_node);
		if (next == prev && prev->yielded && next->run_node.next != &rq->queue)
			next = list_next_entry(next, run_node);
	}
	prev->yielded = false;
	if (!next)
		return cpus[cpu].idle;
	queue_remove(rq, next);
	return next;
}

/* On the task switched to, with its CPU's run-queue lock handed over by the
 * task switched from: that task is off the CPU now (its registers saved,
 * its stack no longer used). Drops the lock, frees the task left if it
 * died, queues it elsewhere if it was parked; then interrupts to flags. */
static void finish_switch(unsigned long flags)
{
	struct task *self = current();
	int cpu = self->cpu;
	struct cpu *c = &cpus[cpu];
	spin_lock_adopt(&rqs[cpu].lock);
	struct task *prev = c->prev, *dead = NULL, *parked = NULL;
	self->slice_start = arch_counter();
	c->prev = NULL;
	if (prev) {
		__atomic_store_n(&prev->on_cpu, false, __ATOMIC_RELEASE);
		if (prev->state == TASK_DEAD)
			dead = prev;
		else if (prev != c->idle && prev->state == TASK_RUNNING && !prev->on_runqueue)
			parked = prev;
	}
	rq_unlock(cpu);
	if (parked)
		requeue_parked(parked);
	arch_irq_restore(flags);
	if (dead)
		task_free(dead);
}

/* A new task's first code, with the switching CPU's run-queue lock held. */
void sched_tail(void)
{
	finish_switch(0);
}

void schedule(void)
{
	unsigned long flags = arch_irq_save();
	struct task *prev = current();
	int cpu = prev->cpu;
	struct cpu *c = &cpus[cpu];
	struct rq *rq = &rqs[cpu];

	pull_rt(cpu, prev);
	balance(cpu, prev);
	rq_lock(cpu);
	update_curr(cpu);
	prev->need_resched = false; /* after update_curr, which may ask for this schedule */
	if (prev != c->idle) {
		/* a real-time task keeps its turn unless it yielded */
		if (prev->state == TASK_RUNNING && allowed_on(prev, cpu))
			queue_insert(rq, prev, !prev->yielded);
		else { /* asleep, dead or parked: its vruntime is kept relative */
			prev->vruntime -= rq->min_vruntime;
			prev->sleep_min_vruntime = rq->min_vruntime;
		}
	}
	struct task *next = pick_next(cpu, prev);
	if (next == prev) {
		rq_unlock(cpu);
		arch_irq_restore(flags);
		return;
	}
	account(prev);
	/* getrusage's ru_nvcsw / ru_nivcsw (Linux __schedule's switch_count):
	 * leaving the CPU to sleep is voluntary, runnable (preempted, yield)
	 * is not; the idle tasks are nobody's */
	if (prev != c->idle)
		__atomic_fetch_add(prev->state == TASK_RUNNING ? &prev->nivcsw : &prev->nvcsw, 1, __ATOMIC_RELAXED);
	rseq_preempt(&prev->rseq);
	rq->nr_switches++;
	next->cpu = cpu;
	next->on_cpu = true;
	__atomic_store_n(&rq->curr_rank, rank_of(next), __ATOMIC_RELAXED);
	next->vr_start = arch_counter();
	__atomic_store_n(&c->curr, next, __ATOMIC_RELAXED);
	c->prev = prev;
	/* Hand the lock to next: it releases it in sched_tail() (new task) or
	 * in finish_switch on return from its own earlier call to schedule(). */
	lockdep_release(&rq->lock);
	rq->lock.holder = next;
	arch_context_switch(prev, next);
	/* Back in prev, switched in by some later schedule(), maybe on another CPU. */
	finish_switch(flags);
}

void sched_wake(struct task *t)
{
	unsigned long flags = arch_irq_save();
	int src, dst;
	lock_for_placement(t, &src, &dst);
	/* Linux smp_mb__after_spinlock: the waker's condition store is ordered
	 * before this load of t->state (task_set_state has the sleeper's half). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (t->state != TASK_RUNNING && t->state != TASK_DEAD) {
		t->state = TASK_RUNNING;
		/* On a CPU (running, or still switching away): its own schedule()
		 * sees TASK_RUNNING and keeps it; queueing it would run it twice. */
		if (!t->on_cpu && !t->on_runqueue)
			activate(t, dst, true);
	} else if (t->state == TASK_RUNNING && t->on_cpu && t->cpu != current()->cpu) {
		/* Running on another CPU (a signal for it, Linux kick_process): the
		 * IPI brings it through exit_to_user_mode if it is in user mode. */
		smp_owe_resched(t->cpu);
	}
	double_unlock(src, dst);
	arch_irq_restore(flags);
}

void sched_add_new(struct task *t)
{
	unsigned long flags = arch_irq_save();
	/* not runnable yet, so nobody else looks at its CPU */
	__atomic_store_n(&t->cpu, current()->cpu, __ATOMIC_RELAXED);
	int src, dst;
	lock_for_placement(t, &src, &dst);
	t->state = TASK_RUNNING;
	activate(t, dst, false);
	double_unlock(src, dst);
	arch_irq_restore(flags);
	__atomic_fetch_add(&nr_started, 1, __ATOMIC_RELAXED);
}

void sched_fork(struct task *child, struct task *parent)
{
	unsigned long flags = arch_irq_save();
	int cpu = task_lock(parent);
	child->cpus_allowed = parent->cpus_allowed;
	child->vruntime = 0; /* its lag: it starts level with the queue it joins */
	child->rr_ticks_left = RR_TICKS;
	rq_unlock(cpu);
	arch_irq_restore(flags);
}

void sched_set_affinity(struct task *t, u64 mask)
{
	unsigned long flags = arch_irq_save();
	int cpu = task_lock(t);
	if (t->on_runqueue) /* its queue's counts follow the new mask */
		count_allowed(&rqs[cpu], t->cpus_allowed, -1);
	__atomic_store_n(&t->cpus_allowed, mask, __ATOMIC_RELAXED);
	if (t->on_runqueue)
		count_allowed(&rqs[cpu], mask, 1);
	bool move_self = false, parked = false;
	if (!allowed_on(t, cpu)) {
		if (t == current()) {
			move_self = true; /* schedule() parks it, finish_switch moves it */
		} else if (t->on_cpu) {
			resched_cpu(cpu); /* the same, at its next schedule() */
		} else if (t->on_runqueue) {
			update_curr(cpu);
			queue_remove(&rqs[cpu], t);
			t->vruntime -= rqs[cpu].min_vruntime;
			parked = true;
		}
	}
	rq_unlock(cpu);
	if (parked)
		requeue_parked(t);
	arch_irq_restore(flags);
	if (move_self)
		schedule(); /* Linux migrates the caller before returning */
}

u64 sched_get_affinity(struct task *t)
{
	unsigned long flags = arch_irq_save();
	int cpu = task_lock(t);
	u64 mask = t->cpus_allowed & smp_online_mask();
	rq_unlock(cpu);
	arch_irq_restore(flags);
	return mask;
}

unsigned sched_nr_queued(int cpu)
{
	return __atomic_load_n(&rqs[cpu].nr_queued, __ATOMIC_RELAXED);
}

int sched_this_cpu(void)
{
	unsigned long flags = arch_irq_save(); /* the task cannot move while interrupts are off */
	int cpu = current()->cpu;
	arch_irq_restore(flags);
	return cpu;
}

u64 sched_runtime_ns(struct task *t)
{
	unsigned long flags = arch_irq_save();
	int cpu = task_lock(t);
	u64 ns = t->sum_exec_ns;
	if (t->on_cpu) /* the running slice (here or on another CPU) is not accounted yet */
		ns += counter_to_ns(arch_counter() - t->slice_start);
	rq_unlock(cpu);
	arch_irq_restore(flags);
	return ns;
}

void sched_counts(u64 *switches, u64 *started)
{
	unsigned long flags = arch_irq_save();
	*switches = 0;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		rq_lock(cpu);
		*switches += rqs[cpu].nr_switches;
		rq_unlock(cpu);
	}
	arch_irq_restore(flags);
	*started = __atomic_load_n(&nr_started, __ATOMIC_RELAXED);
}

/* SCHED_RR (Linux task_tick_rt): once its slice is over, a new one, and
 * the back of its priority if another task of that priority waits. [rq lock] */
static void rr_tick(int cpu, struct task *self)
{
	if (self->sched_policy != SCHED_RR)
		return;
	if (self->rr_ticks_left > 1) {
		self->rr_ticks_left--;
		return;
	}
	self->rr_ticks_left = RR_TICKS;
	struct task *top = list_first_entry_or_null(&rqs[cpu].rt_queue, struct task, run_node);
	if (top && top->sched_priority == self->sched_priority) {
		self->yielded = true;
		self->need_resched = true;
	}
}

/* Whether a queued fair task has a smaller vruntime than the running one. [rq lock] */
static bool fair_behind(int cpu, const struct task *self)
{
	struct task *first = list_first_entry_or_null(&rqs[cpu].queue, struct task, run_node);
	return first && vr_before(first->vruntime, self->vruntime);
}

/* Timer tick (interrupt context, this CPU): count where the tick found the
 * CPU; ask the running task to give way to a queued one that outranks it
 * (real-time first, then a smaller vruntime), to go to the back of its
 * priority (SCHED_RR), or to let schedule() pull work from a busier CPU. An idle CPU
 * only looks (no lock) and schedules when there is work to take. */
void sched_tick(void)
{
	struct task *self = current();
	int cpu = self->cpu;
	struct cpu *c = &cpus[cpu];
	int where = self == c->idle ? CPU_TICK_IDLE : self->tick_from_user ? CPU_TICK_USER : CPU_TICK_SYSTEM;
	__atomic_fetch_add(&c->ticks[where], 1, __ATOMIC_RELAXED);
	if (self == c->idle) {
		if (nr_queued(cpu) || busiest_cpu(cpu, 0) >= 0)
			self->need_resched = true;
		return;
	}
	unsigned long flags = arch_irq_save();
	rq_lock(cpu);
	update_curr(cpu); /* may throttle a real-time task: rt_account */
	if (is_rt(self))
		rr_tick(cpu, self);
	else if (is_dl(self))
		; /* deadline tasks preempt where they are queued (EDF, preempts) */
	else if (rqs[cpu].rt_top_rank && !rqs[cpu].rt_throttled)
		self->need_resched = true; /* a real-time task queued (the throttle ended) */
	else if (fair_behind(cpu, self))
		self->need_resched = true;
	unsigned mine = rqs[cpu].nr_queued + 1;
	rq_unlock(cpu);
	arch_irq_restore(flags);
	if (busiest_cpu(cpu, mine) >= 0)
		self->need_resched = true;
}

/* sched_set_policy and sched_set_deadline: dl is the deadline reservation
 * (runtime, deadline, period, flags) for SCHED_DEADLINE. */
static void set_policy(struct task *t, int policy, int priority, const u64 *dl)
{
	unsigned long flags = arch_irq_save();
	int cpu = task_lock(t);
	struct rq *rq = &rqs[cpu];
	bool queued = t->on_runqueue, running = cpus[cpu].curr == t, was_fair = is_fair(t), was_dl = is_dl(t);
	int old_rank = rank_of(t);
	update_curr(cpu); /* what it ran so far counts under its old policy */
	if (queued)
		queue_remove(rq, t);
	if (policy == SCHED_RR && t->sched_policy != SCHED_RR)
		t->rr_ticks_left = RR_TICKS;
	t->sched_policy = policy;
	t->sched_priority = priority;
	if (dl) {
		t->dl.runtime = dl[0];
		t->dl.deadline = dl[1];
		t->dl.period = dl[2];
		t->dl.flags = dl[3];
		/* Linux switched_to_dl / enqueue_dl_entity(ENQUEUE_RESTORE): a
		 * new instance unless it keeps a current one */
		u64 now_ns = counter_to_ns(arch_counter());
		if (!was_dl || ns_before(t->dl.abs_deadline, now_ns)) {
			dl_new_instance(t, now_ns);
			t->dl.throttled = false;
		}
	} else {
		t->dl.throttled = false;
		t->dl.flags = 0;
		/* no SIGXCPU owed once it left the class (Linux's
		 * fastpath_timer_check looks only at deadline tasks) */
		__atomic_store_n(&t->dl.overrun, false, __ATOMIC_RELAXED);
	}
	int rank = rank_of(t);
	/* Its real-time or deadline run time did not count as vruntime: start
	 * level with the queue (a sleeper's vruntime is a lag, clamped when it
	 * wakes). */
	if (!was_fair && is_fair(t) && (queued || running) && vr_before(t->vruntime, rq->min_vruntime))
		t->vruntime = rq->min_vruntime;
	if (queued) {
		/* Linux __sched_setscheduler: to the head of its priority when
		 * lowered, to the back when raised */
		queue_insert(rq, t, rank < old_rank);
		if (preempts(t, cpu))
			resched_cpu(cpu);
	}
	if (running) {
		__atomic_store_n(&rq->curr_rank, rank, __ATOMIC_RELAXED);
		if (rank < old_rank || is_dl(t)) /* a queued task may outrank it now */
			resched_cpu(cpu);
	}
	rq_unlock(cpu);
	arch_irq_restore(flags);
}

void sched_set_policy(struct task *t, int policy, int priority)
{
	set_policy(t, policy, priority, NULL);
}

void sched_set_deadline(struct task *t, u64 runtime, u64 deadline, u64 period, u64 flags)
{
	u64 dl[4] = {runtime, deadline, period, flags};
	set_policy(t, SCHED_DEADLINE, 0, dl);
}

void sched_rt_throttle_set(u64 period_ns, u64 runtime_ns)
{
	__atomic_store_n(&rt_period_ns, period_ns, __ATOMIC_RELAXED);
	__atomic_store_n(&rt_runtime_ns, runtime_ns, __ATOMIC_RELAXED);
}

void task_set_state(enum task_state state)
{
	unsigned long flags = arch_irq_save();
	current()->state = state;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* see the declaration (task.h) */
	arch_irq_restore(flags);
}

void sched_yield(void)
{
	current()->yielded = true;
	schedule();
}

void cond_resched(void)
{
	if (__atomic_load_n(&current()->need_resched, __ATOMIC_RELAXED))
		schedule();
}

/* Each CPU's idle task: sleep until an interrupt (the tick, a reschedule
 * IPI) unless a waker already asked for a schedule; a pending interrupt ends
 * wfi even with interrupts masked (Arm ARM D1.16.2), so a wake-up between
 * the test and wfi is not lost. */
void __noreturn sched_idle_loop(void)
{
	for (;;) {
		arch_irq_disable();
		if (!__atomic_load_n(&current()->need_resched, __ATOMIC_RELAXED))
			arch_wait_for_interrupt();
		arch_irq_enable();
		schedule();
	}
}
