/*
 * cgroup.c — the cgroup2 file system (Linux kernel/cgroup/cgroup.c's
 * kernfs half; Documentation/admin-guide/cgroup-v2.rst), the view of the
 * hierarchy proc/cgroup.c keeps.
 *
 * One instance for the system, as Linux's default hierarchy: every
 * `mount -t cgroup2` attaches the same super block, and the hierarchy
 * outlives its mounts. It is a tmpfs-like dentry tree (the names are
 * kept, as kernfs keeps them): a directory is a cgroup (mkdir makes one,
 * rmdir removes one that is empty), and each holds the core's control
 * files, made with it:
 *
 *   cgroup.procs, cgroup.threads   the live members' pids, tids; a write
 *                                  moves a process (cgroup_procs_write)
 *   cgroup.controllers,            the controllers available, and enabled
 *   cgroup.subtree_control         for the children: none are built yet,
 *                                  so both read empty and "+name" is EINVAL
 *   cgroup.type                    "domain" (not on the root); threaded
 *                                  cgroups are not built (EOPNOTSUPP)
 *   cgroup.events                  "populated 0/1", "frozen 0" (not on the root)
 *   cgroup.max.depth,              mkdir's limits (EAGAIN)
 *   cgroup.max.descendants
 *   cgroup.stat                    nr_descendants, nr_dying_descendants (0:
 *                                  a removed cgroup is gone at once here)
 *
 * Not built: cgroup.freeze, cgroup.kill, cpu.stat, the pressure files, and
 * poll/inotify notification of cgroup.events changes.
 *
 * Modes and owners as Linux gives them: a file that can be read is 0444,
 * one that can be written too 0644 (cgroup_file_mode); a new directory and
 * its files belong to the creator's fsuid and fsgid (cgroup_kn_set_ugid).
 * A read-only file opens for writing (kernfs checks that only for sysfs),
 * and a write to it is EINVAL (cgroup_file_write without a write op).
 * Writes longer than a page are E2BIG, an empty one is 0.
 *
 * Locks: cgroup_sb_mutex (the instance's making), then a directory's
 * inode lock (the VFS holds the parent's around mkdir and rmdir), then
 * cgroup_mutex (cgroup.h), then the locks of the process list. A new
 * directory's files are made under its own inode lock with cgroup_mutex
 * released.
 */
#include <cgroup.h>

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <mutex.h>
#include <pid.h>
#include <printk.h>
#include <process.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>
#include <uapi/stat.h>
#include <vfs.h>

enum cg_file {
	CGF_CONTROLLERS,
	CGF_EVENTS,
	CGF_MAX_DEPTH,
	CGF_MAX_DESCENDANTS,
	CGF_PROCS,
	CGF_STAT,
	CGF_SUBTREE_CONTROL,
	CGF_THREADS,
	CGF_TYPE,
};

struct cftype {
	const char *name;
	bool writable;	  /* 0644; else 0444 */
	bool not_on_root; /* CFTYPE_NOT_ON_ROOT */
};

/* cgroup_base_files, the ones built */
static const struct cftype cftypes[] = {
	[CGF_CONTROLLERS] = {"cgroup.controllers", false, false},
	[CGF_EVENTS] = {"cgroup.events", false, true},
	[CGF_MAX_DEPTH] = {"cgroup.max.depth", true, false},
	[CGF_MAX_DESCENDANTS] = {"cgroup.max.descendants", true, false},
	[CGF_PROCS] = {"cgroup.procs", true, false},
	[CGF_STAT] = {"cgroup.stat", false, false},
	[CGF_SUBTREE_CONTROL] = {"cgroup.subtree_control", true, false},
	[CGF_THREADS] = {"cgroup.threads", true, false},
	[CGF_TYPE] = {"cgroup.type", true, true},
};

/* A control file's inode->private: its cgroup (a reference) and which file. */
struct cg_file_priv {
	struct cgroup *cg;
	enum cg_file kind;
};

