/*
 * test_vm.c — the VMA operations of kernel/mm/vm.c on the host: mmap
 * (MAP_FIXED replacing), munmap holes and splits, merging of compatible
 * neighbours, mprotect of part of a mapping and over a hole, mremap
 * (shrink, grow in place, move), madvise(MADV_DONTNEED), demand faults,
 * fork's copy-on-write and RLIMIT_AS.
 *
 * vm.c reaches the page table only through include/pgtable.h, so this test
 * gives it a fake one: a flat array of entries per address space, with its
 * own entry bits (any encoding works: the bits are the architecture's). Frames
 * are host pages with a reference count; every test ends with mm_put and
 * checks that no frame is left (nothing leaked, nothing freed twice). After
 * every step the VMA list is checked against the tree, the invariants vm.c
 * states (sorted, page aligned, non-empty, no overlap, no two neighbours
 * that could merge), total_pages and nr_vmas. TLB flushes are recorded so a
 * test can check that an entry taken away was flushed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "mm.h"
#include "signal.h"
#include "string.h"
#include "task.h"
#include "uapi/errno.h"

/* From the C library; <stdlib.h> is left out because its wait macros
 * clash with the kernel's (task.h). kmalloc, spinlocks, panic and current()
 * are tests/unit/host_kernel.c's. */
void *calloc(size_t n, size_t size);
void *aligned_alloc(size_t align, size_t size);
void free(void *p);

#define PG 4096UL
#define SPACE (1UL << 28) /* the fake page table covers user addresses [0, SPACE) */
#define NR_ENTRIES (SPACE / PG)
#define BASE 0x1000000UL       /* where the tests map */
#define MADV_DONTNEED_ADVICE 4 /* MADV_DONTNEED */

/* ---- the kernel services vm.c calls --------------------------------------- */

/* The commit check of a stack growth asks for CAP_SYS_ADMIN. */
bool capable(int cap)
{
	return true;
}

void arch_sync_icache(vaddr_t kva, size_t len)
{
}

/* Instruction-cache bookkeeping of file pages (page_alloc.c): nothing to model here. */
void page_sync_icache(paddr_t pa)
{
}

void page_mark_written(paddr_t pa)
{
}

/* userfaultfd's hook (mm/userfaultfd.c): these tests register no range. */
bool uffd_must_report(struct vma *v, vaddr_t va)
{
	return false;
}

int uffd_handle_fault(struct mm *mm, struct vma *v, vaddr_t addr, unsigned access, unsigned long irq)
{
	return -EFAULT;
}

void arch_copy_page(void *dst, const void *src)
{
	memcpy(dst, src, PAGE_SIZE);
}

void arch_switch_mm(struct arch_mm *am)
{
}

/* ---- frames: host pages with a reference count ------------------------------- */

#define MAX_FRAMES 4096
static struct {
	void *page;
	u32 refs;
} frames[MAX_FRAMES];
static int live_frames;
static int fail_page_alloc; /* the next page_alloc fails (out of memory) */

static int frame_index(paddr_t pa)
{
	for (int i = 0; i < MAX_FRAMES; i++)
		if (frames[i].page && pa_eq(virt_to_phys(frames[i].page), pa))
			return i;
	fail_msg("not a frame: %#lx", (unsigned long)pa_addr(pa));
	return -1;
}

/* The RAM the overcommit policy weighs (vm_enough_memory): the test frames. */
u64 page_total_count(void)
{
	return MAX_FRAMES;
}

void *page_alloc(unsigned flags)
{
	if (fail_page_alloc) {
		fail_page_alloc = 0;
		return NULL;
	}
	for (int i = 0; i < MAX_FRAMES; i++) {
		if (frames[i].page)
			continue;
		frames[i].page = aligned_alloc(PG, PG);
		assert_non_null(frames[i].page);
		memset(frames[i].page, (flags & PAGE_ZERO) ? 0 : 0xa5, PG);
		frames[i].refs = 1;
		live_frames++;
		return frames[i].page;
	}
	fail_msg("out of test frames");
	return NULL;
}

void page_put(paddr_t pa)
{
	int i = frame_index(pa);
	assert_true(frames[i].refs > 0);
	if (--frames[i].refs == 0) {
		free(frames[i].page);
		frames[i].page = NULL;
		live_frames--;
	}
}

void page_free(void *kva)
{
	int i = frame_index(virt_to_phys(kva));
	assert_int_equal(frames[i].refs, 1);
	page_put(virt_to_phys(kva));
}

/* The frames in use but the zero page, which vm.c makes once and keeps. */
static int frames_in_use(void)
{
	int n = live_frames;
	for (int i = 0; i < MAX_FRAMES; i++)
		if (frames[i].page && vm_is_zero_page(virt_to_phys(frames[i].page)))
			n--;
	return n;
}

void page_get(paddr_t pa)
{
	frames[frame_index(pa)].refs++;
}

u32 page_refcount(paddr_t pa)
{
	return frames[frame_index(pa)].refs;
}

void page_get_many(const paddr_t *pas, size_t n)
{
	for (size_t i = 0; i < n; i++)
		page_get(pas[i]);
}

void page_put_many(const paddr_t *pas, size_t n)
{
	for (size_t i = 0; i < n; i++)
		page_put(pas[i]);
}

bool page_is_ram(paddr_t pa)
{
	return frame_index(pa) >= 0;
}

/* The "user memory" vm_write_nofault copies from is a host buffer; bytes
 * at or past user_src_end are a page not present: the copy fails there,
 * as the arch's copy does with the fault handler off. */
