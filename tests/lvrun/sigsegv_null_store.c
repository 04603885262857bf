/*
 * sigsegv_null_store.c — stores through a NULL pointer: the process must be
 * killed by SIGSEGV (lvrun status 139) after its first line is out.
 * Used by tests/harness/test_lvrun.py, not by the ABI runner (no "done").
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "about to fault\n";
	write(1, msg, sizeof(msg) - 1);
	*(volatile int *)0 = 1;
	write(1, "not reached\n", 12);
	return 0;
}
