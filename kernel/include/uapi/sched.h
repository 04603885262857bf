/* uapi/sched.h — clone, clone3 and unshare flags (Linux include/uapi/linux/
 * sched.h): the exit signal in CSIGNAL's bits, the sharing flags, the
 * namespace flags, clone3's flags above bit 31 and its struct clone_args;
 * the scheduling policies, sched_setattr's flags and struct sched_attr.
 * The only definitions. */
#pragma once

#include <types.h>

#define CSIGNAL 0x000000ff
#define CLONE_NEWTIME 0x00000080
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000
#define CLONE_IO 0x80000000UL
#define CLONE_CLEAR_SIGHAND 0x100000000UL /* clone3 only */
#define CLONE_INTO_CGROUP 0x200000000UL	  /* clone3 only */

/* struct clone_args (include/uapi/linux/sched.h), version 0 is 64 bytes. */
struct clone_args_user {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_VER2 88
/* VER0 ends before set_tid; VER2 (cgroup, Linux 5.7) is the whole struct. */
_Static_assert(offsetof(struct clone_args_user, set_tid) == CLONE_ARGS_SIZE_VER0, "clone_args VER0");
_Static_assert(sizeof(struct clone_args_user) == CLONE_ARGS_SIZE_VER2, "clone_args VER2");

/* scheduling policies and sched_setattr's flags (include/uapi/linux/sched.h) */
#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000 /* or'ed into the policy */
#define MAX_RT_PRIO 100		       /* real-time priorities are 1 .. MAX_RT_PRIO - 1 */

#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_RECLAIM 0x02
#define SCHED_FLAG_DL_OVERRUN 0x04
#define SCHED_FLAG_KEEP_POLICY 0x08
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define SCHED_FLAG_UTIL_CLAMP 0x60
#define SCHED_FLAG_ALL 0x7f

/* struct sched_attr's sizes (include/uapi/linux/sched/types.h) */
#define SCHED_ATTR_SIZE_VER0 48
#define SCHED_ATTR_SIZE_VER1 56

/* struct sched_attr (include/uapi/linux/sched/types.h), VER1. */
struct sched_attr_user {
	u32 size;
	u32 sched_policy;
	u64 sched_flags;
	s32 sched_nice;
	u32 sched_priority;
	u64 sched_runtime, sched_deadline, sched_period;
	u32 sched_util_min, sched_util_max;
};
_Static_assert(sizeof(struct sched_attr_user) == SCHED_ATTR_SIZE_VER1, "struct sched_attr VER1");
