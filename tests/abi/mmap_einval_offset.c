/* mmap_einval_offset: "offset must be a multiple of the page size"; an
 * unaligned offset gives EINVAL (arch/arm64/kernel/sys.c checks
 * offset_in_page(off) before anything else), for a file mapping and for an
 * anonymous one alike. An aligned offset into the file works. */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	int fd = open(argv[0], O_RDONLY);
	yesno("open self ok", fd >= 0);
	errno = 0;
	long r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 1);
	expect_err("file, offset 1", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 2048);
	expect_err("file, offset 2048", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100);
	expect_err("anon, offset 100", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
	yesno("file, offset 4096 succeeds", r != -1);
	if (r != -1)
		syscall(SYS_munmap, r, 4096);
	close(fd);
	done();
	return 0;
}
