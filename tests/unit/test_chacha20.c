/*
 * test_chacha20.c — kernel/lib/chacha20.c against RFC 8439's test vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chacha20.h"
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

static void words_from_bytes(const u8 *b, u32 *w, int n)
{
	for (int i = 0; i < n; i++)
		w[i] = (u32)b[4 * i] | (u32)b[4 * i + 1] << 8 | (u32)b[4 * i + 2] << 16 | (u32)b[4 * i + 3] << 24;
}

/* RFC 8439 section 2.3.2: key 00..1f, nonce 000000090000004a00000000, counter 1. */
static void test_rfc8439_2_3_2(void **state)
{
	(void)state;
	u8 keyb[32], nonceb[12], want[64], got[64];
	u32 key[8], nonce[3];

	for (int i = 0; i < 32; i++)
		keyb[i] = (u8)i;
	hex_to_bytes("000000090000004a00000000", nonceb, 12);
	words_from_bytes(keyb, key, 8);
	words_from_bytes(nonceb, nonce, 3);
	hex_to_bytes("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
		     "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
		     want, 64);
	chacha20_block(key, 1, nonce, got);
	assert_memory_equal(got, want, 64);
}

/* RFC 8439 appendix A.1, test vectors 1 and 2: all-zero key and nonce. */
static void test_rfc8439_a1(void **state)
{
	(void)state;
	const u32 key[8] = {0}, nonce[3] = {0};
	u8 want[64], got[64];

	hex_to_bytes("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
		     "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
		     want, 64);
	chacha20_block(key, 0, nonce, got);
	assert_memory_equal(got, want, 64);

	hex_to_bytes("9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
		     "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
		     want, 64);
	chacha20_block(key, 1, nonce, got);
	assert_memory_equal(got, want, 64);
}

/* RFC 8439 appendix A.1 test vector 4: key ff at byte 1, counter 2. */
static void test_rfc8439_a1_tv4(void **state)
{
	(void)state;
	u8 keyb[32] = {0}, want[64], got[64];
	u32 key[8];
	const u32 nonce[3] = {0};

	keyb[1] = 0xff;
	words_from_bytes(keyb, key, 8);
	hex_to_bytes("72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
		     "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096",
		     want, 64);
	chacha20_block(key, 2, nonce, got);
	assert_memory_equal(got, want, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8439_2_3_2),
		cmocka_unit_test(test_rfc8439_a1),
		cmocka_unit_test(test_rfc8439_a1_tv4),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
