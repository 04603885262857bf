/*
 * dcache.c — dentries (see vfs.h): names in directories, their reference
 * counts, the children lists and d_path (fs/d_path.c).
 *
 * For tmpfs the dentry tree is the file system: a hashed dentry stays in its
 * parent's list (holding a reference) until it is unlinked. A directory's
 * children are kept in the order of dir_pos, a number taken from the
 * directory's next_dir_pos when the entry is added: getdents resumes at the
 * first entry whose dir_pos is past its position, so entries removed or
 * added meanwhile never make it skip or repeat the others (Linux's tmpfs
 * keeps a cursor in the list for the same guarantee).
 *
 * A lookup does not walk that list: every hashed dentry is also in one
 * table keyed by (parent, name) (Linux's dentry_hashtable), so finding a
 * name among a directory's thousands is one short chain (d_lookup). The
 * table is fixed in size and static, so it is there before the first
 * dentry is.
 */
#include <vfs.h>

#include <fsnotify.h>

#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>

struct spinlock dcache_lock = SPINLOCK_INIT("dcache");
struct mutex rename_mutex;

#define DHASH_BITS 14
static struct dentry *dhash[1u << DHASH_BITS]; /* chains by hash_next [dcache_lock] */

/* FNV-1a of the name. */
static u32 name_hash(const char *name, size_t len)
{
	u32 h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (u8)name[i]) * 16777619u;
	return h;
}

/* The chain of (parent, hash): the two mixed by a multiplicative hash. */
static struct dentry **dhash_chain(const struct dentry *parent, u32 hash)
{
	u64 key = ((u64)(uintptr_t)parent >> 4) ^ ((u64)hash << 20) ^ hash;
	return &dhash[(key * 0x9E3779B97F4A7C15ull) >> (64 - DHASH_BITS)];
}

static void dhash_add_locked(struct dentry *d)
{
	ASSERT_HELD(&dcache_lock);
	struct dentry **chain = dhash_chain(d->parent, d->name_hash);
	d->hash_next = *chain;
	if (*chain)
		(*chain)->hash_pprev = &d->hash_next;
	*chain = d;
	d->hash_pprev = chain;
}

static void dhash_del_locked(struct dentry *d)
{
	ASSERT_HELD(&dcache_lock);
	*d->hash_pprev = d->hash_next;
	if (d->hash_next)
		d->hash_next->hash_pprev = d->hash_pprev;
	d->hash_next = NULL;
	d->hash_pprev = NULL;
}

static char *name_dup(const char *name, size_t len)
{
	char *copy = kmalloc(len + 1);
	if (copy) {
		memcpy(copy, name, len);
		copy[len] = '\0';
	}
	return copy;
}

/* A new negative dentry under parent (NULL: a file system's root). */
struct dentry *dentry_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));
	if (!d)
		return NULL;
	d->name = name_dup(name, len);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	d->name_len = len;
	d->name_hash = name_hash(name, len);
	d->refcount = 1;
	list_init(&d->children);
	list_init(&d->sibling);
	d->parent = parent ? dget(parent) : d;
	d->sb = parent ? parent->sb : NULL;
	return d;
}

struct dentry *dget(struct dentry *d)
{
	__atomic_fetch_add(&d->refcount, 1, __ATOMIC_RELAXED);
	return d;
}

/* The last reference frees the dentry and drops its parent, iteratively. */
void dput(struct dentry *d)
{
	while (d && __atomic_sub_fetch(&d->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		CHECK(!(d->flags & DENTRY_HASHED));
		if (d->flags & DENTRY_ORPHAN) { /* d_find_ino skips it from now on: refcount 0 */
			unsigned long irq = spin_lock_irqsave(&dcache_lock);
			list_del(&d->sibling);
			spin_unlock_irqrestore(&dcache_lock, irq);
		}
		struct dentry *parent = d->parent == d ? NULL : d->parent;
		fsnotify_dentry_gone(d->inode); /* dentry_unlink_inode: the last name of an unlinked inode */
		inode_put(d->inode);
		kfree(d->name);
		kfree(d);
		d = parent;
	}
}

struct dentry *d_first_child(struct dentry *dir)
{
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	struct dentry *c = list_first_entry_or_null(&dir->children, struct dentry, sibling);
	if (c)
		dget(c);
	spin_unlock_irqrestore(&dcache_lock, irq);
	return c;
}

struct dentry *d_lookup(struct dentry *dir, const char *name, size_t len)
{
	struct dentry *found = NULL;
	u32 hash = name_hash(name, len);
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	for (struct dentry *c = *dhash_chain(dir, hash); c; c = c->hash_next) {
		if (c->parent == dir && c->name_hash == hash && c->name_len == len && memcmp(c->name, name, len) == 0) {
			found = dget(c);
			break;
		}
	}
	spin_unlock_irqrestore(&dcache_lock, irq);
	return found;
}

void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->inode = inode_get(inode);
}

