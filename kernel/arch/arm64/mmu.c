/*
 * mmu.c — kernel page tables, the ioremap window and user page tables.
 *
 * mmu_init() replaces head.S's early tables with the final kernel map:
 *   - the image at KIMAGE_VADDR in 4 KiB pages: text RX, rodata R, rest RW+NX;
 *   - all RAM at LINEAR_BASE + PA, RW+NX, in 2 MiB blocks where aligned;
 *   - an ioremap window for devices (Device-nGnRE, NX).
 * Until page_alloc_init() runs, page tables come from a bump allocator that
 * starts after the image (and is reported back as reserved). During
 * mmu_init() they are written through head.S's identity map (VA == PA).
 *
 * Descriptor formats: Arm ARM D8.3 (VMSAv8-64 translation table format).
 */
#include <arch/mmu.h>

#include <arch.h>
#include <arch/sysreg.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>
#include <uapi/errno.h>

#define PTRS_PER_TABLE 512

/* A level-2 table descriptor's APTable[1] (Arm ARM D8.3.1): no writes
 * through the table below; set on a last-level table fork shares. */
#define PTE_TABLE_RDONLY (UL(1) << 62)
/* Bits [11:2] of a table descriptor, which the MMU ignores (Arm ARM D8.3.1;
 * no FEAT_HAFT, no 52-bit addresses here): in the level-2 entry of a table
 * fork shares, the table's resident count (0..512), counted when it was
 * first shared. A shared table does not change (every change makes it
 * someone's own first), so later forks and the let-go need not count it
 * again; when it is changed in place (upt_zap_file_range), the recount
 * that follows sets the count again in every holder's entry. */
#define PMD_RESIDENT_SHIFT 2
#define PMD_RESIDENT_MASK (UL(0x3ff) << PMD_RESIDENT_SHIFT)
_Static_assert(PTRS_PER_TABLE <= 0x3ff, "a resident count fits in a table descriptor's ignored bits");

static u64 pmd_resident(pte_t pmd)
{
	return (pmd & PMD_RESIDENT_MASK) >> PMD_RESIDENT_SHIFT;
}

static pte_t pmd_with_resident(pte_t pmd, u64 resident)
{
	return (pmd & ~PMD_RESIDENT_MASK) | (resident << PMD_RESIDENT_SHIFT);
}
#define LEVEL_SHIFT(l) (39 - 9 * (l)) /* VA bits indexed by level l (0..3) */
#define TABLE_INDEX(va, l) (((va) >> LEVEL_SHIFT(l)) & (PTRS_PER_TABLE - 1))

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

u64 kimage_voffset;
static pte_t *kernel_root;	    /* TTBR1 level-0 table (linear VA) */
static paddr_t bump_next, bump_end; /* early page-table allocator */
static bool linear_ready;	    /* tables reachable through the linear map */
static struct spinlock kernel_pt_lock = SPINLOCK_INIT("kernel_pt");
static vaddr_t ioremap_next = IOREMAP_BASE; /* [kernel_pt_lock] */
/*
 * The entries of a last-level table fork shared (PTE_TABLE_RDONLY) while
 * more than one address space holds it. Each holder works under its own
 * mm->lock, which keeps out nothing the others do, and two of them touch
 * the entries themselves: own_table and a fork's copy_table read them and
 * take a reference on each frame (making the writable ones copy-on-write
 * in place), and upt_zap_file_range clears them in place when memory for
 * a copy is short. A frame read by one just before another cleared its
 * entry and dropped the table's reference could be freed under the copy
 * (and the copy-on-write store could even put the entry back); so both
 * run under this lock. A leaf: nothing else is taken under it, the frames
 * are put after it is released. Lock order: mm->lock, then this.
 */
static struct spinlock shared_table_lock = SPINLOCK_INIT("shared_table");

#define KERNEL_DATA_ATTRS (PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_PXN | PTE_UXN)
#define KERNEL_TEXT_ATTRS (PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_RDONLY | PTE_UXN)
#define KERNEL_RO_ATTRS (KERNEL_DATA_ATTRS | PTE_RDONLY)
#define DEVICE_ATTRS (PTE_AF | PTE_ATTRINDX(MT_DEVICE_nGnRE) | PTE_PXN | PTE_UXN)

/* Page-table pages of user address spaces, roots included, each counted
 * once however many address spaces share it (/proc/meminfo PageTables).
 * [atomic] */
static u64 user_table_pages;

static void user_tables_add(long n)
{
	__atomic_add_fetch(&user_table_pages, (u64)n, __ATOMIC_RELAXED);
}

u64 upt_table_count(const struct arch_mm *am)
{
	return __atomic_load_n(&am->tables, __ATOMIC_RELAXED);
}

u64 upt_table_pages(void)
{
	return __atomic_load_n(&user_table_pages, __ATOMIC_RELAXED);
}

static void *table_va(paddr_t pa)
{
	return linear_ready ? phys_to_virt(pa) : (void *)pa_addr(pa); /* before the linear map: identity */
}

/* A zeroed page for a page table; NULL when memory is exhausted. */
static pte_t *table_alloc(paddr_t *pa_out)
{
	if (linear_ready) {
		pte_t *t = page_alloc(PAGE_ZERO);
		if (t)
			*pa_out = virt_to_phys(t);
		return t;
	}
	CHECK(pa_addr(bump_next) + PAGE_SIZE <= pa_addr(bump_end));
	paddr_t pa = bump_next;
	bump_next = pa_add(bump_next, PAGE_SIZE);
	pte_t *t = (pte_t *)pa_addr(pa); /* the MMU's identity map of head.S */
	memset(t, 0, PAGE_SIZE);
	*pa_out = pa;
	return t;
}

