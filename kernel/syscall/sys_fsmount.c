/*
 * sys_fsmount.c — the file-system context calls (Linux 6.1 fs/fsopen.c,
 * fs/fs_context.c, fs/namespace.c fsmount): fsopen opens a context for a
 * new file system of a type, fspick one for a mounted file system; fsconfig
 * sets the context's parameters one at a time and creates or reconfigures
 * the file system; fsmount makes a detached mount of what was created
 * (fs/mount.c mnt_create_detached), which move_mount (sys_mount.c) puts in
 * the tree.
 *
 * A context is an "anon_inode:[fscontext]" file. It goes through Linux's
 * phases: parameters for a creation (fsopen), then CMD_CREATE makes the
 * file system and awaits fsmount; after fsmount (or fspick) parameters for
 * a reconfiguration, which CMD_RECONFIGURE applies; a failed command leaves
 * it failed (EBUSY for all but read). A parameter is checked when it is set
 * (EINVAL at once, as Linux's parse_param) and kept until the command.
 * Every error fsconfig finds leaves a message, "e " and the text, that
 * read(2) returns one at a time (ENODATA when none is left; EMSGSIZE, the
 * message dropped, for a buffer too small); the last 8 are kept.
 *
 * Parameters: "source" (a string, once); ro and rw (the file system's
 * read-only flag); tmpfs's size, nr_inodes and mode; cgroup2's flags.
 * devpts and devtmpfs take theirs as Linux's legacy contexts do, as one
 * string checked by the command, where options are not built (EINVAL,
 * logged once). The other superblock flags (sync, dirsync, lazytime,
 * mand) and proc's hidepid, gid and subset are not built: EINVAL, logged
 * once.
 *
 * Locks: a context's mutex (Linux's uapi_mutex) orders fsconfig, fsmount
 * and read on it and protects every field but the type; it is taken before
 * mount_lock.
 */
#include <syscall.h>

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <mutex.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>

#define FSOPEN_CLOEXEC 0x1
#define FSMOUNT_CLOEXEC 0x1
#define FSPICK_CLOEXEC 0x1
#define FSPICK_SYMLINK_NOFOLLOW 0x2
#define FSPICK_NO_AUTOMOUNT 0x4
#define FSPICK_EMPTY_PATH 0x8

/* fsconfig's commands (include/uapi/linux/mount.h) */
#define FSCONFIG_SET_FLAG 0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_SET_BINARY 2
#define FSCONFIG_SET_PATH 3
#define FSCONFIG_SET_PATH_EMPTY 4
#define FSCONFIG_SET_FD 5
#define FSCONFIG_CMD_CREATE 6
#define FSCONFIG_CMD_RECONFIGURE 7

#define PARAM_MAX 256		 /* strndup_user's limit for a key or a string value */
#define BINARY_MAX (1024 * 1024) /* FSCONFIG_SET_BINARY's */
#define LOG_SLOTS 8		 /* struct fc_log's buffer */

enum fc_phase {
	FC_CREATE_PARAMS,   /* fsopen: parameters for a creation */
	FC_AWAITING_MOUNT,  /* CMD_CREATE done: fsmount next */
	FC_AWAITING_RECONF, /* fsmount or a reconfiguration done: a parameter starts a new one */
	FC_RECONF_PARAMS,   /* fspick: parameters for a reconfiguration */
	FC_FAILED,	    /* a command failed */
};

struct fs_config {
	struct mutex lock;
	char type[16];		/* the file system type, fixed */
	bool legacy;		/* devpts, devtmpfs: Linux's legacy_fs_context, fixed */
	enum fc_phase phase;	/* [lock] */
	char *source;		/* "source", kmalloc'd, or NULL [lock] */
	char *options;		/* the parameters taken, "key=value,key", kmalloc'd, or NULL [lock] */
	int read_only;		/* ro: 1, rw: 0, neither: -1 [lock] */
	struct super_block *sb; /* once created or picked: an active reference [lock] */
	char *log[LOG_SLOTS];	/* messages, kmalloc'd; head - tail of them [lock] */
	unsigned log_head, log_tail;
};

