/*
 * signal.c — signal state and default actions (see signal.h for the scope):
 * sending (prepare_signal's job-control rules, the shared pending set,
 * init's immunity), taking pending signals in order, stopping and
 * continuing a process, running handlers, and the return to user mode
 * (exit_to_user_mode: rescheduling, signals, system-call restart, rseq).
 *
 * Core-dumping default actions (SIGSEGV, SIGILL, ...) write a core file
 * first when they can (proc/coredump.c); the wait status has the 0x80 core
 * flag only when one was written (with RLIMIT_CORE 0, Debian's default, none is).
 */
#include <signal.h>

#include <arch.h>
#include <coredump.h>
#include <kmalloc.h>
#include <mm.h>
#include <printk.h>
#include <ptrace.h>
#include <process.h>
#include <rseq.h>
#include <tracehook.h>
#include <string.h>
#include <syscall_restart.h>
#include <task.h>
#include <timers.h>
#include <uapi/errno.h>
#include <uapi/seccomp.h>
#include <uapi/resource.h>
#include <uapi/unistd.h>

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
	[SIGSYS] = "SIGSYS",
};

const char *signal_name(int sig)
{
	if (sig > 0 && sig < (int)ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "signal";
}

struct sighand *sighand_create(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));
	if (!sh)
		return NULL;
	spin_lock_init(&sh->lock, "sighand");
	sh->refcount = 1;
	return sh;
}

struct sighand *sighand_dup(struct sighand *src)
{
	struct sighand *sh = sighand_create();
	if (!sh)
		return NULL;
	unsigned long irq = spin_lock_irqsave(&src->lock);
	memcpy(sh->actions, src->actions, sizeof(sh->actions));
	spin_unlock_irqrestore(&src->lock, irq);
	return sh;
}

/* execve: handlers are gone with the old program; ignored signals stay ignored. */
void sighand_reset_for_exec(struct sighand *sh)
{
	unsigned long irq = spin_lock_irqsave(&sh->lock);
	for (int i = 0; i < NSIG; i++) {
		if (sh->actions[i].handler != SIG_IGN)
			sh->actions[i].handler = SIG_DFL;
		sh->actions[i].flags = 0;
		sh->actions[i].mask = 0;
		sh->actions[i].restorer = 0;
	}
	spin_unlock_irqrestore(&sh->lock, irq);
}

