/*
 * fs_context.h — a process's place in the file system (Linux's fs_struct):
 * its root directory (chroot), its working directory and its file-creation
 * mask. Shared between tasks under CLONE_FS.
 */
#pragma once

#include <spinlock.h>
#include <types.h>
#include <vfs.h>

struct fs_context {
	struct spinlock lock; /* protects root, cwd, umask */
	int refcount;	      /* atomic */
	struct path root;     /* [lock] holds references */
	struct path cwd;      /* [lock] holds references */
	u32 umask;	      /* [lock] */
};

struct fs_context *fs_context_create(void);
struct fs_context *fs_context_dup(struct fs_context *src);
void fs_context_put(struct fs_context *fs);
/* The caller's root and working directory, with references (path_put them). */
void fs_context_get_root(struct path *out);
void fs_context_get_cwd(struct path *out);
u32 fs_context_umask(void);
