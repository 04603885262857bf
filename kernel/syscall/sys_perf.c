/*
 * sys_perf.c — perf_event_open(2) with the software events of one task
 * (Linux kernel/events/core.c; man perf_event_open(2)).
 *
 * An event counts for the thread pid names (0: the caller) on any CPU
 * (cpu -1), from the moment it is enabled (at once unless attr.disabled)
 * until disabled, and read() gives the count in attr.read_format's layout
 * (the value, the times enabled and running, the id, the lost count; a
 * group of one with PERF_FORMAT_GROUP). The counts come from what the
 * kernel already keeps per task (proc/cputime.c): the precise run time for
 * CPU_CLOCK and TASK_CLOCK (a task event's clock, like its times enabled and
 * running, moves only while the task runs), the handled page faults
 * (min_flt) for PAGE_FAULTS and PAGE_FAULTS_MIN, the voluntary and
 * involuntary switches for CONTEXT_SWITCHES. A switch happens in the kernel,
 * so exclude_kernel leaves it out as Linux's perf_exclude_event does; page
 * faults are counted whatever mode took them (exclude_user and
 * exclude_kernel do not split them). PAGE_FAULTS_MAJ, ALIGNMENT_FAULTS,
 * EMULATION_FAULTS and DUMMY never happen here and stay 0. An event
 * holds the thread's struct pid; once the thread is gone its count stays.
 *
 * Not implemented, each with the errno Linux gives a kernel without it:
 * hardware, cache, raw, tracepoint and breakpoint events (no PMU driver:
 * ENOENT, perf_init_event); CPU_MIGRATIONS, BPF_OUTPUT, CGROUP_SWITCHES
 * (ENOENT); sampling (a sample period or frequency: EOPNOTSUPP, as a PMU
 * that cannot interrupt, PERF_PMU_CAP_NO_INTERRUPT); and, EINVAL: CPU-wide
 * events (pid -1) and events bound to one CPU, groups (group_fd),
 * inherit, enable_on_exec; a ring buffer (mmap is ENODEV). Each is logged
 * once.
 *
 * Locking: ev->lock (a spinlock) protects the enabled state and the
 * accumulated counts; the task behind ev->pid is looked up under
 * tasklist_lock (its counters are read atomically, task_cputime) before
 * ev->lock is taken, never inside it (tasklist_lock is the outer one).
 */
#include <syscall.h>

#include <cputime.h>
#include <cred.h>
#include <fs.h>
#include <kmalloc.h>
#include <pid.h>
#include <poll.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/perf_event.h>

struct perf_sw_event {
	struct spinlock lock;
	struct pid *pid;     /* the counted thread; holds a reference */
	u64 config;	     /* PERF_COUNT_SW_* */
	u64 read_format;     /* PERF_FORMAT_* */
	bool exclude_kernel; /* context switches are kernel events */
	u64 id;		     /* PERF_EVENT_IOC_ID, PERF_FORMAT_ID */
	bool enabled;	     /* [lock] */
	u64 count, time;     /* [lock] accumulated up to the last disable or reset */
	u64 count_base;	     /* [lock] source values when last enabled or reset */
	u64 time_base;	     /* [lock] */
};

static u64 next_event_id; /* [atomic] Linux's perf_event_id */

/* The one log line for what is not implemented, and its errno. */
static int unsupported(const char *what, int err)
{
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_NOTICE "levitate: perf_event_open: %s not implemented (errno %d)", what, -err);
	return err;
}

/* The task's counter behind the event and its run time, now (frozen at
 * the last values seen once the thread is gone: the caller keeps them). */
static bool sample(struct perf_sw_event *ev, u64 *count, u64 *time)
{
	struct cputime c;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = ev->pid->task;
	if (t)
		task_cputime(t, &c);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!t)
		return false;
	*time = c.sum_exec;
	switch (ev->config) {
	case PERF_COUNT_SW_CPU_CLOCK:
	case PERF_COUNT_SW_TASK_CLOCK: *count = c.sum_exec; break;
	case PERF_COUNT_SW_PAGE_FAULTS:
	case PERF_COUNT_SW_PAGE_FAULTS_MIN: *count = c.counts.min_flt; break;
	case PERF_COUNT_SW_CONTEXT_SWITCHES: *count = ev->exclude_kernel ? 0 : c.counts.nvcsw + c.counts.nivcsw; break;
	default: *count = 0; break; /* events that never happen here */
	}
	return true;
}

