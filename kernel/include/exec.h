/*
 * exec.h — loading a program into a fresh address space.
 */
#pragma once

#include <types.h>

struct task;
struct mm;

struct file;
/* Strings are kernel copies. Replaces t's mm and sets its user entry state.
 * start: the file path names, already open (execveat), or NULL to open path.
 * path_inaccessible: path is "/dev/fd/N[/name]" for a close-on-exec N, a
 * name the new program cannot open (Linux BINPRM_FLAGS_PATH_INACCESSIBLE):
 * a script then fails with ENOENT, as its interpreter could not read it. */
int __must_check exec_load(struct task *t, const char *path, struct file *start, bool path_inaccessible,
			   const char *const *argv, int argc, const char *const *envp, int envc);

/* Address-space layout randomisation on (default) or off ("norandmaps"). */
extern bool exec_randomize;

/* execve's steps around exec_load (fs/exec.c). */
void exec_finish(struct task *t);

/* An executable is a regular file with execute permission, not on a noexec mount. */
int __must_check exec_may_exec(struct file *f);

/*
 * binfmt_script.c: follows "#!" lines from path to the binary to load.
 * s->path is that binary's path, s->argv/s->argc the arguments it gets
 * (the caller's when path is not a script). Release with
 * binfmt_script_release, also after an error.
 */
struct script_chain {
	const char *path;
	const char **argv;
	int argc;
	bool argv_owned; /* argv is our array (its strings: the caller's or owned[]) */
	char *owned[12]; /* interpreter names and arguments: two per level */
	int nr_owned;
};
int __must_check binfmt_script_resolve(struct script_chain *s, const char *path, struct file *start,
				       bool path_inaccessible, const char *const *argv, int argc);
void binfmt_script_release(struct script_chain *s);
