/*
 * exhaust_execve_e2big.c — huge argument and environment lists at execve
 * (execve(2) "Limits on size of arguments and environment"; Linux
 * fs/exec.c copy_strings: one string may be at most MAX_ARG_STRLEN =
 * 32 pages including its NUL, and all of them with their pointers at most
 * a quarter of RLIMIT_STACK, 2 MiB under the default 8 MiB). Each execve
 * runs this program again in "child" mode, which prints what it got.
 */
#include "lvtest.h"
#include <stdlib.h>
#include <sys/wait.h>

#define MAX_ARG_STRLEN (32 * 4096)

static const char *self;

/* execve self with argc extra arguments of len bytes each (and envc
 * environment strings of len bytes each); prints what happened. */
static void try_exec(const char *label, int argc, size_t len, int envc)
{
	char **argv = calloc(argc + 3, sizeof(char *)), **envp = calloc(envc + 1, sizeof(char *));
	char *big = malloc(len + 1);
	memset(big, 'a', len);
	big[len] = 0;
	argv[0] = (char *)self;
	argv[1] = "child";
	for (int i = 0; i < argc; i++)
		argv[2 + i] = big;
	for (int i = 0; i < envc; i++)
		envp[i] = big;
	big[0] = 'X'; /* the environment strings are "X=aaa..." */
	big[1] = '=';
	pid_t pid = fork();
	if (pid == 0) {
		execve(self, argv, envp);
		say("%s: %s\n", label, errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	free(big);
	free(argv);
	free(envp);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child")) {
		size_t total = 0;
		for (int i = 2; i < argc; i++)
			total += strlen(argv[i]);
		say("  exec'd: %d arguments, %zu bytes\n", argc - 2, total);
		return 0;
	}
	self = argv[0];
	try_exec("one string of MAX_ARG_STRLEN - 1 bytes", 1, MAX_ARG_STRLEN - 1, 0);
	try_exec("one string of MAX_ARG_STRLEN bytes", 1, MAX_ARG_STRLEN, 0);
	try_exec("15 strings of 128 KiB - 1 (1.9 MiB)", 15, MAX_ARG_STRLEN - 1, 0);
	try_exec("17 strings of 128 KiB - 1 (2.1 MiB)", 17, MAX_ARG_STRLEN - 1, 0);
	try_exec("17 environment strings of 128 KiB - 1", 0, MAX_ARG_STRLEN - 1, 17);
	char **many = calloc(600003, sizeof(char *));
	many[0] = (char *)self;
	many[1] = "child";
	for (int i = 2; i < 600002; i++)
		many[i] = "";
	pid_t pid = fork();
	if (pid == 0) {
		execve(self, many, NULL);
		say("600000 empty arguments: %s\n", errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
