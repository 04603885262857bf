/*
 * printk.c — the kernel log.
 *
 * Each record is formatted into a small buffer and written whole, framed as
 * STX ... ETX (see printk.h). Records longer than the buffer are cut.
 */
#include <printk.h>

#include <arch.h>
#include <console.h>
#include <format.h>
#include <time.h>

#define RECORD_MAX 512

void vprintk(const char *fmt, va_list ap)
{
	char record[RECORD_MAX];
	u64 ns = time_since_boot_ns();
	int n = snprintf(record, sizeof(record), "\x02[%5lu.%06lu] ", (unsigned long)(ns / 1000000000),
			 (unsigned long)(ns / 1000 % 1000000));
	int m = vsnprintf(record + n, sizeof(record) - (size_t)n - 3, fmt, ap);
	size_t len = (size_t)n + MIN((size_t)m, sizeof(record) - (size_t)n - 4);
	record[len++] = '\r';
	record[len++] = '\n';
	record[len++] = '\x03';
	console_lock_write_raw(record, len);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	arch_irq_disable();
	va_start(ap, fmt);
	printk("KERNEL PANIC");
	vprintk(fmt, ap);
	va_end(ap);
	arch_backtrace((u64)__builtin_frame_address(0), (u64)&panic);
	arch_halt();
}
