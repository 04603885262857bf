/*
 * msg.c — System V message queues (Linux ipc/msg.c): msgget, msgsnd,
 * msgrcv, msgctl, with Linux's limits (kernel.msgmax, 8192 bytes a message;
 * kernel.msgmnb, 16384 bytes a queue; kernel.msgmni, 32000 queues; each
 * writable in /proc/sys/kernel).
 *
 * A queue is a list of messages (type, bytes) and its permission record
 * (ipc.h), in a table of IPCMNI slots. A sender blocks while the queue is
 * full, a receiver while nothing matches; both wait on the queue's wait
 * queue for any change (generation counts them) and look again, so
 * nothing is handed over directly. IPC_RMID wakes them with EIDRM. A
 * queue is freed when the table and every waiter have let go (refcount).
 *
 * Locking: msg_lock protects the table, every queue's fields and its
 * messages. Messages are copied from and to user memory outside it.
 */
#include <syscall.h>

#include "ipc.h"

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <list.h>
#include <spinlock.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/msg.h>
#include <vfs.h>
#include <wait.h>

#define MSGMAX 8192  /* kernel.msgmax's default: bytes a message */
#define MSGMNB 16384 /* kernel.msgmnb's default: bytes a queue */
#define MSGMNI 32000 /* kernel.msgmni's default: queues */
#define MSGSSZ 16

struct message {
	struct list_head node;
	s64 type;
	size_t size;
	u8 text[];
};

struct msg_queue {
	struct ipc_perm_k perm;
	struct list_head messages; /* struct message.node, oldest first */
	u64 cbytes, qnum, qbytes;  /* bytes and messages in it; its byte limit */
	s64 stime, rtime, ctime;
	int lspid, lrpid;
	int refcount;		/* the table's, and one per waiter [msg_lock] */
	bool removed;		/* IPC_RMID: waiters leave with EIDRM */
	u64 generation;		/* changes on every send, receive and removal [atomic] */
	struct wait_queue wait; /* senders and receivers */
};

static struct spinlock msg_lock = SPINLOCK_INIT("msg");

/* One IPC namespace's queues (ipc.h struct ipc_ns): all under msg_lock. */
struct msg_ns {
	struct ipc_table table;
	u64 total_messages, total_bytes; /* MSG_INFO */
	int ctlmax, ctlmnb;		 /* kernel.msgmax, msgmnb [atomic] */
};
static struct ipc_perm_k *init_slots[IPCMNI]; /* the initial namespace's table's */
struct msg_ns init_msg_ns = {
	.table = IPC_TABLE_INIT(&msg_lock, init_slots, MSGMNI), .ctlmax = MSGMAX, .ctlmnb = MSGMNB};

static int ctl_get(const int *limit)
{
	return __atomic_load_n(limit, __ATOMIC_RELAXED);
}

/* The caller's namespace's queues. */
static struct msg_ns *cur(void)
{
	return ipc_ns_current()->msg;
}

static struct msg_queue *queue_of(struct ipc_perm_k *p)
{
	return p ? container_of(p, struct msg_queue, perm) : NULL;
}

static void queue_put_locked(struct msg_queue *q)
{
	ASSERT_HELD(&msg_lock);
	if (--q->refcount)
		return;
	while (!list_empty(&q->messages)) {
		struct message *m = list_first_entry(&q->messages, struct message, node);
		list_del(&m->node);
		kfree(m);
	}
	kfree(q);
}

/* Something changed: wake everyone to look again. [msg_lock] */
static void queue_changed(struct msg_queue *q)
{
	__atomic_add_fetch(&q->generation, 1, __ATOMIC_RELEASE);
	wake_up_all(&q->wait);
}

_Static_assert(offsetof(struct msg_ns, table) == 0, "ipc_ns_part_new: the table first");

