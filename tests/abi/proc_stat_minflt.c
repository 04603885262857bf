/* proc_stat_minflt: /proc/PID/stat's minflt (field 10) is the page faults of
 * the whole process, its live and exited threads, and cminflt (field 11)
 * those of its reaped children (Linux fs/proc/array.c do_task_stat, whole:
 * sig->min_flt plus each thread's min_flt; sig->cmin_flt); task/TID/stat's
 * minflt is that thread's own. Relations only, never exact counts: touching
 * PAGES fresh anonymous pages (1 MiB, too small for a transparent huge page)
 * grows the figure by at least PAGES and by less than PAGES + SLACK, and
 * getrusage(RUSAGE_SELF) read before and after brackets the file's figure. */
#include "minflt_test.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* Field 10 (minflt) or 11 (cminflt) of a stat file; -1 if unreadable. */
static long stat_field(const char *path, int field)
{
	char buf[1024];
	ssize_t n = slurp_file(path, buf, sizeof buf);
	if (n <= 0)
		return -1;
	char *p = strrchr(buf, ')'); /* the name may hold spaces and parentheses */
	if (!p)
		return -1;
	int at = 2; /* the field p stands on */
	while (at < field && (p = strchr(p + 1, ' ')))
		at++;
	return p ? strtol(p + 1, NULL, 10) : -1;
}

static long self_minflt(void)
{
	return stat_field("/proc/self/stat", 10);
}

static long rusage_minflt(int who)
{
	struct rusage ru;
	return getrusage(who, &ru) == 0 ? ru.ru_minflt : -1;
}

static void *thread_main(void *arg)
{
	long *growth = arg;
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%ld/stat", (long)syscall(SYS_gettid));
	long before = stat_field(path, 10);
	touch_fresh_pages();
	*growth = stat_field(path, 10) - before;
	return NULL;
}

int main(void)
{
	yesno("minflt readable", self_minflt() >= 0);
	say("cminflt before any child: %ld\n", stat_field("/proc/self/stat", 11));

	long before = self_minflt();
	touch_fresh_pages();
	show_growth("self", before, self_minflt());

	long r1 = rusage_minflt(RUSAGE_SELF);
	long s = self_minflt();
	long r2 = rusage_minflt(RUSAGE_SELF);
	yesno("getrusage before <= stat <= getrusage after", r1 <= s && s <= r2);

	long growth = 0;
	before = self_minflt();
	pthread_t th;
	pthread_create(&th, NULL, thread_main, &growth);
	pthread_join(th, NULL);
	show_growth("thread's task/TID/stat", 0, growth);
	/* the exited thread's faults stay the process's (Linux __exit_signal) */
	yesno("stat kept the exited thread's", self_minflt() - before >= PAGES);

	before = self_minflt();
	pid_t pid = fork();
	if (pid == 0) {
		touch_fresh_pages();
		_exit(0);
	}
	int status;
	yesno("reaped the child", waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	long cmin = stat_field("/proc/self/stat", 11);
	yesno("cminflt counts the child's", cmin >= PAGES);
	yesno("cminflt is getrusage's RUSAGE_CHILDREN", cmin == rusage_minflt(RUSAGE_CHILDREN));
	yesno("the child's faults are not the parent's", self_minflt() - before < SLACK);
	done();
	return 0;
}
