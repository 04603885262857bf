/*
 * filelock.c — fcntl(2) byte-range record locks (Linux fs/locks.c):
 * F_GETLK/F_SETLK/F_SETLKW ("POSIX" locks) and F_OFD_GETLK/F_OFD_SETLK/
 * F_OFD_SETLKW (open file description locks).
 *
 * Both kinds live in one list per inode, inode->posix_locks, and conflict
 * with each other; they differ only in their owner:
 *   - a POSIX lock belongs to the process's fd table (struct files, Linux's
 *     fl_owner = current->files): the threads of a process share it, a
 *     forked child does not inherit it, and ANY close of a descriptor of the
 *     file by the process drops all of its locks on the inode
 *     (locks_remove_posix, called from fd_close, close-on-exec and the fd
 *     table's teardown);
 *   - an OFD lock belongs to the open file description (struct file): dup'd
 *     and inherited descriptors share it, and it goes with the description's
 *     last close (locks_remove_file, from file_put).
 * Locks of one owner never conflict with each other. An owner's locks never
 * overlap: a new lock replaces the owner's old ones over its range (which
 * splits them) and is merged with the owner's adjacent or overlapping locks
 * of the same type (posix_lock_inode); its locks sit together in the list,
 * sorted by start, which F_GETLK's choice among several conflicts shows.
 * flock(2) locks (flock.c) are a
 * separate list and never interact with these, as on Linux.
 *
 * A range is [start, end] in bytes, inclusive; end == OFFSET_MAX means "to
 * the end of any file" (l_len 0).
 *
 * F_SETLKW sleeps on inode->posix_wait until nothing conflicts; every change
 * to the list wakes all sleepers, which retry. Before a POSIX request sleeps
 * it looks for a deadlock (posix_locks_deadlock): the owner of the blocking
 * lock may itself sleep waiting for a lock whose owner sleeps ... up to 10
 * steps; reaching the caller gives EDEADLK. For that, every sleeping POSIX
 * request is in the global list `lock_waiters` with the owner it waits on.
 * OFD requests are never checked, as on Linux.
 *
 * Locks: inode->flock_lock protects inode->posix_locks; lock_waiters_lock
 * (taken inside an inode's flock_lock, never the other way round) protects
 * lock_waiters. Memory is allocated before either is taken.
 */
#include <fs.h>

#include <kmalloc.h>
#include <syscall.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <wait.h>

#define OFFSET_MAX 0x7fffffffffffffffLL /* include/linux/fs.h: the largest loff_t */
#define MAX_DEADLK_ITERATIONS 10	/* fs/locks.c */

struct file_lock {
	struct list_head node; /* in inode->posix_locks [flock_lock] */
	struct lock_desc d;    /* /proc/locks: granted, or a request waiting (locks_list.c) */
	struct inode *inode;   /* whose lock it is */
	const void *owner;     /* struct files * (POSIX) or struct file * (OFD); not a reference */
	bool ofd;	       /* an OFD lock: F_GETLK reports its pid as -1 */
	int type;	       /* F_RDLCK or F_WRLCK */
	int pid;	       /* the process that set a POSIX lock, for F_GETLK */
	s64 start, end;	       /* the bytes it covers, inclusive [flock_lock and file_lock_list_lock to change] */
};

/* lock_get_status: OFD locks show pid -1 (locks_translate_pid). [file_lock_list_lock] */
static void posix_show(const struct lock_desc *d, struct lock_show *s)
{
	const struct file_lock *fl = container_of(d, struct file_lock, d);
	*s = (struct lock_show){.kind = fl->ofd ? LOCK_KIND_OFD : LOCK_KIND_POSIX,
				.type = fl->type,
				.pid = fl->ofd ? -1 : fl->pid,
				.inode = fl->inode,
				.start = fl->start,
				.end = fl->end};
}

static const struct lock_desc_ops posix_desc_ops = {.show = posix_show};

/* A sleeping F_SETLKW request (POSIX only): owner waits for a lock of blocker. */
struct lock_waiter {
	struct list_head node; /* in lock_waiters, or empty [lock_waiters_lock] */
	const void *owner;
	const void *blocker;
	struct inode *inode; /* where the blocking lock is */
};

static struct spinlock lock_waiters_lock = SPINLOCK_INIT("lock_waiters");
static struct list_head lock_waiters = LIST_HEAD_INIT(lock_waiters); /* [lock_waiters_lock] */

/*
 * The locks of owner on inode changed: the requests sleeping on them are
 * woken, and leave lock_waiters at once (Linux __locks_wake_up_blocks
 * deletes them from blocked_hash in the waker), so until a woken request
 * runs again — and re-registers if it is still blocked — no deadlock check
 * follows a chain through it. Otherwise owner's next F_SETLKW against a
 * lock of the woken waiter would see the stale entry: a false EDEADLK.
 */
