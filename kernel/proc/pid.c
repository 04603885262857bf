/*
 * pid.c — the process table (design and lock order in pid.h).
 *
 * The table is a hash of struct pid by number with pid_max / 16 buckets
 * (short chains at the default pid_max). Allocation is cyclic: from the last
 * number handed out up to pid_max - 1, then from 1 (from RESERVED_PIDS once
 * the cursor has passed it), skipping numbers still linked to something —
 * Linux's alloc_pid with idr_alloc_cyclic.
 */
#include <pid.h>

#include <kmalloc.h>
#include <printk.h>
#include <task.h>
#include <uapi/errno.h>

#define PID_HASH_BUCKETS (PID_MAX_DEFAULT / 16)

struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
struct list_head process_list = LIST_HEAD_INIT(process_list);
static struct list_head pid_hash[PID_HASH_BUCKETS]; /* [tasklist_lock] */
static bool pid_hash_ready;			    /* [tasklist_lock] */
static int last_pid;				    /* the cursor [tasklist_lock] */
static int max_pid = PID_MAX_DEFAULT;		    /* [atomic]; read once per allocation under tasklist_lock */

/*
 * Number 0 (Linux's init_struct_pid): the process group and session PID 1
 * starts in, so its setsid() succeeds. Never in the hash (pid_find(0) finds
 * nothing), never freed: its own reference is never dropped.
 */
static struct pid pid_zero_obj = {.nr = 0, .refcount = 1};

struct pid *pid_zero(void)
{
	ASSERT_HELD(&tasklist_lock);
	if (!pid_zero_obj.hash_node.next) {
		list_init(&pid_zero_obj.hash_node);
		list_init(&pid_zero_obj.pgrp_members);
		list_init(&pid_zero_obj.session_members);
		wait_queue_init(&pid_zero_obj.exit_wait, "pid_exit");
	}
	return &pid_zero_obj;
}

int pid_max(void)
{
	return __atomic_load_n(&max_pid, __ATOMIC_RELAXED);
}

void pid_set_max(int max)
{
	__atomic_store_n(&max_pid, max, __ATOMIC_RELAXED);
}

int pid_last(void)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	int nr = last_pid;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return nr;
}

struct pid *pid_get_nr(int nr)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct pid *pid = pid_find(nr);
	if (pid)
		pid_get(pid);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return pid;
}

void pid_set_last(int nr)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	last_pid = nr;
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

static struct list_head *bucket(int nr)
{
	return &pid_hash[(unsigned)nr % PID_HASH_BUCKETS];
}

struct pid *pid_find(int nr)
{
	ASSERT_HELD(&tasklist_lock);
	if (nr <= 0 || !pid_hash_ready)
		return NULL;
	struct pid *pid;
	list_for_each_entry(pid, bucket(nr), hash_node)
		if (pid->nr == nr)
			return pid;
	return NULL;
}

struct task *pid_find_task(int nr)
{
	struct pid *pid = pid_find(nr);
	return pid ? pid->task : NULL;
}

struct thread_group *pid_find_process(int nr)
{
	struct pid *pid = pid_find(nr);
	if (!pid)
		return NULL;
	return pid->task && pid->task->group ? pid->task->group : pid->process;
}

struct task *task_by_pid(int nr)
{
	ASSERT_HELD(&tasklist_lock);
	return nr == 0 ? current() : pid_find_task(nr);
}

void pid_get(struct pid *pid)
{
	__atomic_fetch_add(&pid->refcount, 1, __ATOMIC_RELAXED);
}

void pid_put(struct pid *pid)
{
	if (pid && __atomic_sub_fetch(&pid->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(pid);
}

/* The next free number after the cursor (Linux: cyclic, min 1 or RESERVED_PIDS). */
static int next_free_nr(void)
{
	int min = last_pid >= RESERVED_PIDS ? RESERVED_PIDS : 1;
	int nr = last_pid, max = pid_max();
	for (int tries = 0; tries < max; tries++) {
		nr = nr + 1 >= max ? min : nr + 1; /* a cursor past a lowered pid_max wraps at once */
		if (!pid_find(nr))
			return nr;
	}
	return -EAGAIN;
}

int pid_attach_new_task(struct task *t)
{
	struct pid *pid = kzalloc(sizeof(*pid));
	if (!pid)
		return -ENOMEM;
	list_init(&pid->pgrp_members);
	list_init(&pid->session_members);
	wait_queue_init(&pid->exit_wait, "pid_exit");
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	if (!pid_hash_ready) {
		for (int i = 0; i < PID_HASH_BUCKETS; i++)
			list_init(&pid_hash[i]);
		pid_hash_ready = true;
	}
	int nr = next_free_nr();
	if (nr < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		kfree(pid);
		return nr;
	}
	last_pid = nr;
	pid->nr = nr;
	list_add_tail(&pid->hash_node, bucket(nr));
	pid_attach_task(pid, t);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

void pid_attach_task(struct pid *pid, struct task *t)
{
	ASSERT_HELD(&tasklist_lock);
	pid_get(pid);
	pid->task = t;
	t->pid = pid;
	t->tid = pid->nr;
}

void pid_detach(struct pid *pid)
{
	ASSERT_HELD(&tasklist_lock);
	if (!pid->task && !pid->process && list_empty(&pid->pgrp_members) && list_empty(&pid->session_members))
		list_del(&pid->hash_node); /* the number is free again */
	pid_put(pid);
}

void pid_detach_task(struct task *t)
{
	ASSERT_HELD(&tasklist_lock);
	struct pid *pid = t->pid;
	if (!pid)
		return;
	t->pid = NULL;
	pid->task = NULL;
	pid_detach(pid);
}
