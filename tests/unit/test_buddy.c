/*
 * test_buddy.c — kernel/mm/buddy.c: splitting, coalescing, the bad-free
 * checks, and a random alloc/free stress run against a shadow bitmap that
 * proves no page is handed out twice or outside the usable ranges, and that
 * freeing everything coalesces back to the initial block structure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "buddy.h"
#include "string.h"
#include "uapi/errno.h"

static void test_single_max_block(void **state)
{
	(void)state;
	static struct page_meta meta[2048];
	struct buddy_zone z;
	u64 pfn, a, b;

	buddy_init(&z, 0x40000, 2048, meta);
	assert_int_equal(buddy_free_pages(&z), 0);
	assert_int_equal(buddy_alloc(&z, 0, &pfn), -ENOMEM);
	buddy_free_range(&z, 0x40000, 2048);
	assert_int_equal(buddy_free_pages(&z), 2048);
	assert_int_equal(z.nr_free_blocks[BUDDY_MAX_ORDER - 1], 2);

	assert_int_equal(buddy_alloc(&z, 0, &a), 0);
	assert_true(a == 0x40000 || a == 0x40400);
	for (unsigned k = 0; k < BUDDY_MAX_ORDER - 1; k++)
		assert_int_equal(z.nr_free_blocks[k], 1); /* one split at each order */
	assert_int_equal(buddy_alloc(&z, 0, &b), 0);
	assert_int_equal(b, a + 1); /* the buddy left by the split */
	assert_int_equal(buddy_alloc(&z, BUDDY_MAX_ORDER, &pfn), -EINVAL);
	buddy_free(&z, a, 0);
	buddy_free(&z, b, 0);
	assert_int_equal(buddy_free_pages(&z), 2048);
	assert_int_equal(z.nr_free_blocks[BUDDY_MAX_ORDER - 1], 2);
	for (unsigned k = 0; k < BUDDY_MAX_ORDER - 1; k++)
		assert_int_equal(z.nr_free_blocks[k], 0);

	/* exhaust, then -ENOMEM */
	assert_int_equal(buddy_alloc(&z, 10, &a), 0);
	assert_int_equal(buddy_alloc(&z, 10, &b), 0);
	assert_int_equal(buddy_alloc(&z, 0, &pfn), -ENOMEM);
	buddy_free(&z, a, 10);
	buddy_free(&z, b, 10);
}

/* The boot fast path builds exactly the free lists the careful path does. */
static void test_fresh_range_matches(void **state)
{
	(void)state;
	static struct page_meta meta_a[8192], meta_b[8192];
	struct buddy_zone a, b;
	u64 ranges[][2] = {{0x20003, 1000}, {0x203f0, 17}, {0x20500, 3000}, {0x21200, 1}, {0x21300, 3328}};

	buddy_init(&a, 0x20000, 8192, meta_a);
	buddy_init(&b, 0x20000, 8192, meta_b);
	for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		buddy_free_range(&a, ranges[i][0], ranges[i][1]);
		buddy_free_fresh_range(&b, ranges[i][0], ranges[i][1]);
	}
	assert_int_equal(buddy_free_pages(&a), buddy_free_pages(&b));
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
		assert_int_equal(a.nr_free_blocks[k], b.nr_free_blocks[k]);
	/* and it allocates the same way */
	for (int i = 0; i < 100; i++) {
		u64 pa, pb;
		assert_int_equal(buddy_alloc(&a, (unsigned)(i % 4), &pa), buddy_alloc(&b, (unsigned)(i % 4), &pb));
		assert_int_equal(pa, pb);
	}
}

static int bad_free_calls;

static void on_bad_free(struct buddy_zone *z, u64 pfn, unsigned order)
{
	(void)z;
	(void)pfn;
	(void)order;
	bad_free_calls++;
}

