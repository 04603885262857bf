/*
 * seccomp.c — secure computing: strict mode and BPF filters (seccomp.h;
 * Linux 6.1 kernel/seccomp.c, Documentation/userspace-api/seccomp_filter.rst).
 *
 * Attaching (seccomp(SECCOMP_SET_MODE_FILTER) or prctl(PR_SET_SECCOMP, 2)):
 * the errors come in Linux's order — unknown flags or an impossible pair
 * EINVAL, an unreadable struct sock_fprog EFAULT, a length of 0 or above
 * 4,096 EINVAL, a caller without no_new_privs and without CAP_SYS_ADMIN
 * EACCES, unreadable instructions EFAULT, a program bpf_classic_check or
 * the seccomp rules refuse EINVAL; then, under the thread group's lock, a
 * task in strict mode EINVAL, more than 32,768 instructions along the
 * stack (each filter counted as Linux converts it, bpf_classic_converted_len,
 * and 4 more) ENOMEM, and for TSYNC a sibling whose filters
 * are not an ancestry of ours: its thread id (or ESRCH with TSYNC_ESRCH).
 *
 * At each call (seccomp_syscall_enter) every filter of the stack runs over
 * a struct seccomp_data (the number, AUDIT_ARCH_AARCH64, the pc after the
 * SVC, the six arguments, x0 as it came in) and the answer with the lowest
 * action, compared as signed 32-bit values, wins: KILL_PROCESS, then
 * KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE, LOG, ALLOW; an unknown
 * action kills the process. User notification is not built: no listener
 * can be made (SECCOMP_FILTER_FLAG_NEW_LISTENER is EINVAL, GET_ACTION_AVAIL
 * of USER_NOTIF EOPNOTSUPP), so that action answers ENOSYS as Linux's does
 * without a listener.
 *
 * Locking: the thread group's lock serialises every change of a task's
 * mode, filter pointer and no_new_privs (its own attach, a sibling's
 * TSYNC, clone's copy). The task reads its own at each call without a lock:
 * a TSYNC may replace its filter pointer meanwhile, but only with a
 * descendant of the filter it had, so the old one stays referenced
 * through the new one's prev links and cannot be freed under the read.
 */
#include <seccomp.h>

#include <bpf_classic.h>
#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <printk.h>
#include <process.h>
#include <ptrace.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/ptrace.h>
#include <uapi/seccomp.h>
#include <uapi/unistd.h>

#define MAX_INSNS_PER_PATH ((1u << 18) / sizeof(struct sock_filter)) /* 256 KiB along a stack */
#define MAX_ERRNO 4095

