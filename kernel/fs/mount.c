/*
 * mount.c — super blocks, mounts and mount namespaces (fs/namespace.c):
 * the mount list, attaching a file system on a directory, and finding what
 * is mounted on a dentry while walking. mount_lock protects the list, every
 * mount's place (parent, mount point, namespace) and every dentry->mounted
 * count.
 *
 * One list holds the mounts of every namespace; a mount's ns says which it
 * belongs to. A copy of a namespace (unshare or clone with CLONE_NEWNS)
 * copies each of its mounts, the copies' parents being the copies of the
 * parents: since lookup_mnt matches on the parent mount, a walk that starts
 * in one namespace never meets another's mounts. A namespace's root mount
 * is its own parent. The last reference to a namespace (fs contexts, nsfs
 * files) takes all its mounts out, as umount -l would (Linux put_mnt_ns).
 * Propagation (Linux fs/pnode.c, Documentation/filesystems/sharedsubtree.rst):
 * a shared mount is in a peer group (group_id), a slave receives from one
 * (master_id); both are ids, the members found by walking the list. A
 * mount or umount on a mount of a group is repeated on every other member
 * and, down the chain, on the slaves (targets_locked). A copied namespace's
 * mounts are peers of the originals. An unbindable mount (MNT_UNBINDABLE in
 * its flags, MS_UNBINDABLE) is in no group and receives from none, and no
 * bind mount may be made of it or of what is in it.
 */
#include <vfs.h>

#include <fs.h>
#include <fsnotify.h>

#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uts.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>

struct spinlock mount_lock = SPINLOCK_INIT("mount");
static struct list_head mounts = LIST_HEAD_INIT(mounts); /* [mount_lock] */
static struct vfsmount *root_mount;			 /* set once at boot */

struct mnt_ns {
	int refcount; /* atomic: fs contexts and nsfs files; an anonymous one's: its tree's descriptor */
	u32 inum;     /* its /proc/PID/ns/mnt number, fixed (0 for an anonymous one) */
	/* its root mount, fixed (pivot_root moves what is on it); an anonymous
	 * one's is NULL once move_mount has taken its tree [mount_lock] */
	struct vfsmount *root;
	bool anon; /* holds a detached tree of fsmount or open_tree (Linux is_anon_ns) */
};

/* The initial namespace, never freed: 0xF0000001, the number a Debian kernel
 * gives it at boot (proc_alloc_inum). */
static struct mnt_ns init_mnt_ns = {.refcount = 1, .inum = 0xF0000001u};
static u32 next_anon_dev = 1; /* atomic: Linux's get_anon_bdev, 0:N */
#define MNT_ID_MAX 4096
static struct spinlock mnt_id_lock = SPINLOCK_INIT("mnt_id"); /* taken alone: nothing inside it */
static u64 mnt_ids[MNT_ID_MAX / 64];			      /* ids in use, bit i for id i + 1 [mnt_id_lock] */

/* mnt_alloc_id (ida_alloc_min(&mnt_id_ida, 1)): the smallest free id, or 0 when none is. */
static int mnt_id_alloc(void)
{
	int id = 0;
	unsigned long irq = spin_lock_irqsave(&mnt_id_lock);
	for (int i = 0; i < MNT_ID_MAX && !id; i++) {
		if (!(mnt_ids[i / 64] & (1ULL << (i % 64)))) {
			mnt_ids[i / 64] |= 1ULL << (i % 64);
			id = i + 1;
		}
	}
	spin_unlock_irqrestore(&mnt_id_lock, irq);
	return id;
}

static void mnt_id_free(int id)
{
	unsigned long irq = spin_lock_irqsave(&mnt_id_lock);
	mnt_ids[(id - 1) / 64] &= ~(1ULL << ((id - 1) % 64));
	spin_unlock_irqrestore(&mnt_id_lock, irq);
}

struct super_block *sb_alloc(const char *type, u64 magic)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	if (!sb)
		return NULL;
	sb->type = type;
	sb->magic = magic;
	sb->dev = __atomic_fetch_add(&next_anon_dev, 1, __ATOMIC_RELAXED);
	sb->next_ino = 1;
	list_init(&sb->orphans);
	return sb;
}

int sb_set_root(struct super_block *sb, struct inode *root)
{
	struct dentry *d = root ? dentry_alloc(NULL, "/", 1) : NULL;
	if (!d) {
		inode_put(root);
		return -ENOMEM;
	}
	d->sb = sb;
	d_instantiate(d, root);
	inode_put(root);
	sb->root = d;
	return 0;
}

struct vfsmount *mnt_get(struct vfsmount *m)
{
	__atomic_fetch_add(&m->refcount, 1, __ATOMIC_RELAXED);
	return m;
}

void sb_get_active(struct super_block *sb)
{
	__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
}

void sb_put_active(struct super_block *sb)
{
	/* nothing can reach the file system any more: no mount, so no open file or cwd in it */
	if (__atomic_sub_fetch(&sb->active, 1, __ATOMIC_ACQ_REL) == 0 && sb->kill) {
		fsnotify_unmount(sb); /* generic_shutdown_super: the watches let go of its inodes first */
		sb->kill(sb);
	}
}

