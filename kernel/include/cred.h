/*
 * cred.h — credentials: who a task acts as (Linux include/linux/cred.h).
 *
 * A struct cred is never changed once a task uses it: to change identity, a
 * task takes a private copy (cred_prepare), edits it and installs it
 * (cred_commit), which drops the old one. Tasks of one process share their
 * cred by reference after clone, as Linux's do; the C libraries change all
 * threads' credentials together (glibc's SIGSETXID), the kernel changes only
 * the caller's. Supplementary groups are a shared, sorted, immutable array.
 *
 * Capabilities follow the root rules of Linux's commoncap: a process whose
 * effective uid is 0 has every capability, one that drops every root uid
 * loses them (cap_emulate_setxuid), and exec gives root its bounding set
 * (plus its inheritable set) back.
 * capable(CAP_X) is the check the rest of the kernel asks.
 */
#pragma once

#include <types.h>
#include <uapi/capability.h> /* CAP_*: capable()'s argument */

struct key;
struct task;
struct uts_ns;
struct ipc_ns;

#define CAP_FULL_SET ((1UL << (CAP_LAST_CAP + 1)) - 1)

#define NGROUPS_MAX 65536
#define INVALID_UID 0xffffffffu

struct group_info {
	int refcount; /* atomic */
	int count;
	u32 gids[]; /* sorted ascending */
};

struct cred {
	int refcount; /* atomic */
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	u64 cap_inheritable, cap_permitted, cap_effective;
	u64 cap_bset;		   /* the bounding set: what exec may give (PR_CAPBSET_DROP shrinks it) */
	struct group_info *groups; /* never NULL */
	/* the keyrings (proc/key.c; Linux keeps them in the cred too): each
	 * referenced, NULL until made; jit_keyring is KEYCTL_SET_REQKEY_KEYRING's */
	struct key *thread_keyring, *process_keyring, *session_keyring;
	s8 jit_keyring;
	/* the task's UTS namespace (core/uts.c), referenced; NULL: the initial
	 * one. Linux keeps it in the nsproxy; it is here because the cred is
	 * per task and copied on change, the sharing nsproxy has, and struct
	 * task has no room left */
	struct uts_ns *uts_ns;
	/* its IPC namespace (ipc/namespace.c), likewise; NULL: the initial one */
	struct ipc_ns *ipc_ns;
	/* its network namespace (net/net_ns.c), likewise; NULL: init_net */
	struct net_ns *net_ns;
};

/* The caller's credentials (valid while it runs; take cred_get to keep). */
const struct cred *cred_current(void);
u32 cred_fsuid(void);
u32 cred_fsgid(void);
/* Is gid the caller's fsgid or one of its supplementary groups? (in_group_p) */
bool cred_in_group(u32 gid);
/* The same question about the credentials c (faccessat's real-id view). */
bool cred_in_group_of(const struct cred *c, u32 gid);
/* Does the caller have capability cap in its effective set? */
bool capable(int cap);
/* kernel.perf_event_paranoid (/proc/sys/kernel/perf_event_paranoid, any int;
 * Debian's default 3): how much perf_event_open allows a task without
 * CAP_PERFMON (syscall/sys_perf.c: above 2 nothing, above 1 no kernel counting). */
int perf_event_paranoid(void);
void perf_event_set_paranoid(int value);

/* Is the caller's euid the target's uid or euid? (check_same_owner) */
bool cred_same_owner(const struct cred *target);

/* root's credentials (init and kernel threads). */
const struct cred *cred_root(void);
const struct cred *cred_get(const struct cred *c);
void cred_put(const struct cred *c);
/* A private copy of the caller's credentials to change (NULL: no memory). */
struct cred *cred_prepare(void);
/* Installs new as the caller's credentials (the reference is taken over). */
void cred_commit(struct cred *new);
/* Drops a prepared copy that was not committed. */
void cred_abort(struct cred *new);
/* clone: the child's cred (the creator's, shared) is copied when keyrings
 * must not pass to it (Linux copy_creds) or it gets a new UTS namespace
 * (CLONE_NEWUTS, copy_namespaces: the caller checked CAP_SYS_ADMIN); t is
 * not running yet. 0 or -ENOMEM. */
int __attribute__((warn_unused_result)) cred_clone(struct task *t, u64 clone_flags);
/* unshare with flags' CLONE_NEWUTS (a copy of the caller's UTS namespace)
 * and CLONE_NEWIPC (a new, empty IPC namespace): 0 or -ENOMEM. */
int __attribute__((warn_unused_result)) cred_unshare_ns(u64 flags);
/* setns: the caller's namespace of nstype (CLONE_NEWUTS: uts, CLONE_NEWIPC:
 * ipc, CLONE_NEWNET: net; a new reference, NULL the initial one) is
 * replaced. 0 or -ENOMEM. */
int __attribute__((warn_unused_result))
cred_set_ns(struct uts_ns *uts, struct ipc_ns *ipc, struct net_ns *net, int nstype);
/* exec: the saved and fs ids follow the effective ones; root's capabilities. */
int __attribute__((warn_unused_result)) cred_exec(void);
/* Whether an exec with credentials c raises the permitted capabilities
 * (commoncap.c __cap_gained): such an exec clears PER_CLEAR_ON_SETID. */
bool cred_exec_gains_caps(const struct cred *c);
/* New groups for a prepared cred (the array is copied and sorted). */
int __attribute__((warn_unused_result)) cred_set_groups(struct cred *c, const u32 *gids, int count);
