/*
 * execve_empty_argv.c — execve with an empty argv (Linux fs/exec.c
 * do_execveat_common since 5.18, CVE-2021-4034): the new program gets
 * argc 1 and "" as argv[0], its environment where it belongs; a NULL argv
 * pointer is the same as an empty one. The program runs itself through
 * /proc/self/exe with LVTEST_EMPTY_ARGV set.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "lvtest.h"

static void run_child(int null_argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *const argv[] = {NULL};
		char *const envp[] = {"LVTEST_EMPTY_ARGV=1", NULL};
		syscall(SYS_execve, "/proc/self/exe", null_argv ? NULL : argv, envp);
		_exit(99);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	say("%s argv: child exit %d\n", null_argv ? "NULL" : "empty", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv, char **envp)
{
	if (getenv("LVTEST_EMPTY_ARGV")) {
		/* exit 0: argc 1, argv[0] "", argv[1] NULL, envp[0] our variable */
		int ok = argc == 1 && argv[0] && argv[0][0] == 0 && !argv[1] && envp[0] &&
			 strcmp(envp[0], "LVTEST_EMPTY_ARGV=1") == 0;
		return ok ? 0 : 1;
	}
	run_child(0);
	run_child(1);
	done();
	return 0;
}
