/*
 * pipe.c — pipes (pipe2(2), pipe(7), fcntl(2) F_SETPIPE_SZ; the model is
 * Linux fs/pipe.c). Reads block until there is data or no writer is left
 * (then 0, end of file); writes block until there is room, writes of at
 * most PIPE_BUF bytes are atomic, and a write with no reader left raises
 * SIGPIPE and fails with EPIPE. O_NONBLOCK turns waiting into EAGAIN.
 *
 * The ring (pipe_ring.c) is Linux's: slots of one page each, 16 by default
 * (64 KiB), a write of at most PIPE_BUF bytes in one slot, full when every
 * slot is in use — so poll's POLLOUT means "a slot is free", as on Linux.
 * A slot's page goes when a read empties the slot: the pipe keeps up to
 * PIPE_SPARE_PAGES of them for the next writes and frees the others (Linux
 * keeps one, pipe->tmp_page), so steady traffic through a pipe of the
 * default size allocates nothing — a 64 KiB write and read took 16 page
 * allocations and frees, an eighth of the bandwidth (bench/README.md,
 * pipe_64k_mbps) — and an idle pipe holds at most 64 KiB it once carried,
 * freed when the pipe is.
 *
 * Packet mode (pipe2 O_DIRECT) is kept on the write end only, as Linux
 * does: each write makes packets, a read takes at most one (pipe_ring.h).
 *
 * Data is copied straight between user memory and the slot pages, a page
 * at a time, with no bounce buffer. That copy may fault, and a fault may
 * sleep, so it cannot run under the spinlock: the pipe's mutex (Linux's
 * pipe->mutex, here the `busy` flag and mutex_wait) is held instead while
 * data moves, FIONREAD adds the slots up or the ring is resized. A read or
 * write changes a copy of the ring and publishes its head and tail once
 * per batch (pipe_unlock_publish); the spinlock guards those two and the counts
 * of open ends, which poll, the wait conditions and release read without
 * the mutex.
 * Waiting for data or room drops the mutex. A reader wakes writers only
 * when the pipe was full, a writer wakes readers only when it was empty:
 * nobody waits otherwise.
 *
 * Direct hand-over (FreeBSD's pipe "direct write", the other way round): a
 * reader about to sleep on an empty pipe leaves its buffer on the pipe
 * (struct pipe_direct); the next writer that finds the ring still empty
 * copies straight from its own buffer into the reader's (vm_write_nofault)
 * and the read returns those bytes — one copy instead of two, and on one
 * CPU the writer's next write then fills the ring before the switch, so a
 * 64 KiB pipe carries two 64 KiB writes per pair of process switches
 * instead of one (bench/README.md, pipe_64k_mbps). Order is kept: only
 * with the ring empty, under the mutex. Only a user buffer of the
 * reader's own process, and not in packet mode (a packet is one read's).
 * Pages of the reader's buffer that are not mapped writable now, and
 * source pages not present, end the hand-over: the rest goes through the
 * ring, where each side takes its own faults.
 *
 * Named pipes (Linux fifo_open): the first open of a FIFO inode makes a
 * pipe and hangs it on inode->pipe; later opens share it, and the last
 * close frees it. A reader waits for a writer to open and a writer for a
 * reader (O_NONBLOCK: the reader goes on at once, the writer gets ENXIO);
 * O_RDWR is both ends and never waits. Each open of an end bumps that
 * end's counter, and a waiting opener waits for the counter to move
 * (wait_for_partner), so a partner that opens and closes at once still
 * lets it through. After open, a FIFO end is a pipe end.
 *
 * O_ASYNC (Linux pipe_fasync): every read ends by signalling the write ends'
 * owners (POLL_OUT) and every write the read ends' (POLL_IN), also before
 * they sleep, and a release that leaves one side without ends signals both,
 * as Linux 6.1 does; kill_fasync runs with no lock held.
 *
 * Times (Linux pipe_read, pipe_write): a read that returned data sets the
 * file's access time (file_accessed), a write that wrote something its
 * modification and change times (file_update_time), after the pipe's
 * mutex is dropped; both take inode->lock.
 *
 * Lock order: fifo_lock, then the mutex, then pipe->lock, then a wait
 * queue's lock.
 */