#define FILTER_FLAGS                                                                            \
	(SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW | \
	 SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC_ESRCH | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

struct seccomp_filter {
	u32 refcount; /* tasks whose newest filter it is, and newer filters' prev [atomic] */
	u16 len;
	u16 path_len; /* its length as Linux counts it for MAX_INSNS_PER_PATH (converted) */
	bool log;     /* SECCOMP_FILTER_FLAG_LOG: its TRAP, ERRNO and TRACE answers are logged too */
	struct seccomp_filter *prev;
	struct sock_filter insns[];
};

static void filter_get(struct seccomp_filter *f)
{
	if (f)
		__atomic_add_fetch(&f->refcount, 1, __ATOMIC_RELAXED);
}

/* Drops a reference; a filter nobody holds frees itself and lets go of
 * its prev, and so on down the stack. */
static void filter_put(struct seccomp_filter *f)
{
	while (f && __atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		struct seccomp_filter *prev = f->prev;
		kfree(f);
		f = prev;
	}
}

/* seccomp_check_filter: the loads a filter may make are aligned words of
 * struct seccomp_data, and its length (BPF_LEN) is that struct's size;
 * nothing of a packet's (indexed or byte loads, MSH) and no modulo. */
static int seccomp_check(struct sock_filter *prog, u32 len)
{
	for (u32 pc = 0; pc < len; pc++) {
		struct sock_filter *in = &prog[pc];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k >= sizeof(struct seccomp_data) || (in->k & 3))
				return -EINVAL;
			continue;
		case BPF_LD | BPF_W | BPF_LEN: /* becomes a constant, as Linux rewrites it */
			in->code = BPF_LD | BPF_IMM;
			in->k = sizeof(struct seccomp_data);
			continue;
		case BPF_LDX | BPF_W | BPF_LEN:
			in->code = BPF_LDX | BPF_IMM;
			in->k = sizeof(struct seccomp_data);
			continue;
		case BPF_RET | BPF_K:
		case BPF_RET | BPF_A:
		case BPF_ALU | BPF_NEG:
		case BPF_LD | BPF_IMM:
		case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX:
		case BPF_MISC | BPF_TXA:
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
		case BPF_JMP | BPF_JA: continue;
		}
		u16 op = BPF_OP(in->code);
		if (BPF_CLASS(in->code) == BPF_ALU &&
		    (op == BPF_ADD || op == BPF_SUB || op == BPF_MUL || op == BPF_DIV || op == BPF_AND ||
		     op == BPF_OR || op == BPF_XOR || op == BPF_LSH || op == BPF_RSH))
			continue; /* with K or X (bpf_classic_check refuses any other bit) */
		if (BPF_CLASS(in->code) == BPF_JMP &&
		    (op == BPF_JEQ || op == BPF_JGE || op == BPF_JGT || op == BPF_JSET))
			continue;
		return -EINVAL;
	}
	return 0;
}

/* seccomp_prepare_user_filter + seccomp_prepare_filter: a checked filter,
 * or an ERR_PTR-style NULL with *err. */
static struct seccomp_filter *prepare_filter(uaddr_t ufprog, int *err)
{
	struct sock_fprog fprog;
	if (copy_from_user(&fprog, ufprog, sizeof(fprog))) {
		*err = -EFAULT;
		return NULL;
	}
	*err = -EINVAL;
	if (fprog.len == 0 || fprog.len > BPF_MAXINSNS)
		return NULL;
	*err = -EACCES; /* without no_new_privs a filter could mislead a set-user-ID child */
	if (!__atomic_load_n(&current()->no_new_privs, __ATOMIC_RELAXED) && !capable(CAP_SYS_ADMIN))
		return NULL;
	struct seccomp_filter *f = kmalloc(sizeof(*f) + (size_t)fprog.len * sizeof(struct sock_filter));
	u16 *scratch = kmalloc((size_t)fprog.len * sizeof(u16));
	*err = -ENOMEM;
	if (!f || !scratch)
		goto fail;
	*err = -EFAULT;
	if (copy_from_user(f->insns, uaddr_from(fprog.filter), (size_t)fprog.len * sizeof(struct sock_filter)))
		goto fail;
	*err = seccomp_check(f->insns, fprog.len);
	if (!*err)
		*err = bpf_classic_check(f->insns, fprog.len, scratch);
	if (*err)
		goto fail;
	kfree(scratch);
	f->refcount = 1;
	f->len = fprog.len;
	f->path_len = (u16)MIN(bpf_classic_converted_len(f->insns, fprog.len), 0xffffu);
	f->log = false;
	f->prev = NULL;
	return f;
fail:
	kfree(scratch);
	kfree(f);
	return NULL;
}

/* Is ancestor one of the filters of the stack from f (NULL: the empty stack)? */
static bool is_ancestor(const struct seccomp_filter *ancestor, const struct seccomp_filter *f)
{
	if (!ancestor)
		return true;
	for (; f; f = f->prev)
		if (f == ancestor)
			return true;
	return false;
}

/* seccomp_can_sync_threads: 0, or the first sibling that cannot take our
 * stack (in strict mode, or with filters that are not an ancestry of ours). */
static int tsync_blocker_locked(struct task *self)
{
	struct task *t;
	list_for_each_entry(t, &self->group->threads, group_node) {
		if (t == self)
			continue;
		if (t->seccomp_mode == SECCOMP_MODE_DISABLED ||
		    (t->seccomp_mode == SECCOMP_MODE_FILTER && is_ancestor(t->seccomp_filter, self->seccomp_filter)))
			continue;
		return t->tid;
	}
	return 0;
}