static const char *user_src_end;
static int copies_with_faults_off; /* copy_from_user calls with task->pagefault_disabled */

int(copy_from_user)(void *dst, uaddr_t src, size_t len)
{
	const char *from = (const char *)uaddr_raw(src);
	copies_with_faults_off += current()->pagefault_disabled > 0;
	if (from + len > user_src_end)
		return -EFAULT;
	memcpy(dst, from, len);
	return 0;
}

/* ---- the fake page table --------------------------------------------------------- */

#define E_VALID 1UL /* the (fake) MMU may use it */
#define E_NONE 2UL  /* PROT_NONE: holds a frame, no access */
#define E_WRITE 4UL
#define E_EXEC 8UL
#define E_COW 16UL
#define E_OLD 32UL	/* the accessed flag cleared (the real AF's sense inverted: made entries are young) */
#define E_BREAKING 64UL /* pte_mkbreaking: invalid, frame kept */
#define E_FRAME (~(PG - 1))

pte_t upt_make_pte(paddr_t pa, unsigned uprot)
{
	if (!(uprot & (UPROT_READ | UPROT_WRITE | UPROT_EXEC)))
		return pa_addr(pa) | E_NONE;
	return pa_addr(pa) | E_VALID | ((uprot & UPROT_WRITE) ? E_WRITE : 0) | ((uprot & UPROT_EXEC) ? E_EXEC : 0);
}
bool pte_present(pte_t e)
{
	return (e & (E_VALID | E_NONE)) != 0;
}
paddr_t pte_paddr(pte_t e)
{
	return pa_init(e & E_FRAME);
}
bool pte_writable(pte_t e)
{
	return e & E_WRITE;
}
bool pte_is_cow(pte_t e)
{
	return e & E_COW;
}
bool pte_young(pte_t e)
{
	return !(e & E_OLD);
}
pte_t pte_mkyoung(pte_t e)
{
	return e & ~E_OLD;
}
void upt_clear_young_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	for (vaddr_t va = start; va < end && va < SPACE; va += PG)
		if (pte_present(am->root[va / PG]))
			am->root[va / PG] |= E_OLD;
}
pte_t pte_make_cow(pte_t e)
{
	return (e | E_COW) & ~E_WRITE;
}
pte_t pte_cow_resolved(pte_t e, paddr_t pa)
{
	return (e & ~(E_FRAME | E_COW)) | pa_addr(pa) | ((e & E_VALID) ? E_WRITE : 0);
}
pte_t pte_mkbreaking(pte_t e)
{
	return (e & ~E_VALID) | E_BREAKING;
}
bool pte_is_breaking(pte_t e)
{
	return (e & (E_VALID | E_BREAKING)) == E_BREAKING;
}
bool pte_resident(pte_t e)
{
	return pte_present(e) || pte_is_breaking(e);
}
void pte_set(pte_t *ptep, pte_t e)
{
	*ptep = e;
}

int upt_create(struct arch_mm *am)
{
	am->root = calloc(NR_ENTRIES, sizeof(pte_t));
	am->asid = 0;
	am->resident = 0;
	return am->root ? 0 : -ENOMEM;
}

void upt_destroy(struct arch_mm *am)
{
	for (size_t i = 0; i < NR_ENTRIES; i++) /* pgtable.h: the frames still mapped are dropped */
		if (pte_present(am->root[i]))
			page_put(pte_paddr(am->root[i]));
	free(am->root);
}

pte_t *(upt_lookup)(struct arch_mm *am, vaddr_t va)
{
	return va < SPACE ? &am->root[va / PG] : NULL;
}

int upt_map(struct arch_mm *am, vaddr_t va, paddr_t pa, unsigned uprot)
{
	assert_true(va < SPACE);
	assert_false(pte_present(am->root[va / PG])); /* vm.c maps only where nothing is */
	am->root[va / PG] = upt_make_pte(pa, uprot);
	am->resident += !vm_is_zero_page(pa);
	return 0;
}

u64 upt_resident_pages(const struct arch_mm *am)
{
	return am->resident;
}

u64 upt_table_count(const struct arch_mm *am)
{
	return am->tables; /* the fake's one flat table is not counted */
}

void upt_resident_inc(struct arch_mm *am)
{
	am->resident++;
}

void upt_resident_dec(struct arch_mm *am)
{
	am->resident--;
}

void arch_flush_tlb_range(struct arch_mm *am, vaddr_t start, vaddr_t end);

/* pgtable.h: returns with what it cleared flushed, as the real one */
void upt_unmap_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	arch_flush_tlb_range(am, start, end);
	for (vaddr_t va = start; va < end && va < SPACE; va += PG) {
		pte_t *e = &am->root[va / PG];
		if (pte_present(*e)) {
			am->resident -= !vm_is_zero_page(pte_paddr(*e));
			page_put(pte_paddr(*e));
		}
		*e = 0; /* a breaking entry too: its breaker puts the frame */
	}
}

void upt_free_tables(struct arch_mm *am, vaddr_t start, vaddr_t end, vaddr_t floor, vaddr_t ceiling)
{
	/* the fake's one flat table is never freed; the gap vm.c found lies
	 * between two VMAs. Entries may be there still: mremap moves them
	 * before their VMA is inserted, and the insertion unmaps its range. */
	(void)am;
	assert_true(start < end && floor <= ceiling);
}

