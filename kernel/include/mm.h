/*
 * mm.h — user address spaces.
 *
 * A struct mm is a set of non-overlapping VMAs (sorted list) over a page
 * table. Pages are allocated on first touch (demand paging): the fault
 * handler finds the VMA, checks the access against its protection, and maps
 * a zeroed page or, for a file mapping, the page its file's vm_ops gives. The
 * main stack VMA grows down on faults below it, up to RLIMIT_STACK.
 *
 * mm never looks inside a struct file (fs.h is a layer above): a file
 * mapping is made by the file's own mmap operation, which installs the
 * VMA's vm_ops, and every file reference a VMA or the mm holds is taken and
 * dropped through operations fs supplies (vm_ops open/close, mm_exe_ops).
 *
 * Locking: mm->lock (a spinlock: nothing under it sleeps yet) protects the
 * VMA list, the page table and brk. Shared by the tasks of a process
 * (CLONE_VM) through mm->refcount.
 */
#pragma once

#include <list.h>
#include <mutex.h>
#include <page.h>
#include <pgtable.h>
#include <spinlock.h>
#include <types.h>
#include <uaccess.h>

/* VMA flags (protection uses UPROT_* from pgtable.h). */
#define VMA_SHARED 0x1u
#define VMA_GROWSDOWN 0x2u
#define VMA_STACK 0x4u /* the main stack: "[stack]" */
#define VMA_HEAP 0x8u  /* the brk area: "[heap]" */
#define VMA_NORESERVE 0x10u
#define VMA_SPECIAL 0x20u  /* backed by fixed kernel pages: vma->special */
#define VMA_SYSV_SHM 0x40u /* a System V shared memory attach (ipc/shm.c: shmdt finds it) */
/* A private page (a write's copy, a hole or a bss tail) may be mapped in this
 * VMA (Linux's anon_vma is set): fork must copy its page table. Set by the
 * fault path (vma_set_anon, which gives vma->anon_id), never cleared but in
 * a fork's wiped copy. Merging asks anon_id, not this flag. */
#define VMA_ANON_PAGES 0x80u
/* A fork's copy of a VMA with VMA_ANON_PAGES: Linux's anon_vma_fork gives
 * it an anon_vma of its own whose chain also holds the parent's (not
 * list_is_singular), and is_mergeable_anon_vma then merges no VMA without
 * an anon_vma into it (LTP vma01). Copied by splits and merges. */
#define VMA_ANON_FORKED 0x1000u
#define VMA_ANON_MASK (VMA_ANON_PAGES | VMA_ANON_FORKED)
/* Linux's VM_ACCOUNT (smaps "ac"): set when a private mapping that is not
 * MAP_NORESERVE is made writable, by mmap (accountable_mapping) or mprotect
 * (mprotect_fixup), and kept when write is taken away again */
#define VMA_ACCOUNT 0x100u
/* Never writable, whatever mprotect asks (Linux: VM_MAYWRITE cleared), as a
 * shared mapping of a write-sealed memfd (seal_check_write) */
#define VMA_NO_MAYWRITE 0x200u
/* The file is not open for writing (set by its mmap, fs/inode.c
 * file_vma_attach): a shared mapping of it never becomes writable (Linux:
 * do_mmap clears VM_MAYWRITE) and MADV_REMOVE is -EACCES. */
#define VMA_FILE_RDONLY 0x400u
/* MADV_DONTDUMP (Linux VM_DONTDUMP): a core dump leaves the VMA's bytes out
 * (its PT_LOAD stays, with no file size); MADV_DODUMP clears it. Fork and
 * splits keep it. */
#define VMA_DONTDUMP 0x800u
/* madvise's fork flags (Linux VM_DONTCOPY, VM_WIPEONFORK): fork leaves the
 * VMA out of the child, or gives the child the VMA with no pages (zeros) */
