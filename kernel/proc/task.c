/*
 * task.c — creating and destroying tasks and thread groups.
 *
 * A task's struct and kernel stack are freed by the next task to run after
 * it died (sched.c), never by itself: it is still on that stack in exit.
 * tasklist_lock (pid.h) protects the all_tasks list and the links between
 * tasks, thread groups and the process table. What happens when a process
 * ends (reparenting, wait) is exit.c's.
 */
#include <process.h>
#include <task.h>
#include <timers.h>

#include <cgroup.h>
#include <coredump.h>
#include <cred.h>
#include <fs.h>
#include <futex.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <smp.h>
#include <signal.h>
#include <ptrace.h>
#include <seccomp.h>
#include <tracehook.h>
#include <sysvipc.h>
#include <string.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/prctl.h>
#include <uapi/resource.h>

struct list_head all_tasks = LIST_HEAD_INIT(all_tasks);	  /* [tasklist_lock] */
u64 all_tasks_exited_utime_ns, all_tasks_exited_stime_ns; /* [tasklist_lock] */

/*
 * levitate.kstack_check on the command line (Linux's DEBUG_STACK_USAGE):
 * every kernel stack is filled with a pattern when its task is made; when
 * the task is freed, the lowest word that lost the pattern says how deep
 * the stack went, and each new deepest is logged as Linux logs it
 * (kernel/exit.c check_stack_usage). Set before the first task exists.
 */
bool task_kstack_check;
static unsigned long kstack_least_left = KSTACK_SIZE; /* [atomic] */
#define KSTACK_PATTERN 0x6b73746b6b73746bUL

static void kstack_fill(void *base)
{
	u64 *w = base;
	for (size_t i = 0; i < KSTACK_SIZE / sizeof(u64); i++)
		w[i] = KSTACK_PATTERN;
}

static void kstack_report(const struct task *t)
{
	const u64 *w = t->kstack;
	size_t n = 0;
	while (n < KSTACK_SIZE / sizeof(u64) && w[n] == KSTACK_PATTERN)
		n++;
	unsigned long left = n * sizeof(u64), least = __atomic_load_n(&kstack_least_left, __ATOMIC_RELAXED);
	while (left < least)
		if (__atomic_compare_exchange_n(&kstack_least_left, &least, left, false, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED)) {
			printk(KERN_INFO "%s (%d) used greatest stack depth: %lu bytes left", t->comm, t->tid, left);
			break;
		}
}
/* A task is kzalloc'ed: with kmalloc's 16-byte header (kmalloc.c) it must fit
 * one page, or every thread and process takes two (bench row
 * mem_per_thread_kib). Its signal causes (NSIG of them, 2,560 bytes) are a
 * separate allocation, made by the first signal sent to the task; fields are ordered so that no hole is left (gdb's
 * `ptype /o struct task` shows them). */
_Static_assert(sizeof(struct task) + 16 <= PAGE_SIZE, "struct task fits one page");

void thread_group_set_parent(struct thread_group *g, struct thread_group *parent)
{
	g->parent = parent;
	__atomic_store_n(&g->ppid, parent ? parent->pid : 0, __ATOMIC_RELAXED);
}

void thread_group_adopt(struct thread_group *parent, struct thread_group *child)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	thread_group_set_parent(child, parent);
	list_add_tail(&child->sibling, &parent->children);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

void thread_group_adopt_sibling(struct thread_group *self, struct thread_group *child)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	/* only PID 1 has no parent, and it may not make siblings (clone.c) */
	struct thread_group *parent = self->parent ? self->parent : self;
	thread_group_set_parent(child, parent);
	list_add_tail(&child->sibling, &parent->children);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

struct task *thread_group_first_thread(struct thread_group *g)
{
	ASSERT_HELD(&g->lock);
	return list_first_entry_or_null(&g->threads, struct task, group_node);
}

/*
 * A process-directed signal goes to a thread that does not block it (Linux
 * complete_signal's choice), else it is pending for the process (signal.c);
 * SIGKILL goes to every thread (thread_group_signal_process).
 */
static struct task *signal_target(struct thread_group *p, int sig)
{
	struct task *t;
	list_for_each_entry(t, &p->threads, group_node)
		if (!(__atomic_load_n(&t->blocked_signals, __ATOMIC_RELAXED) & (1UL << (sig - 1))))
			return t;
	return NULL;
}