#include <fs.h>

#include <cred.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <pipe_ring.h>
#include <poll.h>
#include <printk.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

#define PIPE_DEF_SLOTS 16	     /* Linux PIPE_DEF_BUFFERS: 64 KiB */
#define PIPE_MIN_DEF_SLOTS 2	     /* past pipe-user-pages-soft (Linux PIPE_MIN_DEF_BUFFERS) */
#define PIPE_SPARE_PAGES 16	     /* emptied slot pages kept for the next writes */
static u32 pipe_max_size = 1u << 20; /* /proc/sys/fs/pipe-max-size [atomic] */

struct pipe {
	struct spinlock lock;
	bool busy;		      /* the mutex is held [lock] */
	struct wait_queue mutex_wait; /* tasks waiting for the mutex */
	struct pipe_ring ring;	      /* head, tail: [lock or mutex to read; both to change]; slots: [mutex] */
	u8 *spare[PIPE_SPARE_PAGES];  /* pages for the next fresh slots [mutex] */
	u32 nr_spare;		      /* how many of spare[] hold one [mutex] */
	int readers, writers;	      /* open ends [lock] */
	u64 ino;
	u32 uid, gid;					   /* pipe2: the creator's fs ids (get_pipe_inode) */
	u32 user;					   /* the real uid its pages are charged to (pipe_user.c) */
	u32 nr_accounted;				   /* pages charged to it [mutex] */
	struct inode *fifo;				   /* the FIFO whose ->pipe this is, or NULL [fifo_lock] */
	unsigned r_counter, w_counter;			   /* FIFO opens of each end so far [lock] */
	struct wait_queue partner_wait;			   /* FIFO openers waiting for the other end */
	struct wait_queue rd_wait;			   /* readers wait for data or the last writer */
	struct wait_queue wr_wait;			   /* writers wait for a free slot or the last reader */
	bool poll_usage;				   /* someone polled it: every write wakes readers [atomic] */
	struct pipe_direct *direct;			   /* a reader's buffer for the next writer, or NULL [mutex] */
	struct fasync_list fasync_readers, fasync_writers; /* O_ASYNC ends (fown.c) */
};

/* A reader asleep in pipe_read with its buffer (the header's "direct
 * hand-over"). On the reader's stack: the reader unhooks it under the
 * mutex before it returns, so a writer holding the mutex may use it. */
struct pipe_direct {
	struct mm *mm; /* the reader's */
	vaddr_t buf;
	size_t len;
	size_t filled; /* bytes a writer copied in; set once [atomic] */
};

static u64 next_pipe_ino = 0x1000;

/* Guards every FIFO inode's ->pipe and each pipe's ->fifo. */
static struct spinlock fifo_lock = SPINLOCK_INIT("fifo");

static const struct file_ops pipe_ops, fifo_ops;

static bool pipe_try_lock(struct pipe *p)
{
	unsigned long irq = spin_lock_irqsave(&p->lock);
	bool got = !p->busy;
	p->busy = true;
	spin_unlock_irqrestore(&p->lock, irq);
	return got;
}

static void pipe_lock(struct pipe *p)
{
	if (pipe_try_lock(p)) /* the common case: no queueing on mutex_wait */
		return;
	wait_event(&p->mutex_wait, pipe_try_lock(p));
}

/*
 * A read or write works on a copy of the ring (`work`) under the mutex and
 * makes its head and tail the pipe's when it drops the mutex (before it
 * sleeps, and at the end), in the same lock section, so poll and the wait
 * conditions see whole writes and reads and the lock is taken once a call,
 * not once a page (issue #19); the slots themselves (page, offset, len) are
 * the mutex holder's alone. A waiter for the mutex queues itself before its
 * pipe_try_lock takes p->lock, so after our p->lock section either it saw
 * busy cleared or its entry is visible here: the queue is looked at without
 * its lock (wq_has_sleeper).
 */
static void pipe_unlock_publish(struct pipe *p, const struct pipe_ring *work)
{
	unsigned long irq = spin_lock_irqsave(&p->lock);
	if (work) {
		p->ring.head = work->head;
		p->ring.tail = work->tail;
	}
	p->busy = false;
	spin_unlock_irqrestore(&p->lock, irq);
	if (wait_queue_active(&p->mutex_wait))
		wake_up_all(&p->mutex_wait);
}