/* logfc: a message kept for read; the oldest goes when all slots are full. */
__attribute__((format(printf, 2, 3))) static void fc_log(struct fs_config *fc, const char *fmt, ...)
{
	ASSERT_MUTEX_HELD(&fc->lock);
	char *text = kmalloc(PARAM_MAX + 64);
	if (!text)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, PARAM_MAX + 64, fmt, ap);
	va_end(ap);
	if (fc->log_head - fc->log_tail == LOG_SLOTS)
		kfree(fc->log[fc->log_tail++ % LOG_SLOTS]);
	fc->log[fc->log_head++ % LOG_SLOTS] = text;
}

/* fscontext_read: the oldest message, whole, consumed even when it does not fit. */
static ssize_t fscontext_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct fs_config *fc = f->private;
	mutex_lock(&fc->lock);
	char *text = fc->log_head != fc->log_tail ? fc->log[fc->log_tail++ % LOG_SLOTS] : NULL;
	mutex_unlock(&fc->lock);
	if (!text)
		return -ENODATA;
	size_t n = strlen(text);
	ssize_t ret = n > len ? -EMSGSIZE : iobuf_copy_out(dst, 0, text, n) < 0 ? -EFAULT : (ssize_t)n;
	kfree(text);
	return ret;
}

/* vfs_clean_context: what the last command used goes; the messages stay. */
static void fc_clean(struct fs_config *fc)
{
	kfree(fc->source);
	kfree(fc->options);
	fc->source = fc->options = NULL;
	fc->read_only = -1;
}

static void fscontext_release(struct file *f)
{
	struct fs_config *fc = f->private;
	fc_clean(fc);
	while (fc->log_tail != fc->log_head)
		kfree(fc->log[fc->log_tail++ % LOG_SLOTS]);
	if (fc->sb)
		sb_put_active(fc->sb); /* a file system created and never mounted goes */
	kfree(fc);
}

static const struct file_ops fscontext_ops = {
	.no_read_iter = true,
	.read = fscontext_read,
	.read_empty_asks = true, /* a read of 0 bytes takes a message too (EMSGSIZE) */
	.release = fscontext_release,
	.anon_name = "[fscontext]",
};

/* fscontext_create_fd: the context's descriptor, O_RDWR; the context goes on failure. */
static long fscontext_install(struct fs_config *fc, bool cloexec)
{
	struct file *f = file_alloc(&fscontext_ops, fc, 0600);
	if (!f) {
		if (fc->sb)
			sb_put_active(fc->sb);
		kfree(fc);
		return -ENFILE;
	}
	f->flags = O_RDWR;
	return fd_install_or_put(f, cloexec);
}

static struct fs_config *fc_alloc(const char *type, enum fc_phase phase)
{
	struct fs_config *fc = kzalloc(sizeof(*fc));
	if (!fc)
		return NULL;
	mutex_init(&fc->lock, "fs_config");
	strscpy(fc->type, type, sizeof fc->type);
	fc->legacy = strcmp(type, "devpts") == 0 || strcmp(type, "devtmpfs") == 0;
	fc->phase = phase;
	fc->read_only = -1;
	return fc;
}

/*
 * fsopen(fs_name, flags): CAP_SYS_ADMIN (EPERM), FSOPEN_CLOEXEC only
 * (EINVAL), the name at most a page (EFAULT, EINVAL), a type the kernel has
 * (ENODEV).
 */
SYSCALL_DEFINE2(fsopen, uaddr_t, uname, unsigned, flags)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (flags & ~(unsigned)FSOPEN_CLOEXEC)
		return -EINVAL;
	char *name = kmalloc(PAGE_SIZE);
	if (!name)
		return -ENOMEM;
	long len = strncpy_from_user(name, uname, PAGE_SIZE);
	long err = len == -ENAMETOOLONG ? -EINVAL : len < 0 ? len : mount_fs_type_known(name) ? 0 : -ENODEV;
	struct fs_config *fc = err ? NULL : fc_alloc(name, FC_CREATE_PARAMS);
	kfree(name);
	if (err || !fc)
		return err ? err : -ENOMEM;
	return fscontext_install(fc, flags & FSOPEN_CLOEXEC);
}

