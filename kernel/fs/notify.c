/*
 * notify.c — inotify (Linux fs/notify/fsnotify.c, fs/notify/inotify/):
 * watches on inodes, and per-instance queues of events that read(2) returns.
 *
 * An inotify instance (struct inotify_group) is an anonymous file with a
 * queue of events and the watches it made. A watch (struct inotify_watch)
 * joins one group to one inode: it is on the inode's list (inode->
 * inotify_watches) and on the group's, holds a reference to the inode, and
 * carries the events it wants, its flags (IN_ONESHOT, IN_EXCL_UNLINK) and
 * its watch descriptor, given out cyclically from 1 (idr_alloc_cyclic).
 *
 * The hooks in fsnotify.h find the watches of the inode (and of its parent
 * directory, for events on a child: the parent's watch is told first, with
 * the child's name) and queue an event on each group that wants it. As
 * Linux's inotify: an event equal to the last one queued (mask, wd, name)
 * is merged into it; once max_queued_events (16384) are queued, a single
 * IN_Q_OVERFLOW event (wd -1) stands for every event lost (the limit is
 * /proc/sys/fs/inotify/max_queued_events when the instance was made; a
 * user may have max_user_instances instances, EMFILE past that, and
 * max_user_watches watches over all its instances, ENOSPC past that: by
 * default what 1% of memory holds at INOTIFY_WATCH_COST bytes a watch,
 * 8192..1048576, as Linux's inotify_user_setup); a watch that
 * goes (inotify_rm_watch, IN_ONESHOT after its event, its inode deleted)
 * queues IN_IGNORED. Event names are padded with NULs to a multiple of 16
 * bytes, as read(2) gives them.
 *
 * Locks: inotify_lock (one for the system) protects every inode's watch
 * list, every group's watch list and last_wd, and the watches' masks; a
 * group's queue lock (notification.c) protects its queue. Order:
 * inotify_lock, then a group's queue lock, then wait-queue locks (wake-ups) and kmalloc's. Hooks take
 * dcache_lock only before inotify_lock, never inside it. Nothing here
 * sleeps under a lock; inode references dropped by removed watches are put
 * after inotify_lock is released.
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fsnotify.h>
#include <format.h>
#include <kmalloc.h>
#include <page.h>
#include <poll.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <wait.h>

#define INT_MAX 0x7fffffff

int fsnotify_watches;
static struct spinlock inotify_lock = SPINLOCK_INIT("inotify");
static u32 next_cookie;						   /* atomic */
static struct list_head all_watches = LIST_HEAD_INIT(all_watches); /* [inotify_lock] */
static struct list_head all_groups = LIST_HEAD_INIT(all_groups);   /* [inotify_lock] */
/* /proc/sys/fs/inotify/max_queued_events (read when an instance is made),
 * max_user_instances and max_user_watches (per effective uid of the
 * instance's maker), and fanotify's three of /proc/sys/fs/fanotify (read by
 * fanotify.c likewise), Linux's defaults, indexed by enum fsnotify_limit
 * [atomic] */
static int inotify_limits[] = {
	[INOTIFY_MAX_QUEUED_EVENTS] = 16384,  [INOTIFY_MAX_USER_INSTANCES] = 128, [INOTIFY_MAX_USER_WATCHES] = 8192,
	[FANOTIFY_MAX_QUEUED_EVENTS] = 16384, [FANOTIFY_MAX_USER_GROUPS] = 128,	  [FANOTIFY_MAX_USER_MARKS] = 8192,
};

/* Linux 6.1 arm64's INOTIFY_WATCH_COST: sizeof(struct inotify_inode_mark)
 * plus two struct inodes, the memory a watch may pin (measured from its
 * max_user_watches at 2 and 4 GiB). */
#define INOTIFY_WATCH_COST 1344
/* fanotify_user_setup's INODE_MARK_COST, two struct inodes: the above less
 * the 80 bytes of an inotify_inode_mark (estimated, not measured). */