/* Walk to the table at `level` covering va, allocating missing tables. */
static pte_t *walk_alloc(pte_t *root, u64 *tables, vaddr_t va, int level, pte_t table_bits)
{
	pte_t *table = root;
	for (int l = 0; l < level; l++) {
		pte_t *e = &table[TABLE_INDEX(va, l)];
		if (!(*e & PTE_VALID)) {
			paddr_t pa;
			if (!table_alloc(&pa))
				return NULL;
			if (root != kernel_root)
				user_tables_add(1);
			if (tables) /* a user address space's own count */
				__atomic_add_fetch(tables, 1, __ATOMIC_RELAXED);
			*e = pa_addr(pa) | PTE_VALID | PTE_TABLE | table_bits;
		}
		CHECK((*e & PTE_TABLE) != 0); /* never walk through a block */
		table = table_va(pte_paddr(*e));
	}
	return table;
}

static void kmap_range(vaddr_t va, paddr_t pa, u64 size, u64 attrs, bool allow_blocks)
{
	vaddr_t end = va + size;
	while (va < end) {
		bool block = allow_blocks && IS_ALIGNED(va, 1UL << 21) && IS_ALIGNED(pa_addr(pa), 1UL << 21) &&
			     end - va >= (1UL << 21);
		int level = block ? 2 : 3;
		pte_t *t = walk_alloc(kernel_root, NULL, va, level, 0);
		CHECK(t);
		t[TABLE_INDEX(va, level)] = pa_addr(pa) | attrs | PTE_VALID | (block ? PTE_BLOCK : PTE_PAGE);
		u64 step = block ? (1UL << 21) : PAGE_SIZE;
		va += step;
		pa = pa_add(pa, step);
	}
}

static void map_image(paddr_t image_pa)
{
	vaddr_t text = (vaddr_t)_text;
	kmap_range(text, image_pa, (vaddr_t)_etext - text, KERNEL_TEXT_ATTRS, false);
	kmap_range((vaddr_t)_rodata, pa_add(image_pa, (vaddr_t)_rodata - text), (vaddr_t)_erodata - (vaddr_t)_rodata,
		   KERNEL_RO_ATTRS, false);
	kmap_range((vaddr_t)_data, pa_add(image_pa, (vaddr_t)_data - text),
		   ALIGN_UP((vaddr_t)_end, PAGE_SIZE) - (vaddr_t)_data, KERNEL_DATA_ATTRS, false);
}

void mmu_init(paddr_t image_pa, const struct mem_region *ram, int nr_ram)
{
	kimage_voffset = KIMAGE_VADDR - pa_addr(image_pa);
	bump_next = pa_init(ALIGN_UP(pa_addr(image_pa) + ((vaddr_t)_end - KIMAGE_VADDR), PAGE_SIZE));
	bump_end = pa_add(bump_next, 64 * PAGE_SIZE); /* enough for 64 GiB of linear map */

	paddr_t root_pa;
	kernel_root = table_alloc(&root_pa);
	map_image(image_pa);
	for (int i = 0; i < nr_ram; i++)
		kmap_range(LINEAR_BASE + pa_addr(ram[i].base), ram[i].base, ram[i].size, KERNEL_DATA_ATTRS, true);

	asm volatile("dsb ishst\n\t"
		     "msr ttbr1_el1, %0\n\t"
		     "isb\n\t"
		     "tlbi vmalle1\n\t"
		     "dsb ish\n\t"
		     "isb"
		     :
		     : "r"(pa_addr(root_pa))
		     : "memory");
	kernel_root = phys_to_virt(root_pa);
	linear_ready = true;
}

/* The early tables the bump allocator used: [image end, bump_next). */
void mmu_bump_range(paddr_t *start, paddr_t *end)
{
	*start = pa_init(pa_addr(bump_end) - 64 * PAGE_SIZE);
	*end = bump_next;
}

/*
 * A range of 2 MiB or more gets a virtual address with the same offset in
 * its 2 MiB block as the physical one, so its aligned middle is mapped with
 * block entries (Linux's ioremap maps huge too, vmap_try_huge_pmd): the
 * GICv3 redistributor region QEMU's virt board declares is 15.4 MiB, which
 * took 3,936 page entries and 0.4 M instructions of every boot
 * (bench/README.md); now 352 pages and 7 blocks.
 */
void *ioremap(paddr_t pa, size_t size)
{
	const u64 block = 1UL << 21;
	paddr_t base = pa_init(ALIGN_DOWN(pa_addr(pa), PAGE_SIZE));
	size_t span = ALIGN_UP(pa_addr(pa) + size, PAGE_SIZE) - pa_addr(base);
	unsigned long flags = spin_lock_irqsave(&kernel_pt_lock);
	vaddr_t va = ioremap_next;
	if (span >= block)
		va = ALIGN_UP(va, block) + (pa_addr(base) & (block - 1));
	CHECK(va + span <= IOREMAP_BASE + IOREMAP_SIZE);
	ioremap_next = va + span + PAGE_SIZE; /* leave a guard page between mappings */
	kmap_range(va, base, span, DEVICE_ATTRS, span >= block);
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	asm volatile("dsb ishst\n\tisb" ::: "memory");
	return (void *)(va + (pa_addr(pa) - pa_addr(base)));
}

/*
 * Kernel pages mapped one by one (kstack.c's stack area): n pages at va, RW
 * and never executable. A missing table is allocated; -ENOMEM when that
 * fails (nothing is mapped then). The entries were invalid, and the MMU
 * keeps no invalid entry in a TLB (Arm ARM D8.13.1), so no flush is needed
 * before the pages are used, on any CPU.
 */
int mmu_kmap_pages(vaddr_t va, const paddr_t *pas, int n)
{
	unsigned long flags = spin_lock_irqsave(&kernel_pt_lock);
	pte_t *table = walk_alloc(kernel_root, NULL, va, 3, 0);
	/* a run of pages never crosses a last-level table (kstack.c: slots are aligned) */
	CHECK(!table || TABLE_INDEX(va, 3) + n <= PTRS_PER_TABLE);
	for (int i = 0; table && i < n; i++)
		table[TABLE_INDEX(va, 3) + i] = pa_addr(pas[i]) | KERNEL_DATA_ATTRS | PTE_VALID | PTE_PAGE;
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	asm volatile("dsb ishst\n\tisb" ::: "memory");
	return table ? 0 : -ENOMEM;
}

