/*
 * sys_io.c — read/write and friends, file descriptors, stat, ioctl, poll.
 * Error order follows Linux fs/read_write.c: a bad fd (-EBADF), no
 * positions for pread/pwrite (-ESPIPE), a bad mode (-EBADF), no method
 * (-EINVAL), then bad buffers (-EINVAL / -EFAULT).
 */
#include <syscall.h>

#include <cred.h>
#include <console.h>
#include <fs.h>
#include <fsnotify.h>
#include <kmalloc.h>
#include <mm.h>
#include <path.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <uapi/misc.h>
#include <uapi/openat2.h>
#include <uapi/resource.h>
#include <uapi/stat.h>

/*
 * Whether f may be read or written (fs/read_write.c), in Linux's order:
 * pread/pwrite on a file without positions is ESPIPE before anything else
 * (ksys_pread64 tests FMODE_PREAD first); a file not opened for it is
 * EBADF (an O_PATH one never gets here: fd_get_file) (FMODE_READ/WRITE:
 * O_ACCMODE 3 is neither); one without the method is EINVAL
 * (FMODE_CAN_READ/WRITE: a timerfd, an epoll file, a directory).
 */
long rw_allowed(const struct file *f, bool write, bool positioned)
{
	if (positioned && !f->ops->seekable)
		return -ESPIPE;
	unsigned mode = f->flags & O_ACCMODE;
	if (mode != O_RDWR && mode != (write ? O_WRONLY : O_RDONLY))
		return -EBADF;
	if (!(write ? f->ops->write : f->ops->read))
		return -EINVAL;
	return 0;
}

/* One transfer through the file's ops at its position (or at *at if given). */
static ssize_t do_rw(struct file *f, struct iobuf *buf, size_t len, bool write, u64 *at)
{
	u64 pos = at ? *at : f->pos;
	/* rw_verify_area: nothing moves past the largest offset, 2^63 - 1 (no
	 * file here takes unsigned offsets: FMODE_UNSIGNED_OFFSET) */
	if ((s64)(pos + len) < 0)
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	ssize_t n = write ? f->ops->write(f, buf, len, pos) : f->ops->read(f, buf, len, pos);
	if (n > 0 && f->ops->seekable && !at) {
		bool append = write && (f->flags & O_APPEND) && (f->inode->mode & S_IFMT) == S_IFREG;
		f->pos = append ? f->inode->size : pos + (u64)n; /* O_APPEND wrote at the end */
	}
	return n;
}

/*
 * read/write/pread64: one buffer, at the file position or (offset != NULL)
 * at *offset without moving it. Checks in Linux's order: the offset
 * (pread), the fd, rw_allowed, the buffer.
 */
