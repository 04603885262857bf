/*
 * tmpfs.c — a file system in memory (mm/shmem.c, fs/libfs.c): the root of
 * the name space, filled from the initramfs at boot.
 *
 * The dentry tree is the directory structure: a name exists while its
 * dentry is hashed in the parent (dcache.c). A regular file's bytes live in
 * page frames indexed by page number (struct tmpfs_pages: a radix tree,
 * page_tree.c, so a sparse file costs its frames only, at any offset up to
 * Linux's largest file); a page without a frame is a hole and reads as zeros. A symbolic link keeps its target as a
 * string; a device node only its number (devfs.c opens it).
 *
 * Locking: inode->lock (a mutex) serialises changes — writes, truncation,
 * directory entries. Readers take no mutex: under pages->lock they take a
 * reference to the frame they need (page_get), copy outside any lock, and
 * drop it, so a read can run where sleeping is not allowed (the fault path
 * fills file pages under mm->lock) and a frame truncated meanwhile stays
 * valid until the reader lets go of it.
 */
#include <vfs.h>

#include "page_tree.h"

#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <task.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/falloc.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>
#include <uapi/stat.h>

#define BOGO_DIRENT_SIZE 20	/* shmem: a directory's size grows by this per entry */
#define MAX_FILE_SIZE INT64_MAX /* tmpfs's s_maxbytes: MAX_LFS_FILESIZE (shmem_fill_super) */

struct tmpfs_pages {
	struct spinlock lock;  /* protects tree */
	struct page_tree tree; /* the frame of each page [lock] */
	bool mapped;	       /* mmap has been called on it: truncation unmaps [atomic] */
	/* Pages charged to Committed_AS whole when it was made (shmem_acct_size:
	 * shared anonymous memory), whose frames are then not charged one by
	 * one; 0 for a file charged as its frames come (Linux's VM_NORESERVE
	 * shmem files: every named file and memfd). Set before any frame. */
	u64 charged;
};

static const struct inode_ops tmpfs_file_iops;
static const struct inode_ops tmpfs_link_iops;
static const struct file_ops tmpfs_file_ops;
static const u8 zeros[PAGE_SIZE];

/* Frames held by every tmpfs file in the system (/proc/meminfo Shmem; atomic). */
static u64 resident_pages;

u64 tmpfs_resident_pages(void)
{
	return __atomic_load_n(&resident_pages, __ATOMIC_RELAXED);
}

/* Committed_AS for delta frames of a file (shmem_acct_block): nothing when
 * the file was charged whole. */
static void commit_frames(struct inode *inode, long delta)
{
	const struct tmpfs_pages *pg = inode->private;
	if (!pg->charged)
		vm_commit_shmem(delta);
}

/* A frame enters (+1) or leaves (-1) a file: the counters of its super block, its inode, the system. */
static void account_frame(struct inode *inode, long delta)
{
	__atomic_add_fetch(&inode->blocks, delta * (long)(PAGE_SIZE / 512), __ATOMIC_RELAXED);
	__atomic_add_fetch(&resident_pages, delta, __ATOMIC_RELAXED);
	commit_frames(inode, delta);
}

static void drop_pages(struct inode *inode, u64 first, u64 end);

/* The last reference to an inode: its pages and its place count no more against the limits. */
static void tmpfs_destroy(struct inode *inode)
{
	struct super_block *sb = inode->sb;
	if ((inode->mode & S_IFMT) == S_IFREG) {
		struct tmpfs_pages *pg = inode->private;
		drop_pages(inode, 0, PAGE_TREE_NONE);
		vm_commit_shmem(-(long)pg->charged); /* shmem_unacct_size */
		kfree(pg);
	} else {
		kfree(inode->private); /* a link's target, or NULL */
	}
	__atomic_sub_fetch(&sb->used_inodes, 1, __ATOMIC_RELAXED);
}

