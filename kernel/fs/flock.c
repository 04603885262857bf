/*
 * flock.c — flock(2) (fs/locks.c): whole-file advisory locks owned by open
 * file descriptions. Any number of shared locks, or one exclusive lock, per
 * inode; a description holds at most one (a new request replaces it, not
 * atomically, as on Linux); dup'd descriptors share it; it goes away with
 * LOCK_UN or the description's last close. A conflicting request sleeps
 * (interruptibly) unless LOCK_NB, which gives EWOULDBLOCK.
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
	struct file *owner;    /* not a reference: the owner removes it before it goes */
	bool exclusive;
};

void flock_release(struct file *f)
{
	struct inode *inode = f->inode;
	struct flock_holder *h, *tmp, *gone = NULL;
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	list_for_each_entry_safe(h, tmp, &inode->flocks, node) {
		if (h->owner == f) {
			list_del(&h->node);
			gone = h;
		}
	}
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	if (gone) {
		kfree(gone);
		wake_up_all(&inode->flock_wait);
	}
}

/* Takes the lock into h if nothing conflicts; true when it is held. */
static bool flock_try(struct inode *inode, struct flock_holder *h)
{
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	bool conflict = false;
	struct flock_holder *other;
	list_for_each_entry(other, &inode->flocks, node)
		conflict |= other->exclusive || h->exclusive;
	if (!conflict)
		list_add_tail(&h->node, &inode->flocks);
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	return !conflict;
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
	flock_release(f);
	err = 0;
	if (kind == LOCK_UN)
		goto out;
	struct flock_holder *h = kmalloc(sizeof(*h));
	err = -ENOMEM;
	if (!h)
		goto out;
	*h = (struct flock_holder){.owner = f, .exclusive = kind == LOCK_EX};
	err = 0;
	if (!flock_try(f->inode, h)) {
		err = (op & LOCK_NB) ? -EWOULDBLOCK
				     : wait_event_interruptible(&f->inode->flock_wait, flock_try(f->inode, h));
		if (err)
			kfree(h);
	}
out:
	file_put(f);
	return err;
}
