/* mprotect_einval: "EINVAL addr is not a valid pointer, or not a multiple of
 * the system page size" and "EINVAL Invalid flags specified in prot"
 * (arm64 accepts PROT_READ|WRITE|EXEC|SEM, plus PROT_BTI 0x10 / PROT_MTE
 * 0x20 only when the CPU has them; cortex-a72 has neither). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	errno = 0;
	long r = syscall(SYS_mprotect, a + 1, 4096, PROT_READ);
	expect_err("unaligned addr", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mprotect, a + 2048, 4096, PROT_READ);
	expect_err("half-page addr", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mprotect, a, 4096, 0x10);
	expect_err("prot 0x10", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mprotect, a, 4096, PROT_READ | 0x80);
	expect_err("prot READ|0x80", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_mprotect, a, 4096, PROT_READ);
	show_ret("valid call", r, errno);
	syscall(SYS_munmap, a, 2 * 4096);
	done();
	return 0;
}
