/* mremap_grow_inplace: mremap(2) grows a mapping in place when the pages
 * after it are free ("If the mapping cannot be expanded in place..." only
 * then may it move); the address stays the same, the data is kept and the
 * new pages read as zero. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	syscall(SYS_munmap, a + 2 * 4096, 6 * 4096); /* free the room above */
	unsigned char *p = (unsigned char *)a;
	for (int i = 0; i < 2 * 4096; i++)
		p[i] = (unsigned char)(i * 3);
	errno = 0;
	long r = syscall(SYS_mremap, a, 2 * 4096, 6 * 4096, 0);
	if (r == -1) {
		say("mremap: errno=%s\n", errname(errno));
		done();
		return 0;
	}
	yesno("same address", r == a);
	int bad = 0;
	for (int i = 0; i < 2 * 4096; i++)
		if (p[i] != (unsigned char)(i * 3))
			bad++;
	say("bad old bytes: %d\n", bad);
	int nz = 0;
	for (int i = 2 * 4096; i < 6 * 4096; i++)
		if (p[i])
			nz++;
	say("nonzero new bytes: %d\n", nz);
	p[6 * 4096 - 1] = 1;
	say("last new byte writable: %d\n", p[6 * 4096 - 1]);
	syscall(SYS_munmap, a, 6 * 4096);
	done();
	return 0;
}
