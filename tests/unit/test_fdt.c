/*
 * test_fdt.c — kernel/lib/fdt.c on QEMU's real virt DTB, on trees built by
 * a small in-test DTB writer, and on truncated and randomly corrupted blobs.
 * Every blob lives in a heap buffer of exactly its size so ASan reports any
 * read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "unit_data.h"

#include "fdt.h"
#include "string.h"
#include "uapi/errno.h"

/* ---- a minimal DTB writer ---- */

struct dtb_builder {
	u8 structs[4096];
	size_t slen;
	char strings[1024];
	size_t strlen_;
};

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static void db_u32(struct dtb_builder *b, u32 v)
{
	put_be32(b->structs + b->slen, v);
	b->slen += 4;
}

static void db_bytes(struct dtb_builder *b, const void *p, size_t n)
{
	memcpy(b->structs + b->slen, p, n);
	b->slen += n;
	while (b->slen % 4)
		b->structs[b->slen++] = 0;
}

static void db_begin(struct dtb_builder *b, const char *name)
{
	db_u32(b, 1);
	db_bytes(b, name, strlen(name) + 1);
}

static void db_end(struct dtb_builder *b)
{
	db_u32(b, 2);
}

static u32 db_string(struct dtb_builder *b, const char *name)
{
	u32 off = (u32)b->strlen_;

	memcpy(b->strings + b->strlen_, name, strlen(name) + 1);
	b->strlen_ += strlen(name) + 1;
	return off;
}

static void db_prop(struct dtb_builder *b, const char *name, const void *val, size_t len)
{
	db_u32(b, 3);
	db_u32(b, (u32)len);
	db_u32(b, db_string(b, name));
	db_bytes(b, val, len);
}

static void db_prop_str(struct dtb_builder *b, const char *name, const char *s)
{
	db_prop(b, name, s, strlen(s) + 1);
}

static void db_prop_cells(struct dtb_builder *b, const char *name, int n, const u32 *cells)
{
	u8 buf[64];

	for (int i = 0; i < n; i++)
		put_be32(buf + 4 * i, cells[i]);
	db_prop(b, name, buf, (size_t)n * 4);
}

/* Assemble header + reserve map + structs + strings in an exact-size buffer. */
static u8 *db_finish(struct dtb_builder *b, size_t *size_out)
{
	size_t off_rsv = 40, off_struct = 56, off_strings;
	size_t total;
	u8 *blob;

	db_u32(b, 9); /* FDT_END */
	off_strings = off_struct + b->slen;
	total = off_strings + b->strlen_;
	blob = calloc(1, total);
	assert_non_null(blob);
	put_be32(blob + 0, FDT_MAGIC);
	put_be32(blob + 4, (u32)total);
	put_be32(blob + 8, (u32)off_struct);
	put_be32(blob + 12, (u32)off_strings);
	put_be32(blob + 16, (u32)off_rsv);
	put_be32(blob + 20, 17);
	put_be32(blob + 24, 16);
	put_be32(blob + 32, (u32)b->strlen_);
	put_be32(blob + 36, (u32)b->slen);
	memcpy(blob + off_struct, b->structs, b->slen);
	memcpy(blob + off_strings, b->strings, b->strlen_);
	*size_out = total;
	return blob;
}

static const char compat_uart[] = "foo,bar\0vendor,uart";

