/*
 * futex.c — futex(2): FUTEX_WAIT, FUTEX_WAKE, their _BITSET forms,
 * FUTEX_REQUEUE, FUTEX_CMP_REQUEUE and FUTEX_WAKE_OP (kernel/futex/ in
 * Linux; the semantics are from futex(2)).
 *
 * A futex is named by (address space, user address): waiters sit on one of
 * FUTEX_BUCKETS lists chosen by a hash of that key. A waiter reads the
 * futex word under its bucket's lock and queues itself in the same
 * critical section, so a waker (who changes the word, then takes the
 * bucket lock to wake) can never slip between the check and the sleep.
 * The read may fault the page in: the fault handler takes mm->lock and
 * never sleeps, so the lock order is a futex bucket lock, then mm->lock.
 * Shared futexes (without FUTEX_PRIVATE_FLAG) are keyed the same way:
 * nothing is shared between address spaces until fork exists.
 */
#include <futex.h>

#include <mm.h>
#include <printk.h>
#include <spinlock.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define FUTEX_BUCKETS 64

struct futex_waiter {
	struct list_head node; /* in its bucket [bucket lock] */
	struct mm *mm;
	uaddr_t uaddr;
	u32 bitset;
	struct task *task;
	bool woken; /* [bucket lock] */
};

struct futex_bucket {
	struct spinlock lock;
	struct list_head waiters;
};

static struct futex_bucket buckets[FUTEX_BUCKETS];
static bool buckets_ready;

static struct futex_bucket *bucket_of(struct mm *mm, uaddr_t uaddr)
{
	if (!buckets_ready) { /* first use: before any thread can race */
		for (int i = 0; i < FUTEX_BUCKETS; i++) {
			spin_lock_init(&buckets[i].lock, "futex_bucket");
			list_init(&buckets[i].waiters);
		}
		buckets_ready = true;
	}
	u64 h = ((u64)(uintptr_t)mm >> 4) ^ (uaddr >> 2) ^ (uaddr >> 12);
	return &buckets[h % FUTEX_BUCKETS];
}

