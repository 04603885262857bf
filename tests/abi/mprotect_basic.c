/* mprotect_basic: mprotect(2) to PROT_NONE and back to RW returns 0 each
 * time and keeps the data. While PROT_NONE the kernel cannot read the page
 * either: write(2) from it fails with EFAULT. A PROT_READ page can be
 * written out but not read into (read is not used; uname(2) into it gives
 * EFAULT). Unaligned address -> EINVAL (mprotect(2) ERRORS). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	char *p = (char *)a;
	strcpy(p, "kept\n");
	errno = 0;
	long r = syscall(SYS_mprotect, p, 4096, PROT_NONE);
	show_ret("mprotect PROT_NONE", r, errno);
	errno = 0;
	long w = syscall(SYS_write, 1, p, 5);
	expect_err("write from PROT_NONE", w, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_mprotect, p, 4096, PROT_READ);
	show_ret("mprotect PROT_READ", r, errno);
	w = syscall(SYS_write, 1, p, 5);
	say("write from PROT_READ: %ld\n", w);
	errno = 0;
	r = syscall(SYS_uname, p);
	expect_err("uname into PROT_READ", r, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_mprotect, p, 4096, PROT_READ | PROT_WRITE);
	show_ret("mprotect RW", r, errno);
	p[0] = 'K';
	w = syscall(SYS_write, 1, p, 5);
	say("write after RW: %ld\n", w);
	errno = 0;
	r = syscall(SYS_mprotect, p + 1, 4096, PROT_READ);
	expect_err("mprotect addr+1", r, errno, EINVAL);
	syscall(SYS_munmap, p, 8192);
	done();
	return 0;
}
