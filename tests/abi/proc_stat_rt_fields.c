/* proc_stat_rt_fields: /proc/PID/stat's scheduling fields (Linux
 * fs/proc/array.c do_task_stat, proc_pid_stat(5)): priority (field 18:
 * 20 + nice for SCHED_OTHER, -1 - the real-time priority for FIFO/RR), nice
 * (19: kept while real-time), rt_priority (40) and policy (41), for a
 * process as SCHED_OTHER with nice 5, SCHED_FIFO 10, SCHED_RR 42 and
 * SCHED_BATCH; and the signal masks (31 pending, 32 blocked: their first 31
 * bits) with SIGUSR1 blocked and pending, and signal 40 blocked. */
#include "rt_test.h"
#include <signal.h>
#include <sys/resource.h>

/* Prints the fields of /proc/self/stat named by want (numbers from 1). */
static void show(const char *label)
{
	static const int want[] = {18, 19, 31, 32, 40, 41};
	char buf[1024];
	if (slurp_file("/proc/self/stat", buf, sizeof(buf)) <= 0)
		return;
	char *p = strrchr(buf, ')'); /* field 2 ends there; field 3 follows */
	int field = 2;
	say("%s:", label);
	for (char *tok = strtok(p + 1, " \n"); tok; tok = strtok(NULL, " \n")) {
		field++;
		for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (field == want[i])
				say(" f%d=%s", field, tok);
	}
	say("\n");
}

int main(void)
{
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigaddset(&usr1, 40);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	if (setpriority(PRIO_PROCESS, 0, 5))
		say("setpriority failed\n");
	show("OTHER nice 5");
	struct sched_param p = {.sched_priority = 10};
	setscheduler(0, SCHED_FIFO, &p);
	show("FIFO 10");
	p.sched_priority = 42;
	setscheduler(0, SCHED_RR, &p);
	show("RR 42");
	p.sched_priority = 0;
	setscheduler(0, SCHED_BATCH, &p);
	show("BATCH");
	setscheduler(0, SCHED_OTHER, &p);
	done();
	return 0;
}