#define VMA_DONTCOPY 0x4000u
#define VMA_WIPEONFORK 0x8000u
/* MADV_HWPOISON's simulated memory error: every access faults with
 * -EHWPOISON (SIGBUS BUS_MCEERR_AR); a fork's copy keeps it, as Linux copies
 * the hwpoison entries. The poison is this mapping's, not the frame's. */
#define VMA_HWPOISON 0x10000u
/* mlock, mlock2, mlockall, MAP_LOCKED (Linux VM_LOCKED, VM_LOCKONFAULT):
 * the range counts in VmLck and against RLIMIT_MEMLOCK; populated at once
 * unless LOCKONFAULT. Pages are never swapped here, so it changes nothing
 * else. Never set on special mappings; fork's copies drop it. */
#define VMA_LOCKED 0x20000u
#define VMA_LOCKONFAULT 0x40000u
#define VMA_LOCK_MASK (VMA_LOCKED | VMA_LOCKONFAULT)
/* Registered with a userfaultfd (vma->uffd; Linux VM_UFFD_MISSING,
 * VM_UFFD_MINOR): a missing page of private anonymous memory, or a page a
 * tmpfs file holds but this mapping does not map yet, is reported to it and
 * the fault waits (mm/userfaultfd.c). Never copied by fork. */
#define VMA_UFFD_MISSING 0x80000u
#define VMA_UFFD_MINOR 0x100000u
#define VMA_UFFD_MASK (VMA_UFFD_MISSING | VMA_UFFD_MINOR)

struct file;
struct inode;
struct uffd_ctx;

#define MM_SAVED_AUXV_WORDS 64 /* Linux AT_VECTOR_SIZE: room for every pair exec writes */

/*
 * A mapping of fixed kernel pages, such as the vDSO and its data page. Its
 * owner allocates the pages once (page_alloc: refcount 1, never dropped) and
 * keeps this struct alive forever. A fault maps pages[i] with page_get(), so
 * the usual page_put() on unmap balances it; special pages are never mapped
 * writable, since every process shares them.
 */
struct vm_special {
	const char *name; /* shown in /proc/self/maps, e.g. "[vdso]" */
	const paddr_t *pages;
	size_t nr_pages;
	unsigned may_prot; /* what mprotect may grant (Linux's VM_MAY*): UPROT_* */
	bool pfnmap;	   /* raw kernel frames (Linux VM_PFNMAP): most madvise advice is refused */
};

struct vma;

/*
 * What a file mapping does on a fault (Linux's vm_operations_struct),
 * installed by the file's mmap operation. fault gives the frame holding
 * page pgoff of the file, with a reference for the mapping, allocating it
 * when alloc is set (a shared mapping's page inside the file); *pa = 0 when
 * the file has no page there (a hole). A page at or past the end of the
 * file (rounded up to a page) is -EIO, which the fault turns into SIGBUS
 * (Linux's VM_FAULT_SIGBUS), as is any other failure but -ENOMEM.
 * open is called for every new copy of a VMA (split, mremap's move, fork)
 * and close when a VMA goes away (Linux's vm_operations_struct open/close):
 * they take and drop what a mapping holds (a file reference, the inode's
 * count of writable mappings; fs/inode.c file_vma_open/close), and cannot
 * fail. All three run under mm->lock, so they must not sleep.
 * shmem: the file keeps its pages in a cache fault can look up without
 * allocating (tmpfs; Linux vma_is_shmem), so userfaultfd's MINOR mode
 * applies to its mappings.
 */
struct vm_ops {
	int (*fault)(struct vma *v, u64 pgoff, bool alloc, paddr_t *pa);
	void (*open)(struct vma *v);
	void (*close)(struct vma *v);
	/* mremap is about to move v (or its part from old) to new_start:
	 * 0, or an error that refuses the move before anything moved (Linux's
	 * vm_operations_struct mremap; NULL: nothing to do). Under mm->lock. */
	int (*mremap)(struct vma *v, vaddr_t new_start);
	bool shmem;
	/* mremap may not grow it (Linux VM_DONTEXPAND): EFAULT */
	bool dontexpand;
};

