/* mprotect_enomem_unmapped: "ENOMEM Addresses in the range [addr,
 * addr+len-1] are invalid for the address space of the process, or specify
 * one or more pages that are not mapped." A range with a hole and a range
 * with nothing mapped both fail with ENOMEM. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	syscall(SYS_munmap, a + 4096, 4096);
	errno = 0;
	long r = syscall(SYS_mprotect, a, 3 * 4096, PROT_READ);
	expect_err("range with hole", r, errno, ENOMEM);
	errno = 0;
	r = syscall(SYS_mprotect, a + 4096, 4096, PROT_READ);
	expect_err("only the hole", r, errno, ENOMEM);
	errno = 0;
	r = syscall(SYS_mprotect, a, 4096, PROT_READ);
	show_ret("mapped first page", r, errno);
	syscall(SYS_munmap, a, 3 * 4096);
	done();
	return 0;
}