static void pipe_unlock(struct pipe *p)
{
	pipe_unlock_publish(p, NULL);
}

/* Readable or writable, as the wait conditions read them (without the lock:
 * a stale answer only means one more pass). */
static bool pipe_readable(const struct pipe *p)
{
	return !ring_empty(&p->ring) || __atomic_load_n(&p->writers, __ATOMIC_RELAXED) == 0;
}

static bool pipe_writable(const struct pipe *p)
{
	return !ring_full(&p->ring) || __atomic_load_n(&p->readers, __ATOMIC_RELAXED) == 0;
}

/* Linux pipe_read: what is there, up to len; waits only while nothing was read. */
static ssize_t pipe_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct pipe *p = f->private;
	if (len == 0)
		return 0;
	ssize_t done = 0;
	pipe_lock(p);
	struct pipe_ring work = p->ring; /* published by pipe_unlock_publish */
	bool was_full = ring_full(&work);
	for (;;) {
		if (!ring_empty(&work)) {
			size_t n;
			struct pipe_slot *s = ring_next_read(&work, len - (size_t)done, &n);
			if (iobuf_copy_out(dst, (size_t)done, s->page + s->offset, n) < 0) {
				if (!done)
					done = -EFAULT;
				break;
			}
			done += (ssize_t)n;
			u32 tail = work.tail;
			bool packet = ring_commit_read(&work, n);
			if (work.tail != tail) { /* the slot is free again: its page goes */
				if (p->nr_spare < PIPE_SPARE_PAGES)
					p->spare[p->nr_spare++] = s->page;
				else
					page_free(s->page);
				s->page = NULL;
			}
			if ((size_t)done == len || packet)
				break;
			if (!ring_empty(&work))
				continue;
		}
		if (done || __atomic_load_n(&p->writers, __ATOMIC_RELAXED) == 0)
			break; /* something read, or end of file */
		if (f->flags & O_NONBLOCK) {
			done = -EAGAIN;
			break;
		}
		struct pipe_direct direct = {.mm = current()->mm, .buf = uaddr_to_vaddr(dst->uaddr), .len = len};
		bool handing = dst->user && direct.mm && !p->direct;
		if (handing)
			p->direct = &direct;
		pipe_unlock(p);
		if (was_full)
			wake_up_all(&p->wr_wait);
		kill_fasync(&p->fasync_writers, POLL_OUT);
		int err = wait_event_interruptible(
			&p->rd_wait, pipe_readable(p) || __atomic_load_n(&direct.filled, __ATOMIC_ACQUIRE));
		if (err && !handing)
			return err;
		pipe_lock(p);
		work = p->ring;
		was_full = ring_full(&work);
		if (!handing)
			continue;
		if (p->direct == &direct)
			p->direct = NULL; /* no writer came */
		done = (ssize_t)direct.filled;
		if (err && !done) {
			pipe_unlock(p);
			return err;
		}
		if (err || (size_t)done == len)
			break;
	}
	pipe_unlock_publish(p, &work);
	if (was_full && done > 0)
		wake_up_all(&p->wr_wait);
	kill_fasync(&p->fasync_writers, POLL_OUT);
	if (done > 0)
		file_accessed(f); /* Linux pipe_read */
	return done;
}

/* Raises SIGPIPE if the read end is gone (Linux: send_sig, then -EPIPE). */
static bool no_reader(struct pipe *p)
{
	if (__atomic_load_n(&p->readers, __ATOMIC_RELAXED) != 0)
		return false;
	signal_send_group(current(), SIGPIPE);
	return true;
}

/* The direct hand-over: up to len bytes of src from at into the waiting
 * reader's buffer; the bytes copied (0: none, the reader stays hooked and
 * the bytes go to the ring). Mutex held; the caller wakes the reader, as
 * for an empty ring it fills. */
static size_t pipe_fill_direct(struct pipe *p, struct iobuf *src, size_t at, size_t len)
{
	struct pipe_direct *d = p->direct;
	size_t n = vm_write_nofault(d->mm, d->buf, uaddr_add(src->uaddr, at), MIN(len, d->len));
	if (n) {
		p->direct = NULL;
		__atomic_store_n(&d->filled, n, __ATOMIC_RELEASE);
	}
	return n;
}

