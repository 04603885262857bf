/*
 * sys_misc.c — calls that each do one small thing (Linux file each cited):
 * mlock, mlock2, munlock, mlockall, munlockall (mm/mlock.c), membarrier
 * (kernel/sched/membarrier.c), kcmp (kernel/kcmp.c), unshare and setns
 * (kernel/fork.c, kernel/nsproxy.c), close_range (fs/file.c), readahead
 * (mm/readahead.c), process_vm_readv/writev (mm/process_vm_access.c),
 * get_robust_list (kernel/futex/syscalls.c), fadvise64 (mm/fadvise.c) and
 * sync_file_range (fs/sync.c).
 *
 * Memory locking: LevitateOS never swaps or drops anonymous or file pages,
 * so every page is resident once touched; mlock marks the range's VMAs
 * VMA_LOCKED (VMA_LOCKONFAULT for MLOCK_ONFAULT; mm/vm.c splits and merges
 * them as Linux's mlock_fixup), which VmLck, smaps' Locked and RLIMIT_MEMLOCK
 * count, and faults the range in unless on-fault. mlockall(MCL_FUTURE) sets
 * the mm's def_flags for every later mapping; fork and exec drop both.
 *
 * Namespaces: UTS (core/uts.c), IPC (ipc/namespace.c), network
 * (net/net_ns.c) and mount namespaces (fs/mount.c, kept in the fs context)
 * exist: unshare and clone with CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET or
 * CLONE_NEWNS, CAP_SYS_ADMIN needed; the other CLONE_NEW* types are EINVAL
 * (EPERM without CAP_SYS_ADMIN), as Linux built without them. setns takes a
 * /proc/PID/ns file (fs/nsfs.c): a UTS, IPC, network or mount one switches the caller's
 * namespace, the others name the only, initial, namespace.
 *
 * membarrier: one CPU runs user code, so a full barrier on it orders every
 * thread's accesses (docs/syscalls.md); the commands and registrations are
 * Linux 6.1's on arm64.
 */
#include <syscall.h>

#include <arch.h>
#include <cred.h>
#include <fs.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <mm.h>
#include <nsfs.h>
#include <page.h>
#include <pid.h>
#include <process.h>
#include <ptrace.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <uapi/close_range.h>
#include <uapi/errno.h>
#include <uapi/kcmp.h>
#include <uapi/fcntl.h>
#include <uapi/membarrier.h>
#include <uapi/misc.h>
#include <uapi/mman.h>
#include <uapi/resource.h>
#include <uapi/sched.h>
#include <vfs.h>

/* ---- mlock --------------------------------------------------------------- */

bool mlock_can_do(void)
{
	return current()->group->rlimits[RLIMIT_MEMLOCK][0] != 0 || capable(CAP_IPC_LOCK);
}

/* RLIMIT_MEMLOCK in pages. */
static u64 memlock_limit_pages(void)
{
	return current()->group->rlimits[RLIMIT_MEMLOCK][0] / PAGE_SIZE;
}

int mlock_future_check(struct mm *mm, unsigned vflags, size_t len)
{
	if (!((vflags | __atomic_load_n(&mm->def_flags, __ATOMIC_RELAXED)) & VMA_LOCKED))
		return 0;
	u64 locked = len / PAGE_SIZE + vm_locked_pages(mm);
	return locked > memlock_limit_pages() && !capable(CAP_IPC_LOCK) ? -EAGAIN : 0;
}

/* do_mlock: page-rounded range, EPERM, ENOMEM past RLIMIT_MEMLOCK (pages
 * already locked inside the range are not counted twice) or for a hole. */
