/*
 * frame.h — the trap frame saved by entry.S on every exception, and the
 * callee-saved context saved by arm64_switch_to().
 *
 * When you change a field, also change the offsets below: entry.S uses them,
 * and the static_asserts in entry_c.c check them against the structs.
 */
#pragma once

#define FRAME_X30 (30 * 8)
#define FRAME_SP (31 * 8)
#define FRAME_PC (32 * 8)
#define FRAME_PSTATE (33 * 8)
#define FRAME_ORIG_X0 (34 * 8)
#define FRAME_SYSCALLNO (35 * 8)
#define FRAME_SIZE (36 * 8)

#define CTX_X19 0
#define CTX_FP (10 * 8)
#define CTX_SP (11 * 8)
#define CTX_PC (12 * 8)

#ifndef __ASSEMBLER__
#include <types.h>

struct trap_frame {
	u64 regs[31];  /* x0..x30 */
	u64 sp;	       /* SP_EL0 for traps from EL0, the EL1 SP otherwise */
	u64 pc;	       /* ELR_EL1 */
	u64 pstate;    /* SPSR_EL1 */
	u64 orig_x0;   /* x0 at syscall entry (for restart) */
	u64 syscallno; /* x8 at syscall entry, or ~0 for non-syscalls */
};

/* Saved by arm64_switch_to: x19..x28, fp (x29), sp, pc (lr). */
struct cpu_context {
	u64 x19_x28[10];
	u64 fp;
	u64 sp;
	u64 pc;
};

/* User FP/SIMD state: V0..V31, FPSR, FPCR (saved eagerly on context switch). */
struct fpsimd_state {
	__uint128_t vregs[32];
	u32 fpsr;
	u32 fpcr;
} __aligned(16);

/* The user PC a return from the exception goes to, and moving it (rseq aborts). */
static inline u64 arch_frame_pc(const struct trap_frame *f)
{
	return f->pc;
}

static inline void arch_frame_set_pc(struct trap_frame *f, u64 pc)
{
	f->pc = pc;
}

static inline bool frame_from_user(const struct trap_frame *f)
{
	return (f->pstate & 0xf) == 0;
}
#endif