/* Wakes up to n waiters of (mm, uaddr) whose bitset matches. Bucket locked. */
static int wake_locked(struct futex_bucket *b, struct mm *mm, uaddr_t uaddr, int n, u32 bitset)
{
	int woken = 0;
	struct futex_waiter *w, *tmp;
	list_for_each_entry_safe(w, tmp, &b->waiters, node) {
		if (woken >= n)
			break;
		if (w->mm != mm || w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		list_del(&w->node);
		w->woken = true;
		sched_wake(w->task);
		woken++;
	}
	return woken;
}

int futex_wake(struct mm *mm, uaddr_t uaddr, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(mm, uaddr);
	unsigned long irq = spin_lock_irqsave(&b->lock);
	int woken = wake_locked(b, mm, uaddr, n, bitset);
	spin_unlock_irqrestore(&b->lock, irq);
	return woken;
}

static long futex_wait_restart(struct restart_block *rb);

/* deadline: monotonic ns, or ~0 for none. */
static long futex_wait(struct mm *mm, uaddr_t uaddr, u32 val, u64 deadline, u32 bitset)
{
	if (!bitset)
		return -EINVAL;
	if (uaddr & 3)
		return -EINVAL;
	struct futex_bucket *b = bucket_of(mm, uaddr);
	struct futex_waiter w = {.mm = mm, .uaddr = uaddr, .bitset = bitset, .task = current(), .woken = false};
	unsigned long irq = spin_lock_irqsave(&b->lock);
	u32 cur;
	if (get_user_u32(&cur, uaddr)) {
		spin_unlock_irqrestore(&b->lock, irq);
		return -EFAULT;
	}
	if (cur != val) {
		spin_unlock_irqrestore(&b->lock, irq);
		return -EAGAIN;
	}
	list_add_tail(&w.node, &b->waiters);
	spin_unlock_irqrestore(&b->lock, irq);

	struct wake_timer ft;
	wake_timer_arm(&ft, deadline);
	long ret = 0;
	for (;;) {
		task_set_state(TASK_INTERRUPTIBLE);
		if (__atomic_load_n(&w.woken, __ATOMIC_ACQUIRE))
			break;
		if (ft.expired) {
			ret = -ETIMEDOUT;
			break;
		}
		if (task_signal_pending(current())) {
			/* restart: with no deadline, simply again; a timed wait
			 * continues to the same deadline through restart_syscall */
			ret = deadline == ~0UL ? -ERESTARTSYS : -ERESTART_RESTARTBLOCK;
			break;
		}
		schedule();
	}
	task_set_state(TASK_RUNNING);
	wake_timer_cancel(&ft);
	irq = spin_lock_irqsave(&b->lock);
	if (!w.woken)
		list_del(&w.node);
	else
		ret = 0; /* a wake that raced with the timeout or signal wins */
	spin_unlock_irqrestore(&b->lock, irq);
	if (ret == -ERESTART_RESTARTBLOCK) {
		struct restart_block *rb = &current()->restart;
		rb->fn = futex_wait_restart;
		rb->args[0] = uaddr;
		rb->args[1] = val;
		rb->args[2] = deadline;
		rb->args[3] = bitset;
	}
	return ret;
}

static long futex_wait_restart(struct restart_block *rb)
{
	return futex_wait(current()->mm, rb->args[0], (u32)rb->args[1], rb->args[2], (u32)rb->args[3]);
}

/* Moves up to n waiters of uaddr to uaddr2 (after waking up to nr_wake). */
static long futex_requeue(struct mm *mm, uaddr_t uaddr, uaddr_t uaddr2, int nr_wake, int nr_requeue, const u32 *cmpval)
{
	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	struct futex_bucket *b1 = bucket_of(mm, uaddr), *b2 = bucket_of(mm, uaddr2);
	/* take both bucket locks in address order */
	struct futex_bucket *first = b1 < b2 ? b1 : b2, *second = b1 < b2 ? b2 : b1;
	unsigned long irq = spin_lock_irqsave(&first->lock);
	unsigned long irq2 = second != first ? spin_lock_irqsave(&second->lock) : 0;
	long ret;
	u32 cur;
	if (cmpval && get_user_u32(&cur, uaddr)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	if (cmpval && cur != *cmpval) {
		ret = -EAGAIN;
		goto out_unlock;
	}
	ret = wake_locked(b1, mm, uaddr, nr_wake, FUTEX_BITSET_MATCH_ANY);
	int moved = 0;
	struct futex_waiter *w, *tmp;
	list_for_each_entry_safe(w, tmp, &b1->waiters, node) {
		if (moved >= nr_requeue)
			break;
		if (w->mm != mm || w->uaddr != uaddr)
			continue;
		list_del(&w->node);
		w->uaddr = uaddr2;
		list_add_tail(&w->node, &b2->waiters);
		moved++;
	}
	ret += cmpval ? moved : 0; /* CMP_REQUEUE counts the requeued too */
out_unlock:
	if (second != first)
		spin_unlock_irqrestore(&second->lock, irq2);
	spin_unlock_irqrestore(&first->lock, irq);
	return ret;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake uaddr; wake uaddr2 if cmp(old). */
static long futex_wake_op(struct mm *mm, uaddr_t uaddr, uaddr_t uaddr2, int nr_wake, int nr_wake2, u32 encoded)
{
	unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = (s32)((encoded << 8) & 0xfff00000) >> 20, cmparg = (s32)(encoded << 20) >> 20;
	if (encoded & (8u << 28))
		oparg = oparg < 0 || oparg > 31 ? 0 : 1 << oparg; /* FUTEX_OP_OPARG_SHIFT */
	if (op > 4 || cmp > 5)
		return -ENOSYS;
	u32 old;
	if (get_user_u32(&old, uaddr2))
		return -EFAULT;
	u32 new_val = old;
	switch (op) {
	case 0: new_val = (u32)oparg; break;	    /* SET */
	case 1: new_val = old + (u32)oparg; break;  /* ADD */
	case 2: new_val = old | (u32)oparg; break;  /* OR */
	case 3: new_val = old & ~(u32)oparg; break; /* ANDN */
	default: new_val = old ^ (u32)oparg; break; /* XOR */
	}
	if (put_user_u32(uaddr2, new_val))
		return -EFAULT;
	bool hit;
	switch (cmp) {
	case 0: hit = (s32)old == cmparg; break;
	case 1: hit = (s32)old != cmparg; break;
	case 2: hit = (s32)old < cmparg; break;
	case 3: hit = (s32)old <= cmparg; break;
	case 4: hit = (s32)old > cmparg; break;
	default: hit = (s32)old >= cmparg; break;
	}
	long woken = futex_wake(mm, uaddr, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (hit)
		woken += futex_wake(mm, uaddr2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/* The deadline of a FUTEX_WAIT* timeout: relative for FUTEX_WAIT, absolute
 * (CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag) for FUTEX_WAIT_BITSET. */
static long futex_deadline(int cmd, int op, uaddr_t utime, u64 *deadline)
{
	*deadline = ~0UL;
	if (!utime)
		return 0;
	u64 ns;
	int err = timespec_from_user(utime, &ns);
	if (err)
		return err;
	u64 now = time_since_boot_ns();
	if (cmd == FUTEX_WAIT) {
		*deadline = time_deadline_after(ns);
	} else if (op & FUTEX_CLOCK_REALTIME) {
		u64 real = time_realtime_ns();
		*deadline = ns > real ? now + (ns - real) : now;
	} else {
		*deadline = ns;
	}
	return 0;
}

SYSCALL_DEFINE6(futex, uaddr_t, uaddr, int, op, u32, val, uaddr_t, utime, uaddr_t, uaddr2, u32, val3)
{
	struct mm *mm = current()->mm;
	int cmd = op & FUTEX_CMD_MASK;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -ENOSYS;
	u64 deadline;
	long err;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		err = futex_deadline(cmd, op, utime, &deadline);
		if (err)
			return err;
		return futex_wait(mm, uaddr, val, deadline, cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		u32 bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
		if (!bitset || (uaddr & 3))
			return -EINVAL;
		return futex_wake(mm, uaddr, (int)MIN(val, 0x7fffffffu), bitset);
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if ((uaddr & 3) || (uaddr2 & 3))
			return -EINVAL;
		/* the timeout argument carries nr_requeue */
		return futex_requeue(mm, uaddr, uaddr2, (int)val, (int)utime, cmd == FUTEX_CMP_REQUEUE ? &val3 : NULL);
	case FUTEX_WAKE_OP:
		if ((uaddr & 3) || (uaddr2 & 3))
			return -EINVAL;
		return futex_wake_op(mm, uaddr, uaddr2, (int)val, (int)utime, val3);
	default:
		printk("levitate: %s[%d]: futex op %d not implemented", current()->comm, current()->group->pid, cmd);
		return -ENOSYS;
	}
}
