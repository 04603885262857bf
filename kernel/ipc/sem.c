/*
 * sem.c — System V semaphores (Linux ipc/sem.c): semget, semop,
 * semtimedop, semctl, with Linux's limits (kernel.sem: SEMMSL 32000 a set,
 * SEMMNS in all sets, SEMOPM 500 operations a call, SEMMNI 32000 sets, each
 * writable in /proc/sys/kernel/sem; SEMVMX 32767).
 *
 * A set is an array of semaphores (value, last pid) and its permission
 * record (ipc.h), in the table of IPCMNI slots that util.c keeps. A semop
 * applies all its operations or none (Linux perform_atomic_semop); when
 * one would block, the caller sleeps on the set's wait queue until the
 * set changes (generation counts changes) and tries again. While it
 * sleeps, a struct sem_waiter on the set names the operation it waits on,
 * for GETNCNT and GETZCNT (Linux count_semcnt). IPC_RMID wakes sleepers
 * with EIDRM; a set is freed when the table and every sleeper have let go.
 *
 * SEM_UNDO: each process has a list of struct sem_undo (one per set it
 * used with SEM_UNDO), each also linked on its set. An operation with
 * SEM_UNDO adds its opposite to the adjustment; SETVAL and SETALL clear the
 * adjustments of what they set; when the process's last thread exits the
 * adjustments are applied, clamped to 0..SEMVMX (Linux exit_sem). The list
 * (struct sem_undo_list, Linux's) is shared, reference counted, by the
 * threads of a process and by the processes clone made with CLONE_SYSVSEM
 * (Linux copy_semundo); each process lets go of it when its last thread
 * exits or it calls unshare(CLONE_SYSVSEM), and the adjustments are applied
 * when the last holder lets go. On Linux the list belongs to each thread
 * (threads made without CLONE_SYSVSEM have their own; glibc's pthreads
 * always pass it); here to each process, so unshare(CLONE_SYSVSEM) in one
 * thread detaches all of its process's threads.
 *
 * Locking: sem_lock protects the table, every set's fields, its waiters
 * and its undo list, every undo list (its records and reference count) and
 * every process's pointer to one (g->sem_undos). User memory is copied
 * outside it.
 */
#include <syscall.h>

#include "ipc.h"

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <list.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/sem.h>
#include <vfs.h>
#include <wait.h>

#define SEMMSL 32000		 /* kernel.sem's defaults: semaphores a set, */
#define SEMMNI 32000		 /* sets, */
#define SEMMNS (SEMMNI * SEMMSL) /* semaphores in all sets, */
#define SEMOPM 500		 /* operations a semop */
#define SEMVMX 32767
#define SEMAEM SEMVMX
#define SEMUME SEMOPM
#define SEMUSZ 20

struct semaphore {
	int value;
	int pid; /* of the last process that operated on it */
};

struct sem_array {
	struct ipc_perm_k perm;
	int nsems;
	s64 otime, ctime;
	int refcount;		  /* the table's, and one per sleeper */
	bool removed;		  /* IPC_RMID: sleepers leave with EIDRM */
	u64 generation;		  /* changes on every change of a value and on removal [atomic] */
	struct wait_queue wait;	  /* semop sleepers */
	struct list_head waiters; /* struct sem_waiter.node */
	struct list_head undos;	  /* struct sem_undo.set_node */
	struct semaphore sems[];
};

/* A sleeping semop: the operation that blocks it. */
struct sem_waiter {
	struct list_head node;
	int num;   /* the semaphore */
	bool zero; /* waits for zero (GETZCNT), else for an increase (GETNCNT) */
};

/* The adjustments of the processes that share them (Linux struct
 * sem_undo_list). [sem_lock] */
struct sem_undo_list {
	int refcount;		/* the processes holding it (g->sem_undos) */
	struct list_head undos; /* struct sem_undo.proc_node */
};

/* The adjustments of an undo list to one set (Linux struct sem_undo). */
struct sem_undo {
	struct list_head proc_node; /* in sem_undo_list.undos */
	struct list_head set_node;  /* in sem_array.undos */
	int semid;		    /* -1 once the set is removed */
	struct thread_group *owner;
	s16 adj[];
};