void d_add(struct dentry *d)
{
	struct inode *dir = d->parent->inode;
	ASSERT_MUTEX_HELD(&dir->lock);
	d->dir_pos = dir->next_dir_pos++;
	dget(d);
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	list_add_tail(&d->sibling, &d->parent->children);
	d->flags |= DENTRY_HASHED;
	dhash_add_locked(d);
	spin_unlock_irqrestore(&dcache_lock, irq);
}

/* Onto its super block's orphans until its last dput. [dcache_lock] */
static void orphan_locked(struct dentry *d)
{
	ASSERT_HELD(&dcache_lock);
	list_add(&d->sibling, &d->sb->orphans);
	d->flags |= DENTRY_ORPHAN;
}

void d_delete(struct dentry *d)
{
	ASSERT_MUTEX_HELD(&d->parent->inode->lock);
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	CHECK(d->flags & DENTRY_HASHED);
	list_del(&d->sibling);
	list_init(&d->sibling);
	d->flags &= ~DENTRY_HASHED;
	dhash_del_locked(d);
	/* still in use (an open file, a working directory): a file handle finds it there */
	if (d->inode && __atomic_load_n(&d->refcount, __ATOMIC_RELAXED) > 1)
		orphan_locked(d);
	spin_unlock_irqrestore(&dcache_lock, irq);
	dput(d);
}

void d_orphan(struct dentry *d)
{
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	orphan_locked(d);
	spin_unlock_irqrestore(&dcache_lock, irq);
}

int d_move(struct dentry *d, struct dentry *new_parent, const char *name, size_t len)
{
	char *new_name = name_dup(name, len);
	if (!new_name)
		return -ENOMEM;
	ASSERT_MUTEX_HELD(&new_parent->inode->lock);
	u64 pos = new_parent->inode->next_dir_pos++;
	u32 hash = name_hash(name, len);
	dget(new_parent);
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	struct dentry *old_parent = d->parent;
	char *old_name = d->name;
	bool hashed = d->flags & DENTRY_HASHED;
	if (hashed)
		dhash_del_locked(d);
	list_del(&d->sibling);
	d->parent = new_parent;
	d->name = new_name;
	d->name_len = len;
	d->name_hash = hash;
	d->dir_pos = pos;
	list_add_tail(&d->sibling, &new_parent->children);
	if (hashed)
		dhash_add_locked(d);
	spin_unlock_irqrestore(&dcache_lock, irq);
	kfree(old_name);
	dput(old_parent);
	return 0;
}

/* Into its parent's list at its dir_pos (the list is sorted by it); dcache_lock held. */
static void insert_sorted(struct dentry *d)
{
	ASSERT_HELD(&dcache_lock);
	struct list_head *before = &d->parent->children;
	struct dentry *c;
	list_for_each_entry(c, &d->parent->children, sibling) {
		if (c->dir_pos > d->dir_pos) {
			before = &c->sibling;
			break;
		}
	}
	list_add_tail(&d->sibling, before);
}

void d_exchange(struct dentry *a, struct dentry *b)
{
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	list_del(&a->sibling);
	list_del(&b->sibling);
	dhash_del_locked(a);
	dhash_del_locked(b);
	struct dentry *parent = a->parent;
	char *name = a->name;
	size_t len = a->name_len;
	u32 hash = a->name_hash;
	u64 pos = a->dir_pos;
	a->parent = b->parent;
	a->name = b->name;
	a->name_len = b->name_len;
	a->name_hash = b->name_hash;
	a->dir_pos = b->dir_pos;
	b->parent = parent;
	b->name = name;
	b->name_len = len;
	b->name_hash = hash;
	b->dir_pos = pos;
	insert_sorted(a);
	insert_sorted(b);
	dhash_add_locked(a);
	dhash_add_locked(b);
	spin_unlock_irqrestore(&dcache_lock, irq);
}

void path_get(struct path *p)
{
	if (p->mnt)
		mnt_get(p->mnt);
	if (p->dentry)
		dget(p->dentry);
}

void path_put(struct path *p)
{
	if (p->dentry)
		dput(p->dentry);
	if (p->mnt)
		mnt_put(p->mnt);
	p->dentry = NULL;
	p->mnt = NULL;
}

bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* Was d unlinked (it is neither in a directory nor a root nor a procfs name)? */
static bool d_unlinked(const struct dentry *d)
{
	return d->parent != d && !(d->flags & (DENTRY_HASHED | DENTRY_NOCACHE));
}

/* Prepends "/name" to buf[*at..]; false if it does not fit. */
static bool prepend(char *buf, size_t *at, const char *s, size_t len)
{
	if (*at < len)
		return false;
	*at -= len;
	memcpy(buf + *at, s, len);
	return true;
}

/* The name built at buf[at..] (a PATH_MAX buffer, which it consumes) as
 * *out, starting with '/'; -ENAMETOOLONG when !ok, it did not fit. */
static int path_finish(char *buf, size_t at, bool ok, char **out)
{
	if (ok && buf[at] != '/')
		ok = prepend(buf, &at, "/", 1);
	if (!ok) {
		kfree(buf);
		return -ENAMETOOLONG;
	}
	memmove(buf, buf + at, PATH_MAX - at);
	*out = buf;
	return 0;
}

/*
 * d_path (fs/d_path.c prepend_path): from p up to root, crossing from a
 * mount's root to its mount point. A path above root (after chroot) is
 * cut at the global root as Linux's is. An unlinked file gets " (deleted)".
 */
int d_path(const struct path *p, const struct path *root, char **out)
{
	bool outside_root;
	return d_path_outside(p, root, out, &outside_root);
}

int d_path_outside(const struct path *p, const struct path *root, char **out, bool *outside_root)
{
	*outside_root = false;
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	size_t at = PATH_MAX;
	bool ok = prepend(buf, &at, "", 1);
	if (d_unlinked(p->dentry))
		ok = ok && prepend(buf, &at, " (deleted)", 10);
	struct vfsmount *mnt = p->mnt;
	struct dentry *d = p->dentry;
	unsigned long irq = spin_lock_irqsave(&mount_lock);
	unsigned long irq2 = spin_lock_irqsave(&dcache_lock);
	while (ok && !(mnt == root->mnt && d == root->dentry)) {
		if (d == mnt->root) {
			if (mnt->parent == mnt) {
				*outside_root = true; /* Linux prepend_path returns 1 */
				break;
			}
			d = mnt->mountpoint;
			mnt = mnt->parent;
			continue;
		}
		if (d->parent == d) {
			*outside_root = true; /* a root that is not the mount's: cannot go higher */
			break;
		}
		ok = prepend(buf, &at, d->name, d->name_len) && prepend(buf, &at, "/", 1);
		d = d->parent;
	}
	spin_unlock_irqrestore(&dcache_lock, irq2);
	spin_unlock_irqrestore(&mount_lock, irq);
	return path_finish(buf, at, ok, out);
}

int dentry_path(struct dentry *d, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	size_t at = PATH_MAX;
	bool ok = prepend(buf, &at, "", 1);
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	for (; ok && d->parent != d; d = d->parent)
		ok = prepend(buf, &at, d->name, d->name_len) && prepend(buf, &at, "/", 1);
	spin_unlock_irqrestore(&dcache_lock, irq);
	return path_finish(buf, at, ok, out);
}

/* dget unless its last reference is already gone (dput frees it). [dcache_lock] */
static bool dget_unless_zero(struct dentry *d)
{
	int n = __atomic_load_n(&d->refcount, __ATOMIC_RELAXED);
	while (n) {
		if (__atomic_compare_exchange_n(&d->refcount, &n, n + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

struct dentry *d_find_ino(struct super_block *sb, u64 ino)
{
	struct dentry *root = sb->root, *d = root, *found = NULL;
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	struct dentry *o;
	list_for_each_entry(o, &sb->orphans, sibling)
		if (!found && o->inode->ino == ino && dget_unless_zero(o))
			found = o;
	while (d && !found) {
		if (d->inode && d->inode->ino == ino) {
			found = dget(d);
		} else if (!list_empty(&d->children)) {
			d = list_first_entry(&d->children, struct dentry, sibling);
		} else { /* the next sibling of d or of the nearest ancestor that has one */
			while (d != root && d->sibling.next == &d->parent->children)
				d = d->parent;
			d = d == root ? NULL : list_next_entry(d, sibling);
		}
	}
	spin_unlock_irqrestore(&dcache_lock, irq);
	return found;
}

void dcache_init(void)
{
	mutex_init(&rename_mutex, "rename");
}
