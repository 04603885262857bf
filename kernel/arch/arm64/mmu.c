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
#define LEVEL_SHIFT(l) (39 - 9 * (l)) /* VA bits indexed by level l (0..3) */
#define TABLE_INDEX(va, l) (((va) >> LEVEL_SHIFT(l)) & (PTRS_PER_TABLE - 1))

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

u64 kimage_voffset;
static pte_t *kernel_root;	    /* TTBR1 level-0 table (linear VA) */
static paddr_t bump_next, bump_end; /* early page-table allocator */
static bool linear_ready;	    /* tables reachable through the linear map */
static struct spinlock kernel_pt_lock = SPINLOCK_INIT("kernel_pt");
static vaddr_t ioremap_next = IOREMAP_BASE; /* [kernel_pt_lock] */

#define KERNEL_DATA_ATTRS (PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_PXN | PTE_UXN)
#define KERNEL_TEXT_ATTRS (PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_RDONLY | PTE_UXN)
#define KERNEL_RO_ATTRS (KERNEL_DATA_ATTRS | PTE_RDONLY)
#define DEVICE_ATTRS (PTE_AF | PTE_ATTRINDX(MT_DEVICE_nGnRE) | PTE_PXN | PTE_UXN)

static void *table_va(paddr_t pa)
{
	return linear_ready ? phys_to_virt(pa) : (void *)pa;
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
	CHECK(bump_next + PAGE_SIZE <= bump_end);
	paddr_t pa = bump_next;
	bump_next += PAGE_SIZE;
	memset((void *)pa, 0, PAGE_SIZE);
	*pa_out = pa;
	return (pte_t *)pa;
}

/* Walk to the table at `level` covering va, allocating missing tables. */
static pte_t *walk_alloc(pte_t *root, vaddr_t va, int level, pte_t table_bits)
{
	pte_t *table = root;
	for (int l = 0; l < level; l++) {
		pte_t *e = &table[TABLE_INDEX(va, l)];
		if (!(*e & PTE_VALID)) {
			paddr_t pa;
			if (!table_alloc(&pa))
				return NULL;
			*e = pa | PTE_VALID | PTE_TABLE | table_bits;
		}
		CHECK((*e & PTE_TABLE) != 0); /* never walk through a block */
		table = table_va(*e & PTE_ADDR_MASK);
	}
	return table;
}

static void kmap_range(vaddr_t va, paddr_t pa, u64 size, u64 attrs, bool allow_blocks)
{
	vaddr_t end = va + size;
	while (va < end) {
		bool block = allow_blocks && IS_ALIGNED(va, 1UL << 21) && IS_ALIGNED(pa, 1UL << 21) &&
			     end - va >= (1UL << 21);
		int level = block ? 2 : 3;
		pte_t *t = walk_alloc(kernel_root, va, level, 0);
		CHECK(t);
		t[TABLE_INDEX(va, level)] = pa | attrs | PTE_VALID | (block ? PTE_BLOCK : PTE_PAGE);
		u64 step = block ? (1UL << 21) : PAGE_SIZE;
		va += step;
		pa += step;
	}
}

static void map_image(paddr_t image_pa)
{
	vaddr_t text = (vaddr_t)_text;
	kmap_range(text, image_pa, (vaddr_t)_etext - text, KERNEL_TEXT_ATTRS, false);
	kmap_range((vaddr_t)_rodata, image_pa + ((vaddr_t)_rodata - text), (vaddr_t)_erodata - (vaddr_t)_rodata,
		   KERNEL_RO_ATTRS, false);
	kmap_range((vaddr_t)_data, image_pa + ((vaddr_t)_data - text),
		   ALIGN_UP((vaddr_t)_end, PAGE_SIZE) - (vaddr_t)_data, KERNEL_DATA_ATTRS, false);
}

void mmu_init(paddr_t image_pa, const struct mem_region *ram, int nr_ram)
{
	kimage_voffset = KIMAGE_VADDR - image_pa;
	bump_next = ALIGN_UP(image_pa + ((vaddr_t)_end - KIMAGE_VADDR), PAGE_SIZE);
	bump_end = bump_next + 64 * PAGE_SIZE; /* enough for 64 GiB of linear map */

	paddr_t root_pa;
	kernel_root = table_alloc(&root_pa);
	map_image(image_pa);
	for (int i = 0; i < nr_ram; i++)
		kmap_range(LINEAR_BASE + ram[i].base, ram[i].base, ram[i].size, KERNEL_DATA_ATTRS, true);

	asm volatile("dsb ishst\n\t"
		     "msr ttbr1_el1, %0\n\t"
		     "isb\n\t"
		     "tlbi vmalle1\n\t"
		     "dsb ish\n\t"
		     "isb"
		     :
		     : "r"(root_pa)
		     : "memory");
	kernel_root = phys_to_virt(root_pa);
	linear_ready = true;
}