/* The last reference to a detached mount frees it. */
void mnt_put(struct vfsmount *m)
{
	int left = __atomic_sub_fetch(&m->refcount, 1, __ATOMIC_ACQ_REL);
	CHECK(left >= 0);
	if (left > 0)
		return;
	struct super_block *sb = m->sb;
	fanotify_mount_gone(m); /* cleanup_mnt's fsnotify_vfsmount_delete */
	dput(m->root);
	mnt_id_free(m->id);
	kfree(m->source);
	kfree(m);
	sb_put_active(sb);
}

static struct vfsmount *mnt_alloc(struct super_block *sb, struct dentry *root, const char *source, unsigned flags)
{
	struct vfsmount *m = kzalloc(sizeof(*m));
	size_t len = strlen(source);
	char *name = kmalloc(len + 1);
	int id = m && name ? mnt_id_alloc() : 0;
	if (!id) {
		kfree(m);
		kfree(name);
		return NULL;
	}
	m->id = id;
	memcpy(name, source, len + 1);
	m->source = name;
	sb_get_active(sb);
	m->refcount = 1; /* the mount list's */
	m->sb = sb;
	m->root = dget(root);
	m->flags = flags;
	list_init(&m->node);
	return m;
}

void vfs_set_root_mount(struct vfsmount *m)
{
	CHECK(!root_mount);
	m->parent = m;
	m->mountpoint = dget(m->root);
	m->ns = &init_mnt_ns;
	init_mnt_ns.root = m;
	root_mount = m;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	list_add_tail(&m->node, &mounts);
	spin_unlock_irqrestore(&mount_lock, irq);
}

int vfs_mount_sb(struct super_block *sb, const struct path *mountpoint, unsigned flags)
{
	return vfs_mount_at(sb, sb->root, root_mount ? sb->type : "rootfs", mountpoint, flags);
}

/* ---- propagation (Linux fs/pnode.c) ------------------------------------------- */

#define GROUP_ID_MAX 4096
static u64 group_ids[GROUP_ID_MAX / 64]; /* bit i: peer group i + 1 in use [mount_lock] */

/* mnt_alloc_group_id: the smallest free id, or 0. [mount_lock] */
static int group_alloc_locked(void)
{
	ASSERT_HELD(&mount_lock);
	for (int i = 0; i < GROUP_ID_MAX; i++) {
		if (!(group_ids[i / 64] & (1ULL << (i % 64)))) {
			group_ids[i / 64] |= 1ULL << (i % 64);
			return i + 1;
		}
	}
	return 0;
}

/* m leaves its peer group. With its last member the group's id is freed
 * and the group's slaves receive from m's master instead (do_make_slave,
 * and umount's reparenting of slaves). [mount_lock] */
static void leave_group_locked(struct vfsmount *m)
{
	ASSERT_HELD(&mount_lock);
	int g = m->group_id;
	struct vfsmount *o;
	m->group_id = 0;
	if (!g)
		return;
	list_for_each_entry(o, &mounts, node) {
		if (o->group_id == g)
			return;
	}
	group_ids[(g - 1) / 64] &= ~(1ULL << ((g - 1) % 64));
	list_for_each_entry(o, &mounts, node) {
		if (o->master_id == g)
			o->master_id = m->master_id;
	}
}

static bool has_peer_locked(struct vfsmount *m)
{
	ASSERT_HELD(&mount_lock);
	struct vfsmount *o;
	list_for_each_entry(o, &mounts, node) {
		if (o != m && o->group_id == m->group_id)
			return true;
	}
	return false;
}

/* change_mnt_propagation [mount_lock] */
static int change_type_locked(struct vfsmount *m, unsigned long type)
{
	ASSERT_HELD(&mount_lock);
	if (type == MS_SHARED) {
		if (!m->group_id)
			m->group_id = group_alloc_locked();
		if (m->group_id)
			m->flags &= ~MNT_UNBINDABLE; /* set_mnt_shared */
		return m->group_id ? 0 : -ENOMEM;
	}
	if (type == MS_SLAVE && m->group_id && has_peer_locked(m))
		m->master_id = m->group_id; /* a slave of its old peers */
	leave_group_locked(m);		    /* a slave with no peers keeps its master: none makes it private */
	if (type == MS_SLAVE)
		return 0; /* an unbindable one stays so */
	m->master_id = 0;
	if (type == MS_UNBINDABLE)
		m->flags |= MNT_UNBINDABLE;
	else
		m->flags &= ~MNT_UNBINDABLE;
	return 0;
}

/* Is m top or a mount under it? [mount_lock] */
static bool under_locked(struct vfsmount *m, const struct vfsmount *top)
{
	ASSERT_HELD(&mount_lock);
	for (;; m = m->parent) {
		if (m == top)
			return true;
		if (m->parent == m)
			return false;
	}
}

int mnt_change_type(struct vfsmount *top, unsigned long type, bool rec)
{
	int err = 0;
	struct vfsmount *m;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	list_for_each_entry(m, &mounts, node) {
		if (!err && (m == top || (rec && m->ns == top->ns && under_locked(m, top))))
			err = change_type_locked(m, type);
	}
	spin_unlock_irqrestore(&mount_lock, irq);
	return err;
}

void mnt_change_flags(struct vfsmount *top, unsigned clear, unsigned set, bool rec)
{
	struct vfsmount *m;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	list_for_each_entry(m, &mounts, node) {
		if (m == top || (rec && m->ns == top->ns && under_locked(m, top)))
			m->flags = (m->flags & ~clear) | set;
	}
	spin_unlock_irqrestore(&mount_lock, irq);
}