/* Linux pipe_write: top up the last slot, then whole pages; wait while full. */
static ssize_t pipe_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	struct pipe *p = f->private;
	if (len == 0)
		return 0;
	ssize_t done = 0;
	bool packet = f->flags & O_DIRECT;
	pipe_lock(p);
	struct pipe_ring work = p->ring; /* published by pipe_unlock_publish */
	bool was_empty = ring_empty(&work);
	while ((size_t)done < len) {
		if (no_reader(p)) {
			if (!done)
				done = -EPIPE;
			break;
		}
		if (p->direct && ring_empty(&work) && !packet && src->user) {
			size_t n = pipe_fill_direct(p, src, (size_t)done, len - (size_t)done);
			if (n) {
				done += (ssize_t)n;
				continue;
			}
		}
		struct pipe_write_piece piece;
		if (ring_next_write(&work, len, (size_t)done, packet, &piece)) {
			if (!piece.slot->page)
				piece.slot->page = p->nr_spare ? p->spare[--p->nr_spare] : page_alloc(0);
			if (!piece.slot->page) {
				if (!done)
					done = -ENOMEM;
				break;
			}
			if (iobuf_copy_in(piece.slot->page + piece.at, src, (size_t)done, piece.n) < 0) {
				if (!done)
					done = -EFAULT;
				break;
			}
			ring_commit_write(&work, &piece);
			done += (ssize_t)piece.n;
			continue;
		}
		if (f->flags & O_NONBLOCK) {
			if (!done)
				done = -EAGAIN;
			break;
		}
		if (task_signal_pending(current())) {
			if (!done)
				done = -ERESTARTSYS;
			break;
		}
		pipe_unlock_publish(p, &work);
		if (was_empty)
			wake_up_all(&p->rd_wait);
		kill_fasync(&p->fasync_readers, POLL_IN);
		int err = wait_event_interruptible(&p->wr_wait, pipe_writable(p));
		pipe_lock(p);
		work = p->ring;
		if (err) {
			if (!done)
				done = err;
			break;
		}
		was_empty = ring_empty(&work);
	}
	pipe_unlock_publish(p, &work);
	/* an edge-triggered epoll hears about every write, not only the
	 * first into an empty pipe (Linux pipe_write's poll_usage) */
	if ((was_empty || __atomic_load_n(&p->poll_usage, __ATOMIC_RELAXED)) && done > 0)
		wake_up_poll(&p->rd_wait, POLLIN | POLLRDNORM);
	kill_fasync(&p->fasync_readers, POLL_IN);
	if (done > 0)
		file_update_time(f); /* Linux pipe_write */
	return done;
}

static short pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private;
	unsigned acc = f->flags & O_ACCMODE;
	bool reader = acc != O_WRONLY, writer = acc != O_RDONLY; /* O_RDWR (a FIFO): both */
	__atomic_store_n(&p->poll_usage, true, __ATOMIC_RELAXED);
	if (reader)
		poll_wait(pt, &p->rd_wait);
	if (writer)
		poll_wait(pt, &p->wr_wait);
	unsigned long irq = spin_lock_irqsave(&p->lock);
	short mask = 0;
	if (reader) {
		if (!ring_empty(&p->ring))
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && f->pipe_w_seen != p->w_counter)
			mask |= POLLHUP; /* not before a writer came, for an O_NONBLOCK FIFO reader */
	}
	if (writer) {
		if (!ring_full(&p->ring))
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	spin_unlock_irqrestore(&p->lock, irq);
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	return put_user_u32(uaddr_from(arg), (u32)pipe_bytes(f)) ? -EFAULT : 0;
}

static void pipe_free(struct pipe *p)
{
	struct pipe_ring *r = &p->ring;
	(void)pipe_user_account(p->user, p->nr_accounted, 0);
	while (p->nr_spare)
		page_free(p->spare[--p->nr_spare]);
	for (u32 i = 0; i < r->nr_slots; i++) {
		if (r->slots[i].page)
			page_free(r->slots[i].page);
	}
	kfree(r->slots);
	kfree(p);
}

