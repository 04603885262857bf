/*
 * initramfs.c — the root file system at boot (init/initramfs.c,
 * init/do_mounts.c): a tmpfs mounted as "/", filled from the cpio archive
 * the boot loader gave (-initrd), then what Linux's built-in initramfs
 * always adds (usr/default_cpio_list: /dev, /dev/console, /root), the
 * device nodes devtmpfs would show, and an empty /proc for init to mount
 * proc on (the kernel mounts nothing there, as Linux).
 *
 * Each archive entry becomes a directory, file, symbolic link, device node
 * or FIFO with the archive's mode, owner and modification time. Entries
 * whose inode number was seen before with nlink > 1 become hard links to
 * the first name (Linux's maybe_link). A name whose parent is missing, or
 * with a component longer than NAME_MAX, is skipped as Linux skips it; a
 * directory's mtime is set after all entries, since adding to a directory
 * changes it (Linux's dir_utime: a list of the directories made, kept
 * during the one pass over the archive). The archive's bytes are copied:
 * afterwards nothing points into it. An entry in the same directory as the
 * one before is looked up from that directory (struct unpack's last_dir)
 * rather than walked to from "/" (issue #15's boot time).
 */
#include <fs.h>

#include <cpio.h>
#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

struct hardlink {
	u32 ino;
	struct dentry *first; /* holds a reference */
};

/* A directory entry of the archive, whose owner and mtime are set at the end. */
struct dir_attrs {
	struct dentry *dir; /* holds a reference */
	u32 uid, gid, mtime;
};

struct unpack {
	struct hardlink *links;
	size_t nr_links, cap_links;
	struct dir_attrs *dirs;
	size_t nr_dirs, cap_dirs;
	int entries, skipped;
	/* The directory the last entry was made in, and its name as the
	 * archive wrote it ("/usr/bin"): the next entry in the same directory
	 * is looked up from there, one name, instead of walking from "/" again.
	 * An archive lists a directory's entries together (BusyBox's 270
	 * applet links: a third of the unpack's path walking). The result is
	 * the walk's: a directory, once made, is never replaced by a later
	 * entry (that one fails with EEXIST). Holds a reference. */
	struct path last_dir;
	char last_dir_name[PATH_MAX];
	size_t last_dir_len;
};

/* Room for one more element of size elem in the array *arr of *cap (n used); false if out of memory. */
static bool grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return true;
	size_t new_cap = MAX(*cap * 2, (size_t)16);
	void *bigger = kmalloc(new_cap * elem);
	if (!bigger)
		return false;
	memcpy(bigger, *arr, n * elem);
	kfree(*arr);
	*arr = bigger;
	*cap = new_cap;
	return true;
}

static u32 encode_dev(u32 major, u32 minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12); /* new_encode_dev */
}

/* "/" + the archive name without "./" or "/" prefixes, or NULL to skip it. */
static char *entry_path(const struct cpio_entry *e)
{
	const char *name = e->name;
	size_t len = e->name_len;
	while (len && (name[0] == '/' || (name[0] == '.' && len > 1 && name[1] == '/'))) {
		size_t skip = name[0] == '/' ? 1 : 2;
		name += skip;
		len -= skip;
	}
	if (len == 0 || (len == 1 && name[0] == '.') || len + 2 > PATH_MAX)
		return NULL;
	char *path = kmalloc(len + 2);
	if (!path)
		return NULL;
	path[0] = '/';
	memcpy(path + 1, name, len);
	path[len + 1] = '\0';
	return path;
}

static struct dentry *find_link_source(struct unpack *u, const struct cpio_entry *e)
{
	if (e->nlink < 2 || (e->mode & S_IFMT) == S_IFDIR)
		return NULL;
	for (size_t i = 0; i < u->nr_links; i++)
		if (u->links[i].ino == e->ino)
			return u->links[i].first;
	return NULL;
}

static void remember_link(struct unpack *u, const struct cpio_entry *e, struct dentry *d)
{
	if (e->nlink < 2 || (e->mode & S_IFMT) == S_IFDIR)
		return;
	if (grow((void **)&u->links, &u->cap_links, u->nr_links, sizeof(*u->links)))
		u->links[u->nr_links++] = (struct hardlink){e->ino, dget(d)};
}

static void set_attrs(struct inode *inode, u32 uid, u32 gid, u32 mtime)
{
	mutex_lock(&inode->lock);
	inode->uid = uid;
	inode->gid = gid;
	inode->mtime.sec = mtime;
	inode->mtime.nsec = 0;
	mutex_unlock(&inode->lock);
}

/* A directory entry's attributes, set again after the last entry (set_dir_times). */
static void remember_dir(struct unpack *u, const struct cpio_entry *e, struct dentry *d)
{
	if (grow((void **)&u->dirs, &u->cap_dirs, u->nr_dirs, sizeof(*u->dirs)))
		u->dirs[u->nr_dirs++] = (struct dir_attrs){dget(d), e->uid, e->gid, e->mtime};
}

