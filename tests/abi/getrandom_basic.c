/* getrandom_basic: getrandom(2) of 32 bytes returns 32 (requests <= 256
 * bytes are never short once the pool is initialised) and the bytes are not
 * all zero; GRND_NONBLOCK also works; unknown flags fail with EINVAL;
 * a bad buffer fails with EFAULT (drivers/char/random.c). */
#include "lvtest.h"

int main(void)
{
	unsigned char b[32];
	memset(b, 0, sizeof b);
	errno = 0;
	long r = syscall(SYS_getrandom, b, sizeof b, 0);
	show_ret("getrandom 32", r, errno);
	int nz = 0;
	for (int i = 0; i < 32; i++)
		nz |= b[i];
	yesno("not all zero", nz != 0);
	errno = 0;
	r = syscall(SYS_getrandom, b, 16, 1 /* GRND_NONBLOCK */);
	show_ret("getrandom 16 NONBLOCK", r, errno);
	errno = 0;
	r = syscall(SYS_getrandom, b, 0, 0);
	show_ret("getrandom 0", r, errno);
	errno = 0;
	r = syscall(SYS_getrandom, b, 16, 0x100);
	expect_err("flags 0x100", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_getrandom, (void *)8, 16, 0);
	expect_err("bad buffer", r, errno, EFAULT);
	done();
	return 0;
}
