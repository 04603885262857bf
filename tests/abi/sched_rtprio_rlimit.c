/* sched_rtprio_rlimit: what an unprivileged process may do with real-time
 * policies (sched_setscheduler(2) "Privileges and resource limits", Linux
 * kernel/sched/syscalls.c __sched_setscheduler): with RLIMIT_RTPRIO 0 it
 * cannot become FIFO/RR; with a limit it may choose a priority up to it,
 * and lower its priority at any time, but raise it only up to the limit,
 * and change between FIFO and RR only with a nonzero limit; it may always
 * go back to SCHED_OTHER; it cannot clear SCHED_RESET_ON_FORK; it leaves
 * SCHED_IDLE only if RLIMIT_NICE allows its nice value. */
#include "rt_test.h"
#include <sys/resource.h>

static void try(const char *label, int policy, int prio)
{
	struct sched_param p = {.sched_priority = prio};
	errno = 0;
	show_ret(label, setscheduler(0, policy, &p), errno);
}

static void try_param(const char *label, int prio)
{
	struct sched_param p = {.sched_priority = prio};
	errno = 0;
	show_ret(label, setparam(0, &p), errno);
}

static void limit(int resource, rlim_t n)
{
	struct rlimit r = {n, 20};
	if (setrlimit(resource, &r))
		say("setrlimit %d %lu: %s\n", resource, (unsigned long)n, errname(errno));
}

int main(void)
{
	/* as root, set the limits an unprivileged user then has to live with */
	struct rlimit r = {0, 20};
	setrlimit(RLIMIT_RTPRIO, &r);
	setrlimit(RLIMIT_NICE, &r);
	if (setuid(1000))
		say("setuid failed\n");
	try("limit 0: FIFO 1", SCHED_FIFO, 1);
	try("limit 0: RR 1", SCHED_RR, 1);
	limit(RLIMIT_RTPRIO, 20);
	try("limit 20: FIFO 21", SCHED_FIFO, 21);
	try("limit 20: FIFO 20", SCHED_FIFO, 20);
	try_param("limit 20: setparam 10", 10);
	try_param("limit 20: setparam 20", 20);
	try_param("limit 20: setparam 21", 21);
	try("limit 20: RR 15", SCHED_RR, 15);
	limit(RLIMIT_RTPRIO, 0);
	try_param("limit 0: setparam 5 (lower)", 5);
	try_param("limit 0: setparam 6 (raise)", 6);
	try("limit 0: FIFO 5 (policy change)", SCHED_FIFO, 5);
	try("limit 0: RR 5 (same policy and priority)", SCHED_RR, 5);
	try("limit 0: OTHER", SCHED_OTHER, 0);
	say("policy %ld\n", getscheduler(0));
	try("OTHER|RESET_ON_FORK", SCHED_OTHER | SCHED_RESET_ON_FORK, 0);
	try("OTHER without RESET_ON_FORK", SCHED_OTHER, 0);
	say("policy %#lx\n", getscheduler(0));
	try("IDLE|RESET_ON_FORK", SCHED_IDLE | SCHED_RESET_ON_FORK, 0);
	try("IDLE to OTHER, RLIMIT_NICE 0", SCHED_OTHER | SCHED_RESET_ON_FORK, 0);
	limit(RLIMIT_NICE, 20);
	try("IDLE to OTHER, RLIMIT_NICE 20", SCHED_OTHER | SCHED_RESET_ON_FORK, 0);
	say("policy %#lx\n", getscheduler(0));
	done();
	return 0;
}
