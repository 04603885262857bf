/*
 * printk.c — the kernel log: a ring buffer of records (Linux's printk
 * ring, kernel/printk/printk.c), and the console.
 *
 * Every record has a sequence number (0, 1, ...), a time stamp (ns since
 * boot), a level (0 emergency .. 7 debug), a facility (0 kernel, 1 user for
 * /dev/kmsg writers) and its text. printk() takes the level from a leading
 * KERN_* prefix (SOH + digit) as Linux does; without one the record gets
 * Linux's default_message_loglevel, 4 (warning).
 *
 * The ring: records are stored one after another in log_buf, each a header
 * followed by its text, 8-byte aligned. When a record does not fit before
 * the end, a header with size 0 marks the wrap and it goes at offset 0. The
 * oldest records are dropped to make room (Linux's log_make_free_space, in
 * its pre-5.10 shape). Readers (kmsg.c: syslog(2), /dev/kmsg) walk it by
 * sequence number; a reader whose record was dropped goes on at the oldest.
 *
 * The console shows a record when its level is below console_loglevel
 * (7 by default; "quiet" makes it 4, "debug" 10, "loglevel=N" N, in
 * command-line order as Linux's early params; "ignore_loglevel" shows
 * all). Each console line is framed STX "[ sec.usec] text" ETX so the host
 * can separate it from program output on the same serial line
 * (docs/testing.md). The text may hold bytes a program chose (a process
 * name, a path, a /dev/kmsg write): on the console control characters and
 * DEL are written as \xNN, as Linux's /dev/kmsg writes them, so nothing
 * inside a record can end the frame (ETX), open another (STX), start a
 * protocol marker (RS) or a line.
 *
 * Locking: log_lock (a spinlock, taken with interrupts off: printk runs in
 * any context) protects the ring and the sequence numbers; console_loglevel
 * is a plain int written whole. Lock order: log_lock, then console_lock
 * (console.c) when a record is also printed.
 */
#include <printk.h>

#include <arch.h>
#include <cmdline.h>
#include <console.h>
#include <format.h>
#include <smp.h>
#include <spinlock.h>
#include <string.h>
#include <time.h>
#include <uapi/errno.h>
#include <wait.h>

#define RECORD_MAX 512		   /* longest text kept of one printk */
#define LOG_BUF_LEN (128u << 10)   /* Linux: 1 << CONFIG_LOG_BUF_SHIFT (17) */
#define DEFAULT_MESSAGE_LOGLEVEL 4 /* CONFIG_MESSAGE_LOGLEVEL_DEFAULT */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* CONFIG_CONSOLE_LOGLEVEL_DEFAULT */
#define CONSOLE_LOGLEVEL_QUIET 4   /* CONFIG_CONSOLE_LOGLEVEL_QUIET */
#define CONSOLE_LOGLEVEL_DEBUG 10  /* include/linux/printk.h */
#define MINIMUM_CONSOLE_LOGLEVEL 1 /* CONSOLE_LOGLEVEL_MIN */

struct log_header {
	u64 seq;
	u64 ts_ns;
	u32 size; /* header + text, aligned to 8; 0: wrap to offset 0 */
	u16 text_len;
	u8 level;
	u8 facility;
};

static struct spinlock log_lock = SPINLOCK_INIT("log");
static u8 log_buf[LOG_BUF_LEN] __attribute__((aligned(8))); /* [log_lock] */
static u32 first_idx, next_idx;				    /* offsets of the oldest and next record [log_lock] */
static u64 first_seq, next_seq;				    /* [log_lock] */
static u64 cursor_seq;					    /* a recent reader position: record cursor_seq ... */
static u32 cursor_idx;					    /* ... is at this offset, while not dropped [log_lock] */
static bool in_panic;					    /* set once by panic(): no more wake-ups */

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static int default_message_loglevel = DEFAULT_MESSAGE_LOGLEVEL; /* a record without a level [atomic] */
static int minimum_console_loglevel = MINIMUM_CONSOLE_LOGLEVEL; /* CONSOLE_OFF's, CONSOLE_LEVEL's floor [atomic] */
static int default_console_loglevel = CONSOLE_LOGLEVEL_DEFAULT; /* kept for kernel.printk [atomic] */
static int saved_console_loglevel = -1;				/* syslog CONSOLE_OFF/ON */
static bool ignore_loglevel;
struct wait_queue log_wait = WAIT_QUEUE_INIT(log_wait);

static struct log_header *header_at(u32 idx)
{
	return (struct log_header *)(log_buf + idx);
}

