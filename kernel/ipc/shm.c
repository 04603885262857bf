/*
 * shm.c — System V shared memory (Linux ipc/shm.c, ipc/util.c): shmget,
 * shmat, shmdt, shmctl.
 *
 * A segment is an anonymous tmpfs file of the segment's size (as Linux's
 * shmem file) plus its ipc permission record, in a table of IPCMNI slots
 * (at most kernel.shmmni of them used).
 * Its id is seq * IPCMNI + slot (ipc_buildid), seq counting creations.
 * shmat maps the file shared into the caller (VMA_SYSV_SHM marks the
 * mapping, so shmdt finds it; fork and splits copy the mark). Every mapping
 * holds a reference to the file, so the number attached (shm_nattch) is the
 * file's reference count minus the segment's own — a split VMA counts twice,
 * as Linux's shm_open does for it.
 *
 * IPC_RMID takes the segment out of the table at once and drops the
 * segment's reference: the memory lives on while mapped and goes with the
 * last mapping. (Linux keeps an attached segment visible, marked SHM_DEST,
 * to IPC_STAT and shmat until it is detached: not done here.)
 *
 * Locking: shm_lock protects the table and every segment's fields; it is a
 * spinlock, so the file is made and mapped outside it.
 */
#include <syscall.h>

#include "ipc.h"

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/misc.h>
#include <uapi/shm.h>
#include <vfs.h>

#define SHMMNI 4096 /* kernel.shmmni's default, and SHMSEG */
#define SHMMIN 1
#define SHMMAX (~0UL - (1UL << 24)) /* kernel.shmmax's default: bytes a segment */
#define SHMALL (~0UL - (1UL << 24)) /* kernel.shmall's default: pages in all */
#define SHMLBA PAGE_SIZE	    /* arm64 asm/shmparam.h (16 KiB only for compat tasks) */

struct shm_segment {
	struct ipc_perm_k perm; /* mode: 0777 bits, SHM_LOCKED */
	u64 size;		/* shm_segsz: as asked */
	struct file *file;
	s64 atime, dtime, ctime;
	int cpid, lpid;
};

static struct spinlock shm_lock = SPINLOCK_INIT("shm");

/* One IPC namespace's segments (ipc.h struct ipc_ns): all under shm_lock. */
struct shm_ns {
	struct ipc_table table;
	u64 total_pages;    /* of all its segments, against ctlall [shm_lock] */
	u64 ctlmax, ctlall; /* kernel.shmmax, shmall [atomic] */
};
static struct ipc_perm_k *init_slots[IPCMNI]; /* the initial namespace's table's */
struct shm_ns init_shm_ns = {
	.table = IPC_TABLE_INIT(&shm_lock, init_slots, SHMMNI), .ctlmax = SHMMAX, .ctlall = SHMALL};

/* The caller's namespace's segments. */
static struct shm_ns *cur(void)
{
	return ipc_ns_current()->shm;
}

static u64 ctl_get(const u64 *limit)
{
	return __atomic_load_n(limit, __ATOMIC_RELAXED);
}

static struct shm_segment *segment_of(struct ipc_perm_k *p)
{
	return p ? container_of(p, struct shm_segment, perm) : NULL;
}

_Static_assert(offsetof(struct shm_ns, table) == 0, "ipc_ns_part_new: the table first");

struct shm_ns *shm_ns_new(void)
{
	struct shm_ns *ns = ipc_ns_part_new(sizeof(*ns), &shm_lock, SHMMNI);
	if (ns) { /* shm_init_ns: the defaults, not the creator's */
		ns->ctlmax = SHMMAX;
		ns->ctlall = SHMALL;
	}
	return ns;
}

/* shm_exit_ns: each segment goes as with IPC_RMID (its memory stays while mapped). */
static void *remove_segment_locked(struct ipc_table *t, struct ipc_perm_k *p)
{
	ipc_remove(t, p);
	return segment_of(p);
}

static void release_segment(void *obj)
{
	struct shm_segment *s = obj;
	file_put(s->file);
	kfree(s);
}

void shm_ns_free(struct shm_ns *ns)
{
	ipc_ns_part_free(ns ? &ns->table : NULL, remove_segment_locked, release_segment);
}

/* The segment id names, or NULL. [shm_lock] */
static struct shm_segment *find_id(int id)
{
	return segment_of(ipc_find_id(&cur()->table, id));
}

