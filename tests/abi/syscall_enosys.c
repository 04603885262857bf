/* syscall_enosys: a syscall number the kernel does not implement returns
 * -ENOSYS (syscall(2); arch/arm64/kernel/syscall.c invoke_syscall ->
 * do_ni_syscall). Tries 1000 (beyond the table), -1, 0x7fffffff and 244
 * (inside the arm64 table, arch-specific range, unallocated). */
#include "lvtest.h"

int main(void)
{
	static const long nrs[] = {1000, -1, 0x7fffffff, 244};
	for (unsigned i = 0; i < sizeof nrs / sizeof nrs[0]; i++) {
		char label[64];
		snprintf(label, sizeof label, "syscall(%ld)", nrs[i]);
		errno = 0;
		long r = syscall(nrs[i], 0, 0, 0, 0, 0, 0);
		expect_err(label, r, errno, ENOSYS);
	}
	done();
	return 0;
}