/* The mount options (cgroup2_fs_parameters), one set for the hierarchy:
 * each mount sets or clears all of them (apply_cgroup_root_flags). Without
 * controllers or cgroup namespaces none changes behaviour yet; they are
 * kept and shown as Linux shows them. [cgroup_mutex] */
#define CGRP_ROOT_NS_DELEGATE 0x1u
#define CGRP_ROOT_FAVOR_DYNMODS 0x2u
#define CGRP_ROOT_MEMORY_LOCAL_EVENTS 0x4u
#define CGRP_ROOT_MEMORY_RECURSIVE_PROT 0x8u
static const struct {
	const char *name;
	unsigned flag;
} root_options[] = {
	{"nsdelegate", CGRP_ROOT_NS_DELEGATE},
	{"favordynmods", CGRP_ROOT_FAVOR_DYNMODS},
	{"memory_localevents", CGRP_ROOT_MEMORY_LOCAL_EVENTS},
	{"memory_recursiveprot", CGRP_ROOT_MEMORY_RECURSIVE_PROT},
};
static unsigned root_flags;

/* made on first mount [cgroup_sb_mutex, which comes before every inode lock] */
static struct super_block *cgroup_sb;
static struct mutex cgroup_sb_mutex = {
	.lock = SPINLOCK_INIT("cgroup_sb_mutex"),
	.queue = WAIT_QUEUE_INIT(cgroup_sb_mutex.queue),
	.name = "cgroup_sb_mutex",
};

static const struct inode_ops cgroup_dir_iops;
static const struct file_ops cgroup_file_ops;

static void file_destroy(struct inode *inode)
{
	struct cg_file_priv *p = inode->private;
	cgroup_put(p->cg);
	kfree(p);
}

static void dir_destroy(struct inode *inode)
{
	cgroup_put(inode->private);
}

/* One control file in dir (its inode lock held). */
static int add_file(struct dentry *dir, struct cgroup *cg, enum cg_file kind)
{
	const struct cftype *cft = &cftypes[kind];
	struct cg_file_priv *p = kmalloc(sizeof(*p));
	struct dentry *d = dentry_alloc(dir, cft->name, strlen(cft->name));
	struct inode *inode = p && d ? inode_alloc(dir->sb, S_IFREG | (cft->writable ? 0644 : 0444)) : NULL;
	if (!inode) {
		kfree(p);
		if (d)
			dput(d);
		return -ENOMEM;
	}
	cgroup_get(cg);
	p->cg = cg;
	p->kind = kind;
	inode->uid = dir->inode->uid;
	inode->gid = dir->inode->gid;
	inode->fops = &cgroup_file_ops;
	inode->private = p;
	inode->destroy = file_destroy;
	d_instantiate(d, inode);
	inode_put(inode);
	d_add(d);
	if (kind == CGF_PROCS)
		cg->procs = inode;
	dput(d);
	return 0;
}

/* Takes every control file out of a cgroup's directory (its inode lock held). */
static void remove_files(struct dentry *dir)
{
	struct dentry *c;
	while ((c = d_first_child(dir))) {
		d_delete(c);
		dput(c);
	}
}

/* The control files of cg in dir (cgroup_addrm_files). [dir's inode lock] */
static int populate(struct dentry *dir, struct cgroup *cg)
{
	for (size_t i = 0; i < ARRAY_SIZE(cftypes); i++) {
		if (cftypes[i].not_on_root && !cg->parent)
			continue;
		int err = add_file(dir, cg, (enum cg_file)i);
		if (err) {
			remove_files(dir);
			return err;
		}
	}
	return 0;
}

/*
 * mkdir (cgroup_mkdir): a name with a newline is EINVAL (it would make
 * /proc/PID/cgroup unparsable); then cgroup_create's checks. Any other
 * kind of file cannot be made here: a regular file is EACCES (vfs_create
 * without ->create), a device, FIFO or socket EPERM (vfs_mknod).
 */
