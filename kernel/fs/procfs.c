/*
 * procfs.c — /proc as a file system (fs/proc/): its dentries are made on
 * each lookup and never cached (DENTRY_NOCACHE), so what a name means is
 * decided when it is walked. Files are text snapshots made when opened.
 *
 *   /proc/self, /proc/thread-self  links to the caller's pid and pid/task/tid
 *   /proc/mounts     link to self/mounts
 *   /proc/meminfo    the page allocator, tmpfs (Cached, Shmem) and slab figures
 *   /proc/uptime     seconds since boot (and idle seconds)
 *   /proc/loadavg    the 1, 5, 15 minute load averages (core/loadavg.c)
 *   /proc/interrupts each registered interrupt's count per CPU (core/irq.c)
 *   /proc/vmstat     the memory counters kept here, under Linux's names
 *   /proc/devices    the character device drivers by major (fs/devfs.c);
 *                    partitions: empty, as Linux's without a disk
 *   /proc/cpuinfo, stat, version, filesystems, sys/kernel/{ostype,osrelease,version,
 *                    perf_event_paranoid,pid_max,random/boot_id,random/uuid,sem,shm*,msg*},
 *                    sys/vm/{overcommit_memory,max_map_count,min_free_kbytes,panic_on_oom,unprivileged_userfaultfd}, sys/fs/pipe-max-size,
 *                    sys/fs/{file-max,file-nr,lease-break-time,leases-enable,nr_open};
 *   /proc/locks      every lock and lease (fs/locks_list.c);
 *                    sys/kernel/{hostname, domainname} (core/uts.c, as
 *                    sethostname) and sys/fs/pipe-max-size writable
 *                    (an integer sysctl a subsystem keeps behind a getter
 *                    and a setter is one row of the sysctl_int table,
 *                    SYSCTL_INT: the read, the parse, the range, the set)
 *   /proc/<pid>/     every process in the process table (pid.h), zombies
 *                    too (state Z), listed in increasing pid order; a
 *                    thread's number opens it too, seen through that thread
 *                    (not listed); and
 *   /proc/<pid>/task/<tid>/  each of its threads, with the same files:
 *       maps         Linux's fs/proc/task_mmu.c show_map_vma format
 *       smaps        maps with each VMA's Rss, Pss, Shared/Private Clean/Dirty (show_smap)
 *       smaps_rollup every VMA's smaps counts added up (show_smaps_rollup)
 *       stat, status, statm  fs/proc/array.c formats (fields kept here; others 0;
 *                    status's memory lines and statm are whole: task_mem, task_statm)
 *       cmdline, environ  the strings, read from the process's memory
 *       auxv         the auxiliary vector exec gave it (binary pairs)
 *       comm         the name and a newline
 *       oom_score_adj, oom_adj, oom_score  the OOM killer's per-process
 *                    value, its legacy scale, the badness (proc/oom_kill.c)
 *       limits       fs/proc/base.c proc_pid_limits
 *       mounts       fs/proc_namespace.c show_vfsmnt format
 *       mountinfo    show_mountinfo: mount ids, parents, root, options
 *       exe, cwd, root  links: d_path of the executable and directories
 *       fd/N         links to each open file (d_path, or "pipe:[ino]")
 *       fdinfo/N     pos, flags, mnt_id, ino
 *
 * sysfs (fs/sysfs/) is the same machinery over another tree, read-only:
 * the top directories Linux always has and devices/system/cpu/{online,
 * possible,present} (glibc's get_nprocs and get_nprocs_conf read them);
 * each mount a new instance.
 *
 * Another process is read through a struct proc_target: under tasklist_lock
 * the process and thread are found by number and references are taken to
 * its thread group, mm, files, fs context and credentials (task_exit and
 * exec change those pointers under the same lock), then the text is made without the
 * lock. A process reaped in between is simply gone: ENOENT.
 *
 * Access to another user's environ, maps, fd/, fdinfo/, cwd, root and exe
 * follows Linux's ptrace_may_access(PTRACE_MODE_READ_FSCREDS) in its simple
 * form: the same process, CAP_SYS_PTRACE, or all the target's uids and gids
 * equal to the caller's fs ids with the target dumpable; else EACCES.
 */
#include <vfs.h>

#include <cgroup.h>
#include <coredump.h>
#include <cred.h>
#include <format.h>
#include <fs.h>
#include <fs_context.h>
#include <fsnotify.h>
#include <key.h>
#include <kmalloc.h>
#include <loadavg.h>
#include <mm.h>
#include <mqueue.h>
#include <net.h>
#include <nsfs.h>
#include <page.h>
#include <process.h>
#include <ptrace.h>
#include <seccomp.h>
#include <random.h>
#include <smp.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>
#include <uapi/prctl.h>
#include <uapi/resource.h>
#include <uapi/sched.h>
#include <uapi/stat.h>
#include <userfaultfd.h>
#include <uts.h>

#include "proc_internal.h"

#define PID_POS_BASE 0x100000000ULL /* getdents positions of /proc/<pid>: this + pid */

/* ---- the process a file shows ------------------------------------------------ */

/* What is known of a process (and one of its threads) when a file is made. */

static char state_letter(struct thread_group *g, struct task *t)
{
	if (!t || g->exited)
		return 'Z';
	if (t->ptrace_stop)
		return 't'; /* tracing stop */
	if (__atomic_load_n(&g->stopped, __ATOMIC_RELAXED))
		return 'T';
	switch (__atomic_load_n(&t->state, __ATOMIC_RELAXED)) {
	case TASK_RUNNING: return 'R';
	case TASK_INTERRUPTIBLE: return 'S';
	case TASK_UNINTERRUPTIBLE: return 'D';
	default: return 'X';
	}
}

/* The thread of g that /proc/<pid> shows: the leader while it lives, else the first. [g->lock] */
static struct task *shown_thread(struct thread_group *g)
{
	struct task *t;
	list_for_each_entry(t, &g->threads, group_node)
		if (t->tid == g->pid)
			return t;
	return thread_group_first_thread(g);
}

/* The signals t's process ignores and catches (Linux
 * collect_sigign_sigcatch). [tasklist_lock, g->lock: t cannot go] */
static void collect_sigactions(struct proc_target *pt, struct sighand *sh)
{
	if (!sh)
		return;
	unsigned long irq = spin_lock_irqsave(&sh->lock);
	for (int sig = 1; sig <= NSIG; sig++) {
		u64 handler = sh->actions[sig - 1].handler, bit = 1UL << (sig - 1);
		if (handler == SIG_IGN)
			pt->sig_ignored |= bit;
		else if (handler != SIG_DFL)
			pt->sig_caught |= bit;
	}
	spin_unlock_irqrestore(&sh->lock, irq);
}

/* Finds process pid (and thread tid, 0: the shown one) and takes references: 0 or -ENOENT. */
static int target_get(int pid, int tid, struct proc_target *pt)
{
	*pt = (struct proc_target){0};
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g = pid_find_process(pid);
	if (!g || g->pid != pid) {
		spin_unlock_irqrestore(&tasklist_lock, irq);
		return -ENOENT;
	}
	unsigned long group_irq = spin_lock_irqsave(&g->lock);
	struct task *t = NULL;
	if (tid) {
		t = pid_find_task(tid);
		if (!t || t->group != g) {
			spin_unlock_irqrestore(&g->lock, group_irq);
			spin_unlock_irqrestore(&tasklist_lock, irq);
			return -ENOENT;
		}
	} else {
		t = shown_thread(g);
	}
	thread_group_get(g);
	pt->g = g;
	pt->pid = pid;
	pt->state = state_letter(g, t);
	pt->tracer_pid = ptrace_tracer_pid(g);
	pt->cred = cred_get(cred_root());
	if (t) {
		pt->tid = t->tid;
		memcpy(pt->comm, t->comm, TASK_COMM_LEN);
		pt->blocked = __atomic_load_n(&t->blocked_signals, __ATOMIC_RELAXED);
		pt->pending = __atomic_load_n(&t->pending_signals, __ATOMIC_RELAXED);
		pt->nice = t->nice;
		pt->sched_policy = t->sched_policy; /* tasklist_lock held: enough to read them */
		pt->sched_priority = t->sched_priority;
		/* t->cpu changes under run-queue locks, not tasklist_lock: a snapshot,
		 * as Linux's task_cpu() read in do_task_stat */
		pt->cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
		pt->no_new_privs = __atomic_load_n(&t->no_new_privs, __ATOMIC_RELAXED);
		pt->seccomp_mode = __atomic_load_n(&t->seccomp_mode, __ATOMIC_RELAXED);
		pt->seccomp_filters = seccomp_filter_count(t); /* g->lock held: the stack stays */
		collect_sigactions(pt, t->sighand);
		if (t->mm) {
			pt->mm = t->mm;
			mm_get(pt->mm);
		}
		if (t->files) {
			pt->files = t->files;
			__atomic_fetch_add(&pt->files->refcount, 1, __ATOMIC_RELAXED);
		}
		if (t->fs) {
			pt->fs = t->fs;
			__atomic_fetch_add(&pt->fs->refcount, 1, __ATOMIC_RELAXED);
		}
		if (t->cred) {
			cred_put(pt->cred);
			pt->cred = cred_get(t->cred);
		}
	}
	/* fs/proc/array.c do_task_stat: a thread's own split, or (whole) the
	 * process's; the children's in both */
	cputime_adjusted_locked(g, tid ? t : NULL, &pt->utime_ns, &pt->stime_ns);
	pt->cutime_ns = __atomic_load_n(&g->children_utime, __ATOMIC_RELAXED);
	pt->cstime_ns = __atomic_load_n(&g->children_stime, __ATOMIC_RELAXED);
	pt->min_flt = cputime_min_flt_locked(g, tid ? t : NULL);
	pt->cmin_flt = __atomic_load_n(&g->children_counts.min_flt, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&g->lock, group_irq);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return 0;
}

static void target_put(struct proc_target *pt)
{
	if (pt->mm)
		mm_put(pt->mm);
	if (pt->files)
		files_put(pt->files);
	if (pt->fs)
		fs_context_put(pt->fs);
	if (pt->cred)
		cred_put(pt->cred);
	if (pt->g)
		thread_group_put(pt->g);
}

/* ptrace_may_access(PTRACE_MODE_READ_FSCREDS), simply: 0 or -EACCES. */
static int may_access(const struct proc_target *pt)
{
	if (pt->g == current()->group || capable(CAP_SYS_PTRACE))
		return 0;
	const struct cred *c = pt->cred;
	u32 uid = cred_fsuid(), gid = cred_fsgid();
	bool same =
		c->uid == uid && c->euid == uid && c->suid == uid && c->gid == gid && c->egid == gid && c->sgid == gid;
	return same && __atomic_load_n(&pt->g->dumpable, __ATOMIC_RELAXED) ? 0 : -EACCES;
}

/* ---- per-process files --------------------------------------------------------- */

