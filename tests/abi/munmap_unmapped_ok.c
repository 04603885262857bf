/* munmap_unmapped_ok: "It is not an error if the indicated range does not
 * contain any mapped pages." munmap(2) of a range that holds no mapping
 * returns 0, as does a range that is only partly mapped. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	syscall(SYS_munmap, a, 4 * 4096);
	errno = 0;
	long r = syscall(SYS_munmap, a, 4 * 4096);
	show_ret("munmap of free range", r, errno);
	errno = 0;
	r = syscall(SYS_munmap, a + 4096, 4096);
	show_ret("munmap of free page", r, errno);
	long b = syscall(SYS_mmap, a, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	yesno("remap first page", b == a);
	errno = 0;
	r = syscall(SYS_munmap, a, 4 * 4096);
	show_ret("munmap partly mapped range", r, errno);
	errno = 0;
	long w = syscall(SYS_write, 1, (void *)a, 1);
	expect_err("write from unmapped page", w, errno, EFAULT);
	done();
	return 0;
}
