/*
 * oom_kill.c — the out-of-memory killer (Linux mm/oom_kill.c), for a user
 * page fault that found no free page (signal_page_fault, -ENOMEM; Linux's
 * pagefault_out_of_memory into out_of_memory).
 *
 * The victim is the process with the highest badness (oom_badness): its
 * resident pages (Linux's get_mm_rss; pages are never swapped here) plus
 * its page-table pages (mm_pgtables_bytes / PAGE_SIZE: mm_pgtables_snapshot)
 * plus oom_score_adj * totalpages / 1000, totalpages being every page the
 * allocator manages (totalram_pages; no swap). Unkillable and skipped:
 * PID 1 (is_global_init), a process with oom_score_adj -1000
 * (OOM_SCORE_ADJ_MIN), one without an address space (a zombie; kernel
 * threads are in no thread group, so the walk never meets them), and a
 * vfork child still on its parent's memory (in_vfork): its parent, which
 * waits for it, counts that memory and its death takes the child along
 * (kill_sharers_locked). Ties go to the later process in the walk, as
 * select_bad_process's `points < chosen_points` does.
 *
 * The victim gets SIGKILL (from the kernel, SI_KERNEL), so does every other
 * process sharing its memory (kill_sharers_locked), and the log line
 * "Out of memory: Killed process N (comm)" (Linux's __oom_kill_process
 * prints more after it: total-vm, rss). If it is not the faulting process,
 * the faulting task waits until the victim is gone (no live thread: its
 * address space has been released by its last thread's exit) and then
 * returns to user mode, where the instruction faults again and the
 * allocation is retried: the fault does not end it. While a victim chosen
 * earlier is still alive, a new selection does not pick another one (Linux's
 * oom_evaluate_task aborts on tsk_is_oom_victim) but waits for it too.
 * With no killable process at all the kernel panics, as Linux's
 * out_of_memory does ("Out of memory and no killable processes...", then
 * "System is deadlocked on memory"): every process is PID 1, exiting, on
 * a vfork parent's memory or has oom_score_adj -1000, which only
 * CAP_SYS_RESOURCE can set below its minimum.
 *
 * Besides user page faults, allocations the kernel makes for a process
 * that Linux's page allocator would answer with the OOM killer run it too
 * (oom_may_retry): populating mmap, brk and mlock ranges
 * (oom_populate_range, oom_populate) and fork's copy of the address space
 * (clone.c); then they try again, unless the caller itself was killed.
 * Other kernel allocations (kmalloc of objects, the page cache) still fail
 * with ENOMEM without it.
 *
 * Locking: the walk of process_list and the choice run under tasklist_lock
 * (pid.h), each process's thread list and mm pointer read under its g->lock
 * (the order tasklist_lock, then g->lock). An mm's resident count is read
 * without mm->lock (mm_rss_snapshot: a snapshot, as Linux's get_mm_rss
 * reads its counters unlocked), so no mm lock is ever taken inside
 * tasklist_lock. oom_score_adj is written under g->lock and read atomically.
 * The wait holds a reference on the victim's thread group and no lock.
 */
#include <mm.h>
#include <page.h>
#include <pid.h>
#include <printk.h>
#include <process.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <wait.h>
#include <uapi/signal.h>

#define OOM_WAIT_STEP_NS (10 * 1000 * 1000ULL) /* how often the faulting task looks again */

u64 oom_total_pages(void)
{
	return page_total_count();
}

/* The address space of g's threads, NULL if none (a zombie). [g->lock] */
static struct mm *group_mm_locked(struct thread_group *g)
{
	struct task *t = thread_group_first_thread(g);
	return t ? t->mm : NULL;
}

/* Linux oom_badness: LONG_MIN (OOM_BADNESS_UNKILLABLE) or the points. [tasklist_lock] */
static long badness_locked(struct thread_group *g, u64 totalpages)
{
	if (g->pid == 1 || !g->own_pid || g->exited) /* is_global_init; reaped; zombie */
		return OOM_BADNESS_UNKILLABLE;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	struct mm *mm = g->group_exiting ? NULL : group_mm_locked(g);
	u64 pages = mm ? mm_rss_snapshot(mm) + mm_pgtables_snapshot(mm) : 0;
	spin_unlock_irqrestore(&g->lock, irq);
	long adj = __atomic_load_n(&g->oom_score_adj, __ATOMIC_RELAXED);
	bool in_vfork = g->vfork_vm && !g->vfork_done; /* vfork_done: under tasklist_lock */
	if (!mm || adj == OOM_SCORE_ADJ_MIN || in_vfork)
		return OOM_BADNESS_UNKILLABLE;
	return (long)pages + adj * (long)(totalpages / 1000);
}