static struct spinlock sem_lock = SPINLOCK_INIT("sem");

/* One IPC namespace's sets (ipc.h struct ipc_ns): all under sem_lock. */
struct sem_ns {
	struct ipc_table table;
	int used_sems; /* in all its sets, against kernel.sem's semmns */
	/* kernel.sem's first three numbers (the fourth is the table's limit) [atomic] */
	int ctlmsl, ctlmns, ctlopm;
};
static struct ipc_perm_k *init_slots[IPCMNI]; /* the initial namespace's table's */
struct sem_ns init_sem_ns = {
	.table = IPC_TABLE_INIT(&sem_lock, init_slots, SEMMNI), .ctlmsl = SEMMSL, .ctlmns = SEMMNS, .ctlopm = SEMOPM};

/* The caller's namespace's sets. */
static struct sem_ns *cur(void)
{
	return ipc_ns_current()->sem;
}

static int ctl_get(const int *limit)
{
	return __atomic_load_n(limit, __ATOMIC_RELAXED);
}

static struct sem_array *set_of(struct ipc_perm_k *p)
{
	return p ? container_of(p, struct sem_array, perm) : NULL;
}

/* The set id names, or NULL. [sem_lock] */
static struct sem_array *find_id(int id)
{
	return set_of(ipc_find_id(&cur()->table, id));
}

static void set_put_locked(struct sem_array *sma)
{
	ASSERT_HELD(&sem_lock);
	if (--sma->refcount == 0)
		kfree(sma);
}

static void set_changed(struct sem_array *sma);

/* Linux freeary: sma leaves ns's table; its undo entries are orphaned and
 * its waiters woken (EIDRM). [sem_lock] */
static void remove_set_locked(struct sem_ns *ns, struct sem_array *sma)
{
	ASSERT_HELD(&sem_lock);
	ipc_remove(&ns->table, &sma->perm);
	ns->used_sems -= sma->nsems;
	while (!list_empty(&sma->undos)) {
		struct sem_undo *un = list_first_entry(&sma->undos, struct sem_undo, set_node);
		list_del(&un->set_node);
		un->semid = -1; /* its process drops it at exit */
	}
	sma->removed = true;
	set_changed(sma);
	set_put_locked(sma);
}

_Static_assert(offsetof(struct sem_ns, table) == 0, "ipc_ns_part_new: the table first");

struct sem_ns *sem_ns_new(void)
{
	struct sem_ns *ns = ipc_ns_part_new(sizeof(*ns), &sem_lock, SEMMNI);
	if (ns) { /* sem_init_ns: the defaults */
		ns->ctlmsl = SEMMSL;
		ns->ctlmns = SEMMNS;
		ns->ctlopm = SEMOPM;
	}
	return ns;
}

/* sem_exit_ns: each set goes as with IPC_RMID. */
static void *remove_set_of_ns_locked(struct ipc_table *t, struct ipc_perm_k *p)
{
	remove_set_locked(container_of(t, struct sem_ns, table), set_of(p));
	return NULL;
}

void sem_ns_free(struct sem_ns *ns)
{
	ipc_ns_part_free(ns ? &ns->table : NULL, remove_set_of_ns_locked, NULL);
}

/* Values changed or the set went: sleepers look again. [sem_lock] */
static void set_changed(struct sem_array *sma)
{
	__atomic_add_fetch(&sma->generation, 1, __ATOMIC_RELEASE);
	wake_up_all(&sma->wait);
}

