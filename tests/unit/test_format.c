/*
 * test_format.c — kernel/lib/format.c compared against the host C library's
 * snprintf (the reference for C semantics), both on hand-picked cases and on
 * randomly generated integer conversions, at several buffer sizes to cover
 * truncation. %p and NULL %s, where the kernel deliberately differs from
 * glibc, are checked against fixed expected strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "format.h"
#include "string.h"

/* Some cases below are deliberately outside what -Wformat accepts. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

/* host_rename.h made the kernel's functions k_*; reach libc's real ones. */
#undef snprintf
int snprintf(char *buf, size_t size, const char *fmt, ...);

#define REF_SIZES               \
	{                       \
		0, 1, 2, 5, 200 \
	}

#define CHECK_SAME(fmt, ...)                                                         \
	do {                                                                         \
		size_t sizes_[] = REF_SIZES;                                         \
		for (size_t i_ = 0; i_ < sizeof(sizes_) / sizeof(sizes_[0]); i_++) { \
			char want_[256], got_[256];                                  \
			memset(want_, 'Z', sizeof(want_));                           \
			memset(got_, 'Z', sizeof(got_));                             \
			int w_ = snprintf(want_, sizes_[i_], fmt, __VA_ARGS__);      \
			int g_ = k_snprintf(got_, sizes_[i_], fmt, __VA_ARGS__);     \
			assert_int_equal(g_, w_);                                    \
			assert_memory_equal(got_, want_, sizeof(got_));              \
		}                                                                    \
	} while (0)

static void test_plain_and_percent(void **state)
{
	(void)state;
	CHECK_SAME("hello%s", "");
	CHECK_SAME("100%% sure%s", "");
	CHECK_SAME("%c%c%c", 'a', 'b', 'c');
	CHECK_SAME("[%5c|%-5c]", 'x', 'y');
}

static void test_signed(void **state)
{
	(void)state;
	CHECK_SAME("%d %i %d", 0, -1, 42);
	CHECK_SAME("%d %d", INT32_MAX, INT32_MIN);
	CHECK_SAME("%lld %lld", (long long)INT64_MAX, (long long)INT64_MIN);
	CHECK_SAME("%+d %+d % d % d", 5, -5, 5, -5);
	CHECK_SAME("[%8d][%-8d][%08d][%+08d][% 08d]", -123, -123, -123, 123, 123);
	CHECK_SAME("[%.5d][%8.5d][%-8.5d][%08.5d]", -42, 42, 42, 42);
	CHECK_SAME("[%.0d][%5.0d][%+.0d]", 0, 0, 0);
	CHECK_SAME("%hhd %hd %ld", 300, 70000, -1L);
	CHECK_SAME("%zd %td %jd", (ssize_t)-7, (ptrdiff_t)-8, (intmax_t)-9);
}

static void test_unsigned_bases(void **state)
{
	(void)state;
	CHECK_SAME("%u %x %X %o", 0u, 0u, 0u, 0u);
	CHECK_SAME("%u %x %X %o", 4294967295u, 0xdeadbeefu, 0xdeadbeefu, 8u);
	CHECK_SAME("%#x %#X %#o %#o %#x", 255u, 255u, 8u, 0u, 0u);
	CHECK_SAME("[%#10x][%#-10x][%#010x][%#.8x]", 0xabcu, 0xabcu, 0xabcu, 0xabcu);
	CHECK_SAME("[%#.0o][%#.3o][%#5o]", 0u, 8u, 8u);
	CHECK_SAME("%llx %lX %zu %hhu %hu", 0xfedcba9876543210ull, ~0ul, (size_t)123456789, 257u, 65537u);
	CHECK_SAME("%jx %tx", (uintmax_t)1 << 63, (ptrdiff_t)0x1234);
}

static void test_star_width_precision(void **state)
{
	(void)state;
	CHECK_SAME("[%*d][%-*d][%*d]", 6, 42, 6, 42, -6, 42);
	CHECK_SAME("[%.*d][%.*d]", 4, 7, -1, 7);
	CHECK_SAME("[%*.*s]", 8, 3, "abcdef");
	CHECK_SAME("[%*s]", 0, "x");
}

static void test_strings(void **state)
{
	(void)state;
	char nonul[3] = {'a', 'b', 'c'};

	CHECK_SAME("[%s][%10s][%-10s][%.2s]", "hey", "hey", "hey", "hey");
	CHECK_SAME("[%.3s]", nonul); /* must not read past the precision */
	CHECK_SAME("[%.0s]", "abc");
}

