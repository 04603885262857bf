/*
 * signal.c — signal state and default actions (see signal.h for the scope).
 *
 * Core-dumping default actions (SIGSEGV, SIGILL, ...) report the plain
 * signal in the wait status, as Linux does with RLIMIT_CORE 0 (Debian's
 * default): no 0x80 core flag.
 */
#include <signal.h>

#include <kmalloc.h>
#include <printk.h>
#include <task.h>

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

void sighand_put(struct sighand *sh)
{
	if (sh && __atomic_sub_fetch(&sh->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sh);
}

bool task_signal_pending(struct task *t)
{
	return (t->pending_signals & ~t->blocked_signals) != 0 || (t->pending_signals & (1UL << (SIGKILL - 1)));
}

void signal_send_group(struct task *t, int sig)
{
	__atomic_fetch_or(&t->pending_signals, 1UL << (sig - 1), __ATOMIC_RELAXED);
	sched_wake(t);
}

/* Until handlers are delivered, a synchronous fault ends the process. */
void signal_force(int sig, struct trap_frame *f)
{
	struct task *t = current();
	printk("levitate: %s[%d]: %s at pc %lx", t->comm, t->group->pid, signal_name(sig), (unsigned long)f->pc);
	group_exit(sig);
}

void signal_force_fault(int sig, struct trap_frame *f, u64 addr)
{
	struct task *t = current();
	printk("levitate: %s[%d]: %s at pc %lx addr %lx", t->comm, t->group->pid, signal_name(sig),
	       (unsigned long)f->pc, (unsigned long)addr);
	group_exit(sig);
}

void oom_kill_current(vaddr_t addr)
{
	struct task *t = current();
	printk("levitate: out of memory: killed %s[%d] (fault at %lx)", t->comm, t->group->pid, (unsigned long)addr);
	signal_send_group(t, SIGKILL);
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

/*
 * Acts on the lowest pending, unblocked signal: SIG_IGN and default-ignored
 * signals are dropped, default-fatal ones end the process with that signal
 * in its wait status. A user handler cannot run yet (no signal frames): the
 * process ends as if it had none, and the kernel says so in its log.
 * (Stop signals stop nothing until job control exists.)
 */
void signal_deliver(struct trap_frame *f)
{
	struct task *t = current();
	u64 pending = t->pending_signals & (~t->blocked_signals | (1UL << (SIGKILL - 1)));
	if (!pending)
		return;
	int sig = __builtin_ctzll(pending) + 1;
	__atomic_fetch_and(&t->pending_signals, ~(1UL << (sig - 1)), __ATOMIC_RELAXED);
	u64 handler = SIG_DFL;
	if (t->sighand && sig != SIGKILL && sig != SIGSTOP) {
		unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
		handler = t->sighand->actions[sig - 1].handler;
		spin_unlock_irqrestore(&t->sighand->lock, irq);
	}
	if (signal_handler_ignores(sig, handler))
		return;
	if (handler == SIG_DFL && (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
		return;
	if (handler != SIG_DFL)
		printk("levitate: %s[%d]: %s handler not run: signal delivery not implemented", t->comm, t->group->pid,
		       signal_name(sig));
	group_exit(sig);
}