/* Is d at or below root (is_subdir)? [mount_lock] */
static bool dentry_under_locked(struct dentry *d, const struct dentry *root)
{
	ASSERT_HELD(&mount_lock);
	bool below = false;
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	for (;; d = d->parent) {
		if (d == root) {
			below = true;
			break;
		}
		if (d->parent == d)
			break;
	}
	spin_unlock_irqrestore(&dcache_lock, irq);
	return below;
}

static bool in_array(struct vfsmount *const *a, int n, const struct vfsmount *m)
{
	for (int i = 0; i < n; i++)
		if (a[i] == m)
			return true;
	return false;
}

/*
 * The mounts an event on p reaches (propagate_mnt, propagate_umount): the
 * other members of p's peer group, the slaves of that group, their peers,
 * their slaves, and so down. Up to cap of them into out, with references;
 * returns how many there are. [mount_lock]
 */
static int targets_locked(struct vfsmount *p, struct vfsmount **out, int cap)
{
	ASSERT_HELD(&mount_lock);
	int groups[64], ng = 0, n = 0;
	struct vfsmount *m;
	if (p->group_id)
		groups[ng++] = p->group_id;
	for (int gi = 0; gi < ng; gi++) {
		list_for_each_entry(m, &mounts, node) {
			bool slave = m->master_id == groups[gi];
			if (m == p || (m->group_id != groups[gi] && !slave) || in_array(out, n < cap ? n : cap, m))
				continue;
			if (n < cap)
				out[n] = mnt_get(m);
			n++;
			if (slave && m->group_id && ng < (int)ARRAY_SIZE(groups))
				groups[ng++] = m->group_id; /* a shared slave passes it on to its own peers */
		}
	}
	return n;
}

/* What one mount event on a parent reaches: the targets, with references,
 * and a new mount (or NULL) for each. */
struct propagation {
	struct vfsmount **targets;
	struct vfsmount **copies; /* for a mount: one for each target */
	struct umounted {	  /* for an umount: what each target lost */
		struct vfsmount *m, *parent;
		struct dentry *mountpoint;
	} * umounted;
	int n;
};

static int propagation_collect(struct vfsmount *p, struct propagation *pr)
{
	for (int cap = 8;; cap *= 2) {
		pr->targets = kzalloc((sizeof(*pr->targets) * 2 + sizeof(*pr->umounted)) * (size_t)cap);
		if (!pr->targets)
			return -ENOMEM;
		pr->copies = pr->targets + cap;
		pr->umounted = (struct umounted *)(pr->copies + cap);
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		pr->n = targets_locked(p, pr->targets, cap);
		spin_unlock_irqrestore(&mount_lock, irq);
		if (pr->n <= cap)
			return 0;
		for (int i = 0; i < cap; i++)
			mnt_put(pr->targets[i]);
		kfree(pr->targets);
	}
}

static void propagation_done(struct propagation *pr)
{
	for (int i = 0; i < pr->n; i++) {
		mnt_put(pr->targets[i]);
		if (pr->copies[i])
			mnt_put(pr->copies[i]); /* not attached: its target left meanwhile */
	}
	kfree(pr->targets);
}

/* Attaches m at (parent, mountpoint), both references taken here. [mount_lock] */
static void attach_locked(struct vfsmount *m, struct vfsmount *parent, struct dentry *mountpoint)
{
	ASSERT_HELD(&mount_lock);
	m->parent = mnt_get(parent);
	m->mountpoint = dget(mountpoint);
	m->ns = parent->ns; /* attach_recursive_mnt: the parent's namespace */
	list_add_tail(&m->node, &mounts);
	__atomic_fetch_add(&mountpoint->mounted, 1, __ATOMIC_RELEASE);
}

/*
 * attach_recursive_mnt with propagate_mnt: m goes onto mp; under a shared
 * parent it is made shared (a new peer group), and a copy goes onto the same
 * dentry in every target that sees it — a peer of m on the parent's peers,
 * a slave of m's group on the slaves (peers among themselves when those
 * slaves are shared).
 */
static void attach_propagating_locked(struct vfsmount *m, const struct path *mp, struct propagation *pr)
{
	ASSERT_HELD(&mount_lock);
	struct vfsmount *p = mp->mnt;
	if (p->group_id && !m->group_id)
		m->group_id = group_alloc_locked(); /* 0 when none is left: then not shared */
	attach_locked(m, p, mp->dentry);
	int made_for[64] = {0}, made_as[64] = {0}; /* a slave target's group -> its copies' group */
	for (int i = 0; i < pr->n; i++) {
		struct vfsmount *t = pr->targets[i], *c = pr->copies[i];
		if (!c || !t->ns || !dentry_under_locked(mp->dentry, t->root))
			continue;
		if (t->group_id == p->group_id) {
			c->group_id = m->group_id;
		} else {
			c->master_id = m->group_id;
			for (int k = 0; t->group_id && k < 64; k++) {
				if (!made_for[k] || made_for[k] == t->group_id) {
					made_as[k] = made_for[k] ? made_as[k] : group_alloc_locked();
					made_for[k] = t->group_id;
					c->group_id = made_as[k];
					break;
				}
			}
		}
		attach_locked(c, t, mp->dentry);
		pr->copies[i] = NULL;
	}
}

/* A new mount of root (a dentry of sb) at mountpoint, with the given
 * propagation (group and master ids), propagated. */
