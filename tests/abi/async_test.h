/* async_test.h — for the O_ASYNC, SIGURG and lease tests: the signals a test
 * takes with sigtimedwait are blocked first, so each one sent stays queued
 * (and is counted) instead of being delivered. block_signals(SIGIO, RTSIG, 0):
 * the list ends with 0. */
#pragma once
#include "lvtest.h" /* first: it defines _GNU_SOURCE */

#include <signal.h>
#include <stdarg.h>

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