static void unhook_waiters(struct inode *inode, const void *owner)
{
	ASSERT_HELD(&inode->flock_lock);
	unsigned long irq = spin_lock_irqsave(&lock_waiters_lock);
	struct lock_waiter *w, *tmp;
	list_for_each_entry_safe(w, tmp, &lock_waiters, node) {
		if (w->inode == inode && w->blocker == owner) {
			list_del(&w->node);
		}
	}
	spin_unlock_irqrestore(&lock_waiters_lock, irq);
}

static bool ranges_overlap(const struct file_lock *a, s64 start, s64 end)
{
	return a->start <= end && start <= a->end;
}

/* posix_locks_conflict between two requests, for lock_desc_block. */
static bool desc_conflict(const struct lock_desc *a, const struct lock_desc *b)
{
	const struct file_lock *x = container_of(a, struct file_lock, d), *y = container_of(b, struct file_lock, d);
	return x->owner != y->owner && ranges_overlap(x, y->start, y->end) &&
	       (x->type == F_WRLCK || y->type == F_WRLCK);
}

/* posix_locks_conflict: another owner's lock over the range, one of them a write lock. */
static struct file_lock *find_conflict(struct inode *inode, const struct file_lock *req)
{
	ASSERT_HELD(&inode->flock_lock);
	struct file_lock *fl;
	list_for_each_entry(fl, &inode->posix_locks, node) {
		if (fl->owner != req->owner && ranges_overlap(fl, req->start, req->end) &&
		    (fl->type == F_WRLCK || req->type == F_WRLCK))
			return fl;
	}
	return NULL;
}

/* posix_locks_deadlock: does the chain "owner X sleeps waiting for a lock of
 * owner Y" starting at blocker lead back to owner? */
static bool would_deadlock(const void *owner, const void *blocker)
{
	ASSERT_HELD(&lock_waiters_lock);
	for (int i = 0; i <= MAX_DEADLK_ITERATIONS; i++) {
		const struct lock_waiter *w, *found = NULL;
		list_for_each_entry(w, &lock_waiters, node) {
			if (w->owner == blocker) {
				found = w;
				break;
			}
		}
		if (!found)
			return false;
		blocker = found->blocker;
		if (blocker == owner)
			return true;
	}
	return false;
}

/* Spare nodes allocated before the inode's lock is taken; what is left is freed after. */
struct lock_spares {
	struct file_lock *node[2]; /* a split needs one, the new lock the other */
	struct file_lock *freed;   /* removed locks, chained through node.next */
};

static struct file_lock *take_spare(struct lock_spares *sp)
{
	for (int i = 0; i < 2; i++) {
		if (sp->node[i]) {
			struct file_lock *fl = sp->node[i];
			sp->node[i] = NULL;
			return fl;
		}
	}
	return NULL; /* cannot happen: at most one split and one new lock */
}

static void drop_lock(struct lock_spares *sp, struct file_lock *fl)
{
	lock_desc_remove(&fl->d);
	list_del(&fl->node);
	fl->node.next = (struct list_head *)sp->freed;
	sp->freed = fl;
}

static void free_spares(struct lock_spares *sp)
{
	kfree(sp->node[0]);
	kfree(sp->node[1]);
	while (sp->freed) {
		struct file_lock *next = (struct file_lock *)sp->freed->node.next;
		kfree(sp->freed);
		sp->freed = next;
	}
}

/*
 * Where posix_lock_inode puts a new lock: an owner's locks are one run of the
 * list, sorted by start; a new owner's run begins at the end. F_GETLK
 * reports the first conflicting lock in this order, so the order shows.
 */
static void insert_sorted(struct inode *inode, struct file_lock *added)
{
	struct list_head *after = NULL; /* the owner's last lock starting before it */
	struct file_lock *fl;
	list_for_each_entry(fl, &inode->posix_locks, node) {
		if (fl->owner != added->owner)
			continue;
		if (fl->start > added->start) {
			list_add_tail(&added->node, &fl->node); /* just before fl */
			return;
		}
		after = &fl->node;
	}
	if (after)
		list_add(&added->node, after);
	else
		list_add_tail(&added->node, &inode->posix_locks);
}

/* The sequence number Linux's posix_lock_inode would leave the new lock
 * with: that of the owner's first lock of the same type that it overlaps or
 * touches (reused and grown), else a new one. [flock_lock] */
