/*
 * list.h — intrusive circular doubly linked list.
 *
 * Embed a struct list_head in your object and link objects through it; a
 * list is a sentinel list_head whose next/prev point to itself when empty.
 * list_del leaves the removed entry pointing to itself, so list_empty on it
 * is true and deleting it twice is harmless. Nothing here locks: the owner of
 * the list says which lock protects it.
 */
#pragma once

#include "types.h"

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

static inline void list_init(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

static inline void list_insert_between(struct list_head *entry, struct list_head *prev, struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Insert entry right after head (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	list_insert_between(entry, head, head->next);
}

/* Insert entry right before head, i.e. at the tail (queue order). */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	list_insert_between(entry, head->prev, head);
}

/* Unlink entry and reinitialise it as an empty list. */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	list_init(entry);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* Move entry from wherever it is to the tail of head. */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	list_del(entry);
	list_add_tail(entry, head);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* The first entry; the list must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

/* The first entry, or NULL for an empty list. */
#define list_first_entry_or_null(head, type, member) (list_empty(head) ? NULL : list_first_entry(head, type, member))

#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_for_each_entry(pos, head, member)                                                     \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member); &(pos)->member != (head); \
	     (pos) = list_next_entry(pos, member))

#define list_prev_entry(pos, member) list_entry((pos)->member.prev, __typeof__(*(pos)), member)

/* From the last entry to the first. */
#define list_for_each_entry_reverse(pos, head, member)                                               \
	for ((pos) = list_entry((head)->prev, __typeof__(*(pos)), member); &(pos)->member != (head); \
	     (pos) = list_prev_entry(pos, member))

/* Iterate while allowing pos to be deleted: tmp holds the next entry. */
#define list_for_each_entry_safe(pos, tmp, head, member)                                                       \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member), (tmp) = list_next_entry(pos, member); \
	     &(pos)->member != (head); (pos) = (tmp), (tmp) = list_next_entry(tmp, member))