/* Linux newary. */
static long new_set(s32 key, int flag, void *nsems_arg)
{
	int nsems = *(const int *)nsems_arg;
	if (nsems == 0)
		return -EINVAL;
	struct sem_array *sma = kzalloc(sizeof(*sma) + (size_t)nsems * sizeof(struct semaphore));
	if (!sma)
		return -ENOMEM;
	ipc_perm_init(&sma->perm, key, flag);
	sma->nsems = nsems;
	sma->ctime = ipc_now();
	sma->refcount = 1;
	wait_queue_init(&sma->wait, "sem_array");
	list_init(&sma->waiters);
	list_init(&sma->undos);
	struct sem_ns *ns = cur();
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	long ret = -ENOSPC;
	if (ns->used_sems + nsems <= ctl_get(&ns->ctlmns))
		ret = ipc_insert(&ns->table, &sma->perm);
	if (ret >= 0)
		ns->used_sems += nsems;
	spin_unlock_irqrestore(&sem_lock, irq);
	if (ret < 0)
		kfree(sma);
	return ret;
}

/* Linux sem_more_checks: an existing set must have as many semaphores as asked. [sem_lock] */
static int nsems_fit(struct ipc_perm_k *p, void *nsems_arg)
{
	return *(const int *)nsems_arg > set_of(p)->nsems ? -EINVAL : 0;
}

SYSCALL_DEFINE3(semget, s32, key, int, nsems, int, flag)
{
	if (nsems < 0 || nsems > ctl_get(&cur()->ctlmsl))
		return -EINVAL;
	static const struct ipc_get_ops ops = {.create = new_set, .more_checks = nsems_fit};
	return ipc_get(&cur()->table, key, flag, &ops, &nsems);
}

/* ---- undo lists ------------------------------------------------------------- */

/* The adjustments to set semid in list ulp, or NULL. [sem_lock] */
static struct sem_undo *find_undo(struct sem_undo_list *ulp, int semid)
{
	struct sem_undo *un;
	list_for_each_entry(un, &ulp->undos, proc_node)
		if (un->semid == semid)
			return un;
	return NULL;
}

/* g's undo list, made if it has none yet; NULL when memory runs out. [sem_lock] */
static struct sem_undo_list *undo_list_of(struct thread_group *g)
{
	if (!g->sem_undos) {
		struct sem_undo_list *ulp = kmalloc(sizeof(*ulp));
		if (!ulp)
			return NULL;
		ulp->refcount = 1;
		list_init(&ulp->undos);
		g->sem_undos = ulp;
	}
	return g->sem_undos;
}

int sem_undo_prepare(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	struct sem_undo_list *ulp = undo_list_of(g);
	spin_unlock_irqrestore(&sem_lock, irq);
	return ulp ? 0 : -ENOMEM;
}

void sem_undo_share(struct thread_group *parent, struct thread_group *child)
{
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	struct sem_undo_list *ulp = parent->sem_undos; /* NULL if unshared meanwhile */
	if (ulp)
		ulp->refcount++;
	child->sem_undos = ulp;
	spin_unlock_irqrestore(&sem_lock, irq);
}

/* Zeroes every process's adjustment of semaphore num of sma (all of them if num < 0). [sem_lock] */
static void clear_adjustments(struct sem_array *sma, int num)
{
	struct sem_undo *un;
	list_for_each_entry(un, &sma->undos, set_node) {
		if (num >= 0)
			un->adj[num] = 0;
		else
			memset(un->adj, 0, (size_t)sma->nsems * sizeof(s16));
	}
}

/* Linux exit_sem: g lets go of its undo list; the last holder applies it. */
void sem_exit(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	struct sem_undo_list *ulp = g->sem_undos;
	g->sem_undos = NULL;
	if (!ulp || --ulp->refcount > 0) { /* none (no SEM_UNDO yet), or others hold it */
		spin_unlock_irqrestore(&sem_lock, irq);
		return;
	}
	while (!list_empty(&ulp->undos)) {
		struct sem_undo *un = list_first_entry(&ulp->undos, struct sem_undo, proc_node);
		list_del(&un->proc_node);
		struct sem_array *sma = un->semid >= 0 ? find_id(un->semid) : NULL;
		if (sma) {
			list_del(&un->set_node);
			for (int i = 0; i < sma->nsems; i++) {
				if (!un->adj[i])
					continue;
				int value = sma->sems[i].value + un->adj[i];
				sma->sems[i].value = value < 0 ? 0 : value > SEMVMX ? SEMVMX : value;
				sma->sems[i].pid = g->pid;
			}
			set_changed(sma);
		}
		kfree(un);
	}
	kfree(ulp);
	spin_unlock_irqrestore(&sem_lock, irq);
}