static int mount_propagating(struct super_block *sb, struct dentry *root, const char *source,
			     const struct path *mountpoint, unsigned flags, int group_id, int master_id)
{
	struct vfsmount *m = mnt_alloc(sb, root, source, flags);
	if (!m)
		return -ENOMEM;
	struct propagation pr;
	if (propagation_collect(mountpoint->mnt, &pr)) {
		mnt_put(m);
		return -ENOMEM;
	}
	for (int i = 0; i < pr.n; i++)
		pr.copies[i] = mnt_alloc(sb, root, source, flags); /* NULL: that target goes without */
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	m->group_id = group_id;
	m->master_id = master_id;
	attach_propagating_locked(m, mountpoint, &pr);
	spin_unlock_irqrestore(&mount_lock, irq);
	propagation_done(&pr);
	return 0;
}

int vfs_mount_at(struct super_block *sb, struct dentry *root, const char *source, const struct path *mountpoint,
		 unsigned flags)
{
	if (!root_mount) {
		struct vfsmount *m = mnt_alloc(sb, root, source, flags);
		if (!m)
			return -ENOMEM;
		vfs_set_root_mount(m);
		return 0;
	}
	return mount_propagating(sb, root, source, mountpoint, flags, 0, 0);
}

int vfs_bind_mount(const struct path *from, const struct path *mountpoint)
{
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	unsigned flags = from->mnt->flags;
	int group_id = from->mnt->group_id, master_id = from->mnt->master_id;
	spin_unlock_irqrestore(&mount_lock, irq);
	return mount_propagating(from->dentry->sb, from->dentry, from->mnt->source, mountpoint, flags, group_id,
				 master_id);
}

/* The most recent mount on (mnt, dentry): mounts stack, the last one is seen. */
struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *dentry)
{
	struct vfsmount *found = NULL, *m;
	/* Nearly every dentry walked through has nothing mounted on it: a plain
	 * look first, as Linux's d_mountpoint() before __lookup_mnt. A mount
	 * made while this runs may be missed, as if the walk had passed first. */
	if (!__atomic_load_n(&dentry->mounted, __ATOMIC_ACQUIRE))
		return NULL;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	if (dentry->mounted) {
		list_for_each_entry(m, &mounts, node) {
			if (m->parent == mnt && m->mountpoint == dentry && m != mnt)
				found = m;
		}
	}
	if (found)
		mnt_get(found);
	spin_unlock_irqrestore(&mount_lock, irq);
	return found;
}

void vfs_root(struct path *out)
{
	out->mnt = mnt_get(root_mount);
	out->dentry = dget(root_mount->root);
}

void vfs_for_each_mount(void (*fn)(struct vfsmount *m, void *arg), void *arg)
{
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	struct vfsmount *m;
	list_for_each_entry(m, &mounts, node)
		fn(m, arg);
	spin_unlock_irqrestore(&mount_lock, irq);
}

/* m leaves its mount point [mount_lock]: *parent (NULL for a namespace's
 * root) and *mountpoint are the references the caller drops after
 * unlocking. m stays in the list and its namespace. */
static void unhook_locked(struct vfsmount *m, struct vfsmount **parent, struct dentry **mountpoint)
{
	ASSERT_HELD(&mount_lock);
	*parent = m->parent != m ? m->parent : NULL;
	*mountpoint = m->mountpoint;
	if (*parent)
		__atomic_fetch_sub(&m->mountpoint->mounted, 1, __ATOMIC_RELEASE);
	m->parent = m;
	m->mountpoint = NULL;
}

/* m goes onto (parent, mountpoint), whose references it takes over, and to
 * the end of the list so that it is what lookup_mnt sees there [mount_lock]. */
static void hook_locked(struct vfsmount *m, struct vfsmount *parent, struct dentry *mountpoint)
{
	ASSERT_HELD(&mount_lock);
	m->parent = parent;
	m->mountpoint = mountpoint;
	__atomic_fetch_add(&mountpoint->mounted, 1, __ATOMIC_RELEASE);
	list_del(&m->node);
	list_add_tail(&m->node, &mounts);
}

/* Drops what unhook_locked handed back and the list's reference to m. */
static void put_detached(struct vfsmount *m, struct vfsmount *parent, struct dentry *mountpoint)
{
	if (mountpoint)
		dput(mountpoint);
	if (parent)
		mnt_put(parent);
	mnt_put(m);
}

/* ---- MS_MOVE ------------------------------------------------------------------ */

/* Is m or a mount below it unbindable (tree_contains_unbindable)? Has m a
 * mount below it? [mount_lock] */
static bool tree_has_locked(struct vfsmount *m, bool unbindable)
{
	ASSERT_HELD(&mount_lock);
	struct vfsmount *o;
	list_for_each_entry(o, &mounts, node) {
		bool below = under_locked(o, m);
		if (below && unbindable && (o->flags & MNT_UNBINDABLE))
			return true;
		if (below && !unbindable && o != m)
			return true;
	}
	return false;
}

/* do_move_mount's checks in Linux's order, past check_mnt of the
 * destination (the caller's), with root the source path's dentry. The
 * source is a mount of the destination's namespace or the root of a
 * detached tree (fsmount, open_tree's copy: an anonymous namespace's). A
 * moved tree of several mounts onto a shared destination would need each
 * of them made shared and copied to the destination's peers (copy_tree in
 * propagate_mnt): not built, EINVAL. [mount_lock] */