struct msg_ns *msg_ns_new(void)
{
	struct msg_ns *ns = ipc_ns_part_new(sizeof(*ns), &msg_lock, MSGMNI);
	if (ns) { /* msg_init_ns: the defaults */
		ns->ctlmax = MSGMAX;
		ns->ctlmnb = MSGMNB;
	}
	return ns;
}

/* msg_exit_ns: each queue goes as with IPC_RMID (no task is left to wait on one). */
static void *remove_queue_locked(struct ipc_table *t, struct ipc_perm_k *p)
{
	struct msg_queue *q = queue_of(p);
	ipc_remove(t, &q->perm);
	q->removed = true;
	queue_changed(q);
	queue_put_locked(q);
	return NULL;
}

void msg_ns_free(struct msg_ns *ns)
{
	ipc_ns_part_free(ns ? &ns->table : NULL, remove_queue_locked, NULL);
}

static long new_queue(s32 key, int flag, void *unused)
{
	struct msg_queue *q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	ipc_perm_init(&q->perm, key, flag);
	list_init(&q->messages);
	wait_queue_init(&q->wait, "msg_queue");
	q->qbytes = (u64)ctl_get(&cur()->ctlmnb);
	q->ctime = ipc_now();
	q->refcount = 1;
	unsigned long irq = spin_lock_irqsave(&msg_lock);
	long ret = ipc_insert(&cur()->table, &q->perm);
	spin_unlock_irqrestore(&msg_lock, irq);
	if (ret < 0)
		kfree(q);
	return ret;
}

SYSCALL_DEFINE2(msgget, s32, key, int, flag)
{
	static const struct ipc_get_ops ops = {.create = new_queue};
	return ipc_get(&cur()->table, key, flag, &ops, NULL);
}

/*
 * Waits (msg_lock dropped) for q to change after generation seen: 0, or
 * -EIDRM (removed) or -ERESTARTNOHAND (a signal: EINTR if a handler runs,
 * as Linux's do_msgsnd/do_msgrcv). Holds a reference to q throughout; returns with the lock held.
 */
static long wait_for_change(struct msg_queue *q, u64 seen, unsigned long *irq)
{
	ASSERT_HELD(&msg_lock);
	q->refcount++;
	spin_unlock_irqrestore(&msg_lock, *irq);
	int err = wait_event_interruptible(&q->wait, __atomic_load_n(&q->generation, __ATOMIC_ACQUIRE) != seen);
	*irq = spin_lock_irqsave(&msg_lock);
	bool removed = q->removed;
	queue_put_locked(q);
	if (removed)
		return -EIDRM;
	return err ? -ERESTARTNOHAND : 0;
}

#define MSG_WAIT 1 /* a queue_op step: not possible yet, wait for a change */

/*
 * msgsnd's and msgrcv's loop (Linux do_msgsnd, do_msgrcv): find the queue
 * and check the caller's access (mode), then try the operation: step
 * returns 0 (done), an errno, or MSG_WAIT (the queue is full, or has no
 * matching message), which fails with busy under IPC_NOWAIT or waits for a
 * change and looks again.
 */
static long queue_op(int id, int mode, int flag, long busy, long (*step)(struct msg_queue *q, void *arg), void *arg)
{
	unsigned long irq = spin_lock_irqsave(&msg_lock);
	long err;
	for (;;) {
		struct msg_queue *q = queue_of(ipc_lookup_checked(&cur()->table, id, mode, &err));
		if (!q)
			break;
		err = step(q, arg);
		if (err != MSG_WAIT)
			break;
		err = busy;
		if (flag & IPC_NOWAIT)
			break;
		err = wait_for_change(q, __atomic_load_n(&q->generation, __ATOMIC_ACQUIRE), &irq);
		if (err)
			break;
	}
	spin_unlock_irqrestore(&msg_lock, irq);
	return err;
}

/* msgsnd's step: queue the message if it fits (Linux msg_fits: bytes within
 * qbytes, and messages too). [msg_lock] */
