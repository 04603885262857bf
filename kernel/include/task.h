/*
 * task.h — tasks (threads) and thread groups (processes).
 *
 * A task is the unit the scheduler runs. A thread group is a process: its
 * tasks share one struct thread_group (pid = the leader's tid, exit status,
 * parent, children). The address space (struct mm), the fd table (struct
 * files), the fs context (struct fs_context) and the signal handlers (struct
 * sighand) are separate reference-counted objects, so clone() flags choose
 * which of them a new task shares, exactly as in Linux.
 *
 * Locking: the fields marked [sched] are protected by the scheduler lock
 * (sched.c); [self] fields are touched only by the task itself; [group] by
 * thread_group.lock; [tasks] by task_list_lock (task.c).
 */
#pragma once

#include <arch.h>
#include <list.h>
#include <spinlock.h>
#include <types.h>
#include <signal.h>
#include <wait.h>

#define TASK_COMM_LEN 16

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

struct thread_group {
	struct spinlock lock;		   /* protects the fields marked [group] */
	int pid;			   /* tid of the leader */
	int refcount;			   /* tasks + parent's reference [group] */
	int nr_threads;			   /* live tasks [group] */
	bool exited;			   /* all tasks gone [group] */
	int exit_status;		   /* wait status: (code << 8) or signal [group] */
	bool group_exiting;		   /* exit_group in progress [group] */
	struct thread_group *parent;	   /* [tasks] */
	struct list_head children;	   /* [tasks] */
	struct list_head sibling;	   /* [tasks] */
	struct wait_queue child_exit_wait; /* the parent waits here for children */
	struct list_head threads;	   /* struct task.group_node [lock] */
	u64 rlimits[16][2];		   /* [group] RLIMIT_* soft, hard */
	int pgid, sid;			   /* process group and session [tasks] */
	bool execed;			   /* has exec'd since fork (setpgid: EACCES) [tasks] */
	int dumpable;			   /* prctl PR_SET_DUMPABLE [group] */
	int exit_signal;		   /* sent to the parent at exit (SIGCHLD); 0: none */
	bool vfork_done;		   /* a vfork child exec'd or exited: the parent goes on [group] */
	u32 personality;		   /* personality(2) [group] */
	u64 enosys_logged[8];		   /* syscalls already reported missing (bitmap of 512) */
};

struct task {
	struct cpu_context ctx;	    /* saved by arch_context_switch [self] */
	struct fpsimd_state fpsimd; /* user FP/SIMD registers while switched out */
	u64 tpidr_el0;		    /* user TLS pointer while switched out */
	void *kstack;		    /* base of the kernel stack (KSTACK_SIZE) */
	int tid;
	enum task_state state;	     /* [sched] */
	bool on_runqueue;	     /* [sched] */
	bool need_resched;	     /* set by the tick, checked on return to user */
	struct list_head run_node;   /* run queue link [sched] */
	struct list_head all_node;   /* all tasks [tasks] */
	struct list_head group_node; /* in group->threads [group->lock] */
	struct thread_group *group;
	struct mm *mm; /* NULL for kernel threads */
	struct files *files;
	struct fs_context *fs;
	struct sighand *sighand;
	u64 clear_child_tid; /* user address (set_tid_address) [self] */
	u64 robust_list;     /* user address, length [self] */
	u64 robust_list_len;
	u64 pending_signals;		       /* bit (sig-1) [sighand->lock] */
	u64 blocked_signals;		       /* [self] */
	u64 altstack_sp, altstack_size;	       /* sigaltstack [self] */
	struct signal_cause signal_causes[64]; /* why each pending signal came [sighand->lock] */
	struct restart_block {		       /* how restart_syscall continues an interrupted call [self] */
		long (*fn)(struct restart_block *rb);
		u64 args[4];
	} restart;
	u64 saved_sigmask;	      /* rt_sigsuspend: the mask to restore [self] */
	bool restore_sigmask;	      /* saved_sigmask is pending restoration [self] */
	bool killed_for_exec;	      /* another thread's execve ends this one alone [group->lock] */
	u64 fault_address, fault_esr; /* of the last synchronous fault, for the signal frame [self] */
	u64 utime_ns, stime_ns;	      /* CPU time accounting [sched] */
	u64 slice_start;	      /* counter value when it last started running */
	char comm[TASK_COMM_LEN];
	struct strace_task *strace; /* system-call tracer state; NULL: not traced (syscall/strace.c) */
};

static inline struct task *current(void)
{
	return arch_current();
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
void __noreturn sched_idle_loop(void);
void sched_tail(void);
void sched_yield(void);
/* Sets current()->state (with interrupts off, as sched_wake() reads it). */
void task_set_state(enum task_state state);

/* task.c */
struct task *task_create_kthread(const char *name, int (*fn)(void *), void *arg);
struct task *task_alloc(const char *comm);
void task_free(struct task *t);
void __noreturn task_exit(int wait_status);
/* Ends the whole process with this wait status: every other thread gets
 * SIGKILL and the status is the group's (exit_group, fatal signals). */
void __noreturn group_exit(int wait_status);
/* Adds t to group g (its thread list and counts). */
void thread_group_add(struct thread_group *g, struct task *t);
/* Sends sig (0: only checks) to the live thread tid of g: 0 or -ESRCH. */
int thread_group_signal(struct thread_group *g, int tid, int sig, const struct signal_cause *cause);
void task_exit_kthread(int code);
void task_set_comm(struct task *t, const char *name);
int task_alloc_tid(void);
/* How many tasks exist (sysinfo's procs). */
int task_count(void);
/* fork: child becomes a child of parent (its children list). */
void thread_group_adopt(struct thread_group *parent, struct thread_group *child);
/* wait4's search: reaps an exited child matching pid (> 0: that one; else
 * any) and returns its pid with *status; 0 if matching children all still
 * run; -ECHILD if none match. */
int thread_group_reap(struct thread_group *g, int pid, int *status);
/* The process pid as far as g can see (itself, its parent, its children), or NULL. */
struct thread_group *thread_group_lookup(struct thread_group *g, int pid);
/* Sends sig to every process g can see whose process group is pgid; -ESRCH if none. */
int thread_group_signal_pgrp(struct thread_group *g, int pgid, int sig, const struct signal_cause *cause);
int thread_group_signal_process(struct thread_group *p, int sig, const struct signal_cause *cause);
int thread_group_signal_children(struct thread_group *g, int sig, const struct signal_cause *cause);
/* Would thread_group_reap return now (a match exited, or none is left)? */
bool thread_group_reap_ready(struct thread_group *g, int pid);
struct thread_group *thread_group_alloc(int pid, struct thread_group *parent);
void thread_group_put(struct thread_group *g);
