/*
 * trap.c — synchronous exceptions, interrupts and the return to user mode,
 * dispatched in C by exception class (ESR_EL1.EC, Arm ARM D13.2.37).
 *
 * From EL0: system calls go to syscall_dispatch(); aborts become user page
 * faults and, when those fail, SIGSEGV; undefined instructions get the ID
 * register emulation (HWCAP_CPUID) or SIGILL.
 * From EL1: an abort on a user address inside the uaccess helpers is a user
 * page fault first, then an exception-table fixup; anything else panics
 * with the registers, the decoded ESR and a backtrace.
 */
#include <arch.h>

#include <arch/sysreg.h>
#include <irq.h>
#include <mm.h>
#include <printk.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>

/* Every offset entry.S uses, and the pairs its stp/ldp store together. */
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "entry.S frame size");
_Static_assert(FRAME_SIZE % 16 == 0, "entry.S: the frame keeps sp 16-byte aligned");
_Static_assert(offsetof(struct trap_frame, regs) == 0, "entry.S: stp x0, x1, [sp, #0] .. x28, x29");
_Static_assert(offsetof(struct trap_frame, regs[30]) == FRAME_X30, "entry.S FRAME_X30");
_Static_assert(offsetof(struct trap_frame, sp) == FRAME_SP, "entry.S FRAME_SP");
_Static_assert(FRAME_SP == FRAME_X30 + 8, "entry.S: stp x30, sp_el0, [sp, #FRAME_X30]");
_Static_assert(offsetof(struct trap_frame, pc) == FRAME_PC, "entry.S FRAME_PC");
_Static_assert(offsetof(struct trap_frame, pstate) == FRAME_PSTATE, "entry.S FRAME_PSTATE");
_Static_assert(FRAME_PSTATE == FRAME_PC + 8, "entry.S: stp elr, spsr, [sp, #FRAME_PC]");
_Static_assert(offsetof(struct trap_frame, orig_x0) == FRAME_ORIG_X0, "FRAME_ORIG_X0");
_Static_assert(offsetof(struct trap_frame, syscallno) == FRAME_SYSCALLNO, "entry.S FRAME_SYSCALLNO");
_Static_assert(offsetof(struct cpu_context, x19_x28) == CTX_X19, "entry.S CTX_X19");
_Static_assert(offsetof(struct cpu_context, fp) == CTX_FP, "entry.S CTX_FP");
_Static_assert(offsetof(struct cpu_context, sp) == CTX_SP, "entry.S CTX_SP");
_Static_assert(CTX_SP == CTX_FP + 8, "entry.S: stp x29, sp, [x0, #CTX_FP]");
_Static_assert(offsetof(struct cpu_context, pc) == CTX_PC, "entry.S CTX_PC");
_Static_assert(offsetof(struct fpsimd_state, vregs) == 0, "entry.S: stp q0, q1, [x0, #32 * 0] .. q30, q31");
_Static_assert(offsetof(struct fpsimd_state, fpsr) == 512, "entry.S: add x0, x0, #512 before fpsr");
_Static_assert(offsetof(struct fpsimd_state, fpcr) == 516, "entry.S: stp w1, w2 (fpsr, fpcr)");

bool arch_emulate_id_read(unsigned crm, unsigned op2, u64 *val);

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case ESR_EC_UNKNOWN: return "unknown/undefined instruction";
	case ESR_EC_SVC64: return "SVC (AArch64)";
	case ESR_EC_SYS64: return "MSR/MRS/system instruction";
	case ESR_EC_IABT_LOW: return "instruction abort from EL0";
	case ESR_EC_IABT_CUR: return "instruction abort from EL1";
	case ESR_EC_PC_ALIGN: return "PC alignment fault";
	case ESR_EC_DABT_LOW: return "data abort from EL0";
	case ESR_EC_DABT_CUR: return "data abort from EL1";
	case ESR_EC_SP_ALIGN: return "SP alignment fault";
	case ESR_EC_SERROR: return "SError";
	case ESR_EC_BRK64: return "BRK instruction";
	default: return "other";
	}
}