#define FANOTIFY_MARK_COST 1264

/* What 1% of memory holds at cost bytes each, within 8192..1048576. */
static int limit_from_memory(u64 cost)
{
	u64 n = page_total_count() / 100 * PAGE_SIZE / cost;
	return (int)MIN(MAX(n, (u64)8192), (u64)1048576);
}

void fsnotify_init(void)
{
	__atomic_store_n(&inotify_limits[INOTIFY_MAX_USER_WATCHES], limit_from_memory(INOTIFY_WATCH_COST),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&inotify_limits[FANOTIFY_MAX_USER_MARKS], limit_from_memory(FANOTIFY_MARK_COST),
			 __ATOMIC_RELAXED);
}

/* One queued event; name_len bytes of name follow (not NUL-terminated). */
struct inotify_kevent {
	struct list_head node; /* in group->q.events [group->q.lock]; empty when not queued (overflow) */
	s32 wd;
	u32 mask;
	u32 cookie;
	u32 name_len;
	char name[];
};

struct inotify_group {
	/* struct inotify_kevent, the overflow event included [q.lock];
	 * q.max_events: max_queued_events when it was made */
	struct fsnotify_queue q;
	struct inotify_kevent overflow; /* the one IN_Q_OVERFLOW event [q.lock] */
	struct list_head watches;	/* struct inotify_watch.group_node [inotify_lock] */
	int last_wd;			/* the last watch descriptor given [inotify_lock] */
	u32 euid;			/* its maker's, for max_user_instances */
	struct list_head all_node;	/* in all_groups [inotify_lock] */
};

struct inotify_watch {
	struct list_head inode_node; /* in inode->inotify_watches [inotify_lock] */
	struct list_head group_node; /* in group->watches [inotify_lock] */
	struct list_head all_node;   /* in all_watches [inotify_lock] */
	struct inotify_group *group;
	struct inode *inode; /* holds a reference */
	int wd;
	u32 mask;  /* IN_ALL_EVENTS bits wanted [inotify_lock] */
	u32 flags; /* IN_ONESHOT, IN_EXCL_UNLINK [inotify_lock] */
};

u32 fsnotify_cookie(void)
{
	return __atomic_add_fetch(&next_cookie, 1, __ATOMIC_RELAXED);
}

/* The size read(2) gives an event: the header and the padded name. */
static size_t kevent_size(const struct inotify_kevent *e)
{
	size_t rec = sizeof(struct inotify_event_user);
	return rec + (e->name_len ? ALIGN_UP(e->name_len + 1, rec) : 0);
}

/* inotify_merge's event_compare: equal to the last event queued? */
static bool kevent_same(const struct inotify_kevent *old, const struct inotify_kevent *e)
{
	if (old->mask & IN_IGNORED)
		return false;
	return old->mask == e->mask && old->wd == e->wd && old->name_len == e->name_len &&
	       memcmp(old->name, e->name, e->name_len) == 0;
}

/* fsnotify_add_event: queues e (consumed), merging it with the last event
 * (merge) or standing in the overflow event for it when the queue is full. */
static void group_add_event(struct inotify_group *g, struct inotify_kevent *e, bool merge)
{
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	if (!e || g->q.queued >= g->q.max_events) {
		kfree(e); /* lost: an allocation failure counts as an overflow too */
		if (!list_empty(&g->overflow.node)) {
			spin_unlock_irqrestore(&g->q.lock, irq);
			return;
		}
		e = &g->overflow;
	} else if (merge && !list_empty(&g->q.events) &&
		   kevent_same(list_entry(g->q.events.prev, struct inotify_kevent, node), e)) {
		spin_unlock_irqrestore(&g->q.lock, irq);
		kfree(e);
		return;
	}
	g->q.queued++;
	list_add_tail(&e->node, &g->q.events);
	spin_unlock_irqrestore(&g->q.lock, irq);
	fsnotify_queue_wake(&g->q); /* fsnotify_insert_event; not for a merged event */
}

