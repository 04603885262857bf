/*
 * aio.c — Linux native asynchronous I/O (Linux fs/aio.c): io_setup,
 * io_destroy, io_submit, io_cancel, io_getevents, io_pgetevents.
 *
 * A context (struct aio_ctx, Linux's kioctx) is a ring of completion events
 * mapped shared and writable into the caller's address space; its address
 * is the context's id. The ring starts with Linux's header (struct
 * aio_ring_user: id, nr, head, tail, magic...) and holds nr io_events after
 * it; completions are written into those pages and tail advanced, so a
 * program (libaio) may reap events itself by reading head and tail and
 * moving head. Linux's sizes: io_setup(n) makes room for
 * max(n, 4 * CPUs) * 2 + 2 events rounded up to whole pages (nr reports
 * how many fit), counts n against fs.aio-max-nr (aio-nr: the sum of the
 * live contexts' n; EAGAIN past it), and allows nr - 1 requests in flight
 * or unreaped at once (EAGAIN beyond).
 *
 * The ring's pages belong to a nameless file (the ring file, "[aio]" on
 * the anonymous mount: /proc/PID/maps shows "/[aio] (deleted)" as Linux's
 * aio pseudo file system does) mapped MAP_SHARED; fork copies the mapping
 * (it shares the pages) but not the context, as Linux (the child's mm has
 * no table). The contexts of an mm are in its table (mm->aio, Linux's
 * ioctx_table): a lookup reads the id from the ring in user memory and
 * checks the context there has that address (Linux lookup_ioctx), so a
 * ring unmapped by the program is EINVAL for every call; the context then
 * lives on until the mm dies (mm->aio_ops->exit, Linux exit_aio). mremap
 * moves the context with its ring and may not grow it (aio_ring_remap,
 * Linux aio_ring_mremap and VM_DONTEXPAND).
 *
 * Requests: reads and writes (PREAD, PWRITE, PREADV, PWRITEV) run inside
 * io_submit through the file's operations (a regular file's I/O is
 * synchronous here, as Linux's buffered I/O; a read of an empty pipe waits
 * in io_submit as on Linux), and so do FSYNC and FDSYNC: their event is in
 * the ring when io_submit returns. Errors found before the I/O starts are
 * io_submit's (EBADF, EINVAL, EFAULT, EOPNOTSUPP for RWF_NOWAIT and unknown
 * RWF_* flags), those of the I/O itself the event's res. POLL is
 * asynchronous: its wait entry on the file's queue (one queue only, as
 * Linux) queues a work item when a wake-up's key matches, and the work
 * completes the request with that key (Linux completes inline with it:
 * POLLIN | POLLRDNORM for a pipe's write), or for a wake-up without a key
 * polls the file again and completes it if something is ready (Linux
 * aio_poll_wake, aio_poll_complete_work); io_cancel, io_destroy and
 * the mm's end cancel pending polls, which then complete with what is ready
 * (usually 0). IOCB_FLAG_RESFD adds 1 to an eventfd per completion.
 *
 * Locks, in order:
 *   ctx->ring_mutex   readers of the ring (io_getevents), across the copy
 *                     to user memory (Linux ring_lock)
 *   mm->lock          mremap's hook (aio_ring_remap) runs under it
 *   aio_table_lock    every mm's table (mm->aio), aio-nr, a context's
 *                     user_id (mremap moves it)
 *   a file's wait_queue.lock (aio_poll_wake runs under it; it only queues
 *                     the work)
 *   ctx->lock         the context's pending polls, tail, in-flight count,
 *                     dead flag, and the ring's tail (Linux ctx_lock and
 *                     completion_lock)
 * A request holds a reference to its context and its files; the table
 * holds one to each context, a context one to its ring file, and each
 * mapping of the ring one to the file.
 */
#include <syscall.h>

#include <aio.h>
#include <fs.h>
#include <kmalloc.h>
#include <mm.h>
#include <mutex.h>
#include <page.h>
#include <poll.h>
#include <signal.h>
#include <smp.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/aio_abi.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/stat.h>
#include <wait.h>
#include <workqueue.h>

#define AIO_EVENTS_PER_PAGE (PAGE_SIZE / sizeof(struct io_event_user))
#define AIO_EVENTS_FIRST_PAGE ((PAGE_SIZE - sizeof(struct aio_ring_user)) / sizeof(struct io_event_user))
#define AIO_EVENTS_OFFSET (AIO_EVENTS_PER_PAGE - AIO_EVENTS_FIRST_PAGE)
#define AIO_DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* The ring file's private data: the pages, freed with the file. */
struct aio_ring_pages {
	size_t nr;
	void *pages[]; /* kernel addresses, each holding one page reference */
};

