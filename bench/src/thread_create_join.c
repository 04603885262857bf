/*
 * thread_create_join.c — the cost of a thread's whole life: pthread_create
 * of a thread that returns at once, then pthread_join, on four CPUs
 * (bench/run.py boots it with -smp 4 on both kernels, so the new thread
 * may start on another CPU: clone, placement, the wake-up of the joiner
 * through the CLONE_CHILD_CLEARTID futex, and the stack's reuse by the C
 * library all count).
 *
 * Output: "RESULT thread_create_join_us <median of ROUNDS pairs>", then
 * "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE */

#include <pthread.h>

#define ROUNDS 300

static void *nothing(void *arg)
{
	return arg;
}

int main(void)
{
	static double us[ROUNDS];
	for (int i = 0; i < ROUNDS; i++) {
		pthread_t th;
		double start = now_ns();
		if (pthread_create(&th, 0, nothing, 0) != 0 || pthread_join(th, 0) != 0) {
			printf("pthread_create or pthread_join failed\n");
			return 1;
		}
		us[i] = (now_ns() - start) / 1e3;
	}
	result("thread_create_join_us", median(us, ROUNDS));
	printf("done\n");
	return 0;
}
