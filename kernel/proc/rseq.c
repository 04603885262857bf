/*
 * rseq.c — restartable sequences, following Linux 6.1 kernel/rseq.c.
 *
 * User ABI (include/uapi/linux/rseq.h): struct rseq is 32 bytes, 32-byte
 * aligned: u32 cpu_id_start, u32 cpu_id, u64 rseq_cs, u32 flags, padding.
 * rseq_cs points to a struct rseq_cs (32 bytes): u32 version (0), u32 flags,
 * u64 start_ip, u64 post_commit_offset, u64 abort_ip. The 32-bit word just
 * before abort_ip must equal the signature given at registration.
 *
 * When it happens: the scheduler marks a registered thread it switches out
 * (rseq_preempt); exit_to_user_mode calls rseq_notify_resume before the
 * thread runs user code again; signal delivery calls rseq_signal_deliver
 * before the handler's frame saves the PC. Either one, if the PC lies in
 * [start_ip, start_ip + post_commit_offset), moves it to abort_ip and
 * clears rseq_cs; then cpu_id_start and cpu_id are written: the CPU the
 * thread runs on. A thread that moves to another CPU was switched out
 * (rseq_preempt), so it passes here again before it runs user code there
 * (Linux rseq_update_cpu_id in __rseq_handle_notify_resume); a switch
 * during this very update sets `resume` again and exit_to_user_mode loops.
 * An unreadable area, a bad descriptor or a wrong signature is the
 * program's fault: SIGSEGV (Linux's force_sigsegv).
 *
 * Locking: every field is the thread's own ([self] in rseq.h); the
 * scheduler's write of resume/preempted happens while the thread is not
 * running user code.
 */
#include <rseq.h>

#include <arch.h>
#include <printk.h>
#include <signal.h>
#include <syscall.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/rseq.h>

#define RSEQ_SIZE sizeof(struct rseq_user) /* also its alignment */
/* where the fields are in the user's area */
#define OFF_CPU_ID_START offsetof(struct rseq_user, cpu_id_start)
#define OFF_CPU_ID offsetof(struct rseq_user, cpu_id)
#define OFF_RSEQ_CS offsetof(struct rseq_user, rseq_cs)
#define OFF_FLAGS offsetof(struct rseq_user, flags)

static int write_cpu_ids(uaddr_t area, u32 cpu_id_start, u32 cpu_id)
{
	if (put_user_u32(uaddr_add(area, OFF_CPU_ID_START), cpu_id_start) ||
	    put_user_u32(uaddr_add(area, OFF_CPU_ID), cpu_id))
		return -EFAULT;
	return 0;
}

/*
 * rseq_ip_fixup: read the descriptor; if the PC is inside its section and
 * an event (preemption, signal) happened, resume at abort_ip. The
 * descriptor pointer is cleared whenever it is found (inside or not).
 */
static int ip_fixup(struct task *t, struct trap_frame *f, bool event)
{
	uaddr_t area = t->rseq.area;
	u64 cs_ptr;
	if (get_user_u64(&cs_ptr, uaddr_add(area, OFF_RSEQ_CS)))
		return -EFAULT;
	if (!cs_ptr)
		return 0;
	struct rseq_cs_user cs;
	if (!access_ok(uaddr_from(cs_ptr), sizeof(cs)) || copy_from_user(&cs, uaddr_from(cs_ptr), sizeof(cs)))
		return -EFAULT;
	u64 end = cs.start_ip + cs.post_commit_offset;
	if (cs.version > 0 || end < cs.start_ip || !access_ok(uaddr_from(cs.start_ip), cs.post_commit_offset) ||
	    cs.abort_ip - cs.start_ip < cs.post_commit_offset)
		return -EINVAL;
	u32 sig; /* the word before the abort handler (Linux rseq_get_rseq_cs) */
	if (get_user_u32(&sig, uaddr_add(uaddr_from(cs.abort_ip), -(u64)sizeof(u32))))
		return -EFAULT;
	if (sig != t->rseq.sig) {
		printk("levitate: %s[%d]: rseq: signature %x at abort address %lx, expected %x", t->comm, t->tid, sig,
		       (unsigned long)cs.abort_ip, t->rseq.sig);
		return -EINVAL;
	}
	u64 pc = arch_frame_pc(f);
	if (pc - cs.start_ip >= cs.post_commit_offset) {
		/* not in the section: the descriptor is stale (Linux clears it too) */
		return put_user_u64(uaddr_add(area, OFF_RSEQ_CS), 0) ? -EFAULT : 0;
	}
	u32 cs_flags;
	if (get_user_u32(&cs_flags, uaddr_add(area, OFF_FLAGS)))
		return -EFAULT;
	if (cs.flags || cs_flags) /* the deprecated RSEQ_CS_FLAG_NO_RESTART_ON_* flags: refused since 6.0 */
		return -EINVAL;
	if (!event)
		return 0;
	if (put_user_u64(uaddr_add(area, OFF_RSEQ_CS), 0))
		return -EFAULT;
	arch_frame_set_pc(f, cs.abort_ip);
	return 0;
}

static int handle(struct trap_frame *f, bool signal)
{
	struct task *t = current();
	bool event = t->rseq.preempted || signal;
	t->rseq.resume = false;
	t->rseq.preempted = false;
	if (uaddr_is_null(t->rseq.area))
		return 0;
	int err = ip_fixup(t, f, event);
	if (!err)
		err = write_cpu_ids(t->rseq.area, (u32)t->cpu, (u32)t->cpu);
	return err;
}

void rseq_notify_resume(struct trap_frame *f)
{
	if (handle(f, false))
		signal_force(SIGSEGV, f);
}

int rseq_signal_deliver(struct trap_frame *f)
{
	return handle(f, true) ? -EFAULT : 0;
}

void rseq_fork(struct task *child, const struct task *parent, bool same_mm)
{
	child->rseq = same_mm ? (struct rseq_state){0} : parent->rseq;
}

SYSCALL_DEFINE4(rseq, uaddr_t, area, u32, len, int, flags, u32, sig)
{
	struct task *t = current();
	if (flags & RSEQ_FLAG_UNREGISTER) {
		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		if (uaddr_is_null(t->rseq.area) || !uaddr_eq(t->rseq.area, area) || len != RSEQ_SIZE)
			return -EINVAL;
		if (t->rseq.sig != sig)
			return -EPERM;
		if (write_cpu_ids(area, 0, RSEQ_CPU_ID_UNINITIALIZED))
			return -EFAULT;
		t->rseq = (struct rseq_state){0};
		return 0;
	}
	if (flags)
		return -EINVAL;
	if (!uaddr_is_null(t->rseq.area)) {
		if (!uaddr_eq(t->rseq.area, area) || len != RSEQ_SIZE)
			return -EINVAL;
		if (t->rseq.sig != sig)
			return -EPERM;
		return -EBUSY;
	}
	if (!uaddr_is_aligned(area, RSEQ_SIZE) || len != RSEQ_SIZE)
		return -EINVAL;
	if (!access_ok(area, len))
		return -EFAULT;
	t->rseq = (struct rseq_state){.area = area, .sig = sig, .resume = true};
	return 0;
}
