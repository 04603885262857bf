/*
 * bench.h — helpers shared by the benchmark programs (header-only).
 *
 * Output protocol (bench/run.py, bench/README.md):
 *   RESULT <metric> <number>   one measurement; the unit ends the name
 *                              (_ns, _us, _ms, _kib: lower is better;
 *                              _mbps: higher is better)
 *   NA <metric> <reason...>    the metric cannot be measured on this kernel
 *                              (a missing feature): shown as "n/a (reason)"
 *   done                       last line; exit status 0
 */
#pragma once

#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of n values (sorts them). */
static inline double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof v[0], bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define BENCH_MAX_COUNTS 4 /* bench_interleaved: the most thread counts */
#define BENCH_MAX_REPS 16  /* and repetitions */

/*
 * Scaling measurements (cpu_scaling.c, smp_fork_wait.c): run(c) measures
 * one run with c threads and returns its time. Each of the n counts is
 * measured reps times, interleaved (counts in order, then reversed, ...)
 * after one unmeasured run(counts[0]) (the first runs after boot fill the
 * kernel's caches); med[i] is the median time for counts[i], speedup[i]
 * the median over the repetitions of counts[0]'s time over counts[i]'s
 * in the same repetition (a second apart). Until 5 December each program
 * took the best of three runs of each count in turn: whatever slowed the
 * shared host or the fresh kernel for a second landed on one count only
 * (bench/README.md).
 */
static inline void bench_interleaved(double (*run)(int), const int *counts, int n, int reps, double *med,
				     double *speedup)
{
	double t[BENCH_MAX_COUNTS][BENCH_MAX_REPS], ratio[BENCH_MAX_COUNTS][BENCH_MAX_REPS];
	run(counts[0]);
	for (int r = 0; r < reps; r++) {
		for (int k = 0; k < n; k++) {
			int i = r % 2 ? n - 1 - k : k;
			t[i][r] = run(counts[i]);
		}
		for (int i = 0; i < n; i++)
			ratio[i][r] = t[0][r] / t[i][r];
	}
	for (int i = 0; i < n; i++) {
		med[i] = median(t[i], reps);
		speedup[i] = median(ratio[i], reps);
	}
}

static inline void result(const char *metric, double value)
{
	printf("RESULT %s %.1f\n", metric, value);
	fflush(stdout);
}

/* Reports that metric cannot be measured here, with a reason such as
 * "open /tmp/x: EROFS"; the program goes on with the other metrics. */
static inline void not_available(const char *metric, const char *fmt, ...)
{
	va_list ap;
	printf("NA %s ", metric);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* The symbolic name of an errno value (strerrorname_np is glibc 2.32+). */
static inline const char *errno_name(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "E?";
}

/*
 * Runs path with argv and envp in a child (in dir unless NULL; stdout, and
 * stderr when quiet, to /dev/null) and waits for it: 0 when it exec'd and
 * exited 0, else a positive errno (fork, exec, chdir) or, for a bad exit
 * status, -status.
 */
static inline int bench_spawn_wait(const char *dir, const char *path, char *const argv[], char *const envp[],
				   bool quiet)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return errno;
	pid_t pid = fork();
	if (pid < 0)
		return errno;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			if (quiet)
				dup2(null, 2);
		}
		if (!dir || chdir(dir) == 0)
			execve(path, argv, envp);
		int err = errno;
		(void)!write(pfd[1], &err, sizeof err);
		_exit(127);
	}
	close(pfd[1]);
	int exec_err = 0, status = 0;
	if (read(pfd[0], &exec_err, sizeof exec_err) != sizeof exec_err)
		exec_err = 0; /* EOF: the exec closed the pipe */
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return errno;
	if (exec_err)
		return exec_err;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -status;
}

static inline void bench_done(void)
{
	printf("done\n");
	fflush(stdout);
}