/* One opener lets go of its ends (either may be false: a FIFO open that
 * failed); the last one frees the pipe and takes it off its FIFO. */
static void pipe_drop(struct pipe *p, bool reader, bool writer)
{
	unsigned long fifo_irq = spin_lock_irqsave(&fifo_lock);
	unsigned long irq = spin_lock_irqsave(&p->lock);
	if (reader)
		p->readers--;
	if (writer)
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	bool one_side_gone = (p->readers == 0) != (p->writers == 0);
	spin_unlock_irqrestore(&p->lock, irq);
	if (last && p->fifo)
		p->fifo->pipe = NULL;
	spin_unlock_irqrestore(&fifo_lock, fifo_irq);
	if (last) {
		pipe_free(p);
		return;
	}
	if (reader)
		wake_up_all(&p->wr_wait); /* the writers see EPIPE */
	if (writer)
		wake_up_all(&p->rd_wait); /* the readers see EOF */
	if (one_side_gone) {
		kill_fasync(&p->fasync_readers, POLL_IN);
		kill_fasync(&p->fasync_writers, POLL_OUT);
	}
}

/* pipe_fasync: a read end joins the readers' list, a write end the writers'. */
static int pipe_fasync(struct file *f, int fd, bool on)
{
	struct pipe *p = f->private;
	unsigned acc = f->flags & O_ACCMODE;
	int err = 0;
	if (acc != O_WRONLY)
		err = fasync_helper(&p->fasync_readers, f, fd, on);
	if (acc != O_RDONLY && err >= 0) {
		err = fasync_helper(&p->fasync_writers, f, fd, on);
		if (err < 0 && acc != O_WRONLY)
			(void)fasync_helper(&p->fasync_readers, f, -1, false);
	}
	return err < 0 ? err : 0;
}

/* Under p->lock: only the waiting dumper counts as a reader. */
static bool only_dumper_reads(struct pipe *p)
{
	unsigned long irq = spin_lock_irqsave(&p->lock);
	bool alone = p->readers == 1;
	spin_unlock_irqrestore(&p->lock, irq);
	return alone;
}

void pipe_wait_for_readers(struct file *wr)
{
	struct pipe *p = wr->private;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	p->readers++; /* keeps the pipe while the writer count drops */
	p->writers--;
	spin_unlock_irqrestore(&p->lock, irq);
	wake_up_all(&p->rd_wait); /* the helper reads EOF */
	(void)wait_event_interruptible(&p->wr_wait, only_dumper_reads(p));
	irq = spin_lock_irqsave(&p->lock);
	p->readers--;
	p->writers++;
	spin_unlock_irqrestore(&p->lock, irq);
}

static void pipe_release(struct file *f)
{
	unsigned acc = f->flags & O_ACCMODE;
	pipe_drop(f->private, acc != O_WRONLY, acc != O_RDONLY);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl, /* no stat: fstat shows the shared pipe inode, which fchown and utimensat change */
	.release = pipe_release,
	.fasync = pipe_fasync,
};

/* An open FIFO: a pipe end whose fstat is the FIFO inode's. */
static const struct file_ops fifo_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.fasync = pipe_fasync,
};

/* Moves the data into nr new slots (Linux pipe_resize_ring). Mutex held. */
static int pipe_resize(struct pipe *p, u32 nr)
{
	struct pipe_slot *slots = kzalloc(sizeof(*slots) * nr);
	if (!slots)
		return -ENOMEM;
	struct pipe_slot *old = p->ring.slots;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	int err = ring_move(&p->ring, slots, nr, page_free);
	spin_unlock_irqrestore(&p->lock, irq);
	kfree(err ? slots : old);
	return err;
}

/* Linux get_pipe_info: an anonymous pipe or an open FIFO. */
bool file_is_pipe(const struct file *f)
{
	return f->ops == &pipe_ops || f->ops == &fifo_ops;
}

/* ---- for splice, tee and vmsplice (syscall/sys_copy.c; Linux fs/splice.c) ---- */

/* wait_for_space: a free slot, or -EPIPE (and SIGPIPE) with no reader left. */
long pipe_wait_space(struct file *f, bool nonblock)
{
	struct pipe *p = f->private;
	for (;;) {
		if (no_reader(p))
			return -EPIPE;
		if (!ring_full(&p->ring))
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&p->wr_wait, pipe_writable(p)))
			return -ERESTARTSYS;
	}
}

