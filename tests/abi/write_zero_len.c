/* write_zero_len: write(fd, buf, 0) on a valid fd returns 0 and writes
 * nothing (write(2): "If count is zero and fd refers to a file other than a
 * regular file, the results are not specified" - Linux returns 0 for a tty /
 * serial console; ksys_write -> vfs_write returns 0 early for count 0).
 * Also a NULL buffer with count 0 must not fault. */
#include "lvtest.h"

int main(void)
{
	errno = 0;
	long r = syscall(SYS_write, 1, "abc", 0);
	show_ret("write(1, buf, 0)", r, errno);
	errno = 0;
	r = syscall(SYS_write, 1, NULL, 0);
	show_ret("write(1, NULL, 0)", r, errno);
	done();
	return 0;
}
