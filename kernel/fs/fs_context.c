/*
 * fs_context.c — root, working directory and umask (see fs_context.h), and
 * the system calls on them: getcwd, chdir, fchdir, chroot, umask
 * (fs/d_path.c, fs/open.c, kernel/sys.c semantics).
 */
#include <fs_context.h>

#include <cred.h>
#include <fs.h>
#include <kmalloc.h>
#include <pid.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define INIT_UMASK 0022 /* what Linux gives init (init_fs) */

struct fs_context *fs_context_create(void)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	spin_lock_init(&fs->lock, "fs_context");
	fs->refcount = 1;
	vfs_root(&fs->root);
	vfs_root(&fs->cwd);
	fs->umask = INIT_UMASK;
	fs->mnt_ns = mnt_ns_initial();
	return fs;
}

struct fs_context *fs_context_dup(struct fs_context *src)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	spin_lock_init(&fs->lock, "fs_context");
	fs->refcount = 1;
	unsigned long irq = spin_lock_irqsave(&src->lock);
	fs->root = src->root;
	fs->cwd = src->cwd;
	path_get(&fs->root);
	path_get(&fs->cwd);
	fs->umask = src->umask;
	fs->mnt_ns = mnt_ns_get(src->mnt_ns);
	spin_unlock_irqrestore(&src->lock, irq);
	return fs;
}

