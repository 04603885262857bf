/*
 * memory.c — the kernels' memory footprint under the same QEMU -m.
 *
 *   boot_mem_available_kib  MemAvailable from /proc/meminfo when this runs,
 *                           right after boot (run.py runs it first after
 *                           hello); higher is better, informational
 *   kernel_mem_at_boot_kib  guest RAM (argv[1] MiB, run.py passes its -m)
 *                           minus MemAvailable: what the kernel, its image,
 *                           the initramfs and the running programs hold
 *   mem_per_process_kib     MemFree drop per extra process: N children,
 *                           forked and each blocked in read(2) on a pipe
 *                           after saying it is ready; includes the pages the
 *                           child's first writes copy (its stack), as on
 *                           both kernels
 *   mem_per_thread_kib      the same for N threads (64 KiB stacks) of this
 *                           process, each blocked in read(2)
 * Linux frees some memory late (RCU, per-CPU page lists), so the program
 * waits 0.3 s before each "before" reading; MemFree is still only as
 * exact as those lists let it be (a few hundred KiB over N = 200).
 *
 * Output: "RESULT <metric> <KiB>" (or NA), then "done".
 */
#include "bench.h"
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 200

/* The value of "key" (e.g. "MemFree:") in /proc/meminfo, in KiB, or -1. */
static long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return v;
}

static int ready[2], release[2];

static void wait_release(void)
{
	char c;
	(void)!write(ready[1], "r", 1);
	(void)!read(release[0], &c, 1); /* EOF when the parent closes its end */
}

static void *thread_main(void *arg)
{
	(void)arg;
	wait_release();
	return NULL;
}

/* Starts n processes or threads that block; returns how many started. */
static int start(int n, bool threads, pthread_t *tids)
{
	int i;
	for (i = 0; i < n; i++) {
		if (threads) {
			pthread_attr_t attr;
			pthread_attr_init(&attr);
			pthread_attr_setstacksize(&attr, 64 * 1024);
			int err = pthread_create(&tids[i], &attr, thread_main, NULL);
			pthread_attr_destroy(&attr);
			if (err)
				break;
		} else {
			pid_t pid = fork();
			if (pid < 0)
				break;
			if (pid == 0) {
				close(release[1]);
				wait_release();
				_exit(0);
			}
		}
	}
	for (int j = 0; j < i; j++) { /* each one is blocked once it said so */
		char c;
		if (read(ready[0], &c, 1) != 1)
			break;
	}
	return i;
}

static void per_unit(bool threads, const char *metric)
{
	static pthread_t tids[N];
	if (pipe(ready) != 0 || pipe(release) != 0) {
		printf("pipe: %s\n", errno_name(errno));
		exit(1);
	}
	usleep(300000); /* let deferred frees (Linux: RCU, per-CPU page lists) settle */
	long before = meminfo("MemFree:");
	int n = start(N, threads, tids);
	long after = meminfo("MemFree:");
	close(release[1]);
	for (int i = 0; i < n; i++) {
		if (threads)
			pthread_join(tids[i], NULL);
		else
			wait(NULL);
	}
	close(release[0]);
	close(ready[0]);
	close(ready[1]);
	if (before < 0 || after < 0)
		not_available(metric, "no MemFree in /proc/meminfo");
	else if (n < N)
		not_available(metric, "only %d of %d %s started", n, N, threads ? "threads" : "processes");
	else
		result(metric, (double)(before - after) / N);
}

int main(int argc, char **argv)
{
	long ram_kib = (argc > 1 ? atol(argv[1]) : 1024) * 1024;
	long avail = meminfo("MemAvailable:");
	if (avail < 0) {
		not_available("boot_mem_available_kib", "no MemAvailable in /proc/meminfo");
		not_available("kernel_mem_at_boot_kib", "no MemAvailable in /proc/meminfo");
	} else {
		result("boot_mem_available_kib", (double)avail);
		result("kernel_mem_at_boot_kib", (double)(ram_kib - avail));
	}
	per_unit(true, "mem_per_thread_kib"); /* threads first: no exited processes still being freed */
	per_unit(false, "mem_per_process_kib");
	bench_done();
	return 0;
}
