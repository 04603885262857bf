/*
 * mprotect_exec_jit.c — code written into a PROT_READ|PROT_WRITE page runs
 * after mprotect(PROT_READ|PROT_EXEC) (the kernel makes the page executable
 * and, on arm64, synchronises the instruction cache: Linux does it in
 * __sync_icache_dcache when the PTE becomes executable). The page keeps its
 * contents, and writing to it again needs PROT_WRITE back.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "lvtest.h"

int main(void)
{
	uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!check("mmap RW", code != MAP_FAILED))
		return 1;
	for (int value = 1; value <= 3; value++) {
		code[0] = 0x52800000u | ((uint32_t)(value * 14) << 5); /* mov w0, #value*14 */
		code[1] = 0xd65f03c0u;				       /* ret */
		show_ret("mprotect RX", mprotect(code, 4096, PROT_READ | PROT_EXEC), errno);
		int (*fn)(void) = (int (*)(void))(uintptr_t)code;
		say("generated code returned %d\n", fn());
		show_ret("mprotect RW again", mprotect(code, 4096, PROT_READ | PROT_WRITE), errno);
	}
	show_ret("munmap", munmap(code, 4096), errno);
	done();
	return 0;
}
