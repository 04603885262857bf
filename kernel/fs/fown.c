/*
 * fown.c — the owner of an open file (Linux 6.1 fs/fcntl.c f_setown,
 * f_getown, f_setown_ex, f_getown_ex; F_SETSIG, F_GETSIG): the process,
 * thread or process group that O_ASYNC's SIGIO would go to, and the signal.
 *
 * The owner is a reference to a struct pid and the kind of thing it names
 * (PIDTYPE_PID a thread, _TGID a process, _PGID a process group); reading it
 * back gives the number only while that thing still exists, 0 otherwise
 * (pid_task). F_SETOWN takes a pid (a process) or a negated process group;
 * a number nothing has is ESRCH, INT_MIN EINVAL. A new file's owner is none,
 * of the thread kind (F_GETOWN_EX: F_OWNER_TID, 0).
 *
 * Not done: O_ASYNC itself (F_SETFL drops it): no SIGIO is ever sent.
 *
 * Locking: a file's owner fields are protected by tasklist_lock, which also
 * keeps the pid's links stable while they are looked at.
 */
#include <fs.h>

#include <pid.h>
#include <spinlock.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signal.h>

#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_SETOWN_EX 15
#define F_GETOWN_EX 16
#define F_OWNER_TID 0
#define F_OWNER_PID 1
#define F_OWNER_PGRP 2

enum { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID };

struct f_owner_ex_user {
	int type;
	int pid;
};

/* __f_setown: a new owner (pid may be NULL) and kind. */
static void set_owner(struct file *f, struct pid *pid, int type)
{
	ASSERT_HELD(&tasklist_lock);
	if (pid)
		pid_get(pid);
	struct pid *old = f->owner;
	f->owner = pid;
	f->owner_type = type;
	pid_put(old);
}

/* pid_vnr when pid_task finds what the owner names, else 0. */
static int owner_nr(const struct file *f)
{
	ASSERT_HELD(&tasklist_lock);
	struct pid *p = f->owner;
	if (!p)
		return 0;
	bool alive = f->owner_type == PIDTYPE_PID    ? p->task != NULL
		     : f->owner_type == PIDTYPE_TGID ? p->process != NULL
						     : !list_empty(&p->pgrp_members);
	return alive ? p->nr : 0;
}

/* f_setown / f_setown_ex's lookup: 0, or -ESRCH for a number nothing has. */
static long owner_set(struct file *f, int nr, int type)
{
	long ret = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct pid *pid = nr ? pid_find(nr) : NULL;
	if (nr && !pid)
		ret = -ESRCH;
	else
		set_owner(f, pid, type);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

static long owner_get_ex(struct file *f, uaddr_t arg)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct f_owner_ex_user o = {.pid = owner_nr(f)};
	o.type = f->owner_type == PIDTYPE_PID	 ? F_OWNER_TID
		 : f->owner_type == PIDTYPE_TGID ? F_OWNER_PID
						 : F_OWNER_PGRP;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return copy_to_user(arg, &o, sizeof(o)) ? -EFAULT : 0;
}

static long owner_set_ex(struct file *f, uaddr_t arg)
{
	struct f_owner_ex_user o;
	if (copy_from_user(&o, arg, sizeof(o)))
		return -EFAULT;
	int type = o.type == F_OWNER_TID ? PIDTYPE_PID : o.type == F_OWNER_PID ? PIDTYPE_TGID : PIDTYPE_PGID;
	if (o.type != F_OWNER_TID && o.type != F_OWNER_PID && o.type != F_OWNER_PGRP)
		return -EINVAL;
	return owner_set(f, o.pid, type);
}

long fcntl_owner(struct file *f, int cmd, u64 arg)
{
	int argi = (int)arg;
	switch (cmd) {
	case F_GETOWN: {
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		int nr = owner_nr(f);
		if (f->owner_type == PIDTYPE_PGID)
			nr = -nr;
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return nr; /* a process group's negative number is not an error (force_successful_syscall_return) */
	}
	case F_SETOWN:
		if (argi == (int)0x80000000)
			return -EINVAL; /* -INT_MIN overflows */
		return owner_set(f, argi < 0 ? -argi : argi, argi < 0 ? PIDTYPE_PGID : PIDTYPE_TGID);
	case F_GETOWN_EX: return owner_get_ex(f, arg);
	case F_SETOWN_EX: return owner_set_ex(f, arg);
	case F_GETSIG: return __atomic_load_n(&f->owner_signal, __ATOMIC_RELAXED);
	case F_SETSIG:
		if (arg > NSIG)
			return -EINVAL; /* valid_signal on the unsigned long argument */
		__atomic_store_n(&f->owner_signal, (int)arg, __ATOMIC_RELAXED);
		return 0;
	default: return -EINVAL;
	}
}

void file_owner_release(struct file *f)
{
	pid_put(f->owner);
}