/* Takes one unit of *used if it stays within max (0: no limit). */
static bool reserve(u64 *used, u64 max)
{
	u64 now = __atomic_add_fetch(used, 1, __ATOMIC_RELAXED);
	if (max && now > max) {
		__atomic_sub_fetch(used, 1, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

/* A new inode of the given type in dir (NULL: a root), owned as
 * inode_init_owner says; links get their target from the caller. */
static struct inode *tmpfs_new_inode(struct super_block *sb, const struct inode *dir, u32 mode, u32 rdev)
{
	if (!reserve(&sb->used_inodes, sb->max_inodes))
		return NULL; /* nr_inodes reached: ENOSPC */
	struct inode *inode = inode_alloc(sb, mode);
	if (!inode) {
		__atomic_sub_fetch(&sb->used_inodes, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	inode->rdev = rdev;
	inode->destroy = tmpfs_destroy;
	inode_init_owner(inode, dir);
	switch (mode & S_IFMT) {
	case S_IFREG: {
		struct tmpfs_pages *pg = kzalloc(sizeof(*pg));
		if (!pg) {
			inode_put(inode);
			return NULL;
		}
		spin_lock_init(&pg->lock, "tmpfs_pages");
		inode->private = pg;
		inode->seals = F_SEAL_SEAL; /* only memfd_create(MFD_ALLOW_SEALING) files take seals */
		inode->iops = &tmpfs_file_iops;
		inode->fops = &tmpfs_file_ops;
		break;
	}
	case S_IFDIR:
		inode->iops = &tmpfs_dir_iops;
		inode->fops = &tmpfs_dir_ops;
		inode->nlink = 2;
		inode->size = 2 * BOGO_DIRENT_SIZE; /* "." and ".." */
		break;
	case S_IFLNK: inode->iops = &tmpfs_link_iops; break;
	case S_IFCHR:
	case S_IFBLK: inode->fops = &chrdev_open_ops; break;
	case S_IFIFO: inode->fops = &fifo_open_ops; break;
	default: break; /* sockets: open gives ENXIO, as on Linux */
	}
	return inode;
}

/*
 * The last mount is gone (kill_litter_super): every name is removed, leaves
 * first, without recursion (a tree may be deeper than the kernel stack
 * allows), then the root; the inodes and pages go with their last
 * references.
 */
static void tmpfs_kill(struct super_block *sb)
{
	for (;;) {
		struct dentry *leaf = d_first_child(sb->root), *c;
		if (!leaf)
			break;
		while ((c = d_first_child(leaf))) {
			dput(leaf);
			leaf = c;
		}
		struct inode *dir = leaf->parent->inode;
		mutex_lock(&dir->lock);
		d_delete(leaf);
		mutex_unlock(&dir->lock);
		dput(leaf);
	}
	dput(sb->root);
	kfree(sb);
}

/* Linux's defaults (mm/shmem.c): half of RAM, and as many inodes as half its pages. */
struct super_block *tmpfs_create(u32 root_mode)
{
	struct super_block *sb = sb_alloc("tmpfs", TMPFS_MAGIC);
	if (!sb)
		return NULL;
	sb->max_pages = page_total_count() / 2;
	sb->max_inodes = page_total_count() / 2;
	sb->mode = root_mode;
	sb->kill = tmpfs_kill;
	if (sb_set_root(sb, tmpfs_new_inode(sb, NULL, S_IFDIR | root_mode, 0))) {
		kfree(sb);
		return NULL;
	}
	return sb;
}

/* ---- regular files --------------------------------------------------------- */

/* The frame of page index, with a reference (page_put it), or 0 for a hole. */
static paddr_t page_find_get(struct tmpfs_pages *pg, u64 index)
{
	unsigned long irq = spin_lock_irqsave(&pg->lock);
	paddr_t pa = page_tree_get(&pg->tree, index);
	if (!pa_is_none(pa))
		page_get(pa);
	spin_unlock_irqrestore(&pg->lock, irq);
	return pa;
}

/* vm_unmap_file_range's look at the file's frame of page index (no reference). */
static paddr_t page_peek(const struct inode *inode, u64 index)
{
	struct tmpfs_pages *pg = inode->private;
	unsigned long irq = spin_lock_irqsave(&pg->lock);
	paddr_t pa = page_tree_get(&pg->tree, index);
	spin_unlock_irqrestore(&pg->lock, irq);
	return pa;
}

#define READ_RUN 16 /* pages a read looks up at once */

/* filemap_read: a read of at least a byte, at the end of the file too,
 * counts as an access (file_accessed: the mount's atime rule). */
static ssize_t tmpfs_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct inode *inode = f->inode;
	struct tmpfs_pages *pg = inode->private;
	u64 size = __atomic_load_n(&inode->size, __ATOMIC_ACQUIRE);
	if (len == 0)
		return 0;
	file_accessed(f);
	if (pos >= size)
		return 0;
	len = (size_t)MIN((u64)len, size - pos);
	size_t done = 0;
	ssize_t err = 0;
	while (done < len && !err) {
		/* a run of pages looked up and referenced under one hold of the lock */
		u64 at = pos + done;
		size_t pages = (at % PAGE_SIZE + (len - done) + PAGE_SIZE - 1) / PAGE_SIZE;
		paddr_t run[READ_RUN], held[READ_RUN];
		size_t nheld = 0;
		unsigned long irq = spin_lock_irqsave(&pg->lock);
		size_t n = page_tree_get_run(&pg->tree, at / PAGE_SIZE, run, MIN(pages, (size_t)READ_RUN));
		for (size_t i = 0; i < n; i++)
			if (!pa_is_none(run[i]))
				held[nheld++] = run[i];
		page_get_many(held, nheld);
		spin_unlock_irqrestore(&pg->lock, irq);
		for (size_t i = 0; i < n && !err; i++) {
			size_t off = (pos + done) % PAGE_SIZE, chunk = MIN(PAGE_SIZE - off, len - done);
			const u8 *src = !pa_is_none(run[i]) ? (const u8 *)phys_to_virt(run[i]) + off : zeros;
			ssize_t r = iobuf_copy_out(dst, done, src, chunk);
			if (r < 0)
				err = r;
			else
				done += chunk;
		}
		page_put_many(held, nheld);
	}
	return done ? (ssize_t)done : err;
}

/*
 * The frame of page index with a reference (page_put it), allocated
 * (zeroed) if it is a hole and alloc is set; *pa = 0 for a hole otherwise.
 * Takes no mutex and never sleeps, so the fault path can use it: a frame is
 * installed under pages->lock, and two racing allocators keep the first.
 */
static int page_get_slot(struct inode *inode, u64 index, bool alloc, paddr_t *pa)
{
	struct tmpfs_pages *pg = inode->private;
	*pa = page_find_get(pg, index);
	if (!pa_is_none(*pa) || !alloc)
		return 0;
	if (index > MAX_FILE_SIZE / PAGE_SIZE)
		return -EFBIG;
	struct super_block *sb = inode->sb;
	if (!reserve(&sb->used_pages, sb->max_pages))
		return -ENOSPC; /* size= reached */
	void *page = page_alloc(PAGE_ZERO);
	int err = page ? 0 : -ENOSPC;
	/* the path to the page is built under the lock (a cut may free nodes
	 * outside it), from nodes allocated outside it, one per try */
	struct page_tree_node *spare = NULL;
	while (page) {
		unsigned long irq = spin_lock_irqsave(&pg->lock);
		u64 *slot = page_tree_extend(&pg->tree, index, &spare);
		if (slot) {
			if (!*slot) {
				*slot = pa_addr(virt_to_phys(page));
				page = NULL;
				account_frame(inode, 1);
			}
			*pa = pa_init(*slot);
			page_get(*pa);
		}
		spin_unlock_irqrestore(&pg->lock, irq);
		if (slot)
			break; /* page is still set if another allocator was first */
		spare = kzalloc(sizeof(*spare));
		if (!spare) {
			err = -ENOSPC;
			break;
		}
	}
	kfree(spare);
	if (page) {
		page_free(page);
		__atomic_sub_fetch(&sb->used_pages, 1, __ATOMIC_RELAXED);
	} else if (err) {
		__atomic_sub_fetch(&sb->used_pages, 1, __ATOMIC_RELAXED);
	}
	return err;
}

/* A writer's page (inode->lock held): *kva stays valid while the lock keeps truncation out. */
static int page_for_write(struct inode *inode, u64 index, u8 **kva)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	paddr_t pa;
	int err = page_get_slot(inode, index, true, &pa);
	if (err)
		return err;
	*kva = phys_to_virt(pa);
	page_put(pa); /* the cache's own reference keeps it */
	return 0;
}

static bool past_eof(struct inode *inode, u64 index)
{
	return index >= ALIGN_UP(__atomic_load_n(&inode->size, __ATOMIC_ACQUIRE), PAGE_SIZE) / PAGE_SIZE;
}

/*
 * A shared mapping's page inside the file, or any existing page for a
 * private one; -EIO (SIGBUS) past the page that holds the end, as
 * shmem_fault. A shrinking truncate on another CPU may store its size
 * between the first check and the frame being found or installed, so the
 * size is checked again after (Linux rechecks i_size under the page lock):
 * the truncate stores the size before its drop_pages takes pages->lock, so
 * either its drop_pages comes after our install and takes the frame, or
 * this second look sees the new size and takes it out itself — a frame
 * past the end never stays in the cache to be seen when the file grows
 * again, and the fault is SIGBUS. The caller holds mm->lock until the page
 * is mapped, which the truncate's unmap takes after, so a page mapped from
 * the old size is unmapped again before the truncate returns.
 */
static int tmpfs_fault(struct vma *v, u64 pgoff, bool alloc, paddr_t *pa)
{
	struct inode *inode = v->file->inode;
	*pa = PA_NONE;
	if (past_eof(inode, pgoff))
		return -EIO;
	int err = page_get_slot(inode, pgoff, alloc, pa);
	if (err || pa_is_none(*pa) || !past_eof(inode, pgoff))
		return err;
	drop_pages(inode, pgoff, pgoff + 1);
	page_put(*pa);
	*pa = PA_NONE;
	return -EIO;
}

static const struct vm_ops tmpfs_vm_ops = {
	.fault = tmpfs_fault,
	.open = file_vma_open,
	.close = file_vma_close,
	.shmem = true,
};

/*
 * A memfd under F_SEAL_WRITE or F_SEAL_FUTURE_WRITE gets no new writable
 * shared mapping (-EPERM), and a read-only one can never be made writable,
 * so it does not count against F_SEAL_WRITE (Linux 6.1.192's
 * seal_check_write, as 6.7's memfd_check_seals_mmap).
 */
static int tmpfs_mmap(struct file *f, struct vma *v)
{
	unsigned seals = __atomic_load_n(&f->inode->seals, __ATOMIC_RELAXED);
	if ((seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) && (v->flags & VMA_SHARED)) {
		if (v->prot & UPROT_WRITE)
			return -EPERM;
		v->flags |= VMA_NO_MAYWRITE;
	}
	int err = file_vma_attach(f, v);
	if (err)
		return err;
	v->ops = &tmpfs_vm_ops;
	struct tmpfs_pages *pg = f->inode->private;
	/* against truncate's check, which loads it after storing the size:
	 * either it sees the mapping or our faults see its size */
	__atomic_store_n(&pg->mapped, true, __ATOMIC_SEQ_CST);
	return 0;
}

#define WRITE_RUN 16 /* pages a write finds or fills at once */

/* The frames a write copies into next, from its current page on. */
struct write_run {
	paddr_t frames[WRITE_RUN];
	size_t n;
	/* bit i: frames[i] was added past the end of the file by this run: a
	 * failed copy takes it out again (Linux allocates none: it faults the
	 * source in before it takes a page, generic_perform_write) */
	u32 past_end;
};

static void unreserve(struct inode *inode, size_t n)
{
	__atomic_sub_fetch(&inode->sb->used_pages, n, __ATOMIC_RELAXED);
}

/*
 * New frames for the holes of w (inode->lock held), taken and installed
 * in bulk: false (nothing changed) when the limit or memory is short, to
 * go one page at a time. A frame is zeroed unless the write covers it
 * whole past the end of the file, where no read and no fault can see it
 * before its bytes are in and the size covers them, and where a failed
 * copy takes it out again (Linux's shmem_write_end zeroes only what the
 * copy left out). A fault may have filled a hole meanwhile: its frame is
 * kept.
 */
static bool fill_holes(struct inode *inode, u64 pos, size_t len, struct write_run *w, size_t holes)
{
	struct tmpfs_pages *pg = inode->private;
	struct super_block *sb = inode->sb;
	u64 used = __atomic_add_fetch(&sb->used_pages, holes, __ATOMIC_RELAXED);
	void *fresh[WRITE_RUN];
	size_t got = sb->max_pages && used > sb->max_pages ? 0 : page_alloc_many(fresh, holes);
	if (got < holes) {
		while (got)
			page_free(fresh[--got]);
		unreserve(inode, holes);
		return false;
	}
	u64 index = pos / PAGE_SIZE, end_page = ALIGN_UP(inode->size, PAGE_SIZE) / PAGE_SIZE;
	for (size_t i = 0, j = 0; i < w->n; i++) {
		if (!pa_is_none(w->frames[i]))
			continue;
		u64 start = (index + i) * PAGE_SIZE;
		if (start < pos || start + PAGE_SIZE > pos + len || index + i < end_page)
			arch_clear_page(fresh[j]);
		j++;
	}
	struct page_tree_node *spare = NULL;
	size_t i = 0, j = 0;
	while (i < w->n) {
		unsigned long irq = spin_lock_irqsave(&pg->lock);
		for (; i < w->n; i++) {
			if (!pa_is_none(w->frames[i]))
				continue;
			u64 *slot = page_tree_extend(&pg->tree, index + i, &spare);
			if (!slot)
				break;
			if (!*slot) {
				*slot = pa_addr(virt_to_phys(fresh[j]));
				account_frame(inode, 1);
				fresh[j] = NULL;
				w->past_end |= (u32)(index + i >= end_page) << i;
			}
			w->frames[i] = pa_init(*slot);
			j++;
		}
		spin_unlock_irqrestore(&pg->lock, irq);
		if (i < w->n && !(spare = kzalloc(sizeof(*spare))))
			w->n = i; /* no node for the rest: the pages before it */
	}
	kfree(spare);
	for (size_t k = 0; k < holes; k++) /* a fault's frame was first, or no node */
		if (fresh[k]) {
			page_free(fresh[k]);
			unreserve(inode, 1);
		}
	return w->n > 0;
}

/* The frames for the pages of [pos, pos + len), from pos's page on, at
 * most WRITE_RUN (inode->lock held: they stay while it is). */
static int frames_for_write(struct inode *inode, u64 pos, size_t len, struct write_run *w)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	struct tmpfs_pages *pg = inode->private;
	size_t want = MIN((pos % PAGE_SIZE + len + PAGE_SIZE - 1) / PAGE_SIZE, (size_t)WRITE_RUN);
	unsigned long irq = spin_lock_irqsave(&pg->lock);
	w->n = page_tree_get_run(&pg->tree, pos / PAGE_SIZE, w->frames, want);
	spin_unlock_irqrestore(&pg->lock, irq);
	w->past_end = 0;
	size_t holes = 0;
	for (size_t i = 0; i < w->n; i++)
		holes += pa_is_none(w->frames[i]);
	if (!holes || fill_holes(inode, pos, len, w, holes))
		return 0;
	u8 *kva; /* the first page alone, with page_get_slot's errors */
	int err = page_for_write(inode, pos / PAGE_SIZE, &kva);
	w->frames[0] = err ? PA_NONE : virt_to_phys(kva);
	w->n = err ? 0 : 1;
	return err;
}

static ssize_t tmpfs_write_locked(struct inode *inode, struct iobuf *src, size_t len, u64 pos)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	size_t done = 0;
	ssize_t err = 0;
	while (done < len && !err) {
		struct write_run w;
		err = frames_for_write(inode, pos + done, len - done, &w);
		for (size_t i = 0; i < w.n && !err; i++) {
			size_t off = (pos + done) % PAGE_SIZE, n = MIN(PAGE_SIZE - off, len - done);
			ssize_t r = iobuf_copy_in((u8 *)phys_to_virt(w.frames[i]) + off, src, done, n);
			page_mark_written(w.frames[i]); /* flush_dcache_folio: make exec mappings sync again */
			if (r < 0) {
				err = r;
				u64 index = (pos + done) / PAGE_SIZE;
				for (size_t k = i; k < w.n; k++) /* never written: old bytes, not the file's */
					if (w.past_end & (1u << k))
						drop_pages(inode, index + k - i, index + k - i + 1);
				break;
			}
			done += n;
			if (pos + done > inode->size)
				__atomic_store_n(&inode->size, pos + done, __ATOMIC_RELEASE);
		}
	}
	if (done)
		inode_touch(inode, true, true);
	return done ? (ssize_t)done : err;
}

/* O_APPEND writes at the end as it is under the lock (generic_write_checks,
 * which first answers 0 to a write of nothing: no limit, seal or time applies). */
static ssize_t tmpfs_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	struct inode *inode = f->inode;
	if (len == 0)
		return 0;
	mutex_lock(&inode->lock);
	if (f->flags & O_APPEND)
		pos = inode->size;
	ssize_t n = file_size_limit_write(pos, &len);
	if (!n && pos >= MAX_FILE_SIZE) /* generic_write_check_limits: s_maxbytes */
		n = -EFBIG;
	else if (!n)
		len = (size_t)MIN((u64)len, MAX_FILE_SIZE - pos);
	if (!n && (inode->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		n = -EPERM;
	else if (!n && (inode->seals & F_SEAL_GROW) && pos + len > inode->size)
		len = pos < inode->size ? (size_t)(inode->size - pos) : 0; /* up to the sealed size */
	if (!n)
		n = len ? tmpfs_write_locked(inode, src, len, pos) : -EPERM;
	mutex_unlock(&inode->lock);
	return n;
}

ssize_t tmpfs_write_kernel(struct inode *inode, const void *buf, size_t len, u64 pos)
{
	struct iobuf src = {.user = false, .kaddr = (void *)buf};
	mutex_lock(&inode->lock);
	ssize_t n = tmpfs_write_locked(inode, &src, len, pos);
	mutex_unlock(&inode->lock);
	return n;
}

static void zero_part(struct tmpfs_pages *pg, u64 index, size_t from, size_t to);

/*
 * Shrinking frees whole pages past the end and zeroes the tail of the last
 * one (mappings see it); then every mapping of the file loses its pages past
 * the end, so touching them again is SIGBUS (truncate_pagecache). The new
 * size is stored first, so a fault that runs after the unmap sees it.
 */
static int tmpfs_truncate(struct inode *inode, u64 size)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	struct tmpfs_pages *pg = inode->private;
	int err = file_size_limit_grow(inode, size);
	if (err)
		return err;
	if (size > MAX_FILE_SIZE)
		return -EFBIG;
	if ((size < inode->size && (inode->seals & F_SEAL_SHRINK)) ||
	    (size > inode->size && (inode->seals & F_SEAL_GROW)))
		return -EPERM;
	u64 old_size = inode->size;
	__atomic_store_n(&inode->size, size, __ATOMIC_RELEASE);
	if (size < old_size) {
		u64 first = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
		drop_pages(inode, first, PAGE_TREE_NONE);
		if (size % PAGE_SIZE)
			zero_part(pg, size / PAGE_SIZE, size % PAGE_SIZE, PAGE_SIZE);
		__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the size before mapped (tmpfs_mmap) */
		if (__atomic_load_n(&pg->mapped, __ATOMIC_RELAXED))
			vm_unmap_file_pages(inode, first);
	}
	inode_touch(inode, true, true);
	return 0;
}

/* Zeroes [from, to) of page index if it is there (inode->lock held). */
static void zero_part(struct tmpfs_pages *pg, u64 index, size_t from, size_t to)
{
	paddr_t pa = page_find_get(pg, index);
	if (!pa_is_none(pa)) {
		memset((u8 *)phys_to_virt(pa) + from, 0, to - from);
		page_mark_written(pa);
		page_put(pa);
	}
}
static void put_dropped(paddr_t frame, void *arg)
{
	struct inode *inode = arg;
	page_put(frame);
	account_frame(inode, -1);
	__atomic_sub_fetch(&inode->sb->used_pages, 1, __ATOMIC_RELAXED);
}

/* Frees whole pages [first, end) (inode->lock held, or the last reference
 * gone), a batch per hold of pages->lock: frames and nodes are freed after it. */
static void drop_pages(struct inode *inode, u64 first, u64 end)
{
	struct tmpfs_pages *pg = inode->private;
	struct page_tree_cut cut;
	for (bool done = false; !done; first = cut.next) {
		unsigned long irq = spin_lock_irqsave(&pg->lock);
		done = page_tree_cut(&pg->tree, first, end, &cut);
		spin_unlock_irqrestore(&pg->lock, irq);
		page_tree_free_cut(&cut, put_dropped, inode);
	}
}

/* shmem_fallocate: allocate (zeroed) pages, or punch a hole (whole pages freed, partial ones zeroed). */
static int tmpfs_fallocate(struct inode *inode, int mode, u64 offset, u64 len)
{
	struct tmpfs_pages *pg = inode->private;
	u64 end = offset + len;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && (inode->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		return -EPERM;
	/* shmem_fallocate checks RLIMIT_FSIZE even with FALLOC_FL_KEEP_SIZE: EFBIG and SIGXFSZ */
	int err = (mode & FALLOC_FL_PUNCH_HOLE) ? 0 : file_size_limit_grow(inode, end);
	if (err)
		return err;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > inode->size && (inode->seals & F_SEAL_GROW))
		return -EPERM;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		u64 first = ALIGN_UP(offset, PAGE_SIZE) / PAGE_SIZE, last = end / PAGE_SIZE;
		if (first > last) { /* inside one page */
			zero_part(pg, offset / PAGE_SIZE, offset % PAGE_SIZE, end % PAGE_SIZE);
		} else {
			if (offset % PAGE_SIZE)
				zero_part(pg, offset / PAGE_SIZE, offset % PAGE_SIZE, PAGE_SIZE);
			if (end % PAGE_SIZE && last >= first)
				zero_part(pg, last, 0, end % PAGE_SIZE);
			/* shmem_fallocate: the whole pages leave every mapping before they go */
			if (last > first && __atomic_load_n(&pg->mapped, __ATOMIC_RELAXED))
				vm_unmap_file_range(inode, first, last, page_peek);
			drop_pages(inode, first, last);
		}
		inode_touch(inode, true, true);
		return 0;
	}
	if (end > MAX_FILE_SIZE || end < offset)
		return -EFBIG;
	for (u64 i = offset / PAGE_SIZE; i < ALIGN_UP(end, PAGE_SIZE) / PAGE_SIZE; i++) {
		u8 *kva;
		err = page_for_write(inode, i, &kva);
		if (err)
			return err;
	}
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > inode->size) {
		__atomic_store_n(&inode->size, end, __ATOMIC_RELEASE);
		inode_touch(inode, true, true);
	}
	return 0;
}

