/*
 * ptrace.c — process tracing (Linux kernel/ptrace.c, the ptrace parts of
 * kernel/signal.c and kernel/exit.c; man 2 ptrace). docs/ptrace.md has
 * the whole picture.
 *
 * The link: a traced process (thread_group) has a tracer process
 * (ptracer) and is on its ptraced list; the tracer holds a reference.
 * PTRACE_TRACEME makes the parent the tracer, PTRACE_ATTACH (with a
 * SIGSTOP) and PTRACE_SEIZE (without) the caller, after Linux's
 * __ptrace_may_access with Yama off. The link goes with PTRACE_DETACH,
 * the tracee's reaping, or the tracer's exit (PTRACE_O_EXITKILL then
 * kills the tracee). Linux links threads; here the whole process is
 * traced and each of its threads makes its own stops.
 *
 * The stops (ptrace_stop): a traced thread records a code (Linux's
 * exit_code: the wait status's high byte and the event), tells its tracer
 * (SIGCHLD with CLD_TRAPPED or CLD_STOPPED, and a wake-up of its wait
 * queue) and sleeps until the tracer resumes it or SIGKILL comes. It stops
 *   - at the delivery of each signal but SIGKILL (ptrace_signal): the
 *     tracer's CONT/SYSCALL/DETACH data is the signal then delivered;
 *   - at a group stop (ptrace_group_stop), PTRACE_EVENT_STOP if seized;
 *   - at system-call entry and exit after PTRACE_SYSCALL (x7 = 0 or 1 as
 *     on arm64; SIGTRAP | 0x80 with PTRACE_O_TRACESYSGOOD);
 *   - at the events its options ask for (fork, vfork, clone, exec, exit,
 *     vfork done), with PTRACE_GETEVENTMSG's message;
 *   - after PTRACE_INTERRUPT, and a new child of a seized tracee at its
 *     start (PTRACE_EVENT_STOP).
 * An execve of a traced process without PTRACE_O_TRACEEXEC sends it
 * SIGTRAP (not when seized). The tracer's wait4/waitid sees the stops of
 * every process it traces (proc/exit.c calls ptrace_wait_scan), and the
 * exit of a tracee that is not its child before the real parent does.
 *
 * Requests other than KILL and INTERRUPT need the tracee in a stop
 * (ptrace_check_attach; else ESRCH); while one runs the tracee is frozen,
 * so not even SIGKILL frees it under the tracer's feet.
 *
 * Locking: all ptrace state is [tasklist_lock] (ptrace.h); a stopping
 * thread sets its stop under it, and the tracer changes it under it.
 */
#include <ptrace.h>

#include <arch.h>
#include <cred.h>
#include <mm.h>
#include <pid.h>
#include <process.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <uapi/ptrace.h>
#include <uapi/sched.h>
#include <uapi/signal.h>
#include <uapi/wait.h>

#define PTRACE_EVENTMSG_SYSCALL_ENTRY 1 /* Linux include/linux/ptrace.h */

static u32 task_uid(struct task *t)
{
	return t->cred ? t->cred->uid : 0;
}

/* The real uid of process g (its first live thread's). [tasklist_lock] */
static u32 group_uid(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	struct task *t = thread_group_first_thread(g);
	u32 uid = t ? task_uid(t) : 0;
	spin_unlock_irqrestore(&g->lock, irq);
	return uid;
}

bool ptrace_may_access(struct thread_group *target, const struct cred *tc)
{
	ASSERT_HELD(&tasklist_lock);
	if (target == current()->group)
		return true;
	const struct cred *c = cred_current();
	bool ids = tc && c->uid == tc->uid && c->uid == tc->euid && c->uid == tc->suid && c->gid == tc->gid &&
		   c->gid == tc->egid && c->gid == tc->sgid;
	return (ids && target->dumpable) || capable(CAP_SYS_PTRACE);
}

