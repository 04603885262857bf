/* write_negfd: write(2) with fd -1 (and INT_MIN) fails with EBADF; the fd is
 * an unsigned int in the kernel, so it is just an out-of-range descriptor
 * (fs/read_write.c ksys_write(unsigned int fd, ...)); for the same reason
 * the upper 32 bits of x0 are ignored. */
#include "lvtest.h"
#include <limits.h>

int main(void)
{
	errno = 0;
	long r = syscall(SYS_write, -1, "x", 1);
	expect_err("write(-1)", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_write, INT_MIN, "x", 1);
	expect_err("write(INT_MIN)", r, errno, EBADF);
	/* upper 32 bits of the register are ignored: fd is unsigned int, so
	 * 0xffffffff00000001 is fd 1 and the write succeeds */
	errno = 0;
	r = syscall(SYS_write, 0xffffffff00000001L, "y\n", 2);
	show_ret("write(0xffffffff00000001)", r, errno);
	done();
	return 0;
}