/*
 * fspick(dfd, path, flags): CAP_SYS_ADMIN (EPERM), only FSPICK_* flags
 * (EINVAL); the place (links followed unless FSPICK_SYMLINK_NOFOLLOW,
 * empty with FSPICK_EMPTY_PATH) must be a mount's root (EINVAL); a context
 * for reconfiguring its file system.
 */
SYSCALL_DEFINE3(fspick, int, dfd, uaddr_t, upath, unsigned, flags)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (flags & ~(unsigned)(FSPICK_CLOEXEC | FSPICK_SYMLINK_NOFOLLOW | FSPICK_NO_AUTOMOUNT | FSPICK_EMPTY_PATH))
		return -EINVAL;
	int at_flags = ((flags & FSPICK_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) |
		       ((flags & FSPICK_EMPTY_PATH) ? AT_EMPTY_PATH : 0);
	struct path target;
	long err = vfs_user_walk(dfd, upath, at_flags, 0, &target);
	if (err)
		return err;
	struct fs_config *fc = NULL;
	if (target.dentry != target.mnt->root) {
		err = -EINVAL;
	} else {
		fc = fc_alloc(target.mnt->sb->type, FC_RECONF_PARAMS);
		err = fc ? 0 : -ENOMEM;
	}
	if (fc) {
		fc->sb = target.mnt->sb;
		sb_get_active(fc->sb);
	}
	path_put(&target);
	return err ? err : fscontext_install(fc, flags & FSPICK_CLOEXEC);
}

/* Appends text to the parameters taken ("a,b"). */
static long options_add(struct fs_config *fc, const char *text)
{
	size_t old = fc->options ? strlen(fc->options) : 0, len = strlen(text);
	if (old + len + 2 > PAGE_SIZE - 2)
		return -EINVAL; /* legacy_parse_param's "Cumulative options too large" */
	char *joined = kmalloc(old + len + 2);
	if (!joined)
		return -ENOMEM;
	if (old) {
		memcpy(joined, fc->options, old);
		joined[old++] = ',';
	}
	memcpy(joined + old, text, len + 1);
	kfree(fc->options);
	fc->options = joined;
	return 0;
}

/* A parameter not built: EINVAL, logged once for all of them. */
static long unbuilt_param(struct fs_config *fc, const char *key)
{
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_NOTICE "levitate: %s[%d]: fsconfig parameter %s of %s not implemented (EINVAL)",
		       current()->comm, current()->group->pid, key, fc->type);
	return -EINVAL;
}

static bool in_list(const char *key, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], key) == 0)
			return true;
	}
	return false;
}

/* tmpfs's parameters (shmem_parse_one): a string value that parses. */
static long tmpfs_param(struct fs_config *fc, const char *key, const char *string)
{
	char *text = kmalloc(2 * PARAM_MAX + 2);
	if (!text)
		return -ENOMEM;
	snprintf(text, 2 * PARAM_MAX + 2, "%s=%s", key, string ? string : "");
	struct super_block scratch; /* only checks: tmpfs_parse_options writes its limits */
	memset(&scratch, 0, sizeof scratch);
	long err = string && *string ? tmpfs_parse_options(&scratch, text) : -EINVAL;
	if (err)
		fc_log(fc, "e tmpfs: Bad value for '%s'\n", key);
	else
		err = options_add(fc, text);
	kfree(text);
	return err;
}

/* legacy_parse_param: the string is kept for the command to parse. */
static long legacy_param(struct fs_config *fc, unsigned cmd, const char *key, const char *string)
{
	if (cmd != FSCONFIG_SET_FLAG && cmd != FSCONFIG_SET_STRING) {
		fc_log(fc, "e VFS: Legacy: Parameter type for '%s' not supported\n", key);
		return -EINVAL;
	}
	if (strchr(key, ',') || (string && strchr(string, ','))) {
		fc_log(fc, "e VFS: Legacy: Option '%s' contained comma\n", key);
		return -EINVAL;
	}
	char text[2 * PARAM_MAX + 2];
	snprintf(text, sizeof text, string ? "%s=%s" : "%s", key, string);
	long err = options_add(fc, text);
	if (err == -EINVAL)
		fc_log(fc, "e VFS: Legacy: Cumulative options too large\n");
	return err;
}

