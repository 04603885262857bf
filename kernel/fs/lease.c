/*
 * lease.c — file leases (Linux 6.1 fs/locks.c: fcntl_setlease,
 * generic_add_lease, generic_delete_lease, check_conflicting_open,
 * fcntl_getlease, __break_lease, time_out_leases, lease_modify,
 * locks_remove_lease; fcntl(2) "Leases"; the fs.lease-break-time and
 * fs.leases-enable sysctls).
 *
 * A lease belongs to an open file description of a regular file and is set
 * by the file's owner (or CAP_LEASE). A read lease (F_RDLCK) needs the file
 * open for writing nowhere; a write lease (F_WRLCK) needs no other open at
 * all (the inode's write and read-only open counts are only the holder's own)
 * and no other lease. A description holds at most one lease: setting again
 * changes its type. Setting a lease makes the caller the file's owner
 * (F_SETOWN, lease_setup) and records the descriptor for si_fd.
 *
 * Breaking (__break_lease): an open for writing (or truncate(2)) conflicts
 * with every lease, an open for reading only with write leases. Each
 * conflicting lease not already being broken is marked (a writer: unlock
 * pending; a reader: downgrade pending), its holder gets F_SETSIG's signal
 * (SIGIO by default) with si_code POLL_MSG, and the deadline
 * lease-break-time seconds ahead is noted (none when it is 0 or negative).
 * An O_NONBLOCK opener then fails with EWOULDBLOCK; any other sleeps until
 * no lease conflicts: the holder unlocks or downgrades (F_SETLEASE), closes
 * the file, or the deadline passes and the kernel does it (time_out_leases,
 * run before every look at the list). While an unlock is pending F_GETLEASE
 * reports F_UNLCK, while a downgrade is pending F_RDLCK (target_leasetype),
 * and no other lease can be taken (EAGAIN). Removing a lease also clears the
 * file's owner and F_SETSIG signal (lease_modify's f_delown).
 *
 * The opener's own open counts are taken before it breaks (do_dentry_open),
 * so a holder asked to give way to a writer cannot downgrade to a read
 * lease (EAGAIN): it must unlock.
 *
 * Locking: lease_lock (a spinlock) protects every inode's lease list, every
 * lease (what /proc/locks shows of it: locks_list.c takes lease_lock). The only lock taken inside it is
 * tasklist_lock (setting or clearing the holder's owner); signals are sent
 * after it is dropped, with a reference to each holder's file. Openers sleep
 * on inode->lease_wait, woken at every change of a lease. An open of a file
 * without leases looks at the list without the lock (as Linux's lockless
 * break_lease check): a lease set concurrently sees the opener's counts,
 * taken before (check_conflicting_open).
 */
#include <fs.h>

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include <wait.h>

#define UNLOCK_PENDING 0x1u    /* FL_UNLOCK_PENDING: a writer is waiting */
#define DOWNGRADE_PENDING 0x2u /* FL_DOWNGRADE_PENDING: a reader is waiting */

struct lease {
	struct list_head node; /* in inode->leases [lease_lock] */
	struct lock_desc d;    /* on /proc/locks's list (locks_list.c) */
	struct file *file;     /* the holder; no reference: lease_release removes it first */
	int fd;		       /* the descriptor F_SETLEASE used: si_fd [lease_lock] */
	int type;	       /* F_RDLCK or F_WRLCK [lease_lock] */
	unsigned pending;      /* UNLOCK_PENDING, DOWNGRADE_PENDING [lease_lock] */
	u64 break_at;	       /* monotonic ns when an unlock is forced; 0: never [lease_lock] */
	u64 downgrade_at;      /* the same for a downgrade [lease_lock] */
	int pid;	       /* the process that set it, for /proc/locks */
};

static struct spinlock lease_lock = SPINLOCK_INIT("lease");
static int lease_break_time = 45; /* seconds (fs/locks.c) [atomic] */
static int leases_enable = 1;	  /* [atomic] */

static struct list_head *leases_of(struct inode *inode)
{
	return &inode->leases;
}

/* target_leasetype: what the holder is about to be left with. */
static int lease_target(const struct lease *l)
{
	if (l->pending & UNLOCK_PENDING)
		return F_UNLCK;
	if (l->pending & DOWNGRADE_PENDING)
		return F_RDLCK;
	return l->type;
}

/* lock_get_status for a lease: BREAKING while a break is pending, the type
 * target_leasetype's. [lease_lock, which /proc/locks holds] */