bool upt_zap_file_range(struct arch_mm *am, vaddr_t start, vaddr_t end, bool (*keep)(paddr_t pa, vaddr_t va, void *arg),
			void *keep_arg)
{
	for (vaddr_t va = start; va < end && va < SPACE; va += PG) {
		pte_t *e = &am->root[va / PG];
		if (pte_present(*e) && !(keep && keep(pte_paddr(*e), va, keep_arg)))
			upt_unmap_range(am, va, va + PG);
	}
	return false; /* this fake never shares a table */
}

void upt_recount_resident(struct arch_mm *am)
{
	(void)am; /* never needed: upt_zap_file_range never changes a shared table here */
}

int upt_own_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	(void)am;
	(void)start;
	(void)end;
	return 0; /* this fake never shares a table */
}

int upt_prepare_range(struct arch_mm *am, vaddr_t start, size_t len)
{
	return start + len <= SPACE ? 0 : -ENOMEM;
}

void upt_move_range(struct arch_mm *am, vaddr_t from, vaddr_t to, size_t len)
{
	for (size_t off = 0; off < len; off += PG) {
		pte_t *src = &am->root[(from + off) / PG];
		if (!pte_present(*src))
			continue;
		assert_false(pte_present(am->root[(to + off) / PG]));
		am->root[(to + off) / PG] = *src;
		*src = 0;
	}
}

void upt_protect_range(struct arch_mm *am, vaddr_t start, vaddr_t end, unsigned uprot)
{
	for (vaddr_t va = start; va < end; va += PG) {
		pte_t *e = &am->root[va / PG];
		if (!pte_present(*e))
			continue;
		bool cow = pte_is_cow(*e);
		*e = upt_make_pte(pte_paddr(*e), uprot);
		if (cow)
			*e = pte_make_cow(*e);
	}
}

int upt_copy_range(struct arch_mm *src, struct arch_mm *dst, vaddr_t start, vaddr_t end, bool cow)
{
	for (vaddr_t va = start; va < end; va += PG) {
		pte_t *e = &src->root[va / PG];
		if (!pte_present(*e))
			continue;
		if (cow && (pte_writable(*e) || !(*e & E_VALID)))
			*e = pte_make_cow(*e);
		page_get(pte_paddr(*e));
		if (!pte_present(dst->root[va / PG]))
			dst->resident += !vm_is_zero_page(pte_paddr(*e));
		dst->root[va / PG] = *e;
	}
	return 0;
}

/* Flushes, as the union of the ranges flushed since the last reset. */
static vaddr_t flushed_lo = ~0UL, flushed_hi;
static void flushed(vaddr_t lo, vaddr_t hi)
{
	flushed_lo = lo < flushed_lo ? lo : flushed_lo;
	flushed_hi = hi > flushed_hi ? hi : flushed_hi;
}
static void flush_reset(void)
{
	flushed_lo = ~0UL;
	flushed_hi = 0;
}
/* A thread of the mm "on another CPU" (arch_tlb_active_elsewhere): a
 * copy-on-write copy then flushes with mm->lock dropped, and the test's
 * hook runs there, as another thread would meanwhile. */
static bool other_cpu_active;
static void (*during_flush)(struct mm *mm, vaddr_t va);
static struct mm *flush_hook_mm;

bool arch_tlb_active_elsewhere(struct arch_mm *am)
{
	(void)am;
	return other_cpu_active;
}

void arch_flush_tlb_page(struct arch_mm *am, vaddr_t va)
{
	flushed(va, va + PG);
	void (*hook)(struct mm *, vaddr_t) = during_flush;
	if (hook && flush_hook_mm && &flush_hook_mm->arch == am && pte_is_breaking(am->root[va / PG])) {
		during_flush = NULL; /* once */
		hook(flush_hook_mm, va);
	}
}
void arch_flush_tlb_page_local(struct arch_mm *am, vaddr_t va)
{
	flushed(va, va + PG);
}
void arch_flush_tlb_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	flushed(start, end);
}
void arch_flush_tlb_mm(struct arch_mm *am)
{
	flushed(0, ~0UL);
}
static void assert_flushed(vaddr_t lo, vaddr_t hi)
{
	assert_true(flushed_lo <= lo && flushed_hi >= hi);
}

/* The pages fork copies at once for a process of several threads
 * (arch_user_hot_addrs): each thread of the test's group reports these. */
static vaddr_t fake_hot_addrs[2];
void arch_user_hot_addrs(struct task *t, vaddr_t hot[2])
{
	hot[0] = fake_hot_addrs[0];
	hot[1] = fake_hot_addrs[1];
}

/* The populates give the CPU away when asked (sched.c): the test has one task. */
void cond_resched(void)
{
}

/* ---- helpers ------------------------------------------------------------------- */

static struct thread_group group;
static struct task task;

/* A fresh address space, current() its only task, RLIMIT_AS unlimited. */
static struct mm *new_mm(void)
{
	struct mm *mm = mm_create();
	assert_non_null(mm);
	mm->mmap_base = SPACE;
	memset(&group, 0, sizeof(group));
	memset(&task, 0, sizeof(task));
	group.rlimits[RLIMIT_AS][0] = group.rlimits[RLIMIT_AS][1] = ~0UL;
	task.group = &group;
	task.mm = mm;
	host_current_task = &task;
	flush_reset();
	return mm;
}

static void done_mm(struct mm *mm)
{
	mm_put(mm);
	assert_int_equal(frames_in_use(), 0);
}