/* Undoes mmu_kmap_pages: the n pages at va are unmapped on every CPU when
 * it returns, and their frames are stored in pas for the caller to free. */
void mmu_kunmap_pages(vaddr_t va, paddr_t *pas, int n)
{
	unsigned long flags = spin_lock_irqsave(&kernel_pt_lock);
	pte_t *table = walk_alloc(kernel_root, NULL, va, 3, 0);
	CHECK(table); /* mapped before, so its tables exist */
	for (int i = 0; i < n; i++) {
		pte_t *e = &table[TABLE_INDEX(va, 3) + i];
		CHECK(*e & PTE_VALID);
		pas[i] = pte_paddr(*e);
		*e = 0;
	}
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	/* TLBI VAALE1IS: this VA, every ASID, last level, all CPUs (Arm ARM D8.13) */
	asm volatile("dsb ishst" ::: "memory");
	for (int i = 0; i < n; i++)
		asm volatile("tlbi vaale1is, %0" : : "r"((va >> PAGE_SHIFT) + i) : "memory");
	asm volatile("dsb ish\n\tisb" ::: "memory");
}

/* Drop head.S's identity map: from now on TTBR0 is only ever a user table. */
void mmu_drop_identity(void)
{
	asid_init();
	upt_deactivate();
}

/* ---- user page tables ------------------------------------------------------ */

static pte_t *zero_root; /* an empty level-0 table for tasks without user space */

pte_t upt_make_pte(paddr_t pa, unsigned uprot)
{
	if (!(uprot & (UPROT_READ | UPROT_WRITE | UPROT_EXEC)))
		return pa_addr(pa) | PTE_SW_PROT_NONE;
	pte_t e = pa_addr(pa) | PTE_VALID | PTE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_NG |
		  PTE_PXN | PTE_USER;
	if (!(uprot & UPROT_WRITE))
		e |= PTE_RDONLY;
	if (!(uprot & UPROT_EXEC))
		e |= PTE_UXN;
	return e;
}

bool pte_present(pte_t e)
{
	return (e & (PTE_VALID | PTE_SW_PROT_NONE)) != 0;
}

paddr_t pte_paddr(pte_t e)
{
	return pa_init(e & PTE_ADDR_MASK);
}

bool pte_writable(pte_t e)
{
	return !(e & PTE_RDONLY);
}

void pte_set(pte_t *ptep, pte_t e)
{
	__atomic_store_n(ptep, e, __ATOMIC_RELAXED); /* one store the MMU's walker sees whole */
}

int upt_create(struct arch_mm *am)
{
	am->root = page_alloc(PAGE_ZERO);
	am->asid = 0;
	am->cpus_seen = 0;
	am->cpus_active = 0;
	am->cpus_stale = 0;
	am->resident = 0;
	am->tables = am->root ? 1 : 0;
	if (am->root)
		user_tables_add(1);
	return am->root ? 0 : -ENOMEM;
}

static void table_put(paddr_t tpa);
static void put_frames(const pte_t *table);

/* Whether any of the 8 entries from table[i] has one of the bits: most
 * tables are mostly empty, so exit passes over empty runs 8 entries at a
 * time (one test instead of 8). */
static inline bool any_of_8(const pte_t *table, int i, pte_t bits)
{
	const pte_t *t = &table[i];
	return ((t[0] | t[1] | t[2] | t[3] | t[4] | t[5] | t[6] | t[7]) & bits) != 0;
}

static void free_table(pte_t *table, int level)
{
	if (level == 3)
		put_frames(table);
	if (level < 3) {
		for (int i = 0; i < PTRS_PER_TABLE; i++) {
			if (i % 8 == 0 && !any_of_8(table, i, PTE_VALID)) {
				i += 7;
				continue;
			}
			if (!(table[i] & PTE_VALID))
				continue;
			if (level == 2 && (table[i] & PTE_TABLE_RDONLY))
				table_put(pte_paddr(table[i])); /* shared by fork: other holders may remain */
			else
				free_table(phys_to_virt(pte_paddr(table[i])), level + 1);
		}
	}
	user_tables_add(-1);
	page_free(table);
}

/* Frees the table pages, dropping the frames of the leaves still mapped
 * (exit: the whole address space at once, the tables fork shared let go
 * without a look inside unless this was their last holder). */
void upt_destroy(struct arch_mm *am)
{
	CHECK(!__atomic_load_n(&am->cpus_active, __ATOMIC_RELAXED)); /* no CPU walks it (asid_installed) */
	free_table(am->root, 0);
	am->root = NULL;
}

/* Does entry e count in the resident set? A frame but the zero page (Linux's
 * rss counters count what vm_normal_page finds, which leaves it out: reading
 * fresh anonymous memory raises neither VmRSS nor ru_maxrss). zero is
 * vm_zero_page_paddr(), read once by the caller's loop. */
static inline bool counts_resident(pte_t e, paddr_t zero)
{
	return pte_present(e) && !(pa_addr(zero) && pa_addr(pte_paddr(e)) == pa_addr(zero));
}

static pte_t *user_leaf_table(struct arch_mm *am, vaddr_t va);

int upt_map(struct arch_mm *am, vaddr_t va, paddr_t pa, unsigned uprot)
{
	pte_t *t = user_leaf_table(am, va);
	if (!t)
		return -ENOMEM;
	pte_t e = upt_make_pte(pa, uprot);
	/* a private copy replacing the zero page (copy-on-write) counts one more */
	paddr_t zero = vm_zero_page_paddr();
	am->resident += (u64)counts_resident(e, zero) - (u64)counts_resident(t[TABLE_INDEX(va, 3)], zero);
	t[TABLE_INDEX(va, 3)] = e;
	asm volatile("dsb ishst" ::: "memory");
	return 0;
}

u64 upt_resident_pages(const struct arch_mm *am)
{
	return am->resident;
}

void upt_resident_inc(struct arch_mm *am)
{
	am->resident++;
}

void upt_resident_dec(struct arch_mm *am)
{
	am->resident--;
}

