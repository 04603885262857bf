/*
 * sys_mount.c — mount(2) and umount2(2) (fs/namespace.c) for the file
 * systems the kernel has: tmpfs, proc and sysfs (a new instance each time), devtmpfs,
 * devpts and mqueue (one instance each), and bind mounts of any directory. MS_REMOUNT changes
 * a tmpfs's size and nr_inodes limits and a mount's flags (MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, and the atime
 * setting MS_NOATIME, MS_STRICTATIME, MS_NODIRATIME, kept when none is given); MNT_DETACH
 * takes a busy mount out of the name space; pivot_root(2). A mount point
 * must be in the caller's mount namespace (check_mnt: EINVAL).
 *
 * Propagation (MS_SHARED, MS_SLAVE, MS_PRIVATE, MS_UNBINDABLE: fs/mount.c).
 * MS_MOVE moves a mount and those below it (vfs_move_mount), as does
 * move_mount(2), which also attaches the detached trees of open_tree(2)
 * (here) and fsmount(2) (sys_fsmount.c).
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <mqueue.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <tty.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

/* path_mount: the mount flags of MS_*, relatime unless MS_NOATIME or
 * MS_STRICTATIME (which clears noatime too); file_accessed applies them. */
static unsigned mnt_flags_of(unsigned long ms)
{
	unsigned f = ((ms & MS_RDONLY) ? MNT_RDONLY : 0) | ((ms & MS_NOSUID) ? MNT_NOSUID : 0) |
		     ((ms & MS_NODEV) ? MNT_NODEV : 0) | ((ms & MS_NOEXEC) ? MNT_NOEXEC : 0) |
		     ((ms & MS_NOATIME) ? MNT_NOATIME : MNT_RELATIME) | ((ms & MS_NODIRATIME) ? MNT_NODIRATIME : 0);
	if (ms & MS_STRICTATIME)
		f &= ~(MNT_RELATIME | MNT_NOATIME);
	return f;
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

static struct super_block *new_tmpfs(void)
{
	return tmpfs_create(01777);
}

/* The file system types mount(2) and fsopen(2) know (Linux's
 * file_systems list): how to get a super block, and whether each mount
 * makes a new instance (the others have one for the system). */
static const struct fs_type {
	const char *name;
	struct super_block *(*get_sb)(void);
	bool fresh;
} fs_types[] = {
	{"tmpfs", new_tmpfs, true},	  {"proc", procfs_create, true}, {"sysfs", sysfs_create, true},
	{"devtmpfs", devtmpfs_sb, false}, {"devpts", devpts_sb, false},	 {"mqueue", mqueue_sb, false},
	{"cgroup2", cgroup_fs_sb, false},
};

/* get_fs_type: the entry of that name, or NULL. */
static const struct fs_type *fs_type_of(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		if (strcmp(fs_types[i].name, name) == 0)
			return &fs_types[i];
	}
	return NULL;
}

bool mount_fs_type_known(const char *name)
{
	return fs_type_of(name) != NULL;
}

/* The data argument of a tmpfs or cgroup2 mount: a string of options, at
 * most a page, into a kmalloc'd *out (NULL for none). */
static long get_options(const char *type, uaddr_t udata, char **out)
{
	*out = NULL;
	if (uaddr_is_null(udata) || (strcmp(type, "tmpfs") != 0 && strcmp(type, "cgroup2") != 0))
		return 0;
	char *data = kmalloc(PAGE_SIZE);
	if (!data)
		return -ENOMEM;
	long len = strncpy_from_user(data, udata, PAGE_SIZE);
	if (len < 0) {
		kfree(data);
		return len == -ENAMETOOLONG ? -EINVAL : len;
	}
	data[len] = '\0';
	*out = data;
	return 0;
}

long mount_create_sb(const char *type, const char *options, bool ro, struct super_block **out)
{
	const struct fs_type *t = fs_type_of(type);
	if (!t)
		return -ENODEV;
	struct super_block *sb = t->get_sb();
	if (!sb)
		return -ENOMEM;
	long err = 0;
	if (strcmp(type, "tmpfs") == 0 && options)
		err = tmpfs_parse_options(sb, options);
	else if (strcmp(type, "cgroup2") == 0) /* NULL: every option cleared */
		err = cgroup_fs_parse_options(options);
	if (err) { /* a new instance nobody mounted goes */
		sb_get_active(sb);
		sb_put_active(sb);
		return err;
	}
	if (t->fresh && ro)
		sb->flags |= SB_RDONLY; /* fc->sb_flags */
	*out = sb;
	return 0;
}

