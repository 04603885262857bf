/*
 * smp_affinity_getcpu.c — CPU affinity and getcpu on two CPUs (run_abi.py
 * boots smp_* tests with two): the affinity mask holds the online CPUs;
 * pinning the caller to one CPU moves it there before sched_setaffinity
 * returns (getcpu says so, on every CPU); threads and forked children
 * inherit the mask; another thread's mask can be set by tid and takes
 * effect when it next runs; masks with no online CPU are EINVAL; the CPU
 * count agrees between sched_getaffinity, sysconf(_SC_NPROCESSORS_ONLN),
 * /proc/cpuinfo and /proc/stat (sched(7), sched_setaffinity(2), getcpu(2)).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/wait.h>

#include "lvtest.h"

static unsigned cpu_now(void)
{
	unsigned cpu = 99, node = 99;
	if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0)
		return 98;
	return cpu;
}

static int pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int count_lines(const char *path, const char *prefix)
{
	static char buf[65536];
	if (slurp_file(path, buf, sizeof buf) < 0)
		return -1;
	int n = 0;
	size_t len = strlen(prefix);
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, prefix, len) == 0 && line[len] >= '0' && line[len] <= '9')
			n++;
	return n;
}

static void *thread_where(void *arg)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	say("thread: %d CPU(s) allowed, on CPU %u, CPU 1 allowed: %s\n", CPU_COUNT(&set), cpu_now(),
	    CPU_ISSET(1, &set) ? "yes" : "no");
	(void)arg;
	return 0;
}

/* The helper waits on a pipe while main changes its mask by tid. */
static int go[2];
static pid_t helper_tid;
static void *thread_moved(void *arg)
{
	(void)arg;
	__atomic_store_n(&helper_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	char c;
	if (read(go[0], &c, 1) != 1)
		return 0;
	sched_yield();
	say("helper after its mask became {0}: on CPU %u\n", cpu_now());
	return 0;
}

int main(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	long r = sched_getaffinity(0, sizeof(set), &set);
	int n = CPU_COUNT(&set);
	say("sched_getaffinity: %s, %d CPUs\n", r == 0 ? "ok" : "failed", n);
	say("sysconf(_SC_NPROCESSORS_ONLN): %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	say("/proc/cpuinfo processors: %d\n", count_lines("/proc/cpuinfo", "processor\t: "));
	say("/proc/stat cpuN lines: %d\n", count_lines("/proc/stat", "cpu"));

	for (int cpu = 0; cpu < n; cpu++) {
		int err = pin(cpu);
		unsigned where = cpu_now();
		cpu_set_t now;
		CPU_ZERO(&now);
		sched_getaffinity(0, sizeof(now), &now);
		say("pinned to CPU %d: %s, getcpu %u, mask has %d CPU(s)\n", cpu, err ? "failed" : "ok", where,
		    CPU_COUNT(&now));
		for (int i = 0; i < 1000; i++) /* stays there across syscalls */
			if (cpu_now() != (unsigned)cpu) {
				say("moved off CPU %d\n", cpu);
				break;
			}
	}

	/* pinned to CPU 1: a thread and a child inherit it */
	pin(1);
	pthread_t th;
	pthread_create(&th, 0, thread_where, 0);
	pthread_join(th, 0);
	pid_t child = fork();
	if (child == 0) {
		CPU_ZERO(&set);
		sched_getaffinity(0, sizeof(set), &set);
		say("child: %d CPU(s) allowed, on CPU %u\n", CPU_COUNT(&set), cpu_now());
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);

	/* another thread's mask, by tid */
	if (pipe(go) != 0)
		return 1;
	pthread_create(&th, 0, thread_moved, 0);
	while (!__atomic_load_n(&helper_tid, __ATOMIC_ACQUIRE))
		sched_yield();
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	say("set the helper's mask: %s\n", sched_setaffinity(helper_tid, sizeof(set), &set) == 0 ? "ok" : "failed");
	if (write(go[1], "x", 1) != 1)
		return 1;
	pthread_join(th, 0);

	/* masks with no online CPU */
	CPU_ZERO(&set);
	errno = 0;
	expect_err("empty mask", sched_setaffinity(0, sizeof(set), &set), errno, EINVAL);
	CPU_SET(7, &set);
	errno = 0;
	expect_err("mask of an offline CPU", sched_setaffinity(0, sizeof(set), &set), errno, EINVAL);
	errno = 0;
	expect_err("getaffinity with 4 bytes", syscall(SYS_sched_getaffinity, 0, 4, &set), errno, EINVAL);
	say("raw getaffinity returns: %ld\n", syscall(SYS_sched_getaffinity, 0, sizeof(set), &set));
	say("still on CPU %u\n", cpu_now());
	done();
	return 0;
}
