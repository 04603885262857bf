/*
 * sched.c — the scheduler: one run queue shared by every CPU, round robin,
 * preemption on the timer tick at the return to user mode.
 *
 * Several CPUs (smp.h): each CPU has its idle task, its own tick and enters
 * schedule() like the boot CPU. As a first correct step there is one run
 * queue for all of them under one lock, sched_lock (not per-CPU queues with
 * load balancing, issue #18): a CPU takes the first queued task whose
 * cpus_allowed has its bit. Wake-up placement: a task made runnable is
 * offered to an idle CPU it may run on (the one it last ran on first),
 * which is sent a reschedule IPI (SGI IPI_RESCHED) so it runs at once;
 * when no such CPU is idle, the waker's CPU is asked to reschedule at its
 * next return to user mode (wake-up preemption).
 *
 * Sleep and wake on several CPUs (the shape of Linux's try_to_wake_up):
 * a task's `state` says whether it wants to run, `on_runqueue` whether it
 * is queued, and `on_cpu` whether some CPU runs it or is still switching
 * away from it. A sleeper sets its state (then a full barrier), re-checks
 * its condition and calls schedule(); a waker sets the condition, takes
 * sched_lock (then a full barrier) and makes the state TASK_RUNNING; it
 * queues the task only if it is neither queued nor on a CPU. A task still on
 * its CPU is not queued: its own schedule() sees TASK_RUNNING and keeps it
 * runnable, so it is neither lost nor run on two CPUs. sched_lock is held
 * from the pick across arch_context_switch until the next task releases it,
 * so by the time another CPU can see a task on the run queue and pick it,
 * the CPU that ran it has saved its registers and left its stack; on_cpu
 * is cleared then (finish_switch), under the lock, by the task switched to.
 *
 * The kernel itself is not preempted: a task in the kernel runs until it
 * blocks (schedule() from a wait queue) or returns to user mode, where
 * exit_to_user_mode() calls schedule() if the tick set need_resched. That
 * keeps kernel code free of preemption hazards; long kernel loops must call
 * sched_yield().
 *
 * The running task is not on the run queue; the idle tasks never are.
 *
 * sched_lock is the kernel's most central lock, so the whole lock order is
 * written here (and in docs/architecture.md; lockdep.c checks it at run time),
 * outermost first:
 *   1. mutexes (may sleep): a file's pos_mutex -> inode mutexes; rename_mutex
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
 *   6. sched_lock -> asid_lock
 *   7. innermost: kmalloc -> page_zone, kernel_pt -> page_zone, log_lock ->
 *      console_lock, and the small leaf locks (random, uts, loadavg).
 * sched_lock is taken with interrupts off; its holder is handed to the next
 * task across the context switch (see schedule()). IPIs are sent under it
 * (a GIC register write, no lock).
 *
 * TLB maintenance with an mm live on several CPUs needs no IPI on arm64:
 * every flush is a broadcast inner-shareable TLBI (arch/arm64/asid.c).
 */
#include <task.h>

#include <printk.h>
#include <smp.h>
#include <time.h>

static struct spinlock sched_lock = SPINLOCK_INIT("sched");
static struct list_head run_queue = LIST_HEAD_INIT(run_queue); /* [sched_lock] */
static u64 nr_switches; /* context switches since boot (/proc/stat ctxt) [sched_lock] */
static u64 nr_started;	/* tasks created since boot (/proc/stat processes) [sched_lock] */

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
	/* The boot thread becomes CPU 0's idle task. */
	struct task *idle = task_alloc_idle();
	CHECK(idle);
	sched_init_idle(idle, 0);
	arch_set_current(idle);
}

static bool allowed_on(const struct task *t, int cpu)
{
	return (t->cpus_allowed >> cpu) & 1;
}

static bool cpu_is_idle(int cpu) /* [sched_lock] */
{
	struct cpu *c = &cpus[cpu];
	return c->curr == c->idle && !c->idle->need_resched;
}

/* An idle online CPU t may run on, the one it last ran on first; -1: none. [sched_lock] */
static int idle_cpu_for(const struct task *t)
{
	u64 online = smp_online_mask();
	if (((online >> t->cpu) & 1) && allowed_on(t, t->cpu) && cpu_is_idle(t->cpu))
		return t->cpu;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		if (((online >> cpu) & 1) && allowed_on(t, cpu) && cpu_is_idle(cpu))
			return cpu;
	return -1;
}

/* Asks CPU cpu to schedule: at once (an IPI) if it is another one. [sched_lock] */
static void resched_cpu(int cpu)
{
	cpus[cpu].curr->need_resched = true;
	if (cpu != current()->cpu)
		smp_send_ipi(cpu, IPI_RESCHED);
}

/* Wake-up placement of the queued task t (see the top of the file). [sched_lock] */
static void place(struct task *t)
{
	int cpu = idle_cpu_for(t);
	if (cpu >= 0)
		resched_cpu(cpu);
	else if (allowed_on(t, current()->cpu))
		current()->need_resched = true;
}

static void enqueue(struct task *t) /* [sched_lock] */
{
	list_add_tail(&t->run_node, &run_queue);
	t->on_runqueue = true;
}

/* The first queued task CPU cpu may run, taken off the queue; NULL: none. [sched_lock] */
static struct task *pick_next(int cpu)
{
	struct task *t;
	list_for_each_entry(t, &run_queue, run_node) {
		if (allowed_on(t, cpu)) {
			list_del(&t->run_node);
			t->on_runqueue = false;
			return t;
		}
	}
	return NULL;
}

static void account(struct task *prev)
{
	u64 now = arch_counter();
	prev->sum_exec_ns += counter_to_ns(now - prev->slice_start);
}