static void test_bad_frees(void **state)
{
	(void)state;
	static struct page_meta meta[64];
	struct buddy_zone z;
	u64 a, b;

	buddy_init(&z, 1000, 64, meta);
	buddy_free_range(&z, 1000, 64);
	assert_int_equal(buddy_alloc(&z, 2, &a), 0);
	assert_int_equal(buddy_alloc(&z, 0, &b), 0);
	u64 before = buddy_free_pages(&z);
	assert_int_equal(buddy_free_checked(&z, a, 1), -EINVAL);     /* wrong order */
	assert_int_equal(buddy_free_checked(&z, a + 1, 0), -EINVAL); /* inside a block */
	assert_int_equal(buddy_free_checked(&z, 999, 0), -EINVAL);   /* below the zone */
	assert_int_equal(buddy_free_checked(&z, 1064, 0), -EINVAL);  /* above the zone */
	assert_int_equal(buddy_free_checked(&z, 1062, 2), -EINVAL);  /* runs past the end */
	assert_int_equal(buddy_free_checked(&z, UINT64_MAX, 3), -EINVAL);
	assert_int_equal(buddy_free_checked(&z, a, BUDDY_MAX_ORDER), -EINVAL);
	assert_int_equal(buddy_free_pages(&z), before);
	assert_int_equal(buddy_free_checked(&z, a, 2), 0);
	assert_int_equal(buddy_free_checked(&z, a, 2), -EINVAL); /* double free */
	z.bad_free = on_bad_free;
	buddy_free(&z, b, 0);
	assert_int_equal(bad_free_calls, 0);
	buddy_free(&z, b, 0);
	assert_int_equal(bad_free_calls, 1);
	assert_int_equal(buddy_free_pages(&z), 64);
	/* freeing the same range again does not duplicate the free block */
	buddy_free_range(&z, 1000, 64);
	assert_int_equal(buddy_free_pages(&z), 64);
	assert_int_equal(buddy_alloc(&z, 3, &a), 0);
	buddy_free_range(&z, 990, 100); /* overlaps free and allocated pages */
	assert_int_equal(buddy_free_pages(&z), 56);
	assert_int_equal(buddy_free_checked(&z, a, 3), 0);
	assert_int_equal(buddy_free_pages(&z), 64);
}

/* An unaligned zone with holes: blocks stay naturally aligned and in range. */
#define ZONE_BASE 0x40003ull
#define ZONE_PAGES 5000u

static bool usable(u64 pfn)
{
	u64 i = pfn - ZONE_BASE;
	return (i >= 10 && i < 1500) || (i >= 1600 && i < 4990);
}

static void test_random_stress(void **state)
{
	(void)state;
	static struct page_meta meta[ZONE_PAGES];
	static bool shadow[ZONE_PAGES];
	static struct {
		u64 pfn;
		unsigned order;
	} live[4096];
	u64 initial_blocks[BUDDY_MAX_ORDER];
	struct buddy_zone z;
	int nlive = 0, ooms = 0;

	buddy_init(&z, ZONE_BASE, ZONE_PAGES, meta);
	buddy_free_range(&z, ZONE_BASE + 10, 1490);
	buddy_free_range(&z, ZONE_BASE + 1600, 3390);
	buddy_free_range(&z, ZONE_BASE + 4990, 0);
	buddy_free_range(&z, 0, 5); /* outside the zone: ignored */
	const u64 initial = buddy_free_pages(&z);
	assert_int_equal(initial, 1490 + 3390);
	memcpy(initial_blocks, z.nr_free_blocks, sizeof(initial_blocks));

	srand(2024);
	for (int iter = 0; iter < 200000; iter++) {
		bool do_alloc = nlive == 0 || (nlive < 4096 && rand() % 100 < 55);
		if (do_alloc) {
			unsigned order = (unsigned)(rand() % 100 < 70 ? rand() % 3 : rand() % BUDDY_MAX_ORDER);
			u64 pfn;
			if (buddy_alloc(&z, order, &pfn)) {
				ooms++;
				continue;
			}
			assert_int_equal(pfn % (1ull << order), 0);
			for (u64 p = pfn; p < pfn + (1ull << order); p++) {
				assert_true(p >= ZONE_BASE && p < ZONE_BASE + ZONE_PAGES);
				assert_true(usable(p));
				assert_false(shadow[p - ZONE_BASE]);
				shadow[p - ZONE_BASE] = true;
			}
			live[nlive].pfn = pfn;
			live[nlive++].order = order;
		} else {
			int i = rand() % nlive;
			for (u64 p = live[i].pfn; p < live[i].pfn + (1ull << live[i].order); p++)
				shadow[p - ZONE_BASE] = false;
			assert_int_equal(buddy_free_checked(&z, live[i].pfn, live[i].order), 0);
			live[i] = live[--nlive];
		}
		u64 used = 0;
		if (iter % 1000 == 0) {
			for (u64 p = 0; p < ZONE_PAGES; p++)
				used += shadow[p];
			assert_int_equal(buddy_free_pages(&z) + used, initial);
		}
	}
	assert_true(ooms > 0); /* the run did reach exhaustion */
	while (nlive > 0) {
		nlive--;
		assert_int_equal(buddy_free_checked(&z, live[nlive].pfn, live[nlive].order), 0);
	}
	assert_int_equal(buddy_free_pages(&z), initial);
	assert_memory_equal(z.nr_free_blocks, initial_blocks, sizeof(initial_blocks));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_max_block),
		cmocka_unit_test(test_fresh_range_matches),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_random_stress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
