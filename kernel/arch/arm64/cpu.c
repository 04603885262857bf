/*
 * cpu.c — arm64 per-CPU services: the generic counter, PSCI power control,
 * the context switch, and what the CPU's ID registers say for the auxv.
 */
#include <arch.h>

#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <fdt.h>
#include <mm.h>
#include <printk.h>
#include <string.h>
#include <task.h>

/* ---- CPU features the kernel turns on ------------------------------------------ */

extern bool cpu_has_pan; /* uaccess.c lifts PAN around user accesses when set */

/* Once the identity map is gone: PAN (FEAT_PAN, ID_AA64MMFR1_EL1.PAN) when the CPU
 * has it, so EL1 cannot touch user memory outside the uaccess helpers (Linux's
 * cpu_enable_pan in arch/arm64/kernel/cpufeature.c). */
void arch_cpu_init(void)
{
	/* debug exceptions from EL0: the OS Lock (set at reset) off, no
	 * software step until a tracer asks (arm64_ptrace_step below; Linux
	 * debug-monitors.c clear_os_lock) */
	write_sysreg(oslar_el1, 0);
	write_sysreg(mdscr_el1, 0);
	asm volatile("isb");
	if (((read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf) == 0)
		return;
	u64 sctlr = read_sysreg(sctlr_el1);
	sctlr &= ~SCTLR_EL1_SPAN; /* SPAN = 0: PAN is set on every exception to EL1 */
	asm volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr));
	asm volatile(".arch_extension pan\n\tmsr pan, #1" ::: "memory");
	cpu_has_pan = true;
}

/* ---- the generic counter (its timer is drivers/arm_timer.c) ----------------------- */

/*
 * EL0 may read the virtual counter (CNTKCTL_EL1.EL0VCTEN) as on Linux, and
 * the event stream runs at about 10 kHz (EVNTEN, EVNTI) so WFE-based spin
 * loops wake up: Linux does the same and reports it as HWCAP_EVTSTRM.
 */
void arch_counter_init(void)
{
	u64 freq = arch_counter_freq();
	unsigned evnti = 63 - (unsigned)__builtin_clzll(freq / 10000);
	if (evnti > 15)
		evnti = 15;
	write_sysreg(cntkctl_el1, (1UL << 1) | (1UL << 2) | ((u64)evnti << 4));
}

/* ---- PSCI (Arm DEN 0022): SYSTEM_OFF and SYSTEM_RESET through the DTB's conduit */

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
static bool psci_use_smc;

void arch_psci_init(const void *fdt)
{
	int node = fdt_next_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_next_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		return;
	int len;
	const char *method = fdt_get_prop(fdt, node, "method", &len);
	psci_use_smc = method && strcmp(method, "smc") == 0;
}

/* One PSCI call with up to three arguments; returns x0 (SMC Calling Convention). */
long arm64_psci_call(u32 fn, u64 a1, u64 a2, u64 a3); /* also smp.c's CPU_ON */
long arm64_psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;
	if (psci_use_smc)
		asm volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (long)x0;
}

static void psci_call(u32 fn)
{
	arm64_psci_call(fn, 0, 0, 0);
}

void arch_power_off(void)
{
	arch_irq_disable();
	psci_call(PSCI_SYSTEM_OFF);
	arch_halt();
}

void arch_restart(void)
{
	arch_irq_disable();
	psci_call(PSCI_SYSTEM_RESET);
	arch_halt(); /* no PSCI: nothing can reset the machine */
}

void arch_halt(void)
{
	arch_irq_disable();
	/* a pending interrupt ends wfi even while masked (Arm ARM D1.16.2):
	 * with the tick's level-triggered timer left firing, the loop would
	 * spin, and a spinning virtual CPU takes host time (under -icount,
	 * the virtual clock) from the CPUs that work */
	write_sysreg(cntv_ctl_el0, 0);
	for (;;)
		asm volatile("wfi");
}

/* ---- tasks ----------------------------------------------------------------- */

extern void fpsimd_save(struct fpsimd_state *s);
extern void fpsimd_load(const struct fpsimd_state *s);
extern void arm64_switch_to(struct cpu_context *prev, struct cpu_context *next, struct task *next_task);

/* Installs an address space's page tables in TTBR0 under an ASID of the
 * current generation (Linux's switch_mm: check_and_switch_context, then
 * cpu_switch_mm); NULL: the empty table (no user space). */
