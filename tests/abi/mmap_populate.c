/* mmap_populate: MAP_POPULATE "Populate (prefault) page tables for a
 * mapping"; the result is an ordinary anonymous mapping: the call succeeds
 * and every byte reads as zero, then is writable. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	size_t sz = 64 * 4096;
	errno = 0;
	long r = syscall(SYS_mmap, 0, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	yesno("mmap MAP_POPULATE ok", r != -1);
	if (r == -1) {
		say("errno=%s\n", errname(errno));
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)r;
	int nz = 0;
	for (size_t i = 0; i < sz; i++)
		if (p[i])
			nz++;
	say("nonzero bytes: %d\n", nz);
	for (size_t i = 0; i < sz; i += 4096)
		p[i] = 0x77;
	int bad = 0;
	for (size_t i = 0; i < sz; i += 4096)
		if (p[i] != 0x77)
			bad++;
	say("pages not writable: %d\n", bad);
	errno = 0;
	r = syscall(SYS_munmap, p, sz);
	show_ret("munmap", r, errno);
	done();
	return 0;
}
