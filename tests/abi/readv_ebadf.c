/* readv_ebadf: readv(2) on a descriptor that is not open fails with EBADF
 * before reading the iovec array (fs/read_write.c do_readv: fdget_pos).
 * Never reads from stdin (that could block). */
#include "lvtest.h"
#include <sys/uio.h>

int main(void)
{
	char buf[4];
	struct iovec iov[1] = {{buf, sizeof buf}};
	errno = 0;
	long r = syscall(SYS_readv, 99, iov, 1);
	expect_err("readv(99)", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_readv, -1, iov, 1);
	expect_err("readv(-1)", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_readv, 99, (void *)8, 1);
	expect_err("readv(99, bad iov)", r, errno, EBADF);
	done();
	return 0;
}
