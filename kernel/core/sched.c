/*
 * sched.c — the scheduler: one run queue, round robin, preemption on the
 * timer tick at the return to user mode.
 *
 * The kernel itself is not preempted: a task in the kernel runs until it
 * blocks (schedule() from a wait queue) or returns to user mode, where
 * exit_to_user_mode() calls schedule() if the tick set need_resched. That
 * keeps kernel code free of preemption hazards; long kernel loops must call
 * sched_yield().
 *
 * The running task is not on the run queue; the idle task never is.
 *
 * sched_lock is the kernel's most central lock, so the whole lock order is
 * written here (and in docs/architecture.md; lockdep.c checks it at run time),
 * outermost first:
 *   1. mutexes (may sleep): rename_mutex -> inode mutexes (parent first);
 *      epoll_mutex -> an epoll's mtx; pty_mutex; tty write_mutex; pipe and
 *      socket mutexes. Never under a spinlock.
 *   2. a fasync list's lock (fs/fown.c kill_fasync) -> tasklist_lock
 *   3. tty_ctrl_lock, thread_group.lock -> sighand.lock
 *   4. one subsystem's object locks: mm_list_lock -> mm->lock (-> tmpfs pages->lock),
 *      files->lock, fs_context->lock, mount_lock -> dcache_lock, fifo_lock ->
 *      pipe lock, flock_lock -> lock_waiters_lock, futex bucket (-> mm->lock
 *      on a fault), tty.lock, msg/sem/shm locks, process_timers ->
 *      timer_lock -> vvar_lock, socket locks, strace_lock
 *   5. wait-queue locks (a watched file's queue -> epoll ready lock -> the
 *      epoll's own queues)
 *   6. sched_lock -> asid_lock
 *   7. innermost: kmalloc -> page_zone, kernel_pt -> page_zone, log_lock ->
 *      console_lock, and the small leaf locks (random, uts, loadavg).
 * sched_lock is taken with interrupts off; its holder is handed to the next
 * task across the context switch (see schedule()).
 */
#include <task.h>

#include <mm.h>
#include <printk.h>
#include <time.h>

static struct spinlock sched_lock = SPINLOCK_INIT("sched");
static struct list_head run_queue = LIST_HEAD_INIT(run_queue); /* [sched_lock] */
static struct task *idle_task;
static struct task *task_to_free; /* a dead task whose stack the next task frees [sched_lock] */
static u64 nr_switches;		  /* context switches since boot (/proc/stat ctxt) [sched_lock] */
static u64 nr_started;		  /* tasks created since boot (/proc/stat processes) [sched_lock] */

void sched_init(void)
{
	/* The boot thread becomes the idle task. */
	idle_task = task_alloc_idle();
	CHECK(idle_task);
	idle_task->state = TASK_RUNNING;
	arch_set_current(idle_task);
}

static void account(struct task *prev)
{
	u64 now = arch_counter();
	prev->sum_exec_ns += counter_to_ns(now - prev->slice_start);
}

/* Called with sched_lock held by the caller of schedule(); finishes the
 * switch on the new task's side. */
void sched_tail(void)
{
	struct task *self = current();
	self->slice_start = arch_counter();
	struct task *dead = task_to_free;
	task_to_free = NULL;
	spin_lock_adopt(&sched_lock); /* taken by the task that switched to us */
	spin_unlock_irqrestore(&sched_lock, 0);
	if (dead)
		task_free(dead);
}

void schedule(void)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	struct task *prev = current();
	struct task *next;

	prev->need_resched = false;
	if (prev->state == TASK_RUNNING && prev != idle_task && !prev->on_runqueue) {
		list_add_tail(&prev->run_node, &run_queue);
		prev->on_runqueue = true;
	}
	if (list_empty(&run_queue)) {
		next = idle_task;
	} else {
		next = list_first_entry(&run_queue, struct task, run_node);
		list_del(&next->run_node);
		next->on_runqueue = false;
	}
	if (next == prev) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	account(prev);
	rseq_preempt(&prev->rseq);
	nr_switches++;
	if (prev->state == TASK_DEAD)
		task_to_free = prev;
	/* Hand sched_lock to next: it releases it in sched_tail() (new task) or
	 * below, on return from its own earlier call to schedule(). */
	sched_lock.holder = next;
	arch_context_switch(prev, next);
	/* Back in prev, switched in by some later schedule(). */
	prev->slice_start = arch_counter();
	struct task *dead = task_to_free;
	task_to_free = NULL;
	spin_unlock_irqrestore(&sched_lock, flags);
	if (dead)
		task_free(dead);
}

void sched_wake(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	if (t->state != TASK_RUNNING && t->state != TASK_DEAD) {
		t->state = TASK_RUNNING;
		if (t != current() && !t->on_runqueue && t != idle_task) {
			list_add_tail(&t->run_node, &run_queue);
			t->on_runqueue = true;
			/* wake-up preemption (as CFS gives a task that slept): the
			 * woken task runs when the waker next returns to user mode */
			current()->need_resched = true;
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_add_new(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	t->state = TASK_RUNNING;
	list_add_tail(&t->run_node, &run_queue);
	t->on_runqueue = true;
	nr_started++;
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_counts(u64 *switches, u64 *started)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	*switches = nr_switches;
	*started = nr_started;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Timer tick (interrupt context): ask the running task to give way. */
void sched_tick(void)
{
	struct task *self = current();
	if (!list_empty(&run_queue) || self == idle_task)
		self->need_resched = true;
}

void task_set_state(enum task_state state)
{
	unsigned long flags = arch_irq_save();
	current()->state = state;
	arch_irq_restore(flags);
}

void sched_yield(void)
{
	schedule();
}

void __noreturn sched_idle_loop(void)
{
	for (;;) {
		arch_irq_disable();
		if (list_empty(&run_queue))
			arch_wait_for_interrupt();
		arch_irq_enable();
		schedule();
	}
}