/*
 * vfs_parse_fs_param: a superblock flag (whatever the value), then the file
 * system's own parameters (a legacy context's: any but "source"), then
 * "source"; anything else is unknown.
 * string: the value of FSCONFIG_SET_STRING, else NULL.
 */
static long set_param(struct fs_config *fc, unsigned cmd, const char *key, const char *string)
{
	static const char *const sb_flags_unbuilt[] = {"dirsync", "lazytime",	"mand",	 "sync",
						       "async",	  "nolazytime", "nomand"};
	static const char *const proc_unbuilt[] = {"hidepid", "gid", "subset"};
	if (strcmp(key, "ro") == 0 || strcmp(key, "rw") == 0) {
		fc->read_only = key[1] == 'o';
		return 0;
	}
	if (in_list(key, sb_flags_unbuilt, ARRAY_SIZE(sb_flags_unbuilt)))
		return unbuilt_param(fc, key);
	bool source = strcmp(key, "source") == 0;
	if (fc->legacy && !source)
		return legacy_param(fc, cmd, key, string);
	if (strcmp(fc->type, "tmpfs") == 0 && tmpfs_option_known(key))
		return tmpfs_param(fc, key, string);
	if (strcmp(fc->type, "cgroup2") == 0 && cgroup_fs_option_known(key)) {
		if (cmd == FSCONFIG_SET_FLAG)
			return options_add(fc, key);
		fc_log(fc, "e cgroup2: Unexpected value for '%s'\n", key);
		return -EINVAL;
	}
	if (strcmp(fc->type, "proc") == 0 && in_list(key, proc_unbuilt, ARRAY_SIZE(proc_unbuilt)))
		return unbuilt_param(fc, key);
	if (source) { /* vfs_parse_fs_param_source */
		if (cmd != FSCONFIG_SET_STRING)
			fc_log(fc, "e Non-string source\n");
		else if (fc->source)
			fc_log(fc, "e Multiple sources\n");
		else
			return (fc->source = kstrdup(string)) ? 0 : -ENOMEM;
		return -EINVAL;
	}
	fc_log(fc, "e %s: Unknown parameter '%s'\n", fc->type, key);
	return -EINVAL;
}

/* devpts's and devtmpfs's own options (Linux parses them in fill_super): not built. */
static long legacy_options_unbuilt(struct fs_config *fc)
{
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_NOTICE "levitate: %s[%d]: %s mount options not implemented (EINVAL)", current()->comm,
		       current()->group->pid, fc->type);
	return -EINVAL;
}

/* CMD_CREATE (vfs_get_tree): the file system made with the parameters taken. */
static long fc_create(struct fs_config *fc)
{
	if (fc->legacy && fc->options)
		return legacy_options_unbuilt(fc);
	struct super_block *sb;
	long err = mount_create_sb(fc->type, fc->options, fc->read_only == 1, &sb);
	if (err)
		return err;
	fc->sb = sb;
	sb_get_active(sb);
	return 0;
}

/* CMD_RECONFIGURE (reconfigure_super): the parameters taken applied to the file system. */
static long fc_reconfigure(struct fs_config *fc)
{
	struct super_block *sb = fc->sb;
	if (fc->options && strcmp(sb->type, "tmpfs") == 0) {
		const char *why;
		long err = tmpfs_reconfigure(sb, fc->options, &why);
		if (err) {
			fc_log(fc, "e tmpfs: %s\n", why);
			return err;
		}
	} else if (strcmp(sb->type, "cgroup2") == 0) {
		long err = cgroup_fs_parse_options(fc->options); /* cgroup_reconfigure: the flags given */
		if (err)
			return err;
	} else if (fc->options) {
		return legacy_options_unbuilt(fc);
	}
	if (fc->read_only != -1) {
		unsigned long irq = spin_lock_irqsave(&mount_lock);
		sb->flags = fc->read_only ? sb->flags | SB_RDONLY : sb->flags & ~SB_RDONLY;
		spin_unlock_irqrestore(&mount_lock, irq);
	}
	return 0;
}

