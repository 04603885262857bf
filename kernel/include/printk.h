/*
 * printk.h — the kernel log and panic.
 *
 * Log records go to the console, each framed as STX "[ sec.usec] text" ETX so
 * the host can separate them from program output on the same serial line
 * (docs/testing.md). A record is written whole under the console lock.
 */
#pragma once

#include <types.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define pr_info(...) printk(__VA_ARGS__)
#define pr_warn(...) printk("warning: " __VA_ARGS__)

/* Always-on check of kernel invariants. */
#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (unlikely(!(cond)))                                                 \
			panic("CHECK failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#ifdef NDEBUG
#define DEBUG_ASSERT(cond) ((void)0)
#else
#define DEBUG_ASSERT(cond) CHECK(cond)
#endif
