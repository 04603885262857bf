/*
 * util.c — what System V shared memory (shm.c), message queues (msg.c) and
 * semaphores (sem.c) share (Linux ipc/util.c): the table of objects, the
 * get calls' lookup and the permission record. See ipc.h.
 */
#include "ipc.h"

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <time.h>
#include <uapi/errno.h>

void ipc_perm_init(struct ipc_perm_k *p, s32 key, int flag)
{
	const struct cred *c = cred_current();
	memset(p, 0, sizeof(*p));
	p->key = key;
	p->uid = p->cuid = c->euid;
	p->gid = p->cgid = c->egid;
	p->mode = (u32)flag & 0777;
}

bool ipc_allowed(const struct ipc_perm_k *p, int flag)
{
	const struct cred *c = cred_current();
	int requested = (flag >> 6) | (flag >> 3) | flag;
	u32 granted = p->mode;
	if (c->euid == p->cuid || c->euid == p->uid)
		granted >>= 6;
	else if (cred_in_group(p->cgid) || cred_in_group(p->gid))
		granted >>= 3;
	return !((u32)requested & ~granted & 7) || capable(CAP_IPC_OWNER);
}

bool ipc_owner(const struct ipc_perm_k *p)
{
	const struct cred *c = cred_current();
	return c->euid == p->cuid || c->euid == p->uid || capable(CAP_SYS_ADMIN);
}

void ipc_perm_to_user(const struct ipc_perm_k *p, struct ipc64_perm_user *out)
{
	memset(out, 0, sizeof(*out));
	out->key = p->key;
	out->uid = p->uid;
	out->gid = p->gid;
	out->cuid = p->cuid;
	out->cgid = p->cgid;
	out->mode = p->mode;
	out->seq = p->seq;
}

void ipc_perm_set(struct ipc_perm_k *p, const struct ipc64_perm_user *in)
{
	p->uid = in->uid;
	p->gid = in->gid;
	p->mode = (p->mode & ~0777u) | (in->mode & 0777);
}

void ipc_proc_printf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	size_t at = MIN(*len, cap);
	va_list ap;
	va_start(ap, fmt);
	*len += (size_t)vsnprintf(buf + at, cap - at, fmt, ap);
	va_end(ap);
}

size_t ipc_proc_walk(struct ipc_table *t, char *buf, size_t cap, const char *header,
		     void (*show)(struct ipc_perm_k *p, char *buf, size_t cap, size_t *len))
{
	size_t len = 0;
	ipc_proc_printf(buf, cap, &len, "%s", header);
	unsigned long irq = spin_lock_irqsave(t->lock);
	for (int i = 0; i < t->size; i++)
		if (t->slots[i])
			show(t->slots[i], buf, cap, &len);
	spin_unlock_irqrestore(t->lock, irq);
	return len;
}

s64 ipc_now(void)
{
	return (s64)(time_realtime_ns() / NSEC_PER_SEC);
}

/* ---- the table of objects ---------------------------------------------------- */

struct ipc_perm_k *ipc_find_id(struct ipc_table *t, int id)
{
	ASSERT_HELD(t->lock);
	if (id < 0 || id % IPCMNI >= t->size)
		return NULL;
	struct ipc_perm_k *p = t->slots[id % IPCMNI];
	return p && p->id == id ? p : NULL;
}

static struct ipc_perm_k **key_bucket(struct ipc_table *t, s32 key)
{
	return &t->by_key[(u32)key % IPC_KEY_BUCKETS];
}

struct ipc_perm_k *ipc_find_key(struct ipc_table *t, s32 key)
{
	ASSERT_HELD(t->lock);
	for (struct ipc_perm_k *p = *key_bucket(t, key); p; p = p->key_next)
		if (p->key == key)
			return p;
	return NULL;
}

int ipc_limit(struct ipc_table *t)
{
	return __atomic_load_n(&t->limit, __ATOMIC_RELAXED);
}

int ipc_set_limit(struct ipc_table *t, int value)
{
	if (value < 0 || value > IPCMNI) /* Linux ipc_sysctl.c: 0 to ipc_mni */
		return -EINVAL;
	__atomic_store_n(&t->limit, value, __ATOMIC_RELAXED);
	return 0;
}

struct ipc_perm_k *ipc_slot(struct ipc_table *t, int index)
{
	ASSERT_HELD(t->lock);
	/* Linux ipc_obtain_object_idr: only the index bits count (ipcid_to_idx),
	 * so a whole id names its own slot too */
	int slot = index % IPCMNI;
	return index >= 0 && slot < t->size ? t->slots[slot] : NULL;
}

struct ipc_perm_k *ipc_lookup_checked(struct ipc_table *t, int id, int mode, long *err)
{
	struct ipc_perm_k *p = ipc_find_id(t, id);
	*err = !p ? -EINVAL : !ipc_allowed(p, mode) ? -EACCES : 0;
	return *err ? NULL : p;
}

int ipc_ctl_access(int cmd, int stat, int stat_any)
{
	if (cmd == IPC_STAT)
		return IPC_CTL_READ;
	if (cmd == stat)
		return IPC_CTL_READ_SLOT;
	if (cmd == stat_any)
		return IPC_CTL_ANY_SLOT;
	if (cmd == IPC_SET || cmd == IPC_RMID)
		return IPC_CTL_OWNER;
	return -1;
}

