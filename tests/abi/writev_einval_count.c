/* writev_einval_count: iovcnt < 0 or > IOV_MAX (1024) fails with EINVAL
 * (writev(2) ERRORS; lib/iov_iter.c iovec_from_user: nr_segs > UIO_MAXIOV).
 * The count is checked before the iovec array is read. iovcnt == 1024 with
 * valid (zero-length) entries is accepted and returns 0. */
#include "lvtest.h"
#include <sys/uio.h>

static struct iovec big[1025];

int main(void)
{
	struct iovec iov[1] = {{(void *)"x", 1}};
	errno = 0;
	long r = syscall(SYS_writev, 1, iov, -1);
	expect_err("writev iovcnt -1", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_writev, 1, big, 1025);
	expect_err("writev iovcnt 1025", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_writev, 1, big, 1024);
	show_ret("writev iovcnt 1024 (all len 0)", r, errno);
	done();
	return 0;
}