static int cgroup_mknod(struct inode *dir, struct dentry *d, u32 mode, u32 rdev)
{
	if ((mode & S_IFMT) != S_IFDIR)
		return (mode & S_IFMT) == S_IFREG ? -EACCES : -EPERM;
	if (memchr(d->name, '\n', d->name_len))
		return -EINVAL;
	struct inode *inode = inode_alloc(dir->sb, S_IFDIR | (mode & 07777));
	if (!inode)
		return -ENOMEM;
	cgroup_lock();
	struct cgroup *cg;
	int err = cgroup_create(dir->private, d->name, d->name_len, &cg);
	cgroup_unlock();
	if (err) {
		inode_put(inode);
		return err;
	}
	inode->uid = cred_fsuid();
	inode->gid = cred_fsgid();
	inode->iops = &cgroup_dir_iops;
	inode->fops = &tmpfs_dir_ops;
	inode->nlink = 2;
	inode->private = cg; /* cgroup_create's reference */
	inode->destroy = dir_destroy;
	d_instantiate(d, inode);
	inode_put(inode);
	/* its files before its name: nothing can reach cg until d_add, and its
	 * new inode's lock is taken outside cgroup_mutex, as every inode's */
	mutex_lock(&inode->lock);
	err = populate(d, cg);
	mutex_unlock(&inode->lock);
	cgroup_lock();
	if (err)
		CHECK(cgroup_destroy(cg) == 0); /* nothing can be in it yet */
	else
		cg->dir = d;
	cgroup_unlock();
	if (err)
		return err;
	d_add(d);
	dir->nlink++;
	inode_touch(dir, true, true);
	return 0;
}

/* rmdir (cgroup_rmdir, cgroup_destroy_locked): EBUSY while populated or
 * with a child cgroup; the control files go with the directory. */
static int cgroup_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *victim = d->inode;
	cgroup_lock();
	struct cgroup *cg = victim->private;
	int err = cgroup_destroy(cg);
	if (!err) {
		cg->dir = NULL;
		cg->procs = NULL;
	}
	cgroup_unlock();
	if (err)
		return err;
	mutex_lock(&victim->lock);
	remove_files(d);
	victim->nlink = 0;
	mutex_unlock(&victim->lock);
	dir->nlink--;
	d_delete(d);
	inode_touch(dir, true, true);
	return 0;
}

static const struct inode_ops cgroup_dir_iops = {
	.mknod = cgroup_mknod,
	.rmdir = cgroup_rmdir,
	.iterate = tmpfs_iterate,
};

/* ---- the control files -------------------------------------------------------- */

static size_t show_max(char *buf, size_t cap, int value)
{
	return value == CGROUP_MAX_UNLIMITED ? (size_t)snprintf(buf, cap, "max\n")
					     : (size_t)snprintf(buf, cap, "%d\n", value);
}

/* The file's text into buf (snprintf's rules: the length it needs). */
static size_t show(struct cgroup *cg, enum cg_file kind, char *buf, size_t cap)
{
	switch (kind) {
	case CGF_CONTROLLERS:
	case CGF_SUBTREE_CONTROL: /* no controllers: not even the newline (cgroup_print_ss_mask) */
		if (cap)
			buf[0] = '\0';
		return 0;
	case CGF_EVENTS: return (size_t)snprintf(buf, cap, "populated %d\nfrozen 0\n", cgroup_populated(cg));
	case CGF_TYPE: return (size_t)snprintf(buf, cap, "domain\n");
	case CGF_PROCS: return cgroup_list_members(cg, false, buf, cap);
	case CGF_THREADS: return cgroup_list_members(cg, true, buf, cap);
	case CGF_MAX_DEPTH: return show_max(buf, cap, __atomic_load_n(&cg->max_depth, __ATOMIC_RELAXED));
	case CGF_MAX_DESCENDANTS: return show_max(buf, cap, __atomic_load_n(&cg->max_descendants, __ATOMIC_RELAXED));
	case CGF_STAT:
		return (size_t)snprintf(buf, cap, "nr_descendants %d\nnr_dying_descendants 0\n",
					__atomic_load_n(&cg->nr_descendants, __ATOMIC_RELAXED));
	}
	return 0;
}

