/*
 * timerfd.c — timers read through a file descriptor (Linux fs/timerfd.c):
 * timerfd_create, timerfd_settime, timerfd_gettime.
 *
 * A timerfd is an anonymous file holding a ktimer on the monotonic clock.
 * Each expiry adds to `ticks` (a periodic timer counts the periods it
 * missed too) and wakes readers and pollers; read, poll and gettime
 * count the expiries already due themselves, so a late timer interrupt
 * loses none. read(2) returns the count as 8 bytes and resets it,
 * blocking (or EAGAIN with O_NONBLOCK) while it is 0. CLOCK_REALTIME absolute times are turned into monotonic ones when the
 * timer is set, and every armed absolute timer on the real-time clocks (and
 * relative CLOCK_REALTIME_ALARM ones, which Linux's alarmtimer makes absolute;
 * a relative CLOCK_REALTIME timer runs on the monotonic base, as Linux's
 * __hrtimer_init decides) is kept on realtime_timers:
 * when the wall clock is set or stepped (time.c's clock-set hook, Linux
 * clock_was_set) an armed one moves so that its real-time expiry stays, and
 * one set with TFD_TIMER_CANCEL_ON_SET (absolute, real-time) is cancelled:
 * it becomes readable and its next read fails with ECANCELED (Linux
 * timerfd_clock_was_set and timerfd_canceled). The TFD_IOC_SET_TICKS ioctl
 * sets the count (CONFIG_CHECKPOINT_RESTORE's, which Debian's kernel has).
 *
 * Locking: timerfd.lock protects every field but wq and realtime_node; the
 * ktimer fn takes it in the timer interrupt. realtime_lock protects the
 * realtime_timers list and each realtime_node. Lock order: realtime_lock →
 * timerfd.lock → timer_lock (time.c); the wait queue is woken after
 * dropping timerfd.lock.
 */
#include <fs.h>

#include <cred.h>
#include <kmalloc.h>
#include <poll.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/timerfd.h>
#include <uapi/misc.h>
#include <wait.h>

struct timerfd {
	struct spinlock lock; /* see the top comment */
	struct ktimer timer;
	int clock;
	u64 expires;  /* monotonic ns of the next expiry (0: disarmed) */
	u64 interval; /* ns (0: one-shot) */
	u64 ticks;    /* expiries not yet read */
	bool cancel_on_set;
	bool canceled; /* the wall clock was set since: the next read is ECANCELED */
	u64 offset;    /* the real-time offset expires was computed with (real-time clocks) */
	bool on_realtime_list;
	struct list_head realtime_node; /* in realtime_timers [realtime_lock] */
	struct wait_queue wq;		/* readers and pollers */
};

/* The timerfds of the real-time clocks that were set, for clock-set hooks. */
static struct spinlock realtime_lock = SPINLOCK_INIT("timerfd_realtime");
static struct list_head realtime_timers = LIST_HEAD_INIT(realtime_timers);

static void timerfd_fired(struct ktimer *kt);

/* Counts the expiries due by now (caller holds tfd->lock): a periodic timer
 * the periods that ended, missed ones included, and moves expires to the
 * next; a one-shot its one expiry. The timer interrupt calls it, and so do
 * read and poll, so a count read late is the periods that ended by the time
 * of the read even when the interrupt for the last one has not run yet
 * (Linux's timerfd_read forwards the hrtimer to now the same way). The
 * ktimer is not re-armed here: once an expiry is counted the file is
 * readable and nothing needs waking until a read takes the count, which
 * re-arms it (Linux timerfd_tmrproc does not restart the hrtimer; timerfd_read
 * does). Re-arming from the interrupt let a 1 ns period keep the CPU in the
 * timer interrupt for good (found by the fuzz soak, seed 21). */
static void timerfd_count_due(struct timerfd *tfd, u64 now)
{
	ASSERT_HELD(&tfd->lock);
	if (!tfd->expires || now < tfd->expires)
		return;
	if (tfd->interval) {
		u64 periods = (now - tfd->expires) / tfd->interval + 1;
		tfd->ticks += periods;
		tfd->expires += periods * tfd->interval;
	} else {
		tfd->ticks++;
		tfd->expires = 0; /* the ktimer, if still armed, finds nothing due */
	}
}

