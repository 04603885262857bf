/*
 * stack_overflow_segv.c — unbounded recursion: the main stack grows on
 * faults up to RLIMIT_STACK (8 MiB), then the next fault is outside any
 * mapping and the process dies with SIGSEGV (status 139). Used by
 * test_lvrun.py.
 */
#include <unistd.h>

static volatile int keep_going = 1; /* the compiler cannot see the end */

static int depth(volatile char *prev)
{
	volatile char frame[1024];
	frame[0] = prev ? prev[0] + 1 : 0;
	if (!keep_going)
		return frame[0];
	return depth(frame) + frame[1023];
}

int main(void)
{
	write(1, "recursing\n", 10);
	return depth(0);
}
