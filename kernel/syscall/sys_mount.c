/*
 * sys_mount.c — mount(2) and umount2(2) (fs/namespace.c) for the file
 * systems the kernel has: tmpfs, proc and sysfs (a new instance each time), devtmpfs,
 * devpts and mqueue (one instance each), and bind mounts of any directory. MS_REMOUNT changes
 * a mount's flags (MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC); MNT_DETACH
 * takes a busy mount out of the name space. Everyone is root until
 * credentials exist (EPERM for others comes with them).
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <kmalloc.h>
#include <mqueue.h>
#include <page.h>
#include <string.h>
#include <tty.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

/* path_mount: the mount flags of MS_*, relatime by default (there is no atime
 * update to relax here: the flag is what /proc/mounts shows). */
static unsigned mnt_flags_of(unsigned long ms)
{
	return ((ms & MS_RDONLY) ? MNT_RDONLY : 0) | ((ms & MS_NOSUID) ? MNT_NOSUID : 0) |
	       ((ms & MS_NODEV) ? MNT_NODEV : 0) | ((ms & MS_NOEXEC) ? MNT_NOEXEC : 0) | MNT_RELATIME;
}

/* A short user string (file system type, device name), kmalloc'd; "" for NULL. */
static long get_name(uaddr_t u, char **out)
{
	if (uaddr_is_null(u)) {
		*out = kzalloc(1);
		return *out ? 0 : -ENOMEM;
	}
	long len = vfs_get_user_path(u, out);
	return len < 0 ? len : 0;
}

/* A new instance of the named file system type; -ENODEV for an unknown one. */
static long new_sb(const char *type, struct super_block **out)
{
	if (strcmp(type, "tmpfs") == 0)
		*out = tmpfs_create(01777);
	else if (strcmp(type, "proc") == 0)
		*out = procfs_create();
	else if (strcmp(type, "sysfs") == 0)
		*out = sysfs_create();
	else if (strcmp(type, "devtmpfs") == 0)
		*out = devtmpfs_sb();
	else if (strcmp(type, "devpts") == 0)
		*out = devpts_sb();
	else if (strcmp(type, "mqueue") == 0)
		*out = mqueue_sb();
	else
		return -ENODEV;
	return *out ? 0 : -ENOMEM;
}

/* The data argument of a tmpfs mount: a string of options, at most a page. */
static long tmpfs_options(struct super_block *sb, uaddr_t udata)
{
	char *data = kmalloc(PAGE_SIZE);
	if (!data)
		return -ENOMEM;
	long len = strncpy_from_user(data, udata, PAGE_SIZE);
	long err = len == -ENAMETOOLONG ? -EINVAL : len < 0 ? len : tmpfs_parse_options(sb, data);
	kfree(data);
	return err;
}

static long do_remount(const struct path *target, unsigned long flags)
{
	if (target->dentry != target->mnt->root)
		return -EINVAL; /* not a mount point */
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	target->mnt->flags = mnt_flags_of(flags);
	if (!(flags & MS_BIND)) /* reconfigure_super: the file system too */
		target->mnt->sb->flags = (flags & MS_RDONLY) ? SB_RDONLY : 0;
	spin_unlock_irqrestore(&mount_lock, irq);
	return 0;
}

static long do_bind(const char *source, const struct path *target)
{
	struct path from;
	long err = vfs_walk(NULL, source, LOOKUP_FOLLOW, &from);
	if (err)
		return err;
	bool from_dir = (from.dentry->inode->mode & S_IFMT) == S_IFDIR;
	bool to_dir = (target->dentry->inode->mode & S_IFMT) == S_IFDIR;
	/* clone_mnt: the new mount has the old one's device name and flags */
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	unsigned mnt_flags = from.mnt->flags;
	spin_unlock_irqrestore(&mount_lock, irq);
	err = from_dir != to_dir ? -ENOTDIR
				 : vfs_mount_at(from.dentry->sb, from.dentry, from.mnt->source, target, mnt_flags);
	path_put(&from);
	return err;
}

SYSCALL_DEFINE5(mount, uaddr_t, usource, uaddr_t, utarget, uaddr_t, utype, unsigned long, flags, uaddr_t, udata)
{
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~(unsigned long)MS_MGC_MSK;
	char *source = NULL, *type = NULL;
	struct path target;
	long err = vfs_user_walk(AT_FDCWD, utarget, 0, 0, &target);
	if (err)
		return err;
	err = get_name(usource, &source);
	if (!err && !(flags & (MS_REMOUNT | MS_BIND)))
		err = get_name(utype, &type);
	if (!err && !capable(CAP_SYS_ADMIN))
		err = -EPERM; /* path_mount: may_mount */
	if (err)
		goto out;
	if (flags & MS_REMOUNT) {
		err = do_remount(&target, flags);
	} else if (flags & MS_BIND) {
		err = do_bind(source, &target);
	} else {
		struct super_block *sb;
		err = (target.dentry->inode->mode & S_IFMT) != S_IFDIR ? -ENOTDIR : new_sb(type, &sb);
		if (!err && !uaddr_is_null(udata) && strcmp(type, "tmpfs") == 0)
			err = tmpfs_options(sb, udata);
		bool fresh = strcmp(type, "tmpfs") == 0 || strcmp(type, "proc") == 0 || strcmp(type, "sysfs") == 0;
		if (!err && fresh && (flags & MS_RDONLY))
			sb->flags |= SB_RDONLY; /* fc->sb_flags */
		if (!err)
			err = vfs_mount_at(sb, sb->root, source, &target, mnt_flags_of(flags));
	}
out:
	kfree(source);
	kfree(type);
	path_put(&target);
	return err;
}

SYSCALL_DEFINE2(umount2, uaddr_t, utarget, int, flags)
{
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	struct path target;
	long err = vfs_user_walk(AT_FDCWD, utarget, (flags & UMOUNT_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0, 0, &target);
	if (err)
		return err;
	if (!capable(CAP_SYS_ADMIN))
		err = -EPERM; /* can_umount: may_mount */
	else if (target.dentry != target.mnt->root)
		err = -EINVAL; /* not a mount point */
	else if (flags & MNT_EXPIRE)
		err = -EAGAIN; /* marked for expiry; a second call would take it */
	else
		err = vfs_umount(target.mnt, flags & MNT_DETACH);
	path_put(&target);
	return err;
}