static long rw_single(int fd, uaddr_t buf, size_t count, bool write, const s64 *offset)
{
	if (offset && *offset < 0)
		return -EINVAL; /* ksys_pread64 checks the offset before the fd */
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	long ret = rw_allowed(f, write, offset != NULL);
	if (ret)
		goto out;
	ret = -EFAULT;
	if (!access_ok(buf, count))
		goto out;
	ret = write ? 0 : fsnotify_read_perm(f); /* rw_verify_area's fsnotify_perm */
	if (ret)
		goto out;
	/* vfs_write calls the method whatever the count: a write of nothing is
	 * the file's to answer (0 for most; EINVAL from clear_refs and eventfd,
	 * ENOSPC from /dev/full, EPIPE from a shut-down socket, a datagram
	 * socket sends an empty datagram). A read of nothing asks only the
	 * files that answer something else than 0 (read_empty_asks: eventfd,
	 * timerfd and signalfd's EINVAL); for the others it is 0 here. */
	ret = 0;
	if (count == 0 && !write && !f->ops->read_empty_asks)
		goto out;
	struct iobuf io = {.user = true, .uaddr = buf};
	u64 at = offset ? (u64)*offset : 0;
	bool pos_locked = !offset && file_pos_lock(f); /* read/write use and move the position */
	ret = do_rw(f, &io, count, write, offset ? &at : NULL);
	file_pos_unlock(f, pos_locked);
	if (ret > 0) /* vfs_read / vfs_write */
		write ? fsnotify_modify(f) : fsnotify_access(f);
out:
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(read, int, fd, uaddr_t, buf, size_t, count)
{
	return rw_single(fd, buf, count, false, NULL);
}

SYSCALL_DEFINE3(write, int, fd, uaddr_t, buf, size_t, count)
{
	return rw_single(fd, buf, count, true, NULL);
}

SYSCALL_DEFINE4(pread64, int, fd, uaddr_t, buf, size_t, count, s64, offset)
{
	return rw_single(fd, buf, count, false, &offset);
}

SYSCALL_DEFINE4(pwrite64, int, fd, uaddr_t, buf, size_t, count, s64, offset)
{
	return rw_single(fd, buf, count, true, &offset);
}

long iovecs_from_user(uaddr_t uvec, u64 nr, struct iovec_user **out)
{
	*out = NULL;
	if (nr == 0)
		return 0;
	struct iovec_user *iov = kmalloc(nr * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	long ret = copy_from_user(iov, uvec, nr * sizeof(*iov)) ? -EFAULT : 0;
	for (u64 i = 0; !ret && i < nr; i++) {
		if ((s64)iov[i].iov_len < 0)
			ret = -EINVAL;
	}
	if (ret) {
		kfree(iov);
		return ret;
	}
	*out = iov;
	return 0;
}

long import_iovec(uaddr_t uvec, u64 nr, struct iovec_user **out)
{
	long ret = iovecs_from_user(uvec, nr, out);
	struct iovec_user *iov = *out;
	u64 total = 0;
	for (u64 i = 0; !ret && i < nr; i++) {
		if (!access_ok(uaddr_from(iov[i].iov_base), iov[i].iov_len))
			ret = -EFAULT;
		iov[i].iov_len = MIN(iov[i].iov_len, (u64)MAX_RW_COUNT - total);
		total += iov[i].iov_len;
	}
	if (ret) {
		kfree(iov);
		*out = NULL;
		return ret;
	}
	return (long)total;
}

/* Vectored I/O: copy in and check the iovec array, then one transfer each,
 * at the file position or (at != NULL) from *at without moving it. */
static long rw_vector(int fd, uaddr_t uiov, int iovcnt, bool write, u64 *at)
{
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	struct iovec_user *iov = NULL;
	long ret = rw_allowed(f, write, at != NULL);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		goto out;
	ret = 0;
	if (iovcnt == 0) {
		if (!write)
			fsnotify_access(f); /* do_iter_read: an empty vector is a read of 0 bytes */
		goto out;
	}
	ret = import_iovec(uiov, (u64)iovcnt, &iov);
	if (ret > 0 && !write) { /* do_iter_read: rw_verify_area for a length above 0 */
		long denied = fsnotify_read_perm(f);
		if (denied)
			ret = denied;
	}
	if (ret < 0)
		goto out;
	bool pos_locked = !at && file_pos_lock(f); /* one position for the whole vector */
	ret = rw_iovec(f, iov, (u64)iovcnt, write, at);
	file_pos_unlock(f, pos_locked);
out:
	kfree(iov);
	file_put(f);
	return ret;
}

long rw_iovec(struct file *f, const struct iovec_user *iov, u64 nr, bool write, u64 *at)
{
	long ret = 0;
	for (u64 i = 0; i < nr; i++) {
		if (iov[i].iov_len == 0)
			continue;
		struct iobuf io = {.user = true, .uaddr = uaddr_from(iov[i].iov_base)};
		size_t len = iov[i].iov_len;
		ssize_t n = do_rw(f, &io, len, write, at);
		if (n > 0 && at)
			*at += (u64)n;
		if (n < 0) {
			if (ret == 0)
				ret = n;
			break;
		}
		ret += n;
		if ((size_t)n < len)
			break;
	}
	/* do_iter_read reports any read that did not fail, do_iter_write only one that wrote */
	if (write ? ret > 0 : ret >= 0)
		write ? fsnotify_modify(f) : fsnotify_access(f);
	return ret;
}

SYSCALL_DEFINE3(readv, int, fd, uaddr_t, iov, int, iovcnt)
{
	return rw_vector(fd, iov, iovcnt, false, NULL);
}

SYSCALL_DEFINE3(writev, int, fd, uaddr_t, iov, int, iovcnt)
{
	return rw_vector(fd, iov, iovcnt, true, NULL);
}

/* preadv/pwritev: the offset comes in two registers (low, high) as in Linux's pos_from_hilo. */
static long rw_vector_at(int fd, uaddr_t iov, int iovcnt, u64 lo, u64 hi, bool write, bool v2, int flags)
{
	s64 off = (s64)(lo | (hi << 32 << 32)); /* on 64-bit, hi is shifted out: lo is the offset */
	if (v2 && (flags & ~0x1f))
		return -EOPNOTSUPP; /* RWF_* known: HIPRI, DSYNC, SYNC, NOWAIT, APPEND */
	if (v2 && off == -1)
		return rw_vector(fd, iov, iovcnt, write, NULL); /* -1: the file position */
	if (off < 0)
		return -EINVAL;
	u64 at = (u64)off;
	return rw_vector(fd, iov, iovcnt, write, &at);
}

SYSCALL_DEFINE5(preadv, int, fd, uaddr_t, iov, int, iovcnt, u64, lo, u64, hi)
{
	return rw_vector_at(fd, iov, iovcnt, lo, hi, false, false, 0);
}

SYSCALL_DEFINE5(pwritev, int, fd, uaddr_t, iov, int, iovcnt, u64, lo, u64, hi)
{
	return rw_vector_at(fd, iov, iovcnt, lo, hi, true, false, 0);
}

SYSCALL_DEFINE6(preadv2, int, fd, uaddr_t, iov, int, iovcnt, u64, lo, u64, hi, int, flags)
{
	return rw_vector_at(fd, iov, iovcnt, lo, hi, false, true, flags);
}

SYSCALL_DEFINE6(pwritev2, int, fd, uaddr_t, iov, int, iovcnt, u64, lo, u64, hi, int, flags)
{
	return rw_vector_at(fd, iov, iovcnt, lo, hi, true, true, flags);
}

static long do_open(int dirfd, uaddr_t upath, int flags, u32 mode, unsigned lookup)
{
	char *path;
	long len = vfs_get_user_path(upath, &path);
	if (len < 0)
		return len;
	struct file *dir = NULL, *f;
	/* scoped walks start at dirfd even for absolute names: "/" is dirfd then */
	bool scoped = lookup & (LOOKUP_BENEATH | LOOKUP_IN_ROOT);
	long ret = len == 0 ? -ENOENT : vfs_start_dir(dirfd, scoped ? "." : path, &dir);
	if (ret)
		goto out;
	ret = vfs_open_at2(dir, path, flags | O_LARGEFILE, mode, lookup, &f); /* 64-bit opens are large-file */
	if (ret)
		goto out;
	ret = fsnotify_open_perm(f, false); /* do_dentry_open's fsnotify_perm(MAY_OPEN) */
	if (ret) {
		file_put(f);
		goto out;
	}
	fsnotify_open(f);
	ret = fd_install_or_put(f, flags & O_CLOEXEC);
out:
	if (dir)
		file_put(dir);
	kfree(path);
	return ret;
}

SYSCALL_DEFINE4(openat, int, dirfd, uaddr_t, upath, int, flags, u32, mode)
{
	return do_open(dirfd, upath, flags, mode, 0);
}

long openat_call(int dirfd, uaddr_t upath, int flags, u32 mode)
{
	return do_sys_openat(dirfd, upath, flags, mode);
}

#define VALID_OPEN_FLAGS                                                                                           \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | 020000 | O_DIRECT | \
	 O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | __O_TMPFILE | 04000000)

/* copy_struct_from_user: a larger struct is fine if the part we do not know is zero. */
static long copy_how(uaddr_t uhow, size_t size, struct open_how_user *how)
{
	if (size < sizeof(*how))
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (copy_from_user(how, uhow, sizeof(*how)))
		return -EFAULT;
	for (size_t at = sizeof(*how); at < size; at++) {
		u8 c;
		if (copy_from_user(&c, uaddr_add(uhow, at), 1))
			return -EFAULT;
		if (c)
			return -E2BIG;
	}
	return 0;
}

/* openat2: openat with every unknown bit refused and RESOLVE_* restrictions on the walk. */
SYSCALL_DEFINE4(openat2, int, dirfd, uaddr_t, upath, uaddr_t, uhow, size_t, size)
{
	struct open_how_user how;
	long err = copy_how(uhow, size, &how);
	if (err)
		return err;
	if (how.flags & ~(u64)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(u64)0x3f)
		return -EINVAL;
	if ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if ((how.flags & (O_CREAT | __O_TMPFILE)) ? (how.mode & ~(u64)07777) : how.mode)
		return -EINVAL;
	if ((how.flags & O_PATH) && (how.flags & ~(u64)(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)))
		return -EINVAL;
	if ((how.resolve & RESOLVE_CACHED) && (how.flags & (O_TRUNC | O_CREAT | __O_TMPFILE)))
		return -EAGAIN;
	unsigned lookup = ((how.resolve & RESOLVE_NO_XDEV) ? LOOKUP_NO_XDEV : 0) |
			  ((how.resolve & RESOLVE_NO_MAGICLINKS) ? LOOKUP_NO_MAGICLINKS : 0) |
			  ((how.resolve & RESOLVE_NO_SYMLINKS) ? LOOKUP_NO_SYMLINKS : 0) |
			  ((how.resolve & RESOLVE_BENEATH) ? LOOKUP_BENEATH : 0) |
			  ((how.resolve & RESOLVE_IN_ROOT) ? LOOKUP_IN_ROOT : 0);
	return do_open(dirfd, upath, (int)how.flags, (u32)how.mode, lookup);
}

SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(fd);
}

