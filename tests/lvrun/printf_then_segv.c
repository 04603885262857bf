/*
 * printf_then_segv.c — stdout is a tty, so stdio line-buffers it: a line
 * printed with printf just before a crash reaches the console (a program
 * whose stdout were not a tty would lose it in its buffer). Dies with
 * SIGSEGV (139). Used by test_lvrun.py.
 */
#include <stdio.h>

int main(void)
{
	printf("printed before the crash\n");
	*(volatile int *)0 = 1;
	return 0;
}
