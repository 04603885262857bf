/*
 * kstack.c — kernel stacks with a guard: an overflow faults and panics with
 * its own message instead of writing over the memory below the stack.
 *
 * The stack area (memlayout.h: KSTACK_AREA_BASE, KSTACK_AREA_SIZE) is cut
 * into slots of 2 * KSTACK_SIZE aligned to their size. A stack is the lower
 * half of a slot, mapped page by page to frames of the page allocator; the
 * upper half of every slot is never mapped, so each stack has 8 KiB of
 * unmapped addresses below it (the upper half of the slot underneath).
 * Linux does the same with CONFIG_VMAP_STACK (arch/arm64/kernel/entry.S,
 * kernel/fork.c alloc_thread_stack_node).
 *
 * A store below the stack faults, but taking that fault needs a stack, and
 * the stack pointer is already in the guard. So entry.S, on every exception
 * taken at EL1, tests bit KSTACK_SHIFT of the stack pointer once the trap
 * frame is reserved: clear on any stack, set in a guard. When set, it moves
 * to this CPU's overflow stack (overflow_stacks below) and calls
 * arm64_kstack_overflow, which panics naming the task and the stack. The
 * boot stack (head.S) is aligned the same way, so the test holds there too
 * (it has no unmapped guard: the test alone catches it running over).
 *
 * A fixed number of freed stacks stay mapped for the next task (Linux keeps
 * two per CPU, NR_CACHED_STACKS): a fork-exit loop then neither maps nor
 * flushes the TLB.
 *
 * Locks: kstack_lock (a leaf) protects slot_used, slot_hint and the cache;
 * mapping and unmapping take mmu.c's kernel_pt_lock, never under it.
 */
#include <arch.h>
#include <arch/mmu.h>

#include <page.h>
#include <printk.h>
#include <smp.h>
#include <spinlock.h>
#include <task.h>
#include <uapi/errno.h>

#define SLOT_SIZE (2UL * KSTACK_SIZE)
#define NR_SLOTS (KSTACK_AREA_SIZE / SLOT_SIZE)
#define STACK_PAGES (KSTACK_SIZE / PAGE_SIZE)
#define NR_CACHED 4

_Static_assert(TASK_CPU == offsetof(struct task, cpu), "entry.S: TASK_CPU is offsetof(struct task, cpu)");
_Static_assert((KSTACK_AREA_BASE & (SLOT_SIZE - 1)) == 0, "stack slots are aligned to their size");
/* a slot never spans two last-level tables (mmu_kmap_pages) */
_Static_assert((2UL << 20) % SLOT_SIZE == 0, "stack slots tile 2 MiB");

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static u64 slot_used[NR_SLOTS / 64]; /* bit i: slot i holds a stack [kstack_lock] */
static unsigned long slot_hint = 1;  /* where the next search starts [kstack_lock] */
static void *cached[NR_CACHED];	     /* freed stacks still mapped [kstack_lock] */
static int nr_cached;		     /* [kstack_lock] */
static unsigned long nr_slots_used;  /* stacks in the area, cached ones included [kstack_lock] */

/* Per-CPU stacks entry.S moves to when a kernel stack overflowed: only the
 * panic runs there. Not in the stack area: they must exist before the page
 * allocator does (the boot stack can overflow too). */
u8 overflow_stacks[MAX_CPUS][KSTACK_SIZE] __aligned(16);

static vaddr_t slot_va(unsigned long slot)
{
	return KSTACK_AREA_BASE + slot * SLOT_SIZE;
}

/* A free slot marked used, or 0 when the area is full (slot 0 is never
 * used: the address below it belongs to the ioremap window). */
static unsigned long slot_take(void)
{
	unsigned long irq = spin_lock_irqsave(&kstack_lock);
	unsigned long found = 0;
	for (unsigned long n = 0; n < NR_SLOTS && !found; n++) {
		unsigned long s = (slot_hint + n) % NR_SLOTS;
		if (s != 0 && !(slot_used[s / 64] & (1UL << (s % 64))))
			found = s;
	}
	if (found) {
		slot_used[found / 64] |= 1UL << (found % 64);
		slot_hint = found + 1;
		nr_slots_used++;
	}
	spin_unlock_irqrestore(&kstack_lock, irq);
	return found;
}

