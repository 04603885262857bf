/*
 * pagefault_threads.c — first-touch anonymous page faults taken by 1 and by
 * 8 threads of one process at once: what the address-space lock and the
 * page allocator cost when several threads fault in the same mm.
 *
 * Each thread writes one byte per page of its own 2 MiB slice of one fresh
 * MAP_PRIVATE|MAP_ANONYMOUS region; the threads start together (a barrier)
 * and the time from the barrier to the last thread's end is divided by the
 * total number of faults. Median of ROUNDS fresh regions, ns per fault.
 * (Both kernels run on one virtual CPU here: this measures contention and
 * switching, not parallel speed-up.) The region is madvise(MADV_NOHUGEPAGE)
 * so that Linux takes 4 KiB faults too (its transparent huge pages would
 * otherwise fault 2 MiB at once where the slices happen to be aligned);
 * a kernel without THP may refuse the advice, which changes nothing.
 *
 * Output: "RESULT pagefault_{1,8}threads_ns <ns per fault>", then "done".
 */
#include "bench.h"
#include <pthread.h>
#include <sys/mman.h>

#define PAGE 4096UL
#define SLICE (2UL << 20)
#define ROUNDS 5
#define MAX_THREADS 8

static pthread_barrier_t barrier;

struct slice {
	volatile char *p;
};

static void *toucher(void *arg)
{
	struct slice *s = arg;
	pthread_barrier_wait(&barrier);
	for (unsigned long i = 0; i < SLICE; i += PAGE)
		s->p[i] = 1;
	return NULL;
}

static int one_round(int n, double *ns_per_fault)
{
	size_t len = SLICE * (size_t)n;
	char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	(void)madvise(p, len, MADV_NOHUGEPAGE);
	pthread_t tid[MAX_THREADS];
	struct slice s[MAX_THREADS];
	pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
	int err = 0, started = 0;
	for (int i = 0; i < n; i++) {
		s[i].p = p + SLICE * (size_t)i;
		if ((err = pthread_create(&tid[i], NULL, toucher, &s[i])) != 0)
			break;
		started++;
	}
	if (err) { /* cannot release the barrier: give up the whole run */
		printf("pthread_create: %s\n", errno_name(err));
		exit(1);
	}
	double start = now_ns(); /* the others are already waiting: we release them */
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	*ns_per_fault = (now_ns() - start) / (double)(len / PAGE);
	pthread_barrier_destroy(&barrier);
	munmap(p, len);
	return 0;
}

static void one_count(int n, const char *metric)
{
	double t[ROUNDS];
	int err = one_round(n, &t[0]); /* warm up */
	for (int r = 0; r < ROUNDS && !err; r++)
		err = one_round(n, &t[r]);
	if (err)
		not_available(metric, "mmap: %s", errno_name(-err));
	else
		result(metric, median(t, ROUNDS));
}

int main(void)
{
	one_count(1, "pagefault_1thread_ns");
	one_count(8, "pagefault_8threads_ns");
	bench_done();
	return 0;
}
