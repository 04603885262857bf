/*
 * show_task.c — one task's state and kernel call chain for the task dump
 * (Linux's sched_show_task and show_stack, the lines sysrq-t prints; the
 * dump itself walks the task list, proc/task.c task_show_all, and is
 * triggered from the serial console, tty/sysrq.c), and each CPU's running
 * task traced by that CPU itself (an IPI, Linux's sysrq-l).
 *
 * A dump reads other tasks' fields without their locks: it is a debugging
 * aid for a kernel that may be stuck, so it must not wait for a lock a
 * stuck CPU holds. A field may be stale by the time it is printed; the
 * stack walk of a sleeping task stays inside that task's own kernel stack
 * (arch_stack_trace), and a task that is some CPU's current one is traced
 * by that CPU, not read from a stack that is changing.
 *
 * The wait channel (Linux's wchan) is the first function of the chain that
 * is not the scheduler's or the wait-queue machinery's: process_wait,
 * pipe_read, futex_wait... and with it the name of the wait queue the task
 * sleeps on (struct task.wait_queue, set by wait_prepare), if any.
 */
#include <task.h>

#include <arch.h>
#include <irq.h>
#include <printk.h>
#include <smp.h>
#include <string.h>

#define TRACE_DEPTH 24

/* Backtraces of running tasks (IPI_BACKTRACE): which CPUs are still to
 * print theirs [atomic]. */
static u64 backtrace_pending;

static char state_letter(const struct task *t)
{
	switch (__atomic_load_n(&t->state, __ATOMIC_RELAXED)) {
	case TASK_RUNNING: return 'R';
	case TASK_INTERRUPTIBLE: return 'S';
	case TASK_UNINTERRUPTIBLE: return 'D';
	case TASK_DEAD: return 'X';
	}
	return '?';
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The scheduler's and the sleep machinery's own functions (Linux marks
 * them __sched and get_wchan skips them). */
static bool in_sched_functions(const char *name)
{
	static const char *const prefixes[] = {"schedule", "__schedule",	  "sched_", "wait_",
					       "__wait",   "arch_context_switch", "mutex_", "arch_stack_trace"};
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (starts_with(name, prefixes[i]))
			return true;
	return false;
}

static void print_trace(const u64 *pcs, int n)
{
	for (int i = 0; i < n; i++) {
		u64 off = 0;
		const char *name = arch_symbol(pcs[i], &off);
		printk(KERN_INFO "    [<%016lx>] %s+0x%lx", (unsigned long)pcs[i], name ? name : "?",
		       (unsigned long)off);
	}
}

static void print_wchan(const struct task *t, const u64 *pcs, int n)
{
	const char *queue = __atomic_load_n(&t->wait_queue, __ATOMIC_RELAXED);
	for (int i = 0; i < n; i++) {
		u64 off = 0;
		const char *name = arch_symbol(pcs[i], &off);
		if (name && !in_sched_functions(name)) {
			printk(KERN_INFO "  wchan %s+0x%lx%s%s", name, (unsigned long)off, queue ? ", queue " : "",
			       queue ? queue : "");
			return;
		}
	}
	if (queue)
		printk(KERN_INFO "  queue %s", queue);
}

void sched_show_task(struct task *t)
{
	struct thread_group *g = t->group;
	int cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
	bool running = __atomic_load_n(&t->on_cpu, __ATOMIC_RELAXED);
	printk(KERN_INFO "task %-15s pid %d tid %d state %c cpu %d%s%s%s", t->comm, g ? g->pid : 0, t->tid,
	       state_letter(t), cpu, running ? " on_cpu" : "", t->on_runqueue ? " queued" : "",
	       t->need_resched ? " need_resched" : "");
	printk(KERN_INFO "  signals pending %016lx shared %016lx blocked %016lx", (unsigned long)t->pending_signals,
	       (unsigned long)(g ? g->shared_pending : 0), (unsigned long)t->blocked_signals);
	if (g)
		printk(KERN_INFO "  process: ppid %d threads %d exited %d exit_status %#x stopped %d", g->ppid,
		       g->nr_threads, g->exited, g->exit_status, g->stopped);
	if (running) { /* its stack is changing: sched_show_cpus traces it */
		printk(KERN_INFO "  running: CPU %d traces it below", cpu);
		return;
	}
	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TASK_DEAD)
		return; /* its stack is being given back */
	u64 pcs[TRACE_DEPTH];
	int n = arch_stack_trace(t, pcs, TRACE_DEPTH);
	print_wchan(t, pcs, n);
	print_trace(pcs, n);
}

/* IPI_BACKTRACE on a CPU: its running task and where it is. */
void sched_backtrace_ipi(void)
{
	struct task *t = current();
	int cpu = sched_this_cpu();
	printk(KERN_INFO "CPU %d runs %s (tid %d):", cpu, t->comm, t->tid);
	u64 pcs[TRACE_DEPTH];
	print_trace(pcs, arch_stack_trace(t, pcs, TRACE_DEPTH));
	__atomic_and_fetch(&backtrace_pending, ~(1UL << cpu), __ATOMIC_RELEASE);
}

void sched_show_cpus(void)
{
	int me = sched_this_cpu();
	u64 online = smp_online_mask();
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!((online >> cpu) & 1))
			continue;
		struct task *curr = __atomic_load_n(&cpus[cpu].curr, __ATOMIC_RELAXED);
		printk(KERN_INFO "CPU %d: current %s (tid %d), %u queued", cpu, curr ? curr->comm : "-",
		       curr ? curr->tid : -1, sched_nr_queued(cpu));
	}
	sched_backtrace_ipi(); /* this CPU's own, the dump's caller */
	/* one CPU at a time, so the traces do not interleave; a CPU that does
	 * not answer within a second (interrupts off: a spin with a lock held)
	 * is named */
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (cpu == me || !((online >> cpu) & 1))
			continue;
		__atomic_or_fetch(&backtrace_pending, 1UL << cpu, __ATOMIC_RELEASE);
		irq_send_ipi(cpu, IPI_BACKTRACE);
		u64 end = arch_counter() + arch_counter_freq();
		while ((__atomic_load_n(&backtrace_pending, __ATOMIC_ACQUIRE) >> cpu) & 1) {
			if (arch_counter() > end) {
				printk(KERN_INFO "CPU %d: no answer to the backtrace IPI (interrupts masked?)", cpu);
				__atomic_and_fetch(&backtrace_pending, ~(1UL << cpu), __ATOMIC_RELEASE);
				break;
			}
			arch_cpu_relax();
		}
	}
}
