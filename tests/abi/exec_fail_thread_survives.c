/*
 * exec_fail_thread_survives.c — a failed execve changes nothing (issue
 * #13, divergence 2): a second thread's execve of a missing file returns
 * ENOENT and the main thread goes on; Linux kills the other threads only
 * past exec's point of no return.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <unistd.h>

#include "lvtest.h"

static int exec_errno;

static void *try_exec(void *arg)
{
	char *argv[] = {"/nonexistent/program", NULL};
	char *envp[] = {NULL};
	execve(argv[0], argv, envp);
	exec_errno = errno;
	return arg;
}

int main(void)
{
	pthread_t th;
	pthread_create(&th, NULL, try_exec, NULL);
	void *ret;
	int err = pthread_join(th, &ret);
	say("thread's execve failed with: %s\n", errname(exec_errno));
	say("main thread alive, join: %d\n", err);
	pthread_create(&th, NULL, try_exec, NULL);
	pthread_join(th, &ret);
	say("and again: %s\n", errname(exec_errno));
	done();
	return 0;
}
