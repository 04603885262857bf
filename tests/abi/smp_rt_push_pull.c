/* smp_rt_push_pull: with two CPUs, the highest real-time tasks run on as
 * many CPUs as there are (Linux kernel/sched/rt.c: select_task_rq_rt and
 * find_lowest_rq place a task where lower-priority work runs, pull_rt_task
 * takes a queued one to a CPU whose real-time task blocks).
 *  - push: CPU 0 runs us at FIFO 20, CPU 1 a SCHED_OTHER spinner; a FIFO
 *    child we fork goes to CPU 1 and runs while we spin;
 *  - pull: CPU 1 runs a FIFO 30 task, we run at FIFO 20 on CPU 0 and fork
 *    a child we set to FIFO 10 (no CPU runs anything lower: it waits
 *    behind us); when the FIFO 30 task blocks, CPU 1 takes the child.
 * Each waits for a flag in shared memory; deadlines only bound a failure. */
#include "rt_test.h"
#include <signal.h>

struct shared {
	volatile int spinner_up, high_up, high_block, child_cpu;
};

static struct shared *sh;

static void set_cpus(pid_t pid, int a, int b)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(a, &set);
	CPU_SET(b, &set);
	if (sched_setaffinity(pid, sizeof(set), &set))
		say("setaffinity failed\n");
}

static void set_policy(pid_t pid, int policy, int prio)
{
	struct sched_param p = {.sched_priority = prio};
	if (setscheduler(pid, policy, &p))
		say("setscheduler %d %d failed\n", policy, prio);
}

static int this_cpu(void)
{
	unsigned cpu = 99;
	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return (int)cpu;
}

/* Spins until *flag is nonzero or 5 s passed: whether it became nonzero. */
static int wait_flag(volatile int *flag)
{
	double end = now_s() + 5.0;
	while (!*flag && now_s() < end)
		;
	return *flag != 0;
}

/* A child that records the CPU it first runs on and exits. */
static pid_t fork_reporter(void)
{
	sh->child_cpu = 0;
	pid_t pid = fork();
	if (pid == 0) {
		sh->child_cpu = 1 + this_cpu();
		_exit(0);
	}
	return pid;
}

static void push(void)
{
	pid_t spinner = fork();
	if (spinner == 0) {
		for (;;)
			sh->spinner_up = 1;
	}
	set_cpus(spinner, 1, 1);
	wait_flag(&sh->spinner_up);
	set_cpus(0, 0, 1); /* we stay on CPU 0; the child may run on both */
	set_policy(0, SCHED_FIFO, 20);
	pid_t child = fork_reporter(); /* FIFO 20 too, allowed on both CPUs */
	yesno("push: the child ran while we spun", wait_flag(&sh->child_cpu));
	say("push: child's CPU %d\n", sh->child_cpu - 1);
	set_policy(0, SCHED_OTHER, 0);
	kill(spinner, SIGKILL);
	reap(spinner);
	reap(child);
}

static void pull(void)
{
	int fds[2];
	if (pipe(fds))
		return;
	pid_t high = fork();
	if (high == 0) {
		char c;
		sh->high_up = 1;
		while (!sh->high_block)
			;
		_exit(read(fds[0], &c, 1) == 1 ? 0 : 1); /* blocks: CPU 1 has no real-time task left */
	}
	set_cpus(high, 1, 1);
	set_policy(high, SCHED_FIFO, 30);
	wait_flag(&sh->high_up);
	set_cpus(0, 0, 1);
	set_policy(0, SCHED_FIFO, 20);
	pid_t child = fork_reporter();
	set_policy(child, SCHED_FIFO, 10);
	yesno("pull: the child waits while CPU 1 runs FIFO 30", sh->child_cpu == 0);
	sh->high_block = 1;
	yesno("pull: the child ran once that task blocked", wait_flag(&sh->child_cpu));
	say("pull: child's CPU %d\n", sh->child_cpu - 1);
	set_policy(0, SCHED_OTHER, 0);
	if (write(fds[1], "x", 1) != 1)
		say("write failed\n");
	reap(high);
	reap(child);
}

int main(void)
{
	sh = pin_and_share(); /* CPU 0 */
	if (!sh)
		return 1;
	push();
	set_cpus(0, 0, 0); /* back to CPU 0 */
	pull();
	done();
	return 0;
}
