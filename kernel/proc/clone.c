/*
 * clone.c — new threads: clone(2) and clone3(2) with the flags that make a
 * thread (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD,
 * plus CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID,
 * CLONE_CHILD_CLEARTID, CLONE_SYSVSEM). The new task shares the caller's
 * address space, files, fs context and signal handlers (reference counts),
 * starts with a copy of its registers (x0 = 0, sp = the new stack, the TLS
 * pointer; arch_copy_thread) and returns to user mode.
 *
 * Without CLONE_THREAD the new task is a new process (fork): its own thread
 * group, a child of the caller's, with copies of whatever is not shared —
 * the address space copy-on-write (mm_fork), the fd table, the fs context,
 * the handlers — and exit_signal (usually SIGCHLD) for its parent.
 * CLONE_VFORK makes the parent wait until the child execs or exits.
 * CLONE_PARENT makes it a child of the caller's parent (a sibling), with the
 * caller's own exit signal; not yet together with CLONE_VFORK (EINVAL).
 * CLONE_PIDFD gives the caller a pidfd for the new process (its number
 * written to parent_tid for clone, to args.pidfd for clone3).
 * CLONE_INTO_CGROUP (clone3) starts the new process in the cgroup2
 * directory args.cgroup names instead of its parent's (fs/cgroup.c checks
 * it as Linux's cgroup_css_set_fork does).
 * Flag rules: kernel/fork.c copy_process.
 */
#include <syscall.h>

#include <arch.h>
#include <cgroup.h>
#include <cred.h>
#include <fs.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <mutex.h>
#include <mm.h>
#include <printk.h>
#include <process.h>
#include <signal.h>
#include <ptrace.h>
#include <tracehook.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/ptrace.h>
#include <uapi/sched.h>

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

struct clone_request {
	u64 flags;
	u64 exit_signal; /* for a new process: sent to the parent at exit */
	vaddr_t stack;	 /* the new sp (top of the stack), 0: the caller's */
	uaddr_t parent_tid, child_tid;
	uaddr_t pidfd; /* CLONE_PIDFD: where the new pidfd's number goes (an int) */
	u64 tls;
	int cgroup_fd; /* CLONE_INTO_CGROUP: a cgroup2 directory */
};

/* copy_process's consistency rules, in its order. */
static long check_flags(u64 flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* CLONE_DETACHED is kept for CLONE_PIDFD's future use, threads have no pidfd */
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
		return -EINVAL;
	return 0;
}

/* dup_mm: the copy of the caller's address space; when memory for its
 * page tables or VMAs runs out the OOM killer runs and it is tried again
 * (Linux's allocator does that inside), NULL once the caller is the one
 * killed. */
static struct mm *fork_mm(struct mm *src)
{
	for (;;) {
		struct mm *mm = mm_fork(src);
		if (mm || !oom_may_retry())
			return mm;
	}
}

/* What the new task shares or copies, by flag. 0, -ENOMEM or -EMFILE (an fd
 * table past fs.nr_open, files_dup); nothing taken on failure. */
static long take_resources(struct task *self, struct task *t, u64 flags)
{
	/* dup_mmap: under vm.overcommit_memory 2 the copy's charge may be refused (ENOMEM) */
	t->mm = (flags & CLONE_VM)				    ? self->mm
		: vm_fork_allowed(self->mm, capable(CAP_SYS_ADMIN)) ? fork_mm(self->mm)
								    : NULL;
	int err = -ENOMEM;
	t->files = (flags & CLONE_FILES) ? self->files : files_dup(self->files, &err);
	t->fs = (flags & CLONE_FS) ? self->fs : fs_context_dup(self->fs);
	if (t->fs && (flags & CLONE_NEWNS) && fs_context_unshare_ns(t->fs)) { /* copy_namespaces */
		fs_context_put(t->fs);
		t->fs = NULL;
	}
	t->sighand = (flags & CLONE_SIGHAND) ? self->sighand : sighand_dup(self->sighand);
	if (t->mm && t->files && t->fs && t->sighand) {
		if (flags & CLONE_VM)
			mm_get(t->mm);
		if (flags & CLONE_FILES)
			__atomic_fetch_add(&t->files->refcount, 1, __ATOMIC_RELAXED);
		if (flags & CLONE_FS)
			__atomic_fetch_add(&t->fs->refcount, 1, __ATOMIC_RELAXED);
		if (flags & CLONE_SIGHAND)
			__atomic_fetch_add(&t->sighand->refcount, 1, __ATOMIC_RELAXED);
		return 0;
	}
	if (t->mm && !(flags & CLONE_VM))
		mm_put(t->mm);
	if (t->files && !(flags & CLONE_FILES))
		files_put(t->files);
	if (t->fs && !(flags & CLONE_FS))
		fs_context_put(t->fs);
	if (t->sighand && !(flags & CLONE_SIGHAND))
		sighand_put(t->sighand);
	t->mm = NULL;
	t->files = NULL;
	t->fs = NULL;
	t->sighand = NULL;
	return err; /* files_dup's (-EMFILE or -ENOMEM), else -ENOMEM */
}