static void slot_release(unsigned long slot)
{
	unsigned long irq = spin_lock_irqsave(&kstack_lock);
	slot_used[slot / 64] &= ~(1UL << (slot % 64));
	nr_slots_used--;
	if (slot < slot_hint)
		slot_hint = slot;
	spin_unlock_irqrestore(&kstack_lock, irq);
}

static void *cache_take(void)
{
	void *base = NULL;
	unsigned long irq = spin_lock_irqsave(&kstack_lock);
	if (nr_cached > 0)
		base = cached[--nr_cached];
	spin_unlock_irqrestore(&kstack_lock, irq);
	return base;
}

static bool cache_put(void *base)
{
	bool kept = false;
	unsigned long irq = spin_lock_irqsave(&kstack_lock);
	if (nr_cached < NR_CACHED) {
		cached[nr_cached++] = base;
		kept = true;
	}
	spin_unlock_irqrestore(&kstack_lock, irq);
	return kept;
}

static void free_frames(const paddr_t *pas, int n)
{
	for (int i = 0; i < n; i++)
		if (!pa_is_none(pas[i]))
			page_free(phys_to_virt(pas[i]));
}

void *arch_kstack_alloc(void)
{
	void *base = cache_take();
	if (base)
		return base;
	paddr_t pas[STACK_PAGES] = {0};
	for (unsigned i = 0; i < STACK_PAGES; i++) {
		void *page = page_alloc(0);
		if (!page)
			goto out_free;
		pas[i] = virt_to_phys(page);
	}
	unsigned long slot = slot_take();
	if (!slot)
		goto out_free;
	if (mmu_kmap_pages(slot_va(slot), pas, STACK_PAGES) != 0) {
		slot_release(slot);
		goto out_free;
	}
	return (void *)slot_va(slot);
out_free:
	free_frames(pas, STACK_PAGES);
	return NULL;
}

void arch_kstack_free(void *base)
{
	vaddr_t va = (vaddr_t)base;
	CHECK(va >= KSTACK_AREA_BASE && va < KSTACK_AREA_BASE + KSTACK_AREA_SIZE && (va & (SLOT_SIZE - 1)) == 0);
	if (cache_put(base))
		return;
	paddr_t pas[STACK_PAGES];
	mmu_kunmap_pages(va, pas, STACK_PAGES);
	slot_release((va - KSTACK_AREA_BASE) / SLOT_SIZE);
	free_frames(pas, STACK_PAGES);
}

u64 arch_kstack_cached_pages(void)
{
	unsigned long irq = spin_lock_irqsave(&kstack_lock);
	u64 pages = (u64)nr_cached * STACK_PAGES;
	spin_unlock_irqrestore(&kstack_lock, irq);
	return pages;
}

u64 arch_kstack_live_pages(void)
{
	unsigned long irq = spin_lock_irqsave(&kstack_lock);
	u64 pages = (u64)(nr_slots_used - (unsigned long)nr_cached) * STACK_PAGES;
	spin_unlock_irqrestore(&kstack_lock, irq);
	return pages;
}

bool arch_kstack_guard(vaddr_t va)
{
	return va >= KSTACK_AREA_BASE && va < KSTACK_AREA_BASE + KSTACK_AREA_SIZE && (va & KSTACK_SIZE);
}

/*
 * entry.S's overflow path: on this CPU's overflow stack, with f the frame it
 * saved there (f->sp: where the stack pointer was, in the guard). Panics.
 */
void __noreturn arm64_kstack_overflow(struct trap_frame *f);
void arm64_kstack_overflow(struct trap_frame *f)
{
	static int entered; /* a fault in the panic itself must not loop back here */
	if (__atomic_fetch_add(&entered, 1, __ATOMIC_RELAXED) > 0)
		arch_halt();
	struct task *t = current();
	u64 lo = ALIGN_DOWN(f->sp, SLOT_SIZE) + SLOT_SIZE, hi = lo + KSTACK_SIZE;
	printk_console_verbose();
	arch_dump_frame(f);
	/* panic's backtrace goes on through the frame record in f to the task's calls */
	panic("kernel stack overflow: sp %016lx, below the stack [%016lx, %016lx) of %s (tid %d)", (unsigned long)f->sp,
	      (unsigned long)lo, (unsigned long)hi, t ? t->comm : "boot", t ? t->tid : 0);
}
