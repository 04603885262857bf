/*
 * printk.c — the kernel log.
 *
 * Each record is formatted into a small buffer and written whole, framed as
 * STX ... ETX (see printk.h). Records longer than the buffer are cut.
 *
 * The text may hold bytes a program chose (a process name set with
 * PR_SET_NAME, a path): control characters and DEL are written as \xNN, as
 * Linux's /dev/kmsg writes them, so nothing inside a record can end the
 * frame (ETX), open another (STX), start a protocol marker (RS) or a line.
 */
#include <printk.h>

#include <arch.h>
#include <console.h>
#include <format.h>
#include <time.h>

#define RECORD_MAX 512

/* Appends text to out (len used of size) with control bytes as \xNN; cuts
 * where the next piece would not fit. Returns the new length. */
static size_t append_escaped(char *out, size_t len, size_t size, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	for (; *text; text++) {
		u8 c = (u8)*text;
		bool plain = c >= 0x20 && c != 0x7f;
		if (len + (plain ? 1 : 4) > size)
			break;
		if (plain) {
			out[len++] = (char)c;
			continue;
		}
		out[len++] = '\\';
		out[len++] = 'x';
		out[len++] = hex[c >> 4];
		out[len++] = hex[c & 15];
	}
	return len;
}

void vprintk(const char *fmt, va_list ap)
{
	char text[RECORD_MAX], record[RECORD_MAX];
	u64 ns = time_since_boot_ns();
	vsnprintf(text, sizeof(text), fmt, ap);
	int n = snprintf(record, sizeof(record), "\x02[%5lu.%06lu] ", (unsigned long)(ns / 1000000000),
			 (unsigned long)(ns / 1000 % 1000000));
	size_t len = append_escaped(record, (size_t)n, sizeof(record) - 3, text);
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
