/*
 * file.c — open file descriptions and the fd table. A file without a name
 * (a pipe) gets an inode of its own from the anonymous super block
 * (anon_inodes.c).
 *
 * Every open file description is counted (fs.file-nr, Linux
 * fs/file_table.c nr_files): a new one past fs.file-max is ENFILE unless
 * the caller has CAP_SYS_ADMIN (alloc_empty_file). file-max starts as Linux
 * sizes it (files_maxfiles_init: a tenth of the memory left after 1.5 times
 * what the boot used, in KiB, at least NR_FILE 8192). Both counters are
 * atomics, no lock.
 */
#include <fs.h>
#include <fsnotify.h>

#include <cred.h>
#include <kmalloc.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/resource.h>
#include <uapi/stat.h>

#define NR_FILE 8192
static u64 nr_files;		  /* open file descriptions [atomic] */
static u64 max_files = NR_FILE;	  /* fs.file-max [atomic] */
static int nr_open = NR_OPEN_MAX; /* fs.nr_open [atomic] */

void files_init(void)
{
	u64 pages = page_total_count(), used = pages - page_free_count();
	u64 reserve = MIN(used * 3 / 2, pages - 1);
	u64 n = (pages - reserve) * (PAGE_SIZE / 1024) / 10;
	max_files = MAX(n, (u64)NR_FILE);
}

u64 files_nr(void)
{
	return __atomic_load_n(&nr_files, __ATOMIC_RELAXED);
}

u64 files_max(void)
{
	return __atomic_load_n(&max_files, __ATOMIC_RELAXED);
}

void files_set_max(u64 max)
{
	__atomic_store_n(&max_files, max, __ATOMIC_RELAXED);
}

int files_nr_open(void)
{
	return __atomic_load_n(&nr_open, __ATOMIC_RELAXED);
}

int files_set_nr_open(int value)
{
	if (value < NR_OPEN_MIN || value > NR_OPEN_LIMIT)
		return -EINVAL; /* proc_dointvec_minmax */
	__atomic_store_n(&nr_open, value, __ATOMIC_RELAXED);
	return 0;
}

int file_new(struct file **out)
{
	u64 n = __atomic_add_fetch(&nr_files, 1, __ATOMIC_RELAXED);
	if (n > files_max() && !capable(CAP_SYS_ADMIN)) {
		__atomic_sub_fetch(&nr_files, 1, __ATOMIC_RELAXED);
		return -ENFILE;
	}
	struct file *f = kzalloc(sizeof(*f));
	if (!f) {
		__atomic_sub_fetch(&nr_files, 1, __ATOMIC_RELAXED);
		return -ENOMEM;
	}
	f->refcount = 1;
	mutex_init(&f->pos_mutex, "file_pos");
	*out = f;
	return 0;
}

struct file *file_alloc_inode(const struct file_ops *ops, void *private, struct inode *inode)
{
	struct file *f;
	if (file_new(&f))
		return NULL;
	f->inode = inode_get(inode);
	f->ops = ops;
	f->private = private;
	return f;
}