/* ---- semop ----------------------------------------------------------------- */

/*
 * Linux perform_atomic_semop: all of sops, or none. 0 (done), 1 (would
 * block: *blocking names the operation), -EAGAIN (it would, with
 * IPC_NOWAIT) or -ERANGE (a value or an adjustment out of range). [sem_lock]
 */
static int try_semop(struct sem_array *sma, const struct sembuf_user *sops, int nsops, struct sem_undo *un,
		     const struct sembuf_user **blocking)
{
	int done, ret = 0;
	for (done = 0; done < nsops; done++) {
		const struct sembuf_user *op = &sops[done];
		struct semaphore *s = &sma->sems[op->num];
		int result = s->value + op->op;
		if ((op->op == 0 && s->value != 0) || result < 0) {
			*blocking = op;
			ret = (op->flg & IPC_NOWAIT) ? -EAGAIN : 1;
			break;
		}
		if (result > SEMVMX) {
			ret = -ERANGE;
			break;
		}
		if (op->flg & SEM_UNDO) {
			int adj = un->adj[op->num] - op->op;
			if (adj < -SEMAEM - 1 || adj > SEMAEM) {
				ret = -ERANGE;
				break;
			}
			un->adj[op->num] = (s16)adj;
		}
		s->value = result;
	}
	if (ret) { /* take back what was done */
		while (done-- > 0) {
			const struct sembuf_user *op = &sops[done];
			sma->sems[op->num].value -= op->op;
			if (op->flg & SEM_UNDO)
				un->adj[op->num] = (s16)(un->adj[op->num] + op->op);
		}
		return ret;
	}
	int pid = current()->group->pid;
	for (int i = 0; i < nsops; i++)
		sma->sems[sops[i].num].pid = pid;
	sma->otime = ipc_now();
	return 0;
}

/*
 * The set's checks (Linux do_semtimedop's order) and, for SEM_UNDO, the
 * caller's undo record, made if missing (*spare: one allocated with the
 * lock dropped; -EAGAIN asks the caller to allocate it and call again).
 * [sem_lock]
 */
static int semop_checks(int semid, int max_num, bool alter, bool undos, struct sem_undo **spare,
			struct sem_array **out_sma, struct sem_undo **out_un, int *nsems_needed)
{
	struct sem_array *sma = find_id(semid);
	if (!sma)
		return -EINVAL;
	if (max_num >= sma->nsems)
		return -EFBIG;
	if (!ipc_allowed(&sma->perm, alter ? 0222 : 0444))
		return -EACCES;
	struct sem_undo *un = NULL;
	if (undos) {
		struct thread_group *g = current()->group;
		struct sem_undo_list *ulp = undo_list_of(g);
		if (!ulp)
			return -ENOMEM;
		un = find_undo(ulp, semid);
		if (!un && !*spare) {
			*nsems_needed = sma->nsems;
			return -EAGAIN;
		}
		if (!un) {
			un = *spare;
			*spare = NULL;
			un->semid = semid;
			un->owner = g;
			list_add_tail(&un->proc_node, &ulp->undos);
			list_add_tail(&un->set_node, &sma->undos);
		}
	}
	*out_sma = sma;
	*out_un = un;
	return 0;
}

/* Sleeps (sem_lock dropped) until sma changes after seen: 0, -EIDRM, -ETIMEDOUT or -ERESTARTSYS. [sem_lock] */
static int wait_for_change(struct sem_array *sma, struct sem_waiter *w, u64 seen, u64 deadline, unsigned long *irq)
{
	sma->refcount++;
	list_add_tail(&w->node, &sma->waiters);
	spin_unlock_irqrestore(&sem_lock, *irq);
	int err = wait_event_interruptible_timeout(
		&sma->wait, __atomic_load_n(&sma->generation, __ATOMIC_ACQUIRE) != seen, deadline);
	*irq = spin_lock_irqsave(&sem_lock);
	list_del(&w->node);
	bool removed = sma->removed;
	set_put_locked(sma);
	return removed ? -EIDRM : err;
}

