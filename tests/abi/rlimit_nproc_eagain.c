/*
 * rlimit_nproc_eagain.c — RLIMIT_NPROC (getrlimit(2), kernel/fork.c): a
 * process of uid 1000 with the limit at 3 may have three tasks of that uid
 * in the system (itself and two children); the next fork fails with
 * EAGAIN, and works again once a child is reaped. Root is not limited.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static pid_t idle_child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

int main(void)
{
	struct rlimit rl = {3, 3};
	show_ret("setrlimit(RLIMIT_NPROC, 3)", setrlimit(RLIMIT_NPROC, &rl), errno);
	pid_t root_kids[4];
	int ok = 0;
	for (int i = 0; i < 4; i++)
		ok += (root_kids[i] = idle_child()) > 0;
	say("root forks past the limit: %d of 4\n", ok);
	for (int i = 0; i < 4; i++) {
		kill(root_kids[i], SIGKILL);
		waitpid(root_kids[i], NULL, 0);
	}
	pid_t user = fork();
	if (user == 0) {
		syscall(SYS_setresuid, 1000, 1000, 1000);
		pid_t a = idle_child(), b = idle_child();
		say("two children as uid 1000: %s\n", a > 0 && b > 0 ? "yes" : "no");
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		say("third fork: %s\n", c < 0 ? errname(errno) : "succeeded");
		kill(a, SIGKILL);
		waitpid(a, NULL, 0);
		pid_t d = idle_child();
		say("after reaping one: %s\n", d > 0 ? "forks" : errname(errno));
		kill(b, SIGKILL);
		kill(d, SIGKILL);
		while (wait(NULL) > 0)
			;
		_exit(0);
	}
	waitpid(user, NULL, 0);
	done();
	return 0;
}