/* seccomp_sync_threads: every sibling takes our stack, and our no_new_privs. */
static void tsync_locked(struct task *self)
{
	struct task *t;
	list_for_each_entry(t, &self->group->threads, group_node) {
		if (t == self)
			continue;
		filter_get(self->seccomp_filter);
		filter_put(t->seccomp_filter); /* an ancestor of ours: never the last reference */
		__atomic_store_n(&t->seccomp_filter, self->seccomp_filter, __ATOMIC_RELEASE);
		if (self->no_new_privs)
			__atomic_store_n(&t->no_new_privs, true, __ATOMIC_RELAXED);
		if (t->seccomp_mode == SECCOMP_MODE_DISABLED)
			__atomic_store_n(&t->seccomp_mode, SECCOMP_MODE_FILTER, __ATOMIC_RELEASE);
	}
}

static long set_mode_filter(u32 flags, uaddr_t ufprog)
{
	if (flags & ~FILTER_FLAGS)
		return -EINVAL;
	/* TSYNC and a listener both answer with a positive number: not together */
	if ((flags & SECCOMP_FILTER_FLAG_TSYNC) && (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
	    !(flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH))
		return -EINVAL;
	if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) && !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return -EINVAL;
	int err;
	struct seccomp_filter *f = prepare_filter(ufprog, &err);
	if (!f)
		return err;
	if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) { /* user notification is not built (above) */
		static bool logged;
		if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
			printk(KERN_NOTICE
			       "levitate: seccomp: SECCOMP_FILTER_FLAG_NEW_LISTENER is not implemented (EINVAL)");
		filter_put(f);
		return -EINVAL;
	}
	struct task *self = current();
	struct thread_group *g = self->group;
	long ret = -EINVAL;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (self->seccomp_mode != SECCOMP_MODE_DISABLED && self->seccomp_mode != SECCOMP_MODE_FILTER)
		goto out;
	u32 total = f->path_len;
	for (struct seccomp_filter *w = self->seccomp_filter; w; w = w->prev)
		total += w->path_len + 4u; /* Linux's penalty per filter */
	ret = -ENOMEM;
	if (total > MAX_INSNS_PER_PATH)
		goto out;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC) { /* against the stack we have now, as Linux */
		int blocker = tsync_blocker_locked(self);
		if (blocker) {
			ret = (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) ? -ESRCH : blocker;
			goto out;
		}
	}
	f->log = flags & SECCOMP_FILTER_FLAG_LOG;
	f->prev = self->seccomp_filter; /* our reference on it moves to f */
	__atomic_store_n(&self->seccomp_filter, f, __ATOMIC_RELEASE);
	f = NULL;
	__atomic_store_n(&self->seccomp_mode, SECCOMP_MODE_FILTER, __ATOMIC_RELEASE);
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		tsync_locked(self);
	ret = 0;
out:
	spin_unlock_irqrestore(&g->lock, irq);
	filter_put(f);
	return ret;
}

static long set_mode_strict(void)
{
	struct task *self = current();
	unsigned long irq = spin_lock_irqsave(&self->group->lock);
	long ret = -EINVAL;
	if (self->seccomp_mode == SECCOMP_MODE_DISABLED || self->seccomp_mode == SECCOMP_MODE_STRICT) {
		__atomic_store_n(&self->seccomp_mode, SECCOMP_MODE_STRICT, __ATOMIC_RELEASE);
		ret = 0;
	}
	spin_unlock_irqrestore(&self->group->lock, irq);
	return ret;
}

static long get_action_avail(uaddr_t uaction)
{
	u32 action;
	if (get_user_u32(&action, uaction))
		return -EFAULT;
	switch (action) {
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
	case SECCOMP_RET_ERRNO:
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_LOG:
	case SECCOMP_RET_ALLOW: return 0;
	default: return -EOPNOTSUPP; /* USER_NOTIF too: not built */
	}
}

