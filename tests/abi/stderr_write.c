/* stderr_write: fd 2 is open and writable at start-up (the harness connects
 * it to the same serial console as fd 1). Raw write(2) on both descriptors
 * in turn, so the interleaving is fixed. */
#include "lvtest.h"

int main(void)
{
	long r1 = syscall(SYS_write, 1, "to stdout 1\n", 12);
	long r2 = syscall(SYS_write, 2, "to stderr\n", 10);
	long r3 = syscall(SYS_write, 1, "to stdout 2\n", 12);
	say("returns: %ld %ld %ld\n", r1, r2, r3);
	done();
	return 0;
}
