/*
 * nsfs.h — namespace files (Linux fs/nsfs.c, fs/proc/namespaces.c): what
 * /proc/PID/ns/NAME shows and leads to, and setns(2) on such a file.
 */
#pragma once

#include <types.h>

struct cred;
struct fs_context;
struct file;
struct path;

/* The names of /proc/PID/ns, in Linux's order (fs/proc/namespaces.c ns_entries). */
enum ns_kind {
	NS_NET,
	NS_UTS,
	NS_IPC,
	NS_PID,
	NS_PID_FOR_CHILDREN,
	NS_USER,
	NS_MNT,
	NS_CGROUP,
	NS_TIME,
	NS_TIME_FOR_CHILDREN,
};

/* Boot: the nsfs super block and its kernel mount. */
void nsfs_init(void);
/* The link's text for the namespace of that kind a task with cred c and fs
 * context fs (NULL: none left) belongs to: "uts:[4026531838]". */
int __must_check nsfs_link_text(enum ns_kind kind, const struct cred *c, struct fs_context *fs, char **target);
/* Where the link leads: a new nsfs dentry whose inode number is the namespace's. */
int __must_check nsfs_path(enum ns_kind kind, const struct cred *c, struct fs_context *fs, struct path *out);
/* Is f an open namespace file? Its /proc/PID/fd/N text, "uts:[N]" (nsfs's d_dname). */
bool file_is_ns(const struct file *f);
int __must_check nsfs_file_text(const struct file *f, char **target);
/* setns(2) with an open file f: 0 or a negative errno. */
long __must_check nsfs_setns(struct file *f, int nstype);