/* do_remount: a tmpfs's options (size=, nr_inodes=) are applied first
 * (parse_monolithic_mount_data, reconfigure_super: an unknown one or a
 * limit below what is in use EINVAL, changing nothing), then the flags. */
static long do_remount(const struct path *target, unsigned long flags, uaddr_t udata)
{
	if (target->dentry != target->mnt->root)
		return -EINVAL; /* not a mount point */
	struct super_block *sb = target->mnt->sb;
	if (!(flags & MS_BIND) && strcmp(sb->type, "tmpfs") == 0) {
		char *options;
		const char *why;
		long err = get_options(sb->type, udata, &options);
		if (!err && options)
			err = tmpfs_reconfigure(sb, options, &why);
		kfree(options);
		if (err)
			return err;
	}
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	unsigned old = target->mnt->flags, new = mnt_flags_of(flags);
	if (!(flags & MS_ATIME_FLAGS)) /* path_mount: a remount keeps the atime setting by default */
		new = (new & ~MNT_ATIME_MASK) | (old & MNT_ATIME_MASK);
	target->mnt->flags = new | (old & ~MNT_USER_SETTABLE); /* do_remount keeps the others */
	if (!(flags & MS_BIND))				       /* reconfigure_super: the file system too */
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
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	bool unbindable = from.mnt->flags & MNT_UNBINDABLE;
	spin_unlock_irqrestore(&mount_lock, irq);
	if (unbindable) { /* do_loopback: IS_MNT_UNBINDABLE */
		path_put(&from);
		return -EINVAL;
	}
	bool from_dir = (from.dentry->inode->mode & S_IFMT) == S_IFDIR;
	bool to_dir = (target->dentry->inode->mode & S_IFMT) == S_IFDIR;
	err = from_dir != to_dir ? -ENOTDIR : vfs_bind_mount(&from, target);
	path_put(&from);
	return err;
}

/* do_move_mount_old: source names the mount to move (EINVAL for none);
 * directory onto directory or file onto file, else EINVAL. */
static long do_move(const char *source, const struct path *target)
{
	if (!*source)
		return -EINVAL;
	struct path from;
	long err = vfs_walk(NULL, source, LOOKUP_FOLLOW, &from);
	if (err)
		return err;
	bool from_dir = (from.dentry->inode->mode & S_IFMT) == S_IFDIR;
	bool to_dir = (target->dentry->inode->mode & S_IFMT) == S_IFDIR;
	err = from_dir != to_dir ? -EINVAL : vfs_move_mount(&from, target);
	path_put(&from);
	return err;
}

bool mount_in_caller_ns(struct vfsmount *m)
{
	struct mnt_ns *ns = fs_context_mnt_ns(current()->fs);
	bool in = mnt_in_ns(m, ns);
	mnt_ns_put(ns);
	return in;
}

#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* do_change_type: on a mount's root, exactly one propagation type besides
 * MS_REC and MS_SILENT (flags_to_propagation_type), else EINVAL. */
