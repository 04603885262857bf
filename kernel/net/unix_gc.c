/*
 * unix_gc.c — collecting AF_UNIX sockets kept alive only by their own
 * descriptors in flight (Linux net/unix/garbage.c, the algorithm of 6.1).
 *
 * SCM_RIGHTS puts file references in messages. A socket whose file is in
 * flight in its own queue, or in a ring of sockets whose only references
 * are messages in each other's queues, can never be received once every
 * descriptor is closed, and would never be freed. Every AF_UNIX socket
 * counts how many in-flight messages hold its file (inflight); the
 * collector runs when an AF_UNIX socket is released while anything is in
 * flight, as Linux's unix_release_sock calls unix_gc:
 *
 * 1. Candidates: sockets whose file is referenced only from messages
 *    (file refcount == inflight): no descriptor table, no thread holds
 *    them, so nobody can receive from their queues any more.
 * 2. For every message in a candidate's queue, each candidate it carries
 *    loses one count (gc_refs starts at inflight). A candidate left with
 *    gc_refs > 0 is carried by a message in the queue of a live socket:
 *    it is reachable, and so is every candidate in its queue, transitively.
 * 3. The rest is garbage: their queues are taken whole and freed once the
 *    locks are dropped; putting the files releases the sockets, and their
 *    releases free the rest of the cycle.
 *
 * A listener's queue holds its connections not yet accepted (embryos, with
 * no file of their own); what their clients sent them counts as the
 * listener's (steps 2 and 3 walk those queues too, as scan_children does),
 * and freeing a garbage listener's queue releases its embryos and theirs.
 *
 * Locks: unix_gc_lock protects every inflight count, unix_tot_inflight,
 * the gc_* fields and the moving of a message's descriptors (msg->fds)
 * out of a queued message. Order: unix_gc_lock, unix_table_lock, a
 * socket's sk.lock. The counting calls take it alone.
 */
#include "af_unix.h"

#include <fs.h>
#include <kmalloc.h>
#include <uapi/errno.h>

static struct spinlock unix_gc_lock = SPINLOCK_INIT("unix_gc");
static int unix_tot_inflight; /* files of AF_UNIX sockets in flight [unix_gc_lock] */
static bool gc_in_progress;   /* [unix_gc_lock] */

/* The AF_UNIX socket behind f, or NULL. */
static struct unix_sock *unix_of_file(struct file *f)
{
	struct sock *sk = sock_of_file(f);
	return sk && sk->family == AF_UNIX ? unix_sk(sk) : NULL;
}

static void count_inflight(struct file **fds, int n, int delta)
{
	unsigned long irq = spin_lock_irqsave(&unix_gc_lock);
	for (int i = 0; i < n; i++) {
		struct unix_sock *u = unix_of_file(fds[i]);
		if (u) {
			u->inflight += delta;
			unix_tot_inflight += delta;
		}
	}
	spin_unlock_irqrestore(&unix_gc_lock, irq);
}

void unix_inflight(struct file **fds, int n)
{
	count_inflight(fds, n, 1);
}

void unix_notinflight(struct file **fds, int n)
{
	count_inflight(fds, n, -1);
}

void unix_take_msg_fds(struct unix_msg *msg, struct file ***fds, int *nr)
{
	unsigned long irq = spin_lock_irqsave(&unix_gc_lock);
	*fds = msg->fds;
	*nr = msg->nr_fds;
	msg->fds = NULL;
	msg->nr_fds = 0;
	for (int i = 0; i < *nr; i++) {
		struct unix_sock *u = unix_of_file((*fds)[i]);
		if (u) {
			u->inflight--;
			unix_tot_inflight--;
		}
	}
	spin_unlock_irqrestore(&unix_gc_lock, irq);
}

/* Calls visit on every candidate carried by a message of queue. [unix_gc_lock,
 * the queue's owner's sk.lock] */
static void visit_queue(struct list_head *queue, bool (*visit)(struct unix_sock *child), bool *changed)
{
	struct unix_msg *msg;
	list_for_each_entry(msg, queue, node) {
		for (int i = 0; i < msg->nr_fds; i++) {
			struct unix_sock *child = unix_of_file(msg->fds[i]);
			if (child && child->gc_candidate && visit(child))
				*changed = true;
		}
	}
}

