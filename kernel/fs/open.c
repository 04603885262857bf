/*
 * open.c — opening files (fs/open.c, fs/namei.c path_openat): the walk,
 * creation with O_CREAT, the checks Linux makes before a file is opened
 * (may_open), O_TRUNC, and the struct file that results.
 */
#include <fs.h>
#include <fsnotify.h>

#include <fs_context.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

/* Only fstat, fchdir, close, dup and *at() walks work on an O_PATH file. */
static const struct file_ops path_only_ops = {0};

static bool is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

int vfs_create_prepare(const struct path *start, const char *name, unsigned flags, struct path *parent,
		       struct dentry **out)
{
	const char *last;
	size_t len;
	bool slash;
	int err = vfs_walk_parent(start, name, flags, parent, &last, &len, &slash);
	if (err)
		return err;
	struct inode *dir = parent->dentry->inode;
	mutex_lock(&dir->lock);
	struct dentry *d = NULL;
	err = -EEXIST;
	if (len == 0 || is_dot_or_dotdot(last, len))
		goto fail;
	/* an existing name, procfs's too (made by its lookup, never cached):
	 * O_CREAT of /proc/sys/fs/pipe-max-size opens it, as fopen "w" does */
	err = vfs_lookup_child(parent->dentry, last, len, &d);
	if (err == 0) {
		err = -EEXIST;
		goto fail;
	}
	d = NULL;
	/* lookup_one_qstr_excl: a lookup that fails ends the creation (procfs:
	 * ENOENT), unless it leaves a negative name (sysfs) */
	if (err != -ENOENT || (dir->iops && dir->iops->lookup && !dir->iops->lookup_negative))
		goto fail;
	err = -EPERM;
	if (!dir->iops || !dir->iops->mknod)
		goto fail;
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (err)
		goto fail;
	err = -EROFS;
	if (mnt_is_readonly(parent->mnt))
		goto fail;
	err = -ENOENT;
	if (dir->nlink == 0)
		goto fail; /* the directory was removed */
	err = -ENOMEM;
	d = dentry_alloc(parent->dentry, last, len);
	if (!d)
		goto fail;
	*out = d;
	return 0;
fail:
	if (d)
		dput(d);
	mutex_unlock(&dir->lock);
	path_put(parent);
	return err;
}

void vfs_create_finish(struct path *parent, struct dentry *d)
{
	mutex_unlock(&parent->dentry->inode->lock);
	path_put(parent);
	if (d)
		dput(d);
}

/* O_CREAT: the existing file (following a link unless O_EXCL/O_NOFOLLOW) or a new one. */
static int open_create(const struct path *start, const char *name, int flags, u32 mode, unsigned lookup,
		       struct path *out, bool *created)
{
	size_t len = strlen(name);
	if (len && name[len - 1] == '/')
		return -EISDIR;
	struct path parent;
	struct dentry *d;
	int err = vfs_create_prepare(start, name, lookup, &parent, &d);
	if (err == -EEXIST && !(flags & O_EXCL)) {
		unsigned lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
		return vfs_walk(start, name, lf | lookup, out);
	}
	if (err == -EPERM)
		err = -EACCES; /* lookup_open: a directory with no create operation (sysfs) */
	if (err)
		return err;
	struct inode *dir = parent.dentry->inode;
	err = dir->iops->mknod(dir, d, S_IFREG | acl_create_mode(dir, mode & 07777), 0);
	if (!err) {
		*out = (struct path){mnt_get(parent.mnt), dget(d)};
		*created = true;
		fsnotify_create(dir, d); /* vfs_create */
	}
	vfs_create_finish(&parent, d);
	return err;
}