static void lease_show(const struct lock_desc *d, struct lock_show *s)
{
	const struct lease *l = container_of(d, struct lease, d);
	*s = (struct lock_show){.kind = LOCK_KIND_LEASE,
				.type = lease_target(l),
				.pid = l->pid,
				.inode = l->file->inode,
				.breaking = l->pending != 0};
}

static const struct lock_desc_ops lease_desc_ops = {.show = lease_show};

/* __break_lease's new_fl: an open that sleeps until the leases in its way
 * are broken, shown in /proc/locks as "BREAKER" under the first lease
 * (locks_insert_block); on the caller's stack while it waits. */
struct lease_breaker {
	struct lock_desc d;
	struct inode *inode;
	bool want_write; /* its type: WRITE for an open for writing, READ otherwise */
	int pid;
};

static void breaker_show(const struct lock_desc *d, struct lock_show *s)
{
	const struct lease_breaker *b = container_of(d, struct lease_breaker, d);
	*s = (struct lock_show){.kind = LOCK_KIND_LEASE,
				.type = b->want_write ? LOCK_TYPE_WRITE : LOCK_TYPE_READ,
				.pid = b->pid,
				.breaker = true}; /* no file, so no inode: "<none>:0" */
}

static const struct lock_desc_ops breaker_desc_ops = {.show = breaker_show};

/* leases_conflict between two breakers waiting on one lease: one writes. */
static bool breakers_conflict(const struct lock_desc *a, const struct lock_desc *b)
{
	return container_of(a, struct lease_breaker, d)->want_write ||
	       container_of(b, struct lease_breaker, d)->want_write;
}

/* Hangs b on the first lease of its inode (the oldest), if any is left. */
static void breaker_block(struct lease_breaker *b)
{
	unsigned long irq = spin_lock_irqsave(&lease_lock);
	unsigned long irq2 = lock_list_lock();
	if (!list_empty(leases_of(b->inode))) {
		struct lease *first = list_first_entry(leases_of(b->inode), struct lease, node);
		lock_desc_block(&first->d, &b->d, breakers_conflict);
	}
	lock_list_unlock(irq2);
	spin_unlock_irqrestore(&lease_lock, irq);
}

/* lease_modify: a new type for l; F_UNLCK removes it (the caller frees it
 * after dropping lease_lock) and clears the file's owner. [lease_lock] */
static void lease_modify(struct lease *l, int type, struct list_head *freed)
{
	ASSERT_HELD(&lease_lock);
	struct inode *inode = l->file->inode;
	l->type = type;
	if (type == F_UNLCK)
		l->pending &= ~UNLOCK_PENDING;
	if (type == F_UNLCK || type == F_RDLCK)
		l->pending &= ~DOWNGRADE_PENDING;
	wake_up_all(&inode->lease_wait);
	if (type == F_UNLCK) {
		file_owner_clear(l->file);
		list_del(&l->node);
		unsigned long irq = lock_list_lock();
		lock_desc_remove(&l->d);
		lock_list_unlock(irq);
		list_add_tail(&l->node, freed);
	}
}

static void free_leases(struct list_head *freed)
{
	struct lease *l, *tmp;
	list_for_each_entry_safe(l, tmp, freed, node)
		kfree(l);
}

static bool past(u64 deadline, u64 now)
{
	return deadline && now > deadline;
}

/* time_out_leases: carry out the breaks whose lease-break-time is over. [lease_lock] */
static void time_out_leases(struct inode *inode, struct list_head *freed)
{
	u64 now = time_since_boot_ns();
	struct lease *l, *tmp;
	list_for_each_entry_safe(l, tmp, leases_of(inode), node) {
		if (past(l->downgrade_at, now))
			lease_modify(l, F_RDLCK, freed);
		if (past(l->break_at, now))
			lease_modify(l, F_UNLCK, freed);
	}
}

/* leases_conflict: a writer conflicts with any lease, a reader with a write lease. */
static bool lease_conflicts(const struct lease *l, bool want_write)
{
	return want_write || l->type == F_WRLCK;
}

/* Does any lease still stand in the way? Also the earliest forced break
 * among them (~0: none). Runs time_out_leases first. */
static bool any_conflict(struct inode *inode, bool want_write, u64 *deadline)
{
	struct list_head freed = LIST_HEAD_INIT(freed);
	bool conflict = false;
	*deadline = ~0ULL;
	unsigned long irq = spin_lock_irqsave(&lease_lock);
	time_out_leases(inode, &freed);
	struct lease *l;
	list_for_each_entry(l, leases_of(inode), node) {
		if (!lease_conflicts(l, want_write))
			continue;
		conflict = true;
		u64 at = want_write ? l->break_at : l->downgrade_at;
		if (at && at < *deadline)
			*deadline = at + 1;
	}
	spin_unlock_irqrestore(&lease_lock, irq);
	free_leases(&freed);
	return conflict;
}