/* ipipe_prep / splice_from_pipe_next: data, or 0 with none and no writer left. */
long pipe_wait_data(struct file *f, bool nonblock)
{
	struct pipe *p = f->private;
	for (;;) {
		if (!ring_empty(&p->ring) || __atomic_load_n(&p->writers, __ATOMIC_RELAXED) == 0)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&p->rd_wait, pipe_readable(p)))
			return -ERESTARTSYS;
	}
}

/* The bytes held, and the bytes the free slots take (a page each). */
size_t pipe_bytes(struct file *f)
{
	struct pipe *p = f->private;
	pipe_lock(p); /* the slots' lengths are the mutex holder's (Linux pipe_ioctl) */
	size_t n = ring_bytes(&p->ring);
	pipe_unlock(p);
	return n;
}

size_t pipe_room(struct file *f)
{
	struct pipe *p = f->private;
	unsigned long irq = spin_lock_irqsave(&p->lock);
	size_t n = (size_t)(p->ring.nr_slots - (p->ring.head - p->ring.tail)) * PAGE_SIZE;
	spin_unlock_irqrestore(&p->lock, irq);
	return n;
}

/* tee's link_pipe: copies up to len bytes, from skip bytes past the front
 * of the ring, to buf without consuming them; the number copied. */
size_t pipe_peek(struct file *f, size_t skip, void *buf, size_t len)
{
	struct pipe *p = f->private;
	size_t done = 0;
	pipe_lock(p);
	for (u32 i = p->ring.tail; i != p->ring.head && done < len; i++) {
		struct pipe_slot *s = ring_slot(&p->ring, i);
		size_t from = MIN((size_t)s->len, skip);
		size_t n = MIN((size_t)s->len - from, len - done);
		skip -= from;
		memcpy((u8 *)buf + done, s->page + s->offset + from, n);
		done += n;
	}
	pipe_unlock(p);
	return done;
}

u32 pipe_max_size_get(void)
{
	return __atomic_load_n(&pipe_max_size, __ATOMIC_RELAXED);
}

/* proc_dopipe_max_size: the value written becomes round_pipe_size's. */
int pipe_max_size_set(u64 size)
{
	u64 rounded = ring_round_size(size);
	if (!rounded)
		return -EINVAL;
	__atomic_store_n(&pipe_max_size, (u32)rounded, __ATOMIC_RELAXED);
	return 0;
}

/* pipe_is_unprivileged_user: the per-user pipe limits bind. */
static bool unprivileged_user(void)
{
	return !capable(CAP_SYS_RESOURCE) && !capable(CAP_SYS_ADMIN);
}

/*
 * F_SETPIPE_SZ and F_GETPIPE_SZ (Linux pipe_fcntl, pipe_set_size): the size
 * becomes a power-of-two number of pages, at least one; more than 2 GiB is
 * EINVAL; more than pipe-max-size (1 MiB) needs CAP_SYS_RESOURCE. A file that is not a pipe: EBADF.
 */
long pipe_fcntl(struct file *f, int cmd, unsigned arg)
{
	if (!file_is_pipe(f))
		return -EBADF;
	struct pipe *p = f->private;
	if (cmd == F_GETPIPE_SZ)
		return (long)p->ring.nr_slots * PAGE_SIZE;
	if (cmd != F_SETPIPE_SZ)
		return -EINVAL;
	u64 size = ring_round_size(arg);
	if (!size)
		return -EINVAL;
	u32 nr = (u32)(size / PAGE_SIZE);
	bool privileged = capable(CAP_SYS_RESOURCE);
	if (nr > p->ring.nr_slots && size > pipe_max_size_get() && !privileged)
		return -EPERM;
	pipe_lock(p);
	/* pipe_set_size: growing past pipe-user-pages-hard is EPERM */
	u64 total = pipe_user_account(p->user, p->nr_accounted, nr);
	bool refused = nr > p->nr_accounted && pipe_user_too_many(total, true) && unprivileged_user();
	long ret = refused ? -EPERM : pipe_resize(p, nr);
	if (ret)
		(void)pipe_user_account(p->user, nr, p->nr_accounted); /* out_revert_acct */
	else
		p->nr_accounted = nr;
	pipe_unlock(p);
	if (ret)
		return ret;
	wake_up_all(&p->wr_wait); /* a larger ring has room */
	return (long)size;
}