/* shmem_file_llseek: data is any page that is there, at page granularity. */
static s64 tmpfs_seek_data(struct inode *inode, s64 off, int whence)
{
	struct tmpfs_pages *pg = inode->private;
	s64 size = (s64)inode->size;
	bool want_data = whence == 3; /* SEEK_DATA */
	if (off >= size)
		return want_data ? -ENXIO : size;
	unsigned long irq = spin_lock_irqsave(&pg->lock);
	u64 first = (u64)off / PAGE_SIZE;
	u64 i = want_data ? page_tree_next_present(&pg->tree, first) : page_tree_next_hole(&pg->tree, first);
	spin_unlock_irqrestore(&pg->lock, irq);
	if (i == PAGE_TREE_NONE || i > (u64)(size - 1) / PAGE_SIZE) /* none before the end */
		return want_data ? -ENXIO : size;
	return MAX(off, (s64)(i * PAGE_SIZE));
}

static int tmpfs_fsync(struct file *f)
{
	return 0; /* memory is the backing store (noop_fsync) */
}

static const struct file_ops tmpfs_file_ops = {
	.mmap = tmpfs_mmap,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.fsync = tmpfs_fsync,
	.seekable = true,
};

static const struct inode_ops tmpfs_file_iops = {
	.truncate = tmpfs_truncate,
	.fallocate = tmpfs_fallocate,
	.seek_data = tmpfs_seek_data,
};

