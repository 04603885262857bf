/*
 * fdt.c — flattened device tree reader (Devicetree Specification v0.4, ch. 5).
 *
 * Layout: a big-endian header, then a structure block of 4-byte-aligned
 * tokens (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP, END) and a
 * strings block holding property names. Everything is read byte-wise through
 * be32(), so the blob may sit at any alignment in memory.
 *
 * Safety invariant: all reads go through struct fdt_view, which is built
 * from a header that passed fdt_view_init's checks (struct and strings blocks
 * inside totalsize). fdt_next_tag validates each token in full — its name is
 * NUL-terminated inside the block, its value fits, its name offset points
 * inside the strings block — before any caller looks at it. Offsets only
 * grow during a walk, so every loop terminates, even on a corrupt blob.
 */
#include "fdt.h"

#include "string.h"
#include "uapi/errno.h"

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

#define FDT_HEADER_SIZE 40u
#define FDT_VERSION 17u
#define FDT_MAX_DEPTH 64 /* deeper trees are rejected as corrupt */

/* Header field offsets. */
enum {
	HDR_MAGIC = 0,
	HDR_TOTALSIZE = 4,
	HDR_OFF_STRUCT = 8,
	HDR_OFF_STRINGS = 12,
	HDR_OFF_RSVMAP = 16,
	HDR_VERSION = 20,
	HDR_LAST_COMP = 24,
	HDR_SIZE_STRINGS = 32,
	HDR_SIZE_STRUCT = 36,
};

struct fdt_view {
	const u8 *structs; /* structure block */
	u32 struct_size;
	const char *strings; /* strings block */
	u32 strings_size;
};

/* One decoded token. */
struct fdt_tag {
	u32 tag;
	int next;	  /* offset of the following token */
	const char *name; /* node or property name */
	const u8 *value;  /* property value */
	u32 len;	  /* property length */
};

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u32 hdr(const void *blob, unsigned field)
{
	return be32((const u8 *)blob + field);
}

/* True if [off, off + len) lies inside [0, limit). */
static bool range_ok(u64 off, u64 len, u64 limit)
{
	return off <= limit && len <= limit - off;
}