static pte_t *own_table(struct arch_mm *am, pte_t *pmd);

pte_t *(upt_lookup)(struct arch_mm *am, vaddr_t va)
{
	pte_t *table = am->root;
	for (int l = 0; l < 3; l++) {
		pte_t *e = &table[TABLE_INDEX(va, l)];
		if (!(*e & PTE_VALID))
			return NULL;
		/* the caller may change the entry: a table shared by fork becomes ours */
		table = l == 2 ? own_table(am, e) : phys_to_virt(pte_paddr(*e));
		if (!table)
			return NULL; /* no memory to copy it: as if absent, the fault path says ENOMEM */
	}
	return &table[TABLE_INDEX(va, 3)];
}

/* Per last-level table: entries [first, last] of table, whose entry 0 maps
 * base. fork, exit and munmap work a table at a time (Linux's copy_pte_range,
 * zap_pte_range): no call per page. */
typedef void (*table_fn)(pte_t *table, int first, int last, vaddr_t base, void *arg);

/* A walk over the last-level tables of a range. */
struct walk {
	table_fn fn;
	void *arg;
	/* non-NULL: fn changes entries, so a table shared by fork is made this
	 * address space's own first (the caller made sure it can be: see
	 * upt_own_range; or, with in_place, fn may change the shared table
	 * itself when no copy can be made: upt_zap_file_range) */
	struct arch_mm *own;
	bool in_place;
	/* optional: offered each last-level table wholly inside the range
	 * first, with its level-2 entry; true when it dealt with the table */
	bool (*whole)(pte_t *pmd, vaddr_t base, void *arg);
};

#define LEAF_TABLE_SPAN (1UL << LEVEL_SHIFT(2)) /* what one last-level table maps: 2 MiB */

/* Visit every last-level table covering [start, end), skipping absent subtrees. */
static void walk_tables(pte_t *table, int level, vaddr_t base, vaddr_t start, vaddr_t end, const struct walk *w)
{
	u64 span = 1UL << LEVEL_SHIFT(level);
	int first = start > base ? (int)TABLE_INDEX(start, level) : 0;
	int last = end - 1 < base + span * PTRS_PER_TABLE - 1 ? (int)TABLE_INDEX(end - 1, level) : PTRS_PER_TABLE - 1;
	if (level == 3) {
		w->fn(table, first, last, base, w->arg);
		return;
	}
	for (int i = first; i <= last; i++) {
		pte_t e = table[i];
		if (!(e & PTE_VALID))
			continue;
		vaddr_t b = base + (u64)i * span;
		pte_t *next = phys_to_virt(pte_paddr(e));
		if (level == 2) {
			if (w->whole && start <= b && b + span <= end && w->whole(&table[i], b, w->arg))
				continue;
			if (w->own) {
				pte_t *mine = own_table(w->own, &table[i]);
				/* upt_own_range ran before (nothing left to copy), or the
				 * shared table is changed in place */
				CHECK(mine || w->in_place);
				next = mine ? mine : next;
			}
		}
		walk_tables(next, level + 1, b, start, end, w);
	}
}

struct leaf_walk {
	void (*fn)(pte_t *e, vaddr_t va, void *arg);
	void *arg;
};

static void leaves_of_table(pte_t *table, int first, int last, vaddr_t base, void *arg)
{
	struct leaf_walk *w = arg;
	for (int i = first; i <= last; i++)
		if (pte_present(table[i]))
			w->fn(&table[i], base + (u64)i * PAGE_SIZE, w->arg);
}

/* Visit every present leaf in [start, end) to change it, skipping absent subtrees. */
static void walk_leaves(struct arch_mm *am, vaddr_t start, vaddr_t end, void (*fn)(pte_t *e, vaddr_t va, void *arg),
			void *arg)
{
	struct leaf_walk lw = {fn, arg};
	struct walk w = {.fn = leaves_of_table, .arg = &lw, .own = am};
	walk_tables(am->root, 0, 0, start, end, &w);
}

/* Frames whose references change are gathered (on the stack) to change them
 * together: one call per FRAME_BATCH pages, not one per page. */
#define FRAME_BATCH 64

/* Adds a frame to the batch pa[0..*n), handing a full batch to flush. Inlined
 * with a constant flush: a direct call, and *n stays in a register. */
static inline __attribute__((always_inline)) void frame_batch_add(paddr_t *pa, size_t *n, paddr_t frame,
								  void (*flush)(const paddr_t *, size_t))
{
	pa[(*n)++] = frame;
	if (*n == FRAME_BATCH) {
		flush(pa, *n);
		*n = 0;
	}
}

/*
 * What unmap_table drops: the entries of am's tables, but those keep
 * (optional) is true for. The frames of the entries it clears are gathered
 * (Linux's mmu_gather) and put only after those entries are flushed from
 * every CPU's TLB: a thread of this address space running on another CPU
 * could otherwise still reach a frame already given to someone else. One
 * flush per ZAP_GATHER frames, and the last at the end of the walk, so the
 * range functions return with every entry they cleared flushed.
 */
#define ZAP_GATHER 128

struct zap_args {
	struct arch_mm *am;
	bool (*keep)(paddr_t pa, vaddr_t va, void *arg);
	void *keep_arg;
	bool shared_changed;	    /* a table other address spaces hold was changed */
	paddr_t frames[ZAP_GATHER]; /* gathered: their entries are cleared, not yet flushed */
	size_t nr_frames;
	vaddr_t lo, hi; /* the span of those entries */
};

/* Flushes the gathered entries' span, then puts their frames. */
static void zap_flush(struct zap_args *z)
{
	if (z->nr_frames == 0)
		return;
	arch_flush_tlb_range(z->am, z->lo, z->hi);
	page_put_many(z->frames, z->nr_frames);
	z->nr_frames = 0;
	z->lo = ~0UL;
	z->hi = 0;
}

