/* proc_stat_rt_fields: /proc/PID/stat's scheduling fields (Linux
 * fs/proc/array.c do_task_stat, proc_pid_stat(5)): priority (field 18:
 * 20 + nice for SCHED_OTHER, -1 - the real-time priority for FIFO/RR), nice
 * (19: kept while real-time), rt_priority (40) and policy (41), for a
 * process as SCHED_OTHER with nice 5, SCHED_FIFO 10, SCHED_RR 42 and
 * SCHED_BATCH; and the signal masks (31 pending, 32 blocked, 33 ignored,
 * 34 caught: their first 31 bits) with SIGUSR1 blocked and pending, signal
 * 40 blocked, SIGUSR2 and signal 41 ignored, SIGTERM caught, as status's
 * SigIgn and SigCgt show them whole. */
#include "rt_test.h"
#include <signal.h>
#include <sys/resource.h>

/* Prints the fields of /proc/self/stat named by want (numbers from 1). */
static void show(const char *label)
{
	static const int want[] = {18, 19, 31, 32, 33, 34, 40, 41};
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

static void on_term(int sig)
{
	(void)sig;
}

/* status's SigIgn and SigCgt lines. */
static void show_status(void)
{
	char buf[4096];
	if (slurp_file("/proc/self/status", buf, sizeof(buf)) <= 0)
		return;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "SigIgn:", 7) || !strncmp(line, "SigCgt:", 7))
			say("%s\n", line);
}

int main(void)
{
	signal(SIGUSR2, SIG_IGN);
	signal(41, SIG_IGN);
	signal(SIGTERM, on_term);
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
	show_status();
	done();
	return 0;
}