static long send_step(struct msg_queue *q, void *arg)
{
	struct message *m = arg;
	if (q->cbytes + m->size > q->qbytes || q->qnum + 1 > q->qbytes)
		return MSG_WAIT;
	list_add_tail(&m->node, &q->messages);
	q->cbytes += m->size;
	q->qnum++;
	cur()->total_messages++;
	cur()->total_bytes += m->size;
	q->lspid = current()->group->pid;
	q->stime = ipc_now();
	queue_changed(q);
	return 0;
}

SYSCALL_DEFINE4(msgsnd, int, id, uaddr_t, umsg, size_t, size, int, flag)
{
	s64 type;
	if (size > (u64)ctl_get(&cur()->ctlmax) || (s64)size < 0 || id < 0)
		return -EINVAL;
	if (get_user_u64((u64 *)&type, umsg))
		return -EFAULT;
	if (type < 1)
		return -EINVAL;
	struct message *m = kmalloc(sizeof(*m) + size);
	if (!m)
		return -ENOMEM;
	m->type = type;
	m->size = size;
	if (copy_from_user(m->text, uaddr_add(umsg, sizeof(s64)), size)) {
		kfree(m);
		return -EFAULT;
	}
	long err = queue_op(id, 0222, flag, -EAGAIN, send_step, m);
	if (err)
		kfree(m); /* not queued */
	return err;
}

/* The message msgrcv's type and flags choose (Linux find_msg). [msg_lock] */
static struct message *find_msg(struct msg_queue *q, s64 type, int flag)
{
	struct message *m, *best = NULL;
	list_for_each_entry(m, &q->messages, node) {
		if (type == 0)
			return m;
		if (type > 0) {
			if ((flag & MSG_EXCEPT) ? m->type != type : m->type == type)
				return m;
		} else if (m->type <= -type && (!best || m->type < best->type)) {
			best = m; /* the lowest type up to |type|, oldest first */
		}
	}
	return best;
}

struct receive {
	s64 type;
	int flag;
	size_t size;
	struct message *taken; /* the message received */
};

/* msgrcv's step: take the matching message, if any. [msg_lock] */
static long receive_step(struct msg_queue *q, void *arg)
{
	struct receive *r = arg;
	struct message *m = find_msg(q, r->type, r->flag);
	if (!m)
		return MSG_WAIT;
	if (m->size > r->size && !(r->flag & MSG_NOERROR))
		return -E2BIG;
	list_del(&m->node);
	q->cbytes -= m->size;
	q->qnum--;
	cur()->total_messages--;
	cur()->total_bytes -= m->size;
	q->lrpid = current()->group->pid;
	q->rtime = ipc_now();
	queue_changed(q);
	r->taken = m;
	return 0;
}

struct copy {
	s64 index;    /* the message's place in the queue, from 0 */
	bool noerror; /* MSG_NOERROR */
	size_t size, cap;
	u8 *text; /* cap bytes */
	s64 type; /* the copied message's */
	size_t copied_size;
};

/* MSG_COPY's step (SEARCH_NUMBER, copy_msg): a copy of the message at
 * index, left in the queue; -EINVAL when it is longer than the copy's room
 * (MSG_NOERROR past E2BIG's check: copy_msg's own test). [msg_lock] */
static long copy_step(struct msg_queue *q, void *arg)
{
	struct copy *c = arg;
	struct message *m, *found = NULL;
	s64 i = 0;
	list_for_each_entry(m, &q->messages, node) {
		if (i++ == c->index) {
			found = m;
			break;
		}
	}
	if (!found)
		return MSG_WAIT;
	if (found->size > c->size && !c->noerror)
		return -E2BIG;
	if (found->size > c->cap)
		return -EINVAL;
	memcpy(c->text, found->text, found->size);
	c->type = found->type;
	c->copied_size = found->size;
	return 0;
}