static long do_seccomp(u32 op, u32 flags, uaddr_t uargs)
{
	switch (op) {
	case SECCOMP_SET_MODE_STRICT:
		if (flags != 0 || !uaddr_is_null(uargs))
			return -EINVAL;
		return set_mode_strict();
	case SECCOMP_SET_MODE_FILTER: return set_mode_filter(flags, uargs);
	case SECCOMP_GET_ACTION_AVAIL:
		if (flags != 0)
			return -EINVAL;
		return get_action_avail(uargs);
	case SECCOMP_GET_NOTIF_SIZES: {
		if (flags != 0)
			return -EINVAL;
		/* the structures' sizes, as Linux answers them (a listener cannot
		 * be made here, but the sizes are the ABI's) */
		struct seccomp_notif_sizes sizes = {
			.seccomp_notif = 80, .seccomp_notif_resp = 24, .seccomp_data = sizeof(struct seccomp_data)};
		return copy_to_user(uargs, &sizes, sizeof(sizes)) ? -EFAULT : 0;
	}
	default: return -EINVAL;
	}
}

SYSCALL_DEFINE3(seccomp, u32, op, u32, flags, uaddr_t, uargs)
{
	return do_seccomp(op, flags, uargs);
}

long seccomp_prctl_set(u64 mode, uaddr_t filter)
{
	switch (mode) {
	case SECCOMP_MODE_STRICT: return do_seccomp(SECCOMP_SET_MODE_STRICT, 0, uaddr_from(0)); /* filter ignored */
	case SECCOMP_MODE_FILTER: return do_seccomp(SECCOMP_SET_MODE_FILTER, 0, filter);
	default: return -EINVAL;
	}
}

long seccomp_prctl_get(void)
{
	return __atomic_load_n(&current()->seccomp_mode, __ATOMIC_RELAXED);
}

/* ---- at each system call ------------------------------------------------ */

/*
 * kernel.seccomp.actions_logged (Linux's seccomp_actions_logged): one bit
 * per action name, in the order of seccomp_log_names, which is also the
 * order the file lists them in. Every action but ALLOW by default; ALLOW
 * can never be logged. A write replaces the set ([atomic]).
 */
static const char *const action_names[] = {"kill_process", "kill_thread", "trap", "errno",
					   "user_notif",   "trace",	  "log",  "allow"};
enum { LOG_KILL_PROCESS, LOG_KILL_THREAD, LOG_TRAP, LOG_ERRNO, LOG_USER_NOTIF, LOG_TRACE, LOG_LOG, LOG_ALLOW };
static u32 actions_logged = (1u << LOG_ALLOW) - 1;

/* The actions_logged bit of a filter's action (an unknown one kills the process). */
static int log_bit(u32 action)
{
	switch (action) {
	case SECCOMP_RET_KILL_THREAD: return LOG_KILL_THREAD;
	case SECCOMP_RET_TRAP: return LOG_TRAP;
	case SECCOMP_RET_ERRNO: return LOG_ERRNO;
	case SECCOMP_RET_USER_NOTIF: return LOG_USER_NOTIF;
	case SECCOMP_RET_TRACE: return LOG_TRACE;
	case SECCOMP_RET_LOG: return LOG_LOG;
	case SECCOMP_RET_ALLOW: return LOG_ALLOW;
	default: return LOG_KILL_PROCESS;
	}
}

/* The names of the set bits of mask, space-separated, and a newline. */
static size_t format_names(u32 mask, char *buf, size_t cap)
{
	size_t n = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(action_names); i++)
		if (mask & (1u << i))
			n += (size_t)snprintf(buf + MIN(n, cap), cap - MIN(n, cap), "%s%s", n ? " " : "",
					      action_names[i]);
	return n + (size_t)snprintf(buf + MIN(n, cap), cap - MIN(n, cap), "\n");
}