static void zap_gather(struct zap_args *z, paddr_t frame, vaddr_t va)
{
	if (z->nr_frames == ZAP_GATHER)
		zap_flush(z);
	z->frames[z->nr_frames++] = frame;
	z->lo = MIN(z->lo, va);
	z->hi = MAX(z->hi, va + PAGE_SIZE);
}

/* Does entry e of the table at va go? */
static inline bool zap_entry(const struct zap_args *z, pte_t e, vaddr_t va)
{
	return pte_present(e) && !(z->keep && z->keep(pte_paddr(e), va, z->keep_arg));
}

/* A table fork shared that could not be copied (upt_zap_file_range): its
 * entries are cleared under shared_table_lock, and every CPU's TLB may
 * cache them under any holder's ASID, so all of it is flushed before each
 * batch of frames goes. */
static void unmap_shared_entries(struct zap_args *z, pte_t *table, int first, int last, vaddr_t base)
{
	paddr_t pa[FRAME_BATCH], zero = vm_zero_page_paddr();
	for (int i = first; i <= last;) {
		size_t n = 0;
		unsigned long irq = spin_lock_irqsave(&shared_table_lock);
		for (; i <= last && n < FRAME_BATCH; i++) {
			pte_t e = table[i];
			if (!zap_entry(z, e, base + (u64)i * PAGE_SIZE))
				continue;
			pte_set(&table[i], 0);
			z->am->resident -= (u64)counts_resident(e, zero);
			z->shared_changed = true;
			pa[n++] = pte_paddr(e);
		}
		spin_unlock_irqrestore(&shared_table_lock, irq);
		if (n) { /* after the lock: it frees pages */
			arm64_flush_tlb_all();
			page_put_many(pa, n);
		}
	}
}

static void unmap_table(pte_t *table, int first, int last, vaddr_t base, void *arg)
{
	struct zap_args *z = arg;
	if (page_refcount(virt_to_phys(table)) > 1) { /* a table this address space owns has one holder */
		unmap_shared_entries(z, table, first, last, base);
		return;
	}
	paddr_t zero = vm_zero_page_paddr();
	for (int i = first; i <= last; i++) {
		pte_t e = table[i];
		vaddr_t va = base + (u64)i * PAGE_SIZE;
		if (pte_is_breaking(e) && !(z->keep && z->keep(pte_paddr(e), va, z->keep_arg))) {
			pte_set(&table[i], 0); /* its breaker puts the frame (pte_mkbreaking) */
			continue;
		}
		if (!zap_entry(z, e, va))
			continue;
		pte_set(&table[i], 0);
		z->am->resident -= (u64)counts_resident(e, zero);
		zap_gather(z, pte_paddr(e), va);
	}
}

/* Entries holding a frame (pte_present: valid, or PROT_NONE's software bit);
 * *resident gets those of them that count in the resident set (all but the
 * zero page, counts_resident). One pass: fork of a large process calls it
 * once per shared table. */
static u64 count_present(const pte_t *table, u64 *resident)
{
	u64 zero = pa_addr(vm_zero_page_paddr());
	u64 n = 0, zeros = 0;
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t e = table[i];
		u64 present = (e | e >> 58) & 1;
		n += present;
		zeros += present & (zero && (e & PTE_ADDR_MASK) == zero);
	}
	*resident = n - zeros;
	return n;
}
_Static_assert(PTE_VALID == 1 && PTE_SW_PROT_NONE == 1UL << 58, "count_present's bits");

/* A shared table wholly unmapped: this address space lets go of it. */
static bool unmap_shared(pte_t *pmd, vaddr_t base, void *arg)
{
	struct arch_mm *am = ((struct zap_args *)arg)->am;
	(void)base;
	pte_t e = *pmd;
	if (!(e & PTE_TABLE_RDONLY))
		return false;
	am->resident -= pmd_resident(e);
	__atomic_sub_fetch(&am->tables, 1, __ATOMIC_RELAXED); /* each holder counts it (share_table) */
	pte_set(pmd, 0);
	arch_flush_tlb_mm(am); /* no walk through it once it may be freed */
	table_put(pte_paddr(e));
	return true;
}

/*
 * Freeing the tables of a range nothing is mapped in any more (Linux's
 * free_pgd_range, called by munmap's free_pgtables). The caller (vm.c) has
 * unmapped [start, end) and knows the neighbouring VMAs: nothing is mapped
 * in [floor, ceiling). A last-level table is freed when the 2 MiB it maps
 * lies inside [floor, ceiling) and overlaps [start, end); a level-1 or
 * level-2 table when that left it empty. A table that still has entries is
 * kept (mremap moves entries into a range whose VMA is inserted after the
 * old range is unmapped). The root is never freed.
 *
 * Order (Arm ARM D8.14.1, break-before-make; Linux's tlb_remove_table): the
 * entries pointing at the tables are cleared, the whole address space's TLB
 * is flushed (TLBI ASIDE1IS also drops the walk caches' copies of the
 * cleared table entries on every CPU), and only then are the pages freed.
 */
#define FREED_TABLES_BATCH 32

struct free_tables {
	struct arch_mm *am;
	vaddr_t floor, ceiling; /* 2 MiB aligned: nothing is mapped in [floor, ceiling) */
	pte_t *freed[FREED_TABLES_BATCH];
	int nr_freed;
};

static void free_tables_flush(struct free_tables *f)
{
	if (f->nr_freed == 0)
		return;
	arch_flush_tlb_mm(f->am);
	for (int i = 0; i < f->nr_freed; i++)
		page_free(f->freed[i]);
	user_tables_add(-f->nr_freed);
	__atomic_sub_fetch(&f->am->tables, (u64)f->nr_freed, __ATOMIC_RELAXED);
	f->nr_freed = 0;
}

static bool table_empty(const pte_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i += 8)
		if (any_of_8(table, i, PTE_VALID | PTE_SW_PROT_NONE))
			return false;
	return true;
}

/* Clears *entry and queues the table it points to; false when it has
 * entries still, or is a table fork shares (PTE_TABLE_RDONLY: let go by
 * unmap_shared when the range covered it whole). */