void sighand_put(struct sighand *sh)
{
	if (sh && __atomic_sub_fetch(&sh->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sh);
}

/*
 * Real-time signals queue (Linux struct sigqueue): a pending set is its
 * bits, the cause of each pending signal's first instance, and a list of
 * later real-time instances (struct sigqueue_entry), oldest first. Each
 * real-time instance is charged to the target's real uid, whose count all
 * its processes share, against the target's RLIMIT_SIGPENDING (Linux's
 * __sigqueue_alloc: inc_rlimit_get_ucounts on the target's
 * UCOUNT_RLIMIT_SIGPENDING, compared with task_rlimit(t, ...)); the
 * instance keeps the slot it charged (its uid may change meanwhile, as
 * Linux's sigqueue keeps its ucounts). A standard signal that was not
 * pending is charged too (Linux allocates a sigqueue for it as well), past
 * the limit when kill or the kernel sent it (override_rlimit: si_code >=
 * 0), else it loses its siginfo; SIGKILL is never charged. User
 * namespaces are not walked (there is one).
 *
 * Invariant: an entry of a causes array (or of a queue) with counted set
 * holds a charge, under the set's lock; whoever uncharges it clears
 * counted. prepare_signal clears pending bits without the set's lock, so
 * an entry whose bit is clear may still hold its charge: pending_add and
 * pending_drop give such a stale charge back.
 *
 * The counts: a table of SIGPENDING_USERS slots {uid, count}, a slot
 * belonging to a uid while its count is above zero, under
 * sigpending_users_lock (taken inside a sighand lock, with nothing inside).
 * With every slot in use by other uids a charge fails as over the limit.
 */

#define SIGPENDING_USERS 256 /* charge_slot's 8 bits */

static struct {
	u32 uid;
	u32 count;
} sigpending_users[SIGPENDING_USERS]; /* [sigpending_users_lock] */
static struct spinlock sigpending_users_lock = SPINLOCK_INIT("sigpending_users");

struct pending_set {
	u64 *bits;
	struct signal_cause *causes;
	struct list_head *queue;
	struct thread_group *limit_of; /* whose RLIMIT_SIGPENDING applies */
	u32 uid;		       /* whose count a new instance charges */
};

static struct pending_set task_set(struct task *t)
{
	return (struct pending_set){&t->pending_signals, t->signal_causes, &t->signal_queue, t->group,
				    __atomic_load_n(&t->sig_uid, __ATOMIC_RELAXED)};
}

/* A process's shared set; a sender sets uid (signal_send_shared). */
static struct pending_set group_set(struct thread_group *g)
{
	return (struct pending_set){&g->shared_pending, g->shared_causes, &g->shared_queue, g, 0};
}

/* One more queued signal for uid within limit (or past it: force): its
 * slot, or -1. */
static int user_charge(u32 uid, u64 limit, bool force)
{
	int slot = -1, free_slot = -1;
	unsigned long irq = spin_lock_irqsave(&sigpending_users_lock);
	for (int i = 0; i < SIGPENDING_USERS && slot < 0; i++) {
		if (sigpending_users[i].count && sigpending_users[i].uid == uid)
			slot = i;
		else if (!sigpending_users[i].count && free_slot < 0)
			free_slot = i;
	}
	if (slot < 0 && free_slot >= 0) {
		slot = free_slot;
		sigpending_users[slot].uid = uid;
	}
	if (slot >= 0 && (force || (u64)sigpending_users[slot].count + 1 <= limit))
		sigpending_users[slot].count++;
	else
		slot = -1;
	spin_unlock_irqrestore(&sigpending_users_lock, irq);
	return slot;
}

static void user_uncharge(int slot)
{
	unsigned long irq = spin_lock_irqsave(&sigpending_users_lock);
	sigpending_users[slot].count--;
	spin_unlock_irqrestore(&sigpending_users_lock, irq);
}

/* Charges a new instance to set's user (past the limit: force); *c
 * records the slot. */
static bool queue_charge(struct pending_set set, struct signal_cause *c, bool force)
{
	if (!set.limit_of)
		return false;
	u64 limit = __atomic_load_n(&set.limit_of->rlimits[RLIMIT_SIGPENDING][0], __ATOMIC_RELAXED);
	int slot = user_charge(set.uid, limit, force);
	if (slot < 0)
		return false;
	c->charge_slot = (u32)slot;
	return true;
}

static void queue_uncharge(struct signal_cause *cause)
{
	if (cause->counted && !cause->preallocated)
		user_uncharge((int)cause->charge_slot);
	cause->counted = false;
}

int signal_prealloc_charge(void)
{
	struct task *self = current();
	u64 limit = __atomic_load_n(&self->group->rlimits[RLIMIT_SIGPENDING][0], __ATOMIC_RELAXED);
	int slot = user_charge(__atomic_load_n(&self->sig_uid, __ATOMIC_RELAXED), limit, false);
	return slot < 0 ? -EAGAIN : slot;
}

void signal_prealloc_uncharge(int slot)
{
	user_uncharge(slot);
}

/*
 * One more instance of sig in set [the set's lock] (Linux
 * __send_signal_locked). A standard signal already pending is merged; a
 * real-time one is queued with its cause (*spare, a preallocated entry,
 * is used and set NULL). Past RLIMIT_SIGPENDING, a real-time signal with
 * a negative si_code (sigqueue) is -EAGAIN; a kill or the kernel's own
 * sends the signal without its siginfo (SI_USER, no sender), as does a
 * standard one with a negative si_code (Linux "silent loss of
 * information"); a standard one with si_code >= 0 is charged past the
 * limit; a POSIX timer's signal is preallocated (charged at timer_create)
 * and always queues.
 */
static int pending_add(struct pending_set set, int sig, const struct signal_cause *cause, struct sigqueue_entry **spare)
{
	u64 bit = 1UL << (sig - 1);
	bool pending = __atomic_load_n(set.bits, __ATOMIC_RELAXED) & bit;
	struct signal_cause c = *cause;
	c.counted = false;
	if (sig >= SIGRTMIN_KERNEL && cause->preallocated) {
		c.counted = true; /* queues as a counted one, the charge being the timer's */
	} else if (sig >= SIGRTMIN_KERNEL) {
		c.counted = queue_charge(set, &c, false);
		if (!c.counted && cause->code < 0)
			return -EAGAIN;
		if (!c.counted)
			c = (struct signal_cause){.code = SI_USER};
	} else if (!pending && sig != SIGKILL && !cause->preallocated) {
		/* __send_signal_locked: legacy_queue merges a pending one, else
		 * __sigqueue_alloc with override_rlimit for si_code >= 0 */
		c.counted = queue_charge(set, &c, cause->code >= 0);
		if (!c.counted)
			c = (struct signal_cause){.code = SI_USER};
	}
	if (!pending) {
		if (set.causes) {
			queue_uncharge(&set.causes[sig - 1]); /* stale: its bit was cleared by prepare_signal */
			set.causes[sig - 1] = c;
		} else /* a thread whose causes could not be allocated: sent without its siginfo */
			queue_uncharge(&c);
		__atomic_fetch_or(set.bits, bit, __ATOMIC_RELEASE);
	} else if (c.counted && *spare && set.causes) { /* (queued only beside a causes array) */
		(*spare)->sig = sig;
		(*spare)->cause = c;
		list_add_tail(&(*spare)->node, set.queue);
		*spare = NULL;
	} else {
		queue_uncharge(&c); /* merged (or no memory: its siginfo is lost) */
	}
	return 0;
}

/* Takes sig's oldest instance from set [the set's lock]; the bit stays
 * while more are queued. An entry to free is left in *freed. */
static bool pending_take(struct pending_set set, int sig, struct signal_cause *cause, struct sigqueue_entry **freed)
{
	u64 bit = 1UL << (sig - 1);
	if (!(__atomic_load_n(set.bits, __ATOMIC_ACQUIRE) & bit))
		return false;
	/* no causes array: only SI_USER instances were added (pending_add) */
	*cause = set.causes ? set.causes[sig - 1] : (struct signal_cause){.code = SI_USER};
	queue_uncharge(cause);
	if (set.causes)
		set.causes[sig - 1].counted = false; /* given back with *cause */
	struct sigqueue_entry *e;
	list_for_each_entry(e, set.queue, node) {
		if (e->sig == sig) {
			set.causes[sig - 1] = e->cause;
			list_del(&e->node);
			*freed = e;
			return true;
		}
	}
	__atomic_fetch_and(set.bits, ~bit, __ATOMIC_ACQ_REL);
	return true;
}

/* Drops every instance of the signals in mask from set [the set's lock]. */
static void pending_drop(struct pending_set set, u64 mask)
{
	__atomic_fetch_and(set.bits, ~mask, __ATOMIC_ACQ_REL);
	for (int sig = 1; set.causes && sig <= NSIG; sig++) /* stale charges too */
		if (mask & (1UL << (sig - 1)))
			queue_uncharge(&set.causes[sig - 1]);
	struct sigqueue_entry *e, *next;
	list_for_each_entry_safe(e, next, set.queue, node) {
		if (mask & (1UL << (e->sig - 1))) {
			queue_uncharge(&e->cause);
			list_del(&e->node);
			kfree(e);
		}
	}
}

/* The lock of t's pending set: its sighand's (a kernel thread has none; an exited task keeps its own until task_free). */
static unsigned long task_set_lock(struct task *t)
{
	return t->sighand ? spin_lock_irqsave(&t->sighand->lock) : 0;
}

static void task_set_unlock(struct task *t, unsigned long irq)
{
	if (t->sighand)
		spin_unlock_irqrestore(&t->sighand->lock, irq);
}

bool signal_take(struct task *t, int sig, struct signal_cause *cause)
{
	struct sigqueue_entry *freed = NULL;
	struct thread_group *g = t->group;
	unsigned long irq;
	if (sig == SIGKILL && g) {
		/* Between taking SIGKILL and group_exit there is a moment when
		 * neither the pending bit nor group_exiting says the process is
		 * dying (process_mrelease's dying_locked asks from another CPU):
		 * the mark comes first (Linux marks SIGNAL_GROUP_EXIT at send).
		 * Not for a thread another thread's execve ends alone. */
		irq = spin_lock_irqsave(&g->lock);
		if (!t->killed_for_exec)
			g->sigkill_taken = true;
		spin_unlock_irqrestore(&g->lock, irq);
	}
	irq = task_set_lock(t);
	bool had = pending_take(task_set(t), sig, cause, &freed);
	task_set_unlock(t, irq);
	if (!had && g) {
		irq = spin_lock_irqsave(&g->lock);
		had = pending_take(group_set(g), sig, cause, &freed);
		spin_unlock_irqrestore(&g->lock, irq);
	}
	kfree(freed);
	if (had && t->group && (sig == SIGALRM || cause->code == SI_TIMER))
		timers_signal_taken(t->group, sig, cause); /* a periodic timer re-arms (proc/timers.c) */
	return had;
}

void signal_flush_task(struct task *t)
{
	unsigned long irq = task_set_lock(t);
	pending_drop(task_set(t), ~0UL);
	task_set_unlock(t, irq);
}

void signal_flush_process(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	pending_drop(group_set(g), ~0UL);
	spin_unlock_irqrestore(&g->lock, irq);
}

int signal_take_first(struct task *t, u64 set, struct signal_cause *taken)
{
	for (;;) {
		u64 ready = signal_pending_set(t) & set;
		if (!ready)
			return 0;
		int sig = __builtin_ctzll(ready) + 1;
		if (signal_take(t, sig, taken))
			return sig;
		/* another thread took the process's: look again */
	}
}

void signal_discard(struct task *t, int sig)
{
	u64 bit = 1UL << (sig - 1);
	unsigned long irq = task_set_lock(t);
	pending_drop(task_set(t), bit);
	task_set_unlock(t, irq);
	if (t->group) {
		irq = spin_lock_irqsave(&t->group->lock);
		pending_drop(group_set(t->group), bit);
		spin_unlock_irqrestore(&t->group->lock, irq);
	}
}

#define STOP_SIGNALS ((1UL << (SIGSTOP - 1)) | (1UL << (SIGTSTP - 1)) | (1UL << (SIGTTIN - 1)) | (1UL << (SIGTTOU - 1)))

static bool is_stop_signal(int sig)
{
	return (STOP_SIGNALS >> (sig - 1)) & 1;
}

/*
 * What sending does before the signal is queued (Linux prepare_signal):
 * SIGCONT discards pending stop signals and continues a stopped process
 * (whatever SIGCONT's disposition); a stop signal discards a pending
 * SIGCONT. The woken thread tells the parent (signal_stop).
 */
static void prepare_signal(struct thread_group *g, struct task *t, int sig)
{
	u64 drop = sig == SIGCONT ? STOP_SIGNALS : is_stop_signal(sig) ? 1UL << (SIGCONT - 1) : 0;
	if (t)
		__atomic_fetch_and(&t->pending_signals, ~drop, __ATOMIC_RELAXED);
	if (g)
		__atomic_fetch_and(&g->shared_pending, ~drop, __ATOMIC_RELAXED);
	if (sig == SIGCONT) {
		if (g && __atomic_exchange_n(&g->stopped, 0, __ATOMIC_ACQ_REL)) {
			__atomic_store_n(&g->stop_report, 0, __ATOMIC_RELEASE);
			__atomic_store_n(&g->continued_report, 1, __ATOMIC_RELEASE);
			__atomic_store_n(&g->continue_notify, 1, __ATOMIC_RELEASE);
		}
	}
}

/*
 * Init cannot be killed from user space: a signal a process sends to PID 1
 * is dropped unless init has a handler for it, SIGKILL and SIGSTOP
 * included (Linux SIGNAL_UNKILLABLE, sig_task_ignored). The kernel's own
 * signals (faults, exit_group) still reach it. A signal init blocks, or
 * waits for in rt_sigtimedwait, is kept (sig_ignored: "blocked signals are
 * never ignored"): BusyBox init takes SIGUSR2 (poweroff) that way.
 * [t's sighand lock held]
 */
/* t blocks sig, or waits for it in rt_sigtimedwait (Linux: blocked or real_blocked). */
static bool blocked_or_waited(struct task *t, int sig)
{
	u64 blocked = __atomic_load_n(&t->blocked_signals, __ATOMIC_RELAXED) |
		      __atomic_load_n(&t->real_blocked_signals, __ATOMIC_RELAXED);
	return blocked & (1UL << (sig - 1));
}

static bool init_ignores(struct task *t, int sig, const struct signal_cause *cause)
{
	return cause->code <= 0 && t->group && t->group->pid == 1 && t->sighand && !blocked_or_waited(t, sig) &&
	       t->sighand->actions[sig - 1].handler == SIG_DFL;
}

/*
 * Linux sig_ignored: a signal whose handler ignores it (SIG_IGN, or SIG_DFL
 * of a signal whose default is to do nothing) is dropped when it is sent:
 * not queued and nobody woken, so it cannot interrupt a sleep (LTP
 * rt_sigtimedwait01) — unless t blocks it or waits for it in
 * rt_sigtimedwait ("blocked signals are never ignored": the handler may
 * change before it is taken) or a tracer is there to see it. prepare_signal
 * has run before: a dropped SIGCONT still continues a stopped process.
 * [t's sighand lock held]
 */
static bool handler_drops(struct task *t, int sig)
{
	if (!t->sighand || blocked_or_waited(t, sig))
		return false;
	bool traced = tracehook_on() || (t->group && __atomic_load_n(&t->group->ptracer, __ATOMIC_ACQUIRE));
	if (traced && sig != SIGKILL) /* ptrace, or the built-in tracer: it shows them as strace does */
		return false;
	return signal_handler_ignores(sig, t->sighand->actions[sig - 1].handler);
}

/* A queue entry for a real-time signal, allocated before any lock (NULL: none needed or no memory). */
static struct sigqueue_entry *spare_entry(int sig)
{
	return sig >= SIGRTMIN_KERNEL ? kmalloc(sizeof(struct sigqueue_entry)) : NULL;
}

/*
 * A task's causes array is allocated by the first signal sent to the task
 * itself (most threads never get one: 2,560 bytes saved per thread and per
 * process, bench row mem_per_thread_kib), before any lock as the queue
 * entry is; NULL when t has one already or memory is short. Zeroed, so a
 * bit set before it came reads as an SI_USER instance.
 */
static struct signal_cause *spare_causes(struct task *t)
{
	if (__atomic_load_n(&t->signal_causes, __ATOMIC_RELAXED))
		return NULL;
	return kzalloc(NSIG * sizeof(struct signal_cause));
}

int signal_send_info(struct task *t, int sig, const struct signal_cause *cause)
{
	struct sigqueue_entry *spare = spare_entry(sig);
	struct signal_cause *causes = spare_causes(t);
	unsigned long irq = task_set_lock(t);
	struct signal_cause *none = NULL; /* a compare-and-swap: a task without sighand has no lock here */
	if (causes &&
	    __atomic_compare_exchange_n(&t->signal_causes, &none, causes, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		causes = NULL;
	bool ignored = t->sighand && init_ignores(t, sig, cause);
	bool dropped = false;
	int err = 0;
	if (!ignored) {
		prepare_signal(t->group, t, sig);
		dropped = handler_drops(t, sig);
		if (!dropped)
			err = pending_add(task_set(t), sig, cause, &spare);
	}
	task_set_unlock(t, irq);
	kfree(spare);
	kfree(causes); /* another sender installed one first */
	if (ignored || err || (dropped && sig != SIGCONT))
		return err;
	sched_wake(t);
	signalfd_notify();
	return 0;
}

int signal_send_shared(struct thread_group *g, int sig, const struct signal_cause *cause)
{
	ASSERT_HELD(&g->lock);
	struct task *first = thread_group_first_thread(g);
	if (first && first->sighand) {
		unsigned long irq = spin_lock_irqsave(&first->sighand->lock);
		bool ignored = init_ignores(first, sig, cause);
		spin_unlock_irqrestore(&first->sighand->lock, irq);
		if (ignored)
			return 0;
	}
	prepare_signal(g, NULL, sig);
	bool dropped = false;
	if (first && first->sighand) {
		unsigned long irq = spin_lock_irqsave(&first->sighand->lock);
		dropped = handler_drops(first, sig); /* Linux: the target thread's mask */
		spin_unlock_irqrestore(&first->sighand->lock, irq);
	}
	int err = 0;
	if (!dropped) {
		struct sigqueue_entry *spare = spare_entry(sig);
		if (!g->shared_causes) /* still NULL without memory: sent without its siginfo (pending_add) */
			g->shared_causes = kzalloc(NSIG * sizeof(struct signal_cause));
		struct pending_set set = group_set(g);
		/* the first thread's user (Linux: the task the signal was sent to) */
		set.uid = first ? __atomic_load_n(&first->sig_uid, __ATOMIC_RELAXED) : 0;
		err = pending_add(set, sig, cause, &spare);
		kfree(spare);
	}
	if (err || (dropped && sig != SIGCONT))
		return err;
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		sched_wake(t); /* a stopped process must see a SIGCONT */
	signalfd_notify();
	return 0;
}

void signal_send_group(struct task *t, int sig)
{
	struct signal_cause kernel_sent = {.code = 0x80 /* SI_KERNEL */, .pid = 0, .addr = 0};
	(void)signal_send_info(t, sig, &kernel_sent);
}

/* The default action "Term" or "Core" (signal(7)) of sig, which cause sent:
 * the process ends, after a core dump for "Core" (Linux get_signal). */
static void __noreturn signal_default_fatal(int sig, const struct signal_cause *cause)
{
	if (sig_kernel_coredump(sig))
		coredump_and_exit(sig, cause);
	group_exit(sig);
}

/* The action for sig, or SIG_DFL when the caller has no handlers. */
static struct k_sigaction action_of(struct task *t, int sig)
{
	struct k_sigaction ka = {.handler = SIG_DFL};
	if (t->sighand) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		ka = t->sighand->actions[sig - 1];
		spin_unlock_irqrestore(&t->sighand->lock, irq);
	}
	return ka;
}

/*
 * A synchronous fault the program caused (Linux force_sig_fault): it runs
 * the program's handler if there is one; if the signal is blocked or
 * ignored it cannot be, so the default action (death) is forced.
 */
static void force_signal_cause(int sig, const struct signal_cause *cause)
{
	struct task *t = current();
	struct k_sigaction ka = action_of(t, sig);
	bool blocked = t->blocked_signals & (1UL << (sig - 1));
	if (ka.handler != SIG_DFL && ka.handler != SIG_IGN && !blocked) {
		(void)signal_send_info(t, sig, cause); /* a standard signal: never -EAGAIN */
		return;				       /* delivered on the way back to user mode */
	}
	if (t->group && __atomic_load_n(&t->group->ptracer, __ATOMIC_ACQUIRE)) {
		/* traced: delivered with the default action, so that the tracer
		 * sees it first (Linux force_sig_info_to_task: unblocked, the
		 * handler reset) */
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		t->sighand->actions[sig - 1].handler = SIG_DFL;
		spin_unlock_irqrestore(&t->sighand->lock, irq);
		t->blocked_signals &= ~(1UL << (sig - 1));
		(void)signal_send_info(t, sig, cause);
		return;
	}
	printk(KERN_INFO "levitate: %s[%d]: %s at addr %lx", t->comm, t->group->pid, signal_name(sig),
	       (unsigned long)cause->addr);
	if (tracehook_on())
		tracehook->signal_delivered(sig, cause);
	signal_default_fatal(sig, cause);
}

static void force_fault_signal(int sig, int code, u64 addr)
{
	struct signal_cause cause = {.code = code, .pid = 0, .addr = addr};
	force_signal_cause(sig, &cause);
}

void signal_force_seccomp(int nr, int data, u64 pc, bool fatal)
{
	struct signal_cause cause = {.code = SYS_SECCOMP, .addr = pc, .syscall = nr, .sys_errno = data};
	if (fatal) /* Linux's HANDLER_EXIT: no handler, no tracer, the process ends */
		signal_default_fatal(SIGSYS, &cause);
	force_signal_cause(SIGSYS, &cause);
}

static int fault_code(int sig)
{
	switch (sig) {
	case SIGILL: return ILL_ILLOPC;
	case SIGTRAP: return TRAP_BRKPT;
	case SIGFPE: return FPE_FLTINV;
	case SIGBUS: return BUS_ADRALN;
	default: return SEGV_MAPERR;
	}
}

void signal_force(int sig, struct trap_frame *f)
{
	signal_force_code(sig, fault_code(sig), f);
}

void signal_force_code(int sig, int code, struct trap_frame *f)
{
	struct task *t = current();
	t->fault_address = 0;
	force_fault_signal(sig, code, arch_frame_pc(f));
}

void signal_force_fault(int sig, struct trap_frame *f, u64 addr)
{
	struct task *t = current();
	int code = sig == SIGSEGV ? mm_fault_code(t->mm, addr) : fault_code(sig);
	t->fault_address = addr;
	force_fault_signal(sig, code, addr);
}

static void signal_force_bus_code(int code, u64 addr)
{
	current()->fault_address = addr;
	force_fault_signal(SIGBUS, code, addr);
}

static void signal_force_bus_error(struct trap_frame *f, u64 addr)
{
	(void)f;
	signal_force_bus_code(BUS_ADRERR, addr);
}

void signal_page_fault(struct trap_frame *f, u64 addr, int err)
{
	if (err == -ENOMEM)
		oom_kill_for_fault(true); /* proc/oom_kill.c: the worst process dies, this one retries */
	else if (err == -EIO)
		signal_force_bus_error(f, addr);
	else if (err == -EHWPOISON) /* do_sigbus for a poisoned page: "action required" */
		signal_force_bus_code(BUS_MCEERR_AR, addr);
	else
		signal_force_fault(SIGSEGV, f, addr);
}

/* Signals whose default action is to do nothing (signal(7): "Ign"). */
static bool default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

bool signal_handler_ignores(int sig, u64 handler)
{
	return handler == SIG_IGN || (handler == SIG_DFL && default_ignored(sig));
}

void signal_fill_info(struct siginfo_user *info, int sig, const struct signal_cause *cause)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = cause->code;
	if (cause->sigpoll) { /* O_ASYNC (fs/fown.c), even as F_SETSIG's SIGCHLD: band, then fd */
		memcpy(&info->fields.raw[0], &cause->band, sizeof(cause->band));
		memcpy(&info->fields.raw[8], &cause->fd, sizeof(cause->fd));
	} else if (sig == SIGCHLD && cause->code > 0 && cause->code <= CLD_CONTINUED) {
		info->fields.chld.pid = cause->pid;
		info->fields.chld.uid = cause->uid;
		info->fields.chld.status = cause->status;
		info->fields.chld.utime = cause->utime;
		info->fields.chld.stime = cause->stime;
	} else if (cause->code == SI_TIMER) { /* a POSIX timer (proc/timers.c) */
		info->fields.timer.tid = cause->timer_id;
		info->fields.timer.overrun = cause->overrun;
		info->fields.timer.value = cause->value;
	} else if (sig == SIGSYS && cause->code == SYS_SECCOMP) { /* _sigsys: call_addr, syscall, arch */
		info->si_errno = cause->sys_errno;
		u32 arch = AUDIT_ARCH_AARCH64;
		memcpy(&info->fields.raw[0], &cause->addr, sizeof(cause->addr));
		memcpy(&info->fields.raw[8], &cause->syscall, sizeof(cause->syscall));
		memcpy(&info->fields.raw[12], &arch, sizeof(arch));
	} else if (cause->code <= 0) { /* sent by a process: who (and rt_sigqueueinfo's value) */
		info->fields.kill.pid = cause->pid;
		info->fields.kill.uid = cause->uid;
		memcpy(&info->fields.raw[8], &cause->value, sizeof(cause->value));
	} else {
		info->fields.fault.addr = cause->addr;
		if (sig == SIGBUS && (cause->code == BUS_MCEERR_AR || cause->code == BUS_MCEERR_AO)) {
			s16 lsb = PAGE_SHIFT; /* si_addr_lsb: a memory error spoils a whole page */
			memcpy(&info->fields.raw[8], &lsb, sizeof(lsb));
		}
	}
}

/* Runs the handler: builds its frame, then blocks sa_mask (and sig). */
void signal_run_handler(struct trap_frame *f, int sig, struct k_sigaction *ka, const struct signal_cause *cause)
{
	struct task *t = current();
	struct siginfo_user info;
	signal_fill_info(&info, sig, cause);
	/* after rt_sigsuspend, the handler returns to the mask from before it */
	u64 old_blocked = t->restore_sigmask ? t->saved_sigmask : t->blocked_signals;
	t->restore_sigmask = false;
	if (rseq_signal_deliver(f)) /* a section the signal interrupts resumes at its abort address */
		signal_force(SIGSEGV, f);
	if (arch_signal_setup(f, sig, ka, &info, old_blocked)) {
		printk("levitate: %s[%d]: cannot build the frame for %s: killed", t->comm, t->group->pid,
		       signal_name(sig));
		group_exit(SIGSEGV); /* Linux force_sigsegv */
	}
	t->blocked_signals |= ka->mask | ((ka->flags & SA_NODEFER) ? 0 : 1UL << (sig - 1));
	t->blocked_signals &= ~SIGNALS_UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		t->sighand->actions[sig - 1].handler = SIG_DFL;
		spin_unlock_irqrestore(&t->sighand->lock, irq);
	}
}