static long do_semtimedop(int semid, const struct sembuf_user *sops, int nsops, u64 deadline)
{
	int max_num = 0;
	bool alter = false, undos = false;
	for (int i = 0; i < nsops; i++) {
		max_num = MAX(max_num, (int)sops[i].num);
		alter |= sops[i].op != 0;
		undos |= (sops[i].flg & SEM_UNDO) != 0;
	}
	struct sem_undo *spare = NULL;
	struct sem_waiter w;
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	long err;
	for (;;) {
		struct sem_array *sma;
		struct sem_undo *un;
		int nsems_needed = 0;
		err = semop_checks(semid, max_num, alter, undos, &spare, &sma, &un, &nsems_needed);
		if (err == -EAGAIN) { /* an undo record to make first */
			spin_unlock_irqrestore(&sem_lock, irq);
			spare = kzalloc(sizeof(*spare) + (size_t)nsems_needed * sizeof(s16));
			irq = spin_lock_irqsave(&sem_lock);
			if (!spare) {
				err = -ENOMEM;
				break;
			}
			continue;
		}
		if (err)
			break;
		const struct sembuf_user *blocking = NULL;
		err = try_semop(sma, sops, nsops, un, &blocking);
		if (err == 0 && alter)
			set_changed(sma);
		if (err <= 0)
			break;
		w.num = blocking->num;
		w.zero = blocking->op == 0;
		err = wait_for_change(sma, &w, __atomic_load_n(&sma->generation, __ATOMIC_ACQUIRE), deadline, &irq);
		if (err == -ETIMEDOUT) {
			err = -EAGAIN; /* Linux: a semtimedop that timed out */
			break;
		}
		if (err == -ERESTARTSYS) {
			err = -EINTR; /* semop is never restarted (signal(7)) */
			break;
		}
		if (err)
			break;
	}
	spin_unlock_irqrestore(&sem_lock, irq);
	kfree(spare);
	return err;
}

static long semtimedop_common(int semid, uaddr_t usops, size_t nsops, uaddr_t utimeout)
{
	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > (size_t)ctl_get(&cur()->ctlopm))
		return -E2BIG;
	struct sembuf_user *sops = kmalloc(nsops * sizeof(*sops));
	if (!sops)
		return -ENOMEM;
	long err = -EFAULT;
	if (copy_from_user(sops, usops, nsops * sizeof(*sops)))
		goto out;
	u64 deadline = ~0UL;
	if (!uaddr_is_null(utimeout)) {
		err = time_deadline_from_user(utimeout, &deadline);
		if (err)
			goto out;
	}
	err = do_semtimedop(semid, sops, (int)nsops, deadline);
out:
	kfree(sops);
	return err;
}

SYSCALL_DEFINE3(semop, int, semid, uaddr_t, usops, size_t, nsops)
{
	return semtimedop_common(semid, usops, nsops, UADDR_NULL);
}

SYSCALL_DEFINE4(semtimedop, int, semid, uaddr_t, usops, size_t, nsops, uaddr_t, utimeout)
{
	return semtimedop_common(semid, usops, nsops, utimeout);
}

/* ---- semctl ---------------------------------------------------------------- */

/* Linux semctl_info. */
static long sem_info(int cmd, uaddr_t ubuf)
{
	struct seminfo_user info = {.semmap = SEMMNS,
				    .semmni = ipc_limit(&cur()->table),
				    .semmns = ctl_get(&cur()->ctlmns),
				    .semmnu = SEMMNS,
				    .semmsl = ctl_get(&cur()->ctlmsl),
				    .semopm = ctl_get(&cur()->ctlopm),
				    .semume = SEMUME,
				    .semusz = SEMUSZ,
				    .semvmx = SEMVMX,
				    .semaem = SEMAEM};
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	int used;
	int highest = ipc_highest_slot(&cur()->table, &used);
	if (cmd == SEM_INFO) { /* what is in use, in two of the fields */
		info.semusz = used;
		info.semaem = cur()->used_sems;
	}
	spin_unlock_irqrestore(&sem_lock, irq);
	return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : highest;
}

