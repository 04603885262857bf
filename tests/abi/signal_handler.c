/*
 * signal_handler.c — user signal handlers on Linux's arm64 signal frame
 * (arch/arm64/kernel/signal.c): raise() runs an SA_SIGINFO handler with
 * si_signo/si_code/si_pid, the signal is blocked while its handler runs
 * and unblocked after, a handler can nest another, SA_ONSTACK handlers run
 * on the alternate stack (which sigaltstack then reports SS_ONSTACK),
 * SA_RESETHAND resets the action, FP registers survive a handler, and a
 * SIGSEGV handler sees si_addr and SEGV_MAPERR / SEGV_ACCERR, then
 * siglongjmps out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lvtest.h"

static volatile int usr1_runs, usr2_runs, nested_ok, blocked_inside, onstack_ok, altstack_flag;
static volatile int info_ok;
static char altstack[65536] __attribute__((aligned(16)));
static sigjmp_buf recover;
static volatile uintptr_t fault_addr;
static volatile int fault_code;
static volatile uintptr_t low_address = 0x40; /* unmapped: below mmap_min_addr */

static void on_usr2(int sig)
{
	usr2_runs++;
}

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	usr1_runs++;
	info_ok = sig == SIGUSR1 && info->si_signo == SIGUSR1 && info->si_code == SI_TKILL && info->si_pid == getpid();
	sigset_t now;
	sigprocmask(SIG_BLOCK, 0, &now);
	blocked_inside = sigismember(&now, SIGUSR1);
	raise(SIGUSR2); /* runs on_usr2 right away, nested */
	nested_ok = usr2_runs == 1;
	double x = 0; /* disturb the FP registers */
	for (int i = 1; i < 50; i++)
		x += 1.0 / i;
	(void)x;
}

static void on_alt(int sig)
{
	char here;
	onstack_ok = &here > altstack && &here < altstack + sizeof(altstack);
	stack_t cur;
	sigaltstack(0, &cur);
	altstack_flag = cur.ss_flags;
}

static void on_segv(int sig, siginfo_t *info, void *uc)
{
	fault_addr = (uintptr_t)info->si_addr;
	fault_code = info->si_code;
	siglongjmp(recover, 1);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, 0);
	signal(SIGUSR2, on_usr2);
	volatile double keep = 3.25;
	raise(SIGUSR1);
	say("handler ran: %d, siginfo right: %d\n", usr1_runs, info_ok);
	say("blocked inside its handler: %d, nested handler ran: %d\n", blocked_inside, nested_ok);
	sigset_t after;
	sigprocmask(SIG_BLOCK, 0, &after);
	say("unblocked after the handler: %d\n", !sigismember(&after, SIGUSR1));
	say("FP value kept across the handler: %s\n", keep == 3.25 ? "yes" : "no");

	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0};
	show_ret("sigaltstack", sigaltstack(&ss, 0), errno);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alt;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigaction(SIGWINCH, &sa, 0);
	raise(SIGWINCH);
	say("ran on the alternate stack: %d, ss_flags inside: %d\n", onstack_ok, altstack_flag);
	struct sigaction now;
	sigaction(SIGWINCH, 0, &now);
	say("SA_RESETHAND reset it to SIG_DFL: %d\n", now.sa_handler == SIG_DFL);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, 0);
	if (sigsetjmp(recover, 1) == 0)
		*(volatile int *)low_address = 1;
	say("SIGSEGV at 0x40: si_addr 0x%lx, SEGV_MAPERR: %d\n", (unsigned long)fault_addr, fault_code == SEGV_MAPERR);
	char *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sigsetjmp(recover, 1) == 0)
		*(volatile char *)(none + 8) = 1;
	say("SIGSEGV on PROT_NONE: address right: %d, SEGV_ACCERR: %d\n", fault_addr == (uintptr_t)(none + 8),
	    fault_code == SEGV_ACCERR);
	done();
	return 0;
}