/* Wakes g's other threads (to leave a group stop). */
static void wake_other_threads(struct thread_group *g, struct task *self)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		if (t != self)
			sched_wake(t);
	spin_unlock_irqrestore(&g->lock, irq);
}

/*
 * The default action of a stop signal (Linux do_signal_stop): the first
 * thread to take it stops the process — the others are sent the same
 * signal and stop too — and its parent hears CLD_STOPPED; every thread
 * then sleeps until SIGCONT (prepare_signal clears g->stopped) or
 * SIGKILL. The thread SIGCONT woke tells the parent CLD_CONTINUED.
 */
static void signal_stop(struct task *t, int sig)
{
	struct thread_group *g = t->group;
	if (ptrace_group_stop(sig))
		return; /* a traced process stops for its tracer, who continues it */
	if (!__atomic_exchange_n(&g->stopped, 1, __ATOMIC_ACQ_REL)) {
		__atomic_store_n(&g->stop_signal, sig, __ATOMIC_RELAXED);
		__atomic_store_n(&g->continued_report, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&g->stop_report, 1, __ATOMIC_RELEASE);
		unsigned long irq = spin_lock_irqsave(&g->lock);
		struct task *other;
		list_for_each_entry(other, &g->threads, group_node)
			if (other != t)
				signal_send_group(other, sig);
		spin_unlock_irqrestore(&g->lock, irq);
		process_notify_job_change(g, CLD_STOPPED, sig);
	}
	for (;;) {
		task_set_state(TASK_INTERRUPTIBLE);
		if (!__atomic_load_n(&g->stopped, __ATOMIC_ACQUIRE) || (t->pending_signals & (1UL << (SIGKILL - 1))))
			break;
		schedule();
	}
	task_set_state(TASK_RUNNING);
	if (__atomic_exchange_n(&g->continue_notify, 0, __ATOMIC_ACQ_REL)) {
		wake_other_threads(g, t);
		process_notify_job_change(g, CLD_CONTINUED, SIGCONT);
	}
}