struct file *file_alloc(const struct file_ops *ops, void *private, u32 mode)
{
	struct file *f;
	if (file_new(&f))
		return NULL;
	f->inode = anon_inode_alloc(mode);
	if (!f->inode) {
		kfree(f);
		__atomic_sub_fetch(&nr_files, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	f->ops = ops;
	f->private = private;
	return f;
}

void file_get(struct file *f)
{
	__atomic_fetch_add(&f->refcount, 1, __ATOMIC_RELAXED);
}

bool file_get_unless_zero(struct file *f)
{
	int n = __atomic_load_n(&f->refcount, __ATOMIC_RELAXED);
	while (n) {
		if (__atomic_compare_exchange_n(&f->refcount, &n, n + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	fsnotify_close(f);    /* __fput's order: the close event, then the epoll items */
	eventpoll_release(f); /* the epoll items watching it go first (Linux __fput) */
	if ((f->flags & O_ASYNC) && f->ops->fasync)
		(void)f->ops->fasync(f, -1, false); /* off takes it off the list; a hung-up tty's list was emptied */
	if (f->ops->release)
		f->ops->release(f);
	flock_release(f);
	posix_locks_release(f, f); /* its OFD locks */
	lease_release(f);
	if (f->write_access)
		inode_put_write_access(f->inode);
	if (f->read_access)
		__atomic_fetch_sub(&f->inode->read_count, 1, __ATOMIC_ACQ_REL);
	file_owner_release(f);
	inode_put(f->inode);
	path_put(&f->path);
	kfree(f);
	__atomic_sub_fetch(&nr_files, 1, __ATOMIC_RELAXED);
}

/* Linux sets FMODE_ATOMIC_POS in do_dentry_open, for files opened by name
 * that are regular files or directories; fdget_pos then locks only when
 * the file is shared (file_count > 1). Here it is always taken for them:
 * uncontended when nobody shares the file, and the same behaviour. */
bool file_pos_lock(struct file *f)
{
	u32 type = f->inode->mode & S_IFMT;
	if (!f->path.dentry || (type != S_IFREG && type != S_IFDIR))
		return false;
	mutex_lock(&f->pos_mutex);
	return true;
}

void file_pos_unlock(struct file *f, bool locked)
{
	if (locked)
		mutex_unlock(&f->pos_mutex);
}

bool file_writable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

ssize_t iobuf_copy_out(struct iobuf *dst, size_t at, const void *src, size_t len)
{
	if (!dst->user) {
		memcpy((char *)dst->kaddr + at, src, len);
		return (ssize_t)len;
	}
	return copy_to_user(uaddr_add(dst->uaddr, at), src, len) ? -EFAULT : (ssize_t)len;
}

/*
 * Zeroes len bytes at dst + at (Linux's iov_iter_zero, used by read_iter_zero).
 * A user buffer is cleared one page at a time, so a fault at an unmapped page
 * stops exactly there: returns the bytes cleared, or -EFAULT if none were.
 */
ssize_t iobuf_clear(struct iobuf *dst, size_t at, size_t len)
{
	if (!dst->user) {
		memset((char *)dst->kaddr + at, 0, len);
		return (ssize_t)len;
	}
	size_t done = 0;
	while (done < len) {
		uaddr_t a = uaddr_add(dst->uaddr, at + done);
		size_t n = MIN(len - done, PAGE_SIZE - (uaddr_raw(a) & (PAGE_SIZE - 1)));
		if (clear_user(a, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
	}
	return (ssize_t)done;
}

ssize_t iobuf_copy_in(void *dst, struct iobuf *src, size_t at, size_t len)
{
	if (!src->user) {
		memcpy_normal(dst, (const char *)src->kaddr + at, len); /* kernel buffers are Normal memory */
		return (ssize_t)len;
	}
	return copy_from_user(dst, uaddr_add(src->uaddr, at), len) ? -EFAULT : (ssize_t)len;
}

ssize_t file_read_kernel(struct file *f, void *buf, size_t len, u64 off)
{
	struct iobuf dst = {.user = false, .kaddr = buf};
	if (!f->ops->read)
		return -EINVAL;
	return f->ops->read(f, &dst, len, off);
}

/* ---- fd tables --------------------------------------------------------------- */

struct files *files_create(void)
{
	struct files *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->max_fds = 64;
	fs->fds = kvzalloc(sizeof(struct file *) * (size_t)fs->max_fds);
	fs->cloexec = kvzalloc(sizeof(u64) * ((size_t)fs->max_fds / 64));
	if (!fs->fds || !fs->cloexec) {
		kvfree(fs->fds);
		kvfree(fs->cloexec);
		kfree(fs);
		return NULL;
	}
	spin_lock_init(&fs->lock, "files");
	fs->refcount = 1;
	return fs;
}

/* fork: the same open files in a new table (each file referenced once more). */
struct files *files_dup(struct files *src, int *err)
{
	*err = -ENOMEM;
	struct files *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	unsigned long irq = spin_lock_irqsave(&src->lock);
	int max = src->max_fds;
	spin_unlock_irqrestore(&src->lock, irq);
	fs->fds = kvzalloc(sizeof(struct file *) * (size_t)max);
	fs->cloexec = kvzalloc(sizeof(u64) * ((size_t)max / 64));
	if (!fs->fds || !fs->cloexec) {
		kvfree(fs->fds);
		kvfree(fs->cloexec);
		kfree(fs);
		return NULL;
	}
	irq = spin_lock_irqsave(&src->lock);
	max = MIN(max, src->max_fds); /* the table cannot shrink, but be exact */
	/* dup_fd: the open fds, up to the last one rounded up to 64
	 * (count_open_files), must fit in a table fs.nr_open allows */
	int open_files = max;
	while (open_files > 0 && !src->fds[open_files - 1])
		open_files--;
	if ((u64)ALIGN_UP(open_files, 64) > ALIGN_UP((u64)files_nr_open(), 64)) {
		spin_unlock_irqrestore(&src->lock, irq);
		kvfree(fs->fds);
		kvfree(fs->cloexec);
		kfree(fs);
		*err = -EMFILE;
		return NULL;
	}
	for (int i = 0; i < max; i++) {
		fs->fds[i] = src->fds[i];
		if (fs->fds[i])
			file_get(fs->fds[i]);
	}
	memcpy(fs->cloexec, src->cloexec, sizeof(u64) * ((size_t)max / 64));
	fs->next_fd = MIN(src->next_fd, max);
	spin_unlock_irqrestore(&src->lock, irq);
	fs->max_fds = max;
	spin_lock_init(&fs->lock, "files");
	fs->refcount = 1;
	return fs;
}

/* execve: close the descriptors marked close-on-exec. */
/* Linux filp_close: what every close of a descriptor does, the last or not:
 * the file's flush, the process's record locks go (locks_remove_posix),
 * then the descriptor's reference. */
static void filp_close(struct file *f, struct files *fs)
{
	if (f->ops && f->ops->flush)
		f->ops->flush(f);
	posix_locks_release(f, fs);
	file_put(f);
}

void files_close_on_exec(struct files *fs)
{
	for (int fd = 0; fd < fs->max_fds; fd++) {
		unsigned long irq = spin_lock_irqsave(&fs->lock);
		struct file *f = NULL;
		if (fs->fds[fd] && (fs->cloexec[fd / 64] & (1UL << (fd % 64)))) {
			f = fs->fds[fd];
			fs->fds[fd] = NULL;
			fs->cloexec[fd / 64] &= ~(1UL << (fd % 64));
			fs->next_fd = MIN(fs->next_fd, fd);
		}
		spin_unlock_irqrestore(&fs->lock, irq);
		if (f)
			filp_close(f, fs);
	}
}

void files_put(struct files *fs)
{
	if (__atomic_sub_fetch(&fs->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (int i = 0; i < fs->max_fds; i++) {
		if (fs->fds[i])
			filp_close(fs->fds[i], fs);
	}
	kvfree(fs->fds);
	kvfree(fs->cloexec);
	kfree(fs);
}

struct file *fd_get(int fd)
{
	return files_fd_get(current()->files, fd);
}

struct file *fd_get_file(int fd)
{
	struct file *f = fd_get(fd);
	if (f && (f->flags & O_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

struct file *files_fd_get(struct files *fs, int fd)
{
	if (fd < 0 || !fs)
		return NULL;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct file *f = fd < fs->max_fds ? fs->fds[fd] : NULL;
	if (f)
		file_get(f);
	spin_unlock_irqrestore(&fs->lock, irq);
	return f;
}

/*
 * Grow the table to hold at least `want` fds: the next power of two, but no
 * more than fs.nr_open rounded up to 64 (Linux alloc_fdtable). The arrays
 * come from kvzalloc, so a table bigger than the page allocator's largest
 * block (half a million fds) is mapped from single pages, as Linux's
 * kvmalloc does. Called without the lock.
 */
static int files_grow(struct files *fs, int want)
{
	u64 n = (u64)fs->max_fds, cap = ALIGN_UP((u64)files_nr_open(), 64);
	while (n < (u64)want)
		n *= 2;
	n = MAX(MIN(n, cap), ALIGN_UP((u64)want, 64));
	struct file **fds = kvzalloc(sizeof(*fds) * (size_t)n);
	u64 *cloexec = kvzalloc(sizeof(u64) * (size_t)(n / 64));
	if (!fds || !cloexec) {
		kvfree(fds);
		kvfree(cloexec);
		return -ENOMEM;
	}
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	if (n <= (u64)fs->max_fds) { /* someone else grew it */
		spin_unlock_irqrestore(&fs->lock, irq);
		kvfree(fds);
		kvfree(cloexec);
		return 0;
	}
	memcpy(fds, fs->fds, sizeof(*fds) * (size_t)fs->max_fds);
	memcpy(cloexec, fs->cloexec, sizeof(u64) * (size_t)(fs->max_fds / 64));
	struct file **old_fds = fs->fds;
	u64 *old_cloexec = fs->cloexec;
	fs->fds = fds;
	fs->cloexec = cloexec;
	fs->max_fds = (int)n;
	spin_unlock_irqrestore(&fs->lock, irq);
	kvfree(old_fds);
	kvfree(old_cloexec);
	return 0;
}

int fd_install(struct file *f, int min_fd, bool cloexec)
{
	struct files *fs = current()->files;
	u64 limit = current()->group->rlimits[RLIMIT_NOFILE][0];
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&fs->lock);
		/* fds below next_fd are all open: skip them (Linux's alloc_fd) */
		for (int fd = MAX(min_fd, fs->next_fd); fd < fs->max_fds && (u64)fd < limit; fd++) {
			if (!fs->fds[fd]) {
				fs->fds[fd] = f;
				if (min_fd <= fs->next_fd)
					fs->next_fd = fd + 1; /* [next_fd, fd] were all open */
				if (cloexec)
					fs->cloexec[fd / 64] |= 1UL << (fd % 64);
				else
					fs->cloexec[fd / 64] &= ~(1UL << (fd % 64));
				spin_unlock_irqrestore(&fs->lock, irq);
				return fd;
			}
		}
		int max = fs->max_fds;
		spin_unlock_irqrestore(&fs->lock, irq);
		if ((u64)max >= limit || max >= files_nr_open())
			return -EMFILE;
		if (files_grow(fs, max * 2))
			return -ENOMEM;
	}
}

int fd_install_or_put(struct file *f, bool cloexec)
{
	int fd = fd_install(f, 0, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

int fd_check_free(void)
{
	struct files *fs = current()->files;
	u64 limit = current()->group->rlimits[RLIMIT_NOFILE][0];
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	int fd = fs->next_fd;
	while (fd < fs->max_fds && (u64)fd < limit && fs->fds[fd])
		fd++;
	spin_unlock_irqrestore(&fs->lock, irq);
	return (u64)fd < limit && fd < files_nr_open() ? 0 : -EMFILE;
}

/*
 * Puts f at fd, closing what fd held, in one step under the table lock (Linux
 * fs/file.c do_dup2): no other thread's open can take fd between the close
 * and the install, as it could with fd_close + fd_install. The caller checked
 * fd against RLIMIT_NOFILE; the table grows to hold it. Returns fd, -EMFILE
 * (the table must grow to fd, at or above fs.nr_open) or -ENOMEM.
 */
int fd_replace(struct file *f, int fd, bool cloexec)
{
	struct files *fs = current()->files;
	while (fd >= __atomic_load_n(&fs->max_fds, __ATOMIC_RELAXED)) {
		if (fd >= files_nr_open())
			return -EMFILE; /* expand_files: only a table that must grow */
		if (files_grow(fs, fd + 1))
			return -ENOMEM;
	}
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct file *old = fs->fds[fd];
	fs->fds[fd] = f;
	if (cloexec)
		fs->cloexec[fd / 64] |= 1UL << (fd % 64);
	else
		fs->cloexec[fd / 64] &= ~(1UL << (fd % 64));
	spin_unlock_irqrestore(&fs->lock, irq);
	if (old)
		filp_close(old, fs);
	return fd;
}

int fd_close(int fd)
{
	struct files *fs = current()->files;
	if (fd < 0)
		return -EBADF;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	struct file *f = fd < fs->max_fds ? fs->fds[fd] : NULL;
	if (f) {
		fs->fds[fd] = NULL;
		fs->next_fd = MIN(fs->next_fd, fd);
	}
	spin_unlock_irqrestore(&fs->lock, irq);
	if (!f)
		return -EBADF;
	filp_close(f, fs);
	return 0;
}

bool fd_get_cloexec(int fd)
{
	struct files *fs = current()->files;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	bool on = fd >= 0 && fd < fs->max_fds && (fs->cloexec[fd / 64] & (1UL << (fd % 64)));
	spin_unlock_irqrestore(&fs->lock, irq);
	return on;
}

void fd_set_cloexec(int fd, bool on)
{
	struct files *fs = current()->files;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	if (fd >= 0 && fd < fs->max_fds) {
		if (on)
			fs->cloexec[fd / 64] |= 1UL << (fd % 64);
		else
			fs->cloexec[fd / 64] &= ~(1UL << (fd % 64));
	}
	spin_unlock_irqrestore(&fs->lock, irq);
}

void fd_close_range(unsigned first, unsigned last, bool cloexec)
{
	struct files *fs = current()->files;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	unsigned max = (unsigned)fs->max_fds; /* the slots past the table are free */
	for (unsigned fd = first; cloexec && fd <= last && fd < max; fd++)
		if (fs->fds[fd])
			fs->cloexec[fd / 64] |= 1UL << (fd % 64);
	spin_unlock_irqrestore(&fs->lock, irq);
	for (unsigned fd = first; !cloexec && fd <= last && fd < max; fd++)
		(void)fd_close((int)fd); /* a free slot: nothing to do */
}
