/* getrusage_maxrss_csw: ru_maxrss, ru_nvcsw, ru_nivcsw and ru_majflt as
 * Linux reports them (kernel/sys.c getrusage, kernel/exit.c
 * wait_task_zombie, fs/exec.c exec_mmap). Only relations are checked, never
 * exact figures:
 *  - ru_maxrss (KiB) is the most memory ever resident: it grows by about N
 *    KiB after N KiB of fresh pages are touched, does not shrink when they
 *    are unmapped, survives an execve (the process keeps the old program's
 *    high-water mark), and RUSAGE_CHILDREN's is the largest of the reaped
 *    children's, not their sum;
 *  - ru_nvcsw counts the times a task gave the CPU up to sleep (each
 *    nanosleep blocks once), per thread (RUSAGE_THREAD) and summed over the
 *    process with its exited threads; wait4 reports a child's;
 *  - ru_nivcsw counts the times a runnable task was switched away from: two
 *    processes pinned to one CPU, each spinning for CPU time, cannot both
 *    get it without one of them being preempted;
 *  - ru_majflt is 0: nothing here is read from a device. */
#include "lvtest.h"
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#define BIG_KIB (8 * 1024)   /* what the first child and the execed program touch */
#define SMALL_KIB (1 * 1024) /* what the second child touches */
#define SLEEPS 10
/* A sleep whose timer is already due when the sleeper reaches the scheduler
 * (the host paused the guest's CPU in between) switches nowhere, on Linux
 * too (__schedule counts only prev != next), so a loaded host loses some:
 * at least half of the sleeps must count. */
#define SLEEPS_COUNTED (SLEEPS / 2)

static struct rusage usage(int who)
{
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	if (getrusage(who, &ru) != 0) {
		say("getrusage(%d) failed: %s\n", who, errname(errno));
		exit(1);
	}
	return ru;
}

/* Maps kib KiB of fresh anonymous memory and writes to every page of it. */
static char *touch_kib(long kib)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, kib * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		say("mmap failed\n");
		exit(1);
	}
	for (long i = 0; i < kib * 1024; i += page)
		p[i] = 1;
	return p;
}

static void sleep_briefly(int times)
{
	for (int i = 0; i < times; i++) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void spin_cpu(double seconds)
{
	double start = cpu_seconds();
	while (cpu_seconds() - start < seconds)
		;
}

static void *thread_sleeps(void *arg)
{
	long *nvcsw = arg;
	long before = usage(RUSAGE_THREAD).ru_nvcsw;
	sleep_briefly(SLEEPS);
	*nvcsw = usage(RUSAGE_THREAD).ru_nvcsw - before;
	return NULL;
}

/* After execve: the process's maxrss still holds what the old program touched. */
static int after_exec(void)
{
	struct rusage ru = usage(RUSAGE_SELF);
	yesno("after execve maxrss keeps the old program's", ru.ru_maxrss >= BIG_KIB);
	return 0;
}

static pid_t child_touching(long kib)
{
	pid_t pid = fork();
	if (pid == 0) {
		touch_kib(kib);
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "after-exec") == 0)
		return after_exec();

	/* ---- ru_maxrss of the process ---- */
	struct rusage r0 = usage(RUSAGE_SELF);
	yesno("maxrss is positive", r0.ru_maxrss > 0);
	char *p = touch_kib(BIG_KIB);
	struct rusage r1 = usage(RUSAGE_SELF);
	yesno("maxrss grew by at least 3/4 of what was touched", r1.ru_maxrss - r0.ru_maxrss >= BIG_KIB * 3 / 4);
	munmap(p, BIG_KIB * 1024);
	struct rusage r2 = usage(RUSAGE_SELF);
	yesno("maxrss did not shrink after munmap", r2.ru_maxrss >= r1.ru_maxrss);
	yesno("RUSAGE_THREAD maxrss is the process's", usage(RUSAGE_THREAD).ru_maxrss >= r1.ru_maxrss);
	yesno("majflt is 0", r2.ru_majflt == 0);

	/* ---- children: the largest, not the sum ---- */
	yesno("no child reaped: children maxrss 0", usage(RUSAGE_CHILDREN).ru_maxrss == 0);
	int status;
	struct rusage big, small;
	pid_t pid = child_touching(BIG_KIB);
	yesno("wait4 reaped the big child", wait4(pid, &status, 0, &big) == pid && WIFEXITED(status));
	yesno("wait4 maxrss at least what the big child touched", big.ru_maxrss >= BIG_KIB);
	yesno("children maxrss is the big child's", usage(RUSAGE_CHILDREN).ru_maxrss == big.ru_maxrss);
	pid = child_touching(SMALL_KIB);
	yesno("wait4 reaped the small child", wait4(pid, &status, 0, &small) == pid && WIFEXITED(status));
	yesno("the small child's maxrss is smaller", small.ru_maxrss < big.ru_maxrss);
	yesno("children maxrss is still the big child's", usage(RUSAGE_CHILDREN).ru_maxrss == big.ru_maxrss);

	/* ---- execve keeps the old program's high-water mark ---- */
	pid = fork();
	if (pid == 0) {
		touch_kib(BIG_KIB);
		execl("/proc/self/exe", argv[0], "after-exec", (char *)NULL);
		say("execl failed: %s\n", errname(errno));
		_exit(1);
	}
	yesno("the execing child exited 0",
	      waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* ---- ru_nvcsw: each sleep is a voluntary switch ---- */
	long before = usage(RUSAGE_SELF).ru_nvcsw;
	sleep_briefly(SLEEPS);
	yesno("self nvcsw grew by the sleeps", usage(RUSAGE_SELF).ru_nvcsw - before >= SLEEPS_COUNTED);
	long thread_nvcsw = 0;
	before = usage(RUSAGE_SELF).ru_nvcsw;
	pthread_t th;
	pthread_create(&th, NULL, thread_sleeps, &thread_nvcsw);
	pthread_join(th, NULL);
	yesno("thread nvcsw grew by its sleeps", thread_nvcsw >= SLEEPS_COUNTED);
	yesno("self kept the exited thread's", usage(RUSAGE_SELF).ru_nvcsw - before >= SLEEPS_COUNTED);
	pid = fork();
	if (pid == 0) {
		sleep_briefly(SLEEPS);
		_exit(0);
	}
	struct rusage child;
	yesno("wait4 reaped the sleeping child", wait4(pid, &status, 0, &child) == pid);
	yesno("wait4 nvcsw counts the child's sleeps", child.ru_nvcsw >= SLEEPS_COUNTED);

	/* ---- ru_nivcsw: two spinners on one CPU ---- */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	yesno("pinned to CPU 0", sched_setaffinity(0, sizeof(one), &one) == 0);
	before = usage(RUSAGE_SELF).ru_nivcsw;
	pid = fork(); /* inherits the affinity */
	if (pid == 0) {
		spin_cpu(0.05);
		_exit(0);
	}
	spin_cpu(0.05);
	yesno("self nivcsw grew while sharing the CPU", usage(RUSAGE_SELF).ru_nivcsw - before >= 1);
	yesno("reaped the spinning child", waitpid(pid, &status, 0) == pid);
	done();
	return 0;
}
