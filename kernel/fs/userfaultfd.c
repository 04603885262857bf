/*
 * userfaultfd.c — the userfaultfd(2) descriptor (Linux fs/userfaultfd.c; man
 * userfaultfd(2), ioctl_userfaultfd(2)): the system call, and the file's
 * read, poll and ioctls, which copy their arguments and call the memory
 * half (mm/userfaultfd.c, userfaultfd.h), where the context, the held
 * faults and the page filling live.
 *
 * Before UFFDIO_API succeeds every other ioctl and read() is EINVAL and
 * poll says POLLERR. read() gives whole 32-byte struct uffd_msg, as many as
 * fit, waiting for the first unless O_NONBLOCK (EAGAIN). poll is POLLERR on
 * a blocking descriptor, as on Linux ("poll() never guarantees that read
 * won't block"), else POLLIN while a fault waits to be read.
 *
 * Who may create one (Linux userfaultfd_syscall_allowed): anyone with
 * UFFD_USER_MODE_ONLY, else CAP_SYS_PTRACE or vm.unprivileged_userfaultfd
 * set (/proc/sys/vm/unprivileged_userfaultfd, default 0 as Linux's), else
 * EPERM. /dev/userfaultfd is not provided.
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <mm.h>
#include <poll.h>
#include <string.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <userfaultfd.h>
#include <wait.h>

/* What UFFDIO_API says the descriptor takes (Linux UFFD_API_IOCTLS). */
#define UFFD_API_IOCTLS ((1ull << _UFFDIO_REGISTER) | (1ull << _UFFDIO_UNREGISTER) | (1ull << _UFFDIO_API))
#define UFFD_MMAP_MIN_ADDR 0x10000ull /* vm.mmap_min_addr (mm/vm.c) */

static ssize_t uffd_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct uffd_ctx *ctx = f->private;
	struct uffd_msg msg;
	if (!uffd_api_done(ctx) || len < sizeof(msg))
		return -EINVAL;
	size_t done = 0;
	while (len - done >= sizeof(msg)) {
		int err = uffd_take_msg(ctx, &msg);
		if (err == -EAGAIN) {
			if (done)
				break;
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			if (wait_event_interruptible(uffd_read_queue(ctx), uffd_has_pending(ctx)))
				return -ERESTARTSYS;
			continue;
		}
		if (iobuf_copy_out(dst, done, &msg, sizeof(msg)) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += sizeof(msg);
	}
	return (ssize_t)done;
}

static short uffd_poll(struct file *f, struct poll_table *pt)
{
	struct uffd_ctx *ctx = f->private;
	poll_wait(pt, uffd_read_queue(ctx));
	if (!uffd_api_done(ctx) || !(f->flags & O_NONBLOCK))
		return POLLERR;
	return uffd_has_pending(ctx) ? POLLIN : 0;
}

/* Linux validate_range: page aligned, not empty, inside user space above
 * vm.mmap_min_addr. */
static int validate_range(u64 start, u64 len)
{
	if ((start | len) & (PAGE_SIZE - 1) || !len)
		return -EINVAL;
	if (start < UFFD_MMAP_MIN_ADDR || start >= USER_VA_END || len > USER_VA_END - start)
		return -EINVAL;
	return 0;
}

static long ioctl_api(struct uffd_ctx *ctx, uaddr_t arg)
{
	struct uffdio_api api;
	if (copy_from_user(&api, arg, sizeof(api)))
		return -EFAULT;
	int err = api.api == UFFD_API ? uffd_api(ctx, api.features) : -EINVAL;
	if (err)
		memset(&api, 0, sizeof(api)); /* Linux's err_out tells user space nothing */
	else
		api = (struct uffdio_api){
			.api = UFFD_API, .features = UFFD_SUPPORTED_FEATURES, .ioctls = UFFD_API_IOCTLS};
	if (copy_to_user(arg, &api, sizeof(api)))
		return -EFAULT;
	return err;
}

static long ioctl_register(struct uffd_ctx *ctx, uaddr_t arg)
{
	struct uffdio_register reg;
	if (copy_from_user(&reg, arg, offsetof(struct uffdio_register, ioctls)))
		return -EFAULT; /* the last field is only written */
	int err = validate_range(reg.range.start, reg.range.len);
	if (err)
		return err;
	u64 ioctls;
	err = uffd_register(ctx, reg.range.start, reg.range.len, reg.mode, &ioctls);
	if (!err && copy_to_user(uaddr_add(arg, offsetof(struct uffdio_register, ioctls)), &ioctls, sizeof(ioctls)))
		return -EFAULT;
	return err;
}