/* vm_find as the kernel calls it: under mm->lock (vm.c asserts it). */
static struct vma *find_vma(struct mm *mm, vaddr_t addr)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v = vm_find(mm, addr);
	spin_unlock_irqrestore(&mm->lock, irq);
	return v;
}

/* Whether a and b's private pages would let them merge (vm.c
 * anon_mergeable: one anon_vma, or none on one side and no fork's copy). */
static bool anon_alike(const struct vma *a, const struct vma *b)
{
	if (a->anon_id == b->anon_id)
		return true;
	return !(a->anon_id && b->anon_id) && !((a->flags | b->flags) & VMA_ANON_FORKED);
}

/* The list is sorted, aligned, non-empty, without overlap or mergeable
 * neighbours, agrees with the tree, nr_vmas and total_pages. */
static void check_vmas(struct mm *mm)
{
	struct vma *v, *prev = NULL;
	int n = 0;
	u64 pages = 0;
	list_for_each_entry(v, &mm->vmas, node) {
		assert_true(v->start < v->end);
		assert_int_equal(v->start % PG, 0);
		assert_int_equal(v->end % PG, 0);
		if (prev) {
			assert_true(prev->end <= v->start);
			assert_false(prev->end == v->start && prev->prot == v->prot &&
				     !((prev->flags ^ v->flags) & ~VMA_ANON_MASK) && anon_alike(prev, v));
		}
		assert_ptr_equal(find_vma(mm, v->start), v);
		assert_ptr_equal(find_vma(mm, v->end - 1), v);
		assert_ptr_equal(vma_tree_first_ending_after(mm->vma_tree, prev ? prev->end : 0), v);
		n++;
		pages += (v->end - v->start) / PG;
		prev = v;
	}
	assert_int_equal(n, mm->nr_vmas);
	assert_int_equal(pages, mm->total_pages);
	/* no entry outside a VMA */
	for (size_t i = 0; i < NR_ENTRIES; i++)
		if (pte_present(mm->arch.root[i]))
			assert_non_null(find_vma(mm, i * PG));
}

/* The VMAs as "start-end:prot" pages relative to BASE, e.g. "0-4:3 6-8:1". */
static const char *layout(struct mm *mm)
{
	static char buf[512];
	size_t used = 0;
	buf[0] = 0;
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node) {
		int n = sprintf(buf + used, "%s%ld-%ld:%u", used ? " " : "", (long)(v->start - BASE) / (long)PG,
				(long)(v->end - BASE) / (long)PG, v->prot);
		used += (size_t)n;
	}
	return buf;
}

static vaddr_t page_at(long n)
{
	return BASE + (vaddr_t)n * PG;
}

static void map(struct mm *mm, long first, long npages, unsigned prot)
{
	assert_int_equal(vm_map(mm, page_at(first), (size_t)npages * PG, prot, 0), 0);
	check_vmas(mm);
}

/* Writes byte b at page n (a write fault first), as user code would. */
static void poke(struct mm *mm, long n, unsigned char b)
{
	assert_int_equal(mm_handle_fault(mm, page_at(n), FAULT_WRITE), 0);
	pte_t *e = upt_lookup(&mm->arch, page_at(n));
	assert_true(pte_writable(*e));
	*(unsigned char *)phys_to_virt(pte_paddr(*e)) = b;
}

/* The byte at page n as a read sees it (0 for a page never touched). */
static unsigned char peek(struct mm *mm, long n)
{
	assert_int_equal(mm_handle_fault(mm, page_at(n), FAULT_READ), 0);
	pte_t *e = upt_lookup(&mm->arch, page_at(n));
	return *(unsigned char *)phys_to_virt(pte_paddr(*e));
}

#define RW (UPROT_READ | UPROT_WRITE)
#define RO UPROT_READ

/* ---- the tests ------------------------------------------------------------------ */

static void test_map_merges_neighbours(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 4, RW);
	map(mm, 4, 4, RW); /* adjacent, same protection: one VMA */
	assert_string_equal(layout(mm), "0-8:3");
	map(mm, 10, 2, RW); /* a hole between: two */
	assert_string_equal(layout(mm), "0-8:3 10-12:3");
	map(mm, 8, 2, RW); /* fills the hole: all three merge */
	assert_string_equal(layout(mm), "0-12:3");
	map(mm, 12, 2, RO); /* adjacent, other protection: apart */
	assert_string_equal(layout(mm), "0-12:3 12-14:1");
	done_mm(mm);
}

static void test_munmap_holes(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 8, RW);
	for (long i = 0; i < 8; i++)
		poke(mm, i, (unsigned char)(i + 1));
	assert_int_equal(frames_in_use(), 8);
	flush_reset();
	assert_int_equal(vm_unmap(mm, page_at(2), 2 * PG), 0); /* a hole in the middle splits */
	check_vmas(mm);
	assert_string_equal(layout(mm), "0-2:3 4-8:3");
	assert_int_equal(frames_in_use(), 6); /* the hole's frames are gone */
	assert_flushed(page_at(2), page_at(4));
	assert_int_equal(mm_handle_fault(mm, page_at(3), FAULT_READ), -EFAULT);
	assert_int_equal(mm_fault_code(mm, page_at(3)), 1); /* SEGV_MAPERR */
	assert_int_equal(peek(mm, 1), 2);
	assert_int_equal(peek(mm, 4), 5); /* the upper part kept its pages */
	/* one munmap across a VMA, a hole and part of another */
	assert_int_equal(vm_unmap(mm, page_at(1), 5 * PG), 0);
	check_vmas(mm);
	assert_string_equal(layout(mm), "0-1:3 6-8:3");
	assert_int_equal(frames_in_use(), 3);
	/* nothing there: not an error */
	assert_int_equal(vm_unmap(mm, page_at(20), 4 * PG), 0);
	assert_string_equal(layout(mm), "0-1:3 6-8:3");
	done_mm(mm);
}