/* Waiters blocked on semaphore num: for zero (GETZCNT) or an increase (GETNCNT). [sem_lock] */
static int count_waiters(struct sem_array *sma, int num, bool zero)
{
	int n = 0;
	struct sem_waiter *w;
	list_for_each_entry(w, &sma->waiters, node)
		n += w->num == num && w->zero == zero;
	return n;
}

/* GETVAL, GETPID, GETNCNT, GETZCNT, SETVAL (Linux semctl_main, semctl_setval:
 * SETVAL checks the number before the permission, the others after). [sem_lock] */
static long sem_one(struct sem_array *sma, int num, int cmd, u64 arg)
{
	bool num_valid = num >= 0 && num < sma->nsems;
	if (cmd == SETVAL && !num_valid)
		return -EINVAL;
	if (!ipc_allowed(&sma->perm, cmd == SETVAL ? 0222 : 0444))
		return -EACCES;
	if (!num_valid)
		return -EINVAL;
	switch (cmd) {
	case GETVAL: return sma->sems[num].value;
	case GETPID: return sma->sems[num].pid;
	case GETNCNT: return count_waiters(sma, num, false);
	case GETZCNT: return count_waiters(sma, num, true);
	default: /* SETVAL */
		clear_adjustments(sma, num);
		sma->sems[num].value = (int)arg;
		sma->sems[num].pid = current()->group->pid;
		sma->ctime = ipc_now();
		set_changed(sma);
		return 0;
	}
}

/* GETALL, SETALL: the values as unsigned shorts in user memory. */
static long sem_all(int semid, int cmd, uaddr_t uarray)
{
	u16 *values = NULL;
	size_t size = 0;
	long err;
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&sem_lock);
		struct sem_array *sma =
			set_of(ipc_lookup_checked(&cur()->table, semid, cmd == SETALL ? 0222 : 0444, &err));
		size_t need = sma ? (size_t)sma->nsems * sizeof(u16) : 0;
		if (err || (values && size == need)) {
			if (!err && cmd == GETALL) {
				for (int i = 0; i < sma->nsems; i++)
					values[i] = (u16)sma->sems[i].value;
			} else if (!err) {
				clear_adjustments(sma, -1);
				int pid = current()->group->pid;
				for (int i = 0; i < sma->nsems; i++) {
					sma->sems[i].value = values[i];
					sma->sems[i].pid = pid;
				}
				sma->ctime = ipc_now();
				set_changed(sma);
			}
			spin_unlock_irqrestore(&sem_lock, irq);
			break;
		}
		spin_unlock_irqrestore(&sem_lock, irq);
		/* the buffer is sized outside the lock; for SETALL the new values
		 * are read (and checked, Linux: ERANGE over SEMVMX) first */
		kfree(values);
		size = need;
		values = kmalloc(size);
		if (!values)
			return -ENOMEM;
		if (cmd == SETALL) {
			err = copy_from_user(values, uarray, size) ? -EFAULT : 0;
			for (size_t i = 0; !err && i < size / sizeof(u16); i++)
				err = values[i] > SEMVMX ? -ERANGE : 0;
			if (err)
				break;
		}
	}
	if (!err && cmd == GETALL && copy_to_user(uarray, values, size))
		err = -EFAULT;
	kfree(values);
	return err;
}