/* vfs_fsconfig_locked: the phase decides what a command may do. */
static long fsconfig_locked(struct fs_config *fc, unsigned cmd, const char *key, const char *string)
{
	if (fc->phase == FC_AWAITING_RECONF) /* finish_clean_context */
		fc->phase = FC_RECONF_PARAMS;
	long err;
	switch (cmd) {
	case FSCONFIG_CMD_CREATE:
		if (fc->phase != FC_CREATE_PARAMS)
			return -EBUSY;
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM; /* mount_capable */
		err = fc_create(fc);
		if (!err) {
			fc->phase = FC_AWAITING_MOUNT;
			return 0;
		}
		break;
	case FSCONFIG_CMD_RECONFIGURE:
		if (fc->phase != FC_RECONF_PARAMS)
			return -EBUSY;
		err = capable(CAP_SYS_ADMIN) ? fc_reconfigure(fc) : -EPERM;
		if (!err) {
			fc_clean(fc);
			fc->phase = FC_AWAITING_RECONF;
			return 0;
		}
		break;
	default:
		if (fc->phase != FC_CREATE_PARAMS && fc->phase != FC_RECONF_PARAMS)
			return -EBUSY;
		return set_param(fc, cmd, key, string);
	}
	fc->phase = FC_FAILED;
	return err;
}

/* fsconfig's checks of its arguments for each command, before the descriptor. */
static long fsconfig_args(unsigned cmd, uaddr_t ukey, uaddr_t uvalue, int aux)
{
	bool key = !uaddr_is_null(ukey), value = !uaddr_is_null(uvalue);
	switch (cmd) {
	case FSCONFIG_SET_FLAG: return key && !value && !aux ? 0 : -EINVAL;
	case FSCONFIG_SET_STRING: return key && value && !aux ? 0 : -EINVAL;
	case FSCONFIG_SET_BINARY: return key && value && aux > 0 && aux <= BINARY_MAX ? 0 : -EINVAL;
	case FSCONFIG_SET_PATH:
	case FSCONFIG_SET_PATH_EMPTY: return key && value && (aux == AT_FDCWD || aux >= 0) ? 0 : -EINVAL;
	case FSCONFIG_SET_FD: return key && !value && aux >= 0 ? 0 : -EINVAL;
	case FSCONFIG_CMD_CREATE:
	case FSCONFIG_CMD_RECONFIGURE: return !key && !value && !aux ? 0 : -EINVAL;
	default: return -EOPNOTSUPP;
	}
}

/* strndup_user(u, PARAM_MAX) into buf: EFAULT, or EINVAL when too long. */
static long get_param_string(uaddr_t u, char *buf)
{
	long len = strncpy_from_user(buf, u, PARAM_MAX);
	return len == -ENAMETOOLONG ? -EINVAL : len < 0 ? len : 0;
}

/*
 * The value of a parameter that is no string, fetched as Linux fetches it
 * (the file systems here then refuse it): SET_BINARY's aux bytes (EFAULT),
 * SET_PATH's name (ENOENT when empty, but for SET_PATH_EMPTY), SET_FD's
 * descriptor (EBADF).
 */
static long check_other_value(unsigned cmd, uaddr_t uvalue, int aux)
{
	if (cmd == FSCONFIG_SET_BINARY) {
		u8 *blob = kmalloc((size_t)aux);
		long err = !blob ? -ENOMEM : copy_from_user(blob, uvalue, (size_t)aux) ? -EFAULT : 0;
		kfree(blob);
		return err;
	}
	if (cmd == FSCONFIG_SET_PATH || cmd == FSCONFIG_SET_PATH_EMPTY) {
		char *name;
		long len = vfs_get_user_path(uvalue, &name);
		if (len < 0)
			return len;
		kfree(name);
		return len == 0 && cmd == FSCONFIG_SET_PATH ? -ENOENT : 0;
	}
	if (cmd == FSCONFIG_SET_FD) {
		struct file *f = fd_get(aux);
		if (!f)
			return -EBADF;
		file_put(f);
	}
	return 0;
}

