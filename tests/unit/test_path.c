/*
 * test_path.c — kernel/lib/path.c: canonical absolute paths from absolute
 * and relative inputs, "." and "..", repeated and trailing slashes, and the
 * NAME_MAX / buffer limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "path.h"
#include "string.h"
#include "uapi/errno.h"

static void expect(const char *base, const char *path, const char *want, bool want_slash)
{
	char out[64];
	bool slash;
	int n = path_normalize(base, path, out, sizeof(out), &slash);
	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(out, want);
	assert_int_equal(slash, want_slash);
}

static void test_absolute(void **state)
{
	(void)state;
	expect("/", "/", "/", true);
	expect("/", "/bin/hello", "/bin/hello", false);
	expect("/x", "//bin///hello", "/bin/hello", false);
	expect("/", "/bin/./hello/", "/bin/hello", true);
	expect("/", "/bin/../proc/self", "/proc/self", false);
	expect("/", "/..", "/", false);
	expect("/", "/../../a/..", "/", false);
	expect("/", "/a/b/c/../../d", "/a/d", false);
	expect("/", "/.hidden/..x", "/.hidden/..x", false);
}

static void test_relative(void **state)
{
	(void)state;
	expect("/", "relative", "/relative", false);
	expect("/t/glibc", "hello", "/t/glibc/hello", false);
	expect("/t/glibc", "../musl/./x", "/t/musl/x", false);
	expect("/t", "..", "/", false);
	expect("/t", ".", "/t", false);
	expect("/t", "", "/t", false);
}

static void test_limits(void **state)
{
	(void)state;
	char out[64], name[300];
	bool slash;
	memset(name, 'a', sizeof(name));
	name[0] = '/';
	name[256] = '\0'; /* a 255-byte component fits NAME_MAX but not out */
	assert_int_equal(path_normalize("/", name, out, sizeof(out), &slash), -ENAMETOOLONG);
	name[257] = '\0';
	name[256] = 'a'; /* 256 bytes: over NAME_MAX */
	char big[400];
	assert_true(path_normalize("/", name, big, sizeof(big), &slash) == -ENAMETOOLONG);
	name[256] = '\0';
	assert_int_equal(path_normalize("/", name, big, sizeof(big), &slash), 256);
	assert_int_equal(path_normalize("/", "/ab", out, 2, &slash), -ENAMETOOLONG);
	assert_int_equal(path_normalize("/", "/", out, 2, &slash), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
