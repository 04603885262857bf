/*
 * ptrace.h — process tracing (proc/ptrace.c; Linux kernel/ptrace.c and
 * the ptrace parts of kernel/signal.c): the tracer's link to a traced
 * process, the stops a traced thread makes, and the hooks the rest of the
 * kernel calls (docs/ptrace.md).
 *
 * The link is per process here (a thread_group traces a thread_group),
 * the stops per thread: a traced thread stops at a signal's delivery, at
 * a group stop, at system-call entry and exit under PTRACE_SYSCALL, at the
 * events its options ask for and at PTRACE_INTERRUPT, and sleeps there
 * until its tracer resumes it (or SIGKILL). Locking: every field below is
 * [tasklist_lock] (pid.h's lock order), as Linux keeps ptrace links under
 * its tasklist_lock.
 */
#pragma once

#include <signal.h>
#include <types.h>

struct cred;
struct task;
struct thread_group;
struct trap_frame;
struct wait_query;

/*
 * A thread's ptrace stop, on its own kernel stack while it lasts (struct
 * task.ptrace_stop points to it; NULL: not stopped). [tasklist_lock]
 */
struct ptrace_stop {
	int code;		   /* the stop's status for wait (Linux exit_code); 0 once reported */
	int why;		   /* CLD_TRAPPED or CLD_STOPPED (a group stop) */
	bool stopped;		   /* the tracer clears it to resume */
	bool frozen;		   /* a request is using it: it stays, even killed (ptrace_freeze_traced) */
	bool info_set;		   /* SETSIGINFO changed *info: deliver that */
	int resume;		   /* the signal the tracer's CONT/SYSCALL/DETACH gave */
	u64 message;		   /* PTRACE_GETEVENTMSG */
	struct siginfo_user *info; /* GETSIGINFO's (Linux last_siginfo); NULL: none, EINVAL */
};

/* struct task.ptrace_trap: stop at the return to user mode [atomic] */
#define PTRACE_TRAP_STOP 1    /* PTRACE_INTERRUPT, a seized tracee's new child: PTRACE_EVENT_STOP */
#define PTRACE_TRAP_SIGSTOP 2 /* a traced (not seized) new child: SIGSTOP first */

/* thread_group.ptrace flags (with the PTRACE_O_* options in the low bits) */
#define PT_PTRACED (1u << 30)
#define PT_SEIZED (1u << 31)

/* Is t's process traced, and should t stop at system calls? (No lock: a
 * stale answer costs one extra check under the lock.) */
bool ptrace_syscall_traced(struct task *t);
/* syscall/table.c: the entry stop; returns the number to run (the tracer
 * may have changed it), or NO_SYSCALL to skip the call. */
u64 ptrace_syscall_enter(struct trap_frame *f);
void ptrace_syscall_exit(struct trap_frame *f);

/* proc/signal.c: current() took sig (not SIGKILL) for delivery; if traced
 * it stops and the tracer chooses: the signal to deliver (0: none). The
 * cause is updated to what is delivered. */
int ptrace_signal(int sig, struct signal_cause *cause);
/* proc/signal.c: a group stop of a traced thread is a ptrace stop; true
 * if it was (the caller does not sleep itself). */
bool ptrace_group_stop(int sig);
/* Has PTRACE_INTERRUPT (or a SEIZEd fork) asked current() to stop? Then it
 * does (from signal_dequeue). */
void ptrace_do_trap(void);

/* fs/exec.c: a successful execve of current(), whose tid was old_tid. */
void ptrace_exec(int old_tid);
/* proc/clone.c: child_task (a new process child, or a new thread: child
 * NULL) was made by current() with these clone flags and exit signal;
 * before it runs it inherits the tracer when an option asks (and will
 * stop first). Returns the PTRACE_EVENT_* to report (0: none). */
int ptrace_clone(struct thread_group *child, struct task *child_task, u64 flags, u64 exit_signal);
/* ... and the event stop itself, message = the child's pid. */
void ptrace_event(int event, u64 message);
/* Would ptrace_event(event) stop current() (traced, with the option set)? */
bool ptrace_event_enabled(int event);
/* proc/task.c: current() exits with this wait status (PTRACE_EVENT_EXIT). */
void ptrace_exit_event(int wait_status);

/* proc/exit.c, [tasklist_lock]: */
/* g is traced by a process other than its parent: that one hears of its
 * exit first (the parent only once it collected it). True: deferred. */
bool ptrace_exit_notify_tracer(struct thread_group *g);
/* The tracer g ends: every process it traces is let go (and killed with
 * PTRACE_O_EXITKILL); deferred exits go on to the real parents. */
void ptrace_tracer_exit(struct thread_group *g);
/* g leaves its tracer (reaped, detached). */
void ptrace_unlink(struct thread_group *g);
/* wait: a traced stop or exit that q->parent traces: fills q (unless
 * peek) and returns the tid (> 0), 0 if none is ready; *any is set when
 * some tracee matches. */
int ptrace_wait_scan(struct wait_query *q, bool *any, bool peek);

/* procfs: the tracer's pid (TracerPid), 0 if none. [tasklist_lock] */
int ptrace_tracer_pid(struct thread_group *g);
/* Linux __ptrace_may_access(PTRACE_MODE_REALCREDS) from current() to
 * target: the same process, or our real uid and gid are all of the
 * target's ids and it is dumpable, or CAP_SYS_PTRACE. [tasklist_lock] */
bool ptrace_may_access(struct thread_group *target, const struct cred *tc);