/* One line of maps; the file's path is built by d_path (no sleeping: mm->lock is held). */
static void maps_line(struct snapshot *s, const struct vma *v)
{
	char *path = NULL;
	const char *name = "";
	u64 ino = 0, off = 0;
	u32 dev = 0;
	if (v->file) {
		if (file_path(v->file, &path) == 0)
			name = path;
		ino = v->file->inode->ino;
		dev = v->file->inode->sb->dev;
		off = v->file_offset;
	} else if (v->flags & VMA_STACK) {
		name = "[stack]";
	} else if (v->flags & VMA_HEAP) {
		name = "[heap]";
	} else if (v->flags & VMA_SPECIAL) {
		name = v->special->name;
	}
	char line[128];
	int len =
		snprintf(line, sizeof(line), "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", (unsigned long)v->start,
			 (unsigned long)v->end, (v->prot & UPROT_READ) ? 'r' : '-', (v->prot & UPROT_WRITE) ? 'w' : '-',
			 (v->prot & UPROT_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p', (unsigned long)off,
			 dev >> 8, dev & 0xff, (unsigned long)ino);
	if (*name)
		snap_printf(s, "%s%*s%s\n", line, MAX(73 - len, 1), "", name);
	else
		snap_printf(s, "%s\n", line);
	kfree(path);
}

static size_t maps_size(struct proc_target *pt)
{
	return pt->mm ? (128 + PATH_MAX) * (size_t)(pt->mm->nr_vmas + 1) : 1;
}

static void fill_maps(struct proc_target *pt, struct snapshot *s)
{
	struct mm *mm = pt->mm;
	if (!mm)
		return;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node)
		maps_line(s, v);
	spin_unlock_irqrestore(&mm->lock, irq);
}

/*
 * smaps (Linux fs/proc/task_mmu.c show_smap, smaps_account): each maps line
 * followed by what the VMA's mapped pages cost. A page is shared when more
 * than one page-table entry maps it (Linux page_mapcount >= 2) and private
 * otherwise; Pss gives each mapper 1/mapcount of it, in Linux's fixed point
 * (PSS_SHIFT). Our pages have one reference count, not a mapcount, so the
 * mapcount is computed from it: a file's page in its page cache (v->ops
 * gives that very frame) holds one reference for the cache, every other
 * reference is a page-table entry; a private page (anonymous memory, a
 * copy-on-write copy) and a vDSO page are mapped once per reference (the
 * vDSO's owner keeps one reference too). Dirty as Linux sees these pages:
 * anonymous and copied pages were written (pte_dirty); a tmpfs file's pages
 * are dirty in the cache (nothing writes them back: Linux's shmem/ramfs
 * pages are PageDirty, so an initramfs program's text is Shared_Dirty on
 * Linux too); the vDSO's are clean; a PFN map (the vDSO data page, Linux
 * VM_PFNMAP) has no pages to count. Referenced counts the pages whose
 * entry has the accessed flag (arm64 AF; Linux's pte_young: a page is made
 * young, /proc/PID/clear_refs clears it, the next access sets it again
 * through a fault — page flags such as PageReferenced are not kept, so a
 * read(2) of a file does not mark its mapped pages); Locked is the Pss of
 * an mlocked VMA; nothing is huge, swapped or lazily freed. VmFlags
 * gives rd wr ex sh mr mw me ms gd pf lo ac nr de as this kernel knows them
 * ("sh" not for a shared mapping of a file open read-only, VMA_FILE_RDONLY;
 * "ac": VMA_ACCOUNT; "de": Linux's VM_DONTEXPAND, which
 * _install_special_mapping gives the vDSO and its data page). The zero
 * page (vm_is_zero_page) is not counted: Linux's vm_normal_page leaves it out.
 */
#define PSS_SHIFT 12

struct smaps_counts {
	u64 resident, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty, anonymous;
	u64 referenced;			   /* resident with the accessed flag set (Linux: pte_young) */
	u64 pss_anon, pss_file, pss_shmem; /* smaps_rollup's split of pss */
	u64 pss_locked;			   /* pss of VMA_LOCKED VMAs ("Locked:") */
	u64 rss_file, rss_shmem;	   /* resident and not anonymous: a special mapping's pages, tmpfs's (status) */
};

/* What a present page of v at va is (Linux PageAnon, page_mapcount): the
 * number of mappings of it (at least 1) and whether it is anonymous memory
 * rather than a file's or a special mapping's page; mm->lock held. */
static u32 page_kind(struct vma *v, vaddr_t va, paddr_t pa, bool *anonp)
{
	u32 refs = page_refcount(pa);
	u32 mapcount = refs;
	bool anon = true;
	if (v->flags & VMA_SPECIAL) {
		anon = false;
		mapcount = refs > 1 ? refs - 1 : 1; /* the owner's reference */
	} else if (v->file && v->ops && v->ops->fault) {
		paddr_t cached = PA_NONE;
		u64 pgoff = (v->file_offset + (va - v->start)) / PAGE_SIZE;
		if (v->ops->fault(v, pgoff, false, &cached) == 0 && !pa_is_none(cached)) {
			if (pa_eq(cached, pa)) { /* the cache's page: its reference and ours are not mappings */
				anon = false;
				mapcount = page_refcount(pa) - 2;
			}
			page_put(cached);
		}
	} else if (v->file) {
		anon = false; /* a copy of the file's bytes, as a page cache page in Linux */
	}
	*anonp = anon;
	return mapcount < 1 ? 1 : mapcount;
}

/* How a present page of v at va counts (Linux smaps_account); mm->lock held. */
static void smaps_account_page(struct smaps_counts *c, struct vma *v, vaddr_t va, paddr_t pa)
{
	bool anon;
	u32 mapcount = page_kind(v, va, pa, &anon);
	bool dirty = !(v->flags & VMA_SPECIAL);
	u64 pss = ((u64)PAGE_SIZE << PSS_SHIFT) / mapcount;
	c->resident += PAGE_SIZE;
	c->pss += pss;
	if (anon)
		c->anonymous += PAGE_SIZE;
	/* Linux: PageAnon, else PageSwapBacked (shmem: every file here is
	 * tmpfs), else a file page (the vDSO's, a special mapping's) */
	*(anon ? &c->pss_anon : (v->flags & VMA_SPECIAL) ? &c->pss_file : &c->pss_shmem) += pss;
	if (!anon)
		*((v->flags & VMA_SPECIAL) ? &c->rss_file : &c->rss_shmem) += PAGE_SIZE;
	if (dirty)
		c->pss_dirty += pss;
	if (v->flags & VMA_LOCKED)
		c->pss_locked += pss;
	if (mapcount >= 2)
		*(dirty ? &c->shared_dirty : &c->shared_clean) += PAGE_SIZE;
	else
		*(dirty ? &c->private_dirty : &c->private_clean) += PAGE_SIZE;
}

/* The page counts of one VMA: every present entry, absent tables skipped. */
static void smaps_account_vma(struct mm *mm, struct vma *v, struct smaps_counts *c)
{
	if ((v->flags & VMA_SPECIAL) && v->special->pfnmap)
		return;
	const vaddr_t table_span = 512UL * PAGE_SIZE; /* what one last-level table maps */
	vaddr_t va = v->start;
	while (va < v->end) {
		pte_t *e = upt_lookup(&mm->arch, va);
		if (!e) { /* no table here: nothing is mapped up to the next table's start */
			va = ALIGN_UP(va + 1, table_span);
			continue;
		}
		if (pte_resident(*e) && page_is_ram(pte_paddr(*e)) && !vm_is_zero_page(pte_paddr(*e))) {
			smaps_account_page(c, v, va, pte_paddr(*e));
			if (pte_young(*e))
				c->referenced += PAGE_SIZE;
		}
		va += PAGE_SIZE;
	}
}

static void smaps_kb(struct snapshot *s, const char *name, u64 bytes)
{
	snap_printf(s, "%-16s%8lu kB\n", name, (unsigned long)(bytes >> 10));
}

/* Linux __show_smap: the counts of one VMA, or of all (rollup: with Pss_Anon, _File, _Shmem). */
static void smaps_show_counts(struct snapshot *s, const struct smaps_counts *c, bool rollup)
{
	smaps_kb(s, "Rss:", c->resident);
	smaps_kb(s, "Pss:", c->pss >> PSS_SHIFT);
	smaps_kb(s, "Pss_Dirty:", c->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		smaps_kb(s, "Pss_Anon:", c->pss_anon >> PSS_SHIFT);
		smaps_kb(s, "Pss_File:", c->pss_file >> PSS_SHIFT);
		smaps_kb(s, "Pss_Shmem:", c->pss_shmem >> PSS_SHIFT);
	}
	smaps_kb(s, "Shared_Clean:", c->shared_clean);
	smaps_kb(s, "Shared_Dirty:", c->shared_dirty);
	smaps_kb(s, "Private_Clean:", c->private_clean);
	smaps_kb(s, "Private_Dirty:", c->private_dirty);
	smaps_kb(s, "Referenced:", c->referenced);
	smaps_kb(s, "Anonymous:", c->anonymous);
	smaps_kb(s, "LazyFree:", 0);
	smaps_kb(s, "AnonHugePages:", 0);
	smaps_kb(s, "ShmemPmdMapped:", 0);
	smaps_kb(s, "FilePmdMapped:", 0);
	smaps_kb(s, "Shared_Hugetlb:", 0);
	snap_printf(s, "Private_Hugetlb: %7lu kB\n", 0UL); /* Linux gives this one 7 digits */
	smaps_kb(s, "Swap:", 0);
	smaps_kb(s, "SwapPss:", 0);
	smaps_kb(s, "Locked:", c->pss_locked >> PSS_SHIFT);
}

static void smaps_entry(struct snapshot *s, struct mm *mm, struct vma *v)
{
	struct smaps_counts c = {0};
	smaps_account_vma(mm, v, &c);
	maps_line(s, v);
	smaps_kb(s, "Size:", v->end - v->start);
	smaps_kb(s, "KernelPageSize:", PAGE_SIZE);
	smaps_kb(s, "MMUPageSize:", PAGE_SIZE);
	smaps_show_counts(s, &c, false);
	snap_printf(s, "THPeligible:    0\n");
	bool shared = v->flags & VMA_SHARED, special = v->flags & VMA_SPECIAL;
	/* a shared mapping of a file not open for writing is only "ms": do_mmap
	 * takes VM_SHARED away with VM_MAYWRITE */
	bool shared_write = shared && !(v->flags & VMA_FILE_RDONLY);
	bool may_write = vm_may_write(v);
	bool may_exec = !special || (v->special->may_prot & UPROT_EXEC);
	snap_printf(s, "VmFlags: %s%s%s%s%s%s%s%s%s%s%s%s%s%s%s\n", (v->prot & UPROT_READ) ? "rd " : "",
		    (v->prot & UPROT_WRITE) ? "wr " : "", (v->prot & UPROT_EXEC) ? "ex " : "",
		    shared_write ? "sh " : "", "mr ", may_write ? "mw " : "", may_exec ? "me " : "",
		    shared ? "ms " : "", (v->flags & VMA_GROWSDOWN) ? "gd " : "",
		    (special && v->special->pfnmap) ? "pf " : "", (v->flags & VMA_LOCKED) ? "lo " : "",
		    (v->flags & VMA_ACCOUNT) ? "ac " : "", (v->flags & VMA_NORESERVE) ? "nr " : "",
		    special ? "de " : "", (v->flags & VMA_DONTDUMP) ? "dd " : "");
}

static size_t smaps_size(struct proc_target *pt)
{
	return pt->mm ? (128 + PATH_MAX + 1024) * (size_t)(pt->mm->nr_vmas + 1) : 1;
}