static struct inotify_kevent *kevent_alloc(s32 wd, u32 mask, u32 cookie, const char *name, size_t len)
{
	struct inotify_kevent *e = kmalloc(sizeof(*e) + len);
	if (!e)
		return NULL;
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->name_len = (u32)len;
	memcpy(e->name, name, len);
	return e;
}

/* Takes w out of both lists and queues IN_IGNORED; the caller puts the
 * inode and frees w (on dead) after dropping inotify_lock. */
static void watch_remove(struct inotify_watch *w, struct list_head *dead)
{
	ASSERT_HELD(&inotify_lock);
	list_del(&w->inode_node);
	list_del(&w->group_node);
	list_del(&w->all_node);
	group_add_event(w->group, kevent_alloc(w->wd, IN_IGNORED, 0, "", 0), false);
	__atomic_sub_fetch(&fsnotify_watches, 1, __ATOMIC_RELAXED);
	list_add_tail(&w->inode_node, dead);
}

static void watches_free(struct list_head *dead)
{
	struct inotify_watch *w, *tmp;
	list_for_each_entry_safe(w, tmp, dead, inode_node) {
		inode_put(w->inode);
		kfree(w);
	}
}

/* inotify_handle_inode_event for every watch on inode that wants mask. */
static void deliver(struct inode *inode, u32 mask, const char *name, size_t len, u32 cookie, bool unlinked,
		    struct list_head *dead)
{
	ASSERT_HELD(&inotify_lock);
	if (mask & (IN_MOVE_SELF | IN_DELETE_SELF))
		mask &= ~IN_ISDIR; /* inotify never reported it with these */
	struct inotify_watch *w, *tmp;
	list_for_each_entry_safe(w, tmp, &inode->inotify_watches, inode_node) {
		if (!(mask & w->mask & IN_ALL_EVENTS))
			continue;
		if (unlinked && (w->flags & IN_EXCL_UNLINK))
			continue;
		group_add_event(w->group, kevent_alloc(w->wd, mask, cookie, name, len), true);
		if (w->flags & IN_ONESHOT)
			watch_remove(w, dead);
	}
}

void __fsnotify_dentry(struct dentry *d, u32 mask, bool file_event)
{
	struct inode *inode = d->inode, *dir = NULL;
	char name[NAME_MAX + 1];
	size_t len = 0;
	if (!inode)
		return;
	if ((inode->mode & S_IFMT) == S_IFDIR)
		mask |= IN_ISDIR;
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	bool unlinked = file_event && !(d->flags & DENTRY_HASHED) && d->parent != d; /* d_unlinked */
	if (d->parent != d && d->parent->inode && !list_empty(&d->parent->inode->inotify_watches)) {
		dir = inode_get(d->parent->inode);
		len = MIN(d->name_len, (size_t)NAME_MAX);
		memcpy(name, d->name, len);
	}
	spin_unlock_irqrestore(&dcache_lock, irq);
	struct list_head dead = LIST_HEAD_INIT(dead);
	irq = spin_lock_irqsave(&inotify_lock);
	if (dir)
		deliver(dir, mask, name, len, 0, unlinked, &dead);
	deliver(inode, mask, "", 0, 0, unlinked, &dead);
	spin_unlock_irqrestore(&inotify_lock, irq);
	watches_free(&dead);
	if (dir)
		inode_put(dir);
}

void __fsnotify_name(struct inode *dir, u32 mask, const char *name, size_t len, u32 cookie)
{
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	deliver(dir, mask, name, len, cookie, false, &dead);
	spin_unlock_irqrestore(&inotify_lock, irq);
	watches_free(&dead);
}

void __fsnotify_inode(struct inode *inode, u32 mask)
{
	if ((inode->mode & S_IFMT) == S_IFDIR)
		mask |= IN_ISDIR;
	__fsnotify_name(inode, mask, "", 0, 0);
}

