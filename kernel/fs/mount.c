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
 * Every mount is private: nothing propagates between mounts (MS_SHARED is
 * not built, sys_mount.c).
 */
#include <vfs.h>

#include <fsnotify.h>

#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uts.h>
#include <uapi/errno.h>

struct spinlock mount_lock = SPINLOCK_INIT("mount");
static struct list_head mounts = LIST_HEAD_INIT(mounts); /* [mount_lock] */
static struct vfsmount *root_mount;			 /* set once at boot */

struct mnt_ns {
	int refcount;	       /* atomic: fs contexts and nsfs files */
	u32 inum;	       /* its /proc/PID/ns/mnt number, fixed */
	struct vfsmount *root; /* its root mount, fixed (pivot_root moves what is on it) */
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

/* The last reference to a detached mount frees it (super blocks live on: nothing frees them yet). */
void mnt_put(struct vfsmount *m)
{
	int left = __atomic_sub_fetch(&m->refcount, 1, __ATOMIC_ACQ_REL);
	CHECK(left >= 0);
	if (left > 0)
		return;
	struct super_block *sb = m->sb;
	dput(m->root);
	mnt_id_free(m->id);
	kfree(m->source);
	kfree(m);
	/* nothing can reach the file system any more: no mount, so no open file or cwd in it */
	if (__atomic_sub_fetch(&sb->active, 1, __ATOMIC_ACQ_REL) == 0 && sb->kill) {
		fsnotify_unmount(sb); /* generic_shutdown_super: the watches let go of its inodes first */
		sb->kill(sb);
	}
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
	__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
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

int vfs_mount_at(struct super_block *sb, struct dentry *root, const char *source, const struct path *mountpoint,
		 unsigned flags)
{
	struct vfsmount *m = mnt_alloc(sb, root, source, flags);
	if (!m)
		return -ENOMEM;
	if (!root_mount) {
		vfs_set_root_mount(m);
		return 0;
	}
	m->parent = mnt_get(mountpoint->mnt);
	m->mountpoint = dget(mountpoint->dentry);
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	m->ns = mountpoint->mnt->ns; /* attach_recursive_mnt: the parent's namespace */
	list_add_tail(&m->node, &mounts);
	mountpoint->dentry->mounted++;
	spin_unlock_irqrestore(&mount_lock, irq);
	return 0;
}

/* The most recent mount on (mnt, dentry): mounts stack, the last one is seen. */
struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *dentry)
{
	struct vfsmount *found = NULL, *m;
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
	*parent = m->parent != m ? m->parent : NULL;
	*mountpoint = m->mountpoint;
	if (*parent)
		m->mountpoint->mounted--;
	m->parent = m;
	m->mountpoint = NULL;
}

/* m goes onto (parent, mountpoint), whose references it takes over, and to
 * the end of the list so that it is what lookup_mnt sees there [mount_lock]. */
static void hook_locked(struct vfsmount *m, struct vfsmount *parent, struct dentry *mountpoint)
{
	m->parent = parent;
	m->mountpoint = mountpoint;
	mountpoint->mounted++;
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

/*
 * umount (fs/namespace.c do_umount): the mount must be idle — only the
 * list's reference and the caller's walk — unless MNT_DETACH, which takes
 * it out of the name space now and frees it when the last user lets go.
 * A detached mount is its own parent, so ".." stops at its root. A
 * namespace's root mount cannot go (EINVAL).
 */
int vfs_umount(struct vfsmount *m, bool detach)
{
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	if (!m->ns || m->parent == m) {
		spin_unlock_irqrestore(&mount_lock, irq);
		return -EINVAL;
	}
	if (!detach && __atomic_load_n(&m->refcount, __ATOMIC_RELAXED) > 2) {
		spin_unlock_irqrestore(&mount_lock, irq);
		return -EBUSY;
	}
	struct vfsmount *parent;
	struct dentry *mountpoint;
	unhook_locked(m, &parent, &mountpoint);
	list_del(&m->node);
	list_init(&m->node);
	m->ns = NULL;
	spin_unlock_irqrestore(&mount_lock, irq);
	put_detached(m, parent, mountpoint);
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
		if (found) {
			unhook_locked(found, &parent, &mountpoint);
			list_del(&found->node);
			list_init(&found->node);
			found->ns = NULL;
		}
		spin_unlock_irqrestore(&mount_lock, irq);
		if (!found)
			break;
		put_detached(found, parent, mountpoint);
	}
	kfree(ns);
}

/* What copying a namespace needs of each mount, taken under mount_lock. */
struct mnt_copy {
	struct vfsmount *orig;	   /* a reference */
	struct vfsmount *parent;   /* orig's parent then (orig itself for the root) */
	struct dentry *mountpoint; /* a reference, NULL for the root */
	struct vfsmount *copy;
};

/* The mounts of ns into a kmalloc'd array (*out, *n), with references:
 * counted first, then collected; a mount made in between means one more try. */
static int collect_ns(struct mnt_ns *ns, struct mnt_copy **out, int *n)
{
	for (;;) {
		int count = 0, got = 0;
		struct vfsmount *m;
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		list_for_each_entry(m, &mounts, node)
			count += m->ns == ns;
		spin_unlock_irqrestore(&mount_lock, irq);
		struct mnt_copy *a = kzalloc(sizeof(*a) * (size_t)count);
		if (!a)
			return -ENOMEM;
		irq = spin_lock_irqsave(&mount_lock);
		list_for_each_entry(m, &mounts, node) {
			if (m->ns != ns)
				continue;
			if (got == count) {
				got++;
				break;
			}
			a[got].orig = mnt_get(m);
			a[got].parent = m->parent;
			a[got].mountpoint = m->parent != m ? dget(m->mountpoint) : NULL;
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

int mnt_ns_copy(struct mnt_ns *old, struct mnt_ns **out, struct path *root, struct path *cwd)
{
	struct mnt_ns *ns = kzalloc(sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->refcount = 1;
	ns->inum = uts_alloc_inum(); /* proc_alloc_inum: one sequence for every kind */
	struct mnt_copy *a;
	int n, err = collect_ns(old, &a, &n);
	if (err) {
		kfree(ns);
		return err;
	}
	/* copy_tree: each mount anew, with its flags and device name */
	for (int i = 0; i < n && !err; i++) {
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		unsigned flags = a[i].orig->flags;
		spin_unlock_irqrestore(&mount_lock, irq);
		a[i].copy = mnt_alloc(a[i].orig->sb, a[i].orig->root, a[i].orig->source, flags);
		if (!a[i].copy)
			err = -ENOMEM;
	}
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	for (int i = 0; i < n && !err; i++) {
		struct vfsmount *c = a[i].copy;
		struct vfsmount *parent = a[i].mountpoint ? copy_of(a, n, a[i].parent) : NULL;
		c->ns = ns;
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
		c->mountpoint->mounted++;
	}
	spin_unlock_irqrestore(&mount_lock, irq);
	if (!err) {
		move_path(a, n, root);
		move_path(a, n, cwd);
	}
	for (int i = 0; i < n; i++) {
		if (err && a[i].copy)
			mnt_put(a[i].copy);
		mnt_put(a[i].orig);
		if (a[i].mountpoint)
			dput(a[i].mountpoint);
	}
	kfree(a);
	if (err) {
		kfree(ns);
		return err;
	}
	*out = ns;
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
	while (p.mnt != root->mnt && p.mnt->parent != p.mnt) {
		p.dentry = p.mnt->mountpoint;
		p.mnt = p.mnt->parent;
	}
	if (p.mnt != root->mnt)
		return false;
	bool below = false;
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	for (struct dentry *d = p.dentry;; d = d->parent) { /* is_subdir */
		if (d == root->dentry) {
			below = true;
			break;
		}
		if (d->parent == d)
			break;
	}
	spin_unlock_irqrestore(&dcache_lock, irq);
	return below;
}

/* pivot_root's checks (fs/namespace.c, in its order; no mount is shared
 * here, so the IS_MNT_SHARED ones pass) [mount_lock]. */
static int pivot_check_locked(const struct path *new, const struct path *root, const struct path *put_old,
			      const struct mnt_ns *ns)
{
	struct vfsmount *new_mnt = new->mnt, *root_mnt = root->mnt;
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
