/*
 * fanotify.c — fanotify (Linux fs/notify/fanotify/fanotify.c and
 * fanotify_user.c): marks on inodes, mounts and file systems, and groups
 * whose read(2) gives one struct fanotify_event_metadata per event with a
 * new descriptor of the object, and whose listeners answer permission
 * events with write(2).
 *
 * A group (struct fan_group) is the anonymous file "anon_inode:[fanotify]"
 * that fanotify_init makes. A mark (struct fan_mark) joins a group to one
 * object: an inode (holding a reference), a mount or a super block (neither
 * held: they drop their marks as they go, fanotify_mount_gone and
 * fanotify_sb_gone). It has the events wanted (mask) and the events
 * ignored (ignore_mask, emptied by FAN_MODIFY unless
 * FAN_MARK_IGNORED_SURV_MODIFY).
 *
 * The hooks of fsnotify.h call fanotify_path_event with the path of the
 * open file: every group computes its event mask from its marks on the
 * inode, on its parent directory (only those with FAN_EVENT_ON_CHILD, and
 * only when a mark on the parent watches children), on the mount and on
 * the file system, as Linux's fanotify_group_event_mask: a mark applies to
 * a directory only with FAN_ONDIR; ignore masks of the legacy
 * FAN_MARK_IGNORED_MASK always apply to directories and to children of a
 * parent watching them. Without FAN_REPORT_FID only FAN_ACCESS, FAN_MODIFY,
 * FAN_CLOSE_*, FAN_OPEN, FAN_OPEN_EXEC and the permission events exist, on
 * regular files and directories (permission events on any file), and
 * FAN_ONDIR is not reported. An event merges into a queued one of the same
 * object, pid and directory-ness (fanotify_merge: at most 128 queued events
 * of its hash bucket are compared); past max_queued_events (16384, or
 * unlimited) one FAN_Q_OVERFLOW event (fd FAN_NOFD, pid 0) stands for every
 * event lost. Permission events are never merged; the opener sleeps,
 * killably, until the listener answers (FAN_ALLOW, or FAN_DENY: EPERM),
 * groups asked from the highest class (PRE_CONTENT) down, stopping at a
 * denial; a group that goes (its file closed) allows every pending one.
 *
 * Not built (EINVAL, logged once): FAN_REPORT_FID, FAN_REPORT_DIR_FID,
 * FAN_REPORT_NAME, FAN_REPORT_TARGET_FID, FAN_REPORT_PIDFD and
 * FAN_ENABLE_AUDIT. /proc/PID/fdinfo of a group lists its marks
 * (fanotify_show_fdinfo); /proc/sys/fs/fanotify's max_queued_events (read
 * when a group is made), max_user_groups (EMFILE) and max_user_marks
 * (ENOSPC, not counting FAN_UNLIMITED_MARKS groups) are per effective uid
 * of the groups' makers (notify.c keeps them).
 *
 * Locks: fanotify_lock (one for the system) protects the list of groups,
 * every group's mark list and every mark's masks and flags; a group's
 * queue lock (q.lock, notification.c) protects its queue, its list of
 * permission events awaiting an answer, each event's state and response,
 * and shutdown. Order: fanotify_lock, then a group's queue lock, then wait-queue locks and kmalloc's. dcache_lock is
 * taken only before fanotify_lock. Nothing sleeps under a lock; inode, path
 * and group references are put with no lock held.
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fsnotify.h>
#include <format.h>
#include <kmalloc.h>
#include <poll.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fanotify.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <wait.h>

int fanotify_marks; /* atomic: marks in the system; 0 skips every fanotify hook */
static struct spinlock fanotify_lock = SPINLOCK_INIT("fanotify");
static struct list_head all_groups = LIST_HEAD_INIT(all_groups); /* [fanotify_lock] */
static unsigned group_count;					 /* entries of all_groups [fanotify_lock] */

#define FAN_MERGE_BUCKETS 128 /* 1 << FANOTIFY_HTABLE_BITS */
#define FAN_MAX_MERGE 128     /* FANOTIFY_MAX_MERGE_EVENTS */
#define FAN_METADATA_LEN ((u32)sizeof(struct fanotify_event_metadata_user))
/* event_f_flags fanotify_init accepts (FANOTIFY_INIT_ALL_EVENT_F_BITS) */
#define FAN_EVENT_F_BITS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_SYNC | O_DSYNC | O_CLOEXEC | O_LARGEFILE | O_NOATIME)

enum fan_obj { FAN_OBJ_INODE, FAN_OBJ_MOUNT, FAN_OBJ_SB };
/* a permission event's state [group->q.lock] (FAN_EVENT_INIT...) */
enum fan_state { FAN_EV_QUEUED, FAN_EV_REPORTED, FAN_EV_ANSWERED, FAN_EV_CANCELED };
/* mark flags (FSNOTIFY_MARK_FLAG_*) */
#define MARK_SURV_MODIFY 0x1u
#define MARK_HAS_IGNORE_FLAGS 0x2u

struct fan_event {
	struct list_head node; /* in group->q.events or group->access [group->q.lock]; empty when in neither */
	u32 mask;	       /* FAN_* events to report */
	s32 pid;	       /* the tgid, or the tid with FAN_REPORT_TID; 0 for the overflow event */
	struct path path;      /* held; {NULL, NULL} for the overflow event */
	bool ondir;
	bool perm;	      /* a permission event */
	u32 bucket;	      /* merge hash bucket */
	enum fan_state state; /* permission events [group->q.lock] */
	u32 response;	      /* FAN_ALLOW or FAN_DENY [group->q.lock] */
	s32 fd;		      /* the reader's descriptor of it, matched by responses [group->q.lock] */
};

