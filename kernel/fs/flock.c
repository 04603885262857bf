/*
 * flock.c — flock(2) (fs/locks.c): whole-file advisory locks owned by open
 * file descriptions. Any number of shared locks, or one exclusive lock, per
 * inode; a description holds at most one (a new request replaces it, not
 * atomically, as on Linux); dup'd descriptors share it; it goes away with
 * LOCK_UN or the description's last close. A conflicting request sleeps
 * (interruptibly) unless LOCK_NB, which gives EWOULDBLOCK; while it sleeps
 * it hangs on the first lock in its way, for /proc/locks (locks_list.c).
 * Asking again for the lock the description holds changes nothing.
 */
#include <fs.h>

#include <kmalloc.h>
#include <syscall.h>
#include <task.h>
#include <uapi/errno.h>
#include <wait.h>

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

struct flock_holder {
	struct list_head node; /* in inode->flocks [flock_lock] */
	struct lock_desc d;    /* /proc/locks: granted, or a request waiting */
	struct file *owner;    /* not a reference: the owner removes it before it goes */
	struct inode *inode;
	int pid; /* the process that asked */
	bool exclusive;
};

static void flock_show(const struct lock_desc *d, struct lock_show *s)
{
	const struct flock_holder *h = container_of(d, struct flock_holder, d);
	*s = (struct lock_show){.kind = LOCK_KIND_FLOCK,
				.type = h->exclusive ? LOCK_TYPE_WRITE : LOCK_TYPE_READ,
				.pid = h->pid,
				.inode = h->inode};
}

static const struct lock_desc_ops flock_desc_ops = {.show = flock_show};

/* flock_locks_conflict: another description's lock, one of them exclusive. */
static bool conflicts(const struct flock_holder *a, const struct flock_holder *b)
{
	return a->owner != b->owner && (a->exclusive || b->exclusive);
}

static bool desc_conflict(const struct lock_desc *a, const struct lock_desc *b)
{
	return conflicts(container_of(a, struct flock_holder, d), container_of(b, struct flock_holder, d));
}

/* Does f hold a lock of this kind already (flock_lock_inode's "same type")? */
static bool flock_holds(struct file *f, bool exclusive)
{
	struct inode *inode = f->inode;
	bool held = false;
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	struct flock_holder *h;
	list_for_each_entry(h, &inode->flocks, node)
		held |= h->owner == f && h->exclusive == exclusive;
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	return held;
}

void flock_release(struct file *f)
{
	struct inode *inode = f->inode;
	struct flock_holder *h, *tmp, *gone = NULL;
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	unsigned long irq_list = lock_list_lock();
	list_for_each_entry_safe(h, tmp, &inode->flocks, node) {
		if (h->owner == f) {
			list_del(&h->node);
			lock_desc_remove(&h->d);
			gone = h;
		}
	}
	lock_list_unlock(irq_list);
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	if (gone) {
		kfree(gone);
		wake_up_all(&inode->flock_wait);
	}
}

/* Takes the lock into h if nothing conflicts; true when it is held. Else a
 * request that will sleep (wait) hangs on the first lock in its way. */
static bool flock_try(struct inode *inode, struct flock_holder *h, bool wait)
{
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	struct flock_holder *other, *blocker = NULL;
	list_for_each_entry(other, &inode->flocks, node) {
		if (conflicts(other, h)) {
			blocker = other;
			break;
		}
	}
	unsigned long irq_list = lock_list_lock();
	if (!blocker) {
		list_add_tail(&h->node, &inode->flocks);
		lock_desc_finish(&h->d);
		lock_desc_insert(&h->d);
	} else if (wait) {
		lock_desc_block(&blocker->d, &h->d, desc_conflict);
	}
	lock_list_unlock(irq_list);
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	return !blocker;
}

SYSCALL_DEFINE2(flock, int, fd, unsigned, op)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	unsigned kind = op & ~(unsigned)LOCK_NB;
	long err = -EBADF;
	if (!f->ops->read && !f->ops->write && !f->ops->open && f->path.dentry)
		goto out; /* O_PATH */
	err = -EINVAL;
	if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
		goto out;
	err = 0;
	if (kind != LOCK_UN && flock_holds(f, kind == LOCK_EX))
		goto out; /* nothing changes, not even its place in /proc/locks */
	flock_release(f);
	if (kind == LOCK_UN)
		goto out;
	struct flock_holder *h = kmalloc(sizeof(*h));
	err = -ENOMEM;
	if (!h)
		goto out;
	*h = (struct flock_holder){
		.owner = f, .inode = f->inode, .pid = current()->group->pid, .exclusive = kind == LOCK_EX};
	lock_desc_init(&h->d, &flock_desc_ops);
	bool wait = !(op & LOCK_NB);
	err = 0;
	if (!flock_try(f->inode, h, wait)) {
		err = !wait ? -EWOULDBLOCK
			    : wait_event_interruptible(&f->inode->flock_wait, flock_try(f->inode, h, true));
		if (err) {
			lock_desc_done(&h->d);
			kfree(h);
		}
	}
out:
	file_put(f);
	return err;
}
