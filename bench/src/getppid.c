/*
 * getppid.c — cost of the cheapest syscall round trip.
 *
 * getppid() takes no arguments, touches no user memory and cannot block, so
 * the loop measures trap entry, dispatch and return. It is called through
 * syscall(2) so that no libc can cache the answer.
 *
 * Output: "RESULT getppid_ns <ns per call>", then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE; now_ns */

#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CALLS 200000

int main(void)
{
	double start, end;

	syscall(SYS_getppid); /* warm up: fault in the code and the stack */
	start = now_ns();
	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	end = now_ns();
	printf("RESULT getppid_ns %.1f\n", (end - start) / CALLS);
	printf("done\n");
	return 0;
}
