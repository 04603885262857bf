/*
 * cgroup.c — the cgroup v2 hierarchy and its members (cgroup.h; Linux
 * kernel/cgroup/cgroup.c). The file system that shows it is fs/cgroup.c.
 *
 * A cgroup is "populated" while a live process is in it or in a cgroup
 * below it (cgroup.events; rmdir's EBUSY). Each cgroup counts its own live
 * processes (nr_procs) and its populated children; a change that flips a
 * cgroup's state is carried to its parent, and so on up
 * (cgroup_update_populated), all under css_set_lock, so a reader of one
 * cgroup never walks the tree.
 *
 * Members are found by walking the process list (tasklist_lock): there is
 * no per-cgroup list, which costs a walk of every process to read
 * cgroup.procs and nothing at fork or exit beyond the counts.
 *
 * A cgroup's memory goes with its last reference: its members (a zombie
 * keeps its cgroup for /proc/PID/cgroup), its children and the fs's inodes
 * of its directory and files.
 */
#include <cgroup.h>

#include <format.h>
#include <kmalloc.h>
#include <mutex.h>
#include <pid.h>
#include <spinlock.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

static struct mutex cgroup_mutex = {
	.lock = SPINLOCK_INIT("cgroup_mutex"),
	.queue = WAIT_QUEUE_INIT(cgroup_mutex.queue),
	.name = "cgroup_mutex",
};
static struct spinlock css_set_lock = SPINLOCK_INIT("css_set_lock");

static struct cgroup root = {
	.refcount = 1, /* never dropped */
	.name = "",
	.children = LIST_HEAD_INIT(root.children),
	.max_descendants = CGROUP_MAX_UNLIMITED,
	.max_depth = CGROUP_MAX_UNLIMITED,
};

struct cgroup *cgroup_root(void)
{
	return &root;
}

void cgroup_lock(void)
{
	mutex_lock(&cgroup_mutex);
}

void cgroup_unlock(void)
{
	mutex_unlock(&cgroup_mutex);
}

void cgroup_get(struct cgroup *cg)
{
	__atomic_fetch_add(&cg->refcount, 1, __ATOMIC_RELAXED);
}

/* The last reference: the memory goes, and the reference on the parent
 * (a loop, not recursion: a chain of removed cgroups may be long). */
void cgroup_put(struct cgroup *cg)
{
	while (cg && __atomic_sub_fetch(&cg->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		CHECK(cg != &root);
		struct cgroup *parent = cg->parent;
		kfree(cg->name);
		kfree(cg);
		cg = parent;
	}
}

bool cgroup_is_descendant(const struct cgroup *b, const struct cgroup *a)
{
	for (; b; b = b->parent) {
		if (b == a)
			return true;
	}
	return false;
}

/* cgroup_check_hierarchy_limits: may parent have one more child? */
static bool within_limits(struct cgroup *parent)
{
	int level = 1;
	for (struct cgroup *c = parent; c; c = c->parent, level++) {
		if (c->nr_descendants >= c->max_descendants || level > c->max_depth)
			return false;
	}
	return true;
}

int cgroup_create(struct cgroup *parent, const char *name, size_t len, struct cgroup **out)
{
	if (parent->dead)
		return -ENODEV; /* cgroup_kn_lock_live */
	if (!within_limits(parent))
		return -EAGAIN;
	struct cgroup *cg = kzalloc(sizeof(*cg));
	char *copy = kmalloc(len + 1);
	if (!cg || !copy) {
		kfree(cg);
		kfree(copy);
		return -ENOMEM;
	}
	memcpy(copy, name, len);
	copy[len] = '\0';
	cg->refcount = 1; /* the caller's */
	cg->name = copy;
	cg->level = parent->level + 1;
	cg->max_descendants = CGROUP_MAX_UNLIMITED;
	cg->max_depth = CGROUP_MAX_UNLIMITED;
	list_init(&cg->children);
	cgroup_get(parent);
	cg->parent = parent;
	list_add_tail(&cg->sibling, &parent->children);
	for (struct cgroup *c = parent; c; c = c->parent)
		c->nr_descendants++;
	*out = cg;
	return 0;
}

static bool populated_locked(const struct cgroup *cg)
{
	ASSERT_HELD(&css_set_lock);
	return cg->nr_procs || cg->nr_populated_children;
}

bool cgroup_populated(struct cgroup *cg)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	bool populated = populated_locked(cg);
	spin_unlock_irqrestore(&css_set_lock, irq);
	return populated;
}

int cgroup_destroy(struct cgroup *cg)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	/* the populated check first, then live children, as Linux: both EBUSY */
	bool busy = populated_locked(cg) || !list_empty(&cg->children);
	if (!busy)
		cg->dead = true;
	spin_unlock_irqrestore(&css_set_lock, irq);
	if (busy)
		return -EBUSY;
	list_del(&cg->sibling);
	for (struct cgroup *c = cg->parent; c; c = c->parent)
		c->nr_descendants--;
	return 0;
}