/* fsnotify_inoderemove: IN_DELETE_SELF, then every watch goes (IN_IGNORED). */
void __fsnotify_inode_removed(struct inode *inode)
{
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	deliver(inode, IN_DELETE_SELF, "", 0, 0, false, &dead);
	while (!list_empty(&inode->inotify_watches))
		watch_remove(list_first_entry(&inode->inotify_watches, struct inotify_watch, inode_node), &dead);
	spin_unlock_irqrestore(&inotify_lock, irq);
	watches_free(&dead);
	fanotify_inode_gone(inode); /* __fsnotify_inode_delete: every group's marks */
}

/* The watched inode of sb created last (the highest number), or NULL. */
static struct inode *newest_watched(struct super_block *sb)
{
	struct inode *newest = NULL;
	struct inotify_watch *w;
	list_for_each_entry(w, &all_watches, all_node) {
		if (w->inode->sb == sb && (!newest || w->inode->ino > newest->ino))
			newest = w->inode;
	}
	return newest;
}

/* fsnotify_sb_delete (generic_shutdown_super): before a file system is
 * freed, each watched inode, newest first as Linux walks sb->s_inodes,
 * reports IN_UNMOUNT to its watches, which then go (IN_IGNORED). */
void fsnotify_unmount(struct super_block *sb)
{
	if (!fsnotify_active())
		return;
	fanotify_sb_gone(sb); /* fsnotify_sb_delete: the marks on it and on its inodes */
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	struct inode *inode;
	while ((inode = newest_watched(sb))) {
		u32 mask = IN_UNMOUNT | ((inode->mode & S_IFMT) == S_IFDIR ? IN_ISDIR : 0); /* fsnotify_inode */
		struct inotify_watch *w;
		list_for_each_entry(w, &inode->inotify_watches, inode_node)
			group_add_event(w->group, kevent_alloc(w->wd, mask, 0, "", 0), true);
		while (!list_empty(&inode->inotify_watches))
			watch_remove(list_first_entry(&inode->inotify_watches, struct inotify_watch, inode_node),
				     &dead);
	}
	spin_unlock_irqrestore(&inotify_lock, irq);
	watches_free(&dead);
}

/* ---- the inotify file ----------------------------------------------------------------- */

/* get_one_event: the oldest event if it fits in room (-EINVAL if not), or NULL. */
static struct inotify_kevent *take_event(struct inotify_group *g, size_t room, int *err)
{
	*err = 0;
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	struct inotify_kevent *e = list_first_entry_or_null(&g->q.events, struct inotify_kevent, node);
	if (e && kevent_size(e) > room) {
		*err = -EINVAL;
		e = NULL;
	} else if (e) {
		list_del(&e->node);
		list_init(&e->node);
		g->q.queued--;
	}
	spin_unlock_irqrestore(&g->q.lock, irq);
	return e;
}

/* copy_event_to_user: the header, the name and its NUL padding. */
static ssize_t copy_event(struct iobuf *dst, size_t at, struct inotify_kevent *e)
{
	u8 rec[sizeof(struct inotify_event_user) + NAME_MAX + 1 + sizeof(struct inotify_event_user)];
	size_t size = kevent_size(e), head = sizeof(struct inotify_event_user);
	struct inotify_event_user u = {.wd = e->wd, .mask = e->mask, .cookie = e->cookie, .len = (u32)(size - head)};
	memset(rec, 0, size);
	memcpy(rec, &u, head);
	memcpy(rec + head, e->name, e->name_len);
	return iobuf_copy_out(dst, at, rec, size);
}

/* The next event for inotify_read, fsnotify_next_fn. */
static ssize_t inotify_next(struct file *f, struct iobuf *dst, size_t at, size_t room)
{
	struct inotify_group *g = f->private;
	int err;
	struct inotify_kevent *e = take_event(g, room, &err);
	if (!e)
		return err;
	ssize_t ret = copy_event(dst, at, e);
	size_t size = kevent_size(e);
	if (e != &g->overflow)
		kfree(e);
	return ret < 0 ? ret : (ssize_t)size;
}

