/*
 * sys_io.c — read/write and friends, file descriptors, stat, ioctl, poll.
 * Error order follows Linux fs/read_write.c: a bad fd (-EBADF) before a
 * bad mode (-EBADF) before bad buffers (-EINVAL / -EFAULT).
 */
#include <syscall.h>

#include <console.h>
#include <fs.h>
#include <kmalloc.h>
#include <mm.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

static bool can_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && f->ops->read;
}

static bool can_write(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && f->ops->write;
}

/* One transfer through the file's ops at its position (or at *at if given). */
static ssize_t do_rw(struct file *f, struct iobuf *buf, size_t len, bool write, u64 *at)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	u64 pos = at ? *at : f->pos;
	ssize_t n = write ? f->ops->write(f, buf, len, pos) : f->ops->read(f, buf, len, pos);
	if (n > 0 && f->ops->seekable && !at)
		f->pos = pos + (u64)n;
	return n;
}

/*
 * read/write/pread64: one buffer, at the file position or (offset != NULL)
 * at *offset without moving it. Checks in Linux's order: the fd, the mode,
 * seekability and the offset (pread), the buffer.
 */
static long rw_single(int fd, uaddr_t buf, size_t count, bool write, const s64 *offset)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long ret = -EBADF;
	if (!(write ? can_write(f) : can_read(f)))
		goto out;
	ret = -ESPIPE;
	if (offset && !f->ops->seekable)
		goto out;
	ret = -EINVAL;
	if (offset && *offset < 0)
		goto out;
	ret = -EFAULT;
	if (!access_ok(buf, count))
		goto out;
	ret = 0;
	if (count == 0)
		goto out;
	struct iobuf io = {.user = true, .uaddr = buf};
	u64 at = offset ? (u64)*offset : 0;
	ret = do_rw(f, &io, count, write, offset ? &at : NULL);
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

/* Vectored I/O: copy in and check the iovec array, then one transfer each. */
static long rw_vector(int fd, uaddr_t uiov, int iovcnt, bool write)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long ret = -EBADF;
	struct iovec_user *iov = NULL;
	if (!(write ? can_write(f) : can_read(f)))
		goto out;
	ret = -EINVAL;
	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		goto out;
	ret = 0;
	if (iovcnt == 0)
		goto out;
	ret = -ENOMEM;
	iov = kmalloc(sizeof(*iov) * (size_t)iovcnt);
	if (!iov)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(iov, uiov, sizeof(*iov) * (size_t)iovcnt))
		goto out;
	u64 total = 0;
	for (int i = 0; i < iovcnt; i++) {
		ret = -EINVAL;
		if ((s64)iov[i].iov_len < 0)
			goto out;
		ret = -EFAULT;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			goto out;
		total += iov[i].iov_len;
		ret = -EINVAL;
		if ((s64)total < 0)
			goto out;
	}
	ret = 0;
	for (int i = 0; i < iovcnt && (u64)ret < MAX_RW_COUNT; i++) {
		if (iov[i].iov_len == 0)
			continue;
		struct iobuf io = {.user = true, .uaddr = iov[i].iov_base};
		size_t len = MIN(iov[i].iov_len, (u64)(MAX_RW_COUNT - ret));
		ssize_t n = do_rw(f, &io, len, write, NULL);
		if (n < 0) {
			if (ret == 0)
				ret = n;
			break;
		}
		ret += n;
		if ((size_t)n < len)
			break;
	}
out:
	kfree(iov);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(readv, int, fd, uaddr_t, iov, int, iovcnt)
{
	return rw_vector(fd, iov, iovcnt, false);
}

SYSCALL_DEFINE3(writev, int, fd, uaddr_t, iov, int, iovcnt)
{
	return rw_vector(fd, iov, iovcnt, true);
}

#define PATH_MAX 4096

static long get_path(char **out, uaddr_t upath)
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

