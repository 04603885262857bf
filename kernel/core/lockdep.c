/*
 * lockdep.c — the lock-order checker (see lockdep.h for the model).
 *
 * Classes are numbered from 1 in the order they are first taken; class 0 is
 * "not yet looked up". The order graph is a bit matrix: bit b of after[a]
 * says a lock of class b was taken while one of class a was held. A new
 * edge a -> b is added only after a search from b (breadth first over the
 * matrix) finds no path back to a; finding one is the inversion reported.
 * Edges already known cost one bit test, so the common case of taking a lock
 * under the same locks as before is cheap.
 *
 * Locking: graph_lock (a test-and-set word, not a struct spinlock, so the
 * checker never checks itself) protects classes, nr_classes and after;
 * callers run with interrupts off. A task's held stack is touched only by
 * that task (and interrupt handlers on its CPU, which restore it).
 */
#include <lockdep.h>

#include <printk.h>
#include <format.h>
#include <string.h>

#define WORDS (LOCKDEP_MAX_CLASSES / 64)

struct lock_class {
	const char *name;
	enum lock_kind kind;
};

bool lockdep_enabled = true;
static u32 graph_lock;
static struct lock_class classes[LOCKDEP_MAX_CLASSES]; /* [graph_lock] */
static u16 nr_classes = 1;			       /* [graph_lock] next free class id */
static u64 after[LOCKDEP_MAX_CLASSES][WORDS];	       /* [graph_lock] the order graph */

static void graph_lock_take(void)
{
	while (__atomic_exchange_n(&graph_lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&graph_lock, __ATOMIC_RELAXED))
			;
}

static void graph_lock_drop(void)
{
	__atomic_store_n(&graph_lock, 0, __ATOMIC_RELEASE);
}

static const char *kind_name(enum lock_kind kind)
{
	return kind == LOCK_KIND_MUTEX ? "mutex" : kind == LOCK_KIND_WAITQ ? "wait queue" : "spinlock";
}

/* The class of (name, kind), made on first use; 0 when the table is full. [graph_lock] */
static u16 class_lookup(const char *name, enum lock_kind kind)
{
	for (u16 i = 1; i < nr_classes; i++)
		if (classes[i].kind == kind && (classes[i].name == name || strcmp(classes[i].name, name) == 0))
			return i;
	if (nr_classes == LOCKDEP_MAX_CLASSES)
		return 0;
	classes[nr_classes].name = name;
	classes[nr_classes].kind = kind;
	return nr_classes++;
}

/* Read with or without graph_lock: an edge, once there, stays (order_add
 * only ever adds one), so a read outside it may miss a new edge, never see
 * a wrong one. */
static bool edge(u16 a, u16 b)
{
	return (__atomic_load_n(&after[a][b / 64], __ATOMIC_RELAXED) >> (b % 64)) & 1;
}

/* Is there a path from `from` to `to` in the order graph? [graph_lock] */
static bool reachable(u16 from, u16 to)
{
	u64 seen[WORDS] = {0};
	u16 queue[LOCKDEP_MAX_CLASSES];
	unsigned head = 0, tail = 0;

	queue[tail++] = from;
	seen[from / 64] |= 1ull << (from % 64);
	while (head < tail) {
		u16 c = queue[head++];
		if (c == to)
			return true;
		for (u16 n = 1; n < nr_classes; n++) {
			if (!edge(c, n) || ((seen[n / 64] >> (n % 64)) & 1))
				continue;
			seen[n / 64] |= 1ull << (n % 64);
			queue[tail++] = n;
		}
	}
	return false;
}

static void report(struct lockdep_held *held, u16 holding, u16 taking)
{
	char msg[160];
	lockdep_enabled = false; /* one report; the panic path takes locks too */
	printk("lockdep: lock order inversion: taking %s \"%s\" while holding %s \"%s\", "
	       "but \"%s\" was taken before \"%s\" earlier\n",
	       kind_name(classes[taking].kind), classes[taking].name, kind_name(classes[holding].kind),
	       classes[holding].name, classes[taking].name, classes[holding].name);
	for (u16 i = 0; i < held->depth; i++)
		printk("lockdep:   held #%u: %s \"%s\"\n", i, kind_name(classes[held->entries[i].class_id].kind),
		       classes[held->entries[i].class_id].name);
	snprintf(msg, sizeof msg, "lockdep: \"%s\" -> \"%s\" inverts an earlier order", classes[holding].name,
		 classes[taking].name);
	lockdep_inversion(msg);
}

