/* mremap_fixed: MREMAP_FIXED|MREMAP_MAYMOVE moves the mapping to exactly
 * new_address ("any previous mapping at the address range specified by
 * new_address and new_size is unmapped"); data moves with it and the old
 * range is unmapped. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long src = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long dst = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmaps ok", src != -1 && dst != -1);
	if (src == -1 || dst == -1) {
		done();
		return 0;
	}
	memset((void *)src, 'F', 2 * 4096);
	memset((void *)dst, 'd', 4 * 4096);
	long target = dst + 4096;
	errno = 0;
	long r = syscall(SYS_mremap, src, 2 * 4096, 2 * 4096, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	if (r == -1) {
		say("mremap: errno=%s\n", errname(errno));
		done();
		return 0;
	}
	yesno("returned new_address", r == target);
	unsigned char *q = (unsigned char *)target;
	int bad = 0;
	for (int i = 0; i < 2 * 4096; i++)
		if (q[i] != 'F')
			bad++;
	say("bad moved bytes: %d\n", bad);
	unsigned char *d = (unsigned char *)dst;
	yesno("neighbours of target untouched", d[0] == 'd' && d[3 * 4096] == 'd');
	errno = 0;
	long w = syscall(SYS_write, 1, (void *)src, 1);
	expect_err("write from old address", w, errno, EFAULT);
	syscall(SYS_munmap, dst, 4 * 4096);
	done();
	return 0;
}
