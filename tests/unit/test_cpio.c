/*
 * test_cpio.c — kernel/lib/cpio.c on archives written by GNU cpio
 * (-H newc, made by run.sh in $UNIT_DATA), on concatenated archives, and on
 * truncated and randomly corrupted copies held in exact-size heap buffers so
 * ASan catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "unit_data.h"

#include "cpio.h"
#include "string.h"
#include "uapi/errno.h"

static u8 *load(const char *name, size_t *size)
{
	return unit_load("UNIT_DATA", "build/unit/data", name, size);
}

/* Append one newc entry to buf at *len, in the format GNU cpio writes. */
static void put_entry(u8 *buf, size_t *len, const char *name, const char *data, u32 mode, bool pad_tail)
{
	size_t nsize = strlen(name) + 1, dsize = strlen(data);
	int n = snprintf((char *)buf + *len, 111, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 7u,
			 mode, 0u, 0u, 1u, 0u, (u32)dsize, 0u, 0u, 0u, 0u, (u32)nsize, 0u);
	assert_int_equal(n, 110);
	*len += 110;
	memcpy(buf + *len, name, nsize);
	*len += nsize;
	while (*len % 4)
		buf[(*len)++] = 0;
	memcpy(buf + *len, data, dsize);
	*len += dsize;
	while (pad_tail && *len % 4)
		buf[(*len)++] = 0;
}

static void test_gnu_cpio_archive(void **state)
{
	(void)state;
	size_t size, off = 0;
	u8 *a = load("tree.cpio", &size);
	struct cpio_entry e;
	int n = 0, ret;
	bool saw_hello = false;

	while ((ret = cpio_next(a, size, &off, &e)) == 1) {
		assert_int_equal(e.name[e.name_len], '\0');
		if (strcmp(e.name, "hello.txt") == 0) {
			saw_hello = true;
			assert_int_equal(e.size, 17);
			assert_memory_equal(e.data, "hello, initramfs\n", 17);
			assert_int_equal(e.mode & 0170000, 0100000);
		}
		n++;
	}
	assert_int_equal(ret, 0);
	assert_true(saw_hello);
	assert_int_equal(n, 7); /* . dir dir/init.sh dir/link dir/sub dir/sub/empty hello.txt */
	assert_int_equal(cpio_next(a, size, &off, &e), 0); /* stays at the end */
	free(a);
}

static void test_find(void **state)
{
	(void)state;
	size_t size;
	u8 *a = load("tree.cpio", &size);
	struct cpio_entry e;

	assert_int_equal(cpio_find(a, size, "hello.txt", &e), 0);
	assert_int_equal(cpio_find(a, size, "/hello.txt", &e), 0);
	assert_int_equal(cpio_find(a, size, "./dir/init.sh", &e), 0);
	assert_memory_equal(e.data, "#!/bin/sh\necho hi\n", e.size);
	assert_int_equal(cpio_find(a, size, "/dir/link", &e), 0);
	assert_int_equal(e.mode & 0170000, 0120000);
	assert_memory_equal(e.data, "../hello.txt", e.size);
	assert_int_equal(cpio_find(a, size, "/dir/sub/empty", &e), 0);
	assert_int_equal(e.size, 0);
	assert_int_equal(cpio_find(a, size, "/dir", &e), 0);
	assert_int_equal(e.mode & 0170000, 0040000);
	assert_int_equal(cpio_find(a, size, "/", &e), 0);
	assert_string_equal(e.name, ".");
	assert_int_equal(cpio_find(a, size, "/dir/init", &e), -ENOENT);
	assert_int_equal(cpio_find(a, size, "/nope", &e), -ENOENT);
	assert_int_equal(cpio_find(a, size, "/TRAILER!!!", &e), -ENOENT);
	free(a);
}