int thread_group_signal_process(struct thread_group *p, int sig, const struct signal_cause *cause)
{
	unsigned long irq = spin_lock_irqsave(&p->lock);
	if (list_empty(&p->threads)) {
		spin_unlock_irqrestore(&p->lock, irq);
		return -ESRCH;
	}
	int ret = 0;
	if (sig == SIGKILL) {
		/* Every thread at once (Linux complete_signal, a fatal signal):
		 * one busy in a long system call (a populate) stops there too,
		 * instead of running on until the thread picked dies. */
		struct task *t;
		list_for_each_entry(t, &p->threads, group_node) {
			int err = signal_send_info(t, sig, cause);
			if (err)
				ret = err;
		}
	} else if (sig) {
		struct task *t = signal_target(p, sig);
		if (t)
			ret = signal_send_info(t, sig, cause);
		else
			ret = signal_send_shared(p, sig, cause); /* every thread blocks it */
	}
	spin_unlock_irqrestore(&p->lock, irq);
	return ret;
}

int thread_group_pgid(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	int nr = g->pgrp ? g->pgrp->nr : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return nr;
}

int thread_group_sid(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	int nr = g->session ? g->session->nr : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return nr;
}

void thread_group_set_pgrp(struct thread_group *g, struct pid *pgrp)
{
	ASSERT_HELD(&tasklist_lock);
	struct pid *old = g->pgrp;
	pid_get(pgrp);
	g->pgrp = pgrp;
	if (old)
		list_del(&g->pgrp_node);
	list_add_tail(&g->pgrp_node, &pgrp->pgrp_members);
	if (old)
		pid_detach(old);
}

void thread_group_set_session(struct thread_group *g, struct pid *session)
{
	ASSERT_HELD(&tasklist_lock);
	struct pid *old = g->session;
	pid_get(session);
	g->session = session;
	if (old)
		list_del(&g->session_node);
	list_add_tail(&g->session_node, &session->session_members);
	if (old)
		pid_detach(old);
}

/* Tasks with a pid (the idle tasks, one per CPU, have none): Linux's
 * nr_threads. [atomic; changed under tasklist_lock with all_tasks] */
static int nr_tasks;

int task_count(void)
{
	return __atomic_load_n(&nr_tasks, __ATOMIC_RELAXED);
}

#define THREAD_SIZE_LINUX (16 * 1024) /* arm64's THREAD_SIZE, which Linux's default is made of */
#define MAX_THREADS 0x3fffffff	      /* FUTEX_TID_MASK */
static int max_threads;		      /* kernel.threads-max; 0: not set yet [atomic] */

int threads_max(void)
{
	int v = __atomic_load_n(&max_threads, __ATOMIC_RELAXED);
	if (v)
		return v;
	u64 threads = page_total_count() * PAGE_SIZE / (THREAD_SIZE_LINUX * 8); /* set_max_threads */
	return (int)MAX(MIN(threads, (u64)MAX_THREADS), (u64)20);
}

int threads_max_set(int value)
{
	if (value < 1 || value > MAX_THREADS)
		return -EINVAL;
	__atomic_store_n(&max_threads, value, __ATOMIC_RELAXED);
	return 0;
}

void task_show_all(bool uninterruptible_only)
{
	struct task *t;
	int shown = 0, total = 0;
	/* tasklist_lock keeps each listed task's memory and kernel stack
	 * (task_free unlinks first); their other fields are read unlocked */
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(t, &all_tasks, all_node) {
		total++;
		if (uninterruptible_only && __atomic_load_n(&t->state, __ATOMIC_RELAXED) != TASK_UNINTERRUPTIBLE)
			continue;
		sched_show_task(t);
		shown++;
	}
	/* zombies: processes whose tasks are all gone, not yet reaped */
	struct thread_group *g;
	list_for_each_entry(g, &process_list, process_node)
		if (!uninterruptible_only && __atomic_load_n(&g->nr_threads, __ATOMIC_RELAXED) == 0)
			printk(KERN_INFO "process pid %d ppid %d: no task left, exited %d exit_status %#x%s", g->pid,
			       g->ppid, g->exited, g->exit_status, g->own_pid ? "" : ", reaped");
	spin_unlock_irqrestore(&tasklist_lock, irq);
	printk(KERN_INFO "%d of %d tasks shown", shown, total);
}

int task_count_uid(u32 uid)
{
	int n = 0;
	struct task *t;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	/* an exiting task stops counting when it leaves the pid table, before
	 * its parent can reap it (not when it reaches TASK_DEAD, which on
	 * another CPU may be after the reap: a fork right after waitpid got
	 * EAGAIN) */
	list_for_each_entry(t, &all_tasks, all_node)
		if (t->cred && t->cred->uid == uid && t->state != TASK_DEAD && t->pid)
			n++;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return n;
}

