/*
 * chacha20.h — the ChaCha20 block function (RFC 8439, section 2.3).
 *
 * Used by the CSPRNG to expand a key into a keystream. Key and nonce are
 * given as little-endian 32-bit words, as RFC 8439 loads them from bytes.
 */
#pragma once

#include "types.h"

#define CHACHA20_BLOCK_SIZE 64

/* One 64-byte keystream block for (key, counter, nonce). */
void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3], u8 out[64]);
