/*
 * pipe_ring.c — the data ring of a pipe (see pipe_ring.h for the layout
 * and the merge and packet rules; Linux fs/pipe.c pipe_write, pipe_read,
 * round_pipe_size and pipe_resize_ring are the model).
 */
#include <pipe_ring.h>

#include <page.h>
#include <uapi/errno.h>

u32 ring_bytes(const struct pipe_ring *r)
{
	u32 n = 0;
	for (u32 i = r->tail; i != r->head; i++)
		n += ring_slot(r, i)->len;
	return n;
}

bool ring_next_write(struct pipe_ring *r, size_t len, size_t done, bool packet, struct pipe_write_piece *piece)
{
	size_t part = len & (PAGE_SIZE - 1);
	if (done == 0 && part && !ring_empty(r)) { /* a packet slot is never merged into */
		struct pipe_slot *last = ring_slot(r, r->head - 1);
		if (!last->packet && last->offset + last->len + part <= PAGE_SIZE) {
			*piece = (struct pipe_write_piece){
				.slot = last, .at = last->offset + last->len, .n = part, .fresh = false};
			return true;
		}
	}
	if (ring_full(r))
		return false;
	struct pipe_slot *s = ring_slot(r, r->head);
	s->offset = 0;
	s->len = 0;
	s->packet = packet;
	size_t left = len - done;
	*piece = (struct pipe_write_piece){.slot = s, .at = 0, .n = left < PAGE_SIZE ? left : PAGE_SIZE, .fresh = true};
	return true;
}

void ring_commit_write(struct pipe_ring *r, const struct pipe_write_piece *piece)
{
	piece->slot->len += (u32)piece->n;
	if (piece->fresh)
		r->head++;
}

struct pipe_slot *ring_next_read(struct pipe_ring *r, size_t want, size_t *n)
{
	struct pipe_slot *s = ring_slot(r, r->tail);
	*n = s->len < want ? s->len : want;
	return s;
}

bool ring_commit_read(struct pipe_ring *r, size_t n)
{
	struct pipe_slot *s = ring_slot(r, r->tail);
	s->offset += (u32)n;
	s->len = s->packet ? 0 : s->len - (u32)n; /* a packet's rest is dropped */
	if (s->len == 0)
		r->tail++;
	return s->packet;
}

u64 ring_round_size(u64 arg)
{
	if (arg > (1UL << 31))
		return 0;
	u64 size = PAGE_SIZE;
	while (size < arg)
		size <<= 1;
	return size;
}

int ring_move(struct pipe_ring *r, struct pipe_slot *slots, u32 nr, void (*free_page)(void *page))
{
	u32 used = r->head - r->tail, j = 0;
	if (nr < used)
		return -EBUSY;
	for (u32 i = 0; i < r->nr_slots; i++) { /* from the tail: the data first, in order */
		struct pipe_slot *s = ring_slot(r, r->tail + i);
		if (i < used)
			slots[j++] = *s;
		else if (s->page && j < nr)
			slots[j++].page = s->page; /* a spare page */
		else if (s->page)
			free_page(s->page);
		s->page = NULL;
	}
	r->slots = slots;
	r->nr_slots = nr;
	r->tail = 0;
	r->head = used;
	return 0;
}