/*
 * msgrcv's MSG_COPY (CONFIG_CHECKPOINT_RESTORE, which Debian's kernel has):
 * with IPC_NOWAIT and without MSG_EXCEPT (EINVAL), a copy of the message at
 * place msgtyp (from 0) stays in the queue (ENOMSG when there is none).
 * prepare_copy reads min(size, msgmax) bytes of the caller's buffer first
 * (EFAULT), as Linux's load_msg does.
 */
static long msgrcv_copy(int id, uaddr_t umsg, size_t size, s64 index, int flag)
{
	if ((flag & MSG_EXCEPT) || !(flag & IPC_NOWAIT))
		return -EINVAL;
	struct copy c = {.index = index,
			 .noerror = flag & MSG_NOERROR,
			 .size = size,
			 .cap = MIN(size, (size_t)ctl_get(&cur()->ctlmax))};
	c.text = kmalloc(c.cap ? c.cap : 1);
	if (!c.text)
		return -ENOMEM;
	long err = copy_from_user(c.text, umsg, c.cap) ? -EFAULT : 0;
	if (!err)
		err = queue_op(id, 0444, flag, -ENOMSG, copy_step, &c);
	if (!err) {
		size_t n = MIN(size, c.copied_size);
		err = put_user_u64(umsg, (u64)c.type) || copy_to_user(uaddr_add(umsg, sizeof(s64)), c.text, n)
			      ? -EFAULT
			      : (long)n;
	}
	kfree(c.text);
	return err;
}

SYSCALL_DEFINE5(msgrcv, int, id, uaddr_t, umsg, size_t, size, s64, type, int, flag)
{
	if (id < 0 || (s64)size < 0)
		return -EINVAL;
	if (flag & MSG_COPY)
		return msgrcv_copy(id, umsg, size, type, flag);
	struct receive r = {.type = type, .flag = flag, .size = size};
	long err = queue_op(id, 0444, flag, -ENOMSG, receive_step, &r);
	struct message *m = r.taken;
	if (err)
		return err;
	size_t n = MIN(size, m->size);
	/* Linux store_msg: a fault here loses the message, as it does there */
	err = put_user_u64(umsg, (u64)m->type) || copy_to_user(uaddr_add(umsg, sizeof(s64)), m->text, n) ? -EFAULT
													 : (long)n;
	kfree(m);
	return err;
}

static long msg_info(int cmd, uaddr_t ubuf)
{
	unsigned long irq = spin_lock_irqsave(&msg_lock);
	int used;
	int highest = ipc_highest_slot(&cur()->table, &used);
	struct msginfo_user info = {
		.msgpool = MSGMNI * MSGMNB / 1024, /* Linux MSGPOOL, in KiB */
		.msgmap = MSGMNB,
		.msgmax = ctl_get(&cur()->ctlmax),
		.msgmnb = ctl_get(&cur()->ctlmnb),
		.msgmni = ipc_limit(&cur()->table),
		.msgssz = MSGSSZ,
		.msgtql = MSGMNB,
		.msgseg = 0xffff,
	};
	if (cmd == MSG_INFO) { /* what is in use, in the same fields (Linux msgctl_info) */
		info.msgpool = used;
		info.msgmap = (s32)cur()->total_messages;
		info.msgtql = (s32)cur()->total_bytes;
	}
	spin_unlock_irqrestore(&msg_lock, irq);
	if (copy_to_user(ubuf, &info, sizeof(info)))
		return -EFAULT;
	return highest;
}

