/* hello: the smallest program. Prints "hello, world" via stdio (puts), then
 * "done", and returns 0. Exercises libc start-up, write(2) on fd 1 (or
 * writev for stdio flushes) and exit_group(2). */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	puts("done");
	return 0;
}
