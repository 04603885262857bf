/* printf_buffering: with stdout fully buffered, nothing reaches fd 1 until
 * exit(3) flushes stdio (exit(3): "All open stdio(3) streams are flushed").
 * Output is produced only through stdio, so its order is fixed. */
#include <stdio.h>
#include <stdlib.h>

static char buf[4096];

int main(void)
{
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	printf("part one, ");
	printf("part two");
	printf(" - joined\n");
	for (int i = 0; i < 3; i++)
		printf("line %d\n", i);
	printf("done\n");
	exit(0);
}
