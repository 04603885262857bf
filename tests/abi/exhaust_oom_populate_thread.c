/*
 * exhaust_oom_populate_thread.c — the OOM killer's victim dies even when
 * the thread that ran out of memory is inside a long system call: a
 * populate (MAP_POPULATE, then mlock) of more memory than the machine has
 * (1 GiB under the harness), in a second thread, the process pinned to one
 * CPU. Linux sends the fatal SIGKILL to every thread at once
 * (kernel/signal.c complete_signal) and the populate stops on it
 * (mm/gup.c __get_user_pages: fatal_signal_pending), so the process dies
 * with SIGKILL. LevitateOS gave the signal to the main thread alone, asleep
 * in pause(), which never got the CPU back from the populating thread: the
 * populate ran into the OOM killer again and again, forever (LTP's oom01,
 * mlock case).
 *
 * Each of the two ways runs in its own child, with oom_score_adj 1000 so
 * that it is the victim; then the memory comes back (MemAvailable above
 * 90 % of what it was) and the health probe passes.
 */
#define _GNU_SOURCE
#include "exhaust.h"
#include <pthread.h>
#include <sched.h>

#define CHUNK (256UL << 20)

static int use_mlock;

/* Populates 256 MiB chunks until killed: 4 GiB is more than the machine. */
static void *populate(void *arg)
{
	(void)arg;
	for (int i = 0; i < 16; i++) {
		int flags = MAP_PRIVATE | MAP_ANONYMOUS | (use_mlock ? 0 : MAP_POPULATE);
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, flags, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		if (use_mlock && mlock(p, CHUNK) != 0)
			_exit(3);
	}
	_exit(0);
}

static void run_child(void)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof one, &one) != 0)
		_exit(4);
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd < 0 || write(fd, "1000", 4) != 4)
		_exit(5);
	close(fd);
	pthread_t thread;
	if (pthread_create(&thread, NULL, populate, NULL) != 0)
		_exit(6);
	for (;;)
		pause();
}

static void one_way(const char *how, int mlock_it)
{
	long before = mem_available_kib();
	say("%s:\n", how);
	use_mlock = mlock_it;
	pid_t pid = fork();
	if (pid == 0)
		run_child();
	reap_and_say(pid);
	long after = mem_available_kib();
	yesno("memory came back", before > 0 && after > 0 && after * 10 >= before * 9);
}

int main(void)
{
	one_way("MAP_POPULATE", 0);
	one_way("mlock", 1);
	health_probe();
	done();
	return 0;
}
