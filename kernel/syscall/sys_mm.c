/*
 * sys_mm.c — brk, mmap, munmap, mprotect, madvise with Linux's argument
 * checks and errors (mm/mmap.c, mm/mprotect.c, mm/madvise.c).
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <sysvipc.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mman.h>
#include <uapi/resource.h>

#define LEGACY_MAP_MASK                                                                                              \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED | \
	 MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

static unsigned prot_to_uprot(unsigned long prot)
{
	return ((prot & PROT_READ) ? UPROT_READ : 0) | ((prot & PROT_WRITE) ? UPROT_WRITE : 0) |
	       ((prot & PROT_EXEC) ? UPROT_EXEC : 0);
}

static bool prot_valid(unsigned long prot)
{
	return !(prot &
		 ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP));
}

/* Does a heap ending at top (plus a page) reach into the guard gap below a
 * grows-down mapping above it? The first mapping that starts at or above top
 * decides (mm/mmap.c vm_start_gap); the VMA tree finds it in O(log n).
 * mm->lock held. */
static bool stack_gap_hit(struct mm *mm, vaddr_t top)
{
	ASSERT_HELD(&mm->lock);
	struct vma *v = vma_tree_first_ending_after(mm->vma_tree, top);
	if (v && v->start < top) /* one that straddles top: the next one decides */
		v = &v->node == mm->vmas.prev ? NULL : list_next_entry(v, node);
	if (!v || !(v->flags & VMA_GROWSDOWN))
		return false;
	return top + PAGE_SIZE > (v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0);
}

/* security_vm_enough_memory_mm for the caller (vm.c: the overcommit policy). */
static bool enough_memory(struct mm *mm, size_t len)
{
	return vm_enough_memory(mm, len >> PAGE_SHIFT, capable(CAP_SYS_ADMIN)) == 0;
}

/*
 * brk (Linux mm/mmap.c): a break below the heap's start, or one whose page
 * would not be a user page (brk(-100) would round up to 0), changes nothing
 * and returns the current one. Shrinking is decided on the addresses before
 * rounding, growing needs free room up to a page past the new end.
 */
static long do_brk(struct mm *mm, vaddr_t addr)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	vaddr_t old = mm->brk;
	spin_unlock_irqrestore(&mm->lock, irq);
	if (addr < mm->brk_start || addr > USER_VA_END - PAGE_SIZE)
		return (long)old;
	vaddr_t new_top = ALIGN_UP(addr, PAGE_SIZE), old_top = ALIGN_UP(old, PAGE_SIZE);
	if (addr <= old) {
		if (vm_unmap(mm, new_top, old_top - new_top))
			return (long)old;
	} else if (new_top > old_top) {
		u64 data_limit = current()->group->rlimits[RLIMIT_DATA][0];
		if (new_top - mm->brk_start > data_limit)
			return (long)old;
		/* the new heap must leave a page before the next mapping, and the
		 * guard gap below a grows-down one (mm/mmap.c vm_start_gap);
		 * new_top <= USER_VA_END - PAGE_SIZE, so the length cannot wrap */
		irq = spin_lock_irqsave(&mm->lock);
		bool room = vm_range_free(mm, old_top, new_top - old_top + PAGE_SIZE) && !stack_gap_hit(mm, new_top);
		spin_unlock_irqrestore(&mm->lock, irq);
		/* do_brk_flags: security_vm_enough_memory_mm for the growth, and
		 * mlock_future_check after mlockall(MCL_FUTURE) */
		if (!room || !enough_memory(mm, new_top - old_top) || mlock_future_check(mm, 0, new_top - old_top) ||
		    vm_map(mm, old_top, new_top - old_top, UPROT_READ | UPROT_WRITE, VMA_HEAP))
			return (long)old;
		if ((__atomic_load_n(&mm->def_flags, __ATOMIC_RELAXED) & VMA_LOCK_MASK) == VMA_LOCKED)
			oom_populate_range(mm, old_top, new_top); /* brk: mm_populate of a locked heap */
	}
	irq = spin_lock_irqsave(&mm->lock);
	mm->brk = addr;
	spin_unlock_irqrestore(&mm->lock, irq);
	return (long)addr;
}

SYSCALL_DEFINE1(brk, uaddr_t, uaddr)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	struct mm *mm = current()->mm;
	mutex_lock(&mm->map_mutex);
	long ret = do_brk(mm, addr);
	mutex_unlock(&mm->map_mutex);
	return ret;
}

