/*
 * futex.c — futex(2): FUTEX_WAIT, FUTEX_WAKE, their _BITSET forms,
 * FUTEX_REQUEUE, FUTEX_CMP_REQUEUE and FUTEX_WAKE_OP (kernel/futex/ in
 * Linux; the semantics are from futex(2)).
 *
 * A futex is named by a key (Linux get_futex_key): a private futex
 * (FUTEX_PRIVATE_FLAG), or a shared one in private memory, is (address
 * space, user address); a shared futex in a MAP_SHARED mapping is (physical
 * page, offset in it), so every process that maps the page — after fork,
 * say — finds the same waiters. A waiter on a shared key holds a reference
 * on that page, so the frame cannot be reused while it waits. Waiters sit
 * on one of FUTEX_BUCKETS lists chosen by a hash of the key. A waiter
 * reads the futex word under its bucket's lock and queues itself in the
 * same critical section, so a waker (who changes the word, then takes the
 * bucket lock to wake) can never slip between the check and the sleep.
 * The read may fault the page in: the fault handler takes mm->lock and
 * never sleeps, so the lock order is a futex bucket lock, then mm->lock.
 * Keys are made before any bucket lock is taken (they may fault too).
 * Two bucket locks are held together only through futex_pair_lock, which
 * takes them in address order.
 */
#include <futex.h>

#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <spinlock.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/futex.h>
#include <uapi/misc.h>

#define FUTEX_BUCKETS 64

struct futex_key {
	u64 object; /* the struct mm *, or the physical page's pa_addr (shared) */
	u64 offset; /* the user address, or the offset in the page (shared) */
	bool shared;
};

struct futex_bucket;

struct futex_waiter {
	struct list_head node;	     /* in its bucket [bucket lock] */
	struct futex_key key;	     /* [bucket lock]: requeue changes it */
	struct futex_bucket *bucket; /* the bucket it is queued on, whose lock guards it: requeue changes it under
					both buckets' locks; read atomically (Linux's futex_q.lock_ptr) */
	u32 bitset;
	struct task *task;
	bool woken; /* [bucket lock] */
};

struct futex_bucket {
	struct spinlock lock;
	struct list_head waiters;
};

static struct futex_bucket buckets[FUTEX_BUCKETS];
static bool buckets_ready; /* [atomic] set (release) once all are initialised */
static struct spinlock buckets_init_lock = SPINLOCK_INIT("futex_init"); /* one initialiser */

/* The key of uaddr: its address in mm, or for a shared mapping its page
 * and offset, which hold a page reference (futex_key_put). */
static int futex_key_get(struct mm *mm, uaddr_t uaddr, bool private, struct futex_key *key)
{
	vaddr_t va = uaddr_to_vaddr(uaddr);
	*key = (struct futex_key){.object = (u64)(uintptr_t)mm, .offset = va, .shared = false};
	if (private)
		return 0;
	paddr_t pa;
	int err = vm_shared_page(mm, va, &pa);
	if (err < 0)
		return err;
	if (err == 0)
		*key = (struct futex_key){.object = pa_addr(pa), .offset = va & (PAGE_SIZE - 1), .shared = true};
	return 0;
}

static void futex_key_put(const struct futex_key *key)
{
	if (key->shared)
		page_put(pa_init(key->object));
}

static bool key_equal(const struct futex_key *a, const struct futex_key *b)
{
	return a->object == b->object && a->offset == b->offset && a->shared == b->shared;
}

/* The buckets are set up by the first futex call; two CPUs may make it at
 * once, so one initialises under buckets_init_lock and publishes with a
 * release store that the fast path's acquire load pairs with. */
