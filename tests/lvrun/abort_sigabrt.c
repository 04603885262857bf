/*
 * abort_sigabrt.c — abort() raises SIGABRT (tgkill to itself), whose
 * default action ends the process: lvrun status 134, after the line printed
 * before it. Used by test_lvrun.py.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("about to abort\n");
	abort();
}
