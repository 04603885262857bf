/*
 * namei.c — from a path name to a place in the name space (fs/namei.c),
 * one component at a time:
 *
 *  - an absolute name starts at the process's root, a relative one at the
 *    directory given (a dirfd) or the working directory;
 *  - every directory passed through needs search permission (MAY_EXEC);
 *  - "." stays, ".." goes to the parent dentry (not a string operation),
 *    never above the process's root, and from the root of a mount to the
 *    mount point's parent in the mount below;
 *  - after each step, whatever is mounted on the dentry is entered;
 *  - a symbolic link met before the last component is always followed, the
 *    last one only with LOOKUP_FOLLOW or a trailing slash; more than 40
 *    links in one walk give ELOOP (MAXSYMLINKS); a /proc magic link is not
 *    followed as text but jumps to the object it stands for (walk_jump);
 *  - a component longer than NAME_MAX gives ENAMETOOLONG, a name of
 *    PATH_MAX bytes or more (counting the NUL) never gets here.
 *
 * References: struct walk holds one on its current place; each step takes
 * the next before dropping the previous, so nothing walked through can
 * disappear under the walker. No lock is held across steps.
 */
#include <fs.h>

#include <fs_context.h>
#include <kmalloc.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define MAXSYMLINKS 40

struct walk {
	struct path cur;  /* where the walk is [holds references] */
	struct path root; /* the process's root, or the start for RESOLVE_BENEATH/IN_ROOT [holds references] */
	int links;	  /* symbolic links followed so far */
	unsigned flags;	  /* LOOKUP_* (the RESOLVE_* restrictions among them) */
};

static bool is_dir(const struct dentry *d)
{
	return d->inode && (d->inode->mode & S_IFMT) == S_IFDIR;
}

static bool is_link(const struct dentry *d)
{
	return d->inode && (d->inode->mode & S_IFMT) == S_IFLNK;
}

static void set_cur(struct walk *w, struct path next)
{
	path_put(&w->cur);
	w->cur = next;
}

/* Enter whatever is mounted on p, repeatedly (mounts stack); RESOLVE_NO_XDEV: EXDEV instead. */
static int follow_mounts(struct path *p, unsigned flags)
{
	struct vfsmount *m;
	while ((m = lookup_mnt(p->mnt, p->dentry))) {
		if (flags & LOOKUP_NO_XDEV) {
			mnt_put(m);
			return -EXDEV;
		}
		struct path above = {m, dget(m->root)};
		path_put(p);
		*p = above;
	}
	return 0;
}

/* "..": the parent, but not above the root (RESOLVE_BENEATH: EXDEV there);
 * across mount roots downwards (RESOLVE_NO_XDEV: EXDEV). */
static int step_dotdot(struct walk *w)
{
	for (;;) {
		if (path_equal(&w->cur, &w->root))
			return (w->flags & LOOKUP_BENEATH) ? -EXDEV : 0;
		struct vfsmount *mnt = w->cur.mnt;
		if (w->cur.dentry != mnt->root)
			break;
		if (mnt->parent == mnt)
			return 0; /* the global root */
		if (w->flags & LOOKUP_NO_XDEV)
			return -EXDEV;
		struct path below = {mnt_get(mnt->parent), dget(mnt->mountpoint)};
		set_cur(w, below);
	}
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	struct dentry *parent = dget(w->cur.dentry->parent);
	spin_unlock_irqrestore(&dcache_lock, irq);
	set_cur(w, (struct path){mnt_get(w->cur.mnt), parent});
	return follow_mounts(&w->cur, w->flags);
}

int vfs_lookup_child(struct dentry *dir, const char *name, size_t len, struct dentry **out)
{
	struct inode *inode = dir->inode;
	struct dentry *d = d_lookup(dir, name, len);
	if (!d && inode->iops && inode->iops->lookup) {
		d = dentry_alloc(dir, name, len);
		if (!d)
			return -ENOMEM;
		d->flags |= DENTRY_NOCACHE;
		int err = inode->iops->lookup(inode, d);
		if (err) {
			dput(d);
			return err;
		}
	}
	*out = d;
	return d ? 0 : -ENOENT;
}

/* The child name of directory dir: from the dentry tree, or the file system's lookup. */
static int lookup_child(const struct path *dir, const char *name, size_t len, unsigned flags, struct path *out)
{
	struct inode *inode = dir->dentry->inode;
	if (!is_dir(dir->dentry))
		return -ENOTDIR;
	int err = inode_permission(inode, MAY_EXEC);
	if (err)
		return err;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	struct dentry *d;
	err = vfs_lookup_child(dir->dentry, name, len, &d);
	if (err)
		return err;
	*out = (struct path){mnt_get(dir->mnt), d};
	err = follow_mounts(out, flags);
	if (err)
		path_put(out);
	return err;
}

/*
 * The names being walked: the caller's at the bottom, above it the target
 * of each link being followed (kmalloc'd). At most MAXSYMLINKS + 1 deep, on
 * the heap rather than by recursion, so a chain of links cannot overflow
 * the kernel stack; the first FEW_FRAMES live in struct frames itself, so a
 * walk that meets no link (or one) allocates nothing (Linux's nameidata
 * keeps two saved links inline, EMBEDDED_LEVELS, for the same reason).
 */