void arch_switch_mm(struct arch_mm *am)
{
	if (!am) {
		upt_deactivate();
		return;
	}
	upt_activate(am->root, asid_activate(am));
	asid_installed(am);
}

/* PTRACE_SINGLESTEP: MDSCR_EL1.SS on for a task whose return to user mode
 * steps (its saved PSTATE.SS, arch_ptrace_single_step), off otherwise. */
static void step_sync(struct task *t)
{
	u64 mdscr = read_sysreg(mdscr_el1), ss = (task_user_frame(t)->pstate & SPSR_SS) ? MDSCR_EL1_SS : 0;
	if ((mdscr & MDSCR_EL1_SS) != ss)
		write_sysreg(mdscr_el1, (mdscr & ~MDSCR_EL1_SS) | ss);
}

void arch_ptrace_step_sync(void)
{
	step_sync(current());
}

void arch_context_switch(struct task *prev, struct task *next)
{
	if (prev->mm) {
		fpsimd_save(&prev->thread.fpsimd);
		prev->thread.tpidr_el0 = read_sysreg(tpidr_el0);
	}
	if (next->mm) {
		step_sync(next);
		fpsimd_load(&next->thread.fpsimd);
		write_sysreg(tpidr_el0, next->thread.tpidr_el0);
		if (next->mm != prev->mm)
			arch_switch_mm(&next->mm->arch);
	} else if (prev->mm) {
		upt_deactivate();
	}
	arm64_switch_to(&prev->ctx, &next->ctx, next);
}

void arch_save_user_state(void)
{
	struct task *t = current();
	fpsimd_save(&t->thread.fpsimd); /* the kernel never touches FP: these are the user's */
	t->thread.tpidr_el0 = read_sysreg(tpidr_el0);
}

void arch_user_hot_addrs(struct task *t, vaddr_t hot[2])
{
	hot[0] = __atomic_load_n(&task_user_frame(t)->sp, __ATOMIC_RELAXED); /* saved at its last kernel entry */
	hot[1] = t == current() ? read_sysreg(tpidr_el0) : __atomic_load_n(&t->thread.tpidr_el0, __ATOMIC_RELAXED);
}

/* A new user task starts at pc with sp, all other registers zero. */
void arch_task_init_user(struct task *t, struct trap_frame *frame, vaddr_t pc, vaddr_t sp)
{
	memset(frame, 0, sizeof(*frame));
	frame->pc = pc;
	frame->sp = sp;
	frame->pstate = SPSR_MODE_EL0t;
	frame->syscallno = ~0UL;
	memset(&t->thread.fpsimd, 0, sizeof(t->thread.fpsimd));
	t->thread.tpidr_el0 = 0;
}

extern void ret_from_fork(void);

/* The first switch to t returns to user mode through ret_from_fork with the
 * registers of its user frame (x19 = 0: no kernel function to call first). */
void arch_start_user_task(struct task *t)
{
	t->ctx.x19_x28[0] = 0;
	t->ctx.pc = (u64)ret_from_fork;
	t->ctx.sp = (u64)task_user_frame(t);
}

/* The first switch to t calls fn(arg) on its own kernel stack (ret_from_fork
 * calls x19 with x20). */
void arch_start_kthread(struct task *t, int (*fn)(void *), void *arg)
{
	t->ctx.x19_x28[0] = (u64)fn;
	t->ctx.x19_x28[1] = (u64)arg;
	t->ctx.pc = (u64)ret_from_fork;
	t->ctx.sp = (u64)t->kstack + KSTACK_SIZE;
}

/* clone/fork: the child starts as a copy of the caller's user registers with
 * x0 = 0 (clone returns 0 in the child), sp = stack if one was given, the
 * caller's FP/SIMD registers and TLS pointer (tls instead with CLONE_SETTLS),
 * and returns to user mode. Linux's copy_thread (arch/arm64/kernel/process.c).
 * Called by the parent, so the live FP/SIMD and TPIDR_EL0 are the caller's. */
void arch_copy_thread(struct task *child, const struct trap_frame *parent_frame, vaddr_t stack, bool set_tls, u64 tls)
{
	struct trap_frame *frame = task_user_frame(child);
	*frame = *parent_frame;
	frame->regs[0] = 0;
	frame->pstate &= ~SPSR_SS; /* a traced parent's single step is not the child's */
	if (stack)
		frame->sp = stack;
	fpsimd_save(&child->thread.fpsimd); /* the kernel never touches FP: these are the caller's */
	child->thread.tpidr_el0 = set_tls ? tls : read_sysreg(tpidr_el0);
	arch_start_user_task(child);
}

