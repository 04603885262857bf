/*
 * arch.h — the porting interface: everything portable code may ask of the
 * architecture, as declarations. arm64 implements it in kernel/arch/arm64/:
 * functions in its .c files, the few that must be inline in
 * arch/arm64/include/arch/arch_inline.h, the address map in memlayout.h and
 * the saved register state (struct trap_frame with its arch_syscall_*
 * accessors) in frame.h. This is the only portable header that includes
 * <arch/...> (tools/check-layers).
 */
#pragma once

#include <types.h>
#include <arch/memlayout.h>
#include <arch/frame.h>

/*
 * The inline part (arm64: arch/arm64/include/arch/arch_inline.h):
 *   unsigned long arch_irq_save(void)      mask IRQs, return the previous state
 *   void arch_irq_restore(unsigned long)   back to a state arch_irq_save gave
 *   void arch_irq_enable(void), arch_irq_disable(void), bool arch_irqs_disabled(void)
 *   void arch_wait_for_interrupt(void)     sleep until an interrupt (idle)
 *   void arch_cpu_relax(void)              spin-wait hint
 *   void arch_smp_wmb(void), arch_smp_mb(void)   store / full barrier between CPUs
 *   void arch_sync_core(void)              context synchronization (instruction fetch)
 *   struct task *arch_current(void), void arch_set_current(struct task *)
 *   u64 arch_counter(void), u64 arch_counter_freq(void)   the monotonic counter and its Hz
 *   void *phys_to_virt(paddr_t), paddr_t virt_to_phys(const void *)
 */
#include <arch/arch_inline.h>

struct task;

/* Per-CPU set-up once the kernel's own page tables are live (PAN). */
void arch_cpu_init(void);
/* This CPU's counter set-up (arm64: EL0 may read the virtual counter, the
 * event stream); the boot CPU's before its timer starts, a secondary CPU's
 * in its entry (the timer itself is a driver's: clock_event, time.h). */
void arch_counter_init(void);

/* CPUs (arm64: smp.c). This CPU's hardware id (MPIDR affinity); the CPUs the
 * device tree lists that can be started, this one first, in hwids (count
 * returned); start CPU number cpu on idle's kernel stack: it runs
 * smp_secondary_main(cpu). */
u64 arch_cpu_hwid(void);
int arch_cpu_enumerate(const void *fdt, u64 *hwids, int max);
int arch_cpu_start(int cpu, u64 hwid, struct task *idle);

/* Power. */
void __noreturn arch_power_off(void);
void __noreturn arch_restart(void);
/* Stops this CPU for good (interrupts off, wfi), as Linux's machine_halt. */
void __noreturn arch_halt(void);

extern u64 kimage_voffset; /* image VA - image PA (virt_to_phys) */

/* Boot-time memory set-up (arm64: mmu.c): the kernel's own page tables over
 * the RAM regions, the page-table pages it used, the identity map dropped. */
struct mem_region;
void mmu_init(paddr_t image_pa, const struct mem_region *ram, int nr_ram);
void mmu_bump_range(paddr_t *start, paddr_t *end);
void mmu_drop_identity(void);
/* Device registers at pa mapped uncached (Device-nGnRE) into the kernel. */
void *ioremap(paddr_t pa, size_t size);

/* Kernel stacks (arm64: kstack.c): KSTACK_SIZE bytes with unmapped
 * addresses below, so running over the end panics ("kernel stack overflow")
 * instead of writing over other memory; NULL when memory is short.
 * arch_kstack_guard: va is in the guard below some stack. */
void *arch_kstack_alloc(void);
void arch_kstack_free(void *base);
bool arch_kstack_guard(vaddr_t va);
/* Pages of freed stacks kept for the next task (reused, not leaked). */
u64 arch_kstack_cached_pages(void);
/* Pages of the stacks tasks hold now (/proc/meminfo KernelStack). */
u64 arch_kstack_live_pages(void);

/* Large kernel allocations (arm64: vmap.c): size bytes of zeroed pages
 * mapped side by side in the kernel's vmap area, NULL when memory is short;
 * arch_vmap_free takes the same size back. Use kvzalloc (kmalloc.h). */
void *arch_vmap_zalloc(size_t size);
void arch_vmap_free(void *base, size_t size);
bool arch_vmap_contains(const void *p);

/* The arch half of the start-up and per-task state. */
struct task;
void arch_task_init_user(struct task *t, struct trap_frame *frame, vaddr_t pc, vaddr_t sp);
/* Where t's user code will touch memory first when it runs again, as last
 * saved (t == current: now): its stack pointer and its thread pointer. A
 * hint only (fork's eager copies, mm/vm.c): t may be running elsewhere. */
void arch_user_hot_addrs(struct task *t, vaddr_t hot[2]);
void arch_context_switch(struct task *prev, struct task *next);
/* Makes am (struct mm's arch part, pgtable.h) the user address space of
 * this CPU; NULL: none (a dying task, a kernel thread). The context switch
 * calls it directly; mm_activate is the portable name for exec. */
struct arch_mm;
void arch_switch_mm(struct arch_mm *am);
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
/* The kernel call chain of t (the caller's own task, or one not running on
 * any CPU) into pcs, innermost first, at most max; returns how many. */
int arch_stack_trace(struct task *t, u64 *pcs, int max);
/* The kernel symbol holding pc and pc's offset in it; NULL: none. */
const char *arch_symbol(u64 pc, u64 *offset);

/* CPU identification for the auxv (computed from the ID registers). */
u64 arch_hwcap(void);
u64 arch_hwcap2(void);
/* MIDR_EL1: implementer, variant, part, revision (/proc/cpuinfo). */
u64 arch_midr(void);
const char *arch_platform(void);
u64 arch_min_sigstksz(void);

/* ptrace's register sets of a task stopped and switched out (arm64:
 * arch/arm64/ptrace.c, Linux's user_aarch64_view): the size of one element
 * and of the whole set of ELF note type nt (uapi/ptrace.h NT_*), -EINVAL
 * for a set the architecture lacks; reading and writing a whole set. */
int arch_regset_size(unsigned nt, size_t *elem, size_t *total);
/* PTRACE_SINGLESTEP: t's next return to user mode runs one instruction,
 * then SIGTRAP (TRAP_TRACE); off: runs freely. */
void arch_ptrace_single_step(struct task *t, bool on);
/* The calling task, leaving a ptrace stop for user mode on this CPU (a
 * context switch does the same for the task it switches to). */
void arch_ptrace_step_sync(void);
void arch_regset_get(struct task *t, unsigned nt, void *buf);
/* The calling task's live user registers that a switch away would save
 * (arm64: FP/SIMD and TPIDR_EL0) into its struct task, so that
 * arch_regset_get reads them there (a core dump of the running task). */
void arch_save_user_state(void);
int arch_regset_set(struct task *t, unsigned nt, const void *buf);

/* Caches and TLB for user mappings. */
void arch_sync_icache(vaddr_t kva, size_t len);

/* Whole pages (page-aligned linear-map addresses, MMU on): zero one
 * (`dc zva` on arm64), copy one. */
void arch_clear_page(void *kva);
void arch_copy_page(void *dst, const void *src);
