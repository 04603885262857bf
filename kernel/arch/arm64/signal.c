/*
 * signal.c (arm64) — the signal frame a handler runs on, and rt_sigreturn.
 *
 * The layout is Linux's arch/arm64/kernel/signal.c, which programs and
 * debuggers read: on the (alternate) stack, 16-byte aligned, a frame record
 * {fp, lr} of the interrupted code, below it struct rt_sigframe = siginfo
 * (128 bytes) + ucontext, whose mcontext (struct sigcontext) holds x0-x30,
 * sp, pc, pstate and the fault address, followed by context records in
 * __reserved: the FP/SIMD registers (FPSIMD_MAGIC), the ESR of a fault
 * (ESR_MAGIC), then a zero terminator. The handler is entered with x0 =
 * signal, x1 = &info, x2 = &uc (SA_SIGINFO), x29 = &frame record, x30 = the
 * restorer (sa_restorer, or the vDSO's __kernel_rt_sigreturn), sp = frame.
 */
#include <arch.h>

#include <kmalloc.h>
#include <mm.h>
#include <printk.h>
#include <process.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/misc.h>

#define FPSIMD_MAGIC 0x46508001
#define ESR_MAGIC 0x45535201

struct ctx_header {
	u32 magic;
	u32 size;
};

struct fpsimd_record {
	struct ctx_header head;
	u32 fpsr;
	u32 fpcr;
	__uint128_t vregs[32];
};

struct esr_record {
	struct ctx_header head;
	u64 esr;
};

struct user_sigcontext {
	u64 fault_address;
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
	u8 reserved[4096] __aligned(16);
};

struct user_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct stack_t_user uc_stack;
	u64 uc_sigmask;
	u8 unused[1024 / 8 - sizeof(u64)];
	struct user_sigcontext uc_mcontext __aligned(16);
};

struct rt_sigframe {
	struct siginfo_user info;
	struct user_ucontext uc;
};

struct frame_record {
	u64 fp;
	u64 lr;
};

_Static_assert(sizeof(struct siginfo_user) == 128, "siginfo is 128 bytes");
_Static_assert(offsetof(struct user_ucontext, uc_mcontext) == 176, "arm64 ucontext layout");
_Static_assert(offsetof(struct user_sigcontext, reserved) == 288, "arm64 sigcontext layout");
_Static_assert(sizeof(struct fpsimd_record) == 528, "fpsimd_context size");

extern void fpsimd_save(struct fpsimd_state *s);
extern void fpsimd_load(const struct fpsimd_state *s);
extern const u64 vdso_sigreturn_offset;

static bool on_altstack(const struct task *t, u64 sp)
{
	return t->altstack_size && sp > t->altstack_sp && sp - t->altstack_sp <= t->altstack_size;
}

u32 arch_altstack_flags(const struct task *t, u64 sp)
{
	if (!t->altstack_size)
		return SS_DISABLE;
	return on_altstack(t, sp) ? SS_ONSTACK : 0;
}

/* Fills the frame in kernel memory; the caller copies it out in one go. */
static void fill_frame(struct rt_sigframe *frame, const struct trap_frame *f, const struct siginfo_user *info,
		       u64 old_blocked, const struct task *t)
{
	memset(frame, 0, sizeof(*frame));
	frame->info = *info;
	frame->uc.uc_stack.ss_sp = t->altstack_sp;
	frame->uc.uc_stack.ss_flags = (s32)arch_altstack_flags(t, f->sp);
	frame->uc.uc_stack.ss_size = t->altstack_size;
	frame->uc.uc_sigmask = old_blocked;
	struct user_sigcontext *sc = &frame->uc.uc_mcontext;
	sc->fault_address = t->fault_address;
	memcpy(sc->regs, f->regs, sizeof(sc->regs));
	sc->sp = f->sp;
	sc->pc = f->pc;
	sc->pstate = f->pstate;
	struct fpsimd_record *fp = (struct fpsimd_record *)sc->reserved;
	struct fpsimd_state live;
	fpsimd_save(&live); /* the kernel never uses FP: these are the program's */
	fp->head = (struct ctx_header){FPSIMD_MAGIC, sizeof(*fp)};
	fp->fpsr = live.fpsr;
	fp->fpcr = live.fpcr;
	memcpy(fp->vregs, live.vregs, sizeof(fp->vregs));
	size_t used = sizeof(*fp);
	if (t->thread.fault_esr) {
		struct esr_record *esr = (struct esr_record *)(sc->reserved + used);
		esr->head = (struct ctx_header){ESR_MAGIC, sizeof(*esr)};
		esr->esr = t->thread.fault_esr;
		used += sizeof(*esr);
	}
	/* the terminator is the zeroed header after the last record */
}

