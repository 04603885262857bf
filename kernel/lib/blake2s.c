/*
 * blake2s.c — BLAKE2s (RFC 7693, sections 2 and 3).
 *
 * The state buffers up to one full block and only compresses a block once
 * more input arrives, because the last block must be compressed with the
 * finalisation flag set. Input is read byte-wise so any alignment works.
 * blake2s_final wipes the state: it may hold key or pool material.
 */
#include "blake2s.h"

#include "string.h"

static const u32 blake2s_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const u8 blake2s_sigma[10][16] = {
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
	{11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
	{9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
	{12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
	{6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

static inline u32 rotr32(u32 v, int n)
{
	return (v >> n) | (v << (32 - n));
}

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

/* The mixing function G (RFC 7693 section 3.1). */
static void blake2s_g(u32 v[16], int a, int b, int c, int d, u32 x, u32 y)
{
	v[a] = v[a] + v[b] + x;
	v[d] = rotr32(v[d] ^ v[a], 16);
	v[c] = v[c] + v[d];
	v[b] = rotr32(v[b] ^ v[c], 12);
	v[a] = v[a] + v[b] + y;
	v[d] = rotr32(v[d] ^ v[a], 8);
	v[c] = v[c] + v[d];
	v[b] = rotr32(v[b] ^ v[c], 7);
}

static void blake2s_compress(struct blake2s_state *s, const u8 block[64])
{
	u32 m[16], v[16];

	for (int i = 0; i < 16; i++)
		m[i] = get_le32(block + 4 * i);
	for (int i = 0; i < 8; i++) {
		v[i] = s->h[i];
		v[i + 8] = blake2s_iv[i];
	}
	v[12] ^= s->t[0];
	v[13] ^= s->t[1];
	v[14] ^= s->f[0];
	v[15] ^= s->f[1];
	for (int r = 0; r < 10; r++) {
		const u8 *sg = blake2s_sigma[r];
		blake2s_g(v, 0, 4, 8, 12, m[sg[0]], m[sg[1]]);
		blake2s_g(v, 1, 5, 9, 13, m[sg[2]], m[sg[3]]);
		blake2s_g(v, 2, 6, 10, 14, m[sg[4]], m[sg[5]]);
		blake2s_g(v, 3, 7, 11, 15, m[sg[6]], m[sg[7]]);
		blake2s_g(v, 0, 5, 10, 15, m[sg[8]], m[sg[9]]);
		blake2s_g(v, 1, 6, 11, 12, m[sg[10]], m[sg[11]]);
		blake2s_g(v, 2, 7, 8, 13, m[sg[12]], m[sg[13]]);
		blake2s_g(v, 3, 4, 9, 14, m[sg[14]], m[sg[15]]);
	}
	for (int i = 0; i < 8; i++)
		s->h[i] ^= v[i] ^ v[i + 8];
}

static void blake2s_add_count(struct blake2s_state *s, u32 n)
{
	s->t[0] += n;
	if (s->t[0] < n)
		s->t[1]++;
}

void blake2s_init_key(struct blake2s_state *s, size_t outlen, const void *key, size_t keylen)
{
	outlen = MIN(MAX(outlen, (size_t)1), (size_t)BLAKE2S_HASH_SIZE);
	keylen = MIN(keylen, (size_t)BLAKE2S_KEY_SIZE);
	memset(s, 0, sizeof(*s));
	memcpy(s->h, blake2s_iv, sizeof(s->h));
	/* Parameter block: digest length, key length, fanout 1, depth 1. */
	s->h[0] ^= 0x01010000u ^ (u32)(keylen << 8) ^ (u32)outlen;
	s->outlen = outlen;
	if (keylen) {
		/* The key, zero-padded, is hashed as a first full block. */
		memcpy(s->buf, key, keylen);
		s->buflen = BLAKE2S_BLOCK_SIZE;
	}
}

void blake2s_init(struct blake2s_state *s, size_t outlen)
{
	blake2s_init_key(s, outlen, NULL, 0);
}

void blake2s_update(struct blake2s_state *s, const void *in, size_t inlen)
{
	const u8 *p = in;

	while (inlen > 0) {
		size_t take;

		if (s->buflen == BLAKE2S_BLOCK_SIZE) {
			/* More input follows, so this block is not the last. */
			blake2s_add_count(s, BLAKE2S_BLOCK_SIZE);
			blake2s_compress(s, s->buf);
			s->buflen = 0;
		}
		take = MIN(inlen, BLAKE2S_BLOCK_SIZE - s->buflen);
		memcpy(s->buf + s->buflen, p, take);
		s->buflen += take;
		p += take;
		inlen -= take;
	}
}

void blake2s_final(struct blake2s_state *s, u8 *out)
{
	u8 full[BLAKE2S_HASH_SIZE];

	blake2s_add_count(s, (u32)s->buflen);
	memset(s->buf + s->buflen, 0, BLAKE2S_BLOCK_SIZE - s->buflen);
	s->f[0] = 0xffffffffu;
	blake2s_compress(s, s->buf);
	for (int i = 0; i < 8; i++)
		put_le32(full + 4 * i, s->h[i]);
	memcpy(out, full, s->outlen);
	memset(full, 0, sizeof(full));
	memset(s, 0, sizeof(*s));
	__asm__ __volatile__("" : : "r"(s), "r"(full) : "memory");
}

void blake2s(u8 *out, size_t outlen, const void *in, size_t inlen)
{
	struct blake2s_state s;

	blake2s_init(&s, outlen);
	blake2s_update(&s, in, inlen);
	blake2s_final(&s, out);
}