static long ioctl_range(struct uffd_ctx *ctx, unsigned cmd, uaddr_t arg)
{
	struct uffdio_range r;
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	int err = validate_range(r.start, r.len);
	if (err)
		return err;
	if (cmd == UFFDIO_UNREGISTER)
		return uffd_unregister(ctx, r.start, r.len);
	uffd_wake_range(ctx, r.start, r.len);
	return 0;
}

/*
 * COPY, ZEROPAGE and CONTINUE (Linux userfaultfd_copy and its siblings):
 * the result field gets the bytes filled or the errno; the filled part is
 * woken unless DONTWAKE; a partial fill is EAGAIN.
 */
static long ioctl_fill(struct uffd_ctx *ctx, unsigned cmd, uaddr_t arg)
{
	u64 in[4] = {0}; /* copy: dst, src, len, mode; the others: start, len, mode */
	bool copy = cmd == UFFDIO_COPY;
	size_t in_len = (copy ? 4 : 3) * sizeof(u64);
	if (copy_from_user(in, arg, in_len))
		return -EFAULT;
	u64 dst = in[0], len = copy ? in[2] : in[1], mode = copy ? in[3] : in[2];
	uaddr_t src = copy ? uaddr_from(in[1]) : UADDR_NULL; /* a pointer into the caller's memory */
	int err = validate_range(dst, len);
	if (err)
		return err;
	u64 modes = cmd == UFFDIO_ZEROPAGE ? UFFDIO_ZEROPAGE_MODE_DONTWAKE
					   : UFFDIO_COPY_MODE_DONTWAKE | UFFDIO_COPY_MODE_WP; /* = CONTINUE's */
	if ((copy && uaddr_raw(src) + len <= uaddr_raw(src)) || (mode & ~modes))
		return -EINVAL;
	long done;
	if (mode & UFFDIO_COPY_MODE_WP)
		done = -EINVAL; /* no range is write-protect registered (mfill_atomic) */
	else if (copy)
		done = uffd_copy(ctx, dst, src, len);
	else if (cmd == UFFDIO_ZEROPAGE)
		done = uffd_zeropage(ctx, dst, len);
	else
		done = uffd_continue(ctx, dst, len);
	s64 result = done;
	if (copy_to_user(uaddr_add(arg, in_len), &result, sizeof(result)))
		return -EFAULT;
	if (done < 0)
		return done;
	if (!(mode & UFFDIO_COPY_MODE_DONTWAKE)) /* bit 0 in each mode */
		uffd_wake_range(ctx, dst, (u64)done);
	return (u64)done == len ? 0 : -EAGAIN;
}

static long uffd_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct uffd_ctx *ctx = f->private;
	if (cmd == UFFDIO_API)
		return ioctl_api(ctx, uaddr_from(arg));
	if (!uffd_api_done(ctx))
		return -EINVAL;
	switch (cmd) {
	case UFFDIO_REGISTER: return ioctl_register(ctx, uaddr_from(arg));
	case UFFDIO_UNREGISTER:
	case UFFDIO_WAKE: return ioctl_range(ctx, cmd, uaddr_from(arg));
	case UFFDIO_COPY:
	case UFFDIO_ZEROPAGE:
	case UFFDIO_CONTINUE: return ioctl_fill(ctx, cmd, uaddr_from(arg));
	default: return -EINVAL; /* Linux userfaultfd_ioctl: unknown commands are EINVAL */
	}
}

static void uffd_release(struct file *f)
{
	uffd_ctx_release(f->private);
}

static const struct file_ops uffd_ops = {
	.no_read_iter = true,
	.read = uffd_read,
	.read_empty_asks = true,
	.poll = uffd_poll,
	.ioctl = uffd_ioctl,
	.release = uffd_release,
	.anon_name = "[userfaultfd]",
};

SYSCALL_DEFINE1(userfaultfd, int, flags)
{
	if (!(flags & UFFD_USER_MODE_ONLY) && !capable(CAP_SYS_PTRACE) && !uffd_sysctl_get())
		return -EPERM;
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY))
		return -EINVAL;
	struct mm *mm = current()->mm;
	struct uffd_ctx *ctx = uffd_ctx_create(mm, flags & UFFD_USER_MODE_ONLY);
	if (!ctx)
		return -ENOMEM;
	struct file *f = file_alloc(&uffd_ops, ctx, 0600);
	if (!f) {
		uffd_ctx_put(ctx);
		return -ENFILE;
	}
	f->flags = O_RDWR | (flags & O_NONBLOCK);
	return fd_install_or_put(f, flags & O_CLOEXEC);
}
