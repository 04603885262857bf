/* mremap_shrink: shrinking with mremap(2) never moves: the address is
 * unchanged, the kept pages hold their data and the tail is unmapped
 * (write(2) from it gives EFAULT). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)a;
	memset(p, 'S', 4 * 4096);
	errno = 0;
	long r = syscall(SYS_mremap, a, 4 * 4096, 4096, 0);
	if (r == -1) {
		say("mremap: errno=%s\n", errname(errno));
		done();
		return 0;
	}
	yesno("same address", r == a);
	int bad = 0;
	for (int i = 0; i < 4096; i++)
		if (p[i] != 'S')
			bad++;
	say("bad kept bytes: %d\n", bad);
	errno = 0;
	long w = syscall(SYS_write, 1, p + 4096, 1);
	expect_err("write from dropped page", w, errno, EFAULT);
	errno = 0;
	w = syscall(SYS_write, 1, p + 3 * 4096, 1);
	expect_err("write from last dropped page", w, errno, EFAULT);
	syscall(SYS_munmap, a, 4096);
	done();
	return 0;
}