static void fill_smaps(struct proc_target *pt, struct snapshot *s)
{
	struct mm *mm = pt->mm;
	if (!mm)
		return;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node)
		smaps_entry(s, mm, v);
	spin_unlock_irqrestore(&mm->lock, irq);
}

size_t proc_small_size(struct proc_target *pt)
{
	return 2048;
}

/* Every VMA's page counts added up; mm->lock held. */
static void smaps_account_all(struct mm *mm, struct smaps_counts *c)
{
	ASSERT_HELD(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node)
		smaps_account_vma(mm, v, c);
}

/*
 * smaps_rollup (Linux 6.1 show_smaps_rollup): one header line spanning the
 * first VMA's start to the last one's end, "---p 00000000 00:00 0" padded
 * to column 73 and "[rollup]", then the counts of every VMA added up; an
 * address space without VMAs (a zombie's, a kernel thread's) shows nothing.
 */
static void fill_smaps_rollup(struct proc_target *pt, struct snapshot *s)
{
	struct mm *mm = pt->mm;
	if (!mm)
		return;
	struct smaps_counts c = {0};
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	bool empty = list_empty(&mm->vmas);
	vaddr_t start = 0, end = 0;
	if (!empty) {
		start = list_first_entry(&mm->vmas, struct vma, node)->start;
		end = list_entry(mm->vmas.prev, struct vma, node)->end;
		smaps_account_all(mm, &c);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	if (empty)
		return;
	char line[64];
	int len = snprintf(line, sizeof(line), "%08lx-%08lx ---p 00000000 00:00 0 ", (unsigned long)start,
			   (unsigned long)end);
	snap_printf(s, "%s%*s[rollup]\n", line, MAX(73 - len, 1), "");
	smaps_show_counts(s, &c, true);
}

/* proc_cgroup_show: one line per hierarchy, "ID:CONTROLLERS:PATH"; only
 * the default one (ID 0, no controllers) exists here. */
static void fill_cgroup(struct proc_target *pt, struct snapshot *s)
{
	struct cgroup *cg = cgroup_of(pt->g);
	char *path;
	if (cgroup_path(cg, &path) == 0) {
		snap_printf(s, "0::%s\n", path);
		kfree(path);
	}
	cgroup_put(cg);
}

static void fill_comm(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%s\n", pt->comm);
}

/* cmdline (env 0) and environ (env 1): the bytes of the area exec laid out. */
static size_t strings_size(struct proc_target *pt, bool env)
{
	if (!pt->mm)
		return 1;
	u64 len = env ? pt->mm->env_end - pt->mm->env_start : pt->mm->arg_end - pt->mm->arg_start;
	return MAX(MIN(len, (u64)(1 << 20)), (u64)1);
}

static void fill_strings(struct proc_target *pt, struct snapshot *s, bool env)
{
	if (!pt->mm)
		return;
	vaddr_t start = env ? pt->mm->env_start : pt->mm->arg_start;
	size_t len = MIN(strings_size(pt, env), s->cap);
	if (vm_copy_from(pt->mm, s->text, start, len) == 0)
		s->len = len;
}

static size_t cmdline_size(struct proc_target *pt)
{
	return strings_size(pt, false);
}

static void fill_cmdline(struct proc_target *pt, struct snapshot *s)
{
	fill_strings(pt, s, false);
}

static size_t environ_size(struct proc_target *pt)
{
	return strings_size(pt, true);
}

static void fill_environ(struct proc_target *pt, struct snapshot *s)
{
	fill_strings(pt, s, true);
}

/* auxv: the pairs exec gave the program, up to and with AT_NULL (Linux
 * proc_pid_auxv); empty for a process without an address space. */
static size_t auxv_size(struct proc_target *pt)
{
	return MM_SAVED_AUXV_WORDS * sizeof(u64);
}

static void fill_auxv(struct proc_target *pt, struct snapshot *s)
{
	if (!pt->mm)
		return;
	const u64 *auxv = pt->mm->saved_auxv;
	size_t words = 0;
	do {
		words += 2;
	} while (words < MM_SAVED_AUXV_WORDS && auxv[words - 2] != 0);
	s->len = MIN(words * sizeof(u64), s->cap);
	memcpy(s->text, auxv, s->len);
}

static u64 vm_bytes(struct proc_target *pt)
{
	return pt->mm ? pt->mm->total_pages * PAGE_SIZE : 0;
}

/* Field 18 (Linux task_prio: prio - MAX_RT_PRIO): -1 - the real-time
 * priority for FIFO/RR, 20 + nice for the others. */
static int stat_priority(const struct proc_target *pt)
{
	if (pt->sched_policy == SCHED_FIFO || pt->sched_policy == SCHED_RR)
		return -1 - pt->sched_priority;
	return 20 + pt->nice;
}

/* fs/proc/array.c do_task_stat: 52 fields; those not kept here are 0. */
static void fill_stat(struct proc_target *pt, struct snapshot *s)
{
	struct thread_group *g = pt->g;
	struct mm *mm = pt->mm;
	unsigned long tick = 10000000; /* ns per clock tick (USER_HZ 100) */
	int ppid = __atomic_load_n(&g->ppid, __ATOMIC_RELAXED);
	snap_printf(s, "%d (%s) %c %d %d %d 0 -1 %u %lu %lu 0 0 %lu %lu %lu %lu %d %d %d 0 0 %lu 0 %lu ",
		    pt->tid ? pt->tid : pt->pid, pt->comm, pt->state, ppid, thread_group_pgid(g), thread_group_sid(g),
		    0x400000u, (unsigned long)pt->min_flt, (unsigned long)pt->cmin_flt,
		    (unsigned long)(pt->utime_ns / tick), (unsigned long)(pt->stime_ns / tick),
		    (unsigned long)(pt->cutime_ns / tick), (unsigned long)(pt->cstime_ns / tick), stat_priority(pt),
		    pt->nice, __atomic_load_n(&g->nr_threads, __ATOMIC_RELAXED), (unsigned long)vm_bytes(pt),
		    (unsigned long)g->rlimits[RLIMIT_RSS][0]);
	/* from startcode (26): signal (31), blocked (32), sigignore (33) and
	 * sigcatch (34) are the masks' first 31 bits, as Linux shows them;
	 * processor (39), rt_priority (40) and policy (41) */
	snap_printf(s, "0 0 %lu 0 0 %lu %lu %lu %lu 0 0 0 %d %d %d %d 0 0 0 0 0 %lu %lu %lu %lu %lu %d\n",
		    (unsigned long)(mm ? mm->stack_top : 0), (unsigned long)(pt->pending & 0x7fffffff),
		    (unsigned long)(pt->blocked & 0x7fffffff), (unsigned long)(pt->sig_ignored & 0x7fffffff),
		    (unsigned long)(pt->sig_caught & 0x7fffffff), g->exit_signal, pt->cpu, pt->sched_priority,
		    pt->sched_policy, (unsigned long)(mm ? mm->brk_start : 0), (unsigned long)(mm ? mm->arg_start : 0),
		    (unsigned long)(mm ? mm->arg_end : 0), (unsigned long)(mm ? mm->env_start : 0),
		    (unsigned long)(mm ? mm->env_end : 0), pt->state == 'Z' ? g->exit_status : 0);
}

/*
 * The counters fs/proc/task_mmu.c's task_mem (status) and task_statm (statm)
 * show, in bytes (Linux 6.1). The resident ones are smaps' (its rss
 * counters: MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES); the others are
 * vm_stat_account's, made here from each VMA's flags now: data_vm the
 * private writable VMAs that are not stacks (is_data_mapping), stack_vm
 * the growsdown ones (is_stack_mapping), exec_vm the executable ones that
 * are neither writable nor stacks (is_exec_mapping); text is start_code to
 * end_code, page-aligned. mm->lock is taken here.
 */
struct mem_counts {
	struct smaps_counts rss;
	u64 data, stack, exec, text;
};

static void mem_counts(struct mm *mm, struct mem_counts *mc)
{
	memset(mc, 0, sizeof(*mc));
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	smaps_account_all(mm, &mc->rss);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node) {
		u64 len = v->end - v->start;
		bool writable = v->prot & UPROT_WRITE;
		if (v->flags & VMA_GROWSDOWN)
			mc->stack += len;
		else if (writable && !(v->flags & VMA_SHARED))
			mc->data += len;
		else if ((v->prot & UPROT_EXEC) && !writable)
			mc->exec += len;
	}
	mc->text = ALIGN_UP(mm->end_code, PAGE_SIZE) - ALIGN_DOWN(mm->start_code, PAGE_SIZE);
	spin_unlock_irqrestore(&mm->lock, irq);
}

/*
 * fs/proc/array.c proc_pid_statm and task_statm: size resident shared text
 * lib data dt, in pages. size is total_vm; resident the mapped pages, shared
 * those of them that are not anonymous; lib and dt always 0; data is
 * data_vm + stack_vm.
 */
static void fill_statm(struct proc_target *pt, struct snapshot *s)
{
	struct mm *mm = pt->mm;
	if (!mm) {
		snap_printf(s, "0 0 0 0 0 0 0\n");
		return;
	}
	struct mem_counts mc;
	mem_counts(mm, &mc);
	snap_printf(s, "%lu %lu %lu %lu 0 %lu 0\n", (unsigned long)(vm_bytes(pt) / PAGE_SIZE),
		    (unsigned long)(mc.rss.resident / PAGE_SIZE),
		    (unsigned long)((mc.rss.resident - mc.rss.anonymous) / PAGE_SIZE),
		    (unsigned long)(mc.text / PAGE_SIZE), (unsigned long)((mc.data + mc.stack) / PAGE_SIZE));
}

/* task_mem: one "Name:\t%8lu kB" line (seq_put_decimal_ull_width, width 8). */
static void status_kb(struct snapshot *s, const char *name, u64 bytes)
{
	snap_printf(s, "%s:\t%8lu kB\n", name, (unsigned long)(bytes >> 10));
}

/* fs/proc/task_mmu.c task_mem (Linux 6.1). VmPin is 0 (nothing pins user
 * pages long-term), VmLib is exec_vm less the program's text (the vDSO's
 * pages and any executable mapping of a library), VmPTE the page-table
 * pages below the top level (mm_pgtables_bytes), VmSwap 0 (no swap). */
static void status_mem(struct snapshot *s, struct mm *mm, u64 size)
{
	struct mem_counts mc;
	mem_counts(mm, &mc);
	status_kb(s, "VmPeak", mm_hiwater_vm(mm) * PAGE_SIZE);
	status_kb(s, "VmSize", size);
	status_kb(s, "VmLck", vm_locked_pages(mm) * PAGE_SIZE);
	status_kb(s, "VmPin", 0);
	status_kb(s, "VmHWM", mm_hiwater_rss(mm) * PAGE_SIZE);
	status_kb(s, "VmRSS", mc.rss.resident);
	status_kb(s, "RssAnon", mc.rss.anonymous);
	status_kb(s, "RssFile", mc.rss.rss_file);
	status_kb(s, "RssShmem", mc.rss.rss_shmem);
	status_kb(s, "VmData", mc.data);
	status_kb(s, "VmStk", mc.stack);
	status_kb(s, "VmExe", mc.text);
	status_kb(s, "VmLib", mc.exec > mc.text ? mc.exec - mc.text : 0);
	status_kb(s, "VmPTE", mm_pgtables_snapshot(mm) * PAGE_SIZE);
	status_kb(s, "VmSwap", 0);
	snap_printf(s, "HugetlbPages:\t%8lu kB\n", 0UL);
}

