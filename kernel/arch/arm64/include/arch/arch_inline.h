/*
 * arch_inline.h — arm64's inline half of the porting interface (include/arch.h
 * declares what each function means): interrupt masking through DAIF, the
 * current task in TPIDR_EL1, the generic timer's virtual counter, and the
 * linear map's physical <-> virtual translation. Included only by arch.h.
 */
#pragma once

#include <arch/memlayout.h>
#include <types.h>

/* Interrupt masking. arch_irq_save() returns the previous state. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;
	asm volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	asm volatile("msr daif, %0" : : "r"(flags) : "memory");
}

static inline void arch_irq_enable(void)
{
	asm volatile("msr daifclr, #3" : : : "memory");
}

static inline void arch_irq_disable(void)
{
	asm volatile("msr daifset, #3" : : : "memory");
}

static inline bool arch_irqs_disabled(void)
{
	unsigned long flags;
	asm volatile("mrs %0, daif" : "=r"(flags));
	return (flags & (1 << 7)) != 0;
}

static inline void arch_wait_for_interrupt(void)
{
	asm volatile("dsb sy\n\twfi" : : : "memory");
}

static inline void arch_cpu_relax(void)
{
	asm volatile("yield" : : : "memory");
}

/* Barriers between CPUs of the inner shareable domain (Linux's smp_wmb and
 * smp_mb on arm64, which the virtqueues' weak barriers are too). */
static inline void arch_smp_wmb(void)
{
	asm volatile("dmb ishst" : : : "memory");
}

static inline void arch_smp_mb(void)
{
	asm volatile("dmb ish" : : : "memory");
}

/* Context synchronization: this CPU fetches instructions anew (membarrier's
 * SYNC_CORE; Linux's sync_core). */
static inline void arch_sync_core(void)
{
	asm volatile("isb" : : : "memory");
}

struct task;
static inline struct task *arch_current(void)
{
	struct task *t;
	asm("mrs %0, tpidr_el1" : "=r"(t));
	return t;
}

static inline void arch_set_current(struct task *t)
{
	asm volatile("msr tpidr_el1, %0" : : "r"(t) : "memory");
}

/* Counter and timer (Arm generic timer, virtual view). */
static inline u64 arch_counter(void)
{
	u64 v;
	asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline u64 arch_counter_freq(void)
{
	u64 v;
	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* Physical <-> virtual: RAM through the linear map, the image through its own mapping. */
extern u64 kimage_voffset; /* image VA - image PA */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(pa_addr(pa) + LINEAR_BASE);
}

static inline paddr_t virt_to_phys(const void *va)
{
	vaddr_t v = (vaddr_t)va;
	if (v >= KIMAGE_VADDR)
		return pa_init(v - kimage_voffset);
	return pa_init(v - LINEAR_BASE);
}
