/*
 * asid.c — address-space identifiers with generations (roll-over), in the
 * shape of Linux arch/arm64/mm/context.c.
 *
 * The CPU tags TLB entries with the ASID in TTBR0 (TCR_EL1.AS = 1), so a
 * switch between address spaces needs no flush. There are only 256 or
 * 65536 ASIDs (ID_AA64MMFR0_EL1.ASIDBits, Arm ARM D19.2.64), far fewer than
 * processes may exist, so an ASID is not owned by an address space for its
 * whole life: it is lent for one "generation". An mm's context is
 * (generation << 16) | ASID. When it is switched to and its generation is
 * the current one, its ASID is still valid. Otherwise it gets a free ASID
 * of the current generation. When none is free, the generation rolls over:
 * the bitmap is cleared, the whole TLB is flushed, and every mm gets a new
 * ASID the next time it runs. ASIDs are never freed one by one: a dead
 * mm's ASID stays taken (and its stale TLB entries unreachable, but from
 * the CPU it exited on, which keeps the number in TTBR0 with an empty
 * table until it switches to another mm: mmu.c upt_deactivate) until the
 * next roll-over flushes them.
 *
 * The ASID running on each CPU at a roll-over is kept ("reserved") into the
 * new generation: that CPU's TTBR0 still holds it, so its TLB may be
 * refilled with the mm's entries after the flush, and no other mm may be
 * given that number. active and reserved are per-CPU arrays, as in Linux;
 * an mm switched in on any CPU whose old context is some CPU's reserved one
 * keeps its number (a threaded mm live on two CPUs has one ASID). The
 * roll-over's flush is a broadcast (vmalle1is), so no CPU needs a flush of
 * its own afterwards (Linux's flush_pending, which uses local flushes).
 * ASID 0 is never handed out (head.S's identity map had it). A CPU that
 * switches to a task without user space keeps its ASID with an empty table
 * in TTBR0 (mmu.c upt_deactivate), so active_context stays its number.
 *
 * TLB maintenance: only a CPU that had the mm in TTBR0 can hold its
 * entries (a number is lent to one mm per generation, and the roll-over
 * flushed every CPU), so the mm records those CPUs (arch_mm.cpus_seen, set
 * in asid_activate, never cleared), and the CPUs that have it in TTBR0 now
 * (cpus_active: set before the table is loaded, cleared after another one
 * is, asid_installed). A flush whose other CPUs of cpus_seen are none of
 * them active is a local TLBI (no IS: Arm ARM D8.13) on this CPU, and marks
 * the others stale (cpus_stale): each flushes the ASID locally in
 * asid_activate before it runs the mm again, since its TLB may still hold
 * the old entries under that number. Only when another CPU runs the mm now
 * is the flush an inner-shareable broadcast, which reaches every CPU's TLB,
 * so no IPI is ever needed. Under QEMU's multi-threaded TCG a broadcast
 * TLBI stops every virtual CPU (tlb_flush_*_all_cpus_synced): a
 * single-threaded process's mprotect, munmap or copy-on-write break paid
 * that on every call, about 14 ms of a 2-CPU boot to the shell, and the
 * threads of one process, mostly asleep, on every copy-on-write copy after
 * a fork (bench/README.md). Linux arm64 always broadcasts; x86 Linux keeps
 * the same two masks (mm_cpumask and the lazy-TLB generation).
 *
 * The races with a CPU switching the mm in are store-buffer patterns, each
 * closed by a full barrier on both sides. First use: the flusher's
 * page-table store, DSB ISH, its read of cpus_seen; the switcher's set bit,
 * DSB ISH, then TTBR0 (and so its walks): either the flusher sees the bit,
 * or the walker sees the new entry (and had nothing cached). Again: the
 * flusher's stale mark, DSB ISH, its read of cpus_active; the switcher's
 * active bit, DSB ISH, its read of cpus_stale: either the flusher sees the
 * CPU active and broadcasts, or the switcher sees the mark and flushes.
 * The kernel is not preempted, so a flush stays on the CPU it checked, and
 * runs no user access on a CPU between its switch away and back (mmu.c
 * upt_deactivate). The flush always uses the mm's ASID number, whatever its
 * generation: an mm of an old generation may still run on another CPU under
 * a reserved ASID.
 *
 * Locking: asid_lock protects everything below; it is taken inside the
 * scheduler's switch (a run-queue lock held) and takes no other lock.
 */
#include <arch/mmu.h>

#include <printk.h>
#include <smp.h>
#include <spinlock.h>
#include <string.h>

