/*
 * execve_basic.c — execve (fs/exec.c): a forked child runs this program
 * again with new arguments and environment; descriptors marked
 * close-on-exec are closed in it and the others stay open; handlers are
 * reset to default while ignored signals stay ignored; the exit status
 * comes back through wait. execve of a missing file is ENOENT, of a device
 * EACCES, with a bad pointer EFAULT. posix_spawn (vfork underneath) works.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

extern char **environ;

static void on_usr1(int sig)
{
}

static int child_main(int argc, char **argv)
{
	int keep = atoi(argv[2]), gone = atoi(argv[3]);
	say("child: argc %d, %s %s, env MODE=%s\n", argc, argv[1], argv[4], getenv("MODE") ? getenv("MODE") : "(none)");
	say("child: kept fd open: %d, close-on-exec fd closed: %d\n", fcntl(keep, F_GETFD) >= 0,
	    fcntl(gone, F_GETFD) < 0 && errno == EBADF);
	struct sigaction sa;
	sigaction(SIGUSR1, 0, &sa);
	say("child: SIGUSR1 handler reset to default: %d\n", sa.sa_handler == SIG_DFL);
	sigaction(SIGUSR2, 0, &sa);
	say("child: ignored SIGUSR2 still ignored: %d\n", sa.sa_handler == SIG_IGN);
	return 3;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child_main(argc, argv);
	if (argc > 1 && strcmp(argv[1], "spawned") == 0) {
		say("spawned: hello\n");
		return 4;
	}
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	int keep = open(argv[0], O_RDONLY), gone = open(argv[0], O_RDONLY | O_CLOEXEC);
	char k[16], g[16];
	snprintf(k, sizeof(k), "%d", keep);
	snprintf(g, sizeof(g), "%d", gone);
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = {argv[0], "child", k, g, "last-arg", NULL};
		char *env[] = {"MODE=exec-test", NULL};
		execve(argv[0], args, env);
		_exit(99);
	}
	int status;
	waitpid(pid, &status, 0);
	say("parent: child exited with %d\n", WEXITSTATUS(status));

	char *noargs[] = {"x", NULL};
	expect_err("execve missing file", execve("/nonexistent", noargs, environ), errno, ENOENT);
	expect_err("execve a device", execve("/dev/null", noargs, environ), errno, EACCES);
	expect_err("execve bad path pointer", syscall(SYS_execve, (void *)8, noargs, environ), errno, EFAULT);

	char *sargs[] = {argv[0], "spawned", NULL};
	pid_t sp;
	int r = posix_spawn(&sp, argv[0], 0, 0, sargs, environ);
	waitpid(sp, &status, 0); /* first: which of the two prints first is up to the scheduler */
	say("posix_spawn: %d\n", r);
	say("spawned child exited with %d\n", WEXITSTATUS(status));
	done();
	return 0;
}