int ptrace_tracer_pid(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	return g->ptracer ? g->ptracer->pid : 0;
}

/* ---- the link ---------------------------------------------------------- */

static void ptrace_link(struct thread_group *g, struct thread_group *tracer, unsigned flags)
{
	ASSERT_HELD(&tasklist_lock);
	thread_group_get(g);
	g->ptracer = tracer;
	g->ptrace = flags | PT_PTRACED;
	list_add_tail(&g->ptrace_node, &tracer->ptraced);
}

void ptrace_unlink(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	if (!g->ptracer)
		return;
	list_del(&g->ptrace_node);
	list_init(&g->ptrace_node);
	g->ptracer = NULL;
	g->ptrace = 0;
	g->ptrace_exit_report = false;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node) {
		t->ptrace_syscall = false;
		__atomic_store_n(&t->ptrace_trap, 0, __ATOMIC_RELEASE);
		if (t->ptrace_stop) { /* goes on with the signal DETACH gave, else none */
			arch_ptrace_single_step(t, false);
			__atomic_store_n(&t->ptrace_stop->stopped, false, __ATOMIC_RELEASE);
			sched_wake(t);
		}
	}
	spin_unlock_irqrestore(&g->lock, irq);
	thread_group_put_locked(g);
}

void ptrace_tracer_exit(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *c, *next;
	list_for_each_entry_safe(c, next, &g->ptraced, ptrace_node) {
		bool kill = (c->ptrace & PTRACE_O_EXITKILL) && !c->exited;
		bool deferred = c->ptrace_exit_report;
		thread_group_get(c);
		ptrace_unlink(c);
		if (kill) {
			struct signal_cause cause = {.code = SI_KERNEL};
			thread_group_signal_process(c, SIGKILL, &cause);
		}
		if (deferred) /* its parent hears of its exit now */
			process_exit_report(c);
		thread_group_put_locked(c);
	}
}

bool ptrace_exit_notify_tracer(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *tracer = g->ptracer;
	if (!tracer || tracer == g->parent)
		return false;
	g->ptrace_exit_report = true;
	struct signal_cause cause;
	process_exit_cause(g, &cause);
	thread_group_signal_process(tracer, SIGCHLD, &cause);
	wake_up_all(&tracer->child_exit_wait);
	return true;
}

/* ---- the stops --------------------------------------------------------- */

/* The siginfo of a stop that is no signal's (Linux ptrace_do_notify). */
static void stop_info(struct siginfo_user *info, int sig, int code)
{
	struct task *t = current();
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->fields.kill.pid = t->tid;
	info->fields.kill.uid = task_uid(t);
}

/*
 * current() stops with code (Linux ptrace_stop) until its tracer resumes
 * it or SIGKILL comes (unless a request has it frozen). Returns the signal
 * the tracer resumed it with, or -1 if it did not stop: not traced, or
 * SIGKILL pending. *info_set (if asked): SETSIGINFO rewrote *info.
 */
static int ptrace_stop(int code, int why, u64 message, struct siginfo_user *info, bool *info_set)
{
	struct task *t = current();
	struct ptrace_stop st = {.code = code, .why = why, .stopped = true, .message = message, .info = info};
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *tracer = t->group ? t->group->ptracer : NULL;
	if (!tracer || task_fatal_signal_pending(t)) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return -1;
	}
	t->ptrace_stop = &st;
	process_notify_cldstop(tracer, t->tid, task_uid(t), why, code & 0x7f);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	for (;;) {
		task_set_state(TASK_INTERRUPTIBLE);
		/* a request in flight holds it here whatever happens (unfreeze) */
		bool go = !__atomic_load_n(&st.stopped, __ATOMIC_ACQUIRE) || task_fatal_signal_pending(t);
		if (go && !__atomic_load_n(&st.frozen, __ATOMIC_ACQUIRE))
			break;
		schedule();
	}
	task_set_state(TASK_RUNNING);
	irq = spin_lock_irqsave(&tasklist_lock);
	t->ptrace_stop = NULL;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	arch_ptrace_step_sync(); /* SINGLESTEP (or not) on the CPU it returns from */
	if (info_set)
		*info_set = st.info_set;
	return st.resume;
}

