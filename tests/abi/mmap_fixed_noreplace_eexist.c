/* mmap_fixed_noreplace_eexist: MAP_FIXED_NOREPLACE (Linux 4.17) "does not
 * clobber a preexisting mapped range. If the requested range would collide
 * with an existing mapping, then this call fails with the error EEXIST."
 * Over a whole mapping and over a partial overlap -> EEXIST and the old data
 * is untouched; on a free range it succeeds at exactly that address. */
#include "lvtest.h"
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

int main(void)
{
	long a = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	char *p = (char *)a;
	memset(p, 'x', 2 * 4096);
	/* free the upper two pages: p+2 pages .. p+4 pages is a known hole */
	syscall(SYS_munmap, p + 2 * 4096, 2 * 4096);
	errno = 0;
	long r = syscall(SYS_mmap, p, 2 * 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	expect_err("NOREPLACE over mapping", r, errno, EEXIST);
	errno = 0;
	r = syscall(SYS_mmap, p + 4096, 2 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	expect_err("NOREPLACE partial overlap", r, errno, EEXIST);
	yesno("old data intact", p[0] == 'x' && p[4096] == 'x' && p[2 * 4096 - 1] == 'x');
	errno = 0;
	r = syscall(SYS_mmap, p + 2 * 4096, 2 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (r == -1)
		say("NOREPLACE on free range: errno=%s\n", errname(errno));
	else
		yesno("NOREPLACE on free range returns exactly addr", r == (long)(p + 2 * 4096));
	if (r != -1) {
		p[2 * 4096] = 'y';
		say("new page readable: %c, first byte of old: %c\n", p[2 * 4096], p[0]);
	}
	syscall(SYS_munmap, p, 4 * 4096);
	done();
	return 0;
}
