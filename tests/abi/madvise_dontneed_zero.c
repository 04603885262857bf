/* madvise_dontneed_zero: MADV_DONTNEED on a private anonymous mapping drops
 * the pages; "subsequent accesses of pages in the range will succeed, but
 * will result in ... zero-fill-on-demand pages for anonymous private
 * mappings". Pages outside the advised range keep their data. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	size_t sz = 8 * 4096;
	long a = syscall(SYS_mmap, 0, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)a;
	for (size_t i = 0; i < sz; i++)
		p[i] = (unsigned char)(i % 251 + 1);
	errno = 0;
	long r = syscall(SYS_madvise, p + 2 * 4096, 4 * 4096, MADV_DONTNEED);
	show_ret("madvise DONTNEED", r, errno);
	int nz = 0;
	for (size_t i = 2 * 4096; i < 6 * 4096; i++)
		if (p[i])
			nz++;
	say("nonzero bytes in advised pages: %d\n", nz);
	int bad = 0;
	for (size_t i = 0; i < sz; i++) {
		if (i >= 2 * 4096 && i < 6 * 4096)
			continue;
		if (p[i] != (unsigned char)(i % 251 + 1))
			bad++;
	}
	say("bad bytes outside: %d\n", bad);
	p[3 * 4096] = 9;
	say("advised page writable again: %d\n", p[3 * 4096]);
	syscall(SYS_munmap, p, sz);
	done();
	return 0;
}
