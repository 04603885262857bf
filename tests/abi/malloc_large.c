/* malloc_large: an 8 MiB malloc succeeds (glibc serves it with mmap(2)
 * above M_MMAP_THRESHOLD; musl too), every page is writable and holds its
 * data; calloc of 4 MiB returns zeroed memory (fresh anonymous mappings are
 * zero-filled, mmap(2) MAP_ANONYMOUS). */
#include "lvtest.h"

int main(void)
{
	size_t sz = 8u << 20;
	unsigned char *p = malloc(sz);
	yesno("malloc 8 MiB non-NULL", p != NULL);
	if (!p) {
		done();
		return 0;
	}
	for (size_t i = 0; i < sz; i += 4096)
		p[i] = (unsigned char)(i >> 12);
	p[sz - 1] = 0xab;
	int bad = 0;
	for (size_t i = 0; i < sz; i += 4096)
		if (p[i] != (unsigned char)(i >> 12))
			bad++;
	if (p[sz - 1] != 0xab)
		bad++;
	say("bad pages: %d\n", bad);
	free(p);
	size_t csz = 4u << 20;
	unsigned long *c = calloc(csz / sizeof(long), sizeof(long));
	yesno("calloc 4 MiB non-NULL", c != NULL);
	int nz = 0;
	for (size_t i = 0; c && i < csz / sizeof(long); i++)
		if (c[i])
			nz++;
	say("nonzero words in calloc: %d\n", nz);
	free(c);
	done();
	return 0;
}
