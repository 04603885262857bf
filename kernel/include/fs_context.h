/*
 * fs_context.h — a process's place in the file system (Linux's fs_struct):
 * its root directory (chroot), its working directory, its file-creation
 * mask and its mount namespace. Shared between tasks under CLONE_FS.
 *
 * The mount namespace is here rather than in a per-task nsproxy as in
 * Linux: Linux never lets tasks that share an fs_struct be in different
 * mount namespaces (clone(CLONE_NEWNS | CLONE_FS) and setns with a shared
 * fs_struct are EINVAL, unshare(CLONE_NEWNS) unshares it), so the two are
 * the same thing.
 */
#pragma once

#include <spinlock.h>
#include <types.h>
#include <vfs.h>

struct fs_context {
	struct spinlock lock;  /* protects root, cwd, umask */
	int refcount;	       /* atomic */
	struct path root;      /* [lock] holds references */
	struct path cwd;       /* [lock] holds references */
	u32 umask;	       /* [lock] */
	struct mnt_ns *mnt_ns; /* [lock] a reference; changed only by its sole user */
};

struct fs_context *fs_context_create(void);
struct fs_context *fs_context_dup(struct fs_context *src);
void fs_context_put(struct fs_context *fs);
/* The caller's root and working directory, with references (path_put them). */
void fs_context_get_root(struct path *out);
void fs_context_get_cwd(struct path *out);
u32 fs_context_umask(void);
/* unshare(CLONE_NEWNS) on fs, which only the caller uses: a copy of its
 * namespace, its root and working directory moved into it. 0 or -ENOMEM. */
int __must_check fs_context_unshare_ns(struct fs_context *fs);
/* setns into ns (mntns_install): fs, the caller's alone, enters it, at its root. */
void fs_context_enter_ns(struct fs_context *fs, struct mnt_ns *ns);
/* fs's namespace, with a reference (the initial one for NULL: a kernel thread). */
struct mnt_ns *fs_context_mnt_ns(struct fs_context *fs);
/* pivot_root's chroot_fs_refs: every task's root and working directory at
 * old move to new. */
void fs_context_replace_all(const struct path *old, const struct path *new);
