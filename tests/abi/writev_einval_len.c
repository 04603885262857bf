/* writev_einval_len: an iov_len that is negative as ssize_t (> SSIZE_MAX)
 * fails with EINVAL before anything is written (writev(2): "The sum of the
 * iov_len values overflows an ssize_t value"; lib/iov_iter.c
 * iovec_from_user/__import_iovec: (ssize_t)len < 0 -> -EINVAL).
 * Note: Linux does NOT fail when several positive lengths merely sum past
 * SSIZE_MAX - it silently clamps the total to MAX_RW_COUNT - so that case
 * is not tested here. */
#include "lvtest.h"
#include <limits.h>
#include <stdint.h>
#include <sys/uio.h>

int main(void)
{
	char buf[8] = "abc\n";
	struct iovec iov[2] = {
		{buf, 4},
		{buf, (size_t)SSIZE_MAX + 1},
	};
	errno = 0;
	long r = syscall(SYS_writev, 1, iov, 2);
	expect_err("writev second len SSIZE_MAX+1", r, errno, EINVAL);
	struct iovec one[1] = {{buf, SIZE_MAX}};
	errno = 0;
	r = syscall(SYS_writev, 1, one, 1);
	expect_err("writev len SIZE_MAX", r, errno, EINVAL);
	done();
	return 0;
}