static long do_mlock(vaddr_t start, size_t len, unsigned lock)
{
	if (!mlock_can_do())
		return -EPERM;
	vaddr_t first = ALIGN_DOWN(start, PAGE_SIZE);
	if (len > ~0UL - PAGE_SIZE - (start - first))
		return -ENOMEM;
	size_t bytes = ALIGN_UP(len + (start - first), PAGE_SIZE);
	if (!bytes)
		return 0;
	struct mm *mm = current()->mm;
	u64 locked = bytes / PAGE_SIZE + vm_locked_pages(mm);
	if (locked > memlock_limit_pages() && !capable(CAP_IPC_LOCK))
		locked -= vm_locked_pages_in(mm, first, bytes);
	if (locked > memlock_limit_pages() && !capable(CAP_IPC_LOCK))
		return -ENOMEM;
	long err = vm_mlock(mm, first, bytes, lock);
	if (!err && !(lock & VMA_LOCKONFAULT)) /* Linux populates, ignoring what cannot be (PROT_NONE) */
		oom_populate_range(mm, first, first + bytes);
	return err;
}

SYSCALL_DEFINE2(mlock, uaddr_t, ustart, size_t, len)
{
	vaddr_t start = uaddr_to_vaddr(ustart);
	return do_mlock(start, len, VMA_LOCKED);
}

SYSCALL_DEFINE3(mlock2, uaddr_t, ustart, size_t, len, int, flags)
{
	vaddr_t start = uaddr_to_vaddr(ustart);
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(start, len, VMA_LOCKED | ((flags & MLOCK_ONFAULT) ? VMA_LOCKONFAULT : 0));
}

SYSCALL_DEFINE2(munlock, uaddr_t, ustart, size_t, len)
{
	vaddr_t start = uaddr_to_vaddr(ustart);
	vaddr_t first = ALIGN_DOWN(start, PAGE_SIZE);
	if (len > ~0UL - PAGE_SIZE - (start - first))
		return -ENOMEM;
	size_t bytes = ALIGN_UP(len + (start - first), PAGE_SIZE);
	return bytes ? vm_mlock(current()->mm, first, bytes, 0) : 0;
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!mlock_can_do())
		return -EPERM;
	struct mm *mm = current()->mm;
	if ((flags & MCL_CURRENT) && !capable(CAP_IPC_LOCK)) {
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		u64 total = mm->total_pages;
		spin_unlock_irqrestore(&mm->lock, irq);
		if (total > memlock_limit_pages())
			return -ENOMEM;
	}
	/* apply_mlockall_flags */
	unsigned onfault = (flags & MCL_ONFAULT) ? VMA_LOCKONFAULT : 0;
	unsigned future = (flags & MCL_FUTURE) ? VMA_LOCKED | onfault : 0;
	vm_mlock_all(mm, VMA_LOCKED | onfault, future, !(flags & MCL_CURRENT));
	if ((flags & MCL_CURRENT) && !onfault)
		oom_populate_range(mm, 0, USER_VA_END);
	return 0;
}

SYSCALL_DEFINE0(munlockall)
{
	vm_mlock_all(current()->mm, 0, 0, false);
	return 0;
}

/* ---- membarrier ------------------------------------------------------------ */

/* What MEMBARRIER_CMD_QUERY reports: every command (all nine, as Linux 6.1
 * with CONFIG_RSEQ). */
#define MEMBARRIER_SUPPORTED                                                                                  \
	(MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED |                       \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE |   \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ)

static void full_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	arch_sync_core(); /* the SYNC_CORE commands */
}

SYSCALL_DEFINE3(membarrier, int, cmd, unsigned, flags, int, cpu_id)
{
	(void)cpu_id;
	if (cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ ? (flags & ~MEMBARRIER_CMD_FLAG_CPU) : flags)
		return -EINVAL;
	struct mm *mm = current()->mm;
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY: return MEMBARRIER_SUPPORTED;
	case MEMBARRIER_CMD_GLOBAL:
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED: full_barrier(); return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ:
		/* each needs its registration first (cmd << 1 is its REGISTER_ bit) */
		if (!(__atomic_load_n(&mm->membarrier_registered, __ATOMIC_ACQUIRE) & (cmd << 1)))
			return -EPERM;
		full_barrier();
		return 0;
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ:
		__atomic_fetch_or(&mm->membarrier_registered, cmd, __ATOMIC_ACQ_REL);
		full_barrier();
		return 0;
	default: return -EINVAL;
	}
}

