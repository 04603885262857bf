/*
 * mmap_many.c — mmap + munmap of a 4 KiB anonymous page when the process
 * already has 10 and 10,000 other mappings: how VMA lookup and insertion
 * grow with the number of mappings.
 *
 * The existing mappings are single pages with a one-page hole between them
 * (so none merge), made with MAP_FIXED_NOREPLACE inside a reserved range;
 * then ROUNDS of mmap(4 KiB, no address hint) + munmap are timed. Median of
 * REPEATS loops, ns per round.
 *
 * Output: "RESULT mmap_munmap_{10,10000}maps_ns <ns>", then "done".
 */
#include "bench.h"
#include <sys/mman.h>

#define PAGE 4096UL
#define ROUNDS 2000
#define REPEATS 5

static int make_mappings(char *base, int n)
{
	for (int i = 0; i < n; i++) {
		void *want = base + 2 * PAGE * (unsigned long)i;
		void *p = mmap(want, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p != want)
			return p == MAP_FAILED ? -errno : -EEXIST;
	}
	return 0;
}

static void one_count(int n, const char *metric)
{
	size_t span = 2 * PAGE * (size_t)n;
	/* reserve the range, then free it so the fixed mappings can go there */
	char *base = mmap(0, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || munmap(base, span) != 0) {
		not_available(metric, "reserve: %s", errno_name(errno));
		return;
	}
	int err = make_mappings(base, n);
	if (err) {
		not_available(metric, "mapping %d pages: %s", n, errno_name(-err));
		munmap(base, span);
		return;
	}
	double t[REPEATS];
	for (int r = 0; r < REPEATS; r++) {
		double start = now_ns();
		for (int i = 0; i < ROUNDS; i++) {
			void *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED || munmap(p, PAGE) != 0) {
				not_available(metric, "mmap/munmap: %s", errno_name(errno));
				munmap(base, span);
				return;
			}
		}
		t[r] = (now_ns() - start) / ROUNDS;
	}
	result(metric, median(t, REPEATS));
	munmap(base, span);
}

int main(void)
{
	one_count(10, "mmap_munmap_10maps_ns");
	one_count(10000, "mmap_munmap_10000maps_ns");
	bench_done();
	return 0;
}
