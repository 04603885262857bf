/*
 * namespace.c — IPC namespaces (Linux ipc/namespace.c): a namespace is the
 * three System V tables (shm.c, msg.c, sem.c each keep theirs); unshare or
 * clone with CLONE_NEWIPC gives the task a new, empty one (Linux
 * create_ipc_ns: no object and the default limits), setns with a
 * /proc/PID/ns/ipc file another (fs/nsfs.c). The task's namespace is its
 * cred's ipc_ns (proc/cred.c takes and drops the references), NULL for the
 * initial one, which is never freed.
 *
 * The last reference can be dropped wherever a cred is, so the end of a
 * namespace — every object removed, as IPC_RMID would (free_ipc_ns) — runs
 * from the worker thread (Linux's free_ipc_work).
 *
 * Each namespace has its own mqueue instance too (mq_init_ns), where
 * mq_open and mount -t mqueue find its POSIX message queues (mqueue.c); the
 * initial namespace's is made at boot.
 */
#include "ipc.h"

#include <cred.h>
#include <fs.h>
#include <kmalloc.h>
#include <sysvipc.h>
#include <uapi/errno.h>
#include <uts.h>

static struct ipc_ns init_ipc_ns = {
	.refcount = 1,
	.inum = 0xEFFFFFFFu, /* PROC_IPC_INIT_INO */
	.shm = &init_shm_ns,
	.msg = &init_msg_ns,
	.sem = &init_sem_ns,
};

struct ipc_ns *ipc_ns_current(void)
{
	struct ipc_ns *ns = cred_current()->ipc_ns;
	return ns ? ns : &init_ipc_ns;
}

static void ipc_ns_free(struct work *w)
{
	struct ipc_ns *ns = container_of(w, struct ipc_ns, free_work);
	shm_ns_free(ns->shm);
	msg_ns_free(ns->msg);
	sem_ns_free(ns->sem);
	if (ns->mq_root)
		file_put(ns->mq_root);
	kfree(ns);
}

int ipc_ns_new(struct ipc_ns **out)
{
	struct ipc_ns *ns = kzalloc(sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->refcount = 1;
	ns->inum = uts_alloc_inum(); /* proc_alloc_inum: one sequence for every kind */
	ns->shm = shm_ns_new();
	ns->msg = msg_ns_new();
	ns->sem = sem_ns_new();
	work_init(&ns->free_work, ipc_ns_free);
	if (!ns->shm || !ns->msg || !ns->sem || mqueue_ns_new(&ns->mq_root)) {
		ipc_ns_free(&ns->free_work); /* empty parts: nothing to remove */
		return -ENOMEM;
	}
	*out = ns;
	return 0;
}

struct ipc_ns *ipc_ns_get(struct ipc_ns *ns)
{
	if (ns)
		__atomic_fetch_add(&ns->refcount, 1, __ATOMIC_RELAXED);
	return ns;
}

void ipc_ns_put(struct ipc_ns *ns)
{
	if (ns && __atomic_sub_fetch(&ns->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		work_queue(&ns->free_work);
}

u32 ipc_ns_inum(const struct ipc_ns *ns)
{
	return ns ? ns->inum : init_ipc_ns.inum;
}
