/* async_test.h — for the O_ASYNC, SIGURG and lease tests: the signals a test
 * takes with sigtimedwait are blocked first, so each one sent stays queued
 * (and is counted) instead of being delivered. block_signals(SIGIO, RTSIG, 0):
 * the list ends with 0. */
#pragma once
#include "lvtest.h" /* first: it defines _GNU_SOURCE */

#include <signal.h>
#include <stdarg.h>
#include <time.h>

static void block_signals(int sig, ...)
{
	sigset_t set;
	sigemptyset(&set);
	va_list ap;
	va_start(ap, sig);
	for (; sig; sig = va_arg(ap, int))
		sigaddset(&set, sig);
	va_end(ap);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* Waits for n signals sig (5 s each: a pty's input reaches the other side
 * from a worker on Linux), then counts any more queued; prints each, with
 * si_fd (is it fd?) and si_band for a real-time signal (F_SETSIG's). */
static inline void collect_signals(const char *label, int sig, int n, int fd)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	siginfo_t si;
	int k = 0;
	for (;;) {
		struct timespec wait = {k < n ? 5 : 0, 0};
		if (sigtimedwait(&set, &si, &wait) != sig)
			break;
		say("%s: si_code %d si_fd ok %d si_band 0x%lx\n", label, si.si_code,
		    sig >= SIGRTMIN ? si.si_fd == fd : 1, sig >= SIGRTMIN ? (long)si.si_band : 0L);
		k++;
	}
	say("%s: %d signals\n", label, k);
}