static long do_change_type(const struct path *target, unsigned long flags)
{
	unsigned long type = flags & ~(unsigned long)(MS_REC | MS_SILENT);
	if (target->dentry != target->mnt->root || !type || (type & (type - 1)))
		return -EINVAL;
	return mnt_change_type(target->mnt, type, flags & MS_REC);
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
	if (!err && !(flags & (MS_REMOUNT | MS_BIND | MS_MOVE)))
		err = get_name(utype, &type);
	if (!err && !capable(CAP_SYS_ADMIN))
		err = -EPERM; /* path_mount: may_mount */
	if (err)
		goto out;
	if (flags & MS_REMOUNT) {
		err = do_remount(&target, flags, udata);
	} else if (!mount_in_caller_ns(target.mnt) && !(flags & MS_PROPAGATION)) {
		err = -EINVAL; /* do_loopback, do_new_mount: check_mnt */
	} else if (flags & MS_BIND) {
		err = do_bind(source, &target);
	} else if (flags & MS_PROPAGATION) {
		err = do_change_type(&target, flags);
	} else if (flags & MS_MOVE) {
		err = do_move(source, &target);
	} else {
		struct super_block *sb;
		char *options = NULL;
		err = (target.dentry->inode->mode & S_IFMT) != S_IFDIR ? -ENOTDIR : get_options(type, udata, &options);
		if (!err)
			err = mount_create_sb(type, options, flags & MS_RDONLY, &sb);
		kfree(options);
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
	else if (target.dentry != target.mnt->root || !mount_in_caller_ns(target.mnt))
		err = -EINVAL; /* not a mount point, or not in the caller's namespace (check_mnt) */
	else if (flags & MNT_EXPIRE)
		err = -EAGAIN; /* marked for expiry; a second call would take it */
	else
		err = vfs_umount(target.mnt, flags & MNT_DETACH);
	path_put(&target);
	return err;
}

/*
 * pivot_root(new_root, put_old) (fs/namespace.c): CAP_SYS_ADMIN (EPERM)
 * first; both names are directories (ENOTDIR); then mnt_pivot's checks and
 * move; then every task whose root or working directory was the old root
 * moves to the new one (chroot_fs_refs).
 */
SYSCALL_DEFINE2(pivot_root, uaddr_t, unew, uaddr_t, uold)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM; /* may_mount */
	struct path new, old, root;
	long err = vfs_user_walk(AT_FDCWD, unew, 0, LOOKUP_DIRECTORY, &new);
	if (err)
		return err;
	err = vfs_user_walk(AT_FDCWD, uold, 0, LOOKUP_DIRECTORY, &old);
	if (err)
		goto out_new;
	fs_context_get_root(&root);
	struct mnt_ns *ns = fs_context_mnt_ns(current()->fs);
	err = mnt_pivot(&new, &root, &old, ns);
	mnt_ns_put(ns);
	if (!err)
		fs_context_replace_all(&root, &new);
	path_put(&root);
	path_put(&old);
out_new:
	path_put(&new);
	return err;
}

/* The struct mount_attr of usize bytes at uattr (copy_struct_from_user):
 * bytes past the ones known must be zero (E2BIG). */
static long get_mount_attr(uaddr_t uattr, size_t usize, struct mount_attr_user *out)
{
	if (copy_from_user(out, uattr, sizeof(*out)))
		return -EFAULT;
	for (size_t at = sizeof(*out); at < usize; at++) {
		u8 byte;
		if (copy_from_user(&byte, uaddr_add(uattr, at), 1))
			return -EFAULT;
		if (byte)
			return -E2BIG;
	}
	return 0;
}

#define MOUNT_ATTR_KNOWN                                                                                    \
	(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | MOUNT_ATTR__ATIME | \
	 MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSYMFOLLOW)

long mount_attr_flags(u64 attr, bool clear, unsigned *out)
{
	if (attr >> 32 || (attr & ~(u64)MOUNT_ATTR_KNOWN) || (clear && (attr & MOUNT_ATTR_IDMAP)))
		return -EINVAL;
	bool unbuilt = !clear && (attr & (MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSYMFOLLOW));
	if (unbuilt) {
		static bool logged;
		if (!logged) {
			logged = true;
			printk(KERN_NOTICE "levitate: %s[%d]: mount_setattr attributes %#lx not implemented (EINVAL)",
			       current()->comm, current()->group->pid, (unsigned long)attr);
		}
		return -EINVAL;
	}
	*out = ((attr & MOUNT_ATTR_RDONLY) ? MNT_RDONLY : 0) | ((attr & MOUNT_ATTR_NOSUID) ? MNT_NOSUID : 0) |
	       ((attr & MOUNT_ATTR_NODEV) ? MNT_NODEV : 0) | ((attr & MOUNT_ATTR_NOEXEC) ? MNT_NOEXEC : 0) |
	       ((attr & MOUNT_ATTR_NODIRATIME) ? MNT_NODIRATIME : 0);
	return 0;
}

/* build_mount_kattr's atime rule: the setting (an enum, not bits) changes
 * only with all of MOUNT_ATTR__ATIME in attr_clr, to relatime, noatime or
 * strictatime (neither); else attr_set may hold none of it. */