/* A sample of the task's sources, taken before ev->lock (tasklist_lock
 * comes first in the lock order). */
struct perf_sample {
	bool alive;
	u64 count, time;
};

static struct perf_sample take_sample(struct perf_sw_event *ev)
{
	struct perf_sample s = {0};
	s.alive = sample(ev, &s.count, &s.time);
	return s;
}

/* Folds what ran since the last enable into count and time; a sample older
 * than the last one folded (taken by a racing caller) adds nothing. [ev->lock] */
static void accumulate(struct perf_sw_event *ev, const struct perf_sample *s)
{
	if (!ev->enabled || !s->alive || s->count < ev->count_base || s->time < ev->time_base)
		return;
	ev->count += s->count - ev->count_base;
	ev->time += s->time - ev->time_base;
	ev->count_base = s->count;
	ev->time_base = s->time;
}

static void perf_enable(struct perf_sw_event *ev, bool on)
{
	struct perf_sample s = take_sample(ev);
	unsigned long irq = spin_lock_irqsave(&ev->lock);
	accumulate(ev, &s);
	if (on && !ev->enabled && s.alive) {
		ev->enabled = true;
		ev->count_base = s.count;
		ev->time_base = s.time;
	} else if (!on) {
		ev->enabled = false;
	}
	spin_unlock_irqrestore(&ev->lock, irq);
}

static void perf_reset(struct perf_sw_event *ev)
{
	struct perf_sample s = take_sample(ev);
	unsigned long irq = spin_lock_irqsave(&ev->lock);
	accumulate(ev, &s);
	ev->count = 0; /* Linux's reset clears the count, not the times */
	spin_unlock_irqrestore(&ev->lock, irq);
}

/* The bytes read() gives (Linux perf_event_read_size). */
static size_t read_size(const struct perf_sw_event *ev)
{
	unsigned f = (unsigned)ev->read_format;
	size_t n = 1 + !!(f & PERF_FORMAT_TOTAL_TIME_ENABLED) + !!(f & PERF_FORMAT_TOTAL_TIME_RUNNING) +
		   !!(f & PERF_FORMAT_ID) + !!(f & PERF_FORMAT_LOST);
	return (n + !!(f & PERF_FORMAT_GROUP)) * sizeof(u64);
}

static ssize_t perf_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	(void)pos;
	struct perf_sw_event *ev = f->private;
	size_t size = read_size(ev);
	if (len < size)
		return -ENOSPC;
	struct perf_sample s = take_sample(ev);
	unsigned long irq = spin_lock_irqsave(&ev->lock);
	accumulate(ev, &s);
	u64 count = ev->count, time = ev->time;
	spin_unlock_irqrestore(&ev->lock, irq);
	u64 out[7];
	size_t n = 0;
	unsigned fmt = (unsigned)ev->read_format;
	if (fmt & PERF_FORMAT_GROUP)
		out[n++] = 1; /* nr: a group of one (perf_read_group) */
	else
		out[n++] = count; /* perf_read_one: the value comes first */
	if (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED)
		out[n++] = time; /* a task event's context time runs with the task */
	if (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING)
		out[n++] = time;
	if (fmt & PERF_FORMAT_GROUP)
		out[n++] = count; /* the member's value */
	if (fmt & PERF_FORMAT_ID)
		out[n++] = ev->id;
	if (fmt & PERF_FORMAT_LOST)
		out[n++] = 0;
	if (iobuf_copy_out(dst, 0, out, n * sizeof(u64)) < 0)
		return -EFAULT;
	return (ssize_t)size;
}

static short perf_poll(struct file *f, struct poll_table *pt)
{
	(void)f;
	(void)pt;
	return POLLHUP; /* Linux perf_poll: EPOLLHUP unless a ring buffer has news, and there is none */
}