/* The offset of the record after the one at idx (following a wrap mark). */
static u32 record_next(u32 idx)
{
	if (!header_at(idx)->size)
		idx = 0;
	return idx + header_at(idx)->size;
}

/* The record at idx, following a wrap mark. */
static struct log_header *record_at(u32 idx)
{
	return header_at(header_at(idx)->size ? idx : 0);
}

/* Is there room for size bytes plus a wrap mark at next_idx? [log_lock] */
static bool has_space(u32 size, bool empty)
{
	u32 free;
	if (next_idx > first_idx || empty)
		free = MAX(LOG_BUF_LEN - next_idx, first_idx);
	else
		free = first_idx - next_idx;
	return free >= size + sizeof(struct log_header);
}

/* Stores a record; returns its sequence number. [log_lock] */
static u64 store(int facility, int level, const char *text, size_t len, u64 ts_ns)
{
	u32 size = (u32)ALIGN_UP(sizeof(struct log_header) + len, 8);
	while (first_seq < next_seq && !has_space(size, false)) {
		first_idx = record_next(first_idx);
		first_seq++;
	}
	if (first_seq == next_seq)
		first_idx = next_idx = 0; /* empty: start over */
	if (next_idx + size + sizeof(struct log_header) > LOG_BUF_LEN) {
		memset(header_at(next_idx), 0, sizeof(struct log_header)); /* wrap mark */
		next_idx = 0;
	}
	struct log_header *h = header_at(next_idx);
	h->seq = next_seq;
	h->ts_ns = ts_ns;
	h->size = size;
	h->text_len = (u16)len;
	h->level = (u8)level;
	h->facility = (u8)facility;
	memcpy(h + 1, text, len);
	next_idx += size;
	return next_seq++;
}

/* Appends text to out (len used of size) with control bytes as \xNN; cuts
 * where the next piece would not fit. Returns the new length. */
static size_t append_escaped(char *out, size_t len, size_t size, const char *text, size_t text_len)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < text_len; i++) {
		u8 c = (u8)text[i];
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

/* Writes one framed line to the console. */
static void console_emit(const char *text, size_t len, u64 ns)
{
	char line[LOG_LINE_MAX + 64];
	int n = snprintf(line, sizeof(line), "\x02[%5lu.%06lu] ", (unsigned long)(ns / 1000000000),
			 (unsigned long)(ns / 1000 % 1000000));
	size_t out = append_escaped(line, (size_t)n, sizeof(line) - 3, text, len);
	line[out++] = '\r';
	line[out++] = '\n';
	line[out++] = '\x03';
	console_lock_write_raw(line, out);
}

void log_store(int facility, int level, const char *text, size_t len)
{
	u64 ns = time_since_boot_ns();
	while (len && text[len - 1] == '\n')
		len--; /* the newline ends the record (LOG_NEWLINE) */
	len = MIN(len, (size_t)LOG_LINE_MAX);
	unsigned long irq = spin_lock_irqsave(&log_lock);
	store(facility, level, text, len, ns);
	bool show = ignore_loglevel || level < __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&log_lock, irq);
	if (show) {
		/* each line of the text is a console line of its own */
		size_t start = 0;
		for (size_t i = 0; i <= len; i++) {
			if (i == len || text[i] == '\n') {
				console_emit(text + start, i - start, ns);
				start = i + 1;
			}
		}
	}
	if (!__atomic_load_n(&in_panic, __ATOMIC_RELAXED))
		wake_up_all(&log_wait);
}

