/*
 * arch.h — the porting interface: everything portable code may ask of the
 * architecture. arm64 implements it in kernel/arch/arm64/. Nothing else in
 * arch/arm64/include/arch/ should be needed outside arch/ except memlayout.h
 * (the address map) and frame.h (the saved register state).
 */
#pragma once

#include <types.h>
#include <arch/memlayout.h>
#include <arch/frame.h>

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

void arch_timer_set_deadline(u64 counter_value);
void arch_timer_init(void);

/* Per-CPU set-up once the kernel's own page tables are live (PAN). */
void arch_cpu_init(void);

/* Power. */
void __noreturn arch_power_off(void);
void __noreturn arch_restart(void);
/* Stops this CPU for good (interrupts off, wfi), as Linux's machine_halt. */
void __noreturn arch_halt(void);

/* Physical <-> virtual. */
extern u64 kimage_voffset; /* image VA - image PA */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(pa + LINEAR_BASE);
}

static inline paddr_t virt_to_phys(const void *va)
{
	vaddr_t v = (vaddr_t)va;
	if (v >= KIMAGE_VADDR)
		return v - kimage_voffset;
	return v - LINEAR_BASE;
}

/* The arch half of the start-up and per-task state. */
struct task;
void arch_task_init_user(struct task *t, struct trap_frame *frame, vaddr_t pc, vaddr_t sp);
void arch_context_switch(struct task *prev, struct task *next);
/* New tasks: the first switch to t returns to user mode from its user frame
 * (arch_start_user_task), or runs fn(arg) in the kernel (arch_start_kthread). */
void arch_start_user_task(struct task *t);
void arch_start_kthread(struct task *t, int (*fn)(void *), void *arg);
/* clone: child's user registers, FP/SIMD and TLS from the caller's (x0 = 0,
 * sp = stack unless 0, TLS = tls if set_tls); then arch_start_user_task. */
void arch_copy_thread(struct task *child, const struct trap_frame *parent_frame, vaddr_t stack, bool set_tls, u64 tls);
void arch_exec_reset_registers(struct task *t);
void arch_dump_frame(const struct trap_frame *f);
void arch_backtrace(u64 fp, u64 pc);

/* CPU identification for the auxv (computed from the ID registers). */
u64 arch_hwcap(void);
u64 arch_hwcap2(void);
/* MIDR_EL1: implementer, variant, part, revision (/proc/cpuinfo). */
u64 arch_midr(void);
const char *arch_platform(void);
u64 arch_min_sigstksz(void);

/* Caches and TLB for user mappings. */
void arch_sync_icache(vaddr_t kva, size_t len);