/* exec: the new program starts with zeroed FP/SIMD registers and no TLS. */
void arch_exec_reset_registers(struct task *t)
{
	memset(&t->thread.fpsimd, 0, sizeof(t->thread.fpsimd));
	t->thread.tpidr_el0 = 0;
	if (t == current()) {
		fpsimd_load(&t->thread.fpsimd);
		write_sysreg(tpidr_el0, 0);
	}
}

/* ---- what the CPU offers user space (auxv AT_HWCAP/AT_HWCAP2) ---------------- */

/* Bits of Linux's arch/arm64/include/uapi/asm/hwcap.h. */
#define HWCAP_FP (1UL << 0)
#define HWCAP_ASIMD (1UL << 1)
#define HWCAP_EVTSTRM (1UL << 2)
#define HWCAP_AES (1UL << 3)
#define HWCAP_PMULL (1UL << 4)
#define HWCAP_SHA1 (1UL << 5)
#define HWCAP_SHA2 (1UL << 6)
#define HWCAP_CRC32 (1UL << 7)
#define HWCAP_ATOMICS (1UL << 8)
#define HWCAP_FPHP (1UL << 9)
#define HWCAP_ASIMDHP (1UL << 10)
#define HWCAP_CPUID (1UL << 11)
#define HWCAP_ASIMDRDM (1UL << 12)
#define HWCAP_JSCVT (1UL << 13)
#define HWCAP_FCMA (1UL << 14)
#define HWCAP_LRCPC (1UL << 15)
#define HWCAP_DCPOP (1UL << 16)
#define HWCAP_SHA3 (1UL << 17)
#define HWCAP_SM3 (1UL << 18)
#define HWCAP_SM4 (1UL << 19)
#define HWCAP_ASIMDDP (1UL << 20)
#define HWCAP_SHA512 (1UL << 21)
#define HWCAP_ASIMDFHM (1UL << 23)
#define HWCAP_DIT (1UL << 24)
#define HWCAP_USCAT (1UL << 25)
#define HWCAP_ILRCPC (1UL << 26)
#define HWCAP_FLAGM (1UL << 27)
#define HWCAP_SSBS (1UL << 28)
#define HWCAP_SB (1UL << 29)
#define HWCAP2_DCPODP (1UL << 0)
#define HWCAP2_FLAGM2 (1UL << 7)
#define HWCAP2_FRINT (1UL << 8)
#define HWCAP2_I8MM (1UL << 13)
#define HWCAP2_BF16 (1UL << 14)
#define HWCAP2_RNG (1UL << 16)

static unsigned field(u64 reg, unsigned shift)
{
	return (reg >> shift) & 0xf;
}

/*
 * Only features that need no kernel support are reported. SVE, SME, MTE,
 * pointer authentication and BTI need per-task kernel state and are not
 * offered yet (so on -cpu max the set is smaller than Linux's).
 */
u64 arch_midr(void)
{
	return read_sysreg(midr_el1);
}

u64 arch_hwcap(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 isar0 = read_sysreg(id_aa64isar0_el1);
	u64 isar1 = read_sysreg(id_aa64isar1_el1);
	u64 mmfr2 = read_sysreg(id_aa64mmfr2_el1);
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 caps = HWCAP_EVTSTRM | HWCAP_CPUID;

	if (field(pfr0, 16) != 0xf)
		caps |= HWCAP_FP | (field(pfr0, 16) == 1 ? HWCAP_FPHP : 0);
	if (field(pfr0, 20) != 0xf)
		caps |= HWCAP_ASIMD | (field(pfr0, 20) == 1 ? HWCAP_ASIMDHP : 0);
	if (field(pfr0, 48) == 1)
		caps |= HWCAP_DIT;
	caps |= field(isar0, 4) >= 1 ? HWCAP_AES : 0;
	caps |= field(isar0, 4) >= 2 ? HWCAP_PMULL : 0;
	caps |= field(isar0, 8) >= 1 ? HWCAP_SHA1 : 0;
	caps |= field(isar0, 12) >= 1 ? HWCAP_SHA2 : 0;
	caps |= field(isar0, 12) >= 2 ? HWCAP_SHA512 : 0;
	caps |= field(isar0, 16) >= 1 ? HWCAP_CRC32 : 0;
	caps |= field(isar0, 20) >= 2 ? HWCAP_ATOMICS : 0;
	caps |= field(isar0, 28) >= 1 ? HWCAP_ASIMDRDM : 0;
	caps |= field(isar0, 32) >= 1 ? HWCAP_SHA3 : 0;
	caps |= field(isar0, 36) >= 1 ? HWCAP_SM3 : 0;
	caps |= field(isar0, 40) >= 1 ? HWCAP_SM4 : 0;
	caps |= field(isar0, 44) >= 1 ? HWCAP_ASIMDDP : 0;
	caps |= field(isar0, 48) >= 1 ? HWCAP_ASIMDFHM : 0;
	caps |= field(isar0, 52) >= 1 ? HWCAP_FLAGM : 0;
	caps |= field(isar1, 0) >= 1 ? HWCAP_DCPOP : 0;
	caps |= field(isar1, 12) >= 1 ? HWCAP_JSCVT : 0;
	caps |= field(isar1, 16) >= 1 ? HWCAP_FCMA : 0;
	caps |= field(isar1, 20) >= 1 ? HWCAP_LRCPC : 0;
	caps |= field(isar1, 20) >= 2 ? HWCAP_ILRCPC : 0;
	caps |= field(isar1, 36) >= 1 ? HWCAP_SB : 0;
	caps |= field(mmfr2, 32) >= 1 ? HWCAP_USCAT : 0;
	caps |= field(pfr1, 4) >= 2 ? HWCAP_SSBS : 0;
	return caps;
}

