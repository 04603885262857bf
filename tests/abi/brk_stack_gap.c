/*
 * brk_stack_gap.c — the heap may not grow into a grows-down mapping's guard
 * gap (Linux mm/mmap.c brk: the new end plus a page must stay below
 * vm_start_gap(next), which for a MAP_GROWSDOWN mapping is its start minus
 * stack_guard_gap, 1 MiB by default). A MAP_GROWSDOWN page 2 MiB above the
 * break: growing to 1.5 MiB is refused (the break stays), to 512 KiB and to
 * 1 MiB - 4 KiB works, one byte past 1 MiB is refused.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>

#include "lvtest.h"

int main(void)
{
	uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0);
	uintptr_t base = (cur + 0xfff) & ~0xfffUL;
	void *stack = mmap((void *)(base + (2 << 20)), 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED_NOREPLACE, -1, 0);
	say("grows-down mapping 2 MiB above the break: %s\n", stack == MAP_FAILED ? errname(errno) : "ok");
	uintptr_t r = (uintptr_t)syscall(SYS_brk, base + (3 << 19));
	say("brk to 1.5 MiB: %s\n", r == cur ? "refused" : r == base + (3 << 19) ? "moved" : "other");
	r = (uintptr_t)syscall(SYS_brk, base + (1 << 19));
	say("brk to 512 KiB: %s\n", r == cur ? "refused" : r == base + (1 << 19) ? "moved" : "other");
	r = (uintptr_t)syscall(SYS_brk, base + (1 << 20) - 4096);
	say("brk to 1 MiB - 4 KiB: %s\n", r == base + (1 << 19)		 ? "refused"
					  : r == base + (1 << 20) - 4096 ? "moved"
									 : "other");
	r = (uintptr_t)syscall(SYS_brk, base + (1 << 20) + 1);
	say("brk to 1 MiB + 1: %s\n", r == base + (1 << 20) - 4096 ? "refused"
				      : r == base + (1 << 20) + 1  ? "moved"
								   : "other");
	done();
	return 0;
}