static const char *state_name(char state)
{
	switch (state) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'D': return "D (disk sleep)";
	case 'T': return "T (stopped)";
	case 't': return "t (tracing stop)";
	case 'Z': return "Z (zombie)";
	default: return "X (dead)";
	}
}

static int files_max_fds(struct files *fs)
{
	if (!fs)
		return 0;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	int max = fs->max_fds;
	spin_unlock_irqrestore(&fs->lock, irq);
	return max;
}

static u32 target_umask(struct proc_target *pt)
{
	if (!pt->fs)
		return 0;
	unsigned long irq = spin_lock_irqsave(&pt->fs->lock);
	u32 umask = pt->fs->umask;
	spin_unlock_irqrestore(&pt->fs->lock, irq);
	return umask;
}

/* fs/proc/array.c proc_pid_status: the leading fields. */
static void fill_status(struct proc_target *pt, struct snapshot *s)
{
	struct thread_group *g = pt->g;
	const struct cred *c = pt->cred;
	snap_printf(s, "Name:\t%s\n", pt->comm);
	if (pt->fs)
		snap_printf(s, "Umask:\t%04o\n", target_umask(pt));
	snap_printf(s, "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t%d\n", state_name(pt->state),
		    pt->pid, pt->tid ? pt->tid : pt->pid, __atomic_load_n(&g->ppid, __ATOMIC_RELAXED), pt->tracer_pid);
	snap_printf(s, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t", c->uid, c->euid, c->suid,
		    c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, files_max_fds(pt->files));
	for (int i = 0; i < c->groups->count; i++)
		snap_printf(s, "%u ", c->groups->gids[i]);
	snap_printf(s, "\n");
	if (pt->mm)
		status_mem(s, pt->mm, vm_bytes(pt));
	snap_printf(s, "Threads:\t%d\nSigPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		    __atomic_load_n(&g->nr_threads, __ATOMIC_RELAXED), (unsigned long)pt->pending,
		    (unsigned long)pt->blocked, (unsigned long)pt->sig_ignored, (unsigned long)pt->sig_caught);
	snap_printf(s, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\nCapAmb:\t%016lx\n",
		    (unsigned long)c->cap_inheritable, (unsigned long)c->cap_permitted, (unsigned long)c->cap_effective,
		    (unsigned long)c->cap_bset, 0UL /* no ambient capabilities */);
	/* task_seccomp: the mode as it is (3, SECCOMP_MODE_DEAD, while killed for a call) */
	snap_printf(s, "NoNewPrivs:\t%d\nSeccomp:\t%d\nSeccomp_filters:\t%d\n", pt->no_new_privs, pt->seccomp_mode,
		    pt->seccomp_filters);
}

/* fs/proc/base.c proc_pid_limits. */
static void fill_limits(struct proc_target *pt, struct snapshot *s)
{
	static const struct {
		const char *name, *unit;
	} lnames[RLIM_NLIMITS] = {
		{"Max cpu time", "seconds"},	{"Max file size", "bytes"},	 {"Max data size", "bytes"},
		{"Max stack size", "bytes"},	{"Max core file size", "bytes"}, {"Max resident set", "bytes"},
		{"Max processes", "processes"}, {"Max open files", "files"},	 {"Max locked memory", "bytes"},
		{"Max address space", "bytes"}, {"Max file locks", "locks"},	 {"Max pending signals", "signals"},
		{"Max msgqueue size", "bytes"}, {"Max nice priority", NULL},	 {"Max realtime priority", NULL},
		{"Max realtime timeout", "us"},
	};
	snap_printf(s, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (int i = 0; i < RLIM_NLIMITS; i++) {
		char soft[24], hard[24];
		u64 lim[2] = {pt->g->rlimits[i][0], pt->g->rlimits[i][1]};
		char *out[2] = {soft, hard};
		for (int k = 0; k < 2; k++) {
			if (lim[k] == ~0ULL)
				snprintf(out[k], 24, "unlimited");
			else
				snprintf(out[k], 24, "%lu", (unsigned long)lim[k]);
		}
		if (lnames[i].unit)
			snap_printf(s, "%-25s %-20s %-20s %-10s\n", lnames[i].name, soft, hard, lnames[i].unit);
		else
			snap_printf(s, "%-25s %-20s %-20s \n", lnames[i].name, soft, hard);
	}
}

static int jump_place(struct proc_target *pt, int cwd_not_root, struct path *out);

/* /proc/<pid>/mounts and mountinfo: the mounts are collected (with
 * references, and what mount_lock guards) under mount_lock, then named. */
struct mount_list {
	struct {
		struct vfsmount *m;
		int parent_id, group_id, master_id;
		unsigned flags, sb_flags;
	} e[64];
	int n;
	struct mnt_ns *ns; /* the process's namespace: only its mounts are shown */
};

static void collect_mount(struct vfsmount *m, void *arg)
{
	struct mount_list *l = arg;
	if (m->ns == l->ns && l->n < (int)ARRAY_SIZE(l->e)) {
		l->e[l->n].m = mnt_get(m);
		l->e[l->n].parent_id = m->parent->id;
		l->e[l->n].group_id = m->group_id;
		l->e[l->n].master_id = m->master_id;
		l->e[l->n].flags = m->flags;
		l->e[l->n].sb_flags = m->sb->flags;
		l->n++;
	}
}

static size_t mounts_size(struct proc_target *pt)
{
	return 16 * (PATH_MAX + 128);
}

/* mangle (fs/proc_namespace.c): space, tab, newline and backslash as \ooo. */
static void snap_mangle(struct snapshot *s, const char *str)
{
	for (; *str; str++) {
		if (*str == ' ' || *str == '\t' || *str == '\n' || *str == '\\')
			snap_printf(s, "\\%03o", (unsigned char)*str);
		else
			snap_printf(s, "%c", *str);
	}
}

/* show_mnt_opts: the mount's flags after its "ro" or "rw". */
static void snap_mnt_opts(struct snapshot *s, unsigned flags)
{
	snap_printf(s, "%s%s%s%s%s%s", (flags & MNT_NOSUID) ? ",nosuid" : "", (flags & MNT_NODEV) ? ",nodev" : "",
		    (flags & MNT_NOEXEC) ? ",noexec" : "", (flags & MNT_NOATIME) ? ",noatime" : "",
		    (flags & MNT_NODIRATIME) ? ",nodiratime" : "", (flags & MNT_RELATIME) ? ",relatime" : "");
}

/* The file system's own options (s_op->show_options): tmpfs's, devtmpfs's,
 * cgroup2's and devpts's (its mount options are not built, so always
 * Linux's defaults, which devpts_show_options prints anyway: the slaves'
 * mode 0600, ptmx's 0000). */
static void snap_sb_opts(struct snapshot *s, const struct super_block *sb)
{
	char buf[96];
	if (sb->magic == TMPFS_MAGIC) {
		tmpfs_show_options(sb, buf, sizeof buf);
		snap_printf(s, "%s", buf);
	} else if (sb->magic == CGROUP2_SUPER_MAGIC) { /* cgroup_show_options */
		cgroup_fs_show_options(buf, sizeof buf);
		snap_printf(s, "%s", buf);
	} else if (sb->magic == DEVPTS_SUPER_MAGIC) {
		snap_printf(s, ",mode=600,ptmxmode=000");
	}
}

/* One line of mounts (show_vfsmnt) or mountinfo (show_mountinfo); a mount
 * outside the caller's root is left out (seq_path_root's SEQ_SKIP). */
static void mount_line(struct snapshot *s, const struct mount_list *l, int i, const struct path *root, bool info)
{
	struct vfsmount *m = l->e[i].m;
	struct path p = {m, m->root};
	char *where = NULL, *fs_root = NULL;
	bool outside;
	if (d_path_outside(&p, root, &where, &outside) || outside || (info && dentry_path(m->root, &fs_root)))
		goto out;
	bool sb_ro = l->e[i].sb_flags & SB_RDONLY, mnt_ro = l->e[i].flags & MNT_RDONLY;
	if (info) {
		snap_printf(s, "%d %d %u:%u ", m->id, l->e[i].parent_id, dev_major(m->sb->dev), dev_minor(m->sb->dev));
		snap_mangle(s, fs_root);
		snap_printf(s, " ");
		snap_mangle(s, where);
		snap_printf(s, " %s", mnt_ro ? "ro" : "rw");
		snap_mnt_opts(s, l->e[i].flags);
		if (l->e[i].group_id) /* show_mountinfo's optional fields */
			snap_printf(s, " shared:%d", l->e[i].group_id);
		if (l->e[i].master_id)
			snap_printf(s, " master:%d", l->e[i].master_id);
		if (l->e[i].flags & MNT_UNBINDABLE)
			snap_printf(s, " unbindable");
		snap_printf(s, " - %s ", m->sb->type);
		snap_mangle(s, m->source);
		snap_printf(s, " %s", sb_ro ? "ro" : "rw");
		snap_sb_opts(s, m->sb);
		snap_printf(s, "\n");
	} else {
		snap_mangle(s, m->source);
		snap_printf(s, " ");
		snap_mangle(s, where);
		snap_printf(s, " %s %s", m->sb->type, mnt_ro || sb_ro ? "ro" : "rw");
		snap_mnt_opts(s, l->e[i].flags);
		snap_sb_opts(s, m->sb);
		snap_printf(s, " 0 0\n");
	}
out:
	kfree(where);
	kfree(fs_root);
}

/* mounts_open_common: the mounts of the process's namespace, named from its
 * root; nothing for a process without one (a zombie). */
static void fill_mount_lines(struct proc_target *pt, struct snapshot *s, bool info)
{
	struct path root;
	if (jump_place(pt, 0, &root))
		return;
	struct mount_list *l = kmalloc(sizeof(*l));
	if (!l) {
		path_put(&root);
		return;
	}
	l->n = 0;
	l->ns = fs_context_mnt_ns(pt->fs);
	vfs_for_each_mount(collect_mount, l);
	for (int i = 0; i < l->n; i++) {
		mount_line(s, l, i, &root, info);
		mnt_put(l->e[i].m);
	}
	mnt_ns_put(l->ns);
	path_put(&root);
	kfree(l);
}

/* fs/proc_namespace.c show_vfsmnt: device, mount point, type, options, 0 0. */
static void fill_mounts(struct proc_target *pt, struct snapshot *s)
{
	fill_mount_lines(pt, s, false);
}

/* show_mountinfo: mount id, parent id, major:minor, root, mount point, mount
 * options, the optional fields shared:N and master:N, -, type, source,
 * super options. */
static void fill_mountinfo(struct proc_target *pt, struct snapshot *s)
{
	fill_mount_lines(pt, s, true);
}

/* The lowest open fd >= from, or -1. */
static int target_next_fd(struct proc_target *pt, int from)
{
	struct files *fs = pt->files;
	if (!fs || from < 0)
		return -1;
	int found = -1;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	for (int fd = from; fd < fs->max_fds && found < 0; fd++)
		if (fs->fds[fd])
			found = fd;
	spin_unlock_irqrestore(&fs->lock, irq);
	return found;
}

/* fs/proc/fd.c seq_show: pos, flags (octal, O_CLOEXEC included), mnt_id, ino. */
static void fill_fdinfo_entry(struct proc_target *pt, struct snapshot *s)
{
	int fd = pt->arg;
	struct file *f = files_fd_get(pt->files, fd);
	if (!f)
		return;
	u64 pos = __atomic_load_n(&f->pos, __ATOMIC_RELAXED);		  /* Linux reads f_pos unlocked too */
	unsigned flags = f->flags | (f->nonotify ? __FMODE_NONOTIFY : 0); /* f_flags keeps it */
	struct files *fs = pt->files;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	if (fs->cloexec[fd / 64] & (1ULL << (fd % 64)))
		flags |= O_CLOEXEC;
	spin_unlock_irqrestore(&fs->lock, irq);
	snap_printf(s, "pos:\t%lu\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n", (unsigned long)pos, flags, file_mnt_id(f),
		    (unsigned long)f->inode->ino);
	if (s->len < s->cap)
		s->len = MIN(s->len + inotify_show_fdinfo(f, s->text + s->len, s->cap - s->len), s->cap - 1);
	if (s->len < s->cap)
		s->len = MIN(s->len + fanotify_show_fdinfo(f, s->text + s->len, s->cap - s->len), s->cap - 1);
	file_put(f);
}

/* What Linux's d_dname shows for a file without a name: pipefs, sockfs, anon_inodefs. */
static const char *link_kind(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO: return "pipe";
	case S_IFSOCK: return "socket";
	default: return "anon_inode";
	}
}

