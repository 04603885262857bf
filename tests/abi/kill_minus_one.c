/*
 * kill_minus_one.c — kill(-1, sig) (kill(2), kernel/signal.c
 * kill_something_info): every process except init and the caller gets the
 * signal; a user who may signal none of them still gets 0 (EPERM is not
 * reported for -1) and the signal reaches nobody.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int report[2];

static void on_usr1(int sig)
{
	write(report[1], "1", 1);
	_exit(0);
}

static pid_t waiting_child(int ready)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_usr1);
		write(ready, "r", 1);
		for (;;)
			pause();
	}
	return pid;
}

int main(void)
{
	int ready[2];
	if (pipe(report) || pipe(ready))
		return 1;
	signal(SIGUSR1, SIG_IGN); /* we are not hit, but be safe */
	pid_t a = waiting_child(ready[1]), b = waiting_child(ready[1]);
	char c;
	read(ready[0], &c, 1);
	read(ready[0], &c, 1);

	pid_t user = fork();
	if (user == 0) {
		syscall(SYS_setresuid, 1000, 1000, 1000);
		errno = 0;
		long r = kill(-1, SIGUSR1);
		say("uid 1000: kill(-1, SIGUSR1): %ld %s\n", r, errname(errno));
		_exit(0);
	}
	waitpid(user, NULL, 0);
	show_ret("root: kill(-1, SIGUSR1)", kill(-1, SIGUSR1), errno);
	char got[3] = {0};
	read(report[0], &got[0], 1);
	read(report[0], &got[1], 1);
	say("both children got it: %s\n", strcmp(got, "11") == 0 ? "yes" : "no");
	int status, clean = 0;
	clean += waitpid(a, &status, 0) == a && WIFEXITED(status);
	clean += waitpid(b, &status, 0) == b && WIFEXITED(status);
	say("both exited from the handler: %d\n", clean);
	done();
	return 0;
}