/* ---- access to another process ------------------------------------------------ */

/* Linux __ptrace_may_access(PTRACE_MODE_REALCREDS) for target (proc/ptrace.c). [tasklist_lock] */
static bool may_access(struct task *target)
{
	return ptrace_may_access(target->group, target->cred);
}

/* ---- kcmp ------------------------------------------------------------------ */

/* Linux kcmp_ptr: 0 equal, 1 less, 2 greater (by address). */
static long kcmp_ptr(const void *a, const void *b)
{
	return a == b ? 0 : (uintptr_t)a < (uintptr_t)b ? 1 : 2;
}

struct kcmp_side {
	struct task *task;
	struct file *file; /* KCMP_FILE: a reference */
};

SYSCALL_DEFINE5(kcmp, int, pid1, int, pid2, int, type, u64, idx1, u64, idx2)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t1 = pid_find_task(pid1), *t2 = pid_find_task(pid2);
	long ret = 0;
	if (!t1 || !t2 || !t1->group || !t2->group)
		ret = -ESRCH;
	else if (!may_access(t1) || !may_access(t2))
		ret = -EPERM;
	if (ret) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return ret;
	}
	struct file *f1 = NULL, *f2 = NULL;
	switch (type) {
	case KCMP_FILE:
		f1 = t1->files && idx1 < 0x80000000UL ? files_fd_get(t1->files, (int)idx1) : NULL;
		f2 = t2->files && idx2 < 0x80000000UL ? files_fd_get(t2->files, (int)idx2) : NULL;
		ret = f1 && f2 ? kcmp_ptr(f1, f2) : -EBADF;
		break;
	case KCMP_VM: ret = kcmp_ptr(t1->mm, t2->mm); break;
	case KCMP_FILES: ret = kcmp_ptr(t1->files, t2->files); break;
	case KCMP_FS: ret = kcmp_ptr(t1->fs, t2->fs); break;
	case KCMP_SIGHAND: ret = kcmp_ptr(t1->sighand, t2->sighand); break;
	case KCMP_IO: ret = 0; break;		       /* no task has an I/O context: both NULL */
	case KCMP_SYSVSEM: ret = 0; break;	       /* no semaphore undo lists yet: both NULL */
	case KCMP_EPOLL_TFD: ret = -EOPNOTSUPP; break; /* as without CONFIG_EPOLL */
	default: ret = -EINVAL; break;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (f1)
		file_put(f1);
	if (f2)
		file_put(f2);
	return ret;
}

/* ---- unshare, setns ------------------------------------------------------------- */

#define CLONE_NS_ALL                                                                                                 \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
	 CLONE_NEWTIME)

/* Does any other task share this process's address space / handlers? */
static bool shares_with_others(struct task *t)
{
	return __atomic_load_n(&t->group->nr_threads, __ATOMIC_ACQUIRE) > 1 ||
	       __atomic_load_n(&t->mm->refcount, __ATOMIC_ACQUIRE) > 1 ||
	       __atomic_load_n(&t->sighand->refcount, __ATOMIC_ACQUIRE) > 1;
}

/* Linux ksys_unshare: check_unshare_flags, then a private fd table and fs
 * context, and CLONE_SYSVSEM lets go of the SEM_UNDO list (exit_sem);
 * namespaces do not exist. */