static bool no_conflict(struct inode *inode, bool want_write)
{
	u64 deadline;
	return !any_conflict(inode, want_write, &deadline);
}

#define BREAK_BATCH 8

/* Marks up to BREAK_BATCH conflicting leases not yet being broken and takes
 * a reference to each holder's file (signalled after the lock is dropped);
 * returns how many, and whether any lease conflicts at all. */
static int mark_breaks(struct inode *inode, bool want_write, struct file **files, int *fds, bool *conflict)
{
	struct list_head freed = LIST_HEAD_INIT(freed);
	int n = 0;
	*conflict = false;
	unsigned long irq = spin_lock_irqsave(&lease_lock);
	time_out_leases(inode, &freed);
	u64 deadline = 0;
	int secs = __atomic_load_n(&lease_break_time, __ATOMIC_RELAXED);
	if (secs > 0)
		deadline = time_since_boot_ns() + (u64)secs * NSEC_PER_SEC;
	struct lease *l;
	list_for_each_entry(l, leases_of(inode), node) {
		if (!lease_conflicts(l, want_write))
			continue;
		*conflict = true;
		if (n == BREAK_BATCH)
			break;
		if (want_write) {
			if (l->pending & UNLOCK_PENDING)
				continue;
			l->pending |= UNLOCK_PENDING;
			l->break_at = deadline;
		} else {
			if (l->pending)
				continue; /* lease_breaking */
			l->pending |= DOWNGRADE_PENDING;
			l->downgrade_at = deadline;
		}
		file_get(l->file);
		files[n] = l->file;
		fds[n++] = l->fd;
	}
	spin_unlock_irqrestore(&lease_lock, irq);
	free_leases(&freed);
	return n;
}

int lease_break(struct inode *inode, unsigned flags)
{
	/* lockless first look: see the header comment */
	if (__atomic_load_n(&leases_of(inode)->next, __ATOMIC_ACQUIRE) == leases_of(inode))
		return 0;
	bool want_write = (flags & O_ACCMODE) != O_RDONLY;
	bool conflict;
	for (;;) {
		struct file *files[BREAK_BATCH];
		int fds[BREAK_BATCH];
		int n = mark_breaks(inode, want_write, files, fds, &conflict);
		for (int i = 0; i < n; i++) {
			file_send_sigio(files[i], fds[i], POLL_MSG); /* lease_break_callback */
			file_put(files[i]);
		}
		if (n < BREAK_BATCH)
			break;
	}
	if (!conflict)
		return 0;
	if (flags & O_NONBLOCK)
		return -EWOULDBLOCK;
	struct lease_breaker b = {.inode = inode, .want_write = want_write, .pid = current()->group->pid};
	lock_desc_init(&b.d, &breaker_desc_ops);
	int err;
	for (;;) {
		u64 deadline;
		err = 0;
		if (!any_conflict(inode, want_write, &deadline))
			break;
		breaker_block(&b);
		err = wait_event_interruptible_timeout(&inode->lease_wait, no_conflict(inode, want_write), deadline);
		lock_desc_done(&b.d); /* locks_delete_block */
		if (err != -ETIMEDOUT)
			break;
	}
	return err;
}

/* check_conflicting_open: a read lease while the file is open for writing,
 * or a write lease while it is open (or running) anywhere but here: EAGAIN. */
static int conflicting_open(struct file *f, int type)
{
	struct inode *inode = f->inode;
	int writers = __atomic_load_n(&inode->write_count, __ATOMIC_ACQUIRE);
	if (type == F_RDLCK)
		return writers > 0 ? -EAGAIN : 0;
	int readers = __atomic_load_n(&inode->read_count, __ATOMIC_ACQUIRE);
	int self_w = f->write_access ? 1 : 0, self_r = f->read_access ? 1 : 0;
	return writers != self_w || readers != self_r ? -EAGAIN : 0;
}

