/* mmap_hint_honoured: without MAP_FIXED, addr is a hint: "If addr is not
 * NULL, then the kernel takes it as a hint about where to place the
 * mapping" and Linux places the mapping exactly there when the page-aligned
 * range is free (mm/mmap.c: get_unmapped_area honours a fitting hint).
 * Checked with a range just freed by munmap and with a fixed address at
 * 4 GiB, far from the program, the heap and the mmap area. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	syscall(SYS_munmap, a, 8 * 4096);
	long hint = a + 2 * 4096;
	errno = 0;
	long r = syscall(SYS_mmap, hint, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == -1)
		say("mmap at freed hint: errno=%s\n", errname(errno));
	else
		yesno("freed range: returned == hint", r == hint);
	if (r != -1) {
		*(volatile char *)r = 1;
		syscall(SYS_munmap, r, 4 * 4096);
	}
	hint = 0x100000000L;
	errno = 0;
	r = syscall(SYS_mmap, hint, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == -1)
		say("mmap at 4 GiB hint: errno=%s\n", errname(errno));
	else
		yesno("4 GiB: returned == hint", r == hint);
	if (r != -1) {
		*(volatile char *)r = 1;
		say("hinted page usable: %d\n", *(volatile char *)r);
		syscall(SYS_munmap, r, 4 * 4096);
	}
	done();
	return 0;
}