static ssize_t cgroup_file_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct cg_file_priv *p = f->inode->private;
	size_t need = show(p->cg, p->kind, NULL, 0) + 64; /* members may join meanwhile */
	char *buf = kmalloc(need);
	if (!buf)
		return -ENOMEM;
	size_t text = MIN(show(p->cg, p->kind, buf, need), need - 1);
	ssize_t n = 0;
	if (pos < text)
		n = iobuf_copy_out(dst, 0, buf + pos, MIN(len, text - (size_t)pos));
	kfree(buf);
	return n;
}

/* strstrip: the text without leading and trailing white space (in place). */
static char *strip(char *s)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
		s[--n] = '\0';
	return s;
}

/* kstrtoint(s, 0, out): an optional sign, then decimal, 0x hex or 0 octal,
 * the whole string, within int: 0, -EINVAL or -ERANGE. */
static int parse_int(const char *s, int *out)
{
	bool neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	if (!*s)
		return -EINVAL;
	u64 v = 0;
	for (; *s; s++) {
		unsigned d = *s >= '0' && *s <= '9'			? (unsigned)(*s - '0')
			     : (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (unsigned)((*s | 0x20) - 'a' + 10)
									: 99;
		if (d >= base)
			return -EINVAL;
		v = v * base + d;
		if (v > 0x80000000ull)
			return -ERANGE;
	}
	if (v > (neg ? 0x80000000ull : 0x7fffffffull))
		return -ERANGE;
	*out = neg ? (int)-(s64)v : (int)v;
	return 0;
}

/* cgroup_may_write: may the credentials c write cg's cgroup.procs?
 * [cgroup_mutex] */
static int may_write(const struct cred *c, struct cgroup *cg)
{
	return cg->procs ? inode_permission_cred(c, cg->procs, MAY_WRITE) : -ENOENT;
}

/*
 * cgroup_attach_permissions (the part that applies without controllers,
 * threaded cgroups or cgroup namespaces): the credentials c may write the
 * cgroup.procs of the common ancestor of src and dst (Linux
 * cgroup_procs_write_permission; the v1 hierarchy's extra rule on the
 * target's uid, __cgroup1_procs_write, has no v2 counterpart); a thread alone
 * (threadgroup false) moves only within its domain, which is its own
 * cgroup here: EOPNOTSUPP. cgroup_migrate_vet_dst's no-internal-process
 * rule (EBUSY when dst has controllers enabled for its children) never
 * applies: no controller can be enabled. [cgroup_mutex]
 */
static int attach_permissions(const struct cred *c, struct cgroup *src, struct cgroup *dst, bool threadgroup)
{
	struct cgroup *common = src;
	while (!cgroup_is_descendant(dst, common))
		common = common->parent;
	int err = may_write(c, common);
	if (err)
		return err;
	if (!threadgroup && src != dst)
		return -EOPNOTSUPP;
	return 0;
}

/*
 * cgroup.procs and cgroup.threads writes (__cgroup_procs_write): a pid
 * (0: the caller; a thread's tid names its process for cgroup.procs), then
 * the permission checks, then the move. A removed cgroup is ENODEV, a
 * number that is no pid ESRCH, a kernel thread EINVAL. The permissions
 * are checked with the credentials of the file's opener (Linux
 * override_creds(of->file->f_cred), against inherited-descriptor attacks),
 * kept in the file's private by cgroup_file_open.
 */
static ssize_t procs_write(const struct cred *opener, struct cgroup *dst, char *text, bool threadgroup)
{
	int pid;
	cgroup_lock();
	int err = -ENODEV;
	if (dst->dead)
		goto out_unlock;
	err = -EINVAL;
	if (parse_int(strip(text), &pid) || pid < 0)
		goto out_unlock;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = pid ? pid_find_task(pid) : current();
	struct thread_group *g = pid ? pid_find_process(pid) : current()->group;
	err = (t && !t->group) ? -EINVAL : !g ? -ESRCH : 0; /* a kernel thread: PF_NO_SETAFFINITY */
	if (!err)
		thread_group_get(g);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (err)
		goto out_unlock;
	struct cgroup *src = cgroup_of(g);
	err = attach_permissions(opener, src, dst, threadgroup);
	if (!err)
		cgroup_attach(g, dst);
	cgroup_put(src);
	thread_group_put(g);
out_unlock:
	cgroup_unlock();
	return err;
}

/* cgroup.max.depth and cgroup.max.descendants: "max" or a number >= 0
 * (ERANGE below). [cgroup_mutex for the store] */
static ssize_t max_write(struct cgroup *cg, char *text, int *field)
{
	int value;
	text = strip(text);
	if (strcmp(text, "max") == 0) {
		value = CGROUP_MAX_UNLIMITED;
	} else {
		int err = parse_int(text, &value);
		if (err)
			return err;
	}
	if (value < 0)
		return -ERANGE;
	cgroup_lock();
	int err = cg->dead ? -ENODEV : 0;
	if (!err)
		__atomic_store_n(field, value, __ATOMIC_RELAXED);
	cgroup_unlock();
	return err;
}

/* cgroup_subtree_control_write: "+name" and "-name" tokens; with no
 * controller built every token is an unknown one (EINVAL). */
static ssize_t subtree_control_write(struct cgroup *cg, char *text)
{
	char *s = strip(text);
	for (; *s; s++) {
		if (*s != ' ')
			return -EINVAL;
	}
	cgroup_lock();
	int err = cg->dead ? -ENODEV : 0;
	cgroup_unlock();
	return err;
}

/* cgroup_type_write: only "threaded" may be written; threaded cgroups are not built. */
static ssize_t type_write(struct cgroup *cg, char *text)
{
	if (strcmp(strip(text), "threaded") != 0)
		return -EINVAL;
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_NOTICE "levitate: cgroup: threaded cgroups not implemented");
	return -EOPNOTSUPP;
}

