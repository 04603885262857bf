/* mmap_ebadf: a mapping that is not MAP_ANONYMOUS needs a file: "EBADF fd
 * is not a valid file descriptor (and MAP_ANONYMOUS was not set)". Checked
 * with fd -1, with a closed fd and with a large unused fd. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	errno = 0;
	long r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, -1, 0);
	expect_err("MAP_PRIVATE fd -1", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, -1, 0);
	expect_err("MAP_SHARED fd -1", r, errno, EBADF);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 999, 0);
	expect_err("MAP_PRIVATE fd 999", r, errno, EBADF);
	done();
	return 0;
}