static bool free_table_entry(struct free_tables *f, pte_t *entry)
{
	pte_t e = *entry;
	pte_t *table = phys_to_virt(pte_paddr(e));
	if ((e & PTE_TABLE_RDONLY) || !table_empty(table))
		return false;
	pte_set(entry, 0);
	if (f->nr_freed == FREED_TABLES_BATCH)
		free_tables_flush(f);
	f->freed[f->nr_freed++] = table;
	return true;
}

/* The tables below table (at level 0..2, mapping from base) covering
 * [start, end). */
static void free_tables_below(struct free_tables *f, pte_t *table, int level, vaddr_t base, vaddr_t start, vaddr_t end)
{
	u64 span = 1UL << LEVEL_SHIFT(level);
	int first = start > base ? (int)TABLE_INDEX(start, level) : 0;
	int last = end - 1 < base + span * PTRS_PER_TABLE - 1 ? (int)TABLE_INDEX(end - 1, level) : PTRS_PER_TABLE - 1;
	for (int i = first; i <= last; i++) {
		if (!(table[i] & PTE_VALID))
			continue;
		vaddr_t b = base + (u64)i * span;
		if (level < 2)
			free_tables_below(f, phys_to_virt(pte_paddr(table[i])), level + 1, b, start, end);
		/* a last-level table only inside [floor, ceiling); one above it
		 * only once empty, which it checks itself */
		if (level < 2 || (b >= f->floor && b + span <= f->ceiling))
			(void)free_table_entry(f, &table[i]);
	}
}

void upt_free_tables(struct arch_mm *am, vaddr_t start, vaddr_t end, vaddr_t floor, vaddr_t ceiling)
{
	struct free_tables f = {
		.am = am, .floor = ALIGN_UP(floor, LEAF_TABLE_SPAN), .ceiling = ALIGN_DOWN(ceiling, LEAF_TABLE_SPAN)};
	start = MAX(ALIGN_DOWN(start, LEAF_TABLE_SPAN), f.floor);
	end = MIN(ALIGN_UP(end, LEAF_TABLE_SPAN), f.ceiling);
	if (start >= end)
		return;
	free_tables_below(&f, am->root, 0, 0, start, end);
	free_tables_flush(&f);
}

void upt_unmap_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	struct zap_args z = {.am = am, .lo = ~0UL};
	struct walk w = {.fn = unmap_table, .arg = &z, .own = am, .whole = unmap_shared};
	walk_tables(am->root, 0, 0, start, end, &w);
	zap_flush(&z);
}

/*
 * Truncation and hole punching never fail (Linux's unmap_mapping_range
 * allocates nothing). A table fork shared is made this address space's own
 * as elsewhere when a page for the copy can be had; when none can, the
 * entries are cleared in the shared table itself. That is the change every
 * other holder makes too: a shared table lies wholly inside one private
 * mapping in each holder, the same file at the same offset (every change
 * to a holder's mapping there makes the table its own first), and
 * vm_unmap_file_* visits every mapping of the file, dropping the same
 * entries (keep decides by frame and address, the same in all). A table
 * wholly inside [start, end) is let go when nothing is kept.
 */
bool upt_zap_file_range(struct arch_mm *am, vaddr_t start, vaddr_t end, bool (*keep)(paddr_t pa, vaddr_t va, void *arg),
			void *keep_arg)
{
	struct zap_args z = {.am = am, .keep = keep, .keep_arg = keep_arg, .lo = ~0UL};
	struct walk w = {.fn = unmap_table, .arg = &z, .own = am, .in_place = true};
	if (!keep)
		w.whole = unmap_shared;
	walk_tables(am->root, 0, 0, start, end, &w);
	zap_flush(&z);
	return z.shared_changed;
}

/* The resident entries of the tables below table (a table at level); a
 * shared table's count in its level-2 entry is set again. */
static u64 count_tree(pte_t *table, int level)
{
	u64 n = 0, resident;
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		if (!(table[i] & PTE_VALID))
			continue;
		pte_t *next = phys_to_virt(pte_paddr(table[i]));
		if (level == 2) {
			(void)count_present(next, &resident);
			if (table[i] & PTE_TABLE_RDONLY)
				pte_set(&table[i], pmd_with_resident(table[i], resident));
			n += resident;
		} else {
			n += count_tree(next, level + 1);
		}
	}
	return n;
}

void upt_recount_resident(struct arch_mm *am)
{
	am->resident = count_tree(am->root, 0);
}

static void protect_leaf(pte_t *e, vaddr_t va, void *arg)
{
	unsigned uprot = *(unsigned *)arg;
	bool was_exec = (*e & PTE_VALID) && !(*e & PTE_UXN);
	/* a page becoming executable may hold freshly written code (a JIT):
	 * clean it to the point of unification and drop stale instructions */
	if ((uprot & UPROT_EXEC) && !was_exec)
		arch_sync_icache((vaddr_t)phys_to_virt(pte_paddr(*e)), PAGE_SIZE);
	bool cow = *e & PTE_SW_COW;
	*e = upt_make_pte(pte_paddr(*e), uprot);
	if (cow) /* still shared after a fork: the first write copies it */
		*e = pte_make_cow(*e);
}

void upt_protect_range(struct arch_mm *am, vaddr_t start, vaddr_t end, unsigned uprot)
{
	walk_leaves(am, start, end, protect_leaf, &uprot);
	asm volatile("dsb ishst" ::: "memory");
}

void upt_activate(pte_t *root, unsigned asid)
{
	/* TCR_EL1.AS = 1: TTBR0 bits [63:48] are the ASID (8-bit CPUs ignore [63:56]) */
	u64 ttbr = pa_addr(virt_to_phys(root)) | ((u64)asid << 48);
	asm volatile("msr ttbr0_el1, %0\n\tisb" : : "r"(ttbr) : "memory");
}