static void timerfd_fired(struct ktimer *kt)
{
	struct timerfd *tfd = container_of(kt, struct timerfd, timer);
	unsigned long irq = spin_lock_irqsave(&tfd->lock);
	/* Only a due expiry counts (timerfd_count_due): read or poll on
	 * another CPU may have counted it already. timerfd_settime waits for
	 * this fn to end before it changes the setting. */
	timerfd_count_due(tfd, time_since_boot_ns());
	spin_unlock_irqrestore(&tfd->lock, irq);
	wake_up_all(&tfd->wq);
}

static bool timerfd_has_ticks(struct timerfd *tfd)
{
	return __atomic_load_n(&tfd->ticks, __ATOMIC_ACQUIRE) != 0;
}

/* Whether an expiry is waiting to be read, counting those already due. */
static bool timerfd_ready(struct timerfd *tfd)
{
	unsigned long irq = spin_lock_irqsave(&tfd->lock);
	timerfd_count_due(tfd, time_since_boot_ns());
	bool ready = tfd->ticks != 0;
	spin_unlock_irqrestore(&tfd->lock, irq);
	return ready;
}

static ssize_t timerfd_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct timerfd *tfd = f->private;
	if (len < sizeof(u64))
		return -EINVAL;
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&tfd->lock);
		timerfd_count_due(tfd, time_since_boot_ns());
		if (tfd->canceled) { /* Linux timerfd_read: the ticks do not matter */
			tfd->canceled = false;
			tfd->ticks = 0;
			spin_unlock_irqrestore(&tfd->lock, irq);
			return -ECANCELED;
		}
		u64 ticks = tfd->ticks;
		tfd->ticks = 0;
		if (ticks && tfd->interval && tfd->expires) /* the next period's wake-up */
			ktimer_arm(&tfd->timer, tfd->expires, timerfd_fired);
		spin_unlock_irqrestore(&tfd->lock, irq);
		if (ticks) {
			ssize_t n = iobuf_copy_out(dst, 0, &ticks, sizeof(ticks));
			if (n < 0) { /* not read after all: give the count back */
				irq = spin_lock_irqsave(&tfd->lock);
				tfd->ticks += ticks;
				spin_unlock_irqrestore(&tfd->lock, irq);
			}
			return n;
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = wait_event_interruptible(&tfd->wq, timerfd_has_ticks(tfd));
		if (err)
			return err;
	}
}

static short timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *tfd = f->private;
	poll_wait(pt, &tfd->wq);
	return timerfd_ready(tfd) ? POLLIN | POLLRDNORM : 0;
}

#define TFD_IOC_SET_TICKS 0x40085400u /* _IOW('T', 0, __u64) */

/* timerfd_ioctl (CONFIG_CHECKPOINT_RESTORE, which Debian's kernel has):
 * TFD_IOC_SET_TICKS makes the count of expiries to read the u64 at arg
 * (0: EINVAL), waking readers, unless the clock was set under a
 * TFD_TIMER_CANCEL_ON_SET timer (ECANCELED); other requests ENOTTY. */
static long timerfd_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct timerfd *tfd = f->private;
	if (cmd != TFD_IOC_SET_TICKS)
		return -ENOTTY;
	u64 ticks;
	if (copy_from_user(&ticks, uaddr_from(arg), sizeof(ticks)))
		return -EFAULT;
	if (!ticks)
		return -EINVAL;
	unsigned long irq = spin_lock_irqsave(&tfd->lock);
	bool canceled = tfd->canceled;
	if (!canceled)
		__atomic_store_n(&tfd->ticks, ticks, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&tfd->lock, irq);
	if (canceled)
		return -ECANCELED;
	wake_up_poll(&tfd->wq, POLLIN | POLLRDNORM);
	return 0;
}