/* inotify_read: whole events while they fit; waits for the first one. */
static ssize_t inotify_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct inotify_group *g = f->private;
	return fsnotify_queue_read(f, &g->q, dst, len, inotify_next);
}

static short inotify_poll(struct file *f, struct poll_table *pt)
{
	struct inotify_group *g = f->private;
	return fsnotify_queue_poll(&g->q, pt);
}

/* FIONREAD: the bytes read(2) would give for every queued event. */
static long inotify_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct inotify_group *g = f->private;
	if (cmd != FIONREAD)
		return -ENOTTY;
	u32 bytes = 0;
	struct inotify_kevent *e;
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	list_for_each_entry(e, &g->q.events, node)
		bytes += (u32)kevent_size(e);
	spin_unlock_irqrestore(&g->q.lock, irq);
	return put_user_u32(uaddr_from(arg), bytes) ? -EFAULT : 0;
}

/* inotify_release: the watches go (no IN_IGNORED: nobody can read it), then the queue. */
static void inotify_release(struct file *f)
{
	struct inotify_group *g = f->private;
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	list_del(&g->all_node);
	while (!list_empty(&g->watches)) {
		struct inotify_watch *w = list_first_entry(&g->watches, struct inotify_watch, group_node);
		list_del(&w->inode_node);
		list_del(&w->group_node);
		list_del(&w->all_node);
		__atomic_sub_fetch(&fsnotify_watches, 1, __ATOMIC_RELAXED);
		list_add_tail(&w->inode_node, &dead);
	}
	spin_unlock_irqrestore(&inotify_lock, irq);
	watches_free(&dead);
	struct inotify_kevent *e, *tmp;
	list_for_each_entry_safe(e, tmp, &g->q.events, node) {
		if (e != &g->overflow)
			kfree(e);
	}
	kfree(g);
}

/* fsnotify_fasync */
static int inotify_fasync(struct file *f, int fd, bool on)
{
	struct inotify_group *g = f->private;
	return fsnotify_queue_fasync(&g->q, f, fd, on);
}

static const struct file_ops inotify_ops = {
	.no_read_iter = true,
	.fasync = inotify_fasync,
	.read = inotify_read,
	.poll = inotify_poll,
	.ioctl = inotify_ioctl,
	.release = inotify_release,
	.anon_name = "inotify",
};

/* show_mark_fhandle: tmpfs's file handle (shmem_encode_fh) is three u32s,
 * i_generation (0 here: inodes have none), then the inode number's low and
 * high halves, shown byte by byte. */
int fsnotify_fhandle_text(const struct inode *inode, char *out, size_t cap)
{
	u64 ino = inode->ino;
	u32 fh[3] = {0, (u32)ino, (u32)(ino >> 32)};
	const u8 *b = (const u8 *)fh;
	int n = snprintf(out, cap, "fhandle-bytes:c fhandle-type:1 f_handle:");
	for (int i = 0; i < 12; i++)
		n += snprintf(out + n, cap - (size_t)n, "%02x", b[i]);
	return n;
}

/* Appends line (n bytes) to buf (cap bytes) at *len, counting what does not fit. */
void fsnotify_fdinfo_append(char *buf, size_t cap, size_t *len, const char *line, int n)
{
	if (*len < cap)
		memcpy(buf + *len, line, MIN((size_t)n, cap - *len));
	*len += (size_t)n;
}