/* How the mm holds its executable, mm->exe_file (fs/exec.c: a file
 * reference and the inode's denial of writers): get for a fork's copy, put
 * when the mm dies. Under the mm's lock: no sleeping. */
struct mm_exe_ops {
	void (*get)(struct file *f);
	void (*put)(struct file *f);
};

/* How the mm holds its native AIO contexts (fs/aio.c, Linux's
 * mm->ioctx_table): exit kills them as the mm dies (Linux's exit_aio from
 * __mmput), before its VMAs go. It must not sleep. */
struct aio_table;
struct mm;
struct mm_aio_ops {
	void (*exit)(struct mm *mm);
};

struct vma {
	struct list_head node; /* in mm->vmas, sorted by start [mm->lock] */
	/* in mm->vma_tree (mm/vma_tree.c) [mm->lock]: children, height, and the
	 * summaries of the subtree rooted here */
	struct vma *tree_left, *tree_right;
	int tree_height;
	vaddr_t tree_first_low, tree_last_end, tree_max_gap;
	vaddr_t start, end;	   /* page aligned, end exclusive */
	unsigned prot;		   /* UPROT_* */
	unsigned flags;		   /* VMA_* */
	struct file *file;	   /* backing file or NULL (anonymous); holds a reference (ops->open) */
	const struct inode *inode; /* file's inode (Linux's f_mapping), for truncation to find it */
	u64 file_offset;	   /* offset of start in the file */
	u64 file_limit;		   /* file bytes at or past this offset read as zero */
	/* which anon_vma its private pages are of (Linux vma->anon_vma): 0 none
	 * (no VMA_ANON_PAGES), else a number no other anon_vma had; the halves
	 * of a split share it, a fork's copy gets a new one (VMA_ANON_FORKED) */
	u64 anon_id;
	const struct vm_ops *ops;	  /* set by the file's mmap; NULL: anonymous or special */
	const struct vm_special *special; /* VMA_SPECIAL: the pages, or NULL */
	u64 special_pgoff;		  /* index in special->pages of the page at start */
	/* the userfaultfd the range is registered with (VMA_UFFD_*), or NULL;
	 * holds no reference: the context clears it before it goes away */
	struct uffd_ctx *uffd;
};

#define MM_RECENT_BREAKS 8 /* struct mm recent_breaks */

/* brk is [lock]; brk(2) also holds map_mutex across its look-then-map steps
 * (syscall/sys_mm.c), as Linux holds mmap_lock, so two threads moving the
 * break at once do not race. brk_start is set before the mm is used (exec,
 * fork) and never changes after: read without the lock. */