/* Linux _perf_ioctl, for a counting software event without a ring buffer. */
static long perf_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct perf_sw_event *ev = f->private;
	u64 value;
	switch (cmd) {
	case PERF_EVENT_IOC_ENABLE: perf_enable(ev, true); return 0;
	case PERF_EVENT_IOC_DISABLE: perf_enable(ev, false); return 0;
	case PERF_EVENT_IOC_RESET: perf_reset(ev); return 0;
	case PERF_EVENT_IOC_REFRESH: return -EINVAL; /* not a sampling event */
	case PERF_EVENT_IOC_PERIOD:
		if (copy_from_user(&value, uaddr_from(arg), sizeof(value)))
			return -EFAULT;
		return -EINVAL; /* perf_event_period: not a sampling event */
	case PERF_EVENT_IOC_ID: return copy_to_user(uaddr_from(arg), &ev->id, sizeof(ev->id)) ? -EFAULT : 0;
	case PERF_EVENT_IOC_SET_OUTPUT: return (int)arg == -1 ? 0 : -EINVAL; /* no buffers to redirect */
	case PERF_EVENT_IOC_SET_FILTER:
	case PERF_EVENT_IOC_SET_BPF:
	case PERF_EVENT_IOC_QUERY_BPF:
	case PERF_EVENT_IOC_PAUSE_OUTPUT: return -EINVAL;	   /* not a tracepoint; no ring buffer */
	case PERF_EVENT_IOC_MODIFY_ATTRIBUTES: return -EOPNOTSUPP; /* only breakpoints can be changed */
	default: return -ENOTTY;
	}
}

static void perf_release(struct file *f)
{
	struct perf_sw_event *ev = f->private;
	pid_put(ev->pid);
	kfree(ev);
}

static const struct file_ops perf_ops = {
	.no_read_iter = true,
	.read = perf_read,
	.read_empty_asks = true,
	.poll = perf_poll,
	.ioctl = perf_ioctl,
	.release = perf_release,
	.anon_name = "[perf_event]",
};

/* Linux perf_copy_attr: the size first (0 is VER0; E2BIG with our size
 * written back when it is too small or too big), unknown trailing bytes zero. */