static void test_map_fixed_replaces(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 6, RW);
	for (long i = 0; i < 6; i++)
		poke(mm, i, 0x11);
	map(mm, 2, 2, RO); /* MAP_FIXED over the middle: the old pages go */
	assert_string_equal(layout(mm), "0-2:3 2-4:1 4-6:3");
	assert_int_equal(frames_in_use(), 4);
	assert_int_equal(peek(mm, 2), 0); /* a fresh page */
	assert_int_equal(peek(mm, 4), 0x11);
	assert_int_equal(mm_handle_fault(mm, page_at(2), FAULT_WRITE), -EFAULT);
	assert_int_equal(mm_fault_code(mm, page_at(2)), 2); /* SEGV_ACCERR */
	done_mm(mm);
}

static void test_mprotect_split_and_merge(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 8, RW);
	poke(mm, 3, 7);
	assert_int_equal(vm_protect(mm, page_at(2), 3 * PG, RO), 0);
	check_vmas(mm);
	assert_string_equal(layout(mm), "0-2:3 2-5:1 5-8:3");
	assert_false(pte_writable(*upt_lookup(&mm->arch, page_at(3)))); /* the entry follows */
	assert_int_equal(mm_handle_fault(mm, page_at(3), FAULT_WRITE), -EFAULT);
	assert_int_equal(vm_protect(mm, page_at(2), 3 * PG, 0), 0); /* PROT_NONE keeps the frame */
	assert_int_equal(frames_in_use(), 1);
	assert_int_equal(mm_handle_fault(mm, page_at(3), FAULT_READ), -EFAULT);
	assert_int_equal(vm_protect(mm, page_at(0), 8 * PG, RW), 0); /* all the same again: one VMA */
	check_vmas(mm);
	assert_string_equal(layout(mm), "0-8:3");
	assert_int_equal(peek(mm, 3), 7);
	/* the first page and the last: splits at the ends only */
	assert_int_equal(vm_protect(mm, page_at(0), PG, RO), 0);
	assert_int_equal(vm_protect(mm, page_at(7), PG, RO), 0);
	check_vmas(mm);
	assert_string_equal(layout(mm), "0-1:1 1-7:3 7-8:1");
	done_mm(mm);
}

static void test_mprotect_over_a_hole(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 4, RW);
	map(mm, 6, 4, RW);
	/* Linux mprotect_fixup walks in order: what lies before the hole is
	 * changed, then -ENOMEM */
	assert_int_equal(vm_protect(mm, page_at(2), 6 * PG, RO), -ENOMEM);
	check_vmas(mm);
	assert_string_equal(layout(mm), "0-2:3 2-4:1 6-10:3");
	/* starting in the hole: nothing changes */
	assert_int_equal(vm_protect(mm, page_at(4), 4 * PG, RO), -ENOMEM);
	assert_string_equal(layout(mm), "0-2:3 2-4:1 6-10:3");
	done_mm(mm);
}

static void test_mremap(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 4, RW);
	for (long i = 0; i < 4; i++)
		poke(mm, i, (unsigned char)(0x40 + i));
	vaddr_t to = 0;
	/* grow in place into free space */
	assert_int_equal(vm_remap(mm, page_at(0), 4 * PG, 6 * PG, false, false, 0, &to), 0);
	check_vmas(mm);
	assert_int_equal(to, page_at(0));
	assert_string_equal(layout(mm), "0-6:3");
	/* shrink: the tail's pages go */
	assert_int_equal(vm_remap(mm, page_at(0), 6 * PG, 3 * PG, false, false, 0, &to), 0);
	assert_string_equal(layout(mm), "0-3:3");
	assert_int_equal(frames_in_use(), 3);
	/* blocked above: without MREMAP_MAYMOVE -ENOMEM, with it a move */
	map(mm, 3, 1, RO);
	assert_int_equal(vm_remap(mm, page_at(0), 3 * PG, 5 * PG, false, false, 0, &to), -ENOMEM);
	flush_reset();
	assert_int_equal(vm_remap(mm, page_at(0), 3 * PG, 5 * PG, true, false, 0, &to), 0);
	check_vmas(mm);
	assert_true(to != page_at(0));
	assert_flushed(page_at(0), page_at(3));
	assert_null(find_vma(mm, page_at(0)));
	assert_int_equal(frames_in_use(), 3); /* the frames moved, no copy */
	for (long i = 0; i < 3; i++) {
		pte_t *e = upt_lookup(&mm->arch, to + (vaddr_t)i * PG);
		assert_true(pte_present(*e));
		assert_int_equal(*(unsigned char *)phys_to_virt(pte_paddr(*e)), 0x40 + i);
	}
	done_mm(mm);
}

static void test_madvise_dontneed(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 4, RW);
	poke(mm, 1, 9);
	flush_reset();
	assert_int_equal(vm_advise(mm, page_at(0), 4 * PG, MADV_DONTNEED_ADVICE), 0);
	assert_flushed(page_at(0), page_at(4));
	assert_int_equal(frames_in_use(), 0);
	assert_string_equal(layout(mm), "0-4:3"); /* the mapping stays */
	assert_int_equal(peek(mm, 1), 0);	  /* an anonymous page reads back as zero */
	/* a hole inside the range: done where mapped, then -ENOMEM (Linux) */
	map(mm, 6, 2, RW);
	assert_int_equal(vm_advise(mm, page_at(0), 8 * PG, MADV_DONTNEED_ADVICE), -ENOMEM);
	done_mm(mm);
}

