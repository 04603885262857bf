/*
 * brk_grow.c — cost of growing the heap one page at a time.
 *
 * 10000 steps of sbrk(4096) (one brk(2) each, the libc keeps the break),
 * each followed by a write to the new page (one page fault). The break is
 * put back at the end.
 *
 * Output: "RESULT brk_grow_ns <ns per step>", then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE; now_ns */

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define STEPS 10000
#define PAGE 4096

int main(void)
{
	char *start = sbrk(0);
	/* page-align the break so each step brings in exactly one new page */
	unsigned long mis = (unsigned long)start % PAGE;
	if (mis && sbrk(PAGE - mis) == (void *)-1) {
		printf("sbrk failed\n");
		return 1;
	}
	char *base = sbrk(0);
	double t0 = now_ns();
	for (int i = 0; i < STEPS; i++) {
		volatile char *p = sbrk(PAGE);
		if (p == (void *)-1) {
			printf("sbrk failed at step %d\n", i);
			return 1;
		}
		p[0] = 1;
	}
	double t1 = now_ns();
	if (brk(base) != 0) {
		printf("brk back failed\n");
		return 1;
	}
	printf("RESULT brk_grow_ns %.1f\n", (t1 - t0) / STEPS);
	printf("done\n");
	return 0;
}
