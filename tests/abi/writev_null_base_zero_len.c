/* writev_null_base_zero_len: iovec entries with iov_base NULL and iov_len 0
 * are skipped without faulting; the other entries are written and the total
 * is returned (lib/iov_iter.c: zero-length segments are never accessed). */
#include "lvtest.h"
#include <sys/uio.h>

int main(void)
{
	struct iovec iov[5] = {
		{NULL, 0}, {(void *)"ab", 2}, {NULL, 0}, {(void *)"c\n", 2}, {(void *)8, 0},
	};
	errno = 0;
	long r = syscall(SYS_writev, 1, iov, 5);
	show_ret("writev with NULL/0 entries", r, errno);
	done();
	return 0;
}