void arch_dump_frame(const struct trap_frame *f)
{
	for (int i = 0; i < 30; i += 2)
		printk(KERN_EMERG "x%-2d %016lx  x%-2d %016lx", i, (unsigned long)f->regs[i], i + 1,
		       (unsigned long)f->regs[i + 1]);
	printk(KERN_EMERG "x30 %016lx  sp  %016lx", (unsigned long)f->regs[30], (unsigned long)f->sp);
	printk(KERN_EMERG "pc  %016lx  pstate %08lx", (unsigned long)f->pc, (unsigned long)f->pstate);
}

static void __noreturn die(const char *why, struct trap_frame *f)
{
	u64 esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	unsigned ec = (unsigned)(esr >> ESR_EC_SHIFT) & 0x3f;
	panic_enter(); /* the other CPUs stop: one report, none left spinning on a lock this one held */
	printk(KERN_EMERG "KERNEL PANIC: %s", why);
	printk(KERN_EMERG "ESR %08lx: EC 0x%02x (%s), ISS %07lx; FAR %016lx", (unsigned long)esr, ec, ec_name(ec),
	       (unsigned long)(esr & 0x1ffffff), (unsigned long)far);
	arch_dump_frame(f);
	arch_backtrace(f->regs[29], f->pc);
	arch_halt();
}

void arm64_bad_mode(struct trap_frame *f)
{
	die("unexpected exception vector", f);
}

/* Fault status codes that mean "translation" or "access flag" or "permission". */
static bool is_page_fault(u64 esr)
{
	unsigned fsc = esr & ESR_ELx_FSC_MASK;
	return (fsc >= 0x04 && fsc <= 0x07) || (fsc >= 0x09 && fsc <= 0x0b) || (fsc >= 0x0d && fsc <= 0x0f);
}

static unsigned fault_access(unsigned ec, u64 esr)
{
	if (ec == ESR_EC_IABT_LOW)
		return FAULT_EXEC;
	return (esr & ESR_ELx_WNR) ? FAULT_WRITE : FAULT_READ;
}

/* Emulate an EL0 MRS of an ID register: returns true if handled. */
static bool emulate_mrs(struct trap_frame *f, u32 insn)
{
	/* MRS Xt, <sysreg>: 1101 0101 0011 o0 op1 CRn CRm op2 Rt, op0 = 3 only */
	if ((insn & 0xfff00000) != 0xd5300000)
		return false;
	unsigned op1 = (insn >> 16) & 7, crn = (insn >> 12) & 0xf, crm = (insn >> 8) & 0xf;
	unsigned op2 = (insn >> 5) & 7, rt = insn & 0x1f;
	u64 val;
	if (op1 != 0 || crn != 0 || !arch_emulate_id_read(crm, op2, &val))
		return false;
	if (rt != 31)
		f->regs[rt] = val;
	f->pc += 4;
	return true;
}

static void el0_undef(struct trap_frame *f, u64 esr, unsigned ec)
{
	u32 insn;
	if (ec == ESR_EC_SYS64) {
		/* ISS holds the encoding; rebuild the instruction from it */
		u64 iss = esr & 0x1ffffff;
		bool is_read = iss & 1;
		if (is_read && ((iss >> 20) & 3) == 3) {
			insn = 0xd5300000 | (u32)(((iss >> 14) & 7) << 16) | (u32)(((iss >> 10) & 0xf) << 12) |
			       (u32)(((iss >> 1) & 0xf) << 8) | (u32)(((iss >> 17) & 7) << 5) |
			       (u32)((iss >> 5) & 0x1f);
			if (emulate_mrs(f, insn))
				return;
		}
	} else if (get_user_u32(&insn, uaddr_from(f->pc)) == 0 && emulate_mrs(f, insn)) {
		return;
	}
	signal_force(SIGILL, f);
}

