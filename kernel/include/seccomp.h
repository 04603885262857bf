/*
 * seccomp.h — secure computing (Linux kernel/seccomp.c): a task in strict
 * mode may only read, write, _exit and return from a signal handler; one in
 * filter mode runs each system call past its stack of classic BPF filters
 * (bpf_classic.h) first, and does what the strictest answer says.
 *
 * A task's state: seccomp_mode (SECCOMP_MODE_*, or SECCOMP_MODE_DEAD once
 * it is being killed for a call) and seccomp_filter, the newest filter,
 * whose prev links lead to the older ones; filters are shared, never
 * changed once attached, and counted. Both are written under the task's
 * thread_group lock (by the task itself, or by a sibling's TSYNC) and read
 * by the task at each call without it (an acquire load of the mode: the
 * filter pointer is stored before it).
 */
#pragma once

#include <task.h>
#include <types.h>

#define SECCOMP_MODE_DEAD 3 /* killed for a call: a further call kills again (Linux) */

/* seccomp(2) and prctl(PR_SET_SECCOMP) (syscall/sys_info.c). */
long seccomp_prctl_set(u64 mode, uaddr_t filter);
long seccomp_prctl_get(void);

/* At system-call entry, after the ptrace stop, for a task whose mode is
 * not disabled: true to make the call (its number may have changed: a
 * tracer's at PTRACE_EVENT_SECCOMP), false to skip it with x0 as left.
 * May not return (killed). */
bool seccomp_syscall_enter(struct trap_frame *f);

static inline bool seccomp_enabled(struct task *t)
{
	return __atomic_load_n(&t->seccomp_mode, __ATOMIC_ACQUIRE) != 0;
}

/* clone: child takes creator's mode, filters and no_new_privs (called
 * under the child's thread_group lock, so a TSYNC sees the child or the
 * child sees the TSYNC's result). */
void seccomp_fork(struct task *child, struct task *creator);
/* task_free: drops the task's filter references. */
void seccomp_task_free(struct task *t);
/* /proc/PID/status Seccomp_filters: t's filters (t's group lock held). */
int seccomp_filter_count(struct task *t);
/* /proc/sys/kernel/seccomp: actions_avail (the actions this kernel has)
 * and actions_logged (which of them the kernel log reports), formatted as
 * snprintf does; a store of actions_logged: 0, -EPERM or -EINVAL. */
size_t seccomp_actions_avail_format(char *buf, size_t cap);
size_t seccomp_actions_logged_format(char *buf, size_t cap);
int seccomp_actions_logged_store(const char *text, size_t len);
