/*
 * random.c — the CSPRNG: BLAKE2s entropy pool, ChaCha20 output (random.h).
 *
 * Entropy sources: virtio-rng when QEMU provides it (drivers/virtio_rng.c),
 * and CPU timer jitter: the low bits of the counter around work whose
 * duration varies (cache, emulator scheduling), sampled many times.
 * Locking: random_lock protects pool and key.
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
static u64 generation;		  /* [random_lock] */

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
	credited_bits += credit_bits;
	spin_unlock_irqrestore(&random_lock, irq);
}

bool random_is_seeded(void)
{
	return credited_bits >= SEEDED_BITS;
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

/*
 * Output: derive a one-time ChaCha20 key from the pool state plus a
 * generation counter (the pool itself is then updated with the key, so the
 * key cannot be recomputed from a later pool state).
 */
void random_get_bytes(void *out, size_t len)
{
	u8 seed[32];
	u64 now = arch_counter();
	unsigned long irq = spin_lock_irqsave(&random_lock);
	pool_init_locked();
	generation++;
	struct blake2s_state snapshot = pool;
	blake2s_update(&snapshot, &generation, sizeof(generation));
	blake2s_update(&snapshot, &now, sizeof(now));
	blake2s_final(&snapshot, seed);
	blake2s_update(&pool, seed, sizeof(seed)); /* ratchet forward */
	spin_unlock_irqrestore(&random_lock, irq);

	u32 key[8];
	memcpy(key, seed, sizeof(key));
	const u32 nonce[3] = {0, 0, 0};
	u8 block[64];
	u8 *dst = out;
	for (u32 counter = 0; len > 0; counter++) {
		chacha20_block(key, counter, nonce, block);
		size_t n = MIN(len, sizeof(block));
		memcpy(dst, block, n);
		dst += n;
		len -= n;
	}
	memset(key, 0, sizeof(key));
	memset(block, 0, sizeof(block));
	memset(seed, 0, sizeof(seed));
}
