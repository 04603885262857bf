/*
 * spawn.h — the kernel starting user processes (runner.c).
 */
#pragma once

#include <types.h>

struct thread_group;

int __must_check spawn_process(const char *path, const char *const *argv, int argc, const char *const *envp, int envc,
			       struct thread_group *parent, struct thread_group **out);
/* Runs /lvrun.list (docs/testing.md) and powers off. */
int runner_main(void *arg);
