/* sched_rt_throttle: a SCHED_FIFO busy loop cannot starve the rest of its
 * CPU for good: real-time tasks get at most sched_rt_runtime_us (950 ms)
 * of every sched_rt_period_us (1 s), so a SCHED_OTHER task pinned to the
 * same CPU runs within about a second (Linux kernel/sched/rt.c
 * sched_rt_runtime_exceeded; newer kernels' fair server gives the same).
 * The spinner watches a flag in shared memory that the fair task sets; its
 * deadline only bounds a failure. */
#include "rt_test.h"

int main(void)
{
	volatile int *flag = pin_and_share();
	if (!flag)
		return 1;
	struct sched_param p = {.sched_priority = 10};
	setscheduler(0, SCHED_FIFO, &p);
	pid_t c = fork();
	if (c == 0) { /* runs only once we are throttled */
		*flag = 1;
		_exit(0);
	}
	struct sched_param other = {.sched_priority = 0};
	setscheduler(c, SCHED_OTHER, &other);
	/* within about 1 s; 20 s leaves room for a loaded host */
	double end = now_s() + 20.0;
	while (!*flag && now_s() < end)
		;
	yesno("the fair task ran while the FIFO task spun", *flag);
	p.sched_priority = 0;
	setscheduler(0, SCHED_OTHER, &p);
	int st;
	waitpid(c, &st, 0);
	done();
	return 0;
}