/* The cause a siginfo the tracer wrote (SETSIGINFO) stands for. */
static void cause_from_info(const struct siginfo_user *info, struct signal_cause *cause)
{
	*cause = (struct signal_cause){.code = info->si_code};
	if (info->si_code <= 0) {
		cause->pid = info->fields.kill.pid;
		cause->uid = info->fields.kill.uid;
		memcpy(&cause->value, &info->fields.raw[8], sizeof(cause->value));
	} else {
		cause->addr = info->fields.fault.addr;
	}
}

int ptrace_signal(int sig, struct signal_cause *cause)
{
	struct task *t = current();
	if (!__atomic_load_n(&t->group->ptracer, __ATOMIC_ACQUIRE))
		return sig;
	struct siginfo_user info;
	signal_fill_info(&info, sig, cause);
	bool info_set;
	int resumed = ptrace_stop(sig, CLD_TRAPPED, 0, &info, &info_set);
	if (resumed < 0)
		return sig;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *tracer = t->group->ptracer;
	int tracer_pid = tracer ? tracer->pid : 0;
	u32 tracer_uid = tracer ? group_uid(tracer) : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!resumed)
		return 0;   /* the tracer cancelled it */
	if (resumed != sig) /* another signal: sent by the tracer (Linux ptrace_signal) */
		*cause = (struct signal_cause){.code = SI_USER, .pid = tracer_pid, .uid = tracer_uid};
	else if (info_set)
		cause_from_info(&info, cause);
	if (t->blocked_signals & (1UL << (resumed - 1))) { /* blocked now: pending again */
		(void)signal_send_info(t, resumed, cause);
		return 0;
	}
	return resumed;
}

bool ptrace_group_stop(int sig)
{
	struct task *t = current();
	unsigned flags = __atomic_load_n(&t->group->ptrace, __ATOMIC_ACQUIRE);
	if (!(flags & PT_PTRACED))
		return false;
	if (!(flags & PT_SEIZED))
		return ptrace_stop(sig, CLD_STOPPED, 0, NULL, NULL) >= 0;
	struct siginfo_user info;
	int code = sig | (PTRACE_EVENT_STOP << 8);
	stop_info(&info, sig, code);
	return ptrace_stop(code, CLD_STOPPED, 0, &info, NULL) >= 0;
}

void ptrace_do_trap(void)
{
	struct task *t = current();
	int trap = __atomic_exchange_n(&t->ptrace_trap, 0, __ATOMIC_ACQ_REL);
	if (trap == PTRACE_TRAP_SIGSTOP) { /* Linux ptrace_init_task: SIGSTOP pending from the start */
		struct signal_cause cause = {.code = SI_USER};
		(void)signal_send_info(t, SIGSTOP, &cause);
	} else if (trap == PTRACE_TRAP_STOP) {
		struct siginfo_user info;
		int code = SIGTRAP | (PTRACE_EVENT_STOP << 8);
		stop_info(&info, SIGTRAP, code);
		(void)ptrace_stop(code, CLD_STOPPED, 0, &info, NULL);
	}
}

bool ptrace_event_enabled(int event)
{
	struct task *t = current();
	unsigned flags = t->group ? __atomic_load_n(&t->group->ptrace, __ATOMIC_ACQUIRE) : 0;
	return (flags & PT_PTRACED) && (flags & (1u << event));
}

void ptrace_event(int event, u64 message)
{
	struct task *t = current();
	if (!t->group || !(__atomic_load_n(&t->group->ptrace, __ATOMIC_ACQUIRE) & (1u << event)))
		return;
	struct siginfo_user info;
	int code = SIGTRAP | (event << 8);
	stop_info(&info, SIGTRAP, code);
	(void)ptrace_stop(code, CLD_TRAPPED, message, &info, NULL); /* a signal given here is ignored, as Linux */
}

