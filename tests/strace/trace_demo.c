/*
 * trace_demo.c — a program whose trace shows each thing tests/harness/
 * test_strace.py checks: a failed open (errno name and text), fork with the
 * "[pid N]" prefix, two processes blocked in read by turns (<unfinished ...>
 * and <... read resumed>), SIGCHLD and a handled SIGUSR1 (--- lines,
 * rt_sigreturn), the child's exit status, and death by SIGSEGV.
 * Handshakes through pipes keep the order of its own output fixed.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	int to_child[2], to_parent[2];
	char c;
	if (open("/nonexistent", O_RDONLY | O_CLOEXEC) >= 0 || pipe(to_child) || pipe(to_parent))
		return 1;
	pid_t pid = fork();
	/* ping-pong: whichever runs first, one of them is in read while the
	 * other writes a line */
	if (pid == 0) {
		if (write(to_parent[1], "a", 1) != 1 || read(to_child[0], &c, 1) != 1 ||
		    write(to_parent[1], "c", 1) != 1)
			_exit(1);
		_exit(3);
	}
	if (read(to_parent[0], &c, 1) != 1 || write(to_child[1], "b", 1) != 1 || read(to_parent[0], &c, 1) != 1)
		return 1;
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("child status %d\n", WEXITSTATUS(status));
	fflush(stdout);
	*(volatile int *)0 = 1; /* SIGSEGV */
	return 0;
}
