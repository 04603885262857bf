/*
 * vm.c — address spaces: VMAs, demand paging, and the map/unmap/protect
 * operations behind mmap, munmap, mprotect and brk.
 *
 * Invariants (kept by the operations below; nothing checks them at run
 * time): VMAs are page aligned, non-empty, sorted by start and never overlap.
 * A page-table entry exists only inside a VMA, with the VMA's protection
 * (minus write, for VMA_SPECIAL, and for copy-on-write pages); PROT_NONE
 * pages keep their frame in an entry the MMU sees as invalid (pgtable.h
 * pte_present). The page table is reached only through pgtable.h.
 */
#include <mm.h>
#include "vm_internal.h"

#include <arch.h>
#include <cred.h>
#include <kmalloc.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/mman.h>
#include <uapi/resource.h>

#define DEFAULT_MMAP_MIN_ADDR 0x10000UL /* vm.mmap_min_addr on Debian: 65536 */

/*
 * Every mm, oldest first, for truncation to find the mappings of a file
 * (there is no per-file reverse map, Linux's i_mmap). mm_list_lock is taken
 * before any mm->lock. A new mm goes at the tail before anything is mapped
 * in it, so a fork's child comes after its parent in a walk: a walk that
 * cleans the parent after the fork copied its page table still reaches the
 * child. A dying mm leaves the list before it is torn down.
 */
static struct spinlock mm_list_lock = SPINLOCK_INIT("mm_list");
static struct list_head mm_list = LIST_HEAD_INIT(mm_list); /* struct mm.all [mm_list_lock] */

/* Walks the VMAs in address order from first (NULL: none) to the last. */
#define vma_for_each_from(v, mm, first) for (v = (first); v && &v->node != &(mm)->vmas; v = list_next_entry(v, node))

/* The lowest VMA ending above addr (the first one a walk from addr meets). */
static struct vma *vma_first_after(struct mm *mm, vaddr_t addr)
{
	ASSERT_HELD(&mm->lock);
	return vma_tree_first_ending_after(mm->vma_tree, addr);
}

/* Puts v in the list before `before` (its place in address order) and in the tree. */
static void vma_link(struct mm *mm, struct vma *v, struct list_head *before)
{
	list_add_tail(&v->node, before);
	vma_tree_insert(&mm->vma_tree, v);
	mm->nr_vmas++;
}

/* Takes v out of the list and the tree (the caller frees it). */
static void vma_unlink(struct mm *mm, struct vma *v)
{
	list_del(&v->node);
	vma_tree_erase(&mm->vma_tree, v);
	mm->nr_vmas--;
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	if (upt_create(&mm->arch))
		goto out_free_mm;
	spin_lock_init(&mm->lock, "mm");
	mutex_init(&mm->map_mutex, "mm_map");
	wait_queue_init(&mm->fork_done, "mm_fork_done");
	wait_queue_init(&mm->cow_done, "mm_cow_done");
	list_init(&mm->vmas);
	mm->refcount = 1;
	static u64 next_mm_id = 1; /* [atomic] */
	mm->id = __atomic_fetch_add(&next_mm_id, 1, __ATOMIC_RELAXED);
	mm->dump_filter = MM_DUMP_FILTER_DEFAULT;
	unsigned long irq = spin_lock_irqsave(&mm_list_lock);
	list_add_tail(&mm->all, &mm_list);
	spin_unlock_irqrestore(&mm_list_lock, irq);
	return mm;

out_free_mm:
	kfree(mm);
	return NULL;
}

void mm_get(struct mm *mm)
{
	__atomic_fetch_add(&mm->refcount, 1, __ATOMIC_RELAXED);
}

/* A new copy of a VMA (split, move, fork) holds what the original holds
 * (its file: vm_ops open). */
static void vma_copy_file(struct vma *v)
{
	if (v->ops && v->ops->open)
		v->ops->open(v);
}

static void vma_free(struct vma *v)
{
	if (v->ops && v->ops->close)
		v->ops->close(v);
	kfree(v);
}

void mm_put(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (mm->aio_ops)
		mm->aio_ops->exit(mm);
	unsigned long irq = spin_lock_irqsave(&mm_list_lock);
	list_del(&mm->all);
	spin_unlock_irqrestore(&mm_list_lock, irq);
	struct vma *v, *tmp;
	list_for_each_entry_safe(v, tmp, &mm->vmas, node) {
		list_del(&v->node);
		vma_free(v);
	}
	upt_destroy(&mm->arch); /* the pages too: tables fork shared are let go whole */
	if (mm->exe_file)
		mm->exe_ops->put(mm->exe_file);
	kfree(mm);
}

void mm_activate(struct mm *mm)
{
	arch_switch_mm(&mm->arch);
}

struct vma *vm_find(struct mm *mm, vaddr_t addr)
{
	struct vma *v = vma_first_after(mm, addr);
	return v && v->start <= addr ? v : NULL;
}

/* Split v at addr (inside it): v keeps [start, addr), a new VMA gets the rest. */
static int vma_split(struct mm *mm, struct vma *v, vaddr_t addr)
{
	if (v->flags & VMA_SPECIAL)
		return -EINVAL; /* Linux: special mappings cannot be split (special_mapping_split) */
	struct vma *hi = kmalloc(sizeof(*hi));
	if (!hi)
		return -ENOMEM;
	*hi = *v;
	hi->start = addr;
	if (v->file)
		hi->file_offset = v->file_offset + (addr - v->start);
	vma_copy_file(hi);
	if (v->special)
		hi->special_pgoff = v->special_pgoff + (addr - v->start) / PAGE_SIZE;
	v->end = addr;
	vma_tree_update(mm->vma_tree, v);
	vma_link(mm, hi, v->node.next);
	return 0;
}

static u64 last_anon_id; /* the last vma->anon_id given [atomic] */

/* Linux anon_vma_compatible: whether lo and hi (hi right above lo) could
 * share an anon_vma, their protections aside. */
static bool anon_compatible(const struct vma *lo, const struct vma *hi)
{
	return lo->end == hi->start && lo->file == hi->file && !((lo->flags ^ hi->flags) & ~VMA_ANON_MASK) &&
	       (!lo->file || lo->file_offset + (lo->end - lo->start) == hi->file_offset);
}

/* Linux reusable_anon_vma: the anon_vma of old (lo or hi), if it is its
 * own (not a fork's copy: the chain is singular), else 0. */
static u64 reusable_anon(const struct vma *old, const struct vma *lo, const struct vma *hi)
{
	return anon_compatible(lo, hi) && !(old->flags & VMA_ANON_FORKED) ? old->anon_id : 0;
}

/* Linux anon_vma_prepare: the anon_vma of the VMA right above, or else
 * right below, if they could share one (find_mergeable_anon_vma; so that
 * they can merge later), else a new one. [mm->lock] */
void vma_set_anon(struct mm *mm, struct vma *v)
{
	ASSERT_HELD(&mm->lock);
	if (v->anon_id)
		return;
	u64 id = 0;
	if (v->node.next != &mm->vmas)
		id = reusable_anon(list_next_entry(v, node), v, list_next_entry(v, node));
	if (!id && v->node.prev != &mm->vmas)
		id = reusable_anon(list_prev_entry(v, node), list_prev_entry(v, node), v);
	v->flags |= VMA_ANON_PAGES;
	v->anon_id = id ? id : __atomic_add_fetch(&last_anon_id, 1, __ATOMIC_RELAXED);
}

/* Linux is_mergeable_anon_vma: VMAs with private pages of two anon_vmas
 * never merge; one without any merges with one that has some unless that
 * one is a fork's copy (VMA_ANON_FORKED). Linux asks only the neighbour
 * that exists already for the fork rule; both are asked here. */
static bool anon_mergeable(const struct vma *a, const struct vma *b)
{
	if (a->anon_id == b->anon_id)
		return true;
	if (a->anon_id && b->anon_id)
		return false;
	return !((a->flags | b->flags) & VMA_ANON_FORKED);
}

/* cur takes over next's range: its anon_vma too, if it had none. */
static void vma_absorb(struct vma *cur, const struct vma *next)
{
	cur->end = next->end;
	if (!cur->anon_id) {
		cur->anon_id = next->anon_id;
		cur->flags |= next->flags & VMA_ANON_MASK;
	}
}

static bool vma_can_merge(const struct vma *a, const struct vma *b)
{
	return anon_compatible(a, b) && a->prot == b->prot && anon_mergeable(a, b) && a->uffd == b->uffd &&
	       a->file_limit == b->file_limit && !(a->flags & VMA_SPECIAL);
}

/* Merges what a change made compatible around [start, end), from the VMA
 * that ends at start (or the first one after it). mm->lock held. */
void vm_merge_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	ASSERT_HELD(&mm->lock);
	struct vma *first = vma_first_after(mm, start ? start - 1 : 0);
	struct list_head *pos = first ? &first->node : &mm->vmas;
	while (pos != &mm->vmas && pos->next != &mm->vmas) {
		struct vma *cur = list_entry(pos, struct vma, node);
		struct vma *next = list_entry(pos->next, struct vma, node);
		if (next->start > end)
			break;
		if (cur->end >= start && vma_can_merge(cur, next)) {
			vma_unlink(mm, next);
			vma_absorb(cur, next);
			vma_tree_update(mm->vma_tree, cur);
			vma_free(next);
			continue; /* cur may merge with its new neighbour too */
		}
		pos = pos->next;
	}
}

/* Merge v with its neighbours where they are compatible. */
static void vma_merge_around(struct mm *mm, struct vma *v)
{
	if (v->node.next != &mm->vmas) {
		struct vma *next = list_entry(v->node.next, struct vma, node);
		if (vma_can_merge(v, next)) {
			vma_unlink(mm, next);
			vma_absorb(v, next);
			vma_tree_update(mm->vma_tree, v);
			vma_free(next);
		}
	}
	if (v->node.prev != &mm->vmas) {
		struct vma *prev = list_entry(v->node.prev, struct vma, node);
		if (vma_can_merge(prev, v)) {
			vma_unlink(mm, v);
			vma_absorb(prev, v);
			vma_tree_update(mm->vma_tree, prev);
			vma_free(v);
		}
	}
}

/* vm.max_map_count (/proc/sys/vm/max_map_count, Linux's default
 * DEFAULT_MAX_MAP_COUNT): how many VMAs an mm may have; Linux lets a call
 * go just above it (mmap checks the count before adding one). [atomic] */
static int max_map_count = 65530;

int vm_max_map_count(void)
{
	return __atomic_load_n(&max_map_count, __ATOMIC_RELAXED);
}

void vm_set_max_map_count(int count)
{
	__atomic_store_n(&max_map_count, count, __ATOMIC_RELAXED);
}

/*
 * Calls fn on every VMA piece inside [start, end), splitting the VMAs that
 * straddle either end first. fn may free the VMA. mm->lock held.
 *
 * Splits past vm.max_map_count are ENOMEM as Linux counts them: for an
 * unmap, only a hole inside one VMA (it adds one) is refused, before any
 * change (do_vmi_align_munmap); for the other operations (mprotect...)
 * every split (split_vma), the first may then be done already, as on Linux.
 */
int vm_for_each_vma_in_range(struct mm *mm, vaddr_t start, vaddr_t end, bool unmap,
			     void (*fn)(struct mm *mm, struct vma *v, void *arg), void *arg)
{
	ASSERT_HELD(&mm->lock);
	struct vma *first = vma_first_after(mm, start);
	struct list_head *pos = first ? &first->node : &mm->vmas;
	while (pos != &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->start >= end)
			break;
		bool full = mm->nr_vmas >= vm_max_map_count();
		if (v->start < start) {
			if ((unmap ? full && end < v->end : full) || vma_split(mm, v, start))
				return -ENOMEM;
			pos = pos->next; /* the upper part, just inserted */
			continue;
		}
		if (v->end > end) {
			if ((!unmap && full) || vma_split(mm, v, end))
				return -ENOMEM;
		}
		pos = pos->next;
		fn(mm, v, arg);
	}
	return 0;
}