static void timerfd_release(struct file *f)
{
	struct timerfd *tfd = f->private;
	unsigned long irq = spin_lock_irqsave(&realtime_lock);
	if (tfd->on_realtime_list)
		list_del(&tfd->realtime_node);
	spin_unlock_irqrestore(&realtime_lock, irq);
	irq = spin_lock_irqsave(&tfd->lock);
	tfd->expires = 0; /* an expiry running now re-arms nothing */
	spin_unlock_irqrestore(&tfd->lock, irq);
	ktimer_cancel_sync(&tfd->timer);
	kfree(tfd);
}

static const struct file_ops timerfd_ops = {
	.no_read_iter = true,
	.read = timerfd_read,
	.read_empty_asks = true,
	.poll = timerfd_poll,
	.ioctl = timerfd_ioctl,
	.release = timerfd_release,
};

/*
 * The wall clock was set or stepped to new_offset (time.c's
 * clock-set hook, process context): an armed real-time timer keeps its
 * real-time expiry, so its monotonic one moves by the difference; one with
 * TFD_TIMER_CANCEL_ON_SET set under another offset is cancelled, becoming
 * readable (Linux timerfd_clock_was_set counts a tick) for a read that
 * reports ECANCELED.
 */
static void timerfd_clock_was_set(u64 new_offset)
{
	unsigned long list_irq = spin_lock_irqsave(&realtime_lock);
	struct timerfd *tfd;
	list_for_each_entry(tfd, &realtime_timers, realtime_node) {
		unsigned long irq = spin_lock_irqsave(&tfd->lock);
		bool changed = tfd->offset != new_offset;
		if (changed && tfd->expires) {
			u64 real = tfd->expires + tfd->offset;
			tfd->expires = real > new_offset ? real - new_offset : 1;
			ktimer_arm(&tfd->timer, tfd->expires, timerfd_fired);
		}
		tfd->offset = new_offset;
		bool cancel = changed && tfd->cancel_on_set;
		if (cancel) {
			tfd->canceled = true;
			tfd->ticks++;
		}
		spin_unlock_irqrestore(&tfd->lock, irq);
		if (cancel)
			wake_up_all(&tfd->wq);
	}
	spin_unlock_irqrestore(&realtime_lock, list_irq);
}

static struct clock_set_hook timerfd_clock_hook = {.fn = timerfd_clock_was_set};

/* Registers timerfd_clock_was_set once, when the first real-time timer is set. */
static void timerfd_add_clock_hook(void)
{
	static bool added; /* [atomic] */
	if (!__atomic_exchange_n(&added, true, __ATOMIC_ACQ_REL))
		time_add_clock_set_hook(&timerfd_clock_hook);
}

SYSCALL_DEFINE2(timerfd_create, int, clock, int, flags)
{
	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME && clock != CLOCK_REALTIME_ALARM &&
	    clock != CLOCK_BOOTTIME && clock != CLOCK_BOOTTIME_ALARM)
		return -EINVAL;
	if ((clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM) && !capable(CAP_WAKE_ALARM))
		return -EPERM;
	struct timerfd *tfd = kzalloc(sizeof(*tfd));
	if (!tfd)
		return -ENOMEM;
	spin_lock_init(&tfd->lock, "timerfd");
	wait_queue_init(&tfd->wq, "timerfd");
	tfd->clock = clock;
	struct file *f = file_alloc(&timerfd_ops, tfd, 0600);
	if (!f) {
		kfree(tfd);
		return -ENFILE; /* file_alloc: ENFILE is what a program can provoke */
	}
	f->flags = O_RDWR | (flags & TFD_NONBLOCK);
	return fd_install_or_put(f, flags & TFD_CLOEXEC);
}

/* The timerfd behind fd with a reference: 0, -EBADF or -EINVAL (not a timerfd). */
static int timerfd_get(int fd, struct file **out)
{
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	if (f->ops != &timerfd_ops) {
		file_put(f);
		return -EINVAL;
	}
	*out = f;
	return 0;
}

