/*
 * coredump.c — the dying process's side of a core dump (coredump.h; Linux
 * fs/coredump.c zap_threads, coredump_wait, coredump_finish).
 *
 * The thread that takes a core-dumping signal with the default action
 * becomes the dumper: under group->lock it starts the group exit (as
 * group_exit does) with thread_group.core_state set, and sends SIGKILL to
 * every other thread, counting them in core_state.waiting. Each of them, in
 * task_exit, takes a snapshot of its own registers first (its FP/SIMD
 * registers are live only while it runs) and, as it leaves the thread list
 * under group->lock, hands the snapshot over and counts itself gone. The
 * dumper waits for the count to reach 0, so the address space is no longer
 * changing, has fs/coredump.c write the file, then sets the core bit (0x80)
 * in the exit status if a core was written (Linux: when the binary format's
 * core_dump succeeded) and exits.
 *
 * If the process is already exiting (another fatal signal, exit_group, an
 * execve's de_thread) there is no dump, as Linux's zap_threads gives
 * -EAGAIN: the thread just exits.
 */
#include <coredump.h>

#include <arch.h>
#include <kmalloc.h>
#include <printk.h>
#include <process.h>
#include <string.h>
#include <task.h>
#include <uapi/ptrace.h>

bool (*coredump_writer)(const struct core_state *cs);

bool sig_kernel_coredump(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS: return true;
	default: return false;
	}
}

/* The register sets a core file holds per thread, in Linux's regset order
 * (arch/arm64/kernel/ptrace.c aarch64_regsets); those the architecture lacks
 * are left out. */
static const unsigned core_regset_types[CORE_NR_REGSETS] = {NT_PRSTATUS, NT_PRFPREG, NT_ARM_TLS, NT_ARM_SYSTEM_CALL};

/* The calling thread's registers and signal masks (NULL: no memory, the
 * thread is left out of the core). */
static struct core_thread *snapshot(struct task *t)
{
	struct core_thread *ct = kzalloc(sizeof(*ct));
	if (!ct)
		return NULL;
	arch_save_user_state(); /* the live FP/SIMD registers into t->thread */
	ct->tid = t->tid;
	ct->sigpend = signal_pending_set(t);
	ct->sighold = t->blocked_signals;
	ct->utime_ns = __atomic_load_n(&t->utime_ns, __ATOMIC_RELAXED);
	ct->stime_ns = __atomic_load_n(&t->stime_ns, __ATOMIC_RELAXED);
	for (int i = 0; i < CORE_NR_REGSETS; i++) {
		size_t elem, total;
		unsigned nt = core_regset_types[i];
		if (arch_regset_size(nt, &elem, &total) || total > sizeof(ct->sets[0].data))
			continue;
		struct core_regset *rs = &ct->sets[ct->nr_sets++];
		rs->nt = nt;
		rs->size = total;
		arch_regset_get(t, nt, rs->data);
	}
	return ct;
}

struct core_thread *coredump_snapshot_if_dumping(struct task *t)
{
	struct core_state *cs = t->group ? __atomic_load_n(&t->group->core_state, __ATOMIC_ACQUIRE) : NULL;
	if (!cs || cs->dumper == t)
		return NULL;
	return snapshot(t);
}

void coredump_thread_left(struct task *t, struct core_thread *snap)
{
	struct core_state *cs = t->group->core_state;
	ASSERT_HELD(&t->group->lock);
	if (!cs || cs->dumper == t) {
		kfree(snap);
		return;
	}
	if (snap) { /* after the dumper's own, which stays first */
		snap->next = cs->threads->next;
		cs->threads->next = snap;
	}
	if (__atomic_sub_fetch(&cs->waiting, 1, __ATOMIC_RELEASE) == 0)
		wake_up_all(&cs->left);
}

/* Starts the group exit with cs as the group's core state and kills the
 * other threads (Linux zap_threads); false when an exit is under way. */
static bool zap_threads(struct core_state *cs)
{
	struct task *self = current();
	struct thread_group *g = self->group;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	bool started = !g->group_exiting && !g->exec_task;
	if (started) {
		g->group_exiting = true;
		g->exit_status = cs->sig;
		__atomic_store_n(&g->core_state, cs, __ATOMIC_RELEASE);
		struct task *t;
		list_for_each_entry(t, &g->threads, group_node) {
			if (t != self) {
				signal_send_group(t, SIGKILL);
				cs->waiting++;
			}
		}
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return started;
}

void coredump_and_exit(int sig, const struct signal_cause *cause)
{
	struct task *self = current();
	struct thread_group *g = self->group;
	struct core_state cs = {.dumper = self, .sig = sig, .cause = *cause};
	wait_queue_init(&cs.left, "coredump");
	cs.threads = snapshot(self);
	if (!cs.threads || !coredump_writer || !zap_threads(&cs)) {
		kfree(cs.threads);
		group_exit(sig);
	}
	wait_event(&cs.left, __atomic_load_n(&cs.waiting, __ATOMIC_ACQUIRE) == 0);
	bool dumped = coredump_writer(&cs);

	/* coredump_finish: the bit says a core was written */
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (dumped)
		g->exit_status |= 0x80;
	__atomic_store_n(&g->core_state, NULL, __ATOMIC_RELEASE);
	int status = g->exit_status;
	spin_unlock_irqrestore(&g->lock, irq);
	for (struct core_thread *ct = cs.threads, *next; ct; ct = next) {
		next = ct->next;
		kfree(ct);
	}
	task_exit(status);
}