/* Unmaps the pages of [start, end), keeping the resident high-water mark
 * first (Linux's update_hiwater_rss before a zap). mm->lock held. */
static void note_hiwater_rss(struct mm *mm)
{
	ASSERT_HELD(&mm->lock);
	u64 resident = upt_resident_pages(&mm->arch);
	if (resident > mm->hiwater_rss)
		mm->hiwater_rss = resident;
}

/* The entries are flushed from every TLB when it returns (pgtable.h). */
static void zap_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	note_hiwater_rss(mm);
	upt_unmap_range(&mm->arch, start, end);
}

u64 mm_hiwater_rss(struct mm *mm)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	u64 resident = upt_resident_pages(&mm->arch);
	u64 most = resident > mm->hiwater_rss ? resident : mm->hiwater_rss;
	spin_unlock_irqrestore(&mm->lock, irq);
	return most;
}

u64 mm_hiwater_vm(struct mm *mm)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	u64 most = MAX(mm->total_pages, mm->hiwater_vm);
	spin_unlock_irqrestore(&mm->lock, irq);
	return most;
}

u64 mm_rss_snapshot(struct mm *mm)
{
	return __atomic_load_n(&mm->arch.resident, __ATOMIC_RELAXED);
}

u64 mm_pgtables_snapshot(struct mm *mm)
{
	return upt_table_count(&mm->arch);
}

/*
 * A write to /proc/PID/clear_refs (Linux fs/proc/task_mmu.c clear_refs_write):
 * 1 clears the accessed flag of every page, 2 of anonymous mappings' pages
 * only, 3 of file mappings' only (PFN maps are skipped), so smaps'
 * Referenced counts what is touched from then on; 5 resets the resident
 * high-water mark to the resident set (reset_mm_hiwater_rss). 4 is for
 * soft-dirty bits, which arm64 Linux has not (no CONFIG_MEM_SOFT_DIRTY):
 * nothing to clear there either. The caller checked type is 1..5. ENOMEM:
 * a table shared since fork could not be copied (the ranges before it are
 * cleared).
 */
int mm_clear_refs(struct mm *mm, int type)
{
	int err = 0;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	if (type == 5) {
		mm->hiwater_rss = upt_resident_pages(&mm->arch);
	} else if (type <= 3) {
		struct vma *v;
		list_for_each_entry(v, &mm->vmas, node) {
			if ((v->flags & VMA_SPECIAL) && v->special->pfnmap)
				continue;
			if ((type == 2 && v->file) || (type == 3 && !v->file))
				continue;
			/* a table fork still shares is copied before its flags change */
			err = upt_own_range(&mm->arch, v->start, v->end);
			if (err)
				break;
			upt_clear_young_range(&mm->arch, v->start, v->end);
		}
		arch_flush_tlb_mm(&mm->arch);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

static void remove_vma(struct mm *mm, struct vma *v, void *arg)
{
	if (mm->total_pages > mm->hiwater_vm) /* update_hiwater_vm before an unmap */
		mm->hiwater_vm = mm->total_pages;
	mm->total_pages -= (v->end - v->start) >> PAGE_SHIFT;
	zap_range(mm, v->start, v->end);
	vma_unlink(mm, v);
	vma_free(v);
}

/* Before [start, end) is zapped a VMA piece at a time: a table fork shared
 * (pgtable.h) that a piece covers only in part is made this mm's own while
 * failing is still ENOMEM; tables wholly inside one piece are let go as
 * they are. Only the first and last table of each VMA's piece can be
 * partial, and fork shares no table where nothing is mapped, so the work is
 * per VMA, not per table of the range: a range of the whole address space
 * (madvise(0, ~0UL & PAGE_MASK), munmap of everything) costs what its
 * mappings do. mm->lock held. */
static int own_span_unless_whole(struct mm *mm, vaddr_t span_start, vaddr_t start, vaddr_t end)
{
	const vaddr_t span = 512 * PAGE_SIZE; /* what one last-level table maps */
	struct vma *v = vm_find(mm, span_start);
	bool whole = span_start >= start && span_start + span <= end && v && v->start <= span_start &&
		     v->end >= span_start + span;
	return (!whole && upt_own_range(&mm->arch, span_start, span_start + span)) ? -ENOMEM : 0;
}

static int own_partial_tables(struct mm *mm, vaddr_t start, vaddr_t end)
{
	ASSERT_HELD(&mm->lock);
	const vaddr_t span = 512 * PAGE_SIZE;
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start >= end)
			break;
		vaddr_t first = ALIGN_DOWN(MAX(start, v->start), span), last = ALIGN_DOWN(MIN(end, v->end) - 1, span);
		if (own_span_unless_whole(mm, first, start, end) ||
		    (last != first && own_span_unless_whole(mm, last, start, end)))
			return -ENOMEM;
	}
	return 0;
}

/* After an unmap of [start, end): the page-table pages there that no VMA
 * needs any more go (Linux's free_pgtables), so a program that maps and
 * unmaps across a wide range does not keep every table until exit. The
 * gap around the range runs from the end of the VMA below it to the start
 * of the one above (after a partial failure, a VMA left inside the range
 * bounds it). mm->lock held. */
static void free_unused_tables(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vma *next = vma_first_after(mm, start);
	struct list_head *below = next ? next->node.prev : mm->vmas.prev;
	vaddr_t floor = below != &mm->vmas ? list_entry(below, struct vma, node)->end : 0;
	vaddr_t ceiling = next ? next->start : USER_VA_END;
	upt_free_tables(&mm->arch, start, end, floor, ceiling);
}

/* Remove [start, end) from the VMA list and the page table. mm->lock held. */
static int unmap_locked(struct mm *mm, vaddr_t start, vaddr_t end)
{
	ASSERT_HELD(&mm->lock);
	if (own_partial_tables(mm, start, end))
		return -ENOMEM;
	int err = vm_for_each_vma_in_range(mm, start, end, true, remove_vma, NULL);
	free_unused_tables(mm, start, end);
	return err;
}

/* RLIMIT_AS (Linux may_expand_vm): may this mm grow by `pages`? mm->lock held. */
static bool may_expand(struct mm *mm, u64 pages)
{
	ASSERT_HELD(&mm->lock);
	struct task *t = current();
	if (t->mm != mm || !t->group)
		return true; /* exec builds a new mm: the limit applies once it runs */
	u64 limit = t->group->rlimits[RLIMIT_AS][0];
	return limit == ~0UL || mm->total_pages + pages <= limit >> PAGE_SHIFT;
}

/* Inserts a new VMA, replacing what was mapped there; frees it on failure.
 * mm->lock held. */
static int vma_insert_locked(struct mm *mm, struct vma *v)
{
	ASSERT_HELD(&mm->lock);
	if (mm->nr_vmas > vm_max_map_count()) { /* do_mmap: "Too many mappings?" */
		vma_free(v);
		return -ENOMEM;
	}
	int err = unmap_locked(mm, v->start, v->end); /* MAP_FIXED replaces */
	u64 pages = (v->end - v->start) >> PAGE_SHIFT;
	if (err || !may_expand(mm, pages)) {
		vma_free(v);
		return err ? err : -ENOMEM;
	}
	mm->total_pages += pages;
	struct vma *next = vma_first_after(mm, v->start); /* [start, end) is free now: it starts at or after end */
	vma_link(mm, v, next ? &next->node : &mm->vmas);
	vma_merge_around(mm, v);
	return 0;
}

static int vma_insert(struct mm *mm, struct vma *v)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err = vma_insert_locked(mm, v);
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

/* A new VMA for vm_map and vm_map_file (not linked yet). */
static struct vma *vma_new(struct mm *mm, vaddr_t start, size_t len, unsigned prot, unsigned flags)
{
	struct vma *v = kzalloc(sizeof(*v));
	if (!v)
		return NULL;
	v->start = start;
	v->end = start + len;
	v->prot = prot;
	v->flags = flags | __atomic_load_n(&mm->def_flags, __ATOMIC_RELAXED); /* mlockall(MCL_FUTURE) */
	if ((prot & UPROT_WRITE) && !(flags & (VMA_SHARED | VMA_NORESERVE)))
		v->flags |= VMA_ACCOUNT;
	return v;
}

int vm_map(struct mm *mm, vaddr_t start, size_t len, unsigned prot, unsigned flags)
{
	struct vma *v = vma_new(mm, start, len, prot, flags);
	if (!v)
		return -ENOMEM;
	return vma_insert(mm, v);
}

int vm_map_file(struct mm *mm, vaddr_t start, size_t len, unsigned prot, unsigned flags, struct file *file,
		int (*mmap)(struct file *file, struct vma *v), u64 offset, u64 file_limit)
{
	if (!mmap)
		return -ENODEV; /* pipes, /proc files, devices: f_op->mmap is NULL */
	struct vma *v = vma_new(mm, start, len, prot, flags);
	if (!v)
		return -ENOMEM;
	v->file = file;
	v->file_offset = offset;
	v->file_limit = file_limit;
	/* mmap_region's call_mmap: the file installs its vm_ops and takes
	 * what the mapping holds, or refuses (a sealed memfd: -EPERM) */
	int err = mmap(file, v);
	if (err) {
		kfree(v);
		return err;
	}
	CHECK(v->ops && v->ops->fault && v->ops->open && v->ops->close);
	return vma_insert(mm, v); /* on failure it closes v */
}

int vm_map_special(struct mm *mm, vaddr_t start, unsigned prot, const struct vm_special *sp)
{
	struct vma *v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->start = start;
	v->end = start + sp->nr_pages * PAGE_SIZE;
	v->prot = prot;
	v->flags = VMA_SPECIAL;
	v->special = sp;
	return vma_insert(mm, v);
}

int vm_unmap(struct mm *mm, vaddr_t start, size_t len)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err = unmap_locked(mm, start, start + len);
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

/* Does mprotect to prot make v's pages count in Committed_AS (mprotect_fixup:
 * a private mapping, not MAP_NORESERVE, writable for the first time)? */
static bool protect_charges(const struct vma *v, unsigned prot)
{
	return (prot & UPROT_WRITE) && !(v->prot & UPROT_WRITE) &&
	       !(v->flags & (VMA_SHARED | VMA_NORESERVE | VMA_ACCOUNT));
}

static void protect_vma(struct mm *mm, struct vma *v, void *arg)
{
	unsigned prot = *(unsigned *)arg;
	if (protect_charges(v, prot))
		v->flags |= VMA_ACCOUNT;
	v->prot = prot;
	if (v->flags & VMA_SPECIAL)
		prot &= ~UPROT_WRITE;			      /* shared by every process: see struct vm_special */
	upt_protect_range(&mm->arch, v->start, v->end, prot); /* PROT_NONE keeps the pages */
}

/* mprotect: every page of the range must be mapped (else -ENOMEM, as Linux). */
bool vm_may_write(const struct vma *v)
{
	if (v->flags & VMA_SPECIAL)
		return v->special->may_prot & UPROT_WRITE;
	if (v->flags & VMA_NO_MAYWRITE)
		return false;
	return !((v->flags & VMA_SHARED) && (v->flags & VMA_FILE_RDONLY));
}