static void drop_resources(struct task *t)
{
	mm_put(t->mm);
	files_put(t->files);
	fs_context_put(t->fs);
	/* t->sighand: task_free puts it */
}

/*
 * RLIMIT_NPROC (kernel/fork.c copy_process): a user other than root may
 * not have more tasks than the limit, counted over the whole system by
 * real uid, threads included.
 */
/* Does RLIMIT_NPROC bind the caller (not root, no CAP_SYS_RESOURCE or
 * CAP_SYS_ADMIN)? */
static bool nproc_limit_applies(void)
{
	return cred_current()->uid != 0 && !capable(CAP_SYS_RESOURCE) && !capable(CAP_SYS_ADMIN);
}

/*
 * For a caller RLIMIT_NPROC binds, its check and the new task being
 * counted (its pid and cred in place: task_count_uid) happen under this
 * mutex: two CPUs forking at once for the same user both saw the last free
 * slot and the tree grew past the limit (Linux counts in the user's
 * ucounts atomically). Callers the limit does not bind never take it.
 */
static struct mutex nproc_mutex = {
	.lock = SPINLOCK_INIT("nproc_mutex"),
	.queue = WAIT_QUEUE_INIT(nproc_mutex.queue),
	.name = "nproc_mutex",
};

/* copy_process's refusals before anything is made: EAGAIN. */
static long clone_refused(struct task *self, bool limited)
{
	if (limited && (u64)task_count_uid(cred_current()->uid) >=
			       __atomic_load_n(&self->group->rlimits[RLIMIT_NPROC][0], __ATOMIC_RELAXED))
		return -EAGAIN;
	if (task_count() >= threads_max())
		return -EAGAIN; /* copy_process: nr_threads >= max_threads, for root too */
	/* Linux sched_fork: a deadline task may not fork (its bandwidth cannot
	 * be split) unless SCHED_RESET_ON_FORK makes the child SCHED_OTHER */
	if (__atomic_load_n(&self->sched_policy, __ATOMIC_RELAXED) == SCHED_DEADLINE && !self->sched_reset_on_fork)
		return -EAGAIN;
	return 0;
}

/* The new task with its pid and credentials (counted from then on), or
 * NULL with *err. */
static struct task *clone_admit(struct task *self, const struct clone_request *req, int *err)
{
	bool limited = nproc_limit_applies();
	if (limited)
		mutex_lock(&nproc_mutex);
	struct task *t = NULL;
	*err = (int)clone_refused(self, limited);
	if (!*err)
		t = task_alloc_err(self->comm, err); /* ENOMEM, or EAGAIN when the pids ran out (alloc_pid) */
	if (t && cred_clone(t, req->flags)) {
		task_free(t);
		t = NULL;
		*err = -ENOMEM;
	}
	if (limited)
		mutex_unlock(&nproc_mutex);
	return t;
}

