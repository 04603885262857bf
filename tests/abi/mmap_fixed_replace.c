/* mmap_fixed_replace: mmap(2) with MAP_FIXED over an existing mapping
 * replaces it: "If the memory region specified by addr and length overlaps
 * pages of any existing mapping(s), then the overlapped part of the existing
 * mapping(s) will be discarded." The call returns exactly addr and the new
 * anonymous pages read as zero; pages outside the replaced range keep their
 * data. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)a;
	memset(p, 0xa5, 4 * 4096);
	errno = 0;
	long r = syscall(SYS_mmap, p + 4096, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			 -1, 0);
	yesno("MAP_FIXED returns addr", r == (long)(p + 4096));
	if (r == -1)
		say("errno=%s\n", errname(errno));
	int nz = 0;
	for (int i = 4096; i < 3 * 4096; i++)
		if (p[i])
			nz++;
	say("nonzero bytes in replaced pages: %d\n", nz);
	int kept = 0;
	for (int i = 0; i < 4096; i++)
		if (p[i] == 0xa5)
			kept++;
	for (int i = 3 * 4096; i < 4 * 4096; i++)
		if (p[i] == 0xa5)
			kept++;
	say("bytes kept outside: %d\n", kept);
	p[4096] = 1;
	say("replaced page writable: %d\n", p[4096]);
	errno = 0;
	r = syscall(SYS_munmap, p, 4 * 4096);
	show_ret("munmap", r, errno);
	done();
	return 0;
}
