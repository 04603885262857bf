/*
 * ptrace.c (arm64) — the register sets ptrace's GETREGSET and SETREGSET
 * read and write in a stopped task (Linux arch/arm64/kernel/ptrace.c,
 * user_aarch64_view): NT_PRSTATUS (struct user_pt_regs: x0-x30, sp, pc,
 * pstate from the task's user trap frame), NT_PRFPREG (struct
 * user_fpsimd_state: v0-v31, fpsr, fpcr, from the FP/SIMD state the
 * context switch saved), NT_ARM_TLS (tpidr_el0) and NT_ARM_SYSTEM_CALL
 * (the number of the system call the task is in, which a tracer changes
 * at the entry stop: -1 skips the call).
 *
 * The task is in a ptrace stop and frozen by its tracer (proc/ptrace.c), so
 * it is switched out and nothing else changes these while they are read
 * or written.
 */
#include <arch.h>

#include <arch/sysreg.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/ptrace.h>

struct user_pt_regs {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
};
_Static_assert(sizeof(struct user_pt_regs) == 272, "arm64 uapi user_pt_regs");

struct user_fpsimd_state {
	__uint128_t vregs[32];
	u32 fpsr;
	u32 fpcr;
	u32 reserved[2];
};
_Static_assert(sizeof(struct user_fpsimd_state) == 528, "arm64 uapi user_fpsimd_state");

#define PSR_NZCV (0xfUL << 28)
#define PSR_DAIF (0xfUL << 6)
#define PSR_MODE_MASK 0x1fUL /* M[4:0]: 0 is EL0t, bit 4 AArch32 */

void arch_ptrace_single_step(struct task *t, bool on)
{
	struct trap_frame *f = task_user_frame(t);
	f->pstate = on ? (f->pstate | SPSR_SS) : (f->pstate & ~SPSR_SS); /* cpu.c's switch sets MDSCR_EL1.SS */
}

int arch_regset_size(unsigned nt, size_t *elem, size_t *total)
{
	switch (nt) {
	case NT_PRSTATUS: *elem = sizeof(u64), *total = sizeof(struct user_pt_regs); return 0;
	case NT_PRFPREG: *elem = sizeof(u32), *total = sizeof(struct user_fpsimd_state); return 0;
	case NT_ARM_TLS: *elem = sizeof(u64), *total = sizeof(u64); return 0;
	case NT_ARM_SYSTEM_CALL: *elem = sizeof(s32), *total = sizeof(s32); return 0;
	default: return -EINVAL;
	}
}

void arch_regset_get(struct task *t, unsigned nt, void *buf)
{
	struct trap_frame *f = task_user_frame(t);
	switch (nt) {
	case NT_PRSTATUS: {
		struct user_pt_regs *r = buf;
		memcpy(r->regs, f->regs, sizeof(r->regs));
		r->sp = f->sp;
		r->pc = f->pc;
		r->pstate = f->pstate;
		break;
	}
	case NT_PRFPREG: {
		struct user_fpsimd_state *s = buf;
		memset(s, 0, sizeof(*s));
		memcpy(s->vregs, t->thread.fpsimd.vregs, sizeof(s->vregs));
		s->fpsr = t->thread.fpsimd.fpsr;
		s->fpcr = t->thread.fpsimd.fpcr;
		break;
	}
	case NT_ARM_TLS: memcpy(buf, &t->thread.tpidr_el0, sizeof(u64)); break;
	case NT_ARM_SYSTEM_CALL: {
		s32 nr = (s32)f->syscallno; /* Linux keeps it as an int: -1 outside a call */
		memcpy(buf, &nr, sizeof(nr));
		break;
	}
	default: break;
	}
}

int arch_regset_set(struct task *t, unsigned nt, const void *buf)
{
	struct trap_frame *f = task_user_frame(t);
	switch (nt) {
	case NT_PRSTATUS: {
		const struct user_pt_regs *r = buf;
		memcpy(f->regs, r->regs, sizeof(r->regs));
		f->sp = r->sp;
		f->pc = r->pc;
		/* valid_native_regs: EL0t with D, A, I, F clear; anything else
		 * is forced to EL0t keeping only the condition flags */
		bool el0t = (r->pstate & PSR_MODE_MASK) == 0 && (r->pstate & PSR_DAIF) == 0;
		f->pstate = el0t ? r->pstate : (r->pstate & PSR_NZCV);
		return 0;
	}
	case NT_PRFPREG: {
		const struct user_fpsimd_state *s = buf;
		memcpy(t->thread.fpsimd.vregs, s->vregs, sizeof(s->vregs));
		t->thread.fpsimd.fpsr = s->fpsr;
		t->thread.fpsimd.fpcr = s->fpcr;
		return 0;
	}
	case NT_ARM_TLS: memcpy(&t->thread.tpidr_el0, buf, sizeof(u64)); return 0;
	case NT_ARM_SYSTEM_CALL: {
		s32 nr;
		memcpy(&nr, buf, sizeof(nr));
		f->syscallno = (u64)(s64)nr; /* -1: NO_SYSCALL, the call is skipped */
		return 0;
	}
	default: return -EINVAL;
	}
}