/* The write end keeps O_DIRECT (packet mode), the read end does not (Linux
 * create_pipe_files). */
static struct file *pipe_end(struct pipe *p, struct inode *inode, int accmode, int flags)
{
	struct file *f = file_alloc_inode(&pipe_ops, p, inode);
	if (f) {
		int kept = accmode == O_WRONLY ? O_NONBLOCK | O_DIRECT : O_NONBLOCK;
		f->flags = (unsigned)(accmode | (flags & kept));
	}
	return f;
}

/*
 * The inode both ends of pipe p share (Linux get_pipe_inode): the creator's
 * fs ids, and opened as a FIFO whose pipe is p, so an open through
 * /proc/PID/fd/N makes a new end of the same pipe (fifo_open); the last end
 * to go takes p off it (pipe_drop).
 */
static struct inode *pipe_inode(struct pipe *p)
{
	struct inode *inode = anon_inode_alloc(S_IFIFO | 0600);
	if (!inode)
		return NULL;
	inode->ino = p->ino;
	inode->uid = p->uid;
	inode->gid = p->gid;
	inode->fops = &fifo_open_ops;
	inode->pipe = p;
	p->fifo = inode;
	return inode;
}

/* A new, empty pipe with no ends (Linux alloc_pipe_info), or NULL (no
 * memory, or its user is past pipe-user-pages-hard). 16 slots, or fewer
 * when pipe-max-size is below that and the caller lacks CAP_SYS_RESOURCE;
 * 2 past pipe-user-pages-soft (pipe_user.c). */
static struct pipe *pipe_alloc(void)
{
	u32 nr = PIPE_DEF_SLOTS;
	if ((u64)nr * PAGE_SIZE > pipe_max_size_get() && !capable(CAP_SYS_RESOURCE))
		nr = pipe_max_size_get() / PAGE_SIZE;
	u32 user = cred_current()->uid;
	u64 total = pipe_user_account(user, 0, nr);
	if (pipe_user_too_many(total, false) && unprivileged_user()) {
		total = pipe_user_account(user, nr, PIPE_MIN_DEF_SLOTS);
		nr = PIPE_MIN_DEF_SLOTS;
	}
	struct pipe *p = NULL;
	if (!(pipe_user_too_many(total, true) && unprivileged_user()))
		p = kzalloc(sizeof(*p));
	if (p)
		p->ring.slots = kzalloc(sizeof(*p->ring.slots) * nr);
	if (!p || !p->ring.slots) {
		(void)pipe_user_account(user, nr, 0);
		kfree(p);
		return NULL;
	}
	p->user = user;
	p->nr_accounted = nr;
	p->ring.nr_slots = nr;
	spin_lock_init(&p->lock, "pipe");
	wait_queue_init(&p->mutex_wait, "pipe_mutex");
	wait_queue_init(&p->rd_wait, "pipe_read");
	wait_queue_init(&p->wr_wait, "pipe_write");
	wait_queue_init(&p->partner_wait, "fifo_partner");
	fasync_list_init(&p->fasync_readers);
	fasync_list_init(&p->fasync_writers);
	p->ino = __atomic_fetch_add(&next_pipe_ino, 1, __ATOMIC_RELAXED);
	return p;
}

/*
 * The FIFO's pipe with this opener's ends counted (a new one if it has
 * none), so it cannot be freed under the opener. A non-blocking writer
 * with no reader is not counted at all: ENXIO (nobody saw it). The
 * counters the waiting openers watch are read without the lock.
 */
struct fifo_seen {
	bool no_reader, no_writer; /* the other end was not open */
	unsigned r_counter, w_counter;
};