static void test_concatenated(void **state)
{
	(void)state;
	size_t size;
	u8 *a = load("concat.cpio", &size);
	struct cpio_entry e;

	assert_int_equal(cpio_find(a, size, "/hello.txt", &e), 0);
	assert_int_equal(cpio_find(a, size, "/extra.txt", &e), 0);
	assert_memory_equal(e.data, "second\n", 7);
	free(a);

	/* Two hand-made archives with extra zero padding between them. */
	u8 buf[1024] = {0};
	size_t len = 0;
	put_entry(buf, &len, "a", "AAAA1", 0100644, true);
	put_entry(buf, &len, "TRAILER!!!", "", 0, true);
	len += 64;
	put_entry(buf, &len, "b", "B", 0100644, false); /* last entry unpadded */
	size_t off = 0;
	int count = 0;
	while (cpio_next(buf, len, &off, &e) == 1)
		count++;
	assert_int_equal(count, 2);
	assert_int_equal(cpio_find(buf, len, "b", &e), 0);
	assert_int_equal(e.size, 1);

	/* junk after the trailer is corruption */
	len = 0;
	put_entry(buf, &len, "a", "x", 0100644, true);
	put_entry(buf, &len, "TRAILER!!!", "", 0, true);
	memcpy(buf + len, "junk", 4);
	len += 4;
	off = 0;
	assert_int_equal(cpio_next(buf, len, &off, &e), 1);
	assert_int_equal(cpio_next(buf, len, &off, &e), -EINVAL);
}

static void test_header_variants(void **state)
{
	(void)state;
	u8 buf[512];
	size_t len = 0, off = 0;
	struct cpio_entry e;

	put_entry(buf, &len, "f", "data", 0100755, true);
	buf[5] = '2'; /* the crc variant has the same layout */
	assert_int_equal(cpio_next(buf, len, &off, &e), 1);
	assert_int_equal(e.mode, 0100755);
	assert_int_equal(e.ino, 7);
	assert_int_equal(e.nlink, 1);

	/* lower-case hex digits */
	memcpy(buf + 6 + 8, "000081ed", 8);
	off = 0;
	assert_int_equal(cpio_next(buf, len, &off, &e), 1);
	assert_int_equal(e.mode, 0100755);

	static const struct {
		size_t pos;
		char c;
	} bad[] = {
		{0, '1'},
		{5, '3'},
		{6, 'g'},
		{6 + 8 * 6, 'z'},      /* bad filesize digit */
		{6 + 8 * 11 + 7, '0'}, /* namesize 0 */
		{6 + 8 * 11 + 7, '9'}, /* name not NUL-terminated where it says */
		{6 + 8 * 6 + 7, '9'},  /* data runs past the end */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		u8 copy[512];
		memcpy(copy, buf, len);
		copy[bad[i].pos] = (u8)bad[i].c;
		off = 0;
		assert_int_equal(cpio_next(copy, len, &off, &e), -EINVAL);
	}
	/* misaligned offset */
	off = 2;
	assert_int_equal(cpio_next(buf, len, &off, &e), -EINVAL);
}

static void walk_all(const u8 *a, size_t size)
{
	struct cpio_entry e;
	size_t off = 0;
	int ret, guard = 0;

	while ((ret = cpio_next(a, size, &off, &e)) == 1) {
		/* touch every byte handed out */
		volatile u8 sum = 0;
		for (size_t i = 0; i < e.size; i++)
			sum += ((const u8 *)e.data)[i];
		for (size_t i = 0; i <= e.name_len; i++)
			sum += (u8)e.name[i];
		assert_true(++guard < 10000);
	}
	ret = cpio_find(a, size, "/dir/sub/empty", &e);
	assert_true(ret == 0 || ret == -ENOENT || ret == -EINVAL);
}

static void test_truncated_and_fuzzed(void **state)
{
	(void)state;
	size_t size;
	u8 *orig = load("concat.cpio", &size);

	for (size_t t = 0; t <= size; t++) {
		u8 *c = malloc(t ? t : 1);
		memcpy(c, orig, t);
		walk_all(c, t);
		free(c);
	}
	srand(77);
	u8 *c = malloc(size);
	for (int iter = 0; iter < 3000; iter++) {
		memcpy(c, orig, size);
		for (int k = rand() % 4 + 1; k > 0; k--) {
			size_t pos = (size_t)rand() % size;
			static const char pool[] = "0123456789abcdefF\0TRAILER!!!";
			c[pos] = (u8)pool[rand() % (int)sizeof(pool)];
		}
		walk_all(c, size);
	}
	free(c);
	free(orig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gnu_cpio_archive),     cmocka_unit_test(test_find),
		cmocka_unit_test(test_concatenated),	     cmocka_unit_test(test_header_variants),
		cmocka_unit_test(test_truncated_and_fuzzed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
