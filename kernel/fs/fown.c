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
 * O_ASYNC (Linux's fasync_helper, kill_fasync, send_sigio): an object keeps
 * a fasync_list of the files that asked for signals; kill_fasync sends each
 * file's owner F_SETSIG's signal with si_code the POLL_* reason (SI_SIGIO
 * for a signal with codes of its own), si_band the reason's poll bits and
 * si_fd the descriptor F_SETFL used, falling back to a plain SIGIO
 * (SI_KERNEL) when it cannot queue; with no F_SETSIG signal, a plain SIGIO.
 * A thread owner gets a thread-directed signal, a process one a
 * process-directed one, a process group every member; each target must pass
 * sigio_perm against the uids of whoever set the owner.
 *
 * Locking: a file's owner fields are protected by tasklist_lock, which also
 * keeps the pid's links stable while they are looked at. A fasync_list's
 * lock is taken before tasklist_lock; an entry leaves its list before its
 * file is freed (file_put calls fasync off), so kill_fasync may use it.
 */
#include <fs.h>

#include <cred.h>
#include <kmalloc.h>
#include <pid.h>
#include <process.h>
#include <signal.h>
#include <spinlock.h>
#include <task.h>
#include <uapi/misc.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signal.h>

enum { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID };

/* __f_setown: a new owner (pid may be NULL) and kind. */
static void set_owner(struct file *f, struct pid *pid, int type)
{
	ASSERT_HELD(&tasklist_lock);
	if (pid)
		pid_get(pid);
	struct pid *old = f->owner;
	f->owner = pid;
	f->owner_type = type;
	f->owner_uid = cred_current()->uid;
	f->owner_euid = cred_current()->euid;
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
	case F_GETOWN_EX: return owner_get_ex(f, uaddr_from(arg));
	case F_SETOWN_EX: return owner_set_ex(f, uaddr_from(arg));
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

/* ---- O_ASYNC ------------------------------------------------------------- */

long fcntl_setfl(struct file *f, int fd, unsigned flags)
{
	const unsigned settable = O_APPEND | O_NONBLOCK | O_ASYNC;
	if (((flags ^ f->flags) & O_ASYNC) && f->ops->fasync) {
		int err = f->ops->fasync(f, fd, flags & O_ASYNC);
		if (err < 0)
			return err;
	}
	f->flags = (f->flags & ~settable) | (flags & settable);
	return 0;
}

struct fasync_entry {
	struct list_head node; /* in fasync_list.entries [its lock] */
	struct file *file;     /* no reference: it leaves the list before it is freed */
	int fd;
};

void fasync_list_init(struct fasync_list *l)
{
	spin_lock_init(&l->lock, "fasync");
	list_init(&l->entries);
}

static struct fasync_entry *fasync_find(struct fasync_list *l, struct file *f)
{
	struct fasync_entry *e;
	list_for_each_entry(e, &l->entries, node) {
		if (e->file == f)
			return e;
	}
	return NULL;
}

int fasync_helper(struct fasync_list *l, struct file *f, int fd, bool on)
{
	struct fasync_entry *fresh = on ? kzalloc(sizeof(*fresh)) : NULL;
	if (on && !fresh)
		return -ENOMEM;
	int added = 0;
	unsigned long irq = spin_lock_irqsave(&l->lock);
	struct fasync_entry *e = fasync_find(l, f);
	if (on && e) {
		e->fd = fd; /* F_SETFL again through another descriptor (fasync_insert_entry) */
	} else if (on) {
		fresh->file = f;
		fresh->fd = fd;
		list_add_tail(&fresh->node, &l->entries);
		fresh = NULL;
		added = 1;
	} else if (e) {
		list_del(&e->node);
		fresh = e; /* freed below */
	}
	spin_unlock_irqrestore(&l->lock, irq);
	kfree(fresh);
	return added;
}

/* sigio_perm: the owner's setter may signal the target (root, or a uid match). [tasklist_lock] */
static bool sigio_perm(const struct file *f, struct thread_group *p)
{
	if (f->owner_euid == 0)
		return true;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	struct task *t = thread_group_first_thread(p);
	bool ok = t && t->cred &&
		  (f->owner_euid == t->cred->suid || f->owner_euid == t->cred->uid || f->owner_uid == t->cred->suid ||
		   f->owner_uid == t->cred->uid);
	spin_unlock_irqrestore(&p->lock, irq);
	return ok;
}

/* Signals with si_codes of their own: POLL_* would be ambiguous (sig_specific_sicodes). */
static bool sig_specific_sicodes(int sig)
{
	return sig == SIGILL || sig == SIGFPE || sig == SIGSEGV || sig == SIGBUS || sig == SIGTRAP || sig == SIGCHLD ||
	       sig == SIGPOLL || sig == SIGSYS;
}

/* The poll bits of each reason (Linux fs/fcntl.c band_table). */
static s64 reason_band(int reason)
{
	static const s64 band[] = {
		[POLL_IN] = POLLIN | POLLRDNORM,
		[POLL_OUT] = POLLOUT | POLLWRNORM | POLLWRBAND,
		[POLL_MSG] = POLLIN | POLLRDNORM | POLLMSG,
		[POLL_ERR] = POLLERR,
		[POLL_PRI] = POLLPRI | POLLRDBAND,
		[POLL_HUP] = POLLHUP | POLLERR,
	};
	return band[reason];
}

/* One target: t for a thread owner, else the process p. [tasklist_lock] */
static void sigio_to(const struct file *f, struct thread_group *p, struct task *t, int fd, int reason)
{
	if (!sigio_perm(f, p))
		return;
	int sig = __atomic_load_n(&f->owner_signal, __ATOMIC_RELAXED);
	if (sig) {
		struct signal_cause cause = {.code = reason, .sigpoll = true, .band = reason_band(reason), .fd = fd};
		if (sig != SIGPOLL && sig_specific_sicodes(sig))
			cause.code = SI_SIGIO;
		int err = t ? signal_send_info(t, sig, &cause) : thread_group_signal_process(p, sig, &cause);
		if (err != -EAGAIN)
			return;
	}
	struct signal_cause plain = {.code = SI_KERNEL}; /* SEND_SIG_PRIV */
	if (t)
		(void)signal_send_info(t, SIGIO, &plain);
	else
		(void)thread_group_signal_process(p, SIGIO, &plain);
}

void file_owner_set_current(struct file *f)
{
	(void)owner_set(f, current()->tid, PIDTYPE_TGID);
}

void file_owner_clear(struct file *f)
{
	(void)owner_set(f, 0, PIDTYPE_TGID);
	__atomic_store_n(&f->owner_signal, 0, __ATOMIC_RELAXED);
}

/* send_sigurg_to_task: a plain SIGURG (SEND_SIG_PRIV) to one target. [tasklist_lock] */
static void sigurg_to(const struct file *f, struct thread_group *p, struct task *t, int fd, int reason)
{
	(void)fd;
	(void)reason;
	if (!sigio_perm(f, p))
		return;
	struct signal_cause plain = {.code = SI_KERNEL};
	if (t)
		(void)signal_send_info(t, SIGURG, &plain);
	else
		(void)thread_group_signal_process(p, SIGURG, &plain);
}

typedef void (*owner_send_fn)(const struct file *f, struct thread_group *p, struct task *t, int fd, int reason);

/* send_sigio and send_sigurg: to the thread, the process or every member of
 * the group. Returns whether the file has an owner. */
static bool owner_send(const struct file *f, owner_send_fn send, int fd, int reason)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct pid *pid = f->owner;
	if (!pid)
		goto out_unlock;
	if (f->owner_type == PIDTYPE_PID && pid->task && pid->task->group) {
		send(f, pid->task->group, pid->task, fd, reason);
	} else if (f->owner_type == PIDTYPE_TGID && (pid->process || (pid->task && pid->task->group))) {
		/* F_SETOWN with a thread's id: that thread's process (pid_task) */
		send(f, pid->process ? pid->process : pid->task->group, NULL, fd, reason);
	} else if (f->owner_type == PIDTYPE_PGID) {
		struct thread_group *p;
		list_for_each_entry(p, &pid->pgrp_members, pgrp_node)
			send(f, p, NULL, fd, reason);
	}
out_unlock:
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return pid != NULL;
}

void file_send_sigio(const struct file *f, int fd, int reason)
{
	(void)owner_send(f, sigio_to, fd, reason);
}

bool file_send_sigurg(const struct file *f)
{
	return owner_send(f, sigurg_to, 0, 0);
}

void file_owner_set_pid(struct file *f, struct pid *pid, bool pgrp)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	set_owner(f, pid, pgrp ? PIDTYPE_PGID : PIDTYPE_TGID);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

void kill_fasync(struct fasync_list *l, int reason)
{
	/* nobody asked (Linux's kill_fasync tests the list head first, too): a
	 * registration racing with this event may miss it, as on Linux */
	if (!fasync_active(l))
		return;
	unsigned long irq = spin_lock_irqsave(&l->lock);
	struct fasync_entry *e;
	list_for_each_entry(e, &l->entries, node)
		file_send_sigio(e->file, e->fd, reason);
	spin_unlock_irqrestore(&l->lock, irq);
}

bool fasync_active(struct fasync_list *l)
{
	return __atomic_load_n(&l->entries.next, __ATOMIC_ACQUIRE) != &l->entries; /* no lock: a peek */
}

/* The flags change under the list's lock, so the file, which leaves the list
 * before it is freed, is still there (fasync_remove_entry clears FASYNC). */
void fasync_list_drop_all(struct fasync_list *l)
{
	struct list_head gone = LIST_HEAD_INIT(gone);
	unsigned long irq = spin_lock_irqsave(&l->lock);
	struct fasync_entry *e, *tmp;
	list_for_each_entry_safe(e, tmp, &l->entries, node) {
		__atomic_and_fetch(&e->file->flags, ~(unsigned)O_ASYNC, __ATOMIC_RELAXED);
		list_del(&e->node);
		list_add_tail(&e->node, &gone);
	}
	spin_unlock_irqrestore(&l->lock, irq);
	list_for_each_entry_safe(e, tmp, &gone, node)
		kfree(e);
}

/* kill_fasync(SIGURG, POLL_PRI): SIGURG has a signal of its own
 * (send_sigurg), so only files with an F_SETSIG signal get one more. */
void kill_fasync_urg(struct fasync_list *l)
{
	unsigned long irq = spin_lock_irqsave(&l->lock);
	struct fasync_entry *e;
	list_for_each_entry(e, &l->entries, node) {
		if (__atomic_load_n(&e->file->owner_signal, __ATOMIC_RELAXED))
			file_send_sigio(e->file, e->fd, POLL_PRI);
	}
	spin_unlock_irqrestore(&l->lock, irq);
}