static int fifo_get_pipe(struct inode *inode, bool reader, bool writer, bool nonblock, struct pipe **out,
			 struct fifo_seen *seen)
{
	struct pipe *fresh = NULL;
	bool is_pipe = inode_is_anon(inode);
	for (;;) {
		int err = 0;
		unsigned long fifo_irq = spin_lock_irqsave(&fifo_lock);
		struct pipe *p = inode->pipe;
		bool need_reader = writer && !reader && nonblock && !is_pipe;
		if (!p && fresh && !need_reader) {
			p = inode->pipe = fresh;
			p->fifo = inode;
			fresh = NULL;
		}
		if (p) {
			unsigned long irq = spin_lock_irqsave(&p->lock);
			if (need_reader && p->readers == 0) {
				err = -ENXIO;
			} else {
				p->readers += reader;
				p->writers += writer;
				__atomic_add_fetch(&p->r_counter, reader, __ATOMIC_RELAXED);
				__atomic_add_fetch(&p->w_counter, writer, __ATOMIC_RELAXED);
				*seen = (struct fifo_seen){p->readers == 0, p->writers == 0, p->r_counter,
							   p->w_counter};
			}
			spin_unlock_irqrestore(&p->lock, irq);
		} else if (need_reader) {
			err = -ENXIO;
		}
		spin_unlock_irqrestore(&fifo_lock, fifo_irq);
		if (p || err || !(fresh = pipe_alloc())) {
			if (fresh) /* another opener made it first */
				pipe_free(fresh);
			*out = p;
			return err ? err : p ? 0 : -ENOMEM;
		}
	}
}

/* wait_for_partner: until the other end's counter moves (-ERESTARTSYS on a signal). */
static int wait_for_partner(struct pipe *p, const unsigned *counter, unsigned seen)
{
	if (wait_event_interruptible(&p->partner_wait, __atomic_load_n(counter, __ATOMIC_RELAXED) != seen))
		return -ERESTARTSYS;
	return 0;
}

/* An anonymous pipe opened again through /proc/PID/fd/N (Linux's is_pipe:
 * an inode of pipefs) never waits for the other end, nor is ENXIO. */
static int fifo_open(struct inode *inode, struct file *f)
{
	unsigned acc = f->flags & O_ACCMODE;
	bool reader = acc != O_WRONLY, writer = acc != O_RDONLY;
	bool nonblock = f->flags & O_NONBLOCK;
	struct pipe *p;
	struct fifo_seen seen = {0}; /* filled by fifo_get_pipe on success */
	int err = fifo_get_pipe(inode, reader, writer, nonblock, &p, &seen);
	if (err)
		return err;
	if (inode_is_anon(inode))
		seen.no_reader = seen.no_writer = false;
	wake_up_all(&p->partner_wait); /* a waiting opener of the other end goes on */
	/* the partner's counter as it was when this end was counted: a partner
	 * counted later (even one already gone again) moves it */
	if (reader && !writer && !nonblock && seen.no_writer)
		err = wait_for_partner(p, &p->w_counter, seen.w_counter);
	if (writer && !reader && seen.no_reader)
		err = wait_for_partner(p, &p->r_counter, seen.r_counter);
	if (err) {
		pipe_drop(p, reader, writer);
		return err;
	}
	f->ops = &fifo_ops;
	f->private = p;
	if (reader && !writer && seen.no_writer)
		f->pipe_w_seen = seen.w_counter; /* O_NONBLOCK: no hang-up until a writer has come */
	return 0;
}

const struct file_ops fifo_open_ops = {
	.open = fifo_open,
};

int pipe_create(int flags, struct file **rd_out, struct file **wr_out)
{
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENFILE;
	p->readers = p->writers = 1;
	p->r_counter = p->w_counter = 1; /* as Linux get_pipe_inode: a reader sees a writer came */
	p->uid = cred_fsuid();
	p->gid = cred_fsgid();
	struct inode *inode = pipe_inode(p);
	if (!inode) {
		pipe_free(p);
		return -ENFILE;
	}
	struct file *rd = pipe_end(p, inode, O_RDONLY, flags), *wr = pipe_end(p, inode, O_WRONLY, flags);
	inode_put(inode); /* the ends hold it */
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
			pipe_free(p);
		}
		return -ENFILE;
	}
	*rd_out = rd;
	*wr_out = wr;
	return 0;
}

SYSCALL_DEFINE2(pipe2, uaddr_t, ufds, int, flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct file *rd, *wr;
	int err = pipe_create(flags, &rd, &wr);
	if (err)
		return err;
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
