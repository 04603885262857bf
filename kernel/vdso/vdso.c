/*
 * vdso.c — the kernel half of the vDSO (see vdso.h and docs/vdso.md).
 *
 * At boot the image embedded by vdso_image.S is copied into freshly
 * allocated pages, and one more page becomes the vvar page. Those pages
 * belong to this file for the life of the kernel (each keeps the refcount of
 * 1 page_alloc() gave it); every process maps the same frames through two
 * VMA_SPECIAL mappings, [vvar] (r--) then [vdso] (r-x), as Linux 6.1 does.
 *
 * The vvar page is written only here, under vvar_lock, as a sequence lock
 * (struct vdso_data); time.c calls vdso_update_clock() when a clock
 * parameter changes, and the last values are kept so vdso_init() can
 * publish what was set before the page existed.
 */
#include <vdso.h>

#include <arch.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>
#include <uapi/errno.h>

#define VDSO_MAX_PAGES 4 /* today's image is one page */

extern const char vdso_start[], vdso_end[];

_Static_assert(sizeof(struct vdso_data) <= PAGE_SIZE, "vvar must fit one page");

/* [vvar] is two pages as in Linux 6.1: the clock data, then the time
 * namespace page (all zero: there are no time namespaces). */
static paddr_t vvar_page[2];
static paddr_t vdso_pages[VDSO_MAX_PAGES];
/* nr_pages stays 0 until vdso_init() succeeds: then there is no vDSO. */
static struct vm_special vvar_mapping = {
	.name = "[vvar]", .pages = vvar_page, .nr_pages = 0, .may_prot = UPROT_READ, .pfnmap = true};
static struct vm_special vdso_mapping = {
	.name = "[vdso]", .pages = vdso_pages, .nr_pages = 0, .may_prot = UPROT_READ | UPROT_WRITE | UPROT_EXEC};

static struct spinlock vvar_lock = SPINLOCK_INIT("vvar");
static struct vdso_data *vvar;	      /* kernel view of the vvar page [vvar_lock; set once] */
static struct vdso_data clock_params; /* the values to publish [vvar_lock] */

/* Writes clock_params into the vvar page as one sequence-lock update. */
static void vvar_publish_locked(void)
{
	if (!vvar)
		return;
	volatile struct vdso_data *vd = vvar;
	vd->seq = vd->seq + 1; /* odd: readers retry */
	arch_smp_wmb();
	vd->counter_freq = clock_params.counter_freq;
	vd->boot_counter = clock_params.boot_counter;
	vd->realtime_offset_ns = clock_params.realtime_offset_ns;
	u64 freq = clock_params.counter_freq;
	vd->ns_per_tick = freq && 1000000000ULL % freq == 0 ? 1000000000ULL / freq : 0;
	vd->coarse_mono_ns = clock_params.coarse_mono_ns;
	arch_smp_wmb();
	vd->seq = vd->seq + 1;
}

void vdso_update_clock(u64 counter_freq, u64 boot_counter, u64 realtime_offset_ns)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	clock_params.counter_freq = counter_freq;
	clock_params.boot_counter = boot_counter;
	clock_params.realtime_offset_ns = realtime_offset_ns;
	vvar_publish_locked();
	spin_unlock_irqrestore(&vvar_lock, irq);
}

void vdso_update_coarse(u64 coarse_mono_ns)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	clock_params.coarse_mono_ns = coarse_mono_ns;
	vvar_publish_locked();
	spin_unlock_irqrestore(&vvar_lock, irq);
}

/*
 * The sequence-lock reader of vclock.c, on the kernel's view of the page:
 * a reader that sees the new value here can never see the old one through
 * the vDSO afterwards (there is one copy). Before vdso_init(), or without a
 * vvar page, clock_params under the lock is the value.
 */
u64 vdso_coarse_mono_ns(void)
{
	const volatile struct vdso_data *vd = __atomic_load_n(&vvar, __ATOMIC_ACQUIRE);
	if (!vd) {
		unsigned long irq = spin_lock_irqsave(&vvar_lock);
		u64 ns = clock_params.coarse_mono_ns;
		spin_unlock_irqrestore(&vvar_lock, irq);
		return ns;
	}
	u32 seq;
	u64 ns;
	do {
		while ((seq = __atomic_load_n(&vd->seq, __ATOMIC_ACQUIRE)) & 1)
			arch_cpu_relax();
		ns = vd->coarse_mono_ns;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (__atomic_load_n(&vd->seq, __ATOMIC_RELAXED) != seq);
	return ns;
}

void vdso_init(void)
{
	size_t len = (size_t)(vdso_end - vdso_start);
	size_t n = len / PAGE_SIZE;
	/* a malformed image is a build error, not a runtime condition */
	CHECK(len > 0 && len % PAGE_SIZE == 0 && n <= VDSO_MAX_PAGES && memcmp(vdso_start, "\177ELF", 4) == 0);
	void *data = page_alloc(PAGE_ZERO);
	void *timens = page_alloc(PAGE_ZERO);
	if (!data || !timens)
		goto out_nomem;
	for (size_t i = 0; i < n; i++) {
		void *kva = page_alloc(0);
		if (!kva)
			goto out_nomem; /* at boot: what was taken stays taken */
		memcpy(kva, vdso_start + i * PAGE_SIZE, PAGE_SIZE);
		arch_sync_icache((vaddr_t)kva, PAGE_SIZE); /* user mode executes it */
		vdso_pages[i] = virt_to_phys(kva);
	}
	vvar_page[0] = virt_to_phys(data);
	vvar_page[1] = virt_to_phys(timens);

	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	__atomic_store_n(&vvar, data, __ATOMIC_RELEASE); /* vdso_coarse_mono_ns() reads it unlocked */
	vvar_publish_locked();
	spin_unlock_irqrestore(&vvar_lock, irq);
	vvar_mapping.nr_pages = 2;
	vdso_mapping.nr_pages = n;
	return;

out_nomem:
	printk(KERN_ERR "vdso: out of memory at boot: processes get no vDSO");
}

int vdso_map(struct mm *mm, vaddr_t *base_out)
{
	*base_out = 0;
	if (!vdso_mapping.nr_pages)
		return 0;
	size_t vvar_len = vvar_mapping.nr_pages * PAGE_SIZE;
	size_t len = vvar_len + vdso_mapping.nr_pages * PAGE_SIZE;
	vaddr_t addr = vm_find_free(mm, len, 0);
	if (!addr)
		return -ENOMEM;
	int err = vm_map_special(mm, addr, UPROT_READ, &vvar_mapping);
	if (err)
		return err;
	err = vm_map_special(mm, addr + vvar_len, UPROT_READ | UPROT_EXEC, &vdso_mapping);
	if (err) {
		vm_unmap(mm, addr, vvar_len);
		return err;
	}
	*base_out = addr + vvar_len;
	return 0;
}
