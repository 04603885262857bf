/* sched_test.h: struct sched_attr as sched_setattr/sched_getattr take it
 * (SCHED_ATTR_SIZE_VER1, include/uapi/linux/sched/types.h), for the
 * sched_* tests. */
#ifndef SCHED_TEST_H
#define SCHED_TEST_H

struct attr {
	unsigned size, policy;
	unsigned long long flags;
	int nice;
	unsigned prio;
	unsigned long long runtime, deadline, period;
	unsigned umin, umax;
};

#endif