struct fan_group {
	int refcount; /* atomic: its file, and each hook delivering to it */
	/* struct fan_event, the overflow event included; q.lock also protects
	 * access, shutdown and the events' states (see the top) */
	struct fsnotify_queue q;
	struct list_head access;       /* permission events read, awaiting an answer [q.lock] */
	bool shutdown;		       /* its file is gone: nothing more is queued [q.lock] */
	struct fan_event overflow;     /* the one FAN_Q_OVERFLOW event */
	struct wait_queue access_wait; /* openers awaiting an answer */
	struct list_head marks;	       /* struct fan_mark.group_node [fanotify_lock] */
	struct list_head all_node;     /* in all_groups [fanotify_lock] */
	u32 flags;		       /* fanotify_init's flags */
	u32 event_f_flags;	       /* the open flags of event descriptors */
	int priority;		       /* 0 NOTIF, 1 CONTENT, 2 PRE_CONTENT */
	u32 euid;		       /* its maker's, for the per-user limit of groups */
};

struct fan_mark {
	struct list_head group_node; /* in group->marks [fanotify_lock] */
	struct fan_group *group;
	enum fan_obj type;
	void *obj;	 /* struct inode (held), struct vfsmount or struct super_block */
	u32 mask;	 /* events and FAN_ONDIR / FAN_EVENT_ON_CHILD wanted [fanotify_lock] */
	u32 ignore_mask; /* [fanotify_lock] */
	u32 flags;	 /* MARK_* [fanotify_lock] */
};

static void group_put(struct fan_group *g);

static void marks_count(int delta)
{
	__atomic_add_fetch(&fanotify_marks, delta, __ATOMIC_RELAXED);
	__atomic_add_fetch(&fsnotify_watches, delta, __ATOMIC_RELAXED);
}

static void event_free(struct fan_event *e)
{
	if (e->path.mnt)
		path_put(&e->path);
	kfree(e);
}

/* Marks taken off their lists (on dead by group_node): puts their inodes. */
static void marks_free(struct list_head *dead)
{
	struct fan_mark *m, *tmp;
	list_for_each_entry_safe(m, tmp, dead, group_node) {
		if (m->type == FAN_OBJ_INODE)
			inode_put(m->obj);
		kfree(m);
	}
}

static void mark_remove(struct fan_mark *m, struct list_head *dead)
{
	ASSERT_HELD(&fanotify_lock);
	list_del(&m->group_node);
	list_add_tail(&m->group_node, dead);
	marks_count(-1);
}

/* ---- events ------------------------------------------------------------------------------ */

/* fsnotify_mask_applicable: a mark applies to a directory only with
 * FAN_ONDIR, through the parent only with FAN_EVENT_ON_CHILD. */
static bool mask_applicable(u32 mask, bool ondir, bool parent)
{
	if (ondir && !(mask & FAN_ONDIR))
		return false;
	return !parent || (mask & FAN_EVENT_ON_CHILD);
}

/* fsnotify_effective_ignore_mask */
static u32 effective_ignore(const struct fan_mark *m, bool ondir, bool parent)
{
	u32 ignore = m->ignore_mask;
	if (!ignore)
		return 0;
	if (!ondir && !parent)
		return ignore;
	if (!(m->flags & MARK_HAS_IGNORE_FLAGS)) /* the legacy rules: always on dirs, on children if watched */
		ignore = (ignore | FAN_ONDIR | (m->mask & FAN_EVENT_ON_CHILD));
	return mask_applicable(ignore, ondir, parent) ? ignore : 0;
}

/* What a group's marks make of an event (send_to_group and
 * fanotify_group_event_mask); FAN_MODIFY empties ignore masks that do not
 * survive it. */
static u32 group_event_mask(struct fan_group *g, u32 mask, bool ondir, const struct path *p, struct inode *parent)
{
	ASSERT_HELD(&fanotify_lock);
	struct inode *inode = p->dentry->inode;
	u32 marks = 0, ignore = 0;
	struct fan_mark *m;
	list_for_each_entry(m, &g->marks, group_node) {
		bool via_parent = false;
		if (m->type == FAN_OBJ_INODE && m->obj == inode)
			;
		else if (m->type == FAN_OBJ_INODE && parent && m->obj == parent)
			via_parent = true;
		else if (!(m->type == FAN_OBJ_MOUNT && m->obj == p->mnt) &&
			 !(m->type == FAN_OBJ_SB && m->obj == inode->sb))
			continue;
		if ((mask & FAN_MODIFY) && !(m->flags & MARK_SURV_MODIFY))
			m->ignore_mask = 0;
		ignore |= effective_ignore(m, ondir, via_parent);
		if (mask_applicable(m->mask, ondir, via_parent))
			marks |= m->mask;
	}
	return mask & marks & ~ignore & (FAN_OUTGOING_EVENTS & ~FAN_ONDIR);
}

