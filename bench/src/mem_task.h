/*
 * mem_task.h — kernel memory per process (mem_per_process.c) and per thread
 * (mem_per_thread.c): the MemFree drop per extra unit.
 *
 *   mem_per_process_kib  N forked children, each blocked in read(2) on a
 *                        pipe after saying it is ready; includes the pages
 *                        the child's first writes copy (its stack), on both
 *                        kernels
 *   mem_per_thread_kib   the same for N threads (64 KiB stacks)
 *
 * Freed kernel objects stay cached (Linux: slab free lists, per-CPU page
 * lists, cached kernel stacks; LevitateOS: kmalloc's slab pages), and a new
 * task reuses them without taking free pages: measured after other
 * programs have run and exited, a process or thread costs what the caches
 * already hold, close to nothing. So each of the two programs runs in a
 * boot of its own (run.py OWN_BOOT, without the data files: Linux frees
 * its initramfs after boot) and measures once. The first reading waits 1 s
 * and the second 0.3 s for Linux's deferred frees (boot's own, RCU) to
 * settle. N stays below LevitateOS's 255-process limit of today.
 *
 * Output: "RESULT <metric> <KiB>" (or NA), then "done".
 */
#pragma once

#include "bench.h"
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 200

static long mem_free_kib(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "MemFree:", 8) == 0)
			v = strtol(line + 8, NULL, 10);
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

/* One measurement: KiB per unit, or -1 (with *started < N) on failure. */
static double measure(bool threads, int *started)
{
	static pthread_t tids[N];
	if (pipe(ready) != 0 || pipe(release) != 0) {
		printf("pipe: %s\n", errno_name(errno));
		exit(1);
	}
	usleep(1000000); /* boot's last frees (Linux: the initramfs, RCU) */
	long before = mem_free_kib();
	int n = start(N, threads, tids);
	usleep(300000);
	long after = mem_free_kib();
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
	*started = n;
	if (before < 0 || after < 0 || n < N)
		return -1;
	return (double)(before - after) / N;
}

static void per_unit(bool threads, const char *metric)
{
	int n;
	double kib = measure(threads, &n);
	if (kib >= 0)
		result(metric, kib);
	else if (n < N)
		not_available(metric, "only %d of %d %s started", n, N, threads ? "threads" : "processes");
	else
		not_available(metric, "no MemFree in /proc/meminfo");
}
