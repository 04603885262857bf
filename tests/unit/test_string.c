/*
 * test_string.c — kernel/lib/string.c against byte-by-byte reference models,
 * over every small length and every alignment pair, with guard bytes around
 * the destination to catch writes out of range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "string.h"
#include "uapi/errno.h"

#define BUF 160

static void fill_pattern(u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7);
}

/* copy (memcpy or memcpy_normal) at every source and destination alignment and length below 150. */
static void check_copy_all_alignments(void *(*copy)(void *, const void *, size_t))
{
	u8 src[BUF], dst[BUF], ref[BUF];

	for (size_t so = 0; so < 8; so++)
		for (size_t dof = 0; dof < 8; dof++)
			for (size_t n = 0; n < 150; n++) {
				fill_pattern(src, BUF, 1);
				fill_pattern(dst, BUF, 99);
				fill_pattern(ref, BUF, 99);
				for (size_t i = 0; i < n; i++)
					ref[dof + i] = src[so + i];
				assert_ptr_equal(copy(dst + dof, src + so, n), dst + dof);
				assert_memory_equal(dst, ref, BUF);
			}
}

static void test_memcpy_all_alignments(void **state)
{
	(void)state;
	check_copy_all_alignments(memcpy);
}

static void test_memcpy_normal_all_alignments(void **state)
{
	(void)state;
	check_copy_all_alignments(memcpy_normal);
}

static void test_memmove_overlap(void **state)
{
	(void)state;
	u8 buf[BUF], ref[BUF], tmp[BUF];

	for (size_t so = 0; so < 24; so++)
		for (size_t dof = 0; dof < 24; dof++)
			for (size_t n = 0; n < 100; n++) {
				fill_pattern(buf, BUF, 3);
				fill_pattern(ref, BUF, 3);
				for (size_t i = 0; i < n; i++)
					tmp[i] = ref[so + i];
				for (size_t i = 0; i < n; i++)
					ref[dof + i] = tmp[i];
				assert_ptr_equal(memmove(buf + dof, buf + so, n), buf + dof);
				assert_memory_equal(buf, ref, BUF);
			}
}

static void test_memset_all_alignments(void **state)
{
	(void)state;
	u8 dst[BUF], ref[BUF];

	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n < 120; n++) {
			fill_pattern(dst, BUF, 5);
			fill_pattern(ref, BUF, 5);
			for (size_t i = 0; i < n; i++)
				ref[off + i] = 0xa5;
			assert_ptr_equal(memset(dst + off, 0x1a5, n), dst + off);
			assert_memory_equal(dst, ref, BUF);
		}
}

static void test_memcmp_memchr(void **state)
{
	(void)state;
	u8 a[] = {1, 2, 3, 0x80};
	u8 b[] = {1, 2, 3, 0x7f};

	assert_int_equal(memcmp(a, b, 3), 0);
	assert_true(memcmp(a, b, 4) > 0); /* compared as unsigned char */
	assert_true(memcmp(b, a, 4) < 0);
	assert_int_equal(memcmp(a, b, 0), 0);
	assert_ptr_equal(memchr(a, 3, 4), &a[2]);
	assert_ptr_equal(memchr(a, 0x180, 4), &a[3]);
	assert_null(memchr(a, 3, 2));
	assert_null(memchr(a, 9, 4));
}

static void test_strlen_strnlen(void **state)
{
	(void)state;
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("hello"), 5);
	assert_int_equal(strnlen("hello", 3), 3);
	assert_int_equal(strnlen("hello", 10), 5);
	/* strnlen must not read past maxlen: no NUL in this buffer. */
	char nonul[4] = {'a', 'b', 'c', 'd'};
	assert_int_equal(strnlen(nonul, sizeof(nonul)), 4);
}

static void test_strcmp_strncmp(void **state)
{
	(void)state;
	assert_int_equal(strcmp("abc", "abc"), 0);
	assert_true(strcmp("abc", "abd") < 0);
	assert_true(strcmp("abd", "abc") > 0);
	assert_true(strcmp("ab", "abc") < 0);
	assert_true(strcmp("abc", "ab") > 0);
	assert_true(strcmp("\x80", "\x7f") > 0);
	assert_int_equal(strcmp("", ""), 0);
	assert_int_equal(strncmp("abcX", "abcY", 3), 0);
	assert_true(strncmp("abcX", "abcY", 4) < 0);
	assert_int_equal(strncmp("ab", "ab", 10), 0);
	assert_int_equal(strncmp("x", "y", 0), 0);
}

static void test_strchr_strrchr(void **state)
{
	(void)state;
	const char *s = "a/b/c";

	assert_ptr_equal(strchr(s, '/'), s + 1);
	assert_ptr_equal(strrchr(s, '/'), s + 3);
	assert_ptr_equal(strchr(s, '\0'), s + 5);
	assert_ptr_equal(strrchr(s, '\0'), s + 5);
	assert_null(strchr(s, 'z'));
	assert_null(strrchr(s, 'z'));
}

static void test_strscpy(void **state)
{
	(void)state;
	char buf[6];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(strscpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(strscpy(buf, "abcde", sizeof(buf)), 5);
	assert_string_equal(buf, "abcde");
	assert_int_equal(strscpy(buf, "abcdef", sizeof(buf)), -E2BIG);
	assert_string_equal(buf, "abcde");
	assert_int_equal(strscpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
	buf[0] = 'q';
	assert_int_equal(strscpy(buf, "abc", 0), -E2BIG);
	assert_int_equal(buf[0], 'q');
	assert_int_equal(strscpy(buf, "abc", 1), -E2BIG);
	assert_string_equal(buf, "");
}

static void test_str_equals_bytes(void **state)
{
	(void)state;
	const char text[] = "kill_process kill_thread"; /* words, not NUL-terminated */

	assert_true(str_equals_bytes("kill_process", text, 12));
	assert_true(str_equals_bytes("kill_thread", text + 13, 11));
	assert_false(str_equals_bytes("kill", text, 12));	    /* a prefix of the word */
	assert_false(str_equals_bytes("kill_process_x", text, 12)); /* longer than the word */
	assert_false(str_equals_bytes("kill_processes", text, 12));
	assert_false(str_equals_bytes("kill_procesz", text, 12));
	assert_true(str_equals_bytes("", text, 0));
	assert_false(str_equals_bytes("a", text, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_all_alignments),
		cmocka_unit_test(test_memcpy_normal_all_alignments),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_memset_all_alignments),
		cmocka_unit_test(test_memcmp_memchr),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_strncmp),
		cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strscpy),
		cmocka_unit_test(test_str_equals_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
