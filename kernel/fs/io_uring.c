/*
 * io_uring.c — io_uring_setup, io_uring_enter, io_uring_register (Linux
 * 6.1 io_uring/io_uring.c, rw.c, net.c, poll.c, timeout.c, cancel.c,
 * rsrc.c, sync.c, openclose.c, statx.c; docs/io_uring.md).
 *
 * A ring (struct uring_ctx, Linux's io_ring_ctx) is an anonymous file
 * ("anon_inode:[io_uring]", always O_RDWR | O_CLOEXEC as Linux's
 * io_uring_get_file) whose mmap gives the shared rings: IORING_OFF_SQ_RING
 * and IORING_OFF_CQ_RING both map one block holding Linux's struct
 * io_rings (heads and tails on their own 64-byte lines, the masks, flags
 * and counters, the CQEs, then the SQ index array: the offsets
 * io_uring_setup reports are Linux's for arm64), IORING_OFF_SQES the SQE
 * array; each block is a power-of-two run of pages, as Linux's compound
 * pages (io_uring_mmap; another offset is ENOMEM, as the oracle answers).
 *
 * Submission (io_uring_enter's to_submit; Linux io_submit_sqes) reads the
 * SQ array from head to the program's tail, copies each SQE (SUBMIT_STABLE),
 * checks it (the prep errors, which end the submission unless SUBMIT_ALL,
 * as Linux io_submit_fail_init) and issues it in the submitter: file reads
 * and writes, fsync, open, close, statx run at once (a regular file's I/O
 * is synchronous here, as our AIO), their CQE written before enter returns.
 * A request that would wait — a read of an empty pipe, a recv, an accept, a
 * connect in progress — instead arms a poll on the file (Linux's
 * io_arm_poll_handler, FEAT_FAST_POLL): the wake-up's work puts it on the
 * ring's task list, and a task of the submitter's mm runs it again in its
 * own context (Linux's task_work): inside io_uring_enter, before and while
 * it waits for completions. POLL_ADD and TIMEOUT complete from the poll's
 * work and the timer's work. Linked chains (IO_LINK, IO_HARDLINK) issue
 * their next request when one completes (through the task list), a
 * failure cancels the rest (-ECANCELED); an IO_DRAIN request runs from the
 * task list once every earlier request completed. Cancelled requests
 * (ASYNC_CANCEL, TIMEOUT_REMOVE) and the rest of a chain that failed its
 * prep complete from the task list too, after the request that caused it,
 * as Linux's task work orders them.
 *
 * Completions (Linux io_fill_cqe_req, io_cqring_event_overflow) go at the
 * CQ tail; a full CQ ring keeps them on an overflow list (FEAT_NODROP) and
 * sets IORING_SQ_CQ_OVERFLOW until io_uring_enter moves them in; the
 * registered eventfd gets 1 per batch of CQEs (one io_uring_enter's, or
 * one work item's) unless the program set IORING_CQ_EVENTFD_DISABLED.
 *
 * The ring lives while its file does (each mapping holds the file, as on
 * Linux); the file's release cancels what is pending (the CQEs go into the
 * ring nobody reads) and the context goes with the last request.
 *
 * Locks, in order:
 *   ctx->uring_lock   (a mutex) submitters, the task list's runners and
 *                     io_uring_register (Linux uring_lock): the SQ head,
 *                     the registered files and buffers, the batch owner
 *   ctx->lock         (a spinlock, interrupts off) the completion side
 *                     (Linux completion_lock): the CQ tail, the overflow
 *                     list, the armed requests, the task list, the drain
 *                     list, the counters, the eventfd
 *   a file's wait_queue.lock: a poll is taken off its queue under ctx->lock;
 *                     poll_wake runs under the queue's lock and takes none
 *                     of ours (it only queues work)
 * A request holds a reference to its context and to its file; an armed
 * poll's queued work and an armed timer hold one to the request.
 */
#include <syscall.h>

#include <fs.h>
#include <kmalloc.h>
#include <mm.h>
#include <mutex.h>
#include <page.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/aio_abi.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/io_uring.h>
#include <uapi/misc.h>
#include <uapi/resource.h>
#include <uapi/socket.h>
#include <uapi/stat.h>
#include <wait.h>
#include <workqueue.h>

#define IORING_MAX_ENTRIES 32768u
#define IORING_MAX_CQ_ENTRIES (2 * IORING_MAX_ENTRIES)
#define IORING_MAX_REG_BUFFERS (1u << 14)
#define IORING_MAX_FIXED_FILES (1u << 20)
#define UR_BUF_MAX (1ull << 30) /* a registered buffer: at most SZ_1G */
#define UR_LATER (-4096L)	/* the request completes later (Linux IOU_ISSUE_SKIP_COMPLETE) */

#define UR_SETUP_KNOWN                                                                                                \
	(IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | \
	 IORING_SETUP_ATTACH_WQ | IORING_SETUP_R_DISABLED | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN |     \
	 IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | IORING_SETUP_SINGLE_ISSUER |          \
	 IORING_SETUP_DEFER_TASKRUN)
/* the setup flags built here; the others Linux knows are EINVAL (docs/io_uring.md) */
#define UR_SETUP_BUILT                                                                                    \
	(IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN | \
	 IORING_SETUP_TASKRUN_FLAG)
#define UR_FEATURES                                                                                          \
	(IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE | IORING_FEAT_RW_CUR_POS | \
	 IORING_FEAT_FAST_POLL | IORING_FEAT_POLL_32BITS | IORING_FEAT_EXT_ARG | IORING_FEAT_CQE_SKIP)
#define UR_SQE_FLAGS                                                                                                 \
	(IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK | IOSQE_IO_HARDLINK | IOSQE_ASYNC | IOSQE_BUFFER_SELECT | \
	 IOSQE_CQE_SKIP_SUCCESS)

/* Linux's struct io_rings on arm64 (64-byte cache lines), then the CQEs. */
struct io_rings_k {
	u32 sq_head __attribute__((aligned(64)));
	u32 sq_tail __attribute__((aligned(64)));
	u32 cq_head __attribute__((aligned(64)));
	u32 cq_tail __attribute__((aligned(64)));
	u32 sq_ring_mask __attribute__((aligned(64))); /* after struct io_uring cq, 128 bytes */
	u32 cq_ring_mask;
	u32 sq_ring_entries;
	u32 cq_ring_entries;
	u32 sq_dropped;
	u32 sq_flags;
	u32 cq_flags;
	u32 cq_overflow;
	struct io_uring_cqe_user cqes[] __attribute__((aligned(64)));
};

struct uring_buf {
	u64 addr, len; /* len 0: an empty (sparse) slot */
};

struct uring_ctx {
	int refcount;	      /* atomic: the file's, each request's */
	unsigned setup_flags; /* IORING_SETUP_* */
	unsigned sq_entries, cq_entries;
	struct io_rings_k *rings; /* page_alloc_order(rings_order) */
	unsigned rings_order;
	u32 *sq_array;			/* in the rings' block */
	struct io_uring_sqe_user *sqes; /* page_alloc_order(sqes_order) */
	unsigned sqes_order;
	struct mutex uring_lock;
	unsigned cached_sq_head;    /* [uring_lock] */
	unsigned sq_dropped;	    /* [uring_lock] */
	struct file **files;	    /* registered files (NULL: an empty slot) [uring_lock] */
	unsigned nr_files;	    /* [uring_lock] */
	struct uring_buf *bufs;	    /* registered buffers [uring_lock] */
	unsigned nr_bufs;	    /* [uring_lock] */
	struct spinlock lock;	    /* see the lock order above */
	unsigned cached_cq_tail;    /* [lock] */
	struct list_head overflow;  /* struct uring_overflow [lock] */
	struct list_head armed;	    /* struct uring_req.node: polls, retries, timeouts [lock] */
	struct list_head task_list; /* struct uring_req.run: to run in a task of req->mm_id [lock] */
	struct list_head drain;	    /* struct uring_req.run: IO_DRAIN waiting [lock] */
	unsigned inflight;	    /* issued and not completed [lock] */
	u64 cq_posted;		    /* CQEs posted, overflowed ones too [lock] */
	u64 cq_timeouts;	    /* timeouts that expired (Linux cq_timeouts) [lock] */
	unsigned nr_drain;	    /* requests on drain (with their chains) [lock] */
	struct file *eventfd;	    /* holds a reference, or NULL [lock] */
	bool drain_disabled;	    /* a CQE_SKIP_SUCCESS came: IO_DRAIN is EOPNOTSUPP [uring_lock] */
	/* the task submitting or running the task list: its completions are
	 * signalled once at the end (Linux flushes a batch's CQEs, then
	 * io_eventfd_flush_signal) [uring_lock; read atomically] */
	struct task *batch_owner;
	bool batch_posted;	/* [uring_lock] */
	struct wait_queue wait; /* io_uring_enter's waiters and the ring fd's pollers */
};

struct uring_overflow {
	struct list_head node;
	struct io_uring_cqe_user cqe;
};

enum uring_arm { ARM_NONE, ARM_POLL, ARM_RETRY, ARM_TIMEOUT };

