/* setrlimit_cpu_sigxcpu: RLIMIT_CPU (setrlimit(2), Linux
 * kernel/time/posix-cpu-timers.c check_process_timers): a process that
 * spins past its soft limit gets SIGXCPU (si_code SI_KERNEL), past its
 * hard limit SIGKILL; with no handler SIGXCPU's default action ends it. */
#include "lvtest.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

static volatile int *seen; /* shared with the child: SIGXCPUs and the last si_code */

static void on_xcpu(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	seen[0]++;
	seen[1] = si->si_code;
}

static void spin_child(rlim_t soft, rlim_t hard, int handle)
{
	if (handle) {
		struct sigaction sa = {.sa_sigaction = on_xcpu, .sa_flags = SA_SIGINFO};
		sigaction(SIGXCPU, &sa, NULL);
	}
	struct rlimit r = {soft, hard};
	if (setrlimit(RLIMIT_CPU, &r))
		_exit(1);
	alarm(120); /* a guard: SIGALRM means no limit acted */
	for (;;)
		;
}

int main(void)
{
	seen = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = fork();
	if (pid == 0)
		spin_child(1, 2, 1);
	int status;
	waitpid(pid, &status, 0);
	say("soft 1 s, hard 2 s, handled: signaled %d sig %d, SIGXCPU %d times, si_code SI_KERNEL %d\n",
	    WIFSIGNALED(status), WTERMSIG(status), seen[0], seen[1] == SI_KERNEL);

	seen[0] = 0;
	pid = fork();
	if (pid == 0)
		spin_child(1, RLIM_INFINITY, 0);
	waitpid(pid, &status, 0);
	say("soft 1 s, no hard limit, default action: signaled %d sig %d\n", WIFSIGNALED(status), WTERMSIG(status));
	done();
	return 0;
}
