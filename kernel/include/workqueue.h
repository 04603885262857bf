/*
 * workqueue.h — deferred work: a function run later in process context by
 * a kernel thread (Linux's workqueues, reduced to one shared worker).
 *
 * Code that must not do its work where it is — a timer callback or an
 * interrupt handler, which cannot sleep, take a mutex or run long with
 * interrupts off — embeds a `struct work` and calls work_queue(); the
 * worker thread "kworker" then calls the work's fn in process context,
 * with interrupts on, free to take spinlocks, mutexes and to sleep.
 *
 * Rules (Linux's queue_work/cancel_work): a work is queued at most once
 * at a time — work_queue() on a pending work does nothing and returns
 * false — and it is no longer pending when its fn starts, so fn (or
 * anyone) may queue it again while it runs; fn then runs once more. The
 * memory of a pending or running work must stay valid: its owner holds a
 * reference for it (taken before queueing, dropped by fn or by whoever
 * takes it off the queue with work_cancel, which says whether it did).
 * Works run one after another in queue order on the one worker, so a
 * fn that sleeps long delays the others: sleep for the work's own
 * purposes only (a lock, memory), never for an event.
 */
#pragma once

#include <list.h>
#include <types.h>

struct work {
	struct list_head node; /* on the worker's list while pending [work_lock] */
	void (*fn)(struct work *w);
	bool pending; /* [work_lock] */
};

void work_init(struct work *w, void (*fn)(struct work *w));
/* Queues w unless it is pending; any context (interrupts too). Returns
 * whether it queued it. */
bool work_queue(struct work *w);
/* Takes w off the queue if it is pending (its fn then does not run for
 * that queueing); returns whether it was. A fn already running goes on. */
bool work_cancel(struct work *w);
/* Starts the worker thread (boot, after the scheduler). */
void workqueue_init(void);
