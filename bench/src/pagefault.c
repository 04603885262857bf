/*
 * pagefault.c — cost of a first-touch anonymous page fault.
 *
 * Each round maps a fresh 4 MiB MAP_PRIVATE|MAP_ANONYMOUS region, writes one
 * byte per 4 KiB page (each write takes a fault that allocates and zeroes a
 * page) and unmaps it; only the touching loop is timed. The median of 10
 * rounds is reported.
 *
 * Output: "RESULT pagefault_ns <median ns per page>", then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE; now_ns */

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define REGION (4UL << 20)
#define PAGE 4096UL
#define ROUNDS 10

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double one_round(void)
{
	volatile char *p = mmap(0, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("mmap failed\n");
		exit(1);
	}
	double start = now_ns();
	for (unsigned long i = 0; i < REGION; i += PAGE)
		p[i] = 1;
	double end = now_ns();
	munmap((void *)p, REGION);
	return (end - start) / (REGION / PAGE);
}

int main(void)
{
	double t[ROUNDS];

	one_round(); /* warm up: page tables, code, allocator */
	for (int r = 0; r < ROUNDS; r++)
		t[r] = one_round();
	qsort(t, ROUNDS, sizeof t[0], cmp);
	printf("RESULT pagefault_ns %.1f\n", (t[ROUNDS / 2 - 1] + t[ROUNDS / 2]) / 2);
	printf("done\n");
	return 0;
}