static void buckets_init_once(void)
{
	if (__atomic_load_n(&buckets_ready, __ATOMIC_ACQUIRE))
		return;
	unsigned long irq = spin_lock_irqsave(&buckets_init_lock);
	if (!buckets_ready) {
		for (int i = 0; i < FUTEX_BUCKETS; i++) {
			spin_lock_init(&buckets[i].lock, "futex_bucket");
			list_init(&buckets[i].waiters);
		}
		__atomic_store_n(&buckets_ready, true, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&buckets_init_lock, irq);
}

static struct futex_bucket *bucket_of(const struct futex_key *key)
{
	buckets_init_once();
	u64 h = (key->object >> 4) ^ (key->object >> 12) ^ (key->offset >> 2) ^ (key->offset >> 12);
	return &buckets[h % FUTEX_BUCKETS];
}

/* Wakes up to n waiters of key whose bitset matches. Bucket locked. */
static int wake_locked(struct futex_bucket *b, const struct futex_key *key, int n, u32 bitset)
{
	ASSERT_HELD(&b->lock);
	int woken = 0;
	struct futex_waiter *w, *tmp;
	list_for_each_entry_safe(w, tmp, &b->waiters, node) {
		if (woken >= n)
			break;
		if (!key_equal(&w->key, key) || !(w->bitset & bitset))
			continue;
		list_del(&w->node);
		w->woken = true;
		sched_wake(w->task);
		woken++;
	}
	return woken;
}

static long futex_wake_key(const struct futex_key *key, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(key);
	unsigned long irq = spin_lock_irqsave(&b->lock);
	int woken = wake_locked(b, key, n, bitset);
	spin_unlock_irqrestore(&b->lock, irq);
	return woken;
}

static long do_futex_wake(struct mm *mm, uaddr_t uaddr, bool private, int n, u32 bitset)
{
	struct futex_key key;
	int err = futex_key_get(mm, uaddr, private, &key);
	if (err)
		return err;
	long woken = futex_wake_key(&key, n, bitset);
	futex_key_put(&key);
	return woken;
}

/* Exit's wake of clear_child_tid: a shared futex, as Linux's mm_release. */
int futex_wake(struct mm *mm, uaddr_t uaddr, int n, u32 bitset)
{
	return (int)do_futex_wake(mm, uaddr, false, n, bitset);
}

/* Locks the bucket w is queued on now and returns it, locked. A requeue
 * moves a waiter while holding both buckets' locks, so once the bucket the
 * waiter names is locked and it still names it, it stays there (Linux's
 * futex_q_lock_ptr dance). */
static struct futex_bucket *lock_waiter_bucket(struct futex_waiter *w, unsigned long *irq)
{
	for (;;) {
		struct futex_bucket *b = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		*irq = spin_lock_irqsave(&b->lock);
		if (__atomic_load_n(&w->bucket, __ATOMIC_RELAXED) == b)
			return b;
		spin_unlock_irqrestore(&b->lock, *irq);
	}
}

static long futex_wait_restart(struct restart_block *rb);

/* deadline: monotonic ns, or a CLOCK_REALTIME time if wall; ~0 for none. */
static long futex_wait(struct mm *mm, uaddr_t uaddr, bool private, u32 val, u64 deadline, bool wall, u32 bitset)
{
	if (!bitset)
		return -EINVAL;
	if (!uaddr_is_aligned(uaddr, 4))
		return -EINVAL;
	struct futex_waiter w = {.bitset = bitset, .task = current(), .woken = false};
	int err = futex_key_get(mm, uaddr, private, &w.key);
	if (err)
		return err;
	struct futex_bucket *b = bucket_of(&w.key);
	unsigned long irq = spin_lock_irqsave(&b->lock);
	u32 cur;
	long ret = 0;
	if (get_user_u32(&cur, uaddr))
		ret = -EFAULT;
	else if (cur != val)
		ret = -EAGAIN;
	if (ret) {
		spin_unlock_irqrestore(&b->lock, irq);
		futex_key_put(&w.key);
		return ret;
	}
	list_add_tail(&w.node, &b->waiters);
	__atomic_store_n(&w.bucket, b, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&b->lock, irq);

	/* the waker sets w.woken and wakes this task itself (wake_locked) */
	ret = wait_event_interruptible_until(NULL, __atomic_load_n(&w.woken, __ATOMIC_ACQUIRE), deadline, wall);
	/* restart after a signal: with no deadline, simply again; a timed wait
	 * continues to the same deadline through restart_syscall */
	if (ret == -ERESTARTSYS && deadline != ~0UL)
		ret = -ERESTART_RESTARTBLOCK;
	b = lock_waiter_bucket(&w, &irq);
	if (!w.woken)
		list_del(&w.node);
	else
		ret = 0; /* a wake that raced with the timeout or signal wins */
	spin_unlock_irqrestore(&b->lock, irq);
	futex_key_put(&w.key);
	if (ret == -ERESTART_RESTARTBLOCK) {
		struct restart_block *rb = &current()->restart;
		rb->fn = futex_wait_restart;
		rb->args[0] = uaddr_raw(uaddr);
		rb->args[1] = val | ((u64) private << 32);
		rb->args[2] = deadline;
		rb->args[3] = bitset | ((u64)wall << 32);
	}
	return ret;
}

static long futex_wait_restart(struct restart_block *rb)
{
	return futex_wait(current()->mm, uaddr_from(rb->args[0]), rb->args[1] >> 32, (u32)rb->args[1], rb->args[2],
			  rb->args[3] >> 32, (u32)rb->args[3]);
}

/*
 * The two futexes of FUTEX_REQUEUE, FUTEX_CMP_REQUEUE and FUTEX_WAKE_OP, held
 * together (Linux double_lock_hb): both keys (references held) and both
 * buckets locked. Two CPUs locking the same pair from either side must not
 * deadlock, so the buckets are locked in address order; when both keys hash
 * to one bucket it is locked once.
 */
struct futex_pair {
	struct futex_key key1, key2;
	struct futex_bucket *b1, *b2;
	unsigned long irq1, irq2; /* of the first and the second lock taken */
};

/* Gets the keys of uaddr and uaddr2 and locks their buckets: 0, or an error
 * with nothing held. The keys are made first: making one may fault. */
static int futex_pair_lock(struct mm *mm, bool private, uaddr_t uaddr, uaddr_t uaddr2, struct futex_pair *fp)
{
	int err = futex_key_get(mm, uaddr, private, &fp->key1);
	if (err)
		return err;
	err = futex_key_get(mm, uaddr2, private, &fp->key2);
	if (err) {
		futex_key_put(&fp->key1);
		return err;
	}
	fp->b1 = bucket_of(&fp->key1);
	fp->b2 = bucket_of(&fp->key2);
	struct futex_bucket *first = MIN(fp->b1, fp->b2), *second = MAX(fp->b1, fp->b2);
	fp->irq1 = spin_lock_irqsave(&first->lock);
	fp->irq2 = second != first ? spin_lock_irqsave(&second->lock) : 0;
	return 0;
}

/* Unlocks what futex_pair_lock locked, in the reverse order, and drops the keys. */
static void futex_pair_unlock(struct futex_pair *fp)
{
	struct futex_bucket *first = MIN(fp->b1, fp->b2), *second = MAX(fp->b1, fp->b2);
	if (second != first)
		spin_unlock_irqrestore(&second->lock, fp->irq2);
	spin_unlock_irqrestore(&first->lock, fp->irq1);
	futex_key_put(&fp->key1);
	futex_key_put(&fp->key2);
}

/* Moves up to nr_requeue waiters of uaddr to uaddr2 (after waking up to nr_wake). */
static long futex_requeue(struct mm *mm, bool private, uaddr_t uaddr, uaddr_t uaddr2, int nr_wake, int nr_requeue,
			  const u32 *cmpval)
{
	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	struct futex_pair fp;
	long ret = futex_pair_lock(mm, private, uaddr, uaddr2, &fp);
	if (ret)
		return ret;
	u32 cur;
	if (cmpval && get_user_u32(&cur, uaddr)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	if (cmpval && cur != *cmpval) {
		ret = -EAGAIN;
		goto out_unlock;
	}
	ret = wake_locked(fp.b1, &fp.key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	int moved = 0;
	struct futex_waiter *w, *tmp;
	list_for_each_entry_safe(w, tmp, &fp.b1->waiters, node) {
		if (moved >= nr_requeue)
			break;
		if (!key_equal(&w->key, &fp.key1))
			continue;
		list_del(&w->node);
		/* the waiter now holds a reference on key2's page, not key1's */
		if (fp.key2.shared)
			page_get(pa_init(fp.key2.object));
		futex_key_put(&w->key);
		w->key = fp.key2;
		list_add_tail(&w->node, &fp.b2->waiters);
		__atomic_store_n(&w->bucket, fp.b2, __ATOMIC_RELEASE); /* both locks held */
		moved++;
	}
	ret += cmpval ? moved : 0; /* CMP_REQUEUE counts the requeued too */
out_unlock:
	futex_pair_unlock(&fp);
	return ret;
}

/* FUTEX_OP_CMP_*: does the old word compare with cmparg? -ENOSYS for an
 * unknown comparison (Linux futex_atomic_op_inuser, after the op is done). */
static int wake_op_compare(unsigned cmp, s32 old, s32 cmparg)
{
	switch (cmp) {
	case 0: return old == cmparg;
	case 1: return old != cmparg;
	case 2: return old < cmparg;
	case 3: return old <= cmparg;
	case 4: return old > cmparg;
	case 5: return old >= cmparg;
	default: return -ENOSYS;
	}
}

/*
 * FUTEX_WAKE_OP (Linux futex_wake_op): with both buckets locked, *uaddr2 =
 * op(*uaddr2, oparg) atomically (futex_atomic_op_user), then wake up to
 * nr_wake waiters of uaddr and, if cmp(old) holds, up to nr_wake2 of uaddr2.
 */
static long futex_wake_op(struct mm *mm, bool private, uaddr_t uaddr, uaddr_t uaddr2, int nr_wake, int nr_wake2,
			  u32 encoded)
{
	unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = (s32)((encoded << 8) & 0xfff00000) >> 20, cmparg = (s32)(encoded << 20) >> 20;
	if (encoded & (8u << 28))
		oparg = 1 << (oparg & 31); /* FUTEX_OP_OPARG_SHIFT: Linux masks a bad shift */
	if (!uaddr_is_aligned(uaddr, 4) || !uaddr_is_aligned(uaddr2, 4))
		return -EINVAL; /* get_futex_key */
	struct futex_pair fp;
	long ret = futex_pair_lock(mm, private, uaddr, uaddr2, &fp);
	if (ret)
		return ret;
	u32 old;
	int hit = op > 4 ? -ENOSYS : futex_atomic_op_user(uaddr2, op, (u32)oparg, &old);
	if (!hit)
		hit = wake_op_compare(cmp, (s32)old, cmparg);
	if (hit >= 0) {
		ret = wake_locked(fp.b1, &fp.key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
		if (hit)
			ret += wake_locked(fp.b2, &fp.key2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	} else {
		ret = hit;
	}
	futex_pair_unlock(&fp);
	return ret;
}

/* The deadline of a FUTEX_WAIT* timeout: relative for FUTEX_WAIT, absolute
 * (CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag: *wall, the deadline
 * holds however the clock is set, Linux futex_setup_timer's CLOCK_REALTIME
 * hrtimer) for FUTEX_WAIT_BITSET. */
static long futex_deadline(int cmd, int op, uaddr_t utime, u64 *deadline, bool *wall)
{
	*deadline = ~0UL;
	*wall = false;
	if (uaddr_is_null(utime))
		return 0;
	u64 ns;
	int err = timespec_from_user(utime, &ns);
	if (err)
		return err;
	*deadline = cmd == FUTEX_WAIT ? time_deadline_after(ns) : ns;
	*wall = cmd != FUTEX_WAIT && (op & FUTEX_CLOCK_REALTIME);
	return 0;
}

SYSCALL_DEFINE6(futex, uaddr_t, uaddr, int, op, u32, val, uaddr_t, utime, uaddr_t, uaddr2, u32, val3)
{
	struct mm *mm = current()->mm;
	int cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -ENOSYS;
	u64 deadline;
	bool wall;
	long err;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		err = futex_deadline(cmd, op, utime, &deadline, &wall);
		if (err)
			return err;
		return futex_wait(mm, uaddr, private, val, deadline, wall,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		u32 bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
		if (!bitset || !uaddr_is_aligned(uaddr, 4))
			return -EINVAL;
		return do_futex_wake(mm, uaddr, private, (int)MIN(val, 0x7fffffffu), bitset);
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if (!uaddr_is_aligned(uaddr, 4) || !uaddr_is_aligned(uaddr2, 4))
			return -EINVAL;
		/* the timeout argument carries nr_requeue */
		return futex_requeue(mm, private, uaddr, uaddr2, (int)val, (int)uaddr_raw(utime),
				     cmd == FUTEX_CMP_REQUEUE ? &val3 : NULL);
	case FUTEX_WAKE_OP:
		if (!uaddr_is_aligned(uaddr, 4) || !uaddr_is_aligned(uaddr2, 4))
			return -EINVAL;
		return futex_wake_op(mm, private, uaddr, uaddr2, (int)val, (int)uaddr_raw(utime), val3);
	default:
		printk(KERN_NOTICE "levitate: %s[%d]: futex op %d not implemented", current()->comm,
		       current()->group->pid, cmd);
		return -ENOSYS;
	}
}

/* ---- futex_waitv (Linux kernel/futex/syscalls.c, waitwake.c futex_wait_multiple) ---- */

/* Takes waiters [0, n) off their buckets: the index of the first that was woken, or -1. */
static long unqueue_multiple(struct futex_waiter *ws, int n)
{
	long first_woken = -1;
	for (int i = 0; i < n; i++) {
		unsigned long irq;
		struct futex_bucket *b = lock_waiter_bucket(&ws[i], &irq);
		if (!ws[i].woken)
			list_del(&ws[i].node);
		else if (first_woken < 0)
			first_woken = i;
		spin_unlock_irqrestore(&b->lock, irq);
		futex_key_put(&ws[i].key);
	}
	return first_woken;
}

static bool any_woken(struct futex_waiter *ws, int n)
{
	for (int i = 0; i < n; i++)
		if (__atomic_load_n(&ws[i].woken, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

/* Queues a waiter on each futex whose word still holds its value: 0, or
 * the errno (-EAGAIN for a changed word) with the queued ones taken off. */
static long queue_multiple(struct futex_waiter *ws, const struct futex_waitv_user *vs, int n, long *woken)
{
	struct mm *mm = current()->mm;
	for (int i = 0; i < n; i++) {
		ws[i] = (struct futex_waiter){.bitset = FUTEX_BITSET_MATCH_ANY, .task = current(), .woken = false};
		uaddr_t uaddr = uaddr_from(vs[i].uaddr);
		long err = !uaddr_is_aligned(uaddr, 4)
				   ? -EINVAL
				   : futex_key_get(mm, uaddr, vs[i].flags & FUTEX_PRIVATE_FLAG, &ws[i].key);
		if (!err) {
			struct futex_bucket *b = bucket_of(&ws[i].key);
			unsigned long irq = spin_lock_irqsave(&b->lock);
			u32 cur;
			err = get_user_u32(&cur, uaddr) ? -EFAULT : cur != vs[i].val ? -EAGAIN : 0;
			if (!err) {
				list_add_tail(&ws[i].node, &b->waiters);
				__atomic_store_n(&ws[i].bucket, b, __ATOMIC_RELAXED);
			}
			spin_unlock_irqrestore(&b->lock, irq);
			if (err)
				futex_key_put(&ws[i].key);
		}
		if (err) {
			*woken = unqueue_multiple(ws, i); /* one woken meanwhile wins (Linux) */
			return err;
		}
	}
	return 0;
}

static long futex_wait_multiple(const struct futex_waitv_user *vs, int n, u64 deadline, bool wall)
{
	struct futex_waiter *ws = kmalloc(sizeof(*ws) * (size_t)n);
	if (!ws)
		return -ENOMEM;
	long woken = -1;
	long ret = queue_multiple(ws, vs, n, &woken);
	if (!ret) {
		ret = wait_event_interruptible_until(NULL, any_woken(ws, n), deadline, wall);
		woken = unqueue_multiple(ws, n);
	}
	kfree(ws);
	return woken >= 0 ? woken : ret;
}

/* The absolute timeout on clockid: *wall for CLOCK_REALTIME. */
static long waitv_deadline(uaddr_t utimeout, int clockid, u64 *deadline, bool *wall)
{
	*deadline = ~0UL;
	*wall = clockid == CLOCK_REALTIME;
	if (uaddr_is_null(utimeout))
		return 0;
	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
		return -EINVAL;
	u64 ns;
	int err = timespec_from_user(utimeout, &ns);
	if (err)
		return err;
	*deadline = ns;
	return 0;
}

/* Waits on up to 128 futexes at once: the index of one that was woken. */
SYSCALL_DEFINE5(futex_waitv, uaddr_t, uwaiters, u32, nr, u32, flags, uaddr_t, utimeout, int, clockid)
{
	if (flags)
		return -EINVAL;
	if (!nr || nr > FUTEX_WAITV_MAX || uaddr_is_null(uwaiters))
		return -EINVAL;
	u64 deadline;
	bool wall;
	long err = waitv_deadline(utimeout, clockid, &deadline, &wall);
	if (err)
		return err;
	struct futex_waitv_user *vs = kmalloc(sizeof(*vs) * nr);
	if (!vs)
		return -ENOMEM;
	err = copy_from_user(vs, uwaiters, sizeof(*vs) * nr) ? -EFAULT : 0;
	for (u32 i = 0; !err && i < nr; i++) /* Linux futex_parse_waitv */
		if ((vs[i].flags & ~FUTEX2_VALID_MASK) || vs[i].reserved || !(vs[i].flags & FUTEX2_SIZE_U32))
			err = -EINVAL;
	if (!err)
		err = futex_wait_multiple(vs, (int)nr, deadline, wall);
	kfree(vs);
	return err;
}
