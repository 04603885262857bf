/*
 * pid.h — the process table: one struct pid per number in use (Linux's
 * struct pid, kernel/pid.c).
 *
 * A number names up to four things at once: a thread (its tid), a process
 * (its pid = its first thread's tid), a process group and a session (the
 * pid of their first leader). A struct pid links to each of them, and the
 * number stays taken while any link exists: a process group keeps its
 * number while it has members, even after its leader is gone. Pids are
 * handed out cyclically below pid_max; after the first wrap the search
 * starts at RESERVED_PIDS, as on Linux.
 *
 * tasklist_lock protects the table, every link below, the parent/children
 * tree of thread groups (task.h) and their process-group and session
 * membership. Lock order (the proc subsystem's part; the whole order is in
 * core/sched.c): tasklist_lock → tty_ctrl_lock, thread_group.lock →
 * sighand.lock → wait-queue locks → run-queue locks → asid_lock.
 */
#pragma once

#include <list.h>
#include <spinlock.h>
#include <types.h>
#include <wait.h>

#define PID_MAX_DEFAULT 32768 /* Linux include/linux/threads.h */
#define RESERVED_PIDS 300     /* after a wrap, pids start here (kernel/pid.c) */

struct task;
struct thread_group;

struct pid {
	int nr;				  /* immutable */
	int refcount;			  /* atomic: one per link below, per pidfd, per holder */
	struct list_head hash_node;	  /* in the table while any link exists [tasklist_lock] */
	struct task *task;		  /* the thread whose tid this is [tasklist_lock] */
	struct thread_group *process;	  /* the process whose pid this is, until reaped [tasklist_lock] */
	struct list_head pgrp_members;	  /* thread_group.pgrp_node [tasklist_lock] */
	struct list_head session_members; /* thread_group.session_node [tasklist_lock] */
	struct wait_queue exit_wait;	  /* pidfd pollers: woken when the process exits */
};

extern struct spinlock tasklist_lock;

/* /proc/sys/kernel/pid_max (the highest pid is pid_max - 1); writable from
 * RESERVED_PIDS + 1 to PID_MAX_LIMIT (kernel/sysctl.c pid_max_min,
 * pid_max_max): new numbers wrap at it, existing ones stay. */
#define PID_MAX_LIMIT (4 * 1024 * 1024) /* threads.h, 64-bit */
int pid_max(void);
void pid_set_max(int max);
/* A new number for task t (t->pid, t->tid set), or -EAGAIN when all are taken. */
int __attribute__((warn_unused_result)) pid_attach_new_task(struct task *t);
/* The links; each takes or drops a reference. [tasklist_lock] */
void pid_attach_task(struct pid *pid, struct task *t);
void pid_detach_task(struct task *t);
void pid_detach(struct pid *pid); /* a link other than the task's was cleared: free the number if unused */
void pid_get(struct pid *pid);
void pid_put(struct pid *pid);
/* The struct pid of nr with a reference (pid_put it), or NULL; takes tasklist_lock. */
struct pid *pid_get_nr(int nr);
/* A new pidfd for pid (its own reference) with status flags (0 or
 * O_NONBLOCK), close-on-exec, in the lowest free fd: the fd, -EMFILE or
 * -ENFILE. pidfd_open and clone's CLONE_PIDFD (syscall/sys_wait.c). */
int __must_check pidfd_install(struct pid *pid, unsigned flags);
/* The struct pid a pidfd holds, with a reference (pid_put it), and the
 * file's status flags: 0, or -EBADF when fd is no pidfd (syscall/sys_wait.c). */
long pidfd_get_pid(int fd, struct pid **out, unsigned *flags);

/* The number handed out last (/proc/loadavg); takes tasklist_lock. */
int pid_last(void);
/* kernel.ns_last_pid's write: the next pid is searched for after nr. */
void pid_set_last(int nr);

/* Number 0: PID 1's first process group and session. [tasklist_lock] */
struct pid *pid_zero(void);

/* Lookups, with tasklist_lock held: NULL if nothing has that number. */
struct pid *pid_find(int nr);
struct task *pid_find_task(int nr);
/* The process nr names as Linux's find_task_by_vpid does: through any of
 * its threads (a thread's tid names its process), or the zombie itself. */
struct thread_group *pid_find_process(int nr);
/* The thread with tid nr, the caller for 0 (Linux find_task_by_vpid). */
struct task *task_by_pid(int nr);
/* Every process (reaped ones are gone), for kill(-1) and PRIO_USER. [tasklist_lock] */
extern struct list_head process_list;
/* Every task (struct task.all_node). [tasklist_lock] */
extern struct list_head all_tasks;
/* The user and system time of the tasks freed since boot, which
 * /proc/stat's cpu lines add to the live tasks' (Linux's per-CPU counters
 * keep every task's). [tasklist_lock] */
extern u64 all_tasks_exited_utime_ns, all_tasks_exited_stime_ns;
