/* writev_zero_iov: writev(fd, iov, 0) returns 0 without touching iov, so a
 * NULL iov pointer is fine (fs/read_write.c: import_iovec with nr_segs 0
 * copies nothing). Also on a bad fd the fd check comes first: EBADF. */
#include "lvtest.h"
#include <sys/uio.h>

int main(void)
{
	struct iovec iov[1] = {{(void *)"x", 1}};
	errno = 0;
	long r = syscall(SYS_writev, 1, iov, 0);
	show_ret("writev(1, iov, 0)", r, errno);
	errno = 0;
	r = syscall(SYS_writev, 1, NULL, 0);
	show_ret("writev(1, NULL, 0)", r, errno);
	errno = 0;
	r = syscall(SYS_writev, 99, NULL, 0);
	expect_err("writev(99, NULL, 0)", r, errno, EBADF);
	done();
	return 0;
}