/* inotify_fdinfo */
size_t inotify_show_fdinfo(struct file *f, char *buf, size_t cap)
{
	if (f->ops != &inotify_ops)
		return 0;
	struct inotify_group *g = f->private;
	size_t len = 0;
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	for (struct list_head *p = g->watches.prev; p != &g->watches; p = p->prev) { /* marks_list: newest first */
		struct inotify_watch *w = list_entry(p, struct inotify_watch, group_node);
		u32 sdev = dev_major(w->inode->sb->dev) << 20 | dev_minor(w->inode->sb->dev);
		char line[192];
		int n = snprintf(line, sizeof(line), "inotify wd:%x ino:%lx sdev:%x mask:%x ignored_mask:0 ",
				 (unsigned)w->wd, (unsigned long)w->inode->ino, sdev, w->mask | w->flags);
		n += fsnotify_fhandle_text(w->inode, line + n, sizeof(line) - (size_t)n);
		n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
		fsnotify_fdinfo_append(buf, cap, &len, line, n);
	}
	spin_unlock_irqrestore(&inotify_lock, irq);
	return len;
}

/* Counts g in all_groups unless its user has max_user_instances already. */
static bool group_register(struct inotify_group *g)
{
	int limit = __atomic_load_n(&inotify_limits[INOTIFY_MAX_USER_INSTANCES], __ATOMIC_RELAXED), count = 0;
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	struct inotify_group *o;
	list_for_each_entry(o, &all_groups, all_node)
		count += o->euid == g->euid;
	bool ok = count < limit;
	if (ok)
		list_add_tail(&g->all_node, &all_groups);
	spin_unlock_irqrestore(&inotify_lock, irq);
	return ok;
}

/* /proc/sys/fs/inotify: proc_dointvec_minmax with a minimum of 0. */
int fsnotify_sysctl_get(enum fsnotify_limit which)
{
	return __atomic_load_n(&inotify_limits[which], __ATOMIC_RELAXED);
}

int fsnotify_sysctl_set(enum fsnotify_limit which, const char *text, size_t len)
{
	u32 value;
	int err = sysctl_parse_uint(text, len, &value);
	if (err || value > 0x7fffffffu)
		return -EINVAL;
	__atomic_store_n(&inotify_limits[which], (int)value, __ATOMIC_RELAXED);
	return 0;
}

/* inc_inotify_watches: may g's user have one more watch? [inotify_lock] */
static bool user_watch_allowed(const struct inotify_group *g)
{
	ASSERT_HELD(&inotify_lock);
	int limit = __atomic_load_n(&inotify_limits[INOTIFY_MAX_USER_WATCHES], __ATOMIC_RELAXED), count = 0;
	struct inotify_watch *w;
	list_for_each_entry(w, &all_watches, all_node)
		count += w->group->euid == g->euid;
	return count < limit;
}

SYSCALL_DEFINE1(inotify_init1, int, flags)
{
	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	struct inotify_group *g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	fsnotify_queue_init(&g->q, "inotify",
			    (unsigned)__atomic_load_n(&inotify_limits[INOTIFY_MAX_QUEUED_EVENTS], __ATOMIC_RELAXED));
	list_init(&g->watches);
	list_init(&g->overflow.node);
	g->overflow.wd = -1;
	g->overflow.mask = IN_Q_OVERFLOW;
	g->euid = cred_current()->euid;
	if (!group_register(g)) {
		kfree(g);
		return -EMFILE; /* inc_ucount(UCOUNT_INOTIFY_INSTANCES) */
	}
	struct file *f = file_alloc(&inotify_ops, g, 0600);
	if (!f) {
		unsigned long irq = spin_lock_irqsave(&inotify_lock);
		list_del(&g->all_node);
		spin_unlock_irqrestore(&inotify_lock, irq);
		kfree(g);
		return -ENFILE; /* file_alloc: ENFILE is what a program can provoke */
	}
	f->flags = O_RDONLY | (flags & O_NONBLOCK);
	return fd_install_or_put(f, flags & IN_CLOEXEC);
}

/* The fd's inotify instance, with a reference to its file (EBADF, EINVAL). */
static long inotify_file_get(int fd, struct file **out)
{
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	if (f->ops != &inotify_ops) {
		file_put(f);
		return -EINVAL;
	}
	*out = f;
	return 0;
}