/*
 * How far, from start, mprotect can go before it fails (mm/mprotect.c walks
 * the VMAs in order and stops at the first hole, -ENOMEM, or the first VMA
 * that may not get the new protection, -EACCES; what it passed stays
 * changed). Returns the error and sets *stop. mm->lock held.
 */
static int protect_extent(struct mm *mm, vaddr_t start, vaddr_t end, unsigned prot, vaddr_t *stop)
{
	ASSERT_HELD(&mm->lock);
	vaddr_t pos = start;
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start > pos)
			break; /* a hole */
		bool may_exec = !(v->flags & VMA_SPECIAL) || (v->special->may_prot & UPROT_EXEC);
		if (((prot & UPROT_WRITE) && !vm_may_write(v)) || ((prot & UPROT_EXEC) && !may_exec)) {
			*stop = pos;
			return -EACCES;
		}
		pos = v->end;
		if (pos >= end) {
			*stop = end;
			return 0;
		}
	}
	*stop = pos;
	return -ENOMEM;
}

u64 vm_protect_charge(struct mm *mm, vaddr_t start, size_t len, unsigned prot)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	vaddr_t stop;
	(void)protect_extent(mm, start, start + len, prot, &stop); /* vm_protect stops there too */
	u64 pages = 0;
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start >= stop)
			break;
		if (protect_charges(v, prot))
			pages += (MIN(v->end, stop) - MAX(v->start, start)) >> PAGE_SHIFT;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return pages;
}

int vm_protect(struct mm *mm, vaddr_t start, size_t len, unsigned prot)
{
	vaddr_t end = start + len;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	vaddr_t stop;
	int err = protect_extent(mm, start, end, prot, &stop);
	end = stop;
	if (end > start && upt_own_range(&mm->arch, start, end)) {
		spin_unlock_irqrestore(&mm->lock, irq);
		return -ENOMEM;
	}
	if (end > start) {
		int split_err = vm_for_each_vma_in_range(mm, start, end, false, protect_vma, &prot);
		err = split_err ? split_err : err;
	}
	arch_flush_tlb_range(&mm->arch, start, end);
	vm_merge_range(mm, start, end);
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

/* mlock_fixup: the lock bits of v (special mappings keep none). */
static void lock_vma(struct mm *mm, struct vma *v, void *arg)
{
	(void)mm;
	if (!(v->flags & VMA_SPECIAL))
		v->flags = (v->flags & ~VMA_LOCK_MASK) | *(const unsigned *)arg;
}

int vm_mlock(struct mm *mm, vaddr_t start, size_t len, unsigned lock)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err = -ENOMEM;
	if (vm_range_mapped(mm, start, len)) {
		err = vm_for_each_vma_in_range(mm, start, start + len, false, lock_vma, &lock);
		vm_merge_range(mm, start, start + len);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

void vm_mlock_all(struct mm *mm, unsigned lock, unsigned future, bool only_future)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	__atomic_store_n(&mm->def_flags, future, __ATOMIC_RELAXED);
	if (!only_future) {
		struct vma *v;
		list_for_each_entry(v, &mm->vmas, node)
			lock_vma(mm, v, &lock);
		vm_merge_range(mm, 0, USER_VA_END);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
}

u64 vm_locked_pages_in(struct mm *mm, vaddr_t start, size_t len)
{
	vaddr_t end = start + len < start ? USER_VA_END : start + len;
	u64 pages = 0;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node)
		if ((v->flags & VMA_LOCKED) && v->end > start && v->start < end)
			pages += (MIN(v->end, end) - MAX(v->start, start)) / PAGE_SIZE;
	spin_unlock_irqrestore(&mm->lock, irq);
	return pages;
}

u64 vm_locked_pages(struct mm *mm)
{
	return vm_locked_pages_in(mm, 0, USER_VA_END);
}

/* How __mm_populate faults v's pages in: 0 for none (PROT_NONE, raw frames). */
static unsigned populate_access(const struct vma *v)
{
	if (!(v->prot & (UPROT_READ | UPROT_WRITE | UPROT_EXEC)) || ((v->flags & VMA_SPECIAL) && v->special->pfnmap))
		return 0;
	return ((v->prot & UPROT_WRITE) && !(v->flags & VMA_SHARED)) ? FAULT_WRITE : FAULT_READ;
}

int vm_populate_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	vaddr_t va = start;
	int nomem = 0;
	while (va < end) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		struct vma *v = vma_first_after(mm, va);
		bool done = !v || v->start >= end;
		vaddr_t stop = done ? end : MIN(v->end, end);
		unsigned access = done ? 0 : populate_access(v);
		va = done ? end : MAX(va, v->start);
		spin_unlock_irqrestore(&mm->lock, irq);
		/* a failure ends this VMA's pages, not the others' (ignore_errors) */
		int err = 0;
		while (access && va < stop && (err = mm_handle_fault(mm, va, access)) == 0) {
			va += PAGE_SIZE;
			cond_resched(); /* gigabytes to populate: others run meanwhile */
			if (task_fatal_signal_pending(current()))
				return -EINTR; /* dying: the rest is not needed (Linux __get_user_pages) */
		}
		if (err == -ENOMEM)
			nomem = -ENOMEM;
		va = stop;
	}
	return nomem;
}

bool vm_range_mapped(struct mm *mm, vaddr_t start, size_t len)
{
	ASSERT_HELD(&mm->lock);
	vaddr_t expect = start, end = start + len;
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start >= end || v->start > expect)
			break;
		expect = v->end;
	}
	return expect >= end;
}

int vm_msync_walk(struct mm *mm, vaddr_t start, size_t len, bool invalidate, bool sync_only)
{
	vaddr_t end = start + len;
	int unmapped = 0;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v = vma_first_after(mm, start);
	int err = -ENOMEM; /* the range runs past the last VMA */
	vma_for_each_from(v, mm, v)
	{
		if (start < v->start) { /* a gap before v */
			if (sync_only || v->start >= end)
				break;
			start = v->start;
			unmapped = -ENOMEM;
		}
		if (invalidate && (v->flags & VMA_LOCKED)) {
			err = -EBUSY;
			break;
		}
		start = v->end;
		if (start >= end) {
			err = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return err ? err : unmapped;
}

/*
 * Whether advice may be given for the part [start, end) of VMA v
 * (mm/madvise.c of Linux 6.1, probed with tests/abi/madvise_per_vma.c and
 * madvise_whole_space.c):
 *  - DONTNEED, FREE, COLD and PAGEOUT need a mapping whose pages can be
 *    reclaimed: not mlocked, not raw frames (can_madv_lru_vma); FREE only
 *    private anonymous memory;
 *  - REMOVE needs a file (shared anonymous memory is one): EINVAL without,
 *    EACCES unless the mapping is shared and writable (madvise_remove);
 *  - WIPEONFORK no file or shared mapping; DODUMP no special mapping;
 *    POPULATE_* read / write permission, and no raw frames;
 *  - advice that changes a VMA's flags splits it when it covers only part
 *    of it, and a special mapping refuses to be split (special_mapping_split:
 *    EINVAL). RANDOM, SEQUENTIAL and the huge-page hints are not kept, so
 *    they count as a change, as their first use is on Linux.
 */
static bool advice_changes_flags(const struct vma *v, int advice)
{
	switch (advice) {
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: return true;
	case MADV_DONTFORK: return !(v->flags & VMA_DONTCOPY);
	case MADV_DOFORK: return v->flags & VMA_DONTCOPY;
	case MADV_WIPEONFORK: return !(v->flags & VMA_WIPEONFORK);
	case MADV_KEEPONFORK: return v->flags & VMA_WIPEONFORK;
	case MADV_DONTDUMP: return !(v->flags & VMA_DONTDUMP);
	case MADV_DODUMP: return v->flags & VMA_DONTDUMP;
	default: return false;
	}
}

static int advice_allowed(const struct vma *v, vaddr_t start, vaddr_t end, int advice)
{
	bool special = v->flags & VMA_SPECIAL, shared = v->flags & VMA_SHARED;
	bool pfnmap = special && v->special->pfnmap;
	bool reclaimable = !pfnmap && !(v->flags & VMA_LOCKED);
	if (special && (start > v->start || end < v->end) && advice_changes_flags(v, advice))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_COLD:
	case MADV_PAGEOUT: return reclaimable ? 0 : -EINVAL;
	case MADV_FREE: return (reclaimable && !special && !shared && !v->file) ? 0 : -EINVAL;
	case MADV_REMOVE:
		if ((v->flags & VMA_LOCKED) || special || (!v->file && !shared))
			return -EINVAL;
		return (shared && (v->prot & UPROT_WRITE)) ? 0 : -EACCES;
	case MADV_WIPEONFORK: return (v->file || shared) ? -EINVAL : 0;
	case MADV_DODUMP: return special ? -EINVAL : 0;
	case MADV_POPULATE_READ: return (!pfnmap && (v->prot & UPROT_READ)) ? 0 : -EINVAL;
	case MADV_POPULATE_WRITE: return (!pfnmap && (v->prot & UPROT_WRITE)) ? 0 : -EINVAL;
	default: return 0;
	}
}

/* Acts on [start, end) inside v. mm->lock held. */
static void advise_piece(struct mm *mm, struct vma *v, vaddr_t start, vaddr_t end, int advice)
{
	ASSERT_HELD(&mm->lock);
	if (advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE) {
		zap_range(mm, start, end); /* they read back as zero, or from the file */
	}
}

/* The VMA flags one advice sets and clears (madvise_update_vma). */
struct vma_flag_change {
	unsigned set, clear;
};

static void set_vma_flags(struct mm *mm, struct vma *v, void *arg)
{
	(void)mm;
	const struct vma_flag_change *f = arg;
	v->flags = (v->flags & ~f->clear) | f->set;
}

/* MADV_DONTFORK, DOFORK, WIPEONFORK, KEEPONFORK, DONTDUMP, DODUMP: every
 * VMA of the range is checked, then split at the range's ends and flagged;
 * a hole is ENOMEM after the change, as Linux's madvise_walk_vmas.
 * mm->lock held. */
static int advise_vma_flags(struct mm *mm, vaddr_t start, vaddr_t end, int advice)
{
	ASSERT_HELD(&mm->lock);
	struct vma_flag_change f = {0, 0};
	if (advice == MADV_DONTFORK)
		f.set = VMA_DONTCOPY;
	else if (advice == MADV_DOFORK)
		f.clear = VMA_DONTCOPY;
	else if (advice == MADV_WIPEONFORK)
		f.set = VMA_WIPEONFORK;
	else if (advice == MADV_KEEPONFORK)
		f.clear = VMA_WIPEONFORK;
	else if (advice == MADV_DONTDUMP)
		f.set = VMA_DONTDUMP;
	else
		f.clear = VMA_DONTDUMP;
	vaddr_t covered = start;
	bool hole = false;
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start >= end)
			break;
		hole |= v->start > covered;
		int err = advice_allowed(v, start, end, advice);
		if (err)
			return err;
		covered = v->end;
	}
	if (covered == start)
		return -ENOMEM; /* nothing mapped in the range */
	/* madvise_update_vma: a VMA whose flags stay is not split */
	for (vaddr_t at = start; at < end;) {
		v = vma_first_after(mm, at);
		if (!v || v->start >= end)
			break;
		vaddr_t lo = MAX(at, v->start), hi = MIN(end, v->end);
		if (((v->flags & ~f.clear) | f.set) != v->flags) {
			int err = vm_for_each_vma_in_range(mm, lo, hi, false, set_vma_flags, &f);
			if (err)
				return err;
		}
		at = hi;
	}
	return (hole || covered < end) ? -ENOMEM : 0;
}

static void poison_piece(struct mm *mm, struct vma *v, void *arg)
{
	(void)arg;
	v->flags |= VMA_HWPOISON;
	zap_range(mm, v->start, v->end);
}

