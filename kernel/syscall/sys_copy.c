/*
 * sys_copy.c — copies between files inside the kernel (fs/read_write.c):
 * sendfile and copy_file_range. Both move the bytes through a kernel
 * bounce buffer with the files' own read and write operations, in chunks,
 * stopping at the end of the input or a short write; the offsets they take
 * (a user pointer, or the file position when it is NULL) advance by what
 * was copied.
 *
 * sendfile follows Linux 6.1's do_sendfile: to a pipe it is one read of the
 * input (splice_file_to_pipe), which may be anything but a pipe; to any
 * other file it loops until count bytes or the end (do_splice_direct), so
 * the input must be a regular file or a block device
 * (splice_direct_to_actor) — from a tty it would wait for more lines after
 * the first, and callers such as BusyBox's cat fall back to read/write on
 * its EINVAL.
 */
#include <syscall.h>

#include <fs.h>
#include <fsnotify.h>
#include <kmalloc.h>
#include <string.h>
#include <task.h>
#include <wait.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

#define CHUNK (64u * 1024)

/* Copies up to count bytes from in at *in_pos to out at *out_pos (NULL:
 * out's position); with one_read, only what one read of in gives. Shared
 * with splice (sys_splice.c). */
long file_transfer(struct file *in, u64 *in_pos, struct file *out, u64 *out_pos, size_t count, bool one_read)
{
	u8 *buf = kmalloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	size_t done = 0;
	long err = 0;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	while (done < count) {
		/* Linux's splice_from_pipe_next: a signal ends the copy (a file
		 * sent into itself grows as it is read: only a signal stops it) */
		if (task_signal_pending(current())) {
			err = -EINTR;
			break;
		}
		struct iobuf io = {.user = false, .kaddr = buf};
		ssize_t n = in->ops->read(in, &io, MIN(count - done, (size_t)CHUNK), *in_pos);
		if (n <= 0) {
			err = n;
			break;
		}
		u64 at = out_pos ? *out_pos : out->pos;
		ssize_t w = out->ops->write(out, &io, (size_t)n, at);
		if (w <= 0) {
			err = w;
			break;
		}
		*in_pos += (u64)w;
		if (out_pos)
			*out_pos += (u64)w;
		else if (out->ops->seekable)
			out->pos = at + (u64)w;
		done += (size_t)w;
		if (w < n || one_read)
			break;
	}
	kfree(buf);
	return done ? (long)done : err;
}

static bool readable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && f->ops->read;
}

static bool writable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && f->ops->write;
}

/* An optional user offset: read it in (*has = false for NULL); negative is EINVAL. */
static long get_offset(uaddr_t uoff, u64 *off, bool *has)
{
	*has = !uaddr_is_null(uoff);
	if (uaddr_is_null(uoff))
		return 0;
	s64 v;
	if (copy_from_user(&v, uoff, sizeof(v)))
		return -EFAULT;
	if (v < 0)
		return -EINVAL;
	*off = (u64)v;
	return 0;
}

/* Bytes moved from in to out: an access and a modify event (Linux
 * do_sendfile, vfs_copy_file_range). */
static void notify_copied(struct file *in, struct file *out, long copied)
{
	if (copied > 0) {
		fsnotify_access(in);
		fsnotify_modify(out);
	}
}

/* Drops the two files' references; either may be NULL (not found). */
static void put_files(struct file *in, struct file *out)
{
	if (in)
		file_put(in);
	if (out)
		file_put(out);
}

/* do_sendfile: in readable, out writable and not O_APPEND; an offset needs a seekable input. */
SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, uaddr_t, uoffset, size_t, count)
{
	struct file *in = fd_get_file(in_fd), *out = NULL;
	long ret = -EBADF;
	if (!in || !readable(in))
		goto out;
	ret = -EINVAL; /* rw_verify_area(READ, in, ...) comes before out is looked at */
	if ((ssize_t)count < 0)
		goto out;
	ret = fsnotify_read_perm(in); /* and asks FAN_ACCESS_PERM */
	if (ret)
		goto out;
	ret = -EBADF;
	out = fd_get_file(out_fd);
	if (!out || !writable(out))
		goto out;
	ret = -EINVAL;
	if (out->flags & O_APPEND)
		goto out;
	u64 pos = in->pos;
	bool has;
	ret = get_offset(uoffset, &pos, &has);
	if (ret)
		goto out;
	ret = -ESPIPE;
	if (has && !in->ops->seekable)
		goto out;
	bool to_pipe = file_is_pipe(out);
	u32 in_type = in->inode->mode & S_IFMT;
	ret = -EINVAL;
	if (to_pipe ? file_is_pipe(in) : in_type != S_IFREG && in_type != S_IFBLK)
		goto out;
	ret = count ? file_transfer(in, &pos, out, NULL, count, to_pipe) : 0;
	notify_copied(in, out, ret);
	if (has && ret >= 0 && copy_to_user(uoffset, &pos, sizeof(pos)))
		ret = -EFAULT;
	else if (!has && ret > 0 && in->ops->seekable)
		in->pos = pos;
out:
	put_files(in, out);
	return ret;
}

/* vfs_copy_file_range (Linux 6.1): regular files of one file system; tmpfs has no
 * copy_file_range of its own, so another file system is EXDEV. */
static long copy_checks(struct file *in, struct file *out, unsigned flags)
{
	if (flags)
		return -EINVAL;
	if (!readable(in) || !writable(out) || (out->flags & O_APPEND))
		return -EBADF;
	u32 ti = in->inode->mode & S_IFMT, to = out->inode->mode & S_IFMT;
	if (ti == S_IFDIR || to == S_IFDIR)
		return -EISDIR;
	if (ti != S_IFREG || to != S_IFREG)
		return -EINVAL;
	if (in->inode->sb != out->inode->sb)
		return -EXDEV;
	return 0;
}

SYSCALL_DEFINE6(copy_file_range, int, fd_in, uaddr_t, uoff_in, int, fd_out, uaddr_t, uoff_out, size_t, len, unsigned,
		flags)
{
	struct file *in = fd_get_file(fd_in), *out = fd_get_file(fd_out);
	long ret = -EBADF;
	if (!in || !out)
		goto out;
	u64 in_pos = in->pos, out_pos = out->pos;
	bool has_in, has_out;
	ret = get_offset(uoff_in, &in_pos, &has_in);
	if (!ret)
		ret = get_offset(uoff_out, &out_pos, &has_out);
	if (!ret)
		ret = copy_checks(in, out, flags);
	if (ret)
		goto out;
	ret = -EINVAL; /* overlapping ranges of one file */
	if (in->inode == out->inode && in_pos < out_pos + len && out_pos < in_pos + len)
		goto out;
	ret = fsnotify_read_perm(in); /* rw_verify_area(READ, file_in, ...) */
	if (ret)
		goto out;
	ret = len ? file_transfer(in, &in_pos, out, &out_pos, len, false) : 0;
	if (ret < 0)
		goto out;
	notify_copied(in, out, ret);
	if ((has_in && copy_to_user(uoff_in, &in_pos, 8)) || (has_out && copy_to_user(uoff_out, &out_pos, 8))) {
		ret = -EFAULT;
		goto out;
	}
	if (!has_in)
		in->pos = in_pos;
	if (!has_out)
		out->pos = out_pos;
out:
	put_files(in, out);
	return ret;
}
