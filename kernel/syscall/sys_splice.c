/*
 * sys_splice.c — splice, tee and vmsplice (Linux 6.1 fs/splice.c).
 *
 * Linux moves page references between a pipe's ring and files; here the
 * bytes are copied, through sendfile's loop (file_transfer in sys_copy.c)
 * or straight between user memory and the ring. What a program sees is
 * Linux's: which ends may be pipes, files, sockets or /dev/null, when a
 * call waits, how much one call moves and which errno it gives:
 *
 *   file -> pipe   waits for a free slot (EAGAIN with SPLICE_F_NONBLOCK or
 *                  an O_NONBLOCK pipe; EPIPE and SIGPIPE without a reader),
 *                  then one read of at most the free slots' worth
 *                  (splice_file_to_pipe);
 *   pipe -> file   waits for data (0 at end of file), then takes what the
 *                  pipe holds, up to len (iter_file_splice_write);
 *   pipe -> pipe   both waits, then what fits (splice_pipe_to_pipe);
 *   tee            the same, copying without consuming (link_pipe);
 *   vmsplice       user memory into a pipe's free slots, or a pipe's
 *                  bytes out to user memory.
 * An offset with a pipe end is ESPIPE; a file end without splice support
 * (not a regular file or socket; /dev/null as output) is EINVAL.
 *
 * Differences left: the bytes are copies, not references (vmsplice of
 * memory changed before the reader reads shows the old bytes; SPLICE_F_GIFT
 * and SPLICE_F_MOVE change nothing), and a pipe -> file splice whose write
 * fails after the read has taken the bytes from the pipe loses them.
 */
#include <syscall.h>

#include <fs.h>
#include <fsnotify.h>
#include <kmalloc.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>

#define DEV_NULL ((1u << 8) | 3u) /* new_encode_dev(MKDEV(1, 3)) */
#define TEE_CHUNK (64u * 1024)

/* FMODE_READ / FMODE_WRITE: the open mode (O_PATH files are left out
 * before: fd_get_file, as Linux's fdget). */