static long attr_atime(const struct mount_attr_user *a, unsigned *set, unsigned *clear)
{
	if (!(a->attr_clr & MOUNT_ATTR__ATIME))
		return (a->attr_set & MOUNT_ATTR__ATIME) ? -EINVAL : 0;
	if ((a->attr_clr & MOUNT_ATTR__ATIME) != MOUNT_ATTR__ATIME)
		return -EINVAL;
	*clear |= MNT_RELATIME | MNT_NOATIME;
	switch (a->attr_set & MOUNT_ATTR__ATIME) {
	case MOUNT_ATTR_RELATIME: *set |= MNT_RELATIME; return 0;
	case MOUNT_ATTR_NOATIME: *set |= MNT_NOATIME; return 0;
	case MOUNT_ATTR_STRICTATIME: return 0;
	default: return -EINVAL;
	}
}

/*
 * mount_setattr(dfd, path, flags, attr, size) (fs/namespace.c, Linux 6.1):
 * flags beyond AT_EMPTY_PATH, AT_RECURSIVE, AT_SYMLINK_NOFOLLOW and
 * AT_NO_AUTOMOUNT are EINVAL; a size past a page E2BIG, below
 * MOUNT_ATTR_SIZE_VER0 EINVAL; CAP_SYS_ADMIN (EPERM); an attr that changes
 * nothing is 0 before any lookup; propagation 0 or one of MS_SHARED,
 * MS_SLAVE, MS_PRIVATE, MS_UNBINDABLE, other values
 * EINVAL; a partial MOUNT_ATTR__ATIME in attr_clr EINVAL. The path must be
 * the root of a mount in the caller's namespace (EINVAL); with
 * AT_RECURSIVE every mount under it changes too.
 */
SYSCALL_DEFINE5(mount_setattr, int, dfd, uaddr_t, upath, unsigned, flags, uaddr_t, uattr, size_t, usize)
{
	if (flags & ~(unsigned)(AT_EMPTY_PATH | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	if (usize < MOUNT_ATTR_SIZE_VER0)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM; /* may_mount */
	struct mount_attr_user attr;
	long err = get_mount_attr(uattr, usize, &attr);
	if (err)
		return err;
	if (!attr.attr_set && !attr.attr_clr && !attr.propagation)
		return 0;
	u64 type = attr.propagation;
	if (type && type != MS_SHARED && type != MS_SLAVE && type != MS_PRIVATE && type != MS_UNBINDABLE)
		return -EINVAL;
	unsigned set, clear;
	if (mount_attr_flags(attr.attr_set, false, &set) || mount_attr_flags(attr.attr_clr, true, &clear) ||
	    attr_atime(&attr, &set, &clear))
		return -EINVAL;
	struct path target;
	err = vfs_user_walk(dfd, upath, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), 0, &target);
	if (err)
		return err;
	bool rec = flags & AT_RECURSIVE;
	if (target.dentry != target.mnt->root || !mount_in_caller_ns(target.mnt))
		err = -EINVAL;
	if (!err && type)
		err = mnt_change_type(target.mnt, type, rec);
	if (!err)
		mnt_change_flags(target.mnt, clear, set, rec);
	path_put(&target);
	return err;
}

#define OPEN_TREE_CLONE 1
#define OPEN_TREE_FLAGS \
	(AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW | OPEN_TREE_CLONE | O_CLOEXEC)

/*
 * open_tree(dfd, path, flags) (fs/namespace.c, Linux 6.1): an unknown flag,
 * or AT_RECURSIVE without OPEN_TREE_CLONE, is EINVAL; a copy needs
 * CAP_SYS_ADMIN (EPERM); a free descriptor is looked for before the walk
 * (EMFILE). Without OPEN_TREE_CLONE: an O_PATH file of the place; with it,
 * the O_PATH file of a detached copy of its mount (mnt_clone_detached),
 * which move_mount attaches and whose last close takes it away.
 */
SYSCALL_DEFINE3(open_tree, int, dfd, uaddr_t, upath, unsigned, flags)
{
	if (flags & ~(unsigned)OPEN_TREE_FLAGS)
		return -EINVAL;
	if ((flags & (AT_RECURSIVE | OPEN_TREE_CLONE)) == AT_RECURSIVE)
		return -EINVAL;
	bool clone = flags & OPEN_TREE_CLONE;
	if (clone && !capable(CAP_SYS_ADMIN))
		return -EPERM; /* may_mount */
	long err = fd_check_free();
	if (err)
		return err;
	struct path place;
	err = vfs_user_walk(dfd, upath, (int)(flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)), 0, &place);
	if (err)
		return err;
	struct file *f;
	if (clone) {
		struct path copy;
		struct mnt_ns *anon, *ns = fs_context_mnt_ns(current()->fs);
		err = mnt_clone_detached(&place, flags & AT_RECURSIVE, ns, &copy, &anon);
		mnt_ns_put(ns);
		if (!err) {
			err = mnt_detached_file(&copy, anon, &f);
			path_put(&copy);
		}
	} else {
		err = vfs_open_path(&place, O_PATH, &f);
	}
	path_put(&place);
	return err ? err : fd_install_or_put(f, flags & O_CLOEXEC);
}