static u8 *build_test_tree(size_t *size)
{
	static struct dtb_builder b;
	const u32 one = 1, zero = 0, two = 2;

	memset(&b, 0, sizeof(b));
	db_begin(&b, "");
	db_prop_cells(&b, "#address-cells", 1, &one);
	db_prop_cells(&b, "#size-cells", 1, &one);
	db_begin(&b, "cpus");
	db_prop_cells(&b, "#address-cells", 1, &one);
	db_prop_cells(&b, "#size-cells", 1, &zero);
	db_begin(&b, "cpu@0");
	db_prop_cells(&b, "reg", 1, &zero);
	db_end(&b);
	db_begin(&b, "cpu@1");
	db_prop_cells(&b, "reg", 1, &one);
	db_end(&b);
	db_end(&b);
	db_begin(&b, "memory@80000000");
	db_prop_str(&b, "device_type", "memory");
	db_prop_cells(&b, "reg", 4, (const u32[]){0x80000000, 0x1000000, 0x90000000, 0x2000});
	db_end(&b);
	db_begin(&b, "soc");
	db_prop_cells(&b, "#address-cells", 1, &two);
	db_prop_cells(&b, "#size-cells", 1, &two);
	db_begin(&b, "uart@1000");
	db_prop(&b, "compatible", compat_uart, sizeof(compat_uart));
	db_prop_cells(&b, "reg", 4, (const u32[]){0x1, 0x1000, 0x0, 0x100});
	db_end(&b);
	db_begin(&b, "bus");
	db_begin(&b, "dev");
	db_prop(&b, "compatible", "vendor,uart", 11); /* no final NUL */
	db_end(&b);
	db_end(&b);
	db_end(&b);
	db_begin(&b, "memory@c0000000");
	db_prop_str(&b, "device_type", "memory");
	db_prop_cells(&b, "reg", 2, (const u32[]){0xc0000000, 0x4000});
	db_end(&b);
	db_end(&b);
	return db_finish(&b, size);
}

static u8 *load_file(const char *name, size_t *size)
{
	return unit_load("UNIT_SRC_DATA", "tests/unit/data", name, size);
}

/* ---- tests ---- */

static void test_virt_dtb(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = load_file("virt.dtb", &size);
	u64 base, len, addr;
	int node, mem;

	assert_int_equal(fdt_check(blob, size), 0);
	assert_int_equal(fdt_total_size(blob), size);
	assert_true(fdt_find_node(blob, "/chosen") >= 0);
	assert_int_equal(fdt_find_node(blob, "/"), 0);
	mem = fdt_find_node(blob, "/memory@40000000");
	assert_true(mem > 0);
	assert_int_equal(fdt_find_node(blob, "/memory"), mem);
	assert_int_equal(fdt_address_cells(blob, mem), 2);
	assert_int_equal(fdt_size_cells(blob, mem), 2);
	assert_int_equal(fdt_memory_region(blob, 0, &base, &len), 0);
	assert_int_equal(base, 0x40000000);
	assert_int_equal(len, 512ull << 20);
	assert_int_equal(fdt_memory_region(blob, 1, &base, &len), -ENOENT);

	node = fdt_next_compatible(blob, -1, "arm,pl011");
	assert_true(node > 0);
	assert_string_equal(fdt_node_name(blob, node), "pl011@9000000");
	assert_int_equal(fdt_reg(blob, node, 0, &addr, &len), 0);
	assert_int_equal(addr, 0x9000000);
	assert_int_equal(len, 0x1000);
	assert_int_equal(fdt_reg(blob, node, 1, &addr, &len), -ENOENT);
	assert_int_equal(fdt_next_compatible(blob, node, "arm,pl011"), -ENOENT);
	assert_int_equal(fdt_parent(blob, node), 0);
	/* "arm,primecell" is the second string of the pl011's list */
	assert_int_equal(fdt_next_compatible(blob, -1, "arm,primecell") > 0, 1);
	assert_int_equal(fdt_find_node(blob, "/nonexistent"), -ENOENT);
	free(blob);
}

