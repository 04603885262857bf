/* munmap_split: munmap(2) of the middle page of a 3-page mapping splits it:
 * the outer pages stay mapped with their data, the middle one is gone
 * (write(2) from it gives EFAULT). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)a;
	memset(p, 'A', 4096);
	memset(p + 4096, 'B', 4096);
	memset(p + 8192, 'C', 4096);
	errno = 0;
	long r = syscall(SYS_munmap, p + 4096, 4096);
	show_ret("munmap middle", r, errno);
	int bad = 0;
	for (int i = 0; i < 4096; i++) {
		if (p[i] != 'A')
			bad++;
		if (p[8192 + i] != 'C')
			bad++;
	}
	say("bad bytes in outer pages: %d\n", bad);
	errno = 0;
	long w = syscall(SYS_write, 1, p + 4096, 1);
	expect_err("write from middle", w, errno, EFAULT);
	w = syscall(SYS_write, 1, p + 4096 - 2, 2);
	say("write from end of first page: %ld\n", w);
	say("\n");
	errno = 0;
	r = syscall(SYS_munmap, p, 3 * 4096);
	show_ret("munmap whole range", r, errno);
	done();
	return 0;
}
