/*
 * chacha20.c — ChaCha20 block function (RFC 8439, section 2.3).
 *
 * State: 4 constant words, 8 key words, the block counter, 3 nonce words.
 * Twenty rounds (ten column/diagonal pairs) of quarter rounds, then the
 * input state is added back and the result serialised little-endian. The
 * working state lives on the stack and is wiped before returning, since it
 * is key material.
 */
#include "chacha20.h"

#include "string.h"

static inline u32 rotl32(u32 v, int n)
{
	return (v << n) | (v >> (32 - n));
}

#define QUARTER_ROUND(x, a, b, c, d)            \
	do {                                    \
		x[a] += x[b];                   \
		x[d] = rotl32(x[d] ^ x[a], 16); \
		x[c] += x[d];                   \
		x[b] = rotl32(x[b] ^ x[c], 12); \
		x[a] += x[b];                   \
		x[d] = rotl32(x[d] ^ x[a], 8);  \
		x[c] += x[d];                   \
		x[b] = rotl32(x[b] ^ x[c], 7);  \
	} while (0)

static void put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3], u8 out[64])
{
	u32 in[16], x[16];

	in[0] = 0x61707865; /* "expand 32-byte k" */
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	in[13] = nonce[0];
	in[14] = nonce[1];
	in[15] = nonce[2];
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QUARTER_ROUND(x, 0, 4, 8, 12);
		QUARTER_ROUND(x, 1, 5, 9, 13);
		QUARTER_ROUND(x, 2, 6, 10, 14);
		QUARTER_ROUND(x, 3, 7, 11, 15);
		QUARTER_ROUND(x, 0, 5, 10, 15);
		QUARTER_ROUND(x, 1, 6, 11, 12);
		QUARTER_ROUND(x, 2, 7, 8, 13);
		QUARTER_ROUND(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++)
		put_le32(out + 4 * i, x[i] + in[i]);
	/* Wipe key material; the barrier keeps the stores from being elided. */
	memset(x, 0, sizeof(x));
	memset(in, 0, sizeof(in));
	__asm__ __volatile__("" : : "r"(x), "r"(in) : "memory");
}
