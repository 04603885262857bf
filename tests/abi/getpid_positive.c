/* getpid_positive: getpid(2) returns a positive pid and never fails; two
 * calls agree. The value itself differs between kernels and is not printed. */
#include "lvtest.h"

int main(void)
{
	long a = syscall(SYS_getpid);
	long b = syscall(SYS_getpid);
	yesno("getpid() > 0", a > 0);
	yesno("stable", a == b);
	yesno("libc getpid() agrees", getpid() == a);
	done();
	return 0;
}
