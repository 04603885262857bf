/*
 * wait.h — wait queues: the one way a task blocks.
 *
 * A waiter puts itself on the queue, sets its state, re-checks the condition
 * and only then calls schedule(); a waker sets the condition and calls
 * wake_up_all(). That order closes the lost-wakeup race (the waker either sees
 * the waiter on the queue, or the waiter sees the condition already true).
 * Interruptible waits return -ERESTARTSYS when a signal is pending for the
 * task: on the way out the call is restarted, or fails with EINTR when a
 * handler without SA_RESTART runs (arch_do_signal).
 */
#pragma once

#include <arch.h>
#include <list.h>
#include <spinlock.h>
#include <time.h>
#include <types.h>
#include <uapi/errno.h>

struct task;

struct wait_queue {
	struct spinlock lock;	  /* protects waiters */
	struct list_head waiters; /* struct wait_entry.node */
};

struct wait_entry {
	struct list_head node;
	struct task *task;
};

#define WAIT_QUEUE_INIT(wq)                                                         \
	{                                                                           \
		.lock = SPINLOCK_INIT(#wq), .waiters = LIST_HEAD_INIT((wq).waiters) \
	}

void wait_queue_init(struct wait_queue *wq, const char *name);
/* Queue e on wq (once) and set the sleep state; wq NULL: only the state. */
void wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool interruptible);
/* Back to running, off wq (NULL: nothing to leave). */
void wait_finish(struct wait_queue *wq, struct wait_entry *e);
void wake_up_all(struct wait_queue *wq);
bool task_signal_pending(struct task *t);
void schedule(void);

/*
 * Sleep until cond is true. Returns 0, or -ERESTARTSYS if a signal came.
 * cond is evaluated with the task state already set, so a wake-up between the
 * check and schedule() is not lost.
 */
#define wait_event_interruptible(wq, cond) wait_event_interruptible_timeout((wq), (cond), ~0UL)

/*
 * Sleep until cond is true (0), the monotonic deadline passes (-ETIMEDOUT;
 * ~0UL: no deadline, 0 or a past one: just check) or a signal is pending
 * (-ERESTARTSYS), tested in that order after every wake-up (Linux's
 * wait_event_interruptible_timeout; nanosleep and futex let the timeout win
 * over a signal the same way). wq is the queue the waker wakes, or NULL
 * when the waker wakes the task itself (a futex waker, poll-table entries,
 * a signal). The one sleep loop of nanosleep, ppoll, futex and
 * rt_sigtimedwait.
 */
#define wait_event_interruptible_timeout(wq, cond, deadline)                                                 \
	({                                                                                                   \
		struct wait_queue *__wq = (wq);                                                              \
		u64 __deadline = (deadline);                                                                 \
		struct wait_entry __we = {.node = {NULL, NULL}, .task = NULL};                               \
		struct wake_timer __timer;                                                                   \
		wake_timer_arm(&__timer, __deadline);                                                        \
		int __ret;                                                                                   \
		for (;;) {                                                                                   \
			wait_prepare(__wq, &__we, true);                                                     \
			if (cond) {                                                                          \
				__ret = 0;                                                                   \
				break;                                                                       \
			}                                                                                    \
			if (__timer.expired || (__deadline != ~0UL && time_since_boot_ns() >= __deadline)) { \
				__ret = -ETIMEDOUT;                                                          \
				break;                                                                       \
			}                                                                                    \
			if (task_signal_pending(arch_current())) {                                           \
				__ret = -ERESTARTSYS;                                                        \
				break;                                                                       \
			}                                                                                    \
			schedule();                                                                          \
		}                                                                                            \
		wait_finish(__wq, &__we);                                                                    \
		wake_timer_cancel(&__timer);                                                                 \
		__ret;                                                                                       \
	})

#define wait_event(wq, cond)                                                   \
	do {                                                                   \
		struct wait_entry __we = {.node = {NULL, NULL}, .task = NULL}; \
		for (;;) {                                                     \
			wait_prepare((wq), &__we, false);                      \
			if (cond)                                              \
				break;                                         \
			schedule();                                            \
		}                                                              \
		wait_finish((wq), &__we);                                      \
	} while (0)