/* do_mmap's order: the open mode (EACCES), then whether the file maps at all. */
static long map_file_checks(struct file *f, unsigned long prot, unsigned long flags)
{
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) && (f->flags & O_ACCMODE) != O_RDWR)
		return -EACCES;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EACCES;
	if (!f->ops->mmap && !devfs_is_zero(f))
		return -ENODEV; /* pipes, /proc files, devices: f_op->mmap is NULL */
	return 0;
}

/* The mapping's type checks (do_mmap's switch on MAP_TYPE). */
static long check_map_type(struct file *f, unsigned long prot, unsigned long flags)
{
	unsigned long type = flags & MAP_TYPE;
	if (!f) {
		if (type == MAP_SHARED)
			return (flags & MAP_GROWSDOWN) ? -EINVAL : 0;
		return type == MAP_PRIVATE ? 0 : -EINVAL;
	}
	if (type == MAP_SHARED_VALIDATE && (flags & ~(unsigned long)(LEGACY_MAP_MASK | MAP_SYNC | MAP_FIXED_NOREPLACE)))
		return -EOPNOTSUPP;
	if (type != MAP_SHARED && type != MAP_SHARED_VALIDATE && type != MAP_PRIVATE)
		return -EINVAL;
	return map_file_checks(f, prot, flags);
}

/*
 * mmap, with Linux's checks in Linux's order (arch/arm64 sys_mmap, then
 * ksys_mmap_pgoff, then do_mmap): offset alignment, the fd, the length,
 * the address, MAP_FIXED_NOREPLACE, the mapping type, overcommit.
 * Unknown PROT bits are ignored, as do_mmap ignores them.
 */
static long do_mmap(struct mm *mm, vaddr_t addr, size_t len, unsigned long prot, unsigned long flags, int fd, u64 off)
{
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	struct file *f = NULL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_get_file(fd);
		if (!f)
			return -EBADF;
	}
	long ret = -EINVAL;
	if (len == 0)
		goto out;
	size_t size = ALIGN_UP(len, PAGE_SIZE);
	ret = -ENOMEM;
	if (size == 0 || size > USER_VA_END)
		goto out;
	ret = -EOVERFLOW;
	if ((off >> PAGE_SHIFT) + (size >> PAGE_SHIFT) < (off >> PAGE_SHIFT))
		goto out;
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	ret = -EINVAL;
	if (fixed && (addr & (PAGE_SIZE - 1)))
		goto out;
	ret = -ENOMEM;
	if (fixed && addr > USER_VA_END - size)
		goto out;
	vaddr_t start;
	if (fixed) {
		start = addr;
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		bool free = vm_range_free(mm, start, size);
		spin_unlock_irqrestore(&mm->lock, irq);
		ret = -EEXIST;
		if (!(flags & MAP_FIXED) && !free)
			goto out;
	} else {
		start = vm_find_free(mm, size, ALIGN_UP(addr, PAGE_SIZE));
		ret = -ENOMEM;
		if (!start)
			goto out;
	}
	ret = check_map_type(f, prot, flags);
	if (ret)
		goto out;
	/* do_mmap: MAP_LOCKED needs mlock's permission and, with
	 * mlockall(MCL_FUTURE) too, room under RLIMIT_MEMLOCK */
	unsigned locked = (flags & MAP_LOCKED) ? VMA_LOCKED : 0;
	ret = -EPERM;
	if (locked && !mlock_can_do())
		goto out;
	ret = mlock_future_check(mm, locked, size);
	if (ret)
		goto out;
	ret = -ENOMEM;
	bool private = (flags & MAP_TYPE) == MAP_PRIVATE;
	/* do_mmap honours MAP_NORESERVE (VM_NORESERVE) unless overcommit_memory is 2 */
	bool noreserve = (flags & MAP_NORESERVE) && vm_overcommit_get(VM_OVERCOMMIT_MODE) != 2;
	/* accountable_mapping, and shmem_zero_setup's shmem_acct_size for shared anonymous memory */
	/* do_mmap: a shared mapping of a file not open for writing loses
	 * VM_SHARED and VM_MAYWRITE; /dev/zero's mmap_zero then makes it
	 * private anonymous memory that mprotect cannot make writable */
	bool readonly_zero = !private && f && devfs_is_zero(f) && !file_writable(f);
	bool shared_anon = !private && !readonly_zero && (!f || devfs_is_zero(f));
	if (((prot & PROT_WRITE) || shared_anon) && (private || shared_anon) && !noreserve && !enough_memory(mm, size))
		goto out;
	unsigned vflags = (private ? 0 : VMA_SHARED) | ((flags & MAP_GROWSDOWN) ? VMA_GROWSDOWN : 0) |
			  (noreserve ? VMA_NORESERVE : 0) | locked;
	if (readonly_zero)
		vflags = (vflags & ~VMA_SHARED) | VMA_NO_MAYWRITE;
	if (f && devfs_is_zero(f)) { /* Linux mmap_zero */
		file_put(f);
		f = NULL;
		if (!private && !readonly_zero) {
			/* shmem_zero_setup; the offset stays: past the new file's end (SIGBUS), as on Linux */
			ret = tmpfs_shared_anon(size, noreserve, &f);
			if (ret)
				goto out;
		}
	} else if (!f && !private) {
		/* shmem_zero_setup: a tmpfs object holds the pages, so processes
		 * that inherit the mapping share even pages first touched after fork */
		ret = tmpfs_shared_anon(size, noreserve, &f);
		if (ret)
			goto out;
		off = 0;
	}
	if (f)
		ret = vm_map_file(mm, start, size, prot_to_uprot(prot), vflags, f, f->ops->mmap, off, ~0UL);
	else
		ret = vm_map(mm, start, size, prot_to_uprot(prot), vflags);
	if (ret)
		goto out;
	if ((flags & MAP_POPULATE) && (prot & (PROT_READ | PROT_WRITE)))
		(void)oom_populate(mm, start, size, (prot & PROT_WRITE) ? FAULT_WRITE : FAULT_READ);
	else if (((vflags | __atomic_load_n(&mm->def_flags, __ATOMIC_RELAXED)) & VMA_LOCK_MASK) == VMA_LOCKED)
		oom_populate_range(mm, start, start + size); /* a locked mapping is populated */
	ret = (long)start;
