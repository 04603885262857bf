/*
 * strace_out.c — the line a trace record is built in, and strings in
 * strace's notation.
 *
 * A line has a fixed buffer; what does not fit is dropped and the line is
 * marked cut (the sender ends it with "..."). Strings are quoted as strace's
 * string_quote() shows them without -x: printable ASCII as is, \" and \\,
 * \t \n \v \f \r, any other byte in octal — three digits when an octal
 * digit follows, so "\0" "1" reads back as "\0001", not "\01".
 */
#include <strace_decode.h>

#include <format.h>
#include <string.h>
#include <uapi/errno.h>

#define PAGE_BYTES 4096UL

void strace_out_init(struct strace_out *o, char *buf, size_t cap)
{
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
	o->cut = false;
	if (cap)
		buf[0] = '\0';
}

static void put_bytes(struct strace_out *o, const char *s, size_t n)
{
	size_t room = o->cap ? o->cap - 1 - o->len : 0;
	if (n > room) {
		n = room;
		o->cut = true;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	if (o->cap)
		o->buf[o->len] = '\0';
}

void strace_puts(struct strace_out *o, const char *s)
{
	put_bytes(o, s, strlen(s));
}

void strace_putc(struct strace_out *o, char c)
{
	put_bytes(o, &c, 1);
}

void strace_printf(struct strace_out *o, const char *fmt, ...)
{
	char tmp[96];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	put_bytes(o, tmp, MIN((size_t)n, sizeof(tmp) - 1));
}

void strace_align(struct strace_out *o, size_t start)
{
	char *mark = memchr(o->buf + start, STRACE_RESULT_MARK, o->len - start);
	if (!mark)
		return;
	size_t column = (size_t)(mark - (o->buf + start));
	size_t gap = column < STRACE_RESULT_COLUMN ? STRACE_RESULT_COLUMN - column : 1;
	size_t at = (size_t)(mark - o->buf), tail = o->len - at - 1;
	size_t room = o->cap - 1 - o->len; /* for gap - 1 more bytes */
	if (gap - 1 > room) {
		gap = 1 + room;
		o->cut = true;
	}
	memmove(o->buf + at + gap, o->buf + at + 1, tail);
	memset(o->buf + at, ' ', gap);
	o->len += gap - 1;
	o->buf[o->len] = '\0';
}

void strace_ptr(struct strace_out *o, u64 p)
{
	if (p)
		strace_printf(o, "%#lx", (unsigned long)p);
	else
		strace_puts(o, "NULL");
}

void strace_hex(struct strace_out *o, u64 v)
{
	strace_printf(o, "%#lx", (unsigned long)v);
}

static void quote_byte(struct strace_out *o, u8 c, int next)
{
	static const char letters[] = {['\t'] = 't', ['\n'] = 'n', ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r'};
	if (c == '"' || c == '\\') {
		char esc[2] = {'\\', (char)c};
		put_bytes(o, esc, 2);
	} else if (c >= ' ' && c < 0x7f) {
		strace_putc(o, (char)c);
	} else if (c < sizeof(letters) && letters[c]) {
		char esc[2] = {'\\', letters[c]};
		put_bytes(o, esc, 2);
	} else if (next >= '0' && next <= '7') {
		strace_printf(o, "\\%03o", c);
	} else {
		strace_printf(o, "\\%o", c);
	}
}

void strace_quote(struct strace_out *o, const u8 *s, size_t n, bool more)
{
	strace_putc(o, '"');
	for (size_t i = 0; i < n; i++)
		quote_byte(o, s[i], i + 1 < n ? s[i + 1] : -1);
	strace_putc(o, '"');
	if (more)
		strace_puts(o, "...");
}

void strace_quote_hex(struct strace_out *o, const u8 *s, size_t n, bool more)
{
	strace_putc(o, '"');
	for (size_t i = 0; i < n; i++)
		strace_printf(o, "\\x%02x", s[i]);
	strace_putc(o, '"');
	if (more)
		strace_puts(o, "...");
}

/* Reads a string a page at a time, so a string that ends just before an
 * unmapped page is still read. */
long strace_read_str(char *dst, u64 addr, size_t max, bool *more)
{
	size_t len = 0;
	*more = false;
	while (len < max) {
		u64 at = addr + len;
		if (at < addr)
			return -EFAULT; /* wrapped */
		size_t chunk = MIN(max - len, PAGE_BYTES - (at % PAGE_BYTES));
		if (strace_read_user(dst + len, at, chunk))
			return -EFAULT;
		const char *nul = memchr(dst + len, '\0', chunk);
		if (nul)
			return (long)(nul - dst);
		len += chunk;
	}
	dst[len] = '\0';
	*more = true;
	return (long)len;
}

void strace_user_str(struct strace_out *o, u64 addr, size_t max)
{
	char buf[STRACE_PATH_MAX + 2];
	bool more;
	if (!addr) {
		strace_puts(o, "NULL");
		return;
	}
	max = MIN(max, (size_t)STRACE_PATH_MAX);
	long n = strace_read_str(buf, addr, max + 1, &more);
	if (n < 0) {
		strace_ptr(o, addr);
		return;
	}
	more = (size_t)n > max;
	strace_quote(o, (const u8 *)buf, MIN((size_t)n, max), more);
}

void strace_user_buf(struct strace_out *o, u64 addr, size_t n)
{
	u8 buf[STRACE_STR_MAX];
	size_t shown = MIN(n, sizeof(buf));
	if (!addr || strace_read_user(buf, addr, shown)) {
		strace_ptr(o, addr);
		return;
	}
	strace_quote(o, buf, shown, n > shown);
}