size_t seccomp_actions_avail_format(char *buf, size_t cap)
{
	/* all of Linux's but user_notif, which is not built (GET_ACTION_AVAIL) */
	return format_names(0xffu & ~(1u << LOG_USER_NOTIF), buf, cap);
}

size_t seccomp_actions_logged_format(char *buf, size_t cap)
{
	return format_names(__atomic_load_n(&actions_logged, __ATOMIC_RELAXED), buf, cap);
}

/* write_actions_logged: CAP_SYS_ADMIN; the text up to its first newline
 * (proc_dostring), names separated by single spaces and read up to the
 * first empty one (seccomp_names_from_actions_logged's strsep loop); an
 * unknown name or "allow" is EINVAL. */
int seccomp_actions_logged_store(const char *text, size_t len)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	const char *end = memchr(text, '\n', len);
	if (end)
		len = (size_t)(end - text);
	u32 mask = 0;
	for (size_t at = 0; at < len && text[at] != ' ';) {
		size_t word = 0;
		while (at + word < len && text[at + word] != ' ')
			word++;
		unsigned i = 0;
		while (i < ARRAY_SIZE(action_names) && !str_equals_bytes(action_names[i], text + at, word))
			i++;
		if (i == ARRAY_SIZE(action_names))
			return -EINVAL;
		mask |= 1u << i;
		at += word + 1;
	}
	if (mask & (1u << LOG_ALLOW))
		return -EINVAL;
	__atomic_store_n(&actions_logged, mask, __ATOMIC_RELAXED);
	return 0;
}

/* seccomp_log: the audit line Linux's kernel log shows without auditd, for
 * the kill actions and LOG always, for TRAP, ERRNO and TRACE only when the
 * filter asked (SECCOMP_FILTER_FLAG_LOG) — each only while actions_logged
 * names it. */
static void log_action(int nr, int sig, u32 action, u64 pc)
{
	if (!(__atomic_load_n(&actions_logged, __ATOMIC_RELAXED) & (1u << log_bit(action))))
		return;
	struct task *t = current();
	printk(KERN_NOTICE "audit: type=1326 pid=%d comm=\"%s\" sig=%d arch=%x syscall=%d ip=%#lx code=%#x",
	       t->group->pid, t->comm, sig, AUDIT_ARCH_AARCH64, nr, (unsigned long)pc, action);
}

static void populate_data(struct seccomp_data *sd, const struct trap_frame *f, int nr)
{
	sd->nr = nr;
	sd->arch = AUDIT_ARCH_AARCH64;
	sd->instruction_pointer = arch_frame_pc(f);
	sd->args[0] = f->orig_x0;
	for (int i = 1; i < 6; i++)
		sd->args[i] = arch_syscall_arg(f, i);
}

/* seccomp_run_filters: the answer with the lowest action, and its filter. */
static u32 run_filters(const struct seccomp_data *sd, struct seccomp_filter **match)
{
	u32 ret = SECCOMP_RET_ALLOW;
	struct seccomp_filter *f = __atomic_load_n(&current()->seccomp_filter, __ATOMIC_ACQUIRE);
	if (!f)
		return SECCOMP_RET_KILL_PROCESS; /* filter mode without a filter: never open */
	for (; f; f = f->prev) {
		u32 cur = bpf_classic_run(f->insns, (const u8 *)sd, sizeof(*sd), false);
		if ((s32)(cur & SECCOMP_RET_ACTION_FULL) < (s32)(ret & SECCOMP_RET_ACTION_FULL)) {
			ret = cur;
			*match = f;
		}
	}
	return ret;
}

static void __noreturn kill_for_call(struct trap_frame *f, int nr, u32 action, int data)
{
	struct task *t = current();
	__atomic_store_n(&t->seccomp_mode, SECCOMP_MODE_DEAD, __ATOMIC_RELAXED);
	log_action(nr, SIGSYS, action, arch_frame_pc(f));
	if (action != SECCOMP_RET_KILL_THREAD || __atomic_load_n(&t->group->nr_threads, __ATOMIC_RELAXED) == 1) {
		f->regs[0] = f->orig_x0; /* the registers as they came, for the core dump */
		signal_force_seccomp(nr, data, arch_frame_pc(f), true);
	}
	task_exit(SIGSYS);
}