out:
	if (f)
		file_put(f);
	return ret;
}

/* The free range's choice and the mapping are one step under map_mutex. */
SYSCALL_DEFINE6(mmap, uaddr_t, uaddr, size_t, len, unsigned long, prot, unsigned long, flags, int, fd, u64, off)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	struct mm *mm = current()->mm;
	mutex_lock(&mm->map_mutex);
	long ret = do_mmap(mm, addr, len, prot, flags, fd, off);
	mutex_unlock(&mm->map_mutex);
	return ret;
}

SYSCALL_DEFINE2(munmap, uaddr_t, uaddr, size_t, len)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	if ((addr & (PAGE_SIZE - 1)) || len == 0)
		return -EINVAL;
	size_t size = ALIGN_UP(len, PAGE_SIZE);
	if (size == 0 || size > USER_VA_END || addr > USER_VA_END - size)
		return -EINVAL;
	return vm_unmap(current()->mm, addr, size);
}

SYSCALL_DEFINE3(mprotect, uaddr_t, uaddr, size_t, len, unsigned long, prot)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!prot_valid(prot) || ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP)))
		return -EINVAL;
	if (len == 0)
		return 0;
	size_t size = ALIGN_UP(len, PAGE_SIZE);
	if (size == 0 || addr + size < addr)
		return -ENOMEM;
	struct mm *mm = current()->mm;
	u64 charge = vm_protect_charge(mm, addr, size, prot_to_uprot(prot));
	if (charge && !enough_memory(mm, charge << PAGE_SHIFT))
		return -ENOMEM; /* mprotect_fixup; Linux would have changed the VMAs before the refused one */
	return vm_protect(mm, addr, size, prot_to_uprot(prot));
}

/*
 * remap_file_pages(2), as Linux has emulated it since 4.0 (mm/mmap.c
 * SYSCALL_DEFINE5(remap_file_pages)): no nonlinear mapping, but a new
 * MAP_SHARED | MAP_FIXED | MAP_POPULATE mapping of the same file at page
 * pgoff over [start, start + size), with the old mapping's protection,
 * sharing and lock. The range must lie in shared mappings of one file with
 * the same protection and flags and no hole, else -EINVAL; so must a
 * non-zero prot. A System V segment removed since its shmat gives -EINVAL
 * with the range unmapped (shm_mmap fails after mmap_region unmapped it).
 */
