/*
 * smp_cow_break_threads.c — copy-on-write breaks of one page by two threads
 * at once while a third forks (run_abi.py boots smp_* tests with two CPUs).
 *
 * Two writer threads each count up in their own word of one .bss page;
 * the main thread forks over and over, so that page is copy-on-write
 * again after every fork and the writers keep breaking it, often both at
 * once (one copies, the other waits for it or takes the page over). After
 * each write, writer 0 publishes its count in a flag on another page
 * (release); writer 1 reads the flag (acquire) and then writer 0's word,
 * which must be at least the flag: a CPU still holding the old read-only
 * entry after the copy went in would read the old frame (the reason for
 * break-before-make, Arm ARM D8.14.1; Linux's ptep_clear_flush in
 * wp_page_copy). Each writer also reads its own word back. Every child
 * reads the page twice and checks it did not change under it (its copy is
 * a snapshot), and that writer 0's word is at most the flag it saw.
 * Synchronisation is by the counters themselves, no sleeps.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/wait.h>

#include "lvtest.h"

#define FORKS 100

static volatile long page[512] __attribute__((aligned(4096))); /* the page under test: words 0 and 64 */
static long flag0 __attribute__((aligned(4096)));	       /* writer 0's published count, a page of its own */
static int stop;					       /* [atomic] the forks are done */
static long own_lost[2], order_broken;			       /* each written by one thread only */
static long writes[2];

static void *writer(void *arg)
{
	int w = (int)(long)arg;
	volatile long *mine = &page[w * 64];
	for (long i = 1; !__atomic_load_n(&stop, __ATOMIC_ACQUIRE); i++) {
		*mine = i; /* a copy-on-write break after each fork */
		if (*mine != i)
			own_lost[w]++;
		if (w == 0) {
			__atomic_store_n(&flag0, i, __ATOMIC_RELEASE);
		} else {
			long seen = __atomic_load_n(&flag0, __ATOMIC_ACQUIRE);
			if (page[0] < seen)
				order_broken++;
		}
		writes[w] = i;
	}
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pthread_t t[2];
	for (long w = 0; w < 2; w++)
		if (pthread_create(&t[w], NULL, writer, (void *)w)) {
			printf("pthread_create failed\n");
			return 1;
		}
	int children_bad = 0, fork_failed = 0;
	for (int f = 0; f < FORKS; f++) {
		pid_t pid = fork();
		if (pid == 0) {
			long a0 = page[0], a1 = page[64], flag = flag0;
			long b0 = page[0], b1 = page[64];
			_exit(a0 == b0 && a1 == b1 && a0 >= flag ? 0 : 1);
		}
		if (pid < 0) {
			fork_failed++;
			continue;
		}
		int status;
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
			children_bad++;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (int w = 0; w < 2; w++)
		pthread_join(t[w], NULL);
	printf("forks: %d, failed: %d\n", FORKS, fork_failed);
	printf("children whose page changed or was behind: %d\n", children_bad);
	printf("writes read back wrong: %ld\n", own_lost[0] + own_lost[1]);
	printf("writer 1 saw writer 0's word older than its flag: %ld\n", order_broken);
	printf("both writers wrote: %s\n", writes[0] > 0 && writes[1] > 0 ? "yes" : "no");
	printf("done\n");
	return 0;
}
