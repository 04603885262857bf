/*
 * task.h — tasks (threads) and thread groups (processes): the structures and
 * the scheduler's view of a task (current(), its run state, whether a signal
 * ends its sleep, the scheduler's calls, kernel threads). What proc/ does
 * with them (creating and ending processes, process groups, signalling a
 * process, wait) is process.h's.
 *
 * A task is the unit the scheduler runs. A thread group is a process: its
 * tasks share one struct thread_group (pid = the leader's tid, exit status,
 * parent, children). The address space (struct mm), the fd table (struct
 * files), the fs context (struct fs_context) and the signal handlers (struct
 * sighand) are separate reference-counted objects, so clone() flags choose
 * which of them a new task shares, exactly as in Linux.
 *
 * Processes are found through the process table (pid.h): every task and
 * thread group is linked to its struct pid, and a thread group to its
 * process group's and session's.
 *
 * Locking: the fields marked [sched] are protected by the run-queue lock of
 * the CPU in its `cpu` field (sched.c); [self] fields are touched only by the task itself; [group] by
 * thread_group.lock; [tasks] by tasklist_lock (pid.h, which also gives the
 * lock order).
 */
#pragma once

#include <rseq.h>
#include <cputime.h>
#include <arch.h>
#include <list.h>
#include <pid.h>
#include <ptrace.h>
#include <spinlock.h>
#include <types.h>
#include <uapi/resource.h>
#include <signal.h>
#include <wait.h>

#define TASK_COMM_LEN 16
#define TIMER_SLACK_DEFAULT_NS 50000 /* init_task's timer_slack_ns */

enum task_state {
	TASK_RUNNING,	      /* on the run queue or running */
	TASK_INTERRUPTIBLE,   /* sleeping; a signal wakes it */
	TASK_UNINTERRUPTIBLE, /* sleeping; only its wake-up wakes it */
	TASK_DEAD,	      /* exited; its stack is freed by the next task */
};

struct mm;
struct files;
struct fs_context;
struct sighand;
struct sem_undo_list;
struct cred;
struct core_state;
struct cgroup;

