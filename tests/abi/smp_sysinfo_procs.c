/*
 * smp_sysinfo_procs.c — sysinfo(2)'s procs and /proc/loadavg's second
 * number count every thread in the system (Linux nr_threads, kernel/fork.c:
 * kernel threads included, the per-CPU idle tasks, pid 0, not), so both
 * equal the number of /proc/PID/task/TID entries. Run with two CPUs (two
 * idle tasks). Linux starts and stops kernel workers at any time, so each
 * comparison is retried until it is read with no change in between.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "lvtest.h"

static int count_threads_in_proc(void)
{
	int n = 0;
	DIR *proc = opendir("/proc");
	struct dirent *e;
	while (proc && (e = readdir(proc))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		char path[300];
		snprintf(path, sizeof(path), "/proc/%s/task", e->d_name);
		DIR *tasks = opendir(path);
		struct dirent *t;
		while (tasks && (t = readdir(tasks)))
			if (t->d_name[0] != '.')
				n++;
		if (tasks)
			closedir(tasks);
	}
	if (proc)
		closedir(proc);
	return n;
}

static int loadavg_total(void)
{
	char buf[128] = "";
	FILE *f = fopen("/proc/loadavg", "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		return -1;
	fclose(f);
	char *slash = strchr(buf, '/');
	return slash ? atoi(slash + 1) : -1;
}

static int sysinfo_procs(void)
{
	struct sysinfo si;
	return sysinfo(&si) == 0 ? si.procs : -1;
}

/* The thread count when sysinfo, /proc and /proc/loadavg agree, or -1. */
static int stable_count(void)
{
	for (int attempt = 0; attempt < 50; attempt++) {
		int before = sysinfo_procs();
		int in_proc = count_threads_in_proc();
		int in_loadavg = loadavg_total();
		int after = sysinfo_procs();
		if (before == after && before == in_proc && before == in_loadavg)
			return before;
	}
	return -1;
}

static int release_fds[2];

static void *blocked_thread(void *arg)
{
	char c;
	(void)arg;
	read(release_fds[0], &c, 1);
	return NULL;
}

int main(void)
{
	int first = stable_count();
	yesno("sysinfo procs, /proc tasks and loadavg agree", first > 0);
	pipe(release_fds);
	pthread_t threads[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&threads[i], NULL, blocked_thread, NULL);
	int with_threads = -1;
	for (int attempt = 0; attempt < 50 && with_threads < 0; attempt++) {
		int n = stable_count();
		if (n > 0 && n - first == 3)
			with_threads = n;
	}
	yesno("three threads count three more", with_threads > 0);
	write(release_fds[1], "xyz", 3);
	for (int i = 0; i < 3; i++)
		pthread_join(threads[i], NULL);
	done();
	return 0;
}