/* fd/N: the open file's path, or what Linux shows for a file without one. */
static int link_fd(struct proc_target *pt, int fd, char **target)
{
	struct file *f = files_fd_get(pt->files, fd);
	if (!f)
		return -ENOENT;
	int err = 0;
	if (file_is_ns(f)) {
		err = nsfs_file_text(f, target);
	} else if (f->path.dentry) {
		err = file_path(f, target);
	} else {
		*target = kmalloc(32);
		if (*target && f->ops->anon_name)
			snprintf(*target, 32, "anon_inode:%s", f->ops->anon_name);
		else if (*target)
			snprintf(*target, 32, "%s:[%lu]", link_kind(f->inode->mode), (unsigned long)f->inode->ino);
		err = *target ? 0 : -ENOMEM;
	}
	file_put(f);
	return err;
}

/* fd/N as a magic link: the open file itself (proc_fd_link), named or not. */
static int jump_fd(struct proc_target *pt, int fd, struct path *out)
{
	struct file *f = files_fd_get(pt->files, fd);
	if (!f)
		return -ENOENT;
	int err = file_magic_path(f, out);
	file_put(f);
	return err;
}

static int link_text(char **target, const char *fmt, int a, int b)
{
	*target = kmalloc(40);
	if (!*target)
		return -ENOMEM;
	snprintf(*target, 40, fmt, a, b);
	return 0;
}

static int link_self(struct proc_target *pt, int arg, char **target)
{
	return link_text(target, "%d", current()->group->pid, 0);
}

static int link_thread_self(struct proc_target *pt, int arg, char **target)
{
	return link_text(target, "%d/task/%d", current()->group->pid, current()->tid);
}

static int link_mounts(struct proc_target *pt, int arg, char **target)
{
	*target = kmalloc(16);
	if (!*target)
		return -ENOMEM;
	memcpy(*target, "self/mounts", 12);
	return 0;
}

static int link_exe(struct proc_target *pt, int arg, char **target)
{
	return pt->mm && pt->mm->exe_file ? file_path(pt->mm->exe_file, target) : -ENOENT;
}

/* exe as a magic link (proc_exe_link): the executable's place. */
static int jump_exe(struct proc_target *pt, int arg, struct path *out)
{
	if (!pt->mm || !pt->mm->exe_file)
		return -ENOENT;
	*out = pt->mm->exe_file->path;
	path_get(out);
	return 0;
}

/* cwd (arg 1) or root (arg 0) as a magic link (proc_cwd_link, proc_root_link). */
static int jump_place(struct proc_target *pt, int cwd_not_root, struct path *out)
{
	if (!pt->fs)
		return -ENOENT;
	unsigned long irq = spin_lock_irqsave(&pt->fs->lock);
	*out = cwd_not_root ? pt->fs->cwd : pt->fs->root;
	path_get(out);
	spin_unlock_irqrestore(&pt->fs->lock, irq);
	return 0;
}

/* cwd (arg 1) or root (arg 0), as seen from the caller's root. */
static int link_place(struct proc_target *pt, int cwd_not_root, char **target)
{
	struct path root, place;
	int err = jump_place(pt, cwd_not_root, &place);
	if (err)
		return err;
	fs_context_get_root(&root);
	err = d_path(&place, &root, target);
	path_put(&root);
	path_put(&place);
	return err;
}

/* ns/NAME (fs/proc/namespaces.c): "uts:[N]", and as a magic link the
 * namespace's nsfs file (nsfs.c); arg is the enum ns_kind. */
static int link_ns(struct proc_target *pt, int kind, char **target)
{
	return nsfs_link_text((enum ns_kind)kind, pt->cred, pt->fs, target);
}

static int jump_ns(struct proc_target *pt, int kind, struct path *out)
{
	return nsfs_path((enum ns_kind)kind, pt->cred, pt->fs, out);
}

/* ---- the tree ---------------------------------------------------------------------- */

/* Directories whose names are made when listed. */

/* An inode's view of its entry and of the process it belongs to. */
struct proc_node {
	const struct proc_entry *e;
	int pid;  /* 0: not under /proc/<pid> */
	int tid;  /* under task/<tid>; 0 otherwise */
	int arg;  /* fd of fd/N and fdinfo/N */
	u32 mode; /* fd/N: the link's mode from the file's open mode (fd_link_mode); 0: e->mode */
	/* a /proc/<pid> directory's: the struct pid it was looked up by (a
	 * reference), so that pidfd_send_signal through it never reaches a
	 * later process given the same number (Linux proc_pid(inode)) */
	struct pid *dir_pid;
};

static void fill_fdinfo_entry(struct proc_target *pt, struct snapshot *s);
static const struct file_ops pagemap_ops;

static void fill_nothing(struct proc_target *pt, struct snapshot *s)
{
}

/* /proc/PID/clear_refs (Linux clear_refs_write): a type 1..5 (mm_clear_refs),
 * else EINVAL; ENOMEM from mm_clear_refs; a process without an address space takes the write too. */
static int store_clear_refs(struct proc_target *pt, const char *text, size_t len)
{
	int type;
	if (sysctl_parse_int(text, len, &type) || type < 1 || type > 5)
		return -EINVAL;
	return pt->mm ? mm_clear_refs(pt->mm, type) : 0;
}

/* The task a /proc/<pid> directory shows (its thread, else the leader),
 * or NULL; [tasklist_lock]. */
static struct task *target_task_locked(const struct proc_target *pt)
{
	ASSERT_HELD(&tasklist_lock);
	return pid_find_task(pt->tid ? pt->tid : pt->pid);
}

/* timerslack_ns (Linux fs/proc/base.c timerslack_ns_show/_write): another
 * process's needs CAP_SYS_NICE; 0 written is the default slack. */
static void fill_timerslack(struct proc_target *pt, struct snapshot *s)
{
	if (pt->g != current()->group && !capable(CAP_SYS_NICE)) {
		s->err = -EPERM; /* at read, as Linux's show */
		return;
	}
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = target_task_locked(pt);
	u64 slack = t ? __atomic_load_n(&t->timer_slack_ns, __ATOMIC_RELAXED) : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	snap_printf(s, "%lu\n", (unsigned long)slack);
}