/* refcount is atomic, and drops to 0 only under tasklist_lock (thread_group_put_locked). */
struct thread_group {
	struct spinlock lock;	       /* protects the fields marked [group] */
	int pid;		       /* tid of the leader */
	int refcount;		       /* atomic: tasks (each until task_free) + parent's reference + holders */
	struct pid *own_pid;	       /* its pid's struct (NULL for pid 0, and once reaped) [tasks] */
	struct pid *pgrp, *session;    /* process group and session; NULL once reaped [tasks] */
	struct list_head pgrp_node;    /* in pgrp->pgrp_members [tasks] */
	struct list_head session_node; /* in session->session_members [tasks] */
	/* a session leader's: the foreground group of the controlling tty a
	 * hang-up took from it, signalled when it exits (Linux
	 * signal->tty_old_pgrp); a reference or NULL [tasks] */
	struct pid *tty_old_pgrp;
	struct list_head process_node;	      /* in process_list (pid.h) [tasks] */
	bool child_subreaper;		      /* PR_SET_CHILD_SUBREAPER [tasks] */
	struct cputime dead_cputime;	      /* CPU time of its exited threads (cputime.c) [group] */
	struct prev_cputime prev_cputime;     /* its last reported user/system split [group] */
	struct sem_undo_list *sem_undos;      /* SEM_UNDO adjustments, NULL: none yet [ipc/sem.c sem_lock] */
	u64 children_utime, children_stime;   /* of its reaped children (RUSAGE_CHILDREN), ns [atomic] */
	struct rusage_counts children_counts; /* theirs (RUSAGE_CHILDREN, cputime.c) [atomic] */
	u64 maxrss;			      /* pages: the mms its threads left (cputime.c) [atomic] */
	u32 exit_uid;			      /* real uid of its last thread, for SIGCHLD and waitid */
	u64 shared_pending;		      /* process-directed signals all threads block [atomic] */
	/* why each came: NSIG entries allocated by the first signal that waits
	 * here (signal_send_shared), NULL before: most processes never have
	 * one, and 2,560 bytes inline were most of this struct [lock] */
	struct signal_cause *shared_causes;
	struct list_head shared_queue; /* struct sigqueue_entry: more real-time instances [lock] */
	/* job control (signal.c), all [atomic]: */
	int stopped;			   /* a stop signal stopped it; SIGCONT clears */
	int stop_signal;		   /* which one */
	int stop_report;		   /* a stop not yet reported to wait (WSTOPPED) */
	int continued_report;		   /* a continue not yet reported to wait (WCONTINUED) */
	int continue_notify;		   /* the parent is still to hear of the continue */
	int nr_threads;			   /* live tasks [group] */
	bool exited;			   /* all tasks gone, parent told (process_exited) [tasklist_lock] */
	int exit_status;		   /* wait status: (code << 8) or signal [group] */
	bool group_exiting;		   /* exit_group in progress [group] */
	bool sigkill_taken;		   /* a thread took SIGKILL: dying before group_exiting [group] */
	struct task *exec_task;		   /* the thread in execve's de_thread [group] */
	struct thread_group *parent;	   /* [tasks]; set with thread_group_set_parent */
	int ppid;			   /* parent->pid, for getppid without the lock [atomic] */
	struct list_head children;	   /* [tasks] */
	struct list_head sibling;	   /* [tasks] */
	struct wait_queue child_exit_wait; /* the parent waits here for children */
	struct list_head threads;	   /* struct task.group_node [lock] */
	u64 rlimits[RLIM_NLIMITS][2];	   /* [group] RLIMIT_* soft, hard */
	bool execed;			   /* has exec'd since fork (setpgid: EACCES) [tasks] */
	int dumpable;			   /* prctl PR_SET_DUMPABLE [group] */
	struct core_state *core_state;	   /* a core dump in progress (coredump.h), NULL: none [lock] */
	int exit_signal;		   /* sent to the parent at exit (SIGCHLD); 0: none */
	bool vfork_done;		   /* a vfork child exec'd or exited: the parent goes on [group] */
	bool vfork_vm; /* made by CLONE_VFORK | CLONE_VM: on its parent's memory until vfork_done (oom in_vfork), set before it runs */
	u32 personality;	       /* personality(2) [group] */
	u64 enosys_logged[8];	       /* syscalls already reported missing (bitmap of 512) */
	struct process_timers *timers; /* setitimer and POSIX timers (proc/timers.c) [atomic] */
	/* ptrace (proc/ptrace.c, ptrace.h), all [tasks]: */
	struct thread_group *ptracer; /* the process tracing it, NULL: none (a reference on it is ptraced's) */
	struct list_head ptrace_node; /* in ptracer->ptraced */
	struct list_head ptraced;     /* the processes it traces (their ptrace_node) */
	unsigned ptrace;	      /* PT_PTRACED, PT_SEIZED and the PTRACE_O_* options */
	bool ptrace_exit_report;      /* exited; its tracer (not its parent) has not collected that yet */
	/* its cgroup (proc/cgroup.c), a reference held until it is freed, and
	 * whether it is counted there (from fork to its last thread's exit)
	 * [cgroup.h css_set_lock] */
	struct cgroup *cgroup;
	bool cgroup_live;
	/* /proc/PID/oom_score_adj (Linux signal->oom_score_adj and
	 * oom_score_adj_min): -1000..1000, and the lowest a writer without
	 * CAP_SYS_RESOURCE may set; fork copies both, exec keeps them
	 * [written under group lock, read atomically] */
	short oom_score_adj, oom_score_adj_min;
	bool oom_victim; /* the OOM killer sent it SIGKILL (proc/oom_kill.c) [atomic] */
};