static struct file *make_file(u64 size)
{
	struct file *f;
	if (tmpfs_memfd("SYSV", false, &f))
		return NULL;
	mutex_lock(&f->inode->lock);
	int err = f->inode->iops->truncate(f->inode, size);
	mutex_unlock(&f->inode->lock);
	if (err) {
		file_put(f);
		return NULL;
	}
	return f;
}

/* Linux newseg. */
static long new_segment(s32 key, int flag, void *size_arg)
{
	u64 size = *(const u64 *)size_arg;
	if (size < SHMMIN || size > ctl_get(&cur()->ctlmax))
		return -EINVAL;
	u64 pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	struct shm_segment *s = kzalloc(sizeof(*s));
	struct file *f = s ? make_file(size) : NULL;
	if (!f) {
		kfree(s);
		return -ENOMEM;
	}
	ipc_perm_init(&s->perm, key, flag);
	s->size = size;
	s->file = f;
	s->ctime = ipc_now();
	s->cpid = current()->group->pid;
	struct shm_ns *ns = cur();
	unsigned long irq = spin_lock_irqsave(&shm_lock);
	long ret = -ENOSPC;
	if (ns->total_pages + pages < ns->total_pages || ns->total_pages + pages > ctl_get(&ns->ctlall))
		goto fail;
	ret = ipc_insert(&ns->table, &s->perm); /* -EEXIST: made meanwhile by another caller */
	if (ret < 0)
		goto fail;
	ns->total_pages += pages;
	spin_unlock_irqrestore(&shm_lock, irq);
	return ret;
fail:
	spin_unlock_irqrestore(&shm_lock, irq);
	file_put(f);
	kfree(s);
	return ret;
}

/* Linux shm_more_checks: an existing segment must be as large as asked. [shm_lock] */
static int size_fits(struct ipc_perm_k *p, void *size_arg)
{
	return segment_of(p)->size < *(const u64 *)size_arg ? -EINVAL : 0;
}

SYSCALL_DEFINE3(shmget, s32, key, u64, size, int, flag)
{
	if (flag & SHM_HUGETLB)
		return -EINVAL; /* no huge pages here */
	static const struct ipc_get_ops ops = {.create = new_segment, .more_checks = size_fits};
	return ipc_get(&cur()->table, key, flag, &ops, &size);
}

SYSCALL_DEFINE3(shmat, int, id, uaddr_t, uaddr, int, flag)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(flag & SHM_RND))
				return -EINVAL;
			addr &= ~(vaddr_t)(SHMLBA - 1);
			if (!addr && (flag & SHM_REMAP))
				return -EINVAL;
		}
	} else if (flag & SHM_REMAP) {
		return -EINVAL;
	}
	unsigned prot = UPROT_READ, access = 0444;
	if (!(flag & SHM_RDONLY)) {
		prot |= UPROT_WRITE;
		access |= 0222;
	}
	if (flag & SHM_EXEC) {
		prot |= UPROT_EXEC;
		access |= 0111;
	}
	unsigned long irq = spin_lock_irqsave(&shm_lock);
	long err;
	struct shm_segment *s = segment_of(ipc_lookup_checked(&cur()->table, id, (int)access, &err));
	struct file *f = err ? NULL : s->file;
	u64 size = err ? 0 : ALIGN_UP(s->size, PAGE_SIZE);
	if (f)
		file_get(f);
	spin_unlock_irqrestore(&shm_lock, irq);
	if (err)
		return err;
	struct mm *mm = current()->mm;
	vaddr_t start;
	mutex_lock(&mm->map_mutex); /* the range's choice and the mapping: one step (sys_mm.c mmap) */
	err = -EINVAL;
	if (addr) {
		if (addr + size < addr || addr > USER_VA_END - size)
			goto out;
		irq = spin_lock_irqsave(&mm->lock);
		bool free = vm_range_free(mm, addr, size);
		spin_unlock_irqrestore(&mm->lock, irq);
		if (!free && !(flag & SHM_REMAP))
			goto out;
		start = addr;
	} else {
		start = vm_find_free(mm, size, 0);
		err = -ENOMEM;
		if (!start)
			goto out;
	}
	err = vm_map_file(mm, start, size, prot, VMA_SHARED, f, f->ops->mmap, 0, ~0UL);
	if (err)
		goto out;
	irq = spin_lock_irqsave(&mm->lock);
	struct vma *v = vm_find(mm, start);
	if (v && v->file == f)
		v->flags |= VMA_SYSV_SHM;
	spin_unlock_irqrestore(&mm->lock, irq);
	mutex_unlock(&mm->map_mutex);
	irq = spin_lock_irqsave(&shm_lock);
	if (find_id(id) == s) {
		s->atime = ipc_now();
		s->lpid = current()->group->pid;
	}
	spin_unlock_irqrestore(&shm_lock, irq);
	file_put(f); /* the mapping holds its own reference */
	return (long)start;

