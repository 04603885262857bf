/*
 * exit.c — the end of a process and waiting for it (Linux kernel/exit.c).
 *
 * When a process's last thread is gone it becomes a zombie: it keeps its
 * pid (so kill and getpgid still find it) until its parent reaps it with
 * wait4/waitid, or at once when the parent ignores SIGCHLD or set
 * SA_NOCLDWAIT (Linux's autoreap). Its running children get a new parent:
 * the nearest ancestor that is a PR_SET_CHILD_SUBREAPER and still alive,
 * else PID 1 (forget_original_parent); zombies among them are announced to
 * the new parent. Before PID 1 exists (or once it is gone), orphans release
 * themselves when they end.
 *
 * Stopped and continued children are reported to wait4 (WUNTRACED,
 * WCONTINUED) and waitid (WSTOPPED, WCONTINUED) once each (signal.c
 * stops them).
 *
 * The exit of a session leader lets its controlling tty go, and the
 * tty's foreground group gets SIGHUP (Linux disassociate_ctty(1) from
 * do_exit; tty/tty_jobctrl.c). A process group that the exit orphans while it has stopped members is sent
 * SIGHUP and SIGCONT (kill_orphaned_pgrp below), as on Linux.
 *
 * All of it runs under tasklist_lock, which protects the parent/children
 * links (pid.h gives the lock order).
 */
#include <process.h>

#include <cputime.h>
#include <cred.h>
#include <mm.h>
#include <printk.h>
#include <ptrace.h>
#include <signal.h>
#include <task.h>
#include <time.h>
#include <tty.h>
#include <uapi/errno.h>
#include <uapi/wait.h>

/* Reparenting target for g's children (find_new_reaper), NULL: none. */
static struct thread_group *find_reaper(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	for (struct thread_group *p = g->parent; p; p = p->parent)
		if (p->child_subreaper && !p->exited)
			return p;
	struct thread_group *init = pid_find_process(1);
	return init && init->pid == 1 && init != g && !init->exited ? init : NULL;
}

/* The parent ignores SIGCHLD or asked for no zombies (SA_NOCLDWAIT). */
static bool parent_autoreaps(struct thread_group *parent)
{
	bool autoreap = false;
	unsigned long irq = spin_lock_irqsave(&parent->lock);
	struct task *t = thread_group_first_thread(parent);
	if (t && t->sighand) {
		unsigned long irq2 = spin_lock_irqsave(&t->sighand->lock);
		struct k_sigaction *ka = &t->sighand->actions[SIGCHLD - 1];
		autoreap = ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
		spin_unlock_irqrestore(&t->sighand->lock, irq2);
	}
	spin_unlock_irqrestore(&parent->lock, irq);
	return autoreap;
}

void process_exit_cause(struct thread_group *c, struct signal_cause *cause)
{
	int status = c->exit_status;
	int killed = (status & 0x80) ? CLD_DUMPED : CLD_KILLED; /* the core bit: a core was written */
	*cause = (struct signal_cause){.code = (status & 0x7f) ? killed : CLD_EXITED,
				       .status = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff,
				       .pid = c->pid,
				       .uid = c->exit_uid};
	/* do_notify_parent: the time of all its threads, not its children's
	 * (Linux gives its raw tick samples; here the split getrusage and wait4
	 * report, which a missed tick under an emulator does not skew) */
	u64 utime, stime;
	thread_group_cputime_adjusted(c, &utime, &stime);
	cause->utime = (s64)(utime / (NSEC_PER_SEC / HZ));
	cause->stime = (s64)(stime / (NSEC_PER_SEC / HZ));
}

/* do_notify_parent_cldstop: SIGCHLD to `to` unless it ignores it or set
 * SA_NOCLDSTOP; its waiters wake either way. [tasklist_lock] */
