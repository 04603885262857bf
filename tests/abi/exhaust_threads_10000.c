/*
 * exhaust_threads_10000.c — 10,000 threads at once in one process, then
 * kernel.threads-max reached (Linux kernel/fork.c: copy_process refuses a
 * new task with EAGAIN while nr_threads >= max_threads, root too;
 * sysctl_max_threads takes 1 to FUTEX_TID_MASK). Under the harness's 1 GiB
 * Linux's default threads-max is about 7,200 (set_max_threads), so it is
 * raised to 20,000 first. Each thread (a 128 KiB stack) counts itself and
 * waits on a futex; with all of them there /proc/self/status says
 * "Threads: 10001"; they are released and joined. Then threads-max is set
 * a few above the tasks alive now (/proc/loadavg's total): thread creation
 * stops with EAGAIN after at most that many. The limit is put back and the
 * kernel passes the health probe.
 */
#include "exhaust.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define N 10000
#define TM "/proc/sys/kernel/threads-max"
#define FUTEX_WAIT_OP 0
#define FUTEX_WAKE_OP 1

static int arrived, release;
static pthread_t threads[N];

static void *worker(void *arg)
{
	__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&release, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &release, FUTEX_WAIT_OP, 0, NULL, NULL, 0);
	return arg;
}

/* Up to max threads: how many were made, and the error that stopped them (0: none). */
static int make_threads(int max, int *err)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 128 * 1024);
	int made = 0;
	*err = 0;
	while (made < max && !(*err = pthread_create(&threads[made], &a, worker, NULL)))
		made++;
	pthread_attr_destroy(&a);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < made)
		sched_yield();
	return made;
}

static void release_and_join(int made)
{
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &release, FUTEX_WAKE_OP, 0x7fffffff, NULL, NULL, 0);
	for (int i = 0; i < made; i++)
		pthread_join(threads[i], NULL);
	release = 0;
	arrived = 0;
}

static void say_threads(const char *label)
{
	char text[4096];
	slurp_file("/proc/self/status", text, sizeof text);
	char *line = strstr(text, "Threads:");
	say("%s: %ld\n", label, line ? strtol(line + 8, NULL, 10) : -1L);
}

int main(void)
{
	char saved[32] = "";
	slurp_file(TM, saved, sizeof saved);
	expect_err("threads-max 0", write_sysctl(TM, "0"), errno, EINVAL);
	expect_err("threads-max 2^30", write_sysctl(TM, "1073741824"), errno, EINVAL);
	show_ret("threads-max 20000", write_sysctl(TM, "20000") > 0 ? 0 : -1, errno);

	int err;
	int made = make_threads(N, &err);
	say("threads made: %d%s%s\n", made, err ? ", then " : "", err ? errname(err) : "");
	say_threads("Threads with all of them waiting");
	release_and_join(made);
	say_threads("Threads after joining them");

	char loadavg[128] = "";
	slurp_file("/proc/loadavg", loadavg, sizeof loadavg);
	char *slash = strchr(loadavg, '/');
	long total = slash ? strtol(slash + 1, NULL, 10) : 0;
	char limit[32];
	snprintf(limit, sizeof limit, "%ld", total + 5);
	show_ret("threads-max: 5 above the tasks alive", write_sysctl(TM, limit) > 0 ? 0 : -1, errno);
	made = make_threads(100, &err);
	yesno("stopped with EAGAIN after 1 to 5 threads", err == EAGAIN && made >= 1 && made <= 5);
	release_and_join(made);
	saved[strcspn(saved, "\n")] = '\0';
	show_ret("threads-max back", write_sysctl(TM, saved) > 0 ? 0 : -1, errno);
	health_probe();
	done();
	return 0;
}
