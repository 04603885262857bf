/*
 * pthread_basic.c — threads as the C libraries make them (clone with
 * CLONE_THREAD|CLONE_SETTLS|CLONE_CHILD_CLEARTID..., futex wait/wake):
 * four threads add to a counter under a mutex, each has its own
 * thread-local storage and tid, a condition variable hands a token round,
 * pthread_join returns each thread's result, and getpid() is the same in
 * every thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static __thread long tls_value = 7;
static pid_t main_pid;
static pid_t tids[THREADS];

static void *worker(void *arg)
{
	long id = (long)arg;
	tls_value = id * 100;
	tids[id] = (pid_t)syscall(SYS_gettid);
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	/* take turns in id order through the condition variable */
	pthread_mutex_lock(&lock);
	while (turn != id)
		pthread_cond_wait(&turn_changed, &lock);
	turn++;
	pthread_cond_broadcast(&turn_changed);
	pthread_mutex_unlock(&lock);
	return (void *)(tls_value + (getpid() == main_pid ? 1 : 0));
}

int main(void)
{
	pthread_t threads[THREADS];
	main_pid = getpid();
	for (long i = 0; i < THREADS; i++)
		if (pthread_create(&threads[i], NULL, worker, (void *)i) != 0)
			say("pthread_create %ld failed\n", i);
	for (int i = 0; i < THREADS; i++) {
		void *result;
		pthread_join(threads[i], &result);
		say("thread %d returned %ld\n", i, (long)result);
	}
	say("counter: %ld (expected %d)\n", counter, THREADS * ROUNDS);
	say("turns taken: %d\n", turn);
	say("main thread tls untouched: %ld\n", tls_value);
	int distinct = 1;
	for (int i = 0; i < THREADS; i++)
		for (int j = 0; j < i; j++)
			distinct &= tids[i] != tids[j] && tids[i] != main_pid;
	yesno("thread ids distinct and not the pid", distinct);
	done();
	return 0;
}
