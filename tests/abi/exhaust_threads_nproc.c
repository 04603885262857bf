/*
 * exhaust_threads_nproc.c — threads until EAGAIN: RLIMIT_NPROC counts
 * threads too (Linux kernel/fork.c copy_process counts every task of the
 * real uid), so as uid 1000 with the limit at 100, pthread_create succeeds
 * 99 times and then returns EAGAIN. The threads wait on a futex-backed
 * barrier (a pipe), are released, joined, and a new thread can be made
 * again; the kernel passes the health probe.
 */
#include "exhaust.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define LIMIT 100

static int gate[2];

static void *waiter(void *arg)
{
	char c;
	while (read(gate[0], &c, 1) > 0)
		;
	return arg;
}

static void *nothing(void *arg)
{
	return arg;
}

int main(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = {LIMIT, LIMIT};
		if (setrlimit(RLIMIT_NPROC, &rl) || syscall(SYS_setresuid, 1000, 1000, 1000) || pipe(gate))
			_exit(2);
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 64 * 1024);
		static pthread_t threads[LIMIT + 10];
		int made = 0, err = 0;
		while (made < LIMIT + 10) {
			err = pthread_create(&threads[made], &attr, waiter, NULL);
			if (err)
				break;
			made++;
		}
		say("threads made: %d, then: %s\n", made, errname(err));
		close(gate[1]);
		for (int i = 0; i < made; i++)
			pthread_join(threads[i], NULL);
		pthread_t again;
		err = pthread_create(&again, &attr, nothing, NULL);
		say("after joining them: %s\n", err ? errname(err) : "a thread is made again");
		if (!err)
			pthread_join(again, NULL);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("exit status: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	health_probe();
	done();
	return 0;
}
