/* mremap_einval: mremap(2) ERRORS "EINVAL An invalid argument was given.
 * Possible causes are: old_address was not page aligned; a value other than
 * MREMAP_MAYMOVE or MREMAP_FIXED or MREMAP_DONTUNMAP was specified in flags;
 * new_size was zero; ... MREMAP_FIXED was specified without also specifying
 * MREMAP_MAYMOVE". */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	errno = 0;
	long r = syscall(SYS_mremap, a, 4096, 2 * 4096, 0x10);
	expect_err("unknown flag 0x10", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mremap, a, 4096, 4096, MREMAP_FIXED, a + 2 * 4096);
	expect_err("FIXED without MAYMOVE", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mremap, a + 1, 4096, 2 * 4096, MREMAP_MAYMOVE);
	expect_err("unaligned old_address", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mremap, a, 4096, 0, MREMAP_MAYMOVE);
	expect_err("new_size 0", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mremap, a, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, a + 100);
	expect_err("unaligned new_address", r, errno, EINVAL);
	syscall(SYS_munmap, a, 4 * 4096);
	done();
	return 0;
}
