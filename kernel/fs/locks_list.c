/*
 * locks_list.c — /proc/locks (Linux 6.1 fs/locks.c: file_lock_list,
 * __locks_insert_block, locks_show, lock_get_status): every granted lock —
 * POSIX and OFD record locks (filelock.c), flock locks (flock.c), leases
 * (lease.c) — newest first, each followed by the requests blocked on it.
 *
 * Each lock embeds a struct lock_desc. Granted ones are on file_lock_list,
 * ordered by a sequence number taken when Linux would insert its struct
 * file_lock into its list (a lock that Linux changes in place keeps its
 * number, so it keeps its place). A sleeping request is a lock_desc that is
 * not on the list but hangs on the blocked list of the lock it waits for —
 * or, as Linux's __locks_insert_block does, on that of a request already
 * waiting there that it conflicts with — and is printed under it with
 * "-> " indented one more column per level. A lock that goes or changes
 * lets its waiters go first (locks_wake_up_blocks): they hang on again
 * when they retry.
 *
 * Locking: file_lock_list_lock protects the list, every desc's links and
 * the fields its show function prints. It is innermost for the lock code:
 * taken inside an inode's flock_lock and inside lease_lock, which /proc/locks
 * takes first so the leases' fields hold still while they are printed.
 */
#include <fs.h>

#include <format.h>
#include <string.h>
#include <vfs.h>

#define OFFSET_MAX 0x7fffffffffffffffLL

static struct spinlock file_lock_list_lock = SPINLOCK_INIT("file_lock_list");
static struct list_head file_lock_list = LIST_HEAD_INIT(file_lock_list); /* newest first */
static u64 lock_seq;

void lock_desc_init(struct lock_desc *d, const struct lock_desc_ops *ops)
{
	*d = (struct lock_desc){.ops = ops};
	list_init(&d->all);
	list_init(&d->blocked);
	list_init(&d->blocked_member);
}

u64 lock_desc_seq(void)
{
	return __atomic_add_fetch(&lock_seq, 1, __ATOMIC_RELAXED);
}

unsigned long lock_list_lock(void)
{
	return spin_lock_irqsave(&file_lock_list_lock);
}

void lock_list_unlock(unsigned long irq)
{
	spin_unlock_irqrestore(&file_lock_list_lock, irq);
}

/* __locks_wake_up_blocks: every request blocked on d lets go of it. [file_lock_list_lock] */
static void release_waiters(struct lock_desc *d)
{
	struct lock_desc *w, *tmp;
	list_for_each_entry_safe(w, tmp, &d->blocked, blocked_member) {
		list_del(&w->blocked_member);
		list_init(&w->blocked_member);
		w->blocker = NULL;
	}
}

void lock_desc_insert(struct lock_desc *d)
{
	ASSERT_HELD(&file_lock_list_lock);
	if (!d->seq)
		d->seq = lock_desc_seq();
	struct lock_desc *pos;
	list_for_each_entry(pos, &file_lock_list, all) {
		if (pos->seq < d->seq) {
			list_add_tail(&d->all, &pos->all); /* just before pos */
			return;
		}
	}
	list_add_tail(&d->all, &file_lock_list);
}

void lock_desc_remove(struct lock_desc *d)
{
	ASSERT_HELD(&file_lock_list_lock);
	if (!list_empty(&d->all)) {
		list_del(&d->all);
		list_init(&d->all);
	}
	release_waiters(d);
}

void lock_desc_changed(struct lock_desc *d)
{
	ASSERT_HELD(&file_lock_list_lock);
	release_waiters(d);
}

void lock_desc_block(struct lock_desc *blocker, struct lock_desc *waiter,
		     bool (*conflict)(const struct lock_desc *a, const struct lock_desc *b))
{
	ASSERT_HELD(&file_lock_list_lock);
	lock_desc_unblock(waiter);
	bool deeper = true;
	while (deeper) {
		deeper = false;
		struct lock_desc *w;
		list_for_each_entry(w, &blocker->blocked, blocked_member) {
			if (conflict(w, waiter)) {
				blocker = w;
				deeper = true;
				break;
			}
		}
	}
	waiter->blocker = blocker;
	list_add_tail(&waiter->blocked_member, &blocker->blocked);
}

