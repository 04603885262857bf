/*
 * signal_roundtrip.c — kill(2) to another process and back: the parent
 * sends SIGUSR1 to its child and waits for SIGUSR1 from it; the child waits
 * and answers. Both keep SIGUSR1 blocked and take it with sigwaitinfo
 * (rt_sigtimedwait), so this measures signal generation, delivery to a
 * waiting process and two context switches, without handler frames.
 *
 * Output: "RESULT signal_roundtrip_ns <ns per round trip>" (or NA), "done".
 */
#include "bench.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child < 0) {
		printf("fork: %s\n", errno_name(errno));
		return 1;
	}
	if (child == 0) {
		for (int i = 0; i < ROUNDS + 1; i++)
			if (sigwaitinfo(&set, NULL) != SIGUSR1 || kill(parent, SIGUSR1) != 0)
				_exit(1);
		_exit(0);
	}
	int err = 0;
	/* one warm-up round trip, then the timed ones */
	double start = 0;
	for (int i = 0; i < ROUNDS + 1 && !err; i++) {
		if (i == 1)
			start = now_ns();
		if (kill(child, SIGUSR1) != 0 || sigwaitinfo(&set, NULL) != SIGUSR1)
			err = errno;
	}
	double end = now_ns();
	if (err) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		not_available("signal_roundtrip_ns", "kill/sigwaitinfo: %s", errno_name(err));
	} else {
		int status;
		waitpid(child, &status, 0);
		result("signal_roundtrip_ns", (end - start) / ROUNDS);
	}
	bench_done();
	return 0;
}
