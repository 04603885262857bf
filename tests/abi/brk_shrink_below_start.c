/* brk_shrink_below_start: the raw brk(2) system call refuses to move the
 * break below the start of the heap (mm/mmap.c SYSCALL(brk): "if (brk <
 * min_brk) goto out;" which returns the current break). The start of the
 * heap is at or above _end, so asking for a break just below _end, or far
 * below it, returns the current break and leaves it (and the heap memory)
 * unchanged. */
#include "lvtest.h"
#include <stdint.h>

extern char _end[];

static uintptr_t brk_(uintptr_t a)
{
	return (uintptr_t)syscall(SYS_brk, a);
}

int main(void)
{
	uintptr_t cur = brk_(0);
	uintptr_t grown = brk_(cur + 4 * 4096);
	yesno("grow 16 KiB", grown == cur + 4 * 4096);
	memset((void *)cur, 0x3c, 4 * 4096);
	uintptr_t below = ((uintptr_t)_end & ~(uintptr_t)4095) - 4096;
	yesno("brk(below _end) returns current break", brk_(below) == grown);
	yesno("brk(0x1000) returns current break", brk_(0x1000) == grown);
	yesno("brk(0) unchanged", brk_(0) == grown);
	int bad = 0;
	for (uintptr_t a = cur; a < grown; a++)
		if (*(unsigned char *)a != 0x3c)
			bad++;
	say("heap bytes changed: %d\n", bad);
	yesno("shrink back to start", brk_(cur) == cur);
	done();
	return 0;
}
