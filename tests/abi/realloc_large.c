/* realloc_large: realloc(3) of a 1 MiB block (mmap'd by the C library) up to
 * 64 MiB by doubling, then back down, keeps the data every time. glibc
 * grows mmap'd chunks with mremap(2) and falls back to malloc + copy + free
 * when that fails; musl also uses mremap for large blocks. */
#include "lvtest.h"
#include <stdint.h>

static unsigned char pat(size_t i)
{
	return (unsigned char)(i * 2654435761u >> 13);
}

int main(void)
{
	size_t n = 1 << 20;
	unsigned char *p = malloc(n);
	yesno("malloc 1 MiB", p != NULL);
	if (!p) {
		done();
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = pat(i);
	while (n < (64u << 20)) {
		size_t m = n * 2;
		unsigned char *q = realloc(p, m);
		if (!q) {
			say("realloc to %zu MiB: NULL\n", m >> 20);
			break;
		}
		p = q;
		size_t bad = 0;
		for (size_t i = 0; i < n; i++)
			if (p[i] != pat(i))
				bad++;
		say("grow to %zu MiB: bad bytes %zu\n", m >> 20, bad);
		for (size_t i = n; i < m; i++)
			p[i] = pat(i);
		n = m;
	}
	while (n > (1u << 20)) {
		size_t m = n / 4;
		unsigned char *q = realloc(p, m);
		if (!q) {
			say("shrink: NULL\n");
			break;
		}
		p = q;
		size_t bad = 0;
		for (size_t i = 0; i < m; i++)
			if (p[i] != pat(i))
				bad++;
		say("shrink to %zu MiB: bad bytes %zu\n", m >> 20, bad);
		n = m;
	}
	free(p);
	done();
	return 0;
}
