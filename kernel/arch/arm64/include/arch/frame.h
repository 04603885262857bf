/*
 * frame.h — the trap frame saved by entry.S on every exception, and the
 * callee-saved context saved by arm64_switch_to().
 *
 * When you change a field, also change the offsets below: entry.S uses them,
 * and the static asserts in trap.c check them against the structs.
 */
#pragma once

#define FRAME_X30 (30 * 8)
#define FRAME_SP (31 * 8)
#define FRAME_PC (32 * 8)
#define FRAME_PSTATE (33 * 8)
#define FRAME_ORIG_X0 (34 * 8)
#define FRAME_SYSCALLNO (35 * 8)
#define FRAME_SIZE (36 * 8)

/* offsetof(struct task, cpu): entry.S's overflow path finds this CPU's
 * overflow stack from the current task (static assert in kstack.c) */
#define TASK_CPU 720

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

/* The architecture's part of a task (struct task.thread; Linux's
 * thread_struct): the user state the context switch keeps beside the
 * kernel registers. Only arch/arm64/ reads or writes it. */
struct arch_thread {
	struct fpsimd_state fpsimd; /* user FP/SIMD registers while switched out */
	u64 tpidr_el0;		    /* user TLS pointer while switched out */
	/* ESR_EL1 of the user fault whose signal is on its way, for the handler
	 * frame's esr_context (Linux's thread.fault_code); 0: none. Set by
	 * trap.c, cleared once a frame is built (signal.c). [self] */
	u64 fault_esr;
};

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

/*
 * The system-call view of a frame (Linux's asm/syscall.h and the arm64
 * el0_svc_common): the number in x8, arguments in x0..x5, the result in x0.
 * orig_x0 keeps the first argument, which the result overwrites, so the call
 * can run again; syscallno is ~0 outside a system call.
 */
#define NO_SYSCALL (~0UL)

static inline u64 arch_syscall_nr(const struct trap_frame *f)
{
	return f->regs[8];
}

static inline u64 arch_syscall_arg(const struct trap_frame *f, int i)
{
	return f->regs[i];
}

static inline long arch_syscall_return_value(const struct trap_frame *f)
{
	return (long)f->regs[0];
}

static inline void arch_syscall_set_return(struct trap_frame *f, long value)
{
	f->regs[0] = (u64)value;
}

/* Entry: remember the first argument and the number for a restart. */
static inline void arch_syscall_enter(struct trap_frame *f)
{
	f->orig_x0 = f->regs[0];
	f->syscallno = f->regs[8];
}

/* Whether the frame is a system call's whose restart is still undecided. */
static inline bool arch_in_syscall(const struct trap_frame *f)
{
	return f->syscallno != NO_SYSCALL;
}

/* Nothing to restart any more (Linux forget_syscall): signal delivery, sigreturn. */
static inline void arch_syscall_forget(struct trap_frame *f)
{
	f->syscallno = NO_SYSCALL;
}

/* Run the call again: pc back over the 4-byte SVC, x0 its first argument. */
static inline void arch_syscall_rewind(struct trap_frame *f)
{
	f->regs[0] = f->orig_x0;
	f->pc -= 4;
}

/* The number of the call being made: x8 at entry, or what a tracer set
 * (NT_ARM_SYSTEM_CALL); NO_SYSCALL: skip it. */
static inline u64 arch_syscall_current_nr(const struct trap_frame *f)
{
	return f->syscallno;
}

/* ptrace's system-call stops tell entry (0) from exit (1) in x7, restored
 * after the stop (Linux arch/arm64/kernel/ptrace.c ptrace_report_syscall);
 * returns the value it replaces. */
static inline u64 arch_ptrace_syscall_mark(struct trap_frame *f, u64 v)
{
	u64 old = f->regs[7];
	f->regs[7] = v;
	return old;
}

/* The number the rewound SVC will call (restart_syscall). */
static inline void arch_syscall_set_nr(struct trap_frame *f, u64 nr)
{
	f->regs[8] = nr;
}
#endif
