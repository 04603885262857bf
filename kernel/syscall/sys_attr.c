/*
 * sys_attr.c — system calls on inodes' sizes, modes, owners and times, and
 * on the file systems under them (fs/open.c, fs/attr.c, fs/utimes.c,
 * fs/statfs.c, fs/sync.c): truncate, ftruncate, fallocate, fchmod,
 * fchmodat, fchown, fchownat, utimensat, statfs, fstatfs, fsync,
 * fdatasync, sync, syncfs. Checks and errnos in Linux's order.
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fsnotify.h>
#include <kmalloc.h>
#include <page.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/falloc.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/stat.h>
#include <uapi/statfs.h>

/* ---- sizes ------------------------------------------------------------------------- */

/* do_truncate; notify_change reports ATTR_SIZE as IN_MODIFY. */
static long set_size(struct dentry *d, s64 length)
{
	struct inode *inode = d->inode;
	if (!inode->iops || !inode->iops->truncate)
		return -EINVAL;
	mutex_lock(&inode->lock);
	long err = inode->iops->truncate(inode, (u64)length);
	mutex_unlock(&inode->lock);
	if (!err)
		fsnotify_change(d, IN_MODIFY);
	return err;
}

/* do_sys_truncate: a directory is EISDIR, other non-files EINVAL, then write permission. */
SYSCALL_DEFINE2(truncate, uaddr_t, upath, s64, length)
{
	if (length < 0)
		return -EINVAL;
	struct path p;
	long err = vfs_user_walk(AT_FDCWD, upath, 0, 0, &p);
	if (err)
		return err;
	struct inode *inode = p.dentry->inode;
	u32 type = inode->mode & S_IFMT;
	err = type == S_IFDIR ? -EISDIR : type != S_IFREG ? -EINVAL : inode_permission(inode, MAY_WRITE);
	if (!err && mnt_is_readonly(p.mnt))
		err = -EROFS;
	if (!err)
		err = inode_get_write_access(inode); /* vfs_truncate: ETXTBSY for a running program */
	if (!err) {
		err = lease_break(inode, O_WRONLY); /* vfs_truncate: break_lease(inode, O_WRONLY) */
		if (!err)
			err = set_size(p.dentry, length);
		inode_put_write_access(inode);
	}
	path_put(&p);
	return err;
}

/* do_sys_ftruncate: a file not open for writing, or not a regular file, is EINVAL. */
SYSCALL_DEFINE2(ftruncate, int, fd, s64, length)
{
	if (length < 0)
		return -EINVAL;
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	long err = -EINVAL;
	if ((f->inode->mode & S_IFMT) == S_IFREG && file_writable(f) && f->ops == f->inode->fops)
		err = f->path.dentry ? set_size(f->path.dentry, length) : -EINVAL;
	file_put(f);
	return err;
}

#define FALLOC_FL_SUPPORTED (FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE) /* shmem_fallocate's */
#define MAX_LFS_FILESIZE INT64_MAX

/* vfs_fallocate's order: arguments, the mode bits, the open mode, the file type, the size. */
SYSCALL_DEFINE4(fallocate, int, fd, int, mode, s64, offset, s64, len)
{
	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~0x7f)
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	struct inode *inode = f->inode;
	u32 type = inode->mode & S_IFMT;
	long err = -EBADF;
	if (!file_writable(f) || f->ops != inode->fops)
		goto out;
	err = -EPERM;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && (f->flags & O_APPEND))
		goto out;
	err = type == S_IFIFO ? -ESPIPE : type == S_IFDIR ? -EISDIR : type != S_IFREG ? -ENODEV : 0;
	if (err)
		goto out;
	err = -EFBIG;
	if (offset > MAX_LFS_FILESIZE - len)
		goto out;
	err = -EOPNOTSUPP;
	if ((mode & ~FALLOC_FL_SUPPORTED) || !inode->iops || !inode->iops->fallocate)
		goto out;
	mutex_lock(&inode->lock);
	err = inode->iops->fallocate(inode, mode, (u64)offset, (u64)len);
	mutex_unlock(&inode->lock);
	if (!err)
		fsnotify_modify(f); /* vfs_fallocate */
out:
	file_put(f);
	return err;
}

/* ---- modes and owners ------------------------------------------------------------ */

/* in_group_or_capable: may the caller keep a file's S_ISGID? */
static bool in_group_or_fsetid(u32 gid)
{
	return cred_in_group(gid) || capable(CAP_FSETID);
}

/* setattr_prepare for ATTR_MODE: only the owner or CAP_FOWNER (EPERM); a
 * caller outside the file's group (without CAP_FSETID) cannot set S_ISGID. */
