/*
 * sys_fs.c — system calls on the name space and on inodes (fs/namei.c,
 * fs/open.c, fs/attr.c, fs/utimes.c, fs/statfs.c, fs/sync.c): mknodat,
 * mkdirat, unlinkat, symlinkat, linkat, renameat(2), truncate, ftruncate,
 * fallocate, fchmod(at), fchown(at), utimensat, statfs, fstatfs, fsync,
 * fdatasync, sync, syncfs. Each checks what Linux checks, in Linux's order,
 * and gives Linux's errno.
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fsnotify.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

/* A user path and the directory it starts from (the *at() calls). */
struct at_name {
	char *name;
	struct file *dir;
};

static long at_name_get(int dirfd, uaddr_t upath, struct at_name *a)
{
	a->dir = NULL;
	long len = vfs_get_user_path(upath, &a->name);
	if (len < 0)
		return len;
	long err = len == 0 ? -ENOENT : vfs_start_dir(dirfd, a->name, &a->dir);
	if (err)
		kfree(a->name);
	return err;
}

static void at_name_put(struct at_name *a)
{
	if (a->dir)
		file_put(a->dir);
	kfree(a->name);
}

static const struct path *at_start(const struct at_name *a)
{
	return a->dir ? &a->dir->path : NULL;
}

/* ---- making names ------------------------------------------------------------ */

/* What a new name becomes: a node of mode and rdev (mknod, mkdir), or a
 * symbolic link to target. */
struct new_name {
	u32 mode, rdev;
	bool device;	    /* a device node: CAP_MKNOD (vfs_mknod) */
	const char *target; /* a symlink's; NULL for a node */
};

/* Makes dirfd/upath into what nn says: the set-up mknodat, mkdirat and
 * symlinkat share (Linux filename_create, then vfs_mknod, vfs_mkdir or
 * vfs_symlink, each telling fsnotify). An existing name wins over EPERM. */
static long create_at(int dirfd, uaddr_t upath, const struct new_name *nn)
{
	struct at_name a;
	long err = at_name_get(dirfd, upath, &a);
	if (err)
		return err;
	struct path parent;
	struct dentry *d;
	err = vfs_create_prepare(at_start(&a), a.name, 0, &parent, &d);
	if (err)
		goto out_put_name;
	struct inode *dir = parent.dentry->inode;
	if (nn->device && !capable(CAP_MKNOD))
		err = -EPERM;
	else if (nn->target)
		err = dir->iops->symlink ? dir->iops->symlink(dir, d, nn->target) : -EPERM;
	else /* the umask, unless a default ACL says instead (posix_acl_create) */
		err = dir->iops->mknod(dir, d, (nn->mode & S_IFMT) | acl_create_mode(dir, nn->mode & 07777), nn->rdev);
	if (!err)
		fsnotify_create(dir, d); /* fsnotify_mkdir for a directory: the same event here */
	vfs_create_finish(&parent, d);
out_put_name:
	at_name_put(&a);
	return err;
}

/* may_mknod: regular files, devices, FIFOs and sockets; a directory is EPERM. */
static long do_mknodat(int dirfd, uaddr_t upath, u32 mode, u32 dev)
{
	u32 type = mode & S_IFMT;
	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	bool device = type == S_IFCHR || type == S_IFBLK;
	struct new_name nn = {
		.mode = type | (mode & 07777),
		.rdev = device ? dev : 0,
		.device = device,
	};
	return create_at(dirfd, upath, &nn);
}

SYSCALL_DEFINE4(mknodat, int, dirfd, uaddr_t, upath, u32, mode, u32, dev)
{
	return do_mknodat(dirfd, upath, mode, dev);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, uaddr_t, upath, u32, mode)
{
	struct new_name nn = {.mode = S_IFDIR | (mode & 01777)};
	return create_at(dirfd, upath, &nn);
}

