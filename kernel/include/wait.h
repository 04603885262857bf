/*
 * wait.h — wait queues: the one way a task blocks.
 *
 * A waiter puts itself on the queue, sets its state, re-checks the condition
 * and only then calls schedule(); a waker sets the condition and calls
 * wake_up_all(). That order closes the lost-wakeup race (the waker either sees
 * the waiter on the queue, or the waiter sees the condition already true).
 * Interruptible waits return -ERESTARTSYS when a signal is pending for the
 * task: on the way out the call is restarted, or fails with EINTR when a
 * handler without SA_RESTART runs (exit_to_user_mode).
 *
 * Waking is a callback (Linux's wait_queue_entry): each entry carries a
 * wake function, called by __wake_up under the queue's lock with
 * interrupts off, and the wake-up carries a key — for files, the poll mask
 * of what happened (POLLIN when data came, POLLOUT when room came; 0:
 * "anything may have changed"). The default function (func NULL) wakes
 * entry->task whatever the key; poll tables filter by key (pollwake), and
 * epoll queues its item on the ready list (ep_poll_callback), so one queue
 * serves sleepers, ppoll/select and epoll alike. An entry with
 * WQ_FLAG_EXCLUSIVE (EPOLLEXCLUSIVE) counts against nr_exclusive: a
 * wake-up stops after that many exclusive entries did wake something.
 * A wake function may take its own entry off the queue; it must not sleep,
 * and any lock it takes comes after every wait-queue lock in the order.
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

struct wait_entry;
/* Returns nonzero if it woke something (counts for exclusive entries).
 * [called with the queue's lock held, interrupts off] */
typedef int (*wait_func_t)(struct wait_entry *e, unsigned mode, int flags, u64 key);

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_entry {
	struct list_head node; /* on wait_queue.waiters [wq->lock] */
	struct task *task;     /* the sleeper the default function wakes */
	wait_func_t func;      /* NULL: default_wake_function */
	unsigned flags;	       /* WQ_FLAG_* */
};

#define WAIT_QUEUE_INIT(wq)                                                                               \
	{                                                                                                 \
		.lock = SPINLOCK_INIT_KIND(#wq, LOCK_KIND_WAITQ), .waiters = LIST_HEAD_INIT((wq).waiters) \
	}

void wait_queue_init(struct wait_queue *wq, const char *name);
/*
 * Whether anyone is queued, read without the queue's lock (Linux's
 * waitqueue_active): a waker may skip __wake_up on false only when its own
 * locking orders the check after a waiter's queueing — the waiter queues
 * itself, then re-checks its condition under a lock the waker took after
 * changing that condition (pipe_unlock, mutex_unlock).
 */
static inline bool wait_queue_active(struct wait_queue *wq)
{
	return __atomic_load_n(&wq->waiters.next, __ATOMIC_ACQUIRE) != &wq->waiters;
}
/* Queue e on wq (once) and set the sleep state; wq NULL: only the state. */
void wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool interruptible);
/* Back to running, off wq (NULL: nothing to leave). */
void wait_finish(struct wait_queue *wq, struct wait_entry *e);
/* Calls every entry's wake function with key; after nr_exclusive
 * exclusive entries woke something, stops (0: no limit). */
void __wake_up(struct wait_queue *wq, int nr_exclusive, u64 key);
/* Everyone, no key (the condition changed in some way). */
void wake_up_all(struct wait_queue *wq);
/* A readiness change described by key (POLLIN, POLLOUT, POLLHUP...):
 * every plain entry, and one exclusive one (Linux wake_up_poll). */
void wake_up_poll(struct wait_queue *wq, u64 key);
/* The function a NULL func stands for: wakes e->task. */
int default_wake_function(struct wait_entry *e, unsigned mode, int flags, u64 key);
/* Puts e on wq / takes it off (if on it), under the queue's lock. */
void add_wait_queue(struct wait_queue *wq, struct wait_entry *e);
void add_wait_queue_exclusive(struct wait_queue *wq, struct wait_entry *e);
void remove_wait_queue(struct wait_queue *wq, struct wait_entry *e);
void schedule(void);

/*
 * Sleep until cond is true. Returns 0, or -ERESTARTSYS if a signal came.
 * cond is evaluated with the task state already set, so a wake-up between the
 * check and schedule() is not lost.
 */
#define wait_event_interruptible(wq, cond) wait_event_interruptible_timeout((wq), (cond), ~0UL)

