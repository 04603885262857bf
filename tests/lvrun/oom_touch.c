/*
 * oom_touch.c — maps 16 MiB anonymous chunks and touches every page, forever,
 * printing one line per 64 MiB. With little RAM (lvrun --mem 256M) the
 * kernel's OOM killer must end it with SIGKILL (lvrun status 137). If mmap
 * itself fails the program exits 2 instead, which is a different behaviour.
 * Used by tests/harness/test_lvrun.py, not by the ABI runner (no "done").
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHUNK (16UL << 20)

int main(void)
{
	unsigned long total = 0;
	for (;;) {
		char *p = mmap(0, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			write(1, "mmap failed\n", 12);
			return 2;
		}
		for (unsigned long i = 0; i < CHUNK; i += 4096)
			p[i] = 1;
		total += CHUNK;
		if (total % (64UL << 20) == 0) {
			char line[64];
			int n = snprintf(line, sizeof line, "touched %lu MiB\n", total >> 20);
			write(1, line, (size_t)n);
		}
	}
}