static ssize_t cgroup_file_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	struct cg_file_priv *p = f->inode->private;
	if (len == 0)
		return 0;
	if (len > PAGE_SIZE)
		return -E2BIG; /* kernfs: cgroup files' atomic_write_len */
	char *text = kmalloc(len + 1);
	if (!text)
		return -ENOMEM;
	ssize_t err = iobuf_copy_in(text, src, 0, len);
	if (err >= 0 && (size_t)err < len)
		err = -EFAULT;
	if (err < 0)
		goto out;
	text[len] = '\0';
	switch (p->kind) {
	case CGF_PROCS: err = procs_write(f->private, p->cg, text, true); break;
	case CGF_THREADS: err = procs_write(f->private, p->cg, text, false); break;
	case CGF_SUBTREE_CONTROL: err = subtree_control_write(p->cg, text); break;
	case CGF_TYPE: err = type_write(p->cg, text); break;
	case CGF_MAX_DEPTH: err = max_write(p->cg, text, &p->cg->max_depth); break;
	case CGF_MAX_DESCENDANTS: err = max_write(p->cg, text, &p->cg->max_descendants); break;
	default: err = -EINVAL; break;
	}
out:
	kfree(text);
	return err ? err : (ssize_t)len;
}

/* An open control file keeps its opener's credentials (Linux's f_cred,
 * which the cgroup.procs and cgroup.threads writes check with). */
static int cgroup_file_open(struct inode *inode, struct file *f)
{
	(void)inode;
	f->private = (void *)cred_get(cred_current());
	return 0;
}

static void cgroup_file_release(struct file *f)
{
	cred_put(f->private);
}

static const struct file_ops cgroup_file_ops = {
	.open = cgroup_file_open,
	.release = cgroup_file_release,
	.read = cgroup_file_read,
	.write = cgroup_file_write,
	.seekable = true,
	.seek_set_cur_only = true,
};