void process_notify_cldstop(struct thread_group *to, int pid, u32 uid, int code, int status)
{
	ASSERT_HELD(&tasklist_lock);
	u64 flags = 0, handler = SIG_DFL;
	unsigned long irq = spin_lock_irqsave(&to->lock);
	struct task *t = thread_group_first_thread(to);
	if (t && t->sighand) {
		unsigned long irq2 = spin_lock_irqsave(&t->sighand->lock);
		flags = t->sighand->actions[SIGCHLD - 1].flags;
		handler = t->sighand->actions[SIGCHLD - 1].handler;
		spin_unlock_irqrestore(&t->sighand->lock, irq2);
	}
	spin_unlock_irqrestore(&to->lock, irq);
	if (handler != SIG_IGN && !(flags & SA_NOCLDSTOP)) {
		struct signal_cause cause = {.code = code, .pid = pid, .uid = uid, .status = status};
		thread_group_signal_process(to, SIGCHLD, &cause);
	}
	wake_up_all(&to->child_exit_wait);
}

void process_notify_job_change(struct thread_group *g, int code, int sig)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	if (g->parent) {
		unsigned long irq2 = spin_lock_irqsave(&g->lock);
		struct task *first = thread_group_first_thread(g);
		u32 uid = first && first->cred ? first->cred->uid : 0;
		spin_unlock_irqrestore(&g->lock, irq2);
		process_notify_cldstop(g->parent, g->pid, uid, code, sig);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/*
 * Tells c's parent that c ended (do_notify_parent): its exit signal and a
 * wake-up. Returns true if nobody will reap c, which the caller then
 * releases: no parent, or one that autoreaps.
 */
static bool notify_parent(struct thread_group *c)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *parent = c->parent;
	if (!parent)
		return true;
	bool autoreap = parent_autoreaps(parent);
	/* Linux sends only a valid signal ("if (valid_signal(sig) && sig)"):
	 * clone(2) takes any CSIGNAL byte, 65..255 included. */
	bool valid = c->exit_signal > 0 && c->exit_signal <= NSIG;
	if (valid && !(autoreap && c->exit_signal == SIGCHLD)) {
		struct signal_cause cause;
		process_exit_cause(c, &cause);
		thread_group_signal_process(parent, c->exit_signal, &cause);
	}
	/* keyed with c: only the waiters that select it wake (child_wait_wake) */
	__wake_up(&parent->child_exit_wait, 0, (u64)(uintptr_t)c);
	return autoreap;
}

/* Unlinks the zombie c from its parent, the pid table and its process
 * group and session, and drops the parent's reference (Linux release_task,
 * whose detach_pid takes it out of its group and session at once: a
 * reference kept a little longer, by its last thread until that is freed
 * or by a /proc reader, must not leave it a member kill(-pgrp) or setpgid
 * still finds). [tasklist_lock] */
static void release_zombie(struct thread_group *c)
{
	ptrace_unlink(c); /* traced by its parent (TRACEME) */
	list_del(&c->sibling);
	list_init(&c->sibling);
	thread_group_set_parent(c, NULL);
	thread_group_unhash(c);
	thread_group_leave_pgrp(c);
	thread_group_put_locked(c);
}

/* The same for a zombie nobody will wait for (no parent). [tasklist_lock] */
static void release_orphan(struct thread_group *g)
{
	thread_group_unhash(g);
	thread_group_leave_pgrp(g);
	thread_group_put_locked(g); /* the reference a parent would drop */
}

/*
 * Job control's orphaned process groups (POSIX; Linux kill_orphaned_pgrp):
 * a process group is orphaned when no member has a parent in another group
 * of the same session (a shell that could continue it). When a process's
 * exit (or its parent's) orphans a group that holds stopped processes,
 * they are sent SIGHUP and SIGCONT so that they are not stopped forever.
 * Init (or no parent at all) never counts as such
 * a parent. [tasklist_lock]
 */