/*
 * The empty table under the ASID TTBR0 already holds, as Linux's
 * cpu_set_reserved_ttbr0 leaves the ASID alone (Linux keeps it in TTBR1).
 * Walks from the empty table cache nothing; the entries cached under that
 * ASID stay right for their mm (its broadcast TLBIs by ASID still reach
 * them), and the number stays this CPU's (asid.c: active_context, reserved
 * over a roll-over) until another mm is switched in. Why not ASID 0: a task
 * going to sleep on an otherwise idle CPU switches to the idle task and
 * back to the same mm, and QEMU's TCG flushes the vCPU's whole TLB at every
 * change of TTBR0's ASID (target/arm vmsa_ttbr_write), so an ASID 0 here
 * cost two whole-TLB flushes per sleep (bench/README.md, smp_pingpong).
 * After an exit the dead mm's entries stay reachable under that number on
 * this CPU until another mm is switched in (upt_destroy frees without a
 * flush, asid.c): the same as Linux, whose exit_mmap skips the flush of a
 * whole-mm teardown while the exiting CPU keeps the mm lazily in TTBR0.
 * So code running without user space must not use the uaccess helpers
 * (under Linux a kernel thread's user access would hit the lazy mm the same
 * way; it must kthread_use_mm first): exit's last user access,
 * clear_child_tid, comes before its arch_switch_mm(NULL).
 */
void upt_deactivate(void)
{
	if (!zero_root) {
		zero_root = page_alloc(PAGE_ZERO);
		CHECK(zero_root);
	}
	upt_activate(zero_root, (unsigned)(read_sysreg(ttbr0_el1) >> 48));
	asid_installed(NULL);
}

/* Makes sure the tables covering [start, start + len) exist (for a move). */
int upt_prepare_range(struct arch_mm *am, vaddr_t start, size_t len)
{
	for (vaddr_t va = ALIGN_DOWN(start, LEAF_TABLE_SPAN); va < start + len; va += LEAF_TABLE_SPAN)
		if (!user_leaf_table(am, MAX(va, start)))
			return -ENOMEM;
	return 0;
}

struct move_args {
	struct arch_mm *am;
	vaddr_t from, to;
};

static void move_leaf(pte_t *e, vaddr_t va, void *arg)
{
	struct move_args *m = arg;
	vaddr_t dst = va - m->from + m->to;
	pte_t *t = user_leaf_table(m->am, dst);
	CHECK(t); /* upt_prepare_range made it */
	t[TABLE_INDEX(dst, 3)] = *e;
	*e = 0;
}

void upt_move_range(struct arch_mm *am, vaddr_t from, vaddr_t to, size_t len)
{
	struct move_args m = {am, from, to};
	walk_leaves(am, from, from + len, move_leaf, &m);
	asm volatile("dsb ishst" ::: "memory");
}

pte_t pte_make_cow(pte_t e)
{
	return e | PTE_SW_COW | ((e & PTE_VALID) ? PTE_RDONLY : 0);
}

bool pte_young(pte_t e)
{
	return e & PTE_AF;
}

pte_t pte_mkyoung(pte_t e)
{
	return e | PTE_AF;
}

static void clear_young_leaf(pte_t *e, vaddr_t va, void *arg)
{
	*e &= ~(pte_t)PTE_AF;
}

void upt_clear_young_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	walk_leaves(am, start, end, clear_young_leaf, NULL);
	asm volatile("dsb ishst" ::: "memory");
}

bool pte_is_cow(pte_t e)
{
	return e & PTE_SW_COW;
}

pte_t pte_cow_resolved(pte_t e, paddr_t pa)
{
	return (e & ~(PTE_ADDR_MASK | PTE_SW_COW | PTE_RDONLY)) | pa_addr(pa);
}

pte_t pte_mkbreaking(pte_t e)
{
	return (e & ~PTE_VALID) | PTE_SW_BREAKING;
}

bool pte_is_breaking(pte_t e)
{
	return (e & (PTE_VALID | PTE_SW_BREAKING)) == PTE_SW_BREAKING;
}

bool pte_resident(pte_t e)
{
	return pte_present(e) || pte_is_breaking(e);
}

struct copy_args {
	struct arch_mm *dst;
	bool cow;
	int err;
};

/* Entries [first, last] of src into dst, each frame referenced once more;
 * with cow, private pages become copy-on-write in both. resident (if
 * given) counts the entries new in dst. */
static void copy_entries(pte_t *src, pte_t *dst, int first, int last, bool cow, u64 *resident)
{
	paddr_t pa[FRAME_BATCH], zero = vm_zero_page_paddr();
	size_t n = 0;
	for (int i = first; i <= last; i++) {
		pte_t e = src[i];
		if (!pte_present(e))
			continue;
		if (cow && (pte_writable(e) || !(e & PTE_VALID))) {
			e = pte_make_cow(e);
			src[i] = e;
		}
		if (resident)
			*resident += (u64)counts_resident(e, zero) - (u64)counts_resident(dst[i], zero);
		dst[i] = e;
		frame_batch_add(pa, &n, pte_paddr(e), page_get_many);
	}
	page_get_many(pa, n);
}

/* fork: the child maps the same frames; private pages become copy-on-write in
 * both. One source table at a time: the child's table is looked up once, the
 * frames' references are taken in batches. */
static void copy_table(pte_t *table, int first, int last, vaddr_t base, void *arg)
{
	struct copy_args *c = arg;
	if (c->err)
		return;
	pte_t *dst = user_leaf_table(c->dst, base + (u64)first * PAGE_SIZE);
	if (!dst) {
		c->err = -ENOMEM;
		return;
	}
	/* a table the parent shares with others (only partly in the range) */
	bool shared = page_refcount(virt_to_phys(table)) > 1;
	unsigned long irq = shared ? spin_lock_irqsave(&shared_table_lock) : 0;
	copy_entries(table, dst, first, last, c->cow, &c->dst->resident);
	if (shared)
		spin_unlock_irqrestore(&shared_table_lock, irq);
}

