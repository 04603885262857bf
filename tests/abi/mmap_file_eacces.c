/* mmap_file_eacces: "EACCES ... MAP_SHARED was requested and PROT_WRITE is
 * set, but fd is not open in read/write (O_RDWR) mode". A MAP_PRIVATE
 * PROT_WRITE mapping of the same O_RDONLY fd is allowed (copy-on-write),
 * and so is MAP_SHARED with PROT_READ only. */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	int fd = open(argv[0], O_RDONLY);
	yesno("open self O_RDONLY ok", fd >= 0);
	errno = 0;
	long r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect_err("MAP_SHARED PROT_WRITE", r, errno, EACCES);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_WRITE, MAP_SHARED, fd, 0);
	expect_err("MAP_SHARED PROT_WRITE only", r, errno, EACCES);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED, fd, 0);
	yesno("MAP_SHARED PROT_READ succeeds", r != -1);
	if (r != -1)
		syscall(SYS_munmap, r, 4096);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	yesno("MAP_PRIVATE PROT_WRITE succeeds", r != -1);
	if (r != -1)
		syscall(SYS_munmap, r, 4096);
	close(fd);
	done();
	return 0;
}
