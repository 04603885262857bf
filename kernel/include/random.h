/*
 * random.h — the kernel CSPRNG (getrandom, AT_RANDOM).
 *
 * Design as Linux's random.c: entropy inputs are hashed into a BLAKE2s pool;
 * output is a ChaCha20 keystream whose key is taken from the pool and erased
 * forward (each request re-keys, so past output cannot be recovered).
 */
#pragma once

#include <types.h>

void random_add_entropy(const void *data, size_t len, unsigned credit_bits);
/* Mixes timer jitter into the pool until it is credited as seeded. */
void random_seed_from_jitter(void);
void random_get_bytes(void *out, size_t len);
bool random_is_seeded(void);