/* The early tables the bump allocator used: [image end, bump_next). */
void mmu_bump_range(paddr_t *start, paddr_t *end)
{
	*start = bump_end - 64 * PAGE_SIZE;
	*end = bump_next;
}

void *ioremap(paddr_t pa, size_t size)
{
	paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	size_t span = ALIGN_UP(pa + size, PAGE_SIZE) - base;
	unsigned long flags = spin_lock_irqsave(&kernel_pt_lock);
	vaddr_t va = ioremap_next;
	CHECK(va + span <= IOREMAP_BASE + IOREMAP_SIZE);
	ioremap_next += span + PAGE_SIZE; /* leave a guard page between mappings */
	kmap_range(va, base, span, DEVICE_ATTRS, false);
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	asm volatile("dsb ishst\n\tisb" ::: "memory");
	return (void *)(va + (pa - base));
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
		return pa | PTE_SW_PROT_NONE;
	pte_t e = pa | PTE_VALID | PTE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MT_NORMAL) | PTE_NG | PTE_PXN |
		  PTE_USER;
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
	return e & PTE_ADDR_MASK;
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
	am->resident = 0;
	return am->root ? 0 : -ENOMEM;
}

static void free_table(pte_t *table, int level)
{
	if (level < 3) {
		for (int i = 0; i < PTRS_PER_TABLE; i++)
			if (table[i] & PTE_VALID)
				free_table(phys_to_virt(table[i] & PTE_ADDR_MASK), level + 1);
	}
	page_free(table);
}

/* Frees the table pages (leaves must already be unmapped). */
void upt_destroy(struct arch_mm *am)
{
	free_table(am->root, 0);
	am->root = NULL;
}

/* Does entry e count in the resident set? A frame but the zero page (Linux's
 * rss counters count what vm_normal_page finds, which leaves it out: reading
 * fresh anonymous memory raises neither VmRSS nor ru_maxrss). */
static bool counts_resident(pte_t e)
{
	return pte_present(e) && !vm_is_zero_page(pte_paddr(e));
}