static int store_timerslack(struct proc_target *pt, const char *text, size_t len)
{
	u64 slack;
	if (sysctl_parse_ulong(text, len, ~0ULL, &slack))
		return -EINVAL;
	if (pt->g != current()->group && !capable(CAP_SYS_NICE))
		return -EPERM;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task *t = target_task_locked(pt);
	if (t)
		__atomic_store_n(&t->timer_slack_ns, slack ? slack : t->default_timer_slack_ns, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return t ? 0 : -ESRCH;
}

/* /proc/PID/coredump_filter (Linux proc_coredump_filter_read/_write): the
 * mm's dump filter as %08x; a number (0x.., 0.. octal, decimal) sets its
 * low 9 bits. Nothing without an mm (read: empty; write: ESRCH). */
static void fill_coredump_filter(struct proc_target *pt, struct snapshot *s)
{
	if (pt->mm)
		snap_printf(s, "%08x\n", __atomic_load_n(&pt->mm->dump_filter, __ATOMIC_RELAXED));
}

static int store_coredump_filter(struct proc_target *pt, const char *text, size_t len)
{
	u64 value;
	if (sysctl_parse_ulong(text, len, 0xffffffffu, &value))
		return -EINVAL;
	if (!pt->mm)
		return -ESRCH;
	__atomic_store_n(&pt->mm->dump_filter, (unsigned)value & MM_DUMP_FILTER_MASK, __ATOMIC_RELAXED);
	return 0;
}

/*
 * /proc/PID/oom_score_adj, oom_adj and oom_score (Linux fs/proc/base.c
 * oom_score_adj_read/_write, oom_adj_read/_write, proc_oom_score): the
 * process's value, -1000..1000 (EINVAL outside). Lowering it below its
 * oom_score_adj_min needs CAP_SYS_RESOURCE, else EACCES; a writer with
 * CAP_SYS_RESOURCE sets the minimum to what it wrote (__set_oom_adj;
 * the legacy oom_adj does not). Linux also copies a new value to other
 * processes sharing the mm (CLONE_VM without CLONE_THREAD); not done here.
 * oom_adj is the old -17..15 scale: 15 is 1000, else adj * 1000 / 17, and
 * back as adj * 17 / 1000 (OOM_ADJUST_MAX, OOM_DISABLE). oom_score is the
 * badness (proc/oom_kill.c) scaled to 0..2000, 0 for an unkillable one.
 */
#define OOM_DISABLE (-17)
#define OOM_ADJUST_MAX 15

static void fill_oom_score_adj(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", __atomic_load_n(&pt->g->oom_score_adj, __ATOMIC_RELAXED));
}

/* Linux __set_oom_adj: 0, -ESRCH (no thread left) or -EACCES. */
static int set_oom_score_adj(struct proc_target *pt, int adj, bool legacy)
{
	struct thread_group *g = pt->g;
	int err = 0;
	bool privileged = capable(CAP_SYS_RESOURCE);
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (g->nr_threads == 0)
		err = -ESRCH;
	else if (adj < g->oom_score_adj_min && !privileged)
		err = -EACCES;
	if (!err) {
		__atomic_store_n(&g->oom_score_adj, (short)adj, __ATOMIC_RELAXED);
		if (!legacy && privileged)
			__atomic_store_n(&g->oom_score_adj_min, (short)adj, __ATOMIC_RELAXED);
	}
	spin_unlock_irqrestore(&g->lock, irq);
	return err;
}

static int store_oom_score_adj(struct proc_target *pt, const char *text, size_t len)
{
	int adj;
	if (sysctl_parse_int(text, len, &adj) || adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	return set_oom_score_adj(pt, adj, false);
}

static void fill_oom_adj(struct proc_target *pt, struct snapshot *s)
{
	int adj = __atomic_load_n(&pt->g->oom_score_adj, __ATOMIC_RELAXED);
	snap_printf(s, "%d\n", adj == OOM_SCORE_ADJ_MAX ? OOM_ADJUST_MAX : adj * -OOM_DISABLE / OOM_SCORE_ADJ_MAX);
}

static int store_oom_adj(struct proc_target *pt, const char *text, size_t len)
{
	int adj;
	if (sysctl_parse_int(text, len, &adj) || adj < OOM_DISABLE || adj > OOM_ADJUST_MAX)
		return -EINVAL;
	/* Linux: "Scale /proc/pid/oom_score_adj appropriately ensuring that a
	 * maximum value for oom_adj scales to the maximum oom_score_adj" */
	adj = adj == OOM_ADJUST_MAX ? OOM_SCORE_ADJ_MAX : adj * OOM_SCORE_ADJ_MAX / -OOM_DISABLE;
	return set_oom_score_adj(pt, adj, true);
}

static void fill_oom_score(struct proc_target *pt, struct snapshot *s)
{
	long totalpages = (long)MAX(oom_total_pages(), 1);
	long badness = oom_badness(pt->g, (u64)totalpages);
	long points = badness == OOM_BADNESS_UNKILLABLE ? 0 : (1000 + badness * 1000 / totalpages) * 2 / 3;
	snap_printf(s, "%lu\n", (unsigned long)points);
}

static const struct proc_entry fd_link = {
	.name = "", .mode = S_IFLNK | 0700, .link = link_fd, .jump = jump_fd, .checked = true};
#define NS_LINK(link_name, ns_kind)                                                                          \
	{                                                                                                    \
		.name = link_name, .mode = S_IFLNK | 0777, .link = link_ns, .jump = jump_ns, .arg = ns_kind, \
		.checked = true                                                                              \
	}
static const struct proc_entry ns_entries[] = {
	NS_LINK("net", NS_NET),
	NS_LINK("uts", NS_UTS),
	NS_LINK("ipc", NS_IPC),
	NS_LINK("pid", NS_PID),
	NS_LINK("pid_for_children", NS_PID_FOR_CHILDREN),
	NS_LINK("user", NS_USER),
	NS_LINK("mnt", NS_MNT),
	NS_LINK("cgroup", NS_CGROUP),
	NS_LINK("time", NS_TIME),
	NS_LINK("time_for_children", NS_TIME_FOR_CHILDREN),
	{.name = NULL},
};
static const struct proc_entry fdinfo_file = {
	.name = "", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_fdinfo_entry, .checked = true};

/* The files of /proc/<pid>/ and /proc/<pid>/task/<tid>/. */
#define PID_FILES                                                                                                   \
	{.name = "cmdline", .mode = S_IFREG | 0444, .size = cmdline_size, .fill = fill_cmdline},                    \
		{.name = "auxv", .mode = S_IFREG | 0400, .size = auxv_size, .fill = fill_auxv, .checked = true},    \
		{.name = "cgroup", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_cgroup},           \
		{.name = "clear_refs",                                                                              \
		 .mode = S_IFREG | 0200,                                                                            \
		 .size = proc_small_size,                                                                           \
		 .fill = fill_nothing,                                                                              \
		 .store_target = store_clear_refs,                                                                  \
		 .read_error = -EINVAL,                                                                             \
		 .checked = true},                                                                                  \
		{.name = "comm", .mode = S_IFREG | 0644, .size = proc_small_size, .fill = fill_comm},               \
		{.name = "cwd",                                                                                     \
		 .mode = S_IFLNK | 0777,                                                                            \
		 .link = link_place,                                                                                \
		 .jump = jump_place,                                                                                \
		 .arg = 1,                                                                                          \
		 .checked = true},                                                                                  \
		{.name = "environ",                                                                                 \
		 .mode = S_IFREG | 0400,                                                                            \
		 .size = environ_size,                                                                              \
		 .fill = fill_environ,                                                                              \
		 .checked = true},                                                                                  \
		{.name = "exe", .mode = S_IFLNK | 0777, .link = link_exe, .jump = jump_exe, .checked = true},       \
		{.name = "fd", .mode = S_IFDIR | 0500, .kind = DIR_FD, .checked = true},                            \
		{.name = "fdinfo", .mode = S_IFDIR | 0500, .kind = DIR_FDINFO, .checked = true},                    \
		{.name = "limits", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_limits},           \
		{.name = "maps", .mode = S_IFREG | 0444, .size = maps_size, .fill = fill_maps, .checked = true},    \
		{.name = "mountinfo", .mode = S_IFREG | 0444, .size = mounts_size, .fill = fill_mountinfo},         \
		{.name = "mounts", .mode = S_IFREG | 0444, .size = mounts_size, .fill = fill_mounts},               \
		{.name = "ns", .mode = S_IFDIR | 0511, .children = ns_entries},                                     \
		{.name = "oom_adj",                                                                                 \
		 .mode = S_IFREG | 0644,                                                                            \
		 .size = proc_small_size,                                                                           \
		 .fill = fill_oom_adj,                                                                              \
		 .store_target = store_oom_adj},                                                                    \
		{.name = "oom_score", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_oom_score},     \
		{.name = "oom_score_adj",                                                                           \
		 .mode = S_IFREG | 0644,                                                                            \
		 .size = proc_small_size,                                                                           \
		 .fill = fill_oom_score_adj,                                                                        \
		 .store_target = store_oom_score_adj},                                                              \
		{.name = "pagemap", .mode = S_IFREG | 0400, .fops = &pagemap_ops, .checked = true},                 \
		{.name = "smaps", .mode = S_IFREG | 0444, .size = smaps_size, .fill = fill_smaps, .checked = true}, \
		{.name = "smaps_rollup",                                                                            \
		 .mode = S_IFREG | 0444,                                                                            \
		 .size = proc_small_size,                                                                           \
		 .fill = fill_smaps_rollup,                                                                         \
		 .checked = true},                                                                                  \
		{.name = "root",                                                                                    \
		 .mode = S_IFLNK | 0777,                                                                            \
		 .link = link_place,                                                                                \
		 .jump = jump_place,                                                                                \
		 .arg = 0,                                                                                          \
		 .checked = true},                                                                                  \
		{.name = "stat", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_stat},               \
		{.name = "statm", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_statm},             \
	{                                                                                                           \
		.name = "status", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_status              \
	}

static const struct proc_entry tid_entries[] = {PID_FILES, {.name = NULL}};
static const struct proc_entry pid_entries[] = {
	PID_FILES,
	{.name = "coredump_filter",
	 .mode = S_IFREG | 0644,
	 .size = proc_small_size,
	 .fill = fill_coredump_filter,
	 .store_target = store_coredump_filter},
	{.name = "timerslack_ns",
	 .mode = S_IFREG | 0666,
	 .size = proc_small_size,
	 .fill = fill_timerslack,
	 .store_target = store_timerslack},
	{.name = "task", .mode = S_IFDIR | 0555, .kind = DIR_TASK},
	{.name = NULL},
};

static const struct proc_entry net_entries[] = {
	FORMAT_FILE("dev", dev_proc_format),	       /* net/netdev.c */
	FORMAT_FILE("if_inet6", if_inet6_proc_format), /* net/netdev.c */
	FORMAT_FILE("snmp", snmp_proc_format),	       /* net/snmp.c */
	FORMAT_FILE("snmp6", snmp6_proc_format),       /* net/snmp.c */
	FORMAT_FILE("tcp6", tcp6_proc_format),	       /* net/tcp_table.c */
	FORMAT_FILE("udp6", udp6_proc_format),	       /* net/udp.c */
	FORMAT_FILE("tcp", tcp_proc_format),	       /* net/tcp_table.c */
	FORMAT_FILE("udp", udp_proc_format),	       /* net/udp.c */
	FORMAT_FILE("raw", raw_proc_format),	       /* net/icmp.c */
	FORMAT_FILE("raw6", raw6_proc_format),	       /* net/icmp.c */
	FORMAT_FILE("icmp", icmp_proc_format),	       /* net/icmp.c */
	FORMAT_FILE("icmp6", icmp6_proc_format),       /* net/icmp.c */
	FORMAT_FILE("unix", unix_proc_format),	       /* net/af_unix.c */
	{.name = NULL},
};

static const struct proc_entry sysvipc_entries[] = {
	FORMAT_FILE("msg", msg_proc_format), /* ipc/msg.c */
	FORMAT_FILE("sem", sem_proc_format), /* ipc/sem.c */
	FORMAT_FILE("shm", shm_proc_format), /* ipc/shm.c */
	{.name = NULL},
};

static const struct proc_entry root_entries[] = {
	SYS_FILE("cmdline", proc_fill_cmdline),
	{.name = "cpuinfo", .mode = S_IFREG | 0444, .size = proc_cpuinfo_size, .fill = proc_fill_cpuinfo},
	SYS_FILE("devices", proc_fill_devices),
	SYS_FILE("filesystems", proc_fill_filesystems),
	SYS_FILE("interrupts", proc_fill_interrupts),
	SYS_FILE("loadavg", proc_fill_loadavg),
	FORMAT_FILE("keys", key_proc_format),		 /* proc/key.c */
	FORMAT_FILE("key-users", key_users_proc_format), /* proc/key.c */
	FORMAT_FILE("locks", locks_proc_format),	 /* fs/locks_list.c */
	{.name = "meminfo", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = proc_fill_meminfo},
	{.name = "mounts", .mode = S_IFLNK | 0777, .link = link_mounts},
	{.name = "net", .mode = S_IFDIR | 0555, .children = net_entries},
	SYS_FILE("partitions", proc_fill_partitions),
	{.name = "self", .mode = S_IFLNK | 0777, .link = link_self},
	SYS_FILE("stat", proc_fill_system_stat),
	SYS_FILE("swaps", proc_fill_swaps),
	{.name = "sys", .mode = S_IFDIR | 0555, .children = proc_sys_entries},
	{.name = "sysrq-trigger",
	 .mode = S_IFREG | 0200,
	 .size = proc_small_size,
	 .fill = fill_nothing,
	 .store = proc_store_sysrq_trigger,
	 .read_error = -EIO},
	{.name = "sysvipc", .mode = S_IFDIR | 0555, .children = sysvipc_entries},
	{.name = "thread-self", .mode = S_IFLNK | 0777, .link = link_thread_self},
	{.name = "uptime", .mode = S_IFREG | 0444, .size = proc_small_size, .fill = proc_fill_uptime},
	SYS_FILE("version", proc_fill_version),
	SYS_FILE("vmstat", proc_fill_vmstat),
	{.name = NULL},
};

/* ---- sysfs ------------------------------------------------------------------------- */

/* A CPU mask in the kernel's cpulist format (lib/bitmap.c bitmap_print_to_pagebuf
 * with list=true): ranges "a-b" and single CPUs, comma-separated, then a newline. */
static void snap_cpulist(struct snapshot *s, u64 mask)
{
	const char *sep = "";
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!((mask >> cpu) & 1))
			continue;
		int last = cpu;
		while (last + 1 < MAX_CPUS && ((mask >> (last + 1)) & 1))
			last++;
		if (last == cpu)
			snap_printf(s, "%s%d", sep, cpu);
		else
			snap_printf(s, "%s%d-%d", sep, cpu, last);
		sep = ",";
		cpu = last;
	}
	snap_printf(s, "\n");
}

/* drivers/base/cpu.c: online, possible and present. Every CPU the device
 * tree lists is started (maxcpus= aside), so the three are the online set
 * here; Linux keeps CPUs beyond maxcpus= possible and present. */