static int move_check_locked(struct vfsmount *m, struct dentry *root, const struct path *to)
{
	ASSERT_HELD(&mount_lock);
	struct vfsmount *p = to->mnt;
	bool attached = m->parent != m;
	if (!m->ns || (attached ? m->ns != p->ns : !(m->ns->anon && m->ns->root == m)))
		return -EINVAL; /* not mounted, not in our namespace nor a detached tree's root */
	if (root != m->root)
		return -EINVAL; /* not a mount's root */
	if (attached && m->parent->group_id)
		return -EINVAL; /* a mount under a shared parent does not move */
	if (p->group_id && tree_has_locked(m, true))
		return -EINVAL; /* an unbindable one onto a shared destination */
	for (struct vfsmount *q = p;; q = q->parent) {
		if (q == m)
			return -ELOOP; /* under itself */
		if (q->parent == q)
			break;
	}
	if (p->group_id && tree_has_locked(m, false)) {
		static bool logged;
		if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
			printk(KERN_NOTICE
			       "levitate: MS_MOVE of a mount tree onto a shared mount not implemented (EINVAL)");
		return -EINVAL;
	}
	return 0;
}

/*
 * attach_recursive_mnt for a move: m leaves its mount point for to's,
 * taking the mounts below it along (they stay on m); onto a shared
 * destination it is made shared and a copy goes to every target, as a new
 * mount would (attach_propagating_locked). m and those below it go to the
 * end of the list, in their order, so that lookup_mnt sees m on top of
 * what is mounted there already and a mount still comes after its parent.
 * A detached tree's mounts join the destination's namespace, leaving their
 * anonymous one empty (its descriptor's close then takes nothing away).
 */
int vfs_move_mount(const struct path *from, const struct path *to)
{
	struct vfsmount *m = from->mnt;
	struct propagation pr;
	if (propagation_collect(to->mnt, &pr))
		return -ENOMEM;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	unsigned flags = m->flags;
	spin_unlock_irqrestore(&mount_lock, irq);
	for (int i = 0; i < pr.n; i++)
		pr.copies[i] = mnt_alloc(m->sb, m->root, m->source, flags); /* NULL: that target goes without */
	struct vfsmount *old_parent = NULL;
	struct dentry *old_mountpoint = NULL;
	irq = spin_lock_irqsave(&mount_lock);
	int err = move_check_locked(m, from->dentry, to);
	if (!err) {
		struct list_head below = LIST_HEAD_INIT(below);
		struct vfsmount *o, *tmp;
		list_for_each_entry_safe(o, tmp, &mounts, node) {
			if (o != m && o->ns == m->ns && under_locked(o, m)) {
				o->ns = to->mnt->ns;
				list_move_tail(&o->node, &below);
			}
		}
		if (m->parent == m)
			m->ns->root = NULL; /* a detached tree's root: its namespace is left empty */
		unhook_locked(m, &old_parent, &old_mountpoint);
		list_del(&m->node);
		attach_propagating_locked(m, to, &pr); /* back on the list, at its end */
		while (!list_empty(&below))
			list_move_tail(below.next, &mounts);
	}
	spin_unlock_irqrestore(&mount_lock, irq);
	if (old_mountpoint)
		dput(old_mountpoint);
	if (old_parent)
		mnt_put(old_parent);
	propagation_done(&pr);
	return err;
}

/*
 * umount (fs/namespace.c do_umount): the mount must be idle — only the
 * list's reference and the caller's walk — unless MNT_DETACH, which takes
 * it out of the name space now and frees it when the last user lets go.
 * A detached mount is its own parent, so ".." stops at its root. A
 * namespace's root mount cannot go (EINVAL).
 */
/* m leaves the list, its namespace and its peer group, with its place
 * handed back as unhook_locked does. [mount_lock] */
static void detach_locked(struct vfsmount *m, struct vfsmount **parent, struct dentry **mountpoint)
{
	ASSERT_HELD(&mount_lock);
	unhook_locked(m, parent, mountpoint);
	list_del(&m->node);
	list_init(&m->node);
	m->ns = NULL;
	leave_group_locked(m);
	m->master_id = 0;
}

/* The last mount on (p, d) if nothing is mounted on it (propagate_umount
 * takes those), or NULL. [mount_lock] */
static struct vfsmount *childless_top_locked(struct vfsmount *p, struct dentry *d)
{
	ASSERT_HELD(&mount_lock);
	struct vfsmount *top = NULL, *m;
	list_for_each_entry(m, &mounts, node) {
		if (m->parent == p && m->mountpoint == d && m != p)
			top = m;
	}
	list_for_each_entry(m, &mounts, node) {
		if (top && m->parent == top && m != top)
			return NULL;
	}
	return top;
}