static u64 merge_seq(struct inode *inode, const struct file_lock *req)
{
	struct file_lock *fl;
	list_for_each_entry(fl, &inode->posix_locks, node) {
		if (fl->owner != req->owner || fl->type != req->type)
			continue;
		bool touches = (fl->end == OFFSET_MAX || fl->end + 1 >= req->start) &&
			       (req->end == OFFSET_MAX || req->end + 1 >= fl->start);
		if (touches)
			return fl->d.seq;
	}
	return 0;
}

/*
 * posix_lock_inode without the conflict check: the owner's locks lose the
 * range [req->start, req->end]; then, unless req is F_UNLCK, a lock of
 * req's type covers it, merged with the owner's same-type neighbours. A
 * lock split in two keeps its right half, the left one is new (Linux's
 * new_fl2). [flock_lock, file_lock_list_lock]
 */
static void apply_lock(struct inode *inode, const struct file_lock *req, struct lock_spares *sp)
{
	ASSERT_HELD(&inode->flock_lock);
	u64 seq = req->type == F_UNLCK ? 0 : merge_seq(inode, req);
	struct file_lock *fl, *tmp, *left = NULL;
	list_for_each_entry_safe(fl, tmp, &inode->posix_locks, node) {
		if (fl->owner != req->owner || !ranges_overlap(fl, req->start, req->end))
			continue;
		if (fl->start < req->start && fl->end > req->end) { /* split in two */
			left = take_spare(sp);
			*left = *fl;
			lock_desc_init(&left->d, &posix_desc_ops);
			left->end = req->start - 1;
			list_add_tail(&left->node, &fl->node); /* just before fl */
			fl->start = req->end + 1;
		} else if (fl->start < req->start) {
			fl->end = req->start - 1;
		} else if (fl->end > req->end) {
			fl->start = req->end + 1;
		} else {
			drop_lock(sp, fl);
			continue;
		}
		lock_desc_changed(&fl->d);
	}
	if (req->type != F_UNLCK) {
		struct file_lock *added = take_spare(sp);
		*added = *req;
		lock_desc_init(&added->d, &posix_desc_ops);
		added->d.seq = seq;
		list_for_each_entry_safe(fl, tmp, &inode->posix_locks, node) {
			if (fl->owner != req->owner || fl->type != req->type)
				continue;
			if (fl->end != OFFSET_MAX && fl->end + 1 == added->start) {
				added->start = fl->start;
				drop_lock(sp, fl);
			} else if (added->end != OFFSET_MAX && added->end + 1 == fl->start) {
				added->end = fl->end;
				drop_lock(sp, fl);
			}
		}
		insert_sorted(inode, added);
		lock_desc_insert(&added->d);
	}
	if (left && left->type != req->type)
		lock_desc_insert(&left->d); /* after the new lock: newer (a same-type one merged into it) */
}

/* One attempt of a set request. Returns 0 (done), -EAGAIN (a conflict and
 * no waiting), -EDEADLK, or 1: the caller should sleep (registered in
 * lock_waiters through w when w is given). */
static int try_set_lock(struct inode *inode, struct file_lock *req, struct lock_spares *sp, struct lock_waiter *w)
{
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	struct file_lock *blocker = req->type == F_UNLCK ? NULL : find_conflict(inode, req);
	int ret = 0;
	unsigned long irq_list = lock_list_lock();
	if (!blocker) {
		apply_lock(inode, req, sp);
		lock_desc_finish(&req->d);
	} else if (w) {
		lock_desc_block(&blocker->d, &req->d, desc_conflict); /* shown under it */
	}
	lock_list_unlock(irq_list);
	if (!blocker) {
		unhook_waiters(inode, req->owner);
	} else if (!w) {
		ret = -EAGAIN;
	} else if (!req->ofd) {
		unsigned long irq2 = spin_lock_irqsave(&lock_waiters_lock);
		if (would_deadlock(req->owner, blocker->owner)) {
			ret = -EDEADLK;
		} else {
			w->blocker = blocker->owner;
			w->inode = inode;
			if (list_empty(&w->node))
				list_add_tail(&w->node, &lock_waiters);
			ret = 1;
		}
		spin_unlock_irqrestore(&lock_waiters_lock, irq2);
	} else {
		ret = 1;
	}
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	if (!ret)
		wake_up_all(&inode->posix_wait);
	return ret;
}

static void remove_waiter(struct lock_waiter *w)
{
	unsigned long irq = spin_lock_irqsave(&lock_waiters_lock);
	list_del(&w->node); /* harmless when it was never added */
	spin_unlock_irqrestore(&lock_waiters_lock, irq);
}