static bool remap_range_ok(struct mm *mm, vaddr_t start, vaddr_t end, struct vma **first)
{
	ASSERT_HELD(&mm->lock);
	struct vma *v = vm_find(mm, start);
	*first = v;
	if (!v || !(v->flags & VMA_SHARED) || !v->file)
		return false;
	const unsigned ignored = VMA_ANON_MASK; /* not VM_* flags in Linux */
	for (struct vma *prev = v; prev->end < end; prev = list_next_entry(prev, node)) {
		if (prev->node.next == &mm->vmas)
			return false;
		struct vma *next = list_next_entry(prev, node);
		if (next->start != prev->end || next->file != v->file || next->prot != v->prot ||
		    (next->flags & ~ignored) != (v->flags & ~ignored))
			return false;
	}
	return true;
}

SYSCALL_DEFINE5(remap_file_pages, uaddr_t, ustart, size_t, size, unsigned long, prot, unsigned long, pgoff,
		unsigned long, flags)
{
	static bool warned;
	if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
		printk("remap_file_pages: deprecated, emulated with mmap (pid %d)\n", current()->group->pid);
	if (prot)
		return -EINVAL;
	vaddr_t start = ALIGN_DOWN(uaddr_to_vaddr(ustart), PAGE_SIZE);
	size &= ~(size_t)(PAGE_SIZE - 1);
	if (start + size <= start)
		return -EINVAL;
	if (pgoff + (size >> PAGE_SHIFT) < pgoff || pgoff > (~0UL >> PAGE_SHIFT))
		return -EINVAL; /* the second: no file offset (Linux keeps pgoff, whose pages SIGBUS) */
	struct mm *mm = current()->mm;
	mutex_lock(&mm->map_mutex);
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	bool ok = remap_range_ok(mm, start, start + size, &v);
	struct file *f = ok ? v->file : NULL;
	unsigned uprot = ok ? v->prot : 0;
	unsigned vflags = ok ? v->flags & (VMA_SHARED | VMA_SYSV_SHM | VMA_NORESERVE | VMA_LOCKED) : 0;
	if (f)
		file_get(f);
	spin_unlock_irqrestore(&mm->lock, irq);
	long ret = -EINVAL;
	if (!f)
		goto out_unlock;
	if ((vflags & VMA_SYSV_SHM) && !shm_file_is_live(f)) {
		(void)vm_unmap(mm, start, size);
		goto out_put;
	}
	ret = vm_map_file(mm, start, size, uprot, vflags, f, f->ops->mmap, (u64)pgoff << PAGE_SHIFT, ~0UL);
	if (!ret && !(flags & MAP_NONBLOCK))
		oom_populate_range(mm, start, start + size);
out_put:
	file_put(f);
out_unlock:
	mutex_unlock(&mm->map_mutex);
	return ret;
}

static bool madvise_known(int advice)
{
	return (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 23) || advice == MADV_HWPOISON ||
	       advice == MADV_SOFT_OFFLINE;
}