struct aio_ctx {
	int refcount;		/* atomic: the table, each request, each lookup */
	struct mm *mm;		/* the owner (no reference: its end kills the context) */
	unsigned id;		/* index in the owner's table */
	u64 user_id;		/* the ring's address: the context id [aio_table_lock; mremap moves it] */
	unsigned max_reqs;	/* io_setup's nr_events, counted in aio-nr */
	unsigned nr_events;	/* the ring's size in events */
	size_t mmap_size;	/* bytes mapped */
	struct file *ring;	/* holds a reference; private: struct aio_ring_pages */
	struct spinlock lock;	/* see the lock order above */
	struct list_head polls; /* struct aio_req.node: cancellable polls [lock] */
	unsigned tail;		/* next event slot [lock] */
	unsigned in_flight;	/* requests taken and not completed [lock] */
	bool dead;		/* io_destroy or the mm's end [lock] */
	struct mutex ring_mutex;
	struct wait_queue wait; /* io_getevents sleepers, io_destroy waiting for in_flight */
};

struct aio_table {
	unsigned nr;
	struct aio_ctx *table[]; /* NULL: a free slot */
};

struct aio_req {
	int refcount;	     /* atomic: the submitter, the pending completion, a queued work */
	struct aio_ctx *ctx; /* holds a reference */
	struct io_event_user ev;
	struct file *file;    /* holds a reference */
	struct file *eventfd; /* IOCB_FLAG_RESFD: holds a reference, or NULL */
	/* POLL */
	struct list_head node;	 /* on ctx->polls while cancellable [ctx->lock] */
	struct wait_queue *head; /* the file's queue the entry is on, or NULL */
	struct wait_entry wait;
	struct poll_table pt;
	int pt_error; /* a second queue: -EINVAL (Linux aio_poll_queue_proc) */
	u64 events;
	/* the key of the first wake-up naming one of events: Linux completes
	 * the poll with it, not with the events asked (aio_poll_wake) [atomic] */
	u64 woken_mask;
	bool cancelled; /* [ctx->lock] */
	bool done;	/* completed [ctx->lock] */
	struct work work;
};

static struct spinlock aio_table_lock = SPINLOCK_INIT("aio_table");
static u64 aio_nr;		 /* [aio_table_lock] */
static u64 aio_max_nr = 0x10000; /* [atomic] */

static const struct mm_aio_ops aio_mm_ops;

u64 aio_nr_get(void)
{
	unsigned long irq = spin_lock_irqsave(&aio_table_lock);
	u64 nr = aio_nr;
	spin_unlock_irqrestore(&aio_table_lock, irq);
	return nr;
}

u64 aio_max_nr_get(void)
{
	return __atomic_load_n(&aio_max_nr, __ATOMIC_RELAXED);
}

void aio_max_nr_set(u64 max)
{
	__atomic_store_n(&aio_max_nr, max, __ATOMIC_RELAXED);
}

/* ---- the ring file ----------------------------------------------------------------------- */

static void aio_ring_release(struct file *f)
{
	struct aio_ring_pages *rp = f->private;
	for (size_t i = 0; i < rp->nr; i++)
		page_put(virt_to_phys(rp->pages[i]));
	kfree(rp);
}

static int aio_ring_fault(struct vma *v, u64 pgoff, bool alloc, paddr_t *pa)
{
	(void)alloc;
	struct aio_ring_pages *rp = v->file->private;
	if (pgoff >= rp->nr)
		return -EIO;
	*pa = virt_to_phys(rp->pages[pgoff]);
	page_get(*pa);
	return 0;
}

static int aio_ring_remap(struct vma *v, vaddr_t new_start);

static const struct vm_ops aio_ring_vm_ops = {
	.fault = aio_ring_fault,
	.open = file_vma_open,
	.close = file_vma_close,
	.mremap = aio_ring_remap,
	.dontexpand = true,
};

static int aio_ring_mmap(struct file *f, struct vma *v)
{
	int err = file_vma_attach(f, v);
	if (!err)
		v->ops = &aio_ring_vm_ops;
	return err;
}

static const struct file_ops aio_ring_ops = {
	.release = aio_ring_release,
	.mmap = aio_ring_mmap,
};

static struct aio_ring_user *ring_header(struct aio_ctx *ctx)
{
	return ((struct aio_ring_pages *)ctx->ring->private)->pages[0];
}

static struct io_event_user *ring_event(struct aio_ctx *ctx, unsigned slot)
{
	unsigned pos = slot + AIO_EVENTS_OFFSET;
	struct io_event_user *page = ((struct aio_ring_pages *)ctx->ring->private)->pages[pos / AIO_EVENTS_PER_PAGE];
	return page + pos % AIO_EVENTS_PER_PAGE;
}