/* On the task switched to, with sched_lock held: the task this CPU left is
 * off the CPU now (its registers saved, its stack no longer used). Returns
 * it if it died, for the caller to free after dropping the lock. */
static struct task *finish_switch(void)
{
	struct task *self = current();
	struct cpu *c = &cpus[self->cpu];
	struct task *prev = c->prev;
	self->slice_start = arch_counter();
	c->prev = NULL;
	if (!prev)
		return NULL;
	prev->on_cpu = false;
	return prev->state == TASK_DEAD ? prev : NULL;
}

/* Called with sched_lock held by the caller of schedule(); finishes the
 * switch on the new task's side. */
void sched_tail(void)
{
	spin_lock_adopt(&sched_lock); /* taken by the task that switched to us */
	struct task *dead = finish_switch();
	spin_unlock_irqrestore(&sched_lock, 0);
	if (dead)
		task_free(dead);
}

void schedule(void)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	struct task *prev = current();
	struct cpu *c = &cpus[prev->cpu];

	prev->need_resched = false;
	if (prev->state == TASK_RUNNING && prev != c->idle && !prev->on_runqueue)
		enqueue(prev);
	struct task *next = pick_next(c->id);
	if (!next)
		next = c->idle;
	/* Tasks left queued (prev, if it may not run here any more, or more
	 * woken ones than CPUs were idle) go to CPUs that are idle. */
	struct task *t;
	list_for_each_entry(t, &run_queue, run_node) {
		int cpu = idle_cpu_for(t);
		if (cpu < 0)
			break;
		resched_cpu(cpu);
	}
	if (next == prev) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	account(prev);
	/* getrusage's ru_nvcsw / ru_nivcsw (Linux __schedule's switch_count):
	 * leaving the CPU to sleep is voluntary, runnable (preempted, yield)
	 * is not; the idle tasks are nobody's */
	if (prev != c->idle)
		__atomic_fetch_add(prev->state == TASK_RUNNING ? &prev->nivcsw : &prev->nvcsw, 1, __ATOMIC_RELAXED);
	rseq_preempt(&prev->rseq);
	nr_switches++;
	next->cpu = c->id;
	next->on_cpu = true;
	c->curr = next;
	c->prev = prev;
	/* Hand sched_lock to next: it releases it in sched_tail() (new task) or
	 * below, on return from its own earlier call to schedule(). */
	sched_lock.holder = next;
	arch_context_switch(prev, next);
	/* Back in prev, switched in by some later schedule(), maybe on another CPU. */
	struct task *dead = finish_switch();
	spin_unlock_irqrestore(&sched_lock, flags);
	if (dead)
		task_free(dead);
}

void sched_wake(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	/* Linux smp_mb__after_spinlock: the waker's condition store is ordered
	 * before this load of t->state (task_set_state has the sleeper's half). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (t->state != TASK_RUNNING && t->state != TASK_DEAD) {
		t->state = TASK_RUNNING;
		/* On a CPU (running, or still switching away): its own schedule()
		 * sees TASK_RUNNING and keeps it; queueing it would run it twice. */
		if (!t->on_cpu && !t->on_runqueue) {
			enqueue(t);
			place(t);
		}
	} else if (t->state == TASK_RUNNING && t->on_cpu && t->cpu != current()->cpu) {
		/* Running on another CPU (a signal for it, Linux kick_process): the
		 * IPI brings it through exit_to_user_mode if it is in user mode. */
		smp_send_ipi(t->cpu, IPI_RESCHED);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_add_new(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	t->state = TASK_RUNNING;
	t->cpu = current()->cpu;
	if (!allowed_on(t, t->cpu))
		t->cpu = __builtin_ctzl(t->cpus_allowed);
	enqueue(t);
	place(t);
	nr_started++;
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_fork(struct task *child, struct task *parent)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	child->cpus_allowed = parent->cpus_allowed;
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_set_affinity(struct task *t, u64 mask)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	t->cpus_allowed = mask;
	bool move = t->on_cpu && !allowed_on(t, t->cpu);
	if (move && t != current())
		resched_cpu(t->cpu); /* it requeues itself and another CPU takes it */
	spin_unlock_irqrestore(&sched_lock, flags);
	if (move && t == current())
		schedule(); /* queued, left for a CPU of the new set (Linux migrates before returning) */
}

u64 sched_get_affinity(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	u64 mask = t->cpus_allowed & smp_online_mask();
	spin_unlock_irqrestore(&sched_lock, flags);
	return mask;
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
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	u64 ns = t->sum_exec_ns;
	if (t->on_cpu) /* the running slice (here or on another CPU) is not accounted yet */
		ns += counter_to_ns(arch_counter() - t->slice_start);
	spin_unlock_irqrestore(&sched_lock, flags);
	return ns;
}

void sched_counts(u64 *switches, u64 *started)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	*switches = nr_switches;
	*started = nr_started;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Timer tick (interrupt context, this CPU): count where the tick found the
 * CPU, and ask the running task to give way if another task waits. */
void sched_tick(void)
{
	struct task *self = current();
	struct cpu *c = &cpus[self->cpu];
	int where = self == c->idle ? CPU_TICK_IDLE : self->tick_from_user ? CPU_TICK_USER : CPU_TICK_SYSTEM;
	__atomic_fetch_add(&c->ticks[where], 1, __ATOMIC_RELAXED);
	/* an unlocked peek: a wrong answer costs one schedule() or waits one tick */
	if (__atomic_load_n(&run_queue.next, __ATOMIC_RELAXED) != &run_queue || self == c->idle)
		self->need_resched = true;
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