static void fill_cpus_online(struct proc_target *pt, struct snapshot *s)
{
	snap_cpulist(s, smp_online_mask());
}

/* kernfs_fop_open: a file without write permission is EACCES to root too (.sysctl). */
#define SYSFS_FILE(file_name, fill_fn) SYSCTL_RO_FILE(file_name, fill_fn)
#define SYSFS_DIR(dir_name, entries)                                          \
	{                                                                     \
		.name = dir_name, .mode = S_IFDIR | 0755, .children = entries \
	}

static const struct proc_entry sysfs_no_entries[] = {{.name = NULL}};

static const struct proc_entry sysfs_cpu_entries[] = {
	SYSFS_FILE("online", fill_cpus_online),
	SYSFS_FILE("possible", fill_cpus_online),
	SYSFS_FILE("present", fill_cpus_online),
	{.name = NULL},
};

static const struct proc_entry sysfs_system_entries[] = {
	SYSFS_DIR("cpu", sysfs_cpu_entries),
	{.name = NULL},
};

static const struct proc_entry sysfs_devices_entries[] = {
	SYSFS_DIR("system", sysfs_system_entries),
	{.name = NULL},
};

static const struct proc_entry sysfs_dev_entries[] = {
	SYSFS_DIR("block", sysfs_no_entries),
	SYSFS_DIR("char", sysfs_no_entries),
	{.name = NULL},
};

/* The top directories Linux's sysfs always has (their contents mostly left out). */
static const struct proc_entry sysfs_root_entries[] = {
	SYSFS_DIR("block", sysfs_no_entries),
	SYSFS_DIR("bus", sysfs_no_entries),
	SYSFS_DIR("class", sysfs_no_entries),
	SYSFS_DIR("dev", sysfs_dev_entries),
	SYSFS_DIR("devices", sysfs_devices_entries),
	SYSFS_DIR("firmware", sysfs_no_entries),
	SYSFS_DIR("fs", sysfs_no_entries),
	SYSFS_DIR("kernel", sysfs_no_entries),
	SYSFS_DIR("module", sysfs_no_entries),
	SYSFS_DIR("power", sysfs_no_entries),
	{.name = NULL},
};

static const struct proc_entry sysfs_root_dir = {.name = "", .mode = S_IFDIR | 0755, .children = sysfs_root_entries};

static const struct proc_entry pid_dir = {.name = "", .mode = S_IFDIR | 0555, .children = pid_entries};
static const struct proc_entry tid_dir = {.name = "", .mode = S_IFDIR | 0555, .children = tid_entries};
static const struct proc_entry root_dir = {
	.name = "", .mode = S_IFDIR | 0555, .children = root_entries, .kind = DIR_ROOT};

/* ---- files ---------------------------------------------------------------------- */

static const struct proc_node *node_of(struct inode *inode)
{
	return inode->private;
}

/* The target of a node under /proc/<pid> (checked entries: may_access too); root files: none. */
static int node_target(const struct proc_node *node, struct proc_target *pt)
{
	if (!node->pid) {
		*pt = (struct proc_target){0};
		return 0;
	}
	int err = target_get(node->pid, node->tid, pt);
	if (err)
		return err;
	pt->arg = node->arg;
	if (node->e->checked && (err = may_access(pt)) != 0)
		target_put(pt);
	return err;
}

static int snap_open(struct inode *inode, struct file *f)
{
	const struct proc_node *node = node_of(inode);
	/* fs/proc/proc_sysctl.c proc_sys_permission → test_perm: a sysctl's
	 * mode is checked for root as for anyone, CAP_DAC_OVERRIDE or not */
	if (node->e->sysctl && !node->e->store && !node->e->int_ctl && (f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	struct proc_target pt;
	int err = node_target(node, &pt);
	if (err)
		return err;
	const struct proc_entry *e = node->e;
	struct snapshot *s = kzalloc(sizeof(*s));
	if (s) {
		s->cap = e->format ? e->format(NULL, 0) + FORMAT_SLACK : e->size(&pt);
		s->text = kmalloc(s->cap);
	}
	if (!s || !s->text) {
		kfree(s);
		target_put(&pt);
		return -ENOMEM;
	}
	if (e->format)
		s->len = MIN(e->format(s->text, s->cap), s->cap - 1);
	else if (e->int_ctl)
		proc_sysctl_int_fill(e->int_ctl, s);
	else
		e->fill(&pt, s);
	if (e->read_error)
		s->err = e->read_error;
	target_put(&pt);
	f->private = s;
	return 0;
}

static ssize_t snap_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct snapshot *s = f->private;
	if (s->err)
		return s->err;
	if (pos >= s->len)
		return 0;
	return iobuf_copy_out(dst, 0, s->text + pos, MIN(len, s->len - pos));
}

/* A write to a per-process file with store_target: the first bytes (at most
 * 31, Linux clear_refs_write's buffer) are the value, wherever the offset. */
static ssize_t target_write(const struct proc_node *node, struct iobuf *src, size_t len)
{
	char text[32];
	size_t take = MIN(len, sizeof(text) - 1);
	ssize_t ret = iobuf_copy_in(text, src, 0, take);
	if (ret < 0)
		return ret;
	struct proc_target pt;
	int err = node_target(node, &pt);
	if (err)
		return err;
	err = node->e->store_target(&pt, text, take);
	target_put(&pt);
	return err ? err : (ssize_t)len;
}

/* A write to a sysctl file (proc_sys_write): the whole write, at offset 0,
 * is the new value; a write further on changes nothing (sysctl_writes_strict
 * for strings: text past the end is not appended here). A store returns
 * a negative errno, 0 when it took the whole text, or the bytes it took
 * (proc_dointvec stops after its last value). Files without a store:
 * under /proc/PID EINVAL, as a file without a write method on Linux;
 * elsewhere EIO (proc_reg_write's pde_write for a proc_ops without one). */
static ssize_t snap_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	const struct proc_node *node = node_of(f->inode);
	if (!node->e->store && !node->e->store_target && !node->e->int_ctl)
		return node->pid ? -EINVAL : -EIO;
	if (node->e->store_target) /* a per-process file: every write is a whole value (clear_refs) */
		return target_write(node, src, len);
	if (pos != 0 || len == 0)
		return (ssize_t)len;
	size_t take = MIN(len, (size_t)PAGE_SIZE);
	char *text = kmalloc(take);
	if (!text)
		return -ENOMEM;
	ssize_t ret = iobuf_copy_in(text, src, 0, take);
	if (ret >= 0) {
		int taken = node->e->int_ctl ? proc_sysctl_int_store(node->e->int_ctl, text, take)
					     : node->e->store(text, take);
		ret = taken ? taken : (ssize_t)len;
	}
	kfree(text);
	return ret;
}

static void snap_release(struct file *f)
{
	struct snapshot *s = f->private;
	if (s)
		kfree(s->text);
	kfree(s);
}

/*
 * /proc/PID/pagemap (Linux fs/proc/task_mmu.c pagemap_read;
 * Documentation/admin-guide/mm/pagemap.rst): one 64-bit entry per virtual
 * page, the entry of page N at offset 8*N, up to the top of user space.
 * Bit 63 present, 62 swapped (never: no swap), 61 a file's or shared page
 * (not PageAnon), 56 mapped exactly once, 55 soft-dirty (never: arm64 has
 * no soft-dirty bit), 0-54 the page frame number, zero unless the reader
 * has CAP_SYS_ADMIN (Linux hides frames from others since 4.2). The zero
 * page and raw frames (vvar) have no struct page in Linux (vm_normal_page
 * NULL): present, no other bit.
 */
#define PM_PRESENT (1ULL << 63)
#define PM_FILE (1ULL << 61)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_PFRAME_MASK ((1ULL << 55) - 1)
#define PM_ENTRIES_PER_LOCK 64 /* entries made under one hold of mm->lock */

/* The entry of the page at va; mm->lock held. */
static u64 pagemap_entry(struct mm *mm, vaddr_t va, bool show_pfn)
{
	ASSERT_HELD(&mm->lock);
	struct vma *v = vm_find(mm, va);
	pte_t *e = v ? upt_lookup(&mm->arch, va) : NULL;
	if (!e || !pte_resident(*e))
		return 0;
	paddr_t pa = pte_paddr(*e);
	u64 entry = PM_PRESENT | (show_pfn ? pa_to_pfn(pa) & PM_PFRAME_MASK : 0);
	bool pfnmap = (v->flags & VMA_SPECIAL) && v->special->pfnmap;
	if (pfnmap || !page_is_ram(pa) || vm_is_zero_page(pa))
		return entry;
	bool anon;
	if (page_kind(v, va, pa, &anon) == 1)
		entry |= PM_MMAP_EXCLUSIVE;
	return entry | (anon ? 0 : PM_FILE);
}

static ssize_t pagemap_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	if (pos % sizeof(u64) || len % sizeof(u64))
		return -EINVAL;
	struct proc_target pt;
	int err = node_target(node_of(f->inode), &pt);
	if (err)
		return err;
	bool show_pfn = capable(CAP_SYS_ADMIN);
	const u64 end = USER_VA_END / PAGE_SIZE;
	u64 vpn = pos / sizeof(u64);
	size_t done = 0;
	while (pt.mm && done < len && vpn < end) {
		u64 buf[PM_ENTRIES_PER_LOCK];
		size_t n = MIN(MIN((len - done) / sizeof(u64), (size_t)PM_ENTRIES_PER_LOCK), (size_t)(end - vpn));
		unsigned long irq = spin_lock_irqsave(&pt.mm->lock);
		for (size_t i = 0; i < n; i++)
			buf[i] = pagemap_entry(pt.mm, (vpn + i) * PAGE_SIZE, show_pfn);
		spin_unlock_irqrestore(&pt.mm->lock, irq);
		ssize_t copied = iobuf_copy_out(dst, done, buf, n * sizeof(u64));
		if (copied < 0) {
			err = (int)copied;
			break;
		}
		done += n * sizeof(u64);
		vpn += n;
	}
	target_put(&pt);
	return done ? (ssize_t)done : err;
}

static const struct file_ops pagemap_ops = {
	.no_read_iter = true,
	.read = pagemap_read,
	.seekable = true,
};

static const struct file_ops snap_ops = {
	.open = snap_open,
	.read = snap_read,
	.write = snap_write,
	.release = snap_release,
	.seekable = true,
	.seek_set_cur_only = true, /* seq_lseek */
};

/* A link's text (target) or, for a magic link, its object (out: Linux's
 * proc_pid_get_link and nd_jump_link), after the same access check either
 * way (proc_fd_access_allowed: ptrace_may_access, PTRACE_MODE_READ_FSCREDS). */
static int proc_link_resolve(struct dentry *d, char **target, struct path *out)
{
	const struct proc_node *node = node_of(d->inode);
	struct proc_target pt;
	int err = node_target(node, &pt);
	if (err)
		return err;
	err = target ? node->e->link(&pt, node->arg, target) : node->e->jump(&pt, node->arg, out);
	target_put(&pt);
	return err;
}

static int proc_get_link(struct dentry *d, char **target)
{
	return proc_link_resolve(d, target, NULL);
}

static int proc_get_path(struct dentry *d, struct path *out)
{
	return proc_link_resolve(d, NULL, out);
}

static ssize_t proc_dir_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	return -EISDIR;
}

