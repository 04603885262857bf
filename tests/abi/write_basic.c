/* write_basic: write(2) to fd 1 returns the byte count written and the bytes
 * appear on stdout in order. Raw syscall so libc cannot retry or buffer. */
#include "lvtest.h"

int main(void)
{
	static const char msg[] = "line one\nline two\n";
	long r = syscall(SYS_write, 1, msg, sizeof msg - 1);
	say("write ret: %ld (expected %zu)\n", r, sizeof msg - 1);
	r = syscall(SYS_write, 1, "x", 1);
	r += syscall(SYS_write, 1, "\n", 1);
	say("two single-byte writes total: %ld\n", r);
	done();
	return 0;
}
