/*
 * fs_context.h — a process's place in the file system: its working
 * directory (a canonical absolute path until the VFS has dentries) and its
 * file-creation mask. Shared between tasks under CLONE_FS.
 */
#pragma once

#include <path.h>
#include <spinlock.h>
#include <types.h>

struct fs_context {
	struct spinlock lock; /* protects cwd, umask */
	int refcount;	      /* atomic */
	char cwd[PATH_MAX];   /* [lock] */
	u32 umask;	      /* [lock] */
};

struct fs_context *fs_context_create(void);
struct fs_context *fs_context_dup(struct fs_context *src);
void fs_context_put(struct fs_context *fs);
/* Copies the working directory into buf (PATH_MAX bytes). */
void fs_context_get_cwd(char *buf);
