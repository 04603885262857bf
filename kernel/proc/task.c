/*
 * task.c — creating and destroying tasks and thread groups.
 *
 * A task's struct and kernel stack are freed by the next task to run after
 * it died (sched.c), never by itself: it is still on that stack in exit.
 * task_list_lock protects the tid counter and the all_tasks list.
 */
#include <task.h>

#include <fs.h>
#include <futex.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <uaccess.h>
#include <uapi/errno.h>

extern void ret_from_fork(void);

static struct spinlock task_list_lock = SPINLOCK_INIT("task_list");
static struct list_head all_tasks = LIST_HEAD_INIT(all_tasks); /* [task_list_lock] */
static int next_tid;					       /* [task_list_lock]; 0 is the idle task's, 1 PID 1's */

#define KSTACK_ORDER 2 /* 16 KiB */
_Static_assert((PAGE_SIZE << KSTACK_ORDER) == KSTACK_SIZE, "kernel stack size");

int task_alloc_tid(void)
{
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	int tid = next_tid++;
	spin_unlock_irqrestore(&task_list_lock, irq);
	return tid;
}

void thread_group_adopt(struct thread_group *parent, struct thread_group *child)
{
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	child->parent = parent;
	list_add_tail(&child->sibling, &parent->children);
	spin_unlock_irqrestore(&task_list_lock, irq);
}

/*
 * The group g is gone: its parent hears (exit_signal, wait4 wakes up); its
 * own children are orphaned — exited ones are released, running ones will
 * release themselves (there is no init to reparent them to yet).
 */
static void group_exited(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	struct thread_group *parent = g->parent;
	struct thread_group *c, *tmp;
	list_for_each_entry_safe(c, tmp, &g->children, sibling) {
		list_del(&c->sibling);
		c->parent = NULL;
		if (c->exited)
			thread_group_put(c); /* the parent's reference: nobody will wait for it */
	}
	spin_unlock_irqrestore(&task_list_lock, irq);
	if (!parent)
		return; /* an orphan: its last task releases it (task_exit) */
	g->vfork_done = true;
	if (g->exit_signal && !list_empty(&parent->threads)) {
		struct signal_cause cause = {.code = (g->exit_status & 0x7f) ? 2 /* CLD_KILLED */ : 1 /* CLD_EXITED */,
					     .pid = g->pid,
					     .addr = 0};
		struct task *first = list_first_entry(&parent->threads, struct task, group_node);
		signal_send_info(first, g->exit_signal, &cause);
	}
	wake_up_all(&parent->child_exit_wait);
}

/* wait4's pid: > 0 that child, -1 any, 0 our process group, < -1 group -pid. */
static bool wait_matches(struct thread_group *g, struct thread_group *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	return c->pgid == (pid == 0 ? g->pgid : -pid);
}

struct thread_group *thread_group_lookup(struct thread_group *g, int pid)
{
	if (pid == g->pid)
		return g;
	if (g->parent && g->parent->pid == pid)
		return g->parent;
	struct thread_group *c, *found = NULL;
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_for_each_entry(c, &g->children, sibling)
		if (c->pid == pid && !c->exited)
			found = c;
	spin_unlock_irqrestore(&task_list_lock, irq);
	return found;
}

/* A process-directed signal goes to its first live thread. */
static bool signal_process(struct thread_group *p, int sig, const struct signal_cause *cause)
{
	bool sent = false;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	if (!list_empty(&p->threads)) {
		if (sig)
			signal_send_info(list_first_entry(&p->threads, struct task, group_node), sig, cause);
		sent = true;
	}
	spin_unlock_irqrestore(&p->lock, irq);
	return sent;
}

int thread_group_signal_pgrp(struct thread_group *g, int pgid, int sig, const struct signal_cause *cause)
{
	bool any = false;
	struct thread_group *c;
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_for_each_entry(c, &g->children, sibling)
		if (c->pgid == pgid && !c->exited)
			any |= signal_process(c, sig, cause);
	spin_unlock_irqrestore(&task_list_lock, irq);
	if (g->pgid == pgid)
		any |= signal_process(g, sig, cause);
	return any ? 0 : -ESRCH;
}

