/*
 * prot_none_guard_segv.c — maps 2 pages, makes the second PROT_NONE (a guard
 * page) with mprotect(2), and stores into it: the process must be killed by
 * SIGSEGV (lvrun status 139) after its first line is out.
 * Used by tests/harness/test_lvrun.py, not by the ABI runner (no "done").
 */
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		write(1, "mmap failed\n", 12);
		return 1;
	}
	if (mprotect(p + 4096, 4096, PROT_NONE) != 0) {
		write(1, "mprotect failed\n", 16);
		return 2;
	}
	p[0] = 1; /* the first page still works */
	static const char msg[] = "about to touch guard page\n";
	write(1, msg, sizeof(msg) - 1);
	*(volatile char *)(p + 4096) = 1;
	write(1, "not reached\n", 12);
	return 0;
}
