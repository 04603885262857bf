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
/* The entropy the input pool holds, in bits, as Linux 6.1 counts it
 * (input_pool.init_bits): what was credited, up to 256 once seeded
 * (RNDGETENTCNT, /proc/sys/kernel/random/entropy_avail). */
unsigned random_entropy_count(void);
/* RNDRESEEDCRNG: the next output takes a new key from the pool. */
void random_reseed(void);
