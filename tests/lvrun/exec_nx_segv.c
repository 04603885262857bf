/*
 * exec_nx_segv.c — jumping into a page mapped without PROT_EXEC faults:
 * user pages are execute-never unless PROT_EXEC, so the process dies with
 * SIGSEGV (lvrun status 139) after its first line. Used by test_lvrun.py.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	code[0] = 0xd65f03c0u; /* ret */
	write(1, "jumping into a non-executable page\n", 35);
	((void (*)(void))(uintptr_t)code)();
	write(1, "not reached\n", 12);
	return 0;
}