int vfs_umount(struct vfsmount *m, bool detach)
{
	struct propagation pr;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	struct vfsmount *p = m->parent;
	bool bad = !m->ns || p == m;
	if (!bad)
		mnt_get(p);
	spin_unlock_irqrestore(&mount_lock, irq);
	if (bad)
		return -EINVAL;
	int err = propagation_collect(p, &pr); /* umount_tree's propagate_umount */
	mnt_put(p);
	if (err)
		return err;
	int held = 2 + in_array(pr.targets, pr.n, m); /* the list's, the caller's walk's, maybe the targets' */
	irq = spin_lock_irqsave(&mount_lock);
	if (m->parent != p || (!detach && __atomic_load_n(&m->refcount, __ATOMIC_RELAXED) > held)) {
		spin_unlock_irqrestore(&mount_lock, irq);
		propagation_done(&pr);
		return m->parent != p ? -EINVAL : -EBUSY;
	}
	struct dentry *d = m->mountpoint;
	for (int i = 0; i < pr.n && !detach; i++) { /* propagate_mount_busy: a copy in use too */
		struct vfsmount *c = pr.targets[i]->ns ? childless_top_locked(pr.targets[i], d) : NULL;
		if (c && c != m &&
		    __atomic_load_n(&c->refcount, __ATOMIC_RELAXED) > 1 + in_array(pr.targets, pr.n, c)) {
			spin_unlock_irqrestore(&mount_lock, irq);
			propagation_done(&pr);
			return -EBUSY;
		}
	}
	for (int i = 0; i < pr.n; i++) { /* the copies go too (umount_tree with UMOUNT_PROPAGATE) */
		struct vfsmount *c = pr.targets[i]->ns ? childless_top_locked(pr.targets[i], d) : NULL;
		if (c && c != m) {
			detach_locked(c, &pr.umounted[i].parent, &pr.umounted[i].mountpoint);
			pr.umounted[i].m = c;
		}
	}
	struct vfsmount *parent;
	struct dentry *mountpoint;
	detach_locked(m, &parent, &mountpoint);
	spin_unlock_irqrestore(&mount_lock, irq);
	put_detached(m, parent, mountpoint);
	for (int i = 0; i < pr.n; i++) {
		if (pr.umounted[i].m)
			put_detached(pr.umounted[i].m, pr.umounted[i].parent, pr.umounted[i].mountpoint);
	}
	propagation_done(&pr);
	return 0;
}

struct mnt_ns *mnt_ns_initial(void)
{
	return mnt_ns_get(&init_mnt_ns);
}

struct mnt_ns *mnt_ns_get(struct mnt_ns *ns)
{
	__atomic_fetch_add(&ns->refcount, 1, __ATOMIC_RELAXED);
	return ns;
}

u32 mnt_ns_inum(const struct mnt_ns *ns)
{
	return ns->inum;
}

bool mnt_in_ns(struct vfsmount *m, const struct mnt_ns *ns)
{
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	bool in = m->ns == ns;
	spin_unlock_irqrestore(&mount_lock, irq);
	return in;
}

/* The last reference: every mount of ns leaves the list, one at a time
 * (each put may free a file system, which may sleep, so not under the lock). */
