/*
 * mmap_exec_rewritten_file.c — code in a file's pages runs from a
 * PROT_EXEC mapping, and after the file is rewritten with write(2), a new
 * executable mapping runs the new code, not what the caches held. The
 * kernel makes a file page coherent for instruction fetch once (Linux's
 * PG_dcache_clean, arm64 __sync_icache_dcache) and again after each kernel
 * write into it (flush_dcache_folio in the write path); a page rewritten
 * by punching a hole and by truncating and extending is new too. QEMU's
 * TCG keeps its own translations coherent, so on this emulator the test
 * guards the kernel's bookkeeping (which mapping sees which bytes) rather
 * than the hardware caches.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lvtest.h"

/* mov w0, #value; ret */
static void code_for(uint32_t code[2], int value)
{
	code[0] = 0x52800000u | ((uint32_t)value << 5);
	code[1] = 0xd65f03c0u;
}

/* Maps the file's first page executable, runs it, unmaps it. */
static void run_page(int fd, const char *what)
{
	void *page = mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (!check("mmap PROT_EXEC", page != MAP_FAILED))
		return;
	int (*fn)(void) = (int (*)(void))(uintptr_t)page;
	say("%s: the code returned %d\n", what, fn());
	show_ret("munmap", munmap(page, 4096), errno);
}

int main(void)
{
	char name[] = "/tmp/lv-exec-rewrite-XXXXXX";
	int fd = mkstemp(name);
	if (!check("mkstemp", fd >= 0))
		return 1;
	unlink(name);
	uint32_t code[2];
	for (int value = 1; value <= 3; value++) {
		code_for(code, value * 7);
		show_ret("pwrite", pwrite(fd, code, sizeof code, 0), errno);
		run_page(fd, "after pwrite");
	}
	/* a second mapping open while the file is rewritten sees the new code too */
	void *held = mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	check("mmap MAP_SHARED PROT_EXEC", held != MAP_FAILED);
	code_for(code, 40);
	show_ret("pwrite", pwrite(fd, code, sizeof code, 0), errno);
	if (held != MAP_FAILED) {
		int (*fn)(void) = (int (*)(void))(uintptr_t)held;
		__builtin___clear_cache((char *)held, (char *)held + sizeof code); /* user's part, as on Linux */
		say("held mapping: the code returned %d\n", fn());
		show_ret("munmap", munmap(held, 4096), errno);
	}
	run_page(fd, "after pwrite under a mapping");
	/* truncate to nothing and write again: a new page */
	show_ret("ftruncate 0", ftruncate(fd, 0), errno);
	code_for(code, 50);
	show_ret("pwrite", pwrite(fd, code, sizeof code, 0), errno);
	run_page(fd, "after truncate");
	/* ftruncate down into the page zeroes its tail, then the head is rewritten */
	show_ret("ftruncate 4", ftruncate(fd, 4), errno);
	show_ret("ftruncate 4096", ftruncate(fd, 4096), errno);
	code[0] = 0;
	show_ret("pread", pread(fd, code, sizeof code, 0), errno);
	say("after truncate to 4: words %#x %#x\n", code[0], code[1]);
	code_for(code, 60);
	show_ret("pwrite", pwrite(fd, code, sizeof code, 0), errno);
	run_page(fd, "after truncate to 4");
	close(fd);
	done();
	return 0;
}
