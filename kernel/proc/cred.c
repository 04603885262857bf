/*
 * cred.c — credentials (design in cred.h; Linux kernel/cred.c,
 * security/commoncap.c).
 *
 * A committed cred is immutable, so a task reads its own without a lock and
 * another task's after taking a reference (task->cred is replaced only by
 * its own task, under tasklist_lock so that a reader holding that lock can
 * take a reference safely).
 */
#include <cred.h>

#include <key.h>
#include <kmalloc.h>
#include <net.h>
#include <pid.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/prctl.h>
#include <uapi/sched.h>
#include <uts.h>

/* UTS namespaces (uts.h): made here, freed with the last cred naming one. */
struct uts_ns *uts_ns_get(struct uts_ns *ns)
{
	if (ns)
		__atomic_fetch_add(&ns->refcount, 1, __ATOMIC_RELAXED);
	return ns;
}

void uts_ns_put(struct uts_ns *ns)
{
	if (ns && __atomic_sub_fetch(&ns->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(ns);
}

/* Gives new a copy of its UTS namespace: 0 or -ENOMEM. */
static int new_uts_ns(struct cred *new)
{
	struct uts_ns *ns = kmalloc(sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->refcount = 1;
	ns->inum = uts_alloc_inum();
	uts_copy_names(ns, new->uts_ns);
	uts_ns_put(new->uts_ns);
	new->uts_ns = ns;
	return 0;
}

/* Gives new a new, empty IPC namespace: 0 or -ENOMEM. */
static int new_net_ns(struct cred *new)
{
	struct net_ns *ns;
	int err = net_ns_new(&ns);
	if (err)
		return err;
	net_ns_put(new->net_ns);
	new->net_ns = ns;
	return 0;
}

static int new_ipc_ns(struct cred *new)
{
	struct ipc_ns *ns;
	int err = ipc_ns_new(&ns);
	if (err)
		return err;
	ipc_ns_put(new->ipc_ns);
	new->ipc_ns = ns;
	return 0;
}

static struct group_info no_groups = {.refcount = 1, .count = 0};
static struct cred root_cred = {
	.refcount = 1,
	.cap_permitted = CAP_FULL_SET,
	.cap_effective = CAP_FULL_SET,
	.cap_bset = CAP_FULL_SET,
	.groups = &no_groups,
};

const struct cred *cred_root(void)
{
	return &root_cred;
}

const struct cred *cred_current(void)
{
	const struct cred *c = current()->cred;
	return c ? c : &root_cred;
}

u32 cred_fsuid(void)
{
	return cred_current()->fsuid;
}

u32 cred_fsgid(void)
{
	return cred_current()->fsgid;
}

bool cred_in_group(u32 gid)
{
	return cred_in_group_of(cred_current(), gid);
}

bool cred_in_group_of(const struct cred *c, u32 gid)
{
	if (gid == c->fsgid)
		return true;
	const struct group_info *gi = c->groups;
	int lo = 0, hi = gi->count;
	while (lo < hi) { /* the array is sorted (set_groups) */
		int mid = lo + (hi - lo) / 2;
		if (gi->gids[mid] == gid)
			return true;
		if (gi->gids[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* kernel.perf_event_paranoid: Debian's default 3 (CONFIG_SECURITY_PERF_EVENTS_RESTRICT) [atomic] */
static int perf_paranoid = 3;

int perf_event_paranoid(void)
{
	return __atomic_load_n(&perf_paranoid, __ATOMIC_RELAXED);
}

void perf_event_set_paranoid(int value)
{
	__atomic_store_n(&perf_paranoid, value, __ATOMIC_RELAXED);
}

bool capable(int cap)
{
	return (cred_current()->cap_effective >> cap) & 1;
}

const struct cred *cred_get(const struct cred *c)
{
	__atomic_fetch_add(&((struct cred *)c)->refcount, 1, __ATOMIC_RELAXED);
	return c;
}

static void groups_put(struct group_info *gi)
{
	if (__atomic_sub_fetch(&gi->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(gi);
}

void cred_put(const struct cred *c)
{
	struct cred *mc = (struct cred *)c;
	if (mc && __atomic_sub_fetch(&mc->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		groups_put(mc->groups);
		key_cred_put(mc);
		uts_ns_put(mc->uts_ns);
		ipc_ns_put(mc->ipc_ns);
		net_ns_put(mc->net_ns);
		kfree(mc);
	}
}

struct cred *cred_prepare(void)
{
	struct cred *new = kmalloc(sizeof(*new));
	if (!new)
		return NULL;
	*new = *cred_current();
	new->refcount = 1;
	__atomic_fetch_add(&new->groups->refcount, 1, __ATOMIC_RELAXED);
	key_cred_get(new);
	uts_ns_get(new->uts_ns);
	ipc_ns_get(new->ipc_ns);
	net_ns_get(new->net_ns);
	return new;
}

void cred_abort(struct cred *new)
{
	cred_put(new);
}

/* commit_creds' rule: new effective or file-system ids, or capabilities
 * gained, make the process undumpable (fs.suid_dumpable, 0: no core, /proc
 * files owned by root, no ptrace by the old owner) and clear the
 * parent-death signal. */
static bool changes_dumpability(const struct cred *old, const struct cred *new)
{
	return old->euid != new->euid || old->egid != new->egid || old->fsuid != new->fsuid ||
	       old->fsgid != new->fsgid || (new->cap_permitted & ~old->cap_permitted);
}

void cred_commit(struct cred *new)
{
	struct task *t = current();
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	const struct cred *old = t->cred;
	t->cred = new;
	__atomic_store_n(&t->sig_uid, new->uid, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (t->group && changes_dumpability(old, new)) {
		__atomic_store_n(&t->group->dumpable, SUID_DUMP_DISABLE, __ATOMIC_RELAXED);
		__atomic_store_n(&t->pdeath_signal, 0, __ATOMIC_RELAXED);
	}
	cred_put(old);
}

/* cap_bprm_creds_from_file without file capabilities: root gets its
 * bounding set and inheritable set as permitted (effective only with
 * effective uid 0); others get none */
static u64 exec_permitted(const struct cred *c)
{
	bool root = c->uid == 0 || c->euid == 0;
	return root ? c->cap_bset | c->cap_inheritable : 0;
}

bool cred_exec_gains_caps(const struct cred *c)
{
	return (exec_permitted(c) & ~c->cap_permitted) != 0;
}

int cred_exec(void)
{
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	new->suid = new->fsuid = new->euid;
	new->sgid = new->fsgid = new->egid;
	new->cap_permitted = exec_permitted(new);
	new->cap_effective = new->euid == 0 ? new->cap_permitted : 0;
	bool same_ids = new->euid == new->uid &&new->egid == new->gid;
	key_cred_exec(new);
	cred_commit(new);
	/* begin_new_exec: dumpable again unless the ids differ (fs.suid_dumpable 0) */
	__atomic_store_n(&current()->group->dumpable, same_ids ? SUID_DUMP_USER : SUID_DUMP_DISABLE, __ATOMIC_RELAXED);
	return 0;
}

int cred_clone(struct task *t, u64 clone_flags)
{
	const struct cred *c = t->cred;
	bool thread = clone_flags & CLONE_THREAD, new_uts = clone_flags & CLONE_NEWUTS;
	bool new_ipc = clone_flags & CLONE_NEWIPC, new_net = clone_flags & CLONE_NEWNET;
	if (!new_uts && !new_ipc && !new_net && !c->thread_keyring && (thread || !c->process_keyring))
		return 0;		   /* shared as it is */
	struct cred *new = cred_prepare(); /* c is the caller's */
	if (!new)
		return -ENOMEM;
	if ((new_uts && new_uts_ns(new)) || (new_ipc && new_ipc_ns(new)) || (new_net && new_net_ns(new))) {
		cred_abort(new);
		return -ENOMEM;
	}
	key_cred_clone(new, thread);
	t->cred = new;
	cred_put(c);
	return 0;
}

int cred_unshare_ns(u64 flags)
{
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	if (((flags & CLONE_NEWUTS) && new_uts_ns(new)) || ((flags & CLONE_NEWIPC) && new_ipc_ns(new)) ||
	    ((flags & CLONE_NEWNET) && new_net_ns(new))) {
		cred_abort(new);
		return -ENOMEM;
	}
	cred_commit(new);
	return 0;
}
static void sift_down(u32 *a, int root, int n)
{
	for (int child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		u32 tmp = a[root];
		a[root] = a[child];
		a[child] = tmp;
	}
}

/* Heap sort, ascending (as Linux groups_sort): up to NGROUPS_MAX entries. */
static void sort_gids(u32 *a, int n)
{
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_down(a, i, n);
	for (int end = n - 1; end > 0; end--) {
		u32 tmp = a[0];
		a[0] = a[end];
		a[end] = tmp;
		sift_down(a, 0, end);
	}
}

int cred_set_groups(struct cred *c, const u32 *gids, int count)
{
	struct group_info *gi = kmalloc(sizeof(*gi) + (size_t)count * sizeof(u32));
	if (!gi)
		return -ENOMEM;
	gi->refcount = 1;
	gi->count = count;
	memcpy(gi->gids, gids, (size_t)count * sizeof(u32));
	sort_gids(gi->gids, count);
	groups_put(c->groups);
	c->groups = gi;
	return 0;
}

bool cred_same_owner(const struct cred *tc)
{
	const struct cred *c = cred_current();
	return c->euid == tc->euid || c->euid == tc->uid;
}

int cred_set_ns(struct uts_ns *uts, struct ipc_ns *ipc, struct net_ns *net, int nstype)
{
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	if (nstype == CLONE_NEWUTS) {
		uts_ns_put(new->uts_ns);
		new->uts_ns = uts_ns_get(uts);
	} else if (nstype == CLONE_NEWNET) {
		net_ns_put(new->net_ns);
		new->net_ns = net_ns_get(net);
	} else {
		ipc_ns_put(new->ipc_ns);
		new->ipc_ns = ipc_ns_get(ipc);
	}
	cred_commit(new);
	return 0;
}
