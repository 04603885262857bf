/*
 * pread_espipe_order.c — positional I/O on a file that cannot seek is
 * ESPIPE before the access mode is checked (Linux fs/read_write.c
 * ksys_pread64, do_preadv: FMODE_PREAD first, then vfs_read's FMODE_READ):
 * pwrite on a pipe's read end, pread on its write end, preadv/pwritev and
 * pwritev2 at an offset; pwritev2 at offset -1 is a plain write (EBADF on
 * the read end); on a regular file the mode check stays (EBADF). LTP
 * pwritev202.
 */
#include "lvtest.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>

int main(void)
{
	int p[2];
	pipe(p);
	char buf[8] = "abc";
	struct iovec iov = {buf, sizeof buf};
	expect_err("pwrite on the read end", pwrite(p[0], buf, 3, 0), errno, ESPIPE);
	expect_err("pread on the write end", pread(p[1], buf, 3, 0), errno, ESPIPE);
	expect_err("pwritev on the read end", pwritev(p[0], &iov, 1, 0), errno, ESPIPE);
	expect_err("preadv on the write end", preadv(p[1], &iov, 1, 0), errno, ESPIPE);
	expect_err("pwritev2 at 0 on the read end", syscall(SYS_pwritev2, p[0], &iov, 1, 0, 0, 0), errno, ESPIPE);
	expect_err("pwritev2 at -1 on the read end", syscall(SYS_pwritev2, p[0], &iov, 1, -1, 0, 0), errno, EBADF);
	expect_err("pread at -1 on the write end", pread(p[1], buf, 3, -1), errno, EINVAL);
	int fd = open("/tmp/pread_espipe_order", O_CREAT | O_WRONLY, 0644);
	expect_err("pread on a write-only file", pread(fd, buf, 3, 0), errno, EBADF);
	expect_err("preadv on a write-only file", preadv(fd, &iov, 1, 0), errno, EBADF);
	show_ret("pwrite on it", pwrite(fd, buf, 3, 0), errno);
	unlink("/tmp/pread_espipe_order");
	done();
	return 0;
}