SYSCALL_DEFINE3(symlinkat, uaddr_t, utarget, int, dirfd, uaddr_t, upath)
{
	char *target;
	long len = vfs_get_user_path(utarget, &target);
	if (len < 0)
		return len;
	struct new_name nn = {.target = target};
	long err = len == 0 ? -ENOENT : create_at(dirfd, upath, &nn);
	kfree(target);
	return err;
}

/* linkat: directories cannot be linked (EPERM), nor across mounts (EXDEV). */
SYSCALL_DEFINE5(linkat, int, olddirfd, uaddr_t, uold, int, newdirfd, uaddr_t, unew, int, flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path old;
	int at = (flags & AT_EMPTY_PATH) | ((flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW);
	long err = vfs_user_walk(olddirfd, uold, at, 0, &old);
	if (err)
		return err;
	struct at_name a;
	err = at_name_get(newdirfd, unew, &a);
	if (err)
		goto out_put_old;
	struct path parent;
	struct dentry *d;
	err = vfs_create_prepare(at_start(&a), a.name, 0, &parent, &d);
	if (err)
		goto out_put_name;
	struct inode *dir = parent.dentry->inode, *inode = old.dentry->inode;
	if (parent.mnt != old.mnt)
		err = -EXDEV;
	else if ((inode->mode & S_IFMT) == S_IFDIR)
		err = -EPERM;
	else if (inode->nlink == 0 && !inode->linkable)
		err = -ENOENT;
	else if (!dir->iops->link)
		err = -EPERM;
	else
		err = dir->iops->link(old.dentry, dir, d);
	if (!err) { /* vfs_link: fsnotify_link */
		fsnotify_link_count(inode);
		fsnotify_create(dir, d);
	}
	vfs_create_finish(&parent, d);
out_put_name:
	at_name_put(&a);
out_put_old:
	path_put(&old);
	return err;
}

/* ---- removing names --------------------------------------------------------- */

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* do_rmdir / do_unlinkat: the last component's kind first, then the entry. */
static long remove_checks(struct inode *dir, struct dentry *victim, bool rmdir, bool slash, struct vfsmount *mnt)
{
	bool is_dir = (victim->inode->mode & S_IFMT) == S_IFDIR;
	if (rmdir && !is_dir)
		return -ENOTDIR;
	if (!rmdir && is_dir)
		return -EISDIR;
	if (!rmdir && slash)
		return -ENOTDIR;
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if (vfs_sticky_denies(dir, victim->inode))
		return -EPERM;
	if (mnt_is_readonly(mnt))
		return -EROFS;
	if (__atomic_load_n(&victim->mounted, __ATOMIC_RELAXED))
		return -EBUSY;
	return 0;
}

static long do_remove(int dirfd, uaddr_t upath, bool rmdir)
{
	struct at_name a;
	long err = at_name_get(dirfd, upath, &a);
	if (err)
		return err;
	struct path parent;
	const char *last;
	size_t len;
	bool slash;
	err = vfs_walk_parent(at_start(&a), a.name, 0, &parent, &last, &len, &slash);
	if (err)
		goto out_name;
	if (len == 0 || is_dot(last, len) || is_dotdot(last, len)) {
		err = !rmdir ? -EISDIR : len == 0 ? -EBUSY : is_dot(last, len) ? -EINVAL : -ENOTEMPTY;
		goto out_parent;
	}
	struct inode *dir = parent.dentry->inode;
	mutex_lock(&dir->lock);
	struct dentry *victim = d_lookup(parent.dentry, last, len);
	if (!victim)
		err = -ENOENT;
	else
		err = remove_checks(dir, victim, rmdir, slash, parent.mnt);
	if (!err) {
		int (*op)(struct inode *, struct dentry *) = rmdir ? dir->iops->rmdir : dir->iops->unlink;
		err = op ? op(dir, victim) : -EPERM;
	}
	mutex_unlock(&dir->lock);
	/* vfs_unlink / vfs_rmdir: the link count event, then d_delete (the
	 * victim's last dentry going gives IN_DELETE_SELF), then IN_DELETE */
	u32 isdir = rmdir ? IN_ISDIR : 0;
	if (!err && !rmdir)
		fsnotify_link_count(victim->inode);
	if (victim)
		dput(victim);
	if (!err)
		fsnotify_name(dir, IN_DELETE | isdir, last, len, 0);
out_parent:
	path_put(&parent);
out_name:
	at_name_put(&a);
	return err;
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, uaddr_t, upath, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_remove(dirfd, upath, flags & AT_REMOVEDIR);
}

/* ---- rename ---------------------------------------------------------------------- */

struct rename_side {
	struct at_name a;
	struct path parent;
	const char *last;
	size_t len;
	bool slash;
};

static long rename_side_get(int dirfd, uaddr_t upath, struct rename_side *s)
{
	long err = at_name_get(dirfd, upath, &s->a);
	if (err)
		return err;
	err = vfs_walk_parent(at_start(&s->a), s->a.name, 0, &s->parent, &s->last, &s->len, &s->slash);
	if (err)
		at_name_put(&s->a);
	return err;
}

static void rename_side_put(struct rename_side *s)
{
	path_put(&s->parent);
	at_name_put(&s->a);
}

/* Is a an ancestor of (or the same as) d?  dcache_lock held. */
static bool is_ancestor(struct dentry *a, struct dentry *d)
{
	ASSERT_HELD(&dcache_lock);
	for (;;) {
		if (d == a)
			return true;
		if (d->parent == d)
			return false;
		d = d->parent;
	}
}

static bool ancestor(struct dentry *a, struct dentry *d)
{
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	bool yes = is_ancestor(a, d);
	spin_unlock_irqrestore(&dcache_lock, irq);
	return yes;
}

static bool dir_empty(struct dentry *d)
{
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	bool empty = list_empty(&d->children);
	spin_unlock_irqrestore(&dcache_lock, irq);
	return empty;
}

/* vfs_rename's checks, with both parents locked and both names looked up. */
static long rename_checks(struct rename_side *o, struct dentry *old, struct rename_side *n, struct dentry *target,
			  unsigned flags)
{
	if (!old)
		return -ENOENT;
	bool old_dir = (old->inode->mode & S_IFMT) == S_IFDIR;
	if ((o->slash || n->slash) && !old_dir)
		return -ENOTDIR;
	if ((flags & RENAME_EXCHANGE) && !target)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && target)
		return -EEXIST;
	if (old_dir && ancestor(old, n->parent.dentry))
		return -EINVAL; /* into itself */
	if (target && ancestor(target, o->parent.dentry))
		return (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	int err = inode_permission(o->parent.dentry->inode, MAY_WRITE | MAY_EXEC);
	if (!err)
		err = inode_permission(n->parent.dentry->inode, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	/* may_delete on both sides: the sticky bit guards the moved entry and the replaced one */
	if (vfs_sticky_denies(o->parent.dentry->inode, old->inode) ||
	    (target && vfs_sticky_denies(n->parent.dentry->inode, target->inode)))
		return -EPERM;
	/* vfs_rename: a directory moving to another parent rewrites its "..", so it must be writable */
	if (old_dir && o->parent.dentry != n->parent.dentry) {
		err = inode_permission(old->inode, MAY_WRITE);
		if (err)
			return err;
	}
	if (target && !(flags & RENAME_EXCHANGE)) {
		bool target_dir = (target->inode->mode & S_IFMT) == S_IFDIR;
		if (old_dir && !target_dir)
			return -ENOTDIR;
		if (!old_dir && target_dir)
			return -EISDIR;
		if (target_dir && !dir_empty(target))
			return -ENOTEMPTY;
	}
	if (old->mounted || (target && target->mounted))
		return -EBUSY;
	if (mnt_is_readonly(o->parent.mnt))
		return -EROFS;
	return 0;
}

static void lock_two(struct inode *a, struct inode *b)
{
	if (a == b) {
		mutex_lock(&a->lock);
		return;
	}
	mutex_lock(a < b ? &a->lock : &b->lock);
	mutex_lock(a < b ? &b->lock : &a->lock);
}

static void unlock_two(struct inode *a, struct inode *b)
{
	mutex_unlock(&a->lock);
	if (a != b)
		mutex_unlock(&b->lock);
}

/* fsnotify_move for vfs_rename: the moved entry's events, and (RENAME_EXCHANGE) the other's. */
static void move_notify(struct inode *from_dir, const char *from, size_t from_len, struct inode *to_dir, const char *to,
			size_t to_len, struct inode *moved, struct inode *replaced)
{
	if (!fsnotify_active())
		return;
	u32 cookie = fsnotify_cookie();
	u32 isdir = (moved->mode & S_IFMT) == S_IFDIR ? IN_ISDIR : 0;
	fsnotify_name(from_dir, IN_MOVED_FROM | isdir, from, from_len, cookie);
	fsnotify_name(to_dir, IN_MOVED_TO | isdir, to, to_len, cookie);
	if (replaced)
		fsnotify_link_count(replaced);
	fsnotify_inode(moved, IN_MOVE_SELF);
}

static void rename_notify(struct rename_side *o, struct dentry *old, struct rename_side *n, struct dentry *target,
			  unsigned flags)
{
	struct inode *od = o->parent.dentry->inode, *nd = n->parent.dentry->inode;
	bool exchange = flags & RENAME_EXCHANGE;
	move_notify(od, o->last, o->len, nd, n->last, n->len, old->inode, exchange || !target ? NULL : target->inode);
	if (exchange)
		move_notify(nd, n->last, n->len, od, o->last, o->len, target->inode, NULL);
}

static long do_renameat2(int olddirfd, uaddr_t uold, int newdirfd, uaddr_t unew, unsigned flags)
{
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL; /* overlayfs's: not for tmpfs users yet */
	struct rename_side o, n;
	long err = rename_side_get(olddirfd, uold, &o);
	if (err)
		return err;
	err = rename_side_get(newdirfd, unew, &n);
	if (err)
		goto out_old;
	err = -EXDEV;
	if (o.parent.mnt != n.parent.mnt)
		goto out_new;
	err = -EBUSY;
	if (o.len == 0 || is_dot(o.last, o.len) || is_dotdot(o.last, o.len))
		goto out_new;
	if (n.len == 0 || is_dot(n.last, n.len) || is_dotdot(n.last, n.len)) {
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out_new;
	}
	struct inode *od = o.parent.dentry->inode, *nd = n.parent.dentry->inode;
	mutex_lock(&rename_mutex);
	lock_two(od, nd);
	struct dentry *old = d_lookup(o.parent.dentry, o.last, o.len);
	struct dentry *target = d_lookup(n.parent.dentry, n.last, n.len);
	err = rename_checks(&o, old, &n, target, flags);
	if (!err && old == target)
		err = 0; /* the same name: nothing to do */
	else if (!err && target && old->inode == target->inode && !(flags & RENAME_EXCHANGE))
		err = 0; /* hard links to one inode: POSIX says do nothing */
	else if (!err)
		err = od->iops->rename ? od->iops->rename(od, old, n.parent.dentry, target, n.last, n.len, flags)
				       : -EPERM;
	unlock_two(od, nd);
	mutex_unlock(&rename_mutex);
	if (!err && old != target && !(target && old->inode == target->inode && !(flags & RENAME_EXCHANGE)))
		rename_notify(&o, old, &n, target, flags);
	if (old)
		dput(old);
	if (target)
		dput(target);
out_new:
	rename_side_put(&n);
out_old:
	rename_side_put(&o);
	return err;
}

SYSCALL_DEFINE4(renameat, int, olddirfd, uaddr_t, uold, int, newdirfd, uaddr_t, unew)
{
	return do_renameat2(olddirfd, uold, newdirfd, unew, 0);
}

SYSCALL_DEFINE5(renameat2, int, olddirfd, uaddr_t, uold, int, newdirfd, uaddr_t, unew, u32, flags)
{
	return do_renameat2(olddirfd, uold, newdirfd, unew, flags);
}