struct task {
	struct cpu_context ctx;	   /* saved by arch_context_switch [self] */
	struct arch_thread thread; /* the architecture's user state (arch/frame.h) [self] */
	void *kstack;		   /* base of the kernel stack (KSTACK_SIZE) */
	int tid;		   /* pid->nr; changes only in exec's de_thread [tasks] */
	int pdeath_signal; /* PR_SET_PDEATHSIG: sent to our process when its parent exits; 0 after fork [atomic] */
	/* PR_SET_TIMERSLACK and /proc/PID/timerslack_ns, ns: how late its timers
	 * may fire; none waits for it (each fires as soon as it can, which any
	 * slack allows). 0 written: back to the default, its creator's slack. [atomic] */
	u64 timer_slack_ns, default_timer_slack_ns;
	struct pid *pid; /* its entry in the process table [tasks] */
	int nice;	 /* setpriority: -20..19, the fair scheduler's weight (sched.c) */
	int ioprio;	 /* ioprio_set's value, 0 (class NONE) until set [tasks] */
	/* sched_policy and sched_priority: written under tasklist_lock and the
	 * [sched] lock (sched_set_policy), so either lock is enough to read them */
	int sched_policy;	  /* SCHED_* (uapi/sched.h; sched.c runs FIFO/RR first) [tasks+sched] */
	int sched_priority;	  /* real-time priority, 1..99 for FIFO/RR, else 0 [tasks+sched] */
	bool sched_reset_on_fork; /* SCHED_RESET_ON_FORK [tasks] */
	u8 rr_ticks_left;	  /* SCHED_RR: ticks left of its time slice [sched] */
	enum task_state state;	  /* [sched] */
	int cpu;		  /* the CPU it runs or last ran on (smp.h) [sched] */
	bool on_runqueue;	  /* queued to run (Linux on_rq) [sched] */
	bool on_cpu;		  /* some CPU's current task, until its switch away is done (Linux on_cpu) [sched] */
	bool yielded;		  /* sched_yield, or its RR slice ran out: to the back of its queue once [sched] */
	bool need_resched;	  /* set by the tick or a waker (under a run-queue lock), checked on return to user */
	bool exiting; /* task_exit's clear_child_tid wake: its CPU is soon free, select_cpu places the joiner there [self] */
	u64 cpus_allowed;	   /* CPUs it may run on, bit i for CPU i (sched_setaffinity) [sched] */
	struct list_head run_node; /* run queue link [sched] */
	u64 vruntime;		   /* fair-scheduler virtual run time, ns (sched.c) [sched] */
	u64 vr_start;		   /* counter value its vruntime was last brought up to date at [sched] */
	u64 sleep_min_vruntime;	   /* its CPU's min_vruntime when it went to sleep (sched.c activate) [sched] */
	/* SCHED_DEADLINE (sched.c, sys_sched.c): the reservation sched_setattr
	 * gave, written under tasklist_lock and the [sched] lock (either is
	 * enough to read it), and the current instance's budget [sched] */
	struct {
		u64 runtime, deadline, period; /* ns: runtime <= deadline <= period [tasks+sched] */
		u64 bw;			       /* runtime / period << DL_BW_SHIFT, admitted (sys_sched.c) [tasks] */
		s64 left;		       /* runtime left in this instance, ns [sched] */
		u64 abs_deadline;	       /* this instance's deadline, ns since boot [sched] */
		bool throttled;		       /* its runtime ran out: waits for its next period [sched] */
		u64 flags;		       /* SCHED_FLAG_RECLAIM, SCHED_FLAG_DL_OVERRUN as set [tasks+sched] */
		bool overrun;		       /* DL_OVERRUN: its runtime ran out, SIGXCPU owed [atomic] */
	} dl;
	struct list_head all_node;   /* all tasks [tasks] */
	struct list_head group_node; /* in group->threads [group->lock] */
	struct thread_group *group;
	struct mm *mm; /* NULL for kernel threads */
	/* User accesses fail at a page that is not present instead of faulting
	 * it in while this is non-zero (Linux's pagefault_disable): a copy that
	 * must not sleep or take mm->lock (vm.c vm_write_nofault) [self] */
	int pagefault_disabled;
	struct files *files;
	struct fs_context *fs;
	struct sighand *
		sighand; /* shared with CLONE_SIGHAND threads; kept until task_free, so a sender holding t may read it */
	const struct cred *cred; /* its credentials, replaced as a whole (cred.h) [self] */
	u32 sig_uid; /* cred->uid, which its queued signals charge (RLIMIT_SIGPENDING), read without tasklist_lock [atomic] */
	uaddr_t clear_child_tid; /* set_tid_address, NULL: none [self] */
	uaddr_t robust_list;	 /* set_robust_list: the head, its length [self] */
	u64 robust_list_len;
	u64 pending_signals;		/* bit (sig-1) [sighand->lock] */
	u64 blocked_signals;		/* [self] */
	u64 real_blocked_signals;	/* rt_sigtimedwait: the mask before the wait, else 0 [self] */
	u64 altstack_sp, altstack_size; /* sigaltstack [self] */
	/* why each pending signal came: NSIG entries (2,560 bytes that would not
	 * fit in the task's page), allocated by the first signal sent to the task
	 * itself, NULL before (signal.c spare_causes) [set once, by a
	 * compare-and-swap under sighand->lock when there is one; read under
	 * it, or with a relaxed load only to see whether one is there] */
	struct signal_cause *signal_causes;
	struct list_head signal_queue; /* struct sigqueue_entry: more real-time instances [sighand->lock] */
	struct restart_block {	       /* how restart_syscall continues an interrupted call [self] */
		long (*fn)(struct restart_block *rb);
		u64 args[4];
	} restart;
	u64 saved_sigmask;		       /* rt_sigsuspend: the mask to restore [self] */
	bool restore_sigmask;		       /* saved_sigmask is pending restoration [self] */
	bool killed_for_exec;		       /* another thread's execve ends this one alone [group->lock] */
	u64 fault_address;		       /* of the last synchronous fault, for the signal frame [self] */
	u64 sum_exec_ns;		       /* precise run time, but the running slice [sched] */
	u64 utime_ns, stime_ns;		       /* tick samples of user and kernel mode (cputime.c) [atomic] */
	u64 min_flt;			       /* page faults it took (mm_handle_fault: ru_minflt) [atomic] */
	u64 nvcsw, nivcsw;		       /* switches away blocked / runnable (cputime.c) [atomic] */
	bool tick_from_user;		       /* the timer interrupt being handled came from user mode */
	bool ptrace_syscall;		       /* PTRACE_SYSCALL: stop at system-call entry and exit [tasklist_lock] */
	u8 ptrace_trap;			       /* PTRACE_TRAP_* (ptrace.h) [atomic] */
	u8 seccomp_mode;		       /* SECCOMP_MODE_* (seccomp.h) [group->lock; read by the task: acquire] */
	bool no_new_privs;		       /* PR_SET_NO_NEW_PRIVS: set once, inherited [atomic] */
	struct seccomp_filter *seccomp_filter; /* the newest of its filters (seccomp.h) [group->lock] */
	struct prev_cputime prev_cputime;      /* its last reported user/system split [group->lock] */
	u64 slice_start;		       /* counter value when it last started running */
	char comm[TASK_COMM_LEN];
	const char *wait_queue;	    /* the name of the wait queue it sleeps on, NULL: none (the task dump) [self] */
	struct strace_task *strace; /* system-call tracer state; NULL: not traced (syscall/strace.c) */
	struct rseq_state rseq;	    /* restartable sequences (rseq.h) */
	struct ptrace_stop *ptrace_stop; /* in a ptrace stop: its state, on its stack (ptrace.h) [tasklist_lock] */
	struct lockdep_held lockdep;	 /* the locks it holds, for the order checker (lockdep.h) [self] */
};