/* stat's view of a file: its inode's attributes, unless its operations say otherwise (pipes). */
static int file_stat(struct file *f, struct kstat *st)
{
	if (f->ops->stat)
		return f->ops->stat(f, st);
	vfs_fill_stat(f->inode, st);
	return 0;
}

static long stat_file(struct file *f, uaddr_t ust)
{
	struct kstat st;
	int err = file_stat(f, &st);
	if (err)
		return err;
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(fstat, int, fd, uaddr_t, ust)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long ret = stat_file(f, ust);
	file_put(f);
	return ret;
}

/* The file (dirfd, path) names, opened as O_PATH for stat/access: AT_EMPTY_PATH
 * means dirfd itself, AT_SYMLINK_NOFOLLOW a link itself. */
static long open_at_for_stat(int dirfd, uaddr_t upath, int flags, struct file **out)
{
	char *path;
	long len = vfs_get_user_path(upath, &path);
	if (len < 0)
		return len;
	struct file *dir = NULL;
	long ret;
	int oflags = O_PATH | ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0);
	if (len == 0 && (flags & AT_EMPTY_PATH)) {
		/* the file dirfd refers to itself (the working directory for AT_FDCWD) */
		ret = dirfd == AT_FDCWD ? vfs_open(".", O_PATH, out) : ((*out = fd_get(dirfd)) ? 0 : -EBADF);
	} else {
		ret = len == 0 ? -ENOENT : vfs_start_dir(dirfd, path, &dir);
		if (!ret)
			ret = vfs_open_at(dir, path, oflags, 0, out);
	}
	if (dir)
		file_put(dir);
	kfree(path);
	return ret;
}