/* aio_setup_ring: the pages and the file holding them, the header written. */
static int ring_create(struct aio_ctx *ctx, unsigned nr_events)
{
	size_t size = sizeof(struct aio_ring_user) + sizeof(struct io_event_user) * ((u64)nr_events + 2);
	size_t nr_pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	struct aio_ring_pages *rp = kzalloc(sizeof(*rp) + nr_pages * sizeof(void *));
	if (!rp)
		return -ENOMEM;
	for (; rp->nr < nr_pages; rp->nr++) {
		rp->pages[rp->nr] = page_alloc(PAGE_ZERO);
		if (!rp->pages[rp->nr])
			break;
	}
	struct file *f = rp->nr == nr_pages ? file_alloc(&aio_ring_ops, rp, 0600) : NULL;
	if (!f) {
		aio_ring_release(&(struct file){.private = rp});
		return -ENOMEM;
	}
	f->flags = O_RDWR;
	ctx->ring = f;
	if (anon_file_set_name(f, "[aio]"))
		return -ENOMEM;
	ctx->mmap_size = nr_pages * PAGE_SIZE;
	ctx->nr_events = (unsigned)((ctx->mmap_size - sizeof(struct aio_ring_user)) / sizeof(struct io_event_user));
	struct aio_ring_user *ring = ring_header(ctx);
	ring->nr = ctx->nr_events;
	ring->magic = AIO_RING_MAGIC;
	ring->compat_features = AIO_RING_COMPAT_FEATURES;
	ring->incompat_features = AIO_RING_INCOMPAT_FEATURES;
	ring->header_length = sizeof(struct aio_ring_user);
	return 0;
}

/* ---- contexts ---------------------------------------------------------------------------- */

static void ctx_get(struct aio_ctx *ctx)
{
	__atomic_add_fetch(&ctx->refcount, 1, __ATOMIC_RELAXED);
}

static void ctx_put(struct aio_ctx *ctx)
{
	if (__atomic_sub_fetch(&ctx->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (ctx->ring)
		file_put(ctx->ring);
	kfree(ctx);
}

/* lookup_ioctx: the caller's context at address ctx_id, with a reference, or NULL. */
static struct aio_ctx *ctx_lookup(u64 ctx_id)
{
	u32 id;
	if (get_user_u32(&id, uaddr_from(ctx_id)))
		return NULL;
	struct mm *mm = current()->mm;
	struct aio_ctx *ctx = NULL;
	unsigned long irq = spin_lock_irqsave(&aio_table_lock);
	struct aio_table *t = mm->aio;
	if (t && id < t->nr && t->table[id] && t->table[id]->user_id == ctx_id) {
		ctx = t->table[id];
		ctx_get(ctx);
	}
	spin_unlock_irqrestore(&aio_table_lock, irq);
	return ctx;
}

static void poll_cancel_locked(struct aio_req *req);

/* kill_ioctx's first half: dead from now on, its pending polls cancelled,
 * its waiters woken; -EINVAL if it already was. Does not sleep. */
static int ctx_kill(struct aio_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	if (ctx->dead) {
		spin_unlock_irqrestore(&ctx->lock, irq);
		return -EINVAL;
	}
	ctx->dead = true;
	while (!list_empty(&ctx->polls))
		poll_cancel_locked(list_first_entry(&ctx->polls, struct aio_req, node));
	spin_unlock_irqrestore(&ctx->lock, irq);
	wake_up_all(&ctx->wait);
	return 0;
}

/* The context leaves its mm's table and aio-nr; the table's reference is the caller's to drop. */
static void ctx_unlink(struct aio_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&aio_table_lock);
	struct aio_table *t = ctx->mm->aio;
	if (t && ctx->id < t->nr && t->table[ctx->id] == ctx)
		t->table[ctx->id] = NULL;
	aio_nr -= ctx->max_reqs;
	spin_unlock_irqrestore(&aio_table_lock, irq);
}

/* exit_aio: every context of the dying mm is killed (its requests finish
 * on their own; nothing is unmapped: the mm is going). */
static void aio_mm_exit(struct mm *mm)
{
	unsigned long irq = spin_lock_irqsave(&aio_table_lock);
	struct aio_table *t = mm->aio;
	mm->aio = NULL;
	for (unsigned i = 0; t && i < t->nr; i++)
		if (t->table[i])
			aio_nr -= t->table[i]->max_reqs;
	spin_unlock_irqrestore(&aio_table_lock, irq);
	for (unsigned i = 0; t && i < t->nr; i++) {
		if (t->table[i]) {
			ctx_kill(t->table[i]);
			ctx_put(t->table[i]);
		}
	}
	kfree(t);
}

static const struct mm_aio_ops aio_mm_ops = {.exit = aio_mm_exit};

/* aio_ring_mremap [mm->lock]: the live context of the caller's mm whose
 * ring this is now lives at new_start; -EINVAL (the move is refused) for a
 * ring without one (killed, or a forked child's copy). */
static int aio_ring_remap(struct vma *v, vaddr_t new_start)
{
	int err = -EINVAL;
	unsigned long irq = spin_lock_irqsave(&aio_table_lock);
	struct aio_table *t = current()->mm->aio;
	for (unsigned i = 0; t && i < t->nr; i++) {
		struct aio_ctx *ctx = t->table[i];
		if (ctx && ctx->ring == v->file) {
			if (!__atomic_load_n(&ctx->dead, __ATOMIC_RELAXED)) {
				ctx->user_id = new_start;
				err = 0;
			}
			break;
		}
	}
	spin_unlock_irqrestore(&aio_table_lock, irq);
	return err;
}

/* ioctx_add_table and the aio-nr check: the first free slot of the mm's
 * table (grown 4 times over when full); -EAGAIN past aio-max-nr. */
static int ctx_link(struct aio_ctx *ctx)
{
	struct mm *mm = ctx->mm;
	struct aio_table *grown = NULL;
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&aio_table_lock);
		if (aio_nr + ctx->max_reqs > aio_max_nr_get() || aio_nr + ctx->max_reqs < aio_nr) {
			spin_unlock_irqrestore(&aio_table_lock, irq);
			kfree(grown);
			return -EAGAIN;
		}
		struct aio_table *t = mm->aio;
		if (grown && (!t || grown->nr > t->nr)) {
			if (t)
				memcpy(grown->table, t->table, t->nr * sizeof(t->table[0]));
			mm->aio = grown;
			mm->aio_ops = &aio_mm_ops;
			kfree(t);
			t = grown;
			grown = NULL;
		}
		for (unsigned i = 0; t && i < t->nr; i++) {
			if (!t->table[i]) {
				t->table[i] = ctx;
				ctx->id = i;
				aio_nr += ctx->max_reqs;
				ring_header(ctx)->id = i;
				spin_unlock_irqrestore(&aio_table_lock, irq);
				kfree(grown);
				return 0;
			}
		}
		unsigned nr = (t ? t->nr : 1) * 4;
		spin_unlock_irqrestore(&aio_table_lock, irq);
		kfree(grown);
		grown = kzalloc(sizeof(*grown) + nr * sizeof(grown->table[0]));
		if (!grown)
			return -ENOMEM;
		grown->nr = nr;
	}
}