int thread_group_signal_children(struct thread_group *g, int sig, const struct signal_cause *cause)
{
	bool any = false;
	struct thread_group *c;
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_for_each_entry(c, &g->children, sibling)
		if (!c->exited)
			any |= signal_process(c, sig, cause);
	spin_unlock_irqrestore(&task_list_lock, irq);
	return any ? 0 : -ESRCH;
}

int thread_group_signal_process(struct thread_group *p, int sig, const struct signal_cause *cause)
{
	return signal_process(p, sig, cause) ? 0 : -ESRCH;
}

bool thread_group_reap_ready(struct thread_group *g, int pid)
{
	struct thread_group *c;
	bool ready = false, any = false;
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_for_each_entry(c, &g->children, sibling) {
		if (!wait_matches(g, c, pid))
			continue;
		any = true;
		ready |= c->exited;
	}
	spin_unlock_irqrestore(&task_list_lock, irq);
	return ready || !any;
}

int thread_group_reap(struct thread_group *g, int pid, int *status)
{
	struct thread_group *c, *found = NULL;
	bool any = false;
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_for_each_entry(c, &g->children, sibling) {
		if (!wait_matches(g, c, pid))
			continue;
		any = true;
		if (c->exited) {
			found = c;
			list_del(&c->sibling);
			break;
		}
	}
	spin_unlock_irqrestore(&task_list_lock, irq);
	if (!found)
		return any ? 0 : -ECHILD;
	*status = found->exit_status;
	int reaped = found->pid;
	thread_group_put(found); /* the parent's reference */
	if (g->pid == 1)
		init_reaped(reaped); /* the leak check's free page count */
	return reaped;
}

int task_count(void)
{
	int n = 0;
	struct task *t;
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_for_each_entry(t, &all_tasks, all_node)
		n++;
	spin_unlock_irqrestore(&task_list_lock, irq);
	return n;
}

void task_set_comm(struct task *t, const char *name)
{
	if (strscpy(t->comm, name, sizeof(t->comm)) < 0) {
		/* truncated, as Linux truncates comm to 15 characters */
	}
}

struct task *task_alloc(const char *comm)
{
	struct task *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->kstack = page_alloc_order(KSTACK_ORDER, 0);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	t->state = TASK_UNINTERRUPTIBLE;
	list_init(&t->run_node);
	task_set_comm(t, comm);
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	t->tid = next_tid++;
	list_add_tail(&t->all_node, &all_tasks);
	spin_unlock_irqrestore(&task_list_lock, irq);
	return t;
}

void task_free(struct task *t)
{
	unsigned long irq = spin_lock_irqsave(&task_list_lock);
	list_del(&t->all_node);
	spin_unlock_irqrestore(&task_list_lock, irq);
	page_free_order(t->kstack, KSTACK_ORDER);
	kfree(t);
}

/* Linux's defaults for init (include/asm-generic/resource.h INIT_RLIMITS). */
static void default_rlimits(struct thread_group *g)
{
	const u64 inf = ~0UL;
	for (int i = 0; i < 16; i++)
		g->rlimits[i][0] = g->rlimits[i][1] = inf;
	g->rlimits[3][0] = 8UL << 20; /* RLIMIT_STACK: _STK_LIM */
	g->rlimits[4][0] = 0;	      /* RLIMIT_CORE */
	g->rlimits[4][1] = inf;
	g->rlimits[7][0] = 1024;			 /* RLIMIT_NOFILE: INR_OPEN_CUR */
	g->rlimits[7][1] = 4096;			 /* INR_OPEN_MAX */
	g->rlimits[8][0] = g->rlimits[8][1] = 8UL << 20; /* RLIMIT_MEMLOCK */
	g->rlimits[13][0] = g->rlimits[13][1] = 0;	 /* RLIMIT_NICE */
	g->rlimits[14][0] = g->rlimits[14][1] = 0;	 /* RLIMIT_RTPRIO */
}

