/* malloc_stress: malloc(3)/realloc(3)/free(3) of the C library running on the
 * kernel's brk(2)/mmap(2)/munmap(2)/mremap(2): 20000 operations chosen by a
 * fixed-seed LCG, on 512 slots with sizes from 1 byte to 256 KiB, every block
 * filled with a pattern of its own and checked before it is resized or
 * freed. Prints the operation counts (fixed by the seed) and the number of
 * corrupted blocks (0). The pattern is written and checked a 64-bit word at a
 * time (byte j is byte j % 8 of word j / 8, little-endian as AArch64 Linux is). */
#include "lvtest.h"
#include <stdint.h>
#include <string.h>

#define SLOTS 512
#define OPS 20000

static uint64_t seed = 0x2545f4914f6cdd1dULL;
static uint32_t rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(seed >> 33);
}

static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];

static size_t pick_size(void)
{
	uint32_t k = rnd() % 100;
	if (k < 70)
		return 1 + rnd() % 256; /* small */
	if (k < 95)
		return 257 + rnd() % 65536;		 /* medium */
	return 65536 + rnd() % (256 * 1024 - 65536 + 1); /* large, mmap'd */
}

/* The pattern of byte j of block i: byte j % 8 of a 64-bit word that depends
 * on the block's tag and on j / 8, so fill() and intact() can work a word at a
 * time (the blocks are malloc-aligned) and stay fast under emulation. */
static uint64_t pattern_word(int i, size_t word)
{
	return (tag[i] * 0x0101010101010101ULL) ^ (word * 0x9e3779b97f4a7c15ULL);
}

static unsigned char pattern_byte(int i, size_t j)
{
	return (unsigned char)(pattern_word(i, j / 8) >> (8 * (j % 8)));
}

static void fill(int i, size_t from)
{
	size_t j = from;
	for (; j < len[i] && j % 8; j++)
		ptr[i][j] = pattern_byte(i, j);
	for (; j + 8 <= len[i]; j += 8) {
		uint64_t word = pattern_word(i, j / 8);
		memcpy(ptr[i] + j, &word, 8); /* one store: no aliasing question */
	}
	for (; j < len[i]; j++)
		ptr[i][j] = pattern_byte(i, j);
}

static int intact(int i, size_t upto)
{
	size_t j = 0;
	for (; j + 8 <= upto; j += 8) {
		uint64_t word;
		memcpy(&word, ptr[i] + j, 8);
		if (word != pattern_word(i, j / 8))
			return 0;
	}
	for (; j < upto; j++)
		if (ptr[i][j] != pattern_byte(i, j))
			return 0;
	return 1;
}

int main(void)
{
	long nmalloc = 0, nrealloc = 0, nfree = 0, bad = 0, nulls = 0;
	for (int op = 0; op < OPS; op++) {
		int i = rnd() % SLOTS;
		uint32_t what = rnd() % 3;
		if (!ptr[i]) {
			len[i] = pick_size();
			tag[i] = (unsigned char)rnd();
			ptr[i] = malloc(len[i]);
			if (!ptr[i]) {
				nulls++;
				continue;
			}
			fill(i, 0);
			nmalloc++;
		} else if (what == 0) {
			if (!intact(i, len[i]))
				bad++;
			free(ptr[i]);
			ptr[i] = NULL;
			nfree++;
		} else {
			if (!intact(i, len[i]))
				bad++;
			size_t n = pick_size();
			unsigned char *q = realloc(ptr[i], n);
			if (!q) {
				nulls++;
				continue;
			}
			ptr[i] = q;
			size_t keep = n < len[i] ? n : len[i];
			if (!intact(i, keep))
				bad++;
			size_t old = len[i];
			len[i] = n;
			if (n > old)
				fill(i, old);
			nrealloc++;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (!ptr[i])
			continue;
		if (!intact(i, len[i]))
			bad++;
		free(ptr[i]);
	}
	say("mallocs: %ld reallocs: %ld frees: %ld\n", nmalloc, nrealloc, nfree);
	say("NULL results: %ld\n", nulls);
	say("corrupted blocks: %ld\n", bad);
	done();
	return 0;
}