static int copy_attr(uaddr_t uattr, struct perf_event_attr *attr)
{
	u32 size;
	memset(attr, 0, sizeof(*attr));
	if (copy_from_user(&size, uaddr_add(uattr, offsetof(struct perf_event_attr, size)), sizeof(size)))
		return -EFAULT;
	if (!size)
		size = PERF_ATTR_SIZE_VER0;
	if (size < PERF_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto err_size;
	if (copy_from_user(attr, uattr, MIN((size_t)size, sizeof(*attr))))
		return -EFAULT;
	for (u32 at = sizeof(*attr); at < size; at++) { /* copy_struct_from_user's check_zeroed_user */
		u8 b;
		if (copy_from_user(&b, uaddr_add(uattr, at), 1))
			return -EFAULT;
		if (b)
			goto err_size;
	}
	attr->size = size;
	if ((attr->flags & PERF_ATTR_RESERVED_1) || attr->__reserved_2 || attr->__reserved_3)
		return -EINVAL;
	if ((attr->sample_type & ~(PERF_SAMPLE_MAX - 1)) || (attr->read_format & ~(u64)(PERF_FORMAT_MAX - 1)))
		return -EINVAL;
	return 0;
err_size:
	size = sizeof(*attr);
	if (copy_to_user(uaddr_add(uattr, offsetof(struct perf_event_attr, size)), &size, sizeof(size)))
		return -EFAULT;
	return -E2BIG;
}

/* perf_event_open's checks on what this kernel does not implement (see the top). */
static int check_supported(const struct perf_event_attr *attr, int pid, int cpu, int group_fd)
{
	if (attr->type != PERF_TYPE_SOFTWARE || attr->config >= PERF_COUNT_SW_MAX ||
	    attr->config == PERF_COUNT_SW_CPU_MIGRATIONS || attr->config == PERF_COUNT_SW_BPF_OUTPUT ||
	    attr->config == PERF_COUNT_SW_CGROUP_SWITCHES) {
		return unsupported("an event other than a task's software event", -ENOENT);
	}
	if (attr->sample_period)
		return unsupported("sampling", -EOPNOTSUPP);
	if (pid < 0 || cpu != -1 || group_fd != -1 || (attr->flags & (PERF_ATTR_INHERIT | PERF_ATTR_ENABLE_ON_EXEC)))
		return unsupported("a CPU event, a group, inherit or enable_on_exec", -EINVAL);
	return 0;
}

/* Linux's perf_event_open checks, in its order, then ours. */
static int check_open(const struct perf_event_attr *attr, int pid, int cpu, int group_fd, unsigned flags)
{
	if (flags & ~PERF_FLAG_ALL)
		return -EINVAL;
	bool privileged = capable(CAP_PERFMON) || capable(CAP_SYS_ADMIN);
	int paranoid = perf_event_paranoid();
	if (!privileged && (paranoid > 2 || (!(attr->flags & PERF_ATTR_EXCLUDE_KERNEL) && paranoid > 1)))
		return -EACCES; /* Debian's perf_event_paranoid 3, and perf_allow_kernel */
	if ((attr->flags & (PERF_ATTR_NAMESPACES | PERF_ATTR_CGROUP)) && !capable(CAP_SYS_ADMIN))
		return -EACCES;
	if ((attr->flags & PERF_ATTR_FREQ) ? attr->sample_period > 100000 : (attr->sample_period >> 63))
		return -EINVAL; /* perf_event_max_sample_rate's default */
	if ((attr->flags & PERF_ATTR_SIGTRAP) && !(attr->flags & PERF_ATTR_REMOVE_ON_EXEC))
		return -EINVAL;
	if ((flags & PERF_FLAG_PID_CGROUP) && (pid == -1 || cpu == -1))
		return -EINVAL;
	if (pid == -1 && cpu == -1)
		return -EINVAL;
	return check_supported(attr, pid, cpu, group_fd);
}

/* The thread must be alive (ESRCH), and another process's needs
 * CAP_SYS_PTRACE here (Linux asks ptrace_may_access, PTRACE_MODE_READ). */
static int check_target(struct pid *p)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = p->task;
	bool own = t && t->group == current()->group;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!t)
		return -ESRCH;
	return own || capable(CAP_SYS_PTRACE) ? 0 : -EACCES;
}

SYSCALL_DEFINE5(perf_event_open, uaddr_t, uattr, int, pid, int, cpu, int, group_fd, unsigned long, flags)
{
	struct perf_event_attr attr;
	int err = copy_attr(uattr, &attr);
	if (err)
		return err;
	err = check_open(&attr, pid, cpu, group_fd, (unsigned)flags);
	if (err)
		return err;
	struct pid *p = pid ? pid_get_nr(pid) : NULL;
	if (pid && !p)
		return -ESRCH;
	if (!pid) {
		p = current()->pid;
		pid_get(p);
	}
	err = check_target(p);
	if (err) {
		pid_put(p);
		return err;
	}
	struct perf_sw_event *ev = kzalloc(sizeof(*ev));
	if (!ev) {
		pid_put(p);
		return -ENOMEM;
	}
	spin_lock_init(&ev->lock, "perf_event");
	ev->pid = p;
	ev->config = attr.config;
	ev->read_format = attr.read_format;
	ev->exclude_kernel = attr.flags & PERF_ATTR_EXCLUDE_KERNEL;
	ev->id = __atomic_add_fetch(&next_event_id, 1, __ATOMIC_RELAXED);
	if (!(attr.flags & PERF_ATTR_DISABLED))
		perf_enable(ev, true);
	struct file *f = file_alloc(&perf_ops, ev, 0600);
	if (!f) {
		pid_put(p);
		kfree(ev);
		return -ENFILE;
	}
	f->flags = O_RDWR;
	return fd_install_or_put(f, flags & PERF_FLAG_FD_CLOEXEC);
}