static long chmod_inode(const struct path *p, u32 mode)
{
	struct inode *inode = p->dentry->inode;
	if (mnt_is_readonly(p->mnt))
		return -EROFS;
	mutex_lock(&inode->lock);
	if (!inode_owner_or_capable(inode)) {
		mutex_unlock(&inode->lock);
		return -EPERM;
	}
	if (!in_group_or_fsetid(inode->gid))
		mode &= ~(u32)S_ISGID;
	inode->mode = (inode->mode & S_IFMT) | (mode & 07777);
	inode_touch(inode, false, true);
	long err = acl_chmod(inode); /* shmem_setattr: posix_acl_chmod */
	mutex_unlock(&inode->lock);
	fsnotify_change(p->dentry, IN_ATTRIB); /* ATTR_MODE */
	return err;
}

SYSCALL_DEFINE2(fchmod, int, fd, u32, mode)
{
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	long err = f->path.dentry ? chmod_inode(&f->path, mode) : 0;
	file_put(f);
	return err;
}

/* fchmodat has no flags argument: links are always followed (chmod on a link is not possible). */
SYSCALL_DEFINE3(fchmodat, int, dirfd, uaddr_t, upath, u32, mode)
{
	struct path p;
	long err = vfs_user_walk(dirfd, upath, 0, 0, &p);
	if (err)
		return err;
	err = chmod_inode(&p, mode);
	path_put(&p);
	return err;
}

/* chown_ok and chgrp_ok (fs/attr.c): CAP_CHOWN changes anything; the owner
 * may "change" the owner to himself and the group to one of his groups. */
static bool chown_allowed(const struct inode *inode, u32 uid, u32 gid)
{
	if (capable(CAP_CHOWN))
		return true;
	bool owner = cred_fsuid() == inode->uid;
	if (uid != (u32)-1 && !(owner && uid == inode->uid))
		return false;
	if (gid != (u32)-1 && !(owner && (gid == inode->gid || cred_in_group(gid))))
		return false;
	return true;
}

/* chown_common: -1 keeps a value; a change of owner on a non-directory
 * clears set-user-ID, and set-group-ID when group execute is set or the
 * caller is outside the group (setattr_should_drop_sgid). */
static long chown_inode(const struct path *p, u32 uid, u32 gid)
{
	struct inode *inode = p->dentry->inode;
	if (mnt_is_readonly(p->mnt))
		return -EROFS;
	mutex_lock(&inode->lock);
	if (!chown_allowed(inode, uid, gid)) {
		mutex_unlock(&inode->lock);
		return -EPERM;
	}
	bool drop_sgid = (inode->mode & 0010) || !in_group_or_fsetid(inode->gid);
	if (uid != (u32)-1)
		inode->uid = uid;
	if (gid != (u32)-1)
		inode->gid = gid;
	if ((inode->mode & S_IFMT) != S_IFDIR && (uid != (u32)-1 || gid != (u32)-1)) {
		inode->mode &= ~(u32)S_ISUID;
		if (drop_sgid)
			inode->mode &= ~(u32)S_ISGID;
	}
	inode_touch(inode, false, true);
	mutex_unlock(&inode->lock);
	if (uid != (u32)-1 || gid != (u32)-1)
		fsnotify_change(p->dentry, IN_ATTRIB); /* ATTR_UID / ATTR_GID */
	return 0;
}

SYSCALL_DEFINE3(fchown, int, fd, u32, uid, u32, gid)
{
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	long err = f->path.dentry ? chown_inode(&f->path, uid, gid) : 0;
	file_put(f);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dirfd, uaddr_t, upath, u32, uid, u32, gid, int, flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path p;
	long err = vfs_user_walk(dirfd, upath, flags, 0, &p);
	if (err)
		return err;
	err = chown_inode(&p, uid, gid);
	path_put(&p);
	return err;
}

/* ---- times ---------------------------------------------------------------------------- */

#define UTIME_NOW ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

static bool valid_nsec(s64 nsec)
{
	return (nsec >= 0 && nsec < 1000000000) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
}

static void set_time(struct timespec_k *t, const struct timespec_user *u, struct timespec_k now)
{
	if (u->tv_nsec == UTIME_OMIT)
		return;
	*t = u->tv_nsec == UTIME_NOW ? now : (struct timespec_k){.sec = u->tv_sec, .nsec = (long)u->tv_nsec};
}

/*
 * utimensat in Linux 6.1's order (fs/utimes.c; NULL times is "now" for both): the times are copied
 * (EFAULT) and two UTIME_OMITs return 0 before the path is even looked at;
 * a NULL path with a real dirfd is the descriptor's file (do_utimes_fd: any
 * flag EINVAL, EBADF), any other NULL path EFAULT from the walk
 * (do_utimes_path: flags EINVAL first); then vfs_utimes checks the
 * nanoseconds (EINVAL), the mount (EROFS) and the permission.
 */
