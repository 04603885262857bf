/*
 * hello.c — the smallest useful guest program. bench/run.py runs it first in
 * every boot: the time until its first byte reaches the host is the boot time.
 */
#include <stdio.h>

int main(void)
{
	printf("hello\n");
	printf("done\n");
	return 0;
}