/* ioctx_alloc: the context, its ring mapped into the caller's mm, in the table. */
static long ctx_create(unsigned nr_events, struct aio_ctx **out)
{
	unsigned max_reqs = nr_events;
	unsigned nr_cpus = (unsigned)smp_online_count();
	nr_events = MAX(nr_events, nr_cpus * 4) * 2;
	if (nr_events > 0x10000000u / sizeof(struct io_event_user))
		return -EINVAL;
	if (!nr_events || max_reqs > aio_max_nr_get())
		return -EAGAIN;
	struct aio_ctx *ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1; /* the table's, or the caller's until it is in it */
	ctx->mm = current()->mm;
	ctx->max_reqs = max_reqs;
	spin_lock_init(&ctx->lock, "aio_ctx");
	list_init(&ctx->polls);
	mutex_init(&ctx->ring_mutex, "aio_ring");
	wait_queue_init(&ctx->wait, "aio_ctx");
	long err = ring_create(ctx, nr_events);
	if (err)
		goto fail;
	struct mm *mm = ctx->mm;
	mutex_lock(&mm->map_mutex);
	vaddr_t start = vm_find_free(mm, ctx->mmap_size, 0);
	err = start ? vm_map_file(mm, start, ctx->mmap_size, UPROT_READ | UPROT_WRITE, VMA_SHARED, ctx->ring,
				  aio_ring_mmap, 0, ~0UL)
		    : -ENOMEM;
	mutex_unlock(&mm->map_mutex);
	if (err)
		goto fail;
	ctx->user_id = start;
	err = ctx_link(ctx);
	if (err) {
		vm_unmap(mm, start, ctx->mmap_size);
		goto fail;
	}
	ctx_get(ctx); /* the caller's */
	*out = ctx;
	return 0;
fail:
	ctx_put(ctx);
	return err;
}

/* kill_ioctx from the caller's mm (the caller holds a reference): killed,
 * out of the table and aio-nr, its ring unmapped; -EINVAL if it was dead. */
static int ctx_destroy(struct aio_ctx *ctx)
{
	int err = ctx_kill(ctx);
	if (err)
		return err;
	ctx_unlink(ctx);
	ctx_put(ctx); /* the table's */
	vm_unmap(current()->mm, ctx->user_id, ctx->mmap_size);
	return 0;
}

SYSCALL_DEFINE2(io_setup, unsigned, nr_events, uaddr_t, uctxp)
{
	u64 old;
	if (get_user_u64(&old, uctxp))
		return -EFAULT;
	if (old || nr_events == 0)
		return -EINVAL;
	struct aio_ctx *ctx;
	long err = ctx_create(nr_events, &ctx);
	if (err)
		return err;
	if (put_user_u64(uctxp, ctx->user_id)) {
		err = -EFAULT;
		(void)ctx_destroy(ctx);
	}
	ctx_put(ctx);
	return err;
}