static const struct file_ops proc_dir_ops = {
	.no_read_iter = true,
	.read = proc_dir_read,
	.seekable = true,
	.seek_set_cur_only = true,
};

static int proc_lookup(struct inode *dir, struct dentry *d);
static int proc_iterate(struct file *f, struct dir_context *ctx);

static const struct inode_ops proc_dir_iops = {.lookup = proc_lookup, .iterate = proc_iterate};

/* proc_fd_permission (fs/proc/fd.c): /proc/<pid>/fd is the mode's to
 * open, and its own process's always, even when not dumpable makes root its
 * owner (a setuid program still reaches its descriptors). */
static int proc_fd_permission(const struct cred *c, struct inode *inode, int mask)
{
	int err = generic_permission(c, inode, mask);
	if (err && node_of(inode)->pid == current()->group->pid)
		err = 0;
	return err;
}

static const struct inode_ops proc_fd_dir_iops = {
	.lookup = proc_lookup, .iterate = proc_iterate, .permission = proc_fd_permission};
/* kernfs_iop_lookup gives a negative dentry: O_CREAT goes on to EACCES (no create) */
static const struct inode_ops sysfs_dir_iops = {
	.lookup = proc_lookup, .iterate = proc_iterate, .lookup_negative = true};
static const struct inode_ops proc_link_iops = {.get_link = proc_get_link};
/* exe, cwd, root and fd/N stand for objects, not names (RESOLVE_NO_MAGICLINKS refuses them) */
static const struct inode_ops proc_magic_link_iops = {.get_link = proc_get_link, .get_path = proc_get_path};

static void node_destroy(struct inode *inode)
{
	struct proc_node *node = inode->private;
	if (node->dir_pid)
		pid_put(node->dir_pid);
	kfree(node);
}

struct pid *procfs_dir_pid(struct file *f)
{
	if (!f->inode || f->inode->destroy != node_destroy)
		return NULL;
	const struct proc_node *node = node_of(f->inode);
	if (node->e != &pid_dir || !node->dir_pid)
		return NULL;
	pid_get(node->dir_pid);
	return node->dir_pid;
}

static struct inode *proc_inode(struct super_block *sb, const struct proc_node *from)
{
	const struct proc_entry *e = from->e;
	struct proc_node *node = kmalloc(sizeof(*node));
	struct inode *inode = node ? inode_alloc(sb, from->mode ? from->mode : e->mode) : NULL;
	if (!inode) {
		kfree(node);
		return NULL;
	}
	*node = *from;
	inode->private = node;
	inode->destroy = node_destroy;
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		inode->iops = sb->magic == SYSFS_MAGIC ? &sysfs_dir_iops
			      : e->kind == DIR_FD      ? &proc_fd_dir_iops
						       : &proc_dir_iops;
		inode->fops = &proc_dir_ops;
		inode->nlink = 2;
		break;
	case S_IFLNK: inode->iops = e->jump ? &proc_magic_link_iops : &proc_link_iops; break;
	default: inode->fops = e->fops ? e->fops : &snap_ops; break;
	}
	return inode;
}

/* A decimal number (no sign, no leading zero), or -1. */
static int parse_number(const char *name, size_t len)
{
	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

/* Does process pid (thread tid, if not 0) exist? Owner: its euid/egid, root
 * when it is not dumpable (Linux task_dump_owner, fs.suid_dumpable 0). */
static bool process_exists(int pid, int tid, u32 *uid, u32 *gid)
{
	struct proc_target pt;
	if (target_get(pid, tid, &pt))
		return false;
	bool dumpable = __atomic_load_n(&pt.g->dumpable, __ATOMIC_RELAXED) != SUID_DUMP_DISABLE;
	*uid = dumpable ? pt.cred->euid : 0;
	*gid = dumpable ? pt.cred->egid : 0;
	target_put(&pt);
	return true;
}

/* The pid of the process that thread (or process) number nr belongs to, or 0. */
static int process_of(int nr)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g = pid_find_process(nr);
	int pid = g ? g->pid : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return pid;
}

/* /proc/PID/fd/N's mode says how the file is open (Linux fs/proc/fd.c
 * tid_fd_update_inode): r-x for reading, -wx for writing, both for O_RDWR,
 * nothing for O_PATH or the access mode 3 (OPEN_FMODE: (flags + 1) & 3
 * has bit 0 for FMODE_READ and bit 1 for FMODE_WRITE). */
static u32 fd_link_mode(const struct file *f)
{
	u32 mode = S_IFLNK;
	unsigned fmode = (f->flags & O_PATH) ? 0 : ((f->flags & O_ACCMODE) + 1) & O_ACCMODE;
	if (fmode & 1)
		mode |= S_IRUSR | S_IXUSR;
	if (fmode & 2)
		mode |= S_IWUSR | S_IXUSR;
	return mode;
}

static int proc_lookup(struct inode *dir, struct dentry *d)
{
	const struct proc_node *parent = node_of(dir);
	struct proc_node node = {NULL, parent->pid, parent->tid, 0, 0, NULL};
	int n = parse_number(d->name, d->name_len);
	u32 uid = 0, gid = 0;
	struct proc_target pt;
	switch (parent->e->kind) {
	case DIR_FD:
	case DIR_FDINFO:
		if (n >= 0 && node_target(parent, &pt) == 0) {
			struct file *f = files_fd_get(pt.files, n);
			if (f) {
				node.e = parent->e->kind == DIR_FD ? &fd_link : &fdinfo_file;
				node.arg = n;
				if (node.e == &fd_link)
					node.mode = fd_link_mode(f);
				file_put(f);
			}
			target_put(&pt);
		}
		break;
	case DIR_TASK:
		if (n > 0 && process_exists(parent->pid, n, &uid, &gid)) {
			node.e = &tid_dir;
			node.tid = n;
		}
		break;
	default:
		for (const struct proc_entry *c = parent->e->children; c->name; c++)
			if (str_equals_bytes(c->name, d->name, d->name_len))
				node.e = c;
		if (node.e)
			node.arg = node.e->arg;
		if (!node.e && parent->e->kind == DIR_ROOT && n > 0) {
			/* fs/proc/base.c proc_pid_lookup: any thread's number opens a
			 * process directory seen through that thread (not listed by readdir) */
			int pid = process_of(n);
			if (pid > 0 && process_exists(pid, pid == n ? 0 : n, &uid, &gid)) {
				node.e = &pid_dir;
				node.pid = pid;
				node.tid = pid == n ? 0 : n;
			}
		}
		if (node.e && node.pid && !process_exists(node.pid, node.tid, &uid, &gid))
			node.e = NULL;
		break;
	}
	if (node.e == &pid_dir && !(node.dir_pid = pid_get_nr(n)))
		node.e = NULL;
	if (!node.e)
		return -ENOENT;
	struct inode *inode = proc_inode(dir->sb, &node);
	if (!inode) {
		if (node.dir_pid)
			pid_put(node.dir_pid);
		return -ENOMEM;
	}
	if (node.pid) {
		inode->uid = uid;
		inode->gid = gid;
	}
	d_instantiate(d, inode);
	inode_put(inode);
	return 0;
}

static unsigned type_of(u32 mode)
{
	return (mode & S_IFMT) >> 12;
}

/* The lowest pid >= from in the process table, or -1. */
static int next_pid(int from)
{
	int best = -1;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g;
	/* a reaped process (unhashed: no own_pid) stays on process_list until
	 * its last reference goes, but is gone from /proc at once */
	list_for_each_entry(g, &process_list, process_node)
		if (g->own_pid && g->pid >= from && (best < 0 || g->pid < best))
			best = g->pid;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return best;
}

/* The lowest tid >= from among process pid's threads, or -1. */
static int next_tid(int pid, int from)
{
	int best = -1;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g = pid_find_process(pid);
	if (g && g->pid == pid) {
		unsigned long group_irq = spin_lock_irqsave(&g->lock);
		struct task *t;
		list_for_each_entry(t, &g->threads, group_node)
			if (t->tid >= from && (best < 0 || t->tid < best))
				best = t->tid;
		spin_unlock_irqrestore(&g->lock, group_irq);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return best;
}

/*
 * The name at position i (from 2) of a directory and the position after it.
 * Fixed children are at 2.., pids at PID_POS_BASE + pid, fds and tids at 2 + number.
 */
static bool nth_name(const struct proc_node *dir, u64 i, char *buf, size_t size, unsigned *type, u64 *next)
{
	const struct proc_entry *e = dir->e;
	int n = -1;
	if (e->kind == DIR_FD || e->kind == DIR_FDINFO) {
		struct proc_target pt;
		if (node_target(dir, &pt))
			return false;
		n = i - 2 < (u64)NR_OPEN_LIMIT ? target_next_fd(&pt, (int)(i - 2)) : -1; /* any fd fs.nr_open allows */
		target_put(&pt);
		*type = type_of(e->kind == DIR_FD ? S_IFLNK : S_IFREG);
		*next = 2 + (u64)n + 1;
	} else if (e->kind == DIR_TASK) {
		n = i - 2 < (u64)PID_MAX_DEFAULT * 128 ? next_tid(dir->pid, (int)(i - 2)) : -1;
		*type = type_of(S_IFDIR);
		*next = 2 + (u64)n + 1;
	} else {
		size_t nr = 0;
		while (e->children[nr].name)
			nr++;
		if (i - 2 < nr) {
			snprintf(buf, size, "%s", e->children[i - 2].name);
			*type = type_of(e->children[i - 2].mode);
			*next = i + 1;
			return true;
		}
		if (e->kind != DIR_ROOT)
			return false;
		n = next_pid(i >= PID_POS_BASE ? (int)(i - PID_POS_BASE) : 1);
		*type = type_of(S_IFDIR);
		*next = PID_POS_BASE + (u64)n + 1;
	}
	if (n < 0)
		return false;
	snprintf(buf, size, "%d", n);
	return true;
}

/* Positions: ".", "..", then the names of nth_name. */
static int proc_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_node *dir = node_of(f->inode);
	for (;;) {
		u64 i = ctx->pos, next = i + 1;
		char name[NAME_MAX + 1]; /* any name a file may have: sysctl names run past 15 characters */
		unsigned type = type_of(S_IFDIR);
		if (i == 0)
			snprintf(name, sizeof(name), ".");
		else if (i == 1)
			snprintf(name, sizeof(name), "..");
		else if (!nth_name(dir, i, name, sizeof(name), &type, &next))
			return 0;
		if (!ctx->emit(ctx, name, strlen(name), 0x1000 + (i & 0xffffff), type, next))
			return 0;
		ctx->pos = next;
	}
}

static void procfs_kill(struct super_block *sb)
{
	dput(sb->root);
	kfree(sb);
}

static struct super_block *create(const char *type, u64 magic, const struct proc_entry *root_entry)
{
	struct super_block *sb = sb_alloc(type, magic);
	if (!sb)
		return NULL;
	struct proc_node root = {root_entry, 0, 0, 0, 0, NULL};
	if (sb_set_root(sb, proc_inode(sb, &root))) {
		kfree(sb);
		return NULL;
	}
	sb->kill = procfs_kill;
	return sb;
}

struct super_block *procfs_create(void)
{
	return create("proc", PROC_SUPER_MAGIC, &root_dir);
}

struct super_block *sysfs_create(void)
{
	return create("sysfs", SYSFS_MAGIC, &sysfs_root_dir);
}