/* get_signal's rule: SIGTSTP, SIGTTIN and SIGTTOU with the default action
 * are dropped in an orphaned process group (is_current_pgrp_orphaned): no
 * shell of the session could continue it. */
static bool pgrp_orphaned(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	bool orphaned = g->pgrp && process_pgrp_orphaned(g->pgrp);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return orphaned;
}

/*
 * Takes the pending, unblocked signals in order: ignored ones are dropped,
 * default-fatal ones end the process (no return), and the first one with a
 * handler is returned (its number; *ka and *cause filled) for the caller to
 * run. 0: nothing (more) to do. Stop signals stop the process here (but
 * not an orphaned process group, SIGSTOP aside).
 */
int signal_dequeue(struct k_sigaction *ka, struct signal_cause *cause)
{
	struct task *t = current();
	for (;;) {
		if (unlikely(__atomic_load_n(&t->ptrace_trap, __ATOMIC_ACQUIRE)))
			ptrace_do_trap(); /* PTRACE_INTERRUPT, a traced child's first stop */
		u64 pending = signal_pending_set(t) & (~t->blocked_signals | (1UL << (SIGKILL - 1)));
		if (!pending)
			return 0;
		int sig = __builtin_ctzll(pending) + 1;
		struct signal_cause taken;
		if (!signal_take(t, sig, &taken))
			continue; /* another thread took the process's */
		/* a traced process: its tracer sees the signal first and says
		 * which one is delivered, if any (Linux get_signal's ptrace_signal) */
		if (sig != SIGKILL && t->group && (sig = ptrace_signal(sig, &taken)) == 0)
			continue;
		if (tracehook_on() && sig != SIGKILL) /* as strace shows it: ignored ones too */
			tracehook->signal_delivered(sig, &taken);
		*ka = (struct k_sigaction){.handler = SIG_DFL};
		if (sig != SIGKILL && sig != SIGSTOP)
			*ka = action_of(t, sig);
		if (signal_handler_ignores(sig, ka->handler))
			continue;
		/* init: a user signal kept while blocked does nothing by default
		 * (get_signal: SIGNAL_UNKILLABLE, not sig_kernel_only) */
		if (ka->handler == SIG_DFL && t->group && t->group->pid == 1 && taken.code <= 0 && sig != SIGKILL &&
		    sig != SIGSTOP)
			continue;
		if (ka->handler == SIG_DFL && is_stop_signal(sig) && t->group) {
			if (sig == SIGSTOP || !pgrp_orphaned(t->group))
				signal_stop(t, sig);
			continue;
		}
		if (sig == SIGKILL && t->killed_for_exec)
			task_exit(0); /* only this thread: another one is exec'ing */
		if (ka->handler == SIG_DFL)
			signal_default_fatal(sig, &taken);
		*cause = taken;
		return sig;
	}
}

