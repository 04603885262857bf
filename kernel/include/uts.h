/*
 * uts.h — the names uname(2) gives, shared with /proc/version and
 * /proc/sys/kernel/{ostype,osrelease,hostname} so they always agree.
 * The host and domain names can be changed, per UTS namespace: core/uts.c
 * keeps them.
 */
#pragma once

#include <types.h>

#define UTS_SYSNAME "Linux"
#define UTS_NODENAME "levitate"
#define UTS_RELEASE "6.1.0-levitate"
#define UTS_VERSION "#1 SMP LevitateOS " __DATE__
#define UTS_MACHINE "aarch64"
#define UTS_DOMAINNAME "(none)"

#define UTS_NAME_LEN 64 /* __NEW_UTS_LEN: the longest name, without its NUL */

enum uts_name { UTS_NAME_HOST, UTS_NAME_DOMAIN };

/* A UTS namespace (Linux struct uts_namespace): its own host and domain
 * names. A task's is its cred's uts_ns (proc/cred.c makes, references and
 * frees them); NULL is the initial one, which every task has until unshare
 * or clone asks for CLONE_NEWUTS. */
struct uts_ns {
	int refcount;			 /* atomic (proc/cred.c) */
	u32 inum;			 /* its /proc/PID/ns/uts number (nsfs.h), fixed */
	char names[2][UTS_NAME_LEN + 1]; /* [uts_lock] by enum uts_name */
};

/* ns's current name, NUL-terminated. */
void uts_get(const struct uts_ns *ns, enum uts_name which, char out[UTS_NAME_LEN + 1]);
/* Replaces ns's name by name[0..len) (cut at UTS_NAME_LEN); no checks. */
void uts_set(struct uts_ns *ns, enum uts_name which, const char *name, size_t len);
/* A new namespace's names: from's (copy_utsname). */
void uts_copy_names(struct uts_ns *to, const struct uts_ns *from);
/* A new namespace's number (Linux proc_alloc_inum: from 0xF0000000, past the
 * initial mnt and net namespaces' numbers that fs/nsfs.c shows). */
u32 uts_alloc_inum(void);
/* ns's number in /proc/PID/ns/uts (the initial one's: PROC_UTS_INIT_INO). */
u32 uts_ns_inum(const struct uts_ns *ns);
/* A reference more / less to ns (NULL, the initial one, is not counted): proc/cred.c. */
struct uts_ns *uts_ns_get(struct uts_ns *ns);
void uts_ns_put(struct uts_ns *ns);