/* ---- symbolic links ------------------------------------------------------------ */

static int tmpfs_get_link(struct dentry *d, char **target)
{
	char *copy = kstrdup(d->inode->private);
	if (!copy)
		return -ENOMEM;
	*target = copy;
	return 0;
}

static const struct inode_ops tmpfs_link_iops = {
	.get_link = tmpfs_get_link,
};

/* ---- directories --------------------------------------------------------------- */

static ssize_t tmpfs_dir_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	return -EISDIR;
}

static unsigned dirent_type(u32 mode)
{
	return (mode & S_IFMT) >> 12; /* DT_* are the S_IF* bits shifted, as in Linux */
}

/*
 * One directory entry copied out of the dcache for getdents: its name
 * follows the header in the batch buffer (see tmpfs_iterate).
 */
struct dir_batch_entry {
	u64 ino;
	u64 pos; /* the child's dir_pos */
	u16 name_len;
	u8 type;
	char name[]; /* name_len bytes, not NUL-terminated */
};

#define DIR_BATCH_BYTES PAGE_SIZE

/*
 * Copies the children at or past position pos into buf (DIR_BATCH_BYTES),
 * as many as fit, in dir_pos order. Returns the bytes used (0: none left).
 *
 * *cursor is the last child the previous batch copied (referenced, or
 * NULL); the walk starts after it when it is still in this directory's
 * list and before pos (the list is sorted by dir_pos, so every child before
 * it is before pos too), else at the first child. The cursor is then moved
 * to this batch's last child (referenced); the old one is the caller's to
 * put, outside dcache_lock. So a directory read to its end costs one walk,
 * as Linux's dcache_readdir cursor makes it, not one per batch; a child
 * removed or renamed in between only costs a walk from the first child.
 */