SYSCALL_DEFINE1(unshare, u64, flags)
{
	struct task *t = current();
	if (flags & ~(u64)(CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES |
			   CLONE_SYSVSEM | CLONE_NS_ALL))
		return -EINVAL;
	if (flags & CLONE_NEWUSER)
		flags |= CLONE_THREAD | CLONE_FS;
	if (flags & CLONE_VM)
		flags |= CLONE_SIGHAND;
	if (flags & CLONE_SIGHAND)
		flags |= CLONE_THREAD;
	if (flags & CLONE_NEWNS)
		flags |= CLONE_FS;
	if (flags & CLONE_NEWIPC)
		flags |= CLONE_SYSVSEM; /* the old namespace's undo state goes */
	/* a thread, a shared address space or shared handlers cannot be unshared */
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) && shares_with_others(t))
		return -EINVAL;
	/* unshare_nsproxy_namespaces: CAP_SYS_ADMIN, then a namespace type
	 * this kernel does not have is EINVAL (create_new_namespaces) */
	if (flags & (CLONE_NS_ALL & ~(u64)(CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET)))
		return (flags & CLONE_NEWUSER) || capable(CAP_SYS_ADMIN) ? -EINVAL : -EPERM;
	if ((flags & (CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET)) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	struct files *new_files = NULL;
	struct fs_context *new_fs = NULL;
	if ((flags & CLONE_FILES) && __atomic_load_n(&t->files->refcount, __ATOMIC_ACQUIRE) > 1) {
		int err;
		new_files = files_dup(t->files, &err);
		if (!new_files)
			return err; /* -ENOMEM, or -EMFILE past fs.nr_open */
	}
	if ((flags & CLONE_FS) && __atomic_load_n(&t->fs->refcount, __ATOMIC_ACQUIRE) > 1) {
		new_fs = fs_context_dup(t->fs);
		if (!new_fs) {
			if (new_files)
				files_put(new_files);
			return -ENOMEM;
		}
	}
	/* swapped under tasklist_lock: procfs takes its references there */
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct files *old_files = new_files ? t->files : NULL;
	struct fs_context *old_fs = new_fs ? t->fs : NULL;
	if (new_files)
		t->files = new_files;
	if (new_fs)
		t->fs = new_fs;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (old_files)
		files_put(old_files);
	if (old_fs)
		fs_context_put(old_fs);
	if (flags & CLONE_SYSVSEM) /* "equivalent to sys_exit(0)" for the undo list (ksys_unshare) */
		sem_exit(t->group);
	if ((flags & (CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET)) && cred_unshare_ns(flags))
		return -ENOMEM;
	if (flags & CLONE_NEWNS) /* the fs context is the caller's alone now */
		return fs_context_unshare_ns(t->fs);
	return 0;
}

/* setns (kernel/nsproxy.c): a /proc/PID/ns file (fs/nsfs.c); pidfds are not taken (EINVAL). */
SYSCALL_DEFINE2(setns, int, fd, int, nstype)
{
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	long ret = nsfs_setns(f, nstype);
	file_put(f);
	return ret;
}

/* ---- close_range ------------------------------------------------------------------ */

