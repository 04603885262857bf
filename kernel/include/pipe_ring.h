/*
 * pipe_ring.h — the data ring of a pipe (Linux's pipe_inode_info bufs,
 * fs/pipe.c), apart from locking, waiting and user memory so the host unit
 * tests can drive it (tests/unit/test_pipe_ring.c).
 *
 * nr_slots (a power of two) slots, each holding bytes [offset, offset+len)
 * of its own page. Slots in use are tail .. head-1, free-running counters
 * taken modulo nr_slots. The ring is full when every slot is in use,
 * whatever their lengths. A write's partial-page remainder (len % PAGE_SIZE)
 * goes first, into the last slot when it fits in that page; then the write
 * fills fresh slots a page at a time — so a write of at most one page lands
 * in one slot (PIPE_BUF atomicity). Packet-mode slots (O_DIRECT) are never
 * merged into (what decides is the last slot, as Linux's CAN_MERGE flag),
 * and a read takes at most one packet, dropping its rest.
 *
 * The caller serialises everything that changes the ring (the pipe's
 * mutex). pipe.c runs the *_next and *_commit calls on a private copy of
 * the ring and publishes head and tail, the only fields others (poll, the
 * wait conditions) read without the mutex, under its spinlock once per
 * batch. Between ring_next_write and its commit the caller copies into the
 * slot's page.
 */
#pragma once

#include <types.h>

struct pipe_slot {
	u8 *page;	 /* PAGE_SIZE bytes or NULL; pipe.c takes it back when the slot empties */
	u32 offset, len; /* the bytes held */
	bool packet;	 /* packet mode: read whole, never merged into */
};

struct pipe_ring {
	struct pipe_slot *slots;
	u32 nr_slots; /* a power of two */
	u32 head, tail;
};

/* Where the next piece of a write goes: `n` bytes into slot->page + at. */
struct pipe_write_piece {
	struct pipe_slot *slot;
	size_t at, n;
	bool fresh; /* a new slot: the commit makes it part of the ring */
};

static inline bool ring_empty(const struct pipe_ring *r)
{
	return r->head == r->tail;
}

static inline bool ring_full(const struct pipe_ring *r)
{
	return r->head - r->tail >= r->nr_slots;
}

static inline struct pipe_slot *ring_slot(const struct pipe_ring *r, u32 index)
{
	return &r->slots[index & (r->nr_slots - 1)];
}

/* Bytes held (FIONREAD). */
u32 ring_bytes(const struct pipe_ring *r);
/*
 * The next piece of a write of `len` bytes of which `done` are written:
 * false if the ring is full (nothing to merge into, no free slot). A fresh
 * slot may have no page yet: the caller allocates slot->page before copying.
 */
bool ring_next_write(struct pipe_ring *r, size_t len, size_t done, bool packet, struct pipe_write_piece *piece);
void ring_commit_write(struct pipe_ring *r, const struct pipe_write_piece *piece);
/* The slot a read of up to `want` bytes copies from (ring not empty): *n bytes at page + offset. */
struct pipe_slot *ring_next_read(struct pipe_ring *r, size_t want, size_t *n);
/* Consumes n bytes of the tail slot; true if the read must stop (a packet). */
bool ring_commit_read(struct pipe_ring *r, size_t n);
/*
 * F_SETPIPE_SZ's size (Linux round_pipe_size): a power-of-two number of
 * pages, at least one; 0 if above 2 GiB.
 */
u64 ring_round_size(u64 arg);
/*
 * Moves the ring into `slots` (nr of them, zeroed): the slots in use keep
 * their order from index 0, spare pages fill the next slots, pages left
 * over go to free_page. -EBUSY (nothing moved) if the data does not fit.
 * The caller frees the old array.
 */
int ring_move(struct pipe_ring *r, struct pipe_slot *slots, u32 nr, void (*free_page)(void *page));