void task_set_comm(struct task *t, const char *name)
{
	if (strscpy(t->comm, name, sizeof(t->comm)) < 0) {
		/* truncated, as Linux truncates comm to 15 characters */
	}
}

/* A new task; NULL with *err -ENOMEM, or -EAGAIN when every pid is taken. */
static struct task *task_alloc_common(const char *comm, bool with_pid, int *err)
{
	*err = -ENOMEM;
	struct task *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->kstack = arch_kstack_alloc(); /* signal_causes: at the first signal sent to t (signal.c) */
	if (t->kstack)
		*err = with_pid ? pid_attach_new_task(t) : 0;
	if (!t->kstack || *err) {
		if (t->kstack)
			arch_kstack_free(t->kstack);
		kfree(t);
		return NULL;
	}
	if (task_kstack_check)
		kstack_fill(t->kstack);
	t->state = TASK_UNINTERRUPTIBLE;
	t->cpus_allowed = CPU_MASK_ALL; /* clone: the creator's (sched_fork) */
	list_init(&t->run_node);
	list_init(&t->signal_queue);
	task_set_comm(t, comm);
	/* a new task starts with its creator's credentials (the boot thread: root's) */
	struct task *creator = with_pid ? current() : NULL;
	t->cred = cred_get(creator && creator->cred ? creator->cred : cred_root());
	t->sig_uid = t->cred->uid;
	/* copy_process: both the creator's current slack (init_task: 50 us) */
	u64 slack = creator ? __atomic_load_n(&creator->timer_slack_ns, __ATOMIC_RELAXED) : TIMER_SLACK_DEFAULT_NS;
	t->timer_slack_ns = t->default_timer_slack_ns = slack;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	list_add_tail(&t->all_node, &all_tasks);
	if (t->tid)
		__atomic_add_fetch(&nr_tasks, 1, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return t;
}

struct task *task_alloc(const char *comm)
{
	int err;
	return task_alloc_common(comm, true, &err);
}

struct task *task_alloc_err(const char *comm, int *err)
{
	return task_alloc_common(comm, true, err);
}

struct task *task_alloc_idle(void)
{
	int err;
	return task_alloc_common("idle", false, &err);
}

void task_free(struct task *t)
{
	/* signals that reached t after task_exit flushed them, and its signal
	 * handlers' table, kept until now as the group is (Linux keeps
	 * tsk->sighand until __exit_signal, with senders under RCU) */
	signal_flush_task(t);
	sighand_put(t->sighand);
	t->sighand = NULL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	list_del(&t->all_node);
	if (t->tid)
		__atomic_sub_fetch(&nr_tasks, 1, __ATOMIC_RELAXED);
	all_tasks_exited_utime_ns += t->utime_ns; /* /proc/stat keeps counting them */
	all_tasks_exited_stime_ns += t->stime_ns;
	pid_detach_task(t); /* a task that never ran still holds its pid */
	/* the task's reference on its process, kept until now (Linux's
	 * put_task_struct -> put_signal_struct): see task_exit */
	if (t->group)
		thread_group_put_locked(t->group);
	t->group = NULL;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	cred_put(t->cred);
	seccomp_task_free(t);
	if (task_kstack_check)
		kstack_report(t);
	arch_kstack_free(t->kstack);
	kfree(t->signal_causes);
	kfree(t);
}

/* Linux's defaults for init (include/asm-generic/resource.h INIT_RLIMITS). */
static void default_rlimits(struct thread_group *g)
{
	const u64 inf = ~0UL;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		g->rlimits[i][0] = g->rlimits[i][1] = inf;
	g->rlimits[RLIMIT_STACK][0] = 8UL << 20; /* _STK_LIM */
	g->rlimits[RLIMIT_CORE][0] = 0;
	g->rlimits[RLIMIT_CORE][1] = inf;
	g->rlimits[RLIMIT_NOFILE][0] = 1024; /* INR_OPEN_CUR */
	g->rlimits[RLIMIT_NOFILE][1] = 4096; /* INR_OPEN_MAX */
	g->rlimits[RLIMIT_MEMLOCK][0] = g->rlimits[RLIMIT_MEMLOCK][1] = 8UL << 20;
	g->rlimits[RLIMIT_NICE][0] = g->rlimits[RLIMIT_NICE][1] = 0;
	g->rlimits[RLIMIT_RTPRIO][0] = g->rlimits[RLIMIT_RTPRIO][1] = 0;
}

struct thread_group *thread_group_alloc(int pid, struct thread_group *parent)
{
	struct thread_group *g = kzalloc(sizeof(*g));
	if (!g)
		return NULL;
	spin_lock_init(&g->lock, "thread_group");
	g->pid = pid;
	g->refcount = 1;
	thread_group_set_parent(g, parent);
	list_init(&g->children);
	list_init(&g->sibling);
	list_init(&g->threads);
	list_init(&g->shared_queue);
	list_init(&g->ptrace_node);
	list_init(&g->ptraced);
	g->dumpable = SUID_DUMP_USER;
	wait_queue_init(&g->child_exit_wait, "child_exit");
	if (parent)
		memcpy(g->rlimits, parent->rlimits, sizeof(g->rlimits));
	else
		default_rlimits(g);
	cgroup_fork(g, parent); /* its parent's cgroup (cgroup_post_fork) */
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	if (pid) {
		g->own_pid = pid_find(pid);
		CHECK(g->own_pid && !g->own_pid->process);
		pid_get(g->own_pid);
		g->own_pid->process = g;
	}
	/* a child is in its parent's process group and session; a process
	 * without one starts in the group and session of the calling task
	 * (PID 1: number 0's, as on Linux) */
	struct pid *home = current()->pid ? current()->pid : pid_zero(); /* PID 1, made by the idle task */
	thread_group_set_pgrp(g, parent && parent->pgrp ? parent->pgrp : home);
	thread_group_set_session(g, parent && parent->session ? parent->session : home);
	list_add_tail(&g->process_node, &process_list);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return g;
}

void thread_group_get(struct thread_group *g)
{
	__atomic_fetch_add(&g->refcount, 1, __ATOMIC_RELAXED);
}

/* The last reference: out of the process table, then freed. Dropping it
 * under tasklist_lock means a lookup never finds a group being freed. */
void thread_group_put_locked(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	if (__atomic_sub_fetch(&g->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	list_del(&g->process_node);
	cgroup_release(g);
	thread_group_leave_pgrp(g);
	pid_put(g->tty_old_pgrp);
	thread_group_unhash(g);
	signal_flush_process(g);
	kfree(g->shared_causes);
	kfree(g);
}

void thread_group_leave_pgrp(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	struct pid *pgrp = g->pgrp, *session = g->session;
	if (pgrp) {
		g->pgrp = NULL;
		list_del(&g->pgrp_node);
		pid_detach(pgrp);
	}
	if (session) {
		g->session = NULL;
		list_del(&g->session_node);
		pid_detach(session);
	}
}

void thread_group_unhash(struct thread_group *g)
{
	ASSERT_HELD(&tasklist_lock);
	struct pid *pid = g->own_pid;
	if (!pid)
		return;
	g->own_pid = NULL;
	pid->process = NULL;
	pid_detach(pid);
}

void thread_group_discard(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	__atomic_store_n(&g->refcount, 1, __ATOMIC_RELAXED);
	thread_group_put_locked(g);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

void thread_group_put(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	thread_group_put_locked(g);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

struct task *task_create_kthread(const char *name, int (*fn)(void *), void *arg)
{
	int err;
	struct task *t = task_alloc_common(name, false, &err);
	if (!t)
		return NULL;
	arch_start_kthread(t, fn, arg);
	sched_add_new(t);
	return t;
}

void thread_group_add(struct thread_group *g, struct task *t)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	/* the creator's seccomp state, under the lock a sibling's TSYNC takes
	 * (seccomp.h): the new task is either seen by it or copies its result */
	seccomp_fork(t, current());
	t->group = g;
	g->nr_threads++;
	thread_group_get(g);
	list_add_tail(&t->group_node, &g->threads);
	spin_unlock_irqrestore(&g->lock, irq);
}

void group_exit(int wait_status)
{
	struct task *self = current();
	struct thread_group *g = self->group;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (!g->group_exiting) {
		g->group_exiting = true;
		g->exit_status = wait_status;
	}
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		if (t != self)
			signal_send_group(t, SIGKILL);
	spin_unlock_irqrestore(&g->lock, irq);
	task_exit(wait_status);
}

/*
 * The thread's clear_child_tid word (CLONE_CHILD_CLEARTID, set_tid_address)
 * is zeroed and its futex woken, so pthread_join returns (Linux
 * mm_release). Only while others still use the address space.
 */
static void clear_child_tid(struct task *t)
{
	if (uaddr_is_null(t->clear_child_tid) || !t->mm || __atomic_load_n(&t->mm->refcount, __ATOMIC_RELAXED) <= 1)
		return;
	if (put_user_u32(t->clear_child_tid, 0) == 0)
		futex_wake(t->mm, t->clear_child_tid, 1, 0xffffffffu);
	t->clear_child_tid = UADDR_NULL;
}

/* Drops everything a task holds; the group is told when its last task goes. */
void task_exit(int wait_status)
{
	struct task *t = current();
	struct thread_group *g = t->group;

	if (g)
		ptrace_exit_event(wait_status); /* PTRACE_O_TRACEEXIT: a stop before anything goes */
	/* while its mm and FP/SIMD registers are still its own */
	struct core_thread *core_snap = g ? coredump_snapshot_if_dumping(t) : NULL;
	if (tracehook_on())
		tracehook->task_exit(t, wait_status);
	/* the joiner it wakes runs on its CPU (sched.c select_cpu); not wait4's
	 * parent: that wake-up wakes every thread of the parent waiting, and
	 * pulling them all here made fork+exit+wait from two threads slower */
	t->exiting = true;
	clear_child_tid(t);
	t->exiting = false;
	/* mm, files and fs are cleared under tasklist_lock: procfs takes its
	 * references to another task's under that lock (fs/procfs.c). */
	if (t->mm)
		arch_switch_mm(NULL);
	unsigned long tl_irq = spin_lock_irqsave(&tasklist_lock);
	struct mm *mm = t->mm;
	struct files *files = t->files;
	struct fs_context *fs = t->fs;
	t->mm = NULL;
	t->files = NULL;
	t->fs = NULL;
	/* its SCHED_DEADLINE bandwidth (Linux task_dead_dl); with mm NULL,
	 * sched_setattr counts none for it any more (dl_admit) */
	sched_dl_release(t);
	spin_unlock_irqrestore(&tasklist_lock, tl_irq);
	if (mm) {
		if (t->group) /* Linux do_exit: setmax_mm_hiwater_rss(&signal->maxrss) */
			cputime_note_maxrss(t->group, mm_hiwater_rss(mm));
		mm_put(mm);
	}
	if (files)
		files_put(files);
	/* t->sighand stays until task_free: a sender that found t by its tid
	 * or in its group's threads a moment ago still reads it */
	fs_context_put(fs);
	if (g) {
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		pid_detach_task(t); /* tkill finds it no more; the process keeps its pid */
		spin_unlock_irqrestore(&tasklist_lock, irq);
		irq = spin_lock_irqsave(&g->lock);
		if (t->group_node.next)
			list_del(&t->group_node);
		coredump_thread_left(t, core_snap); /* a dumper waits for it */
		cputime_thread_exit(g, t);
		bool last = --g->nr_threads == 0;
		bool one_left = g->nr_threads == 1; /* an execve may be waiting for that */
		if (last) {
			if (!g->group_exiting)
				g->exit_status = wait_status;
			g->exit_uid = t->cred ? t->cred->uid : 0;
		} /* g->exited: process_exited, with the parent's notification */
		spin_unlock_irqrestore(&g->lock, irq);
		/* no sender finds it any more (by tid or in g's threads): its
		 * queued signals can go, uncharged from g while g lives */
		signal_flush_task(t);
		if (last) /* __exit_signal: a zombie holds no charge on its user's RLIMIT_SIGPENDING */
			signal_flush_process(g);
		if (last && g->pid == 1)
			init_died(g->exit_status); /* Linux panics "Attempted to kill init!" */
		if (one_left)
			wake_up_all(&g->child_exit_wait);
		if (last) {
			cgroup_exit(g); /* out of cgroup.procs before the parent hears (Linux cgroup_exit) */
			timers_exit(g); /* Linux exit_itimers */
			sem_exit(g);
			process_exited(g);
		}
		/* t keeps its reference on g (t->group) until task_free, after
		 * it left its CPU: until the schedule() below, interrupts come
		 * and its tick reads t->group (timers_cpu_tick takes g->lock,
		 * cputime_tick), and the parent may reap g on another CPU at
		 * any time now. Dropped here, g was freed under that tick and
		 * its memory reused: smp_fork_wait hung on 4 CPUs. */
	} else {
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		pid_detach_task(t);
		spin_unlock_irqrestore(&tasklist_lock, irq);
	}
	arch_irq_disable();
	t->state = TASK_DEAD;
	schedule();
	panic("dead task %d scheduled again", t->tid);
}

void task_exit_kthread(int code)
{
	task_exit(code << 8);
}