static void test_paths(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = build_test_tree(&size);
	int soc, uart, dev;

	assert_int_equal(fdt_check(blob, size), 0);
	soc = fdt_find_node(blob, "/soc");
	uart = fdt_find_node(blob, "/soc/uart");
	dev = fdt_find_node(blob, "/soc//bus/dev/");
	assert_true(soc > 0 && uart > soc && dev > uart);
	assert_int_equal(fdt_find_node(blob, "/soc/uart@1000"), uart);
	assert_int_equal(fdt_find_node(blob, "/soc/uart@2000"), -ENOENT);
	assert_int_equal(fdt_find_node(blob, "/soc/uar"), -ENOENT);
	assert_int_equal(fdt_find_node(blob, "/soc/dev"), -ENOENT); /* grandchild, not child */
	assert_int_equal(fdt_find_node(blob, "/memory"), fdt_find_node(blob, "/memory@80000000"));
	assert_true(fdt_find_node(blob, "/memory@c0000000") > 0);
	assert_int_equal(fdt_find_node(blob, "soc"), -EINVAL);
	assert_int_equal(fdt_parent(blob, dev), fdt_find_node(blob, "/soc/bus"));
	assert_int_equal(fdt_parent(blob, soc), 0);
	assert_int_equal(fdt_parent(blob, 0), -ENOENT);
	assert_int_equal(fdt_parent(blob, uart + 4), -EINVAL);
	assert_string_equal(fdt_node_name(blob, 0), "");
	assert_null(fdt_node_name(blob, 3));
	free(blob);
}

static void test_children(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = build_test_tree(&size);
	int cpus = fdt_find_node(blob, "/cpus"), soc = fdt_find_node(blob, "/soc");

	int first = fdt_next_child(blob, cpus, -1);
	assert_int_equal(first, fdt_find_node(blob, "/cpus/cpu@0"));
	int second = fdt_next_child(blob, cpus, first);
	assert_int_equal(second, fdt_find_node(blob, "/cpus/cpu@1"));
	assert_int_equal(fdt_next_child(blob, cpus, second), -ENOENT);
	/* a child with children of its own is stepped over as a whole */
	assert_int_equal(fdt_next_child(blob, soc, -1), fdt_find_node(blob, "/soc/uart"));
	assert_int_equal(fdt_next_child(blob, soc, fdt_find_node(blob, "/soc/uart")), fdt_find_node(blob, "/soc/bus"));
	assert_int_equal(fdt_next_child(blob, soc, fdt_find_node(blob, "/soc/bus")), -ENOENT);
	/* the root's children in document order */
	int n = 0;
	for (int c = fdt_next_child(blob, 0, -1); c >= 0; c = fdt_next_child(blob, 0, c))
		n++;
	assert_int_equal(n, 4); /* cpus, memory@80000000, soc, memory@c0000000 */
	assert_int_equal(fdt_next_child(blob, fdt_find_node(blob, "/soc/bus/dev"), -1), -ENOENT);
	assert_int_equal(fdt_next_child(blob, 3, -1), -EINVAL);
	free(blob);
}

static void test_props_and_cells(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = build_test_tree(&size);
	int uart = fdt_find_node(blob, "/soc/uart");
	int cpu1 = fdt_find_node(blob, "/cpus/cpu@1");
	int len;
	u64 v, addr, sz;

	assert_non_null(fdt_get_prop(blob, uart, "compatible", &len));
	assert_int_equal(len, sizeof(compat_uart));
	assert_null(fdt_get_prop(blob, uart, "missing", &len));
	assert_int_equal(len, -ENOENT);
	assert_null(fdt_get_prop(blob, 4, "reg", &len));
	assert_int_equal(len, -EINVAL);

	assert_int_equal(fdt_read_cells(blob, uart, "reg", 0, 2, &v), 0);
	assert_int_equal(v, 0x100001000ull);
	assert_int_equal(fdt_read_cells(blob, uart, "reg", 3, 1, &v), 0);
	assert_int_equal(v, 0x100);
	assert_int_equal(fdt_read_cells(blob, uart, "reg", 2, 2, &v), -ENOENT);
	assert_int_equal(fdt_read_cells(blob, uart, "reg", 0, 3, &v), -EINVAL);
	assert_int_equal(fdt_read_cells(blob, uart, "reg", INT32_MAX, 2, &v), -ENOENT);

	assert_int_equal(fdt_address_cells(blob, uart), 2);
	assert_int_equal(fdt_size_cells(blob, uart), 2);
	assert_int_equal(fdt_reg(blob, uart, 0, &addr, &sz), 0);
	assert_int_equal(addr, 0x100001000ull);
	assert_int_equal(sz, 0x100);
	assert_int_equal(fdt_reg(blob, uart, 1, &addr, &sz), -ENOENT);

	/* #size-cells = 0 under /cpus */
	assert_int_equal(fdt_size_cells(blob, cpu1), 0);
	assert_int_equal(fdt_reg(blob, cpu1, 0, &addr, &sz), 0);
	assert_int_equal(addr, 1);
	assert_int_equal(sz, 0);
	/* the root's own reg cells use the defaults */
	assert_int_equal(fdt_address_cells(blob, 0), 2);
	assert_int_equal(fdt_size_cells(blob, 0), 1);
	free(blob);
}