/* cgroup_update_populated: delta (+1 or -1) live processes in cg; while a
 * cgroup's populated state flips, its parent counts one populated child
 * more or less. [css_set_lock] */
static void update_populated(struct cgroup *cg, int delta)
{
	ASSERT_HELD(&css_set_lock);
	bool from_child = false;
	for (; cg; cg = cg->parent) {
		bool was = populated_locked(cg);
		if (from_child)
			cg->nr_populated_children += delta;
		else
			cg->nr_procs += delta;
		if (was == populated_locked(cg))
			break;
		from_child = true;
	}
}

void cgroup_fork(struct thread_group *g, struct thread_group *parent)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	struct cgroup *cg = parent && parent->cgroup ? parent->cgroup : &root;
	cgroup_get(cg);
	g->cgroup = cg;
	g->cgroup_live = true;
	update_populated(cg, 1);
	spin_unlock_irqrestore(&css_set_lock, irq);
}

/* Moves live g to dst; the old cgroup's reference, for the caller to drop
 * once the lock is released (NULL: nothing moved). [css_set_lock] */
static struct cgroup *move_locked(struct thread_group *g, struct cgroup *dst)
{
	ASSERT_HELD(&css_set_lock);
	struct cgroup *old = g->cgroup;
	if (!g->cgroup_live || old == dst)
		return NULL;
	update_populated(old, -1);
	update_populated(dst, 1);
	cgroup_get(dst);
	g->cgroup = dst;
	return old;
}

int cgroup_fork_into(struct thread_group *g, struct cgroup *dst)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	bool dead = dst->dead;
	struct cgroup *old = dead ? NULL : move_locked(g, dst);
	spin_unlock_irqrestore(&css_set_lock, irq);
	cgroup_put(old);
	return dead ? -ENODEV : 0;
}

void cgroup_attach(struct thread_group *g, struct cgroup *dst)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	struct cgroup *old = move_locked(g, dst);
	spin_unlock_irqrestore(&css_set_lock, irq);
	cgroup_put(old);
}

void cgroup_exit(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	if (g->cgroup_live) {
		g->cgroup_live = false;
		update_populated(g->cgroup, -1);
	}
	spin_unlock_irqrestore(&css_set_lock, irq);
}

void cgroup_release(struct thread_group *g)
{
	cgroup_exit(g); /* a process discarded before it ran */
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	struct cgroup *cg = g->cgroup;
	g->cgroup = NULL;
	spin_unlock_irqrestore(&css_set_lock, irq);
	cgroup_put(cg);
}

struct cgroup *cgroup_of(struct thread_group *g)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	struct cgroup *cg = g->cgroup ? g->cgroup : &root;
	cgroup_get(cg);
	spin_unlock_irqrestore(&css_set_lock, irq);
	return cg;
}

static bool live_member(struct thread_group *g, struct cgroup *cg)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);
	bool in = g->cgroup == cg && g->cgroup_live;
	spin_unlock_irqrestore(&css_set_lock, irq);
	return in;
}

size_t cgroup_list_members(struct cgroup *cg, bool threads, char *buf, size_t cap)
{
	size_t len = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct thread_group *g;
	list_for_each_entry(g, &process_list, process_node) {
		if (!live_member(g, cg))
			continue;
		if (!threads) {
			len += (size_t)snprintf(buf + MIN(len, cap), cap - MIN(len, cap), "%d\n", g->pid);
			continue;
		}
		unsigned long girq = spin_lock_irqsave(&g->lock);
		struct task *t;
		list_for_each_entry(t, &g->threads, group_node)
			len += (size_t)snprintf(buf + MIN(len, cap), cap - MIN(len, cap), "%d\n", t->tid);
		spin_unlock_irqrestore(&g->lock, girq);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return len;
}

int cgroup_path(struct cgroup *cg, char **out)
{
	/* names and parents never change (no rename in cgroup2), and cg holds its ancestors */
	size_t len = 0;
	for (struct cgroup *c = cg; c->parent; c = c->parent)
		len += 1 + strlen(c->name);
	const char *deleted = cg->dead ? " (deleted)" : "";
	char *path = kmalloc(len + 2 + strlen(deleted));
	if (!path)
		return -ENOMEM;
	size_t end = len ? len : 1;
	path[0] = '/';
	for (struct cgroup *c = cg; c->parent; c = c->parent) {
		size_t n = strlen(c->name);
		len -= n;
		memcpy(path + len, c->name, n);
		path[--len] = '/';
	}
	memcpy(path + end, deleted, strlen(deleted) + 1);
	*out = path;
	return 0;
}