/* Does a mark on dir watch its children (fsnotify_inode_watches_children)? */
static bool parent_watched(struct inode *dir)
{
	ASSERT_HELD(&fanotify_lock);
	struct fan_group *g;
	struct fan_mark *m;
	list_for_each_entry(g, &all_groups, all_node) {
		list_for_each_entry(m, &g->marks, group_node) {
			if (m->type == FAN_OBJ_INODE && m->obj == dir &&
			    ((m->mask | m->ignore_mask) & FAN_EVENT_ON_CHILD))
				return true;
		}
	}
	return false;
}

/* fanotify_should_merge for events with paths (not permission, not overflow) */
static bool event_same(const struct fan_event *old, const struct fan_event *e)
{
	return old->bucket == e->bucket && !old->perm && old->path.mnt && old->pid == e->pid &&
	       old->ondir == e->ondir && old->path.dentry == e->path.dentry && old->path.mnt == e->path.mnt;
}

/* fsnotify_insert_event with fanotify_merge. Returns true if e was queued
 * (it is the group's now); false if it was merged, or dropped because the
 * group is going or its queue is full (the overflow event queued then):
 * the caller frees it. e NULL: the allocation failed. */
static bool group_insert(struct fan_group *g, struct fan_event *e, bool perm)
{
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	if (g->shutdown) {
		spin_unlock_irqrestore(&g->q.lock, irq);
		return false;
	}
	bool queued = true;
	if (!e || g->q.queued >= g->q.max_events) {
		queued = false;
		if ((!e && perm) ||
		    !list_empty(&g->overflow.node)) { /* no overflow for a permission event's allocation */
			spin_unlock_irqrestore(&g->q.lock, irq);
			return false;
		}
		e = &g->overflow;
	} else if (!perm) {
		unsigned seen = 0;
		for (struct list_head *n = g->q.events.prev; n != &g->q.events; n = n->prev) {
			struct fan_event *old = list_entry(n, struct fan_event, node);
			if (old->perm || old->bucket != e->bucket)
				continue;
			if (++seen > FAN_MAX_MERGE)
				break;
			if (event_same(old, e)) {
				old->mask |= e->mask;
				spin_unlock_irqrestore(&g->q.lock, irq);
				return false;
			}
		}
	}
	g->q.queued++;
	list_add_tail(&e->node, &g->q.events);
	spin_unlock_irqrestore(&g->q.lock, irq);
	fsnotify_queue_wake(&g->q);
	return queued;
}

static bool perm_answered(struct fan_group *g, struct fan_event *e)
{
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	bool done = e->state == FAN_EV_ANSWERED;
	spin_unlock_irqrestore(&g->q.lock, irq);
	return done;
}

/* fanotify_get_response: sleeps, killably, for the listener's answer. */
static int perm_wait(struct fan_group *g, struct fan_event *e)
{
	int err = wait_event_killable(&g->access_wait, perm_answered(g, e));
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	if (err && e->state == FAN_EV_REPORTED) {
		e->state = FAN_EV_CANCELED; /* the listener has it: freed when answered */
		spin_unlock_irqrestore(&g->q.lock, irq);
		return err;
	}
	if (err && e->state == FAN_EV_QUEUED) {
		list_del(&e->node);
		g->q.queued--;
	}
	u32 response = e->response;
	spin_unlock_irqrestore(&g->q.lock, irq);
	event_free(e);
	if (err)
		return err;
	return response == FAN_ALLOW ? 0 : -EPERM;
}

/* finish_permission_event [g->q.lock]: true if the caller must free e (its opener left). */
static bool perm_finish(struct fan_event *e, u32 response)
{
	e->response = response;
	if (e->state == FAN_EV_CANCELED)
		return true;
	e->state = FAN_EV_ANSWERED;
	return false;
}

static struct fan_event *event_alloc(struct fan_group *g, const struct path *p, u32 mask, bool ondir, bool perm)
{
	struct fan_event *e = kzalloc(sizeof(*e));
	if (!e)
		return NULL;
	list_init(&e->node);
	e->mask = mask;
	struct task *t = current(); /* a kernel thread's last close reports pid 0 */
	e->pid = !t->group ? 0 : (g->flags & FAN_REPORT_TID) ? t->tid : t->group->pid;
	e->path = *p;
	path_get(&e->path);
	e->ondir = ondir;
	e->perm = perm;
	e->bucket =
		(u32)(((uintptr_t)p->dentry >> 4) ^ ((uintptr_t)p->mnt >> 4) ^ (u32)e->pid ^ ondir) % FAN_MERGE_BUCKETS;
	e->state = FAN_EV_QUEUED;
	e->fd = FAN_NOFD;
	return e;
}

struct fan_target {
	struct fan_group *group; /* holds a reference */
	u32 mask;
};