struct mm {
	/* Held by mmap and brk across their look-then-map steps, so two
	 * threads cannot pick the same free range, and by fork around its
	 * copy (mm_fork), so threads forking at once wait asleep (Linux's
	 * mmap_lock taken for writing); before mm->lock in the order. */
	struct mutex map_mutex;
	struct spinlock lock;
	/* Set while mm_fork copies this mm (under lock): a fault of another
	 * thread waits asleep on fork_done instead of spinning on lock for the
	 * whole copy, as Linux's fault falls back to the mmap lock, held for
	 * writing by dup_mmap, and sleeps (vm.c mm_handle_fault) [atomic] */
	bool forking;
	struct wait_queue fork_done;
	/* Copy-on-write breaks between their two lock sections, their entries
	 * breaking (vm.c cow_copy): fork and mremap, which copy or move
	 * entries, wait for 0 [lock, read atomically] */
	int cow_breaks;
	struct wait_queue cow_done; /* faults waiting for a break of their page */
	/* Pages of this mm another task is writing into through the linear map
	 * (vm_write_nofault: a pipe writer filling a waiting reader's buffer):
	 * fork waits for 0, so no page is made copy-on-write shared under such
	 * a write, and none starts while forking [lock, read atomically] */
	int foreign_writes;
	/* The pages of the last copy-on-write breaks that had to flush other
	 * CPUs' TLBs (vm.c cow_copy), a ring: the next fork copies them for the
	 * child at once, as it does the threads' stacks (fork_hot_pages), for
	 * they are likely broken again after it [lock] */
	vaddr_t recent_breaks[MM_RECENT_BREAKS];
	unsigned next_recent_break; /* the ring's next slot, counting up */
	int refcount;		    /* atomic */
	/* Unique for the kernel's life (never reused, as an address may be):
	 * io_uring matches a request's submitter by it (fs/io_uring.c). */
	u64 id;
	struct list_head all;	/* in the list of every mm, oldest first (vm.c mm_list_lock) */
	struct arch_mm arch;	/* the page table and ASID (pgtable.h) [lock] */
	struct list_head vmas;	/* [lock] */
	struct vma *vma_tree;	/* the same VMAs as a search tree (vma_tree.c) [lock] */
	int nr_vmas;		/* [lock] */
	u64 total_pages;	/* size of all VMAs, for RLIMIT_AS [lock] */
	vaddr_t brk_start, brk; /* brk [lock]; brk_start: see above */
	vaddr_t mmap_base;	/* top of the mmap area (below the stack gap) */
	vaddr_t stack_top;	/* highest address of the main stack */
	u64 stack_limit;	/* RLIMIT_STACK at exec */
	vaddr_t arg_start, arg_end, env_start, env_end;
	u64 hiwater_rss;		  /* most pages resident before an unmap (Linux's hiwater_rss) [lock] */
	u64 hiwater_vm;			  /* most pages mapped before an unmap (Linux's hiwater_vm) [lock] */
	vaddr_t start_code, end_code;	  /* the program's executable PT_LOADs (statm's text, load_elf_binary) */
	struct file *exe_file;		  /* the executable (/proc/self/exe); holds a reference */
	const struct mm_exe_ops *exe_ops; /* how exe_file is held (set with it by exec) */
	vaddr_t vdso_base;		  /* the vDSO ELF header (AT_SYSINFO_EHDR), 0 if none */
	/* the auxiliary vector exec gave the program, AT_NULL-terminated
	 * (/proc/PID/auxv, Linux's mm->saved_auxv); set before the mm is used */
	u64 saved_auxv[MM_SAVED_AUXV_WORDS];
	int membarrier_registered; /* MEMBARRIER_CMD_REGISTER_* done (syscall/sys_misc.c) [atomic] */
	/* VMA_LOCK_MASK bits every new mapping gets (mlockall MCL_FUTURE;
	 * Linux mm->def_flags); 0 in a new or forked mm [lock, read atomically] */
	unsigned def_flags;
	/* /proc/PID/coredump_filter: which memory a core dump holds (Linux's
	 * MMF_DUMP_* bits of mm->flags; fs/coredump.c), inherited by fork and
	 * exec (Linux mm_init's MMF_INIT_MASK) [atomic] */
	unsigned dump_filter;
	/* the native AIO contexts (fs/aio.c) and how they end (set together
	 * by the first io_setup); NULL in a new or forked mm: a child does not
	 * inherit them (Linux mm_init) [fs/aio.c aio_table_lock] */
	struct aio_table *aio;
	const struct mm_aio_ops *aio_ops;
};

#define MM_DUMP_FILTER_DEFAULT 0x33u /* Linux's CONFIG_CORE_DUMP_DEFAULT_ELF_HEADERS default */
#define MM_DUMP_FILTER_MASK 0x1ffu   /* MMF_DUMP_FILTER_BITS: 9 */

#define FAULT_READ 1u
#define FAULT_WRITE 2u
#define FAULT_EXEC 4u
/* The fault may sleep (a user-mode fault, or a user access with interrupts
 * on, none of the caller's spinlocks held): a userfaultfd may hold it. */
#define FAULT_MAY_WAIT 8u
#define FAULT_USER 16u /* from user mode (Linux FAULT_FLAG_USER) */