/*
 * fork of a last-level table wholly inside one private mapping: the child
 * takes the table itself (a reference on its page) instead of a copy, and
 * both level-2 entries forbid writes below them (APTable, Arm ARM D8.4.2
 * hierarchical permissions). The first change either address space makes
 * in that 2 MiB — a write fault, a new page, munmap, mprotect — goes
 * through own_table, which copies the table then (Linux copies at fork;
 * this is the "on-demand fork" of Zhao et al., EuroSys 2021). fork and
 * exit of a process with 512 MiB touched are one entry per 2 MiB instead
 * of 512. A table with few pages (SHARE_MIN_PRESENT) is copied as before:
 * it is cheap, and the one a program's stack lives in is written by both
 * processes right away. mm_fork flushes the parent's TLB after.
 */
#define SHARE_MIN_PRESENT 64 /* fewer pages are copied at once: a stack's table, written by both at once */

static bool share_table(pte_t *pmd, vaddr_t base, void *arg)
{
	struct copy_args *c = arg;
	if (!c->cow || c->err)
		return false;
	pte_t *l2 = walk_alloc(c->dst->root, &c->dst->tables, base, 2, 0);
	if (!l2) {
		c->err = -ENOMEM;
		return true;
	}
	pte_t *dpmd = &l2[TABLE_INDEX(base, 2)];
	if (*dpmd & PTE_VALID)
		return false; /* the child has a table here already: copy into it */
	pte_t e = *pmd;
	if (!(e & PTE_TABLE_RDONLY)) { /* shared for the first time: count it */
		u64 resident;
		u64 present = count_present(phys_to_virt(pte_paddr(e)), &resident);
		if (present < SHARE_MIN_PRESENT)
			return false;
		e = pmd_with_resident(e | PTE_TABLE_RDONLY, resident);
		pte_set(pmd, e);
	}
	page_get(pte_paddr(e));
	pte_set(dpmd, e);
	c->dst->resident += pmd_resident(e);
	__atomic_add_fetch(&c->dst->tables, 1, __ATOMIC_RELAXED); /* the child holds it too */
	return true;
}

int upt_copy_range(struct arch_mm *src, struct arch_mm *dst, vaddr_t start, vaddr_t end, bool cow)
{
	struct copy_args c = {.dst = dst, .cow = cow, .err = 0};
	struct walk w = {.fn = copy_table, .arg = &c, .whole = share_table};
	walk_tables(src->root, 0, 0, start, end, &w);
	asm volatile("dsb ishst" ::: "memory");
	return c.err;
}

/* Drops a hold on a shared last-level table; the last one drops its
 * frames' references and frees it. */
static void table_put(paddr_t tpa)
{
	if (!page_put_last(tpa))
		return;
	pte_t *table = phys_to_virt(tpa);
	put_frames(table);
	user_tables_add(-1);
	page_free(table);
}

/* Drops the reference of every frame a last-level table maps (exit: most
 * tables are mostly empty, so empty pairs of entries are passed over first). */
static void put_frames(const pte_t *table)
{
	paddr_t pa[FRAME_BATCH];
	size_t n = 0;
	for (int i = 0; i < PTRS_PER_TABLE; i += 8) {
		if (!any_of_8(table, i, PTE_VALID | PTE_SW_PROT_NONE))
			continue;
		for (int j = i; j < i + 8; j++)
			if (pte_present(table[j]))
				frame_batch_add(pa, &n, pte_paddr(table[j]), page_put_many);
	}
	page_put_many(pa, n);
}

/*
 * The last-level table the level-2 entry *pmd points to, made this address
 * space's own: a table still shared by fork is copied (copy_entries: its
 * private pages copy-on-write in both, each frame referenced by each
 * table) and the shared one let go; one nobody else holds any more is
 * taken back as it is. Break-before-make (Arm ARM D8.14.1) for the new
 * entry. NULL without memory. mm->lock held.
 */
static pte_t *own_table(struct arch_mm *am, pte_t *pmd)
{
	pte_t e = *pmd;
	paddr_t tpa = pte_paddr(e);
	pte_t *table = phys_to_virt(tpa);
	if (!(e & PTE_TABLE_RDONLY))
		return table;
	pte_t *mine = table, *copy = NULL;
	if (page_refcount(tpa) > 1) { /* only a holder's fork adds one: a count of 1 stays 1 */
		copy = page_alloc(PAGE_ZERO);
		if (!copy)
			return NULL;
		unsigned long irq = spin_lock_irqsave(&shared_table_lock);
		if (page_refcount(tpa) > 1) { /* the others may have let go meanwhile */
			copy_entries(table, copy, 0, PTRS_PER_TABLE - 1, true, NULL);
			mine = copy;
			copy = NULL;
			user_tables_add(1);
		}
		spin_unlock_irqrestore(&shared_table_lock, irq);
		if (copy)
			page_free(copy);
	}
	pte_set(pmd, 0);
	arch_flush_tlb_mm(am);
	pte_set(pmd, pa_addr(virt_to_phys(mine)) | PTE_VALID | PTE_TABLE);
	asm volatile("dsb ishst" ::: "memory");
	if (mine != table)
		table_put(tpa);
	return mine;
}

/* The last-level table for va, allocated if missing, this address space's own. */
static pte_t *user_leaf_table(struct arch_mm *am, vaddr_t va)
{
	pte_t *l2 = walk_alloc(am->root, &am->tables, va, 2, 0);
	if (!l2)
		return NULL;
	pte_t *pmd = &l2[TABLE_INDEX(va, 2)];
	if (*pmd & PTE_VALID)
		return own_table(am, pmd);
	return walk_alloc(am->root, &am->tables, va, 3, 0);
}

int upt_own_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	for (vaddr_t b = ALIGN_DOWN(start, LEAF_TABLE_SPAN); b < end; b += LEAF_TABLE_SPAN) {
		pte_t *table = am->root;
		for (int l = 0; l < 2 && table; l++) {
			pte_t e = table[TABLE_INDEX(b, l)];
			table = (e & PTE_VALID) ? phys_to_virt(pte_paddr(e)) : NULL;
		}
		if (table && (table[TABLE_INDEX(b, 2)] & PTE_VALID) && !own_table(am, &table[TABLE_INDEX(b, 2)]))
			return -ENOMEM;
	}
	return 0;
}
