/* execveat_test.h — shared by the execveat(2) tests: execveat_run runs one
 * execveat in a child with an empty environment and reports how it ended
 * (the errno when it returns, else the new program's exit status). */
#pragma once
#include "lvtest.h"

#include <sys/wait.h>

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

static inline void execveat_run(const char *label, char *const argv[], int dirfd, const char *name, int flags)
{
	static char *const child_env[] = {NULL};
	pid_t pid = fork();
	if (pid == 0) {
		errno = 0;
		syscall(SYS_execveat, dirfd, name, argv, child_env, flags);
		say("%s: -1 %s\n", label, errname(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	say("%s: exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
