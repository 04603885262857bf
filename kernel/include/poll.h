/*
 * poll.h — waiting for any of several files to become ready.
 *
 * A file's ops->poll(f, pt) returns its ready mask (POLLIN, POLLOUT, ...)
 * and, when pt is not NULL, registers the caller on the wait queues that
 * will be woken when that mask may change (poll_wait). A file without a
 * poll op is always ready for reading and writing (Linux's
 * DEFAULT_POLLMASK). ppoll registers on the first pass, sleeps, and polls
 * again after every wake-up, so readiness is never missed.
 *
 * A poll table has no fixed size (Linux fs/select.c poll_table_page): the
 * first POLL_INLINE entries live in the table itself (on the caller's
 * stack, so a small poll allocates nothing), the rest in pages allocated as
 * registrations come; if one cannot be had, pt->error is set and the call
 * fails with it unless something is ready.
 */
#pragma once

#include <types.h>
#include <wait.h>

struct poll_table_entry {
	struct wait_queue *wq;
	struct wait_entry entry;
};

struct poll_table_page; /* poll.c */

#define POLL_INLINE 8

struct poll_table {
	struct task *task;
	int error; /* -ENOMEM if a registration was lost */
	int nr_inline;
	struct poll_table_entry inline_entries[POLL_INLINE];
	struct poll_table_page *pages;
};

void poll_table_init(struct poll_table *pt, struct task *task);
/* Takes every entry off its wait queue and frees the pages. */
void poll_table_free(struct poll_table *pt);
/* Called by a poll op: the caller of ppoll sleeps on wq until it is woken. */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);