SYSCALL_DEFINE3(close_range, unsigned, first, unsigned, last, unsigned, flags)
{
	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	struct task *t = current();
	if ((flags & CLOSE_RANGE_UNSHARE) && __atomic_load_n(&t->files->refcount, __ATOMIC_ACQUIRE) > 1) {
		long err = do_sys_unshare(CLONE_FILES);
		if (err)
			return err;
	}
	fd_close_range(first, last, flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

/* ---- readahead ---------------------------------------------------------------------- */

/* Linux ksys_readahead: a readable regular file; every file's data is in
 * memory already, so there is nothing to read ahead. */
SYSCALL_DEFINE3(readahead, int, fd, s64, offset, size_t, count)
{
	(void)offset;
	(void)count;
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	long ret = 0;
	if ((f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_WRONLY)
		ret = -EBADF;
	else if (!f->inode || (f->inode->mode & S_IFMT) != S_IFREG)
		ret = -EINVAL;
	file_put(f);
	return ret;
}

/* ---- process_vm_readv, process_vm_writev ------------------------------------------------ */

/*
 * Linux process_vm_rw: copies between the caller's iovecs and the remote
 * ones, page by page through a kernel buffer; stops at the first remote
 * fault and returns the bytes moved (EFAULT if none).
 */
static long process_vm_rw(int pid, uaddr_t ulvec, u64 lcnt, uaddr_t urvec, u64 rcnt, u64 flags, bool write)
{
	if (flags)
		return -EINVAL;
	if (lcnt > UIO_MAXIOV || rcnt > UIO_MAXIOV)
		return -EINVAL;
	struct iovec_user *lv, *rv;
	long err = import_iovec(ulvec, lcnt, &lv);
	if (err < 0)
		return err;
	err = iovecs_from_user(urvec, rcnt, &rv); /* the other process's: neither checked nor capped */
	if (err) {
		kfree(lv);
		return err;
	}
	struct mm *mm = NULL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *target = pid_find_task(pid);
	if (!target || !target->group)
		err = -ESRCH;
	else if (!may_access(target))
		err = -EPERM;
	else if (!target->mm)
		err = -ESRCH; /* exiting: no address space left */
	else
		mm_get(mm = target->mm);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	void *buf = err ? NULL : kmalloc(PAGE_SIZE);
	if (!err && !buf)
		err = -ENOMEM;
	long done = 0;
	u64 li = 0, loff = 0;
	for (u64 ri = 0; !err && ri < rcnt; ri++) {
		u64 roff = 0;
		while (roff < rv[ri].iov_len) {
			while (li < lcnt && loff == lv[li].iov_len) {
				li++;
				loff = 0;
			}
			if (li == lcnt)
				goto out;
			vaddr_t raddr = rv[ri].iov_base + roff; /* in the other process's mm */
			size_t n = MIN(rv[ri].iov_len - roff, lv[li].iov_len - loff);
			n = MIN(n, PAGE_SIZE - (raddr % PAGE_SIZE)); /* one remote page at a time */
			uaddr_t laddr = uaddr_add(uaddr_from(lv[li].iov_base), loff);
			int fault;
			if (write)
				fault = copy_from_user(buf, laddr, n) ? -EFAULT : vm_copy_to(mm, raddr, buf, n);
			else
				fault = vm_copy_from(mm, buf, raddr, n) ? -EFAULT : copy_to_user(laddr, buf, n);
			if (fault) {
				if (!done)
					err = -EFAULT;
				goto out;
			}
			done += (long)n;
			roff += n;
			loff += n;
		}
	}
out:
	kfree(buf);
	if (mm)
		mm_put(mm);
	kfree(lv);
	kfree(rv);
	return err ? err : done;
}

SYSCALL_DEFINE6(process_vm_readv, int, pid, uaddr_t, lvec, u64, liovcnt, uaddr_t, rvec, u64, riovcnt, u64, flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, false);
}

SYSCALL_DEFINE6(process_vm_writev, int, pid, uaddr_t, lvec, u64, liovcnt, uaddr_t, rvec, u64, riovcnt, u64, flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, true);
}

/* ---- process_madvise ------------------------------------------------------------------ */

/*
 * Linux 6.1 mm/madvise.c: advice given about the memory of the process a
 * pidfd names, one iovec at a time as madvise(2) would take it there. In
 * Linux's order: flags (EINVAL), the iovecs (EINVAL, EFAULT), the pidfd
 * (EBADF; ESRCH once the process was reaped), the advice (only the
 * reclaim and read-ahead hints MADV_COLD, MADV_PAGEOUT, MADV_WILLNEED:
 * EINVAL; 6.1's MADV_COLLAPSE too, which this kernel's madvise does not
 * know), the target's memory (ESRCH without one, EACCES without
 * PTRACE_MODE_READ, mm_access), then CAP_SYS_NICE (EPERM). Returns the
 * bytes of the ranges advised before the first failure, or its error.
 */
SYSCALL_DEFINE5(process_madvise, int, pidfd, uaddr_t, uvec, u64, vlen, int, advice, unsigned, flags)
{
	if (flags)
		return -EINVAL;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	struct iovec_user *v;
	long err = import_iovec(uvec, vlen, &v);
	if (err < 0)
		return err;
	struct pid *pid;
	unsigned file_flags;
	err = pidfd_get_pid(pidfd, &pid, &file_flags);
	if (err)
		goto out_iov;
	struct mm *mm = NULL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g = pid->process;
	err = -ESRCH;
	if (g) {
		unsigned long irq2 = spin_lock_irqsave(&g->lock);
		struct task *t = thread_group_first_thread(g);
		if (!t)
			err = -ESRCH;
		else if (advice != MADV_COLD && advice != MADV_PAGEOUT && advice != MADV_WILLNEED)
			err = -EINVAL;
		else if (!t->mm)
			err = -ESRCH;
		else if (t->mm != current()->mm && !ptrace_may_access(g, t->cred))
			err = -EACCES;
		else {
			mm_get(mm = t->mm);
			err = 0;
		}
		spin_unlock_irqrestore(&g->lock, irq2);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	pid_put(pid);
	if (!err && !capable(CAP_SYS_NICE))
		err = -EPERM;
	long advised = 0;
	for (u64 i = 0; !err && i < vlen; i++) {
		err = madvise_mm(mm, uaddr_from(v[i].iov_base), v[i].iov_len, advice);
		if (!err)
			advised += (long)v[i].iov_len;
	}
	if (mm)
		mm_put(mm);
	if (advised)
		err = advised;
out_iov:
	kfree(v);
	return err;
}

/* ---- get_robust_list ----------------------------------------------------------------- */

/* Linux kernel/futex/syscalls.c: the head address, and the size of struct
 * robust_list_head (24) whatever length was registered. */
SYSCALL_DEFINE3(get_robust_list, int, pid, uaddr_t, uhead, uaddr_t, ulen)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = task_by_pid(pid);
	long err = 0;
	u64 head = 0;
	if (!t || !t->group)
		err = -ESRCH;
	else if (!may_access(t))
		err = -EPERM;
	else
		head = uaddr_raw(t->robust_list);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (err)
		return err;
	if (put_user_u64(ulen, 24))
		return -EFAULT;
	return put_user_u64(uhead, head) ? -EFAULT : 0;
}

/* ---- fadvise64, sync_file_range -------------------------------------------------------- */

static u32 file_type(struct file *f)
{
	return f->inode ? f->inode->mode & S_IFMT : 0;
}

/* Linux generic_fadvise on a file with no backing device to read ahead
 * from (tmpfs, as everything here): the advice is checked, nothing to do. */
SYSCALL_DEFINE4(fadvise64, int, fd, s64, offset, s64, len, int, advice)
{
	(void)offset;
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	long ret = 0;
	if (file_type(f) == S_IFIFO)
		ret = -ESPIPE;
	else if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE)
		ret = -EINVAL;
	file_put(f);
	return ret;
}

#define SYNC_FILE_RANGE_VALID 7

/* Linux ksys_sync_file_range: the checks; tmpfs has nothing to write back. */
SYSCALL_DEFINE4(sync_file_range, int, fd, s64, offset, s64, nbytes, unsigned, flags)
{
	if (flags & ~SYNC_FILE_RANGE_VALID)
		return -EINVAL;
	s64 end = (s64)((u64)offset + (u64)nbytes);
	if (offset < 0 || end < 0 || end < offset)
		return -EINVAL;
	struct file *f = fd_get_file(fd); /* fdget: O_PATH is EBADF */
	if (!f)
		return -EBADF;
	u32 type = file_type(f);
	long ret = type == S_IFREG || type == S_IFBLK || type == S_IFDIR || type == S_IFLNK ? 0 : -ESPIPE;
	file_put(f);
	return ret;
}