void vprintk(const char *fmt, va_list ap)
{
	char text[RECORD_MAX + 1];
	int level = __atomic_load_n(&default_message_loglevel, __ATOMIC_RELAXED);
	if (fmt[0] == KERN_SOH_ASCII && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	log_store(0, level, text, MIN((size_t)MAX(n, 0), sizeof(text) - 1));
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic_enter(void)
{
	arch_irq_disable();
	/* One CPU reports; another that panics meanwhile stops silently. */
	if (__atomic_exchange_n(&in_panic, true, __ATOMIC_ACQ_REL))
		arch_halt();
	smp_stop_others();
	ignore_loglevel = true; /* Linux's console_verbose() */
}

void panic(const char *fmt, ...)
{
	va_list ap;
	panic_enter();
	va_start(ap, fmt);
	printk(KERN_EMERG "KERNEL PANIC");
	vprintk(fmt, ap);
	va_end(ap);
	arch_backtrace((u64)__builtin_frame_address(0), (u64)&panic);
	arch_halt();
}

void printk_console_verbose(void)
{
	ignore_loglevel = true;
}

/* The number after "word=" in the command line word w, if w is that word. */
static bool word_value(const char *w, size_t wlen, const char *name, int *value)
{
	size_t n = strlen(name);
	if (wlen <= n + 1 || memcmp(w, name, n) || w[n] != '=')
		return false;
	int v = 0, sign = 1;
	size_t i = n + 1;
	if (w[i] == '-') {
		sign = -1;
		i++;
	}
	if (i == wlen)
		return false;
	for (; i < wlen; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false; /* get_option: no number, no change */
		v = v * 10 + (w[i] - '0');
	}
	*value = sign * v;
	return true;
}

void printk_parse_cmdline(const char *cmdline)
{
	if (!cmdline)
		return;
	/* init/main.c: quiet, debug and loglevel= are early params, applied
	 * in command-line order; ignore_loglevel (printk.c) shows everything */
	const char *p = cmdline;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t len = (size_t)(p - w);
		int v;
		if (len == 5 && !memcmp(w, "quiet", 5))
			console_loglevel = CONSOLE_LOGLEVEL_QUIET;
		else if (len == 5 && !memcmp(w, "debug", 5))
			console_loglevel = CONSOLE_LOGLEVEL_DEBUG;
		else if (len == 15 && !memcmp(w, "ignore_loglevel", 15))
			ignore_loglevel = true;
		else if (word_value(w, len, "loglevel", &v))
			console_loglevel = v;
	}
}

/* syslog CONSOLE_OFF / CONSOLE_ON / CONSOLE_LEVEL (do_syslog). */
void printk_console_off(void)
{
	if (saved_console_loglevel == -1)
		saved_console_loglevel = console_loglevel;
	console_loglevel = __atomic_load_n(&minimum_console_loglevel, __ATOMIC_RELAXED);
}

void printk_console_on(void)
{
	if (saved_console_loglevel != -1) {
		console_loglevel = saved_console_loglevel;
		saved_console_loglevel = -1;
	}
}

/* kernel.printk: console_loglevel, default_message_loglevel,
 * minimum_console_loglevel, default_console_loglevel (Linux's console_printk). */
void printk_levels(int levels[4])
{
	levels[0] = __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
	levels[1] = __atomic_load_n(&default_message_loglevel, __ATOMIC_RELAXED);
	levels[2] = __atomic_load_n(&minimum_console_loglevel, __ATOMIC_RELAXED);
	levels[3] = __atomic_load_n(&default_console_loglevel, __ATOMIC_RELAXED);
}

void printk_set_levels(const int *levels, int n)
{
	int *const fields[4] = {&console_loglevel, &default_message_loglevel, &minimum_console_loglevel,
				&default_console_loglevel};
	for (int i = 0; i < n && i < 4; i++)
		__atomic_store_n(fields[i], levels[i], __ATOMIC_RELAXED);
}

void printk_console_level(int level)
{
	console_loglevel = MAX(level, __atomic_load_n(&minimum_console_loglevel, __ATOMIC_RELAXED));
	saved_console_loglevel = -1; /* an explicit level ends CONSOLE_OFF */
}

u64 log_buffer_size(void)
{
	return LOG_BUF_LEN;
}

void log_seq_range(u64 *first, u64 *next)
{
	unsigned long irq = spin_lock_irqsave(&log_lock);
	*first = first_seq;
	*next = next_seq;
	spin_unlock_irqrestore(&log_lock, irq);
}

int log_read_record(u64 *seq, struct log_record *r)
{
	unsigned long irq = spin_lock_irqsave(&log_lock);
	int ret = 0;
	if (*seq < first_seq) {
		*seq = first_seq;
		ret = -EPIPE; /* dropped: the caller goes on at the oldest */
	}
	if (*seq >= next_seq) {
		spin_unlock_irqrestore(&log_lock, irq);
		return -EAGAIN;
	}
	/* walk from the cursor when it is still valid and not past *seq */
	u64 s = first_seq;
	u32 idx = first_idx;
	if (cursor_seq > first_seq && cursor_seq <= *seq) {
		s = cursor_seq;
		idx = cursor_idx;
	}
	for (; s < *seq; s++)
		idx = record_next(idx);
	const struct log_header *h = record_at(idx);
	cursor_seq = *seq + 1;
	cursor_idx = record_next(idx);
	r->seq = h->seq;
	r->ts_ns = h->ts_ns;
	r->level = h->level;
	r->facility = h->facility;
	r->text_len = h->text_len;
	memcpy(r->text, h + 1, h->text_len);
	spin_unlock_irqrestore(&log_lock, irq);
	return ret;
}