/* __seccomp_filter: true to make the call. */
static bool filter_call(struct trap_frame *f, int nr, bool recheck_after_trace)
{
	struct seccomp_data sd;
	struct seccomp_filter *match = NULL;
	populate_data(&sd, f, nr);
	u32 ret = run_filters(&sd, &match);
	int data = (int)(ret & SECCOMP_RET_DATA);
	u32 action = ret & SECCOMP_RET_ACTION_FULL;
	bool logged = match && match->log;
	switch (action) {
	case SECCOMP_RET_ERRNO: arch_syscall_set_return(f, -(long)MIN(data, MAX_ERRNO)); break;
	case SECCOMP_RET_TRAP:
		f->regs[0] = f->orig_x0; /* the handler sees the registers as they came */
		signal_force_seccomp(nr, data, arch_frame_pc(f), false);
		break;
	case SECCOMP_RET_TRACE:
		if (recheck_after_trace)
			return true;
		if (!ptrace_event_enabled(PTRACE_EVENT_SECCOMP)) {
			arch_syscall_set_return(f, -ENOSYS);
			break;
		}
		ptrace_event(PTRACE_EVENT_SECCOMP, (u64)data);
		if (task_fatal_signal_pending(current()))
			break;
		nr = (int)arch_syscall_current_nr(f); /* the tracer may have changed or skipped it */
		if (nr < 0)
			break;
		return filter_call(f, nr, true); /* again, over the registers as they are now */
	case SECCOMP_RET_USER_NOTIF: /* no listener can exist (above) */ arch_syscall_set_return(f, -ENOSYS); break;
	case SECCOMP_RET_LOG: log_action(nr, 0, action, arch_frame_pc(f)); return true;
	case SECCOMP_RET_ALLOW: return true;
	default: kill_for_call(f, nr, action, data); /* KILL_THREAD, KILL_PROCESS, unknown */
	}
	if (logged)
		log_action(nr, 0, action, arch_frame_pc(f));
	return false;
}

bool seccomp_syscall_enter(struct trap_frame *f)
{
	struct task *t = current();
	u8 mode = __atomic_load_n(&t->seccomp_mode, __ATOMIC_ACQUIRE);
	if (unlikely(__atomic_load_n(&t->group->ptrace, __ATOMIC_RELAXED) & PTRACE_O_SUSPEND_SECCOMP))
		return true; /* a checkpointing tracer's (CAP_SYS_ADMIN) */
	int nr = (int)arch_syscall_current_nr(f);
	if (mode == SECCOMP_MODE_FILTER)
		return filter_call(f, nr, false);
	if (mode == SECCOMP_MODE_STRICT &&
	    (nr == __NR_read || nr == __NR_write || nr == __NR_exit || nr == __NR_rt_sigreturn))
		return true;
	/* strict mode's other calls, and any call of a task being killed */
	__atomic_store_n(&t->seccomp_mode, SECCOMP_MODE_DEAD, __ATOMIC_RELAXED);
	log_action(nr, SIGKILL, SECCOMP_RET_KILL_THREAD, arch_frame_pc(f));
	task_exit(SIGKILL);
}

/* ---- life of a task ----------------------------------------------------- */

void seccomp_fork(struct task *child, struct task *creator)
{
	struct seccomp_filter *f = creator->seccomp_filter;
	filter_get(f);
	child->seccomp_filter = f;
	child->no_new_privs = creator->no_new_privs;
	__atomic_store_n(&child->seccomp_mode, creator->seccomp_mode, __ATOMIC_RELEASE);
}

void seccomp_task_free(struct task *t)
{
	filter_put(t->seccomp_filter);
	t->seccomp_filter = NULL;
}

int seccomp_filter_count(struct task *t)
{
	int n = 0;
	for (struct seccomp_filter *f = t->seccomp_filter; f; f = f->prev)
		n++;
	return n;
}