int fanotify_path_event(const struct path *p, u32 mask)
{
	struct inode *inode = p->dentry->inode, *parent = NULL;
	if (!inode)
		return 0;
	bool perm = mask & FAN_PERM_EVENTS, ondir = (inode->mode & S_IFMT) == S_IFDIR;
	if (!perm && !ondir && (inode->mode & S_IFMT) != S_IFREG)
		return 0; /* path events are only for files and directories */
	struct dentry *d = p->dentry;
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	if (d->parent != d && d->parent->inode)
		parent = inode_get(d->parent->inode);
	spin_unlock_irqrestore(&dcache_lock, irq);

	irq = spin_lock_irqsave(&fanotify_lock);
	struct fan_target *targets = group_count ? kmalloc(group_count * sizeof(*targets)) : NULL;
	unsigned n = 0;
	bool watched = parent && parent_watched(parent);
	struct fan_group *g;
	list_for_each_entry(g, &all_groups, all_node) {
		if (!targets)
			break;
		u32 m = group_event_mask(g, mask, ondir, p, watched ? parent : NULL);
		if (!m)
			continue;
		__atomic_add_fetch(&g->refcount, 1, __ATOMIC_RELAXED);
		/* permission events go to the highest class first (fsnotify's priority order) */
		unsigned at = n++;
		while (perm && at > 0 && targets[at - 1].group->priority < g->priority) {
			targets[at] = targets[at - 1];
			at--;
		}
		targets[at] = (struct fan_target){g, m};
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	if (parent)
		inode_put(parent);

	int ret = 0;
	for (unsigned i = 0; i < n; i++) {
		g = targets[i].group;
		if (!ret) {
			struct fan_event *e = event_alloc(g, p, targets[i].mask, ondir, perm);
			if (group_insert(g, e, perm)) {
				if (perm)
					ret = perm_wait(g, e);
			} else if (e) {
				event_free(e);
			}
		}
		group_put(g);
	}
	kfree(targets);
	return ret;
}

/* ---- objects going ----------------------------------------------------------------------- */

/* Every mark on obj of the given type goes (fsnotify_destroy_marks). */
static void marks_on_gone(enum fan_obj type, void *obj, struct super_block *sb_inodes)
{
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	struct fan_group *g;
	list_for_each_entry(g, &all_groups, all_node) {
		struct fan_mark *m, *tmp;
		list_for_each_entry_safe(m, tmp, &g->marks, group_node) {
			bool inode_of_sb =
				sb_inodes && m->type == FAN_OBJ_INODE && ((struct inode *)m->obj)->sb == sb_inodes;
			if ((m->type == type && m->obj == obj) || inode_of_sb)
				mark_remove(m, &dead);
		}
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	marks_free(&dead);
}

void fanotify_inode_gone(struct inode *inode)
{
	if (__atomic_load_n(&fanotify_marks, __ATOMIC_RELAXED))
		marks_on_gone(FAN_OBJ_INODE, inode, NULL);
}

void fanotify_mount_gone(struct vfsmount *m)
{
	if (__atomic_load_n(&fanotify_marks, __ATOMIC_RELAXED))
		marks_on_gone(FAN_OBJ_MOUNT, m, NULL);
}

void fanotify_sb_gone(struct super_block *sb)
{
	if (__atomic_load_n(&fanotify_marks, __ATOMIC_RELAXED))
		marks_on_gone(FAN_OBJ_SB, sb, sb);
}

/* ---- the fanotify file ------------------------------------------------------------------- */

static void group_put(struct fan_group *g)
{
	if (__atomic_sub_fetch(&g->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	struct fan_event *e, *tmp;
	list_for_each_entry_safe(e, tmp, &g->q.events, node) { /* emptied by release: nothing should be left */
		if (e != &g->overflow)
			event_free(e);
	}
	kfree(g);
}

/* get_one_event: the oldest event if its record fits in room (-EINVAL if
 * not), or NULL; a permission event becomes reported. */
static struct fan_event *take_event(struct fan_group *g, size_t room, int *err)
{
	*err = 0;
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	struct fan_event *e = list_first_entry_or_null(&g->q.events, struct fan_event, node);
	if (e && FAN_METADATA_LEN > room) {
		*err = -EINVAL;
		e = NULL;
	} else if (e) {
		list_del(&e->node);
		list_init(&e->node);
		g->q.queued--;
		if (e->perm)
			e->state = FAN_EV_REPORTED;
	}
	spin_unlock_irqrestore(&g->q.lock, irq);
	return e;
}

/* create_fd: the object opened anew for the reader, with event_f_flags and
 * no events of its own (FMODE_NONOTIFY). */
static int event_fd(struct fan_group *g, struct fan_event *e)
{
	struct file *nf;
	int err = vfs_open_path(&e->path, (int)(g->event_f_flags & ~O_CLOEXEC), &nf);
	if (err)
		return err;
	nf->nonotify = true;
	return fd_install_or_put(nf, g->event_f_flags & O_CLOEXEC);
}

/* copy_event_to_user: the record, with a descriptor for an event with a path. */
static ssize_t copy_event(struct fan_group *g, struct fan_event *e, struct iobuf *dst, size_t at, s32 *fd)
{
	*fd = FAN_NOFD;
	if (e->path.mnt) {
		int nfd = event_fd(g, e);
		if (nfd < 0)
			return nfd;
		*fd = nfd;
	}
	struct fanotify_event_metadata_user u = {
		.event_len = FAN_METADATA_LEN,
		.vers = FANOTIFY_METADATA_VERSION,
		.metadata_len = (u16)FAN_METADATA_LEN,
		.mask = e->mask & FAN_OUTGOING_EVENTS,
		.fd = *fd,
		.pid = e->pid,
	};
	ssize_t ret = iobuf_copy_out(dst, at, &u, sizeof(u));
	if (ret < 0 && *fd >= 0) {
		(void)fd_close(*fd);
		*fd = FAN_NOFD;
	}
	return ret < 0 ? ret : (ssize_t)sizeof(u);
}

/* The next event for fanotify_read (fsnotify_next_fn); a permission
 * event read waits on access for its answer, one not given is denied. */
static ssize_t fanotify_next(struct file *f, struct iobuf *dst, size_t at, size_t room)
{
	struct fan_group *g = f->private;
	int err;
	struct fan_event *e = take_event(g, room, &err);
	if (!e)
		return err;
	s32 fd;
	ssize_t ret = copy_event(g, e, dst, at, &fd);
	if (e->perm) {
		bool free = false;
		unsigned long irq = spin_lock_irqsave(&g->q.lock);
		if (ret < 0) {
			free = perm_finish(e, FAN_DENY);
		} else {
			e->fd = fd;
			list_add_tail(&e->node, &g->access);
		}
		spin_unlock_irqrestore(&g->q.lock, irq);
		if (ret < 0)
			wake_up_all(&g->access_wait);
		if (free)
			event_free(e);
	} else if (e != &g->overflow) {
		event_free(e);
	}
	return ret;
}

/* fanotify_read: whole records while they fit; waits for the first one. */
static ssize_t fanotify_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct fan_group *g = f->private;
	return fsnotify_queue_read(f, &g->q, dst, len, fanotify_next);
}

/* fanotify_write: a struct fanotify_response answering a permission event
 * (process_access_response). */
static ssize_t fanotify_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	(void)pos;
	struct fan_group *g = f->private;
	struct fanotify_response_user r;
	if (len < sizeof(r))
		return -EINVAL;
	if (iobuf_copy_in(&r, src, 0, sizeof(r)) < 0)
		return -EFAULT;
	u32 answer = r.response & ~FAN_AUDIT;
	if (answer != FAN_ALLOW && answer != FAN_DENY)
		return -EINVAL;
	if ((r.response & FAN_AUDIT) || r.fd < 0)
		return -EINVAL; /* FAN_AUDIT needs FAN_ENABLE_AUDIT, not built */
	struct fan_event *e, *found = NULL;
	bool free = false;
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	list_for_each_entry(e, &g->access, node) {
		if (e->fd == r.fd) {
			found = e;
			list_del(&e->node);
			list_init(&e->node);
			free = perm_finish(e, answer);
			break;
		}
	}
	spin_unlock_irqrestore(&g->q.lock, irq);
	if (!found)
		return -ENOENT;
	wake_up_all(&g->access_wait);
	if (free)
		event_free(found);
	return (ssize_t)sizeof(r);
}

static short fanotify_poll(struct file *f, struct poll_table *pt)
{
	struct fan_group *g = f->private;
	return fsnotify_queue_poll(&g->q, pt);
}

/* FIONREAD: the bytes read(2) would give for every queued event. */
static long fanotify_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct fan_group *g = f->private;
	if (cmd != FIONREAD)
		return -ENOTTY;
	unsigned long irq = spin_lock_irqsave(&g->q.lock);
	u32 bytes = g->q.queued * FAN_METADATA_LEN;
	spin_unlock_irqrestore(&g->q.lock, irq);
	return put_user_u32(uaddr_from(arg), bytes) ? -EFAULT : 0;
}

/* fanotify_release: no more events; every permission event pending is
 * allowed; the marks and the queue go. */
static void fanotify_release(struct file *f)
{
	struct fan_group *g = f->private;
	struct list_head dead_marks = LIST_HEAD_INIT(dead_marks), dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	list_del(&g->all_node);
	group_count--;
	while (!list_empty(&g->marks))
		mark_remove(list_first_entry(&g->marks, struct fan_mark, group_node), &dead_marks);
	spin_unlock_irqrestore(&fanotify_lock, irq);

	irq = spin_lock_irqsave(&g->q.lock);
	g->shutdown = true;
	struct list_head *lists[] = {&g->access, &g->q.events};
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		while (!list_empty(lists[i])) {
			struct fan_event *e = list_first_entry(lists[i], struct fan_event, node);
			list_del(&e->node);
			list_init(&e->node);
			if (i == 1)
				g->q.queued--;
			if (!e->perm) {
				if (e != &g->overflow)
					list_add_tail(&e->node, &dead);
			} else if (perm_finish(e, FAN_ALLOW)) {
				list_add_tail(&e->node, &dead);
			}
		}
	}
	spin_unlock_irqrestore(&g->q.lock, irq);
	wake_up_all(&g->access_wait);
	marks_free(&dead_marks);
	struct fan_event *e, *tmp;
	list_for_each_entry_safe(e, tmp, &dead, node)
		event_free(e);
	group_put(g);
}