void mnt_ns_put(struct mnt_ns *ns)
{
	if (__atomic_sub_fetch(&ns->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	CHECK(ns != &init_mnt_ns);
	for (;;) {
		struct vfsmount *m, *found = NULL, *parent = NULL;
		struct dentry *mountpoint = NULL;
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		list_for_each_entry(m, &mounts, node) {
			if (m->ns == ns) {
				found = m;
				break;
			}
		}
		if (found)
			detach_locked(found, &parent, &mountpoint);
		spin_unlock_irqrestore(&mount_lock, irq);
		if (!found)
			break;
		put_detached(found, parent, mountpoint);
	}
	kfree(ns);
}

/* What copying a mount needs of it, taken under mount_lock. */
struct mnt_copy {
	struct vfsmount *orig;	   /* a reference */
	struct vfsmount *parent;   /* orig's parent then (orig itself for the root) */
	struct dentry *mountpoint; /* a reference, NULL for the copies' root */
	struct vfsmount *copy;
};

/* Which mounts a copy takes: want(m, arg) under mount_lock; top is the one
 * that becomes the copies' root. */
struct mnt_selection {
	bool (*want)(struct vfsmount *m, const void *arg);
	const void *arg;
	const struct vfsmount *top;
};

/* The mounts sel wants into a kmalloc'd array (*out, *n), with references,
 * in the list's order (a parent before its children): counted first, then
 * collected; a mount made in between means one more try. */
static int collect_mounts(const struct mnt_selection *sel, struct mnt_copy **out, int *n)
{
	for (;;) {
		int count = 0, got = 0;
		struct vfsmount *m;
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		list_for_each_entry(m, &mounts, node)
			count += sel->want(m, sel->arg);
		spin_unlock_irqrestore(&mount_lock, irq);
		struct mnt_copy *a = kzalloc(sizeof(*a) * (size_t)count);
		if (!a)
			return -ENOMEM;
		irq = spin_lock_irqsave(&mount_lock);
		list_for_each_entry(m, &mounts, node) {
			if (!sel->want(m, sel->arg))
				continue;
			if (got == count) {
				got++;
				break;
			}
			bool root = m == sel->top || m->parent == m;
			a[got].orig = mnt_get(m);
			a[got].parent = m->parent;
			a[got].mountpoint = root ? NULL : dget(m->mountpoint);
			got++;
		}
		spin_unlock_irqrestore(&mount_lock, irq);
		if (got <= count) {
			*out = a;
			*n = got;
			return 0;
		}
		for (int i = 0; i < count; i++) {
			mnt_put(a[i].orig);
			if (a[i].mountpoint)
				dput(a[i].mountpoint);
		}
		kfree(a);
	}
}

/* The copy of orig in a, or NULL. */
static struct vfsmount *copy_of(const struct mnt_copy *a, int n, const struct vfsmount *orig)
{
	for (int i = 0; i < n; i++)
		if (a[i].orig == orig)
			return a[i].copy;
	return NULL;
}

/*
 * copy_tree: a copy of each collected mount, with its flags and device
 * name, a peer of the original and a slave of its master (clone_mnt), in
 * ns, on the copy of its parent; the root's copy (mountpoint NULL) is ns's
 * root, showing top_root (NULL: the original's root). Drops the array's
 * references and frees it. 0 or -ENOMEM (then nothing is in ns).
 */
static int copy_mounts(struct mnt_copy *a, int n, struct mnt_ns *ns, struct dentry *top_root)
{
	int err = 0;
	for (int i = 0; i < n && !err; i++) {
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		unsigned flags = a[i].orig->flags;
		spin_unlock_irqrestore(&mount_lock, irq);
		struct dentry *root = !a[i].mountpoint && top_root ? top_root : a[i].orig->root;
		a[i].copy = mnt_alloc(a[i].orig->sb, root, a[i].orig->source, flags);
		if (!a[i].copy)
			err = -ENOMEM;
	}
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	for (int i = 0; i < n && !err; i++) {
		struct vfsmount *c = a[i].copy;
		struct vfsmount *parent = a[i].mountpoint ? copy_of(a, n, a[i].parent) : NULL;
		c->ns = ns;
		c->group_id = a[i].orig->group_id;
		c->master_id = a[i].orig->master_id;
		list_add_tail(&c->node, &mounts);
		if (!parent) { /* the root: every other's parent was collected with it */
			c->parent = c;
			c->mountpoint = dget(c->root);
			if (!ns->root)
				ns->root = c;
			continue;
		}
		c->parent = mnt_get(parent);
		c->mountpoint = dget(a[i].mountpoint);
		__atomic_fetch_add(&c->mountpoint->mounted, 1, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&mount_lock, irq);
	return err;
}

/* Drops what collect_mounts took, and the copies too after a failure. */
static void copies_done(struct mnt_copy *a, int n, int err)
{
	for (int i = 0; i < n; i++) {
		if (err && a[i].copy)
			mnt_put(a[i].copy);
		mnt_put(a[i].orig);
		if (a[i].mountpoint)
			dput(a[i].mountpoint);
	}
	kfree(a);
}

/* A path into the old namespace moves to the copy of its mount (dup_mnt_ns's
 * loop over fs->root and fs->pwd); one outside it stays. */
static void move_path(const struct mnt_copy *a, int n, struct path *p)
{
	struct vfsmount *copy = copy_of(a, n, p->mnt);
	if (copy) {
		mnt_put(p->mnt);
		p->mnt = mnt_get(copy);
	}
}

static bool in_ns(struct vfsmount *m, const void *ns)
{
	return m->ns == ns;
}

int mnt_ns_copy(struct mnt_ns *old, struct mnt_ns **out, struct path *root, struct path *cwd)
{
	struct mnt_ns *ns = kzalloc(sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->refcount = 1;
	ns->inum = uts_alloc_inum(); /* proc_alloc_inum: one sequence for every kind */
	struct mnt_selection sel = {in_ns, old, NULL};
	struct mnt_copy *a;
	int n, err = collect_mounts(&sel, &a, &n);
	if (err) {
		kfree(ns);
		return err;
	}
	err = copy_mounts(a, n, ns, NULL);
	if (!err) {
		move_path(a, n, root);
		move_path(a, n, cwd);
	}
	copies_done(a, n, err);
	if (err) {
		kfree(ns);
		return err;
	}
	*out = ns;
	return 0;
}

/* ---- detached trees: fsmount and open_tree (Linux fs/namespace.c) ------------ */

static struct mnt_ns *anon_ns_alloc(void)
{
	struct mnt_ns *ns = kzalloc(sizeof(*ns));
	if (ns) {
		ns->refcount = 1;
		ns->anon = true; /* alloc_mnt_ns(anon): no inode number */
	}
	return ns;
}

int mnt_create_detached(struct super_block *sb, const char *source, unsigned flags, struct path *out,
			struct mnt_ns **ns_out)
{
	struct mnt_ns *ns = anon_ns_alloc();
	struct vfsmount *m = ns ? mnt_alloc(sb, sb->root, source, flags) : NULL;
	if (!m) {
		kfree(ns);
		return -ENOMEM;
	}
	m->parent = m;
	m->mountpoint = dget(m->root);
	m->ns = ns;
	ns->root = m;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	list_add_tail(&m->node, &mounts);
	spin_unlock_irqrestore(&mount_lock, irq);
	out->mnt = mnt_get(m);
	out->dentry = dget(m->root);
	*ns_out = ns;
	return 0;
}

/* Is m the top of a copy of from (from's mount), or with recursion a mount
 * below it on a place under from's dentry, reached through no unbindable
 * mount (copy_tree's is_subdir and IS_MNT_UNBINDABLE skips)? [mount_lock] */
struct tree_selection {
	const struct path *from;
	bool recursive;
};

static bool in_tree(struct vfsmount *m, const void *arg)
{
	const struct tree_selection *t = arg;
	struct vfsmount *top = t->from->mnt;
	if (m == top)
		return true;
	if (!t->recursive || m->ns != top->ns)
		return false;
	for (struct vfsmount *c = m; c->parent != c; c = c->parent) {
		if (c->flags & MNT_UNBINDABLE)
			return false;
		if (c->parent == top)
			return dentry_under_locked(c->mountpoint, t->from->dentry);
	}
	return false;
}

int mnt_clone_detached(const struct path *from, bool recursive, const struct mnt_ns *caller_ns, struct path *out,
		       struct mnt_ns **ns_out)
{
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	bool refused = (from->mnt->flags & MNT_UNBINDABLE) || from->mnt->ns != caller_ns;
	spin_unlock_irqrestore(&mount_lock, irq);
	if (refused)
		return -EINVAL; /* __do_loopback: IS_MNT_UNBINDABLE, !check_mnt */
	struct mnt_ns *ns = anon_ns_alloc();
	if (!ns)
		return -ENOMEM;
	struct tree_selection t = {from, recursive};
	struct mnt_selection sel = {in_tree, &t, from->mnt};
	struct mnt_copy *a;
	int n, err = collect_mounts(&sel, &a, &n);
	if (!err) {
		err = copy_mounts(a, n, ns, from->dentry);
		copies_done(a, n, err);
	}
	if (err || !ns->root) { /* the source was unmounted meanwhile */
		kfree(ns);
		return err ? err : -EINVAL;
	}
	irq = spin_lock_irqsave(&mount_lock);
	out->mnt = mnt_get(ns->root);
	spin_unlock_irqrestore(&mount_lock, irq);
	out->dentry = dget(from->dentry);
	*ns_out = ns;
	return 0;
}

/* The O_PATH file of a detached tree (Linux's FMODE_NEED_UNMOUNT): its last
 * close takes the tree away, unless move_mount has attached it
 * (dissolve_on_fput), by dropping the anonymous namespace. */
static void detached_release(struct file *f)
{
	mnt_ns_put(f->private);
}

static const struct file_ops detached_tree_ops = {.release = detached_release};

int mnt_detached_file(const struct path *p, struct mnt_ns *ns, struct file **out)
{
	int err = vfs_open_path(p, O_PATH, out);
	if (err) {
		mnt_ns_put(ns);
		return err;
	}
	(*out)->ops = &detached_tree_ops;
	(*out)->private = ns;
	return 0;
}

void mnt_ns_root(struct mnt_ns *ns, struct path *out)
{
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	struct path p = {mnt_get(ns->root), dget(ns->root->root)};
	spin_unlock_irqrestore(&mount_lock, irq);
	/* follow_down_one while d_mountpoint */
	struct vfsmount *on;
	while ((on = lookup_mnt(p.mnt, p.dentry)) != NULL) {
		path_put(&p);
		p.mnt = on;
		p.dentry = dget(on->root);
	}
	*out = p;
}

/* is_path_reachable: does walking up from p, across mount points, meet
 * root's tree? [mount_lock] */
static bool reachable_locked(struct path p, const struct path *root)
{
	ASSERT_HELD(&mount_lock);
	while (p.mnt != root->mnt && p.mnt->parent != p.mnt) {
		p.dentry = p.mnt->mountpoint;
		p.mnt = p.mnt->parent;
	}
	return p.mnt == root->mnt && dentry_under_locked(p.dentry, root->dentry);
}

/* pivot_root's checks (fs/namespace.c, in its order) [mount_lock]. */
static int pivot_check_locked(const struct path *new, const struct path *root, const struct path *put_old,
			      const struct mnt_ns *ns)
{
	ASSERT_HELD(&mount_lock);
	struct vfsmount *new_mnt = new->mnt, *root_mnt = root->mnt;
	if (put_old->mnt->group_id || new_mnt->parent->group_id || root_mnt->parent->group_id)
		return -EINVAL; /* propagation would undo the move */
	if (root_mnt->ns != ns || new_mnt->ns != ns)
		return -EINVAL;
	struct dentry *d = new->dentry;
	if (d->parent != d && !(d->flags & (DENTRY_HASHED | DENTRY_NOCACHE)))
		return -ENOENT; /* d_unlinked */
	if (new_mnt == root_mnt || put_old->mnt == root_mnt)
		return -EBUSY; /* a loop, on the same file system */
	if (root->dentry != root_mnt->root || root_mnt->parent == root_mnt)
		return -EINVAL; /* the root is no mount point, or not attached */
	if (new->dentry != new_mnt->root || new_mnt->parent == new_mnt)
		return -EINVAL; /* new_root likewise */
	if (!reachable_locked(*put_old, new) || !reachable_locked(*new, root))
		return -EINVAL; /* put_old is not under new_root, or new_root not under the root */
	return 0;
}

int mnt_pivot(const struct path *new, const struct path *root, const struct path *put_old, const struct mnt_ns *ns)
{
	struct vfsmount *new_parent, *root_parent;
	struct dentry *new_mp, *root_mp;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	int err = pivot_check_locked(new, root, put_old, ns);
	if (err) {
		spin_unlock_irqrestore(&mount_lock, irq);
		return err;
	}
	unhook_locked(new->mnt, &new_parent, &new_mp);
	unhook_locked(root->mnt, &root_parent, &root_mp);
	hook_locked(root->mnt, mnt_get(put_old->mnt), dget(put_old->dentry));
	hook_locked(new->mnt, root_parent, root_mp); /* the old root's place, its references */
	spin_unlock_irqrestore(&mount_lock, irq);
	dput(new_mp);
	mnt_put(new_parent);
	return 0;
}

struct vfsmount *vfs_kern_mount(struct super_block *sb)
{
	struct vfsmount *m = mnt_alloc(sb, sb->root, sb->type, 0);
	if (m) {
		m->parent = m;
		m->mountpoint = NULL;
	}
	return m;
}
