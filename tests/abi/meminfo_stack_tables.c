/* meminfo_stack_tables: /proc/meminfo's KernelStack and PageTables follow
 * the tasks and address spaces there are (Linux fs/proc/meminfo.c:
 * NR_KERNEL_STACK_KB, NR_PAGETABLE). 64 children blocked in read add at
 * least 8 KiB of kernel stack each (16 KiB on Linux) and give it back once
 * reaped; a child that touches one byte in each of 256 separate 2 MiB
 * stretches adds 256 last-level tables (4 KiB each, 1 MiB), freed when it
 * is reaped. Linux's counters are per-CPU counts folded in batches (vmstat
 * thresholds, up to about a hundred units each), so the comparisons leave
 * a quarter of the expected change as slack. Prints only comparisons; one
 * CPU, so a reaped child has left its stack. */
#include "lvtest.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define CHILDREN 64
#define STRETCHES 256
#define SPAN (2UL << 20)

static long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static void reap(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
}

int main(void)
{
	int ready[2], release[2];
	if (pipe(ready) || pipe(release))
		return 1;
	long stack0 = meminfo("KernelStack"), tables0 = meminfo("PageTables");
	say("KernelStack and PageTables present: %s\n", stack0 >= 0 && tables0 >= 0 ? "yes" : "no");
	pid_t pids[CHILDREN];
	for (int i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char c;
			close(release[1]);
			(void)!write(ready[1], "r", 1);
			(void)!read(release[0], &c, 1);
			_exit(0);
		}
		char c;
		(void)!read(ready[0], &c, 1);
	}
	long stack1 = meminfo("KernelStack");
	say("KernelStack grew by at least 6 KiB a child: %s\n", stack1 - stack0 >= 6L * CHILDREN ? "yes" : "no");
	close(release[1]);
	reap(pids, CHILDREN);
	long stack2 = meminfo("KernelStack");
	say("KernelStack back within 2 KiB a child once they are reaped: %s\n",
	    labs(stack2 - stack0) <= 2L * CHILDREN ? "yes" : "no");

	long before = meminfo("PageTables");
	int report[2];
	if (pipe(report))
		return 1;
	pid_t toucher = fork();
	if (toucher == 0) {
		char *m = mmap(NULL, (STRETCHES + 1) * SPAN, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (m == MAP_FAILED)
			_exit(1);
		char *base = (char *)(((unsigned long)m + SPAN - 1) & ~(SPAN - 1));
		for (int i = 0; i < STRETCHES; i++)
			base[(unsigned long)i * SPAN] = 1;
		long now = meminfo("PageTables");
		(void)!write(report[1], &now, sizeof(now));
		pause(); /* until killed: its tables stay while it lives */
		_exit(0);
	}
	long during = -1;
	(void)!read(report[0], &during, sizeof(during));
	say("PageTables grew by at least 3 KiB per 2 MiB touched: %s\n",
	    during - before >= 3L * STRETCHES ? "yes" : "no");
	kill(toucher, SIGKILL);
	reap(&toucher, 1);
	long after = meminfo("PageTables");
	say("PageTables back within 1 KiB per 2 MiB touched once it is reaped: %s\n",
	    labs(after - before) <= 1L * STRETCHES ? "yes" : "no");
	done();
	return 0;
}