/* Makes the node for one entry (its parent is locked by vfs_create_prepare). */
static int make_node(struct unpack *u, const struct cpio_entry *e, struct inode *dir, struct dentry *d)
{
	u32 type = e->mode & S_IFMT, perm = e->mode & 07777;
	struct dentry *source = find_link_source(u, e);
	if (source)
		return dir->iops->link(source, dir, d);
	int err;
	if (type == S_IFLNK) {
		char *target = kmalloc(e->size + 1);
		if (!target)
			return -ENOMEM;
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		err = e->size && !memchr(target, '\0', e->size) ? dir->iops->symlink(dir, d, target) : -EINVAL;
		kfree(target);
	} else if (type == S_IFREG || type == S_IFDIR || type == S_IFCHR || type == S_IFBLK || type == S_IFIFO ||
		   type == S_IFSOCK) {
		err = dir->iops->mknod(dir, d, type | perm, encode_dev(e->rdev_major, e->rdev_minor));
	} else {
		return -EINVAL;
	}
	if (!err && type == S_IFREG && e->size && tmpfs_write_kernel(d->inode, e->data, e->size, 0) != (ssize_t)e->size)
		err = -ENOSPC;
	if (!err && type == S_IFLNK) {
		d->inode->uid = e->uid;
		d->inode->gid = e->gid;
		d->inode->mtime.sec = e->mtime;
	} else if (!err) {
		set_attrs(d->inode, e->uid, e->gid, e->mtime);
	}
	if (!err && type == S_IFDIR)
		remember_dir(u, e, d);
	if (!err)
		remember_link(u, e, d);
	return err;
}

/* parent (the directory path[0 .. len) names) becomes u->last_dir. */
static void remember_parent(struct unpack *u, const struct path *parent, const char *path, size_t len)
{
	if (u->last_dir.dentry)
		path_put(&u->last_dir);
	u->last_dir = *parent;
	path_get(&u->last_dir);
	memcpy(u->last_dir_name, path, len);
	u->last_dir_len = len;
}

static void unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
	char *path = entry_path(e);
	if (!path)
		return;
	const char *slash = strrchr(path, '/');
	size_t dir_len = (size_t)(slash - path);
	const struct path *start = NULL;
	const char *name = path;
	if (u->last_dir.dentry && slash[1] && dir_len == u->last_dir_len && !memcmp(path, u->last_dir_name, dir_len)) {
		start = &u->last_dir;
		name = slash + 1;
	}
	struct path parent;
	struct dentry *d;
	int err = vfs_create_prepare(start, name, 0, &parent, &d);
	if (err == 0) {
		if (!start && slash[1])
			remember_parent(u, &parent, path, dir_len);
		err = make_node(u, e, parent.dentry->inode, d);
		vfs_create_finish(&parent, d);
	}
	if (err == -EEXIST && (e->mode & S_IFMT) == S_IFDIR) { /* a directory given twice: the last one's attributes */
		struct path p;
		err = vfs_walk(NULL, path, 0, &p);
		if (err == 0) {
			remember_dir(u, e, p.dentry);
			path_put(&p);
		}
	}
	if (err)
		u->skipped++;
	else
		u->entries++;
	kfree(path);
}

/* After the last entry: the directories' owners and modification times, in archive order. */
static void set_dir_times(struct unpack *u)
{
	for (size_t i = 0; i < u->nr_dirs; i++) {
		struct dir_attrs *a = &u->dirs[i];
		set_attrs(a->dir->inode, a->uid, a->gid, a->mtime);
		dput(a->dir);
	}
	kfree(u->dirs);
}

/* A directory at name if there is none (Linux's default_cpio_list and mount points). */
static void make_dir(const char *name, u32 mode)
{
	struct path parent;
	struct dentry *d;
	if (vfs_create_prepare(NULL, name, 0, &parent, &d) != 0)
		return;
	struct inode *dir = parent.dentry->inode;
	if (dir->iops->mknod(dir, d, S_IFDIR | mode, 0))
		printk(KERN_ERR "initramfs: cannot make %s", name);
	vfs_create_finish(&parent, d);
}

void initramfs_init(const void *archive, size_t size)
{
	dcache_init();
	struct super_block *root = tmpfs_create(0755); /* ramfs's default, as rootfs */
	CHECK(root);
	root->type = "rootfs"; /* Linux's name for the initramfs root (a tmpfs) */
	root->kill = NULL;     /* the root is never unmounted */
	root->mode = 01777;    /* its mode= option, shmem's default (mountinfo shows none) */
	CHECK(vfs_mount_sb(root, NULL, 0) == 0);
	static struct unpack u; /* last_dir_name is PATH_MAX bytes: not on the stack; boot runs this once */
	size_t off = 0;
	struct cpio_entry e;
	int ret;
	while (archive && (ret = cpio_next(archive, size, &off, &e)) == 1)
		unpack_entry(&u, &e);
	if (archive && ret < 0)
		printk(KERN_ERR "initramfs: corrupt archive after %d entries", u.entries);
	if (u.last_dir.dentry)
		path_put(&u.last_dir);
	set_dir_times(&u);
	for (size_t i = 0; i < u.nr_links; i++)
		dput(u.links[i].first);
	kfree(u.links);
	make_dir("/dev", 0755);
	make_dir("/root", 0700);
	make_dir("/proc", 0555);
	devfs_populate();
	printk(KERN_INFO "initramfs: %d entries unpacked into tmpfs, %d skipped, %lu bytes", u.entries, u.skipped,
	       (unsigned long)size);
}