/* generic_add_lease, or generic_delete_lease for F_UNLCK. [lease_lock] */
static int set_lease_locked(struct file *f, int fd, int type, struct lease **fresh, struct list_head *freed)
{
	ASSERT_HELD(&lease_lock);
	struct inode *inode = f->inode;
	time_out_leases(inode, freed);
	struct lease *l, *mine = NULL;
	list_for_each_entry(l, leases_of(inode), node) {
		if (l->file == f)
			mine = l;
	}
	if (type == F_UNLCK) {
		if (!mine)
			return -EAGAIN;
		lease_modify(mine, F_UNLCK, freed);
		return 0;
	}
	int err = conflicting_open(f, type);
	if (err)
		return err;
	list_for_each_entry(l, leases_of(inode), node) {
		if (l == mine)
			continue;
		if (type == F_WRLCK || (l->pending & UNLOCK_PENDING))
			return -EAGAIN; /* someone else's lease, or one a writer is breaking */
	}
	if (mine) {
		lease_modify(mine, type, freed);
	} else {
		if (!__atomic_load_n(&leases_enable, __ATOMIC_RELAXED))
			return -EINVAL;
		mine = *fresh;
		*fresh = NULL;
		mine->file = f;
		mine->type = type;
		mine->pid = current()->group->pid;
		list_add_tail(&mine->node, leases_of(inode));
		lock_desc_init(&mine->d, &lease_desc_ops);
		unsigned long irq = lock_list_lock();
		lock_desc_insert(&mine->d);
		lock_list_unlock(irq);
	}
	mine->fd = fd;		   /* lease_setup: fasync_insert_entry */
	file_owner_set_current(f); /* __f_setown(filp, task_pid(current), PIDTYPE_TGID) */
	return 0;
}

/* fcntl_setlease: lease_alloc's type check, then generic_setlease's owner and type ones. */
static long set_lease(struct file *f, int fd, u64 arg)
{
	int type = (int)arg;
	if (arg > F_UNLCK)
		return -EINVAL; /* assign_type */
	struct inode *inode = f->inode;
	mutex_lock(&inode->lock);
	u32 uid = inode->uid, mode = inode->mode;
	mutex_unlock(&inode->lock);
	if (cred_current()->fsuid != uid && !capable(CAP_LEASE))
		return -EACCES;
	if ((mode & S_IFMT) != S_IFREG)
		return -EINVAL;
	struct lease *fresh = NULL;
	if (type != F_UNLCK) {
		fresh = kzalloc(sizeof(*fresh));
		if (!fresh)
			return -ENOMEM;
	}
	struct list_head freed = LIST_HEAD_INIT(freed);
	unsigned long irq = spin_lock_irqsave(&lease_lock);
	int err = set_lease_locked(f, fd, type, &fresh, &freed);
	spin_unlock_irqrestore(&lease_lock, irq);
	free_leases(&freed);
	kfree(fresh);
	return err;
}

/* fcntl_getlease: the type this description's lease is heading for, F_UNLCK without one. */
static long get_lease(struct file *f)
{
	struct list_head freed = LIST_HEAD_INIT(freed);
	int type = F_UNLCK;
	unsigned long irq = spin_lock_irqsave(&lease_lock);
	time_out_leases(f->inode, &freed);
	struct lease *l;
	list_for_each_entry(l, leases_of(f->inode), node) {
		if (l->file == f) {
			type = lease_target(l);
			break;
		}
	}
	spin_unlock_irqrestore(&lease_lock, irq);
	free_leases(&freed);
	return type;
}

long fcntl_lease(struct file *f, int fd, int cmd, u64 arg)
{
	if (f->flags & O_PATH)
		return -EBADF; /* check_fcntl_cmd */
	return cmd == F_SETLEASE ? set_lease(f, fd, arg) : get_lease(f);
}

void lease_release(struct file *f)
{
	struct inode *inode = f->inode;
	if (__atomic_load_n(&leases_of(inode)->next, __ATOMIC_ACQUIRE) == leases_of(inode))
		return;
	struct list_head freed = LIST_HEAD_INIT(freed);
	unsigned long irq = spin_lock_irqsave(&lease_lock);
	struct lease *l, *tmp;
	list_for_each_entry_safe(l, tmp, leases_of(inode), node) {
		if (l->file == f)
			lease_modify(l, F_UNLCK, &freed); /* locks_remove_lease */
	}
	spin_unlock_irqrestore(&lease_lock, irq);
	free_leases(&freed);
}

unsigned long lease_list_lock(void)
{
	return spin_lock_irqsave(&lease_lock);
}

void lease_list_unlock(unsigned long irq)
{
	spin_unlock_irqrestore(&lease_lock, irq);
}

int lease_sysctl_get(bool enable)
{
	return __atomic_load_n(enable ? &leases_enable : &lease_break_time, __ATOMIC_RELAXED);
}

int lease_sysctl_set(bool enable, const char *text, size_t len)
{
	int value;
	int err = sysctl_parse_int(text, len, &value);
	if (!err)
		__atomic_store_n(enable ? &leases_enable : &lease_break_time, value, __ATOMIC_RELAXED);
	return err;
}