void arm64_el0_sync(struct trap_frame *f)
{
	u64 esr = read_sysreg(esr_el1);
	u64 far = read_sysreg(far_el1);
	unsigned ec = (unsigned)(esr >> ESR_EC_SHIFT) & 0x3f;

	arch_irq_enable();
	switch (ec) {
	case ESR_EC_SVC64: syscall_dispatch(f); return;
	case ESR_EC_DABT_LOW:
	case ESR_EC_IABT_LOW:
		if (is_page_fault(esr)) {
			int err = mm_handle_fault(current()->mm, far,
						  fault_access(ec, esr) | FAULT_USER | FAULT_MAY_WAIT);
			if (err == 0)
				return;
			if (err != -ENOMEM) /* the OOM kill's SIGKILL has no frame */
				current()->thread.fault_esr = esr;
			signal_page_fault(f, far, err);
			return;
		}
		current()->thread.fault_esr = esr; /* the signal frame's esr_context */
		signal_force_fault(SIGSEGV, f, far);
		return;
	case ESR_EC_UNKNOWN:
	case ESR_EC_SYS64: el0_undef(f, esr, ec); return;
	case ESR_EC_PC_ALIGN:
	case ESR_EC_SP_ALIGN: signal_force_fault(SIGBUS, f, far); return;
	case ESR_EC_SOFTSTP_LOW: /* PTRACE_SINGLESTEP's step done (Linux single_step_handler) */
		write_sysreg(mdscr_el1, read_sysreg(mdscr_el1) & ~MDSCR_EL1_SS);
		signal_force_code(SIGTRAP, TRAP_TRACE, f);
		return;
	case ESR_EC_BRK64:
	case ESR_EC_BREAKPT_LOW:
	case ESR_EC_WATCHPT_LOW: signal_force(SIGTRAP, f); return;
	case ESR_EC_FP_EXC64: signal_force(SIGFPE, f); return;
	default: signal_force(SIGILL, f); return;
	}
}

struct ex_entry {
	u64 insn;
	u64 fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static bool fixup_exception(struct trap_frame *f)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == f->pc) {
			f->pc = e->fixup;
			return true;
		}
	}
	return false;
}

void arm64_el1_sync(struct trap_frame *f)
{
	u64 esr = read_sysreg(esr_el1);
	u64 far = read_sysreg(far_el1);
	unsigned ec = (unsigned)(esr >> ESR_EC_SHIFT) & 0x3f;

	if (ec == ESR_EC_DABT_CUR) {
		struct task *t = current();
		bool in_uaccess = false;
		for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
			in_uaccess |= e->insn == f->pc;
		if (in_uaccess) {
			if (far < USER_VA_END && t && t->mm && is_page_fault(esr) && !t->pagefault_disabled) {
				/* the handler may sleep (a userfaultfd holds the fault) if the
				 * caller had IRQs on: with them on again. User access is
				 * closed: the exception set PAN (SCTLR_EL1.SPAN = 0, cpu.c) */
				unsigned access = fault_access(ec, esr);
				if ((f->pstate & (1 << 7)) == 0) {
					arch_irq_enable();
					access |= FAULT_MAY_WAIT;
				}
				int err = mm_handle_fault(t->mm, far, access);
				arch_irq_disable();
				if (err == 0)
					return;
				if (err ==
				    -ENOMEM) /* the OOM killer runs, without waiting (IRQs off); the access fails */
					oom_kill_for_fault(false);
			}
			if (fixup_exception(f))
				return;
		}
	}
	die(ec == ESR_EC_DABT_CUR && arch_kstack_guard(far) ? "kernel stack overflow" : "exception in the kernel", f);
}

void arm64_irq(struct trap_frame *f)
{
	cputime_irq_enter((f->pstate & 0xf) == 0); /* M[3:0] = EL0t: user mode interrupted */
	irq_dispatch();
}

