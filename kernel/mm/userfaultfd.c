/*
 * userfaultfd.c — the memory half of userfaultfd(2) (Linux fs/userfaultfd.c
 * and mm/userfaultfd.c; man ioctl_userfaultfd(2)).
 *
 * A context belongs to one address space (ctx->mm, held with mm_get). Ranges
 * of it are registered: their VMAs get vma->uffd = ctx and a mode bit,
 * VMA_UFFD_MISSING (private anonymous memory: a page never touched) or
 * VMA_UFFD_MINOR (a tmpfs mapping: a page the file holds that this mapping
 * does not map yet). A fault there does not map anything: mm_handle_fault
 * calls uffd_handle_fault, which queues a struct uffd_fault on
 * ctx->pending, wakes the readers and sleeps on ctx->fault_wait. The
 * handler read()s the message (the fault moves to ctx->reading), fills the
 * page (UFFDIO_COPY, ZEROPAGE or CONTINUE, or anything else) and wakes the
 * range; the woken access is simply retried, and finds the page. A signal
 * ends the wait too: a user-mode fault returns to deliver it and faults
 * again; a fault inside a system call's user access fails with EFAULT, as
 * Linux's do_page_fault gives up on one (fault_signal_pending).
 *
 * The VMAs hold no reference: the last close of the descriptor
 * (uffd_ctx_release) clears every VMA of ctx->mm that names ctx before
 * it lets the held faults go, and a faulting task takes its own reference
 * under mm->lock, while the VMA still names ctx, before it drops the lock.
 * fork gives the child unregistered copies (no UFFD_FEATURE_EVENT_FORK).
 *
 * Not implemented (UFFDIO_API does not offer them, UFFDIO_REGISTER refuses
 * them with EINVAL, as a Linux built without them): write-protect mode, the
 * non-cooperative events (fork, remap, remove, unmap), MISSING mode on
 * tmpfs and hugetlbfs, UFFDIO_MOVE and UFFDIO_POISON.
 *
 * Locking: ctx->lock (a per-object spinlock, never held with mm->lock or
 * a wait-queue lock: the queues are woken after it is dropped) protects the
 * two fault lists, every fault's done flag and ctx->released; mm->lock
 * protects vma->uffd and the VMA_UFFD_* bits.
 */
#include <userfaultfd.h>

#include <kmalloc.h>
#include <list.h>
#include <mm.h>
#include <page.h>
#include <spinlock.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <wait.h>

#include "vm_internal.h"

struct uffd_ctx {
	int refcount;		      /* atomic: the descriptor, and each faulting task */
	struct mm *mm;		      /* the address space it serves; holds a reference */
	unsigned flags;		      /* UFFD_USER_MODE_ONLY, fixed at creation */
	u64 features;		      /* what UFFDIO_API enabled; written once, before api_done */
	bool api_claimed;	      /* a UFFDIO_API call got past its checks [atomic] */
	bool api_done;		      /* ... and set features [atomic] */
	struct spinlock lock;	      /* see the top of the file */
	struct list_head pending;     /* faults not read yet, oldest first [lock] */
	struct list_head reading;     /* faults read, not resolved yet [lock] */
	bool released;		      /* the descriptor is gone: faults are not held [lock] */
	struct wait_queue read_wait;  /* read() and poll: a fault arrived */
	struct wait_queue fault_wait; /* faulting tasks: their fault is done */
};

/* A fault being held: on the faulting task's stack while it waits. */
struct uffd_fault {
	struct list_head node; /* on ctx->pending or ctx->reading [ctx->lock] */
	struct uffd_msg msg;
	bool done; /* [ctx->lock; read atomically by the waiter] */
};

static int unprivileged_userfaultfd; /* vm.unprivileged_userfaultfd [atomic] */

int uffd_sysctl_get(void)
{
	return __atomic_load_n(&unprivileged_userfaultfd, __ATOMIC_RELAXED);
}

