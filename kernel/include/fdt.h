/*
 * fdt.h — read-only access to a flattened device tree (DTB, version 17).
 *
 * Call fdt_check once with the size of the memory the blob may occupy; every
 * other function then bounds-checks each token, name, property and string
 * offset against the header's totalsize (and the struct/strings blocks inside
 * it), so a corrupt blob yields -EINVAL or -ENOENT, never an access outside
 * the blob. Nodes are named by their offset into the structure block, as in
 * libfdt; offsets stay valid as long as the blob is not modified.
 *
 * Errors: -EINVAL corrupt blob or bad argument, -ENOENT no such node,
 * property or index.
 */
#pragma once

#include "types.h"

#define FDT_MAGIC 0xd00dfeedu

/* Validate the header against max_size; 0 or -EINVAL. */
int fdt_check(const void *blob, size_t max_size) __must_check;

/* The header's totalsize (only meaningful after fdt_check succeeded). */
size_t fdt_total_size(const void *blob);

/* Offset of the node at an absolute path such as "/memory@40000000". */
int fdt_find_node(const void *blob, const char *path) __must_check;

/*
 * The first child of the node at parent (prev < 0), or the sibling after
 * the child at prev, in document order; -ENOENT after the last child.
 * One walk over the children's subtrees, where fdt_find_node walks from the root.
 */
int fdt_next_child(const void *blob, int parent, int prev) __must_check;

/*
 * The first node after start_offset (-1: search from the root, inclusive)
 * whose "compatible" list contains compat; -ENOENT when there is none.
 */
int fdt_next_compatible(const void *blob, int start_offset, const char *compat) __must_check;

/*
 * Every node whose "compatible" list contains compat, in document order:
 * the first max of them in nodes[] and their parents (-ENOENT for the
 * root) in parents[]. Returns how many there are (more than max if some
 * did not fit) or -EINVAL. One walk over the tree, where a node's
 * fdt_parent (and so fdt_reg) walks from the root to it each time.
 */
int fdt_all_compatible(const void *blob, const char *compat, int *nodes, int *parents, int max) __must_check;

/*
 * A property's value and length, or NULL (with *len, if len is non-NULL,
 * set to -ENOENT or -EINVAL).
 */
const void *fdt_get_prop(const void *blob, int node, const char *name, int *len);

/* The node's name including any unit address ("" for the root), or NULL. */
const char *fdt_node_name(const void *blob, int node);

/* Offset of the node's parent; -ENOENT for the root. */
int fdt_parent(const void *blob, int node) __must_check;

/* Read the index-th value of `cells` (1 or 2) big-endian cells of a property. */
int fdt_read_cells(const void *blob, int node, const char *name, int index, int cells, u64 *out) __must_check;

/* The #address-cells / #size-cells that apply to node's reg (its parent's). */
int fdt_address_cells(const void *blob, int node) __must_check;
int fdt_size_cells(const void *blob, int node) __must_check;

/* The index-th (address, size) pair of node's "reg". */
int fdt_reg(const void *blob, int node, int index, u64 *addr, u64 *size) __must_check;

/* The same for a node whose parent the caller knows (-ENOENT: node is the root). */
int fdt_reg_in(const void *blob, int parent, int node, int index, u64 *addr, u64 *size) __must_check;

/* The index-th reg entry over all device_type = "memory" nodes, in order. */
int fdt_memory_region(const void *blob, int index, u64 *base, u64 *size) __must_check;
