/* mmap_enomem_huge: a writable private mapping is charged against the
 * commit limit; with the default heuristic overcommit (vm.overcommit_memory
 * 0) a request far beyond RAM + swap fails with ENOMEM (mm/util.c
 * __vm_enough_memory). MAP_NORESERVE mappings are not charged ("do not
 * reserve swap space"), so the same 1 TiB request succeeds and can be
 * unmapped. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	unsigned long len = 1UL << 40;
	errno = 0;
	long r = syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect_err("1 TiB private writable", r, errno, ENOMEM);
	if (r != -1)
		syscall(SYS_munmap, r, len);
	errno = 0;
	r = syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	yesno("1 TiB MAP_NORESERVE succeeds", r != -1);
	if (r == -1)
		say("errno=%s\n", errname(errno));
	if (r != -1) {
		char *p = (char *)r;
		p[0] = 1;
		p[len - 1] = 2;
		say("touched ends: %d %d\n", p[0], p[len - 1]);
		errno = 0;
		long u = syscall(SYS_munmap, r, len);
		show_ret("munmap", u, errno);
	}
	done();
	return 0;
}