int arch_signal_setup(struct trap_frame *f, int sig, const struct k_sigaction *ka, const struct siginfo_user *info,
		      u64 old_blocked)
{
	struct task *t = current();
	u64 sp = f->sp;
	if ((ka->flags & SA_ONSTACK) && t->altstack_size && !on_altstack(t, sp))
		sp = t->altstack_sp + t->altstack_size;
	vaddr_t record = ALIGN_DOWN(sp - sizeof(struct frame_record), 16);
	vaddr_t frame_at = ALIGN_DOWN(record - sizeof(struct rt_sigframe), 16);
	u64 restorer = (ka->flags & SA_RESTORER) ? ka->restorer
						 : (t->mm->vdso_base ? t->mm->vdso_base + vdso_sigreturn_offset : 0);
	struct rt_sigframe *frame = kmalloc(sizeof(*frame));
	if (!frame)
		return -ENOMEM;
	fill_frame(frame, f, info, old_blocked, t);
	t->thread.fault_esr = 0; /* its record is in this frame; the next signal's frame has none */
	if (!(ka->flags & SA_SIGINFO))
		memset(&frame->info, 0, sizeof(frame->info));
	struct frame_record fr = {f->regs[29], f->regs[30]};
	int err = copy_to_user(uaddr_from(frame_at), frame, sizeof(*frame));
	if (!err)
		err = copy_to_user(uaddr_from(record), &fr, sizeof(fr));
	kfree(frame);
	if (err)
		return -EFAULT;
	f->regs[0] = (u64)sig;
	if (ka->flags & SA_SIGINFO) {
		f->regs[1] = frame_at + offsetof(struct rt_sigframe, info);
		f->regs[2] = frame_at + offsetof(struct rt_sigframe, uc);
	}
	f->regs[29] = record;
	f->regs[30] = restorer;
	f->sp = frame_at;
	f->pc = ka->handler;
	f->syscallno = ~0UL;
	return 0;
}

/* The FP/SIMD record among the context records (required, as on Linux). */
static const struct fpsimd_record *find_fpsimd(const struct user_sigcontext *sc)
{
	size_t off = 0;
	while (off + sizeof(struct ctx_header) <= sizeof(sc->reserved)) {
		const struct ctx_header *h = (const struct ctx_header *)(sc->reserved + off);
		if (h->magic == 0 && h->size == 0)
			return NULL;
		if (h->size < sizeof(*h) || h->size % 16 || h->size > sizeof(sc->reserved) - off)
			return NULL;
		if (h->magic == FPSIMD_MAGIC && h->size == sizeof(struct fpsimd_record))
			return (const struct fpsimd_record *)h;
		off += h->size;
	}
	return NULL;
}

/* EL0t, AArch64, no masked exceptions: the only state user mode may return to. */
static bool valid_user_pstate(u64 pstate)
{
	return (pstate & 0x1f) == 0 && (pstate & (0xfUL << 6)) == 0;
}

long sys_rt_sigreturn(const struct trap_frame *cf)
{
	struct trap_frame *f = (struct trap_frame *)cf; /* sigreturn replaces the saved state */
	struct task *t = current();
	struct rt_sigframe *frame = kmalloc(sizeof(*frame));
	if (!frame)
		goto badframe;
	if ((f->sp & 15) || copy_from_user(frame, uaddr_from(f->sp), sizeof(*frame)))
		goto badframe;
	const struct user_sigcontext *sc = &frame->uc.uc_mcontext;
	const struct fpsimd_record *fp = find_fpsimd(sc);
	if (!fp || !valid_user_pstate(sc->pstate))
		goto badframe;
	t->blocked_signals = frame->uc.uc_sigmask & ~SIGNALS_UNBLOCKABLE;
	memcpy(f->regs, sc->regs, sizeof(f->regs));
	f->sp = sc->sp;
	f->pc = sc->pc;
	f->pstate = sc->pstate;
	f->syscallno = ~0UL; /* no syscall restart after this */
	struct fpsimd_state live;
	live.fpsr = fp->fpsr;
	live.fpcr = fp->fpcr;
	memcpy(live.vregs, fp->vregs, sizeof(live.vregs));
	fpsimd_load(&live);
	signal_restore_altstack(&frame->uc.uc_stack, f->sp);
	kfree(frame);
	return (long)f->regs[0];

badframe:
	kfree(frame);
	printk("levitate: %s[%d]: bad signal frame in rt_sigreturn", t->comm, t->group->pid);
	group_exit(SIGSEGV);
}
