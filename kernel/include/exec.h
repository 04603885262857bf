/*
 * exec.h — loading a program into a fresh address space.
 */
#pragma once

#include <types.h>

struct task;
struct mm;

/* Strings are kernel copies. Replaces t's mm and sets its user entry state. */
int __must_check exec_load(struct task *t, const char *path, const char *const *argv, int argc, const char *const *envp,
			   int envc);

/* Address-space layout randomisation on (default) or off ("norandmaps"). */
extern bool exec_randomize;

/* execve's steps around exec_load (proc/exec.c). */
void exec_finish(struct task *t);