#define STACK_GUARD_GAP (256UL * PAGE_SIZE) /* Linux's default stack_guard_gap */

struct mm *mm_create(void);
/* fork: a copy-on-write copy of src (NULL when memory runs out). */
struct mm *mm_fork(struct mm *src);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);
void mm_activate(struct mm *mm);
/* 0, -EFAULT (no mapping or no permission), -EIO (a file page past the end
 * of the file, or one the file could not give), -EHWPOISON (MADV_HWPOISON)
 * or -ENOMEM (no page could be had). mm only reports: the caller decides what a failure means (Linux's
 * VM_FAULT_* results): a user-mode fault's is a signal (signal_page_fault,
 * proc/signal.c: SIGSEGV, SIGBUS BUS_ADRERR, or the OOM kill), a system
 * call's page-in (vm_populate, the remote copies) an errno. */
int __must_check mm_handle_fault(struct mm *mm, vaddr_t addr, unsigned access);
/*
 * Truncation (Linux's unmap_mapping_range with even_cows): removes from
 * every address space the pages of every mapping of inode at file page
 * first_pgoff and after, shared frames and private copies alike, so the
 * next access faults again (and gets SIGBUS past the new end). The caller
 * has already made the new size visible to the fault operation.
 */
void vm_unmap_file_pages(const struct inode *inode, u64 first_pgoff);
/*
 * Hole punching (Linux's unmap_mapping_range without even_cows): removes
 * from every address space the file's own pages at file pages [first, end)
 * — every page of a shared mapping, and a private mapping's pages that are
 * still the file's frame, cache(inode, index) (0: none; called under
 * mm->lock, so it may take only spinlocks that come after it) — so the next
 * access faults in what the file holds now; private copies stay.
 */
void vm_unmap_file_range(const struct inode *inode, u64 first, u64 end,
			 paddr_t (*cache)(const struct inode *inode, u64 index));
/* Is pa the shared zero page that read faults in private anonymous memory
 * map (Linux's ZERO_PAGE; /proc's page counts leave it out)? */
bool vm_is_zero_page(paddr_t pa);
paddr_t vm_zero_page_paddr(void); /* 0: not allocated yet */

/* VMA operations (vm.c). All take mm->lock themselves. */
/* Anonymous memory. */
int __must_check vm_map(struct mm *mm, vaddr_t start, size_t len, unsigned prot, unsigned flags);
/* A mapping of file at offset (Linux's mmap_region): mmap is the file's mmap
 * operation (file_ops.mmap; NULL: -ENODEV), which installs the VMA's vm_ops
 * and takes what the mapping holds (fs/inode.c file_vma_attach). Bytes at or
 * past file_limit read as zero in a private mapping (an ELF segment's bss). */
int __must_check vm_map_file(struct mm *mm, vaddr_t start, size_t len, unsigned prot, unsigned flags, struct file *file,
			     int (*mmap)(struct file *file, struct vma *v), u64 offset, u64 file_limit);
/* Maps sp's pages from the first, at start (page aligned), with prot. */
int __must_check vm_map_special(struct mm *mm, vaddr_t start, unsigned prot, const struct vm_special *sp);
/* Copies into another (inactive) address space, faulting pages in. */
int __must_check vm_copy_to(struct mm *mm, vaddr_t dst, const void *src, size_t len);
/* Copies out of another address space, faulting pages in for reading. */
int __must_check vm_copy_from(struct mm *mm, void *dst, vaddr_t src, size_t len);
/* Copies from the current task's user memory at src into mm's at dst
 * without faulting on either side: stops at the first destination page not
 * mapped writable or source page not present. Returns the bytes copied. */
size_t vm_write_nofault(struct mm *mm, vaddr_t dst, uaddr_t src, size_t len);
/* A core dump's copy of the page at addr (page aligned) into buf: 1, or 0
 * for a hole (nothing there, never touched anonymous memory, the zero page). */
