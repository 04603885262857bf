/* mmap_einval_flags: the mapping type must be given. mmap(2): "EINVAL flags
 * contained none of MAP_PRIVATE, MAP_SHARED, or MAP_SHARED_VALIDATE", and
 * "EOPNOTSUPP MAP_SHARED_VALIDATE was specified with an unknown flag" (for a
 * file mapping; mm/mmap.c do_mmap checks the flags against LEGACY_MAP_MASK).
 * An anonymous MAP_SHARED_VALIDATE is not a valid anonymous type: EINVAL. */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#define MAP_UNKNOWN_BIT 0x800000

int main(int argc, char **argv)
{
	errno = 0;
	long r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_ANONYMOUS, -1, 0);
	expect_err("anon, no type", r, errno, EINVAL);
	int fd = open(argv[0], O_RDONLY);
	yesno("open self ok", fd >= 0);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, 0, fd, 0);
	expect_err("file, no type", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_UNKNOWN_BIT, fd, 0);
	expect_err("file, SHARED_VALIDATE + unknown flag", r, errno, EOPNOTSUPP);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED | MAP_UNKNOWN_BIT, fd, 0);
	yesno("file, SHARED + unknown flag succeeds", r != -1);
	if (r != -1)
		syscall(SYS_munmap, r, 4096);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
	yesno("file, SHARED_VALIDATE alone succeeds", r != -1);
	if (r != -1) {
		yesno("mapping starts with \\x7fELF", memcmp((void *)r,
							     "\x7f"
							     "ELF",
							     4) == 0);
		syscall(SYS_munmap, r, 4096);
	}
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0);
	expect_err("anon, SHARED_VALIDATE", r, errno, EINVAL);
	close(fd);
	done();
	return 0;
}
