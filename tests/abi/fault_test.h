/* fault_test.h — shared by the tests that touch memory which may fault:
 * fault_catch() installs a SIGBUS and SIGSEGV handler that jumps back, and
 * fault_touch() reads or writes one byte and prints the value or the signal
 * with its si_code and si_addr (as an offset from the base). */
#pragma once
#include "fs_test.h"

#include <setjmp.h>
#include <signal.h>

static sigjmp_buf fault_env;
static volatile int fault_sig, fault_code;
static volatile char *volatile fault_addr;

static void fault_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(fault_env, 1);
}

static inline void fault_catch(void)
{
	struct sigaction sa = {.sa_sigaction = fault_handler, .sa_flags = SA_SIGINFO | SA_NODEFER};
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

/* Reads base[off], or writes 'w' there when write is set. */
static inline void fault_touch(const char *label, volatile char *base, long off, int write)
{
	fault_sig = fault_code = 0;
	fault_addr = NULL;
	if (sigsetjmp(fault_env, 1) == 0) {
		int v = write ? (base[off] = 'w') : base[off];
		say("%s: byte %ld %s 0x%02x\n", label, off, write ? "written" : "reads", v & 0xff);
		return;
	}
	say("%s: byte %ld %s: signal %s, si_code %d, si_addr base+%ld\n", label, off, write ? "write" : "read",
	    fault_sig == SIGBUS	   ? "SIGBUS"
	    : fault_sig == SIGSEGV ? "SIGSEGV"
				   : "other",
	    fault_code, (long)(fault_addr - base));
}