SYSCALL_DEFINE4(openat, int, dirfd, uaddr_t, upath, int, flags, u32, mode)
{
	char *path;
	long len = get_path(&path, upath);
	if (len < 0)
		return len;
	long ret = -ENOENT;
	if (len == 0)
		goto out;
	if (path[0] != '/' && dirfd != AT_FDCWD) {
		struct file *dir = fd_get(dirfd);
		ret = dir ? -ENOTDIR : -EBADF;
		if (dir)
			file_put(dir);
		goto out;
	}
	struct file *f = procfs_open(path, &ret);
	if (!f && ret == -ENOENT) {
		ret = vfs_open(path, flags, &f);
		if (ret)
			goto out;
	} else if (!f) {
		goto out;
	}
	ret = fd_install(f, 0, flags & O_CLOEXEC);
	if (ret < 0)
		file_put(f);
out:
	kfree(path);
	return ret;
}

SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(fd);
}

static long stat_file(struct file *f, uaddr_t ust)
{
	struct kstat st;
	int err = f->ops->stat ? f->ops->stat(f, &st) : -EINVAL;
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

SYSCALL_DEFINE4(newfstatat, int, dirfd, uaddr_t, upath, uaddr_t, ust, int, flags)
{
	char *path;
	long len = get_path(&path, upath);
	if (len < 0)
		return len;
	long ret;
	struct file *f = NULL;
	if (len == 0) {
		ret = -ENOENT;
		if (flags & AT_EMPTY_PATH) {
			f = fd_get(dirfd);
			ret = f ? 0 : -EBADF;
		}
	} else {
		f = procfs_open(path, &ret);
		if (!f && ret == -ENOENT)
			ret = vfs_open(path, O_RDONLY, &f);
	}
	kfree(path);
	if (ret)
		return ret;
	ret = stat_file(f, ust);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(lseek, int, fd, s64, offset, int, whence)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long ret = -ESPIPE;
	if (!f->ops->seekable)
		goto out;
	s64 base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (s64)f->pos; break;
	case SEEK_END: base = (s64)f->size; break;
	default: ret = -EINVAL; goto out;
	}
	ret = -EINVAL;
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		goto out;
	f->pos = (u64)(base + offset);
	ret = (long)f->pos;
out:
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(ioctl, int, fd, u32, cmd, u64, arg)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long ret = f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, uaddr_t, upath, uaddr_t, ubuf, int, bufsiz)
{
	char *path;
	long len = get_path(&path, upath);
	if (len < 0)
		return len;
	long ret = -EINVAL;
	if (bufsiz <= 0)
		goto out;
	ret = -ENOENT;
	if (strcmp(path, "/proc/self/exe") == 0) {
		const char *exe = current()->mm->exe_path;
		size_t n = MIN(strlen(exe), (size_t)bufsiz);
		ret = copy_to_user(ubuf, exe, n) ? -EFAULT : (long)n;
	} else {
		struct file *f;
		if (vfs_open(path, O_RDONLY, &f) == 0) {
			file_put(f);
			ret = -EINVAL; /* exists, but not a symbolic link */
		}
	}
out:
	kfree(path);
	return ret;
}

SYSCALL_DEFINE1(dup, int, fd)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int nfd = fd_install(f, 0, false);
	if (nfd < 0)
		file_put(f);
	return nfd;
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || (u64)newfd >= current()->group->rlimits[7][0])
		return -EBADF;
	struct file *f = fd_get(oldfd);
	if (!f)
		return -EBADF;
	(void)fd_close(newfd); /* fine if it was not open */
	int ret = fd_install(f, newfd, flags & O_CLOEXEC);
	if (ret != newfd) {
		if (ret >= 0)
			(void)fd_close(ret);
		else
			file_put(f);
		return ret < 0 ? ret : -EBUSY;
	}
	return newfd;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, u64, arg)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long ret;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret; /* the reference moved into the table */
		break;
	case F_GETFD: ret = fd_get_cloexec(fd) ? FD_CLOEXEC : 0; break;
	case F_SETFD:
		fd_set_cloexec(fd, arg & FD_CLOEXEC);
		ret = 0;
		break;
	case F_GETFL: ret = f->flags & ~O_CLOEXEC; break;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | ((unsigned)arg & (O_APPEND | O_NONBLOCK));
		ret = 0;
		break;
	default: ret = -EINVAL; break;
	}
	file_put(f);
	return ret;
}