/* IPC_STAT, SEM_STAT, SEM_STAT_ANY, IPC_SET, IPC_RMID. */
static long sem_perm_cmd(int id, int cmd, uaddr_t ubuf)
{
	int access = ipc_ctl_access(cmd, SEM_STAT, SEM_STAT_ANY);
	struct semid_ds_user ds;
	if (cmd == IPC_SET && copy_from_user(&ds, ubuf, sizeof(ds)))
		return -EFAULT;
	unsigned long irq = spin_lock_irqsave(&sem_lock);
	long ret;
	struct sem_array *sma = set_of(ipc_ctl_lookup(&cur()->table, id, access, &ret));
	if (!sma)
		goto out;
	switch (cmd) {
	case IPC_SET:
		ipc_perm_set(&sma->perm, &ds.perm);
		sma->ctime = ipc_now();
		break;
	case IPC_RMID: remove_set_locked(cur(), sma); break;
	default: /* the stat commands */
		memset(&ds, 0, sizeof(ds));
		ipc_perm_to_user(&sma->perm, &ds.perm);
		ds.otime = sma->otime;
		ds.ctime = sma->ctime;
		ds.nsems = (u64)sma->nsems;
		ret = ipc_stat_result(&sma->perm, cmd);
		break;
	}
out:
	spin_unlock_irqrestore(&sem_lock, irq);
	if (ret >= 0 && ipc_ctl_is_stat(access) && copy_to_user(ubuf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* arg is union semun, passed by value: an int, or a pointer. */
SYSCALL_DEFINE4(semctl, int, semid, int, semnum, int, cmd, u64, arg)
{
	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO: return sem_info(cmd, uaddr_from(arg));
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
	case IPC_SET:
	case IPC_RMID: return sem_perm_cmd(semid, cmd, uaddr_from(arg));
	case GETALL:
	case SETALL: return sem_all(semid, cmd, uaddr_from(arg));
	case SETVAL:
		if ((int)arg < 0 || (int)arg > SEMVMX)
			return -ERANGE;
		/* fall through */
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT: {
		unsigned long irq = spin_lock_irqsave(&sem_lock);
		struct sem_array *sma = find_id(semid);
		long ret = sma ? sem_one(sma, semnum, cmd, arg) : -EINVAL;
		spin_unlock_irqrestore(&sem_lock, irq);
		return ret;
	}
	default: return -EINVAL;
	}
}

/* ---- /proc/sysvipc/sem ------------------------------------------------------ */

/* Linux sysvipc_sem_proc_show: one set's line. [sem_lock] */
static void sem_proc_show(struct ipc_perm_k *p, char *buf, size_t cap, size_t *len)
{
	const struct sem_array *sma = set_of(p);
	ipc_proc_printf(buf, cap, len, "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n", p->key, p->id, p->mode,
			(unsigned)sma->nsems, p->uid, p->gid, p->cuid, p->cgid, (unsigned long long)sma->otime,
			(unsigned long long)sma->ctime);
}

size_t sem_proc_format(char *buf, size_t cap)
{
	return ipc_proc_walk(&cur()->table, buf, cap,
			     "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n",
			     sem_proc_show);
}

/* /proc/sys/kernel/sem: SEMMSL, SEMMNS, SEMOPM, SEMMNI (Linux sem_ctls, ipc/ipc_sysctl.c). */
size_t sem_sysctl_format(char *buf, size_t cap)
{
	return (size_t)snprintf(buf, cap, "%d\t%d\t%d\t%d\n", ctl_get(&cur()->ctlmsl), ctl_get(&cur()->ctlmns),
				ctl_get(&cur()->ctlopm), ipc_limit(&cur()->table));
}

/* Linux proc_ipc_sem_dointvec: up to four blank-separated ints, stored in
 * order as proc_dointvec stores them; semmni must be 0 to IPCMNI
 * (sem_check_semmni), else ERANGE and semmni keeps its value. */
int sem_sysctl_store(const char *text, size_t len)
{
	int values[4], n;
	int err = sysctl_parse_int_vector(text, len, values, 4, &n);
	int *const fields[3] = {&cur()->ctlmsl, &cur()->ctlmns, &cur()->ctlopm};
	for (int i = 0; i < n && i < 3; i++)
		__atomic_store_n(fields[i], values[i], __ATOMIC_RELAXED);
	if (err || n < 4)
		return err;
	/* Linux sem_check_semmni: ERANGE, not proc_dointvec_minmax's EINVAL */
	return values[3] < 0 || values[3] > IPCMNI ? -ERANGE : ipc_set_limit(&cur()->table, values[3]);
}
