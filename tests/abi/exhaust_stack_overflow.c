/*
 * exhaust_stack_overflow.c — unbounded recursion hits the stack limit
 * (getrlimit(2) RLIMIT_STACK; Linux mm/mmap.c expand_stack refuses to grow
 * past it and the fault becomes SIGSEGV). Without a handler the child is
 * killed by SIGSEGV; with a SIGSEGV handler on an alternate stack
 * (sigaltstack(2)) the handler runs and the child exits normally. With
 * RLIMIT_STACK at 1 MiB the same. The kernel passes the health probe.
 */
#include "exhaust.h"
#include <signal.h>
#include <sys/resource.h>

static volatile long depth, max_depth = 1L << 40; /* never reached */

__attribute__((noinline)) static long recurse(long n)
{
	volatile char frame[1024];
	frame[0] = (char)n;
	if (++depth > max_depth)
		return 0;
	return recurse(n + 1) + frame[0];
}

static void on_segv(int sig)
{
	say("  handler on the alternate stack: signal %s\n", sig == SIGSEGV ? "SIGSEGV" : "other");
	_exit(7);
}

static void run(const char *label, int with_handler, rlim_t stack_limit)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (stack_limit) {
			struct rlimit rl = {stack_limit, RLIM_INFINITY};
			setrlimit(RLIMIT_STACK, &rl);
		}
		if (with_handler) {
			static char alt[64 * 1024];
			stack_t ss = {.ss_sp = alt, .ss_size = sizeof(alt)};
			sigaltstack(&ss, NULL);
			struct sigaction sa = {.sa_handler = on_segv, .sa_flags = SA_ONSTACK};
			sigaction(SIGSEGV, &sa, NULL);
		}
		recurse(0);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		say("%s: killed by %s\n", label, WTERMSIG(status) == SIGSEGV ? "SIGSEGV" : "another signal");
	else
		say("%s: exit %d\n", label, WEXITSTATUS(status));
}

int main(void)
{
	run("recursion, no handler", 0, 0);
	run("recursion, handler on sigaltstack", 1, 0);
	run("recursion under a 1 MiB limit", 0, 1 << 20);
	health_probe();
	done();
	return 0;
}