void uffd_sysctl_set(int value)
{
	__atomic_store_n(&unprivileged_userfaultfd, value, __ATOMIC_RELAXED);
}

struct uffd_ctx *uffd_ctx_create(struct mm *mm, unsigned flags)
{
	struct uffd_ctx *ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return NULL;
	ctx->refcount = 1;
	mm_get(mm);
	ctx->mm = mm;
	ctx->flags = flags;
	spin_lock_init(&ctx->lock, "uffd");
	list_init(&ctx->pending);
	list_init(&ctx->reading);
	wait_queue_init(&ctx->read_wait, "uffd_read");
	wait_queue_init(&ctx->fault_wait, "uffd_fault");
	return ctx;
}

static void uffd_ctx_get(struct uffd_ctx *ctx)
{
	__atomic_fetch_add(&ctx->refcount, 1, __ATOMIC_RELAXED);
}

void uffd_ctx_put(struct uffd_ctx *ctx)
{
	if (__atomic_sub_fetch(&ctx->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	mm_put(ctx->mm);
	kfree(ctx);
}

int uffd_api(struct uffd_ctx *ctx, u64 features)
{
	if (features & ~UFFD_SUPPORTED_FEATURES)
		return -EINVAL;
	bool expected = false;
	if (!__atomic_compare_exchange_n(&ctx->api_claimed, &expected, true, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return -EINVAL;	  /* a second UFFDIO_API (Linux: the context is initialized already) */
	ctx->features = features; /* read only once api_done is seen */
	__atomic_store_n(&ctx->api_done, true, __ATOMIC_RELEASE);
	return 0;
}

bool uffd_api_done(struct uffd_ctx *ctx)
{
	return __atomic_load_n(&ctx->api_done, __ATOMIC_ACQUIRE);
}

struct wait_queue *uffd_read_queue(struct uffd_ctx *ctx)
{
	return &ctx->read_wait;
}

bool uffd_has_pending(struct uffd_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	bool any = !list_empty(&ctx->pending);
	spin_unlock_irqrestore(&ctx->lock, irq);
	return any;
}

int uffd_take_msg(struct uffd_ctx *ctx, struct uffd_msg *msg)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	int err = -EAGAIN;
	if (!list_empty(&ctx->pending)) {
		struct uffd_fault *f = list_first_entry(&ctx->pending, struct uffd_fault, node);
		list_move_tail(&f->node, &ctx->reading);
		*msg = f->msg;
		err = 0;
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	return err;
}

/* Lets the faults of list in [start, start + len) go (len 0: all). ctx->lock held. */
static void release_faults(struct list_head *list, u64 start, u64 len)
{
	struct uffd_fault *f, *tmp;
	list_for_each_entry_safe(f, tmp, list, node) {
		u64 a = f->msg.arg.pagefault.address;
		if (len && (a < start || a - start >= len))
			continue;
		list_del(&f->node);
		__atomic_store_n(&f->done, true, __ATOMIC_RELEASE); /* f may be gone after this */
	}
}

void uffd_wake_range(struct uffd_ctx *ctx, u64 start, u64 len)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	release_faults(&ctx->pending, start, len);
	release_faults(&ctx->reading, start, len);
	spin_unlock_irqrestore(&ctx->lock, irq);
	wake_up_all(&ctx->fault_wait);
}

/* ---- the fault hook ------------------------------------------------------ */

bool uffd_must_report(struct vma *v, vaddr_t va)
{
	if (!v->uffd)
		return false;
	if (!v->ops) /* registered anonymous memory is always MISSING mode */
		return v->flags & VMA_UFFD_MISSING;
	if (!(v->flags & VMA_UFFD_MINOR))
		return false;
	/* MINOR: only a page the file already holds (shmem_get_folio_gfp's
	 * userfaultfd_minor); a hole is an ordinary fault */
	paddr_t pa = PA_NONE;
	u64 pgoff = (v->file_offset + (va - v->start)) / PAGE_SIZE;
	if (v->ops->fault(v, pgoff, false, &pa) || pa_is_none(pa))
		return false;
	page_put(pa);
	return true;
}

/* Queues f and sleeps until it is done: 0, or -ERESTARTSYS on a signal. */
static int hold_fault(struct uffd_ctx *ctx, struct uffd_fault *f)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	if (ctx->released) {
		spin_unlock_irqrestore(&ctx->lock, irq);
		return 0;
	}
	list_add_tail(&f->node, &ctx->pending);
	spin_unlock_irqrestore(&ctx->lock, irq);
	wake_up_all(&ctx->read_wait); /* key 0: pollers re-ask (no fs poll masks down here) */
	int err = wait_event_interruptible(&ctx->fault_wait, __atomic_load_n(&f->done, __ATOMIC_ACQUIRE));
	if (err) {
		irq = spin_lock_irqsave(&ctx->lock);
		if (!f->done)
			list_del(&f->node);
		spin_unlock_irqrestore(&ctx->lock, irq);
	}
	return err;
}

/* Linux handle_userfault: the message, then the wait (mm->lock dropped). */
int uffd_handle_fault(struct mm *mm, struct vma *v, vaddr_t addr, unsigned access, unsigned long irq)
{
	struct uffd_ctx *ctx = v->uffd;
	bool minor = v->ops != NULL;
	/* VM_FAULT_SIGBUS: UFFD_FEATURE_SIGBUS, a kernel access to a
	 * UFFD_USER_MODE_ONLY context; a fault that cannot sleep fails */
	int err = 0;
	if (ctx->features & UFFD_FEATURE_SIGBUS)
		err = -EIO;
	else if ((ctx->flags & UFFD_USER_MODE_ONLY) && !(access & FAULT_USER))
		err = -EIO;
	else if (!(access & FAULT_MAY_WAIT))
		err = -EFAULT;
	if (!err)
		uffd_ctx_get(ctx); /* v names ctx under mm->lock: it is alive */
	spin_unlock_irqrestore(&mm->lock, irq);
	if (err)
		return err;

	struct uffd_fault f = {.msg = {.event = UFFD_EVENT_PAGEFAULT}};
	f.msg.arg.pagefault.address = (ctx->features & UFFD_FEATURE_EXACT_ADDRESS) ? addr : ALIGN_DOWN(addr, PAGE_SIZE);
	if (access & FAULT_WRITE)
		f.msg.arg.pagefault.flags |= UFFD_PAGEFAULT_FLAG_WRITE;
	if (minor)
		f.msg.arg.pagefault.flags |= UFFD_PAGEFAULT_FLAG_MINOR;
	if (ctx->features & UFFD_FEATURE_THREAD_ID)
		f.msg.arg.pagefault.feat.ptid = (u32)current()->tid;
	err = hold_fault(ctx, &f);
	uffd_ctx_put(ctx);
	if (err && !(access & FAULT_USER))
		return -EFAULT; /* a system call's access: it fails (fault_signal_pending) */
	return 0;		/* retry the access (after the signal, if one came) */
}

/* ---- registration -------------------------------------------------------- */

/* Linux vma_can_userfault: MISSING on private anonymous memory, MINOR on tmpfs. */
static bool vma_can_userfault(const struct vma *v, unsigned mode_flags)
{
	if (v->flags & VMA_SPECIAL)
		return false;
	if (mode_flags & VMA_UFFD_MISSING)
		return !v->file && !(v->flags & VMA_SHARED);
	return v->ops && v->ops->shmem;
}

/* Checks every VMA of [start, end) for registration (Linux
 * userfaultfd_register's first walk). mm->lock held. */
static int check_range(struct uffd_ctx *ctx, vaddr_t start, vaddr_t end, unsigned mode_flags)
{
	ASSERT_HELD(&ctx->mm->lock);
	struct vma *v = vma_tree_first_ending_after(ctx->mm->vma_tree, start);
	if (!v)
		return -ENOMEM;
	if (v->start >= end)
		return -EINVAL;
	for (; &v->node != &ctx->mm->vmas && v->start < end; v = list_next_entry(v, node)) {
		if (mode_flags && !vma_can_userfault(v, mode_flags))
			return -EINVAL;
		if (!mode_flags && !vma_can_userfault(v, VMA_UFFD_MISSING) && !vma_can_userfault(v, VMA_UFFD_MINOR))
			return -EINVAL; /* unregister: a VMA that could never be registered */
		if (mode_flags && !vm_may_write(v))
			return -EPERM;
		if (mode_flags && v->uffd && v->uffd != ctx)
			return -EBUSY;
	}
	return 0;
}

struct set_uffd {
	struct uffd_ctx *ctx; /* NULL: unregister */
	struct uffd_ctx *owner;
	unsigned mode_flags;
};

static void set_vma_uffd(struct mm *mm, struct vma *v, void *arg)
{
	(void)mm;
	const struct set_uffd *s = arg;
	if (v->uffd && v->uffd != s->owner)
		return;
	v->uffd = s->ctx;
	v->flags = (v->flags & ~VMA_UFFD_MASK) | s->mode_flags;
}

int uffd_register(struct uffd_ctx *ctx, u64 start, u64 len, u64 mode, u64 *ioctls)
{
	if (!mode || (mode & ~(UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP | UFFDIO_REGISTER_MODE_MINOR)))
		return -EINVAL;
	if ((mode & UFFDIO_REGISTER_MODE_WP) || mode == (UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_MINOR))
		return -EINVAL; /* no write-protect mode; no VMA type takes both */
	unsigned mode_flags = (mode & UFFDIO_REGISTER_MODE_MISSING) ? VMA_UFFD_MISSING : VMA_UFFD_MINOR;
	struct mm *mm = ctx->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err = check_range(ctx, start, start + len, mode_flags);
	if (!err) {
		struct set_uffd s = {.ctx = ctx, .owner = ctx, .mode_flags = mode_flags};
		err = vm_for_each_vma_in_range(mm, start, start + len, false, set_vma_uffd, &s);
		vm_merge_range(mm, start, start + len);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	/* the ioctls the range takes: those we implement for its mode */
	*ioctls = (1ull << _UFFDIO_WAKE) |
		  (mode_flags == VMA_UFFD_MISSING ? (1ull << _UFFDIO_COPY) | (1ull << _UFFDIO_ZEROPAGE)
						  : (1ull << _UFFDIO_CONTINUE));
	return err;
}

int uffd_unregister(struct uffd_ctx *ctx, u64 start, u64 len)
{
	struct mm *mm = ctx->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err = check_range(ctx, start, start + len, 0);
	if (!err) {
		struct set_uffd s = {.ctx = NULL, .owner = ctx, .mode_flags = 0};
		err = vm_for_each_vma_in_range(mm, start, start + len, false, set_vma_uffd, &s);
		vm_merge_range(mm, start, start + len);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	if (!err)
		uffd_wake_range(ctx, start, len); /* the held faults retry as ordinary ones */
	return err;
}

void uffd_ctx_release(struct uffd_ctx *ctx)
{
	struct mm *mm = ctx->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node) {
		if (v->uffd == ctx) {
			v->uffd = NULL;
			v->flags &= ~VMA_UFFD_MASK;
		}
	}
	vm_merge_range(mm, 0, USER_VA_END);
	spin_unlock_irqrestore(&mm->lock, irq);
	/* no VMA names ctx now: let every held fault go, and hold no more */
	irq = spin_lock_irqsave(&ctx->lock);
	ctx->released = true;
	release_faults(&ctx->pending, 0, 0);
	release_faults(&ctx->reading, 0, 0);
	spin_unlock_irqrestore(&ctx->lock, irq);
	wake_up_all(&ctx->fault_wait);
	uffd_ctx_put(ctx);
}

/* ---- filling pages (Linux mfill_atomic) ------------------------------------ */

enum fill_kind { FILL_COPY, FILL_ZERO, FILL_CONTINUE };

/* The VMA a fill ioctl may fill va in (Linux find_dst_vma and its mode
 * checks), or NULL with *err set. mm->lock held. */
static struct vma *fill_vma(struct mm *mm, vaddr_t va, enum fill_kind kind, int *err)
{
	ASSERT_HELD(&mm->lock);
	struct vma *v = vm_find(mm, va);
	*err = -ENOENT;
	if (!v || !v->uffd)
		return NULL;
	*err = -EINVAL;
	if (kind == FILL_CONTINUE ? !(v->flags & VMA_UFFD_MINOR) : v->ops != NULL)
		return NULL; /* CONTINUE needs MINOR mode; copies only into anonymous memory */
	pte_t *pte = upt_lookup(&mm->arch, va);
	*err = -EEXIST;
	if (pte && pte_resident(*pte))
		return NULL;
	*err = 0;
	return v;
}

/* Fills the page at va; page: a new page holding the copy (FILL_COPY),
 * which becomes the mapping's on success. */
static int fill_page(struct uffd_ctx *ctx, vaddr_t va, enum fill_kind kind, void *page)
{
	struct mm *mm = ctx->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err;
	struct vma *v = fill_vma(mm, va, kind, &err);
	if (!v)
		goto out_unlock;
	if (kind == FILL_ZERO) {
		err = vm_map_zero_page(mm, v, va);
	} else if (kind == FILL_CONTINUE) {
		paddr_t pa = PA_NONE;
		u64 pgoff = (v->file_offset + (va - v->start)) / PAGE_SIZE;
		if (v->ops->fault(v, pgoff, false, &pa) || pa_is_none(pa))
			err = -EFAULT; /* not in the cache (mfill_atomic_pte_continue) */
		else
			err = vm_map_cache_frame(mm, v, va, pa);
	} else {
		if (v->prot & UPROT_EXEC)
			arch_sync_icache((vaddr_t)page, PAGE_SIZE);
		err = upt_map(&mm->arch, va, virt_to_phys(page), v->prot);
		if (!err)
			vma_set_anon(mm, v);
	}
out_unlock:
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

/* The loop of every fill ioctl: bytes filled, or the first error if none. */
static long fill_range(struct uffd_ctx *ctx, u64 dst, uaddr_t src, u64 len, enum fill_kind kind)
{
	u64 done = 0;
	int err = 0;
	while (done < len) {
		void *page = NULL;
		if (kind == FILL_COPY) {
			page = page_alloc(PAGE_USER);
			if (!page) {
				err = -ENOMEM;
				break;
			}
			if (copy_from_user(page, uaddr_add(src, done), PAGE_SIZE)) {
				page_free(page);
				err = -EFAULT;
				break;
			}
		}
		err = fill_page(ctx, dst + done, kind, page);
		if (err) {
			if (page)
				page_free(page);
			break;
		}
		done += PAGE_SIZE;
	}
	return done ? (long)done : err;
}

long uffd_copy(struct uffd_ctx *ctx, u64 dst, uaddr_t src, u64 len)
{
	return fill_range(ctx, dst, src, len, FILL_COPY);
}

long uffd_zeropage(struct uffd_ctx *ctx, u64 dst, u64 len)
{
	return fill_range(ctx, dst, UADDR_NULL, len, FILL_ZERO);
}

long uffd_continue(struct uffd_ctx *ctx, u64 dst, u64 len)
{
	return fill_range(ctx, dst, UADDR_NULL, len, FILL_CONTINUE);
}
