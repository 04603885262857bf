/* munmap_einval_unaligned: munmap(2) with an address that is not page
 * aligned, or length 0, fails with EINVAL (munmap(2) ERRORS; mm/mmap.c
 * do_vmi_munmap: offset_in_page(start) || len == 0). Unmapping a range that
 * contains no mapping is NOT an error and returns 0. An unaligned length is
 * rounded up. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long p = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", p != -1);
	errno = 0;
	long r = syscall(SYS_munmap, p + 1, 4096);
	expect_err("munmap addr+1", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_munmap, p, 0);
	expect_err("munmap len 0", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_munmap, p, 100); /* rounds up to one page */
	show_ret("munmap len 100", r, errno);
	errno = 0;
	long w = syscall(SYS_write, 1, (void *)p, 1);
	expect_err("first page gone (write EFAULT)", w, errno, EFAULT);
	*(volatile char *)(p + 4096) = 'k';
	say("second page still usable: yes\n");
	errno = 0;
	r = syscall(SYS_munmap, p, 3 * 4096);
	show_ret("munmap whole range (partly unmapped)", r, errno);
	errno = 0;
	r = syscall(SYS_munmap, p, 3 * 4096);
	show_ret("munmap again (nothing mapped)", r, errno);
	done();
	return 0;
}