static struct inotify_watch *group_find_inode(struct inotify_group *g, struct inode *inode)
{
	struct inotify_watch *w;
	list_for_each_entry(w, &g->watches, group_node) {
		if (w->inode == inode)
			return w;
	}
	return NULL;
}

static struct inotify_watch *group_find_wd(struct inotify_group *g, int wd)
{
	struct inotify_watch *w;
	list_for_each_entry(w, &g->watches, group_node) {
		if (w->wd == wd)
			return w;
	}
	return NULL;
}

/* inotify_update_watch: changes g's watch on inode, or adds one; the wd. */
static long update_watch(struct inotify_group *g, struct inode *inode, u32 arg)
{
	struct inotify_watch *fresh = kzalloc(sizeof(*fresh));
	if (!fresh)
		return -ENOMEM;
	u32 events = arg & IN_ALL_EVENTS, flags = arg & (IN_ONESHOT | IN_EXCL_UNLINK);
	long ret;
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	struct inotify_watch *w = group_find_inode(g, inode);
	if (w && (arg & IN_MASK_CREATE)) {
		ret = -EEXIST;
	} else if (w) {
		bool add = arg & IN_MASK_ADD;
		w->mask = add ? w->mask | events : events;
		w->flags = add ? w->flags | flags : flags;
		ret = w->wd;
	} else if (!user_watch_allowed(g)) {
		ret = -ENOSPC;
	} else {
		/* idr_alloc_cyclic(1, 0): the next number after the last, skipping ones in use */
		do
			g->last_wd = g->last_wd == INT_MAX ? 1 : g->last_wd + 1;
		while (group_find_wd(g, g->last_wd));
		fresh->group = g;
		fresh->inode = inode_get(inode);
		fresh->wd = g->last_wd;
		fresh->mask = events;
		fresh->flags = flags;
		list_add_tail(&fresh->inode_node, &inode->inotify_watches);
		list_add_tail(&fresh->group_node, &g->watches);
		list_add_tail(&fresh->all_node, &all_watches);
		__atomic_add_fetch(&fsnotify_watches, 1, __ATOMIC_RELAXED);
		ret = fresh->wd;
		fresh = NULL;
	}
	spin_unlock_irqrestore(&inotify_lock, irq);
	kfree(fresh);
	return ret;
}

/* Linux 6.1 order: the mask bits, the fd, MASK_ADD with MASK_CREATE, the
 * fd's kind, the walk, read permission on the inode. */
SYSCALL_DEFINE3(inotify_add_watch, int, fd, uaddr_t, upath, u32, mask)
{
	if ((mask & ~IN_ALL_BITS) || !(mask & IN_ALL_BITS))
		return -EINVAL;
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	long ret = -EINVAL;
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		goto out;
	if (f->ops != &inotify_ops)
		goto out;
	struct path p;
	int at = (mask & IN_DONT_FOLLOW) ? AT_SYMLINK_NOFOLLOW : 0;
	ret = vfs_user_walk(AT_FDCWD, upath, at, (mask & IN_ONLYDIR) ? LOOKUP_DIRECTORY : 0, &p);
	if (ret)
		goto out;
	ret = inode_permission(p.dentry->inode, MAY_READ);
	if (!ret)
		ret = update_watch(f->private, p.dentry->inode, mask);
	path_put(&p);
out:
	file_put(f);
	return ret;
}

SYSCALL_DEFINE2(inotify_rm_watch, int, fd, s32, wd)
{
	struct file *f;
	long ret = inotify_file_get(fd, &f);
	if (ret)
		return ret;
	struct inotify_group *g = f->private;
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&inotify_lock);
	struct inotify_watch *w = group_find_wd(g, wd);
	if (w)
		watch_remove(w, &dead);
	else
		ret = -EINVAL;
	spin_unlock_irqrestore(&inotify_lock, irq);
	watches_free(&dead);
	file_put(f);
	return ret;
}
