/*
 * inode.c — inodes: allocation and reference counts, timestamps, the
 * permission checks with the caller's credentials (fs/namei.c
 * generic_permission, check_sticky, fs/inode.c inode_init_owner and
 * inode_owner_or_capable) and stat's view of an inode (fs/stat.c
 * generic_fillattr). See vfs.h for the object model.
 */
#include <vfs.h>

#include <fs.h>

#include <cred.h>
#include <kmalloc.h>
#include <mm.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/resource.h>
#include <uapi/stat.h>

struct inode *inode_alloc(struct super_block *sb, u32 mode)
{
	struct inode *inode = kzalloc(sizeof(*inode));
	if (!inode)
		return NULL;
	inode->refcount = 1;
	inode->sb = sb;
	inode->ino = __atomic_add_fetch(&sb->next_ino, 1, __ATOMIC_RELAXED);
	mutex_init(&inode->lock, "inode");
	spin_lock_init(&inode->flock_lock, "flock");
	list_init(&inode->flocks);
	wait_queue_init(&inode->flock_wait, "flock");
	list_init(&inode->posix_locks);
	wait_queue_init(&inode->posix_wait, "posix_lock");
	list_init(&inode->leases);
	wait_queue_init(&inode->lease_wait, "lease");
	list_init(&inode->inotify_watches);
	list_init(&inode->xattrs);
	inode->mode = mode;
	inode->nlink = 1; /* owned by root (uid and gid 0) until its file system says otherwise */
	inode->atime = inode->mtime = inode->ctime = vfs_now();
	inode->next_dir_pos = 2; /* after "." and ".." */
	return inode;
}

/* One compare-and-swap loop for both directions of a counter that is
 * either positive (users) or negative (denials): step is +1 (a user,
 * refused while the count is negative) or -1 (a denial, refused while it is
 * positive); err when refused. */
