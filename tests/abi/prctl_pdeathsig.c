/* prctl_pdeathsig: prctl(PR_SET_PDEATHSIG, SIGUSR1) makes the kernel send
 * SIGUSR1 to a process when its parent exits (kernel/exit.c
 * forget_original_parent), as SI_USER from the parent, after it has been
 * given to its new parent (here the test's subreaper, so getppid() in the
 * handler is the test's pid on both kernels); PR_GET_PDEATHSIG reads it
 * back; a number past the last signal is EINVAL; a forked child starts
 * with 0. Pipes carry the handshakes. */
#include "lvtest.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static int report[2], ready[2], relay[2]; /* leaf -> test, leaf -> middle, middle -> test */

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	int words[4] = {sig, si->si_code, si->si_pid, getppid()};
	(void)!write(report[1], words, sizeof(words));
}

int main(void)
{
	if (pipe(report) || pipe(ready) || pipe(relay))
		return 1;
	expect_err("PR_SET_PDEATHSIG 65", prctl(PR_SET_PDEATHSIG, 65), errno, EINVAL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t top = getpid();
	pid_t middle = fork();
	if (middle == 0) {
		pid_t leaf = fork();
		if (leaf == 0) {
			int before = -1, after = -1;
			prctl(PR_GET_PDEATHSIG, &before);
			struct sigaction sa = {.sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO};
			sigaction(SIGUSR1, &sa, NULL);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			prctl(PR_GET_PDEATHSIG, &after);
			int words[2] = {before, after};
			(void)!write(ready[1], words, sizeof(words));
			for (;;)
				pause(); /* the handler reports; the test kills us */
		}
		int words[2];
		(void)!read(ready[0], words, sizeof(words));
		(void)!write(relay[1], words, sizeof(words)); /* pass it on */
		(void)!write(relay[1], &leaf, sizeof(leaf));
		_exit(0); /* the leaf gets SIGUSR1 now */
	}
	int words[2];
	pid_t leaf;
	(void)!read(relay[0], words, sizeof(words));
	(void)!read(relay[0], &leaf, sizeof(leaf));
	say("PR_GET_PDEATHSIG after fork: %d, after setting: %d\n", words[0], words[1]);
	int got[4];
	(void)!read(report[0], got, sizeof(got));
	say("signal %d si_code %d\n", got[0], got[1]);
	yesno("si_pid is the parent that exited", got[2] == middle);
	yesno("getppid() in the handler is the subreaper", got[3] == top);
	int status;
	waitpid(middle, &status, 0);
	kill(leaf, SIGKILL);
	waitpid(leaf, &status, 0);
	yesno("leaf killed by SIGKILL", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	done();
	return 0;
}
