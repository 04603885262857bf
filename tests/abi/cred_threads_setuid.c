/*
 * cred_threads_setuid.c — credentials are per thread in the kernel; the C
 * library's setresuid/setgroups change every thread of the process (glibc
 * SIGSETXID, musl __synccall signal all threads, which then make the call
 * themselves). A second thread sees the ids the first one set; a raw
 * system call changes only the calling thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int go[2], back[2];

static void *worker(void *arg)
{
	char c;
	for (int round = 0; round < 2; round++) {
		read(go[0], &c, 1);
		long uid = syscall(SYS_getuid), euid = syscall(SYS_geteuid);
		char line[64];
		int n = snprintf(line, sizeof(line), "%ld/%ld", uid, euid);
		write(back[1], line, (size_t)n + 1);
	}
	return arg;
}

static void ask_worker(const char *label)
{
	write(go[1], "g", 1);
	char line[64];
	int n = 0;
	while (n < (int)sizeof(line) && read(back[0], &line[n], 1) == 1 && line[n])
		n++;
	say("%s: the other thread's uid/euid: %s\n", label, line);
}

int main(void)
{
	if (pipe(go) || pipe(back))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t th;
		pthread_create(&th, NULL, worker, NULL);
		syscall(SYS_setresuid, -1, 5, -1); /* raw: this thread only */
		say("raw setresuid(-1, 5, -1): this thread's euid %ld\n", syscall(SYS_geteuid));
		ask_worker("after the raw call");
		syscall(SYS_setresuid, -1, 0, -1);
		show_ret("libc setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000), errno);
		ask_worker("after the library call");
		pthread_join(th, NULL);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
