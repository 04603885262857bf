/*
 * printk.h — the kernel log and panic.
 *
 * Records go to a ring buffer (printk.c) that syslog(2) and /dev/kmsg read
 * (kmsg.c), and to the console when their level is below console_loglevel,
 * each console line framed as STX "[ sec.usec] text" ETX so the host can
 * separate them from program output on the same serial line
 * (docs/testing.md).
 */
#pragma once

#include <types.h>

/* Levels as Linux's include/linux/kern_levels.h: SOH then a digit. */
#define KERN_SOH_ASCII '\001'
#define KERN_EMERG "\0010"
#define KERN_ALERT "\0011"
#define KERN_CRIT "\0012"
#define KERN_ERR "\0013"
#define KERN_WARNING "\0014"
#define KERN_NOTICE "\0015"
#define KERN_INFO "\0016"
#define KERN_DEBUG "\0017"

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The start of a panic report (panic, a kernel fault): interrupts off; the
 * first CPU to get here stops the others and goes on (every record shown),
 * a later one halts at once, so one report is printed. */
void panic_enter(void);

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)

/* The console's level: records below it are shown (syslog CONSOLE_LEVEL). */
extern int console_loglevel;
/* quiet, debug, loglevel=N, ignore_loglevel, as Linux reads them. */
void printk_parse_cmdline(const char *cmdline);
/* Show every record from now on (a kernel fault report, Linux's console_verbose). */
void printk_console_verbose(void);
void printk_console_off(void);
void printk_console_on(void);
void printk_console_level(int level);
/* /proc/sys/kernel/printk's four numbers, and setting the first n of them. */
void printk_levels(int levels[4]);
void printk_set_levels(const int *levels, int n);

/* Stores a record (text may hold newlines; a trailing one is dropped) and
 * shows it on the console when its level is below console_loglevel. */
void log_store(int facility, int level, const char *text, size_t len);

struct wait_queue;
extern struct wait_queue log_wait; /* woken after every new record */

#define LOG_LINE_MAX 992 /* Linux 6.1: CONSOLE_LOG_MAX 1024 - PREFIX_MAX 32, the longest /dev/kmsg write */
struct log_record {
	u64 seq;
	u64 ts_ns;
	u8 level;
	u8 facility;
	u16 text_len;
	char text[LOG_LINE_MAX];
};
u64 log_buffer_size(void);
/* The oldest record's number and the next record's (first == next: empty). */
void log_seq_range(u64 *first, u64 *next);
/* Copies record *seq into r: 0; -EPIPE if it was dropped (*seq moves to the
 * oldest, which is copied); -EAGAIN if it does not exist yet. */
int __must_check log_read_record(u64 *seq, struct log_record *r);

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
