/*
 * arch_inline.h — the host unit tests' stand-in for an architecture's inline
 * half of the porting interface (include/arch.h lists what each function
 * means; arm64's is kernel/arch/arm64/include/arch/arch_inline.h).
 *
 * tests/unit/run.sh puts tests/unit/host_arch first on the include path, so
 * portable kernel code compiled on the host gets these instead of arm64's
 * system-register instructions: one CPU whose interrupts are never masked,
 * the current task a variable the test sets, a counter that does not move,
 * and "physical" addresses equal to host pointers (a frame is a host page).
 * The rest of the arch headers (memlayout.h, frame.h) are arm64's.
 */
#pragma once

#include <arch/memlayout.h>
#include <types.h>

static inline unsigned long arch_irq_save(void)
{
	return 0;
}

static inline void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

static inline void arch_irq_enable(void)
{
}

static inline void arch_irq_disable(void)
{
}

static inline bool arch_irqs_disabled(void)
{
	return false;
}

static inline void arch_wait_for_interrupt(void)
{
}

static inline void arch_cpu_relax(void)
{
}

static inline void arch_smp_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void arch_smp_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void arch_sync_core(void)
{
}

struct task;
extern struct task *host_current_task; /* defined by a test that needs current() */
static inline struct task *arch_current(void)
{
	return host_current_task;
}

static inline void arch_set_current(struct task *t)
{
	host_current_task = t;
}

static inline u64 arch_counter(void)
{
	return 0;
}

static inline u64 arch_counter_freq(void)
{
	return 1;
}

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)pa_addr(pa);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return pa_init((u64)va);
}