/* locks_remove_posix / locks_remove_file: every lock of owner on f's inode goes. */
void posix_locks_release(struct file *f, const void *owner)
{
	struct inode *inode = f->inode;
	struct lock_spares sp = {0};
	bool changed = false;
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	struct file_lock *fl, *tmp;
	unsigned long irq_list = lock_list_lock();
	list_for_each_entry_safe(fl, tmp, &inode->posix_locks, node) {
		if (fl->owner == owner) {
			drop_lock(&sp, fl);
			changed = true;
		}
	}
	lock_list_unlock(irq_list);
	if (changed)
		unhook_waiters(inode, owner);
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	if (changed) {
		free_spares(&sp);
		wake_up_all(&inode->posix_wait);
	}
}

/* flock64_to_posix_lock: the request's byte range from l_whence, l_start, l_len. */
static int user_range(struct file *f, const struct user_flock *l, struct file_lock *req)
{
	s64 base;
	switch (l->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (s64)f->pos; break;
	case SEEK_END:
		mutex_lock(&f->inode->lock);
		base = (s64)f->inode->size;
		mutex_unlock(&f->inode->lock);
		break;
	default: return -EINVAL;
	}
	if (l->l_start > OFFSET_MAX - base)
		return -EOVERFLOW;
	s64 start = base + l->l_start, end;
	if (start < 0)
		return -EINVAL;
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		end = start + l->l_len - 1;
	} else if (l->l_len < 0) {
		if (start + l->l_len < 0)
			return -EINVAL;
		end = start - 1;
		start += l->l_len;
	} else {
		end = OFFSET_MAX;
	}
	req->start = start;
	req->end = end;
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL; /* assign_type */
	req->type = l->l_type;
	return 0;
}

/* fcntl_getlk: the first lock that would block the request, or l_type F_UNLCK. */
static long get_lock(struct file *f, bool ofd, struct user_flock *l)
{
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	struct file_lock req = {0};
	long err = user_range(f, l, &req);
	if (err)
		return err;
	req.owner = current()->files;
	if (ofd) {
		if (l->l_pid != 0)
			return -EINVAL;
		req.owner = f;
	}
	struct inode *inode = f->inode;
	unsigned long irq = spin_lock_irqsave(&inode->flock_lock);
	struct file_lock *fl = find_conflict(inode, &req);
	if (!fl) {
		l->l_type = F_UNLCK;
	} else { /* posix_lock_to_flock */
		l->l_type = (s16)fl->type;
		l->l_whence = SEEK_SET;
		l->l_start = fl->start;
		l->l_len = fl->end == OFFSET_MAX ? 0 : fl->end - fl->start + 1;
		l->l_pid = fl->ofd ? -1 : fl->pid;
	}
	spin_unlock_irqrestore(&inode->flock_lock, irq);
	return 0;
}

/* fcntl_setlk: set, change or remove a lock; F_SETLKW sleeps on a conflict. */
static long set_lock(struct file *f, bool ofd, bool wait, const struct user_flock *l)
{
	struct file_lock req = {0};
	long err = user_range(f, l, &req);
	if (err)
		return err;
	/* check_fmode_for_setlk */
	if ((req.type == F_RDLCK && (f->flags & O_ACCMODE) == O_WRONLY) || (req.type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	req.owner = current()->files;
	req.pid = current()->group->pid;
	req.inode = f->inode;
	lock_desc_init(&req.d, &posix_desc_ops);
	if (ofd) {
		if (l->l_pid != 0)
			return -EINVAL;
		req.owner = f;
		req.ofd = true;
		req.pid = -1;
	}
	struct lock_spares sp = {.node = {kmalloc(sizeof(struct file_lock)), kmalloc(sizeof(struct file_lock))}};
	if (!sp.node[0] || !sp.node[1]) {
		free_spares(&sp);
		return -ENOLCK;
	}
	struct inode *inode = f->inode;
	struct lock_waiter waiter = {.owner = req.owner};
	list_init(&waiter.node);
	int ret = try_set_lock(inode, &req, &sp, wait ? &waiter : NULL);
	if (ret == 1) {
		/* the condition retries (and re-registers) until done or an error */
		int sleep = wait_event_interruptible(&inode->posix_wait,
						     (ret = try_set_lock(inode, &req, &sp, &waiter)) != 1);
		if (sleep)
			ret = sleep; /* -ERESTARTSYS: a signal */
	}
	remove_waiter(&waiter);
	lock_desc_done(&req.d);
	free_spares(&sp);
	return ret;
}

long fcntl_lock(struct file *f, int cmd, uaddr_t uarg)
{
	struct user_flock l;
	if (copy_from_user(&l, uarg, sizeof(l)))
		return -EFAULT;
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		long err = get_lock(f, ofd, &l);
		if (!err && copy_to_user(uarg, &l, sizeof(l)))
			err = -EFAULT;
		return err;
	}
	return set_lock(f, ofd, cmd == F_SETLKW || cmd == F_OFD_SETLKW, &l);
}