/* A read of private anonymous memory maps the zero page (Linux
 * do_anonymous_page); the first write gets a page of its own. */
static void test_zero_page(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 2, RW);
	assert_int_equal(peek(mm, 0), 0);
	assert_int_equal(peek(mm, 1), 0);
	pte_t *e0 = upt_lookup(&mm->arch, page_at(0)), *e1 = upt_lookup(&mm->arch, page_at(1));
	assert_true(vm_is_zero_page(pte_paddr(*e0)));
	assert_true(pa_eq(pte_paddr(*e0), pte_paddr(*e1)));
	assert_false(pte_writable(*e0));
	assert_int_equal(frames_in_use(), 0);
	assert_int_equal(upt_resident_pages(&mm->arch), 0); /* the zero page is nobody's RSS */
	poke(mm, 1, 7);					    /* copied */
	assert_false(vm_is_zero_page(pte_paddr(*upt_lookup(&mm->arch, page_at(1)))));
	assert_int_equal(frames_in_use(), 1);
	assert_int_equal(upt_resident_pages(&mm->arch), 1); /* the copy is */
	assert_int_equal(peek(mm, 0), 0);
	assert_int_equal(peek(mm, 1), 7);
	done_mm(mm);
}

/* clear_refs (type 1) clears every entry's accessed flag; the next access
 * sets it again through the fault path (ARMv8.0 has no hardware AF). */
static void test_clear_refs_young(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 2, RW);
	poke(mm, 0, 1);
	poke(mm, 1, 2);
	assert_true(pte_young(*upt_lookup(&mm->arch, page_at(0))));
	assert_int_equal(mm_clear_refs(mm, 1), 0);
	assert_false(pte_young(*upt_lookup(&mm->arch, page_at(0))));
	assert_false(pte_young(*upt_lookup(&mm->arch, page_at(1))));
	assert_int_equal(peek(mm, 1), 2);
	assert_false(pte_young(*upt_lookup(&mm->arch, page_at(0))));
	assert_true(pte_young(*upt_lookup(&mm->arch, page_at(1))));
	assert_int_equal(upt_resident_pages(&mm->arch), 2); /* clearing takes no page away */
	done_mm(mm);
}

static void test_fork_copy_on_write(void **state)
{
	struct mm *parent = new_mm();
	map(parent, 0, 2, RW);
	poke(parent, 0, 1);
	struct mm *child = mm_fork(parent);
	assert_non_null(child);
	check_vmas(child);
	assert_string_equal(layout(child), "0-2:3");
	assert_int_equal(frames_in_use(), 1); /* shared until someone writes */
	pte_t *pe = upt_lookup(&parent->arch, page_at(0)), *ce = upt_lookup(&child->arch, page_at(0));
	assert_true(pte_is_cow(*pe) && pte_is_cow(*ce));
	assert_int_equal(page_refcount(pte_paddr(*pe)), 2);
	poke(child, 0, 2); /* the child's write copies */
	assert_int_equal(frames_in_use(), 2);
	assert_int_equal(peek(parent, 0), 1);
	assert_int_equal(peek(child, 0), 2);
	paddr_t before = pte_paddr(*upt_lookup(&parent->arch, page_at(0)));
	poke(parent, 0, 3); /* the parent is the last user: no copy, writable again */
	assert_int_equal(frames_in_use(), 2);
	assert_true(pa_eq(pte_paddr(*upt_lookup(&parent->arch, page_at(0))), before));
	assert_false(pte_is_cow(*upt_lookup(&parent->arch, page_at(0))));
	mm_put(child);
	done_mm(parent);
}

/* fork of a process of several threads: the pages its threads touch first
 * (arch_user_hot_addrs) are copied for the child at once and stay writable
 * in the parent; a page already shared with an earlier child, a shared
 * mapping's and a read-only one's are copy-on-write as before. */
