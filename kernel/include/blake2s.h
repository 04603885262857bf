/*
 * blake2s.h — the BLAKE2s hash (RFC 7693), unkeyed and keyed.
 *
 * The CSPRNG mixes entropy into a BLAKE2s state and extracts seeds from it,
 * as Linux's random.c does. Digests are 1..32 bytes; keys up to 32 bytes.
 */
#pragma once

#include "types.h"

#define BLAKE2S_BLOCK_SIZE 64
#define BLAKE2S_HASH_SIZE 32
#define BLAKE2S_KEY_SIZE 32

struct blake2s_state {
	u32 h[8];		    /* chained hash value */
	u32 t[2];		    /* bytes hashed so far, 64-bit little-endian counter */
	u32 f[2];		    /* finalisation flags */
	u8 buf[BLAKE2S_BLOCK_SIZE]; /* pending input */
	size_t buflen;
	size_t outlen;
};

/* outlen must be 1..32 (it is clamped into that range). */
void blake2s_init(struct blake2s_state *s, size_t outlen);
/* keylen must be 0..32 (longer keys are truncated to 32 bytes). */
void blake2s_init_key(struct blake2s_state *s, size_t outlen, const void *key, size_t keylen);
void blake2s_update(struct blake2s_state *s, const void *in, size_t inlen);
/* Write outlen bytes to out and wipe the state. */
void blake2s_final(struct blake2s_state *s, u8 *out);
/* One-shot unkeyed hash. */
void blake2s(u8 *out, size_t outlen, const void *in, size_t inlen);