SYSCALL_DEFINE1(io_destroy, u64, ctx_id)
{
	struct aio_ctx *ctx = ctx_lookup(ctx_id);
	if (!ctx)
		return -EINVAL;
	long err = ctx_destroy(ctx);
	if (!err) /* the requests still running finish before io_destroy returns (Linux waits, unkillably) */
		wait_event(&ctx->wait, __atomic_load_n(&ctx->in_flight, __ATOMIC_ACQUIRE) == 0);
	ctx_put(ctx);
	return err;
}

/* ---- completion -------------------------------------------------------------------------- */

static void req_put(struct aio_req *req)
{
	if (__atomic_sub_fetch(&req->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (req->file)
		file_put(req->file);
	if (req->eventfd)
		file_put(req->eventfd);
	ctx_put(req->ctx);
	kfree(req);
}

/* aio_complete: the event into the ring at tail, then the eventfd and the
 * waiters; drops the pending completion's reference. */
static void req_complete(struct aio_req *req, s64 res)
{
	struct aio_ctx *ctx = req->ctx;
	req->ev.res = res;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	*ring_event(ctx, ctx->tail) = req->ev;
	if (++ctx->tail >= ctx->nr_events)
		ctx->tail = 0;
	arch_smp_wmb(); /* the event before the tail that shows it */
	__atomic_store_n(&ring_header(ctx)->tail, ctx->tail, __ATOMIC_RELEASE);
	__atomic_store_n(&ctx->in_flight, ctx->in_flight - 1, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (req->eventfd)
		eventfd_signal(req->eventfd, 1);
	wake_up_all(&ctx->wait);
	req_put(req);
}

/* ---- POLL -------------------------------------------------------------------------------- */

static short file_poll_mask(struct file *f, struct poll_table *pt)
{
	return f->ops->poll ? f->ops->poll(f, pt) : AIO_DEFAULT_POLLMASK;
}

/* Ends a poll once (the first of the work, the submitter, a cancel): off
 * the file's queue and the cancellable list, its event written. */
static void poll_finish(struct aio_req *req, short mask)
{
	struct aio_ctx *ctx = req->ctx;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	bool first = !req->done;
	req->done = true;
	if (first && req->node.next)
		list_del(&req->node);
	spin_unlock_irqrestore(&ctx->lock, irq);
	if (!first)
		return;
	if (req->head)
		remove_wait_queue(req->head, &req->wait);
	req_complete(req, (u16)mask);
}

/* aio_poll_complete_work: poll again; complete if ready or cancelled. */
static void poll_work(struct work *w)
{
	struct aio_req *req = container_of(w, struct aio_req, work);
	short mask = (short)__atomic_load_n(&req->woken_mask, __ATOMIC_ACQUIRE);
	if (!mask)
		mask = file_poll_mask(req->file, NULL) & (short)req->events;
	unsigned long irq = spin_lock_irqsave(&req->ctx->lock);
	bool finish = !req->done && (mask || req->cancelled);
	spin_unlock_irqrestore(&req->ctx->lock, irq);
	if (finish)
		poll_finish(req, mask);
	req_put(req); /* the work's */
}

static void poll_queue_work(struct aio_req *req)
{
	__atomic_add_fetch(&req->refcount, 1, __ATOMIC_RELAXED);
	if (!work_queue(&req->work))
		__atomic_sub_fetch(&req->refcount, 1, __ATOMIC_RELAXED); /* already queued: never the last */
}

/* aio_poll_cancel [ctx->lock]: off the cancellable list, the work completes it. */
static void poll_cancel_locked(struct aio_req *req)
{
	req->cancelled = true;
	list_del(&req->node);
	poll_queue_work(req);
}

/* aio_poll_wake [the file's queue lock]: only the work does the rest. */
static int poll_wake(struct wait_entry *e, unsigned mode, int flags, u64 key)
{
	(void)mode;
	(void)flags;
	struct aio_req *req = container_of(e, struct aio_req, wait);
	if (key && !(key & req->events))
		return 0;
	u64 none = 0;
	if (key)
		__atomic_compare_exchange_n(&req->woken_mask, &none, key, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
	poll_queue_work(req);
	return 1;
}

/* aio_poll_queue_proc: one queue only. */
static void poll_queue(struct poll_table *pt, struct wait_queue *wq)
{
	struct aio_req *req = container_of(pt, struct aio_req, pt);
	if (req->head) {
		req->pt_error = -EINVAL;
		return;
	}
	req->head = wq;
	add_wait_queue(wq, &req->wait);
}

static long aio_poll(struct aio_req *req, const struct iocb_user *cb)
{
	if ((u16)cb->aio_buf != cb->aio_buf)
		return -EINVAL;
	if (cb->aio_offset || cb->aio_nbytes || cb->aio_rw_flags)
		return -EINVAL;
	struct aio_ctx *ctx = req->ctx;
	req->events = (u16)cb->aio_buf | POLLERR | POLLHUP;
	work_init(&req->work, poll_work);
	req->wait = (struct wait_entry){.func = poll_wake};
	req->pt = (struct poll_table){.qproc = poll_queue, .key = req->events};
	req->pt_error = 0;
	/* cancellable from now: a cancel before the poll below completes it
	 * through the work; on a context killed since the slot was taken it
	 * is cancelled at once (it would never be) */
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	if (ctx->dead)
		req->cancelled = true;
	else
		list_add_tail(&req->node, &ctx->polls);
	spin_unlock_irqrestore(&ctx->lock, irq);
	short mask = file_poll_mask(req->file, &req->pt) & (short)req->events;
	/* ready now: complete at once (the mask wins over an error); no queue
	 * (no support for POLL) or more than one: EINVAL; else it waits */
	long err = mask ? 0 : !req->head ? -EINVAL : req->pt_error;
	irq = spin_lock_irqsave(&ctx->lock);
	bool done = req->done; /* a cancel's work completed it meanwhile */
	bool finish = !done && (mask || err || req->cancelled);
	if (finish) {
		req->done = true;
		if (req->node.next)
			list_del(&req->node);
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	/* off the queue unless it waits there: the work that completed it may
	 * have looked before poll_queue put it on */
	if ((done || finish) && req->head)
		remove_wait_queue(req->head, &req->wait);
	if (done)
		return 0;
	if (finish && !err)
		req_complete(req, (u16)mask);
	return err; /* 0: the wake-up's work, or a cancel, completes it */
}

/* ---- reads, writes, fsync ---------------------------------------------------------------- */

/* aio_read/aio_write: their checks in Linux's order, then the I/O, whose
 * result is the event's. */
static long aio_rw(struct aio_req *req, const struct iocb_user *cb, bool write, bool vectored)
{
	struct file *f = req->file;
	if (cb->aio_flags & IOCB_FLAG_IOPRIO) {
		long err = ioprio_check(cb->aio_reqprio); /* recorded nowhere: no block I/O to order */
		if (err)
			return err;
	}
	if (cb->aio_rw_flags & ~RWF_SUPPORTED)
		return -EOPNOTSUPP;
	if (cb->aio_rw_flags & RWF_NOWAIT)
		return -EOPNOTSUPP; /* no file here has FMODE_NOWAIT */
	long err = rw_allowed(f, write, false);
	if (!err && !write && f->ops->no_read_iter)
		err = -EINVAL;
	if (err)
		return err;
	struct iovec_user one = {.iov_base = cb->aio_buf, .iov_len = cb->aio_nbytes};
	struct iovec_user *iov = &one;
	u64 nr = 1;
	if (vectored) {
		if (cb->aio_nbytes > UIO_MAXIOV)
			return -EINVAL;
		nr = cb->aio_nbytes;
		err = import_iovec(uaddr_from(cb->aio_buf), nr, &iov);
	} else {
		one.iov_len = MIN(one.iov_len, (u64)MAX_RW_COUNT);
		err = access_ok(uaddr_from(cb->aio_buf), cb->aio_nbytes) ? (long)one.iov_len : -EFAULT;
	}
	if (err < 0)
		return err;
	/* rw_verify_area */
	if (cb->aio_offset < 0 || (s64)((u64)cb->aio_offset + (u64)err) < 0) {
		if (iov != &one)
			kfree(iov);
		return -EINVAL;
	}
	u64 at = (u64)cb->aio_offset;
	bool append = write && (cb->aio_rw_flags & RWF_APPEND) && (f->inode->mode & S_IFMT) == S_IFREG;
	if (append)
		at = f->inode->size; /* IOCB_APPEND */
	long res = rw_iovec(f, iov, nr, write, &at);
	if (iov != &one)
		kfree(iov);
	if (res == -ERESTARTSYS || res == -ERESTARTNOHAND || res == -ERESTARTNOINTR)
		res = -EINTR; /* aio_rw_done: other requests may have run, no restart */
	req_complete(req, res);
	return 0;
}

static long aio_fsync(struct aio_req *req, const struct iocb_user *cb)
{
	if (cb->aio_buf || cb->aio_offset || cb->aio_nbytes || cb->aio_rw_flags)
		return -EINVAL;
	if (!req->file->ops->fsync)
		return -EINVAL;
	req_complete(req, req->file->ops->fsync(req->file));
	return 0;
}

/* ---- io_submit --------------------------------------------------------------------------- */

/* A slot for one more request (Linux get_reqs_available): those in flight
 * and the events not yet reaped stay under nr - 1. */
static bool ctx_take_slot(struct aio_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	unsigned head = __atomic_load_n(&ring_header(ctx)->head, __ATOMIC_ACQUIRE) % ctx->nr_events;
	unsigned unreaped = (ctx->tail + ctx->nr_events - head) % ctx->nr_events;
	bool ok = !ctx->dead && ctx->in_flight + unreaped < ctx->nr_events - 1;
	if (ok)
		ctx->in_flight++;
	spin_unlock_irqrestore(&ctx->lock, irq);
	return ok;
}

static void ctx_return_slot(struct aio_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	ctx->in_flight--;
	spin_unlock_irqrestore(&ctx->lock, irq);
	wake_up_all(&ctx->wait);
}

/* __io_submit_one after the slot: the files, the key, then the command. */
static long submit_cmd(struct aio_req *req, const struct iocb_user *cb, uaddr_t ucb)
{
	req->file = fd_get_file((int)cb->aio_fildes);
	if (!req->file)
		return -EBADF;
	if (cb->aio_flags & IOCB_FLAG_RESFD) {
		int err;
		req->eventfd = eventfd_fget((int)cb->aio_resfd, &err);
		if (!req->eventfd)
			return err;
	}
	if (put_user_u32(uaddr_add(ucb, offsetof(struct iocb_user, aio_key)), 0))
		return -EFAULT;
	req->ev.obj = uaddr_raw(ucb);
	req->ev.data = cb->aio_data;
	switch (cb->aio_lio_opcode) {
	case IOCB_CMD_PREAD: return aio_rw(req, cb, false, false);
	case IOCB_CMD_PWRITE: return aio_rw(req, cb, true, false);
	case IOCB_CMD_PREADV: return aio_rw(req, cb, false, true);
	case IOCB_CMD_PWRITEV: return aio_rw(req, cb, true, true);
	case IOCB_CMD_FSYNC:
	case IOCB_CMD_FDSYNC: return aio_fsync(req, cb);
	case IOCB_CMD_POLL: return aio_poll(req, cb);
	default: return -EINVAL; /* NOOP too */
	}
}

/* io_submit_one: 0 once the request is done or under way, else its error. */
static long submit_one(struct aio_ctx *ctx, uaddr_t ucb)
{
	struct iocb_user cb;
	if (copy_from_user(&cb, ucb, sizeof(cb)))
		return -EFAULT;
	if (cb.aio_reserved2)
		return -EINVAL;
	if ((s64)cb.aio_nbytes < 0)
		return -EINVAL;
	if (!ctx_take_slot(ctx))
		return -EAGAIN;
	struct aio_req *req = kzalloc(sizeof(*req));
	if (!req) {
		ctx_return_slot(ctx);
		return -EAGAIN; /* aio_get_req */
	}
	req->refcount = 2; /* the submitter's and the pending completion's */
	req->ctx = ctx;
	ctx_get(ctx);
	long err = submit_cmd(req, &cb, ucb);
	if (err) {
		ctx_return_slot(ctx);
		req_put(req); /* the completion that will not come */
	}
	req_put(req);
	return err;
}

SYSCALL_DEFINE3(io_submit, u64, ctx_id, long, nr, uaddr_t, uiocbpp)
{
	if (nr < 0)
		return -EINVAL;
	struct aio_ctx *ctx = ctx_lookup(ctx_id);
	if (!ctx)
		return -EINVAL;
	if (nr > ctx->nr_events)
		nr = ctx->nr_events;
	long i, err = 0;
	for (i = 0; i < nr; i++) {
		u64 ucb;
		if (get_user_u64(&ucb, uaddr_add(uiocbpp, (u64)i * 8))) {
			err = -EFAULT;
			break;
		}
		err = submit_one(ctx, uaddr_from(ucb));
		if (err)
			break;
	}
	ctx_put(ctx);
	return i ? i : err;
}

/* ---- io_cancel --------------------------------------------------------------------------- */

SYSCALL_DEFINE3(io_cancel, u64, ctx_id, uaddr_t, ucb, uaddr_t, uresult)
{
	(void)uresult; /* no longer used: the event always comes through the ring */
	u32 key;
	if (get_user_u32(&key, uaddr_add(ucb, offsetof(struct iocb_user, aio_key))))
		return -EFAULT;
	if (key != 0)
		return -EINVAL;
	struct aio_ctx *ctx = ctx_lookup(ctx_id);
	if (!ctx)
		return -EINVAL;
	long ret = -EINVAL;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	struct aio_req *req;
	list_for_each_entry(req, &ctx->polls, node) {
		if (req->ev.obj == uaddr_raw(ucb)) {
			poll_cancel_locked(req);
			ret = -EINPROGRESS;
			break;
		}
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	ctx_put(ctx);
	return ret;
}

/* ---- io_getevents ------------------------------------------------------------------------ */

/* aio_read_events_ring: up to nr events from head to the caller, head
 * moved past them; how many, or -EFAULT. */
static long ring_read(struct aio_ctx *ctx, uaddr_t uevents, long nr)
{
	long ret = 0;
	mutex_lock(&ctx->ring_mutex);
	struct aio_ring_user *ring = ring_header(ctx);
	unsigned head = __atomic_load_n(&ring->head, __ATOMIC_RELAXED);
	unsigned tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
	if (head == tail)
		goto out;
	head %= ctx->nr_events;
	tail %= ctx->nr_events;
	while (ret < nr && head != tail) {
		unsigned pos = head + AIO_EVENTS_OFFSET;
		long avail = (long)((head <= tail ? tail : ctx->nr_events) - head);
		avail = MIN(avail, nr - ret);
		avail = MIN(avail, (long)(AIO_EVENTS_PER_PAGE - pos % AIO_EVENTS_PER_PAGE));
		if (copy_to_user(uaddr_add(uevents, (u64)ret * sizeof(struct io_event_user)), ring_event(ctx, head),
				 (size_t)avail * sizeof(struct io_event_user))) {
			ret = -EFAULT;
			goto out;
		}
		ret += avail;
		head = (head + (unsigned)avail) % ctx->nr_events;
	}
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
out:
	mutex_unlock(&ctx->ring_mutex);
	return ret;
}

static bool ctx_has_events(struct aio_ctx *ctx)
{
	struct aio_ring_user *ring = ring_header(ctx);
	return __atomic_load_n(&ring->head, __ATOMIC_RELAXED) != __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&ctx->dead, __ATOMIC_RELAXED);
}

/* read_events: until min_nr events came, the deadline (0: look once), a
 * signal or io_destroy; the events read, or the first error if none. */
static long read_events(struct aio_ctx *ctx, long min_nr, long nr, uaddr_t uevents, u64 deadline)
{
	long got = 0;
	for (;;) {
		long ret = ring_read(ctx, uaddr_add(uevents, (u64)got * sizeof(struct io_event_user)), nr - got);
		if (ret > 0)
			got += ret;
		if (__atomic_load_n(&ctx->dead, __ATOMIC_RELAXED))
			ret = -EINVAL;
		if (!got)
			got = ret;
		if (ret < 0 || got >= min_nr || deadline == 0)
			return got;
		if (wait_event_interruptible_timeout(&ctx->wait, ctx_has_events(ctx), deadline))
			return got;
	}
}

/* A timeout as Linux reads it (get_timespec64, no range check): a deadline. */
static int aio_deadline(uaddr_t uts, u64 *deadline)
{
	*deadline = ~0UL;
	if (uaddr_is_null(uts))
		return 0;
	struct timespec_user ts;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	s64 ns;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || __builtin_mul_overflow(ts.tv_sec, 1000000000LL, &ns) ||
	    __builtin_add_overflow(ns, ts.tv_nsec, &ns))
		ns = ts.tv_sec < 0 ? 0 : (s64)(~0ULL >> 1); /* Linux: past, or KTIME_MAX */
	*deadline = ns == 0 ? 0 : time_deadline_after((u64)ns);
	return 0;
}

static long do_io_getevents(u64 ctx_id, long min_nr, long nr, uaddr_t uevents, u64 deadline)
{
	struct aio_ctx *ctx = ctx_lookup(ctx_id);
	if (!ctx)
		return -EINVAL;
	long ret = -EINVAL;
	if (min_nr <= nr && min_nr >= 0)
		ret = read_events(ctx, min_nr, nr, uevents, deadline);
	ctx_put(ctx);
	return ret;
}

SYSCALL_DEFINE5(io_getevents, u64, ctx_id, long, min_nr, long, nr, uaddr_t, uevents, uaddr_t, utimeout)
{
	u64 deadline;
	if (aio_deadline(utimeout, &deadline))
		return -EFAULT;
	long ret = do_io_getevents(ctx_id, min_nr, nr, uevents, deadline);
	if (!ret && task_signal_pending(current()))
		ret = -EINTR;
	return ret;
}

SYSCALL_DEFINE6(io_pgetevents, u64, ctx_id, long, min_nr, long, nr, uaddr_t, uevents, uaddr_t, utimeout, uaddr_t, usig)
{
	u64 deadline;
	if (aio_deadline(utimeout, &deadline))
		return -EFAULT;
	struct aio_sigset_user ksig = {0, 0};
	if (!uaddr_is_null(usig) && copy_from_user(&ksig, usig, sizeof(ksig)))
		return -EFAULT;
	int err = signal_set_temporary_mask(uaddr_from(ksig.sigmask), ksig.sigsetsize);
	if (err)
		return err;
	long ret = do_io_getevents(ctx_id, min_nr, nr, uevents, deadline);
	bool interrupted = task_signal_pending(current());
	if (interrupted && !ret)
		ret = -ERESTARTNOHAND;
	signal_end_temporary_mask(ret == -ERESTARTNOHAND);
	return ret;
}
