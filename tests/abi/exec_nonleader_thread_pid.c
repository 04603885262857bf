/*
 * exec_nonleader_thread_pid.c — a thread other than the main one calls
 * execve: the other threads end and the new program runs with the
 * process's pid (Linux de_thread takes over the leader's pid), its tid
 * equal to it, and the parent reaps it under that pid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static char *self;

static void *exec_from_thread(void *arg)
{
	char pid[16], tid[16];
	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(tid, sizeof(tid), "%d", gettid());
	char *argv[] = {self, "execed", pid, tid, NULL};
	char *envp[] = {NULL};
	execve(self, argv, envp);
	say("execve failed: %s\n", errname(errno));
	_exit(1);
	return arg;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "execed") == 0) {
		pid_t old_pid = atoi(argv[2]), old_tid = atoi(argv[3]);
		say("new program: pid kept: %s, tid == pid: %s, the exec'ing thread's tid was another: %s\n",
		    getpid() == old_pid ? "yes" : "no", gettid() == getpid() ? "yes" : "no",
		    old_tid != old_pid ? "yes" : "no");
		return 7;
	}
	self = argv[0];
	pid_t child = fork();
	if (child == 0) {
		pthread_t th;
		pthread_create(&th, NULL, exec_from_thread, NULL);
		for (;;)
			pause();
	}
	int status;
	pid_t got = waitpid(child, &status, 0);
	say("reaped under the pid: %s, exit code: %d\n", got == child ? "yes" : "no",
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	done();
	return 0;
}