static void test_compatible_iteration(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = build_test_tree(&size);
	int uart = fdt_find_node(blob, "/soc/uart");
	int dev = fdt_find_node(blob, "/soc/bus/dev");

	assert_int_equal(fdt_next_compatible(blob, -1, "vendor,uart"), uart);
	assert_int_equal(fdt_next_compatible(blob, uart, "vendor,uart"), dev);
	assert_int_equal(fdt_next_compatible(blob, dev, "vendor,uart"), -ENOENT);
	assert_int_equal(fdt_next_compatible(blob, -1, "foo,bar"), uart);
	assert_int_equal(fdt_next_compatible(blob, -1, "foo"), -ENOENT);
	assert_int_equal(fdt_next_compatible(blob, -1, "vendor,uar"), -ENOENT);
	/* searching after a deep node still finds later, shallower nodes */
	int cpu0 = fdt_find_node(blob, "/cpus/cpu@0");
	assert_int_equal(fdt_next_compatible(blob, cpu0, "vendor,uart"), uart);

	/* all at once, with their parents; fdt_reg_in with the parent given */
	int nodes[2], parents[2];
	assert_int_equal(fdt_all_compatible(blob, "vendor,uart", nodes, parents, 2), 2);
	assert_int_equal(nodes[0], uart);
	assert_int_equal(parents[0], fdt_find_node(blob, "/soc"));
	assert_int_equal(nodes[1], dev);
	assert_int_equal(parents[1], fdt_find_node(blob, "/soc/bus"));
	assert_int_equal(fdt_all_compatible(blob, "vendor,uart", nodes, parents, 1), 2); /* counts past max */
	assert_int_equal(fdt_all_compatible(blob, "foo", nodes, parents, 2), 0);
	assert_int_equal(fdt_all_compatible(blob, NULL, nodes, parents, 2), -EINVAL);
	u64 addr, sz;
	assert_int_equal(fdt_reg_in(blob, parents[0], uart, 0, &addr, &sz), 0);
	assert_int_equal(addr, 0x100001000ull);
	assert_int_equal(sz, 0x100);
	assert_int_equal(fdt_reg_in(blob, -ENOENT, 0, 0, &addr, &sz), -ENOENT); /* the root: default cells, no reg */
	free(blob);
}

static void test_memory_regions(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = build_test_tree(&size);
	u64 base, len;

	assert_int_equal(fdt_memory_region(blob, 0, &base, &len), 0);
	assert_int_equal(base, 0x80000000);
	assert_int_equal(len, 0x1000000);
	assert_int_equal(fdt_memory_region(blob, 1, &base, &len), 0);
	assert_int_equal(base, 0x90000000);
	assert_int_equal(len, 0x2000);
	assert_int_equal(fdt_memory_region(blob, 2, &base, &len), 0);
	assert_int_equal(base, 0xc0000000);
	assert_int_equal(len, 0x4000);
	assert_int_equal(fdt_memory_region(blob, 3, &base, &len), -ENOENT);
	assert_int_equal(fdt_memory_region(blob, -1, &base, &len), -EINVAL);
	free(blob);
}

