/* getrusage_minflt: ru_minflt counts the page faults a task handled (Linux
 * mm_account_fault adds each to current->min_flt; getrusage(2) sums a
 * process's live and exited threads, RUSAGE_CHILDREN what wait reaped,
 * kernel/exit.c wait_task_zombie). Each part touches fresh anonymous pages
 * of a 1 MiB mapping (too small for a transparent huge page, so one fault
 * per page on Linux too) and checks the count grew by at least that many
 * and not by much more. A new process has reaped no children: 0. */
#include "minflt_test.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>

static long minflt(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) != 0)
		return -1;
	return ru.ru_minflt;
}

static void *thread_main(void *arg)
{
	long *growth = arg;
	long before = minflt(RUSAGE_THREAD);
	touch_fresh_pages();
	*growth = minflt(RUSAGE_THREAD) - before;
	return NULL;
}

int main(void)
{
	say("children before any: %ld\n", minflt(RUSAGE_CHILDREN));

	long before = minflt(RUSAGE_SELF);
	touch_fresh_pages();
	show_growth("self", before, minflt(RUSAGE_SELF));

	long growth = 0;
	before = minflt(RUSAGE_SELF);
	pthread_t th;
	pthread_create(&th, NULL, thread_main, &growth);
	pthread_join(th, NULL);
	show_growth("thread", 0, growth);
	/* the exited thread's faults stay the process's (Linux __exit_signal) */
	yesno("self kept the exited thread's", minflt(RUSAGE_SELF) - before >= PAGES);

	pid_t pid = fork();
	if (pid == 0) {
		touch_fresh_pages();
		_exit(0);
	}
	int status;
	struct rusage ru;
	pid_t got = wait4(pid, &status, 0, &ru);
	yesno("wait4 reaped the child", got == pid && WIFEXITED(status));
	yesno("wait4's ru_minflt counts the child's", ru.ru_minflt >= PAGES);
	yesno("children counts the child's", minflt(RUSAGE_CHILDREN) >= PAGES);
	yesno("children is what wait4 reported", minflt(RUSAGE_CHILDREN) == ru.ru_minflt);
	done();
	return 0;
}