/* MADV_HWPOISON (madvise_inject_error, memory_failure with late kill): the
 * pages are taken away and the next access is SIGBUS BUS_MCEERR_AR.
 * Unmapped pages are -EFAULT (get_user_pages_fast fails), before any change
 * here. MADV_SOFT_OFFLINE moves the data to another frame on Linux: nothing
 * a program sees, and nothing to do here. mm->lock held. */
static int advise_poison(struct mm *mm, vaddr_t start, vaddr_t end, int advice)
{
	ASSERT_HELD(&mm->lock);
	vaddr_t covered = start;
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start >= end || v->start > covered)
			break;
		if (v->flags & VMA_SPECIAL)
			return -EFAULT; /* kernel pages: get_user_pages refuses them */
		covered = v->end;
	}
	if (covered < end)
		return -EFAULT;
	if (advice == MADV_SOFT_OFFLINE)
		return 0;
	if (own_partial_tables(mm, start, end))
		return -ENOMEM;
	return vm_for_each_vma_in_range(mm, start, end, false, poison_piece, NULL);
}

int vm_advise(struct mm *mm, vaddr_t start, size_t len, int advice)
{
	if (advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		int err = advise_poison(mm, start, start + len, advice);
		spin_unlock_irqrestore(&mm->lock, irq);
		return err;
	}
	if (advice == MADV_DONTFORK || advice == MADV_DOFORK || advice == MADV_WIPEONFORK ||
	    advice == MADV_KEEPONFORK || advice == MADV_DONTDUMP || advice == MADV_DODUMP) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		int err = advise_vma_flags(mm, start, start + len, advice);
		spin_unlock_irqrestore(&mm->lock, irq);
		return err;
	}
	vaddr_t first = start, end = start + len;
	bool populate = advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int unmapped = 0, err = 0;
	bool zaps = advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE;
	if (zaps && own_partial_tables(mm, start, end)) {
		spin_unlock_irqrestore(&mm->lock, irq);
		return -ENOMEM;
	}
	struct vma *v;
	vma_for_each_from(v, mm, vma_first_after(mm, start))
	{
		if (v->start >= end)
			break;
		if (start < v->start) {
			unmapped = -ENOMEM; /* Linux notes the hole and goes on */
			start = v->start;
		}
		err = advice_allowed(v, start, end, advice);
		if (err)
			break;
		vaddr_t piece_end = MIN(v->end, end);
		advise_piece(mm, v, start, piece_end, advice);
		start = piece_end;
		if (start >= end)
			break;
	}
	if (!err && start < end)
		err = -ENOMEM; /* nothing mapped at or after start */
	spin_unlock_irqrestore(&mm->lock, irq);
	if (!err && populate) /* fault the pages in, outside the lock */
		(void)vm_populate(mm, first, len, advice == MADV_POPULATE_WRITE ? FAULT_WRITE : FAULT_READ);
	return err ? err : unmapped;
}

/* A range that is not wholly user space is never free (no wrap of start + len). */
bool vm_range_free(struct mm *mm, vaddr_t start, size_t len)
{
	ASSERT_HELD(&mm->lock);
	if (start > USER_VA_END || len > USER_VA_END - start)
		return false;
	struct vma *v = vma_first_after(mm, start); /* the only one that may overlap first */
	return !v || v->start >= start + len;
}

/* Top-down search for a gap of len bytes below `below`, above the minimum,
 * keeping the guard gap below a stack free (vma_tree.c). */
static vaddr_t find_gap_below(struct mm *mm, size_t len, vaddr_t below)
{
	return vma_tree_find_gap(mm->vma_tree, len, DEFAULT_MMAP_MIN_ADDR, below);
}

vaddr_t vm_find_free(struct mm *mm, size_t len, vaddr_t hint)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	vaddr_t addr = 0;
	if (hint >= DEFAULT_MMAP_MIN_ADDR && hint <= mm->mmap_base && len <= mm->mmap_base - hint &&
	    vm_range_free(mm, hint, len))
		addr = hint;
	if (!addr)
		addr = find_gap_below(mm, len, mm->mmap_base);
	spin_unlock_irqrestore(&mm->lock, irq);
	return addr;
}

static bool access_allowed(const struct vma *v, unsigned access)
{
	if ((access & FAULT_WRITE) && !(v->prot & UPROT_WRITE))
		return false;
	if ((access & FAULT_EXEC) && !(v->prot & UPROT_EXEC))
		return false;
	if ((access & FAULT_READ) && !(v->prot & (UPROT_READ | UPROT_WRITE | UPROT_EXEC)))
		return false;
	return true;
}

/*
 * acct_stack_growth's commit check (security_vm_enough_memory_mm) for a
 * fault below a grows-down VMA. It sums every address space, which takes
 * their locks, so it runs with mm->lock dropped (*irq: the saved state);
 * the caller looks for the VMA again after. False: the growth is refused.
 */
static bool stack_growth_committable(struct mm *mm, vaddr_t addr, unsigned long *irq)
{
	struct vma *v = vma_first_after(mm, addr);
	if (!v || !(v->flags & VMA_GROWSDOWN) || vm_overcommit_get(VM_OVERCOMMIT_MODE) == 1)
		return true;
	u64 pages = (v->start - ALIGN_DOWN(addr, PAGE_SIZE)) >> PAGE_SHIFT;
	spin_unlock_irqrestore(&mm->lock, *irq);
	bool ok = vm_enough_memory(mm, pages, capable(CAP_SYS_ADMIN)) == 0;
	*irq = spin_lock_irqsave(&mm->lock);
	return ok;
}

/* Grow the stack VMA down to cover addr, within RLIMIT_STACK. mm->lock held. */
static struct vma *expand_stack(struct mm *mm, vaddr_t addr)
{
	ASSERT_HELD(&mm->lock);
	struct vma *v = vma_first_after(mm, addr); /* addr is in no VMA: the one above it */
	if (!v || !(v->flags & VMA_GROWSDOWN))
		return NULL;
	vaddr_t new_start = ALIGN_DOWN(addr, PAGE_SIZE);
	if (v->end - new_start > mm->stack_limit)
		return NULL;
	if (v->node.prev != &mm->vmas) {
		struct vma *prev = list_entry(v->node.prev, struct vma, node);
		if (prev->end + STACK_GUARD_GAP > new_start)
			return NULL;
	}
	if (!may_expand(mm, (v->start - new_start) >> PAGE_SHIFT))
		return NULL;
	mm->total_pages += (v->start - new_start) >> PAGE_SHIFT;
	v->start = new_start; /* still above the VMA before it: the order holds */
	vma_tree_update(mm->vma_tree, v);
	return v;
}

/* A break that flushes other CPUs: its page goes into mm->recent_breaks
 * (once), for the next fork to copy at once (fork_hot_pages). mm->lock held. */
static void remember_break(struct mm *mm, vaddr_t va)
{
	for (int i = 0; i < MM_RECENT_BREAKS; i++)
		if (mm->recent_breaks[i] == va)
			return;
	mm->recent_breaks[mm->next_recent_break++ % MM_RECENT_BREAKS] = va;
}

/*
 * The copy for a write to a copy-on-write page shared with another address
 * space (or the zero page), break-before-make (Arm ARM D8.14.1; Linux
 * wp_page_copy with ptep_clear_flush): the old entry is made invalid
 * (pte_mkbreaking), flushed from every TLB, and only then does the copy
 * take its place — a CPU still holding the old read-only entry could
 * otherwise read the old frame after another thread wrote the new one.
 *
 * When other CPUs may hold the entry, the broadcast flush is done with
 * mm->lock dropped (irq non-NULL: the caller's saved state; the lock is
 * dropped and retaken): under QEMU's multi-threaded TCG a broadcast TLBI
 * waits for every virtual CPU, and the process's other threads, faulting
 * meanwhile, spun on the lock (bench/README.md, smp_fork_wait). Meanwhile
 * a fault on the page waits, unmapping clears the entry, mprotect passes it
 * over, and fork and mremap wait (mm->cow_breaks). Back under the lock the
 * copy goes in if the entry is still the breaking one, with the protection
 * the VMA has now; else the copy is freed and the old frame's reference,
 * which the breaking entry held, put. mm->lock held.
 */
static int cow_copy(struct mm *mm, struct vma *v, vaddr_t va, pte_t *pte, unsigned long *irq)
{
	ASSERT_HELD(&mm->lock);
	void *copy = page_alloc(PAGE_USER);
	if (!copy)
		return -ENOMEM;
	pte_t old = *pte;
	paddr_t old_pa = pte_paddr(old);
	arch_copy_page(copy, phys_to_virt(old_pa));
	if (v->prot & UPROT_EXEC)
		arch_sync_icache((vaddr_t)copy, PAGE_SIZE);
	pte_t breaking = pte_mkbreaking(old);
	pte_set(pte, breaking);
	unsigned prot = v->prot;
	if (irq && arch_tlb_active_elsewhere(&mm->arch)) {
		remember_break(mm, va);
		__atomic_store_n(&mm->cow_breaks, mm->cow_breaks + 1, __ATOMIC_RELAXED);
		spin_unlock_irqrestore(&mm->lock, *irq);
		arch_flush_tlb_page(&mm->arch, va);
		*irq = spin_lock_irqsave(&mm->lock);
		__atomic_store_n(&mm->cow_breaks, mm->cow_breaks - 1, __ATOMIC_RELAXED);
		v = vm_find(mm, va);
		pte = v ? upt_lookup(&mm->arch, va) : NULL;
		if (wait_queue_active(&mm->cow_done)) /* ordered by mm->lock: cow_break_done */
			wake_up_all(&mm->cow_done);
		if (!pte || *pte != breaking) { /* unmapped meanwhile (the caller retries the access) */
			page_free(copy);
			if (!vm_is_zero_page(old_pa))
				upt_resident_dec(&mm->arch);
			page_put(old_pa);
			return 0;
		}
	} else {
		arch_flush_tlb_page(&mm->arch, va);
	}
	vma_set_anon(mm, v); /* the page becomes this mapping's own */
	/* the old entry's bits while the VMA's protection is what it was */
	bool keep_bits = pte_is_cow(old) && v->prot == prot;
	pte_set(pte, keep_bits ? pte_cow_resolved(old, virt_to_phys(copy)) : upt_make_pte(virt_to_phys(copy), v->prot));
	if (vm_is_zero_page(old_pa))
		upt_resident_inc(&mm->arch); /* the zero page did not count (pgtable.h) */
	page_put(old_pa);
	return 0;
}

/*
 * A write to a present read-only page the VMA allows: a copy-on-write page
 * whose other sharers are gone is taken over in place; else it is copied
 * (cow_copy; irq as there). Special mappings' pages too (mprotect made them
 * writable, as a debugger does to the vDSO). mm->lock held.
 */
static int cow_page(struct mm *mm, struct vma *v, vaddr_t va, pte_t *pte, unsigned long *irq)
{
	ASSERT_HELD(&mm->lock);
	if (pte_is_cow(*pte) && page_refcount(pte_paddr(*pte)) == 1) {
		/* the other sharer is gone: this copy is ours alone; another
		 * CPU's stale read-only entry of the same frame only faults */
		vma_set_anon(mm, v);
		pte_set(pte, pte_cow_resolved(*pte, pte_paddr(*pte)));
		arch_flush_tlb_page_local(&mm->arch, va);
		return 0;
	}
	return cow_copy(mm, v, va, pte, irq);
}

/* Is a copy-on-write break in flight — or, with foreign_too, a foreign
 * write (vm_write_nofault)? Read with or without mm->lock. */
