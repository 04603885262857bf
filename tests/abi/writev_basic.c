/* writev_basic: writev(2) with 3 iovecs writes them in array order and
 * returns the total byte count (writev(2); fs/read_write.c do_writev). */
#include "lvtest.h"
#include <sys/uio.h>

int main(void)
{
	struct iovec iov[3] = {
		{(void *)"alpha ", 6},
		{(void *)"beta ", 5},
		{(void *)"gamma\n", 6},
	};
	errno = 0;
	long r = syscall(SYS_writev, 1, iov, 3);
	show_ret("writev 3 iovecs", r, errno);
	yesno("returns total 17", r == 17);
	done();
	return 0;
}