long oom_badness(struct thread_group *g, u64 totalpages)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	long points = badness_locked(g, totalpages);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return points;
}

/* Is g an earlier victim still alive? [tasklist_lock] */
static bool victim_alive_locked(struct thread_group *g)
{
	if (!__atomic_load_n(&g->oom_victim, __ATOMIC_RELAXED) || g->exited)
		return false;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	bool alive = g->nr_threads > 0;
	spin_unlock_irqrestore(&g->lock, irq);
	return alive;
}

/*
 * Linux select_bad_process: the process to kill (a reference taken), or
 * NULL; *wait_for set instead (a reference) when an earlier victim still
 * lives. [tasklist_lock]
 */
static struct thread_group *select_victim_locked(struct thread_group **wait_for)
{
	u64 totalpages = oom_total_pages();
	struct thread_group *chosen = NULL, *g;
	long chosen_points = OOM_BADNESS_UNKILLABLE;
	list_for_each_entry(g, &process_list, process_node) {
		if (victim_alive_locked(g)) {
			thread_group_get(g);
			*wait_for = g;
			return NULL;
		}
		long points = badness_locked(g, totalpages);
		if (points == OOM_BADNESS_UNKILLABLE || points < chosen_points)
			continue;
		chosen = g;
		chosen_points = points;
	}
	if (chosen)
		thread_group_get(chosen);
	return chosen;
}

/*
 * Linux __oom_kill_process's second half: every other process sharing the
 * victim's mm (CLONE_VM without CLONE_THREAD, a vfork child) gets SIGKILL
 * too, whatever its oom_score_adj, PID 1 excepted: the memory comes back
 * only when all of them are gone. True if the caller's process is one of
 * them (it must not wait: a vfork parent waits for its child). [tasklist_lock]
 */
static bool kill_sharers_locked(struct thread_group *victim, struct mm *mm, const struct signal_cause *cause)
{
	bool self_killed = false;
	struct thread_group *g;
	list_for_each_entry(g, &process_list, process_node) {
		if (g == victim || g->pid == 1 || !mm)
			continue;
		unsigned long irq = spin_lock_irqsave(&g->lock);
		bool shares = group_mm_locked(g) == mm;
		spin_unlock_irqrestore(&g->lock, irq);
		if (!shares)
			continue;
		__atomic_store_n(&g->oom_victim, true, __ATOMIC_RELAXED);
		(void)thread_group_signal_process(g, SIGKILL, cause);
		self_killed |= g == current()->group;
	}
	return self_killed;
}

/* Sleeps until g has no live thread, or the caller gets a signal. */
static void wait_for_victim(struct thread_group *g)
{
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		bool alive = victim_alive_locked(g);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		if (!alive || time_sleep_until(time_deadline_after(OOM_WAIT_STEP_NS)) == -EINTR)
			return;
	}
}

bool oom_may_retry(void)
{
	oom_kill_for_fault(true);
	return !task_fatal_signal_pending(current());
}

void oom_populate_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	while (vm_populate_range(mm, start, end) == -ENOMEM && oom_may_retry())
		;
}

int oom_populate(struct mm *mm, vaddr_t start, size_t len, unsigned access)
{
	int err;
	while ((err = vm_populate(mm, start, len, access)) == -ENOMEM && oom_may_retry())
		;
	return err;
}

static int panic_on_oom; /* vm.panic_on_oom [atomic] */

int oom_panic_on_oom(void)
{
	return __atomic_load_n(&panic_on_oom, __ATOMIC_RELAXED);
}

void oom_set_panic_on_oom(int value)
{
	__atomic_store_n(&panic_on_oom, value, __ATOMIC_RELAXED);
}

