/* sched_rr_slice: on one CPU, a SCHED_RR task that never blocks gives the
 * CPU to the next task of its priority when its time slice (100 ms on
 * Linux, sched_rr_get_interval) is over; a SCHED_FIFO task does not (Linux
 * kernel/sched/rt.c task_tick_rt). The spinner watches a flag in shared
 * memory that the waiting task sets; its deadline only bounds a failure. */
#include "rt_test.h"

static volatile int *flag;

/* Spins at policy 10 until the queued task behind us (same priority) has
 * run, or for limit seconds: whether it ran. */
static int other_ran_while_spinning(int policy, double limit)
{
	struct sched_param p = {.sched_priority = 10};
	setscheduler(0, policy, &p);
	*flag = 0;
	pid_t c = fork();
	if (c == 0) {
		*flag = 1;
		_exit(0);
	}
	double end = now_s() + limit;
	while (!*flag && now_s() < end)
		;
	int ran = *flag;
	p.sched_priority = 0;
	setscheduler(0, SCHED_OTHER, &p); /* now the child may run */
	int st;
	waitpid(c, &st, 0);
	return ran;
}

int main(void)
{
	flag = pin_and_share();
	if (!flag)
		return 1;
	yesno("RR: the other task ran while we spun", other_ran_while_spinning(SCHED_RR, 5.0));
	yesno("FIFO: the other task ran during 300 ms of spinning", other_ran_while_spinning(SCHED_FIFO, 0.3));
	done();
	return 0;
}
