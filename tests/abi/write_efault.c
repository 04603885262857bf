/* write_efault: write(2) with a buffer outside the accessible address space
 * fails with EFAULT (write(2) ERRORS; copy_from_user fails on the first byte,
 * so nothing is written). Tries a low unmapped address (8) and a kernel-half
 * address (0xffff000000000000). */
#include "lvtest.h"

int main(void)
{
	errno = 0;
	long r = syscall(SYS_write, 1, (void *)8, 10);
	expect_err("write(1, 0x8, 10)", r, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_write, 1, (void *)0xffff000000000000UL, 10);
	expect_err("write(1, kernel ptr, 10)", r, errno, EFAULT);
	done();
	return 0;
}