static bool fmode_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool fmode_write(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static u32 file_type(const struct file *f)
{
	return f->inode->mode & S_IFMT;
}

/* ->splice_read: generic_file_splice_read (tmpfs), sock_splice_read. */
static bool has_splice_read(const struct file *f)
{
	return (file_type(f) == S_IFREG || file_type(f) == S_IFSOCK) && f->ops->read;
}

/* ->splice_write: iter_file_splice_write, generic_splice_sendpage, splice_write_null. */
static bool has_splice_write(const struct file *f)
{
	u32 t = file_type(f);
	return (t == S_IFREG || t == S_IFSOCK || (t == S_IFCHR && f->inode->rdev == DEV_NULL)) && f->ops->write;
}

/* splice_file_to_pipe: room first, then one read of at most the room. */
static long file_to_pipe(struct file *in, u64 *pos, struct file *opipe, size_t len, bool nonblock)
{
	long ret = pipe_wait_space(opipe, nonblock);
	if (ret)
		return ret;
	len = MIN(len, pipe_room(opipe));
	ret = fsnotify_read_perm(in); /* do_splice_to's rw_verify_area */
	if (ret)
		return ret;
	if (!has_splice_read(in))
		return -EINVAL;
	/* a regular file reads in chunks to the same effect; a socket gives one read */
	return file_transfer(in, pos, opipe, NULL, MIN(len, (size_t)MAX_RW_COUNT), file_type(in) != S_IFREG);
}

/* iter_file_splice_write: waits for the first data, then takes what the
 * pipe holds until len or the pipe is empty. */
static long pipe_to_file(struct file *ipipe, struct file *out, u64 *pos, size_t len, bool nonblock)
{
	if (!has_splice_write(out))
		return -EINVAL;
	size_t done = 0;
	long ret = 0;
	len = MIN(len, (size_t)MAX_RW_COUNT);
	while (done < len) {
		if (task_signal_pending(current())) {
			ret = -ERESTARTSYS; /* splice_from_pipe_next checks first */
			break;
		}
		if (pipe_bytes(ipipe) == 0) {
			if (done)
				break;
			ret = pipe_wait_data(ipipe, nonblock);
			if (ret || pipe_bytes(ipipe) == 0)
				break; /* an error, or no writer left: end of file */
		}
		u64 unused = 0;
		size_t n = MIN(len - done, pipe_bytes(ipipe));
		long moved = file_transfer(ipipe, &unused, out, pos, n, false);
		if (moved <= 0) {
			ret = moved;
			break;
		}
		done += (size_t)moved;
		if ((size_t)moved < n)
			break;
	}
	return done ? (long)done : ret;
}

/* splice_pipe_to_pipe: input data, then output room, then what fits. */
static long pipe_to_pipe(struct file *ipipe, struct file *opipe, size_t len, bool nonblock)
{
	long ret = pipe_wait_data(ipipe, nonblock);
	if (!ret)
		ret = pipe_wait_space(opipe, nonblock);
	if (ret)
		return ret;
	size_t n = MIN(MIN(len, pipe_bytes(ipipe)), pipe_room(opipe));
	u64 unused = 0;
	return n ? file_transfer(ipipe, &unused, opipe, NULL, n, false) : 0;
}

/* do_splice after __do_splice's offset checks; *off: the offset given, or NULL. */
static long do_splice(struct file *in, u64 *off_in, struct file *out, u64 *off_out, size_t len, unsigned flags)
{
	if (!fmode_read(in) || !fmode_write(out))
		return -EBADF;
	bool ipipe = file_is_pipe(in), opipe = file_is_pipe(out);
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	long ret;
	if (ipipe && opipe) {
		if (in->private == out->private)
			return -EINVAL; /* one pipe's two ends */
		return pipe_to_pipe(in, out, len, nonblock || ((in->flags | out->flags) & O_NONBLOCK));
	}
	if (ipipe) {
		if (off_out && !out->ops->seekable)
			return -EINVAL; /* FMODE_PWRITE */
		if (out->flags & O_APPEND)
			return -EINVAL;
		u64 pos = off_out ? *off_out : out->pos;
		if ((s64)pos < 0)
			return -EINVAL; /* rw_verify_area */
		ret = pipe_to_file(in, out, &pos, len, nonblock || (in->flags & O_NONBLOCK));
		if (ret > 0)
			fsnotify_modify(out);
		if (off_out)
			*off_out = pos;
		else if (out->ops->seekable)
			out->pos = pos;
		return ret;
	}
	if (opipe) {
		if (off_in && !in->ops->seekable)
			return -EINVAL; /* FMODE_PREAD */
		u64 pos = off_in ? *off_in : in->pos;
		if ((s64)pos < 0)
			return -EINVAL;
		ret = file_to_pipe(in, &pos, out, len, nonblock || (out->flags & O_NONBLOCK));
		if (ret > 0)
			fsnotify_access(in);
		if (off_in)
			*off_in = pos;
		else if (in->ops->seekable)
			in->pos = pos;
		return ret;
	}
	return -EINVAL; /* neither end a pipe */
}

/* __do_splice: an offset with a pipe end is ESPIPE, before anything else. */
static long splice_files(struct file *in, uaddr_t uoff_in, struct file *out, uaddr_t uoff_out, size_t len,
			 unsigned flags)
{
	if ((file_is_pipe(in) && !uaddr_is_null(uoff_in)) || (file_is_pipe(out) && !uaddr_is_null(uoff_out)))
		return -ESPIPE;
	u64 off_in = 0, off_out = 0;
	if (!uaddr_is_null(uoff_out) && copy_from_user(&off_out, uoff_out, sizeof(off_out)))
		return -EFAULT;
	if (!uaddr_is_null(uoff_in) && copy_from_user(&off_in, uoff_in, sizeof(off_in)))
		return -EFAULT;
	long ret = do_splice(in, !uaddr_is_null(uoff_in) ? &off_in : NULL, out,
			     !uaddr_is_null(uoff_out) ? &off_out : NULL, len, flags);
	if (ret < 0)
		return ret;
	if (!uaddr_is_null(uoff_out) && copy_to_user(uoff_out, &off_out, sizeof(off_out)))
		return -EFAULT;
	if (!uaddr_is_null(uoff_in) && copy_to_user(uoff_in, &off_in, sizeof(off_in)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE6(splice, int, fd_in, uaddr_t, off_in, int, fd_out, uaddr_t, off_out, size_t, len, unsigned, flags)
{
	if (len == 0)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	struct file *in = fd_get_file(fd_in);
	if (!in)
		return -EBADF;
	struct file *out = fd_get_file(fd_out);
	long ret = out ? splice_files(in, off_in, out, off_out, len, flags) : -EBADF;
	if (out)
		file_put(out);
	file_put(in);
	return ret;
}

/* link_pipe: copies up to len bytes from in's front into out, in chunks. */
static long tee_copy(struct file *in, struct file *out, size_t len)
{
	len = MIN(MIN(len, pipe_bytes(in)), pipe_room(out));
	u8 *buf = len ? kmalloc(MIN(len, (size_t)TEE_CHUNK)) : NULL;
	if (len && !buf)
		return -ENOMEM;
	size_t done = 0;
	long ret = 0;
	while (done < len) {
		size_t n = pipe_peek(in, done, buf, MIN(len - done, (size_t)TEE_CHUNK));
		if (n == 0)
			break;
		struct iobuf io = {.user = false, .kaddr = buf};
		ret = out->ops->write(out, &io, n, 0);
		if (ret <= 0)
			break;
		done += (size_t)ret;
	}
	kfree(buf);
	return done ? (long)done : ret;
}

/* do_tee: two different pipes; input data, then output room, then a copy. */
SYSCALL_DEFINE4(tee, int, fd_in, int, fd_out, size_t, len, unsigned, flags)
{
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (len == 0)
		return 0;
	struct file *in = fd_get_file(fd_in);
	if (!in)
		return -EBADF;
	struct file *out = fd_get_file(fd_out);
	long ret = -EBADF;
	if (!out || !fmode_read(in) || !fmode_write(out))
		goto out;
	ret = -EINVAL;
	if (!file_is_pipe(in) || !file_is_pipe(out) || in->private == out->private)
		goto out;
	bool nonblock = (flags & SPLICE_F_NONBLOCK) || ((in->flags | out->flags) & O_NONBLOCK);
	ret = pipe_wait_data(in, nonblock);
	if (!ret)
		ret = pipe_wait_space(out, nonblock);
	if (!ret)
		ret = tee_copy(in, out, len);
out:
	if (out)
		file_put(out);
	file_put(in);
	return ret;
}

/* vmsplice_to_pipe: room, then as much of the iovecs as the free slots
 * take; vmsplice_to_user: data (or end of file), then what the pipe holds. */
static long vmsplice_move(struct file *f, struct iovec_user *iov, u64 nr, size_t total, bool to_pipe, bool nonblock)
{
	long ret = to_pipe ? pipe_wait_space(f, nonblock) : pipe_wait_data(f, nonblock);
	if (ret)
		return ret;
	size_t left = MIN(total, to_pipe ? pipe_room(f) : pipe_bytes(f)), done = 0;
	for (u64 i = 0; i < nr && left; i++) {
		size_t n = MIN((size_t)iov[i].iov_len, left);
		if (n == 0)
			continue;
		struct iobuf io = {.user = true, .uaddr = uaddr_from(iov[i].iov_base)};
		ret = to_pipe ? f->ops->write(f, &io, n, 0) : f->ops->read(f, &io, n, 0);
		if (ret <= 0)
			break;
		done += (size_t)ret;
		left -= (size_t)ret;
		if ((size_t)ret < n)
			break;
	}
	return done ? (long)done : ret;
}

SYSCALL_DEFINE4(vmsplice, int, fd, uaddr_t, uiov, u64, nr_segs, unsigned, flags)
{
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	/* vmsplice_type: a writable file is written to, a readable one read from */
	bool to_pipe = fmode_write(f);
	long ret = -EBADF;
	struct iovec_user *iov = NULL;
	if (!to_pipe && !fmode_read(f))
		goto out;
	ret = nr_segs > UIO_MAXIOV ? -EINVAL : import_iovec(uiov, nr_segs, &iov);
	if (ret <= 0)
		goto out;
	size_t total = (size_t)ret;
	ret = -EBADF;
	if (!file_is_pipe(f))
		goto out;
	bool nonblock = (flags & SPLICE_F_NONBLOCK) || (to_pipe && (f->flags & O_NONBLOCK));
	ret = vmsplice_move(f, iov, nr_segs, total, to_pipe, nonblock);
out:
	kfree(iov);
	file_put(f);
	return ret;
}