static size_t dir_batch_fill(struct dentry *dir, u64 pos, u8 *buf, struct dentry **cursor)
{
	size_t used = 0;
	struct dentry *c, *last = NULL;
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	struct list_head *from = &dir->children; /* the walk starts after this node */
	struct dentry *prev = *cursor;
	if (prev && prev->parent == dir && !list_empty(&prev->sibling) && prev->dir_pos < pos)
		from = &prev->sibling;
	for (c = list_entry(from->next, struct dentry, sibling); &c->sibling != &dir->children;
	     c = list_next_entry(c, sibling)) {
		if (c->dir_pos < pos || !c->inode)
			continue;
		size_t size = ALIGN_UP(sizeof(struct dir_batch_entry) + c->name_len, 8);
		if (used + size > DIR_BATCH_BYTES)
			break;
		struct dir_batch_entry *e = (struct dir_batch_entry *)(buf + used);
		e->ino = c->inode->ino;
		e->pos = c->dir_pos;
		e->name_len = (u16)c->name_len;
		e->type = (u8)dirent_type(c->inode->mode);
		memcpy(e->name, c->name, c->name_len);
		used += size;
		last = c;
	}
	*cursor = last ? dget(last) : NULL;
	spin_unlock_irqrestore(&dcache_lock, irq);
	return used;
}

