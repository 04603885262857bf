/*
 * test_pipe_ring.c — kernel/fs/pipe_ring.c, the data ring of a pipe: the
 * capacity and merge rules of Linux's ring (the same numbers the ABI test
 * pipe_large_rw sees on Linux), packet mode, F_SETPIPE_SZ rounding and the
 * resize that keeps data in order and reuses pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "page.h"
#include "pipe_ring.h"
#include "string.h"
#include "uapi/errno.h"

static int pages_freed;

static void free_page(void *page)
{
	pages_freed++;
	free(page);
}

static struct pipe_ring *ring_new(u32 nr)
{
	struct pipe_ring *r = calloc(1, sizeof(*r));
	r->slots = calloc(nr, sizeof(*r->slots));
	r->nr_slots = nr;
	return r;
}

static void ring_delete(struct pipe_ring *r)
{
	for (u32 i = 0; i < r->nr_slots; i++)
		free(r->slots[i].page);
	free(r->slots);
	free(r);
}

/* A non-blocking write of len bytes of value `byte`: bytes written. */
static size_t put(struct pipe_ring *r, size_t len, int byte, bool packet)
{
	size_t done = 0;
	struct pipe_write_piece piece;
	while (done < len && ring_next_write(r, len, done, packet, &piece)) {
		if (!piece.slot->page)
			piece.slot->page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
		memset(piece.slot->page + piece.at, byte, piece.n);
		ring_commit_write(r, &piece);
		done += piece.n;
	}
	return done;
}

/* A read of up to want bytes into out: bytes read. */
static size_t get(struct pipe_ring *r, u8 *out, size_t want)
{
	size_t done = 0;
	while (done < want && !ring_empty(r)) {
		size_t n;
		struct pipe_slot *s = ring_next_read(r, want - done, &n);
		memcpy(out + done, s->page + s->offset, n);
		done += n;
		if (ring_commit_read(r, n))
			break;
	}
	return done;
}

static void test_full_with_pages(void **state)
{
	(void)state;
	struct pipe_ring *r = ring_new(16);
	size_t total = 0;
	for (int i = 0; i < 20; i++)
		total += put(r, 4096, 'a', false);
	assert_int_equal(total, 65536);
	assert_true(ring_full(r));
	assert_int_equal(ring_bytes(r), 65536);
	static u8 out[65536];
	assert_int_equal(get(r, out, sizeof(out)), 65536);
	assert_true(ring_empty(r));
	ring_delete(r);
}

static void test_odd_writes_use_slots_as_linux(void **state)
{
	(void)state;
	struct pipe_ring *r = ring_new(16);
	size_t total = 0, n;
	while ((n = put(r, 4097, 'b', false)) > 0)
		total += n;
	assert_int_equal(total, 10 * 4097 + 4096); /* Linux: 45066 */
	assert_int_equal(ring_bytes(r), total);
	ring_delete(r);
}

static void test_small_writes_merge(void **state)
{
	(void)state;
	struct pipe_ring *r = ring_new(16);
	assert_int_equal(put(r, 100, 'x', false), 100);
	assert_int_equal(put(r, 100, 'y', false), 100);
	assert_int_equal(r->head - r->tail, 1); /* one slot */
	u8 out[200];
	assert_int_equal(get(r, out, 150), 150);
	assert_int_equal(out[99], 'x');
	assert_int_equal(out[100], 'y');
	assert_int_equal(get(r, out, 150), 50);
	ring_delete(r);
}

static void test_packets(void **state)
{
	(void)state;
	struct pipe_ring *r = ring_new(16);
	put(r, 3, 'a', true);
	put(r, 5, 'd', true);
	assert_int_equal(r->head - r->tail, 2); /* packets never merge */
	u8 out[8192];
	assert_int_equal(get(r, out, sizeof(out)), 3);
	assert_int_equal(get(r, out, 2), 2); /* the rest of the packet is gone */
	assert_true(ring_empty(r));
	assert_int_equal(put(r, 10000, 'z', true), 10000);
	assert_int_equal(get(r, out, sizeof(out)), 4096);
	assert_int_equal(get(r, out, sizeof(out)), 4096);
	assert_int_equal(get(r, out, sizeof(out)), 1808);
	ring_delete(r);
}

static void test_round_size(void **state)
{
	(void)state;
	assert_int_equal(ring_round_size(0), 4096);
	assert_int_equal(ring_round_size(1), 4096);
	assert_int_equal(ring_round_size(4097), 8192);
	assert_int_equal(ring_round_size(100000), 131072);
	assert_int_equal(ring_round_size(1UL << 31), 1UL << 31);
	assert_int_equal(ring_round_size((1UL << 31) + 1), 0);
}

static void test_move_keeps_order_and_pages(void **state)
{
	(void)state;
	struct pipe_ring *r = ring_new(4);
	/* wrap the ring: 3 pages in, 2 out, 2 more in: slots 3, 0, 1 hold data */
	for (int i = 0; i < 3; i++)
		put(r, 4096, '0' + i, false);
	u8 out[8192];
	get(r, out, 8192);
	put(r, 4096, '3', false);
	put(r, 4096, '4', false);
	assert_int_equal(r->tail, 2);

	struct pipe_slot *small = calloc(2, sizeof(*small));
	assert_int_equal(ring_move(r, small, 2, free_page), -EBUSY);
	free(small);
	assert_int_equal(r->nr_slots, 4);

	pages_freed = 0;
	struct pipe_slot *old = r->slots, *big = calloc(8, sizeof(*big));
	assert_int_equal(ring_move(r, big, 8, free_page), 0);
	free(old);
	assert_int_equal(pages_freed, 0); /* the spare page moved too */
	assert_int_equal(r->tail, 0);
	assert_int_equal(r->head, 3);
	assert_non_null(r->slots[3].page);
	assert_null(r->slots[4].page);
	assert_int_equal(get(r, out, 1), 1);
	assert_int_equal(out[0], '2');
	get(r, out, 4095);
	assert_int_equal(get(r, out, 1), 1);
	assert_int_equal(out[0], '3');

	pages_freed = 0;
	old = r->slots;
	struct pipe_slot *one = calloc(1, sizeof(*one));
	get(r, out, 8192);
	assert_true(ring_empty(r));
	assert_int_equal(ring_move(r, one, 1, free_page), 0);
	free(old);
	assert_int_equal(pages_freed, 3); /* four pages, one kept */
	assert_non_null(r->slots[0].page);
	ring_delete(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_with_pages),	   cmocka_unit_test(test_odd_writes_use_slots_as_linux),
		cmocka_unit_test(test_small_writes_merge), cmocka_unit_test(test_packets),
		cmocka_unit_test(test_round_size),	   cmocka_unit_test(test_move_keeps_order_and_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
