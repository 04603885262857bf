/*
 * fork_wait.c — processes (kernel/fork.c, kernel/exit.c): fork returns the
 * child's pid to the parent and 0 to the child, the child's memory is a
 * copy (writes on either side stay on that side), open files are shared
 * (a pipe carries the child's message), wait4 reports exit codes and fatal
 * signals and reaps each child once (then ECHILD), WNOHANG does not wait,
 * getppid in the child is the parent, and SIGCHLD arrives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

static volatile int chld;
static char heap_page[8192] = "parent data";

static void on_chld(int sig)
{
	chld++;
}

int main(void)
{
	signal(SIGCHLD, on_chld);
	int p[2];
	pipe(p);
	pid_t me = getpid();
	pid_t child = fork();
	if (child == 0) {
		char msg[64];
		int n = 0;
		n += snprintf(msg, sizeof(msg), "ppid is parent: %d; ", getppid() == me);
		n += snprintf(msg + n, sizeof(msg) - n, "sees '%s'\n", heap_page);
		strcpy(heap_page, "child wrote this");
		write(p[1], msg, (size_t)n);
		_exit(7);
	}
	say("fork returned a pid to the parent: %s\n", child > 0 ? "yes" : "no");
	strcpy(heap_page, "parent changed it");
	char buf[128] = {0};
	read(p[0], buf, sizeof(buf) - 1);
	say("child said: %s", buf);
	int status = 0;
	pid_t got = waitpid(child, &status, 0);
	say("waitpid returned the child: %s, exited: %d, code: %d\n", got == child ? "yes" : "no", WIFEXITED(status),
	    WEXITSTATUS(status));
	say("parent's memory after the child wrote: '%s'\n", heap_page);
	expect_err("wait again", waitpid(child, &status, 0), errno, ECHILD);

	child = fork();
	if (child == 0) {
		struct timespec ts = {0, 100 * 1000000L};
		nanosleep(&ts, 0);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	say("WNOHANG while it runs: %d\n", waitpid(child, &status, WNOHANG));
	waitpid(child, &status, 0);
	say("killed by signal: %d, SIGSEGV: %d\n", WIFSIGNALED(status), WTERMSIG(status) == SIGSEGV);

	for (int i = 0; i < 3; i++)
		if (fork() == 0)
			_exit(10 + i);
	int sum = 0, reaped = 0;
	while ((got = wait(&status)) > 0) {
		sum += WEXITSTATUS(status);
		reaped++;
	}
	say("reaped %d children, exit codes add up to %d, then: %s\n", reaped, sum, errname(errno));
	say("SIGCHLD arrived: %s\n", chld > 0 ? "yes" : "no");
	done();
	return 0;
}