static int count_step(int *count, int step, int err)
{
	int old = __atomic_load_n(count, __ATOMIC_RELAXED);
	do {
		if ((step > 0 && old < 0) || (step < 0 && old > 0))
			return err;
	} while (!__atomic_compare_exchange_n(count, &old, old + step, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return 0;
}

static int write_count_step(struct inode *inode, int step)
{
	return count_step(&inode->write_count, step, -ETXTBSY);
}

int inode_get_write_access(struct inode *inode)
{
	return write_count_step(inode, 1);
}

void inode_put_write_access(struct inode *inode)
{
	__atomic_fetch_sub(&inode->write_count, 1, __ATOMIC_ACQ_REL);
}

int inode_deny_write_access(struct inode *inode)
{
	return write_count_step(inode, -1);
}

void inode_allow_write_access(struct inode *inode)
{
	__atomic_fetch_add(&inode->write_count, 1, __ATOMIC_ACQ_REL);
}

int inode_map_writable(struct inode *inode)
{
	return count_step(&inode->map_writable, 1, -EPERM);
}

void inode_unmap_writable(struct inode *inode)
{
	__atomic_fetch_sub(&inode->map_writable, 1, __ATOMIC_ACQ_REL);
}

/* Does v count in its file's writable mappings (Linux's is_shared_maywrite,
 * which __vma_link_file counts in i_mmap_writable; F_SEAL_WRITE is EBUSY
 * while any exists)? A shared mapping that may ever be written: of a file open
 * for writing, whatever its protection now, unless its file's mmap took write
 * away for good. */
static bool vma_maps_writable(const struct vma *v)
{
	return (v->flags & VMA_SHARED) && !(v->flags & (VMA_NO_MAYWRITE | VMA_FILE_RDONLY));
}

int file_vma_attach(struct file *f, struct vma *v)
{
	if (!file_writable(f))
		v->flags |= VMA_FILE_RDONLY;
	if (vma_maps_writable(v)) {
		int err = inode_map_writable(f->inode);
		if (err)
			return err;
	}
	v->inode = f->inode;
	file_get(f);
	return 0;
}

/* The count is already positive for the original, so it cannot be refused. */
void file_vma_open(struct vma *v)
{
	file_get(v->file);
	if (vma_maps_writable(v))
		CHECK(inode_map_writable(v->file->inode) == 0);
}

void file_vma_close(struct vma *v)
{
	if (vma_maps_writable(v))
		inode_unmap_writable(v->file->inode);
	file_put(v->file);
}

int inode_deny_writable_maps(struct inode *inode)
{
	return count_step(&inode->map_writable, -1, -EBUSY);
}

struct inode *inode_get(struct inode *inode)
{
	__atomic_fetch_add(&inode->refcount, 1, __ATOMIC_RELAXED);
	return inode;
}

void inode_put(struct inode *inode)
{
	if (!inode || __atomic_sub_fetch(&inode->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (inode->destroy)
		inode->destroy(inode);
	xattr_free_all(inode);
	acl_free_all(inode);
	kfree(inode);
}

/*
 * A file's timestamps (Linux 6.1 current_time): the coarse real-time clock,
 * which moves once a tick (4 ms here as on Debian's HZ=250 kernel), not the
 * precise one, so files written within one tick share their mtime as on
 * Linux (what make, git's racy-index check and rsync see).
 */
struct timespec_k vfs_now(void)
{
	u64 ns = time_realtime_coarse_ns();
	return (struct timespec_k){.sec = (s64)(ns / 1000000000u), .nsec = (long)(ns % 1000000000u)};
}

void inode_touch(struct inode *inode, bool mtime, bool ctime)
{
	struct timespec_k now = vfs_now();
	if (mtime)
		inode->mtime = now;
	if (ctime)
		inode->ctime = now;
}

/* Whether an inode time (read without its lock: a hint) is now. */
static bool ts_is(const struct timespec_k *t, struct timespec_k now)
{
	return __atomic_load_n(&t->sec, __ATOMIC_RELAXED) == now.sec &&
	       __atomic_load_n(&t->nsec, __ATOMIC_RELAXED) == now.nsec;
}

static bool ts_after(struct timespec_k a, struct timespec_k b)
{
	return a.sec > b.sec || (a.sec == b.sec && a.nsec > b.nsec);
}

/* mnt_get_write_access fails: a time is not changed on a read-only mount. */
static bool mount_read_only(const struct file *f)
{
	return f->path.mnt && mnt_is_readonly(f->path.mnt);
}

/*
 * Linux's file_accessed (fs/inode.c touch_atime, atime_needs_update) after a
 * read that returned data: the access time becomes now unless the file was
 * opened O_NOATIME, its mount is read-only or noatime (or nodiratime and
 * it is a directory), or the mount is relatime (mount(2)'s default) and the
 * access time is already after the modification and change times and less
 * than a day old (relatime_need_update). A file with
 * no mount — a pipe from pipe(2), on Linux's internal pipefs mount, which
 * has no MNT_RELATIME — gets the new time whenever the clock moved.
 */
void file_accessed(struct file *f)
{
	struct inode *inode = f->inode;
	if ((f->flags & O_NOATIME) || mount_read_only(f))
		return;
	unsigned mnt_flags = f->path.mnt ? __atomic_load_n(&f->path.mnt->flags, __ATOMIC_RELAXED) : 0;
	if ((mnt_flags & MNT_NOATIME) || ((mnt_flags & MNT_NODIRATIME) && (inode->mode & S_IFMT) == S_IFDIR))
		return;
	bool relatime = mnt_flags & MNT_RELATIME;
	struct timespec_k now = vfs_now();
	if (ts_is(&inode->atime, now))
		return; /* already now (Linux's atime_needs_update): no lock taken */
	mutex_lock(&inode->lock);
	bool stale = !ts_after(inode->atime, inode->mtime) || !ts_after(inode->atime, inode->ctime) ||
		     now.sec - inode->atime.sec >= 24 * 60 * 60;
	if (!relatime || stale)
		inode->atime = now;
	mutex_unlock(&inode->lock);
}

/* Linux's file_update_time after a write that wrote something: the
 * modification and change times become now, unless the mount is read-only. */
void file_update_time(struct file *f)
{
	if (mount_read_only(f))
		return;
	struct timespec_k now = vfs_now();
	if (ts_is(&f->inode->mtime, now) && ts_is(&f->inode->ctime, now))
		return; /* inode_needs_update_time: both already now, no lock */
	mutex_lock(&f->inode->lock);
	inode_touch(f->inode, true, true);
	mutex_unlock(&f->inode->lock);
}

static bool cred_capable(const struct cred *c, int cap)
{
	return (c->cap_effective >> cap) & 1;
}

/* acl_permission_check: the owner's bits if the fs uid owns the inode,
 * else its access ACL if it has one (and group-class bits), else the
 * group's bits if the inode's group is the fs gid or a supplementary
 * group, else the others'. */
static int acl_permission_check(const struct cred *c, struct inode *inode, u32 mode, int mask)
{
	u32 bits = mode & 07;
	if (c->fsuid == inode->uid) {
		bits = (mode >> 6) & 07;
	} else {
		int err = (mode & 070) ? acl_permission(c, inode, mask) : -EAGAIN;
		if (err != -EAGAIN)
			return err;
		if (cred_in_group_of(c, inode->gid))
			bits = (mode >> 3) & 07;
	}
	return ((u32)mask & 07 & ~bits) ? -EACCES : 0;
}

/*
 * generic_permission (fs/namei.c) for the credentials c: the mode bits or
 * the access ACL (acl_permission_check). When those refuse:
 * CAP_DAC_READ_SEARCH reads any file and reads or searches any directory;
 * CAP_DAC_OVERRIDE does anything, except executing a file with no x bit.
 */
int generic_permission(const struct cred *c, struct inode *inode, int mask)
{
	u32 mode = __atomic_load_n(&inode->mode, __ATOMIC_RELAXED);
	if (acl_permission_check(c, inode, mode, mask) == 0)
		return 0;
	if ((mode & S_IFMT) == S_IFDIR) {
		if (!(mask & MAY_WRITE) && cred_capable(c, CAP_DAC_READ_SEARCH))
			return 0;
		return cred_capable(c, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if (mask == MAY_READ && cred_capable(c, CAP_DAC_READ_SEARCH))
		return 0;
	if ((!(mask & MAY_EXEC) || (mode & 0111)) && cred_capable(c, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

/* inode_permission for credentials c: the inode's own rule, else the mode bits. */
int inode_permission_cred(const struct cred *c, struct inode *inode, int mask)
{
	if (inode->iops && inode->iops->permission)
		return inode->iops->permission(c, inode, mask);
	return generic_permission(c, inode, mask);
}

int inode_permission(struct inode *inode, int mask)
{
	return inode_permission_cred(cred_current(), inode, mask);
}

/* inode_owner_or_capable: the fs uid owns it, or CAP_FOWNER. */
bool inode_owner_or_capable(const struct inode *inode)
{
	return cred_fsuid() == inode->uid || capable(CAP_FOWNER);
}

/* check_sticky: in a sticky directory only the owner of the entry or of the
 * directory (or CAP_FOWNER) may remove or rename it. */
bool vfs_sticky_denies(const struct inode *dir, const struct inode *victim)
{
	if (!(__atomic_load_n(&dir->mode, __ATOMIC_RELAXED) & S_ISVTX))
		return false;
	u32 fsuid = cred_fsuid();
	return fsuid != victim->uid && fsuid != dir->uid && !capable(CAP_FOWNER);
}

/*
 * inode_init_owner: a new inode belongs to the fs uid; its group is the fs
 * gid, or the directory's under a set-group-ID directory, where a new
 * directory inherits S_ISGID and a group-executable file made by someone
 * outside that group (without CAP_FSETID) loses it (mode_strip_sgid).
 */
void inode_init_owner(struct inode *inode, const struct inode *dir)
{
	inode->uid = cred_fsuid();
	inode->gid = cred_fsgid();
	if (!dir || !(dir->mode & S_ISGID))
		return;
	inode->gid = dir->gid;
	if ((inode->mode & S_IFMT) == S_IFDIR)
		inode->mode |= S_ISGID;
	else if ((inode->mode & (S_ISGID | 0010)) == (S_ISGID | 0010) && !cred_in_group(dir->gid) &&
		 !capable(CAP_FSETID))
		inode->mode &= ~(u32)S_ISGID;
}

/* Linux's new_encode_dev is already how rdev is kept; st_dev likewise. */
void vfs_fill_stat(struct inode *inode, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = inode->sb->dev;
	st->st_ino = inode->ino;
	st->st_mode = inode->mode;
	st->st_nlink = inode->nlink;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = inode->rdev;
	st->st_size = (s64)inode->size;
	st->st_blksize = 4096;
	st->st_blocks = (s64)inode->blocks;
	st->st_atime_sec = inode->atime.sec;
	st->st_atime_nsec = (u64)inode->atime.nsec;
	st->st_mtime_sec = inode->mtime.sec;
	st->st_mtime_nsec = (u64)inode->mtime.nsec;
	st->st_ctime_sec = inode->ctime.sec;
	st->st_ctime_nsec = (u64)inode->ctime.nsec;
}

/* ---- RLIMIT_FSIZE ------------------------------------------------------------------ */

/* send_sig(SIGXFSZ, current, 0): to the calling thread, as from the caller (SI_USER). */
static void send_sigxfsz(void)
{
	struct signal_cause cause = {.code = SI_USER, .pid = current()->group->pid, .uid = cred_current()->uid};
	(void)signal_send_info(current(), SIGXFSZ, &cause);
}

ssize_t file_size_limit_write(u64 pos, size_t *len)
{
	u64 limit = __atomic_load_n(&current()->group->rlimits[RLIMIT_FSIZE][0], __ATOMIC_RELAXED);
	if (limit == ~0ULL) /* RLIM_INFINITY */
		return 0;
	if (pos >= limit) {
		send_sigxfsz();
		return -EFBIG;
	}
	if (*len > limit - pos)
		*len = (size_t)(limit - pos);
	return 0;
}

int file_size_limit_grow(struct inode *inode, u64 size)
{
	if (size <= inode->size)
		return 0;
	u64 limit = __atomic_load_n(&current()->group->rlimits[RLIMIT_FSIZE][0], __ATOMIC_RELAXED);
	if (limit != ~0ULL && size > limit) {
		send_sigxfsz();
		return -EFBIG;
	}
	return 0;
}