struct frame {
	char *text;	  /* a link's target (owned), or NULL for the caller's name */
	const char *name; /* what is walked */
	size_t len, at;	  /* its length and how far the walk got */
};

#define FEW_FRAMES 2

struct frames {
	struct frame *stack; /* few, or MAXSYMLINKS + 1 on the heap once deeper */
	int depth;	     /* frames in use */
	struct frame few[FEW_FRAMES];
};

/* Starts walking text from the root or from where the walk is (RESOLVE_BENEATH: no root). */
static int frame_push(struct walk *w, struct frames *fr, char *text, const char *name, size_t len)
{
	if (fr->depth == FEW_FRAMES && fr->stack == fr->few) {
		struct frame *heap = kmalloc(sizeof(*heap) * (MAXSYMLINKS + 1));
		if (!heap) {
			kfree(text);
			return -ENOMEM;
		}
		memcpy(heap, fr->few, sizeof(fr->few));
		fr->stack = heap;
	}
	fr->stack[fr->depth++] = (struct frame){text, name, len, 0};
	if (len && name[0] == '/' && (w->flags & LOOKUP_BENEATH))
		return -EXDEV;
	if (len && name[0] == '/') {
		struct path root = w->root;
		path_get(&root);
		set_cur(w, root);
	}
	return 0;
}

/* Does nothing but slashes follow in this frame and every frame below? */
static bool rest_is_empty(const struct frame *stack, int depth)
{
	for (int d = depth - 1; d >= 0; d--)
		for (size_t i = stack[d].at; i < stack[d].len; i++)
			if (stack[d].name[i] != '/')
				return false;
	return true;
}

/*
 * A magic link (Linux's nd_jump_link): the walk goes on from the object the
 * link stands for, whatever its name says. Not across mounts under
 * RESOLVE_NO_XDEV, and never in a scoped walk (RESOLVE_BENEATH,
 * RESOLVE_IN_ROOT): EXDEV. Consumes link.
 */
static int walk_jump(struct walk *w, struct path *link)
{
	struct path to;
	int err = link->dentry->inode->iops->get_path(link->dentry, &to);
	path_put(link);
	if (err)
		return err;
	if (((w->flags & LOOKUP_NO_XDEV) && to.mnt != w->cur.mnt) || (w->flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT))) {
		path_put(&to);
		return -EXDEV;
	}
	set_cur(w, to);
	return 0;
}

/* One component from the top frame: "." and ".." handled, a child entered or a link pushed. */
static int walk_step(struct walk *w, struct frames *fr, unsigned flags)
{
	struct frame *f = &fr->stack[fr->depth - 1];
	size_t start = f->at;
	while (f->at < f->len && f->name[f->at] != '/')
		f->at++;
	const char *name = f->name + start;
	size_t n = f->at - start;
	bool slash = f->at < f->len;
	while (f->at < f->len && f->name[f->at] == '/')
		f->at++;
	if (!is_dir(w->cur.dentry))
		return -ENOTDIR;
	if (n == 1 && name[0] == '.')
		return 0;
	if (n == 2 && name[0] == '.' && name[1] == '.') {
		int err = inode_permission(w->cur.dentry->inode, MAY_EXEC);
		return err ? err : step_dotdot(w);
	}
	struct path next;
	int err = lookup_child(&w->cur, name, n, w->flags, &next);
	if (err)
		return err;
	/* a final component is followed only on request; inside a link's target, always */
	bool final = fr->depth == 1 && rest_is_empty(fr->stack, fr->depth);
	if (!is_link(next.dentry) || (final && !slash && !(flags & LOOKUP_FOLLOW))) {
		set_cur(w, next);
		return 0;
	}
	const struct inode_ops *ops = next.dentry->inode->iops;
	bool magic = ops && ops->get_path;
	if (++w->links > MAXSYMLINKS || (w->flags & LOOKUP_NO_SYMLINKS) ||
	    (magic && (w->flags & LOOKUP_NO_MAGICLINKS))) {
		path_put(&next);
		return -ELOOP;
	}
	if (magic)
		return walk_jump(w, &next);
	char *target;
	err = vfs_get_link(&next, &target);
	path_put(&next);
	if (err)
		return err;
	if (!target[0]) {
		kfree(target);
		return -ENOENT;
	}
	return frame_push(w, fr, target, target, strlen(target));
}

/* Walks name[0..len) from w->cur (or the root if it starts with '/'). */
static int walk_name(struct walk *w, const char *name, size_t len, unsigned flags)
{
	struct frames fr;
	fr.stack = fr.few;
	fr.depth = 0;
	int err = frame_push(w, &fr, NULL, name, len);
	while (fr.depth > 0 && !err) {
		struct frame *f = &fr.stack[fr.depth - 1];
		while (f->at < f->len && f->name[f->at] == '/')
			f->at++;
		if (f->at == f->len) {
			kfree(f->text);
			fr.depth--;
			continue;
		}
		err = walk_step(w, &fr, flags);
	}
	while (fr.depth > 0)
		kfree(fr.stack[--fr.depth].text);
	if (fr.stack != fr.few)
		kfree(fr.stack);
	return err;
}