void signal_restore_altstack(const struct stack_t_user *ss, u64 sp)
{
	struct task *t = current();
	if (arch_altstack_flags(t, sp) == 1 /* SS_ONSTACK */)
		return; /* cannot change the stack one is running on */
	if (ss->ss_flags & 2 /* SS_DISABLE */) {
		t->altstack_sp = 0;
		t->altstack_size = 0;
	} else if (ss->ss_size >= arch_min_sigstksz()) {
		t->altstack_sp = ss->ss_sp;
		t->altstack_size = ss->ss_size;
	}
}

int signal_set_temporary_mask(uaddr_t umask, size_t sigsetsize)
{
	if (uaddr_is_null(umask))
		return 0;
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	u64 mask;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	struct task *t = current();
	t->saved_sigmask = t->blocked_signals;
	t->restore_sigmask = true;
	t->blocked_signals = mask & ~SIGNALS_UNBLOCKABLE;
	return 0;
}

void signal_end_temporary_mask(bool interrupted)
{
	if (!interrupted)
		signal_restore_saved_mask();
}

void signal_restore_saved_mask(void)
{
	struct task *t = current();
	if (t->restore_sigmask) {
		t->blocked_signals = t->saved_sigmask;
		t->restore_sigmask = false;
	}
}

/*
 * Signal work on the way back to user mode (Linux's arch_do_signal_or_restart):
 * the next signal whose handler must run, if any, decides what becomes of a
 * system call it interrupted (syscall_restart_decision); the handler then
 * runs with the call's result (EINTR) or with the call rewound. A rewind is
 * the arch's (pc back over the SVC, first argument back in place).
 */