/* ---- the instance ------------------------------------------------------------- */

struct super_block *cgroup_fs_sb(void)
{
	mutex_lock(&cgroup_sb_mutex);
	struct super_block *sb = cgroup_sb;
	if (sb)
		goto out;
	sb = tmpfs_create(0755);
	if (!sb)
		goto out;
	sb->type = "cgroup2";
	sb->magic = CGROUP2_SUPER_MAGIC;
	sb->kill = NULL; /* the default hierarchy lives as long as the system */
	sb->max_inodes = 0;
	struct inode *root = sb->root->inode;
	root->iops = &cgroup_dir_iops;
	root->destroy = NULL; /* never: the super block stays */
	root->private = cgroup_root();
	mutex_lock(&root->lock);
	int err = populate(sb->root, cgroup_root());
	mutex_unlock(&root->lock);
	if (err) {
		printk("cgroup: cannot make the root's files");
		sb = NULL; /* kept unreachable: tmpfs's kill would free a static root's files too */
		goto out;
	}
	cgroup_root()->dir = sb->root;
	__atomic_store_n(&cgroup_sb, sb, __ATOMIC_RELEASE);
out:
	mutex_unlock(&cgroup_sb_mutex);
	return sb;
}

int cgroup_fs_parse_options(const char *options)
{
	unsigned flags = 0;
	const char *s = options ? options : "";
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		size_t i;
		for (i = 0; len && i < ARRAY_SIZE(root_options); i++) {
			if (str_equals_bytes(root_options[i].name, s, len))
				break;
		}
		if (len && i == ARRAY_SIZE(root_options))
			return -EINVAL; /* vfs_parse_fs_param: unknown parameter */
		if (len)
			flags |= root_options[i].flag;
		s += len + (end ? 1 : 0);
	}
	cgroup_lock();
	root_flags = flags;
	cgroup_unlock();
	return 0;
}

bool cgroup_fs_option_known(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(root_options); i++) {
		if (strcmp(root_options[i].name, name) == 0)
			return true;
	}
	return false;
}

int cgroup_fs_show_options(char *buf, size_t cap)
{
	unsigned flags = __atomic_load_n(&root_flags, __ATOMIC_RELAXED);
	size_t len = 0;
	if (cap)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(root_options); i++) {
		if (flags & root_options[i].flag)
			len += (size_t)snprintf(buf + MIN(len, cap), cap - MIN(len, cap), ",%s", root_options[i].name);
	}
	return (int)len;
}

/*
 * cgroup_get_from_file for CLONE_INTO_CGROUP (cgroup_css_set_fork): fd
 * names a cgroup2 directory, O_PATH or not (EBADF otherwise) that is not
 * removed (ENOENT: css_tryget_online fails); the caller may write its
 * cgroup.procs and the common ancestor's with its own cgroup, and a
 * thread (CLONE_THREAD) may not go elsewhere (attach_permissions). On
 * success *out holds a reference.
 */
int cgroup_fs_clone_target(int fd, bool thread, struct cgroup **out)
{
	struct file *f = fd_get(fd); /* fget_raw: O_PATH too */
	if (!f)
		return -EBADF;
	struct inode *inode = f->path.dentry ? f->path.dentry->inode : NULL;
	int err = -EBADF;
	if (!inode || inode->sb != __atomic_load_n(&cgroup_sb, __ATOMIC_ACQUIRE) || (inode->mode & S_IFMT) != S_IFDIR)
		goto out_put;
	struct cgroup *dst = inode->private;
	cgroup_lock();
	err = dst->dead ? -ENOENT : may_write(cred_current(), dst);
	struct cgroup *src = cgroup_of(current()->group);
	if (!err)
		err = attach_permissions(cred_current(), src, dst, !thread);
	cgroup_put(src);
	if (!err) {
		cgroup_get(dst);
		*out = dst;
	}
	cgroup_unlock();
out_put:
	file_put(f);
	return err;
}
