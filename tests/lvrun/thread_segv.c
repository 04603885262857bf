/*
 * thread_segv.c — a NULL store in a second thread kills the whole process
 * with SIGSEGV (status 139) while the main thread waits in pthread_join.
 * Used by test_lvrun.py.
 */
#include <pthread.h>
#include <unistd.h>

static void *crasher(void *arg)
{
	write(1, "thread about to fault\n", 22);
	*(volatile int *)0 = 1;
	return 0;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, crasher, 0);
	pthread_join(t, 0);
	write(1, "not reached\n", 12);
	return 0;
}
