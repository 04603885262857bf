/* mmap_einval_unaligned_fixed: MAP_FIXED with an address that is not page
 * aligned fails with EINVAL (mmap(2): "addr must be suitably aligned";
 * mm/mmap.c get_unmapped_area/do_mmap offset_in_page(addr)); an offset that
 * is not a multiple of the page size fails with EINVAL too, even for an
 * anonymous mapping (arch/arm64/kernel/sys.c: off & ~PAGE_MASK). Neither
 * MAP_PRIVATE nor MAP_SHARED set -> EINVAL. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long base = syscall(SYS_mmap, 0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", base != -1);
	errno = 0;
	long r = syscall(SYS_mmap, base + 100, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			 -1, 0);
	expect_err("MAP_FIXED addr+100", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100);
	expect_err("offset 100", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
	expect_err("no PRIVATE/SHARED", r, errno, EINVAL);
	/* MAP_FIXED at an aligned address inside our mapping replaces it */
	errno = 0;
	r = syscall(SYS_mmap, base + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		    0);
	yesno("MAP_FIXED aligned returns addr", r == base + 4096);
	syscall(SYS_munmap, base, 65536);
	done();
	return 0;
}