int vm_dump_page(struct mm *mm, vaddr_t addr, void *buf);
/* ptrace's POKETEXT/POKEDATA: a store into another address space that
 * read-only private pages take too, as a copy of their own (FOLL_FORCE). */
int __must_check vm_write_forced(struct mm *mm, vaddr_t dst, const void *src, size_t len);
int vm_unmap(struct mm *mm, vaddr_t start, size_t len);
/* mremap's work (arguments already checked): shrink, grow in place, or move. */
int __must_check vm_remap(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len, bool may_move, bool fixed,
			  vaddr_t new_addr, vaddr_t *result);
int vm_protect(struct mm *mm, vaddr_t start, size_t len, unsigned prot);
/* What mprotect and mremap charge to Committed_AS before they change anything
 * (mprotect_fixup: the pages of private mappings made writable for the first
 * time, up to where vm_protect would stop; mremap: the growth of a
 * VMA_ACCOUNT mapping), for the caller's commit check, in pages. */
u64 vm_protect_charge(struct mm *mm, vaddr_t start, size_t len, unsigned prot);
u64 vm_remap_charge(struct mm *mm, vaddr_t old, size_t old_len, size_t new_len);
/* Finds a free range of len bytes, top-down below mm->mmap_base; 0 if none. */
vaddr_t vm_find_free(struct mm *mm, size_t len, vaddr_t hint);
bool vm_range_free(struct mm *mm, vaddr_t start, size_t len);
/* Is every page of the range inside some VMA? mm->lock held. */
bool vm_range_mapped(struct mm *mm, vaddr_t start, size_t len);
/* msync's walk of [start, start + len) (mm/msync.c), len > 0: -EBUSY at
 * the first VMA_LOCKED VMA if invalidate (MS_INVALIDATE); a hole is -ENOMEM,
 * at once if sync_only (flags exactly MS_SYNC), else once the walk ends. */
int __must_check vm_msync_walk(struct mm *mm, vaddr_t start, size_t len, bool invalidate, bool sync_only);
/* madvise's work (range checked, advice known): per VMA as Linux walks them. */
int vm_advise(struct mm *mm, vaddr_t start, size_t len, int advice);
struct vma *vm_find(struct mm *mm, vaddr_t addr); /* caller holds mm->lock */
/* May v ever be written (Linux: VM_MAYWRITE)? mprotect and smaps ask. */
bool vm_may_write(const struct vma *v);
/* The most pages it has had resident (Linux's get_mm_hiwater_rss: ru_maxrss). Takes mm->lock. */
u64 mm_hiwater_rss(struct mm *mm);
/* Its resident pages now, read without mm->lock (a snapshot, as Linux's
 * get_mm_rss): the OOM killer reads it under tasklist_lock. */
u64 mm_rss_snapshot(struct mm *mm);
/* The most pages it has had mapped (Linux's get_mm_hiwater_vm: VmPeak). Takes mm->lock. */
u64 mm_hiwater_vm(struct mm *mm);
/* Its page-table pages, read unlocked as mm_rss_snapshot (oom_badness). */
u64 mm_pgtables_snapshot(struct mm *mm);
/* /proc/PID/clear_refs: type 1..5 as Linux's (vm.c). Takes mm->lock. */
int __must_check mm_clear_refs(struct mm *mm, int type);
/* vm.max_map_count: the VMAs an mm may have (/proc/sys/vm/max_map_count). */
int vm_max_map_count(void);
void vm_set_max_map_count(int count);

/*
 * The VMA search tree (mm/vma_tree.c), all under mm->lock. A VMA's start
 * and end may change in place only when its order among the others stays
 * the same, followed by vma_tree_update().
 */
void vma_tree_insert(struct vma **root, struct vma *v);
void vma_tree_erase(struct vma **root, struct vma *v);
void vma_tree_update(struct vma *root, struct vma *v);
/* The lowest VMA whose end is above addr, or NULL. */
struct vma *vma_tree_first_ending_after(struct vma *root, vaddr_t addr);
/* The highest a with [a, a + len) free, min <= a and a + len <= below,
 * keeping the guard gap below stacks free; 0 if there is none. */