/* Is the name at upath ""? (false if it cannot be read: the walk then says EFAULT) */
static bool empty_user_path(uaddr_t upath)
{
	char c;
	return copy_from_user(&c, upath, 1) == 0 && c == '\0';
}

/*
 * vfs_statx: the attributes of what (dirfd, path) names, and the id of its
 * mount. A walk, not an open (no struct file is made): only an empty path
 * with AT_EMPTY_PATH and a descriptor uses the open file, whose stat
 * operation may differ from its inode's (a tty's st_blksize). glibc's fstat
 * is that case (fstatat(fd, "", AT_EMPTY_PATH)), so it copies one byte of
 * the name, not PATH_MAX.
 */
static long stat_at(int dirfd, uaddr_t upath, int flags, struct kstat *st, int *mnt_id)
{
	if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && empty_user_path(upath)) {
		struct file *f = fd_get(dirfd);
		if (!f)
			return -EBADF;
		int err = file_stat(f, st);
		*mnt_id = file_mnt_id(f);
		file_put(f);
		return err;
	}
	struct path p;
	int err = vfs_user_walk(dirfd, upath, flags, 0, &p);
	if (err)
		return err;
	vfs_fill_stat(p.dentry->inode, st);
	*mnt_id = p.mnt->id;
	path_put(&p);
	return 0;
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, uaddr_t, upath, uaddr_t, ust, int, flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	struct kstat st;
	int mnt_id;
	long ret = stat_at(dirfd, upath, flags, &st, &mnt_id);
	if (ret)
		return ret;
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE5(statx, int, dirfd, uaddr_t, upath, int, flags, u32, mask, uaddr_t, ubuf)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	struct kstat st;
	int mnt_id;
	long ret = stat_at(dirfd, upath, flags, &st, &mnt_id);
	if (ret)
		return ret;
	struct statx_user sx;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID; /* what ramfs gives on Linux */
	sx.stx_mnt_id = (u64)mnt_id;
	sx.stx_blksize = (u32)st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (u16)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (u64)st.st_size;
	sx.stx_blocks = (u64)st.st_blocks;
	sx.stx_atime.tv_sec = st.st_atime_sec;
	sx.stx_atime.tv_nsec = (u32)st.st_atime_nsec;
	sx.stx_mtime.tv_sec = st.st_mtime_sec;
	sx.stx_mtime.tv_nsec = (u32)st.st_mtime_nsec;
	sx.stx_ctime.tv_sec = st.st_ctime_sec;
	sx.stx_ctime.tv_nsec = (u32)st.st_ctime_nsec;
	sx.stx_rdev_major = (u32)((st.st_rdev >> 8) & 0xfff); /* new_decode_dev */
	sx.stx_rdev_minor = (u32)((st.st_rdev & 0xff) | ((st.st_rdev >> 12) & 0xfff00));
	sx.stx_dev_major = (u32)((st.st_dev >> 8) & 0xfff);
	sx.stx_dev_minor = (u32)((st.st_dev & 0xff) | ((st.st_dev >> 12) & 0xfff00));
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