/*
 * Positions: 0 is ".", 1 is "..", then each child at its dir_pos (dcache.c);
 * after an entry the position is its own plus one. Entries are copied out
 * under dcache_lock a page-full at a time (dir_batch_fill) and emitted (to
 * user memory, which may fault) after it is dropped; each batch goes on
 * from where the last one ended, so a directory of n entries costs O(n)
 * list steps per call.
 */
int tmpfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->path.dentry;
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->inode->ino, dirent_type(S_IFDIR), 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		unsigned long irq = spin_lock_irqsave(&dcache_lock);
		u64 ino = dir->parent->inode->ino;
		spin_unlock_irqrestore(&dcache_lock, irq);
		if (!ctx->emit(ctx, "..", 2, ino, dirent_type(S_IFDIR), 2))
			return 0;
		ctx->pos = 2;
	}
	u8 *buf = kmalloc(DIR_BATCH_BYTES);
	if (!buf)
		return -ENOMEM;
	struct dentry *cursor = NULL;
	for (;;) {
		struct dentry *prev = cursor;
		size_t used = dir_batch_fill(dir, ctx->pos, buf, &cursor);
		dput(prev);
		if (!used)
			break;
		for (size_t at = 0; at < used;) {
			const struct dir_batch_entry *e = (const struct dir_batch_entry *)(buf + at);
			if (!ctx->emit(ctx, e->name, e->name_len, e->ino, e->type, e->pos + 1))
				goto out;
			ctx->pos = e->pos + 1;
			at += ALIGN_UP(sizeof(*e) + e->name_len, 8);
		}
	}
out:
	dput(cursor);
	kfree(buf);
	return 0;
}

static int tmpfs_mknod(struct inode *dir, struct dentry *d, u32 mode, u32 rdev)
{
	struct inode *inode = tmpfs_new_inode(dir->sb, dir, mode, rdev);
	if (!inode)
		return -ENOSPC;
	int err = acl_inherit(dir, inode); /* simple_acl_create */
	if (err) {
		inode_put(inode);
		return err;
	}
	d_instantiate(d, inode);
	inode_put(inode);
	d_add(d);
	if ((mode & S_IFMT) == S_IFDIR)
		dir->nlink++;
	dir->size += BOGO_DIRENT_SIZE;
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	char *copy = kstrdup(target);
	struct inode *inode = copy ? tmpfs_new_inode(dir->sb, dir, S_IFLNK | 0777, 0) : NULL;
	if (!inode) {
		kfree(copy);
		return -ENOSPC;
	}
	inode->private = copy;
	inode->size = strlen(copy);
	d_instantiate(d, inode);
	inode_put(inode);
	d_add(d);
	dir->size += BOGO_DIRENT_SIZE;
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->inode;
	mutex_lock(&inode->lock);
	inode->nlink++;
	inode_touch(inode, false, true);
	mutex_unlock(&inode->lock);
	d_instantiate(d, inode);
	d_add(d);
	dir->size += BOGO_DIRENT_SIZE;
	inode_touch(dir, true, true);
	return 0;
}