#define ASID_MASK 0xffffUL
#define GENERATION_ONE (1UL << 16)
#define MAX_ASIDS 65536

static struct spinlock asid_lock = SPINLOCK_INIT("asid");
static unsigned nr_asids = 256;		    /* 256 or 65536; set once at boot */
static u64 generation = GENERATION_ONE;	    /* [asid_lock] */
static u64 asid_map[MAX_ASIDS / 64] = {1};  /* ASIDs taken in this generation [asid_lock] */
static unsigned next_free = 1;		    /* where the search for a free ASID starts [asid_lock] */
static u64 active_context[MAX_CPUS];	    /* the context in each CPU's TTBR0 [asid_lock] */
static u64 reserved_context[MAX_CPUS];	    /* each CPU's, kept across the last roll-over [asid_lock] */
static struct arch_mm *installed[MAX_CPUS]; /* the mm in each CPU's TTBR0, NULL: none [own CPU] */

void asid_init(void)
{
	u64 mmfr0;
	asm volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	/* ASIDBits, bits [7:4]: 0b0000 8 bits, 0b0010 16 bits */
	nr_asids = ((mmfr0 >> 4) & 0xf) == 2 ? 65536 : 256;
}

unsigned asid_count(void)
{
	return nr_asids;
}

static bool asid_taken(unsigned asid)
{
	return asid_map[asid / 64] & (1UL << (asid % 64));
}

static void asid_take(unsigned asid)
{
	asid_map[asid / 64] |= 1UL << (asid % 64);
}

/* Every CPU's TLB, every ASID (the roll-over; a table several address spaces share changed). */
void arm64_flush_tlb_all(void)
{
	asm volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

/* Nothing is free: a new generation; only the running ASID stays taken. */
static void roll_over(void)
{
	ASSERT_HELD(&asid_lock);
	generation += GENERATION_ONE;
	memset(asid_map, 0, sizeof(asid_map));
	asid_take(0);
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (active_context[cpu]) /* else the CPU still runs its reserved one */
			reserved_context[cpu] = active_context[cpu];
		active_context[cpu] = 0;
		if (reserved_context[cpu])
			asid_take((unsigned)(reserved_context[cpu] & ASID_MASK));
	}
	next_free = 1;
	arm64_flush_tlb_all();
}

static int find_free(void)
{
	for (unsigned i = next_free; i < nr_asids; i++)
		if (!asid_taken(i))
			return (int)i;
	return -1;
}

static u64 new_context(u64 old)
{
	ASSERT_HELD(&asid_lock);
	if (old) {
		unsigned asid = (unsigned)(old & ASID_MASK);
		bool reserved = false;
		for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
			if (reserved_context[cpu] == old) { /* it kept its ASID over the roll-over */
				reserved_context[cpu] = generation | asid;
				reserved = true;
			}
		}
		if (reserved)
			return generation | asid;
		if (!asid_taken(asid)) { /* its old number is still free: keep it */
			asid_take(asid);
			return generation | asid;
		}
	}
	int asid = find_free();
	if (asid < 0) {
		roll_over();
		asid = find_free();
		CHECK(asid > 0); /* at most one ASID per CPU is reserved */
	}
	asid_take((unsigned)asid);
	next_free = (unsigned)asid + 1;
	return generation | (u64)asid;
}

unsigned asid_activate(struct arch_mm *am)
{
	u64 cpu_bit = 1UL << this_cpu()->id;
	unsigned long flags = spin_lock_irqsave(&asid_lock);
	if ((am->asid & ~ASID_MASK) != generation)
		am->asid = new_context(am->asid);
	active_context[this_cpu()->id] = am->asid;
	spin_unlock_irqrestore(&asid_lock, flags);
	if (!(__atomic_load_n(&am->cpus_seen, __ATOMIC_RELAXED) & cpu_bit))
		__atomic_fetch_or(&am->cpus_seen, cpu_bit, __ATOMIC_RELAXED);
	if (!(__atomic_load_n(&am->cpus_active, __ATOMIC_RELAXED) & cpu_bit))
		__atomic_fetch_or(&am->cpus_active, cpu_bit, __ATOMIC_RELAXED);
	asm volatile("dsb ish" ::: "memory"); /* the bits seen before cpus_stale is read and walks start */
	u64 asid = am->asid & ASID_MASK;
	if (__atomic_load_n(&am->cpus_stale, __ATOMIC_RELAXED) & cpu_bit) {
		__atomic_fetch_and(&am->cpus_stale, ~cpu_bit, __ATOMIC_RELAXED);
		asm volatile("tlbi aside1, %0\n\tdsb nsh" : : "r"(asid << 48) : "memory");
	}
	return (unsigned)asid;
}