out:
	mutex_unlock(&mm->map_mutex);
	file_put(f);
	return err;
}

/* The segment of the caller's IPC namespace whose file f is (each segment
 * has its own), or NULL once IPC_RMID took it out of the table. [shm_lock] */
static struct shm_segment *segment_of_file(const struct file *f)
{
	struct ipc_table *t = &cur()->table;
	for (int i = 0, seen = 0; i < t->size && seen < t->in_use; i++) {
		struct shm_segment *s = segment_of(ipc_slot(t, i));
		seen += s != NULL;
		if (s && s->file == f)
			return s;
	}
	return NULL;
}

/* Linux shm_mmap's __shm_open check, for remap_file_pages: after IPC_RMID,
 * or once the id was reused, Linux's shm_lock fails or finds another file. */
bool shm_file_is_live(const struct file *f)
{
	unsigned long irq = spin_lock_irqsave(&shm_lock);
	bool live = segment_of_file(f) != NULL;
	spin_unlock_irqrestore(&shm_lock, irq);
	return live;
}

/* Linux shmdt: the mapping that starts at addr, and the rest of the same
 * segment's mappings up to its size from there. */
SYSCALL_DEFINE1(shmdt, uaddr_t, uaddr)
{
	vaddr_t addr = uaddr_to_vaddr(uaddr);
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	struct mm *mm = current()->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v = vm_find(mm, addr);
	struct file *f = NULL;
	if (v && v->start == addr && (v->flags & VMA_SYSV_SHM) && v->file_offset == 0) {
		f = v->file;
		file_get(f);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	if (!f)
		return -EINVAL;
	u64 end = addr + ALIGN_UP(f->inode->size, PAGE_SIZE);
	for (;;) { /* one mapping of f in [addr, end) at a time */
		vaddr_t from = 0, to = 0;
		irq = spin_lock_irqsave(&mm->lock);
		list_for_each_entry(v, &mm->vmas, node) {
			if (v->start >= end)
				break;
			if (v->end > addr && v->file == f && (v->flags & VMA_SYSV_SHM)) {
				from = MAX(v->start, addr);
				to = MIN(v->end, end);
				break;
			}
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (!to)
			break;
		(void)vm_unmap(mm, from, to - from);
	}
	irq = spin_lock_irqsave(&shm_lock);
	struct shm_segment *s = segment_of_file(f);
	if (s) {
		s->dtime = ipc_now();
		s->lpid = current()->group->pid;
	}
	spin_unlock_irqrestore(&shm_lock, irq);
	file_put(f);
	return 0;
}

/* [shm_lock] */
static void fill_stat(const struct shm_segment *s, struct shmid_ds_user *out)
{
	memset(out, 0, sizeof(*out));
	ipc_perm_to_user(&s->perm, &out->perm);
	out->segsz = s->size;
	out->atime = s->atime;
	out->dtime = s->dtime;
	out->ctime = s->ctime;
	out->cpid = s->cpid;
	out->lpid = s->lpid;
	out->nattch = (u64)__atomic_load_n(&s->file->refcount, __ATOMIC_ACQUIRE) - 1;
}

static long shm_info(int cmd, uaddr_t ubuf)
{
	unsigned long irq = spin_lock_irqsave(&shm_lock);
	int used;
	int highest = ipc_highest_slot(&cur()->table, &used);
	u64 pages = cur()->total_pages;
	spin_unlock_irqrestore(&shm_lock, irq);
	if (cmd == IPC_INFO) {
		struct shminfo_user info = {.shmmax = ctl_get(&cur()->ctlmax),
					    .shmmin = SHMMIN,
					    .shmmni = (u64)ipc_limit(&cur()->table),
					    .shmseg = SHMMNI,
					    .shmall = ctl_get(&cur()->ctlall)};
		if (copy_to_user(ubuf, &info, sizeof(info)))
			return -EFAULT;
	} else {
		/* every page of a segment is counted resident: nothing is ever swapped */
		struct shm_info_user info = {.used_ids = used, .shm_tot = pages, .shm_rss = pages};
		if (copy_to_user(ubuf, &info, sizeof(info)))
			return -EFAULT;
	}
	return highest;
}

SYSCALL_DEFINE3(shmctl, int, id, int, cmd, uaddr_t, ubuf)
{
	if (id < 0 || cmd < 0)
		return -EINVAL;
	if (cmd == IPC_INFO || cmd == SHM_INFO)
		return shm_info(cmd, ubuf);
	int access = ipc_ctl_access(cmd, SHM_STAT, SHM_STAT_ANY);
	if (access < 0 && cmd != SHM_LOCK && cmd != SHM_UNLOCK)
		return -EINVAL;
	if (access < 0)
		access = IPC_CTL_EXISTS; /* SHM_LOCK, SHM_UNLOCK check below */
	struct shmid_ds_user ds;
	if (cmd == IPC_SET && copy_from_user(&ds, ubuf, sizeof(ds)))
		return -EFAULT;
	unsigned long irq = spin_lock_irqsave(&shm_lock);
	long ret;
	struct file *drop = NULL;
	struct shm_segment *s = segment_of(ipc_ctl_lookup(&cur()->table, id, access, &ret));
	if (!s)
		goto out;
	switch (cmd) {
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		fill_stat(s, &ds);
		ret = ipc_stat_result(&s->perm, cmd);
		break;
	case IPC_SET:
		ipc_perm_set(&s->perm, &ds.perm);
		s->ctime = ipc_now();
		break;
	case IPC_RMID:
		ipc_remove(&cur()->table, &s->perm);
		cur()->total_pages -= ALIGN_UP(s->size, PAGE_SIZE) / PAGE_SIZE;
		drop = s->file;
		kfree(s);
		break;
	case SHM_LOCK:
	case SHM_UNLOCK:
		if (!capable(CAP_IPC_LOCK) &&
		    (cred_current()->euid != s->perm.uid && cred_current()->euid != s->perm.cuid)) {
			ret = -EPERM;
			break;
		}
		s->perm.mode = cmd == SHM_LOCK ? s->perm.mode | SHM_LOCKED : s->perm.mode & ~(u32)SHM_LOCKED;
		break;
	}
out:
	spin_unlock_irqrestore(&shm_lock, irq);
	if (drop)
		file_put(drop);
	if (ret >= 0 && ipc_ctl_is_stat(access) && copy_to_user(ubuf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* ---- /proc/sysvipc/shm -------------------------------------------------------- */

/* Linux sysvipc_shm_proc_show (64-bit: sizes as %21lu): one segment's line;
 * rss counts every page of the segment, as SHM_INFO does here, and swap is 0. [shm_lock] */
static void shm_proc_show(struct ipc_perm_k *p, char *buf, size_t cap, size_t *len)
{
	struct shm_segment *s = segment_of(p);
	struct shmid_ds_user ds;
	fill_stat(s, &ds);
	ipc_proc_printf(buf, cap, len,
			"%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu %21lu %21lu\n", p->key,
			p->id, p->mode, (unsigned long)s->size, (unsigned)s->cpid, (unsigned)s->lpid,
			(unsigned long)ds.nattch, p->uid, p->gid, p->cuid, p->cgid, (unsigned long long)s->atime,
			(unsigned long long)s->dtime, (unsigned long long)s->ctime,
			(unsigned long)ALIGN_UP(s->size, PAGE_SIZE), 0UL);
}

size_t shm_proc_format(char *buf, size_t cap)
{
	return ipc_proc_walk(
		&cur()->table, buf, cap,
		"       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid"
		"      atime      dtime      ctime                   rss                  swap\n",
		shm_proc_show);
}

/* /proc/sys/kernel/shmmax, shmall, shmmni (Linux shm_ctls). */
size_t shm_sysctl_format(int which, char *buf, size_t cap)
{
	if (which == SYSVIPC_SHMMNI)
		return (size_t)snprintf(buf, cap, "%d\n", ipc_limit(&cur()->table));
	return (size_t)snprintf(buf, cap, "%lu\n",
				(unsigned long)ctl_get(which == SYSVIPC_SHMMAX ? &cur()->ctlmax : &cur()->ctlall));
}

/* Linux ipc_sysctl.c: shmmax and shmall any unsigned long
 * (proc_doulongvec_minmax), shmmni 0 to IPCMNI. */
int shm_sysctl_store(int which, const char *text, size_t len)
{
	if (which == SYSVIPC_SHMMNI) {
		int value;
		return sysctl_parse_int(text, len, &value) ? -EINVAL : ipc_set_limit(&cur()->table, value);
	}
	u64 value;
	if (sysctl_parse_ulong(text, len, ~0ULL, &value))
		return -EINVAL;
	__atomic_store_n(which == SYSVIPC_SHMMAX ? &cur()->ctlmax : &cur()->ctlall, value, __ATOMIC_RELAXED);
	return 0;
}
