/*
 * spawn.h — the kernel starting user processes: PID 1 (init/pid1.c,
 * init/spawn.c, the top layer: they open /dev/console and exec).
 */
#pragma once

#include <types.h>

struct task;
struct thread_group;

/*
 * A new process, child of parent (NULL: none), with /dev/console as fds 0,
 * 1 and 2, not yet running: spawn_exec() loads a program into it and starts
 * it, and may be tried with several paths; spawn_discard() frees it if none
 * loads. Its pid is its tid, allocated here once, however many tries.
 */
struct task *spawn_alloc(const char *comm, struct thread_group *parent);
int __must_check spawn_exec(struct task *t, const char *path, const char *const *argv, int argc,
			    const char *const *envp, int envc);
void spawn_discard(struct task *t);
/* The helper program of a "|program" core_pattern, started with argv (argv[0]
 * its path) and stdin_file as fd 0 (coredump.h's coredump_helper_start). */
struct file;
int spawn_core_helper(const char *const *argv, int argc, struct file *stdin_file);

/* init/pid1.c */
/* Execs PID 1 as the command line chooses (rdinit=, init=, Linux's fallbacks). */
void init_start(const char *cmdline);