struct uring_req {
	int refcount;	       /* atomic: the completion's, the issuer's, a queued work's, an armed timer's */
	struct uring_ctx *ctx; /* holds a reference */
	struct io_uring_sqe_user sqe;
	struct file *file;	/* holds a reference, or NULL */
	u64 mm_id;		/* the submitter's mm (mm->id): only its tasks run the request */
	struct uring_req *link; /* the next request of its chain [its chain's owner] */
	int prep_error;		/* a failed chain: this request's error (the others -ECANCELED) */
	u32 cflags;		/* the CQE's flags: IORING_CQE_F_SOCK_NONEMPTY */
	long fail_res;		/* on the task list to complete with this error, not to run */
	bool chain_failed;	/* the head of a chain with a prep error */
	s64 expect;		/* a read or write: the length asked (a shorter result fails a link) */
	struct list_head node;	/* on ctx->armed while armed [ctx->lock] */
	struct list_head run;	/* on ctx->task_list or ctx->drain [ctx->lock] */
	enum uring_arm arm;	/* what it waits on, ARM_NONE once disarmed [ctx->lock] */
	bool done;		/* completed [ctx->lock] */
	bool connecting;	/* CONNECT: in progress, the retry reads SO_ERROR */
	/* an armed poll (POLL_ADD, or a retry's) */
	struct wait_queue *head; /* the file's queue the entry is on, or NULL */
	struct wait_entry wait;
	struct poll_table pt;
	u32 events;
	u64 woken_mask; /* the key of the first wake-up naming events [atomic] */
	struct work work;
	/* TIMEOUT */
	struct ktimer timer;
	u64 deadline; /* monotonic ns */
	u64 target;   /* a count timeout: completes once this many CQEs came (0: none) [ctx->lock] */
};

static const struct file_ops uring_ops;

/* ---- the context --------------------------------------------------------------------- */

static void ctx_get(struct uring_ctx *ctx)
{
	__atomic_add_fetch(&ctx->refcount, 1, __ATOMIC_RELAXED);
}

static void block_free(void *block, unsigned order)
{
	if (!block)
		return;
	bool all_last = true;
	for (u64 p = 0; p < (1ull << order); p++)
		all_last &= page_put_last(virt_to_phys((char *)block + p * PAGE_SIZE));
	if (all_last)
		page_free_order(block, order);
}