void ptrace_exit_event(int wait_status)
{
	ptrace_event(PTRACE_EVENT_EXIT, (u64)wait_status);
}

void ptrace_exec(int old_tid)
{
	struct task *t = current();
	unsigned flags = __atomic_load_n(&t->group->ptrace, __ATOMIC_ACQUIRE);
	if (!(flags & PT_PTRACED))
		return;
	if (flags & PTRACE_O_TRACEEXEC) {
		ptrace_event(PTRACE_EVENT_EXEC, (u64)old_tid);
	} else if (!(flags & PT_SEIZED)) { /* send_sig(SIGTRAP, current, 0) */
		struct signal_cause cause = {.code = SI_USER, .pid = t->group->pid, .uid = task_uid(t)};
		(void)signal_send_info(t, SIGTRAP, &cause);
	}
}

int ptrace_clone(struct thread_group *child, struct task *child_task, u64 flags, u64 exit_signal)
{
	struct task *self = current();
	unsigned pflags = __atomic_load_n(&self->group->ptrace, __ATOMIC_ACQUIRE);
	if (!(pflags & PT_PTRACED) || (flags & CLONE_UNTRACED))
		return 0;
	int event = (flags & CLONE_VFORK)    ? PTRACE_EVENT_VFORK
		    : exit_signal != SIGCHLD ? PTRACE_EVENT_CLONE
					     : PTRACE_EVENT_FORK;
	if (!(pflags & (1u << event)))
		return 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *tracer = self->group->ptracer;
	if (tracer) {
		if (child) /* a thread is traced with its process already */
			ptrace_link(child, tracer, pflags);
		child_task->ptrace_trap = (pflags & PT_SEIZED) ? PTRACE_TRAP_STOP : PTRACE_TRAP_SIGSTOP;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return tracer ? event : 0;
}

/* ---- system-call stops ------------------------------------------------- */

bool ptrace_syscall_traced(struct task *t)
{
	return __atomic_load_n(&t->ptrace_syscall, __ATOMIC_RELAXED);
}

/* Linux arch/arm64/kernel/ptrace.c ptrace_report_syscall: x7 says entry (0)
 * or exit (1) during the stop; a signal the tracer gives is sent. */
static void report_syscall(struct trap_frame *f, u64 dir)
{
	struct task *t = current();
	unsigned flags = __atomic_load_n(&t->group->ptrace, __ATOMIC_ACQUIRE);
	int code = SIGTRAP | ((flags & PTRACE_O_TRACESYSGOOD) ? 0x80 : 0);
	struct siginfo_user info;
	stop_info(&info, SIGTRAP, code);
	u64 saved = arch_ptrace_syscall_mark(f, dir);
	int sig = ptrace_stop(code, CLD_TRAPPED, PTRACE_EVENTMSG_SYSCALL_ENTRY + dir, &info, NULL);
	arch_ptrace_syscall_mark(f, saved);
	if (sig > 0) { /* send_sig(sig, current, 1): from the kernel */
		struct signal_cause cause = {.code = SI_KERNEL};
		(void)signal_send_info(t, sig, &cause);
	}
}

u64 ptrace_syscall_enter(struct trap_frame *f)
{
	report_syscall(f, 0);
	if (task_fatal_signal_pending(current()))
		arch_syscall_forget(f); /* killed during the stop: the call is not made */
	return arch_syscall_current_nr(f);
}

void ptrace_syscall_exit(struct trap_frame *f)
{
	if (ptrace_syscall_traced(current()))
		report_syscall(f, 1);
}

/* ---- wait -------------------------------------------------------------- */

static bool tracee_matches(const struct wait_query *q, struct thread_group *g)
{
	switch (q->which) {
	case P_ALL: return true;
	case P_PID: return g->own_pid == q->pid || (q->pid->task && q->pid->task->group == g);
	case P_PGID: return g->pgrp == q->pid;
	default: return false;
	}
}

/* A thread of g in a stop not reported yet (that one if q names a thread). [tasklist_lock] */
static struct task *stopped_thread(const struct wait_query *q, struct thread_group *g)
{
	struct task *found = NULL, *t;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	list_for_each_entry(t, &g->threads, group_node) {
		if (q->which == P_PID && g->own_pid != q->pid && t->pid != q->pid)
			continue;
		if (t->ptrace_stop && t->ptrace_stop->code) {
			found = t;
			break;
		}
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return found;
}

/* The deferred exit of g reported to its tracer (Linux wait_task_zombie of
 * a ptrace child that is not ours): the parent's turn then. */
static int report_exit(struct wait_query *q, struct thread_group *g)
{
	int pid = g->pid;
	q->status = g->exit_status;
	process_exit_cause(g, &q->cause);
	if (!(q->options & WNOWAIT)) {
		thread_group_get(g);
		ptrace_unlink(g);
		process_exit_report(g);
		thread_group_put_locked(g);
	}
	return pid;
}

int ptrace_wait_scan(struct wait_query *q, bool *any, bool peek)
{
	ASSERT_HELD(&tasklist_lock);
	struct thread_group *g;
	list_for_each_entry(g, &q->parent->ptraced, ptrace_node) {
		if (!tracee_matches(q, g))
			continue;
		*any = true;
		if (g->exited) { /* a child of ours is reaped through the children list */
			if (!g->ptrace_exit_report || !(q->options & WEXITED))
				continue;
			return peek ? g->pid : report_exit(q, g);
		}
		struct task *t = stopped_thread(q, g);
		if (!t)
			continue;
		if (peek)
			return t->tid;
		/* wait_task_stopped with ptrace: reported whatever WSTOPPED says */
		struct ptrace_stop *st = t->ptrace_stop;
		q->status = (st->code << 8) | 0x7f;
		q->cause =
			(struct signal_cause){.code = st->why, .pid = t->tid, .uid = task_uid(t), .status = st->code};
		if (!(q->options & WNOWAIT))
			st->code = 0;
		return t->tid;
	}
	return 0;
}

/* ---- ptrace(2) --------------------------------------------------------- */

static long ptrace_traceme(void)
{
	struct thread_group *g = current()->group;
	long err = -EPERM;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	if (!g->ptracer && g->parent && !g->parent->exited) {
		ptrace_link(g, g->parent, 0);
		err = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return err;
}

/* PTRACE_ATTACH and PTRACE_SEIZE (Linux ptrace_attach). */
static long ptrace_attach(int tid, bool seize, u64 addr, u64 options)
{
	if (seize && (addr || (options & ~(u64)PTRACE_O_MASK)))
		return -EIO;
	struct task *self = current();
	long err = -ESRCH;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = pid_find_task(tid);
	if (!t || !t->group)
		goto out_unlock;
	struct thread_group *g = t->group;
	err = -EPERM;
	if (g == self->group || g->exited || g->group_exiting || g->ptracer || !ptrace_may_access(g, t->cred))
		goto out_unlock;
	ptrace_link(g, self->group, seize ? PT_SEIZED | (unsigned)options : 0);
	if (!seize) { /* send_sig_info(SIGSTOP, SEND_SIG_PRIV, task) */
		struct signal_cause cause = {.code = SI_KERNEL};
		(void)signal_send_info(t, SIGSTOP, &cause);
	}
	err = 0;
out_unlock:
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return err;
}

/*
 * The thread tid that current() traces (Linux ptrace_check_attach): in a
 * stop, and then frozen there for the request (stopped_tracee; KILL and
 * INTERRUPT take any state, under the lock). NULL: -ESRCH.
 */
/* The thread tid if current() traces it, else NULL. [tasklist_lock] */
static struct task *find_tracee(int tid)
{
	ASSERT_HELD(&tasklist_lock);
	struct task *t = pid_find_task(tid);
	return t && t->group && t->group->ptracer == current()->group ? t : NULL;
}

static struct task *stopped_tracee(int tid)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_tracee(tid);
	if (t && t->ptrace_stop && t->ptrace_stop->stopped)
		__atomic_store_n(&t->ptrace_stop->frozen, true, __ATOMIC_RELEASE);
	else
		t = NULL;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return t;
}

static void unfreeze(struct task *t)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	__atomic_store_n(&t->ptrace_stop->frozen, false, __ATOMIC_RELEASE); /* it cannot have left */
	spin_unlock_irqrestore(&tasklist_lock, irq);
	sched_wake(t); /* a SIGKILL that came meanwhile */
}

/* CONT, SYSCALL, SINGLESTEP (one instruction, then SIGTRAP), DETACH: on
 * with signal data (0: none). */
static long ptrace_resume(struct task *t, long request, u64 data)
{
	if (data > NSIG)
		return -EIO; /* valid_signal */
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	t->ptrace_stop->resume = (int)data;
	arch_ptrace_single_step(t, request == PTRACE_SINGLESTEP); /* frozen: switched out */
	if (request == PTRACE_DETACH) {
		ptrace_unlink(t->group);
	} else {
		t->ptrace_syscall = request == PTRACE_SYSCALL;
		__atomic_store_n(&t->ptrace_stop->stopped, false, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

/* The tracee's address space, a reference (NULL once it has none). */
static struct mm *tracee_mm(struct task *t)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct mm *mm = t->mm;
	if (mm)
		mm_get(mm);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return mm;
}

/* PEEKTEXT/PEEKDATA (the word goes to *data) and POKETEXT/POKEDATA
 * (generic_ptrace_peekdata/pokedata): EIO when the tracee's memory cannot
 * be read or written there. */
static long ptrace_peek_poke(struct task *t, bool poke, u64 addr, u64 data)
{
	struct mm *mm = tracee_mm(t);
	if (!mm)
		return -EIO;
	u64 word = data;
	int err = poke ? vm_write_forced(mm, addr, &word, sizeof(word)) : vm_copy_from(mm, &word, addr, sizeof(word));
	mm_put(mm);
	if (err)
		return -EIO;
	return poke || !put_user_u64(uaddr_from(data), word) ? 0 : -EFAULT;
}

/* GETREGSET, SETREGSET (Linux ptrace_regset): the length must be whole
 * elements, is cut to the set's size and written back. */
static long ptrace_regset(struct task *t, bool set, unsigned nt, uaddr_t uiov)
{
	struct iovec_user iov;
	if (copy_from_user(&iov, uiov, sizeof(iov)))
		return -EFAULT;
	size_t elem, total;
	if (arch_regset_size(nt, &elem, &total) || iov.iov_len % elem)
		return -EINVAL;
	u64 buf[68]; /* the largest set: user_fpsimd_state, 528 bytes */
	CHECK(total <= sizeof(buf));
	size_t n = MIN(iov.iov_len, total);
	arch_regset_get(t, nt, buf);
	if (!set && copy_to_user(uaddr_from(iov.iov_base), buf, n))
		return -EFAULT;
	if (set && copy_from_user(buf, uaddr_from(iov.iov_base), n))
		return -EFAULT;
	if (set && arch_regset_set(t, nt, buf))
		return -EINVAL;
	return put_user_u64(uaddr_add(uiov, offsetof(struct iovec_user, iov_len)), n) ? -EFAULT : 0;
}

static long ptrace_siginfo(struct task *t, bool set, uaddr_t uinfo)
{
	struct siginfo_user info;
	if (set && copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	long err = -EINVAL; /* no siginfo in this stop */
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct ptrace_stop *st = t->ptrace_stop; /* frozen in its stop: its stack stays */
	if (st->info) {
		if (set) {
			*st->info = info;
			st->info_set = true;
		} else {
			info = *st->info;
		}
		err = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!err && !set && copy_to_user(uinfo, &info, sizeof(info)))
		err = -EFAULT;
	return err;
}

static long ptrace_setoptions(struct task *t, u64 data)
{
	if (data & ~(u64)PTRACE_O_MASK)
		return -EINVAL;
	/* turning seccomp off in the tracee is a checkpointer's, who is
	 * under no seccomp itself (kernel/ptrace.c ptrace_setoptions) */
	if ((data & PTRACE_O_SUSPEND_SECCOMP) &&
	    (!capable(CAP_SYS_ADMIN) || __atomic_load_n(&current()->seccomp_mode, __ATOMIC_RELAXED)))
		return -EPERM;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g = t->group;
	g->ptrace = (g->ptrace & (PT_PTRACED | PT_SEIZED)) | (unsigned)data;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

/* The requests on a stopped, frozen tracee (Linux ptrace_request and
 * arm64's arch_ptrace). PEEKUSR, POKEUSR and GETREGS are EIO on arm64. */
static long ptrace_stopped_request(struct task *t, long request, u64 addr, u64 data)
{
	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA: return ptrace_peek_poke(t, false, addr, data);
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA: return ptrace_peek_poke(t, true, addr, data);
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
	case PTRACE_DETACH: return ptrace_resume(t, request, data);
	case PTRACE_SETOPTIONS: return ptrace_setoptions(t, data);
	case PTRACE_GETEVENTMSG: return put_user_u64(uaddr_from(data), t->ptrace_stop->message) ? -EFAULT : 0;
	case PTRACE_GETSIGINFO: return ptrace_siginfo(t, false, uaddr_from(data));
	case PTRACE_SETSIGINFO: return ptrace_siginfo(t, true, uaddr_from(data));
	case PTRACE_GETREGSET: return ptrace_regset(t, false, (unsigned)addr, uaddr_from(data));
	case PTRACE_SETREGSET: return ptrace_regset(t, true, (unsigned)addr, uaddr_from(data));
	default: return -EIO;
	}
}

/* KILL and INTERRUPT: the tracee need not be stopped. */
static long ptrace_any_state_request(int tid, long request)
{
	long err = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_tracee(tid);
	if (!t) {
		err = -ESRCH;
	} else if (request == PTRACE_KILL) { /* Linux 6.1: send_sig_info(SIGKILL, SEND_SIG_NOINFO, child) */
		struct task *self = current();
		struct signal_cause cause = {.code = SI_USER, .pid = self->group->pid, .uid = task_uid(self)};
		(void)signal_send_info(t, SIGKILL, &cause);
	} else if (!(t->group->ptrace & PT_SEIZED)) {
		err = -EIO; /* INTERRUPT is for seized tracees only */
	} else {
		__atomic_store_n(&t->ptrace_trap, PTRACE_TRAP_STOP, __ATOMIC_RELEASE);
		sched_wake(t); /* an interruptible sleep ends (task_signal_pending) */
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return err;
}

SYSCALL_DEFINE4(ptrace, long, request, long, pid, u64, addr, u64, data)
{
	if (request == PTRACE_TRACEME)
		return ptrace_traceme();
	if (pid <= 0 || pid > INT32_MAX)
		return -ESRCH;
	if (request == PTRACE_ATTACH || request == PTRACE_SEIZE)
		return ptrace_attach((int)pid, request == PTRACE_SEIZE, addr, data);
	if (request == PTRACE_KILL || request == PTRACE_INTERRUPT)
		return ptrace_any_state_request((int)pid, request);
	struct task *t = stopped_tracee((int)pid);
	if (!t)
		return -ESRCH;
	long ret = ptrace_stopped_request(t, request, addr, data);
	unfreeze(t);
	return ret;
}