static inline struct task *current(void)
{
	return arch_current();
}

/*
 * Pending signals are per thread (tkill, faults, and process-directed
 * signals that a thread does not block) or per process: a process-directed
 * signal that every thread blocks waits in thread_group.shared_pending for
 * the first thread that unblocks it or waits for it (Linux's
 * signal->shared_pending). This is the set of both (proc/signal.c acts on it).
 */
static inline u64 signal_pending_set(struct task *t)
{
	u64 shared = t->group ? __atomic_load_n(&t->group->shared_pending, __ATOMIC_ACQUIRE) : 0;
	return __atomic_load_n(&t->pending_signals, __ATOMIC_ACQUIRE) | shared;
}

/* Should t's interruptible sleep end: an unblocked signal, or SIGKILL,
 * pending (Linux signal_pending; the wait_event macros of wait.h ask it). */
static inline bool task_signal_pending(struct task *t)
{
	return (signal_pending_set(t) & ~t->blocked_signals) != 0 || (t->pending_signals & (1UL << (SIGKILL - 1))) ||
	       unlikely(__atomic_load_n(&t->ptrace_trap, __ATOMIC_ACQUIRE)); /* PTRACE_INTERRUPT */
}

/* Is SIGKILL pending for t (Linux fatal_signal_pending): what ends a
 * killable sleep (wait_event_killable). */
static inline bool task_fatal_signal_pending(struct task *t)
{
	return __atomic_load_n(&t->pending_signals, __ATOMIC_ACQUIRE) & (1UL << (SIGKILL - 1));
}

static inline struct trap_frame *task_user_frame(struct task *t)
{
	return (struct trap_frame *)((char *)t->kstack + KSTACK_SIZE) - 1;
}