SYSCALL_DEFINE4(utimensat, int, dirfd, uaddr_t, upath, uaddr_t, utimes, int, flags)
{
	struct timespec_user t[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
	if (!uaddr_is_null(utimes) && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0; /* "Nothing to do, we must not even check the path." */
	struct path p;
	long err;
	if (uaddr_is_null(upath) && dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		struct file *f = fd_get(dirfd);
		if (!f)
			return -EBADF;
		err = file_magic_path(f, &p); /* a nameless file's own inode (do_utimes_fd) */
		file_put(f);
	} else {
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		err = vfs_user_walk(dirfd, upath, flags, 0, &p);
	}
	if (err)
		return err;
	struct inode *inode = p.dentry->inode;
	err = !valid_nsec(t[0].tv_nsec) || !valid_nsec(t[1].tv_nsec) ? -EINVAL : 0;
	if (err)
		goto out;
	err = mnt_is_readonly(p.mnt) ? -EROFS : 0;
	if (err)
		goto out;
	/* setattr_prepare: "now" for both (ATTR_TOUCH) needs ownership or write
	 * permission (EACCES); any explicit time (ATTR_TIMES_SET) ownership (EPERM). */
	bool touch = t[0].tv_nsec == UTIME_NOW && t[1].tv_nsec == UTIME_NOW;
	if (!inode_owner_or_capable(inode)) {
		err = touch ? inode_permission(inode, MAY_WRITE) : -EPERM;
		if (err)
			goto out;
	}
	struct timespec_k now = vfs_now();
	mutex_lock(&inode->lock);
	set_time(&inode->atime, &t[0], now);
	set_time(&inode->mtime, &t[1], now);
	inode->ctime = now;
	mutex_unlock(&inode->lock);
	/* fsnotify_change: both times is IN_ATTRIB, atime alone IN_ACCESS, mtime alone IN_MODIFY */
	bool set_a = t[0].tv_nsec != UTIME_OMIT, set_m = t[1].tv_nsec != UTIME_OMIT;
	fsnotify_change(p.dentry, set_a && set_m ? IN_ATTRIB : set_a ? IN_ACCESS : IN_MODIFY);
out:
	path_put(&p);
	return err;
}

/* ---- file systems ----------------------------------------------------------------- */

/* shmem_statfs without a size limit (memory is the limit), proc's simple_statfs. */
static void fill_statfs(struct super_block *sb, unsigned m, struct statfs_user *st)
{
	memset(st, 0, sizeof(*st));
	st->f_type = (s64)sb->magic;
	st->f_bsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_frsize = PAGE_SIZE;
	st->f_flags = ST_VALID | ((m & MNT_RDONLY) || (sb->flags & SB_RDONLY) ? ST_RDONLY : 0) |
		      ((m & MNT_NOSUID) ? ST_NOSUID : 0) | ((m & MNT_NODEV) ? ST_NODEV : 0) |
		      ((m & MNT_NOEXEC) ? ST_NOEXEC : 0) | ((m & MNT_NOATIME) ? ST_NOATIME : 0) |
		      ((m & MNT_NODIRATIME) ? ST_NODIRATIME : 0) |
		      ((m & MNT_RELATIME) ? ST_RELATIME : 0); /* flags_by_mnt */
	if (sb->magic == 0x01021994) {			      /* TMPFS_MAGIC: rootfs, tmpfs, devtmpfs */
		u64 used = __atomic_load_n(&sb->used_pages, __ATOMIC_RELAXED);
		u64 inodes = __atomic_load_n(&sb->used_inodes, __ATOMIC_RELAXED);
		st->f_blocks = sb->max_pages;
		st->f_bfree = st->f_bavail = sb->max_pages > used ? sb->max_pages - used : 0;
		st->f_files = sb->max_inodes;
		st->f_ffree = sb->max_inodes > inodes ? sb->max_inodes - inodes : 0;
	}
}

static long statfs_out(struct super_block *sb, unsigned mnt_flags, uaddr_t ubuf)
{
	struct statfs_user st;
	fill_statfs(sb, mnt_flags, &st);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, uaddr_t, upath, uaddr_t, ubuf)
{
	struct path p;
	long err = vfs_user_walk(AT_FDCWD, upath, 0, 0, &p);
	if (err)
		return err;
	err = statfs_out(p.dentry->inode->sb, p.mnt->flags, ubuf);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(fstatfs, int, fd, uaddr_t, ubuf)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long err = statfs_out(f->inode->sb, f->path.mnt ? f->path.mnt->flags : 0, ubuf);
	file_put(f);
	return err;
}

static long do_fsync(int fd)
{
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	long err = f->ops->fsync ? f->ops->fsync(f) : -EINVAL;
	file_put(f);
	return err;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd);
}

/* Every file system here keeps its data in memory: there is nothing to write back. */
SYSCALL_DEFINE0(sync)
{
	return 0;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}