static void test_fork_hot_pages(void **state)
{
	struct mm *parent = new_mm();
	map(parent, 0, 4, RW);
	map(parent, 4, 1, RO);
	for (long n = 0; n < 4; n++)
		poke(parent, n, (unsigned char)(n + 1));
	assert_int_equal(mm_handle_fault(parent, page_at(4), FAULT_READ), 0);
	group.nr_threads = 2;
	list_init(&group.threads);
	list_add_tail(&task.group_node, &group.threads);

	struct mm *older = mm_fork(parent); /* not hot: page 1 shared with it */
	assert_non_null(older);
	fake_hot_addrs[0] = page_at(0) + 100; /* a stack pointer inside page 0 */
	fake_hot_addrs[1] = page_at(1);
	poke(parent, 0, 1); /* page 0 the parent's own again, page 1 still shared */
	struct mm *child = mm_fork(parent);
	assert_non_null(child);

	pte_t p0 = *upt_lookup(&parent->arch, page_at(0)), c0 = *upt_lookup(&child->arch, page_at(0));
	assert_true(pte_writable(p0) && pte_writable(c0));
	assert_false(pa_eq(pte_paddr(p0), pte_paddr(c0)));
	assert_int_equal(page_refcount(pte_paddr(p0)), 1);
	assert_int_equal(peek(child, 0), 1);
	*(unsigned char *)phys_to_virt(pte_paddr(p0)) = 10; /* the parent writes without a fault */
	assert_int_equal(peek(parent, 0), 10);
	assert_int_equal(peek(child, 0), 1);

	/* page 1: shared with `older` too, so copy-on-write in all three */
	assert_true(pte_is_cow(*upt_lookup(&parent->arch, page_at(1))));
	assert_true(pte_is_cow(*upt_lookup(&child->arch, page_at(1))));
	/* page 4: read-only mapping, untouched */
	fake_hot_addrs[0] = page_at(4);
	struct mm *third = mm_fork(parent);
	assert_non_null(third);
	assert_false(pte_writable(*upt_lookup(&parent->arch, page_at(4))));
	assert_int_equal(upt_resident_pages(&child->arch), upt_resident_pages(&parent->arch));

	/* a break that flushed other CPUs is remembered; the next fork copies its page */
	other_cpu_active = true;
	poke(parent, 2, 30); /* shared with `older`, `child` and `third`: copied, broadcast */
	other_cpu_active = false;
	struct mm *fourth = mm_fork(parent);
	assert_non_null(fourth);
	pte_t p2 = *upt_lookup(&parent->arch, page_at(2)), f2 = *upt_lookup(&fourth->arch, page_at(2));
	assert_true(pte_writable(p2) && pte_writable(f2) && !pa_eq(pte_paddr(p2), pte_paddr(f2)));
	assert_int_equal(peek(fourth, 2), 30);
	assert_int_equal(peek(older, 2), 3);
	mm_put(fourth);

	list_del(&task.group_node);
	group.nr_threads = 0;
	fake_hot_addrs[0] = fake_hot_addrs[1] = 0;
	mm_put(third);
	mm_put(child);
	mm_put(older);
	done_mm(parent);
}

/* During a copy-on-write copy's unlocked flush: the mm's lock is free
 * (another thread could take it), and the entry is breaking. */
static void unmap_during_flush(struct mm *mm, vaddr_t va)
{
	assert_false(spin_is_held(&mm->lock));
	assert_true(pte_is_breaking(*upt_lookup(&mm->arch, va)));
	assert_int_equal(vm_unmap(mm, va, PG), 0);
}

static void protect_during_flush(struct mm *mm, vaddr_t va)
{
	assert_int_equal(vm_protect(mm, va, PG, UPROT_READ), 0);
}

static void test_cow_break_unlocked(void **state)
{
	struct mm *parent = new_mm();
	map(parent, 0, 3, RW);
	poke(parent, 0, 1);
	poke(parent, 1, 2);
	poke(parent, 2, 3);
	struct mm *child = mm_fork(parent);
	assert_non_null(child);
	other_cpu_active = true;
	flush_hook_mm = parent;

	/* nothing meanwhile: the copy goes in, writable */
	poke(parent, 0, 10);
	assert_int_equal(peek(parent, 0), 10);
	assert_int_equal(peek(child, 0), 1);
	assert_true(pte_writable(*upt_lookup(&parent->arch, page_at(0))));

	/* unmapped meanwhile: the copy is freed, the old frame's reference put */
	int frames = frames_in_use();
	u64 resident = upt_resident_pages(&parent->arch);
	during_flush = unmap_during_flush;
	assert_int_equal(mm_handle_fault(parent, page_at(1), FAULT_WRITE), 0);
	assert_null(during_flush);
	assert_int_equal(frames_in_use(), frames); /* the child's frame stays, nothing new */
	assert_int_equal(upt_resident_pages(&parent->arch), resident - 1);
	assert_int_equal(page_refcount(pte_paddr(*upt_lookup(&child->arch, page_at(1)))), 1);
	assert_int_equal(mm_handle_fault(parent, page_at(1), FAULT_READ), -EFAULT);
	assert_int_equal(peek(child, 1), 2);

	/* made read-only meanwhile: the copy goes in read-only */
	during_flush = protect_during_flush;
	assert_int_equal(mm_handle_fault(parent, page_at(2), FAULT_WRITE), 0);
	assert_null(during_flush);
	pte_t e = *upt_lookup(&parent->arch, page_at(2));
	assert_true(pte_present(e) && !pte_writable(e) && !pte_is_cow(e));
	assert_int_equal(peek(parent, 2), 3);
	assert_int_equal(mm_handle_fault(parent, page_at(2), FAULT_WRITE), -EFAULT);

	other_cpu_active = false;
	flush_hook_mm = NULL;
	assert_int_equal(parent->cow_breaks, 0);
	mm_put(child);
	done_mm(parent);
}

/* A pipe writer's copy into another mm (vm_write_nofault): only pages
 * mapped writable now, never a fault; a source page missing stops it; no
 * copy while the mm forks; nothing left pinned. */
