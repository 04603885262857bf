/* mincore_basic: mincore(2) reports residency in the low bit of each vector
 * byte; a page just written is resident (vec[0] & 1 == 1). "EINVAL addr is
 * not a multiple of the page size"; "ENOMEM addr to addr + length contained
 * unmapped memory". */
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
	((volatile char *)a)[0] = 1;
	unsigned char vec[4] = {0xee, 0xee, 0xee, 0xee};
	errno = 0;
	long r = syscall(SYS_mincore, a, 4 * 4096, vec);
	show_ret("mincore", r, errno);
	say("vec[0] & 1: %d\n", vec[0] & 1);
	yesno("upper bits of vec[0] clear", (vec[0] & ~1) == 0);
	errno = 0;
	r = syscall(SYS_mincore, a + 1, 4096, vec);
	expect_err("unaligned addr", r, errno, EINVAL);
	syscall(SYS_munmap, a + 2 * 4096, 2 * 4096);
	errno = 0;
	r = syscall(SYS_mincore, a + 2 * 4096, 4096, vec);
	expect_err("unmapped page", r, errno, ENOMEM);
	errno = 0;
	r = syscall(SYS_mincore, a, 4 * 4096, vec);
	expect_err("range running into unmapped", r, errno, ENOMEM);
	syscall(SYS_munmap, a, 2 * 4096);
	done();
	return 0;
}
