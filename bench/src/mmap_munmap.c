/*
 * mmap_munmap.c — cost of creating and destroying a mapping.
 *
 * 2000 rounds of mmap(4 MiB, MAP_PRIVATE|MAP_ANONYMOUS) + munmap with no
 * page touched: measures VMA bookkeeping, not page faults.
 *
 * Output: "RESULT mmap_munmap_4m_ns <ns per round>", then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE; now_ns */

#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

#define REGION (4UL << 20)
#define ROUNDS 2000

static int round_trip(void)
{
	void *p = mmap(0, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	return munmap(p, REGION);
}

int main(void)
{
	for (int i = 0; i < 20; i++) /* warm up */
		if (round_trip() != 0) {
			printf("mmap/munmap failed\n");
			return 1;
		}
	double start = now_ns();
	for (int i = 0; i < ROUNDS; i++)
		if (round_trip() != 0) {
			printf("mmap/munmap failed\n");
			return 1;
		}
	double end = now_ns();
	printf("RESULT mmap_munmap_4m_ns %.1f\n", (end - start) / ROUNDS);
	printf("done\n");
	return 0;
}
