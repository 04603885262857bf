/*
 * signal.h — signals: actions, masks, the alternate stack, pending sets
 * (per thread, and per process for process-directed signals every thread
 * blocks), default actions (a fatal signal ends the process with the wait
 * status Linux gives; stop signals stop it) and handlers run on the arm64
 * signal frame (arch signal.c).
 */
#pragma once

#include <arch.h>
#include <list.h>
#include <spinlock.h>
#include <types.h>
#include <uaccess.h>
#include <uapi/misc.h>
#include <uapi/signal.h>

/* SIGKILL and SIGSTOP can never be blocked, caught or ignored. */
#define SIGNALS_UNBLOCKABLE ((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)))

/* struct sigaction as the kernel sees it (asm-generic, arm64: no sa_restorer reorder). */
struct k_sigaction {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

/* siginfo_t as user space sees it: 128 bytes, fields by signal kind. */
struct siginfo_user {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 pad0;
	union {
		struct {
			s32 pid;
			u32 uid;
		} kill;
		struct {
			u64 addr;
		} fault;
		struct {	 /* SI_TIMER: POSIX timers */
			s32 tid; /* the timer id */
			s32 overrun;
			u64 value;
		} timer;
		struct { /* SIGCHLD (and waitid) */
			s32 pid;
			u32 uid;
			s32 status;
			s32 pad;
			s64 utime, stime; /* clock ticks */
		} chld;
		u8 raw[112];
	} fields;
};

/* Why a pending signal was sent (one per signal number: they do not queue). */
struct signal_cause {
	s32 code;
	s32 pid;	     /* sender (kill) or child (SIGCHLD) */
	u32 uid;	     /* its real uid */
	union {		     /* one per kind of cause, as siginfo's own union */
		s32 status;  /* SIGCHLD: exit code or signal */
		s32 overrun; /* SI_TIMER */
		s32 fd;	     /* O_ASYNC (sigpoll): the descriptor it was set through */
		s32 syscall; /* SIGSYS of a seccomp trap: the call's number */
	};
	union {
		u64 addr;  /* faults */
		s64 band;  /* O_ASYNC (sigpoll): POLL* bits of the event */
		s64 utime; /* SIGCHLD of an exit: the child's user time, in clock ticks */
	};
	union {
		u64 value; /* rt_sigqueueinfo's si_value; a POSIX timer's sigev_value */
		s64 stime; /* SIGCHLD of an exit: the child's system time, in clock ticks */
	};
	union {
		s32 timer_id;  /* SI_TIMER: the timer's id (0..INT_MAX, timers.c) */
		s32 sys_errno; /* SIGSYS of a seccomp trap: the filter's data (si_errno) */
	};
	/* a queued real-time instance: holds one RLIMIT_SIGPENDING charge, in
	 * slot charge_slot of the per-user counts (signal.c) */
	u32 counted : 1;
	u32 charge_slot : 8;
	/* a POSIX timer's: the timer holds its charge (SIGQUEUE_PREALLOC) */
	u32 preallocated : 1;
	/* O_ASYNC's signal (fs/fown.c): si_band and si_fd (fd, band) */
	u32 sigpoll : 1;
};
/* 40 bytes: a task and a thread group keep one per signal (64), and with
 * them struct task fits in one page of kmalloc (task.c). */
_Static_assert(sizeof(struct signal_cause) == 40, "signal_cause packing");

/* The kernel's first real-time signal (glibc and musl keep 32 and 33 for
 * themselves and call 34 SIGRTMIN); from here on signals queue. */
#define SIGRTMIN_KERNEL 32

/* One more pending instance of a real-time signal than the bit records:
 * the first instance's cause is in the causes array, later ones wait
 * here in the order sent (Linux struct sigqueue). */
struct sigqueue_entry {
	struct list_head node;
	int sig;
	struct signal_cause cause;
};

struct sighand {
	struct spinlock lock;		  /* protects actions */
	int refcount;			  /* atomic; shared under CLONE_SIGHAND */
	struct k_sigaction actions[NSIG]; /* index sig-1 */
};

struct sighand *sighand_create(void);
struct sighand *sighand_dup(struct sighand *src);
void sighand_reset_for_exec(struct sighand *sh);
void sighand_put(struct sighand *sh);
/* A synchronous fault the program cannot continue past. */
void signal_force(int sig, struct trap_frame *f);
/* The same with this si_code (a single step's TRAP_TRACE). */
void signal_force_code(int sig, int code, struct trap_frame *f);
void signal_force_fault(int sig, struct trap_frame *f, u64 addr);
/* SIGSYS for a call seccomp refused (Linux force_sig_seccomp): si_code
 * SYS_SECCOMP, si_syscall nr, si_errno data, si_call_addr pc; fatal: the
 * process dies of it at once (a core as its default action says), else
 * its handler runs, or it dies if the signal is blocked or ignored. */
void signal_force_seccomp(int nr, int data, u64 pc, bool fatal);
/* A user-mode page fault at addr that mm_handle_fault failed with err, as
 * Linux's arm64 do_page_fault ends one: -ENOMEM the OOM killer
 * (oom_kill_for_fault: the worst process gets SIGKILL, this one waits and
 * retries, pagefault_out_of_memory), -EIO SIGBUS with BUS_ADRERR (a
 * file mapping past the end of its file: VM_FAULT_SIGBUS), -EHWPOISON
 * SIGBUS with BUS_MCEERR_AR (MADV_HWPOISON; si_addr_lsb is the page shift),
 * anything else SIGSEGV with SEGV_MAPERR or SEGV_ACCERR. */
void signal_page_fault(struct trap_frame *f, u64 addr, int err);
/* proc/oom_kill.c: */
/* A user page fault found no page: kill the worst process (SIGKILL) and, if
 * that is not the caller's, wait until it is gone so the fault is retried
 * (Linux pagefault_out_of_memory). may_wait false (a system call's user
 * access, IRQs off): only the kill; else it sleeps, no lock held. */
void oom_kill_for_fault(bool may_wait);
/* A kernel allocation for the caller found no memory (Linux: the page
 * allocator's __alloc_pages_may_oom): the OOM killer runs as for a fault,
 * waiting for its victim. True if the caller should try again (it was not
 * the one killed). */
bool oom_may_retry(void);
struct mm;
/* vm_populate_range and vm_populate with the OOM killer run, and the pages
 * tried again, each time memory runs out (mmap and brk populate, mlock). */
void oom_populate_range(struct mm *mm, vaddr_t start, vaddr_t end);
int oom_populate(struct mm *mm, vaddr_t start, size_t len, unsigned access);
/* vm.panic_on_oom (/proc/sys/vm/panic_on_oom, 0 to 2): non-zero, running
 * out of memory panics the kernel instead of killing a process (Linux
 * check_panic_on_oom; 2, "even in a constrained allocation", is the same
 * here: there are no cpusets or memory cgroup limits to constrain one). */
int oom_panic_on_oom(void);
void oom_set_panic_on_oom(int value);
void signal_send_group(struct task *t, int sig);
/* The next signal whose handler must run (0: none); defaults applied on the way. */
int signal_dequeue(struct k_sigaction *ka, struct signal_cause *cause);
/* rt_sigsuspend returned with no handler run: back to the old mask. */
void signal_restore_saved_mask(void);
/*
 * A system call's temporary signal mask (rt_sigsuspend, ppoll, pselect6;
 * later epoll_pwait; Linux set_user_sigmask): the sigset at umask
 * (nothing if umask is 0) replaces the blocked set, the old one is kept in
 * saved_sigmask. 0, -EINVAL (sigsetsize is not 8) or -EFAULT.
 * signal_end_temporary_mask(interrupted) ends it as the call returns
 * (Linux restore_saved_sigmask_unless): at once, unless the call was
 * interrupted by a signal (-ERESTARTNOHAND) — then the signal is delivered
 * under the temporary mask and its handler's frame records the old one, or
 * the old one comes back when no handler runs (exit_to_user_mode).
 */
int __must_check signal_set_temporary_mask(uaddr_t umask, size_t sigsetsize);
void signal_end_temporary_mask(bool interrupted);
void signal_run_handler(struct trap_frame *f, int sig, struct k_sigaction *ka, const struct signal_cause *cause);
/*
 * The last stop before the return to user mode (entry.S's ret_to_user, IRQs
 * masked): reschedule, deliver signals with the system-call restart rules
 * (syscall_restart.h), rseq; loops until nothing is left. Linux's
 * exit_to_user_mode_loop (kernel/entry/common.c).
 */
void exit_to_user_mode(struct trap_frame *f);
/*
 * Sends sig to thread t with its cause (kill/tgkill: the sender; faults:
 * the address; sigqueue: the value). The function to call for a
 * thread-directed signal with a siginfo (timers, tgkill, faults);
 * thread_group_signal_process is the one for a process-directed one.
 * Standard signals merge while pending; real-time ones queue, each
 * counted for the target's real uid against its RLIMIT_SIGPENDING: over it, an
 * instance with a negative si_code (sigqueue) fails with -EAGAIN, others
 * lose their siginfo (Linux __send_signal_locked); a POSIX timer's
 * (preallocated) is not counted again and always queues.
 * 0 or -EAGAIN.
 */
int signal_send_info(struct task *t, int sig, const struct signal_cause *cause);
/* A POSIX timer's preallocated queue entry (Linux sigqueue_alloc at
 * timer_create): one RLIMIT_SIGPENDING charge on the caller's real uid
 * (within the caller's limit) for the timer's life, so its signals queue
 * whatever the count (causes marked preallocated). The charge's slot (>= 0)
 * or -EAGAIN past the limit; uncharge the slot at timer_delete or exit. */
int signal_prealloc_charge(void) __attribute__((warn_unused_result));
void signal_prealloc_uncharge(int slot);
/* A thread is leaving: its queued real-time signals go (Linux flush_sigqueue). */
void signal_flush_task(struct task *t);
/* A process is freed: the same for its shared pending set. */
struct thread_group;
void signal_flush_process(struct thread_group *g);
/* signal_pending_set and task_signal_pending are in task.h, beside current(). */
/* Takes sig off t's pending set, else its process's; false if neither had it. */
bool signal_take(struct task *t, int sig, struct signal_cause *cause);
/* Takes the lowest pending signal of set (t's own first, then its
 * process's): its number, or 0 if none of set is pending. */
int signal_take_first(struct task *t, u64 set, struct signal_cause *taken);
/* signalfd.c: a signal became pending somewhere; signalfd pollers look again. */
void signalfd_notify(void);
/* Drops a pending sig (made ignored), from t and its process. */
void signal_discard(struct task *t, int sig);
/* A process-directed signal every thread of g blocks: pending for the
 * process. [g->lock] */
int signal_send_shared(struct thread_group *g, int sig, const struct signal_cause *cause);
/* The siginfo a handler (or sigtimedwait) sees for sig sent for cause. */
void signal_fill_info(struct siginfo_user *info, int sig, const struct signal_cause *cause);
/* pidfd_send_signal: the process pid names, with kill's permission rules. */
struct pid;
long signal_kill_pid(struct pid *pid, int sig, const struct signal_cause *cause);
/* rt_sigreturn's part: the alternate stack as the frame recorded it. */
void signal_restore_altstack(const struct stack_t_user *ss, u64 sp);

/* arch: build the handler's frame on the user stack (0 or -EFAULT/-ENOMEM);
 * altstack flags as sigaltstack reports them for a given sp. */
int arch_signal_setup(struct trap_frame *f, int sig, const struct k_sigaction *ka, const struct siginfo_user *info,
		      u64 old_blocked);
u32 arch_altstack_flags(const struct task *t, u64 sp);
const char *signal_name(int sig);
/* Does this disposition discard the signal (SIG_IGN, or SIG_DFL of an "Ign" signal)? */
bool signal_handler_ignores(int sig, u64 handler);