int fdt_check(const void *blob, size_t max_size)
{
	u64 total;

	if (!blob || max_size < FDT_HEADER_SIZE)
		return -EINVAL;
	if (hdr(blob, HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	if (hdr(blob, HDR_VERSION) < FDT_VERSION || hdr(blob, HDR_LAST_COMP) > FDT_VERSION)
		return -EINVAL;
	total = hdr(blob, HDR_TOTALSIZE);
	if (total < FDT_HEADER_SIZE || total > max_size || total > INT32_MAX)
		return -EINVAL;
	if (!range_ok(hdr(blob, HDR_OFF_STRUCT), hdr(blob, HDR_SIZE_STRUCT), total) ||
	    !range_ok(hdr(blob, HDR_OFF_STRINGS), hdr(blob, HDR_SIZE_STRINGS), total) ||
	    !range_ok(hdr(blob, HDR_OFF_RSVMAP), 16, total))
		return -EINVAL;
	if (hdr(blob, HDR_OFF_STRUCT) < FDT_HEADER_SIZE || hdr(blob, HDR_OFF_STRUCT) % 4)
		return -EINVAL;
	return 0;
}

size_t fdt_total_size(const void *blob)
{
	return hdr(blob, HDR_TOTALSIZE);
}

/* Re-derive the blocks from the header; -EINVAL if it is inconsistent. */
static int fdt_view_init(const void *blob, struct fdt_view *v)
{
	if (fdt_check(blob, fdt_total_size(blob)))
		return -EINVAL;
	v->structs = (const u8 *)blob + hdr(blob, HDR_OFF_STRUCT);
	v->struct_size = hdr(blob, HDR_SIZE_STRUCT) & ~3u;
	v->strings = (const char *)blob + hdr(blob, HDR_OFF_STRINGS);
	v->strings_size = hdr(blob, HDR_SIZE_STRINGS);
	return 0;
}

static int decode_node_name(const struct fdt_view *v, int off, struct fdt_tag *t)
{
	const char *name = (const char *)v->structs + off + 4;
	size_t room = v->struct_size - (u32)off - 4;
	size_t n = strnlen(name, room);

	if (n == room)
		return -EINVAL;
	t->name = name;
	t->next = (int)ALIGN_UP((u32)off + 4 + (u32)n + 1, 4u);
	return 0;
}

static int decode_prop(const struct fdt_view *v, int off, struct fdt_tag *t)
{
	u32 nameoff;

	if (!range_ok((u32)off, 12, v->struct_size))
		return -EINVAL;
	t->len = be32(v->structs + off + 4);
	nameoff = be32(v->structs + off + 8);
	if (!range_ok((u32)off + 12u, t->len, v->struct_size))
		return -EINVAL;
	if (nameoff >= v->strings_size ||
	    strnlen(v->strings + nameoff, v->strings_size - nameoff) == v->strings_size - nameoff)
		return -EINVAL;
	t->name = v->strings + nameoff;
	t->value = v->structs + off + 12;
	t->next = (int)ALIGN_UP((u64)(u32)off + 12 + t->len, 4u);
	return 0;
}

/* Decode and validate the token at off. */
static int fdt_next_tag(const struct fdt_view *v, int off, struct fdt_tag *t)
{
	if (off < 0 || off % 4 || !range_ok((u32)off, 4, v->struct_size))
		return -EINVAL;
	t->tag = be32(v->structs + off);
	t->name = NULL;
	t->value = NULL;
	t->len = 0;
	t->next = off + 4;
	switch (t->tag) {
	case FDT_BEGIN_NODE: return decode_node_name(v, off, t);
	case FDT_PROP: return decode_prop(v, off, t);
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END: return 0;
	default: return -EINVAL;
	}
}

/* Offset of the root node (the first BEGIN_NODE, after any NOPs). */
static int fdt_root(const struct fdt_view *v)
{
	struct fdt_tag t;
	int off = 0;

	for (;;) {
		if (fdt_next_tag(v, off, &t))
			return -EINVAL;
		if (t.tag == FDT_BEGIN_NODE)
			return off;
		if (t.tag != FDT_NOP)
			return -EINVAL;
		off = t.next;
	}
}

/*
 * Advance from the node (or END_NODE) at off to the next BEGIN_NODE in
 * document order, adjusting *depth (+1 entering off's node, -1 per END_NODE;
 * starting at the root with depth 0 gives each node its depth). Returns the
 * offset, -ENOENT at FDT_END, -EINVAL if corrupt.
 */
static int fdt_next_node(const struct fdt_view *v, int off, int *depth)
{
	struct fdt_tag t;

	if (fdt_next_tag(v, off, &t) || t.tag != FDT_BEGIN_NODE)
		return -EINVAL;
	(*depth)++;
	for (off = t.next;; off = t.next) {
		if (fdt_next_tag(v, off, &t))
			return -EINVAL;
		switch (t.tag) {
		case FDT_BEGIN_NODE: return off;
		case FDT_END_NODE: (*depth)--; break;
		case FDT_END: return -ENOENT;
		default: break;
		}
	}
}

/* Find a property of the node at off; fills t on success. */
static int fdt_find_prop(const struct fdt_view *v, int node, const char *name, struct fdt_tag *t)
{
	int off;

	if (fdt_next_tag(v, node, t) || t->tag != FDT_BEGIN_NODE)
		return -EINVAL;
	for (off = t->next;; off = t->next) {
		if (fdt_next_tag(v, off, t))
			return -EINVAL;
		if (t->tag == FDT_PROP && strcmp(t->name, name) == 0)
			return 0;
		if (t->tag != FDT_PROP && t->tag != FDT_NOP)
			return -ENOENT; /* properties precede subnodes */
	}
}

/* Does node name "memory@40000000" match path component comp[0..len)? */
static bool name_matches(const char *name, const char *comp, size_t len)
{
	if (strncmp(name, comp, len) != 0)
		return false;
	if (name[len] == '\0')
		return true;
	/* A component without a unit address matches any unit address. */
	return name[len] == '@' && !memchr(comp, '@', len);
}

/* The child of parent named comp[0..len); -ENOENT if none. */
static int fdt_find_child(const struct fdt_view *v, int parent, const char *comp, size_t len)
{
	struct fdt_tag t;
	int depth = 0;
	int off = parent;

	for (;;) {
		off = fdt_next_node(v, off, &depth);
		if (off < 0)
			return off;
		if (depth < 1)
			return -ENOENT; /* left the parent */
		if (depth == 1) {
			if (fdt_next_tag(v, off, &t))
				return -EINVAL;
			if (name_matches(t.name, comp, len))
				return off;
		}
	}
}

int fdt_next_child(const void *blob, int parent, int prev)
{
	struct fdt_view v;
	struct fdt_tag t;

	if (fdt_view_init(blob, &v) || fdt_next_tag(&v, parent, &t) || t.tag != FDT_BEGIN_NODE)
		return -EINVAL;
	/* from the parent (depth 0) its first child is at depth 1; from a child, its next sibling */
	int depth = prev < 0 ? 0 : 1;
	int off = prev < 0 ? parent : prev;
	if (prev >= 0 && prev <= parent)
		return -EINVAL;
	do {
		off = fdt_next_node(&v, off, &depth);
		if (off < 0)
			return off;
	} while (depth > 1);
	return depth == 1 ? off : -ENOENT;
}

int fdt_find_node(const void *blob, const char *path)
{
	struct fdt_view v;
	int node;

	if (!path || path[0] != '/' || fdt_view_init(blob, &v))
		return -EINVAL;
	node = fdt_root(&v);
	while (node >= 0 && *path) {
		size_t len;

		while (*path == '/')
			path++;
		len = strchr(path, '/') ? (size_t)(strchr(path, '/') - path) : strlen(path);
		if (len == 0)
			break;
		node = fdt_find_child(&v, node, path, len);
		path += len;
	}
	return node;
}

/* Does a NUL-separated string list of len bytes contain s? */
static bool stringlist_contains(const char *list, u32 len, const char *s)
{
	size_t slen = strlen(s);

	while (len > 0) {
		size_t n = strnlen(list, len);
		if (n == slen && memcmp(list, s, n) == 0)
			return true;
		if (n >= len)
			break;
		list += n + 1;
		len -= (u32)n + 1;
	}
	return false;
}

int fdt_next_compatible(const void *blob, int start_offset, const char *compat)
{
	struct fdt_view v;
	struct fdt_tag t;
	int depth = 0;
	int off;

	if (!compat || fdt_view_init(blob, &v))
		return -EINVAL;
	/* Only document order matters here; depth is unused. */
	off = start_offset < 0 ? fdt_root(&v) : fdt_next_node(&v, start_offset, &depth);
	for (; off >= 0; off = fdt_next_node(&v, off, &depth)) {
		if (fdt_find_prop(&v, off, "compatible", &t) == 0 &&
		    stringlist_contains((const char *)t.value, t.len, compat))
			return off;
	}
	return off == -ENOENT ? -ENOENT : -EINVAL;
}

int fdt_all_compatible(const void *blob, const char *compat, int *nodes, int *parents, int max)
{
	int stack[FDT_MAX_DEPTH]; /* stack[d]: the last node seen at depth d */
	struct fdt_view v;
	struct fdt_tag t;
	int depth = 0, found = 0;
	int off;

	if (!compat || max < 0 || fdt_view_init(blob, &v))
		return -EINVAL;
	for (off = fdt_root(&v); off >= 0; off = fdt_next_node(&v, off, &depth)) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return -EINVAL; /* unbalanced or absurdly deep */
		stack[depth] = off;
		if (fdt_find_prop(&v, off, "compatible", &t) == 0 &&
		    stringlist_contains((const char *)t.value, t.len, compat)) {
			if (found < max) {
				nodes[found] = off;
				parents[found] = depth > 0 ? stack[depth - 1] : -ENOENT;
			}
			found++;
		}
	}
	return off == -ENOENT ? found : -EINVAL;
}

const void *fdt_get_prop(const void *blob, int node, const char *name, int *len)
{
	struct fdt_view v;
	struct fdt_tag t;
	int err = -EINVAL;

	if (name && fdt_view_init(blob, &v) == 0)
		err = fdt_find_prop(&v, node, name, &t);
	if (len)
		*len = err ? err : (int)t.len;
	return err ? NULL : t.value;
}

const char *fdt_node_name(const void *blob, int node)
{
	struct fdt_view v;
	struct fdt_tag t;

	if (fdt_view_init(blob, &v) || fdt_next_tag(&v, node, &t) || t.tag != FDT_BEGIN_NODE)
		return NULL;
	return t.name;
}

int fdt_parent(const void *blob, int node)
{
	int stack[FDT_MAX_DEPTH];
	struct fdt_view v;
	int depth = 0;
	int off;

	if (fdt_view_init(blob, &v))
		return -EINVAL;
	off = fdt_root(&v);
	if (off == node)
		return -ENOENT;
	/* stack[d] holds the most recent node seen at depth d. */
	for (; off >= 0 && off <= node; off = fdt_next_node(&v, off, &depth)) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return -EINVAL; /* unbalanced or absurdly deep */
		stack[depth] = off;
		if (off == node)
			return depth > 0 ? stack[depth - 1] : -ENOENT;
	}
	return -EINVAL; /* node is not a node offset */
}