void fs_context_put(struct fs_context *fs)
{
	if (!fs || __atomic_sub_fetch(&fs->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	mnt_ns_put(fs->mnt_ns);
	kfree(fs);
}

/* Puts root, cwd and ns in fs, dropping what they replace. */
static void set_all(struct fs_context *fs, struct path root, struct path cwd, struct mnt_ns *ns)
{
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct path old_root = fs->root, old_cwd = fs->cwd;
	struct mnt_ns *old_ns = fs->mnt_ns;
	fs->root = root;
	fs->cwd = cwd;
	fs->mnt_ns = ns;
	spin_unlock_irqrestore(&fs->lock, irq);
	path_put(&old_root);
	path_put(&old_cwd);
	mnt_ns_put(old_ns);
}

int fs_context_unshare_ns(struct fs_context *fs)
{
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct path root = fs->root, cwd = fs->cwd;
	path_get(&root);
	path_get(&cwd);
	spin_unlock_irqrestore(&fs->lock, irq);
	struct mnt_ns *ns;
	int err = mnt_ns_copy(fs->mnt_ns, &ns, &root, &cwd);
	if (err) {
		path_put(&root);
		path_put(&cwd);
		return err;
	}
	set_all(fs, root, cwd, ns);
	return 0;
}

void fs_context_enter_ns(struct fs_context *fs, struct mnt_ns *ns)
{
	struct path root, cwd;
	mnt_ns_root(ns, &root);
	cwd = root;
	path_get(&cwd);
	set_all(fs, root, cwd, mnt_ns_get(ns));
}

struct mnt_ns *fs_context_mnt_ns(struct fs_context *fs)
{
	if (!fs)
		return mnt_ns_initial();
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct mnt_ns *ns = mnt_ns_get(fs->mnt_ns);
	spin_unlock_irqrestore(&fs->lock, irq);
	return ns;
}

/* Moves fs's root and working directory from old to new if they are there. */
static void replace_in(struct fs_context *fs, const struct path *old, const struct path *new)
{
	struct path drop[2];
	int n = 0;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct path *slots[2] = {&fs->root, &fs->cwd};
	for (int i = 0; i < 2; i++) {
		if (path_equal(slots[i], old)) {
			drop[n++] = *slots[i];
			*slots[i] = *new;
			path_get(slots[i]);
		}
	}
	spin_unlock_irqrestore(&fs->lock, irq);
	while (n > 0)
		path_put(&drop[--n]);
}

void fs_context_replace_all(const struct path *old, const struct path *new)
{
	/* the fs contexts are taken (with references) under tasklist_lock, then
	 * changed outside it, where putting a path may sleep; a task made
	 * meanwhile has a copy of a context that is in the list already */
	for (int cap = 64;; cap *= 2) {
		struct fs_context **all = kmalloc(sizeof(*all) * (size_t)cap);
		if (!all)
			return; /* out of memory: the mounts moved, the tasks' places not */
		int n = 0;
		struct task *t;
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		list_for_each_entry(t, &all_tasks, all_node) {
			if (!t->fs)
				continue;
			if (n < cap) {
				all[n] = t->fs;
				__atomic_fetch_add(&t->fs->refcount, 1, __ATOMIC_RELAXED);
			}
			n++;
		}
		spin_unlock_irqrestore(&tasklist_lock, irq);
		bool fits = n <= cap;
		for (int i = 0; i < n && i < cap; i++) {
			if (fits)
				replace_in(all[i], old, new);
			fs_context_put(all[i]);
		}
		kfree(all);
		if (fits)
			return;
	}
}

static void get_one(struct path *out, bool cwd)
{
	struct fs_context *fs = current()->fs;
	if (!fs) { /* kernel threads: the global root */
		vfs_root(out);
		return;
	}
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	*out = cwd ? fs->cwd : fs->root;
	path_get(out);
	spin_unlock_irqrestore(&fs->lock, irq);
}

void fs_context_get_root(struct path *out)
{
	get_one(out, false);
}

void fs_context_get_cwd(struct path *out)
{
	get_one(out, true);
}

u32 fs_context_umask(void)
{
	struct fs_context *fs = current()->fs;
	return fs ? __atomic_load_n(&fs->umask, __ATOMIC_RELAXED) : INIT_UMASK;
}

/* getcwd (fs/d_path.c): ENOENT once the directory is unlinked, ERANGE if too small. */
SYSCALL_DEFINE2(getcwd, uaddr_t, ubuf, size_t, size)
{
	struct path root, cwd;
	fs_context_get_root(&root);
	fs_context_get_cwd(&cwd);
	char *text = NULL;
	struct dentry *d = cwd.dentry;
	bool unlinked = d->parent != d && !(d->flags & (DENTRY_HASHED | DENTRY_NOCACHE));
	bool outside_root = false;
	long ret = unlinked ? -ENOENT : d_path_outside(&cwd, &root, &text, &outside_root);
	if (ret == 0 && outside_root) {
		/* Linux getcwd: a working directory outside the root (chroot
		 * without chdir) is "(unreachable)/..." — no leading slash, so
		 * glibc's getcwd and realpath fail with ENOENT (CVE-2018-1000001) */
		static const char prefix[] = "(unreachable)";
		size_t text_len = strlen(text) + 1;
		char *named = kmalloc(sizeof(prefix) - 1 + text_len);
		if (named) {
			memcpy(named, prefix, sizeof(prefix) - 1);
			memcpy(named + sizeof(prefix) - 1, text, text_len);
		}
		kfree(text);
		text = named;
		ret = named ? 0 : -ENOMEM;
	}
	if (ret == 0) {
		size_t len = strlen(text) + 1;
		ret = len > size ? -ERANGE : (copy_to_user(ubuf, text, len) ? -EFAULT : (long)len);
	}
	kfree(text);
	path_put(&root);
	path_put(&cwd);
	return ret;
}

/* Replace the root or the working directory with dir's place (a reference
 * is taken); denied: after the search check, EPERM (chroot without CAP_SYS_CHROOT). */
static long set_place(const struct path *dir, bool cwd, bool denied)
{
	if ((dir->dentry->inode->mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	int err = inode_permission(dir->dentry->inode, MAY_EXEC);
	if (err)
		return err;
	if (denied)
		return -EPERM;
	struct path copy = *dir;
	path_get(&copy);
	struct fs_context *fs = current()->fs;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct path *slot = cwd ? &fs->cwd : &fs->root;
	struct path old = *slot;
	*slot = copy;
	spin_unlock_irqrestore(&fs->lock, irq);
	path_put(&old);
	return 0;
}

static long walk_user(uaddr_t upath, struct path *out)
{
	char *path;
	long ret = vfs_get_user_path(upath, &path);
	if (ret < 0)
		return ret;
	ret = ret == 0 ? -ENOENT : vfs_walk(NULL, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, out);
	kfree(path);
	return ret;
}

SYSCALL_DEFINE1(chdir, uaddr_t, upath)
{
	struct path p;
	long ret = walk_user(upath, &p);
	if (ret)
		return ret;
	ret = set_place(&p, true, false);
	path_put(&p);
	return ret;
}

SYSCALL_DEFINE1(chroot, uaddr_t, upath)
{
	struct path p;
	long ret = walk_user(upath, &p);
	if (ret)
		return ret;
	ret = set_place(&p, false, !capable(CAP_SYS_CHROOT));
	path_put(&p);
	return ret;
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *dir = fd_get(fd);
	if (!dir)
		return -EBADF;
	long ret = dir->path.dentry ? set_place(&dir->path, true, false) : -ENOTDIR;
	file_put(dir);
	return ret;
}

SYSCALL_DEFINE1(umask, u32, mask)
{
	struct fs_context *fs = current()->fs;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	u32 old = fs->umask;
	fs->umask = mask & 0777;
	spin_unlock_irqrestore(&fs->lock, irq);
	return old;
}
