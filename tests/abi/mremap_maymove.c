/* mremap_maymove: when the pages after a mapping are taken, growing it
 * without MREMAP_MAYMOVE fails with ENOMEM ("ENOMEM ... the memory area
 * cannot be expanded at the current virtual address, and the
 * MREMAP_MAYMOVE flag is not set"); with MREMAP_MAYMOVE it moves, keeps the
 * data, and the old range is unmapped. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	/* make page 2 a different mapping so pages 0-1 cannot grow in place */
	syscall(SYS_mprotect, a + 2 * 4096, 4096, PROT_READ);
	unsigned char *p = (unsigned char *)a;
	for (int i = 0; i < 2 * 4096; i++)
		p[i] = (unsigned char)(i * 5 + 1);
	errno = 0;
	long r = syscall(SYS_mremap, a, 2 * 4096, 16 * 4096, 0);
	expect_err("grow without MAYMOVE", r, errno, ENOMEM);
	errno = 0;
	r = syscall(SYS_mremap, a, 2 * 4096, 16 * 4096, MREMAP_MAYMOVE);
	if (r == -1) {
		say("mremap MAYMOVE: errno=%s\n", errname(errno));
		done();
		return 0;
	}
	yesno("moved", r != a);
	unsigned char *q = (unsigned char *)r;
	int bad = 0;
	for (int i = 0; i < 2 * 4096; i++)
		if (q[i] != (unsigned char)(i * 5 + 1))
			bad++;
	say("bad bytes after move: %d\n", bad);
	int nz = 0;
	for (int i = 2 * 4096; i < 16 * 4096; i++)
		if (q[i])
			nz++;
	say("nonzero new bytes: %d\n", nz);
	errno = 0;
	long w = syscall(SYS_write, 1, p, 1);
	expect_err("write from old address", w, errno, EFAULT);
	w = syscall(SYS_write, 1, p + 2 * 4096, 0);
	say("blocker page still mapped (write 0 bytes): %ld\n", w);
	syscall(SYS_munmap, r, 16 * 4096);
	syscall(SYS_munmap, a + 2 * 4096, 4096);
	done();
	return 0;
}