/*
 * fsconfig(fd, cmd, key, value, aux): a negative fd is EINVAL; the
 * command's argument rules (EINVAL; an unknown command EOPNOTSUPP); fd must
 * be a context (EBADF, EINVAL); a legacy one takes no binary, path or fd
 * value (EOPNOTSUPP); the key and a string value at most 255 bytes.
 */
SYSCALL_DEFINE5(fsconfig, int, fd, unsigned, cmd, uaddr_t, ukey, uaddr_t, uvalue, int, aux)
{
	if (fd < 0)
		return -EINVAL;
	long err = fsconfig_args(cmd, ukey, uvalue, aux);
	if (err)
		return err;
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	struct fs_config *fc = f->ops == &fscontext_ops ? f->private : NULL;
	bool other_value = cmd >= FSCONFIG_SET_BINARY && cmd <= FSCONFIG_SET_FD;
	err = !fc ? -EINVAL : fc->legacy && other_value ? -EOPNOTSUPP : 0;
	char *key = NULL, *string = NULL;
	if (!err && !uaddr_is_null(ukey)) {
		key = kmalloc(2 * PARAM_MAX); /* the key, then a string value */
		err = key ? get_param_string(ukey, key) : -ENOMEM;
		string = key ? key + PARAM_MAX : NULL;
	}
	if (!err && cmd == FSCONFIG_SET_STRING)
		err = get_param_string(uvalue, string);
	else if (!err && other_value)
		err = check_other_value(cmd, uvalue, aux);
	if (!err) {
		mutex_lock(&fc->lock);
		err = fsconfig_locked(fc, cmd, key, cmd == FSCONFIG_SET_STRING ? string : NULL);
		mutex_unlock(&fc->lock);
	}
	kfree(key);
	file_put(f);
	return err;
}

#define FSMOUNT_ATTRS                                                                                       \
	(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | MOUNT_ATTR__ATIME | \
	 MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_NOSYMFOLLOW)

/*
 * fsmount(fd, flags, attr_flags): CAP_SYS_ADMIN (EPERM), FSMOUNT_CLOEXEC
 * only, MOUNT_ATTR_* of FSMOUNT_VALID_FLAGS with one atime setting
 * (EINVAL); fd a context (EBADF, EINVAL) with a file system (EINVAL)
 * awaiting its mount (EBUSY). The mount is the root of a detached tree
 * whose O_PATH descriptor is returned; the context then takes parameters
 * for a reconfiguration.
 */
SYSCALL_DEFINE3(fsmount, int, fd, unsigned, flags, unsigned, attr)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (flags & ~(unsigned)FSMOUNT_CLOEXEC)
		return -EINVAL;
	if (attr & ~(unsigned)FSMOUNT_ATTRS)
		return -EINVAL;
	unsigned mnt_flags, atime = attr & MOUNT_ATTR__ATIME;
	if (atime != MOUNT_ATTR_RELATIME && atime != MOUNT_ATTR_NOATIME && atime != MOUNT_ATTR_STRICTATIME)
		return -EINVAL;
	if (mount_attr_flags(attr & ~(unsigned)MOUNT_ATTR__ATIME, false, &mnt_flags))
		return -EINVAL;
	mnt_flags |= atime == MOUNT_ATTR_NOATIME ? MNT_NOATIME : atime == MOUNT_ATTR_RELATIME ? MNT_RELATIME : 0;
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	struct fs_config *fc = f->ops == &fscontext_ops ? f->private : NULL;
	long err = fc ? 0 : -EINVAL;
	struct path root;
	struct mnt_ns *anon;
	if (fc) {
		mutex_lock(&fc->lock);
		err = !fc->sb ? -EINVAL : fc->phase != FC_AWAITING_MOUNT ? -EBUSY : 0;
		if (!err)
			err = mnt_create_detached(fc->sb, fc->source ? fc->source : "none", mnt_flags, &root, &anon);
		if (!err) {
			fc_clean(fc);
			fc->phase = FC_AWAITING_RECONF;
		}
		mutex_unlock(&fc->lock);
	}
	file_put(f);
	if (err)
		return err;
	struct file *tree;
	err = mnt_detached_file(&root, anon, &tree);
	path_put(&root);
	return err ? err : fd_install_or_put(tree, flags & FSMOUNT_CLOEXEC);
}