static void ctx_put(struct uring_ctx *ctx)
{
	if (__atomic_sub_fetch(&ctx->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	while (!list_empty(&ctx->overflow)) {
		struct uring_overflow *o = list_first_entry(&ctx->overflow, struct uring_overflow, node);
		list_del(&o->node);
		kfree(o);
	}
	block_free(ctx->rings, ctx->rings_order);
	block_free(ctx->sqes, ctx->sqes_order);
	kfree(ctx);
}

static void req_get(struct uring_req *req)
{
	__atomic_add_fetch(&req->refcount, 1, __ATOMIC_RELAXED);
}

static void req_put(struct uring_req *req)
{
	if (__atomic_sub_fetch(&req->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (req->file)
		file_put(req->file);
	ctx_put(req->ctx);
	kfree(req);
}

/* ---- completions --------------------------------------------------------------------- */

/* CQEs the program has not reaped (Linux __io_cqring_events_user). */
static unsigned cq_ready(struct uring_ctx *ctx)
{
	return __atomic_load_n(&ctx->rings->cq_tail, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&ctx->rings->cq_head, __ATOMIC_ACQUIRE);
}

static void sq_flags_set(struct uring_ctx *ctx, u32 bit, bool on)
{
	if (on)
		__atomic_or_fetch(&ctx->rings->sq_flags, bit, __ATOMIC_RELEASE);
	else
		__atomic_and_fetch(&ctx->rings->sq_flags, ~bit, __ATOMIC_RELEASE);
}

/* io_fill_cqe_req [ctx->lock]: at the tail, or on the overflow list when the
 * ring is full (io_cqring_event_overflow; without memory it is counted in
 * cq_overflow, as Linux's drop). */
static void cqe_post_locked(struct uring_ctx *ctx, u64 user_data, s32 res, u32 flags)
{
	struct io_rings_k *r = ctx->rings;
	unsigned head = __atomic_load_n(&r->cq_head, __ATOMIC_ACQUIRE);
	ctx->cq_posted++;
	if (!list_empty(&ctx->overflow) || ctx->cached_cq_tail - head >= ctx->cq_entries) {
		struct uring_overflow *o = kzalloc(sizeof(*o));
		if (!o) {
			__atomic_add_fetch(&r->cq_overflow, 1, __ATOMIC_RELEASE);
			return;
		}
		o->cqe = (struct io_uring_cqe_user){.user_data = user_data, .res = res, .flags = flags};
		list_add_tail(&o->node, &ctx->overflow);
		sq_flags_set(ctx, IORING_SQ_CQ_OVERFLOW, true);
		return;
	}
	r->cqes[ctx->cached_cq_tail & (ctx->cq_entries - 1)] =
		(struct io_uring_cqe_user){.user_data = user_data, .res = res, .flags = flags};
	ctx->cached_cq_tail++;
	__atomic_store_n(&r->cq_tail, ctx->cached_cq_tail, __ATOMIC_RELEASE);
}

/* __io_cqring_overflow_flush [ctx->lock]: as many as fit now. */
static bool overflow_flush_locked(struct uring_ctx *ctx)
{
	bool moved = false;
	struct io_rings_k *r = ctx->rings;
	while (!list_empty(&ctx->overflow)) {
		unsigned head = __atomic_load_n(&r->cq_head, __ATOMIC_ACQUIRE);
		if (ctx->cached_cq_tail - head >= ctx->cq_entries)
			break;
		struct uring_overflow *o = list_first_entry(&ctx->overflow, struct uring_overflow, node);
		list_del(&o->node);
		r->cqes[ctx->cached_cq_tail & (ctx->cq_entries - 1)] = o->cqe;
		ctx->cached_cq_tail++;
		__atomic_store_n(&r->cq_tail, ctx->cached_cq_tail, __ATOMIC_RELEASE);
		kfree(o);
		moved = true;
	}
	if (list_empty(&ctx->overflow))
		sq_flags_set(ctx, IORING_SQ_CQ_OVERFLOW, false);
	return moved;
}

/* io_eventfd_signal, after a CQE, unless the program disabled it. */
static void ctx_signal(struct uring_ctx *ctx)
{
	struct file *efd = NULL;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	if (ctx->eventfd && !(__atomic_load_n(&ctx->rings->cq_flags, __ATOMIC_RELAXED) & IORING_CQ_EVENTFD_DISABLED)) {
		efd = ctx->eventfd;
		file_get(efd);
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (efd) {
		eventfd_signal(efd, 1);
		file_put(efd);
	}
	wake_up_all(&ctx->wait);
}

/* The number of CQEs that count for a count timeout (Linux: the CQ tail
 * less the timeouts that expired) [ctx->lock]. */
static u64 cq_seq_locked(struct uring_ctx *ctx)
{
	return ctx->cq_posted - ctx->cq_timeouts;
}

static void req_complete(struct uring_req *req, long res);

/* The drained requests run once only they are in flight [ctx->lock]. */
static void drain_flush_locked(struct uring_ctx *ctx)
{
	if (list_empty(&ctx->drain) || ctx->inflight != ctx->nr_drain)
		return;
	while (!list_empty(&ctx->drain))
		list_move_tail(ctx->drain.next, &ctx->task_list);
	ctx->nr_drain = 0;
}

/* The count timeouts whose count came (io_flush_timeouts) [ctx->lock]:
 * taken off the armed list onto done, completed by the caller. */
static void timeouts_flush_locked(struct uring_ctx *ctx, struct list_head *done)
{
	u64 seq = cq_seq_locked(ctx);
	struct uring_req *t, *tmp;
	list_for_each_entry_safe(t, tmp, &ctx->armed, node) {
		if (t->arm != ARM_TIMEOUT || !t->target || t->target > seq)
			continue;
		t->arm = ARM_NONE;
		list_del(&t->node);
		list_add_tail(&t->run, done);
	}
}

static void timeout_disarmed(struct uring_req *req);

/* Completes a list of requests (timeouts that came by count: 0; a chain's
 * rest: -ECANCELED). */
static void complete_list(struct list_head *list, long res)
{
	while (!list_empty(list)) {
		struct uring_req *req = list_first_entry(list, struct uring_req, run);
		list_del(&req->run);
		if (req->sqe.opcode == IORING_OP_TIMEOUT)
			timeout_disarmed(req);
		req_complete(req, res);
	}
}

/* Linux io_req_complete_post with the link handling of io_req_task_complete:
 * the CQE (unless CQE_SKIP_SUCCESS and it succeeded), then the chain's next
 * request goes to the task list, or when this one failed (and the link
 * is not hard) every following request is cancelled. Drops the
 * completion's reference. Any context but an interrupt. */
static void req_complete(struct uring_req *req, long res)
{
	struct uring_ctx *ctx = req->ctx;
	struct list_head cancel, timeouts;
	list_init(&cancel);
	list_init(&timeouts);
	bool failed = res < 0 || (req->expect >= 0 && res != req->expect);
	if (req->sqe.opcode == IORING_OP_TIMEOUT && res == -ETIME && (req->sqe.op_flags & IORING_TIMEOUT_ETIME_SUCCESS))
		failed = false;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	if (req->done) {
		spin_unlock_irqrestore(&ctx->lock, irq);
		return;
	}
	req->done = true;
	if (req->arm != ARM_NONE) {
		req->arm = ARM_NONE;
		list_del(&req->node);
	}
	ctx->inflight--;
	if (!(res >= 0 && (req->sqe.flags & IOSQE_CQE_SKIP_SUCCESS)))
		cqe_post_locked(ctx, req->sqe.user_data, (s32)res, req->cflags);
	timeouts_flush_locked(ctx, &timeouts);
	struct uring_req *next = req->link;
	req->link = NULL;
	if (next && failed && !(req->sqe.flags & IOSQE_IO_HARDLINK)) {
		for (struct uring_req *n = next; n; n = n->link)
			list_add_tail(&n->run, &cancel);
		next = NULL;
	}
	if (next)
		list_add_tail(&next->run, &ctx->task_list);
	drain_flush_locked(ctx);
	if (!list_empty(&ctx->task_list) && (ctx->setup_flags & IORING_SETUP_TASKRUN_FLAG))
		sq_flags_set(ctx, IORING_SQ_TASKRUN, true);
	spin_unlock_irqrestore(&ctx->lock, irq);
	/* the chain's rest: each is cancelled in order (they were never issued) */
	while (!list_empty(&cancel)) {
		struct uring_req *n = list_first_entry(&cancel, struct uring_req, run);
		list_del(&n->run);
		n->link = NULL;
		req_complete(n, -ECANCELED);
	}
	complete_list(&timeouts, 0);
	if (__atomic_load_n(&ctx->batch_owner, __ATOMIC_RELAXED) == current())
		ctx->batch_posted = true; /* signalled once at the batch's end */
	else
		ctx_signal(ctx);
	req_put(req);
}

/* ---- polls: POLL_ADD, and the requests that wait for their file ------------------------ */

static short file_poll_mask(struct file *f, struct poll_table *pt)
{
	return f->ops->poll ? f->ops->poll(f, pt) : (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}

/* Off the armed list and the file's queue [ctx->lock]; false if something
 * else (a wake-up's work, a cancel, a completion) disarmed it first. */
static bool req_disarm_locked(struct uring_req *req, enum uring_arm kind)
{
	if (req->arm != kind)
		return false;
	req->arm = ARM_NONE;
	list_del(&req->node);
	if (req->head) {
		remove_wait_queue(req->head, &req->wait);
		req->head = NULL;
	}
	return true;
}

static void req_to_task_list_locked(struct uring_req *req)
{
	struct uring_ctx *ctx = req->ctx;
	list_add_tail(&req->run, &ctx->task_list);
	if (ctx->setup_flags & IORING_SETUP_TASKRUN_FLAG)
		sq_flags_set(ctx, IORING_SQ_TASKRUN, true);
}

/* io_poll_task_func / io_apoll_task_func: a POLL_ADD completes with what
 * is ready (the wake-up's key, or a new look for a wake-up without one);
 * a waiting request goes to the task list to be issued again. */
static void poll_work(struct work *w)
{
	struct uring_req *req = container_of(w, struct uring_req, work);
	struct uring_ctx *ctx = req->ctx;
	u32 mask = (u32)__atomic_exchange_n(&req->woken_mask, 0, __ATOMIC_ACQUIRE) & req->events;
	if (!mask && req->arm == ARM_POLL)
		mask = (u16)file_poll_mask(req->file, NULL) & req->events;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	bool poll_done = mask && req_disarm_locked(req, ARM_POLL);
	if (req_disarm_locked(req, ARM_RETRY))
		req_to_task_list_locked(req);
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (poll_done)
		req_complete(req, (long)mask);
	else
		wake_up_all(&ctx->wait);
	req_put(req); /* the work's */
}

/* io_poll_wake [the file's queue lock]: the work does the rest. */
static int poll_wake(struct wait_entry *e, unsigned mode, int flags, u64 key)
{
	(void)mode;
	(void)flags;
	struct uring_req *req = container_of(e, struct uring_req, wait);
	if (key && !(key & req->events))
		return 0;
	if (key)
		__atomic_or_fetch(&req->woken_mask, key, __ATOMIC_RELEASE);
	req_get(req);
	if (!work_queue(&req->work))
		__atomic_sub_fetch(&req->refcount, 1, __ATOMIC_RELAXED); /* already queued: never the last */
	return 1;
}

/* io_poll_queue_proc: the first queue only (a file with a second one is
 * woken through the first here; Linux also waits on the second). */
static void poll_queue(struct poll_table *pt, struct wait_queue *wq)
{
	struct uring_req *req = container_of(pt, struct uring_req, pt);
	if (req->head)
		return;
	req->head = wq;
	add_wait_queue(wq, &req->wait);
}

/* __io_arm_poll_handler: waits for events on req's file (armed, cancellable:
 * returns 0), or returns what is ready now; -1 when nothing is ready and the
 * file has no queue to wait on. */
static long poll_arm(struct uring_req *req, u32 events, enum uring_arm kind)
{
	struct uring_ctx *ctx = req->ctx;
	req->events = events | POLLERR | POLLHUP;
	req->head = NULL;
	req->wait = (struct wait_entry){.func = poll_wake};
	req->pt = (struct poll_table){.qproc = poll_queue, .key = req->events};
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	req->arm = kind;
	list_add_tail(&req->node, &ctx->armed);
	spin_unlock_irqrestore(&ctx->lock, irq);
	u32 mask = (u16)file_poll_mask(req->file, &req->pt) & req->events;
	if (!mask && req->head)
		return 0;
	irq = spin_lock_irqsave(&ctx->lock);
	bool mine = req_disarm_locked(req, kind);
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (!mine)
		return 0; /* a wake-up's work or a cancel has it now */
	return mask ? (long)mask : -1;
}

/* For a request that would wait: armed on its file (UR_LATER), or 0 to go
 * on now (ready meanwhile, or a file without a queue to wait on). */
static long wait_for_file(struct uring_req *req, u32 events)
{
	long r = poll_arm(req, events, ARM_RETRY);
	return r == 0 ? UR_LATER : 0;
}

/* ---- TIMEOUT ------------------------------------------------------------------------- */

static void timeout_fn(struct ktimer *t)
{
	struct uring_req *req = container_of(t, struct uring_req, timer);
	work_queue(&req->work); /* the timer's reference goes with it */
}

/* io_timeout_fn: -ETIME, counted in cq_timeouts (it wakes the waiters). */
static void timeout_work(struct work *w)
{
	struct uring_req *req = container_of(w, struct uring_req, work);
	struct uring_ctx *ctx = req->ctx;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	bool mine = req_disarm_locked(req, ARM_TIMEOUT);
	if (mine)
		ctx->cq_timeouts++;
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (mine)
		req_complete(req, -ETIME);
	req_put(req); /* the timer's */
}

/* A timeout taken off the armed list by someone else: its timer stopped
 * (the timer's reference dropped) unless it already fired (its work drops it). */
static void timeout_disarmed(struct uring_req *req)
{
	if (ktimer_try_cancel(&req->timer))
		req_put(req);
}

/* ---- cancellation -------------------------------------------------------------------- */

struct cancel_match {
	u64 user_data;
	int fd; /* IORING_ASYNC_CANCEL_FD: the request's file's descriptor's file */
	struct file *file;
	unsigned flags;
	bool poll_only, timeout_only;
};

static bool cancel_matches(struct uring_req *req, const struct cancel_match *m)
{
	if (m->poll_only && req->arm != ARM_POLL && req->arm != ARM_RETRY)
		return false;
	if (m->timeout_only && req->arm != ARM_TIMEOUT)
		return false;
	if (m->flags & IORING_ASYNC_CANCEL_ANY)
		return true;
	if (m->flags & IORING_ASYNC_CANCEL_FD)
		return req->file && req->file == m->file;
	return req->sqe.user_data == m->user_data;
}

/* io_try_cancel: the armed requests that match (the first, or every one
 * with CANCEL_ALL or ANY) complete with -ECANCELED: at once (POLL_REMOVE),
 * or, deferred, from the task list after the canceller's own CQE (Linux
 * completes them from task work); how many. */
static long cancel_armed(struct uring_ctx *ctx, const struct cancel_match *m, struct uring_req *self, bool deferred)
{
	struct list_head victims;
	list_init(&victims);
	bool all = m->flags & (IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY);
	long n = 0;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	struct uring_req *req, *tmp;
	list_for_each_entry_safe(req, tmp, &ctx->armed, node) {
		if (req == self || !cancel_matches(req, m))
			continue;
		req_disarm_locked(req, req->arm);
		list_add_tail(&req->run, &victims);
		n++;
		if (!all)
			break;
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (!deferred) {
		complete_list(&victims, -ECANCELED);
		return n;
	}
	while (!list_empty(&victims)) {
		req = list_first_entry(&victims, struct uring_req, run);
		list_del(&req->run);
		if (req->sqe.opcode == IORING_OP_TIMEOUT)
			timeout_disarmed(req);
		req->fail_res = -ECANCELED;
		irq = spin_lock_irqsave(&ctx->lock);
		req_to_task_list_locked(req);
		spin_unlock_irqrestore(&ctx->lock, irq);
	}
	return n;
}

/* ---- the operations ------------------------------------------------------------------ */

/* io_assign_file: the SQE's descriptor, or its registered file with
 * IOSQE_FIXED_FILE (EBADF for an empty or missing slot) [uring_lock]. */
static long req_file(struct uring_req *req)
{
	struct uring_ctx *ctx = req->ctx;
	if (req->file)
		return 0;
	if (req->sqe.flags & IOSQE_FIXED_FILE) {
		unsigned i = (unsigned)req->sqe.fd;
		if (i >= ctx->nr_files || !ctx->files[i])
			return -EBADF;
		req->file = ctx->files[i];
		file_get(req->file);
		return 0;
	}
	req->file = fd_get_file(req->sqe.fd);
	return req->file ? 0 : -EBADF;
}

/* Would an I/O on f wait (a pipe, a socket, a tty with nothing ready)?
 * Files without a poll operation (regular files) never do. O_NONBLOCK does
 * not matter: Linux waits for files that support IOCB_NOWAIT (pipes,
 * sockets; io_rw_init_file), which are the pollable ones here. */
static bool file_would_wait(struct file *f, u32 events)
{
	if (!f->ops->poll)
		return false;
	return !((u16)f->ops->poll(f, NULL) & (events | POLLERR | POLLHUP));
}

/* io_read, io_write (READ, WRITE, READV, WRITEV, READ_FIXED, WRITE_FIXED):
 * io_rw_init_file's EBADF, the buffers (EFAULT, EINVAL past UIO_MAXIOV; a
 * fixed one must lie inside its registered buffer), rw_verify_area
 * (EINVAL for a negative offset but -1, the file position: RW_CUR_POS),
 * then the I/O; a pipe's or socket's that would wait waits armed. */
static long op_rw(struct uring_req *req, bool write, bool vectored, bool fixed)
{
	const struct io_uring_sqe_user *sqe = &req->sqe;
	struct file *f = req->file;
	if (!write && vectored && (sqe->flags & IOSQE_BUFFER_SELECT))
		return -ENOBUFS; /* no buffers can be provided (PROVIDE_BUFFERS is not built) */
	if (!write && !vectored && !fixed && (sqe->flags & IOSQE_BUFFER_SELECT))
		return -ENOBUFS;
	long err = rw_allowed(f, write, false);
	if (!err && !write && f->ops->no_read_iter && !f->ops->read)
		err = -EINVAL;
	if (err)
		return err;
	if (sqe->op_flags & ~RWF_SUPPORTED)
		return -EOPNOTSUPP;
	if (sqe->op_flags & RWF_NOWAIT)
		return -EOPNOTSUPP; /* no file here has FMODE_NOWAIT (as native AIO) */
	struct iovec_user one = {.iov_base = sqe->addr, .iov_len = sqe->len};
	struct iovec_user *iov = &one;
	u64 nr = 1;
	if (fixed) {
		const struct uring_buf *b = &req->ctx->bufs[sqe->buf_index];
		u64 end;
		if (__builtin_add_overflow(sqe->addr, (u64)sqe->len, &end) || sqe->addr < b->addr ||
		    end > b->addr + b->len)
			return -EFAULT;
		err = (long)MIN((u64)sqe->len, (u64)MAX_RW_COUNT);
	} else if (vectored) {
		if (sqe->len > UIO_MAXIOV)
			return -EINVAL;
		nr = sqe->len;
		err = import_iovec(uaddr_from(sqe->addr), nr, &iov);
	} else {
		one.iov_len = MIN((u64)sqe->len, (u64)MAX_RW_COUNT);
		err = access_ok(uaddr_from(sqe->addr), sqe->len) ? (long)one.iov_len : -EFAULT;
	}
	if (err < 0)
		return err;
	if (fixed)
		one.iov_len = (u64)err;
	req->expect = err;
	s64 off = (s64)sqe->off;
	if (off != -1 && (off < 0 || (s64)((u64)off + (u64)err) < 0)) {
		if (iov != &one)
			kfree(iov);
		return -EINVAL;
	}
	if (file_would_wait(f, write ? POLLOUT : POLLIN)) {
		long r = wait_for_file(req, write ? POLLOUT : POLLIN);
		if (r == UR_LATER) {
			if (iov != &one)
				kfree(iov);
			return r;
		}
	}
	long res;
	if (off == -1) {
		bool locked = file_pos_lock(f);
		res = rw_iovec(f, iov, nr, write, NULL);
		file_pos_unlock(f, locked);
	} else {
		u64 at = (u64)off;
		res = rw_iovec(f, iov, nr, write, &at);
	}
	if (iov != &one)
		kfree(iov);
	if (res == -ERESTARTSYS || res == -ERESTARTNOHAND || res == -ERESTARTNOINTR)
		res = -EINTR;
	return res;
}

static long op_fsync(struct uring_req *req)
{
	if (!req->file->ops->fsync)
		return -EINVAL;
	return req->file->ops->fsync(req->file);
}

/* io_poll_add: ready now completes at once; else it waits armed. */
static long op_poll_add(struct uring_req *req)
{
	u32 events = req->sqe.op_flags & 0xffffu; /* demangle_poll: the POLL* bits as they are */
	long r = poll_arm(req, events, ARM_POLL);
	if (r == 0)
		return UR_LATER;
	return r < 0 ? 0 : r;
}

/* io_poll_remove, io_timeout_remove, io_async_cancel: 0 (or how many, with
 * CANCEL_ALL or ANY), -ENOENT when nothing matched. */
static long op_cancel(struct uring_req *req)
{
	const struct io_uring_sqe_user *sqe = &req->sqe;
	struct cancel_match m = {.user_data = sqe->addr};
	switch (sqe->opcode) {
	case IORING_OP_POLL_REMOVE: m.poll_only = true; break;
	case IORING_OP_TIMEOUT_REMOVE: m.timeout_only = true; break;
	default: m.flags = sqe->op_flags; break;
	}
	if (m.flags & IORING_ASYNC_CANCEL_FD) {
		if (m.flags & IORING_ASYNC_CANCEL_FD_FIXED) {
			unsigned i = (unsigned)sqe->fd;
			if (i >= req->ctx->nr_files || !req->ctx->files[i])
				return -EBADF;
			m.file = req->ctx->files[i];
			file_get(m.file);
		} else {
			m.file = fd_get_file(sqe->fd);
			if (!m.file)
				return -EBADF;
		}
	}
	long n = cancel_armed(req->ctx, &m, req, sqe->opcode != IORING_OP_POLL_REMOVE);
	if (m.file)
		file_put(m.file);
	if (!n)
		return -ENOENT;
	return (m.flags & (IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY)) ? n : 0;
}

/* io_timeout: a count of CQEs to wait for (off), and a deadline. */
static long op_timeout(struct uring_req *req, u64 deadline_ns)
{
	struct uring_ctx *ctx = req->ctx;
	work_init(&req->work, timeout_work);
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	req->target = req->sqe.off ? cq_seq_locked(ctx) + req->sqe.off : 0;
	req->arm = ARM_TIMEOUT;
	list_add_tail(&req->node, &ctx->armed);
	req_get(req); /* the timer's */
	ktimer_arm(&req->timer, deadline_ns, timeout_fn);
	spin_unlock_irqrestore(&ctx->lock, irq);
	return UR_LATER;
}

/* io_close: not an io_uring file (EBADF), then close(2). */
static long op_close(struct uring_req *req)
{
	struct file *f = fd_get(req->sqe.fd);
	if (!f)
		return -EBADF;
	bool ring = f->ops == &uring_ops;
	file_put(f);
	return ring ? -EBADF : fd_close(req->sqe.fd);
}

/* The socket requests (io_accept, io_connect, io_send, io_recv,
 * io_sendmsg, io_recvmsg): tried without waiting, armed on the socket when
 * they would wait, unless the program asked MSG_DONTWAIT (REQ_F_NOWAIT). */
static long op_sock(struct uring_req *req)
{
	const struct io_uring_sqe_user *sqe = &req->sqe;
	struct file *f = req->file;
	u32 want = POLLIN;
	long res;
	switch (sqe->opcode) {
	case IORING_OP_ACCEPT:
		res = sock_file_accept(f, uaddr_from(sqe->addr), uaddr_from(sqe->off), (int)sqe->op_flags, true);
		break;
	case IORING_OP_CONNECT:
		want = POLLOUT;
		if (req->connecting) {
			res = sock_file_error(f);
			break;
		}
		res = sock_file_connect(f, uaddr_from(sqe->addr), (int)sqe->off, true);
		if (res == -EINPROGRESS) {
			req->connecting = true;
			res = -EAGAIN;
		}
		break;
	case IORING_OP_SEND:
	case IORING_OP_RECV:
		if (sqe->opcode == IORING_OP_RECV && (sqe->flags & IOSQE_BUFFER_SELECT))
			return -ENOBUFS;
		want = sqe->opcode == IORING_OP_SEND ? POLLOUT : POLLIN;
		res = sock_file_send(f, uaddr_from(sqe->addr), sqe->len,
				     (int)(sqe->op_flags | MSG_NOSIGNAL | MSG_DONTWAIT), sqe->opcode == IORING_OP_RECV);
		break;
	default: /* SENDMSG, RECVMSG */
		if (sqe->opcode == IORING_OP_RECVMSG && (sqe->flags & IOSQE_BUFFER_SELECT))
			return -ENOBUFS;
		want = sqe->opcode == IORING_OP_SENDMSG ? POLLOUT : POLLIN;
		res = sock_file_sendmsg(f, uaddr_from(sqe->addr), (int)(sqe->op_flags | MSG_NOSIGNAL | MSG_DONTWAIT),
					sqe->opcode == IORING_OP_RECVMSG);
		break;
	}
	if (res == -EAGAIN && (sqe->op_flags & MSG_DONTWAIT) && sqe->opcode != IORING_OP_ACCEPT &&
	    sqe->opcode != IORING_OP_CONNECT)
		return res;
	if (res == -EAGAIN) {
		long r = poll_arm(req, want, ARM_RETRY);
		if (r == 0)
			return UR_LATER;
		return r > 0 ? op_sock(req) : -EAGAIN; /* ready again at once: once more */
	}
	/* IORING_CQE_F_SOCK_NONEMPTY: Linux's msg_inq, tcp_inq_hint: more to
	 * read, or the peer's end (SOCK_DONE), which is what POLLIN says */
	if (res >= 0 && (sqe->opcode == IORING_OP_RECV || sqe->opcode == IORING_OP_RECVMSG) &&
	    (file_poll_mask(f, NULL) & POLLIN))
		req->cflags = IORING_CQE_F_SOCK_NONEMPTY;
	if (res == -ERESTARTSYS || res == -ERESTARTNOHAND || res == -ERESTARTNOINTR)
		res = -EINTR;
	return res;
}

/* ---- prep and issue ------------------------------------------------------------------ */

/* Linux's io_op_defs, for the opcodes built here (the rest are -EINVAL,
 * and REGISTER_PROBE says so): needs_file, ioprio (read: the I/O priority
 * of reads and writes, the flags of accept and the socket requests),
 * buffer_select. */
#define OPD_BUILT 1u
#define OPD_FILE 2u
#define OPD_IOPRIO 4u
#define OPD_BUFSEL 8u
#define OPD_RW (OPD_BUILT | OPD_FILE | OPD_IOPRIO)
static const u8 op_defs[IORING_OP_LAST] = {
	[IORING_OP_NOP] = OPD_BUILT,
	[IORING_OP_READV] = OPD_RW | OPD_BUFSEL,
	[IORING_OP_WRITEV] = OPD_RW,
	[IORING_OP_FSYNC] = OPD_BUILT | OPD_FILE,
	[IORING_OP_READ_FIXED] = OPD_RW,
	[IORING_OP_WRITE_FIXED] = OPD_RW,
	[IORING_OP_POLL_ADD] = OPD_BUILT | OPD_FILE,
	[IORING_OP_POLL_REMOVE] = OPD_BUILT,
	[IORING_OP_SENDMSG] = OPD_RW,
	[IORING_OP_RECVMSG] = OPD_RW | OPD_BUFSEL,
	[IORING_OP_TIMEOUT] = OPD_BUILT,
	[IORING_OP_TIMEOUT_REMOVE] = OPD_BUILT,
	[IORING_OP_ACCEPT] = OPD_RW,
	[IORING_OP_ASYNC_CANCEL] = OPD_BUILT,
	[IORING_OP_CONNECT] = OPD_BUILT | OPD_FILE,
	[IORING_OP_OPENAT] = OPD_BUILT,
	[IORING_OP_CLOSE] = OPD_BUILT,
	[IORING_OP_STATX] = OPD_BUILT,
	[IORING_OP_READ] = OPD_RW | OPD_BUFSEL,
	[IORING_OP_WRITE] = OPD_RW,
	[IORING_OP_SEND] = OPD_RW,
	[IORING_OP_RECV] = OPD_RW | OPD_BUFSEL,
};

static bool op_built(unsigned op)
{
	return op < IORING_OP_LAST && (op_defs[op] & OPD_BUILT);
}

static long prep_timeout(struct uring_req *req)
{
	const struct io_uring_sqe_user *sqe = &req->sqe;
	u32 flags = sqe->op_flags;
	if (sqe->buf_index || sqe->len != 1 || sqe->file_index)
		return -EINVAL;
	if (flags &
	    ~(IORING_TIMEOUT_ABS | IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME | IORING_TIMEOUT_ETIME_SUCCESS))
		return -EINVAL;
	if ((flags & IORING_TIMEOUT_BOOTTIME) && (flags & IORING_TIMEOUT_REALTIME))
		return -EINVAL;
	struct timespec_user ts;
	if (copy_from_user(&ts, uaddr_from(sqe->addr), sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0)
		return -EINVAL;
	u64 ns;
	if (__builtin_mul_overflow((u64)ts.tv_sec, 1000000000ull, &ns) ||
	    __builtin_add_overflow(ns, (u64)ts.tv_nsec, &ns))
		ns = ~0ull >> 1;
	u64 now = time_since_boot_ns();
	if (!(flags & IORING_TIMEOUT_ABS))
		req->deadline = now + ns < now ? ~0ull >> 1 : now + ns;
	else if (flags & IORING_TIMEOUT_REALTIME)
		req->deadline = ns > time_realtime_offset() ? ns - time_realtime_offset() : 0;
	else
		req->deadline = ns;
	return 0;
}

/* io_init_req and each opcode's prep: the errors that end a submission
 * (io_submit_fail_init). */
static long req_prep(struct uring_req *req)
{
	struct uring_ctx *ctx = req->ctx;
	const struct io_uring_sqe_user *sqe = &req->sqe;
	unsigned op = sqe->opcode;
	if (op >= IORING_OP_LAST)
		return -EINVAL;
	if (sqe->flags & ~UR_SQE_FLAGS)
		return -EINVAL;
	if ((sqe->flags & IOSQE_BUFFER_SELECT) && !(op_defs[op] & OPD_BUFSEL))
		return -EOPNOTSUPP;
	if (sqe->flags & IOSQE_CQE_SKIP_SUCCESS)
		ctx->drain_disabled = true;
	if ((sqe->flags & IOSQE_IO_DRAIN) && ctx->drain_disabled)
		return -EOPNOTSUPP;
	if (!(op_defs[op] & OPD_IOPRIO) && sqe->ioprio)
		return -EINVAL;
	if (sqe->personality)
		return -EINVAL; /* no personality is ever registered */
	if (!op_built(op))
		return -EINVAL;
	bool fixed = sqe->flags & IOSQE_FIXED_FILE;
	switch (op) {
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
	case IORING_OP_READ_FIXED:
	case IORING_OP_WRITE_FIXED:
	case IORING_OP_READ:
	case IORING_OP_WRITE:
		if ((op == IORING_OP_READ_FIXED || op == IORING_OP_WRITE_FIXED) && sqe->buf_index >= ctx->nr_bufs)
			return -EFAULT;
		return sqe->ioprio ? ioprio_check(sqe->ioprio) : 0;
	case IORING_OP_FSYNC:
		if (sqe->addr || sqe->buf_index || sqe->file_index)
			return -EINVAL;
		return (sqe->op_flags & ~IORING_FSYNC_DATASYNC) ? -EINVAL : 0;
	case IORING_OP_POLL_ADD:
		if (sqe->buf_index || sqe->off || sqe->addr)
			return -EINVAL;
		return sqe->len ? -EINVAL : 0; /* IORING_POLL_ADD_MULTI is not built */
	case IORING_OP_POLL_REMOVE:
		if (sqe->buf_index || sqe->file_index)
			return -EINVAL;
		return sqe->len ? -EINVAL : 0; /* the updates are not built */
	case IORING_OP_TIMEOUT: return prep_timeout(req);
	case IORING_OP_TIMEOUT_REMOVE:
		if (sqe->buf_index || sqe->len || sqe->file_index)
			return -EINVAL;
		return sqe->op_flags ? -EINVAL : 0; /* IORING_TIMEOUT_UPDATE is not built */
	case IORING_OP_ASYNC_CANCEL:
		if (sqe->off || sqe->file_index)
			return -EINVAL;
		if (sqe->op_flags & ~(IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ANY |
				      IORING_ASYNC_CANCEL_FD_FIXED))
			return -EINVAL;
		return ((sqe->op_flags & IORING_ASYNC_CANCEL_FD) && (sqe->op_flags & IORING_ASYNC_CANCEL_ANY)) ? -EINVAL
													       : 0;
	case IORING_OP_CLOSE:
		if (sqe->off || sqe->addr || sqe->len || sqe->op_flags || sqe->buf_index)
			return -EINVAL;
		if (fixed)
			return -EBADF;
		return sqe->file_index ? -EINVAL : 0; /* closing a fixed slot is not built */
	case IORING_OP_OPENAT:
	case IORING_OP_STATX:
		if (sqe->buf_index || sqe->file_index)
			return -EINVAL; /* STATX: Linux's check; OPENAT: installing into a fixed slot is not built */
		return fixed ? -EBADF : 0;
	case IORING_OP_ACCEPT:
		if (sqe->len || sqe->buf_index || sqe->file_index || sqe->ioprio)
			return -EINVAL; /* a fixed slot and IORING_ACCEPT_MULTISHOT are not built */
		return (sqe->op_flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) ? -EINVAL : 0;
	case IORING_OP_CONNECT: return (sqe->len || sqe->buf_index || sqe->op_flags || sqe->file_index) ? -EINVAL : 0;
	case IORING_OP_SEND:
	case IORING_OP_RECV:
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
		if (sqe->file_index || (op != IORING_OP_SENDMSG && op != IORING_OP_RECVMSG && sqe->off))
			return -EINVAL;
		return sqe->ioprio ? -EINVAL : 0; /* IORING_RECVSEND_POLL_FIRST is not built */
	default: return 0;
	}
}

/* The request's work in the submitter's context [uring_lock]: its result,
 * or UR_LATER when it waits armed. */
static long req_run(struct uring_req *req)
{
	unsigned op = req->sqe.opcode;
	if (op_defs[op] & OPD_FILE) {
		long err = req_file(req);
		if (err)
			return err;
	}
	switch (op) {
	case IORING_OP_NOP: return 0;
	case IORING_OP_READV: return op_rw(req, false, true, false);
	case IORING_OP_WRITEV: return op_rw(req, true, true, false);
	case IORING_OP_READ_FIXED: return op_rw(req, false, false, true);
	case IORING_OP_WRITE_FIXED: return op_rw(req, true, false, true);
	case IORING_OP_READ: return op_rw(req, false, false, false);
	case IORING_OP_WRITE: return op_rw(req, true, false, false);
	case IORING_OP_FSYNC: return op_fsync(req);
	case IORING_OP_POLL_ADD: return op_poll_add(req);
	case IORING_OP_POLL_REMOVE:
	case IORING_OP_TIMEOUT_REMOVE:
	case IORING_OP_ASYNC_CANCEL: return op_cancel(req);
	case IORING_OP_TIMEOUT: return op_timeout(req, req->deadline);
	case IORING_OP_CLOSE: return op_close(req);
	case IORING_OP_OPENAT:
		return openat_call(req->sqe.fd, uaddr_from(req->sqe.addr), (int)req->sqe.op_flags, req->sqe.len);
	case IORING_OP_STATX:
		return statx_call(req->sqe.fd, uaddr_from(req->sqe.addr), (int)req->sqe.op_flags, req->sqe.len,
				  uaddr_from(req->sqe.off));
	default: return op_sock(req);
	}
}

static void req_issue(struct uring_req *req)
{
	req_get(req);
	long res = req_run(req);
	if (res != UR_LATER)
		req_complete(req, res);
	req_put(req);
}

/* io_queue_sqe with IO_DRAIN (io_drain_req): a drained request waits
 * until the requests before it completed, then runs from the task list.
 * As on the oracle, the requests after it do not wait for it, and it is
 * never issued inline: Linux flushes a submission's inline completions at
 * its end, so a drained request always finds the ones before it pending. */
static void req_queue(struct uring_req *req, unsigned chain_len)
{
	struct uring_ctx *ctx = req->ctx;
	if (!(req->sqe.flags & IOSQE_IO_DRAIN)) {
		req_issue(req);
		return;
	}
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	list_add_tail(&req->run, &ctx->drain);
	ctx->nr_drain += chain_len;
	drain_flush_locked(ctx);
	spin_unlock_irqrestore(&ctx->lock, irq);
}

/* The end of a chain: issued, or, if one of its requests failed its prep,
 * completed in order with that error and -ECANCELED for the others
 * (io_submit_fail_init, io_fail_links). */
static void chain_queue(struct uring_req *head)
{
	unsigned len = 0;
	for (struct uring_req *n = head; n; n = n->link)
		len++;
	if (!head->chain_failed) {
		req_queue(head, len);
		return;
	}
	/* the head at once, the others through the task list (Linux fails
	 * the links from task work: they come after what the submission
	 * completes meanwhile) */
	struct uring_ctx *ctx = head->ctx;
	struct uring_req *rest = head->link;
	head->link = NULL;
	req_complete(head, head->prep_error ? head->prep_error : -ECANCELED);
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	while (rest) {
		struct uring_req *n = rest;
		rest = n->link;
		n->link = NULL;
		n->fail_res = n->prep_error ? n->prep_error : -ECANCELED;
		req_to_task_list_locked(n);
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
}

/* The requests of the task list that belong to the caller's mm run here,
 * in its context (Linux's task_work) [uring_lock]. */
static void run_task_list(struct uring_ctx *ctx)
{
	u64 mm_id = current()->mm->id;
	for (;;) {
		struct uring_req *req = NULL, *r;
		unsigned long irq = spin_lock_irqsave(&ctx->lock);
		list_for_each_entry(r, &ctx->task_list, run) {
			if (r->mm_id == mm_id) {
				req = r;
				break;
			}
		}
		if (req)
			list_del(&req->run);
		if (list_empty(&ctx->task_list))
			sq_flags_set(ctx, IORING_SQ_TASKRUN, false);
		spin_unlock_irqrestore(&ctx->lock, irq);
		if (!req)
			return;
		if (req->fail_res)
			req_complete(req, req->fail_res);
		else
			req_issue(req);
	}
}

static bool task_list_has_mine(struct uring_ctx *ctx)
{
	u64 mm_id = current()->mm->id;
	bool found = false;
	struct uring_req *r;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	list_for_each_entry(r, &ctx->task_list, run) {
		if (r->mm_id == mm_id) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	return found;
}

static struct uring_req *req_alloc(struct uring_ctx *ctx)
{
	struct uring_req *req = kzalloc(sizeof(*req));
	if (!req)
		return NULL;
	req->refcount = 1; /* the completion's */
	req->ctx = ctx;
	ctx_get(ctx);
	req->mm_id = current()->mm->id;
	req->expect = -1;
	work_init(&req->work, poll_work);
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	ctx->inflight++;
	spin_unlock_irqrestore(&ctx->lock, irq);
	return req;
}

/* io_submit_sqes [uring_lock]: up to nr SQEs from the SQ ring; how many
 * were consumed (an index past the SQ array is dropped: sq_dropped, and
 * ends the submission), -EAGAIN without memory for the first. */
static long submit_sqes(struct uring_ctx *ctx, unsigned nr)
{
	struct io_rings_k *r = ctx->rings;
	unsigned entries = __atomic_load_n(&r->sq_tail, __ATOMIC_ACQUIRE) - ctx->cached_sq_head;
	entries = MIN(entries, ctx->sq_entries);
	if (!entries)
		return 0;
	nr = MIN(nr, entries);
	unsigned done = 0;
	struct uring_req *head = NULL, *last = NULL;
	long ret = 0;
	while (done < nr) {
		struct uring_req *req = req_alloc(ctx);
		if (!req) {
			if (!done)
				ret = -EAGAIN;
			break;
		}
		unsigned idx =
			__atomic_load_n(&ctx->sq_array[ctx->cached_sq_head & (ctx->sq_entries - 1)], __ATOMIC_RELAXED);
		ctx->cached_sq_head++;
		if (idx >= ctx->sq_entries) {
			__atomic_store_n(&r->sq_dropped, ++ctx->sq_dropped, __ATOMIC_RELEASE);
			req->done = true; /* never issued: only its reference goes */
			unsigned long irq = spin_lock_irqsave(&ctx->lock);
			ctx->inflight--;
			spin_unlock_irqrestore(&ctx->lock, irq);
			req_put(req);
			break;
		}
		memcpy(&req->sqe, &ctx->sqes[idx], sizeof(req->sqe));
		done++;
		long err = req_prep(req);
		bool linked = req->sqe.flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);
		if (err) {
			req->prep_error = (int)err;
			if (head)
				head->chain_failed = true;
			else
				req->chain_failed = true;
		}
		if (head) {
			last->link = req;
			last = req;
		} else if (linked) {
			head = last = req;
		}
		if (head && !linked) {
			chain_queue(head);
			head = NULL;
		} else if (!head) {
			chain_queue(req);
		}
		if (err && !linked && !(ctx->setup_flags & IORING_SETUP_SUBMIT_ALL))
			break;
	}
	if (head)
		chain_queue(head);
	__atomic_store_n(&r->sq_head, ctx->cached_sq_head, __ATOMIC_RELEASE);
	return done ? (long)done : ret;
}

/* ---- io_uring_enter ------------------------------------------------------------------ */

/* A batch of completions in the caller [uring_lock]: one eventfd signal. */
static void batch_begin(struct uring_ctx *ctx)
{
	ctx->batch_posted = false;
	__atomic_store_n(&ctx->batch_owner, current(), __ATOMIC_RELAXED);
}

static void batch_end(struct uring_ctx *ctx)
{
	__atomic_store_n(&ctx->batch_owner, NULL, __ATOMIC_RELAXED);
	if (ctx->batch_posted)
		ctx_signal(ctx);
}

static void ctx_flush_overflow(struct uring_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	overflow_flush_locked(ctx);
	spin_unlock_irqrestore(&ctx->lock, irq);
}

static u64 ctx_cq_timeouts(struct uring_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	u64 n = ctx->cq_timeouts;
	spin_unlock_irqrestore(&ctx->lock, irq);
	return n;
}

/* io_should_wake: the tail reached target, or a timeout expired meanwhile. */
static bool cq_should_wake(struct uring_ctx *ctx, unsigned target, u64 timeouts)
{
	return (int)(__atomic_load_n(&ctx->rings->cq_tail, __ATOMIC_ACQUIRE) - target) >= 0 ||
	       ctx_cq_timeouts(ctx) != timeouts;
}

/* io_cqring_wait: until min CQEs are in the ring (or a timeout request
 * expired), the deadline (-ETIME), a signal (-EINTR, the temporary mask
 * kept for its handler); 0 whenever the ring holds CQEs at the end. */
static long cq_wait(struct uring_ctx *ctx, unsigned min, uaddr_t usig, size_t sigsz, u64 deadline)
{
	/*
	 * io_cqring_wait's first look, without a lock: the CQEs are there,
	 * nothing overflowed and the task list is empty (one pointer read: a
	 * request queued meanwhile is one whose wake-up came after this call,
	 * which the next io_uring_enter runs), so there is nothing to run.
	 */
	if (cq_ready(ctx) >= min &&
	    !(__atomic_load_n(&ctx->rings->sq_flags, __ATOMIC_ACQUIRE) & IORING_SQ_CQ_OVERFLOW) &&
	    __atomic_load_n(&ctx->task_list.next, __ATOMIC_ACQUIRE) == &ctx->task_list)
		return 0;
	mutex_lock(&ctx->uring_lock);
	batch_begin(ctx);
	run_task_list(ctx);
	batch_end(ctx);
	mutex_unlock(&ctx->uring_lock);
	ctx_flush_overflow(ctx);
	if (cq_ready(ctx) >= min)
		return 0;
	if (!uaddr_is_null(usig)) {
		int err = signal_set_temporary_mask(usig, sigsz);
		if (err)
			return err;
	}
	unsigned target = __atomic_load_n(&ctx->rings->cq_head, __ATOMIC_ACQUIRE) + min;
	u64 timeouts = ctx_cq_timeouts(ctx);
	long ret;
	for (;;) {
		int w = wait_event_interruptible_timeout(
			&ctx->wait, cq_should_wake(ctx, target, timeouts) || task_list_has_mine(ctx), deadline);
		if (task_list_has_mine(ctx)) {
			mutex_lock(&ctx->uring_lock);
			batch_begin(ctx);
			run_task_list(ctx);
			batch_end(ctx);
			mutex_unlock(&ctx->uring_lock);
			ctx_flush_overflow(ctx);
			if (!w)
				continue;
		}
		ret = w == 0 ? 0 : w == -ETIMEDOUT ? -ETIME : -EINTR;
		break;
	}
	signal_end_temporary_mask(ret == -EINTR);
	return cq_ready(ctx) ? 0 : ret;
}

static struct file *uring_fget(unsigned fd, long *err)
{
	struct file *f = fd_get_file((int)fd);
	*err = -EBADF;
	if (f && f->ops != &uring_ops) {
		file_put(f);
		f = NULL;
		*err = -EOPNOTSUPP;
	}
	return f;
}

SYSCALL_DEFINE6(io_uring_enter, unsigned, fd, u32, to_submit, u32, min_complete, u32, flags, uaddr_t, argp, size_t,
		argsz)
{
	if (flags & ~(IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT | IORING_ENTER_EXT_ARG |
		      IORING_ENTER_REGISTERED_RING))
		return -EINVAL;
	if (flags & IORING_ENTER_REGISTERED_RING)
		return fd >= 16 ? -EINVAL : -EBADF; /* no ring is registered (REGISTER_RING_FDS is not built) */
	long ret;
	struct file *f = uring_fget(fd, &ret);
	if (!f)
		return ret;
	struct uring_ctx *ctx = f->private;
	ret = 0;
	if (!to_submit && !(flags & IORING_ENTER_GETEVENTS)) {
		/* io_run_task_work: every call runs the caller's waiting requests */
		mutex_lock(&ctx->uring_lock);
		batch_begin(ctx);
		run_task_list(ctx);
		batch_end(ctx);
		mutex_unlock(&ctx->uring_lock);
	}
	if (to_submit) {
		mutex_lock(&ctx->uring_lock);
		batch_begin(ctx);
		run_task_list(ctx);
		ret = submit_sqes(ctx, to_submit);
		run_task_list(ctx);
		batch_end(ctx);
		mutex_unlock(&ctx->uring_lock);
		if (ret != (long)to_submit)
			goto out;
	}
	if (flags & IORING_ENTER_GETEVENTS) {
		uaddr_t usig = argp;
		size_t sigsz = argsz;
		u64 deadline = ~0ull;
		long ret2 = 0;
		if (flags & IORING_ENTER_EXT_ARG) {
			struct io_uring_getevents_arg_user arg = {0, 0, 0, 0};
			if (argsz != sizeof(arg))
				ret2 = -EINVAL;
			else if (copy_from_user(&arg, argp, sizeof(arg)))
				ret2 = -EFAULT;
			usig = uaddr_from(arg.sigmask);
			sigsz = arg.sigmask_sz;
			if (!ret2 && arg.ts) {
				struct timespec_user ts;
				if (copy_from_user(&ts, uaddr_from(arg.ts), sizeof(ts))) {
					ret2 = -EFAULT;
				} else {
					s64 ns;
					if (__builtin_mul_overflow(ts.tv_sec, 1000000000LL, &ns) ||
					    __builtin_add_overflow(ns, ts.tv_nsec, &ns))
						ns = ts.tv_sec < 0 ? 0 : (s64)(~0ULL >> 1);
					deadline = ns <= 0 ? 0 : time_deadline_after((u64)ns);
				}
			}
		}
		if (!ret2)
			ret2 = cq_wait(ctx, MIN(min_complete, ctx->cq_entries), usig, sigsz, deadline);
		if (!ret)
			ret = ret2;
	}
out:
	file_put(f);
	return ret;
}

/* ---- io_uring_register --------------------------------------------------------------- */

/* io_pin_pages' answer without the pinning: EFAULT unless every page of
 * [base, base + len) is mapped writable (pin_user_pages' FOLL_WRITE). */
static long buf_mapped(u64 base, u64 len)
{
	if (!access_ok(uaddr_from(base), len))
		return -EFAULT;
	struct mm *mm = current()->mm;
	vaddr_t at = ALIGN_DOWN(base, PAGE_SIZE), end = base + len;
	long err = 0;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	while (at < end) {
		struct vma *v = vm_find(mm, at);
		if (!v || !(v->prot & UPROT_WRITE)) {
			err = -EFAULT;
			break;
		}
		at = v->end;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

static long register_buffers(struct uring_ctx *ctx, uaddr_t arg, unsigned nr)
{
	if (ctx->bufs)
		return -EBUSY;
	if (!nr || nr > IORING_MAX_REG_BUFFERS)
		return -EINVAL;
	struct uring_buf *bufs = kzalloc(nr * sizeof(*bufs));
	if (!bufs)
		return -ENOMEM;
	for (unsigned i = 0; i < nr; i++) {
		struct iovec_user iov;
		long err = 0;
		if (copy_from_user(&iov, uaddr_add(arg, (u64)i * sizeof(iov)), sizeof(iov)))
			err = -EFAULT;
		else if (!iov.iov_base) /* io_buffer_validate: a sparse slot, or EFAULT */
			err = iov.iov_len ? -EFAULT : 0;
		else if (!iov.iov_len || iov.iov_len > UR_BUF_MAX)
			err = -EFAULT;
		else if (iov.iov_base + iov.iov_len + PAGE_SIZE - 1 < iov.iov_base)
			err = -EOVERFLOW;
		else
			err = buf_mapped(iov.iov_base, iov.iov_len);
		if (err) {
			kfree(bufs);
			return err;
		}
		bufs[i] = (struct uring_buf){.addr = iov.iov_base, .len = iov.iov_base ? iov.iov_len : 0};
	}
	ctx->bufs = bufs;
	ctx->nr_bufs = nr;
	return 0;
}

static void files_drop(struct file **files, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++)
		if (files[i])
			file_put(files[i]);
	kvfree(files);
}

static long register_files(struct uring_ctx *ctx, uaddr_t arg, unsigned nr)
{
	if (ctx->files)
		return -EBUSY;
	if (!nr)
		return -EINVAL;
	if (nr > IORING_MAX_FIXED_FILES || nr > current()->group->rlimits[RLIMIT_NOFILE][0])
		return -EMFILE;
	struct file **files = kvzalloc(nr * sizeof(*files));
	if (!files)
		return -ENOMEM;
	for (unsigned i = 0; i < nr; i++) {
		u32 fd;
		long err = 0;
		if (get_user_u32(&fd, uaddr_add(arg, (u64)i * 4)))
			err = -EFAULT;
		else if ((s32)fd == -1 || (s32)fd == -2) /* sparse, IORING_REGISTER_FILES_SKIP */
			continue;
		else if (!(files[i] = fd_get_file((int)fd)) || files[i]->ops == &uring_ops)
			err = -EBADF;
		if (err) {
			files_drop(files, nr);
			return err;
		}
	}
	ctx->files = files;
	ctx->nr_files = nr;
	return 0;
}

static long register_eventfd(struct uring_ctx *ctx, uaddr_t arg)
{
	if (ctx->eventfd)
		return -EBUSY;
	u32 fd;
	if (get_user_u32(&fd, arg))
		return -EFAULT;
	int err;
	struct file *efd = eventfd_fget((int)fd, &err);
	if (!efd)
		return err;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	ctx->eventfd = efd;
	spin_unlock_irqrestore(&ctx->lock, irq);
	return 0;
}

static long unregister_eventfd(struct uring_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	struct file *efd = ctx->eventfd;
	ctx->eventfd = NULL;
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (!efd)
		return -ENXIO;
	file_put(efd);
	return 0;
}

/* io_probe: every opcode up to nr, flagged if it is built here. */
static long register_probe(uaddr_t arg, unsigned nr)
{
	size_t size = sizeof(struct io_uring_probe_user) + (size_t)nr * sizeof(struct io_uring_probe_op_user);
	u8 *p = kzalloc(size);
	if (!p)
		return -ENOMEM;
	long err = 0;
	if (copy_from_user(p, arg, size))
		err = -EFAULT;
	for (size_t i = 0; !err && i < size; i++)
		if (p[i])
			err = -EINVAL;
	if (!err) {
		struct io_uring_probe_user *h = (struct io_uring_probe_user *)p;
		struct io_uring_probe_op_user *ops = (struct io_uring_probe_op_user *)(h + 1);
		unsigned n = MIN(nr, (unsigned)IORING_OP_LAST);
		h->last_op = IORING_OP_LAST - 1;
		for (unsigned i = 0; i < n; i++) {
			ops[i].op = (u8)i;
			ops[i].flags = op_built(i) ? IO_URING_OP_SUPPORTED : 0;
		}
		h->ops_len = (u8)n;
		if (copy_to_user(arg, p, size))
			err = -EFAULT;
	}
	kfree(p);
	return err;
}

SYSCALL_DEFINE4(io_uring_register, unsigned, fd, unsigned, opcode, uaddr_t, arg, unsigned, nr_args)
{
	bool use_registered = opcode & IORING_REGISTER_USE_REGISTERED_RING;
	opcode &= ~IORING_REGISTER_USE_REGISTERED_RING;
	if (opcode >= IORING_REGISTER_LAST)
		return -EINVAL;
	if (use_registered)
		return fd >= 16 ? -EINVAL : -EBADF; /* no ring is registered */
	long ret;
	struct file *f = uring_fget(fd, &ret);
	if (!f)
		return ret;
	struct uring_ctx *ctx = f->private;
	bool none = uaddr_is_null(arg) && !nr_args;
	mutex_lock(&ctx->uring_lock);
	switch (opcode) {
	case IORING_REGISTER_BUFFERS: ret = uaddr_is_null(arg) ? -EFAULT : register_buffers(ctx, arg, nr_args); break;
	case IORING_UNREGISTER_BUFFERS:
		ret = !none ? -EINVAL : !ctx->bufs ? -ENXIO : 0;
		if (!ret) {
			kfree(ctx->bufs);
			ctx->bufs = NULL;
			ctx->nr_bufs = 0;
		}
		break;
	case IORING_REGISTER_FILES: ret = uaddr_is_null(arg) ? -EFAULT : register_files(ctx, arg, nr_args); break;
	case IORING_UNREGISTER_FILES:
		ret = !none ? -EINVAL : !ctx->files ? -ENXIO : 0;
		if (!ret) {
			files_drop(ctx->files, ctx->nr_files);
			ctx->files = NULL;
			ctx->nr_files = 0;
		}
		break;
	case IORING_REGISTER_EVENTFD: ret = nr_args != 1 ? -EINVAL : register_eventfd(ctx, arg); break;
	case IORING_UNREGISTER_EVENTFD: ret = !none ? -EINVAL : unregister_eventfd(ctx); break;
	case IORING_REGISTER_PROBE:
		ret = (uaddr_is_null(arg) || nr_args > 256) ? -EINVAL : register_probe(arg, nr_args);
		break;
	default: ret = -EINVAL; break; /* the others are not built */
	}
	mutex_unlock(&ctx->uring_lock);
	file_put(f);
	return ret;
}

/* ---- the ring file ------------------------------------------------------------------- */

/* io_ring_exit_work's cancelling: every armed request, those waiting to
 * run and those drained complete with -ECANCELED, again until none is
 * left — a cancelled request with a hard link (IOSQE_IO_HARDLINK) queues
 * the next of its chain to run, which is cancelled in the next round (a
 * single round left it on task_list, holding the context and its ring
 * pages for good: `make fuzz`, seed 3, call 90,883); the registered
 * files, buffers and eventfd go; the context goes with its last request. */
static void uring_release(struct file *f)
{
	struct uring_ctx *ctx = f->private;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	struct file *efd = ctx->eventfd; /* no cancellation signals it */
	ctx->eventfd = NULL;
	spin_unlock_irqrestore(&ctx->lock, irq);
	for (;;) {
		struct list_head victims, waiting;
		list_init(&victims);
		list_init(&waiting);
		irq = spin_lock_irqsave(&ctx->lock);
		while (!list_empty(&ctx->armed)) {
			struct uring_req *req = list_first_entry(&ctx->armed, struct uring_req, node);
			req_disarm_locked(req, req->arm);
			list_add_tail(&req->run, &victims);
		}
		while (!list_empty(&ctx->task_list))
			list_move_tail(ctx->task_list.next, &waiting);
		while (!list_empty(&ctx->drain))
			list_move_tail(ctx->drain.next, &waiting);
		ctx->nr_drain = 0;
		spin_unlock_irqrestore(&ctx->lock, irq);
		if (list_empty(&victims) && list_empty(&waiting))
			break;
		complete_list(&victims, -ECANCELED);
		complete_list(&waiting, -ECANCELED);
	}
	if (efd)
		file_put(efd);
	if (ctx->files)
		files_drop(ctx->files, ctx->nr_files);
	kfree(ctx->bufs);
	ctx_put(ctx);
}

/* The block an mmap offset names (io_uring_validate_mmap_request). */
static void *uring_region(struct uring_ctx *ctx, u64 offset, unsigned *order)
{
	if (offset == IORING_OFF_SQ_RING || offset == IORING_OFF_CQ_RING) {
		*order = ctx->rings_order;
		return ctx->rings;
	}
	if (offset == IORING_OFF_SQES) {
		*order = ctx->sqes_order;
		return ctx->sqes;
	}
	return NULL;
}

static int uring_fault(struct vma *v, u64 pgoff, bool alloc, paddr_t *pa)
{
	(void)alloc;
	struct uring_ctx *ctx = v->file->private;
	u64 base = v->file_offset >= IORING_OFF_SQES	  ? IORING_OFF_SQES
		   : v->file_offset >= IORING_OFF_CQ_RING ? IORING_OFF_CQ_RING
							  : IORING_OFF_SQ_RING;
	unsigned order;
	char *block = uring_region(ctx, base, &order);
	u64 idx = pgoff - base / PAGE_SIZE;
	if (!block || idx >= (1ull << order))
		return -EIO;
	*pa = virt_to_phys(block + idx * PAGE_SIZE);
	page_get(*pa);
	return 0;
}

static const struct vm_ops uring_vm_ops = {
	.fault = uring_fault,
	.open = file_vma_open,
	.close = file_vma_close,
};

/* io_uring_mmap: one of the three offsets (ENOMEM for another, as the
 * oracle answers); a mapping past the block faults (SIGBUS). */
static int uring_mmap(struct file *f, struct vma *v)
{
	unsigned order;
	if (!uring_region(f->private, v->file_offset, &order))
		return -ENOMEM;
	int err = file_vma_attach(f, v);
	if (!err)
		v->ops = &uring_vm_ops;
	return err;
}

/* io_uring_poll: readable with CQEs to reap (or overflowed), writable
 * while the SQ ring has room. */
static short uring_poll(struct file *f, struct poll_table *pt)
{
	struct uring_ctx *ctx = f->private;
	poll_wait(pt, &ctx->wait);
	short mask = 0;
	struct io_rings_k *r = ctx->rings;
	if (__atomic_load_n(&r->sq_tail, __ATOMIC_ACQUIRE) - ctx->cached_sq_head < ctx->sq_entries)
		mask |= POLLOUT | POLLWRNORM;
	if (cq_ready(ctx) || (__atomic_load_n(&r->sq_flags, __ATOMIC_ACQUIRE) & IORING_SQ_CQ_OVERFLOW))
		mask |= POLLIN | POLLRDNORM;
	/* the caller's requests ready to run again: Linux runs them as task
	 * work once epoll_wait or poll returns; here the next io_uring_enter
	 * does, so the ring says it has something */
	if (current()->mm && task_list_has_mine(ctx))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static const struct file_ops uring_ops = {
	.release = uring_release,
	.mmap = uring_mmap,
	.poll = uring_poll,
	.anon_name = "[io_uring]",
	.no_read_iter = true,
};

/* ---- io_uring_setup ------------------------------------------------------------------ */

static unsigned roundup_pow2(unsigned n)
{
	unsigned p = 1;
	while (p < n)
		p <<= 1;
	return p;
}

static unsigned order_for(size_t size)
{
	unsigned order = 0;
	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* io_allocate_scq_urings: the rings and SQEs, the offsets io_uring_setup reports. */
static long ctx_rings(struct uring_ctx *ctx, struct io_uring_params_user *p)
{
	size_t off = offsetof(struct io_rings_k, cqes) + (size_t)ctx->cq_entries * sizeof(struct io_uring_cqe_user);
	off = ALIGN_UP(off, 64);
	size_t size = off + (size_t)ctx->sq_entries * sizeof(u32);
	ctx->rings_order = order_for(size);
	ctx->rings = page_alloc_order(ctx->rings_order, PAGE_ZERO);
	ctx->sqes_order = order_for((size_t)ctx->sq_entries * sizeof(struct io_uring_sqe_user));
	ctx->sqes = page_alloc_order(ctx->sqes_order, PAGE_ZERO);
	if (!ctx->rings || !ctx->sqes)
		return -ENOMEM;
	ctx->sq_array = (u32 *)((char *)ctx->rings + off);
	struct io_rings_k *r = ctx->rings;
	r->sq_ring_mask = ctx->sq_entries - 1;
	r->cq_ring_mask = ctx->cq_entries - 1;
	r->sq_ring_entries = ctx->sq_entries;
	r->cq_ring_entries = ctx->cq_entries;
	p->sq_off.head = offsetof(struct io_rings_k, sq_head);
	p->sq_off.tail = offsetof(struct io_rings_k, sq_tail);
	p->sq_off.ring_mask = offsetof(struct io_rings_k, sq_ring_mask);
	p->sq_off.ring_entries = offsetof(struct io_rings_k, sq_ring_entries);
	p->sq_off.flags = offsetof(struct io_rings_k, sq_flags);
	p->sq_off.dropped = offsetof(struct io_rings_k, sq_dropped);
	p->sq_off.array = (u32)off;
	p->cq_off.head = offsetof(struct io_rings_k, cq_head);
	p->cq_off.tail = offsetof(struct io_rings_k, cq_tail);
	p->cq_off.ring_mask = offsetof(struct io_rings_k, cq_ring_mask);
	p->cq_off.ring_entries = offsetof(struct io_rings_k, cq_ring_entries);
	p->cq_off.overflow = offsetof(struct io_rings_k, cq_overflow);
	p->cq_off.cqes = offsetof(struct io_rings_k, cqes);
	p->cq_off.flags = offsetof(struct io_rings_k, cq_flags);
	return 0;
}

SYSCALL_DEFINE2(io_uring_setup, u32, entries, uaddr_t, uparams)
{
	struct io_uring_params_user p;
	if (copy_from_user(&p, uparams, sizeof(p)))
		return -EFAULT;
	for (unsigned i = 0; i < 3; i++)
		if (p.resv[i])
			return -EINVAL;
	if (p.flags & ~UR_SETUP_KNOWN)
		return -EINVAL;
	if (!entries)
		return -EINVAL;
	if (entries > IORING_MAX_ENTRIES) {
		if (!(p.flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		entries = IORING_MAX_ENTRIES;
	}
	p.sq_entries = roundup_pow2(entries);
	if (p.flags & IORING_SETUP_CQSIZE) {
		if (!p.cq_entries)
			return -EINVAL;
		if (p.cq_entries > IORING_MAX_CQ_ENTRIES) {
			if (!(p.flags & IORING_SETUP_CLAMP))
				return -EINVAL;
			p.cq_entries = IORING_MAX_CQ_ENTRIES;
		}
		p.cq_entries = roundup_pow2(p.cq_entries);
		if (p.cq_entries < p.sq_entries)
			return -EINVAL;
	} else {
		p.cq_entries = 2 * p.sq_entries;
	}
	if ((p.flags & IORING_SETUP_TASKRUN_FLAG) &&
	    !(p.flags & (IORING_SETUP_COOP_TASKRUN | IORING_SETUP_DEFER_TASKRUN)))
		return -EINVAL;
	if (p.flags & ~UR_SETUP_BUILT)
		return -EINVAL; /* SQPOLL, IOPOLL, ... are not built (docs/io_uring.md) */
	struct uring_ctx *ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1; /* the file's */
	ctx->setup_flags = p.flags;
	ctx->sq_entries = p.sq_entries;
	ctx->cq_entries = p.cq_entries;
	mutex_init(&ctx->uring_lock, "io_uring");
	spin_lock_init(&ctx->lock, "io_uring_ctx");
	list_init(&ctx->overflow);
	list_init(&ctx->armed);
	list_init(&ctx->task_list);
	list_init(&ctx->drain);
	wait_queue_init(&ctx->wait, "io_uring");
	long err = ctx_rings(ctx, &p);
	p.features = UR_FEATURES;
	if (!err && copy_to_user(uparams, &p, sizeof(p)))
		err = -EFAULT;
	struct file *f = NULL;
	if (!err) {
		f = file_alloc(&uring_ops, ctx, 0600);
		if (!f)
			err = -ENFILE;
	}
	if (err) {
		ctx_put(ctx);
		return err;
	}
	f->flags = O_RDWR;
	return fd_install_or_put(f, true);
}