vaddr_t vma_tree_find_gap(const struct vma *root, size_t len, vaddr_t min, vaddr_t below);
/* The lowest address v keeps free for itself: start, minus the guard gap
 * below a VMA_GROWSDOWN stack (Linux vm_start_gap). */
vaddr_t vma_low(const struct vma *v);
/* Memory locking (mm/mlock.c). vm_mlock: the VMAs of the mapped range
 * [start, start + len) get lock (VMA_LOCK_MASK bits; 0 unlocks), split at
 * its ends and merged after; -ENOMEM if part of it is not mapped.
 * vm_mlock_all: every VMA gets lock (unless only_future) and new mappings
 * get future (mlockall, munlockall). Special mappings are never locked. */
int __must_check vm_mlock(struct mm *mm, vaddr_t start, size_t len, unsigned lock);
void vm_mlock_all(struct mm *mm, unsigned lock, unsigned future, bool only_future);
/* Pages of VMA_LOCKED VMAs (Linux locked_vm: VmLck), all or those inside a range. */
u64 vm_locked_pages(struct mm *mm);
u64 vm_locked_pages_in(struct mm *mm, vaddr_t start, size_t len);
/* __mm_populate, errors ignored: faults in each page of [start, end) that
 * its VMA allows (a write for private writable memory, else a read; not
 * PROT_NONE nor raw frames). -ENOMEM if a page found no memory (the caller
 * may run the OOM killer and try again: oom_populate_range), -EINTR if the
 * caller got SIGKILL meanwhile, else 0. Both populates give the CPU away
 * when the tick asks (cond_resched). */
int vm_populate_range(struct mm *mm, vaddr_t start, vaddr_t end);
/* Populate (fault in) [start, start+len) now: the first fault's error, or
 * -EINTR if the caller got SIGKILL meanwhile. */
int vm_populate(struct mm *mm, vaddr_t start, size_t len, unsigned access);
/* The frame behind addr in a MAP_SHARED mapping, faulted in, with a reference
 * (page_put it): 0; 1 if the mapping is private; -EFAULT if unmapped or PROT_NONE. */
int vm_shared_page(struct mm *mm, vaddr_t addr, paddr_t *pa);
/* si_code of a SIGSEGV at addr: SEGV_MAPERR (nothing mapped) or SEGV_ACCERR. */
int mm_fault_code(struct mm *mm, vaddr_t addr);

/*
 * Commit accounting (vm.c, Linux mm/util.c): vm.overcommit_memory (0
 * heuristic, 1 always, 2 the commit limit), overcommit_ratio and
 * overcommit_kbytes; Committed_AS summed over every address space's
 * VMA_ACCOUNT mappings plus what tmpfs charges (vm_commit_shmem: file frames,
 * and shared anonymous objects whole).
 */
enum { VM_OVERCOMMIT_MODE, VM_OVERCOMMIT_RATIO, VM_OVERCOMMIT_KBYTES };
int vm_overcommit_get(int which); /* the mode or the ratio */
u64 vm_overcommit_kbytes(void);
void vm_overcommit_set(int which, u64 value);
void vm_commit_shmem(long pages);
u64 vm_commit_limit(void);    /* CommitLimit, in pages */
u64 vm_committed_pages(void); /* Committed_AS, in pages */
/* __vm_enough_memory: may mm commit pages more? 0 or -ENOMEM. admin: the
 * caller has CAP_SYS_ADMIN (no admin reserve). Takes mm->lock and mm_list_lock. */
int __must_check vm_enough_memory(struct mm *mm, u64 pages, bool admin);
/* dup_mmap's charge: false when mode 2 refuses a copy of src's accounted mappings. */
bool vm_fork_allowed(struct mm *src, bool admin);