SYSCALL_DEFINE3(msgctl, int, id, int, cmd, uaddr_t, ubuf)
{
	if (id < 0 || cmd < 0)
		return -EINVAL;
	if (cmd == IPC_INFO || cmd == MSG_INFO)
		return msg_info(cmd, ubuf);
	int access = ipc_ctl_access(cmd, MSG_STAT, MSG_STAT_ANY);
	if (access < 0)
		return -EINVAL;
	struct msqid_ds_user ds;
	if (cmd == IPC_SET && copy_from_user(&ds, ubuf, sizeof(ds)))
		return -EFAULT;
	unsigned long irq = spin_lock_irqsave(&msg_lock);
	long ret;
	struct msg_queue *q = queue_of(ipc_ctl_lookup(&cur()->table, id, access, &ret));
	if (!q)
		goto out;
	switch (cmd) {
	case IPC_SET:
		if (ds.qbytes > (u64)ctl_get(&cur()->ctlmnb) && !capable(CAP_SYS_RESOURCE)) {
			ret = -EPERM;
			break;
		}
		ipc_perm_set(&q->perm, &ds.perm);
		q->qbytes = ds.qbytes;
		q->ctime = ipc_now();
		queue_changed(q); /* a larger limit lets senders in */
		break;
	case IPC_RMID:
		ipc_remove(&cur()->table, &q->perm);
		cur()->total_messages -= q->qnum;
		cur()->total_bytes -= q->cbytes;
		q->removed = true;
		queue_changed(q);
		queue_put_locked(q);
		break;
	default: /* the stat commands */
		memset(&ds, 0, sizeof(ds));
		ipc_perm_to_user(&q->perm, &ds.perm);
		ds.stime = q->stime;
		ds.rtime = q->rtime;
		ds.ctime = q->ctime;
		ds.cbytes = q->cbytes;
		ds.qnum = q->qnum;
		ds.qbytes = q->qbytes;
		ds.lspid = q->lspid;
		ds.lrpid = q->lrpid;
		ret = ipc_stat_result(&q->perm, cmd);
		break;
	}
out:
	spin_unlock_irqrestore(&msg_lock, irq);
	if (ret >= 0 && ipc_ctl_is_stat(access) && copy_to_user(ubuf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* ---- /proc/sysvipc/msg -------------------------------------------------------- */

/* Linux sysvipc_msg_proc_show: one queue's line. [msg_lock] */
static void msg_proc_show(struct ipc_perm_k *p, char *buf, size_t cap, size_t *len)
{
	const struct msg_queue *q = queue_of(p);
	ipc_proc_printf(buf, cap, len, "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n",
			p->key, p->id, p->mode, (unsigned long)q->cbytes, (unsigned long)q->qnum, (unsigned)q->lspid,
			(unsigned)q->lrpid, p->uid, p->gid, p->cuid, p->cgid, (unsigned long long)q->stime,
			(unsigned long long)q->rtime, (unsigned long long)q->ctime);
}

size_t msg_proc_format(char *buf, size_t cap)
{
	return ipc_proc_walk(&cur()->table, buf, cap,
			     "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid"
			     "      stime      rtime      ctime\n",
			     msg_proc_show);
}

/* /proc/sys/kernel/msgmax, msgmnb, msgmni (Linux msg_ctls). */
size_t msg_sysctl_format(int which, char *buf, size_t cap)
{
	int value = which == SYSVIPC_MSGMAX   ? ctl_get(&cur()->ctlmax)
		    : which == SYSVIPC_MSGMNB ? ctl_get(&cur()->ctlmnb)
					      : ipc_limit(&cur()->table);
	return (size_t)snprintf(buf, cap, "%d\n", value);
}

/* Linux ipc_sysctl.c: msgmax and msgmnb 0 to INT_MAX, msgmni 0 to IPCMNI. */
int msg_sysctl_store(int which, const char *text, size_t len)
{
	int value;
	if (sysctl_parse_int(text, len, &value) || value < 0)
		return -EINVAL;
	if (which == SYSVIPC_MSGMNI)
		return ipc_set_limit(&cur()->table, value);
	__atomic_store_n(which == SYSVIPC_MSGMAX ? &cur()->ctlmax : &cur()->ctlmnb, value, __ATOMIC_RELAXED);
	return 0;
}