/* Join n big-endian cells (n <= 2) into one value. */
static u64 join_cells(const u8 *p, int n)
{
	u64 v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

int fdt_read_cells(const void *blob, int node, const char *name, int index, int cells, u64 *out)
{
	const u8 *p;
	int len;

	if (cells < 1 || cells > 2 || index < 0)
		return -EINVAL;
	p = fdt_get_prop(blob, node, name, &len);
	if (!p)
		return len;
	if (((u64)index + 1) * (u64)cells * 4 > (u64)len)
		return -ENOENT;
	*out = join_cells(p + (u64)index * (u64)cells * 4, cells);
	return 0;
}

/* Read a u32 property of parent (-ENOENT: node is the root), with a default if absent. */
static int parent_cells(const void *blob, int parent, const char *name, int dflt, int max)
{
	const u8 *p;
	int len;

	if (parent == -ENOENT)
		return dflt; /* the root: use the defaults */
	if (parent < 0)
		return parent;
	p = fdt_get_prop(blob, parent, name, &len);
	if (!p)
		return len == -ENOENT ? dflt : len;
	if (len != 4 || be32(p) > (u32)max)
		return -EINVAL;
	return (int)be32(p);
}

int fdt_address_cells(const void *blob, int node)
{
	return parent_cells(blob, fdt_parent(blob, node), "#address-cells", 2, 4);
}

int fdt_size_cells(const void *blob, int node)
{
	return parent_cells(blob, fdt_parent(blob, node), "#size-cells", 1, 4);
}

int fdt_reg(const void *blob, int node, int index, u64 *addr, u64 *size)
{
	return fdt_reg_in(blob, fdt_parent(blob, node), node, index, addr, size);
}

int fdt_reg_in(const void *blob, int parent, int node, int index, u64 *addr, u64 *size)
{
	int ac = parent_cells(blob, parent, "#address-cells", 2, 4);
	int sc = parent_cells(blob, parent, "#size-cells", 1, 4);
	const u8 *p;
	u64 entry;
	int len;

	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	if (ac < 1 || ac > 2 || sc > 2 || index < 0)
		return -EINVAL; /* wider cells do not fit a u64 */
	p = fdt_get_prop(blob, node, "reg", &len);
	if (!p)
		return len;
	entry = (u64)(ac + sc) * 4;
	if (((u64)index + 1) * entry > (u64)len)
		return -ENOENT;
	p += (u64)index * entry;
	*addr = join_cells(p, ac);
	*size = join_cells(p + 4 * ac, sc);
	return 0;
}

static bool is_memory_node(const void *blob, int node)
{
	int len;
	const char *type = fdt_get_prop(blob, node, "device_type", &len);

	return type && len == 7 && memcmp(type, "memory", 7) == 0;
}

int fdt_memory_region(const void *blob, int index, u64 *base, u64 *size)
{
	struct fdt_view v;
	int depth = 0;
	int off;

	if (index < 0 || fdt_view_init(blob, &v))
		return -EINVAL;
	for (off = fdt_root(&v); off >= 0; off = fdt_next_node(&v, off, &depth)) {
		if (!is_memory_node(blob, off))
			continue;
		for (int i = 0;; i++) {
			int err = fdt_reg(blob, off, i, base, size);
			if (err == -ENOENT)
				break;
			if (err)
				return err;
			if (index-- == 0)
				return 0;
		}
	}
	return off == -ENOENT ? -ENOENT : -EINVAL;
}
