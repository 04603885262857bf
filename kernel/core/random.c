/*
 * random.c — the CSPRNG: BLAKE2s entropy pool, ChaCha20 output (random.h).
 *
 * Entropy sources: virtio-rng when QEMU provides it (drivers/virtio_rng.c),
 * and CPU timer jitter: the low bits of the counter around work whose
 * duration varies (cache, emulator scheduling), sampled many times.
 *
 * Output (Linux's crng, drivers/char/random.c): a ChaCha20 key taken from
 * the pool (BLAKE2s) only when new entropy came in since the last one;
 * every request then runs one ChaCha20 block with that key, whose first 32
 * bytes replace the key at once ("fast key erasure": output already given
 * cannot be recomputed from a later key) and whose other 32 bytes are the
 * output, or, for a longer request, the key of that request's own
 * keystream. An exec asks three times (ASLR bases, AT_RANDOM): one ChaCha20
 * block each instead of two BLAKE2s compressions and a block.
 *
 * Locking: random_lock protects the pool, the key and their state.
 */
#include <random.h>

#include <arch.h>
#include <blake2s.h>
#include <chacha20.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>

static struct spinlock random_lock = SPINLOCK_INIT("random");
static struct blake2s_state pool; /* [random_lock] */
static bool pool_ready;		  /* [random_lock] */
static u32 credited_bits;	  /* [random_lock] */
static u64 generation;		  /* keys taken from the pool so far [random_lock] */
static u32 crng_key[8];		  /* the output key, erased forward at each use [random_lock] */
static bool crng_stale = true;	  /* entropy came in since crng_key was taken [random_lock] */

#define SEEDED_BITS 256

static void pool_init_locked(void)
{
	ASSERT_HELD(&random_lock);
	if (!pool_ready) {
		blake2s_init(&pool, 32);
		pool_ready = true;
	}
}

void random_add_entropy(const void *data, size_t len, unsigned credit_bits)
{
	unsigned long irq = spin_lock_irqsave(&random_lock);
	pool_init_locked();
	blake2s_update(&pool, data, len);
	credited_bits = MIN(credited_bits + MIN(credit_bits, SEEDED_BITS), SEEDED_BITS); /* full at 256, never wraps */
	crng_stale = true;
	spin_unlock_irqrestore(&random_lock, irq);
}

bool random_is_seeded(void)
{
	return credited_bits >= SEEDED_BITS;
}

unsigned random_entropy_count(void)
{
	return MIN(__atomic_load_n(&credited_bits, __ATOMIC_RELAXED), (u32)SEEDED_BITS);
}

void random_reseed(void)
{
	unsigned long irq = spin_lock_irqsave(&random_lock);
	crng_stale = true;
	spin_unlock_irqrestore(&random_lock, irq);
}

/* Each sample is credited with at most 1 bit: emulator timing is coarse. */
void random_seed_from_jitter(void)
{
	u64 samples[64];
	volatile u64 sink = 0;
	while (!random_is_seeded()) {
		for (int i = 0; i < 64; i++) {
			u64 t0 = arch_counter();
			for (int j = 0; j < 50 + (int)(t0 & 63); j++)
				sink += j * t0;
			samples[i] = arch_counter() - t0 + (sink & 1);
		}
		random_add_entropy(samples, sizeof(samples), 64 / 4);
	}
}

/* A new output key from the pool state plus a generation counter (the pool
 * itself is then updated with the key, so the key cannot be recomputed from
 * a later pool state; Linux's crng_reseed). */
static void crng_reseed_locked(void)
{
	ASSERT_HELD(&random_lock);
	u8 seed[32];
	u64 now = arch_counter();
	pool_init_locked();
	generation++;
	struct blake2s_state snapshot = pool;
	blake2s_update(&snapshot, &generation, sizeof(generation));
	blake2s_update(&snapshot, &now, sizeof(now));
	blake2s_final(&snapshot, seed);
	blake2s_update(&pool, seed, sizeof(seed)); /* ratchet forward */
	memcpy(crng_key, seed, sizeof(crng_key));
	memset(seed, 0, sizeof(seed));
	crng_stale = false;
}

void random_get_bytes(void *out, size_t len)
{
	const u32 nonce[3] = {0, 0, 0};
	u8 block[CHACHA20_BLOCK_SIZE];
	unsigned long irq = spin_lock_irqsave(&random_lock);
	if (crng_stale)
		crng_reseed_locked();
	chacha20_block(crng_key, 0, nonce, block);
	memcpy(crng_key, block, sizeof(crng_key)); /* fast key erasure */
	spin_unlock_irqrestore(&random_lock, irq);

	u8 *half = block + sizeof(crng_key), *dst = out;
	if (len <= CHACHA20_BLOCK_SIZE - sizeof(crng_key)) {
		memcpy(dst, half, len);
	} else { /* a keystream of its own, keyed by the second half */
		u32 key[8];
		memcpy(key, half, sizeof(key));
		for (u32 counter = 0; len > 0; counter++) {
			chacha20_block(key, counter, nonce, block);
			size_t n = MIN(len, sizeof(block));
			memcpy(dst, block, n);
			dst += n;
			len -= n;
		}
		memset(key, 0, sizeof(key));
	}
	memset(block, 0, sizeof(block));
}
