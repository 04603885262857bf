/*
 * exit_from_thread.c — exit() in a second thread ends the whole process
 * (exit_group) with that status while the main thread is blocked in
 * pthread_join: the status is 5, and the main thread prints nothing more.
 */
#include <pthread.h>
#include <stdlib.h>

#include "lvtest.h"

static void *quitter(void *arg)
{
	done();
	exit(5);
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, quitter, 0);
	pthread_join(t, 0);
	say("main thread after join: must not be printed\n");
	return 0;
}