static int fanotify_fasync(struct file *f, int fd, bool on)
{
	struct fan_group *g = f->private;
	return fsnotify_queue_fasync(&g->q, f, fd, on);
}

static const struct file_ops fanotify_ops = {
	.no_read_iter = true,
	.fasync = fanotify_fasync,
	.read = fanotify_read,
	.write = fanotify_write,
	.poll = fanotify_poll,
	.ioctl = fanotify_ioctl,
	.release = fanotify_release,
	.anon_name = "[fanotify]",
};

/* fanotify_fdinfo: "fanotify flags:... event-flags:..." and a line per mark,
 * newest first, mflags the FAN_MARK_* flags it keeps. */
size_t fanotify_show_fdinfo(struct file *f, char *buf, size_t cap)
{
	if (f->ops != &fanotify_ops)
		return 0;
	struct fan_group *g = f->private;
	size_t len = 0;
	char line[224];
	int n = snprintf(line, sizeof(line), "fanotify flags:%x event-flags:%x\n", g->flags, g->event_f_flags);
	fsnotify_fdinfo_append(buf, cap, &len, line, n);
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	for (struct list_head *p = g->marks.prev; p != &g->marks; p = p->prev) {
		struct fan_mark *m = list_entry(p, struct fan_mark, group_node);
		u32 mflags = ((m->flags & MARK_SURV_MODIFY) ? FAN_MARK_IGNORED_SURV_MODIFY : 0) |
			     ((m->flags & MARK_HAS_IGNORE_FLAGS) ? FAN_MARK_IGNORE : 0);
		if (m->type == FAN_OBJ_INODE) {
			struct inode *inode = m->obj;
			u32 sdev = dev_major(inode->sb->dev) << 20 | dev_minor(inode->sb->dev);
			n = snprintf(line, sizeof(line), "fanotify ino:%lx sdev:%x mflags:%x mask:%x ignored_mask:%x ",
				     (unsigned long)inode->ino, sdev, mflags, m->mask, m->ignore_mask);
			n += fsnotify_fhandle_text(inode, line + n, sizeof(line) - (size_t)n);
			n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
		} else if (m->type == FAN_OBJ_MOUNT) {
			n = snprintf(line, sizeof(line), "fanotify mnt_id:%x mflags:%x mask:%x ignored_mask:%x\n",
				     (unsigned)((struct vfsmount *)m->obj)->id, mflags, m->mask, m->ignore_mask);
		} else {
			struct super_block *sb = m->obj;
			n = snprintf(line, sizeof(line), "fanotify sdev:%x mflags:%x mask:%x ignored_mask:%x\n",
				     dev_major(sb->dev) << 20 | dev_minor(sb->dev), mflags, m->mask, m->ignore_mask);
		}
		fsnotify_fdinfo_append(buf, cap, &len, line, n);
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	return len;
}

/* A flag not built: EINVAL, logged once for all of them. */
static long unbuilt_flags(u32 flags)
{
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_NOTICE "levitate: %s[%d]: fanotify_init flags %#x not implemented (EINVAL)",
		       current()->comm, current()->group->pid, flags);
	return -EINVAL;
}