/* RESOLVE_BENEATH and RESOLVE_IN_ROOT walk with the start directory as the root. */
static void walk_start(struct walk *w, const struct path *start, const char *name, unsigned flags)
{
	w->links = 0;
	w->flags = flags;
	if ((flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT)) && start) {
		w->root = *start;
		path_get(&w->root);
	} else if (flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT)) {
		fs_context_get_cwd(&w->root);
	} else {
		fs_context_get_root(&w->root);
	}
	if (name[0] == '/') {
		w->cur = w->root;
		path_get(&w->cur);
	} else if (start) {
		w->cur = *start;
		path_get(&w->cur);
	} else {
		fs_context_get_cwd(&w->cur);
	}
}

static void walk_end(struct walk *w)
{
	path_put(&w->cur);
	path_put(&w->root);
}

int vfs_walk(const struct path *start, const char *name, unsigned flags, struct path *out)
{
	size_t len = strlen(name);
	if (len == 0 && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	struct walk w;
	walk_start(&w, start, name, flags);
	int err = walk_name(&w, name, len, flags);
	bool slash = len && name[len - 1] == '/';
	if (!err && (flags & LOOKUP_DIRECTORY || slash) && !is_dir(w.cur.dentry))
		err = -ENOTDIR;
	if (!err) {
		*out = w.cur;
		w.cur = (struct path){NULL, NULL};
	}
	walk_end(&w);
	return err;
}

int vfs_walk_parent(const struct path *start, const char *name, unsigned flags, struct path *parent, const char **last,
		    size_t *last_len, bool *trailing_slash)
{
	size_t len = strlen(name);
	if (len == 0)
		return -ENOENT;
	size_t end = len;
	while (end > 0 && name[end - 1] == '/')
		end--;
	size_t begin = end;
	while (begin > 0 && name[begin - 1] != '/')
		begin--;
	*trailing_slash = end < len;
	*last = name + begin;
	*last_len = end - begin;
	if (*last_len > NAME_MAX)
		return -ENAMETOOLONG;
	struct walk w;
	walk_start(&w, start, name, flags);
	int err = walk_name(&w, name, begin, flags | LOOKUP_FOLLOW);
	if (!err && !is_dir(w.cur.dentry))
		err = -ENOTDIR;
	/* link_path_walk's may_lookup: the last directory is searched for the last name too */
	if (!err && *last_len)
		err = inode_permission(w.cur.dentry->inode, MAY_EXEC);
	if (!err) {
		*parent = w.cur;
		w.cur = (struct path){NULL, NULL};
	}
	walk_end(&w);
	return err;
}

int vfs_get_link(const struct path *p, char **target)
{
	struct inode *inode = p->dentry->inode;
	if (!is_link(p->dentry) || !inode->iops || !inode->iops->get_link)
		return -EINVAL;
	return inode->iops->get_link(p->dentry, target);
}

long vfs_get_user_path(uaddr_t upath, char **out)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long len = strncpy_from_user(path, upath, PATH_MAX);
	if (len < 0) {
		kfree(path);
		return len;
	}
	*out = path;
	return len;
}

int vfs_start_dir(int dirfd, const char *name, struct file **dir)
{
	*dir = NULL;
	if (name[0] == '/' || dirfd == AT_FDCWD)
		return 0;
	struct file *d = fd_get(dirfd);
	if (!d)
		return -EBADF;
	if (!d->path.dentry || (d->inode->mode & S_IFMT) != S_IFDIR) {
		file_put(d);
		return -ENOTDIR;
	}
	*dir = d;
	return 0;
}

int vfs_user_walk(int dirfd, uaddr_t upath, int at_flags, unsigned lookup_flags, struct path *out)
{
	char *name;
	long len = vfs_get_user_path(upath, &name);
	if (len < 0)
		return (int)len;
	int err;
	if (len == 0 && (at_flags & AT_EMPTY_PATH)) {
		struct file *f = dirfd == AT_FDCWD ? NULL : fd_get(dirfd);
		if (dirfd == AT_FDCWD) {
			fs_context_get_cwd(out);
			err = 0;
		} else if (!f) {
			err = -EBADF;
		} else {
			/* the file itself, named or not (a pipe's, a socket's: Linux's f_path on pipefs, sockfs) */
			err = file_magic_path(f, out);
			file_put(f);
		}
	} else if (len == 0) {
		err = -ENOENT;
	} else {
		struct file *dir;
		err = vfs_start_dir(dirfd, name, &dir);
		if (!err) {
			unsigned follow = (at_flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
			err = vfs_walk(dir ? &dir->path : NULL, name, (lookup_flags & ~LOOKUP_FOLLOW) | follow, out);
			if (dir)
				file_put(dir);
		}
	}
	kfree(name);
	return err;
}
