/*
 * poll.h — waiting for any of several files to become ready.
 *
 * A file's ops->poll(f, pt) returns its ready mask (POLLIN, POLLOUT, ...)
 * and, when pt is not NULL, registers the caller on the wait queues that
 * will be woken when that mask may change (poll_wait). A file without a
 * poll op is always ready for reading and writing (Linux's
 * DEFAULT_POLLMASK). ppoll registers on the first pass, sleeps, and polls
 * again after every wake-up, so readiness is never missed.
 */
#pragma once

#include <types.h>
#include <wait.h>

#define POLL_MAX_WAITS 64 /* wait queues one ppoll call may sleep on */

struct poll_table {
	struct task *task;
	int nr;
	struct {
		struct wait_queue *wq;
		struct wait_entry entry;
	} waits[POLL_MAX_WAITS];
};

/* Called by a poll op: the caller of ppoll sleeps on wq until it is woken. */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);
