/*
 * eventfd.c — eventfd2(2): a 64-bit counter behind a file descriptor
 * (Linux fs/eventfd.c).
 *
 * A write of 8 bytes adds its value to the counter, a read of 8 bytes
 * takes it: the whole value, or 1 with EFD_SEMAPHORE. A read of a zero
 * counter waits (EAGAIN with EFD_NONBLOCK); a write that would take the
 * counter to 0xffffffffffffffff or past it waits for a read (EAGAIN);
 * writing 0xffffffffffffffff itself, or reading/writing fewer than 8 bytes,
 * is EINVAL. poll: POLLIN while the counter is non-zero, POLLOUT while
 * 1 more fits, POLLERR at the (unreachable from user space) maximum.
 * Every change wakes the queue with the new readiness as the key, so
 * epoll and ppoll see it. Native AIO's IOCB_FLAG_RESFD (fs/aio.c) adds 1
 * for each completion through eventfd_signal (Linux's: capped at the
 * maximum, no wait).
 */
#include <syscall.h>

#include <fs.h>
#include <kmalloc.h>
#include <poll.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/eventfd.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <wait.h>

#define EVENTFD_MAX (~0ULL) /* ULLONG_MAX: the counter stays below it */

struct eventfd {
	struct spinlock lock;	/* protects count */
	u64 count;		/* [lock] */
	bool semaphore;		/* EFD_SEMAPHORE, fixed at creation */
	struct wait_queue wait; /* readers, writers and pollers */
};

static bool eventfd_readable(struct eventfd *e)
{
	return __atomic_load_n(&e->count, __ATOMIC_ACQUIRE) != 0;
}

static bool eventfd_room_for(struct eventfd *e, u64 value)
{
	return EVENTFD_MAX - __atomic_load_n(&e->count, __ATOMIC_ACQUIRE) > value;
}

/* Takes the value a read returns (0: the counter was zero). */
static u64 eventfd_take(struct eventfd *e)
{
	unsigned long irq = spin_lock_irqsave(&e->lock);
	u64 value = e->count;
	if (value)
		value = e->semaphore ? 1 : value;
	__atomic_store_n(&e->count, e->count - value, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&e->lock, irq);
	return value;
}

/* Adds value if it fits (Linux eventfd_write's ULLONG_MAX - count > ucnt). */
static bool eventfd_add(struct eventfd *e, u64 value)
{
	unsigned long irq = spin_lock_irqsave(&e->lock);
	bool fits = EVENTFD_MAX - e->count > value;
	if (fits)
		__atomic_store_n(&e->count, e->count + value, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&e->lock, irq);
	return fits;
}

static ssize_t eventfd_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct eventfd *e = f->private;
	if (len < sizeof(u64))
		return -EINVAL;
	u64 value;
	while ((value = eventfd_take(e)) == 0) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(&e->wait, eventfd_readable(e)))
			return -ERESTARTSYS;
	}
	wake_up_poll(&e->wait, POLLOUT | POLLWRNORM);
	if (iobuf_copy_out(dst, 0, &value, sizeof(value)) < 0)
		return -EFAULT; /* (Linux reads the counter first too) */
	return sizeof(value);
}

static ssize_t eventfd_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	(void)pos;
	struct eventfd *e = f->private;
	u64 value;
	if (len < sizeof(u64))
		return -EINVAL;
	if (iobuf_copy_in(&value, src, 0, sizeof(value)) < 0)
		return -EFAULT;
	if (value == EVENTFD_MAX)
		return -EINVAL;
	while (!eventfd_add(e, value)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(&e->wait, eventfd_room_for(e, value)))
			return -ERESTARTSYS;
	}
	if (value)
		wake_up_poll(&e->wait, POLLIN | POLLRDNORM);
	return sizeof(value);
}

static short eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->private;
	poll_wait(pt, &e->wait);
	u64 count = __atomic_load_n(&e->count, __ATOMIC_ACQUIRE);
	short mask = 0;
	if (count > 0)
		mask |= POLLIN | POLLRDNORM;
	if (count == EVENTFD_MAX)
		mask |= POLLERR;
	if (EVENTFD_MAX - 1 > count)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void eventfd_release(struct file *f)
{
	kfree(f->private);
}

static const struct file_ops eventfd_ops;

struct file *eventfd_fget(int fd, int *err)
{
	struct file *f = fd_get_file(fd);
	*err = f ? -EINVAL : -EBADF;
	if (f && f->ops != &eventfd_ops) {
		file_put(f);
		f = NULL;
	}
	return f;
}

void eventfd_signal(struct file *f, u64 n)
{
	struct eventfd *e = f->private;
	unsigned long irq = spin_lock_irqsave(&e->lock);
	if (EVENTFD_MAX - e->count < n)
		n = EVENTFD_MAX - e->count;
	__atomic_store_n(&e->count, e->count + n, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&e->lock, irq);
	wake_up_poll(&e->wait, POLLIN | POLLRDNORM);
}

static const struct file_ops eventfd_ops = {
	.read = eventfd_read,
	.read_empty_asks = true,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
	.anon_name = "[eventfd]",
};

SYSCALL_DEFINE2(eventfd2, unsigned, initval, int, flags)
{
	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	struct eventfd *e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	spin_lock_init(&e->lock, "eventfd");
	wait_queue_init(&e->wait, "eventfd");
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	struct file *f = file_alloc(&eventfd_ops, e, 0600); /* an anonymous inode: no type bits */
	if (!f) {
		kfree(e);
		return -ENFILE; /* file_alloc: ENFILE is what a program can provoke */
	}
	f->flags = O_RDWR | (flags & O_NONBLOCK);
	return fd_install_or_put(f, flags & EFD_CLOEXEC);
}