/* sched.c */
void sched_init(void);
void schedule(void);
void sched_wake(struct task *t);
void sched_add_new(struct task *t);
void sched_tick(void);
/* Context switches and tasks created since boot (/proc/stat ctxt, processes). */
void sched_counts(u64 *switches, u64 *started);
void __noreturn sched_idle_loop(void);
void sched_tail(void);
void sched_yield(void);
/* For long kernel loops, the kernel not being preempted: gives the CPU away
 * if the tick or a wake-up asked for it (need_resched), as the return to
 * user mode would, the task staying runnable (Linux cond_resched). No
 * spinlock held. */
void cond_resched(void);
/* SCHED_RR's time slice (Linux RR_TIMESLICE, sched_rr_get_interval). */
#define SCHED_RR_TIMESLICE_MS 100
/* Sets t's policy and real-time priority (sched_setscheduler; the caller
 * checked them and holds tasklist_lock): t is requeued by its new rank. */
void sched_set_policy(struct task *t, int policy, int priority);
/* Sets t's SCHED_DEADLINE reservation (ns; the caller checked and admitted
 * it and holds tasklist_lock) and makes t a deadline task. */
void sched_set_deadline(struct task *t, u64 runtime, u64 deadline, u64 period, u64 flags);
/* The SCHED_DEADLINE bandwidth unit: a bandwidth is runtime / period << 20
 * (Linux BW_SHIFT, to_ratio). */
#define DL_BW_SHIFT 20
/* A deadline task's admitted bandwidth goes back to the pool (task_exit;
 * Linux task_dead_dl). [tasklist_lock] */
void sched_dl_release(struct task *t);
/* Whether a deadline task t may take the affinity mask (Linux
 * dl_task_check_affinity: it keeps every online CPU). [tasklist_lock] */
bool sched_dl_affinity_ok(const struct task *t, u64 mask);
/* kernel.sched_rt_period_us and sched_rt_runtime_us (-1: no limit), the
 * real-time throttling budget and the deadline admission limit: read both,
 * write one (the runtime if is_runtime, else the period). */
void sched_rt_limits(int *period_us, int *runtime_us);
int sched_rt_set_limit(bool is_runtime, int value);
/* The real-time throttling budget per period (sched.c; ~0: none). */
void sched_rt_throttle_set(u64 period_ns, u64 runtime_ns);
/* Sets current()->state, then a full barrier: the sleeper's state store is
 * ordered before its re-check of the condition, as sched_wake orders the
 * waker's condition store before its state load (Linux set_current_state). */
void task_set_state(enum task_state state);
/* idle becomes CPU cpu's idle task (before that CPU starts). */
void sched_init_idle(struct task *idle, int cpu);
/* sched_setaffinity: t may run only on the CPUs of mask (online ones, not
 * empty); a task running elsewhere moves before this returns for itself,
 * at its next schedule() for another task (it is asked to at once). */
void sched_set_affinity(struct task *t, u64 mask);
u64 sched_get_affinity(struct task *t);
/* t's run time so far, its running slice included (CPU-time clocks). */
u64 sched_runtime_ns(struct task *t);
/* The CPU the caller runs on (getcpu). */
int sched_this_cpu(void);
/* A new task's scheduler fields from its creator's (clone: the affinity). */
void sched_fork(struct task *child, struct task *parent);

/* task.c: what the scheduler and kernel threads need of a task's life (the
 * process operations are process.h's) */
/* A kernel thread running fn(arg), runnable at once; no pid (not in /proc,
 * no signals: unlike Linux's kthreads) and no thread group. NULL: no memory. */
struct task *task_create_kthread(const char *name, int (*fn)(void *), void *arg);
/* levitate.kstack_check: log each new deepest kernel stack use (task.c). */
extern bool task_kstack_check;
/* The boot thread's task (the idle task): tid 0, no pid. */
struct task *task_alloc_idle(void);
void task_free(struct task *t);
void task_exit_kthread(int code);
void task_set_comm(struct task *t, const char *name);

/* show_task.c: the task dump's lines (Linux's sysrq-t; tty/sysrq.c). Read
 * without locks: for a kernel that may be stuck. */
/* t's ids, state, CPU, signals, wait channel and kernel call chain (a task
 * running on another CPU: that CPU's sched_show_cpus trace). */
void sched_show_task(struct task *t);
/* Each online CPU's current task and queue length, then each one's call
 * chain, printed by that CPU (IPI_BACKTRACE, up to a second each). */
void sched_show_cpus(void);
/* IPI_BACKTRACE's handler: this CPU's running task and its call chain. */
void sched_backtrace_ipi(void);
/* Tasks queued on cpu's run queue (read without its lock). */
unsigned sched_nr_queued(int cpu);
