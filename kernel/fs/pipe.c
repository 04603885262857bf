/*
 * pipe.c — pipes (pipe2(2); behaviour of Linux fs/pipe.c and pipe(7)):
 * a 64 KiB ring shared by a read end and a write end. Reads block until
 * there is data or no writer is left (then 0, end of file); writes block
 * until there is room, writes of at most PIPE_BUF bytes are atomic, and a
 * write with no reader left raises SIGPIPE and fails with EPIPE. O_NONBLOCK
 * turns waiting into EAGAIN. Both ends poll.
 *
 * Locking: pipe->lock protects the ring and the counts; user memory is
 * copied through a bounce buffer outside the lock.
 */
#include <fs.h>

#include <kmalloc.h>
#include <page.h>
#include <poll.h>
#include <printk.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

#define PIPE_ORDER 4 /* 16 pages: Linux's default pipe size, 64 KiB */
#define PIPE_SIZE (PAGE_SIZE << PIPE_ORDER)
#define PIPE_BUF 4096
#define BOUNCE 4096
#define FIONREAD 0x541b

struct pipe {
	struct spinlock lock;
	u8 *ring;	      /* PIPE_SIZE bytes */
	size_t head, len;     /* [lock] */
	int readers, writers; /* open ends [lock] */
	u64 ino;
	struct wait_queue rd_wait; /* readers wait for data or the last writer */
	struct wait_queue wr_wait; /* writers wait for room or the last reader */
};

static u64 next_pipe_ino = 0x1000;

static size_t ring_take(struct pipe *p, u8 *dst, size_t n)
{
	n = MIN(n, p->len);
	for (size_t i = 0; i < n; i++)
		dst[i] = p->ring[(p->head + i) % PIPE_SIZE];
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	return n;
}

static void ring_put(struct pipe *p, const u8 *src, size_t n)
{
	size_t tail = (p->head + p->len) % PIPE_SIZE;
	for (size_t i = 0; i < n; i++)
		p->ring[(tail + i) % PIPE_SIZE] = src[i];
	p->len += n;
}

static ssize_t pipe_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct pipe *p = f->private;
	u8 *bounce = kmalloc(BOUNCE);
	if (!bounce)
		return -ENOMEM;
	ssize_t ret;
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&p->lock);
		size_t n = ring_take(p, bounce, MIN(len, (size_t)BOUNCE));
		bool eof = p->len == 0 && p->writers == 0;
		spin_unlock_irqrestore(&p->lock, irq);
		if (n) {
			wake_up_all(&p->wr_wait);
			ret = iobuf_copy_out(dst, 0, bounce, n);
			break;
		}
		if (eof) {
			ret = 0;
			break;
		}
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(&p->rd_wait, p->len > 0 || p->writers == 0);
		if (ret)
			break;
	}
	kfree(bounce);
	return ret;
}

/* Room for a chunk of `want` bytes: all of it for atomic writes (<= PIPE_BUF). */
static bool has_room(struct pipe *p, size_t want, bool atomic)
{
	size_t room = PIPE_SIZE - p->len;
	return p->readers == 0 || (atomic ? room >= want : room > 0);
}

static ssize_t pipe_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	struct pipe *p = f->private;
	u8 *bounce = kmalloc(BOUNCE);
	if (!bounce)
		return -ENOMEM;
	bool atomic = len <= PIPE_BUF;
	size_t done = 0;
	ssize_t err = 0;
	while (done < len) {
		size_t chunk = MIN(len - done, (size_t)BOUNCE);
		if (iobuf_copy_in(bounce, src, done, chunk) < 0) {
			err = -EFAULT;
			break;
		}
		unsigned long irq = spin_lock_irqsave(&p->lock);
		if (p->readers == 0) {
			spin_unlock_irqrestore(&p->lock, irq);
			signal_send_group(current(), SIGPIPE);
			err = -EPIPE;
			break;
		}
		size_t room = PIPE_SIZE - p->len;
		size_t n = (atomic && room < chunk) ? 0 : MIN(room, chunk);
		if (n)
			ring_put(p, bounce, n);
		spin_unlock_irqrestore(&p->lock, irq);
		if (n) {
			wake_up_all(&p->rd_wait);
			done += n;
			continue;
		}
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		err = wait_event_interruptible(&p->wr_wait, has_room(p, chunk, atomic));
		if (err)
			break;
	}
	kfree(bounce);
	return done ? (ssize_t)done : err;
}