void oom_kill_for_fault(bool may_wait)
{
	int panic_mode = oom_panic_on_oom();
	if (panic_mode) /* check_panic_on_oom */
		panic("Out of memory: %s panic_on_oom is enabled", panic_mode == 2 ? "compulsory" : "system-wide");
	struct task *self = current();
	struct thread_group *wait_for = NULL, *victim;
	char comm[TASK_COMM_LEN];
	bool self_killed = false;

	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	victim = select_victim_locked(&wait_for);
	if (!victim && !wait_for) { /* out_of_memory with nothing chosen */
		spin_unlock_irqrestore(&tasklist_lock, irq);
		printk(KERN_WARNING "Out of memory and no killable processes...");
		panic("System is deadlocked on memory");
	}
	if (victim) {
		unsigned long group_irq = spin_lock_irqsave(&victim->lock);
		struct task *shown = thread_group_first_thread(victim);
		memcpy(comm, shown ? shown->comm : "", TASK_COMM_LEN);
		struct mm *mm = group_mm_locked(victim);
		spin_unlock_irqrestore(&victim->lock, group_irq);
		__atomic_store_n(&victim->oom_victim, true, __ATOMIC_RELAXED);
		struct signal_cause kernel_sent = {.code = SI_KERNEL};
		(void)thread_group_signal_process(victim, SIGKILL, &kernel_sent);
		self_killed = victim == self->group || kill_sharers_locked(victim, mm, &kernel_sent);
		wait_for = victim;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);

	if (victim) {
		comm[TASK_COMM_LEN - 1] = '\0';
		printk(KERN_ERR "Out of memory: Killed process %d (%s)", victim->pid, comm);
	}
	if (may_wait && !self_killed && wait_for != self->group) /* retried once the victim is gone */
		wait_for_victim(wait_for);
	thread_group_put(wait_for);
}

/*
 * Linux __task_will_free_mem: g is dying — exiting as a whole, or SIGKILL
 * pending for it or taken by one of its threads on the way to group_exit
 * (sigkill_taken; Linux marks the group exiting at send) — and not
 * dumping core. [g->lock]
 */
static bool dying_locked(struct thread_group *g)
{
	if (g->core_state)
		return false;
	bool dying = g->group_exiting || g->sigkill_taken ||
		     (__atomic_load_n(&g->shared_pending, __ATOMIC_ACQUIRE) & (1UL << (SIGKILL - 1)));
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		dying |= task_fatal_signal_pending(t);
	return dying;
}

/* task_will_free_mem's sharers: does a process other than g that is not
 * dying use mm (CLONE_VM without CLONE_THREAD, a vfork child)? [tasklist_lock] */
static bool mm_kept_by_other_locked(struct thread_group *g, struct mm *mm)
{
	struct thread_group *o;
	list_for_each_entry(o, &process_list, process_node) {
		if (o == g)
			continue;
		unsigned long irq = spin_lock_irqsave(&o->lock);
		bool keeps = group_mm_locked(o) == mm && !dying_locked(o);
		spin_unlock_irqrestore(&o->lock, irq);
		if (keeps)
			return true;
	}
	return false;
}

/* The process has no thread left: its memory was released with its last one. */
static bool process_gone(struct pid *pid)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	bool gone = !pid->process || pid->process->exited;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return gone;
}

/*
 * process_mrelease(pidfd, flags) (Linux 6.1 mm/oom_kill.c): any flag is
 * EINVAL; the pidfd's process (EBADF; ESRCH once reaped) must still have an
 * address space (ESRCH: a zombie) and be dying with nothing else keeping
 * that memory (EINVAL otherwise). Linux then reaps the memory at once
 * (__oom_reap_task_mm); here the caller waits, killably (EINTR), until the
 * process's last thread has released it, which a dying process does
 * without anything else to wait for. 0 once the memory is freed.
 */
SYSCALL_DEFINE2(process_mrelease, int, pidfd, unsigned, flags)
{
	if (flags)
		return -EINVAL;
	struct pid *pid;
	unsigned file_flags;
	long err = pidfd_get_pid(pidfd, &pid, &file_flags);
	if (err)
		return err;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g = pid->process;
	err = -ESRCH;
	if (g) {
		unsigned long group_irq = spin_lock_irqsave(&g->lock);
		struct mm *mm = group_mm_locked(g);
		bool dying = mm && dying_locked(g);
		spin_unlock_irqrestore(&g->lock, group_irq);
		err = !mm ? -ESRCH : !dying || mm_kept_by_other_locked(g, mm) ? -EINVAL : 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!err && wait_event_killable(&pid->exit_wait, process_gone(pid)))
		err = -EINTR;
	pid_put(pid);
	return err;
}