static void test_write_nofault(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 4, RW);
	poke(mm, 0, 0);
	poke(mm, 1, 0);
	/* page 2 never touched: not present */
	static char src[4 * PG];
	memset(src, 7, sizeof(src));
	user_src_end = src + sizeof(src);
	copies_with_faults_off = 0;
	int frames = frames_in_use();

	/* from the middle of page 0 to the middle of page 2: stops at page 2 */
	size_t n = vm_write_nofault(mm, page_at(0) + 100, uaddr_from((u64)src), 2 * PG);
	assert_int_equal(n, 2 * PG - 100);
	assert_int_equal(peek(mm, 0), 0); /* the byte before the start */
	assert_int_equal(*(unsigned char *)phys_to_virt(pte_paddr(*upt_lookup(&mm->arch, page_at(1)))), 7);
	assert_false(pte_present(*upt_lookup(&mm->arch, page_at(2)))); /* not faulted in */
	assert_int_equal(frames_in_use(), frames);
	assert_true(copies_with_faults_off > 0);
	assert_int_equal(mm->foreign_writes, 0);

	/* the source ends inside the second page: whole pieces only */
	user_src_end = src + PG + 10;
	assert_int_equal(vm_write_nofault(mm, page_at(0), uaddr_from((u64)src), 2 * PG), PG);
	user_src_end = src + sizeof(src);

	/* copy-on-write after a fork: not writable, nothing copied */
	struct mm *child = mm_fork(mm);
	assert_non_null(child);
	assert_int_equal(vm_write_nofault(mm, page_at(0), uaddr_from((u64)src), PG), 0);
	poke(mm, 0, 1); /* the parent's own copy again */
	memset(src, 9, sizeof(src));
	assert_int_equal(vm_write_nofault(mm, page_at(0), uaddr_from((u64)src), PG), PG);
	assert_int_equal(peek(mm, 0), 9);
	assert_int_equal(peek(child, 0), 7); /* the child's copy is as it was at the fork */

	/* read-only mapping, and a fork in progress */
	assert_int_equal(vm_protect(mm, page_at(1), PG, UPROT_READ), 0);
	assert_int_equal(vm_write_nofault(mm, page_at(1), uaddr_from((u64)src), PG), 0);
	mm->forking = true;
	assert_int_equal(vm_write_nofault(mm, page_at(0), uaddr_from((u64)src), PG), 0);
	mm->forking = false;
	mm_put(child);
	done_mm(mm);
}

static void test_rlimit_as(void **state)
{
	struct mm *mm = new_mm();
	group.rlimits[RLIMIT_AS][0] = 4 * PG;
	map(mm, 0, 3, RW);
	assert_int_equal(vm_map(mm, page_at(10), 2 * PG, RW, 0), -ENOMEM);
	check_vmas(mm);
	map(mm, 10, 1, RW); /* exactly at the limit */
	vaddr_t to;
	assert_int_equal(vm_remap(mm, page_at(10), PG, 2 * PG, false, false, 0, &to), -ENOMEM);
	/* replacing a mapping counts what it frees */
	map(mm, 0, 3, RO);
	assert_string_equal(layout(mm), "0-3:1 10-11:3");
	done_mm(mm);
}

static void test_fault_out_of_memory(void **state)
{
	struct mm *mm = new_mm();
	map(mm, 0, 1, RW);
	fail_page_alloc = 1;
	assert_int_equal(mm_handle_fault(mm, page_at(0), FAULT_WRITE), -ENOMEM);
	/* reported only: the OOM kill is the caller's (proc's signal_page_fault) */
	check_vmas(mm);
	poke(mm, 0, 1); /* memory again: the fault works */
	done_mm(mm);
}

/* Random maps, unmaps and protects against a model of page -> protection. */
static void test_random_against_model(void **state)
{
	enum { PAGES = 64 };
	int model[PAGES]; /* -1: unmapped, else the protection */
	unsigned long seed = 12345;
	struct mm *mm = new_mm();
	for (int i = 0; i < PAGES; i++)
		model[i] = -1;
	for (int step = 0; step < 3000; step++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		long first = (long)((seed >> 33) % PAGES);
		long n = 1 + (long)((seed >> 20) % 8);
		if (first + n > PAGES)
			n = PAGES - first;
		unsigned prot = (unsigned)((seed >> 10) % 3) == 0 ? RO : RW;
		switch ((seed >> 40) % 4) {
		case 0:
		case 1:
			map(mm, first, n, prot);
			for (long i = first; i < first + n; i++)
				model[i] = (int)prot;
			break;
		case 2:
			assert_int_equal(vm_unmap(mm, page_at(first), (size_t)n * PG), 0);
			for (long i = first; i < first + n; i++)
				model[i] = -1;
			break;
		default: {
			bool hole = false;
			for (long i = first; i < first + n; i++) {
				if (model[i] < 0) {
					hole = true;
					break;
				}
				model[i] = (int)prot;
			}
			assert_int_equal(vm_protect(mm, page_at(first), (size_t)n * PG, prot), hole ? -ENOMEM : 0);
		}
		}
		if (step % 7 == 0 && model[first] == (int)RW)
			poke(mm, first, 1);
		check_vmas(mm);
		for (int i = 0; i < PAGES; i++) {
			struct vma *v = find_vma(mm, page_at(i));
			assert_int_equal(v ? (int)v->prot : -1, model[i]);
		}
	}
	done_mm(mm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_merges_neighbours), cmocka_unit_test(test_munmap_holes),
		cmocka_unit_test(test_map_fixed_replaces),    cmocka_unit_test(test_mprotect_split_and_merge),
		cmocka_unit_test(test_mprotect_over_a_hole),  cmocka_unit_test(test_mremap),
		cmocka_unit_test(test_madvise_dontneed),      cmocka_unit_test(test_zero_page),
		cmocka_unit_test(test_clear_refs_young),      cmocka_unit_test(test_fork_copy_on_write),
		cmocka_unit_test(test_fork_hot_pages),	      cmocka_unit_test(test_cow_break_unlocked),
		cmocka_unit_test(test_write_nofault),	      cmocka_unit_test(test_rlimit_as),
		cmocka_unit_test(test_fault_out_of_memory),   cmocka_unit_test(test_random_against_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
