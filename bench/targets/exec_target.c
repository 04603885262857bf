/*
 * exec_target.c — the programs bench/src/fork_exec.c executes: a static
 * binary whose file size is set at build time by an initialised array of
 * BLOB_KIB KiB (the Makefile builds exec_1m and exec_32m; never touched,
 * so exec maps it but nothing faults it in), and hello, which prints one
 * line (its stdout is /dev/null in the benchmark).
 */
#include <stdio.h>

#ifdef BLOB_KIB
__attribute__((used)) static char blob[BLOB_KIB * 1024] = {1};
#endif

int main(void)
{
#ifndef BLOB_KIB
	printf("hello\n");
#endif
	return 0;
}