int tmpfs_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->inode;
	mutex_lock(&inode->lock);
	inode->nlink--;
	inode_touch(inode, false, true);
	mutex_unlock(&inode->lock);
	d_delete(d);
	dir->size -= BOGO_DIRENT_SIZE;
	inode_touch(dir, true, true);
	return 0;
}

/* The victim's lock (taken after its parent's) keeps new names out of it. */
static int tmpfs_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *victim = d->inode;
	mutex_lock(&victim->lock);
	unsigned long irq = spin_lock_irqsave(&dcache_lock);
	bool empty = list_empty(&d->children);
	spin_unlock_irqrestore(&dcache_lock, irq);
	if (empty)
		victim->nlink = 0;
	mutex_unlock(&victim->lock);
	if (!empty)
		return -ENOTEMPTY;
	dir->nlink--;
	d_delete(d);
	dir->size -= BOGO_DIRENT_SIZE;
	inode_touch(dir, true, true);
	return 0;
}

/* The change time of an inode rename moves (or exchange replaces), under
 * its own lock as inode_touch wants (Linux's vfs_rename locks both with
 * lock_two_nondirectories); the parents' locks, which the caller holds,
 * are not taken twice. */
static void touch_moved(struct inode *inode, const struct inode *old_dir, const struct inode *new_dir)
{
	bool lock = inode != old_dir && inode != new_dir;
	if (lock)
		mutex_lock(&inode->lock);
	inode_touch(inode, false, true);
	if (lock)
		mutex_unlock(&inode->lock);
}

/* shmem_rename2: the checks are made (namei.c); here the names move. */
static int tmpfs_rename(struct inode *old_dir, struct dentry *old, struct dentry *new_parent, struct dentry *target,
			const char *name, size_t len, unsigned flags)
{
	struct inode *new_dir = new_parent->inode;
	bool dir = (old->inode->mode & S_IFMT) == S_IFDIR;
	if (flags & RENAME_EXCHANGE) {
		bool target_dir = (target->inode->mode & S_IFMT) == S_IFDIR;
		if (old_dir != new_dir && dir != target_dir) {
			old_dir->nlink += target_dir ? 1 : -1;
			new_dir->nlink += dir ? 1 : -1;
		}
		d_exchange(old, target);
		touch_moved(target->inode, old_dir, new_dir);
	} else {
		if (target) {
			int err = dir ? tmpfs_rmdir(new_dir, target) : tmpfs_unlink(new_dir, target);
			if (err)
				return err;
		}
		int err = d_move(old, new_parent, name, len);
		if (err)
			return err;
		old_dir->size -= BOGO_DIRENT_SIZE;
		new_dir->size += BOGO_DIRENT_SIZE;
		if (dir && old_dir != new_dir) {
			old_dir->nlink--;
			new_dir->nlink++;
		}
	}
	touch_moved(old->inode, old_dir, new_dir);
	inode_touch(old_dir, true, true);
	inode_touch(new_dir, true, true);
	return 0;
}

static int tmpfs_tmpfile(struct inode *dir, struct dentry *d, u32 mode)
{
	struct inode *inode = tmpfs_new_inode(dir->sb, dir, mode, 0);
	if (!inode)
		return -ENOSPC;
	int err = acl_inherit(dir, inode);
	if (err) {
		inode_put(inode);
		return err;
	}
	inode->nlink = 0;
	d_instantiate(d, inode);
	inode_put(inode);
	return 0;
}

const struct file_ops tmpfs_dir_ops = {
	.no_read_iter = true,
	.fsync = tmpfs_fsync,
	.read = tmpfs_dir_read,
	.seekable = true,
	.seek_set_cur_only = true,
};

const struct inode_ops tmpfs_dir_iops = {
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.tmpfile = tmpfs_tmpfile,
	.iterate = tmpfs_iterate,
};

/* A number with an optional k, m or g suffix (memparse); false if malformed. */
static bool parse_size(const char *s, size_t len, u64 *out, bool *percent)
{
	u64 v = 0;
	size_t i = 0;
	if (len == 0)
		return false;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (u64)(s[i] - '0');
	if (i == 0)
		return false;
	*percent = false;
	if (i < len) {
		char c = s[i++];
		if (c == 'k' || c == 'K')
			v <<= 10;
		else if (c == 'm' || c == 'M')
			v <<= 20;
		else if (c == 'g' || c == 'G')
			v <<= 30;
		else if (c == '%')
			*percent = true;
		else
			return false;
	}
	*out = v;
	return i == len;
}

static bool parse_octal(const char *s, size_t len, u32 *out)
{
	u32 v = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '7')
			return false;
		v = v * 8 + (u32)(s[i] - '0');
	}
	*out = v & 07777;
	return true;
}

/* One "key=value" of shmem_parse_one; size in bytes (rounded up to pages) or % of RAM. */
static int parse_option(struct super_block *sb, const char *opt, size_t len)
{
	const char *eq = memchr(opt, '=', len);
	size_t klen = eq ? (size_t)(eq - opt) : len, vlen = eq ? len - klen - 1 : 0;
	const char *val = eq ? eq + 1 : "";
	u64 v;
	bool percent;
	if (klen == 4 && memcmp(opt, "size", 4) == 0 && parse_size(val, vlen, &v, &percent)) {
		sb->max_pages = percent ? page_total_count() * v / 100 : ALIGN_UP(v, PAGE_SIZE) / PAGE_SIZE;
		return 0;
	}
	if (klen == 9 && memcmp(opt, "nr_inodes", 9) == 0 && parse_size(val, vlen, &v, &percent) && !percent) {
		sb->max_inodes = v;
		return 0;
	}
	u32 mode;
	if (klen == 4 && memcmp(opt, "mode", 4) == 0 && parse_octal(val, vlen, &mode)) {
		if (sb->root) { /* none in tmpfs_reconfigure's scratch copy */
			struct inode *root = sb->root->inode;
			root->mode = (root->mode & S_IFMT) | mode;
		}
		sb->mode = mode;
		return 0;
	}
	return -EINVAL;
}