static void do_signal(struct trap_frame *f)
{
	bool in_syscall = arch_in_syscall(f);
	long retval = arch_syscall_return_value(f);
	if (in_syscall)
		arch_syscall_forget(f); /* decided once: a second pass leaves the result alone */
	struct k_sigaction ka = {0};
	struct signal_cause cause;
	int sig = signal_dequeue(&ka, &cause);
	enum syscall_restart action = SYSCALL_RESTART_NONE;
	if (in_syscall)
		action = syscall_restart_decision(retval, sig != 0, (ka.flags & SA_RESTART) != 0);
	switch (action) {
	case SYSCALL_RESTART_NONE: break;
	case SYSCALL_RESTART_AGAIN: arch_syscall_rewind(f); break;
	case SYSCALL_RESTART_BLOCK:
		arch_syscall_rewind(f);
		arch_syscall_set_nr(f, __NR_restart_syscall);
		break;
	case SYSCALL_RESTART_EINTR: arch_syscall_set_return(f, -EINTR); break;
	}
	if (sig) {
		signal_run_handler(f, sig, &ka, &cause);
		return;
	}
	signal_restore_saved_mask();
}

void exit_to_user_mode(struct trap_frame *f)
{
	for (;;) {
		struct task *t = current();
		if (t->need_resched) {
			arch_irq_enable();
			schedule();
			arch_irq_disable();
			continue;
		}
		/* a pending temporary mask (ppoll, pselect6, epoll_pwait) is
		 * ended here too, when no signal came (Linux set_restore_sigmask
		 * raises TIF_SIGPENDING for the same reason) */
		if (task_signal_pending(t) || t->restore_sigmask ||
		    (arch_in_syscall(f) && syscall_is_restart_code(arch_syscall_return_value(f)))) {
			arch_irq_enable();
			do_signal(f);
			arch_irq_disable();
			continue;
		}
		if (t->rseq.resume) {
			arch_irq_enable();
			rseq_notify_resume(f);
			arch_irq_disable();
			continue;
		}
		return;
	}
}
