/*
 * fork_thread_pages.c — fork(2) in a process of several threads: the child
 * gets a copy of every thread's memory as it was at the fork, including the
 * other threads' stacks and thread-local storage (LevitateOS copies those
 * pages at fork instead of sharing them copy-on-write, mm/vm.c "eager
 * copies"), and afterwards neither side sees the other's writes to them —
 * also when the thread whose pages they are writes them right after the fork,
 * and when the child writes them first.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <sys/wait.h>

#include "lvtest.h"

#define WORDS 256

static __thread volatile uint64_t tls_words[WORDS];
static volatile uint64_t *thread_stack_words; /* in the helper thread's stack frame */
static volatile uint64_t *thread_tls_words;   /* its tls_words */
static pthread_barrier_t ready, forked, checked;
static int helper_sees_own; /* the helper read back its writes after the fork */

static void fill(volatile uint64_t *w, uint64_t seed)
{
	for (int i = 0; i < WORDS; i++)
		w[i] = seed * 1000003 + (uint64_t)i;
}

static int same(volatile uint64_t *w, uint64_t seed)
{
	for (int i = 0; i < WORDS; i++)
		if (w[i] != seed * 1000003 + (uint64_t)i)
			return 0;
	return 1;
}

static void *helper(void *arg)
{
	volatile uint64_t stack_words[WORDS];
	fill(stack_words, 1);
	fill(tls_words, 2);
	thread_stack_words = stack_words;
	thread_tls_words = tls_words;
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&forked); /* the main thread forked: write at once */
	fill(stack_words, 3);
	fill(tls_words, 4);
	pthread_barrier_wait(&checked);
	helper_sees_own = same(stack_words, 3) && same(tls_words, 4);
	return arg;
}

/* One round: the child checks the helper's pages, writes them, exits. */
static void round_trip(int child_writes_first)
{
	int to_child[2], to_parent[2];
	if (pipe(to_child) || pipe(to_parent))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		int at_fork = same(thread_stack_words, child_writes_first ? 5 : 1) &&
			      same(thread_tls_words, child_writes_first ? 6 : 2);
		if (child_writes_first) {
			fill(thread_stack_words, 7);
			fill(thread_tls_words, 8);
		}
		(void)!write(to_parent[1], "k", 1);
		(void)!read(to_child[0], &c, 1); /* the parent's helper wrote its pages */
		int still = same(thread_stack_words, child_writes_first ? 7 : 1) &&
			    same(thread_tls_words, child_writes_first ? 8 : 2);
		say("child (%s): the helper's pages as at the fork: %s; unchanged by the parent's writes: %s\n",
		    child_writes_first ? "writes first" : "reads only", at_fork ? "yes" : "no", still ? "yes" : "no");
		_exit(0);
	}
	char c;
	(void)!read(to_parent[0], &c, 1); /* the child looked (and wrote) first */
	pthread_barrier_wait(&forked);
	pthread_barrier_wait(&checked);
	(void)!write(to_child[1], "k", 1);
	waitpid(pid, NULL, 0);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

int main(void)
{
	pthread_barrier_init(&ready, NULL, 2);
	pthread_barrier_init(&forked, NULL, 2);
	pthread_barrier_init(&checked, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, helper, NULL);
	pthread_barrier_wait(&ready);
	round_trip(0);
	pthread_join(t, NULL);
	say("helper after the fork sees its own writes: %s\n", helper_sees_own ? "yes" : "no");

	/* the same with the helper's pages holding 5 and 6, the child writing first */
	pthread_barrier_init(&ready, NULL, 2);
	pthread_barrier_init(&forked, NULL, 2);
	pthread_barrier_init(&checked, NULL, 2);
	fill(tls_words, 9); /* the main thread's own TLS: not the helper's */
	pthread_create(&t, NULL, helper, NULL);
	pthread_barrier_wait(&ready);
	fill(thread_stack_words, 5);
	fill(thread_tls_words, 6);
	round_trip(1);
	pthread_join(t, NULL);
	say("helper after the fork sees its own writes: %s\n", helper_sees_own ? "yes" : "no");
	say("main thread's TLS untouched by the helpers: %s\n", same(tls_words, 9) ? "yes" : "no");
	done();
	return 0;
}
