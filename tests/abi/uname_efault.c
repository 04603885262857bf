/* uname_efault: uname(2) with an unwritable buffer fails with EFAULT
 * (uname(2) ERRORS; kernel/sys.c newuname: copy_to_user fails). */
#include "lvtest.h"

int main(void)
{
	errno = 0;
	long r = syscall(SYS_uname, (void *)8);
	expect_err("uname(0x8)", r, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_uname, (void *)0xffff000000000000UL);
	expect_err("uname(kernel ptr)", r, errno, EFAULT);
	/* read-only memory: a string literal in .rodata */
	errno = 0;
	r = syscall(SYS_uname, (void *)"read-only string literal in rodata, long enough..."
				       "................................................................"
				       "................................................................"
				       "................................................................"
				       "................................................................"
				       "................................................................");
	expect_err("uname(rodata)", r, errno, EFAULT);
	done();
	return 0;
}