/*
 * Sleep until cond is true (0), the deadline passes (-ETIMEDOUT; ~0UL: no
 * deadline, 0 or a past one: just check) or a signal is pending
 * (-ERESTARTSYS), tested in that order after every wake-up (Linux's
 * wait_event_interruptible_timeout; nanosleep and futex let the timeout win
 * over a signal the same way). The deadline is monotonic ns, or with wall
 * a CLOCK_REALTIME time that holds however the clock is set meanwhile
 * (wake_timer, time.h). wq is the queue the waker wakes, or NULL
 * when the waker wakes the task itself (a futex waker, poll-table entries,
 * a signal). The one sleep loop of nanosleep, ppoll, futex and
 * rt_sigtimedwait. Its user includes task.h too (task_signal_pending, beside
 * current(); task.h includes this header, so this one cannot include it).
 * The loop itself is __wait_event_entry_until, over the entry the caller
 * gives (its wake function may filter wake-ups: wait4's child_wait_wake).
 */
#define __wait_event_entry_until(wq, entry, cond, deadline, wall)  \
	({                                                         \
		struct wait_queue *__wq = (wq);                    \
		struct wait_entry *__wep = (entry);                \
		struct wake_timer __timer;                         \
		wake_timer_arm(&__timer, (deadline), (wall));      \
		int __ret;                                         \
		for (;;) {                                         \
			wait_prepare(__wq, __wep, true);           \
			if (cond) {                                \
				__ret = 0;                         \
				break;                             \
			}                                          \
			if (wake_timer_due(&__timer)) {            \
				__ret = -ETIMEDOUT;                \
				break;                             \
			}                                          \
			if (task_signal_pending(arch_current())) { \
				__ret = -ERESTARTSYS;              \
				break;                             \
			}                                          \
			schedule();                                \
		}                                                  \
		wait_finish(__wq, __wep);                          \
		wake_timer_cancel(&__timer);                       \
		__ret;                                             \
	})

#define __wait_event_interruptible_until(wq, cond, deadline, wall, wqflags)                                      \
	({                                                                                                       \
		struct wait_entry __we = {.node = {NULL, NULL}, .task = NULL, .func = NULL, .flags = (wqflags)}; \
		__wait_event_entry_until((wq), &__we, (cond), (deadline), (wall));                               \
	})

/* wait_event_interruptible with the caller's own entry (queued on wq, no
 * deadline): its wake function decides which wake-ups reach the sleeper. */
#define wait_event_interruptible_entry(wq, entry, cond) __wait_event_entry_until((wq), (entry), (cond), ~0UL, false)

#define __wait_event_interruptible_timeout(wq, cond, deadline, wqflags) \
	__wait_event_interruptible_until((wq), (cond), (deadline), false, (wqflags))
/* The same with the deadline on the wall clock if wall (absolute CLOCK_REALTIME timeouts). */
#define wait_event_interruptible_until(wq, cond, deadline, wall) \
	__wait_event_interruptible_until((wq), (cond), (deadline), (wall), 0)

#define wait_event_interruptible_timeout(wq, cond, deadline) \
	__wait_event_interruptible_timeout((wq), (cond), (deadline), 0)
/* The same as an exclusive waiter: a wake_up_poll wakes one of these (epoll_wait, Linux ep_poll). */
#define wait_event_interruptible_exclusive_timeout(wq, cond, deadline) \
	__wait_event_interruptible_timeout((wq), (cond), (deadline), WQ_FLAG_EXCLUSIVE)

/*
 * Sleep until cond is true (0) or SIGKILL is pending (-EINTR): Linux's
 * TASK_KILLABLE sleep (wait_for_completion_killable). Other signals wake
 * it (sched_wake wakes any sleeper) and it sleeps again. Its user
 * includes task.h (task_fatal_signal_pending), as for the macros above.
 */
#define wait_event_killable(wq, cond)                                                        \
	({                                                                                   \
		struct wait_entry __we = {.node = {NULL, NULL}, .task = NULL, .func = NULL}; \
		int __ret = 0;                                                               \
		for (;;) {                                                                   \
			wait_prepare((wq), &__we, false);                                    \
			if (cond)                                                            \
				break;                                                       \
			if (task_fatal_signal_pending(arch_current())) {                     \
				__ret = -EINTR;                                              \
				break;                                                       \
			}                                                                    \
			schedule();                                                          \
		}                                                                            \
		wait_finish((wq), &__we);                                                    \
		__ret;                                                                       \
	})

#define wait_event(wq, cond)                                                                 \
	do {                                                                                 \
		struct wait_entry __we = {.node = {NULL, NULL}, .task = NULL, .func = NULL}; \
		for (;;) {                                                                   \
			wait_prepare((wq), &__we, false);                                    \
			if (cond)                                                            \
				break;                                                       \
			schedule();                                                          \
		}                                                                            \
		wait_finish((wq), &__we);                                                    \
	} while (0)
