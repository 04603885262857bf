/*
 * test_blake2s.c — kernel/lib/blake2s.c against RFC 7693 appendix B ("abc"),
 * the empty-input digest, and keyed / truncated / block-boundary digests
 * computed with Python's hashlib.blake2s (an independent implementation).
 * Also checks that any split of the input into updates gives the same hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "blake2s.h"
#include "string.h"

static void hex_to_bytes(const char *hex, u8 *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++) {
			char c = hex[2 * i + j];
			v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
		}
		out[i] = (u8)v;
	}
}

static void check(const char *hex, const u8 *got, size_t n)
{
	u8 want[32];

	hex_to_bytes(hex, want, n);
	assert_memory_equal(got, want, n);
}

static void test_rfc7693_abc(void **state)
{
	(void)state;
	u8 out[32];

	blake2s(out, 32, "abc", 3);
	check("508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982", out, 32);
}

static void test_empty(void **state)
{
	(void)state;
	u8 out[32];

	blake2s(out, 32, "", 0);
	check("69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9", out, 32);
}

static void test_exact_block(void **state)
{
	(void)state;
	u8 in[64], out[32];

	for (int i = 0; i < 64; i++)
		in[i] = (u8)i;
	blake2s(out, 32, in, 64);
	check("56f34e8b96557e90c1f24b52d0c89d51086acf1b00f634cf1dde9233b8eaaa3e", out, 32);
}

static u8 long_input[1280];

static void fill_long_input(void)
{
	for (size_t i = 0; i < sizeof(long_input); i++)
		long_input[i] = (u8)i;
}

static void test_keyed_and_short(void **state)
{
	(void)state;
	struct blake2s_state s;
	u8 key[32], out[32];

	fill_long_input();
	for (int i = 0; i < 32; i++)
		key[i] = (u8)i;
	blake2s_init_key(&s, 32, key, 32);
	blake2s_update(&s, long_input, sizeof(long_input));
	blake2s_final(&s, out);
	check("8975b7ad01578e4ae7046aa4de4f4950b39d33e3b589238b45512ce6a60edd56", out, 32);

	memset(out, 0xaa, sizeof(out));
	blake2s(out, 16, long_input, sizeof(long_input));
	check("05aee41a604de670d91d910d9cd9bca9", out, 16);
	assert_int_equal(out[16], 0xaa); /* writes exactly outlen bytes */
}

static void test_split_updates(void **state)
{
	(void)state;
	u8 ref[32], out[32];

	fill_long_input();
	for (size_t len = 0; len <= 200; len += 7) {
		blake2s(ref, 32, long_input, len);
		for (size_t chunk = 1; chunk <= 70; chunk++) {
			struct blake2s_state s;
			blake2s_init(&s, 32);
			for (size_t off = 0; off < len; off += chunk)
				blake2s_update(&s, long_input + off, MIN(chunk, len - off));
			blake2s_final(&s, out);
			assert_memory_equal(out, ref, 32);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7693_abc),   cmocka_unit_test(test_empty),
		cmocka_unit_test(test_exact_block),   cmocka_unit_test(test_keyed_and_short),
		cmocka_unit_test(test_split_updates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