static bool will_become_orphaned(struct pid *pgrp, struct thread_group *ignored)
{
	struct thread_group *p;
	list_for_each_entry(p, &pgrp->pgrp_members, pgrp_node) {
		struct thread_group *parent = p->parent;
		if (p == ignored || p->exited || !parent || parent->pid <= 1)
			continue;
		if (parent->pgrp != pgrp && parent->session == p->session)
			return false;
	}
	return true;
}

static bool has_stopped_jobs(struct pid *pgrp)
{
	struct thread_group *p;
	list_for_each_entry(p, &pgrp->pgrp_members, pgrp_node)
		if (__atomic_load_n(&p->stopped, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

bool process_pgrp_orphaned(struct pid *pgrp)
{
	ASSERT_HELD(&tasklist_lock);
	return will_become_orphaned(pgrp, NULL);
}

/* g exits (old_parent NULL), or g's parent old_parent exited. */
static void kill_orphaned_pgrp(struct thread_group *g, struct thread_group *old_parent)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *ignored = old_parent ? NULL : g;
	struct thread_group *parent = old_parent ? old_parent : g->parent;
	if (!parent || parent->pgrp == g->pgrp || parent->session != g->session)
		return;
	if (!will_become_orphaned(g->pgrp, ignored) || !has_stopped_jobs(g->pgrp))
		return;
	struct signal_cause cause = {.code = SI_KERNEL};
	struct thread_group *p;
	list_for_each_entry(p, &g->pgrp->pgrp_members, pgrp_node)
		thread_group_signal_process(p, SIGHUP, &cause);
	list_for_each_entry(p, &g->pgrp->pgrp_members, pgrp_node)
		thread_group_signal_process(p, SIGCONT, &cause);
}

/*
 * The parent-death signals of c's threads (prctl PR_SET_PDEATHSIG), each sent
 * to the process c as Linux's forget_original_parent sends them
 * (group_send_sig_info with SEND_SIG_NOINFO: SI_USER from the exiting
 * parent). Parents are processes here, so this happens when the parent
 * process exits, not when the parent thread does. [tasklist_lock]
 */
static void send_pdeath_signals(struct thread_group *c, struct thread_group *parent)
{
	ASSERT_HELD(&tasklist_lock);
	u64 signals = 0;
	unsigned long irq = spin_lock_irqsave(&c->lock);
	struct task *t;
	list_for_each_entry(t, &c->threads, group_node) {
		int sig = __atomic_load_n(&t->pdeath_signal, __ATOMIC_RELAXED);
		if (sig > 0)
			signals |= 1UL << (sig - 1);
	}
	spin_unlock_irqrestore(&c->lock, irq);
	struct task *self = current();
	struct signal_cause cause = {.code = SI_USER, .pid = parent->pid, .uid = self->cred ? self->cred->uid : 0};
	for (int sig = 1; sig <= NSIG; sig++)
		if (signals & (1UL << (sig - 1)))
			thread_group_signal_process(c, sig, &cause);
}

/* g's children go to the reaper (or become parentless orphans). */
static void forget_children(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *reaper = find_reaper(g);
	struct thread_group *c, *tmp;
	list_for_each_entry_safe(c, tmp, &g->children, sibling) {
		list_del(&c->sibling);
		if (!reaper) {
			list_init(&c->sibling);
			thread_group_set_parent(c, NULL);
			if (c->exited) {
				/* the parent's reference: nobody will wait (a deferred
				 * exit drops it when its tracer has seen it) */
				if (!c->ptrace_exit_report)
					release_orphan(c);
				continue;
			}
			send_pdeath_signals(c, g);
			kill_orphaned_pgrp(c, g);
			continue;
		}
		thread_group_set_parent(c, reaper);
		if (!c->exited)
			send_pdeath_signals(c, g); /* after the new parent is set, as Linux's reparent */
		list_add_tail(&c->sibling, &reaper->children);
		c->exit_signal = SIGCHLD; /* reparent_leader: "we don't want people slaying init" */
		if (c->exited && !c->ptrace_exit_report && notify_parent(c)) {
			release_zombie(c);
			continue;
		}
		kill_orphaned_pgrp(c, g);
	}
}

void process_exited(struct thread_group *g)
{
	tty_session_leader_exit(g);
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	/* A zombie to wait4 only now, under the lock its notification is sent
	 * under (Linux's exit_notify sets EXIT_ZOMBIE and signals the parent in
	 * one tasklist_lock section): a parent on another CPU that saw it
	 * earlier reaped it before its SIGCHLD was queued, and never got one. */
	g->exited = true;
	ptrace_tracer_exit(g);
	forget_children(g);
	kill_orphaned_pgrp(g, NULL);
	g->vfork_done = true;
	if (g->own_pid)
		wake_up_all(&g->own_pid->exit_wait); /* pidfds poll readable */
	if (!ptrace_exit_notify_tracer(g))	     /* else its tracer hears of it first */
		process_exit_report(g);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

void process_exit_report(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	bool orphan = !g->parent;
	if (notify_parent(g)) {
		if (!orphan)
			release_zombie(g);
		else if (g->pid != 0)
			release_orphan(g);
	}
}

/* ---- wait4, waitid ----------------------------------------------------- */

/* Whether q's P_ALL / P_PID / P_PGID selects c (Linux eligible_pid).
 * [tasklist_lock] */
static bool wait_selects(const struct wait_query *q, const struct thread_group *c)
{
	switch (q->which) {
	case P_ALL: return true;
	case P_PID: return c->own_pid == q->pid;
	case P_PGID: return c->pgrp == q->pid;
	default: return false;
	}
}

static bool wait_matches(const struct wait_query *q, struct thread_group *c)
{
	/* eligible_child: a "clone child" (exit signal other than SIGCHLD) is
	 * waited for only with __WCLONE, the others only without; __WALL: both */
	if (!(q->options & __WALL) && ((c->exit_signal != SIGCHLD) != !!(q->options & __WCLONE)))
		return false;
	return wait_selects(q, c);
}

/* A child that stopped (WSTOPPED) or continued (WCONTINUED) and has not
 * told a waiter yet: fills q (wait_task_stopped, wait_task_continued);
 * WNOWAIT leaves the news for the next waiter. [tasklist_lock] */
static bool job_change_reported(struct wait_query *q, struct thread_group *c)
{
	bool keep = q->options & WNOWAIT;
	int sig = __atomic_load_n(&c->stop_signal, __ATOMIC_RELAXED);
	if ((q->options & WSTOPPED) && __atomic_load_n(&c->stop_report, __ATOMIC_ACQUIRE) &&
	    (keep || __atomic_exchange_n(&c->stop_report, 0, __ATOMIC_ACQ_REL))) {
		q->status = (sig << 8) | 0x7f;
		q->cause = (struct signal_cause){.code = CLD_STOPPED, .pid = c->pid, .status = sig};
	} else if ((q->options & WCONTINUED) && __atomic_load_n(&c->continued_report, __ATOMIC_ACQUIRE) &&
		   (keep || __atomic_exchange_n(&c->continued_report, 0, __ATOMIC_ACQ_REL))) {
		q->status = 0xffff;
		q->cause = (struct signal_cause){.code = CLD_CONTINUED, .pid = c->pid, .status = SIGCONT};
	} else {
		return false;
	}
	unsigned long irq = spin_lock_irqsave(&c->lock);
	struct task *t = thread_group_first_thread(c);
	q->cause.uid = t && t->cred ? t->cred->uid : 0;
	struct mm *mm = t ? t->mm : NULL; /* [tasklist_lock]: it stays while we hold it */
	spin_unlock_irqrestore(&c->lock, irq);
	cputime_with_children(c, &q->utime_ns, &q->stime_ns, &q->counts);
	if (mm) { /* a live child: its address space's high-water mark too */
		u64 now = mm_hiwater_rss(mm);
		if (now > q->counts.maxrss)
			q->counts.maxrss = now;
	}
	return true;
}

/*
 * One pass over q->parent's children: fills q and reaps (unless WNOWAIT)
 * an exited match. Returns its pid, 0 if matches exist but none exited,
 * -ECHILD if none match.
 */
static int wait_scan(struct wait_query *q)
{
	struct thread_group *c, *found = NULL;
	bool any = false;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(c, &q->parent->children, sibling) {
		if (!wait_matches(q, c))
			continue;
		any = true;
		if (c->ptrace_exit_report)
			continue; /* its tracer sees its exit first */
		if (c->exited && (q->options & WEXITED)) {
			found = c;
			break;
		}
		if (!c->exited && job_change_reported(q, c)) {
			spin_unlock_irqrestore(&tasklist_lock, irq);
			return c->pid;
		}
	}
	if (!found) { /* the processes it traces */
		int traced = ptrace_wait_scan(q, &any, false);
		if (traced) {
			spin_unlock_irqrestore(&tasklist_lock, irq);
			return traced;
		}
	}
	int ret = any ? 0 : -ECHILD;
	if (found) {
		ret = found->pid;
		q->status = found->exit_status;
		process_exit_cause(found, &q->cause);
		cputime_with_children(found, &q->utime_ns, &q->stime_ns, &q->counts);
		if (!(q->options & WNOWAIT)) {
			cputime_add_children(q->parent, q->utime_ns, q->stime_ns, &q->counts);
			release_zombie(found);
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (found && !(q->options & WNOWAIT) && q->parent->pid == 1)
		init_reaped(ret); /* the leak check's free page count */
	return ret;
}

/*
 * A wait4/waitid sleeper on its process's child_exit_wait (Linux's
 * child_wait_callback): a child's exit wakes the queue keyed with that
 * child (notify_parent), and only the sleepers whose selection takes it
 * wake — of several threads each waiting for its own child, only the one
 * whose child ended. Keyless wake-ups (stops, continues, ptrace, vfork,
 * exec) wake every sleeper. Called with the queue's lock held, and the
 * waker holds tasklist_lock (notify_parent), which wait_selects needs.
 */
struct child_waiter {
	struct wait_entry entry;
	const struct wait_query *q;
};

static int child_wait_wake(struct wait_entry *e, unsigned mode, int flags, u64 key)
{
	struct child_waiter *w = container_of(e, struct child_waiter, entry);
	const struct thread_group *c = (const struct thread_group *)(uintptr_t)key;
	if (c && !wait_selects(w->q, c))
		return 0;
	return default_wake_function(e, mode, flags, key);
}

int process_wait(struct wait_query *q)
{
	struct child_waiter w = {.entry = {.node = {NULL, NULL}, .func = child_wait_wake}, .q = q};
	for (;;) {
		int ret = wait_scan(q);
		if (ret != 0 || (q->options & WNOHANG))
			return ret;
		int err = wait_event_interruptible_entry(&q->parent->child_exit_wait, &w.entry, wait_scan_ready(q));
		if (err)
			return err;
	}
}

/* Would wait_scan find something (or nothing to wait for) now? */
bool wait_scan_ready(struct wait_query *q)
{
	struct thread_group *c;
	bool ready = false, any = false;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(c, &q->parent->children, sibling) {
		if (!wait_matches(q, c))
			continue;
		any = true;
		ready |= c->exited && !c->ptrace_exit_report && (q->options & WEXITED);
		ready |= (q->options & WSTOPPED) && __atomic_load_n(&c->stop_report, __ATOMIC_ACQUIRE);
		ready |= (q->options & WCONTINUED) && __atomic_load_n(&c->continued_report, __ATOMIC_ACQUIRE);
	}
	ready |= ptrace_wait_scan(q, &any, true) != 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ready || !any;
}