void lock_desc_unblock(struct lock_desc *waiter)
{
	ASSERT_HELD(&file_lock_list_lock);
	if (waiter->blocker) {
		list_del(&waiter->blocked_member);
		list_init(&waiter->blocked_member);
		waiter->blocker = NULL;
	}
}

void lock_desc_finish(struct lock_desc *waiter)
{
	ASSERT_HELD(&file_lock_list_lock);
	lock_desc_unblock(waiter);
	release_waiters(waiter);
}

void lock_desc_done(struct lock_desc *waiter)
{
	unsigned long irq = lock_list_lock();
	lock_desc_finish(waiter);
	lock_list_unlock(irq);
}

/* Text with snprintf's rules: what fits goes to buf, len counts it all. */
struct proc_text {
	char *buf;
	size_t cap, len;
};

static void emit(struct proc_text *t, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	size_t len = MIN((size_t)n, sizeof(line) - 1);
	if (t->buf && t->len < t->cap)
		memcpy(t->buf + t->len, line, MIN(len, t->cap - t->len));
	t->len += len;
}

/* lock_get_status: one line; level > 0 for a blocked request. [file_lock_list_lock] */
static void show_one(struct proc_text *t, const struct lock_desc *d, int id, int level)
{
	struct lock_show s = {0};
	d->ops->show(d, &s);
	emit(t, "%d: ", id);
	if (level)
		emit(t, "%*s", level - 1 + 3, "-> ");
	static const char *const kinds[] = {
		[LOCK_KIND_POSIX] = "POSIX  ADVISORY  ",
		[LOCK_KIND_OFD] = "OFDLCK ADVISORY  ",
		[LOCK_KIND_FLOCK] = "FLOCK  ADVISORY  ",
	};
	if (s.kind == LOCK_KIND_LEASE)
		emit(t, "LEASE  %s", s.breaking ? "BREAKING  " : s.breaker ? "BREAKER   " : "ACTIVE    ");
	else
		emit(t, "%s", kinds[s.kind]);
	emit(t, "%s ", s.type == LOCK_TYPE_WRITE ? "WRITE" : s.type == LOCK_TYPE_READ ? "READ" : "UNLCK");
	if (s.inode)
		emit(t, "%d %02x:%02x:%lu ", s.pid, dev_major(s.inode->sb->dev), dev_minor(s.inode->sb->dev),
		     (unsigned long)s.inode->ino);
	else
		emit(t, "%d <none>:0 ", s.pid); /* a lease breaker has no file */
	if (s.kind != LOCK_KIND_POSIX && s.kind != LOCK_KIND_OFD)
		emit(t, "0 EOF\n");
	else if (s.end == OFFSET_MAX)
		emit(t, "%lld EOF\n", (long long)s.start);
	else
		emit(t, "%lld %lld\n", (long long)s.start, (long long)s.end);
}

/* locks_show: a lock, then the tree of requests blocked on it, depth first. */
static void show_tree(struct proc_text *t, const struct lock_desc *top, int id)
{
	const struct lock_desc *cur = top;
	int level = 0;
	while (cur) {
		show_one(t, cur, id, level);
		if (!list_empty(&cur->blocked)) {
			cur = list_first_entry(&cur->blocked, struct lock_desc, blocked_member);
			level++;
			continue;
		}
		/* the next sibling, or the next one of the nearest ancestor that has one */
		while (cur != top && cur->blocked_member.next == &cur->blocker->blocked) {
			cur = cur->blocker;
			level--;
		}
		cur = cur == top ? NULL : list_entry(cur->blocked_member.next, struct lock_desc, blocked_member);
	}
}

size_t locks_proc_format(char *buf, size_t cap)
{
	struct proc_text t = {.buf = buf, .cap = cap};
	unsigned long irq = lease_list_lock();
	unsigned long irq2 = lock_list_lock();
	int id = 0;
	struct lock_desc *d;
	list_for_each_entry(d, &file_lock_list, all)
		show_tree(&t, d, ++id);
	lock_list_unlock(irq2);
	lease_list_unlock(irq);
	return t.len;
}