static bool breaks_in_flight(struct mm *mm, bool foreign_too)
{
	return __atomic_load_n(&mm->cow_breaks, __ATOMIC_RELAXED) ||
	       (foreign_too && __atomic_load_n(&mm->foreign_writes, __ATOMIC_RELAXED));
}

/* Spins, mm->lock not held, until none is in flight: the lock is left to
 * the breakers, which retake it to finish (a waiter taking and dropping it
 * in a loop kept them out: the lock is not fair). */
static void cow_breaks_spin(struct mm *mm, bool foreign_too)
{
	while (breaks_in_flight(mm, foreign_too))
		arch_cpu_relax();
}

/* A fault waiting for another thread's break of its page. */
struct cow_wait {
	struct mm *mm;
	pte_t *pte;	/* the entry; its table may be freed meanwhile: only read */
	pte_t breaking; /* the entry's value while broken */
};

/* Is the break done (or no break left that could end it)? Under mm->lock,
 * which the breaker holds when it changes the entry and then looks for
 * waiters: a waiter queued before this check is seen (wait_queue_active). */
static bool cow_break_done(const struct cow_wait *w)
{
	unsigned long irq = spin_lock_irqsave(&w->mm->lock);
	bool done = !w->mm->cow_breaks || *w->pte != w->breaking;
	spin_unlock_irqrestore(&w->mm->lock, irq);
	return done;
}

/* Until no copy-on-write break is between its two lock sections (cow_copy):
 * fork and mremap would copy or move a breaking entry. Breaks hold no lock
 * there and do not sleep, so the wait is short. Fork also waits out the
 * foreign writes (foreign_too: vm_write_nofault), whose page would be
 * shared with the child under them; both are checked in one lock section,
 * so neither starts between two waits (a foreign write does not start
 * while mm->forking). mm->lock held, dropped while waiting (*irq its saved
 * state). */
static void wait_cow_breaks(struct mm *mm, unsigned long *irq, bool foreign_too)
{
	while (breaks_in_flight(mm, foreign_too)) {
		spin_unlock_irqrestore(&mm->lock, *irq);
		cow_breaks_spin(mm, foreign_too);
		*irq = spin_lock_irqsave(&mm->lock);
	}
}

/* A special mapping's page: the shared frame, mapped read-only; a write
 * (only possible after mprotect allowed it) gets a private copy. */
static int map_special_page(struct mm *mm, struct vma *v, vaddr_t va, unsigned access)
{
	u64 index = v->special_pgoff + (va - v->start) / PAGE_SIZE;
	if (index >= v->special->nr_pages)
		return -EFAULT;
	paddr_t pa = v->special->pages[index];
	page_get(pa);
	int err = upt_map(&mm->arch, va, pa, v->prot & ~UPROT_WRITE);
	if (err) {
		page_put(pa);
		return err;
	}
	if (access & FAULT_WRITE)
		return cow_page(mm, v, va, upt_lookup(&mm->arch, va), NULL);
	return 0;
}

/* Maps the page-cache frame pa (a reference for the mapping) at va: the
 * VMA's protection, copy-on-write in a private mapping. mm->lock held. */
int vm_map_cache_frame(struct mm *mm, struct vma *v, vaddr_t va, paddr_t pa)
{
	ASSERT_HELD(&mm->lock);
	if (v->prot & UPROT_EXEC)
		page_sync_icache(pa); /* once per page until it is written again */
	int err = upt_map(&mm->arch, va, pa, v->prot);
	if (err) {
		page_put(pa);
		return err;
	}
	if (!(v->flags & VMA_SHARED)) {
		pte_t *pte = upt_lookup(&mm->arch, va);
		pte_set(pte, pte_make_cow(*pte));
	}
	return 0;
}

#define FAULT_AROUND_BYTES (16 * PAGE_SIZE) /* Linux's fault_around_bytes default: 64 KiB */

/*
 * After a read fault in a file mapping, also maps the pages around va (in
 * its 64 KiB-aligned window, inside the VMA) that the page cache already
 * holds and that are not mapped yet, as Linux's do_fault_around /
 * filemap_map_pages: a program reading a mapped file takes one fault per
 * 16 pages. Nothing is allocated; a page past the file limit of a private
 * mapping (its zero-filled tail) is left to its own fault. mm->lock held.
 */
static void fault_around(struct mm *mm, struct vma *v, vaddr_t va)
{
	ASSERT_HELD(&mm->lock);
	vaddr_t window = ALIGN_DOWN(va, FAULT_AROUND_BYTES);
	vaddr_t lo = MAX(v->start, window), hi = MIN(v->end, window + FAULT_AROUND_BYTES);
	bool shared = v->flags & VMA_SHARED;
	for (vaddr_t at = lo; at < hi; at += PAGE_SIZE) {
		u64 off = v->file_offset + (at - v->start);
		if (!shared && off + PAGE_SIZE > v->file_limit)
			break; /* this page and the ones after it are not all file */
		pte_t *pte = upt_lookup(&mm->arch, at);
		if (at == va || (pte && pte_resident(*pte)))
			continue;
		paddr_t pa;
		if (v->ops->fault(v, off / PAGE_SIZE, false, &pa) || pa_is_none(pa))
			continue;
		if (vm_map_cache_frame(mm, v, at, pa))
			return; /* out of page-table memory: the faults will tell */
	}
}

/*
 * Maps a new page of v's own at va holding len bytes from src (NULL: zeros)
 * and zeros after them: anonymous memory, or a private copy of a file page
 * (Linux's do_cow_fault). mm->lock held.
 */
static int map_private_page(struct mm *mm, struct vma *v, vaddr_t va, const void *src, size_t len)
{
	ASSERT_HELD(&mm->lock);
	void *kva = page_alloc(PAGE_ZERO | PAGE_USER);
	if (!kva)
		return -ENOMEM;
	if (src)
		memcpy(kva, src, len);
	vma_set_anon(mm, v);
	if (v->prot & UPROT_EXEC)
		arch_sync_icache((vaddr_t)kva, PAGE_SIZE);
	int err = upt_map(&mm->arch, va, virt_to_phys(kva), v->prot);
	if (err)
		page_free(kva);
	return err;
}

/*
 * A page of a file mapping from the file's page cache (v->ops->fault): a
 * shared mapping maps the file's own frame, so stores are the file's bytes
 * at once for read() and every other mapping; a private one maps it
 * copy-on-write, so it sees the file until it writes its own copy. A private
 * write, a hole or a page that runs past file_limit (an ELF segment's bss)
 * gets a private copy at once: the file's bytes below file_limit, zeros
 * after. Past the end of the file, shared or private, is SIGBUS
 * (filemap_fault). mm->lock held.
 */
static int map_file_page(struct mm *mm, struct vma *v, vaddr_t va, unsigned access)
{
	ASSERT_HELD(&mm->lock);
	bool shared = v->flags & VMA_SHARED;
	u64 off = v->file_offset + (va - v->start);
	paddr_t pa;
	int err = v->ops->fault(v, off / PAGE_SIZE, shared, &pa);
	if (err)
		return err == -ENOMEM ? err : -EIO;
	if (!shared && (pa_is_none(pa) || (access & FAULT_WRITE) || off + PAGE_SIZE > v->file_limit)) {
		size_t len = off >= v->file_limit ? 0 : (size_t)MIN((u64)PAGE_SIZE, v->file_limit - off);
		err = map_private_page(mm, v, va, pa_is_none(pa) ? NULL : phys_to_virt(pa), len);
		if (!pa_is_none(pa))
			page_put(pa);
		return err;
	}
	if (pa_is_none(pa))
		return -EIO; /* the file gave no frame for a shared page inside it */
	err = vm_map_cache_frame(mm, v, va, pa);
	if (err)
		return err;
	if (!(access & FAULT_WRITE))
		fault_around(mm, v, va);
	return 0;
}

/*
 * The zero page (Linux mm/memory.c do_anonymous_page): a read fault in
 * private anonymous memory maps one shared page of zeros, copy-on-write, so
 * memory only read costs no page of its own (and is not resident in smaps,
 * where vm_normal_page leaves the zero page out); the first write copies it
 * (cow_page: its count never falls to one, this reference stays). Made at
 * the first such fault and kept for good.
 */
static u64 zero_page; /* its physical address (pa_addr), 0 until made [atomic] */

paddr_t vm_zero_page_paddr(void)
{
	return pa_init(__atomic_load_n(&zero_page, __ATOMIC_ACQUIRE));
}

bool vm_is_zero_page(paddr_t pa)
{
	return !pa_is_none(pa) && pa_eq(pa, vm_zero_page_paddr());
}