struct thread_group *thread_group_alloc(int pid, struct thread_group *parent)
{
	struct thread_group *g = kzalloc(sizeof(*g));
	if (!g)
		return NULL;
	spin_lock_init(&g->lock, "thread_group");
	g->pid = pid;
	g->refcount = 1;
	g->parent = parent;
	list_init(&g->children);
	list_init(&g->sibling);
	list_init(&g->threads);
	g->dumpable = 1;
	/* a child is in its parent's process group and session; PID 1 starts
	 * in the kernel's, 0, as on Linux (so its setsid() succeeds) */
	g->pgid = parent ? parent->pgid : 0;
	g->sid = parent ? parent->sid : 0;
	wait_queue_init(&g->child_exit_wait, "child_exit");
	if (parent)
		memcpy(g->rlimits, parent->rlimits, sizeof(g->rlimits));
	else
		default_rlimits(g);
	return g;
}

void thread_group_put(struct thread_group *g)
{
	if (__atomic_sub_fetch(&g->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(g);
}

struct task *task_create_kthread(const char *name, int (*fn)(void *), void *arg)
{
	struct task *t = task_alloc(name);
	if (!t)
		return NULL;
	t->ctx.x19_x28[0] = (u64)fn;
	t->ctx.x19_x28[1] = (u64)arg;
	t->ctx.pc = (u64)ret_from_fork;
	t->ctx.sp = (u64)t->kstack + KSTACK_SIZE;
	sched_add_new(t);
	return t;
}

void thread_group_add(struct thread_group *g, struct task *t)
{
	unsigned long irq = spin_lock_irqsave(&g->lock);
	t->group = g;
	g->nr_threads++;
	g->refcount++;
	list_add_tail(&t->group_node, &g->threads);
	spin_unlock_irqrestore(&g->lock, irq);
}

int thread_group_signal(struct thread_group *g, int tid, int sig, const struct signal_cause *cause)
{
	int err = -ESRCH;
	struct task *t;
	unsigned long irq = spin_lock_irqsave(&g->lock); /* keeps the target from being freed */
	list_for_each_entry(t, &g->threads, group_node) {
		if (t->tid == tid) {
			if (sig)
				signal_send_info(t, sig, cause);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return err;
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
	if (!t->clear_child_tid || !t->mm || __atomic_load_n(&t->mm->refcount, __ATOMIC_RELAXED) <= 1)
		return;
	if (put_user_u32(t->clear_child_tid, 0) == 0)
		futex_wake(t->mm, t->clear_child_tid, 1, 0xffffffffu);
	t->clear_child_tid = 0;
}

/* Drops everything a task holds; the group is told when its last task goes. */
void task_exit(int wait_status)
{
	struct task *t = current();
	struct thread_group *g = t->group;

	clear_child_tid(t);
	if (t->mm) {
		struct mm *mm = t->mm;
		upt_deactivate();
		t->mm = NULL;
		mm_put(mm);
	}
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	sighand_put(t->sighand);
	t->sighand = NULL;
	fs_context_put(t->fs);
	t->fs = NULL;
	if (g) {
		unsigned long irq = spin_lock_irqsave(&g->lock);
		if (t->group_node.next)
			list_del(&t->group_node);
		bool last = --g->nr_threads == 0;
		bool one_left = g->nr_threads == 1; /* an execve may be waiting for that */
		if (last) {
			if (!g->group_exiting)
				g->exit_status = wait_status;
			g->exited = true;
		}
		spin_unlock_irqrestore(&g->lock, irq);
		if (last && g->pid == 1)
			init_died(g->exit_status); /* Linux panics "Attempted to kill init!" */
		bool orphan = !g->parent;
		if (one_left)
			wake_up_all(&g->child_exit_wait);
		if (last)
			group_exited(g);
		if (last && orphan && g->pid != 0)
			thread_group_put(g); /* no parent will reap it: drop the parent's reference too */
		thread_group_put(g);
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