static void test_kernel_specific(void **state)
{
	(void)state;
	char buf[64];

	assert_int_equal(k_snprintf(buf, sizeof(buf), "%s", (char *)NULL), 6);
	assert_string_equal(buf, "(null)");
	assert_int_equal(k_snprintf(buf, sizeof(buf), "%.3s|", (char *)NULL), 4);
	assert_string_equal(buf, "(nu|");
	assert_int_equal(k_snprintf(buf, sizeof(buf), "%p", (void *)0x1234), 18);
	assert_string_equal(buf, "0x0000000000001234");
	k_snprintf(buf, sizeof(buf), "%p", NULL);
	assert_string_equal(buf, "0x0000000000000000");
	k_snprintf(buf, sizeof(buf), "[%20p][%-20p]", (void *)1, (void *)~(uintptr_t)0);
	assert_string_equal(buf, "[  0x0000000000000001][0xffffffffffffffff  ]");
	/* unknown and truncated conversions are copied literally */
	k_snprintf(buf, sizeof(buf), "a%qb%-5n%");
	assert_string_equal(buf, "a%qb%-5n%");
}

static void test_truncation_and_zero_size(void **state)
{
	(void)state;
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(k_snprintf(buf, 4, "%d", 123456), 6);
	assert_string_equal(buf, "123");
	assert_int_equal(buf[4], 'Z');
	assert_int_equal(k_snprintf(NULL, 0, "%s", "hello"), 5);
}

struct count_ctx {
	char text[128];
	size_t len;
	int calls;
};

static void count_out(void *ctx, const char *s, size_t n)
{
	struct count_ctx *c = ctx;

	assert_true(c->len + n < sizeof(c->text));
	memcpy(c->text + c->len, s, n);
	c->len += n;
	c->calls++;
}

static int cb_printf(struct count_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vcbprintf(count_out, c, fmt, ap);
	va_end(ap);
	return r;
}

static void test_callback(void **state)
{
	(void)state;
	struct count_ctx c = {.len = 0};
	int r = cb_printf(&c, "x=%d, %-4s|%040d", -3, "ab", 1);

	assert_int_equal(r, (int)c.len);
	c.text[c.len] = '\0';
	assert_string_equal(c.text, "x=-3, ab  |0000000000000000000000000000000000000001");
}

/* Random integer conversions with random flags, width and precision. */
static void build_random_spec(char *fmt, unsigned seed_bits, int *use_star_w, int *use_star_p)
{
	static const char *flags[] = {"", "-", "0", "+", " ", "#", "-+", "0 ", "#0", "-#", "+0"};
	static const char *lens[] = {"", "hh", "h", "l", "ll", "z", "j"};
	static const char convs[] = "diuxXo";
	char *p = fmt;
	unsigned r = seed_bits;

	*p++ = '[';
	*p++ = '%';
	const char *f = flags[r % ARRAY_SIZE(flags)];
	r /= ARRAY_SIZE(flags);
	while (*f)
		*p++ = *f++;
	*use_star_w = r % 4 == 0;
	if (*use_star_w)
		*p++ = '*';
	else if (r % 4 == 1)
		p += k_snprintf(p, 8, "%u", (r / 4) % 25);
	r /= 100;
	*use_star_p = r % 4 == 0;
	if (*use_star_p) {
		*p++ = '.';
		*p++ = '*';
	} else if (r % 4 == 1) {
		p += k_snprintf(p, 8, ".%u", (r / 4) % 25);
	}
	r /= 100;
	const char *l = lens[r % ARRAY_SIZE(lens)];
	r /= ARRAY_SIZE(lens);
	while (*l)
		*p++ = *l++;
	*p++ = convs[r % 6];
	*p++ = ']';
	*p = '\0';
}

static void test_random_integers_vs_libc(void **state)
{
	(void)state;
	srand(12345);
	for (int iter = 0; iter < 20000; iter++) {
		char fmt[32];
		int star_w, star_p;
		int w = rand() % 40 - 20, pr = rand() % 30 - 5;
		unsigned long long v =
			((unsigned long long)rand() << 33) ^ ((unsigned long long)rand() << 10) ^ (unsigned)rand();
		if (iter % 5 == 0)
			v = 0;
		else if (iter % 5 == 1)
			v >>= rand() % 64;

		build_random_spec(fmt, (unsigned)rand(), &star_w, &star_p);
		/* Pass every argument as long long: all length modifiers read at
		 * most a 64-bit slot, and the * arguments come first. */
		if (star_w && star_p)
			CHECK_SAME(fmt, w, pr, v);
		else if (star_w)
			CHECK_SAME(fmt, w, v);
		else if (star_p)
			CHECK_SAME(fmt, pr, v);
		else
			CHECK_SAME(fmt, v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_percent),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned_bases),
		cmocka_unit_test(test_star_width_precision),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_kernel_specific),
		cmocka_unit_test(test_truncation_and_zero_size),
		cmocka_unit_test(test_callback),
		cmocka_unit_test(test_random_integers_vs_libc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