void asid_installed(struct arch_mm *am)
{
	int cpu = this_cpu()->id;
	struct arch_mm *prev = installed[cpu];
	if (prev && prev != am)
		__atomic_fetch_and(&prev->cpus_active, ~(1UL << cpu), __ATOMIC_RELAXED);
	installed[cpu] = am;
}

/* Can the flush stay on this CPU? Yes when no other CPU that had the mm
 * runs it now; those get the stale mark (see the top). Full barriers order
 * the caller's page-table stores before the read of cpus_seen, and the
 * marks before the read of cpus_active. */
static bool flush_is_local(struct arch_mm *am)
{
	asm volatile("dsb ish" ::: "memory");
	u64 others = __atomic_load_n(&am->cpus_seen, __ATOMIC_RELAXED) & ~(1UL << this_cpu()->id);
	if (!others)
		return true;
	__atomic_fetch_or(&am->cpus_stale, others, __ATOMIC_RELAXED);
	asm volatile("dsb ish" ::: "memory");
	return !(__atomic_load_n(&am->cpus_active, __ATOMIC_RELAXED) & others);
}

bool arch_tlb_active_elsewhere(struct arch_mm *am)
{
	return __atomic_load_n(&am->cpus_active, __ATOMIC_RELAXED) & ~(1UL << this_cpu()->id);
}

void arch_flush_tlb_page(struct arch_mm *am, vaddr_t va)
{
	u64 context = __atomic_load_n(&am->asid, __ATOMIC_RELAXED);
	if (!(context & ASID_MASK)) /* never ran: nothing cached */
		return;
	u64 arg = ((context & ASID_MASK) << 48) | ((va >> 12) & 0xfffffffffffUL);
	if (flush_is_local(am))
		asm volatile("tlbi vae1, %0\n\tdsb nsh\n\tisb" : : "r"(arg) : "memory");
	else
		asm volatile("tlbi vae1is, %0\n\tdsb ish\n\tisb" : : "r"(arg) : "memory");
}

void arch_flush_tlb_page_local(struct arch_mm *am, vaddr_t va)
{
	u64 context = __atomic_load_n(&am->asid, __ATOMIC_RELAXED);
	if (!(context & ASID_MASK))
		return;
	u64 arg = ((context & ASID_MASK) << 48) | ((va >> 12) & 0xfffffffffffUL);
	asm volatile("dsb nshst\n\ttlbi vae1, %0\n\tdsb nsh\n\tisb" : : "r"(arg) : "memory");
}

void arch_flush_tlb_mm(struct arch_mm *am)
{
	u64 context = __atomic_load_n(&am->asid, __ATOMIC_RELAXED);
	if (!(context & ASID_MASK))
		return;
	u64 arg = (context & ASID_MASK) << 48;
	if (flush_is_local(am))
		asm volatile("tlbi aside1, %0\n\tdsb nsh\n\tisb" : : "r"(arg) : "memory");
	else
		asm volatile("tlbi aside1is, %0\n\tdsb ish\n\tisb" : : "r"(arg) : "memory");
}

/* Page by page up to 64 pages, beyond that the whole ASID (Linux arm64
 * caps per-page TLBIs likewise, at 512: MAX_DVM_OPS in __flush_tlb_range).
 * One barrier before the TLBIs and one after them all, as Linux's
 * __flush_tlb_range: the TLBIs of one CPU complete together at the DSB. */
void arch_flush_tlb_range(struct arch_mm *am, vaddr_t start, vaddr_t end)
{
	if (end - start > 64 * PAGE_SIZE) {
		arch_flush_tlb_mm(am);
		return;
	}
	u64 context = __atomic_load_n(&am->asid, __ATOMIC_RELAXED);
	if (!(context & ASID_MASK) || start >= end)
		return;
	u64 asid = (context & ASID_MASK) << 48;
	if (flush_is_local(am)) {
		for (vaddr_t va = start; va < end; va += PAGE_SIZE)
			asm volatile("tlbi vae1, %0" : : "r"(asid | ((va >> 12) & 0xfffffffffffUL)) : "memory");
		asm volatile("dsb nsh\n\tisb" ::: "memory");
		return;
	}
	for (vaddr_t va = start; va < end; va += PAGE_SIZE)
		asm volatile("tlbi vae1is, %0" : : "r"(asid | ((va >> 12) & 0xfffffffffffUL)) : "memory");
	asm volatile("dsb ish\n\tisb" ::: "memory");
}