static long clone_task(const struct trap_frame *parent_frame, const struct clone_request *req)
{
	struct task *self = current();
	int err, pidfd = -1;	    /* pidfd: CLONE_PIDFD's, once installed */
	struct cgroup *into = NULL; /* CLONE_INTO_CGROUP's, once checked (a reference) */
	struct task *t = clone_admit(self, req, &err);
	if (!t)
		return err;
	err = take_resources(self, t, req->flags);
	if (err) {
		task_free(t);
		return err;
	}
	t->blocked_signals = self->blocked_signals;
	t->nice = self->nice;
	t->ioprio = self->ioprio; /* Linux copy_io: a set I/O priority is inherited */
	sched_fork(t, self);
	t->sched_policy = self->sched_policy; /* Linux sched_fork */
	t->sched_priority = self->sched_priority;
	if (self->sched_reset_on_fork) { /* back to SCHED_OTHER, nice >= 0, flag cleared */
		if (t->sched_policy == SCHED_FIFO || t->sched_policy == SCHED_RR || t->sched_policy == SCHED_DEADLINE) {
			t->sched_policy = SCHED_OTHER;
			t->sched_priority = 0;
			t->nice = 0;
		} else if (t->nice < 0)
			t->nice = 0;
	}

	arch_copy_thread(t, parent_frame, req->stack, req->flags & CLONE_SETTLS, req->tls);
	if (req->flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = req->child_tid;
	rseq_fork(t, self, req->flags & CLONE_VM);

	if ((req->flags & CLONE_PARENT_SETTID) && put_user_u32(req->parent_tid, (u32)t->tid))
		goto out_fault;
	if (req->flags & CLONE_CHILD_SETTID) {
		/* in the child's memory: ours, or its copy-on-write copy (written
		 * through vm_copy_to, which breaks the sharing in the child's mm) */
		u32 tid = (u32)t->tid;
		err = t->mm == self->mm ? put_user_u32(req->child_tid, tid)
					: vm_copy_to(t->mm, uaddr_to_vaddr(req->child_tid), &tid, 4);
		if (err)
			goto out_fault;
	}
	/* copy_process: the pidfd is made and its number written before the
	 * process exists (EFAULT undoes the fork). Linux installs the fd only at
	 * the end; here it is in the table from now on, so another thread of
	 * the caller could use it early: it would see a process already reaped. */
	if (req->flags & CLONE_PIDFD) {
		pidfd = pidfd_install(t->pid, 0);
		if (pidfd < 0) {
			err = pidfd;
			goto out_err;
		}
		if (put_user_u32(req->pidfd, (u32)pidfd))
			goto out_fault;
	}
	/* cgroup_can_fork: where the new process starts */
	if (req->flags & CLONE_INTO_CGROUP) {
		err = cgroup_fs_clone_target(req->cgroup_fd, req->flags & CLONE_THREAD, &into);
		if (err)
			goto out_err;
	}
	struct thread_group *child_group = NULL;
	bool share_undo = (req->flags & (CLONE_SYSVSEM | CLONE_THREAD)) == CLONE_SYSVSEM;
	if (req->flags & CLONE_THREAD) {
		thread_group_add(self->group, t);
	} else {
		if (share_undo && sem_undo_prepare(self->group))
			goto out_nomem;
		child_group = thread_group_alloc(t->tid, self->group);
		if (!child_group)
			goto out_nomem;
		if (into && !(req->flags & CLONE_THREAD)) {
			err = cgroup_fork_into(child_group, into); /* -ENODEV: removed meanwhile */
			if (err) {
				thread_group_discard(child_group);
				goto out_err;
			}
		}
		if (share_undo) /* Linux copy_semundo */
			sem_undo_share(self->group, child_group);
		child_group->exit_signal = (int)req->exit_signal;
		child_group->personality = self->group->personality;
		child_group->oom_score_adj = __atomic_load_n(&self->group->oom_score_adj, __ATOMIC_RELAXED);
		child_group->oom_score_adj_min = __atomic_load_n(&self->group->oom_score_adj_min, __ATOMIC_RELAXED);
		thread_group_add(child_group, t);
		if (req->flags & CLONE_PARENT)
			thread_group_adopt_sibling(self->group, child_group);
		else
			thread_group_adopt(self->group, child_group);
	}
	cgroup_put(into);
	int tid = t->tid;
	if (tracehook_on())
		tracehook->clone(t);
	int ptrace_event_nr = ptrace_clone(child_group, t, req->flags, req->exit_signal);
	bool vfork = child_group && (req->flags & CLONE_VFORK);
	if (vfork)
		thread_group_get(child_group); /* it may be reaped at once (SIGCHLD ignored) */
	if (vfork && (req->flags & CLONE_VM))
		child_group->vfork_vm = true;
	sched_add_new(t);
	if (ptrace_event_nr) /* PTRACE_EVENT_FORK/VFORK/CLONE with the child's pid */
		ptrace_event(ptrace_event_nr, (u64)tid);
	if (vfork) {
		/* until the child execs or exits, or SIGKILL (Linux
		 * wait_for_vfork_done is killable): the pid is returned and the
		 * return to user mode ends the caller; the child goes on with
		 * the memory, which it holds a reference to */
		int killed = wait_event_killable(&self->group->child_exit_wait, child_group->vfork_done);
		thread_group_put(child_group);
		if (ptrace_event_nr && !killed)
			ptrace_event(PTRACE_EVENT_VFORK_DONE, (u64)tid);
	}
	return tid;

out_nomem:
	err = -ENOMEM;
	goto out_err;
out_fault:
	err = -EFAULT;
out_err:
	cgroup_put(into);
	if (pidfd >= 0)
		fd_close(pidfd);
	drop_resources(t);
	task_free(t);
	return err;
}

static long do_clone(const struct trap_frame *frame, const struct clone_request *req)
{
	/* kernel_clone: clone() writes the pidfd where CLONE_PARENT_SETTID
	 * writes the tid, and clone3 may not aim both at one place either */
	if ((req->flags & (CLONE_PIDFD | CLONE_PARENT_SETTID)) == (CLONE_PIDFD | CLONE_PARENT_SETTID) &&
	    uaddr_eq(req->pidfd, req->parent_tid))
		return -EINVAL;
	long err = check_flags(req->flags);
	if (err)
		return err;
	u64 unsupported =
		CLONE_NEWUSER | CLONE_PTRACE | CLONE_UNTRACED |
		(0x7e000000UL & ~(u64)(CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET)) /* the other namespaces, CLONE_IO */
		| CLONE_CLEAR_SIGHAND | CLONE_NEWTIME /* clone3 only */;
	/* a vfork parent waits for a wake-up that goes to the child's parent:
	 * with CLONE_PARENT that is not the caller (not done yet) */
	if ((req->flags & (CLONE_PARENT | CLONE_VFORK)) == (CLONE_PARENT | CLONE_VFORK))
		unsupported |= CLONE_PARENT;
	/* copy_process: init cannot make a sibling (SIGNAL_UNKILLABLE); a
	 * sibling's exit signal is the caller's own (CLONE_PARENT rules) */
	struct clone_request sibling;
	if ((req->flags & CLONE_PARENT) && !(req->flags & CLONE_THREAD)) {
		if (current()->group->pid == 1)
			return -EINVAL;
		sibling = *req;
		sibling.exit_signal = (u64)current()->group->exit_signal;
		req = &sibling;
	}
	/* copy_namespaces: a new namespace needs CAP_SYS_ADMIN */
	if ((req->flags & (CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET)) && !(req->flags & unsupported) &&
	    !capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* copy_namespaces: a new IPC namespace cannot share the old one's undo list */
	if ((req->flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM))
		return -EINVAL;
	if (req->flags & unsupported) {
		struct task *t = current();
		printk(KERN_NOTICE "levitate: %s[%d]: clone flags %lx not implemented", t->comm, t->group->pid,
		       (unsigned long)(req->flags & unsupported));
		return -EINVAL;
	}
	return clone_task(frame, req);
}

/* arm64 argument order (no CLONE_BACKWARDS): flags, stack, parent_tid, tls,
 * child_tid. Only the flags' low 32 bits count (Linux's clone takes
 * lower_32_bits(clone_flags)): clone3's higher flags, CLONE_CLEAR_SIGHAND
 * and CLONE_INTO_CGROUP among them, are ignored here. */
long sys_clone(const struct trap_frame *frame)
{
	u32 flags = (u32)arch_syscall_arg(frame, 0);
	struct clone_request req = {
		.flags = flags & ~(u64)CSIGNAL,
		.exit_signal = flags & CSIGNAL,
		.stack = arch_syscall_arg(frame, 1),
		.parent_tid = uaddr_from(arch_syscall_arg(frame, 2)),
		.pidfd = uaddr_from(arch_syscall_arg(frame, 2)),
		.tls = arch_syscall_arg(frame, 3),
		.child_tid = uaddr_from(arch_syscall_arg(frame, 4)),
	};
	return do_clone(frame, &req);
}

long sys_clone3(const struct trap_frame *frame)
{
	uaddr_t uargs = uaddr_from(arch_syscall_arg(frame, 0));
	size_t size = arch_syscall_arg(frame, 1);
	struct clone_args_user args;
	memset(&args, 0, sizeof(args));
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (copy_from_user(&args, uargs, MIN(size, sizeof(args))))
		return -EFAULT;
	/* a newer caller's struct: what we do not know must be zero (copy_struct_from_user) */
	for (size_t at = sizeof(args); at < size; at += sizeof(u64)) {
		u8 tail[sizeof(u64)] = {0};
		size_t n = MIN(sizeof(tail), size - at);
		if (copy_from_user(tail, uaddr_add(uargs, at), n))
			return -EFAULT;
		for (size_t i = 0; i < n; i++) {
			if (tail[i])
				return -E2BIG;
		}
	}
	/* copy_clone_args_from_user: the exit signal must be valid_signal() */
	if (args.exit_signal & ~(u64)CSIGNAL || args.exit_signal > NSIG || args.set_tid || args.set_tid_size)
		return -EINVAL;
	/* the same: the cgroup field counts only with CLONE_INTO_CGROUP, and must be there */
	if ((args.flags & CLONE_INTO_CGROUP) && (args.cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (args.flags & ~(0xffffffffUL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL; /* clone3_args_valid */
	if (args.flags & (CLONE_DETACHED | (CSIGNAL & ~(u64)CLONE_NEWTIME)))
		return -EINVAL; /* the same: the exit signal has its own field */
	if ((args.stack == 0) != (args.stack_size == 0))
		return -EINVAL;
	struct clone_request req = {
		.flags = args.flags,
		.exit_signal = args.exit_signal,
		.stack = args.stack ? args.stack + args.stack_size : 0,
		.parent_tid = uaddr_from(args.parent_tid),
		.tls = args.tls,
		.child_tid = uaddr_from(args.child_tid),
		.pidfd = uaddr_from(args.pidfd),
		.cgroup_fd = (int)args.cgroup,
	};
	return do_clone(frame, &req);
}