long madvise_mm(struct mm *mm, uaddr_t uaddr, size_t len, int advice)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!madvise_known(advice))
		return -EINVAL;
	size_t size = ALIGN_UP(len, PAGE_SIZE);
	if (len && size == 0)
		return -EINVAL;
	if (addr + size < addr)
		return -EINVAL;
	if (size == 0)
		return 0;
	/* madvise_inject_error: the memory-failure injections are for the admin */
	if ((advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return vm_advise(mm, addr, size, advice);
}

SYSCALL_DEFINE3(madvise, uaddr_t, uaddr, size_t, len, int, advice)
{
	return madvise_mm(current()->mm, uaddr, len, advice);
}

/*
 * mincore: one byte per page, bit 0 set if the page is resident. Anonymous
 * pages are resident once touched; a shared file page is when it is mapped
 * or in the file's cache (Linux mincore_page): a tmpfs file's (shared
 * anonymous memory's too) once it has that page. A private mapping's file
 * pages always are: Linux reads a hole of a tmpfs file into its cache when
 * a private mapping faults it, which LevitateOS does not do, so asking the
 * cache would differ; and a file without a fault operation's bytes are
 * copied from RAM.
 */
static u8 mincore_file_page(struct vma *v, vaddr_t va)
{
	if (!(v->flags & VMA_SHARED) || !v->ops || !v->ops->fault)
		return 1;
	paddr_t pa = PA_NONE;
	u64 pgoff = (v->file_offset + (va - v->start)) / PAGE_SIZE;
	if (v->ops->fault(v, pgoff, false, &pa) || pa_is_none(pa))
		return 0;
	page_put(pa);
	return 1;
}

SYSCALL_DEFINE3(mincore, uaddr_t, uaddr, size_t, len, uaddr_t, uvec)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	struct mm *mm = current()->mm;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	size_t pages = (len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	if (addr >= USER_VA_END || pages > (USER_VA_END - addr) >> PAGE_SHIFT)
		return -ENOMEM;
	if (!access_ok(uvec, pages))
		return -EFAULT;
	/* one VMA piece at a time, as do_mincore: a hole is -ENOMEM when it
	 * is reached, after the pieces before it were copied out */
	u8 chunk[64];
	for (size_t done = 0; done < pages;) {
		vaddr_t va = addr + (done << PAGE_SHIFT);
		unsigned long irq = spin_lock_irqsave(&mm->lock);
		struct vma *v = vm_find(mm, va);
		if (!v) {
			spin_unlock_irqrestore(&mm->lock, irq);
			return -ENOMEM;
		}
		size_t n = MIN(MIN(pages - done, sizeof(chunk)), (v->end - va) >> PAGE_SHIFT);
		for (size_t i = 0; i < n; i++) {
			pte_t *pte = upt_lookup(&mm->arch, va + (i << PAGE_SHIFT));
			bool mapped = pte && pte_resident(*pte); /* a page being copied on write too */
			chunk[i] = mapped ? 1 : v->file ? mincore_file_page(v, va + (i << PAGE_SHIFT)) : 0;
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (copy_to_user(uaddr_add(uvec, done), chunk, n))
			return -EFAULT;
		done += n;
	}
	return 0;
}

/* msync: every page must be mapped (-ENOMEM otherwise) and MS_INVALIDATE
 * meets no locked page (-EBUSY, mm/msync.c). Nothing here has a backing
 * store to write to yet (private and anonymous mappings, read-only
 * initramfs files), so a valid request has no work left. */
SYSCALL_DEFINE3(msync, uaddr_t, uaddr, size_t, len, int, flags)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	struct mm *mm = current()->mm;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	size_t size = ALIGN_UP(len, PAGE_SIZE);
	if (addr + size < addr)
		return -ENOMEM;
	if (size == 0)
		return 0;
	return vm_msync_walk(mm, addr, size, flags & MS_INVALIDATE, flags == MS_SYNC);
}

/* mremap (mm/mremap.c): argument checks in Linux's order, then vm_remap. */
SYSCALL_DEFINE5(mremap, uaddr_t, uold, size_t, old_len, size_t, new_len, unsigned long, flags, uaddr_t, unew_addr)
{
	vaddr_t old = uaddr_to_vaddr(uold);
	vaddr_t new_addr = uaddr_to_vaddr(unew_addr);
	if (flags & ~(unsigned long)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (old & (PAGE_SIZE - 1))
		return -EINVAL;
	size_t old_size = ALIGN_UP(old_len, PAGE_SIZE), new_size = ALIGN_UP(new_len, PAGE_SIZE);
	if (new_size == 0 || (old_len && old_size == 0))
		return -EINVAL;
	if (old_size == 0)
		return -EINVAL; /* duplicating a shared mapping (old_len 0) is not supported yet */
	if (flags & MREMAP_DONTUNMAP) {
		printk(KERN_NOTICE "levitate: %s[%d]: mremap MREMAP_DONTUNMAP not implemented", current()->comm,
		       current()->group->pid);
		return -EINVAL;
	}
	bool fixed = flags & MREMAP_FIXED;
	if (fixed) {
		if (new_addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (new_size > USER_VA_END || new_addr > USER_VA_END - new_size)
			return -EINVAL;
		if (new_addr < old + old_size && old < new_addr + new_size)
			return -EINVAL; /* the ranges overlap */
	}
	struct mm *mm = current()->mm;
	u64 charge = vm_remap_charge(mm, old, old_size, new_size);
	if (charge && !enough_memory(mm, charge << PAGE_SHIFT))
		return -ENOMEM; /* the growth of an accounted mapping, in place or moved */
	vaddr_t result;
	int err = vm_remap(mm, old, old_size, new_size, flags & MREMAP_MAYMOVE, fixed, new_addr, &result);
	return err ? err : (long)result;
}
