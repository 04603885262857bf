/* read_ebadf: read(2) on a descriptor that is not open fails with EBADF
 * (read(2) ERRORS; fs/read_write.c ksys_read). The fd check happens before
 * the buffer is touched, so a bad buffer still gives EBADF. */
#include "lvtest.h"

int main(void)
{
	char buf[4];
	errno = 0;
	long r = syscall(SYS_read, 99, buf, sizeof buf);
	expect_err("read(99)", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_read, -1, buf, sizeof buf);
	expect_err("read(-1)", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_read, 99, (void *)8, 4);
	expect_err("read(99, bad buf)", r, errno, EBADF);
	done();
	return 0;
}