static short pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private;
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	poll_wait(pt, reader ? &p->rd_wait : &p->wr_wait);
	unsigned long irq = spin_lock_irqsave(&p->lock);
	short mask = 0;
	if (reader) {
		if (p->len)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	} else {
		if (PIPE_SIZE - p->len >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	spin_unlock_irqrestore(&p->lock, irq);
	return mask;
}

static int pipe_stat(struct file *f, struct kstat *st)
{
	struct pipe *p = f->private;
	memset(st, 0, sizeof(*st));
	st->st_dev = 0xd; /* pipefs */
	st->st_ino = p->ino;
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = PAGE_SIZE;
	return 0;
}

static long pipe_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct pipe *p = f->private;
	if (cmd != FIONREAD)
		return -ENOTTY;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	u32 n = (u32)p->len;
	spin_unlock_irqrestore(&p->lock, irq);
	return put_user_u32(arg, n) ? -EFAULT : 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->private;
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	if (reader)
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	spin_unlock_irqrestore(&p->lock, irq);
	if (last) {
		page_free_order(p->ring, PIPE_ORDER);
		kfree(p);
		return;
	}
	wake_up_all(reader ? &p->wr_wait : &p->rd_wait); /* the other end sees EOF / EPIPE */
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.stat = pipe_stat,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static struct file *pipe_end(struct pipe *p, int accmode, int flags)
{
	struct file *f = file_alloc(&pipe_ops, p, S_IFIFO | 0600);
	if (f) {
		f->flags = (unsigned)(accmode | (flags & O_NONBLOCK));
		f->inode->ino = p->ino;
	}
	return f;
}

SYSCALL_DEFINE2(pipe2, uaddr_t, ufds, int, flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (flags & O_DIRECT) {
		printk("levitate: %s[%d]: packet-mode pipes (O_DIRECT) not implemented", current()->comm,
		       current()->group->pid);
		return -EINVAL;
	}
	struct pipe *p = kzalloc(sizeof(*p));
	if (!p)
		return -ENFILE;
	p->ring = page_alloc_order(PIPE_ORDER, 0);
	if (!p->ring) {
		kfree(p);
		return -ENFILE;
	}
	spin_lock_init(&p->lock, "pipe");
	wait_queue_init(&p->rd_wait, "pipe_read");
	wait_queue_init(&p->wr_wait, "pipe_write");
	p->readers = p->writers = 1;
	p->ino = __atomic_fetch_add(&next_pipe_ino, 1, __ATOMIC_RELAXED);
	struct file *rd = pipe_end(p, O_RDONLY, flags), *wr = pipe_end(p, O_WRONLY, flags);
	if (!rd || !wr) {
		/* an end that was never made is no longer counted; releasing the
		 * other frees the pipe */
		p->readers = rd ? 1 : 0;
		p->writers = wr ? 1 : 0;
		if (rd)
			file_put(rd);
		if (wr)
			file_put(wr);
		if (!rd && !wr) {
			page_free_order(p->ring, PIPE_ORDER);
			kfree(p);
		}
		return -ENFILE;
	}
	int rfd = fd_install(rd, 0, flags & O_CLOEXEC);
	if (rfd < 0) {
		file_put(rd);
		file_put(wr);
		return rfd;
	}
	int wfd = fd_install(wr, 0, flags & O_CLOEXEC);
	if (wfd < 0) {
		(void)fd_close(rfd);
		file_put(wr);
		return wfd;
	}
	s32 fds[2] = {rfd, wfd};
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		(void)fd_close(rfd);
		(void)fd_close(wfd);
		return -EFAULT;
	}
	return 0;
}