bool ipc_ctl_is_stat(int access)
{
	return access == IPC_CTL_READ || access == IPC_CTL_READ_SLOT || access == IPC_CTL_ANY_SLOT;
}

struct ipc_perm_k *ipc_ctl_lookup(struct ipc_table *t, int id, enum ipc_ctl_access access, long *err)
{
	bool by_slot = access == IPC_CTL_READ_SLOT || access == IPC_CTL_ANY_SLOT;
	struct ipc_perm_k *p = by_slot ? ipc_slot(t, id) : ipc_find_id(t, id);
	*err = 0;
	if (!p)
		*err = -EINVAL;
	else if ((access == IPC_CTL_READ || access == IPC_CTL_READ_SLOT) && !ipc_allowed(p, 0444))
		*err = -EACCES;
	else if (access == IPC_CTL_OWNER && !ipc_owner(p))
		*err = -EPERM;
	return *err ? NULL : p;
}

long ipc_stat_result(const struct ipc_perm_k *p, int cmd)
{
	return cmd == IPC_STAT ? 0 : p->id;
}

int ipc_highest_slot(struct ipc_table *t, int *used)
{
	ASSERT_HELD(t->lock);
	int highest = 0;
	*used = 0;
	for (int i = 0; i < t->size; i++)
		if (t->slots[i]) {
			highest = i;
			(*used)++;
		}
	return highest;
}

int ipc_insert(struct ipc_table *t, struct ipc_perm_k *p)
{
	ASSERT_HELD(t->lock);
	if (p->key != IPC_PRIVATE && ipc_find_key(t, p->key))
		return -EEXIST;
	if (t->in_use >= ipc_limit(t))
		return -ENOSPC;
	int slot = t->lowest_free;
	while (slot < t->size && t->slots[slot])
		slot++;
	if (slot == t->size)
		return -ENOSPC;
	p->seq = t->next_seq;
	t->next_seq = (u16)((t->next_seq + 1) % (0x7fffffff / IPCMNI + 1)); /* Linux ipc_idr_alloc: ids stay positive */
	p->id = p->seq * IPCMNI + slot;
	t->slots[slot] = p;
	t->lowest_free = slot + 1;
	t->in_use++;
	if (p->key != IPC_PRIVATE) {
		p->key_next = *key_bucket(t, p->key);
		*key_bucket(t, p->key) = p;
	}
	return p->id;
}

void ipc_remove(struct ipc_table *t, struct ipc_perm_k *p)
{
	ASSERT_HELD(t->lock);
	int slot = p->id % IPCMNI;
	t->slots[slot] = NULL;
	t->lowest_free = MIN(t->lowest_free, slot);
	t->in_use--;
	if (p->key == IPC_PRIVATE)
		return;
	struct ipc_perm_k **link = key_bucket(t, p->key);
	while (*link != p)
		link = &(*link)->key_next;
	*link = p->key_next;
}

/* An existing object for a get call (Linux ipc_check_perms' caller, ipcget_public):
 * EEXIST, the module's checks, then EACCES. [t->lock] */
static long get_existing(struct ipc_perm_k *p, int flag, const struct ipc_get_ops *ops, void *arg)
{
	if ((flag & IPC_CREAT) && (flag & IPC_EXCL))
		return -EEXIST;
	int err = ops->more_checks ? ops->more_checks(p, arg) : 0;
	if (err)
		return err;
	return ipc_allowed(p, flag) ? p->id : -EACCES;
}

long ipc_get(struct ipc_table *t, s32 key, int flag, const struct ipc_get_ops *ops, void *arg)
{
	if (key == IPC_PRIVATE)
		return ops->create(key, flag, arg);
	for (;;) {
		unsigned long irq = spin_lock_irqsave(t->lock);
		struct ipc_perm_k *found = ipc_find_key(t, key);
		long ret = found ? get_existing(found, flag, ops, arg) : -ENOENT;
		spin_unlock_irqrestore(t->lock, irq);
		if (found || !(flag & IPC_CREAT))
			return ret;
		ret = ops->create(key, flag, arg);
		if (ret == -EEXIST && !(flag & IPC_EXCL))
			continue; /* made meanwhile by another caller: use it */
		return ret;
	}
}

int ipc_table_init_new(struct ipc_table *t, struct spinlock *lock, int mni)
{
	struct ipc_perm_k **slots = kzalloc(IPCMNI * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	*t = (struct ipc_table)IPC_TABLE_INIT(lock, slots, mni);
	return 0;
}

void ipc_table_free_slots(struct ipc_table *t)
{
	kfree(t->slots);
}

void *ipc_ns_part_new(size_t size, struct spinlock *lock, int mni)
{
	struct ipc_table *t = kzalloc(size); /* the part, which starts with its table */
	if (t && ipc_table_init_new(t, lock, mni)) {
		kfree(t);
		return NULL;
	}
	return t;
}

void ipc_ns_part_free(struct ipc_table *t, void *(*remove_locked)(struct ipc_table *t, struct ipc_perm_k *p),
		      void (*release)(void *obj))
{
	if (!t)
		return;
	for (int i = 0; i < IPCMNI; i++) {
		unsigned long irq = spin_lock_irqsave(t->lock);
		struct ipc_perm_k *p = ipc_slot(t, i);
		void *obj = p ? remove_locked(t, p) : NULL;
		spin_unlock_irqrestore(t->lock, irq);
		if (obj && release)
			release(obj);
	}
	ipc_table_free_slots(t);
	kfree(t); /* the part */
}