/* Calls visit on every candidate carried by a message in u's queue and, for a
 * listener, in the queues of the connections it has not accepted yet (their
 * clients may already have sent to them: Linux's scan_children). Locks: u's
 * sk.lock, then each embryo's (a listener's, then a connecting socket's).
 * [unix_gc_lock] */
static void for_each_carried_candidate(struct unix_sock *u, bool (*visit)(struct unix_sock *child), bool *changed)
{
	unsigned long irq = spin_lock_irqsave(&u->sk.lock);
	visit_queue(&u->queue, visit, changed);
	if (u->state == UNIX_LISTEN) {
		struct unix_msg *msg;
		list_for_each_entry(msg, &u->queue, node) {
			struct unix_sock *embryo = msg->embryo;
			if (!embryo)
				continue;
			unsigned long irq2 = spin_lock_irqsave(&embryo->sk.lock);
			visit_queue(&embryo->queue, visit, changed);
			spin_unlock_irqrestore(&embryo->sk.lock, irq2);
		}
	}
	spin_unlock_irqrestore(&u->sk.lock, irq);
}

static bool dec_refs(struct unix_sock *child)
{
	child->gc_refs--;
	return false;
}

static bool mark_reachable(struct unix_sock *child)
{
	if (child->gc_reachable)
		return false;
	child->gc_reachable = true;
	return true;
}

void unix_gc(void)
{
	struct list_head candidates, hitlist;
	list_init(&candidates);
	list_init(&hitlist);
	unsigned long irq = spin_lock_irqsave(&unix_gc_lock);
	if (gc_in_progress || !unix_tot_inflight) {
		spin_unlock_irqrestore(&unix_gc_lock, irq);
		return;
	}
	gc_in_progress = true;
	unsigned long irq2 = spin_lock_irqsave(&unix_table_lock);
	struct unix_sock *u;
	list_for_each_entry(u, &unix_sockets, node) {
		if (!u->inflight)
			continue;
		unsigned long irq3 = spin_lock_irqsave(&u->sk.lock);
		struct file *f = u->sk.file; /* alive: the messages hold it */
		spin_unlock_irqrestore(&u->sk.lock, irq3);
		if (f && __atomic_load_n(&f->refcount, __ATOMIC_ACQUIRE) == u->inflight) {
			u->gc_candidate = true;
			u->gc_reachable = false;
			u->gc_refs = u->inflight;
			list_add_tail(&u->gc_node, &candidates);
		}
	}
	bool changed = false;
	list_for_each_entry(u, &candidates, gc_node)
		for_each_carried_candidate(u, dec_refs, &changed);
	list_for_each_entry(u, &candidates, gc_node) {
		if (u->gc_refs > 0)
			u->gc_reachable = true; /* a live socket's queue carries it */
	}
	do {
		changed = false;
		list_for_each_entry(u, &candidates, gc_node) {
			if (u->gc_reachable)
				for_each_carried_candidate(u, mark_reachable, &changed);
		}
	} while (changed);
	while (!list_empty(&candidates)) {
		u = list_first_entry(&candidates, struct unix_sock, gc_node);
		list_del(&u->gc_node);
		u->gc_candidate = false;
		if (u->gc_reachable)
			continue;
		unsigned long irq3 = spin_lock_irqsave(&u->sk.lock);
		while (!list_empty(&u->queue))
			list_move_tail(u->queue.next, &hitlist);
		u->qlen = 0;
		u->qbytes = 0;
		spin_unlock_irqrestore(&u->sk.lock, irq3);
	}
	spin_unlock_irqrestore(&unix_table_lock, irq2);
	spin_unlock_irqrestore(&unix_gc_lock, irq);
	unix_purge(&hitlist); /* puts the files: the cycle's sockets are released */
	irq = spin_lock_irqsave(&unix_gc_lock);
	gc_in_progress = false;
	spin_unlock_irqrestore(&unix_gc_lock, irq);
}
