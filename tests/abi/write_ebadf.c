/* write_ebadf: write(2) on a descriptor that is not open (99) fails with
 * EBADF (write(2) ERRORS; fs/read_write.c ksys_write: fdget_pos fails). */
#include "lvtest.h"

int main(void)
{
	errno = 0;
	long r = syscall(SYS_write, 99, "x", 1);
	expect_err("write(99)", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_write, 99, NULL, 0);
	expect_err("write(99, NULL, 0)", r, errno, EBADF);
	done();
	return 0;
}