u64 arch_hwcap2(void)
{
	u64 isar0 = read_sysreg(id_aa64isar0_el1);
	u64 isar1 = read_sysreg(id_aa64isar1_el1);
	u64 caps = 0;
	caps |= field(isar1, 0) >= 2 ? HWCAP2_DCPODP : 0;
	caps |= field(isar0, 52) >= 2 ? HWCAP2_FLAGM2 : 0;
	caps |= field(isar1, 32) >= 1 ? HWCAP2_FRINT : 0;
	caps |= field(isar1, 52) >= 1 ? HWCAP2_I8MM : 0;
	caps |= field(isar1, 44) >= 1 ? HWCAP2_BF16 : 0;
	caps |= field(isar0, 60) >= 1 ? HWCAP2_RNG : 0;
	return caps;
}

const char *arch_platform(void)
{
	return "aarch64";
}

/* Linux 6.1 reports 4720 on CPUs without SVE/SME (arch/arm64/kernel/signal.c
 * minimum frame: sigcontext, FP/SIMD, ESR and extra records, rounded up). */
u64 arch_min_sigstksz(void)
{
	return 4720;
}

/*
 * Emulation of EL0 reads of the ID registers (HWCAP_CPUID). Values follow
 * the user-visible fields of the real registers; Linux exposes a similar
 * sanitised view (Documentation/arch/arm64/cpu-feature-registers.rst).
 * Returns true and sets *val if the register is emulated.
 */
bool arch_emulate_id_read(unsigned crm, unsigned op2, u64 *val)
{
	switch ((crm << 3) | op2) {
	case (0 << 3) | 0: *val = read_sysreg(midr_el1); return true;
	case (0 << 3) | 5: *val = 1UL << 31; return true; /* MPIDR: uniprocessor view */
	case (0 << 3) | 6: *val = 0; return true;	  /* REVIDR */
	case (4 << 3) | 0: *val = read_sysreg(id_aa64pfr0_el1) & 0x000f0000ff0f0000UL; return true;
	case (6 << 3) | 0: *val = read_sysreg(id_aa64isar0_el1) & 0xfffffff0fffffff0UL; return true;
	case (6 << 3) | 1: *val = read_sysreg(id_aa64isar1_el1) & 0x00fff0000fff000fUL; return true;
	default:
		if (crm >= 1 && crm <= 7) { /* the rest of the ID space reads as zero */
			*val = 0;
			return true;
		}
		return false;
	}
}

void arch_sync_icache(vaddr_t kva, size_t len)
{
	u64 ctr = read_sysreg(ctr_el0);
	size_t dline = 4UL << ((ctr >> 16) & 0xf);
	size_t iline = 4UL << (ctr & 0xf);
	for (vaddr_t a = ALIGN_DOWN(kva, dline); a < kva + len; a += dline)
		asm volatile("dc cvau, %0" : : "r"(a) : "memory");
	asm volatile("dsb ish");
	for (vaddr_t a = ALIGN_DOWN(kva, iline); a < kva + len; a += iline)
		asm volatile("ic ivau, %0" : : "r"(a) : "memory");
	asm volatile("dsb ish\n\tisb");
}
