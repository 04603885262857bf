/*
 * table.c — the system-call table and dispatcher.
 */
#include <syscall.h>

#include <printk.h>
#include <ptrace.h>
#include <seccomp.h>
#include <strace.h>
#include <task.h>
#include <uapi/errno.h>

#define SYSCALL(name) [__NR_##name] = sys_##name,
const syscall_fn syscall_table[NR_SYSCALLS] = {
#include <syscall_list.h>
};
#undef SYSCALL

/* -ENOSYS, logged once per process and number. */
static long sys_not_implemented(u64 nr)
{
	struct task *t = current();
	struct thread_group *g = t->group;
	if (nr < NR_SYSCALLS) {
		u64 bit = 1UL << (nr % 64);
		if (g->enosys_logged[nr / 64] & bit)
			return -ENOSYS;
		g->enosys_logged[nr / 64] |= bit;
	}
	const char *name = nr < NR_SYSCALLS && syscall_names[nr] ? syscall_names[nr] : "unknown";
	printk(KERN_NOTICE "levitate: %s[%d]: syscall %lu (%s) not implemented", t->comm, g->pid, (unsigned long)nr,
	       name);
	return -ENOSYS;
}

/*
 * A process traced with PTRACE_SYSCALL stops before and after each call
 * (proc/ptrace.c); at the entry stop its tracer may change the arguments
 * or the number (-1: the call is skipped and x0 is what the tracer left,
 * Linux arm64's el0_svc_common). Then a task under seccomp (proc/seccomp.c)
 * runs its filters, which may skip the call with x0 as they leave it.
 */
void syscall_dispatch(struct trap_frame *f)
{
	u64 nr = arch_syscall_nr(f);
	arch_syscall_enter(f);
	bool ptraced = unlikely(ptrace_syscall_traced(current()));
	if (ptraced) {
		nr = ptrace_syscall_enter(f);
		if (nr == NO_SYSCALL)
			goto out_trace;
	}
	long ret;
	if (unlikely(strace_on)) /* the tracer's hooks: one predictable branch when off */
		strace_syscall_enter(f);
	if (unlikely(seccomp_enabled(current()))) { /* after the ptrace stop, as Linux 4.8 on */
		if (!seccomp_syscall_enter(f)) {
			ret = arch_syscall_return_value(f); /* skipped: x0 is what the filter left */
			goto out_strace;
		}
		nr = arch_syscall_current_nr(f); /* a tracer's PTRACE_EVENT_SECCOMP may change it */
	}
	if (likely(nr < NR_SYSCALLS && syscall_table[nr]))
		ret = syscall_table[nr](f);
	else
		ret = sys_not_implemented(nr);
	arch_syscall_set_return(f, ret);
out_strace:
	if (unlikely(strace_on))
		strace_syscall_exit(f, ret);
out_trace:
	if (ptraced)
		ptrace_syscall_exit(f);
}
