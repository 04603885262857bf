/*
 * brk_wrap.c — brk(2) with addresses whose page rounding or length wraps
 * (Linux mm/mmap.c brk): brk(-100) and brk(0xfffffffffffff000) are refused
 * and return the current break, leaving the program, its heap and its stack
 * mapped; so is a break past the user address space. The break still moves
 * normally afterwards.
 */
#define _GNU_SOURCE
#include <stdint.h>

#include "lvtest.h"

static volatile int global = 42;

int main(void)
{
	uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0);
	uintptr_t grown = (uintptr_t)syscall(SYS_brk, cur + 8192);
	say("grow by 8 KiB: %s\n", grown == cur + 8192 ? "ok" : "FAIL");
	volatile char *heap = (char *)cur;
	heap[0] = 'h';
	static const uintptr_t bad[] = {(uintptr_t)-100, 0xfffffffffffff000UL, 0xffffffffffffffffUL,
					1UL << 48,	 (1UL << 48) - 4096,   1UL << 62};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uintptr_t r = (uintptr_t)syscall(SYS_brk, bad[i]);
		volatile char stack_byte = 's';
		say("brk(%#lx) returns the current break: %s; program, heap and stack still there: %s\n",
		    (unsigned long)bad[i], r == cur + 8192 ? "yes" : "no",
		    global == 42 && heap[0] == 'h' && stack_byte == 's' ? "yes" : "no");
	}
	uintptr_t back = (uintptr_t)syscall(SYS_brk, cur);
	say("shrink back: %s\n", back == cur ? "ok" : "FAIL");
	done();
	return 0;
}
