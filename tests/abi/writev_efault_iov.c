/* writev_efault_iov: an unreadable iovec array fails with EFAULT (writev(2);
 * iovec_from_user copy_from_user fails). A readable iovec whose single
 * segment's base is unmapped also fails with EFAULT, writing nothing. */
#include "lvtest.h"
#include <sys/uio.h>

int main(void)
{
	errno = 0;
	long r = syscall(SYS_writev, 1, (void *)8, 2);
	expect_err("writev iov=0x8", r, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_writev, 1, (void *)0xffff000000000000UL, 1);
	expect_err("writev iov=kernel ptr", r, errno, EFAULT);
	struct iovec iov[1] = {{(void *)8, 4}};
	errno = 0;
	r = syscall(SYS_writev, 1, iov, 1);
	expect_err("writev base=0x8", r, errno, EFAULT);
	done();
	return 0;
}