static paddr_t get_zero_page(void)
{
	paddr_t pa = vm_zero_page_paddr();
	if (!pa_is_none(pa))
		return pa;
	void *kva = page_alloc(PAGE_ZERO);
	if (!kva)
		return PA_NONE;
	u64 expected = 0;
	if (__atomic_compare_exchange_n(&zero_page, &expected, pa_addr(virt_to_phys(kva)), false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return virt_to_phys(kva);
	page_free(kva); /* another CPU made it first */
	return pa_init(expected);
}

/* A read fault in private anonymous memory: the zero page, copy-on-write. mm->lock held. */
int vm_map_zero_page(struct mm *mm, struct vma *v, vaddr_t va)
{
	ASSERT_HELD(&mm->lock);
	paddr_t pa = get_zero_page();
	if (pa_is_none(pa))
		return -ENOMEM;
	page_get(pa);
	int err = upt_map(&mm->arch, va, pa, v->prot);
	if (err) {
		page_put(pa);
		return err;
	}
	pte_t *pte = upt_lookup(&mm->arch, va);
	pte_set(pte, pte_make_cow(*pte));
	return 0;
}

int mm_handle_fault(struct mm *mm, vaddr_t addr, unsigned access)
{
	if (!mm || addr >= USER_VA_END)
		return -EFAULT;
	vaddr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
	/* Another thread forks: wait asleep for its copy (struct mm, forking)
	 * if the caller may sleep. A fork that starts after this check is
	 * waited for spinning: one copy. */
	if ((access & FAULT_MAY_WAIT) && __atomic_load_n(&mm->forking, __ATOMIC_RELAXED))
		wait_event(&mm->fork_done, !__atomic_load_n(&mm->forking, __ATOMIC_RELAXED));
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int err;
	struct vma *v;
	pte_t *pte;
retry:
	err = -EFAULT;
	v = vm_find(mm, addr);
	if (!v && stack_growth_committable(mm, addr, &irq)) {
		v = vm_find(mm, addr); /* another thread may have grown it meanwhile */
		if (!v)
			v = expand_stack(mm, addr);
	}
	if (!v || !access_allowed(v, access))
		goto out_unlock;
	if (v->flags & VMA_HWPOISON) {
		err = -EHWPOISON;
		goto out_unlock;
	}
	pte = upt_lookup(&mm->arch, va);
	if (pte && pte_is_breaking(*pte)) {
		/* another thread's copy-on-write break is flushing it (cow_copy):
		 * wait asleep if the caller may sleep, else spin */
		struct cow_wait w = {mm, pte, *pte};
		spin_unlock_irqrestore(&mm->lock, irq);
		if (access & FAULT_MAY_WAIT)
			wait_event(&mm->cow_done, cow_break_done(&w));
		else
			cow_breaks_spin(mm, false);
		irq = spin_lock_irqsave(&mm->lock);
		goto retry;
	}
	if (pte && pte_present(*pte)) {
		/* present: an access through an entry whose accessed flag
		 * clear_refs cleared (set it: Linux's handle_pte_fault makes the
		 * entry young), a spurious fault after another thread mapped it,
		 * or a write the VMA allows to a shared read-only page: copy it */
		if (!pte_young(*pte))
			pte_set(pte, pte_mkyoung(*pte));
		err = 0;
		if ((access & FAULT_WRITE) && !pte_writable(*pte))
			err = ((v->flags & VMA_SPECIAL) || pte_is_cow(*pte)) ? cow_page(mm, v, va, pte, &irq) : -EFAULT;
		else /* the entry allows it: this CPU's TLB held an older one (cow_page's reuse) */
			arch_flush_tlb_page_local(&mm->arch, va);
		goto out_unlock;
	}
	if ((v->flags & VMA_UFFD_MASK) && uffd_must_report(v, va))
		return uffd_handle_fault(mm, v, addr, access, irq); /* drops mm->lock */
	if (v->flags & VMA_SPECIAL) {
		err = map_special_page(mm, v, va, access);
		goto out_unlock;
	}
	if (v->ops)
		err = map_file_page(mm, v, va, access);
	else if (!(access & FAULT_WRITE) && !(v->flags & VMA_SHARED))
		err = vm_map_zero_page(mm, v, va);
	else
		err = map_private_page(mm, v, va, NULL, 0);
out_unlock:
	spin_unlock_irqrestore(&mm->lock, irq);
	struct task *t = current();
	if (!err && t && t->mm == mm) /* Linux mm_account_fault: every handled fault is the task's */
		__atomic_fetch_add(&t->min_flt, 1, __ATOMIC_RELAXED);
	return err; /* the caller turns a failure into a signal or an errno */
}

/* What to unmap from each mapping of a file: [first, end) of its pages;
 * cache NULL: every page (truncation), else only the file's own. */
struct file_unmap {
	u64 first, end;
	paddr_t (*cache)(const struct inode *inode, u64 index);
};

/* A mapping and what is unmapped from it (zap_keep's argument). */
struct file_zap {
	struct vma *v;
	const struct file_unmap *u;
};

/* Kept by a hole punch: a private copy in a private mapping, not the
 * file's page (Linux's should_zap_page: not without even_cows). */
static bool zap_keep(paddr_t pa, vaddr_t va, void *arg)
{
	const struct file_zap *z = arg;
	u64 index = z->v->file_offset / PAGE_SIZE + (va - z->v->start) / PAGE_SIZE;
	return !pa_eq(pa, z->u->cache(z->v->inode, index));
}

/* Unmaps the pages of v at file pages [u->first, u->end), every one for a
 * truncation, the file's own for a hole punch. Never fails (pgtable.h's
 * upt_zap_file_range); true when a page table other address spaces hold
 * changed in place. mm->lock held. */
static bool unmap_file_range(struct mm *mm, struct vma *v, const struct file_unmap *u)
{
	ASSERT_HELD(&mm->lock);
	u64 vfirst = v->file_offset / PAGE_SIZE, pages = (v->end - v->start) / PAGE_SIZE;
	u64 lo = MAX(u->first, vfirst), hi = MIN(u->end, vfirst + pages);
	if (lo >= hi)
		return false;
	vaddr_t from = v->start + (lo - vfirst) * PAGE_SIZE, to = v->start + (hi - vfirst) * PAGE_SIZE;
	struct file_zap z = {v, u};
	bool keep = u->cache && !(v->flags & VMA_SHARED);
	note_hiwater_rss(mm);
	return upt_zap_file_range(&mm->arch, from, to, keep ? zap_keep : NULL, &z);
}

/* Every mapping of inode in every address space (mm_list_lock, then each
 * mm->lock). A table changed in place for all its holders leaves their
 * resident counts behind: every address space counts again. */
static void unmap_file_everywhere(const struct inode *inode, const struct file_unmap *u)
{
	unsigned long irq = spin_lock_irqsave(&mm_list_lock);
	struct mm *mm;
	bool recount = false;
	list_for_each_entry(mm, &mm_list, all) {
		unsigned long mm_irq = spin_lock_irqsave(&mm->lock);
		struct vma *v;
		list_for_each_entry(v, &mm->vmas, node) {
			if (v->ops && v->inode == inode)
				recount |= unmap_file_range(mm, v, u);
		}
		spin_unlock_irqrestore(&mm->lock, mm_irq);
	}
	if (recount) {
		list_for_each_entry(mm, &mm_list, all) {
			unsigned long mm_irq = spin_lock_irqsave(&mm->lock);
			upt_recount_resident(&mm->arch);
			spin_unlock_irqrestore(&mm->lock, mm_irq);
		}
	}
	spin_unlock_irqrestore(&mm_list_lock, irq);
}

void vm_unmap_file_pages(const struct inode *inode, u64 first_pgoff)
{
	struct file_unmap u = {.first = first_pgoff, .end = ~0ULL};
	unmap_file_everywhere(inode, &u);
}

void vm_unmap_file_range(const struct inode *inode, u64 first, u64 end,
			 paddr_t (*cache)(const struct inode *inode, u64 index))
{
	struct file_unmap u = {.first = first, .end = end, .cache = cache};
	unmap_file_everywhere(inode, &u);
}

int vm_populate(struct mm *mm, vaddr_t start, size_t len, unsigned access)
{
	for (vaddr_t va = start; va < start + len; va += PAGE_SIZE) {
		int err = mm_handle_fault(mm, va, access);
		if (err)
			return err;
		cond_resched();
		if (task_fatal_signal_pending(current()))
			return -EINTR;
	}
	return 0;
}

int vm_copy_to(struct mm *mm, vaddr_t dst, const void *src, size_t len)
{
	const char *from = src;
	while (len > 0) {
		vaddr_t page = ALIGN_DOWN(dst, PAGE_SIZE);
		size_t n = MIN(len, PAGE_SIZE - (dst - page));
		int err = mm_handle_fault(mm, dst, FAULT_WRITE);
		if (err)
			return err;
		/* under the lock: another thread of mm may unmap, or fork and
		 * make it copy-on-write again, after the fault (then fault again) */
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		pte_t *pte = upt_lookup(&mm->arch, page);
		bool writable = pte && pte_present(*pte) && pte_writable(*pte);
		if (writable) {
			memcpy((char *)phys_to_virt(pte_paddr(*pte)) + (dst - page), from, n);
			page_mark_written(pte_paddr(*pte)); /* a shared file page may be executable elsewhere */
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (!writable)
			continue;
		from += n;
		dst += n;
		len -= n;
	}
	return 0;
}

/*
 * A pipe writer's copy into the buffer of a reader asleep in read(2)
 * (fs/pipe.c, "direct"): from the current task's user memory at src into
 * mm's at dst, a page at a time, without a fault on either side. Each
 * destination page must be mapped present and writable now — a page not
 * yet touched, copy-on-write, or registered for write-protect faults is
 * left to the reader, which faults it in its own context — and a source
 * page that is not present stops the copy too (the fault handler is off,
 * task->pagefault_disabled: the caller holds a pipe's mutex, and a fault
 * here could wait for a fork of this very mm that waits for us).
 *
 * The destination is written through the linear map with mm->lock
 * dropped (the source copy may take an exception). A page reference keeps
 * the frame against a racing munmap (the bytes then land in a frame the
 * reader no longer maps, as with Linux's pinned pages); foreign_writes
 * keeps fork from sharing the frame copy-on-write under the write (mm_fork
 * waits for 0, and no write starts while mm->forking).
 */
#define NOFAULT_BATCH 16 /* pages pinned in one lock section */

size_t vm_write_nofault(struct mm *mm, vaddr_t dst, uaddr_t src, size_t len)
{
	struct task *self = current();
	size_t done = 0;
	while (done < len) {
		/* pin up to NOFAULT_BATCH destination pages in one lock section */
		paddr_t pas[NOFAULT_BATCH];
		size_t nr = 0, span = 0;
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		while (!mm->forking && nr < NOFAULT_BATCH && done + span < len) {
			vaddr_t at = dst + done + span, page = ALIGN_DOWN(at, PAGE_SIZE);
			pte_t *pte = upt_lookup(&mm->arch, page);
			if (!pte || !pte_present(*pte) || !pte_writable(*pte) || !page_is_ram(pte_paddr(*pte)))
				break;
			pas[nr++] = pte_paddr(*pte);
			span += MIN(len - done - span, PAGE_SIZE - (at - page));
		}
		page_get_many(pas, nr);
		mm->foreign_writes += nr ? 1 : 0;
		spin_unlock_irqrestore(&mm->lock, irq);
		if (!nr)
			break;
		size_t copied = 0;
		self->pagefault_disabled++;
		for (size_t i = 0; i < nr; i++) {
			vaddr_t at = dst + done + copied;
			size_t off = at & (PAGE_SIZE - 1), n = MIN(span - copied, PAGE_SIZE - off);
			if (copy_from_user((char *)phys_to_virt(pas[i]) + off, uaddr_add(src, done + copied), n))
				break;
			page_mark_written(pas[i]); /* a shared file page may be executable elsewhere */
			copied += n;
		}
		self->pagefault_disabled--;
		irq = spin_lock_irqsave(&mm->lock);
		mm->foreign_writes--;
		spin_unlock_irqrestore(&mm->lock, irq);
		page_put_many(pas, nr);
		done += copied;
		if (copied < span)
			break;
	}
	return done;
}

/* Copies out of another address space (procfs: cmdline, environ), faulting
 * pages in for reading; mm->lock held while each page is read. */
int vm_copy_from(struct mm *mm, void *dst, vaddr_t src, size_t len)
{
	char *to = dst;
	while (len > 0) {
		vaddr_t page = ALIGN_DOWN(src, PAGE_SIZE);
		size_t n = MIN(len, PAGE_SIZE - (src - page));
		int err = mm_handle_fault(mm, src, FAULT_READ);
		if (err)
			return err;
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		pte_t *pte = upt_lookup(&mm->arch, page);
		bool present = pte && pte_present(*pte);
		/* another thread's copy-on-write break of it is in flight
		 * (cow_copy): the fault above waits for it next time round */
		bool breaking = pte && pte_is_breaking(*pte);
		if (present)
			memcpy(to, (char *)phys_to_virt(pte_paddr(*pte)) + (src - page), n);
		spin_unlock_irqrestore(&mm->lock, irq);
		if (breaking)
			continue;
		if (!present)
			return -EFAULT;
		to += n;
		src += n;
		len -= n;
	}
	return 0;
}

/*
 * A core dump's read of one page (Linux get_dump_page with FOLL_DUMP): a
 * page already mapped is copied; a page of anonymous memory never touched,
 * or the shared zero page, is a hole and not faulted in; a file's (or a
 * special mapping's) page not yet mapped is faulted in for reading. Protection is not asked (FOLL_FORCE), but a
 * PROT_NONE page cannot be faulted in here, so it is a hole unless mapped.
 */
int vm_dump_page(struct mm *mm, vaddr_t addr, void *buf)
{
	for (int tries = 0; tries < 2; tries++) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		struct vma *v = vm_find(mm, addr);
		pte_t *pte = v ? upt_lookup(&mm->arch, addr) : NULL;
		bool present = pte && pte_present(*pte);
		bool copied = present && !vm_is_zero_page(pte_paddr(*pte));
		if (copied)
			memcpy(buf, phys_to_virt(pte_paddr(*pte)), PAGE_SIZE);
		bool backed = v && (v->file || (v->flags & VMA_SPECIAL)); /* a fault reads its page */
		spin_unlock_irqrestore(&mm->lock, irq);
		if (copied)
			return 1;
		if (present || !backed || tries || mm_handle_fault(mm, addr, FAULT_READ))
			return 0;
	}
	return 0;
}

/*
 * ptrace's stores into a stopped tracee (Linux access_remote_vm with
 * FOLL_FORCE): a private page the tracee shares — a file's page-cache
 * frame, the zero page, a page shared copy-on-write with a fork — is
 * replaced by a copy of its own, mapped with the VMA's protection, so a
 * breakpoint can be written into read-only text without changing the
 * file or any other process. A page already its own is written in place.
 * A shared mapping without write permission is -EFAULT (Linux would write
 * the file through VM_MAYWRITE; not here). mm->lock held.
 */
static int force_own_page(struct mm *mm, struct vma *v, vaddr_t va, pte_t *pte)
{
	ASSERT_HELD(&mm->lock);
	if (pte_writable(*pte) || (!pte_is_cow(*pte) && !(v->flags & (VMA_SHARED | VMA_SPECIAL))))
		return 0;
	if (v->flags & VMA_SHARED)
		return -EFAULT;
	void *copy = page_alloc(PAGE_USER);
	if (!copy)
		return -ENOMEM;
	paddr_t old = pte_paddr(*pte);
	arch_copy_page(copy, phys_to_virt(old));
	/* break-before-make, as cow_copy, but all under mm->lock: a thread of
	 * the tracee still running faults on the breaking entry and waits */
	pte_set(pte, pte_mkbreaking(*pte));
	arch_flush_tlb_page(&mm->arch, va);
	pte_set(pte, upt_make_pte(virt_to_phys(copy), v->prot));
	if (vm_is_zero_page(old))
		upt_resident_inc(&mm->arch);
	page_put(old);
	vma_set_anon(mm, v);
	return 0;
}

int vm_write_forced(struct mm *mm, vaddr_t dst, const void *src, size_t len)
{
	const char *from = src;
	while (len > 0) {
		vaddr_t page = ALIGN_DOWN(dst, PAGE_SIZE);
		size_t n = MIN(len, PAGE_SIZE - (dst - page));
		int err = mm_handle_fault(mm, dst, FAULT_READ);
		if (err)
			return err;
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		struct vma *v = vm_find(mm, dst);
		pte_t *pte = upt_lookup(&mm->arch, page);
		err = v && pte && pte_present(*pte) ? force_own_page(mm, v, page, pte) : -EFAULT;
		if (!err) {
			char *kva = phys_to_virt(pte_paddr(*pte));
			memcpy(kva + (dst - page), from, n);
			page_mark_written(pte_paddr(*pte)); /* a shared file page may be executable elsewhere */
			if (v->prot & UPROT_EXEC)
				arch_sync_icache((vaddr_t)kva, PAGE_SIZE);
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (err)
			return err;
		from += n;
		dst += n;
		len -= n;
	}
	return 0;
}

/*
 * Moves [old, old + old_len) — all inside VMA v — to [new, new + new_len):
 * the VMA piece is re-inserted at the new place (grown or shrunk) and the
 * page-table entries move with it, so the pages keep their contents without
 * a copy. mm->lock held.
 */
static int move_mapping(struct mm *mm, struct vma *v, vaddr_t old, size_t old_len, vaddr_t new, size_t new_len)
{
	ASSERT_HELD(&mm->lock);
	/* Linux move_vma: stay 4 below vm.max_map_count, since the move adds a
	 * VMA and its unmap may split one into three */
	if (mm->nr_vmas >= vm_max_map_count() - 3)
		return -ENOMEM;
	if (new_len > old_len && !may_expand(mm, (new_len - old_len) >> PAGE_SHIFT))
		return -ENOMEM; /* checked before anything moves */
	int err = v->ops && v->ops->mremap ? v->ops->mremap(v, new) : 0;
	if (!err)
		err = upt_prepare_range(&mm->arch, new, MIN(old_len, new_len));
	if (!err)
		err = upt_own_range(&mm->arch, old, old + MIN(old_len, new_len));
	if (err)
		return err;
	struct vma *nv = kmalloc(sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	*nv = *v;
	nv->start = new;
	nv->end = new + new_len;
	nv->file_offset = v->file_offset + (old - v->start);
	nv->special_pgoff = v->special_pgoff + ((old - v->start) >> PAGE_SHIFT);
	vma_copy_file(nv);
	upt_move_range(&mm->arch, old, new, MIN(old_len, new_len));
	arch_flush_tlb_range(&mm->arch, old, old + old_len);
	err = unmap_locked(mm, old, old + old_len); /* drops what did not move */
	if (!err)
		err = vma_insert_locked(mm, nv);
	else
		vma_free(nv);
	return err;
}

u64 vm_remap_charge(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len)
{
	if (new_len <= old_len)
		return 0;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v = vm_find(mm, old);
	bool accounted = v && (v->flags & VMA_ACCOUNT) && old_len <= v->end - old;
	spin_unlock_irqrestore(&mm->lock, irq);
	return accounted ? (new_len - old_len) >> PAGE_SHIFT : 0;
}

int vm_remap(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len, bool may_move, bool fixed, vaddr_t new_addr,
	     vaddr_t *result)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	wait_cow_breaks(mm, &irq, false); /* their entries must not move */
	int err = -ENOMEM;
	/* Linux mremap_to, before it unmaps anything: both unmaps may split a
	 * VMA in three, and the move must then still be 4 below the limit */
	if (fixed && mm->nr_vmas + 2 >= vm_max_map_count() - 3)
		goto out_unlock;
	err = -EFAULT;
	struct vma *v = vm_find(mm, old);
	if (!v || old_len > v->end - old)
		goto out_unlock;
	if (((v->flags & VMA_SPECIAL) || (v->ops && v->ops->dontexpand)) && new_len > old_len)
		goto out_unlock;
	if (fixed) {
		err = unmap_locked(mm, new_addr, new_addr + new_len);
		v = err ? NULL : vm_find(mm, old); /* the unmap may have split */
		if (v)
			err = move_mapping(mm, v, old, old_len, new_addr, new_len);
		*result = new_addr;
		goto out_unlock;
	}
	if (new_len <= old_len) {
		err = unmap_locked(mm, old + new_len, old + old_len);
		*result = old;
		goto out_unlock;
	}
	/* grow in place when the VMA ends here and the space after it is free */
	if (old + old_len == v->end && new_len <= USER_VA_END - old && vm_range_free(mm, v->end, new_len - old_len) &&
	    may_expand(mm, (new_len - old_len) >> PAGE_SHIFT)) {
		mm->total_pages += (new_len - old_len) >> PAGE_SHIFT;
		v->end = old + new_len;
		vma_tree_update(mm->vma_tree, v);
		vma_merge_around(mm, v);
		*result = old;
		err = 0;
		goto out_unlock;
	}
	err = -ENOMEM;
	if (!may_move)
		goto out_unlock;
	vaddr_t to = find_gap_below(mm, new_len, mm->mmap_base);
	if (!to)
		goto out_unlock;
	err = move_mapping(mm, v, old, old_len, to, new_len);
	*result = to;
out_unlock:
	spin_unlock_irqrestore(&mm->lock, irq);
	return err;
}

int vm_shared_page(struct mm *mm, vaddr_t addr, paddr_t *pa)
{
	for (int tries = 0; tries < 3; tries++) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		struct vma *v = vm_find(mm, addr);
		/* get_futex_key takes the page with get_user_pages: an address
		 * no read could reach (unmapped, PROT_NONE) is EFAULT */
		bool readable = v && access_allowed(v, FAULT_READ);
		if (!readable || !(v->flags & VMA_SHARED)) {
			spin_unlock_irqrestore(&mm->lock, irq);
			return readable ? 1 : -EFAULT;
		}
		pte_t *pte = upt_lookup(&mm->arch, ALIGN_DOWN(addr, PAGE_SIZE));
		if (pte && pte_present(*pte)) {
			*pa = pte_paddr(*pte);
			page_get(*pa);
			spin_unlock_irqrestore(&mm->lock, irq);
			return 0;
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (mm_handle_fault(mm, addr, FAULT_READ))
			return -EFAULT;
	}
	return -EFAULT; /* unmapped again each time: give up as a fault would */
}

int mm_fault_code(struct mm *mm, vaddr_t addr)
{
	if (!mm)
		return 1;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	bool mapped = vm_find(mm, addr) != NULL;
	spin_unlock_irqrestore(&mm->lock, irq);
	return mapped ? 2 /* SEGV_ACCERR */ : 1 /* SEGV_MAPERR */;
}

/*
 * Whether fork copies v's page table (Linux vma_needs_copy): not for a file
 * mapping whose pages all come from the page cache (v->ops) and that never
 * held a private page, since the child's faults map the same frames again
 * (shared mappings, read-only data), nor for a special mapping (the vDSO
 * and its data page) without a private copy of a page, whose faults map
 * the shared frames again too (map_special_page): most children never call
 * it, and its tables, alone in their part of the address space, were two
 * pages of every child (bench row mem_per_process_kib). Anything with
 * private pages is copied, and so is a file's executable text, unlike
 * Linux: a forked child runs its parent's code at once, and re-faulting it
 * cost more than copying its entries (fork + execve of a static hello:
 * 424 k -> 483 k instructions when text was skipped too; bench/README.md).
 */
static bool vma_needs_copy(const struct vma *v)
{
	if (v->flags & VMA_SPECIAL)
		return v->flags & VMA_ANON_PAGES;
	return !v->ops || (v->prot & UPROT_EXEC) || (v->flags & VMA_ANON_PAGES);
}

/*
 * Eager copies at fork (Linux copies a page at fork only when it may be
 * pinned, page_needs_cow_for_dma; this is ours). In a process of several
 * threads, each thread's first touch after another thread's fork is its
 * stack and its thread pointer's page (TLS, the rseq area), and with the
 * other threads running on other CPUs each such copy-on-write break is a
 * broadcast TLB flush: under QEMU's multi-threaded TCG one stops every
 * virtual CPU, and they were most of fork+exit+wait from four threads
 * (bench/README.md, smp_fork_wait). So fork gives the child its own copy
 * of those pages at once and leaves them writable in the parent: the
 * child gets the same bytes (the copy is made after the parent's TLB
 * flush, while no thread can write them), nobody breaks anything later.
 * The same for the pages of the last breaks that flushed other CPUs
 * (mm->recent_breaks: the C library's data the forking thread writes
 * right after every fork, its locks). fork_hot_pages collects the
 * threads' pages (before mm->lock: the group's lock comes first),
 * fork_copy_hot_page copies one.
 */
#define FORK_HOT_PAGES 32 /* two per thread, the first 16 threads */

static int fork_hot_pages(vaddr_t *hot)
{
	struct thread_group *g = current()->group;
	if (__atomic_load_n(&g->nr_threads, __ATOMIC_RELAXED) < 2)
		return 0; /* its breaks flush its own CPU only (asid.c) */
	int n = 0;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	struct list_head *node;
	list_for_each(node, &g->threads)
	{
		if (n + 2 > FORK_HOT_PAGES)
			break;
		vaddr_t addrs[2];
		arch_user_hot_addrs(list_entry(node, struct task, group_node), addrs);
		hot[n++] = ALIGN_DOWN(addrs[0], PAGE_SIZE);
		hot[n++] = ALIGN_DOWN(addrs[1], PAGE_SIZE);
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return n;
}

/* The page at va, if this fork alone made it copy-on-write (its frame held
 * by src and dst only) in a private writable mapping: dst gets a copy now
 * and src's entry is writable again. src->lock held, src's TLB flushed
 * since its entries became read-only; making one writable again needs no
 * flush (a stale read-only entry faults once: mm_handle_fault flushes it
 * on its CPU). A page in a table fork shares (share_table) is left alone:
 * both sides see one entry, and its frame has no reference of dst's. */
static void fork_copy_hot_page(struct mm *src, struct mm *dst, vaddr_t va)
{
	struct vma *v = vm_find(src, va);
	unsigned not_private = VMA_SHARED | VMA_SPECIAL | VMA_DONTCOPY | VMA_WIPEONFORK | VMA_UFFD_MASK;
	if (!v || va < v->start || !(v->prot & UPROT_WRITE) || (v->flags & not_private))
		return;
	pte_t *spte = upt_lookup(&src->arch, va), *dpte = upt_lookup(&dst->arch, va);
	if (!spte || !dpte || spte == dpte || !pte_present(*spte) || !pte_is_cow(*spte) || *dpte != *spte)
		return;
	paddr_t pa = pte_paddr(*spte);
	if (vm_is_zero_page(pa) || page_refcount(pa) != 2)
		return;
	void *copy = page_alloc(PAGE_USER);
	if (!copy)
		return; /* copy-on-write as usual */
	arch_copy_page(copy, phys_to_virt(pa));
	if (v->prot & UPROT_EXEC)
		arch_sync_icache((vaddr_t)copy, PAGE_SIZE);
	pte_set(dpte, pte_cow_resolved(*dpte, virt_to_phys(copy)));
	pte_set(spte, pte_cow_resolved(*spte, pa));
	page_put(pa); /* dst's reference */
}

/*
 * fork: a copy of src (Linux dup_mmap): the same VMAs (files referenced),
 * shared mappings share their pages, private ones become copy-on-write in
 * both address spaces; MADV_DONTFORK's VMAs are left out and
 * MADV_WIPEONFORK's have no pages in the child.
 *
 * Locks: src->map_mutex, then src->lock for the copy. The copy (and the TLB
 * flush at its end) must exclude src's faults and changes, so it holds the
 * spinlock; the mutex makes the other threads of src that fork at the same
 * time (or mmap, brk) wait asleep, as Linux's dup_mmap holds the mmap lock,
 * a sleeping rwsem, for writing. Spinning on src->lock instead, with
 * interrupts off, they kept their virtual CPUs running, and under QEMU's
 * multi-threaded TCG the copy's broadcast TLBI waits for every running
 * virtual CPU (bench/README.md, smp_fork_wait).
 */
struct mm *mm_fork(struct mm *src)
{
	struct mm *mm = mm_create();
	if (!mm)
		return NULL;
	mm->dump_filter = __atomic_load_n(&src->dump_filter, __ATOMIC_RELAXED);
	vaddr_t hot[FORK_HOT_PAGES];
	int nr_hot = fork_hot_pages(hot);
	mutex_lock(&src->map_mutex);
	unsigned long irq = spin_lock_irqsave(&src->lock);
	__atomic_store_n(&src->forking, true, __ATOMIC_RELAXED);
	wait_cow_breaks(src, &irq, true);
	int err = 0;
	struct vma *v;
	u64 left_out = 0;
	list_for_each_entry(v, &src->vmas, node) {
		if (v->flags & VMA_DONTCOPY) { /* MADV_DONTFORK */
			left_out += (v->end - v->start) >> PAGE_SHIFT;
			continue;
		}
		struct vma *copy = kmalloc(sizeof(*copy));
		if (!copy) {
			err = -ENOMEM;
			break;
		}
		*copy = *v;
		copy->flags &= ~VMA_LOCK_MASK; /* dup_mmap: locks are not inherited */
		/* dup_userfaultfd without UFFD_FEATURE_EVENT_FORK: the child's copy is not registered */
		copy->flags &= ~VMA_UFFD_MASK;
		copy->uffd = NULL;
		if (v->flags & VMA_WIPEONFORK) { /* no pages, so no anon_vma (dup_mmap) */
			copy->flags &= ~VMA_ANON_MASK;
			copy->anon_id = 0;
		} else if (v->anon_id) { /* anon_vma_fork */
			copy->flags |= VMA_ANON_FORKED;
			copy->anon_id = __atomic_add_fetch(&last_anon_id, 1, __ATOMIC_RELAXED);
		}
		vma_copy_file(copy);
		vma_link(mm, copy, &mm->vmas);			       /* in order: src's list is sorted */
		if (!vma_needs_copy(v) || (v->flags & VMA_WIPEONFORK)) /* wiped: the child faults zeros */
			continue;
		bool cow = !(v->flags & (VMA_SHARED | VMA_SPECIAL));
		err = upt_copy_range(&src->arch, &mm->arch, v->start, v->end, cow);
		if (err)
			break;
	}
	mm->total_pages = src->total_pages - left_out;
	mm->brk_start = src->brk_start;
	mm->brk = src->brk;
	mm->mmap_base = src->mmap_base;
	mm->stack_top = src->stack_top;
	mm->stack_limit = src->stack_limit;
	mm->arg_start = src->arg_start;
	mm->arg_end = src->arg_end;
	mm->env_start = src->env_start;
	mm->env_end = src->env_end;
	mm->start_code = src->start_code;
	mm->end_code = src->end_code;
	mm->vdso_base = src->vdso_base;
	memcpy(mm->saved_auxv, src->saved_auxv, sizeof(mm->saved_auxv));
	mm->exe_file = src->exe_file;
	mm->exe_ops = src->exe_ops;
	if (mm->exe_file)
		mm->exe_ops->get(mm->exe_file); /* dup_mm_exe_file */
	arch_flush_tlb_mm(&src->arch);		/* the parent's private pages are read-only now */
	for (int i = 0; i < nr_hot && !err; i++)
		fork_copy_hot_page(src, mm, hot[i]);
	for (int i = 0; i < MM_RECENT_BREAKS && nr_hot && !err; i++) /* nr_hot: several threads */
		if (src->recent_breaks[i])
			fork_copy_hot_page(src, mm, src->recent_breaks[i]);
	__atomic_store_n(&src->forking, false, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&src->lock, irq);
	wake_up_all(&src->fork_done);
	mutex_unlock(&src->map_mutex);
	if (err) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}

/* ---- commit accounting (Linux mm/util.c __vm_enough_memory, vm_commit_limit) ----
 *
 * What a process may still commit is judged by vm.overcommit_memory: 0
 * (the heuristic: one request larger than RAM fails), 1 (never refused) or
 * 2 (the commit limit: Committed_AS may not reach CommitLimit, which is
 * overcommit_kbytes if set, else overcommit_ratio percent of RAM; without
 * swap). Committed_AS is not a running count but summed when asked: the
 * pages of every VMA_ACCOUNT mapping of every address space (private
 * writable mappings, the heap, the stack: Linux's VM_ACCOUNT) plus what
 * tmpfs charges (vm_commit_shmem: each page of a file as it comes,
 * shmem_acct_block, or a shared anonymous object's whole size,
 * shmem_acct_size). A sum cannot drift from the mappings it counts; its
 * cost (every VMA) is paid only by /proc/meminfo and by requests in mode 2.
 * Requests are checked before they change anything: mmap, brk and fork by
 * their callers, mprotect and mremap through vm_protect_charge and
 * vm_remap_charge, stack growth by the fault (stack_growth_committable).
 */
static int overcommit_mode;	  /* [atomic] */
static int overcommit_ratio = 50; /* [atomic] */
static u64 overcommit_kbytes;	  /* [atomic] */
static long shmem_pages;	  /* tmpfs frames (vm_commit_shmem) [atomic] */

int vm_overcommit_get(int which)
{
	switch (which) {
	case VM_OVERCOMMIT_MODE: return __atomic_load_n(&overcommit_mode, __ATOMIC_RELAXED);
	case VM_OVERCOMMIT_RATIO: return __atomic_load_n(&overcommit_ratio, __ATOMIC_RELAXED);
	default: return 0;
	}
}

u64 vm_overcommit_kbytes(void)
{
	return __atomic_load_n(&overcommit_kbytes, __ATOMIC_RELAXED);
}

/* Setting the ratio clears kbytes and the other way round (overcommit_ratio_handler). */
void vm_overcommit_set(int which, u64 value)
{
	switch (which) {
	case VM_OVERCOMMIT_MODE: __atomic_store_n(&overcommit_mode, (int)value, __ATOMIC_RELAXED); break;
	case VM_OVERCOMMIT_RATIO:
		__atomic_store_n(&overcommit_ratio, (int)value, __ATOMIC_RELAXED);
		__atomic_store_n(&overcommit_kbytes, 0, __ATOMIC_RELAXED);
		break;
	default:
		__atomic_store_n(&overcommit_kbytes, value, __ATOMIC_RELAXED);
		__atomic_store_n(&overcommit_ratio, 0, __ATOMIC_RELAXED);
		break;
	}
}

void vm_commit_shmem(long pages)
{
	__atomic_add_fetch(&shmem_pages, pages, __ATOMIC_RELAXED);
}

u64 vm_commit_limit(void)
{
	u64 kbytes = vm_overcommit_kbytes();
	if (kbytes)
		return kbytes >> (PAGE_SHIFT - 10);
	int ratio = vm_overcommit_get(VM_OVERCOMMIT_RATIO);
	return ratio > 0 ? page_total_count() * (u64)ratio / 100 : 0;
}

/* The pages of mm's VMA_ACCOUNT mappings. [mm->lock] */
static u64 mm_accounted_pages(struct mm *mm)
{
	ASSERT_HELD(&mm->lock);
	u64 pages = 0;
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node) {
		if (v->flags & VMA_ACCOUNT)
			pages += (v->end - v->start) / PAGE_SIZE;
	}
	return pages;
}

u64 vm_committed_pages(void)
{
	u64 pages = 0;
	unsigned long irq = spin_lock_irqsave(&mm_list_lock);
	struct mm *mm;
	list_for_each_entry(mm, &mm_list, all) {
		unsigned long irq2 = spin_lock_irqsave(&mm->lock);
		pages += mm_accounted_pages(mm);
		spin_unlock_irqrestore(&mm->lock, irq2);
	}
	spin_unlock_irqrestore(&mm_list_lock, irq);
	long shmem = __atomic_load_n(&shmem_pages, __ATOMIC_RELAXED);
	return pages + (shmem > 0 ? (u64)shmem : 0);
}

int vm_enough_memory(struct mm *mm, u64 pages, bool admin)
{
	int mode = vm_overcommit_get(VM_OVERCOMMIT_MODE);
	if (mode == 1)
		return 0;
	if (mode == 0)
		return pages > page_total_count() ? -ENOMEM : 0;
	/* init_admin_reserve and init_user_reserve: 1/32 of memory, at most
	 * 8 MiB and 128 MiB (Linux takes the free memory at boot) */
	u64 total = page_total_count(), allowed = vm_commit_limit();
	u64 admin_reserve = MIN(total / 32, (u64)(8 << 20) / PAGE_SIZE);
	u64 user_reserve = MIN(total / 32, (u64)(128 << 20) / PAGE_SIZE);
	if (!admin)
		allowed = allowed > admin_reserve ? allowed - admin_reserve : 0;
	if (mm) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		u64 reserve = MIN(mm->total_pages / 32, user_reserve);
		spin_unlock_irqrestore(&mm->lock, irq);
		allowed = allowed > reserve ? allowed - reserve : 0;
	}
	return vm_committed_pages() + pages < allowed ? 0 : -ENOMEM;
}

bool vm_fork_allowed(struct mm *src, bool admin)
{
	unsigned long irq = spin_lock_irqsave(&src->lock);
	u64 pages = mm_accounted_pages(src);
	spin_unlock_irqrestore(&src->lock, irq);
	/* dup_mmap charges each VM_ACCOUNT mapping; only mode 2 can refuse the sum */
	return vm_overcommit_get(VM_OVERCOMMIT_MODE) != 2 || vm_enough_memory(src, pages, admin) == 0;
}