/* Records holding -> taking; false if it inverts a known order. [graph_lock] */
static bool order_add(u16 holding, u16 taking)
{
	if (holding == taking || edge(holding, taking))
		return true;
	if (reachable(taking, holding))
		return false;
	__atomic_fetch_or(&after[holding][taking / 64], 1ull << (taking % 64), __ATOMIC_RELAXED);
	return true;
}

/* Whether every lock held (outside an interrupt handler's own) is already
 * known to come before cls: then taking it adds nothing and inverts
 * nothing, and graph_lock is not needed (most acquisitions: nothing held,
 * or an order seen long ago). A new edge missed here goes the slow way. */
static bool orders_known(const struct lockdep_held *held, u16 cls)
{
	for (u16 i = held->irq_base; i < held->depth; i++)
		if (held->entries[i].class_id != cls && !edge(held->entries[i].class_id, cls))
			return false;
	return true;
}

void lockdep_acquire(const void *lock, const char *name, enum lock_kind kind, u16 *class_cache)
{
	if (!lockdep_enabled)
		return;
	struct lockdep_held *held = lockdep_current();
	u16 cls = __atomic_load_n(class_cache, __ATOMIC_RELAXED);
	u16 inverted = 0;

	if (!cls || !orders_known(held, cls)) {
		graph_lock_take();
		if (!cls) {
			cls = class_lookup(name ? name : "?", kind);
			__atomic_store_n(class_cache, cls, __ATOMIC_RELAXED);
		}
		for (u16 i = held->irq_base; cls && i < held->depth && !inverted; i++)
			if (!order_add(held->entries[i].class_id, cls))
				inverted = held->entries[i].class_id;
		graph_lock_drop();
	}

	if (!cls || held->depth == LOCKDEP_MAX_HELD) {
		lockdep_enabled = false;
		printk("lockdep: %s; checking turned off\n", cls ? "too many locks held" : "too many lock classes");
		return;
	}
	if (inverted) {
		report(held, inverted, cls);
		return;
	}
	held->entries[held->depth].lock = lock;
	held->entries[held->depth].class_id = cls;
	held->depth++;
}

void lockdep_release(const void *lock)
{
	if (!lockdep_enabled)
		return;
	struct lockdep_held *held = lockdep_current();
	for (int i = held->depth - 1; i >= 0; i--) {
		if (held->entries[i].lock != lock)
			continue;
		for (int j = i; j + 1 < held->depth; j++)
			held->entries[j] = held->entries[j + 1];
		held->depth--;
		return;
	}
}

bool lockdep_holds(const void *lock)
{
	struct lockdep_held *held = lockdep_current();
	for (u16 i = 0; i < held->depth; i++)
		if (held->entries[i].lock == lock)
			return true;
	return false;
}

/* Interrupt handlers nest on the interrupted task's stack: remember where
 * they start in irq_base (saved in the entry itself would need space; one
 * level of nesting is all the kernel has, since handlers run with IRQs off). */
void lockdep_irq_enter(void)
{
	struct lockdep_held *held = lockdep_current();
	held->irq_base = held->depth;
}

void lockdep_irq_exit(void)
{
	struct lockdep_held *held = lockdep_current();
	held->irq_base = 0;
}

bool lockdep_dump_at_reboot;

void lockdep_dump_orders(void)
{
	if (!lockdep_dump_at_reboot)
		return;
	for (u16 a = 1; a < nr_classes; a++)
		for (u16 b = 1; b < nr_classes; b++)
			if (edge(a, b))
				printk("lockdep order: %s \"%s\" -> %s \"%s\"\n", kind_name(classes[a].kind),
				       classes[a].name, kind_name(classes[b].kind), classes[b].name);
}