bool tmpfs_option_known(const char *key)
{
	return strcmp(key, "size") == 0 || strcmp(key, "nr_inodes") == 0 || strcmp(key, "mode") == 0;
}

/* shmem_reconfigure (Linux 6.1): the limits given change, checked against
 * what is in use; mode is taken but changes nothing. */
int tmpfs_reconfigure(struct super_block *sb, const char *options, const char **why)
{
	struct super_block scratch = {.max_pages = sb->max_pages, .max_inodes = sb->max_inodes, .mode = sb->mode};
	int err = tmpfs_parse_options(&scratch, options);
	if (err) {
		*why = "Bad value";
		return err;
	}
	bool pages_changed = scratch.max_pages != sb->max_pages, inodes_changed = scratch.max_inodes != sb->max_inodes;
	*why = pages_changed && !sb->max_pages	   ? "Cannot retroactively limit size"
	       : inodes_changed && !sb->max_inodes ? "Cannot retroactively limit inodes"
	       : pages_changed && scratch.max_pages &&
			       __atomic_load_n(&sb->used_pages, __ATOMIC_RELAXED) > scratch.max_pages
		       ? "Too small a size for current use"
	       : inodes_changed && scratch.max_inodes &&
			       __atomic_load_n(&sb->used_inodes, __ATOMIC_RELAXED) > scratch.max_inodes
		       ? "Too few inodes for current use"
		       : NULL;
	if (*why)
		return -EINVAL;
	sb->max_pages = scratch.max_pages;
	sb->max_inodes = scratch.max_inodes;
	return 0;
}

/* shmem_show_options: what differs from the defaults (size in KiB), then
 * inode64 (inode numbers are 64 bits wide here, as CONFIG_TMPFS_INODE64's). */
int tmpfs_show_options(const struct super_block *sb, char *buf, size_t cap)
{
	int n = 0;
	if (sb->max_pages != page_total_count() / 2)
		n += snprintf(buf + n, cap - (size_t)n, ",size=%luk",
			      (unsigned long)(sb->max_pages * (PAGE_SIZE / 1024)));
	if (sb->max_inodes != page_total_count() / 2 && (size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n, ",nr_inodes=%lu", (unsigned long)sb->max_inodes);
	if (sb->mode != 01777 && (size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n, ",mode=%03o", sb->mode);
	if ((size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n, ",inode64");
	return n;
}

int tmpfs_parse_options(struct super_block *sb, const char *options)
{
	const char *p = options;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len) {
			int err = parse_option(sb, p, len);
			if (err)
				return err;
		}
		p += len + (end ? 1 : 0);
	}
	return 0;
}

static struct vfsmount *memfd_mnt; /* Linux's shm_mnt: made on first use */

/*
 * An unnamed file on the kernel's own tmpfs mount (Linux's shm_mnt), named
 * full_name in /proc/self/fd and maps (" (deleted)" added there), open
 * O_RDWR, size bytes long, with seals as given.
 */
static int tmpfs_anon_file(const char *full_name, unsigned seals, u64 size, struct file **out)
{
	static struct spinlock once = SPINLOCK_INIT("memfd_mnt");
	if (!__atomic_load_n(&memfd_mnt, __ATOMIC_ACQUIRE)) {
		struct super_block *sb = tmpfs_create(01777);
		struct vfsmount *m = sb ? vfs_kern_mount(sb) : NULL;
		if (!m)
			return -ENOMEM;
		unsigned long irq = spin_lock_irqsave(&once);
		if (!memfd_mnt)
			__atomic_store_n(&memfd_mnt, m, __ATOMIC_RELEASE);
		spin_unlock_irqrestore(&once, irq); /* a loser's mount stays unused */
	}
	struct dentry *root = memfd_mnt->root;
	struct dentry *d = dentry_alloc(root, full_name, strlen(full_name));
	if (!d)
		return -ENOMEM;
	int err = tmpfs_tmpfile(root->inode, d, S_IFREG | 0777);
	if (!err && size) {
		mutex_lock(&d->inode->lock);
		err = tmpfs_truncate(d->inode, size);
		mutex_unlock(&d->inode->lock);
	}
	if (!err) {
		d->inode->seals = seals;
		struct path p = {memfd_mnt, d};
		err = vfs_open_path(&p, O_RDWR | O_LARGEFILE, out);
	}
	dput(d);
	return err;
}

int tmpfs_memfd(const char *name, bool sealable, struct file **out)
{
	size_t len = strlen(name);
	char *full = kmalloc(len + 7);
	if (!full)
		return -ENOMEM;
	memcpy(full, "memfd:", 6);
	memcpy(full + 6, name, len + 1);
	int err = tmpfs_anon_file(full, sealable ? 0 : F_SEAL_SEAL, 0, out);
	kfree(full);
	return err;
}

/* shmem_zero_setup (mm/shmem.c): the object behind a MAP_SHARED anonymous
 * mapping or a shared mapping of /dev/zero, named "dev/zero" as Linux's.
 * Unless noreserve, its whole size is charged to Committed_AS until it is
 * freed (shmem_acct_size), not its frames as they come. */
int tmpfs_shared_anon(u64 size, bool noreserve, struct file **out)
{
	int err = tmpfs_anon_file("dev/zero", F_SEAL_SEAL, size, out);
	if (!err && !noreserve) {
		struct tmpfs_pages *pg = (*out)->inode->private;
		pg->charged = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE; /* nobody else has it yet: no frame */
		vm_commit_shmem((long)pg->charged);
	}
	return err;
}