int upt_map(struct arch_mm *am, vaddr_t va, paddr_t pa, unsigned uprot)
{
	pte_t *t = walk_alloc(am->root, va, 3, 0);
	if (!t)
		return -ENOMEM;
	pte_t e = upt_make_pte(pa, uprot);
	/* a private copy replacing the zero page (copy-on-write) counts one more */
	am->resident += (u64)counts_resident(e) - (u64)counts_resident(t[TABLE_INDEX(va, 3)]);
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

pte_t *upt_lookup(struct arch_mm *am, vaddr_t va)
{
	pte_t *table = am->root;
	for (int l = 0; l < 3; l++) {
		pte_t e = table[TABLE_INDEX(va, l)];
		if (!(e & PTE_VALID))
			return NULL;
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return &table[TABLE_INDEX(va, 3)];
}

/* Per last-level table: entries [first, last] of table, whose entry 0 maps
 * base. fork, exit and munmap work a table at a time (Linux's copy_pte_range,
 * zap_pte_range): no call per page. */
typedef void (*table_fn)(pte_t *table, int first, int last, vaddr_t base, void *arg);

/* Visit every last-level table covering [start, end), skipping absent subtrees. */
static void walk_tables(pte_t *table, int level, vaddr_t base, vaddr_t start, vaddr_t end, table_fn fn, void *arg)
{
	u64 span = 1UL << LEVEL_SHIFT(level);
	int first = start > base ? (int)TABLE_INDEX(start, level) : 0;
	int last = end - 1 < base + span * PTRS_PER_TABLE - 1 ? (int)TABLE_INDEX(end - 1, level) : PTRS_PER_TABLE - 1;
	if (level == 3) {
		fn(table, first, last, base, arg);
		return;
	}
	for (int i = first; i <= last; i++) {
		pte_t e = table[i];
		if (e & PTE_VALID)
			walk_tables(phys_to_virt(e & PTE_ADDR_MASK), level + 1, base + (u64)i * span, start, end, fn,
				    arg);
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

/* Visit every present leaf in [start, end), skipping absent subtrees. */
static void walk_leaves(pte_t *root, vaddr_t start, vaddr_t end, void (*fn)(pte_t *e, vaddr_t va, void *arg), void *arg)
{
	struct leaf_walk w = {fn, arg};
	walk_tables(root, 0, 0, start, end, leaves_of_table, &w);
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

static void unmap_table(pte_t *table, int first, int last, vaddr_t base, void *arg)
{
	struct arch_mm *am = arg;
	paddr_t pa[FRAME_BATCH];
	size_t n = 0;
	for (int i = first; i <= last; i++) {
		pte_t e = table[i];
		if (!pte_present(e))
			continue;
		table[i] = 0;
		am->resident -= (u64)counts_resident(e);
		frame_batch_add(pa, &n, pte_paddr(e), page_put_many);
	}
	page_put_many(pa, n);
}

void upt_unmap_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	walk_tables(am->root, 0, 0, start, end, unmap_table, am);
	asm volatile("dsb ishst" ::: "memory");
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
	walk_leaves(am->root, start, end, protect_leaf, &uprot);
	asm volatile("dsb ishst" ::: "memory");
}

void upt_activate(pte_t *root, unsigned asid)
{
	/* TCR_EL1.AS = 1: TTBR0 bits [63:48] are the ASID (8-bit CPUs ignore [63:56]) */
	u64 ttbr = virt_to_phys(root) | ((u64)asid << 48);
	asm volatile("msr ttbr0_el1, %0\n\tisb" : : "r"(ttbr) : "memory");
}

void upt_deactivate(void)
{
	if (!zero_root) {
		zero_root = page_alloc(PAGE_ZERO);
		CHECK(zero_root);
	}
	upt_activate(zero_root, 0);
}

/* Makes sure the tables covering [start, start + len) exist (for a move). */
int upt_prepare_range(struct arch_mm *am, vaddr_t start, size_t len)
{
	for (vaddr_t va = ALIGN_DOWN(start, 1UL << 21); va < start + len; va += 1UL << 21)
		if (!walk_alloc(am->root, MAX(va, start), 3, 0))
			return -ENOMEM;
	return 0;
}

struct move_args {
	pte_t *root;
	vaddr_t from, to;
};

static void move_leaf(pte_t *e, vaddr_t va, void *arg)
{
	struct move_args *m = arg;
	vaddr_t dst = va - m->from + m->to;
	pte_t *t = walk_alloc(m->root, dst, 3, 0);
	CHECK(t); /* upt_prepare_range made it */
	t[TABLE_INDEX(dst, 3)] = *e;
	*e = 0;
}

void upt_move_range(struct arch_mm *am, vaddr_t from, vaddr_t to, size_t len)
{
	struct move_args m = {am->root, from, to};
	walk_leaves(am->root, from, from + len, move_leaf, &m);
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
	walk_leaves(am->root, start, end, clear_young_leaf, NULL);
	asm volatile("dsb ishst" ::: "memory");
}

bool pte_is_cow(pte_t e)
{
	return e & PTE_SW_COW;
}

pte_t pte_cow_resolved(pte_t e, paddr_t pa)
{
	return (e & ~(PTE_ADDR_MASK | PTE_SW_COW | PTE_RDONLY)) | pa;
}

struct copy_args {
	struct arch_mm *dst;
	bool cow;
	int err;
};

/* fork: the child maps the same frames; private pages become copy-on-write in
 * both. One source table at a time: the child's table is looked up once, the
 * frames' references are taken in batches. */
static void copy_table(pte_t *table, int first, int last, vaddr_t base, void *arg)
{
	struct copy_args *c = arg;
	if (c->err)
		return;
	pte_t *dst = walk_alloc(c->dst->root, base + (u64)first * PAGE_SIZE, 3, 0);
	if (!dst) {
		c->err = -ENOMEM;
		return;
	}
	bool cow = c->cow;
	paddr_t pa[FRAME_BATCH];
	size_t n = 0;
	for (int i = first; i <= last; i++) {
		pte_t e = table[i];
		if (!pte_present(e))
			continue;
		if (cow && (pte_writable(e) || !(e & PTE_VALID))) {
			e = pte_make_cow(e);
			table[i] = e;
		}
		c->dst->resident += (u64)counts_resident(e) - (u64)counts_resident(dst[i]);
		dst[i] = e;
		frame_batch_add(pa, &n, pte_paddr(e), page_get_many);
	}
	page_get_many(pa, n);
}

int upt_copy_range(struct arch_mm *src, struct arch_mm *dst, vaddr_t start, vaddr_t end, bool cow)
{
	struct copy_args c = {.dst = dst, .cow = cow, .err = 0};
	walk_tables(src->root, 0, 0, start, end, copy_table, &c);
	asm volatile("dsb ishst" ::: "memory");
	return c.err;
}
