/* cputime_user_loop_utime: a process that spins in user mode is charged
 * user time, not system time (kernel/sched/cputime.c: tick samples split
 * the precise run time). After 300 ms of CPU in a loop without system
 * calls, getrusage, times and /proc/self/stat all show more user than
 * system time, and getrusage's user + system time is the CPU clock's
 * reading (cputime_adjust makes their sum the run time; Linux's may lag
 * by the part of the running slice not yet accounted, so within 20 ms). */
#include "lvtest.h"
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

static long long cpu_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long tv_ns(struct timeval tv)
{
	return (long long)tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

/* Fields 14 and 15 of /proc/self/stat (utime, stime in clock ticks). */
static int stat_times(unsigned long *utime, unsigned long *stime)
{
	char buf[1024];
	if (slurp_file("/proc/self/stat", buf, sizeof buf) <= 0)
		return -1;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	/* after ") ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime */
	return sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", utime, stime) == 2 ? 0 : -1;
}

int main(void)
{
	/* spin in user mode: only the clock reads, a system call every million
	 * iterations (no vDSO serves the CPU-time clocks on Linux) */
	volatile unsigned long sink = 0;
	while (cpu_ns() < 300000000LL)
		for (int i = 0; i < 1000000; i++)
			sink += (unsigned long)i;

	long long before = cpu_ns();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	long long after = cpu_ns();
	long long ut = tv_ns(ru.ru_utime), st = tv_ns(ru.ru_stime);
	yesno("getrusage: utime > stime", ut > st);
	yesno("getrusage: utime >= 150 ms", ut >= 150000000LL);
	long long sum = ut + st;
	yesno("getrusage: utime + stime is the CPU clock (20 ms)", sum >= before - 20000000LL && sum <= after);

	struct tms tm;
	times(&tm);
	yesno("times: tms_utime > tms_stime", tm.tms_utime > tm.tms_stime);
	yesno("times: no children yet", tm.tms_cutime == 0 && tm.tms_cstime == 0);

	unsigned long su, ss;
	if (stat_times(&su, &ss) == 0)
		yesno("/proc/self/stat: utime > stime", su > ss);
	else
		say("/proc/self/stat: unreadable\n");

	struct rusage again;
	getrusage(RUSAGE_SELF, &again);
	yesno("monotonic", tv_ns(again.ru_utime) >= ut && tv_ns(again.ru_stime) >= st);
	getrusage(RUSAGE_THREAD, &again);
	yesno("RUSAGE_THREAD: utime > stime", tv_ns(again.ru_utime) > tv_ns(again.ru_stime));
	done();
	return (int)(sink & 0);
}
