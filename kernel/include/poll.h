/*
 * poll.h — waiting for any of several files to become ready.
 *
 * A file's ops->poll(f, pt) returns its ready mask (POLLIN, POLLOUT, ...)
 * and, when pt is not NULL, registers the caller on the wait queues that
 * will be woken when that mask may change (poll_wait). A file without a
 * poll op is always ready for reading and writing (Linux's
 * DEFAULT_POLLMASK) and cannot be watched by epoll (EPERM).
 *
 * struct poll_table is Linux's: the registration callback (qproc) and the
 * events the caller wants (key). ppoll and select use poll_wqueues, whose
 * qproc puts a wait entry with pollwake on each queue: pollwake wakes the
 * polling task unless the wake-up's key names none of the wanted events.
 * epoll (eventpoll.c) has its own qproc that hooks its items on the same
 * queues. ppoll registers on the first pass, sleeps, and polls again after
 * every wake-up, so readiness is never missed.
 *
 * A poll_wqueues has no fixed size (Linux fs/select.c poll_table_page):
 * the first POLL_INLINE entries live in it (on the caller's stack, so a
 * small poll allocates nothing), the rest in pages allocated as
 * registrations come; if one cannot be had, pw->error is set and the call
 * fails with it unless something is ready. Each entry holds a reference to
 * its file until poll_wqueues_free, so a descriptor closed by another
 * thread meanwhile cannot free the queue under the entry.
 */
#pragma once

#include <types.h>
#include <wait.h>

struct poll_table;
typedef void (*poll_queue_proc)(struct poll_table *pt, struct wait_queue *wq);

struct poll_table {
	poll_queue_proc qproc; /* NULL: do not register */
	u64 key;	       /* the events wanted (0: all) */
};

/* Called by a poll op: the poller (ppoll, select, epoll) hooks wq. */
static inline void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (pt && pt->qproc)
		pt->qproc(pt, wq);
}

struct file;

struct poll_table_entry {
	struct wait_queue *wq;
	struct wait_entry entry;
	u64 key;	   /* the events the file was polled for */
	struct file *file; /* holds a reference: wq lives as long as the file (Linux entry->filp) */
};

struct poll_table_page; /* poll_table.c */

#define POLL_INLINE 8

/* The registrations of one ppoll/select call. */
struct poll_wqueues {
	struct poll_table pt;
	struct task *task;
	struct file *file; /* the file being polled now: its entries keep a reference */
	int error;	   /* -ENOMEM if a registration was lost */
	int nr_inline;
	struct poll_table_entry inline_entries[POLL_INLINE];
	struct poll_table_page *pages;
};

void poll_wqueues_init(struct poll_wqueues *pw, struct task *task);
/* Takes every entry off its wait queue and frees the pages. */
void poll_wqueues_free(struct poll_wqueues *pw);