#define MOVE_MOUNT_F_SYMLINKS 0x1
#define MOVE_MOUNT_F_AUTOMOUNTS 0x2
#define MOVE_MOUNT_F_EMPTY_PATH 0x4
#define MOVE_MOUNT_T_SYMLINKS 0x10
#define MOVE_MOUNT_T_AUTOMOUNTS 0x20
#define MOVE_MOUNT_T_EMPTY_PATH 0x40
#define MOVE_MOUNT_SET_GROUP 0x100
#define MOVE_MOUNT_MASK 0x177

/* One side of move_mount: symbolic links followed only when asked. */
static long move_mount_walk(int dfd, uaddr_t upath, unsigned flags, unsigned symlinks, unsigned empty, struct path *out)
{
	int at_flags = ((flags & symlinks) ? 0 : AT_SYMLINK_NOFOLLOW) | ((flags & empty) ? AT_EMPTY_PATH : 0);
	return vfs_user_walk(dfd, upath, at_flags, 0, out);
}

/*
 * move_mount(from_dfd, from, to_dfd, to, flags) (fs/namespace.c, Linux
 * 6.1): CAP_SYS_ADMIN (EPERM), then an unknown flag is EINVAL; both places
 * walked (links followed only with MOVE_MOUNT_F_SYMLINKS and
 * MOVE_MOUNT_T_SYMLINKS); do_move_mount: the destination must be in the
 * caller's namespace, the source a mount root of it or a detached tree's
 * root (fsmount, open_tree), directory onto directory (EINVAL), not under
 * itself (ELOOP). MOVE_MOUNT_SET_GROUP (do_set_group) is not built: EINVAL,
 * logged once.
 */
SYSCALL_DEFINE5(move_mount, int, from_dfd, uaddr_t, ufrom, int, to_dfd, uaddr_t, uto, unsigned, flags)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM; /* may_mount */
	if (flags & ~(unsigned)MOVE_MOUNT_MASK)
		return -EINVAL;
	struct path from, to;
	long err = move_mount_walk(from_dfd, ufrom, flags, MOVE_MOUNT_F_SYMLINKS, MOVE_MOUNT_F_EMPTY_PATH, &from);
	if (err)
		return err;
	err = move_mount_walk(to_dfd, uto, flags, MOVE_MOUNT_T_SYMLINKS, MOVE_MOUNT_T_EMPTY_PATH, &to);
	if (err) {
		path_put(&from);
		return err;
	}
	if (flags & MOVE_MOUNT_SET_GROUP) {
		static bool logged;
		if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
			printk(KERN_NOTICE "levitate: %s[%d]: move_mount MOVE_MOUNT_SET_GROUP not implemented (EINVAL)",
			       current()->comm, current()->group->pid);
		err = -EINVAL;
	} else if (!mount_in_caller_ns(to.mnt)) {
		err = -EINVAL; /* check_mnt of the destination */
	} else {
		bool from_dir = (from.dentry->inode->mode & S_IFMT) == S_IFDIR;
		bool to_dir = (to.dentry->inode->mode & S_IFMT) == S_IFDIR;
		err = from_dir != to_dir ? -EINVAL : vfs_move_mount(&from, &to);
	}
	path_put(&to);
	path_put(&from);
	return err;
}
