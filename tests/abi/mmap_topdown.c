/* mmap_topdown: Linux/arm64 uses the top-down mmap layout
 * (mm/util.c arch_pick_mmap_layout with the legacy layout off): each new
 * anonymous mapping without a hint goes just below the lowest free gap at the
 * top, so a second mapping lands below the first. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	long a = syscall(SYS_mmap, 0, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long b = syscall(SYS_mmap, 0, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("both mmaps ok", a != -1 && b != -1);
	yesno("second below first", b < a);
	yesno("second ends at or below first start", b + 16 * 4096 <= a);
	long c = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("third below second", c != -1 && c < b);
	syscall(SYS_munmap, a, 16 * 4096);
	syscall(SYS_munmap, b, 16 * 4096);
	syscall(SYS_munmap, c, 4096);
	done();
	return 0;
}
