/*
 * sigchld_ignored_autoreap.c — a parent that ignores SIGCHLD (or sets
 * SA_NOCLDWAIT) leaves no zombies (wait(2) NOTES, kernel/exit.c
 * do_notify_parent): wait blocks until the children are gone and then fails
 * with ECHILD, kill on the dead child's pid is ESRCH; posix_spawn (a vfork)
 * works with SIGCHLD ignored.
 *
 * On several CPUs Linux's wait can return ECHILD a moment before the pid is
 * gone: the exiting child marks itself EXIT_DEAD and wakes the parent
 * (exit_notify), and only then, on its own CPU, release_task unhashes the
 * pid; do_wait skips an EXIT_DEAD child, so it answers ECHILD while
 * kill(pid, 0) still finds the task. The test yields until kill says ESRCH
 * (a bounded loop, no sleep: a pid that never goes fails it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

extern char **environ;

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spawned") == 0)
		return 3;
	signal(SIGCHLD, SIG_IGN);
	int gate[2];
	if (pipe(gate))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		char c;
		close(gate[1]);
		read(gate[0], &c, 1); /* end of file once the parent closes its end */
		_exit(4);
	}
	close(gate[0]);
	close(gate[1]); /* the child goes on and exits */
	int status;
	pid_t got = wait(&status);
	say("wait with SIGCHLD ignored: %s\n", got == -1 ? errname(errno) : "reaped a zombie");
	long alive = 0;
	for (int i = 0; i < 1000000 && (alive = kill(child, 0)) == 0; i++)
		sched_yield(); /* release_task may still run on the child's CPU (above) */
	expect_err("kill(dead child, 0)", alive, errno, ESRCH);
	char *args[] = {argv[0], "spawned", NULL};
	pid_t spawned;
	int r = posix_spawn(&spawned, argv[0], NULL, NULL, args, environ);
	say("posix_spawn: %d\n", r);
	got = waitpid(spawned, &status, 0);
	say("waitpid on it: %s\n", got == -1 ? errname(errno) : "reaped a zombie");

	signal(SIGCHLD, SIG_DFL);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	child = fork();
	if (child == 0)
		_exit(5);
	got = wait(&status);
	say("wait with SA_NOCLDWAIT: %s\n", got == -1 ? errname(errno) : "reaped a zombie");
	done();
	return 0;
}