/* may_open: the type and permission checks before a file is opened. */
static int may_open(const struct path *p, int flags, bool created)
{
	struct inode *inode = p->dentry->inode;
	u32 type = inode->mode & S_IFMT;
	if (flags & O_PATH)
		return 0;
	if (type == S_IFLNK)
		return -ELOOP;
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	if (type == S_IFDIR && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if ((flags & O_ACCMODE) == 3)
		return -EINVAL;
	if (write && type != S_IFCHR && type != S_IFIFO && type != S_IFSOCK && mnt_is_readonly(p->mnt))
		return -EROFS;
	if ((type == S_IFCHR || type == S_IFBLK) && (p->mnt->flags & MNT_NODEV))
		return -EACCES;
	if (type == S_IFSOCK)
		return -ENXIO; /* sockets are not opened, they are connected to */
	if (!created) {
		int mask = ((flags & O_ACCMODE) != O_WRONLY ? MAY_READ : 0) | (write ? MAY_WRITE : 0);
		int err = inode_permission(inode, mask);
		if (err)
			return err;
	}
	if ((flags & O_NOATIME) && !inode_owner_or_capable(inode))
		return -EPERM; /* may_open: only the owner may leave atime alone */
	return 0;
}

/* handle_truncate: the truncation is a write (ETXTBSY for a running program). */
static int truncate_on_open(struct inode *inode, int flags)
{
	if ((inode->mode & S_IFMT) != S_IFREG || !inode->iops || !inode->iops->truncate)
		return 0;
	int err = inode_get_write_access(inode);
	if (err)
		return err;
	/* do_dentry_open breaks leases (with the open's own mode: a read-only
	 * open breaks write leases only) before handle_truncate, whose
	 * notify_change breaks delegations, never leases */
	err = lease_break(inode, (unsigned)flags);
	if (err) {
		inode_put_write_access(inode);
		return err;
	}
	mutex_lock(&inode->lock);
	err = inode->iops->truncate(inode, 0);
	mutex_unlock(&inode->lock);
	inode_put_write_access(inode);
	return err;
}

/* The status flags an open file keeps (do_dentry_open: not the creation ones). */
static unsigned status_flags(int flags)
{
	return (unsigned)flags & ~(unsigned)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
}

int vfs_open_path(const struct path *p, int flags, struct file **out)
{
	struct inode *inode = p->dentry->inode;
	bool anon = path_is_anon(p); /* reached through /proc/PID/fd/N: a nameless file */
	if (anon && !inode->fops && !(flags & O_PATH))
		return -ENXIO; /* anon_inodefs: no_open_fops */
	struct file *f;
	int err = file_new(&f);
	if (err)
		return err;
	if (!anon) {
		f->path = *p;
		path_get(&f->path);
	}
	f->inode = inode_get(inode);
	f->flags = status_flags(flags) | ((unsigned)flags & O_NOCTTY); /* the open op sees O_NOCTTY (tty_open) */
	f->ops = (flags & O_PATH) ? &path_only_ops : inode->fops;
	if (!f->ops)
		f->ops = &path_only_ops;
	/* do_dentry_open: a regular file opened for writing counts as a writer */
	if (!(flags & O_PATH) && (flags & O_ACCMODE) != O_RDONLY && (inode->mode & S_IFMT) == S_IFREG) {
		err = inode_get_write_access(inode);
		f->write_access = !err;
	} else if (!(flags & O_PATH) && (inode->mode & S_IFMT) == S_IFREG) {
		__atomic_fetch_add(&inode->read_count, 1, __ATOMIC_ACQ_REL); /* i_readcount_inc */
		f->read_access = true;
	}
	if (!err && !(flags & O_PATH))
		err = lease_break(inode, (unsigned)flags); /* do_dentry_open: after the open counts */
	if (!err && !(flags & O_PATH) && f->ops->open)
		err = f->ops->open(inode, f);
	f->flags &= ~(unsigned)O_NOCTTY; /* do_dentry_open clears it after the open */
	if (err) {
		if (f->write_access)
			inode_put_write_access(inode);
		if (f->read_access)
			__atomic_fetch_sub(&inode->read_count, 1, __ATOMIC_ACQ_REL);
		f->write_access = f->read_access = false;
		f->ops = &path_only_ops; /* nothing to release */
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

/* O_TMPFILE: an unnamed regular file in the directory name (shmem_tmpfile). */
static int open_tmpfile(const struct path *start, const char *name, int flags, u32 mode, unsigned lookup,
			struct file **out)
{
	if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE || (flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	struct path dir;
	int err = vfs_walk(start, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY | lookup, &dir);
	if (err)
		return err;
	struct inode *di = dir.dentry->inode;
	struct dentry *d = NULL;
	err = inode_permission(di, MAY_WRITE | MAY_EXEC);
	if (!err && mnt_is_readonly(dir.mnt))
		err = -EROFS;
	if (!err && (!di->iops || !di->iops->tmpfile))
		err = -EOPNOTSUPP;
	if (!err) {
		d = dentry_alloc(dir.dentry, "#", 1);
		err = d ? di->iops->tmpfile(di, d, S_IFREG | acl_create_mode(di, mode & 07777)) : -ENOMEM;
	}
	if (!err) {
		d->inode->linkable = !(flags & O_EXCL);
		d_orphan(d); /* a file handle may name it (d_find_any_alias) */
		struct path p = {dir.mnt, d};
		err = vfs_open_path(&p, flags & ~(__O_TMPFILE | O_DIRECTORY), out);
	}
	if (d)
		dput(d);
	path_put(&dir);
	return err;
}

/* do_open: what follows the walk — the checks, O_TRUNC and the open itself. */
static int open_walked(const struct path *p, int flags, bool created, struct file **out)
{
	int err = 0;
	if ((flags & O_DIRECTORY) && (p->dentry->inode->mode & S_IFMT) != S_IFDIR)
		err = -ENOTDIR;
	if (!err)
		err = may_open(p, flags, created);
	if (!err && (flags & O_TRUNC) && !created && !(flags & O_PATH)) {
		err = truncate_on_open(p->dentry->inode, flags);
		if (!err && (p->dentry->inode->mode & S_IFMT) == S_IFREG)
			fsnotify_change(p->dentry, IN_MODIFY); /* do_truncate: ATTR_SIZE */
	}
	if (!err)
		err = vfs_open_path(p, flags, out);
	return err;
}

int vfs_open_at(struct file *dir, const char *name, int flags, u32 mode, struct file **out)
{
	return vfs_open_at2(dir, name, flags, mode, 0, out);
}

int vfs_open_at2(struct file *dir, const char *name, int flags, u32 mode, unsigned lookup, struct file **out)
{
	const struct path *start = dir ? &dir->path : NULL;
	struct path p;
	bool created = false;
	int err;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC; /* the others are ignored */
	if (flags & __O_TMPFILE)
		return open_tmpfile(start, name, flags, mode, lookup, out);
	if (flags & O_CREAT) {
		err = open_create(start, name, flags, mode, lookup, &p, &created);
	} else {
		unsigned lf = ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) | lookup;
		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		err = vfs_walk(start, name, lf, &p);
	}
	if (err)
		return err;
	err = open_walked(&p, flags, created, out);
	path_put(&p);
	return err;
}

int vfs_open_place(const struct path *p, int flags, struct file **out)
{
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC; /* the others are ignored */
	return open_walked(p, flags & ~(O_CREAT | __O_TMPFILE), false, out);
}

int vfs_open(const char *path, int flags, struct file **out)
{
	return vfs_open_at(NULL, path, flags, 0, out);
}

int file_path(struct file *f, char **out)
{
	if (!f->path.dentry)
		return -ENOENT;
	struct path root;
	fs_context_get_root(&root);
	int err = d_path(&f->path, &root, out);
	path_put(&root);
	return err;
}
