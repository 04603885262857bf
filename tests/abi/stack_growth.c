/* stack_growth: the main thread's stack grows on demand down to
 * RLIMIT_STACK (8 MiB by default; mm/mmap.c expand_stack): recursion whose
 * frames hold 64 KiB each, touching every page, reaches 4 MiB below the
 * initial stack pointer and returns the right sum. */
#include "lvtest.h"

#define FRAME (64 * 1024)
#define DEPTH 64 /* 64 * 64 KiB = 4 MiB */

__attribute__((noinline)) static long dive(int depth)
{
	volatile unsigned char buf[FRAME];
	for (int i = 0; i < FRAME; i += 4096)
		buf[i] = (unsigned char)(depth + i / 4096);
	long sum = 0;
	if (depth > 0)
		sum = dive(depth - 1);
	for (int i = 0; i < FRAME; i += 4096)
		sum += buf[i];
	return sum;
}

int main(void)
{
	long want = 0;
	for (int d = 0; d <= DEPTH; d++)
		for (int i = 0; i < FRAME / 4096; i++)
			want += (unsigned char)(d + i);
	long got = dive(DEPTH);
	say("%s\n", got == want ? "ok" : "FAIL: wrong sum");
	done();
	return 0;
}
