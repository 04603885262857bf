/*
 * sigpipe_default.c — writing to a pipe whose read end is closed raises
 * SIGPIPE, whose default action ends the process (status 141) after the
 * line printed before. Used by test_lvrun.py.
 */
#include <unistd.h>

int main(void)
{
	int p[2];
	pipe(p);
	close(p[0]);
	write(1, "writing to a closed pipe\n", 25);
	write(p[1], "x", 1);
	write(1, "not reached\n", 12);
	return 0;
}