static void test_bad_headers(void **state)
{
	(void)state;
	size_t size;
	u8 *blob = build_test_tree(&size);
	u8 *copy = malloc(size);

	assert_int_equal(fdt_check(blob, size - 1), -EINVAL);
	assert_int_equal(fdt_check(blob, 39), -EINVAL);
	assert_int_equal(fdt_check(NULL, size), -EINVAL);
	struct {
		unsigned off;
		u32 val;
	} bad[] = {
		{0, 0xd00dfeee},
		{20, 16},
		{24, 18},
		{4, 20},
		{8, (u32)size},
		{8, 2},
		{8, 42},
		{36, 0xfffffff0},
		{12, (u32)size + 1},
		{32, 0xffffffff},
		{16, (u32)size - 8},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(copy, blob, size);
		put_be32(copy + bad[i].off, bad[i].val);
		assert_int_equal(fdt_check(copy, size), -EINVAL);
		assert_true(fdt_find_node(copy, "/soc") < 0);
	}
	free(copy);
	free(blob);
}

/* Call every API; with ASan any out-of-bounds read aborts the test. */
static void exercise(const u8 *blob)
{
	static const char *paths[] = {"/",	     "/chosen",	     "/memory",	       "/soc/uart",
				      "/cpus/cpu@1", "/soc/bus/dev", "/pl011@9000000", "/intc/its"};
	u64 a, s;
	int len, node;
	volatile int sink = 0;

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		node = fdt_find_node(blob, paths[i]);
		if (node < 0)
			continue;
		(void)fdt_get_prop(blob, node, "compatible", &len);
		(void)fdt_node_name(blob, node);
		sink += fdt_parent(blob, node);
		sink += fdt_reg(blob, node, 0, &a, &s);
		sink += fdt_read_cells(blob, node, "reg", 1, 2, &a);
	}
	node = -1;
	for (int i = 0; i < 1000; i++) {
		node = fdt_next_compatible(blob, node, "arm,pl011");
		if (node < 0)
			break;
	}
	for (int i = 0; i < 100; i++) {
		if (fdt_memory_region(blob, i, &a, &s))
			break;
	}
}

static void test_truncated(void **state)
{
	(void)state;
	const char *names[] = {"virt.dtb", NULL};

	for (int which = 0; which < 2; which++) {
		size_t size;
		u8 *blob = names[which] ? load_file(names[which], &size) : build_test_tree(&size);

		for (size_t t = 0; t < size; t++) {
			u8 *copy = malloc(t ? t : 1);
			memcpy(copy, blob, t);
			assert_int_equal(fdt_check(copy, t), -EINVAL);
			if (t >= 40) {
				/* Claim the truncated size: the walk must stay inside it. */
				put_be32(copy + 4, (u32)t);
				if (fdt_check(copy, t) == 0)
					exercise(copy);
			}
			free(copy);
		}
		free(blob);
	}
}

static void test_fuzzed(void **state)
{
	(void)state;
	size_t size, tsize;
	u8 *orig = load_file("virt.dtb", &size);
	u8 *tree = build_test_tree(&tsize);
	u8 *copy = malloc(size);
	u8 *tcopy = malloc(tsize);
	int passed_check = 0;

	srand(4242);
	for (int iter = 0; iter < 6000; iter++) {
		bool small = iter % 2;
		u8 *c = small ? tcopy : copy;
		size_t n = small ? tsize : size;

		memcpy(c, small ? tree : orig, n);
		for (int k = rand() % 6 + 1; k > 0; k--) {
			size_t pos = (size_t)rand() % n;
			if (rand() % 2)
				c[pos] ^= (u8)(1u << (rand() % 8));
			else if (pos + 4 <= n)
				put_be32(c + (pos & ~(size_t)3), (u32)rand() % (u32)(n * 2));
		}
		if (fdt_check(c, n) == 0) {
			passed_check++;
			exercise(c);
		}
	}
	assert_true(passed_check > 1000); /* most mutations hit the body, not the header */
	free(copy);
	free(tcopy);
	free(orig);
	free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_dtb),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_props_and_cells),
		cmocka_unit_test(test_compatible_iteration),
		cmocka_unit_test(test_memory_regions),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_fuzzed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