/* Time left and interval. [tfd->lock] */
static void timerfd_read_setting(struct timerfd *tfd, u64 *interval, u64 *value)
{
	ASSERT_HELD(&tfd->lock);
	u64 now = time_since_boot_ns();
	timerfd_count_due(tfd, now); /* a periodic timer's next expiry, not a past one */
	*interval = tfd->interval;
	*value = tfd->expires > now ? tfd->expires - now : 0;
}

SYSCALL_DEFINE4(timerfd_settime, int, fd, int, flags, uaddr_t, unew, uaddr_t, uold)
{
	u64 interval, value;
	int err = itimerspec_from_user(unew, &interval, &value);
	if (err)
		return err;
	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	struct file *f;
	err = timerfd_get(fd, &f);
	if (err)
		return err;
	struct timerfd *tfd = f->private;
	bool realtime = tfd->clock == CLOCK_REALTIME || tfd->clock == CLOCK_REALTIME_ALARM;
	if (realtime)
		timerfd_add_clock_hook();
	/* The old setting's timer off, and its fn not running on another CPU
	 * (Linux timerfd_settime's hrtimer_try_to_cancel loop): the fn takes
	 * tfd->lock, so its end is waited for without it. */
	unsigned long list_irq, irq;
	for (;;) {
		list_irq = spin_lock_irqsave(&realtime_lock);
		irq = spin_lock_irqsave(&tfd->lock);
		if (ktimer_try_cancel(&tfd->timer))
			break;
		spin_unlock_irqrestore(&tfd->lock, irq);
		spin_unlock_irqrestore(&realtime_lock, list_irq);
		ktimer_cancel_sync(&tfd->timer);
	}
	u64 old_interval, old_value;
	timerfd_read_setting(tfd, &old_interval, &old_value);
	tfd->ticks = 0;
	tfd->canceled = false;
	tfd->interval = value ? interval : 0;
	tfd->expires = 0;
	/* Linux timerfd_setup_cancel: only for absolute realtime timers */
	tfd->cancel_on_set = realtime && (flags & TFD_TIMER_ABSTIME) && (flags & TFD_TIMER_CANCEL_ON_SET);
	tfd->offset = time_realtime_offset(); /* stable: clock-set hooks wait for realtime_lock */
	if (value) {
		if (!(flags & TFD_TIMER_ABSTIME))
			tfd->expires = time_deadline_after(value);
		else if (realtime)
			tfd->expires = value > tfd->offset ? value - tfd->offset : 0;
		else
			tfd->expires = value;
		if (!tfd->expires)
			tfd->expires = 1; /* before boot: due at once */
		ktimer_arm(&tfd->timer, tfd->expires, timerfd_fired);
	}
	/* A relative CLOCK_REALTIME timer runs on the monotonic base and stays
	 * where it is when the clock is set (Linux __hrtimer_init's "POSIX
	 * magic"); a CLOCK_REALTIME_ALARM one does not (alarm_start_relative
	 * makes it absolute on the real-time base). */
	bool moves = realtime && ((flags & TFD_TIMER_ABSTIME) || tfd->clock == CLOCK_REALTIME_ALARM);
	bool listed = moves && (value || tfd->cancel_on_set);
	if (listed && !tfd->on_realtime_list)
		list_add_tail(&tfd->realtime_node, &realtime_timers);
	else if (!listed && tfd->on_realtime_list)
		list_del(&tfd->realtime_node);
	tfd->on_realtime_list = listed;
	spin_unlock_irqrestore(&tfd->lock, irq);
	spin_unlock_irqrestore(&realtime_lock, list_irq);
	file_put(f);
	if (!uaddr_is_null(uold) && itimerspec_to_user(uold, old_interval, old_value))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(timerfd_gettime, int, fd, uaddr_t, ucur)
{
	struct file *f;
	int err = timerfd_get(fd, &f);
	if (err)
		return err;
	struct timerfd *tfd = f->private;
	unsigned long irq = spin_lock_irqsave(&tfd->lock);
	u64 interval, value;
	timerfd_read_setting(tfd, &interval, &value);
	spin_unlock_irqrestore(&tfd->lock, irq);
	file_put(f);
	return itimerspec_to_user(ucur, interval, value);
}
