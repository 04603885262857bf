/*
 * smp_stat_processor.c — /proc/PID/stat field 39 (processor: the CPU the
 * task last ran on, fs/proc/array.c do_task_stat's task_cpu) on two CPUs.
 * Only deterministic cases are printed: a task pinned with
 * sched_setaffinity to one CPU reads that CPU in its own stat and its
 * thread's task/TID/stat, for CPU 1 and then CPU 0; a child pinned to CPU
 * 1 that waits on a pipe shows 1 to its parent (proc(5), "processor").
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/wait.h>

#include "lvtest.h"

static int pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Field 39 of a stat file, or -1. The comm (field 2) ends at the last ')'. */
static int stat_processor(const char *path)
{
	char buf[1024];
	if (slurp_file(path, buf, sizeof buf) < 0)
		return -1;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	int field = 2;
	while (*p && field < 39) {
		if (*p == ' ')
			field++;
		p++;
	}
	return field == 39 ? atoi(p) : -1;
}

int main(void)
{
	char path[64];
	for (int cpu = 1; cpu >= 0; cpu--) {
		check("pin", pin(cpu) == 0);
		say("pinned to %d: /proc/self/stat processor %d\n", cpu, stat_processor("/proc/self/stat"));
		snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)gettid());
		say("pinned to %d: task stat processor %d\n", cpu, stat_processor(path));
	}

	int ready[2], release[2];
	check("pipes", pipe(ready) == 0 && pipe(release) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		char c = 'r';
		if (pin(1) != 0)
			_exit(1);
		if (write(ready[1], &c, 1) != 1 || read(release[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	char c;
	check("child ready", read(ready[0], &c, 1) == 1);
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	say("child pinned to 1, asleep: processor %d\n", stat_processor(path));
	check("release", write(release[1], "x", 1) == 1);
	int status;
	check("wait", waitpid(pid, &status, 0) == pid);
	say("child exit status %d\n", WEXITSTATUS(status));
	say("done\n");
	return 0;
}