long statx_call(int dirfd, uaddr_t upath, int flags, u32 mask, uaddr_t ubuf)
{
	return do_sys_statx(dirfd, upath, flags, mask, ubuf);
}

/*
 * access (fs/open.c do_faccessat): existence, then W_OK needs a writable
 * mount for files that live on it, then the permission bits as
 * inode_permission judges them (root: X_OK on a non-directory needs some
 * execute bit).
 */
/* access_override_creds: unless AT_EACCESS, the real uid and gid act as the
 * fs ids, and a non-root real uid has no capabilities (root: the permitted). */
static const struct cred *access_cred(int flags, struct cred *real)
{
	const struct cred *c = cred_current();
	if (flags & AT_EACCESS)
		return c;
	*real = *c;
	real->fsuid = c->uid;
	real->fsgid = c->gid;
	real->cap_effective = c->uid == 0 ? c->cap_permitted : 0;
	return real;
}

static long do_faccessat(int dirfd, uaddr_t upath, int mode, int flags)
{
	struct cred real;
	if (mode & ~(F_OK | X_OK | W_OK | R_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct file *f;
	long ret = open_at_for_stat(dirfd, upath, flags, &f);
	if (ret)
		return ret;
	u32 type = f->inode->mode & S_IFMT;
	bool on_fs = type == S_IFREG || type == S_IFDIR || type == S_IFLNK;
	if ((mode & W_OK) && on_fs && f->path.mnt && mnt_is_readonly(f->path.mnt))
		ret = -EROFS;
	else if (mode & (R_OK | W_OK | X_OK))
		ret = inode_permission_cred(access_cred(flags, &real), f->inode,
					    ((mode & R_OK) ? MAY_READ : 0) | ((mode & W_OK) ? MAY_WRITE : 0) |
						    ((mode & X_OK) ? MAY_EXEC : 0));
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(faccessat, int, dirfd, uaddr_t, upath, int, mode)
{
	return do_faccessat(dirfd, upath, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dirfd, uaddr_t, upath, int, mode, int, flags)
{
	return do_faccessat(dirfd, upath, mode, flags);
}

/*
 * lseek as Linux's generic_file_llseek for regular files (with SEEK_DATA
 * and SEEK_HOLE: a file here is all data), and as dcache_dir_lseek /
 * seq_lseek for directories and /proc files (SEEK_SET and SEEK_CUR only).
 */
static long do_lseek(struct file *f, s64 offset, int whence)
{
	bool regular = (f->inode->mode & S_IFMT) == S_IFREG && !f->ops->seek_set_cur_only;
	s64 size = (s64)f->inode->size;
	switch (whence) {
	case SEEK_SET: break;
	case SEEK_CUR:
		if (offset > 0 && (s64)f->pos > INT64_MAX - offset)
			return -EINVAL;
		offset += (s64)f->pos;
		break;
	case SEEK_END:
		if (!regular)
			return -EINVAL;
		if (offset > 0 && size > INT64_MAX - offset)
			return -EINVAL;
		offset += size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (!regular)
			return -EINVAL;
		if (offset < 0 || offset >= size)
			return -ENXIO;
		if (f->inode->iops && f->inode->iops->seek_data)
			offset = f->inode->iops->seek_data(f->inode, offset, whence);
		else if (whence == SEEK_HOLE)
			offset = size; /* all data */
		if (offset < 0)
			return offset;
		break;
	default: return -EINVAL;
	}
	if (offset < 0)
		return -EINVAL;
	f->pos = (u64)offset;
	return offset;
}

SYSCALL_DEFINE3(lseek, int, fd, s64, offset, int, whence)
{
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	bool pos_locked = file_pos_lock(f);
	long ret = f->ops->seekable ? do_lseek(f, offset, whence) : -ESPIPE;
	if (f->ops->seek_always_zero && (u32)whence <= SEEK_HOLE) { /* ksys_lseek checks whence first */
		f->pos = 0;
		ret = 0;
	}
	file_pos_unlock(f, pos_locked);
	file_put(f);
	return ret;
}

/* The ioctls every file has (fs/ioctl.c do_vfs_ioctl); -ENOIOCTLCMD: not one of them. */
static long generic_ioctl(int fd, struct file *f, unsigned cmd, u64 arg)
{
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX: fd_set_cloexec(fd, cmd == FIOCLEX); return 0;
	case FIONBIO: {
		u32 on;
		if (get_user_u32(&on, uaddr_from(arg)))
			return -EFAULT;
		f->flags = on ? (f->flags | O_NONBLOCK) : (f->flags & ~(unsigned)O_NONBLOCK);
		return 0;
	}
	case FIONREAD:
		if ((f->inode->mode & S_IFMT) != S_IFREG)
			return -ENOIOCTLCMD;
		return put_user_u32(uaddr_from(arg), (u32)(f->inode->size > f->pos ? f->inode->size - f->pos : 0))
			       ? -EFAULT
			       : 0;
	default: return -ENOIOCTLCMD;
	}
}

SYSCALL_DEFINE3(ioctl, int, fd, u32, cmd, u64, arg)
{
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	long ret = generic_ioctl(fd, f, cmd, arg);
	if (ret == -ENOIOCTLCMD)
		ret = f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}

/* readlinkat (fs/stat.c do_readlinkat): the link itself, not followed; an
 * empty path with dirfd names dirfd's file. EINVAL for what is not a link. */
SYSCALL_DEFINE4(readlinkat, int, dirfd, uaddr_t, upath, uaddr_t, ubuf, int, bufsiz)
{
	if (bufsiz <= 0)
		return -EINVAL;
	struct file *f;
	long ret = open_at_for_stat(dirfd, upath, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &f);
	if (ret)
		return ret;
	char *target = NULL;
	ret = f->path.dentry ? vfs_get_link(&f->path, &target) : -EINVAL;
	if (ret == -EINVAL && f->path.dentry && (f->inode->mode & S_IFMT) != S_IFLNK && empty_user_path(upath))
		ret = -ENOENT; /* do_readlinkat: "" names dirfd, which is not a link */
	if (ret == 0) {
		ret = (long)MIN(strlen(target), (size_t)bufsiz);
		if (copy_to_user(ubuf, target, (size_t)ret))
			ret = -EFAULT;
	}
	kfree(target);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE1(dup, int, fd)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	return fd_install_or_put(f, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || (u64)newfd >= current()->group->rlimits[RLIMIT_NOFILE][0])
		return -EBADF;
	struct file *f = fd_get(oldfd);
	if (!f)
		return -EBADF;
	int ret = fd_replace(f, newfd, flags & O_CLOEXEC); /* closes what newfd held, atomically */
	if (ret < 0)
		file_put(f);
	return ret == -EMFILE ? -EBADF : ret; /* ksys_dup3: past fs.nr_open is EBADF */
}

/* memfd_fcntl: seals exist on tmpfs files (only memfds may take new ones). */
static long file_seals(struct file *f, bool add, unsigned seals)
{
	struct inode *inode = f->inode;
	if ((inode->mode & S_IFMT) != S_IFREG || inode->sb->magic != 0x01021994 || f->ops != inode->fops)
		return -EINVAL;
	if (!add)
		return __atomic_load_n(&inode->seals, __ATOMIC_RELAXED);
	if (!file_writable(f))
		return -EPERM;
	if (seals & ~(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EINVAL;
	mutex_lock(&inode->lock);
	long ret = (inode->seals & F_SEAL_SEAL) ? -EPERM : 0;
	/* memfd_add_seals: F_SEAL_WRITE waits for no writable shared mapping
	 * (mapping_deny_writable: EBUSY), and denies new ones for good */
	if (!ret && (seals & F_SEAL_WRITE) && !(inode->seals & F_SEAL_WRITE))
		ret = inode_deny_writable_maps(inode);
	if (!ret)
		inode->seals |= seals;
	mutex_unlock(&inode->lock);
	return ret;
}

/* The fcntl commands an O_PATH descriptor serves; any other is EBADF, an
 * unknown one included (fs/fcntl.c check_fcntl_cmd). */
static bool fcntl_cmd_takes_path(int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD || cmd == F_GETFL;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, u64, arg)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if ((f->flags & O_PATH) && !fcntl_cmd_takes_path(cmd)) {
		file_put(f);
		return -EBADF;
	}
	long ret;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/* fs/fcntl.c f_dupfd: the minimum is an unsigned int below RLIMIT_NOFILE */
		if ((u32)arg >= current()->group->rlimits[RLIMIT_NOFILE][0]) {
			ret = -EINVAL;
			break;
		}
		ret = fd_install(f, (int)(u32)arg, cmd == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret; /* the reference moved into the table */
		break;
	case F_GETFD: ret = fd_get_cloexec(fd) ? FD_CLOEXEC : 0; break;
	case F_SETFD:
		fd_set_cloexec(fd, arg & FD_CLOEXEC);
		ret = 0;
		break;
	case F_GETFL: ret = (f->flags & ~O_CLOEXEC) | (f->nonotify ? __FMODE_NONOTIFY : 0); break;
	case F_SETFL: ret = fcntl_setfl(f, fd, (unsigned)arg); break;
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ: ret = pipe_fcntl(f, cmd, (unsigned)arg); break;
	case 8:	 /* F_SETOWN */
	case 9:	 /* F_GETOWN */
	case 10: /* F_SETSIG */
	case 11: /* F_GETSIG */
	case 15: /* F_SETOWN_EX */
	case 16: /* F_GETOWN_EX */ ret = fcntl_owner(f, cmd, arg); break;
	case 1024: /* F_SETLEASE */
	case 1025: /* F_GETLEASE */ ret = fcntl_lease(f, fd, cmd, arg); break;
	case F_ADD_SEALS:
	case F_GET_SEALS: ret = file_seals(f, cmd == F_ADD_SEALS, (unsigned)arg); break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW: ret = fcntl_lock(f, cmd, uaddr_from(arg)); break;
	default: ret = -EINVAL; break;
	}
	file_put(f);
	return ret;
}

struct dirent_sink {
	struct dir_context ctx;
	uaddr_t ubuf;
	size_t size, written;
	int err;
};

/* One struct linux_dirent64 record (include/linux/dirent.h), 8-byte aligned. */
static bool emit_dirent64(struct dir_context *ctx, const char *name, size_t len, u64 ino, unsigned type, u64 next)
{
	struct dirent_sink *s = container_of(ctx, struct dirent_sink, ctx);
	size_t reclen = ALIGN_UP(19 + len + 1, 8);
	if (s->written + reclen > s->size) {
		if (!s->written)
			s->err = -EINVAL;
		return false;
	}
	char rec[ALIGN_UP(19 + NAME_MAX + 1, 8)];
	memset(rec, 0, reclen);
	u16 rl = (u16)reclen;
	memcpy(rec, &ino, 8);
	memcpy(rec + 8, &next, 8);
	memcpy(rec + 16, &rl, 2);
	rec[18] = (char)type;
	memcpy(rec + 19, name, len);
	if (copy_to_user(uaddr_add(s->ubuf, s->written), rec, reclen)) {
		s->err = -EFAULT;
		return false;
	}
	s->written += reclen;
	return true;
}

/* getdents64 (fs/readdir.c): the directory's entries from the file position. */
SYSCALL_DEFINE3(getdents64, int, fd, uaddr_t, ubuf, u32, count)
{
	if (!access_ok(ubuf, count))
		return -EFAULT;		  /* checked before the fd, as fs/readdir.c does */
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	struct inode *inode = f->inode;
	long ret = -ENOTDIR;
	if (f->ops == inode->fops && inode->iops && inode->iops->iterate)
		ret = fsnotify_read_perm(f); /* iterate_dir's security_file_permission(MAY_READ) */
	if (!ret) {
		struct dirent_sink s = {.ctx = {.emit = emit_dirent64}, .ubuf = ubuf, .size = count};
		bool pos_locked = file_pos_lock(f); /* before the inode's lock, as Linux's fdget_pos */
		mutex_lock(&inode->lock);
		s.ctx.pos = f->pos;
		ret = inode->nlink ? inode->iops->iterate(f, &s.ctx) : -ENOENT; /* IS_DEADDIR */
		f->pos = s.ctx.pos;
		mutex_unlock(&inode->lock);
		file_pos_unlock(f, pos_locked);
		if (ret != -ENOENT) { /* iterate_dir */
			fsnotify_access(f);
			file_accessed(f);
		}
		if (ret == 0)
			ret = s.written ? (long)s.written : s.err;
	}
	file_put(f);
	return ret;
}