/* ---- backtraces ---------------------------------------------------------------- */

extern const u64 ksyms_addrs[];
extern const u32 ksyms_name_offsets[];
extern const char ksyms_names[];
extern const u32 ksyms_count;
extern char _text[], _etext[];

const char *arch_symbol(u64 pc, u64 *offset)
{
	u32 lo = 0, hi = ksyms_count;
	if (hi == 0 || pc < ksyms_addrs[0])
		return NULL;
	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;
		if (ksyms_addrs[mid] <= pc)
			lo = mid;
		else
			hi = mid;
	}
	*offset = pc - ksyms_addrs[lo];
	return ksyms_names + ksyms_name_offsets[lo];
}

static void print_frame(u64 pc)
{
	u64 off = 0;
	const char *name = arch_symbol(pc, &off);
	if (name)
		printk(KERN_EMERG "  [<%016lx>] %s+0x%lx", (unsigned long)pc, name, (unsigned long)off);
	else
		printk(KERN_EMERG "  [<%016lx>] ?", (unsigned long)pc);
}

/* Whether the call at pc is an EL1 exception entry's call into C
 * (entry.S el1h_sync, el1h_irq): its caller is the interrupted code. */
static bool is_el1_entry(u64 pc)
{
	u64 off;
	const char *name = arch_symbol(pc, &off);
	return name && strncmp(name, "el1h_", 5) == 0;
}

/* Walks the AAPCS64 frame-record chain (x29 -> {prev x29, lr}) from fp,
 * each record inside [lo, hi), and stores pc then each caller's call site
 * in pcs (at most max). An EL1 exception's entry (entry.S) points x29 at
 * the trap frame's regs[29]: past it come the interrupted instruction (the
 * frame's pc, a spinning CPU's lock loop) and the interrupted code's own
 * chain. A return address outside the kernel's text (user mode, a stack
 * end) stops the walk. */
static int walk_frames(u64 fp, u64 pc, u64 lo, u64 hi, u64 *pcs, int max)
{
	int n = 0;
	if (max > 0)
		pcs[n++] = pc;
	while (n < max && fp) {
		if (fp & 0x7 || fp < lo || fp + 16 > hi)
			break;
		const u64 *record = (const u64 *)fp;
		u64 lr = record[1];
		if (lr < (u64)_text || lr >= (u64)_etext)
			break;
		pcs[n++] = lr - 4;
		fp = record[0];
		u64 regs29 = offsetof(struct trap_frame, regs[29]);
		if (n < max && is_el1_entry(lr - 4) && fp >= lo + regs29 && fp + 16 <= hi) {
			const struct trap_frame *f = (const struct trap_frame *)(fp - regs29);
			pcs[n++] = f->pc;
			fp = f->regs[29];
		}
	}
	return n;
}

void arch_backtrace(u64 fp, u64 pc)
{
	u64 pcs[33];
	int n = walk_frames(fp, pc, LINEAR_BASE, ~0UL, pcs, 33);
	printk(KERN_EMERG "backtrace:");
	for (int i = 0; i < n; i++)
		print_frame(pcs[i]);
}

/* A task not running: from the registers its last switch saved (its pc is
 * in schedule()), following only frame records on its own kernel stack, so
 * a stale or corrupt chain of a task that changes under a task dump cannot
 * send the walk elsewhere. The caller's own task: from here, up the stack
 * it is on (the boot CPU's idle task runs on head.S's boot stack, not on
 * the kstack its struct names). */
int arch_stack_trace(struct task *t, u64 *pcs, int max)
{
	if (t == current()) {
		u64 fp = (u64)__builtin_frame_address(0);
		return walk_frames(fp, (u64)&arch_stack_trace, fp, fp + KSTACK_SIZE, pcs, max);
	}
	u64 lo = (u64)t->kstack, hi = lo + KSTACK_SIZE;
	return walk_frames(t->ctx.fp, t->ctx.pc, lo, hi, pcs, max);
}
