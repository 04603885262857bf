/*
 * mount.c — super blocks and mounts (fs/namespace.c, in one name space):
 * the mount list, attaching a file system on a directory, and finding what
 * is mounted on a dentry while walking. mount_lock protects the list and
 * every dentry->mounted count.
 */
#include <vfs.h>

#include <fsnotify.h>

#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>

struct spinlock mount_lock = SPINLOCK_INIT("mount");
static struct list_head mounts = LIST_HEAD_INIT(mounts); /* [mount_lock] */
static struct vfsmount *root_mount;			 /* set once at boot */
static u32 next_anon_dev = 1;				 /* atomic: Linux's get_anon_bdev, 0:N */
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

/*
 * umount (fs/namespace.c do_umount): the mount must be idle — only the
 * list's reference and the caller's walk — unless MNT_DETACH, which takes
 * it out of the name space now and frees it when the last user lets go.
 * A detached mount is its own parent, so ".." stops at its root.
 */
int vfs_umount(struct vfsmount *m, bool detach)
{
	if (m == root_mount)
		return -EINVAL;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	if (!detach && __atomic_load_n(&m->refcount, __ATOMIC_RELAXED) > 2) {
		spin_unlock_irqrestore(&mount_lock, irq);
		return -EBUSY;
	}
	list_del(&m->node);
	list_init(&m->node);
	m->mountpoint->mounted--;
	struct vfsmount *parent = m->parent;
	struct dentry *mountpoint = m->mountpoint;
	m->parent = m;
	m->mountpoint = NULL;
	spin_unlock_irqrestore(&mount_lock, irq);
	dput(mountpoint);
	mnt_put(parent);
	mnt_put(m); /* the list's reference */
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