/* Adds g to all_groups unless its user has max_user_groups already. */
static bool group_register(struct fan_group *g)
{
	unsigned count = 0;
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	struct fan_group *o;
	list_for_each_entry(o, &all_groups, all_node)
		count += o->euid == g->euid;
	bool ok = count < (unsigned)fsnotify_sysctl_get(FANOTIFY_MAX_USER_GROUPS);
	if (ok) {
		list_add_tail(&g->all_node, &all_groups);
		group_count++;
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	return ok;
}

/* Linux 6.1's order: privilege, the flags, event_f_flags, the class. */
SYSCALL_DEFINE2(fanotify_init, u32, flags, u32, event_f_flags)
{
	if (!capable(CAP_SYS_ADMIN)) {
		/* an unprivileged group reports file handles (not built) and has limits */
		if ((flags & FAN_ADMIN_INIT_FLAGS) || !(flags & FAN_FID_BITS))
			return -EPERM;
	}
	if (flags & ~FAN_INIT_FLAGS)
		return -EINVAL;
	if ((flags & FAN_REPORT_PIDFD) && (flags & FAN_REPORT_TID))
		return -EINVAL;
	if (event_f_flags & ~FAN_EVENT_F_BITS)
		return -EINVAL;
	if ((event_f_flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	u32 fid = flags & FAN_FID_BITS;
	if (fid && (flags & FAN_CLASS_BITS) != FAN_CLASS_NOTIF)
		return -EINVAL;
	if ((fid & FAN_REPORT_NAME) && !(fid & FAN_REPORT_DIR_FID))
		return -EINVAL;
	if ((fid & FAN_REPORT_TARGET_FID) && (!(fid & FAN_REPORT_NAME) || !(fid & FAN_REPORT_FID)))
		return -EINVAL;
	if ((flags & FAN_CLASS_BITS) == FAN_CLASS_BITS)
		return -EINVAL;
	if (flags & (FAN_FID_BITS | FAN_REPORT_PIDFD | FAN_ENABLE_AUDIT))
		return unbuilt_flags(flags & (FAN_FID_BITS | FAN_REPORT_PIDFD | FAN_ENABLE_AUDIT));

	struct fan_group *g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->refcount = 1;
	fsnotify_queue_init(&g->q, "fanotify",
			    (flags & FAN_UNLIMITED_QUEUE) ? ~0u
							  : (unsigned)fsnotify_sysctl_get(FANOTIFY_MAX_QUEUED_EVENTS));
	list_init(&g->access);
	list_init(&g->marks);
	list_init(&g->overflow.node);
	g->overflow.mask = FAN_Q_OVERFLOW;
	g->overflow.fd = FAN_NOFD;
	wait_queue_init(&g->access_wait, "fanotify_access");
	g->flags = flags;
	g->event_f_flags = event_f_flags | O_LARGEFILE; /* force_o_largefile */
	g->priority = (flags & FAN_CLASS_PRE_CONTENT) ? 2 : (flags & FAN_CLASS_CONTENT) ? 1 : 0;
	g->euid = cred_current()->euid;
	if (!group_register(g)) {
		kfree(g);
		return -EMFILE; /* inc_ucount(UCOUNT_FANOTIFY_GROUPS) */
	}
	struct file *f = file_alloc(&fanotify_ops, g, 0600);
	if (!f) {
		unsigned long irq = spin_lock_irqsave(&fanotify_lock);
		list_del(&g->all_node);
		group_count--;
		spin_unlock_irqrestore(&fanotify_lock, irq);
		kfree(g);
		return -ENFILE;
	}
	f->flags = O_RDWR | (flags & FAN_NONBLOCK ? O_NONBLOCK : 0);
	return fd_install_or_put(f, flags & FAN_CLOEXEC);
}

static struct fan_mark *group_find_mark(struct fan_group *g, enum fan_obj type, void *obj)
{
	struct fan_mark *m;
	list_for_each_entry(m, &g->marks, group_node) {
		if (m->type == type && m->obj == obj)
			return m;
	}
	return NULL;
}

/* May g's user have one more mark (max_user_marks, counting the marks of
 * its groups without FAN_UNLIMITED_MARKS)? [fanotify_lock] */
static bool user_mark_allowed(const struct fan_group *g)
{
	ASSERT_HELD(&fanotify_lock);
	int limit = fsnotify_sysctl_get(FANOTIFY_MAX_USER_MARKS), count = 0;
	struct fan_group *o;
	struct fan_mark *m;
	list_for_each_entry(o, &all_groups, all_node) {
		if (o->euid != g->euid || (o->flags & FAN_UNLIMITED_MARKS))
			continue;
		list_for_each_entry(m, &o->marks, group_node)
			count++;
	}
	return count < limit;
}

/* fanotify_add_mark and fanotify_mark_add_to_mask */
static long mark_add(struct fan_group *g, enum fan_obj type, void *obj, u32 mask, u32 flags)
{
	u32 ignore = flags & FAN_MARK_IGNORE_BITS;
	if (type == FAN_OBJ_INODE && ignore && !(flags & FAN_MARK_IGNORED_SURV_MODIFY) &&
	    __atomic_load_n(&((struct inode *)obj)->write_count, __ATOMIC_RELAXED) > 0)
		return 0; /* an ignore mask on a file open for writing would not last */
	struct fan_mark *fresh = kzalloc(sizeof(*fresh));
	if (!fresh)
		return -ENOMEM;
	long ret = 0;
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	struct fan_mark *m = group_find_mark(g, type, obj);
	if (!m && !(g->flags & FAN_UNLIMITED_MARKS) && !user_mark_allowed(g)) {
		ret = -ENOSPC; /* inc_ucount(UCOUNT_FANOTIFY_MARKS) */
	} else if (!m) {
		m = fresh;
		fresh = NULL;
		m->group = g;
		m->type = type;
		m->obj = type == FAN_OBJ_INODE ? inode_get(obj) : obj;
		list_add_tail(&m->group_node, &g->marks);
		marks_count(1);
	} else if (ignore == FAN_MARK_IGNORED_MASK && (m->flags & MARK_HAS_IGNORE_FLAGS)) {
		ret = -EEXIST; /* fanotify_may_update_existing_mark */
	}
	if (!ret) {
		if (ignore)
			m->ignore_mask |= mask;
		else
			m->mask |= mask;
		if (ignore == FAN_MARK_IGNORE)
			m->flags |= MARK_HAS_IGNORE_FLAGS;
		if (ignore && (flags & FAN_MARK_IGNORED_SURV_MODIFY))
			m->flags |= MARK_SURV_MODIFY;
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	kfree(fresh);
	return ret;
}

/* fanotify_remove_mark: umask bits cannot be removed, and a mark with
 * nothing else left goes. */
static long mark_remove_mask(struct fan_group *g, enum fan_obj type, void *obj, u32 mask, u32 flags, u32 umask)
{
	struct list_head dead = LIST_HEAD_INIT(dead);
	long ret = 0;
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	struct fan_mark *m = group_find_mark(g, type, obj);
	if (!m) {
		ret = -ENOENT;
	} else {
		mask &= ~umask;
		if (flags & FAN_MARK_IGNORE_BITS)
			m->ignore_mask &= ~mask;
		else
			m->mask &= ~mask;
		if (!((m->mask | m->ignore_mask) & ~umask))
			mark_remove(m, &dead);
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	marks_free(&dead);
	return ret;
}

/* FAN_MARK_FLUSH: every mark of g of one type goes. */
static void marks_flush(struct fan_group *g, enum fan_obj type)
{
	struct list_head dead = LIST_HEAD_INIT(dead);
	unsigned long irq = spin_lock_irqsave(&fanotify_lock);
	struct fan_mark *m, *tmp;
	list_for_each_entry_safe(m, tmp, &g->marks, group_node) {
		if (m->type == type)
			mark_remove(m, &dead);
	}
	spin_unlock_irqrestore(&fanotify_lock, irq);
	marks_free(&dead);
}

/* fanotify_find_path: the path names, or dfd's file for a NULL path; read
 * permission on it. */
static long find_path(int dfd, uaddr_t upath, u32 flags, struct path *p)
{
	long ret;
	if (uaddr_is_null(upath)) {
		struct file *f = fd_get_file(dfd);
		if (!f)
			return -EBADF;
		ret = -ENOTDIR;
		if (!(flags & FAN_MARK_ONLYDIR) || (f->inode->mode & S_IFMT) == S_IFDIR) {
			*p = f->path;
			path_get(p);
			ret = p->dentry ? 0 : -EINVAL; /* an anonymous file: nothing to mark */
			if (ret)
				path_put(p);
		}
		file_put(f);
		if (ret)
			return ret;
	} else {
		int at = (flags & FAN_MARK_DONT_FOLLOW) ? AT_SYMLINK_NOFOLLOW : 0;
		ret = vfs_user_walk(dfd, upath, at, (flags & FAN_MARK_ONLYDIR) ? LOOKUP_DIRECTORY : 0, p);
		if (ret)
			return ret;
	}
	ret = inode_permission(p->dentry->inode, MAY_READ);
	if (ret)
		path_put(p);
	return ret;
}

/* Linux 6.1 do_fanotify_mark's order of checks. */
SYSCALL_DEFINE5(fanotify_mark, int, fd, u32, flags, u64, mask64, int, dfd, uaddr_t, upath)
{
	u32 type_bits = flags & FAN_MARK_TYPE_BITS, cmd = flags & FAN_MARK_CMD_BITS;
	u32 ignore = flags & FAN_MARK_IGNORE_BITS, umask = 0;
	if (mask64 >> 32)
		return -EINVAL;
	u32 mask = (u32)mask64;
	if (flags & ~FAN_MARK_FLAGS)
		return -EINVAL;
	enum fan_obj type;
	if (type_bits == FAN_MARK_INODE)
		type = FAN_OBJ_INODE;
	else if (type_bits == FAN_MARK_MOUNT)
		type = FAN_OBJ_MOUNT;
	else if (type_bits == FAN_MARK_FILESYSTEM)
		type = FAN_OBJ_SB;
	else
		return -EINVAL;
	if (cmd == FAN_MARK_ADD || cmd == FAN_MARK_REMOVE) {
		if (!mask)
			return -EINVAL;
	} else if (cmd == FAN_MARK_FLUSH) {
		if (flags & ~(FAN_MARK_TYPE_BITS | FAN_MARK_FLUSH))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	if (mask & ~(FAN_PATH_EVENTS | FAN_INODE_EVENTS | FAN_FS_ERROR | FAN_EVENT_FLAGS | FAN_PERM_EVENTS))
		return -EINVAL;
	if (ignore == (FAN_MARK_IGNORE | FAN_MARK_IGNORED_MASK))
		return -EINVAL;
	if (ignore == FAN_MARK_IGNORED_MASK) { /* event flags mean nothing in a legacy ignore mask */
		mask &= ~FAN_EVENT_FLAGS;
		umask = FAN_EVENT_FLAGS;
	}
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	long ret = -EINVAL;
	if (f->ops != &fanotify_ops)
		goto out;
	struct fan_group *g = f->private;
	ret = -EPERM;
	if (!capable(CAP_SYS_ADMIN) && type != FAN_OBJ_INODE)
		goto out;
	ret = -EINVAL;
	if ((mask & FAN_PERM_EVENTS) && g->priority == 0)
		goto out;
	if ((mask & FAN_FS_ERROR) && type != FAN_OBJ_SB)
		goto out;
	if ((flags & FAN_MARK_EVICTABLE) && type != FAN_OBJ_INODE)
		goto out;
	/* events without a path need FAN_REPORT_FID (not built) */
	if (mask & ~(FAN_PATH_EVENTS | FAN_PERM_EVENTS | FAN_EVENT_FLAGS))
		goto out;
	if (cmd == FAN_MARK_FLUSH) {
		marks_flush(g, type);
		ret = 0;
		goto out;
	}
	struct path p;
	ret = find_path(dfd, upath, flags, &p);
	if (ret)
		goto out;
	struct inode *inode = p.dentry->inode;
	bool dir = (inode->mode & S_IFMT) == S_IFDIR;
	void *obj = type == FAN_OBJ_INODE ? (void *)inode : type == FAN_OBJ_MOUNT ? (void *)p.mnt : (void *)p.mnt->sb;
	ret = -EINVAL; /* fanotify_events_supported: proc is FS_DISALLOW_NOTIFY_PERM */
	if (cmd == FAN_MARK_ADD && (mask & FAN_PERM_EVENTS) && strcmp(p.mnt->sb->type, "proc") == 0)
		goto put;
	if (cmd == FAN_MARK_ADD && ignore == FAN_MARK_IGNORE && type == FAN_OBJ_INODE && !dir &&
	    (mask & (FAN_INODE_EVENTS | FAN_EVENT_FLAGS) & ~(FAN_ATTRIB | FAN_MOVE_SELF | FAN_DELETE_SELF))) {
		ret = -ENOTDIR; /* fanotify_events_supported: strict for FAN_MARK_IGNORE */
		goto put;
	}
	ret = type == FAN_OBJ_INODE ? -EISDIR : -EINVAL;
	if (cmd == FAN_MARK_ADD && ignore == FAN_MARK_IGNORE && (type != FAN_OBJ_INODE || dir) &&
	    !(flags & FAN_MARK_IGNORED_SURV_MODIFY))
		goto put;
	if (type != FAN_OBJ_INODE || !dir) { /* only a directory has children */
		mask &= ~FAN_EVENT_ON_CHILD;
		umask = FAN_EVENT_ON_CHILD;
	}
	if (cmd == FAN_MARK_ADD)
		ret = mark_add(g, type, obj, mask, flags);
	else
		ret = mark_remove_mask(g, type, obj, mask, flags, umask);
put:
	path_put(&p);
out:
	file_put(f);
	return ret;
}
