/* malloc_small: many small malloc/realloc/free calls keep their contents
 * intact (malloc(3)). Exercises libc's heap growth through brk(2) (glibc)
 * or brk/mmap(2) (musl). */
#include "lvtest.h"

#define N 20000

static unsigned char *blk[N];
static size_t len[N];

static int verify(int i)
{
	for (size_t k = 0; k < len[i]; k++)
		if (blk[i][k] != (unsigned char)(i * 7 + k))
			return 0;
	return 1;
}

static void fill(int i)
{
	for (size_t k = 0; k < len[i]; k++)
		blk[i][k] = (unsigned char)(i * 7 + k);
}

int main(void)
{
	int nullc = 0, bad = 0;
	for (int i = 0; i < N; i++) {
		len[i] = 1 + (i * 37) % 200;
		blk[i] = malloc(len[i]);
		if (!blk[i]) {
			nullc++;
			len[i] = 0;
			continue;
		}
		fill(i);
	}
	for (int i = 0; i < N; i += 2) {
		free(blk[i]);
		blk[i] = NULL;
		len[i] = 0;
	}
	for (int i = 1; i < N; i += 2)
		if (!verify(i))
			bad++;
	for (int i = 1; i < N; i += 4) {
		unsigned char *p = realloc(blk[i], len[i] * 3);
		if (!p) {
			nullc++;
			continue;
		}
		blk[i] = p;
		for (size_t k = len[i]; k < len[i] * 3; k++)
			p[k] = (unsigned char)(i * 7 + k);
		len[i] *= 3;
	}
	for (int i = 0; i < N; i++)
		if (blk[i] && !verify(i))
			bad++;
	for (int i = 0; i < N; i++)
		free(blk[i]);
	say("NULL returns: %d\n", nullc);
	say("corrupted blocks: %d\n", bad);
	done();
	return 0;
}
